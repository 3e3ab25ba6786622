//! Side-by-side comparisons for one workload:
//! - [`containers`]: ECS on EC2, ECS on Fargate, EKS on EC2 (managed nodes or Karpenter),
//!   EKS on Fargate (seed `containers-ecs-eks-fargate.txt`);
//! - [`api`]: API Gateway REST, HTTP and WebSocket APIs (seed `api-gateway.txt`).
//!
//! Each comparison takes a small serde profile (typed in, or read from a node of a design with
//! `from_node`), bills every option through the cost engine itself ([`bill`]: the option's
//! resources written as a small design and priced by [`crate::cost::month`], never a price of
//! its own), explains every rating with the seed sentence it comes from, ranks the options,
//! and draws cost-against-scale series with the points where the cheapest option changes
//! ([`Crossover`]). Compared inside a design ([`compare_containers_in`], [`compare_api_in`]),
//! the node's current option is the design's own bill and the others are billed with the
//! design's own properties, so `cost` and `compare` can never disagree.
//!
//! "Switch to this option" is an undoable [`crate::Edit`]: [`apply_container_option`] and
//! [`apply_api_type`] return an `Edit::Batch` of `SetProp` edits that [`crate::History`] applies
//! and undoes like any other edit.
//!
//! Pure, like the rest of the engine: every function is a function of its arguments.

pub mod api;
mod bill;
pub mod containers;

pub use api::{apply_api_type, compare_api, compare_api_in, ApiComparison, ApiProfile, ApiScope, ApiType, Authorizer, Feature};
pub use bill::DesignBill;
pub use containers::{apply_container_option, apply_container_option_after, compare_containers, compare_containers_after, compare_containers_billed, compare_containers_in, Burstiness, ContainerComparison, ContainerOption, ContainerProfile, DesignScope, SelfManage};

use crate::cost::prices::book;
use serde::Serialize;

/// One point of a cost-against-scale series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// The scale: tasks, requests per month, ...
    pub x: f64,
    /// USD per month.
    pub monthly: f64,
}

/// The cost of one option along a scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// Option id (`ecs-fargate`, `http`, ...).
    pub option: String,
    pub label: String,
    pub points: Vec<Point>,
}

/// Where the cheapest option changes along a scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Crossover {
    /// The scale value (found by bisection between two sampled points, to 0.5%).
    pub x: f64,
    /// Cheapest just below `x`.
    pub from: String,
    /// Cheapest just above `x`.
    pub to: String,
    /// USD per month of both at `x` (about equal).
    pub monthly: f64,
}

/// A rating on a five-step scale, with the reason and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rating {
    /// 0 = none / very low ... 4 = very high.
    pub level: u8,
    /// "None", "Low", "Medium", "High", "Very high".
    pub label: String,
    pub reason: String,
    pub source: String,
}

pub(crate) const LEVELS: [&str; 5] = ["None", "Low", "Medium", "High", "Very high"];

pub(crate) fn rating(level: u8, reason: impl Into<String>, source: impl Into<String>) -> Rating {
    let level = level.min(4);
    Rating { level, label: LEVELS[level as usize].to_string(), reason: reason.into(), source: source.into() }
}

/// One line of an option's monthly cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostLine {
    /// "control plane", "compute", "load balancer", "storage", "requests", ...
    pub part: String,
    pub what: String,
    /// USD per month.
    pub monthly: f64,
    /// Price book ids used.
    pub price_ids: Vec<String>,
    /// Uses a price or an assumption outside the cited reference list.
    pub estimated: bool,
}

/// What an option's figure sums, by part, in the order the parts first appear in its lines:
/// "compute $57.68 + load balancer $24.28 + data transfer $0.69". Parts that come to $0.00 are
/// left out (the ECS control plane). A comparison total holds more than the service's own line
/// of the bill (the load balancer in front, the data transfer its calls pay), and a user who
/// checks it against that line must see why they differ (QA s21). The figures are the option's
/// own breakdown lines, so the parts add up to its total (to the cent, each part rounded).
pub fn holds(lines: &[CostLine]) -> String {
    let mut parts: Vec<(&str, f64)> = Vec::new();
    for l in lines {
        match parts.iter_mut().find(|(p, _)| *p == l.part) {
            Some((_, m)) => *m += l.monthly,
            None => parts.push((&l.part, l.monthly)),
        }
    }
    // A discount (a Savings Plan) is taken off: "− discount $12.00", not "+ discount -$12.00".
    let mut out = String::new();
    for (p, m) in parts.iter().filter(|(_, m)| round_cents(*m) != 0.0) {
        let sep = if out.is_empty() { if *m < 0.0 { "− " } else { "" } } else if *m < 0.0 { " − " } else { " + " };
        out.push_str(&format!("{sep}{p} {}", crate::units::money(round_cents(m.abs()))));
    }
    out
}

pub(crate) const SEED_CONTAINERS: &str = "seed containers-ecs-eks-fargate.txt";
pub(crate) const SEED_API: &str = "seed api-gateway.txt";

// ---------------------------------------------------------------- price access (read-only)

/// A flat unit price from the price book × the region's factor: (USD, estimated).
/// Missing ids price at 0 and count as estimated (the tests check every id used exists).
pub(crate) fn unit_price(id: &str, region: &str) -> (f64, bool) {
    let b = book();
    match b.get(id) {
        Some(p) => {
            let (rf, rest, _) = b.factor_for(p, region);
            (p.base() * rf, p.estimated || rest)
        }
        None => (0.0, true),
    }
}

/// A discount rate from the price book (`spot.ec2`, `spot.fargate`), 0 when absent.
pub(crate) fn discount(id: &str) -> f64 {
    book().discount(id).map(|d| d.rate).unwrap_or(0.0)
}

/// Whether the price book has this id.
pub fn has_price(id: &str) -> bool {
    book().get(id).is_some()
}

// ---------------------------------------------------------------- series and crossovers

/// Samples `cost(x)` for each option at each x, then finds every place the cheapest option
/// changes between two samples by bisection (in log space when both ends are positive).
/// `cost` returns one (option id, USD) per option, in a fixed order.
pub(crate) fn series_and_crossovers<F>(xs: &[f64], labels: &[(String, String)], cost: F) -> (Vec<Series>, Vec<Crossover>)
where
    F: Fn(f64) -> Vec<f64>,
{
    let mut series: Vec<Series> = labels.iter().map(|(id, l)| Series { option: id.clone(), label: l.clone(), points: Vec::new() }).collect();
    let mut cheapest: Vec<usize> = Vec::new();
    for &x in xs {
        let c = cost(x);
        for (i, s) in series.iter_mut().enumerate() {
            s.points.push(Point { x, monthly: round_cents(c[i]) });
        }
        cheapest.push(argmin(&c));
    }
    let mut crossovers = Vec::new();
    for i in 1..xs.len() {
        if cheapest[i] == cheapest[i - 1] {
            continue;
        }
        let (mut lo, mut hi) = (xs[i - 1], xs[i]);
        let from = cheapest[i - 1];
        let log = lo > 0.0 && hi > 0.0;
        for _ in 0..60 {
            let close = if log { hi / lo < 1.005 } else { (hi - lo).abs() <= 1e-6 * hi.abs().max(1.0) };
            if close {
                break;
            }
            let mid = if log { (lo * hi).sqrt() } else { (lo + hi) / 2.0 };
            if argmin(&cost(mid)) == from {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let to = argmin(&cost(hi));
        let c = cost(hi);
        crossovers.push(Crossover { x: hi, from: labels[from].0.clone(), to: labels[to].0.clone(), monthly: round_cents(c[to]) });
    }
    (series, crossovers)
}

/// Index of the smallest value; the first on ties (option order breaks ties).
pub(crate) fn argmin(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x < v[best] - 1e-9 {
            best = i;
        }
    }
    best
}

pub(crate) fn round_cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Log-spaced values from `lo` to `hi`: 1, 2 and 5 of each decade.
pub(crate) fn log_steps(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut decade = 10f64.powf(lo.log10().floor());
    while decade <= hi * 1.000001 {
        for m in [1.0, 2.0, 5.0] {
            let x = decade * m;
            if x >= lo * 0.999999 && x <= hi * 1.000001 {
                out.push(x);
            }
        }
        decade *= 10.0;
    }
    out
}
