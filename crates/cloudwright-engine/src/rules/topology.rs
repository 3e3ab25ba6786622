//! The graph analysis every rule reads, computed once per check.
//!
//! A design is two graphs at once: containment (region > VPC > AZ > subnet > node) and
//! connections (who calls whom). Most questions the seed articles ask need both:
//! "can the internet reach this database without passing the app tier?" walks connections
//! from the entry points, "can this task reach ECR?" needs its subnet's route, its VPC's NAT
//! gateways and endpoints. [`Topology`] answers them all in one pass over the design
//! (O((nodes + connections) · log n)) so 1,000-node designs check in milliseconds.

use crate::catalog::{self, Role};
use crate::graph::Index;
use crate::model::{ConnId, ConnKind, Connection, Design, Node, NodeId};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A subnet's tier, as the architect set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SubnetTier {
    Public,
    Private,
    Isolated,
}

impl SubnetTier {
    pub fn name(self) -> &'static str {
        match self {
            SubnetTier::Public => "public",
            SubnetTier::Private => "private",
            SubnetTier::Isolated => "isolated",
        }
    }
}

/// Where a subnet's default route points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Igw,
    Nat,
    None,
}

/// Where `subnet`'s default route points: its `route_out` property, or with `auto` its tier
/// (public → internet gateway, private → NAT, isolated → none). The one reading of
/// `route_out`: the rules, the traffic model and both IaC exporters call it.
pub fn subnet_route(d: &Design, subnet: &Node) -> Route {
    match d.text_ref(subnet, "route_out") {
        "igw" => Route::Igw,
        "nat" => Route::Nat,
        "none" => Route::None,
        _ => match subnet_tier(d, subnet) {
            SubnetTier::Public => Route::Igw,
            SubnetTier::Private => Route::Nat,
            SubnetTier::Isolated => Route::None,
        },
    }
}

/// Why the internet cannot open a connection to a node ([`Topology::internet_reach`]).
#[derive(Clone, Copy, Debug)]
pub enum Unreachable<'d> {
    /// Private addresses only, wherever it sits: the reason in words ("its scheme is internal").
    Internal(&'static str),
    /// In this subnet, whose route table does not lead to the internet gateway (the route).
    NoRoute(&'d Node, Route),
    /// In this public subnet without a public address: the catalog key of the switch that is off.
    NoPublicAddress(&'d Node, &'static str),
}

/// Where a node sits, resolved once.
#[derive(Clone, Debug)]
pub struct Place<'d> {
    pub subnet: Option<&'d Node>,
    pub tier: Option<SubnetTier>,
    pub az: Option<&'d Node>,
    pub vpc: Option<&'d Node>,
    /// Region code.
    pub region: &'d str,
}

/// How a workload inside a VPC reaches the internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Egress<'d> {
    /// Its subnet routes to an internet gateway (a public subnet).
    Igw,
    /// Through this NAT gateway.
    Nat(&'d NodeId),
    /// No working route out.
    None,
}

/// How a VPC workload reaches a regional AWS service it talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access<'d> {
    /// Through a VPC endpoint (gateway or interface): stays on the AWS network.
    Endpoint(&'d NodeId),
    /// Through a NAT gateway: works, but every GB pays NAT processing.
    Nat(&'d NodeId),
    /// Over the internet gateway (public subnet).
    Igw,
    /// No path at all: the calls fail.
    None,
}

/// One VPC workload talking to one AWS service outside the VPC.
#[derive(Clone, Debug)]
pub struct ServiceUse<'d> {
    pub workload: &'d NodeId,
    pub service: &'d NodeId,
    /// Service key matching the endpoint's `service` property (`s3`, `ecr`, `other`, ...).
    pub key: &'static str,
    pub conn: &'d ConnId,
    pub access: Access<'d>,
}

/// Nodes of one kind that stand in for each other (same kind, same callers): the unit whose
/// AZ spread and capacity decide whether it is a single point of failure.
#[derive(Clone, Debug)]
pub struct Tier<'d> {
    pub kind: &'d str,
    pub members: Vec<&'d NodeId>,
    /// Availability Zones the tier spans (1 = one AZ takes it down).
    pub azs: usize,
    /// Instances/tasks in total (1 = one failure takes it down).
    pub capacity: f64,
    /// Whether an entry point reaches it through synchronous calls.
    pub on_request_path: bool,
}

/// How a node is reached from an entry point.
#[derive(Clone, Debug)]
pub struct Reach<'d> {
    pub entry: &'d NodeId,
    /// Connections from the entry to the node, in order (empty for direct ingress).
    pub path: Vec<&'d ConnId>,
}

/// The analysis. What a view may draw is public: fields, and the tables kept by position
/// through accessors (exposed nodes, chains).
pub struct Topology<'d> {
    pub design: &'d Design,
    pub index: Index<'d>,
    /// Where each node sits, by position ([`Index::pos`]).
    place: Vec<Place<'d>>,
    pub by_kind: BTreeMap<&'d str, Vec<&'d Node>>,
    /// Internet users and on-premises sites: where requests come from.
    pub entries: Vec<&'d NodeId>,
    /// The entries' positions, in the order of `entries`.
    entry_pos: Vec<usize>,
    /// Every node an entry point reaches through synchronous calls (or containment, or an
    /// ingress rule open to the world), by position: how it was first reached (shortest path).
    /// Read through [`Topology::exposed`], [`Topology::exposed_from`], [`Topology::exposed_nodes`].
    exposed: Vec<Option<Seen<'d>>>,
    /// Nodes an entry reaches without passing through application code (compute), by
    /// position ([`Topology::reached_around_app`]).
    around_app: Vec<Option<Seen<'d>>>,
    /// Nodes an entry reaches without passing through an API gateway, by position
    /// ([`Topology::reached_around_api`]).
    around_api: Vec<Option<Seen<'d>>>,
    /// Each subnet's route ([`subnet_route`]: two property reads), by position, worked out
    /// the first time it is asked for: the egress pass and the network rules ask it per
    /// workload in the subnet.
    routes: Vec<std::cell::OnceCell<Route>>,
    /// Internet egress of every workload inside a VPC, by position (`None`: not such a
    /// workload; [`Topology::egress_of`], [`Topology::egresses`]).
    egress: Vec<Option<Egress<'d>>>,
    pub service_uses: Vec<ServiceUse<'d>>,
    pub tiers: Vec<Tier<'d>>,
    /// Regions holding compute, data or entry infrastructure.
    pub regions: BTreeSet<String>,
    /// Data stores with a copy in another region.
    pub cross_region_copies: BTreeSet<&'d NodeId>,
    /// Longest synchronous chain (in connections) starting at each node, by position
    /// ([`Topology::chain_depth`]).
    chain_depth: Vec<usize>,
    /// First hop of each node's longest synchronous chain, by position ([`Index::pos`]).
    chain_next: Vec<Option<&'d Connection>>,
    /// Strongly connected groups of the sync graph: call cycles.
    pub sync_cycles: Vec<Vec<&'d NodeId>>,
    /// The first VPC endpoint (in id order) per (gateway endpoint?, VPC, `service`): what
    /// [`Topology::endpoint_for`] answers, found once per design instead of a scan of every
    /// endpoint (and a copy of its `service` text) per workload and service.
    endpoints: rustc_hash::FxHashMap<(bool, &'d NodeId, &'d str), &'d NodeId>,
    /// Each VPC's AZs that hold a subnet ([`crate::zones::HostingAzs`]): the containers' one,
    /// shared (worked out with them, once per analysis).
    hosting: std::sync::Arc<crate::zones::HostingAzs<'d>>,
    /// The capacity analysis's findings at ×1 (the `cap.*` rules read them), computed on first
    /// use, or handed over by a shared [`crate::analysis::Context`] from its capacity plan.
    pub(crate) capacity_findings: std::cell::OnceCell<Vec<crate::capacity::CapacityFinding>>,
    /// The traffic at ×1 (rules that weigh volumes read it), computed on first use, or shared
    /// by an analysis context.
    pub(crate) traffic: std::cell::OnceCell<std::sync::Arc<crate::traffic::Traffic>>,
}

/// What analyses treat a kind as. Our own table for the kinds in the catalog plan, so rules
/// do not change behaviour while the catalog grows; unknown kinds fall back to the catalog.
pub fn role_of(kind: &str) -> Option<Role> {
    Some(match kind {
        "users" | "on-premises" | "external-api" => Role::Client,
        "region" | "vpc" | "az" | "subnet" => Role::Container,
        "internet-gateway" | "nat-gateway" | "vpc-endpoint-gateway" | "vpc-endpoint-interface" | "elastic-ip" | "vpc-link" | "transit-gateway" => {
            Role::NetworkDevice
        }
        "alb" | "nlb" => Role::LoadBalancer,
        "route53" | "cloudfront" | "waf" => Role::Edge,
        "api-gateway" => Role::Api,
        "ec2" | "asg" | "ecs-service" | "eks-nodegroup" | "fargate-profile" | "lambda" => Role::Compute,
        "ecs-cluster" | "eks-cluster" | "karpenter" | "ecr" | "cloud-map" | "service-mesh" => Role::Platform,
        "rds" | "aurora" | "dynamodb" | "s3" | "efs" | "ebs" => Role::DataStore,
        "elasticache" => Role::Cache,
        "sqs" | "sns" | "eventbridge" | "step-functions" | "kinesis" => Role::Messaging,
        "cognito" | "secrets-manager" | "kms" | "acm" => Role::Security,
        "cloudwatch" | "xray" => Role::Observability,
        "sagemaker-endpoint" | "sagemaker-training" | "bedrock" => Role::Ml,
        other => return catalog::kind(other).map(|k| k.role),
    })
}

/// Runs application code: the "app tier".
pub fn is_app(kind: &str) -> bool {
    matches!(kind, "ec2" | "asg" | "ecs-service" | "eks-nodegroup" | "fargate-profile" | "lambda" | "ecs-cluster" | "eks-cluster")
        || (role_of(kind) == Some(Role::Compute))
}

/// A database or cache: must sit in an isolated tier behind the app tier. Object storage
/// (S3) and block volumes (EBS) are data too, but are served or attached differently.
pub fn is_database(kind: &str) -> bool {
    match kind {
        "rds" | "aurora" | "dynamodb" | "elasticache" | "efs" => true,
        "s3" | "ebs" => false,
        k => matches!(role_of(k), Some(Role::DataStore | Role::Cache)),
    }
}

/// Workloads that run in a VPC and make calls out of it.
pub fn is_vpc_workload(kind: &str) -> bool {
    matches!(kind, "ec2" | "asg" | "ecs-service" | "eks-nodegroup" | "fargate-profile" | "lambda" | "sagemaker-endpoint" | "sagemaker-training")
        || role_of(kind) == Some(Role::Compute)
}

/// Kinds with a "publicly accessible" switch (RDS, Aurora): without it on, and a public subnet,
/// an ingress rule open to the internet does not reach them (they have no public address).
pub fn has_public_access_flag(kind: &str) -> bool {
    matches!(kind, "rds" | "aurora")
}

/// Whether a node's ingress rules open to the internet actually reach it: always, except for
/// databases with a public-access switch, which need it on and a public subnet.
fn world_reachable(d: &Design, n: &Node, tier: Option<SubnetTier>) -> bool {
    !has_public_access_flag(&n.kind) || (d.flag(n, "publicly_accessible") && tier == Some(SubnetTier::Public))
}

/// See [`catalog::endpoint_service`].
pub fn service_key(kind: &str) -> Option<&'static str> {
    crate::catalog::endpoint_service(kind)
}

/// Whether an ingress CIDR is inside the private ranges ([`catalog::IpBlock::is_private`]):
/// RFC 1918, IPv6 unique local (fc00::/7), link-local and loopback. `0.0.0.0/0`, `::/0` and
/// public blocks are the internet, as is anything unreadable.
pub fn is_private_cidr(cidr: &str) -> bool {
    catalog::parse_ingress_cidr(cidr).is_ok_and(|b| b.is_private())
}

/// Range of addresses [first, last] of a CIDR.
pub fn cidr_range(cidr: &str) -> Option<(u64, u64)> {
    let (ip, len) = catalog::parse_cidr(cidr).ok()?;
    let size = 1u64 << (32 - len as u32);
    Some((ip as u64, ip as u64 + size - 1))
}

impl<'d> Topology<'d> {
    pub fn new(design: &'d Design) -> Self {
        let index = Index::new(design);
        let containers = crate::graph::Containers::new(design, index.positions());
        Topology::with_index(design, index, &containers)
    }

    /// [`Topology::new`] with the design's containers already worked out (an analysis
    /// context's).
    pub(crate) fn with_containers(design: &'d Design, containers: &crate::graph::Containers<'d>) -> Self {
        Topology::with_index(design, Index::new(design), containers)
    }

    /// [`Topology::new`] on a graph index of the design and its containers, both built already.
    pub(crate) fn with_index(design: &'d Design, index: Index<'d>, containers: &crate::graph::Containers<'d>) -> Self {
        // Grouped by one hash of the kind per node (an ordered map's search compares the kind
        // with several others per node), then ordered: each kind's nodes in id order. The
        // passes below read kinds from the index's table by position (`Index::kind_at`), not
        // from each node on the heap.
        let mut grouped: rustc_hash::FxHashMap<&str, Vec<&Node>> = rustc_hash::FxHashMap::default();
        for (p, &n) in index.nodes.iter().enumerate() {
            grouped.entry(index.kind_at(p)).or_default().push(n);
        }
        let by_kind: BTreeMap<&str, Vec<&Node>> = grouped.into_iter().collect();
        let place = places(design, containers);
        let mut t = Topology {
            design,
            index,
            place,
            by_kind,
            entries: Vec::new(),
            entry_pos: Vec::new(),
            exposed: Vec::new(),
            around_app: Vec::new(),
            around_api: Vec::new(),
            routes: vec![std::cell::OnceCell::new(); design.nodes.len()],
            egress: Vec::new(),
            service_uses: Vec::new(),
            tiers: Vec::new(),
            regions: BTreeSet::new(),
            cross_region_copies: BTreeSet::new(),
            chain_depth: Vec::new(),
            chain_next: Vec::new(),
            sync_cycles: Vec::new(),
            endpoints: rustc_hash::FxHashMap::default(),
            hosting: containers.hosting.clone(),
            capacity_findings: std::cell::OnceCell::new(),
            traffic: std::cell::OnceCell::new(),
        };
        t.entry_pos = (0..t.index.nodes.len()).filter(|&i| matches!(t.index.kind_at(i), "users" | "on-premises")).collect();
        t.entries = t.entry_pos.iter().map(|&i| &t.index.nodes[i].id).collect();
        t.endpoints = t.endpoint_table();
        t.reachability();
        t.egress_and_services();
        t.build_tiers();
        t.regions_and_copies();
        t.sync_chains();
        t
    }

    // ------------------------------------------------------------------ lookups

    /// The node with this id: one hash of the id ([`Index::pos`]), not a search of the
    /// design's ordered map (ids share long prefixes: each comparison is a `memcmp`).
    pub fn node(&self, id: &NodeId) -> Option<&'d Node> {
        self.index.pos(id).map(|i| self.index.nodes[i])
    }
    /// Every node with its kind, in id order (the design's order): the kind from the index's
    /// table ([`Index::kind_at`], the same text as `node.kind`), so a pass that tests kinds
    /// reads only the nodes it keeps. Walking `design.nodes` read every node and its kind's
    /// text on the heap: at 5,000 nodes they are scattered over more than a 2 MB cache
    /// holds, and each such pass missed once or twice per node (s45-core5000, callgrind).
    pub fn nodes_and_kinds(&self) -> impl Iterator<Item = (&'d Node, &'d str)> + '_ {
        self.index.nodes.iter().enumerate().map(|(p, &n)| (n, self.index.kind_at(p)))
    }
    pub fn of_kind(&self, kind: &str) -> &[&'d Node] {
        self.by_kind.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
    /// The capacity analysis's findings at the design's own traffic.
    pub fn capacity_findings(&self) -> &[crate::capacity::CapacityFinding] {
        self.capacity_findings.get_or_init(|| crate::capacity::Plan::new(self.design).findings(1.0))
    }
    /// The design's traffic at its own volumes.
    pub fn traffic(&self) -> &crate::traffic::Traffic {
        self.traffic.get_or_init(|| std::sync::Arc::new(crate::traffic::traffic(self.design)))
    }
    pub fn has_kind(&self, kind: &str) -> bool {
        !self.of_kind(kind).is_empty()
    }
    pub fn place_of(&self, id: &NodeId) -> Option<&Place<'d>> {
        self.index.pos(id).map(|i| &self.place[i])
    }
    /// [`Topology::place_of`] by position ([`Index::nodes`]): no id hashed, for the rules
    /// that walk every node.
    pub(crate) fn place_at(&self, p: usize) -> &Place<'d> {
        &self.place[p]
    }
    pub fn tier_of(&self, id: &NodeId) -> Option<SubnetTier> {
        self.place_of(id).and_then(|p| p.tier)
    }
    pub fn vpc_of(&self, id: &NodeId) -> Option<&'d Node> {
        self.place_of(id).and_then(|p| p.vpc)
    }
    pub fn region_of(&self, id: &NodeId) -> &str {
        self.place_of(id).map(|p| p.region).unwrap_or(self.design.region.as_str())
    }
    /// Incoming connections of one kind.
    pub fn inc(&self, id: &NodeId, kind: ConnKind) -> impl Iterator<Item = &'d Connection> + '_ {
        self.index.inc(id).iter().copied().filter(move |c| c.kind == kind)
    }
    /// Outgoing connections of one kind.
    pub fn out(&self, id: &NodeId, kind: ConnKind) -> impl Iterator<Item = &'d Connection> + '_ {
        self.index.out(id).iter().copied().filter(move |c| c.kind == kind)
    }
    /// Any connection, either direction, between `id` and a node of `kind`.
    pub fn linked_kinds(&self, id: &NodeId) -> impl Iterator<Item = (&'d Connection, &'d Node)> + '_ {
        let p = self.index.pos(id);
        p.into_iter().flat_map(move |p| self.linked_at(p)).map(|(c, o)| (self.index.conns[c], self.index.nodes[o]))
    }
    /// [`Topology::linked_kinds`] by position: each connection (its place in
    /// [`Index::conns`]) and the other end's position, outgoing then incoming, each in
    /// connection id order.
    fn linked_at(&self, p: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let outs = self.index.out_ends_at(p).filter_map(|(c, to)| Some((c, to?)));
        let ins = self.index.inc_ends_at(p).filter_map(|(c, from)| Some((c, from?)));
        outs.chain(ins)
    }
    /// Nodes inside a VPC (at any depth).
    pub fn in_vpc(&self, vpc: &NodeId) -> impl Iterator<Item = &'d Node> + '_ {
        let vpc = vpc.clone();
        self.index.nodes.iter().zip(&self.place).filter(move |(_, p)| p.vpc.is_some_and(|v| v.id == vpc)).map(|(n, _)| *n)
    }
    /// Each VPC's hosting AZs (the AZs holding a subnet): the one answer [`crate::zones`] gives.
    pub fn hosting_azs(&self) -> &crate::zones::HostingAzs<'d> {
        &self.hosting
    }
    /// Nodes of one kind inside a VPC.
    pub fn in_vpc_kind(&self, vpc: &NodeId, kind: &str) -> Vec<&'d Node> {
        self.of_kind(kind).iter().copied().filter(|n| self.vpc_of(&n.id).map(|v| &v.id == vpc).unwrap_or(false)).collect()
    }
    /// A subnet's own tier.
    pub fn tier_of_subnet(&self, subnet: &Node) -> SubnetTier {
        subnet_tier(self.design, subnet)
    }
    pub fn is_exposed(&self, id: &NodeId) -> bool {
        self.index.pos(id).is_some_and(|i| self.exposed[i].is_some())
    }
    /// How an entry point reaches a node through synchronous calls (or containment, or an
    /// ingress rule open to the world): the first path found (shortest). `None`: not exposed.
    pub fn exposed(&self, id: &NodeId) -> Option<Reach<'d>> {
        self.reach(&self.exposed, id)
    }
    /// The entry point (users or an on-premises site) that reaches a node first, without
    /// writing out the path ([`Topology::exposed`]).
    pub fn exposed_from(&self, id: &NodeId) -> Option<&'d Node> {
        let (entry, _) = self.exposed[self.index.pos(id)?]?;
        Some(self.index.nodes[entry])
    }
    /// Every exposed node, in id order.
    pub fn exposed_nodes(&self) -> impl Iterator<Item = &'d Node> + '_ {
        self.index.nodes.iter().zip(&self.exposed).filter(|(_, s)| s.is_some()).map(|(n, _)| *n)
    }
    /// How an entry reaches a node without passing through application code (compute).
    pub fn reached_around_app(&self, id: &NodeId) -> Option<Reach<'d>> {
        self.reach(&self.around_app, id)
    }
    /// How an entry reaches a node without passing through an API gateway.
    pub fn reached_around_api(&self, id: &NodeId) -> Option<Reach<'d>> {
        self.reach(&self.around_api, id)
    }
    /// A workload's internet egress (`None`: not a workload inside a VPC).
    pub fn egress_of(&self, id: &NodeId) -> Option<Egress<'d>> {
        self.egress[self.index.pos(id)?]
    }
    /// Every workload inside a VPC with its internet egress, in id order.
    pub fn egresses(&self) -> impl Iterator<Item = (&'d NodeId, Egress<'d>)> + '_ {
        self.index.nodes.iter().zip(&self.egress).filter_map(|(n, e)| Some((&n.id, (*e)?)))
    }
    /// The longest synchronous chain starting at a node, in connections (`None`: no such node).
    pub fn chain_depth(&self, id: &NodeId) -> Option<usize> {
        self.index.pos(id).map(|i| self.chain_depth[i])
    }
    /// The path to the node with this id in one search's table: its entry, and the
    /// connections taken from it, rebuilt from the predecessors (only for what a finding
    /// names: a search reaches most nodes, the rules write out few paths).
    fn reach(&self, seen: &[Option<Seen<'d>>], id: &NodeId) -> Option<Reach<'d>> {
        let i = self.index.pos(id)?;
        let (entry, _) = seen[i]?;
        let mut path = Vec::new();
        let mut cur = i;
        let mut guard = 0;
        while let Some((_, Some((pred, cid)))) = seen[cur] {
            path.push(cid);
            cur = pred;
            guard += 1;
            if guard > seen.len() {
                break;
            }
        }
        path.reverse();
        Some(Reach { entry: &self.index.nodes[entry].id, path })
    }
    /// The longest synchronous chain starting at a node, as connections in call order.
    pub fn chain_from(&self, id: &NodeId) -> Vec<&'d Connection> {
        let mut out = Vec::new();
        let mut seen: rustc_hash::FxHashSet<&ConnId> = rustc_hash::FxHashSet::default();
        let mut cur = id;
        while let Some(c) = self.index.pos(cur).and_then(|i| self.chain_next[i]) {
            if !seen.insert(&c.id) {
                break;
            }
            out.push(c);
            cur = &c.to;
        }
        out
    }
    /// Whether a subnet's route table sends traffic to the internet gateway / NAT / nowhere.
    pub fn route_of(&self, subnet: &Node) -> Route {
        match self.index.pos(&subnet.id).filter(|&p| std::ptr::eq(self.index.nodes[p], subnet)) {
            Some(p) => *self.routes[p].get_or_init(|| subnet_route(self.design, subnet)),
            // Not this design's node: read it.
            None => subnet_route(self.design, subnet),
        }
    }
    /// Whether the internet can open a connection to a node: the one answer every rule that
    /// asks "is this internet-facing?" uses. `Ok(())`: reachable (an edge or regional service
    /// with a public endpoint, an internet-facing load balancer, a public API, an instance with
    /// a public address in a public subnet). `Err`: why not. The scheme comes first (an
    /// internal load balancer or a private API has only private addresses wherever it sits),
    /// then the subnet's route (no route to the internet gateway, no way in), then the public
    /// address for the kinds that have a switch for it (`public_ip`, `publicly_accessible`);
    /// kinds without such a switch in a public subnet (a group, a node group) are taken as
    /// reachable, since their addresses come from a launch template the design does not model.
    pub fn internet_reach(&self, n: &'d Node) -> Result<(), Unreachable<'d>> {
        let d = self.design;
        match n.kind.as_str() {
            "alb" | "nlb" if !d.flag(n, "internet_facing") => return Err(Unreachable::Internal("its scheme is internal")),
            "api-gateway" if d.text_ref(n, "endpoint") == "private" => return Err(Unreachable::Internal("its endpoint type is private")),
            _ => {}
        }
        let subnet = if n.kind == "subnet" { Some(n) } else { self.place_of(&n.id).and_then(|p| p.subnet) };
        let Some(s) = subnet else { return Ok(()) };
        match self.route_of(s) {
            Route::Igw => {}
            route => return Err(Unreachable::NoRoute(s, route)),
        }
        let switch = match n.kind.as_str() {
            "ec2" | "ecs-service" if !d.flag(n, "public_ip") => "public_ip",
            k if has_public_access_flag(k) && !d.flag(n, "publicly_accessible") => "publicly_accessible",
            _ => return Ok(()),
        };
        Err(Unreachable::NoPublicAddress(s, switch))
    }
    /// Whether a VPC has an internet gateway.
    pub fn vpc_has_igw(&self, vpc: &NodeId) -> bool {
        self.of_kind("internet-gateway").iter().any(|g| self.vpc_of(&g.id).map(|v| &v.id == vpc).unwrap_or(false))
    }
    /// NAT gateways of a VPC that reach the internet: public NAT gateways (a private one has
    /// no public address) placed in a public subnet of a VPC with an IGW.
    pub fn working_nats(&self, vpc: &NodeId) -> Vec<&'d Node> {
        if !self.vpc_has_igw(vpc) {
            return Vec::new();
        }
        self.of_kind("nat-gateway")
            .iter()
            .copied()
            .filter(|n| {
                let p = self.place_of(&n.id);
                p.and_then(|p| p.vpc).map(|v| &v.id == vpc).unwrap_or(false)
                    && p.and_then(|p| p.tier) == Some(SubnetTier::Public)
                    && self.design.text_ref(n, "connectivity") != "private"
            })
            .collect()
    }
    /// Sync callers of a node.
    pub fn sync_callers(&self, id: &NodeId) -> Vec<&'d Node> {
        self.inc(id, ConnKind::Sync).filter_map(|c| self.node(&c.from)).collect()
    }

    // ------------------------------------------------------------------ reachability

    fn reachability(&mut self) {
        let d = self.design;
        // Direct exposure: an ingress rule open to a non-private CIDR makes a node reachable
        // from the internet whatever the connections say.
        let world: Vec<usize> = self
            .index
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| n.ingress.iter().any(|g| !is_private_cidr(&g.cidr)) && world_reachable(d, n, self.place[*i].tier))
            .map(|(i, _)| i)
            .collect();
        self.exposed = self.bfs(&world, |_| false, |_| false);
        self.around_app = self.bfs(&[], is_app, |_| false);
        self.around_api = self.bfs(&[], |_| false, |k| k == "api-gateway");
    }

    /// Multi-source BFS over synchronous connections from the entry points (and the nodes at
    /// positions `extra`, reached directly). `stop(kind)`: reach a node of that kind but do not
    /// continue past it. `block(kind)`: never enter a node of that kind. Reaching a container
    /// reaches everything inside it.
    ///
    /// Works on positions with flat arrays (no string-keyed lookups in the loop); the answer
    /// is per position: the entry that reached the node and the step it was reached by (its
    /// path is rebuilt from these when asked, [`Topology::reach`]). Each node's connections
    /// are taken in reverse id order: the order a petgraph digraph of them listed them in,
    /// which decides which of several equally short paths is found.
    ///
    /// Kinds are read from the index's tables (`Index::kind_at`, `Index::conn_kinds`), never
    /// from the nodes and connections on the heap: at 5,000 nodes those do not stay in a 2 MB
    /// cache between the three searches, and reading each connection for its kind and each
    /// reached node for its kind missed once or twice per step (s45-core5000, callgrind).
    fn bfs(&self, extra: &[usize], stop: impl Fn(&str) -> bool, block: impl Fn(&str) -> bool) -> Vec<Option<Seen<'d>>> {
        let idx = &self.index;
        let n = idx.nodes.len();
        // Per reached node: (entry position, predecessor position and the connection taken).
        let mut seen: Vec<Option<Seen<'d>>> = vec![None; n];
        let mut is_entry = vec![false; n];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for &i in &self.entry_pos {
            seen[i] = Some((i, None));
            is_entry[i] = true;
            queue.push_back(i);
        }
        for &i in extra {
            if seen[i].is_some() || block(idx.kind_at(i)) {
                continue;
            }
            seen[i] = Some((i, None));
            queue.push_back(i);
        }
        let conn_kinds = idx.conn_kinds();
        while let Some(cur) = queue.pop_front() {
            if !is_entry[cur] && stop(idx.kind_at(cur)) {
                continue;
            }
            let entry = seen[cur].map(|s| s.0).unwrap_or(cur);
            for (c, to) in idx.out_ends_at(cur).rev() {
                if conn_kinds[c] != ConnKind::Sync {
                    continue;
                }
                let Some(to) = to else { continue };
                let to_kind = idx.kind_at(to);
                if seen[to].is_some() || block(to_kind) {
                    continue;
                }
                // The connection's id by address: the connection itself is not read.
                let cid: &'d ConnId = &idx.conns[c].id;
                seen[to] = Some((entry, Some((cur, cid))));
                queue.push_back(to);
                // Containment: a connection into a container reaches what it holds.
                if role_of(to_kind) == Some(Role::Container) {
                    for i in idx.descendants_at(to) {
                        if seen[i].is_none() && !block(idx.kind_at(i)) {
                            seen[i] = Some((entry, Some((cur, cid))));
                            queue.push_back(i);
                        }
                    }
                }
            }
        }
        seen
    }

    // ------------------------------------------------------------------ egress and AWS services

    fn egress_and_services(&mut self) {
        let mut egress: Vec<Option<Egress<'d>>> = vec![None; self.index.nodes.len()];
        // The working NAT gateways of each VPC, found once per VPC.
        let mut nats_of: rustc_hash::FxHashMap<&'d NodeId, Vec<&'d Node>> = rustc_hash::FxHashMap::default();
        for i in 0..self.index.nodes.len() {
            if !is_vpc_workload(self.index.kind_at(i)) {
                continue;
            }
            let p = &self.place[i];
            let Some(vpc) = p.vpc else { continue };
            let nats = nats_of.entry(&vpc.id).or_insert_with(|| self.working_nats(&vpc.id));
            egress[i] = Some(self.egress_at(vpc, p.az, p.subnet, nats));
        }
        let mut uses = Vec::new();
        // In position order, which is id order.
        for (i, e) in egress.iter().enumerate() {
            let Some(e) = *e else { continue };
            let Some(vpc) = self.place[i].vpc else { continue };
            let w = &self.index.nodes[i].id;
            // Kinds and ends from the index's tables: only the connections kept are read
            // (for their ids, by address), not every linked connection and node on the heap.
            let (conn_kinds, ends) = (self.index.conn_kinds(), self.index.ends());
            for (ci, o) in self.linked_at(i) {
                if conn_kinds[ci] == ConnKind::Replication {
                    continue;
                }
                let other_kind = self.index.kind_at(o);
                let Some(key) = service_key(other_kind) else { continue };
                // The service must live outside the VPC (a VPC-attached Lambda is not an API call).
                if self.place[o].vpc.is_some() {
                    continue;
                }
                // Direction: calls from the workload (its start is the workload: `c.from == w`),
                // and queues/streams it polls.
                let outbound = ends[ci].0 == Some(i);
                let polled = !outbound && matches!(other_kind, "sqs" | "kinesis") && self.index.kind_at(i) != "lambda";
                if !outbound && !polled {
                    continue;
                }
                let (c, other) = (self.index.conns[ci], self.index.nodes[o]);
                let access = match self.endpoint_for(&vpc.id, key) {
                    Some(ep) => Access::Endpoint(ep),
                    None => match e {
                        Egress::Nat(g) => Access::Nat(g),
                        Egress::Igw => Access::Igw,
                        Egress::None => Access::None,
                    },
                };
                uses.push(ServiceUse { workload: w, service: &other.id, key, conn: &c.id, access });
            }
        }
        self.egress = egress;
        self.service_uses = uses;
    }

    /// The internet egress of a VPC workload in `subnet` of the VPC `vpc` (None: placed at the
    /// VPC's level), in the AZ `az`, where `nats` are the VPC's working NAT gateways
    /// ([`Topology::working_nats`]). The one answer: the workloads' own egress
    /// ([`Topology::egress_of`]) and where a moved one would stand ([`Topology::egress_in`]).
    fn egress_at(&self, vpc: &'d Node, az: Option<&'d Node>, subnet: Option<&'d Node>, nats: &[&'d Node]) -> Egress<'d> {
        // Prefer the NAT gateway in the workload's own AZ (that is what a per-AZ route
        // table does); otherwise any NAT of the VPC.
        let pick_nat = || -> Option<&'d NodeId> {
            let own_az = az.map(|a| &a.id);
            nats.iter().find(|g| self.place_of(&g.id).and_then(|q| q.az).map(|a| &a.id) == own_az).or(nats.first()).map(|g| &g.id)
        };
        match subnet {
            Some(s) => match self.route_of(s) {
                Route::Igw if self.vpc_has_igw(&vpc.id) => Egress::Igw,
                Route::Nat => pick_nat().map(Egress::Nat).unwrap_or(Egress::None),
                _ => Egress::None,
            },
            // Placed at VPC level: runs in the VPC's private subnets.
            None => pick_nat().map(Egress::Nat).unwrap_or(Egress::None),
        }
    }

    /// The internet egress a VPC workload would have in the subnet `subnet` (QA s33 F3: where a
    /// moved workload is sent, the drop asks whether it keeps a way out). None: not a subnet
    /// of this design inside a VPC.
    pub fn egress_in(&self, subnet: &NodeId) -> Option<Egress<'d>> {
        let s = self.node(subnet).filter(|s| s.kind == "subnet")?;
        let p = self.place_of(subnet)?;
        let vpc = p.vpc?;
        Some(self.egress_at(vpc, p.az, Some(s), &self.working_nats(&vpc.id)))
    }

    /// The VPC endpoint that carries traffic for a service key, if the VPC has one.
    pub fn endpoint_for(&self, vpc: &NodeId, key: &str) -> Option<&'d NodeId> {
        let gateway = matches!(key, "s3" | "dynamodb");
        self.endpoints.get(&(gateway, vpc, key)).copied()
    }

    /// The table [`Topology::endpoint_for`] reads: for each endpoint kind, the endpoints
    /// inside a VPC in id order, the first one per (VPC, service) kept.
    fn endpoint_table(&self) -> rustc_hash::FxHashMap<(bool, &'d NodeId, &'d str), &'d NodeId> {
        let mut table = rustc_hash::FxHashMap::default();
        for (gateway, kind) in [(true, "vpc-endpoint-gateway"), (false, "vpc-endpoint-interface")] {
            for ep in self.of_kind(kind).iter().copied() {
                let Some(vpc) = self.vpc_of(&ep.id) else { continue };
                table.entry((gateway, &vpc.id, self.design.text_ref(ep, "service"))).or_insert(&ep.id);
            }
        }
        table
    }

    // ------------------------------------------------------------------ tiers (single points of failure)

    /// AZ spread of one node: explicit zones (by subnet) and counted zones (`az_count`,
    /// Multi-AZ flags). None: regional services AWS already spreads (Lambda, DynamoDB, S3).
    pub fn az_spread(&self, n: &Node) -> Option<(Option<(String, String)>, usize)> {
        self.az_spread_ref(n).map(|(zone, k)| (zone.map(|(region, z)| (region.to_string(), z.to_string())), k))
    }

    /// [`Topology::az_spread`] with the zone borrowed from the design: (region code, the AZ's
    /// `zone`, else its id). The tiers and the rules only compare and count zones: two
    /// copied texts per member were most of the tiers' cost.
    pub(crate) fn az_spread_ref(&self, n: &Node) -> Option<(Option<(&'d str, &'d str)>, usize)> {
        let d = self.design;
        let p = self.place_of(&n.id)?;
        let zone = p.az.map(|a| (p.region, { let z = d.text_ref(a, "zone"); if z.is_empty() { a.id.as_str() } else { z } }));
        // The VPC's hosting AZs, one when none hosts (`zones::HostingAzs::spread_count`, as
        // `zones::Zones` spreads): an AZ drawn with no subnet hosts nothing, so it adds no resilience.
        let vpc_azs = || p.vpc.map_or(1, |v| self.hosting_azs().spread_count(&v.id));
        match n.kind.as_str() {
            // Placed in one subnet per AZ (model::span): a fleet runs in each.
            _ if crate::model::span::spans(n) && crate::model::span::role(&n.kind) == Some(crate::model::span::SpanRole::Fleet) => {
                Some((zone, crate::model::span::placements(n).count()))
            }
            "lambda" | "dynamodb" | "s3" | "sqs" | "sns" => None,
            // Enabled per AZ: as many as `zones::az_count` says (the subnets it sits in, else
            // its count); in a single subnet, that subnet's AZ.
            "alb" | "nlb" | "asg" => {
                let k = crate::zones::az_count_in(d, self.hosting_azs(), n).map_or(1, |k| (k as usize).max(1));
                Some(if k == 1 && p.subnet.is_some() { (zone, 1) } else { (None, k) })
            }
            "rds" => Some((zone, if d.flag(n, "multi_az") { 2 } else { 1 })),
            "elasticache" => Some((zone, if d.flag(n, "multi_az") && d.num(n, "nodes") >= 2.0 { 2 } else { 1 })),
            "aurora" => Some((zone, if d.num(n, "instances") >= 2.0 { 2 } else { 1 })),
            _ if p.subnet.is_some() => Some((zone, 1)),
            _ if p.vpc.is_some() => Some((None, vpc_azs())),
            _ => None,
        }
    }

    /// Instances/tasks a node runs.
    pub fn capacity(&self, n: &Node) -> f64 {
        let d = self.design;
        match n.kind.as_str() {
            "ec2" => d.num(n, "count").max(1.0),
            "asg" => d.num(n, "max").max(d.num(n, "min")).max(1.0),
            "ecs-service" => {
                if d.text_ref(n, "sizing") == "traffic" { d.num(n, "min_tasks").max(1.0) } else { d.num(n, "tasks").max(1.0) }
            }
            "eks-nodegroup" => d.num(n, "count").max(1.0),
            "fargate-profile" => d.num(n, "pods").max(1.0),
            _ => 1.0,
        }
    }

    fn build_tiers(&mut self) {
        // A tier is what one caller spreads its calls over: the components of one kind it
        // calls (a load balancer's targets); a component nothing calls stands alone. A
        // component several callers call is in each one's tier. (Grouping by a component's
        // whole set of callers split a tier whenever one member got a caller of its own:
        // CloudFront drawn to one of two services behind an ALB made each service a one-AZ
        // tier, and both were flagged single-AZ; QA s19.) Tiers with the same members are one.
        // Members are pushed in position order, which is id order, so each list is sorted.
        let mut by_caller: rustc_hash::FxHashMap<(&'d str, &'d NodeId), Vec<&'d Node>> = rustc_hash::FxHashMap::default();
        let mut alone: Vec<(&'d str, &'d Node)> = Vec::new();
        // Kinds of nodes and connections from the index's tables; a caller's id is its node's
        // (the same text as the connection's `from`), so no connection is read but those of a
        // caller that is not a node of the design.
        let conn_kinds = self.index.conn_kinds();
        for (i, n) in self.index.nodes.iter().copied().enumerate() {
            let kind = self.index.kind_at(i);
            if !matches!(kind, "ec2" | "asg" | "ecs-service" | "eks-nodegroup" | "fargate-profile") {
                continue;
            }
            if self.place[i].vpc.is_none() {
                continue;
            }
            let mut callers: Vec<&'d NodeId> = self
                .index
                .inc_ends_at(i)
                .filter(|&(c, _)| matches!(conn_kinds[c], ConnKind::Sync | ConnKind::Async))
                .map(|(c, from)| match from {
                    Some(p) => &self.index.nodes[p].id,
                    None => &self.index.conns[c].from,
                })
                .collect();
            if callers.is_empty() {
                alone.push((kind, n));
                continue;
            }
            crate::order::sort(&mut callers);
            callers.dedup();
            for c in callers {
                by_caller.entry((kind, c)).or_default().push(n);
            }
        }
        // Distinct (kind, members), in that order (the order findings were made in before;
        // the rules sort them anyway).
        let mut groups: Vec<(&'d str, Vec<&'d Node>)> = by_caller.into_iter().map(|((k, _), m)| (k, m)).chain(alone.into_iter().map(|(k, n)| (k, vec![n]))).collect();
        crate::order::sort_by(&mut groups, |a, b| a.0.cmp(b.0).then_with(|| a.1.iter().map(|n| &n.id).cmp(b.1.iter().map(|n| &n.id))));
        groups.dedup_by(|a, b| a.0 == b.0 && a.1.iter().map(|n| &n.id).eq(b.1.iter().map(|n| &n.id)));
        for (kind, members) in groups {
            let mut zones = BTreeSet::new();
            let mut counted = 0usize;
            for m in &members {
                if let Some((z, c)) = self.az_spread_ref(m) {
                    if let Some(z) = z {
                        zones.insert(z);
                    }
                    counted = counted.max(c);
                }
            }
            let azs = zones.len().max(counted).max(1);
            let capacity = members.iter().map(|m| self.capacity(m)).sum();
            let on_request_path = members.iter().any(|m| self.is_exposed(&m.id));
            self.tiers.push(Tier { kind, members: members.iter().map(|m| &m.id).collect(), azs, capacity, on_request_path });
        }
    }

    // ------------------------------------------------------------------ regions

    fn regions_and_copies(&mut self) {
        let d = self.design;
        for (i, p) in self.place.iter().enumerate() {
            if matches!(role_of(self.index.kind_at(i)), Some(Role::Compute | Role::DataStore | Role::Cache | Role::Api | Role::LoadBalancer)) {
                // Copy a region's code once, not once per node in it.
                if !self.regions.contains(p.region) {
                    self.regions.insert(p.region.to_string());
                }
            }
        }
        // An end that is not a node is in the design's home region (what `region_of` says).
        let region_at = |p: Option<usize>| p.map(|i| self.place[i].region).unwrap_or(d.region.as_str());
        for ((c, &kind), &(from, to)) in self.index.conns.iter().zip(self.index.conn_kinds()).zip(self.index.ends()) {
            if kind == ConnKind::Replication && region_at(from) != region_at(to) {
                self.cross_region_copies.insert(&c.from);
                self.cross_region_copies.insert(&c.to);
            }
        }
        for (i, &n) in self.index.nodes.iter().enumerate() {
            let copied = match self.index.kind_at(i) {
                "s3" => d.flag(n, "replication"),
                "dynamodb" => d.flag(n, "global_tables"),
                "aurora" => d.flag(n, "global_database"),
                "rds" => d.flag(n, "cross_region_replica"),
                _ => false,
            };
            if copied {
                self.cross_region_copies.insert(&n.id);
            }
        }
    }

    // ------------------------------------------------------------------ synchronous chains

    fn sync_chains(&mut self) {
        let idx = &self.index;
        let n = idx.nodes.len();
        // Each node's synchronous connections to a node of the design (places in
        // `idx.conns` with the callee's position), in connection id order.
        let sync_out = |v: usize| idx.out_ends_at(v).filter_map(move |(c, to)| if idx.conn_kinds()[c] == ConnKind::Sync { Some((c, to?)) } else { None });
        // Call cycles: the strongly connected groups of the synchronous calls (node i of the
        // graph is the node at position i; the groups are sorted below, so the order the
        // search finds them in does not matter).
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, 0);
        for _ in 0..n {
            g.add_node(());
        }
        for a in 0..n {
            for (_, b) in sync_out(a) {
                g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
            }
        }
        let mut cycles = Vec::new();
        for scc in petgraph::algo::tarjan_scc(&g) {
            let self_loop = scc.len() == 1 && g.find_edge(scc[0], scc[0]).is_some();
            if scc.len() > 1 || self_loop {
                let mut ids: Vec<&'d NodeId> = scc.iter().map(|ix| &idx.nodes[ix.index()].id).collect();
                crate::order::sort(&mut ids);
                cycles.push(ids);
            }
        }
        crate::order::sort(&mut cycles);
        // Longest path by iterative DFS with memo; a back edge (cycle) counts as depth 0 so
        // cycles cannot loop forever (they are reported separately). A node's callees are
        // pushed in reverse connection id order (the order a petgraph digraph of the calls
        // listed them in: the DFS, and so which edge of a cycle is the back edge, is the same).
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut next: Vec<Option<&'d Connection>> = vec![None; n];
        let mut on_stack = vec![false; n];
        // One stack for every start (empty between them), not one allocation per node.
        let mut stack: Vec<(usize, bool)> = Vec::new();
        for start in 0..n {
            if depth[start].is_some() {
                continue;
            }
            stack.push((start, false));
            while let Some((v, done)) = stack.pop() {
                if done {
                    let mut best = 0usize;
                    let mut best_c = None;
                    // Deterministic tie-break: the first in connection id order.
                    for (c, t) in sync_out(v) {
                        if on_stack[t] && depth[t].is_none() {
                            continue; // back edge
                        }
                        let dd = 1 + depth[t].unwrap_or(0);
                        if dd > best {
                            best = dd;
                            best_c = Some(idx.conns[c]);
                        }
                    }
                    depth[v] = Some(best);
                    next[v] = best_c;
                    on_stack[v] = false;
                    continue;
                }
                if depth[v].is_some() || on_stack[v] {
                    continue;
                }
                on_stack[v] = true;
                stack.push((v, true));
                for (_, t) in sync_out(v).rev() {
                    if depth[t].is_none() && !on_stack[t] {
                        stack.push((t, false));
                    }
                }
            }
        }
        self.sync_cycles = cycles;
        self.chain_depth = depth.into_iter().map(|d| d.unwrap_or(0)).collect();
        self.chain_next = next;
    }
}

/// BFS bookkeeping: (entry node index, predecessor node index and the connection taken).
type Seen<'d> = (usize, Option<(usize, &'d ConnId)>);

/// The tier of a subnet node (its `tier` property; anything but public or isolated is private).
pub(crate) fn subnet_tier(d: &Design, subnet: &Node) -> SubnetTier {
    match d.text_ref(subnet, "tier") {
        "public" => SubnetTier::Public,
        "isolated" => SubnetTier::Isolated,
        _ => SubnetTier::Private,
    }
}

/// Resolves subnet/AZ/VPC/region of every node, by position, in one pass down the
/// containment tree ([`crate::graph::Containers`]).
fn places<'d>(d: &'d Design, containers: &crate::graph::Containers<'d>) -> Vec<Place<'d>> {
    // Property reads resolve catalog defaults; read each subnet's tier once.
    let mut tiers: rustc_hash::FxHashMap<&NodeId, SubnetTier> = rustc_hash::FxHashMap::default();
    containers
        .of
        .iter()
        .zip(&containers.region)
        .map(|(e, &region)| Place {
            subnet: e.subnet,
            tier: e.subnet.map(|s| *tiers.entry(&s.id).or_insert_with(|| subnet_tier(d, s))),
            az: e.az,
            vpc: e.vpc,
            region,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! The topology's tables by position answer exactly as the id-keyed maps they replaced
    //! (kept here as the reference: a petgraph digraph of every connection searched by
    //! id, `BTreeMap`s keyed by node id), on generated designs with random edits, random
    //! extra connections of every kind (cycles, self-loops, calls into containers, ends that
    //! are not nodes) and ingress open to the world.
    use super::*;
    use crate::model::Ingress;
    use petgraph::visit::EdgeRef;
    use proptest::prelude::*;

    /// What the topology answered before it kept its tables by position.
    struct Old<'d> {
        exposed: BTreeMap<&'d NodeId, Reach<'d>>,
        around_app: BTreeMap<&'d NodeId, Reach<'d>>,
        around_api: BTreeMap<&'d NodeId, Reach<'d>>,
        egress: BTreeMap<&'d NodeId, Egress<'d>>,
        service_uses: Vec<ServiceUse<'d>>,
        chain_depth: BTreeMap<&'d NodeId, usize>,
        chain_next: Vec<Option<&'d ConnId>>,
        sync_cycles: Vec<Vec<&'d NodeId>>,
        regions: BTreeSet<String>,
        cross_region_copies: BTreeSet<&'d NodeId>,
    }

    fn old<'d>(t: &Topology<'d>) -> Old<'d> {
        let d = t.design;
        // A plain map by id, not `graph::Positions`: the reference checks that table too.
        let pos: std::collections::HashMap<&NodeId, usize> = d.nodes.keys().enumerate().map(|(i, id)| (id, i)).collect();
        let mut children: Vec<Vec<&'d Node>> = vec![Vec::new(); d.nodes.len()];
        for n in d.nodes.values() {
            if let Some(&p) = n.parent.as_ref().and_then(|p| pos.get(p)) {
                children[p].push(n);
            }
        }
        let descendants = |id: &'d NodeId| -> Vec<&'d Node> {
            let mut out = Vec::new();
            let mut stack: Vec<&NodeId> = vec![id];
            while let Some(cur) = stack.pop() {
                for c in pos.get(cur).map(|&p| children[p].as_slice()).unwrap_or(&[]) {
                    out.push(*c);
                    stack.push(&c.id);
                }
            }
            out
        };
        let mut g: DiGraph<&'d NodeId, &'d ConnId> = DiGraph::new();
        for n in d.nodes.values() {
            g.add_node(&n.id);
        }
        for c in d.connections.values() {
            if let (Some(&a), Some(&b)) = (pos.get(&c.from), pos.get(&c.to)) {
                g.add_edge(NodeIndex::new(a), NodeIndex::new(b), &c.id);
            }
        }
        let node_at: Vec<&'d Node> = d.nodes.values().collect();
        let entries: Vec<&'d NodeId> = d.nodes.values().filter(|n| matches!(n.kind.as_str(), "users" | "on-premises")).map(|n| &n.id).collect();
        let bfs = |extra: &[&'d NodeId], stop: &dyn Fn(&Node) -> bool, block: &dyn Fn(&Node) -> bool| -> BTreeMap<&'d NodeId, Reach<'d>> {
            let n = g.node_count();
            let mut seen: Vec<Option<Seen<'d>>> = vec![None; n];
            let mut is_entry = vec![false; n];
            let mut queue: VecDeque<usize> = VecDeque::new();
            for e in &entries {
                let i = pos[e];
                seen[i] = Some((i, None));
                is_entry[i] = true;
                queue.push_back(i);
            }
            for e in extra {
                let i = pos[e];
                if seen[i].is_some() || block(node_at[i]) {
                    continue;
                }
                seen[i] = Some((i, None));
                queue.push_back(i);
            }
            while let Some(cur) = queue.pop_front() {
                if !is_entry[cur] && stop(node_at[cur]) {
                    continue;
                }
                let entry = seen[cur].map(|s| s.0).unwrap_or(cur);
                for e in g.edges(NodeIndex::new(cur)) {
                    let cid: &'d ConnId = e.weight();
                    if d.connections[cid].kind != ConnKind::Sync {
                        continue;
                    }
                    let to = e.target().index();
                    let tn = node_at[to];
                    if seen[to].is_some() || block(tn) {
                        continue;
                    }
                    seen[to] = Some((entry, Some((cur, cid))));
                    queue.push_back(to);
                    if role_of(&tn.kind) == Some(Role::Container) {
                        for inner in descendants(&tn.id) {
                            let i = pos[&inner.id];
                            if seen[i].is_none() && !block(inner) {
                                seen[i] = Some((entry, Some((cur, cid))));
                                queue.push_back(i);
                            }
                        }
                    }
                }
            }
            let mut reached = BTreeMap::new();
            for (i, s) in seen.iter().enumerate() {
                let Some((entry, _)) = s else { continue };
                let mut path = Vec::new();
                let mut cur = i;
                let mut guard = 0;
                while let Some((_, Some((pred, cid)))) = seen[cur] {
                    path.push(cid);
                    cur = pred;
                    guard += 1;
                    if guard > n {
                        break;
                    }
                }
                path.reverse();
                reached.insert(g[NodeIndex::new(i)], Reach { entry: g[NodeIndex::new(*entry)], path });
            }
            reached
        };
        let world: Vec<&'d NodeId> = d.nodes.values().filter(|n| n.ingress.iter().any(|i| !is_private_cidr(&i.cidr)) && world_reachable(d, n, t.tier_of(&n.id))).map(|n| &n.id).collect();
        let exposed = bfs(&world, &|_| false, &|_| false);
        let around_app = bfs(&[], &|n| is_app(&n.kind), &|_| false);
        let around_api = bfs(&[], &|_| false, &|n| n.kind == "api-gateway");

        // Egress and AWS-service uses, the connections found by scanning the design.
        let mut egress = BTreeMap::new();
        for n in d.nodes.values() {
            if !is_vpc_workload(&n.kind) {
                continue;
            }
            let p = t.place_of(&n.id).expect("a node");
            let Some(vpc) = p.vpc else { continue };
            let nats = t.working_nats(&vpc.id);
            let pick_nat = || -> Option<&'d NodeId> {
                let own_az = p.az.map(|a| &a.id);
                nats.iter().find(|g| t.place_of(&g.id).and_then(|q| q.az).map(|a| &a.id) == own_az).or(nats.first()).map(|g| &g.id)
            };
            let e = match p.subnet {
                Some(s) => match t.route_of(s) {
                    Route::Igw if t.vpc_has_igw(&vpc.id) => Egress::Igw,
                    Route::Nat => pick_nat().map(Egress::Nat).unwrap_or(Egress::None),
                    _ => Egress::None,
                },
                None => pick_nat().map(Egress::Nat).unwrap_or(Egress::None),
            };
            egress.insert(&n.id, e);
        }
        let mut service_uses = Vec::new();
        for (&w, &e) in &egress {
            let vpc = t.vpc_of(w).expect("a VPC workload");
            let wn = &d.nodes[w];
            let outs = d.connections.values().filter(|c| c.from == *w).filter_map(|c| Some((c, d.nodes.get(&c.to)?)));
            let ins = d.connections.values().filter(|c| c.to == *w).filter_map(|c| Some((c, d.nodes.get(&c.from)?)));
            for (c, other) in outs.chain(ins) {
                if c.kind == ConnKind::Replication {
                    continue;
                }
                let Some(key) = service_key(&other.kind) else { continue };
                if t.vpc_of(&other.id).is_some() {
                    continue;
                }
                let outbound = c.from == *w;
                let polled = !outbound && matches!(other.kind.as_str(), "sqs" | "kinesis") && wn.kind != "lambda";
                if !outbound && !polled {
                    continue;
                }
                let access = match t.endpoint_for(&vpc.id, key) {
                    Some(ep) => Access::Endpoint(ep),
                    None => match e {
                        Egress::Nat(g) => Access::Nat(g),
                        Egress::Igw => Access::Igw,
                        Egress::None => Access::None,
                    },
                };
                service_uses.push(ServiceUse { workload: w, service: &other.id, key, conn: &c.id, access });
            }
        }

        // Chains and cycles on a digraph of the synchronous calls.
        let mut sync: DiGraph<&'d NodeId, &'d Connection> = DiGraph::new();
        let ixs: Vec<NodeIndex> = d.nodes.values().map(|n| sync.add_node(&n.id)).collect();
        for c in d.connections.values().filter(|c| c.kind == ConnKind::Sync) {
            if let (Some(&a), Some(&b)) = (pos.get(&c.from), pos.get(&c.to)) {
                sync.add_edge(ixs[a], ixs[b], c);
            }
        }
        let mut sync_cycles = Vec::new();
        for scc in petgraph::algo::tarjan_scc(&sync) {
            let self_loop = scc.len() == 1 && sync.find_edge(scc[0], scc[0]).is_some();
            if scc.len() > 1 || self_loop {
                let mut ids: Vec<&NodeId> = scc.iter().map(|ix| sync[*ix]).collect();
                crate::order::sort(&mut ids);
                sync_cycles.push(ids);
            }
        }
        crate::order::sort(&mut sync_cycles);
        let n = sync.node_count();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut next: Vec<Option<&'d ConnId>> = vec![None; n];
        let mut on_stack = vec![false; n];
        for start in sync.node_indices() {
            if depth[start.index()].is_some() {
                continue;
            }
            let mut stack: Vec<(NodeIndex, bool)> = vec![(start, false)];
            while let Some((v, done)) = stack.pop() {
                if done {
                    let mut best = 0usize;
                    let mut best_c = None;
                    let mut edges: Vec<_> = sync.edges(v).collect();
                    crate::order::sort_by(&mut edges, |a, b| a.weight().id.cmp(&b.weight().id));
                    for e in edges {
                        let tt = e.target();
                        if on_stack[tt.index()] && depth[tt.index()].is_none() {
                            continue;
                        }
                        let dd = 1 + depth[tt.index()].unwrap_or(0);
                        if dd > best {
                            best = dd;
                            best_c = Some(&e.weight().id);
                        }
                    }
                    depth[v.index()] = Some(best);
                    next[v.index()] = best_c;
                    on_stack[v.index()] = false;
                    continue;
                }
                if depth[v.index()].is_some() || on_stack[v.index()] {
                    continue;
                }
                on_stack[v.index()] = true;
                stack.push((v, true));
                for e in sync.edges(v) {
                    let tt = e.target();
                    if depth[tt.index()].is_none() && !on_stack[tt.index()] {
                        stack.push((tt, false));
                    }
                }
            }
        }
        let chain_depth = sync.node_indices().map(|ix| (sync[ix], depth[ix.index()].unwrap_or(0))).collect();

        let mut regions = BTreeSet::new();
        for n in d.nodes.values() {
            if matches!(role_of(&n.kind), Some(Role::Compute | Role::DataStore | Role::Cache | Role::Api | Role::LoadBalancer)) {
                regions.insert(t.region_of(&n.id).to_string());
            }
        }
        let mut cross_region_copies = BTreeSet::new();
        for c in d.connections.values() {
            if c.kind == ConnKind::Replication && t.region_of(&c.from) != t.region_of(&c.to) {
                cross_region_copies.insert(&c.from);
                cross_region_copies.insert(&c.to);
            }
        }
        for n in d.nodes.values() {
            let copied = match n.kind.as_str() {
                "s3" => d.flag(n, "replication"),
                "dynamodb" => d.flag(n, "global_tables"),
                "aurora" => d.flag(n, "global_database"),
                "rds" => d.flag(n, "cross_region_replica"),
                _ => false,
            };
            if copied {
                cross_region_copies.insert(&n.id);
            }
        }
        Old { exposed, around_app, around_api, egress, service_uses, chain_depth, chain_next: next, sync_cycles, regions, cross_region_copies }
    }

    fn reach_text(r: Option<Reach>) -> String {
        format!("{:?}", r.map(|r| (r.entry, r.path)))
    }

    /// Every answer of `t` equals the reference's, node by node; and the index's lists equal
    /// scans of the design.
    fn same_as_old(d: &Design) -> Result<(), TestCaseError> {
        let t = Topology::new(d);
        let o = old(&t);
        for (i, n) in d.nodes.values().enumerate() {
            let id = &n.id;
            prop_assert_eq!(reach_text(t.exposed(id)), reach_text(o.exposed.get(id).cloned()), "exposed {}", id);
            prop_assert_eq!(t.is_exposed(id), o.exposed.contains_key(id));
            prop_assert_eq!(t.exposed_from(id).map(|e| &e.id), o.exposed.get(id).map(|r| r.entry));
            prop_assert_eq!(reach_text(t.reached_around_app(id)), reach_text(o.around_app.get(id).cloned()), "around app {}", id);
            prop_assert_eq!(reach_text(t.reached_around_api(id)), reach_text(o.around_api.get(id).cloned()), "around api {}", id);
            prop_assert_eq!(t.egress_of(id), o.egress.get(id).copied());
            prop_assert_eq!(t.chain_depth(id), Some(o.chain_depth[id]), "chain depth {}", id);
            prop_assert_eq!(t.chain_from(id).first().map(|c| &c.id), o.chain_next[i], "chain from {}", id);
            // The index: children, connections both ways, descendants, ends.
            let kids: Vec<&NodeId> = d.nodes.values().filter(|c| c.parent.as_ref() == Some(id)).map(|c| &c.id).collect();
            prop_assert_eq!(t.index.children_of(id).iter().map(|c| &c.id).collect::<Vec<_>>(), kids);
            let outs: Vec<&ConnId> = d.connections.values().filter(|c| c.from == *id).map(|c| &c.id).collect();
            prop_assert_eq!(t.index.out(id).iter().map(|c| &c.id).collect::<Vec<_>>(), outs);
            let ins: Vec<&ConnId> = d.connections.values().filter(|c| c.to == *id).map(|c| &c.id).collect();
            prop_assert_eq!(t.index.inc(id).iter().map(|c| &c.id).collect::<Vec<_>>(), ins);
        }
        prop_assert!(t.exposed(&NodeId::new("no-such-node")).is_none());
        prop_assert_eq!(t.chain_depth(&NodeId::new("no-such-node")), None);
        prop_assert_eq!(t.exposed_nodes().map(|n| &n.id).collect::<Vec<_>>(), o.exposed.keys().copied().collect::<Vec<_>>());
        prop_assert_eq!(t.egresses().collect::<Vec<_>>(), o.egress.iter().map(|(w, e)| (*w, *e)).collect::<Vec<_>>());
        prop_assert_eq!(format!("{:?}", t.service_uses), format!("{:?}", o.service_uses));
        prop_assert_eq!(&t.sync_cycles, &o.sync_cycles);
        prop_assert_eq!(&t.regions, &o.regions);
        prop_assert_eq!(&t.cross_region_copies, &o.cross_region_copies);
        // A plain map by id, not `graph::Positions`: the reference checks that table too.
        let pos: std::collections::HashMap<&NodeId, usize> = d.nodes.keys().enumerate().map(|(i, id)| (id, i)).collect();
        let ends: Vec<(Option<usize>, Option<usize>)> = d.connections.values().map(|c| (pos.get(&c.from).copied(), pos.get(&c.to).copied())).collect();
        prop_assert_eq!(t.index.ends(), ends.as_slice());
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]
        #[test]
        fn tables_by_position_answer_as_the_id_keyed_maps(
            size in prop::sample::select(vec![30usize, 60, 120, 250]),
            steps in prop::collection::vec((0u8..7, any::<u64>(), any::<u64>(), 0.0f64..1.0), 0..12),
            extra in prop::collection::vec((any::<u64>(), any::<u64>(), 0u8..4, 0u8..12), 0..25),
            open in prop::collection::vec(any::<u64>(), 0..3),
        ) {
            let mut d = crate::sample::synthetic(size);
            for &(op, a, b, u) in &steps {
                if let Some(e) = crate::sample::seeded_edit(&d, op, a, b, u) {
                    let _ = e.apply(&mut d);
                }
            }
            let ids: Vec<NodeId> = d.nodes.keys().cloned().collect();
            prop_assume!(!ids.is_empty());
            // Connections the editor would refuse: any kind between any two nodes (a node to
            // itself, into a container), and some with an end that is not a node.
            for (k, &(a, b, kind, missing)) in extra.iter().enumerate() {
                let from = ids[(a % ids.len() as u64) as usize].clone();
                let to = if missing == 0 { NodeId::new("gone") } else { ids[(b % ids.len() as u64) as usize].clone() };
                let from = if missing == 1 { NodeId::new("gone-too") } else { from };
                let kind = [ConnKind::Sync, ConnKind::Async, ConnKind::Replication, ConnKind::Association][kind as usize];
                let c = crate::model::Connection::new(format!("zz-extra-{k:02}"), from, to, kind);
                d.connections.insert(c.id.clone(), c);
            }
            for a in open {
                let id = ids[(a % ids.len() as u64) as usize].clone();
                if let Some(n) = d.nodes.get_mut(&id) {
                    n.ingress.push(Ingress { port: 443, cidr: "0.0.0.0/0".into() });
                }
            }
            same_as_old(&d)?;
        }
    }

    #[test]
    fn the_sample_designs_answer_as_the_id_keyed_maps() {
        for d in [crate::sample::three_tier(), crate::sample::synthetic(1000)] {
            same_as_old(&d).unwrap();
        }
    }
}
