//! A drag's connectors following the pointer (issue 20: a node with hundreds of connections
//! must drag as fluidly as a leaf).
//!
//! While nodes are dragged, each connector with an end among them is drawn in the canvas's
//! edge layer (its own composited layer, over the diagram) by the direct path between its two
//! boxes with the moving ends where the pointer has them — `diagram::route::Follow`, worked
//! out for these connectors only — as one path per kind of connector and one path of
//! arrowheads per kind (`diagram::follow`: every connector a subpath, only the part in the
//! canvas written, dashes and arrowheads as the diagram draws them). The elements (at most
//! eight) are made when the drag starts, and each pointer move writes their `d` straight to
//! the DOM where it changed: no element per connector, no reactive view, no memo. The diagram
//! under it keeps the connectors where they were, as ghosts
//! (`canvas_cells::Cells::dragged_conns`).
//!
//! On a design of more than `route::MAX_ROUTED` connections these paths are the routes the
//! drop gives (the connectors do not jump when the button is released); on a smaller one the
//! drop routes every connector around the others, as always.
//!
//! Before, every dragged connector was a second `EdgeView` in the edge layer, each with its
//! memos, built when the drag started and re-rendered per move — a dashed one rebuilt its
//! pieces' elements on every move: with the 613 connectors of a 1,000-node estate's biggest
//! hub, 83 ms per move (p95) and a 183 ms start. Then (s24-hub) each connector was its own
//! elements (one path, or three for a dashed one's pieces) written per move: ~1,500 DOM writes
//! and ~25 ms of script per move, ~2,450 elements made at the start.

use cloudwright_engine::diagram::follow::Drawn;
use cloudwright_engine::diagram::route::Follow;
use cloudwright_engine::{ConnKind, Design, NodeId, Rect};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The class that marks the group the followed connectors are drawn in.
pub const GROUP_CLASS: &str = "follow";

/// The fill of the arrowhead of `#arrow` (solid and replication connectors) and of
/// `#arrow-async` (the canvas's markers and the followed connectors' heads: one colour each).
pub const ARROW_FILL: &str = "#545b64";
pub const ARROW_ASYNC_FILL: &str = "#e7157b";

struct Active {
    follow: Follow,
    /// Per kind (`ConnKind::ALL`'s order): its lines' path and its arrowheads' path (None: no
    /// connector of the kind follows, or it has no arrowhead).
    lines: [Option<web_sys::Element>; 4],
    heads: [Option<web_sys::Element>; 4],
    /// What was written last, and the buffer the next move is drawn into (swapped).
    written: Drawn,
    next: Drawn,
    /// The group the elements are in (emptied when the drag ends).
    group: web_sys::Element,
    /// The offset last drawn.
    at: (f64, f64),
    /// The world area drawn (what the canvas shows, with a margin): the part of a connector
    /// outside it is not written (the edge layer clips to the canvas).
    area: Rect,
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

    /// A drag of `moving` starts on drawing `d` (the canvas's drawing input): makes the
    /// elements of the kinds of connector with an end among them in `group`, draws them where
    /// they are, and returns their ids (to be shown as ghosts in the diagram). `area`: the
    /// world area the canvas shows, with a margin.
    pub fn start(&self, group: web_sys::Element, d: &Design, moving: &BTreeSet<NodeId>, area: Rect) -> Vec<cloudwright_engine::ConnId> {
        self.stop();
        let follow = Follow::new(d, moving);
        let Some(doc) = group.owner_document() else { return Vec::new() };
        let make = |name: &str| doc.create_element_ns(Some("http://www.w3.org/2000/svg"), name).ok();
        let ids: Vec<cloudwright_engine::ConnId> = follow.routes_at(0.0, 0.0).map(|(id, _, _)| id.clone()).collect();
        let mut present = [false; 4];
        for (_, kind, _) in follow.routes_at(0.0, 0.0) {
            present[slot(kind)] = true;
        }
        let (mut lines, mut heads): ([Option<web_sys::Element>; 4], [Option<web_sys::Element>; 4]) = Default::default();
        for (i, kind) in ConnKind::ALL.into_iter().enumerate().filter(|(i, _)| present[*i]) {
            // The classes the diagram's connectors have, so the lines take the same stroke and
            // dashes (styles/app.css).
            let Some(g) = make("g") else { continue };
            let _ = g.set_attribute("class", &format!("edge edge-{}", kind.name()));
            if let Some(p) = make("path") {
                let _ = p.set_attribute("class", "edge-line");
                let _ = g.append_child(&p);
                lines[i] = Some(p);
            }
            if let Some(fill) = head_fill(kind) {
                if let Some(p) = make("path") {
                    let _ = p.set_attribute("class", "edge-head");
                    let _ = p.set_attribute("fill", fill);
                    let _ = g.append_child(&p);
                    heads[i] = Some(p);
                }
            }
            let _ = group.append_child(&g);
        }
        self.active.set_value(Some(Active { follow, lines, heads, written: Drawn::default(), next: Drawn::default(), group, at: (f64::NAN, f64::NAN), area }));
        self.move_to((0.0, 0.0), area);
        ids
    }

    /// The pointer moved the drag to offset (dx, dy) (world units), the canvas showing `area`:
    /// each kind's path drawn again with the moving ends there (`Follow::draw_at`), written
    /// where it changed — a few attributes per move, however many connectors follow.
    pub fn move_to(&self, (dx, dy): (f64, f64), area: Rect) {
        self.active.update_value(|a| {
            let Some(a) = a.as_mut() else { return };
            if a.at == (dx, dy) && a.area == area {
                return;
            }
            (a.at, a.area) = ((dx, dy), area);
            a.follow.draw_at(dx, dy, &area, |k| head_fill(k).is_some(), &mut a.next);
            for i in 0..4 {
                write(a.lines[i].as_ref(), &a.next.lines[i], &a.written.lines[i]);
                write(a.heads[i].as_ref(), &a.next.heads[i], &a.written.heads[i]);
            }
            std::mem::swap(&mut a.written, &mut a.next);
        });
    }

    /// The drag ended (dropped, cancelled, or the design replaced): the followed connectors go.
    pub fn stop(&self) {
        if let Some(a) = self.active.try_update_value(Option::take).flatten() {
            // The elements in one go.
            a.group.set_inner_html("");
        }
    }
}

/// Gives `el` the path data `d` unless it already has it (`was`).
fn write(el: Option<&web_sys::Element>, d: &str, was: &str) {
    let Some(el) = el else { return };
    if d != was {
        let _ = if d.is_empty() { el.remove_attribute("d") } else { el.set_attribute("d", d) };
    }
}

fn slot(kind: ConnKind) -> usize {
    ConnKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The fill of the arrowhead of a connector of `kind` (as its marker, [`marker`]); None: it
/// has none.
fn head_fill(kind: ConnKind) -> Option<&'static str> {
    match marker(kind) {
        "" => None,
        "url(#arrow-async)" => Some(ARROW_ASYNC_FILL),
        _ => Some(ARROW_FILL),
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
