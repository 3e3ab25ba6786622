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
use petgraph::visit::EdgeRef;
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

/// The analysis. Fields are public so the UI can draw it (exposed nodes, chains).
pub struct Topology<'d> {
    pub design: &'d Design,
    pub index: Index<'d>,
    /// Where each node sits, by position ([`Index::pos`]).
    place: Vec<Place<'d>>,
    pub by_kind: BTreeMap<&'d str, Vec<&'d Node>>,
    /// Internet users and on-premises sites: where requests come from.
    pub entries: Vec<&'d NodeId>,
    /// Every node an entry point reaches through synchronous calls (or containment, or an
    /// ingress rule open to the world), with the first path found (shortest).
    pub exposed: BTreeMap<&'d NodeId, Reach<'d>>,
    /// Nodes an entry reaches without passing through application code (compute).
    pub reached_around_app: BTreeMap<&'d NodeId, Reach<'d>>,
    /// Nodes an entry reaches without passing through an API gateway.
    pub reached_around_api: BTreeMap<&'d NodeId, Reach<'d>>,
    /// Internet egress of every workload inside a VPC.
    pub egress: BTreeMap<&'d NodeId, Egress<'d>>,
    pub service_uses: Vec<ServiceUse<'d>>,
    pub tiers: Vec<Tier<'d>>,
    /// Regions holding compute, data or entry infrastructure.
    pub regions: BTreeSet<String>,
    /// Data stores with a copy in another region.
    pub cross_region_copies: BTreeSet<&'d NodeId>,
    /// Synchronous-call graph (node weight: node id; edge weight: connection).
    pub sync: DiGraph<&'d NodeId, &'d Connection>,
    pub sync_index: BTreeMap<&'d NodeId, NodeIndex>,
    /// Longest synchronous chain (in connections) starting at each node, and its first hop.
    pub chain_depth: BTreeMap<&'d NodeId, usize>,
    /// First hop of each node's longest synchronous chain, by position ([`Index::pos`]).
    chain_next: Vec<Option<&'d Connection>>,
    /// Strongly connected groups of the sync graph: call cycles.
    pub sync_cycles: Vec<Vec<&'d NodeId>>,
    /// Kind of each edge of `index.graph`, by edge index.
    conn_kind: Vec<ConnKind>,
    /// The first VPC endpoint (in id order) per (gateway endpoint?, VPC, `service`): what
    /// [`Topology::endpoint_for`] answers, found once per design instead of a scan of every
    /// endpoint (and a copy of its `service` text) per workload and service.
    endpoints: rustc_hash::FxHashMap<(bool, &'d NodeId, &'d str), &'d NodeId>,
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

    fn with_index(design: &'d Design, index: Index<'d>, containers: &crate::graph::Containers<'d>) -> Self {
        let mut by_kind: BTreeMap<&str, Vec<&Node>> = BTreeMap::new();
        for n in design.nodes.values() {
            by_kind.entry(n.kind.as_str()).or_default().push(n);
        }
        let place = places(design, containers);
        let mut t = Topology {
            design,
            index,
            place,
            by_kind,
            entries: Vec::new(),
            exposed: BTreeMap::new(),
            reached_around_app: BTreeMap::new(),
            reached_around_api: BTreeMap::new(),
            egress: BTreeMap::new(),
            service_uses: Vec::new(),
            tiers: Vec::new(),
            regions: BTreeSet::new(),
            cross_region_copies: BTreeSet::new(),
            sync: DiGraph::new(),
            sync_index: BTreeMap::new(),
            chain_depth: BTreeMap::new(),
            chain_next: Vec::new(),
            sync_cycles: Vec::new(),
            conn_kind: Vec::new(),
            endpoints: rustc_hash::FxHashMap::default(),
            capacity_findings: std::cell::OnceCell::new(),
            traffic: std::cell::OnceCell::new(),
        };
        t.conn_kind = t.index.graph.edge_indices().map(|e| design.connections.get(t.index.graph[e]).map(|c| c.kind).unwrap_or(ConnKind::Association)).collect();
        t.entries = design.nodes.values().filter(|n| matches!(n.kind.as_str(), "users" | "on-premises")).map(|n| &n.id).collect();
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
        let outs = self.index.out(id).iter().filter_map(|c| Some((*c, self.node(&c.to)?)));
        let ins = self.index.inc(id).iter().filter_map(|c| Some((*c, self.node(&c.from)?)));
        outs.chain(ins)
    }
    /// Nodes inside a VPC (at any depth).
    pub fn in_vpc(&self, vpc: &NodeId) -> impl Iterator<Item = &'d Node> + '_ {
        let vpc = vpc.clone();
        self.index.nodes.iter().zip(&self.place).filter(move |(_, p)| p.vpc.is_some_and(|v| v.id == vpc)).map(|(n, _)| *n)
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
        self.exposed.contains_key(id)
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
        subnet_route(self.design, subnet)
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
        let world: Vec<&NodeId> = d
            .nodes
            .values()
            .filter(|n| n.ingress.iter().any(|i| !is_private_cidr(&i.cidr)) && world_reachable(d, n, self.tier_of(&n.id)))
            .map(|n| &n.id)
            .collect();
        self.exposed = self.bfs(&world, |_| false, |_| false);
        self.reached_around_app = self.bfs(&[], |n| is_app(&n.kind), |_| false);
        self.reached_around_api = self.bfs(&[], |_| false, |n| n.kind == "api-gateway");
    }

    /// Multi-source BFS over synchronous connections from the entry points (and `extra`
    /// nodes reached directly). `stop(n)`: reach n but do not continue past it. `block(n)`:
    /// never enter n. Reaching a container reaches everything inside it.
    ///
    /// Works on petgraph indices with flat arrays (no string-keyed lookups in the loop);
    /// paths are rebuilt from predecessor edges at the end.
    fn bfs(&self, extra: &[&'d NodeId], stop: impl Fn(&Node) -> bool, block: impl Fn(&Node) -> bool) -> BTreeMap<&'d NodeId, Reach<'d>> {
        let g = &self.index.graph;
        let n = g.node_count();
        // The graph's node index is the position: the node at each index, without a lookup.
        let node_at: Vec<Option<&'d Node>> = self.index.nodes.iter().copied().map(Some).collect();
        // Per reached node: (entry index, predecessor node index, connection taken).
        let mut seen: Vec<Option<Seen<'d>>> = vec![None; n];
        let mut is_entry = vec![false; n];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for e in self.entries.iter().copied() {
            if let Some(i) = self.index.pos(e) {
                seen[i] = Some((i, None));
                is_entry[i] = true;
                queue.push_back(i);
            }
        }
        for e in extra.iter().copied() {
            if let Some(i) = self.index.pos(e) {
                if seen[i].is_some() || node_at[i].map(&block).unwrap_or(true) {
                    continue;
                }
                seen[i] = Some((i, None));
                queue.push_back(i);
            }
        }
        while let Some(cur) = queue.pop_front() {
            let Some(node) = node_at[cur] else { continue };
            if !is_entry[cur] && stop(node) {
                continue;
            }
            let entry = seen[cur].map(|s| s.0).unwrap_or(cur);
            for e in g.edges(NodeIndex::new(cur)) {
                let cid: &'d ConnId = e.weight();
                if self.conn_kind.get(e.id().index()) != Some(&ConnKind::Sync) {
                    continue;
                }
                let to = e.target().index();
                let Some(tn) = node_at[to] else { continue };
                if seen[to].is_some() || block(tn) {
                    continue;
                }
                seen[to] = Some((entry, Some((cur, cid))));
                queue.push_back(to);
                // Containment: a connection into a container reaches what it holds.
                if role_of(&tn.kind) == Some(Role::Container) {
                    for inner in self.index.descendants(&tn.id) {
                        let Some(i) = self.index.pos(&inner.id) else { continue };
                        if seen[i].is_none() && !block(inner) {
                            seen[i] = Some((entry, Some((cur, cid))));
                            queue.push_back(i);
                        }
                    }
                }
            }
        }
        // Positions are in id order: the map is built from a sorted sequence (no search per insert).
        let mut reached = Vec::new();
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
            reached.push((g[NodeIndex::new(i)], Reach { entry: g[NodeIndex::new(*entry)], path }));
        }
        reached.into_iter().collect()
    }

    // ------------------------------------------------------------------ egress and AWS services

    fn egress_and_services(&mut self) {
        let mut egress = Vec::new();
        // The working NAT gateways of each VPC, found once per VPC.
        let mut nats_of: rustc_hash::FxHashMap<&'d NodeId, Vec<&'d Node>> = rustc_hash::FxHashMap::default();
        for (i, n) in self.index.nodes.iter().copied().enumerate() {
            if !is_vpc_workload(&n.kind) {
                continue;
            }
            let p = &self.place[i];
            let Some(vpc) = p.vpc else { continue };
            let nats = nats_of.entry(&vpc.id).or_insert_with(|| self.working_nats(&vpc.id));
            // Prefer the NAT gateway in the workload's own AZ (that is what a per-AZ route
            // table does); otherwise any NAT of the VPC.
            let pick_nat = || -> Option<&'d NodeId> {
                let own_az = p.az.map(|a| &a.id);
                nats.iter().find(|g| self.place_of(&g.id).and_then(|q| q.az).map(|a| &a.id) == own_az).or(nats.first()).map(|g| &g.id)
            };
            let e = match p.subnet {
                Some(s) => match self.route_of(s) {
                    Route::Igw if self.vpc_has_igw(&vpc.id) => Egress::Igw,
                    Route::Nat => pick_nat().map(Egress::Nat).unwrap_or(Egress::None),
                    _ => Egress::None,
                },
                // Placed at VPC level: runs in the VPC's private subnets.
                None => pick_nat().map(Egress::Nat).unwrap_or(Egress::None),
            };
            egress.push((&n.id, e));
        }
        // In position order, which is id order: built from a sorted sequence.
        let egress: BTreeMap<&'d NodeId, Egress<'d>> = egress.into_iter().collect();
        let mut uses = Vec::new();
        for (&w, &e) in &egress {
            let Some(vpc) = self.vpc_of(w) else { continue };
            let wn = self.node(w).expect("a workload of the design");
            for (c, other) in self.linked_kinds(w) {
                if c.kind == ConnKind::Replication {
                    continue;
                }
                let Some(key) = service_key(&other.kind) else { continue };
                // The service must live outside the VPC (a VPC-attached Lambda is not an API call).
                if self.vpc_of(&other.id).is_some() {
                    continue;
                }
                // Direction: calls from the workload, and queues/streams it polls.
                let outbound = c.from == *w;
                let polled = !outbound && matches!(other.kind.as_str(), "sqs" | "kinesis") && wn.kind != "lambda";
                if !outbound && !polled {
                    continue;
                }
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
        let d = self.design;
        let p = self.place_of(&n.id)?;
        let zone = p.az.map(|a| (p.region.to_string(), { let z = d.text_ref(a, "zone"); if z.is_empty() { a.id.0.clone() } else { z.to_string() } }));
        let vpc_azs = || p.vpc.map(|v| self.index.children_of(&v.id).iter().filter(|c| c.kind == "az").count().max(1)).unwrap_or(1);
        match n.kind.as_str() {
            // Placed in one subnet per AZ (model::span): a fleet runs in each.
            _ if crate::model::span::spans(n) && crate::model::span::role(&n.kind) == Some(crate::model::span::SpanRole::Fleet) => {
                Some((zone, crate::model::span::placements(n).count()))
            }
            "lambda" | "dynamodb" | "s3" | "sqs" | "sns" => None,
            "alb" | "nlb" => Some((None, (d.num(n, "az_count") as usize).max(1))),
            "asg" => Some(if p.subnet.is_some() { (zone, 1) } else { (None, (d.num(n, "az_count") as usize).max(1)) }),
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
        let d = self.design;
        // Key: (kind, callers). Nodes with no callers stand alone. Grouped by hash, then the
        // few distinct keys put in key order once (the order an ordered map of the keys gave),
        // instead of comparing caller lists of long ids at every insert.
        let mut slot: rustc_hash::FxHashMap<(&'d str, Vec<&'d NodeId>), usize> = rustc_hash::FxHashMap::default();
        let mut groups: Vec<((&'d str, Vec<&'d NodeId>), Vec<&'d Node>)> = Vec::new();
        for n in d.nodes.values() {
            if !matches!(n.kind.as_str(), "ec2" | "asg" | "ecs-service" | "eks-nodegroup" | "fargate-profile") {
                continue;
            }
            if self.vpc_of(&n.id).is_none() {
                continue;
            }
            let mut callers: Vec<&NodeId> = self.index.inc(&n.id).iter().filter(|c| matches!(c.kind, ConnKind::Sync | ConnKind::Async)).map(|c| &c.from).collect();
            crate::order::sort(&mut callers);
            callers.dedup();
            if callers.is_empty() {
                callers.push(&n.id);
            }
            let key = (n.kind.as_str(), callers);
            match slot.get(&key) {
                Some(&i) => groups[i].1.push(n),
                None => {
                    slot.insert(key.clone(), groups.len());
                    groups.push((key, vec![n]));
                }
            }
        }
        crate::order::sort_by(&mut groups, |a, b| a.0.cmp(&b.0));
        for ((kind, _), members) in groups {
            let mut zones = BTreeSet::new();
            let mut counted = 0usize;
            for m in &members {
                if let Some((z, c)) = self.az_spread(m) {
                    if let Some(z) = z {
                        zones.insert(z);
                    }
                    counted = counted.max(c);
                }
            }
            let azs = zones.len().max(counted).max(1);
            let capacity = members.iter().map(|m| self.capacity(m)).sum();
            let on_request_path = members.iter().any(|m| self.exposed.contains_key(&m.id));
            self.tiers.push(Tier { kind, members: members.iter().map(|m| &m.id).collect(), azs, capacity, on_request_path });
        }
    }

    // ------------------------------------------------------------------ regions

    fn regions_and_copies(&mut self) {
        let d = self.design;
        for n in d.nodes.values() {
            if matches!(role_of(&n.kind), Some(Role::Compute | Role::DataStore | Role::Cache | Role::Api | Role::LoadBalancer)) {
                // Copy a region's code once, not once per node in it.
                let r = self.region_of(&n.id);
                if !self.regions.contains(r) {
                    self.regions.insert(r.to_string());
                }
            }
        }
        for c in d.connections.values() {
            if c.kind == ConnKind::Replication && self.region_of(&c.from) != self.region_of(&c.to) {
                self.cross_region_copies.insert(&c.from);
                self.cross_region_copies.insert(&c.to);
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
                self.cross_region_copies.insert(&n.id);
            }
        }
    }

    // ------------------------------------------------------------------ synchronous chains

    fn sync_chains(&mut self) {
        let d = self.design;
        // Node i of the sync graph is the node at position i.
        let ixs: Vec<NodeIndex> = d.nodes.values().map(|n| self.sync.add_node(&n.id)).collect();
        self.sync_index = d.nodes.keys().zip(ixs.iter().copied()).collect();
        for c in d.connections.values() {
            if c.kind != ConnKind::Sync {
                continue;
            }
            if let (Some(a), Some(b)) = (self.index.pos(&c.from), self.index.pos(&c.to)) {
                self.sync.add_edge(ixs[a], ixs[b], c);
            }
        }
        for scc in petgraph::algo::tarjan_scc(&self.sync) {
            let self_loop = scc.len() == 1 && self.sync.find_edge(scc[0], scc[0]).is_some();
            if scc.len() > 1 || self_loop {
                let mut ids: Vec<&NodeId> = scc.iter().map(|ix| self.sync[*ix]).collect();
                crate::order::sort(&mut ids);
                self.sync_cycles.push(ids);
            }
        }
        crate::order::sort(&mut self.sync_cycles);
        // Longest path by iterative DFS with memo; a back edge (cycle) counts as depth 0 so
        // cycles cannot loop forever (they are reported separately).
        let n = self.sync.node_count();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut next: Vec<Option<&'d Connection>> = vec![None; n];
        let mut on_stack = vec![false; n];
        for start in self.sync.node_indices() {
            if depth[start.index()].is_some() {
                continue;
            }
            let mut stack: Vec<(NodeIndex, bool)> = vec![(start, false)];
            while let Some((v, done)) = stack.pop() {
                if done {
                    let mut best = 0usize;
                    let mut best_c = None;
                    // Deterministic tie-break: connection id order.
                    let mut edges: Vec<_> = self.sync.edges(v).collect();
                    crate::order::sort_by(&mut edges, |a, b| a.weight().id.cmp(&b.weight().id));
                    for e in edges {
                        let t = e.target();
                        if on_stack[t.index()] && depth[t.index()].is_none() {
                            continue; // back edge
                        }
                        let dd = 1 + depth[t.index()].unwrap_or(0);
                        if dd > best {
                            best = dd;
                            best_c = Some(*e.weight());
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
                for e in self.sync.edges(v) {
                    let t = e.target();
                    if depth[t.index()].is_none() && !on_stack[t.index()] {
                        stack.push((t, false));
                    }
                }
            }
        }
        // Node indices are positions, in id order: both maps are built from sorted sequences.
        self.chain_depth = self.sync.node_indices().map(|ix| (self.sync[ix], depth[ix.index()].unwrap_or(0))).collect();
        self.chain_next = next;
    }
}

/// BFS bookkeeping: (entry node index, predecessor node index and the connection taken).
type Seen<'d> = (usize, Option<(usize, &'d ConnId)>);

fn subnet_tier(d: &Design, subnet: &Node) -> SubnetTier {
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
