//! One answer to "can the internet reach this node?" (`Topology::internet_reach`), read by
//! every rule that asks it: an internal load balancer users call is a
//! net.private-called-from-internet finding, and no rule calls it internet-facing.

use cloudwright_engine::rules;
use cloudwright_engine::Design;
use std::path::Path;

fn fixture(rel: &str) -> Design {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules").join(rel);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// The QA case: users call an internal ALB that sits in a public subnet. Its scheme decides:
/// the call cannot happen, and the rules about internet-facing entry points stay silent.
#[test]
fn an_internal_load_balancer_users_call_is_unreachable_not_internet_facing() {
    let d = fixture("net.private-called-from-internet/fail.json");
    let f = rules::check(&d);
    let on_admin = |rule: &str| f.iter().any(|x| x.rule == rule && x.nodes.first().is_some_and(|n| n.as_str() == "admin"));
    assert!(on_admin("net.private-called-from-internet"), "the internal ALB users call is not reported unreachable");
    for rule in ["sec.internet-entry-no-waf", "sec.alb-no-https-redirect", "sec.alb-no-certificate", "obs.lb-no-access-logs"] {
        assert!(!on_admin(rule), "{rule} treats the internal ALB as internet-facing");
    }
}

/// CloudFront reaches a VPC only through VPC origins (ALB, NLB, EC2) or public endpoints: an
/// ECS service in a private subnet as its origin is a finding; an internal ALB is not.
#[test]
fn cloudfront_reaches_private_subnets_only_through_vpc_origins() {
    let on = |d: &Design, id: &str| rules::check(d).iter().any(|x| x.rule == "net.private-called-from-internet" && x.nodes.first().is_some_and(|n| n.as_str() == id));
    assert!(on(&fixture("net.private-called-from-internet/fail.json"), "web"), "CloudFront to a private ECS service raises nothing");
    assert!(!on(&fixture("net.private-called-from-internet/pass.json"), "origin"), "an internal ALB is a VPC origin");
}
