//! The minimap: the whole design in miniature with the visible area outlined; click or
//! drag on it to move the view there. Redrawn when the drawing changes (not on a property edit), never per pointer move.
//! Not shown for an empty design. Collapsible to a small button, and it steps aside to that button by itself while the
//! diagram reaches under its corner (so it never covers the diagram); Fit keeps the diagram
//! clear of it (`geometry::fit`).

use crate::geometry::bounds;
use crate::state::use_app;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const W: f64 = 200.0;
const H: f64 = 130.0;

#[component]
pub fn Minimap() -> impl IntoView {
    let app = use_app();
    // What the canvas draws (`canvas::Drawing`: changes with the layout, labels and
    // connections, not with a property edit), so a property edit redraws nothing here.
    let crate::canvas::Drawing(drawing) = expect_context();
    // Scale and offset mapping world to minimap pixels, and the rectangles to draw: the
    // containers' outlines as one path and the components as another (two attributes change
    // when the design does, not a thousand elements built again: issue 20).
    let map = Memo::new(move |_| {
        drawing.with(|d| {
            let b = bounds(d, None)?;
            let s = (W / b.w.max(1.0)).min(H / b.h.max(1.0)) * 0.95;
            let (mut containers, mut leaves) = (String::new(), String::new());
            for (id, r) in &d.layout {
                let out = if crate::geometry::is_container(d, id) { &mut containers } else { &mut leaves };
                rect_path(out, (r.x - b.x) * s, (r.y - b.y) * s, (r.w * s).max(1.0), (r.h * s).max(1.0));
            }
            Some((b, s, containers, leaves))
        })
    });
    let viewport = move || {
        let (b, s, ..) = map.get()?;
        let v = app.view.get();
        let (cw, ch) = app.canvas_size.get();
        let (x0, y0) = v.to_world(0.0, 0.0);
        let (x1, y1) = v.to_world(cw, ch);
        Some(((x0 - b.x) * s, (y0 - b.y) * s, (x1 - x0) * s, (y1 - y0) * s))
    };
    let pan_to = move |e: &ev::MouseEvent| {
        let Some((b, s, ..)) = map.get_untracked() else { return };
        let Some(el) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let r = el.get_bounding_client_rect();
        let (mx, my) = (e.client_x() as f64 - r.left(), e.client_y() as f64 - r.top());
        let (wx, wy) = (mx / s + b.x, my / s + b.y);
        let (cw, ch) = app.canvas_size.get_untracked();
        app.view.update(|v| {
            v.tx = cw / 2.0 - wx * v.zoom;
            v.ty = ch / 2.0 - wy * v.zoom;
        });
    };
    let dragging = RwSignal::new(false);
    let open = app.minimap_open;
    // Whether the minimap would sit over the diagram (the design's bounds reach under its
    // corner at the current view): then it steps aside to its button, unless the user asked
    // for it while it covered (`pinned`).
    let pinned = RwSignal::new(false);
    let covering = Memo::new(move |_| {
        let v = app.view.get();
        let (cw, ch) = app.canvas_size.get();
        let (bw, bh) = crate::geometry::MINIMAP_BOX;
        let (x0, y0) = v.to_world(cw - bw, ch - bh - 26.0);
        let (x1, y1) = v.to_world(cw, ch);
        let corner = cloudwright_engine::Rect::new(x0, y0, x1 - x0, y1 - y0);
        drawing.with(|d| bounds(d, None).is_some_and(|b| crate::geometry::intersects(&b, &corner)))
    });
    let shown = move || open.get() && (pinned.get() || !covering.get());
    // An empty design has nothing to map: no box and no "Hide map" button (issue 14).
    let has_design = move || map.with(|m| m.is_some());
    view! {
        <Show when=has_design>
        <div class="minimap-box" class:collapsed=move || !shown()>
            <button class="minimap-toggle" aria-expanded=move || shown().to_string()
                title=move || if shown() { "Hide the minimap" } else if open.get() { "Show the minimap (hidden while it would cover the diagram)" } else { "Show the minimap" }
                on:pointerdown=|e: ev::PointerEvent| e.stop_propagation()
                on:click=move |_| if shown() { open.set(false); pinned.set(false); } else { open.set(true); pinned.set(true); }
            >{move || if shown() { "Hide map" } else { "Map" }}</button>
            <Show when=shown>
                <svg class="minimap" width=W height=H aria-label="Minimap"
                    on:pointerdown=move |e: ev::PointerEvent| { e.stop_propagation(); dragging.set(true); pan_to(&e); }
                    on:pointermove=move |e: ev::PointerEvent| if dragging.get_untracked() { pan_to(&e) }
                    on:pointerup=move |_| dragging.set(false)
                    on:pointerleave=move |_| dragging.set(false)
                >
                    <path class="mm-container" d=move || map.with(|m| m.as_ref().map(|m| m.2.clone()).unwrap_or_default())></path>
                    <path class="mm-leaf" d=move || map.with(|m| m.as_ref().map(|m| m.3.clone()).unwrap_or_default())></path>
                    {move || viewport().map(|(x, y, w, h)| view! { <rect class="mm-view" x=x y=y width=w height=h></rect> })}
                </svg>
            </Show>
        </div>
        </Show>
    }
}

/// Appends a rectangle to SVG path data, in minimap pixels rounded to 0.1 (the map is 200 px
/// wide: finer is invisible, and shorter text is parsed faster).
fn rect_path(out: &mut String, x: f64, y: f64, w: f64, h: f64) {
    use std::fmt::Write;
    let r = |v: f64| (v * 10.0).round() / 10.0;
    let _ = write!(out, "M{} {}h{}v{}h{}z", r(x), r(y), r(w), r(h), -r(w));
}
