//! The bill of a comparison option, from the cost engine.
//!
//! A comparison never prices anything itself: an option's resources (the tasks, instances,
//! control plane, load balancer or API it needs) are written as a small design, a
//! [`Scenario`], and billed by [`crate::cost::month`], the same code `cost` runs. Options
//! compared inside a design take their lines from the design's own bill. So `cost` and
//! `compare` can never disagree on a price, a tier, a free allowance or a discount.

use super::{round_cents, CostLine};
use crate::cost::{self, LineItem};
use crate::edit::Edit;
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
    } else if p.starts_with("cw.logs") && l.kind.as_ref() == "eks-cluster" {
        // The EKS cluster's control-plane logs (QA s23 #15: Compare listed them as "other").
        "control-plane logs"
    } else if p.starts_with("cw.logs") {
        "logs"
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

/// A design's own first-month bill, priced once for every option compared inside it: its
/// lines and total (the figures [`cost::month`] computes), with the cost engine's pricing of
/// each component kept ([`cost::Kept`]) and the traffic at ×1 it was priced at, so that the
/// bill of the design after a "Switch" prices again only what the switch can have changed
/// ([`DesignBill::after`]). The report compares every container service of a design: billing
/// each switch whole cost a 1,000-component design about a thousand whole bills.
pub struct DesignBill {
    /// The first month's lines, as [`cost::month`] has them.
    pub lines: Vec<LineItem>,
    /// The first month's total, USD unrounded.
    pub total: f64,
    kept: cost::Kept,
    traffic: std::sync::Arc<crate::traffic::Traffic>,
}

impl DesignBill {
    /// Bills `design` (its first month), keeping the pricing.
    pub fn new(design: &Design) -> DesignBill {
        let cx = crate::analysis::Context::new(design);
        let (lines, total, kept) = cost::month_kept_in(&cx, None, cost::Since::Props(&[]));
        DesignBill { lines, total, kept, traffic: cx.shared_traffic() }
    }

    /// The traffic at ×1 this bill was priced at (the design's own).
    pub(crate) fn traffic(&self) -> &crate::traffic::Traffic {
        &self.traffic
    }

    /// The first month of `after`'s bill (lines, total USD unrounded), `after` being this
    /// bill's design with `edit` applied: the figures [`cost::month`] computes for `after`
    /// (the `switch_bill_is_the_whole_bill` tests compare them bit for bit). When the edit
    /// only sets properties, changes labels, adds or removes leaf components and connections
    /// (what a Switch does; moves and resizes are read by no analysis), the kept pricing is
    /// taken over for every component the edit cannot have changed ([`cost::Since::Structure`],
    /// each component whose properties, kind or label the edit set counted as replaced); any
    /// other edit bills `after` whole.
    pub fn after(&self, after: &Design, edit: &Edit) -> (Vec<LineItem>, f64) {
        let (lines, total, _) = self.after_with_traffic(after, edit);
        (lines, total)
    }

    /// [`DesignBill::after`], and the traffic at ×1 `after` was priced at when the bill worked
    /// it out (None when `after` was billed whole): a Switch's note reads the converted
    /// nodes' tasks from it rather than working the traffic out a second time.
    pub(crate) fn after_with_traffic(&self, after: &Design, edit: &Edit) -> (Vec<LineItem>, f64, Option<std::sync::Arc<crate::traffic::Traffic>>) {
        let mut ends = Vec::new();
        let mut nodes = Vec::new();
        if !changed_by(edit, &mut ends, &mut nodes) {
            let (lines, total) = cost::month(after);
            return (lines, total, None);
        }
        let cx = crate::analysis::Context::new(after);
        let (lines, total, _) = cost::month_kept_in(&cx, Some(self.kept.clone()), cost::Since::Structure { before: &self.traffic, touched: &ends, nodes: &nodes });
        (lines, total, Some(cx.shared_traffic()))
    }
}

/// What `edit` changed that the bill reads, for [`cost::Since::Structure`]: the ends of the
/// connections it made, removed or changed (`ends`), and the components it added, removed, or
/// whose properties or label it set (`nodes`: priced again as new components, with every
/// component whose pricing read them). False for any other edit (a reparent, a span, the
/// workload, the region...): the caller bills the design whole.
fn changed_by(edit: &Edit, ends: &mut Vec<NodeId>, nodes: &mut Vec<NodeId>) -> bool {
    match edit {
        Edit::Batch { edits, .. } => edits.iter().all(|e| changed_by(e, ends, nodes)),
        Edit::Move { .. } | Edit::Resize { .. } => true,
        Edit::SetProp { id, .. } | Edit::SetLabel { id, .. } => {
            nodes.push(id.clone());
            true
        }
        Edit::AddNode { node, .. } | Edit::RemoveNode { node, .. } => {
            nodes.push(node.id.clone());
            true
        }
        Edit::Connect { conn } | Edit::Disconnect { conn } => {
            ends.extend([conn.from.clone(), conn.to.clone()]);
            true
        }
        Edit::UpdateConnection { before, after } => {
            ends.extend([before.from.clone(), before.to.clone(), after.from.clone(), after.to.clone()]);
            true
        }
        _ => false,
    }
}
