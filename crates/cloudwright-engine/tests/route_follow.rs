//! A drag's connectors (`diagram::route::Follow`, issue 20): while a component is dragged,
//! each of its connectors follows it by the direct path between the two boxes, worked out for
//! its own connectors only. On a large design (more than `route::MAX_ROUTED` connections) that
//! path is exactly the route `route_all` gives once the move is made, so the drop changes
//! nothing the drag showed.

use cloudwright_engine::diagram::route::{route_all, Follow, MAX_ROUTED};
use cloudwright_engine::model::{ConnKind, Connection, Design, Node, NodeId, Rect};
use cloudwright_engine::{sample, ConnId, Edit};
use std::collections::{BTreeMap, BTreeSet};

/// `route_all` of `d` after `Edit::move_by(d, roots, dx, dy)` (what the drop does).
fn routed_after_move(d: &Design, roots: &[NodeId], dx: f64, dy: f64) -> BTreeMap<ConnId, String> {
    let mut after = d.clone();
    Edit::move_by(d, roots, dx, dy).apply(&mut after).expect("moves");
    route_all(&after).into_iter().map(|(id, r)| (id, r.path())).collect()
}

/// The roots and everything inside them: what the canvas moves in a drag.
fn dragged(d: &Design, roots: &[NodeId]) -> BTreeSet<NodeId> {
    roots.iter().flat_map(|r| std::iter::once(r.clone()).chain(cloudwright_engine::edit::descendants(d, r))).collect()
}

#[test]
fn the_hub_of_a_1000_node_estate_follows_exactly_as_the_drop_routes_it() {
    let d = sample::synthetic(1000);
    assert!(d.connections.len() > MAX_ROUTED);
    let hub = NodeId::from("logs");
    let own: BTreeSet<&ConnId> = d.connections.values().filter(|c| c.from == hub || c.to == hub).map(|c| &c.id).collect();
    assert!(own.len() > 600, "the estate's biggest hub: {} connections", own.len());
    let follow = Follow::new(&d, &dragged(&d, &[hub.clone()]));
    assert_eq!(follow.len(), own.len(), "every connector of the hub follows it, nothing else");
    // Offsets as the canvas makes them (snapped to its 10-unit grid), across and back.
    for (dx, dy) in [(0.0, 0.0), (60.0, 40.0), (-250.0, 10.0), (1200.0, -900.0)] {
        let routed = routed_after_move(&d, &[hub.clone()], dx, dy);
        let mut n = 0;
        for (id, kind, route) in follow.routes_at(dx, dy) {
            assert!(own.contains(id));
            assert_eq!(kind, d.connections[id].kind);
            assert_eq!(route.path(), routed[id], "{id} at ({dx}, {dy})");
            // The pieces a dashed connector is drawn as, from the points, equal those of its path.
            assert_eq!(route.dash_pieces(), cloudwright_engine::diagram::geometry::dash_pieces(&route.path()), "{id}");
            n += 1;
        }
        assert_eq!(n, own.len());
    }
}

#[test]
fn a_dragged_container_brings_its_insides_connectors_exactly_as_routed() {
    let d = sample::synthetic(1000);
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").expect("a VPC").id.clone();
    let moving = dragged(&d, &[vpc.clone()]);
    let own: BTreeSet<&ConnId> = d.connections.values().filter(|c| moving.contains(&c.from) || moving.contains(&c.to)).map(|c| &c.id).collect();
    let follow = Follow::new(&d, &moving);
    assert_eq!(follow.len(), own.len());
    let routed = routed_after_move(&d, &[vpc], 30.0, -70.0);
    for (id, _, route) in follow.routes_at(30.0, -70.0) {
        assert_eq!(route.path(), routed[id], "{id}");
    }
}

/// Two components side by side, B dragged down: the hand-drawn direct path.
#[test]
fn the_direct_path_by_hand() {
    let mut d = Design::new("t", "us-east-1");
    for (id, x) in [("a", 0.0), ("b", 400.0)] {
        let node = Node { id: id.into(), kind: "lambda".into(), label: id.into(), parent: None, span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
        Edit::AddNode { node, rect: Some(Rect::new(x, 0.0, 120.0, 80.0)) }.apply(&mut d).expect("adds");
    }
    d.connections.insert(ConnId::from("c1"), Connection::new("c1", "a", "b", ConnKind::Sync));
    let follow = Follow::new(&d, &BTreeSet::from([NodeId::from("b")]));
    // A = (0, 0, 120 × 80); B moved by (0, 200) = (400, 200, 120 × 80). The one-letter labels
    // sit inside the boxes, so the boxes are the rectangles.
    // Gaps: horizontal max(400 − 120, 0 − 520) = 280, vertical max(200 − 80, 0 − 280) = 120;
    // 280 ≥ 120, so the path leaves A's right side at its middle (120, 40), turns at the
    // middle x = (120 + 400) / 2 = 260, and enters B's left side at its middle (400, 240).
    let routes: Vec<_> = follow.routes_at(0.0, 200.0).map(|(id, k, r)| (id.clone(), k, r.path())).collect();
    assert_eq!(routes, vec![(ConnId::from("c1"), ConnKind::Sync, "M120,40 L260,40 L260,240 L400,240".to_string())]);
    // Not moved: both middles at y = 40, one straight piece.
    assert_eq!(follow.routes_at(0.0, 0.0).next().map(|(_, _, r)| r.path()), Some("M120,40 L400,40".to_string()));
    // Nothing dragged that ends a connector: nothing follows.
    assert!(Follow::new(&d, &BTreeSet::from([NodeId::from("elsewhere")])).is_empty());
}

/// The subpaths (`M … L …`) of path data.
fn subpaths(d: &str) -> Vec<String> {
    d.split(" M").filter(|s| !s.is_empty()).map(|s| if s.starts_with('M') { s.to_string() } else { format!("M{s}") }).collect()
}

/// The points of a subpath.
fn points_of(d: &str) -> Vec<(f64, f64)> {
    d.split_whitespace()
        .map(|t| {
            let (x, y) = t.trim_start_matches(['M', 'L']).split_once(',').expect("x,y");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect()
}

/// Distance along polyline `ps` of point `p` (which lies on it), or None.
fn along(ps: &[(f64, f64)], p: (f64, f64)) -> Option<f64> {
    let mut s = 0.0;
    for w in ps.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        let len = (x2 - x1).hypot(y2 - y1);
        let on = (p.0 - x1).hypot(p.1 - y1) + (x2 - p.0).hypot(y2 - p.1) - len;
        if on.abs() < 0.05 {
            return Some(s + (p.0 - x1).hypot(p.1 - y1));
        }
        s += len;
    }
    None
}

#[test]
fn the_hubs_connectors_are_one_path_per_kind_each_connector_a_subpath_as_the_drop_routes_it() {
    use cloudwright_engine::diagram::follow::Drawn;
    let d = sample::synthetic(1000);
    let hub = NodeId::from("logs");
    let follow = Follow::new(&d, &dragged(&d, &[hub.clone()]));
    let everywhere = Rect::new(-1e7, -1e7, 2e7, 2e7);
    let mut drawn = Drawn::default();
    for (dx, dy) in [(0.0, 0.0), (60.0, 40.0), (-250.0, 10.0)] {
        follow.draw_at(dx, dy, &everywhere, |k| k != ConnKind::Association, &mut drawn);
        let routed = routed_after_move(&d, &[hub.clone()], dx, dy);
        for kind in ConnKind::ALL {
            // Every connector of the kind, in id order, exactly as the drop draws it.
            let expected: Vec<&String> = follow.routes_at(dx, dy).filter(|(_, k, _)| *k == kind).map(|(id, _, _)| &routed[id]).collect();
            let got = subpaths(drawn.lines(kind));
            assert_eq!(got.iter().collect::<Vec<_>>(), expected, "{kind:?} at ({dx}, {dy})");
            // One arrowhead (a closed triangle) per connector, but none for an association.
            let heads = drawn.heads(kind).matches(" Z").count();
            assert_eq!(heads, if kind == ConnKind::Association { 0 } else { expected.len() }, "{kind:?} heads");
        }
    }
    assert!(ConnKind::ALL.iter().filter(|k| !drawn.lines(**k).is_empty()).count() >= 2, "the hub has connectors of several kinds");
}

#[test]
fn clipped_to_the_canvas_each_part_shown_is_drawn_and_starts_on_the_dash_pattern() {
    use cloudwright_engine::diagram::follow::{Drawn, DASH_REPEAT};
    let d = sample::synthetic(1000);
    let hub = NodeId::from("logs");
    let r = d.layout[&hub];
    let follow = Follow::new(&d, &dragged(&d, &[hub.clone()]));
    // A canvas-sized area around the hub, as the canvas shows it with its margin.
    let area = Rect::new(r.x - 700.0, r.y - 500.0, 1800.0, 1100.0);
    let mut drawn = Drawn::default();
    let (dx, dy) = (130.0, -60.0);
    follow.draw_at(dx, dy, &area, |_| true, &mut drawn);
    let inside = |p: (f64, f64)| area.contains_point(p.0, p.1);
    let (mut shown, mut parts) = (0, 0);
    for kind in ConnKind::ALL {
        let subs: Vec<Vec<(f64, f64)>> = subpaths(drawn.lines(kind)).iter().map(|s| points_of(s)).collect();
        let routes: Vec<Vec<(f64, f64)>> = follow.routes_at(dx, dy).filter(|(_, k, _)| *k == kind).map(|(_, _, r)| points_of(&r.path())).collect();
        for route in &routes {
            // Every point of the route in the area (sampled every unit) lies on a part drawn.
            let total: f64 = route.windows(2).map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1)).sum();
            let mine: Vec<&Vec<(f64, f64)>> = subs.iter().filter(|s| s.iter().all(|p| along(route, *p).is_some())).collect();
            let mut s = 0.0;
            while s <= total {
                let mut rest = s;
                let mut p = route[0];
                for w in route.windows(2) {
                    let len = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
                    if rest <= len {
                        let t = if len == 0.0 { 0.0 } else { rest / len };
                        p = (w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t);
                        break;
                    }
                    rest -= len;
                }
                if inside(p) {
                    assert!(mine.iter().any(|sub| along(sub, p).is_some()), "{kind:?}: a point in the canvas, {p:?}, is drawn");
                }
                s += 1.0;
            }
            if route.iter().any(|p| inside(*p)) {
                shown += 1;
            }
        }
        // Each part follows one of the routes (connectors may overlap near the hub, so a part
        // may lie on several), starting at a multiple of the dash repeat along it.
        for sub in &subs {
            let fits = |route: &Vec<(f64, f64)>| {
                let at: Option<Vec<f64>> = sub.iter().map(|p| along(route, *p)).collect();
                at.is_some_and(|at| at.windows(2).all(|w| w[1] > w[0]) && (at[0] / DASH_REPEAT - (at[0] / DASH_REPEAT).round()).abs() < 1e-6)
            };
            assert!(routes.iter().any(fits), "{kind:?}: the part {sub:?} starts on the pattern of its route");
            parts += 1;
        }
    }
    assert!(shown > 100 && parts >= shown, "the connectors near the hub are drawn: {shown} routes with a point in view, {parts} parts");
    // A part lies in the area but for its start, moved back by less than the repeat.
    for kind in ConnKind::ALL {
        for sub in subpaths(drawn.lines(kind)) {
            let ps = points_of(&sub);
            let grown = Rect::new(area.x - DASH_REPEAT, area.y - DASH_REPEAT, area.w + 2.0 * DASH_REPEAT, area.h + 2.0 * DASH_REPEAT);
            assert!(ps.iter().all(|p| grown.contains_point(p.0, p.1)), "{kind:?}: {sub} stays near the area");
        }
    }
}
