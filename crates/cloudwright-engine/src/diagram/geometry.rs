//! Diagram geometry in world coordinates (1 unit = 1 CSS pixel at 100% zoom): default sizes,
//! bounding boxes, overlap, draw order and connector paths. Pure functions over
//! [`Design::layout`].

use crate::catalog;
use crate::model::{Design, Node, NodeId, Rect};
use std::collections::BTreeSet;

/// Width of a leaf component's box (icon above, label below), world units.
pub const LEAF_W: f64 = 112.0;
/// Height of a leaf component's box, world units.
pub const LEAF_H: f64 = 72.0;

/// The default size (w, h) of a new node of this kind, world units.
pub fn default_size(kind: &str) -> (f64, f64) {
    match kind {
        "region" => (960.0, 640.0),
        "vpc" => (760.0, 520.0),
        "az" => (340.0, 420.0),
        "subnet" => (300.0, 150.0),
        _ => (LEAF_W, LEAF_H),
    }
}

/// Whether a node's kind is a container (region, VPC, AZ, subnet, ...).
pub fn is_container(d: &Design, id: &NodeId) -> bool {
    d.spec(id).is_some_and(|s| s.container)
}

/// Whether a node is a container, from the node itself.
pub fn node_is_container(n: &Node) -> bool {
    catalog::kind(&n.kind).is_some_and(|k| k.container)
}

/// Bounding box of some nodes' rectangles (all laid-out nodes when `ids` is None); None
/// when none of them has a rectangle.
pub fn bounds(d: &Design, ids: Option<&BTreeSet<NodeId>>) -> Option<Rect> {
    let rects: Vec<&Rect> = match ids {
        Some(ids) => ids.iter().filter_map(|id| d.layout.get(id)).collect(),
        None => d.layout.values().collect(),
    };
    let first = rects.first()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x + first.w, first.y + first.h);
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h);
    }
    Some(Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// Whether two rectangles overlap (touching edges do not count).
pub fn intersects(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Containers in draw order: outermost first (by depth), then by id. Nodes without a
/// rectangle are left out.
pub fn containers_in_draw_order(d: &Design) -> Vec<&Node> {
    let mut containers: Vec<(usize, &Node)> = d.nodes.values().filter(|n| node_is_container(n) && d.layout.contains_key(&n.id)).map(|n| (d.ancestors(&n.id).count(), n)).collect();
    containers.sort_by(|(da, a), (db, b)| da.cmp(db).then_with(|| a.id.cmp(&b.id)));
    containers.into_iter().map(|(_, n)| n).collect()
}

/// An orthogonal connector between two rectangles, as SVG path data: it leaves the side of
/// `a` facing `b`, turns once or twice at the midpoint, and enters the facing side of `b`,
/// the way architecture diagrams draw arrows.
pub fn edge_path(a: &Rect, b: &Rect) -> String {
    let (ca, cb) = ((a.x + a.w / 2.0, a.y + a.h / 2.0), (b.x + b.w / 2.0, b.y + b.h / 2.0));
    let (dx, dy) = (cb.0 - ca.0, cb.1 - ca.1);
    // Horizontal when the boxes are side by side (no vertical overlap needed), else vertical.
    let horizontal_gap = (b.x - (a.x + a.w)).max(a.x - (b.x + b.w));
    let vertical_gap = (b.y - (a.y + a.h)).max(a.y - (b.y + b.h));
    if horizontal_gap >= vertical_gap {
        let (x1, x2) = if dx >= 0.0 { (a.x + a.w, b.x) } else { (a.x, b.x + b.w) };
        let (y1, y2) = (ca.1, cb.1);
        let mx = (x1 + x2) / 2.0;
        if (y1 - y2).abs() < 1.0 { format!("M{x1},{y1} L{x2},{y2}") } else { format!("M{x1},{y1} L{mx},{y1} L{mx},{y2} L{x2},{y2}") }
    } else {
        let (y1, y2) = if dy >= 0.0 { (a.y + a.h, b.y) } else { (a.y, b.y + b.h) };
        let (x1, x2) = (ca.0, cb.0);
        let my = (y1 + y2) / 2.0;
        if (x1 - x2).abs() < 1.0 { format!("M{x1},{y1} L{x2},{y2}") } else { format!("M{x1},{y1} L{x1},{my} L{x2},{my} L{x2},{y2}") }
    }
}
