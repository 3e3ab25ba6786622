//! Indexes and petgraph views of a design, shared by the analyses (rules, cost, latency).
//!
//! Built once per analysis run (O(nodes + connections)), so no analysis scans the whole
//! design per node.

use crate::model::{ConnId, ConnKind, Connection, Design, Node, NodeId};
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Every node's position: its place in id order (the order of `design.nodes`), assigned once
/// per design revision. Analyses address nodes by position in flat tables (`Vec`s) instead of
/// ordered maps keyed by string ids: a lookup by id is one hash, not log n comparisons of ids
/// that share long prefixes (`svc-0123-…`).
pub fn positions(design: &Design) -> FxHashMap<&NodeId, usize> {
    let mut pos = FxHashMap::with_capacity_and_hasher(design.nodes.len(), Default::default());
    for (i, id) in design.nodes.keys().enumerate() {
        pos.insert(id, i);
    }
    pos
}

/// The nearest container of each kind above a node (what `Design::enclosing` finds by
/// walking up): its subnet, AZ, VPC and region.
#[derive(Clone, Copy, Debug, Default)]
pub struct Enclosing<'d> {
    pub subnet: Option<&'d Node>,
    pub az: Option<&'d Node>,
    pub vpc: Option<&'d Node>,
    pub region: Option<&'d Node>,
}

impl<'d> Enclosing<'d> {
    /// `below`'s containers, given that its parent is `parent` with containers `self`.
    fn with_parent(mut self, parent: &'d Node) -> Self {
        match parent.kind.as_str() {
            "subnet" => self.subnet = Some(parent),
            "az" => self.az = Some(parent),
            "vpc" => self.vpc = Some(parent),
            "region" => self.region = Some(parent),
            _ => {}
        }
        self
    }

    /// By walking up from `id` (the reference definition; used where a malformed design has a
    /// parent cycle).
    fn walk(design: &'d Design, id: &NodeId) -> Self {
        let mut e = Enclosing::default();
        for a in design.ancestors(id) {
            let slot = match a.kind.as_str() {
                "subnet" => &mut e.subnet,
                "az" => &mut e.az,
                "vpc" => &mut e.vpc,
                "region" => &mut e.region,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(a);
            }
        }
        e
    }
}

/// Where every node sits, by position: its nearest subnet, AZ, VPC and region, and its region
/// code — computed in one pass down the containment tree (each node from its parent's,
/// O(nodes)) instead of a walk up per node and question.
pub struct Containers<'d> {
    pub of: Vec<Enclosing<'d>>,
    /// Region code of each node: its region container's `code`, else the design's home region
    /// (what `Design::region_of` says). Borrowed from the design: no text per node.
    pub region: Vec<&'d str>,
}

impl<'d> Containers<'d> {
    pub fn new(design: &'d Design, pos: &FxHashMap<&'d NodeId, usize>) -> Self {
        let nodes: Vec<&'d Node> = design.nodes.values().collect();
        let n = nodes.len();
        let parent: Vec<Option<usize>> = nodes.iter().map(|nd| nd.parent.as_ref().and_then(|p| pos.get(p).copied())).collect();
        let mut of: Vec<Option<Enclosing<'d>>> = vec![None; n];
        let mut chain: Vec<usize> = Vec::new();
        for i in 0..n {
            if of[i].is_some() {
                continue;
            }
            // The unresolved nodes from i up to the first resolved ancestor (or the top).
            chain.clear();
            chain.push(i);
            let mut cur = i;
            let mut cyclic = false;
            while let Some(p) = parent[cur] {
                if of[p].is_some() {
                    break;
                }
                if chain.len() > n {
                    cyclic = true;
                    break;
                }
                chain.push(p);
                cur = p;
            }
            if cyclic {
                for &c in &chain {
                    if of[c].is_none() {
                        of[c] = Some(Enclosing::walk(design, &nodes[c].id));
                    }
                }
                continue;
            }
            for &c in chain.iter().rev() {
                let e = match parent[c] {
                    Some(p) => of[p].expect("resolved above").with_parent(nodes[p]),
                    None => Enclosing::default(),
                };
                of[c] = Some(e);
            }
        }
        let of: Vec<Enclosing<'d>> = of.into_iter().map(|e| e.unwrap_or_default()).collect();
        // Each region container's code, read once.
        let mut codes: FxHashMap<usize, &'d str> = FxHashMap::default();
        let region = of
            .iter()
            .map(|e| match e.region {
                Some(r) => *codes.entry(pos[&r.id]).or_insert_with(|| {
                    let code = design.text_ref(r, "code");
                    if code.is_empty() { design.region.as_str() } else { code }
                }),
                None => design.region.as_str(),
            })
            .collect();
        Containers { of, region }
    }
}

/// Fast lookups over a design: children per container, connections per node, and a
/// petgraph digraph of the connections (node weights are node ids, edge weights are
/// connection ids). Nodes are addressed by position ([`positions`]; the graph's node index
/// is the position) in flat tables; the lookups by id hash the id once.
pub struct Index<'d> {
    pub design: &'d Design,
    /// Nodes in id order: `nodes[p]` is the node at position `p`.
    pub nodes: Vec<&'d Node>,
    pos: FxHashMap<&'d NodeId, usize>,
    children: Vec<Vec<&'d Node>>,
    outgoing: Vec<Vec<&'d Connection>>,
    incoming: Vec<Vec<&'d Connection>>,
    pub graph: DiGraph<&'d NodeId, &'d ConnId>,
}

impl<'d> Index<'d> {
    pub fn new(design: &'d Design) -> Self {
        let nodes: Vec<&'d Node> = design.nodes.values().collect();
        let pos = positions(design);
        let n = nodes.len();
        let mut children: Vec<Vec<&Node>> = vec![Vec::new(); n];
        let mut graph = DiGraph::with_capacity(n, design.connections.len());
        for nd in &nodes {
            // A parent that is not a node has no children to list (nothing asks for it).
            if let Some(p) = nd.parent.as_ref().and_then(|p| pos.get(p)) {
                children[*p].push(*nd);
            }
            graph.add_node(&nd.id);
        }
        let mut outgoing: Vec<Vec<&Connection>> = vec![Vec::new(); n];
        let mut incoming: Vec<Vec<&Connection>> = vec![Vec::new(); n];
        for c in design.connections.values() {
            let (a, b) = (pos.get(&c.from).copied(), pos.get(&c.to).copied());
            if let Some(a) = a {
                outgoing[a].push(c);
            }
            if let Some(b) = b {
                incoming[b].push(c);
            }
            if let (Some(a), Some(b)) = (a, b) {
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), &c.id);
            }
        }
        Index { design, nodes, pos, children, outgoing, incoming, graph }
    }

    /// A node's position (its index in `nodes` and in `graph`).
    pub fn pos(&self, id: &NodeId) -> Option<usize> {
        self.pos.get(id).copied()
    }
    /// The position table itself.
    pub fn positions(&self) -> &FxHashMap<&'d NodeId, usize> {
        &self.pos
    }
    pub fn children_of(&self, id: &NodeId) -> &[&'d Node] {
        self.pos(id).map(|p| self.children[p].as_slice()).unwrap_or(&[])
    }
    pub fn out(&self, id: &NodeId) -> &[&'d Connection] {
        self.pos(id).map(|p| self.outgoing[p].as_slice()).unwrap_or(&[])
    }
    pub fn inc(&self, id: &NodeId) -> &[&'d Connection] {
        self.pos(id).map(|p| self.incoming[p].as_slice()).unwrap_or(&[])
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
    // One pass in id order numbers each (source, kind) group and adds up its fixed shares and
    // free connections as it goes: each group's fixed shares are summed in id order, as
    // before, so the figures are the same to the bit (one hash per connection, no list of
    // members per group).
    let mut group_of: FxHashMap<(&NodeId, ConnKind), usize> = FxHashMap::default();
    // Per group: (fixed shares summed, connections without a share).
    let mut groups: Vec<(f64, usize)> = Vec::new();
    let mut member: Vec<usize> = Vec::with_capacity(design.connections.len());
    for c in design.connections.values() {
        let g = *group_of.entry((&c.from, c.kind)).or_insert_with(|| {
            groups.push((-0.0, 0));
            groups.len() - 1
        });
        match c.share {
            Some(s) => groups[g].0 += s,
            None => groups[g].1 += 1,
        }
        member.push(g);
    }
    let rest: Vec<f64> = groups.iter().map(|&(fixed, free)| if free > 0 { ((1.0 - fixed).max(0.0)) / free as f64 } else { 0.0 }).collect();
    design.connections.values().zip(&member).map(|(c, &g)| c.share.unwrap_or(rest[g])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shares as they were first worked out: each group's members listed, in id order,
    /// then summed. The reference the one-pass [`edge_shares_in_order`] must equal.
    fn grouped(design: &Design) -> Vec<f64> {
        let mut groups: FxHashMap<(&NodeId, ConnKind), Vec<usize>> = FxHashMap::default();
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

    /// Bit for bit the grouped computation, with shares set on some connections (fixed
    /// shares summing below, to and above 1, and a zero) and left free on the others.
    #[test]
    fn one_pass_shares_equal_the_grouped_ones() {
        let mut d = crate::sample::synthetic(400);
        let fixed = [0.1, 0.35, 0.0, 0.7, 1.0 / 3.0, 0.55];
        for (i, c) in d.connections.values_mut().enumerate() {
            if i % 3 == 0 {
                c.share = Some(fixed[i % fixed.len()]);
            }
        }
        let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
        assert_eq!(bits(edge_shares_in_order(&d)), bits(grouped(&d)));
        let plain = crate::sample::synthetic(400);
        assert_eq!(bits(edge_shares_in_order(&plain)), bits(grouped(&plain)));
    }
}
