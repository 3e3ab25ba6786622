//! Monthly cost projection: line items like a bill, from the price book and the traffic
//! flowing through the design.
//!
//! How a cost is built:
//! 1. [`crate::traffic`] derives each node's monthly usage (requests, messages, bytes, NAT
//!    and inter-AZ GB, GB-seconds, LCUs...).
//! 2. [`kinds`] turns each node's properties and usage into *charges*: a quantity of one
//!    price of the book (`data/prices.json`), maybe with a factor (Multi-AZ ×2, Spot −70%).
//!    Kinds that AWS does not charge for get an explicit [`FreeItem`] with the reason.
//! 3. Charges of the same price in the same region are pooled before tiers and free
//!    allowances apply, as AWS bills them (tiers are per account and region, not per resource);
//!    each charge then gets the pool's blended unit price, so lines sum to the tiered total.
//! 4. Savings Plans add one negative line per eligible node (EC2, Fargate, Lambda compute).
//! 5. Totals by node, service (kind) and category; the month, and a year of 12 months with
//!    `workload.growth_pct_per_month` traffic growth and storage growth applied month by month.
//!
//! Prices outside us-east-1 are us-east-1 × a regional factor and marked `estimated`, except
//! a price the book cites as the same in every Region (`Price::uniform`: public IPv4).

mod features;
mod kinds;
pub mod prices;

use crate::catalog;
use crate::graph::{Containers, Index};
use crate::model::{Design, NodeId, PricingModel};
use crate::traffic::{self, Traffic};
use prices::{book, Discount, PriceBook};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use kinds::{fargate_size, EKS_FARGATE_POD_OVERHEAD_GB};
pub use prices::{Price, PRICES_JSON};

/// A text of a bill line: borrowed from the catalog, the price book (parsed once per process,
/// `prices::book`) or the code when it is one of theirs as it stands (a kind id, a category, a
/// unit, a price id, a source, a date, a fixed description), owned when it was written for the
/// line (a label, a count, a note joined from several). A line carries ten texts: copying
/// each was most of settling the bill (eleven allocations per line, s27-core). Serialized as a
/// plain string, and read back owned, so the JSON and MessagePack forms are those of a `String`.
pub type Text = std::borrow::Cow<'static, str>;

/// One line of the bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub node: NodeId,
    pub label: String,
    /// The node's catalog kind (the "service").
    pub kind: Text,
    /// Cost category: the kind's catalog category, or "Data transfer" / "Discounts".
    pub category: Text,
    /// What is charged, e.g. "Fargate vCPU (Linux/x86): 2 tasks × 0.5 vCPU × 730 h".
    pub what: Text,
    /// The charge's short name, given where the charge is made (not cut from `what`): a few
    /// words with no figure, bracket or quote ("PUT requests", "log storage"), what the "Not
    /// used" sentence calls it ([`CostReport::shown`]; review s34 R4).
    pub name: Text,
    /// Quantity in `unit`s.
    pub quantity: f64,
    pub unit: Text,
    /// USD per unit (blended over tiers when tiered; after factors and regional adjustment).
    pub unit_price: f64,
    /// USD per month.
    pub monthly: f64,
    /// Price book entry id ("" for derived lines such as discounts).
    pub price_id: Text,
    /// The region code the line is priced in (`us-east-1`; `global` for a global service,
    /// `catalog::is_global`).
    pub region: Text,
    pub source: Text,
    pub as_of: Text,
    /// Not from the cited reference list: from a remembered pricing page, a regional factor,
    /// a typical discount or an assumption. Shown to the user.
    pub estimated: bool,
    /// Tiers used, assumptions, caveats.
    pub note: Text,
}

/// A node that costs nothing, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreeItem {
    pub node: NodeId,
    pub label: String,
    pub kind: String,
    pub reason: String,
}

/// The whole projection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostReport {
    pub design: String,
    pub region: String,
    pub multiplier: f64,
    pub pricing: String,
    pub free_tier: bool,
    pub price_version: String,
    pub price_as_of: String,
    pub lines: Vec<LineItem>,
    pub free: Vec<FreeItem>,
    /// Nodes of kinds the cost engine does not know (never silently zero).
    pub unpriced: Vec<FreeItem>,
    pub by_node: BTreeMap<NodeId, f64>,
    pub by_service: BTreeMap<String, f64>,
    pub by_category: BTreeMap<String, f64>,
    /// USD for the first month.
    pub monthly: f64,
    /// USD over 12 months, with traffic growth and storage growth month by month.
    pub yearly: f64,
    /// Month-by-month totals behind `yearly`.
    pub months: Vec<f64>,
    /// Part of `monthly` on estimated lines.
    pub estimated_monthly: f64,
    /// Model notes the user should read (caveats, back edges ignored, ...).
    pub notes: Vec<String>,
    /// The traffic the month was priced from (at ×1, the analysis context's own: shared, not
    /// copied).
    pub traffic: Arc<Traffic>,
}

impl CostReport {
    /// Lines of one node.
    pub fn lines_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a LineItem> + 'a {
        self.lines.iter().filter(move |l| l.node.as_str() == id)
    }
    /// Monthly USD of one node.
    pub fn node_total(&self, id: &str) -> f64 {
        self.by_node.get(&NodeId::new(id)).copied().unwrap_or(0.0)
    }
}

/// Cost at the design's own traffic.
pub fn cost(design: &Design) -> CostReport {
    cost_at(design, 1.0)
}

/// Cost with every entry volume scaled by `multiplier`.
pub fn cost_at(design: &Design, multiplier: f64) -> CostReport {
    cost_at_in(&crate::analysis::Context::new(design), multiplier)
}

/// [`cost_at`] on a shared analysis context (its traffic plan and graph index are built once
/// per revision).
pub fn cost_at_in(cx: &crate::analysis::Context<'_>, multiplier: f64) -> CostReport {
    bill_in(cx, multiplier, None, Vec::new(), true).0
}

/// What a bill at ×1 keeps of its pricing so that the next revision's bill, after edits that
/// changed only some nodes' properties, prices only those nodes again ([`cost_kept_in`]):
/// each node's charges (the first month's, and at constant traffic the later months' of
/// accumulating storage), or why it costs nothing, with the other nodes whose properties its
/// pricing read (a CloudFront distribution reads its viewers' geography, a table replica its
/// source's item size, an instance its drawn root volumes' flag).
#[derive(Clone, Debug)]
pub struct Kept {
    nodes: Vec<NodeBill>,
    /// Who read whose properties: a node's id → the positions of the other nodes whose
    /// pricing read one of its properties.
    readers: FxHashMap<NodeId, Vec<usize>>,
    /// Who read whose usage: a node's id → the positions of the other nodes whose pricing
    /// read its usage ([`kinds::TrafficReads::usage_of`]).
    usage_readers: FxHashMap<NodeId, Vec<usize>>,
    /// What the bill read before pricing any node (the graph index, the traffic at ×1, each
    /// node's region): when an edit changed one of these, every node is priced again.
    pub(crate) before_pricing: crate::prop_deps::Reads,
    /// What pricing the nodes read (since the last bill that priced every node: the kept
    /// nodes read it when they were priced), so that the bill's recorded reads cover them.
    pricing: crate::prop_deps::Reads,
    /// The monthly growth the later months were priced at.
    growth: f64,
    /// The pools of the last bill's first month, and how many lines it had.
    pools: Vec<PoolState>,
    lines: usize,
}

/// One node's part of the bill before pooling.
#[derive(Clone, Debug, Default)]
struct NodeBill {
    /// The first month's charges, in the order priced.
    first: Vec<Charge>,
    /// At constant traffic, for a kind whose storage accumulates ([`kinds::accumulates`]):
    /// which of `first` changes with the month, and its quantity in months 2 to 12 (the
    /// node's other charges are the same every month).
    later: Option<(usize, Vec<f64>)>,
    outcome: Item,
    /// The other nodes whose properties were read while pricing this one.
    foreign: Vec<NodeId>,
    /// What else of the traffic and the design its pricing read (other nodes' usage, its
    /// connections' flows by kind, design-wide figures): [`Kept::rebase`] reads it.
    reads: kinds::TrafficReads,
    /// In the last bill: the line of each of `first` (`u32::MAX`: none), and the node's
    /// Savings Plan lines by class. Empty for a node priced in this revision.
    lines: Vec<u32>,
    sp_lines: Vec<(&'static str, u32)>,
}

/// Why a node has no charges, if it has none by design.
#[derive(Clone, Debug, Default)]
enum Item {
    #[default]
    Priced,
    Free(FreeItem),
    Unknown(FreeItem),
}

/// [`cost_at_in`] at ×1, keeping each node's pricing ([`Kept`]). With `kept` (the last
/// revision's, whose `before_pricing` reads the edits since did not change, on the same
/// nodes in the same positions, with the same workload), only the nodes named in
/// `Since::Props` and the nodes whose pricing read one of their properties are priced again
/// (after structural edits, `Since::Structure`: the nodes [`Kept::rebase`] names); the pools,
/// tiers, Savings Plans, the year and the totals are worked out again from all the charges,
/// so the report is the one [`cost_at_in`] computes, byte for byte.
///
/// `last_lines`: the lines of the report `kept` was made with (moved out of it). A line whose
/// charge and pool are as they were is taken over instead of written again (only the pools the
/// changed charges fall in, and those whose free allowance they shared, settle differently);
/// the third value says, per line of the new report, its index in `last_lines` when it was
/// taken over (the lines' texts are as the last report had them: see `analysis::labels`).
pub fn cost_kept_in(cx: &crate::analysis::Context<'_>, kept: Option<Kept>, since: Since<'_>, last_lines: Vec<LineItem>) -> (CostReport, Kept, Vec<Option<u32>>) {
    let (report, kept, carried) = bill_in(cx, 1.0, Some((kept, since)), last_lines, true);
    (report, kept.expect("asked for"), carried)
}

/// The first month of [`cost_kept_in`]'s bill only: its lines and total, the figures
/// [`month`] computes (the same charges, settled the same way), with the pricing kept. For
/// the bills of many variants of one design (the report's comparisons bill each "Switch" of
/// each container service): price the design once with `kept` None, then each variant with a
/// clone of that pricing and what its edits changed ([`Since::Structure`]), so only the
/// components a variant's edits can have changed are priced again. The year is not worked out
/// (with traffic growth it would run the traffic eleven more times).
pub fn month_kept_in(cx: &crate::analysis::Context<'_>, kept: Option<Kept>, since: Since<'_>) -> (Vec<LineItem>, f64, Kept) {
    let (report, kept, _) = bill_in(cx, 1.0, Some((kept, since)), Vec::new(), false);
    (report.lines, report.monthly, kept.expect("asked for"))
}

/// What changed since the revision a [`Kept`] pricing was made for.
#[derive(Clone, Copy, Debug)]
pub enum Since<'a> {
    /// Only the properties of these nodes.
    Props(&'a [NodeId]),
    /// Only nodes (with no children, no connections) and connections were added, removed or
    /// changed ([`Kept::rebase`]): `before` is the last revision's traffic at ×1, `touched`
    /// the ends of every connection the edits added, removed or changed, `nodes` the nodes
    /// added or removed (one removed and added again with the same id is a new node).
    Structure { before: &'a Traffic, touched: &'a [NodeId], nodes: &'a [NodeId] },
}

/// The bill; with `keep`, its pricing kept ([`cost_kept_in`]). In order: what every node's
/// pricing reads (the traffic, the graph index, the regions), each node's charges
/// ([`price_nodes`]), the first month settled into lines ([`settle`]: pools, tiers, free
/// allowances, Savings Plans), the year ([`year`]; without `whole_year`, the first month
/// only: the report's year and yearly total are that month alone), then the report with its
/// totals ([`report`]).
fn bill_in(cx: &crate::analysis::Context<'_>, multiplier: f64, keep: Option<(Option<Kept>, Since<'_>)>, last_lines: Vec<LineItem>, whole_year: bool) -> (CostReport, Option<Kept>, Vec<Option<u32>>) {
    let design = cx.design;
    let g = design.workload.growth_pct_per_month / 100.0;
    // ×1 is the traffic the context holds already (the same figures: `run` is a function of
    // the plan and the multiplier), shared with the report rather than copied; the plan itself
    // is asked for only when another multiple is needed (a session may hold an earlier
    // revision's traffic and no plan).
    let ((traffic, s), before_pricing) = crate::prop_deps::recording(|| {
        let traffic = if multiplier == 1.0 { cx.shared_traffic() } else { Arc::new(cx.traffic_plan().run(multiplier)) };
        (traffic, Setting::new(design, cx.index(), book(), cx.containers()))
    });
    crate::prop_deps::add(&before_pricing);
    let keeping = keep.is_some();
    let (mut nodes, pricing, last_pools) = price_nodes(&s, &traffic, g, keep.and_then(|(k, changed)| k.map(|k| (k, changed))));
    crate::prop_deps::add(&pricing);
    // A bill not kept for the next revision drops its charges with it: their texts move into
    // the lines instead of being copied (a kept bill's charges keep theirs for the next one).
    let mut texts = (!keeping).then(|| ChargeTexts::take(&mut nodes));
    // Sized first: a `flat_map` gives `collect` no length, and the list (one entry per charge,
    // several per node) was regrown by doubling, copied each time.
    let mut charges: Vec<&Charge> = Vec::with_capacity(nodes.iter().map(|n| n.first.len()).sum());
    charges.extend(nodes.iter().flat_map(|n| &n.first));
    let mut last = last_pools.as_ref().filter(|(_, count)| *count == last_lines.len()).map(|(pools, _)| Last::new(&nodes, pools, last_lines));
    // The first month's pools: settling it and the year's later months pool the same charges.
    let pools = Pools::new(&s, charges.iter().copied());
    let mut first = settle(&s, &charges, &pools, last.as_mut(), keeping, texts.as_mut());
    drop(last);
    let months = if whole_year { year(cx, &s, &nodes, &pools, first.total, multiplier, g) } else { vec![first.total] };
    let (carried, line_of, sp_lines, pools) = (std::mem::take(&mut first.carried), std::mem::take(&mut first.line_of), std::mem::take(&mut first.sp_lines), std::mem::take(&mut first.pools));
    let report = report(&s, first, &nodes, months, traffic, g);
    let kept = keeping.then(|| {
        // Where each node's lines are in this report, for the next revision's settle.
        let mut k = 0;
        for n in nodes.iter_mut() {
            n.lines = line_of[k..k + n.first.len()].to_vec();
            n.sp_lines.clear();
            k += n.first.len();
        }
        for ((pos, class), l) in sp_lines {
            nodes[pos].sp_lines.push((class, l));
        }
        Kept::new(nodes, before_pricing, pricing, g, pools, report.lines.len())
    });
    (report, kept, carried)
}

impl<'k> Last<'k> {
    /// The last bill's lines (`lines`, `pools`) for this revision's charges of `nodes`.
    fn new(nodes: &[NodeBill], pools: &'k [PoolState], lines: Vec<LineItem>) -> Self {
        // One entry per charge, sized first (a `flat_map` gives `collect` no length).
        let mut line_of = Vec::with_capacity(nodes.iter().map(|n| n.first.len()).sum());
        line_of.extend(nodes.iter().flat_map(|n| (0..n.first.len()).map(|j| n.lines.get(j).copied().filter(|&l| l != u32::MAX))));
        let sp = nodes.iter().enumerate().flat_map(|(p, n)| n.sp_lines.iter().map(move |&(class, l)| ((p, class), l))).collect();
        Last { lines: lines.into_iter().map(Some).collect(), pools, line_of, sp }
    }
}

impl Kept {
    fn new(nodes: Vec<NodeBill>, before_pricing: crate::prop_deps::Reads, pricing: crate::prop_deps::Reads, growth: f64, pools: Vec<PoolState>, lines: usize) -> Kept {
        let mut readers: FxHashMap<NodeId, Vec<usize>> = FxHashMap::default();
        let mut usage_readers: FxHashMap<NodeId, Vec<usize>> = FxHashMap::default();
        for (p, n) in nodes.iter().enumerate() {
            for id in &n.foreign {
                readers.entry(id.clone()).or_default().push(p);
            }
            for id in &n.reads.usage_of {
                usage_readers.entry(id.clone()).or_default().push(p);
            }
        }
        Kept { nodes, readers, usage_readers, before_pricing, pricing, growth, pools, lines }
    }

    /// After structural edits ([`Since::Structure`]): the kept pricing moved to the nodes'
    /// new positions (by id: `before.usage` holds every node of the last revision, in id
    /// order, as the positions were), and which nodes to price again — None when the kept
    /// pricing is not of `before`'s nodes.
    ///
    /// A node is priced from its own properties, usage and connections, its neighbours'
    /// kinds, labels and properties (an instance's drawn volumes, a CloudFront distribution's
    /// viewers, an Elastic IP's owner...), an Elastic IP neighbour's own associations
    /// (`drawn_eips`: which resource it counts for), the properties its recorded `foreign`
    /// reads name, its region and zones (its ancestors and spans: no edit here changes them),
    /// and what its [`kinds::TrafficReads`] say it read: the flows of its connections of some
    /// kinds, into or out of it, other nodes' usage (a WAF's protected resources, a replica
    /// table's sources) and design-wide figures (X-Ray's entry requests, the VPCs a transit
    /// gateway counts). So priced again are: the nodes added and those whose usage changed
    /// (bit for bit), with the nodes that read their usage; the ends of each connection
    /// whose flow changed that read flows of its kind in its direction (a CloudWatch's GB is
    /// split evenly among its associated services: one association removed changes every
    /// other's flow, which no pricing reads), and the `touched` nodes (the ends of the
    /// connections made or removed), with the resources a touched Elastic IP is associated
    /// with; the readers of the properties or usage of a node added or removed (a node
    /// replaced under the same id: another node's pricing read the old one's properties;
    /// the ends of a connection are read through it, and are priced again as ends); the
    /// nodes that read a design-wide figure. The others' charges are the same, bit for bit.
    fn rebase(&mut self, idx: &Index<'_>, traffic: &Traffic, before: &Traffic, touched: &[NodeId], added_or_removed: &[NodeId]) -> Option<(Vec<NodeBill>, Vec<bool>)> {
        if before.usage.len() != self.nodes.len() {
            return None;
        }
        let count = idx.nodes.len();
        let mut nodes: Vec<NodeBill> = Vec::with_capacity(count);
        let mut dirty = vec![false; count];
        // The nodes added or whose usage changed: their neighbours read their usage.
        let mut seeds = vec![false; count];
        let mut new_pos: Vec<Option<usize>> = vec![None; self.nodes.len()];
        let mut old = before.usage.iter().enumerate().peekable();
        let mut now = traffic.usage.iter().peekable();
        for (p, n) in idx.nodes.iter().enumerate() {
            while old.next_if(|(_, (id, _))| *id < &n.id).is_some() {}
            while now.next_if(|(id, _)| *id < &n.id).is_some() {}
            let u = now.next_if(|(id, _)| *id == &n.id).map(|(_, u)| u);
            match old.next_if(|(_, (id, _))| *id == &n.id) {
                Some((q, (_, was))) => {
                    new_pos[q] = Some(p);
                    let mut b = std::mem::take(&mut self.nodes[q]);
                    for c in &mut b.first {
                        c.pos = p;
                    }
                    let design_wide = b.reads.design_wide;
                    nodes.push(b);
                    seeds[p] = u != Some(was);
                    dirty[p] = seeds[p] || design_wide;
                }
                None => {
                    nodes.push(NodeBill::default());
                    (dirty[p], seeds[p]) = (true, true);
                }
            }
        }
        // The connections whose flow changed, appeared or went (the ends of those made or
        // removed are `touched`): an end is priced again if its pricing read the flows of that
        // kind in that direction. (An association's or a replication's bytes reach the bill
        // through the usage of the nodes the traffic books them on — NAT gateways, endpoints,
        // cross-AZ and cross-Region GB — compared above; no pricing reads those flows today.)
        let mark = |dirty: &mut Vec<bool>, id: &NodeId| {
            if let Some(p) = idx.pos(id) {
                dirty[p] = true;
            }
        };
        let (mut a, mut b) = (before.edges.iter().peekable(), traffic.edges.iter().peekable());
        loop {
            let id = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some((x, _)), Some((y, _))) if x == y => {
                    let ((id, fa), (_, fb)) = (a.next().expect("peeked"), b.next().expect("peeked"));
                    if fa == fb {
                        continue;
                    }
                    id
                }
                (Some((x, _)), Some((y, _))) if x < y => a.next().expect("peeked").0,
                (Some(_), None) => a.next().expect("peeked").0,
                _ => b.next().expect("peeked").0,
            };
            if let Some(c) = idx.design.connections.get(id) {
                for (end, incoming) in [(&c.from, false), (&c.to, true)] {
                    if let Some(p) = idx.pos(end) {
                        if nodes[p].reads.read_flows(c.kind, incoming) {
                            dirty[p] = true;
                        }
                    }
                }
            }
        }
        for id in touched.iter().chain(added_or_removed) {
            mark(&mut dirty, id);
            if idx.design.node(id).is_some_and(|e| e.kind == "elastic-ip") {
                for c in idx.out(id) {
                    mark(&mut dirty, &c.to);
                }
            }
        }
        for (id, readers) in &self.readers {
            if added_or_removed.contains(id) || idx.pos(id).is_none() {
                for p in readers.iter().filter_map(|&q| new_pos[q]) {
                    dirty[p] = true;
                }
            }
        }
        // The readers of a usage that changed, or of a node added or removed.
        for (id, readers) in &self.usage_readers {
            if idx.pos(id).is_none_or(|p| seeds[p]) || added_or_removed.contains(id) {
                for p in readers.iter().filter_map(|&q| new_pos[q]) {
                    dirty[p] = true;
                }
            }
        }
        Some((nodes, dirty))
    }

    /// The nodes (by position) to price again after the nodes `changed` changed: them, and
    /// the nodes whose pricing read one of their properties (all, for a node not in `idx`).
    fn dirty(&self, idx: &Index<'_>, changed: &[NodeId]) -> Vec<bool> {
        let mut dirty = vec![false; self.nodes.len()];
        for id in changed {
            match idx.pos(id) {
                Some(p) => dirty[p] = true,
                None => dirty.fill(true),
            }
            for &p in self.readers.get(id).into_iter().flatten() {
                dirty[p] = true;
            }
        }
        dirty
    }
}

/// Each node's charges, by position, and what pricing them read: every node priced, or with
/// a kept pricing (on the same nodes, at the same growth), only the nodes `changed` and
/// their readers; the others' charges are taken over, and what they read when they were
/// priced is added to the reads. With a kept pricing taken over: the last bill's pools and
/// line count.
#[allow(clippy::type_complexity)]
fn price_nodes(s: &Setting<'_>, traffic: &Traffic, g: f64, kept: Option<(Kept, Since<'_>)>) -> (Vec<NodeBill>, crate::prop_deps::Reads, Option<(Vec<PoolState>, usize)>) {
    let count = s.idx.nodes.len();
    let (mut old, dirty, last) = match kept {
        Some((k, Since::Props(changed))) if k.nodes.len() == count && k.growth == g => {
            let dirty = k.dirty(s.idx, changed);
            (Some((k.nodes, k.pricing)), dirty, Some((k.pools, k.lines)))
        }
        Some((mut k, Since::Structure { before, touched, nodes })) if k.growth == g => match k.rebase(s.idx, traffic, before, touched, nodes) {
            Some((nodes, dirty)) => (Some((nodes, k.pricing)), dirty, Some((k.pools, k.lines))),
            None => (None, Vec::new(), None),
        },
        _ => (None, Vec::new(), None),
    };
    let reads = std::cell::RefCell::default();
    let wide = kinds::Wide::new(s.hosting);
    let ctx = kinds::Ctx::new(s.design, s.idx, traffic, s.book, 0, &reads, &wide);
    let later_months = if g == 0.0 { 1..12 } else { 1..1 };
    let (nodes, mut pricing) = crate::prop_deps::recording(|| {
        (0..count)
            .map(|p| match old.as_mut() {
                Some((old, _)) if !dirty[p] => std::mem::take(&mut old[p]),
                _ => price(&ctx, p, later_months.clone()),
            })
            .collect::<Vec<NodeBill>>()
    });
    if let Some((_, before)) = old {
        pricing.add(&before);
    }
    (nodes, pricing, last)
}

/// The twelve months' totals, the first settled already (`first`). Later months need totals
/// only. At constant traffic only accumulating storage changes, so only those nodes were
/// priced again ([`NodeBill::later`]); with growth, every month is priced afresh.
/// `pools`: the first month's ([`Pools::new`] of `charges`).
fn year(cx: &crate::analysis::Context<'_>, s: &Setting<'_>, nodes: &[NodeBill], pools: &Pools<'_>, first: f64, multiplier: f64, g: f64) -> Vec<f64> {
    let mut months = Vec::with_capacity(12);
    months.push(first);
    if g == 0.0 {
        let steady: Vec<bool> = pools.pos.iter().map(|&p| !kinds::accumulates(s.idx.kind_at(p as usize))).collect();
        let year = Year::new(s, pools, &steady);
        let mut later_qty: Vec<f64> = Vec::with_capacity(year.later.len());
        // The accumulating nodes, found once (not by a walk over every node's bill per month).
        let accumulating: Vec<&NodeBill> = nodes.iter().filter(|n| n.later.is_some()).collect();
        for i in 1..12 {
            // The accumulating nodes' charges in node order (as `Year::later`), this month's.
            later_qty.clear();
            for n in &accumulating {
                if let Some((k, qty)) = &n.later {
                    later_qty.extend(n.first.iter().enumerate().map(|(j, c)| if j == *k { qty[i - 1] } else { c.qty }));
                }
            }
            debug_assert_eq!(later_qty.len(), year.later.len());
            months.push(year.total(s, &later_qty));
        }
    } else {
        for i in 1..12 {
            let t = cx.traffic_plan().run(multiplier * (1.0 + g).powi(i as i32));
            let charges = gather(s, &t, i);
            months.push(settle_total(s, &charges.iter().collect::<Vec<_>>()));
        }
    }
    months
}

/// The report: the first month's lines and the nodes that cost nothing, the totals by node,
/// service and category, the notes, the year.
fn report(s: &Setting<'_>, first: Settled, nodes: &[NodeBill], months: Vec<f64>, traffic: Arc<Traffic>, g: f64) -> CostReport {
    let (design, b) = (s.design, s.book);
    let Settled { lines, line_pos, mut notes, total, .. } = first;
    let (mut free, mut free_pos, mut unpriced) = (Vec::new(), Vec::new(), Vec::new());
    for (p, n) in nodes.iter().enumerate() {
        match &n.outcome {
            Item::Priced => {}
            Item::Free(f) => {
                free.push(f.clone());
                free_pos.push(p);
            }
            Item::Unknown(f) => unpriced.push(f.clone()),
        }
    }
    let (by_node, by_service, by_category, estimated_monthly) = totals(s, &lines, &line_pos, &free_pos);
    if !traffic.back_edges.is_empty() {
        notes.push(format!(
            "{} no traffic in the projection: {}",
            match traffic.back_edges.len() {
                1 => "1 connection closes a cycle and carries".to_string(),
                k => format!("{k} connections close a cycle and carry"),
            },
            traffic.back_edges.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    if g != 0.0 {
        notes.push(format!("the year applies {}% traffic growth per month", design.workload.growth_pct_per_month));
    }
    CostReport {
        design: design.name.clone(),
        region: design.region.clone(),
        multiplier: traffic.multiplier,
        pricing: plan_label(design).to_string(),
        free_tier: design.workload.free_tier,
        price_version: b.file.version.clone(),
        price_as_of: b.file.as_of.clone(),
        lines,
        free,
        unpriced,
        by_node,
        by_service,
        by_category,
        monthly: total,
        yearly: months.iter().sum(),
        months,
        estimated_monthly,
        notes,
        traffic,
    }
}

/// The month's totals by node (the nodes with lines, and the free ones at 0), by service
/// (kind) and by category, and the part on estimated lines, each summed in line order, in one
/// walk over the lines (at 5,000 components 6 MB, beyond the cache: each walk re-reads them
/// from memory).
#[allow(clippy::type_complexity)]
fn totals(s: &Setting<'_>, lines: &[LineItem], line_pos: &[usize], free_pos: &[usize]) -> (BTreeMap<NodeId, f64>, BTreeMap<String, f64>, BTreeMap<String, f64>, f64) {
    // Per node by position (id order), summed in line order as the maps were.
    let mut node_sums: Vec<Option<f64>> = vec![None; s.idx.nodes.len()];
    let (mut by_service, mut by_category) = (SumsBy::default(), SumsBy::default());
    let mut estimated = std::iter::empty::<f64>().sum::<f64>();
    for (l, &p) in lines.iter().zip(line_pos) {
        if l.estimated {
            estimated += l.monthly;
        }
        *node_sums[p].get_or_insert(0.0) += l.monthly;
        by_service.add(&l.kind, l.monthly);
        by_category.add(&l.category, l.monthly);
    }
    for &p in free_pos {
        node_sums[p].get_or_insert(0.0);
    }
    let by_node = node_sums.iter().enumerate().filter_map(|(p, v)| v.map(|v| (s.idx.nodes[p].id.clone(), v))).collect();
    (by_node, by_service.into_map(), by_category.into_map(), estimated)
}

/// Sums by a text key (a service, a category), each key's sum taken in the order its lines
/// come, from 0 (as `*map.entry(key).or_default() += x` would): a line's key is looked up
/// once, and most often it is the key of the line before (a node's lines are together).
#[derive(Default)]
struct SumsBy<'l> {
    sums: Vec<(&'l str, f64)>,
    slot: FxHashMap<&'l str, usize>,
    last: usize,
}

impl<'l> SumsBy<'l> {
    fn add(&mut self, key: &'l str, x: f64) {
        if self.sums.get(self.last).is_none_or(|(k, _)| *k != key) {
            let next = self.sums.len();
            self.last = *self.slot.entry(key).or_insert(next);
            if self.last == next {
                self.sums.push((key, 0.0));
            }
        }
        self.sums[self.last].1 += x;
    }

    fn into_map(self) -> BTreeMap<String, f64> {
        self.sums.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }
}

/// The first month only: its lines (as in [`CostReport::lines`]) and total, without the year.
/// For analyses that need the bill of a design variant (comparisons), at the cost of one month.
pub fn month(design: &Design) -> (Vec<LineItem>, f64) {
    let idx = Index::new(design);
    let containers = Containers::new(design, idx.positions());
    let s = Setting::new(design, &idx, book(), &containers);
    let t = traffic::Plan::new(design).run(1.0);
    let charges = gather(&s, &t, 0);
    let charges: Vec<&Charge> = charges.iter().collect();
    let m = settle(&s, &charges, &Pools::new(&s, charges.iter().copied()), None, false, None);
    (m.lines, m.total)
}

/// (multiplier, monthly USD) for each multiplier: the growth chart (e.g. 0.1× .. 100×).
pub fn cost_series(design: &Design, multipliers: &[f64]) -> Vec<(f64, f64)> {
    let idx = Index::new(design);
    let containers = Containers::new(design, idx.positions());
    let s = Setting::new(design, &idx, book(), &containers);
    let plan = traffic::Plan::new(design);
    multipliers
        .iter()
        .map(|&m| {
            let t = plan.run(m);
            let charges = gather(&s, &t, 0);
            (m, settle_total(&s, &charges.iter().collect::<Vec<_>>()))
        })
        .collect()
}

/// The standard multipliers of the growth chart: 0.1× to 100×, log-spaced.
pub fn default_multipliers() -> Vec<f64> {
    vec![0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
}

// ------------------------------------------------------------------------------------------

/// A quantity of one price, before pooling.
///
/// Laid out in declaration order (`repr(C)`): what pooling reads of every charge (`Pools::new`:
/// position, price, quantity, factor, Savings Plan class) in its first 64 bytes, so the walk
/// over ~19,000 charges at 5,000 components reads one or two cache lines of each, not three
/// (s44).
#[derive(Clone, Debug)]
#[repr(C)]
pub(crate) struct Charge {
    /// The node's position ([`crate::graph::positions`]), set by [`price_month`]: the node
    /// being priced (a charge is always on it; its id is not copied per charge).
    pub pos: usize,
    pub price_id: Text,
    /// Raw units (requests, GB, hours...); divided by the price's `per`.
    pub qty: f64,
    /// Multiplies the unit price (Multi-AZ ×2, Spot 0.3, Valkey 0.8).
    pub factor: f64,
    /// Savings Plan class this charge is eligible for ("ec2", "fargate", "lambda").
    pub sp: Option<&'static str>,
    pub category: Option<&'static str>,
    /// The charge's short name ([`LineItem::name`]): no figure, bracket or quote.
    pub name: &'static str,
    pub what: Text,
    pub note: Text,
    /// Extra source text (e.g. the discount's source).
    pub source_extra: String,
    pub estimated: bool,
}

impl Charge {
    /// A charge of `qty` raw units of price `price_id`, named `name` (a few words, no figure:
    /// "PUT requests") and described by `what` (its arithmetic: "PUT requests (messages
    /// arriving)", "NAT gateway: 730 h").
    pub fn new(price_id: impl Into<Text>, qty: f64, name: &'static str, what: impl Into<Text>) -> Self {
        Charge {
            pos: 0,
            category: None,
            name,
            what: what.into(),
            price_id: price_id.into(),
            qty,
            factor: 1.0,
            note: Text::Borrowed(""),
            estimated: false,
            source_extra: String::new(),
            sp: None,
        }
    }
    pub fn factor(mut self, f: f64) -> Self {
        self.factor *= f;
        self
    }
    /// Adds a note (after "; " when there is one already); a fixed note is kept borrowed.
    pub fn note(mut self, n: impl Into<Text>) -> Self {
        let n = n.into();
        if self.note.is_empty() {
            self.note = n;
        } else {
            let note = self.note.to_mut();
            note.push_str("; ");
            note.push_str(&n);
        }
        self
    }
    pub fn est(mut self, yes: bool) -> Self {
        self.estimated |= yes;
        self
    }
    pub fn category(mut self, c: &'static str) -> Self {
        self.category = Some(c);
        self
    }
    pub fn source(mut self, s: impl AsRef<str>) -> Self {
        if !self.source_extra.is_empty() {
            self.source_extra.push_str("; ");
        }
        self.source_extra.push_str(s.as_ref());
        self
    }
    pub fn sp(mut self, class: &'static str) -> Self {
        self.sp = Some(class);
        self
    }
}

/// What one run of the bill knows about the design before pricing anything: the nodes by
/// position, each node's region code (one pass down the containers, [`crate::graph::Containers`]),
/// the workload's Savings Plan term, and each (node, class)'s Savings Plan discount once it
/// has been looked up. Built once per bill, read by every month.
struct Setting<'a> {
    design: &'a Design,
    /// The process's price book (`prices::book`): lines borrow their texts from it.
    book: &'static PriceBook,
    idx: &'a Index<'a>,
    /// Region code of each node, by position (what `Design::region_of` says).
    region: &'a [&'a str],
    /// Each VPC's hosting AZs: the containers' ([`crate::graph::Containers::hosting`]).
    hosting: &'a crate::zones::HostingAzs<'a>,
    /// The design-wide Savings Plan term in years (None: on-demand).
    plan: Option<u32>,
    /// The discount a (node position, Savings Plan class) gets, once asked (None: no plan).
    sp: RefCell<FxHashMap<(usize, &'static str), Option<&'static Discount>>>,
}

impl<'a> Setting<'a> {
    fn new(design: &'a Design, idx: &'a Index<'a>, book: &'static PriceBook, containers: &'a Containers<'a>) -> Self {
        Setting { design, book, idx, region: &containers.region, hosting: &containers.hosting, plan: plan_years(design), sp: RefCell::new(FxHashMap::default()) }
    }

    /// The Savings Plan discount of a node's `class` spend: the design-wide plan, or a 1-year
    /// plan when the node itself is bought on one; None when no plan applies. The one place
    /// the bill's lines, the month-by-month and the fast yearly totals take it from.
    fn sp_discount(&self, pos: usize, class: &'static str) -> Option<&'static Discount> {
        if let Some(d) = self.sp.borrow().get(&(pos, class)) {
            return *d;
        }
        let term = match self.plan {
            Some(y) => Some(y),
            None if own_savings_plan(self.design, self.idx.nodes[pos]) => Some(1),
            None => None,
        };
        let d = term.and_then(|t| self.book.discount(&format!("savings_plan.{t}y.{class}")));
        self.sp.borrow_mut().insert((pos, class), d);
        d
    }

    /// The (negative) Savings Plan credit on `eligible` USD of a node's `class` spend.
    fn credit(&self, pos: usize, class: &'static str, eligible: f64) -> Option<f64> {
        let d = self.sp_discount(pos, class)?;
        (eligible > 0.0).then(|| -d.rate * eligible)
    }
}

/// Where charges are pooled: each distinct (price id, region) in key order (tiers and free
/// allowances apply per pool, in this order), the price of each, and each charge's pool.
struct Pools<'c> {
    keys: Vec<(&'c str, &'c str)>,
    price: Vec<Option<&'static Price>>,
    /// The pool of each charge, in the order the charges came.
    of: Vec<usize>,
    /// Each charge's node position, quantity, factor and Savings Plan class, in the same
    /// order, read here as the charges are pooled: the later walks over all the charges
    /// (settling, the year, the Savings Plan keys) read these lists instead of the charges,
    /// which at 5,000 components (~19,000 charges of ~160 bytes, in a list per node) do not
    /// stay in a 2 MB cache between walks (s44). Positions as `u32` (a design's nodes are
    /// far fewer): the lists are written fresh per bill, and every byte written misses.
    pos: Vec<u32>,
    qty: Vec<f64>,
    factor: Vec<f64>,
    sp: Vec<Option<&'static str>>,
}

impl<'c> Pools<'c> {
    fn new<'s: 'c>(s: &'c Setting<'s>, charges: impl Iterator<Item = &'c Charge>) -> Self {
        let mut rank: FxHashMap<(&'c str, &'c str), usize> = FxHashMap::default();
        let mut keys: Vec<(&'c str, &'c str)> = Vec::new();
        // Sized first (the charges come from a list: their number is known), not regrown.
        let n = charges.size_hint().0;
        let mut of = Vec::with_capacity(n);
        let (mut pos, mut qty, mut factor, mut sp) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        for c in charges {
            pos.push(c.pos as u32);
            qty.push(c.qty);
            factor.push(c.factor);
            sp.push(c.sp);
            // A global service's charges pool account-wide, at one price (`catalog::is_global`).
            let region = if catalog::is_global(s.idx.kind_at(c.pos)) { catalog::GLOBAL } else { s.region[c.pos] };
            let key = (c.price_id.as_ref(), region);
            let next = keys.len();
            let k = *rank.entry(key).or_insert_with(|| {
                keys.push(key);
                next
            });
            of.push(k);
        }
        // Number the pools in key order (a few dozen keys: sorting them is cheap).
        let mut order: Vec<usize> = (0..keys.len()).collect();
        crate::order::sort_by(&mut order, |&a, &b| keys[a].cmp(&keys[b]));
        let mut renumber = vec![0; keys.len()];
        for (r, &k) in order.iter().enumerate() {
            renumber[k] = r;
        }
        for o in &mut of {
            *o = renumber[*o];
        }
        let keys: Vec<(&'c str, &'c str)> = order.iter().map(|&k| keys[k]).collect();
        let price = keys.iter().map(|(p, _)| s.book.get(p)).collect();
        Pools { keys, price, of, pos, qty, factor, sp }
    }

    /// The (node position, Savings Plan class) of each charge that has a class, among the
    /// charges `i` for which `keep(i)` holds, in charge order.
    fn sp_keys<'a>(&'a self, keep: impl Fn(usize) -> bool + 'a) -> impl Iterator<Item = (usize, &'static str)> + 'a {
        (0..self.of.len()).filter(move |&i| keep(i)).filter_map(|i| self.sp[i].map(|class| (self.pos[i] as usize, class)))
    }

    /// Raw units per priced unit of pool `r` (1 when the price is missing).
    fn per(&self, r: usize) -> f64 {
        self.price[r].map(|p| p.per).unwrap_or(1.0)
    }
}

/// Savings Plan keys (node position, class) in key order (node id, then class), and the key
/// of each charge that has one.
struct SpKeys {
    keys: Vec<(usize, &'static str)>,
    rank: FxHashMap<(usize, &'static str), usize>,
}

impl SpKeys {
    /// `keys`: (node position, class) of each charge with a class ([`Pools::sp_keys`]).
    fn new(keys: impl Iterator<Item = (usize, &'static str)>) -> Self {
        let mut keys: Vec<(usize, &'static str)> = keys.collect();
        // Positions are id order, so (position, class) sorts as (node id, class) did.
        crate::order::sort(&mut keys);
        keys.dedup();
        let rank = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        SpKeys { keys, rank }
    }
}

/// The first month, settled: its lines (with the position of each line's node), notes and
/// total; for the next revision's settle ([`Last`]): where each line came from (its index in
/// the last bill, when taken over), each charge's line (`u32::MAX`: none), each Savings Plan
/// line's key, and (when keeping) each pool's state.
struct Settled {
    lines: Vec<LineItem>,
    line_pos: Vec<usize>,
    notes: Vec<String>,
    total: f64,
    carried: Vec<Option<u32>>,
    line_of: Vec<u32>,
    sp_lines: Vec<((usize, &'static str), u32)>,
    pools: Vec<PoolState>,
}

/// The charges of every node in month `month` (0 = the first).
fn gather(s: &Setting<'_>, t: &Traffic, month: u32) -> Vec<Charge> {
    let mut charges: Vec<Charge> = Vec::new();
    let reads = std::cell::RefCell::default();
    let wide = kinds::Wide::new(s.hosting);
    let ctx = kinds::Ctx::new(s.design, s.idx, t, s.book, month, &reads, &wide);
    for pos in 0..s.idx.nodes.len() {
        price_month(&ctx, pos, &mut charges);
    }
    charges
}

/// The charges of the node at `pos` in `ctx.month`, appended to `charges`, and why it costs
/// nothing if it does.
fn price_month(ctx: &kinds::Ctx<'_>, pos: usize, charges: &mut Vec<Charge>) -> Item {
    let n = ctx.idx.nodes[pos];
    let from = charges.len();
    let u = ctx.usage_at(pos, n);
    let item = match kinds::price_node(ctx, n, u, charges) {
        kinds::Outcome::Priced => Item::Priced,
        kinds::Outcome::Free(reason) => Item::Free(FreeItem { node: n.id.clone(), label: n.label.clone(), kind: n.kind.clone(), reason }),
        kinds::Outcome::Unknown => Item::Unknown(FreeItem {
            node: n.id.clone(),
            label: n.label.clone(),
            kind: n.kind.clone(),
            reason: format!("the cost engine has no price for kind \"{}\"", n.kind),
        }),
    };
    kinds::network_charges(ctx, n, u, charges);
    // Every charge is on the node being priced.
    for c in &mut charges[from..] {
        c.pos = pos;
    }
    item
}

/// The node at `pos` priced on its own: the first month (`ctx.month` 0) and, for a kind whose
/// storage accumulates, that storage's quantity in the months `later` (at the same traffic),
/// noting whose properties other than its own it read.
fn price(ctx: &kinds::Ctx<'_>, pos: usize, later: std::ops::Range<u32>) -> NodeBill {
    let n = ctx.idx.nodes[pos];
    ctx.take_reads();
    let ((first, outcome, later), foreign) = crate::prop_deps::node_scope(n, || {
        let mut first = Vec::new();
        let outcome = price_month(ctx, pos, &mut first);
        let later = if kinds::accumulates(&n.kind) && !later.is_empty() {
            let mut which = usize::MAX;
            let qty: Vec<f64> = later
                .map(|month| {
                    let cx = ctx.in_month(month);
                    let (k, q) = kinds::accumulating(&cx, n).expect("an accumulating kind");
                    which = k;
                    debug_assert!(same_but(&first, k, q, &cx, pos), "month {month} of {} is the first month but for charge {k}", n.id);
                    q
                })
                .collect();
            Some((which, qty))
        } else {
            None
        };
        (first, outcome, later)
    });
    NodeBill { first, later, outcome, foreign, reads: ctx.take_reads(), lines: Vec::new(), sp_lines: Vec::new() }
}

/// Debug check of [`price`]: the node priced in full in `cx.month` has the charges of the
/// first month, but for charge `k` whose quantity is `q` (same prices, quantities, factors
/// and Savings Plan classes, bit for bit).
fn same_but(first: &[Charge], k: usize, q: f64, cx: &kinds::Ctx<'_>, pos: usize) -> bool {
    let mut month = Vec::new();
    price_month(cx, pos, &mut month);
    month.len() == first.len()
        && month.iter().zip(first).enumerate().all(|(j, (m, f))| {
            let qty = if j == k { q } else { f.qty };
            m.price_id == f.price_id && m.qty.to_bits() == qty.to_bits() && m.factor.to_bits() == f.factor.to_bits() && m.sp == f.sp
        })
}

/// The later months at constant traffic: the steady charges (all but those of the kinds
/// whose storage accumulates) are the same every month, so their pools, prices and partial
/// sums are worked out once; each month then adds the accumulating nodes' charges after them
/// (their first month's, with the accumulating quantity of that month), exactly as
/// [`settle_total`] would over `steady ++ later` (same pools, same order of additions, same
/// figure).
struct Year<'c> {
    /// The first month's pools (settled already): a later month's charges are the first month's.
    pools: &'c Pools<'c>,
    rf: Vec<f64>,
    /// The steady charges (indices into the first month's), then the accumulating ones.
    steady: Vec<usize>,
    later: Vec<usize>,
    /// Sum over the steady charges of each pool.
    sums: Vec<f64>,
    /// Whether any charge of a month is in the pool.
    present: Vec<bool>,
    /// Per charge of the first month: its Savings Plan key.
    sp_of: Vec<Option<usize>>,
    sp: SpKeys,
    /// Per Savings Plan key: its discount (None: no plan).
    discount: Vec<Option<&'c Discount>>,
    /// The pools holding a steady charge (each once, ascending).
    steady_pools: Vec<usize>,
    /// What the steady charges add to a month, from the first later month priced.
    steady_part: std::cell::OnceCell<SteadyPart>,
}

/// What the steady charges add to a later month's total ([`Year::total`]), in its order of
/// additions. Their quantities, factors and Region factors are the same every month, so what
/// they add is a function of their pools' blended prices alone: kept with the prices it was
/// worked out at, it is taken over by every month whose steady pools blend at the same
/// prices, bit for bit (all of them, unless an accumulating charge shares a pool, a tier or a
/// free allowance with steady ones). Each of the eleven later months priced all ~2,200
/// charges of a 1,000-node design again (0.8 M instructions of `analysis::core`'s 69.9 M).
/// Taken over, the total is the same additions of the same figures: the same to the last bit.
struct SteadyPart {
    /// The blended price of each of [`Year::steady_pools`], as bits.
    blended: Vec<u64>,
    /// The month's running sum after the steady amounts (the left fold `Iterator::sum`
    /// performs, stopped there).
    sum: f64,
    /// Each Savings Plan key's eligible amount after the steady charges.
    sp: Vec<Option<f64>>,
}

impl<'c> Year<'c> {
    /// `all`: the first month's charges, `pools` theirs; `steady[i]`: whether charge `i` is the
    /// same every month.
    fn new<'s: 'c>(s: &'c Setting<'s>, pools: &'c Pools<'c>, steady: &[bool]) -> Self {
        let rf = pools.keys.iter().zip(&pools.price).map(|((_, r), p)| p.map_or_else(|| s.book.region_factor_value(r), |p| s.book.factor_value_for(p, r))).collect();
        let (steady, later): (Vec<usize>, Vec<usize>) = (0..pools.of.len()).partition(|&i| steady[i]);
        let mut sums = vec![0.0; pools.keys.len()];
        let mut present = vec![false; pools.keys.len()];
        for &i in &steady {
            let r = pools.of[i];
            sums[r] += pools.qty[i].max(0.0) / pools.per(r);
            present[r] = true;
        }
        for &i in &later {
            present[pools.of[i]] = true;
        }
        let sp = SpKeys::new(pools.sp_keys(|_| true));
        let sp_of = pools.sp.iter().zip(&pools.pos).map(|(class, &pos)| class.map(|class| sp.rank[&(pos as usize, class)])).collect();
        let discount = sp.keys.iter().map(|&(pos, class)| s.sp_discount(pos, class)).collect();
        let mut steady_pools: Vec<usize> = steady.iter().map(|&i| pools.of[i]).collect();
        steady_pools.sort_unstable();
        steady_pools.dedup();
        Year { pools, rf, steady, later, sums, present, sp_of, sp, discount, steady_pools, steady_part: std::cell::OnceCell::new() }
    }

    /// The amount of charge `i` (of quantity `qty`) at the blended prices `blended`, added to
    /// its Savings Plan key's eligible amount in `sp`; None when its price is missing.
    fn amount(&self, blended: &[f64], sp: &mut [Option<f64>], i: usize, qty: f64) -> Option<f64> {
        let r = self.pools.of[i];
        let p = self.pools.price[r]?;
        let quantity = qty.max(0.0) / p.per;
        let unit_price = blended[r] * self.pools.factor[i] * self.rf[r];
        let m = quantity * unit_price;
        if let Some(k) = self.sp_of[i] {
            *sp[k].get_or_insert(0.0) += m;
        }
        Some(m)
    }

    /// [`SteadyPart`] at the blended prices `blended`.
    fn steady_part(&self, blended: &[f64]) -> SteadyPart {
        let mut sp: Vec<Option<f64>> = vec![None; self.sp.keys.len()];
        let amounts: Vec<f64> = self.steady.iter().filter_map(|&i| self.amount(blended, &mut sp, i, self.pools.qty[i])).collect();
        SteadyPart { blended: self.steady_pools.iter().map(|&r| blended[r].to_bits()).collect(), sum: amounts.iter().sum(), sp }
    }

    /// The total of a month whose accumulating charges (`Year::later`, in order) have the
    /// quantities `later_qty`.
    fn total(&self, s: &Setting<'_>, later_qty: &[f64]) -> f64 {
        let mut sums = self.sums.clone();
        for (&i, &q) in self.later.iter().zip(later_qty) {
            let r = self.pools.of[i];
            sums[r] += q.max(0.0) / self.pools.per(r);
        }
        let mut free = FreeTier::new(s.design);
        let mut blended = vec![0.0; sums.len()];
        for r in 0..sums.len() {
            if !self.present[r] {
                continue;
            }
            let Some(p) = self.pools.price[r] else { continue };
            let qty = sums[r];
            let (cost, _, _) = p.tiered_cost(qty, free.take(p, qty));
            blended[r] = if qty > 0.0 { cost / qty } else { p.base() };
        }
        // The steady charges' part: the one kept when this month's steady pools blend as its
        // did, else worked out at this month's prices.
        let kept = self.steady_part.get_or_init(|| self.steady_part(&blended));
        let fresh;
        let part = if self.steady_pools.iter().zip(&kept.blended).all(|(&r, &b)| blended[r].to_bits() == b) {
            kept
        } else {
            fresh = self.steady_part(&blended);
            &fresh
        };
        // Then the accumulating charges and the Savings Plans, added to the running sum in
        // the order a sum over all the month's amounts adds them.
        let mut sp = part.sp.clone();
        let mut total = part.sum;
        for (&i, &qty) in self.later.iter().zip(later_qty) {
            if let Some(m) = self.amount(&blended, &mut sp, i, qty) {
                total += m;
            }
        }
        for (k, eligible) in sp.into_iter().enumerate() {
            let (Some(eligible), Some(d)) = (eligible, self.discount[k]) else { continue };
            if eligible > 0.0 {
                total += -d.rate * eligible;
            }
        }
        total
    }
}

/// The free tier's allowances left: per account, so shared by the prices of a free group and
/// by regions, and used in pool key order (the order [`Pools`] numbers them).
struct FreeTier<'p> {
    on: bool,
    left: BTreeMap<&'p str, f64>,
}

impl<'p> FreeTier<'p> {
    fn new(design: &Design) -> Self {
        FreeTier { on: design.workload.free_tier, left: BTreeMap::new() }
    }

    /// The free units of `p` a pool of `qty` units uses (0 without the free tier or an
    /// allowance), taken from what is left.
    fn take(&mut self, p: &'p Price, qty: f64) -> f64 {
        let (true, Some(allow)) = (self.on, p.free) else { return 0.0 };
        let key = p.free_group.as_deref().unwrap_or(p.id.as_str());
        let left = self.left.entry(key).or_insert(allow);
        let free_units = left.min(qty);
        *left -= free_units;
        free_units
    }
}

/// The total [`settle`] returns, without building lines or notes: the same pools, free
/// allowances, tiers and summation order, so the same figure to the last bit.
fn settle_total(s: &Setting<'_>, charges: &[&Charge]) -> f64 {
    let pools = Pools::new(s, charges.iter().copied());
    let mut qty = vec![0.0; pools.keys.len()];
    for (q, &r) in pools.qty.iter().zip(&pools.of) {
        qty[r] += q.max(0.0) / pools.per(r);
    }
    let mut free = FreeTier::new(s.design);
    // (blended unit price, regional factor) of each pool with a price.
    let mut rate: Vec<Option<(f64, f64)>> = vec![None; pools.keys.len()];
    for (r, &(_, region)) in pools.keys.iter().enumerate() {
        let Some(p) = pools.price[r] else { continue };
        let qty = qty[r];
        let (cost, _, _) = p.tiered_cost(qty, free.take(p, qty));
        let blended = if qty > 0.0 { cost / qty } else { p.base() };
        rate[r] = Some((blended, s.book.factor_value_for(p, region)));
    }
    let sp = SpKeys::new(pools.sp_keys(|i| rate[pools.of[i]].is_some()));
    let mut amounts: Vec<f64> = Vec::with_capacity(charges.len() + 8);
    let mut eligible: Vec<Option<f64>> = vec![None; sp.keys.len()];
    for (i, &r) in pools.of.iter().enumerate() {
        let (Some(p), Some((blended, rf))) = (pools.price[r], rate[r]) else { continue };
        let quantity = pools.qty[i].max(0.0) / p.per;
        let unit_price = blended * pools.factor[i] * rf;
        let m = quantity * unit_price;
        if let Some(class) = pools.sp[i] {
            *eligible[sp.rank[&(pools.pos[i] as usize, class)]].get_or_insert(0.0) += m;
        }
        amounts.push(m);
    }
    for (k, e) in eligible.into_iter().enumerate() {
        let Some(e) = e else { continue };
        let (pos, class) = sp.keys[k];
        if let Some(x) = s.credit(pos, class, e) {
            amounts.push(x);
        }
    }
    amounts.iter().sum()
}

/// What the last revision's bill leaves to the next one's [`settle`] ([`Kept`]): its lines
/// (moved out of its report, already rendered) and, for the charges of the nodes not priced
/// again, which of them each charge's was. A line is taken over when its charge is the same
/// and its pool settled to the same quantity and free units (bit for bit): every figure and
/// text of the line is a function of these.
struct Last<'k> {
    lines: Vec<Option<LineItem>>,
    /// Each pool of the last month by key (in key order) with its (quantity, free units).
    pools: &'k [PoolState],
    /// Per charge (in the order settled): its line in the last bill, when its node was not
    /// priced again.
    line_of: Vec<Option<u32>>,
    /// The Savings Plan lines of the nodes not priced again, by (position, class).
    sp: FxHashMap<(usize, &'static str), u32>,
}

/// A pool of a settled month: its key (price id, region) and its quantity and free units, as
/// bits.
type PoolState = ((String, String), (u64, u64));

/// The description and note of each charge of a bill that is not kept ([`Kept`]), taken out
/// of the charges in the order [`settle`] reads them, to be moved into their lines. What the
/// bill reads of a charge after taking them (pools, quantities, factors, Savings Plan classes)
/// is not its texts.
struct ChargeTexts(Vec<Option<(Text, Text)>>);

impl ChargeTexts {
    fn take(nodes: &mut [NodeBill]) -> Self {
        ChargeTexts(nodes.iter_mut().flat_map(|n| n.first.iter_mut()).map(|c| Some((std::mem::take(&mut c.what), std::mem::take(&mut c.note)))).collect())
    }
}

/// A pool's price for its lines: what every line of the pool shares.
struct PoolPrice {
    price: &'static Price,
    /// The pool's region code (borrowed from [`catalog::REGION_CODES`] when it is one).
    region: Text,
    /// USD per priced unit over the pool (tiers and free units applied), before factors.
    blended: f64,
    /// The regional factor, and whether it is estimated (not us-east-1).
    rf: f64,
    rest: bool,
    band_est: bool,
    /// The tier, free tier and region notes each line of the pool carries.
    notes: [String; 3],
}

/// The first month: pools the charges per (price, region), applies tiers and free allowances,
/// and returns the lines (with Savings Plan lines per node after them), notes and the total.
/// With `last`, the lines whose charge and pool are as they were are taken over from the last
/// bill instead of written again; `keeping`: each pool's state is recorded for the next bill.
/// `pools`: the charges' pools ([`Pools::new`]).
fn settle(s: &Setting<'_>, charges: &[&Charge], pools: &Pools<'_>, mut last: Option<&mut Last<'_>>, keeping: bool, mut texts: Option<&mut ChargeTexts>) -> Settled {
    let mut notes = Vec::new();
    // ---- pool per (price, region): tiers and free allowances apply to the pool.
    let mut qty = vec![0.0; pools.keys.len()];
    for (q, &r) in pools.qty.iter().zip(&pools.of) {
        qty[r] += q.max(0.0) / pools.per(r);
    }
    // Free allowances are per account: shared by a free group and by regions, used in key
    // order, so the pools are settled first, in key order; their lines are written after, in
    // charge order, straight into the bill's list. (They were written in pool order into a
    // slot per charge and then moved into the list: at 5,000 components thousands of lines
    // of ~340 bytes, megabytes written twice and read once, in an order that jumped between
    // pools; written once, the analysis misses a 2 MB last level 6.7% less often at 5,000
    // components and 7.5% at 1,000 (callgrind, BENCHMARKS.md s43-core5000).)
    let mut free = FreeTier::new(s.design);
    // Per pool: its price, whether the last bill's lines of it can be taken over (same
    // quantity and free units), and its price for lines, worked out when a line needs it.
    let mut settled: Vec<Option<(&'static Price, f64, bool)>> = Vec::with_capacity(pools.keys.len());
    let mut states: Vec<PoolState> = Vec::new();
    for (r, &(price_id, region)) in pools.keys.iter().enumerate() {
        let qty = qty[r];
        let Some(p) = pools.price[r] else {
            for (c, _) in charges.iter().zip(&pools.of).filter(|(_, &q)| q == r) {
                notes.push(format!("price \"{}\" missing from the price book (node {})", c.price_id, s.idx.nodes[c.pos].id));
            }
            settled.push(None);
            continue;
        };
        let free_units = free.take(p, qty);
        let state = (qty.to_bits(), free_units.to_bits());
        let same = last.as_ref().is_some_and(|l| l.pools.binary_search_by(|((id, rg), _)| (id.as_str(), rg.as_str()).cmp(&(price_id, region))).is_ok_and(|k| l.pools[k].1 == state));
        if keeping {
            states.push(((price_id.to_string(), region.to_string()), state));
        }
        settled.push(Some((p, free_units, same)));
    }
    let mut price: Vec<Option<PoolPrice>> = Vec::with_capacity(pools.keys.len());
    price.resize_with(pools.keys.len(), || None);
    // Keep charge order (node by node), then add Savings Plan lines per node.
    let sp = SpKeys::new(pools.sp_keys(|i| settled[pools.of[i]].is_some()));
    let mut eligible: Vec<(f64, usize)> = vec![(0.0, 0); sp.keys.len()];
    let mut lines: Vec<LineItem> = Vec::with_capacity(charges.len() + sp.keys.len());
    let mut line_pos: Vec<usize> = Vec::with_capacity(charges.len() + sp.keys.len());
    let mut carried: Vec<Option<u32>> = Vec::with_capacity(charges.len() + sp.keys.len());
    let mut line_of: Vec<u32> = Vec::with_capacity(charges.len());
    // The month's total, summed in line order as each line is written (as `Sum` sums them:
    // from its own start), not in another walk over the lines (6 MB at 5,000 components).
    let mut total = std::iter::empty::<f64>().sum::<f64>();
    for (i, (c, &r)) in charges.iter().zip(&pools.of).enumerate() {
        let Some((p, free_units, same)) = settled[r] else {
            line_of.push(u32::MAX);
            continue;
        };
        line_of.push(lines.len() as u32);
        let taken = if same { last.as_mut().and_then(|l| l.line_of[i].and_then(|j| Some((j, l.lines[j as usize].take()?)))) } else { None };
        let (l, from) = match taken {
            Some((j, line)) => (line, Some(j)),
            None => {
                let (_, region) = pools.keys[r];
                let pp = price[r].get_or_insert_with(|| PoolPrice::new(s, p, region, qty[r], free_units));
                let own = texts.as_deref_mut().and_then(|t| t.0[i].take());
                (pp.line(s, c, own), None)
            }
        };
        let pos = pools.pos[i] as usize;
        if let Some(class) = pools.sp[i] {
            // The eligible spend, and the line whose region the discount line takes (the last).
            let e = &mut eligible[sp.rank[&(pos, class)]];
            e.0 += l.monthly;
            e.1 = lines.len();
        }
        total += l.monthly;
        lines.push(l);
        line_pos.push(pos);
        carried.push(from);
    }
    let mut sp_lines = Vec::new();
    for (&(pos, class), &(eligible, last_line)) in sp.keys.iter().zip(&eligible) {
        let Some(d) = s.sp_discount(pos, class) else { continue };
        if eligible <= 0.0 {
            continue;
        }
        let region = &lines[last_line].region;
        let kept = last.as_mut().and_then(|l| {
            let j = *l.sp.get(&(pos, class))?;
            let same = l.lines[j as usize].as_ref().is_some_and(|x| x.quantity.to_bits() == eligible.to_bits() && x.region == *region);
            Some((j, if same { l.lines[j as usize].take()? } else { return None }))
        });
        sp_lines.push(((pos, class), lines.len() as u32));
        match kept {
            Some((j, line)) => {
                total += line.monthly;
                lines.push(line);
                carried.push(Some(j));
            }
            None => {
                let line = sp_line(s.idx.nodes[pos], d, eligible, region.clone());
                total += line.monthly;
                lines.push(line);
                carried.push(None);
            }
        }
        line_pos.push(pos);
    }
    Settled { lines, line_pos, notes, total, carried, line_of, sp_lines, pools: states }
}

impl PoolPrice {
    /// The price of a pool of `qty` priced units of `price` in `region`, `free_units` of them free.
    fn new(s: &Setting<'_>, price: &'static Price, region: &str, qty: f64, free_units: f64) -> Self {
        let p = price;
        let free_note = if free_units > 0.0 { format!("free tier: {} {} free ({})", crate::units::qty(free_units), p.unit, p.free_source.as_deref().unwrap_or_default()) } else { String::new() };
        let (cost, used, band_est) = p.tiered_cost(qty, free_units);
        let blended = if qty > 0.0 { cost / qty } else { p.base() };
        let (rf, rest, rnote) = s.book.factor_for(p, region);
        let tier_note = if p.is_tiered() && !used.is_empty() {
            format!(
                "tiered over {} {} in {region}: {}",
                crate::units::qty(qty),
                p.unit,
                used.iter().map(|(q, pr)| format!("{} × {}", crate::units::qty(*q), crate::units::unit_price(*pr))).collect::<Vec<_>>().join(" + ")
            )
        } else {
            String::new()
        };
        let region_note = if rest { format!("{region} estimated as us-east-1 × {rf} ({rnote})") } else { String::new() };
        let region = catalog::REGION_CODES.iter().find(|r| **r == region).map_or_else(|| Text::Owned(region.to_string()), |r| Text::Borrowed(r));
        PoolPrice { price, region, blended, rf, rest, band_est, notes: [tier_note, free_note, region_note] }
    }

    /// The line of charge `c` of this pool; `texts`: the charge's description and note when
    /// they were taken out of it ([`ChargeTexts`]), else they are copied.
    fn line(&self, s: &Setting<'_>, c: &Charge, texts: Option<(Text, Text)>) -> LineItem {
        let (p, b) = (self.price, s.book);
        let quantity = c.qty.max(0.0) / p.per;
        let unit_price = self.blended * c.factor * self.rf;
        let (what, mut note) = texts.unwrap_or_else(|| (c.what.clone(), c.note.clone()));
        for extra in &self.notes {
            if !extra.is_empty() {
                if note.is_empty() {
                    note = Text::Owned(extra.clone());
                } else {
                    let n = note.to_mut();
                    n.push_str("; ");
                    n.push_str(extra);
                }
            }
        }
        let node = s.idx.nodes[c.pos];
        let source = if c.source_extra.is_empty() && !self.rest {
            Text::Borrowed(p.source.as_str())
        } else {
            let mut source = p.source.clone();
            if !c.source_extra.is_empty() {
                source = format!("{source}; {}", c.source_extra);
            }
            if self.rest {
                source = format!("{source}; regional factor: {}", b.file.regional_factor_source);
            }
            Text::Owned(source)
        };
        let spec = catalog::kind(&node.kind);
        LineItem {
            node: node.id.clone(),
            label: node.label.clone(),
            category: Text::Borrowed(c.category.unwrap_or_else(|| category_name(spec))),
            kind: spec.map_or_else(|| Text::Owned(node.kind.clone()), |k| Text::Borrowed(k.id)),
            what,
            name: Text::Borrowed(c.name),
            quantity,
            unit: Text::Borrowed(p.unit.as_str()),
            unit_price,
            monthly: quantity * unit_price,
            price_id: Text::Borrowed(p.id.as_str()),
            region: self.region.clone(),
            source,
            as_of: Text::Borrowed(p.as_of.as_str()),
            estimated: p.estimated || self.band_est || c.estimated || self.rest,
            note,
        }
    }
}

/// The Savings Plan line of node `n`: discount `d` on `eligible` USD of its on-demand spend
/// (in the region of its last eligible line).
fn sp_line(n: &crate::model::Node, d: &'static Discount, eligible: f64, region: Text) -> LineItem {
    LineItem {
        node: n.id.clone(),
        label: n.label.clone(),
        kind: catalog::kind(&n.kind).map_or_else(|| Text::Owned(n.kind.clone()), |k| Text::Borrowed(k.id)),
        category: Text::Borrowed("Discounts"),
        what: Text::Owned(format!("{} (−{:.0}% of {} eligible on-demand)", d.description, d.rate * 100.0, crate::units::money(eligible))),
        name: Text::Borrowed("Savings Plan discount"),
        quantity: eligible,
        unit: Text::Borrowed("USD on-demand"),
        unit_price: -d.rate,
        monthly: -d.rate * eligible,
        price_id: Text::Borrowed(d.id.as_str()),
        region,
        source: Text::Borrowed(d.source.as_str()),
        as_of: Text::Borrowed(d.as_of.as_str()),
        estimated: d.estimated,
        note: Text::Borrowed("commitment: the discount assumes the plan's hourly commitment is fully used"),
    }
}

/// Savings Plan term of the workload, in years (None: on-demand).
pub fn plan_years(design: &Design) -> Option<u32> {
    match design.workload.pricing {
        PricingModel::SavingsPlan1y => Some(1),
        PricingModel::SavingsPlan3y => Some(3),
        PricingModel::OnDemand => None,
    }
}

fn plan_label(design: &Design) -> &'static str {
    match plan_years(design) {
        Some(1) => "Compute Savings Plan, 1 year",
        Some(_) => "Compute Savings Plan, 3 years",
        None => "on-demand",
    }
}

/// The bill's category of a kind: its catalog category's name, "Other" for a kind the catalog
/// does not know.
fn category_name(spec: Option<&'static catalog::KindSpec>) -> &'static str {
    spec.map_or("Other", |k| k.category.name())
}

impl LineItem {
    /// Whether the line bills nothing because nothing is used (its quantity is 0: no custom
    /// metrics, no log ingestion): [`CostReport::shown`] folds these into one sentence instead
    /// of a $0.00 line each (QA s32 F10).
    pub(crate) fn unused(&self) -> bool {
        self.quantity == 0.0 && self.monthly == 0.0
    }
    /// The line's source as a customer reads it (the report's "Price source", the Cost tab's
    /// tooltip): its price's citation in words ([`prices::Price::source_in_words`], data in
    /// the price book; QA s34 F5, review s35 R2), then what the line adds to it (a discount's
    /// source, the regional factor's) as written. The line's `source` keeps the citation as
    /// written (the CSV and JSON carry it, with the as-of date beside it).
    ///
    /// What the line adds, and a line with no price of the book, say an article it cites by
    /// its title ([`crate::source::in_words`]): a Spot or Savings Plan discount cites "seed
    /// ec2-instance-types-pricing", our word for the article, never the reader's (QA s37 F7).
    pub fn shown_source(&self) -> std::borrow::Cow<'_, str> {
        match book().get(&self.price_id).and_then(|p| self.source.strip_prefix(p.source.as_str()).map(|rest| (p, rest))) {
            Some((p, "")) => std::borrow::Cow::Borrowed(p.source_in_words.as_str()),
            Some((p, rest)) => std::borrow::Cow::Owned(format!("{}{}", p.source_in_words, crate::source::in_words(rest))),
            None => match crate::source::in_words(&self.source) {
                said if said != self.source.as_ref() => std::borrow::Cow::Owned(said),
                _ => std::borrow::Cow::Borrowed(self.source.as_ref()),
            },
        }
    }
}

/// What a bill view shows ([`CostReport::shown`]): the lines that bill something, in the
/// bill's order, and the one sentence naming the lines that bill nothing because nothing is
/// used.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown<'a> {
    pub lines: Vec<&'a LineItem>,
    /// The components whose label (their kind's name when unlabelled) the bill holds on
    /// components in two regions, each named with its region: "NAT gateway a in us-west-2"
    /// ([`told_apart`]). Every view names a line's component by [`Shown::name`] (QA s36 F7:
    /// the table and "By component" showed "NAT gateway a" twice with no region).
    pub names: BTreeMap<NodeId, String>,
    /// `Not used, nothing billed: CloudWatch alarms — log ingestion and custom metrics.`; `None`
    /// when every line bills something.
    pub unused: Option<String>,
}

impl CostReport {
    /// The bill as every view shows it (the CLI's text bill, the app's Cost tab, the report's
    /// HTML and Markdown): the lines that bill something, and the lines at quantity 0 ($0.00,
    /// nothing used) said once in a sentence under them (QA s32 F10; review s33 R12: each view
    /// filtered [`LineItem::unused`] itself, and the report did not). The CSV (`ci::bill_csv`)
    /// keeps every line: it is data, and a spreadsheet or a pipeline wants each line in its
    /// place whether or not it is used this month.
    pub fn shown(&self) -> Shown<'_> {
        let apart = told_apart(&self.lines);
        let unused = unused_sentence(&self.lines, &apart);
        let names = apart.into_iter().map(|(id, (name, place))| (id, crate::text::in_place(&name, &place))).collect();
        Shown { lines: self.lines.iter().filter(|l| !l.unused()).collect(), unused, names }
    }
}

/// The sentence [`CostReport::shown`] gives for the [`LineItem::unused`] lines of `lines`, or
/// `None` when there are none: `Not used, nothing billed: CloudWatch alarms — log ingestion, log
/// storage and custom metrics; App bucket (private, OAC) — PUT requests.`
///
/// - Each charge by its own short name ([`LineItem::name`], given where the charge is made:
///   no figure, bracket or quote; review s34 R4), each once per component, in bill order.
/// - The component first, then a dash and its charges ("<label> — <names>"), so a label with
///   brackets of its own gets no second pair (QA s34 F4) and no name reads as the label's
///   ("deliveries to subscriptions not drawn of On-call alerts", review s35 R6); a component
///   with no label by its kind's name, never its id (review s34 R8).
/// - Each component once, in bill order, by node id (review s33 R15). A component whose label
///   the bill has in more than one region says its region (" in us-west-2"), whether or not
///   the others are used (QA s35 F5: "Data key" unused in us-east-1 only was said with no
///   region beside a used "Data key" in us-west-2); those alike in label, region and charges
///   are one entry with their count ("Data key ×2").
fn unused_sentence(lines: &[LineItem], apart: &BTreeMap<NodeId, (String, String)>) -> Option<String> {
    // (node, who, place, names), one per component in bill order; who: its label or kind,
    // and where it runs when the bill holds its label in two regions ([`told_apart`], the
    // parts of the name every view gives it: carried, not parsed back out of the name;
    // review s37 R8).
    let mut by: Vec<(&NodeId, std::borrow::Cow<'_, str>, Option<&str>, Vec<&str>)> = Vec::new();
    for l in lines.iter().filter(|l| l.unused()) {
        match by.iter_mut().find(|(id, ..)| *id == &l.node) {
            Some((.., charges)) => {
                if !charges.contains(&l.name.as_ref()) {
                    charges.push(&l.name);
                }
            }
            None => {
                let (who, place) = match apart.get(&l.node) {
                    Some((name, place)) => (std::borrow::Cow::Borrowed(name.as_str()), Some(place.as_str())),
                    None => (crate::text::label_or_kind(&l.label, &l.kind), None),
                };
                by.push((&l.node, who, place, vec![&l.name]));
            }
        }
    }
    if by.is_empty() {
        return None;
    }
    // Entries alike (name, place and charges) folded into the first, with their count.
    let mut parts: Vec<(&str, Option<&str>, &[&str], usize)> = Vec::new();
    for (_, who, place, charges) in &by {
        match parts.iter_mut().find(|(w, p, n, _)| w == who && p == place && *n == charges.as_slice()) {
            Some((.., count)) => *count += 1,
            None => parts.push((who, *place, charges, 1)),
        }
    }
    let said: Vec<String> = parts
        .iter()
        .map(|(who, place, charges, count)| {
            let charges = match charges.split_last() {
                Some((last, [])) => last.to_string(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            // The count before the region: "Data key ×2 in us-east-1" read as before.
            let count = if *count > 1 { format!(" ×{count}") } else { String::new() };
            match place {
                Some(place) => format!("{} \u{2014} {charges}", crate::text::in_place(&format!("{who}{count}"), place)),
                None => format!("{who}{count} \u{2014} {charges}"),
            }
        })
        .collect();
    Some(format!("Not used, nothing billed: {}.", said.join("; ")))
}

/// The components of `lines` whose label (their kind's id when unlabelled, named by the
/// kind's name) is on components in more than one region, each as its name and its region
/// code, which [`crate::text::in_place`] joins as Compare's names are joined: "NAT gateway a
/// in us-west-2" (the parts kept apart: review s37 R8). One walk of the bill; none on a bill
/// of one region. (Compare says the Region box's label, [`crate::text::place`]; the bill
/// says the code its lines are priced in: review s37 R7, left.)
fn told_apart(lines: &[LineItem]) -> BTreeMap<NodeId, (String, String)> {
    // key -> the first line's region, and whether another component's line is in another.
    let mut regions: std::collections::HashMap<&str, (&NodeId, &str, bool)> = std::collections::HashMap::new();
    for l in lines {
        let e = regions.entry(region_key(l)).or_insert((&l.node, l.region.as_ref(), false));
        e.2 |= e.0 != &l.node && e.1 != l.region.as_ref();
    }
    let mut out = BTreeMap::new();
    if !regions.values().any(|r| r.2) {
        return out;
    }
    for l in lines {
        if regions.get(region_key(l)).is_some_and(|r| r.2) && !out.contains_key(&l.node) {
            out.insert(l.node.clone(), (crate::text::label_or_kind(&l.label, &l.kind).into_owned(), l.region.to_string()));
        }
    }
    out
}

impl Shown<'_> {
    /// The name of line `l`'s component in every view of the bill: told apart by its region
    /// when its label is on components in two regions ([`Shown::names`]), else its label.
    pub fn name<'l>(&self, l: &'l LineItem) -> std::borrow::Cow<'l, str> {
        self.names.get(&l.node).map_or(std::borrow::Cow::Borrowed(l.label.as_str()), |n| std::borrow::Cow::Owned(n.clone()))
    }
}

/// What tells a line's component apart in [`unused_sentence`]'s region check: its label, its
/// kind's id when it has none (said by its kind's name).
fn region_key(l: &LineItem) -> &str {
    if l.label.trim().is_empty() { l.kind.as_ref() } else { l.label.as_str() }
}

/// The support tier an EKS cluster's control plane is billed at.
#[derive(Clone, Debug, PartialEq)]
pub struct EksTier {
    /// Billed at the extended-support rate (six times standard).
    pub extended: bool,
    pub version: String,
    /// Where the version stands as of the price data (None: not in the calendar).
    pub support: Option<crate::catalog::eks::Support>,
    /// The cluster's `support` property says extended.
    pub stated: bool,
    /// Why, in a sentence.
    pub why: String,
}

/// Whether an EKS cluster's control plane bills the extended-support rate, and why: when its
/// `support` tier says so, or when its `kubernetes_version` is past standard support as of the
/// price data's month (the engine has no clock; see [`crate::catalog::eks`]). The cost and the
/// `ctr.eks-extended-support` rule both read this.
pub fn eks_tier(design: &Design, n: &crate::model::Node) -> EksTier {
    use crate::catalog::eks::{support, Support, DEFAULT_VERSION};
    let version = match design.text(n, "kubernetes_version") {
        v if v.is_empty() => DEFAULT_VERSION.to_string(),
        v => v,
    };
    let as_of = book().file.as_of.as_str();
    let stated = design.text(n, "support") == "extended";
    let s = support(&version, as_of);
    let (extended, why) = match s {
        Some(Support::Extended { since, until }) => (true, format!("Kubernetes {version} left standard support on {since} (extended support until {until}; as of {as_of})")),
        Some(Support::Ended { since }) => (true, format!("Kubernetes {version} left extended support on {since}, so EKS upgrades the cluster to the oldest version in extended support (as of {as_of})")),
        Some(Support::Standard { until }) if stated => (true, format!("its support tier is set to extended (Kubernetes {version} is in standard support until {until})")),
        Some(Support::Standard { until }) => (false, format!("Kubernetes {version} is in standard support until {until}")),
        None => (stated, format!("Kubernetes {version} is not in the version calendar")),
    };
    EksTier { extended, version, support: s, stated, why }
}

/// Whether a node is bought on a Savings Plan of its own (`purchase = savings-plan`, a
/// property only some compute kinds have: read across kinds on purpose).
fn own_savings_plan(design: &Design, n: &crate::model::Node) -> bool {
    design.prop_where_defined(n, "purchase").is_some_and(|v| v.as_str() == Some("savings-plan"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConnKind, Design, Node, NodeId, Value};

    fn add(d: &mut Design, id: &str, kind: &str) {
        d.nodes.insert(NodeId::new(id), Node::new(id, kind));
    }

    fn conn(d: &mut Design, from: &str, to: &str, kind: ConnKind) {
        d.insert_connection(from, to, kind);
    }

    /// What each node's pricing read, noted by `kinds::Ctx` (by id): what `Kept::rebase`
    /// decides from, in place of the hand lists of kinds it had.
    #[test]
    fn each_pricing_notes_the_usage_flows_and_design_wide_figures_it_read() {
        let mut d = Design::new("reads", "us-east-1");
        add(&mut d, "users", "users");
        d.nodes.get_mut(&NodeId::new("users")).unwrap().props.insert("requests_per_month".into(), Value::Number(1e6));
        for (id, kind) in [("cdn", "cloudfront"), ("api", "lambda"), ("waf", "waf"), ("src", "dynamodb"), ("replica", "dynamodb"), ("xray", "xray"), ("tgw", "transit-gateway"), ("q", "sqs")] {
            add(&mut d, id, kind);
        }
        conn(&mut d, "users", "cdn", ConnKind::Sync);
        conn(&mut d, "cdn", "api", ConnKind::Sync);
        conn(&mut d, "api", "src", ConnKind::Sync);
        conn(&mut d, "api", "q", ConnKind::Async);
        conn(&mut d, "waf", "cdn", ConnKind::Association);
        conn(&mut d, "src", "replica", ConnKind::Replication);
        let cx = crate::analysis::Context::new(&d);
        let (_, kept, _) = cost_kept_in(&cx, None, Since::Props(&[]), Vec::new());
        let reads: FxHashMap<&str, &kinds::TrafficReads> = d.nodes.keys().map(|id| id.as_str()).zip(kept.nodes.iter().map(|n| &n.reads)).collect();
        assert_eq!(reads["waf"].usage_of, vec![NodeId::new("cdn")], "a WAF reads the requests of what it protects");
        assert_eq!(reads["replica"].usage_of, vec![NodeId::new("src")], "a replica reads its source table's writes");
        assert!(reads["src"].usage_of.is_empty());
        assert!(reads["xray"].design_wide && reads["tgw"].design_wide, "entry requests, VPCs drawn");
        assert!(!reads["cdn"].design_wide && !reads["waf"].design_wide);
        assert!(reads["cdn"].read_flows(ConnKind::Sync, true) && reads["cdn"].read_flows(ConnKind::Sync, false), "CloudFront's viewers and origins");
        assert!(!reads["cdn"].read_flows(ConnKind::Association, true));
        assert!(reads["q"].read_flows(ConnKind::Async, true), "SQS bills the messages sent to it");
        assert_eq!(*reads["users"], kinds::TrafficReads::default());
    }
}
