//! Where a new node goes: a free spot in its container, never on top of another node.
//!
//! The editor drops a component where the pointer is; when that spot is taken (by a sibling,
//! or by a sibling's label) the node goes to the nearest free spot in the same container, and
//! when the container is full the container (and its ancestors) grow to hold it. A new
//! container is sized to fit its parent and the visible area, so it lands fully on screen.
//!
//! Pure functions over the layout, world units (1 = one CSS pixel at 100% zoom).

use super::geometry::{default_size, inflate, intersects, label_box, node_is_container, union};
use super::tidy::{HEAD, PAD};
use crate::catalog;
use crate::model::{check_parent, Design, Node, NodeId, PlacementError, Rect};
use std::collections::BTreeSet;

/// Gap kept between a new node's footprint (box and label) and its siblings'.
pub const GAP: f64 = 20.0;
/// The smallest a new container is made to fit the screen or its parent (the canvas's
/// resize minimum).
pub const MIN_CONTAINER: (f64, f64) = (120.0, 80.0);
/// The grid positions snap to, world units (the canvas's grid).
pub const GRID: f64 = 10.0;

fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// What a node covers on the diagram: its box and, for a component, its label (which may be
/// wider than the box and run below it when it wraps).
pub fn footprint(container: bool, label: &str, r: &Rect) -> Rect {
    if container {
        *r
    } else {
        union(r, &label_box(false, label, r))
    }
}

/// Where a container's contents may go: inside its frame, below its icon and label.
pub fn inner(r: &Rect) -> Rect {
    Rect::new(r.x + PAD, r.y + HEAD, (r.w - 2.0 * PAD).max(0.0), (r.h - HEAD - PAD / 2.0).max(0.0))
}

fn intersection(a: &Rect, b: &Rect) -> Option<Rect> {
    let (x0, y0) = (a.x.max(b.x), a.y.max(b.y));
    let (x1, y1) = ((a.x + a.w).min(b.x + b.w), (a.y + a.h).min(b.y + b.h));
    (x1 > x0 && y1 > y0).then(|| Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// The position nearest to `want` (same size) inside `area` that keeps at least `gap` from
/// every rectangle of `taken`; `None` when there is none ([`free_offset`] for one rectangle).
pub fn free_spot(want: &Rect, area: &Rect, taken: &[Rect], gap: f64) -> Option<Rect> {
    free_offset(std::slice::from_ref(want), area, taken, gap).map(|(dx, dy)| Rect::new(want.x + dx, want.y + dy, want.w, want.h))
}

/// The smallest shift (dx, dy) of a group of rectangles `members` (moved together, as one)
/// that keeps their bounding box inside `area` and each of them at least `gap` from every
/// rectangle of `taken`; `None` when there is none.
///
/// Exact and cheap: a free shift that is nearest to (0, 0) can be slid until, on each axis,
/// it is 0, puts the group's box against the area's edge, or puts a member against the gap
/// around a taken rectangle. So only those shifts are tried (O(k²·n·m) for k candidates per
/// axis, n taken rectangles and m members), each also snapped so the group's box is on the
/// grid. Ties go to the upper, then the left one, so the result is deterministic.
pub fn free_offset(members: &[Rect], area: &Rect, taken: &[Rect], gap: f64) -> Option<(f64, f64)> {
    let first = members.first()?;
    let b = members.iter().skip(1).fold(*first, |u, m| union(&u, m));
    let axis = |bx: f64, bw: f64, start: f64, len: f64, lo: fn(&Rect) -> f64, size: fn(&Rect) -> f64| {
        let mut c = vec![0.0, start - bx, start + len - bw - bx];
        for t in taken {
            for m in members {
                c.push(lo(t) + size(t) + gap - lo(m));
                c.push(lo(t) - gap - size(m) - lo(m));
            }
        }
        let snapped: Vec<f64> = c.iter().map(|v| snap(bx + *v) - bx).collect();
        c.extend(snapped);
        c.retain(|v| bx + *v >= start - 1e-6 && bx + *v + bw <= start + len + 1e-6);
        crate::order::sort_by(&mut c, f64::total_cmp);
        c.dedup();
        c
    };
    let xs = axis(b.x, b.w, area.x, area.w, |r| r.x, |r| r.w);
    let ys = axis(b.y, b.h, area.y, area.h, |r| r.y, |r| r.h);
    let zones: Vec<Rect> = taken.iter().map(|t| inflate(t, gap - 1e-6)).collect();
    let mut best: Option<(f64, (f64, f64))> = None;
    for &dy in &ys {
        for &dx in &xs {
            let d2 = dx * dx + dy * dy;
            if best.as_ref().is_some_and(|(b, _)| *b <= d2) {
                continue;
            }
            let free = members.iter().all(|m| {
                let r = Rect::new(m.x + dx, m.y + dy, m.w, m.h);
                zones.iter().all(|z| !intersects(&r, z))
            });
            if free {
                best = Some((d2, (dx, dy)));
            }
        }
    }
    best.map(|(_, o)| o)
}

/// Where a new node goes, and which containers grow to hold it.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub rect: Rect,
    /// Containers that grow (id, before, after), innermost first: empty unless the parent
    /// had no free spot.
    pub grow: Vec<(NodeId, Rect, Rect)>,
}

/// The container a node of `kind` dropped on `under` (the innermost container under the
/// pointer; None: empty canvas) goes into: `under` itself if the kind may sit there, else
/// the nearest of its ancestors that accepts it, else the top level if the kind may sit
/// there. A load balancer dropped on a subnet goes into the subnet's VPC; an AZ dropped on
/// a subnet into the VPC. When nothing accepts it, the refusal for `under` (it says where
/// the kind belongs).
pub fn parent_for(d: &Design, kind: &str, under: Option<&NodeId>) -> Result<Option<NodeId>, PlacementError> {
    let first = check_parent(d, kind, under, None);
    if first.is_ok() {
        return Ok(under.cloned());
    }
    if let Some(u) = under {
        if let Some(a) = d.ancestors(u).find(|a| check_parent(d, kind, Some(&a.id), None).is_ok()) {
            return Ok(Some(a.id.clone()));
        }
        if check_parent(d, kind, None, None).is_ok() {
            return Ok(None);
        }
    }
    first.map(|_| None)
}

/// Where a new node of `kind` with `label` goes in `parent` (None: the top level) when it is
/// dropped at the world point `at`, with `view` the visible world area (None: not known).
///
/// A container takes its default size, made smaller to fit inside its parent and the view
/// (not below [`MIN_CONTAINER`]); the node is centred on the pointer, then placed by
/// [`spot_for`].
pub fn new_node_rect(d: &Design, kind: &str, label: &str, parent: Option<&NodeId>, at: (f64, f64), view: Option<Rect>) -> Placement {
    if kind == "az" {
        if let Some(p) = parent.and_then(|vpc| az_column(d, vpc)) {
            return p;
        }
    }
    let container = catalog::kind(kind).is_some_and(|k| k.container);
    let area = parent.and_then(|p| d.layout.get(p)).map(inner);
    let (mut w, mut h) = default_size(kind);
    if container {
        let mut fit = |limit: &Rect| {
            w = w.min(snap(limit.w - 2.0 * GRID).max(MIN_CONTAINER.0));
            h = h.min(snap(limit.h - 2.0 * GRID).max(MIN_CONTAINER.1));
        };
        if let Some(v) = &view {
            fit(v);
        }
        if let Some(a) = &area {
            fit(a);
        }
    }
    let want = Rect::new(snap(at.0 - w / 2.0), snap(at.1 - h / 2.0), w, h);
    spot_for(d, container, label, parent, &want, view)
}

/// Where a new Availability Zone goes in a VPC that has AZs already: AZs are columns
/// (AWS's convention, and "Tidy up"'s), so it is a new column [`super::tidy::GAP`]` / 2` to
/// the right of the rightmost AZ, as wide as that one, from the top of the AZ row to the
/// bottom of the tallest AZ; the VPC (and what holds it) grows to the right to hold it.
/// None when the VPC has no laid-out AZ (the new one then goes where it is dropped).
pub fn az_column(d: &Design, vpc: &NodeId) -> Option<Placement> {
    let azs: Vec<&Rect> = d.nodes.values().filter(|n| n.kind == "az" && n.parent.as_ref() == Some(vpc)).filter_map(|n| d.layout.get(&n.id)).collect();
    let last = azs.iter().max_by(|a, b| (a.x + a.w).total_cmp(&(b.x + b.w)))?;
    let top = azs.iter().map(|r| r.y).fold(f64::INFINITY, f64::min);
    let bottom = azs.iter().map(|r| r.y + r.h).fold(f64::NEG_INFINITY, f64::max);
    // Right of the last AZ, and of anything else of the VPC beside the AZ row.
    let right = d
        .nodes
        .values()
        .filter(|n| n.parent.as_ref() == Some(vpc))
        .filter_map(|n| d.layout.get(&n.id).map(|r| footprint(node_is_container(n), &n.label, r)))
        .filter(|f| f.y < bottom && top < f.y + f.h)
        .map(|f| f.x + f.w)
        .fold(last.x + last.w, f64::max);
    let rect = Rect::new(right + super::tidy::GAP / 2.0, top, last.w, bottom - top);
    // The VPC grows to the right only: the new column is as tall as the AZs already there,
    // which the VPC holds as it is (a hand-made layout may leave them less bottom padding).
    let need = Rect { h: 1.0, ..rect };
    Some(Placement { rect, grow: grow_to_hold(d, vpc, &need) })
}

/// Where a node (a container or not, with `label`) wanted at `want` goes in `parent`:
///
/// - moved to lie fully in the view (when it fits) and in its parent;
/// - if its footprint (box and label) would come within [`GAP`] of a sibling's, to the
///   nearest free spot — first one in the parent that is also on screen, then any in the
///   parent; at the top level, the nearest on screen, else the nearest anywhere;
/// - if the parent is full, below the parent's contents, and the parent, and each ancestor
///   that must, grows to hold it.
///
/// Used for a new node (from [`new_node_rect`]) and for pasted ones (keeping their size).
pub fn spot_for(d: &Design, container: bool, label: &str, parent: Option<&NodeId>, want: &Rect, view: Option<Rect>) -> Placement {
    spot_among(d, container, label, parent, want, view, &BTreeSet::new())
}

/// Where nodes dragged within their own container are dropped, as one group: `roots` the
/// grabbed nodes (none inside another; all in one container), `by` the drag's offset,
/// `moving` everything the drag moves (the roots and all they hold: their old places are
/// free). None: they land where they were dropped. Some: the offset to move them by instead,
/// and the containers that grow (and what they push aside, [`grow_to_hold`]).
///
/// - The group's footprint (boxes and labels) stays inside its container's inner area (when
///   it fits): a component dropped half over its VPC's frame, or over a subnet's title, is
///   moved in by as much (QA s10 #2: it stuck out and hid the title).
/// - When dropped there a member's box would cover at least [`COVERED`] of the box of a node
///   of the same container that does not move (or of its own, the smaller one counting), the
///   group goes, as a whole and keeping its arrangement, to the nearest spot where no member
///   comes within [`GAP`] of one (first one on screen, then any in the container; at the top
///   level on screen, then anywhere); in a full container below its contents, the container
///   growing ([`spot_for`]'s rule; QA s10 #1: a moved group covered others).
///
/// Why: a user drops a component where they want it, and a drop beside others, however
/// close, is their arrangement and stays — labels touching, a corner over a neighbour's
/// corner, a 20 px nudge to line things up. But one dropped on top of another hides it, and
/// nothing on the diagram says it is there: the editor never draws one component over
/// another (a drop from the palette, a paste and a move into another container all take
/// the nearest free spot, [`spot_for`]), so neither does a move inside a container. Refusing
/// the drop would put the nodes back where they were, far from where the user wanted them;
/// the nearest free spot is as close to that as the diagram allows (and the move is one undo
/// step, as any).
pub fn spot_for_move(d: &Design, roots: &[NodeId], by: (f64, f64), moving: &BTreeSet<NodeId>, view: Option<Rect>) -> Option<Moved> {
    let parent = d.nodes.get(roots.first()?)?.parent.clone();
    if roots.iter().any(|r| d.nodes.get(r).map(|n| &n.parent) != Some(&parent)) {
        return None;
    }
    // (box, footprint) of each member where it was dropped.
    let members: Vec<(Rect, Rect)> = roots
        .iter()
        .filter_map(|id| {
            let n = &d.nodes[id];
            let r = d.layout.get(id)?;
            let r = Rect { x: r.x + by.0, y: r.y + by.1, ..*r };
            Some((r, footprint(node_is_container(n), &n.label, &r)))
        })
        .collect();
    let first = members.first()?;
    let bbox = members.iter().skip(1).fold(first.1, |u, m| union(&u, &m.1));
    let area = parent.as_ref().and_then(|p| d.layout.get(p)).map(inner);
    // Clamped into the container (when the group fits in it) — no further out than the inner
    // area, or than the group already stood before the drag: a layout made by hand (or an old
    // one) with a component a few pixels into the title keeps it there when it is nudged.
    let (mut ox, mut oy) = (0.0, 0.0);
    if let Some(a) = &area {
        let was = Rect { x: bbox.x - by.0, y: bbox.y - by.1, ..bbox };
        let (x0, x1) = (a.x.min(was.x), (a.x + a.w).max(was.x + was.w));
        let (y0, y1) = (a.y.min(was.y), (a.y + a.h).max(was.y + was.h));
        if bbox.w <= x1 - x0 {
            ox = bbox.x.clamp(x0, x1 - bbox.w) - bbox.x;
        }
        if bbox.h <= y1 - y0 {
            oy = bbox.y.clamp(y0, y1 - bbox.h) - bbox.y;
        }
    }
    let others: Vec<&Node> = d.nodes.values().filter(|o| o.parent == parent && !moving.contains(&o.id)).collect();
    let covers = others.iter().filter_map(|o| d.layout.get(&o.id)).any(|r| members.iter().any(|(m, _)| covered(&Rect { x: m.x + ox, y: m.y + oy, ..*m }, r)));
    if !covers {
        return (ox != 0.0 || oy != 0.0).then_some(Moved { by: (by.0 + ox, by.1 + oy), grow: vec![] });
    }
    let fps: Vec<Rect> = members.iter().map(|(_, f)| Rect { x: f.x + ox, y: f.y + oy, ..*f }).collect();
    let bbox = Rect { x: bbox.x + ox, y: bbox.y + oy, ..bbox };
    let taken: Vec<Rect> = others.iter().filter_map(|n| d.layout.get(&n.id).map(|r| footprint(node_is_container(n), &n.label, r))).collect();
    let on_screen = view.map(|v| inflate(&v, -GRID));
    let areas: Vec<Rect> = match (area, on_screen) {
        (Some(a), Some(v)) => intersection(&a, &v).into_iter().chain([a]).collect(),
        (Some(a), None) => vec![a],
        (None, Some(v)) => vec![v, inflate(&union(&v, &bbox), 4000.0)],
        (None, None) => vec![inflate(&bbox, 4000.0)],
    };
    for a in &areas {
        if let Some((dx, dy)) = free_offset(&fps, a, &taken, GAP) {
            return Some(Moved { by: (by.0 + ox + dx, by.1 + oy + dy), grow: vec![] });
        }
    }
    // The container is full: below its contents, at its left, and it grows.
    let (Some(pid), Some(a)) = (parent.as_ref(), area) else {
        return (ox != 0.0 || oy != 0.0).then_some(Moved { by: (by.0 + ox, by.1 + oy), grow: vec![] });
    };
    let bottom = taken.iter().map(|t| t.y + t.h).fold(a.y - GAP, f64::max);
    let to = Rect { x: a.x, y: ((bottom + GAP) / GRID).ceil() * GRID, ..bbox };
    Some(Moved { by: (by.0 + ox + to.x - bbox.x, by.1 + oy + to.y - bbox.y), grow: grow_around(d, pid, &to, moving) })
}

/// Where a drop within a container moves the dragged nodes ([`spot_for_move`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    /// The offset every dragged node moves by (world units), instead of the drag's.
    pub by: (f64, f64),
    /// Containers that grow and nodes pushed aside (id, before, after), as [`Placement::grow`].
    pub grow: Vec<(NodeId, Rect, Rect)>,
}

/// The share of the smaller of two boxes that their overlap must reach for a drop to count
/// as on top of the other ([`spot_for_move`]): a quarter of a 112 × 72 component is its
/// icon's width across a corner — less is a neighbour touched, not one hidden.
pub const COVERED: f64 = 0.25;

/// Whether `a` and `b` overlap by at least [`COVERED`] of the smaller one's area.
fn covered(a: &Rect, b: &Rect) -> bool {
    let w = (a.x + a.w).min(b.x + b.w) - a.x.max(b.x);
    let h = (a.y + a.h).min(b.y + b.h) - a.y.max(b.y);
    w > 0.0 && h > 0.0 && w * h >= COVERED * (a.w * a.h).min(b.w * b.h)
}

/// [`spot_for`], the nodes in `moving` (being dragged) neither counted as taken nor pushed
/// aside by a container that grows.
pub fn spot_among(d: &Design, container: bool, label: &str, parent: Option<&NodeId>, want: &Rect, view: Option<Rect>, moving: &BTreeSet<NodeId>) -> Placement {
    let area = parent.and_then(|p| d.layout.get(p)).map(inner);
    let mut r = *want;
    // The footprint's margins around the box (a component's label may stick out).
    let fp0 = footprint(container, label, &r);
    let (ml, mt, mr, mb) = (r.x - fp0.x, r.y - fp0.y, fp0.x + fp0.w - r.x - r.w, fp0.y + fp0.h - r.y - r.h);
    let clamp_into = |r: &mut Rect, a: &Rect| {
        let fw = r.w + ml + mr;
        let fh = r.h + mt + mb;
        if fw <= a.w {
            r.x = r.x.clamp(a.x + ml, a.x + a.w - fw + ml);
        }
        if fh <= a.h {
            r.y = r.y.clamp(a.y + mt, a.y + a.h - fh + mt);
        }
    };
    let on_screen = view.map(|v| inflate(&v, -GRID));
    if let Some(v) = &on_screen {
        clamp_into(&mut r, v);
    }
    if let Some(a) = &area {
        clamp_into(&mut r, a);
    }
    let taken: Vec<Rect> = d
        .nodes
        .values()
        .filter(|n| n.parent.as_ref() == parent && !moving.contains(&n.id))
        .filter_map(|n| d.layout.get(&n.id).map(|rr| footprint(node_is_container(n), &n.label, rr)))
        .collect();
    let want_fp = Rect::new(r.x - ml, r.y - mt, r.w + ml + mr, r.h + mt + mb);
    let areas: Vec<Rect> = match (area, on_screen) {
        (Some(a), Some(v)) => intersection(&a, &v).into_iter().chain([a]).collect(),
        (Some(a), None) => vec![a],
        // The top level: on screen first, then anywhere (a wide area around it).
        (None, Some(v)) => vec![v, inflate(&union(&v, &want_fp), 4000.0)],
        (None, None) => vec![inflate(&want_fp, 4000.0)],
    };
    for a in &areas {
        if let Some(spot) = free_spot(&want_fp, a, &taken, GAP) {
            return Placement { rect: Rect::new(spot.x + ml, spot.y + mt, r.w, r.h), grow: vec![] };
        }
    }
    // The parent is full: below its contents, at its left, and the parent grows.
    let Some((pid, a)) = parent.zip(area) else {
        return Placement { rect: r, grow: vec![] };
    };
    let bottom = taken.iter().map(|t| t.y + t.h).fold(a.y - GAP, f64::max);
    let rect = Rect::new(a.x + ml, ((bottom + GAP) / GRID).ceil() * GRID + mt, r.w, r.h);
    Placement { rect, grow: grow_around(d, pid, &Rect::new(rect.x - ml, rect.y - mt, want_fp.w, want_fp.h), moving) }
}

/// The containers from `id` up that must grow (right and down) so that each holds `r`, and
/// then its grown child, inside its padding, and what each grown container pushes aside:
/// (id, before, after), each grown container followed by the nodes it pushed, innermost
/// first.
///
/// A container that grows covers nothing it did not cover before (QA s10 #3: a subnet grew
/// over the subnet below it). What stands below its old bottom edge, across its new width,
/// moves down by as much as it grew taller; what stands right of its old right edge, across
/// its new height, moves right by as much as it grew wider — each with all it holds, and
/// what those moved nodes then stand in front of moves too, so rows and columns keep their
/// order and gaps (AWS's layout: AZ columns, subnet rows; "Tidy up" lays them out so). The
/// container's own container then grows to hold it and what it pushed. Pushing, not placing
/// the new node elsewhere: the user chose the container; it grows where the node was put,
/// as a hand-drawn diagram does.
pub fn grow_to_hold(d: &Design, id: &NodeId, r: &Rect) -> Vec<(NodeId, Rect, Rect)> {
    grow_around(d, id, r, &BTreeSet::new())
}

/// [`grow_to_hold`], the nodes in `moving` (being dragged) neither pushed nor held.
fn grow_around(d: &Design, id: &NodeId, r: &Rect, moving: &BTreeSet<NodeId>) -> Vec<(NodeId, Rect, Rect)> {
    let mut out = Vec::new();
    let mut need = *r;
    let mut cur = Some(id.clone());
    while let Some(c) = cur {
        let Some(before) = d.layout.get(&c).copied() else { break };
        let a = inner(&before);
        let right = (need.x + need.w - (a.x + a.w)).max(0.0);
        let down = (need.y + need.h - (a.y + a.h)).max(0.0);
        if right <= 0.0 && down <= 0.0 {
            break;
        }
        // Rounded up to the grid, so it holds the child whole.
        let up = |v: f64| (v / GRID).ceil() * GRID;
        // Only a side that grows is rounded: a VPC 672 tall that grows to the right stays
        // 672 tall (not 680).
        let w = if right > 0.0 { up(before.w + right) } else { before.w };
        let h = if down > 0.0 { up(before.h + down) } else { before.h };
        let after = Rect { w, h, ..before };
        out.push((c.clone(), before, after));
        let parent = d.nodes.get(&c).and_then(|n| n.parent.clone());
        let pushed = push_aside(d, &c, parent.as_ref(), &before, &after, moving);
        // The next container holds this one and the siblings it pushed (their footprints).
        need = pushed
            .iter()
            .filter(|(p, _, _)| d.nodes.get(p).is_some_and(|n| n.parent == parent))
            .map(|(p, _, moved)| footprint(d.nodes.get(p).is_some_and(node_is_container), &d.nodes[p].label, moved))
            .fold(after, |u, f| union(&u, &f));
        out.extend(pushed);
        cur = parent;
    }
    out
}

/// The siblings of `grown` (in `parent`) that its growth from `before` to `after` would cover,
/// moved out of its way with everything they hold ([`grow_to_hold`] says how): (id, before,
/// after) for each moved node.
fn push_aside(d: &Design, grown: &NodeId, parent: Option<&NodeId>, before: &Rect, after: &Rect, moving: &BTreeSet<NodeId>) -> Vec<(NodeId, Rect, Rect)> {
    let mut sibs: Vec<(NodeId, Rect)> = d
        .nodes
        .values()
        .filter(|n| n.parent.as_ref() == parent && &n.id != grown && !moving.contains(&n.id))
        .filter_map(|n| d.layout.get(&n.id).map(|r| (n.id.clone(), *r)))
        .collect();
    let mut by: std::collections::BTreeMap<NodeId, (f64, f64)> = std::collections::BTreeMap::new();
    let overlaps = |a0: f64, a1: f64, spans: &[(f64, f64)]| spans.iter().any(|&(s0, s1)| a0 < s1 && s0 < a1);
    // Down: what stands below the old bottom edge, across the new width (and, in turn, across
    // what moved down), top to bottom.
    let taller = after.h - before.h;
    if taller > 0.0 {
        let mut spans = vec![(after.x, after.x + after.w)];
        crate::order::sort_by(&mut sibs, |a, b| a.1.y.total_cmp(&b.1.y).then(a.1.x.total_cmp(&b.1.x)));
        for (id, r) in sibs.iter_mut() {
            if r.y >= before.y + before.h - 1e-9 && overlaps(r.x, r.x + r.w, &spans) {
                spans.push((r.x, r.x + r.w));
                r.y += taller;
                by.entry(id.clone()).or_default().1 += taller;
            }
        }
    }
    // Right: what stands right of the old right edge, across the new height (and what moved
    // right), left to right; a node moved down already stands below the new bottom edge.
    let wider = after.w - before.w;
    if wider > 0.0 {
        let mut rows = vec![(after.y, after.y + after.h)];
        crate::order::sort_by(&mut sibs, |a, b| a.1.x.total_cmp(&b.1.x).then(a.1.y.total_cmp(&b.1.y)));
        for (id, r) in sibs.iter_mut() {
            if r.x >= before.x + before.w - 1e-9 && overlaps(r.y, r.y + r.h, &rows) {
                rows.push((r.y, r.y + r.h));
                r.x += wider;
                by.entry(id.clone()).or_default().0 += wider;
            }
        }
    }
    let mut out = Vec::new();
    for (id, (dx, dy)) in by {
        for m in std::iter::once(id.clone()).chain(crate::edit::descendants(d, &id)) {
            if let Some(r) = d.layout.get(&m) {
                out.push((m, *r, Rect { x: r.x + dx, y: r.y + dy, ..*r }));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_spot_is_kept() {
        let want = Rect::new(100.0, 100.0, 50.0, 50.0);
        let area = Rect::new(0.0, 0.0, 500.0, 500.0);
        assert_eq!(free_spot(&want, &area, &[Rect::new(300.0, 300.0, 50.0, 50.0)], 20.0), Some(want));
    }

    #[test]
    fn a_taken_spot_moves_to_the_nearest_free_one() {
        // A 50×50 box wanted at (100,100) on top of a 50×50 box at (100,100). With a 20 gap,
        // the candidates are x ∈ {100 + 50 + 20 = 170, 100 − 20 − 50 = 30} or the same for y,
        // each 70 away; ties go to the upper one, then the left: (100, 30) is 70 up.
        let want = Rect::new(100.0, 100.0, 50.0, 50.0);
        let area = Rect::new(0.0, 0.0, 500.0, 500.0);
        let got = free_spot(&want, &area, &[want], 20.0).unwrap();
        assert_eq!((got.x, got.y), (100.0, 30.0));
        // In an area that starts at y = 80 there is no room above: left, x = 30.
        let area = Rect::new(0.0, 80.0, 500.0, 420.0);
        let got = free_spot(&want, &area, &[want], 20.0).unwrap();
        assert_eq!((got.x, got.y), (30.0, 100.0));
    }

    fn lambda(d: &mut Design, id: &str, parent: Option<&str>, r: Rect) {
        let node = crate::model::Node { id: id.into(), kind: "lambda".into(), label: id.into(), parent: parent.map(NodeId::from), span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
        crate::Edit::AddNode { node, rect: Some(r) }.apply(d).expect("adds");
    }

    fn container(d: &mut Design, id: &str, kind: &str, parent: Option<&str>, r: Rect) {
        let node = crate::model::Node { id: id.into(), kind: kind.into(), label: id.into(), parent: parent.map(NodeId::from), span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
        crate::Edit::AddNode { node, rect: Some(r) }.apply(d).expect("adds");
    }

    /// `b`'s rectangle after a drop of `b` alone by the offset that lands it at `want`.
    fn drop_b(d: &Design, want: Rect, moving: &[&str]) -> Option<Rect> {
        let b = NodeId::from("b");
        let r = d.layout[&b];
        let moving: BTreeSet<NodeId> = moving.iter().map(|m| NodeId::from(*m)).collect();
        spot_for_move(d, &[b], (want.x - r.x, want.y - r.y), &moving, None).map(|m| Rect { x: r.x + m.by.0, y: r.y + m.by.1, ..r })
    }

    /// Two lambdas side by side at the top level; `b` dragged: onto `a` it goes to the nearest
    /// free spot, beside `a` it stays where dropped.
    #[test]
    fn a_component_dropped_on_another_in_its_container_takes_the_nearest_free_spot() {
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "b", None, Rect::new(400.0, 0.0, 112.0, 72.0));
        // Beside a (a gap of 8, less than GAP): the user's arrangement, kept.
        assert_eq!(drop_b(&d, Rect::new(120.0, 0.0, 112.0, 72.0), &["b"]), None);
        // On b's own old place (and anywhere over it): nothing else there.
        assert_eq!(drop_b(&d, Rect::new(390.0, 10.0, 112.0, 72.0), &["b"]), None);
        // Over a's corner: 30 × 20 of its 112 × 72 (7%): a neighbour touched, kept.
        assert_eq!(drop_b(&d, Rect::new(82.0, 52.0, 112.0, 72.0), &["b"]), None);
        // A third of a covered (56 × 52 = 2,912 of 8,064 = 36% ≥ 25%): moved off it.
        assert!(drop_b(&d, Rect::new(56.0, 20.0, 112.0, 72.0), &["b"]).is_some());
        // Onto a, 10 right and 10 down of it: covered. The nearest free spot keeps GAP from
        // a's footprint (its box; the one-letter label is inside): right of it at x = 112 + 20
        // = 132 (122 away), below at y = 72 + 20 = 92 (82 away): below.
        assert_eq!(drop_b(&d, Rect::new(10.0, 10.0, 112.0, 72.0), &["b"]), Some(Rect::new(10.0, 92.0, 112.0, 72.0)));
        // Dragged with a (both move): a's old place is free, it lands where dropped.
        assert_eq!(drop_b(&d, Rect::new(10.0, 10.0, 112.0, 72.0), &["a", "b"]), None);
    }

    /// QA s10 #1: a group dropped on others goes, as a group, to the nearest spot where none
    /// of its members covers a node outside it.
    #[test]
    fn a_group_dropped_on_others_moves_as_a_group_to_the_nearest_free_spot() {
        // a and b side by side (a gap of 28), c further right; a and b dragged together by
        // (+420, +10): b lands on c's place... a at (420,10), b at (560,10); c at (560,0).
        let mut d = Design::new("t", "us-east-1");
        lambda(&mut d, "a", None, Rect::new(0.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "b", None, Rect::new(140.0, 0.0, 112.0, 72.0));
        lambda(&mut d, "c", None, Rect::new(560.0, 0.0, 112.0, 72.0));
        let roots = [NodeId::from("a"), NodeId::from("b")];
        let moving: BTreeSet<NodeId> = roots.iter().cloned().collect();
        let m = spot_for_move(&d, &roots, (420.0, 10.0), &moving, None).expect("b covered c: moved");
        // The nearest shift keeping both GAP from c: down to y = 72 + 20 = 92 (82 away) beats
        // left (b's right edge at 560 − 20: 140 + 112 + dx = 540, dx = 148, 272 away) and
        // right (a at 560 + 112 + 20 = 692, 272 away).
        assert_eq!(m.by, (420.0, 92.0));
        assert!(m.grow.is_empty());
        // Neither member covers c there, and they kept their arrangement (28 apart).
        for id in &roots {
            let r = d.layout[id];
            let r = Rect { x: r.x + m.by.0, y: r.y + m.by.1, ..r };
            assert!(!intersects(&r, &d.layout[&NodeId::from("c")]), "{id} on c");
        }
        // Dropped beside c (only a's corner near it): kept where dropped.
        assert_eq!(spot_for_move(&d, &roots, (250.0, 0.0), &moving, None), None);
        // A drop the old rule (one root only) kept over c: a group of one moves as before.
        assert!(spot_for_move(&d, &roots[1..], (420.0, 0.0), &BTreeSet::from([roots[1].clone()]), None).is_some());
    }

    /// QA s10 #2: a component dropped half over its container's frame (or a subnet's title)
    /// is moved in, to the container's inner area.
    #[test]
    fn a_component_dropped_over_its_containers_edge_is_clamped_inside() {
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 600.0, 400.0));
        container(&mut d, "b", "alb", Some("v"), Rect::new(100.0, 100.0, 112.0, 72.0));
        let a = inner(&d.layout[&NodeId::from("v")]);
        // Dropped with its right half over the VPC's right edge: moved in, its right edge at
        // the inner area's.
        let got = drop_b(&d, Rect::new(540.0, 100.0, 112.0, 72.0), &["b"]).expect("clamped");
        assert_eq!((got.x + got.w, got.y), (a.x + a.w, 100.0));
        // Over the title (the top 10 px of the VPC): moved down below it.
        let got = drop_b(&d, Rect::new(200.0, 10.0, 112.0, 72.0), &["b"]).expect("clamped");
        assert_eq!((got.x, got.y), (200.0, a.y));
        // Inside: kept.
        assert_eq!(drop_b(&d, Rect::new(300.0, 200.0, 112.0, 72.0), &["b"]), None);
        // One standing 4 px into the title already (the starter's top row) and nudged 10 px
        // right: kept where dropped, not pulled down (the s25-hub e2e).
        let mut d2 = d.clone();
        d2.layout.insert(NodeId::from("b"), Rect::new(100.0, a.y - 4.0, 112.0, 72.0));
        assert_eq!(drop_b(&d2, Rect::new(110.0, a.y - 4.0, 112.0, 72.0), &["b"]), None);
        // Dropped further into the title than it stood: back to where it stood.
        let got = drop_b(&d2, Rect::new(110.0, a.y - 20.0, 112.0, 72.0), &["b"]).expect("clamped");
        assert_eq!(got.y, a.y - 4.0);
    }

    /// QA s10 #3: a container that grows pushes what stands below it down, and what stands
    /// right of it right, with all they hold; its container grows to hold them.
    #[test]
    fn a_growing_container_pushes_its_siblings_aside() {
        // A VPC with AZ s1 on top of AZ s2 (a gap of 20; s2 holds subnet f), AZ s3 right of
        // s1, and a lambda right of the VPC at the top level.
        let mut d = Design::new("t", "us-east-1");
        container(&mut d, "v", "vpc", None, Rect::new(0.0, 0.0, 600.0, 500.0));
        container(&mut d, "s1", "az", Some("v"), Rect::new(20.0, 40.0, 400.0, 200.0));
        container(&mut d, "s2", "az", Some("v"), Rect::new(20.0, 260.0, 400.0, 200.0));
        container(&mut d, "f", "subnet", Some("s2"), Rect::new(40.0, 300.0, 112.0, 72.0));
        container(&mut d, "s3", "az", Some("v"), Rect::new(440.0, 40.0, 140.0, 100.0));
        lambda(&mut d, "x", None, Rect::new(700.0, 0.0, 112.0, 72.0));
        let s1 = NodeId::from("s1");
        let want = inner(&d.layout[&s1]);
        let g = grow_to_hold(&d, &s1, &Rect::new(want.x, want.y + want.h + 90.0, 112.0, 20.0));
        let after: std::collections::BTreeMap<&NodeId, Rect> = g.iter().map(|(id, _, a)| (id, *a)).collect();
        let s1a = after[&s1];
        assert_eq!(s1a.h, 310.0, "s1 grew down to hold the rectangle");
        // s2 (below) and its subnet moved down by as much; s3 (right, beside s1) stays.
        assert_eq!(after[&NodeId::from("s2")], Rect::new(20.0, 370.0, 400.0, 200.0));
        assert_eq!(after[&NodeId::from("f")], Rect::new(40.0, 410.0, 112.0, 72.0));
        assert!(!after.contains_key(&NodeId::from("s3")));
        // The VPC grew to hold s2 where it went, and pushed nothing (x is beside it).
        let v = after[&NodeId::from("v")];
        assert!(v.y + v.h >= 370.0 + 200.0, "{v:?}");
        assert!(!after.contains_key(&NodeId::from("x")));
        // No two siblings overlap after the growth.
        let mut laid = d.layout.clone();
        for (id, _, a) in &g {
            laid.insert(id.clone(), *a);
        }
        for p in [Some("v"), None] {
            let sibs: Vec<Rect> = d.nodes.values().filter(|n| n.parent.as_ref().map(|x| x.as_str()) == p).map(|n| laid[&n.id]).collect();
            for (i, a) in sibs.iter().enumerate() {
                for b in &sibs[i + 1..] {
                    assert!(!intersects(a, b), "{a:?} over {b:?}");
                }
            }
        }
        // Growing to the right pushes what stands right of it (s3 beside s1) right.
        let g = grow_to_hold(&d, &s1, &Rect::new(want.x + want.w + 30.0, want.y, 20.0, 20.0));
        let after: std::collections::BTreeMap<&NodeId, Rect> = g.iter().map(|(id, _, a)| (id, *a)).collect();
        let wider = after[&s1].w - 400.0;
        assert_eq!(after[&NodeId::from("s3")].x, 440.0 + wider);
        assert!(!after.contains_key(&NodeId::from("s2")), "s2 is below, not beside");
    }

    #[test]
    fn no_spot_in_a_full_area() {
        let area = Rect::new(0.0, 0.0, 100.0, 100.0);
        let want = Rect::new(10.0, 10.0, 60.0, 60.0);
        assert_eq!(free_spot(&want, &area, &[Rect::new(40.0, 40.0, 20.0, 20.0)], 20.0), None);
    }
}
