//! `cloudwright import`, and `check`/`cost` given a template directly, on every sample
//! template (the engine's fixtures): each imports, is checked and priced.

use std::process::Command;

fn samples() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cloudwright-engine/tests/fixtures/iac/cfn-samples/cloudformation");
    let mut v: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| !p.to_string_lossy().ends_with(".md")).collect();
    v.sort();
    v
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_cloudwright")).args(args).output().unwrap();
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into(), String::from_utf8_lossy(&o.stderr).into())
}

#[test]
fn import_writes_a_valid_design_and_the_report() {
    let tmp = std::env::temp_dir().join(format!("cw-import-{}.json", std::process::id()));
    let s = samples();
    assert_eq!(s.len(), 17);
    for p in &s {
        let p = p.to_string_lossy();
        let (code, out, err) = run(&["import", &p, "-o", &tmp.to_string_lossy()]);
        assert_eq!(code, 0, "{p}: {err}");
        assert!(out.contains(" drawn, "), "{p}: report on stdout when -o is given: {out}");
        let (code, _, err) = run(&["validate-file", &tmp.to_string_lossy()]);
        assert_eq!(code, 0, "{p}: the imported design validates: {err}");
    }
    let _ = std::fs::remove_file(&tmp);
    // Without -o: the design on stdout, the report on stderr.
    let p = s[0].to_string_lossy();
    let (code, out, err) = run(&["import", &p]);
    assert_eq!(code, 0);
    assert!(out.starts_with("{") && out.contains("\"schema_version\""));
    assert!(err.contains("resources:"));
    // --json: the report as JSON.
    let (_, out, _) = run(&["import", &p, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["entries"].as_array().is_some_and(|e| !e.is_empty()));
}

#[test]
fn check_and_cost_accept_a_template() {
    for p in samples() {
        let p = p.to_string_lossy();
        let (code, out, err) = run(&["check", &p]);
        assert!(code == 0 || code == 1, "{p}: check exit {code}: {err}");
        assert!(out.contains("rules"), "{p}: {out}");
        assert!(err.contains("imported as infrastructure code"), "{p}: {err}");
        let (code, out, err) = run(&["cost", &p, "--json"]);
        assert_eq!(code, 0, "{p}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["report"]["monthly"].as_f64().is_some_and(|m| m.is_finite() && m >= 0.0), "{p}");
    }
}

#[test]
fn import_refuses_what_it_cannot_read() {
    let tmp = std::env::temp_dir().join(format!("cw-bad-{}.yaml", std::process::id()));
    std::fs::write(&tmp, "Resources: [1, 2").unwrap();
    let (code, _, err) = run(&["import", &tmp.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("not valid YAML"), "{err}");
    let _ = std::fs::remove_file(&tmp);
    let (code, _, err) = run(&["import"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage"), "{err}");
    let (code, _, _) = run(&["import", "/nonexistent/x.yaml"]);
    assert_eq!(code, 2);
}
