//! Indexes and petgraph views of a design, shared by the analyses (rules, cost, latency).
//!
//! Built once per analysis run (O(nodes + connections)), so no analysis scans the whole
//! design per node.

use crate::model::{ConnId, ConnKind, Connection, Design, Node, NodeId};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, HashMap};

/// Fast lookups over a design: children per container, connections per node, and a
/// petgraph digraph of the connections (node weights are node ids, edge weights are
/// connection ids).
pub struct Index<'d> {
    pub design: &'d Design,
    pub children: BTreeMap<&'d NodeId, Vec<&'d Node>>,
    pub outgoing: BTreeMap<&'d NodeId, Vec<&'d Connection>>,
    pub incoming: BTreeMap<&'d NodeId, Vec<&'d Connection>>,
    pub graph: DiGraph<&'d NodeId, &'d ConnId>,
    pub index_of: BTreeMap<&'d NodeId, NodeIndex>,
}

impl<'d> Index<'d> {
    pub fn new(design: &'d Design) -> Self {
        let mut children: BTreeMap<&NodeId, Vec<&Node>> = BTreeMap::new();
        let mut graph = DiGraph::with_capacity(design.nodes.len(), design.connections.len());
        let mut index_of = BTreeMap::new();
        for n in design.nodes.values() {
            if let Some(p) = &n.parent {
                children.entry(p).or_default().push(n);
            }
            index_of.insert(&n.id, graph.add_node(&n.id));
        }
        let mut outgoing: BTreeMap<&NodeId, Vec<&Connection>> = BTreeMap::new();
        let mut incoming: BTreeMap<&NodeId, Vec<&Connection>> = BTreeMap::new();
        for c in design.connections.values() {
            outgoing.entry(&c.from).or_default().push(c);
            incoming.entry(&c.to).or_default().push(c);
            if let (Some(a), Some(b)) = (index_of.get(&c.from), index_of.get(&c.to)) {
                graph.add_edge(*a, *b, &c.id);
            }
        }
        Index { design, children, outgoing, incoming, graph, index_of }
    }

    pub fn children_of(&self, id: &NodeId) -> &[&'d Node] {
        self.children.get(id).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn out(&self, id: &NodeId) -> &[&'d Connection] {
        self.outgoing.get(id).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn inc(&self, id: &NodeId) -> &[&'d Connection] {
        self.incoming.get(id).map(Vec::as_slice).unwrap_or(&[])
    }
    /// Every node inside a container, at any depth.
    pub fn descendants(&self, id: &NodeId) -> Vec<&'d Node> {
        let mut out = Vec::new();
        let mut stack: Vec<&NodeId> = vec![id];
        while let Some(cur) = stack.pop() {
            for c in self.children_of(cur) {
                out.push(*c);
                stack.push(&c.id);
            }
        }
        out
    }
}

/// The share of its source's traffic each connection carries (0..=1).
///
/// Shares are per source and per connection kind: of a node's outgoing `sync` connections,
/// those with an explicit `share` take it, and the rest split what is left evenly (never
/// below zero). This is the one place where shares are interpreted; cost and latency both
/// read it, so they can never disagree.
pub fn edge_shares(design: &Design) -> BTreeMap<ConnId, f64> {
    design.connections.keys().cloned().zip(edge_shares_in_order(design)).collect()
}

/// [`edge_shares`] as a list in connection id order (the order of `design.connections`), for
/// analyses that address connections by position: no id is cloned or compared per lookup.
pub fn edge_shares_in_order(design: &Design) -> Vec<f64> {
    // Each group's connections in id order, so the fixed shares are summed in the same order
    // whatever the grouping structure (the figures are the same to the bit).
    let mut groups: HashMap<(&NodeId, ConnKind), Vec<usize>> = HashMap::new();
    let conns: Vec<&Connection> = design.connections.values().collect();
    for (i, c) in conns.iter().enumerate() {
        groups.entry((&c.from, c.kind)).or_default().push(i);
    }
    let mut out = vec![0.0; conns.len()];
    for members in groups.values() {
        let fixed: f64 = members.iter().filter_map(|&i| conns[i].share).sum();
        let free = members.iter().filter(|&&i| conns[i].share.is_none()).count();
        let rest = if free > 0 { ((1.0 - fixed).max(0.0)) / free as f64 } else { 0.0 };
        for &i in members {
            out[i] = conns[i].share.unwrap_or(rest);
        }
    }
    out
}
