//! Components that span Availability Zones (file format 5, issue 14).
//!
//! AWS places a load balancer, an Auto Scaling group, an ECS service, an EKS node group or a
//! Multi-AZ database in one subnet per AZ, and architecture diagrams draw it once, across
//! those subnets. A design says the same: the node's `parent` is its home subnet and
//! [`Node::span`] lists the further subnets it is placed in. The rules:
//! - only kinds that AWS places in several subnets may span ([`role`]);
//! - the home is a subnet; every further subnet exists, is a subnet of the same VPC, and each
//!   is in its own AZ (one subnet per AZ, none repeated, none the home's AZ) — [`check`].
//!
//! What a placement means for traffic is [`SpanRole`]'s business, read by `zones`.

use super::{Design, Node, NodeId, PlacementError};
use crate::catalog;

/// What placing a component in several AZs means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanRole {
    /// Serves from every AZ it is placed in, evenly (a load balancer's nodes, a fleet's
    /// instances or tasks spread by AWS across its subnets, an endpoint's interfaces).
    Fleet,
    /// Serves from its home subnet (the primary) and keeps a standby or replicas in the others:
    /// traffic goes to the primary (RDS Multi-AZ, Aurora replicas, ElastiCache replicas).
    Standby,
}

/// Whether (and how) a component of this kind may be placed in several subnets.
pub fn role(kind: &str) -> Option<SpanRole> {
    match kind {
        "alb" | "nlb" | "asg" | "ecs-service" | "eks-nodegroup" | "fargate-profile" | "vpc-endpoint-interface" => Some(SpanRole::Fleet),
        "rds" | "aurora" | "elasticache" => Some(SpanRole::Standby),
        _ => None,
    }
}

/// The subnets a node is placed in: its parent, then its further subnets.
pub fn placements(n: &Node) -> impl Iterator<Item = &NodeId> {
    n.parent.iter().chain(n.span.iter())
}

/// Whether the node spans AZs (has further subnets).
pub fn spans(n: &Node) -> bool {
    !n.span.is_empty()
}

fn name(d: &Design, id: &NodeId) -> String {
    d.node(id).map(|n| if n.label.is_empty() { n.id.to_string() } else { n.label.clone() }).unwrap_or_else(|| id.to_string())
}

/// Containers put in other containers, not yet applied: each (container, its new container or
/// `None` for the top level), in the order a `Batch` of `Reparent` edits makes them.
pub type Moves<'a> = [(&'a NodeId, Option<&'a NodeId>)];

/// The design's containment as it would be after some [`Moves`] (a later move of a node wins),
/// read without changing or copying the design: a drag's preview asks about a drop on every
/// pointer move, on designs of thousands of nodes.
#[derive(Clone, Copy)]
struct After<'a> {
    d: &'a Design,
    moves: &'a Moves<'a>,
}

impl<'a> After<'a> {
    fn parent(self, id: &NodeId) -> Option<&'a NodeId> {
        match self.moves.iter().rev().find(|(m, _)| *m == id) {
            Some((_, p)) => *p,
            None => self.d.nodes.get(id).and_then(|n| n.parent.as_ref()),
        }
    }

    /// The containers around `id`, innermost first (`Design::ancestors` after the moves).
    fn ancestors(self, id: &NodeId) -> impl Iterator<Item = &'a NodeId> {
        let mut cur = self.parent(id);
        // A loop in a malformed design (or made by the moves) must not hang the caller.
        let mut left = self.d.nodes.len();
        std::iter::from_fn(move || {
            let id = cur.take()?;
            left = left.checked_sub(1)?;
            cur = self.parent(id);
            Some(id)
        })
    }

    fn enclosing(self, id: &NodeId, kind: &str) -> Option<&'a NodeId> {
        self.ancestors(id).find(|a| self.d.nodes.get(*a).is_some_and(|n| n.kind == kind))
    }
}

/// May a node of `kind`, in `parent`, be placed in the further subnets `span`? Refusals say
/// what is wrong in a sentence the inspector and the file importer show as is.
pub fn check(d: &Design, kind: &str, parent: Option<&NodeId>, span: &[NodeId]) -> Result<(), PlacementError> {
    check_in(After { d, moves: &[] }, kind, parent, span)
}

/// [`check`] on the design as it would be after `moves` (containers put elsewhere, not yet
/// applied).
pub fn check_after(d: &Design, moves: &Moves, kind: &str, parent: Option<&NodeId>, span: &[NodeId]) -> Result<(), PlacementError> {
    check_in(After { d, moves }, kind, parent, span)
}

fn check_in(at: After, kind: &str, parent: Option<&NodeId>, span: &[NodeId]) -> Result<(), PlacementError> {
    let d = at.d;
    if span.is_empty() {
        return Ok(());
    }
    let kind_name = catalog::kind(kind).map(|k| k.name).unwrap_or(kind);
    if role(kind).is_none() {
        return Err(PlacementError(format!("{kind_name} cannot span Availability Zones: only load balancers, Auto Scaling groups, ECS services, EKS node groups, Fargate profiles, interface endpoints and Multi-AZ databases are placed in one subnet per AZ")));
    }
    let home = parent.and_then(|p| d.node(p)).filter(|p| p.kind == "subnet");
    let Some(home) = home else {
        return Err(PlacementError(format!("{kind_name} spans further subnets only from a home subnet: place it in a subnet first")));
    };
    let vpc = at.enclosing(&home.id, "vpc");
    let mut azs: Vec<Option<&NodeId>> = vec![at.enclosing(&home.id, "az")];
    for (i, s) in span.iter().enumerate() {
        let Some(sn) = d.node(s) else {
            return Err(PlacementError(format!("subnet \"{s}\" does not exist")));
        };
        if sn.kind != "subnet" {
            return Err(PlacementError(format!("{} is not a subnet: a component spans AZs by being placed in one subnet per AZ", name(d, s))));
        }
        if s == &home.id || span[..i].contains(s) {
            return Err(PlacementError(format!("{kind_name} is placed in {} twice", name(d, s))));
        }
        if at.enclosing(s, "vpc") != vpc {
            return Err(PlacementError(format!("{} is in another VPC than {}: a component spans the AZs of one VPC", name(d, s), name(d, &home.id))));
        }
        let az = at.enclosing(s, "az");
        if az.is_none() {
            return Err(PlacementError(format!("{} is in no Availability Zone", name(d, s))));
        }
        if azs.contains(&az) {
            let az_name = az.map(|a| name(d, a)).unwrap_or_default();
            return Err(PlacementError(format!("{kind_name} already has a subnet in {az_name}: one subnet per AZ")));
        }
        azs.push(az);
    }
    Ok(())
}

/// After the containers `moves` were put in other containers (not yet applied; the last one
/// just now): the first component spanning AZs placed in a subnet at or under the last moved
/// container (its home or a further subnet) whose placement [`check`] then refuses, with the
/// refusal. Moving a subnet to another AZ, or an AZ to another VPC, moves the components placed
/// in it too: a database spanning AZs a and b whose subnet of b is moved into AZ a would have
/// two subnets in AZ a, a design no file may hold.
pub fn check_moved(d: &Design, moves: &Moves) -> Result<(), (NodeId, PlacementError)> {
    let Some((moved, _)) = moves.last() else { return Ok(()) };
    let at = After { d, moves };
    let under = |s: &NodeId| s == *moved || at.ancestors(s).any(|a| a == *moved);
    for n in d.nodes.values().filter(|n| spans(n) && placements(n).any(under)) {
        check_in(at, &n.kind, at.parent(&n.id), &n.span).map_err(|e| (n.id.clone(), e))?;
    }
    Ok(())
}

/// Nodes placed in `subnet` as one of their further subnets (not their home).
pub fn spanning_into<'a>(d: &'a Design, subnet: &'a NodeId) -> impl Iterator<Item = &'a Node> + 'a {
    d.nodes.values().filter(move |n| n.span.contains(subnet))
}

/// The AZs of a spanning-capable node's VPC, each with its subnets (id order), for the
/// inspector's "one subnet per AZ" choice; the home subnet's AZ first. Empty when the node
/// cannot span or does not sit in a subnet.
pub fn choices(d: &Design, id: &NodeId) -> Vec<(NodeId, Vec<NodeId>)> {
    let Some(n) = d.node(id) else { return Vec::new() };
    let home = n.parent.as_ref().and_then(|p| d.node(p)).filter(|p| p.kind == "subnet");
    let (Some(home), Some(_)) = (home, role(&n.kind)) else { return Vec::new() };
    let Some(vpc) = d.enclosing(&home.id, "vpc").map(|v| v.id.clone()) else { return Vec::new() };
    let home_az = d.enclosing(&home.id, "az").map(|a| a.id.clone());
    let mut azs: Vec<(NodeId, Vec<NodeId>)> = d
        .nodes
        .values()
        .filter(|a| a.kind == "az" && d.enclosing(&a.id, "vpc").map(|v| &v.id) == Some(&vpc))
        .map(|a| (a.id.clone(), d.nodes.values().filter(|s| s.kind == "subnet" && d.enclosing(&s.id, "az").map(|z| &z.id) == Some(&a.id)).map(|s| s.id.clone()).collect()))
        .collect();
    crate::order::sort_by_key(&mut azs, |(a, _)| Some(a) != home_az.as_ref());
    azs
}

/// The node's further subnets with `az`'s entry set to `subnet` (None: not placed in that
/// AZ), in the order of [`choices`]. The home AZ cannot be changed here (move the node).
pub fn with_az(d: &Design, id: &NodeId, az: &NodeId, subnet: Option<&NodeId>) -> Vec<NodeId> {
    let Some(n) = d.node(id) else { return Vec::new() };
    let az_of = |s: &NodeId| d.enclosing(s, "az").map(|a| a.id.clone());
    choices(d, id)
        .iter()
        .skip(1)
        .filter_map(|(a, _)| if a == az { subnet.cloned() } else { n.span.iter().find(|s| az_of(s).as_ref() == Some(a)).cloned() })
        .collect()
}

/// How much two vertical extents overlap (world units; 0 when they do not).
fn v_overlap(a: &super::Rect, b: &super::Rect) -> f64 {
    ((a.y + a.h).min(b.y + b.h) - a.y.max(b.y)).max(0.0)
}

/// The subnet of `az` in the same row as `subnet`: a row is the subnets of one tier lined up
/// across the AZs of a VPC (public, private, isolated: how AWS diagrams and "Tidy up" draw
/// them). `subnet` itself when it is in `az`; else, of `az`'s subnets of the same tier, the
/// one whose vertical extent overlaps `subnet`'s most (a second private row lines up with the
/// second private row), ties to the lower id. None when `az` has no subnet of that tier.
pub fn row_mate(d: &Design, subnet: &NodeId, az: &NodeId) -> Option<NodeId> {
    let s = d.node(subnet).filter(|s| s.kind == "subnet")?;
    if d.enclosing(subnet, "az").map(|a| &a.id) == Some(az) {
        return Some(subnet.clone());
    }
    let tier = d.text(s, "tier");
    let at = d.layout.get(subnet);
    let mut mates: Vec<(f64, &NodeId)> = d
        .nodes
        .values()
        .filter(|m| m.kind == "subnet" && d.text(m, "tier") == tier && d.enclosing(&m.id, "az").map(|a| &a.id) == Some(az))
        .map(|m| (at.zip(d.layout.get(&m.id)).map_or(0.0, |(a, b)| v_overlap(a, b)), &m.id))
        .collect();
    // Most overlap first, then id order (a sort is stable).
    crate::order::sort_by(&mut mates, |a, b| b.0.total_cmp(&a.0));
    mates.first().map(|(_, id)| (*id).clone())
}

/// Where a component spanning AZs goes when it is moved to the row of `target` (dropped on
/// it, or one of its AZs given a subnet of another row in the inspector): in each AZ it is
/// of `placed` is in (its subnets: home first), that row's subnet ([`row_mate`]), so it
/// keeps those AZs and its home AZ. Returns (home, further subnets). Refused, saying why, when `target` is not a subnet of the node's
/// VPC or the row has no subnet in one of the node's AZs.
pub fn to_row(d: &Design, id: &NodeId, target: &NodeId, placed: &[NodeId]) -> Result<(NodeId, Vec<NodeId>), PlacementError> {
    let n = d.node(id).ok_or_else(|| PlacementError(format!("node \"{id}\" does not exist")))?;
    let me = name(d, id);
    let t = d.node(target).filter(|t| t.kind == "subnet").ok_or_else(|| PlacementError(format!("{me} spans Availability Zones: it moves from one row of subnets to another, so drop it on a subnet")))?;
    let vpc_of = |s: &NodeId| d.enclosing(s, "vpc").map(|v| v.id.clone());
    if n.parent.as_ref().map(vpc_of) != Some(vpc_of(&t.id)) {
        return Err(PlacementError(format!("{} is in another VPC: {me} moves between the rows of its own VPC", name(d, target))));
    }
    let mut out = Vec::new();
    for s in placed {
        let Some(az) = d.enclosing(s, "az") else { continue };
        match row_mate(d, target, &az.id) {
            Some(m) => out.push(m),
            None => {
                return Err(PlacementError(format!(
                    "the row of {} has no subnet in {}: {me} stays in one subnet per AZ of its row (add a {} subnet to {} first)",
                    name(d, target),
                    name(d, &az.id),
                    d.text(t, "tier"),
                    name(d, &az.id)
                )))
            }
        }
    }
    let (home, span) = out.split_first().ok_or_else(|| PlacementError(format!("{me} is in no subnet")))?;
    check(d, &n.kind, Some(home), span)?;
    Ok((home.clone(), span.to_vec()))
}

/// Whether `subnets` lie in one row: their vertical extents share a common stretch (a band
/// across them can be drawn inside every one of them).
pub fn one_row(d: &Design, subnets: &[&NodeId]) -> bool {
    let rects: Vec<&super::Rect> = subnets.iter().filter_map(|s| d.layout.get(*s)).collect();
    let top = rects.iter().map(|r| r.y).fold(f64::NEG_INFINITY, f64::max);
    let bottom = rects.iter().map(|r| r.y + r.h).fold(f64::INFINITY, f64::min);
    rects.len() == subnets.len() && bottom > top
}
