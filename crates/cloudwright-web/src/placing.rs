//! Where a drop lands, and which container it lands in (issue 14: an editor that gets out of
//! the way). The domain decisions are the engine's — `diagram::place` (which container
//! accepts a kind, a free spot, containers that grow) and `defaults` (the next free subnet
//! CIDR, the next zone letter) —; this module feeds them the view and the pointer and turns
//! the answer into one undoable edit.
//!
//! While a component is dragged (from the palette, or moved on the canvas) the container it
//! would land in is highlighted (`drop-target`, or `drop-refused` when it may not sit there).

use crate::geometry::container_at;
use crate::state::AppState;
use cloudwright_engine::defaults::{network_props, new_az};
use cloudwright_engine::diagram::place::{drop_new, parent_for, Placement};
use cloudwright_engine::model::check_parent;
use cloudwright_engine::{catalog, Design, Edit, Node, NodeId, Rect};
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

thread_local! {
    /// The palette kind being dragged. A `dragover` event cannot read the drag's data (the
    /// browser hides it until the drop), so the palette notes the kind here on `dragstart`.
    static PALETTE_KIND: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Called by the palette when a kind starts (Some) or stops (None) being dragged.
pub fn set_palette_kind(kind: Option<&'static str>) {
    PALETTE_KIND.with(|k| k.set(kind));
}

pub fn palette_kind() -> Option<&'static str> {
    PALETTE_KIND.with(Cell::get)
}

/// The container a drag would land in, and whether the dragged kind may sit there (`.0`,
/// which every container's highlight reads); and, while a move on the canvas would be refused,
/// why and where the pointer is (`why`: the reason and canvas pixels), shown next to the
/// pointer (`DropWhy`) so the refusal is read before the drop, not only after it.
#[derive(Clone, Copy)]
pub struct DropTarget(pub RwSignal<Option<(NodeId, bool)>>, pub RwSignal<Option<(String, (f64, f64))>>);

thread_local! {
    /// The canvas's drop target, for its nodes (read in render effects and event handlers).
    static DROP_TARGET: Cell<Option<DropTarget>> = const { Cell::new(None) };
}

/// Made by the canvas; its nodes read it for their highlight.
pub fn provide_drop_target() -> DropTarget {
    let t = DropTarget(RwSignal::new(None), RwSignal::new(None));
    DROP_TARGET.with(|c| c.set(Some(t)));
    t
}

/// The highlight class of a container node: "" unless a drag would land in it.
pub fn drop_class(id: &NodeId) -> &'static str {
    match DROP_TARGET.with(Cell::get) {
        Some(DropTarget(t, _)) => t.with(|t| match t {
            Some((tid, ok)) if tid == id => {
                if *ok {
                    " drop-target"
                } else {
                    " drop-refused"
                }
            }
            _ => ""
        }),
        None => "",
    }
}

/// Sets the highlighted target (only when it changes: a `dragover` fires many times a second),
/// with no reason shown.
pub fn show_target(t: DropTarget, target: Option<(NodeId, bool)>) {
    show_target_why(t, target, None);
}

/// Sets the highlighted target and the reason a drop there is refused, shown at `why`'s canvas
/// point (each only when it changes: a drag's pointer moves many times a second, and a drop
/// allowed changes no signal but the target's).
pub fn show_target_why(t: DropTarget, target: Option<(NodeId, bool)>, why: Option<(String, (f64, f64))>) {
    if t.0.with_untracked(|cur| cur != &target) {
        t.0.set(target);
    }
    if t.1.with_untracked(|cur| cur != &why) {
        t.1.set(why);
    }
}

/// Widest the reason next to the pointer is, CSS pixels.
const WHY_MAX_W: f64 = 340.0;

/// Why the drop under the pointer would be refused, next to the pointer (below and to its
/// right, kept inside the canvas), while a move is dragged there; nothing otherwise. It takes
/// no pointer events, so the drag goes on under it.
#[component]
pub fn DropWhy(target: DropTarget) -> impl IntoView {
    let app = crate::state::use_app();
    move || {
        target.1.with(|w| {
            w.as_ref().map(|(why, (x, y))| {
                let (cw, ch) = app.canvas_size.get_untracked();
                let w = WHY_MAX_W.min(cw - 16.0).max(160.0);
                let left = (x + 16.0).min(cw - w - 8.0).max(8.0);
                // Below the pointer, or above it near the canvas's bottom edge.
                let top = if y + 90.0 > ch { (y - 74.0).max(8.0) } else { y + 20.0 };
                let style = format!("left:{left}px;top:{top}px;max-width:{w}px");
                view! { <div class="drop-why" role="status" style=style>{why.clone()}</div> }
            })
        })
    }
}

/// Where a new node of `kind` dropped at a world point would go: the container that would
/// take it (or the innermost one under the pointer, refused), for the highlight.
pub fn target_for_kind(d: &Design, kind: &str, wx: f64, wy: f64) -> Option<(NodeId, bool)> {
    let under = container_at(d, wx, wy, &BTreeSet::new());
    match parent_for(d, kind, under.as_ref()) {
        Ok(p) => p.map(|p| (p, true)),
        Err(_) => under.map(|u| (u, false)),
    }
}

/// Where a moved node would go (its centre after the move), for the highlight: the same
/// rule the drop applies (`canvas::finish_drag`: the innermost container under the centre),
/// and why it may not sit there.
pub fn target_for_move(d: &Design, id: &NodeId, centre: (f64, f64), moving: &BTreeSet<NodeId>) -> Option<(NodeId, Result<(), String>)> {
    let under = container_at(d, centre.0, centre.1, moving)?;
    let n = d.nodes.get(id)?;
    // A component spanning AZs goes to a row of subnets with one in each of its AZs.
    if !n.span.is_empty() {
        let own: Vec<NodeId> = cloudwright_engine::model::span::placements(n).cloned().collect();
        let ok = cloudwright_engine::model::span::to_row(d, id, &under, &own).map(|_| ()).map_err(|e| e.0);
        return Some((under, ok));
    }
    let ok = check_parent(d, &n.kind, Some(&under), Some(id)).map_err(|e| e.0);
    Some((under, ok))
}

/// The world rectangle the canvas shows.
pub fn visible_world(app: &AppState) -> Rect {
    let (w, h) = app.canvas_size.get_untracked();
    let v = app.view.get_untracked();
    let (x0, y0) = v.to_world(0.0, 0.0);
    let (x1, y1) = v.to_world(w, h);
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// The edits that grow containers for a placement (innermost first), as `Resize` edits.
pub fn grow_edits(p: &Placement) -> Vec<Edit> {
    p.grow_edits()
}

/// Places a new node of `kind` at the world point `at` together with the containers it needs
/// and the design lacks (`diagram::scaffold`: a database gets a VPC, an AZ and an isolated
/// subnet), as one undo step, and selects it. `None` when the design needs no new container
/// for it (the usual placement applies). The reason of a refusal is shown at `shown_at`.
pub fn with_containers(app: &AppState, d: &Design, kind: &str, at: (f64, f64), shown_at: Option<(f64, f64)>) -> Option<bool> {
    let planned = cloudwright_engine::diagram::scaffold::place_with_containers(d, kind, at, Some(visible_world(app)))?;
    Some(match planned {
        Ok((edit, id)) => {
            let label = edit.label();
            let placed = app.apply_at(edit, shown_at);
            if placed {
                app.select_only(id);
                app.info(format!("{label}."));
            }
            placed
        }
        Err(e) => {
            app.error_at(e.0, shown_at);
            false
        }
    })
}

/// Places a new node of `kind` dropped at a world point: in the container there that accepts
/// it (or the nearest one around it), at a free spot, fully on screen; a subnet with the next
/// free CIDR of its VPC, an AZ with the next zone letter. One undo step (with the containers
/// that grew to hold it). Refused, with the reason shown at the point, when no container
/// there accepts it.
pub fn place_new(app: &AppState, kind: &str, wx: f64, wy: f64) -> bool {
    let Some(spec) = catalog::kind(kind) else { return false };
    let d = app.design.get_untracked();
    let at = app.view.with_untracked(|v| Some((wx * v.zoom + v.tx, wy * v.zoom + v.ty)));
    // The container and the spot (`place::drop_new`; the label counts for a component's
    // footprint only, and a new AZ, the one kind whose label depends on where it goes, is a
    // container), or why it may not go there.
    let (parent, placement) = match drop_new(&d, kind, spec.name, (wx, wy), Some(visible_world(app))) {
        Ok(p) => p,
        Err(e) => {
            // No container of the design could ever take it (an RDS database in an empty
            // design): it comes with the containers it needs. Else the reason, at the point.
            return match with_containers(app, &d, kind, (wx, wy), at) {
                Some(placed) => placed,
                None => {
                    app.error_at(e.0, at);
                    false
                }
            };
        }
    };
    // A new AZ: the next zone letter of the VPC's Region and a label like its other AZs',
    // refused when the Region has no zone left (engine `defaults::new_az`).
    let mut label = spec.name.to_string();
    if let (Some(vpc), "az") = (parent.as_ref(), kind) {
        match new_az(&d, vpc) {
            Ok((_, l)) => label = l,
            Err(why) => {
                app.error_at(why, at);
                return false;
            }
        }
    }
    let id = d.fresh_node_id(kind);
    let mut node = Node {
        id: id.clone(),
        kind: kind.to_string(),
        label,
        parent,
        span: vec![],
        props: BTreeMap::new(),
        ingress: vec![],
        suppressions: vec![],
    };
    node.props.extend(network_props(&d, &node, true));
    let mut edits = grow_edits(&placement);
    edits.push(Edit::AddNode { node, rect: Some(placement.rect) });
    if app.apply_at(Edit::Batch { label: format!("Add {}", spec.name), edits }, at) {
        app.select_only(id);
        true
    } else {
        false
    }
}
