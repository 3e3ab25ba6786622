//! `cloudwright validate-file FILE [--json]`: checks a design file the way the app opens
//! it. Exit 0 when it loads, 1 when it has problems (each printed as `path: message`),
//! 2 when the file cannot be read or the arguments are wrong.

use crate::io;
use cloudwright_engine::file;
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let (pos, json) = io::parse(args);
    let [path] = pos[..] else {
        eprintln!("usage: cloudwright validate-file FILE [--json]");
        return ExitCode::from(2);
    };
    let text = match io::read(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match file::load_versioned(&text) {
        Ok(loaded) => {
            let d = &loaded.design;
            if json {
                let out = serde_json::json!({
                    "ok": true,
                    "name": d.name,
                    "nodes": d.nodes.len(),
                    "connections": d.connections.len(),
                    "schema_version": loaded.version,
                });
                println!("{out}");
            } else {
                println!("ok: {}, {} nodes, {} connections (schema v{})", d.name, d.nodes.len(), d.connections.len(), loaded.version);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if json {
                let out = serde_json::json!({ "ok": false, "problems": e.problems, "omitted": e.omitted });
                println!("{out}");
            } else {
                println!("{e}");
                eprintln!("{path}: {} problem{} found", e.count(), if e.count() == 1 { "" } else { "s" });
            }
            ExitCode::from(1)
        }
    }
}
