//! Where a drop lands, and which container it lands in (issue 14: an editor that gets out of
//! the way). The domain decisions are the engine's — `diagram::new_drop::plan_new` for a new
//! component (which container accepts it, a free spot, containers that grow or are made, the
//! next free subnet CIDR, the next zone letter, or why not), `diagram::place` for a move —;
//! this module feeds them the view and the pointer and turns the answer into one undoable
//! edit, or the highlight and the reason shown while dragging.
//!
//! While a component is dragged (from the palette, or moved on the canvas) the container it
//! would land in is highlighted (`drop-target`, or `drop-refused` when it may not sit there,
//! with the reason next to the pointer, `DropWhy`).

use crate::geometry::{container_at, snap};
use crate::state::AppState;
use cloudwright_engine::diagram::new_drop::{plan_new, NewDrop};
use cloudwright_engine::diagram::scaffold::place_with_containers;
use cloudwright_engine::{Design, Edit, NodeId, Rect};
use leptos::prelude::*;
use std::cell::Cell;
use std::collections::BTreeSet;

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
/// which every container's highlight reads); and, while a move on the canvas or a palette
/// drag's drop would be refused, why and where the pointer is (`why`: the reason and canvas pixels), shown next to the
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

/// The canvas's drop target ([`provide_drop_target`]), for the page's drag handlers
/// (`canvas::palette_over_page`); `None` before the canvas is made.
pub fn drop_target() -> Option<DropTarget> {
    DROP_TARGET.with(Cell::get)
}

/// Whether the catalog draws `kind` as a container (a frame that holds others).
fn catalog_container(kind: &str) -> bool {
    cloudwright_engine::catalog::kind(kind).is_some_and(|k| k.container)
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
/// right, kept inside the canvas), while a move or a palette drag is there; nothing otherwise.
/// It takes no pointer events, so the drag goes on under it.
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

/// Where a moved node would go (`centre`: its centre at the pointer's own, unsnapped offset,
/// where the drop chooses too: review s35 R1), for the highlight: the same rule the drop
/// applies (`canvas::finish_drag`: the innermost container under the centre),
/// and why it may not sit there. `alone`: one root is moved (`place::aimed_parent`).
pub fn target_for_move(d: &Design, id: &NodeId, centre: (f64, f64), moving: &BTreeSet<NodeId>, alone: bool, strands: &cloudwright_engine::diagram::place::Strands) -> Option<(NodeId, Result<(), String>)> {
    let n = d.nodes.get(id)?;
    // A component spanning AZs goes to a row of subnets with one in each of its AZs.
    if !n.span.is_empty() {
        // Alone, the subnet the drop picks (`place::band_target_in`: under the centre, else the
        // nearest suitable one in the container there, QA s31 F3); with others, its own centre's.
        let under = if alone { cloudwright_engine::diagram::place::band_target_in(d, id, centre, moving, strands)? } else { container_at(d, centre.0, centre.1, moving)? };
        let own: Vec<NodeId> = cloudwright_engine::model::span::placements(n).cloned().collect();
        let ok = cloudwright_engine::model::span::to_row(d, id, &under, &own).map(|_| ()).map_err(|e| e.0);
        return Some((under, ok));
    }
    // The palette drop's rule (`place::aimed_parent`): the container under the centre, one
    // inside it or one around it that accepts the kind (outlined), or the refusal of the one
    // under it (QA s30 F6: a move and a drop at the same place went different ways).
    let (under, parent) = cloudwright_engine::diagram::place::aimed_parent_in(d, &n.kind, centre, moving, Some(id), alone, strands);
    match parent {
        Ok(p) => p.map(|p| (p, Ok(()))),
        Err(e) => under.map(|u| (u, Err(cloudwright_engine::diagram::place::sentence(&e.0)))),
    }
}

/// The world rectangle the canvas shows.
pub fn visible_world(app: &AppState) -> Rect {
    let (w, h) = app.canvas_size.get_untracked();
    let v = app.view.get_untracked();
    let (x0, y0) = v.to_world(0.0, 0.0);
    let (x1, y1) = v.to_world(w, h);
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// Whether node `id`'s box lies wholly in the visible part of the canvas (world units).
fn in_view(app: &AppState, id: &NodeId) -> bool {
    let v = visible_world(app);
    app.design.with_untracked(|d| d.layout.get(id).is_some_and(|r| cloudwright_engine::diagram::place::covers_whole(&v, r)))
}

/// Places a new node of `kind` at the world point `at` together with the containers it needs
/// and the design lacks (`diagram::scaffold`: a database gets a VPC, an AZ and an isolated
/// subnet), as one undo step, and selects it. `None` when the design needs no new container
/// for it (the usual placement applies). The reason of a refusal is shown at `shown_at`.
pub fn with_containers(app: &AppState, d: &Design, kind: &str, at: (f64, f64), shown_at: Option<(f64, f64)>) -> Option<bool> {
    let planned = place_with_containers(d, kind, at, Some(visible_world(app)))?;
    Some(match planned {
        Ok((edit, id)) => apply_with_containers(app, edit, id, shown_at),
        Err(e) => {
            app.error_at(e.0, shown_at);
            false
        }
    })
}

/// Applies a placement with the containers it needs (`edit`, one undo step), selects the new
/// component (`id`) and says what was added.
fn apply_with_containers(app: &AppState, edit: Edit, id: NodeId, shown_at: Option<(f64, f64)>) -> bool {
    let label = edit.label();
    let placed = app.apply_at(edit, shown_at);
    if placed {
        app.select_only(id);
        app.info(format!("{label}."));
    }
    placed
}

/// Places a new node of `kind` dropped at a world point, as the engine's
/// [`plan_new`](cloudwright_engine::diagram::new_drop::plan_new) says: one undo step (with the
/// containers that grew, or were made, to hold it), the new node selected. Refused, with the
/// reason shown at the point, as the palette drag showed it there ([`preview_new`], the same
/// plan).
pub fn place_new(app: &AppState, kind: &str, wx: f64, wy: f64) -> bool {
    let at = app.view.with_untracked(|v| Some((wx * v.zoom + v.tx, wy * v.zoom + v.ty)));
    let plan = app.design.with_untracked(|d| plan_new(d, kind, (wx, wy), Some(visible_world(app))));
    match plan {
        None => false,
        Some(NewDrop::WithContainers { edit, id }) => apply_with_containers(app, edit, id, at),
        Some(NewDrop::Place { edit, id, parent }) => {
            let (grew, pushed) = pushed_aside(&edit);
            // Released on top of another component: it goes to the nearest free spot, and
            // is said to (QA s28 F5); one dropped beside others is placed as usual, untold.
            let want = cloudwright_engine::diagram::place::wanted_box((wx, wy), cloudwright_engine::diagram::geometry::default_size(kind));
            // The kind names what was dropped where a container refused it (QA s31 F6: the
            // rule is about the kind), and the container under the pointer is the one named,
            // as a move says it (`canvas::drop_edit`).
            let under = app.design.with_untracked(|d| container_at(d, wx, wy, &BTreeSet::new()));
            let on = app.design.with_untracked(|d| {
                (!catalog_container(kind))
                    .then(|| cloudwright_engine::diagram::place::dropped_on(d, parent.as_ref(), &[want], &BTreeSet::new()).map(|n| cloudwright_engine::diagram::place::released_on(d, n, &[kind], under.as_ref())))
                    .flatten()
            });
            let sent = app.design.with_untracked(|d| cloudwright_engine::diagram::place::sent_inside(d, under.as_ref(), parent.as_ref(), kind));
            // Aimed into a subnet of the wrong tier for it, it stays, and is told (QA s34 F6).
            let wrong = app.design.with_untracked(|d| cloudwright_engine::diagram::place::wrong_tier(d, kind, None, parent.as_ref())).map(|w| cloudwright_engine::diagram::place::sentence(&w));
            let placed = app.apply_at(edit, at);
            // Grown, or sent into the nearest subnet where its kind raises no error (QA s31
            // F5), whose nearest free spot may lie beyond the view's edge (a Lambda function
            // dropped on a 1,000-node design's VPC went into "Private b", 57 units below the
            // view): the view follows. A drop that grew nothing and lies wholly in the view
            // makes no pan, even when its label or the follow margin would not fit (a region
            // dropped in an empty design's corner is placed to fit the view exactly: a
            // follow would shift it past the edge, e2e editor-defaults).
            if placed && (grew || !in_view(app, &id)) {
                follow(app, &id, &pushed);
            }
            if placed {
                let moved = app.design.with_untracked(|d| d.layout.get(&id).is_some_and(|r| *r != want));
                // Sent into a container inside the one under the pointer (QA s30 F1): where
                // it went first, then (had it stayed there) what it was released on.
                let first = if let Some(sent) = sent {
                    Some(format!("Placed in {sent}."))
                } else if let (Some(on), true) = (on, moved) {
                    Some(format!("Placed at the nearest free spot: {on}."))
                } else {
                    None
                };
                let said: Vec<String> = first.into_iter().chain(wrong).collect();
                if !said.is_empty() {
                    app.toast_with(said.join(" "), false, at, None);
                }
                app.select_only(id);
            }
            placed
        }
        Some(NewDrop::Refused { why, .. }) => {
            app.error_at(why, at);
            false
        }
    }
}

/// Whether `edit` grows a container (`Placement::grow_edits`: `Resize` edits), and the nodes
/// it pushed aside (a `Resize` that keeps the size is a push): where each stood and stands.
fn pushed_aside(edit: &Edit) -> (bool, Vec<(Rect, Rect)>) {
    fn walk(e: &Edit, grew: &mut bool, out: &mut Vec<(Rect, Rect)>) {
        match e {
            Edit::Batch { edits, .. } => edits.iter().for_each(|e| walk(e, grew, out)),
            Edit::Resize { before, after, .. } => {
                *grew = true;
                if before.w == after.w && before.h == after.h && before != after {
                    out.push((*before, *after));
                }
            }
            _ => {}
        }
    }
    let (mut grew, mut out) = (false, Vec::new());
    walk(edit, &mut grew, &mut out);
    (grew, out)
}

/// The canvas pixels kept between a followed node and the canvas's edge.
const FOLLOW_MARGIN_PX: f64 = 24.0;

/// After a drop that grew a container, the view pans — never zooms — just enough to show the
/// new node `id` (its box and label), with what the growth pushed aside out of the view
/// (`pushes`, `diagram::place::pushed_in_view`) when both fit (`diagram::place::pan_to_show`; QA s24 new problem 1: the new component, or its pushed
/// neighbours, ended under the side panel or below the canvas, and looked like nothing had
/// appeared). A drop that lands in the view (most do) makes no pan.
fn follow(app: &AppState, id: &NodeId, pushes: &[(Rect, Rect)]) {
    let Some(fp) = app.design.with_untracked(|d| {
        let n = d.nodes.get(id)?;
        let r = d.layout.get(id)?;
        Some(cloudwright_engine::diagram::place::footprint(cloudwright_engine::diagram::geometry::node_is_container(n), &n.label, r))
    }) else {
        return;
    };
    let zoom = app.view.with_untracked(|v| v.zoom);
    let view = visible_world(app);
    let pushed = cloudwright_engine::diagram::place::pushed_in_view(&view, pushes);
    let (dx, dy) = cloudwright_engine::diagram::place::pan_to_show(&view, &fp, pushed.as_ref(), FOLLOW_MARGIN_PX / zoom);
    if dx != 0.0 || dy != 0.0 {
        app.pan_by((dx, dy));
        // Its Undo pans back (QA s25 1e), its Redo pans again.
        app.remember_follow_pan((dx, dy));
    }
}

/// What the last palette preview showed, and for what: the kind, the pointer's grid cell
/// (world, [`snap`]ped), the design's revision and the view. A `dragover` comes every few
/// milliseconds while the pointer rests or moves within a cell; the plan (a free-spot search,
/// on a large design not free) is made once per cell.
type PreviewKey = (&'static str, (f64, f64), u64, (f64, f64, f64));
type Preview = (Option<(NodeId, bool)>, Option<String>);

thread_local! {
    static LAST_PREVIEW: std::cell::RefCell<Option<(PreviewKey, Preview)>> = const { std::cell::RefCell::new(None) };
}

/// A palette drag of `kind` over the canvas at `pointer` (canvas pixels): the container the
/// new component would land in highlighted; or, when [`plan_new`] (the drop's own plan,
/// [`place_new`]) refuses the drop there, the container that refuses it outlined red and the
/// reason by the pointer (`DropWhy`), as a refused move shows it (`show_target_why`).
pub fn preview_new(app: &AppState, t: DropTarget, kind: &'static str, pointer: (f64, f64)) {
    let v = app.view.get_untracked();
    let (wx, wy) = v.to_world(pointer.0, pointer.1);
    let key: PreviewKey = (kind, (snap(wx), snap(wy)), app.revision.get_untracked(), (v.tx, v.ty, v.zoom));
    let cached = LAST_PREVIEW.with(|c| c.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, p)| p.clone()));
    let (target, why) = cached.unwrap_or_else(|| {
        let p: Preview = app.design.with_untracked(|d| match plan_new(d, kind, (wx, wy), Some(visible_world(app))) {
            Some(plan) => {
                let (target, why) = plan.highlight();
                (target, why.map(str::to_string))
            }
            None => (None, None),
        });
        LAST_PREVIEW.with(|c| *c.borrow_mut() = Some((key, p.clone())));
        p
    });
    show_target_why(t, target, why.map(|w| (w, pointer)));
}
