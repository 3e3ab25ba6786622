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
    assert!(e.ends_with("has 3 AZs; got 5"), "{e}");
    for ok in [1.0, 2.0, 3.0] {
        assert_eq!(az_choice::check(&d, &alb, ok), Ok(()));
    }
    // Set to 5 in a file: the bill counts what is set (5 addresses), and the finding says the VPC has 3.
    d.nodes.get_mut(&NodeId::new("alb")).unwrap().props.insert("az_count".into(), Value::Number(5.0));
    assert_eq!(ipv4_line(&d), "public IPv4, one per enabled AZ (5): 5 × 730 h");
    let f = findings(&d);
    assert_eq!(f.len(), 1);
    assert!(f[0].starts_with("Application Load Balancer \"Public ALB\" sets 5 AZs but VPC \""), "{}", f[0]);
    assert!(f[0].ends_with("has 3: the checks and the bill count 5."), "{}", f[0]);
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
