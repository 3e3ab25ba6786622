//! Best-practice rules drawn from the seed articles.
//!
//! Every concrete recommendation in a seed article that a design can be checked against is a
//! rule here. A rule has a stable id (`net.db-in-public-subnet`), a severity, a one-line title,
//! a short "why" in our own words, a concrete fix and the seed article it comes from.
//!
//! How a check runs:
//! 1. [`topology::Topology`] analyses the design once: placement (subnet tier, AZ, VPC,
//!    region), reachability from the internet, egress routes, AWS-service access paths, tiers
//!    and their AZ spread, synchronous call chains. It is computed once and shared, so no rule
//!    walks the graph on its own and a check stays linear in the size of the design.
//! 2. Each area module (network, availability, api, ...) reads the topology and pushes
//!    [`Finding`]s.
//! 3. Suppressions are applied: a finding whose nodes carry a suppression for its rule is kept
//!    but marked suppressed, with the architect's reason. Suppressed findings are shown, never
//!    hidden, so a reviewer can see what was waved through and why.
//! 4. Findings are sorted (severity, rule, nodes, message) so the output is deterministic.
//!
//! Severities: `error` = insecure or broken as drawn (the CLI exits non-zero), `warning` = a
//! risk or waste the seed articles call out, `advice` = worth considering.

/// Declares a rule's metadata as a constant: `rule!(NAME, "area.id", Warning, "title", "why", "fix", "seed.txt");`
macro_rules! rule {
    ($name:ident, $id:literal, $sev:ident, $title:literal, $why:literal, $fix:literal, $src:literal) => {
        pub(super) const $name: super::RuleMeta =
            super::RuleMeta { id: $id, severity: super::Severity::$sev, title: $title, why: $why, fix: $fix, source: $src };
    };
}

pub mod topology;

mod api;
mod availability;
mod capacity;
mod cloudfront;
mod containers;
mod ec2;
mod messaging;
mod ml;
mod network;
mod observability;
mod resilience;
mod s3;
mod security;

pub use topology::Topology;

use crate::model::{ConnId, Design, Node, NodeId};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Insecure or broken as drawn; `cloudwright check` exits 1 while one is unsuppressed.
    Error,
    /// A risk or a waste the seed articles call out.
    Warning,
    /// Worth considering; often a cheaper or simpler option.
    Advice,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Advice];
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        }
    }
}

/// What a rule is, independent of any design.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleMeta {
    /// Stable id, `area.short-name`. Saved in designs (suppressions): never rename one.
    pub id: &'static str,
    pub severity: Severity,
    /// One line.
    pub title: &'static str,
    /// Why it matters, in our own words.
    pub why: &'static str,
    /// What to change.
    pub fix: &'static str,
    /// Where it comes from: the seed article (file name under the seeds folder), or, for
    /// advice the seeds do not give, the AWS documentation page (an `https://` address).
    pub source: &'static str,
}

/// A suppression that applied to a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    /// The node whose suppression matched.
    pub node: NodeId,
    pub reason: String,
}

/// One problem found in one design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// A rule's id, read back (from the analysis worker's answer) as the registry's own id.
    #[serde(deserialize_with = "rule_id")]
    pub rule: RegistryId,
    pub severity: Severity,
    /// Specific to the design: names the nodes and the values that triggered the rule.
    pub message: String,
    /// The nodes the finding points at; the first is the main subject.
    pub nodes: Vec<NodeId>,
    pub connections: Vec<ConnId>,
    /// Set when a node of the finding silences the rule; the finding is still returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppressed>,
}

/// A rule id as [`all_rules`] holds it. (An alias, so serde's derive does not take the field
/// for a string borrowed from the input, which would tie a finding to the input's lifetime.)
pub type RegistryId = &'static str;

/// Reads a finding's rule id back as the `&'static` id of the rule in [`all_rules`]: an
/// unknown id is an error, never a leaked string.
fn rule_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let id = String::deserialize(d)?;
    rule(&id).map(|r| r.id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule id {id:?}")))
}

impl Finding {
    pub fn new(rule: &RuleMeta, message: impl Into<String>) -> Self {
        Finding { rule: rule.id, severity: rule.severity, message: message.into(), nodes: Vec::new(), connections: Vec::new(), suppressed: None }
    }
    pub fn node(mut self, id: &NodeId) -> Self {
        if !self.nodes.contains(id) {
            self.nodes.push(id.clone());
        }
        self
    }
    /// Adds each node not listed yet, in order. Linear in the list (a finding on every
    /// workload of a VPC names hundreds): long lists are deduplicated through a set.
    pub fn nodes<'a>(mut self, ids: impl IntoIterator<Item = &'a NodeId>) -> Self {
        add_unique(&mut self.nodes, ids);
        self
    }
    pub fn conn(mut self, id: &ConnId) -> Self {
        if !self.connections.contains(id) {
            self.connections.push(id.clone());
        }
        self
    }
    /// Adds each connection not listed yet, in order (as [`Finding::nodes`]).
    pub fn conns<'a>(mut self, ids: impl IntoIterator<Item = &'a ConnId>) -> Self {
        add_unique(&mut self.connections, ids);
        self
    }
    /// The rule's metadata (title, why, fix, source).
    pub fn meta(&self) -> &'static RuleMeta {
        rule(self.rule).expect("findings are only made from registered rules")
    }
    pub fn is_suppressed(&self) -> bool {
        self.suppressed.is_some()
    }
}

/// Appends the items of `new` that `list` does not hold yet, in order of first appearance:
/// exactly what pushing them one by one with a `contains` check gives, without its quadratic
/// cost on long lists.
fn add_unique<'a, T: Clone + Ord + 'a>(list: &mut Vec<T>, new: impl IntoIterator<Item = &'a T>) {
    let new: Vec<&T> = new.into_iter().collect();
    if list.len() + new.len() <= 16 {
        for x in new {
            if !list.contains(x) {
                list.push(x.clone());
            }
        }
        return;
    }
    let mut seen: std::collections::BTreeSet<T> = list.iter().cloned().collect();
    for x in new {
        if seen.insert(x.clone()) {
            list.push(x.clone());
        }
    }
}

/// Every rule, grouped by area in a fixed order.
pub fn all_rules() -> &'static [RuleMeta] {
    static ALL: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v = Vec::new();
        for area in AREAS {
            v.extend_from_slice(area.rules);
        }
        v.extend_from_slice(capacity::RULES);
        v
    })
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    all_rules().iter().find(|r| r.id == id)
}

struct Area {
    rules: &'static [RuleMeta],
    check: fn(&Topology, &mut Vec<Finding>),
}

const AREAS: &[Area] = &[
    Area { rules: network::RULES, check: network::check },
    Area { rules: availability::RULES, check: availability::check },
    Area { rules: api::RULES, check: api::check },
    Area { rules: containers::RULES, check: containers::check },
    Area { rules: ec2::RULES, check: ec2::check },
    Area { rules: s3::RULES, check: s3::check },
    Area { rules: cloudfront::RULES, check: cloudfront::check },
    Area { rules: observability::RULES, check: observability::check },
    Area { rules: resilience::RULES, check: resilience::check },
    Area { rules: ml::RULES, check: ml::check },
    Area { rules: security::RULES, check: security::check },
    Area { rules: messaging::RULES, check: messaging::check },
    // The capacity rules come last (`capacity::RULES`): they read the capacity analysis, not
    // the topology, and are checked on their own ([`capacity_in`]).
];

/// Checks a design against every rule. Deterministic: same design, same findings, same order.
pub fn check(design: &Design) -> Vec<Finding> {
    check_in(&crate::analysis::Context::new(design))
}

/// [`check`] on a shared analysis context: its topology, and the capacity findings from its
/// capacity plan (built once per revision, with the traffic the bill and latency read).
pub fn check_in(cx: &crate::analysis::Context<'_>) -> Vec<Finding> {
    let mut out = structural_in(cx);
    out.extend(capacity_in(cx));
    finish(cx.design, out)
}

/// The findings of every area but the capacity rules, as the areas make them (neither
/// marked suppressed nor ordered): what reads the topology and the traffic at ×1.
/// [`check_in`] is this, then [`capacity_in`], then [`finish`].
pub(crate) fn structural_in(cx: &crate::analysis::Context<'_>) -> Vec<Finding> {
    let topo = cx.topology();
    if topo.traffic.get().is_none() {
        let _ = topo.traffic.set(cx.shared_traffic());
    }
    let mut out = Vec::new();
    for area in AREAS {
        (area.check)(topo, &mut out);
    }
    out
}

/// The capacity rules' findings (from the context's capacity plan at ×1), as made.
pub(crate) fn capacity_in(cx: &crate::analysis::Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    capacity::from_findings(&cx.capacity_plan().findings(1.0), &mut out);
    out
}

/// Same as [`check`], reusing a topology the caller already computed (the UI also draws it).
pub fn check_with(topo: &Topology) -> Vec<Finding> {
    let mut out = Vec::new();
    for area in AREAS {
        (area.check)(topo, &mut out);
    }
    capacity::check(topo, &mut out);
    finish(topo.design, out)
}

/// The findings as [`check`] returns them: marked suppressed, ordered, deduplicated.
pub(crate) fn finish(design: &Design, mut out: Vec<Finding>) -> Vec<Finding> {
    apply_suppressions(design, &mut out);
    // Rank = position in the catalog of rules, so related rules stay together.
    let rank = |id: &str| all_rules().iter().position(|r| r.id == id).unwrap_or(usize::MAX);
    let mut keyed: Vec<(Severity, usize, Finding)> = out.into_iter().map(|f| (f.severity, rank(f.rule), f)).collect();
    crate::order::sort_by(&mut keyed, |a, b| {
        (a.0, a.1, &a.2.nodes, &a.2.connections, &a.2.message).cmp(&(b.0, b.1, &b.2.nodes, &b.2.connections, &b.2.message))
    });
    let mut sorted: Vec<Finding> = keyed.into_iter().map(|(_, _, f)| f).collect();
    // Two paths can lead a rule to the same conclusion; report it once.
    sorted.dedup_by(|a, b| a.rule == b.rule && a.nodes == b.nodes && a.connections == b.connections && a.message == b.message);
    sorted
}

/// Marks findings silenced by a suppression on one of their nodes. A suppression names a
/// rule id exactly, or a whole area with a trailing `*` (`net.*`), or `*` for every rule.
/// Nothing else in [`check_with`] reads the mark (the order and the deduplication do not), so
/// an edit of suppressions alone re-marks the findings it has ([`crate::analysis::Session`]).
pub(crate) fn apply_suppressions(design: &Design, findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        f.suppressed = suppression_for(design, f.rule, &f.nodes);
    }
}

/// The suppression that silences rule `rule` for a finding on `nodes` (the first node whose
/// suppressions match), if any. Also used for findings made outside [`check`] (the totals
/// at a traffic multiple), so they are silenced exactly as the findings panel silences them.
pub fn suppression_for(design: &Design, rule: &str, nodes: &[NodeId]) -> Option<Suppressed> {
    for id in nodes {
        let Some(n) = design.node(id) else { continue };
        for s in &n.suppressions {
            if suppression_matches(&s.rule, rule) {
                return Some(Suppressed { node: id.clone(), reason: s.reason.clone() });
            }
        }
    }
    None
}

fn suppression_matches(pattern: &str, rule: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => rule.starts_with(prefix),
        None => pattern == rule,
    }
}

/// How a node is named in messages: `RDS database "orders-db"`. A direction override in
/// the label is shown as a mark ([`crate::text::reveal_bidi`]), so it cannot reverse the
/// message around it.
pub(crate) fn name(n: &Node) -> String {
    let kind = crate::catalog::kind(&n.kind).map(|k| k.name).unwrap_or(n.kind.as_str());
    let label = if n.label.is_empty() { n.id.as_str() } else { n.label.as_str() };
    format!("{kind} \"{}\"", crate::text::reveal_bidi(label))
}

/// A path as the user reads it: `Internet users "users" → ALB "web" → RDS database "db"`.
pub(crate) fn path_text(t: &Topology, entry: &NodeId, path: &[&ConnId]) -> String {
    let mut parts = vec![t.node(entry).map(name).unwrap_or_else(|| entry.to_string())];
    for cid in path {
        if let Some(c) = t.design.connections.get(*cid) {
            parts.push(t.node(&c.to).map(name).unwrap_or_else(|| c.to.to_string()));
        }
    }
    parts.join(" → ")
}

/// A list for messages: `a, b and c`; long lists are cut to the first five and a count.
pub(crate) fn list(items: &[String]) -> String {
    const SHOWN: usize = 5;
    if items.len() > SHOWN + 1 {
        return format!("{}, and {} more", items[..SHOWN].join(", "), items.len() - SHOWN);
    }
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        let prefixes = ["net.", "ha.", "api.", "ctr.", "ec2.", "s3.", "cdn.", "obs.", "res.", "ml.", "cost.", "sec.", "msg.", "cap."];
        for r in all_rules() {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(prefixes.iter().any(|p| r.id.starts_with(p)), "bad prefix: {}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'), "{}", r.id);
            assert!(!r.title.is_empty() && !r.why.is_empty() && !r.fix.is_empty());
            let seed = r.source.ends_with(".txt") && !r.source.contains('/');
            let aws_doc = r.source.starts_with("https://docs.aws.amazon.com/") || r.source.starts_with("https://aws.amazon.com/");
            assert!(seed || aws_doc, "source of {} must be a seed file name or an AWS documentation page: {}", r.id, r.source);
            assert!(!r.title.contains('\n'));
        }
        assert!(all_rules().len() >= 55);
    }

    #[test]
    fn wildcard_suppressions() {
        assert!(suppression_matches("net.*", "net.db-in-public-subnet"));
        assert!(suppression_matches("*", "ha.rds-single-az"));
        assert!(!suppression_matches("net.*", "ha.rds-single-az"));
        assert!(suppression_matches("ha.rds-single-az", "ha.rds-single-az"));
    }
}
