//! Issue 11: every charge counted once, in the right place, the same in every analysis.
//!
//! Each example of the issue is a case here with its arithmetic worked out by hand from the
//! list prices (reference: /work/shared/reference/aws-list-prices-us-east-1.md; a month is
//! 730 h, 1 GB = 1,000,000 KB), and each kind of fault has a property test over every kind
//! of node it can touch. Default workload: request 2 KB, response 20 KB, on-demand.

use cloudwright_engine::cost::{self, CostReport};
use cloudwright_engine::model::{ConnKind, Connection, Design, Node, NodeId, Value};
use cloudwright_engine::{catalog, traffic};
use proptest::prelude::*;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------- helpers

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
        Node { parent: parent.map(NodeId::new), props, ..Node::new(id, kind) },
    );
}

fn conn<'a>(d: &'a mut Design, from: &str, to: &str, kind: ConnKind) -> &'a mut Connection {
    d.insert_connection(from, to, kind)
}

fn users(d: &mut Design, requests: f64) {
    add(d, "users", "users", None, &[("requests_per_month", n(requests))]);
}

/// VPC with AZs a and b, each with a public, a private and an isolated subnet.
fn vpc(d: &mut Design) {
    add(d, "vpc", "vpc", None, &[]);
    for z in ["a", "b"] {
        add(d, &format!("az-{z}"), "az", Some("vpc"), &[("zone", t(z))]);
        add(d, &format!("pub-{z}"), "subnet", Some(&format!("az-{z}")), &[("tier", t("public"))]);
        add(d, &format!("priv-{z}"), "subnet", Some(&format!("az-{z}")), &[("tier", t("private"))]);
        add(d, &format!("iso-{z}"), "subnet", Some(&format!("az-{z}")), &[("tier", t("isolated"))]);
    }
}

/// Sum of one node's lines whose price id starts with `prefix`.
fn sum(r: &CostReport, node: &str, prefix: &str) -> f64 {
    r.lines_of(node).filter(|l| l.price_id.starts_with(prefix)).map(|l| l.monthly).sum()
}
/// Sum over every node of the lines whose price id starts with `prefix`.
fn total(r: &CostReport, prefix: &str) -> f64 {
    r.lines.iter().filter(|l| l.price_id.starts_with(prefix)).map(|l| l.monthly).sum()
}
/// Quantity (in the price's unit) over every node of the lines whose price id starts with `prefix`.
fn qty(r: &CostReport, prefix: &str) -> f64 {
    r.lines.iter().filter(|l| l.price_id.starts_with(prefix)).map(|l| l.quantity).sum()
}

#[track_caller]
fn close(got: f64, want: f64) {
    let tol = 1e-6 * want.abs().max(1.0);
    assert!((got - want).abs() <= tol, "got {got}, want {want}");
}

// ============================================================================ 1. capacity units once

/// users -> `lb` -> each of `targets`; every leg carries the same response.
fn lb_design(lb: &str, targets: &[(&str, &str)], requests: f64, response_kb: f64) -> Design {
    let mut d = design();
    users(&mut d, requests);
    add(&mut d, "lb", lb, None, &[("internet_facing", b(false))]);
    conn(&mut d, "users", "lb", ConnKind::Sync).payload_kb = Some(response_kb);
    for (id, kind) in targets {
        add(&mut d, id, kind, None, &[]);
        conn(&mut d, "lb", id, ConnKind::Sync).payload_kb = Some(response_kb);
    }
    d
}

#[test]
fn alb_processed_bytes_are_counted_once() {
    // 1M requests × (2 KB in + 4,998 KB out) = 5,000 GB through the ALB, split over two EC2
    // instances. 5,000 GB / 730 h = 6.849 GB/h = 6.849 LCU (bytes dominate: 1M / 2,628,000 s
    // = 0.38 new connections/s / 25 = 0.015 LCU) → 6.849 × 730 = 5,000 LCU-h × $0.008 = $40.00.
    // (Adding the target leg counted the same 5,000 GB again: 10,000 LCU-h = $80.00.)
    let d = lb_design("alb", &[("vm-1", "ec2"), ("vm-2", "ec2")], 1e6, 4998.0);
    let r = cost::cost(&d);
    close(r.traffic.of(&NodeId::new("lb")).lcu_hours, 5000.0);
    close(sum(&r, "lb", "alb.lcu"), 40.0);
}

#[test]
fn nlb_processed_bytes_are_counted_once() {
    // 1M requests × (2 + 2,998 KB) = 3,000 GB to its targets: 3,000 / 730 GB/h = 4.11 NLCU
    // (new flows 0.38/s / 800 are nothing) → 3,000 NLCU-h × $0.006 = $18.00 (not $36.00).
    let d = lb_design("nlb", &[("fleet", "asg")], 1e6, 2998.0);
    let r = cost::cost(&d);
    close(r.traffic.of(&NodeId::new("lb")).lcu_hours, 3000.0);
    close(sum(&r, "lb", "nlb.nlcu"), 18.0);
}

#[test]
fn alb_lambda_targets_keep_their_own_byte_rate() {
    // Lambda targets: 0.4 GB/h per LCU. 1M × (2 + 998 KB) = 1,000 GB / 730 h / 0.4
    // = 3.425 LCU → 2,500 LCU-h × $0.008 = $20.00.
    let d = lb_design("alb", &[("fn", "lambda")], 1e6, 998.0);
    close(sum(&cost::cost(&d), "lb", "alb.lcu"), 20.0);
    // Half to Lambda, half to an instance: 1,000 GB × (0.5 / 1 + 0.5 / 0.4) = 1,750 LCU-h
    // × $0.008 = $14.00.
    let d = lb_design("alb", &[("fn", "lambda"), ("vm", "ec2")], 1e6, 998.0);
    close(sum(&cost::cost(&d), "lb", "alb.lcu"), 14.0);
}

#[test]
fn alb_connection_and_rule_dimensions_are_counted_once() {
    // No payload: 90M requests / 2,628,000 s = 34.25 new connections/s / 25 = 1.37 LCU
    // (active connections: 34.25 × 60 / 3,000 = 0.68) → 1.37 × 730 = 1,000 LCU-h = $8.00,
    // with or without targets (a connection to a target is not a client connection).
    let mut w = lb_design("alb", &[("vm-1", "ec2"), ("vm-2", "ec2")], 90e6, 0.0);
    w.workload.request_kb = 0.0;
    let r = cost::cost(&w);
    close(r.traffic.of(&NodeId::new("lb")).lcu_hours, 1000.0);
    close(sum(&r, "lb", "alb.lcu"), 8.0);
    // 100 rules per request: (100 − 10 free) × 34.25 / 1,000 = 3.08 LCU → 90 × 90M / 3,600,000
    // = 2,250 LCU-h = $18.00 (rule evaluations are per request, not per leg).
    w.nodes.get_mut(&NodeId::new("lb")).unwrap().props.insert("rules_per_request".into(), n(100.0));
    close(sum(&cost::cost(&w), "lb", "alb.lcu"), 18.0);
}

/// Kinds a load balancer can send requests to.
fn lb_target_kinds() -> Vec<&'static str> {
    catalog::KINDS.iter().filter(|k| k.accepts.contains(&ConnKind::Sync) && k.id != "lambda").map(|k| k.id).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the targets behind it (any kind but Lambda, any number), a load balancer's
    /// capacity units are those of its clients' traffic alone: the target leg is never added.
    #[test]
    fn lb_capacity_units_ignore_the_target_leg(
        alb in any::<bool>(),
        requests in 0.0f64..5e8,
        response_kb in 0.0f64..2000.0,
        picks in proptest::collection::vec(0usize..64, 0..4),
    ) {
        let kinds = lb_target_kinds();
        let lb = if alb { "alb" } else { "nlb" };
        let targets: Vec<(String, &str)> = picks.iter().enumerate().map(|(i, p)| (format!("t{i}"), kinds[p % kinds.len()])).collect();
        let refs: Vec<(&str, &str)> = targets.iter().map(|(a, k)| (a.as_str(), *k)).collect();
        let with = traffic::traffic(&lb_design(lb, &refs, requests, response_kb));
        let alone = traffic::traffic(&lb_design(lb, &[], requests, response_kb));
        let (a, b) = (with.of(&NodeId::new("lb")).lcu_hours, alone.of(&NodeId::new("lb")).lcu_hours);
        prop_assert!((a - b).abs() <= 1e-9 * b.max(1.0), "{lb} with {targets:?}: {a} vs {b} alone");
    }
}

// ============================================================================ 3. one thing billed once

#[test]
fn nat_gateway_drawn_with_its_elastic_ip_bills_one_address() {
    // NAT: 730 h × $0.045 = $32.85 + one public IPv4 730 h × $0.005 = $3.65 → $36.50.
    // With its Elastic IP drawn, the address is billed on the Elastic IP node: $32.85 + $3.65
    // there; the design still pays $3.65 of IPv4 (it paid $7.30 when both billed it).
    let mut d = design();
    vpc(&mut d);
    add(&mut d, "nat", "nat-gateway", Some("pub-a"), &[]);
    let alone = cost::cost(&d);
    close(alone.node_total("nat"), 36.5);
    add(&mut d, "eip", "elastic-ip", Some("pub-a"), &[]);
    conn(&mut d, "eip", "nat", ConnKind::Association);
    let r = cost::cost(&d);
    close(r.node_total("nat"), 32.85);
    close(r.node_total("eip"), 3.65);
    close(total(&r, "ipv4"), 3.65);
    close(r.monthly, alone.monthly);
}

#[test]
fn addresses_drawn_as_elastic_ips_are_billed_once() {
    // Internet-facing NLB in 3 AZs: 3 addresses × $3.65 = $10.95, however many of them are
    // drawn as Elastic IPs (2 drawn: $3.65 on the NLB + 2 × $3.65 on the Elastic IPs).
    let mut d = design();
    add(&mut d, "nlb", "nlb", None, &[("az_count", n(3.0)), ("internet_facing", b(true))]);
    for e in ["eip-1", "eip-2"] {
        add(&mut d, e, "elastic-ip", None, &[]);
        conn(&mut d, e, "nlb", ConnKind::Association);
    }
    let r = cost::cost(&d);
    close(sum(&r, "nlb", "ipv4"), 3.65);
    close(total(&r, "ipv4"), 10.95);
    // An instance with a public IP and an Elastic IP has one address: $3.65.
    let mut d = design();
    add(&mut d, "vm", "ec2", None, &[("public_ip", b(true))]);
    add(&mut d, "eip", "elastic-ip", None, &[]);
    conn(&mut d, "eip", "vm", ConnKind::Association);
    close(total(&cost::cost(&d), "ipv4"), 3.65);
    // One Elastic IP drawn attached to two things is one address: $3.65.
    let mut d = design();
    add(&mut d, "vm-1", "ec2", None, &[]);
    add(&mut d, "vm-2", "ec2", None, &[]);
    add(&mut d, "eip", "elastic-ip", None, &[]);
    conn(&mut d, "eip", "vm-1", ConnKind::Association);
    conn(&mut d, "eip", "vm-2", ConnKind::Association);
    close(total(&cost::cost(&d), "ipv4"), 3.65);
}

#[test]
fn a_root_volume_drawn_as_an_ebs_node_is_billed_once() {
    // m6i.large with a 30 GB gp3 root volume: 30 × $0.08 = $2.40. Drawing that root volume
    // as an EBS node (root_volume on, 30 GB gp3) moves the $2.40 to the node: still $2.40 of
    // EBS. A data volume (root_volume off) is a second volume: $4.80.
    let mut d = design();
    add(&mut d, "vm", "ec2", None, &[("ebs_gb", n(30.0))]);
    let alone = cost::cost(&d);
    close(total(&alone, "ebs."), 2.40);
    add(&mut d, "vol", "ebs", None, &[("size_gb", n(30.0)), ("root_volume", b(true))]);
    conn(&mut d, "vm", "vol", ConnKind::Association);
    let r = cost::cost(&d);
    close(total(&r, "ebs."), 2.40);
    close(sum(&r, "vol", "ebs."), 2.40);
    close(r.monthly, alone.monthly);
    d.nodes.get_mut(&NodeId::new("vol")).unwrap().props.insert("root_volume".into(), b(false));
    close(total(&cost::cost(&d), "ebs."), 4.80);
}

/// Kinds that own public IPv4 addresses, and the props that give them `own` addresses.
fn address_owner(kind: &str, own: u32) -> Option<Vec<(&'static str, Value)>> {
    let own = own as f64;
    Some(match kind {
        "nat-gateway" => vec![],
        "alb" | "nlb" => vec![("az_count", n(own.max(1.0))), ("internet_facing", b(own > 0.0))],
        "ec2" => vec![("count", n(own.max(1.0))), ("public_ip", b(own > 0.0))],
        "ecs-service" => vec![("tasks", n(own)), ("public_ip", b(own > 0.0))],
        _ => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Drawing Elastic IPs attached to any node never bills an address twice: the design pays
    /// for max(addresses the node has of its own, Elastic IPs drawn) addresses, for every kind.
    #[test]
    fn elastic_ips_never_bill_an_address_twice(k in 0usize..64, own in 0u32..4, eips in 0usize..4) {
        let kinds: Vec<_> = catalog::KINDS.iter().filter(|k| k.accepts.contains(&ConnKind::Association)).collect();
        let spec = kinds[k % kinds.len()];
        let props = address_owner(spec.id, own).unwrap_or_default();
        let mut d = design();
        add(&mut d, "x", spec.id, None, &props);
        let before = qty(&cost::cost(&d), "ipv4") / 730.0;
        for i in 0..eips {
            let e = format!("eip-{i}");
            add(&mut d, &e, "elastic-ip", None, &[]);
            conn(&mut d, &e, "x", ConnKind::Association);
        }
        let after = qty(&cost::cost(&d), "ipv4") / 730.0;
        prop_assert!((after - before.max(eips as f64)).abs() < 1e-9, "{}: {before} own, {eips} drawn, {after} billed", spec.id);
    }

    /// Drawing an instance's root volumes as EBS nodes (same type and size) never changes the
    /// bill, for every kind with root volumes.
    #[test]
    fn drawn_root_volumes_never_change_the_bill(kind in 0usize..3, count in 1u32..5, drawn in 0u32..5, gb in 8.0f64..500.0) {
        let kind = ["ec2", "asg", "eks-nodegroup"][kind];
        let drawn = drawn.min(count);
        let count_key = match kind { "ec2" | "eks-nodegroup" => "count", _ => "desired" };
        let mut d = design();
        add(&mut d, "x", kind, None, &[(count_key, n(count as f64)), ("ebs_gb", n(gb))]);
        let before = cost::cost(&d).monthly;
        for i in 0..drawn {
            let v = format!("vol-{i}");
            add(&mut d, &v, "ebs", None, &[("size_gb", n(gb)), ("root_volume", b(true))]);
            conn(&mut d, "x", &v, ConnKind::Association);
        }
        let after = cost::cost(&d).monthly;
        prop_assert!((after - before).abs() <= 1e-9 * before.max(1.0), "{kind}: {before} → {after}");
    }

    /// A log stream or an image pull drawn twice (the same association twice) is billed once,
    /// from any compute kind, private or not.
    #[test]
    fn an_association_drawn_twice_bills_once(kind in 0usize..4, private in any::<bool>(), to_ecr in any::<bool>()) {
        let kind = ["ec2", "ecs-service", "asg", "lambda"][kind];
        let mut d = design();
        vpc(&mut d);
        add(&mut d, "nat", "nat-gateway", Some("pub-a"), &[]);
        add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
        add(&mut d, "x", kind, Some(if private { "priv-a" } else { "pub-a" }), &[]);
        let target = if to_ecr { "ecr" } else { "cloudwatch" };
        add(&mut d, "svc", target, None, &[]);
        conn(&mut d, "x", "svc", ConnKind::Association);
        let once = cost::cost(&d).monthly;
        conn(&mut d, "x", "svc", ConnKind::Association);
        let twice = cost::cost(&d).monthly;
        prop_assert!((once - twice).abs() <= 1e-9 * once.max(1.0), "{kind} → {target}: {once} vs {twice}");
    }
}

// ============================================================================ 4. messages both ways

#[test]
fn websocket_bills_messages_sent_and_received() {
    // 50M route calls of 2 KB received: 50M × ceil(2/32) = 50M messages; each has a 4 KB
    // response sent back: 50M × ceil(4/32) = 50M more. 100M × $1.00/M = $100.00 (the sent
    // half, $50.00, was missing).
    let mut d = design();
    users(&mut d, 50e6);
    add(&mut d, "ws", "api-gateway", None, &[("api_type", t("websocket"))]);
    conn(&mut d, "users", "ws", ConnKind::Sync).payload_kb = Some(4.0);
    let r = cost::cost(&d);
    close(sum(&r, "ws", "apigw.ws.messages"), 100.0);
    let sent: f64 = r.lines_of("ws").filter(|l| l.what.contains("sent (responses")).map(|l| l.monthly).sum();
    close(sent, 50.0);
    // A 40 KB response is two 32 KB messages: 50M + 100M = 150M × $1.00/M = $150.00.
    d.connections.values_mut().for_each(|c| c.payload_kb = Some(40.0));
    close(sum(&cost::cost(&d), "ws", "apigw.ws.messages"), 150.0);
    // Route calls with no response send nothing back: 50M × $1.00/M = $50.00.
    d.connections.values_mut().for_each(|c| c.payload_kb = Some(0.0));
    close(sum(&cost::cost(&d), "ws", "apigw.ws.messages"), 50.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// WebSocket messages billed = calls × (⌈request/32 KB⌉ + ⌈response/32 KB⌉), the response
    /// counted only when there is one, for any sizes.
    #[test]
    fn websocket_messages_are_both_directions_in_32kb_units(calls in 0.0f64..1e8, rq in 0.01f64..200.0, rs in 0.0f64..200.0) {
        let mut d = design();
        d.workload.request_kb = rq;
        users(&mut d, calls);
        add(&mut d, "ws", "api-gateway", None, &[("api_type", t("websocket"))]);
        conn(&mut d, "users", "ws", ConnKind::Sync).payload_kb = Some(rs);
        let r = cost::cost(&d);
        let want = calls * ((rq / 32.0).ceil().max(1.0) + if rs > 0.0 { (rs / 32.0).ceil().max(1.0) } else { 0.0 });
        let got = r.lines_of("ws").filter(|l| l.price_id == "apigw.ws.messages").map(|l| l.quantity).sum::<f64>() * 1e6;
        prop_assert!((got - want).abs() <= 1e-6 * want.max(1.0), "{got} vs {want}");
    }
}

// ============================================================================ 2. inter-AZ hops where they happen

/// A VPC with an internet gateway and one NAT gateway in AZ a; a private instance in `subnet`
/// behind a public ALB calls an external API: 1M calls × (2 KB out + 499 KB back) = 501 GB.
fn single_nat(subnet: &str) -> Design {
    let mut d = design();
    vpc(&mut d);
    add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
    add(&mut d, "nat-a", "nat-gateway", Some("pub-a"), &[]);
    users(&mut d, 1e6);
    add(&mut d, "alb", "alb", Some("vpc"), &[]);
    add(&mut d, "app", "ec2", Some(subnet), &[]);
    add(&mut d, "api", "external-api", None, &[]);
    conn(&mut d, "users", "alb", ConnKind::Sync);
    conn(&mut d, "alb", "app", ConnKind::Sync);
    conn(&mut d, "app", "api", ConnKind::Sync).payload_kb = Some(499.0);
    d
}

#[test]
fn private_subnet_pays_the_hop_to_a_nat_gateway_in_another_az() {
    // From AZ b the 501 GB cross to the NAT gateway in AZ a: 501 × $0.01 out + 501 × $0.01 in
    // = $10.02, on top of NAT processing 501 × $0.045 = $22.545.
    let r = cost::cost(&single_nat("priv-b"));
    close(sum(&r, "nat-a", "nat.gb"), 22.545);
    close(sum(&r, "app", "dto.inter_az"), 10.02);
    let line = r.lines_of("app").find(|l| l.price_id == "dto.inter_az").unwrap();
    assert!(line.what.contains("NAT gateway \"nat-a\""), "{}", line.what);
    close(r.traffic.of(&NodeId::new("app")).inter_az_to[&NodeId::new("nat-a")], 501.0);
    // From AZ a, the NAT gateway's own AZ: no crossing, same NAT processing.
    let r = cost::cost(&single_nat("priv-a"));
    close(sum(&r, "nat-a", "nat.gb"), 22.545);
    close(total(&r, "dto.inter_az"), 0.0);
    // A NAT gateway in AZ b as well: each AZ uses its own, nothing crosses.
    let mut d = single_nat("priv-b");
    add(&mut d, "nat-b", "nat-gateway", Some("pub-b"), &[]);
    let r = cost::cost(&d);
    close(total(&r, "dto.inter_az"), 0.0);
    close(sum(&r, "nat-b", "nat.gb"), 22.545);
}

#[test]
fn the_bill_shows_what_the_single_nat_finding_says() {
    // net.single-nat-multi-az says traffic from the other AZ pays cross-AZ transfer on top of
    // NAT processing: with private workloads in AZs a and b, the bill has that line, to the NAT.
    let mut d = single_nat("priv-b");
    add(&mut d, "app-a", "ec2", Some("priv-a"), &[]);
    conn(&mut d, "alb", "app-a", ConnKind::Sync);
    conn(&mut d, "app-a", "api", ConnKind::Sync).payload_kb = Some(499.0);
    let findings = cloudwright_engine::rules::check(&d);
    assert!(findings.iter().any(|f| f.rule == "net.single-nat-multi-az"), "{:?}", findings.iter().map(|f| f.rule).collect::<Vec<_>>());
    let r = cost::cost(&d);
    // The ALB splits 1M calls: 0.5M per app, 250.5 GB each; only AZ b's cross: 250.5 × 0.02 = $5.01.
    close(sum(&r, "app", "dto.inter_az"), 5.01);
    close(sum(&r, "app-a", "dto.inter_az"), 0.0);
    assert!(r.lines.iter().any(|l| l.price_id == "dto.inter_az" && l.what.contains("nat-a")));
}

/// users -> NLB (2 AZs of the VPC) -> an Auto Scaling group over the same 2 AZs; 1M requests
/// × (2 + 998 KB) = 1,000 GB through the NLB.
fn nlb_design(cross_zone: bool) -> Design {
    let mut d = design();
    vpc(&mut d);
    users(&mut d, 1e6);
    add(&mut d, "nlb", "nlb", Some("vpc"), &[("az_count", n(2.0)), ("cross_zone", b(cross_zone))]);
    add(&mut d, "fleet", "asg", Some("vpc"), &[("az_count", n(2.0))]);
    conn(&mut d, "users", "nlb", ConnKind::Sync).payload_kb = Some(998.0);
    conn(&mut d, "nlb", "fleet", ConnKind::Sync).payload_kb = Some(998.0);
    d
}

#[test]
fn nlb_cross_zone_sends_half_its_bytes_across_azs() {
    // Cross-zone on: each NLB node (AZ a, b) spreads over the targets in both AZs, so half the
    // bytes cross: 1 − (½ × ½ + ½ × ½) = ½ → 500 GB × $0.02 = $10.00. Off: each node keeps to
    // its own AZ, nothing crosses.
    let r = cost::cost(&nlb_design(true));
    close(r.traffic.of(&NodeId::new("nlb")).inter_az_gb, 500.0);
    close(sum(&r, "nlb", "dto.inter_az"), 10.0);
    let r = cost::cost(&nlb_design(false));
    close(total(&r, "dto.inter_az"), 0.0);
}

#[test]
fn exempt_hops_are_not_charged() {
    // ALB in AZ a → instance in AZ b: exempt (always-on cross-zone load balancing).
    let mut d = design();
    vpc(&mut d);
    users(&mut d, 1e7);
    add(&mut d, "alb", "alb", Some("pub-a"), &[("az_count", n(1.0))]);
    add(&mut d, "vm", "ec2", Some("priv-b"), &[]);
    conn(&mut d, "users", "alb", ConnKind::Sync);
    conn(&mut d, "alb", "vm", ConnKind::Sync);
    // RDS primary in AZ a replicating to a read replica drawn in AZ b: exempt. Elasticache
    // replicating across AZs is not on the list: 10M × 20% writes × 2 KB = 4 GB × $0.02 = $0.08.
    add(&mut d, "db", "rds", Some("iso-a"), &[("multi_az", b(false))]);
    add(&mut d, "replica", "rds", Some("iso-b"), &[("multi_az", b(false))]);
    add(&mut d, "cache", "elasticache", Some("iso-a"), &[]);
    add(&mut d, "cache-b", "elasticache", Some("iso-b"), &[]);
    conn(&mut d, "vm", "db", ConnKind::Sync).payload_kb = Some(0.0);
    conn(&mut d, "db", "replica", ConnKind::Replication);
    // A VPC Lambda in AZ a called from AZ b: the invoke goes to the regional Lambda API.
    add(&mut d, "fn", "lambda", Some("priv-a"), &[]);
    conn(&mut d, "vm", "fn", ConnKind::Async);
    let r = cost::cost(&d);
    close(sum(&r, "alb", "dto.inter_az"), 0.0);
    close(sum(&r, "db", "dto.inter_az"), 0.0);
    assert!(!r.traffic.of(&NodeId::new("vm")).inter_az_to.contains_key(&NodeId::new("fn")));
    // vm (AZ b) → db (AZ a) is an ordinary crossing: 10M × 2 KB = 20 GB × $0.02 = $0.40.
    close(sum(&r, "vm", "dto.inter_az"), 0.40);
    // Every exemption has its source.
    for e in cloudwright_engine::zones::EXEMPTIONS {
        assert!(!e.what.is_empty() && !e.source.is_empty(), "{e:?}");
    }
    let _ = &r;
}

/// Kinds that may sit in a subnet (and so in one AZ), with a connection kind from `from` to
/// `to` the catalog allows, if any.
fn subnet_kinds() -> Vec<&'static str> {
    catalog::KINDS.iter().filter(|k| k.parents.contains(&"subnet") && !k.container).map(|k| k.id).collect()
}
fn link(from: &str, to: &str) -> Option<ConnKind> {
    let (f, t) = (catalog::kind(from)?, catalog::kind(to)?);
    [ConnKind::Sync, ConnKind::Async, ConnKind::Replication].into_iter().find(|k| f.emits.contains(k) && t.accepts.contains(k))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// For every pair of kinds that can sit in subnets and talk: placing the two in different
    /// AZs never costs less than placing them in the same AZ, and costs more only by inter-AZ
    /// transfer (or nothing, when AWS exempts the hop).
    #[test]
    fn crossing_azs_never_costs_less(a in 0usize..64, z in 0usize..64, requests in 1e4f64..1e8, private in any::<bool>()) {
        let kinds = subnet_kinds();
        let (from, to) = (kinds[a % kinds.len()], kinds[z % kinds.len()]);
        let Some(kind) = link(from, to) else { return Ok(()) };
        let build = |other_az: &str| {
            let mut d = design();
            vpc(&mut d);
            users(&mut d, requests);
            let tier = if private { "priv" } else { "pub" };
            add(&mut d, "x", from, Some(&format!("{tier}-a")), &[]);
            add(&mut d, "y", to, Some(&format!("iso-{other_az}")), &[]);
            conn(&mut d, "users", "x", ConnKind::Sync);
            conn(&mut d, "x", "y", kind);
            cost::cost(&d)
        };
        let (same, cross) = (build("a"), build("b"));
        prop_assert!(cross.monthly >= same.monthly - 1e-9, "{from} -> {to} ({kind:?}): same AZ {} > cross-AZ {}", same.monthly, cross.monthly);
        let extra = total(&cross, "dto.inter_az") - total(&same, "dto.inter_az");
        prop_assert!((cross.monthly - same.monthly - extra).abs() <= 1e-6 * cross.monthly.max(1.0), "{from} -> {to}: differs by more than inter-AZ transfer");
    }

    /// The share crossing AZs is between 0 and 1, and the NAT, endpoint and inter-AZ bytes of
    /// a private caller never exceed what it sends, wherever its NAT gateways sit.
    #[test]
    fn route_bytes_are_conserved(nat_a in any::<bool>(), nat_b in any::<bool>(), caller in 0usize..3, svc in 0usize..16) {
        let services = ["s3", "dynamodb", "sqs", "sns", "kms", "secrets-manager", "cloudwatch", "ecr", "xray", "eventbridge", "kinesis", "step-functions", "bedrock", "cognito", "lambda", "external-api"];
        let target = services[svc % services.len()];
        let mut d = design();
        vpc(&mut d);
        add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
        if nat_a { add(&mut d, "nat-a", "nat-gateway", Some("pub-a"), &[]); }
        if nat_b { add(&mut d, "nat-b", "nat-gateway", Some("pub-b"), &[]); }
        users(&mut d, 1e6);
        let place = ["priv-a", "priv-b", "vpc"][caller];
        add(&mut d, "app", "ecs-service", Some(place), &[]);
        add(&mut d, "svc", target, None, &[]);
        conn(&mut d, "users", "app", ConnKind::Sync);
        let k = if target == "ecr" || target == "cloudwatch" { ConnKind::Association } else { ConnKind::Sync };
        conn(&mut d, "app", "svc", k);
        let tr = traffic::traffic(&d);
        let out = d.connections.values().find(|c| c.from.as_str() == "app").unwrap();
        let sent = tr.edges[&out.id].gb;
        let nat: f64 = ["nat-a", "nat-b"].iter().map(|g| tr.of(&NodeId::new(*g)).nat_gb).sum();
        let app = tr.of(&NodeId::new("app"));
        prop_assert!(nat <= sent + 1e-6, "{target}: NAT {nat} GB > {sent} GB sent");
        prop_assert!(app.inter_az_gb <= sent + 1e-6);
        if nat_a || nat_b {
            let gateway = matches!(target, "s3" | "dynamodb");
            if !gateway { prop_assert!((nat - sent).abs() <= 1e-6 * sent.max(1.0), "{target}: {nat} of {sent} GB through NAT"); }
        }
    }
}

// ============================================================================ 5. traffic on its real path

/// A private ECS service pulling 200 GB of images a month from ECR, with the ECR interface
/// endpoints in its VPC; an S3 gateway endpoint when `s3_gateway`.
fn ecr_pulls(s3_gateway: bool) -> Design {
    let mut d = design();
    vpc(&mut d);
    add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
    add(&mut d, "nat", "nat-gateway", Some("pub-a"), &[]);
    add(&mut d, "app", "ecs-service", Some("priv-a"), &[]);
    add(&mut d, "registry", "ecr", None, &[("image_pulls_gb_per_month", n(200.0))]);
    add(&mut d, "ecr-ep", "vpc-endpoint-interface", Some("priv-a"), &[("service", t("ecr")), ("az_count", n(1.0))]);
    conn(&mut d, "app", "registry", ConnKind::Association);
    if s3_gateway {
        add(&mut d, "s3-gw", "vpc-endpoint-gateway", Some("vpc"), &[("service", t("s3"))]);
    }
    d
}

#[test]
fn ecr_layers_come_from_s3_not_the_ecr_endpoint() {
    // ECR serves the layers from S3: with ECR interface endpoints but no S3 gateway endpoint
    // the 200 GB go through the NAT: 200 × $0.045 = $9.00, and the rules say the S3 gateway
    // endpoint is missing. The ECR endpoints process none of it (ecr.api + ecr.dkr in 1 AZ:
    // 2 × 730 h × $0.01 = $14.60, $0 of data).
    let d = ecr_pulls(false);
    let r = cost::cost(&d);
    close(sum(&r, "nat", "nat.gb"), 9.0);
    close(sum(&r, "ecr-ep", "vpce.interface.gb"), 0.0);
    close(sum(&r, "ecr-ep", "vpce.interface.az_hour"), 14.6);
    let f = cloudwright_engine::rules::check(&d);
    assert!(f.iter().any(|f| f.rule == "cost.ecr-layers-via-nat" && f.message.contains("no S3 gateway endpoint")), "{f:?}");
    // With the S3 gateway endpoint the layers skip the NAT and nothing is found.
    let d = ecr_pulls(true);
    close(sum(&cost::cost(&d), "nat", "nat.gb"), 0.0);
    assert!(!cloudwright_engine::rules::check(&d).iter().any(|f| f.rule == "cost.ecr-layers-via-nat"));
}

#[test]
fn every_service_in_the_endpoint_table_has_its_own_endpoint() {
    // An interface endpoint serves the one service it names (and is billed as one): a private
    // caller of X with an endpoint for X sends its bytes through it, never through the NAT; an
    // endpoint for another service does not help.
    for k in catalog::KINDS {
        let Some(svc) = catalog::endpoint_service(k.id) else { continue };
        let data = catalog::data_path_service(k.id).unwrap();
        let choices = match &catalog::kind("vpc-endpoint-interface").unwrap().prop("service").unwrap().ty {
            catalog::PropType::Choice { options } => *options,
            _ => unreachable!(),
        };
        let gateway = matches!(data, "s3" | "dynamodb");
        assert!(gateway || choices.contains(&data), "{}: no interface endpoint choice for {data}", k.id);
        assert!(matches!(svc, "s3" | "dynamodb") || choices.contains(&svc), "{}: no interface endpoint choice for {svc}", k.id);
        if gateway || k.id == "sagemaker-endpoint" {
            continue;
        }
        let mut d = design();
        vpc(&mut d);
        add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
        add(&mut d, "nat", "nat-gateway", Some("pub-a"), &[]);
        users(&mut d, 1e6);
        add(&mut d, "app", "ecs-service", Some("priv-a"), &[]);
        add(&mut d, "svc", k.id, None, &[]);
        add(&mut d, "ep", "vpc-endpoint-interface", Some("priv-a"), &[("service", t(data)), ("az_count", n(1.0))]);
        conn(&mut d, "users", "app", ConnKind::Sync);
        let ck = if matches!(k.id, "ecr" | "cloudwatch") { ConnKind::Association } else if k.accepts.contains(&ConnKind::Sync) { ConnKind::Sync } else { ConnKind::Async };
        conn(&mut d, "app", "svc", ck);
        let tr = traffic::traffic(&d);
        assert_eq!(tr.of(&NodeId::new("nat")).nat_gb, 0.0, "{}: bytes through NAT despite its endpoint", k.id);
        assert!(tr.of(&NodeId::new("ep")).endpoint_gb > 0.0, "{}: the endpoint carries nothing", k.id);
        // An endpoint for some other service leaves the bytes on the NAT.
        let other = if data == "sqs" { "sns" } else { "sqs" };
        d.nodes.get_mut(&NodeId::new("ep")).unwrap().props.insert("service".into(), t(other));
        let tr = traffic::traffic(&d);
        assert!(tr.of(&NodeId::new("nat")).nat_gb > 0.0, "{}: an endpoint for {other} carried its bytes", k.id);
    }
}

// ============================================================================ 7. what the format can now say

fn ingress(d: &mut Design, id: &str, port: u16, cidr: &str) {
    d.nodes.get_mut(&NodeId::new(id)).unwrap().ingress.push(cloudwright_engine::model::Ingress { port, cidr: cidr.to_string() });
}

fn rules_of(d: &Design) -> Vec<(&'static str, Vec<String>)> {
    cloudwright_engine::rules::check(d).into_iter().map(|f| (f.rule, f.nodes.iter().map(|n| n.to_string()).collect())).collect()
}

#[test]
fn ipv6_ingress_is_the_internet_or_private_like_ipv4() {
    use cloudwright_engine::catalog::{parse_ingress_cidr, IpBlock};
    assert_eq!(parse_ingress_cidr("::/0"), Ok(IpBlock::V6 { network: 0, len: 0 }));
    for (cidr, private) in [("::/0", false), ("2001:db8::/32", false), ("fc00::/7", true), ("fd12:3456::/48", true), ("fe80::/10", true), ("::1/128", true), ("0.0.0.0/0", false), ("10.1.0.0/16", true)] {
        assert_eq!(parse_ingress_cidr(cidr).unwrap().is_private(), private, "{cidr}");
    }
    for bad in ["::/129", "zz::/0", "fc00::", "1.2.3.4/33"] {
        assert!(parse_ingress_cidr(bad).is_err(), "{bad}");
    }
    // SSH open to ::/0 is SSH open to the internet; to a unique-local range it is not.
    let mut d = design();
    vpc(&mut d);
    add(&mut d, "vm", "ec2", Some("priv-a"), &[]);
    ingress(&mut d, "vm", 22, "::/0");
    assert!(rules_of(&d).iter().any(|(r, _)| *r == "net.ssh-open-to-world"));
    d.nodes.get_mut(&NodeId::new("vm")).unwrap().ingress[0].cidr = "fc00::/7".into();
    assert!(!rules_of(&d).iter().any(|(r, _)| *r == "net.ssh-open-to-world"));
    // The file format takes IPv6 blocks and still refuses what is not a block.
    let file = |cidr: &str| format!(r#"{{"schema_version": 2, "name": "x", "region": "us-east-1", "nodes": {{"fn": {{"id": "fn", "kind": "lambda", "ingress": [{{"port": 22, "cidr": "{cidr}"}}]}}}}}}"#);
    if let Err(e) = cloudwright_engine::file::load(&file("::/0")) {
        panic!("{e}");
    }
    let e = cloudwright_engine::file::load(&file("::/200")).unwrap_err().to_string();
    assert!(e.contains("/128"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For every kind of node and any port: an ingress rule from ::/0 raises exactly the
    /// findings 0.0.0.0/0 raises, and one from fc00::/7 those of 10.0.0.0/8.
    #[test]
    fn ipv6_ingress_finds_what_ipv4_finds(k in 0usize..64, port in prop::sample::select(vec![22u16, 3389, 5432, 3306, 6379, 443, 80, 8080]), public in any::<bool>(), flag in any::<bool>()) {
        let kinds: Vec<_> = catalog::KINDS.iter().filter(|k| k.parents.contains(&"subnet") && !k.container).collect();
        let kind = kinds[k % kinds.len()].id;
        let with = |cidr: &str| {
            let mut d = design();
            vpc(&mut d);
            add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
            add(&mut d, "x", kind, Some(if public { "pub-a" } else { "iso-a" }), &[("publicly_accessible", b(flag))].into_iter().filter(|_| matches!(kind, "rds" | "aurora")).collect::<Vec<_>>());
            ingress(&mut d, "x", port, cidr);
            rules_of(&d)
        };
        prop_assert_eq!(with("::/0"), with("0.0.0.0/0"), "{} port {}", kind, port);
        prop_assert_eq!(with("fc00::/7"), with("10.0.0.0/8"), "{} port {}", kind, port);
    }
}

#[test]
fn publicly_accessible_databases_bill_an_address_and_are_exposed_only_from_a_public_subnet() {
    // RDS with publicly_accessible: one public IPv4, 730 × $0.005 = $3.65; an Aurora cluster
    // of 2 instances: one each, $7.30.
    let mut d = design();
    vpc(&mut d);
    add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
    add(&mut d, "db", "rds", Some("iso-a"), &[("publicly_accessible", b(true))]);
    add(&mut d, "cl", "aurora", Some("iso-b"), &[("publicly_accessible", b(true)), ("instances", n(2.0))]);
    let r = cost::cost(&d);
    close(sum(&r, "db", "ipv4"), 3.65);
    close(sum(&r, "cl", "ipv4"), 7.30);
    // In an isolated subnet with 5432 open to the world: not exposed (advice, not an error).
    ingress(&mut d, "db", 5432, "0.0.0.0/0");
    let f = rules_of(&d);
    assert!(f.iter().any(|(r, n)| *r == "net.db-public-ip-unused" && n[0] == "db"), "{f:?}");
    assert!(!f.iter().any(|(r, _)| matches!(*r, "net.db-publicly-accessible" | "net.data-store-internet-reachable")), "{f:?}");
    // In a public subnet with the rule open: exposed.
    d.nodes.get_mut(&NodeId::new("db")).unwrap().parent = Some(NodeId::new("pub-a"));
    let f = rules_of(&d);
    assert!(f.iter().any(|(r, n)| *r == "net.db-publicly-accessible" && n[0] == "db"), "{f:?}");
    // The flag off: no public address, not exposed, nothing billed.
    d.nodes.get_mut(&NodeId::new("db")).unwrap().props.insert("publicly_accessible".into(), b(false));
    let f = rules_of(&d);
    assert!(!f.iter().any(|(r, n)| n[0] == "db" && matches!(*r, "net.db-publicly-accessible" | "net.db-public-ip-unused" | "net.data-store-internet-reachable")), "{f:?}");
    close(sum(&cost::cost(&d), "db", "ipv4"), 0.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A relational database is exposed to the internet exactly when it is publicly
    /// accessible, in a public subnet and has an ingress rule open to the internet, for RDS
    /// and Aurora, any port and any block; flagged and not exposed is advice.
    #[test]
    fn a_database_is_exposed_only_when_all_three_hold(aurora in any::<bool>(), flag in any::<bool>(), public in any::<bool>(), world in any::<bool>(), v6 in any::<bool>()) {
        let kind = if aurora { "aurora" } else { "rds" };
        let mut d = design();
        vpc(&mut d);
        add(&mut d, "igw", "internet-gateway", Some("vpc"), &[]);
        add(&mut d, "db", kind, Some(if public { "pub-a" } else { "iso-a" }), &[("publicly_accessible", b(flag))]);
        let cidr = match (world, v6) { (true, false) => "0.0.0.0/0", (true, true) => "::/0", (false, false) => "10.0.0.0/8", (false, true) => "fd00::/8" };
        ingress(&mut d, "db", 5432, cidr);
        let f = rules_of(&d);
        let exposed = f.iter().any(|(r, _)| *r == "net.db-publicly-accessible");
        prop_assert_eq!(exposed, flag && public && world);
        prop_assert_eq!(f.iter().any(|(r, _)| *r == "net.db-public-ip-unused"), flag && !(public && world));
        prop_assert!(!f.iter().any(|(r, _)| *r == "net.data-store-internet-reachable"));
        let topo = cloudwright_engine::rules::Topology::new(&d);
        prop_assert_eq!(topo.is_exposed(&NodeId::new("db")), flag && public && world);
    }
}

#[test]
fn eks_version_past_standard_support_bills_extended_support() {
    // As of the price data (2026-11): 1.31 left standard support on 2025-11-26 → extended,
    // 730 × $0.60 = $438.00, and a finding; 1.35 is in standard support → 730 × $0.10 = $73.00.
    let mut d = design();
    add(&mut d, "k8s", "eks-cluster", None, &[("kubernetes_version", t("1.31"))]);
    let r = cost::cost(&d);
    close(r.node_total("k8s"), 438.0);
    assert!(rules_of(&d).iter().any(|(r, _)| *r == "ctr.eks-extended-support"));
    d.nodes.get_mut(&NodeId::new("k8s")).unwrap().props.insert("kubernetes_version".into(), t("1.35"));
    close(cost::cost(&d).node_total("k8s"), 73.0);
    assert!(!rules_of(&d).iter().any(|(r, _)| *r == "ctr.eks-extended-support"));
    // The support tier set to extended bills extended whatever the version.
    d.nodes.get_mut(&NodeId::new("k8s")).unwrap().props.insert("support".into(), t("extended"));
    close(cost::cost(&d).node_total("k8s"), 438.0);
    assert!(rules_of(&d).iter().any(|(r, _)| *r == "ctr.eks-extended-support"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// For every version of the calendar and both tiers: the control plane bills $438 when
    /// the tier says extended or the version is past standard support (as of the price data),
    /// else $73, and the extended-support finding appears exactly when it bills $438.
    #[test]
    fn eks_bill_and_finding_agree(v in 0usize..8, extended in any::<bool>()) {
        use cloudwright_engine::catalog::eks;
        let version = eks::VERSION_IDS[v % eks::VERSION_IDS.len()];
        let mut d = design();
        add(&mut d, "k8s", "eks-cluster", None, &[("kubernetes_version", t(version)), ("support", t(if extended { "extended" } else { "standard" }))]);
        let past = eks::support(version, &cost::prices::book().file.as_of).unwrap().is_extended();
        let monthly = cost::cost(&d).node_total("k8s");
        prop_assert!((monthly - if extended || past { 438.0 } else { 73.0 }).abs() < 1e-9, "{version} {extended}: {monthly}");
        prop_assert_eq!(rules_of(&d).iter().any(|(r, _)| *r == "ctr.eks-extended-support"), monthly > 100.0);
    }

    /// CloudFront bills the bytes it forwards to the origin: requests × (1 − hit ratio) ×
    /// request size, at the viewers' regional rate, whatever the hit ratio and sizes.
    #[test]
    fn cloudfront_bills_bytes_to_origin(hit in 0.0f64..1.0, rq in 0.0f64..100.0, requests in 0.0f64..1e9, apac in any::<bool>()) {
        let mut d = design();
        d.workload.request_kb = rq;
        add(&mut d, "users", "users", None, &[("requests_per_month", n(requests)), ("geography", t(if apac { "asia-pacific" } else { "north-america" }))]);
        add(&mut d, "cdn", "cloudfront", None, &[("cache_hit_ratio", n(hit))]);
        add(&mut d, "site", "s3", None, &[]);
        conn(&mut d, "users", "cdn", ConnKind::Sync);
        conn(&mut d, "cdn", "site", ConnKind::Sync);
        let want = requests * (1.0 - hit) * rq / 1e6 * if apac { 0.06 } else { 0.02 };
        let got = sum(&cost::cost(&d), "cdn", "cloudfront.origin");
        prop_assert!((got - want).abs() <= 1e-9 * want.max(1.0), "{got} vs {want}");
    }
}

#[test]
fn api_gateway_free_tier_is_per_api_type() {
    // Free tier on: REST, HTTP and WebSocket APIs each have their own allowance (1M calls,
    // 1M calls, 1M messages). REST 2M: (2 − 1) × $3.50 = $3.50; HTTP 2M: (2 − 1) × $1.00 =
    // $1.00; WebSocket 1M route calls with no response: 1M messages, all free. $4.50 (the REST
    // and HTTP calls shared one allowance before: $8.00). Without the free tier: $7.00 +
    // $2.00 + $1.00 = $10.00.
    let mut d = design();
    d.workload.free_tier = true;
    d.workload.response_kb = 0.0;
    for (id, api, calls) in [("rest", "rest", 2e6), ("http", "http", 2e6), ("ws", "websocket", 1e6)] {
        add(&mut d, &format!("u-{id}"), "users", None, &[("requests_per_month", n(calls))]);
        add(&mut d, id, "api-gateway", None, &[("api_type", t(api))]);
        conn(&mut d, &format!("u-{id}"), id, ConnKind::Sync);
    }
    let r = cost::cost(&d);
    close(sum(&r, "rest", "apigw"), 3.5);
    close(sum(&r, "http", "apigw"), 1.0);
    close(sum(&r, "ws", "apigw"), 0.0);
    d.workload.free_tier = false;
    close(total(&cost::cost(&d), "apigw"), 10.0);
}

// ============================================================================ 6. cost and compare agree

use cloudwright_engine::compare::{self, ApiType, ContainerOption};

/// users -> ALB -> `kind` (a container workload), with the clusters it needs.
fn container_design(kind: &str, props: &[(&str, Value)], cluster: &[(&str, Value)]) -> Design {
    let mut d = design();
    vpc(&mut d);
    users(&mut d, 20e6);
    add(&mut d, "alb", "alb", Some("vpc"), &[]);
    add(&mut d, "svc", kind, Some("priv-a"), props);
    conn(&mut d, "users", "alb", ConnKind::Sync);
    conn(&mut d, "alb", "svc", ConnKind::Sync);
    let ck = if kind == "ecs-service" { "ecs-cluster" } else { "eks-cluster" };
    add(&mut d, "cluster", ck, None, cluster);
    conn(&mut d, "svc", "cluster", ConnKind::Association);
    d
}

fn option<'a>(c: &'a compare::ContainerComparison, o: ContainerOption) -> &'a compare::containers::ContainerOptionReport {
    c.options.iter().find(|r| r.option == o).unwrap()
}

/// What `cost` shows for the nodes a comparison priced the current option from.
fn cost_of(d: &Design, nodes: &[NodeId]) -> f64 {
    let r = cost::cost(d);
    nodes.iter().map(|n| r.node_total(n.as_str())).sum()
}

#[test]
fn compare_containers_bills_the_design_s_extended_support() {
    // The cluster says extended support: the control plane is 730 × $0.60 = $438.00, not
    // 730 × $0.10 = $73.00, in `cost` and in every EKS option of `compare containers`.
    let d = container_design("eks-nodegroup", &[("count", n(3.0))], &[("support", t("extended"))]);
    close(cost::cost(&d).node_total("cluster"), 438.0);
    let c = compare::compare_containers_in(&d, &NodeId::new("svc")).unwrap();
    for o in [ContainerOption::EksEc2, ContainerOption::EksFargate] {
        let cp: f64 = option(&c, o).breakdown.iter().filter(|l| l.part == "control plane").map(|l| l.monthly).sum();
        close(cp, 438.0);
    }
    // And the current option (EKS on EC2, as drawn) is the design's own bill: 3 × m6i.large
    // 730 × 0.096 × 3 = 210.24 + EBS 3 × 20 GB × 0.08 = 4.80 + control plane 438 + the ALB.
    let scope = c.design.as_ref().unwrap();
    assert_eq!(scope.current, ContainerOption::EksEc2);
    close(option(&c, ContainerOption::EksEc2).monthly, (cost_of(&d, &scope.nodes) * 100.0).round() / 100.0);
    let r = cost::cost(&d);
    close(r.node_total("svc"), 210.24 + 4.80);
    // A version past standard support bills extended too, in both.
    let d = container_design("fargate-profile", &[("pods", n(4.0))], &[("kubernetes_version", t("1.32"))]);
    let c = compare::compare_containers_in(&d, &NodeId::new("svc")).unwrap();
    let cp: f64 = option(&c, ContainerOption::EksEc2).breakdown.iter().filter(|l| l.part == "control plane").map(|l| l.monthly).sum();
    close(cp, 438.0);
}

#[test]
fn compare_api_bills_the_design_s_api() {
    // A REST API with a 1.6 GB cache and a web ACL, on the free tier: the REST option is the
    // design's own bill for the API and its ACL; `cost` shows the same.
    let mut d = design();
    d.workload.free_tier = true;
    users(&mut d, 5e6);
    add(&mut d, "api", "api-gateway", None, &[("api_type", t("rest")), ("caching", b(true)), ("cache_size_gb", t("1.6")), ("usage_plans", b(true))]);
    add(&mut d, "acl", "waf", None, &[]);
    conn(&mut d, "users", "api", ConnKind::Sync);
    conn(&mut d, "acl", "api", ConnKind::Association);
    let c = compare::compare_api_in(&d, &NodeId::new("api")).unwrap();
    let rest = c.options.iter().find(|o| o.api_type == ApiType::Rest).unwrap();
    let r = cost::cost(&d);
    close(rest.monthly, ((r.node_total("api") + r.node_total("acl")) * 100.0).round() / 100.0);
    assert_eq!(rest.notes[0], "as drawn: the design's own bill for api, acl");
    // The HTTP option is the design switched to HTTP (no cache, no ACL): 5M requests, 1M free
    // (HTTP's own allowance) → 4M × $1.00 = $4.00, + 100 GB out (5M × 20 KB) all in the 100 GB
    // free data transfer → $4.00.
    let http = c.options.iter().find(|o| o.api_type == ApiType::Http).unwrap();
    close(http.monthly, 4.0);
}

/// Random container designs: kind, sizes, launch type, cluster tier and version, pricing.
fn arb_container() -> impl Strategy<Value = Design> {
    (0usize..3, 0.0f64..20.0, 0usize..3, 0usize..8, any::<bool>(), 0usize..3, any::<bool>(), any::<bool>(), 1e5f64..1e8)
        .prop_map(|(k, count, launch, version, extended, pricing, free, traffic_sized, requests)| {
            let kind = ["ecs-service", "eks-nodegroup", "fargate-profile"][k];
            let count = count.round();
            let props: Vec<(&str, Value)> = match kind {
                "ecs-service" => vec![
                    ("tasks", n(count)),
                    ("launch_type", t(["fargate", "fargate-spot", "ec2"][launch])),
                    ("sizing", t(if traffic_sized { "traffic" } else { "fixed" })),
                    ("cpu_vcpu", n([0.25, 0.5, 1.0][launch])),
                    ("memory_gb", n([0.5, 3.0, 2.0][launch])),
                ],
                "eks-nodegroup" => vec![("count", n(count)), ("spot_pct", n([0.0, 50.0, 100.0][launch]))],
                _ => vec![("pods", n(count)), ("cpu_vcpu", n([0.25, 1.0, 2.0][launch]))],
            };
            let cluster = if kind == "ecs-service" {
                vec![]
            } else {
                vec![("kubernetes_version", t(cloudwright_engine::catalog::eks::VERSION_IDS[version])), ("support", t(if extended { "extended" } else { "standard" }))]
            };
            let mut d = container_design(kind, &props, &cluster);
            d.nodes.get_mut(&NodeId::new("users")).unwrap().props.insert("requests_per_month".into(), n(requests));
            if kind == "ecs-service" && launch == 2 {
                // ECS on EC2: the cluster's instances
                add(&mut d, "fleet", "asg", Some("vpc"), &[("desired", n(count.max(1.0)))]);
                conn(&mut d, "fleet", "cluster", ConnKind::Association);
            }
            d.workload.pricing = serde_json::from_value(serde_json::json!(["on_demand", "savings_plan1y", "savings_plan3y"][pricing])).unwrap();
            d.workload.free_tier = free;
            d
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// `cost` and `compare containers` give the same figure for the design's current option,
    /// whatever the kind, sizes, purchase, tier, version and pricing; and every EKS option
    /// bills the design's control plane exactly as `cost` does.
    #[test]
    fn cost_and_compare_containers_agree(d in arb_container()) {
        let c = compare::compare_containers_in(&d, &NodeId::new("svc")).unwrap();
        let scope = c.design.as_ref().unwrap();
        let want = (cost_of(&d, &scope.nodes) * 100.0).round() / 100.0;
        let got = option(&c, scope.current).monthly;
        prop_assert!((got - want).abs() < 0.011, "{:?}: compare {got} vs cost {want}", scope.current);
        if let Some(cl) = d.nodes.values().find(|n| n.kind == "eks-cluster") {
            let plane = cost::cost(&d).lines_of(cl.id.as_str()).filter(|l| l.price_id.starts_with("eks.cluster")).map(|l| l.unit_price).next().unwrap();
            for o in [ContainerOption::EksEc2, ContainerOption::EksFargate] {
                if o == scope.current { continue; }
                // An option Switch cannot draw (no instance type a node group offers fits a
                // 2 vCPU pod) is listed as cannot-run, with no bill of its own.
                if !option(&c, o).monthly.is_finite() {
                    prop_assert!(option(&c, o).breakdown.is_empty() && option(&c, o).notes.iter().any(|n| n.starts_with("Switch cannot convert it")));
                    continue;
                }
                let line = option(&c, o).breakdown.iter().find(|l| l.part == "control plane").unwrap();
                prop_assert_eq!(&line.price_ids[0], if plane > 0.3 { "eks.cluster.extended" } else { "eks.cluster.standard" });
            }
        }
    }

    /// `cost` and `compare api` give the same figure for the design's current type, for every
    /// type, cache, WAF, message volume and free tier.
    #[test]
    fn cost_and_compare_api_agree(ty in 0usize..3, caching in any::<bool>(), waf in any::<bool>(), free in any::<bool>(), requests in 0.0f64..5e8, messages in 0.0f64..1e8, rs in 0.0f64..100.0) {
        let api_type = ["rest", "http", "websocket"][ty];
        let mut d = design();
        d.workload.free_tier = free;
        users(&mut d, requests);
        add(&mut d, "api", "api-gateway", None, &[("api_type", t(api_type)), ("caching", b(caching)), ("messages_per_month", n(messages))]);
        conn(&mut d, "users", "api", ConnKind::Sync).payload_kb = Some(rs);
        if waf {
            add(&mut d, "acl", "waf", None, &[]);
            conn(&mut d, "acl", "api", ConnKind::Association);
        }
        let c = compare::compare_api_in(&d, &NodeId::new("api")).unwrap();
        let scope = c.design.as_ref().unwrap();
        let want = (cost_of(&d, &scope.nodes) * 100.0).round() / 100.0;
        let got = c.options.iter().find(|o| o.api_type == scope.current).unwrap().monthly;
        prop_assert!((got - want).abs() < 0.011, "{api_type}: compare {got} vs cost {want}");
    }
}

#[test]
fn cost_and_compare_agree_on_every_template() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates");
    let mut checked = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "json") || p.file_name().is_some_and(|f| f == "index.json") {
            continue;
        }
        let d = cloudwright_engine::file::load(&std::fs::read_to_string(&p).unwrap()).unwrap();
        for n in d.nodes.values() {
            let (got, nodes) = match n.kind.as_str() {
                "ecs-service" | "eks-nodegroup" | "fargate-profile" => {
                    let c = compare::compare_containers_in(&d, &n.id).unwrap();
                    let s = c.design.clone().unwrap();
                    (option(&c, s.current).monthly, s.nodes)
                }
                "api-gateway" => {
                    let c = compare::compare_api_in(&d, &n.id).unwrap();
                    let s = c.design.clone().unwrap();
                    (c.options.iter().find(|o| o.api_type == s.current).unwrap().monthly, s.nodes)
                }
                _ => continue,
            };
            let want = (cost_of(&d, &nodes) * 100.0).round() / 100.0;
            assert!((got - want).abs() < 0.011, "{} {}: compare {got} vs cost {want}", p.display(), n.id);
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} nodes compared");
}
