//! Words a new user read and found wrong (QA s21): each message describes the design as it is.

use cloudwright_engine::rules;
use cloudwright_engine::Design;
use std::path::Path;

fn fixture(rel: &str) -> Design {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules").join(rel);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn message(d: &Design, rule: &str) -> Option<String> {
    rules::check(d).into_iter().find(|f| f.rule == rule).map(|f| f.message)
}

/// net.db-not-isolated names the path the design has: the NAT gateway when there is one; with
/// none, it says nothing leaves today instead of "through NAT".
#[test]
fn db_not_isolated_names_the_actual_path() {
    let with_nat = fixture("net.db-not-isolated/fail.json");
    let m = message(&with_nat, "net.db-not-isolated").expect("the fixture's finding");
    assert!(m.contains("through NAT gateway \"nat-a\""), "{m}");

    let mut no_nat = with_nat.clone();
    no_nat.nodes.retain(|id, _| id.as_str() != "nat-a");
    let m = message(&no_nat, "net.db-not-isolated").expect("a private subnet still points out");
    assert!(!m.contains("through NAT"), "a design with no NAT gateway is said to go out through NAT: {m}");
    assert!(m.contains("no working NAT gateway") && m.contains("nothing leaves today"), "{m}");

    let mut no_igw = no_nat.clone();
    no_igw.nodes.retain(|id, _| id.as_str() != "igw");
    if let Some(s) = no_igw.nodes.get_mut(&"private-a".into()) {
        s.props.insert("route_out".into(), cloudwright_engine::Value::Text("igw".into()));
    }
    let m = message(&no_igw, "net.db-not-isolated").expect("a route to an IGW the VPC lacks");
    assert!(m.contains("has none: nothing leaves today"), "{m}");
}

/// A comparison total holds the load balancer and data transfer, not only the service's line
/// of the bill: `compare::holds` says what it sums, and the parts add up to the figure.
#[test]
fn compare_totals_say_what_they_hold() {
    let d = cloudwright_engine::sample::three_tier();
    let c = cloudwright_engine::compare::compare_containers_in(&d, &"app-a".into()).unwrap();
    for o in &c.options {
        let h = cloudwright_engine::compare::holds(&o.breakdown);
        assert!(h.contains("load balancer $24.28") && h.contains("data transfer $0.69"), "{}: {h}", o.label);
        let sum: f64 = h.split(['+', '−']).map(|p| p.rsplit('$').next().unwrap().trim().replace(',', "").parse::<f64>().unwrap()).sum();
        assert!((sum - o.monthly).abs() < 0.05, "{}: {h} sums to {sum}, the figure is {}", o.label, o.monthly);
    }
    let fargate = c.options.iter().find(|o| o.id == "ecs-fargate").unwrap();
    assert_eq!(cloudwright_engine::compare::holds(&fargate.breakdown), "compute $57.68 + load balancer $24.28 + data transfer $0.69");
}

/// One AZ is "1 AZ": the inspector's hint for a load balancer placed in one subnet, and the
/// app's one plural helper (QA s21: "1 AZs").
#[test]
fn one_az_is_singular() {
    use cloudwright_engine::units::counted;
    assert_eq!(counted(1.0, "AZ", "AZs"), "1 AZ");
    assert_eq!(counted(2.0, "AZ", "AZs"), "2 AZs");
    assert_eq!(counted(0.0, "error", "errors"), "0 errors");
    assert_eq!(counted(12000.0, "task", "tasks"), "12,000 tasks");
    let mut d = fixture("net.db-not-isolated/fail.json");
    let alb: cloudwright_engine::model::Node = serde_json::from_value(serde_json::json!({"id": "lb", "kind": "alb", "parent": "public-a"})).unwrap();
    d.nodes.insert("lb".into(), alb);
    let hint = cloudwright_engine::az_choice::hint(&d, &d.nodes[&"lb".into()]).expect("a placed load balancer's AZ hint");
    assert!(hint.starts_with("1 AZ:"), "{hint}");
}

/// A version diff names components by label, with the id only where two share a label, and
/// the id when there is no label (QA s21: the review listed ids).
#[test]
fn version_diff_names_components_by_label() {
    use cloudwright_engine::diff;
    let before = cloudwright_engine::sample::three_tier();
    let mut after = before.clone();
    after.nodes.retain(|id, _| id.as_str() != "app-b");
    after.connections.retain(|_, c| c.from.as_str() != "app-b" && c.to.as_str() != "app-b");
    if let Some(n) = after.nodes.get_mut(&"db".into()) {
        n.props.insert("multi_az".into(), cloudwright_engine::Value::Bool(false));
    }
    // Two components labelled alike: their ids tell them apart.
    after.nodes.get_mut(&"nat-a".into()).unwrap().label = "NAT".into();
    after.nodes.get_mut(&"nat-b".into()).unwrap().label = "NAT".into();
    after.nodes.get_mut(&"nat-b".into()).unwrap().props.insert("connectivity".into(), cloudwright_engine::Value::Text("private".into()));
    let c = diff::changes(&before, &after);
    assert_eq!(c.name("app-b"), "Web app (b)");
    assert_eq!(c.name("db"), "PostgreSQL");
    assert_eq!(c.name("nat-b"), "NAT (nat-b)");
    let removed: Vec<String> = c.connections_removed.iter().map(|x| format!("{} → {}", c.name(&x.from), c.name(&x.to))).collect();
    assert!(removed.iter().all(|r| !r.contains("app-b")), "{removed:?}");
    assert!(!removed.is_empty());
}

/// A design file with no layout opens laid out (Tidy up's layout), not as an empty canvas;
/// one with a full layout is left as it is (QA s21).
#[test]
fn a_design_without_layout_is_laid_out() {
    use cloudwright_engine::diagram;
    let full = cloudwright_engine::sample::three_tier();
    let mut d = full.clone();
    d.layout.clear();
    let text = cloudwright_engine::file::save(&d);
    let mut opened = cloudwright_engine::file::open(text.as_bytes()).unwrap().design;
    assert_eq!(diagram::tidy::lay_out_missing(&mut opened), full.nodes.len());
    assert!(full.nodes.keys().all(|id| opened.layout.contains_key(id)), "a component left without a rectangle");
    let problems = diagram::check(&opened);
    assert!(problems.is_empty(), "{problems:?}");
    let mut same = full.clone();
    assert_eq!(diagram::tidy::lay_out_missing(&mut same), 0);
    assert_eq!(same.layout, full.layout);
}

/// A second internet gateway: the finding is on the VPC first (selecting it selects the VPC),
/// and gateways that share a label are told apart by id, with what to do (QA s21 #7).
#[test]
fn second_igw_is_on_the_vpc_and_names_each_gateway() {
    let mut d = fixture("net.vpc-second-internet-gateway/fail.json");
    for id in ["igw", "igw-2"] {
        d.nodes.get_mut(&id.into()).unwrap().label = "Internet gateway".into();
    }
    let f = rules::check(&d).into_iter().find(|f| f.rule == "net.vpc-second-internet-gateway").expect("the fixture's finding");
    assert_eq!(f.nodes.first().map(|n| n.as_str()), Some("vpc"), "{:?}", f.nodes);
    assert!(f.message.contains("Internet gateway \"Internet gateway\" (id igw)"), "{}", f.message);
    assert!(f.message.contains("(id igw-2)"), "{}", f.message);
    assert!(f.message.ends_with("a VPC takes one: keep one, delete the others."), "{}", f.message);

    // Labels that differ need no ids.
    d.nodes.get_mut(&"igw-2".into()).unwrap().label = "Spare gateway".into();
    let m = message(&d, "net.vpc-second-internet-gateway").unwrap();
    assert!(!m.contains("(id "), "{m}");
}
