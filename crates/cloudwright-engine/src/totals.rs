//! The design's headline figures, from one place: what the app's totals bar, the presentation
//! mode, the scenario table and the hand-over report show at the top.
//!
//! Every figure comes from the analysis that owns it; nothing is recomputed here:
//! - monthly and yearly cost: [`cost::cost_at`] (the bill's `monthly` and the sum of its twelve
//!   `months`, growth included), with the estimated part and the price book's version and date;
//! - the p95 (and p99) of the **main entry point**: [`latency::project_at`], the entry with the
//!   most requests per second ([`main_entry`]; ties: the first in id order);
//! - open errors and warnings: the rules' findings ([`findings_at`]), suppressed ones excluded,
//!   advice not counted;
//! - headroom: [`capacity::headroom`] (the multiple of the design's own traffic at which the
//!   first component saturates or quota is reached, and the bottleneck), and what is left of it
//!   at the chosen multiplier.
//!
//! The multiplier scales every entry's traffic (1 = the design's own traffic), as
//! [`cost::cost_at`], [`latency::project_at`] and [`capacity::analyse`] do. Non-finite or
//! negative multipliers are read as 0.

use crate::analysis::Context;
use crate::capacity::Headroom;
use crate::cost::{self, CostReport};
use crate::latency::{self, EntryLatency, LatencyReport};
use crate::model::{Design, NodeId};
use crate::rules::{self, Finding, Severity};
use crate::units;
use serde::{Deserialize, Serialize};

/// The headline figures of a design at one traffic multiple.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// The traffic multiple these figures are at (1 = the design's own traffic).
    pub multiplier: f64,
    /// USD for the first month ([`CostReport::monthly`]).
    pub monthly: f64,
    /// USD for the first twelve months ([`CostReport::yearly`]: growth included).
    pub yearly: f64,
    /// The part of `monthly` priced from estimated prices (e.g. a region without its own
    /// price list); 0 when every price is published.
    pub estimated_monthly: f64,
    /// Price book version and as-of date the cost is priced from.
    pub price_version: String,
    pub price_as_of: String,
    /// The main entry point's latency; `None` when the design has no entry point.
    pub main_entry: Option<MainEntry>,
    /// Unsuppressed findings of severity error / warning (advice is not counted).
    pub errors: usize,
    pub warnings: usize,
    /// Where the design first breaks as traffic grows, as a multiple of its own traffic.
    pub headroom: Headroom,
    /// `headroom.multiplier / multiplier`: how much more traffic the design takes from the
    /// chosen multiple (below 1: overloaded there); `None` when nothing saturates.
    pub headroom_left: Option<f64>,
}

/// The latency of the main entry point at the totals' multiplier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MainEntry {
    pub entry: NodeId,
    pub label: String,
    pub requests_per_second: f64,
    /// Milliseconds; infinite (serialised as `null`) when some requests reach an overloaded
    /// component at or below this percentile.
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub overloaded: bool,
}

/// The headline figures of `design` at `multiplier` × its traffic. Runs the cost, latency,
/// rules and capacity analyses once each.
pub fn summary(design: &Design, multiplier: f64) -> Totals {
    let cx = Context::new(design);
    let m = clean(multiplier);
    let findings = findings_at_in(&cx, m);
    detailed_in(&cx, m, &findings).totals
}

/// [`summary`] with the findings already at hand (the app's findings memo at ×1, or
/// [`findings_at`] for another multiple), so the rules do not run twice.
pub fn summary_with_findings(design: &Design, multiplier: f64, findings: &[Finding]) -> Totals {
    detailed(design, multiplier, findings).totals
}

/// The totals with the bill and the latency projection they were read from, for views that
/// show more than the headline (the presentation mode's component card, the report).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detailed {
    pub totals: Totals,
    pub bill: CostReport,
    pub latency: LatencyReport,
}

/// [`summary_with_findings`], keeping the bill and the latency projection.
pub fn detailed(design: &Design, multiplier: f64, findings: &[Finding]) -> Detailed {
    detailed_in(&Context::new(design), multiplier, findings)
}

/// [`detailed`] on a shared analysis context (one traffic and capacity plan for the bill,
/// the projection and the headroom).
pub fn detailed_in(cx: &Context<'_>, multiplier: f64, findings: &[Finding]) -> Detailed {
    detailed_with_headroom(cx, multiplier, findings, cx.capacity_plan().headroom())
}

/// [`detailed_in`] with the headroom at hand (a capacity report's `headroom`, which is the
/// same figure: it does not depend on the report's multiplier).
pub fn detailed_with_headroom(cx: &Context<'_>, multiplier: f64, findings: &[Finding], headroom: Headroom) -> Detailed {
    let m = clean(multiplier);
    let bill = cost::cost_at_in(cx, m);
    let lat = latency::project_at_in(cx, m);
    let totals = from_parts(m, &bill, &lat, findings, headroom);
    Detailed { totals, bill, latency: lat }
}

/// The totals from analyses already run (all at `multiplier`): the one place the headline
/// figures are read out of the reports.
pub fn from_parts(multiplier: f64, bill: &CostReport, lat: &LatencyReport, findings: &[Finding], headroom: Headroom) -> Totals {
    let (errors, warnings) = open_counts(findings);
    let headroom_left = headroom.multiplier.map(|h| if multiplier > 0.0 { h / multiplier } else { f64::INFINITY });
    Totals {
        multiplier,
        monthly: bill.monthly,
        yearly: bill.yearly,
        estimated_monthly: bill.estimated_monthly,
        price_version: bill.price_version.clone(),
        price_as_of: bill.price_as_of.clone(),
        main_entry: main_entry(lat).map(|e| MainEntry {
            entry: e.entry.clone(),
            label: e.label.clone(),
            requests_per_second: e.requests_per_second,
            p95_ms: e.p95_ms,
            p99_ms: e.p99_ms,
            overloaded: e.is_overloaded(),
        }),
        errors,
        warnings,
        headroom,
        headroom_left,
    }
}

/// The main entry point of a latency report: the entry with the most requests per second;
/// among equals the first listed (entries are in id order). An entry whose requests reach
/// nothing yet ([`EntryLatency::reaches_anything`]: Internet users dropped, not connected) has
/// no latency to show and is never the main one; `None` when no entry has a path (QA s21: a lone Internet users read
/// "0.0 ms · p95").
pub fn main_entry(report: &LatencyReport) -> Option<&EntryLatency> {
    report.entries.iter().filter(|e| e.reaches_anything()).fold(None, |best: Option<&EntryLatency>, e| match best {
        Some(b) if b.requests_per_second >= e.requests_per_second => Some(b),
        _ => Some(e),
    })
}

/// (errors, warnings) among the findings that are not suppressed.
pub fn open_counts(findings: &[Finding]) -> (usize, usize) {
    let open = findings.iter().filter(|f| !f.is_suppressed());
    open.fold((0, 0), |(e, w), f| match f.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
        Severity::Advice => (e, w),
    })
}

/// The findings of `design` at `multiplier` × its traffic: [`rules::check`] (which judges
/// capacity at ×1), with the capacity findings (`cap.*`) replaced by the capacity analysis at
/// the multiplier when it is not 1, silenced by the same suppressions.
pub fn findings_at(design: &Design, multiplier: f64) -> Vec<Finding> {
    findings_at_in(&Context::new(design), multiplier)
}

/// [`findings_at`] on a shared analysis context.
pub fn findings_at_in(cx: &Context<'_>, multiplier: f64) -> Vec<Finding> {
    let design = cx.design;
    let m = clean(multiplier);
    let mut out = rules::check_in(cx);
    if m == 1.0 {
        return out;
    }
    out.retain(|f| !f.rule.starts_with("cap."));
    for f in cx.capacity_plan().findings(m) {
        let Some(meta) = rules::rule(f.rule) else { continue };
        let mut finding = Finding::new(meta, format!("{} Fix: {}.", f.message, f.fix)).nodes(&f.nodes);
        finding.suppressed = rules::suppression_for(design, f.rule, &finding.nodes);
        out.push(finding);
    }
    out
}

/// A component's part in the headline figures: what the presentation mode's card shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentFigures {
    pub node: NodeId,
    pub label: String,
    pub kind: String,
    /// USD per month billed to this node ([`CostReport::node_total`]).
    pub monthly: f64,
    /// Its share of the design's monthly total, 0..1 (0 when the total is 0).
    pub share_of_monthly: f64,
    /// Its hop on the critical path of the chosen entry, when it is on it.
    pub critical_hop: Option<CriticalHop>,
}

/// One hop of a critical path ([`latency::HopLatency`], read as it is).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriticalHop {
    /// The entry point whose critical path this is.
    pub entry: NodeId,
    /// Mean milliseconds of the hop: the network to reach it plus its own service time.
    pub mean_ms: f64,
    pub network: String,
    pub network_mean_ms: f64,
    pub service_mean_ms: f64,
    pub service_p99_ms: f64,
    /// Share of the path's mean latency spent on this hop, percent.
    pub contribution_pct: f64,
}

/// The critical path of an entry (the listed path with the worst p99), if any.
pub fn critical_path(entry: &EntryLatency) -> Option<&latency::PathLatency> {
    entry.critical_path.and_then(|i| entry.paths.get(i))
}

/// The nodes of an entry's critical path, in request order (empty without one).
pub fn critical_nodes(entry: &EntryLatency) -> Vec<NodeId> {
    critical_path(entry).map(|p| p.nodes.clone()).unwrap_or_default()
}

/// A component's monthly cost and, when it is on the critical path of `entry`, its latency
/// contribution; `None` when the design has no such node.
pub fn component(design: &Design, bill: &CostReport, entry: Option<&EntryLatency>, node: &NodeId) -> Option<ComponentFigures> {
    let n = design.node(node)?;
    let monthly = bill.node_total(node.as_str());
    let critical_hop = entry.and_then(|e| {
        let hop = critical_path(e)?.hops.iter().find(|h| &h.node == node)?;
        Some(CriticalHop {
            entry: e.entry.clone(),
            mean_ms: hop.network_mean_ms + hop.service_mean_ms,
            network: hop.network.clone(),
            network_mean_ms: hop.network_mean_ms,
            service_mean_ms: hop.service_mean_ms,
            service_p99_ms: hop.service_p99_ms,
            contribution_pct: hop.contribution_pct,
        })
    });
    Some(ComponentFigures {
        node: node.clone(),
        label: if n.label.is_empty() { node.to_string() } else { n.label.clone() },
        kind: n.kind.clone(),
        monthly,
        share_of_monthly: if bill.monthly > 0.0 { monthly / bill.monthly } else { 0.0 },
        critical_hop,
    })
}

fn clean(m: f64) -> f64 {
    if m.is_finite() { m.max(0.0) } else { 0.0 }
}

/// What an edit (or a scenario switch) changed in the headline figures: after − before.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// USD per month.
    pub monthly: f64,
    /// Milliseconds; `None` when the main entry changed, appeared, vanished, or either p95 is
    /// not finite (an overloaded entry has no finite p95 to subtract).
    pub p95_ms: Option<f64>,
    pub errors: i64,
    pub warnings: i64,
}

/// Below these a change is not shown: under half a cent a month, a twentieth of a millisecond.
const MONEY_EPS: f64 = 0.005;
const MS_EPS: f64 = 0.05;

/// `after − before`.
pub fn change(before: &Totals, after: &Totals) -> Change {
    let p95_ms = match (&before.main_entry, &after.main_entry) {
        (Some(b), Some(a)) if a.entry == b.entry && a.p95_ms.is_finite() && b.p95_ms.is_finite() => Some(a.p95_ms - b.p95_ms),
        _ => None,
    };
    Change { monthly: after.monthly - before.monthly, p95_ms, errors: after.errors as i64 - before.errors as i64, warnings: after.warnings as i64 - before.warnings as i64 }
}

/// A headline figure of the totals bar that a [`Change`] can move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Figure {
    /// The monthly cost (USD per month).
    Monthly,
    /// The main entry's p95 latency (milliseconds).
    P95,
    /// The open errors and warnings (counts).
    Findings,
}

impl Change {
    /// The change in words, one phrase per figure that moved: `+$41.20/month`, `+12 ms`,
    /// `+1 error`, `-2 warnings`. Empty when nothing visible moved.
    pub fn phrases(&self) -> Vec<String> {
        let mut out: Vec<String> = self.money().into_iter().chain(self.ms()).collect();
        out.extend(self.findings());
        out
    }

    /// The change under each figure it moved, in the bar's order (monthly cost, p95, findings),
    /// one entry per figure: `(Monthly, "+$41.20/month")`, `(P95, "+12 ms")`,
    /// `(Findings, "+1 error · -2 warnings")`. The same words and thresholds as
    /// [`Change::phrases`] (joined with " · " they read the same), so what the totals bar shows
    /// under a figure and what it says to a screen reader cannot disagree. Empty when nothing
    /// visible moved.
    pub fn by_figure(&self) -> Vec<(Figure, String)> {
        let mut out: Vec<(Figure, String)> = Vec::new();
        out.extend(self.money().map(|p| (Figure::Monthly, p)));
        out.extend(self.ms().map(|p| (Figure::P95, p)));
        let f = self.findings();
        if !f.is_empty() {
            out.push((Figure::Findings, f.join(" · ")));
        }
        out
    }

    fn money(&self) -> Option<String> {
        (self.monthly.abs() >= MONEY_EPS).then(|| units::money_delta_month(self.monthly))
    }

    fn ms(&self) -> Option<String> {
        self.p95_ms.filter(|d| d.abs() >= MS_EPS).map(units::ms_delta)
    }

    fn findings(&self) -> Vec<String> {
        [(self.errors, "error"), (self.warnings, "warning")]
            .into_iter()
            .filter(|(n, _)| *n != 0)
            .map(|(n, one)| format!("{}{} {one}{}", if n > 0 { "+" } else { "-" }, n.abs(), if n.abs() == 1 { "" } else { "s" }))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases().is_empty()
    }
}
