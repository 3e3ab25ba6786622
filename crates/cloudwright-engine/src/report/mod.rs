//! The hand-over report: everything a customer keeps after the workshop, as one model
//! ([`Report`], built by [`build`]) with two renderings: Markdown ([`markdown`]) and a
//! standalone HTML page with a print stylesheet ([`html`]). The CLI (`cloudwright report`)
//! and the app's Report button render the same model, so they say the same thing.
//!
//! Sections, always in this order and always present (an empty one says why it is empty),
//! each with a stable id: `summary`, `diagram`, `assumptions`, `findings`, `bill`,
//! `latency`, `comparisons`, `scenarios`, `must-be-true` ([`SECTIONS`]).
//!
//! Nothing is computed here: figures come from [`crate::totals`] (headline), [`crate::cost`]
//! (bill), [`crate::latency`] (entries and critical paths), [`crate::rules`] (findings),
//! [`crate::capacity`] (quotas, headroom), [`crate::compare`] (comparisons inside the design),
//! [`crate::scenario::table`] (scenarios) and [`crate::diagram::render`] (the diagram);
//! numbers are written by [`crate::units`]. Every piece of user text (design name, labels,
//! messages that quote labels, suppression reasons) is escaped by the renderer: HTML through
//! [`crate::text::xml_escape`], Markdown through [`crate::text::md_escape`].

mod html;
mod markdown;
mod what_must_be_true;

pub use html::html;
pub use markdown::markdown;

use crate::capacity;
use crate::compare;
use crate::diagram::{self, SvgOptions};
use crate::model::{Design, NodeId};
use crate::rules::{self, Severity};
use crate::scenario;
use crate::totals::{self, Totals};
use crate::units;
use serde::Serialize;

/// (id, title) of every section, in order.
pub const SECTIONS: [(&str, &str); 9] = [
    ("summary", "Summary"),
    ("diagram", "Diagram"),
    ("assumptions", "Assumptions"),
    ("findings", "Findings"),
    ("bill", "Bill"),
    ("latency", "Latency"),
    ("comparisons", "Comparisons"),
    ("scenarios", "Scenarios"),
    ("must-be-true", "What must be true"),
];

/// The whole report. Plain data (serialisable), text unescaped: the renderers escape.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub design: String,
    pub totals: Totals,
    /// The diagram as a standalone SVG document (the engine's [`diagram::render`]).
    pub diagram_svg: String,
    /// (what, value) pairs: workload, region, pricing model, price book version and date.
    pub assumptions: Vec<(String, String)>,
    /// Unsuppressed findings, errors first.
    pub findings: Vec<ReportFinding>,
    /// Suppressed findings with the reason given.
    pub suppressed: Vec<ReportFinding>,
    /// USD per month by service (catalog kind name), largest first.
    pub by_service: Vec<(String, f64)>,
    /// The lines that bill something ([`crate::cost::CostReport::shown`]), in the bill's order.
    pub lines: Vec<BillLine>,
    /// The lines that bill nothing because nothing is used, said in one sentence
    /// (`Not used, nothing billed: …`), as every bill view says them; `None` when there are none.
    pub unused: Option<String>,
    /// Where the prices outside us-east-1 come from, said once above the lines when a line is
    /// priced so (each such line's source then ends "regional factor (above)"; QA s36 F9: the
    /// 230-character sentence was repeated in every such line's cell).
    pub regional_factor: Option<String>,
    /// Components that cost nothing here, with why.
    pub free: Vec<(String, String)>,
    pub latency: Vec<EntryReport>,
    pub latency_as_of: String,
    pub comparisons: Vec<ComparisonSummary>,
    pub scenarios: Vec<scenario::Row>,
    /// Every assumption the figures rest on, one sentence each.
    pub must_be_true: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportFinding {
    pub severity: Severity,
    pub rule: String,
    pub title: String,
    pub message: String,
    pub why: String,
    pub fix: String,
    pub source: String,
    /// The suppression's reason (suppressed findings only).
    pub reason: Option<String>,
}

/// One line of the bill, as [`crate::cost::LineItem`] has it, with the node's label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BillLine {
    pub component: String,
    pub service: String,
    pub what: String,
    pub quantity: f64,
    pub unit: String,
    pub unit_price: f64,
    pub monthly: f64,
    pub estimated: bool,
    pub source: String,
    pub as_of: String,
}

/// An entry point's latency with its critical path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntryReport {
    pub label: String,
    pub requests_per_second: f64,
    /// Milliseconds; infinite when overloaded.
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// "p99 target 200 ms: met" when the entry has a target.
    pub slo: Option<String>,
    pub overloaded: bool,
    pub critical_path: Vec<HopReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HopReport {
    pub component: String,
    pub network: String,
    /// Mean milliseconds: network to reach it plus its own service time.
    pub mean_ms: f64,
    pub contribution_pct: f64,
}

/// A comparison that applies to a node of the design (containers or API type).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparisonSummary {
    /// "Containers" or "API type".
    pub topic: String,
    pub component: String,
    /// The option the node is drawn as.
    pub current: String,
    /// (option, USD per month, estimated), in rank order (best first).
    pub options: Vec<(String, f64, bool)>,
    pub recommendation: String,
    pub source: String,
    pub assumptions: Vec<String>,
}

/// What the caller supplies: icons for the diagram (kind → image href, as
/// [`SvgOptions::icons`]); a report without icons draws the diagram without them.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    pub diagram: SvgOptions,
}

/// A node's label, or its id when it has none.
fn label_of(d: &Design, id: &NodeId) -> String {
    d.node(id).map(|n| if n.label.is_empty() { id.to_string() } else { n.label.clone() }).unwrap_or_else(|| id.to_string())
}

pub(crate) fn is_container(kind: &str) -> bool {
    crate::catalog::kind(kind).is_some_and(|k| k.container)
}

fn kind_name(kind: &str) -> String {
    crate::catalog::kind(kind).map(|k| k.name.to_string()).unwrap_or_else(|| kind.to_string())
}

/// The report of `design` at its own traffic.
pub fn build(design: &Design, opts: &ReportOptions) -> Report {
    // One analysis context for the findings, the totals, the bill, latency and capacity.
    let crate::analysis::Analysis { findings: checked, totals: det, capacity: cap } = crate::analysis::run(design);
    let (findings, suppressed) = findings(&checked);
    let mut by_service: Vec<(String, f64)> = det.bill.by_service.iter().map(|(k, v)| (kind_name(k), *v)).collect();
    crate::order::sort_by(&mut by_service, |a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // The bill as every view shows it: no "0 × … $0.00" line, one sentence for them (review
    // s33 R12: the report listed them).
    let shown = det.bill.shown();
    let regional = format!("; regional factor: {}", crate::cost::prices::book().file.regional_factor_source);
    let mut regional_factor = None;
    let lines = shown
        .lines
        .iter()
        .map(|l| BillLine {
            // Told apart by its region when its label is in two (QA s36 F7).
            component: shown.name(l).into_owned(),
            service: kind_name(&l.kind),
            what: l.what.to_string(),
            quantity: l.quantity,
            unit: l.unit.to_string(),
            unit_price: l.unit_price,
            monthly: l.monthly,
            estimated: l.estimated,
            // The AWS pricing page a test-data citation stands for (QA s34 F5).
            source: {
                let s = l.shown_source();
                match s.strip_suffix(regional.as_str()) {
                    Some(cited) => {
                        regional_factor = Some(crate::cost::prices::book().file.regional_factor_source.clone());
                        format!("{cited}; regional factor (above)")
                    }
                    None => s.into_owned(),
                }
            },
            as_of: l.as_of.to_string(),
        })
        .collect();
    // Containers (VPCs, AZs, subnets) are free by nature: not worth a line in a hand-over.
    let free = det.bill.free.iter().filter(|f| !is_container(&f.kind)).map(|f| (f.label.clone(), f.reason.clone())).collect();
    let latency = det.latency.entries.iter().map(|e| entry_report(design, e)).collect();
    let comparisons = comparisons(design);
    let scenarios = if design.scenarios.is_empty() { Vec::new() } else { scenario::table(design) };
    let must_be_true = what_must_be_true::list(design, &det, &cap, &suppressed, &comparisons);
    Report {
        design: design.name.clone(),
        assumptions: assumptions(design, &det, &cap),
        totals: det.totals.clone(),
        diagram_svg: diagram::render(design, &opts.diagram),
        findings,
        suppressed,
        by_service,
        lines,
        unused: shown.unused,
        regional_factor,
        free,
        latency,
        latency_as_of: det.latency.data_as_of.clone(),
        comparisons,
        scenarios,
        must_be_true,
    }
}

fn findings(checked: &[rules::Finding]) -> (Vec<ReportFinding>, Vec<ReportFinding>) {
    let to = |f: &rules::Finding| {
        let m = f.meta();
        ReportFinding {
            severity: f.severity,
            rule: f.rule.to_string(),
            title: m.title.to_string(),
            message: f.message.clone(),
            why: m.why.to_string(),
            fix: m.fix.to_string(),
            source: crate::source::in_words(m.source),
            reason: f.suppressed.as_ref().map(|s| s.reason.clone()),
        }
    };
    let open = checked.iter().filter(|f| !f.is_suppressed()).map(to).collect();
    let silenced = checked.iter().filter(|f| f.is_suppressed()).map(to).collect();
    (open, silenced)
}

fn assumptions(d: &Design, det: &totals::Detailed, cap: &capacity::CapacityReport) -> Vec<(String, String)> {
    let w = &d.workload;
    let b = &det.bill;
    let mut a = vec![
        ("Region".to_string(), d.region.clone()),
        ("Pricing model".to_string(), b.pricing.clone()),
        ("Free tier".to_string(), if b.free_tier { "applied where it exists".into() } else { "not applied".into() }),
        ("Price book".to_string(), format!("version {}, prices as of {}", b.price_version, b.price_as_of)),
        ("Payload".to_string(), format!("requests {} KB, responses {} KB on average", units::plain(w.request_kb), units::plain(w.response_kb))),
        ("Peak traffic".to_string(), format!("{}× the average", units::plain(w.peak_to_average))),
        ("Traffic growth".to_string(), if w.growth_pct_per_month == 0.0 { "none (constant over the year)".into() } else { format!("{}% a month", units::plain(w.growth_pct_per_month)) }),
    ];
    for e in &det.latency.entries {
        a.push((format!("Traffic of {}", e.label), format!("{} requests/s on average", units::plain(e.requests_per_second))));
    }
    a.push(("Latency data".to_string(), format!("as of {}", det.latency.data_as_of)));
    a.push(("Capacity".to_string(), format!("sized for {} utilisation; default service quotas as of {}", units::pct(cap.target_utilisation), cap.data_as_of)));
    a
}

fn entry_report(d: &Design, e: &crate::latency::EntryLatency) -> EntryReport {
    let critical_path = totals::critical_path(e)
        .map(|p| {
            p.hops
                .iter()
                .map(|h| HopReport { component: label_of(d, &h.node), network: h.network.clone(), mean_ms: h.network_mean_ms + h.service_mean_ms, contribution_pct: h.contribution_pct })
                .collect()
        })
        .unwrap_or_default();
    EntryReport {
        label: e.label.clone(),
        requests_per_second: e.requests_per_second,
        p50_ms: e.p50_ms,
        p95_ms: e.p95_ms,
        p99_ms: e.p99_ms,
        slo: e.slo.as_ref().map(|s| format!("p99 target {}: {}", units::ms(s.target_p99_ms), if s.met { "met" } else { "missed" })),
        overloaded: e.is_overloaded(),
        critical_path,
    }
}

/// Every comparison that applies to a node of the design: container workloads (ECS
/// services, Fargate profiles, EKS node groups) and API Gateway APIs, priced inside the design.
///
/// A container service is compared once, whatever the number of its copies in other AZs
/// ("Web app (a)", "Web app (b)": one comparison prices and switches them together, so each
/// copy's comparison was the same table again), under the names of all its copies. Every
/// container comparison starts from one bill of the design ([`compare::DesignBill`]): each
/// Switch's bill prices again only the components the switch changes.
fn comparisons(d: &Design) -> Vec<ComparisonSummary> {
    let mut out = Vec::new();
    let mut bill: Option<compare::DesignBill> = None;
    // The container nodes a comparison already covered (as copies of a service compared).
    let mut compared: Vec<NodeId> = Vec::new();
    for n in d.nodes.values() {
        match n.kind.as_str() {
            "ecs-service" | "fargate-profile" | "eks-nodegroup" => {
                if compared.contains(&n.id) {
                    continue;
                }
                let bill = bill.get_or_insert_with(|| compare::DesignBill::new(d));
                if let Ok(c) = compare::compare_containers_billed(d, bill, &n.id) {
                    // The service's copies: the container workloads among the nodes its
                    // current figure bills (the others are its cluster, capacity and load balancers).
                    let mut service: Vec<NodeId> = c.design.iter().flat_map(|s| &s.nodes).filter(|id| d.node(id).is_some_and(|x| matches!(x.kind.as_str(), "ecs-service" | "fargate-profile" | "eks-nodegroup"))).cloned().collect();
                    if !service.contains(&n.id) {
                        service.insert(0, n.id.clone());
                    }
                    let names: Vec<String> = service.iter().map(|id| label_of(d, id)).collect();
                    compared.extend(service);
                    out.push(ComparisonSummary {
                        topic: "Containers".into(),
                        component: and_list(&names),
                        current: c.design.as_ref().map(|s| s.current.label().to_string()).unwrap_or_default(),
                        options: c.options.iter().map(|o| (o.label.clone(), o.monthly, o.estimated)).collect(),
                        recommendation: c.recommendation.summary.clone(),
                        source: c.recommendation.source.clone(),
                        assumptions: c.assumptions.clone(),
                    });
                }
            }
            "api-gateway" => {
                if let Ok(c) = compare::compare_api_in(d, &n.id) {
                    out.push(ComparisonSummary {
                        topic: "API type".into(),
                        component: label_of(d, &n.id),
                        current: c.design.as_ref().map(|s| s.current.label().to_string()).unwrap_or_default(),
                        options: c.options.iter().map(|o| (o.label.clone(), o.monthly, o.estimated)).collect(),
                        recommendation: c.recommendation.summary.clone(),
                        source: c.recommendation.source.clone(),
                        assumptions: c.assumptions.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The headline in one line each, shared by both renderings.
pub(crate) fn summary_lines(r: &Report) -> Vec<String> {
    let t = &r.totals;
    let mut v = vec![format!("Monthly cost: {} ({} a year)", units::money(t.monthly), units::money(t.yearly))];
    if t.estimated_monthly > 0.0 {
        v.push(format!("Of which from estimated prices: {}", units::money(t.estimated_monthly)));
    }
    match &t.main_entry {
        Some(e) if e.overloaded => v.push(format!("Main entry point {}: overloaded (no finite p95)", e.label)),
        Some(e) => v.push(format!("Main entry point {}: p95 {}, p99 {}", e.label, units::ms(e.p95_ms), units::ms(e.p99_ms))),
        None => v.push("No entry point: no request latency".into()),
    }
    v.push(format!("Open findings: {}, {}", crate::units::counted(t.errors as f64, "error", "errors"), crate::units::counted(t.warnings as f64, "warning", "warnings")));
    v.push(match t.headroom.multiplier {
        Some(_) => format!("Traffic headroom: {}", t.headroom.what),
        None => "Traffic headroom: nothing saturates within 1,000,000× today's traffic".into(),
    });
    v
}

/// A latency figure for the report: `∞` reads as "overloaded".
pub(crate) fn ms_or_overloaded(x: f64) -> String {
    if x.is_finite() { units::ms(x) } else { "overloaded".into() }
}

/// A scenario row's cells as text, shared by both renderings (user text still unescaped:
/// `changes` and `drivers` hold names).
pub(crate) struct ScenarioCells {
    pub changes: String,
    pub monthly: String,
    pub delta: String,
    pub p95: String,
    pub findings: String,
    pub drivers: String,
}

pub(crate) fn scenario_cells(row: &scenario::Row) -> ScenarioCells {
    let changes = match (&row.error, row.changes.is_empty()) {
        (Some(err), _) => format!("cannot be applied: {err}"),
        (None, true) => "the design as drawn".to_string(),
        (None, false) => row.changes.join("; "),
    };
    let t = row.totals.as_ref();
    let delta = match (&row.delta, row.delta_pct) {
        (Some(d), Some(p)) => format!("{} ({}{:.0}%)", units::money_delta_month(d.monthly), if p >= 0.0 { "+" } else { "-" }, p.abs()),
        (Some(d), None) => units::money_delta_month(d.monthly),
        _ => "—".into(),
    };
    ScenarioCells {
        changes,
        monthly: t.map(|t| units::money(t.monthly)).unwrap_or_else(|| "—".into()),
        delta,
        p95: t.and_then(|t| t.main_entry.as_ref()).map(|e| ms_or_overloaded(e.p95_ms)).unwrap_or_else(|| "—".into()),
        findings: t.map(|t| format!("{} / {}", t.errors, t.warnings)).unwrap_or_else(|| "—".into()),
        drivers: row.drivers.iter().map(|d| format!("{} {}", d.label, units::money_short(d.monthly))).collect::<Vec<_>>().join(", "),
    }
}
