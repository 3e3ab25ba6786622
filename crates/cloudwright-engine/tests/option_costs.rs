//! The charges of options a property turns on or changes (issue 19), each checked against a
//! figure worked out by hand from the price book (`data/prices.json`, sources there). A month
//! is 730 h; 1 GB = 1,000,000 KB; default workload: request 2 KB, response 20 KB.

use cloudwright_engine::cost::{self, CostReport};
use cloudwright_engine::model::{ConnKind, Connection, Design, Node, NodeId, Value};
use std::collections::BTreeMap;

fn design() -> Design {
    Design::new("case", "us-east-1")
}
fn n(x: f64) -> Value {
    Value::Number(x)
}
fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}
fn b(x: bool) -> Value {
    Value::Bool(x)
}
fn add(d: &mut Design, id: &str, kind: &str, parent: Option<&str>, props: &[(&str, Value)]) {
    let props: BTreeMap<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    d.nodes.insert(
        NodeId::new(id),
        Node { label: id.to_uppercase(), parent: parent.map(NodeId::new), props, ..Node::new(id, kind) },
    );
}
fn conn<'a>(d: &'a mut Design, from: &str, to: &str, kind: ConnKind) -> &'a mut Connection {
    d.insert_connection(from, to, kind)
}
fn set(d: &mut Design, id: &str, key: &str, v: Value) {
    d.nodes.get_mut(&NodeId::new(id)).unwrap().props.insert(key.into(), v);
}
/// Sum of one node's lines whose price id starts with `prefix`.
fn sum(r: &CostReport, node: &str, prefix: &str) -> f64 {
    r.lines_of(node).filter(|l| l.price_id.starts_with(prefix)).map(|l| l.monthly).sum()
}
#[track_caller]
fn close(got: f64, want: f64) {
    let tol = 1e-6 * want.abs().max(1.0);
    assert!((got - want).abs() <= tol, "got {got}, want {want}");
}

#[test]
fn a_private_nat_gateway_has_no_public_address() {
    // public: 730 × 0.045 = 32.85 + public IPv4 730 × 0.005 = 3.65 -> 36.50; private: 32.85
    let mut d = design();
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "az", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "sub", "subnet", Some("az"), &[("tier", t("public"))]);
    add(&mut d, "nat", "nat-gateway", Some("sub"), &[]);
    close(cost::cost(&d).node_total("nat"), 36.50);
    set(&mut d, "nat", "connectivity", t("private"));
    let r = cost::cost(&d);
    close(r.node_total("nat"), 32.85);
    assert_eq!(sum(&r, "nat", "ipv4"), 0.0);
}

#[test]
fn transit_gateway_bills_its_attachments_and_the_data_set_on_it() {
    // 3 attachments × 730 h × 0.05 = 109.50; 1,000 GB set × 0.02 = 20.00
    let mut d = design();
    add(&mut d, "tgw", "transit-gateway", None, &[("attachments", n(3.0)), ("gb_per_month", n(1000.0))]);
    let r = cost::cost(&d);
    close(sum(&r, "tgw", "tgw.attachment"), 109.50);
    close(sum(&r, "tgw", "tgw.gb"), 20.0);
    // 0 = the traffic drawn through it (none here)
    set(&mut d, "tgw", "gb_per_month", n(0.0));
    close(sum(&cost::cost(&d), "tgw", "tgw.gb"), 0.0);
}

#[test]
fn a_redundant_on_premises_link_is_billed_twice() {
    // VPN: 730 × 0.05 = 36.50, redundant 73.00; Direct Connect 1 Gbps: 730 × 0.30 = 219, redundant 438
    let mut d = design();
    add(&mut d, "site", "on-premises", None, &[]);
    close(cost::cost(&d).node_total("site"), 36.50);
    set(&mut d, "site", "redundant", b(true));
    close(cost::cost(&d).node_total("site"), 73.00);
    set(&mut d, "site", "connection", t("direct-connect"));
    close(cost::cost(&d).node_total("site"), 438.0);
}

fn dns(policy: &str) -> f64 {
    let mut d = design();
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "dns", "route53", None, &[("routing_policy", t(policy))]);
    // An EC2 instance's address: a record that cannot be an alias, so its queries are billed
    // (queries to an alias record are free: tests/route53_alias.rs).
    add(&mut d, "web", "ec2", None, &[]);
    conn(&mut d, "users", "dns", ConnKind::Sync);
    conn(&mut d, "dns", "web", ConnKind::Sync);
    cost::cost(&d).node_total("dns")
}

#[test]
fn route53_queries_cost_what_their_routing_policy_costs() {
    // DNS -> EC2 (not an alias target):
    // zone 0.50 + 10M queries × 0.40 (standard) = 4.50; latency 0.60 -> 6.50; geolocation 0.70 -> 7.50
    close(dns("simple"), 4.50);
    close(dns("failover"), 4.50);
    close(dns("weighted"), 4.50);
    close(dns("latency"), 6.50);
    close(dns("geolocation"), 7.50);
}

fn cdn(geo: &str, props: &[(&str, Value)]) -> f64 {
    let mut d = design();
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0)), ("geography", t(geo))]);
    add(&mut d, "cdn", "cloudfront", None, props);
    conn(&mut d, "users", "cdn", ConnKind::Sync);
    sum(&cost::cost(&d), "cdn", "cloudfront.dto")
}

#[test]
fn cloudfront_price_class_and_compression_change_the_transfer() {
    // 10M × 20 KB = 200 GB to viewers.
    let off = ("compression", b(false));
    // Asia-Pacific viewers: all edges 200 × 0.12 = 24; price class 100 serves them from
    // North America/Europe: 200 × 0.085 = 17
    close(cdn("asia-pacific", &[off.clone()]), 24.0);
    close(cdn("asia-pacific", &[off.clone(), ("price_class", t("200"))]), 24.0);
    close(cdn("asia-pacific", &[off.clone(), ("price_class", t("100"))]), 17.0);
    // global: 30% Asia-Pacific -> 60 × 0.12 = 7.20 + 140 × 0.085 = 11.90 -> 19.10; class 100: 200 × 0.085 = 17
    close(cdn("global", &[off.clone()]), 19.10);
    close(cdn("global", &[off.clone(), ("price_class", t("100"))]), 17.0);
    // compression (on by default) halves the bytes: 100 × 0.085 = 8.50
    close(cdn("north-america", &[]), 8.50);
    close(cdn("north-america", &[off]), 17.0);
}

#[test]
fn waf_bills_managed_rule_groups_and_the_rate_based_rule() {
    // ACL 5 + (2 custom + 3 managed groups + 1 rate-based) × 1 = 11; without both: 5 + 2 = 7
    let mut d = design();
    add(&mut d, "waf", "waf", None, &[("rules", n(2.0)), ("managed_rules", b(true)), ("rate_limit", b(true))]);
    close(cost::cost(&d).node_total("waf"), 11.0);
    set(&mut d, "waf", "managed_rules", b(false));
    set(&mut d, "waf", "rate_limit", b(false));
    close(cost::cost(&d).node_total("waf"), 7.0);
}

#[test]
fn ebs_bills_provisioned_iops() {
    // gp3 100 GB × 0.08 = 8 + (6,000 − 3,000 included) × 0.005 = 15 -> 23
    let mut d = design();
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "az", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "sub", "subnet", Some("az"), &[]);
    add(&mut d, "vol", "ebs", Some("sub"), &[("volume_type", t("gp3")), ("size_gb", n(100.0)), ("iops", n(6000.0))]);
    close(cost::cost(&d).node_total("vol"), 23.0);
    // at or below 3,000 IOPS gp3 bills storage only
    set(&mut d, "vol", "iops", n(3000.0));
    close(cost::cost(&d).node_total("vol"), 8.0);
    // io2 100 GB × 0.125 = 12.50 + 32,000 × 0.065 = 2,080 + 8,000 × 0.0455 = 364 -> 2,456.50
    set(&mut d, "vol", "volume_type", t("io2"));
    set(&mut d, "vol", "iops", n(40000.0));
    close(cost::cost(&d).node_total("vol"), 2456.50);
}

#[test]
fn kinesis_retention_beyond_a_day() {
    // provisioned, 2 shards, no traffic: 2 × 730 × 0.015 = 21.90; 72 h adds extended retention
    // 2 × 730 × 0.020 = 29.20 -> 51.10
    let mut d = design();
    add(&mut d, "ks", "kinesis", None, &[("mode", t("provisioned")), ("shards", n(2.0))]);
    close(cost::cost(&d).node_total("ks"), 21.90);
    set(&mut d, "ks", "retention_hours", n(72.0));
    close(cost::cost(&d).node_total("ks"), 51.10);
    // on-demand, 10M records × 2 KB = 20 GB a month, kept 720 h:
    // extended (24 h..168 h): 20 × 144 / 730 = 3.945205… GB × 0.10 = 0.3945205…
    // long-term (168 h..720 h): 20 × 552 / 730 = 15.123287… GB × 0.023 = 0.3478356…
    let mut d = design();
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "fn", "lambda", None, &[]);
    add(&mut d, "ks", "kinesis", None, &[("retention_hours", n(720.0))]);
    conn(&mut d, "users", "fn", ConnKind::Sync);
    conn(&mut d, "fn", "ks", ConnKind::Async);
    let r = cost::cost(&d);
    close(sum(&r, "ks", "kinesis.ondemand.extended_retention"), 20.0 * 144.0 / 730.0 * 0.10);
    close(sum(&r, "ks", "kinesis.long_term_retention"), 20.0 * 552.0 / 730.0 * 0.023);
}

#[test]
fn sns_bills_deliveries_by_protocol() {
    // 10M publishes of 2 KB: publishes 10 × 0.50 = 5; SQS subscriber drawn: free; an ECS
    // service drawn (HTTPS): 10M × 0.60 = 6; subscriptions 4, 2 drawn -> 2 not drawn,
    // priced as HTTP/S: 20M × 0.60 = 12 -> 23
    let mut d = design();
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "fn", "lambda", None, &[]);
    add(&mut d, "topic", "sns", None, &[("subscriptions", n(4.0))]);
    add(&mut d, "q", "sqs", None, &[]);
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "svc", "ecs-service", Some("vpc"), &[]);
    conn(&mut d, "users", "fn", ConnKind::Sync);
    conn(&mut d, "fn", "topic", ConnKind::Async);
    conn(&mut d, "topic", "q", ConnKind::Async);
    conn(&mut d, "topic", "svc", ConnKind::Async);
    close(cost::cost(&d).node_total("topic"), 23.0);
    // FIFO topic, SQS subscriber only: publishes 10 × 0.30 = 3 + payload 10M × 2 KB = 20 GB × 0.017 = 0.34
    let mut d = design();
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "fn", "lambda", None, &[]);
    add(&mut d, "topic", "sns", None, &[("fifo", b(true))]);
    add(&mut d, "q", "sqs", None, &[("queue_type", t("fifo"))]);
    conn(&mut d, "users", "fn", ConnKind::Sync);
    conn(&mut d, "fn", "topic", ConnKind::Async);
    conn(&mut d, "topic", "q", ConnKind::Async);
    close(cost::cost(&d).node_total("topic"), 3.34);
}

#[test]
fn dynamodb_stream_reads_by_consumers_other_than_lambda() {
    // 10M writes (read share 0), streams on, read by a Lambda (free) and an ECS service:
    // 10M × 1 × 0.20 per million = 2.00
    let mut d = design();
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "fn", "lambda", None, &[]);
    add(&mut d, "table", "dynamodb", None, &[("read_ratio", n(0.0)), ("streams", b(true))]);
    add(&mut d, "trigger", "lambda", None, &[]);
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "svc", "ecs-service", Some("vpc"), &[]);
    conn(&mut d, "users", "fn", ConnKind::Sync);
    conn(&mut d, "fn", "table", ConnKind::Sync);
    conn(&mut d, "table", "trigger", ConnKind::Async);
    conn(&mut d, "table", "svc", ConnKind::Async);
    close(sum(&cost::cost(&d), "table", "dynamodb.streams"), 2.0);
    set(&mut d, "table", "streams", b(false));
    close(sum(&cost::cost(&d), "table", "dynamodb.streams"), 0.0);
}

#[test]
fn cloud_map_namespaces_are_hosted_zones() {
    // 2 DNS namespaces × 0.50 = 1.00
    let mut d = design();
    add(&mut d, "map", "cloud-map", None, &[("namespaces", n(2.0))]);
    close(cost::cost(&d).node_total("map"), 1.0);
}

#[test]
fn eks_control_plane_logs_are_log_ingestion() {
    // 730 × 0.10 = 73.00; logging on, 30 GB × 0.50 = 15.00 -> 88.00; free tier: 25 GB × 0.50 -> 85.50
    let mut d = design();
    add(&mut d, "eks", "eks-cluster", None, &[]);
    close(cost::cost(&d).node_total("eks"), 73.0);
    set(&mut d, "eks", "control_plane_logging", b(true));
    close(cost::cost(&d).node_total("eks"), 88.0);
    d.workload.free_tier = true;
    close(cost::cost(&d).node_total("eks"), 85.5);
}

#[test]
fn training_bills_every_instance_and_managed_spot_saves() {
    // ml.g5.xlarge 1.408 × 2 instances × 20 h = 56.32; Managed Spot (−70%): 56.32 × 0.3 = 16.896
    let mut d = design();
    add(&mut d, "train", "sagemaker-training", None, &[("instance_type", t("ml.g5.xlarge")), ("instances", n(2.0)), ("hours_per_month", n(20.0))]);
    close(cost::cost(&d).node_total("train"), 56.32);
    set(&mut d, "train", "spot", b(true));
    close(cost::cost(&d).node_total("train"), 16.896);
}
