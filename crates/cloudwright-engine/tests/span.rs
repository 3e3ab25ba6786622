//! Components spanning AZs (file format 5, issue 14): the model's checks, the file format,
//! the edits and their exact inverses, removing a subnet, and what the analyses make of a
//! component placed in one subnet per AZ — per-AZ shares and inter-AZ charges worked out by
//! hand (a month = 730 h, 1 GB = 1,000,000 KB, inter-AZ $0.01/GB each way).

use cloudwright_engine::cost::{self, CostReport};
use cloudwright_engine::edit::Edit;
use cloudwright_engine::file;
use cloudwright_engine::model::span;
use cloudwright_engine::model::{ConnKind, Connection, Design, Node, NodeId, Rect, Value};
use cloudwright_engine::zones::{self, Zones};
use cloudwright_engine::{diff, rules};
use std::collections::BTreeMap;

fn id(s: &str) -> NodeId {
    NodeId::new(s)
}
fn ids(v: &[&str]) -> Vec<NodeId> {
    v.iter().map(|s| id(s)).collect()
}

fn add(d: &mut Design, nid: &str, kind: &str, parent: Option<&str>, props: &[(&str, Value)]) {
    let props: BTreeMap<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    d.nodes.insert(id(nid), Node { id: id(nid), kind: kind.into(), label: nid.to_uppercase(), parent: parent.map(id), span: Vec::new(), props, ingress: vec![], suppressions: vec![] });
    d.layout.insert(id(nid), Rect::new(0.0, 0.0, 112.0, 72.0));
}

fn conn(d: &mut Design, from: &str, to: &str, kind: ConnKind) {
    let cid = d.fresh_conn_id();
    d.connections.insert(cid.clone(), Connection::new(cid, from, to, kind));
}

/// VPC `vpc` with AZs a, b, c (zones set), each with a public, a private and an isolated
/// subnet; a second VPC `other` with one AZ and subnet `far`.
fn base() -> Design {
    let mut d = Design::new("spanning", "us-east-1");
    add(&mut d, "vpc", "vpc", None, &[]);
    for z in ["a", "b", "c"] {
        add(&mut d, &format!("az-{z}"), "az", Some("vpc"), &[("zone", Value::Text(z.into()))]);
        for (tier, p) in [("public", "pub"), ("private", "priv"), ("isolated", "iso")] {
            add(&mut d, &format!("{p}-{z}"), "subnet", Some(&format!("az-{z}")), &[("tier", Value::Text(tier.into()))]);
        }
    }
    add(&mut d, "priv-a2", "subnet", Some("az-a"), &[("tier", Value::Text("private".into()))]);
    add(&mut d, "other", "vpc", None, &[]);
    add(&mut d, "az-x", "az", Some("other"), &[("zone", Value::Text("a".into()))]);
    add(&mut d, "far", "subnet", Some("az-x"), &[]);
    d
}

fn set_span(d: &Design, nid: &str, after: &[&str]) -> Edit {
    Edit::SetSpan { id: id(nid), before: d.nodes[&id(nid)].span.clone(), after: ids(after) }
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-6, "got {got}, want {want}");
}

fn sum(r: &CostReport, node: &str, prefix: &str) -> f64 {
    r.lines_of(node).filter(|l| l.price_id.starts_with(prefix)).map(|l| l.monthly).sum()
}

// ---------------------------------------------------------------- model and edits

#[test]
fn a_service_spans_one_subnet_per_az_of_its_vpc() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[]);
    let before = d.clone();
    let e = set_span(&d, "svc", &["priv-b", "priv-c"]);
    e.apply(&mut d).unwrap();
    assert_eq!(d.nodes[&id("svc")].span, ids(&["priv-b", "priv-c"]));
    assert_eq!(span::placements(&d.nodes[&id("svc")]).cloned().collect::<Vec<_>>(), ids(&["priv-a", "priv-b", "priv-c"]));
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, before, "the inverse restores the design exactly");
    // A stale edit is refused.
    e.apply(&mut d).unwrap();
    assert!(e.apply(&mut d).is_err());
}

#[test]
fn refusals_say_what_is_wrong() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[]);
    add(&mut d, "vm", "ec2", Some("priv-a"), &[]);
    add(&mut d, "lb", "alb", Some("vpc"), &[]);
    let msg = |d: &Design, nid: &str, after: &[&str]| set_span(d, nid, after).apply(&mut d.clone()).unwrap_err().0;
    assert!(msg(&d, "svc", &["priv-a2"]).contains("already has a subnet in AZ-A: one subnet per AZ"), "{}", msg(&d, "svc", &["priv-a2"]));
    assert!(msg(&d, "svc", &["priv-b", "iso-b"]).contains("one subnet per AZ"));
    assert!(msg(&d, "svc", &["priv-b", "priv-b"]).contains("twice"));
    assert!(msg(&d, "svc", &["priv-a"]).contains("twice"));
    assert!(msg(&d, "svc", &["far"]).contains("another VPC"));
    assert!(msg(&d, "svc", &["az-b"]).contains("is not a subnet"));
    assert!(msg(&d, "svc", &["nope"]).contains("does not exist"));
    assert!(msg(&d, "vm", &["priv-b"]).contains("cannot span Availability Zones"));
    assert!(msg(&d, "lb", &["pub-b"]).contains("from a home subnet"));
}

#[test]
fn a_spanning_component_cannot_be_moved_out_of_its_vpc_or_into_an_az_it_spans() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[]);
    set_span(&d, "svc", &["priv-b"]).apply(&mut d).unwrap();
    let to = |p: &str| Edit::Reparent { id: id("svc"), before: Some(id("priv-a")), after: Some(id(p)) };
    assert!(to("far").apply(&mut d.clone()).is_err());
    assert!(to("iso-b").apply(&mut d.clone()).is_err(), "AZ b is taken by priv-b");
    to("priv-c").apply(&mut d).unwrap();
    assert_eq!(d.nodes[&id("svc")].parent, Some(id("priv-c")));
}

/// Moving a subnet (or its AZ) moves the components placed in it: a move that would leave one
/// of them in two subnets of an AZ, or across VPCs, is refused, and the design is untouched
/// (edits_prop's `undo_all_restores_and_redo_all_reapplies` found it: the design reached could
/// not be saved and loaded, and the undo of a later span edit failed with "already has a
/// subnet in AZ").
#[test]
fn a_container_move_keeps_the_components_spanning_its_subnets_one_subnet_per_az() {
    let mut d = base();
    add(&mut d, "db", "rds", Some("priv-a"), &[]);
    set_span(&d, "db", &["priv-b"]).apply(&mut d).unwrap();
    let before = d.clone();
    let to = |nid: &str, from: &str, into: &str| Edit::Reparent { id: id(nid), before: Some(id(from)), after: Some(id(into)) };
    let e = to("priv-b", "az-b", "az-a").apply(&mut d).unwrap_err().0;
    assert_eq!(e, "\u{201c}PRIV-B\u{201d} cannot go there: \u{201c}DB\u{201d} is placed in it, spanning AZs, and RDS database already has a subnet in AZ-A: one subnet per AZ");
    assert_eq!(d, before);
    let e = to("az-b", "vpc", "other").apply(&mut d).unwrap_err().0;
    assert!(e.contains("another VPC"), "{e}");
    assert_eq!(d, before);
    // Its home subnet moved into the AZ of its further subnet: refused too.
    assert!(to("priv-a", "az-a", "az-b").apply(&mut d).unwrap_err().0.contains("one subnet per AZ"));
    assert_eq!(d, before);
    // Into an AZ it is not in: it follows (now in AZs a and c), and the design is a valid file.
    let e = to("priv-b", "az-b", "az-c");
    e.apply(&mut d).unwrap();
    assert_eq!(file::load(&file::save(&d)).unwrap(), d);
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, before);
    // A subnet no component spans moves freely.
    to("iso-b", "az-b", "az-a").apply(&mut d).unwrap();
}

/// A drag's preview asks `edit::check_reparent` what the drop's `Reparent` edits will answer,
/// before anything is applied (s15-drag: the preview showed a subnet's move into the AZ of the
/// band's other subnet as allowed, then the drop was refused). For every container and every
/// place it could go, the question gives the edit's answer, word for word, and changes nothing.
#[test]
fn the_reparent_question_answers_what_the_edit_will_before_it_is_made() {
    use cloudwright_engine::edit::check_reparent;
    let mut d = base();
    add(&mut d, "db", "rds", Some("priv-a"), &[]);
    set_span(&d, "db", &["priv-b"]).apply(&mut d).unwrap();
    add(&mut d, "svc", "ecs-service", Some("pub-a"), &[]);
    set_span(&d, "svc", &["pub-b", "pub-c"]).apply(&mut d).unwrap();
    let before = d.clone();
    let movable: Vec<NodeId> = d.nodes.values().filter(|n| n.kind != "region").map(|n| n.id.clone()).collect();
    let places: Vec<Option<NodeId>> = std::iter::once(None).chain(d.nodes.keys().cloned().map(Some)).collect();
    let (mut refused, mut spans_refused) = (0, 0);
    for m in &movable {
        for to in &places {
            let asked = check_reparent(&d, &[(m, to.as_ref())]);
            assert_eq!(d, before, "asking changes nothing");
            let edit = Edit::Reparent { id: m.clone(), before: d.nodes[m].parent.clone(), after: to.clone() };
            let mut applied = d.clone();
            assert_eq!(asked, edit.apply(&mut applied).map(|_| ()), "{m} into {to:?}");
            if let Err(e) = &asked {
                refused += 1;
                spans_refused += usize::from(e.0.contains("spanning AZs"));
            }
        }
    }
    assert!(spans_refused >= 4 && refused > spans_refused, "the cases include span refusals ({spans_refused}) and others ({refused})");
    // The case of the bug: the subnet of AZ b holding the database's standby, dragged into AZ a.
    assert_eq!(
        check_reparent(&d, &[(&id("priv-b"), Some(&id("az-a")))]).unwrap_err().0,
        "\u{201c}PRIV-B\u{201d} cannot go there: \u{201c}DB\u{201d} is placed in it, spanning AZs, and RDS database already has a subnet in AZ-A: one subnet per AZ"
    );
    // Several containers dropped together are asked in the batch's order, each on the design
    // the earlier moves make: priv-b into AZ c is fine alone and so is priv-a, but not both.
    let two = [(&id("priv-b"), Some(&id("az-c"))), (&id("priv-a"), Some(&id("az-c")))];
    assert!(check_reparent(&d, &two[..1]).is_ok() && check_reparent(&d, &two[1..]).is_ok());
    let asked = check_reparent(&d, &two).unwrap_err();
    assert!(asked.0.contains("already has a subnet in AZ-C"), "{asked}");
    let batch = Edit::Batch { label: "Move".into(), edits: two.iter().map(|(m, to)| Edit::Reparent { id: (*m).clone(), before: d.nodes[*m].parent.clone(), after: to.cloned() }).collect(), switch: None };
    assert_eq!(batch.apply(&mut d.clone()).unwrap_err(), asked, "the batch refuses the same, saying the same");
    // Two AZs moved to the other VPC: the batch refuses the first (the database would span two
    // VPCs on the way), so the question does too.
    let azs = [(&id("az-a"), Some(&id("other"))), (&id("az-b"), Some(&id("other")))];
    let batch = Edit::Batch { label: "Move".into(), edits: azs.iter().map(|(m, to)| Edit::Reparent { id: (*m).clone(), before: d.nodes[*m].parent.clone(), after: to.cloned() }).collect(), switch: None };
    assert_eq!(check_reparent(&d, &azs), batch.apply(&mut d.clone()));
    assert_eq!(d, before);
}

#[test]
fn removing_a_subnet_takes_it_out_of_the_components_spanning_it() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[]);
    set_span(&d, "svc", &["priv-b", "priv-c"]).apply(&mut d).unwrap();
    // A plain RemoveNode of a spanned subnet is refused (like a container with children).
    let plain = Edit::RemoveNode { node: d.nodes[&id("priv-b")].clone(), rect: d.layout.get(&id("priv-b")).copied() };
    assert!(plain.apply(&mut d.clone()).unwrap_err().0.contains("spanned into"));

    let before = d.clone();
    let e = Edit::remove_cascade(&d, &[id("priv-b")]);
    e.apply(&mut d).unwrap();
    assert_eq!(d.nodes[&id("svc")].span, ids(&["priv-c"]));
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, before);

    // Its home removed (with the whole AZ a): the first subnet left becomes its home.
    let e = Edit::remove_cascade(&d, &[id("az-a")]);
    e.apply(&mut d).unwrap();
    let svc = &d.nodes[&id("svc")];
    assert_eq!((svc.parent.clone(), svc.span.clone()), (Some(id("priv-b")), ids(&["priv-c"])));
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, before);

    // Chosen itself, it goes.
    let e = Edit::remove_cascade(&d, &[id("svc")]);
    e.apply(&mut d).unwrap();
    assert!(!d.nodes.contains_key(&id("svc")));
    e.invert().apply(&mut d).unwrap();
    assert_eq!(d, before);
}

// ---------------------------------------------------------------- file format

#[test]
fn the_span_round_trips_and_a_v4_file_with_one_is_refused() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[]);
    set_span(&d, "svc", &["priv-b"]).apply(&mut d).unwrap();
    let text = file::save(&d);
    assert!(text.contains("\"schema_version\": 5"));
    assert!(text.contains("\"span\": [\n        \"priv-b\"\n      ]"), "{text}");
    assert_eq!(file::load(&text).unwrap(), d);
    // No span: the field is not written.
    assert!(!file::save(&base()).contains("\"span\""));

    let v4 = text.replace("\"schema_version\": 5", "\"schema_version\": 4");
    let e = file::load(&v4).unwrap_err().to_string();
    assert!(e.contains("$.nodes[\"svc\"].span") && e.contains("arrived in file format version 5"), "{e}");
}

#[test]
fn a_v4_file_loads_unchanged_as_v5() {
    let text = include_str!("fixtures/file/v4-three-tier.json");
    let d = file::load(text).unwrap();
    assert!(d.nodes.values().all(|n| n.span.is_empty()));
    assert_eq!(d.nodes.len(), 38);
}

#[test]
fn a_bad_span_in_a_file_is_reported_at_its_path() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[]);
    let mut j: serde_json::Value = serde_json::from_str(&file::save(&d)).unwrap();
    j["nodes"]["svc"]["span"] = serde_json::json!(["iso-a"]);
    let e = file::load(&j.to_string()).unwrap_err().to_string();
    assert!(e.contains("$.nodes[\"svc\"].span") && e.contains("one subnet per AZ"), "{e}");
    j["nodes"]["svc"]["span"] = serde_json::json!([3]);
    let e = file::load(&j.to_string()).unwrap_err().to_string();
    assert!(e.contains("$.nodes[\"svc\"].span[0]"), "{e}");
    j["nodes"]["svc"]["span"] = serde_json::json!("priv-b");
    assert!(file::load(&j.to_string()).unwrap_err().to_string().contains("$.nodes[\"svc\"].span"));
}

// ---------------------------------------------------------------- zones and analyses

#[test]
fn a_fleet_runs_evenly_in_its_subnets_azs_and_a_database_at_home() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-b"), &[]);
    add(&mut d, "db", "rds", Some("iso-a"), &[("multi_az", Value::Bool(true))]);
    set_span(&d, "svc", &["priv-a", "priv-c"]).apply(&mut d).unwrap();
    set_span(&d, "db", &["iso-b"]).apply(&mut d).unwrap();
    let z = Zones::new(&d);
    let svc = z.spread_of(&id("svc"));
    let names: Vec<&str> = svc.0.iter().map(|(zone, _)| z.name(*zone)).collect();
    assert_eq!(names, ["us-east-1/b", "us-east-1/a", "us-east-1/c"], "home first");
    for (_, s) in &svc.0 {
        close(*s, 1.0 / 3.0);
    }
    let db = z.spread_of(&id("db"));
    assert_eq!(db.0.len(), 1, "the standby serves nothing");
    assert_eq!(z.name(db.0[0].0), "us-east-1/a");

    let shares = zones::placement_shares(&d, &z, &d.nodes[&id("db")]);
    assert_eq!(shares.iter().map(|s| (s.subnet.as_str(), s.traffic, s.cost)).collect::<Vec<_>>(), [("iso-a", 1.0, 0.5), ("iso-b", 0.0, 0.5)]);
    assert!(shares[1].traffic.is_sign_positive(), "0, not -0 (shown as a percentage)");
    let shares = zones::placement_shares(&d, &z, &d.nodes[&id("svc")]);
    assert_eq!(shares.len(), 3);
    for s in &shares {
        close(s.traffic, 1.0 / 3.0);
        close(s.cost, 1.0 / 3.0);
    }
    assert!(zones::placement_shares(&d, &z, &d.nodes[&id("vpc")]).is_empty());
}

/// users → ASG (priv-a, spanning priv-b) → RDS in iso-a. 10M requests × (2 + 20) KB = 220 GB
/// between the ASG and the database; half the ASG's traffic is in AZ b, so 110 GB cross,
/// billed out and in: 2 × 110 × $0.01 = $2.20.
#[test]
fn inter_az_transfer_of_a_spanning_fleet() {
    let build = |span: &[&str], db_span: &[&str]| {
        let mut d = base();
        add(&mut d, "users", "users", None, &[("requests_per_month", Value::Number(10_000_000.0))]);
        add(&mut d, "asg", "asg", Some("priv-a"), &[]);
        add(&mut d, "db", "rds", Some("iso-a"), &[("multi_az", Value::Bool(true))]);
        conn(&mut d, "users", "asg", ConnKind::Sync);
        conn(&mut d, "asg", "db", ConnKind::Sync);
        set_span(&d, "asg", span).apply(&mut d).unwrap();
        set_span(&d, "db", db_span).apply(&mut d).unwrap();
        cost::cost(&d)
    };
    close(sum(&build(&["priv-b"], &[]), "asg", "dto.inter_az"), 2.2);
    // The database's standby in AZ b changes nothing: requests go to the primary.
    close(sum(&build(&["priv-b"], &["iso-b"]), "asg", "dto.inter_az"), 2.2);
    // Three AZs: two thirds cross: 2 × 220 × 2/3 × 0.01 = 2.9333…
    close(sum(&build(&["priv-b", "priv-c"], &[]), "asg", "dto.inter_az"), 2.0 * 220.0 * 2.0 / 3.0 * 0.01);
}

/// An internet-facing ALB placed in three public subnets pays one public IPv4 address per AZ:
/// 3 × 730 h × $0.005 = $10.95, whatever its `az_count` says (the subnets decide).
#[test]
fn a_spanning_load_balancer_is_enabled_in_its_subnets() {
    let mut d = base();
    add(&mut d, "alb", "alb", Some("pub-a"), &[("az_count", Value::Number(1.0))]);
    let one_az = rules::check(&d).iter().any(|f| f.rule == "ha.alb-single-az");
    assert!(one_az, "one AZ: flagged");
    close(sum(&cost::cost(&d), "alb", "ipv4"), 730.0 * 0.005);
    set_span(&d, "alb", &["pub-b", "pub-c"]).apply(&mut d).unwrap();
    assert_eq!(zones::az_count(&d, &d.nodes[&id("alb")]), Some(3.0));
    assert!(!rules::check(&d).iter().any(|f| f.rule == "ha.alb-single-az"));
    close(sum(&cost::cost(&d), "alb", "ipv4"), 3.0 * 730.0 * 0.005);
}

#[test]
fn single_az_rules_pass_for_a_spanning_service_and_asg() {
    let mut d = base();
    add(&mut d, "users", "users", None, &[]);
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[("tasks", Value::Number(3.0))]);
    add(&mut d, "asg", "asg", Some("priv-a"), &[]);
    conn(&mut d, "users", "svc", ConnKind::Sync);
    conn(&mut d, "users", "asg", ConnKind::Sync);
    let f = rules::check(&d);
    assert!(f.iter().any(|f| f.rule == "ha.app-tier-single-az" && f.nodes.contains(&id("svc"))));
    assert!(f.iter().any(|f| f.rule == "ha.asg-few-azs" && f.nodes.contains(&id("asg"))));
    set_span(&d, "svc", &["priv-b"]).apply(&mut d).unwrap();
    set_span(&d, "asg", &["priv-b", "priv-c"]).apply(&mut d).unwrap();
    let f = rules::check(&d);
    assert!(!f.iter().any(|f| f.rule == "ha.app-tier-single-az" && f.nodes.contains(&id("svc"))), "{f:?}");
    assert!(!f.iter().any(|f| f.rule == "ha.asg-few-azs"), "{f:?}");
}

#[test]
fn diff_shows_the_new_subnets_as_a_change() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-a"), &[]);
    let before = d.clone();
    set_span(&d, "svc", &["priv-b"]).apply(&mut d).unwrap();
    let c = diff::changes(&before, &d);
    let text = serde_json::to_string(&c).unwrap();
    assert!(text.contains("\"field\":\"span\"") && text.contains("priv-b"), "{text}");
}

#[test]
fn the_inspector_offers_one_subnet_per_az_of_the_vpc() {
    let mut d = base();
    add(&mut d, "svc", "ecs-service", Some("priv-b"), &[]);
    let c = span::choices(&d, &id("svc"));
    assert_eq!(c.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(), ["az-b", "az-a", "az-c"], "home AZ first");
    assert_eq!(c[1].1, ids(&["iso-a", "priv-a", "priv-a2", "pub-a"]));
    let after = span::with_az(&d, &id("svc"), &id("az-c"), Some(&id("priv-c")));
    assert_eq!(after, ids(&["priv-c"]));
    set_span(&d, "svc", &["priv-c"]).apply(&mut d).unwrap();
    assert_eq!(span::with_az(&d, &id("svc"), &id("az-a"), Some(&id("priv-a"))), ids(&["priv-a", "priv-c"]), "in AZ order");
    assert_eq!(span::with_az(&d, &id("svc"), &id("az-c"), None), ids(&[]));
    // Nothing to choose for a node that cannot span or sits at VPC level.
    add(&mut d, "vm", "ec2", Some("priv-a"), &[]);
    add(&mut d, "lb", "alb", Some("vpc"), &[]);
    assert!(span::choices(&d, &id("vm")).is_empty() && span::choices(&d, &id("lb")).is_empty());
    assert_eq!(zones::shares_of(&d, &id("svc")).len(), 2);
    // A component in one subnet has no per-AZ shares (and no zones are worked out for it).
    assert!(zones::shares_of(&d, &id("vm")).is_empty() && zones::shares_of(&d, &id("lb")).is_empty());
}

#[test]
fn a_band_reaches_from_the_first_subnet_to_the_last() {
    let mut d = base();
    d.layout.insert(id("priv-a"), Rect::new(100.0, 300.0, 160.0, 132.0));
    d.layout.insert(id("priv-c"), Rect::new(572.0, 300.0, 160.0, 132.0));
    // 100 + 20 = 120 to 572 + 160 − 20 = 712: 592 wide; the row's inside is 340..422 and the
    // band is wanted at 336: the nearest free height is its top, 340.
    let s = cloudwright_engine::diagram::band::spot(&d, None, "SVC", &[&id("priv-a"), &id("priv-c")], 336.0).unwrap();
    assert_eq!((s.rect, s.make_room.len()), (Rect::new(120.0, 340.0, 592.0, 72.0), 0));
    assert_eq!(cloudwright_engine::diagram::band::spot(&d, None, "SVC", &[&id("priv-a"), &id("nope")], 336.0), None);
}
