//! An Availability Zone drawn with no subnet hosts nothing (QA s31 F1): no ENI, task or
//! instance can be in it, so the rules count only a VPC's AZs that hold a subnet, as the bill
//! does (`zones::Zones`; the bill's cases are in `cost_cases.rs`).

use cloudwright_engine::model::{ConnKind, Design, Node, NodeId, Value};
use std::collections::BTreeMap;

fn add(d: &mut Design, id: &str, kind: &str, parent: Option<&str>, props: &[(&str, Value)]) {
    let props: BTreeMap<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    d.nodes.insert(NodeId::new(id), Node { label: id.to_uppercase(), parent: parent.map(NodeId::new), props, ..Node::new(id, kind) });
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}
fn n(x: f64) -> Value {
    Value::Number(x)
}

/// A VPC with AZ a (a public and a private subnet) and AZ b with no subnet; users → ALB (in
/// the public subnet, one AZ) → an ECS service of 2 tasks placed at VPC level.
fn one_az_with_an_empty_one() -> Design {
    let mut d = Design::new("case", "us-east-1");
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "az-a", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "az-b", "az", Some("vpc"), &[("zone", t("b"))]);
    add(&mut d, "pub-a", "subnet", Some("az-a"), &[("tier", t("public"))]);
    add(&mut d, "priv-a", "subnet", Some("az-a"), &[("tier", t("private"))]);
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "alb", "alb", Some("pub-a"), &[]);
    add(&mut d, "app", "ecs-service", Some("vpc"), &[("tasks", n(2.0))]);
    d.insert_connection("users", "alb", ConnKind::Sync);
    d.insert_connection("alb", "app", ConnKind::Sync);
    d
}

/// The service at VPC level runs in the VPC's AZs; with AZ b empty that is AZ a alone, so
/// the application tier is in one AZ (it counted the empty AZ b and said nothing).
#[test]
fn a_service_at_vpc_level_is_not_spread_into_an_empty_az() {
    let mut d = one_az_with_an_empty_one();
    let fired = |d: &Design| cloudwright_engine::rules::check(d).iter().any(|f| f.rule == "ha.app-tier-single-az" && f.nodes.iter().any(|x| x.as_str() == "app"));
    assert!(fired(&d), "one AZ holds a subnet: the tier runs in one AZ");
    add(&mut d, "priv-b", "subnet", Some("az-b"), &[("tier", t("private"))]);
    assert!(!fired(&d), "a subnet in AZ b: the tier runs in two");
}
