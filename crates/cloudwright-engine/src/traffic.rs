//! Traffic: how many requests, messages and bytes reach each node of a design per month.
//!
//! Shared by the cost and latency engines, so both see the same volumes. Pure: a function of
//! the design (and a multiplier) only.
//!
//! # The model
//! - **Entries.** Every client node (`users`, and any client kind with a `requests_per_month`
//!   property) sends `requests_per_month × multiplier` synchronous requests per month.
//! - **Sizes.** A synchronous call carries `workload.request_kb` out and its response back;
//!   the response is `Connection::payload_kb` when set, else `workload.response_kb`. An
//!   asynchronous message is `payload_kb` when set, else `workload.request_kb`, with no response.
//!   1 GB = 1,000,000 KB (decimal, as AWS bills).
//! - **Flow.** Traffic moves along `sync` and `async` connections only. What a node sends on
//!   each connection is its outflow × the connection's share from [`crate::graph::edge_shares`]
//!   (the one place shares are read: shares split a node's traffic among its connections of one
//!   kind; to model a fan-out, e.g. SNS to every subscriber, give each subscription `share: 1`).
//!   - sync outflow = (requests + messages for compute nodes) × [`pass_through`]: the part a
//!     cache does not answer itself (CloudFront `cache_hit_ratio`, API Gateway
//!     REST `caching` + `cache_hit_ratio`, ElastiCache `hit_ratio` when a cache forwards misses);
//!   - async outflow = requests + messages (every unit of work may emit one message/event);
//!   - **cache-aside**: a node that calls both a cache (ElastiCache) and data stores sends to
//!     each data store `calls × (read × (1 − hit) + (1 − read))`, where `hit` is the highest hit
//!     ratio among the caches it calls and `read` is the store's `read_ratio` (default 0.8):
//!     cache hits never reach the database, writes always do.
//! - **Cycles.** Connections are visited depth-first from the clients (then every other node,
//!   in id order); a connection that closes a cycle (a DFS back edge) carries no traffic and is
//!   listed in [`Traffic::back_edges`]. Every other node is processed once, in topological order,
//!   so propagation always terminates and is O(nodes + connections).
//! - **Network paths** (per connection, added to the *calling* node unless said otherwise):
//!   - internet egress: responses to clients (from any node but CloudFront, which bills its own
//!     transfer, and Route 53, which is DNS), requests to `external-api`;
//!   - NAT: a caller in a private subnet (tier `private` or `route_out: nat`) talking to
//!     anything outside its VPC (regional AWS services, external APIs) sends request+response
//!     through its AZ's NAT gateway (any NAT of the VPC if its AZ has none), unless the VPC has a
//!     gateway endpoint (S3, DynamoDB: free) or an interface endpoint for that service (then the
//!     endpoint processes the bytes). Compute → `ecr` and compute → `cloudwatch` associations
//!     carry the image pulls / log volume of that ECR/CloudWatch node, split among its callers;
//!   - inter-AZ: between two nodes of the same VPC, the share of calls expected to cross AZs:
//!     1 or 0 when both sit in known AZs, (n−1)/n when one side spreads over n AZs
//!     (`az_count`, or the VPC's AZs). Calls from load balancers are exempt (cross-zone load
//!     balancing of an ALB carries no inter-AZ charge);
//!   - inter-region: calls and replication between nodes in different regions. Replication
//!     carries the source's writes (requests × (1 − read_ratio) × request size) or, for S3, its
//!     `growth_gb_per_month`.
//! - **Derived usage**: requests per second (average and peak = average × `peak_to_average`),
//!   Lambda invocations and GB-seconds, ALB LCU-hours / NLB NLCU-hours (from average rates:
//!   one new connection per request, bytes processed, rule evaluations beyond 10 free rules),
//!   storage growth (S3 `growth_gb_per_month`).

use crate::catalog::{self, Role};
use crate::graph::{self, Index};
use crate::model::{ConnId, ConnKind, Design, Node, NodeId};
use petgraph::graph::NodeIndex;
use petgraph::visit::{depth_first_search, Control, DfsEvent, EdgeRef};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Hours in a billing month (AWS's own calculator uses 730).
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Seconds in a billing month.
pub const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;
/// KB per GB (decimal).
pub const KB_PER_GB: f64 = 1_000_000.0;
/// Read share assumed for a data store with no `read_ratio` property.
pub const DEFAULT_READ_RATIO: f64 = 0.8;

/// What one connection carries per month.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EdgeFlow {
    /// Calls (sync) or messages (async) per month.
    pub calls: f64,
    /// Size of each request / message, KB.
    pub request_kb: f64,
    /// Size of each response, KB (0 for async).
    pub response_kb: f64,
    /// Total GB both ways per month.
    pub gb: f64,
    /// Closed a cycle: carries nothing.
    pub back_edge: bool,
}

/// What a node handles per month, and what it costs the network.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Usage {
    /// Synchronous requests arriving (entry volume for clients).
    pub requests: f64,
    /// Asynchronous messages / events arriving.
    pub messages: f64,
    /// Data stores: reads among the synchronous requests arriving.
    pub reads: f64,
    /// Data stores: writes among the synchronous requests arriving.
    pub writes: f64,
    /// Requests answered from the node's cache (never forwarded).
    pub cache_hits: f64,
    /// Synchronous calls the node makes downstream (after its cache).
    pub forwarded: f64,
    /// GB received (requests in + responses from downstream).
    pub gb_in: f64,
    /// GB sent (responses out + requests downstream).
    pub gb_out: f64,
    /// Average requests + messages per second.
    pub avg_rps: f64,
    /// Peak requests + messages per second (average × peak_to_average).
    pub peak_rps: f64,
    /// Lambda: invocations (requests + messages).
    pub invocations: f64,
    /// Lambda: GB-seconds (invocations × duration × memory).
    pub gb_seconds: f64,
    /// ALB LCU-hours / NLB NLCU-hours per month.
    pub lcu_hours: f64,
    /// NAT gateway: GB processed (on the NAT node).
    pub nat_gb: f64,
    /// Interface endpoint: GB processed (on the endpoint node).
    pub endpoint_gb: f64,
    /// GB this node's calls move across AZs (each direction is billed).
    pub inter_az_gb: f64,
    /// GB this node sends to the internet.
    pub internet_egress_gb: f64,
    /// GB this node sends to other regions.
    pub inter_region_gb: f64,
    /// For each destination region, GB sent there (sums to `inter_region_gb`).
    pub inter_region_to: BTreeMap<String, f64>,
    /// GB of stored data added per month.
    pub storage_growth_gb: f64,
}

/// Traffic through a whole design.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Traffic {
    /// The multiplier the entry volumes were scaled by.
    pub multiplier: f64,
    pub usage: BTreeMap<NodeId, Usage>,
    pub edges: BTreeMap<ConnId, EdgeFlow>,
    /// Connections that closed a cycle and were ignored.
    pub back_edges: Vec<ConnId>,
    /// Nodes in the order traffic was propagated (topological, back edges ignored).
    pub order: Vec<NodeId>,
}

impl Traffic {
    /// Usage of a node (zero if unknown).
    pub fn of(&self, id: &NodeId) -> Usage {
        self.usage.get(id).cloned().unwrap_or_default()
    }
    /// Requests arriving at all entry (client) nodes.
    pub fn entry_requests(&self, design: &Design) -> f64 {
        design.nodes.values().filter(|n| is_client(n)).map(|n| self.of(&n.id).requests).sum()
    }
}

/// Traffic at the design's own volumes.
pub fn traffic(design: &Design) -> Traffic {
    traffic_at(design, 1.0)
}

/// Traffic with every entry volume scaled by `multiplier` (≥ 0; negative counts as 0).
pub fn traffic_at(design: &Design, multiplier: f64) -> Traffic {
    let multiplier = if multiplier.is_finite() { multiplier.max(0.0) } else { 0.0 };
    let idx = Index::new(design);
    let shares = graph::edge_shares(design);
    let ctx = Ctx::new(design);
    let w = &design.workload;

    // ---- order: DFS from clients, then everything; back edges carry nothing.
    let (order, back) = propagation_order(design);

    let mut usage: BTreeMap<NodeId, Usage> = design.nodes.keys().map(|k| (k.clone(), Usage::default())).collect();
    let mut edges: BTreeMap<ConnId, EdgeFlow> = BTreeMap::new();
    for c in design.connections.values() {
        let (rq, rs) = payload(design, c);
        edges.insert(c.id.clone(), EdgeFlow { calls: 0.0, request_kb: rq, response_kb: rs, gb: 0.0, back_edge: back.contains(&c.id) });
    }
    for n in design.nodes.values() {
        if is_client(n) {
            usage.get_mut(&n.id).unwrap().requests = entry_volume(design, n) * multiplier;
        }
    }

    for id in &order {
        let node = &design.nodes[id];
        let u = usage[id].clone();
        let pass = pass_through(design, node);
        let compute = matches!(role(node), Some(Role::Compute));
        let work = u.requests + if compute { u.messages } else { 0.0 };
        let sync_out = work * pass;
        let async_out = u.requests + u.messages;
        {
            let um = usage.get_mut(id).unwrap();
            um.cache_hits = work * (1.0 - pass);
            um.forwarded = sync_out;
        }
        // Cache-aside: the best hit ratio among caches this node calls.
        let cache_hit = idx
            .out(id)
            .iter()
            .filter(|c| c.kind == ConnKind::Sync && !back.contains(&c.id))
            .filter_map(|c| design.node(&c.to))
            .filter(|t| is_cache(t))
            .map(|t| ratio(design, t, "hit_ratio", 0.8))
            .fold(None, |a: Option<f64>, h| Some(a.map_or(h, |x| x.max(h))));
        for c in idx.out(id) {
            if back.contains(&c.id) {
                continue;
            }
            let share = shares.get(&c.id).copied().unwrap_or(0.0);
            let mut calls = match c.kind {
                ConnKind::Sync => sync_out * share,
                ConnKind::Async => async_out * share,
                _ => continue,
            };
            let mut rw = (0.0, 0.0);
            if c.kind == ConnKind::Sync {
                if let Some(t) = design.node(&c.to) {
                    if is_data_store(t) && !is_cache(t) {
                        let read = read_ratio(design, t);
                        let miss = cache_hit.map_or(1.0, |h| 1.0 - h);
                        rw = (calls * read * miss, calls * (1.0 - read));
                        calls = rw.0 + rw.1;
                    }
                }
            }
            let ef = edges.get_mut(&c.id).unwrap();
            ef.calls = calls;
            ef.gb = calls * (ef.request_kb + ef.response_kb) / KB_PER_GB;
            let (rq_gb, rs_gb) = (calls * ef.request_kb / KB_PER_GB, calls * ef.response_kb / KB_PER_GB);
            if let Some(t) = usage.get_mut(&c.to) {
                match c.kind {
                    ConnKind::Sync => t.requests += calls,
                    _ => t.messages += calls,
                }
                t.reads += rw.0;
                t.writes += rw.1;
                t.gb_in += rq_gb;
                t.gb_out += rs_gb;
            }
            let s = usage.get_mut(id).unwrap();
            s.gb_out += rq_gb;
            s.gb_in += rs_gb;
        }
    }

    // ---- per-node derived usage.
    for n in design.nodes.values() {
        let u = usage.get_mut(&n.id).unwrap();
        let work = u.requests + u.messages;
        u.avg_rps = work / SECONDS_PER_MONTH;
        u.peak_rps = u.avg_rps * w.peak_to_average.max(1.0);
        match n.kind.as_str() {
            "lambda" => {
                u.invocations = work;
                let mem_gb = ctx.num(n, "memory_mb", 512.0) / 1024.0;
                let dur_s = ctx.num(n, "duration_ms", 100.0) / 1000.0;
                u.gb_seconds = work * mem_gb * dur_s;
            }
            "s3" => u.storage_growth_gb = ctx.num(n, "growth_gb_per_month", 10.0),
            _ => {}
        }
    }
    // Load balancer capacity units need the bytes, so after the loop above.
    for n in design.nodes.values() {
        let lcu = match n.kind.as_str() {
            "alb" => {
                let u = &usage[&n.id];
                let lambda_target = idx.out(&n.id).iter().any(|c| design.node(&c.to).is_some_and(|t| t.kind == "lambda"));
                let gb_per_hour = (u.gb_in + u.gb_out) / HOURS_PER_MONTH;
                let new_conn = u.avg_rps / 25.0;
                let active = u.avg_rps * 60.0 / 3000.0; // one-second connections, per minute
                let bytes = gb_per_hour / if lambda_target { 0.4 } else { 1.0 };
                let rules = (ctx.num(n, "rules_per_request", 5.0) - 10.0).max(0.0) * u.avg_rps / 1000.0;
                new_conn.max(active).max(bytes).max(rules) * HOURS_PER_MONTH
            }
            "nlb" => {
                let u = &usage[&n.id];
                let gb_per_hour = (u.gb_in + u.gb_out) / HOURS_PER_MONTH;
                (u.avg_rps / 800.0).max(u.avg_rps * 60.0 / 100_000.0).max(gb_per_hour) * HOURS_PER_MONTH
            }
            _ => continue,
        };
        usage.get_mut(&n.id).unwrap().lcu_hours = lcu;
    }

    // ---- network paths.
    // compute/platform nodes associated with each ECR / CloudWatch node (they share its volume)
    let mut assoc_callers: BTreeMap<&NodeId, usize> = BTreeMap::new();
    for c in design.connections.values() {
        if c.kind == ConnKind::Association && design.node(&c.from).is_some_and(|f| matches!(role(f), Some(Role::Compute | Role::Platform))) {
            *assoc_callers.entry(&c.to).or_default() += 1;
        }
    }
    for c in design.connections.values() {
        let ef = edges[&c.id].clone();
        let (Some(s), Some(t)) = (design.node(&c.from), design.node(&c.to)) else { continue };
        match c.kind {
            ConnKind::Sync | ConnKind::Async => {
                if ef.calls <= 0.0 {
                    continue;
                }
                // internet egress
                if ctx.faces_internet(s) && !matches!(t.kind.as_str(), "cloudfront" | "route53") {
                    usage.get_mut(&t.id).unwrap().internet_egress_gb += ef.calls * ef.response_kb / KB_PER_GB;
                }
                if t.kind == "external-api" {
                    usage.get_mut(&s.id).unwrap().internet_egress_gb += ef.calls * ef.request_kb / KB_PER_GB;
                }
                ctx.route_out(s, t, ef.gb, &mut usage);
                if t.kind == "nat-gateway" {
                    // drawn explicitly through the NAT: it processes what it is sent
                    usage.get_mut(&t.id).unwrap().nat_gb += ef.gb;
                }
                let cross = ctx.cross_az_fraction(s, t);
                if cross > 0.0 {
                    usage.get_mut(&s.id).unwrap().inter_az_gb += cross * ef.gb;
                }
                let (rs, rt) = (design.region_of(&s.id), design.region_of(&t.id));
                if rs != rt && !is_client(s) && !is_client(t) && t.kind != "external-api" {
                    let u = usage.get_mut(&s.id).unwrap();
                    u.inter_region_gb += ef.gb;
                    *u.inter_region_to.entry(rt).or_default() += ef.gb;
                }
            }
            ConnKind::Replication => {
                let gb = if s.kind == "s3" {
                    usage[&s.id].storage_growth_gb
                } else {
                    let src = &usage[&s.id];
                    src.requests * (1.0 - read_ratio(design, s)) * w.request_kb / KB_PER_GB
                };
                let edge = edges.get_mut(&c.id).unwrap();
                edge.gb = gb;
                let (rs, rt) = (design.region_of(&s.id), design.region_of(&t.id));
                if rs != rt && gb > 0.0 {
                    let u = usage.get_mut(&s.id).unwrap();
                    u.inter_region_gb += gb;
                    *u.inter_region_to.entry(rt).or_default() += gb;
                }
            }
            ConnKind::Association => {
                // Image pulls and log shipping from compute run through NAT like any call.
                let per_gb = match t.kind.as_str() {
                    "ecr" => ctx.num(t, "image_pulls_gb_per_month", 50.0),
                    "cloudwatch" => ctx.num(t, "logs_gb_per_month", 10.0),
                    _ => continue,
                };
                if !matches!(role(s), Some(Role::Compute | Role::Platform)) {
                    continue;
                }
                let callers = *assoc_callers.get(&t.id).unwrap_or(&1);
                // a property of the design, not of entry traffic: not scaled by the multiplier
                let gb = per_gb / callers as f64;
                edges.get_mut(&c.id).unwrap().gb = gb;
                ctx.route_out(s, t, gb, &mut usage);
            }
        }
    }

    Traffic { multiplier, usage, edges, back_edges: back.into_iter().collect(), order }
}

/// The share of a node's incoming requests it forwards downstream (1 − its cache hit ratio);
/// 1 for nodes without a cache.
pub fn pass_through(design: &Design, node: &Node) -> f64 {
    match node.kind.as_str() {
        "cloudfront" => 1.0 - ratio(design, node, "cache_hit_ratio", 0.85),
        // only REST APIs have a stage cache
        "api-gateway" if design.flag(node, "caching") && design.text(node, "api_type") == "rest" => 1.0 - ratio(design, node, "cache_hit_ratio", 0.5),
        "elasticache" => 1.0 - ratio(design, node, "hit_ratio", 0.8),
        _ => 1.0,
    }
}

/// Monthly requests a client node sends (before any multiplier).
pub fn entry_volume(design: &Design, node: &Node) -> f64 {
    match design.prop(node, "requests_per_month").and_then(|v| v.as_f64()) {
        Some(v) => v.max(0.0),
        None if node.kind == "users" => 10_000_000.0,
        None => 0.0,
    }
}

/// (request KB, response KB) of a connection: see the module docs.
pub fn payload(design: &Design, c: &crate::model::Connection) -> (f64, f64) {
    let w = &design.workload;
    match c.kind {
        ConnKind::Sync => (w.request_kb.max(0.0), c.payload_kb.unwrap_or(w.response_kb).max(0.0)),
        ConnKind::Async => (c.payload_kb.unwrap_or(w.request_kb).max(0.0), 0.0),
        _ => (0.0, 0.0),
    }
}

/// Read share of a data store: its `read_ratio` property, else [`DEFAULT_READ_RATIO`].
pub fn read_ratio(design: &Design, node: &Node) -> f64 {
    design.prop(node, "read_ratio").and_then(|v| v.as_f64()).unwrap_or(DEFAULT_READ_RATIO).clamp(0.0, 1.0)
}

/// A 0..1 property, else `default`.
fn ratio(design: &Design, node: &Node, key: &str, default: f64) -> f64 {
    design.prop(node, key).and_then(|x| x.as_f64()).unwrap_or(default).clamp(0.0, 1.0)
}

fn role(n: &Node) -> Option<Role> {
    catalog::kind(&n.kind).map(|k| k.role)
}

fn is_client(n: &Node) -> bool {
    n.kind == "users" || n.kind == "on-premises" || matches!(role(n), Some(Role::Client)) && n.kind != "external-api"
}

fn is_cache(n: &Node) -> bool {
    n.kind == "elasticache" || matches!(role(n), Some(Role::Cache))
}

fn is_data_store(n: &Node) -> bool {
    matches!(role(n), Some(Role::DataStore | Role::Cache)) || matches!(n.kind.as_str(), "rds" | "aurora" | "dynamodb" | "s3" | "efs")
}

/// DFS from the clients (then all nodes, by id) over traffic edges: returns the nodes in
/// topological order of the graph without back edges, and the back edges.
fn propagation_order(design: &Design) -> (Vec<NodeId>, BTreeSet<ConnId>) {
    let mut g = petgraph::graph::DiGraph::<&NodeId, &ConnId>::with_capacity(design.nodes.len(), design.connections.len());
    let mut ix: BTreeMap<&NodeId, NodeIndex> = BTreeMap::new();
    for id in design.nodes.keys() {
        ix.insert(id, g.add_node(id));
    }
    for c in design.connections.values() {
        if matches!(c.kind, ConnKind::Sync | ConnKind::Async) {
            if let (Some(a), Some(b)) = (ix.get(&c.from), ix.get(&c.to)) {
                g.add_edge(*a, *b, &c.id);
            }
        }
    }
    let mut starts: Vec<NodeIndex> = design.nodes.values().filter(|n| is_client(n)).map(|n| ix[&n.id]).collect();
    starts.extend(design.nodes.values().filter(|n| !is_client(n)).map(|n| ix[&n.id]));
    let mut back_pairs: BTreeSet<(NodeIndex, NodeIndex)> = BTreeSet::new();
    let mut finished: Vec<NodeIndex> = Vec::with_capacity(design.nodes.len());
    depth_first_search(&g, starts, |ev| -> Control<()> {
        match ev {
            DfsEvent::BackEdge(a, b) => {
                back_pairs.insert((a, b));
            }
            DfsEvent::Finish(n, _) => finished.push(n),
            _ => {}
        }
        Control::Continue
    });
    let mut back = BTreeSet::new();
    for e in g.edge_references() {
        if back_pairs.contains(&(e.source(), e.target())) {
            back.insert((*e.weight()).clone());
        }
    }
    finished.reverse();
    (finished.into_iter().map(|i| g[i].clone()).collect(), back)
}

/// Placement facts read per call, built once.
struct Ctx<'d> {
    design: &'d Design,
    /// VPC id -> gateway endpoint services (s3, dynamodb).
    gateway_eps: BTreeMap<NodeId, BTreeSet<String>>,
    /// VPC id -> (service -> interface endpoint node id).
    interface_eps: BTreeMap<NodeId, BTreeMap<String, NodeId>>,
    /// VPC id -> NAT gateway ids, with their AZ.
    nats: BTreeMap<NodeId, Vec<(Option<NodeId>, NodeId)>>,
    /// VPC id -> number of AZ containers.
    vpc_azs: BTreeMap<NodeId, usize>,
}

impl<'d> Ctx<'d> {
    fn new(design: &'d Design) -> Self {
        let mut gateway_eps: BTreeMap<NodeId, BTreeSet<String>> = BTreeMap::new();
        let mut interface_eps: BTreeMap<NodeId, BTreeMap<String, NodeId>> = BTreeMap::new();
        let mut nats: BTreeMap<NodeId, Vec<(Option<NodeId>, NodeId)>> = BTreeMap::new();
        let mut vpc_azs: BTreeMap<NodeId, usize> = BTreeMap::new();
        for n in design.nodes.values() {
            let vpc = design.enclosing(&n.id, "vpc").map(|v| v.id.clone());
            match n.kind.as_str() {
                "vpc-endpoint-gateway" => {
                    if let Some(v) = vpc {
                        let svc = design.text(n, "service");
                        gateway_eps.entry(v).or_default().insert(if svc.is_empty() { "s3".into() } else { svc });
                    }
                }
                "vpc-endpoint-interface" => {
                    if let Some(v) = vpc {
                        let svc = design.text(n, "service");
                        interface_eps.entry(v).or_default().entry(if svc.is_empty() { "other".into() } else { svc }).or_insert(n.id.clone());
                    }
                }
                "nat-gateway" => {
                    if let Some(v) = vpc {
                        nats.entry(v).or_default().push((design.enclosing(&n.id, "az").map(|a| a.id.clone()), n.id.clone()));
                    }
                }
                "az" => {
                    if let Some(v) = vpc {
                        *vpc_azs.entry(v).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        Ctx { design, gateway_eps, interface_eps, nats, vpc_azs }
    }

    fn num(&self, n: &Node, key: &str, default: f64) -> f64 {
        self.design.prop(n, key).and_then(|v| v.as_f64()).unwrap_or(default)
    }

    /// Whether responses from a call made by `s` leave AWS to the internet.
    fn faces_internet(&self, s: &Node) -> bool {
        (is_client(s) && s.kind != "on-premises") || s.kind == "route53"
    }

    /// Does `n` send its outbound traffic through a NAT gateway?
    fn behind_nat(&self, n: &Node) -> bool {
        let Some(sub) = self.design.enclosing(&n.id, "subnet") else { return false };
        match self.design.text(sub, "route_out").as_str() {
            "nat" => true,
            "igw" | "none" => false,
            _ => self.design.text(sub, "tier") == "private",
        }
    }


    /// Books `gb` from `s` to `t` on a NAT gateway or an interface endpoint, if that is the path.
    fn route_out(&self, s: &Node, t: &Node, gb: f64, usage: &mut BTreeMap<NodeId, Usage>) {
        if gb <= 0.0 || !self.behind_nat(s) {
            return;
        }
        let d = self.design;
        if d.enclosing(&t.id, "vpc").is_some() || is_client(t) {
            return; // inside a VPC (same or peered: not via NAT), or on-premises (VPN/DX)
        }
        let Some(vpc) = d.enclosing(&s.id, "vpc").map(|v| v.id.clone()) else { return };
        if let Some(svc) = crate::catalog::endpoint_service(&t.kind) {
            if self.gateway_eps.get(&vpc).is_some_and(|g| g.contains(svc)) && matches!(svc, "s3" | "dynamodb") {
                return;
            }
            if let Some(ep) = self.interface_eps.get(&vpc).and_then(|m| m.get(svc)) {
                usage.get_mut(ep).unwrap().endpoint_gb += gb;
                return;
            }
        }
        let Some(nats) = self.nats.get(&vpc) else { return };
        let az = d.enclosing(&s.id, "az").map(|a| a.id.clone());
        let nat = nats.iter().find(|(a, _)| az.is_some() && *a == az).or_else(|| nats.first());
        if let Some((_, id)) = nat {
            usage.get_mut(id).unwrap().nat_gb += gb;
        }
    }

    /// Pinned AZ (Some(id)) or spread over n AZs (None, n).
    fn placement(&self, n: &Node) -> Option<(Option<NodeId>, usize)> {
        let d = self.design;
        let vpc = d.enclosing(&n.id, "vpc")?;
        let explicit = d.prop(n, "az_count").and_then(|v| v.as_f64()).map(|x| x.max(1.0) as usize);
        if let Some(k) = explicit {
            if k > 1 {
                return Some((None, k));
            }
        }
        if let Some(az) = d.enclosing(&n.id, "az") {
            return Some((Some(az.id.clone()), 1));
        }
        let k = explicit.unwrap_or_else(|| self.vpc_azs.get(&vpc.id).copied().filter(|k| *k > 0).unwrap_or(2));
        Some((None, k))
    }

    /// Expected share of calls from `s` to `t` that cross AZs.
    fn cross_az_fraction(&self, s: &Node, t: &Node) -> f64 {
        if matches!(s.kind.as_str(), "alb" | "nlb") {
            return 0.0;
        }
        let d = self.design;
        let (Some(vs), Some(vt)) = (d.enclosing(&s.id, "vpc"), d.enclosing(&t.id, "vpc")) else { return 0.0 };
        if vs.id != vt.id {
            return 0.0;
        }
        let (Some((az_s, ns)), Some((az_t, nt))) = (self.placement(s), self.placement(t)) else { return 0.0 };
        match (az_s, az_t) {
            (Some(a), Some(b)) => {
                if a == b {
                    0.0
                } else {
                    1.0
                }
            }
            (Some(_), None) => (nt as f64 - 1.0) / nt as f64,
            (None, Some(_)) => (ns as f64 - 1.0) / ns as f64,
            (None, None) => {
                let n = ns.max(nt) as f64;
                (n - 1.0) / n
            }
        }
    }
}
