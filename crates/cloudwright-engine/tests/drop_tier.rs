//! Where a drop between subnet tiers lands, as the rules see it (`place::aimed_parent`'s tier
//! preference: no error, then the nearest). QA s32 F3.

use cloudwright_engine::diagram::place;
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
