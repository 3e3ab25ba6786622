//! Availability Zones: where each node runs, AZ by AZ, and which hops between nodes cross an
//! AZ boundary. The one place inter-AZ data transfer is decided: traffic asks [`hop`] how a
//! hop picks its AZs and [`crossing`] what share of its bytes crosses; nothing else guesses.
//!
//! # Where a node runs: [`Zones`] and [`Spread`]
//! A node's spread is the list of AZs it runs in with the share of its traffic in each
//! (shares sum to 1). Regional services (S3, DynamoDB, Lambda outside a VPC, queues), edge
//! services and clients run in no AZ: their spread is empty and no hop to or from them is an
//! inter-AZ hop. Inside a VPC:
//! - a node in a subnet runs in that subnet's AZ;
//! - a node that spans several AZs ([`az_count`] > 1: load balancers, Auto Scaling groups,
//!   interface endpoints at VPC level) runs evenly in that many AZs of its VPC (AZs holding a
//!   subnet, its own AZ first); one sitting in a single subnet runs in that subnet's AZ only;
//! - a node placed at VPC level runs evenly in the VPC's hosting AZs ([`HostingAzs`]: the AZs
//!   that hold a subnet; an AZ drawn with no subnet can host no interface, instance or task),
//!   or `az_count` of them (never more than there are), or one AZ when none hosts; a node with
//!   an `az_count` in a VPC with no hosting AZ runs in that many zones of the VPC's own;
//! - a node placed in one subnet per AZ (its `parent` and [`Node::span`], file format 5)
//!   runs evenly in those subnets' AZs, home first (its `az_count` is then not read); a
//!   Multi-AZ database placed so serves from its home subnet, the others hold its standby.
//!
//! An AZ is identified by its region and zone letter when the AZ container sets `zone`, else
//! by the container itself; the zones of a node with an `az_count` in a VPC with no hosting AZ
//! are placeholders of its VPC.
//! [`Zones::spread_of`] is the single lookup: components that span AZs by being placed in one
//! subnet per AZ report those AZs there, and every analysis follows.
//!
//! # How a hop picks AZs: [`Hop`]
//! - [`Hop::Spread`]: the caller's traffic in each AZ goes to the target's AZs in proportion
//!   to the target's shares; the share crossing is 1 − Σ caller(z) × target(z).
//! - [`Hop::Local`]: the target has a presence in several AZs and each caller uses the one in
//!   its own AZ when there is one (NAT gateways by route table, interface endpoints, EFS mount
//!   targets); only callers in AZs the target lacks cross.
//! - [`Hop::Zonal`]: the target never receives traffic from another AZ (an NLB with cross-zone
//!   load balancing off sends only to targets in its own AZ).
//! - [`Hop::Exempt`]: AWS does not charge the hop even when it crosses AZs: see [`EXEMPTIONS`].

use crate::graph::{Containers, Enclosing};
use crate::model::span::{self, SpanRole};
use crate::model::{ConnKind, Design, Node, NodeId};
use rustc_hash::FxHashMap;

/// Why AWS does not charge a hop that may cross AZs, and where it says so.
#[derive(Debug, PartialEq, Eq)]
pub struct Exemption {
    pub id: &'static str,
    /// The hop, in words.
    pub what: &'static str,
    pub source: &'static str,
}

/// Every hop AWS exempts from inter-AZ data transfer charges. Kept in one place; [`hop`] is
/// the only reader.
pub const EXEMPTIONS: &[Exemption] = &[
    Exemption {
        id: "alb-to-targets",
        what: "an Application Load Balancer to its targets (cross-zone load balancing is always on, at no inter-AZ charge)",
        source: "Elastic Load Balancing user guide, cross-zone load balancing: ALB always on with no inter-AZ data transfer charge (NLB and GWLB: charged when turned on)",
    },
    Exemption {
        id: "rds-replication",
        what: "replication between RDS instances or Aurora instances (Multi-AZ standby, read replicas in the region)",
        source: "aws.amazon.com/rds/pricing: data transferred for Multi-AZ replication is free; RDS user guide, read replicas: no charge for the data transfer replicating to a read replica in the same Region; Aurora replicas share the cluster volume",
    },
    Exemption {
        id: "lambda-invoke",
        what: "calls to a Lambda function (invoked through the regional Lambda API, not an address in an AZ)",
        source: "aws.amazon.com/lambda/pricing, data transfer: transfer within the Region to and from functions is not billed as inter-AZ",
    },
];

fn exemption(id: &str) -> &'static Exemption {
    EXEMPTIONS.iter().find(|e| e.id == id).expect("exemption ids are listed")
}

/// How a hop from one node to another picks AZs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hop {
    Spread,
    Local,
    Zonal,
    Exempt(&'static Exemption),
}

/// How a connection of `kind` from `from` to `to` picks AZs (see the module docs).
pub fn hop(design: &Design, from: &Node, to: &Node, kind: ConnKind) -> Hop {
    hop_of(design, from, &from.kind, &to.kind, kind)
}

/// [`hop`] with the ends' kinds already known (`from_kind` is `from.kind`, `to_kind` the
/// other end's): the traffic plan's per-connection pass reads them from its table by
/// position ([`crate::graph::Index::kind_at`]) instead of from both nodes.
pub(crate) fn hop_of(design: &Design, from: &Node, from_kind: &str, to_kind: &str, kind: ConnKind) -> Hop {
    match kind {
        ConnKind::Replication if is_relational(from_kind) && is_relational(to_kind) => Hop::Exempt(exemption("rds-replication")),
        ConnKind::Replication => Hop::Spread,
        ConnKind::Association => Hop::Spread,
        ConnKind::Sync | ConnKind::Async => {
            if from_kind == "alb" {
                Hop::Exempt(exemption("alb-to-targets"))
            } else if to_kind == "lambda" {
                Hop::Exempt(exemption("lambda-invoke"))
            } else if from_kind == "nlb" && !design.flag(from, "cross_zone") {
                Hop::Zonal
            } else if matches!(to_kind, "efs" | "vpc-endpoint-interface") {
                Hop::Local
            } else {
                Hop::Spread
            }
        }
    }
}

fn is_relational(kind: &str) -> bool {
    matches!(kind, "rds" | "aurora")
}

/// AZs a node runs in, with the share of its traffic in each (summing to 1); empty for
/// nodes in no AZ. Zones are indexes into [`Zones::name`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spread(pub Vec<(usize, f64)>);

impl Spread {
    /// Share of the node's traffic in `zone` (0 when it does not run there).
    pub fn share(&self, zone: usize) -> f64 {
        self.0.iter().filter(|(z, _)| *z == zone).map(|(_, s)| s).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn even(zones: Vec<usize>) -> Spread {
        let k = zones.len() as f64;
        Spread(zones.into_iter().map(|z| (z, 1.0 / k)).collect())
    }
}

/// The share (0..=1) of a hop's bytes that crosses AZs, from the caller's and the target's
/// spreads. 0 when either runs in no AZ.
pub fn crossing(from: &Spread, to: &Spread, how: Hop) -> f64 {
    if from.is_empty() || to.is_empty() {
        return 0.0;
    }
    let x = match how {
        Hop::Exempt(_) | Hop::Zonal => 0.0,
        Hop::Spread => 1.0 - from.0.iter().map(|(z, s)| s * to.share(*z)).sum::<f64>(),
        Hop::Local => from.0.iter().filter(|(z, _)| to.share(*z) <= 0.0).map(|(_, s)| s).sum(),
    };
    x.clamp(0.0, 1.0)
}

/// A component placed in one subnet per AZ (see [`span`]): a fleet runs evenly in its
/// subnets' AZs, home first; a database with a standby serves from its home (the primary).
/// `zone_of_subnet` gives the zone of a subnet's enclosing AZ.
fn spanning_spread(n: &Node, zone_of_subnet: impl Fn(&NodeId) -> Option<usize>) -> Spread {
    let mut zones: Vec<usize> = Vec::new();
    for s in span::placements(n) {
        if let Some(z) = zone_of_subnet(s) {
            if !zones.contains(&z) {
                zones.push(z);
            }
        }
    }
    if span::role(&n.kind) == Some(SpanRole::Standby) {
        zones.truncate(1);
    }
    Spread::even(zones)
}

/// How many AZs a node is enabled in, for what AWS bills or checks per AZ (a load balancer's
/// public addresses, an interface endpoint's hours, "at least two AZs"): the subnets it is
/// placed in when it spans AZs or, for a kind enabled per AZ, sits in a subnet (one subnet:
/// one AZ; AWS enables a load balancer, an endpoint or a group exactly in the subnets it is
/// given), else its `az_count` bounded by its VPC's hosting AZs ([`HostingAzs::count`]) when
/// the VPC has any (None for kinds that have none and do not span). The one reading of
/// `az_count`: [`Zones`], the rules, the bill and the inspector's field ask here, so all say
/// the same number (review s33 R1: a count of 4 in a VPC with 3 hosting AZs runs in 3, and
/// the bill charged 4 endpoint-AZ-hours while the spread covered 3; a file may hold such a
/// count, `ha.az-count-beyond-vpc` names it). Counts the node's VPC's hosting AZs when it
/// reaches the count (O(nodes)); a pass over many nodes uses [`az_count_in`].
pub fn az_count(design: &Design, n: &Node) -> Option<f64> {
    az_count_with(design, n, has_az_count(&n.kind), || in_subnet(design, n), || {
        design.enclosing(&n.id, "vpc").map_or(0, |v| HostingAzs::count_in(design, &v.id))
    })
}

/// [`az_count`] with the hosting AZs already worked out (the rules' topology holds them).
pub fn az_count_in(design: &Design, hosting: &HostingAzs<'_>, n: &Node) -> Option<f64> {
    az_count_with(design, n, has_az_count(&n.kind), || in_subnet(design, n), || design.enclosing(&n.id, "vpc").map_or(0, |v| hosting.count(&v.id)))
}

/// Whether the kind has an `az_count` field (a kind outside the catalog has none).
pub(crate) fn has_az_count(kind: &str) -> bool {
    crate::catalog::kind(kind).is_some_and(|k| k.prop("az_count").is_some())
}

/// [`az_count`] with what it asks answered by the caller: whether the node's kind has the
/// field ([`has_az_count`]), [`in_subnet`] and the hosting AZs of the node's VPC (0 when none
/// or no VPC), the last two asked only when needed. [`Zones`] answers the first once per
/// kind, the second by the parent's position and the third from its one [`HostingAzs`],
/// where `az_count` scans the kind's fields twice and searches the design's ordered map of
/// ids for the parent.
pub(crate) fn az_count_with(design: &Design, n: &Node, per_az: bool, in_subnet: impl FnOnce() -> bool, hosting: impl FnOnce() -> usize) -> Option<f64> {
    if span::spans(n) {
        return Some(span::placements(n).count() as f64);
    }
    // Only kinds that have the field: a database in one subnet has no per-AZ count.
    if per_az && in_subnet() {
        return Some(1.0);
    }
    // A kind without the field has no count (and nothing is read).
    if !per_az {
        return None;
    }
    let set = design.prop_where_defined_ref(n, "az_count").and_then(|v| v.as_f64())?;
    // Not above the AZs that can host it (review s33 R1); a VPC with none has nothing to
    // bound the count by ([`HostingAzs`]: the node keeps its count).
    Some(match hosting() {
        0 => set,
        azs => set.min(azs as f64),
    })
}

/// Whether `n` sits directly in a subnet (its `parent` is one).
pub fn in_subnet(design: &Design, n: &Node) -> bool {
    n.parent.as_ref().and_then(|p| design.node(p)).is_some_and(|p| p.kind == "subnet")
}

/// The spread of every node of a design, worked out once: O(nodes), nodes addressed by
/// position ([`crate::graph::positions`]) and placed by one pass down the containers
/// ([`crate::graph::Containers`]).
pub struct Zones<'d> {
    names: Vec<String>,
    pos: crate::graph::Positions,
    /// Each node's spread, by position.
    spread: Vec<Spread>,
    /// The zone of each AZ container, by position (None for other nodes).
    az_zone: Vec<Option<usize>>,
    /// Read from a design of lifetime `'d` (nothing borrowed since the positions keep copies
    /// of the ids; the lifetime is kept so the callers' types stay as they were).
    design: std::marker::PhantomData<&'d Design>,
}

impl<'d> Zones<'d> {
    pub fn new(design: &'d Design) -> Zones<'d> {
        let pos = crate::graph::positions(design);
        let containers = Containers::new(design, &pos);
        Zones::with_containers(design, pos, &containers)
    }

    /// [`Zones::new`] from the design's positions and containers already worked out (the
    /// traffic plan has both).
    pub fn with_containers(design: &'d Design, pos: crate::graph::Positions, containers: &Containers<'d>) -> Zones<'d> {
        let nodes: Vec<&'d Node> = design.nodes.values().collect();
        let mut names: Vec<String> = Vec::new();
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut intern = |name: String| -> usize {
            *index.entry(name).or_insert_with_key(|name| {
                names.push(name.clone());
                names.len() - 1
            })
        };
        // Each AZ container's zone, and each VPC's hosting AZs ([`HostingAzs`]) as zones: an AZ
        // with no subnet can hold no ENI, instance or task, so a node spread over its VPC's AZs
        // is never put there (QA s31 F1: an empty AZ drawn in the Three-tier VPC took one of
        // the logs endpoint's three ENIs and billed $0.40 of inter-AZ transfer).
        let mut az_zone: Vec<Option<usize>> = vec![None; nodes.len()];
        for (i, a) in nodes.iter().enumerate().filter(|(_, n)| n.kind == "az") {
            // Only a zone the architect set names a real AZ: two AZ boxes left at the default are two zones.
            let set = design.is_set(a, "zone").then(|| design.text(a, "zone"));
            let name = match set.as_deref() {
                Some(z) if !z.is_empty() => format!("{}/{z}", containers.region[i]),
                _ => format!("az:{}", a.id),
            };
            az_zone[i] = Some(intern(name));
        }
        // The hosting AZs are distinct zones already (two AZ boxes set to the same zone are one
        // zone: [`HostingAzs`] keeps the first): the containers' (one per analysis).
        let hosting = &*containers.hosting;
        let mut vpc_zones: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for (vpc, azs) in &hosting.by_vpc {
            let Some(v) = pos.get(vpc) else { continue };
            vpc_zones.insert(v, azs.distinct.iter().filter_map(|a| pos.get(a).and_then(|p| az_zone[p])).collect());
        }
        let az_of = |e: &Enclosing<'_>| e.az.and_then(|a| az_zone[pos.at(&a.id)]);
        let mut spread = Vec::with_capacity(nodes.len());
        // Per kind: whether it has an `az_count` field ([`has_az_count`]), looked up once.
        let mut has_field: FxHashMap<&str, bool> = FxHashMap::default();
        for (n, e) in nodes.iter().zip(&containers.of) {
            let Some(vpc) = e.vpc else {
                spread.push(Spread::default());
                continue;
            };
            if span::spans(n) {
                spread.push(spanning_spread(n, |s| pos.get(s).and_then(|p| az_of(&containers.of[p]))));
                continue;
            }
            let own = az_of(e);
            let drawn: &[usize] = vpc_zones.get(&pos.at(&vpc.id)).map(Vec::as_slice).unwrap_or(&[]);
            // `in_subnet` by position: the parent's position, then its kind.
            let parent_is_subnet = || n.parent.as_ref().and_then(|p| pos.get(p)).is_some_and(|p| nodes[p].kind == "subnet");
            let per_az = *has_field.entry(n.kind.as_str()).or_insert_with(|| has_az_count(&n.kind));
            let explicit = az_count_with(design, n, per_az, parent_is_subnet, || drawn.len()).map(|x| x.max(1.0) as usize);
            let k = match (own, explicit) {
                (Some(_), Some(k)) if k > 1 => k,
                (Some(_), _) => 1,
                (None, Some(k)) => k,
                // At VPC level with no count of its own: the VPC's hosting AZs, one when none
                // hosts ([`HostingAzs::spread_count`], what the rules count too).
                (None, None) => drawn.len().max(1),
            };
            let mut zones: Vec<usize> = own.into_iter().collect();
            zones.extend(drawn.iter().copied().filter(|z| Some(*z) != own));
            // `k` is at most the hosting AZs when there are any (`az_count_with` bounds it, review
            // s33 R1), so no zone is made up beside drawn ones.
            zones.truncate(k);
            // Zones of the VPC's own (`<vpc id>#<n>`) only where it has no hosting AZ at all:
            // the count is then the node's `az_count`, which the rules read as well.
            let mut i = 0;
            while zones.len() < k {
                i += 1;
                zones.push(intern(format!("{}#{i}", vpc.id)));
            }
            spread.push(Spread::even(zones));
        }
        Zones { names, pos, spread, az_zone, design: std::marker::PhantomData }
    }

    /// Where a node runs (empty for unknown nodes and nodes in no AZ).
    pub fn spread_of(&self, id: &NodeId) -> &Spread {
        static NONE: Spread = Spread(Vec::new());
        self.pos.get(id).map(|p| &self.spread[p]).unwrap_or(&NONE)
    }

    /// Where the node at `pos` runs ([`crate::graph::positions`]).
    pub fn spread_at(&self, pos: usize) -> &Spread {
        &self.spread[pos]
    }

    /// The zone of an AZ container.
    pub fn zone_of_az(&self, az: &NodeId) -> Option<usize> {
        self.pos.get(az).and_then(|p| self.az_zone[p])
    }

    /// A zone's name: `us-east-1/a`, `az:<container id>` or `<vpc id>#<n>` for the AZs of a node
    /// with an `az_count` in a VPC with no hosting AZ ([`HostingAzs`]).
    pub fn name(&self, zone: usize) -> &str {
        &self.names[zone]
    }
}

/// The AZs of each VPC that can host a component: the AZ containers holding at least one
/// subnet (AWS places every ENI, instance, task, endpoint interface and load balancer node in
/// a subnet, so an AZ box drawn with no subnet hosts nothing). The one answer to "how many
/// AZs does this VPC have" (review s32 R1): [`Zones`] spreads over them, the rules' topology
/// counts them (`Topology::az_spread`, the endpoint-or-NAT test), and [`crate::az_choice`]
/// bounds `az_count` by them (the inspector's "1 – N" and `ha.az-count-beyond-vpc`).
///
/// **A VPC where no AZ holds a subnet** (no AZ drawn, or AZ boxes still empty) has no
/// hosting AZ: [`HostingAzs::count`] is 0, and a node at VPC level without a count of its
/// own runs in **one** AZ ([`HostingAzs::spread_count`]). One, not two, because nothing
/// beyond what is drawn is assumed: the bill then bills no inter-AZ transfer to AZs that are
/// not there and the rules say the tier runs in one AZ (`ha.app-tier-single-az`), which
/// asks the architect to draw subnets; both change together once a subnet is drawn. A
/// component with its own `az_count` there keeps it (nothing to bound it by:
/// [`crate::az_choice::AzChoice::Free`]).
pub struct HostingAzs<'d> {
    /// By VPC id, its hosting AZs.
    by_vpc: FxHashMap<&'d NodeId, VpcAzs<'d>>,
}

/// One VPC's AZ boxes that hold a subnet.
#[derive(Default)]
struct VpcAzs<'d> {
    /// The first box of each zone, in id order: the hosting AZs.
    distinct: Vec<&'d NodeId>,
    /// Every box holding a subnet, in id order (two set to one zone both listed): what the
    /// count read, so a reader can note it ([`HostingAzs::note_reads`]).
    boxes: Vec<&'d Node>,
}

impl<'d> HostingAzs<'d> {
    /// Two passes over the nodes (O(nodes)): the AZs that are a subnet's parent (a subnet's
    /// parent is always an AZ, an AZ's always a VPC: the catalog's `parents`), then those AZs
    /// grouped ([`HostingAzs::from_boxes`]).
    pub fn new(d: &'d Design) -> HostingAzs<'d> {
        let holding: rustc_hash::FxHashSet<&NodeId> = d.nodes.values().filter(|n| n.kind == "subnet").filter_map(|n| n.parent.as_ref()).collect();
        Self::from_boxes(d, d.nodes.values().filter(|a| a.kind == "az" && holding.contains(&a.id)))
    }

    /// [`HostingAzs::new`] from the nodes in id order and each one's parent by position
    /// ([`crate::graph::Containers::new`] has both): the subnets' parents marked by position,
    /// no set of ids hashed. Built once per analysis, with the containers every part borrows
    /// (the traffic plan's [`Zones`], the rules' topology and the bill read this one).
    pub(crate) fn with_parents(d: &'d Design, nodes: &[&'d Node], parent: &[Option<usize>]) -> HostingAzs<'d> {
        let mut holds = vec![false; nodes.len()];
        for (n, p) in nodes.iter().zip(parent) {
            if let (true, Some(p)) = (n.kind == "subnet", p) {
                holds[*p] = true;
            }
        }
        Self::from_boxes(d, nodes.iter().zip(holds).filter(|(a, h)| *h && a.kind == "az").map(|(a, _)| *a))
    }

    /// The one grouping every count goes through: AZ boxes holding a subnet (`boxes`, in id
    /// order) under their VPC, one per zone ([`HostingAzs::same_zone`]: the first box kept).
    fn from_boxes(d: &'d Design, boxes: impl Iterator<Item = &'d Node>) -> HostingAzs<'d> {
        let mut by_vpc: FxHashMap<&'d NodeId, VpcAzs<'d>> = FxHashMap::default();
        for a in boxes {
            if let Some(v) = &a.parent {
                let list = by_vpc.entry(v).or_default();
                if !list.boxes.iter().any(|b| Self::same_zone(d, a, b)) {
                    list.distinct.push(&a.id);
                }
                list.boxes.push(a);
            }
        }
        HostingAzs { by_vpc }
    }

    /// [`HostingAzs::count`] of one VPC without the others' (the inspector's field asks for
    /// one node's): its AZ boxes, one pass over the subnets, then the same grouping as every
    /// count ([`HostingAzs::from_boxes`]) on that VPC's boxes only (O(nodes)).
    pub fn count_in(d: &Design, vpc: &NodeId) -> usize {
        let azs: Vec<&Node> = d.nodes.values().filter(|a| a.kind == "az" && a.parent.as_ref() == Some(vpc)).collect();
        let mut holds = vec![false; azs.len()];
        for s in d.nodes.values().filter(|n| n.kind == "subnet") {
            if let Some(i) = s.parent.as_ref().and_then(|p| azs.iter().position(|a| &a.id == p)) {
                holds[i] = true;
            }
        }
        HostingAzs::from_boxes(d, azs.into_iter().zip(holds).filter(|(_, h)| *h).map(|(a, _)| a)).count(vpc)
    }

    /// Notes, in the recording under way ([`crate::prop_deps`]), the reads the count of `vpc`
    /// rests on (each hosting box's `zone`): a part reading a count this value computed
    /// before it ran (the bill, pricing node by node) depends on them, and is priced again
    /// when one changes.
    pub(crate) fn note_reads(&self, d: &Design, vpc: &NodeId) {
        for a in self.by_vpc.get(vpc).map(|v| v.boxes.as_slice()).unwrap_or(&[]) {
            let _ = d.is_set(a, "zone");
        }
    }

    /// Whether two AZ boxes of one VPC are the same zone, as [`Zones`] interns them: both set
    /// to the same non-empty `zone` (a VPC is in one region, so the region needs no comparing);
    /// a box left at the default is a zone of its own (review s33 R2: two boxes set to "a"
    /// were two hosting AZs to the rules and the bill, one zone to [`Zones`]).
    fn same_zone(d: &Design, a: &Node, b: &Node) -> bool {
        let zone = |x: &Node| d.is_set(x, "zone").then(|| d.text(x, "zone")).filter(|z| !z.is_empty());
        match (zone(a), zone(b)) {
            (Some(za), Some(zb)) => za == zb,
            _ => false,
        }
    }

    /// The hosting AZs of `vpc`, in id order (empty when none).
    pub fn of(&self, vpc: &NodeId) -> &[&'d NodeId] {
        self.by_vpc.get(vpc).map(|v| v.distinct.as_slice()).unwrap_or(&[])
    }

    /// How many zones of `vpc` hold a subnet (0 when none; AZ boxes set to one zone count once).
    pub fn count(&self, vpc: &NodeId) -> usize {
        self.of(vpc).len()
    }

    /// How many AZs a node at VPC level with no count of its own runs in: [`HostingAzs::count`],
    /// or 1 when no AZ of the VPC holds a subnet (see the type's docs for why one).
    pub fn spread_count(&self, vpc: &NodeId) -> usize {
        self.count(vpc).max(1)
    }
}

/// One subnet a component spanning AZs is placed in, with its share of the component.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacementShare {
    pub subnet: NodeId,
    /// The subnet's AZ container.
    pub az: Option<NodeId>,
    /// Share (0..=1) of the component's traffic served in this AZ ([`Zones::spread_of`]).
    pub traffic: f64,
    /// Share (0..=1) of the component's monthly cost incurred in this AZ: AWS spreads a
    /// fleet's instances or tasks, a load balancer's nodes and an endpoint's interfaces evenly
    /// over the subnets it is given, and a Multi-AZ standby is the same size as its primary, so
    /// every placement bears an even share.
    pub cost: f64,
}

/// The subnets a node is placed in (its home first) with each one's share of its traffic and
/// cost; empty for a node that does not span AZs. What the inspector shows per AZ.
pub fn placement_shares(design: &Design, zones: &Zones<'_>, n: &Node) -> Vec<PlacementShare> {
    if !span::spans(n) {
        return Vec::new();
    }
    let subnets: Vec<&NodeId> = span::placements(n).collect();
    let spread = zones.spread_of(&n.id);
    let even = 1.0 / subnets.len() as f64;
    subnets
        .into_iter()
        .map(|s| {
            let az = design.enclosing(s, "az").map(|a| a.id.clone());
            let zone = az.as_ref().and_then(|a| zones.zone_of_az(a));
            // `+ 0.0`: an empty sum is −0.0, which would print as "-0%".
            PlacementShare { subnet: s.clone(), az, traffic: zone.map_or(0.0, |z| spread.share(z)) + 0.0, cost: even }
        })
        .collect()
}

/// [`placement_shares`] of one node, the zones worked out for the call (the inspector's view
/// of the selected component).
pub fn shares_of(design: &Design, id: &NodeId) -> Vec<PlacementShare> {
    // Only a node that spans AZs has shares: the zones (a pass over the whole design, 30+ ms
    // in the page at 1,000 nodes, on every edit while a component is selected) are worked out
    // only for one.
    match design.node(id) {
        Some(n) if span::spans(n) => placement_shares(design, &Zones::new(design), n),
        _ => Vec::new(),
    }
}
