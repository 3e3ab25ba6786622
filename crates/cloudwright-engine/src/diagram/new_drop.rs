//! What a drop of a new component from the palette does: one answer, asked by the palette
//! drag's preview while the pointer moves (the container outlined, or outlined red with the
//! reason by the pointer) and by the drop itself, so the preview can never say "yes" where the
//! drop says "no", nor the other way round (s17/s18: a CloudFront distribution over a VPC
//! filling the view was shown nothing, then refused; an RDS database over a Region outside
//! any VPC was outlined red with no reason until the drop; an RDS database in a design with no
//! subnet was outlined red, then placed with the containers it needs).
//!
//! [`plan_new`] composes what the engine already decides: [`place::drop_new`] (the container
//! and the free spot), [`scaffold::place_with_containers`] (the containers a design lacks),
//! `defaults::new_az` (an AZ's zone letter and label) and `defaults::network_props` (a
//! subnet's CIDR block). World units (1 = one CSS pixel at 100% zoom).

use super::{place, scaffold};
use crate::catalog;
use crate::defaults::{copy_label, network_props, new_az};
use crate::edit::Edit;
use crate::model::{Design, Node, NodeId, Rect};
use std::collections::BTreeMap;

/// What a drop of a new component at a point does.
#[derive(Clone, Debug, PartialEq)]
pub enum NewDrop {
    /// Added into `parent` (None: the top level) by `edit` (one undo step: the containers that
    /// grow to hold it, then the node), the new node's id `id`.
    Place { parent: Option<NodeId>, edit: Edit, id: NodeId },
    /// Added together with the containers it needs and the design lacks (an RDS database in a
    /// design with no subnet): `edit` (one undo step, labelled "Add RDS database (with a new
    /// VPC, AZ and subnet)"), the new component's id `id`.
    WithContainers { edit: Edit, id: NodeId },
    /// Refused: `why` (the words shown by the pointer while dragging, and after the drop), and
    /// the container under the point that refuses it (`by`; None: the top level).
    Refused { why: String, by: Option<NodeId> },
}

impl NewDrop {
    /// The container a preview highlights and whether the drop is accepted there (`false`:
    /// outlined red), or None (the top level, or new containers: nothing of the design to
    /// outline); and the reason of a refusal.
    pub fn highlight(&self) -> (Option<(NodeId, bool)>, Option<&str>) {
        match self {
            NewDrop::Place { parent, .. } => (parent.clone().map(|p| (p, true)), None),
            NewDrop::WithContainers { .. } => (None, None),
            NewDrop::Refused { why, by } => (by.clone().map(|b| (b, false)), Some(why.as_str())),
        }
    }
}

/// What a drop of a new `kind` at the world point `at` does, with `view` the visible world
/// area (None: not known); `None` for a kind the catalog does not have.
///
/// In the container there that accepts it (or the nearest one around it), at a free spot,
/// fully on screen ([`place::drop_new`]), labelled with the kind's name (numbered when a
/// component has that label already: `defaults::copy_label`), a subnet with the
/// next free CIDR block of its VPC; a new AZ with the next zone letter of its VPC's Region and
/// a label like its other AZs'. When no container of the design could ever take it, with the
/// containers it needs ([`scaffold::place_with_containers`]). Else refused, with the reason.
pub fn plan_new(d: &Design, kind: &str, at: (f64, f64), view: Option<Rect>) -> Option<NewDrop> {
    let spec = catalog::kind(kind)?;
    let under = || place::container_at(d, at.0, at.1, &std::collections::BTreeSet::new());
    // A second component of a kind gets a numbered label ("Internet gateway 2"), as a paste
    // does: a finding that names two of them ("keep one, delete the others") must be able to
    // tell them apart (QA s23 #11).
    let mut label = copy_label(d, spec.name);
    let (parent, placement) = match place::drop_new(d, kind, &label, at, view) {
        Ok(p) => p,
        Err(e) => {
            return Some(match scaffold::place_with_containers(d, kind, at, view) {
                Some(Ok((edit, id))) => NewDrop::WithContainers { edit, id },
                // Not even with new containers: that reason.
                Some(Err(why)) => NewDrop::Refused { why: place::sentence(&why.0), by: under() },
                None => NewDrop::Refused { why: place::sentence(&e.0), by: under() },
            });
        }
    };
    // A new AZ: the next zone letter of the VPC's Region and a label like its other AZs',
    // refused when the Region has no zone left.
    if let (Some(vpc), "az") = (parent.as_ref(), kind) {
        match new_az(d, vpc) {
            Ok((_, l)) => label = l,
            Err(why) => return Some(NewDrop::Refused { why: place::sentence(&why), by: parent.clone() }),
        }
    }
    let id = d.fresh_node_id(kind);
    let mut node = Node {
        id: id.clone(),
        kind: kind.to_string(),
        label,
        parent: parent.clone(),
        span: vec![],
        props: BTreeMap::new(),
        ingress: vec![],
        suppressions: vec![],
    };
    node.props.extend(network_props(d, &node, true));
    let mut edits = placement.grow_edits();
    edits.push(Edit::AddNode { node, rect: Some(placement.rect) });
    Some(NewDrop::Place { parent, edit: Edit::Batch { label: format!("Add {}", spec.name), edits, switch: None }, id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::check_parent;
    use crate::rules::topology::SubnetTier as SubnetTierName;
    use std::collections::BTreeSet;

    fn add(d: &mut Design, id: &str, kind: &str, parent: Option<&str>, r: Rect) {
        let mut node = Node { id: id.into(), kind: kind.into(), label: id.into(), parent: parent.map(NodeId::from), span: vec![], props: BTreeMap::new(), ingress: vec![], suppressions: vec![] };
        node.props.extend(network_props(d, &node, true));
        Edit::AddNode { node, rect: Some(r) }.apply(d).expect("adds");
    }

    /// A Region (0,0 1200×800) holding a VPC (40,60 700×600) with one AZ and one subnet in
    /// its top-left part; the rest of the VPC and of the Region is empty.
    fn design() -> Design {
        let mut d = Design::new("t", "us-east-1");
        add(&mut d, "region", "region", None, Rect::new(0.0, 0.0, 1200.0, 800.0));
        add(&mut d, "vpc", "vpc", Some("region"), Rect::new(40.0, 60.0, 700.0, 600.0));
        add(&mut d, "az", "az", Some("vpc"), Rect::new(60.0, 120.0, 300.0, 300.0));
        add(&mut d, "subnet", "subnet", Some("az"), Rect::new(80.0, 180.0, 260.0, 220.0));
        d
    }

    const VIEW: Option<Rect> = Some(Rect { x: -100.0, y: -100.0, w: 1500.0, h: 1000.0 });

    /// QA s29 F3: an EC2 instance dropped on the three-tier template's ALB band where it
    /// crosses the gap right of a subnet (inside the AZ, outside every subnet) goes into the
    /// band's subnet in that AZ, at a free spot; before, the AZ under the gap refused it
    /// ("EC2 instance cannot sit in an Availability Zone: it belongs in a Subnet").
    #[test]
    fn a_drop_on_a_band_between_its_subnets_goes_into_its_subnet_in_that_az() {
        let d = crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template");
        let band = d.nodes.values().find(|n| crate::model::span::spans(n) && n.kind == "alb").expect("the ALB band");
        let r = d.layout[&band.id];
        let subnets: Vec<&NodeId> = crate::model::span::placements(band).collect();
        let y = r.y + r.h / 2.0;
        // The first point along the band's middle off its subnets, inside an AZ.
        let (x, az) = (0..(r.w as usize))
            .map(|i| r.x + i as f64)
            .find_map(|x| {
                let u = place::container_at(&d, x, y, &BTreeSet::new())?;
                (!subnets.contains(&&u) && d.nodes[&u].kind == "az").then_some((x, u))
            })
            .expect("a gap of the band inside an AZ");
        let want = subnets.iter().find(|s| d.ancestors(s).any(|a| a.id == az)).expect("the band's subnet in that AZ");
        let view = Some(Rect::new(r.x - 2000.0, r.y - 2000.0, 6000.0, 6000.0));
        // A NAT gateway: a kind the band's (public) row suits, so the nearest subnet decides; an
        // EC2 instance now goes to the nearest private one (QA s31 F5, the next test).
        let plan = plan_new(&d, "nat-gateway", (x, y), view).expect("a catalog kind");
        let NewDrop::Place { parent, edit, id } = &plan else { panic!("placed, got {plan:?}") };
        assert_eq!(parent.as_ref(), Some(*want));
        let mut after = d.clone();
        edit.apply(&mut after).expect("applies");
        // Inside the subnet (grown to hold it when it had no free spot).
        assert!(after.layout[*want].contains_point(after.layout[id].x + 1.0, after.layout[id].y + 1.0), "inside the subnet");
    }

    /// QA s29 F4: what a drop was released on, in words: a component "on top of" it; a
    /// container that refuses the dropped kind "over" it, saying so; a container it may go
    /// into (released across its edge) how to put it in.
    #[test]
    fn what_a_drop_was_released_on_reads_as_the_user_sees_it() {
        let mut d = design();
        add(&mut d, "fn", "lambda", Some("subnet"), Rect::new(100.0, 200.0, 112.0, 72.0));
        let on = |id: &str| d.nodes[&NodeId::from(id)].clone();
        assert_eq!(place::released_on(&d, &on("fn"), &["ec2"], None), "released on top of \u{201c}fn\u{201d}");
        // The kind, not the label (QA s31 F6).
        assert_eq!(place::released_on(&d, &on("vpc"), &["sns"], None), "released over \u{201c}vpc\u{201d}, which an SNS topic cannot go into");
        assert_eq!(place::released_on(&d, &on("vpc"), &["sns", "sqs"], None), "released over \u{201c}vpc\u{201d}, which they cannot go into");
        assert_eq!(place::released_on(&d, &on("subnet"), &["sns", "ec2"], None), "released over \u{201c}subnet\u{201d}, which 1 of them cannot go into");
        assert_eq!(place::released_on(&d, &on("subnet"), &["ec2"], None), "released across the edge of \u{201c}subnet\u{201d}; release it inside to put it in");
        // The container under the pointer, inside the one covered, that refuses it (QA s31
        // F6: an Internet gateway dragged into a subnet was "released over" the subnet's AZ).
        let subnet = NodeId::from("subnet");
        assert_eq!(place::released_on(&d, &on("az"), &["internet-gateway"], Some(&subnet)), "released over \u{201c}subnet\u{201d}, which an Internet gateway cannot go into");
        assert_eq!(place::released_on(&d, &on("az"), &["internet-gateway"], Some(&NodeId::from("az"))), "released over \u{201c}az\u{201d}, which an Internet gateway cannot go into");
        // The pointer in a container outside the one covered (the one around it): where the
        // pointer was, then what the box covered (QA s32 F8: "released over “AZ us-east-1c”"
        // for an ALB released in the VPC's margin above the AZ).
        assert_eq!(place::released_on(&d, &on("az"), &["internet-gateway"], Some(&NodeId::from("vpc"))), "released in \u{201c}vpc\u{201d} with its box over \u{201c}az\u{201d}, which an Internet gateway cannot go into");
        // The article as said.
        for (kind, said) in [("rds", "an RDS database"), ("s3", "an S3 bucket"), ("nat-gateway", "a NAT gateway"), ("vpc", "a VPC"), ("ec2", "an EC2 instance"), ("internet-gateway", "an Internet gateway"), ("kms", "a KMS key"), ("lambda", "a Lambda function")] {
            if crate::catalog::kind(kind).is_some() {
                assert_eq!(place::kind_named(kind), said);
            }
        }
    }

    /// QA s30 F1: a container that refuses the kind but holds one that accepts it sends the
    /// drop there, the nearest to the point: an RDS database over the Region outside the VPC,
    /// or over the VPC's empty part, goes into the design's subnet (and the preview outlines
    /// the subnet, not the container under the pointer in red); the note says where it went.
    #[test]
    fn a_database_over_the_region_or_vpc_outside_any_subnet_goes_into_the_nearest_subnet() {
        let d = design();
        for at in [(1000.0, 400.0), (600.0, 550.0)] {
            let plan = plan_new(&d, "rds", at, VIEW).expect("a catalog kind");
            let NewDrop::Place { parent, .. } = &plan else { panic!("placed, got {plan:?}") };
            assert_eq!(parent.as_ref().map(|p| p.0.as_str()), Some("subnet"), "{at:?}");
            assert_eq!(plan.highlight(), (Some((NodeId::from("subnet"), true)), None));
        }
        let under = place::container_at(&d, 600.0, 550.0, &BTreeSet::new());
        assert_eq!(place::sent_inside(&d, under.as_ref(), Some(&NodeId::from("subnet")), "rds").as_deref(), Some("\u{201c}subnet\u{201d}: released in \u{201c}vpc\u{201d}, which an RDS database cannot go into"));
        assert_eq!(place::sent_inside(&d, Some(&NodeId::from("subnet")), Some(&NodeId::from("subnet")), "x"), None);
        assert_eq!(place::sent_inside(&d, Some(&NodeId::from("subnet")), Some(&NodeId::from("vpc")), "x"), None);
    }

    /// An AZ with no subnet holds nothing an EC2 instance may go into: the drop is refused by
    /// the AZ, in a sentence (QA s30 F5: no full stop), or comes with the containers it needs.
    #[test]
    fn an_instance_over_an_az_without_subnets_is_refused_by_it_in_a_sentence() {
        let mut d = Design::new("t", "us-east-1");
        add(&mut d, "vpc", "vpc", None, Rect::new(40.0, 60.0, 700.0, 600.0));
        add(&mut d, "az", "az", Some("vpc"), Rect::new(60.0, 120.0, 300.0, 300.0));
        let plan = plan_new(&d, "ec2", (200.0, 250.0), VIEW).expect("a catalog kind");
        match &plan {
            NewDrop::Refused { why, by } => {
                assert_eq!(by.as_ref().map(|b| b.0.as_str()), Some("az"));
                assert_eq!(why, "EC2 instance cannot sit in an Availability Zone: it belongs in a Subnet.");
            }
            NewDrop::WithContainers { .. } => {}
            other => panic!("refused or with containers, got {other:?}"),
        }
    }

    /// QA s32 F2: a NAT gateway released in AZ c's bottom margin, under "Isolated (data) c"
    /// (template: AZ c 904,276 208×608; Isolated c 928,728 160×132; Public c 928,312 160×228),
    /// goes into Public c — and was placed at the spot in it nearest the pointer, y ≈ 872: Public
    /// c grew 228 → ~600 units down to it and pushed every row below. It is now sought in Public
    /// c as it is (aimed at Public c's point nearest the pointer): whatever growth a full subnet
    /// needs, its bottom stays far above the pointer (here: within one component, 72, and the
    /// padding, 20, of Public c's old bottom, 540).
    #[test]
    fn a_drop_sent_into_another_subnet_is_placed_in_it_not_grown_towards_the_pointer() {
        let d = crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template");
        let r = |id: &str| d.layout[&NodeId::from(id)];
        let (iso, pc) = (r("isolated-c"), r("public-c"));
        let at = (iso.x + 80.0, iso.y + iso.h + 12.0);
        assert_eq!(place::container_at(&d, at.0, at.1, &BTreeSet::new()).as_ref().map(|u| u.0.as_str()), Some("az-c"));
        let view = Some(Rect::new(-2000.0, -2000.0, 8000.0, 8000.0));
        let plan = plan_new(&d, "nat-gateway", at, view).expect("a catalog kind");
        let NewDrop::Place { parent, edit, id } = &plan else { panic!("got {plan:?}") };
        assert_eq!(parent.as_ref().map(|p| p.0.as_str()), Some("public-c"));
        let mut after = d.clone();
        edit.apply(&mut after).expect("applies");
        let (s, n) = (after.layout[&NodeId::from("public-c")], after.layout[id]);
        assert!(s.contains_point(n.x, n.y) && s.contains_point(n.x + n.w, n.y + n.h), "{n:?} inside {s:?}");
        assert!(s.y + s.h <= pc.y + pc.h + 72.0 + 20.0 + 1e-9, "Public c grew to {s:?} (was {pc:?}); the pointer at y {}", at.1);
    }

    /// QA s30 F1: the three-tier template at the places QA dropped an EC2 instance: the gap
    /// between "Public a" and "Private a" inside AZ a, AZ a's top and left margins, and the
    /// VPC outside its AZs. Each went to "cannot sit in an Availability Zone" (or a VPC); each
    /// now goes into the subnet of that AZ (that VPC) nearest the point where an instance
    /// raises no error (QA s31 F5: not a public one, however near); a NAT gateway into the
    /// nearest public one, a database into the nearest private or isolated one.
    #[test]
    fn an_instance_dropped_in_an_az_or_vpc_off_its_subnets_goes_into_the_nearest_subnet() {
        let d = crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template");
        let r = |id: &str| d.layout[&NodeId::from(id)];
        let (pa, pr, az) = (r("public-a"), r("private-a"), r("az-a"));
        let view = Some(Rect::new(-2000.0, -2000.0, 8000.0, 8000.0));
        let cases = [
            // The gap, nearer Public a's bottom (before QA s31 F5: Public a, "Application
            // workload in a public subnet"); nearer Private a's top.
            ("ec2", (pa.x + 40.0, pa.y + pa.h + 2.0), "az-a", "private-a"),
            ("ec2", (pa.x + 40.0, pr.y - 4.0), "az-a", "private-a"),
            // A database: the isolated one in reach raises no warning either (QA s32 F9;
            // Private a raises "Database in a subnet with a route to the internet").
            ("rds", (pa.x + 40.0, pa.y + pa.h + 2.0), "az-a", "isolated-a"),
            // A NAT gateway belongs in the public one, also nearer Private a.
            ("nat-gateway", (pa.x + 40.0, pr.y - 2.0), "az-a", "public-a"),
            // AZ a's top and left margins.
            ("ec2", (pa.x + 60.0, az.y + 6.0), "az-a", "private-a"),
            ("nat-gateway", (pa.x + 60.0, az.y + 6.0), "az-a", "public-a"),
            ("ec2", (az.x + 6.0, pr.y + 30.0), "az-a", "private-a"),
            // The VPC above its AZs, over Public a.
            ("ec2", (pa.x + 60.0, az.y - 8.0), "vpc", "private-a"),
        ];
        for (kind, at, under, want) in cases {
            assert_eq!(place::container_at(&d, at.0, at.1, &BTreeSet::new()).as_ref().map(|u| u.0.as_str()), Some(under), "{at:?}");
            let plan = plan_new(&d, kind, at, view).expect("a catalog kind");
            let NewDrop::Place { parent, edit, id } = &plan else { panic!("placed at {at:?}, got {plan:?}") };
            assert_eq!(parent.as_ref().map(|p| p.0.as_str()), Some(want), "{kind} at {at:?}");
            let mut after = d.clone();
            edit.apply(&mut after).expect("applies");
            let (s, n) = (after.layout[&NodeId::from(want)], after.layout[id]);
            assert!(s.contains_point(n.x, n.y) && s.contains_point(n.x + n.w, n.y + n.h), "{at:?}: {n:?} inside {s:?}");
        }
        // Moved, a NAT gateway released with its centre on Public b's bottom edge gap goes
        // into the nearest subnet of AZ b by the same rule.
        let moving: BTreeSet<NodeId> = [NodeId::from("nat-a")].into();
        let pb = r("public-b");
        let (under, parent) = place::aimed_parent(&d, "nat-gateway", (pb.x + 40.0, pb.y + pb.h + 4.0), &moving, Some(&NodeId::from("nat-a")), true);
        assert_eq!(under.as_ref().map(|u| u.0.as_str()), Some("az-b"));
        assert_eq!(parent.expect("accepted").as_ref().map(|p| p.0.as_str()), Some("public-b"));
        // Moved with NAT b (a group), the same release is refused by AZ b, as before the
        // rule: the group is not sent into one subnet (QA s31 F2).
        let both: BTreeSet<NodeId> = [NodeId::from("nat-a"), NodeId::from("nat-b")].into();
        let (under, parent) = place::aimed_parent(&d, "nat-gateway", (pb.x + 40.0, pb.y + pb.h + 4.0), &both, Some(&NodeId::from("nat-a")), false);
        assert_eq!(under.as_ref().map(|u| u.0.as_str()), Some("az-b"));
        assert!(parent.is_err(), "a group is refused: {parent:?}");
    }

    /// The preference of QA s31 F5 is the rules' own answer: for each kind a drop may place in
    /// a subnet, in a subnet of each tier of the three-tier template, `rules::tier_error` says
    /// an error exactly when the rules' check raises one of its tier errors about the node.
    #[test]
    fn the_tier_a_drop_prefers_is_the_one_the_rules_raise_no_error_for() {
        let d = crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template");
        let tier_rules = ["net.db-in-public-subnet", "net.workload-in-public-subnet", "net.nat-outside-public-subnet", "net.internet-facing-lb-not-public"];
        for kind in ["ec2", "rds", "aurora", "elasticache", "lambda", "ecs-service", "nat-gateway", "efs", "alb", "nlb"] {
            for (subnet, tier) in [("public-a", SubnetTierName::Public), ("private-a", SubnetTierName::Private), ("isolated-a", SubnetTierName::Isolated)] {
                let mut after = d.clone();
                let s = after.layout[&NodeId::from(subnet)];
                if check_parent(&after, kind, Some(&NodeId::from(subnet)), None).is_err() {
                    continue;
                }
                add(&mut after, "probe", kind, Some(subnet), Rect::new(s.x + s.w - 10.0, s.y + s.h - 10.0, 4.0, 4.0));
                let raised: Vec<&str> = crate::rules::check(&after)
                    .iter()
                    .filter(|f| f.severity == crate::rules::Severity::Error && tier_rules.contains(&f.rule) && f.nodes.first().is_some_and(|n| n.0 == "probe"))
                    .map(|f| f.rule)
                    .collect();
                assert_eq!(crate::rules::tier_error(kind, Some(tier), false), !raised.is_empty(), "{kind} in {subnet}");
                // The one table names the rule that fires (review s35 R7: the drop's toast
                // names it by its title, `place::wrong_tier`).
                let named: Vec<&str> = crate::rules::tier_error_of(kind, Some(tier), false).map(|e| e.rule.id).into_iter().collect();
                assert_eq!(named, raised, "{kind} in {subnet}");
            }
        }
    }

    /// QA s31 F3: a component spanning AZs moved alone follows the single component's rule:
    /// released in the gap between "Private b" and "Isolated b", "PostgreSQL (Multi-AZ)" goes
    /// to the row of the nearest subnet there (it was refused, "drop it on a subnet"), and
    /// into a subnet of the private row it is told that its tier changed.
    #[test]
    fn a_band_released_off_the_subnets_goes_to_the_row_a_single_component_would() {
        let d = crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template");
        let (db, r) = (NodeId::from("db"), |id: &str| d.layout[&NodeId::from(id)]);
        let moving: BTreeSet<NodeId> = [db.clone()].into();
        let (pb, ib) = (r("private-b"), r("isolated-b"));
        let gap = (pb.x + 60.0, (pb.y + pb.h + ib.y) / 2.0);
        assert_eq!(place::container_at(&d, gap.0, gap.1, &moving).map(|u| u.0), Some("az-b".to_string()));
        // Nearer Isolated b, and nearer Private b: a database goes to the isolated one, where
        // it raises no warning (QA s32 F9: the one rule of a single component's drop), never
        // public.
        assert_eq!(place::band_target_in(&d, &db, (gap.0, ib.y - 2.0), &moving, &place::Strands::default()).map(|u| u.0), Some("isolated-b".to_string()));
        assert_eq!(place::band_target_in(&d, &db, (gap.0, pb.y + pb.h + 2.0), &moving, &place::Strands::default()).map(|u| u.0), Some("isolated-b".to_string()));
        let target = place::band_target_in(&d, &db, (gap.0, ib.y - 2.0), &moving, &place::Strands::default()).expect("a subnet");
        assert!(crate::diagram::band::move_to_row(&d, &db, &target, None, ib.y).is_ok());
        // Under the point, a subnet is the target as before.
        assert_eq!(place::band_target_in(&d, &db, (pb.x + 60.0, pb.y + 20.0), &moving, &place::Strands::default()).map(|u| u.0), Some("private-b".to_string()));
        // Public b's bottom margin of AZ b: a database does not go public (and Isolated b,
        // 186 units off, is within reach: no warning there either).
        let pub_b = r("public-b");
        assert_eq!(place::band_target_in(&d, &db, (pub_b.x + 60.0, pub_b.y + pub_b.h + 2.0), &moving, &place::Strands::default()).map(|u| u.0), Some("isolated-b".to_string()));
        // The tier change is told; the same tier is not.
        let (a, b) = (NodeId::from("private-a"), NodeId::from("private-b"));
        assert_eq!(
            place::tier_change(&d, &db, &NodeId::from("isolated-a"), &[a.clone(), b.clone()]).as_deref(),
            Some("\u{201c}PostgreSQL (Multi-AZ)\u{201d} moved from the isolated subnets to the private subnets (\u{201c}Private a\u{201d} and \u{201c}Private b\u{201d})")
        );
        assert_eq!(place::tier_change(&d, &db, &NodeId::from("isolated-a"), &[NodeId::from("isolated-b")]), None);
    }

    #[test]
    fn a_database_over_a_subnet_goes_into_it_as_one_edit() {
        let d = design();
        let plan = plan_new(&d, "rds", (200.0, 280.0), VIEW).expect("a catalog kind");
        let NewDrop::Place { parent, edit, id } = &plan else { panic!("placed, got {plan:?}") };
        assert_eq!(parent.as_ref().map(|p| p.0.as_str()), Some("subnet"));
        assert_eq!(plan.highlight(), (Some((NodeId::from("subnet"), true)), None));
        let mut after = d.clone();
        edit.apply(&mut after).expect("the planned edit applies");
        assert_eq!(after.nodes[id].parent, Some(NodeId::from("subnet")));
        assert_eq!(edit.label(), "Add RDS database");
    }

    #[test]
    fn a_database_in_a_design_without_subnets_comes_with_its_containers_and_outlines_nothing() {
        let d = Design::new("t", "us-east-1");
        let plan = plan_new(&d, "rds", (200.0, 200.0), VIEW).expect("a catalog kind");
        assert!(matches!(&plan, NewDrop::WithContainers { .. }), "{plan:?}");
        assert_eq!(plan.highlight(), (None, None));
    }

    #[test]
    fn a_new_az_takes_the_next_zone_and_is_refused_when_the_region_has_none_left() {
        let mut d = design();
        let plan = plan_new(&d, "az", (600.0, 550.0), VIEW).expect("a catalog kind");
        let NewDrop::Place { parent, .. } = &plan else { panic!("placed, got {plan:?}") };
        assert_eq!(parent.as_ref().map(|p| p.0.as_str()), Some("vpc"));
        // us-east-1 has six zones: five more AZs, then none is left.
        for i in 0..5 {
            let NewDrop::Place { edit, .. } = plan_new(&d, "az", (600.0, 550.0), VIEW).unwrap() else { panic!("AZ {i} placed") };
            edit.apply(&mut d).expect("applies");
        }
        let plan = plan_new(&d, "az", (600.0, 550.0), VIEW).expect("a catalog kind");
        assert!(matches!(&plan, NewDrop::Refused { by: Some(b), .. } if b.0 == "vpc"), "{plan:?}");
    }

    /// CloudFront sits only at the top level. Dropped where the view is all inside the VPC, the
    /// top level's free spot would be off screen: refused by the VPC with its reason (the drop's
    /// own rule, `place::drop_new`), and the preview says so (s17: it showed nothing).
    #[test]
    fn a_top_level_kind_over_a_vpc_filling_the_view_is_refused_by_the_vpc() {
        let d = design();
        let view = Some(Rect::new(400.0, 300.0, 300.0, 300.0));
        let plan = plan_new(&d, "cloudfront", (550.0, 450.0), view).expect("a catalog kind");
        assert!(matches!(&plan, NewDrop::Refused { by: Some(b), why } if b.0 == "vpc" && why.contains("cannot sit in a VPC")), "{plan:?}");
        // With the top level in view it goes there, beside the Region.
        let plan = plan_new(&d, "cloudfront", (550.0, 450.0), VIEW).expect("a catalog kind");
        assert!(matches!(&plan, NewDrop::Place { parent: None, .. }), "{plan:?}");
    }

    /// QA s30 F3: "ECS cluster (Fargate)", in the VPC, released with its centre 5 units inside
    /// the VPC's right edge stays in the VPC, inside it; released with its centre 5 units
    /// outside, it goes to the top level, and what the move says is that it was taken out of
    /// the VPC, not "release it inside to put it in".
    #[test]
    fn a_component_released_across_its_containers_edge_stays_in_with_its_centre_in_and_is_taken_out_else() {
        let d = crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template");
        let (vpc, cluster) = (NodeId::from("vpc"), NodeId::from("cluster"));
        let (v, c) = (d.layout[&vpc], d.layout[&cluster]);
        let moving: BTreeSet<NodeId> = [cluster.clone()].into();
        let view = Some(Rect::new(v.x - 400.0, v.y - 400.0, v.w + 800.0, v.h + 800.0));
        let roots = [cluster.clone()];
        // Centre 5 inside the right edge (the drag moves by whole grid steps: 5 is on it here).
        let cx = v.x + v.w - 5.0;
        let by = (cx - (c.x + c.w / 2.0), 0.0);
        let (under, into) = place::aimed_parent(&d, "ecs-cluster", (cx, c.y + c.h / 2.0), &moving, Some(&cluster), true);
        assert_eq!((under.as_ref(), into.expect("accepted").as_ref()), (Some(&vpc), Some(&vpc)));
        let m = place::spot_for_move(&d, &roots, by, Some(&vpc), &moving, view).expect("a spot").expect("moved");
        let after = Rect { x: c.x + m.by.0, y: c.y + m.by.1, ..c };
        let inner = place::inner(&d.layout[&vpc]);
        assert!(after.x >= inner.x && after.x + after.w <= inner.x + inner.w, "{after:?} inside {inner:?}");
        // Centre 5 outside: the top level, clear of the VPC; told it was taken out.
        let cx = v.x + v.w + 5.0;
        let by = (cx - (c.x + c.w / 2.0), 0.0);
        let (under, into) = place::aimed_parent(&d, "ecs-cluster", (cx, c.y + c.h / 2.0), &moving, Some(&cluster), true);
        assert_eq!((under, into.expect("accepted")), (None, None));
        let released = [Rect { x: c.x + by.0, y: c.y + by.1, ..c }];
        let said = "Taken out of \u{201c}Production VPC 10.0.0.0/16\u{201d}: its centre was released outside it, so it went to the nearest free spot there";
        assert_eq!(place::taken_out(&d, &released, Some(&vpc), None, 1).as_deref(), Some(said));
        // Also when the box covers a component beside the VPC, which `dropped_on` names first
        // (at 1024 px, "Static assets & uploads").
        let assets = d.layout[&NodeId::from("assets")];
        let over = [Rect { x: v.x + v.w - 20.0, y: assets.y, ..c }];
        assert_eq!(place::dropped_on(&d, None, &over, &moving).map(|n| n.id.0.as_str()), Some("assets"));
        assert_eq!(place::taken_out(&d, &over, Some(&vpc), None, 1).as_deref(), Some(said));
        // One moved into the VPC from outside, one staying in it, or one released clear of
        // the VPC was not taken out across its edge.
        assert_eq!(place::taken_out(&d, &released, None, None, 1), None);
        assert_eq!(place::taken_out(&d, &released, Some(&vpc), Some(&vpc), 1), None);
        assert_eq!(place::taken_out(&d, &[Rect { x: v.x + v.w + 200.0, ..c }], Some(&vpc), None, 1), None);
        assert_eq!(place::taken_out(&d, &[Rect { x: v.x + v.w - 200.0, ..c }], Some(&vpc), None, 1), None);
    }

    /// QA s30 F6: an SNS topic moved into the VPC was refused, one dropped from the palette at
    /// the same place was placed outside it: one rule now ([`place::aimed_parent`]), the top
    /// level's nearest free spot for both, told with the same words ([`place::released_on`]).
    #[test]
    fn a_move_and_a_drop_onto_a_container_that_refuses_the_kind_go_the_same_way() {
        let d = crate::file::load(include_str!("../../../../templates/three-tier.json")).expect("the template");
        let alerts = NodeId::from("alerts");
        let l = d.layout[&NodeId::from("vpce-logs")];
        // Beside the CloudWatch Logs endpoint, in the VPC outside its AZs.
        let at = (l.x + l.w + 90.0, l.y + l.h / 2.0);
        assert_eq!(place::container_at(&d, at.0, at.1, &BTreeSet::new()), Some(NodeId::from("vpc")));
        let moving: BTreeSet<NodeId> = [alerts.clone()].into();
        let (under, moved) = place::aimed_parent(&d, "sns", at, &moving, Some(&alerts), true);
        assert_eq!((under, moved.expect("accepted")), (Some(NodeId::from("vpc")), None));
        let view = Some(Rect::new(-2000.0, -2000.0, 8000.0, 8000.0));
        let NewDrop::Place { parent, .. } = plan_new(&d, "sns", at, view).expect("a catalog kind") else { panic!("placed") };
        assert_eq!(parent, None);
        // A kind nothing accepts there: refused alike, in a sentence.
        assert_eq!(place::sentence("EC2 instance cannot sit in a Region: it belongs in a Subnet"), "EC2 instance cannot sit in a Region: it belongs in a Subnet.");
        assert_eq!(place::sentence("Done."), "Done.");
    }

    #[test]
    fn an_unknown_kind_has_no_plan() {
        assert_eq!(plan_new(&design(), "no-such-kind", (0.0, 0.0), VIEW), None);
    }
}
