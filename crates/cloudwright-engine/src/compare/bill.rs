//! The bill of a comparison option, from the cost engine.
//!
//! A comparison never prices anything itself: an option's resources (the tasks, instances,
//! control plane, load balancer or API it needs) are written as a small design, a
//! [`Scenario`], and billed by [`crate::cost::month`], the same code `cost` runs. Options
//! compared inside a design take their lines from the design's own bill. So `cost` and
//! `compare` can never disagree on a price, a tier, a free allowance or a discount.

use super::{round_cents, CostLine};
use crate::cost::{self, LineItem};
use crate::model::{ConnKind, Connection, Design, Node, NodeId, PricingModel, Value};
use std::collections::BTreeMap;

/// A small design holding one option's resources, in the comparison's region and bought as
/// the design buys (on-demand or a Savings Plan, free tier or not).
pub(crate) struct Scenario {
    pub design: Design,
    /// Node id -> label prefixed to its lines ("base", "bursts"); empty for none.
    prefix: BTreeMap<NodeId, String>,
}

impl Scenario {
    pub fn new(region: &str, pricing: PricingModel, free_tier: bool) -> Scenario {
        let mut design = Design::new("comparison", region);
        design.workload.pricing = pricing;
        design.workload.free_tier = free_tier;
        Scenario { design, prefix: BTreeMap::new() }
    }

    /// Adds a node of `kind` with `props`; its lines are prefixed with `prefix` when not empty.
    pub fn add(&mut self, kind: &str, prefix: &str, props: Vec<(&str, Value)>) -> NodeId {
        let id = self.design.fresh_node_id(kind);
        let props = crate::order::map(props.into_iter().map(|(k, v)| (k.to_string(), v)));
        let label = crate::catalog::kind(kind).map(|k| k.name).unwrap_or(kind).to_string();
        self.design.nodes.insert(id.clone(), Node { id: id.clone(), kind: kind.into(), label, parent: None, span: Vec::new(), props, ingress: vec![], suppressions: vec![] });
        if !prefix.is_empty() {
            self.prefix.insert(id.clone(), prefix.to_string());
        }
        id
    }

    pub fn connect(&mut self, from: &NodeId, to: &NodeId, kind: ConnKind) -> &mut Connection {
        let id = self.design.fresh_conn_id();
        self.design.connections.insert(id.clone(), Connection::new(id.clone(), from.clone(), to.clone(), kind));
        self.design.connections.get_mut(&id).expect("just inserted")
    }

    /// The month's bill: (lines, total USD unrounded).
    pub fn bill(&self) -> (Vec<CostLine>, f64) {
        let (lines, total) = cost::month(&self.design);
        let out = lines.iter().map(|l| cost_line(l, self.prefix.get(&l.node).map(String::as_str).unwrap_or(""))).collect();
        (out, total)
    }
}

/// A line of the cost engine as a comparison line: its part (control plane, compute,
/// storage, load balancer, data transfer, discount...), what, amount (to the cent) and price.
pub(crate) fn cost_line(l: &LineItem, prefix: &str) -> CostLine {
    let what = if prefix.is_empty() { l.what.to_string() } else { format!("{prefix}: {}", l.what) };
    CostLine { part: part_of(l).into(), what, monthly: round_cents(l.monthly), price_ids: vec![l.price_id.to_string()], estimated: l.estimated }
}

/// The comparison part a line of the bill belongs to.
pub(crate) fn part_of(l: &LineItem) -> &'static str {
    let p = l.price_id.as_ref();
    if l.category == "Discounts" {
        "discount"
    } else if l.category == "Data transfer" {
        "data transfer"
    } else if p.starts_with("eks.cluster") {
        "control plane"
    } else if p.starts_with("fargate.") || p.starts_with("ec2.") {
        "compute"
    } else if p.starts_with("ebs.") {
        "storage"
    } else if p.starts_with("alb.") || p.starts_with("nlb.") || (p == "ipv4.hour" && matches!(l.kind.as_ref(), "alb" | "nlb")) {
        "load balancer"
    } else if p.starts_with("apigw.cache") {
        "cache"
    } else if p.starts_with("apigw.ws.connection") {
        "connections"
    } else if p.starts_with("apigw.ws") {
        "messages"
    } else if p.starts_with("apigw.") {
        "requests"
    } else if p.starts_with("waf.") {
        "waf"
    } else {
        "other"
    }
}

/// The lines of a design's bill that belong to `nodes`, in bill order, and their total
/// (unrounded): the figure `cost` shows for those nodes.
pub(crate) fn lines_of(lines: &[LineItem], nodes: &[NodeId], keep: impl Fn(&LineItem) -> bool) -> (Vec<CostLine>, f64) {
    let mut out = Vec::new();
    let mut total = 0.0;
    for l in lines.iter().filter(|l| nodes.contains(&l.node) && keep(l)) {
        total += l.monthly;
        out.push(cost_line(l, ""));
    }
    (out, total)
}
