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

/// The moving nodes' labels are measured and wrapped once, when the drag starts
/// (`Follow::new`), not on every move: a label that wraps into several lines, under its box or
/// beside a container's icon, still gives each move exactly the routes the drop gives, at
/// offsets that are not whole units too.
#[test]
fn wrapped_labels_measured_once_follow_exactly_as_the_drop_routes_them() {
    let mut d = sample::synthetic(1000);
    let hub = NodeId::from("logs");
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").expect("a VPC").id.clone();
    d.nodes.get_mut(&hub).expect("the hub").label = "Central log archive of every service in the estate, kept 400 days".into();
    d.nodes.get_mut(&vpc).expect("the VPC").label = "Production network with a long name".into();
    let wrapped = cloudwright_engine::diagram::geometry::label_lines(&d.nodes[&hub].label);
    assert!(wrapped.len() >= 3, "the hub's label wraps: {wrapped:?}");
    for roots in [vec![hub.clone()], vec![vpc.clone()]] {
        let follow = Follow::new(&d, &dragged(&d, &roots));
        for (dx, dy) in [(0.0, 0.0), (60.0, 40.0), (-250.0, 10.0), (12.5, -7.25)] {
            let routed = routed_after_move(&d, &roots, dx, dy);
            let mut n = 0;
            for (id, _, route) in follow.routes_at(dx, dy) {
                assert_eq!(route.path(), routed[id], "{id} at ({dx}, {dy})");
                n += 1;
            }
            assert!(n > 0);
        }
    }
}

/// Where connector `r` ends on box `b`: the side it enters, as the unit vector pointing out of
/// `b`, when its last piece is perpendicular to that side, starts outside `b` and ends on the
/// side within its length (the arrowhead then points into the box); None otherwise.
fn entering_side(r: &cloudwright_engine::diagram::Route, b: &Rect) -> Option<(i8, i8)> {
    let (p, q) = r.segments().last()?;
    let on = |v: f64, lo: f64, hi: f64| v >= lo - 1e-9 && v <= hi + 1e-9;
    let (x0, y0, x1, y1) = (b.x, b.y, b.x + b.w, b.y + b.h);
    if p.1 == q.1 && on(q.1, y0, y1) {
        if q.0 == x0 && p.0 < x0 {
            return Some((-1, 0));
        }
        if q.0 == x1 && p.0 > x1 {
            return Some((1, 0));
        }
    }
    if p.0 == q.0 && on(q.0, x0, x1) {
        if q.1 == y0 && p.1 < y0 {
            return Some((0, -1));
        }
        if q.1 == y1 && p.1 > y1 {
            return Some((0, 1));
        }
    }
    None
}

/// The route reversed (its first piece is then the last).
fn reversed(r: &cloudwright_engine::diagram::Route) -> cloudwright_engine::diagram::Route {
    cloudwright_engine::diagram::Route { points: r.points.iter().rev().copied().collect() }
}

/// Every connector's arrowhead points into its target, wherever the two components are: the
/// source fixed, the target placed on a grid of positions around it — far, near, touching,
/// overlapping, the same centre — in two sizes each. The direct path (`route::fallback`: a
/// drag's connectors, every connector of a design over `MAX_ROUTED`, a search that gave up)
/// used to leave the facing side and meet in the middle even when the boxes touch or overlap:
/// its last piece then ran along the target's side or turned back out of it, the arrowhead
/// pointing away (fails on main at bdcc5d4). Each route's last piece must enter the target's
/// box perpendicular to a side, from outside, at least a port's stub (`CLEARANCE`) long; its
/// first piece must leave the source's box the same way; every piece straight and not empty.
#[test]
fn every_arrowhead_points_into_its_target_wherever_the_target_is() {
    use cloudwright_engine::diagram::route::CLEARANCE;
    let mut failures = Vec::new();
    let mut checked = 0;
    for (sw, sh) in [(120.0, 80.0), (64.0, 64.0)] {
        for (tw, th) in [(120.0, 80.0), (96.0, 160.0)] {
            let a = Rect::new(0.0, 0.0, sw, sh);
            let mut d = Design::new("t", "us-east-1");
            for (id, r) in [("a", a), ("b", Rect::new(0.0, 0.0, tw, th))] {
                // A one-letter label sits inside the icon's box: the box is the rectangle.
                let node = Node { id: id.into(), kind: "lambda".into(), label: "x".into(), parent: None, span: Vec::new(), props: Default::default(), ingress: vec![], suppressions: vec![] };
                Edit::AddNode { node, rect: Some(r) }.apply(&mut d).expect("adds");
            }
            d.connections.insert(ConnId::from("c1"), Connection::new("c1", "a", "b", ConnKind::Sync));
            // The target dragged from (0, 0) to every grid position: `Follow` gives the direct
            // path; `route_all` of the moved design searches (and falls back to the direct path
            // where the search finds no way, e.g. between overlapping boxes).
            let follow = Follow::new(&d, &BTreeSet::from([NodeId::from("b")]));
            for gx in -24..=24 {
                for gy in -20..=20 {
                    let (dx, dy) = (gx as f64 * 10.0, gy as f64 * 10.0);
                    let b = Rect::new(dx, dy, tw, th);
                    let mut moved = d.clone();
                    moved.layout.insert(NodeId::from("b"), b);
                    let searched = route_all(&moved).remove(&ConnId::from("c1"));
                    let direct = follow.routes_at(dx, dy).next().map(|(_, _, r)| r);
                    for (how, r) in [("direct", direct), ("routed", searched)] {
                        checked += 1;
                        let Some(r) = r else {
                            failures.push(format!("{how} {sw}x{sh} → {tw}x{th} at ({dx}, {dy}): no route"));
                            continue;
                        };
                        let straight = r.points.len() >= 2 && r.segments().all(|(p, q)| (p.0 == q.0) != (p.1 == q.1));
                        let last = r.segments().last().map(|(p, q)| (p.0 - q.0).abs() + (p.1 - q.1).abs()).unwrap_or(0.0);
                        let first = r.segments().next().map(|(p, q)| (p.0 - q.0).abs() + (p.1 - q.1).abs()).unwrap_or(0.0);
                        let ok = straight && entering_side(&r, &b).is_some() && entering_side(&reversed(&r), &a).is_some() && last >= CLEARANCE && first >= CLEARANCE;
                        if !ok {
                            failures.push(format!("{how} {sw}x{sh} → {tw}x{th} at ({dx}, {dy}): {}", r.path()));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 7_000);
    assert!(failures.is_empty(), "{} of {checked} routes do not enter their target (or leave their source) head on, e.g.:\n{}", failures.len(), failures.iter().take(12).cloned().collect::<Vec<_>>().join("\n"));
}

/// A drag's ghost layer draws each connector where it was from the diagram's path data
/// (`geometry::path_points` of `Route::path`, `canvas_follow`): read back, those are exactly
/// the points the route draws, for every connector of a routed template-sized design and of a
/// 1,000-node estate (direct paths), so a ghost lies exactly on the connector it stands for.
#[test]
fn a_routes_path_data_reads_back_as_its_drawn_points() {
    use cloudwright_engine::diagram::geometry::path_points;
    for d in [sample::synthetic(30), sample::synthetic(1000)] {
        let routes = route_all(&d);
        assert!(!routes.is_empty());
        for (id, r) in &routes {
            assert_eq!(path_points(&r.path()), r.drawn_points(), "{id}");
        }
    }
}
