//! `cloudwright sample [N]`: prints a generated design of about N nodes (default 300) in the
//! file format, for benchmarks and scale tests (`cloudwright sample 1000 > big.json`).

use cloudwright_engine::{file, sample};
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let (pos, _) = crate::io::parse(args);
    let n = match pos.first().map(|s| s.parse::<usize>()) {
        None => 300,
        Some(Ok(n)) if (1..=20_000).contains(&n) => n,
        Some(_) => {
            eprintln!("sample: N must be a whole number from 1 to 20000");
            return ExitCode::from(2);
        }
    };
    print!("{}", file::save(&sample::synthetic(n)));
    ExitCode::SUCCESS
}
