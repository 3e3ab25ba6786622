//! The design: nodes, connections, workload assumptions and layout.

use super::{ConnId, NodeId, PropRef, Scenario, Value};
use crate::catalog::{self, KindSpec};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole architecture. Maps are ordered (BTreeMap) so that every analysis, every file
/// written and every snapshot is deterministic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Design {
    pub name: String,
    /// Home region code, e.g. `us-east-1`. Nodes outside any `region` container live here.
    pub region: String,
    #[serde(default)]
    pub nodes: BTreeMap<NodeId, Node>,
    #[serde(default)]
    pub connections: BTreeMap<ConnId, Connection>,
    #[serde(default)]
    pub workload: Workload,
    /// Positions and sizes. Kept apart from topology: no analysis reads it.
    #[serde(default)]
    pub layout: BTreeMap<NodeId, Rect>,
    /// What-if variants of the assumptions and choices (format version 4), in the order the
    /// presenter flips through them (number keys 1–9). See [`crate::scenario`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: NodeId,
    /// A catalog kind id, e.g. `alb`, `rds`, `subnet`.
    pub kind: String,
    #[serde(default)]
    pub label: String,
    /// The container this node sits in (region, VPC, AZ, subnet, ...), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<NodeId>,
    /// A component that spans Availability Zones (format version 5): the further subnets it is
    /// placed in, one per other AZ of its VPC; `parent` is its home subnet (the first). An
    /// ALB's subnets, an Auto Scaling group's `VPCZoneIdentifier`, an ECS service's subnets,
    /// a Multi-AZ database's standby. Empty for everything else. See [`super::span`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub span: Vec<NodeId>,
    /// Only the properties the user set; the rest take the catalog default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, Value>,
    /// Security-group-style ingress beyond what connections imply: a port open to a CIDR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<Ingress>,
    /// Rules silenced on this node, each with the reason the architect gave (shown, not hidden).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
}

impl Node {
    /// A node of catalog kind `kind` (e.g. `alb`) labelled with its id, at the top level, with no
    /// property set: the catalog defaults apply. For building designs directly (tests,
    /// importers, generators); set the other fields with struct update syntax
    /// (`Node { parent: Some(vpc), ..Node::new("alb", "alb") }`). The app's changes go through
    /// [`crate::edit::Edit`].
    pub fn new(id: impl Into<String>, kind: impl Into<String>) -> Self {
        let id: String = id.into();
        Node { id: NodeId::new(id.as_str()), kind: kind.into(), label: id, parent: None, span: Vec::new(), props: BTreeMap::new(), ingress: Vec::new(), suppressions: Vec::new() }
    }
}

/// "Port P is open to CIDR C". Connections already imply "open to the caller's group";
/// this models the other kind of rule, the one the validation rules look for
/// (SSH from 0.0.0.0/0, a database open to a CIDR block).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ingress {
    pub port: u16,
    pub cidr: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub rule: String,
    pub reason: String,
}

/// What a connection means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnKind {
    /// A synchronous request: the caller waits for the answer (on the latency path).
    Sync,
    /// An asynchronous message or event: ends the request path.
    Async,
    /// Data replication between stores (cross-AZ, cross-region).
    Replication,
    /// An association, not traffic: WAF on CloudFront, ACM certificate on an ALB.
    Association,
}

impl ConnKind {
    pub const ALL: [ConnKind; 4] = [ConnKind::Sync, ConnKind::Async, ConnKind::Replication, ConnKind::Association];
    pub fn name(self) -> &'static str {
        match self {
            ConnKind::Sync => "sync",
            ConnKind::Async => "async",
            ConnKind::Replication => "replication",
            ConnKind::Association => "association",
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            ConnKind::Sync => "synchronous request",
            ConnKind::Async => "asynchronous message/event",
            ConnKind::Replication => "data replication",
            ConnKind::Association => "association",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    pub id: ConnId,
    pub from: NodeId,
    pub to: NodeId,
    pub kind: ConnKind,
    /// Share (0..=1) of the source's outgoing traffic of this kind that takes this edge.
    /// `None`: split evenly among the source's edges of the same kind that have no share set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Payload size override in KB (default: the workload's request/response sizes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_kb: Option<f64>,
    /// Destination port, for the security-group view (default: the target's usual port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Client-side timeout in ms, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<f64>,
    /// Retries on failure, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// Whether the caller protects this call with a circuit breaker.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub circuit_breaker: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

impl Connection {
    pub fn new(id: impl Into<ConnId>, from: impl Into<NodeId>, to: impl Into<NodeId>, kind: ConnKind) -> Self {
        Connection {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            kind,
            share: None,
            payload_kb: None,
            port: None,
            timeout_ms: None,
            retries: None,
            circuit_breaker: false,
            label: String::new(),
        }
    }
}

impl From<String> for ConnId {
    fn from(s: String) -> Self {
        ConnId(s)
    }
}
impl From<String> for NodeId {
    fn from(s: String) -> Self {
        NodeId(s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }
    pub fn contains_point(&self, px: f64, py: f64) -> bool {
        px >= self.x && py >= self.y && px <= self.x + self.w && py <= self.y + self.h
    }
}

/// How a design is bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PricingModel {
    #[default]
    OnDemand,
    SavingsPlan1y,
    SavingsPlan3y,
}

/// Workload assumptions the analyses need. Entry volumes (requests per month) live on the
/// entry nodes (`users`); these are the design-wide ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Workload {
    /// Average request payload, KB.
    pub request_kb: f64,
    /// Average response payload, KB.
    pub response_kb: f64,
    /// Peak traffic divided by average traffic (sizes traffic-driven compute).
    pub peak_to_average: f64,
    /// Monthly traffic growth, percent.
    pub growth_pct_per_month: f64,
    pub pricing: PricingModel,
    /// Apply the AWS free tier where it exists.
    pub free_tier: bool,
    /// Business-critical: a regional outage is not acceptable (us-east-1 outage seed).
    pub critical: bool,
    /// People running the platform.
    pub team_size: u32,
    pub team_kubernetes_experience: bool,
    /// Needs portability across clouds or CNCF tools (GitOps, mesh, Karpenter).
    pub needs_portability: bool,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            request_kb: 2.0,
            response_kb: 20.0,
            peak_to_average: 3.0,
            growth_pct_per_month: 0.0,
            pricing: PricingModel::OnDemand,
            free_tier: false,
            critical: false,
            team_size: 5,
            team_kubernetes_experience: false,
            needs_portability: false,
        }
    }
}

/// The place of `key` among a kind's properties (`props`), as `props.iter().position(|p| p.key
/// == key)`. The analyses read properties by string literals, which the release build (LTO, one
/// codegen unit) merges with the catalog's equal literals: compared by address and length first,
/// a read finds its key without comparing text (`memcmp` on every key of the same length was
/// ~1.3 M instructions of a 1,000-node analysis); a key from elsewhere (an edit's, a file's, a
/// build that did not merge) is then found by its text, as before. The same answer either way.
fn key_at(props: &[crate::catalog::PropSpec], key: &str) -> Option<usize> {
    props.iter().position(|p| std::ptr::eq(p.key, key)).or_else(|| props.iter().position(|p| p.key == key))
}

#[cfg(test)]
mod key_at_tests {
    use super::key_at;

    /// By address or by text, the place is the first key equal to `key`, and none for a key
    /// the kind does not define.
    #[test]
    fn key_at_answers_as_a_scan_by_text() {
        for k in crate::catalog::KINDS {
            for (i, p) in k.props.iter().enumerate() {
                assert_eq!(key_at(k.props, p.key), Some(i), "{} {}", k.id, p.key);
                let copy = p.key.to_string();
                assert_eq!(key_at(k.props, &copy), Some(i), "{} {} (a copy)", k.id, p.key);
                assert_eq!(key_at(k.props, &format!("{copy}_")), None);
            }
            assert_eq!(key_at(k.props, ""), None);
            assert_eq!(key_at(k.props, "no_such_key"), None);
        }
    }
}

impl Design {
    pub fn new(name: impl Into<String>, region: impl Into<String>) -> Self {
        Design {
            name: name.into(),
            region: region.into(),
            nodes: BTreeMap::new(),
            connections: BTreeMap::new(),
            workload: Workload::default(),
            layout: BTreeMap::new(),
            scenarios: Vec::new(),
        }
    }

    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }

    pub fn spec(&self, id: &NodeId) -> Option<&'static KindSpec> {
        self.nodes.get(id).and_then(|n| catalog::kind(&n.kind))
    }

    /// The instance types an EC2 Auto Scaling group names, in order ([`Value::named_entries`]
    /// of `instance_types`: blank entries are no type). The first is priced (`cost::kinds`;
    /// none given prices a stand-in the line names); the rules and the CloudFormation and
    /// Terraform exports read the same list, so a blank entry never reaches a launch template.
    pub fn instance_types<'a>(&self, node: &'a Node) -> Vec<&'a str> {
        self.prop_ref(node, "instance_types").map(PropRef::named_entries).unwrap_or_default()
    }

    /// A property's value: the one set on the node, else the catalog default.
    ///
    /// `key` must be a property the catalog defines for the node's kind: in debug builds a
    /// read of any other key panics (see [`catalog::reads`]), because in release it would
    /// silently read the caller's fallback. For "this property on whichever kinds have it",
    /// use [`Design::prop_where_defined`]. Hot paths read with [`Design::prop_ref`] (the
    /// same read, checked and recorded the same way, without copying the value).
    pub fn prop(&self, node: &Node, key: &str) -> Option<Value> {
        self.prop_ref(node, key).map(PropRef::to_value)
    }
    /// [`Design::prop`] without the copy: the value set on the node, borrowed, else the
    /// catalog default. Checked (debug builds), recorded for `tests/catalog_reads.rs` and
    /// noted for [`crate::prop_deps`] exactly as `prop` is.
    pub fn prop_ref<'a>(&self, node: &'a Node, key: &str) -> Option<PropRef<'a>> {
        let spec = catalog::kind(&node.kind);
        #[cfg(debug_assertions)]
        catalog::reads::check(&node.kind, spec, key);
        // The key's place among the kind's properties, found once: the read is noted by it and
        // an unset property's default is read from it.
        let at = spec.and_then(|k| key_at(k.props, key));
        crate::prop_deps::note_at(node, spec, at);
        match node.props.get(key) {
            Some(v) => Some(PropRef::Set(v)),
            None => Some(PropRef::Default(&spec?.props[at?].default)),
        }
    }
    /// The deliberate read across kinds: the property's value (set, else the catalog
    /// default) when the node's kind defines `key`, None when it does not. In debug builds
    /// `key` must be defined by at least one kind of the catalog (a typo panics).
    pub fn prop_where_defined(&self, node: &Node, key: &str) -> Option<Value> {
        self.prop_where_defined_ref(node, key).map(PropRef::to_value)
    }
    /// [`Design::prop_where_defined`] without the copy (checked and recorded the same way).
    pub fn prop_where_defined_ref<'a>(&self, node: &'a Node, key: &str) -> Option<PropRef<'a>> {
        let spec = catalog::kind(&node.kind);
        #[cfg(debug_assertions)]
        catalog::reads::check_any(spec, key);
        let at = spec?.props.iter().position(|p| p.key == key)?;
        let p = &spec?.props[at];
        crate::prop_deps::note_at(node, spec, Some(at));
        Some(match node.props.get(key) {
            Some(v) => PropRef::Set(v),
            None => PropRef::Default(&p.default),
        })
    }
    /// Whether the architect set `key` on the node (rather than leaving the catalog
    /// default). Checked like [`Design::prop`].
    pub fn is_set(&self, node: &Node, key: &str) -> bool {
        #[cfg(debug_assertions)]
        catalog::reads::check(&node.kind, catalog::kind(&node.kind), key);
        crate::prop_deps::note(node, catalog::kind(&node.kind), key);
        node.props.contains_key(key)
    }
    pub fn num(&self, node: &Node, key: &str) -> f64 {
        self.prop_ref(node, key).and_then(PropRef::as_f64).unwrap_or(0.0)
    }
    pub fn flag(&self, node: &Node, key: &str) -> bool {
        self.prop_ref(node, key).and_then(PropRef::as_bool).unwrap_or(false)
    }
    pub fn text(&self, node: &Node, key: &str) -> String {
        self.text_ref(node, key).to_string()
    }
    /// [`Design::text`] borrowed: the text set on the node or the catalog default, "" when
    /// the value is not text.
    pub fn text_ref<'a>(&self, node: &'a Node, key: &str) -> &'a str {
        self.prop_ref(node, key).and_then(PropRef::as_str).unwrap_or("")
    }

    /// Direct children of a container, in id order. O(n): analyses that walk the tree
    /// repeatedly use [`crate::graph::Index`] instead.
    pub fn children<'a>(&'a self, id: &'a NodeId) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes.values().filter(move |n| n.parent.as_ref() == Some(id))
    }

    /// The chain of containers above a node, nearest first.
    pub fn ancestors<'a>(&'a self, id: &NodeId) -> impl Iterator<Item = &'a Node> + 'a {
        // Borrowed ids: walking up allocates nothing (every analysis places every node).
        let mut cur: Option<&'a NodeId> = self.nodes.get(id).and_then(|n| n.parent.as_ref());
        let mut guard = 0usize;
        let limit = self.nodes.len();
        std::iter::from_fn(move || {
            let id = cur.take()?;
            guard += 1;
            if guard > limit {
                return None; // a cycle in a malformed design must not hang the caller
            }
            let n = self.nodes.get(id)?;
            cur = n.parent.as_ref();
            Some(n)
        })
    }

    /// The nearest container of the given kind, e.g. the `subnet` or `vpc` a node sits in.
    pub fn enclosing(&self, id: &NodeId, kind: &str) -> Option<&Node> {
        self.ancestors(id).find(|n| n.kind == kind)
    }

    /// The region a node is in: its enclosing `region` container's code, else the home region.
    pub fn region_of(&self, id: &NodeId) -> String {
        match self.enclosing(id, "region") {
            Some(r) => {
                let code = self.text(r, "code");
                if code.is_empty() { self.region.clone() } else { code }
            }
            None => self.region.clone(),
        }
    }

    /// An unused node id built from a prefix: `alb-1`, `alb-2`, ...
    pub fn fresh_node_id(&self, prefix: &str) -> NodeId {
        (1..)
            .map(|i| NodeId(format!("{prefix}-{i}")))
            .find(|id| !self.nodes.contains_key(id))
            .expect("infinite range")
    }

    /// Adds a connection `from → to` of `kind` under a fresh id (`c1`, `c2`, …) and returns it
    /// for its other fields to be set. For building designs directly (tests, generators); the
    /// app's changes go through [`crate::edit::Edit`].
    pub fn insert_connection(&mut self, from: &str, to: &str, kind: ConnKind) -> &mut Connection {
        let id = self.fresh_conn_id();
        self.connections.entry(id.clone()).or_insert(Connection::new(id, from, to, kind))
    }

    pub fn fresh_conn_id(&self) -> ConnId {
        (1..)
            .map(|i| ConnId(format!("c{i}")))
            .find(|id| !self.connections.contains_key(id))
            .expect("infinite range")
    }

    /// Connections leaving / entering a node.
    pub fn outgoing<'a>(&'a self, id: &'a NodeId) -> impl Iterator<Item = &'a Connection> + 'a {
        self.connections.values().filter(move |c| &c.from == id)
    }
    pub fn incoming<'a>(&'a self, id: &'a NodeId) -> impl Iterator<Item = &'a Connection> + 'a {
        self.connections.values().filter(move |c| &c.to == id)
    }
}
