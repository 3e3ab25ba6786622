//! The diagram canvas: an SVG drawn the way AWS architecture diagrams are (region, VPC and
//! AZ frames, subnets coloured by tier, service icons), with pan/zoom, selection, drag,
//! resize, connect and drop-from-palette.
//!
//! Speed: a drag never touches the design. It sets `drag` once (which nodes move) and then
//! only `drag_offset` per pointer move; only the dragged nodes' copy subscribes to the offset,
//! and their connectors follow it outside the reactive views (`canvas_follow`: their paths
//! written straight to the DOM). The design, and so every analysis, changes once, on drop.
//! Nodes off screen are not rendered (culled per view change).

use crate::actions;
use crate::geometry::{self, container_at, intersects, node_at, snap};
use crate::state::{use_app, AppState, Drag};
use cloudwright_engine::model::{allowed_connection_kinds, check_connection};
use cloudwright_engine::{ConnId, ConnKind, Edit, NodeId, Rect};
use leptos::ev;
use leptos::prelude::*;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

/// What the pointer is doing on the canvas.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Idle,
    Pan { sx: f64, sy: f64, tx: f64, ty: f64 },
    /// Pressed on a node: becomes a drag once the pointer travels a few pixels.
    Press { wx: f64, wy: f64, sx: f64, sy: f64 },
    Drag { wx: f64, wy: f64 },
    Box { x0: f64, y0: f64, x1: f64, y1: f64, add: bool },
    Connect { from: NodeId, x: f64, y: f64 },
    Resize { id: NodeId, start: Rect, wx: f64, wy: f64 },
}

impl Mode {
    /// Whether a gesture is in progress that Escape takes back (a drag, a connector being
    /// drawn, a resize, a selection box): the canvas cancels it, and the window-wide
    /// shortcuts (`keyboard`) then leave the selection alone — both read this one state.
    pub fn takes_escape(&self) -> bool {
        matches!(self, Mode::Drag { .. } | Mode::Resize { .. } | Mode::Connect { .. } | Mode::Box { .. })
    }
}

/// Canvas-relative pointer position in pixels.
fn local(ev: &web_sys::MouseEvent) -> (f64, f64) {
    let target = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    match target {
        Some(el) => {
            let r = el.get_bounding_client_rect();
            (ev.client_x() as f64 - r.left(), ev.client_y() as f64 - r.top())
        }
        None => (ev.offset_x() as f64, ev.offset_y() as f64),
    }
}

#[component]
pub fn Canvas() -> impl IntoView {
    let app = use_app();
    // The pointer's gesture, in the app state: the window-wide Escape reads it too.
    let mode = app.canvas_mode;
    let space_held = RwSignal::new(false);
    let resize_preview: RwSignal<Option<(NodeId, Rect)>> = RwSignal::new(None);
    let host = NodeRef::<leptos::html::Section>::new();
    // The container a drag would land in, highlighted (`placing`).
    let drop_target = crate::placing::provide_drop_target();

    // Track the canvas size (zoom-to-fit, what is drawn, a drag's followed connectors): on
    // mount and whenever the canvas's box changes — a window resize, or the layout around it
    // (the totals bar wrapping to a second row and back while a large design's figures
    // arrive, a side panel collapsed), which no window event reports. (A size measured once
    // left a drag's connectors near the canvas's bottom edge undrawn at 1024 px.)
    let measure = move || {
        if let Some(el) = host.get_untracked() {
            let r = el.get_bounding_client_rect();
            let size = (r.width(), r.height());
            if app.canvas_size.get_untracked() != size {
                app.canvas_size.set(size);
            }
        }
    };
    let observer: StoredValue<Option<(web_sys::ResizeObserver, wasm_bindgen::closure::Closure<dyn FnMut()>)>, LocalStorage> = StoredValue::new_local(None);
    let unobserve = move || {
        observer.try_update_value(|o| {
            if let Some((obs, _)) = o.take() {
                obs.disconnect();
            }
        });
    };
    Effect::new(move |_| {
        if let Some(el) = host.get() {
            measure();
            unobserve();
            let cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(measure);
            if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
                obs.observe(&el);
                observer.set_value(Some((obs, cb)));
            }
        }
    });
    let key_down = window_event_listener(ev::keydown, move |e| {
        if e.code() == "Space" && !crate::keyboard::typing_in_field(&e) {
            space_held.set(true);
        }
        // Escape takes back whatever gesture the pointer is in, before its button is released:
        // a drag, a connector being drawn, a resize, a selection box (qa25 #4, and the QA of
        // s10: a connector was still made, a resize kept).
        // Undo and Redo pressed during the gesture take it back as Escape does, and nothing
        // else (QA s27 F6: Ctrl+Z mid-drag undid the previous move while the drag went on;
        // `keyboard` leaves an undo pressed during a gesture to this listener).
        if (e.key() == "Escape" || crate::keyboard::is_undo_or_redo(&e)) && mode.with_untracked(Mode::takes_escape) {
            match mode.get_untracked() {
                Mode::Drag { .. } => cancel_drag(&app, drop_target),
                Mode::Resize { .. } => resize_preview.set(None),
                _ => {}
            }
            e.prevent_default();
            mode.set(Mode::Idle);
        }
    });
    let key_up = window_event_listener(ev::keyup, move |e| {
        if e.code() == "Space" {
            space_held.set(false);
        }
    });
    on_cleanup(move || {
        unobserve();
        key_down.remove();
        key_up.remove();
    });

    // One reactive cell per drawn node and connection (`canvas_cells`): the views subscribe
    // to their own, so an edit re-runs only the views of what it changed.
    crate::canvas_cells::provide(app.design);

    // What the drawing depends on (nodes' kind, label and container, connections' ends, the
    // layout): a new value only when one of these changed — compared in place, not copied,
    // on every edit (a property edit changes none of them). The visible set, the connector
    // routes and the minimap are derived from it, so a property edit re-runs none of them.
    let drawing = Memo::new_with_compare(
        move |prev: Option<&std::sync::Arc<cloudwright_engine::Design>>| {
            use cloudwright_engine::diagram::route::{drawing_input, same_drawing};
            app.design.with(|d| match prev {
                Some(p) if same_drawing(p, d) => p.clone(),
                _ => std::sync::Arc::new(drawing_input(d)),
            })
        },
        |a, b| !matches!((a, b), (Some(a), Some(b)) if std::sync::Arc::ptr_eq(a, b)),
    );
    provide_context(Drawing(drawing));

    // Which nodes to draw: those whose rectangle meets the visible area (plus a margin),
    // and anything being dragged. Containers first (outermost first), then leaves.
    // Also those in the area of `AppState::also_drawn` (a paste's follow pan: the area it is
    // about to show, or the one it left), out of the view.
    let visible = Memo::new(move |_| {
        let (w, h) = app.canvas_size.get();
        let area_of = |v: crate::state::View| {
            let (x0, y0) = v.to_world(-200.0, -200.0);
            let (x1, y1) = v.to_world(w + 200.0, h + 200.0);
            Rect::new(x0, y0, x1 - x0, y1 - y0)
        };
        let area = area_of(app.view.get());
        let also = app.also_drawn.get().map(area_of);
        drawing.with(|d| {
            let dragged = app.drag.with(|g| g.as_ref().map(|g| g.ids.clone()).unwrap_or_default());
            let mut containers: Vec<(usize, NodeId)> = Vec::new();
            let mut leaves: Vec<NodeId> = Vec::new();
            for (id, r) in &d.layout {
                if !intersects(r, &area) && !also.as_ref().is_some_and(|a| intersects(r, a)) && !dragged.contains(id) {
                    continue;
                }
                if geometry::is_container(d, id) {
                    containers.push((d.ancestors(id).count(), id.clone()));
                } else if d.nodes.contains_key(id) {
                    leaves.push(id.clone());
                }
            }
            cloudwright_engine::order::sort(&mut containers);
            (containers.into_iter().map(|(_, id)| id).collect::<Vec<_>>(), leaves)
        })
    });
    let visible_conns = Memo::new(move |_| {
        visible.with(|(c, l)| {
            let shown: BTreeSet<&NodeId> = c.iter().chain(l.iter()).collect();
            drawing.with(|d| {
                d.connections.values().filter(|c| shown.contains(&c.from) || shown.contains(&c.to)).map(|c| c.id.clone()).collect::<Vec<ConnId>>()
            })
        })
    });

    // Connector routes, shared by every edge: recomputed when what the drawing depends on
    // changes (a drop, a new connection, a label), never per pointer move or on a property edit;
    // and then only those the change can have moved (`route::reroute`: on a large design the
    // connectors of what moved, not all 2,790 of a 1,000-node estate).
    // The memo owns its previous paths (`new_owning`): a drop's few hundred re-routed
    // connectors are written into them in place, not into a copy of all 2,790 (s55-drop).
    let routing = routing_state();
    let routes = Memo::new_owning(move |prev: Option<std::sync::Arc<Paths>>| drawing.with(|d| routing.update(d, prev)));
    provide_context(Routes(routes));
    // The connectors' views given their new paths in one pass (`EdgeViews`): only those
    // whose route changed are drawn again, looked for among those `Routing` routed again.
    let edge_views = EdgeViews(StoredValue::new_local(std::collections::HashMap::new()));
    provide_context(edge_views);
    Effect::new(move |_| routes.with(|paths| edge_views.sync(paths, routing.take_changed())));
    let cells = crate::canvas_cells::use_cells();
    // And each node's badge its own severity (an answer changes a few, not every badge's memo).
    cells.severity.follow(crate::analysis::use_analyses().node_severity);

    // The selection, told to the views of what it adds and removes only.
    Effect::new(move |_| cells.selected_nodes.set_only(app.selection.with(|s| s.iter().cloned().collect())));
    Effect::new(move |_| cells.selected_conns.set_only(app.selected_conn.with(|c| c.iter().cloned().collect())));

    // A drag's connectors follow it in the edge layer (`canvas_follow`), made when the drag
    // starts and gone when it ends (a drop, or another design opened meanwhile); the dragged
    // nodes are ghosts in the diagram meanwhile, their connectors hidden there (drawn where
    // they were on the ghost layer; a hub's left drawn: `canvas_follow::HIDE_AT_MOST`) — only
    // their views are told.
    let follow = crate::canvas_follow::FollowLayer::new();
    // Where the pointer was last over the canvas (canvas pixels): where a drag's copy belongs
    // when the view changes under a still pointer.
    let last_pointer = StoredValue::new(None::<(f64, f64)>);
    // The drag's unsnapped offset (world) the drop target was last shown for.
    let last_raw = StoredValue::new(None::<(f64, f64)>);
    let edge_layer = NodeRef::<leptos::html::Canvas>::new();
    let ghost_layer = NodeRef::<leptos::html::Canvas>::new();
    let edge_styles = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| match app.drag.with(|g| g.as_ref().map(|g| g.ids.clone())) {
        Some(ids) => {
            let conns = match (edge_layer.get_untracked(), edge_styles.get_untracked()) {
                (Some(canvas), Some(styles)) => {
                    let (view, size) = (app.view.get_untracked(), app.canvas_size.get_untracked());
                    let ghost = ghost_layer.get_untracked();
                    drawing.with_untracked(|d| routes.with_untracked(|paths| follow.start(canvas, ghost, &styles, d, paths, &ids, view, size)))
                }
                _ => Vec::new(),
            };
            cells.dragged_nodes.set_only(ids.into_iter().collect());
            cells.dragged_conns.set_only(conns);
        }
        None => {
            follow.stop();
            cells.dragged_nodes.set_only(Vec::new());
            cells.dragged_conns.set_only(Vec::new());
        }
    });

    let on_pointer_down = move |e: ev::PointerEvent| {
        let (sx, sy) = local(&e);
        let (wx, wy) = app.view.with_untracked(|v| v.to_world(sx, sy));
        if e.button() == 1 || (e.button() == 0 && space_held.get_untracked()) {
            e.prevent_default();
            let v = app.view.get_untracked();
            mode.set(Mode::Pan { sx, sy, tx: v.tx, ty: v.ty });
        } else if e.button() == 0 {
            // The field being typed in commits (or says it refused) before the press selects
            // something else: left to the browser, the focus moves only after the press's
            // handlers, when the field already shows the new selection.
            crate::inspector::leave(&app);
            // Pressing empty canvas: box selection.
            let add = e.shift_key() || e.ctrl_key() || e.meta_key();
            if !add {
                app.selection.set(BTreeSet::new());
                app.selected_conn.set(None);
            }
            mode.set(Mode::Box { x0: wx, y0: wy, x1: wx, y1: wy, add });
        }
        if let Some(t) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = t.set_pointer_capture(e.pointer_id());
        }
    };

    // A press on a node becomes a drag: the pointer captured by the canvas from now on (so
    // its moves and release off the canvas still come here), which nodes move fixed.
    let begin_drag = move |e: &ev::PointerEvent, press: (f64, f64)| {
        if let Some(t) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = t.set_pointer_capture(e.pointer_id());
        }
        start_drag(&app);
        last_raw.set_value(None);
        mode.set(Mode::Drag { wx: press.0, wy: press.1 });
    };
    // The drag's pointer at `pointer` (canvas pixels; `world`, the same point in the world):
    // the dragged copy follows by whole grid steps, and the drop target is shown.
    let drag_to = move |pointer: (f64, f64), world: (f64, f64), press: (f64, f64), view: crate::state::View| {
        let offset = (snap(world.0 - press.0), snap(world.1 - press.1));
        // Within the same grid step the copy does not move.
        if app.drag_offset.get_untracked() != offset {
            app.drag_offset.set(offset);
            follow.move_to(offset, view, app.canvas_size.get_untracked());
        }
        // The container is chosen at the unsnapped point (`drop_edit`, review s35 R1), which
        // moves within a grid step: the target follows every move of the pointer.
        let raw = (world.0 - press.0, world.1 - press.1);
        if last_raw.get_value() != Some(raw) {
            last_raw.set_value(Some(raw));
            show_move_target(&app, drop_target, offset, raw, press, pointer);
        }
    };

    // The view zoomed (a key) or panned, or the canvas resized, during a drag: the pointer
    // now points at another world point, so the dragged copy is moved under it again (QA s20:
    // it stayed where the old view had it until the pointer moved), and the bitmap drawn again
    // for the view (nothing when no drag is on).
    Effect::new(move |_| {
        let (view, size) = (app.view.get(), app.canvas_size.get());
        if let (Mode::Drag { wx: x0, wy: y0 }, Some(p)) = (mode.get_untracked(), last_pointer.get_value()) {
            drag_to(p, view.to_world(p.0, p.1), (x0, y0), view);
        }
        follow.move_to(app.drag_offset.get_untracked(), view, size);
    });

    let on_pointer_move = move |e: ev::PointerEvent| {
        let (sx, sy) = local(&e);
        last_pointer.set_value(Some((sx, sy)));
        let view = app.view.get_untracked();
        let (wx, wy) = view.to_world(sx, sy);
        match mode.get_untracked() {
            Mode::Idle => {}
            Mode::Pan { sx: x0, sy: y0, tx, ty } => app.view.update(|v| {
                v.tx = tx + sx - x0;
                v.ty = ty + sy - y0;
            }),
            // The button came up where the canvas did not hear it (off the canvas, before the
            // press became a drag): the press is over, not a drag that follows a bare pointer.
            Mode::Press { .. } if e.buttons() & 1 == 0 => mode.set(Mode::Idle),
            Mode::Press { wx: px, wy: py, sx: psx, sy: psy } => {
                if (sx - psx).abs() + (sy - psy).abs() > 4.0 {
                    begin_drag(&e, (px, py));
                }
            }
            Mode::Drag { wx: x0, wy: y0 } => drag_to((sx, sy), (wx, wy), (x0, y0), view),
            Mode::Box { x0, y0, add, .. } => mode.set(Mode::Box { x0, y0, x1: wx, y1: wy, add }),
            Mode::Connect { from, .. } => mode.set(Mode::Connect { from, x: wx, y: wy }),
            Mode::Resize { id, start, wx: x0, wy: y0 } => {
                let w = snap((start.w + wx - x0).max(120.0));
                let h = snap((start.h + wy - y0).max(80.0));
                resize_preview.set(Some((id, Rect { w, h, ..start })));
            }
        }
    };

    // The pointer leaves the canvas, button held, before the press on a node became a drag
    // (pressed near the canvas's edge and moved quickly over the side panel or the palette):
    // it becomes one here. Without the capture it takes, the canvas heard neither the moves
    // nor the release over the panel (s17: at 1024 px the test's press 5 px from the edge
    // started no drag; the component then followed the pointer, button up, back on the canvas).
    let on_pointer_leave = move |e: ev::PointerEvent| {
        let Mode::Press { wx: px, wy: py, .. } = mode.get_untracked() else { return };
        if e.buttons() & 1 == 0 {
            mode.set(Mode::Idle);
            return;
        }
        // Onto a layer over the diagram (the selection's handles, the minimap): still on the
        // canvas, the press keeps its threshold (a click or a double-click is not a drag).
        let (sx, sy) = local(&e);
        if !outside_canvas(&app, (sx, sy)) {
            return;
        }
        begin_drag(&e, (px, py));
        let view = app.view.get_untracked();
        drag_to((sx, sy), view.to_world(sx, sy), (px, py), view);
    };

    let on_pointer_up = move |e: ev::PointerEvent| {
        let (sx, sy) = local(&e);
        let (wx, wy) = app.view.with_untracked(|v| v.to_world(sx, sy));
        match mode.get_untracked() {
            Mode::Press { .. } => {}
            Mode::Drag { wx: px, wy: py } => finish_drag(&app, (sx, sy), (px, py)),
            Mode::Box { x0, y0, x1, y1, add } => {
                let r = Rect::new(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
                if r.w <= 3.0 && r.h <= 3.0 {
                    // A click on the empty inside of a container selects it.
                    if let Some(c) = app.design.with_untracked(|d| container_at(d, x0, y0, &BTreeSet::new())) {
                        app.selected_conn.set(None);
                        app.selection.update(|s| {
                            s.insert(c);
                        });
                    }
                } else {
                    let inside: BTreeSet<NodeId> = app.design.with_untracked(|d| {
                        d.layout.iter().filter(|(_, n)| n.x >= r.x && n.y >= r.y && n.x + n.w <= r.x + r.w && n.y + n.h <= r.y + r.h).map(|(id, _)| id.clone()).collect()
                    });
                    app.selection.update(|s| {
                        if !add {
                            s.clear();
                        }
                        s.extend(inside);
                    });
                }
            }
            Mode::Connect { from, .. } => {
                let target = app.design.with_untracked(|d| node_at(d, wx, wy));
                match target {
                    Some(to) if to != from => connect(&app, &from, &to, (sx, sy)),
                    _ => {}
                }
            }
            Mode::Resize { id, start, .. } => {
                if let Some((_, r)) = resize_preview.get_untracked() {
                    if r != start {
                        app.apply(Edit::Resize { id, before: start, after: r });
                    }
                }
                resize_preview.set(None);
            }
            Mode::Pan { .. } | Mode::Idle => {}
        }
        crate::placing::show_target(drop_target, None);
        mode.set(Mode::Idle);
    };

    let on_wheel = move |e: ev::WheelEvent| {
        e.prevent_default();
        let (sx, sy) = local(&e);
        match wheel_action(&e) {
            Wheel::Zoom(factor) => app.view.update(|v| *v = v.zoom_at(factor, sx, sy)),
            Wheel::Pan(dx, dy) => app.view.update(|v| {
                v.tx -= dx;
                v.ty -= dy;
            }),
        }
    };

    // A palette kind dragged over the canvas: highlight the container it would land in, or the
    // one that refuses it with the reason by the pointer (the drop's own plan).
    let on_drag_over = move |e: ev::DragEvent| {
        e.prevent_default();
        let Some(kind) = crate::placing::palette_kind() else { return };
        crate::placing::preview_new(&app, drop_target, kind, local(&e));
    };
    // Entering an element (the highlighted container's frame, filled now, becomes the target
    // under a pointer at rest) is accepted too: Chromium takes a drop on an element that no
    // `dragover` reached yet by its `dragenter`, and a drop released right as the highlight
    // came was silently ignored (QA s24 item 8: a palette drag released in a VPC's margin with
    // no move after the last `dragover`).
    let on_drag_enter = move |e: ev::DragEvent| {
        e.prevent_default();
        let Some(kind) = crate::placing::palette_kind() else { return };
        crate::placing::preview_new(&app, drop_target, kind, local(&e));
    };
    let on_drag_leave = move |e: ev::DragEvent| {
        // Left the canvas itself (not just one of its elements for another).
        if outside_canvas(&app, local(&e)) {
            crate::placing::show_target(drop_target, None);
        }
    };
    let on_drop = move |e: ev::DragEvent| {
        e.prevent_default();
        crate::placing::show_target(drop_target, None);
        crate::placing::set_palette_kind(None);
        let Some(dt) = e.data_transfer() else { return };
        if let Ok(kind) = dt.get_data("text/x-cloudwright-kind") {
            if !kind.is_empty() {
                let (sx, sy) = local(&e);
                let (wx, wy) = app.view.with_untracked(|v| v.to_world(sx, sy));
                actions::place_kind_at(&app, &kind, wx, wy);
                return;
            }
        }
        if let Some(files) = dt.files() {
            crate::files::import_list(app, files);
        }
    };

    // A press on a component or a connector, and a double-click on a component, heard by the
    // diagram's group for every one of them instead of by listeners of each: a paste of 300
    // components drew ~800 connectors and ~350 components, and attaching a listener to each
    // connector's `<g>` was ~9% of its task (BENCHMARKS.md s43-paste), each component's two
    // likewise (s44-paste). Nothing between a component's or connector's `<g>` and this group
    // listens (a label editor's field stops its own presses), so each is handled as before,
    // and stopped here before the canvas's own (box select, pan).
    let on_world_down = move |e: ev::PointerEvent| {
        let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if let Some(id) = t.closest("[data-node]").ok().flatten().and_then(|g| g.get_attribute("data-node")) {
            press_node(&app, mode, &e, &NodeId::new(id));
            return;
        }
        let Some(conn) = t.closest("[data-conn]").ok().flatten().and_then(|g| g.get_attribute("data-conn")) else { return };
        e.stop_propagation();
        crate::inspector::leave(&app);
        // The connection the inspector shows, pressed again: its form is asked for again
        // (after a failed fetch of the forms' code, that retries: QA s55 G4).
        if app.selected_conn.with_untracked(|c| c.as_ref().is_some_and(|c| c.as_str() == conn)) {
            crate::inspector::retry_forms();
        }
        app.selection.set(BTreeSet::new());
        app.selected_conn.set(Some(ConnId::new(conn)));
    };
    // A double-click on a component renames it in place (its label editor).
    let on_world_dblclick = move |e: ev::MouseEvent| {
        let id = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("[data-node]").ok().flatten()).and_then(|g| g.get_attribute("data-node"));
        let Some(id) = id else { return };
        e.stop_propagation();
        cells.renaming.turn(&NodeId::new(id), true);
    };
    let transform = move || app.view.with(|v| format!("translate({} {}) scale({})", v.tx, v.ty, v.zoom));
    use crate::canvas_follow::arrow;
    let arrow_box = format!("0 0 {0} {0}", arrow::VIEW);
    let arrow_path = format!("M0,0 L{},{} L0,{} z", arrow::VIEW, arrow::VIEW / 2.0, arrow::VIEW);
    let cursor = move || match mode.get() {
        Mode::Pan { .. } => "grabbing",
        _ if space_held.get() => "grab",
        _ => "default",
    };

    view! {
        <section
            class="canvas"
            aria-label="Canvas"
            node_ref=host
            on:dragenter=on_drag_enter
            on:dragover=on_drag_over
            on:dragleave=on_drag_leave
            on:drop=on_drop
        >
            <svg
                class="canvas-svg"
                xmlns="http://www.w3.org/2000/svg"
                style:cursor=cursor
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointerleave=on_pointer_leave
                on:wheel=on_wheel
            >
                <defs>
                    // The arrowheads (`canvas_follow::arrow`: a drag draws the same).
                    <marker id="arrow" viewBox=arrow_box.clone() refX=arrow::REF_X refY=arrow::REF_Y markerWidth=arrow::SIZE markerHeight=arrow::SIZE orient="auto-start-reverse">
                        <path d=arrow_path.clone() fill=arrow::FILL></path>
                    </marker>
                    <marker id="arrow-async" viewBox=arrow_box refX=arrow::REF_X refY=arrow::REF_Y markerWidth=arrow::SIZE markerHeight=arrow::SIZE orient="auto-start-reverse">
                        <path d=arrow_path fill=arrow::FILL_ASYNC></path>
                    </marker>
                    // One line of each kind of connector, never drawn: a drag's connectors
                    // are drawn on the edge layer's bitmap in their computed style
                    // (`canvas_follow`), so the stylesheet stays the one place they are styled.
                    <g node_ref=edge_styles>
                        <g class="edge-sync"><path class="edge-line"></path></g>
                        <g class="edge-async"><path class="edge-line"></path></g>
                        <g class="edge-replication"><path class="edge-line"></path></g>
                        <g class="edge-association"><path class="edge-line"></path></g>
                    </g>
                </defs>
                <g class="world" transform=transform on:pointerdown=on_world_down on:dblclick=on_world_dblclick>
                    <For each=move || visible.get().0 key=|id| id.clone() let:id>
                        <NodeView id=id resize_preview=resize_preview/>
                    </For>
                    <For each=move || visible_conns.get() key=|id| id.clone() let:id>
                        <EdgeView id=id/>
                    </For>
                    <For each=move || visible.get().1 key=|id| id.clone() let:id>
                        <NodeView id=id resize_preview=resize_preview/>
                    </For>
                    {move || match mode.get() {
                        Mode::Box { x0, y0, x1, y1, .. } => view! {
                            <rect class="selection-box" x=x0.min(x1) y=y0.min(y1) width=(x1 - x0).abs() height=(y1 - y0).abs()></rect>
                        }.into_any(),
                        Mode::Connect { from, x, y } => {
                            let r = app.design.with_untracked(|d| d.layout.get(&from).copied()).unwrap_or(Rect::new(0.0, 0.0, 0.0, 0.0));
                            view! {
                                <line class="connect-preview" x1=r.x + r.w / 2.0 y1=r.y + r.h / 2.0 x2=x y2=y marker-end="url(#arrow)"></line>
                            }.into_any()
                        }
                        _ => ().into_any(),
                    }}
                </g>
            </svg>
            // Where a drag's connectors were, drawn once when it starts (`canvas_follow`); no
            // bitmap between drags (0 × 0: sized when a drag's ghosts are drawn).
            <canvas class=crate::canvas_follow::GHOST_CLASS node_ref=ghost_layer aria-hidden="true" width="0" height="0"></canvas>
            // The moving copy is outlined as refused while a drop there would be refused: with
            // no container to highlight (the top level, off the canvas) it is what shows it.
            <svg class="drag-layer" class:refused=move || drop_target.1.with(Option::is_some) xmlns="http://www.w3.org/2000/svg" style:transform=move || {
                let (dx, dy) = app.drag_offset.get();
                let z = app.view.with(|v| v.zoom);
                format!("translate({}px, {}px)", dx * z, dy * z)
            }>
                <g transform=transform>
                    <For each=move || app.drag.with(|g| g.as_ref().map(|g| g.ids.iter().cloned().collect::<Vec<_>>()).unwrap_or_default()) key=|id| id.clone() let:id>
                        <NodeView id=id resize_preview=resize_preview overlay=true/>
                    </For>
                </g>
            </svg>
            // The dragged nodes' connectors, drawn on a bitmap (`canvas_follow`).
            <canvas class=crate::canvas_follow::CANVAS_CLASS node_ref=edge_layer aria-hidden="true"></canvas>
            <SelectionLayer mode=mode resize_preview=resize_preview visible=visible/>
            <crate::placing::DropWhy target=drop_target/>
            <crate::review::Overlay/>
            <crate::minimap::Minimap/>
            <crate::findings_link::BadgeTip/>
        </section>
    }
}

/// One zoom step of the wheel: 10% per notch.
pub const WHEEL_STEP: f64 = 1.1;

enum Wheel {
    Zoom(f64),
    Pan(f64, f64),
}

/// What a wheel event does. A mouse wheel notch (lines or pages, or a pixel delta of 50 or
/// more with no sideways part) zooms by one fixed [`WHEEL_STEP`], however far the browser
/// says it scrolled; Ctrl/⌘+wheel and a trackpad pinch (which arrives as Ctrl+wheel with
/// small deltas) zoom in proportion but never more than one step per event; a trackpad's
/// two-finger scroll (small pixel deltas) pans.
fn wheel_action(e: &web_sys::WheelEvent) -> Wheel {
    let (dx, dy) = (e.delta_x(), e.delta_y());
    let notch = e.delta_mode() != 0 || (dy.abs() >= 50.0 && dx == 0.0);
    if notch {
        return Wheel::Zoom(if dy < 0.0 { WHEEL_STEP } else if dy > 0.0 { 1.0 / WHEEL_STEP } else { 1.0 });
    }
    if e.ctrl_key() || e.meta_key() {
        return Wheel::Zoom((-dy * 0.01).exp().clamp(1.0 / WHEEL_STEP, WHEEL_STEP));
    }
    Wheel::Pan(dx, dy)
}

/// Called when a press on a node turns into a drag: fixes which nodes move.
fn start_drag(app: &AppState) {
    // Read in place: a drag start must not copy the design.
    let (ids, roots) = app.design.with_untracked(|d| {
        app.selection.with_untracked(|sel| {
            let roots: Vec<NodeId> = sel.iter().filter(|id| !d.ancestors(id).any(|a| sel.contains(&a.id))).cloned().collect();
            let mut ids: BTreeSet<NodeId> = BTreeSet::new();
            for r in &roots {
                ids.insert(r.clone());
                ids.extend(cloudwright_engine::edit::descendants(d, r));
            }
            (ids, roots)
        })
    });
    app.drag_offset.set((0.0, 0.0));
    app.drag.set(Some(Drag { ids, roots, strands: Default::default() }));
}

/// The dragged node the pointer pressed on (`press`, world point): of the grabbed nodes, the
/// smallest whose box holds it, else the first. Its centre decides where a drop goes.
fn held<'a>(d: &cloudwright_engine::Design, roots: &'a [NodeId], press: (f64, f64)) -> Option<&'a NodeId> {
    roots
        .iter()
        .filter_map(|id| d.layout.get(id).map(|r| (id, r)))
        .filter(|(_, r)| r.contains_point(press.0, press.1))
        .min_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)))
        .map(|(id, _)| id)
        .or(roots.first())
}

/// Highlights the container the dragged nodes would land in at this drag offset (`(dx, dy)`,
/// the grid-snapped offset the copy is drawn at; `raw`, the pointer's own, unsnapped): the one
/// under the centre of the node held at the unsnapped offset (the same rule as [`drop_edit`]);
/// `press`, where the drag began (world). A drop there that [`drop_edit`] would refuse is shown refused, with the same
/// reason next to the pointer (`pointer`, canvas pixels), before the button is released — at
/// the top level too, where there is no container to highlight (QA s16: "ECS service cannot sit
/// at the top level" came only after the drop). With the pointer outside the canvas (over the
/// side panel, the palette) it says that a release there cancels the move ([`finish_drag`]).
fn show_move_target(app: &AppState, target: crate::placing::DropTarget, (dx, dy): (f64, f64), raw: (f64, f64), press: (f64, f64), pointer: (f64, f64)) {
    if outside_canvas(app, pointer) {
        crate::placing::show_target_why(target, None, Some((OUTSIDE_CANVAS.to_string(), pointer)));
        return;
    }
    let t = app.drag.with_untracked(|g| {
        let g = g.as_ref()?;
        app.design.with_untracked(|d| {
            let id = held(d, &g.roots, press)?;
            let r = d.layout.get(id)?;
            let centre = (r.x + raw.0 + r.w / 2.0, r.y + raw.1 + r.h / 2.0);
            Some(match crate::placing::target_for_move(d, id, centre, &g.ids, g.roots.len() == 1, &g.strands.0) {
                Some((under, ok)) => (Some(under), ok.and_then(|()| refusal(d, g, (dx, dy), raw, press).map_or(Ok(()), Err))),
                // The top level: the drop's own checks, in its order (a component spanning AZs
                // dragged alone needs a subnet; then the group's containers).
                None if g.roots.len() == 1 && d.nodes.get(id).is_some_and(|n| !n.span.is_empty()) => (None, Err(SPAN_NEEDS_SUBNET.to_string())),
                None => (None, refusal(d, g, (dx, dy), raw, press).map_or(Ok(()), Err)),
            })
        })
    });
    // A sentence, as the drop's toast will say it (QA s31 F7: the reason by the pointer for a
    // subnet over the empty canvas had no full stop).
    let why = t.as_ref().and_then(|(_, ok)| ok.as_ref().err()).map(|w| (cloudwright_engine::diagram::place::sentence(w), pointer));
    crate::placing::show_target_why(target, t.and_then(|(under, ok)| under.map(|u| (u, ok.is_ok()))), why);
}

/// Why a component spanning AZs dropped alone outside any subnet does not move.
const SPAN_NEEDS_SUBNET: &str = "a component spanning AZs moves from one row of subnets to another: drop it on a subnet";

/// What a release outside the canvas does (told by the pointer while it is there, and after).
const OUTSIDE_CANVAS: &str = "Outside the canvas: release over the canvas to move; released here, the move is cancelled.";

/// Whether a canvas point (pixels from its top-left) is off the canvas, where the user does not
/// see the diagram: over the side panel, the palette or the bars. The canvas's box, `[0, w) ×
/// [0, h)`, is the part of the diagram shown: the panels sit beside it at every width (at
/// 1024 px too: palette 0–240, canvas 240–724, panel 724–1024), none over it. With the pointer
/// captured, a drag's moves and release still come to the canvas from there (QA s16: a
/// component released over the side panel was placed under it, at x = 1162, out of sight);
/// a palette drag's `dragleave` reads it too.
fn outside_canvas(app: &AppState, (x, y): (f64, f64)) -> bool {
    let (w, h) = app.canvas_size.get_untracked();
    x < 0.0 || y < 0.0 || x >= w || y >= h
}

/// A page point (client pixels) in canvas pixels, when it lies in the canvas's box (not
/// [`outside_canvas`]); `None` off it.
fn on_canvas(app: &AppState, (cx, cy): (f64, f64)) -> Option<(f64, f64)> {
    let r = document().query_selector("section.canvas").ok().flatten()?.get_bounding_client_rect();
    let p = (cx - r.left(), cy - r.top());
    (!outside_canvas(app, p)).then_some(p)
}

/// A palette drag over an element that lies on the canvas but is not part of it (the empty
/// design's "Or start from a template" button, a toast): what the canvas's own `dragover`
/// shows there (`placing::preview_new`), so the highlight does not go stale over it. Called
/// by the page's `dragover`; the canvas's own events are left to the canvas.
pub fn palette_over_page(app: &AppState, e: &ev::DragEvent) {
    let Some(kind) = crate::placing::palette_kind() else { return };
    if in_canvas_element(e) {
        return;
    }
    let Some(t) = crate::placing::drop_target() else { return };
    match on_canvas(app, (e.client_x() as f64, e.client_y() as f64)) {
        Some(p) => crate::placing::preview_new(app, t, kind, p),
        None => crate::placing::show_target(t, None),
    }
}

/// A palette component released anywhere on the page (the page's `drop`; the canvas's own
/// drop clears the kind first): "off the canvas" is judged by the point, outside the canvas's
/// box ([`outside_canvas`], as a move's release is), not by the element under it. Released
/// over something lying on the canvas (the empty design's template button, a toast) it lands
/// on the canvas at that point, as it would a pixel away (QA s30 F9: a drop on the template
/// button was lost, nothing added and nothing said); released off the box (over the side
/// panel, the bars, the palette) it is not added, and `outside` is said. Returns whether
/// there was a palette drag to handle (else the drop is something else: a file).
pub fn palette_drop_on_page(app: &AppState, e: &ev::DragEvent, outside: &str) -> bool {
    let Some(kind) = crate::placing::palette_kind() else { return false };
    crate::placing::set_palette_kind(None);
    if let Some(t) = crate::placing::drop_target() {
        crate::placing::show_target(t, None);
    }
    match on_canvas(app, (e.client_x() as f64, e.client_y() as f64)) {
        Some((sx, sy)) => {
            let (wx, wy) = app.view.with_untracked(|v| v.to_world(sx, sy));
            actions::place_kind_at(app, kind, wx, wy);
        }
        None => app.info(outside),
    }
    true
}

/// Whether a drag event's target is the canvas or inside it (the canvas handles those).
fn in_canvas_element(e: &ev::DragEvent) -> bool {
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| el.closest("section.canvas").ok().flatten().is_some())
}

/// Why [`drop_edit`] would refuse a drop by (dx, dy) (`raw`: the unsnapped offset, whose
/// centres choose the containers) for the whole drag (beyond the node held
/// being refused its container, which `placing::target_for_move` says), in its words; `None`
/// when it would not. The checks the drop makes, in its order: a component spanning AZs dragged
/// with others (not with one of its subnets) goes to the row under its own centre, or the drop
/// is refused (QA s12 #2: shown as allowed); then the group's containers
/// ([`GroupDrop::reparents`], the engine's `edit::check_reparent`: a subnet holding part of a
/// band dragged into the AZ of the band's other subnet was shown as allowed, s15-drag).
fn refusal(d: &cloudwright_engine::Design, g: &Drag, (_, dy): (f64, f64), raw: (f64, f64), press: (f64, f64)) -> Option<String> {
    if g.roots.len() > 1 {
        let band = g.roots.iter().find(|b| {
            let (Some(n), Some(r)) = (d.nodes.get(*b).filter(|n| !n.span.is_empty()), d.layout.get(*b)) else { return false };
            if cloudwright_engine::model::span::placements(n).any(|s| g.ids.contains(s)) {
                return false;
            }
            container_at(d, r.x + raw.0 + r.w / 2.0, r.y + raw.1 + r.h / 2.0, &g.ids).is_none_or(|t| cloudwright_engine::diagram::band::move_to_row(d, b, &t, None, r.y + dy).is_err())
        });
        if let Some(b) = band {
            return Some(band_with_others(&d.nodes[b].label));
        }
    }
    let group: Vec<NodeId> = g.roots.iter().filter(|id| d.nodes.get(*id).is_some_and(|n| n.span.is_empty())).cloned().collect();
    let drop = GroupDrop::of(d, &group, &g.ids, raw, press, &g.strands.0)?;
    cloudwright_engine::edit::check_reparent(d, &drop.reparents(d, &group)).err().map(|e| e.0)
}

/// The refusal of a drop that takes a component spanning AZs along with others: where it lands
/// is its own centre, not where the user aimed the group (QA s12 #2: "drop it on a subnet",
/// when they did).
fn band_with_others(label: &str) -> String {
    let label = cloudwright_engine::text::shown_label(label);
    format!("\"{label}\" spans Availability Zones and moves only from one row of subnets to another: drag it on its own onto a subnet of the row it should go to, then the others.")
}

/// Where the group of a drop goes: the dragged roots but the components spanning AZs (those
/// move as bands between rows of subnets, or ride with a dragged subnet of theirs).
struct GroupDrop {
    /// The member whose centre decides where the group goes ([`held`]).
    held: NodeId,
    /// Where the group goes: the container the held member's kind goes into when released
    /// with its centre there (`place::aimed_parent`, the palette drop's rule: the container
    /// under the centre, one inside it or one around it that accepts it); when none does, the
    /// container under the centre, whose refusal the drop shows. `None`: the top level.
    into: Option<NodeId>,
    /// The container under the held member's centre (None: the empty canvas).
    under: Option<NodeId>,
    /// `into` is the held member's own container and the group has members elsewhere (a
    /// selection across containers, nudged): each stays in its own container.
    nudged: bool,
}

impl GroupDrop {
    /// The group's drop by `raw`, the pointer's unsnapped offset (world units): the container
    /// is chosen where the user really released the held member's centre, not at the grid
    /// step its copy is drawn at (review s35 R1: a single RDS released 3 px under "Private b"
    /// went into it, its snapped centre a few units inside); `None` when the group is empty.
    fn of(d: &cloudwright_engine::Design, group: &[NodeId], ids: &BTreeSet<NodeId>, raw: (f64, f64), press: (f64, f64), strands: &cloudwright_engine::diagram::place::Strands) -> Option<GroupDrop> {
        let held = held(d, group, press)?.clone();
        let r = d.layout.get(&held)?;
        let centre = (r.x + raw.0 + r.w / 2.0, r.y + raw.1 + r.h / 2.0);
        let (under, into) = cloudwright_engine::diagram::place::aimed_parent_in(d, &d.nodes.get(&held)?.kind, centre, ids, Some(&held), group.len() == 1, strands);
        let into = into.unwrap_or_else(|_| under.clone());
        let home = d.nodes.get(&held)?.parent.as_ref();
        let nudged = into.as_ref() == home && group.iter().any(|id| d.nodes.get(id).is_some_and(|n| n.parent.as_ref() != home));
        Some(GroupDrop { held, into, under, nudged })
    }

    /// The container changes the drop makes, in the order of its `Reparent` edits: each member
    /// not in `into` yet goes there (none when nudged). The preview and the drop ask the engine
    /// about exactly these (`edit::check_reparent`).
    fn reparents<'a>(&'a self, d: &cloudwright_engine::Design, group: &'a [NodeId]) -> Vec<(&'a NodeId, Option<&'a NodeId>)> {
        if self.nudged {
            return Vec::new();
        }
        group.iter().filter(|id| d.nodes.get(*id).is_some_and(|n| n.parent != self.into)).map(|id| (id, self.into.as_ref())).collect()
    }
}

/// Escape during a drag: the drag ends where it began — the dragged nodes back where they
/// were (the drag layer emptied), their connectors drawn as before (the edge layer emptied, the
/// ghosts shown again), no edit made (nothing on the undo stack), the selection kept. What
/// the pointer does next until its button is released is ignored (the canvas's mode is idle).
fn cancel_drag(app: &AppState, target: crate::placing::DropTarget) {
    app.drag.set(None);
    app.drag_offset.set((0.0, 0.0));
    crate::placing::show_target(target, None);
}

/// On drop: one edit that moves everything dragged and, where a grabbed node now sits in
/// another container, reparents it. An illegal container refuses the whole move with the
/// reason, shown where the node was dropped; the nodes return where they were.
fn finish_drag(app: &AppState, at: (f64, f64), press: (f64, f64)) {
    let (dx, dy) = app.drag_offset.get_untracked();
    let Some(drag) = app.drag.get_untracked() else { return };
    app.drag.set(None);
    app.drag_offset.set((0.0, 0.0));
    if dx == 0.0 && dy == 0.0 {
        return;
    }
    // Released off the canvas: cancelled, as a design tool does, and said (the drop would
    // land where nobody sees it, under the side panel).
    if outside_canvas(app, at) {
        let (w, h) = app.canvas_size.get_untracked();
        app.toast_with("Not moved: released outside the canvas (a drop there is cancelled). Release over the canvas to move it.".into(), false, Some((at.0.clamp(8.0, (w - 8.0).max(8.0)), at.1.clamp(8.0, (h - 8.0).max(8.0)))), None);
        return;
    }
    // A read-only design (shared link, another tab editing, presenting) says why it did not
    // move, before any placement check could claim the drop itself was wrong.
    if !app.may_edit(Some(at)) {
        return;
    }
    // Read in place: a copy of a large design (and dropping it) cost more than the move.
    // The pointer's own offset, unsnapped: where the containers are chosen (review s35 R1).
    let raw = app.view.with_untracked(|v| v.to_world(at.0, at.1));
    let raw = (raw.0 - press.0, raw.1 - press.1);
    if let Some((edit, note)) = app.design.with_untracked(|d| drop_edit(app, d, &drag, (dx, dy), raw, at, press)) {
        if app.apply_at(edit, Some(at)) {
            // Released on top of another and placed beside it: said, briefly, where it was
            // released (QA s28 F5); an ordinary drop says nothing.
            if let Some(note) = note {
                app.toast_with(note, false, Some(at), None);
            }
        }
    }
}

/// A drop's components spanning AZs, moved ([`band_moves`]), and the rest.
struct Bands {
    /// The dragged roots that move as one group (`place::spot_for_move`): not spanning AZs.
    group: Vec<NodeId>,
    /// Components spanning AZs dragged with one of their subnets: they move as the group does.
    riders: Vec<NodeId>,
    /// What a band moved alone says once moved: its tier changed (QA s31 F3).
    note: Option<String>,
}

/// The band part of a drop by (dx, dy): a component spanning AZs moves as one band between
/// rows of subnets — dropped on a subnet (alone: the one `place::band_target_in` picks, as the
/// preview, `placing::target_for_move`), it goes to that row's subnets in the same AZs (the
/// model changes, and the band is drawn there), its edits replacing its own move in `edits`;
/// or it is refused, or stays (`place::band_move_outcome`, the engine's judgement), the toast
/// shown at `at` and `None` returned. Dragged together with one of its subnets it moves with
/// them, as it is.
fn band_moves(app: &AppState, d: &cloudwright_engine::Design, drag: &Drag, (_, dy): (f64, f64), raw: (f64, f64), at: (f64, f64), edits: &mut Vec<Edit>) -> Option<Bands> {
    use cloudwright_engine::diagram::place::{self, BandOutcome};
    let mut bands = Bands { group: Vec::new(), riders: Vec::new(), note: None };
    for id in &drag.roots {
        let Some(r) = d.layout.get(id) else { continue };
        let Some(n) = d.nodes.get(id).filter(|n| !n.span.is_empty()) else {
            bands.group.push(id.clone());
            continue;
        };
        if cloudwright_engine::model::span::placements(n).any(|s| drag.ids.contains(s)) {
            bands.riders.push(id.clone());
            continue;
        }
        // Where the pointer really put its centre (the row is chosen there, and the toast
        // names the container there: QA s35 F7), not the grid step its copy is drawn at.
        let centre = (r.x + raw.0 + r.w / 2.0, r.y + raw.1 + r.h / 2.0);
        let alone = drag.roots.len() == 1;
        // Alone: the preview's subnet (`placing::target_for_move`, `place::band_target_in`).
        let target = if alone { place::band_target_in(d, id, centre, &drag.ids, &drag.strands.0) } else { container_at(d, centre.0, centre.1, &drag.ids) };
        let moved = target
            .as_ref()
            .ok_or_else(|| cloudwright_engine::model::PlacementError(SPAN_NEEDS_SUBNET.into()))
            .and_then(|t| cloudwright_engine::diagram::band::move_to_row(d, id, t, None, r.y + dy));
        match moved {
            Ok(e) => {
                if alone {
                    match place::band_move_outcome(d, id, &e, centre, dy, &drag.ids) {
                        BandOutcome::Stays { why } => {
                            app.toast_with(why, false, Some(at), None);
                            return None;
                        }
                        BandOutcome::Moved { tier_note } => bands.note = tier_note,
                    }
                }
                // Its own move is in the band's edits.
                edits.retain(|x| !matches!(x, Edit::Move { id: m, .. } if m == id));
                edits.extend(e);
            }
            // Dragged with others, where it lands is its own centre, not where the user aimed
            // the group: say so, rather than "drop it on a subnet" when they did (QA s12 #2).
            Err(_) if !alone => {
                app.error_at(band_with_others(&n.label), Some(at));
                return None;
            }
            Err(e) => {
                // "Not moved: …", a sentence, as every move that does not happen.
                app.error_at(format!("Not moved: {}", place::sentence(&e.0)), Some(at));
                return None;
            }
        }
    }
    Some(bands)
}

/// The one edit of a drop by (dx, dy), the grid-snapped offset the copy was drawn at (see
/// [`finish_drag`]); `None` when it is refused (the reason shown at `at`) or moves nothing.
/// `raw`: the pointer's own offset, unsnapped, at which the containers are chosen — for every
/// kind, a band too, by one rule: where the user released, as a palette drop is placed at
/// the pointer (review s35 R1: a grid step could put a centre released 3 px under a subnet
/// a few units inside it). `press`: where the drag began (world). With it, the
/// note to show once it is applied when the drop was released on top of another component
/// and placed at the nearest free spot instead (`place::dropped_on`).
///
/// The dragged nodes move as one group (`place::spot_for_move`): into the container under
/// the centre of the node held (at `raw`; or the top level), keeping their arrangement, at the nearest
/// spot where none covers a component there, the container growing when full. When that is
/// the container the held node stands in and the group has members elsewhere (a selection
/// across subnets nudged), each stays in its own container, moved as dropped.
fn drop_edit(app: &AppState, d: &cloudwright_engine::Design, drag: &Drag, (dx, dy): (f64, f64), raw: (f64, f64), at: (f64, f64), press: (f64, f64)) -> Option<(Edit, Option<String>)> {
    use cloudwright_engine::diagram::place;
    let Edit::Batch { mut edits, label, .. } = Edit::move_by(d, &drag.roots, dx, dy) else { return None };
    let Bands { group, riders, note: band_note } = band_moves(app, d, drag, (dx, dy), raw, at, &mut edits)?;
    let Some(drop) = GroupDrop::of(d, &group, &drag.ids, raw, press, &drag.strands.0) else { return Some((Edit::Batch { label, edits, switch: None }, band_note)) };
    if drop.nudged {
        // A selection across containers, nudged: each stays in its own, where dropped.
        return Some((Edit::Batch { label, edits, switch: None }, None));
    }
    // Every member may go there (and what the moved containers hold may come along), or the
    // whole drop is refused, saying why: the question the preview asked (`refusal`) and the
    // `Reparent` edits will ask again, asked before any edit is made.
    let reparents = drop.reparents(d, &group);
    if let Err(e) = cloudwright_engine::edit::check_reparent(d, &reparents) {
        // "Not moved: …", a sentence, as every move that does not happen (QA s30 F6).
        app.error_at(format!("Not moved: {}", place::sentence(&e.0)), Some(at));
        return None;
    }
    let (into, home) = (drop.into.clone(), d.nodes[&drop.held].parent.clone());
    let placed = match place::spot_for_move(d, &group, (dx, dy), into.as_ref(), &drag.ids, Some(crate::placing::visible_world(app))) {
        Ok(m) => m,
        // Out to the top level with no free spot in view: the drop is refused, not placed out
        // of sight (a drag is aimed at a spot; a paste, not aimed, goes out of the view and the view follows).
        Err(no_room) => {
            let n = drag.roots.len();
            let what = if n == 1 { d.nodes.get(&drag.roots[0]).map_or_else(|| "it".to_string(), |x| format!("\u{201c}{}\u{201d}", x.label)) } else { format!("{n} components") };
            app.error_at(format!("Not moved: {}", no_room.message(&what)), Some(at));
            return None;
        }
    };
    let mut note = None;
    if let Some(m) = placed {
        // What the drop was released on, in the words the toasts use (`place::released_on`).
        let released_boxes = || -> Vec<Rect> { group.iter().filter_map(|id| d.layout.get(id)).map(|r| Rect { x: r.x + dx, y: r.y + dy, ..*r }).collect() };
        let released_on = || {
            let released = released_boxes();
            let dropped: Vec<&str> = group.iter().filter_map(|id| d.nodes.get(id)).map(|n| n.kind.as_str()).collect();
            place::dropped_on(d, into.as_ref(), &released, &drag.ids).map(|on| place::released_on(d, on, &dropped, drop.under.as_ref()))
        };
        // Where they were, in their container: no move to make.
        if m.by == (0.0, 0.0) && m.grow.is_empty() && into == home && group.len() == drag.roots.len() {
            // Dropped elsewhere, yet it came back: say why rather than snap back silently (QA
            // s15), naming what was dropped and on what (QA s29 F4).
            let what = if group.len() == 1 { d.nodes.get(&group[0]).map_or_else(|| "it".to_string(), |n| format!("\u{201c}{}\u{201d}", n.label)) } else { format!("the {} components", group.len()) };
            let why = released_on().unwrap_or_else(|| "released too close to another component".into());
            app.toast_with(format!("Not moved: {what} {} {why}, and the nearest free spot was where {} stood.", if group.len() == 1 { "was" } else { "were" }, if group.len() == 1 { "it" } else { "they" }), false, Some(at), None);
            return None;
        }
        // Placed elsewhere than released because it was released on another (QA s28 F5).
        // Sent into a container inside the one under its centre (QA s30 F1, F6): where it
        // went first, as a palette drop says (`placing::place_new`).
        if group.len() == 1 && into != home {
            let kind = d.nodes.get(&group[0]).map_or("", |n| n.kind.as_str());
            note = place::sent_inside(d, drop.under.as_ref(), into.as_ref(), kind).map(|s| format!("Moved into {s}."));
        }
        if note.is_none() && m.by != (dx, dy) {
            // Taken out of the container it stood in, released across its edge: said so (QA
            // s30 F3: "release it inside to put it in" read backwards for one that was in it).
            let out = place::taken_out(d, &released_boxes(), home.as_ref(), into.as_ref(), group.len());
            if let Some(out) = out {
                note = Some(format!("{out}."));
            } else if let Some(on) = released_on() {
                let what = if drag.roots.len() == 1 { "Moved" } else { "Moved together" };
                note = Some(format!("{what} to the nearest free spot: {on}."));
            }
        }

        let together: Vec<NodeId> = group.iter().chain(&riders).cloned().collect();
        let Edit::Batch { edits: moves, .. } = Edit::move_by(d, &together, m.by.0, m.by.1) else { return None };
        let placed: BTreeSet<&NodeId> = moves.iter().filter_map(|e| if let Edit::Move { id, .. } = e { Some(id) } else { None }).collect();
        edits.retain(|x| !matches!(x, Edit::Move { id, .. } if placed.contains(id)));
        let grow = m.grow.iter().map(|(id, before, after)| Edit::Resize { id: id.clone(), before: *before, after: *after });
        edits = grow.chain(edits).chain(moves.iter().cloned()).collect();
    }
    // Moved into a subnet of the wrong tier for it (a NAT gateway aimed into a private
    // subnet): it stays where aimed, and the toast says the tier and the finding that fires
    // (QA s34 F6, review s35 R7). A group too: each member that changes container is judged
    // as one moved alone (the bar's "+N errors" alone said nothing of which, or why); the
    // first is told, and how many more.
    let wrong: Vec<String> = group
        .iter()
        .filter(|id| d.nodes.get(*id).is_some_and(|n| n.parent != into))
        .filter_map(|id| place::wrong_tier(d, d.nodes.get(id).map_or("", |n| n.kind.as_str()), Some(id), into.as_ref()))
        .collect();
    if let Some(first) = wrong.first() {
        let more = match wrong.len() - 1 {
            0 => String::new(),
            1 => " 1 more moved component is in the wrong tier there too.".to_string(),
            n => format!(" {n} more moved components are in the wrong tier there too."),
        };
        let w = format!("{}{more}", place::sentence(first));
        note = Some(note.map_or_else(|| w.clone(), |n| format!("{n} {w}")));
    }
    for (id, after) in reparents {
        edits.push(Edit::Reparent { id: id.clone(), before: d.nodes[id].parent.clone(), after: after.cloned() });
    }
    Some((Edit::Batch { label, edits, switch: None }, note))
}

/// Draws a connection of the first kind the catalog allows between two nodes, or explains
/// why none is allowed.
fn connect(app: &AppState, from: &NodeId, to: &NodeId, at: (f64, f64)) {
    // Worked out on the design in place (`get_untracked` cloned the whole design per new
    // connection, BENCHMARKS.md s32-edit); the edit, or why not, is applied after the read.
    let e = app.design.with_untracked(|d| {
        let kinds = allowed_connection_kinds(d, from, to);
        let Some(kind) = kinds.first().copied() else {
            let reason = check_connection(d, from, to, ConnKind::Sync).err().map(|e| e.0).unwrap_or_default();
            return Err(format!("Cannot connect: {reason}"));
        };
        if d.connections.values().any(|c| &c.from == from && &c.to == to && c.kind == kind) {
            return Err("These two are already connected".to_string());
        }
        Ok(Edit::connect(d, from, to, kind))
    });
    let e = match e {
        Ok(e) => e,
        Err(why) => {
            app.error_at(why, Some(at));
            return;
        }
    };
    let new_id = match &e {
        Edit::Connect { conn } => conn.id.clone(),
        _ => unreachable!(),
    };
    if app.apply_at(e, Some(at)) {
        app.selection.set(BTreeSet::new());
        app.selected_conn.set(Some(new_id));
    }
}

/// A press on component `id` (heard by the diagram's group, `Canvas`): the primary button
/// selects it (Shift, Ctrl or ⌘ toggle it in the selection) and, while it is selected, starts
/// a press that becomes a drag once the pointer travels; other buttons go on to the canvas
/// (a middle-button pan).
fn press_node(app: &AppState, mode: RwSignal<Mode>, e: &ev::PointerEvent, id: &NodeId) {
    if e.button() != 0 {
        return;
    }
    e.stop_propagation();
    crate::inspector::leave(app);
    let toggle = e.shift_key() || e.ctrl_key() || e.meta_key();
    let already = app.selection.with_untracked(|s| s.contains(id));
    // A plain press on the component the inspector shows asks for its form again: after a
    // failed fetch of the forms' code, that retries (QA s55 G4).
    if already && !toggle && app.selection.with_untracked(|s| s.len() == 1) {
        crate::inspector::retry_forms();
    }
    app.selected_conn.set(None);
    if toggle {
        app.selection.update(|s| {
            if !s.remove(id) {
                s.insert(id.clone());
            }
        });
    } else if !already {
        app.select_only(id.clone());
    }
    // No pointer capture yet: it would retarget the click and double-click (rename) to
    // the svg. The capture starts when the press becomes a drag.
    let svg_rect = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("svg").ok().flatten()).map(|s| s.get_bounding_client_rect());
    let (sx, sy) = svg_rect.map(|r| (e.client_x() as f64 - r.left(), e.client_y() as f64 - r.top())).unwrap_or_default();
    let (wx, wy) = app.view.with_untracked(|v| v.to_world(sx, sy));
    if app.selection.with_untracked(|s| s.contains(id)) {
        mode.set(Mode::Press { wx, wy, sx, sy });
    }
}

#[component]
/// One node. In the main layer a dragged node stays put and turns into a ghost; its moving
/// copy is drawn in the drag layer (`overlay`), which the compositor moves without repainting
/// the diagram: software rasterisation of the whole SVG per frame is what made drags slow.
fn NodeView(id: NodeId, resize_preview: RwSignal<Option<(NodeId, Rect)>>, #[prop(optional)] overlay: bool) -> impl IntoView {
    let app = use_app();
    // This node's own cells (`canvas_cells`): changed only by an edit of this node.
    let cell = crate::canvas_cells::use_cells().node(app.design, &id);
    let rect = RwSignal::from(cell.rect);
    let look = RwSignal::from(cell.look);
    let selected = RwSignal::from(crate::canvas_cells::use_cells().selected_nodes.get(&id));
    // Whether it is being dragged (a ghost here while its copy moves): told only when it is.
    let dragged = RwSignal::from(crate::canvas_cells::use_cells().dragged_nodes.get(&id));
    // Position and size are apart: a drag changes only the `transform` of the dragged
    // nodes' outer <g>; the body is rebuilt only when the size, label or selection changes.
    let id_rp = id.clone();
    let size = Memo::new(move |_| {
        if let Some((rid, r)) = resize_preview.get() {
            if rid == id_rp {
                return Some((r.w, r.h));
            }
        }
        rect.get().map(|r| (r.w, r.h))
    });

    let severity = RwSignal::from(crate::canvas_cells::use_cells().severity.get(&id));
    // Whether its label is being edited here (a double-click, heard by the diagram: `Canvas`);
    // the moving copy of a drag never is.
    let renaming = crate::canvas_cells::use_cells().renaming;
    let editing = if overlay { RwSignal::new(false) } else { RwSignal::from(renaming.get(&id)) };
    let id_label = id.clone();
    let id_stop = id.clone();
    let stop_editing = move || if overlay { editing.set(false) } else { renaming.turn(&id_stop, false) };
    let stop_on_escape = stop_editing.clone();
    let commit_label = move |text: String| {
        stop_editing();
        // An emptied label keeps the old one: a container without a label has nothing left to
        // double-click (the inspector can still clear it on purpose). Read in place, not copied.
        let edit = app.design.with_untracked(|d| (!text.trim().is_empty() && d.nodes.get(&id_label).is_some_and(|n| n.label != text)).then(|| Edit::set_label(d, &id_label, &text)));
        if let Some(edit) = edit {
            app.apply(edit);
        }
    };
    let id_attr = id.clone();

    move || {
        let crate::canvas_cells::Look { kind, label, container, tier, peers } = look.get()?;
        let base_class = format!(
            "node {} kind-{kind}{}",
            if container { "container" } else { "leaf" },
            match tier.as_str() {
                "" => String::new(),
                "spanning" => " spanning".to_string(),
                t => format!(" tier-{t}"),
            },
        );
        // Its class (selected, a ghost, a drop target) and its position, written by one effect
        // (`use:` below runs it once the `<g>` is made) instead of a reactive attribute each:
        // a paste of 300 components makes ~300 of these views in one task, and each reactive
        // binding is an effect of its own (an owner, a channel, a task), s44-paste. Only what
        // changed is written, as the attributes did.
        let id_dc = id_attr.clone();
        let kind_dc = kind.clone();
        let class_and_position = move |el: web_sys::Element| {
            let (base_class, id_dc) = (base_class.clone(), id_dc.clone());
            // Its id and kind, the attributes' names (and the kind, one of a few dozen) kept in
            // JS (`attr::set`): not decoded again for every view a paste's pan makes.
            attr::set(&el, &attr::DATA_NODE, id_dc.as_str());
            attr::set_recurring(&el, &attr::DATA_KIND, &kind_dc);
            let written = RenderEffect::new(move |last: Option<(String, String)>| {
                // A container a drag would land in is highlighted (`placing`).
                let target = if container && !overlay { crate::placing::drop_class(&id_dc) } else { "" };
                let class = format!("{base_class}{}{}{target}", if selected.get() { " selected" } else { "" }, if !overlay && dragged.get() { " ghost" } else { "" });
                let base = rect.get().unwrap_or(Rect::new(0.0, 0.0, 0.0, 0.0));
                let position = format!("translate({} {})", base.x, base.y);
                let (last_class, last_position) = last.unwrap_or_default();
                if class != last_class {
                    attr::set_recurring(&el, &attr::CLASS, &class);
                }
                if position != last_position {
                    attr::set(&el, &attr::TRANSFORM, &position);
                }
                (class, position)
            });
            // Kept as long as the view's `<g>` (this run of the view's closure).
            on_cleanup(move || drop(written));
        };
        let icon = format!("icons/{kind}.svg");
        let commit_label = commit_label.clone();
        let stop_on_escape = stop_on_escape.clone();
        let inner = move || {
        let (w, h) = size.get()?;
        let r = Rect::new(0.0, 0.0, w, h);
        let commit = commit_label.clone();
        let commit2 = commit_label.clone();
        let escape = stop_on_escape.clone();
        let editing = editing.get();
        // Its shapes and (when not being renamed) its label, as one piece of markup: a paste of
        // 300 components made ~300 of these at once, each five to eight elements with ~20
        // attributes set one call at a time from wasm (s44-paste). The same elements and
        // attributes (`node_body`).
        let body = node_body(&label, &icon, container, &peers, w, h, !editing);
        let editor = editing.then(|| {
            let (lx, ly, lw) = if container { (r.x + 30.0, r.y + 4.0, (r.w - 40.0).max(80.0)) } else { (r.x - 14.0, r.y + r.h - 22.0, r.w + 28.0) };
            let label = label.clone();
            let kept = label.clone();
            // Focused when it opens, every time: `autofocus` is honoured once per page, so
            // from the second rename on the field opened without the focus and what was typed
            // went to the canvas's shortcuts (Ctrl+A, Backspace: every component deleted; QA
            // s29 F1). At the next frame: the field is in the document by then.
            let field = NodeRef::<leptos::html::Input>::new();
            field.on_load(|el| {
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            });
            view! {
                <foreignObject x=lx y=ly width=lw height="24">
                    <input class="label-editor" node_ref=field prop:value=label autofocus=true
                        on:keydown=move |e: ev::KeyboardEvent| {
                            e.stop_propagation();
                            if e.key() == "Enter" {
                                let v = event_target_value(&e);
                                commit(v);
                            } else if e.key() == "Escape" {
                                // Cancelled: the field gets its label back before it goes —
                                // removing a focused field fires its blur, which commits what
                                // it holds (it kept the typed text, found by s44-paste).
                                if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    input.set_value(&kept);
                                }
                                escape();
                            }
                        }
                        on:blur=move |e| commit2(event_target_value(&e))
                        on:pointerdown=|e: ev::PointerEvent| e.stop_propagation()
                    />
                </foreignObject>
            }
        });
        Some(view! {
                <g inner_html=body></g>
                {editor}
        })
        };
        // The badge is apart from the body, so an answer changing it doesn't rebuild the body;
        // the selection's outline and handles are not drawn here at all (`SelectionLayer`).
        let id_badge = id_attr.clone();
        let badge = move || {
        let (w, h) = size.get()?;
        let r = Rect::new(0.0, 0.0, w, h);
        severity.get().filter(|s| *s != cloudwright_engine::rules::Severity::Advice).map(|s| {
            let (bx, by) = if container { (r.x + r.w - 10.0, r.y + 10.0) } else { (r.x + r.w / 2.0 + 22.0, r.y + 8.0) };
            let id_enter = id_badge.clone();
            let (id_click, id_key) = (id_badge.clone(), id_badge.clone());
            // A click (or Enter, focused by Tab) opens the Findings tab at the component's most
            // severe finding (findings_link::badge_activate); the press still selects the node.
            view! {
                <g class=format!("node-badge hoverable {}", s.name()) role="button" tabindex="0"
                    aria-label=format!("{}: show in the findings list", s.name())
                    on:pointerenter=move |e: ev::PointerEvent| crate::findings_link::badge_enter(id_enter.clone(), &e)
                    on:pointerleave=|_| crate::findings_link::badge_leave()
                    on:click=move |e: ev::MouseEvent| { e.stop_propagation(); crate::findings_link::badge_activate(&app, &id_click); }
                    on:keydown=move |e: ev::KeyboardEvent| if e.key() == "Enter" || e.key() == " " {
                        e.prevent_default();
                        e.stop_propagation();
                        crate::findings_link::badge_activate(&app, &id_key);
                    }
                >
                    <circle cx=bx cy=by r="7"></circle>
                    <text x=bx y=by + 4.0 text-anchor="middle" fill="#fff" font-size="11" font-weight="700">"!"</text>
                </g>
            }
        })
        };
        Some(view! {
            // Its press and double-click are heard by the diagram (`Canvas`: `press_node`).
            <g use:class_and_position>
                {inner}
                {badge}
            </g>
        })
    }
}

/// A component's drawing but its badge and label editor, as SVG markup for its view's body
/// (`NodeView`: the label is left out while it is renamed): the engine's
/// `diagram::svg::write_node` for the canvas, the one writer the SVG export uses too, so the
/// two cannot drift apart. `peers`: a container's peers' labels (its label is cut so that it
/// still tells them apart); `w` × `h`: its size.
fn node_body(label: &str, icon: &str, container: bool, peers: &[String], w: f64, h: f64, label_shown: bool) -> String {
    use cloudwright_engine::diagram::svg::{write_node, NodeDrawing, NodeTarget};
    let peers: Vec<&str> = peers.iter().map(String::as_str).collect();
    let mut out = String::with_capacity(320 + 2 * label.len());
    write_node(&mut out, &NodeDrawing { label, icon: Some(icon), container, peers: &peers, w, h, label_shown }, &NodeTarget::Canvas);
    out
}

#[component]
/// The selection's outline and handles, drawn over the diagram in a layer of their own
/// (`.selection-layer`, composited apart like the drag layer): selecting a component changes
/// nothing in the diagram's layer (its `selected` class changes no style there), so the press
/// re-rasterises none of the diagram's tiles. A hub's hundreds of dashed connectors all meet
/// around it: outlined in the diagram, the press re-drew them all (~164 ms of raster at the
/// 613-connector hub of a 1,000-node estate, s26-hub). Only the selected components that are
/// drawn are outlined; a dragged one is outlined by its moving copy (`.drag-layer`).
fn SelectionLayer(mode: RwSignal<Mode>, resize_preview: RwSignal<Option<(NodeId, Rect)>>, visible: Memo<(Vec<NodeId>, Vec<NodeId>)>) -> impl IntoView {
    let app = use_app();
    let shown = Memo::new(move |_| {
        app.selection.with(|sel| {
            if sel.is_empty() {
                return Vec::new();
            }
            visible.with(|(c, l)| c.iter().chain(l.iter()).filter(|id| sel.contains(*id)).cloned().collect::<Vec<_>>())
        })
    });
    let transform = move || app.view.with(|v| format!("translate({} {}) scale({})", v.tx, v.ty, v.zoom));
    // A press on a mark's handle, heard here for every mark (not by listeners of each: a
    // paste selects its hundreds of copies, and each mark's were made with it, s44-paste):
    // the connect handle starts a connector from the component, the resize handle a resize.
    let on_handle_down = move |e: ev::PointerEvent| {
        let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let connect = t.closest(".connect-handle").ok().flatten().is_some();
        if !connect && t.closest(".resize-handle").ok().flatten().is_none() {
            return;
        }
        let Some(id) = t.closest("[data-sel]").ok().flatten().and_then(|m| m.get_attribute("data-sel")).map(NodeId::new) else { return };
        e.stop_propagation();
        let (sx, sy) = capture_on_canvas(&e);
        let Some(r) = app.design.with_untracked(|d| d.layout.get(&id).copied()) else { return };
        if connect {
            mode.set(Mode::Connect { from: id, x: r.x + r.w, y: r.y + r.h / 2.0 });
        } else {
            let (wx, wy) = app.view.with_untracked(|v| v.to_world(sx, sy));
            mode.set(Mode::Resize { id, start: r, wx, wy });
        }
    };
    view! {
        <svg class="selection-layer" xmlns="http://www.w3.org/2000/svg">
            <g transform=transform on:pointerdown=on_handle_down>
                <For each=move || shown.get() key=|id| id.clone() let:id>
                    <SelectionMark id=id resize_preview=resize_preview/>
                </For>
            </g>
        </svg>
    }
}

/// The pointer's position on the diagram's `<svg>` (the selection layer has the same box),
/// capturing the pointer there: the gesture a handle starts is followed by the canvas's
/// own handlers.
fn capture_on_canvas(e: &ev::PointerEvent) -> (f64, f64) {
    let svg = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest(".canvas").ok().flatten()).and_then(|c| c.query_selector(".canvas-svg").ok().flatten());
    match svg {
        Some(svg) => {
            let _ = svg.set_pointer_capture(e.pointer_id());
            let b = svg.get_bounding_client_rect();
            (e.client_x() as f64 - b.left(), e.client_y() as f64 - b.top())
        }
        None => (e.offset_x() as f64, e.offset_y() as f64),
    }
}

#[component]
/// One selected component's outline (as its box: a leaf's rounded, a container's frame) and its
/// handles: connect (every component), resize (a container).
fn SelectionMark(id: NodeId, resize_preview: RwSignal<Option<(NodeId, Rect)>>) -> impl IntoView {
    let app = use_app();
    let cells = crate::canvas_cells::use_cells();
    let cell = cells.node(app.design, &id);
    let rect = RwSignal::from(cell.rect);
    let look = RwSignal::from(cell.look);
    let dragged = RwSignal::from(cells.dragged_nodes.get(&id));
    let id_rp = id.clone();
    let r = Memo::new(move |_| {
        let base = rect.get()?;
        Some(match resize_preview.get() {
            Some((rid, p)) if rid == id_rp => p,
            _ => base,
        })
    });
    let id_attr = id.to_string();
    move || {
        let crate::canvas_cells::Look { kind, label, container, tier, .. } = look.get()?;
        let r = r.get()?;
        let class = format!("sel-outline {} kind-{kind}{}", if container { "container" } else { "leaf" }, if tier == "spanning" { " spanning" } else { "" });
        // The outline holds the label too where it is wider than the box or wraps below it.
        let o = cloudwright_engine::diagram::geometry::selection_box(container, &label, &Rect::new(0.0, 0.0, r.w, r.h));
        Some(view! {
            <g class="sel-mark" data-sel=id_attr.clone() transform=format!("translate({} {})", r.x, r.y) style:display=move || if dragged.get() { "none" } else { "" }>
                <rect class=class x=o.x y=o.y width=o.w height=o.h rx=if container { "2" } else { "6" }></rect>
                // Its handles' presses are heard by the layer (`SelectionLayer`).
                <circle class="connect-handle" cx=o.x + o.w cy=r.h / 2.0 r="6">
                    <title>"Drag to another component to connect"</title>
                </circle>
                {container.then(|| view! { <rect class="resize-handle" x=r.w - 6.0 y=r.h - 6.0 width="12" height="12"></rect> })}
            </g>
        })
    }
}

/// The canvas's drawing input (`route::drawing_input`), a new value only when the drawing
/// changes: for views that draw the design but none of its properties (the minimap).
#[derive(Clone, Copy)]
pub struct Drawing(pub Memo<std::sync::Arc<cloudwright_engine::Design>>);

/// SVG path data of each connection's route, by id.
type Paths = crate::canvas_cells::Paths;

/// The routed path data of every connection (`diagram::route_all`), by id.
#[derive(Clone, Copy)]
struct Routes(Memo<std::sync::Arc<Paths>>);

/// The canvas's connector routes, for layers drawn over it (`review`).
pub fn use_routes() -> Memo<std::sync::Arc<Paths>> {
    expect_context::<Routes>().0
}

/// Above this many connectors routed again, `Routing::update` makes the paths' map in one
/// pass over the routes rather than inserting each into a copy of the old one (a drop's few
/// are inserted: a pass copies every path).
const MERGE_FROM: usize = 64;

/// What the routes were last computed for, kept between changes for `route::reroute`; and
/// which connectors' paths changed since [`EdgeViews::sync`] last looked.
#[derive(Clone, Copy)]
struct Routing {
    ///
    /// With the routes, the boxes their connectors end at (`route::Boxes`): a hub's drop then
    /// measures no label of the 613 nodes at its connectors' far ends again (s56-drop).
    last: StoredValue<Option<(std::sync::Arc<cloudwright_engine::Design>, std::collections::BTreeMap<ConnId, cloudwright_engine::diagram::Route>, cloudwright_engine::diagram::route::Boxes)>>,
    /// The connectors routed again since the last `take_changed` (None: any may have been —
    /// the first routing, or all routed again).
    changed: StoredValue<Option<Vec<ConnId>>>,
}

fn routing_state() -> Routing {
    Routing { last: StoredValue::new(None), changed: StoredValue::new(None) }
}

impl Routing {
    /// The connectors whose paths may have changed since the last call (None: any); the
    /// memo may have run more than once meanwhile, so their lists are kept together.
    fn take_changed(&self) -> Option<Vec<ConnId>> {
        self.changed.try_update_value(|c| c.replace(Vec::new())).flatten()
    }

    /// The path data for the drawing input `d`, from the previous paths (`prev`, the memo's
    /// own) where the engine kept a route: only the connectors it routed again are written
    /// again, into `prev` itself; and whether any path changed (the memo's `changed`).
    ///
    /// A hub's drop re-routes 613 of 2,790 connectors: written into a copy made in one pass
    /// (each kept path's string copied, the map sorted and built, the old one's 2,790 strings
    /// freed, then the two maps compared by the memo) that was ~4–6 ms of the drop's task in a
    /// CPU profile with names (s55-drop); written in place it is 613 searches and strings.
    fn update(&self, d: &std::sync::Arc<cloudwright_engine::Design>, prev: Option<std::sync::Arc<Paths>>) -> (std::sync::Arc<Paths>, bool) {
        use cloudwright_engine::diagram::route::{reroute_boxed, route_all_boxed, Rerouted};
        let all = |routes: &std::collections::BTreeMap<ConnId, cloudwright_engine::diagram::Route>| std::sync::Arc::new(routes.iter().map(|(id, r)| (id.clone(), r.path())).collect::<Paths>());
        let (paths, changed, kept) = match (self.last.try_update_value(Option::take).flatten(), prev) {
            (Some((before, mut routes, mut boxes)), Some(mut prev)) => {
                let (paths, changed) = match reroute_boxed(&before, &mut routes, &mut boxes, d) {
                    Rerouted::All => {
                        self.changed.set_value(None);
                        let paths = all(&routes);
                        let changed = paths != prev;
                        (paths, changed)
                    }
                    Rerouted::Only(ids) if ids.is_empty() => (prev, false),
                    // Many new connectors (a paste of many: 2,790 new connectors on a 1,000-node
                    // estate): the map made in one pass, in id order, from the routes (whose
                    // ids are the paths' ids) — each kept path copied, each new one written.
                    // Inserted one at a time, each insert searched the tree and most split a
                    // node (the copies' ids sort among the originals'): ~8% of a paste's apply
                    // task in a CPU profile (s46-paste). A drop's re-routed connectors are all
                    // in the map already: each is a search and a new string (below).
                    Rerouted::Only(ids) if ids.len() > MERGE_FROM && ids.iter().filter(|id| !prev.contains_key(*id)).nth(MERGE_FROM).is_some() => {
                        self.note_changed(&ids);
                        let again: std::collections::HashSet<&ConnId> = ids.iter().collect();
                        let paths = std::sync::Arc::new(
                            routes
                                .iter()
                                .map(|(id, r)| {
                                    let kept = if again.contains(id) { None } else { prev.get(id) };
                                    (id.clone(), kept.cloned().unwrap_or_else(|| r.path()))
                                })
                                .collect::<Paths>(),
                        );
                        (paths, true)
                    }
                    Rerouted::Only(ids) => {
                        self.note_changed(&ids);
                        // Copies only when someone else still holds these paths (the review's
                        // overlay reads them and lets go).
                        let paths = std::sync::Arc::make_mut(&mut prev);
                        let mut changed = false;
                        for id in ids {
                            match routes.get(&id) {
                                Some(r) => {
                                    let new = r.path();
                                    match paths.get_mut(&id) {
                                        Some(old) if *old == new => {}
                                        Some(old) => {
                                            *old = new;
                                            changed = true;
                                        }
                                        None => {
                                            paths.insert(id, new);
                                            changed = true;
                                        }
                                    }
                                }
                                None => changed |= paths.remove(&id).is_some(),
                            }
                        }
                        (prev, changed)
                    }
                };
                // The drawing input the routes were for is no longer held by the drawing memo:
                // this is its last handle, and freeing it (every node's and connection's
                // strings, ~14,000 blocks on a 1,000-node estate) was 12.7 ms of the hub's drop
                // task in a CPU profile (s43-drop) — more than re-routing its 613 connectors.
                // It is freed once the page is idle, after the drop has been drawn.
                drop_when_idle(before);
                (paths, changed, (d.clone(), routes, boxes))
            }
            (_, prev) => {
                self.changed.set_value(None);
                let (routes, boxes) = route_all_boxed(d);
                let paths = all(&routes);
                let changed = prev.is_none_or(|p| p != paths);
                (paths, changed, (d.clone(), routes, boxes))
            }
        };
        self.last.set_value(Some(kept));
        (paths, changed)
    }

    /// Adds `ids` to the connectors `EdgeViews::sync` will look at (unless it looks at all).
    fn note_changed(&self, ids: &[ConnId]) {
        self.changed.update_value(|c| {
            if let Some(c) = c {
                c.extend(ids.iter().cloned());
            }
        });
    }
}

/// Drops `v` when the page is next idle ([`crate::idle::when_idle`], at most 500 ms later),
/// not in the task that let go of it: what a drop leaves behind is freed after the drop's
/// frame, not before it. Measured as the User Timing measure `canvas-free` (e2e s43-drop).
fn drop_when_idle<T: 'static>(v: T) {
    crate::idle::when_idle(500, move || {
        crate::analysis_worker::mark("canvas-free");
        drop(v);
        crate::analysis_worker::measure("canvas-free", "canvas-free");
    });
}

/// The drawn connectors' views, by connection, each with the route it draws and how to draw a
/// new one: when the routes change, one pass (`sync`) gives each view whose route changed its
/// new path and draws it. A hub's drop re-routes its 613 connectors; as a cell and an effect
/// per view, each was a scheduled effect run with its sources' bookkeeping (checked, dropped
/// and taken again) — the reactive graph's `update_if_necessary` was ~6 ms of the drop's
/// 27 ms of effects in a CPU profile (s52-lead). The same writes by each view, in one effect
/// (the views' order does not matter: `dups` settles what is drawn from what is there).
#[derive(Clone, Copy)]
struct EdgeViews(StoredValue<std::collections::HashMap<ConnId, EdgeHandle>, LocalStorage>);

/// A connector view as [`EdgeViews`] holds it.
#[derive(Clone)]
struct EdgeHandle {
    /// Which view (a connection's view made again after it left has another).
    uid: u64,
    /// The routed path it draws (None: no route yet).
    path: std::rc::Rc<std::cell::RefCell<Option<String>>>,
    /// Draws it as it is now (untracked).
    redraw: std::rc::Rc<dyn Fn()>,
}

impl EdgeViews {
    /// Gives each view whose route differs in `paths` its new one, and draws it (the views
    /// read first, drawn after: a drawing may not touch this map while it is borrowed).
    /// `only`: the connectors whose routes may have changed ([`Routing::take_changed`]; None:
    /// any) — a hub's drop looks at its 613, not at every view's path (2,790 searches and
    /// string comparisons, ~1–3 ms of the drop's task in a CPU profile, s55-drop).
    fn sync(self, paths: &Paths, only: Option<Vec<ConnId>>) {
        let differs = |id: &ConnId, h: &EdgeHandle| {
            let new = paths.get(id);
            (h.path.borrow().as_ref() != new).then(|| (h.clone(), new.cloned()))
        };
        let changed: Vec<(EdgeHandle, Option<String>)> = self.0.with_value(|m| match &only {
            Some(ids) => ids.iter().filter_map(|id| m.get(id).and_then(|h| differs(id, h))).collect(),
            None => m.iter().filter_map(|(id, h)| differs(id, h)).collect(),
        });
        if changed.is_empty() {
            return;
        }
        // Timed (User Timing `canvas-routes`, e2e s53-drop): the one pass of a drop.
        crate::analysis_worker::mark("canvas-routes");
        for (h, new) in changed {
            *h.path.borrow_mut() = new;
            untrack(|| (h.redraw)());
        }
        crate::analysis_worker::measure("canvas-routes", "canvas-routes");
    }

    fn enter(self, id: &ConnId, h: EdgeHandle) {
        self.0.update_value(|m| {
            m.insert(id.clone(), h);
        });
    }

    /// Takes view `uid` of connection `id` out (not a newer view of the same connection).
    fn leave(self, id: &ConnId, uid: u64) {
        self.0.try_update_value(|m| {
            if m.get(id).is_some_and(|h| h.uid == uid) {
                m.remove(id);
            }
        });
    }
}

#[component]
/// One connection. While one of its ends is dragged it is a ghost here, and its moving copy is
/// drawn in the edge layer (`canvas_follow`).
///
/// Drawn by one effect (`Drawn`), which reads the connection's cells (`canvas_cells`: its
/// kind, whether it is selected or a ghost; its ends' rectangles only until the routes are
/// made) and writes to the DOM only what differs from what it last wrote; its routed path is
/// given to it, and drawn, by the canvas's one pass over the views (`EdgeViews`) when its
/// route changes. A hub's drop re-draws its 613 connectors, and each was three memos and
/// three or four reactive attributes or effects — the drop's script was mostly their
/// bookkeeping (s26-hub); a drag's start turns them into ghosts, one class each, not a
/// re-render.
fn EdgeView(id: ConnId) -> impl IntoView {
    let app = use_app();
    let cells = crate::canvas_cells::use_cells();
    // Changed only by an edit of the connection (its ends or kind).
    let conn = RwSignal::from(cells.conn(app.design, &id));
    let selected = RwSignal::from(cells.selected_conns.get(&id));
    // Told only when a drag of one of its ends starts or ends.
    let ghost = RwSignal::from(cells.dragged_conns.get(&id));
    // Its routed path, as the routes are now; then given by `EdgeViews::sync` when it changes.
    let path = std::rc::Rc::new(std::cell::RefCell::new(use_routes().with_untracked(|m| m.get(&id).cloned())));
    let group = NodeRef::<leptos::svg::G>::new();
    let drawn = StoredValue::new_local(Drawn::new(id.clone()));
    let views = expect_context::<EdgeViews>();
    let uid = dups::uid();
    // Its pieces leave the shared table of dashed pieces (`dups`) with it: another connector's
    // copy of one of them is drawn from then on.
    let gone = id.clone();
    on_cleanup(move || {
        views.leave(&gone, uid);
        drawn.try_update_value(|w| w.pieces.forget());
    });
    let draw = {
        let path = path.clone();
        move || {
            let Some(g) = group.get() else { return };
            let (selected, ghost) = (selected.get(), ghost.get());
            let kind = conn.with(|c| c.as_ref().map(|c| c.2));
            drawn.update_value(|w| {
                match (kind, &*path.borrow()) {
                    (Some(kind), Some(d)) => w.write(&g, Some((kind, d.as_str())), selected, ghost),
                    // No route yet (the routes are made after the first drawing): the path between
                    // the facing sides of its ends' rectangles, read (and followed) only until then.
                    (Some(kind), None) => {
                        let ends = conn.with(|c| c.as_ref().map(|c| (c.0.clone(), c.1.clone())));
                        let rects = ends.and_then(|(from, to)| Some((cells.node(app.design, &from).rect.get()?, cells.node(app.design, &to).rect.get()?)));
                        let d = rects.map(|(a, b)| crate::geometry::edge_path(&a, &b));
                        w.write(&g, d.as_deref().map(|d| (kind, d)), selected, ghost)
                    }
                    (None, _) => w.write(&g, None, selected, ghost),
                }
            });
        }
    };
    let draw = std::rc::Rc::new(draw);
    views.enter(&id, EdgeHandle { uid, path, redraw: draw.clone() });
    Effect::new(move |_| draw());
    let data_conn = id.to_string();
    // Its name written with the name kept in JS (`attr::set`).
    let named = move |el: web_sys::Element| attr::set(&el, &attr::DATA_CONN, &data_conn);
    view! {
        // A press on it selects it: heard by the diagram's `<g class="world">` for every
        // connector (`on_edge_down`), not by a listener of each.
        <g use:named node_ref=group></g>
    }
}

/// Attribute writes of the connector views, with the attribute's name (and a value that
/// recurs: a class, a marker) handed to JS once and kept, not passed as a new string per call.
/// At a hub's drop the 613 connector views write ~4,300 attributes; web-sys's
/// `set_attribute(&str, &str)` copies and decodes both strings on every call (TextDecoder), and
/// that decoding was about a third of the writes' time (CPU profile of the drop, s23-hub). The
/// same `setAttribute` calls with the same names and values, in the same order.
mod attr {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        /// An element (`web_sys::Element`, seen through these two bindings).
        type El;
        #[wasm_bindgen(method, js_name = setAttribute)]
        fn set_attribute_js(this: &El, name: &JsValue, value: &JsValue);
    }

    /// A string kept in JS for the page's life, made on first use (one per call site's text).
    pub struct Kept(std::cell::OnceCell<JsValue>, &'static str);

    impl Kept {
        pub const fn new(text: &'static str) -> Self {
            Kept(std::cell::OnceCell::new(), text)
        }
        fn get(&self) -> &JsValue {
            self.0.get_or_init(|| JsValue::from_str(self.1))
        }
    }

    #[wasm_bindgen]
    extern "C" {
        /// A document (`web_sys::Document`), seen through this binding.
        type Doc;
        #[wasm_bindgen(method, js_name = createElementNS)]
        fn create_element_ns_js(this: &Doc, ns: &JsValue, tag: &JsValue) -> web_sys::Element;
    }

    thread_local! {
        pub static CLASS: Kept = const { Kept::new("class") };
        pub static MARKER_END: Kept = const { Kept::new("marker-end") };
        pub static TRANSFORM: Kept = const { Kept::new("transform") };
        pub static DATA_NODE: Kept = const { Kept::new("data-node") };
        pub static DATA_KIND: Kept = const { Kept::new("data-kind") };
        pub static DATA_CONN: Kept = const { Kept::new("data-conn") };
        static SVG_NS: Kept = const { Kept::new("http://www.w3.org/2000/svg") };
        pub static POLYLINE: Kept = const { Kept::new("polyline") };
        pub static G: Kept = const { Kept::new("g") };
        /// Texts that recur among views (a node's kind), by text.
        static TEXTS: std::cell::RefCell<std::collections::HashMap<String, JsValue>> = std::cell::RefCell::new(std::collections::HashMap::new());
        /// The connector classes written (`edge edge-KIND[ selected][ ghost]`), by text.
        static CLASSES: std::cell::RefCell<std::collections::HashMap<String, JsValue>> = std::cell::RefCell::new(std::collections::HashMap::new());
        static MARKERS: std::cell::RefCell<std::collections::HashMap<&'static str, JsValue>> = std::cell::RefCell::new(std::collections::HashMap::new());
    }

    /// `el.setAttribute("class", class)`, the class's text kept in JS (a connector's class is
    /// one of a few dozen).
    pub fn set_class(el: &web_sys::Element, class: String) {
        CLASSES.with_borrow_mut(|m| {
            let v = m.entry(class).or_insert_with_key(|k| JsValue::from_str(k));
            CLASS.with(|n| el.unchecked_ref::<El>().set_attribute_js(n.get(), v));
        });
    }

    /// `el.setAttribute("class", class)`, a class kept in JS.
    pub fn set_class_kept(el: &web_sys::Element, class: &Kept) {
        CLASS.with(|n| el.unchecked_ref::<El>().set_attribute_js(n.get(), class.get()));
    }

    /// `el.setAttribute(name, value)`, the name kept in JS: a paste's follow pan makes hundreds
    /// of node and connector views in one task, and web-sys's `set_attribute(&str, &str)`
    /// decodes both strings on every call (TextDecoder: a third of the views' making in the
    /// CPU profile of a paste of 1,000, s52-pan).
    pub fn set(el: &web_sys::Element, name: &'static std::thread::LocalKey<Kept>, value: &str) {
        let v = JsValue::from_str(value);
        name.with(|n| el.unchecked_ref::<El>().set_attribute_js(n.get(), &v));
    }

    /// [`set`] with a value that recurs (a node's kind, a node's class), kept in JS by text.
    pub fn set_recurring(el: &web_sys::Element, name: &'static std::thread::LocalKey<Kept>, value: &str) {
        TEXTS.with_borrow_mut(|m| {
            if !m.contains_key(value) {
                m.insert(value.to_string(), JsValue::from_str(value));
            }
            name.with(|n| el.unchecked_ref::<El>().set_attribute_js(n.get(), &m[value]));
        });
    }

    /// `doc.createElementNS(SVG, tag)`, both names kept in JS.
    pub fn svg_element(doc: &web_sys::Document, tag: &'static std::thread::LocalKey<Kept>) -> web_sys::Element {
        SVG_NS.with(|ns| tag.with(|t| doc.unchecked_ref::<Doc>().create_element_ns_js(ns.get(), t.get())))
    }

    /// `el.setAttribute("marker-end", marker)`.
    pub fn set_marker(el: &web_sys::Element, marker: &'static str) {
        MARKERS.with_borrow_mut(|m| {
            let v = m.entry(marker).or_insert_with(|| JsValue::from_str(marker));
            MARKER_END.with(|n| el.unchecked_ref::<El>().set_attribute_js(n.get(), v));
        });
    }

    #[wasm_bindgen(inline_js = "
export function cw_write_each(els, text, ops) {
  const parts = text.split('|');
  let k = 0, j = 0;
  for (const el of els) {
    if (ops[j++]) el.setAttribute('points', parts[k++]);
    const o = ops[j++];
    if (o === o) el.setAttribute('stroke-dashoffset', o);
  }
}
export function cw_write_lines(hit, line, pg, text, ops) {
  const parts = text.split('|');
  let k = 0, j = 0;
  if (hit && ops[j++]) hit.setAttribute('points', parts[k++]);
  if (line && ops[j++]) line.setAttribute('points', parts[k++]);
  if (pg) {
    for (let el = pg.firstElementChild; el && j < ops.length; el = el.nextElementSibling) {
      if (ops[j++]) el.setAttribute('points', parts[k++]);
      const o = ops[j++];
      if (o === o) el.setAttribute('stroke-dashoffset', o); // a number: JS's text, as before
    }
  }
}")]
    extern "C" {
        fn cw_write_lines(hit: Option<&web_sys::Element>, line: Option<&web_sys::Element>, pg: Option<&web_sys::Element>, text: &str, ops: &[f64]);
        fn cw_write_each(els: Vec<web_sys::Element>, text: &str, ops: &[f64]);
    }

    /// One connector's `points` and dash offsets, written by one call into JS (`flush`): at a
    /// hub's drop ~2,400 lines get new points, and each string handed to JS on its own is
    /// decoded on its own (a TextDecoder call per line, ~a third of the writes' time in the
    /// CPU profile of s38-hub); here one string per connector, split in JS. The same
    /// `setAttribute` calls with the same values on each element, in the same order per
    /// element (its points, then its dash offset).
    #[derive(Default)]
    pub struct Lines {
        /// The changed lines' points, each followed by `|` (`|` is no part of `x,y x,y`).
        text: String,
        /// Per line in order (the hit line, the solid line, each piece): 1.0 if its points
        /// are written; for a piece also its dash offset, NaN if not written.
        ops: Vec<f64>,
    }

    impl Lines {
        /// The next line's points, if they are to be written (a polyline's `points` for path
        /// data as routes write it, `Mx,y Lx,y …`: the same text without its commands, `x,y
        /// x,y …`, so the same numbers are drawn).
        pub fn points(&mut self, d: Option<&str>) {
            match d {
                Some(d) => {
                    // The text between the commands copied a run at a time, into room made
                    // once: a char at a time (with the string growing as it went) was a third
                    // of the connectors' writes when a paste drew ~800 (s44-paste).
                    self.text.reserve(d.len() + 1);
                    d.split(['M', 'L']).for_each(|run| self.text.push_str(run));
                    self.text.push('|');
                    self.ops.push(1.0);
                }
                None => self.ops.push(0.0),
            }
        }
        /// The dash offset of the piece whose points were given last (None: not written).
        pub fn offset(&mut self, along: Option<f64>) {
            self.ops.push(along.unwrap_or(f64::NAN));
        }
        /// Writes them: the hit line, the solid line (a solid connector) and the pieces of
        /// `pg` (a dashed one) in the order given.
        pub fn flush(&mut self, hit: Option<&web_sys::Element>, line: Option<&web_sys::Element>, pg: Option<&web_sys::Element>) {
            if self.ops.iter().any(|&o| o != 0.0) {
                cw_write_lines(hit, line, pg, &self.text, &self.ops);
            }
            self.text.clear();
            self.ops.clear();
        }
        /// Writes them to `els`, one element per line given (its points, then its offset).
        pub fn flush_each(&mut self, els: &[web_sys::Element]) {
            if self.ops.iter().any(|&o| o != 0.0) {
                cw_write_each(els.to_vec(), &self.text, &self.ops);
            }
            self.text.clear();
            self.ops.clear();
        }
    }
}

/// What a connector's view (`EdgeView`) last wrote to its `<g>`: its class (`edge
/// edge-KIND`, `selected`, `ghost`), a wide transparent `<polyline class="edge-hit">` to press,
/// and the line — one `<polyline class="edge-line">` with the arrowhead for a solid connector;
/// for a dashed one a `<g class="edge-pieces">` of its straight pieces, each continuing the
/// dash pattern (`dash_pieces`: the rasteriser dashes a line of several segments over its
/// whole length on every repaint near it, and hundreds of them made any repaint of the canvas
/// take ~1 s). Only `sync` is solid (styles/app.css: `.edge-async`, `-replication`, `-association`).
///
/// `<polyline points>`, not `<path d>`: a route is straight segments, the same shape either
/// way, but `d` is a CSS property in Chrome and each write of it restyles its path — a hub's
/// drop rewrites ~2,400 of them (the style of that write then forcing layout: 25–63 ms as
/// `d`, 9–28 ms as `points`, s23-hub's probe). `points` is the path data without its `M`/`L`
/// (`attr::Lines::points`).
struct Drawn {
    /// The kind the elements were made for; None: nothing drawn (no class, no children).
    kind: Option<ConnKind>,
    /// The path data written.
    d: String,
    /// The (selected, ghost) the class was written for.
    look: Option<(bool, bool)>,
    hit: Option<web_sys::Element>,
    /// A solid connector's line.
    line: Option<web_sys::Element>,
    /// A dashed connector's pieces: their group and what they were given.
    pieces_g: Option<web_sys::Element>,
    pieces: Pieces,
}

impl Drawn {
    /// Nothing drawn yet for the connection `conn`.
    fn new(conn: ConnId) -> Self {
        Drawn { kind: None, d: String::new(), look: None, hit: None, line: None, pieces_g: None, pieces: Pieces::new(conn) }
    }

    /// Forgets what was drawn (the elements are gone or going), keeping the connection.
    fn reset(&mut self) {
        let conn = self.pieces.conn.clone();
        *self = Drawn::new(conn);
    }

    /// Draws the connector as `now` (its kind and path data; None: not drawn, an end without a
    /// rectangle), selected or a ghost, writing only what changed since the last call.
    fn write(&mut self, g: &web_sys::Element, now: Option<(ConnKind, &str)>, selected: bool, ghost: bool) {
        let Some((kind, d)) = now else {
            if self.kind.is_some() {
                g.set_text_content(None);
                let _ = g.remove_attribute("class");
                self.reset();
            }
            return;
        };
        if self.kind != Some(kind) {
            // First drawn, or its kind changed (an edit): its elements made (again).
            let Some(doc) = g.owner_document() else { return };
            g.set_text_content(None);
            self.reset();
            let make = |class: &str, tag: &'static std::thread::LocalKey<attr::Kept>| {
                let el = attr::svg_element(&doc, tag);
                attr::set_class(&el, class.to_string());
                let _ = g.append_child(&el);
                Some(el)
            };
            self.hit = make("edge-hit", &attr::POLYLINE);
            if kind == ConnKind::Sync {
                self.line = make("edge-line", &attr::POLYLINE);
                let marker = crate::canvas_follow::marker(kind);
                if let (Some(line), false) = (&self.line, marker.is_empty()) {
                    attr::set_marker(line, marker);
                }
            } else {
                self.pieces_g = make("edge-pieces", &attr::G);
            }
            self.kind = Some(kind);
        }
        if self.look != Some((selected, ghost)) {
            let class = format!("edge edge-{}{}{}", kind.name(), if selected { " selected" } else { "" }, if ghost { " ghost" } else { "" });
            attr::set_class(g, class);
            self.look = Some((selected, ghost));
            // A ghost is hidden (`.edge.ghost`): its pieces draw nothing, so none of them may be
            // the copy of a piece that another connector's view leaves undrawn.
            self.pieces.set_ghost(ghost);
            // A selected connector draws all its pieces: what waited of its undrawn ones is
            // written now.
            if selected {
                self.pieces.reveal();
            }
        }
        if self.d != d {
            let mut lines = attr::Lines::default();
            if self.hit.is_some() {
                lines.points(Some(d));
            }
            if self.line.is_some() {
                lines.points(Some(d));
            }
            if let Some(pg) = &self.pieces_g {
                self.pieces.write(pg, d, kind, selected, &mut lines, self.hit.as_ref());
            } else {
                lines.flush(self.hit.as_ref(), self.line.as_ref(), None);
            }
            self.d.clear();
            self.d.push_str(d);
        }
    }
}

/// The corner points of path data as routes write it (`Mx,y Lx,y …`): each as its text
/// (`x,y`) and its numbers — `geometry::path_points`, which skips a token that does not parse,
/// with the text kept (its numbers read by `geometry::parse_coord`, the same values as
/// `parse`).
fn piece_ends(d: &str) -> Vec<(&str, (f64, f64))> {
    use cloudwright_engine::diagram::geometry::parse_coord;
    d.split_whitespace()
        .filter_map(|t| {
            let t = t.trim_start_matches(['M', 'L']);
            let (x, y) = t.split_once(',')?;
            Some((t, (parse_coord(x)?, parse_coord(y)?)))
        })
        .collect()
}

/// A dashed connector's pieces as drawn (`EdgeView`): one `<polyline class="edge-line">` per
/// piece of `dash_pieces`, each with its points and dash offset, the arrowhead on the last.
/// A piece that other connectors' pieces draw the same is left undrawn (`dups`); while it is
/// undrawn, its new points and offset may wait until after the frame (`dups::hold`).
struct Pieces {
    /// The connection drawn.
    conn: ConnId,
    /// Each piece as drawn.
    paths: Vec<Piece>,
    /// The piece that has the arrowhead.
    marked: Option<usize>,
    /// Whether the connector is a ghost (hidden): then it draws none of its pieces' copies.
    ghost: bool,
}

/// One piece's element and what it was last given.
struct Piece {
    el: web_sys::Element,
    /// Its points, as given (written, or waiting in `dups` to be written).
    text: String,
    /// Its dash offset, as given (NaN: none yet).
    along: f64,
    /// Where it draws, as told to `dups` (None: not told).
    key: Option<dups::Place>,
    /// Its name in `dups` (unique for the page's life).
    uid: u64,
}

impl Pieces {
    fn new(conn: ConnId) -> Self {
        Pieces { conn, paths: Vec::new(), marked: None, ghost: false }
    }

    /// Draws the pieces of `d` (a connector of `kind`, `selected` or not) in `g`: makes or
    /// removes elements as their number changes and gives each piece only what changed; the
    /// arrowhead (the kind's marker, none when empty) on the last. `lines` holds the hit line's
    /// points (`hit`), written with the pieces' in one call. A piece `dups` leaves undrawn gets
    /// its new points and offset after the frame (`dups::hold`), unless its connector is
    /// selected (then all its pieces are drawn).
    ///
    /// The pieces of `d` are `geometry::dash_pieces(d)`'s, each piece's points the text of its
    /// two ends as `d` writes them: `d`'s numbers are `f64` `Display` of values rounded to a
    /// tenth (`Route::path`), the shortest text that parses back to the same value, so a
    /// piece's points are the very text `dash_pieces` formats from the parsed ends, without
    /// the 4 numbers formatted per piece (and the dash offsets the same sums of the same ends).
    fn write(&mut self, g: &web_sys::Element, d: &str, kind: ConnKind, selected: bool, lines: &mut attr::Lines, hit: Option<&web_sys::Element>) {
        let marker = crate::canvas_follow::marker(kind);
        let ends: Vec<(&str, (f64, f64))> = piece_ends(d);
        let n = ends.len().saturating_sub(1);
        while self.paths.len() > n {
            if let Some(p) = self.paths.pop() {
                if p.key.is_some() {
                    dups::leave(p.uid, false);
                }
                p.el.remove();
            }
        }
        if self.marked.is_some_and(|i| i >= n) {
            self.marked = None;
        }
        // The document only when a piece is made: a drop's redrawn connector mostly keeps its
        // pieces, and asking for it was a call into JS per connector (~0.6 ms of a hub's drop
        // in a CPU profile, s55-drop).
        let mut doc: Option<web_sys::Document> = None;
        let mut along: f64 = 0.0;
        let mut text = String::new();
        for (i, w) in ends.windows(2).enumerate() {
            let ((t1, (x1, y1)), (t2, (x2, y2))) = (w[0], w[1]);
            if i == self.paths.len() {
                if doc.is_none() {
                    doc = g.owner_document();
                }
                let Some(doc) = &doc else { break };
                let el = attr::svg_element(doc, &attr::POLYLINE);
                attr::set_class(&el, "edge-line".to_string());
                let _ = g.append_child(&el);
                self.paths.push(Piece { el, text: String::new(), along: f64::NAN, key: None, uid: dups::uid() });
            }
            text.clear();
            text.push_str(t1);
            text.push(' ');
            text.push_str(t2);
            let p = &mut self.paths[i];
            let key = dups::Place::new(kind, !marker.is_empty() && i + 1 == n, (x1, y1), (x2, y2), along);
            if p.key != key {
                match key {
                    Some(key) => dups::enter(key, p.uid, &self.conn, i, &p.el, self.ghost),
                    None => dups::leave(p.uid, true),
                }
                p.key = key;
            }
            let points = p.text != text;
            let offset = p.along.to_bits() != along.to_bits();
            // What is written now: the changes, and what waited before, unless the piece is
            // undrawn and its changes wait too.
            let now = match (points || offset, p.key) {
                (true, Some(_)) => dups::hold(p.uid, points.then_some(text.as_str()), offset.then_some(along), selected),
                (false, _) => dups::Now::Wait,
                (true, None) => dups::Now::Write(None, None),
            };
            match now {
                dups::Now::Wait => {
                    lines.points(None);
                    lines.offset(None);
                }
                dups::Now::Write(old_points, old_offset) => {
                    lines.points(if points { Some(text.as_str()) } else { old_points.as_deref() });
                    lines.offset(if offset { Some(along) } else { old_offset });
                }
            }
            if points {
                p.text.clone_from(&text);
            }
            if offset {
                p.along = along;
            }
            along += (x2 - x1).hypot(y2 - y1);
        }
        // The pieces are `g`'s children in this order (made by appending, removed from the end).
        lines.flush(hit, None, Some(g));
        let last = n.checked_sub(1);
        if !marker.is_empty() && self.marked != last {
            if let Some(p) = self.marked.and_then(|i| self.paths.get(i)) {
                let _ = p.el.remove_attribute("marker-end");
            }
            if let Some(p) = last.and_then(|i| self.paths.get(i)) {
                attr::set_marker(&p.el, marker);
            }
            self.marked = last;
        }
    }

    /// Tells `dups` that the connector is (no longer) a ghost.
    fn set_ghost(&mut self, ghost: bool) {
        if self.ghost != ghost {
            self.ghost = ghost;
            for p in &self.paths {
                if p.key.is_some() {
                    dups::ghost(p.uid, ghost);
                }
            }
        }
    }

    /// Writes what waits of its pieces (its connector is selected: all its pieces are drawn).
    fn reveal(&self) {
        dups::write_waiting(self.paths.iter().filter(|p| p.key.is_some()).map(|p| p.uid));
    }

    /// Takes its pieces out of `dups` (they are gone or going from the page).
    fn forget(&mut self) {
        for p in &mut self.paths {
            if p.key.take().is_some() {
                dups::leave(p.uid, false);
            }
        }
    }
}

impl Drop for Pieces {
    fn drop(&mut self) {
        self.forget();
    }
}

/// Dashed pieces that lie on top of others, dashed the same, not drawn twice.
///
/// A hub's connectors run into it along shared trunks: at the 613-connection hub of a 1,000-node
/// estate its 1,813 dashed pieces are 3.1 M world units long, and where they lie on the same
/// line, in the same direction, with the same dash phase (their offsets the same modulo the
/// pattern's period), they draw the same dashes there — 0.8 M units are all they cover. The
/// rasteriser dashed each again in every tile it crosses: the dashes were about two thirds of
/// the raster after the hub's drop (s43-drop: 76–90 ms of `RasterTask` CPU dashed, 23–31 with
/// the dashes removed). The drag's bitmaps draw a piece where one was drawn once too
/// (`canvas_follow::Look::draw`).
///
/// Every straight dashed piece of the diagram (they are all horizontal or vertical: routes are
/// orthogonal) is entered here under its line (`Line`: its connector's kind — colour, width,
/// dashes —, horizontal or vertical, the line's coordinate, its direction) with its extent on
/// the line, the phase of its dashes there and whether it carries the arrowhead. Of the pieces
/// of one line and phase, a fewest that cover all of them (greedy interval cover: from the
/// start of the line, the piece reaching furthest; among equals the one of the greatest
/// connection id, drawn last) and every piece with an arrowhead are drawn; each of the others
/// lies wholly within those, dashed the same, so the same dashes are painted where it was: it
/// gets the class `dup` (`visibility: hidden`, styles/app.css) and keeps its element and hit
/// line. A selected connector shows all its own (`.edge.selected .edge-line.dup`: its
/// highlight runs its whole length). A ghost's pieces (hidden with it) cover nothing. Which
/// pieces are drawn depends only on what is drawn now, not on the edits that led there. Where
/// pieces overlapped, the dashes' anti-aliased edges were blended once per copy; now they are
/// blended once per drawn piece.
///
/// The pieces' views tell it what changed as they write (`enter`, `leave`, `ghost`); the lines
/// they touched are settled once, in a microtask after the views' effects (`settle`), so a
/// drop that moves hundreds of pieces writes a class only where a piece's state changed.
///
/// An undrawn piece's new points and dash offset wait (`hold`): they are written when the page
/// is next idle, after the frame (`write_late`, User Timing measure `canvas-late`), or at once
/// when the piece is to be drawn (`settle` shows it, its connector is selected, it leaves the
/// table). Each write of a piece restyles, lays out and pre-paints it in the frame — at the
/// hub's drop ~1,800 of its pieces change (their offsets run from the hub) and most are undrawn
/// copies on its trunks —, and nothing is painted from an undrawn piece, so the frame that
/// shows the drop does the work of the drawn ones only; the rest follows when the page is idle.
/// The rule this rests on: any new way of showing an undrawn piece (a hover highlight, an
/// export read from the DOM) must write what the piece waits for first, as these three do.
mod dups {
    use super::attr;
    use cloudwright_engine::{ConnId, ConnKind};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::prelude::*;

    /// A line pieces are drawn along: their connector's kind, horizontal or vertical, the
    /// line's coordinate (y or x, its bits) and the pieces' direction along it.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
    pub struct Line {
        kind: ConnKind,
        vertical: bool,
        at: u64,
        forward: bool,
    }

    /// A dashed piece's place: its line, its extent on the line, where its dash pattern starts
    /// on the line (`origin`: the position along it, in the piece's direction, at which the
    /// pattern's phase is 0 modulo the period), whether it carries the arrowhead.
    #[derive(Clone, Copy, Debug)]
    pub struct Place {
        pub line: Line,
        lo: f64,
        hi: f64,
        origin: f64,
        marked: bool,
    }

    impl PartialEq for Place {
        fn eq(&self, o: &Self) -> bool {
            self.line == o.line && self.lo.to_bits() == o.lo.to_bits() && self.hi.to_bits() == o.hi.to_bits() && self.origin.to_bits() == o.origin.to_bits() && self.marked == o.marked
        }
    }

    impl Place {
        /// The piece from `a` to `b` of a connector of `kind`, its dash offset `along`; None if
        /// it is neither horizontal nor vertical (then always drawn).
        pub fn new(kind: ConnKind, marked: bool, a: (f64, f64), b: (f64, f64), along: f64) -> Option<Self> {
            let (vertical, at, from, to) = if a.1 == b.1 {
                (false, a.1, a.0, b.0)
            } else if a.0 == b.0 {
                (true, a.0, a.1, b.1)
            } else {
                return None;
            };
            let forward = to >= from;
            // Position s along the line in the piece's direction (s = u forward, -u backward):
            // the piece starts at s = ±from with phase `along`, so phase 0 is at s = ±from - along.
            let origin = if forward { from - along } else { -from - along };
            Some(Place { line: Line { kind, vertical, at: at.to_bits(), forward }, lo: from.min(to), hi: from.max(to), origin, marked })
        }
    }

    /// What an undrawn piece is yet to be given: its points (`x,y x,y`) and dash offset.
    #[derive(Default)]
    struct Waiting {
        points: Option<String>,
        offset: Option<f64>,
    }

    /// One connector's piece in the table.
    struct Holder {
        conn: ConnId,
        /// Its place among its connector's pieces.
        idx: usize,
        el: web_sys::Element,
        place: Place,
        /// Whether its class says `dup` (as last written).
        hidden: bool,
        /// Whether its connector is a ghost.
        ghost: bool,
        /// What it waits to be given (`hold`).
        waiting: Option<Waiting>,
    }

    /// The pieces listed on one line (by name; a name whose piece has left the line since is
    /// dropped from the list when the line is next settled).
    #[derive(Default)]
    struct Listed {
        uids: Vec<u64>,
        /// Whether the line is in `Table::dirty`.
        dirty: bool,
    }

    #[derive(Default)]
    struct Table {
        /// Every piece, by name: a piece's view finds its own in one hash, not by a search of
        /// its line's pieces (a hub's trunk holds hundreds: the search was 1.7–9 ms of the
        /// hub's drop, profiled, s45-drop).
        holders: HashMap<u64, Holder>,
        lines: HashMap<Line, Listed>,
        /// Lines whose pieces changed since the last `settle`, each once.
        dirty: Vec<Line>,
        /// Whether a `settle` is queued.
        queued: bool,
        /// Pieces that may have something waiting (`hold`), each once per `write_late`.
        waiting: Vec<u64>,
        /// Whether a `write_late` is queued.
        late: bool,
        /// Each dashed kind's pattern period, world units, once read (`canvas_follow::dash_period`).
        periods: HashMap<ConnKind, f64>,
    }

    thread_local! {
        static TABLE: RefCell<Table> = RefCell::new(Table::default());
        static PIECE: attr::Kept = const { attr::Kept::new("edge-line") };
        static PIECE_DUP: attr::Kept = const { attr::Kept::new("edge-line dup") };
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// A new piece's name: a number, unique for the page's life.
    pub fn uid() -> u64 {
        NEXT.with(|n| {
            n.set(n.get() + 1);
            n.get()
        })
    }

    #[wasm_bindgen(inline_js = "export function cw_microtask(f) { queueMicrotask(f); }")]
    extern "C" {
        fn cw_microtask(f: &JsValue);
    }

    /// Writes of pieces' points and offsets gathered, then made in one call (`attr::Lines`).
    #[derive(Default)]
    struct Batch {
        els: Vec<web_sys::Element>,
        lines: attr::Lines,
    }

    impl Batch {
        fn push(&mut self, el: &web_sys::Element, w: Waiting) {
            self.els.push(el.clone());
            self.lines.points(w.points.as_deref());
            self.lines.offset(w.offset);
        }
        fn flush(mut self) {
            if !self.els.is_empty() {
                self.lines.flush_each(&self.els);
            }
        }
    }

    impl Table {
        /// Marks `line` to be settled, and queues the settle.
        fn touch(&mut self, line: Line) {
            let l = self.lines.entry(line).or_default();
            if !l.dirty {
                l.dirty = true;
                self.dirty.push(line);
            }
            if !self.queued {
                self.queued = true;
                cw_microtask(&Closure::once_into_js(settle));
            }
        }
        /// The dash period of `kind` (None: not known, the pattern not read yet).
        fn period(&mut self, kind: ConnKind) -> Option<f64> {
            if let Some(p) = self.periods.get(&kind) {
                return Some(*p);
            }
            let styles = web_sys::window()?.document()?.query_selector(".canvas-svg defs").ok()??;
            let p = crate::canvas_follow::dash_period(&styles, kind)?;
            self.periods.insert(kind, p);
            Some(p)
        }
    }

    /// Piece `uid` (connector `conn`'s piece `idx`, `el`) is now at `place`.
    pub fn enter(place: Place, uid: u64, conn: &ConnId, idx: usize, el: &web_sys::Element, ghost: bool) {
        TABLE.with_borrow_mut(|t| {
            let from = match t.holders.get_mut(&uid) {
                Some(h) => {
                    let from = h.place.line;
                    h.place = place;
                    h.ghost = ghost;
                    h.idx = idx;
                    Some(from)
                }
                None => {
                    // A new element's class is `edge-line` (a piece leaves the table only with
                    // its class put back, `leave`).
                    t.holders.insert(uid, Holder { conn: conn.clone(), idx, el: el.clone(), place, hidden: false, ghost, waiting: None });
                    None
                }
            };
            if from != Some(place.line) {
                if let Some(from) = from {
                    t.touch(from);
                }
                t.lines.entry(place.line).or_default().uids.push(uid);
            }
            t.touch(place.line);
        });
    }

    /// Piece `uid` leaves the table: its view or element is gone or going, or (`stays`) it is
    /// no longer straight — then it is drawn, with what waited written.
    pub fn leave(uid: u64, stays: bool) {
        // (`try_with`: a view may be dropped as the page's thread ends.)
        let _ = TABLE.try_with(|t| {
            let Ok(mut t) = t.try_borrow_mut() else { return };
            let Some(h) = t.holders.remove(&uid) else { return };
            t.touch(h.place.line);
            if stays {
                if h.hidden {
                    PIECE.with(|c| attr::set_class_kept(&h.el, c));
                }
                let mut b = Batch::default();
                if let Some(w) = h.waiting {
                    b.push(&h.el, w);
                }
                b.flush();
            }
        });
    }

    /// Piece `uid` is (no longer) a ghost's.
    pub fn ghost(uid: u64, ghost: bool) {
        TABLE.with_borrow_mut(|t| {
            if let Some(h) = t.holders.get_mut(&uid) {
                h.ghost = ghost;
                let line = h.place.line;
                t.touch(line);
            }
        });
    }

    /// What a piece's view writes of a piece's new points and offset (`hold`).
    pub enum Now {
        /// Nothing: the piece is undrawn, they wait.
        Wait,
        /// The new ones, and these that waited (points, offset) where there is no new one.
        Write(Option<String>, Option<f64>),
    }

    /// Piece `uid` is given new `points` and/or `offset`: if it is undrawn (`dup`) and its
    /// connector is not `selected`, they wait (written after the frame, `write_late`, or when it
    /// is drawn); otherwise they are written now, with what waited before.
    pub fn hold(uid: u64, points: Option<&str>, offset: Option<f64>, selected: bool) -> Now {
        TABLE.with_borrow_mut(|t| {
            let Some(h) = t.holders.get_mut(&uid) else { return Now::Write(None, None) };
            if !h.hidden || selected {
                let w = h.waiting.take().unwrap_or_default();
                return Now::Write(w.points, w.offset);
            }
            let w = h.waiting.get_or_insert_with(|| {
                t.waiting.push(uid);
                Waiting::default()
            });
            if let Some(p) = points {
                match &mut w.points {
                    Some(s) => s.replace_range(.., p),
                    None => w.points = Some(p.to_string()),
                }
            }
            if offset.is_some() {
                w.offset = offset;
            }
            if !t.late {
                t.late = true;
                crate::idle::when_idle(LATE_MS, write_late);
            }
            Now::Wait
        })
    }

    /// At most this long (ms) from a piece's first waiting change to its write (`write_late`).
    const LATE_MS: u32 = 250;

    /// Writes what waits of pieces `uids` (their connector was selected: all its pieces drawn).
    pub fn write_waiting(uids: impl Iterator<Item = u64>) {
        TABLE.with_borrow_mut(|t| {
            let mut b = Batch::default();
            for uid in uids {
                if let Some(w) = t.holders.get_mut(&uid).and_then(|h| h.waiting.take().map(|w| (h.el.clone(), w))) {
                    b.push(&w.0, w.1);
                }
            }
            b.flush();
        });
    }

    /// Writes everything that waits, in one call: run when the page is idle after the frame
    /// that showed the change (User Timing measure `canvas-late`).
    fn write_late() {
        crate::analysis_worker::mark("canvas-late");
        TABLE.with_borrow_mut(|t| {
            t.late = false;
            let mut b = Batch::default();
            for uid in std::mem::take(&mut t.waiting) {
                if let Some(h) = t.holders.get_mut(&uid) {
                    if let Some(w) = h.waiting.take() {
                        b.push(&h.el, w);
                    }
                }
            }
            b.flush();
        });
        crate::analysis_worker::measure("canvas-late", "canvas-late");
    }

    /// Settles the lines touched since the last call (see the module's comment).
    pub fn settle() {
        TABLE.with_borrow_mut(|t| {
            t.queued = false;
            let mut dirty = std::mem::take(&mut t.dirty);
            let mut b = Batch::default();
            for line in &dirty {
                let period = t.period(line.kind);
                let Some(l) = t.lines.get_mut(line) else { continue };
                l.dirty = false;
                let mut uids = std::mem::take(&mut l.uids);
                uids.sort_unstable();
                uids.dedup();
                uids.retain(|u| t.holders.get(u).is_some_and(|h| h.place.line == *line));
                if uids.is_empty() {
                    t.lines.remove(line);
                    continue;
                }
                settle_line(&uids, &mut t.holders, period, &mut b);
                if let Some(l) = t.lines.get_mut(line) {
                    l.uids = uids;
                }
            }
            b.flush();
            dirty.clear();
            t.dirty = dirty;
        });
    }

    /// Draws, of the pieces `uids` of one line, the fewest that cover them in each dash phase
    /// (and those with an arrowhead); hides the rest. `period`: the kind's dash period (None:
    /// not known, then only pieces whose pattern starts at the very same place are alike). A
    /// piece shown again gets what waited (into `b`).
    fn settle_line(uids: &[u64], holders: &mut HashMap<u64, Holder>, period: Option<f64>, b: &mut Batch) {
        let hs: Vec<&Holder> = uids.iter().filter_map(|u| holders.get(u)).collect();
        // The phase where the pattern starts, to 1/1024 of a world unit.
        let phases: Vec<i64> = hs
            .iter()
            .map(|h| match period {
                Some(p) => (h.place.origin.rem_euclid(p) * 1024.0).round() as i64,
                None => h.place.origin.to_bits() as i64,
            })
            .collect();
        // By phase, then from the line's start, the longest first, then the one drawn last.
        let mut order: Vec<usize> = (0..hs.len()).filter(|&i| !hs[i].ghost).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (hs[a], hs[b]);
            phases[a].cmp(&phases[b]).then(x.place.lo.total_cmp(&y.place.lo)).then(y.place.hi.total_cmp(&x.place.hi)).then((&y.conn, y.idx).cmp(&(&x.conn, x.idx)))
        });
        let mut show = vec![false; hs.len()];
        let mut k = 0;
        while k < order.len() {
            let ph = phases[order[k]];
            let end = order[k..].iter().position(|&i| phases[i] != ph).map_or(order.len(), |n| k + n);
            // Greedy cover of [k, end): the first piece, then repeatedly, among the pieces that
            // start within what is covered, the one reaching furthest (the first such in order).
            let mut reach = f64::NEG_INFINITY;
            let mut j = k;
            while j < end {
                let first = order[j];
                if hs[first].place.lo > reach {
                    show[first] = true;
                    reach = hs[first].place.hi;
                    j += 1;
                    continue;
                }
                let mut best: Option<usize> = None;
                let mut far = reach;
                while j < end && hs[order[j]].place.lo <= reach {
                    let h = hs[order[j]];
                    if h.place.hi > far {
                        far = h.place.hi;
                        best = Some(order[j]);
                    }
                    j += 1;
                }
                if let Some(b) = best {
                    show[b] = true;
                    reach = far;
                }
            }
            k = end;
        }
        drop(hs);
        for (uid, show) in uids.iter().zip(show) {
            let Some(h) = holders.get_mut(uid) else { continue };
            if h.ghost {
                continue;
            }
            let hide = !show && !h.place.marked;
            if h.hidden != hide {
                if !hide {
                    if let Some(w) = h.waiting.take() {
                        b.push(&h.el, w);
                    }
                }
                let class = if hide { &PIECE_DUP } else { &PIECE };
                class.with(|c| attr::set_class_kept(&h.el, c));
                h.hidden = hide;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::node_body;

    /// A leaf's body: its box, its icon centred at the top, its label in lines under it — the
    /// elements and attributes the view's `view!` wrote before (s44-paste), numbers as `f64`'s
    /// `Display` writes them (as Leptos's attributes did).
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_leafs_body_is_its_box_icon_and_label() {
        let b = node_body("Web", "icons/ec2.svg", false, &[], 120.0, 80.0, true);
        assert_eq!(
            b,
            r#"<rect class="hit" x="0" y="0" width="120" height="80" rx="6"></rect><image href="icons/ec2.svg" x="40" y="4" width="40" height="40"></image><text class="label" x="60" y="74" text-anchor="middle"><tspan x="60" dy="0">Web</tspan></text>"#
        );
        // Renamed: no label (the editor is drawn instead).
        assert!(!node_body("Web", "icons/ec2.svg", false, &[], 120.0, 80.0, false).contains("<text"));
    }

    /// A container's body: frame, label strip and icon, and its label.
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_containers_body_is_its_frame_strip_icon_and_label() {
        let b = node_body("VPC", "icons/vpc.svg", true, &[], 400.0, 300.0, true);
        assert!(b.starts_with(r#"<rect class="frame" x="0" y="0" width="400" height="300" rx="2"></rect><rect class="label-hit" x="0" y="0" width=""#), "{b}");
        assert!(b.contains(r#"<image href="icons/vpc.svg" x="0" y="0" width="24" height="24"></image>"#), "{b}");
        assert!(b.ends_with(r#"y="18">VPC</text>"#), "{b}");
        assert!(!b.contains("<title>"), "a label that fits has no tooltip: {b}");
    }

    /// Text from the design is text: a label or a kind with markup in it is escaped, in the
    /// label, the tooltip and the icon's address alike.
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_label_with_markup_is_escaped() {
        let nasty = r#"<img src=x onerror="alert(1)"> & 'q'"#;
        for container in [false, true] {
            let b = node_body(nasty, "icons/\"><script>.svg", container, &[], if container { 60.0 } else { 120.0 }, 80.0, true);
            assert!(!b.contains("<img") && !b.contains("<script") && !b.contains("onerror=\""), "{b}");
            assert!(b.contains("&lt;img") && b.contains("&amp;") && b.contains("'q'") && b.contains("&quot;&gt;&lt;script&gt;"), "{b}");
        }
    }
}
