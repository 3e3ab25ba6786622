//! QA s23 #4: Route 53 billed one query per request also for alias records to CloudFront or a
//! load balancer, which AWS does not charge for ("Queries to Alias records that are mapped to
//! Elastic Load Balancing load balancers, CloudFront distributions, AWS Elastic Beanstalk
//! environments, API Gateways, VPC endpoints, or Amazon S3 website buckets are provided at no
//! additional charge", aws.amazon.com/route53/pricing; price `route53.queries.alias`, $0).
//! Each case is worked out by hand from the price book (`data/prices.json`): a hosted zone
//! $0.50 a month; standard queries $0.40 per million for the first billion a month, $0.20
//! above; latency-based $0.60.

use cloudwright_engine::cost::{self, CostReport};
use cloudwright_engine::model::{ConnKind, Connection, Design, Node, NodeId, Value};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn n(x: f64) -> Value {
    Value::Number(x)
}
fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}
fn b(x: bool) -> Value {
    Value::Bool(x)
}
fn add(d: &mut Design, id: &str, kind: &str, props: &[(&str, Value)]) {
    let props: BTreeMap<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    d.nodes.insert(NodeId::new(id), Node { label: id.to_uppercase(), props, ..Node::new(id, kind) });
}
fn conn<'a>(d: &'a mut Design, from: &str, to: &str) -> &'a mut Connection {
    d.insert_connection(from, to, ConnKind::Sync)
}
/// Users sending `requests` a month to a Route 53 node `dns` with `props`.
fn dns(requests: f64, props: &[(&str, Value)]) -> Design {
    let mut d = Design::new("case", "us-east-1");
    add(&mut d, "users", "users", &[("requests_per_month", n(requests))]);
    add(&mut d, "dns", "route53", props);
    conn(&mut d, "users", "dns");
    d
}
/// The DNS node's lines of a price: (quantity in the price's unit, monthly).
fn line(r: &CostReport, price: &str) -> Option<(f64, f64)> {
    let mut ls = r.lines_of("dns").filter(|l| l.price_id == price);
    let l = ls.next()?;
    assert!(ls.next().is_none(), "one {price} line");
    Some((l.quantity, l.monthly))
}
/// What the DNS node's queries cost (every `route53.queries*` line).
fn queries_cost(r: &CostReport) -> f64 {
    r.lines_of("dns").filter(|l| l.price_id.starts_with("route53.queries")).map(|l| l.monthly).sum()
}
#[track_caller]
fn close(got: f64, want: f64) {
    let tol = 1e-9 * want.abs().max(1.0);
    assert!((got - want).abs() <= tol, "got {got}, want {want}");
}

#[test]
fn alias_queries_to_cloudfront_are_free_and_the_zone_is_still_billed() {
    // users 10M/month -> DNS -> CloudFront: an alias record.
    // hosted zone: 1 × $0.50 = $0.50
    // queries: 10M = 10 (1M) × $0 = $0, shown as a line that says they are free
    // DNS total: 0.50 + 0 = $0.50 (it was 0.50 + 10 × 0.40 = $4.50)
    let mut d = dns(10_000_000.0, &[]);
    add(&mut d, "cdn", "cloudfront", &[]);
    conn(&mut d, "dns", "cdn");
    let r = cost::cost(&d);
    close(line(&r, "route53.zone").unwrap().1, 0.50);
    let (q, m) = line(&r, "route53.queries.alias").expect("a $0 line for the alias queries, not a vanished one");
    close(q, 10.0);
    close(m, 0.0);
    let l = r.lines_of("dns").find(|l| l.price_id == "route53.queries.alias").unwrap();
    assert_eq!(l.what, "alias queries to CloudFront: free (simple policy)");
    assert!(l.note.contains("Route 53 pricing") && l.source.contains("no additional charge"), "says why: {} / {}", l.note, l.source);
    assert!(line(&r, "route53.queries").is_none(), "no billed queries");
    close(r.node_total("dns"), 0.50);
    // An exact $0 quoted from AWS is no estimate, and its unit price reads "$0", not
    // "≈$0.0000" (QA s23 second pass, fix 2): the cost panel writes "10.0 × $0 per 1M queries".
    assert!(!l.estimated, "an exact free line is not estimated");
    assert_eq!(cloudwright_engine::units::unit_price(l.unit_price), "$0");
}

#[test]
fn queries_to_an_ec2_address_are_still_billed_at_the_standard_tiers() {
    // users 10M/month -> DNS -> EC2 instance: an A record of its address, not an alias.
    // zone 0.50 + 10 (1M) × $0.40 = 0.50 + 4.00 = $4.50
    let mut d = dns(10_000_000.0, &[]);
    add(&mut d, "web", "ec2", &[]);
    conn(&mut d, "dns", "web");
    let r = cost::cost(&d);
    close(line(&r, "route53.queries").unwrap().1, 4.00);
    assert!(line(&r, "route53.queries.alias").is_none());
    close(r.node_total("dns"), 4.50);
    // 1.5 billion: the first 1,000 (1M) at $0.40, the 500 above at $0.20:
    // 1,000 × 0.40 + 500 × 0.20 = 400 + 100 = $500; with the zone $500.50
    let mut d = dns(1_500_000_000.0, &[]);
    add(&mut d, "web", "ec2", &[]);
    conn(&mut d, "dns", "web");
    let r = cost::cost(&d);
    close(line(&r, "route53.queries").unwrap().1, 500.0);
    close(r.node_total("dns"), 500.50);
}

#[test]
fn every_alias_capable_kind_is_free_and_others_are_billed() {
    // 10M queries to one target: alias -> $0 queries; not alias -> 10 × 0.40 = $4.00.
    let cases: &[(&str, &[(&str, Value)], f64)] = &[
        ("cloudfront", &[], 0.0),
        ("alb", &[], 0.0),
        ("nlb", &[], 0.0),
        ("api-gateway", &[], 0.0),
        ("vpc-endpoint-interface", &[], 0.0),
        // an alias can point at a bucket's website endpoint only
        ("s3", &[("website_hosting", Value::Bool(true))], 0.0),
        ("s3", &[("website_hosting", Value::Bool(false))], 4.0),
        ("ec2", &[], 4.0),
        ("asg", &[], 4.0),
        ("external-api", &[], 4.0),
        ("on-premises", &[], 4.0),
    ];
    for (kind, props, want) in cases {
        let mut d = dns(10_000_000.0, &[]);
        add(&mut d, "target", kind, props);
        conn(&mut d, "dns", "target");
        let r = cost::cost(&d);
        assert!(r.lines_of("dns").any(|l| l.price_id.starts_with("route53.queries")), "{kind}: a queries line");
        let got = queries_cost(&r);
        assert!((got - want).abs() < 1e-9, "{kind} {props:?}: queries cost {got}, want {want}");
    }
}

#[test]
fn queries_split_as_the_traffic_plan_splits_them() {
    // 10M queries, 75% to CloudFront (alias), 25% to an EC2 instance (not):
    // alias 7.5 (1M) × $0 = $0; billed 2.5 (1M) × $0.40 = $1.00; zone $0.50 -> DNS $1.50
    let mut d = dns(10_000_000.0, &[]);
    add(&mut d, "cdn", "cloudfront", &[]);
    add(&mut d, "web", "ec2", &[]);
    conn(&mut d, "dns", "cdn").share = Some(0.75);
    conn(&mut d, "dns", "web").share = Some(0.25);
    let r = cost::cost(&d);
    let (q, m) = line(&r, "route53.queries.alias").unwrap();
    close(q, 7.5);
    close(m, 0.0);
    let (q, m) = line(&r, "route53.queries").unwrap();
    close(q, 2.5);
    close(m, 1.0);
    close(r.node_total("dns"), 1.50);
    // Latency-based routing: the billed 2.5 (1M) × $0.60 = $1.50; alias still $0 -> DNS $2.00
    let mut d = dns(10_000_000.0, &[("routing_policy", t("latency"))]);
    add(&mut d, "cdn", "cloudfront", &[]);
    add(&mut d, "web", "ec2", &[]);
    conn(&mut d, "dns", "cdn").share = Some(0.75);
    conn(&mut d, "dns", "web").share = Some(0.25);
    let r = cost::cost(&d);
    close(line(&r, "route53.queries.alias").unwrap().1, 0.0);
    close(line(&r, "route53.queries.latency").unwrap().1, 1.50);
    close(r.node_total("dns"), 2.00);
    // Shares over 100%: 1.0 to CloudFront and 1.0 to EC2 = 20M drawn for 10M queries, scaled
    // to 10M: alias 5 (1M) free, billed 5 × 0.40 = $2.00; zone 0.50 -> $2.50
    let mut d = dns(10_000_000.0, &[]);
    add(&mut d, "cdn", "cloudfront", &[]);
    add(&mut d, "web", "ec2", &[]);
    conn(&mut d, "dns", "cdn").share = Some(1.0);
    conn(&mut d, "dns", "web").share = Some(1.0);
    let r = cost::cost(&d);
    close(line(&r, "route53.queries.alias").unwrap().0, 5.0);
    close(line(&r, "route53.queries").unwrap().1, 2.0);
    close(r.node_total("dns"), 2.50);
    // Shares under 100%: 40% to CloudFront, the other 60% routed to no drawn target stay
    // billed: 6 (1M) × 0.40 = $2.40; zone 0.50 -> $2.90
    let mut d = dns(10_000_000.0, &[]);
    add(&mut d, "cdn", "cloudfront", &[]);
    conn(&mut d, "dns", "cdn").share = Some(0.4);
    let r = cost::cost(&d);
    close(line(&r, "route53.queries.alias").unwrap().0, 4.0);
    close(line(&r, "route53.queries").unwrap().1, 2.4);
    close(r.node_total("dns"), 2.90);
}

#[test]
fn health_checks_stay_billed() {
    // failover to two ALBs with health checks: zone 0.50 + 2 health checks × 0.50 = $1.50;
    // the 10M queries are alias queries, $0.
    let mut d = dns(10_000_000.0, &[("routing_policy", t("failover")), ("health_checks", b(true))]);
    add(&mut d, "a", "alb", &[]);
    add(&mut d, "b", "alb", &[]);
    conn(&mut d, "dns", "a");
    conn(&mut d, "dns", "b");
    let r = cost::cost(&d);
    close(line(&r, "route53.health_check").unwrap().1, 1.0);
    close(line(&r, "route53.queries.alias").unwrap().0, 10.0);
    close(r.node_total("dns"), 1.50);
}

const KINDS: &[&str] = &["cloudfront", "alb", "nlb", "api-gateway", "vpc-endpoint-interface", "s3", "ec2", "asg", "external-api", "lambda"];
const ALIAS: &[&str] = &["cloudfront", "alb", "nlb", "api-gateway", "vpc-endpoint-interface"];
const POLICIES: &[&str] = &["simple", "weighted", "latency", "failover", "geolocation"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// Pointing a Route 53 node at one more alias target never raises what its queries cost,
    /// nor (without health checks, which are one per target) the node's bill; and the queries
    /// on its lines always add up to its requests.
    #[test]
    fn adding_an_alias_target_never_raises_the_bill(
        requests in prop_oneof![Just(0.0), 1.0e3..5.0e9f64],
        policy in 0..POLICIES.len(),
        targets in proptest::collection::vec((0..KINDS.len(), proptest::option::of(0.0..1.2f64), any::<bool>()), 0..4),
        new_kind in 0..ALIAS.len(),
        new_share in proptest::option::of(0.0..1.2f64),
    ) {
        let mut d = dns(requests, &[("routing_policy", t(POLICIES[policy]))]);
        for (i, (k, share, website)) in targets.iter().enumerate() {
            let id = format!("t{i}");
            let props: &[(&str, Value)] = if KINDS[*k] == "s3" { &[("website_hosting", Value::Bool(*website))] } else { &[] };
            add(&mut d, &id, KINDS[*k], props);
            conn(&mut d, "dns", &id).share = *share;
        }
        let before = cost::cost(&d);
        add(&mut d, "new", ALIAS[new_kind], &[]);
        conn(&mut d, "dns", "new").share = new_share;
        let after = cost::cost(&d);
        for r in [&before, &after] {
            let q: f64 = r.lines_of("dns").filter(|l| l.price_id.starts_with("route53.queries")).map(|l| l.quantity).sum();
            prop_assert!((q - requests / 1e6).abs() <= 1e-9 * (requests / 1e6).max(1.0), "queries {q} of {requests}");
        }
        let tol = 1e-9 * queries_cost(&before).max(1.0);
        prop_assert!(queries_cost(&after) <= queries_cost(&before) + tol, "queries {} -> {}", queries_cost(&before), queries_cost(&after));
        prop_assert!(after.node_total("dns") <= before.node_total("dns") + tol, "DNS {} -> {}", before.node_total("dns"), after.node_total("dns"));
    }
}
