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
//! Prices outside us-east-1 are us-east-1 × a regional factor and marked `estimated`.

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

pub use kinds::{fargate_size, EKS_FARGATE_POD_OVERHEAD_GB};
pub use prices::{Price, PRICES_JSON};

/// One line of the bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub node: NodeId,
    pub label: String,
    /// The node's catalog kind (the "service").
    pub kind: String,
    /// Cost category: the kind's catalog category, or "Data transfer" / "Discounts".
    pub category: String,
    /// What is charged, e.g. "Fargate vCPU (Linux/x86): 2 tasks × 0.5 vCPU × 730 h".
    pub what: String,
    /// Quantity in `unit`s.
    pub quantity: f64,
    pub unit: String,
    /// USD per unit (blended over tiers when tiered; after factors and regional adjustment).
    pub unit_price: f64,
    /// USD per month.
    pub monthly: f64,
    /// Price book entry id ("" for derived lines such as discounts).
    pub price_id: String,
    pub region: String,
    pub source: String,
    pub as_of: String,
    /// Not from the cited reference list: from a remembered pricing page, a regional factor,
    /// a typical discount or an assumption. Shown to the user.
    pub estimated: bool,
    /// Tiers used, assumptions, caveats.
    pub note: String,
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
    /// The traffic the month was priced from.
    pub traffic: Traffic,
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
    bill_in(cx, multiplier, None).0
}

/// What a bill at ×1 keeps of its pricing so that the next revision's bill, after edits that
/// changed only some nodes' properties, prices only those nodes again ([`cost_kept_in`]):
/// each node's charges (the first month's, and at constant traffic the later months' of
/// accumulating storage), or why it costs nothing, with the other nodes whose properties its
/// pricing read (a CloudFront distribution reads its viewers' geography, a table replica its
/// source's item size, an instance its drawn root volumes' flag).
#[derive(Debug)]
pub struct Kept {
    nodes: Vec<NodeBill>,
    /// Who read whose properties: a node's id → the positions of the other nodes whose
    /// pricing read one of its properties.
    readers: FxHashMap<NodeId, Vec<usize>>,
    /// What the bill read before pricing any node (the graph index, the traffic at ×1, each
    /// node's region): when an edit changed one of these, every node is priced again.
    pub(crate) before_pricing: crate::prop_deps::Reads,
    /// What pricing the nodes read (since the last bill that priced every node: the kept
    /// nodes read it when they were priced), so that the bill's recorded reads cover them.
    pricing: crate::prop_deps::Reads,
    /// The monthly growth the later months were priced at.
    growth: f64,
}

/// One node's part of the bill before pooling.
#[derive(Debug)]
struct NodeBill {
    /// The first month's charges, in the order priced.
    first: Vec<Charge>,
    /// Months 2 to 12 at constant traffic (month-dependent kinds only; empty otherwise).
    later: Vec<Vec<Charge>>,
    outcome: Item,
    /// The other nodes whose properties were read while pricing this one.
    foreign: Vec<NodeId>,
}

/// Why a node has no charges, if it has none by design.
#[derive(Debug)]
enum Item {
    Priced,
    Free(FreeItem),
    Unknown(FreeItem),
}

/// [`cost_at_in`] at ×1, keeping each node's pricing ([`Kept`]). With `kept` (the last
/// revision's, whose `before_pricing` reads the edits since did not change, on the same
/// nodes in the same positions, with the same workload), only the nodes named in `changed`
/// and the nodes whose pricing read one of their properties are priced again; the pools,
/// tiers, Savings Plans, the year and the totals are worked out again from all the charges,
/// so the report is the one [`cost_at_in`] computes, byte for byte.
pub fn cost_kept_in(cx: &crate::analysis::Context<'_>, kept: Option<Kept>, changed: &[NodeId]) -> (CostReport, Kept) {
    let (report, kept) = bill_in(cx, 1.0, Some((kept, changed)));
    (report, kept.expect("asked for"))
}

/// The bill; with `keep`, its pricing kept ([`cost_kept_in`]).
fn bill_in(cx: &crate::analysis::Context<'_>, multiplier: f64, keep: Option<(Option<Kept>, &[NodeId])>) -> (CostReport, Option<Kept>) {
    let design = cx.design;
    let b = book();
    let g = design.workload.growth_pct_per_month / 100.0;
    // ×1 is the traffic the context holds already (the same figures: `run` is a function of
    // the plan and the multiplier); the plan itself is asked for only when another multiple
    // is needed (a session may hold an earlier revision's traffic and no plan).
    let ((idx, t0, s), before_pricing) = crate::prop_deps::recording(|| {
        let idx = cx.index();
        let t0 = if multiplier == 1.0 { cx.traffic().clone() } else { cx.traffic_plan().run(multiplier) };
        let s = Setting::new(design, idx, b);
        (idx, t0, s)
    });
    crate::prop_deps::add(&before_pricing);
    // The nodes to price: all, or with a kept pricing, the changed ones and their readers.
    let keeping = keep.is_some();
    let (mut old, dirty) = match keep {
        Some((Some(k), changed)) if k.nodes.len() == idx.nodes.len() && k.growth == g => {
            let mut dirty = vec![false; k.nodes.len()];
            for id in changed {
                match idx.pos(id) {
                    Some(p) => dirty[p] = true,
                    None => dirty.fill(true),
                }
                for &p in k.readers.get(id).into_iter().flatten() {
                    dirty[p] = true;
                }
            }
            (Some((k.nodes, k.pricing)), dirty)
        }
        _ => (None, Vec::new()),
    };
    let ctx = kinds::Ctx { design, idx, traffic: &t0, book: b, month: 0 };
    let later_months = if g == 0.0 { 1..12 } else { 1..1 };
    // What pricing the nodes read: with a kept pricing, what it read before (the nodes kept
    // read it then) and what the nodes priced again read now.
    let (nodes, mut pricing) = crate::prop_deps::recording(|| {
        (0..idx.nodes.len())
            .map(|p| match old.as_mut() {
                Some((old, _)) if !dirty[p] => std::mem::replace(&mut old[p], NodeBill { first: Vec::new(), later: Vec::new(), outcome: Item::Priced, foreign: Vec::new() }),
                _ => price(&ctx, p, later_months.clone()),
            })
            .collect::<Vec<NodeBill>>()
    });
    if let Some((_, before)) = old {
        pricing.add(&before);
    }
    crate::prop_deps::add(&pricing);
    let charges: Vec<&Charge> = nodes.iter().flat_map(|n| &n.first).collect();
    let first = settle(&s, &charges);
    let mut months = vec![first.total];
    // Later months need totals only. At constant traffic only accumulating storage changes,
    // so only those nodes are priced again; with growth, every month is priced afresh.
    if g == 0.0 {
        let steady: Vec<&Charge> = charges.iter().copied().filter(|c| !month_dependent(&s.idx.nodes[c.pos].kind)).collect();
        let mut year = Year::new(&s, &steady, &charges);
        for i in 1..12 {
            let later: Vec<&Charge> = nodes.iter().flat_map(|n| n.later.get(i - 1).into_iter().flatten()).collect();
            let total = match year.total(&s, &steady, &later) {
                Some(t) => t,
                None => {
                    let mut charges = steady.clone();
                    charges.extend(later.iter().copied());
                    settle_total(&s, &charges)
                }
            };
            months.push(total);
        }
    } else {
        for i in 1..12 {
            let t = cx.traffic_plan().run(multiplier * (1.0 + g).powi(i as i32));
            let charges = gather(&s, &t, i);
            months.push(settle_total(&s, &charges.iter().collect::<Vec<_>>()));
        }
    }
    let Settled { lines, line_pos, mut notes, total } = first;
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
    // Per node by position (id order), summed in line order as the maps were.
    let mut node_sums: Vec<Option<f64>> = vec![None; s.idx.nodes.len()];
    let mut by_service: BTreeMap<String, f64> = BTreeMap::new();
    let mut by_category: BTreeMap<String, f64> = BTreeMap::new();
    for (l, &p) in lines.iter().zip(&line_pos) {
        *node_sums[p].get_or_insert(0.0) += l.monthly;
        add_to(&mut by_service, &l.kind, l.monthly);
        add_to(&mut by_category, &l.category, l.monthly);
    }
    for &p in &free_pos {
        node_sums[p].get_or_insert(0.0);
    }
    let by_node: BTreeMap<NodeId, f64> = node_sums.iter().enumerate().filter_map(|(p, v)| v.map(|v| (s.idx.nodes[p].id.clone(), v))).collect();
    if !t0.back_edges.is_empty() {
        notes.push(format!(
            "{} connection(s) close a cycle and carry no traffic in the projection: {}",
            t0.back_edges.len(),
            t0.back_edges.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    if g != 0.0 {
        notes.push(format!("the year applies {}% traffic growth per month", design.workload.growth_pct_per_month));
    }
    let estimated_monthly = lines.iter().filter(|l| l.estimated).map(|l| l.monthly).sum();
    let kept = keeping.then(|| {
        let mut readers: FxHashMap<NodeId, Vec<usize>> = FxHashMap::default();
        for (p, n) in nodes.iter().enumerate() {
            for id in &n.foreign {
                readers.entry(id.clone()).or_default().push(p);
            }
        }
        Kept { nodes, readers, before_pricing, pricing, growth: g }
    });
    let report = CostReport {
        design: design.name.clone(),
        region: design.region.clone(),
        multiplier: t0.multiplier,
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
        traffic: t0,
    };
    (report, kept)
}

/// `map[key] += x`, starting from 0 (as `*map.entry(key).or_default() += x`), copying the
/// key only the first time it is seen.
fn add_to(map: &mut BTreeMap<String, f64>, key: &str, x: f64) {
    match map.get_mut(key) {
        Some(v) => *v += x,
        None => {
            let mut v = 0.0;
            v += x;
            map.insert(key.to_string(), v);
        }
    }
}

/// The first month only: its lines (as in [`CostReport::lines`]) and total, without the year.
/// For analyses that need the bill of a design variant (comparisons), at the cost of one month.
pub fn month(design: &Design) -> (Vec<LineItem>, f64) {
    let idx = Index::new(design);
    let s = Setting::new(design, &idx, book());
    let t = traffic::Plan::new(design).run(1.0);
    let charges = gather(&s, &t, 0);
    let m = settle(&s, &charges.iter().collect::<Vec<_>>());
    (m.lines, m.total)
}

/// (multiplier, monthly USD) for each multiplier: the growth chart (e.g. 0.1× .. 100×).
pub fn cost_series(design: &Design, multipliers: &[f64]) -> Vec<(f64, f64)> {
    let idx = Index::new(design);
    let s = Setting::new(design, &idx, book());
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
#[derive(Clone, Debug)]
pub(crate) struct Charge {
    pub node: NodeId,
    /// The node's position ([`crate::graph::positions`]); set by [`gather`].
    pub pos: usize,
    pub category: Option<&'static str>,
    pub what: String,
    pub price_id: String,
    /// Raw units (requests, GB, hours...); divided by the price's `per`.
    pub qty: f64,
    /// Multiplies the unit price (Multi-AZ ×2, Spot 0.3, Valkey 0.8).
    pub factor: f64,
    pub note: String,
    pub estimated: bool,
    /// Extra source text (e.g. the discount's source).
    pub source_extra: String,
    /// Savings Plan class this charge is eligible for ("ec2", "fargate", "lambda").
    pub sp: Option<&'static str>,
}

impl Charge {
    pub fn new(node: &NodeId, price_id: impl Into<String>, qty: f64, what: impl Into<String>) -> Self {
        Charge {
            node: node.clone(),
            pos: 0,
            category: None,
            what: what.into(),
            price_id: price_id.into(),
            qty,
            factor: 1.0,
            note: String::new(),
            estimated: false,
            source_extra: String::new(),
            sp: None,
        }
    }
    pub fn factor(mut self, f: f64) -> Self {
        self.factor *= f;
        self
    }
    pub fn note(mut self, n: impl AsRef<str>) -> Self {
        if !self.note.is_empty() {
            self.note.push_str("; ");
        }
        self.note.push_str(n.as_ref());
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
    book: &'a PriceBook,
    idx: &'a Index<'a>,
    /// Region code of each node, by position (what `Design::region_of` says).
    region: Vec<String>,
    /// The design-wide Savings Plan term in years (None: on-demand).
    plan: Option<u32>,
    /// The discount a (node position, Savings Plan class) gets, once asked (None: no plan).
    sp: RefCell<FxHashMap<(usize, &'static str), Option<&'a Discount>>>,
}

impl<'a> Setting<'a> {
    fn new(design: &'a Design, idx: &'a Index<'a>, book: &'a PriceBook) -> Self {
        let region = Containers::new(design, idx.positions()).region;
        Setting { design, book, idx, region, plan: plan_years(design), sp: RefCell::new(FxHashMap::default()) }
    }

    /// The Savings Plan discount of a node's `class` spend: the design-wide plan, or a 1-year
    /// plan when the node itself is bought on one; None when no plan applies. The one place
    /// the bill's lines, the month-by-month and the fast yearly totals take it from.
    fn sp_discount(&self, pos: usize, class: &'static str) -> Option<&'a Discount> {
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
    price: Vec<Option<&'c Price>>,
    /// The pool of each charge, in the order the charges came.
    of: Vec<usize>,
    /// Pool by key.
    rank: FxHashMap<(&'c str, &'c str), usize>,
}

impl<'c> Pools<'c> {
    fn new<'s: 'c>(s: &'c Setting<'s>, charges: impl Iterator<Item = &'c Charge>) -> Self {
        let mut rank: FxHashMap<(&'c str, &'c str), usize> = FxHashMap::default();
        let mut keys: Vec<(&'c str, &'c str)> = Vec::new();
        let mut of = Vec::new();
        for c in charges {
            let key = (c.price_id.as_str(), s.region[c.pos].as_str());
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
        for v in rank.values_mut() {
            *v = renumber[*v];
        }
        let keys: Vec<(&'c str, &'c str)> = order.iter().map(|&k| keys[k]).collect();
        let price = keys.iter().map(|(p, _)| s.book.get(p)).collect();
        Pools { keys, price, of, rank }
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
    fn new<'c>(charges: impl Iterator<Item = &'c Charge>) -> Self {
        let mut keys: Vec<(usize, &'static str)> = charges.filter_map(|c| c.sp.map(|class| (c.pos, class))).collect();
        // Positions are id order, so (position, class) sorts as (node id, class) did.
        crate::order::sort(&mut keys);
        keys.dedup();
        let rank = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        SpKeys { keys, rank }
    }
}

/// The first month, settled: its lines (with the position of each line's node), notes and
/// total.
struct Settled {
    lines: Vec<LineItem>,
    line_pos: Vec<usize>,
    notes: Vec<String>,
    total: f64,
}

/// Kinds whose charges change from month to month at constant traffic (accumulating storage).
fn month_dependent(kind: &str) -> bool {
    matches!(kind, "s3" | "cloudwatch")
}

/// The charges of every node in month `month` (0 = the first).
fn gather(s: &Setting<'_>, t: &Traffic, month: u32) -> Vec<Charge> {
    let mut charges: Vec<Charge> = Vec::new();
    let ctx = kinds::Ctx { design: s.design, idx: s.idx, traffic: t, book: s.book, month };
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
    let item = match kinds::price_node(ctx, n, charges) {
        kinds::Outcome::Priced => Item::Priced,
        kinds::Outcome::Free(reason) => Item::Free(FreeItem { node: n.id.clone(), label: n.label.clone(), kind: n.kind.clone(), reason }),
        kinds::Outcome::Unknown => Item::Unknown(FreeItem {
            node: n.id.clone(),
            label: n.label.clone(),
            kind: n.kind.clone(),
            reason: format!("the cost engine has no price for kind \"{}\"", n.kind),
        }),
    };
    kinds::network_charges(ctx, n, charges);
    // Every charge is on the node being priced.
    for c in &mut charges[from..] {
        debug_assert_eq!(c.node, n.id);
        c.pos = pos;
    }
    item
}

/// The node at `pos` priced on its own for a kept bill: the first month (`ctx.month` 0) and,
/// for a month-dependent kind, the months `later` (at the same traffic), noting whose
/// properties other than its own it read.
fn price(ctx: &kinds::Ctx<'_>, pos: usize, later: std::ops::Range<u32>) -> NodeBill {
    let n = ctx.idx.nodes[pos];
    let ((first, outcome, later), foreign) = crate::prop_deps::node_scope(n, || {
        let mut first = Vec::new();
        let outcome = price_month(ctx, pos, &mut first);
        let later: Vec<Vec<Charge>> = if month_dependent(&n.kind) {
            later
                .map(|month| {
                    let mut charges = Vec::new();
                    price_month(&kinds::Ctx { month, ..*ctx }, pos, &mut charges);
                    charges
                })
                .collect()
        } else {
            Vec::new()
        };
        (first, outcome, later)
    });
    NodeBill { first, later, outcome, foreign }
}

/// The later months at constant traffic: the steady charges (everything but accumulating
/// storage) are the same every month, so their pools, prices and partial sums are worked out
/// once; each month then adds its month-dependent charges after them, exactly as
/// [`settle_total`] would over `steady ++ later` (same order of additions, same figure).
struct Year<'c> {
    /// Pools of the steady charges and of the first month's (later months' charges fall in
    /// these, or the month is settled in full).
    pools: Pools<'c>,
    rf: Vec<f64>,
    /// Sum over the steady charges of each pool, and whether any charge is in it.
    sums: Vec<f64>,
    present: Vec<bool>,
    /// Per steady charge: its quantity in priced units and its Savings Plan key.
    steady_sp: Vec<Option<usize>>,
    sp: SpKeys,
}

impl<'c> Year<'c> {
    fn new<'s: 'c>(s: &'c Setting<'s>, steady: &[&'c Charge], all: &[&'c Charge]) -> Self {
        let mut pools = Pools::new(s, steady.iter().copied().chain(all.iter().copied()));
        pools.of.truncate(steady.len());
        let rf = pools.keys.iter().map(|(_, r)| s.book.region_factor_value(r)).collect();
        let mut sums = vec![0.0; pools.keys.len()];
        let mut present = vec![false; pools.keys.len()];
        for (c, &r) in steady.iter().zip(&pools.of) {
            sums[r] += c.qty.max(0.0) / pools.per(r);
            present[r] = true;
        }
        let sp = SpKeys::new(steady.iter().copied().chain(all.iter().copied()));
        let steady_sp = steady.iter().map(|c| c.sp.map(|class| sp.rank[&(c.pos, class)])).collect();
        Year { pools, rf, sums, present, steady_sp, sp }
    }

    /// The month's total, or None when a later charge falls outside the known pools.
    fn total(&mut self, s: &Setting<'_>, steady: &[&Charge], later: &[&Charge]) -> Option<f64> {
        let mut sums = self.sums.clone();
        let mut present = self.present.clone();
        let mut later_pool = Vec::with_capacity(later.len());
        let mut later_sp = Vec::with_capacity(later.len());
        let rank: &FxHashMap<(&str, &str), usize> = &self.pools.rank;
        for c in later {
            let r = *rank.get(&(c.price_id.as_str(), s.region[c.pos].as_str()))?;
            let k = match c.sp {
                Some(class) => Some(*self.sp.rank.get(&(c.pos, class))?),
                None => None,
            };
            sums[r] += c.qty.max(0.0) / self.pools.per(r);
            present[r] = true;
            later_pool.push(r);
            later_sp.push(k);
        }
        let free_tier = s.design.workload.free_tier;
        let mut free_left: BTreeMap<&str, f64> = BTreeMap::new();
        let mut blended = vec![0.0; sums.len()];
        for r in 0..sums.len() {
            if !present[r] {
                continue;
            }
            let Some(p) = self.pools.price[r] else { continue };
            let qty = sums[r];
            let mut free_units = 0.0;
            if free_tier {
                if let Some(allow) = p.free {
                    let key = p.free_group.as_deref().unwrap_or(p.id.as_str());
                    let left = free_left.entry(key).or_insert(allow);
                    free_units = left.min(qty);
                    *left -= free_units;
                }
            }
            let (cost, _, _) = p.tiered_cost(qty, free_units);
            blended[r] = if qty > 0.0 { cost / qty } else { p.base() };
        }
        let mut amounts: Vec<f64> = Vec::with_capacity(steady.len() + later.len() + 8);
        let mut sp: Vec<Option<f64>> = vec![None; self.sp.keys.len()];
        let steady_all = steady.iter().copied().zip(self.pools.of.iter().zip(&self.steady_sp));
        let later_all = later.iter().copied().zip(later_pool.iter().zip(&later_sp));
        for (c, (&r, k)) in steady_all.chain(later_all) {
            let Some(p) = self.pools.price[r] else { continue };
            let quantity = c.qty.max(0.0) / p.per;
            let unit_price = blended[r] * c.factor * self.rf[r];
            let m = quantity * unit_price;
            if let Some(k) = k {
                *sp[*k].get_or_insert(0.0) += m;
            }
            amounts.push(m);
        }
        for (k, eligible) in sp.into_iter().enumerate() {
            let Some(eligible) = eligible else { continue };
            let (pos, class) = self.sp.keys[k];
            if let Some(x) = s.credit(pos, class, eligible) {
                amounts.push(x);
            }
        }
        Some(amounts.iter().sum())
    }
}

/// The total [`settle`] returns, without building lines or notes: the same pools, free
/// allowances, tiers and summation order, so the same figure to the last bit.
fn settle_total(s: &Setting<'_>, charges: &[&Charge]) -> f64 {
    let free_tier = s.design.workload.free_tier;
    let pools = Pools::new(s, charges.iter().copied());
    let mut qty = vec![0.0; pools.keys.len()];
    for (c, &r) in charges.iter().zip(&pools.of) {
        qty[r] += c.qty.max(0.0) / pools.per(r);
    }
    let mut free_left: BTreeMap<&str, f64> = BTreeMap::new();
    // (blended unit price, regional factor) of each pool with a price.
    let mut rate: Vec<Option<(f64, f64)>> = vec![None; pools.keys.len()];
    for (r, &(_, region)) in pools.keys.iter().enumerate() {
        let Some(p) = pools.price[r] else { continue };
        let qty = qty[r];
        let mut free_units = 0.0;
        if free_tier {
            if let Some(allow) = p.free {
                let key = p.free_group.as_deref().unwrap_or(p.id.as_str());
                let left = free_left.entry(key).or_insert(allow);
                free_units = left.min(qty);
                *left -= free_units;
            }
        }
        let (cost, _, _) = p.tiered_cost(qty, free_units);
        let blended = if qty > 0.0 { cost / qty } else { p.base() };
        rate[r] = Some((blended, s.book.region_factor_value(region)));
    }
    let sp = SpKeys::new(charges.iter().copied().zip(&pools.of).filter(|(_, &r)| rate[r].is_some()).map(|(c, _)| c));
    let mut amounts: Vec<f64> = Vec::with_capacity(charges.len() + 8);
    let mut eligible: Vec<Option<f64>> = vec![None; sp.keys.len()];
    for (c, &r) in charges.iter().zip(&pools.of) {
        let (Some(p), Some((blended, rf))) = (pools.price[r], rate[r]) else { continue };
        let quantity = c.qty.max(0.0) / p.per;
        let unit_price = blended * c.factor * rf;
        let m = quantity * unit_price;
        if let Some(class) = c.sp {
            *eligible[sp.rank[&(c.pos, class)]].get_or_insert(0.0) += m;
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

/// Pools charges per (price, region), applies tiers and free allowances, and returns the
/// lines, notes and the total.
fn settle(s: &Setting<'_>, charges: &[&Charge]) -> Settled {
    let (design, b) = (s.design, s.book);
    let mut notes = Vec::new();
    // ---- pool per (price, region): tiers and free allowances apply to the pool.
    let free_tier = design.workload.free_tier;
    let pools = Pools::new(s, charges.iter().copied());
    let mut qty = vec![0.0; pools.keys.len()];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); pools.keys.len()];
    for (i, (c, &r)) in charges.iter().zip(&pools.of).enumerate() {
        qty[r] += c.qty.max(0.0) / pools.per(r);
        members[r].push(i);
    }
    // Free allowances are per account: shared by a free group and by regions, used in key order.
    let mut free_left: BTreeMap<&str, f64> = BTreeMap::new();
    let mut slots: Vec<Option<LineItem>> = vec![None; charges.len()];
    for (r, &(_, region)) in pools.keys.iter().enumerate() {
        let qty = qty[r];
        let Some(p) = pools.price[r] else {
            for &i in &members[r] {
                let c = &charges[i];
                notes.push(format!("price \"{}\" missing from the price book (node {})", c.price_id, c.node));
            }
            continue;
        };
        let mut free_units = 0.0;
        let mut free_note = String::new();
        if free_tier {
            if let Some(allow) = p.free {
                let key = p.free_group.as_deref().unwrap_or(p.id.as_str());
                let left = free_left.entry(key).or_insert(allow);
                free_units = left.min(qty);
                *left -= free_units;
                if free_units > 0.0 {
                    free_note = format!("free tier: {} {} free ({})", fmt_qty(free_units), p.unit, p.free_source.clone().unwrap_or_default());
                }
            }
        }
        let (cost, used, band_est) = p.tiered_cost(qty, free_units);
        let blended = if qty > 0.0 { cost / qty } else { p.base() };
        let (rf, rest, rnote) = b.region_factor(region);
        let tier_note = if p.is_tiered() && !used.is_empty() {
            format!(
                "tiered over {} {} in {region}: {}",
                fmt_qty(qty),
                p.unit,
                used.iter().map(|(q, pr)| format!("{} × ${}", fmt_qty(*q), fmt_price(*pr))).collect::<Vec<_>>().join(" + ")
            )
        } else {
            String::new()
        };
        let region_note = if rest { format!("{region} estimated as us-east-1 × {rf} ({rnote})") } else { String::new() };
        for &i in &members[r] {
            let c = &charges[i];
            let quantity = c.qty.max(0.0) / p.per;
            let unit_price = blended * c.factor * rf;
            let mut note = c.note.clone();
            for extra in [&tier_note, &free_note, &region_note] {
                if !extra.is_empty() {
                    if !note.is_empty() {
                        note.push_str("; ");
                    }
                    note.push_str(extra);
                }
            }
            let node = s.idx.nodes[c.pos];
            let mut source = p.source.clone();
            if !c.source_extra.is_empty() {
                source = format!("{source}; {}", c.source_extra);
            }
            if rest {
                source = format!("{source}; regional factor: {}", b.file.regional_factor_source);
            }
            slots[i] = Some(LineItem {
                node: c.node.clone(),
                label: node.label.clone(),
                category: c.category.map(str::to_string).unwrap_or_else(|| category_of(&node.kind)),
                kind: node.kind.clone(),
                what: c.what.clone(),
                quantity,
                unit: p.unit.clone(),
                unit_price,
                monthly: quantity * unit_price,
                price_id: p.id.clone(),
                region: region.to_string(),
                source,
                as_of: p.as_of.clone(),
                estimated: p.estimated || band_est || c.estimated || rest,
                note,
            });
        }
    }
    // Keep charge order (node by node), then add Savings Plan lines per node.
    let sp = SpKeys::new(charges.iter().copied().zip(&slots).filter(|(_, l)| l.is_some()).map(|(c, _)| c));
    let mut eligible: Vec<(f64, usize)> = vec![(0.0, 0); sp.keys.len()];
    let mut lines: Vec<LineItem> = Vec::with_capacity(charges.len() + sp.keys.len());
    let mut line_pos: Vec<usize> = Vec::with_capacity(charges.len() + sp.keys.len());
    for (c, slot) in charges.iter().zip(slots) {
        if let Some(l) = slot {
            if let Some(class) = c.sp {
                // The eligible spend, and the line whose region the discount line takes (the last).
                let e = &mut eligible[sp.rank[&(c.pos, class)]];
                e.0 += l.monthly;
                e.1 = lines.len();
            }
            lines.push(l);
            line_pos.push(c.pos);
        }
    }
    for (&(pos, class), &(eligible, last)) in sp.keys.iter().zip(&eligible) {
        let Some(d) = s.sp_discount(pos, class) else { continue };
        if eligible <= 0.0 {
            continue;
        }
        let n = s.idx.nodes[pos];
        let region = lines[last].region.clone();
        lines.push(LineItem {
            node: n.id.clone(),
            label: n.label.clone(),
            kind: n.kind.clone(),
            category: "Discounts".into(),
            what: format!("{} (−{:.0}% of ${:.2} eligible on-demand)", d.description, d.rate * 100.0, eligible),
            quantity: eligible,
            unit: "USD on-demand".into(),
            unit_price: -d.rate,
            monthly: -d.rate * eligible,
            price_id: d.id.clone(),
            region,
            source: d.source.clone(),
            as_of: d.as_of.clone(),
            estimated: d.estimated,
            note: "commitment: the discount assumes the plan's hourly commitment is fully used".into(),
        });
        line_pos.push(pos);
    }
    let total = lines.iter().map(|l| l.monthly).sum();
    Settled { lines, line_pos, notes, total }
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

fn category_of(kind: &str) -> String {
    catalog::kind(kind).map(|k| k.category.name().to_string()).unwrap_or_else(|| "Other".into())
}

/// A quantity for notes: no needless decimals.
pub fn fmt_qty(q: f64) -> String {
    if q == q.round() && q.abs() < 1e15 {
        format!("{}", q as i64)
    } else if q.abs() >= 100.0 {
        format!("{q:.1}")
    } else {
        format!("{q:.4}").trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A unit price: enough digits for $0.0000166667.
pub fn fmt_price(p: f64) -> String {
    let s = format!("{p:.10}");
    let s = s.trim_end_matches('0');
    let s = s.trim_end_matches('.');
    s.to_string()
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
