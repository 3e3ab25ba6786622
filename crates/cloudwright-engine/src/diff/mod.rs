//! What changed between two designs: the review of an architecture change.
//!
//! [`changes`] is the structural part, matched by id: components added / removed / changed
//! (each changed field with its old and new value; a changed `parent` is a move between
//! containers), connections added / removed / changed, the design's name, region, workload
//! and scenarios, and, reported apart, layout-only changes (a rectangle moved or resized).
//! It is cheap (no analysis runs), so a property test can run it over thousands of edit
//! sequences.
//!
//! [`diff`] adds what the change does: findings introduced and cleared (`rules::check` on
//! both designs, keyed by rule id + subject), the bill by service and the monthly and yearly
//! totals before → after (`cost::cost_at` at the design's own traffic — the one bill), and
//! p50/p95/p99 per entry before → after (`latency::project_at`). Nothing is computed here
//! that those modules own; the diff only compares their results.
//!
//! Values are shown as JSON (`serde_json::Value`), the file format's own spelling: a property
//! that was not set is `null` (the catalog default applies), a number is a number.
//!
//! Renderings: [`render::text`] (terminal) and [`render::markdown`] (a pull-request comment;
//! every piece of user text escaped by `text::md_escape`). The JSON form is `serde` of [`Diff`].

pub mod render;

use crate::cost;
use crate::latency;
use crate::model::{Design, Node, Rect};
use crate::rules::{Finding, Severity};
use serde::Serialize;
use serde_json::Value as J;
use std::collections::{BTreeMap, BTreeSet};

/// One field that differs: `field` is its name in the file format (`label`, `parent`,
/// `props.instance_type`, `share`, `request_kb`, ...); `null` means absent / not set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: J,
    pub after: J,
}

/// A component (node) that exists on one side only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeRef {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub parent: Option<String>,
}

/// A component on both sides whose topology fields differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeChange {
    pub id: String,
    pub kind: String,
    /// The label after the change.
    pub label: String,
    pub fields: Vec<FieldChange>,
}

impl NodeChange {
    /// `(before, after)` parents when the component moved to another container.
    pub fn moved(&self) -> Option<(&J, &J)> {
        self.fields.iter().find(|f| f.field == "parent").map(|f| (&f.before, &f.after))
    }
}

/// A connection that exists on one side only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConnRef {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub label: String,
}

/// A connection on both sides whose fields differ (kind, share, payload, timeout, retries…).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConnChange {
    pub id: String,
    pub from: String,
    pub to: String,
    pub fields: Vec<FieldChange>,
}

/// A what-if scenario added, removed (`fields` empty) or changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioChange {
    pub id: String,
    pub name: String,
    pub fields: Vec<FieldChange>,
}

/// A layout-only change of a component on both sides: its rectangle (`None`: not placed).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutChange {
    pub id: String,
    pub before: Option<Rect>,
    pub after: Option<Rect>,
}

/// Everything that differs in the designs themselves, matched by id. Empty lists when equal.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Changes {
    /// Design name, home region: `field` is `name` / `region`.
    pub design: Vec<FieldChange>,
    pub workload: Vec<FieldChange>,
    pub nodes_added: Vec<NodeRef>,
    pub nodes_removed: Vec<NodeRef>,
    pub nodes_changed: Vec<NodeChange>,
    pub connections_added: Vec<ConnRef>,
    pub connections_removed: Vec<ConnRef>,
    pub connections_changed: Vec<ConnChange>,
    pub scenarios_added: Vec<ScenarioChange>,
    pub scenarios_removed: Vec<ScenarioChange>,
    pub scenarios_changed: Vec<ScenarioChange>,
    /// True when the same scenarios are listed in another order.
    pub scenarios_reordered: bool,
    /// Reported apart: moves and resizes change no analysis.
    pub layout: Vec<LayoutChange>,
    /// How a view names the components these changes (and a [`Diff`]'s findings) mention, by
    /// id: their label as the diagram shows it, `label (id)` where two components share that
    /// label, the id when there is no label ([`names`]). A review listed ids ("app-a → db")
    /// where the canvas shows labels (QA s21). Not serialised: the ids stay the JSON's key.
    #[serde(skip)]
    pub names: BTreeMap<String, String>,
}

impl Changes {
    /// The name a view shows for component `id` ([`Changes::names`]; the id itself for one
    /// neither design has).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }
    /// No change to topology, settings or scenarios (layout aside).
    pub fn is_topology_unchanged(&self) -> bool {
        self.design.is_empty()
            && self.workload.is_empty()
            && self.nodes_added.is_empty()
            && self.nodes_removed.is_empty()
            && self.nodes_changed.is_empty()
            && self.connections_added.is_empty()
            && self.connections_removed.is_empty()
            && self.connections_changed.is_empty()
            && self.scenarios_added.is_empty()
            && self.scenarios_removed.is_empty()
            && self.scenarios_changed.is_empty()
            && !self.scenarios_reordered
    }
    /// No change at all, layout included.
    pub fn is_empty(&self) -> bool {
        self.is_topology_unchanged() && self.layout.is_empty()
    }
}

/// A finding present on one side only. Keyed by rule id + subject (its nodes and connections).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingRef {
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    /// The nodes, then the connections, the finding points at (its subject).
    pub subject: Vec<String>,
}

/// Open (unsuppressed) findings introduced, cleared and changed. A finding that became
/// suppressed counts as cleared; one whose suppression was removed as introduced. The same
/// rule on the same subject (its first node: the VPC of an advice about its NATs) whose list
/// of components or connections changed is one changed finding, not one introduced and one
/// cleared (QA s23 #12).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FindingChanges {
    pub introduced: Vec<FindingRef>,
    pub cleared: Vec<FindingRef>,
    pub changed: Vec<FindingChange>,
}

/// A finding open on both sides whose subject changed: what it is now, and which of its
/// components or connections left it or joined it (ids; [`Changes::name`] names them).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingChange {
    pub now: FindingRef,
    pub left: Vec<String>,
    pub joined: Vec<String>,
}

impl FindingChanges {
    /// Introduced findings of severity error.
    pub fn new_errors(&self) -> usize {
        self.introduced.iter().filter(|f| f.severity == Severity::Error).count()
    }
}

/// What left and joined a changed finding, by name: "NAT b left", "NAT c joined; NAT b left".
pub fn left_joined(c: &FindingChange, names: &Changes) -> String {
    let list = |ids: &[String]| ids.iter().map(|id| names.name(id)).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !c.joined.is_empty() {
        parts.push(format!("{} joined", list(&c.joined)));
    }
    if !c.left.is_empty() {
        parts.push(format!("{} left", list(&c.left)));
    }
    if parts.is_empty() {
        parts.push("its subject changed".into());
    }
    parts.join("; ")
}

/// A figure before → after.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Delta {
    pub before: f64,
    pub after: f64,
}

impl Delta {
    pub fn change(&self) -> f64 {
        self.after - self.before
    }
    /// The change as a fraction of `before` (`None` when before is 0: any increase is infinite).
    pub fn ratio(&self) -> Option<f64> {
        (self.before != 0.0).then(|| self.change() / self.before)
    }
}

/// One service's monthly USD before → after (the catalog kind, as `cost` groups it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceCost {
    pub service: String,
    pub monthly: Delta,
}

/// The bill before → after, at each design's own traffic (`cost::cost_at(d, 1.0)`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostChange {
    /// USD per month, first month.
    pub monthly: Delta,
    /// USD over 12 months (with growth).
    pub yearly: Delta,
    /// Only the services whose monthly cost differs.
    pub by_service: Vec<ServiceCost>,
}

/// An entry's latency (ms) before → after; `None` on the side where the entry does not exist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntryChange {
    pub entry: String,
    pub label: String,
    pub p50_ms: (Option<f64>, Option<f64>),
    pub p95_ms: (Option<f64>, Option<f64>),
    pub p99_ms: (Option<f64>, Option<f64>),
}

/// The whole review of a change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    pub before_name: String,
    pub after_name: String,
    pub changes: Changes,
    pub findings: FindingChanges,
    pub cost: CostChange,
    /// Only the entries whose p50, p95 or p99 differ, or that exist on one side only.
    pub latency: Vec<EntryChange>,
}

impl Diff {
    /// Nothing differs: no change, no finding, no cost or latency change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.findings.introduced.is_empty()
            && self.findings.cleared.is_empty()
            && self.findings.changed.is_empty()
            && self.cost.by_service.is_empty()
            && self.cost.monthly.change() == 0.0
            && self.cost.yearly.change() == 0.0
            && self.latency.is_empty()
    }
}

/// The full review: [`changes`] plus findings, bill and latency before → after.
pub fn diff(before: &Design, after: &Design) -> Diff {
    // Each side's rules, bill and projection from one analysis context.
    let (fb, cb, lb) = crate::analysis::core(before);
    let (fa, ca, la) = crate::analysis::core(after);
    let mut changes = changes(before, after);
    let findings = findings(&fb, &fa);
    // The findings' subjects are named too: their nodes by label, their connections by their
    // ends ("Web app (a) → Logs & metrics", not "c11": QA s23 #12).
    let ids: Vec<&str> = findings
        .introduced
        .iter()
        .chain(&findings.cleared)
        .flat_map(|f| f.subject.iter().map(String::as_str))
        .chain(findings.changed.iter().flat_map(|c| c.now.subject.iter().chain(&c.left).map(String::as_str)))
        .collect();
    changes.names.extend(names(before, after, ids.iter().copied()));
    let conns: Vec<(&str, &str, &str)> = ids
        .iter()
        .filter(|id| !changes.names.contains_key(**id))
        .filter_map(|id| {
            let k = crate::model::ConnId::new(*id);
            after.connections.get(&k).or_else(|| before.connections.get(&k)).map(|c| (*id, c.from.as_str(), c.to.as_str()))
        })
        .collect();
    let ends = names(before, after, conns.iter().flat_map(|(_, f, t)| [*f, *t]));
    for (id, from, to) in conns {
        let name = |n: &str| ends.get(n).cloned().unwrap_or_else(|| n.to_string());
        changes.names.insert(id.to_string(), format!("{} → {}", name(from), name(to)));
    }
    Diff {
        before_name: before.name.clone(),
        after_name: after.name.clone(),
        changes,
        findings,
        cost: cost_change(&cb, &ca),
        latency: latency_change(&lb, &la),
    }
}

// ---------------------------------------------------------------- structure

fn json<T: Serialize>(v: &T) -> J {
    serde_json::to_value(v).unwrap_or(J::Null)
}

/// The fields of two JSON objects that differ, in key order, each named `prefix` + key;
/// `skip` keys are left out. A key missing on one side is `null` there.
fn object_changes(prefix: &str, before: &J, after: &J, skip: &[&str]) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let (b, a) = (before.as_object().unwrap_or(&empty), after.as_object().unwrap_or(&empty));
    let keys: BTreeSet<&String> = crate::order::set(b.keys().chain(a.keys()));
    keys.into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter_map(|k| {
            let (x, y) = (b.get(k).cloned().unwrap_or(J::Null), a.get(k).cloned().unwrap_or(J::Null));
            (x != y).then(|| FieldChange { field: format!("{prefix}{k}"), before: x, after: y })
        })
        .collect()
}

fn node_ref(n: &Node) -> NodeRef {
    NodeRef { id: n.id.to_string(), kind: n.kind.clone(), label: n.label.clone(), parent: n.parent.as_ref().map(|p| p.to_string()) }
}

/// A node's fields that differ: kind, label, parent, each property (`props.<key>`), ingress,
/// suppressions.
fn node_fields(b: &Node, a: &Node) -> Vec<FieldChange> {
    let mut out = object_changes("", &json(b), &json(a), &["id", "props"]);
    out.extend(object_changes("props.", &json(&b.props), &json(&a.props), &[]));
    out
}

fn conn_ref(c: &crate::model::Connection) -> ConnRef {
    ConnRef { id: c.id.to_string(), from: c.from.to_string(), to: c.to.to_string(), kind: c.kind.name().to_string(), label: c.label.clone() }
}

/// Compares the designs themselves, matched by id (no analysis runs).
pub fn changes(before: &Design, after: &Design) -> Changes {
    let mut c = Changes::default();
    for (field, b, a) in [("name", &before.name, &after.name), ("region", &before.region, &after.region)] {
        if b != a {
            c.design.push(FieldChange { field: field.into(), before: J::from(b.as_str()), after: J::from(a.as_str()) });
        }
    }
    c.workload = object_changes("", &json(&before.workload), &json(&after.workload), &[]);

    for (id, b) in &before.nodes {
        match after.nodes.get(id) {
            None => c.nodes_removed.push(node_ref(b)),
            Some(a) => {
                let fields = node_fields(b, a);
                if !fields.is_empty() {
                    c.nodes_changed.push(NodeChange { id: id.to_string(), kind: a.kind.clone(), label: a.label.clone(), fields });
                }
                let (rb, ra) = (before.layout.get(id).copied(), after.layout.get(id).copied());
                if rb != ra {
                    c.layout.push(LayoutChange { id: id.to_string(), before: rb, after: ra });
                }
            }
        }
    }
    c.nodes_added = after.nodes.iter().filter(|(id, _)| !before.nodes.contains_key(*id)).map(|(_, n)| node_ref(n)).collect();

    for (id, b) in &before.connections {
        match after.connections.get(id) {
            None => c.connections_removed.push(conn_ref(b)),
            Some(a) => {
                let fields = object_changes("", &json(b), &json(a), &["id"]);
                if !fields.is_empty() {
                    c.connections_changed.push(ConnChange { id: id.to_string(), from: a.from.to_string(), to: a.to.to_string(), fields });
                }
            }
        }
    }
    c.connections_added = after.connections.iter().filter(|(id, _)| !before.connections.contains_key(*id)).map(|(_, x)| conn_ref(x)).collect();

    let sb: BTreeMap<&str, _> = crate::order::map(before.scenarios.iter().map(|s| (s.id.as_str(), s)));
    let sa: BTreeMap<&str, _> = crate::order::map(after.scenarios.iter().map(|s| (s.id.as_str(), s)));
    for (id, b) in &sb {
        match sa.get(id) {
            None => c.scenarios_removed.push(ScenarioChange { id: id.to_string(), name: b.name.clone(), fields: vec![] }),
            Some(a) => {
                let fields = object_changes("", &json(b), &json(a), &["id"]);
                if !fields.is_empty() {
                    c.scenarios_changed.push(ScenarioChange { id: id.to_string(), name: a.name.clone(), fields });
                }
            }
        }
    }
    c.scenarios_added = sa.iter().filter(|(id, _)| !sb.contains_key(*id)).map(|(id, s)| ScenarioChange { id: id.to_string(), name: s.name.clone(), fields: vec![] }).collect();
    let common = |from: &[crate::model::Scenario], other: &BTreeMap<&str, _>| -> Vec<String> { from.iter().filter(|s| other.contains_key(s.id.as_str())).map(|s| s.id.clone()).collect() };
    c.scenarios_reordered = common(&before.scenarios, &sa) != common(&after.scenarios, &sb);
    let mut ids: Vec<&str> = Vec::new();
    ids.extend(c.nodes_added.iter().chain(&c.nodes_removed).map(|n| n.id.as_str()));
    for n in &c.nodes_changed {
        ids.push(&n.id);
        // A move names the containers it left and entered.
        ids.extend(n.fields.iter().filter(|f| f.field == "parent").flat_map(|f| [f.before.as_str(), f.after.as_str()]).flatten());
    }
    ids.extend(c.connections_added.iter().chain(&c.connections_removed).flat_map(|x| [x.from.as_str(), x.to.as_str()]));
    ids.extend(c.connections_changed.iter().flat_map(|x| [x.from.as_str(), x.to.as_str()]));
    let names = names(before, after, ids);
    c.names = names;
    c
}

/// The shown names of the components `ids` (see [`Changes::names`]): looked up in `after`,
/// else in `before` (a removed one), and counted against the labels of that side. Ids of
/// neither design are left out. One pass over each side's labels, only when needed.
pub fn names<'a>(before: &Design, after: &Design, ids: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut counts: [Option<rustc_hash::FxHashMap<&str, usize>>; 2] = [None, None];
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        let key = crate::model::NodeId::new(id);
        let (side, n) = match (after.nodes.get(&key), before.nodes.get(&key)) {
            (Some(n), _) => (0, n),
            (None, Some(n)) => (1, n),
            (None, None) => continue,
        };
        let name = if n.label.trim().is_empty() {
            id.to_string()
        } else {
            let d = if side == 0 { after } else { before };
            let counts = counts[side].get_or_insert_with(|| {
                let mut m = rustc_hash::FxHashMap::default();
                for x in d.nodes.values() {
                    *m.entry(x.label.as_str()).or_insert(0) += 1;
                }
                m
            });
            let label = crate::text::shown_label(&n.label);
            if counts.get(n.label.as_str()).copied().unwrap_or(0) > 1 { format!("{label} ({id})") } else { label.into_owned() }
        };
        out.insert(id.to_string(), name);
    }
    out
}

// ---------------------------------------------------------------- analyses

/// A finding's key: rule id + subject (its nodes, then its connections, in its own order).
fn finding_key(f: &Finding) -> (String, Vec<String>) {
    (f.rule.to_string(), f.nodes.iter().map(|n| n.to_string()).chain(f.connections.iter().map(|c| c.to_string())).collect())
}

fn finding_ref(f: &Finding) -> FindingRef {
    let (rule, subject) = finding_key(f);
    FindingRef { rule, severity: f.severity, title: f.head().title.to_string(), message: f.message.clone(), subject }
}

/// Open findings on one side only, from the two results of `rules::check`.
pub fn findings(before: &[Finding], after: &[Finding]) -> FindingChanges {
    let open = |fs: &[Finding]| -> BTreeMap<(String, Vec<String>), FindingRef> { crate::order::map(fs.iter().filter(|f| !f.is_suppressed()).map(|f| (finding_key(f), finding_ref(f)))) };
    let (b, a) = (open(before), open(after));
    let only = |x: &BTreeMap<_, FindingRef>, y: &BTreeMap<_, FindingRef>| -> Vec<FindingRef> {
        let mut v: Vec<FindingRef> = x.iter().filter(|(k, _)| !y.contains_key(*k)).map(|(_, f)| f.clone()).collect();
        crate::order::sort_by(&mut v, |p, q| p.severity.cmp(&q.severity).then_with(|| p.rule.cmp(&q.rule)).then_with(|| p.subject.cmp(&q.subject)));
        v
    };
    let (mut introduced, mut cleared) = (only(&a, &b), only(&b, &a));
    // The same rule on the same first subject on both sides: changed, not new and cleared.
    let mut changed = Vec::new();
    let mut i = 0;
    while i < introduced.len() {
        let f = &introduced[i];
        let same = cleared.iter().position(|c| c.rule == f.rule && !f.subject.is_empty() && c.subject.first() == f.subject.first());
        match same {
            Some(j) => {
                let was = cleared.remove(j);
                let now = introduced.remove(i);
                let left = was.subject.iter().filter(|s| !now.subject.contains(s)).cloned().collect();
                let joined = now.subject.iter().filter(|s| !was.subject.contains(s)).cloned().collect();
                changed.push(FindingChange { now, left, joined });
            }
            None => i += 1,
        }
    }
    FindingChanges { introduced, cleared, changed }
}

/// Totals and the services whose monthly cost differs, read from two bills.
pub fn cost_change(before: &cost::CostReport, after: &cost::CostReport) -> CostChange {
    let services: BTreeSet<&String> = crate::order::set(before.by_service.keys().chain(after.by_service.keys()));
    let by_service = services
        .into_iter()
        .filter_map(|s| {
            let d = Delta { before: before.by_service.get(s).copied().unwrap_or(0.0), after: after.by_service.get(s).copied().unwrap_or(0.0) };
            (d.before != d.after).then(|| ServiceCost { service: s.clone(), monthly: d })
        })
        .collect();
    CostChange { monthly: Delta { before: before.monthly, after: after.monthly }, yearly: Delta { before: before.yearly, after: after.yearly }, by_service }
}

/// The entries whose percentiles differ (or that exist on one side only), in entry id order.
pub fn latency_change(before: &latency::LatencyReport, after: &latency::LatencyReport) -> Vec<EntryChange> {
    let by_id = |r: &latency::LatencyReport| -> BTreeMap<String, latency::EntryLatency> { crate::order::map(r.entries.iter().map(|e| (e.entry.to_string(), e.clone()))) };
    let (b, a) = (by_id(before), by_id(after));
    let ids: BTreeSet<&String> = crate::order::set(b.keys().chain(a.keys()));
    ids.into_iter()
        .filter_map(|id| {
            let (x, y) = (b.get(id), a.get(id));
            let pair = |f: fn(&latency::EntryLatency) -> f64| (x.map(f), y.map(f));
            let e = EntryChange {
                entry: id.clone(),
                label: y.or(x).map(|e| e.label.clone()).unwrap_or_default(),
                p50_ms: pair(|e| e.p50_ms),
                p95_ms: pair(|e| e.p95_ms),
                p99_ms: pair(|e| e.p99_ms),
            };
            // Compared by bits so an overloaded (infinite) or NaN figure on both sides is "same".
            let same = |p: (Option<f64>, Option<f64>)| p.0.map(f64::to_bits) == p.1.map(f64::to_bits);
            (!(same(e.p50_ms) && same(e.p95_ms) && same(e.p99_ms))).then_some(e)
        })
        .collect()
}
