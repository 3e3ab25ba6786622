//! "Tidy up": lays a design (or the selected containers) out the way AWS architecture
//! diagrams are drawn, as one undoable edit.
//!
//! Conventions (AWS Architecture Icons guidance, "groups"):
//! - **AZs are columns** side by side in their VPC; **subnets are rows by tier** — public,
//!   then private, then isolated — and a tier's row lines up across the AZ columns (the same
//!   height and y in every AZ), so "private a / b / c" read as one row.
//! - **Entry points left**: at the top level and in a region, components upstream of the
//!   networks (users, DNS, CDN, ...) stand in a column to the left, by how many hops they are
//!   from the start of the flow, with what serves only them (the CDN's S3 origin, WAF,
//!   certificate) below; services used by the network (storage, queues, monitoring) stand
//!   in a column on the right at the top level, and in rows above the VPCs in a region (so
//!   two regions stay side by side). Components inside a VPC but in no AZ (load balancers,
//!   gateways, endpoints) stand in rows at the VPC's top, about as wide as the AZ columns.
//! - **No wider than needed**: a design that does not fit a screen at a readable zoom is
//!   hard to present, so columns are added only when a stack would be taller than the
//!   networks beside it, and a cell is as wide as its label (tested: no template gets more
//!   than 10% wider than its hand-made layout, and the starter fits 1440×900 at 70%).
//! - **A component spanning AZs** (placed in one subnet per AZ, `model::span`) is one band
//!   across its subnets' columns, at the top of its home subnet's row, with one icon and one
//!   label (as the AWS diagrams draw an Auto Scaling group or a load balancer across AZs).
//! - **Children stay inside their containers**, containers are sized to fit their contents,
//!   and every component's cell is wide enough for its (wrapped) label, so labels never meet.
//!
//! No layout crate: general graph-layout engines (layered/Sugiyama, force-directed) know
//! nothing of AZ columns and tier rows, which are the whole point here; the nesting is a
//! tree and its packing is a few dozen lines. Deterministic: everything is ordered by flow
//! depth, then id. Units are world units.

use super::geometry::{label_lines, label_lines_in, node_is_container, text_width, LABEL_MAX_W, LEAF_H, LEAF_W, LINE_HEIGHT};
use crate::edit::Edit;
use crate::model::span;
use crate::model::{ConnKind, Design, NodeId, Rect};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Width of a component's cell: its 112-px box plus room for a 140-px label and a gap that
/// fits a few connectors side by side.
pub const CELL_W: f64 = 176.0;
/// Vertical gap below a component's label.
pub const ROW_GAP: f64 = 40.0;
/// Space inside a container's frame on the left, right and bottom.
pub const PAD: f64 = 20.0;
/// Space inside a container's frame above its contents (its icon and label).
pub const HEAD: f64 = 40.0;
/// Space between containers side by side or stacked.
pub const GAP: f64 = 40.0;
/// How much wider than its AZ columns a VPC's own components (gateways, endpoints, a
/// cluster) may make their rows above them.
pub const TOP_ROW_SLACK: f64 = 1.1;
/// Where the whole design starts.
pub const ORIGIN: (f64, f64) = (40.0, 40.0);

/// The edit that tidies the design: the whole design when `selection` is None or empty;
/// otherwise each selected container's contents, the container keeping its top-left corner.
/// One [`Edit::Batch`] ("Tidy up") of moves and resizes, undone in one step; None when
/// everything is already in place.
pub fn tidy(d: &Design, selection: Option<&BTreeSet<NodeId>>) -> Option<Edit> {
    let rects = tidy_layout(d, selection);
    let edits: Vec<Edit> = rects
        .into_iter()
        .filter_map(|(id, after)| {
            let before = *d.layout.get(&id)?;
            (before != after).then_some(Edit::Move { id, before, after })
        })
        .collect();
    (!edits.is_empty()).then(|| Edit::Batch { label: "Tidy up".into(), edits, switch: None })
}

/// The new rectangle of every node the tidy-up places (see [`tidy`]).
pub fn tidy_layout(d: &Design, selection: Option<&BTreeSet<NodeId>>) -> BTreeMap<NodeId, Rect> {
    let t = Tidy::new(d);
    let mut out = BTreeMap::new();
    match selection.filter(|s| !s.is_empty()) {
        None => {
            let roots: Vec<NodeId> = d.nodes.values().filter(|n| n.parent.is_none()).map(|n| n.id.clone()).collect();
            let block = t.group(&roots, None);
            block.place(ORIGIN.0, ORIGIN.1, &mut out);
        }
        Some(sel) => {
            for id in sel.iter().filter(|id| !d.ancestors(id).any(|a| sel.contains(&a.id))) {
                let (Some(r), true) = (d.layout.get(id), d.nodes.get(id).is_some_and(node_is_container)) else { continue };
                t.container(id, (0.0, 0.0)).place(r.x, r.y, &mut out);
            }
        }
    }
    out.retain(|id, _| d.layout.contains_key(id));
    out
}

/// How many of the design's components have no position ([`lay_out_missing`] lays them out).
/// Cheap and small: the app asks it before fetching Tidy up's code (`tidy_code`), which only a
/// file with such components needs.
pub fn missing_positions(d: &Design) -> usize {
    d.nodes.keys().filter(|id| !d.layout.contains_key(*id)).count()
}

/// Lays out a design some of whose components have no rectangle (a design file written
/// without positions, `cloudwright sample` output stripped of them): every component placed
/// as "Tidy up" places it, since a partial layout has nothing to fit the rest around. Returns
/// how many components had no rectangle (0: the design is left as it was). Opened as it was,
/// such a design showed an empty canvas (QA s21).
pub fn lay_out_missing(d: &mut Design) -> usize {
    let missing = missing_positions(d);
    if missing == 0 {
        return 0;
    }
    let t = Tidy::new(d);
    let roots: Vec<NodeId> = d.nodes.values().filter(|n| n.parent.is_none()).map(|n| n.id.clone()).collect();
    let mut out = BTreeMap::new();
    t.group(&roots, None).place(ORIGIN.0, ORIGIN.1, &mut out);
    out.retain(|id, _| d.nodes.contains_key(id));
    d.layout.extend(out);
    missing
}

/// A laid-out piece: its size and its nodes' rectangles relative to its top-left corner.
#[derive(Clone, Debug, Default)]
struct Block {
    w: f64,
    h: f64,
    rects: Vec<(NodeId, Rect)>,
}

impl Block {
    fn place(&self, x: f64, y: f64, out: &mut BTreeMap<NodeId, Rect>) {
        for (id, r) in &self.rects {
            out.insert(id.clone(), Rect::new(r.x + x, r.y + y, r.w, r.h));
        }
    }
    /// Adds `other` with its top-left corner at (x, y) of this block.
    fn add(&mut self, other: &Block, x: f64, y: f64) {
        for (id, r) in &other.rects {
            self.rects.push((id.clone(), Rect::new(r.x + x, r.y + y, r.w, r.h)));
        }
        self.w = self.w.max(x + other.w);
        self.h = self.h.max(y + other.h);
    }
}

/// Blocks stacked top to bottom, `gap` apart; returns the stack.
fn column(blocks: &[Block], gap: f64) -> Block {
    let mut out = Block::default();
    let mut y = 0.0;
    for b in blocks {
        out.add(b, 0.0, y);
        y += b.h + gap;
    }
    out
}

/// Blocks side by side, `gap` apart, tops aligned.
fn row(blocks: &[Block], gap: f64) -> Block {
    let mut out = Block::default();
    let mut x = 0.0;
    for b in blocks {
        out.add(b, x, 0.0);
        x += b.w + gap;
    }
    out
}

/// Blocks in rows left to right, a new row whenever the next block would make the row wider
/// than `max_w` (a block wider than that gets a row of its own); rows `0` apart, each as tall
/// as its tallest block.
fn wrap(blocks: &[Block], max_w: f64) -> Block {
    let mut rows: Vec<Block> = Vec::new();
    let mut cur: Vec<Block> = Vec::new();
    let mut w = 0.0;
    for b in blocks {
        if !cur.is_empty() && w + b.w > max_w + 1e-9 {
            rows.push(row(&cur, 0.0));
            cur.clear();
            w = 0.0;
        }
        w += b.w;
        cur.push(b.clone());
    }
    if !cur.is_empty() {
        rows.push(row(&cur, 0.0));
    }
    column(&rows, 0.0)
}

/// Blocks in as few columns as keep the stack no taller than `max_h` (one at least), filled
/// top to bottom, then left to right.
fn columns_within(blocks: &[Block], max_h: f64) -> Block {
    let total: f64 = blocks.iter().map(|b| b.h).sum();
    let cols = if max_h > 0.0 { (total / max_h).ceil().max(1.0) as usize } else { 1 };
    let per_col = blocks.len().div_ceil(cols).max(1);
    let stacks: Vec<Block> = blocks.chunks(per_col).map(|c| column(c, 0.0)).collect();
    row(&stacks, 0.0)
}

/// Blocks in a grid of `cols` columns, each column as wide as its widest block and each row
/// as tall as its tallest.
fn grid(blocks: &[Block], cols: usize) -> Block {
    let cols = cols.max(1);
    let col_w: Vec<f64> = (0..cols).map(|c| blocks.iter().skip(c).step_by(cols).map(|b| b.w).fold(0.0, f64::max)).collect();
    let mut out = Block::default();
    let mut y = 0.0;
    for chunk in blocks.chunks(cols) {
        let mut x = 0.0;
        for (c, b) in chunk.iter().enumerate() {
            out.add(b, x, y);
            x += col_w[c];
        }
        y += chunk.iter().map(|b| b.h).fold(0.0, f64::max);
    }
    out
}

struct Tidy<'a> {
    d: &'a Design,
    /// Hops from the start of the flow (longest path over request and event connections).
    depth: BTreeMap<NodeId, usize>,
    /// Request/event successors of each node.
    next: BTreeMap<NodeId, Vec<NodeId>>,
}

impl<'a> Tidy<'a> {
    fn new(d: &'a Design) -> Self {
        let mut next: BTreeMap<NodeId, Vec<NodeId>> = BTreeMap::new();
        for c in d.connections.values().filter(|c| c.kind != ConnKind::Association) {
            next.entry(c.from.clone()).or_default().push(c.to.clone());
        }
        // Longest path by relaxation, capped at the node count (cycles stop growing there).
        let cap = d.nodes.len();
        let mut depth: BTreeMap<NodeId, usize> = crate::order::map(d.nodes.keys().map(|id| (id.clone(), 0)));
        for _ in 0..cap {
            let mut changed = false;
            for c in d.connections.values().filter(|c| c.kind != ConnKind::Association) {
                let nd = (depth.get(&c.from).copied().unwrap_or(0) + 1).min(cap);
                if depth.get(&c.to).is_some_and(|v| *v < nd) {
                    depth.insert(c.to.clone(), nd);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Tidy { d, depth, next }
    }

    fn is_container(&self, id: &NodeId) -> bool {
        self.d.nodes.get(id).is_some_and(node_is_container)
    }

    fn children(&self, id: &NodeId) -> Vec<NodeId> {
        self.d.nodes.values().filter(|n| n.parent.as_ref() == Some(id)).map(|n| n.id.clone()).collect()
    }

    /// Children laid out in the container's own grid: all but the components spanning AZs,
    /// which [`Tidy::vpc`] draws as bands across their subnets.
    fn grid_children(&self, id: &NodeId) -> Vec<NodeId> {
        self.d.nodes.values().filter(|n| n.parent.as_ref() == Some(id) && !span::spans(n)).map(|n| n.id.clone()).collect()
    }

    /// Flow depth of a node; of a container, the smallest of what it holds.
    fn order_key(&self, id: &NodeId) -> usize {
        if self.is_container(id) {
            crate::edit::descendants(self.d, id).iter().filter_map(|c| self.depth.get(c)).copied().min().unwrap_or(usize::MAX)
        } else {
            self.depth.get(id).copied().unwrap_or(0)
        }
    }

    fn sorted(&self, mut ids: Vec<NodeId>) -> Vec<NodeId> {
        crate::order::sort_by(&mut ids, |a, b| self.order_key(a).cmp(&self.order_key(b)).then_with(|| a.cmp(b)));
        ids
    }

    /// A component in its cell: the box centred at the top of a cell wide enough for its
    /// label and tall enough for its wrapped lines.
    fn leaf(&self, id: &NodeId) -> Block {
        let lines = self.d.nodes.get(id).map(|n| label_lines(&n.label)).unwrap_or_default();
        let h = LEAF_H + LINE_HEIGHT * (lines.len().saturating_sub(1)) as f64 + ROW_GAP;
        // As wide as the box or the label, whichever is wider, plus the gap between cells
        // (CELL_W − LABEL_MAX_W = 36): a short label leaves a narrower cell, so a subnet
        // holding "NAT a" is not as wide as one holding a 140-px label.
        let label_w = lines.iter().map(|l| text_width(l, false)).fold(0.0, f64::max);
        let w = label_w.max(LEAF_W) + CELL_W - LABEL_MAX_W;
        Block { w, h, rects: vec![(id.clone(), Rect::new((w - LEAF_W) / 2.0, 0.0, LEAF_W, LEAF_H))] }
    }

    /// The height a band across AZs takes in its row: its box, its label's lines beyond the
    /// first as the band draws them, and the gap below. Not [`Tidy::leaf`]'s: a band's name
    /// wraps at the band, not at a cell, and is one line inside it
    /// ([`super::geometry::label_max_lines`]), so the row kept room for a second line that was
    /// never drawn (QA s28 F2). The band's width is not known yet here; it spans at least two
    /// AZ columns, each wider than a cell, so it is measured at two cells (any width over
    /// 164 px gives the same one line).
    fn band_h(&self, id: &NodeId) -> f64 {
        let lines = self.d.nodes.get(id).map_or(1, |n| label_lines_in(&n.label, 2.0 * CELL_W).len());
        LEAF_H + LINE_HEIGHT * (lines.saturating_sub(1)) as f64 + ROW_GAP
    }

    /// Whether a component leads, over request/event connections, into one of `inside`.
    fn upstream_of(&self, id: &NodeId, inside: &BTreeSet<NodeId>) -> bool {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([id.clone()]);
        while let Some(n) = queue.pop_front() {
            for m in self.next.get(&n).into_iter().flatten() {
                if inside.contains(m) {
                    return true;
                }
                if seen.insert(m.clone()) {
                    queue.push_back(m.clone());
                }
            }
        }
        false
    }

    /// The nodes connected to `id` (any kind of connection), and whether over a request or
    /// event connection.
    fn partners(&self, id: &NodeId) -> Vec<(NodeId, bool)> {
        self.d
            .connections
            .values()
            .filter_map(|c| {
                let flow = c.kind != ConnKind::Association;
                if &c.from == id {
                    Some((c.to.clone(), flow))
                } else if &c.to == id {
                    Some((c.from.clone(), flow))
                } else {
                    None
                }
            })
            .collect()
    }

    /// A group of siblings (the top level, or a region's contents), laid out so it stays
    /// about as wide as its containers (a wide diagram does not fit a screen at a readable
    /// zoom):
    /// - **entry points** (components upstream of the containers' contents) in a column on
    ///   the left, by flow depth, with the components that serve only them (the CDN's S3
    ///   origin, its WAF and certificate) below them — a second column only when the first
    ///   would be taller than the containers;
    /// - **containers** side by side in the middle (two regions stay side by side);
    /// - **the other components** (storage, queues, monitoring): at the top level in as few
    ///   columns on the right as keep them no taller than the containers; in a region, in
    ///   rows above its VPCs, no wider than they are (as AWS's regional diagrams draw them).
    fn group(&self, ids: &[NodeId], parent: Option<&NodeId>) -> Block {
        let ids = self.sorted(ids.to_vec());
        let containers: Vec<NodeId> = ids.iter().filter(|id| self.is_container(id)).cloned().collect();
        let inside: BTreeSet<NodeId> = crate::order::set(containers.iter().flat_map(|c| crate::edit::descendants(self.d, c)));
        let (mut left, mut right): (Vec<NodeId>, Vec<NodeId>) = (Vec::new(), Vec::new());
        for id in ids.iter().filter(|id| !self.is_container(id)) {
            if containers.is_empty() || self.upstream_of(id, &inside) {
                left.push(id.clone());
            } else {
                right.push(id.clone());
            }
        }
        // Components that serve only the entry points: a partner on the left, and no request
        // or event connection into the containers. Repeated, so a chain of them follows.
        let mut attached: Vec<NodeId> = Vec::new();
        loop {
            let joins = right.iter().position(|id| {
                let p = self.partners(id);
                p.iter().any(|(m, _)| left.contains(m) || attached.contains(m)) && !p.iter().any(|(m, flow)| *flow && inside.contains(m))
            });
            match joins {
                Some(i) => attached.push(right.remove(i)),
                None => break,
            }
        }
        let body: Option<Block> = (!containers.is_empty()).then(|| {
            let blocks: Vec<Block> = containers.iter().map(|c| self.container(c, (0.0, 0.0))).collect();
            row(&blocks, GAP)
        });
        let body_h = body.as_ref().map_or(0.0, |b| b.h);
        let mut parts: Vec<Block> = Vec::new();
        if !left.is_empty() || !attached.is_empty() {
            if containers.is_empty() {
                // No containers: the flow reads left to right, one column per flow depth
                // present (compressed: no empty columns).
                let mut by_depth: BTreeMap<usize, Vec<Block>> = BTreeMap::new();
                for id in &left {
                    by_depth.entry(self.order_key(id)).or_default().push(self.leaf(id));
                }
                let cols: Vec<Block> = by_depth.values().map(|b| column(b, 0.0)).collect();
                parts.push(row(&cols, 0.0));
            } else {
                let blocks: Vec<Block> = left.iter().chain(&attached).map(|id| self.leaf(id)).collect();
                parts.push(columns_within(&blocks, body_h));
            }
        }
        let nested = parent.is_some();
        match body {
            Some(body) if nested && !right.is_empty() => {
                // In a region: its services in rows above its networks, as wide as they are.
                let blocks: Vec<Block> = right.iter().map(|id| self.leaf(id)).collect();
                parts.push(column(&[wrap(&blocks, body.w), body], 0.0));
            }
            Some(body) => {
                parts.push(body);
                if !right.is_empty() {
                    let blocks: Vec<Block> = right.iter().map(|id| self.leaf(id)).collect();
                    parts.push(columns_within(&blocks, body_h));
                }
            }
            None => {
                if !right.is_empty() {
                    let blocks: Vec<Block> = right.iter().map(|id| self.leaf(id)).collect();
                    parts.push(grid(&blocks, 2));
                }
            }
        }
        row(&parts, GAP / 2.0)
    }

    /// A container with its contents, at least `min` in size.
    fn container(&self, id: &NodeId, min: (f64, f64)) -> Block {
        self.container_below(id, min, 0.0)
    }

    /// A container with its contents `top` lower than usual (a subnet leaves room at its top
    /// for the bands of components spanning AZs across its row).
    fn container_below(&self, id: &NodeId, min: (f64, f64), top: f64) -> Block {
        let kind = self.d.nodes.get(id).map(|n| n.kind.as_str()).unwrap_or("");
        let kids = self.grid_children(id);
        let inner = match kind {
            "vpc" => self.vpc(&kids),
            "region" => self.group(&kids, Some(id)),
            _ => {
                let blocks: Vec<Block> = self.sorted(kids).iter().map(|k| if self.is_container(k) { self.container(k, (0.0, 0.0)) } else { self.leaf(k) }).collect();
                let cols = if kind == "subnet" { 2 } else { (blocks.len() as f64).sqrt().ceil() as usize };
                grid(&blocks, cols)
            }
        };
        let mut shifted = Block { w: inner.w, h: inner.h + top, rects: Vec::new() };
        shifted.add(&inner, 0.0, top);
        shifted.h = inner.h + top;
        self.frame(id, shifted, min)
    }

    /// The contents inside a frame with its padding, the frame at least `min` and at least
    /// wide enough for its own label.
    fn frame(&self, id: &NodeId, inner: Block, min: (f64, f64)) -> Block {
        let label_w = self.d.nodes.get(id).map_or(0.0, |n| super::geometry::text_width(&n.label, true)) + 30.0 + PAD;
        let w = (inner.w + 2.0 * PAD).max(min.0).max(label_w).max(CELL_W);
        // The contents' last row carries its own gap below the labels; PAD/2 is enough after it.
        let h = (inner.h + HEAD + PAD / 2.0).max(min.1).max(HEAD + PAD);
        let mut b = Block { w, h, rects: vec![(id.clone(), Rect::new(0.0, 0.0, w, h))] };
        b.add(&inner, PAD, HEAD);
        b.w = w;
        b.h = h;
        b
    }

    /// A VPC: its own components in a row at the top, then the AZ columns with subnets in
    /// tier rows lined up across AZs, then any other containers.
    fn vpc(&self, kids: &[NodeId]) -> Block {
        let kids = self.sorted(kids.to_vec());
        let leaves: Vec<Block> = kids.iter().filter(|k| !self.is_container(k)).map(|k| self.leaf(k)).collect();
        let azs: Vec<NodeId> = kids.iter().filter(|k| self.d.nodes.get(*k).is_some_and(|n| n.kind == "az")).cloned().collect();
        let others: Vec<Block> = kids.iter().filter(|k| self.is_container(k) && !azs.contains(k)).map(|k| self.container(k, (0.0, 0.0))).collect();

        // Rows: (tier rank, index within the tier) → subnets of each AZ in that row.
        let tier_rank = |id: &NodeId| match self.d.nodes.get(id).map(|n| self.d.text(n, "tier")).as_deref() {
            Some("public") => 0,
            Some("private") => 1,
            Some("isolated") => 2,
            _ => 3,
        };
        let mut rows: BTreeMap<(usize, usize), Vec<(usize, NodeId)>> = BTreeMap::new();
        let mut az_leaves: Vec<Vec<Block>> = Vec::new();
        for (col, az) in azs.iter().enumerate() {
            let kids = self.sorted(self.children(az));
            let mut per_tier: BTreeMap<usize, usize> = BTreeMap::new();
            let mut subnets: Vec<NodeId> = kids.iter().filter(|k| self.d.nodes.get(*k).is_some_and(|n| n.kind == "subnet")).cloned().collect();
            crate::order::sort_by(&mut subnets, |a, b| tier_rank(a).cmp(&tier_rank(b)).then_with(|| a.cmp(b)));
            for s in subnets {
                let t = tier_rank(&s);
                let k = per_tier.entry(t).or_default();
                rows.entry((t, *k)).or_default().push((col, s));
                *k += 1;
            }
            az_leaves.push(kids.iter().filter(|k| !self.d.nodes.get(*k).is_some_and(|n| n.kind == "subnet")).map(|k| if self.is_container(k) { self.container(k, (0.0, 0.0)) } else { self.leaf(k) }).collect());
        }
        // Components spanning AZs, by the row of their home subnet: each a band across its
        // subnets' columns at the top of that row, one under the other.
        let row_of: BTreeMap<NodeId, (usize, usize)> = crate::order::map(rows.iter().flat_map(|(k, m)| m.iter().map(move |(_, s)| (s.clone(), *k))));
        let mut bands: BTreeMap<(usize, usize), Vec<NodeId>> = BTreeMap::new();
        for n in self.d.nodes.values().filter(|n| span::spans(n)) {
            if let Some(k) = n.parent.as_ref().and_then(|p| row_of.get(p)) {
                bands.entry(*k).or_default().push(n.id.clone());
            }
        }
        let band_h = |k: &(usize, usize)| bands.get(k).map_or(0.0, |b| b.iter().map(|id| self.band_h(id)).sum());
        // Natural sizes, then one width for every subnet and one height per row.
        let natural: BTreeMap<NodeId, Block> = rows.iter().flat_map(|(k, m)| m.iter().map(move |(_, s)| (s.clone(), *k))).map(|(s, k)| {
            let b = self.container_below(&s, (0.0, 0.0), band_h(&k));
            (s, b)
        }).collect();
        let sub_w = natural.values().map(|b| b.w).fold(0.0, f64::max);
        let row_h: Vec<f64> = rows.values().map(|r| r.iter().map(|(_, s)| natural[s].h).fold(0.0, f64::max)).collect();
        let top_h: f64 = az_leaves.iter().map(|l| grid(l, 1).h).fold(0.0, f64::max);
        let mut columns: Vec<Block> = Vec::new();
        for (col, _) in azs.iter().enumerate() {
            let mut inner = Block::default();
            inner.add(&grid(&az_leaves[col], 1), 0.0, 0.0);
            let mut y = if top_h > 0.0 { top_h } else { 0.0 };
            for (i, (k, members)) in rows.iter().enumerate() {
                if let Some((_, s)) = members.iter().find(|(c, _)| *c == col) {
                    inner.add(&self.container_below(s, (sub_w, row_h[i]), band_h(k)), 0.0, y);
                }
                y += row_h[i] + GAP / 2.0;
            }
            inner.w = inner.w.max(sub_w);
            inner.h = inner.h.max(y - GAP / 2.0);
            columns.push(self.frame(&azs[col], inner, (0.0, 0.0)));
        }
        let mut parts: Vec<Block> = Vec::new();
        if !leaves.is_empty() {
            // In rows about as wide as the AZ columns below them (so they never push the VPC
            // much wider than its AZs); without AZs, a square-ish grid.
            if columns.is_empty() {
                parts.push(grid(&leaves, (leaves.len() as f64).sqrt().ceil() as usize));
            } else {
                // 10% slack: one more component in a row saves a whole row of height.
                parts.push(wrap(&leaves, row(&columns, GAP / 2.0).w * TOP_ROW_SLACK));
            }
        }
        let mut body = columns;
        body.extend(others);
        if !body.is_empty() {
            parts.push(row(&body, GAP / 2.0));
        }
        let mut block = column(&parts, 0.0);
        self.place_bands(&mut block, &bands);
        block
    }

    /// Each band across its subnets: from the left edge of the leftmost subnet it is placed
    /// in to the right edge of the rightmost (inside their padding), at the top of its home
    /// subnet's row, one band under the other. Its icon and label are centred, as on any
    /// component, so AWS's convention holds: one icon, one label, spanning the AZs.
    fn place_bands(&self, block: &mut Block, bands: &BTreeMap<(usize, usize), Vec<NodeId>>) {
        let at: BTreeMap<NodeId, Rect> = crate::order::map(block.rects.iter().cloned());
        for ids in bands.values() {
            let mut y_off = 0.0;
            for id in ids {
                let Some(n) = self.d.nodes.get(id) else { continue };
                let placed: Vec<&Rect> = span::placements(n).filter_map(|s| at.get(s)).collect();
                let (Some(home), false) = (n.parent.as_ref().and_then(|p| at.get(p)), placed.is_empty()) else { continue };
                let x0 = placed.iter().map(|r| r.x).fold(f64::INFINITY, f64::min) + PAD;
                let x1 = placed.iter().map(|r| r.x + r.w).fold(f64::NEG_INFINITY, f64::max) - PAD;
                block.rects.push((id.clone(), Rect::new(x0, home.y + HEAD + y_off, (x1 - x0).max(LEAF_W), LEAF_H)));
                y_off += self.band_h(id);
            }
        }
    }
}
