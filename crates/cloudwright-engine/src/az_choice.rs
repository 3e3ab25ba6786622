//! How many AZs a component that is enabled per AZ (`az_count`: load balancers, Auto Scaling
//! groups, interface endpoints) can be given (qa24 #2).
//!
//! A load balancer can enable only AZs its VPC has, one subnet in each. So:
//! - placed in one subnet per AZ ([`crate::model::span`]), or in a single subnet, it is
//!   enabled in exactly those subnets' AZs: `az_count` is not read ([`crate::zones::az_count`]),
//!   and the inspector refuses to change it (the placement decides; place it in more subnets
//!   for more AZs);
//! - placed at VPC level in a VPC with AZs that hold a subnet ([`crate::zones::HostingAzs`],
//!   the one count of a VPC's AZs), it can enable 1 up to that many: an AZ box with no subnet
//!   can host none of its interfaces (review s32 R1);
//! - in a VPC where no AZ holds a subnet (or outside a VPC) the catalog's range holds (1 – 6).
//!
//! The inspector checks an edit with [`check`]; a design file holding a count the design
//! cannot give loads, and the rule `ha.az-count-beyond-vpc` names it.

use crate::model::{span, Design, Node, NodeId};

/// What decides the AZs a component is enabled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AzChoice {
    /// Placed in one subnet per AZ: enabled in exactly `subnets` AZs.
    Placed { subnets: usize },
    /// At VPC level in a VPC with `azs` AZs holding a subnet: 1 up to `azs`.
    UpTo { vpc: NodeId, azs: usize },
    /// No AZ holding a subnet to count against: the catalog's range.
    Free,
}

/// The AZs of `vpc` that hold a subnet ([`crate::zones::HostingAzs::count_in`]: that VPC's
/// only, O(nodes), not every VPC's set of AZs).
pub fn azs_of_vpc(d: &Design, vpc: &NodeId) -> usize {
    crate::zones::HostingAzs::count_in(d, vpc)
}

/// What decides how many AZs `n` is enabled in (counts the VPC's AZs: O(nodes); a check
/// of every node uses [`az_choice_with`] with one [`crate::zones::HostingAzs`]: the rules' topology holds it).
pub fn az_choice(d: &Design, n: &Node) -> AzChoice {
    az_choice_with(d, n, |vpc| azs_of_vpc(d, vpc))
}

/// [`az_choice`] with the AZs of a VPC given by `azs_in`.
pub fn az_choice_with(d: &Design, n: &Node, azs_in: impl Fn(&NodeId) -> usize) -> AzChoice {
    // Placed in subnets (one, or one per AZ): `zones::az_count` counts them, the one truth.
    if span::spans(n) || crate::zones::in_subnet(d, n) {
        return AzChoice::Placed { subnets: span::placements(n).count() };
    }
    match d.enclosing(&n.id, "vpc").map(|v| (v.id.clone(), azs_in(&v.id))) {
        Some((vpc, azs)) if azs > 0 => AzChoice::UpTo { vpc, azs },
        _ => AzChoice::Free,
    }
}

use crate::units::counted;

fn vpc_name(d: &Design, id: &NodeId) -> String {
    d.node(id).map(crate::rules::name).unwrap_or_else(|| id.to_string())
}

/// Checks an `az_count` the user types for `n` (after the catalog's range check). The error
/// is a sentence for the field, e.g. `is set by where it is placed: 3 subnets, one per AZ
/// (place it in more subnets to enable more AZs)`.
pub fn check(d: &Design, n: &Node, count: f64) -> Result<(), String> {
    match az_choice(d, n) {
        AzChoice::Placed { subnets } if count != subnets as f64 => Err(format!(
            "is set by where it is placed: {}, one per AZ (place it in more subnets to enable more AZs); got {count}",
            counted(subnets as f64, "subnet", "subnets")
        )),
        AzChoice::UpTo { vpc, azs } if count > azs as f64 => Err(match azs {
            1 => format!("must be 1: {} has 1 AZ with a subnet; got {count}", vpc_name(d, &vpc)),
            _ => format!("must be between 1 and {azs} AZs: {} has {} with a subnet; got {count}", vpc_name(d, &vpc), counted(azs as f64, "AZ", "AZs")),
        }),
        _ => Ok(()),
    }
}

/// The field's hint: the range the design allows (the catalog's range when nothing limits it).
pub fn hint(d: &Design, n: &Node) -> Option<String> {
    match az_choice(d, n) {
        AzChoice::Placed { subnets } => Some(format!("{}: set by the subnets it is placed in (one per AZ)", counted(subnets as f64, "AZ", "AZs"))),
        AzChoice::UpTo { vpc, azs: 1 } => Some(format!("1 AZ (the only AZ of {} with a subnet)", vpc_name(d, &vpc))),
        AzChoice::UpTo { vpc, azs } => Some(format!("1 – {azs} AZs (the AZs of {} with a subnet)", vpc_name(d, &vpc))),
        AzChoice::Free => None,
    }
}
