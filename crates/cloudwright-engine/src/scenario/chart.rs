//! Monthly cost against traffic for every scenario on one set of axes, and where two
//! scenarios' costs cross.
//!
//! The x axis is traffic as a multiple of the **base design's** traffic (0.1×–100×, log).
//! Each scenario's curve is its design with every choice applied but its own traffic
//! multiplier left out, priced by [`cost::cost_series`] at each x; the scenario's own
//! multiplier is then its operating point on that curve (`Curve::at`), whose cost is the
//! table's. Scenarios that differ only in traffic share a curve and differ in their point.
//!
//! A crossover is found where the difference of two curves changes sign between two
//! samples, then narrowed by bisection on log x with the same cost engine, so it is exact
//! to well under a sample step (and to the cent in cost).

use super::apply;
use crate::cost;
use crate::model::{Design, Scenario};
use serde::Serialize;

/// One scenario's (or the baseline's) line on the chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Curve {
    /// `None` for the baseline.
    pub id: Option<String>,
    pub name: String,
    /// (traffic multiple of the base design, USD per month), at the chart's multipliers.
    pub points: Vec<(f64, f64)>,
    /// The scenario's own traffic multiplier (1 for the baseline) and its monthly cost there.
    pub at: (f64, f64),
    /// Why there is no curve (the scenario cannot be applied); `points` is then empty.
    pub error: Option<String>,
}

/// Where two curves cross.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Crossover {
    /// Positions of the two curves in the list [`curves`] returned.
    pub a: usize,
    pub b: usize,
    /// Traffic multiple of the base design, and the monthly USD both cost there.
    pub multiplier: f64,
    pub monthly: f64,
    /// Which of the two is cheaper above the crossing (towards more traffic).
    pub cheaper_above: usize,
}

/// The chart's multipliers: 0.1× to 100×, ten log-spaced steps a decade (31 points, the
/// decades and 1× exactly).
pub fn multipliers() -> Vec<f64> {
    (-10..=20).map(|i| if i % 10 == 0 { 10f64.powi(i / 10) } else { 10f64.powf(i as f64 / 10.0) }).collect()
}

/// The designs the chart prices: the baseline, then each scenario without its traffic
/// multiplier (`Err` for one that cannot be applied).
fn designs(base: &Design) -> Vec<(Option<&Scenario>, Result<Design, String>)> {
    let mut out = vec![(None, Ok(base.clone()))];
    for s in &base.scenarios {
        let flat = Scenario { traffic_multiplier: 1.0, ..s.clone() };
        out.push((Some(s), apply(base, &flat).map_err(|e| e.message)));
    }
    out
}

/// The baseline's curve and each scenario's, at `xs`.
pub fn curves(base: &Design, xs: &[f64]) -> Vec<Curve> {
    designs(base)
        .into_iter()
        .map(|(s, d)| {
            let id = s.map(|s| s.id.clone());
            let name = s.map(|s| s.name.clone()).unwrap_or_else(|| "Baseline".into());
            let k = s.map_or(1.0, |s| s.traffic_multiplier);
            match d {
                Ok(d) => {
                    let at = cost::cost_series(&d, &[k])[0];
                    Curve { id, name, points: cost::cost_series(&d, xs), at, error: None }
                }
                Err(e) => Curve { id, name, points: Vec::new(), at: (k, f64::NAN), error: Some(e) },
            }
        })
        .collect()
}

/// Bisection steps on log x between two samples (a step of 10^0.1 narrowed 2^20 times).
const BISECTIONS: usize = 20;

/// Every crossing of two curves within the chart's range, by multiplier.
pub fn crossovers(base: &Design, curves: &[Curve]) -> Vec<Crossover> {
    let ds = designs(base);
    let mut out = Vec::new();
    for a in 0..curves.len() {
        for b in a + 1..curves.len() {
            let (Ok(da), Ok(db)) = (&ds[a].1, &ds[b].1) else { continue };
            let (pa, pb) = (&curves[a].points, &curves[b].points);
            for i in 1..pa.len().min(pb.len()) {
                let d0 = pa[i - 1].1 - pb[i - 1].1;
                let d1 = pa[i].1 - pb[i].1;
                if !(d0 * d1 < 0.0) {
                    continue;
                }
                let diff = |m: f64| cost::cost_series(da, &[m])[0].1 - cost::cost_series(db, &[m])[0].1;
                let (mut lo, mut hi) = (pa[i - 1].0.ln(), pa[i].0.ln());
                for _ in 0..BISECTIONS {
                    let mid = (lo + hi) / 2.0;
                    if diff(mid.exp()) * d0 > 0.0 {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                let m = ((lo + hi) / 2.0).exp();
                let monthly = (cost::cost_series(da, &[m])[0].1 + cost::cost_series(db, &[m])[0].1) / 2.0;
                out.push(Crossover { a, b, multiplier: m, monthly, cheaper_above: if d1 < 0.0 { a } else { b } });
            }
        }
    }
    crate::order::sort_by(&mut out, |x, y| x.multiplier.total_cmp(&y.multiplier));
    out
}
