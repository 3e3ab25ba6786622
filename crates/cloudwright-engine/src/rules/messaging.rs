//! Messaging rules: what happens to a message that fails — dead-letter queues and failure
//! destinations, visibility timeouts against the consumer's processing time, retention
//! against the retries — and event sources that cannot emit what the drawing shows.
//!
//! The seeds say nothing about queue settings; every rule cites the AWS documentation page
//! that gives the advice.

use super::topology::Topology;
use super::{name, Finding, RuleMeta};
use crate::model::{ConnKind, Node};

rule!(NO_DLQ, "msg.no-dead-letter", Warning, "Failing messages have nowhere to go",
    "A message that keeps failing is received again and again until it expires, blocking nothing but hiding the failure; an asynchronous Lambda event that fails its two retries is dropped. A dead-letter queue (or failure destination) keeps them for inspection and replay.",
    "Give the queue a redrive policy to a dead-letter queue, and asynchronously invoked functions an on-failure destination (or a dead-letter queue); alarm on its depth.", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html");
rule!(VISIBILITY, "msg.visibility-timeout-short", Warning, "Queue visibility timeout shorter than its consumer's processing",
    "A received message is hidden for the visibility timeout only; if processing (or Lambda's retries of a throttled batch) takes longer, the message reappears and is processed twice. AWS advises at least six times the function timeout for Lambda consumers.",
    "Raise the queue's visibility timeout to at least six times the Lambda timeout (and above other consumers' processing time).", "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html");
rule!(EXPIRES, "msg.expires-before-dead-letter", Warning, "Messages expire before they reach the dead-letter queue",
    "A message's age counts from when it was first sent. If the retention period ends before the last allowed receive (max receives × visibility timeout), a failing message is deleted instead of moved to the dead-letter queue.",
    "Lengthen the retention period (up to 14 days) or lower the max receives or the visibility timeout.", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html");
rule!(NO_STREAM, "msg.table-events-without-stream", Error, "DynamoDB table sends change events with Streams off",
    "A DynamoDB table emits item changes only through DynamoDB Streams; with Streams off the consumer drawn never receives an event.",
    "Enable the table's stream (new and old images as needed) and map the consumer to it.", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.Lambda.html");

pub(super) const RULES: &[RuleMeta] = &[NO_DLQ, VISIBILITY, EXPIRES, NO_STREAM];

/// Kinds whose messages Lambda polls (an event source mapping): failures are handled by the
/// source (its dead-letter queue or on-failure destination), not by the function's own.
const POLLED: &[&str] = &["sqs", "kinesis", "dynamodb"];

/// AWS's rule of thumb for a queue consumed by Lambda (Lambda developer guide, SQS).
const LAMBDA_VISIBILITY_FACTOR: f64 = 6.0;

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for q in t.of_kind("sqs") {
        if !d.flag(q, "dlq") {
            out.push(Finding::new(&NO_DLQ, format!("{} has no dead-letter queue: a message that keeps failing is received again until it expires.", name(q))).node(&q.id));
        } else {
            expiry(t, q, out);
        }
        visibility(t, q, out);
    }
    for f in t.of_kind("lambda") {
        if d.flag(f, "dlq") {
            continue;
        }
        let pushed: Vec<_> = t.inc(&f.id, ConnKind::Async).filter_map(|c| Some((c, t.node(&c.from)?))).filter(|(_, s)| !POLLED.contains(&s.kind.as_str())).collect();
        if let Some((c, src)) = pushed.first() {
            out.push(
                Finding::new(&NO_DLQ, format!("{} is invoked asynchronously by {} with no failure destination: an event that fails its two retries is dropped.", name(f), name(src)))
                    .node(&f.id)
                    .node(&src.id)
                    .conn(&c.id),
            );
        }
    }
    for tb in t.of_kind("dynamodb") {
        if d.flag(tb, "streams") {
            continue;
        }
        let consumers: Vec<_> = t.out(&tb.id, ConnKind::Async).collect();
        if let Some(c) = consumers.first() {
            let to = t.node(&c.to).map(name).unwrap_or_else(|| c.to.to_string());
            out.push(Finding::new(&NO_STREAM, format!("{} sends change events to {to} but has Streams off.", name(tb))).node(&tb.id).conns(consumers.iter().map(|c| &c.id)));
        }
    }
}

/// The queue's visibility timeout against each consumer it delivers to.
fn visibility(t: &Topology, q: &Node, out: &mut Vec<Finding>) {
    let d = t.design;
    let vt = d.num(q, "visibility_timeout_s");
    for c in t.out(&q.id, ConnKind::Async) {
        let Some(consumer) = t.node(&c.to) else { continue };
        // (time needed, whether it is a Lambda timeout, the figure the message names); the
        // message is written only when the rule speaks (most consumers pass).
        let (need, lambda, figure) = if consumer.kind == "lambda" {
            let timeout = d.num(consumer, "timeout_s");
            (LAMBDA_VISIBILITY_FACTOR * timeout, true, timeout)
        } else if let Some(p99_ms) = d.prop_where_defined(consumer, "app_p99_ms").and_then(|v| v.as_f64()) {
            // application compute: its configured p99 time is the processing time of one message
            let p99 = p99_ms / 1000.0;
            (p99, false, p99)
        } else {
            continue;
        };
        if vt < need {
            let why = if lambda { format!("six times the {figure} s timeout of {}", name(consumer)) } else { format!("the {figure} s processing time (p99) of {}", name(consumer)) };
            out.push(
                Finding::new(&VISIBILITY, format!("{} hides a received message for {vt} s, less than {why} ({need} s): a message still being processed reappears and is processed twice.", name(q)))
                    .node(&q.id)
                    .node(&consumer.id)
                    .conn(&c.id),
            );
        }
    }
}

/// Retention against the time a failing message needs to reach the dead-letter queue.
fn expiry(t: &Topology, q: &Node, out: &mut Vec<Finding>) {
    let d = t.design;
    let retention_s = d.num(q, "retention_days") * 86_400.0;
    let receives = d.num(q, "max_receive_count");
    let needed_s = receives * d.num(q, "visibility_timeout_s");
    if retention_s < needed_s {
        out.push(
            Finding::new(
                &EXPIRES,
                format!(
                    "{} keeps messages {} days, but a failing message needs {receives} receives × {} s = {:.1} hours to reach the dead-letter queue: it expires first.",
                    name(q),
                    d.num(q, "retention_days"),
                    d.num(q, "visibility_timeout_s"),
                    needed_s / 3600.0
                ),
            )
            .node(&q.id),
        );
    }
}
