//! `cloudwright sample [N]`: prints a generated design of about N nodes (default 300) in the
//! file format, for benchmarks and scale tests (`cloudwright sample 1000 > big.json`).

use crate::args::Args;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::{file, sample};

pub const COMMAND: Command = Command {
    name: "sample",
    synopsis: "[N]",
    summary: "a generated design of about N nodes (benchmarks)",
    options: &[],
    operands: (0, 1),
    example: &[],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let n = match args.operand(0).map(|s| s.parse::<usize>()) {
        None => 300,
        Some(Ok(n)) if (1..=20_000).contains(&n) => n,
        Some(_) => {
            out.error("cloudwright sample: N must be a whole number from 1 to 20000");
            return Err(Status::BadInput);
        }
    };
    out.json_text(&file::save(&sample::synthetic(n)));
    Ok(Status::Ok)
}
