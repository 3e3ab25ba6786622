//! The design diff (`diff`): empty against itself on every template, each kind of change
//! named, the cost delta worked out by hand, figures equal to the analyses' own (one truth),
//! user text escaped in Markdown. The property test over random edit sequences is in
//! tests/edits_prop.rs, beside the edit generators.

use cloudwright_engine::diff::{self, render};
use cloudwright_engine::model::{ConnKind, Design, Node, NodeId, Rect, Value};
use cloudwright_engine::{cost, latency, rules, Edit};

mod common;
use common::by_file_name as templates;

/// Three-tier as drawn with one ECS service per AZ (`app-a/b/c`, the template before it drew
/// one service spanning AZs, issue 14): the cases below edit those copies.
fn three_tier() -> Design {
    let p = format!("{}/tests/fixtures/span/three-tier-per-az.json", env!("CARGO_MANIFEST_DIR"));
    cloudwright_engine::file::load(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn node(id: &str, kind: &str, parent: Option<&str>, label: &str) -> Node {
    Node { label: label.into(), parent: parent.map(NodeId::new), ..Node::new(id, kind) }
}

#[test]
fn a_design_against_itself_is_empty() {
    for (path, d) in templates() {
        let x = diff::diff(&d, &d.clone());
        assert!(x.is_empty(), "{path}: {x:?}");
        assert!(render::text(&x).contains("no differences"), "{path}");
        assert!(render::markdown(&x).contains("No differences."), "{path}");
    }
}

#[test]
fn an_elastic_ip_adds_its_hourly_price_and_nothing_else() {
    // Elastic IP (us-east-1): 730 h × $0.005/h = $3.65 a month; it carries no traffic, so
    // no other line changes. It is billed the same every month (no growth applies to an
    // address): 12 × $3.65 = $43.80 a year.
    let before = three_tier();
    let mut after = before.clone();
    Edit::AddNode { node: node("eip", "elastic-ip", Some("vpc"), "Static address"), rect: None }.apply(&mut after).unwrap();
    let x = diff::diff(&before, &after);
    assert_eq!(x.changes.nodes_added.len(), 1);
    assert_eq!(x.changes.nodes_added[0].id, "eip");
    assert!((x.cost.monthly.change() - 3.65).abs() < 1e-9, "{}", x.cost.monthly.change());
    assert!((x.cost.yearly.change() - 43.80).abs() < 1e-9, "{}", x.cost.yearly.change());
    assert_eq!(x.cost.by_service.len(), 1);
    assert_eq!(x.cost.by_service[0].service, "elastic-ip");
    assert_eq!((x.cost.by_service[0].monthly.before, x.cost.by_service[0].monthly.after), (0.0, 3.65));
    // One truth: the totals are the cost engine's own.
    let (b, a) = (cost::cost_at(&before, 1.0), cost::cost_at(&after, 1.0));
    assert_eq!((x.cost.monthly.before, x.cost.monthly.after, x.cost.yearly.after), (b.monthly, a.monthly, a.yearly));
    assert!(x.latency.is_empty(), "an unconnected address changes no latency: {:?}", x.latency);
    let md = render::markdown(&x);
    assert!(md.contains("+$3.65/month"), "{md}");
    // Markers as code, so `+`/`-` after a bullet do not start a nested list.
    assert!(md.contains("\n- `+` added elastic-ip Static address (eip) in vpc\n"), "{md}");
}

#[test]
fn each_kind_of_change_is_named_with_old_and_new() {
    let before = three_tier();
    let mut after = before.clone();
    let app = NodeId::new("app-a");
    // A property, a label, a move to another subnet, a connection changed, one removed,
    // the workload, the region, a layout-only move.
    let prop = before.spec(&app).unwrap().props.iter().find(|p| p.key == "tasks" || p.key == "count").map(|p| p.key).unwrap_or_else(|| before.spec(&app).unwrap().props[0].key);
    Edit::set_prop(&after, &app, prop, Some(Value::Number(7.0))).apply(&mut after).unwrap();
    Edit::set_label(&after, &app, "API tasks").apply(&mut after).unwrap();
    Edit::Reparent { id: app.clone(), before: Some(NodeId::new("private-a")), after: Some(NodeId::new("private-b")) }.apply(&mut after).unwrap();
    let mut c10 = after.connections[&"c10".into()].clone();
    let old = c10.clone();
    c10.timeout_ms = Some(500.0);
    c10.retries = Some(2);
    Edit::UpdateConnection { before: old, after: c10 }.apply(&mut after).unwrap();
    Edit::disconnect(&after, &"c1".into()).unwrap().apply(&mut after).unwrap();
    let mut w = after.workload.clone();
    w.request_kb = 4.0;
    Edit::SetWorkload { before: after.workload.clone(), after: w }.apply(&mut after).unwrap();
    let cdn = NodeId::new("cdn");
    let r = after.layout.get(&cdn).copied().unwrap_or(Rect::new(0.0, 0.0, 10.0, 10.0));
    Edit::move_by(&after, std::slice::from_ref(&cdn), 40.0, 0.0).apply(&mut after).unwrap();

    let c = diff::changes(&before, &after);
    let a = c.nodes_changed.iter().find(|n| n.id == "app-a").expect("app-a changed");
    let fields: Vec<&str> = a.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["label", "parent", &format!("props.{prop}")]);
    assert_eq!(a.moved(), Some((&serde_json::json!("private-a"), &serde_json::json!("private-b"))));
    assert_eq!(c.nodes_changed.len(), 1, "{:?}", c.nodes_changed);
    let cc = &c.connections_changed;
    assert_eq!(cc.len(), 1);
    assert_eq!(cc[0].fields.iter().map(|f| (f.field.as_str(), f.after.clone())).collect::<Vec<_>>(), [("retries", serde_json::json!(2)), ("timeout_ms", serde_json::json!(500.0))]);
    assert_eq!(c.connections_removed.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["c1"]);
    assert_eq!(c.workload.len(), 1);
    assert_eq!((c.workload[0].field.as_str(), &c.workload[0].before, &c.workload[0].after), ("request_kb", &serde_json::json!(2.0), &serde_json::json!(4.0)));
    assert_eq!(c.layout.len(), 1);
    assert_eq!((c.layout[0].id.as_str(), c.layout[0].after.map(|x| x.x)), ("cdn", Some(r.x + 40.0)));
    let text = render::text(&diff::diff(&before, &after));
    assert!(text.contains("parent: private-a → private-b"), "{text}");
    assert!(text.contains("timeout_ms: 2000.0 → 500.0"), "{text}");
}

#[test]
fn layout_only_changes_are_apart_and_change_no_analysis() {
    let before = three_tier();
    let mut after = before.clone();
    let ids: Vec<NodeId> = after.nodes.keys().cloned().collect();
    Edit::move_by(&after, &ids, 13.0, -7.0).apply(&mut after).unwrap();
    let x = diff::diff(&before, &after);
    assert!(x.changes.is_topology_unchanged() && !x.changes.layout.is_empty());
    assert!(x.findings.introduced.is_empty() && x.findings.cleared.is_empty() && x.latency.is_empty() && x.cost.by_service.is_empty());
}

#[test]
fn findings_introduced_and_cleared_come_from_the_rules() {
    // Opening SSH to the world is an error the rules know; removing it clears it.
    let before = three_tier();
    let mut after = before.clone();
    let db = NodeId::new("db");
    Edit::SetIngress { id: db.clone(), before: vec![], after: vec![cloudwright_engine::model::Ingress { port: 22, cidr: "0.0.0.0/0".into() }] }.apply(&mut after).unwrap();
    let x = diff::diff(&before, &after);
    assert!(!x.findings.introduced.is_empty() && x.findings.cleared.is_empty(), "{:?}", x.findings);
    assert!(x.findings.new_errors() >= 1, "{:?}", x.findings);
    // Each introduced finding is one rules::check reports on `after` and not on `before`.
    let key = |f: &rules::Finding| (f.rule.to_string(), f.nodes.iter().map(|n| n.to_string()).chain(f.connections.iter().map(|c| c.to_string())).collect::<Vec<_>>());
    let (fb, fa): (Vec<_>, Vec<_>) = (rules::check(&before).iter().filter(|f| !f.is_suppressed()).map(key).collect(), rules::check(&after).iter().filter(|f| !f.is_suppressed()).map(key).collect());
    for f in &x.findings.introduced {
        let k = (f.rule.clone(), f.subject.clone());
        assert!(fa.contains(&k) && !fb.contains(&k), "{k:?}");
    }
    let back = diff::diff(&after, &before);
    assert_eq!(back.findings.cleared, x.findings.introduced);
}

#[test]
fn latency_per_entry_is_the_latency_engines() {
    // Adding 400 ms of app time on the only app tier moves every percentile of the users entry.
    let before = three_tier();
    let mut after = before.clone();
    Edit::Batch {
        label: "slower".into(),
        edits: ["app-a", "app-b", "app-c"].iter().map(|id| Edit::set_prop(&before, &NodeId::new(*id), "app_ms", Some(Value::Number(400.0)))).collect(), switch: None,
    }
    .apply(&mut after)
    .unwrap();
    let x = diff::diff(&before, &after);
    let e = x.latency.iter().find(|e| e.entry == "users").expect("users entry changed");
    let (lb, la) = (latency::project_at(&before, 1.0), latency::project_at(&after, 1.0));
    let get = |r: &latency::LatencyReport| r.entries.iter().find(|x| x.entry.as_str() == "users").map(|x| (x.p50_ms, x.p95_ms, x.p99_ms));
    assert_eq!((e.p50_ms.0, e.p95_ms.0, e.p99_ms.0), { let g = get(&lb).unwrap(); (Some(g.0), Some(g.1), Some(g.2)) });
    assert_eq!((e.p50_ms.1, e.p95_ms.1, e.p99_ms.1), { let g = get(&la).unwrap(); (Some(g.0), Some(g.1), Some(g.2)) });
    assert!(e.p50_ms.1.unwrap() > e.p50_ms.0.unwrap());
}

#[test]
fn markdown_escapes_user_text() {
    let before = three_tier();
    let mut after = before.clone();
    let hostile = "# [click](javascript:x) | <b>*bold*</b>\n- item";
    Edit::AddNode { node: node("eip", "elastic-ip", Some("vpc"), hostile), rect: None }.apply(&mut after).unwrap();
    Edit::Rename { before: after.name.clone(), after: "<script>|x|".into() }.apply(&mut after).unwrap();
    Edit::connect(&after, &NodeId::new("users"), &NodeId::new("dns"), ConnKind::Sync).apply(&mut after).ok();
    let md = render::markdown(&diff::diff(&before, &after));
    assert!(!md.contains("<script>") && !md.contains("<b>") && !md.contains("[click]"), "{md}");
    assert!(md.contains(r"\<script\>\|x\|") && md.contains(r"\# \[click\]"), "{md}");
    assert!(!md.contains("\n- item"), "a label cannot start a list item: {md}");
}

/// QA s23 #12: deleting "NAT b" from the starter listed the advice "ECR/CloudWatch traffic goes
/// through NAT with no interface endpoint" on the VPC as both introduced and cleared, with its
/// connections as "c11, c15". The same rule on the same subject is one changed finding saying
/// what left, and connections are named by their ends.
#[test]
fn the_same_rule_on_the_same_subject_is_changed_and_connections_are_named_by_their_ends() {
    let before = cloudwright_engine::sample::three_tier();
    let mut after = before.clone();
    Edit::remove_cascade(&after, &[NodeId::new("nat-b")]).apply(&mut after).unwrap();
    let x = diff::diff(&before, &after);
    let changed: Vec<_> = x.findings.changed.iter().filter(|c| c.left.iter().any(|s| s == "nat-b")).collect();
    assert_eq!(changed.len(), 1, "{:#?}", x.findings);
    let c = changed[0];
    for f in x.findings.introduced.iter().chain(&x.findings.cleared) {
        assert!(!(f.rule == c.now.rule && f.subject.first() == c.now.subject.first()), "also introduced or cleared: {f:?}");
    }
    assert_eq!(diff::left_joined(c, &x.changes), "NAT b left");
    // Every connection it names reads "from → to" by label, never an id.
    let conns: Vec<&String> = c.now.subject.iter().filter(|s| after.connections.contains_key(&cloudwright_engine::model::ConnId::new(s.as_str()))).collect();
    assert!(!conns.is_empty(), "{:?}", c.now.subject);
    for id in conns {
        let conn = &after.connections[&cloudwright_engine::model::ConnId::new(id.as_str())];
        let want = format!("{} → {}", after.nodes[&conn.from].label, after.nodes[&conn.to].label);
        assert_eq!(x.changes.name(id), want);
    }
    assert!(render::text(&x).contains("~ changed"), "{}", render::text(&x));
}
