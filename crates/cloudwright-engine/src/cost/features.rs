//! Charges that follow the options a property turns on or changes (issue 19): CloudFront's
//! price class and compression, Route 53 routing policies, WAF managed rule groups and
//! rate-based rules, provisioned EBS IOPS, Kinesis retention beyond 24 hours, SNS deliveries by
//! protocol and FIFO topics, DynamoDB Streams reads, Cloud Map namespaces, EKS control-plane
//! logs, Transit Gateway attachments and data, redundant on-premises links, Managed Spot
//! Training.
//!
//! Each function prices one option of one kind; [`super::kinds`] calls it where it prices the
//! kind. Prices come from `data/prices.json` with their source and as-of date; assumptions
//! the design cannot express (a compression ratio, one stream read per change) are notes on
//! the line and make it `estimated`.

use super::kinds::Ctx;
use super::Charge;
use crate::latency::models::Geo;
use crate::model::{ConnKind, Node};
use crate::traffic::HOURS_PER_MONTH as H;

/// Share of the response bytes left after CloudFront compression (Brotli/gzip), estimated:
/// text (HTML, JSON, JS, CSS) shrinks to a quarter or a third ("in some cases, less than a
/// quarter the size of the original", CloudFront developer guide, Serve compressed files),
/// images and video not at all; half the bytes saved is the blend assumed.
pub const COMPRESSED_SHARE: f64 = 0.5;

/// The baseline AWS managed rule groups a web ACL turns on with `managed_rules`: Core rule set,
/// Known bad inputs and Amazon IP reputation list. Each is billed as one rule ($1/month;
/// aws.amazon.com/waf/pricing) and has no subscription fee of its own.
pub const MANAGED_RULE_GROUPS: f64 = 3.0;

/// CloudFront data transfer to viewers of `users_geo` ("north-america", ..., "global"),
/// `gb` GB before compression: priced per edge region the viewers are served from, which the
/// distribution's price class decides (price class 100 serves Asia-Pacific viewers from North
/// American and European edges, at their rate).
pub(super) fn cloudfront_viewer_bytes(cx: &Ctx<'_>, n: &Node, users_geo: &str, gb: f64, out: &mut Vec<Charge>) {
    let compressed = cx.flag(n, "compression", true);
    let gb = if compressed { gb * COMPRESSED_SHARE } else { gb };
    let apac_edges = apac_edges(cx, n);
    let parts: Vec<(f64, Geo)> = match Geo::parse(users_geo) {
        Geo::Global => Geo::GLOBAL_MIX.to_vec(),
        g => vec![(1.0, g)],
    };
    let apac_share: f64 = parts.iter().filter(|(_, g)| *g == Geo::AsiaPacific).map(|(w, _)| w).sum();
    let (apac_gb, na_eu_gb) = if apac_edges { (gb * apac_share, gb * (1.0 - apac_share)) } else { (0.0, gb) };
    // One line per edge region that serves viewers (the North America/Europe one always, so a
    // distribution without traffic still shows its rate).
    for (pid, region, q) in [("cloudfront.dto.na_eu", "North America/Europe", na_eu_gb), ("cloudfront.dto.apac", "Asia-Pacific", apac_gb)] {
        let shown = q > 0.0 || (pid == "cloudfront.dto.na_eu" && apac_gb <= 0.0);
        if !shown {
            continue;
        }
        let mut c = Charge::new(pid, q, "CloudFront data transfer to viewers", format!("CloudFront data transfer to viewers ({region} edges)"));
        if parts.len() > 1 {
            c = c.note(format!("global users: {:.0}% Asia-Pacific, the rest North America/Europe (estimate)", apac_share * 100.0)).est(true);
        }
        if !apac_edges && apac_share > 0.0 {
            c = c.note("price class 100: Asia-Pacific viewers are served from North American and European edges, at their rate (and slower)");
        }
        if compressed {
            c = c.note(format!("compression on: {:.0}% of the bytes sent (estimated: text shrinks to a quarter or a third, media not at all)", COMPRESSED_SHARE * 100.0)).est(true);
        }
        out.push(c);
    }
}

/// Whether the distribution serves viewers from Asia-Pacific edges: every price class but 100
/// (North America, Europe and Israel only).
pub(super) fn apac_edges(cx: &Ctx<'_>, n: &Node) -> bool {
    cx.text(n, "price_class", "all") != "100"
}

/// Route 53 queries, at the price of the record's routing policy: latency-based and
/// geolocation queries cost more than standard ones (simple, weighted, failover).
///
/// Queries answered by an alias record to an AWS resource are free ("Queries to Alias records
/// that are mapped to Elastic Load Balancing load balancers, CloudFront distributions, AWS
/// Elastic Beanstalk environments, API Gateways, VPC endpoints, or Amazon S3 website buckets
/// are provided at no additional charge", aws.amazon.com/route53/pricing; price
/// `route53.queries.alias`): the node's queries are split as the traffic plan splits them
/// over its synchronous connections, and the share sent to targets a record can alias
/// ([`alias_target`]) is a $0 line that says why; the rest (targets that cannot be an alias,
/// such as an EC2 instance's address, and queries routed to no drawn target) is billed. Where
/// the connections' shares add up to more than the node's queries they are scaled down to
/// them, so the split never bills more than the queries.
pub(super) fn route53_queries(cx: &Ctx<'_>, n: &Node, queries: f64, out: &mut Vec<Charge>) {
    let policy = cx.text(n, "routing_policy", "simple");
    let (pid, what) = match policy.as_ref() {
        "latency" => ("route53.queries.latency", "latency-based routing queries"),
        "geolocation" => ("route53.queries.geo", "geolocation routing queries"),
        _ => ("route53.queries", "DNS queries"),
    };
    let (mut drawn, mut alias) = (0.0, 0.0);
    // The kinds' names, in order of first connection, each once.
    let (mut aliased, mut billed_to): (Vec<&'static str>, Vec<&'static str>) = (Vec::new(), Vec::new());
    cx.outgoing_each(n, ConnKind::Sync, |to, calls| {
        let calls = calls.max(0.0);
        drawn += calls;
        let Some(t) = cx.design.node(to) else { return };
        let name = crate::catalog::kind(&t.kind).map_or("unknown component", |k| k.name);
        let names = if alias_target(cx, t) {
            alias += calls;
            &mut aliased
        } else {
            &mut billed_to
        };
        if calls > 0.0 && !names.contains(&name) {
            names.push(name);
        }
    });
    let scale = if drawn > queries && drawn > 0.0 { queries / drawn } else { 1.0 };
    let alias_q = (alias * scale).min(queries).max(0.0);
    let upper = "upper bound: one query per request (resolver caching makes it fewer)";
    if alias_q <= 0.0 {
        out.push(Charge::new(pid, queries, "DNS queries", format!("{what} ({policy} policy)")).note(upper));
        return;
    }
    let to = aliased.join(", ");
    out.push(
        Charge::new("route53.queries.alias", alias_q, "alias queries", format!("alias queries to {to}: free ({policy} policy)"))
            .note("AWS Route 53 pricing: queries to alias records mapped to CloudFront, load balancers, API Gateway, VPC endpoints, Elastic Beanstalk or S3 website buckets are not charged"),
    );
    let billed = (queries - alias_q).max(0.0);
    if billed > 0.0 {
        let why = if billed_to.is_empty() { "queries routed to no drawn alias target".to_string() } else { format!("queries for {}, which an alias record cannot point at, or routed to no drawn target", billed_to.join(", ")) };
        out.push(Charge::new(pid, billed, "DNS queries", format!("{what} ({policy} policy), not alias")).note(why).note(upper));
    }
}

/// Whether a Route 53 record pointing at `t` can be an alias record, whose queries AWS does
/// not charge for: CloudFront, a load balancer, API Gateway, an interface VPC endpoint, or an
/// S3 bucket with static website hosting (an alias can point at a bucket's website endpoint
/// only). Elastic Beanstalk, also free, is not a kind of the catalog.
pub(super) fn alias_target(cx: &Ctx<'_>, t: &Node) -> bool {
    match t.kind.as_str() {
        "cloudfront" | "alb" | "nlb" | "api-gateway" | "vpc-endpoint-interface" => true,
        "s3" => cx.flag(t, "website_hosting", false),
        _ => false,
    }
}

/// WAF rules: the custom rules, plus the managed rule groups and the rate-based rule when on
/// (each billed as one rule).
pub(super) fn waf_rules(cx: &Ctx<'_>, n: &Node, out: &mut Vec<Charge>) {
    let custom = cx.num(n, "rules", 5.0).max(0.0);
    out.push(Charge::new("waf.rule", custom, "custom rules", format!("custom rules: {custom}")));
    if cx.flag(n, "managed_rules", true) {
        out.push(Charge::new("waf.rule", MANAGED_RULE_GROUPS, "managed rule groups", "AWS managed rule groups: Core rule set, Known bad inputs, Amazon IP reputation list (one rule each)"));
    }
    if cx.flag(n, "rate_limit", false) {
        out.push(Charge::new("waf.rule", 1.0, "rate-based rule", "rate-based rule"));
    }
}

/// gp3 includes 3,000 IOPS and bills what is provisioned above; io2 bills every provisioned
/// IOPS (tiered above 32,000 and 64,000). gp2's IOPS follow its size; st1 and sc1 are priced by
/// size only.
pub(super) fn ebs_iops(cx: &Ctx<'_>, n: &Node, volume_type: &str, out: &mut Vec<Charge>) {
    let iops = cx.num(n, "iops", 3000.0).max(0.0);
    match volume_type {
        "gp3" if iops > GP3_INCLUDED_IOPS => {
            let extra = iops - GP3_INCLUDED_IOPS;
            out.push(Charge::new("ebs.gp3.iops", extra, "gp3 extra IOPS", format!("gp3 IOPS above the 3,000 included: {extra}")));
        }
        "io2" => out.push(Charge::new("ebs.io2.iops", iops, "io2 provisioned IOPS", format!("io2 provisioned IOPS: {iops}"))),
        _ => {}
    }
}

/// IOPS every gp3 volume includes at no charge (EBS user guide, gp3).
pub const GP3_INCLUDED_IOPS: f64 = 3000.0;

/// Kinesis retention beyond the 24 hours included. Provisioned streams pay extended retention
/// (up to 7 days) per shard-hour whatever the length; on-demand streams per GB-month stored;
/// both pay per GB-month for long-term retention beyond 7 days. `ingest_gb` is the month's data
/// written; the data stored beyond an age is `ingest_gb × hours of that window / 730`.
pub(super) fn kinesis_retention(cx: &Ctx<'_>, n: &Node, provisioned: bool, shards: f64, ingest_gb: f64, out: &mut Vec<Charge>) {
    let hours = cx.num(n, "retention_hours", 24.0).max(24.0);
    if hours <= 24.0 {
        return;
    }
    let extended_h = hours.min(WEEK_H) - 24.0;
    if provisioned {
        out.push(Charge::new("kinesis.extended_retention.shard_hour", shards * H, "extended retention", format!("extended retention ({hours} h): {} × 730 h", crate::capacity::unit_count(shards, "shards"))));
    } else {
        let gb = ingest_gb * extended_h / H;
        out.push(
            Charge::new("kinesis.ondemand.extended_retention", gb, "extended retention", format!("extended retention: data older than 24 h, up to {:.0} h", hours.min(WEEK_H)))
                .note(format!("{:.2} GB ingested a month × {extended_h} h / 730 h stored on average", ingest_gb)),
        );
    }
    if hours > WEEK_H {
        let gb = ingest_gb * (hours - WEEK_H) / H;
        out.push(
            Charge::new("kinesis.long_term_retention", gb, "long-term retention", format!("long-term retention: data older than 7 days, up to {hours} h"))
                .note(format!("{:.2} GB ingested a month × {} h / 730 h stored on average", ingest_gb, hours - WEEK_H)),
        );
    }
}

/// Hours in the 7 days of Kinesis extended retention.
const WEEK_H: f64 = 168.0;

/// SNS deliveries by protocol. Deliveries to SQS and Lambda are free; to anything else drawn
/// (a service's HTTPS endpoint) and to the subscriptions not drawn (`subscriptions` above the
/// drawn ones, protocol unknown: priced as HTTP/S) they are billed per notification. FIFO
/// topics bill publishes at their own rate plus the payload.
pub(super) fn sns(cx: &Ctx<'_>, n: &Node, publishes: f64, payload_gb: f64, out: &mut Vec<Charge>) {
    let drawn: Vec<&Node> = cx.idx.out(&n.id).iter().filter(|c| c.kind == ConnKind::Async).filter_map(|c| cx.design.node(&c.to)).collect();
    let free = drawn.iter().filter(|t| matches!(t.kind.as_str(), "sqs" | "lambda")).count() as f64;
    let http_drawn = drawn.len() as f64 - free;
    let undrawn = (cx.num(n, "subscriptions", 1.0) - drawn.len() as f64).max(0.0);
    let free_note = format!("deliveries to the {} drawn are free", crate::units::counted(free, "SQS/Lambda subscriber", "SQS/Lambda subscribers"));
    if cx.flag(n, "fifo", false) {
        out.push(Charge::new("sns.fifo.publish", publishes, "FIFO publishes", "FIFO topic publishes, per 64 KB chunk").note(free_note));
        out.push(Charge::new("sns.fifo.payload", payload_gb, "FIFO payload", "FIFO topic payload published"));
    } else {
        out.push(Charge::new("sns.publish", publishes, "SNS publishes", "SNS publishes, per 64 KB chunk").note(free_note));
    }
    if http_drawn > 0.0 {
        out.push(Charge::new("sns.delivery.http", publishes * http_drawn, "HTTP/S deliveries", format!("HTTP/S deliveries: publishes × {} drawn", crate::units::counted(http_drawn, "subscriber", "subscribers"))));
    }
    if undrawn > 0.0 {
        out.push(
            Charge::new("sns.delivery.http", publishes * undrawn, "deliveries to subscriptions not drawn", format!("deliveries to {} not drawn", crate::units::counted(undrawn, "subscription", "subscriptions")))
                .note("protocol not drawn: priced as HTTP/S ($0.60 per million); email costs $2 per 100,000, SMS per message by country")
                .est(true),
        );
    }
}

/// DynamoDB Streams reads by consumers other than Lambda (reads by Lambda triggers are free):
/// one GetRecords read request per change event per consumer, an upper bound.
pub(super) fn dynamodb_streams(cx: &Ctx<'_>, n: &Node, changes: f64, out: &mut Vec<Charge>) {
    if !cx.flag(n, "streams", false) {
        return;
    }
    let readers = cx.idx.out(&n.id).iter().filter(|c| c.kind == ConnKind::Async).filter_map(|c| cx.design.node(&c.to)).filter(|t| t.kind != "lambda").count() as f64;
    if readers > 0.0 {
        out.push(
            Charge::new("dynamodb.streams.read", changes * readers, "stream read requests", format!("stream read requests: changes × {}", crate::units::counted(readers, "non-Lambda consumer", "non-Lambda consumers")))
                .note("upper bound: one GetRecords call per change event; reads by Lambda triggers are free")
                .est(true),
        );
    }
}

/// Cloud Map: each DNS namespace is a Route 53 private hosted zone, billed like one.
pub(super) fn cloud_map(cx: &Ctx<'_>, n: &Node, out: &mut Vec<Charge>) {
    let ns = cx.num(n, "namespaces", 1.0).max(0.0);
    out.push(
        Charge::new("route53.zone", ns, "hosted zones", format!("Route 53 hosted zones of {}", crate::units::counted(ns, "DNS namespace", "DNS namespaces")))
            .note("HTTP namespaces have no hosted zone; registered instances ($0.10 a month each) and discovery API calls not modelled"),
    );
}

/// EKS control-plane logs (API server, audit, authenticator...) ingested into CloudWatch Logs.
pub(super) fn eks_logs(cx: &Ctx<'_>, n: &Node, out: &mut Vec<Charge>) {
    if !cx.flag(n, "control_plane_logging", false) {
        return;
    }
    let gb = cx.num(n, "control_plane_log_gb_per_month", 30.0).max(0.0);
    out.push(
        Charge::new("cw.logs.ingest", gb, "control-plane logs", format!("control-plane logs to CloudWatch Logs: {gb} GB/month"))
            .note("volume is the cluster's own estimate (audit logs dominate); storage follows the log group's retention, not priced here")
            .est(true),
    );
}

/// Transit gateway: every attachment (VPC, VPN, Direct Connect gateway) billed hourly, and the
/// data it processes: the figure set on the node, else the traffic drawn through it.
pub(super) fn transit_gateway(cx: &Ctx<'_>, n: &Node, drawn_gb: f64, out: &mut Vec<Charge>) {
    let attachments = cx.num(n, "attachments", 2.0).max(0.0);
    let vpcs = cx.vpc_count() as f64;
    let mut a = Charge::new("tgw.attachment_hour", attachments * H, "TGW attachments", format!("TGW attachments: {attachments} × 730 h"));
    if vpcs > attachments {
        a = a.note(format!("{vpcs} VPCs are drawn: attach each VPC that uses the hub"));
    }
    out.push(a);
    let set = cx.num(n, "gb_per_month", 0.0).max(0.0);
    let (gb, what) = if set > 0.0 { (set, "TGW data processed (set on the node)") } else { (drawn_gb, "TGW data processed (traffic drawn through it)") };
    out.push(Charge::new("tgw.gb", gb, "TGW data processed", what));
}

/// Links of an on-premises site: one, or two when redundant.
pub(super) fn on_premises_links(cx: &Ctx<'_>, n: &Node) -> f64 {
    if cx.flag(n, "redundant", false) { 2.0 } else { 1.0 }
}
