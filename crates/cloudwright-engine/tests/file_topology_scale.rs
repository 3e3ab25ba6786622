//! The containment checks of a file (`check_topology`: parent loops, nesting, connections)
//! on a design of 9,000 components: the same problems, in the same order, as on a small
//! one, found in one linear pass (the walk follows each parent chain once).

use cloudwright_engine::{file, sample};
use serde_json::{json, Value as J};

/// The problems as "path: message" lines.
fn problems(text: &str) -> Vec<String> {
    match file::open(text.as_bytes()) {
        Ok(_) => panic!("should not open"),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn a_parent_loop_and_bad_nesting_in_a_9000_node_design() {
    let d = sample::synthetic(9000);
    let mut doc: J = serde_json::from_str(&file::save(&d)).expect("saved JSON");
    // A database and a VPC of the generated design, to place new components in.
    let rds = d.nodes.values().find(|n| n.kind == "rds").expect("the design has a database").id.to_string();
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").expect("the design has a VPC").id.to_string();
    let nodes = doc["nodes"].as_object_mut().expect("nodes");
    // Forty VPCs, each inside the next, the last inside the first: one loop of 40.
    for i in 0..40 {
        let id = format!("zz-loop-{i:02}");
        let parent = format!("zz-loop-{:02}", (i + 1) % 40);
        nodes.insert(id.clone(), json!({"id": id, "kind": "vpc", "label": id, "parent": parent}));
    }
    // A node inside itself.
    nodes.insert("zz-self".into(), json!({"id": "zz-self", "kind": "vpc", "label": "self", "parent": "zz-self"}));
    // An S3 bucket inside a database (not a container), and a database directly in a VPC.
    nodes.insert("zz-bucket".into(), json!({"id": "zz-bucket", "kind": "s3", "label": "bucket", "parent": rds}));
    nodes.insert("zz-db".into(), json!({"id": "zz-db", "kind": "rds", "label": "db", "parent": vpc}));
    let text = serde_json::to_string(&doc).expect("JSON");

    // The loop is told from its smallest id, around and back, long loops shortened to six
    // steps, "…" and the start again; then the nesting problems, in id order.
    assert_eq!(
        problems(&text),
        [
            "$.nodes[\"zz-loop-00\"].parent: containers form a loop: \"zz-loop-00\" is inside \"zz-loop-01\", which is inside \"zz-loop-02\", \
             which is inside \"zz-loop-03\", which is inside \"zz-loop-04\", which is inside \"zz-loop-05\", which is inside …, which is inside \"zz-loop-00\"",
            "$.nodes[\"zz-self\"].parent: node \"zz-self\" is inside itself",
            "$.nodes[\"zz-bucket\"].parent: RDS database is not a container: nothing can be placed inside it",
            "$.nodes[\"zz-db\"].parent: RDS database cannot sit in a VPC: it belongs in a Subnet",
        ]
    );
    // The full reader (a JSON tree with paths) finds the same, in the same order.
    let by_tree = file::load_versioned_by_tree(&text).err().expect("should not load").problems.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    assert_eq!(by_tree, problems(&text));
}

#[test]
fn a_chain_of_9000_containers_is_no_loop() {
    // 9,000 VPCs each inside the next (a chain, no loop): walked once, every node but the
    // first reported as a VPC that cannot sit in a VPC, in id order.
    let mut nodes = serde_json::Map::new();
    for i in 0..9000 {
        let id = format!("v{i:04}");
        let mut n = json!({"id": id, "kind": "vpc", "label": id});
        if i > 0 {
            n["parent"] = json!(format!("v{:04}", i - 1));
        }
        nodes.insert(id, n);
    }
    let doc = json!({"schema_version": file::SCHEMA_VERSION, "name": "chain", "region": "us-east-1", "nodes": nodes});
    let p = problems(&doc.to_string());
    // Up to the problem cap (50): v0001 … v0050, each "cannot sit in a VPC".
    assert_eq!(p.len(), 50); // file::error::MAX_PROBLEMS
    assert_eq!(p[0], "$.nodes[\"v0001\"].parent: VPC cannot sit in a VPC: it belongs in the top level or a Region");
    assert_eq!(p[49], "$.nodes[\"v0050\"].parent: VPC cannot sit in a VPC: it belongs in the top level or a Region");
}
