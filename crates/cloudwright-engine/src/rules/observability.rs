//! Observability rules: log retention, metric cardinality, alarms at the entry points,
//! tracing across services.

use super::topology::{is_app, Topology};
use super::{list, name, Finding, RuleMeta};
use crate::model::{ConnKind, NodeId};

rule!(RETENTION, "obs.log-retention-never", Warning, "Log groups kept forever",
    "Log storage grows without bound when nothing expires; most operational logs are useful for 7–30 days.",
    "Set a retention period (e.g. 30 days) and export what must be kept longer to S3.", "cloudwatch-observability.txt");
rule!(CARDINALITY, "obs.high-cardinality-dimensions", Warning, "High-cardinality metric dimensions",
    "Every distinct combination of dimensions is a separate, billed time series; labels like user, request or version explode their number.",
    "Keep dimensions to a few low-cardinality ones (service, environment, endpoint); put the rest in logs.", "cloudwatch-observability.txt");
rule!(NO_ALARMS, "obs.no-entry-alarms", Warning, "No alarms on error rate and latency at the entry points",
    "Teams that alarm only on infrastructure learn about outages from their users; error rate and latency at the front door are what users feel.",
    "Alarm on error rate (metric math: errors / requests) and p99 latency at each entry point, routed to SNS.", "cloudwatch-observability.txt");
rule!(NO_TRACING, "obs.no-tracing", Warning, "Several services and no distributed tracing",
    "Once a request crosses several services, metrics say something is slow but not where; traces (and a request id carried from the gateway) do.",
    "Add AWS X-Ray (or OpenTelemetry) tracing, propagate the request id, and view it in ServiceLens.", "cloudwatch-observability.txt");

pub(super) const RULES: &[RuleMeta] = &[RETENTION, CARDINALITY, NO_ALARMS, NO_TRACING];

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    let cws = t.of_kind("cloudwatch");
    for cw in cws {
        if d.num(cw, "log_retention_days") <= 0.0 {
            out.push(Finding::new(&RETENTION, format!("{} keeps logs forever (no retention set).", name(cw))).node(&cw.id));
        }
        if d.text(cw, "metric_dimensions_cardinality") == "high" {
            out.push(Finding::new(&CARDINALITY, format!("{} publishes metrics with high-cardinality dimensions.", name(cw))).node(&cw.id));
        }
    }
    // Front doors: what internet users call first, looking through DNS.
    let mut doors: Vec<&NodeId> = Vec::new();
    for u in t.of_kind("users") {
        for c in t.out(&u.id, ConnKind::Sync) {
            let next: Vec<&NodeId> = match t.node(&c.to) {
                Some(n) if n.kind == "route53" => t.out(&n.id, ConnKind::Sync).map(|c2| &c2.to).collect(),
                _ => vec![&c.to],
            };
            for x in next {
                if !doors.contains(&x) {
                    doors.push(x);
                }
            }
        }
    }
    if !doors.is_empty() {
        let errors = cws.iter().any(|c| d.flag(c, "alarm_on_errors"));
        let latency = cws.iter().any(|c| d.flag(c, "alarm_on_latency"));
        if !errors || !latency {
            let missing = match (errors, latency) {
                (false, false) => "error rate or latency",
                (false, true) => "error rate",
                _ => "latency",
            };
            let names: Vec<String> = doors.iter().filter_map(|n| t.node(n)).map(name).collect();
            let how = if cws.is_empty() { "the design has no CloudWatch" } else { "no alarm is set" };
            out.push(
                Finding::new(&NO_ALARMS, format!("Nothing alarms on {missing} at {}: {how}.", list(&names)))
                    .nodes(doors.iter().copied())
                    .nodes(cws.iter().map(|c| &c.id)),
            );
        }
    }
    let services: Vec<&NodeId> = t.exposed.keys().copied().filter(|id| t.node(id).map(|n| is_app(&n.kind)).unwrap_or(false)).collect();
    if services.len() >= 3 && !t.has_kind("xray") {
        let names: Vec<String> = services.iter().filter_map(|n| t.node(n)).map(name).collect();
        out.push(Finding::new(&NO_TRACING, format!("Requests cross {} services ({}) with no tracing.", services.len(), list(&names))).nodes(services));
    }
}
