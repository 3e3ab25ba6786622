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
use crate::graph::Index;
use crate::model::{Design, NodeId};
use crate::traffic::{self, Traffic};
use prices::{book, PriceBook};
use serde::{Deserialize, Serialize};
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

impl LineItem {
    /// A line with only node and amount: for totals-only passes (later months of the year).
    fn bare(c: &Charge, monthly: f64) -> Self {
        LineItem {
            node: c.node.clone(),
            label: String::new(),
            kind: String::new(),
            category: String::new(),
            what: String::new(),
            quantity: 0.0,
            unit: String::new(),
            unit_price: 0.0,
            monthly,
            price_id: String::new(),
            region: String::new(),
            source: String::new(),
            as_of: String::new(),
            estimated: false,
            note: String::new(),
        }
    }
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
    let design = cx.design;
    let b = book();
    let idx = cx.index();
    let g = design.workload.growth_pct_per_month / 100.0;
    // ×1 is the traffic the context holds already (the same figures: `run` is a function of
    // the plan and the multiplier); the plan itself is asked for only when another multiple
    // is needed (a session may hold an earlier revision's traffic and no plan).
    let t0 = if multiplier == 1.0 { cx.traffic().clone() } else { cx.traffic_plan().run(multiplier) };
    let region_map = regions(design);
    let full = gather(design, idx, b, &t0, 0, None);
    let (lines0, notes0, total0) = settle(design, b, &full.charges, &region_map, true);
    let first = Month { lines: lines0, free: full.free, unpriced: full.unpriced, notes: notes0, total: total0 };
    let mut months = vec![first.total];
    // Later months need totals only. At constant traffic only accumulating storage changes,
    // so only those nodes are priced again; with growth, every month is priced afresh.
    let steady: Vec<Charge> = if g == 0.0 {
        full.charges.iter().filter(|c| design.node(&c.node).is_none_or(|n| !month_dependent(&n.kind))).cloned().collect()
    } else {
        Vec::new()
    };
    let year = if g == 0.0 { Year::new(design, b, &steady, &full.charges, &region_map) } else { None };
    for i in 1..12 {
        let total = if g == 0.0 {
            let later = gather(design, idx, b, &t0, i, Some(month_dependent)).charges;
            match year.as_ref().and_then(|y| y.total(design, b, &steady, &later, &region_map)) {
                Some(t) => t,
                None => {
                    let mut charges = steady.clone();
                    charges.extend(later);
                    settle_total(design, b, &charges, &region_map)
                }
            }
        } else {
            let t = cx.traffic_plan().run(multiplier * (1.0 + g).powi(i as i32));
            settle_total(design, b, &gather(design, idx, b, &t, i, None).charges, &region_map)
        };
        months.push(total);
    }
    let Month { lines, free, unpriced, mut notes, total } = first;
    let mut by_node: BTreeMap<NodeId, f64> = BTreeMap::new();
    let mut by_service: BTreeMap<String, f64> = BTreeMap::new();
    let mut by_category: BTreeMap<String, f64> = BTreeMap::new();
    for l in &lines {
        *by_node.entry(l.node.clone()).or_default() += l.monthly;
        *by_service.entry(l.kind.clone()).or_default() += l.monthly;
        *by_category.entry(l.category.clone()).or_default() += l.monthly;
    }
    for f in &free {
        by_node.entry(f.node.clone()).or_default();
    }
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
    CostReport {
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
    }
}

/// The first month only: its lines (as in [`CostReport::lines`]) and total, without the year.
/// For analyses that need the bill of a design variant (comparisons), at the cost of one month.
pub fn month(design: &Design) -> (Vec<LineItem>, f64) {
    let b = book();
    let idx = Index::new(design);
    let t = traffic::Plan::new(design).run(1.0);
    let region_map = regions(design);
    let g = gather(design, &idx, b, &t, 0, None);
    let (lines, _, total) = settle(design, b, &g.charges, &region_map, true);
    (lines, total)
}

/// (multiplier, monthly USD) for each multiplier: the growth chart (e.g. 0.1× .. 100×).
pub fn cost_series(design: &Design, multipliers: &[f64]) -> Vec<(f64, f64)> {
    let b = book();
    let idx = Index::new(design);
    let region_map = regions(design);
    let plan = traffic::Plan::new(design);
    multipliers
        .iter()
        .map(|&m| {
            let t = plan.run(m);
            (m, settle_total(design, b, &gather(design, &idx, b, &t, 0, None).charges, &region_map))
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

struct Month {
    lines: Vec<LineItem>,
    free: Vec<FreeItem>,
    unpriced: Vec<FreeItem>,
    notes: Vec<String>,
    total: f64,
}

/// Charges of one month, before pooling.
struct Gathered {
    charges: Vec<Charge>,
    free: Vec<FreeItem>,
    unpriced: Vec<FreeItem>,
}

/// Kinds whose charges change from month to month at constant traffic (accumulating storage).
fn month_dependent(kind: &str) -> bool {
    matches!(kind, "s3" | "cloudwatch")
}

/// The charges of the nodes `only` selects (all when None) in month `month` (0 = the first).
fn gather(design: &Design, idx: &Index<'_>, b: &PriceBook, t: &Traffic, month: u32, only: Option<fn(&str) -> bool>) -> Gathered {
    let mut charges: Vec<Charge> = Vec::new();
    let mut free = Vec::new();
    let mut unpriced = Vec::new();
    let ctx = kinds::Ctx { design, idx, traffic: t, book: b, month };
    for n in design.nodes.values() {
        if only.is_some_and(|f| !f(&n.kind)) {
            continue;
        }
        match kinds::price_node(&ctx, n, &mut charges) {
            kinds::Outcome::Priced => {}
            kinds::Outcome::Free(reason) => free.push(FreeItem { node: n.id.clone(), label: n.label.clone(), kind: n.kind.clone(), reason }),
            kinds::Outcome::Unknown => unpriced.push(FreeItem {
                node: n.id.clone(),
                label: n.label.clone(),
                kind: n.kind.clone(),
                reason: format!("the cost engine has no price for kind \"{}\"", n.kind),
            }),
        }
        kinds::network_charges(&ctx, n, &mut charges);
    }
    Gathered { charges, free, unpriced }
}

/// Each node's region, computed once per run.
fn regions(design: &Design) -> BTreeMap<&NodeId, String> {
    design.nodes.keys().map(|id| (id, design.region_of(id))).collect()
}

/// The later months at constant traffic: the steady charges (everything but accumulating
/// storage) are the same every month, so their pools, price lookups and partial sums are
/// worked out once; each month then adds its month-dependent charges after them, exactly as
/// [`settle_total`] would over `steady ++ later` (same order of additions, same figure).
struct Year<'a> {
    /// Pool keys (price, region) in key order, and the rank of each.
    rank: BTreeMap<(&'a str, &'a str), usize>,
    price: Vec<Option<&'a Price>>,
    rf: Vec<f64>,
    /// Sum over the steady charges of each pool, and whether any charge is in it.
    sums: Vec<f64>,
    present: Vec<bool>,
    /// Per steady charge: its pool.
    pool_of: Vec<usize>,
    /// Savings Plan keys (node, class), in key order.
    sp_rank: BTreeMap<(&'a NodeId, &'static str), usize>,
    sp_keys: Vec<(&'a NodeId, &'static str)>,
}

impl<'a> Year<'a> {
    fn new(design: &'a Design, b: &'a PriceBook, steady: &'a [Charge], all: &'a [Charge], region_of: &'a BTreeMap<&NodeId, String>) -> Option<Self> {
        let key = |c: &'a Charge| -> (&'a str, &'a str) { (c.price_id.as_str(), region_of.get(&c.node).map(String::as_str).unwrap_or(design.region.as_str())) };
        let mut rank: BTreeMap<(&str, &str), usize> = steady.iter().chain(all).map(|c| (key(c), 0)).collect();
        for (i, v) in rank.values_mut().enumerate() {
            *v = i;
        }
        let price: Vec<Option<&Price>> = rank.keys().map(|(p, _)| b.get(p)).collect();
        let rf = rank.keys().map(|(_, r)| b.region_factor(r).0).collect();
        let mut sums = vec![0.0; rank.len()];
        let mut present = vec![false; rank.len()];
        let mut pool_of = Vec::with_capacity(steady.len());
        for c in steady {
            let r = rank[&key(c)];
            let per = b.get(&c.price_id).map(|p| p.per).unwrap_or(1.0);
            sums[r] += c.qty.max(0.0) / per;
            present[r] = true;
            pool_of.push(r);
        }
        let mut sp_rank: BTreeMap<(&NodeId, &'static str), usize> = steady.iter().chain(all).filter_map(|c| c.sp.map(|s| ((&c.node, s), 0))).collect();
        for (i, v) in sp_rank.values_mut().enumerate() {
            *v = i;
        }
        let sp_keys = sp_rank.keys().copied().collect();
        Some(Year { rank, price, rf, sums, present, pool_of, sp_rank, sp_keys })
    }

    /// The month's total, or None when a later charge falls outside the known pools.
    fn total(&self, design: &Design, b: &PriceBook, steady: &[Charge], later: &[Charge], region_of: &BTreeMap<&NodeId, String>) -> Option<f64> {
        let mut sums = self.sums.clone();
        let mut present = self.present.clone();
        let mut later_pool = Vec::with_capacity(later.len());
        for c in later {
            let region = region_of.get(&c.node).map(String::as_str).unwrap_or(design.region.as_str());
            let r = *self.rank.get(&(c.price_id.as_str(), region))?;
            if c.sp.is_some_and(|s| !self.sp_rank.contains_key(&(&c.node, s))) {
                return None;
            }
            let per = b.get(&c.price_id).map(|p| p.per).unwrap_or(1.0);
            sums[r] += c.qty.max(0.0) / per;
            present[r] = true;
            later_pool.push(r);
        }
        let free_tier = design.workload.free_tier;
        let mut free_left: BTreeMap<&str, f64> = BTreeMap::new();
        let mut blended = vec![0.0; sums.len()];
        for r in 0..sums.len() {
            if !present[r] {
                continue;
            }
            let Some(p) = self.price[r] else { continue };
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
        let mut sp: Vec<Option<f64>> = vec![None; self.sp_keys.len()];
        for (c, &r) in steady.iter().zip(&self.pool_of).chain(later.iter().zip(&later_pool)) {
            let Some(p) = self.price[r] else { continue };
            let quantity = c.qty.max(0.0) / p.per;
            let unit_price = blended[r] * c.factor * self.rf[r];
            let m = quantity * unit_price;
            if let Some(class) = c.sp {
                let e = sp[self.sp_rank[&(&c.node, class)]].get_or_insert(0.0);
                *e += m;
            }
            amounts.push(m);
        }
        for (k, eligible) in sp.into_iter().enumerate() {
            let Some(eligible) = eligible else { continue };
            let (node, class) = self.sp_keys[k];
            if let Some(x) = savings_plan_credit(design, b, node, class, eligible) {
                amounts.push(x);
            }
        }
        Some(amounts.iter().sum())
    }
}

/// The total [`settle`] returns, without building lines or notes: the same pools, free
/// allowances, tiers and summation order, so the same figure to the last bit.
fn settle_total(design: &Design, b: &PriceBook, charges: &[Charge], region_of: &BTreeMap<&NodeId, String>) -> f64 {
    let free_tier = design.workload.free_tier;
    let mut pools: BTreeMap<(&str, &str), (f64, Vec<usize>)> = BTreeMap::new();
    for (i, c) in charges.iter().enumerate() {
        let region = region_of.get(&c.node).map(String::as_str).unwrap_or(design.region.as_str());
        let per = b.get(&c.price_id).map(|p| p.per).unwrap_or(1.0);
        let e = pools.entry((c.price_id.as_str(), region)).or_default();
        e.0 += c.qty.max(0.0) / per;
        e.1.push(i);
    }
    let mut free_left: BTreeMap<&str, f64> = BTreeMap::new();
    let mut monthly: Vec<Option<f64>> = vec![None; charges.len()];
    for ((pid, region), (qty, members)) in &pools {
        let Some(p) = b.get(pid) else { continue };
        let mut free_units = 0.0;
        if free_tier {
            if let Some(allow) = p.free {
                let key = p.free_group.as_deref().unwrap_or(p.id.as_str());
                let left = free_left.entry(key).or_insert(allow);
                free_units = left.min(*qty);
                *left -= free_units;
            }
        }
        let (cost, _, _) = p.tiered_cost(*qty, free_units);
        let blended = if *qty > 0.0 { cost / qty } else { p.base() };
        let (rf, _, _) = b.region_factor(region);
        for &i in members {
            let c = &charges[i];
            let quantity = c.qty.max(0.0) / p.per;
            let unit_price = blended * c.factor * rf;
            monthly[i] = Some(quantity * unit_price);
        }
    }
    let mut amounts: Vec<f64> = Vec::with_capacity(charges.len() + 8);
    let mut sp_eligible: BTreeMap<(&NodeId, &'static str), f64> = BTreeMap::new();
    for (i, m) in monthly.into_iter().enumerate() {
        if let Some(m) = m {
            if let Some(class) = charges[i].sp {
                *sp_eligible.entry((&charges[i].node, class)).or_default() += m;
            }
            amounts.push(m);
        }
    }
    for ((node, class), eligible) in sp_eligible {
        if let Some(x) = savings_plan_credit(design, b, node, class, eligible) {
            amounts.push(x);
        }
    }
    amounts.iter().sum()
}

/// Pools charges per (price, region), applies tiers and free allowances, and returns the
/// lines (when `with_lines`), notes and the total.
fn settle(design: &Design, b: &PriceBook, charges: &[Charge], region_of: &BTreeMap<&NodeId, String>, with_lines: bool) -> (Vec<LineItem>, Vec<String>, f64) {
    let mut notes = Vec::new();
    // ---- pool per (price, region): tiers and free allowances apply to the pool.
    let free_tier = design.workload.free_tier;
    let mut pools: BTreeMap<(String, String), (f64, Vec<usize>)> = BTreeMap::new();
    let mut regions: Vec<String> = Vec::with_capacity(charges.len());
    for (i, c) in charges.iter().enumerate() {
        let region = region_of.get(&c.node).cloned().unwrap_or_else(|| design.region.clone());
        let per = b.get(&c.price_id).map(|p| p.per).unwrap_or(1.0);
        let e = pools.entry((c.price_id.clone(), region.clone())).or_default();
        e.0 += c.qty.max(0.0) / per;
        e.1.push(i);
        regions.push(region);
    }
    // Free allowances are per account: shared by a free group and by regions, used in key order.
    let mut free_left: BTreeMap<String, f64> = BTreeMap::new();
    let mut lines: Vec<LineItem> = Vec::with_capacity(charges.len());
    let mut slots: Vec<Option<LineItem>> = vec![None; charges.len()];
    for ((pid, region), (qty, members)) in &pools {
        let Some(p) = b.get(pid) else {
            for &i in members {
                let c = &charges[i];
                notes.push(format!("price \"{}\" missing from the price book (node {})", c.price_id, c.node));
            }
            continue;
        };
        let mut free_units = 0.0;
        let mut free_note = String::new();
        if free_tier {
            if let Some(allow) = p.free {
                let key = p.free_group.clone().unwrap_or_else(|| p.id.clone());
                let left = free_left.entry(key).or_insert(allow);
                free_units = left.min(*qty);
                *left -= free_units;
                if free_units > 0.0 {
                    free_note = format!("free tier: {} {} free ({})", fmt_qty(free_units), p.unit, p.free_source.clone().unwrap_or_default());
                }
            }
        }
        let (cost, used, band_est) = p.tiered_cost(*qty, free_units);
        let blended = if *qty > 0.0 { cost / qty } else { p.base() };
        let (rf, rest, rnote) = b.region_factor(region);
        let tier_note = if p.is_tiered() && !used.is_empty() {
            format!(
                "tiered over {} {} in {region}: {}",
                fmt_qty(*qty),
                p.unit,
                used.iter().map(|(q, pr)| format!("{} × ${}", fmt_qty(*q), fmt_price(*pr))).collect::<Vec<_>>().join(" + ")
            )
        } else {
            String::new()
        };
        for &i in members {
            let c = &charges[i];
            let quantity = c.qty.max(0.0) / p.per;
            let unit_price = blended * c.factor * rf;
            if !with_lines {
                slots[i] = Some(LineItem::bare(c, quantity * unit_price));
                continue;
            }
            let mut note = c.note.clone();
            for extra in [&tier_note, &free_note] {
                if !extra.is_empty() {
                    if !note.is_empty() {
                        note.push_str("; ");
                    }
                    note.push_str(extra);
                }
            }
            if rest {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(&format!("{region} estimated as us-east-1 × {rf} ({rnote})"));
            }
            let node = design.node(&c.node);
            let kind = node.map(|n| n.kind.clone()).unwrap_or_default();
            let mut source = p.source.clone();
            if !c.source_extra.is_empty() {
                source = format!("{source}; {}", c.source_extra);
            }
            if rest {
                source = format!("{source}; regional factor: {}", b.file.regional_factor_source);
            }
            slots[i] = Some(LineItem {
                node: c.node.clone(),
                label: node.map(|n| n.label.clone()).unwrap_or_default(),
                category: c.category.map(str::to_string).unwrap_or_else(|| category_of(&kind)),
                kind,
                what: c.what.clone(),
                quantity,
                unit: p.unit.clone(),
                unit_price,
                monthly: quantity * unit_price,
                price_id: p.id.clone(),
                region: region.clone(),
                source,
                as_of: p.as_of.clone(),
                estimated: p.estimated || band_est || c.estimated || rest,
                note,
            });
        }
    }
    // Keep charge order (node by node), then add Savings Plan lines per node.
    let mut sp_eligible: BTreeMap<(NodeId, &'static str), (f64, String)> = BTreeMap::new();
    for (i, slot) in slots.into_iter().enumerate() {
        if let Some(l) = slot {
            if let Some(class) = charges[i].sp {
                let e = sp_eligible.entry((l.node.clone(), class)).or_default();
                e.0 += l.monthly;
                e.1 = l.region.clone();
            }
            lines.push(l);
        }
    }
    for ((node, class), (eligible, region)) in sp_eligible {
        let n = design.node(&node);
        let term = match plan_years(design) {
            Some(y) => y,
            None => {
                // a node bought on a Savings Plan of its own (ec2 purchase = savings-plan)
                if n.is_some_and(|n| own_savings_plan(design, n)) {
                    1
                } else {
                    continue;
                }
            }
        };
        let Some(d) = b.discount(&format!("savings_plan.{term}y.{class}")) else { continue };
        if eligible <= 0.0 {
            continue;
        }
        lines.push(LineItem {
            node: node.clone(),
            label: n.map(|n| n.label.clone()).unwrap_or_default(),
            kind: n.map(|n| n.kind.clone()).unwrap_or_default(),
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
    }
    let total = lines.iter().map(|l| l.monthly).sum();
    (if with_lines { lines } else { Vec::new() }, notes, total)
}

/// Savings Plan term of the workload, in years (None: on-demand). Read through `Debug`
/// because the model does not re-export `PricingModel`.
pub fn plan_years(design: &Design) -> Option<u32> {
    match format!("{:?}", design.workload.pricing).as_str() {
        "SavingsPlan1y" => Some(1),
        "SavingsPlan3y" => Some(3),
        _ => None,
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

/// The (negative) Savings Plan credit on a node's eligible spend: the design-wide plan, or a
/// 1-year plan when the node itself is bought on one; None when no plan applies. The one
/// place both the month-by-month and the fast yearly totals take it from.
fn savings_plan_credit(design: &Design, b: &prices::PriceBook, node: &NodeId, class: &str, eligible: f64) -> Option<f64> {
    let term = match plan_years(design) {
        Some(y) => y,
        None if design.node(node).is_some_and(|n| own_savings_plan(design, n)) => 1,
        None => return None,
    };
    let d = b.discount(&format!("savings_plan.{term}y.{class}"))?;
    (eligible > 0.0).then(|| -d.rate * eligible)
}

/// Whether a node is bought on a Savings Plan of its own (`purchase = savings-plan`, a
/// property only some compute kinds have: read across kinds on purpose).
fn own_savings_plan(design: &Design, n: &crate::model::Node) -> bool {
    design.prop_where_defined(n, "purchase").is_some_and(|v| v.as_str() == Some("savings-plan"))
}
