//! The templates drawn with components spanning AZs (issue 14) against the same templates as
//! they were drawn before, one node per AZ (`fixtures/span/*-per-az.json`): the bill and the
//! main entry's latency are the same, or differ exactly as explained here; the findings
//! differ only where the per-AZ drawing was itself the problem.

use cloudwright_engine::diagram::{self, tidy};
use cloudwright_engine::{file, totals, Design};

const CHANGED: &[&str] = &["three-tier", "eks-karpenter", "multi-region-active-passive", "ec2-asg-spot"];

fn path(name: &str) -> String {
    format!("{}/../../templates/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

fn template(name: &str) -> Design {
    file::load(&std::fs::read_to_string(path(name)).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn per_az(name: &str) -> Design {
    let p = format!("{}/tests/fixtures/span/{name}-per-az.json", env!("CARGO_MANIFEST_DIR"));
    file::load(&std::fs::read_to_string(&p).unwrap()).unwrap_or_else(|e| panic!("{p}: {e}"))
}

#[test]
fn spanning_templates_draw_bands_that_read_well() {
    for name in CHANGED {
        let d = template(name);
        let spanning: Vec<_> = d.nodes.values().filter(|n| !n.span.is_empty()).collect();
        assert!(!spanning.is_empty(), "{name} draws a component spanning AZs");
        for n in spanning {
            let r = d.layout[&n.id];
            for s in n.parent.iter().chain(&n.span) {
                let sr = d.layout[s];
                assert!(r.x < sr.x + sr.w && sr.x < r.x + r.w && r.y >= sr.y && r.y + r.h <= sr.y + sr.h, "{name}: {} does not reach across {s}", n.id);
            }
        }
        assert_eq!(diagram::check(&d), vec![], "{name}");
        // "Tidy up" keeps every band spanning its subnets (tests/diagram_tidy.rs checks how).
        assert!(tidy::tidy(&d, None).is_some_and(|e| e.is_layout_only()), "{name}");
    }
}

#[test]
fn bills_and_latency_are_those_of_the_per_az_drawing() {
    for name in CHANGED {
        let (before, after) = (per_az(name), template(name));
        let (b, a) = (totals::summary(&before, 1.0), totals::summary(&after, 1.0));
        // The same instances, tasks and nodes, the same AZs, the same traffic in each AZ: the
        // same bill to the cent and the same latency.
        //
        // Except in eks-karpenter, where two simplifications of the per-AZ drawing rounded
        // per copy (cost::kinds::fleet, traffic's association split):
        // - Spot rounds per node group: 3 groups × round(4 × 60%) = 6 Spot nodes of 12, one
        //   group round(12 × 60%) = 7: one m7g.large moves from on-demand to Spot (EC2
        //   643.33 → 601.64 $/month, its savings-plan discount −150.11 → −133.43);
        // - image pulls and logs are shared evenly among the components that use ECR and
        //   CloudWatch: 4 callers before (3 copies + the system group), 2 after, so less of
        //   them runs through the interface endpoints (2.40 → 2.00 $/month).
        // Together −25.42 $/month (3192.25 → 3166.84), both closer to what the design says.
        let explained = if *name == "eks-karpenter" { 25.42 } else { 0.0 };
        assert!((b.monthly - a.monthly - explained).abs() < 0.005, "{name}: monthly {} before, {} after", b.monthly, a.monthly);
        // Latency: a fleet spanning AZs has no fixed AZ, so its hops are latency's "AZ not
        // fixed" mix (1/3 same AZ, 2/3 cross-AZ), as for a fleet drawn at VPC level; per-AZ
        // copies had one AZ each. With three AZs that is the same mix (three-tier, eks: equal
        // to the microsecond); with two (multi-region) the copies averaged 1/2 same AZ, so
        // the p95 grows by 0.07 ms (169.846 → 169.918).
        let (la, lb) = (a.main_entry.as_ref().unwrap(), b.main_entry.as_ref().unwrap());
        println!("{name}: monthly {:.2} → {:.2}; p95 {:.3} → {:.3} ms; p99 {:.3} → {:.3} ms", b.monthly, a.monthly, lb.p95_ms, la.p95_ms, lb.p99_ms, la.p99_ms);
        let tolerance = if *name == "multi-region-active-passive" { 0.1 } else { 1e-9 };
        for (x, y) in [(la.p95_ms, lb.p95_ms), (la.p99_ms, lb.p99_ms)] {
            assert!((x - y).abs() <= tolerance, "{name}: latency {y} before, {x} after");
        }
        assert!(a.errors <= b.errors && a.warnings <= b.warnings, "{name}: findings {}/{} before, {}/{} after", b.errors, b.warnings, a.errors, a.warnings);
    }
}
