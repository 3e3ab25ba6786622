//! A drag's connectors following the pointer (issue 20: a node with hundreds of connections
//! must drag as fluidly as a leaf).
//!
//! While nodes are dragged, each connector with an end among them is drawn in the canvas's
//! edge layer (its own composited layer, over the diagram) by the direct path between its two
//! boxes with the moving ends where the pointer has them — `diagram::route::Follow`, worked
//! out for these connectors only. The elements are made once when the drag starts, and each
//! pointer move writes their `d` (and dash offset) straight to the DOM: no reactive view per
//! connector, no memo, no element made or dropped per move. The diagram under it keeps the
//! connectors where they were, as ghosts (`canvas_cells::Cells::dragged_conns`).
//!
//! On a design of more than `route::MAX_ROUTED` connections these paths are the routes the
//! drop gives (the connectors do not jump when the button is released); on a smaller one the
//! drop routes every connector around the others, as always.
//!
//! Before, every dragged connector was a second `EdgeView` in the edge layer, each with its
//! memos, built when the drag started and re-rendered per move — a dashed one rebuilt its
//! pieces' elements on every move: with the 613 connectors of a 1,000-node estate's biggest
//! hub, 83 ms per move (p95) and a 183 ms start.

use cloudwright_engine::diagram::route::Follow;
use cloudwright_engine::{ConnKind, Design, NodeId, Rect};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The most pieces a followed dashed connector is drawn as: a direct path has at most four
/// points (`route::fallback`).
const PIECES: usize = 3;

/// The class that marks the group the followed connectors are drawn in.
pub const GROUP_CLASS: &str = "follow";

/// One followed connector's elements.
struct Drawn {
    /// Its path elements: one for a solid connector; [`PIECES`] for a dashed one, drawn as
    /// straight pieces as the diagram draws it (`EdgeView`, `geometry::dash_pieces`; a slot the path
    /// does not need has no `d` and draws nothing).
    paths: Vec<web_sys::Element>,
    /// What each path was last given (`d`, `stroke-dashoffset`): an unchanged one is not
    /// written again.
    written: Vec<(String, String)>,
    /// The dashed connector's arrowhead: the marker, and the piece that has it (the last one
    /// drawn; it moves when the number of pieces changes).
    marker: &'static str,
    marker_at: Option<usize>,
}

struct Active {
    follow: Follow,
    drawn: Vec<Drawn>,
    /// The group the elements are in (emptied when the drag ends).
    group: web_sys::Element,
    /// The offset last drawn.
    at: (f64, f64),
    /// The world area drawn (what the canvas shows, with a margin): a piece outside it is
    /// not drawn (the edge layer clips to the canvas).
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
    /// elements of every connector with an end among them in `group`, draws them where they
    /// are, and returns their ids (to be shown as ghosts in the diagram). `area`: the world
    /// area the canvas shows, with a margin.
    pub fn start(&self, group: web_sys::Element, d: &Design, moving: &BTreeSet<NodeId>, area: Rect) -> Vec<cloudwright_engine::ConnId> {
        self.stop();
        let follow = Follow::new(d, moving);
        let Some(doc) = group.owner_document() else { return Vec::new() };
        let make = |name: &str| doc.create_element_ns(Some("http://www.w3.org/2000/svg"), name).ok();
        let mut ids = Vec::with_capacity(follow.len());
        let mut drawn = Vec::with_capacity(follow.len());
        for (id, kind, _) in follow.routes_at(0.0, 0.0) {
            ids.push(id.clone());
            let Some(g) = make("g") else { continue };
            let _ = g.set_attribute("class", &format!("edge edge-{}", kind.name()));
            let _ = g.set_attribute("data-conn", id.as_str());
            let n = if kind == ConnKind::Sync { 1 } else { PIECES };
            let paths: Vec<web_sys::Element> = (0..n).filter_map(|_| make("path")).collect();
            for p in &paths {
                let _ = p.set_attribute("class", "edge-line");
                let _ = g.append_child(p);
            }
            // A solid connector's one path has the arrowhead for good; a dashed one's moves
            // to its last piece (`Drawn::mark`).
            if kind == ConnKind::Sync && !marker(kind).is_empty() {
                let _ = paths[0].set_attribute("marker-end", marker(kind));
            }
            let _ = group.append_child(&g);
            drawn.push(Drawn { written: vec![(String::new(), String::new()); paths.len()], paths, marker: marker(kind), marker_at: None });
        }
        self.active.set_value(Some(Active { follow, drawn, group, at: (f64::NAN, f64::NAN), area }));
        self.move_to((0.0, 0.0), area);
        ids
    }

    /// The pointer moved the drag to offset (dx, dy) (world units), the canvas showing `area`:
    /// each followed connector's path with the moving ends there, written where it changed.
    /// Only what is in `area` is drawn: a hub's connectors run off across the whole design,
    /// and more than half of their pieces are outside the canvas (at 1,000 nodes, 1,839
    /// pieces of which ~770 are in view): written, each cost a DOM write, a style and layout
    /// pass and paint recording per move for nothing shown.
    pub fn move_to(&self, (dx, dy): (f64, f64), area: Rect) {
        self.active.update_value(|a| {
            let Some(a) = a.as_mut() else { return };
            if a.at == (dx, dy) && a.area == area {
                return;
            }
            (a.at, a.area) = ((dx, dy), area);
            let shown = |p: &(f64, f64), q: &(f64, f64)| p.0.max(q.0) >= area.x && p.0.min(q.0) <= area.x + area.w && p.1.max(q.1) >= area.y && p.1.min(q.1) <= area.y + area.h;
            for ((_, kind, route), drawn) in a.follow.routes_at(dx, dy).zip(a.drawn.iter_mut()) {
                let seen: Vec<bool> = route.points.windows(2).map(|w| shown(&w[0], &w[1])).collect();
                if kind == ConnKind::Sync {
                    // One path with its arrowhead: drawn whole if any of it shows.
                    drawn.set(0, if seen.contains(&true) { route.path() } else { String::new() }, String::new());
                    continue;
                }
                // The pieces of `dash_pieces` are the route's segments, one for one.
                let mut pieces = route.dash_pieces();
                drawn.mark(pieces.len().checked_sub(1));
                for i in 0..drawn.paths.len() {
                    let (d, along) = match pieces.get_mut(i) {
                        Some((p, along)) if seen.get(i) == Some(&true) => (std::mem::take(p), along.to_string()),
                        _ => Default::default(),
                    };
                    drawn.set(i, d, along);
                }
            }
        });
    }

    /// The drag ended (dropped, or the design replaced): the followed connectors go.
    pub fn stop(&self) {
        if let Some(a) = self.active.try_update_value(Option::take).flatten() {
            // The elements in one go (their count is the drag's, not the design's).
            a.group.set_inner_html("");
        }
    }
}

impl Drawn {
    /// Puts the arrowhead (if its kind has one) on piece `last`.
    fn mark(&mut self, last: Option<usize>) {
        if self.marker.is_empty() || self.marker_at == last {
            return;
        }
        if let Some(p) = self.marker_at.and_then(|i| self.paths.get(i)) {
            let _ = p.remove_attribute("marker-end");
        }
        if let Some(p) = last.and_then(|i| self.paths.get(i)) {
            let _ = p.set_attribute("marker-end", self.marker);
        }
        self.marker_at = last;
    }

    /// Gives path `i` its data and dash offset, writing only what changed.
    fn set(&mut self, i: usize, d: String, along: String) {
        let (Some(p), Some(w)) = (self.paths.get(i), self.written.get_mut(i)) else { return };
        if w.0 != d {
            let _ = if d.is_empty() { p.remove_attribute("d") } else { p.set_attribute("d", &d) };
            w.0 = d;
        }
        if w.1 != along {
            let _ = if along.is_empty() { p.remove_attribute("stroke-dashoffset") } else { p.set_attribute("stroke-dashoffset", &along) };
            w.1 = along;
        }
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
