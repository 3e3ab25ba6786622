//! `cloudwright capacity` and `cloudwright latency` on real files: the text report names the
//! headroom and the bottleneck, `--json` is the engine's report, an overloaded design exits 1
//! and its latency reads "overloaded", never a number.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cloudwright"))
}

fn template(name: &str) -> String {
    format!("{}/../../templates/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn capacity_of_a_template_names_its_headroom_and_bottleneck() {
    let out = bin().args(["capacity", &template("three-tier.json")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("HEADROOM"), "{text}");
    assert!(text.contains("app") && text.contains("tasks"), "{text}");
    let json = bin().args(["capacity", &template("three-tier.json"), "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["headroom"]["multiplier"].as_f64().unwrap() > 1.0);
    assert!(v["headroom"]["bottleneck"].is_string());
    assert!(v["components"].as_array().unwrap().iter().any(|c| c["node"] == "app" && c["utilisation"].as_f64().unwrap() < 0.7));
}

/// The example, as a file: two 0.5-vCPU Fargate tasks for 380 req/s.
fn overloaded_file() -> std::path::PathBuf {
    let d = serde_json::json!({
        "schema_version": cloudwright_engine::file::SCHEMA_VERSION,
        "name": "two tasks", "region": "us-east-1",
        "nodes": {
            "users": {"id": "users", "kind": "users", "props": {"requests_per_month": 998640000.0}},
            "vpc": {"id": "vpc", "kind": "vpc", "props": {}},
            "app": {"id": "app", "kind": "ecs-service", "parent": "vpc", "props": {"tasks": 2.0, "cpu_vcpu": 0.5}}
        },
        "connections": {"c1": {"id": "c1", "from": "users", "to": "app", "kind": "sync"}}
    });
    let path = std::env::temp_dir().join(format!("cloudwright-capacity-{}.json", std::process::id()));
    std::fs::write(&path, d.to_string()).unwrap();
    path
}

#[test]
fn an_overloaded_design_exits_1_and_its_latency_says_overloaded() {
    let path = overloaded_file();
    let out = bin().args(["capacity", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("OVERLOADED") && text.contains("12 tasks"), "{text}");
    // At a tenth of the traffic it is fine.
    let low = bin().args(["capacity", path.to_str().unwrap(), "--multiplier", "0.1"]).output().unwrap();
    assert_eq!(low.status.code(), Some(0), "{}", String::from_utf8_lossy(&low.stdout));
    let lat = bin().args(["latency", path.to_str().unwrap()]).output().unwrap();
    let text = String::from_utf8(lat.stdout).unwrap();
    assert!(text.contains("p99 overloaded") && text.contains("OVERLOADED"), "{text}");
    assert!(!text.contains("inf"), "{text}");
    let json = bin().args(["latency", path.to_str().unwrap(), "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["entries"][0]["p99_ms"].is_null());
    // The same file at a tenth of its traffic (114 req/s at peak, 40% of 285.7): finite
    // percentiles, the multiple named in the title, exit 0; a bad multiple is refused.
    let low = bin().args(["latency", path.to_str().unwrap(), "--multiplier", "0.1"]).output().unwrap();
    let text = String::from_utf8(low.stdout).unwrap();
    assert_eq!(low.status.code(), Some(0), "{text}");
    assert!(text.contains("at 0.10× traffic") && text.contains(", 38/s\n") && !text.contains("overloaded"), "{text}");
    let bad = bin().args(["latency", path.to_str().unwrap(), "--multiplier", "-1"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_file(path);
}
