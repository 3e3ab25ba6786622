//! The CLI in a pipeline: `diff` (formats, gates, exit codes), `check --format sarif|junit`,
//! `cost --format csv`. The content of each format is the engine's (tested in
//! engine/tests/diff_cases.rs and ci_formats.rs); here: the commands print it and exit right.

use cloudwright_engine::{ci, cost, diff, rules, Design, Edit, Node, NodeId};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cloudwright"))
}

fn template(name: &str) -> String {
    format!("{}/../../templates/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &str) -> Design {
    cloudwright_engine::file::load(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A file of its own for each call: the tests run in parallel threads of one process, and two
/// of them writing one `after.json` while a third's CLI read it gave "the file ends too early"
/// (a flaky `cost_gates_exit_1_when_exceeded`, 2026-12-06).
fn tmp(name: &str, d: &Design) -> PathBuf {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("cw-ci-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // One directory per run, a name per call in it (review s34 R11: not a directory per call).
    let p = dir.join(format!("{call}-{name}"));
    std::fs::write(&p, cloudwright_engine::file::save(d)).unwrap();
    p
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let o = bin().args(args).output().unwrap();
    (o.status.code().unwrap(), String::from_utf8(o.stdout).unwrap(), String::from_utf8(o.stderr).unwrap())
}

/// three-tier plus an Elastic IP (+$3.65/month: 730 h × $0.005) labelled with markup, and
/// SSH opened to the world on the database (a new error finding).
fn changed() -> (String, String) {
    let before = load(&template("three-tier.json"));
    let mut after = before.clone();
    let eip = Node { id: NodeId::new("eip"), kind: "elastic-ip".into(), label: "<b>|pwn|</b>".into(), parent: Some(NodeId::new("vpc")), span: Vec::new(), props: BTreeMap::new(), ingress: vec![], suppressions: vec![] };
    Edit::AddNode { node: eip, rect: None }.apply(&mut after).unwrap();
    let a = tmp("after.json", &after);
    (template("three-tier.json"), a.to_str().unwrap().to_string())
}

fn with_ssh(path: &str) -> String {
    let mut d = load(path);
    Edit::SetIngress { id: NodeId::new("db"), before: vec![], after: vec![cloudwright_engine::model::Ingress { port: 22, cidr: "0.0.0.0/0".into() }] }.apply(&mut d).unwrap();
    tmp("ssh.json", &d).to_str().unwrap().to_string()
}

#[test]
fn diff_prints_each_format_and_exits_0_without_gates() {
    let (b, a) = changed();
    let (code, text, err) = cli(&["diff", &b, &a]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("+ added elastic-ip") && text.contains("+$3.65/month"), "{text}");
    let (code, md, _) = cli(&["diff", &b, &a, "--format", "md"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("## Design review: ") && md.contains("| **Monthly total** |"), "{md}");
    assert!(md.contains(r"\<b\>\|pwn\|\</b\>") && !md.contains("<b>"), "the label is escaped: {md}");
    let (code, json, _) = cli(&["diff", &b, &a, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let expected = diff::diff(&load(&b), &load(&a));
    assert_eq!(v, serde_json::to_value(&expected).unwrap(), "--format json is the engine's diff");
    let (_, json2, _) = cli(&["diff", &b, &a, "--json"]);
    assert_eq!(json, json2, "--json = --format json");
    // Against itself: nothing, exit 0 whatever the gates.
    let (code, text, _) = cli(&["diff", &b, &b, "--fail-on-new-errors", "--max-cost-increase", "0", "--max-cost-increase-pct", "0"]);
    assert_eq!(code, 0);
    assert!(text.contains("no differences"), "{text}");
}

#[test]
fn cost_gates_exit_1_when_exceeded() {
    let (b, a) = changed();
    // The change adds $3.65 a month.
    let monthly = cost::cost_at(&load(&b), 1.0).monthly;
    assert_eq!(cli(&["diff", &b, &a, "--max-cost-increase", "3.66"]).0, 0);
    let (code, _, err) = cli(&["diff", &b, &a, "--max-cost-increase", "3.64"]);
    assert_eq!(code, 1);
    assert!(err.contains("monthly cost rises +$3.65/month") && err.contains("--max-cost-increase"), "{err}");
    // As a percentage of the bill before: 3.65 / monthly × 100.
    let pct = 3.65 / monthly * 100.0;
    assert_eq!(cli(&["diff", &b, &a, "--max-cost-increase-pct", &format!("{}", pct * 1.01)]).0, 0);
    let (code, _, err) = cli(&["diff", &b, &a, "--max-cost-increase-pct", &format!("{}", pct * 0.99)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--max-cost-increase-pct"), "{err}");
    // Going back is a decrease: no gate trips.
    assert_eq!(cli(&["diff", &a, &b, "--max-cost-increase", "0", "--max-cost-increase-pct", "0"]).0, 0);
}

#[test]
fn new_errors_fail_only_when_asked() {
    let b = template("three-tier.json");
    let a = with_ssh(&b);
    let x = diff::diff(&load(&b), &load(&a));
    assert!(x.findings.new_errors() >= 1);
    assert_eq!(cli(&["diff", &b, &a]).0, 0);
    let (code, out, err) = cli(&["diff", &b, &a, "--fail-on-new-errors"]);
    assert_eq!(code, 1);
    assert!(err.contains("new error finding") && out.contains("+ new error"), "{err}\n{out}");
    // The reverse clears them: passes.
    assert_eq!(cli(&["diff", &a, &b, "--fail-on-new-errors"]).0, 0);
}

#[test]
fn bad_input_exits_2() {
    let b = template("three-tier.json");
    let (code, out, err) = cli(&["diff", &b, "/nonexistent/after.json"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(cli(&["diff", &b]).0, 2, "two operands");
    let (code, _, err) = cli(&["diff", &b, &b, "--format", "html"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown format \"html\""), "{err}");
    assert_eq!(cli(&["diff", &b, &b, "--max-cost-increase", "lots"]).0, 2);
    assert_eq!(cli(&["diff", &b, &b, "--max-cost-increase-pct", "-5"]).0, 2);
    assert_eq!(cli(&["check", &b, "--format", "pdf"]).0, 2);
    assert_eq!(cli(&["cost", &b, "--format", "xlsx"]).0, 2);
}

#[test]
fn check_as_sarif_and_junit_keeps_the_exit_code() {
    let b = template("three-tier.json");
    let a = with_ssh(&b);
    let findings = rules::check(&load(&a));
    let (code, sarif, _) = cli(&["check", &a, "--format", "sarif"]);
    assert_eq!(code, 1, "an open error: exit 1 in every format");
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], a.as_str());
    // The same document as the engine's for that file.
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(v, ci::sarif(&findings, &a, &text, env!("CARGO_PKG_VERSION")));
    let (code, xml, _) = cli(&["check", &a, "--format", "junit"]);
    assert_eq!(code, 1);
    assert_eq!(xml, ci::junit(&load(&a), &findings));
    let (code, json, _) = cli(&["check", &b, "--format", "json"]);
    assert_eq!((code, json), { let (c, j, _) = cli(&["check", &b, "--json"]); (c, j) }, "--format json = --json");
}

#[test]
fn cost_as_csv_is_the_bill_with_crlf() {
    let b = template("serverless-api.json");
    let o = bin().args(["cost", &b, "--format", "csv"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let bill = cost::cost_at(&load(&b), 1.0);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), ci::bill_csv(&bill), "CRLF kept, the engine's CSV byte for byte");
    let o = bin().args(["cost", &b, "--format", "csv", "--multiplier", "10"]).output().unwrap();
    assert_eq!(String::from_utf8(o.stdout).unwrap(), ci::bill_csv(&cost::cost_at(&load(&b), 10.0)));
}

/// Components spanning AZs (issue 14): taking the three-tier service out of AZ c shows as a
/// change of its subnets in `diff`, and a span into a second subnet of one AZ is refused by
/// `validate-file` at its JSON path.
#[test]
fn diff_and_validate_know_the_subnets_a_component_spans() {
    let before = load(&template("three-tier.json"));
    let mut after = before.clone();
    let app = NodeId::new("app");
    Edit::SetSpan { id: app.clone(), before: after.nodes[&app].span.clone(), after: vec![NodeId::new("private-b")] }.apply(&mut after).unwrap();
    let a = tmp("span-after.json", &after);
    let (code, text, err) = cli(&["diff", &template("three-tier.json"), a.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("span: [\"private-b\",\"private-c\"] → [\"private-b\"]"), "{text}");
    let mut bad: serde_json::Value = serde_json::from_str(&cloudwright_engine::file::save(&before)).unwrap();
    bad["nodes"]["app"]["span"] = serde_json::json!(["private-b", "isolated-b"]);
    let p = std::env::temp_dir().join(format!("cw-ci-cli-span-{}.json", std::process::id()));
    std::fs::write(&p, bad.to_string()).unwrap();
    let (code, out, err) = cli(&["validate-file", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(format!("{out}{err}").contains("$.nodes[\"app\"].span: ECS service already has a subnet in AZ us-east-1b: one subnet per AZ"), "{out}{err}");
}
