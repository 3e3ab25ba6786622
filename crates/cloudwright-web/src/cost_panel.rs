//! The cost panel: the monthly bill line by line (each with its unit price and source), the
//! hidden costs called out, totals by category, and how cost and latency grow with traffic.
//! Computed while shown, when something the analyses read changed.

use crate::analysis::use_analyses;
use crate::chart::{growth_svg_knee, Line};
use crate::state::use_app;
use cloudwright_engine::{capacity, cost, latency, units};
use leptos::prelude::*;
use plotters::style::RGBColor;

/// Price ids of the costs the AWS calculator leaves to the user to remember.
const HIDDEN: &[(&str, &str)] = &[
    ("nat.", "NAT gateway hours and data processing"),
    ("dto.inter_az", "Data transfer between AZs"),
    ("dto.internet", "Data transfer out to the internet"),
    ("dto.inter_region", "Data transfer between regions"),
    ("ipv4.", "Public IPv4 addresses"),
    ("cw.logs.", "CloudWatch Logs ingestion and storage"),
    ("eks.cluster", "EKS control planes"),
    ("vpce.interface", "Interface VPC endpoints"),
];

/// Above this many nodes the growth charts are computed on request.
const GROWTH_AUTO_MAX_NODES: usize = 300;

fn usd(x: f64) -> String {
    cloudwright_engine::units::money_short(x)
}

/// A bill line's arithmetic: `730 × $0.0450 per NAT gateway-hour`; `≈` marks an estimated
/// price. The quantity is written as the CLI's bill writes it (`units::qty`: 100 publishes
/// are `0.0001 × $0.5000 per 1M publishes`, not `0.00`, QA s32 F10).
fn quantity_at_price(quantity: f64, unit_price: f64, unit: &str, estimated: bool) -> String {
    format!("{} × {}{} per {unit}", units::qty(quantity), if estimated { "≈" } else { "" }, units::unit_price(unit_price))
}

#[component]
pub fn CostPanel() -> impl IntoView {
    let app = use_app();
    let an = use_analyses();
    // The bill is the one the totals read (computed once per revision by the analysis
    // worker), not priced again here.
    // Cost and p99 latency at traffic multiples, for the growth chart.
    // The growth charts re-run the cost and latency projections at ten to twelve traffic levels.
    // On large designs that is too slow to redo after every edit, so there it waits for a
    // click (and re-runs on edits only once asked for).
    let growth_asked = RwSignal::new(false);
    let large = Memo::new(move |_| app.design.with(|d| d.nodes.len() > GROWTH_AUTO_MAX_NODES));
    let growth = Memo::new_with_compare(
        move |_| {
            app.analysis_rev.track();
            if large.get() && !growth_asked.get() {
                return (Vec::new(), Vec::new(), None, None, (0.1, 100.0));
            }
            an.shown.with(|d| {
                // The standard steps plus the knee (see capacity::growth_multipliers), so the
                // latency line ends at the saturation point and the marker sits on it.
                let h = capacity::headroom(d);
                let xs = capacity::growth_multipliers(&h);
                let c = cost::cost_series(d, &xs);
                let l = latency::series(d, &xs);
                // Overloaded points have no finite p99: the line stops at the knee, and a note
                // says from which multiple the design is overloaded.
                let p99: Vec<(f64, f64)> = l.iter().filter_map(|p| p.entries.first().map(|e| (p.multiplier, e.p99_ms))).filter(|p| p.1.is_finite()).collect();
                let overloaded_from = l.iter().find(|p| p.entries.first().is_some_and(|e| e.overloaded)).map(|p| p.multiplier);
                // marked only when it lies in the sampled range (then it is one of the xs)
                let knee = h.multiplier.filter(|m| xs.contains(m));
                let span = (xs[0], xs[xs.len() - 1]);
                (c, p99, overloaded_from.map(|m| (m, h.what.clone())), knee, span)
            })
        },
        |_, _| true,
    );
    let expanded = RwSignal::new(false);
    move || {
        if an.first_pending.get() {
            return view! { <p class="muted analysing">{crate::analysis_worker::first_pending_text("bill appears")}</p> }.into_any();
        }
        let det = an.totals.get();
        let r = &det.bill;
        let hidden: Vec<(&str, f64)> = HIDDEN
            .iter()
            .map(|(prefix, label)| (*label, r.lines.iter().filter(|l| l.price_id.starts_with(prefix)).map(|l| l.monthly).sum::<f64>()))
            .filter(|(_, v)| *v > 0.0)
            .collect();
        // Each node's label from its first line, found in one pass over the lines (a search
        // of the lines per node was quadratic: ~2.8 M comparisons per update at 1,000 nodes).
        // A label in two regions by its name told apart (`Shown::name`, as the lines; QA s36 F7).
        let shown = r.shown();
        let mut label_of: std::collections::HashMap<&str, std::borrow::Cow<'_, str>> = std::collections::HashMap::with_capacity(r.by_node.len());
        for l in &r.lines {
            label_of.entry(l.node.as_str()).or_insert_with(|| shown.name(l));
        }
        // The components with lines only: those that cost nothing by themselves have none (and
        // no label here); the sentence under the list counts them (QA s21: nameless $0.00 rows).
        let mut by_node: Vec<(String, String, f64)> = r
            .by_node
            .iter()
            .filter_map(|(id, v)| label_of.get(id.as_str()).map(|l| (id.to_string(), l.to_string(), *v)))
            .collect();
        cloudwright_engine::order::sort_by(&mut by_node, |a, b| b.2.total_cmp(&a.2));
        let mut cats: Vec<(String, f64)> = r.by_category.iter().map(|(k, v)| (k.clone(), *v)).collect();
        cloudwright_engine::order::sort_by(&mut cats, |a, b| b.1.total_cmp(&a.1));
        let max_cat = cats.first().map(|c| c.1).unwrap_or(1.0).max(1e-9);
        let (cs, p99, overloaded_from, knee, span) = growth.get();
        let knee_label = knee.map(|k| format!("saturates ×{}", capacity::fmt_mult(k)));
        let knee = knee.zip(knee_label.as_deref());
        let cost_chart = growth_svg_knee("Monthly cost vs traffic", "$", &[Line { label: "cost", color: RGBColor(9, 114, 211), points: cs }], span, knee);
        let lat_chart = growth_svg_knee("p99 latency vs traffic", "ms", &[Line { label: "p99", color: RGBColor(231, 21, 123), points: p99 }], span, knee);
        // Lines that bill nothing because nothing is used are one sentence under the table,
        // the engine's (`CostReport::shown`, as every bill view), not $0.00 lines hiding an
        // assumed figure (QA s32 F10).
        let unused = shown.unused.clone();
        // Each line with its component's name (`Shown::name`).
        let mut lines: Vec<_> = shown.lines.iter().map(|l| (shown.name(l).into_owned(), (*l).clone())).collect();
        cloudwright_engine::order::sort_by(&mut lines, |a, b| b.1.monthly.total_cmp(&a.1.monthly));
        let shown = if expanded.get() { lines.len() } else { lines.len().min(12) };
        let more = lines.len() - shown;
        let est_share = if r.monthly > 0.0 { r.estimated_monthly / r.monthly * 100.0 } else { 0.0 };
        view! {
            <div class="cost">
                <div class="cost-total">
                    <div><span class="big" id="cost-monthly">{usd(r.monthly)}</span>" / month"</div>
                    <div class="muted">{usd(r.yearly)} " in the first year (with growth)"</div>
                    <div class="muted small">{format!("{} · prices {} as of {} · computed {}", r.pricing, r.price_version, r.price_as_of, crate::analysis::timing_text(an.bill_ms.get_untracked(), an.totals_ms.get_untracked()))}</div>
                    {(est_share > 0.5).then(|| view! { <div class="estimated-note">{format!("{est_share:.0}% of this total uses estimated prices (marked ≈ below).")}</div> })}
                </div>
                {(!hidden.is_empty()).then(|| view! {
                    <h4>"Hidden costs included"</h4>
                    <ul class="hidden-costs">{hidden.into_iter().map(|(l, v)| view! { <li><span>{l}</span><span>{usd(v)}</span></li> }).collect_view()}</ul>
                })}
                <h4>"By category"</h4>
                <ul class="bars">{cats.into_iter().map(|(c, v)| view! {
                    <li><span class="bar-label">{c}</span><span class="bar" style=format!("width:{:.0}%", v / max_cat * 100.0)></span><span class="bar-value">{usd(v)}</span></li>
                }).collect_view()}</ul>
                <h4>"Growth"</h4>
                {move || (large.get() && !growth_asked.get()).then(|| view! {
                    <button class="link" id="project-growth" on:click=move |_| growth_asked.set(true)>"Project cost and latency at 0.1× to 100× traffic"</button>
                })}
                <div class="charts">
                    {cost_chart.map(|s| view! { <div class="chart" inner_html=s></div> })}
                    {lat_chart.map(|s| view! { <div class="chart" inner_html=s></div> })}
                    {overloaded_from.map(|(m, what)| view! { <p class="overload small" id="growth-overloaded">{format!("Overloaded from ×{} traffic: {what}; no finite p99 beyond the knee (see the latency panel's capacity).", capacity::fmt_mult(m))}</p> })}
                </div>
                <h4>"Line items"</h4>
                <table class="bill">
                    // Three columns, so the table reads in a 360-px side panel and on a 1024-px
                    // projector: the quantity and unit price go under the charge, as
                    // "730 × $0.0450 per NAT gateway-hour" (a quantity beside a unit that has
                    // its own multiple read as "3.0k 10k requests").
                    <thead><tr><th>"Component"</th><th>"Charge"</th><th class="num">"Monthly"</th></tr></thead>
                    <tbody>
                        {lines.into_iter().take(shown).map(|(name, l)| view! {
                            <tr title=format!("Source: {} (as of {}){}", l.shown_source(), l.as_of, if l.note.is_empty() { String::new() } else { format!(" — {}", l.note) })>
                                <td class="user-text">{crate::files::shown_label(&name).into_owned()}</td>
                                <td>{l.what.to_string()}<span class="qty">{quantity_at_price(l.quantity, l.unit_price, &l.unit, l.estimated)}</span></td>
                                <td class="num">{usd(l.monthly)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(more > 0).then(|| view! { <button class="link" on:click=move |_| expanded.set(true)>{format!("Show {more} more line items")}</button> })}
                {unused.map(|s| view! { <p class="muted small" id="bill-unused">{s}</p> })}
                <h4>"By component"</h4>
                <ul class="hidden-costs">{by_node.into_iter().take(10).map(|(id, label, v)| view! { <li data-node=id><span class="user-text">{crate::files::shown_label(&label)}</span><span>{usd(v)}</span></li> }).collect_view()}</ul>
                {(!r.free.is_empty()).then(|| view! { <p class="muted small">{format!("{} components cost nothing by themselves (VPCs, subnets, gateway endpoints, …).", r.free.len())}</p> })}
                {r.notes.iter().take(6).map(|n| view! { <p class="muted small">{n.clone()}</p> }).collect_view()}
            </div>
        }
        .into_any()
    }
}
