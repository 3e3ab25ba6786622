//! "What must be true": every assumption the report's figures rest on, one sentence each,
//! gathered from the analyses' own inputs and notes (nothing invented here): the traffic and
//! payloads, the prices and their dates, every estimated price, the cost engine's notes, the
//! latency model's data and notes, the capacity target and quotas, the accepted risks
//! (suppressions) and each comparison's assumptions.

use super::{ComparisonSummary, ReportFinding};
use crate::capacity::CapacityReport;
use crate::model::Design;
use crate::totals::Detailed;
use crate::units;

pub(super) fn list(d: &Design, det: &Detailed, cap: &CapacityReport, suppressed: &[ReportFinding], comparisons: &[ComparisonSummary]) -> Vec<String> {
    let w = &d.workload;
    let b = &det.bill;
    let mut v = Vec::new();
    for e in &det.latency.entries {
        v.push(format!(
            "{} sends {} requests per second on average and {} at peak ({}× peak-to-average).",
            e.label,
            units::plain(e.requests_per_second),
            units::plain(e.requests_per_second * w.peak_to_average.max(1.0)),
            units::plain(w.peak_to_average)
        ));
    }
    if det.latency.entries.is_empty() {
        v.push("The design has no entry point: no traffic reaches it, so traffic-driven costs and latency are zero.".into());
    }
    v.push(format!("Requests average {} KB and responses {} KB.", units::plain(w.request_kb), units::plain(w.response_kb)));
    v.push(if w.growth_pct_per_month == 0.0 {
        "Traffic stays at today's level for the whole year (the yearly cost is twelve such months).".into()
    } else {
        format!("Traffic grows {}% every month for the year.", units::plain(w.growth_pct_per_month))
    });
    v.push(format!(
        "AWS list prices for {} apply as in price book {} (as of {}), billed {}{}; taxes, support plans and negotiated discounts are not included.",
        d.region,
        b.price_version,
        b.price_as_of,
        b.pricing,
        if b.free_tier { ", with the free tier" } else { ", without the free tier" }
    ));
    let estimated: Vec<&crate::cost::LineItem> = b.lines.iter().filter(|l| l.estimated).collect();
    if !estimated.is_empty() {
        v.push(format!(
            "Estimated prices hold for {} worth {} a month: {}.",
            units::counted(estimated.len() as f64, "line", "lines"),
            units::money(b.estimated_monthly),
            estimated.iter().map(|l| format!("{} ({})", l.label, l.what)).collect::<Vec<_>>().join("; ")
        ));
    }
    for n in &b.notes {
        v.push(format!("Cost: {n}."));
    }
    for f in b.free.iter().filter(|f| !super::is_container(&f.kind)) {
        v.push(format!("{} costs nothing here: {}.", f.label, f.reason));
    }
    for f in &b.unpriced {
        v.push(format!("{} is not priced: {}.", f.label, f.reason));
    }
    v.push(format!(
        "Latencies are a model built from published and community figures (data as of {}), not measurements of this system; requests follow the connection shares drawn.",
        det.latency.data_as_of
    ));
    for n in &det.latency.notes {
        v.push(format!("Latency: {n}."));
    }
    v.push(format!(
        "Components are sized for {} utilisation and the account has the default service quotas (as of {}); a raised quota changes the headroom.",
        units::pct(cap.target_utilisation),
        cap.data_as_of
    ));
    for n in &cap.notes {
        v.push(format!("Capacity: {n}."));
    }
    if let Some(m) = det.totals.headroom.multiplier {
        v.push(format!("Traffic stays below {}× today's: {}.", units::mult(m), det.totals.headroom.what));
    }
    for s in suppressed {
        v.push(format!("Accepted risk ({}): {} Reason given: {}", s.rule, s.message, s.reason.as_deref().unwrap_or("none")));
    }
    // Comparisons of like components share their assumptions: each is said once, naming them all.
    let mut seen: Vec<(String, String, Vec<String>)> = Vec::new();
    for c in comparisons {
        for a in &c.assumptions {
            match seen.iter_mut().find(|(t, x, _)| t == &c.topic && x == a) {
                Some((_, _, who)) => who.push(c.component.clone()),
                None => seen.push((c.topic.clone(), a.clone(), vec![c.component.clone()])),
            }
        }
    }
    for (topic, a, who) in seen {
        v.push(format!("{topic} comparison for {}: {a}", who.join(", ")));
    }
    // Two like components (two internet gateways, two regions' notes) give the same sentence:
    // say it once.
    let mut said = std::collections::BTreeSet::new();
    v.retain(|s| said.insert(s.clone()));
    v
}
