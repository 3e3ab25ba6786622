//! `cloudwright import FILE... [-o design.json] [--region R] [--name N] [--params "K=V;K=V"]
//! [--stacks "FILE=NAME;..."] [--json]`: reads CloudFormation/SAM templates (YAML or JSON),
//! Terraform `.tf` files or `terraform show -json` output as one design.
//!
//! The design (the versioned file format) goes to `-o FILE`, else to standard output; the
//! import report (per resource: drawn as what, merged, not drawn and why, unresolved values)
//! goes to standard error, or to standard output when the design goes to a file (`--json`:
//! the report as JSON). Exit code: 0 imported, 2 a file cannot be read or is not IaC.

use crate::args::{Args, Opt, JSON};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::iac::{self, Options, SourceFile};

pub const COMMAND: Command = Command {
    name: "import",
    synopsis: "FILE... [-o design.json] [--region R] [--json]",
    summary: "CloudFormation/SAM or Terraform (.tf, show -json) to a design, with the import report",
    options: &[
        JSON,
        Opt::value("-o", "FILE", "write the design to FILE (the report goes to standard output)"),
        Opt::value("--region", "R", "the design's region: AWS::Region, Fn::GetAZs (default us-east-1)"),
        Opt::value("--name", "N", "the design's name (default: from the first file)"),
        Opt::value("--params", "K=V;...", "parameter or variable values, e.g. \"Env=prod;VpcCidr=10.1.0.0/16\""),
        Opt::value("--stacks", "FILE=NAME;...", "stack name of each template (AWS::StackName; default: the file's stem)"),
    ],
    operands: (1, 64),
    // Reads infrastructure code, not a design file.
    example: &[],
    run,
};

fn pairs(args: &Args, name: &str, out: &mut Out) -> Result<std::collections::BTreeMap<String, String>, Status> {
    let mut m = std::collections::BTreeMap::new();
    for part in args.value(name).unwrap_or("").split(';').filter(|p| !p.trim().is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            out.error(&format!("cloudwright import: {name} takes NAME=VALUE pairs separated by ';'; got \"{part}\"\n\n{}", crate::command_usage(&COMMAND)));
            return Err(Status::BadInput);
        };
        m.insert(k.trim().to_string(), v.to_string());
    }
    Ok(m)
}

fn run(args: &Args, out: &mut Out) -> Outcome {
    let mut opts = Options { params: pairs(args, "--params", out)?, stack_names: pairs(args, "--stacks", out)?, ..Options::default() };
    if let Some(r) = args.value("--region") {
        opts.region = r.to_string();
    }
    opts.name = args.value("--name").map(str::to_string);
    let mut files = Vec::new();
    for p in args.operands() {
        let bytes = input::read(p, out)?;
        let Ok(text) = String::from_utf8(bytes) else {
            out.error(&format!("cannot import {}: not UTF-8 text", input::display(p)));
            return Err(Status::BadInput);
        };
        files.push(SourceFile::new(p.clone(), text));
    }
    let imported = match iac::import(&files, &opts) {
        Ok(i) => i,
        Err(errors) => {
            for e in errors {
                out.error(&format!("cannot import {e}"));
            }
            return Err(Status::BadInput);
        }
    };
    let design = cloudwright_engine::file::save(&imported.design);
    let json = args.flag("--json");
    match args.value("-o") {
        Some(path) => {
            out.file(path, &design)?;
            if json { out.json(&imported.report) } else { out.text(&imported.report.render()) }
        }
        None if json => out.json(&imported.report),
        None => {
            out.json_text(&design);
            out.error(imported.report.render().trim_end());
        }
    }
    Ok(Status::Ok)
}
