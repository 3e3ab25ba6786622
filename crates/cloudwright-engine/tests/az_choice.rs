//! qa24 #2: how many AZs a load balancer can be enabled in. In the ec2-asg-spot template the
//! ALB is placed in three public subnets (one per AZ); the tester set "AZs enabled" 2 → 5, the
//! field took it, and the bill kept "public IPv4, one per enabled AZ (3): 3 × 730 h". The field, the bill
//! and a finding now agree: the placement decides (3), and at VPC level the VPC's AZs bound it.

use cloudwright_engine::az_choice::{self, AzChoice};
use cloudwright_engine::model::{NodeId, Value};
use cloudwright_engine::{cost, file, rules, Design};

fn template(name: &str) -> Design {
    file::load(&std::fs::read_to_string(format!("{}/../../templates/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap()
}

fn ipv4_line(d: &Design) -> String {
    cost::cost(d).lines_of("alb").find(|l| l.price_id == "ipv4.hour").map(|l| l.what.to_string()).unwrap_or_default()
}

fn findings(d: &Design) -> Vec<String> {
    rules::check(d).into_iter().filter(|f| f.rule == "ha.az-count-beyond-vpc").map(|f| f.message).collect()
}

#[test]
fn a_load_balancer_placed_per_az_is_enabled_in_its_subnets() {
    let mut d = template("ec2-asg-spot");
    let alb = d.node(&NodeId::new("alb")).unwrap().clone();
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::Placed { subnets: 3 }, "public-a, public-b, public-c");
    // The inspector refuses any other count, naming why; the placement's own count passes.
    let e = az_choice::check(&d, &alb, 5.0).unwrap_err();
    assert_eq!(e, "is set by where it is placed: 3 subnets, one per AZ (place it in more subnets to enable more AZs); got 5");
    assert_eq!(az_choice::check(&d, &alb, 3.0), Ok(()));
    assert_eq!(az_choice::hint(&d, &alb).unwrap(), "3 AZs: set by the subnets it is placed in (one per AZ)");
    assert_eq!(ipv4_line(&d), "public IPv4, one per enabled AZ (3): 3 × 730 h");
    assert!(findings(&d).is_empty());
    // A file holding 5 (as the tester's edit did): it loads, the bill still counts 3, and a finding says so.
    d.nodes.get_mut(&NodeId::new("alb")).unwrap().props.insert("az_count".into(), Value::Number(5.0));
    assert_eq!(ipv4_line(&d), "public IPv4, one per enabled AZ (3): 3 × 730 h");
    assert_eq!(findings(&d), ["Application Load Balancer \"Public ALB\" sets 5 AZs but is placed in 3 subnets, one per AZ: the checks and the bill count 3."]);
}

#[test]
fn at_vpc_level_the_vpcs_azs_bound_the_count() {
    let mut d = template("ec2-asg-spot");
    {
        let alb = d.nodes.get_mut(&NodeId::new("alb")).unwrap();
        alb.parent = Some(NodeId::new("vpc"));
        alb.span.clear();
    }
    let alb = d.node(&NodeId::new("alb")).unwrap().clone();
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::UpTo { vpc: NodeId::new("vpc"), azs: 3 }, "az-a, az-b, az-c");
    let e = az_choice::check(&d, &alb, 5.0).unwrap_err();
    assert!(e.starts_with("must be between 1 and 3 AZs: VPC \""), "{e}");
    assert!(e.ends_with("has 3 AZs with a subnet; got 5"), "{e}");
    for ok in [1.0, 2.0, 3.0] {
        assert_eq!(az_choice::check(&d, &alb, ok), Ok(()));
    }
    // Set to 5 in a file: the bill counts the 3 AZs it can run in (review s33 R1: it billed 5
    // addresses while the spread covered 3), and the finding says the file's 5 is beyond the VPC's 3.
    d.nodes.get_mut(&NodeId::new("alb")).unwrap().props.insert("az_count".into(), Value::Number(5.0));
    assert_eq!(ipv4_line(&d), "public IPv4, one per enabled AZ (3): 3 × 730 h");
    let f = findings(&d);
    assert_eq!(f.len(), 1);
    assert!(f[0].starts_with("Application Load Balancer \"Public ALB\" sets 5 AZs but VPC \""), "{}", f[0]);
    assert!(f[0].ends_with("has 3 AZs with a subnet: the checks and the bill count 3."), "{}", f[0]);
    // 3 is fine.
    d.nodes.get_mut(&NodeId::new("alb")).unwrap().props.insert("az_count".into(), Value::Number(3.0));
    assert!(findings(&d).is_empty());
}

#[test]
fn with_no_az_drawn_the_catalog_range_holds() {
    let mut d = Design::new("x", "us-east-1");
    d.nodes.insert(NodeId::new("vpc"), cloudwright_engine::Node::new("vpc", "vpc"));
    d.nodes.insert(NodeId::new("alb"), cloudwright_engine::Node { parent: Some(NodeId::new("vpc")), ..cloudwright_engine::Node::new("alb", "alb") });
    let alb = d.node(&NodeId::new("alb")).unwrap().clone();
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::Free);
    assert_eq!(az_choice::check(&d, &alb, 6.0), Ok(()));
    assert_eq!(az_choice::hint(&d, &alb), None);
}

/// s20 fidelity #1 (QA, session 19): an ALB dropped into ONE public subnet
/// (Region > VPC > AZ > subnet) got no `ha.alb-single-az` error, and the bill charged two
/// public addresses, from the catalog default `az_count` = 2 that nothing about its placement
/// gives. A component enabled per AZ that sits in a subnet is enabled in the AZs of the
/// subnets it sits in: one subnet, one AZ. Every reader asks `zones::az_count`.
fn one_subnet(kind: &str, span_b: bool) -> Design {
    let span = if span_b { serde_json::json!(["pub-b"]) } else { serde_json::json!([]) };
    let props = if kind == "vpc-endpoint-interface" { serde_json::json!({"service": "sqs"}) } else { serde_json::json!({}) };
    serde_json::from_value(serde_json::json!({
        "schema_version": 5, "name": "one subnet", "region": "us-east-1",
        "nodes": {
            "region": {"id": "region", "kind": "region", "props": {"code": "us-east-1"}},
            "vpc": {"id": "vpc", "kind": "vpc", "parent": "region"},
            "az-a": {"id": "az-a", "kind": "az", "parent": "vpc", "props": {"zone": "a"}},
            "az-b": {"id": "az-b", "kind": "az", "parent": "vpc", "props": {"zone": "b"}},
            "pub-a": {"id": "pub-a", "kind": "subnet", "parent": "az-a", "props": {"public": true}},
            "pub-b": {"id": "pub-b", "kind": "subnet", "parent": "az-b", "props": {"public": true}},
            "lb": {"id": "lb", "kind": kind, "label": "LB", "parent": "pub-a", "span": span, "props": props}
        },
        "connections": {}
    }))
    .unwrap()
}

fn line(d: &Design, price_id: &str) -> (String, f64) {
    let bill = cost::cost(d);
    let l = bill.lines_of("lb").find(|l| l.price_id == price_id).unwrap_or_else(|| panic!("no {price_id} line in {:#?}", bill.lines));
    (l.what.to_string(), l.monthly)
}

fn single_az_errors(d: &Design) -> Vec<String> {
    rules::check(d).into_iter().filter(|f| f.rule == "ha.alb-single-az").map(|f| f.message).collect()
}

#[test]
fn an_alb_in_one_subnet_is_enabled_in_one_az() {
    let d = one_subnet("alb", false);
    let alb = d.node(&NodeId::new("lb")).unwrap().clone();
    assert_eq!(cloudwright_engine::zones::az_count(&d, &alb), Some(1.0));
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::Placed { subnets: 1 });
    assert_eq!(single_az_errors(&d), ["Application Load Balancer \"LB\" is enabled in 1 AZ."]);
    // The load balancer hour is per load balancer (0.0225 $/h × 730 h = 16.425 $), whatever
    // its AZs; its public addresses are per enabled AZ: 1 × 730 h × 0.005 $/h = 3.65 $
    // (../shared/reference/aws-list-prices-us-east-1.md; main charged 2 × 730 h = 7.30 $).
    let (what, monthly) = line(&d, "alb.hour");
    assert_eq!(what, "load balancer: 730 h");
    assert!((monthly - 16.425).abs() < 1e-9, "{monthly}");
    let (what, monthly) = line(&d, "ipv4.hour");
    assert_eq!(what, "public IPv4, one per enabled AZ (1): 1 × 730 h");
    assert!((monthly - 3.65).abs() < 1e-9, "{monthly}");
    // The latency and transfer model runs it in that one AZ.
    assert_eq!(cloudwright_engine::zones::Zones::new(&d).spread_of(&alb.id).0.len(), 1);
    // Placed in a second subnet in a second AZ: two AZs, no error, two addresses (7.30 $).
    let d = one_subnet("alb", true);
    assert!(single_az_errors(&d).is_empty());
    let (what, monthly) = line(&d, "ipv4.hour");
    assert_eq!(what, "public IPv4, one per enabled AZ (2): 2 × 730 h");
    assert!((monthly - 7.30).abs() < 1e-9, "{monthly}");
}

#[test]
fn an_nlb_and_an_interface_endpoint_in_one_subnet_are_billed_for_one_az() {
    let d = one_subnet("nlb", false);
    let (what, monthly) = line(&d, "ipv4.hour");
    assert_eq!(what, "public IPv4, one per enabled AZ (1): 1 × 730 h");
    assert!((monthly - 3.65).abs() < 1e-9, "{monthly}");
    // One endpoint network interface per AZ, 0.01 $/h each (reference list: "0.01 per hour
    // per AZ"): one subnet = 1 × 730 h = 7.30 $ (main: 2 × 730 h = 14.60 $); two AZs: 14.60 $.
    let d = one_subnet("vpc-endpoint-interface", false);
    let (what, monthly) = line(&d, "vpce.interface.az_hour");
    assert_eq!(what, "interface endpoint (sqs): 1 AZ × 730 h");
    assert!((monthly - 7.30).abs() < 1e-9, "{monthly}");
    let d = one_subnet("vpc-endpoint-interface", true);
    let (what, monthly) = line(&d, "vpce.interface.az_hour");
    assert_eq!(what, "interface endpoint (sqs): 2 AZ × 730 h");
    assert!((monthly - 14.60).abs() < 1e-9, "{monthly}");
}
