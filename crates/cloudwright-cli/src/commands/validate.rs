//! `cloudwright validate-file FILE [--json]`: checks a design file the way the app opens
//! it (the engine's `file::open`, through the CLI's one loader). Exit 0 when it loads; 2
//! when it cannot be read or is refused, each problem printed as `path: message` — the same
//! report, on stderr, that every other command prints for that file.

use crate::args::{Args, JSON};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::file;

pub const COMMAND: Command = Command {
    name: "validate-file",
    synopsis: "FILE [--json]",
    summary: "check a design file as the app opens it; exit 2 when refused",
    options: &[JSON],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let json = args.flag("--json");
    let path = args.operand(0).unwrap_or(input::STDIN);
    let bytes = input::read(path, out)?;
    match file::open(&bytes) {
        Ok(loaded) => {
            let d = &loaded.design;
            if json {
                out.json_line(&serde_json::json!({
                    "ok": true,
                    "name": d.name,
                    "nodes": d.nodes.len(),
                    "connections": d.connections.len(),
                    "schema_version": loaded.version,
                }));
            } else {
                out.text(&format!("ok: {}, {} nodes, {} connections (schema v{})\n", d.name, d.nodes.len(), d.connections.len(), loaded.version));
            }
            Ok(Status::Ok)
        }
        Err(e) => {
            if json {
                out.json_line(&serde_json::json!({ "ok": false, "problems": e.problems, "omitted": e.omitted }));
            }
            out.error(&input::refusal(path, &e));
            Err(Status::BadInput)
        }
    }
}
