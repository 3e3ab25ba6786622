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
use crate::model::{check_parent, Design, NodeId, PlacementError, Rect};
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
/// every rectangle of `taken`; `None` when there is none.
///
/// Exact and cheap: a free position that is nearest to `want` can be slid until, on each
/// axis, it either sits at `want`'s coordinate, touches the area's edge, or touches the gap
/// around a taken rectangle. So only those coordinates are tried (O(k²·n) for k candidate
/// coordinates per axis, n taken rectangles), each also snapped to the grid. Ties go to the
/// upper, then the left one, so the result is deterministic.
pub fn free_spot(want: &Rect, area: &Rect, taken: &[Rect], gap: f64) -> Option<Rect> {
    let axis = |w: f64, start: f64, len: f64, at: f64, lo: fn(&Rect) -> f64, size: fn(&Rect) -> f64| {
        let mut c = vec![at, start, start + len - w];
        for t in taken {
            c.push(lo(t) + size(t) + gap);
            c.push(lo(t) - gap - w);
        }
        let snapped: Vec<f64> = c.iter().map(|v| snap(*v)).collect();
        c.extend(snapped);
        c.retain(|v| *v >= start - 1e-6 && *v + w <= start + len + 1e-6);
        crate::order::sort_by(&mut c, f64::total_cmp);
        c.dedup();
        c
    };
    let xs = axis(want.w, area.x, area.w, want.x, |r| r.x, |r| r.w);
    let ys = axis(want.h, area.y, area.h, want.y, |r| r.y, |r| r.h);
    let mut best: Option<(f64, Rect)> = None;
    for &y in &ys {
        for &x in &xs {
            let r = Rect::new(x, y, want.w, want.h);
            let d2 = (x - want.x).powi(2) + (y - want.y).powi(2);
            if best.as_ref().is_some_and(|(b, _)| *b <= d2) {
                continue;
            }
            if taken.iter().all(|t| !intersects(&r, &inflate(t, gap - 1e-6))) {
                best = Some((d2, r));
            }
        }
    }
    best.map(|(_, r)| r)
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
    let mut grow = grow_to_hold(d, vpc, &need);
    grow.extend(make_room_right(d, &grow));
    Some(Placement { rect, grow })
}

/// What stands to the right of a container that grew to the right moves right with it, by as
/// much, with everything it holds, so the grown container covers none of it (the starter's
/// VPC grew over its S3 bucket, secrets and logs). (id, before, after) for each moved node.
fn make_room_right(d: &Design, grown: &[(NodeId, Rect, Rect)]) -> Vec<(NodeId, Rect, Rect)> {
    let mut dx: std::collections::BTreeMap<NodeId, f64> = std::collections::BTreeMap::new();
    for (id, before, after) in grown {
        let wider = after.w - before.w;
        if wider <= 0.0 {
            continue;
        }
        let parent = d.nodes.get(id).and_then(|n| n.parent.clone());
        let right_edge = before.x + before.w;
        for s in d.nodes.values().filter(|n| n.parent == parent && &n.id != id && !grown.iter().any(|(g, _, _)| g == &n.id)) {
            let Some(r) = d.layout.get(&s.id) else { continue };
            if r.x >= right_edge - 1e-9 && r.y < after.y + after.h && after.y < r.y + r.h {
                for m in std::iter::once(s.id.clone()).chain(crate::edit::descendants(d, &s.id)) {
                    *dx.entry(m).or_default() += wider;
                }
            }
        }
    }
    dx.into_iter().filter_map(|(id, by)| d.layout.get(&id).map(|r| (id, *r, Rect { x: r.x + by, ..*r }))).collect()
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

/// Where a component dragged within its own container is dropped (`want`: its rectangle
/// where the pointer left it; `moving`: everything the drag moves, whose old places are free).
/// None: it lands where it was dropped. Some: the free spot nearest to it there
/// ([`spot_for`]), when dropped there its box would cover at least [`COVERED`] of another
/// box of the same container (or of its own, the smaller one counting).
///
/// Why: a user drops a component where they want it, and a drop beside others, however
/// close, is their arrangement and stays — labels touching, a corner over a neighbour's
/// corner, a 20 px nudge to line things up. But one dropped on top of another hides it, and
/// nothing on the diagram says it is there: the editor never draws one component over
/// another (a drop from the palette, a paste and a move into another container all take
/// the nearest free spot, [`spot_for`]), so neither does a move inside a container. Refusing
/// the drop would put the component back where it was, far from where the user wanted it;
/// the nearest free spot is as close to that as the diagram allows (and the move is one undo
/// step, as any).
pub fn spot_for_move(d: &Design, id: &NodeId, want: &Rect, moving: &BTreeSet<NodeId>, view: Option<Rect>) -> Option<Placement> {
    let n = d.nodes.get(id)?;
    let container = node_is_container(n);
    let covers = d
        .nodes
        .values()
        .filter(|o| o.parent == n.parent && o.id != *id && !moving.contains(&o.id))
        .filter_map(|o| d.layout.get(&o.id))
        .any(|r| covered(want, r));
    covers.then(|| spot_among(d, container, &n.label, n.parent.as_ref(), want, view, moving))
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

/// [`spot_for`], the nodes in `moving` not counted as taken.
fn spot_among(d: &Design, container: bool, label: &str, parent: Option<&NodeId>, want: &Rect, view: Option<Rect>, moving: &BTreeSet<NodeId>) -> Placement {
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
    Placement { rect, grow: grow_to_hold(d, pid, &Rect::new(rect.x - ml, rect.y - mt, want_fp.w, want_fp.h)) }
}

/// The containers from `id` up that must grow (right and down) so that each holds `r`, and
/// then its grown child, inside its padding: (id, before, after), innermost first.
pub fn grow_to_hold(d: &Design, id: &NodeId, r: &Rect) -> Vec<(NodeId, Rect, Rect)> {
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
        need = after;
        cur = d.nodes.get(&c).and_then(|n| n.parent.clone());
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

    /// Two lambdas side by side at the top level; `b` dragged: onto `a` it goes to the nearest
    /// free spot, beside `a` it stays where dropped.
    #[test]
    fn a_component_dropped_on_another_in_its_container_takes_the_nearest_free_spot() {
        use crate::model::Node;
        let mut d = Design::new("t", "us-east-1");
        for (id, x) in [("a", 0.0), ("b", 400.0)] {
            let node = Node { id: id.into(), kind: "lambda".into(), label: id.into(), parent: None, span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
            crate::Edit::AddNode { node, rect: Some(Rect::new(x, 0.0, 112.0, 72.0)) }.apply(&mut d).expect("adds");
        }
        let b = NodeId::from("b");
        let moving = BTreeSet::from([b.clone()]);
        // Beside a (a gap of 8, less than GAP): the user's arrangement, kept.
        assert_eq!(spot_for_move(&d, &b, &Rect::new(120.0, 0.0, 112.0, 72.0), &moving, None), None);
        // On b's own old place (and anywhere over it): nothing else there.
        assert_eq!(spot_for_move(&d, &b, &Rect::new(390.0, 10.0, 112.0, 72.0), &moving, None), None);
        // Over a's corner: 30 × 20 of its 112 × 72 (7%): a neighbour touched, kept.
        assert_eq!(spot_for_move(&d, &b, &Rect::new(82.0, 52.0, 112.0, 72.0), &moving, None), None);
        // A third of a covered (56 × 52 = 2,912 of 8,064 = 36% ≥ 25%): moved off it.
        assert!(spot_for_move(&d, &b, &Rect::new(56.0, 20.0, 112.0, 72.0), &moving, None).is_some());
        // Onto a, 10 right and 10 down of it: covered. The nearest free spot keeps GAP from
        // a's footprint (its box; the one-letter label is inside): right of it at x = 112 + 20
        // = 132 (122 away), below at y = 72 + 20 = 92 (82 away): below.
        let p = spot_for_move(&d, &b, &Rect::new(10.0, 10.0, 112.0, 72.0), &moving, None).expect("moved off a");
        assert_eq!((p.rect.x, p.rect.y), (10.0, 92.0));
        assert!(p.grow.is_empty());
        // Dragged with a (both move): a's old place is free, it lands where dropped.
        assert_eq!(spot_for_move(&d, &b, &Rect::new(10.0, 10.0, 112.0, 72.0), &BTreeSet::from([b.clone(), NodeId::from("a")]), None), None);
    }

    #[test]
    fn no_spot_in_a_full_area() {
        let area = Rect::new(0.0, 0.0, 100.0, 100.0);
        let want = Rect::new(10.0, 10.0, 60.0, 60.0);
        assert_eq!(free_spot(&want, &area, &[Rect::new(40.0, 40.0, 20.0, 20.0)], 20.0), None);
    }
}
