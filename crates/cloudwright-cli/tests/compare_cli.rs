//! `cloudwright compare` inside a design (issue 11, kind 6): through the binary, the option a
//! node is drawn as costs what `cloudwright cost` bills for the nodes it names, for every
//! container service and API of every template, and the other options are billed with the
//! design's own properties (the example: a cluster in extended support).

use cloudwright_engine::file;
use cloudwright_engine::model::{NodeId, Value};
use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary; panics unless it exits 0. Returns stdout.
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudwright")).args(args).output().unwrap();
    assert!(out.status.success(), "cloudwright {args:?}: {}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Json {
    serde_json::from_str(&run(args)).unwrap_or_else(|e| panic!("cloudwright {args:?}: not JSON: {e}"))
}

/// The option report `compare --json` marks as drawn, and the nodes its figure comes from.
fn as_drawn(c: &Json) -> (&Json, Vec<String>) {
    let scope = &c["design"];
    let current = scope["current"].as_str().expect("a comparison inside a design names its current option");
    let key = if c["options"][0].get("option").is_some() { "option" } else { "api_type" };
    let option = c["options"].as_array().unwrap().iter().find(|o| o[key].as_str() == Some(current)).unwrap();
    let nodes = scope["nodes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
    (option, nodes)
}

#[test]
fn compare_and_cost_agree_through_the_cli_on_every_template() {
    let dir = root().join("templates");
    let mut checked = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") || path.file_name().is_some_and(|f| f == "index.json") {
            continue;
        }
        let d = file::load(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let p = path.to_str().unwrap();
        let bill = json(&["cost", p, "--json"]);
        for n in d.nodes.values() {
            let what = match n.kind.as_str() {
                "ecs-service" | "eks-nodegroup" | "fargate-profile" => "containers",
                "api-gateway" => "api",
                _ => continue,
            };
            let c = json(&["compare", what, p, n.id.as_str(), "--json"]);
            let (option, nodes) = as_drawn(&c);
            let want: f64 = nodes.iter().map(|id| bill["report"]["by_node"][id].as_f64().unwrap_or(0.0)).sum();
            let got = option["monthly"].as_f64().unwrap();
            assert!((got - (want * 100.0).round() / 100.0).abs() < 0.011, "{p} {}: compare {got} vs cost {want} for {nodes:?}", n.id);
            // The text report marks the same option, once.
            let text = run(&["compare", what, p, n.id.as_str()]);
            assert_eq!(text.matches("(as drawn)").count(), 1, "{p} {}:\n{text}", n.id);
            assert!(text.contains(&format!("(as drawn) — {}/month", cloudwright_engine::units::money(got))), "{p} {}:\n{text}", n.id);
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} nodes compared");
}

#[test]
fn compare_containers_bills_the_clusters_extended_support() {
    // The example: the cluster says extended support. Control plane 730 h × $0.60 =
    // $438.00 in `cost` and in both EKS options of `compare` ($73.00 = 730 × $0.10 before).
    let mut d = file::load(&std::fs::read_to_string(root().join("templates/eks-karpenter.json")).unwrap()).unwrap();
    let cluster = d.nodes.values_mut().find(|n| n.kind == "eks-cluster").unwrap();
    cluster.props.insert("support".into(), Value::Text("extended".into()));
    let cluster: NodeId = cluster.id.clone();
    let path = std::env::temp_dir().join(format!("cloudwright-compare-{}.json", std::process::id()));
    std::fs::write(&path, file::save(&d)).unwrap();
    let p = path.to_str().unwrap();
    let bill = json(&["cost", p, "--json"]);
    let plane: f64 = bill["report"]["lines"].as_array().unwrap().iter().filter(|l| l["node"] == cluster.as_str() && l["price_id"].as_str().unwrap().starts_with("eks.cluster")).map(|l| l["monthly"].as_f64().unwrap()).sum();
    assert!((plane - 438.0).abs() < 1e-9, "cost bills {plane}");
    let c = json(&["compare", "containers", p, "--json"]);
    for id in ["eks-ec2", "eks-fargate"] {
        let o = c["options"].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap();
        let cp: f64 = o["breakdown"].as_array().unwrap().iter().filter(|l| l["part"] == "control plane").map(|l| l["monthly"].as_f64().unwrap()).sum();
        assert!((cp - 438.0).abs() < 1e-9, "{id}: control plane {cp}");
    }
    let _ = std::fs::remove_file(&path);
}
