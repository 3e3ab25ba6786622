//! Route 53 and CloudFront are global services (`catalog::is_global`): the design's home
//! region re-prices neither, and neither sends inter-region data transfer to a component drawn
//! in another region (QA s21: the home region of "Multi-region active-passive" moved to
//! eu-west-1 billed Route 53 failover for 1,760 GB of "inter-region data transfer to
//! us-east-1", +$38.72, and re-priced Route 53 and CloudFront × 1.1 as estimates).

use cloudwright_engine::{cost, file, Design, Edit};

fn template(name: &str) -> Design {
    file::load(&std::fs::read_to_string(format!("../../templates/{name}.json")).unwrap()).unwrap()
}

/// `d` with only its home region changed (the drawn Regions stay where they are).
fn home(d: &Design, to: &str) -> Design {
    let mut out = d.clone();
    Edit::SetRegion { before: d.region.clone(), after: to.into() }.apply(&mut out).unwrap();
    out
}

#[test]
fn route53_sends_no_inter_region_transfer() {
    let base = template("multi-region-active-passive");
    for d in [base.clone(), home(&base, "eu-west-1")] {
        let bill = cost::cost(&d);
        let dns: Vec<_> = bill.lines_of("dns").collect();
        assert!(!dns.is_empty());
        assert!(
            dns.iter().all(|l| !l.price_id.starts_with("dto.inter_region")),
            "home {}: {:?}",
            d.region,
            dns.iter().map(|l| (&*l.what, l.monthly)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn global_services_cost_the_same_from_any_home_region() {
    for (name, node) in [("multi-region-active-passive", "dns"), ("global-origin-shield", "dns"), ("global-origin-shield", "cdn")] {
        let base = template(name);
        let lines = |d: &Design| cost::cost(d).lines_of(node).map(|l| (l.price_id.to_string(), l.monthly, l.region.to_string(), l.estimated)).collect::<Vec<_>>();
        let (east, ireland) = (lines(&base), lines(&home(&base, "eu-west-1")));
        assert_eq!(east, ireland, "{name}/{node}: the same lines, amounts and region");
        assert!(east.iter().all(|(_, _, r, _)| r == "global"), "{name}/{node}: {east:?}");
    }
    // By hand: one hosted zone at $0.50 a month (aws.amazon.com/route53/pricing), in any home
    // region (eu-west-1 before: $0.50 × 1.1 = $0.55, marked estimated).
    let d = home(&template("multi-region-active-passive"), "eu-west-1");
    let zone = cost::cost(&d).lines_of("dns").find(|l| l.price_id == "route53.zone").map(|l| (l.monthly, l.estimated)).unwrap();
    assert!((zone.0 - 0.50).abs() < 1e-9 && !zone.1, "{zone:?}");
}
