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
    let under = || place::drop_target(d, at.0, at.1);
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
                Some(Err(why)) => NewDrop::Refused { why: why.0, by: under() },
                None => NewDrop::Refused { why: e.0, by: under() },
            });
        }
    };
    // A new AZ: the next zone letter of the VPC's Region and a label like its other AZs',
    // refused when the Region has no zone left.
    if let (Some(vpc), "az") = (parent.as_ref(), kind) {
        match new_az(d, vpc) {
            Ok((_, l)) => label = l,
            Err(why) => return Some(NewDrop::Refused { why, by: parent.clone() }),
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
        assert_eq!(place::drop_target(&d, x, y).as_ref(), Some(*want));
        let view = Some(Rect::new(r.x - 2000.0, r.y - 2000.0, 6000.0, 6000.0));
        let plan = plan_new(&d, "ec2", (x, y), view).expect("a catalog kind");
        let NewDrop::Place { parent, edit, id } = &plan else { panic!("placed, got {plan:?}") };
        assert_eq!(parent.as_ref(), Some(*want));
        let mut after = d.clone();
        edit.apply(&mut after).expect("applies");
        // Inside the subnet (grown to hold it when it had no free spot).
        assert!(after.layout[*want].contains_point(after.layout[id].x + 1.0, after.layout[id].y + 1.0), "inside the subnet");
        // On a subnet of the band, and off the band, nothing changes.
        let inside = d.layout[*want];
        assert_eq!(place::drop_target(&d, inside.x + 2.0, inside.y + 2.0), place::container_at(&d, inside.x + 2.0, inside.y + 2.0, &BTreeSet::new()));
        assert_eq!(place::drop_target(&d, x, r.y - 30.0), place::container_at(&d, x, r.y - 30.0, &BTreeSet::new()));
    }

    /// QA s29 F4: what a drop was released on, in words: a component "on top of" it; a
    /// container that refuses the dropped kind "over" it, saying so; a container it may go
    /// into (released across its edge) how to put it in.
    #[test]
    fn what_a_drop_was_released_on_reads_as_the_user_sees_it() {
        let mut d = design();
        add(&mut d, "fn", "lambda", Some("subnet"), Rect::new(100.0, 200.0, 112.0, 72.0));
        let on = |id: &str| d.nodes[&NodeId::from(id)].clone();
        assert_eq!(place::released_on(&d, &on("fn"), &[("ec2", "Web")]), "released on top of \u{201c}fn\u{201d}");
        assert_eq!(place::released_on(&d, &on("vpc"), &[("sns", "SNS topic")]), "released over \u{201c}vpc\u{201d}, which \u{201c}SNS topic\u{201d} cannot go into");
        assert_eq!(place::released_on(&d, &on("vpc"), &[("sns", "a"), ("sqs", "b")]), "released over \u{201c}vpc\u{201d}, which they cannot go into");
        assert_eq!(place::released_on(&d, &on("subnet"), &[("sns", "a"), ("ec2", "b")]), "released over \u{201c}subnet\u{201d}, which 1 of them cannot go into");
        assert_eq!(place::released_on(&d, &on("subnet"), &[("ec2", "Web")]), "released across the edge of \u{201c}subnet\u{201d}; release it inside to put it in");
    }

    #[test]
    fn a_database_over_the_region_outside_any_vpc_is_refused_by_the_region_with_the_reason() {
        let d = design();
        let plan = plan_new(&d, "rds", (1000.0, 400.0), VIEW).expect("a catalog kind");
        let NewDrop::Refused { why, by } = &plan else { panic!("refused, got {plan:?}") };
        assert_eq!(by.as_ref().map(|b| b.0.as_str()), Some("region"));
        assert_eq!(why, "RDS database cannot sit in a Region: it belongs in a Subnet");
        assert_eq!(plan.highlight(), (Some((NodeId::from("region"), false)), Some(why.as_str())));
        // Over the VPC's empty part: refused by the VPC.
        let plan = plan_new(&d, "rds", (600.0, 550.0), VIEW).expect("a catalog kind");
        assert!(matches!(&plan, NewDrop::Refused { by: Some(b), why } if b.0 == "vpc" && why.contains("cannot sit in a VPC")), "{plan:?}");
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

    #[test]
    fn an_unknown_kind_has_no_plan() {
        assert_eq!(plan_new(&design(), "no-such-kind", (0.0, 0.0), VIEW), None);
    }
}
