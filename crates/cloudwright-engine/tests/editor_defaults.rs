//! Sensible defaults for a new node (issue 14): the next free subnet CIDR of a VPC, the next
//! zone letter, and a free spot in the container — never on top of another node — with the
//! container growing when it is full. Hand-built designs with the arithmetic in comments, and
//! every template.

use cloudwright_engine::defaults::{network_props, next_subnet_cidr, next_zone, Block};
use cloudwright_engine::diagram::geometry::{intersects, node_is_container};
use cloudwright_engine::diagram::place::{footprint, inner, new_node_rect, GAP};
use cloudwright_engine::model::check_parent;
use cloudwright_engine::{sample, Design, Edit, Node, NodeId, Rect, Value};
use std::collections::BTreeMap;

fn node(id: &str, kind: &str, label: &str, parent: Option<&str>, props: &[(&str, &str)]) -> Node {
    Node {
        id: NodeId(id.into()),
        kind: kind.into(),
        label: label.into(),
        parent: parent.map(|p| NodeId(p.into())),
        span: vec![],
        props: props.iter().map(|(k, v)| (k.to_string(), Value::Text(v.to_string()))).collect(),
        ingress: vec![],
        suppressions: vec![],
    }
}

fn add(d: &mut Design, n: Node, r: Rect) {
    Edit::AddNode { node: n, rect: Some(r) }.apply(d).unwrap();
}

fn id(s: &str) -> NodeId {
    NodeId(s.into())
}

mod common;
use common::by_stem as templates;

#[test]
fn a_new_subnet_takes_the_next_free_block_of_its_vpc() {
    // The starter design's VPC 10.0.0.0/16 has six /20 subnets at 10.0.{0,16,48,64,96,112}.0.
    // The highest, 10.0.112.0/20, ends at 10.0.127.255 (112 + 16 = 128), so the next /20
    // starts at 10.0.128.0.
    let d = sample::three_tier();
    assert_eq!(next_subnet_cidr(&d, &id("vpc"), None).as_deref(), Some("10.0.128.0/20"));
    let new = node("subnet-1", "subnet", "Subnet", Some("az-a"), &[]);
    assert_eq!(network_props(&d, &new, true), vec![("cidr".to_string(), Value::Text("10.0.128.0/20".into()))]);
}

#[test]
fn a_pasted_subnet_keeps_a_free_block_and_replaces_a_taken_one() {
    let d = sample::three_tier();
    // A copy of "public-a" (10.0.0.0/20) pasted into AZ b: its block is taken.
    let copy = node("subnet-1", "subnet", "Public a", Some("az-b"), &[("cidr", "10.0.0.0/20"), ("tier", "public")]);
    assert_eq!(network_props(&d, &copy, false), vec![("cidr".to_string(), Value::Text("10.0.128.0/20".into()))]);
    // 10.0.200.0/24 is free and inside the VPC: kept.
    let free = node("subnet-2", "subnet", "Spare", Some("az-b"), &[("cidr", "10.0.200.0/24")]);
    assert!(network_props(&d, &free, false).is_empty());
    // 10.1.0.0/24 is outside the VPC's 10.0.0.0/16: replaced.
    let outside = node("subnet-3", "subnet", "Away", Some("az-b"), &[("cidr", "10.1.0.0/24")]);
    assert_eq!(network_props(&d, &outside, false).len(), 1);
}

#[test]
fn the_first_subnet_of_an_empty_vpc_is_a_slash_24_at_its_start() {
    let mut d = Design::new("t", "us-east-1");
    add(&mut d, node("v", "vpc", "VPC", None, &[("cidr", "172.16.0.0/16")]), Rect::new(0.0, 0.0, 800.0, 600.0));
    add(&mut d, node("a", "az", "AZ", Some("v"), &[("zone", "a")]), Rect::new(20.0, 40.0, 340.0, 420.0));
    // No subnet to copy the size of: a /16 VPC gets /24s (default_subnet_len), the first at
    // the VPC's own address.
    assert_eq!(next_subnet_cidr(&d, &id("v"), None).as_deref(), Some("172.16.0.0/24"));
    add(&mut d, node("s1", "subnet", "S1", Some("a"), &[("cidr", "172.16.0.0/24")]), Rect::new(40.0, 80.0, 300.0, 150.0));
    // 172.16.0.0/24 ends at .0.255: the next is 172.16.1.0/24.
    assert_eq!(next_subnet_cidr(&d, &id("v"), None).as_deref(), Some("172.16.1.0/24"));
    // A /26 VPC full of /28s (64 / 16 = 4 of them) has no room.
    let mut small = Design::new("t", "us-east-1");
    add(&mut small, node("v", "vpc", "VPC", None, &[("cidr", "10.9.0.0/26")]), Rect::new(0.0, 0.0, 800.0, 600.0));
    add(&mut small, node("a", "az", "AZ", Some("v"), &[("zone", "a")]), Rect::new(20.0, 40.0, 340.0, 420.0));
    for (i, c) in ["10.9.0.0/28", "10.9.0.16/28", "10.9.0.32/28", "10.9.0.48/28"].iter().enumerate() {
        add(&mut small, node(&format!("s{i}"), "subnet", "S", Some("a"), &[("cidr", c)]), Rect::new(40.0, 80.0 + 10.0 * i as f64, 10.0, 10.0));
    }
    assert_eq!(next_subnet_cidr(&small, &id("v"), None), None);
}

#[test]
fn a_new_az_takes_the_next_zone_letter_of_its_vpc() {
    let d = sample::three_tier();
    // AZs a and b are used in the starter VPC: the next is c.
    assert_eq!(next_zone(&d, &id("vpc"), None).as_deref(), Some("c"));
    let new = node("az-1", "az", "Availability Zone", Some("vpc"), &[]);
    assert_eq!(network_props(&d, &new, true), vec![("zone".to_string(), Value::Text("c".into()))]);
    // A pasted copy of AZ a (zone a) gets c too; one with zone d keeps it.
    let copy = node("az-2", "az", "AZ a", Some("vpc"), &[("zone", "a")]);
    assert_eq!(network_props(&d, &copy, false), vec![("zone".to_string(), Value::Text("c".into()))]);
    let d_zone = node("az-3", "az", "AZ d", Some("vpc"), &[("zone", "d")]);
    assert!(network_props(&d, &d_zone, false).is_empty());
}

#[test]
fn every_vpc_of_every_template_gets_a_subnet_block_inside_it_that_overlaps_none() {
    for (name, d) in templates() {
        for v in d.nodes.values().filter(|n| n.kind == "vpc") {
            let Some(c) = next_subnet_cidr(&d, &v.id, None) else { continue };
            let b = Block::parse(&c).unwrap();
            assert!(Block::parse(&d.text(v, "cidr")).unwrap().contains(&b), "{name}: {c} outside {}", v.id);
            for s in d.nodes.values().filter(|s| s.kind == "subnet" && d.enclosing(&s.id, "vpc").is_some_and(|x| x.id == v.id)) {
                assert!(!Block::parse(&d.text(s, "cidr")).unwrap().overlaps(&b), "{name}: {c} overlaps {}", s.id);
            }
        }
    }
}

/// A VPC (0,0 800×600) with AZ "a" (20,40 340×300) holding subnet "s1" (40,80 300×150).
fn full_az() -> Design {
    let mut d = Design::new("t", "us-east-1");
    add(&mut d, node("v", "vpc", "VPC", None, &[]), Rect::new(0.0, 0.0, 800.0, 600.0));
    add(&mut d, node("a", "az", "AZ a", Some("v"), &[("zone", "a")]), Rect::new(20.0, 40.0, 340.0, 300.0));
    add(&mut d, node("s1", "subnet", "S1", Some("a"), &[]), Rect::new(40.0, 80.0, 300.0, 150.0));
    d
}

#[test]
fn a_subnet_dropped_in_a_full_az_goes_below_and_the_az_grows() {
    let d = full_az();
    // AZ a's inner area: x 20 + 20 = 40, y 40 + 40 = 80, w 340 − 40 = 300, h 300 − 40 − 10
    // = 250 (to y 330). The new subnet's default 300×150 is narrowed to fit it: w = min(300,
    // 300 − 20) = 280. Below S1 (bottom 80 + 150 = 230) there are 330 − 230 = 100 px: no room
    // for 150 + the 20 gap anywhere, so it goes below S1 at y = 230 + 20 = 250, under the
    // pointer: wanted at x = 190 − 280 / 2 = 50 (s25-qa: the free spot nearest the drop, not
    // the AZ's left edge, x = 40, as before; qa.md fix 1 a). Beside S1 (x ≥ 40 + 300 + 20 =
    // 360, 310 away) is farther.
    // It needs y up to 250 + 150 = 400, 70 more than 330: the AZ grows from 300 to
    // 300 + 70 = 370 (its width stays: 50 + 280 = 330 ≤ 340). The VPC's inner area ends at
    // 0 + 600 − 10 = 590, below the AZ's new bottom 40 + 370 = 410: the VPC stays.
    let p = new_node_rect(&d, "subnet", "Subnet", Some(&id("a")), (190.0, 200.0), None).expect("not refused");
    assert_eq!(p.rect, Rect::new(50.0, 250.0, 280.0, 150.0));
    assert_eq!(p.grow, vec![(id("a"), Rect::new(20.0, 40.0, 340.0, 300.0), Rect::new(20.0, 40.0, 340.0, 370.0))]);
}

#[test]
fn a_component_dropped_on_another_moves_to_the_nearest_free_spot() {
    let mut d = Design::new("t", "us-east-1");
    add(&mut d, node("v", "vpc", "VPC", None, &[]), Rect::new(0.0, 0.0, 400.0, 200.0));
    add(&mut d, node("ig", "internet-gateway", "Fn", Some("v"), &[]), Rect::new(100.0, 60.0, 112.0, 72.0));
    // Inner area of the VPC: x 20 – 380, y 40 – 190. Dropped on the gateway's centre (156, 96)
    // it would sit at (100, 60), on the gateway. Above and below there is no room (72 + 20
    // gaps in 150 px), left there is none (100 − 20 − 112 < 20); right: 100 + 112 + 20 = 232,
    // the first grid position from there 240, 140 px away.
    let p = new_node_rect(&d, "internet-gateway", "Fn", Some(&id("v")), (156.0, 96.0), None).expect("not refused");
    assert_eq!(p.rect, Rect::new(240.0, 60.0, 112.0, 72.0));
    assert!(p.grow.is_empty());
}

#[test]
fn a_new_container_fits_the_visible_area() {
    let d = Design::new("t", "us-east-1");
    // A region is 960×640 by default; in a 600×500 view it is made 600 − 20 = 580 by
    // 500 − 20 = 480, and wherever the pointer is, it lies inside the view less 10 px.
    let view = Rect::new(100.0, 50.0, 600.0, 500.0);
    let p = new_node_rect(&d, "region", "Region", None, (650.0, 500.0), Some(view)).expect("not refused");
    assert_eq!((p.rect.w, p.rect.h), (580.0, 480.0));
    assert_eq!((p.rect.x, p.rect.y), (110.0, 60.0));
}

/// Every container of every template that accepts a Lambda function, with one dropped at its
/// centre: it lands inside the container (grown if it must) and on no sibling or label (where
/// the drop leaves them).
#[test]
fn dropped_anywhere_in_any_template_a_component_overlaps_nothing() {
    let mut checked = 0;
    for (name, d) in templates() {
        for c in d.nodes.values().filter(|n| node_is_container(n) && check_parent(&d, "lambda", Some(&n.id), None).is_ok()) {
            let Some(r) = d.layout.get(&c.id) else { continue };
            let p = new_node_rect(&d, "lambda", "Lambda", Some(&c.id), (r.x + r.w / 2.0, r.y + r.h / 2.0), None).expect("not refused");
            let grown: BTreeMap<&NodeId, Rect> = p.grow.iter().map(|(id, _, after)| (id, *after)).collect();
            let parent = grown.get(&c.id).copied().unwrap_or(*r);
            let a = inner(&parent);
            let fp = footprint(false, "Lambda", &p.rect);
            assert!(fp.x >= a.x && fp.y >= a.y && fp.x + fp.w <= a.x + a.w && fp.y + fp.h <= a.y + a.h, "{name}: lambda in {} at {:?} outside {:?}", c.id, p.rect, a);
            for s in d.nodes.values().filter(|s| s.parent.as_ref() == Some(&c.id)) {
                let Some(sr) = d.layout.get(&s.id) else { continue };
                // Where it stands after the drop: one released left of what stands at its
                // height moves that right (QA s25 1d).
                let sr = grown.get(&s.id).copied().unwrap_or(*sr);
                let sf = footprint(node_is_container(s), &s.label, &sr);
                let gap = cloudwright_engine::diagram::geometry::inflate(&sf, GAP - 1e-6);
                assert!(!intersects(&fp, &gap), "{name}: lambda in {} at {:?} touches {}", c.id, p.rect, s.id);
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "checked {checked} containers");
}

#[test]
fn a_drop_goes_into_the_nearest_container_that_accepts_the_kind() {
    use cloudwright_engine::diagram::place::parent_for;
    let d = sample::three_tier();
    let private_a = id("private-a");
    // A Lambda function may sit in a subnet: it stays there.
    assert_eq!(parent_for(&d, "lambda", Some(&private_a)), Ok(Some(private_a.clone())));
    // An internet gateway belongs in a VPC: dropped on a subnet, it goes up to the subnet's VPC
    // (subnet → AZ → VPC).
    assert_eq!(parent_for(&d, "internet-gateway", Some(&private_a)), Ok(Some(id("vpc"))));
    // So does a new AZ.
    assert_eq!(parent_for(&d, "az", Some(&private_a)), Ok(Some(id("vpc"))));
    // A region sits only at the top level.
    assert_eq!(parent_for(&d, "region", Some(&private_a)), Ok(None));
    // A database on the empty canvas: refused, saying where it belongs.
    let e = parent_for(&d, "rds", None).unwrap_err();
    assert!(e.0.contains("belongs in a Subnet"), "{e}");
}

/// A VPC in us-east-2 (three zones: a, b, c) at (0,0 800×600) with AZ a (20,40 340×420) and
/// AZ b (380,40 340×400), labelled with their full zone names.
fn two_azs_in_ohio() -> Design {
    let mut d = Design::new("t", "us-east-2");
    add(&mut d, node("v", "vpc", "App VPC", None, &[]), Rect::new(0.0, 0.0, 800.0, 600.0));
    add(&mut d, node("az-a", "az", "AZ us-east-2a", Some("v"), &[("zone", "a")]), Rect::new(20.0, 40.0, 340.0, 420.0));
    add(&mut d, node("az-b", "az", "AZ us-east-2b", Some("v"), &[("zone", "b")]), Rect::new(380.0, 40.0, 340.0, 400.0));
    d
}

#[test]
fn a_new_az_is_the_next_zone_of_the_region_labelled_like_the_others_in_a_new_column() {
    use cloudwright_engine::defaults::{az_label, new_az, region_zones};
    let d = two_azs_in_ohio();
    assert_eq!(new_az(&d, &id("v")), Ok(("c".to_string(), "AZ us-east-2c".to_string())));
    // A column right of AZ b: x = 380 + 340 + 20 (half the tidy gap) = 740, from the top of
    // the AZ row (y 40) to the bottom of the tallest AZ (40 + 420 = 460): h 420, as wide as
    // AZ b (340). The VPC's inner area ends at x 800 − 20 = 780; the column needs 740 + 340
    // = 1080, 300 more: the VPC grows to the right, 800 → 1100, and not downwards (its inner
    // bottom 600 − 10 = 590 is below 460).
    let p = new_node_rect(&d, "az", "AZ us-east-2c", Some(&id("v")), (100.0, 500.0), None).expect("not refused");
    assert_eq!(p.rect, Rect::new(740.0, 40.0, 340.0, 420.0));
    assert_eq!(p.grow, vec![(id("v"), Rect::new(0.0, 0.0, 800.0, 600.0), Rect::new(0.0, 0.0, 1100.0, 600.0))]);
    // With c added, Ohio has no zone left: refused, saying why, instead of a second "a".
    let mut full = d.clone();
    add(&mut full, node("az-c", "az", "AZ us-east-2c", Some("v"), &[("zone", "c")]), p.rect);
    let why = new_az(&full, &id("v")).unwrap_err();
    assert!(why.contains("us-east-2 has 3 Availability Zones (a, b, c)") && why.contains("App VPC"), "{why}");
    assert_eq!(next_zone(&full, &id("v"), None), None);
    // The starter (us-east-1, AZ a and AZ b): c, d, e, f, then refused (the tester's five drops
    // gave c, d, e, f and a second "a").
    let mut s = sample::three_tier();
    let start_layout = s.layout.clone();
    let mut got = Vec::new();
    while let Ok((zone, label)) = new_az(&s, &id("vpc")) {
        let r = new_node_rect(&s, "az", &label, Some(&id("vpc")), (0.0, 0.0), None).expect("not refused");
        for (gid, _, after) in &r.grow {
            s.layout.insert(gid.clone(), *after);
        }
        let n = node(&format!("az-new-{zone}"), "az", &label, Some("vpc"), &[("zone", &zone)]);
        add(&mut s, n, r.rect);
        got.push(label);
        assert!(got.len() <= 6);
    }
    assert_eq!(got, ["AZ c", "AZ d", "AZ e", "AZ f"]);
    // The VPC grew to the right only (the starter's AZs sit closer to its bottom than the
    // 10 px padding: growing to hold the new column's full height made it taller).
    let start = sample::three_tier().layout[&id("vpc")];
    assert_eq!((s.layout[&id("vpc")].y, s.layout[&id("vpc")].h), (start.y, start.h));
    assert!(s.layout[&id("vpc")].w > start.w);
    // What stood right of the VPC (Static assets, DB credentials, Logs) moved right with it
    // by as much as the VPC grew, and the VPC covers none of them.
    let grew = s.layout[&id("vpc")].w - start.w;
    for k in ["assets", "secrets", "logs"] {
        assert_eq!(s.layout[&id(k)].x, start_layout[&id(k)].x + grew, "{k}");
        assert!(!intersects(&s.layout[&id(k)], &s.layout[&id("vpc")]), "{k} under the VPC");
    }
    let zones: Vec<String> = s.nodes.values().filter(|n| n.kind == "az").map(|n| s.text(n, "zone")).collect();
    let unique: std::collections::BTreeSet<&String> = zones.iter().collect();
    assert_eq!(unique.len(), zones.len(), "no zone letter twice: {zones:?}");
    // The six AZs are columns: one top, left to right.
    let mut azs: Vec<Rect> = s.nodes.values().filter(|n| n.kind == "az").map(|n| s.layout[&n.id]).collect();
    azs.sort_by(|a, b| a.x.total_cmp(&b.x));
    for w in azs.windows(2) {
        assert_eq!(w[0].y, w[1].y);
        assert!(w[0].x + w[0].w < w[1].x, "{w:?}");
    }
    // Tokyo's zones for a new account are a, c and d: after a comes c.
    let mut tokyo = Design::new("t", "ap-northeast-1");
    add(&mut tokyo, node("v", "vpc", "VPC", None, &[]), Rect::new(0.0, 0.0, 800.0, 600.0));
    add(&mut tokyo, node("a", "az", "AZ a", Some("v"), &[("zone", "a")]), Rect::new(20.0, 40.0, 340.0, 420.0));
    assert_eq!(new_az(&tokyo, &id("v")), Ok(("c".to_string(), "AZ c".to_string())));
    // Every region the app offers has its zones listed; an AZ with no sibling is "AZ a".
    for r in cloudwright_engine::catalog::REGION_CODES {
        assert!(cloudwright_engine::defaults::REGION_ZONES.iter().any(|(code, _)| code == r), "{r}");
        assert!(region_zones(r).len() >= 3, "{r}");
    }
    let mut empty = Design::new("t", "eu-west-1");
    add(&mut empty, node("v", "vpc", "VPC", None, &[]), Rect::new(0.0, 0.0, 800.0, 600.0));
    assert_eq!(az_label(&empty, &id("v"), "a"), "AZ a");
}

/// QA s23 #10 and #11: a second internet gateway dropped in the starter's VPC right of its
/// top row (the VPC's top-right corner, where there is no room: the row holds the gateway,
/// the ALB and the S3 endpoint) lands beside the row at the height it was dropped at, the VPC
/// growing to the right — not under the AZs at the VPC's bottom-left, out of view — and is
/// labelled "Internet gateway 2", so the finding "2 internet gateways … keep one" tells them
/// apart.
#[test]
fn a_gateway_dropped_in_a_full_vpc_corner_lands_beside_the_row_with_a_numbered_label() {
    use cloudwright_engine::diagram::new_drop::{plan_new, NewDrop};
    let d = sample::three_tier();
    // VPC (236, 40) 492 × 672: inner area x 256 – 708 (20 px padding), from y 80 (40 px head).
    // Its top row: gateway x 260, ALB 400, S3 endpoint 540 (each 112 × 72 at y 76); the AZs
    // below reach x 704. Dropped at (691, 113): wanted box (635, 77) 112 × 72, on the S3
    // endpoint. No free spot in the VPC; below its contents (AZ bottom 688 + 20 gap) is ~630 px
    // down, right of them (x 704 + 20 = 724, the footprint's left) ~90 px across; nearer still
    // (s25-qa: the free spot nearest the drop in the VPC grown right and down), right of the
    // S3 endpoint in the top row, x ≥ 540 + 112 + 20 = 672 → 680 on the grid, clear of the
    // AZs below (their top 176 is more than 20 below the gateway's bottom 152): beside the row.
    let view = Some(Rect::new(-200.0, -100.0, 1600.0, 1000.0));
    let Some(NewDrop::Place { parent, edit, id: new }) = plan_new(&d, "internet-gateway", (691.0, 113.0), view) else { panic!("placed") };
    assert_eq!(parent, Some(id("vpc")));
    let mut after = d.clone();
    edit.apply(&mut after).expect("applies");
    let r = after.layout[&new];
    assert!(r.y <= 113.0 && 113.0 <= r.y + r.h, "at the height it was dropped at: {r:?}");
    assert_eq!((r.x, r.y), (680.0, 80.0), "right of the top row's S3 endpoint: {r:?}");
    let vpc = after.layout[&id("vpc")];
    assert!(vpc.x + vpc.w >= r.x + r.w && vpc.h == 672.0, "the VPC grew right only: {vpc:?}");
    assert_eq!(after.nodes[&new].label, "Internet gateway 2");
    // The first of a kind keeps the kind's name.
    let Some(NewDrop::Place { edit, id: nat, .. }) = plan_new(&d, "nat-gateway", (360.0, 300.0), view) else { panic!("placed") };
    let mut after = d.clone();
    edit.apply(&mut after).expect("applies");
    assert_eq!(after.nodes[&nat].label, "NAT gateway");
}

#[test]
fn a_new_vpc_takes_a_block_no_other_vpc_of_the_design_uses() {
    // The starter's VPC is 10.0.0.0/16. A new VPC (catalog default 10.0.0.0/16, a /16 of
    // 65,536 addresses) would overlap it; the next /16 of 10.0.0.0/8 after the highest block in
    // use (10.0.0.0 + 65,536 = 10.1.0.0) is free (QA s24 #5).
    let d = sample::three_tier();
    // Its VPC sits at the top level (the design's Region is implicit); so does the new one.
    let region = d.nodes.values().find(|n| n.kind == "vpc").expect("a VPC").parent.clone().map(|p| p.0);
    let region = region.as_deref();
    let new = node("vpc-new", "vpc", "VPC", region, &[]);
    assert_eq!(network_props(&d, &new, true), vec![("cidr".to_string(), Value::Text("10.1.0.0/16".into()))]);
    // With 10.1.0.0/16 taken too, the next is 10.2.0.0/16.
    let mut d2 = d.clone();
    add(&mut d2, node("vpc-2", "vpc", "VPC 2", region, &[("cidr", "10.1.0.0/16")]), Rect::new(5000.0, 0.0, 400.0, 300.0));
    assert_eq!(network_props(&d2, &new, true), vec![("cidr".to_string(), Value::Text("10.2.0.0/16".into()))]);
    // A block of its own that overlaps nothing is kept (set explicitly, as a new subnet's is).
    let own = node("vpc-own", "vpc", "VPC", region, &[("cidr", "172.16.0.0/16")]);
    assert_eq!(network_props(&d, &own, true), vec![("cidr".to_string(), Value::Text("172.16.0.0/16".into()))]);
    // A /20 that overlaps 10.0.0.0/16 gets the next /20 after the highest block in use:
    // 10.1.0.0/16 ends at 10.1.255.255, so 10.2.0.0/20.
    let small = node("vpc-small", "vpc", "VPC", region, &[("cidr", "10.0.32.0/20")]);
    assert_eq!(network_props(&d2, &small, true), vec![("cidr".to_string(), Value::Text("10.2.0.0/20".into()))]);
    // A pasted VPC keeps its block: its subnets are numbered inside it.
    assert!(network_props(&d, &new, false).is_empty());
}

#[test]
fn a_vpc_dropped_into_a_region_of_the_multi_region_template_does_not_overlap_its_vpcs() {
    use cloudwright_engine::diagram::new_drop::{plan_new, NewDrop};
    let mut checked = vec![];
    for t in templates() {
        let d = &t.1;
        let Some(region) = d.nodes.values().find(|n| n.kind == "region") else { continue };
        let r = d.layout.get(&region.id).copied().expect("a Region has a rect");
        let at = (r.x + r.w - 20.0, r.y + r.h - 20.0);
        let Some(NewDrop::Place { edit, id, .. }) = plan_new(d, "vpc", at, None) else { continue };
        let mut after = d.clone();
        edit.apply(&mut after).expect("applies");
        let mine = Block::parse(&after.text(&after.nodes[&id], "cidr")).expect("a block");
        for o in after.nodes.values().filter(|n| n.kind == "vpc" && n.id != id) {
            let b = Block::parse(&after.text(o, "cidr")).expect("a block");
            assert!(!mine.overlaps(&b), "{}: new VPC {mine} overlaps {} {b}", t.0, o.label);
        }
        checked.push(t.0.clone());
    }
    assert!(checked.iter().any(|s| s.contains("multi-region")), "the multi-region template was checked: {checked:?}");
}
