//! `cloudwright export cloudformation|terraform FILE [-o OUT]`: the design as infrastructure
//! code, a starting point (see the engine's `iac::export`): CloudFormation YAML or Terraform
//! HCL, to standard output or to OUT. Exit code: 0 ok, 2 unusable input or bad format.

use crate::args::{Args, Opt};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::iac::export;

pub const COMMAND: Command = Command {
    name: "export",
    synopsis: "cloudformation|terraform FILE [-o OUT]",
    summary: "the design as CloudFormation (YAML) or Terraform (HCL)",
    options: &[Opt::value("-o", "OUT", "write to OUT instead of standard output")],
    operands: (2, 2),
    example: &["cloudformation", "FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let format = args.operand(0).unwrap_or("");
    let make: fn(&cloudwright_engine::Design) -> String = match format {
        "cloudformation" | "cfn" => export::cloudformation,
        "terraform" | "tf" => export::terraform,
        other => {
            out.error(&format!("cloudwright export: unknown format \"{other}\": cloudformation or terraform\n\n{}", crate::command_usage(&COMMAND)));
            return Err(Status::BadInput);
        }
    };
    let design = input::design(args.operand(1).unwrap_or(input::STDIN), out)?.design;
    let text = make(&design);
    out.text_or_file(args.value("-o"), &text)?;
    Ok(Status::Ok)
}
