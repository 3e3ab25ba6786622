//! Incremental connector routing (`diagram::route::reroute`, issue 20) equals routing from
//! nothing: after every step of a random edit sequence — moves of components and containers
//! (with what is inside), resizes, relabels (labels wrap: the box a connector ends at
//! changes), new connections, removals, property changes — the routes kept up to date by
//! `reroute` are exactly `route_all` of the design. And it recomputes only what it must: a
//! moved component's own connectors on a large design, everything on a routed one.

use cloudwright_engine::diagram::route::{self, reroute, route_all, Rerouted, MAX_ROUTED};
use cloudwright_engine::catalog::{self, PropType};
use cloudwright_engine::model::{allowed_connection_kinds, Design, NodeId, Rect, Value};
use cloudwright_engine::{sample, ConnId, Edit};
use proptest::prelude::*;

mod common;
use std::collections::BTreeSet;

/// A random edit from a seed; `None` when the seed finds nothing to do.
fn edit_from(d: &Design, op: u8, a: u64, b: u64, u: f64) -> Option<Edit> {
    let ids: Vec<&NodeId> = d.nodes.keys().collect();
    let node = *ids.get((a % ids.len().max(1) as u64) as usize)?;
    let r = d.layout.get(node).copied();
    match op % 8 {
        // Moves, the commonest edit: the node and everything inside it.
        0..=2 => Some(Edit::move_by(d, &[node.clone()], (u * 300.0 - 150.0).round(), (b % 200) as f64 - 100.0)),
        3 => r.map(|before| Edit::Resize { id: node.clone(), before, after: Rect { w: before.w + 10.0 + 90.0 * u, h: before.h + (b % 40) as f64, ..before } }),
        4 => {
            // Short and long labels: a long one wraps and widens the box.
            let label = if b % 2 == 0 { "x".to_string() } else { "A much longer label that wraps over two lines".to_string() };
            Some(Edit::set_label(d, node, &label))
        }
        5 => Some(Edit::remove_cascade(d, &[node.clone()])),
        6 => {
            let to = ids[(b % ids.len() as u64) as usize];
            let k = *allowed_connection_kinds(d, node, to).first()?;
            Some(Edit::connect(d, node, to, k))
        }
        // Changes nothing drawn: no route may be recomputed for it on a large design.
        _ => prop_edit(d, node, u),
    }
}

/// A valid value for the node's first numeric or yes/no property.
fn prop_edit(d: &Design, node: &NodeId, u: f64) -> Option<Edit> {
    let spec = catalog::kind(&d.nodes.get(node)?.kind)?;
    spec.props.iter().find_map(|p| {
        let v = match &p.ty {
            PropType::Bool => Value::Bool(u < 0.5),
            PropType::Number { min, max } => Value::Number(min + (max - min) * u),
            PropType::Integer { min, max } => Value::Number((min + (max - min).min(100.0) * u).floor().max(*min)),
            _ => return None,
        };
        Some(Edit::set_prop(d, node, p.key, Some(v)))
    })
}

/// Applies the steps; after each, the incrementally kept routes equal `route_all`.
///
/// `reroute_boxed`, the canvas's way (the boxes kept with the routes from `route_all_boxed`),
/// is followed alongside: the same routes, the same ids, and its boxes after each step every
/// drawn node's box in the new design, as `route_all_boxed` makes them from nothing.
fn run_sequence(mut d: Design, steps: &[(u8, u64, u64, f64)]) -> Result<(), TestCaseError> {
    let mut routes = route_all(&d);
    let (mut kept, mut boxes) = route::route_all_boxed(&d);
    prop_assert_eq!(&kept, &routes);
    for &(op, a, b, u) in steps {
        let Some(e) = edit_from(&d, op, a, b, u) else { continue };
        let mut after = d.clone();
        if e.apply(&mut after).is_err() {
            continue;
        }
        // The app's check "did the drawing change?" (`same_drawing`, in place) agrees with
        // comparing the two drawing inputs built whole.
        let (drawn, drawn_after) = (route::drawing_input(&d), route::drawing_input(&after));
        prop_assert_eq!(route::same_drawing(&drawn, &after), drawn == drawn_after, "same_drawing after {}", e.label());
        let how = reroute(&d, &mut routes, &after);
        let (fresh, fresh_boxes) = route::route_all_boxed(&after);
        prop_assert_eq!(&routes, &fresh, "after {}", e.label());
        let how_boxed = route::reroute_boxed(&d, &mut kept, &mut boxes, &after);
        prop_assert_eq!(&how_boxed, &how, "boxed: what was routed again after {}", e.label());
        prop_assert_eq!(&kept, &fresh, "boxed: the routes after {}", e.label());
        prop_assert_eq!(&boxes, &fresh_boxes, "boxed: the boxes after {}", e.label());
        if let Rerouted::Only(ids) = &how {
            // Each id listed once; every connection it did not list kept its route.
            prop_assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len());
            prop_assert!(after.connections.len() > MAX_ROUTED && d.connections.len() > MAX_ROUTED);
        } else {
            prop_assert!(after.connections.len() <= MAX_ROUTED || d.connections.len() <= MAX_ROUTED);
        }
        d = after;
    }
    Ok(())
}

proptest! {
    // Each case routes its design from nothing after every step (A* over the grid, in a debug
    // build): 6 cases of up to 8 steps keep the test near a minute.
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Generated estates of 70–160 nodes: 120–300 connections, so sequences run above the
    /// routing threshold, below it, and across it (removals).
    #[test]
    fn incremental_routes_equal_routing_from_nothing(size in 70usize..160, steps in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>(), 0.0..=1.0f64), 1..8)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }
}

#[test]
fn incremental_routes_equal_routing_from_nothing_on_every_template() {
    for (name, d) in common::by_file_name() {
        let steps: Vec<(u8, u64, u64, f64)> = (0..4u64).map(|i| ((i * 3 % 8) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 4.0)).collect();
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The connections touching any of `ids`.
fn touching(d: &Design, ids: &BTreeSet<NodeId>) -> BTreeSet<ConnId> {
    d.connections.values().filter(|c| ids.contains(&c.from) || ids.contains(&c.to)).map(|c| c.id.clone()).collect()
}

/// On a 1,000-node estate (2,790 connections, all drawn direct) a moved component recomputes
/// exactly its own connectors, a moved container those of everything inside it, and a
/// property edit nothing.
#[test]
fn a_move_recomputes_only_the_moved_components_connectors() {
    let d = sample::synthetic(1000);
    assert!(d.connections.len() > MAX_ROUTED);
    let mut routes = route_all(&d);
    let full = routes.clone();

    // The leaf with the most connections.
    let leaf = d.nodes.values().filter(|n| !cloudwright_engine::diagram::geometry::node_is_container(n)).max_by_key(|n| touching(&d, &BTreeSet::from([n.id.clone()])).len()).expect("a leaf").id.clone();
    let own = touching(&d, &BTreeSet::from([leaf.clone()]));
    assert!(own.len() >= 10, "a hub: {} connections", own.len());
    let mut moved = d.clone();
    Edit::move_by(&d, &[leaf.clone()], 40.0, 30.0).apply(&mut moved).expect("moves");
    let Rerouted::Only(ids) = reroute(&d, &mut routes, &moved) else { panic!("a large design is never routed whole") };
    assert_eq!(ids.into_iter().collect::<BTreeSet<_>>(), own);
    assert_eq!(routes, route_all(&moved));
    // The others are the very routes they were.
    assert!(full.iter().filter(|(id, _)| !own.contains(*id)).all(|(id, r)| routes[id] == *r));

    // A container: everything inside it moves, so its descendants' connectors are recomputed.
    let vpc = d.nodes.values().find(|n| n.kind == "vpc").expect("a VPC").id.clone();
    let inside: BTreeSet<NodeId> = std::iter::once(vpc.clone()).chain(cloudwright_engine::edit::descendants(&moved, &vpc)).collect();
    let mut twice = moved.clone();
    Edit::move_by(&moved, &[vpc], 0.0, 50.0).apply(&mut twice).expect("moves");
    let Rerouted::Only(ids) = reroute(&moved, &mut routes, &twice) else { panic!("large") };
    assert_eq!(ids.into_iter().collect::<BTreeSet<_>>(), touching(&twice, &inside));
    assert_eq!(routes, route_all(&twice));

    // Nothing drawn changed: nothing recomputed.
    let mut prop = twice.clone();
    let e = twice.nodes.keys().find_map(|id| prop_edit(&twice, id, 0.3)).expect("a node with a property");
    e.apply(&mut prop).expect("a valid value");
    assert_eq!(reroute(&twice, &mut routes, &prop), Rerouted::Only(Vec::new()));
}

/// A routed design (at most `MAX_ROUTED` connections): every route depends on the others
/// (the grid, sharing costs, nudging), so all are routed again.
#[test]
fn a_routed_design_is_routed_again_whole() {
    let d = sample::synthetic(20);
    assert!(d.connections.len() <= MAX_ROUTED);
    let mut routes = route_all(&d);
    let leaf = d.layout.keys().last().expect("a node").clone();
    let mut moved = d.clone();
    Edit::move_by(&d, &[leaf], 30.0, 0.0).apply(&mut moved).expect("moves");
    assert_eq!(reroute(&d, &mut routes, &moved), Rerouted::All);
    assert_eq!(routes, route::route_all(&moved));
}

/// `same_drawing` says whether an edit changed what is drawn, without building the drawing
/// input: a property edit does not (the canvas, its routes and the minimap stay as they are),
/// a move, a relabel, a new connection and a removal do.
#[test]
fn same_drawing_tells_a_property_edit_from_a_drawn_change() {
    let d = sample::synthetic(300);
    let drawn = route::drawing_input(&d);
    assert!(route::same_drawing(&drawn, &d), "a design's own drawing input");
    let after = |e: Edit| {
        let mut a = d.clone();
        e.apply(&mut a).expect("a valid edit");
        a
    };
    let leaf = d.nodes.values().find(|n| !cloudwright_engine::diagram::geometry::node_is_container(n) && prop_edit(&d, &n.id, 0.3).is_some()).expect("a leaf with a property").id.clone();
    let prop = after(prop_edit(&d, &leaf, 0.3).expect("a property"));
    assert_ne!(prop, d, "the property edit changed the design");
    assert!(route::same_drawing(&drawn, &prop), "a property edit changes nothing drawn");
    assert!(!route::same_drawing(&drawn, &after(Edit::move_by(&d, &[leaf.clone()], 10.0, 0.0))), "a move");
    assert!(!route::same_drawing(&drawn, &after(Edit::set_label(&d, &leaf, "Renamed"))), "a relabel");
    assert!(!route::same_drawing(&drawn, &after(Edit::remove_cascade(&d, &[leaf.clone()]))), "a removal");
    let other = d.nodes.keys().find(|id| **id != leaf && allowed_connection_kinds(&d, &leaf, id).first().is_some()).expect("a node it may connect to").clone();
    let k = allowed_connection_kinds(&d, &leaf, &other)[0];
    assert!(!route::same_drawing(&drawn, &after(Edit::connect(&d, &leaf, &other, k))), "a new connection");
}

/// A hub's drop with the boxes kept (`reroute_boxed`, the canvas's routes memo): the same
/// routes as `reroute` without them, and every drawn node's box held before and after (the
/// 613 far ends' boxes taken from it, not worked out again from their labels).
#[test]
fn a_hub_drop_with_kept_boxes_routes_the_same() {
    let d = route::drawing_input(&sample::synthetic(1000));
    let hub = NodeId::from("logs");
    let mut after = d.clone();
    Edit::move_by(&d, &[hub], 60.0, 45.0).apply(&mut after).expect("moves");
    let (mut routes, mut boxes) = route::route_all_boxed(&d);
    assert_eq!(boxes.len(), d.layout.len(), "every drawn node's box");
    let mut plain = routes.clone();
    let ids = route::reroute_boxed(&d, &mut routes, &mut boxes, &after);
    assert_eq!(ids, reroute(&d, &mut plain, &after));
    let Rerouted::Only(ids) = ids else { panic!("a large design is rerouted in part") };
    assert_eq!(ids.len(), 613, "the hub's connectors");
    assert_eq!(routes, plain);
    assert_eq!(boxes, route::route_all_boxed(&after).1);
}
