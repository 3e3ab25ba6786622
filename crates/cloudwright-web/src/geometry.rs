//! Canvas geometry: hit-testing containers, snapping, default sizes, fitting the view.
//! Pure functions over the design's layout (world coordinates).

use crate::state::View;
use cloudwright_engine::catalog;
use cloudwright_engine::{Design, NodeId, Rect};
use std::collections::BTreeSet;

pub const GRID: f64 = 10.0;
pub const LEAF_W: f64 = 112.0;
pub const LEAF_H: f64 = 72.0;

pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// The default size of a new node of this kind.
pub fn default_size(kind: &str) -> (f64, f64) {
    match kind {
        "region" => (960.0, 640.0),
        "vpc" => (760.0, 520.0),
        "az" => (340.0, 420.0),
        "subnet" => (300.0, 150.0),
        _ => (LEAF_W, LEAF_H),
    }
}

pub fn is_container(d: &Design, id: &NodeId) -> bool {
    d.spec(id).is_some_and(|s| s.container)
}

/// The innermost container whose rectangle holds the point, skipping `exclude` (the nodes
/// being dragged, which can't contain themselves).
pub fn container_at(d: &Design, x: f64, y: f64, exclude: &BTreeSet<NodeId>) -> Option<NodeId> {
    d.nodes
        .values()
        .filter(|n| !exclude.contains(&n.id))
        .filter(|n| catalog::kind(&n.kind).is_some_and(|k| k.container))
        .filter_map(|n| d.layout.get(&n.id).map(|r| (n, r)))
        .filter(|(_, r)| r.contains_point(x, y))
        .min_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)))
        .map(|(n, _)| n.id.clone())
}

/// The topmost node (leaf before container, smaller before larger) under the point.
pub fn node_at(d: &Design, x: f64, y: f64) -> Option<NodeId> {
    d.nodes
        .values()
        .filter_map(|n| d.layout.get(&n.id).map(|r| (n, r)))
        .filter(|(_, r)| r.contains_point(x, y))
        .min_by(|(a, ra), (b, rb)| {
            let ca = catalog::kind(&a.kind).is_some_and(|k| k.container);
            let cb = catalog::kind(&b.kind).is_some_and(|k| k.container);
            ca.cmp(&cb).then((ra.w * ra.h).total_cmp(&(rb.w * rb.h)))
        })
        .map(|(n, _)| n.id.clone())
}

/// Bounding box of some nodes' rectangles (all nodes when `ids` is None).
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

/// A view showing the whole rectangle in a canvas of the given size, with a margin.
pub fn fit(r: Rect, canvas: (f64, f64)) -> View {
    let margin = 40.0;
    let zoom = ((canvas.0 - 2.0 * margin) / r.w.max(1.0)).min((canvas.1 - 2.0 * margin) / r.h.max(1.0)).clamp(0.1, 2.0);
    View { tx: (canvas.0 - r.w * zoom) / 2.0 - r.x * zoom, ty: (canvas.1 - r.h * zoom) / 2.0 - r.y * zoom, zoom }
}

pub fn intersects(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
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
