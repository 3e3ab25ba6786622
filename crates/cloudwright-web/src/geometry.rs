//! Canvas geometry: hit-testing containers, snapping, fitting the view. Pure functions over
//! the design's layout (world coordinates). Sizes, bounds, overlap and connector paths are
//! the engine's (`cloudwright_engine::diagram`), shared with the exports.

use crate::state::View;
use cloudwright_engine::catalog;
use cloudwright_engine::{Design, NodeId, Rect};
use std::collections::BTreeSet;

pub use cloudwright_engine::diagram::geometry::{bounds, default_size, edge_path, intersects, is_container};

pub const GRID: f64 = 10.0;

pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
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

/// A view showing the whole rectangle in a canvas of the given size, with a margin.
pub fn fit(r: Rect, canvas: (f64, f64)) -> View {
    let margin = 40.0;
    let zoom = ((canvas.0 - 2.0 * margin) / r.w.max(1.0)).min((canvas.1 - 2.0 * margin) / r.h.max(1.0)).clamp(0.1, 2.0);
    View { tx: (canvas.0 - r.w * zoom) / 2.0 - r.x * zoom, ty: (canvas.1 - r.h * zoom) / 2.0 - r.y * zoom, zoom }
}
