//! Where a component spanning AZs is drawn when it is pasted, moved to another row or given
//! other subnets (issue 14): one band across its subnets, inside every one of them — the
//! model is the truth, so a band is never drawn where its subnets are not.
//!
//! The band runs from the left edge of its leftmost subnet to the right edge of the rightmost
//! (inside their padding, as "Tidy up" draws it), at the free height of their row nearest to
//! where it is wanted, clear of what is already in the row by [`GAP`]. When the row is full,
//! the row is opened: a horizontal strip is inserted under it across the whole diagram, so
//! the row's subnets and every container around them grow and everything below moves down by
//! the same height. Inserting a strip never makes two things overlap that did not (things
//! above stay, things below move together, containers across it only grow downwards), so no
//! container ends up on top of another, however many copies are pasted.
//!
//! Which subnets (a row, the same AZs) is `model::span`'s business; this module draws them.

use super::geometry::{node_is_container, LEAF_H, LEAF_W};
use super::place::{footprint, free_spot, inner, GAP, GRID};
use super::tidy::PAD;
use crate::edit::Edit;
use crate::model::{span, Design, NodeId, PlacementError, Rect};

/// A band's rectangle and the edits that make room for it (moves and growths, empty when the
/// row had room).
#[derive(Clone, Debug, PartialEq)]
pub struct BandSpot {
    pub rect: Rect,
    pub make_room: Vec<Edit>,
}

/// Where a band labelled `label` across `subnets` goes, wanted at height `want_y` (its top),
/// `me` being the node itself when it is already drawn (it is not in its own way). None when
/// a subnet has no rectangle or the subnets are not in one row ([`span::one_row`]).
pub fn spot(d: &Design, me: Option<&NodeId>, label: &str, subnets: &[&NodeId], want_y: f64) -> Option<BandSpot> {
    if subnets.is_empty() || !span::one_row(d, subnets) {
        return None;
    }
    let rects: Vec<Rect> = subnets.iter().map(|s| d.layout.get(*s).copied()).collect::<Option<_>>()?;
    let x0 = rects.iter().map(|r| r.x).fold(f64::INFINITY, f64::min) + PAD;
    let x1 = rects.iter().map(|r| r.x + r.w).fold(f64::NEG_INFINITY, f64::max) - PAD;
    let want = Rect::new(x0, want_y, (x1 - x0).max(LEAF_W), LEAF_H);
    // The row's room: below every subnet's head, above every subnet's bottom padding.
    let insides: Vec<Rect> = rects.iter().map(inner).collect();
    let top = insides.iter().map(|r| r.y).fold(f64::NEG_INFINITY, f64::max);
    let bottom = insides.iter().map(|r| r.y + r.h).fold(f64::INFINITY, f64::min);
    let fp = footprint(false, label, &want);
    let (ml, mt) = (want.x - fp.x, want.y - fp.y);
    let area = Rect::new(fp.x, top, fp.w, (bottom - top).max(0.0));
    // In the way: every drawn node but the subnets, what holds them, and the band itself.
    let holders: Vec<&NodeId> = subnets.iter().flat_map(|s| std::iter::once(*s).chain(d.ancestors(s).map(|a| &a.id))).collect();
    let taken: Vec<Rect> = d
        .nodes
        .values()
        .filter(|n| Some(&n.id) != me && !holders.contains(&&n.id))
        .filter_map(|n| d.layout.get(&n.id).map(|r| footprint(node_is_container(n), &n.label, r)))
        .filter(|r| super::geometry::intersects(r, &area))
        .collect();
    if let Some(s) = free_spot(&fp, &area, &taken, GAP) {
        return Some(BandSpot { rect: Rect::new(s.x + ml, s.y + mt, want.w, want.h), make_room: Vec::new() });
    }
    // Full: below the row's contents, and the row opened by as much as it lacks.
    let lowest = taken.iter().map(|t| t.y + t.h).fold(top - GAP, f64::max);
    let fp_y = ((lowest + GAP) / GRID).ceil() * GRID;
    let need = fp_y + fp.h - bottom;
    let dh = (need / GRID).ceil() * GRID;
    let cut = rects.iter().map(|r| r.y + r.h).fold(f64::INFINITY, f64::min) - 1.0;
    Some(BandSpot { rect: Rect::new(fp.x + ml, fp_y + mt, want.w, want.h), make_room: open_strip(d, me, cut, dh) })
}

/// The edits that insert a horizontal strip `dh` high at height `cut` across the diagram:
/// every node starting below it moves down by `dh`, every container across it grows by `dh`
/// (components across it stay). `me` is left alone (its caller places it).
pub fn open_strip(d: &Design, me: Option<&NodeId>, cut: f64, dh: f64) -> Vec<Edit> {
    if dh <= 0.0 {
        return Vec::new();
    }
    let mut edits = Vec::new();
    for (id, r) in &d.layout {
        if Some(id) == me {
            continue;
        }
        if r.y >= cut {
            edits.push(Edit::Move { id: id.clone(), before: *r, after: Rect { y: r.y + dh, ..*r } });
        } else if r.y + r.h > cut && d.nodes.get(id).is_some_and(node_is_container) {
            edits.push(Edit::Resize { id: id.clone(), before: *r, after: Rect { h: r.h + dh, ..*r } });
        }
    }
    edits
}

/// The edits that place the spanning-capable node `id` in `home` plus the further subnets
/// `span`, and draw it there, wanted at height `want_y`: its home and span changed as needed
/// (`Reparent`, `SetSpan`), then the room made and the node moved to its band
/// ([`spot`]); with no further subnets, one component wide in its home subnet at the free
/// spot nearest to where it was. Refused, saying why, when `model::span::check` refuses the
/// placement or the subnets are not in one row.
pub fn place(d: &Design, id: &NodeId, home: &NodeId, span_to: &[NodeId], want_y: f64) -> Result<Vec<Edit>, PlacementError> {
    let n = d.node(id).ok_or_else(|| PlacementError(format!("node \"{id}\" does not exist")))?;
    span::check(d, &n.kind, Some(home), span_to)?;
    let mut edits = Vec::new();
    // The span first: it holds with either home (same AZ, same VPC), and a reparent checks
    // that the node's span holds with its new home.
    if n.span != span_to {
        edits.push(Edit::SetSpan { id: id.clone(), before: n.span.clone(), after: span_to.to_vec() });
    }
    if n.parent.as_ref() != Some(home) {
        edits.push(Edit::Reparent { id: id.clone(), before: n.parent.clone(), after: Some(home.clone()) });
    }
    let Some(cur) = d.layout.get(id).copied() else { return Ok(edits) };
    let subnets: Vec<&NodeId> = std::iter::once(home).chain(span_to.iter()).collect();
    let (rect, room) = if span_to.is_empty() {
        // Itself is not in its way (it may already be one of its home's children).
        let mut without = d.clone();
        without.layout.remove(id);
        // In a container and with no view: never refused (it grows to hold it).
        let p = super::place::spot_for(&without, false, &n.label, Some(home), &Rect::new(cur.x, want_y, LEAF_W, cur.h), None).map_err(|e| PlacementError(e.message(&n.label)))?;
        let grow: Vec<Edit> = p.grow.iter().map(|(g, before, after)| Edit::Resize { id: g.clone(), before: *before, after: *after }).collect();
        (p.rect, grow)
    } else {
        let s = spot(d, Some(id), &n.label, &subnets, want_y).ok_or_else(|| PlacementError(format!("{} would span subnets in different rows: a component spanning AZs is drawn as one band across one row of subnets", n.label)))?;
        (s.rect, s.make_room)
    };
    edits.extend(room);
    if rect != cur {
        edits.push(Edit::Move { id: id.clone(), before: cur, after: rect });
    }
    Ok(edits)
}

/// The edits that move the spanning node `id` to the row of `target` (dropped there, wanted at
/// height `want_y`), in the AZs of `placed` (None: its own subnets' AZs): [`span::to_row`]
/// then [`place`]. Dropped on one of its own subnets, it stays in its row, at the free height
/// nearest to the drop.
pub fn move_to_row(d: &Design, id: &NodeId, target: &NodeId, placed: Option<&[NodeId]>, want_y: f64) -> Result<Vec<Edit>, PlacementError> {
    let own: Vec<NodeId> = d.node(id).map(|n| span::placements(n).cloned().collect()).unwrap_or_default();
    let (home, rest) = span::to_row(d, id, target, placed.unwrap_or(&own))?;
    place(d, id, &home, &rest, want_y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strip_moves_what_is_below_and_grows_what_it_crosses() {
        let mut d = Design::new("t", "us-east-1");
        let mk = |id: &str, kind: &str, parent: Option<&str>| crate::model::Node {
            id: NodeId::new(id),
            kind: kind.into(),
            label: id.into(),
            parent: parent.map(NodeId::new),
            span: vec![],
            props: Default::default(),
            ingress: vec![],
            suppressions: vec![],
        };
        d.nodes.insert(NodeId::new("vpc"), mk("vpc", "vpc", None));
        d.nodes.insert(NodeId::new("s3"), mk("s3", "s3", None));
        d.nodes.insert(NodeId::new("users"), mk("users", "users", None));
        d.layout.insert(NodeId::new("vpc"), Rect::new(0.0, 0.0, 400.0, 300.0));
        d.layout.insert(NodeId::new("s3"), Rect::new(500.0, 400.0, 112.0, 72.0));
        d.layout.insert(NodeId::new("users"), Rect::new(500.0, 100.0, 112.0, 72.0));
        let e = open_strip(&d, None, 150.0, 60.0);
        // The VPC (0..300) crosses y = 150: it grows 300 + 60 = 360. S3 (from 400) moves to 460.
        // Users (100..172) is a component across the cut: it stays.
        assert_eq!(
            e,
            vec![
                Edit::Move { id: NodeId::new("s3"), before: Rect::new(500.0, 400.0, 112.0, 72.0), after: Rect::new(500.0, 460.0, 112.0, 72.0) },
                Edit::Resize { id: NodeId::new("vpc"), before: Rect::new(0.0, 0.0, 400.0, 300.0), after: Rect::new(0.0, 0.0, 400.0, 360.0) },
            ]
        );
    }
}

/// Deleting `ids` ([`Edit::remove_cascade`]) with every component spanning AZs that loses
/// subnets redrawn across the subnets it keeps, in the same batch (one undo step): a band is
/// never left drawn over an AZ it no longer runs in (QA: deleting "Public c" left the ALB's
/// band across the empty AZ c). Its height is kept; room is made as [`place`] makes it.
/// A node the redraw cannot place (no rectangle, subnets not in one row) keeps its rectangle.
pub fn delete(d: &Design, ids: &[NodeId]) -> Edit {
    let removal = Edit::remove_cascade(d, ids);
    let Edit::Batch { label, mut edits, .. } = removal else { return removal };
    let respanned: Vec<NodeId> = edits.iter().filter_map(|e| if let Edit::SetSpan { id, .. } = e { Some(id.clone()) } else { None }).collect();
    if respanned.is_empty() {
        return Edit::Batch { label, edits, switch: None };
    }
    let mut after = d.clone();
    if (Edit::Batch { label: label.clone(), edits: edits.clone(), switch: None }).apply(&mut after).is_err() {
        return Edit::Batch { label, edits, switch: None };
    }
    for id in respanned {
        let Some(n) = after.node(&id) else { continue };
        let (Some(home), Some(r)) = (n.parent.clone(), after.layout.get(&id).copied()) else { continue };
        let rest = n.span.clone();
        if let Ok(redraw) = place(&after, &id, &home, &rest, r.y) {
            // Applied one by one, so the next band is placed on the design as redrawn so far.
            let batch = Edit::Batch { label: String::new(), edits: redraw.clone(), switch: None };
            if batch.apply(&mut after).is_ok() {
                edits.extend(redraw);
            }
        }
    }
    Edit::Batch { label, edits, switch: None }
}
