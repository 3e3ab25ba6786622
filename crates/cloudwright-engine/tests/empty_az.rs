//! An Availability Zone drawn with no subnet hosts nothing (QA s31 F1): no ENI, task or
//! instance can be in it, so the rules count only a VPC's AZs that hold a subnet, as the bill
//! does (`zones::Zones`; the bill's cases are in `cost_cases.rs`).

use cloudwright_engine::model::{ConnKind, Design, Node, NodeId, Value};
use std::collections::BTreeMap;

fn add(d: &mut Design, id: &str, kind: &str, parent: Option<&str>, props: &[(&str, Value)]) {
    let props: BTreeMap<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    d.nodes.insert(NodeId::new(id), Node { label: id.to_uppercase(), parent: parent.map(NodeId::new), props, ..Node::new(id, kind) });
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}
fn n(x: f64) -> Value {
    Value::Number(x)
}

/// A VPC with AZ a (a public and a private subnet) and AZ b with no subnet; users → ALB (in
/// the public subnet, one AZ) → an ECS service of 2 tasks placed at VPC level.
fn one_az_with_an_empty_one() -> Design {
    let mut d = Design::new("case", "us-east-1");
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "az-a", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "az-b", "az", Some("vpc"), &[("zone", t("b"))]);
    add(&mut d, "pub-a", "subnet", Some("az-a"), &[("tier", t("public"))]);
    add(&mut d, "priv-a", "subnet", Some("az-a"), &[("tier", t("private"))]);
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "alb", "alb", Some("pub-a"), &[]);
    add(&mut d, "app", "ecs-service", Some("vpc"), &[("tasks", n(2.0))]);
    d.insert_connection("users", "alb", ConnKind::Sync);
    d.insert_connection("alb", "app", ConnKind::Sync);
    d
}

/// The service at VPC level runs in the VPC's AZs; with AZ b empty that is AZ a alone, so
/// the application tier is in one AZ (it counted the empty AZ b and said nothing).
#[test]
fn a_service_at_vpc_level_is_not_spread_into_an_empty_az() {
    let mut d = one_az_with_an_empty_one();
    let fired = |d: &Design| cloudwright_engine::rules::check(d).iter().any(|f| f.rule == "ha.app-tier-single-az" && f.nodes.iter().any(|x| x.as_str() == "app"));
    assert!(fired(&d), "one AZ holds a subnet: the tier runs in one AZ");
    add(&mut d, "priv-b", "subnet", Some("az-b"), &[("tier", t("private"))]);
    assert!(!fired(&d), "a subnet in AZ b: the tier runs in two");
}

fn single_az(d: &Design, id: &str) -> bool {
    cloudwright_engine::rules::check(d).iter().any(|f| f.rule == "ha.app-tier-single-az" && f.nodes.iter().any(|x| x.as_str() == id))
}

fn zone_names(d: &Design, id: &str) -> Vec<String> {
    let z = cloudwright_engine::zones::Zones::new(d);
    z.spread_of(&NodeId::new(id)).0.iter().map(|(i, _)| z.name(*i).to_string()).collect()
}

/// Review s32 R1 (b): a VPC whose AZ boxes hold no subnet yet. One answer to "how many AZs":
/// none hosts, so a node at VPC level with no count of its own runs in one AZ
/// (`HostingAzs::spread_count`), in the bill's zones and in the rules alike. Before, the bill
/// spread the services over two made-up zones (`vpc#1`, `vpc#2`: app → api crossed half
/// the time, an inter-AZ line) while the rules said one AZ (`ha.app-tier-single-az`), and
/// the inspector bounded the ALB's `az_count` by the two empty boxes.
/// users → ALB (VPC level, `az_count` 2) → app (2 tasks, VPC level) → api (2 tasks, VPC level).
#[test]
fn a_vpc_whose_azs_hold_no_subnet_has_one_count_everywhere() {
    use cloudwright_engine::az_choice::{self, AzChoice};
    use cloudwright_engine::zones::HostingAzs;
    let mut d = Design::new("case", "us-east-1");
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "az-a", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "az-b", "az", Some("vpc"), &[("zone", t("b"))]);
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "alb", "alb", Some("vpc"), &[("az_count", n(2.0))]);
    add(&mut d, "app", "ecs-service", Some("vpc"), &[("tasks", n(2.0))]);
    add(&mut d, "api", "ecs-service", Some("vpc"), &[("tasks", n(2.0))]);
    d.insert_connection("users", "alb", ConnKind::Sync);
    d.insert_connection("alb", "app", ConnKind::Sync);
    d.insert_connection("app", "api", ConnKind::Sync);
    let vpc = NodeId::new("vpc");
    let alb = d.node(&NodeId::new("alb")).unwrap().clone();

    let h = HostingAzs::new(&d);
    assert_eq!((h.count(&vpc), h.spread_count(&vpc)), (0, 1));
    // The bill's zones: one zone each (the VPC's own), so app → api crosses nothing.
    assert_eq!(zone_names(&d, "app"), ["vpc#1"]);
    assert_eq!(zone_names(&d, "api"), ["vpc#1"]);
    let bill = cloudwright_engine::cost::cost(&d);
    assert!(!bill.lines.iter().any(|l| l.price_id.starts_with("dto.inter_az")), "no inter-AZ line: {:#?}", bill.lines);
    // The rules count the same one AZ.
    assert!(single_az(&d, "app"));
    // The ALB keeps its own count (nothing to bound it by): 2 zones in the bill, the catalog's range in the inspector.
    assert_eq!(zone_names(&d, "alb"), ["vpc#1", "vpc#2"]);
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::Free);
    assert_eq!(az_choice::check(&d, &alb, 6.0), Ok(()));

    // A subnet in each AZ: two hosting AZs everywhere.
    add(&mut d, "priv-a", "subnet", Some("az-a"), &[("tier", t("private"))]);
    add(&mut d, "priv-b", "subnet", Some("az-b"), &[("tier", t("private"))]);
    assert_eq!(HostingAzs::new(&d).count(&vpc), 2);
    assert_eq!(zone_names(&d, "app"), ["us-east-1/a", "us-east-1/b"]);
    assert!(!single_az(&d, "app"));
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::UpTo { vpc: vpc.clone(), azs: 2 });
}

/// Review s32 R1 (a): the Three-tier VPC with an empty AZ `az` (zone d) drawn in it, and the
/// CloudWatch Logs interface endpoint (VPC level) set to 4 AZs, as a file may hold. Only
/// AZs a, b and c hold a subnet, so:
/// - the bill spreads the endpoint over a, b and c and makes up no 4th zone (it made up
///   `vpc#1`, and a quarter of every caller's bytes to it then "crossed");
/// - the inspector refuses 4 ("between 1 and 3": it counted the 4 boxes and took it);
/// - the rule says 4 is beyond the VPC's 3 AZs with a subnet (it said nothing: 4 boxes).
#[test]
fn an_az_count_beyond_the_hosting_azs_makes_up_no_zone() {
    use cloudwright_engine::az_choice;
    let path = format!("{}/../../templates/three-tier.json", env!("CARGO_MANIFEST_DIR"));
    let base = cloudwright_engine::file::load(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut d = base.clone();
    add(&mut d, "az", "az", Some("vpc"), &[("zone", t("d"))]);
    d.nodes.get_mut(&NodeId::new("vpce-logs")).unwrap().props.insert("az_count".into(), n(4.0));
    assert_eq!(zone_names(&d, "vpce-logs"), ["us-east-1/a", "us-east-1/b", "us-east-1/c"]);
    // The inter-AZ lines are those of the template as it is (endpoint in its 3 AZs).
    let inter_az = |d: &Design| {
        cloudwright_engine::cost::cost(d).lines.iter().filter(|l| l.price_id.starts_with("dto.inter_az")).map(|l| (l.node.to_string(), l.what.to_string(), l.monthly)).collect::<Vec<_>>()
    };
    assert_eq!(inter_az(&d), inter_az(&base));
    let ep = d.node(&NodeId::new("vpce-logs")).unwrap().clone();
    let e = az_choice::check(&d, &ep, 4.0).unwrap_err();
    assert!(e.starts_with("must be between 1 and 3 AZs: VPC \"") && e.ends_with("has 3 AZs with a subnet; got 4"), "{e}");
    assert_eq!(az_choice::check(&d, &ep, 3.0), Ok(()));
    let f: Vec<String> = cloudwright_engine::rules::check(&d).into_iter().filter(|f| f.rule == "ha.az-count-beyond-vpc").map(|f| f.message).collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].contains("sets 4 AZs but VPC \"") && f[0].contains("has 3 AZs with a subnet"), "{}", f[0]);
    // Review s33 R1: the bill counts the 3 AZs the spread covers, not the file's 4, and the
    // finding says the count the checks and the bill use (it said 4).
    // $0.01 per AZ-hour (reference price list, "Interface VPC endpoint"): 3 × 730 × 0.01 = $21.90 (4 AZs: $29.20).
    let bill = cloudwright_engine::cost::cost(&d);
    let hours: Vec<_> = bill.lines_of("vpce-logs").filter(|l| l.price_id == "vpce.interface.az_hour").map(|l| (l.what.to_string(), l.monthly)).collect();
    assert_eq!(hours.len(), 1, "{hours:?}");
    assert_eq!(hours[0].0, "interface endpoint (cloudwatch): 3 AZ × 730 h");
    assert!((hours[0].1 - 21.90).abs() < 1e-9, "{}", hours[0].1);
    assert!(f[0].ends_with("the checks and the bill count 3."), "{}", f[0]);
    assert_eq!(cloudwright_engine::zones::az_count(&d, &ep), Some(3.0));
}

/// Review s33 R1: an internet-facing ALB at VPC level set to 3 AZs in a VPC with 2 AZs that
/// hold a subnet runs in 2 and has 2 public addresses: $0.005 per address-hour (reference price
/// list, "Public IPv4 address"), 2 × 730 × 0.005 = $7.30 (it billed 3: $10.95). The rules count
/// 2 as well, and the finding still says the file's 3 is beyond the VPC.
#[test]
fn a_load_balancer_at_vpc_level_bills_the_hosting_azs() {
    let mut d = one_az_with_an_empty_one();
    add(&mut d, "priv-b", "subnet", Some("az-b"), &[("tier", t("private"))]);
    add(&mut d, "alb2", "alb", Some("vpc"), &[("az_count", n(3.0)), ("internet_facing", Value::Bool(true))]);
    d.insert_connection("users", "alb2", ConnKind::Sync);
    d.insert_connection("alb2", "app", ConnKind::Sync);
    let bill = cloudwright_engine::cost::cost(&d);
    let ipv4: Vec<_> = bill.lines_of("alb2").filter(|l| l.price_id == "ipv4.hour").map(|l| (l.what.to_string(), l.quantity, l.monthly)).collect();
    assert_eq!(ipv4.len(), 1, "{ipv4:?}");
    assert_eq!(ipv4[0].0, "public IPv4, one per enabled AZ (2): 2 × 730 h");
    assert!((ipv4[0].2 - 7.30).abs() < 1e-9, "{ipv4:?}");
    let alb2 = d.node(&NodeId::new("alb2")).unwrap().clone();
    assert_eq!(cloudwright_engine::zones::az_count(&d, &alb2), Some(2.0));
    assert_eq!(zone_names(&d, "alb2"), ["us-east-1/a", "us-east-1/b"]);
    let f: Vec<String> = cloudwright_engine::rules::check(&d).into_iter().filter(|f| f.rule == "ha.az-count-beyond-vpc").map(|f| f.message).collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].contains("sets 3 AZs but VPC \"") && f[0].ends_with("has 2 AZs with a subnet: the checks and the bill count 2."), "{}", f[0]);
}

/// Review s33 R2: two AZ boxes both set to zone "a", each holding a private subnet, are one
/// AZ, to the zones of the bill, the rules' count and the inspector alike (the rules and the
/// inspector counted two boxes: `ha.app-tier-single-az` said nothing and `az_count` 2 passed).
#[test]
fn two_az_boxes_set_to_one_zone_are_one_hosting_az() {
    use cloudwright_engine::az_choice::{self, AzChoice};
    use cloudwright_engine::zones::HostingAzs;
    let mut d = Design::new("case", "us-east-1");
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "az-1", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "az-2", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "priv-1", "subnet", Some("az-1"), &[("tier", t("private"))]);
    add(&mut d, "priv-2", "subnet", Some("az-2"), &[("tier", t("private"))]);
    add(&mut d, "users", "users", None, &[("requests_per_month", n(10_000_000.0))]);
    add(&mut d, "alb", "alb", Some("vpc"), &[]);
    add(&mut d, "app", "ecs-service", Some("vpc"), &[("tasks", n(2.0))]);
    d.insert_connection("users", "alb", ConnKind::Sync);
    d.insert_connection("alb", "app", ConnKind::Sync);
    let vpc = NodeId::new("vpc");
    assert_eq!(HostingAzs::new(&d).count(&vpc), 1);
    assert_eq!(zone_names(&d, "app"), ["us-east-1/a"]);
    assert!(single_az(&d, "app"), "one zone: the tier runs in one AZ");
    let alb = d.node(&NodeId::new("alb")).unwrap().clone();
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::UpTo { vpc: vpc.clone(), azs: 1 });
    assert!(az_choice::check(&d, &alb, 2.0).is_err());
    // Zone b on the second box: two AZs.
    d.nodes.get_mut(&NodeId::new("az-2")).unwrap().props.insert("zone".into(), t("b"));
    assert_eq!(HostingAzs::new(&d).count(&vpc), 2);
    assert_eq!(az_choice::az_choice(&d, &alb), AzChoice::UpTo { vpc, azs: 2 });
    assert!(!single_az(&d, "app"));
}

/// Third reading of s33: one [`HostingAzs`](cloudwright_engine::zones::HostingAzs) per
/// analysis, shared by the zones, the rules and the bill. The bill reads it for each endpoint
/// priced, so each one notes the AZ boxes' zones its count rests on: an AZ set to another's
/// zone (two boxes, one zone: one hosting AZ, review s33 R2) re-prices **both** endpoints in a
/// session, as a full analysis does. When the bill built its own map on first asking, only the
/// first endpoint priced noted the zones. Two interface endpoints at VPC level, `az_count` 2,
/// in a VPC with a subnet in AZ a and in AZ b: 2 × 730 h × $0.01 = $14.60 each; with AZ b
/// set to zone a, one hosting AZ: 1 × 730 h × $0.01 = $7.30 each.
#[test]
fn an_az_set_to_another_zone_reprices_every_endpoint_in_a_session() {
    use cloudwright_engine::{analysis, Edit};
    let mut d = Design::new("case", "us-east-1");
    add(&mut d, "vpc", "vpc", None, &[]);
    add(&mut d, "az-a", "az", Some("vpc"), &[("zone", t("a"))]);
    add(&mut d, "az-b", "az", Some("vpc"), &[("zone", t("b"))]);
    add(&mut d, "priv-a", "subnet", Some("az-a"), &[("tier", t("private"))]);
    add(&mut d, "priv-b", "subnet", Some("az-b"), &[("tier", t("private"))]);
    add(&mut d, "ep-1", "vpc-endpoint-interface", Some("vpc"), &[("az_count", n(2.0)), ("service", t("sqs"))]);
    add(&mut d, "ep-2", "vpc-endpoint-interface", Some("vpc"), &[("az_count", n(2.0)), ("service", t("sns"))]);
    let hours = |b: &cloudwright_engine::cost::CostReport, id: &str| -> f64 {
        b.lines_of(id).filter(|l| l.price_id == "vpce.interface.az_hour").map(|l| l.monthly).sum()
    };
    let mut s = analysis::Session::new(d);
    for ep in ["ep-1", "ep-2"] {
        assert!((hours(s.analysis().bill(), ep) - 14.60).abs() < 1e-9, "{ep}: 2 AZ × 730 h × $0.01");
    }
    let e = Edit::set_prop(s.design(), &NodeId::new("az-b"), "zone", Some(t("a")));
    s.apply(&e).expect("applies");
    let full = cloudwright_engine::cost::cost(s.design());
    for ep in ["ep-1", "ep-2"] {
        assert!((hours(&full, ep) - 7.30).abs() < 1e-9, "{ep}: one hosting AZ, 730 h × $0.01");
        assert!((hours(s.analysis().bill(), ep) - 7.30).abs() < 1e-9, "{ep}: the session re-priced it ({})", hours(s.analysis().bill(), ep));
    }
}

/// QA s33 F1, its no-subnet case: a VPC whose AZ boxes hold no subnet. AWS creates an
/// interface endpoint with one subnet per AZ it is enabled in, so with none drawn nothing
/// shows how many AZs it has: the bill keeps the endpoint's own count (set, or the catalog's
/// default 2), as the zones spread it, and now says on the line that it is assumed.
/// - endpoint set to 3 AZs: 3 × 730 h × $0.01 = $21.90, "3 AZs, its AZ count as set": the
///   user's count, not assumed (review s35 R12: the line said "(assumed)" by it);
/// - endpoint with no count: the default 2, 2 × 730 h × $0.01 = $14.60, "its default AZ count";
/// - an internet-facing ALB at VPC level (no count): 2 public IPv4 × 730 h × $0.005 = $7.30,
///   the same note.
/// With a subnet drawn in each AZ box the counts are drawn: no note (the endpoints' hours then
/// follow the two hosting AZs: 2 × 730 × $0.01 = $14.60 each).
#[test]
fn an_endpoint_in_a_vpc_with_no_subnet_bills_its_own_count_and_says_it_is_assumed() {
    let mut d = Design::new("case", "us-east-1");
    add(&mut d, "vpc", "vpc", None, &[]);
    for z in ["a", "b", "c"] {
        add(&mut d, &format!("az-{z}"), "az", Some("vpc"), &[("zone", t(z))]);
    }
    add(&mut d, "ep-3", "vpc-endpoint-interface", Some("vpc"), &[("az_count", n(3.0)), ("service", t("sqs"))]);
    add(&mut d, "ep-default", "vpc-endpoint-interface", Some("vpc"), &[("service", t("sns"))]);
    add(&mut d, "alb", "alb", Some("vpc"), &[]);
    let line = |b: &cloudwright_engine::cost::CostReport, id: &str, price: &str| -> (f64, String, String) {
        let l = b.lines_of(id).find(|l| l.price_id == price).unwrap_or_else(|| panic!("{id} {price}: {:#?}", b.lines));
        (l.monthly, l.note.to_string(), l.what.to_string())
    };
    // QA s34 F3: the line's own text says the count is assumed (it shows without hovering),
    // and the note says why in QA's plainer words.
    let bill = cloudwright_engine::cost::cost(&d);
    let (m, note, what) = line(&bill, "ep-3", "vpce.interface.az_hour");
    assert!((m - 21.90).abs() < 1e-9, "3 × 730 × 0.01: {m}");
    assert_eq!(what, "interface endpoint (sqs): 3 AZ × 730 h");
    assert_eq!(note, "3 AZs, its AZ count as set: no AZ of VPC \"VPC\" has a subnet yet, and an interface endpoint is enabled in one subnet per AZ");
    let (m, note, what) = line(&bill, "ep-default", "vpce.interface.az_hour");
    assert!((m - 14.60).abs() < 1e-9, "2 × 730 × 0.01: {m}");
    assert_eq!(what, "interface endpoint (sns): 2 AZ (assumed) × 730 h");
    assert!(note.starts_with("assumed 2 AZs (its default AZ count): "), "{note}");
    let (m, note, what) = line(&bill, "alb", "ipv4.hour");
    assert!((m - 7.30).abs() < 1e-9, "2 × 730 × 0.005: {m}");
    assert_eq!(what, "public IPv4, one per enabled AZ (2, assumed): 2 × 730 h");
    assert_eq!(note, "assumed 2 AZs (its default AZ count): no AZ of VPC \"VPC\" has a subnet yet, and a load balancer is enabled in one subnet per AZ");
    // Review s35 R12: an ALB whose AZ count the user set is not assumed either:
    // 3 public IPv4 × 730 h × $0.005 = $10.95.
    let mut set = d.clone();
    set.nodes.get_mut(&NodeId::new("alb")).unwrap().props.insert("az_count".into(), n(3.0));
    let (m, note, what) = line(&cloudwright_engine::cost::cost(&set), "alb", "ipv4.hour");
    assert!((m - 10.95).abs() < 1e-9, "3 × 730 × 0.005: {m}");
    assert_eq!(what, "public IPv4, one per enabled AZ (3): 3 × 730 h");
    assert!(note.starts_with("3 AZs, its AZ count as set: ") && !note.contains("assumed"), "{note}");
    // Review s34 R10: the note goes in with the addresses' line. One of the two addresses
    // drawn as an Elastic IP: the line bills the other and says both why; both drawn: no
    // line of the ALB's own, and no other line of it takes the note.
    add(&mut d, "eip-1", "elastic-ip", Some("vpc"), &[]);
    d.insert_connection("eip-1", "alb", ConnKind::Association);
    let bill = cloudwright_engine::cost::cost(&d);
    let (m, note, _) = line(&bill, "alb", "ipv4.hour");
    assert!((m - 3.65).abs() < 1e-9, "1 × 730 × 0.005: {m}");
    assert!(note.starts_with("1 more billed on the Elastic IP node drawn for it; assumed 2 AZs"), "{note}");
    add(&mut d, "eip-2", "elastic-ip", Some("vpc"), &[]);
    d.insert_connection("eip-2", "alb", ConnKind::Association);
    let bill = cloudwright_engine::cost::cost(&d);
    assert!(bill.lines_of("alb").all(|l| l.price_id != "ipv4.hour" && !l.note.contains("assumed")), "{:#?}", bill.lines_of("alb").collect::<Vec<_>>());
    d.nodes.remove(&NodeId::new("eip-1"));
    d.nodes.remove(&NodeId::new("eip-2"));
    d.connections.retain(|_, c| c.to.as_str() != "alb");

    for z in ["a", "b"] {
        add(&mut d, &format!("priv-{z}"), "subnet", Some(&format!("az-{z}")), &[("tier", t("private"))]);
    }
    let bill = cloudwright_engine::cost::cost(&d);
    for (id, price) in [("ep-3", "vpce.interface.az_hour"), ("ep-default", "vpce.interface.az_hour"), ("alb", "ipv4.hour")] {
        let (_, note, what) = line(&bill, id, price);
        assert!(!note.contains("assumed") && !what.contains("assumed"), "{id}: drawn now: {what} · {note}");
    }
    assert!((line(&bill, "ep-3", "vpce.interface.az_hour").0 - 14.60).abs() < 1e-9, "bounded by the 2 hosting AZs");
}
