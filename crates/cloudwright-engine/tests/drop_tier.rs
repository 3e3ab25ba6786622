//! Where a drop between subnet tiers lands, as the rules see it (`place::aimed_parent`'s tier
//! preference: no error, then no warning within reach, then the nearest), and the rules
//! around a VPC whose network is not in the files. QA s32 F3, F9, F11.

use cloudwright_engine::diagram::place;
use cloudwright_engine::iac::{import, Options, SourceFile};
use cloudwright_engine::model::Rect;
use cloudwright_engine::rules::{self, Severity};
use cloudwright_engine::{Design, NodeId, Value};
use std::collections::BTreeSet;

fn three_tier() -> Design {
    cloudwright_engine::file::load(include_str!("../../../templates/three-tier.json")).expect("the template")
}

fn r(d: &Design, id: &str) -> Rect {
    d.layout[&NodeId::from(id)]
}

/// Where a new node of `kind` released at `at` goes.
fn aimed(d: &Design, kind: &str, at: (f64, f64)) -> Option<String> {
    place::aimed_parent(d, kind, at, &BTreeSet::new(), None, true).1.expect("accepted").map(|p| p.0)
}

/// QA s32 F3: a new internet-facing ALB released between the public and the private row of AZ
/// a goes into the public subnet, also when the private one is nearer (before, it took the
/// nearer one: a load balancer the internet cannot reach, with no finding). In a private
/// subnet the rules now raise the error the preference avoids.
#[test]
fn a_new_internet_facing_alb_dropped_between_the_rows_goes_public() {
    let d = three_tier();
    let (pa, pr) = (r(&d, "public-a"), r(&d, "private-a"));
    // 2 units above Private a's top, 26 under Public a's bottom: Private a is nearer.
    let at = (pa.x + 40.0, pr.y - 2.0);
    assert_eq!(place::container_at(&d, at.0, at.1, &BTreeSet::new()).map(|u| u.0), Some("az-a".to_string()));
    assert_eq!(aimed(&d, "alb", at).as_deref(), Some("public-a"));
    assert_eq!(aimed(&d, "nlb", at).as_deref(), Some("public-a"));
    // The template's ALB moved into the private row: the rules say so.
    let mut moved = d.clone();
    let alb = moved.nodes.get_mut(&NodeId::from("alb")).expect("the template's ALB");
    alb.parent = Some(NodeId::from("private-a"));
    alb.span = vec![NodeId::from("private-b"), NodeId::from("private-c")];
    let f: Vec<_> = rules::check(&moved).into_iter().filter(|f| f.rule == "net.internet-facing-lb-not-public").collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].message.contains("private subnets"), "{}", f[0].message);
    assert!(!rules::check(&d).iter().any(|f| f.rule == "net.internet-facing-lb-not-public"), "the template as shipped");
    // Internal, the same load balancer may sit there.
    moved.nodes.get_mut(&NodeId::from("alb")).unwrap().props.insert("internet_facing".into(), Value::Bool(false));
    assert!(!rules::check(&moved).iter().any(|f| f.rule == "net.internet-facing-lb-not-public"));
}

/// Review s33 R3: an internet-facing load balancer homed in Public a and spanning Private b and
/// Private c (what an import of `Subnets: [PublicA, PrivateB, PrivateC]` builds) has two nodes
/// nothing on the internet reaches: the error names those two subnets, not Public a. Before,
/// only the home subnet was judged and nothing was raised. All public: none; internal: none.
#[test]
fn an_internet_facing_alb_spanning_private_subnets_is_an_error_naming_them() {
    let d = three_tier();
    let lb = |d: &Design| rules::check(d).into_iter().filter(|f| f.rule == "net.internet-facing-lb-not-public").collect::<Vec<_>>();
    // The template's ALB spans Public a (home), b and c: no finding.
    assert_eq!(d.nodes[&NodeId::from("alb")].parent.as_ref().map(|p| p.as_str()), Some("public-a"));
    assert!(lb(&d).is_empty(), "{:?}", lb(&d));
    let mut mixed = d.clone();
    mixed.nodes.get_mut(&NodeId::from("alb")).unwrap().span = vec![NodeId::from("private-b"), NodeId::from("private-c")];
    let f = lb(&mixed);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Error);
    let (pb, pc) = (mixed.nodes[&NodeId::from("private-b")].label.clone(), mixed.nodes[&NodeId::from("private-c")].label.clone());
    assert!(f[0].message.contains(&pb) && f[0].message.contains(&pc), "{}", f[0].message);
    assert!(!f[0].message.contains(&mixed.nodes[&NodeId::from("public-a")].label), "{}", f[0].message);
    assert!(f[0].message.contains("private subnets"), "{}", f[0].message);
    let ids: BTreeSet<&str> = f[0].nodes.iter().map(|n| n.as_str()).collect();
    assert_eq!(ids, BTreeSet::from(["alb", "private-b", "private-c"]));
    // Internal, the same span raises nothing.
    mixed.nodes.get_mut(&NodeId::from("alb")).unwrap().props.insert("internet_facing".into(), Value::Bool(false));
    assert!(lb(&mixed).is_empty());
}

/// QA s32 F9: an RDS database released 1 unit under "Public a" went into "Private a" (nearest
/// with no error, but "Database in a subnet with a route to the internet"); "Isolated (data) a"
/// raises nothing and is within reach (`place::WARNING_REACH`), so it goes there. Out of reach
/// (the isolated row moved far down), the pointer wins: the nearest with no error, as before.
#[test]
fn a_database_dropped_between_the_rows_prefers_the_subnet_with_no_warning_within_reach() {
    let d = three_tier();
    let (pa, pr, iso) = (r(&d, "public-a"), r(&d, "private-a"), r(&d, "isolated-a"));
    let at = (pa.x + 89.0, pa.y + pa.h + 1.0);
    assert_eq!(aimed(&d, "rds", at).as_deref(), Some("isolated-a"));
    assert_eq!(aimed(&d, "aurora", at).as_deref(), Some("isolated-a"));
    // An EC2 instance raises no warning in Private a: it stays the nearest.
    assert_eq!(aimed(&d, "ec2", at).as_deref(), Some("private-a"));
    // The isolated subnet further than the reach from the nearest without an error.
    let far = (iso.y - at.1) - (pr.y - at.1);
    assert!(far <= place::WARNING_REACH, "the template's rows: {far}");
    let mut apart = d.clone();
    let shift = place::WARNING_REACH - far + 40.0;
    for id in ["isolated-a", "isolated-b", "isolated-c"] {
        apart.layout.get_mut(&NodeId::from(id)).unwrap().y += shift;
    }
    for id in ["az-a", "az-b", "az-c", "vpc"] {
        apart.layout.get_mut(&NodeId::from(id)).unwrap().h += shift;
    }
    assert_eq!(aimed(&apart, "rds", at).as_deref(), Some("private-a"));
}

/// QA s32 F11: alb-asg-existing-vpc.yaml takes its VPC as a parameter; the import draws the
/// placeholder "Existing VPC (not in the files)" with no CIDR, subnet or gateway. The rules
/// raised "Private workload needs the internet but has no way out … its VPC has no working NAT
/// gateway" of it, which the files do not say. Given a CIDR (a VPC drawn in the design, with
/// no NAT gateway), the same design raises it.
#[test]
fn a_placeholder_vpc_is_not_said_to_have_no_nat_gateway() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iac/cfn-samples/cloudformation");
    let name = "alb-asg-existing-vpc.yaml";
    let file = SourceFile::new(name, std::fs::read_to_string(format!("{dir}/{name}")).expect("the sample"));
    let d = import(&[file], &Options::default()).expect("imports").design;
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").expect("the placeholder").id.clone();
    assert!(!d.is_set(&d.nodes[&vpc], "cidr"));
    let no_egress = |d: &Design| rules::check(d).into_iter().filter(|f| f.rule == "net.private-no-egress").count();
    assert_eq!(no_egress(&d), 0);
    assert!(!rules::check(&d).iter().any(|f| f.severity == Severity::Error), "{:?}", rules::check(&d));
    let mut drawn = d.clone();
    drawn.nodes.get_mut(&vpc).unwrap().props.insert("cidr".into(), Value::Text("10.0.0.0/16".into()));
    assert_eq!(no_egress(&drawn), 1);
}

/// Review s33 R4: a VPC with no CIDR set whose subnets are drawn (an imported IPAM VPC, a
/// `CidrBlock: !Ref Param` with no default, an older hand-written file leaving it to the
/// catalog default) is not the import's placeholder: its private workloads calling the
/// internet with no NAT gateway still raise `net.private-no-egress`. Before, "no CIDR set" was
/// the placeholder's marker and the error disappeared.
#[test]
fn a_drawn_vpc_with_no_cidr_set_still_says_it_has_no_nat_gateway() {
    let mut d = three_tier();
    let nats: Vec<NodeId> = d.nodes.values().filter(|n| n.kind == "nat-gateway").map(|n| n.id.clone()).collect();
    assert!(!nats.is_empty());
    for id in &nats {
        d.nodes.remove(id);
    }
    d.connections.retain(|_, c| !nats.contains(&c.from) && !nats.contains(&c.to));
    d.layout.retain(|id, _| !nats.contains(id));
    let no_egress = |d: &Design| rules::check(d).into_iter().filter(|f| f.rule == "net.private-no-egress").count();
    let with_cidr = no_egress(&d);
    assert!(with_cidr >= 1, "the template with no NAT gateway: {:?}", rules::check(&d));
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").expect("the VPC").id.clone();
    d.nodes.get_mut(&vpc).unwrap().props.remove("cidr");
    assert!(!d.is_set(&d.nodes[&vpc], "cidr"));
    assert_eq!(no_egress(&d), with_cidr);
}
