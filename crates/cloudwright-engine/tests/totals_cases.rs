//! The headline figures (`totals`): each checked against a figure worked out by hand, and
//! against the analysis that owns it (the totals never compute a figure of their own).

use cloudwright_engine::model::{ConnKind, Connection, Design, Node, NodeId, Suppression};
use cloudwright_engine::{capacity, cost, latency, rules, totals};
use serde_json::json;

const MONTH_S: f64 = 2_628_000.0;

fn node(id: &str, kind: &str, parent: Option<&str>, props: serde_json::Value) -> Node {
    let mut v = json!({"id": id, "kind": kind, "label": id, "props": props});
    if let Some(p) = parent {
        v["parent"] = json!(p);
    }
    serde_json::from_value(v).expect("node")
}

fn add(d: &mut Design, n: Node) {
    d.nodes.insert(n.id.clone(), n);
}

fn conn(d: &mut Design, id: &str, from: &str, to: &str) {
    d.connections.insert(id.into(), Connection::new(id, from, to, ConnKind::Sync));
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-9)
}

/// An Elastic IP in a VPC (billed hourly, nothing else priced), and two groups of users
/// calling external APIs that answer in a constant 200 ms and 50 ms.
fn priced_design() -> Design {
    let mut d = Design::new("totals", "us-east-1");
    add(&mut d, node("vpc", "vpc", None, json!({})));
    add(&mut d, node("eip", "elastic-ip", Some("vpc"), json!({})));
    add(&mut d, node("u", "users", None, json!({"requests_per_month": 10_000_000.0})));
    add(&mut d, node("x", "external-api", None, json!({"p50_ms": 200.0, "p99_ms": 200.0})));
    add(&mut d, node("u2", "users", None, json!({"requests_per_month": 1_000_000.0})));
    add(&mut d, node("y", "external-api", None, json!({"p50_ms": 50.0, "p99_ms": 50.0})));
    conn(&mut d, "c1", "u", "x");
    conn(&mut d, "c2", "u2", "y");
    d
}

#[test]
fn cost_is_the_bill_and_the_main_entry_is_the_busiest() {
    // Elastic IP: 730 h × $0.005 = $3.65. Data sent to the internet at $0.09/GB (1 GB =
    // 10⁶ KB; the cost engine bills both directions of a call to a third party as internet
    // transfer): u's requests 10M × 2 KB = 20 GB → $1.80, x's responses 10M × 20 KB = 200 GB
    // → $18.00, u2's 1M × 2 KB = 2 GB → $0.18, y's 1M × 20 KB = 20 GB → $1.80.
    // Month: 3.65 + 1.80 + 18.00 + 0.18 + 1.80 = $25.43; no growth: year 12 × 25.43 = $305.16.
    let d = priced_design();
    let t = totals::summary(&d, 1.0);
    assert!(close(t.monthly, 25.43, 1e-9), "{}", t.monthly);
    assert!(close(t.yearly, 305.16, 1e-9), "{}", t.yearly);
    // The same figures as the cost engine's own report (one truth).
    let bill = cost::cost_at(&d, 1.0);
    assert_eq!((t.monthly, t.yearly, &t.price_version), (bill.monthly, bill.yearly, &bill.price_version));
    // u sends 10M requests a month (3.8 req/s), u2 1M: u is the main entry; its only path is a
    // constant 200 ms, so p95 = 200 ms (within the distribution grid's resolution).
    let e = t.main_entry.as_ref().expect("an entry");
    assert_eq!(e.entry, NodeId::new("u"));
    assert!(close(e.requests_per_second, 10_000_000.0 / MONTH_S, 1e-3), "{}", e.requests_per_second);
    assert!(close(e.p95_ms, 200.0, 0.05), "{}", e.p95_ms);
    assert!(!e.overloaded);
    let lat = latency::project_at(&d, 1.0);
    assert_eq!(e.p95_ms, lat.entries.iter().find(|x| x.entry.as_str() == "u").unwrap().p95_ms);
}

#[test]
fn main_entry_ties_go_to_the_first_in_id_order() {
    let mut d = priced_design();
    d.nodes.get_mut(&NodeId::new("u2")).unwrap().props.insert("requests_per_month".into(), cloudwright_engine::Value::Number(10_000_000.0));
    let lat = latency::project(&d);
    assert_eq!(totals::main_entry(&lat).unwrap().entry.as_str(), "u");
}

/// Internet users connected to nothing yet: no path, so no p95 to show (QA s21: the bar read
/// "0.0 ms · p95 · Internet users"); the busiest entry WITH a path is the main one.
#[test]
fn an_entry_with_no_path_is_never_the_main_one() {
    let mut d = Design::new("lone", "us-east-1");
    add(&mut d, node("u", "users", None, json!({"requests_per_month": 10_000_000.0})));
    let lat = latency::project(&d);
    assert!(totals::main_entry(&lat).is_none(), "{:?}", lat.entries.iter().map(|e| (&e.entry, e.p95_ms)).collect::<Vec<_>>());
    // Busier than "u" but connected to nothing: "u" (with its path to x) stays the main one.
    let mut d = priced_design();
    add(&mut d, node("a-lone", "users", None, json!({"requests_per_month": 90_000_000.0})));
    let lat = latency::project(&d);
    assert_eq!(totals::main_entry(&lat).unwrap().entry.as_str(), "u");
}

/// Two EC2 instances of 100 req/s full capacity each, 100 req/s at peak (see
/// capacity_cases::one_server_per_instance_queues_like_mm1): utilisation 0.5, saturating at
/// 200 / 100 = 2× the design's traffic.
fn fleet() -> Design {
    let mut d = Design::new("fleet", "us-east-1");
    add(&mut d, node("users", "users", None, json!({"requests_per_month": 100.0 / 3.0 * MONTH_S})));
    add(&mut d, node("vm", "ec2", None, json!({"count": 2.0, "capacity_per_instance_rps": 70.0, "app_ms": 10.0, "app_p99_ms": 10.0})));
    conn(&mut d, "c1", "users", "vm");
    d
}

fn cap_rules(f: &[rules::Finding]) -> Vec<&'static str> {
    f.iter().filter(|f| f.rule.starts_with("cap.") && !f.is_suppressed()).map(|f| f.rule).collect()
}

#[test]
fn headroom_and_capacity_findings_follow_the_multiplier() {
    let d = fleet();
    let t1 = totals::summary(&d, 1.0);
    assert!(close(t1.headroom.multiplier.unwrap(), 2.0, 1e-9), "{:?}", t1.headroom);
    assert_eq!(t1.headroom.bottleneck, Some(NodeId::new("vm")));
    assert_eq!(t1.headroom, capacity::headroom(&d));
    assert!(close(t1.headroom_left.unwrap(), 2.0, 1e-9));
    // ×1: ρ = 0.5, below the 70% target: no capacity finding.
    assert!(cap_rules(&totals::findings_at(&d, 1.0)).is_empty());
    // ×1.6: ρ = 0.8, above the target: a warning; headroom left 2 / 1.6 = 1.25.
    let t16 = totals::summary(&d, 1.6);
    assert_eq!(cap_rules(&totals::findings_at(&d, 1.6)), ["cap.above-target"]);
    assert!(close(t16.headroom_left.unwrap(), 1.25, 1e-9));
    assert_eq!(t16.warnings, t1.warnings + 1);
    // ×4: ρ = 2, saturated: an error, no finite p95; headroom left 2 / 4 = 0.5.
    let t4 = totals::summary(&d, 4.0);
    assert_eq!(cap_rules(&totals::findings_at(&d, 4.0)), ["cap.saturated"]);
    assert_eq!(t4.errors, t1.errors + 1);
    assert!(close(t4.headroom_left.unwrap(), 0.5, 1e-9));
    let e = t4.main_entry.as_ref().unwrap();
    assert!(e.overloaded && e.p95_ms.is_infinite());
    // ×1 counts are exactly the rules engine's unsuppressed errors and warnings.
    let f = rules::check(&d);
    let count = |s| f.iter().filter(|x| !x.is_suppressed() && x.severity == s).count();
    assert_eq!((t1.errors, t1.warnings), (count(rules::Severity::Error), count(rules::Severity::Warning)));
}

#[test]
fn suppressed_findings_are_not_counted_at_any_multiplier() {
    let mut d = fleet();
    let before = totals::summary(&d, 4.0);
    d.nodes.get_mut(&NodeId::new("vm")).unwrap().suppressions.push(Suppression { rule: "cap.*".into(), reason: "load test only".into() });
    let after = totals::summary(&d, 4.0);
    // The one cap.saturated error at ×4 is silenced by the node's `cap.*` suppression.
    assert_eq!(after.errors, before.errors - 1);
    assert_eq!(cap_rules(&totals::findings_at(&d, 4.0)), Vec::<&str>::new());
}

#[test]
fn a_change_reads_as_the_room_should_hear_it() {
    // Adding a second Elastic IP: +730 × 0.005 = +$3.65/month; latency unchanged.
    let d = priced_design();
    let mut d2 = d.clone();
    add(&mut d2, node("eip2", "elastic-ip", Some("vpc"), json!({})));
    let c = totals::change(&totals::summary(&d, 1.0), &totals::summary(&d2, 1.0));
    assert!(close(c.monthly, 3.65, 1e-9));
    assert_eq!(c.p95_ms, Some(0.0));
    assert_eq!(c.phrases()[0], "+$3.65/month");
    // Slower API: 200 → 260 ms constant: p95 +60 ms, each p95 within the distribution grid's
    // 5% of its constant, so the change is 60 ± (0.05 × 260 + 0.05 × 200) = 60 ± 23 ms; and it
    // is exactly the difference of the two latency projections' p95.
    let mut d3 = d.clone();
    d3.nodes.get_mut(&NodeId::new("x")).unwrap().props.insert("p50_ms".into(), cloudwright_engine::Value::Number(260.0));
    d3.nodes.get_mut(&NodeId::new("x")).unwrap().props.insert("p99_ms".into(), cloudwright_engine::Value::Number(260.0));
    let c = totals::change(&totals::summary(&d, 1.0), &totals::summary(&d3, 1.0));
    let dp = c.p95_ms.unwrap();
    assert!((dp - 60.0).abs() <= 23.0, "{dp}");
    let p95 = |d: &Design| latency::project(d).entries.iter().find(|x| x.entry.as_str() == "u").unwrap().p95_ms;
    assert_eq!(dp, p95(&d3) - p95(&d));
    assert_eq!(c.phrases(), [format!("+{} ms", dp.round())]);
    // Nothing moved: nothing to say.
    assert!(totals::change(&totals::summary(&d, 1.0), &totals::summary(&d, 1.0)).is_empty());
}

#[test]
fn error_and_warning_changes_are_counted_in_words() {
    let d = fleet();
    let c = totals::change(&totals::summary(&d, 1.0), &totals::summary(&d, 4.0));
    assert_eq!(c.errors, 1);
    assert!(c.p95_ms.is_none(), "no finite p95 to subtract when overloaded");
    assert!(c.phrases().contains(&"+1 error".to_string()), "{:?}", c.phrases());
}

#[test]
fn a_component_card_reads_its_bill_and_its_hop_on_the_critical_path() {
    let d = priced_design();
    let det = totals::detailed(&d, 1.0, &rules::check(&d));
    assert_eq!(det.totals, totals::summary(&d, 1.0));
    let entry = totals::main_entry(&det.latency);
    assert_eq!(totals::critical_nodes(entry.unwrap()), [NodeId::new("u"), NodeId::new("x")]);
    // x's responses: 200 GB × $0.09 = $18.00 of the month's $25.43 (70.8%). On u's critical
    // path it is the whole request: a constant 200 ms (mean exact), the internet hop inside
    // the API's own figure, so ~100% of the path.
    let x = totals::component(&d, &det.bill, entry, &NodeId::new("x")).unwrap();
    assert!(close(x.monthly, 18.0, 1e-9), "{}", x.monthly);
    assert!(close(x.share_of_monthly, 18.0 / 25.43, 1e-9));
    let hop = x.critical_hop.expect("x is on the critical path");
    assert!(close(hop.mean_ms, 200.0, 0.001), "{}", hop.mean_ms);
    assert!(hop.contribution_pct > 99.0, "{}", hop.contribution_pct);
    // The Elastic IP: $3.65, on no request path.
    let eip = totals::component(&d, &det.bill, entry, &NodeId::new("eip")).unwrap();
    assert!(close(eip.monthly, 3.65, 1e-9));
    assert!(eip.critical_hop.is_none());
    assert!(totals::component(&d, &det.bill, entry, &NodeId::new("nope")).is_none());
}

/// s29-fix #1: the totals bar shows each change under the figure it moved: the engine says
/// which (`Change::by_figure`), in the bar's order, errors and warnings together under the
/// findings, in the same words as `phrases` (the screen reader's announcement).
#[test]
fn a_change_names_the_figure_it_moved() {
    use totals::{Change, Figure};
    let c = Change { monthly: 12.4, p95_ms: Some(-30.0), errors: 1, warnings: -2 };
    assert_eq!(
        c.by_figure(),
        vec![(Figure::Monthly, "+$12.40/month".to_string()), (Figure::P95, "-30 ms".to_string()), (Figure::Findings, "+1 error · -2 warnings".to_string())]
    );
    assert_eq!(c.by_figure().iter().map(|(_, p)| p.as_str()).collect::<Vec<_>>().join(" · "), c.phrases().join(" · "));
    // Only what moved: a cost change alone is under the cost; below the thresholds, nothing.
    let c = Change { monthly: -0.5, p95_ms: Some(0.01), errors: 0, warnings: 0 };
    assert_eq!(c.by_figure(), vec![(Figure::Monthly, "-$0.50/month".to_string())]);
    let c = Change { monthly: 0.001, p95_ms: None, errors: 0, warnings: 1 };
    assert_eq!(c.by_figure(), vec![(Figure::Findings, "+1 warning".to_string())]);
    assert!(Change { monthly: 0.0, p95_ms: None, errors: 0, warnings: 0 }.by_figure().is_empty());
    // From two designs: a second Elastic IP moves the cost only: a public IPv4 address,
    // $0.005 an hour (price book `ipv4.hour`) × 730 h = $3.65 a month.
    let d = priced_design();
    let mut d2 = d.clone();
    add(&mut d2, node("eip2", "elastic-ip", Some("vpc"), json!({})));
    let c = totals::change(&totals::summary(&d, 1.0), &totals::summary(&d2, 1.0));
    assert_eq!(c.by_figure(), vec![(Figure::Monthly, "+$3.65/month".to_string())]);
}
