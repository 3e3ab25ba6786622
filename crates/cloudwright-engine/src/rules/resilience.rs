//! Resilience rules: synchronous call chains, timeouts, retries and circuit breakers.
//! The us-east-1 outage spread through call chains: one dependency timed out, callers
//! retried, and whole stacks collapsed.

use super::topology::{is_app, Topology};
use super::{name, Finding, RuleMeta};
use crate::model::{ConnKind, Connection};

rule!(LONG_CHAIN, "res.long-sync-chain", Warning, "Long synchronous chain without timeouts or circuit breakers",
    "Each synchronous hop adds a way for a slow dependency to hold every caller above it; without timeouts and breakers one slow service stalls the whole chain.",
    "Set a timeout on every hop (shorter than the caller's), add circuit breakers, or make parts of the chain asynchronous.", "us-east-1-outage.txt");
rule!(RETRY_NO_BREAKER, "res.retries-without-breaker", Warning, "Retries without a circuit breaker",
    "Retries against a failing dependency multiply its load exactly when it is weakest; during the outage, retries spread the failure.",
    "Add a circuit breaker (or a retry budget with backoff and jitter) to calls that retry.", "us-east-1-outage.txt");
rule!(EXT_TIMEOUT, "res.external-call-no-timeout", Warning, "Call to an external API without a timeout",
    "A third-party API you do not control can hang; without a timeout your threads and connections hang with it.",
    "Set a client timeout (and a fallback) on the call.", "us-east-1-outage.txt");
rule!(CYCLE, "res.sync-cycle", Warning, "Synchronous call cycle",
    "Services that call each other synchronously in a loop can deadlock and amplify any failure around the loop.",
    "Break the cycle: make one direction asynchronous or merge the responsibilities.", "us-east-1-outage.txt");

rule!(EXT_FALLBACK, "res.external-api-no-fallback", Warning, "Request path fails whenever a third-party API does",
    "A system need not fail completely because one part goes down: a dependency you do not control is down for its published unavailability (99.9% is 43.8 minutes a month), and without a circuit breaker and a fallback every one of those minutes is an outage of yours.",
    "Put a circuit breaker on the call with a fallback (cached answer, queued request, degraded feature), or move the call off the synchronous path.", "us-east-1-outage.txt");

pub(super) const RULES: &[RuleMeta] = &[LONG_CHAIN, RETRY_NO_BREAKER, EXT_TIMEOUT, CYCLE, EXT_FALLBACK];

/// Published availability at or above which a third party is as available as the AWS
/// building blocks around it (most regional AWS services commit to 99.99%).
const FOUR_NINES: f64 = 99.99;
/// Minutes in a month of 730 hours.
const MINUTES_PER_MONTH: f64 = 730.0 * 60.0;

/// Hops where our own code makes the call (it can set timeouts and breakers).
fn app_hop(t: &Topology, c: &Connection) -> bool {
    t.node(&c.from).map(|n| is_app(&n.kind)).unwrap_or(false)
}

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    // Nodes and connections are walked by position (the index numbers both in id order, the
    // order of the design's maps, so the findings come in the same order): a node's
    // connections and a connection's ends are read from the index's tables instead of looked
    // up by id. Each lookup hashed an id and compared it with a key elsewhere on the heap: at
    // 5,000 nodes those reads missed the cache (callgrind with a 2 MB last level, s26).
    let idx = &t.index;
    // Chains are read from their roots (no synchronous caller), so a chain is reported once.
    // Connections' kinds from the index's table (one byte each), not from each connection on
    // the heap: at 5,000 nodes the connections do not stay in a 2 MB cache (s44).
    let kinds = idx.conn_kinds();
    for (p, &n) in idx.nodes.iter().enumerate() {
        let sync = |(c, _): (usize, Option<usize>)| kinds[c] == ConnKind::Sync;
        if idx.inc_ends_at(p).any(sync) || !idx.out_ends_at(p).any(sync) {
            continue;
        }
        let chain = t.chain_from(&n.id);
        let hops: Vec<&Connection> = chain.iter().copied().filter(|c| app_hop(t, c)).collect();
        if hops.len() < 3 {
            continue;
        }
        let bare: Vec<&Connection> = hops.iter().copied().filter(|c| c.timeout_ms.is_none() || !c.circuit_breaker).collect();
        if bare.is_empty() {
            continue;
        }
        let mut names = vec![name(n)];
        names.extend(chain.iter().filter_map(|c| t.node(&c.to)).map(name));
        out.push(
            Finding::new(&LONG_CHAIN, format!("{} synchronous service calls in a row ({}); {} of them lack a timeout or circuit breaker.", hops.len(), names.join(" → "), bare.len()))
                .node(&n.id)
                .nodes(chain.iter().map(|c| &c.to))
                .conns(bare.iter().map(|c| &c.id)),
        );
    }
    for ((&c, &ends), &kind) in idx.conns.iter().zip(idx.ends()).zip(kinds) {
        if kind != ConnKind::Sync {
            continue;
        }
        let (Some(f), Some(to)) = ends else { continue };
        let (f, to) = (idx.nodes[f], idx.nodes[to]);
        if c.retries.unwrap_or(0) > 0 && !c.circuit_breaker {
            out.push(
                Finding::new(&RETRY_NO_BREAKER, format!("{} retries calls to {} up to {} times with no circuit breaker.", name(f), name(to), c.retries.unwrap_or(0)))
                    .node(&f.id)
                    .node(&to.id)
                    .conn(&c.id),
            );
        }
        // Only our own code sets client timeouts (a NAT gateway or an edge service does not).
        if to.kind == "external-api" && c.timeout_ms.is_none() && is_app(&f.kind) {
            out.push(Finding::new(&EXT_TIMEOUT, format!("{} calls {} with no timeout.", name(f), name(to))).node(&f.id).node(&to.id).conn(&c.id));
        }
        // A third party's availability: an AWS regional service drawn as an External API
        // (`provider` aws, as an import draws the service behind an interface endpoint) is not
        // a third party's SLA.
        if to.kind == "external-api" && !c.circuit_breaker && is_app(&f.kind) && d.text_ref(to, "provider") != "aws" {
            let a = d.num(to, "availability_pct");
            if a < FOUR_NINES {
                let down = (100.0 - a) / 100.0 * MINUTES_PER_MONTH;
                out.push(
                    Finding::new(&EXT_FALLBACK, format!("{} calls {} ({a}% available: up to {down:.1} minutes down a month) with no circuit breaker to fall back on.", name(f), name(to)))
                        .node(&f.id)
                        .node(&to.id)
                        .conn(&c.id),
                );
            }
        }
    }
    for cycle in &t.sync_cycles {
        let names = super::Names::of(cycle.iter().filter_map(|id| t.node(id)));
        out.push(Finding::new(&CYCLE, format!("{} call each other synchronously in a cycle.", names.list())).nodes(cycle.iter().copied()));
    }
}
