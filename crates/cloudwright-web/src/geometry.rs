//! Canvas geometry: hit-testing containers, snapping, fitting the view. Pure functions over
//! the design's layout (world coordinates). Sizes, bounds, overlap and connector paths are
//! the engine's (`cloudwright_engine::diagram`), shared with the exports.

use crate::state::View;
use cloudwright_engine::catalog;
use cloudwright_engine::{Design, NodeId, Rect};

pub use cloudwright_engine::diagram::geometry::{bounds, default_size, edge_path, intersects, is_container};

pub const GRID: f64 = 10.0;

pub fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// The innermost container under a point: the engine's (a paste picks containers the same way).
pub use cloudwright_engine::diagram::place::container_at;

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

/// Whether any component (a leaf; a container only when the design has no leaves) meets
/// `area` (world coordinates): false when the view shows none of the design, e.g. after an
/// undo puts a whole layout back somewhere else (`AppState::keep_design_in_view`). A
/// container alone does not count: inside a VPC's rectangle the view shows only its tint.
pub fn shows_a_component(d: &Design, area: &Rect) -> bool {
    let mut leaves = d.layout.iter().filter(|(id, _)| !is_container(d, id)).peekable();
    if leaves.peek().is_none() {
        return d.layout.values().any(|r| intersects(r, area));
    }
    leaves.any(|(_, r)| intersects(r, area))
}

/// The smallest zoom "Fit" uses on a large design (more than [`FIT_WHOLE_UP_TO`]
/// components): below it 12 px labels are too small to read, so a larger design is shown at
/// this zoom centred on its middle (on a 1024 px screen with the side panel open the canvas is
/// about 480 px wide: the top-left corner showed the users and the CDN, and none of the load
/// balancer, service and database the design is about), and the rest is reached by scrolling.
/// It is also the zoom at which the minimap's strip is still worth keeping free (`fit`).
pub const MIN_FIT_ZOOM: f64 = 0.7;

/// The smallest zoom at all: the wheel's and the keys' lower limit (`View::zoom_at`), and
/// Fit's floor on a design of up to [`FIT_WHOLE_UP_TO`] components.
pub const MIN_ZOOM: f64 = 0.1;

/// Designs of up to this many components are fitted whole, down to [`MIN_ZOOM`]: a workshop's
/// design or a two-Region template (QA s23 #2: the multi-Region template needs ~45% at
/// 1440×900, the starter ~55% on a 1024×768 projector, and both were cut at 70% on both
/// sides). Larger designs keep the [`MIN_FIT_ZOOM`] floor: with every component of a
/// 1,000-node design in view an edit redraws all of them (edit → totals bar at 1,000 nodes
/// went from ~65–84 ms to ~190–230 ms median when Fit went down to 2% for every design:
/// reverted in 02911a7, BENCHMARKS s33-lead); at 300 the canvas already draws most of a design
/// at 70%.
pub const FIT_WHOLE_UP_TO: usize = 300;

/// Fit's smallest zoom for a design of `components` nodes ([`FIT_WHOLE_UP_TO`]).
pub fn fit_floor(components: usize) -> f64 {
    if components <= FIT_WHOLE_UP_TO {
        MIN_ZOOM
    } else {
        MIN_FIT_ZOOM
    }
}

/// Width and height the minimap takes in the canvas's bottom-right corner (with its margin),
/// CSS pixels; Fit keeps the diagram out of it when that costs no readability.
pub const MINIMAP_BOX: (f64, f64) = (200.0 + 24.0, 130.0 + 24.0);

/// A view showing the whole rectangle in a canvas of the given size, with a margin, and
/// clear of the minimap when `minimap` (a strip on the right as wide as the minimap) — or,
/// when the rectangle would need less than `floor` (a zoom, [`fit_floor`]), its middle at `floor`.
///
/// The minimap strip is kept free only when the rectangle still fits whole at a readable
/// zoom beside it; otherwise the diagram gets the whole width (224 px of a 480 px canvas is
/// too much to give away) and the minimap steps aside to its button by itself while the
/// diagram reaches under it (`minimap.rs`).
pub fn fit(r: Rect, canvas: (f64, f64), minimap: bool, floor: f64) -> View {
    if minimap && natural_zoom(r, canvas, MINIMAP_BOX.0) < MIN_FIT_ZOOM {
        return fit_beside(r, canvas, 0.0, floor);
    }
    fit_beside(r, canvas, if minimap { MINIMAP_BOX.0 } else { 0.0 }, floor)
}

const FIT_MARGIN: f64 = 40.0;

/// The zoom that shows the whole rectangle in the canvas less a strip of `strip` px on the
/// right, before the readable and largest limits.
fn natural_zoom(r: Rect, canvas: (f64, f64), strip: f64) -> f64 {
    let avail_w = canvas.0 - 2.0 * FIT_MARGIN - strip;
    let avail_h = canvas.1 - 2.0 * FIT_MARGIN;
    (avail_w.max(1.0) / r.w.max(1.0)).min(avail_h.max(1.0) / r.h.max(1.0))
}

fn fit_beside(r: Rect, canvas: (f64, f64), strip: f64, floor: f64) -> View {
    let zoom = natural_zoom(r, canvas, strip).clamp(floor, 2.0);
    // Its middle at the middle of the canvas (less the strip): centred in the margins along
    // an axis where it fits; where it does not, what is cut off is cut evenly from both sides
    // and the core of the design — its networks, in the middle — is in view.
    View { tx: 0.0, ty: 0.0, zoom }.centre_on(r, (canvas.0 - strip, canvas.1))
}
