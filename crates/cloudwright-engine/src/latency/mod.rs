//! Request latency projection along the synchronous paths of a design.
//!
//! # Model
//! - **Service times.** Each kind has a latency model from `data/latency.json` (log-normal
//!   fitted from p50/p99, each entry with its source, kind of source and as-of date), or is
//!   explicitly off the request path ([`models::coverage`]). Caches (CloudFront, ElastiCache,
//!   a REST stage cache) end the request on a hit and go on downstream on a miss, by hit
//!   ratio. Lambda mixes warm and cold invocations by [`models::cold_start_fraction`].
//! - **Network hops.** Same AZ or cross-AZ by the nodes' enclosing `az` containers (a
//!   regional service, or a node whose AZ is not fixed, is 1/3 same-AZ), cross-region by
//!   a region-pair table, internet clients to the region or to the nearest edge by the
//!   entry's `geography`, on-premises by VPN or Direct Connect.
//! - **Routing.** A request at a node follows ONE of its outgoing `sync` connections, chosen
//!   by the shares of [`crate::graph::edge_shares`] (the same shares the cost engine uses);
//!   shares summing below 1 end the request at the node with the remainder, shares summing
//!   above 1 are normalised (a note says so). Fan-out to several services within one request
//!   is therefore modelled as a choice, not a sum.
//! - **Async connections** end the request path. A caller that waits for the hand-off
//!   (compute, APIs, ML) pays the target's enqueue time; the time until the consumer has
//!   processed the message is reported as a processing delay.
//! - **Timeouts and retries** on a connection: an attempt slower than `timeout_ms` is cut at
//!   the timeout and retried (up to `retries` times, no backoff); the last timeout ends at
//!   the timeout (counted as a failure in the notes).
//! - **Propagation.** Distributions live on a fixed log-spaced grid ([`dist::Dist`]). Each
//!   node's downstream latency is computed once, in reverse topological order of the graph
//!   with cycles broken (DFS back edges dropped): own time ⊛ mix over edges of
//!   (hop ⊛ child's downstream). Cost is O(nodes + edges) convolutions; paths are never
//!   all enumerated. The listed paths are the top-k by traffic share (best-first search),
//!   each with its hop breakdown; the critical path is the listed path with the worst p99.
//! - **Traffic.** Entry volumes come from `users.requests_per_month`; volumes per node
//!   (for cold starts and queueing) follow the same shares forward through sync and async
//!   connections. [`series`] scales the entry volumes: cold starts fall as traffic grows and
//!   fleets queue more.
//! - **Queueing and overload** come from the capacity model ([`crate::capacity`], at the same
//!   multiplier): a fleet below saturation adds its M/M/c waiting time (0 with probability
//!   1 − C, else exponential; Erlang C) to the node's own time; a component at or above
//!   saturation, or throttled by a quota, is **overloaded**: requests through it get no finite
//!   latency. An entry whose requests reach an overloaded component reports it in
//!   `overloaded`, and every percentile at or above `1 − share` of its traffic through it is
//!   infinite (serialised as `null`), as is its mean: never a finite number that looks fine.
//!
//! Deterministic: ordered maps, no randomness, no clock.

pub mod data;
pub mod dist;
pub mod models;

use crate::graph;
use crate::model::{ConnId, ConnKind, Connection, Design, Node, NodeId};
use dist::Dist;
use models::{Geo, Load, Loc, NodeModel};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{depth_first_search, DfsEvent};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::cell::RefCell;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::rc::Rc;

/// Paths listed per entry.
pub const TOP_K: usize = 10;
/// Async processing delays listed per entry.
pub const TOP_ASYNC: usize = 20;
/// Upper bound on partial paths expanded by the k-best search per entry.
pub const MAX_EXPANSIONS: usize = 20_000;
/// How many [`Geo`]s there are (the parts table's row width).
const GEOS: usize = 4;
const _: () = assert!(Geo::Global as usize + 1 == GEOS, "Geo::Global is the last geography");
/// Seconds in a month (730 hours, as AWS's calculator assumes).
pub const SECONDS_PER_MONTH: f64 = 730.0 * 3600.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyReport {
    pub entries: Vec<EntryLatency>,
    pub findings: Vec<LatencyFinding>,
    /// Design-wide remarks (normalised shares, cycles broken, unknown kinds).
    pub notes: Vec<String>,
    /// As-of date of the latency data.
    pub data_as_of: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryLatency {
    pub entry: NodeId,
    pub label: String,
    pub kind: String,
    pub geography: String,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
    /// Top paths by share of this entry's traffic, largest first.
    pub paths: Vec<PathLatency>,
    /// Share of the entry's traffic the listed paths cover.
    pub paths_share_covered: f64,
    /// Index in `paths` of the critical path (worst p99 among listed paths).
    pub critical_path: Option<usize>,
    pub async_delays: Vec<AsyncDelay>,
    pub slo: Option<SloVerdict>,
    /// Overloaded components this entry's requests reach, with the share of its requests
    /// that reach them first. Non-empty: the entry is overloaded.
    pub overloaded: Vec<Overload>,
}

/// A component at or above saturation on an entry's request paths.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overload {
    pub node: NodeId,
    /// Share of the entry's requests that reach it (before any other overloaded component).
    pub share: f64,
    /// Its utilisation (≥ 1, or the quota's when throttled); infinite with no capacity.
    pub utilisation: f64,
}

impl EntryLatency {
    /// Whether this entry's requests reach any component: a path longer than the entry
    /// itself. Internet users connected to nothing have one path of one node and a latency
    /// of 0 ms that measures nothing.
    pub fn reaches_anything(&self) -> bool {
        self.paths.iter().any(|p| p.nodes.len() > 1)
    }

    /// Whether some of this entry's requests reach an overloaded component.
    pub fn is_overloaded(&self) -> bool {
        !self.overloaded.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathLatency {
    pub share: f64,
    pub nodes: Vec<NodeId>,
    /// How the path ends: `ends at X`, `cache hit at X`.
    pub outcome: String,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
    pub hops: Vec<HopLatency>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HopLatency {
    pub node: NodeId,
    pub kind: String,
    /// Connection used to reach the node (none for the entry itself).
    pub via: Option<ConnId>,
    pub network: String,
    pub network_p50_ms: f64,
    pub network_mean_ms: f64,
    pub service_p50_ms: f64,
    pub service_p99_ms: f64,
    pub service_mean_ms: f64,
    /// Share of the path's mean latency spent on this hop (network + service), percent.
    pub contribution_pct: f64,
    pub notes: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AsyncDelay {
    pub from: NodeId,
    pub via: ConnId,
    pub to: NodeId,
    /// Share of the entry's requests that send this message.
    pub share: f64,
    /// Time from hand-off until the consumer has processed it.
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SloVerdict {
    pub target_p99_ms: f64,
    pub projected_p99_ms: f64,
    pub met: bool,
}

/// A latency target the projection misses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyFinding {
    pub entry: NodeId,
    pub target_p99_ms: f64,
    pub projected_p99_ms: f64,
    pub message: String,
    /// The node contributing most to the critical path, if any.
    pub biggest_contributor: Option<NodeId>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub multiplier: f64,
    pub entries: Vec<SeriesEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesEntry {
    pub entry: NodeId,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// Some requests reach an overloaded component (percentiles above 1 − share are infinite).
    pub overloaded: bool,
}

/// Projects request latency for every entry point of the design.
pub fn project(design: &Design) -> LatencyReport {
    project_at(design, 1.0)
}

/// [`project`] with every entry volume × `multiplier` (cold starts, queueing and overload
/// follow the traffic; everything else does not).
pub fn project_at(design: &Design, multiplier: f64) -> LatencyReport {
    project_at_in(&crate::analysis::Context::new(design), multiplier)
}

/// [`project_at`] on a shared analysis context (its capacity plan is built once per revision).
pub fn project_at_in(cx: &crate::analysis::Context<'_>, multiplier: f64) -> LatencyReport {
    let m = if multiplier.is_finite() { multiplier.max(0.0) } else { 0.0 };
    Engine::new(cx.design, m, cx.capacity_plan(), cx.traffic_plan().shares(), cx.containers(), cx.built_index()).report(true)
}

/// Entry latencies with the entry volumes scaled by each multiplier (1.0 = as designed).
/// Only cold starts (fewer as traffic grows), queueing (more as traffic grows) and overload
/// depend on volume; everything else is traffic-independent.
pub fn series(design: &Design, multipliers: &[f64]) -> Vec<SeriesPoint> {
    let plan = crate::capacity::Plan::new(design);
    let shares = graph::edge_shares_in_order(design);
    let containers = graph::Containers::new(design, &graph::positions(design));
    multipliers
        .iter()
        .map(|&m| {
            let r = Engine::new(design, m.max(0.0), &plan, &shares, &containers, None).report(false);
            SeriesPoint {
                multiplier: m,
                entries: r
                    .entries
                    .into_iter()
                    .map(|e| SeriesEntry {
                        overloaded: e.is_overloaded(),
                        entry: e.entry,
                        requests_per_second: e.requests_per_second,
                        p50_ms: e.p50_ms,
                        p95_ms: e.p95_ms,
                        p99_ms: e.p99_ms,
                    })
                    .collect(),
            }
        })
        .collect()
}

fn is_entry(kind: &str) -> bool {
    kind == "users" || kind == "on-premises"
}

/// One outgoing edge, ready to use.
#[derive(Clone, Copy)]
struct Out<'d> {
    conn: &'d Connection,
    /// The connection's position in id order: the edges are ordered by it (the same order
    /// as by id, without reading two ids on the heap per comparison).
    ci: usize,
    to: usize,
    /// Probability of taking it (normalised within the source's group).
    w: f64,
}

struct Engine<'d> {
    design: &'d Design,
    nodes: Vec<&'d Node>,
    /// Sync edges kept after cycle breaking, per node.
    sync_out: crate::graph::Flat<Out<'d>>,
    /// Remainder probability of ending at the node (after its sync edges).
    sync_rest: Vec<f64>,
    /// Async edges per node (all; they do not recurse in the distribution).
    async_out: crate::graph::Flat<Out<'d>>,
    /// Nodes in topological order (parents first) over the kept edges.
    topo: Vec<usize>,
    locs: Vec<Loc<'d>>,
    /// Index of each node's location among the distinct locations (hop cache key).
    loc_id: Vec<usize>,
    /// Hops built so far: (distribution, label, sources) by (from, to, geography).
    hops: RefCell<FxHashMap<(usize, usize, Geo), (Rc<Dist>, String, Vec<String>)>>,
    /// Each node's own parts (end, through) with its async hand-offs, by (node, geography) at
    /// [`Engine::part_slot`]: the downstream pass and every listed path through the node read
    /// the same ones. A table by position, not a map: every node's are asked for.
    parts: RefCell<Vec<Option<Rc<(Dist, Dist)>>>>,
    models: Vec<NodeModel>,
    loads: Vec<Load>,
    notes: Vec<String>,
    entry_rps: Vec<f64>,
    /// Per node: its utilisation when overloaded (at or above saturation, or throttled).
    over: Vec<Option<f64>>,
}

/// Entry volume in requests per second.
fn entry_volume(design: &Design, n: &Node) -> f64 {
    crate::traffic::entry_volume(design, n) / SECONDS_PER_MONTH
}

impl<'d> Engine<'d> {
    /// `shares`: each connection's share, in connection id order ([`graph::edge_shares_in_order`]:
    /// on a shared context, the traffic plan's, worked out once per revision). `index`: the
    /// design's graph index when one is built already (an analysis context's: its positions and
    /// connection ends are read there instead of hashing every id again).
    fn new(design: &'d Design, multiplier: f64, capacity: &crate::capacity::Plan<'_>, shares: &[f64], containers: &graph::Containers<'d>, index: Option<&graph::Index<'d>>) -> Self {
        let nodes: Vec<&Node> = design.nodes.values().collect();
        let own_pos;
        let own_ends: Vec<(Option<usize>, Option<usize>)>;
        // Each connection's ends by position, looked up once (the graph and the WAFs read them).
        let (pos, ends): (&graph::Positions, &[(Option<usize>, Option<usize>)]) = match index {
            Some(ix) => (ix.positions(), ix.ends()),
            None => {
                own_pos = graph::positions(design);
                own_ends = design.connections.values().map(|c| (own_pos.get(&c.from), own_pos.get(&c.to))).collect();
                (&own_pos, &own_ends)
            }
        };
        // The connections and their kinds, in id order: the index's tables when there is one
        // (no connection read on the heap for its kind: at 5,000 nodes the 14,350 connections
        // do not stay in a 2 MB cache, s44), else read here.
        let (own_conns, own_kinds): (Vec<&Connection>, Vec<ConnKind>);
        let (conns, conn_kinds): (&[&Connection], &[ConnKind]) = match index {
            Some(ix) => (&ix.conns, ix.conn_kinds()),
            None => {
                own_conns = design.connections.values().collect();
                own_kinds = own_conns.iter().map(|c| c.kind).collect();
                (&own_conns, &own_kinds)
            }
        };
        // A node's kind by position: the index's table when there is one (`Index::kind_at`).
        let kind_of = |i: usize| -> &str { index.map_or(nodes[i].kind.as_str(), |ix| ix.kind_at(i)) };
        let mut notes = Vec::new();

        // petgraph view of the request-carrying connections (sync + async); edge weight: the
        // connection's position and its share.
        let mut g: DiGraph<usize, (usize, f64)> = DiGraph::with_capacity(nodes.len(), design.connections.len());
        let idx: Vec<NodeIndex> = (0..nodes.len()).map(|i| g.add_node(i)).collect();
        debug_assert_eq!(shares.len(), design.connections.len());
        for (ci, ((&kind, &share), &ends)) in conn_kinds.iter().zip(shares).zip(ends).enumerate() {
            if !matches!(kind, ConnKind::Sync | ConnKind::Async) {
                continue;
            }
            if let (Some(a), Some(b)) = ends {
                if a != b {
                    g.add_edge(idx[a], idx[b], (ci, share));
                }
            }
        }
        // Break cycles: DFS back edges are dropped (requests that would loop end there).
        let mut back: BTreeSet<(usize, usize)> = BTreeSet::new();
        depth_first_search(&g, idx.iter().copied(), |ev| {
            if let DfsEvent::BackEdge(u, v) = ev {
                back.insert((u.index(), v.index()));
            }
        });
        if !back.is_empty() {
            notes.push(match back.len() {
                1 => "1 connection closes a cycle; requests are not followed around it".to_string(),
                k => format!("{k} connections close a cycle; requests are not followed around it"),
            });
        }
        let mut sync_edges: Vec<(usize, Out)> = Vec::with_capacity(g.edge_count());
        let mut async_edges: Vec<(usize, Out)> = Vec::new();
        for e in g.edge_indices() {
            let (a, b) = g.edge_endpoints(e).expect("edge");
            let (a, b) = (a.index(), b.index());
            let (ci, s) = g[e];
            let s = s.max(0.0);
            let out = Out { conn: conns[ci], ci, to: b, w: s };
            if conn_kinds[ci] == ConnKind::Async {
                async_edges.push((a, out));
            } else if !back.contains(&(a, b)) {
                sync_edges.push((a, out));
            }
        }
        let mut sync_out = crate::graph::Flat::new(nodes.len(), &sync_edges);
        let mut async_out = crate::graph::Flat::new(nodes.len(), &async_edges);
        let mut sync_rest = vec![1.0; nodes.len()];
        for i in 0..nodes.len() {
            let outs = &mut sync_out[i];
            crate::order::sort_by(outs, |x, y| x.ci.cmp(&y.ci));
            let total: f64 = outs.iter().map(|o| o.w).sum();
            if total > 1.0 + 1e-9 {
                notes.push(format!("{}: sync shares add up to {:.2}; normalised to 1 (a request follows one connection)", nodes[i].id, total));
                for o in outs.iter_mut() {
                    o.w /= total;
                }
            }
            sync_rest[i] = (1.0 - outs.iter().map(|o| o.w).sum::<f64>()).max(0.0);
        }
        for i in 0..nodes.len() {
            let outs = &mut async_out[i];
            crate::order::sort_by(outs, |x, y| x.ci.cmp(&y.ci));
            let total: f64 = outs.iter().map(|o| o.w).sum();
            if total > 1.0 {
                for o in outs.iter_mut() {
                    o.w /= total;
                }
            }
        }
        // Topological order over kept edges (all async edges kept for volumes unless back).
        let mut dag: DiGraph<usize, ()> = DiGraph::with_capacity(nodes.len(), design.connections.len());
        let didx: Vec<NodeIndex> = (0..nodes.len()).map(|i| dag.add_node(i)).collect();
        for (a, outs) in sync_out.iter().enumerate() {
            for o in outs {
                dag.add_edge(didx[a], didx[o.to], ());
            }
        }
        for (a, outs) in async_out.iter().enumerate() {
            for o in outs {
                if !back.contains(&(a, o.to)) {
                    dag.add_edge(didx[a], didx[o.to], ());
                }
            }
        }
        let topo: Vec<usize> = petgraph::algo::toposort(&dag, None).map(|v| v.into_iter().map(|n| n.index()).collect()).unwrap_or_else(|_| (0..nodes.len()).collect());

        // Volumes: forward through sync (past caches only on a miss) and async edges.
        let entry_rps: Vec<f64> = nodes.iter().enumerate().map(|(i, n)| if is_entry(kind_of(i)) { entry_volume(design, n) * multiplier } else { 0.0 }).collect();
        let mut rps = entry_rps.clone();
        let pcont: Vec<f64> = nodes.iter().map(|n| models::continue_prob(design, n)).collect();
        for &a in &topo {
            let v = rps[a];
            if v <= 0.0 {
                continue;
            }
            for o in &sync_out[a] {
                rps[o.to] += v * pcont[a] * o.w;
            }
            for o in &async_out[a] {
                if !back.contains(&(a, o.to)) {
                    rps[o.to] += v * o.w;
                }
            }
        }
        let peak = design.workload.peak_to_average.max(1.0);
        let loads: Vec<Load> = rps.iter().map(|&r| Load { rps: r, peak_rps: r * peak }).collect();
        // Per position: whether a WAF is associated with the node (a connection from a WAF).
        let mut waf = vec![false; nodes.len()];
        for &(from, to) in ends {
            if from.is_some_and(|i| kind_of(i) == "waf") {
                if let Some(t) = to {
                    waf[t] = true;
                }
            }
        }
        let mut models: Vec<NodeModel> = nodes.iter().zip(&loads).zip(&waf).map(|((n, l), &w)| models::service(design, n, *l, w)).collect();
        let over = queueing(capacity, multiplier, pos, &mut models);
        // Each node's region and AZ from one pass down the containers (borrowed: no text per node).
        let locs: Vec<Loc<'d>> = nodes.iter().zip(&containers.region).zip(&containers.of).map(|((n, &region), e)| models::loc_at(design, n, region, e.az)).collect();
        let mut distinct: Vec<&Loc> = Vec::new();
        let loc_id: Vec<usize> = locs
            .iter()
            .map(|l| match distinct.iter().position(|d| *d == l) {
                Some(k) => k,
                None => {
                    distinct.push(l);
                    distinct.len() - 1
                }
            })
            .collect();
        for (i, n) in nodes.iter().enumerate() {
            if models::coverage(kind_of(i)).is_none() {
                notes.push(format!("{}: no latency model for kind \"{}\"", n.id, n.kind));
            }
        }
        let nodes_len = nodes.len();
        Engine { design, nodes, sync_out, sync_rest, async_out, topo, locs, loc_id, hops: RefCell::new(FxHashMap::default()), parts: RefCell::new(vec![None; nodes_len * GEOS]), models, loads, notes, entry_rps, over }
    }

    /// Network hop of an edge. Hops depend only on the two locations and the users'
    /// geography, so each distinct one is built once per engine and shared.
    fn hop(&self, a: usize, b: usize, geo: Geo, src: &mut Vec<String>) -> (Rc<Dist>, String) {
        let key = (self.loc_id[a], self.loc_id[b], geo);
        let mut cache = self.hops.borrow_mut();
        let v = cache.entry(key).or_insert_with(|| {
            let mut s = Vec::new();
            let (d, label) = models::hop(&self.locs[a], &self.locs[b], geo, &mut s);
            (Rc::new(d), label, s)
        });
        src.extend(v.2.iter().cloned());
        (v.0.clone(), v.1.clone())
    }

    /// Network hop of an edge, distribution only (no label, no sources).
    fn hop_dist(&self, a: usize, b: usize, geo: Geo) -> Rc<Dist> {
        let key = (self.loc_id[a], self.loc_id[b], geo);
        if let Some(v) = self.hops.borrow().get(&key) {
            return v.0.clone();
        }
        self.hop(a, b, geo, &mut Vec::new()).0
    }

    /// What the caller at `a` pays for its async hand-offs (if it waits for them).
    fn async_cost(&self, a: usize, geo: Geo) -> Option<Dist> {
        if !self.models[a].blocks_on_async || self.async_out[a].is_empty() {
            return None;
        }
        let mut parts: Vec<(f64, Dist)> = Vec::new();
        let mut src = Vec::new();
        for o in &self.async_out[a] {
            let h = self.hop_dist(a, o.to, geo);
            parts.push((o.w, h.convolve(&models::enqueue(&self.nodes[o.to].kind, &mut src))));
        }
        let rest = (1.0 - parts.iter().map(|(w, _)| *w).sum::<f64>()).max(0.0);
        let z = Dist::zero();
        let mut refs: Vec<(f64, &Dist)> = parts.iter().map(|(w, d)| (*w, d)).collect();
        refs.push((rest, &z));
        Some(Dist::mix(&refs))
    }

    /// The node's own parts including async hand-offs: (end, through). Computed once per
    /// node and geography (a function of both: the same distributions on every read).
    fn parts(&self, a: usize, geo: Geo) -> Rc<(Dist, Dist)> {
        let slot = Self::part_slot(a, geo);
        if let Some(p) = &self.parts.borrow()[slot] {
            return p.clone();
        }
        let m = &self.models[a];
        let p = Rc::new(match self.async_cost(a, geo) {
            Some(ac) => (m.end.convolve(&ac), m.through.convolve(&ac)),
            None => (m.end.clone(), m.through.clone()),
        });
        self.parts.borrow_mut()[slot] = Some(p.clone());
        p
    }

    /// Where node `a`'s parts for users in `geo` are kept in [`Engine::parts`].
    fn part_slot(a: usize, geo: Geo) -> usize {
        a * GEOS + geo as usize
    }

    /// Downstream latency of every node (own time included), for users in `geo`.
    fn downstream(&self, geo: Geo) -> Vec<Dist> {
        let mut d: Vec<Option<Dist>> = vec![None; self.nodes.len()];
        // hop ⊛ callee's downstream, by (caller's location, callee): callers in one place
        // calling the same node share it (a function of the hop and the callee only).
        let mut via: FxHashMap<(usize, usize), Rc<Dist>> = FxHashMap::default();
        for &a in self.topo.iter().rev() {
            let own = self.parts(a, geo);
            let (end, through) = (&own.0, &own.1);
            let pc = self.models[a].p_continue;
            let v = if self.sync_out[a].is_empty() && pc == 1.0 {
                // The mixture below with weights 0 and 1: the through part, bit for bit
                // (`mix` skips a zero weight and adds 1 · m to 0).
                through.clone()
            } else if self.sync_out[a].is_empty() || pc <= 0.0 {
                Dist::mix(&[(1.0 - pc, end), (pc, through)])
            } else {
                let mut parts: Vec<(f64, Rc<Dist>)> = Vec::with_capacity(self.sync_out[a].len() + 1);
                for o in &self.sync_out[a] {
                    if o.w <= 0.0 {
                        continue;
                    }
                    let reached = via
                        .entry((self.loc_id[a], o.to))
                        .or_insert_with(|| {
                            let child = d[o.to].as_ref().expect("topological order");
                            Rc::new(self.hop_dist(a, o.to, geo).convolve(child))
                        })
                        .clone();
                    // Timeouts and retries are the connection's own (`call` returns the
                    // distribution as it is without a timeout).
                    let wrapped = if o.conn.timeout_ms.is_some_and(|t| t > 0.0) { Rc::new(call(o.conn, (*reached).clone()).0) } else { reached };
                    parts.push((o.w, wrapped));
                }
                let z = Dist::zero();
                let mut refs: Vec<(f64, &Dist)> = parts.iter().map(|(w, x)| (*w, &**x)).collect();
                refs.push((self.sync_rest[a], &z));
                let inner = Dist::mix(&refs);
                let go = through.convolve(&inner);
                if pc >= 1.0 { go } else { Dist::mix(&[(1.0 - pc, &end), (pc, &go)]) }
            };
            d[a] = Some(v);
        }
        d.into_iter().map(|x| x.unwrap_or_else(Dist::zero)).collect()
    }

    fn report(&self, with_paths: bool) -> LatencyReport {
        let mut entries = Vec::new();
        let mut findings = Vec::new();
        let mut memo: BTreeMap<Geo, Vec<Dist>> = BTreeMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if !is_entry(&n.kind) {
                continue;
            }
            let geo = if n.kind == "users" {
                Geo::parse(&models::text_or(self.design, n, "geography", "north-america"))
            } else {
                Geo::of_region(&self.design.region)
            };
            let d = memo.entry(geo).or_insert_with(|| self.downstream(geo));
            let overloaded = self.overloads(i);
            let st = overload_stats(d[i].stats(), overloaded.iter().map(|o| o.share).sum());
            let (paths, covered) = if with_paths { self.top_paths(i, geo, d) } else { (vec![], 0.0) };
            let critical = paths
                .iter()
                .enumerate()
                .max_by(|(ia, a), (ib, b)| a.p99_ms.partial_cmp(&b.p99_ms).unwrap_or(Ordering::Equal).then(a.share.partial_cmp(&b.share).unwrap_or(Ordering::Equal)).then(ib.cmp(ia)))
                .map(|(k, _)| k);
            let async_delays = if with_paths { self.async_delays(i, geo, d) } else { vec![] };
            // users have a latency target; other entries (on-premises) may not
            let target = self.design.prop_where_defined(n, "slo_p99_ms").and_then(|v| v.as_f64()).unwrap_or(0.0);
            let slo = (target > 0.0).then(|| SloVerdict { target_p99_ms: target, projected_p99_ms: st.p99_ms, met: st.p99_ms <= target });
            if let (Some(v), Some(first)) = (&slo, overloaded.first()) {
                let name = self.design.node(&first.node).map(crate::rules::name).unwrap_or_else(|| first.node.to_string());
                findings.push(LatencyFinding {
                    entry: n.id.clone(),
                    target_p99_ms: target,
                    projected_p99_ms: v.projected_p99_ms,
                    message: format!(
                        "{}: overloaded — {:.1}% of its requests reach {name}, at {} of its capacity at peak: they queue without bound or are throttled, so no finite p99 can meet the {} target.",
                        n.id,
                        first.share * 100.0,
                        if first.utilisation.is_finite() { crate::units::pct(first.utilisation) } else { "a multiple".into() },
                        crate::units::ms(target)
                    ),
                    biggest_contributor: Some(first.node.clone()),
                });
            } else if let Some(v) = &slo {
                if !v.met {
                    let biggest = critical.and_then(|k| {
                        paths[k].hops.iter().max_by(|a, b| a.contribution_pct.partial_cmp(&b.contribution_pct).unwrap_or(Ordering::Equal)).map(|h| h.node.clone())
                    });
                    let tail = match &biggest {
                        Some(b) => format!(" The biggest contributor on the critical path is {b}."),
                        None => String::new(),
                    };
                    findings.push(LatencyFinding {
                        entry: n.id.clone(),
                        target_p99_ms: target,
                        projected_p99_ms: st.p99_ms,
                        message: format!("{}: projected p99 {} misses the {} target.{tail}", n.id, crate::units::ms(st.p99_ms), crate::units::ms(target)),
                        biggest_contributor: biggest,
                    });
                }
            }
            entries.push(EntryLatency {
                entry: n.id.clone(),
                label: n.label.clone(),
                kind: n.kind.clone(),
                geography: geo.name().to_string(),
                requests_per_second: dist::r3(self.entry_rps[i]),
                p50_ms: st.p50_ms,
                p95_ms: st.p95_ms,
                p99_ms: st.p99_ms,
                mean_ms: st.mean_ms,
                paths,
                paths_share_covered: (covered * 1e6).round() / 1e6,
                critical_path: critical,
                async_delays,
                slo,
                overloaded,
            });
        }
        LatencyReport { entries, findings, notes: self.notes.clone(), data_as_of: data::data().as_of.clone() }
    }

    /// The top-k complete paths from entry `e` by share (best-first search: a path's share
    /// only shrinks as it grows, so complete paths pop in order of share).
    fn top_paths(&self, e: usize, geo: Geo, d: &[Dist]) -> (Vec<PathLatency>, f64) {
        /// A partial path's last step: the step before it (`ROOT` for the entry), its node
        /// and the index of the connection taken into `sync_out` of the node before. Every
        /// path that extends a partial path points at its last step: a path in the queue is
        /// one index, not two copied lists (a pop used to copy them for each extension).
        struct Step {
            up: u32,
            node: usize,
            conn: usize,
        }
        const ROOT: u32 = u32::MAX;
        #[derive(PartialEq)]
        struct Item {
            share: f64,
            seq: usize,
            /// The path's last step in `steps`.
            last: u32,
            /// Some(hit) when complete: true = ended by a cache hit at the last node.
            done: Option<bool>,
        }
        impl Eq for Item {}
        impl PartialOrd for Item {
            fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
                Some(self.cmp(o))
            }
        }
        impl Ord for Item {
            fn cmp(&self, o: &Self) -> Ordering {
                self.share.partial_cmp(&o.share).unwrap_or(Ordering::Equal).then(o.seq.cmp(&self.seq))
            }
        }
        // Whether `node` is on the path ending at step `at`.
        let on_path = |steps: &[Step], mut at: u32, node: usize| {
            while at != ROOT {
                let s = &steps[at as usize];
                if s.node == node {
                    return true;
                }
                at = s.up;
            }
            false
        };
        let mut steps = vec![Step { up: ROOT, node: e, conn: usize::MAX }];
        let mut heap = BinaryHeap::new();
        let mut seq = 0usize;
        heap.push(Item { share: 1.0, seq, last: 0, done: None });
        let mut out = Vec::new();
        let mut covered = 0.0;
        let mut expansions = 0usize;
        let (mut nodes, mut conns): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
        while let Some(it) = heap.pop() {
            if out.len() >= TOP_K || expansions >= MAX_EXPANSIONS {
                break;
            }
            if it.share <= 1e-12 {
                break;
            }
            if let Some(hit) = it.done {
                covered += it.share;
                // The path's nodes and connections, entry first.
                nodes.clear();
                conns.clear();
                let mut at = it.last;
                while at != ROOT {
                    let s = &steps[at as usize];
                    nodes.push(s.node);
                    if s.up != ROOT {
                        conns.push(s.conn);
                    }
                    at = s.up;
                }
                nodes.reverse();
                conns.reverse();
                out.push(self.path_report(&nodes, &conns, hit, it.share, geo, d));
                continue;
            }
            expansions += 1;
            let a = steps[it.last as usize].node;
            let pc = self.models[a].p_continue;
            let mut push = |share: f64, last: u32, done: Option<bool>| {
                if share > 0.0 {
                    seq += 1;
                    heap.push(Item { share, seq, last, done });
                }
            };
            if pc < 1.0 {
                push(it.share * (1.0 - pc), it.last, Some(true));
            }
            let rest = if self.sync_out[a].is_empty() { 1.0 } else { self.sync_rest[a] };
            push(it.share * pc * rest, it.last, Some(false));
            for (k, o) in self.sync_out[a].iter().enumerate() {
                if on_path(&steps, it.last, o.to) {
                    continue;
                }
                let share = it.share * pc * o.w;
                if share > 0.0 {
                    steps.push(Step { up: it.last, node: o.to, conn: k });
                    push(share, (steps.len() - 1) as u32, None);
                }
            }
        }
        (out, covered)
    }

    /// The distribution and breakdown of one path. Built backwards like [`Self::downstream`]
    /// so timeouts and retries wrap exactly what follows them.
    fn path_report(&self, nodes: &[usize], conns: &[usize], hit: bool, share: f64, geo: Geo, _d: &[Dist]) -> PathLatency {
        let last = nodes.len() - 1;
        let mut acc = Dist::zero();
        let mut hops: Vec<HopLatency> = Vec::with_capacity(nodes.len());
        let mut means: Vec<f64> = Vec::with_capacity(nodes.len());
        for pos in (0..nodes.len()).rev() {
            let a = nodes[pos];
            let own = self.parts(a, geo);
            let part = if pos == last && hit { &own.0 } else { &own.1 };
            acc = part.convolve(&acc);
            let m = &self.models[a];
            let mut hop_notes: Vec<String> = m.notes.iter().map(models::Note::text).collect();
            let mut sources: Vec<String> = m.sources.iter().map(|s| s.to_string()).collect();
            let (net, label, via) = if pos > 0 {
                let p = nodes[pos - 1];
                let o = &self.sync_out[p][conns[pos - 1]];
                let (h, label) = self.hop(p, a, geo, &mut sources);
                let (wrapped, failure) = call(o.conn, h.convolve(&acc));
                if let Some(f) = failure {
                    hop_notes.push(f);
                }
                acc = wrapped;
                (h, label, Some(o.conn.id.clone()))
            } else {
                (Rc::new(Dist::zero()), "entry".to_string(), None)
            };
            crate::order::sort(&mut sources);
            sources.dedup();
            let ps = part.stats();
            let ns = net.stats();
            means.push(ps.mean_ms + ns.mean_ms);
            hops.push(HopLatency {
                node: self.nodes[a].id.clone(),
                kind: self.nodes[a].kind.clone(),
                via,
                network: label,
                network_p50_ms: ns.p50_ms,
                network_mean_ms: ns.mean_ms,
                service_p50_ms: ps.p50_ms,
                service_p99_ms: ps.p99_ms,
                service_mean_ms: ps.mean_ms,
                contribution_pct: 0.0,
                notes: hop_notes,
                sources,
            });
        }
        hops.reverse();
        means.reverse();
        let total: f64 = means.iter().sum();
        for (h, m) in hops.iter_mut().zip(&means) {
            h.contribution_pct = if total > 0.0 { dist::r3(100.0 * m / total) } else { 0.0 };
        }
        let mut st = acc.stats();
        let last_id = &self.nodes[nodes[last]].id;
        let mut outcome = if hit { format!("cache hit at {last_id}") } else { format!("ends at {last_id}") };
        // A path through an overloaded component has no finite latency.
        if let Some(k) = nodes.iter().position(|&a| self.over[a].is_some()) {
            st = overload_stats(st, 1.0);
            outcome = format!("overloaded at {}", self.nodes[nodes[k]].id);
            for (j, h) in hops.iter_mut().enumerate() {
                let overloaded = self.over[nodes[j]].is_some();
                if overloaded {
                    h.service_p50_ms = f64::INFINITY;
                    h.service_p99_ms = f64::INFINITY;
                    h.service_mean_ms = f64::INFINITY;
                }
                h.contribution_pct = if j == k { 100.0 } else { 0.0 };
            }
        }
        PathLatency {
            share: (share * 1e6).round() / 1e6,
            nodes: nodes.iter().map(|&i| self.nodes[i].id.clone()).collect(),
            outcome,
            p50_ms: st.p50_ms,
            p95_ms: st.p95_ms,
            p99_ms: st.p99_ms,
            mean_ms: st.mean_ms,
            hops,
        }
    }

    /// Async hand-offs reached from entry `e`, largest share first, with the time until the
    /// consumer has processed the message.
    fn async_delays(&self, e: usize, geo: Geo, d: &[Dist]) -> Vec<AsyncDelay> {
        // Share of the entry's requests reaching each node along sync paths.
        let mut reach = vec![0.0; self.nodes.len()];
        reach[e] = 1.0;
        for &a in &self.topo {
            if reach[a] <= 0.0 {
                continue;
            }
            let pc = self.models[a].p_continue;
            for o in &self.sync_out[a] {
                reach[o.to] += reach[a] * pc * o.w;
            }
        }
        let mut list: Vec<(f64, usize, &Out)> = Vec::new();
        for (a, outs) in self.async_out.iter().enumerate() {
            if reach[a] <= 0.0 {
                continue;
            }
            for o in outs {
                list.push((reach[a] * o.w, a, o));
            }
        }
        crate::order::sort_by(&mut list, |x, y| y.0.partial_cmp(&x.0).unwrap_or(Ordering::Equal).then(x.2.ci.cmp(&y.2.ci)));
        list.truncate(TOP_ASYNC);
        list.into_iter()
            .map(|(share, a, o)| {
                let mut src = Vec::new();
                let h = self.hop_dist(a, o.to, geo);
                let t = o.to;
                let tk = self.nodes[t].kind.as_str();
                let (dist, desc) = if models::MESSAGING.contains(&tk) {
                    let consumers = &self.async_out[t];
                    let deliver = models::delivery(tk, &mut src);
                    if consumers.is_empty() {
                        (h.convolve(&deliver), format!("{} holds the message; no consumer drawn", self.nodes[t].id))
                    } else {
                        let mut parts: Vec<(f64, Dist)> = Vec::new();
                        for c in consumers {
                            let h2 = self.hop_dist(t, c.to, geo);
                            parts.push((c.w, h2.convolve(&d[c.to])));
                        }
                        let refs: Vec<(f64, &Dist)> = parts.iter().map(|(w, x)| (*w, x)).collect();
                        let names: Vec<String> = consumers.iter().map(|c| self.nodes[c.to].id.to_string()).collect();
                        (h.convolve(&deliver).convolve(&Dist::mix(&refs)), format!("via {} to {}", self.nodes[t].id, names.join(", ")))
                    }
                } else {
                    let deliver = models::delivery(tk, &mut src);
                    (h.convolve(&deliver).convolve(&d[t]), format!("processed by {}", self.nodes[t].id))
                };
                let over = self.over[t].is_some() || (models::MESSAGING.contains(&tk) && self.async_out[t].iter().any(|c| self.over[c.to].is_some()));
                let st = if over { overload_stats(dist.stats(), 1.0) } else { dist.stats() };
                let desc = if over { format!("{desc} — overloaded: the backlog grows without bound") } else { desc };
                AsyncDelay {
                    from: self.nodes[a].id.clone(),
                    via: o.conn.id.clone(),
                    to: self.nodes[t].id.clone(),
                    share: (share * 1e6).round() / 1e6,
                    p50_ms: st.p50_ms,
                    p95_ms: st.p95_ms,
                    p99_ms: st.p99_ms,
                    description: desc,
                }
            })
            .collect()
    }
}

impl<'d> Engine<'d> {
    /// The overloaded components entry `e`'s requests reach, each with the share of the
    /// entry's requests that reach it first (sync paths, and async hand-offs a caller waits
    /// for). O(nodes + connections).
    fn overloads(&self, e: usize) -> Vec<Overload> {
        if self.over.iter().all(Option::is_none) {
            return Vec::new();
        }
        let mut reach = vec![0.0; self.nodes.len()];
        reach[e] = 1.0;
        let mut hit: BTreeMap<usize, f64> = BTreeMap::new();
        for &a in &self.topo {
            let r = reach[a];
            if r <= 0.0 {
                continue;
            }
            if self.over[a].is_some() {
                *hit.entry(a).or_default() += r;
                continue;
            }
            let pc = self.models[a].p_continue;
            for o in &self.sync_out[a] {
                reach[o.to] += r * pc * o.w;
            }
            if self.models[a].blocks_on_async {
                for o in &self.async_out[a] {
                    if self.over[o.to].is_some() {
                        *hit.entry(o.to).or_default() += r * o.w;
                    }
                }
            }
        }
        let mut out: Vec<Overload> = hit
            .into_iter()
            .filter(|(_, s)| *s > 1e-12)
            .map(|(k, s)| Overload { node: self.nodes[k].id.clone(), share: (s.min(1.0) * 1e6).round() / 1e6, utilisation: self.over[k].unwrap_or(f64::INFINITY) })
            .collect();
        crate::order::sort_by(&mut out, |a, b| b.share.partial_cmp(&a.share).unwrap_or(Ordering::Equal).then(a.node.cmp(&b.node)));
        out
    }
}

/// Statistics of an entry whose requests reach overloaded components with total `share`:
/// every percentile at or above `1 − share` is infinite, and so is the mean.
fn overload_stats(st: dist::Stats, share: f64) -> dist::Stats {
    if share <= 0.0 {
        return st;
    }
    let cut = |q: f64, v: f64| if q >= 1.0 - share.min(1.0) - 1e-12 { f64::INFINITY } else { v };
    dist::Stats { p50_ms: cut(0.50, st.p50_ms), p95_ms: cut(0.95, st.p95_ms), p99_ms: cut(0.99, st.p99_ms), mean_ms: f64::INFINITY }
}

/// Adds each fleet's queueing delay (from the capacity model at `multiplier`) to its own
/// time, and marks the overloaded components, whose own time becomes the grid's top value so
/// that the finite percentiles of the other requests stay right. Returns, per node, the
/// utilisation of the overloaded ones.
fn queueing(capacity: &crate::capacity::Plan<'_>, multiplier: f64, pos: &graph::Positions, models: &mut [NodeModel]) -> Vec<Option<f64>> {
    let mut over = vec![None; models.len()];
    let status = capacity.status(multiplier);
    let top = Dist::constant(dist::point(dist::N - 1));
    for c in &status {
        let Some(i) = pos.get(&c.node) else { continue };
        let m = &mut models[i];
        if c.overloaded {
            over[i] = Some(c.utilisation);
            m.end = top.clone();
            m.through = top.clone();
            let u = if c.utilisation.is_finite() { format!("{:.0}%", c.utilisation * 100.0) } else { "no capacity".into() };
            m.notes.push(format!("OVERLOADED at {u} of capacity at peak ({}): requests queue without bound or are throttled", c.scaling.text()).into());
            continue;
        }
        if let Some(crate::capacity::Wait::Finite { p_wait, rate_per_s }) = c.wait {
            let mean_ms = if rate_per_s > 0.0 { p_wait / rate_per_s * 1000.0 } else { 0.0 };
            if p_wait > 1e-6 && mean_ms > 1e-4 {
                let z = Dist::zero();
                let w = Dist::mix(&[(1.0 - p_wait, &z), (p_wait, &Dist::exponential(1000.0 / rate_per_s))]);
                m.end = m.end.convolve(&w);
                m.through = m.through.convolve(&w);
                let utilisation = c.utilisation;
                m.notes.push(models::Note::later(move || {
                    format!(
                        "queueing at {:.0}% utilisation at peak: {:.1}% of requests wait, {:.2} ms on average (M/M/c, Erlang C)",
                        utilisation * 100.0,
                        p_wait * 100.0,
                        mean_ms
                    )
                }));
            }
        }
    }
    over
}

/// A call over a connection: applies `timeout_ms` and `retries`. Returns the resulting
/// distribution and, when timeouts can fail the call, a note with the failure rate.
fn call(conn: &Connection, x: Dist) -> (Dist, Option<String>) {
    let Some(t) = conn.timeout_ms.filter(|t| *t > 0.0) else {
        return (x, None);
    };
    let attempts = 1 + conn.retries.unwrap_or(0).min(5) as usize;
    let (below, p) = x.split_at(t);
    if p <= 0.0 {
        return (x, None);
    }
    let mut parts: Vec<(f64, Dist)> = Vec::with_capacity(attempts + 1);
    for k in 0..attempts {
        let w = p.powi(k as i32) * (1.0 - p);
        if w > 0.0 {
            parts.push((w, below.shift(k as f64 * t)));
        }
    }
    let fail = p.powi(attempts as i32);
    parts.push((fail, Dist::constant(attempts as f64 * t)));
    let refs: Vec<(f64, &Dist)> = parts.iter().map(|(w, d)| (*w, d)).collect();
    let note = format!(
        "{}: {:.2}% of attempts exceed the {t} ms timeout; {} attempt(s); {:.4}% of calls fail",
        conn.id,
        p * 100.0,
        attempts,
        fail * 100.0
    );
    (Dist::mix(&refs), Some(note))
}

/// Requests per second reaching each node (for reports and tests), at multiplier 1.
pub fn node_rps(design: &Design) -> BTreeMap<NodeId, f64> {
    let e = Engine::new(design, 1.0, &crate::capacity::Plan::new(design), &graph::edge_shares_in_order(design), &graph::Containers::new(design, &graph::positions(design)), None);
    e.nodes.iter().zip(&e.loads).map(|(n, l)| (n.id.clone(), l.rps)).collect()
}
