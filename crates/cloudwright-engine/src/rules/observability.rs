//! Observability rules: log retention, metric cardinality, alarms at the entry points,
//! tracing across services.

use super::topology::{is_app, Topology};
use super::{name, Finding, RuleMeta};
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

rule!(LB_LOGS, "obs.lb-no-access-logs", Advice, "Internet-facing load balancer without access logs",
    "The load balancer sees every request, its client, latency and status; without access logs an incident or an abuse report has no record of who called what.",
    "Enable access logs to an S3 bucket (no charge beyond S3 storage) with a lifecycle rule.", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html");
rule!(FLOW_LOGS, "obs.vpc-no-flow-logs", Advice, "VPC without flow logs",
    "Flow logs record the accepted and rejected traffic of the VPC's network interfaces: the evidence for troubleshooting security groups and for investigating what talked to what.",
    "Enable VPC flow logs to CloudWatch Logs or S3 (rejected traffic at least) with a retention.", "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html");

rule!(SILENT_ALARMS, "obs.alarms-notify-no-one", Warning, "Alarms that notify no one",
    "Alarms help a team act before an issue gets worse only if they reach someone or something: an alarm with no action changes state on a console nobody is watching.",
    "Give the alarms an action: an SNS topic that reaches email, Slack or the on-call pager, or a Lambda, Step Functions or scaling action for automated recovery.", "cloudwatch-observability.txt");

pub(super) const RULES: &[RuleMeta] = &[RETENTION, CARDINALITY, NO_ALARMS, NO_TRACING, LB_LOGS, FLOW_LOGS, SILENT_ALARMS];

/// What an alarm action can reach: a notification topic, an event bus, automation, or a
/// scaling target.
fn is_alarm_target(kind: &str) -> bool {
    matches!(kind, "sns" | "lambda" | "eventbridge" | "step-functions" | "asg" | "ecs-service" | "ec2")
}

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    let cws = t.of_kind("cloudwatch");
    for cw in cws {
        let alarms = d.num(cw, "alarms") > 0.0 || d.flag(cw, "alarm_on_errors") || d.flag(cw, "alarm_on_latency");
        if alarms && !t.index.out(&cw.id).iter().any(|c| t.node(&c.to).is_some_and(|n| is_alarm_target(&n.kind))) {
            out.push(Finding::new(&SILENT_ALARMS, format!("{} has alarms but sends them to no SNS topic, function or scaling action.", name(cw))).node(&cw.id));
        }
        // No logs ingested (e.g. alarms only): nothing is kept, forever or not.
        if d.num(cw, "log_retention_days") <= 0.0 && d.num(cw, "logs_gb_per_month") > 0.0 {
            out.push(Finding::new(&RETENTION, format!("{} keeps logs forever (no retention set).", name(cw))).node(&cw.id));
        }
        if d.text_ref(cw, "metric_dimensions_cardinality") == "high" {
            out.push(Finding::new(&CARDINALITY, format!("{} publishes metrics with high-cardinality dimensions.", name(cw))).node(&cw.id));
        }
    }
    for lb in t.of_kind("alb") {
        if t.internet_reach(lb).is_ok() && !d.flag(lb, "access_logs") {
            out.push(Finding::new(&LB_LOGS, format!("{} keeps no access logs.", name(lb))).node(&lb.id));
        }
    }
    for v in t.of_kind("vpc") {
        if !d.flag(v, "flow_logs") {
            out.push(Finding::new(&FLOW_LOGS, format!("{} records no flow logs.", name(v))).node(&v.id));
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
            let names = super::Names::of(doors.iter().filter_map(|n| t.node(n)));
            let how = if cws.is_empty() { "the design has no CloudWatch" } else { "no alarm is set" };
            out.push(
                Finding::new(&NO_ALARMS, format!("Nothing alarms on {missing} at {}: {how}.", names.list()))
                    .nodes(doors.iter().copied())
                    .nodes(cws.iter().map(|c| &c.id)),
            );
        }
    }
    let services: Vec<&NodeId> = t.exposed_nodes().filter(|n| is_app(&n.kind)).map(|n| &n.id).collect();
    if services.len() >= 3 && !t.has_kind("xray") {
        let names = super::Names::of(services.iter().filter_map(|n| t.node(n)));
        out.push(Finding::new(&NO_TRACING, format!("Requests cross {} services ({}) with no tracing.", services.len(), names.list())).nodes(services));
    }
}
