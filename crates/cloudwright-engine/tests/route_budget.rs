//! Routing's search budgets (`diagram::route::TOTAL_SEARCH_BUDGET`, issue 20): a design
//! whose connectors cannot all be routed stops searching after a bounded amount of work (it
//! took 3.4–8.3 s natively at 60–77 generated nodes), and no template comes near the budget,
//! so none of their drawings depends on it. A search whose goal cannot be reached at all
//! (boxed in) gives up without settling a state.

use cloudwright_engine::diagram::route::{route_all, route_all_counted, MAX_ROUTED, SEARCH_BUDGET, TOTAL_SEARCH_BUDGET};
use cloudwright_engine::model::{ConnKind, Connection, Design, Node, Rect};
use cloudwright_engine::sample;

mod common;

#[test]
fn templates_settle_well_under_the_total_budget() {
    let mut most = 0;
    for (name, d) in common::by_file_name() {
        let (routes, searched) = route_all_counted(&d);
        assert_eq!(routes.len(), d.connections.len(), "{name}: every connection drawn");
        assert!(searched.settled <= TOTAL_SEARCH_BUDGET / 3, "{name}: {} states settled", searched.settled);
        assert_eq!((searched.capped, searched.exhausted, searched.unreachable), (0, 0, 0), "{name}: every search found its route");
        most = most.max(searched.settled);
    }
    assert!(most > 0, "the templates' searches settle something");
    // The goal port's cost in the search's estimate: multi-region-active-passive, the largest,
    // settled 199,589 states without it and 182,544 with it (drawings unchanged:
    // tests/route_templates.rs).
    assert!(most < 190_000, "largest template search total: {most}");
}

#[test]
fn a_generated_estate_under_the_routing_threshold_stops_at_the_budget() {
    // 60 and 77 generated nodes (67 and 112 connections, under MAX_ROUTED): searches of
    // these estates settle their whole per-connector budget.
    for n in [60, 77] {
        let d = sample::synthetic(n);
        assert!(d.connections.len() <= MAX_ROUTED);
        let (routes, searched) = route_all_counted(&d);
        assert_eq!(routes.len(), d.connections.len(), "{n} nodes: every connection drawn");
        // At most the total, plus the one state a search settles past its cap.
        assert!(searched.settled <= TOTAL_SEARCH_BUDGET + 1, "{n} nodes: {searched:?}");
        assert!(searched.settled > SEARCH_BUDGET && searched.capped > 0, "{n} nodes: the searches do hit their caps ({searched:?})");
    }
}

fn leaf(d: &mut Design, id: &str, r: Rect) {
    let n: Node = serde_json::from_value(serde_json::json!({"id": id, "kind": "ec2", "label": "x"})).expect("node");
    d.nodes.insert(n.id.clone(), n);
    d.layout.insert(id.into(), r);
}

#[test]
fn a_boxed_in_goal_is_given_up_without_searching() {
    // The target (200, 200, 112 × 72) inside a closed ring of four components kept 30 apart
    // from it: its ports' stubs (10 long) fit in the gap, but the ring's clearances (10 on
    // each side) overlap each other at the corners — top 58..454 × 98..170 grown to
    // 48..464 × 88..180 meets left 58..170 × 98..374 grown to 48..180 × 88..384 — so no path
    // of free grid edges leaves the ring. The source sits outside it.
    let mut d = Design::new("ring", "us-east-1");
    leaf(&mut d, "target", Rect::new(200.0, 200.0, 112.0, 72.0));
    leaf(&mut d, "top", Rect::new(58.0, 98.0, 396.0, 72.0));
    leaf(&mut d, "bottom", Rect::new(58.0, 302.0, 396.0, 72.0));
    leaf(&mut d, "left", Rect::new(58.0, 98.0, 112.0, 276.0));
    leaf(&mut d, "right", Rect::new(342.0, 98.0, 112.0, 276.0));
    leaf(&mut d, "source", Rect::new(700.0, 200.0, 112.0, 72.0));
    d.connections.insert("c1".into(), Connection::new("c1", "source", "target", ConnKind::Sync));
    let (routes, searched) = route_all_counted(&d);
    assert_eq!(searched.unreachable, 1, "{searched:?}");
    assert_eq!(searched.settled, 0, "nothing settled: {searched:?}");
    // It keeps the direct path (what `check` reports).
    assert_eq!(routes, route_all(&d));
    assert_eq!(routes.len(), 1);
}
