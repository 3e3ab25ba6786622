//! A Switch's bill, priced again only where the switch changes it ([`DesignBill::after`]), is
//! the whole bill of the switched design ([`cost::month`]) bit for bit: its lines and its
//! total. Bit for bit, not to the cent: the components the switch cannot change keep the very
//! charges the whole bill computes for them (the same pricing of the same inputs), and the
//! charges are settled in the same order by the same code, so any difference is a component
//! the switch changed and the incremental bill missed — a bug, however small the amount.

use cloudwright_engine::compare::{apply_container_option, ContainerOption, DesignBill};
use cloudwright_engine::{cost, file, sample, Design, NodeId};
use proptest::prelude::*;

mod common;

fn containers(d: &Design) -> Vec<NodeId> {
    d.nodes.values().filter(|n| matches!(n.kind.as_str(), "ecs-service" | "eks-nodegroup" | "fargate-profile")).map(|n| n.id.clone()).collect()
}

/// Every Switch of every container node of `d`: the incremental bill equals the whole one.
/// Returns how many switches were billed.
fn check(what: &str, d: &Design) -> usize {
    let base = DesignBill::new(d);
    let (lines, total) = cost::month(d);
    assert_eq!(base.total.to_bits(), total.to_bits(), "{what}: the design's own bill");
    assert_eq!(base.lines, lines, "{what}: the design's own lines");
    let mut n = 0;
    for node in containers(d) {
        for o in ContainerOption::ALL {
            let e = apply_container_option(d, &node, o);
            let mut after = d.clone();
            if e.apply(&mut after).is_err() || after == *d {
                continue;
            }
            let (inc_lines, inc_total) = base.after(&after, &e);
            let (lines, total) = cost::month(&after);
            assert_eq!(inc_total.to_bits(), total.to_bits(), "{what} {node} -> {o:?}: incremental {inc_total} vs whole {total}");
            assert_eq!(inc_lines, lines, "{what} {node} -> {o:?}: lines");
            n += 1;
        }
    }
    n
}

/// Every template, the starter and the per-AZ drawings. On main there is no incremental
/// Switch bill (`DesignBill` does not exist: every Switch was billed whole).
#[test]
fn every_switch_bill_of_every_template_is_the_whole_bill() {
    let mut n = check("starter", &sample::three_tier());
    for (name, d) in common::by_file_name() {
        n += check(&name, &d);
    }
    for name in ["three-tier", "eks-karpenter"] {
        let p = format!("{}/tests/fixtures/span/{name}-per-az.json", env!("CARGO_MANIFEST_DIR"));
        n += check(&p, &file::load(&std::fs::read_to_string(&p).unwrap()).unwrap());
    }
    assert!(n >= 20, "only {n} switches billed");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Random designs (the synthetic generator, then random edits: properties, removals,
    /// connections, shares, workload figures).
    #[test]
    fn every_switch_bill_of_a_random_design_is_the_whole_bill(size in 20usize..140, steps in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>(), 0.0..=1.0f64), 0..12)) {
        let mut d = sample::synthetic(size);
        for (op, a, b, u) in steps {
            if let Some(e) = sample::seeded_edit(&d, op, a, b, u) {
                let _ = e.apply(&mut d);
            }
        }
        check(&format!("synthetic {size}"), &d);
    }
}
