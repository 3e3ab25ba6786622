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

pub use network::{internal, stranded_in, tier_error, tier_error_of, tier_warning, TierError};
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

/// What a finding's row shows of its rule before its explanation: the rule's id, severity,
/// title and source, without the `why` and `fix` texts. Its own table ([`all_heads`], made from
/// the areas' rules at compile time), so that code reading a rule's title or a finding's id
/// (the app's findings list and its link to the canvas, the reading of a finding's id) does not
/// reach the rules' explanations: the app's wasm is split by what each function reaches, data
/// included, and the ~40 kB of `why` and `fix` texts go with the page's analyses' code, which
/// makes every finding the page shows (BENCHMARKS.md, s59-size). [`RuleMeta`] (and
/// [`all_rules`], [`rule`], [`Finding::meta`]) still holds all of it.
#[derive(Clone, Copy, Debug)]
pub struct RuleHead {
    /// As [`RuleMeta::id`].
    pub id: &'static str,
    pub severity: Severity,
    /// As [`RuleMeta::title`].
    pub title: &'static str,
    /// As [`RuleMeta::source`].
    pub source: &'static str,
}

/// The heads of `areas`' rules, then `last`'s, in that order (the order of [`all_rules`]);
/// evaluated at compile time, so no `why` or `fix` text is in the result's data.
const fn heads<const N: usize>(areas: &[&[RuleMeta]], last: &[RuleMeta]) -> [RuleHead; N] {
    const NONE: RuleHead = RuleHead { id: "", severity: Severity::Advice, title: "", source: "" };
    let mut out = [NONE; N];
    let (mut a, mut k) = (0, 0);
    while a <= areas.len() {
        let rules = if a < areas.len() { areas[a] } else { last };
        let mut i = 0;
        while i < rules.len() {
            let r = &rules[i];
            out[k] = RuleHead { id: r.id, severity: r.severity, title: r.title, source: r.source };
            k += 1;
            i += 1;
        }
        a += 1;
    }
    assert!(k == N, "RULE_COUNT is the number of rules");
    out
}

/// Every rule's head ([`RuleHead`]), at the same positions as in [`all_rules`].
static HEADS: [RuleHead; RULE_COUNT] = heads(AREA_RULES, capacity::RULES);

/// Every rule's head, in the order of [`all_rules`] (the rules without their `why` and `fix`).
pub fn all_heads() -> &'static [RuleHead] {
    &HEADS
}

/// Looks a rule's head up by id ([`rule`] without the `why` and `fix` texts).
pub fn head(id: &str) -> Option<&'static RuleHead> {
    rank_of(id).map(|i| &HEADS[i])
}

/// A suppression that applied to a finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suppressed {
    /// The node whose suppression matched.
    pub node: NodeId,
    pub reason: String,
}

/// One problem found in one design. `Eq` and `Hash` compare the whole content (the page keys
/// the findings list's rows by it, so a row is rebuilt exactly when its finding changed).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    head(&id).map(|r| r.id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule id {id:?}")))
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
    /// The rule's head (id, severity, title, source): [`Finding::meta`] without the `why` and
    /// `fix` texts, for code that shows only the title ([`RuleHead`]).
    pub fn head(&self) -> &'static RuleHead {
        head(self.rule).expect("findings are only made from registered rules")
    }
    pub fn is_suppressed(&self) -> bool {
        self.suppressed.is_some()
    }
}

/// Appends the items of `new` that `list` does not hold yet, in order of first appearance:
/// exactly what pushing them one by one with a `contains` check gives, without its quadratic
/// cost on long lists. Long lists are checked through a hash set of references (each id
/// hashed once, none copied but the ones added).
fn add_unique<'a, T: Clone + Eq + std::hash::Hash + 'a>(list: &mut Vec<T>, new: impl IntoIterator<Item = &'a T>) {
    let new: Vec<&T> = new.into_iter().collect();
    if list.len() + new.len() <= 16 {
        for x in new {
            if !list.contains(x) {
                list.push(x.clone());
            }
        }
        return;
    }
    let added: Vec<&T> = {
        let mut seen: rustc_hash::FxHashSet<&T> = list.iter().collect();
        new.into_iter().filter(|x| seen.insert(*x)).collect()
    };
    list.extend(added.into_iter().cloned());
}

/// Every rule, grouped by area in a fixed order.
pub fn all_rules() -> &'static [RuleMeta] {
    static ALL: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v = Vec::new();
        for rules in AREA_RULES {
            v.extend_from_slice(rules);
        }
        v.extend_from_slice(capacity::RULES);
        v
    })
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    rank_of(id).map(|i| &all_rules()[i])
}

/// A rule's position in [`all_rules`]: one hash of the id (the registry holds 150-odd rules;
/// every finding is ranked, and its metadata looked up, by id).
fn rank_of(id: &str) -> Option<usize> {
    static RANK: OnceLock<rustc_hash::FxHashMap<&'static str, usize>> = OnceLock::new();
    RANK.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        // The heads, not the rules: the same ids at the same positions, without the
        // explanations (a lookup by id must not reach them; `RuleHead`).
        for (i, r) in all_heads().iter().enumerate() {
            // The first rule with an id wins, as a search from the start would find it.
            m.entry(r.id).or_insert(i);
        }
        m
    })
    .get(id)
    .copied()
}

/// Makes [`AREA_RULES`] and [`AREA_CHECKS`] from one list, so that each area is named once and
/// the two tables cannot drift apart (an area in one and not the other, or in another place).
macro_rules! areas {
    ($($area:ident),* $(,)?) => {
        /// Each area's rules, in the order of [`AREA_CHECKS`]. Apart from the checks, so that
        /// reading a rule's metadata ([`all_rules`], [`rule`], [`Finding::meta`]: the app's
        /// findings views and the reading of a finding's id) reaches none of the check
        /// functions: the app's wasm is split by what each function reaches (a table of both
        /// took every check into the app's first download with a finding's title;
        /// BENCHMARKS.md, s54-engine).
        const AREA_RULES: &[&[RuleMeta]] = &[$($area::RULES),*];

        /// How many rules there are ([`all_rules`]'s length; the capacity rules last).
        const RULE_COUNT: usize = 0 $(+ $area::RULES.len())* + capacity::RULES.len();

        /// Each area's check, in the order of [`AREA_RULES`].
        const AREA_CHECKS: &[fn(&Topology, &mut Vec<Finding>)] = &[$($area::check),*];
    };
}

// The capacity rules come last in `all_rules` (`capacity::RULES`): they read the capacity
// analysis, not the topology, and are checked on their own ([`capacity_in`]).
areas! {
    network,
    availability,
    api,
    containers,
    ec2,
    s3,
    cloudfront,
    observability,
    resilience,
    ml,
    security,
    messaging,
}

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
    // Room for as many findings as nodes up front: grown by doubling instead, the list (tens
    // of thousands of findings at 5,000 nodes) was copied into fresh memory a dozen times, a
    // cost that grew faster than the design (callgrind, s26). Capacity never written is never
    // touched.
    let mut out = Vec::with_capacity(cx.design.nodes.len());
    for check in AREA_CHECKS {
        check(topo, &mut out);
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
    for check in AREA_CHECKS {
        check(topo, &mut out);
    }
    capacity::check(topo, &mut out);
    finish(topo.design, out)
}

/// The findings as [`check`] returns them: marked suppressed, ordered, deduplicated.
pub(crate) fn finish(design: &Design, mut out: Vec<Finding>) -> Vec<Finding> {
    apply_suppressions(design, &mut out);
    // Rank = position in the catalog of rules, so related rules stay together.
    let rank = |id: &str| rank_of(id).unwrap_or(usize::MAX);
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
    // Most designs carry few suppressions: look only at the nodes that have some (a finding
    // on a node without any is not silenced by it), one hash per node of a finding.
    let silencing: rustc_hash::FxHashMap<&NodeId, &Node> = design.nodes.values().filter(|n| !n.suppressions.is_empty()).map(|n| (&n.id, n)).collect();
    for f in findings.iter_mut() {
        f.suppressed = if silencing.is_empty() { None } else { suppression_among(&silencing, f.rule, &f.nodes) };
    }
}

/// [`suppression_for`] over the nodes that carry suppressions, by id.
fn suppression_among(silencing: &rustc_hash::FxHashMap<&NodeId, &Node>, rule: &str, nodes: &[NodeId]) -> Option<Suppressed> {
    for id in nodes {
        let Some(n) = silencing.get(id) else { continue };
        if let Some(s) = n.suppressions.iter().find(|s| suppression_matches(&s.rule, rule)) {
            return Some(Suppressed { node: id.clone(), reason: s.reason.clone() });
        }
    }
    None
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

/// How a node is named in messages: `RDS database "orders-db"`. The label as the diagram
/// shows it ([`crate::text::shown_label`]): a direction override as a mark, so it cannot
/// reverse the message around it, and a label pasted by mistake cut at 160 characters.
pub(crate) fn name(n: &Node) -> String {
    let kind = crate::catalog::kind(&n.kind).map(|k| k.name).unwrap_or(n.kind.as_str());
    let label = if n.label.is_empty() { n.id.as_str() } else { n.label.as_str() };
    let label = crate::text::shown_label(label);
    // Written piece by piece (one allocation of the right size): every finding names its
    // nodes, thousands of times in a large design, and `format!` costs several times more.
    let mut s = String::with_capacity(kind.len() + label.len() + 3);
    s.push_str(kind);
    s.push_str(" \"");
    s.push_str(&label);
    s.push('"');
    s
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

/// Node names for a message's [`list`], written only as far as the list shows them: a
/// finding on every workload of a VPC names hundreds, its message shows five and a count.
pub(crate) struct Names {
    /// The first names (all of them for a list of up to six).
    shown: Vec<String>,
    len: usize,
}

impl Names {
    pub(crate) fn of<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> Names {
        let mut shown = Vec::new();
        let mut len = 0;
        for n in nodes {
            if len <= LIST_SHOWN {
                shown.push(name(n));
            }
            len += 1;
        }
        Names { shown, len }
    }
    pub(crate) fn len(&self) -> usize {
        self.len
    }
    /// What [`list`] of every name gives.
    pub(crate) fn list(&self) -> String {
        list_of(&self.shown, self.len)
    }
}

/// How many items a long [`list`] shows before "and N more".
const LIST_SHOWN: usize = 5;

/// A list for messages: `a, b and c`; long lists are cut to the first five and a count.
pub(crate) fn list(items: &[String]) -> String {
    list_of(items, items.len())
}

/// [`list`] of `len` items of which `shown` holds the first (at least [`LIST_SHOWN`] of them,
/// or all when there are no more than `LIST_SHOWN + 1`).
fn list_of(shown: &[String], len: usize) -> String {
    if len > LIST_SHOWN + 1 {
        return format!("{}, and {} more", shown[..LIST_SHOWN].join(", "), len - LIST_SHOWN);
    }
    match len {
        0 => String::new(),
        1 => shown[0].clone(),
        n => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
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
            // AWS's own Knowledge Center (re:Post) answers are AWS documentation too: written
            // and kept by AWS support engineers (net.internet-facing-lb-not-public cites one).
            let aws_doc = r.source.starts_with("https://docs.aws.amazon.com/") || r.source.starts_with("https://aws.amazon.com/") || r.source.starts_with("https://repost.aws/knowledge-center/");
            assert!(seed || aws_doc, "source of {} must be a seed file name or an AWS documentation page: {}", r.id, r.source);
            assert!(!r.title.contains('\n'));
        }
        assert!(all_rules().len() >= 55);
    }

    /// Each area's check makes findings only of that area's rules (the same index in
    /// [`AREA_RULES`]): run on every rule's failing fixture, no check reports a rule listed
    /// under another area. With the `areas!` list this pins each rule to the check that makes it.
    #[test]
    fn each_area_check_reports_only_its_own_rules() {
        assert_eq!(AREA_RULES.len(), AREA_CHECKS.len());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        let mut made = vec![0usize; AREA_CHECKS.len()];
        for r in all_rules() {
            let text = std::fs::read_to_string(root.join(r.id).join("fail.json")).unwrap();
            let d: Design = serde_json::from_str(&text).unwrap();
            let topo = Topology::new(&d);
            for (i, check) in AREA_CHECKS.iter().enumerate() {
                let mut out = Vec::new();
                check(&topo, &mut out);
                for f in &out {
                    assert!(AREA_RULES[i].iter().any(|m| m.id == f.rule), "area {i}'s check reports {}, listed in another area", f.rule);
                }
                made[i] += out.len();
            }
        }
        // Every area's check fires on some fixture (so each was tested).
        assert!(made.iter().all(|&n| n > 0), "{made:?}");
    }

    /// `add_unique` on long lists (the hash-set path) gives exactly what pushing each item
    /// with a `contains` check gives: first appearances, in order.
    #[test]
    fn add_unique_on_long_lists_keeps_first_appearances_in_order() {
        let ids: Vec<NodeId> = (0..40).map(|i| NodeId::new(&format!("svc-{}", (i * 7) % 13))).collect();
        let mut start: Vec<NodeId> = vec![NodeId::new("svc-3"), NodeId::new("db")];
        let mut naive = start.clone();
        for x in &ids {
            if !naive.contains(x) {
                naive.push(x.clone());
            }
        }
        add_unique(&mut start, &ids);
        assert_eq!(start, naive);
        // 2 held + the 13 distinct svc-k, of which svc-3 was held: 14.
        assert_eq!(start.len(), 14);
        assert_eq!(start[..3], [NodeId::new("svc-3"), NodeId::new("db"), NodeId::new("svc-0")]);
    }

    /// The rule lookup by hash answers what a search of the registry from its start did.
    #[test]
    fn rules_are_found_by_id_at_their_registry_position() {
        for (i, r) in all_rules().iter().enumerate() {
            assert_eq!(rank_of(r.id), Some(i), "{}", r.id);
            assert!(std::ptr::eq(rule(r.id).unwrap(), &all_rules()[i]));
        }
        assert!(rule("net.no-such-rule").is_none());
        assert!(rule("").is_none());
        assert!(head("net.no-such-rule").is_none());
    }

    /// Each rule's head is its metadata without the `why` and `fix`, at the same position.
    #[test]
    fn heads_are_the_rules_without_their_texts() {
        assert_eq!(all_heads().len(), all_rules().len());
        for (h, r) in all_heads().iter().zip(all_rules()) {
            assert_eq!((h.id, h.severity, h.title, h.source), (r.id, r.severity, r.title, r.source));
            assert!(std::ptr::eq(head(r.id).unwrap(), h));
        }
    }

    /// Marking through the table of nodes that carry suppressions gives, for every finding,
    /// what `suppression_for` (the totals' entry point) gives.
    #[test]
    fn suppressions_marked_in_one_pass_equal_suppression_for() {
        use crate::model::Suppression;
        let mut d = crate::sample::synthetic(300);
        let findings = check(&d);
        // Silence three rules on nodes of their own findings: an exact id, an area wildcard
        // and a rule that is not the finding's (must not match).
        let picks: Vec<(NodeId, String)> = [0, findings.len() / 2, findings.len() - 1].iter().map(|&i| (findings[i].nodes[0].clone(), findings[i].rule.to_string())).collect();
        d.nodes.get_mut(&picks[0].0).unwrap().suppressions.push(Suppression { rule: picks[0].1.clone(), reason: "exact".into() });
        let area = format!("{}*", &picks[1].1[..picks[1].1.find('.').unwrap() + 1]);
        d.nodes.get_mut(&picks[1].0).unwrap().suppressions.push(Suppression { rule: area, reason: "area".into() });
        d.nodes.get_mut(&picks[2].0).unwrap().suppressions.push(Suppression { rule: "zz.not-a-rule".into(), reason: "never".into() });
        let marked = check(&d);
        let silenced = marked.iter().filter(|f| f.suppressed.is_some()).count();
        assert!(silenced >= 2 && silenced < marked.len(), "{silenced} of {}", marked.len());
        for f in &marked {
            assert_eq!(f.suppressed, suppression_for(&d, f.rule, &f.nodes), "{} {:?}", f.rule, f.nodes);
        }
        // No suppression anywhere: nothing is marked.
        assert!(check(&crate::sample::synthetic(300)).iter().all(|f| f.suppressed.is_none()));
    }

    /// The topology's lookups by position answer what the design's ordered maps and a scan
    /// of the endpoints did: every node by id, and the first endpoint (in id order) of a VPC
    /// for a service.
    #[test]
    fn topology_lookups_by_position_equal_the_design_maps() {
        let mut d = crate::sample::synthetic(300);
        // A second S3 gateway endpoint in the VPC, later in id order: the first still answers.
        let mut second = d.nodes[&NodeId::new("vpce-s3")].clone();
        second.id = NodeId::new("vpce-s3-z");
        d.nodes.insert(second.id.clone(), second);
        let t = Topology::new(&d);
        for id in d.nodes.keys() {
            assert!(std::ptr::eq(t.node(id).unwrap(), &d.nodes[id]));
        }
        assert!(t.node(&NodeId::new("no-such-node")).is_none());
        let vpc = NodeId::new("vpc");
        for key in ["s3", "dynamodb", "ecr", "sqs", "cloudwatch"] {
            let kind = if matches!(key, "s3" | "dynamodb") { "vpc-endpoint-gateway" } else { "vpc-endpoint-interface" };
            let scan = t.of_kind(kind).iter().find(|ep| t.vpc_of(&ep.id).is_some_and(|v| v.id == vpc) && d.text(ep, "service") == key).map(|ep| &ep.id);
            assert_eq!(t.endpoint_for(&vpc, key), scan, "{key}");
        }
        assert_eq!(t.endpoint_for(&vpc, "s3"), Some(&NodeId::new("vpce-s3")));
        assert_eq!(t.endpoint_for(&vpc, "sqs"), None);
    }

    /// `Names::list` writes what `list` of every name writes, at every length around the cut.
    #[test]
    fn names_listed_as_far_as_shown_equal_the_whole_list() {
        let d = crate::sample::synthetic(100);
        let nodes: Vec<&Node> = d.nodes.values().collect();
        for n in 0..=9 {
            let all: Vec<String> = nodes[..n].iter().map(|x| name(x)).collect();
            let names = Names::of(nodes[..n].iter().copied());
            assert_eq!(names.list(), list(&all), "{n} names");
            assert_eq!(names.len(), n);
        }
        // 9 names: five shown, "and 4 more" (9 − 5).
        assert!(Names::of(nodes[..9].iter().copied()).list().ends_with(", and 4 more"));
    }

    #[test]
    fn wildcard_suppressions() {
        assert!(suppression_matches("net.*", "net.db-in-public-subnet"));
        assert!(suppression_matches("*", "ha.rds-single-az"));
        assert!(!suppression_matches("net.*", "ha.rds-single-az"));
        assert!(suppression_matches("ha.rds-single-az", "ha.rds-single-az"));
    }

    /// The page keys each row of its findings list by the finding (web `findings::keyed`):
    /// equal and equally hashed exactly when every field is the same, so a row is kept only
    /// for an unchanged finding. (On main `Finding` has no `Eq + Hash`: this does not build.)
    #[test]
    fn findings_compare_and_hash_by_their_whole_content() {
        use std::collections::HashSet;
        let meta = all_rules().first().expect("a rule");
        let base = Finding::new(meta, "m").node(&NodeId::new("a")).conn(&ConnId::new("c"));
        let mut changed = vec![
            Finding { message: "n".into(), ..base.clone() },
            Finding::new(meta, "m").node(&NodeId::new("b")).conn(&ConnId::new("c")),
            Finding::new(meta, "m").node(&NodeId::new("a")).conn(&ConnId::new("d")),
            Finding { suppressed: Some(Suppressed { node: NodeId::new("a"), reason: "known".into() }), ..base.clone() },
            Finding { severity: if base.severity == Severity::Error { Severity::Advice } else { Severity::Error }, ..base.clone() },
        ];
        if let Some(other) = all_rules().get(1) {
            changed.push(Finding { rule: other.id, ..base.clone() });
        }
        let set: HashSet<&Finding> = std::iter::once(&base).chain(&changed).collect();
        assert_eq!(set.len(), changed.len() + 1, "each change makes another key");
        assert!(set.contains(&base.clone()), "an equal finding finds its row");
        for c in &changed {
            assert_ne!(c, &base);
        }
    }
}
