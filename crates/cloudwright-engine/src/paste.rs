//! Copy and paste (and duplicate): what a copy holds ([`Clip`]) and the one edit a paste
//! makes ([`paste`]). Pure: the app reads the clipboard, applies the edit, selects and
//! reports; this module decides ids, labels, parents and places.
//!
//! A paste of N components is one `Edit::Batch` (one undo step, one analysis). Fresh ids,
//! labels and connection ids are found through [`Names`], which remembers what the paste has
//! taken so far: finding the next free "ECS service k" or "c{k}" once per pasted piece by
//! scanning the whole design from 2 (or 1) made a paste of 1,000 components cubic (QA,
//! 2026-12-03: one task of 9.6 s). [`Pasted::probes`] counts the candidates tried, so the
//! test can pin the growth without timing it.

use crate::catalog;
use crate::diagram::{band, geometry::LEAF_W, place};
use crate::edit::{descendants, Edit};
use crate::defaults::Block;
use crate::model::{span, Connection, ConnId, Design, Node, NodeId, Rect, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A self-contained piece of a design: nodes (with everything inside them; parents before
/// their contents), their layout (world units) and the connections among them. What copy
/// puts on the clipboard (as JSON).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Clip {
    pub nodes: Vec<Node>,
    pub rects: BTreeMap<NodeId, Rect>,
    pub connections: Vec<Connection>,
}

/// The nodes of `sel` that no other node of `sel` contains.
pub fn selection_roots(d: &Design, sel: &BTreeSet<NodeId>) -> Vec<NodeId> {
    sel.iter().filter(|id| !d.ancestors(id).any(|a| sel.contains(&a.id))).cloned().collect()
}

/// The clip of the selection `sel`: its roots, everything inside them, and the connections
/// among those. None when the selection is empty.
pub fn clip_of(d: &Design, sel: &BTreeSet<NodeId>) -> Option<Clip> {
    let mut ids: Vec<NodeId> = Vec::new();
    for r in selection_roots(d, sel) {
        ids.push(r.clone());
        ids.extend(descendants(d, &r));
    }
    if ids.is_empty() {
        return None;
    }
    let set: BTreeSet<&NodeId> = crate::order::set(&ids);
    Some(Clip {
        nodes: ids.iter().filter_map(|id| d.nodes.get(id).cloned()).collect(),
        rects: crate::order::map(ids.iter().filter_map(|id| d.layout.get(id).map(|r| (id.clone(), *r)))),
        connections: d.connections.values().filter(|c| set.contains(&c.from) && set.contains(&c.to)).cloned().collect(),
    })
}

/// What a paste makes: the edit to apply (a `Batch` labelled with the verb), how many
/// components it adds, and the copies of the clip's roots (to select).
#[derive(Debug)]
pub struct Pasted {
    pub edit: Edit,
    pub count: usize,
    pub selection: BTreeSet<NodeId>,
    /// Candidate ids, labels and connection ids tried while naming the copies (one per
    /// copy when nothing collides; grows with the clip, not with clip × design).
    pub probes: usize,
    /// Some copies went to the top level and the view had no free spot for them
    /// ([`place::NoRoomInView`]): they are out of the view, at the nearest free spot to where
    /// they were wanted (as with no view), and the app brings them into view.
    pub out_of_view: bool,
    /// The design with `edit` applied: the copy the paste was worked out on (every edit of
    /// the batch was applied to it as it was made). The app puts it in place of its design
    /// instead of applying the batch a second time in the paste's apply task (issue 20,
    /// s47-paste); equal to the design given with `edit` applied (tests/paste.rs).
    pub after: Design,
}

/// The free names of the design being pasted into, as the paste takes them. Each answer is
/// the one the whole-design scan gives (`Design::fresh_node_id`, `Design::fresh_conn_id`,
/// `defaults::copy_label`): names are only added during a paste, so a number found taken
/// stays taken and the next search may start where the last one stopped.
struct Names {
    labels: BTreeSet<String>,
    next_label: BTreeMap<String, u32>,
    next_id: BTreeMap<String, u32>,
    next_conn: u32,
    probes: usize,
}

impl Names {
    fn new(d: &Design) -> Names {
        Names { labels: d.nodes.values().map(|n| n.label.clone()).collect(), next_label: BTreeMap::new(), next_id: BTreeMap::new(), next_conn: 1, probes: 0 }
    }
    /// `Design::fresh_node_id(prefix)` of `d`.
    fn node_id(&mut self, d: &Design, prefix: &str) -> NodeId {
        let k = self.next_id.entry(prefix.to_string()).or_insert(1);
        loop {
            self.probes += 1;
            let id = NodeId(format!("{prefix}-{k}"));
            if !d.nodes.contains_key(&id) {
                return id;
            }
            *k += 1;
        }
    }
    /// `Design::fresh_conn_id()` of `d`.
    fn conn_id(&mut self, d: &Design) -> ConnId {
        loop {
            self.probes += 1;
            let id = ConnId(format!("c{}", self.next_conn));
            if !d.connections.contains_key(&id) {
                return id;
            }
            self.next_conn += 1;
        }
    }
    /// `defaults::copy_label(d, label)` of the design these names track.
    fn copy_label(&mut self, label: &str) -> String {
        if label.is_empty() || !self.labels.contains(label) {
            return label.to_string();
        }
        let stem = crate::defaults::copy_stem(label);
        let k = self.next_label.entry(stem.to_string()).or_insert(2);
        loop {
            self.probes += 1;
            let l = format!("{stem} {k}");
            if !self.labels.contains(&l) {
                return l;
            }
            *k += 1;
        }
    }
}

/// The containers of the design being pasted into, by id, with their rectangles, as the paste
/// adds, grows and moves them: what [`place::container_at`] scans for, without scanning every
/// node. Asked once per pasted root (and once more per root by [`place_group`]), the scan over
/// all nodes was a quarter of a paste of 1,000 (BENCHMARKS.md s45-paste: 103 M of 402 M
/// instructions, each node's kind looked up in the catalog); reading each container's
/// rectangle from the design's layout by id was then 8 M (s50-paste: a search of the ordered
/// layout per container per root). A paste only adds nodes (never removes one or changes a
/// kind), and every edit it makes goes through [`Containers::apply`], which keeps the
/// rectangle of every container an edit adds, moves or resizes: the map is always the
/// design's containers with their rectangles in its layout (a test compares them).
struct Containers(BTreeMap<NodeId, Rect>);

impl Containers {
    fn new(d: &Design) -> Containers {
        Containers(d.nodes.values().filter(|n| is_container(&n.kind)).filter_map(|n| d.layout.get(&n.id).map(|r| (n.id.clone(), *r))).collect())
    }
    /// `e` applied to `scratch`, a container it adds entered, one it moves or resizes kept
    /// with its new rectangle.
    fn apply(&mut self, e: &Edit, scratch: &mut Design) -> Result<(), crate::edit::EditError> {
        e.apply(scratch)?;
        self.entered(e);
        Ok(())
    }
    fn entered(&mut self, e: &Edit) {
        match e {
            Edit::AddNode { node, rect: Some(r) } if is_container(&node.kind) => {
                self.0.insert(node.id.clone(), *r);
            }
            Edit::Move { id, after, .. } | Edit::Resize { id, after, .. } => {
                if let Some(r) = self.0.get_mut(id) {
                    *r = *after;
                }
            }
            Edit::Batch { edits, .. } => edits.iter().for_each(|e| self.entered(e)),
            // No other edit adds a node or changes a rectangle (a paste removes none).
            _ => {}
        }
    }
    /// `place::container_at(d, x, y, &BTreeSet::new())`: the smallest container whose
    /// rectangle holds the point, the first in id order among equals (as `min_by` over the
    /// design's nodes in id order gives).
    fn at(&self, x: f64, y: f64) -> Option<NodeId> {
        self.0.iter().filter(|(_, r)| r.contains_point(x, y)).min_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h))).map(|(id, _)| id.clone())
    }
}

fn is_container(kind: &str) -> bool {
    catalog::kind(kind).is_some_and(|k| k.container)
}

/// Adds `clip` to `d` with fresh ids, as one edit (one undo step) labelled `verb`. Each
/// piece lands in the same container as the original if it exists here (else the one under
/// it), at the free spot nearest to the original moved by (dx, dy) world units, the container
/// growing if it is full, fully in `view` (the visible world area) when it fits; what is
/// inside a pasted container moves with it. A pasted subnet whose block is taken gets the
/// next free one of its VPC, an AZ whose letter is taken the next letter (`defaults`); a copy
/// whose label is taken a numbered one ("Web app tasks 2", `defaults::copy_label`).
///
/// A copy of a component spanning AZs spans the same AZs (its copied subnets when they were
/// copied too) when that still holds here: it is drawn as a band across those subnets at a
/// free height of their row, the row opened when full (`diagram::band`), never grown inside
/// one subnet. Where that cannot hold (another design), it sits in one subnet, one component
/// wide.
///
/// A paste is a command, not a drop aimed at a point: when the top level has no free spot in
/// `view` for the copies ([`place::NoRoomInView`], a paste of 30 onto a screen full of
/// components), they go to the nearest free spot to where they are wanted (the copied ones'
/// place, offset; as with no view) and [`Pasted::out_of_view`] says so, for the app to bring
/// them into view — as design tools do (draw.io pastes beside the original and scrolls to it). Refusing would make the user zoom out and paste again to get what they asked
/// for; a drop or a drag, aimed at a spot, is refused instead (`place::drop_new`).
///
/// Err: the message to show ("Cannot paste X: why") when a piece cannot be added.
pub fn paste(d: &Design, clip: &Clip, dx: f64, dy: f64, verb: &str, view: Option<Rect>) -> Result<Pasted, String> {
    let mut scratch = d.clone();
    let mut containers = Containers::new(d);
    let mut names = Names::new(d);
    let mut remap: BTreeMap<NodeId, NodeId> = BTreeMap::new();
    // How far each pasted node moved from its original (its contents move as much).
    let mut moved: BTreeMap<NodeId, (f64, f64)> = BTreeMap::new();
    let mut edits = Vec::new();
    let mut count = 0usize;
    // Copies inside a copied container that span AZs: (copy, original span).
    let mut later: Vec<(NodeId, Vec<NodeId>)> = Vec::new();
    // The offset (from where it is wanted) of each group of plain roots, by the container
    // they land in: placed once, as one, when the first of them is pasted.
    let mut groups: BTreeMap<Option<NodeId>, (f64, f64)> = BTreeMap::new();
    let mut out_of_view = false;
    // Each VPC's zones and AZ label style, found once when the first AZ is pasted and kept
    // as AZs are added (review s32 R13: asked of the whole design per pasted AZ).
    let mut zones: Option<crate::defaults::PastedZones> = None;
    // Every VPC's block, found once when the first VPC is pasted and kept as VPCs are added;
    // and each pasted VPC whose block moved: (its copy's id) → (block it had, block it has).
    let mut vpc_blocks: Option<Vec<Block>> = None;
    let mut vpc_moved: BTreeMap<NodeId, (Block, Block)> = BTreeMap::new();
    // Each copied node (by its original's id) inside a pasted AZ whose copy took another zone:
    // (the Region, the original's zone letter, the copy's).
    let mut rezoned: BTreeMap<NodeId, (String, String, String)> = BTreeMap::new();
    // Parents before children: the clip lists roots before their descendants.
    for n in &clip.nodes {
        let id = names.node_id(&scratch, &n.kind);
        remap.insert(n.id.clone(), id.clone());
        let orig = clip.rects.get(&n.id).copied();
        let inside_clip = n.parent.as_ref().filter(|p| remap.contains_key(*p));
        // A pasted VPC takes a block no other VPC overlaps (peering and transit gateways
        // cannot route between overlapping ranges: QA s32 F7), the copy of 10.0.0.0/16 beside
        // it 10.1.0.0/16, and a label naming the old block names the new one
        // ("Production VPC 10.1.0.0/16", not "Production VPC 10.0.0.0/16 2": the label then
        // says which block the copy has, as the original's does).
        let mut vpc_cidr = None;
        let mut label = match n.kind.as_str() {
            "vpc" => {
                let used = vpc_blocks.get_or_insert_with(|| scratch.nodes.values().filter(|v| v.kind == "vpc").filter_map(|v| Block::parse(&scratch.text(v, "cidr"))).collect());
                let text = scratch.text(n, "cidr");
                match Block::parse(&text).and_then(|own| crate::defaults::next_vpc_block(own, used).map(|to| (own, to))) {
                    Some((own, to)) => {
                        used.push(to);
                        if to != own {
                            vpc_moved.insert(id.clone(), (own, to));
                            vpc_cidr = Some(to.to_string());
                            names.copy_label(&n.label.replace(&text, &to.to_string()))
                        } else {
                            names.copy_label(&n.label)
                        }
                    }
                    None => names.copy_label(&n.label),
                }
            }
            // Inside an AZ whose copy took another zone, a label naming the old zone names
            // the new one (QA s33 F6).
            _ => match rezoned.get(n.parent.as_ref().unwrap_or(&n.id)).and_then(|(region, old, new)| crate::defaults::label_in_zone(&n.label, region, old, new)) {
                Some(l) => names.copy_label(&l),
                None => names.copy_label(&n.label),
            },
        };
        if let Some(z) = n.parent.as_ref().and_then(|p| rezoned.get(p)).cloned() {
            rezoned.insert(n.id.clone(), z);
        }
        // A pasted AZ is a new AZ of its VPC (pasted into one, or inside a pasted VPC): a zone
        // letter of the Region the VPC does not use, and a label that names that zone or none
        // (`pasted_az`); pasted into a VPC, a new column (QA: copies repeated a zone once a-f
        // were used).
        let mut az_zone = None;
        let (parent, span, rect) = match inside_clip {
            Some(p) => {
                if n.kind == "az" {
                    let z = zones.get_or_insert_with(|| crate::defaults::PastedZones::new(&scratch));
                    pasted_az(&scratch, z, &names, n, &remap[p], true, &mut az_zone, &mut label)?;
                }
                let (mx, my) = moved.get(p).copied().unwrap_or((dx, dy));
                moved.insert(n.id.clone(), (mx, my));
                // Its span is set once every copied subnet exists (below).
                if !n.span.is_empty() {
                    later.push((id.clone(), n.span.clone()));
                }
                (Some(remap[p].clone()), Vec::new(), orig.map(|r| Rect { x: r.x + mx, y: r.y + my, ..r }))
            }
            None => {
                let want = orig.map(|r| Rect { x: r.x + dx, y: r.y + dy, ..r });
                let parent = root_parent(&scratch, &containers, n, want.as_ref());
                if let (true, Some(vpc)) = (n.kind == "az", parent.as_ref()) {
                    let z = zones.get_or_insert_with(|| crate::defaults::PastedZones::new(&scratch));
                    pasted_az(&scratch, z, &names, n, vpc, false, &mut az_zone, &mut label)?;
                    if let Some(new) = &az_zone {
                        rezoned.insert(n.id.clone(), (scratch.region_of(vpc).to_string(), scratch.text(n, "zone").to_string(), new.clone()));
                    }
                }
                let az_col = az_zone.as_ref().and(parent.as_ref()).and_then(|vpc| place::az_column(&scratch, vpc));
                let span: Vec<NodeId> = n.span.iter().map(|s| remap.get(s).cloned().unwrap_or_else(|| s.clone())).collect();
                let span = if span::check(&scratch, &n.kind, parent.as_ref(), &span).is_ok() { span } else { Vec::new() };
                let subnets: Vec<&NodeId> = parent.iter().chain(span.iter()).collect();
                let banded = (!span.is_empty()).then(|| want.and_then(|w| band::spot(&scratch, None, &label, &subnets, w.y))).flatten();
                let is_band = banded.is_some();
                let rect = match (orig, want, banded) {
                    (Some(o), Some(_), Some(b)) => {
                        for e in b.make_room {
                            if containers.apply(&e, &mut scratch).is_ok() {
                                edits.push(e);
                            }
                        }
                        moved.insert(n.id.clone(), (b.rect.x - o.x, b.rect.y - o.y));
                        Some(b.rect)
                    }
                    (Some(o), Some(mut w), None) => {
                        // Not spanning here: one component wide, in one subnet.
                        if !n.span.is_empty() {
                            w.w = LEAF_W;
                        }
                        let container = catalog::kind(&n.kind).is_some_and(|k| k.container);
                        let rect = match az_col {
                            Some(p) => {
                                for e in p.grow_edits() {
                                    if containers.apply(&e, &mut scratch).is_ok() {
                                        edits.push(e);
                                    }
                                }
                                p.rect
                            }
                            None if n.span.is_empty() => {
                                let by = match groups.get(&parent) {
                                    Some(by) => *by,
                                    None => {
                                        let (m, beside) = place_group(&scratch, &containers, clip, (dx, dy), parent.as_ref(), view);
                                        out_of_view |= beside;
                                        for e in m.grow.iter().map(|(id, before, after)| Edit::Resize { id: id.clone(), before: *before, after: *after }) {
                                            if containers.apply(&e, &mut scratch).is_ok() {
                                                edits.push(e);
                                            }
                                        }
                                        groups.insert(parent.clone(), m.by);
                                        m.by
                                    }
                                };
                                Rect { x: w.x + by.0, y: w.y + by.1, ..w }
                            }
                            // A copy that spanned AZs, one component wide here: on its own.
                            None => {
                                let (p, beside) = match place::spot_for(&scratch, container, &label, parent.as_ref(), &w, view) {
                                    Ok(p) => (p, false),
                                    // Out of the view (see above); without a view never refused.
                                    Err(place::NoRoomInView) => (place::spot_for(&scratch, container, &label, parent.as_ref(), &w, None).unwrap_or(place::Placement { rect: w, grow: Vec::new() }), true),
                                };
                                out_of_view |= beside;
                                for e in p.grow_edits() {
                                    if containers.apply(&e, &mut scratch).is_ok() {
                                        edits.push(e);
                                    }
                                }
                                p.rect
                            }
                        };
                        moved.insert(n.id.clone(), (rect.x - o.x, rect.y - o.y));
                        Some(rect)
                    }
                    _ => None,
                };
                let span = if is_band || rect.is_none() { span } else { Vec::new() };
                (parent, span, rect)
            }
        };
        let mut node = Node { id: id.clone(), parent, span, label, ..n.clone() };
        let zone_found = az_zone.is_some();
        if let Some(z) = az_zone {
            node.props.insert("zone".into(), Value::Text(z));
        }
        if let Some(c) = vpc_cidr {
            node.props.insert("cidr".into(), Value::Text(c));
        }
        // A subnet of a VPC whose block moved moves with it, to the same place in the new block.
        if node.kind == "subnet" {
            let vpc = node.parent.as_ref().and_then(|az| scratch.nodes.get(az)).and_then(|az| az.parent.as_ref());
            if let Some((from, to)) = vpc.and_then(|v| vpc_moved.get(v)) {
                if let Some(b) = Block::parse(&scratch.text(&node, "cidr")).and_then(|b| crate::defaults::moved_block(b, *from, *to)) {
                    node.props.insert("cidr".into(), Value::Text(b.to_string()));
                }
            }
        }
        // Ingress rules naming addresses of a VPC whose block moved follow it to the same
        // place in the new block (review s33 R5: a copied app's "port 8080 from 10.0.0.0/16"
        // would open the copy to the original VPC's range, across VPCs, not to its own).
        // Ranges outside the old block (0.0.0.0/0, an on-premises network) stay as they are.
        if !node.ingress.is_empty() && !vpc_moved.is_empty() {
            let vpc = node.parent.as_ref().and_then(|p| scratch.nodes.get(p)).into_iter().chain(node.parent.iter().flat_map(|p| scratch.ancestors(p))).find(|a| a.kind == "vpc");
            if let Some((from, to)) = vpc.and_then(|v| vpc_moved.get(&v.id)) {
                for rule in &mut node.ingress {
                    if let Some(b) = Block::parse(&rule.cidr).and_then(|b| crate::defaults::moved_block(b, *from, *to)) {
                        rule.cidr = b.to_string();
                    }
                }
            }
        }
        // An AZ's zone from `PastedZones` is free in its VPC already: no scan of the design.
        if !zone_found {
            node.props.extend(crate::defaults::network_props(&scratch, &node, false));
        }
        let added = node.label.clone();
        let e = Edit::AddNode { node, rect };
        if let Err(err) = containers.apply(&e, &mut scratch) {
            return Err(format!("Cannot paste {}: {err}", n.label));
        }
        if let (Some(z), Edit::AddNode { node, .. }) = (zones.as_mut(), &e) {
            if let (true, Some(vpc)) = (node.kind == "az", node.parent.as_ref()) {
                z.added(&scratch, vpc, node);
            }
        }
        names.labels.insert(added);
        edits.push(e);
        count += 1;
    }
    for (id, span) in later {
        let span: Vec<NodeId> = span.iter().map(|s| remap.get(s).cloned().unwrap_or_else(|| s.clone())).collect();
        let e = Edit::SetSpan { id, before: Vec::new(), after: span };
        if containers.apply(&e, &mut scratch).is_ok() {
            edits.push(e);
        }
    }
    for c in &clip.connections {
        let mut c2 = c.clone();
        c2.id = names.conn_id(&scratch);
        c2.from = remap[&c.from].clone();
        c2.to = remap[&c.to].clone();
        let e = Edit::Connect { conn: c2 };
        if containers.apply(&e, &mut scratch).is_ok() {
            edits.push(e);
        }
    }
    let selection: BTreeSet<NodeId> = clip.nodes.iter().filter(|n| n.parent.as_ref().is_none_or(|p| !remap.contains_key(p))).map(|n| remap[&n.id].clone()).collect();
    Ok(Pasted { edit: Edit::Batch { label: verb.into(), edits, switch: None }, count, selection, probes: names.probes, out_of_view, after: scratch })
}

/// The zone and label of the copy of the AZ `n` pasted into the VPC `vpc`, a copy made by
/// this paste or not (`copied_vpc`; [`crate::defaults::PastedZones::pasted_az`], the labels
/// taken being the design's and the paste's so far): sets `zone`, and `label` when the copy's label names its zone (else `label` stays
/// the ordinary copy label). Err: the message to show, the VPC using every zone.
#[allow(clippy::too_many_arguments)]
fn pasted_az(scratch: &Design, zones: &crate::defaults::PastedZones, names: &Names, n: &Node, vpc: &NodeId, copied_vpc: bool, zone: &mut Option<String>, label: &mut String) -> Result<(), String> {
    let (z, l) = zones.pasted_az(scratch, vpc, n, copied_vpc, |l| names.labels.contains(l)).map_err(|why| format!("Cannot paste {}: {why}", n.label))?;
    *zone = Some(z);
    if let Some(l) = l {
        *label = l;
    }
    Ok(())
}

/// The container a root of a clip (its parent not copied) lands in: its own parent if it
/// exists here, else the one under where it is wanted that may hold it — under the copy there
/// may be a container of the original that cannot (a copied VPC's centre lies in one of the
/// original's subnets): the nearest that may, as a drop picks it.
fn root_parent(scratch: &Design, containers: &Containers, n: &Node, want: Option<&Rect>) -> Option<NodeId> {
    match &n.parent {
        Some(p) if scratch.nodes.contains_key(p) => Some(p.clone()),
        _ => {
            let under = want.and_then(|r| containers.at(r.x + r.w / 2.0, r.y + r.h / 2.0));
            place::parent_for(scratch, &n.kind, under.as_ref()).unwrap_or(under)
        }
    }
}

/// Where the plain roots of `clip` (not yet pasted, not an AZ, not spanning AZs) that land in
/// `parent` go, as one group ([`place::spot_in`], [`place::Keep::Pasted`]): the offset from
/// where each is wanted (its original moved by `by`) and the containers that grow. One offset
/// for all, so a paste keeps the copied arrangement, as a move of many does (QA s16: each
/// top-level copy placed at its own nearest free spot scattered a copied chain across the
/// canvas, offsets from (30, −200) to (34, +700)). `true` with it: the view had no free spot
/// for them ([`place::NoRoomInView`]), and they go to the nearest one to where they are wanted,
/// as with no view ([`paste`]).
fn place_group(scratch: &Design, containers: &Containers, clip: &Clip, by: (f64, f64), parent: Option<&NodeId>, view: Option<Rect>) -> (place::Moved, bool) {
    let ids: BTreeSet<&NodeId> = clip.nodes.iter().map(|n| &n.id).collect();
    // Labels measured once: the copies' are mostly the originals' beside them (a copy is
    // labelled anew only when it is added), asked here and in both tries below.
    let mut sizes = place::Footprints::default();
    let members: Vec<(Rect, Rect)> = clip
        .nodes
        .iter()
        .filter(|n| n.parent.as_ref().is_none_or(|p| !ids.contains(p)))
        .filter(|n| n.kind != "az" && n.span.is_empty())
        .filter_map(|n| {
            let r = clip.rects.get(&n.id)?;
            let want = Rect { x: r.x + by.0, y: r.y + by.1, ..*r };
            (root_parent(scratch, containers, n, Some(&want)).as_ref() == parent).then(|| (want, sizes.of(catalog::kind(&n.kind).is_some_and(|k| k.container), &n.label, &want)))
        })
        .collect();
    let mut at = |view| place::spot_in_measured(scratch, parent, &members, view, &BTreeSet::new(), place::Keep::Pasted, &mut sizes);
    match at(view) {
        Ok(m) => (m, false),
        // Without a view never refused: the nearest free spot anywhere.
        Err(place::NoRoomInView) => (at(None).unwrap_or(place::Moved { by: (0.0, 0.0), grow: Vec::new() }), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every 37 world units over the design's extent (and a margin): what the index answers
    /// against the scan over every node it replaces.
    fn same_as_the_scan(d: &Design, c: &Containers) -> usize {
        let (mut x1, mut y1) = (0.0f64, 0.0f64);
        for r in d.layout.values() {
            x1 = x1.max(r.x + r.w);
            y1 = y1.max(r.y + r.h);
        }
        let mut found = 0;
        let mut y = -100.0;
        while y < y1 + 100.0 {
            let mut x = -100.0;
            while x < x1 + 100.0 {
                let want = place::container_at(d, x, y, &BTreeSet::new());
                assert_eq!(c.at(x, y), want, "at ({x}, {y})");
                found += usize::from(want.is_some());
                x += 37.0;
            }
            y += 37.0;
        }
        found
    }

    #[test]
    fn the_container_index_answers_as_the_scan_before_and_after_a_paste() {
        for d in [crate::sample::synthetic(300), crate::sample::three_tier()] {
            let mut c = Containers::new(&d);
            assert!(same_as_the_scan(&d, &c) > 0, "some points lie in containers");
            // Select all, paste: the copies (their containers, grown ones) entered as applied.
            let all: BTreeSet<NodeId> = d.nodes.keys().cloned().collect();
            let clip = clip_of(&d, &all).expect("a clip");
            let p = paste(&d, &clip, 30.0, 30.0, "Paste", Some(Rect::new(0.0, 0.0, 1440.0, 900.0))).expect("pasted");
            let mut after = d.clone();
            c.apply(&p.edit, &mut after).expect("applies");
            // Every container of the pasted design, copies too, with its rectangle as the
            // design has it (grown ones, moved ones).
            assert_eq!(c.0, Containers::new(&after).0, "the index is the pasted design's containers");
            assert!(c.0.len() > Containers::new(&d).0.len(), "the paste copied containers");
            same_as_the_scan(&after, &c);
        }
    }
}
