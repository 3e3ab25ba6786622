//! Service quota checks: for each default quota that a design's components count against,
//! what the design uses of it (as a function of the traffic multiplier) and the limit.

use super::data::{self, Quota};
use super::models::{Bound, Ctx, Model};
use crate::model::{Design, NodeId};
use crate::traffic::{Usage, SECONDS_PER_MONTH};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One term of a quota's use at multiplier `m`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Term {
    /// `m × x`: a rate proportional to traffic.
    Linear(f64),
    /// A fixed amount (provisioned or reserved capacity).
    Const(f64),
    /// A Lambda model's concurrency (uncapped demand: it is what the account must supply).
    Concurrency(usize),
    /// A database model's connections.
    Connections(usize),
}

/// A quota a part of the design counts against.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Check {
    pub quota: &'static Quota,
    /// Where it applies: a Region, or the node it is per.
    pub scope: String,
    pub nodes: Vec<NodeId>,
    pub terms: Vec<Term>,
    pub limit: f64,
    /// How the use is counted, for the report: most are fixed texts, borrowed (a text
    /// copied per check was an allocation and a free per component for a report that
    /// reads few of them).
    pub what: Cow<'static, str>,
    /// Models throttled (overloaded) when the quota is reached.
    pub throttles: Vec<usize>,
}

impl Check {
    pub fn used(&self, m: f64, models: &[Model<'_>], target: f64) -> f64 {
        self.terms
            .iter()
            .map(|t| match *t {
                Term::Linear(x) => m * x,
                Term::Const(x) => x,
                Term::Concurrency(k) => match &models[k].bound {
                    Bound::Concurrency { lambda1, service_s, .. } => m * lambda1 * service_s,
                    _ => 0.0,
                },
                // A database's load is its callers' connections (`Model::eval`'s `load`).
                Term::Connections(k) => match &models[k].bound {
                    Bound::Connections { callers, .. } => super::models::connections(callers, m, models, target),
                    _ => models[k].eval(m, models, target).load,
                },
            })
            .sum()
    }
}

/// Builds every quota check of a design. `usage` is each node's traffic at ×1, by position.
pub(crate) fn checks(cx: &Ctx<'_>, usage: &[&Usage], models: &[Model<'_>]) -> Vec<Check> {
    let design = cx.design;
    let mut out = Vec::new();
    let peak = cx.peak;
    let per_s = |per_month: f64| per_month / SECONDS_PER_MONTH * peak;
    // Grouped by one hash per model (an ordered map's search compares the pair with several
    // others per model), then ordered: each group's models in position order.
    let mut grouped: rustc_hash::FxHashMap<(&str, &str), Vec<usize>> = rustc_hash::FxHashMap::default();
    for (i, m) in models.iter().enumerate() {
        grouped.entry((cx.region(m.pos), m.kind())).or_default().push(i);
    }
    let by_region: BTreeMap<(&str, &str), Vec<usize>> = grouped.into_iter().collect();
    let ids = |ks: &[usize]| ks.iter().map(|&k| models[k].id().clone()).collect::<Vec<_>>();

    // Lambda: the account's concurrency, shared by every function of the Region.
    for ((region, _), ks) in by_region.iter().filter(|((_, k), _)| *k == "lambda") {
        let q = data::quota("lambda.concurrent-executions");
        let total = q.value_in(region);
        let mut reserved = 0.0;
        let mut terms = Vec::new();
        let mut unreserved = Vec::new();
        for &k in ks {
            if let Bound::Concurrency { limit, pool, .. } = &models[k].bound {
                if *pool {
                    terms.push(Term::Concurrency(k));
                    unreserved.push(k);
                } else {
                    reserved += limit;
                }
            }
        }
        terms.push(Term::Const(reserved));
        out.push(Check {
            quota: q,
            scope: region.to_string(),
            nodes: ids(ks),
            terms,
            limit: total,
            what: Cow::Owned(format!("reserved concurrency ({}) + the peak concurrency of {} unreserved function(s)", crate::units::count_short(reserved), unreserved.len())),
            throttles: unreserved,
        });
        if reserved > 0.0 {
            let q2 = data::quota("lambda.unreserved-minimum");
            let reserving: Vec<usize> = ks.iter().copied().filter(|&k| matches!(models[k].bound, Bound::Concurrency { pool: false, .. })).collect();
            out.push(Check {
                quota: q2,
                scope: region.to_string(),
                nodes: ids(&reserving),
                terms: vec![Term::Const(reserved)],
                limit: (total - q2.value_in(region)).max(0.0),
                what: Cow::Owned(format!("reserved concurrency of {} function(s), against {} − {} kept unreserved", reserving.len(), crate::units::count_short(total), crate::units::count_short(q2.value_in(region)))),
                throttles: Vec::new(),
            });
        }
    }
    // API Gateway: the account throttle across every API of the Region; WebSocket connects.
    for ((region, _), ks) in by_region.iter().filter(|((_, k), _)| *k == "api-gateway") {
        let q = data::quota("apigw.throttle-rps");
        let burst = data::quota("apigw.throttle-burst");
        let terms = ks.iter().map(|&k| Term::Linear(usage[models[k].pos].peak_rps)).collect();
        out.push(Check {
            quota: q,
            scope: region.to_string(),
            nodes: ids(ks),
            terms,
            limit: q.value_in(region),
            what: Cow::Owned(format!("peak requests of {} API(s); a burst bucket of {} requests absorbs short spikes above it", ks.len(), crate::units::count_short(burst.value_in(region)))),
            throttles: ks.clone(),
        });
        let minutes = data::assumption("websocket-connection-minutes");
        let ws: Vec<usize> = ks.iter().copied().filter(|&k| Some(models[k].node).is_some_and(|n| cx_text(design, n, "api_type", "http") == "websocket")).collect();
        if !ws.is_empty() {
            let q = data::quota("apigw.websocket-new-connections");
            let terms = ws
                .iter()
                .map(|&k| {
                    let n = models[k].node;
                    Term::Linear(per_s(crate::latency::models::num_or(design, n, "connection_minutes_per_month", 0.0).max(0.0) / minutes))
                })
                .collect();
            out.push(Check {
                quota: q,
                scope: region.to_string(),
                nodes: ids(&ws),
                terms,
                limit: q.value_in(region),
                what: Cow::Owned(format!("connection minutes per month ÷ an estimated {minutes}-minute session, at peak")),
                throttles: ws.clone(),
            });
        }
    }
    // SNS: publishes per Region, standard and FIFO topics apart.
    for ((region, _), ks) in by_region.iter().filter(|((_, k), _)| *k == "sns") {
        for fifo in [false, true] {
            let topics: Vec<usize> =
                ks.iter().copied().filter(|&k| Some(models[k].node).is_some_and(|n| crate::latency::models::flag_or(design, n, "fifo", false) == fifo)).collect();
            if topics.is_empty() {
                continue;
            }
            let q = data::quota(if fifo { "sns.fifo-publish" } else { "sns.publish" });
            out.push(Check {
                quota: q,
                scope: region.to_string(),
                nodes: ids(&topics),
                terms: topics.iter().map(|&k| Term::Linear(usage[models[k].pos].peak_rps)).collect(),
                limit: q.value_in(region),
                what: Cow::Owned(format!("peak publishes to {} {}topic(s)", topics.len(), if fifo { "FIFO " } else { "" })),
                throttles: topics.clone(),
            });
        }
    }
    // DynamoDB: provisioned capacity per Region (provisioned tables).
    for ((region, _), ks) in by_region.iter().filter(|((_, k), _)| *k == "dynamodb") {
        let prov: Vec<usize> = ks.iter().copied().filter(|&k| matches!(models[k].bound, Bound::Throughput { .. })).collect();
        if prov.is_empty() {
            continue;
        }
        for (qid, dim) in [("dynamodb.account-provisioned-read", 0usize), ("dynamodb.account-provisioned-write", 1)] {
            let q = data::quota(qid);
            let terms = prov
                .iter()
                .map(|&k| match &models[k].bound {
                    Bound::Throughput { dims, .. } => Term::Const(dims.get(dim).map(|d| d.units).unwrap_or(0.0)),
                    _ => Term::Const(0.0),
                })
                .collect();
            out.push(Check { quota: q, scope: region.to_string(), nodes: ids(&prov), terms, limit: q.value_in(region), what: "provisioned capacity of the Region's provisioned tables".into(), throttles: Vec::new() });
        }
    }

    // Per-resource quotas.
    for (k, m) in models.iter().enumerate() {
        let n = m.node;
        let region = cx.region(m.pos);
        let u = usage[m.pos];
        let mut push = |qid: &str, terms: Vec<Term>, what: Cow<'static, str>, throttles: bool| {
            let q = data::quota(qid);
            out.push(Check {
                quota: q,
                scope: if n.label.is_empty() { n.id.to_string() } else { n.label.clone() },
                nodes: vec![n.id.clone()],
                terms,
                limit: q.value_in(region),
                what,
                throttles: if throttles { vec![k] } else { Vec::new() },
            });
        };
        match m.kind() {
            "dynamodb" => match &m.bound {
                Bound::Throughput { dims, .. } => {
                    push("dynamodb.table-read", vec![Term::Const(dims[0].units)], "provisioned read capacity".into(), false);
                    push("dynamodb.table-write", vec![Term::Const(dims[1].units)], "provisioned write capacity".into(), false);
                }
                _ => {
                    let item = crate::latency::models::num_or(design, n, "item_kb", 1.0).max(0.1);
                    push("dynamodb.table-read", vec![Term::Linear(per_s(u.reads) * (item / 4.0).ceil())], "read request units at peak".into(), true);
                    push("dynamodb.table-write", vec![Term::Linear(per_s(u.writes + u.messages) * item.ceil())], "write request units at peak".into(), true);
                }
            },
            "sqs" if cx_text(design, n, "queue_type", "standard") == "fifo" => {
                let batch = crate::latency::models::num_or(design, n, "batch_size", 1.0).clamp(1.0, data::quota("sqs.batch-size").value);
                let ht = crate::latency::models::flag_or(design, n, "high_throughput", false);
                let qid = if ht { "sqs.fifo-high-throughput-tps" } else { "sqs.fifo-tps" };
                push(qid, vec![Term::Linear(per_s(u.messages) / batch)], format!("peak messages ÷ {batch} per SendMessageBatch call").into(), true);
            }
            "kinesis" if matches!(m.bound, Bound::Managed { .. }) => {
                push("kinesis.on-demand-write-mb", vec![Term::Linear(per_s(u.gb_in * 1000.0))], "MB/s written at peak".into(), true);
                push("kinesis.on-demand-write-records", vec![Term::Linear(per_s(u.messages))], "records/s written at peak".into(), true);
            }
            "cloudfront" => {
                push("cloudfront.rps", vec![Term::Linear(u.peak_rps)], "peak requests".into(), true);
                push("cloudfront.gbps", vec![Term::Linear(per_s(u.gb_out) * 8.0)], "peak Gbps sent".into(), true);
            }
            "nat-gateway" => {
                push("nat.bandwidth-gbps", vec![Term::Linear(per_s(u.nat_gb) * 8.0)], "peak Gbps processed".into(), true);
                // The busiest destination binds (use is linear in the multiplier, so the
                // busiest at ×1 is the busiest at every multiple).
                let busiest = u.nat_calls_to.iter().fold(None, |b: Option<(&NodeId, f64)>, (to, &c)| if b.is_none_or(|b| c > b.1) { Some((to, c)) } else { b });
                if let Some((to, calls)) = busiest.filter(|b| b.1 > 0.0) {
                    let hold = data::assumption("nat-connection-hold-s");
                    let dest = design.node(to).map(crate::rules::name).unwrap_or_else(|| to.to_string());
                    push(
                        "nat.connections-per-destination",
                        vec![Term::Linear(per_s(calls) * hold)],
                        format!("connections to {dest}, its busiest destination: {} calls/s at peak, one new connection each, × {hold} s each holds a port", crate::units::count_short(per_s(calls))).into(),
                        false,
                    );
                    if let Some(c) = out.last_mut() {
                        c.scope = format!("{} → {dest}", c.scope);
                        c.nodes.push(to.clone());
                    }
                }
            }
            "on-premises" if cx_text(design, n, "connection", "vpn") != "direct-connect" => {
                push("vpn.tunnel-mbps", vec![Term::Linear(per_s((u.gb_in + u.gb_out) * 8000.0))], "peak Mbps over the tunnel".into(), true);
            }
            "rds" | "aurora" => {
                if let Bound::Connections { .. } = m.bound {
                    push("rds.max-connections", vec![Term::Connections(k)], "connections held by the callers at peak".into(), true);
                }
            }
            _ => {}
        }
        // The limit of a database comes from its class, not the quota file's placeholder.
        if let (Some(last), Bound::Connections { limit, .. }) = (out.last_mut(), &m.bound) {
            if last.quota.id == "rds.max-connections" && last.nodes.len() == 1 && &last.nodes[0] == m.id() {
                last.limit = *limit;
            }
        }
    }
    out
}

/// A text property, borrowed (what `latency::models::text_or` gives, without the copy).
fn cx_text<'n>(design: &Design, n: &'n crate::model::Node, key: &str, dflt: &'n str) -> &'n str {
    design.prop_ref(n, key).and_then(crate::model::PropRef::as_str).unwrap_or(dflt)
}
