//! Traffic: how many requests, messages and bytes reach each node of a design per month.
//!
//! Shared by the cost and latency engines, so both see the same volumes. Pure: a function of
//! the design (and a multiplier) only.
//!
//! # The model
//! - **Entries.** Every client node (`users`, and any client kind with a `requests_per_month`
//!   property) sends `requests_per_month × multiplier` synchronous requests per month.
//! - **Fixed sources.** An SNS topic receives its `other_publishes_per_month` (publishes from
//!   senders not drawn: alarms, scaling notifications) as messages, a fixed figure the
//!   multiplier does not scale, and passes them on to its drawn subscribers as any message
//!   (review s33 R6: they reached the topic's bill only, and its subscribers counted none).
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
//!   - NAT: a caller in a private subnet (tier `private` or `route_out: nat`, or a workload
//!     placed at VPC level) talking to anything outside its VPC (regional AWS services, external
//!     APIs) sends request+response through a NAT gateway: from each AZ it runs in, the NAT of
//!     that AZ, else the VPC's first NAT, across AZs. Unless the VPC has a gateway endpoint (S3,
//!     DynamoDB: free) or an interface endpoint for that service (then the endpoint processes
//!     the bytes; so does an interface endpoint a connection is drawn to, booked on it). The service is [`crate::catalog::data_path_service`]: ECR image layers come
//!     from S3. Compute → `ecr` and compute → `cloudwatch` associations carry the image pulls /
//!     log volume of that ECR/CloudWatch node, split among its callers;
//!   - inter-AZ ([`crate::zones`], the one place it is decided): every hop whose two ends run in
//!     different AZs of one region, to the callee, to the NAT gateway or interface endpoint the
//!     bytes go through, or to a replica, the share of its bytes expected to cross from where
//!     both ends run; except the hops AWS exempts ([`crate::zones::EXEMPTIONS`]: ALB to its
//!     targets, RDS/Aurora replication, calls to Lambda). An NLB with `cross_zone` off keeps
//!     to its own AZ. Booked on the sender, by the node at the other end ([`Usage::inter_az_to`]);
//!   - inter-region: calls and replication between nodes in different regions. Replication
//!     carries the source's writes (requests × (1 − read_ratio) × request size) or, for S3, its
//!     `growth_gb_per_month`.
//! - **Derived usage**: requests per second (average and peak = average × `peak_to_average`),
//!   Lambda invocations and GB-seconds, ALB LCU-hours / NLB NLCU-hours (from average rates:
//!   one new connection per request, bytes processed counted once — the clients' leg, not
//!   the clients' and the targets' —, rule evaluations beyond 10 free rules),
//!   storage growth (S3 `growth_gb_per_month`).

use crate::catalog::{self, Role};
use crate::graph;
use crate::zones::{self, Spread, Zones};
use crate::model::{ConnId, ConnKind, Design, Node, NodeId};
use petgraph::graph::NodeIndex;
use petgraph::visit::{depth_first_search, Control, DfsEvent, EdgeRef};
use serde::{Deserialize, Serialize};
use rustc_hash::FxHashMap;
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// NAT gateway: calls and messages per month it carries to each destination node (on the
    /// NAT node; routes through it only, not connections drawn to it). The capacity analysis
    /// checks the connections-per-destination quota with it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub nat_calls_to: BTreeMap<NodeId, f64>,
    /// Interface endpoint: GB processed (on the endpoint node).
    pub endpoint_gb: f64,
    /// GB this node's calls move across AZs (each direction is billed), see [`crate::zones`].
    pub inter_az_gb: f64,
    /// The same GB by the node at the other end of the crossing: a callee, the NAT gateway or
    /// interface endpoint the bytes go through, a replica (sums to `inter_az_gb`).
    pub inter_az_to: BTreeMap<NodeId, f64>,
    /// GB this node sends to the internet.
    pub internet_egress_gb: f64,
    /// GB this node sends to other regions.
    pub inter_region_gb: f64,
    /// For each destination region, GB sent there (sums to `inter_region_gb`).
    pub inter_region_to: BTreeMap<String, f64>,
    /// GB of stored data added per month.
    pub storage_growth_gb: f64,
    /// SNS topic: the messages among `messages` from senders not drawn (its
    /// `other_publishes_per_month`, not scaled by the multiplier): the traffic plan's one
    /// reading of that figure, which the bill takes from here (review s34 R6). 0 elsewhere,
    /// and then not serialized (the bill's bytes of a design without it stay as they were).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fixed_messages: f64,
}

/// Whether `x` is 0 (a field left out of the serialized form when it is).
fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Usage {
    /// Whether `self` and `other` hold the same numbers bit for bit (`==` takes −0 for 0 and
    /// never NaN for NaN): what an analysis computed from one gives exactly what it computed
    /// from the other. Destructured, so a new field cannot be left out.
    pub fn same_bits(&self, other: &Usage) -> bool {
        let Usage {
            requests,
            messages,
            reads,
            writes,
            cache_hits,
            forwarded,
            gb_in,
            gb_out,
            avg_rps,
            peak_rps,
            invocations,
            gb_seconds,
            lcu_hours,
            nat_gb,
            nat_calls_to,
            endpoint_gb,
            inter_az_gb,
            inter_az_to,
            internet_egress_gb,
            inter_region_gb,
            inter_region_to,
            storage_growth_gb,
            fixed_messages,
        } = self;
        let same = |a: &f64, b: &f64| a.to_bits() == b.to_bits();
        let same_map = |a: &BTreeMap<NodeId, f64>, b: &BTreeMap<NodeId, f64>| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0 && same(x.1, y.1));
        same(requests, &other.requests)
            && same(messages, &other.messages)
            && same(reads, &other.reads)
            && same(writes, &other.writes)
            && same(cache_hits, &other.cache_hits)
            && same(forwarded, &other.forwarded)
            && same(gb_in, &other.gb_in)
            && same(gb_out, &other.gb_out)
            && same(avg_rps, &other.avg_rps)
            && same(peak_rps, &other.peak_rps)
            && same(invocations, &other.invocations)
            && same(gb_seconds, &other.gb_seconds)
            && same(lcu_hours, &other.lcu_hours)
            && same(nat_gb, &other.nat_gb)
            && same_map(nat_calls_to, &other.nat_calls_to)
            && same(endpoint_gb, &other.endpoint_gb)
            && same(inter_az_gb, &other.inter_az_gb)
            && same_map(inter_az_to, &other.inter_az_to)
            && same(internet_egress_gb, &other.internet_egress_gb)
            && same(inter_region_gb, &other.inter_region_gb)
            && inter_region_to.len() == other.inter_region_to.len()
            && inter_region_to.iter().zip(&other.inter_region_to).all(|(x, y)| x.0 == y.0 && same(x.1, y.1))
            && same(storage_growth_gb, &other.storage_growth_gb)
            && same(fixed_messages, &other.fixed_messages)
    }
}

/// Traffic through a whole design.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Traffic {
    /// The multiplier the entry volumes were scaled by.
    pub multiplier: f64,
    /// Each node's usage, in node id order: by position, the design's node positions
    /// ([`crate::graph::Index`]) when the traffic is the design's own.
    pub usage: Keyed<NodeId, Usage>,
    /// Each connection's flow, in connection id order (by position, the design's).
    pub edges: Keyed<ConnId, EdgeFlow>,
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
        // The requests read in place (`of` would copy each client's whole usage).
        design.nodes.values().filter(|n| is_client(n)).map(|n| self.usage.get(&n.id).map_or(0.0, |u| u.requests)).sum()
    }
}

/// Values with their keys, in ascending key order, in two lists: a map read by key (`get`,
/// `[&key]`, in order by `iter`) as a `BTreeMap` is, and by position (`at`, `values_slice`).
///
/// Why not a `BTreeMap`: the traffic's results are worked out by node and connection position
/// ([`Plan::run`]) and read by position by the bill and the capacity plan. Moved into a
/// `BTreeMap` each value (a [`Usage`] is ~220 bytes) was copied into a node of its own
/// allocation and each reader walked the tree; at 5,000 components the 5,000 usages and
/// 14,350 flows (~1.8 MB) were written twice and read from the tree, beyond a 1 MB L2
/// (BENCHMARKS.md s43-core5000). Here the list the plan filled is kept as it is.
///
/// Serialized as the map it stands for (the same bytes as a `BTreeMap`'s), read from one.
#[derive(Clone, PartialEq)]
pub struct Keyed<K, V> {
    keys: Vec<K>,
    values: Vec<V>,
}

impl<K, V> Default for Keyed<K, V> {
    fn default() -> Self {
        Keyed { keys: Vec::new(), values: Vec::new() }
    }
}

impl<K: Ord, V> Keyed<K, V> {
    /// From keys in strictly ascending order and their values (as many).
    pub fn from_sorted(keys: Vec<K>, values: Vec<V>) -> Self {
        assert_eq!(keys.len(), values.len(), "a value per key");
        debug_assert!(keys.windows(2).all(|w| w[0] < w[1]), "keys in strictly ascending order");
        Keyed { keys, values }
    }
    pub fn len(&self) -> usize {
        self.keys.len()
    }
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
    /// The position of `key` in key order.
    pub fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Option<usize>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.keys.binary_search_by(|k| k.borrow().cmp(key)).ok()
    }
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.position(key).map(|i| &self.values[i])
    }
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.position(key).map(|i| &mut self.values[i])
    }
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.position(key).is_some()
    }
    /// The key and value at position `i` in key order.
    pub fn at(&self, i: usize) -> Option<(&K, &V)> {
        Some((self.keys.get(i)?, &self.values[i]))
    }
    /// (key, value) in key order.
    pub fn iter(&self) -> std::iter::Zip<std::slice::Iter<'_, K>, std::slice::Iter<'_, V>> {
        self.keys.iter().zip(self.values.iter())
    }
    pub fn keys(&self) -> std::slice::Iter<'_, K> {
        self.keys.iter()
    }
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.values.iter()
    }
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, V> {
        self.values.iter_mut()
    }
    /// The keys, in order, as a list.
    pub fn keys_slice(&self) -> &[K] {
        &self.keys
    }
    /// The values in key order, as a list: by position.
    pub fn values_slice(&self) -> &[V] {
        &self.values
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Keyed<K, V> {
    /// As a `BTreeMap` collects: sorted by key, the last value of a repeated key kept.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let map: BTreeMap<K, V> = iter.into_iter().collect();
        let (keys, values) = map.into_iter().unzip();
        Keyed { keys, values }
    }
}

impl<K: Ord, V> From<BTreeMap<K, V>> for Keyed<K, V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        let (keys, values) = map.into_iter().unzip();
        Keyed { keys, values }
    }
}

impl<'a, K, V> IntoIterator for &'a Keyed<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, K>, std::slice::Iter<'a, V>>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter().zip(self.values.iter())
    }
}

impl<K: Ord + std::borrow::Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Keyed<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for Keyed<K, V> {
    /// As a `BTreeMap` writes itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.keys.iter().zip(&self.values)).finish()
    }
}

impl<K: Serialize, V: Serialize> Serialize for Keyed<K, V> {
    /// As a `BTreeMap` serializes itself (`collect_map` over its entries in key order).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.keys.iter().zip(&self.values))
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Keyed<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<K, V>::deserialize(deserializer).map(Keyed::from)
    }
}

/// Traffic at the design's own volumes.
pub fn traffic(design: &Design) -> Traffic {
    traffic_at(design, 1.0)
}

/// Traffic with every entry volume scaled by `multiplier` (≥ 0; negative counts as 0).
pub fn traffic_at(design: &Design, multiplier: f64) -> Traffic {
    Plan::new(design).run(multiplier)
}

/// Where some of the bytes of a call are processed on their way out of a private subnet:
/// a NAT gateway or an interface endpoint (node position), the share of the call's bytes that
/// goes through it, and the share of the call's bytes that crosses AZs to reach it.
#[derive(Clone, Copy, Debug)]
struct Leg {
    device: usize,
    share: f64,
    cross: f64,
}

/// Everything about a design that traffic needs and that does not depend on the entry
/// volumes, worked out once (placement, shares, order, routes), with nodes and connections
/// addressed by their position in the design's id-ordered maps. [`Plan::run`] then only does
/// arithmetic, in exactly the order of the reference algorithm.
pub(crate) struct Plan<'d> {
    design: &'d Design,
    nodes: Vec<&'d Node>,
    /// Each node's kind by position ([`graph::Index::kind_at`]): the per-node and
    /// per-connection passes test kinds here instead of reading every node's kind from the
    /// heap (at 5,000 nodes, one cache miss per node or connection end and pass).
    kinds: Vec<&'d str>,
    /// Per connection: its kind ([`graph::Index::conn_kinds`]), read instead of the connection.
    conn_kinds: Vec<ConnKind>,
    /// Per connection: (from, to) node positions.
    ends: Vec<(Option<usize>, Option<usize>)>,
    /// Per node: outgoing connection positions, in connection id order (the graph index's
    /// table, copied: one allocation, not one per node).
    out: graph::Flat<usize>,
    share: Vec<f64>,
    payload: Vec<(f64, f64)>,
    back: Vec<bool>,
    order: Vec<usize>,
    back_ids: Vec<ConnId>,
    client: Vec<bool>,
    compute: Vec<bool>,
    /// Data store that is not a cache: its read ratio.
    store_read: Vec<Option<f64>>,
    /// Cache: its hit ratio.
    cache_hit: Vec<Option<f64>>,
    pass: Vec<f64>,
    entry: Vec<f64>,
    /// (node position, messages per month) of the nodes that receive messages from senders not
    /// drawn: SNS topics with `other_publishes_per_month` set above 0. Not multiplied.
    fixed: Vec<(usize, f64)>,
    /// Per node: lambda (memory GB, duration s), s3 growth, ALB rules evaluated per request.
    lambda: Vec<(f64, f64)>,
    s3_growth: Vec<f64>,
    alb: Vec<f64>,
    /// Per node: read ratio (replication sources; 0 for the others, which never read it).
    read: Vec<f64>,
    /// Per connection: the NAT gateways / interface endpoints its bytes go through (none when
    /// they go direct), and the share of its bytes that crosses AZs between its two ends.
    route: Vec<Vec<Leg>>,
    cross: Vec<f64>,
    /// Destination region when the connection crosses regions.
    region_to: Vec<Option<String>>,
    /// Association: GB per month it carries (ECR pulls / logs), when it carries any.
    assoc_gb: Vec<Option<f64>>,
}

impl<'d> Plan<'d> {
    /// Each connection's share ([`graph::edge_shares_in_order`]), in connection id order:
    /// the latency projection reads them from here instead of working them out again.
    pub(crate) fn shares(&self) -> &[f64] {
        &self.share
    }

    pub(crate) fn new(design: &'d Design) -> Self {
        let index = graph::Index::new(design);
        Plan::with_index(design, &graph::Containers::new(design, index.positions()), &index)
    }

    /// [`Plan::new`] with the design's containers and graph index already worked out (an
    /// analysis context's): nodes, connections, their ends and each node's outgoing
    /// connections by position are the index's (two hashes of an id per connection, and a
    /// list per node, saved), the shares grouped by the index's lists
    /// ([`graph::edge_shares_at`]).
    pub(crate) fn with_index(design: &'d Design, containers: &graph::Containers<'d>, index: &graph::Index<'d>) -> Self {
        let nodes: Vec<&Node> = index.nodes.clone();
        let kinds: Vec<&'d str> = (0..nodes.len()).map(|p| index.kind_at(p)).collect();
        let pos = index.positions().clone();
        let conns: Vec<&crate::model::Connection> = index.conns.clone();
        let conn_kinds: Vec<ConnKind> = index.conn_kinds().to_vec();
        let ends: Vec<(Option<usize>, Option<usize>)> = index.ends().to_vec();
        let out = index.out_table().clone();
        let share = graph::edge_shares_at(index);
        let payload = conns.iter().map(|c| payload(design, c)).collect();
        // Each node's catalog role, looked up once (the client, cache and store tests read it).
        let roles: Vec<Option<Role>> = (0..nodes.len()).map(|p| index.spec_at(p).map(|k| k.role)).collect();
        let client: Vec<bool> = kinds.iter().zip(&roles).map(|(k, r)| client_with(k, *r)).collect();
        let (order, back) = propagation_order(design, &client, &conns, &ends);
        let back_ids = conns.iter().zip(&back).filter(|(_, b)| **b).map(|(c, _)| c.id.clone()).collect();
        let ctx = Ctx::new(design, containers, &pos);

        let compute = roles.iter().map(|r| matches!(r, Some(Role::Compute))).collect();
        let cache: Vec<bool> = kinds.iter().zip(&roles).map(|(k, r)| cache_with(k, *r)).collect();
        let store_read: Vec<Option<f64>> =
            nodes.iter().zip(&kinds).zip(&roles).zip(&cache).map(|(((n, k), r), c)| (data_store_with(k, *r) && !c).then(|| read_ratio(design, n))).collect();
        let cache_hit = nodes.iter().zip(&cache).map(|(n, c)| c.then(|| ratio(design, n, "hit_ratio", 0.8))).collect();
        let pass = nodes.iter().zip(&kinds).map(|(n, k)| pass_through_of(design, n, k)).collect();
        let entry = nodes.iter().zip(&client).map(|(n, c)| if *c { entry_volume(design, n) } else { 0.0 }).collect();
        let fixed = nodes
            .iter()
            .zip(&kinds)
            .enumerate()
            .filter(|(_, (_, &k))| k == "sns")
            .map(|(i, (n, _))| (i, ctx.num(n, "other_publishes_per_month", 0.0).max(0.0)))
            .filter(|&(_, m)| m > 0.0)
            .collect();
        let lambda = nodes
            .iter()
            .zip(&kinds)
            .map(|(n, &k)| if k == "lambda" { (ctx.num(n, "memory_mb", 512.0) / 1024.0, ctx.num(n, "duration_ms", 100.0) / 1000.0) } else { (0.0, 0.0) })
            .collect();
        let s3_growth = nodes.iter().zip(&kinds).map(|(n, &k)| if k == "s3" { ctx.num(n, "growth_gb_per_month", 10.0) } else { 0.0 }).collect();
        let alb = nodes.iter().zip(&kinds).map(|(n, &k)| if k == "alb" { ctx.num(n, "rules_per_request", 5.0) } else { 0.0 }).collect();
        // A store's read ratio is the one read above (the same property of the same node).
        // Only a replication's source is asked for one (`run`): the others are never read.
        let mut read = vec![0.0; nodes.len()];
        for (&kind, &(s, _)) in conn_kinds.iter().zip(&ends) {
            let Some(s) = s.filter(|_| kind == ConnKind::Replication) else { continue };
            let n = nodes[s];
            read[s] = if kinds[s] == "s3" { 0.0 } else { store_read[s].unwrap_or_else(|| read_ratio(design, n)) };
        }

        // placement, once per node: one pass down the containers finds each node's VPC, subnet
        // and region; the AZs come from the one AZ lookup (crate::zones), on the same pass.
        // The VPC of each node by position (what the endpoint and NAT tables are keyed by).
        let vpc: Vec<Option<usize>> = containers.of.iter().map(|e| e.vpc.and_then(|v| pos.get(&v.id))).collect();
        let zones = Zones::with_containers(design, pos, containers);
        let spread: Vec<&Spread> = nodes.iter().map(|n| zones.spread_of(&n.id)).collect();
        // Private callers go out through NAT: a subnet routed to NAT, or a workload placed at
        // VPC level (it runs in the VPC's private subnets, as the rules' topology reads it).
        // Each subnet's route is read once (two property reads), not once per node in it.
        let mut routed_to_nat: FxHashMap<&NodeId, bool> = FxHashMap::default();
        let nat: Vec<bool> = containers
            .of
            .iter()
            .zip(&kinds)
            .map(|(e, k)| match e.subnet {
                None => e.vpc.is_some() && crate::rules::topology::is_vpc_workload(k),
                Some(sub) => *routed_to_nat.entry(&sub.id).or_insert_with(|| crate::rules::topology::subnet_route(design, sub) == crate::rules::topology::Route::Nat),
            })
            .collect();
        let region: &[&str] = &containers.region;
        // The devices (NAT gateways / one interface endpoint) a caller's bytes to `t` go
        // through: each of the caller's AZs uses the device in its own AZ when there is one
        // (route tables per AZ, endpoint interfaces per AZ), else the first, across AZs.
        let legs = |s: usize, devices: &[usize]| -> Vec<Leg> {
            let Some(&first) = devices.first() else { return Vec::new() };
            let from = spread[s];
            if from.is_empty() {
                return vec![Leg { device: first, share: 1.0, cross: 0.0 }];
            }
            let mut out: Vec<Leg> = Vec::new();
            for &(z, share) in &from.0 {
                let local = devices.iter().copied().find(|&d| spread[d].share(z) > 0.0);
                let (device, cross) = match local {
                    Some(d) => (d, 0.0),
                    None => (first, if spread[first].is_empty() { 0.0 } else { share }),
                };
                match out.iter_mut().find(|l| l.device == device) {
                    Some(l) => {
                        l.share += share;
                        l.cross += cross;
                    }
                    None => out.push(Leg { device, share, cross }),
                }
            }
            out
        };
        // How the bytes from `s` to an AWS service `t` leave a private subnet.
        let route_of = |s: usize, t: usize| -> Vec<Leg> {
            // An interface endpoint's own calls go to its service over PrivateLink, never
            // through a NAT gateway.
            if !nat[s] || vpc[t].is_some() || client[t] || kinds[s] == "vpc-endpoint-interface" {
                return Vec::new();
            }
            let Some(v) = vpc[s] else { return Vec::new() };
            if let Some(svc) = crate::catalog::data_path_service(kinds[t]) {
                if ctx.gateway_eps.get(&v).is_some_and(|g| g.contains(svc)) && matches!(svc, "s3" | "dynamodb") {
                    return Vec::new();
                }
                if let Some(&ep) = ctx.interface_eps.get(&v).and_then(|m| m.get(svc)) {
                    return legs(s, &[ep]);
                }
            }
            legs(s, ctx.nats.get(&v).map(Vec::as_slice).unwrap_or(&[]))
        };
        // The share of a connection's bytes that crosses AZs between its two ends (inter-region
        // hops are priced as inter-region transfer instead).
        let cross_of = |s: usize, t: usize, kind: ConnKind| -> f64 {
            if region[s] != region[t] {
                return 0.0;
            }
            zones::crossing(spread[s], spread[t], zones::hop_of(design, nodes[s], kinds[s], kinds[t], kind))
        };
        let mut assoc_callers: BTreeMap<usize, usize> = BTreeMap::new();
        for (ci, &kind) in conn_kinds.iter().enumerate() {
            if kind == ConnKind::Association {
                if let (Some(f), Some(t)) = ends[ci] {
                    if matches!(roles[f], Some(Role::Compute | Role::Platform)) {
                        *assoc_callers.entry(t).or_default() += 1;
                    }
                }
            }
        }
        let n_c = conns.len();
        let mut route: Vec<Vec<Leg>> = vec![Vec::new(); n_c];
        let mut cross = vec![0.0; n_c];
        let mut region_to = vec![None; n_c];
        let mut assoc_gb = vec![None; n_c];
        for (ci, &kind) in conn_kinds.iter().enumerate() {
            let (Some(s), Some(t)) = ends[ci] else { continue };
            match kind {
                ConnKind::Sync | ConnKind::Async => {
                    route[ci] = route_of(s, t);
                    cross[ci] = cross_of(s, t, kind);
                    // A global service (Route 53, CloudFront) has no region to send from or to.
                    let global = catalog::is_global(kinds[s]) || catalog::is_global(kinds[t]);
                    if region[s] != region[t] && !global && !client[s] && !client[t] && kinds[t] != "external-api" {
                        region_to[ci] = Some(region[t].to_string());
                    }
                }
                ConnKind::Replication => {
                    cross[ci] = cross_of(s, t, kind);
                    if region[s] != region[t] {
                        region_to[ci] = Some(region[t].to_string());
                    }
                }
                ConnKind::Association => {
                    let tn = nodes[t];
                    let per_gb = match kinds[t] {
                        "ecr" => ctx.num(tn, "image_pulls_gb_per_month", 50.0),
                        "cloudwatch" => ctx.num(tn, "logs_gb_per_month", 10.0),
                        _ => continue,
                    };
                    if !matches!(roles[s], Some(Role::Compute | Role::Platform)) {
                        continue;
                    }
                    let callers = *assoc_callers.get(&t).unwrap_or(&1);
                    assoc_gb[ci] = Some(per_gb / callers as f64);
                    route[ci] = route_of(s, t);
                }
            }
        }
        Plan {
            design,
            nodes,
            kinds,
            conn_kinds,
            ends,
            out,
            share,
            payload,
            back,
            order,
            back_ids,
            client,
            compute,
            store_read,
            cache_hit,
            pass,
            entry,
            fixed,
            lambda,
            s3_growth,
            alb,
            read,
            route,
            cross,
            region_to,
            assoc_gb,
        }
    }

    /// ALB LCU-hours and NLB NLCU-hours (ELB pricing: an LCU-hour is billed on the largest of
    /// its dimensions each hour; here from average rates):
    /// - new connections: one per request (ALB 25/s per LCU; NLB 800 TCP flows/s per NLCU);
    /// - active connections: one-second connections (ALB 3,000/min; NLB 100,000/min);
    /// - processed bytes: every byte the load balancer handles, counted **once**: the requests
    ///   and responses of its clients (its incoming leg). The target leg carries the same bytes
    ///   and is not added again. 1 GB/h per (N)LCU, and for an ALB 0.4 GB/h for the share of
    ///   the bytes that goes to Lambda targets;
    /// - ALB rule evaluations beyond the 10 free per request (1,000/s per LCU).
    fn capacity_units(&self, usage: &mut [Usage], edges: &[EdgeFlow]) {
        let lb = |i: usize| matches!(self.kinds[i], "alb" | "nlb");
        let mut leg_in = vec![0.0; self.nodes.len()];
        let mut leg_out = vec![0.0; self.nodes.len()];
        let mut to_lambda = vec![0.0; self.nodes.len()];
        for (ci, &kind) in self.conn_kinds.iter().enumerate() {
            let (Some(s), Some(t)) = self.ends[ci] else { continue };
            if kind != ConnKind::Sync || self.back[ci] {
                continue;
            }
            let gb = edges[ci].gb;
            if lb(t) {
                leg_in[t] += gb;
            }
            if lb(s) {
                leg_out[s] += gb;
                if self.kinds[t] == "lambda" {
                    to_lambda[s] += gb;
                }
            }
        }
        for (i, &kind) in self.kinds.iter().enumerate() {
            let u = &usage[i];
            let gb_per_hour = leg_in[i] / HOURS_PER_MONTH;
            let lcu = match kind {
                "alb" => {
                    let new_conn = u.avg_rps / 25.0;
                    let active = u.avg_rps * 60.0 / 3000.0;
                    let lambda_share = if leg_out[i] > 0.0 { to_lambda[i] / leg_out[i] } else { 0.0 };
                    let bytes = gb_per_hour * ((1.0 - lambda_share) + lambda_share / 0.4);
                    let rules = (self.alb[i] - 10.0).max(0.0) * u.avg_rps / 1000.0;
                    new_conn.max(active).max(bytes).max(rules) * HOURS_PER_MONTH
                }
                "nlb" => (u.avg_rps / 800.0).max(u.avg_rps * 60.0 / 100_000.0).max(gb_per_hour) * HOURS_PER_MONTH,
                _ => continue,
            };
            usage[i].lcu_hours = lcu;
        }
    }

    /// Books `gb` of a call from `s` on the devices it goes through (NAT processing, endpoint
    /// processing) and the bytes that cross AZs to reach them on `s`.
    fn book_route(&self, usage: &mut [Usage], cross_to: &mut [BTreeMap<usize, f64>], s: usize, legs: &[Leg], gb: f64) {
        if gb <= 0.0 {
            return;
        }
        for l in legs {
            let u = &mut usage[l.device];
            if self.kinds[l.device] == "nat-gateway" {
                u.nat_gb += gb * l.share;
            } else {
                u.endpoint_gb += gb * l.share;
            }
            if l.cross > 0.0 {
                *cross_to[s].entry(l.device).or_default() += gb * l.cross;
            }
        }
    }

    /// Traffic with every entry volume scaled by `multiplier`: the same figures, bit for bit,
    /// as the reference algorithm described in the module docs.
    pub(crate) fn run(&self, multiplier: f64) -> Traffic {
        let multiplier = if multiplier.is_finite() { multiplier.max(0.0) } else { 0.0 };
        let design = self.design;
        let w = &design.workload;
        let nodes = &self.nodes;
        let mut usage: Vec<Usage> = vec![Usage::default(); nodes.len()];
        let mut edges: Vec<EdgeFlow> = self
            .payload
            .iter()
            .zip(&self.back)
            .map(|(&(rq, rs), &b)| EdgeFlow { calls: 0.0, request_kb: rq, response_kb: rs, gb: 0.0, back_edge: b })
            .collect();
        for (i, u) in usage.iter_mut().enumerate() {
            if self.client[i] {
                u.requests = self.entry[i] * multiplier;
            }
        }
        // Publishes from senders not drawn arrive at their topic before anything drawn does
        // (the topic is processed after its drawn publishers): unscaled, they go on to its
        // subscribers with the rest of its messages.
        for &(i, m) in &self.fixed {
            usage[i].messages += m;
            usage[i].fixed_messages = m;
        }

        for &i in &self.order {
            let (requests, messages) = (usage[i].requests, usage[i].messages);
            let pass = self.pass[i];
            let work = requests + if self.compute[i] { messages } else { 0.0 };
            let sync_out = work * pass;
            let async_out = requests + messages;
            usage[i].cache_hits = work * (1.0 - pass);
            usage[i].forwarded = sync_out;
            // Cache-aside: the best hit ratio among caches this node calls.
            let cache_hit = self.out
                .at(i)
                .iter()
                .filter(|&&ci| self.conn_kinds[ci] == ConnKind::Sync && !self.back[ci])
                .filter_map(|&ci| self.ends[ci].1)
                .filter_map(|t| self.cache_hit[t])
                .fold(None, |a: Option<f64>, h| Some(a.map_or(h, |x| x.max(h))));
            for &ci in self.out.at(i) {
                if self.back[ci] {
                    continue;
                }
                let kind = self.conn_kinds[ci];
                let share = self.share[ci];
                let mut calls = match kind {
                    ConnKind::Sync => sync_out * share,
                    ConnKind::Async => async_out * share,
                    _ => continue,
                };
                let to = self.ends[ci].1;
                let mut rw = (0.0, 0.0);
                if kind == ConnKind::Sync {
                    if let Some(read) = to.and_then(|t| self.store_read[t]) {
                        let miss = cache_hit.map_or(1.0, |h| 1.0 - h);
                        rw = (calls * read * miss, calls * (1.0 - read));
                        calls = rw.0 + rw.1;
                    }
                }
                let ef = &mut edges[ci];
                ef.calls = calls;
                ef.gb = calls * (ef.request_kb + ef.response_kb) / KB_PER_GB;
                let (rq_gb, rs_gb) = (calls * ef.request_kb / KB_PER_GB, calls * ef.response_kb / KB_PER_GB);
                if let Some(t) = to {
                    let t = &mut usage[t];
                    match kind {
                        ConnKind::Sync => t.requests += calls,
                        _ => t.messages += calls,
                    }
                    t.reads += rw.0;
                    t.writes += rw.1;
                    t.gb_in += rq_gb;
                    t.gb_out += rs_gb;
                }
                let s = &mut usage[i];
                s.gb_out += rq_gb;
                s.gb_in += rs_gb;
            }
        }

        // ---- per-node derived usage.
        for (i, &kind) in self.kinds.iter().enumerate() {
            let u = &mut usage[i];
            let work = u.requests + u.messages;
            u.avg_rps = work / SECONDS_PER_MONTH;
            u.peak_rps = u.avg_rps * w.peak_to_average.max(1.0);
            match kind {
                "lambda" => {
                    u.invocations = work;
                    let (mem_gb, dur_s) = self.lambda[i];
                    u.gb_seconds = work * mem_gb * dur_s;
                }
                "s3" => u.storage_growth_gb = self.s3_growth[i],
                _ => {}
            }
        }
        // Load balancer capacity units need the bytes, so after the loop above.
        self.capacity_units(&mut usage, &edges);

        // ---- network paths.
        // GB each node moves across AZs, by the node at the other end (summed into
        // `inter_az_gb` and `inter_az_to` at the end).
        let mut cross_to: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); nodes.len()];
        for (ci, &kind) in self.conn_kinds.iter().enumerate() {
            let (Some(s), Some(t)) = self.ends[ci] else { continue };
            match kind {
                ConnKind::Sync | ConnKind::Async => {
                    let ef = &edges[ci];
                    if ef.calls <= 0.0 {
                        continue;
                    }
                    let (sk, tk) = (self.kinds[s], self.kinds[t]);
                    // internet egress
                    if ((self.client[s] && sk != "on-premises") || sk == "route53") && !matches!(tk, "cloudfront" | "route53") {
                        usage[t].internet_egress_gb += ef.calls * ef.response_kb / KB_PER_GB;
                    }
                    // An interface endpoint reaches its service over PrivateLink, not the
                    // internet (an import draws a service the catalog has no kind for as an
                    // External API behind its endpoint: `iac::cfn::map`).
                    if tk == "external-api" && sk != "vpc-endpoint-interface" {
                        usage[s].internet_egress_gb += ef.calls * ef.request_kb / KB_PER_GB;
                    }
                    let gb = ef.gb;
                    self.book_route(&mut usage, &mut cross_to, s, &self.route[ci], gb);
                    // A call drawn to an interface endpoint (an import connects the compute its
                    // security group admits) passes through it: the endpoint processes its
                    // request and response bytes, as those routed through it above. Its own
                    // call on to the service is the same bytes, not booked again.
                    if tk == "vpc-endpoint-interface" {
                        usage[t].endpoint_gb += gb;
                    }
                    for l in self.route[ci].iter().filter(|l| self.kinds[l.device] == "nat-gateway") {
                        *usage[l.device].nat_calls_to.entry(nodes[t].id.clone()).or_default() += ef.calls * l.share;
                    }
                    if tk == "nat-gateway" {
                        // drawn explicitly through the NAT: it processes what it is sent
                        usage[t].nat_gb += gb;
                    }
                    let cross = self.cross[ci];
                    if cross > 0.0 {
                        *cross_to[s].entry(t).or_default() += cross * gb;
                    }
                    if let Some(rt) = &self.region_to[ci] {
                        let u = &mut usage[s];
                        u.inter_region_gb += gb;
                        *u.inter_region_to.entry(rt.clone()).or_default() += gb;
                    }
                }
                ConnKind::Replication => {
                    let gb = if self.kinds[s] == "s3" {
                        usage[s].storage_growth_gb
                    } else {
                        let src = &usage[s];
                        src.requests * (1.0 - self.read[s]) * w.request_kb / KB_PER_GB
                    };
                    edges[ci].gb = gb;
                    if gb > 0.0 && self.cross[ci] > 0.0 {
                        *cross_to[s].entry(t).or_default() += self.cross[ci] * gb;
                    }
                    if let Some(rt) = &self.region_to[ci] {
                        if gb > 0.0 {
                            let u = &mut usage[s];
                            u.inter_region_gb += gb;
                            *u.inter_region_to.entry(rt.clone()).or_default() += gb;
                        }
                    }
                }
                ConnKind::Association => {
                    // Image pulls and log shipping from compute run through NAT like any call.
                    let Some(gb) = self.assoc_gb[ci] else { continue };
                    edges[ci].gb = gb;
                    self.book_route(&mut usage, &mut cross_to, s, &self.route[ci], gb);
                }
            }
        }
        for (i, to) in cross_to.into_iter().enumerate() {
            if to.is_empty() {
                continue;
            }
            let u = &mut usage[i];
            for (peer, gb) in to {
                u.inter_az_gb += gb;
                u.inter_az_to.insert(nodes[peer].id.clone(), gb);
            }
        }

        Traffic {
            multiplier,
            // The lists as they were filled, by position (ids in the design's order).
            usage: Keyed::from_sorted(design.nodes.keys().cloned().collect(), usage),
            edges: Keyed::from_sorted(design.connections.keys().cloned().collect(), edges),
            back_edges: self.back_ids.clone(),
            order: self.order.iter().map(|&i| nodes[i].id.clone()).collect(),
        }
    }
}

/// The share of a node's incoming requests it forwards downstream (1 − its cache hit ratio);
/// 1 for nodes without a cache.
pub fn pass_through(design: &Design, node: &Node) -> f64 {
    pass_through_of(design, node, &node.kind)
}

/// [`pass_through`] with the node's kind already known (`kind` is `node.kind`): the node is
/// read only when its kind has a cache.
fn pass_through_of(design: &Design, node: &Node, kind: &str) -> f64 {
    match kind {
        "cloudfront" => 1.0 - ratio(design, node, "cache_hit_ratio", 0.85),
        // only REST APIs have a stage cache
        "api-gateway" if design.flag(node, "caching") && design.text(node, "api_type") == "rest" => 1.0 - ratio(design, node, "cache_hit_ratio", 0.5),
        "elasticache" => 1.0 - ratio(design, node, "hit_ratio", 0.8),
        _ => 1.0,
    }
}

/// Monthly requests a client node sends (before any multiplier).
pub fn entry_volume(design: &Design, node: &Node) -> f64 {
    match design.prop_where_defined(node, "requests_per_month").and_then(|v| v.as_f64()) {
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
    design.prop_where_defined(node, "read_ratio").and_then(|v| v.as_f64()).unwrap_or(DEFAULT_READ_RATIO).clamp(0.0, 1.0)
}

/// A 0..1 property, else `default`.
fn ratio(design: &Design, node: &Node, key: &str, default: f64) -> f64 {
    design.prop(node, key).and_then(|x| x.as_f64()).unwrap_or(default).clamp(0.0, 1.0)
}

fn role(n: &Node) -> Option<Role> {
    catalog::kind(&n.kind).map(|k| k.role)
}

/// Whether a node is an entry point whose `requests_per_month` the traffic multiplier scales
/// (users, on-premises sites, other client kinds; not external APIs, which are called).
pub fn is_entry(n: &Node) -> bool {
    is_client(n)
}

pub(crate) fn is_client(n: &Node) -> bool {
    client_with(&n.kind, role(n))
}

/// [`is_client`] of a node whose kind and role are known.
fn client_with(kind: &str, role: Option<Role>) -> bool {
    kind == "users" || kind == "on-premises" || matches!(role, Some(Role::Client)) && kind != "external-api"
}

/// Whether a node of kind `kind` and role `role` is a cache.
fn cache_with(kind: &str, role: Option<Role>) -> bool {
    kind == "elasticache" || matches!(role, Some(Role::Cache))
}

/// Whether a node of kind `kind` and role `role` is a data store.
fn data_store_with(kind: &str, role: Option<Role>) -> bool {
    matches!(role, Some(Role::DataStore | Role::Cache)) || matches!(kind, "rds" | "aurora" | "dynamodb" | "s3" | "efs")
}

/// DFS from the clients (then all nodes, by id) over traffic edges: returns the nodes (by
/// position) in topological order of the graph without back edges, and which connections
/// (by position) are back edges.
/// `client` tells the clients apart, by position.
fn propagation_order(design: &Design, client: &[bool], conns: &[&crate::model::Connection], ends: &[(Option<usize>, Option<usize>)]) -> (Vec<usize>, Vec<bool>) {
    let n = client.len();
    let mut g = petgraph::graph::DiGraph::<usize, usize>::with_capacity(design.nodes.len(), design.connections.len());
    for i in 0..n {
        g.add_node(i);
    }
    for (ci, c) in conns.iter().enumerate() {
        if matches!(c.kind, ConnKind::Sync | ConnKind::Async) {
            if let (Some(a), Some(b)) = ends[ci] {
                g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ci);
            }
        }
    }
    let mut starts: Vec<NodeIndex> = (0..n).filter(|&i| client[i]).map(NodeIndex::new).collect();
    starts.extend((0..n).filter(|&i| !client[i]).map(NodeIndex::new));
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
    let mut back = vec![false; conns.len()];
    if !back_pairs.is_empty() {
        for e in g.edge_references() {
            if back_pairs.contains(&(e.source(), e.target())) {
                back[*e.weight()] = true;
            }
        }
    }
    finished.reverse();
    (finished.into_iter().map(|i| g[i]).collect(), back)
}

/// Placement facts read per call, built once; VPCs and devices by node position.
struct Ctx<'d> {
    design: &'d Design,
    /// VPC -> gateway endpoint services (s3, dynamodb).
    gateway_eps: FxHashMap<usize, BTreeSet<String>>,
    /// VPC -> (service -> the first interface endpoint for it, in id order).
    interface_eps: FxHashMap<usize, BTreeMap<String, usize>>,
    /// VPC -> NAT gateways, in id order.
    nats: FxHashMap<usize, Vec<usize>>,
}

impl<'d> Ctx<'d> {
    fn new(design: &'d Design, containers: &graph::Containers<'_>, pos: &graph::Positions) -> Self {
        let mut gateway_eps: FxHashMap<usize, BTreeSet<String>> = FxHashMap::default();
        let mut interface_eps: FxHashMap<usize, BTreeMap<String, usize>> = FxHashMap::default();
        let mut nats: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for (i, (n, e)) in design.nodes.values().zip(&containers.of).enumerate() {
            if !matches!(n.kind.as_str(), "vpc-endpoint-gateway" | "vpc-endpoint-interface" | "nat-gateway") {
                continue;
            }
            let Some(v) = e.vpc.and_then(|v| pos.get(&v.id)) else { continue };
            match n.kind.as_str() {
                "vpc-endpoint-gateway" => {
                    let svc = design.text(n, "service");
                    gateway_eps.entry(v).or_default().insert(if svc.is_empty() { "s3".into() } else { svc });
                }
                "vpc-endpoint-interface" => {
                    let svc = design.text(n, "service");
                    interface_eps.entry(v).or_default().entry(if svc.is_empty() { "other".into() } else { svc }).or_insert(i);
                }
                "nat-gateway" => nats.entry(v).or_default().push(i),
                _ => {}
            }
        }
        Ctx { design, gateway_eps, interface_eps, nats }
    }

    fn num(&self, n: &Node, key: &str, default: f64) -> f64 {
        self.design.prop_ref(n, key).and_then(crate::model::PropRef::as_f64).unwrap_or(default)
    }
}

#[cfg(test)]
mod keyed_tests {
    use super::*;

    /// A `Keyed` reads, writes itself and serializes as the `BTreeMap` it replaces: the same
    /// entries in the same order, the same JSON bytes, the same `Debug` text; collected with a
    /// repeated key, the last value is kept, as a `BTreeMap` keeps it.
    #[test]
    fn keyed_is_read_and_written_as_its_btreemap() {
        let pairs = [("b", 2.5), ("a", 1.0), ("d", -0.0), ("c", f64::MAX), ("a", 7.0)];
        let map: BTreeMap<NodeId, f64> = pairs.iter().map(|&(k, v)| (NodeId::new(k), v)).collect();
        let keyed: Keyed<NodeId, f64> = pairs.iter().map(|&(k, v)| (NodeId::new(k), v)).collect();
        assert_eq!(keyed.len(), 4);
        assert_eq!(keyed.iter().map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>(), map.iter().map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>());
        assert_eq!(keyed.get(&NodeId::new("a")), Some(&7.0)); // the last of the two "a"s
        assert_eq!(keyed[&NodeId::new("c")], f64::MAX);
        assert_eq!(keyed.get(&NodeId::new("e")), None);
        assert_eq!(keyed.at(1).map(|(k, v)| (k.as_str(), *v)), Some(("b", 2.5))); // position 1 in id order
        assert_eq!(serde_json::to_string(&keyed).unwrap(), serde_json::to_string(&map).unwrap());
        assert_eq!(format!("{keyed:?}"), format!("{map:?}"));
        let back: Keyed<NodeId, f64> = serde_json::from_str(&serde_json::to_string(&map).unwrap()).unwrap();
        assert!(back == keyed);
        assert!(Keyed::<NodeId, f64>::default().is_empty());
    }

    /// The traffic of a design keeps each node's usage at the node's position in the design's
    /// id order and each connection's flow at the connection's, and serializes as it did when
    /// its usage and flows were `BTreeMap`s (the bill's bytes carry it).
    #[test]
    fn traffic_by_position_serializes_as_the_maps() {
        #[derive(Serialize)]
        struct AsMaps<'t> {
            multiplier: f64,
            usage: BTreeMap<&'t NodeId, &'t Usage>,
            edges: BTreeMap<&'t ConnId, &'t EdgeFlow>,
            back_edges: &'t [ConnId],
            order: &'t [NodeId],
        }
        let design = crate::sample::synthetic(120);
        let t = traffic(&design);
        assert_eq!(t.usage.len(), design.nodes.len());
        assert_eq!(t.edges.len(), design.connections.len());
        for (p, id) in design.nodes.keys().enumerate() {
            assert_eq!(t.usage.at(p).map(|(k, _)| k), Some(id), "node {p}");
            assert!(std::ptr::eq(&t.usage.values_slice()[p], &t.usage[id]));
        }
        for (c, id) in design.connections.keys().enumerate() {
            assert_eq!(t.edges.at(c).map(|(k, _)| k), Some(id), "connection {c}");
        }
        assert!(t.usage.values().any(|u| u.requests > 0.0), "the sample carries traffic");
        let maps = AsMaps { multiplier: t.multiplier, usage: t.usage.iter().collect(), edges: t.edges.iter().collect(), back_edges: &t.back_edges, order: &t.order };
        assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string(&maps).unwrap());
        let back: Traffic = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
    }
}
