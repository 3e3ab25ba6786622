//! What a new node starts as, so the editor gets out of the way: a new subnet takes the next
//! free CIDR block of its VPC, a new Availability Zone the next zone letter of its Region
//! that its VPC does not use yet (refused when there is none). The same functions fix a pasted subnet or AZ whose block or letter is taken.
//!
//! Pure functions of the design; the app calls [`network_props`] when it adds or pastes a
//! node, and puts what it returns in the node's properties (so the values are set, shown in
//! the inspector and saved, not left to the catalog default that every subnet shares).

use crate::catalog::{self, parse_cidr};
use crate::model::{Design, Node, NodeId, Value};

/// An IPv4 block: network address and prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub network: u32,
    pub len: u8,
}

impl Block {
    pub fn parse(s: &str) -> Option<Block> {
        parse_cidr(s).ok().map(|(network, len)| Block { network, len })
    }
    /// Number of addresses, 2^(32 − len), as u64 (a /0 holds 2^32).
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.len))
    }
    /// First and last address, inclusive.
    pub fn range(&self) -> (u64, u64) {
        (u64::from(self.network), u64::from(self.network) + self.size() - 1)
    }
    pub fn overlaps(&self, other: &Block) -> bool {
        let ((a0, a1), (b0, b1)) = (self.range(), other.range());
        a0 <= b1 && b0 <= a1
    }
    pub fn contains(&self, other: &Block) -> bool {
        let ((a0, a1), (b0, b1)) = (self.range(), other.range());
        a0 <= b0 && b1 <= a1
    }
}

impl std::fmt::Display for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.network;
        write!(f, "{}.{}.{}.{}/{}", n >> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, self.len)
    }
}

/// The smallest subnet AWS allows is a /28 (16 addresses); the largest a /16.
pub const SMALLEST_SUBNET: u8 = 28;
pub const LARGEST_SUBNET: u8 = 16;

/// The prefix length a new subnet takes in a VPC of prefix `vpc_len` with no subnets to copy:
/// /24 (256 addresses, the usual size) when the VPC is a /20 or larger, else a sixteenth of
/// the VPC (a /22 VPC gets /26 subnets), never smaller than a /28.
pub fn default_subnet_len(vpc_len: u8) -> u8 {
    (vpc_len + 4).max(24).clamp(LARGEST_SUBNET, SMALLEST_SUBNET).max(vpc_len)
}

/// The next free block of prefix `len` inside `vpc` that overlaps none of `used`: the first
/// aligned block after the highest block in use (so subnets number on in the order they were
/// made), else the lowest free one (a gap left by a deleted subnet); `None` when the VPC is
/// full or `len` is larger than the VPC.
pub fn next_free_block(vpc: Block, used: &[Block], len: u8) -> Option<Block> {
    if len < vpc.len || len == 0 || len > 32 {
        return None;
    }
    let step = 1u64 << (32 - u32::from(len));
    let (v0, v1) = vpc.range();
    let inside: Vec<Block> = used.iter().copied().filter(|b| b.overlaps(&vpc)).collect();
    let free = |start: u64| {
        let b = Block { network: start as u32, len };
        (!inside.iter().any(|u| u.overlaps(&b))).then_some(b)
    };
    // First aligned start at or after the end of the highest block in use.
    let after = inside.iter().map(|b| b.range().1 + 1).max().map(|end| end.div_ceil(step) * step);
    let scan = |from: u64| (from..=v1).step_by(step as usize).take_while(|s| s + step - 1 <= v1).find_map(free);
    after.and_then(scan).or_else(|| scan(v0))
}

/// The subnets of a VPC (any depth: VPC → AZ → subnet), in id order.
fn subnets_of<'d>(d: &'d Design, vpc: &'d NodeId) -> impl Iterator<Item = &'d Node> + 'd {
    d.nodes.values().filter(move |n| n.kind == "subnet" && d.enclosing(&n.id, "vpc").is_some_and(|v| &v.id == vpc))
}

/// The next free CIDR block for a new subnet of the VPC `vpc`, skipping `except` (the subnet
/// being placed, when it is already in the design). Its size copies the VPC's most recently
/// numbered subnet (the one with the highest block), else [`default_subnet_len`].
pub fn next_subnet_cidr(d: &Design, vpc: &NodeId, except: Option<&NodeId>) -> Option<String> {
    let v = d.nodes.get(vpc).filter(|n| n.kind == "vpc")?;
    let vblock = Block::parse(&d.text(v, "cidr"))?;
    let used: Vec<Block> = subnets_of(d, vpc).filter(|s| Some(&s.id) != except).filter_map(|s| Block::parse(&d.text(s, "cidr"))).collect();
    let len = used
        .iter()
        .filter(|b| vblock.contains(b))
        .max_by_key(|b| b.network)
        .map(|b| b.len)
        .unwrap_or_else(|| default_subnet_len(vblock.len));
    next_free_block(vblock, &used, len).map(|b| b.to_string())
}

/// The Availability Zone letters of each Region this app offers ([`catalog::REGION_CODES`]),
/// as an account created today sees them.
///
/// Source: AWS, "Regions and Availability Zones" and "AWS Availability Zones"
/// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html,
/// https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html);
/// as of [`ZONES_AS_OF`]. us-east-1 has six zones, us-west-2 four, the others three. Tokyo
/// (ap-northeast-1) has four zone ids, but one (apne1-az3) takes no new resources and is not
/// offered to new accounts, which see the names a, c and d (no "b").
pub const REGION_ZONES: &[(&str, &[&str])] = &[
    ("us-east-1", &["a", "b", "c", "d", "e", "f"]),
    ("us-east-2", &["a", "b", "c"]),
    ("us-west-2", &["a", "b", "c", "d"]),
    ("eu-west-1", &["a", "b", "c"]),
    ("eu-central-1", &["a", "b", "c"]),
    ("ap-southeast-1", &["a", "b", "c"]),
    ("ap-northeast-1", &["a", "c", "d"]),
];
/// When [`REGION_ZONES`] was last checked against AWS's pages.
pub const ZONES_AS_OF: &str = "2025-06";

/// The zone letters of a Region ([`REGION_ZONES`]); a Region not in the table gets the
/// catalog's letters (a to f), the most any Region offers.
pub fn region_zones(region: &str) -> &'static [&'static str] {
    REGION_ZONES.iter().find(|(r, _)| *r == region).map(|(_, z)| *z).unwrap_or_else(zone_letters)
}

/// The zone letters the AZs of a VPC use, skipping `except`.
fn zones_in_use(d: &Design, vpc: &NodeId, except: Option<&NodeId>) -> Vec<String> {
    d.nodes.values().filter(|n| n.kind == "az" && n.parent.as_ref() == Some(vpc) && Some(&n.id) != except).map(|n| d.text(n, "zone")).collect()
}

/// The first zone letter of the VPC's Region ([`region_zones`], in order) that no other AZ
/// of the VPC uses, skipping `except` (the AZ being placed); `None` when all are taken.
pub fn next_zone(d: &Design, vpc: &NodeId, except: Option<&NodeId>) -> Option<String> {
    let used = zones_in_use(d, vpc, except);
    region_zones(&d.region_of(vpc)).iter().find(|l| !used.iter().any(|u| u == *l)).map(|l| l.to_string())
}

/// A new Availability Zone for the VPC `vpc`: its zone letter ([`next_zone`]) and its label,
/// written like the VPC's other AZs ([`az_label`]). Refused, saying why, when the VPC
/// already uses every zone of its Region: a second AZ with the same letter would be the
/// same data centres drawn twice.
pub fn new_az(d: &Design, vpc: &NodeId) -> Result<(String, String), String> {
    match next_zone(d, vpc, None) {
        Some(z) => Ok((z.clone(), az_label(d, vpc, &z))),
        None => Err(all_zones_used(d, vpc)),
    }
}

/// Why a VPC can take no other AZ: it uses every zone of its Region.
fn all_zones_used(d: &Design, vpc: &NodeId) -> String {
    let region = d.region_of(vpc);
    let zones = region_zones(&region);
    let vpc_label = d.nodes.get(vpc).map_or(vpc.as_str(), |n| n.label.as_str());
    format!("{region} has {} Availability Zones ({}) and \"{vpc_label}\" already uses all of them: another AZ would repeat one.", zones.len(), zones.join(", "))
}

/// How an AZ's label names its zone: "AZ us-east-1c" (`Full`: the prefix, then the Region's
/// code and the letter) or "AZ c" (`Letter`: the prefix, a space, the letter).
enum ZoneName {
    Full(String),
    Letter(String),
}

impl ZoneName {
    /// The label naming zone letter `zone` of `region` this way.
    fn of(&self, region: &str, zone: &str) -> String {
        match self {
            ZoneName::Full(prefix) => format!("{prefix}{region}{zone}"),
            ZoneName::Letter(prefix) => format!("{prefix} {zone}"),
        }
    }

    /// How `label` names zone letter `zone` (of `region`, or of any Region of
    /// [`REGION_ZONES`]: a copy from another Region's VPC), if it does.
    fn read(label: &str, region: &str, zone: &str) -> Option<ZoneName> {
        if zone.is_empty() {
            return None;
        }
        let regions = std::iter::once(region).chain(REGION_ZONES.iter().map(|(r, _)| *r));
        for r in regions {
            if let Some(prefix) = label.strip_suffix(&format!("{r}{zone}")) {
                return Some(ZoneName::Full(prefix.to_string()));
            }
        }
        label.strip_suffix(&format!(" {zone}")).map(|p| ZoneName::Letter(p.to_string()))
    }

    /// How the VPC `vpc`'s AZs name their zones (the first that does).
    fn of_vpc(d: &Design, vpc: &NodeId) -> Option<ZoneName> {
        let region = d.region_of(vpc);
        d.nodes.values().filter(|n| n.kind == "az" && n.parent.as_ref() == Some(vpc)).find_map(|n| ZoneName::read(&n.label, &region, d.text_ref(n, "zone")))
    }
}

/// The label of a copy of something inside a pasted AZ whose copy took zone letter `new`
/// where the original's is `old` (in `region`), when `label` names the old zone as the AZ
/// labels do, at its end ("Public c" → "Public d", "NAT gateway us-east-1c" → "NAT gateway
/// us-east-1d"). None: it names no zone, or the zone stays (the copy is then numbered as any
/// copy, "Primary 2"). QA s33 F6: AZ c pasted into its own VPC became "AZ us-east-1d" and held
/// "Public c 2", "Private c 2", "Isolated (data) c 2" and "NAT gateway c 2".
pub fn label_in_zone(label: &str, region: &str, old: &str, new: &str) -> Option<String> {
    if old == new {
        return None;
    }
    ZoneName::read(label, region, old).map(|z| z.of(region, new))
}

/// The label of a new AZ with zone letter `zone` in the VPC `vpc`, in the style of the VPC's
/// other AZs: "AZ us-east-1c" next to "AZ us-east-1a" (the full zone name), "AZ c" next to
/// "AZ a"; "AZ c" when the VPC has no AZ yet or its AZs are named otherwise.
pub fn az_label(d: &Design, vpc: &NodeId, zone: &str) -> String {
    ZoneName::of_vpc(d, vpc).unwrap_or(ZoneName::Letter("AZ".into())).of(&d.region_of(vpc), zone)
}

/// The zones and the label style of each VPC's AZs while a paste adds AZs (review s32 R13):
/// found in one pass over the design when the paste first places an AZ, then kept as it adds
/// each one ([`PastedZones::added`]), so a paste of many AZs is O(AZs + nodes) where asking
/// the design per pasted AZ (the VPC's zones, the style of its labels) was O(AZs × nodes).
pub struct PastedZones {
    by_vpc: rustc_hash::FxHashMap<NodeId, VpcZones>,
}

#[derive(Default)]
struct VpcZones {
    /// Zone letters its AZs use, in the order they were added.
    used: Vec<String>,
    /// How its AZs name their zones (the first that does: [`ZoneName::of_vpc`]'s answer).
    style: Option<ZoneName>,
}

impl PastedZones {
    /// Every VPC's AZs in `d`: one pass over the nodes.
    pub fn new(d: &Design) -> PastedZones {
        let mut z = PastedZones { by_vpc: rustc_hash::FxHashMap::default() };
        for a in d.nodes.values().filter(|n| n.kind == "az") {
            if let Some(vpc) = &a.parent {
                z.added(d, vpc, a);
            }
        }
        z
    }

    /// The AZ `az` (its `zone` and label final) is now in the VPC `vpc` of `d`.
    pub fn added(&mut self, d: &Design, vpc: &NodeId, az: &Node) {
        let v = self.by_vpc.entry(vpc.clone()).or_default();
        let zone = d.text_ref(az, "zone");
        if v.style.is_none() {
            v.style = ZoneName::read(&az.label, &d.region_of(vpc), zone);
        }
        v.used.push(zone.to_string());
    }

    /// The zone letter and label of a copy of the AZ `az` pasted into the VPC `vpc` of `d`
    /// (which does not hold it yet), `taken` saying which labels the design and the paste so
    /// far use; `None` for the label when the copy takes the ordinary copy label
    /// (`copy_label`). `copied_vpc`: `vpc` is itself a copy made by this paste.
    ///
    /// An AZ's label names its zone ("AZ us-east-1a", "AZ a") or it does not ("Primary").
    /// One that does is never numbered as a copy: "AZ us-east-1a 2" reads as an AWS zone
    /// that does not exist (QA s31 F8).
    /// - **In a copied VPC** the copy keeps its zone (review s32 R3, QA s32 F7): the copied
    ///   subnets, NAT gateways and their labels ("Public a 2") say which zone they are in,
    ///   and a connection between the two VPCs crosses AZs exactly as between the originals.
    ///   Only its label is made unique: its own name when free (a paste into another design),
    ///   else "AZ us-east-1a (copy)", then "(copy 2)", … — it names its own zone and no
    ///   other. (The copy took the Region's next free zones, d, e, f, while its subnets still
    ///   read "Public a 2", and a label naming no zone shuffled the rest.)
    /// - **Pasted into an existing VPC** that uses its zone, it is a new AZ of that VPC: the
    ///   first zone of the Region the VPC does not use whose name, written as the VPC's AZs
    ///   write it (else as the copy's own label), no other node carries ("AZ us-east-1d" for
    ///   AZ a pasted into a VPC with AZs a to c); when every such name is taken, a free zone
    ///   and "… (copy)". A label naming no zone is copied as any label ("Primary 2"), the
    ///   zone kept unless the VPC uses it.
    ///
    /// Err: the VPC uses every zone of its Region.
    pub fn pasted_az(&self, d: &Design, vpc: &NodeId, az: &Node, copied_vpc: bool, taken: impl Fn(&str) -> bool) -> Result<(String, Option<String>), String> {
        let region = d.region_of(vpc);
        let (used, vpc_style): (&[String], Option<&ZoneName>) = self.by_vpc.get(vpc).map_or((&[], None), |v| (v.used.as_slice(), v.style.as_ref()));
        let free: Vec<&str> = region_zones(&region).iter().copied().filter(|z| !used.iter().any(|u| u == z)).collect();
        let Some(&first) = free.first() else { return Err(all_zones_used(d, vpc)) };
        let own = d.text_ref(az, "zone");
        let keep = if free.contains(&own) { own } else { first };
        let Some(own_style) = ZoneName::read(&az.label, &region, own) else { return Ok((keep.to_string(), None)) };
        let style = match vpc_style {
            Some(s) if !copied_vpc => s,
            _ => &own_style,
        };
        if !copied_vpc || keep != own {
            if let Some(z) = free.iter().find(|z| !taken(&style.of(&region, z))) {
                return Ok((z.to_string(), Some(style.of(&region, z))));
            }
        }
        let name = style.of(&region, keep);
        if !taken(&name) {
            return Ok((keep.to_string(), Some(name)));
        }
        Ok((keep.to_string(), Some(crate::model::fields::numbered_copy(&name, taken))))
    }
}

/// The zone letters the catalog offers for an AZ, in order.
fn zone_letters() -> &'static [&'static str] {
    catalog::kind("az")
        .and_then(|k| k.props.iter().find(|p| p.key == "zone"))
        .and_then(|p| match p.ty {
            catalog::PropType::Choice { options } => Some(options),
            _ => None,
        })
        .unwrap_or(&[])
}

/// The network properties a node needs where it is (its `parent` set, in design `d`, which
/// may or may not already hold it): for a subnet, a CIDR block inside its VPC that no other
/// subnet of the VPC overlaps; for an AZ, a zone letter no other AZ of its VPC uses. Returns
/// only what must change: nothing when the node's own value (set, or the catalog default) is
/// already free and, for a subnet, inside the VPC — except that a new node (`fresh`) always
/// gets its value set, so every subnet of a design carries its own block.
pub fn network_props(d: &Design, node: &Node, fresh: bool) -> Vec<(String, Value)> {
    if node.kind == "vpc" {
        // Only a new VPC: a pasted one brings subnets numbered inside its own block.
        return if fresh { next_vpc_cidr(d, node).map(|c| vec![("cidr".to_string(), Value::Text(c))]).unwrap_or_default() } else { vec![] };
    }
    let Some(parent) = node.parent.as_ref() else { return vec![] };
    match node.kind.as_str() {
        "subnet" => {
            let Some(vpc) = d.nodes.get(parent).and_then(|p| if p.kind == "vpc" { Some(p) } else { d.enclosing(&p.id, "vpc") }) else { return vec![] };
            let own = Block::parse(&d.text(node, "cidr"));
            let vblock = Block::parse(&d.text(vpc, "cidr"));
            let taken = |b: &Block| subnets_of(d, &vpc.id).filter(|s| s.id != node.id).filter_map(|s| Block::parse(&d.text(s, "cidr"))).any(|u| u.overlaps(b));
            let fine = matches!((own, vblock), (Some(b), Some(v)) if v.contains(&b) && !taken(&b));
            if fine && !fresh {
                return vec![];
            }
            // A copied or moved subnet keeps its own prefix length when the VPC has room for a
            // block of it (QA s33 F6: a pasted AZ's private subnet, a /20, became a /24, the
            // length of the VPC's last subnet); else, and for a new one, the VPC's last length.
            let keep_len = || {
                let (b, v) = (own?, vblock?);
                let used: Vec<Block> = subnets_of(d, &vpc.id).filter(|s| s.id != node.id).filter_map(|s| Block::parse(&d.text(s, "cidr"))).collect();
                (d.is_set(node, "cidr") && b.len >= v.len).then(|| next_free_block(v, &used, b.len)).flatten().map(|b| b.to_string())
            };
            let pick = if fine && d.is_set(node, "cidr") { None } else { keep_len().or_else(|| next_subnet_cidr(d, &vpc.id, Some(&node.id))) };
            pick.map(|c| vec![("cidr".to_string(), Value::Text(c))]).unwrap_or_default()
        }
        "az" => {
            let own = d.text(node, "zone");
            let taken = d.nodes.values().any(|n| n.kind == "az" && n.id != node.id && n.parent.as_ref() == Some(parent) && d.text(n, "zone") == own);
            if !taken && (!fresh || d.is_set(node, "zone")) {
                return vec![];
            }
            next_zone(d, parent, Some(&node.id)).map(|z| vec![("zone".to_string(), Value::Text(z))]).unwrap_or_default()
        }
        _ => vec![],
    }
}

/// The private range new VPCs are numbered in: 10.0.0.0/8 (RFC 1918), the range the catalog's
/// default (10.0.0.0/16) and AWS's own examples use.
const VPC_POOL: Block = Block { network: 10 << 24, len: 8 };

/// The CIDR block of a new VPC `vpc` (not yet in `d`, or skipped when it is): its own block
/// (set, or the catalog default 10.0.0.0/16) when no other VPC of the design overlaps it, else
/// the next free block of the same size in 10.0.0.0/8 after the highest one in use (10.1.0.0/16
/// next to 10.0.0.0/16), so two VPCs never start out overlapping: peering or a transit gateway
/// cannot route between overlapping ranges (QA s24 #5). `None` when its block does not parse
/// or the pool is full.
pub fn next_vpc_cidr(d: &Design, vpc: &Node) -> Option<String> {
    let own = Block::parse(&d.text(vpc, "cidr"))?;
    let used: Vec<Block> = d.nodes.values().filter(|n| n.kind == "vpc" && n.id != vpc.id).filter_map(|n| Block::parse(&d.text(n, "cidr"))).collect();
    next_vpc_block(own, &used).map(|b| b.to_string())
}

/// [`next_vpc_cidr`] of a VPC whose own block is `own`, the other VPCs' blocks being `used`.
pub fn next_vpc_block(own: Block, used: &[Block]) -> Option<Block> {
    if !used.iter().any(|u| u.overlaps(&own)) {
        return Some(own);
    }
    next_free_block(VPC_POOL, used, own.len)
}

/// A subnet's block `subnet` of a VPC moved from block `from` to block `to` (the same size):
/// the same place in the new block (10.0.16.0/20 of 10.0.0.0/16 is 10.1.16.0/20 of
/// 10.1.0.0/16); `None` when `subnet` is not inside `from` or the sizes differ.
pub fn moved_block(subnet: Block, from: Block, to: Block) -> Option<Block> {
    (from.len == to.len && from.contains(&subnet)).then(|| Block { network: to.network + (subnet.network - from.network), len: subnet.len })
}

/// The label of a pasted copy: `label` itself when no node of `d` has it (a piece pasted
/// into another design keeps its names), else the label with the first number from 2 that
/// makes it unique ("Web app tasks" → "Web app tasks 2", a copy of that → "Web app tasks 3"),
/// so the comparison, the bill and every message can tell the copies apart.
pub fn copy_label(d: &Design, label: &str) -> String {
    let taken = |l: &str| d.nodes.values().any(|n| n.label == l);
    if label.is_empty() || !taken(label) {
        return label.to_string();
    }
    let stem = copy_stem(label);
    (2u32..).map(|k| format!("{stem} {k}")).find(|l| !taken(l)).expect("a free number exists")
}

/// The other nodes of `d` labelled as node `id` is: a rename can make two components share a
/// label the editor numbered apart ([`copy_label`]), and then a finding, the bill and Compare
/// that name them cannot tell them apart (QA s24 #4). The inspector says so under the label,
/// with [`free_label`]'s suggestion; the rename itself is allowed (a user may mean it).
pub fn same_label<'d>(d: &'d Design, id: &'d NodeId) -> impl Iterator<Item = &'d Node> + 'd {
    // Compared without the spaces around them: "Web app (a) " reads as "Web app (a)" (QA s25).
    let label = d.nodes.get(id).map(|n| n.label.trim()).filter(|l| !l.is_empty());
    d.nodes.values().filter(move |n| &n.id != id && Some(n.label.trim()) == label)
}

/// A label for node `id` no other node has: its own when free, else its label numbered on
/// from the first free number ([`copy_label`], which counts the node itself as taking it).
pub fn free_label(d: &Design, id: &NodeId) -> Option<String> {
    let n = d.nodes.get(id)?;
    if same_label(d, id).next().is_none() {
        return Some(n.label.clone());
    }
    Some(copy_label(d, n.label.trim()))
}

/// The part of a label that copies number on from: a copy of a copy counts on from the same
/// stem ("Web app tasks 2" → stem "Web app tasks", its copy "Web app tasks 3"); a label not
/// ending in a number from 2 is its own stem. Shared by [`copy_label`] and the paste's
/// indexed version of it (`paste`), so both pick the same name.
pub fn copy_stem(label: &str) -> &str {
    match label.rsplit_once(' ') {
        Some((s, n)) if !s.is_empty() && n.parse::<u32>().is_ok_and(|n| n >= 2) => s,
        _ => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Block {
        Block::parse(s).unwrap()
    }

    #[test]
    fn a_label_two_nodes_share_is_found_with_a_free_one_to_suggest() {
        let mut d = crate::sample::three_tier();
        let ids: Vec<NodeId> = d.nodes.values().filter(|n| n.kind == "nat-gateway").map(|n| n.id.clone()).collect();
        assert!(ids.len() >= 2, "the starter has two NAT gateways");
        assert_eq!(same_label(&d, &ids[0]).count(), 0, "labelled apart");
        assert_eq!(free_label(&d, &ids[0]).as_deref(), Some(d.nodes[&ids[0]].label.as_str()));
        // Renamed alike: each finds the other; the suggestion is the label numbered from 2.
        for id in &ids[..2] {
            d.nodes.get_mut(id).unwrap().label = "NAT".into();
        }
        assert_eq!(same_label(&d, &ids[0]).map(|n| n.id.clone()).collect::<Vec<_>>(), vec![ids[1].clone()]);
        assert_eq!(free_label(&d, &ids[0]).as_deref(), Some("NAT 2"));
        // Spaces around a label do not tell it apart.
        d.nodes.get_mut(&ids[1]).unwrap().label = " NAT ".into();
        assert_eq!(same_label(&d, &ids[0]).count(), 1);
        // An empty label is nobody's name.
        for id in &ids[..2] {
            d.nodes.get_mut(id).unwrap().label = String::new();
        }
        assert_eq!(same_label(&d, &ids[0]).count(), 0);
    }

    #[test]
    fn blocks_print_and_measure() {
        assert_eq!(b("10.0.16.0/20").to_string(), "10.0.16.0/20");
        // A /20 holds 2^(32−20) = 4096 addresses: 10.0.16.0 – 10.0.31.255.
        assert_eq!(b("10.0.16.0/20").size(), 4096);
        assert!(b("10.0.0.0/16").contains(&b("10.0.255.0/24")));
        assert!(!b("10.0.0.0/16").contains(&b("10.1.0.0/24")));
        assert!(b("10.0.0.0/23").overlaps(&b("10.0.1.0/24")));
        assert!(!b("10.0.0.0/24").overlaps(&b("10.0.1.0/24")));
    }

    #[test]
    fn next_block_follows_the_highest_in_use() {
        let vpc = b("10.0.0.0/16");
        // Highest in use 10.0.2.0/24 ends at 10.0.2.255; the next /24 starts at 10.0.3.0.
        assert_eq!(next_free_block(vpc, &[b("10.0.1.0/24"), b("10.0.2.0/24")], 24), Some(b("10.0.3.0/24")));
        // A /20 ending at 10.0.127.255 (10.0.112.0/20): next aligned /20 is 10.0.128.0.
        assert_eq!(next_free_block(vpc, &[b("10.0.0.0/20"), b("10.0.112.0/20")], 20), Some(b("10.0.128.0/20")));
        // After a /20 ending at 10.0.15.255 the next /24 starts at 10.0.16.0 (16 × 256 = 4096).
        assert_eq!(next_free_block(vpc, &[b("10.0.0.0/20")], 24), Some(b("10.0.16.0/24")));
        // An empty VPC: its first block.
        assert_eq!(next_free_block(vpc, &[], 24), Some(b("10.0.0.0/24")));
        // Blocks outside the VPC are ignored.
        assert_eq!(next_free_block(vpc, &[b("192.168.0.0/24")], 24), Some(b("10.0.0.0/24")));
    }

    #[test]
    fn next_block_fills_a_gap_when_the_end_is_full() {
        // A /24 VPC cut into /26s: 256 / 64 = 4 blocks at .0, .64, .128, .192. The last is used,
        // so nothing follows it; the lowest free block is .64 (.0 is used too).
        let vpc = b("10.1.0.0/24");
        assert_eq!(next_free_block(vpc, &[b("10.1.0.0/26"), b("10.1.0.192/26")], 26), Some(b("10.1.0.64/26")));
        // All four used: full.
        let all = [b("10.1.0.0/26"), b("10.1.0.64/26"), b("10.1.0.128/26"), b("10.1.0.192/26")];
        assert_eq!(next_free_block(vpc, &all, 26), None);
        // A block larger than the VPC never fits.
        assert_eq!(next_free_block(vpc, &[], 23), None);
        // An unaligned /25 used at .64–.191 (written 10.1.0.64/25 it is 10.1.0.0/25 after masking,
        // so use two /26s): .128/26 used, .192/26 after it is free.
        assert_eq!(next_free_block(vpc, &[b("10.1.0.128/26")], 26), Some(b("10.1.0.192/26")));
    }

    #[test]
    fn next_block_skips_a_larger_block_in_the_way() {
        // Used: 10.0.0.0/24 (highest end 10.0.0.255 → next /24 at 10.0.1.0) but 10.0.0.0/23
        // also covers 10.0.1.0–10.0.1.255 and ends later: the highest end is 10.0.1.255, so
        // the next /24 is 10.0.2.0.
        let vpc = b("10.0.0.0/16");
        assert_eq!(next_free_block(vpc, &[b("10.0.0.0/24"), b("10.0.0.0/23")], 24), Some(b("10.0.2.0/24")));
    }

    #[test]
    fn default_sizes() {
        assert_eq!(default_subnet_len(16), 24); // /16 + 4 = /20 → at least /24
        assert_eq!(default_subnet_len(22), 26); // /22 + 4 = /26
        assert_eq!(default_subnet_len(26), 28); // /30 is smaller than AWS allows: /28
        assert_eq!(default_subnet_len(28), 28);
    }
}
