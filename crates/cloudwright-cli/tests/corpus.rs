//! The CLI accepts exactly the files the engine's `file::open` accepts — and so exactly the
//! files the app's import accepts (its wasm test runs the same corpus): every case of
//! `cloudwright-engine/tests/fixtures/corpus/every-field.json` (random values in every
//! field of a design; see the engine's `tests/fields.rs`) through `validate-file -` and
//! `check -`, which must give the corpus's verdict.

use serde_json::Value as Json;
use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> String {
    std::env::var("CLOUDWRIGHT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_cloudwright").to_string())
}

fn apply(base: &Json, set: &Json) -> Json {
    let mut doc = base.clone();
    for pair in set.as_array().unwrap() {
        let path: Vec<&str> = pair[0].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
        let mut cur = &mut doc;
        for k in &path[..path.len() - 1] {
            cur = cur.as_object_mut().unwrap().entry(k.to_string()).or_insert_with(|| Json::Object(Default::default()));
        }
        cur[*path.last().unwrap()] = pair[1].clone();
    }
    doc
}

fn exit_code(args: &[&str], input: &[u8]) -> i32 {
    let mut child = Command::new(bin()).args(args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait().unwrap().code().unwrap_or(-1)
}

#[test]
fn the_cli_reaches_the_corpus_verdict_on_every_case() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../cloudwright-engine/tests/fixtures/corpus/every-field.json");
    let corpus: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut wrong = Vec::new();
    for (i, case) in corpus["cases"].as_array().unwrap().iter().enumerate() {
        let bytes = serde_json::to_vec_pretty(&apply(&corpus["base"], &case["set"])).unwrap();
        let accept = case["accept"] == true;
        let v = exit_code(&["validate-file", "-"], &bytes);
        if (v == 0) != accept || (!accept && v != 2) {
            wrong.push(format!("case {i}: validate-file exit {v}, corpus says {}: {}", if accept { "valid" } else { "refused" }, case["set"]));
        }
        // An analysis too, on a share of the cases (a process each; keep the suite fast).
        if i % 4 == 0 {
            let c = exit_code(&["check", "-"], &bytes);
            if (c != 2) != accept {
                wrong.push(format!("case {i}: check exit {c}, corpus says {}: {}", if accept { "valid" } else { "refused" }, case["set"]));
            }
        }
    }
    assert!(wrong.is_empty(), "{} disagreements with the corpus:\n{}", wrong.len(), wrong.join("\n"));
}
