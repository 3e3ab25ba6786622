//! Routing's total search budget (`diagram::route::TOTAL_SEARCH_BUDGET`, issue 20): a design
//! whose connectors cannot all be routed stops searching after a bounded amount of work (it
//! took 3.4–8.3 s natively at 60–77 generated nodes), and no template comes near the budget,
//! so none of their drawings depends on it.

use cloudwright_engine::diagram::route::{route_all_counted, MAX_ROUTED, SEARCH_BUDGET, TOTAL_SEARCH_BUDGET};
use cloudwright_engine::sample;

mod common;

#[test]
fn templates_settle_well_under_the_total_budget() {
    let mut most = 0;
    for (name, d) in common::by_file_name() {
        let (routes, settled) = route_all_counted(&d);
        assert_eq!(routes.len(), d.connections.len(), "{name}: every connection drawn");
        assert!(settled <= TOTAL_SEARCH_BUDGET / 3, "{name}: {settled} states settled");
        most = most.max(settled);
    }
    assert!(most > 0, "the templates' searches settle something");
}

#[test]
fn a_generated_estate_under_the_routing_threshold_stops_at_the_budget() {
    // 60 and 77 generated nodes (67 and 112 connections, under MAX_ROUTED): boxed-in ends
    // make searches settle their whole per-connector budget.
    for n in [60, 77] {
        let d = sample::synthetic(n);
        assert!(d.connections.len() <= MAX_ROUTED);
        let (routes, settled) = route_all_counted(&d);
        assert_eq!(routes.len(), d.connections.len(), "{n} nodes: every connection drawn");
        // At most the total, plus the one state a search settles past its cap.
        assert!(settled <= TOTAL_SEARCH_BUDGET + 1, "{n} nodes: {settled} states settled");
        assert!(settled > SEARCH_BUDGET, "{n} nodes: the searches do hit their caps ({settled})");
    }
}
