//! Connector routing: every connection as an orthogonal polyline that goes around component
//! icons and labels, keeps apart from the other connectors, and is long enough to be seen.
//!
//! No routing crate was used: the one that fits (`connector-routing`, Wybrow et al.'s
//! orthogonal visibility graph with nudging) is not in the registry mirror this project
//! builds from, and the rest are graph-layout engines far larger than the router needed
//! here. The method is the standard one, kept small:
//!
//! 1. **Obstacles**: each component's box with its label, and each container's icon and
//!    label, grown by [`CLEARANCE`]. Container frames are not obstacles (lines cross them).
//! 2. **Grid**: the orthogonal visibility grid over the obstacle edges, the port lines and
//!    the midlines between them (a connector runs along an obstacle's clearance or down
//!    the middle of a gap).
//! 3. **Search**: A* over (grid point, heading), cost = length + [`BEND`] per turn + a
//!    penalty for running along (or crossing) a connector already routed, from any of the
//!    source's ports to any of the target's. Ports sit on each side of the box (centre and
//!    ±[`PORT_STEP`]); a port another connector already uses costs more, so connectors
//!    leave and enter a box apart. Each port has a stub [`CLEARANCE`] long, perpendicular
//!    to its side, so an arrow is never shorter than 2 × [`CLEARANCE`].
//! 4. **Nudging**: middle segments that still lie on the same line over a common stretch
//!    are spread [`NUDGE`] apart, unless that would put one through an obstacle.
//!
//! Deterministic: connections are routed in id order and ties are broken by grid index.
//! Units are world units (CSS pixels at 100% zoom).

use super::geometry::{icon_box, inflate, label_box_sized, label_size, node_is_container, segment_crosses, union};
use crate::model::{ConnId, Design, Node, NodeId, Rect};
use std::cmp::Reverse;
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::collections::{BTreeMap, BinaryHeap};
use std::fmt::Write;

/// Space kept free around every icon and label, and the length of a port's stub.
pub const CLEARANCE: f64 = 10.0;
/// Cost of one turn, in world units of length.
pub const BEND: f64 = 40.0;
/// Distance between neighbouring ports on one side of a box.
pub const PORT_STEP: f64 = 14.0;
/// Extra cost per unit of length of running along a connector already routed.
pub const SHARE: f64 = 3.0;
/// Distance between connectors nudged apart.
pub const NUDGE: f64 = 6.0;
/// Shortest connector length counted as visible by [`super::check`] (the two stubs).
pub const MIN_LENGTH: f64 = 2.0 * CLEARANCE;

/// A connector's route: its corner points from the source's port to the target's port.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub points: Vec<(f64, f64)>,
}

impl Route {
    /// SVG path data (`M x,y L x,y …`): each coordinate rounded to a tenth of a unit and
    /// written as `f64`'s `Display` writes it ([`write_tenths`]).
    pub fn path(&self) -> String {
        // ~12 bytes a point ("1234.5,678.9 L"): room made once.
        let mut s = String::with_capacity(self.points.len() * 16);
        for (i, (x, y)) in self.points.iter().enumerate() {
            s.push_str(if i == 0 { "M" } else { " L" });
            write_tenths(&mut s, round(*x));
            s.push(',');
            write_tenths(&mut s, round(*y));
        }
        s
    }
    /// The path as straight pieces with their dash offsets ([`super::geometry::dash_pieces`]
    /// of [`Self::path`], from the points, with no path written and parsed back).
    pub fn dash_pieces(&self) -> Vec<(String, f64)> {
        super::geometry::dash_pieces_of(&self.drawn_points())
    }
    /// The points as [`Self::path`] writes them (to a tenth of a unit): what a drawing of the
    /// route other than its path data (a drag's bitmap, `canvas_follow`) draws, so it draws the
    /// very points the diagram does.
    pub fn drawn_points(&self) -> Vec<(f64, f64)> {
        self.points.iter().map(|&(x, y)| (round(x), round(y))).collect()
    }
    /// Total length, world units.
    pub fn length(&self) -> f64 {
        self.points.windows(2).map(|w| (w[1].0 - w[0].0).abs() + (w[1].1 - w[0].1).abs()).sum()
    }
    /// The segments, as point pairs.
    pub fn segments(&self) -> impl Iterator<Item = ((f64, f64), (f64, f64))> + '_ {
        self.points.windows(2).map(|w| (w[0], w[1]))
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Writes `v`, a value [`round`]ed to a tenth, as `write!(s, "{v}")` does — the same text —
/// from its whole number of tenths, without the formatter's shortest-digits search: a hub's
/// drop writes the paths of its ~600 re-routed connectors (~7,000 numbers) in the drop's task
/// (s46-drop). `k / 10.0` (k whole, |k| < 2^53) is the double nearest the decimal `k/10`, and
/// no decimal with fewer digits is that near (they differ from `k/10` by 0.1 or more), so
/// `Display`'s shortest text is `k/10` in decimal: its whole part, then `.d` unless `d` is 0;
/// `-` for a negative value, `-0` included. Anything else (not finite, not a tenth, ≥ 10^15)
/// goes through `Display`.
fn write_tenths(s: &mut String, v: f64) {
    // The whole number of tenths (`v * 10.0` itself may be off a whole number by an ulp).
    let k = (v * 10.0).round();
    if !(k.abs() < 1e15) || k / 10.0 != v {
        let _ = write!(s, "{v}");
        return;
    }
    let k = k.abs() as u64;
    if v.is_sign_negative() {
        s.push('-');
    }
    let (whole, tenth) = (k / 10, k % 10);
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut w = whole;
    loop {
        i -= 1;
        digits[i] = b'0' + (w % 10) as u8;
        w /= 10;
        if w == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        s.push(d as char);
    }
    if tenth != 0 {
        s.push('.');
        s.push((b'0' + tenth as u8) as char);
    }
}

/// Most connections routed around obstacles; a larger design gets the direct paths (the
/// search costs about a connection × the grid, and the canvas must stay responsive: a
/// 100-node, 186-connection generated estate took seconds).
pub const MAX_ROUTED: usize = 120;
/// Most grid states one connector's search may settle before it gives up (then the direct
/// path); the templates' largest searches settle about 30,000.
pub const SEARCH_BUDGET: usize = 120_000;
/// Most grid states all the searches of one [`route_all`] may settle together; past it every
/// connector not yet routed keeps the direct path (and a rip-up keeps the route it has). A
/// search whose goal cannot be reached settles its whole budget: with 60–120 connections of
/// a generated estate, boxed-in ends made `route_all` take 3.4–8.3 s natively (issue 20), on
/// the page's main thread at every drop; with this budget ~0.3 s (a settled state costs
/// ~360 ns natively). The templates settle at most 182,544 in all (multi-region, ~1/4 of it;
/// `tests/route_budget.rs`), so none of their drawings depends on it.
pub const TOTAL_SEARCH_BUDGET: usize = 800_000;

/// Routes every connection whose two ends have a rectangle. Connections are routed in id
/// order; a connection the search cannot route (both ends boxed in, or over
/// [`SEARCH_BUDGET`]) gets the direct orthogonal path of [`super::geometry::edge_path`]'s
/// shape, which [`super::check`] reports; so does every connection of a design with more
/// than [`MAX_ROUTED`].
pub fn route_all(d: &Design) -> BTreeMap<ConnId, Route> {
    route_all_counted(d).0
}

/// [`route_all`], and what its searches did: the grid states they settled in all (at most
/// [`TOTAL_SEARCH_BUDGET`] plus one search's overshoot of a state), and how many gave up why.
#[doc(hidden)]
pub fn route_all_counted(d: &Design) -> (BTreeMap<ConnId, Route>, Searched) {
    let (routes, searched, _) = route_all_scene(d);
    (routes, searched)
}

/// [`route_all`], and the boxes its connectors end at ([`Boxes`]: every drawn node's), to be
/// handed to [`reroute_boxed`] with the routes.
pub fn route_all_boxed(d: &Design) -> (BTreeMap<ConnId, Route>, Boxes) {
    let (routes, _, boxes) = route_all_scene(d);
    (routes, boxes)
}

/// Each drawn node's box that its connectors end at, for one design (what [`reroute_boxed`]
/// would otherwise work out again from the node's rectangle, kind and label — the label
/// measured and wrapped: at a hub's drop on a 1,000-node estate, the 613 nodes at the far
/// ends of its connectors, ~1.8 ms of `reroute`'s ~2 ms in a CPU profile, s55-drop). Kept
/// with the routes between changes; it may hold fewer nodes than are drawn (those are worked
/// out when asked, and kept), never a box that differs from the design's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boxes(BTreeMap<NodeId, Ends>);

impl Boxes {
    /// How many nodes' boxes it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn route_all_scene(d: &Design) -> (BTreeMap<ConnId, Route>, Searched, Boxes) {
    let scene = Scene::new(d);
    let (routes, searched) = route_scene(d, &scene);
    (routes, searched, Boxes(scene.boxes))
}

fn route_scene(d: &Design, scene: &Scene) -> (BTreeMap<ConnId, Route>, Searched) {
    if d.connections.len() > MAX_ROUTED {
        let routes = d
            .connections
            .values()
            .filter_map(|c| Some((c.id.clone(), fallback(scene.boxes.get(&c.from)?, scene.boxes.get(&c.to)?))))
            .collect();
        return (routes, Searched::default());
    }
    let grid = Grid::new(scene);
    let mut budget = Budget { left: TOTAL_SEARCH_BUDGET, searched: Searched::default() };
    let mut used = Usage::default();
    let mut routes = BTreeMap::new();
    let ends = |c: &crate::model::Connection| Some((scene.boxes.get(&c.from)?, scene.boxes.get(&c.to)?));
    for c in d.connections.values() {
        let Some((a, b)) = ends(c) else { continue };
        let route = grid.search(a, b, &used, SHARE, &mut budget).unwrap_or_else(|| fallback(a, b));
        used.add(&route, &grid);
        routes.insert(c.id.clone(), route);
    }
    // Rip up and re-route: a connector still running along another is routed again around
    // all the others, with sharing made much dearer. Two rounds settle the templates.
    for _ in 0..2 {
        let ids: Vec<ConnId> = routes.keys().cloned().collect();
        let mut changed = false;
        for id in &ids {
            let overlaps = routes.iter().any(|(o, r)| o != id && routes[id].segments().any(|s| collinear_overlap(s, r) > 2.0));
            if !overlaps {
                continue;
            }
            let mut others = Usage::default();
            for (o, r) in &routes {
                if o != id {
                    others.add(r, &grid);
                }
            }
            let Some((a, b)) = ends(&d.connections[id]) else { continue };
            if let Some(r) = grid.search(a, b, &others, 10.0 * SHARE, &mut budget) {
                changed |= r != routes[id];
                routes.insert(id.clone(), r);
            }
        }
        if !changed {
            break;
        }
    }
    nudge(&mut routes, &scene.solid);
    (routes, budget.searched)
}

/// What is left of [`TOTAL_SEARCH_BUDGET`] in one [`route_all`], and what was used.
struct Budget {
    left: usize,
    searched: Searched,
}

/// What the searches of one [`route_all`] did (for tests and benchmarks).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Searched {
    /// Grid states settled in all (at most [`TOTAL_SEARCH_BUDGET`] plus one search's overshoot
    /// of a state).
    pub settled: usize,
    /// Searches run (first routes and rip-ups).
    pub searches: usize,
    /// Searches answered without settling a state: no goal stub in a start stub's region.
    pub unreachable: usize,
    /// Searches stopped by their cap (their share of the budgets).
    pub capped: usize,
    /// Searches that settled every state they could reach without finding the goal.
    pub exhausted: usize,
}

/// Why a search found no route.
#[derive(Debug)]
enum Miss {
    /// No usable port on one of the two boxes.
    NoPorts,
    /// No goal stub in the region of any start stub (nothing settled).
    Unreachable,
    /// Its cap was reached.
    Capped,
    /// Every reachable state settled.
    Exhausted,
}

/// The parts of a design its drawing depends on: nodes (kind, label, parent; no properties),
/// connections (ends and kind; no settings) and the layout. Two designs with equal drawing
/// inputs route the same, so the app re-routes only when this changes (not on a property
/// edit).
pub fn drawing_input(d: &Design) -> Design {
    let mut out = Design::new("", "");
    // What is drawn of each node, copied field by field (its properties are not copied to be
    // dropped), and the maps built from sorted entries in one pass rather than insert by
    // insert: the canvas builds this on every drawn change (a drop, a relabel) of the design.
    out.nodes = d
        .nodes
        .values()
        .map(|n| {
            let Node { id, kind, label, parent, span, props: _, ingress: _, suppressions: _ } = n;
            let drawn = Node { id: id.clone(), kind: kind.clone(), label: label.clone(), parent: parent.clone(), span: span.clone(), props: Default::default(), ingress: Vec::new(), suppressions: Vec::new() };
            (id.clone(), drawn)
        })
        .collect();
    out.connections = d.connections.values().map(|c| (c.id.clone(), crate::model::Connection::new(c.id.clone(), c.from.clone(), c.to.clone(), c.kind))).collect();
    out.layout = d.layout.clone();
    out
}

/// Whether `d`'s drawing input is `drawn` (a [`drawing_input`]), checked in place: the same as
/// `drawing_input(d) == *drawn` without building the copy. The app asks it after every edit,
/// so a property edit on a 1,000-node design costs a comparison, not a copy of every node,
/// connection and rectangle (and dropping the old copy).
pub fn same_drawing(drawn: &Design, d: &Design) -> bool {
    // Destructured, so a field added to `Node` must be placed on one side or the other here.
    let same_node = |a: &Node, b: &Node| {
        let Node { id, kind, label, parent, span, props: _, ingress: _, suppressions: _ } = b;
        a.id == *id && a.kind == *kind && a.label == *label && a.parent == *parent && a.span == *span
    };
    drawn.layout == d.layout
        && drawn.nodes.len() == d.nodes.len()
        && drawn.nodes.values().zip(d.nodes.values()).all(|(a, b)| same_node(a, b))
        && drawn.connections.len() == d.connections.len()
        && drawn.connections.values().zip(d.connections.values()).all(|(a, b)| a.id == b.id && a.from == b.from && a.to == b.to && a.kind == b.kind)
        && drawn.name.is_empty()
        && drawn.region.is_empty()
}

/// Each connection as one straight line between box centres: what a diagram without a
/// router draws. For tests and comparisons; [`super::check`] flags what it crosses.
pub fn straight_all(d: &Design) -> BTreeMap<ConnId, Route> {
    d.connections
        .values()
        .filter_map(|c| {
            let (a, b) = (d.layout.get(&c.from)?, d.layout.get(&c.to)?);
            Some((c.id.clone(), Route { points: vec![(a.x + a.w / 2.0, a.y + a.h / 2.0), (b.x + b.w / 2.0, b.y + b.h / 2.0)] }))
        })
        .collect()
}

/// What a connector ends at: the box its ports sit on.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ends {
    /// The box ports sit on: a component's box with its label; a container's frame.
    rect: Rect,
    /// Whether ports may be moved off the centre of a side.
    spread: bool,
    /// Half the width kept free of ports at the middle of the top and bottom sides: for a
    /// component drawn as a band across AZs, its icon and label (a connector into the top
    /// middle of a band ran on, to the eye, through its icon and label and the next band's:
    /// ALB → App tasks → Aurora read as one line through three labels); 0 otherwise.
    centre_clear: f64,
}

/// The obstacles and the boxes connectors end at.
struct Scene {
    /// Icons and labels grown by the clearance: what the search goes around.
    obstacles: Vec<Rect>,
    /// The same without the clearance: what nudging must not cross.
    solid: Vec<Rect>,
    boxes: BTreeMap<NodeId, Ends>,
}

impl Scene {
    fn new(d: &Design) -> Scene {
        let mut obstacles = Vec::new();
        let mut solid = Vec::new();
        let mut boxes = BTreeMap::new();
        for n in d.nodes.values() {
            let Some(s) = shape(d, n) else { continue };
            solid.push(s.solid);
            obstacles.push(inflate(&s.solid, s.clearance));
            boxes.insert(n.id.clone(), s.ends);
        }
        Scene { obstacles, solid, boxes }
    }
}

/// What one node puts in the scene.
struct Shape {
    /// What connectors go around: a component's box with its label; a container's icon and
    /// label (its frame is no obstacle).
    solid: Rect,
    /// How far the search keeps clear of `solid`.
    clearance: f64,
    /// Where its connectors end.
    ends: Ends,
}

/// The node's shape, from its rectangle, kind (container or not), label and span alone;
/// None without a rectangle.
fn shape(d: &Design, n: &Node) -> Option<Shape> {
    Some(shape_at(n, d.layout.get(&n.id)?))
}

/// The node's shape were its rectangle `r` ([`shape`]; a drag asks it for where the node is
/// being dragged, [`Follow`]).
fn shape_at(n: &Node, r: &Rect) -> Shape {
    shape_of(&Outline::of(n, r.w), r)
}

/// What a node's [`Shape`] reads besides its rectangle: whether it is a container, whether
/// it spans AZs and its label's size (the label measured and wrapped once, for its box's
/// width: a drag moves a box, it does not resize it).
#[derive(Clone, Copy, Debug)]
struct Outline {
    container: bool,
    spans: bool,
    label: (f64, f64),
}

impl Outline {
    fn of(n: &Node, box_w: f64) -> Outline {
        let container = node_is_container(n);
        Outline { container, spans: !n.span.is_empty(), label: label_size(container, &n.label, box_w) }
    }
}

/// [`shape_at`] from the node's [`Outline`]: the same shape, the same bits.
fn shape_of(o: &Outline, r: &Rect) -> Shape {
    let container = o.container;
    let label = label_box_sized(container, o.label, r);
    // Whole pixels, so ports and obstacle edges fall on the same grid lines.
    if container {
        let head = whole(&union(&icon_box(true, r), &label));
        Shape { solid: head, clearance: CLEARANCE / 2.0, ends: Ends { rect: whole(r), spread: true, centre_clear: 0.0 } }
    } else {
        let body = whole(&union(r, &label));
        let centre_clear = if !o.spans { 0.0 } else { label.w.max(40.0) / 2.0 + CLEARANCE };
        Shape { solid: body, clearance: CLEARANCE, ends: Ends { rect: body, spread: true, centre_clear } }
    }
}

/// The nodes whose [`shape`] may differ between the two designs — what it reads (rectangle,
/// kind, label, whether it spans AZs) differs, or the node is in one design only — with
/// their ends in `after` (None: gone or without a rectangle).
fn reshaped(before: &Design, after: &Design) -> BTreeMap<NodeId, Option<Ends>> {
    let same = |a: &Node, b: &Node| before.layout.get(&a.id) == after.layout.get(&b.id) && a.kind == b.kind && a.label == b.label && a.span.is_empty() == b.span.is_empty();
    let mut out = BTreeMap::new();
    for n in after.nodes.values() {
        if !before.nodes.get(&n.id).is_some_and(|b| same(b, n)) {
            out.insert(n.id.clone(), shape(after, n).map(|s| s.ends));
        }
    }
    for id in before.nodes.keys().filter(|id| !after.nodes.contains_key(*id)) {
        out.insert(id.clone(), None);
    }
    out
}

/// Which routes [`reroute`] computed again.
#[derive(Clone, Debug, PartialEq)]
pub enum Rerouted {
    /// Every connection (a routed design: each route depends on all the others).
    All,
    /// Only these: each either routed again or removed (its connection gone, or an end
    /// without a rectangle). Every other route was kept as it was.
    Only(Vec<ConnId>),
}

/// Brings `routes` — [`route_all`] of `before` — up to date for `after`, computing again only
/// what the change can have moved, and says which routes it computed. Afterwards `routes`
/// equals `route_all(after)` (`tests/route_incremental.rs`, on random edit sequences).
///
/// With more than [`MAX_ROUTED`] connections (in both designs) every connector is the direct
/// path between the boxes of its two ends, so only the connections that are new, or whose
/// ends changed, or an end of which was moved, resized, relabelled or changed kind, are
/// computed again: a drop of one component on a 1,000-node estate recomputes its few
/// connectors, not 2,790. At or under it, connectors are routed around each other (the grid
/// is made of every obstacle, each search pays for what was routed before it, rip-up and
/// nudging move any of them): every route depends on every other, so all are routed again.
pub fn reroute(before: &Design, routes: &mut BTreeMap<ConnId, Route>, after: &Design) -> Rerouted {
    reroute_boxed(before, routes, &mut Boxes::default(), after)
}

/// [`reroute`], with `boxes` the connector boxes of `before` kept from [`route_all_boxed`]
/// or the last call (any subset of them: an empty one is valid), brought up to date for
/// `after` as well: a node that did not change is not measured again (a hub's drop measured
/// the label of every node at the far end of its 613 connectors, s55-drop). The same routes
/// as [`reroute`] (`tests/route_incremental.rs`).
pub fn reroute_boxed(before: &Design, routes: &mut BTreeMap<ConnId, Route>, boxes: &mut Boxes, after: &Design) -> Rerouted {
    if before.connections.len() <= MAX_ROUTED || after.connections.len() <= MAX_ROUTED {
        (*routes, *boxes) = route_all_boxed(after);
        return Rerouted::All;
    }
    let mut changed: Vec<ConnId> = routes.keys().filter(|id| !after.connections.contains_key(*id)).cloned().collect();
    for id in &changed {
        routes.remove(id);
    }
    let reshaped = reshaped(before, after);
    // Every node whose box can differ is in `reshaped`: the others' boxes hold for `after`.
    for (id, e) in &reshaped {
        match e {
            Some(e) => boxes.0.insert(id.clone(), *e),
            None => boxes.0.remove(id),
        };
    }
    let mut ends = |id: &NodeId| match boxes.0.get(id) {
        Some(e) => Some(*e),
        None => {
            let e = after.nodes.get(id).and_then(|n| shape(after, n)).map(|s| s.ends)?;
            boxes.0.insert(id.clone(), e);
            Some(e)
        }
    };
    for c in after.connections.values() {
        let same_ends = before.connections.get(&c.id).is_some_and(|b| b.from == c.from && b.to == c.to);
        if same_ends && !reshaped.contains_key(&c.from) && !reshaped.contains_key(&c.to) {
            continue;
        }
        match (ends(&c.from), ends(&c.to)) {
            (Some(a), Some(b)) => {
                routes.insert(c.id.clone(), fallback(&a, &b));
            }
            _ => {
                routes.remove(&c.id);
            }
        }
        changed.push(c.id.clone());
    }
    Rerouted::Only(changed)
}

/// The connectors of what a drag moves, following it: each the direct path between the
/// boxes of its two ends ([`fallback`], what [`super::geometry::edge_path`] draws), with the
/// moving ends where the drag has them. Made once when the drag starts (from the drawing as it
/// is then); each pointer move asks [`Follow::routes_at`], which works out the moving nodes'
/// boxes once and then each connector's four points — no grid, no search, nothing of the rest
/// of the design: on a 1,000-node estate the 613 connectors of its biggest hub, not 2,790.
///
/// On a design of more than [`MAX_ROUTED`] connections this is exactly what [`route_all`]
/// gives once the move is made ([`crate::Edit::move_by`] by the same offset: the boxes are
/// worked out from the moved rectangles the same way), so the drop changes nothing the drag
/// showed (`tests/route_follow.rs`). At or under it the drop routes every connector around the
/// others, as always; the drag shows the direct paths until then.
#[derive(Clone, Debug, Default)]
pub struct Follow {
    /// The moving nodes that end a followed connector: what their boxes are worked out from
    /// (their labels measured and wrapped once, when the drag starts).
    moving: Vec<(NodeId, Outline, Rect)>,
    /// The boxes of the ends that stay.
    fixed: BTreeMap<NodeId, Ends>,
    /// The followed connections: id, kind, ends.
    conns: Vec<(ConnId, crate::model::ConnKind, NodeId, NodeId)>,
}

impl Follow {
    /// The connectors with an end in `moving` (a drag's nodes, with everything inside those
    /// it grabbed), in id order, from `d` as it is before the move. A connector whose ends are
    /// not both drawn (no rectangle) is left out, as [`route_all`] leaves it out.
    pub fn new(d: &Design, moving: &std::collections::BTreeSet<NodeId>) -> Follow {
        let mut out = Follow::default();
        let mut seen = std::collections::BTreeSet::new();
        let drawn = |id: &NodeId| d.nodes.contains_key(id) && d.layout.contains_key(id);
        for c in d.connections.values() {
            if !(moving.contains(&c.from) || moving.contains(&c.to)) || !drawn(&c.from) || !drawn(&c.to) {
                continue;
            }
            for end in [&c.from, &c.to] {
                if moving.contains(end) {
                    if seen.insert(end) {
                        // What the box reads (kind, label, span), not the properties.
                        out.moving.push((end.clone(), Outline::of(&d.nodes[end], d.layout[end].w), d.layout[end]));
                    }
                } else if !out.fixed.contains_key(end) {
                    out.fixed.insert(end.clone(), shape_at(&d.nodes[end], &d.layout[end]).ends);
                }
            }
            out.conns.push((c.id.clone(), c.kind, c.from.clone(), c.to.clone()));
        }
        out
    }

    /// How many connectors follow the drag.
    pub fn len(&self) -> usize {
        self.conns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.conns.is_empty()
    }

    /// Each followed connector's route with the moving nodes moved by (`dx`, `dy`) world
    /// units, in id order: its id, its kind and its route.
    pub fn routes_at(&self, dx: f64, dy: f64) -> impl Iterator<Item = (&ConnId, crate::model::ConnKind, Route)> + '_ {
        // Each moving node's box once per move, from its outline (its label was wrapped when
        // the drag started, not on every move).
        let moved: BTreeMap<&NodeId, Ends> = self.moving.iter().map(|(id, o, r)| (id, shape_of(o, &Rect { x: r.x + dx, y: r.y + dy, ..*r }).ends)).collect();
        let ends = move |id: &NodeId| self.fixed.get(id).or_else(|| moved.get(id)).copied();
        self.conns.iter().filter_map(move |(id, kind, from, to)| Some((id, *kind, fallback(&ends(from)?, &ends(to)?))))
    }
}

/// The rectangle grown outwards to whole units.
fn whole(r: &Rect) -> Rect {
    let (x0, y0) = (r.x.floor(), r.y.floor());
    Rect::new(x0, y0, (r.x + r.w).ceil() - x0, (r.y + r.h).ceil() - y0)
}

/// A side of a box, as the unit vector pointing out of it.
const SIDES: [(i8, i8); 4] = [(1, 0), (-1, 0), (0, 1), (0, -1)];

/// A port: where a connector touches a box, and the end of its stub.
#[derive(Clone, Copy, Debug)]
struct Port {
    at: (f64, f64),
    stub: (f64, f64),
    /// Heading out of the box (index into [`SIDES`]).
    side: usize,
    /// Extra cost of using it (off-centre).
    cost: f64,
}

fn ports(e: &Ends) -> Vec<Port> {
    let r = e.rect;
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    let mut out = Vec::new();
    for (side, (sx, sy)) in SIDES.iter().enumerate() {
        let len = if *sx != 0 { r.h } else { r.w };
        let offsets: &[f64] = if e.spread { &[0.0, -1.0, 1.0, -2.0, 2.0] } else { &[0.0] };
        // A band's top and bottom: ports either side of its icon and label, not on them.
        let clear = if *sy != 0 && e.centre_clear > 0.0 && e.centre_clear + 2.0 * PORT_STEP < len / 2.0 - 6.0 { e.centre_clear } else { 0.0 };
        for k in offsets {
            let off = if clear > 0.0 { k.signum() * clear + k * PORT_STEP } else { k * PORT_STEP };
            if clear > 0.0 && *k == 0.0 {
                continue;
            }
            if off.abs() > len / 2.0 - 6.0 && *k != 0.0 {
                continue;
            }
            let at = match (sx, sy) {
                (1, _) => (r.x + r.w, cy + off),
                (-1, _) => (r.x, cy + off),
                (_, 1) => (cx + off, r.y + r.h),
                _ => (cx + off, r.y),
            };
            let stub = (at.0 + *sx as f64 * CLEARANCE, at.1 + *sy as f64 * CLEARANCE);
            out.push(Port { at, stub, side, cost: k.abs() * 3.0 });
        }
    }
    out
}

/// Where routed connectors already run: grid edges, grid points and ports, to keep the
/// next ones apart.
#[derive(Default)]
struct Usage {
    /// Grid edges (i, j, horizontal) from (i, j) to its right or lower neighbour → how many
    /// connectors run along them.
    along: HashMap<(usize, usize, bool), u32>,
    /// Grid points (i, j) connectors pass through.
    points: HashMap<(usize, usize), u32>,
    /// Port positions (×10, rounded) in use.
    ports: HashMap<(i64, i64), u32>,
}

fn key(p: (f64, f64)) -> (i64, i64) {
    ((p.0 * 10.0).round() as i64, (p.1 * 10.0).round() as i64)
}

impl Usage {
    fn add(&mut self, r: &Route, grid: &Grid) {
        if let (Some(a), Some(b)) = (r.points.first(), r.points.last()) {
            *self.ports.entry(key(*a)).or_default() += 1;
            *self.ports.entry(key(*b)).or_default() += 1;
        }
        for (p, q) in r.segments() {
            // A segment may start off the grid (at a port): count the grid edges inside it.
            let within = |v: f64, a: f64, b: f64| v >= a.min(b) - 0.5 && v <= a.max(b) + 0.5;
            if (p.1 - q.1).abs() < 0.01 {
                let Some(j) = grid.ys.iter().position(|y| (y - p.1).abs() < 1.0) else { continue };
                for i in 0..grid.xs.len() {
                    if within(grid.xs[i], p.0, q.0) {
                        *self.points.entry((i, j)).or_default() += 1;
                        if i + 1 < grid.xs.len() && within(grid.xs[i + 1], p.0, q.0) {
                            *self.along.entry((i, j, true)).or_default() += 1;
                        }
                    }
                }
            } else {
                let Some(i) = grid.xs.iter().position(|x| (x - p.0).abs() < 1.0) else { continue };
                for j in 0..grid.ys.len() {
                    if within(grid.ys[j], p.1, q.1) {
                        *self.points.entry((i, j)).or_default() += 1;
                        if j + 1 < grid.ys.len() && within(grid.ys[j + 1], p.1, q.1) {
                            *self.along.entry((i, j, false)).or_default() += 1;
                        }
                    }
                }
            }
        }
    }
}

/// The orthogonal visibility grid: candidate x and y lines, and which grid edges are free.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    obstacles: Vec<Rect>,
    /// Free horizontal edge from (i, j) to (i + 1, j), indexed j × nx + i.
    free_h: Vec<bool>,
    /// Free vertical edge from (i, j) to (i, j + 1), indexed j × nx + i.
    free_v: Vec<bool>,
    /// The connected region of each grid point (indexed j × nx + i): two points are in the
    /// same region when a path of free edges joins them. A search whose start and goal
    /// stubs lie in different regions cannot succeed (see [`Grid::search`]).
    region: Vec<u32>,
}

/// Sorted, without near-duplicates (closer than 1 unit).
fn dedup(mut v: Vec<f64>) -> Vec<f64> {
    crate::order::sort_by(&mut v, f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    v
}

/// The connected regions of the grid (flood fill over free edges, one pass): each point's
/// region number, indexed j × nx + i. Linear in the grid's points, done once per
/// [`route_all`] (the grid does not change between its searches; only their costs do).
fn regions(nx: usize, ny: usize, free_h: &[bool], free_v: &[bool]) -> Vec<u32> {
    const NONE: u32 = u32::MAX;
    let mut region = vec![NONE; nx * ny];
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    for seed in 0..nx * ny {
        if region[seed] != NONE {
            continue;
        }
        region[seed] = next;
        stack.push(seed);
        while let Some(p) = stack.pop() {
            let (i, j) = (p % nx, p / nx);
            let mut visit = |q: usize, free: bool| {
                if free && region[q] == NONE {
                    region[q] = next;
                    stack.push(q);
                }
            };
            if i + 1 < nx {
                visit(p + 1, free_h[p]);
            }
            if i > 0 {
                visit(p - 1, free_h[p - 1]);
            }
            if j + 1 < ny {
                visit(p + nx, free_v[p]);
            }
            if j > 0 {
                visit(p - nx, free_v[p - nx]);
            }
        }
        next += 1;
    }
    region
}

/// The lines with the midline of each gap wider than 2 × [`CLEARANCE`] added.
fn with_midlines(v: Vec<f64>) -> Vec<f64> {
    let v = dedup(v);
    let mut out = Vec::with_capacity(v.len() * 2);
    for w in v.windows(2) {
        out.push(w[0]);
        if w[1] - w[0] > 2.0 * CLEARANCE {
            out.push(((w[0] + w[1]) / 2.0).round());
        }
    }
    out.extend(v.last());
    out
}

impl Grid {
    fn new(scene: &Scene) -> Grid {
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for o in &scene.obstacles {
            xs.extend([o.x, o.x + o.w]);
            ys.extend([o.y, o.y + o.h]);
        }
        // A way around everything.
        if let (Some(x0), Some(x1)) = (xs.iter().copied().reduce(f64::min), xs.iter().copied().reduce(f64::max)) {
            xs.extend([x0 - 2.0 * CLEARANCE, x1 + 2.0 * CLEARANCE]);
        }
        if let (Some(y0), Some(y1)) = (ys.iter().copied().reduce(f64::min), ys.iter().copied().reduce(f64::max)) {
            ys.extend([y0 - 2.0 * CLEARANCE, y1 + 2.0 * CLEARANCE]);
        }
        // Midlines of the gaps between obstacles, then the ports' stub lines.
        let (mut xs, mut ys) = (with_midlines(xs), with_midlines(ys));
        for e in scene.boxes.values() {
            for p in ports(e) {
                xs.push(p.stub.0);
                ys.push(p.stub.1);
            }
        }
        let (xs, ys) = (dedup(xs), dedup(ys));
        let (nx, ny) = (xs.len(), ys.len());
        // An edge is blocked when it runs through an obstacle's interior: mark, for each
        // obstacle, the edges between the grid lines strictly inside it (edges on its border
        // stay free). Edges lie between neighbouring lines, so each is inside or outside.
        let mut free_h = vec![true; nx * ny];
        let mut free_v = vec![true; nx * ny];
        let span = |v: &[f64], lo: f64, hi: f64| (v.partition_point(|x| *x < lo), v.partition_point(|x| *x <= hi));
        for o in &scene.obstacles {
            let (i0, i1) = span(&xs, o.x, o.x + o.w);
            let (j0, j1) = span(&ys, o.y, o.y + o.h);
            // Lines i0..i1 are within [x, x + w]; edges from line i to i + 1 with i0 <= i and
            // i + 1 < i1 lie within it, and rows strictly inside are those not on the border.
            for j in j0..j1 {
                let inside_row = ys[j] > o.y + 1e-6 && ys[j] < o.y + o.h - 1e-6;
                for i in i0..i1 {
                    let inside_col = xs[i] > o.x + 1e-6 && xs[i] < o.x + o.w - 1e-6;
                    if inside_row && i + 1 < i1 {
                        free_h[j * nx + i] = false;
                    }
                    if inside_col && j + 1 < j1 {
                        free_v[j * nx + i] = false;
                    }
                }
            }
            // Grid edges that jump across an obstacle thinner than the gap between lines.
            if i1 <= i0 + 1 || j1 <= j0 + 1 {
                for j in 0..ny {
                    for i in 0..nx {
                        if i + 1 < nx && free_h[j * nx + i] && segment_crosses((xs[i], ys[j]), (xs[i + 1], ys[j]), o) {
                            free_h[j * nx + i] = false;
                        }
                        if j + 1 < ny && free_v[j * nx + i] && segment_crosses((xs[i], ys[j]), (xs[i], ys[j + 1]), o) {
                            free_v[j * nx + i] = false;
                        }
                    }
                }
            }
        }
        let region = regions(nx, ny, &free_h, &free_v);
        Grid { xs, ys, obstacles: scene.obstacles.clone(), free_h, free_v, region }
    }

    fn index_of(&self, p: (f64, f64)) -> Option<(usize, usize)> {
        let i = self.xs.iter().position(|x| (x - p.0).abs() < 1.0)?;
        let j = self.ys.iter().position(|y| (y - p.1).abs() < 1.0)?;
        Some((i, j))
    }

    /// Whether a port's stub is usable: it runs through no obstacle but its own.
    fn stub_ok(&self, p: &Port, own: &Rect) -> bool {
        let own = inflate(own, CLEARANCE);
        self.obstacles.iter().filter(|o| !same(o, &own)).all(|o| !segment_crosses(p.at, p.stub, o))
    }

    /// The cheapest route from a port of `a` to a port of `b`, or None when none exists.
    /// `share`: extra cost per unit of length for each connector already running there.
    /// The cheapest route from `a` to `b`, settling at most [`SEARCH_BUDGET`] states and no
    /// more than the budget has left (what it settles is taken from it); `None` when there is
    /// none within that.
    fn search(&self, a: &Ends, b: &Ends, used: &Usage, share: f64, budget: &mut Budget) -> Option<Route> {
        let cap = SEARCH_BUDGET.min(budget.left);
        let mut settled = 0;
        let found = self.search_capped(a, b, used, share, cap, &mut settled);
        budget.left = budget.left.saturating_sub(settled);
        let tally = &mut budget.searched;
        tally.settled += settled;
        tally.searches += 1;
        match found {
            Err(Miss::Unreachable) => tally.unreachable += 1,
            Err(Miss::Capped) => tally.capped += 1,
            Err(Miss::Exhausted) => tally.exhausted += 1,
            _ => {}
        }
        found.ok()
    }

    fn search_capped(&self, a: &Ends, b: &Ends, used: &Usage, share: f64, cap: usize, settled: &mut usize) -> Result<Route, Miss> {
        if cap == 0 {
            return Err(Miss::Capped);
        }
        let (nx, ny) = (self.xs.len(), self.ys.len());
        let starts: Vec<(Port, (usize, usize))> = ports(a).into_iter().filter(|p| self.stub_ok(p, &a.rect)).filter_map(|p| Some((p, self.index_of(p.stub)?))).collect();
        let goals: Vec<(Port, (usize, usize))> = ports(b).into_iter().filter(|p| self.stub_ok(p, &b.rect)).filter_map(|p| Some((p, self.index_of(p.stub)?))).collect();
        if starts.is_empty() || goals.is_empty() {
            return Err(Miss::NoPorts);
        }
        // No goal stub in a region of any start stub: no route exists (the search moves only
        // along free edges), so say so before settling a state — such a search used to settle
        // its whole budget (a goal boxed in by its neighbours' clearances; issue 20). Exact:
        // the answer is the same None the search would reach, only sooner.
        let region = |(i, j): (usize, usize)| self.region[j * nx + i];
        if !starts.iter().any(|(_, s)| goals.iter().any(|(_, g)| region(*s) == region(*g))) {
            return Err(Miss::Unreachable);
        }
        let port_cost = |p: &Port| p.cost + used.ports.get(&key(p.at)).map_or(0.0, |n| 400.0 * *n as f64);
        // Heuristic: distance to the box around the goal stubs (consistent: never more than
        // the true remaining cost, and a step lowers it by at most its length).
        let gx0 = goals.iter().map(|(g, _)| g.stub.0).fold(f64::INFINITY, f64::min);
        let gx1 = goals.iter().map(|(g, _)| g.stub.0).fold(f64::NEG_INFINITY, f64::max);
        let gy0 = goals.iter().map(|(g, _)| g.stub.1).fold(f64::INFINITY, f64::min);
        let gy1 = goals.iter().map(|(g, _)| g.stub.1).fold(f64::NEG_INFINITY, f64::max);
        // Plus the cheapest way into a goal port (its stub and what using the port costs: 400
        // per connector already on it): every route pays it at the end, so it is a constant
        // part of the remaining cost. Left out, a target whose ports are all taken (a hub)
        // made the search settle every state up to 400 × uses further than the goal before
        // accepting a port — its whole budget, on generated estates. A constant added to
        // every state's estimate keeps their order and what is found (issue 20).
        let arrive = goals.iter().map(|(g, _)| CLEARANCE + port_cost(g)).fold(f64::INFINITY, f64::min);
        let h = |(i, j): (usize, usize)| {
            let to_stub = goals.iter().map(|(g, _)| (self.xs[i] - g.stub.0).abs() + (self.ys[j] - g.stub.1).abs()).fold(f64::INFINITY, f64::min);
            to_stub.max((gx0 - self.xs[i]).max(self.xs[i] - gx1).max(0.0) + (gy0 - self.ys[j]).max(self.ys[j] - gy1).max(0.0)) + arrive
        };
        // Per reached state: (cost so far, parent state, start port). A hash map: the search
        // reaches a small part of the grid, and a full array per connector was most of the time.
        let mut seen: HashMap<u32, (f64, u32, u16)> = HashMap::default();
        let mut closed: FxHashSet<u32> = FxHashSet::default();
        let mut heap: BinaryHeap<Reverse<(u64, u32, u32)>> = BinaryHeap::new();
        // Heap entries: (f × 10, kind: 0 state / 1 goal, state or goal index).
        for (k, (p, (i, j))) in starts.iter().enumerate() {
            let s = ((j * nx + i) * 4 + p.side) as u32;
            let g = CLEARANCE + port_cost(p);
            if g < seen.get(&s).map_or(f64::INFINITY, |v| v.0) {
                seen.insert(s, (g, u32::MAX, k as u16));
                heap.push(Reverse((((g + h((*i, *j))) * 10.0) as u64, 0, s)));
            }
        }
        let mut goal_cost: Vec<(f64, u32)> = vec![(f64::INFINITY, u32::MAX); goals.len()];
        while let Some(Reverse((_, kind, idx))) = heap.pop() {
            if kind == 1 {
                let (_, s) = goal_cost[idx as usize];
                return Ok(self.rebuild(s, &seen, &starts, &goals[idx as usize].0));
            }
            // Each state is expanded once: the heuristic is consistent (a step costs at least
            // its length), so the first time a state leaves the heap its cost is final.
            if !closed.insert(idx) {
                continue;
            }
            *settled = closed.len();
            if closed.len() > cap {
                return Err(Miss::Capped);
            }
            let s = idx as usize;
            let (cell, dir) = (s / 4, s % 4);
            let (i, j) = (cell % nx, cell / nx);
            let (g, _, from_port) = seen[&(s as u32)];
            // Arriving at a goal stub: enter the port straight or after one turn.
            for (k, (gp, at)) in goals.iter().enumerate() {
                if *at != (i, j) {
                    continue;
                }
                let inward = gp.side ^ 1;
                if dir == gp.side {
                    continue; // would turn back on itself
                }
                let total = g + CLEARANCE + port_cost(gp) + if dir == inward { 0.0 } else { BEND };
                if total < goal_cost[k].0 {
                    goal_cost[k] = (total, s as u32);
                    heap.push(Reverse(((total * 10.0) as u64, 1, k as u32)));
                }
            }
            for (nd, (dx, dy)) in SIDES.iter().enumerate() {
                if nd == dir ^ 1 {
                    continue; // no U-turns
                }
                let (ni, nj) = (i as i64 + *dx as i64, j as i64 + *dy as i64);
                if ni < 0 || nj < 0 || ni >= nx as i64 || nj >= ny as i64 {
                    continue;
                }
                let (ni, nj) = (ni as usize, nj as usize);
                let free = match nd {
                    0 => self.free_h[j * nx + i],
                    1 => self.free_h[j * nx + ni],
                    2 => self.free_v[j * nx + i],
                    _ => self.free_v[nj * nx + i],
                };
                if !free {
                    continue;
                }
                let (p, q) = ((self.xs[i], self.ys[j]), (self.xs[ni], self.ys[nj]));
                let len = (q.0 - p.0).abs() + (q.1 - p.1).abs();
                let edge = if nd < 2 { (i.min(ni), j, true) } else { (i, j.min(nj), false) };
                let shared = used.along.get(&edge).copied().unwrap_or(0) as f64;
                let crossing = used.points.get(&(ni, nj)).copied().unwrap_or(0) as f64;
                let step = len * (1.0 + share * shared) + 8.0 * crossing + if nd != dir { BEND } else { 0.0 };
                let ns = (nj * nx + ni) * 4 + nd;
                let ng = g + step;
                if ng + 1e-9 < seen.get(&(ns as u32)).map_or(f64::INFINITY, |v| v.0) {
                    seen.insert(ns as u32, (ng, s as u32, from_port));
                    heap.push(Reverse((((ng + h((ni, nj))) * 10.0) as u64, 0, ns as u32)));
                }
            }
        }
        Err(Miss::Exhausted)
    }

    fn rebuild(&self, last: u32, seen: &HashMap<u32, (f64, u32, u16)>, starts: &[(Port, (usize, usize))], goal: &Port) -> Route {
        let nx = self.xs.len();
        let mut pts = vec![goal.at, goal.stub];
        let mut s = last;
        loop {
            let cell = s as usize / 4;
            pts.push((self.xs[cell % nx], self.ys[cell / nx]));
            let (_, parent, _) = seen[&s];
            if parent == u32::MAX {
                break;
            }
            s = parent;
        }
        let sp = &starts[seen[&s].2 as usize].0;
        pts.push(sp.stub);
        pts.push(sp.at);
        pts.reverse();
        Route { points: simplify(pts) }
    }
}

fn same(a: &Rect, b: &Rect) -> bool {
    (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01 && (a.w - b.w).abs() < 0.01 && (a.h - b.h).abs() < 0.01
}

/// Drops repeated points and the middle point of three on one line.
fn simplify(pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for p in pts {
        if out.last().is_some_and(|l| (l.0 - p.0).abs() < 0.01 && (l.1 - p.1).abs() < 0.01) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let collinear = ((a.0 - b.0).abs() < 0.01 && (b.0 - p.0).abs() < 0.01) || ((a.1 - b.1).abs() < 0.01 && (b.1 - p.1).abs() < 0.01);
            if collinear {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// When no route exists: leave the facing sides and meet in the middle, as
/// [`super::geometry::edge_path`] draws — when there is room between the facing sides for
/// that: at least [`MIN_LENGTH`], so the piece entering the target (half the gap) is at least
/// a port's stub long and starts outside it. Closer (the boxes touching or overlapping) the
/// middle of the gap is on or inside the target: the last piece ran along its side or turned
/// back out of it, the arrowhead pointing away; such a connector goes [`around`] instead.
fn fallback(a: &Ends, b: &Ends) -> Route {
    direct(&a.rect, &b.rect)
}

/// [`fallback`] between two boxes (what connectors end at, world units).
pub(crate) fn direct(a: &Rect, b: &Rect) -> Route {
    let (ca, cb) = ((a.x + a.w / 2.0, a.y + a.h / 2.0), (b.x + b.w / 2.0, b.y + b.h / 2.0));
    let hgap = (b.x - (a.x + a.w)).max(a.x - (b.x + b.w));
    let vgap = (b.y - (a.y + a.h)).max(a.y - (b.y + b.h));
    if hgap.max(vgap) < MIN_LENGTH {
        return around(a, b);
    }
    let points = if hgap >= vgap {
        let (x1, x2) = if cb.0 >= ca.0 { (a.x + a.w, b.x) } else { (a.x, b.x + b.w) };
        let mx = (x1 + x2) / 2.0;
        vec![(x1, ca.1), (mx, ca.1), (mx, cb.1), (x2, cb.1)]
    } else {
        let (y1, y2) = if cb.1 >= ca.1 { (a.y + a.h, b.y) } else { (a.y, b.y + b.h) };
        let my = (y1 + y2) / 2.0;
        vec![(ca.0, y1), (ca.0, my), (cb.0, my), (cb.0, y2)]
    };
    Route { points: simplify(points) }
}

/// The direct path between boxes too close for it ([`direct`]): out of one side of `a` and
/// into the same side of `b` (top, bottom, left or right), turning on a line [`CLEARANCE`]
/// beyond both boxes — a bracket — so the last piece enters `b` from outside, perpendicular
/// to its side, at least [`CLEARANCE`] long (and the first leaves `a` the same way). Of the
/// four, the one whose end pieces cross neither box, then the shortest, then in that order.
/// A side where the two ports are less than [`PORT_STEP`] apart is skipped (the bracket would
/// fold onto itself, its two pieces on one line); when every side is, the boxes share their
/// centre and the connector loops round the top-left corner: out of `a`'s top, into `b`'s left.
fn around(a: &Rect, b: &Rect) -> Route {
    let (ca, cb) = ((a.x + a.w / 2.0, a.y + a.h / 2.0), (b.x + b.w / 2.0, b.y + b.h / 2.0));
    let (top, bottom) = (a.y.min(b.y) - CLEARANCE, (a.y + a.h).max(b.y + b.h) + CLEARANCE);
    let (left, right) = (a.x.min(b.x) - CLEARANCE, (a.x + a.w).max(b.x + b.w) + CLEARANCE);
    let mut brackets: Vec<[(f64, f64); 4]> = Vec::with_capacity(4);
    if (ca.0 - cb.0).abs() >= PORT_STEP {
        brackets.push([(ca.0, a.y), (ca.0, top), (cb.0, top), (cb.0, b.y)]);
        brackets.push([(ca.0, a.y + a.h), (ca.0, bottom), (cb.0, bottom), (cb.0, b.y + b.h)]);
    }
    if (ca.1 - cb.1).abs() >= PORT_STEP {
        brackets.push([(a.x, ca.1), (left, ca.1), (left, cb.1), (b.x, cb.1)]);
        brackets.push([(a.x + a.w, ca.1), (right, ca.1), (right, cb.1), (b.x + b.w, cb.1)]);
    }
    // Its end pieces through the other box (the bracket's middle runs outside both).
    let crossings = |p: &[(f64, f64); 4]| u8::from(segment_crosses(p[0], p[1], b)) + u8::from(segment_crosses(p[2], p[3], a));
    let length = |p: &[(f64, f64); 4]| p.windows(2).map(|w| (w[1].0 - w[0].0).abs() + (w[1].1 - w[0].1).abs()).sum::<f64>();
    let best = brackets.iter().enumerate().min_by(|(i, p), (j, q)| crossings(p).cmp(&crossings(q)).then(length(p).total_cmp(&length(q))).then(i.cmp(j)));
    let points = match best {
        Some((_, p)) => p.to_vec(),
        None => vec![(ca.0, a.y), (ca.0, top), (left, top), (left, cb.1), (b.x, cb.1)],
    };
    Route { points: simplify(points) }
}

/// Spreads middle segments that share a line over a common stretch [`NUDGE`] apart
/// (centred on the shared line), skipping a move that would cross an obstacle. The first and
/// last segments (the port stubs' lines) stay: their ports are already apart.
fn nudge(routes: &mut BTreeMap<ConnId, Route>, obstacles: &[Rect]) {
    // (route id, segment index, horizontal, coordinate, from, to)
    let mut segs: Vec<(ConnId, usize, bool, f64, f64, f64)> = Vec::new();
    for (id, r) in routes.iter() {
        let n = r.points.len();
        for k in 1..n.saturating_sub(2) {
            let (p, q) = (r.points[k], r.points[k + 1]);
            let horizontal = (p.1 - q.1).abs() < 0.01;
            let (c, lo, hi) = if horizontal { (p.1, p.0.min(q.0), p.0.max(q.0)) } else { (p.0, p.1.min(q.1), p.1.max(q.1)) };
            segs.push((id.clone(), k, horizontal, c, lo, hi));
        }
    }
    let mut done = vec![false; segs.len()];
    for i in 0..segs.len() {
        if done[i] {
            continue;
        }
        // The group: every segment on this line overlapping any member (transitively).
        let mut group = vec![i];
        let mut k = 0;
        while k < group.len() {
            let g = group[k];
            for j in 0..segs.len() {
                if group.contains(&j) || done[j] {
                    continue;
                }
                let (a, b) = (&segs[g], &segs[j]);
                if a.2 == b.2 && (a.3 - b.3).abs() < 1.0 && a.4.max(b.4) < a.5.min(b.5) - 0.5 {
                    group.push(j);
                }
            }
            k += 1;
        }
        for g in &group {
            done[*g] = true;
        }
        if group.len() < 2 {
            continue;
        }
        crate::order::sort_by(&mut group, |a, b| segs[*a].4.total_cmp(&segs[*b].4).then(segs[*a].0.cmp(&segs[*b].0)));
        let m = group.len() as f64;
        let members: Vec<(ConnId, usize)> = group.iter().map(|g| (segs[*g].0.clone(), segs[*g].1)).collect();
        for (rank, g) in group.iter().enumerate() {
            let (id, k, horizontal, c, lo, hi) = segs[*g].clone();
            let target = c + (rank as f64 - (m - 1.0) / 2.0) * NUDGE;
            // The spread position, or the nearest one beside it that no other connector
            // already occupies and that crosses no icon or label.
            for t in [target, target + NUDGE / 2.0, target - NUDGE / 2.0, target + NUDGE, target - NUDGE] {
                let taken = routes.iter().any(|(other, r)| {
                    r.segments().enumerate().any(|(j, (p, q))| {
                        if members.iter().any(|(mid, mk)| mid == other && *mk == j) {
                            return false;
                        }
                        let (pc, plo, phi) = if horizontal { (p.1, p.0.min(q.0), p.0.max(q.0)) } else { (p.0, p.1.min(q.1), p.1.max(q.1)) };
                        let same_axis = if horizontal { (p.1 - q.1).abs() < 0.01 } else { (p.0 - q.0).abs() < 0.01 };
                        same_axis && (pc - t).abs() < 1.0 && plo.max(lo) < phi.min(hi) - 0.5
                    })
                });
                if taken {
                    continue;
                }
                let mut moved = routes[&id].points.clone();
                for idx in [k, k + 1] {
                    if horizontal {
                        moved[idx].1 = t;
                    } else {
                        moved[idx].0 = t;
                    }
                }
                let touched = [(moved[k - 1], moved[k]), (moved[k], moved[k + 1]), (moved[k + 1], moved[k + 2])];
                let before = [(routes[&id].points[k - 1], routes[&id].points[k]), (routes[&id].points[k + 1], routes[&id].points[k + 2])];
                let clear = touched.iter().all(|(p, q)| obstacles.iter().all(|o| !segment_crosses(*p, *q, o)));
                // The neighbouring segments grow or shrink: they must not newly run along
                // another connector.
                let overlap = |segs: &[((f64, f64), (f64, f64))]| -> f64 {
                    let mut total = 0.0;
                    for (other, ro) in routes.iter() {
                        if *other == id {
                            continue;
                        }
                        for (p, q) in segs {
                            total += collinear_overlap((*p, *q), ro);
                        }
                    }
                    total
                };
                let grows = overlap(&[touched[0], touched[2]]) > overlap(&before) + 0.5;
                let r = routes.get_mut(&id).expect("segment of a route");
                if clear && !grows {
                    r.points = moved;
                    break;
                }
            }
        }
    }
}

/// How long the segment runs along the route (on the same line, over a common stretch).
pub(crate) fn collinear_overlap((p, q): ((f64, f64), (f64, f64)), r: &Route) -> f64 {
    let mut total = 0.0;
    for (s, t) in r.segments() {
        let horizontal = |p: (f64, f64), q: (f64, f64)| (p.1 - q.1).abs() < 0.01;
        let vertical = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs() < 0.01;
        if horizontal(p, q) && horizontal(s, t) && (p.1 - s.1).abs() < 1.0 {
            total += (p.0.max(q.0).min(s.0.max(t.0)) - p.0.min(q.0).max(s.0.min(t.0))).max(0.0);
        } else if vertical(p, q) && vertical(s, t) && (p.0 - s.0).abs() < 1.0 {
            total += (p.1.max(q.1).min(s.1.max(t.1)) - p.1.min(q.1).max(s.1.min(t.1))).max(0.0);
        }
    }
    total
}

#[cfg(test)]
mod tenths_tests {
    use super::{round, write_tenths, Route};

    fn display(v: f64) -> String {
        format!("{v}")
    }

    fn tenths(v: f64) -> String {
        let mut s = String::new();
        write_tenths(&mut s, v);
        s
    }

    #[test]
    fn a_tenth_is_written_as_display_writes_it() {
        for v in [0.0, -0.0, 0.1, -0.1, 0.3, 0.7, 1.0, -1.0, 12.3, -12.3, 99.9, 100.0, 1234.5, -98765.4, 1e14 + 0.5, 4503599627370.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e15, 1e300, 0.05, 1.25] {
            assert_eq!(tenths(v), display(v), "{v:?}");
        }
        // Every tenth from -2,000.0 to 2,000.0, and rounded values of a sweep of odd ones.
        for k in -20_000..=20_000i64 {
            let v = k as f64 / 10.0;
            assert_eq!(tenths(v), display(v), "{k}");
        }
        let mut x = 0.123_456_789_f64;
        for _ in 0..200_000 {
            x = (x * 7919.0 + 0.618_033_988_749_895) % 50_000.0 - 25_000.0;
            let v = round(x);
            assert_eq!(tenths(v), display(v), "{x:?}");
        }
    }

    #[test]
    fn a_path_is_the_same_text_as_display_wrote() {
        let r = Route { points: vec![(0.04, -0.04), (-12.25, 300.0), (1234.56, 7.0), (-0.3, 99.95)] };
        let mut want = String::new();
        for (i, (x, y)) in r.points.iter().enumerate() {
            want.push_str(&format!("{}{},{}", if i == 0 { "M" } else { " L" }, round(*x), round(*y)));
        }
        assert_eq!(r.path(), want);
        assert_eq!(r.path(), "M0,-0 L-12.3,300 L1234.6,7 L-0.3,100");
    }
}
