//! Indexes of a design by node position, shared by the analyses (rules, cost, latency).
//!
//! Built once per analysis run (O(nodes + connections)), so no analysis scans the whole
//! design per node.

use crate::catalog::{self, KindSpec};
use crate::model::{ConnId, ConnKind, Connection, Design, Node, NodeId};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Every node's position: its place in id order (the order of `design.nodes`), assigned once
/// per design revision. Analyses address nodes by position in flat tables (`Vec`s) instead of
/// ordered maps keyed by string ids: a lookup by id is one hash, not log n comparisons of ids
/// that share long prefixes (`svc-0123-…`).
pub fn positions(design: &Design) -> Positions {
    Positions::new(design.nodes.keys().map(NodeId::as_str), design.nodes.len())
}

/// The node positions of a design ([`positions`]), looked up by id.
///
/// The ids are copied once, back to back, into one text (~80 KB at 5,000 nodes, which stays in
/// a 2 MB cache), and a table of positions (hashbrown's `HashTable`, a SwissTable: a control
/// byte and a 4-byte position per bucket) points into it, hashed by [`id_hash`] of the id. A
/// lookup reads the asked id, a group of control bytes, a slot and that copy. (Our own
/// open-addressed table of 8-byte slots did the same; hashbrown's, measured against it by
/// callgrind, is within 0.3% on instructions and last-level misses at 1,000 and 5,000 nodes,
/// so the well-kept library's: BENCHMARKS.md s47-review.) A hash
/// map keyed by `&NodeId` compared the asked id with the node's own: its `String` in the node,
/// in the design's tree, and its text in an allocation of its own — at 5,000 nodes scattered
/// over more than a 2 MB cache holds, so each of the ~30,000 lookups of an analysis (every
/// connection's two ends, parents, the rules' and the capacity plan's lookups) missed about
/// twice (s46-core5000: `HashMap::get` and its `memcmp` were ~100 K of the 1.87 M last-level
/// misses at 5,000). The answers are the same: an id's place in id order, or `None`.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    /// The ids in position order, back to back; id `p` is `text[start[p]..start[p + 1]]`.
    text: Vec<u8>,
    start: Vec<u32>,
    /// Each position, found by its id's hash ([`id_hash`]) and compared with its copy.
    table: hashbrown::HashTable<u32>,
}

impl Positions {
    /// `ids` in position order (`n` of them, distinct: a design's node ids are its map's keys).
    fn new<'a>(ids: impl Iterator<Item = &'a str>, n: usize) -> Self {
        let mut text = Vec::new();
        let mut start = Vec::with_capacity(n + 1);
        start.push(0u32);
        for id in ids {
            text.extend_from_slice(id.as_bytes());
            start.push(u32::try_from(text.len()).expect("node ids under 4 GB"));
        }
        let id = |p: u32| &text[start[p as usize] as usize..start[p as usize + 1] as usize];
        let mut table = hashbrown::HashTable::with_capacity(n);
        for p in 0..start.len() as u32 - 1 {
            table.insert_unique(id_hash(id(p)), p, |&q| id_hash(id(q)));
        }
        Positions { text, start, table }
    }

    /// The position of the node with id `id`; `None`: not a node of the design.
    pub fn get(&self, id: &NodeId) -> Option<usize> {
        self.get_str(id.as_str())
    }

    /// [`Positions::get`] for an id given as text.
    pub fn get_str(&self, id: &str) -> Option<usize> {
        let key = id.as_bytes();
        self.table.find(id_hash(key), |&p| &self.text[self.start[p as usize] as usize..self.start[p as usize + 1] as usize] == key).map(|&p| p as usize)
    }

    /// Whether `id` is a node of the design.
    pub fn contains_key(&self, id: &NodeId) -> bool {
        self.get(id).is_some()
    }

    /// The position of `id`, which must be a node of the design (a container found through a
    /// node's parent chain).
    pub fn at(&self, id: &NodeId) -> usize {
        self.get(id).unwrap_or_else(|| panic!("{id} is not a node of the design"))
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// FxHash of an id's bytes.
fn id_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
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
    /// Each VPC's hosting AZs ([`crate::zones::HostingAzs`]), from the same parents: worked
    /// out once per analysis with the containers and shared (the traffic plan's zones, the
    /// rules' topology, which keeps it, and the bill read this one; each built its own before:
    /// three passes over the nodes and three maps).
    pub hosting: std::sync::Arc<crate::zones::HostingAzs<'d>>,
}

impl<'d> Containers<'d> {
    pub fn new(design: &'d Design, pos: &Positions) -> Self {
        let nodes: Vec<&'d Node> = design.nodes.values().collect();
        let n = nodes.len();
        let parent: Vec<Option<usize>> = nodes.iter().map(|nd| nd.parent.as_ref().and_then(|p| pos.get(p))).collect();
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
                Some(r) => *codes.entry(pos.at(&r.id)).or_insert_with(|| {
                    let code = design.text_ref(r, "code");
                    if code.is_empty() { design.region.as_str() } else { code }
                }),
                None => design.region.as_str(),
            })
            .collect();
        let hosting = std::sync::Arc::new(crate::zones::HostingAzs::with_parents(design, &nodes, &parent));
        Containers { of, region, hosting }
    }
}

/// Lists per node in one flat table: the items of node `p` are `items[start[p]..start[p + 1]]`
/// (a counting sort by node, stable: each node's items keep the order they were given in).
/// One allocation per table instead of one per node.
#[derive(Clone)]
pub(crate) struct Flat<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Flat<T> {
    /// `entries`: (node position, item) in the order each node's items are to be listed;
    /// `n`: the number of nodes.
    pub(crate) fn new(n: usize, entries: &[(usize, T)]) -> Self {
        let mut start = vec![0u32; n + 1];
        for &(p, _) in entries {
            start[p + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next: Vec<u32> = start[..n].to_vec();
        // Every slot is written below; the first item only fills them until then.
        let mut items: Vec<T> = match entries.first() {
            Some(&(_, t)) => vec![t; entries.len()],
            None => Vec::new(),
        };
        for &(p, t) in entries {
            items[next[p] as usize] = t;
            next[p] += 1;
        }
        Flat { start, items }
    }

    pub(crate) fn at(&self, p: usize) -> &[T] {
        &self.items[self.start[p] as usize..self.start[p + 1] as usize]
    }

    /// Node `p`'s items, to change in place (the latency projection normalises its edges'
    /// weights).
    pub(crate) fn at_mut(&mut self, p: usize) -> &mut [T] {
        &mut self.items[self.start[p] as usize..self.start[p + 1] as usize]
    }

    /// Each node's items, in node order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[T]> {
        self.start.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }
}

/// `flat[p]`: node `p`'s items ([`Flat::at`]).
impl<T: Copy> std::ops::Index<usize> for Flat<T> {
    type Output = [T];
    fn index(&self, p: usize) -> &[T] {
        self.at(p)
    }
}

impl<T: Copy> std::ops::IndexMut<usize> for Flat<T> {
    fn index_mut(&mut self, p: usize) -> &mut [T] {
        self.at_mut(p)
    }
}

/// Fast lookups over a design: children per container and connections per node, in flat
/// tables by position ([`positions`]). The lookups by id hash the id once; the `_at` ones
/// take a position and hash nothing.
pub struct Index<'d> {
    pub design: &'d Design,
    /// Nodes in id order: `nodes[p]` is the node at position `p`.
    pub nodes: Vec<&'d Node>,
    /// Each node's kind in the catalog, by position (`None`: a kind the catalog does not
    /// know), looked up once when the index is built. A pass over the nodes that asks only
    /// their kinds reads this table ([`Index::kind_at`], [`Index::spec_at`]) instead of each
    /// node and its kind's text on the heap: at 5,000 nodes those are scattered over more
    /// than the L2 cache holds, and every such pass missed once or twice per node (s27).
    /// It cannot go stale: the index borrows the design, which cannot change while it lives.
    specs: Vec<Option<&'static KindSpec>>,
    pos: Positions,
    /// Connections in id order (the order of `design.connections`): connection `c` is
    /// `conns[c]`.
    pub conns: Vec<&'d Connection>,
    /// Each connection's ends by position, `(from, to)`, in connection id order; `None`: the
    /// end is not a node of the design.
    ends: Vec<(Option<usize>, Option<usize>)>,
    /// Each connection's kind, in connection id order: the passes that filter connections by
    /// kind read this table (one byte each) instead of every connection on the heap, which
    /// at 5,000 nodes (14,350 connections) missed the cache once per connection and pass
    /// (s27, callgrind by line).
    conn_kinds: Vec<ConnKind>,
    /// Each connection's share as drawn (`conns[c].share`), in connection id order, read in
    /// the same pass: the shares' grouping ([`edge_shares_at`]) reads it here, in each source's
    /// order, instead of every connection on the heap again (s44).
    conn_shares: Vec<Option<f64>>,
    children: Flat<&'d Node>,
    /// Positions of each node's children, in the order of `children`.
    child_pos: Flat<usize>,
    outgoing: Flat<&'d Connection>,
    /// The connection (its place in `conns`) of each entry of `outgoing`.
    out_ix: Flat<usize>,
    incoming: Flat<&'d Connection>,
    /// The connection (its place in `conns`) of each entry of `incoming`.
    in_ix: Flat<usize>,
}

impl<'d> Index<'d> {
    pub fn new(design: &'d Design) -> Self {
        let nodes: Vec<&'d Node> = design.nodes.values().collect();
        let specs = nodes.iter().map(|nd| catalog::kind(&nd.kind)).collect();
        let pos = positions(design);
        let n = nodes.len();
        // A parent that is not a node has no children to list (nothing asks for it).
        // The lists below are sized first (at most one entry per node or connection): a
        // `filter_map` gives `collect` no length, and at 5,000 nodes the doubling copies were a
        // visible part of building the index (callgrind, s26).
        let mut parented: Vec<(usize, usize)> = Vec::with_capacity(n);
        parented.extend(nodes.iter().enumerate().filter_map(|(i, nd)| Some((pos.get(nd.parent.as_ref()?)?, i))));
        let child_pos = Flat::new(n, &parented);
        let children = Flat { start: child_pos.start.clone(), items: child_pos.items.iter().map(|&i| nodes[i]).collect() };
        let conns: Vec<&'d Connection> = design.connections.values().collect();
        // Each connection read once for its ends, kind and share: at 5,000 nodes the 14,350
        // connections (~2.5 MB) do not stay in a 2 MB cache between two passes (s44).
        let mut ends: Vec<(Option<usize>, Option<usize>)> = Vec::with_capacity(conns.len());
        let mut conn_kinds: Vec<ConnKind> = Vec::with_capacity(conns.len());
        let mut conn_shares: Vec<Option<f64>> = Vec::with_capacity(conns.len());
        for c in &conns {
            ends.push((pos.get(&c.from), pos.get(&c.to)));
            conn_kinds.push(c.kind);
            conn_shares.push(c.share);
        }
        let mut outs: Vec<(usize, usize)> = Vec::with_capacity(conns.len());
        outs.extend(ends.iter().enumerate().filter_map(|(c, e)| Some((e.0?, c))));
        let out_ix = Flat::new(n, &outs);
        let outgoing = Flat { start: out_ix.start.clone(), items: out_ix.items.iter().map(|&c| conns[c]).collect() };
        let mut ins: Vec<(usize, usize)> = Vec::with_capacity(conns.len());
        ins.extend(ends.iter().enumerate().filter_map(|(c, e)| Some((e.1?, c))));
        let in_ix = Flat::new(n, &ins);
        let incoming = Flat { start: in_ix.start.clone(), items: in_ix.items.iter().map(|&c| conns[c]).collect() };
        Index { design, nodes, specs, pos, conns, ends, conn_kinds, conn_shares, children, child_pos, outgoing, out_ix, incoming, in_ix }
    }

    /// The catalog's entry for the kind of the node at position `p` (what
    /// `catalog::kind(&nodes[p].kind)` answers), without reading the node.
    pub fn spec_at(&self, p: usize) -> Option<&'static KindSpec> {
        self.specs[p]
    }
    /// The kind of the node at position `p`, equal to `nodes[p].kind`: the catalog's copy of
    /// the text (one per kind, always in cache) when the catalog knows the kind; the node's
    /// own otherwise.
    pub fn kind_at(&self, p: usize) -> &'d str {
        match self.specs[p] {
            Some(k) => k.id,
            None => &self.nodes[p].kind,
        }
    }
    /// A node's position (its index in `nodes`).
    pub fn pos(&self, id: &NodeId) -> Option<usize> {
        self.pos.get(id)
    }
    /// The position table itself.
    pub fn positions(&self) -> &Positions {
        &self.pos
    }
    /// Each connection's ends by position, `(from, to)`, in connection id order (`None`: not
    /// a node of the design).
    pub fn ends(&self) -> &[(Option<usize>, Option<usize>)] {
        &self.ends
    }
    /// Each connection's kind, in connection id order (`conn_kinds()[c]` is `conns[c].kind`).
    pub fn conn_kinds(&self) -> &[ConnKind] {
        &self.conn_kinds
    }
    pub fn children_of(&self, id: &NodeId) -> &[&'d Node] {
        self.pos(id).map(|p| self.children.at(p)).unwrap_or(&[])
    }
    pub fn out(&self, id: &NodeId) -> &[&'d Connection] {
        self.pos(id).map(|p| self.outgoing.at(p)).unwrap_or(&[])
    }
    pub fn inc(&self, id: &NodeId) -> &[&'d Connection] {
        self.pos(id).map(|p| self.incoming.at(p)).unwrap_or(&[])
    }
    /// The connections leaving each node (places in [`Index::conns`]), by position, in
    /// connection id order: the table [`Index::out_ends_at`] reads.
    pub(crate) fn out_table(&self) -> &Flat<usize> {
        &self.out_ix
    }
    /// [`Index::out`] by position.
    pub fn out_at(&self, p: usize) -> &[&'d Connection] {
        self.outgoing.at(p)
    }
    /// [`Index::inc`] by position.
    pub fn inc_at(&self, p: usize) -> &[&'d Connection] {
        self.incoming.at(p)
    }
    /// The connections leaving the node at position `p` (places in [`Index::conns`]), in
    /// connection id order, each with its end by position (`None`: not a node).
    pub fn out_ends_at(&self, p: usize) -> impl DoubleEndedIterator<Item = (usize, Option<usize>)> + '_ {
        self.out_ix.at(p).iter().map(|&c| (c, self.ends[c].1))
    }
    /// The connections arriving at the node at position `p` (places in [`Index::conns`]), in
    /// connection id order, each with its start by position (`None`: not a node).
    pub fn inc_ends_at(&self, p: usize) -> impl DoubleEndedIterator<Item = (usize, Option<usize>)> + '_ {
        self.in_ix.at(p).iter().map(|&c| (c, self.ends[c].0))
    }
    /// Every node inside a container, at any depth.
    pub fn descendants(&self, id: &NodeId) -> Vec<&'d Node> {
        match self.pos(id) {
            Some(p) => self.descendants_at(p).into_iter().map(|i| self.nodes[i]).collect(),
            None => Vec::new(),
        }
    }
    /// [`Index::descendants`] by position (the same nodes in the same order).
    pub fn descendants_at(&self, p: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = vec![p];
        while let Some(cur) = stack.pop() {
            for &c in self.child_pos.at(cur) {
                out.push(c);
                stack.push(c);
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

/// [`edge_shares_in_order`] from a graph index: a (source, kind) group is a source's
/// outgoing connections of one kind, which the index lists by the source's position in id
/// order already, so no source id is hashed (one hash of an id and a kind per connection
/// was most of the cost). Each group's fixed shares are summed in id order, as there: the
/// same figures to the bit. Connections whose source is not a node of the design are
/// grouped by id, as there.
pub(crate) fn edge_shares_at(index: &Index<'_>) -> Vec<f64> {
    const KINDS: usize = 4;
    let slot = |k: ConnKind| match k {
        ConnKind::Sync => 0,
        ConnKind::Async => 1,
        ConnKind::Replication => 2,
        ConnKind::Association => 3,
    };
    let mut out = vec![0.0; index.conns.len()];
    for p in 0..index.nodes.len() {
        let outs = index.out_table().at(p);
        if outs.is_empty() {
            continue;
        }
        // Per kind: (fixed shares summed, connections without a share) of this source.
        let mut groups = [(-0.0f64, 0usize); KINDS];
        // The kinds and shares from the index's tables, not from each connection on the heap.
        let (kinds, shares) = (&index.conn_kinds, &index.conn_shares);
        for &c in outs {
            let g = &mut groups[slot(kinds[c])];
            match shares[c] {
                Some(s) => g.0 += s,
                None => g.1 += 1,
            }
        }
        let rest = groups.map(|(fixed, free)| if free > 0 { ((1.0 - fixed).max(0.0)) / free as f64 } else { 0.0 });
        for &c in outs {
            out[c] = shares[c].unwrap_or(rest[slot(kinds[c])]);
        }
    }
    // Sources that are not nodes: grouped by id, as `edge_shares_in_order` does.
    let dangling: Vec<usize> = index.ends().iter().enumerate().filter(|(_, e)| e.0.is_none()).map(|(c, _)| c).collect();
    if !dangling.is_empty() {
        let mut of: FxHashMap<(&NodeId, ConnKind), (f64, usize)> = FxHashMap::default();
        for &c in &dangling {
            let conn = index.conns[c];
            let g = of.entry((&conn.from, conn.kind)).or_insert((-0.0, 0));
            match conn.share {
                Some(s) => g.0 += s,
                None => g.1 += 1,
            }
        }
        for &c in &dangling {
            let conn = index.conns[c];
            let (fixed, free) = of[&(&conn.from, conn.kind)];
            out[c] = conn.share.unwrap_or(if free > 0 { ((1.0 - fixed).max(0.0)) / free as f64 } else { 0.0 });
        }
    }
    out
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

    /// `Positions` answers what a map from each id to its place in id order answers: every id
    /// of generated designs (and of designs with ids that share prefixes, differ by one byte,
    /// are empty or non-ASCII) at its position, and `None` for ids that are not nodes —
    /// prefixes and extensions of real ids, the empty id, parents and ends that name nothing.
    #[test]
    fn positions_answer_as_a_map_by_id() {
        let mut designs: Vec<Design> = [0usize, 1, 7, 120, 1000].iter().map(|&n| crate::sample::synthetic(n)).collect();
        let mut odd = Design::new("odd", "us-east-1");
        for id in ["", "a", "ab", "abc", "b", "ba", "é", "éé", "svc-0001", "svc-0001x", "svc-001", "zz"] {
            odd.nodes.insert(NodeId::new(id), Node::new(id, "lambda"));
        }
        designs.push(odd);
        for d in &designs {
            let pos = positions(d);
            let reference: std::collections::BTreeMap<&str, usize> = d.nodes.keys().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
            assert_eq!(pos.len(), d.nodes.len());
            for (&id, &p) in &reference {
                assert_eq!(pos.get(&NodeId::new(id)), Some(p), "{id}");
                assert_eq!(pos.get_str(id), Some(p));
                assert!(pos.contains_key(&NodeId::new(id)));
                assert_eq!(pos.at(&NodeId::new(id)), p);
                for other in [format!("{id}x"), format!("x{id}"), id.chars().skip(1).collect(), id.chars().rev().skip(1).collect::<Vec<_>>().into_iter().rev().collect()] {
                    assert_eq!(pos.get_str(&other), reference.get(other.as_str()).copied(), "{other:?}");
                }
            }
            for absent in ["", "no-such-node", "svc-"] {
                assert_eq!(pos.get_str(absent), reference.get(absent).copied());
            }
        }
        assert_eq!(Positions::default().get_str("a"), None);
        assert!(Positions::default().is_empty());
    }

    /// The kinds by position are the catalog's answer for each node's kind as it is when the
    /// index is built, and each connection's kind is its own: after random edits, with kinds
    /// changed in place (to another kind of the catalog, to one it does not know, to a prefix
    /// of a kind; a connection's to another kind, its share set or cleared) and nodes removed, so a table built for an
    /// earlier revision, or positions shifted by one, would fail.
    #[test]
    fn kinds_by_position_are_the_catalogs_for_each_node() {
        for (size, seed) in [(40usize, 1u64), (120, 7), (300, 42)] {
            let mut d = crate::sample::synthetic(size);
            let mut rng = seed;
            let mut next = || {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                rng >> 11
            };
            let check = |d: &Design| {
                let index = Index::new(d);
                assert_eq!(index.nodes.len(), d.nodes.len());
                for (p, n) in d.nodes.values().enumerate() {
                    assert!(std::ptr::eq(index.nodes[p], n), "position {p}");
                    assert_eq!(index.kind_at(p), n.kind, "kind at {p}");
                    let want = catalog::kind(&n.kind);
                    assert_eq!(index.spec_at(p).map(|k| k as *const KindSpec), want.map(|k| k as *const KindSpec), "spec at {p} ({})", n.kind);
                }
                assert_eq!(index.conn_kinds().len(), d.connections.len());
                for (c, conn) in d.connections.values().enumerate() {
                    assert_eq!(index.conn_kinds()[c], conn.kind, "connection {c}");
                    assert_eq!(index.conn_shares[c].map(f64::to_bits), conn.share.map(f64::to_bits), "share of connection {c}");
                }
            };
            check(&d);
            for step in 0..12u64 {
                if let Some(e) = crate::sample::seeded_edit(&d, (next() % 7) as u8, next(), next(), (next() % 1000) as f64 / 1000.0) {
                    let _ = e.apply(&mut d);
                }
                // A connection's kind changed in place.
                let n_conns = d.connections.len() as u64;
                if n_conns > 0 {
                    let at = (next() % n_conns) as usize;
                    let kinds = [ConnKind::Sync, ConnKind::Async, ConnKind::Replication, ConnKind::Association];
                    let c = d.connections.values_mut().nth(at).expect("in range");
                    c.kind = kinds[(next() % 4) as usize];
                    // and its share (set, changed or cleared)
                    c.share = [None, Some(0.25), Some((next() % 1000) as f64 / 1000.0)][(next() % 3) as usize];
                }
                let ids: Vec<NodeId> = d.nodes.keys().cloned().collect();
                if ids.is_empty() {
                    break;
                }
                let id = &ids[(next() % ids.len() as u64) as usize];
                let n = d.nodes.get_mut(id).expect("listed");
                match step % 4 {
                    0 => n.kind = "not-a-kind".into(),
                    1 => n.kind = catalog::KINDS[(next() % catalog::KINDS.len() as u64) as usize].id.to_string(),
                    // In place: the same allocation, another text.
                    2 => n.kind.truncate(n.kind.len().saturating_sub(1)),
                    _ => {
                        let gone = id.clone();
                        d.nodes.remove(&gone);
                    }
                }
                check(&d);
            }
        }
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
        // By position from the index: the same bits, also with connections from ids that are
        // no node (grouped by id) and a source with fixed shares of several kinds.
        assert_eq!(bits(edge_shares_at(&Index::new(&d))), bits(grouped(&d)));
        assert_eq!(bits(edge_shares_at(&Index::new(&plain))), bits(grouped(&plain)));
        let mut dangling = d.clone();
        let some: Vec<Connection> = dangling.connections.values().take(40).cloned().collect();
        for (i, mut c) in some.into_iter().enumerate() {
            c.id = ConnId::new(format!("zz-dangling-{i}"));
            c.from = NodeId::new(format!("no-such-node-{}", i % 3));
            c.share = if i % 4 == 0 { Some(0.3) } else { None };
            dangling.connections.insert(c.id.clone(), c);
        }
        assert_eq!(bits(edge_shares_at(&Index::new(&dangling))), bits(grouped(&dangling)));
        assert_eq!(bits(edge_shares_in_order(&dangling)), bits(grouped(&dangling)));
    }
}
