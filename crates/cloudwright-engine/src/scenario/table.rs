//! The side-by-side table of the scenarios: the baseline first, then every scenario in
//! order, each with its headline figures from [`crate::totals`] (monthly and yearly cost,
//! p95/p99 of the main entry, open errors/warnings, headroom), its three largest cost
//! drivers from the same bill, and its difference from the baseline
//! ([`totals::change`]). Nothing here prices or times anything itself.

use super::{apply, describe_choice};
use crate::model::{Design, NodeId, Scenario, ScenarioPricing};
use crate::totals::{self, Change, Totals};
use crate::cost;
use serde::Serialize;

/// How many cost drivers a row lists.
pub const DRIVERS: usize = 3;

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The scenario's id; `None` for the baseline (the design as drawn).
    pub id: Option<String>,
    pub name: String,
    /// The number key that shows it: 0 for the baseline, 1–9 for the scenarios in order.
    pub key: u8,
    /// What the scenario changes, one phrase each ("10× traffic", "Spot", "API type of
    /// Orders API: HTTP API"); empty for the baseline.
    pub changes: Vec<String>,
    /// The headline figures; `None` when the scenario cannot be applied (see `error`).
    pub totals: Option<Totals>,
    /// The nodes that cost the most per month, largest first (at most [`DRIVERS`]).
    pub drivers: Vec<Driver>,
    /// This row minus the baseline (`None` for the baseline and for a failed row).
    pub delta: Option<Change>,
    /// `delta.monthly` as a share of the baseline's monthly cost, percent (`None` when the
    /// baseline costs nothing).
    pub delta_pct: Option<f64>,
    /// Why the scenario cannot be applied to the design as it is now.
    pub error: Option<String>,
}

/// A node's share of the monthly bill.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Driver {
    pub node: NodeId,
    pub label: String,
    pub kind: String,
    /// USD per month.
    pub monthly: f64,
}

/// The baseline row and one row per scenario of `base`, in order.
pub fn table(base: &Design) -> Vec<Row> {
    let (bt, bd) = measure(base);
    let mut rows = vec![Row { id: None, name: "Baseline".into(), key: 0, changes: Vec::new(), totals: None, drivers: bd, delta: None, delta_pct: None, error: None }];
    for (i, s) in base.scenarios.iter().enumerate() {
        let mut row = Row {
            id: Some(s.id.clone()),
            name: s.name.clone(),
            key: (i + 1).min(9) as u8,
            changes: changes(base, s),
            totals: None,
            drivers: Vec::new(),
            delta: None,
            delta_pct: None,
            error: None,
        };
        match apply(base, s) {
            Ok(d) => {
                let (t, drivers) = measure(&d);
                let delta = totals::change(&bt, &t);
                row.delta_pct = (bt.monthly > 0.0).then(|| delta.monthly / bt.monthly * 100.0);
                row.delta = Some(delta);
                row.totals = Some(t);
                row.drivers = drivers;
            }
            Err(e) => row.error = Some(e.message),
        }
        rows.push(row);
    }
    rows[0].totals = Some(bt);
    rows
}

/// The totals of a design at its own traffic and its largest cost drivers, from one run
/// of each analysis (the bill serves both).
pub fn measure(d: &Design) -> (Totals, Vec<Driver>) {
    // One analysis context: the traffic and capacity plans are built once for all four.
    let cx = crate::analysis::Context::new(d);
    let findings = totals::findings_at_in(&cx, 1.0);
    let det = totals::detailed_in(&cx, 1.0, &findings);
    let drivers = drivers(d, &det.bill);
    (det.totals, drivers)
}

/// The [`DRIVERS`] nodes with the largest monthly cost (ties: id order).
pub fn drivers(d: &Design, bill: &cost::CostReport) -> Vec<Driver> {
    let mut all: Vec<(&NodeId, f64)> = bill.by_node.iter().filter(|(_, v)| **v > 0.0).map(|(k, v)| (k, *v)).collect();
    // Stable sort on an id-ordered list: equal costs stay in id order.
    crate::order::sort_by(&mut all, |a, b| b.1.total_cmp(&a.1));
    all.into_iter()
        .take(DRIVERS)
        .map(|(id, monthly)| {
            let n = d.node(id);
            Driver {
                node: id.clone(),
                label: n.map(|n| if n.label.is_empty() { id.to_string() } else { n.label.clone() }).unwrap_or_else(|| id.to_string()),
                kind: n.map(|n| n.kind.clone()).unwrap_or_default(),
                monthly,
            }
        })
        .collect()
}

/// What a scenario changes, one phrase each, in the order they are applied.
pub fn changes(base: &Design, s: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = s.choices.iter().map(|c| describe_choice(base, c)).collect();
    if let Some(p) = s.pricing {
        out.push(match p {
            ScenarioPricing::Spot => "Spot for every fleet that can use it".to_string(),
            p => p.label().to_string(),
        });
    }
    if let Some(f) = s.free_tier {
        out.push(if f { "free tier on" } else { "free tier off" }.to_string());
    }
    if let Some(r) = &s.region {
        out.push(format!("region {r}"));
    }
    if s.traffic_multiplier != 1.0 {
        out.push(format!("{}× traffic", crate::units::mult(s.traffic_multiplier)));
    }
    out
}
