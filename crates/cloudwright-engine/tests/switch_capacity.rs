//! "Switch to this option" carries the traffic: the service Switch draws runs as many tasks
//! (pods, nodes) as the capacity engine needs at the design's traffic, and Compare describes
//! the same tasks it prices.

mod common;

use cloudwright_engine::compare::{compare_containers_in, ContainerOption};
use cloudwright_engine::{capacity, Design, NodeId};
use common::{comparable_designs, container_nodes, switched};
use std::collections::BTreeSet;

/// The capacity findings of a design at its own traffic, as (rule, component).
fn findings(d: &Design) -> BTreeSet<(String, NodeId)> {
    capacity::analyse(d, 1.0).findings.into_iter().map(|f| (f.rule.to_string(), f.nodes[0].clone())).collect()
}

/// QA (2026-12-03): on "EKS with Karpenter", Switch on ECS on Fargate (and on the recommended
/// EKS on Fargate) drew a service of 2 tasks (the catalog's default) for the 457 req/s the 12
/// Karpenter nodes served: the design came out overloaded (160%, "needs 5 tasks", p95 ∞) while
/// Compare quoted a $330/month saving. Now, in every direction on every template, a Switch
/// adds no capacity finding the design did not have. Fails on main.
#[test]
fn no_switch_overloads_the_design() {
    let mut checked = 0;
    let mut bad = Vec::new();
    for (what, d) in comparable_designs() {
        let before = findings(&d);
        for node in container_nodes(&d) {
            for o in ContainerOption::ALL {
                let Some(after) = switched(&d, &node, o) else { continue };
                checked += 1;
                let new: Vec<_> = findings(&after).difference(&before).cloned().collect();
                if !new.is_empty() {
                    bad.push(format!("{what} {node} -> {o:?}: {new:?}"));
                }
                // and from there to every other option (node group -> Fargate -> ECS, ...)
                let before2 = findings(&after);
                for o2 in ContainerOption::ALL.into_iter().filter(|x| *x != o) {
                    let Some(again) = switched(&after, &node, o2) else { continue };
                    checked += 1;
                    let new: Vec<_> = findings(&again).difference(&before2).cloned().collect();
                    if !new.is_empty() {
                        bad.push(format!("{what} {node} -> {o:?} -> {o2:?}: {new:?}"));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} switches add capacity findings:\n{}", bad.len(), bad.join("\n"));
    assert!(checked >= 40, "only {checked} switches checked");
}

/// Compare's profile and the Switch are one truth: the tasks (pods) Switch draws for a Fargate
/// option are the profile's peak tasks Compare describes. Fails on main (the profile said 36
/// tasks, the Switch drew 2).
#[test]
fn the_fargate_switch_draws_the_tasks_compare_describes() {
    let d = common::template("eks-karpenter");
    let node = NodeId::new("nodes");
    let c = compare_containers_in(&d, &node).unwrap();
    let peak = c.profile.peak_tasks;
    assert!(c.profile_description.contains(&format!("({} at peak", peak)), "{}", c.profile_description);
    for (o, key) in [(ContainerOption::EcsFargate, "tasks"), (ContainerOption::EksFargate, "pods")] {
        let after = switched(&d, &node, o).unwrap();
        let n = &after.nodes[&node];
        assert_eq!(after.num(n, key), peak, "{o:?}: {key}");
    }
    // Hand check (EKS with Karpenter, "Karpenter nodes"): 400M requests a month reach it,
    // 400e6 / 2,628,000 s = 152.2 req/s on average, × peak_to_average 3 = 456.6 req/s at peak.
    // The 12 m7g.large nodes serve capacity_per_node_rps = 200 req/s each at the 70% target,
    // and each holds 3 tasks of 0.5 vCPU / 1 GB (m7g is not in the packing table: 3 per node),
    // so one task serves 200 / 3 = 66.66 req/s at the target (its full capacity 95.2 req/s).
    // Tasks at peak: ceil(456.6 / 66.66) = 7 (utilisation 456.6 / (7 × 95.2) = 68.5% ≤ 70%);
    // on average ceil(152.2 / 66.66) = 3. Fargate (us-east-1, x86, reference
    // aws-list-prices-us-east-1.md: $0.04048 per vCPU-hour, $0.004445 per GB-hour) for 7
    // tasks all month: 7 × 730 h × (0.5 × 0.04048 + 1 × 0.004445) = 5,110 task-hours ×
    // $0.024685 = $126.14 a month on demand (the template buys a 1-year Savings Plan, which
    // the bill applies on top).
    assert_eq!(peak, 7.0);
    assert_eq!(c.profile.avg_tasks, 3.0);
}
