//! The design's home region and the Region containers drawn in it.
//!
//! A component is priced in the region of the Region container it is drawn in (its `code`),
//! else in the design's home region. A design drawn inside a Region container therefore
//! priced nothing differently when only the home region changed: a scenario's Home region
//! showed +$0.00 (QA s19) and so did the design's own Home region field (review of s20). So a
//! change of the home region moves the Region containers drawn in it ([`regions_moving`]) with
//! it, as one edit ([`move_to`]): the scenario's and the design field's, one rule. A Region
//! drawn elsewhere (a multi-region design's second region) stays where it is, and the forms
//! say so ([`note`], [`hint`]).

use crate::edit::Edit;
use crate::model::{Design, Node, NodeId, Value};
use crate::rules::{list, name};

/// The Region containers a change of the home region moves with it: those drawn in the
/// design's home region (their `code` is the home region). In node id order.
pub fn regions_moving(d: &Design) -> Vec<&Node> {
    d.nodes.values().filter(|n| n.kind == "region" && d.text_ref(n, "code") == d.region).collect()
}

/// The Region containers drawn in another region than the home region: a change of the home
/// region leaves them where they are. In node id order.
fn regions_staying(d: &Design) -> Vec<&Node> {
    d.nodes.values().filter(|n| n.kind == "region" && d.text_ref(n, "code") != d.region).collect()
}

/// The edit that makes `to` the design's home region, the Regions drawn in the old one moved
/// with it ([`regions_moving`]), as one undo step labelled "Change home region"; `None` when
/// `to` is the home region already. A region code the app does not know is refused when the
/// edit is applied (`fields::check_region`), as [`Edit::SetRegion`] is.
pub fn move_to(d: &Design, to: &str) -> Option<Edit> {
    if to == d.region {
        return None;
    }
    let set = Edit::SetRegion { before: d.region.clone(), after: to.to_string() };
    let moving: Vec<NodeId> = regions_moving(d).iter().map(|n| n.id.clone()).collect();
    if moving.is_empty() {
        return Some(set);
    }
    let mut edits = vec![set];
    for id in &moving {
        edits.push(Edit::set_prop(d, id, "code", Some(Value::Text(to.to_string()))));
        edits.extend(relabels(d, id, &d.region, to));
    }
    edits.extend(rename_design(d, &d.region, to));
    Some(Edit::Batch { label: "Change home region".into(), edits, switch: None })
}

/// The edit that draws Region container `id` in region `to` (its `code`), from the
/// inspector's Region field: with it, every label of the Region and of what is drawn in it
/// that names the old region says `to` instead ([`relabels`]), as one undo step. A plain
/// property edit when no label names the old region.
pub fn set_code(d: &Design, id: &NodeId, to: &str) -> Edit {
    let set = Edit::set_prop(d, id, "code", Some(Value::Text(to.to_string())));
    let from = d.node(id).map(|n| d.text(n, "code")).unwrap_or_default();
    let mut renamed = relabels(d, id, &from, to);
    // The design's name too (QA s23, second pass: the standby Region moved, the name still
    // said us-west-2).
    renamed.extend(rename_design(d, &from, to));
    if renamed.is_empty() {
        return set;
    }
    let label = format!("Move {} to {to}", d.node(id).map(name).unwrap_or_default());
    let mut edits = vec![set];
    edits.extend(renamed);
    Edit::Batch { label, edits, switch: None }
}

/// The rename that follows a Region from region code `from` to `to` when the design's name
/// says where it runs ("Multi-region active-passive (us-east-1 / us-west-2)"); None when the
/// name does not name `from`.
fn rename_design(d: &Design, from: &str, to: &str) -> Option<Edit> {
    (!from.is_empty() && from != to && d.name.contains(from)).then(|| Edit::Rename { before: d.name.clone(), after: d.name.replace(from, to) })
}

/// The label edits that follow Region `region` from region code `from` to `to`: every label
/// of the Region and of the nodes drawn in it that names `from` names `to` instead — "us-east-1
/// (primary)" and "AZ us-east-1a" become "eu-west-1 (primary)" and "AZ eu-west-1a". A Region
/// moved while its frame and its AZs still said us-east-1 showed a diagram, an export and a
/// report naming the region it is no longer priced in (QA s23 #3). In node id order.
pub fn relabels(d: &Design, region: &NodeId, from: &str, to: &str) -> Vec<Edit> {
    if from.is_empty() || from == to {
        return Vec::new();
    }
    let mut inside = crate::edit::descendants(d, region);
    inside.sort();
    std::iter::once(region.clone())
        .chain(inside)
        .filter_map(|id| {
            let n = d.node(&id)?;
            n.label.contains(from).then(|| Edit::set_label(d, &id, &n.label.replace(from, to)))
        })
        .collect()
}

/// What choosing `to` as the home region does to the design's drawn Regions, in a sentence
/// for a form (a scenario's Home region, next to the field); `None` when the design draws no
/// Region or `to` is its home region already. E.g. `Moves Region "US" (us-east-1) with it to
/// eu-west-1.` or `Region "EU" in eu-central-1 stays: what is drawn in it keeps that region's
/// prices.`
pub fn note(d: &Design, to: &str) -> Option<String> {
    if to == d.region {
        return None;
    }
    let (moving, staying) = (regions_moving(d), regions_staying(d));
    if moving.is_empty() && staying.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    if !moving.is_empty() {
        let names: Vec<String> = moving.iter().map(|n| name(n)).collect();
        out.push(format!("Moves {} ({}) with it to {to}.", list(&names), d.region));
    }
    if let Some(s) = staying_sentence(d, &staying, moving.is_empty()) {
        out.push(s);
    }
    Some(out.join(" "))
}

/// The design's Home region field's hint, for a design that draws Regions (`None` for one
/// that draws none): which drawn Regions follow the field and which keep their own region.
/// E.g. `Region "US" is drawn in the home region and moves with it.`
pub fn hint(d: &Design) -> Option<String> {
    let (moving, staying) = (regions_moving(d), regions_staying(d));
    let mut out = Vec::new();
    if !moving.is_empty() {
        let names: Vec<String> = moving.iter().map(|n| name(n)).collect();
        let one = names.len() == 1;
        out.push(format!("{} {} drawn in the home region and {} with it.", list(&names), if one { "is" } else { "are" }, if one { "moves" } else { "move" }));
    }
    if let Some(s) = staying_sentence(d, &staying, moving.is_empty()) {
        out.push(s);
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// `Region "EU" in eu-central-1 stays: what is drawn in it keeps that region's prices.`, for
/// the Regions drawn elsewhere; `only` adds that only what is outside them moves.
fn staying_sentence(d: &Design, staying: &[&Node], only: bool) -> Option<String> {
    if staying.is_empty() {
        return None;
    }
    let names: Vec<String> = staying.iter().map(|n| format!("{} in {}", name(n), d.text_ref(n, "code"))).collect();
    let one = staying.len() == 1;
    Some(format!(
        "{} {}: what is drawn in {} keeps {} prices{}.",
        list(&names),
        if one { "stays" } else { "stay" },
        if one { "it" } else { "them" },
        if one { "that region's" } else { "their regions'" },
        if only { "; only what sits outside the drawn Regions moves" } else { "" }
    ))
}
