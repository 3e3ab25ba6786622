//! A drag's connectors following the pointer (issue 20: a node with hundreds of connections
//! must drag as fluidly as a leaf).
//!
//! While nodes are dragged, each connector with an end among them is drawn on the canvas's
//! edge layer — a `<canvas>` bitmap over the diagram (2D context), its own composited layer —
//! by the direct path between its two boxes with the moving ends where the pointer has them
//! (`diagram::route::Follow`, worked out for these connectors only). Each pointer move clears
//! the bitmap and draws them again: no element is made, written or styled per connector, so
//! the browser has no style, layout, paint recording or tiled raster to do for them.
//!
//! Where they were is drawn too, faintly, on a second bitmap, the ghost layer (a `<canvas>`
//! under the edge layer): each connector by the path the diagram drew it by, opaque, the
//! layer itself shown at the ghosts' opacity (`--ghost-opacity` in styles/app.css, the property
//! the dragged nodes' ghosts read too). Composited once, hundreds of connectors on one trunk look
//! like one faint line, as one connector does; each stroke drawn translucent instead added up
//! (QA s20: a 600-line trunk at alpha 252 of 255, solid). Drawn once in a task after the
//! drag's first frame (and again only when the view changes), so the start's task draws only
//! the connectors that follow. The
//! diagram's own elements for them are hidden meanwhile (`.edge.ghost`: `visibility: hidden`,
//! `canvas_cells::Cells::dragged_conns`), not restyled: turning 613 dashed connectors with
//! arrowheads into translucent ones made the browser repaint every tile they cross with each
//! of them faded (the start's ~150–240 ms of raster at a 1,000-node estate's hub, s27-hub …
//! s30-drag); hidden, those tiles repaint with less in them, and the ghosts cost one bitmap
//! drawn once. A hub's are not even hidden ([`HIDE_AT_MOST`]): hiding them made the raster
//! threads repaint every tile they cross all the same, in the start's frame (s42-hub).
//!
//! They look as the diagram draws them: each kind's colour, width and dash pattern are read
//! from the stylesheet when the drag starts (`.edge-KIND .edge-line`, the rules `EdgeView`'s
//! elements follow: one truth), the arrowheads are the diagram's markers ([`arrow`]), and a
//! dashed connector is dashed along its whole length as `EdgeView`'s pieces are (each piece
//! continues the pattern: `geometry::dash_pieces`). Only the pieces that meet the canvas (with
//! the drawn set's margin) are drawn, each clipped to that area with the dash offset where the
//! clipped piece begins, so a connector running off across the estate costs only its part in
//! view.
//!
//! On a design of more than `route::MAX_ROUTED` connections these paths are the routes the
//! drop gives (the connectors do not jump when the button is released); on a smaller one the
//! drop routes every connector around the others, as always.
//!
//! Before (s24-hub … s26-hub), the followed connectors were SVG elements in the edge layer,
//! made when the drag started (~2,450 for the 613 connectors of a 1,000-node estate's biggest
//! hub) and written per move (~1,500 attribute writes): the start's script (~237 ms), and per
//! move ~25 ms of script, ~11 ms of style and the raster of every tile they crossed (moves p95
//! 50–133 ms). One path per kind, then per 256 px cell, cut the DOM work but each raster tile
//! dashed every path meeting it, and lost (s25-hub, s26-hub).

use crate::state::View;
use cloudwright_engine::diagram::geometry::{clip_segment, dash_pieces_within, path_points};
use cloudwright_engine::diagram::route::Follow;
use cloudwright_engine::{ConnKind, Design, NodeId, Rect};
use leptos::prelude::*;
use std::collections::BTreeSet;
use wasm_bindgen::{JsCast, JsValue};

/// The class of the edge layer's `<canvas>`.
pub const CANVAS_CLASS: &str = "edge-layer";

/// The class of the ghost layer's `<canvas>`: where a drag's connectors were.
pub const GHOST_CLASS: &str = "ghost-layer";

/// The attribute the edge layer carries while a drag's connectors are drawn on it: how many
/// connectors follow (for a test to wait on; absent between drags).
pub const FOLLOWS_ATTR: &str = "data-follows";

/// The most connectors a drag hides in the diagram and draws as ghosts (on the ghost layer):
/// a node with more (a hub) leaves its connectors drawn in the diagram where they were, at
/// full strength, and no ghost layer is drawn. Hiding them changes the diagram's content where
/// they ran, and the raster threads repaint every tile they cross (a 1,000-node estate's
/// 613-connection hub: ~45 ms of software raster, its style ~11 ms, its 613 ghosts drawn ~30
/// ms, all in the start's frames, and the drop's frame restyled them again ~10 ms: the start's
/// worst frame 67–233 ms, s42-hub); left drawn, the start changes nothing in the diagram but the
/// node's ghost. A handful of connectors costs nothing to hide, and a leaf's faint ghost line
/// says "it was here" best; a hub's trunk left solid reads the same — its lines' old place,
/// the moving copies on the edge layer over them — and the drop redraws it where it lands.
pub const HIDE_AT_MOST: usize = 64;

/// The diagram's arrowhead marker (`<marker id="arrow">` in `canvas::Canvas`, drawn from these
/// numbers there and here): a triangle `M0,0 L10,5 L0,10 z` in a `VIEW`-unit box whose point
/// (`REF_X`, `REF_Y`) sits on the connector's end, `SIZE` stroke widths wide
/// (`markerUnits="strokeWidth"`), turned along the last segment (`orient="auto-start-reverse"`).
pub mod arrow {
    pub const VIEW: f64 = 10.0;
    pub const REF_X: f64 = 9.0;
    pub const REF_Y: f64 = 5.0;
    pub const SIZE: f64 = 7.0;
    /// The fill of `#arrow` (every connector but an async one) and of `#arrow-async`.
    pub const FILL: &str = "#545b64";
    pub const FILL_ASYNC: &str = "#e7157b";
}

/// How one kind of connector is drawn: read from the stylesheet at the drag's start.
#[derive(Clone, Debug)]
struct Look {
    kind: ConnKind,
    /// CSS colour of the line.
    stroke: String,
    /// Line width, world units (CSS px at 100%).
    width: f64,
    /// Dash pattern, world units; empty for a solid line.
    dash: Vec<f64>,
    /// The arrowhead's fill, if the kind has one.
    arrow: Option<&'static str>,
}

struct Active {
    follow: Follow,
    canvas: web_sys::HtmlCanvasElement,
    ctx: web_sys::CanvasRenderingContext2d,
    looks: Vec<Look>,
    /// What was drawn last: offset, view, canvas size (CSS px) — the same again is not redrawn.
    at: ((f64, f64), View, (f64, f64)),
    /// The ghost layer's canvas and context, if it has one.
    ghost: Option<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d)>,
    /// Each followed connector's kind and points where the drag found it (world units).
    ghosts: Vec<(ConnKind, Vec<(f64, f64)>)>,
    /// The view and canvas size the ghosts were drawn for.
    ghost_at: Option<(View, (f64, f64))>,
}

/// The edge layer's followed connectors (one per canvas; `Copy`).
#[derive(Clone, Copy)]
pub struct FollowLayer {
    active: StoredValue<Option<Active>, LocalStorage>,
}

impl FollowLayer {
    pub fn new() -> Self {
        FollowLayer { active: StoredValue::new_local(None) }
    }

    /// A drag of `moving` starts on drawing `d` (the canvas's drawing input): draws every
    /// connector with an end among them on `canvas` where they are, and where they were on
    /// `ghost_canvas` (by the diagram's path data `paths`, where it has one), and returns
    /// their ids (to be hidden in the diagram meanwhile) — or, for more than [`HIDE_AT_MOST`]
    /// connectors, none and no ghost layer: the diagram's own lines stay drawn where they
    /// were (see there). `styles`: an element holding one
    /// `.edge-KIND .edge-line` per kind, never drawn (the canvas's `<defs>`), whose
    /// computed style is what the diagram's connectors of that kind look like.
    #[allow(clippy::too_many_arguments)]
    pub fn start(&self, canvas: web_sys::HtmlCanvasElement, ghost_canvas: Option<web_sys::HtmlCanvasElement>, styles: &web_sys::Element, d: &Design, paths: &crate::canvas_cells::Paths, moving: &BTreeSet<NodeId>, view: View, size: (f64, f64)) -> Vec<cloudwright_engine::ConnId> {
        self.stop();
        let follow = Follow::new(d, moving);
        let mut ids = Vec::new();
        let mut ghosts = Vec::new();
        for (id, kind, route) in follow.routes_at(0.0, 0.0) {
            ghosts.push((kind, paths.get(id).map(|p| path_points(p)).unwrap_or_else(|| route.drawn_points())));
            ids.push(id.clone());
        }
        let Some(ctx) = context(&canvas) else { return ids };
        let leave_drawn = ids.len() > HIDE_AT_MOST;
        let ghost = ghost_canvas.filter(|_| !leave_drawn).and_then(|c| Some((c.clone(), context(&c)?)));
        let looks = [ConnKind::Sync, ConnKind::Async, ConnKind::Replication, ConnKind::Association].into_iter().map(|k| look(styles, k)).collect();
        let _ = canvas.set_attribute(FOLLOWS_ATTR, &ids.len().to_string());
        self.active.set_value(Some(Active { follow, canvas, ctx, looks, at: ((f64::NAN, f64::NAN), view, size), ghost, ghosts, ghost_at: None }));
        self.move_to((0.0, 0.0), view, size);
        if leave_drawn {
            ids.clear();
        }
        ids
    }

    /// The pointer moved the drag to offset (dx, dy) (world units), the canvas showing `view`
    /// at `size` (CSS px): the bitmap cleared and each followed connector drawn with the
    /// moving ends there.
    pub fn move_to(&self, offset: (f64, f64), view: View, size: (f64, f64)) {
        let mut ghosts = false;
        self.active.update_value(|a| {
            let Some(a) = a.as_mut() else { return };
            let at = (offset, view, size);
            if a.at == at {
                return;
            }
            a.at = at;
            a.draw();
            if a.ghost_at != Some((view, size)) {
                a.ghost_at = Some((view, size));
                ghosts = true;
            }
        });
        // The ghosts in a task after the next frame: the drag's start (or a zoom) shows the
        // connectors following first, and the start's task does not also draw 613 ghosts.
        if ghosts {
            let active = self.active;
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        active.try_with_value(|a| {
                            if let Some(a) = a {
                                a.draw_ghosts();
                            }
                        });
                    },
                    std::time::Duration::ZERO,
                )
            });
        }
    }

    /// The drag ended (dropped, cancelled, or the design replaced): the bitmap is cleared and
    /// the ghost layer's released (sized 0 × 0: it is drawn again at full size when the next
    /// drag's ghosts are, `paint`), so between drags it holds no canvas-sized bitmap.
    pub fn stop(&self) {
        if let Some(a) = self.active.try_update_value(Option::take).flatten() {
            clear(&a.canvas, &a.ctx);
            if let Some((c, _)) = &a.ghost {
                c.set_width(0);
                c.set_height(0);
            }
            let _ = a.canvas.remove_attribute(FOLLOWS_ATTR);
        }
    }
}

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

fn clear(canvas: &web_sys::HtmlCanvasElement, ctx: &web_sys::CanvasRenderingContext2d) {
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
}

/// Draws `routes` (each connector's kind and points, world units) on `canvas`, cleared first,
/// sized to `size` (CSS px) at the device's pixel ratio, showing `view`, each kind in its
/// `looks`. Opaque: how translucent a layer is shown is its stylesheet's.
fn paint(canvas: &web_sys::HtmlCanvasElement, ctx: &web_sys::CanvasRenderingContext2d, looks: &[Look], routes: &[(ConnKind, Vec<(f64, f64)>)], view: View, (w, h): (f64, f64)) {
    let ratio = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0);
    let (pw, ph) = ((w * ratio).round().max(1.0) as u32, (h * ratio).round().max(1.0) as u32);
    // A new size clears the bitmap (and resets the context); otherwise clear it.
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    } else {
        clear(canvas, ctx);
    }
    let z = view.zoom * ratio;
    ctx.set_transform(z, 0.0, 0.0, z, view.tx * ratio, view.ty * ratio).ok();
    ctx.set_line_join("round");
    ctx.set_line_cap("butt");
    // The world area in view, with a margin for the arrowheads and line widths.
    let (x0, y0) = view.to_world(-20.0, -20.0);
    let (x1, y1) = view.to_world(w + 20.0, h + 20.0);
    let area = Rect::new(x0, y0, x1 - x0, y1 - y0);
    // Kind by kind (one style set per kind).
    for look in looks {
        let mine = routes.iter().filter(|(k, _)| *k == look.kind).map(|(_, p)| p.as_slice());
        look.draw(ctx, mine, &area);
    }
}

impl Active {
    fn draw(&self) {
        let ((dx, dy), view, size) = self.at;
        // The routes once per move.
        let routes: Vec<(ConnKind, Vec<(f64, f64)>)> = self.follow.routes_at(dx, dy).map(|(_, kind, r)| (kind, r.drawn_points())).collect();
        paint(&self.canvas, &self.ctx, &self.looks, &routes, view, size);
    }

    /// The ghost layer drawn for the view and size of the last move.
    fn draw_ghosts(&self) {
        let (_, view, size) = self.at;
        if let Some((canvas, ctx)) = &self.ghost {
            paint(canvas, ctx, &self.looks, &self.ghosts, view, size);
        }
    }
}

impl Look {
    /// Draws the connectors `routes` (each its polyline's points) of this kind, their parts in
    /// `area`.
    fn draw<'a>(&self, ctx: &web_sys::CanvasRenderingContext2d, routes: impl Iterator<Item = &'a [(f64, f64)]> + Clone, area: &Rect) {
        ctx.set_stroke_style_str(&self.stroke);
        ctx.set_line_width(self.width);
        let dash = js_sys::Array::new();
        for v in &self.dash {
            dash.push(&JsValue::from_f64(*v));
        }
        let _ = ctx.set_line_dash(&dash);
        if self.dash.is_empty() {
            // Solid: every connector that shows, whole, as one path (the canvas clips).
            ctx.begin_path();
            for pts in routes.clone().filter(|p| p.windows(2).any(|s| clip_segment(s[0], s[1], area).is_some())) {
                for (i, &(x, y)) in pts.iter().enumerate() {
                    if i == 0 { ctx.move_to(x, y) } else { ctx.line_to(x, y) }
                }
            }
            ctx.stroke();
        } else {
            // Dashed: each piece in view on its own, clipped, the pattern continued from where
            // the piece begins along its connector (as `EdgeView`'s pieces and their
            // `stroke-dashoffset`) — a canvas restarts the pattern at every path.
            //
            // A piece that lies exactly where one already drawn lies, dashed in the same
            // phase, draws the very same dashes again: a hub's connectors run into it along
            // shared trunks, so at a 1,000-node estate's biggest hub (613 connectors) only 219 of
            // the 756 pieces in view differ, and the rasteriser dashes each stroke anew (the
            // dashes were nearly all of the bitmap's raster: ~20–120 ms on the main thread when
            // the ghosts were committed, against ~1.5 ms for the same lines solid). Each is
            // drawn once. Phases are compared to 1/1024 of a world unit (on screen, under a
            // thousandth of a pixel).
            let period = period(&self.dash);
            let mut drawn: std::collections::HashSet<[u64; 5]> = std::collections::HashSet::new();
            for pts in routes.clone() {
                for p in dash_pieces_within(pts, area) {
                    let phase = if period > 0.0 { (p.along.rem_euclid(period) * 1024.0).round() as i64 as u64 } else { 0 };
                    if !drawn.insert([p.from.0.to_bits(), p.from.1.to_bits(), p.to.0.to_bits(), p.to.1.to_bits(), phase]) {
                        continue;
                    }
                    ctx.begin_path();
                    ctx.move_to(p.from.0, p.from.1);
                    ctx.line_to(p.to.0, p.to.1);
                    ctx.set_line_dash_offset(p.along);
                    ctx.stroke();
                }
            }
        }
        // The arrowheads at the ends in view, as one path.
        let Some(fill) = self.arrow else { return };
        let scale = arrow::SIZE * self.width / arrow::VIEW;
        ctx.begin_path();
        for pts in routes {
            let (Some(&end), Some(&prev)) = (pts.last(), pts.len().checked_sub(2).and_then(|i| pts.get(i))) else { continue };
            if !(end.0 >= area.x && end.0 <= area.x + area.w && end.1 >= area.y && end.1 <= area.y + area.h) {
                continue;
            }
            let len = (end.0 - prev.0).hypot(end.1 - prev.1);
            if len == 0.0 {
                continue;
            }
            // Marker units: u along the last segment, v across it.
            let (ux, uy) = ((end.0 - prev.0) / len, (end.1 - prev.1) / len);
            let p = |mx: f64, my: f64| {
                let (a, b) = ((mx - arrow::REF_X) * scale, (my - arrow::REF_Y) * scale);
                (end.0 + ux * a - uy * b, end.1 + uy * a + ux * b)
            };
            let [(ax, ay), (bx, by), (cx, cy)] = [p(0.0, 0.0), p(arrow::VIEW, arrow::VIEW / 2.0), p(0.0, arrow::VIEW)];
            ctx.move_to(ax, ay);
            ctx.line_to(bx, by);
            ctx.line_to(cx, cy);
            ctx.close_path();
        }
        ctx.set_fill_style_str(fill);
        ctx.fill();
    }
}

/// The length after which a dash pattern repeats (world units): its sum, twice it for an odd
/// count of values (SVG and the canvas repeat an odd list twice); 0 for a solid line.
fn period(dash: &[f64]) -> f64 {
    dash.iter().sum::<f64>() * if dash.len() % 2 == 1 { 2.0 } else { 1.0 }
}

/// The dash period of a connector of `kind` as the diagram draws it (world units), from the
/// computed style of its `.edge-line` in `styles` (the canvas's never-drawn lines: the
/// stylesheet stays the one place); None for a solid one, or when its style is not there.
pub fn dash_period(styles: &web_sys::Element, kind: ConnKind) -> Option<f64> {
    let p = period(&look(styles, kind).dash);
    (p > 0.0).then_some(p)
}

/// How the diagram draws a connector of `kind`: the computed style of its `.edge-line` in
/// `styles`, the arrowhead of its marker.
fn look(styles: &web_sys::Element, kind: ConnKind) -> Look {
    let line = styles.query_selector(&format!(".edge-{} .edge-line", kind.name())).ok().flatten();
    let style = line.and_then(|l| web_sys::window()?.get_computed_style(&l).ok().flatten());
    let css = |name: &str| -> String { style.as_ref().and_then(|s| s.get_property_value(name).ok()).unwrap_or_default() };
    let px = |s: &str| s.trim().trim_end_matches("px").trim().parse::<f64>().ok();
    let dash = css("stroke-dasharray");
    let dash: Vec<f64> = if dash.trim() == "none" { Vec::new() } else { dash.split([',', ' ']).filter_map(px).collect() };
    let stroke = css("stroke");
    Look {
        kind,
        stroke: if stroke.is_empty() { arrow::FILL.to_string() } else { stroke },
        width: px(&css("stroke-width")).unwrap_or(1.5),
        dash,
        arrow: match marker(kind) {
            "" => None,
            "url(#arrow-async)" => Some(arrow::FILL_ASYNC),
            _ => Some(arrow::FILL),
        },
    }
}

/// The arrowhead of a connector of `kind`, as `EdgeView` draws it.
pub fn marker(kind: ConnKind) -> &'static str {
    match kind {
        ConnKind::Async => "url(#arrow-async)",
        ConnKind::Association => "",
        _ => "url(#arrow)",
    }
}
