//! `cloudwright diagram`: the SVG is the engine's drawing (routed connectors, one path per
//! connection), and `--check` passes on a template and fails (exit 1) on a cramped design.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cloudwright"))
}

fn template(name: &str) -> String {
    format!("{}/../../templates/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn draws_a_template_and_checks_it() {
    let out = bin().args(["diagram", &template("static-site.json")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let check = bin().args(["diagram", &template("static-site.json"), "--check", "--json"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["problems"], serde_json::json!([]));
}

#[test]
fn check_fails_on_overlapping_labels() {
    let dir = std::env::temp_dir().join(format!("cw-diagram-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("cramped.json");
    // Two functions with long labels 100 px apart: their labels overlap.
    let mut d = cloudwright_engine::Design::new("cramped", "us-east-1");
    for (id, x) in [("a", 0.0), ("b", 100.0)] {
        let node = cloudwright_engine::Node { id: id.into(), kind: "lambda".into(), label: "Orders-processing-function".into(), parent: None, span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
        cloudwright_engine::Edit::AddNode { node, rect: Some(cloudwright_engine::Rect::new(x, 0.0, 112.0, 72.0)) }.apply(&mut d).unwrap();
    }
    std::fs::write(&f, cloudwright_engine::file::save(&d)).unwrap();
    let out = bin().args(["diagram", f.to_str().unwrap(), "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("the labels of a and b overlap"));
    let _ = std::fs::remove_dir_all(&dir);
}
