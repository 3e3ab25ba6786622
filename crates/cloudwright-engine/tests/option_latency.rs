//! Latency effects of options (issue 19): the Lambda timeout caps an invocation's time, and a
//! CloudFront price class without Asia-Pacific edges serves those viewers from far away.

use cloudwright_engine::latency;
use cloudwright_engine::model::{ConnKind, Connection, Design, Node, NodeId, Value};
use std::collections::BTreeMap;

fn add(d: &mut Design, id: &str, kind: &str, props: &[(&str, Value)]) {
    let props: BTreeMap<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    d.nodes.insert(NodeId::new(id), Node { props, ..Node::new(id, kind) });
}
fn conn(d: &mut Design, from: &str, to: &str) {
    let id = d.fresh_conn_id();
    d.connections.insert(id.clone(), Connection::new(id, from, to, ConnKind::Sync));
}

fn lambda(timeout_s: f64) -> latency::LatencyReport {
    let mut d = Design::new("t", "us-east-1");
    add(&mut d, "users", "users", &[("requests_per_month", Value::Number(10_000_000.0))]);
    // median 2 s, p99 6 s of code time (the model's p99 is three times the average duration)
    add(&mut d, "fn", "lambda", &[("duration_ms", Value::Number(2000.0)), ("timeout_s", Value::Number(timeout_s))]);
    conn(&mut d, "users", "fn");
    latency::project(&d)
}

#[test]
fn the_lambda_timeout_caps_the_invocation() {
    let long = lambda(900.0);
    let short = lambda(3.0);
    let (l, s) = (&long.entries[0], &short.entries[0]);
    // uncapped, the p99 is the 6 s tail; capped at 3 s, an invocation never takes longer
    // than 3 s plus the warm overhead, the network hop and a rare cold start
    assert!(l.p99_ms > 5000.0, "p99 without a binding timeout: {}", l.p99_ms);
    assert!(s.p99_ms < 3600.0, "p99 capped by a 3 s timeout: {}", s.p99_ms);
    assert!(s.p50_ms > 1900.0, "the median invocation is unaffected: {}", s.p50_ms);
    let hop = s.paths[0].hops.iter().find(|h| h.node.as_str() == "fn").unwrap();
    assert!(hop.notes.iter().any(|n| n.contains("past the 3 s timeout")), "{:?}", hop.notes);
    assert!(!long.entries[0].paths[0].hops.iter().any(|h| h.notes.iter().any(|n| n.contains("timeout"))));
}

fn edge(geo: &str, class: &str) -> f64 {
    let mut d = Design::new("t", "us-east-1");
    add(&mut d, "users", "users", &[("geography", Value::Text(geo.into()))]);
    add(&mut d, "cdn", "cloudfront", &[("price_class", Value::Text(class.into())), ("cache_hit_ratio", Value::Number(1.0))]);
    conn(&mut d, "users", "cdn");
    latency::project(&d).entries[0].p50_ms
}

#[test]
fn price_class_100_serves_asia_pacific_from_far_edges() {
    // All hits at the edge: the request is the viewer's trip to the edge and the edge's answer.
    let near = edge("asia-pacific", "all");
    let far = edge("asia-pacific", "100");
    assert_eq!(near, edge("asia-pacific", "200"), "price class 200 keeps the Asia-Pacific edges");
    // about 18 ms to a local edge; to a US west coast edge: 45 ms in the region + the Pacific
    assert!(far > near + 100.0, "near {near} ms, far {far} ms");
    // North American viewers are served alike in every class
    assert_eq!(edge("north-america", "all"), edge("north-america", "100"));
    // global viewers: 30% of them pay the trip
    assert!(edge("global", "100") > edge("global", "all"));
}
