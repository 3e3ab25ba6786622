//! s20 fidelity #3 (QA, session 19): two ECS services in two AZs behind one ALB are one tier
//! spanning two AZs. Connecting CloudFront to ONE of them flagged BOTH as single-AZ: tiers
//! were grouped by a node's whole set of callers, so the new caller split the balancer's tier
//! into two one-AZ tiers. A tier is what one caller spreads its calls over: the ALB's tier
//! keeps both services (two AZs); CloudFront's is the one service it calls (one AZ, flagged).

use cloudwright_engine::{rules, Design};

fn design(cloudfront: bool) -> Design {
    let mut d: serde_json::Value = serde_json::json!({
        "schema_version": 5, "name": "two services", "region": "us-east-1",
        "nodes": {
            "users": {"id": "users", "kind": "users"},
            "vpc": {"id": "vpc", "kind": "vpc"},
            "igw": {"id": "igw", "kind": "internet-gateway", "parent": "vpc"},
            "az-a": {"id": "az-a", "kind": "az", "parent": "vpc", "props": {"zone": "a"}},
            "az-b": {"id": "az-b", "kind": "az", "parent": "vpc", "props": {"zone": "b"}},
            "pub-a": {"id": "pub-a", "kind": "subnet", "parent": "az-a", "props": {"tier": "public", "cidr": "10.0.1.0/24"}},
            "pub-b": {"id": "pub-b", "kind": "subnet", "parent": "az-b", "props": {"tier": "public", "cidr": "10.0.2.0/24"}},
            "priv-a": {"id": "priv-a", "kind": "subnet", "parent": "az-a", "props": {"tier": "private", "cidr": "10.0.3.0/24"}},
            "priv-b": {"id": "priv-b", "kind": "subnet", "parent": "az-b", "props": {"tier": "private", "cidr": "10.0.4.0/24"}},
            "alb": {"id": "alb", "kind": "alb", "label": "ALB", "parent": "pub-a", "span": ["pub-b"]},
            "svc-a": {"id": "svc-a", "kind": "ecs-service", "label": "Service A", "parent": "priv-a"},
            "svc-b": {"id": "svc-b", "kind": "ecs-service", "label": "Service B", "parent": "priv-b"}
        },
        "connections": {
            "c1": {"id": "c1", "from": "users", "to": "alb", "kind": "sync"},
            "c2": {"id": "c2", "from": "alb", "to": "svc-a", "kind": "sync"},
            "c3": {"id": "c3", "from": "alb", "to": "svc-b", "kind": "sync"}
        }
    });
    if cloudfront {
        d["nodes"]["cdn"] = serde_json::json!({"id": "cdn", "kind": "cloudfront", "label": "CDN"});
        d["connections"]["c4"] = serde_json::json!({"id": "c4", "from": "users", "to": "cdn", "kind": "sync"});
        d["connections"]["c5"] = serde_json::json!({"id": "c5", "from": "cdn", "to": "svc-a", "kind": "sync"});
    }
    serde_json::from_value(d).unwrap()
}

fn single_az(d: &Design) -> Vec<(Vec<String>, String)> {
    rules::check(d)
        .into_iter()
        .filter(|f| f.rule == "ha.app-tier-single-az")
        .map(|f| (f.nodes.iter().map(|n| n.to_string()).collect(), f.message))
        .collect()
}

#[test]
fn two_services_behind_one_alb_in_two_azs_are_one_tier() {
    assert!(single_az(&design(false)).is_empty());
}

#[test]
fn cloudfront_calling_one_of_them_flags_only_that_one() {
    // CloudFront's only origin is Service A, in one AZ: that path has no other AZ. Service B
    // is called by the ALB only, whose tier (A and B) still spans two AZs.
    assert_eq!(single_az(&design(true)), [(vec!["svc-a".to_string()], "ECS service \"Service A\" runs in a single Availability Zone.".to_string())]);
}
