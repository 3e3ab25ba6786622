//! Capacity: what each request-serving component can take, how busy it is at the design's
//! traffic (or any multiple of it), where it saturates, and the AWS service quotas the
//! design counts against.
//!
//! # The model
//! Loads are **peak** rates: the traffic engine's average × `workload.peak_to_average`
//! ([`crate::traffic`]; traffic is linear in the multiplier, so it is computed once at ×1 and
//! scaled). The target utilisation is 70% (`data/capacity.json`, from seed
//! `ec2-production.txt`: "CPU utilization: target 70–80%").
//! - **Fleets** (ECS services, Auto Scaling groups, EC2 instances, EKS node groups, EKS
//!   Fargate pods; SageMaker real-time endpoints). One unit serves `μ` req/s at 100%: the
//!   capacity property (`capacity_per_task_rps`, `capacity_per_instance_rps`,
//!   `capacity_per_node_rps`, `capacity_per_pod_rps`: requests per second one unit serves *at
//!   the 70% target*) ÷ 0.7; for SageMaker, model workers per instance ÷ the mean inference
//!   time. The mean own time `S` comes from the latency model (`app_ms`/`app_p99_ms`
//!   log-normal), so one unit holds `c = round(μ·S)` requests in flight at saturation
//!   (Little's law): each unit is an M/M/c station (Erlang C, [`queue`]), and a load balancer
//!   splits arrivals evenly among the units (ALB round robin). Units: the fixed count, or for
//!   traffic-sized fleets `clamp(ceil(load / capacity property), min, max)` — so a fleet grows
//!   in steps, holds utilisation at or below 70% until its maximum, then saturates.
//!   Utilisation = load / (units · μ); at or above 1 the fleet is **overloaded** (no finite
//!   latency). Units needed at the target: `ceil(load / (0.7 · μ))`.
//! - **Concurrency** (Lambda, SageMaker serverless): concurrency = load × mean duration
//!   (Little's law), against reserved concurrency, or the account's unreserved pool
//!   (1,000 per Region − reserved), or the endpoint's max concurrency. No queue: above the
//!   limit requests are throttled (overloaded).
//! - **Throughput** (provisioned DynamoDB RCU/WCU, provisioned Kinesis shards, an
//!   on-premises link's bandwidth): the binding dimension's demand / capacity. A link is also
//!   an M/M/1 queue whose service time is one request's transmission time.
//! - **Connections** (RDS, Aurora): connections the callers hold — 10 per task/instance/pod
//!   (HikariCP's default pool), one per concurrent Lambda execution — against the instance
//!   class's `max_connections`.
//! - **Managed** services (API Gateway, CloudFront, DynamoDB on-demand, SQS, SNS, Kinesis
//!   on-demand, NAT gateways) scale themselves; their quotas bound them.
//!
//! **Quotas** ([`QuotaUse`]): the defaults of a new account (`data/capacity.json`, each with
//! its source and as-of date), per Region or per resource, with the design's use at the
//! multiplier and the multiplier at which the use reaches the limit. Reaching an account
//! quota throttles the components counting against it.
//!
//! **Headroom** ([`Headroom`]): the smallest multiplier at which any component saturates or
//! any quota is reached, and that bottleneck. Found by bisection on the (monotone) "saturated"
//! test of each component and quota, so it is exact for step-wise fleets too.
//!
//! Deterministic: ordered maps, node-id order, no clock.

pub mod data;
mod models;
pub mod queue;
mod quotas;

pub use models::{fleet_size, FleetSize};
pub use queue::Wait;

use crate::catalog;
use crate::model::{Design, NodeId};
use crate::rules::Severity;
use crate::traffic;
use crate::latency::models::Note;
use models::{Bound, Caller, Ctx, Model};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Utilisation the findings size for (70%), from `data/capacity.json`.
pub fn target_utilisation() -> f64 {
    data::assumption("target-utilisation")
}

/// Multipliers searched for the headroom: 10⁻⁶× to 10⁶×.
pub const SEARCH: (f64, f64) = (1e-6, 1e6);

/// The capacity analysis of a design at one traffic multiplier. (`Default`: an empty report,
/// what a session leaves in place of the last one while the next is made.)
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CapacityReport {
    /// The traffic multiplier analysed (1 = the design's own traffic).
    pub multiplier: f64,
    /// Utilisation the needed-unit counts aim for (0.7).
    pub target_utilisation: f64,
    /// Every request-serving component, in node-id order.
    pub components: Vec<ComponentCapacity>,
    /// Every quota the design counts against.
    pub quotas: Vec<QuotaUse>,
    /// Saturation and quota findings at this multiplier, most severe first.
    pub findings: Vec<CapacityFinding>,
    /// Where the design first breaks as traffic grows (independent of `multiplier`).
    pub headroom: Headroom,
    pub notes: Vec<String>,
    /// As-of date of the quota data.
    pub data_as_of: String,
}

impl CapacityReport {
    pub fn headroom(&self) -> &Headroom {
        &self.headroom
    }
    pub fn component(&self, id: &NodeId) -> Option<&ComponentCapacity> {
        self.components.iter().find(|c| &c.node == id)
    }
    /// Components at or above saturation at this multiplier.
    pub fn overloaded(&self) -> impl Iterator<Item = &ComponentCapacity> {
        self.components.iter().filter(|c| c.overloaded)
    }
}

/// How a component's capacity is bounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityModel {
    /// Load-balanced units, each an M/M/c queue.
    Queue,
    /// Execution environments, one request each; throttled above the limit.
    Concurrency,
    /// Provisioned throughput (shards, RCU/WCU, link bandwidth).
    Throughput,
    /// Database connections against max_connections.
    Connections,
    /// Scales itself; bounded by quotas.
    Managed,
}

/// One component's capacity at the analysed multiplier. Rates are per second at peak.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentCapacity {
    pub node: NodeId,
    pub kind: String,
    pub label: String,
    pub model: CapacityModel,
    /// Load at peak, in `load_unit` (req/s for most; connections for databases).
    pub load: f64,
    pub load_unit: String,
    /// Units running at this load (tasks, instances, concurrent executions, shards, ...).
    pub units: f64,
    pub unit_name: String,
    pub min_units: f64,
    pub max_units: f64,
    /// How it scales ("fixed: 2 tasks", "auto scaling 2–10 tasks, one per 100 req/s", ...).
    pub scaling: String,
    /// Load it takes at 100% with `units` (0 for managed services).
    pub capacity: f64,
    /// Load it takes at 100% at its maximum units.
    pub max_capacity: f64,
    /// `load / capacity` (or the binding quota's share for managed services); infinite with
    /// traffic and no capacity (serialised as null).
    pub utilisation: f64,
    /// At or above saturation, or throttled by a quota: no finite latency.
    pub overloaded: bool,
    /// Mean own time of a request, ms.
    pub service_ms: Option<f64>,
    /// Requests one unit works on at once (queueing models).
    pub servers_per_unit: Option<u32>,
    /// Probability a request waits (Erlang C), queueing models below saturation.
    pub wait_probability: Option<f64>,
    /// Mean queueing delay, ms (infinite — null — when overloaded).
    pub wait_mean_ms: Option<f64>,
    /// Units needed to run at the target utilisation at this load.
    pub needed_units: f64,
    /// Multiplier at which it saturates (None: never within 10⁶×).
    pub saturates_at: Option<f64>,
    /// Seconds to bring a new unit into service (auto-scaled fleets).
    pub scale_out_s: Option<f64>,
    /// Share of its tightest quota left (1 − use/limit), if it counts against any.
    pub quota_margin: Option<f64>,
    /// The tightest quota's name.
    pub quota: Option<String>,
    pub notes: Vec<String>,
    pub sources: Vec<String>,
    /// The queueing delay distribution (for the latency projection).
    #[serde(skip)]
    pub wait: Option<Wait>,
}

/// A quota and the design's use of it at the analysed multiplier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuotaUse {
    pub quota: String,
    pub name: String,
    /// What the quota counts against (Region or resource).
    pub scope: String,
    pub nodes: Vec<NodeId>,
    pub used: f64,
    pub limit: f64,
    pub unit: String,
    /// How the use is counted.
    pub what: String,
    /// `used / limit`.
    pub utilisation: f64,
    /// `limit − used`.
    pub margin: f64,
    pub exceeded: bool,
    /// Multiplier at which the use reaches the limit (None: never within 10⁶×; 0: exceeded
    /// by configuration, whatever the traffic).
    pub hits_at: Option<f64>,
    pub adjustable: bool,
    pub fix: String,
    /// The quota's source, as-of date and note, from `data/capacity.json`.
    #[serde(flatten)]
    pub provenance: crate::source::Sourced,
}

/// A capacity problem at the analysed multiplier; `rule` is one of the `cap.*` rule ids.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityFinding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The component first, then any others involved.
    pub nodes: Vec<NodeId>,
    pub message: String,
    pub fix: String,
}

/// [`Headroom::what`] when nothing saturates within the search's reach (an empty design's, too:
/// the app's placeholder analysis says it without running one).
pub const NOTHING_SATURATES: &str = "nothing saturates or reaches a quota below 1,000,000× today's traffic";

/// Where the design first breaks as traffic grows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Headroom {
    /// The multiplier of today's traffic at which the first component saturates or the first
    /// quota is reached; `None` when nothing does within 10⁶×. Below 1: broken today.
    pub multiplier: Option<f64>,
    /// The component that saturates first (for a quota: the first node counting against it).
    pub bottleneck: Option<NodeId>,
    /// The quota reached first, when a quota is the limit.
    pub quota: Option<String>,
    /// One sentence: "ECS service "app" saturates at 3.2× (max_tasks 6)".
    pub what: String,
}

/// A component's state at one multiplier, without the report's text: what the latency
/// projection reads on every run (borrowed from the [`Plan`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Status<'p> {
    pub node: &'p NodeId,
    pub utilisation: f64,
    /// At or above saturation, or throttled by a quota.
    pub overloaded: bool,
    /// Queueing models: the waiting time (Overloaded when `overloaded`).
    pub wait: Option<Wait>,
    /// How it scales (for notes).
    pub scaling: &'p crate::latency::models::Note,
}

/// One model's numbers at a multiplier.
#[derive(Clone, Copy)]
struct State {
    eval: models::Eval,
    utilisation: f64,
    overloaded: bool,
    wait: Option<Wait>,
    /// The highest share of a quota it counts against, and that check's index.
    tightest: Option<(f64, usize)>,
}

/// A quota is reached when the use is at or above the limit (a zero limit with no use is not).
fn quota_exceeded(used: f64, limit: f64) -> bool {
    used >= limit && (used > 0.0 || limit <= 0.0)
}

/// The capacity analysis of `design` with every entry volume × `multiplier`.
pub fn analyse(design: &Design, multiplier: f64) -> CapacityReport {
    analyse_in(&crate::analysis::Context::new(design), multiplier)
}

/// [`analyse`] on a shared analysis context (its capacity plan is built once per revision).
pub fn analyse_in(cx: &crate::analysis::Context<'_>, multiplier: f64) -> CapacityReport {
    cx.capacity_plan().report(multiplier)
}

/// [`analyse_in`] at ×1 after structural edits, taking over what the last report holds of the
/// components they cannot have changed ([`Plan::report_after`]).
pub(crate) fn analyse_after_in(cx: &crate::analysis::Context<'_>, since: Since<'_>) -> CapacityReport {
    cx.capacity_plan().report_after(1.0, Some(since))
}

/// The design's headroom (see [`Headroom`]).
pub fn headroom(design: &Design) -> Headroom {
    Plan::new(design).headroom()
}

/// The traffic multiples a growth chart samples, ascending: the standard 0.1×–100× steps
/// ([`crate::cost::default_multipliers`]) plus, when the design's knee (`headroom.multiplier`,
/// the first saturation or quota) lies inside that range, 0.9× the knee (the last point
/// below it: 90% of the binding capacity, where queueing is steep but finite) and the knee
/// itself (the first point at it). Without the two, a knee between two standard steps
/// would show only as a line that stops somewhere in the gap.
pub fn growth_multipliers(headroom: &Headroom) -> Vec<f64> {
    let mut xs = crate::cost::default_multipliers();
    let (lo, hi) = (xs[0], xs[xs.len() - 1]);
    if let Some(k) = headroom.multiplier.filter(|k| *k > lo && *k <= hi) {
        xs.extend([(k * 0.9).max(lo), k]);
        crate::order::sort_by(&mut xs, f64::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * b.abs());
    }
    xs
}

/// Everything about a design's capacity that does not depend on the multiplier, built once;
/// [`Plan::report`] then evaluates it at any multiplier (the growth series reuse one plan).
pub struct Plan<'d> {
    design: &'d Design,
    models: Vec<Model<'d>>,
    checks: Vec<quotas::Check>,
    /// Per check: the models among its nodes, in the order of its nodes (a node that is no
    /// model, e.g. a NAT gateway's destination, has none).
    check_models: Vec<Vec<usize>>,
    target: f64,
    notes: Vec<String>,
    /// [`Plan::states`] at ×1, worked out on first use: the rules' findings, the latency
    /// projection's `status`, the headroom and the capacity report each evaluate every model
    /// at the design's own traffic, the same numbers each time (the plan does not change).
    at_one: std::cell::OnceCell<States>,
}

/// Every model's [`State`] and every quota check's use, at one multiplier.
type States = (Vec<State>, Vec<f64>);

/// What a component's row holds that only its own model decides: the multiplier at which it
/// saturates, how it scales, its notes and sources ([`Plan::report_after`] takes them over
/// from the last report for a model that cannot have changed).
struct Kept {
    saturates_at: Option<f64>,
    scaling: String,
    notes: Vec<String>,
    sources: Vec<String>,
}

impl Kept {
    /// The model-only parts of a last row, moved out of it.
    fn take(row: &mut ComponentCapacity) -> Kept {
        Kept { saturates_at: row.saturates_at, scaling: std::mem::take(&mut row.scaling), notes: std::mem::take(&mut row.notes), sources: std::mem::take(&mut row.sources) }
    }
}

/// The last capacity report and what happened since: edits that only added or removed nodes
/// (with no children and no connections) and connections, or changed connections (a
/// delete, a connection made or removed, a share, their undo). Such edits change no
/// property, no workload assumption and no kept node's containers (so neither its Region),
/// so a component's model (`models::build`) is the same when:
/// - the component was there before and is not one the edits added or removed (a node
///   replaced under the same id is both),
/// - its traffic at ×1 is the same bit for bit (its load, the notes with figures),
/// - for a Lambda function: no function was added or removed (the Region's unreserved pool
///   is the account's quota less every function's reserved concurrency),
/// - for a database: it is no end of a connection the edits touched, and every caller is
///   unchanged (its connections are its callers' units × the pool per unit).
pub(crate) struct Since<'a> {
    /// The last report at the same multiplier, its texts as analysed (a session's label
    /// placeholders put back: `analysis::labels::unrender`).
    pub report: CapacityReport,
    /// The traffic at ×1 it was computed from.
    pub before: &'a traffic::Traffic,
    /// The traffic at ×1 now (the plan's).
    pub now: &'a traffic::Traffic,
    /// The nodes the edits added or removed.
    pub nodes: &'a [NodeId],
    /// The ends of the connections the edits made, removed or changed.
    pub ends: &'a [NodeId],
    /// Whether the edits added or removed a Lambda function.
    pub lambdas: bool,
}

impl Since<'_> {
    /// Per model of `plan`: whether it is the model the last report's row was made from.
    fn unchanged(&self, plan: &Plan<'_>) -> Vec<bool> {
        let mut same: Vec<bool> = plan
            .models
            .iter()
            .map(|md| {
                let id = md.id();
                !self.nodes.contains(id)
                    && !(self.lambdas && md.kind() == "lambda")
                    && matches!((self.now.usage.get(id), self.before.usage.get(id)), (Some(a), Some(b)) if a.same_bits(b))
            })
            .collect();
        // Callers are fleets and functions, never databases: one pass settles the databases.
        for (k, md) in plan.models.iter().enumerate() {
            if let Bound::Connections { callers, .. } = &md.bound {
                let caller_changed = callers.iter().any(|c| match *c {
                    Caller::Fleet(j, _) | Caller::Function(j) => !same[j],
                });
                if caller_changed || self.ends.contains(md.id()) {
                    same[k] = false;
                }
            }
        }
        same
    }
}

impl<'d> Plan<'d> {
    pub fn new(design: &'d Design) -> Self {
        Plan::with_traffic(design, &traffic::traffic_at(design, 1.0))
    }

    /// The plan from the design's traffic at ×1 computed already (`traffic::traffic_at(design, 1.0)`).
    pub fn with_traffic(design: &'d Design, t: &traffic::Traffic) -> Self {
        let pos = crate::graph::positions(design);
        Plan::with_traffic_in(design, t, &crate::graph::Containers::new(design, &pos), &pos, None)
    }

    /// [`Plan::with_traffic`] with the design's containers and node positions already worked
    /// out (an analysis context's), and when a graph index is built, each connection's kind
    /// and ends by position ([`crate::graph::Index::conn_kinds`], [`crate::graph::Index::ends`]),
    /// read instead of each connection and its ends' ids.
    pub(crate) fn with_traffic_in(design: &'d Design, t: &traffic::Traffic, containers: &crate::graph::Containers<'d>, pos: &crate::graph::Positions, conns: Option<ConnTables<'_>>) -> Self {
        let cx = Ctx::new(design, containers, pos);
        let target = target_utilisation();
        let usage = usage_by_position(design, t);
        // The model of each node, by position (the nodes are the design's, in id order).
        let mut of_node: Vec<Option<usize>> = vec![None; design.nodes.len()];
        // At most one model per node: sized first, not regrown (and copied) by doubling.
        let mut models: Vec<Model<'d>> = Vec::with_capacity(design.nodes.len());
        for (p, n) in design.nodes.values().enumerate() {
            let m = match n.kind.as_str() {
                "rds" | "aurora" => database(&cx, p, n),
                _ => models::build(&cx, p, n, usage[p], target),
            };
            if let Some(m) = m {
                of_node[p] = Some(models.len());
                models.push(m);
            }
        }
        connect_databases(&cx, &of_node, &mut models, conns);
        lambda_pools(&cx, &mut models);
        let checks = quotas::checks(&cx, &usage, &models);
        let check_models = checks.iter().map(|c| c.nodes.iter().filter_map(|id| cx.pos.get(id).and_then(|p| of_node[p])).collect()).collect();
        let mut notes = vec![format!(
            "loads are peak rates (average × {} peak-to-average); units needed are for {:.0}% utilisation",
            cx.peak,
            target * 100.0
        )];
        if !t.back_edges.is_empty() {
            notes.push(match t.back_edges.len() {
                1 => "1 connection closes a cycle and carries no traffic".to_string(),
                k => format!("{k} connections close a cycle and carry no traffic"),
            });
        }
        Plan { design, models, checks, check_models, target, notes, at_one: std::cell::OnceCell::new() }
    }

    /// The headroom: the smallest multiplier at which a component saturates or a quota is
    /// reached.
    pub fn headroom(&self) -> Headroom {
        let (components, quotas) = self.evaluate(1.0, true, false);
        self.headroom_of(&components, &quotas)
    }

    /// The headroom from evaluated components and quotas (their `saturates_at`, `hits_at`).
    /// The first (in components then quotas order) of the lowest multipliers wins; only its
    /// sentence is written.
    fn headroom_of(&self, components: &[ComponentCapacity], quotas: &[QuotaUse]) -> Headroom {
        enum Limit<'r> {
            Component(&'r ComponentCapacity),
            Quota(&'r QuotaUse),
        }
        let mut best: Option<(f64, Limit<'_>)> = None;
        let limits = components.iter().map(|c| (c.saturates_at, Limit::Component(c))).chain(quotas.iter().map(|q| (q.hits_at, Limit::Quota(q))));
        for (m, limit) in limits {
            if let Some(m) = m {
                if best.as_ref().is_none_or(|b| m < b.0) {
                    best = Some((m, limit));
                }
            }
        }
        match best {
            Some((m, limit)) => {
                let (node, quota, what) = match limit {
                    Limit::Component(c) => (Some(c.node.clone()), None, format!("{} saturates", self.name_of(&c.node))),
                    Limit::Quota(q) => (q.nodes.first().cloned(), Some(q.quota.clone()), format!("{} ({}) is reached", q.name, q.scope)),
                };
                Headroom { multiplier: Some(m), bottleneck: node, quota, what: format!("{what} at {}× today's traffic", fmt_mult(m)) }
            }
            None => Headroom { multiplier: None, bottleneck: None, quota: None, what: NOTHING_SATURATES.into() },
        }
    }

    /// The saturation and quota findings at `multiplier`, without the headroom search (what
    /// the rules engine needs on every edit).
    ///
    /// Only the components and quotas that make a finding (above the target, saturated,
    /// near or over a quota: [`finds_component`], [`finds_quota`]) are written out as rows;
    /// the findings are those [`Plan::report`] lists, in the same order.
    pub fn findings(&self, multiplier: f64) -> Vec<CapacityFinding> {
        let m = if multiplier.is_finite() { multiplier.max(0.0) } else { 0.0 };
        let states = self.states(m);
        let (states, used) = (&states.0, &states.1);
        let mut findings = Vec::new();
        for (k, (md, &st)) in self.models.iter().zip(states).enumerate() {
            if finds_component(md, st.utilisation, self.target) {
                let c = self.component(k, md, st, false, false, None);
                findings.extend(component_finding(self.design, &c, md, m, self.target));
            }
        }
        for (c, &u) in self.checks.iter().zip(used) {
            if finds_quota(u, c.limit, self.target) {
                findings.extend(quota_finding(self.design, &self.quota_use(c, u, false), m, self.target));
            }
        }
        sort_findings(&mut findings);
        findings
    }

    fn findings_of(&self, components: &[ComponentCapacity], quotas: &[QuotaUse], m: f64) -> Vec<CapacityFinding> {
        let mut findings = Vec::new();
        for (c, md) in components.iter().zip(&self.models) {
            if let Some(f) = component_finding(self.design, c, md, m, self.target) {
                findings.push(f);
            }
        }
        for q in quotas {
            if let Some(f) = quota_finding(self.design, q, m, self.target) {
                findings.push(f);
            }
        }
        sort_findings(&mut findings);
        findings
    }

    fn name_of(&self, id: &NodeId) -> String {
        self.design.node(id).map(crate::rules::name).unwrap_or_else(|| id.to_string())
    }

    fn saturates_at(&self, k: usize) -> Option<f64> {
        first_crossing(|m| self.models[k].utilisation_at(m, &self.models, self.target) >= 1.0)
    }

    fn hits_at(&self, c: &quotas::Check) -> Option<f64> {
        first_crossing(|m| c.used(m, &self.models, self.target) >= c.limit)
    }

    /// Every component's state at `multiplier`, without the headroom search, findings or
    /// quota rows (what the latency projection needs: queueing and overload).
    pub fn status(&self, multiplier: f64) -> Vec<Status<'_>> {
        let m = if multiplier.is_finite() { multiplier.max(0.0) } else { 0.0 };
        let states = self.states(m);
        self.models
            .iter()
            .zip(&states.0)
            .map(|(md, st)| Status { node: md.id(), utilisation: st.utilisation, overloaded: st.overloaded, wait: st.wait, scaling: &md.scaling })
            .collect()
    }

    /// Every model's evaluation and every check's use at `m` (numbers only, no text): at ×1
    /// worked out once per plan and borrowed, at another multiplier worked out now.
    fn states(&self, m: f64) -> std::borrow::Cow<'_, States> {
        if m.to_bits() == 1f64.to_bits() {
            std::borrow::Cow::Borrowed(self.at_one.get_or_init(|| self.states_at(m)))
        } else {
            std::borrow::Cow::Owned(self.states_at(m))
        }
    }

    /// [`Plan::states`], worked out.
    fn states_at(&self, m: f64) -> States {
        let used: Vec<f64> = self.checks.iter().map(|c| c.used(m, &self.models, self.target)).collect();
        let mut throttled = vec![false; self.models.len()];
        // Per model: the highest share of a quota it counts against, and which quota.
        let mut tightest: Vec<Option<(f64, usize)>> = vec![None; self.models.len()];
        for (qi, ((c, &u), ks)) in self.checks.iter().zip(&used).zip(&self.check_models).enumerate() {
            if quota_exceeded(u, c.limit) {
                for &k in &c.throttles {
                    throttled[k] = true;
                }
            }
            let share = models::ratio(u, c.limit);
            for &k in ks {
                if tightest[k].is_none_or(|t| share > t.0) {
                    tightest[k] = Some((share, qi));
                }
            }
        }
        let states = self
            .models
            .iter()
            .enumerate()
            .map(|(k, md)| {
                let e = md.eval(m, &self.models, self.target);
                let managed = matches!(md.bound, Bound::Managed { .. });
                let utilisation = if managed { tightest[k].map(|t| t.0).unwrap_or(0.0) } else { e.utilisation };
                let overloaded = utilisation >= 1.0 || throttled[k];
                let wait = e.wait.map(|w| if overloaded { Wait::Overloaded } else { w });
                State { eval: e, utilisation, overloaded, wait, tightest: tightest[k] }
            })
            .collect();
        (states, used)
    }

    /// Components and quota uses at `m`; `full` adds the multipliers at which each saturates.
    /// Only a report reads the components' notes and sources: without `texts` they are left
    /// empty (the findings and the headroom read numbers only).
    fn evaluate(&self, m: f64, full: bool, texts: bool) -> (Vec<ComponentCapacity>, Vec<QuotaUse>) {
        let states = self.states(m);
        let (states, used) = (&states.0, &states.1);
        let quotas: Vec<QuotaUse> = self.checks.iter().zip(used).map(|(c, &u)| self.quota_use(c, u, full)).collect();
        let components: Vec<ComponentCapacity> = self.models.iter().zip(states).enumerate().map(|(k, (md, &st))| self.component(k, md, st, full, texts, None)).collect();
        (components, quotas)
    }

    /// [`Plan::evaluate`] in full with texts, taking over from `since`'s report the model-only
    /// parts of the rows of unchanged components and the multipliers at which the quotas
    /// they alone count against are reached ([`Plan::report_after`]).
    fn evaluate_after(&self, m: f64, since: Since<'_>) -> (Vec<ComponentCapacity>, Vec<QuotaUse>) {
        let unchanged = since.unchanged(self);
        let Since { report: mut last, .. } = since;
        let states = self.states(m);
        let (states, used) = (&states.0, &states.1);
        // The last rows and the models are both in node-id order: one walk pairs them.
        let mut rows = last.components.iter_mut().peekable();
        let components: Vec<ComponentCapacity> = self
            .models
            .iter()
            .zip(states)
            .enumerate()
            .map(|(k, (md, &st))| {
                while rows.next_if(|r| &r.node < md.id()).is_some() {}
                let kept = rows.next_if(|r| &r.node == md.id()).filter(|_| unchanged[k]).map(Kept::take);
                self.component(k, md, st, true, true, kept)
            })
            .collect();
        // A quota's row is keyed by the quota, its scope and the nodes counting against it.
        let reached: rustc_hash::FxHashMap<(&str, &str, &[NodeId]), Option<f64>> = last.quotas.iter().map(|q| ((q.quota.as_str(), q.scope.as_str(), q.nodes.as_slice()), q.hits_at)).collect();
        let quotas: Vec<QuotaUse> = self
            .checks
            .iter()
            .zip(used)
            .zip(&self.check_models)
            .map(|((c, &u), ks)| {
                let kept = ks.iter().all(|&k| unchanged[k]).then(|| reached.get(&(c.quota.id.as_str(), c.scope.as_str(), c.nodes.as_slice())).copied()).flatten();
                match kept {
                    Some(hits_at) => QuotaUse { hits_at, ..self.quota_use(c, u, false) },
                    None => self.quota_use(c, u, true),
                }
            })
            .collect();
        (components, quotas)
    }

    /// Model `k`'s row at the state `st`: see [`Plan::evaluate`] for `full` and `texts`.
    /// `kept`: what the row of the same, unchanged model in the last report held (taken over).
    fn component(&self, k: usize, md: &Model<'_>, st: State, full: bool, texts: bool, kept: Option<Kept>) -> ComponentCapacity {
        let State { eval: e, utilisation, overloaded, wait, tightest } = st;
        let managed = matches!(md.bound, Bound::Managed { .. });
        let tq = tightest.map(|(share, qi)| (share, self.checks[qi].quota.name.as_str()));
        let Kept { saturates_at, scaling, notes, sources } = kept.unwrap_or_else(|| Kept {
            saturates_at: if !full || managed || matches!(md.bound, Bound::Connections { .. }) { None } else { self.saturates_at(k) },
            scaling: if texts { md.scaling.text() } else { String::new() },
            notes: if texts { md.notes(&self.models) } else { Vec::new() },
            sources: if texts { md.sources() } else { Vec::new() },
        });
        ComponentCapacity {
            node: md.node.id.clone(),
            kind: md.node.kind.clone(),
            label: md.node.label.clone(),
            model: match md.bound {
                Bound::Fleet { .. } => CapacityModel::Queue,
                Bound::Concurrency { .. } => CapacityModel::Concurrency,
                Bound::Throughput { .. } => CapacityModel::Throughput,
                Bound::Connections { .. } => CapacityModel::Connections,
                Bound::Managed { .. } => CapacityModel::Managed,
            },
            load: e.load,
            load_unit: md.load_unit.to_string(),
            units: e.units,
            unit_name: md.unit_name.to_string(),
            min_units: e.min_units,
            max_units: e.max_units,
            scaling,
            capacity: e.capacity,
            max_capacity: e.max_capacity,
            utilisation,
            overloaded,
            service_ms: md.service_s.map(|s| s * 1000.0),
            servers_per_unit: e.servers,
            wait_probability: match wait {
                Some(Wait::Finite { p_wait, .. }) => Some(p_wait),
                Some(Wait::Overloaded) => Some(1.0),
                None => None,
            },
            wait_mean_ms: wait.map(|w| w.mean_s() * 1000.0),
            needed_units: e.needed_units,
            saturates_at,
            scale_out_s: md.scale_out_s,
            quota_margin: tq.map(|t| 1.0 - t.0),
            quota: tq.map(|t| t.1.to_string()),
            notes,
            sources,
            wait,
        }
    }

    /// The analysis at `multiplier`.
    pub fn report(&self, multiplier: f64) -> CapacityReport {
        self.report_after(multiplier, None)
    }

    /// [`Plan::report`]; with `last` (the report before structural edits, at the same
    /// multiplier), the rows of the components whose model cannot have changed take over
    /// what only their model decides — the multiplier at which they saturate (a bisection of
    /// 66 evaluations), how they scale, their notes and sources — and the quotas counted by
    /// such components only take over the multiplier at which they are reached. Everything
    /// that reads several components (utilisation against a shared quota, throttling, the
    /// quotas' use, the findings, the headroom) is computed again. See [`Since`] for what
    /// "cannot have changed" means.
    pub(crate) fn report_after(&self, multiplier: f64, last: Option<Since<'_>>) -> CapacityReport {
        let m = if multiplier.is_finite() { multiplier.max(0.0) } else { 0.0 };
        let (components, quotas) = match last {
            Some(since) if since.report.multiplier.to_bits() == m.to_bits() && since.report.target_utilisation.to_bits() == self.target.to_bits() => self.evaluate_after(m, since),
            _ => self.evaluate(m, true, true),
        };
        let findings = self.findings_of(&components, &quotas, m);
        let headroom = self.headroom_of(&components, &quotas);
        CapacityReport {
            multiplier: m,
            target_utilisation: self.target,
            components,
            quotas,
            findings,
            headroom,
            notes: self.notes.clone(),
            data_as_of: data::data().as_of.clone(),
        }
    }

    fn quota_use(&self, c: &quotas::Check, used: f64, full: bool) -> QuotaUse {
        let q = c.quota;
        QuotaUse {
            quota: q.id.clone(),
            name: q.name.clone(),
            scope: c.scope.clone(),
            nodes: c.nodes.clone(),
            used,
            limit: c.limit,
            unit: q.unit.clone(),
            what: c.what.to_string(),
            utilisation: models::ratio(used, c.limit),
            margin: c.limit - used,
            exceeded: quota_exceeded(used, c.limit),
            hits_at: if full { self.hits_at(c) } else { None },
            adjustable: q.adjustable,
            fix: q.fix.clone(),
            provenance: q.provenance.clone(),
        }
    }
}

/// The smallest multiplier in [`SEARCH`] at which `saturated` holds (it must be monotone:
/// once true, true for every larger multiplier). `Some(0.0)` when it holds at any traffic.
pub(crate) fn first_crossing(saturated: impl Fn(f64) -> bool) -> Option<f64> {
    let (lo, hi) = SEARCH;
    if !saturated(hi) {
        return None;
    }
    if saturated(lo) {
        return Some(0.0);
    }
    let (mut a, mut b) = (lo.ln(), hi.ln());
    for _ in 0..64 {
        let mid = 0.5 * (a + b);
        if saturated(mid.exp()) {
            b = mid;
        } else {
            a = mid;
        }
    }
    Some(b.exp())
}

/// A multiplier as users read it: 0.25, 3.2, 48, 1,200.
pub fn fmt_mult(m: f64) -> String {
    crate::units::mult(m)
}

/// Each node's traffic at ×1, by position in the design's id-ordered nodes (a node the
/// traffic does not know has none: zero). The traffic of the design has the same ids in the
/// same order, so one walk pairs them; any other is looked up by id.
fn usage_by_position<'t>(design: &Design, t: &'t traffic::Traffic) -> Vec<&'t traffic::Usage> {
    static EMPTY: std::sync::OnceLock<traffic::Usage> = std::sync::OnceLock::new();
    let empty = EMPTY.get_or_init(traffic::Usage::default);
    if t.usage.len() == design.nodes.len() && t.usage.keys().zip(design.nodes.keys()).all(|(a, b)| a == b) {
        return t.usage.values().collect();
    }
    design.nodes.keys().map(|id| t.usage.get(id).unwrap_or(empty)).collect()
}

/// A database's model: connections against its instance class's max_connections (the
/// callers are filled in by [`connect_databases`]).
fn database<'d>(cx: &Ctx<'d>, pos: usize, n: &'d crate::model::Node) -> Option<Model<'d>> {
    let (limit, how) = models::max_connections(cx, n)?;
    Some(Model {
        node: n,
        pos,
        bound: Bound::Connections { callers: Vec::new(), limit },
        unit_name: "max connections",
        load_unit: "connections",
        scaling: Note::later(move || format!("max_connections {limit}")),
        service_s: None,
        scale_out_s: None,
        resize_prop: Some("instance_class"),
        fleet_note: None,
        notes: vec![Note::later(move || format!("max_connections: {}", how.text()))],
        sources: models::cite_database().map(Note::Text).to_vec(),
    })
}

/// Databases: the connections their synchronous callers hold — a fleet's units × the pool per
/// unit, a Lambda function's concurrency — in one pass over the connections, in connection
/// id order (the order the report's note names them in, [`Model::notes`]). `of_node` is the
/// model of each node, by position. `conns`: each connection's kind and ends by position
/// (a graph index's tables) when built; else each connection is read and its ends looked up.
fn connect_databases(cx: &Ctx<'_>, of_node: &[Option<usize>], models: &mut [Model<'_>], conns: Option<ConnTables<'_>>) {
    if !models.iter().any(|m| matches!(m.bound, Bound::Connections { .. })) {
        return;
    }
    let pool = data::assumption("pool-per-unit");
    let model = |id: &NodeId| cx.pos.get(id).and_then(|p| of_node[p]);
    let at = |p: Option<usize>| p.and_then(|p| of_node[p]);
    // (the callee's model, the caller's) of each synchronous connection, in connection id order.
    let sync: Box<dyn Iterator<Item = (Option<usize>, Option<usize>)> + '_> = match conns {
        Some((kinds, ends)) => Box::new(kinds.iter().zip(ends).filter(|(k, _)| **k == crate::model::ConnKind::Sync).map(move |(_, &(from, to))| (at(to), at(from)))),
        None => Box::new(cx.design.connections.values().filter(|c| c.kind == crate::model::ConnKind::Sync).map(move |c| (model(&c.to), model(&c.from)))),
    };
    for ends in sync {
        let (Some(db), Some(k)) = ends else { continue };
        if !matches!(models[db].bound, Bound::Connections { .. }) {
            continue;
        }
        let caller = match models[k].bound {
            Bound::Fleet { .. } if models[k].kind() != "sagemaker-endpoint" => Caller::Fleet(k, pool),
            Bound::Concurrency { .. } if models[k].kind() == "lambda" => Caller::Function(k),
            _ => continue,
        };
        if let Bound::Connections { callers, .. } = &mut models[db].bound {
            callers.push(caller);
        }
    }
}

/// Each connection's kind and ends by node position, in connection id order (a graph index's
/// [`crate::graph::Index::conn_kinds`] and [`crate::graph::Index::ends`]).
pub(crate) type ConnTables<'a> = (&'a [crate::model::ConnKind], &'a [(Option<usize>, Option<usize>)]);

/// Unreserved Lambda functions of a Region share what reserved concurrency leaves of the
/// account quota.
fn lambda_pools(cx: &Ctx<'_>, models: &mut [Model<'_>]) {
    let mut reserved: BTreeMap<&str, f64> = BTreeMap::new();
    for m in models.iter() {
        if let Bound::Concurrency { limit, pool: false, .. } = m.bound {
            if m.kind() == "lambda" {
                *reserved.entry(cx.region(m.pos)).or_default() += limit;
            }
        }
    }
    for m in models.iter_mut() {
        if m.kind() != "lambda" {
            continue;
        }
        let region = cx.region(m.pos);
        if let Bound::Concurrency { limit, pool: true, .. } = &mut m.bound {
            let total = data::quota("lambda.concurrent-executions").value_in(region);
            let r = reserved.get(region).copied().unwrap_or(0.0);
            *limit = (total - r).max(0.0);
            let limit = *limit;
            m.scaling = crate::latency::models::Note::later(move || format!("account pool: {total} − {r} reserved = {limit} unreserved"));
        }
    }
}

/// A utilisation as the findings write it ([`crate::units::pct`]); "no capacity" when there
/// is none to divide by.
fn pct(x: f64) -> String {
    if x.is_finite() { crate::units::pct(x) } else { "no capacity".into() }
}

/// A count, a quota's use or limit, a duration in seconds: the one writer of counts
/// ([`crate::units::count_short`]: `12,000`, `1.23M`, `0.1`), never an ungrouped `12000`.
fn num(x: f64) -> String {
    crate::units::count_short(x)
}

/// A number of a fleet's units with its unit's name (`unit_name`, plural as the models give
/// it: "instances", "tasks", "max connections"), singular after exactly 1: "1 instance",
/// "3 instances", "1.5 instances" (QA s30 F8: the Latency panel read "1 instances").
pub fn unit_count(x: f64, unit_name: &str) -> String {
    format!("{} {}", num(x), unit_noun(x, unit_name))
}

/// The unit's name to write after the number `x` ([`unit_count`]'s noun, for a view that
/// writes the number its own way).
pub fn unit_noun(x: f64, unit_name: &str) -> &str {
    if x == 1.0 { unit_name.strip_suffix('s').unwrap_or(unit_name) } else { unit_name }
}

/// The findings in the order they are listed: most severe first, then by rule and nodes.
fn sort_findings(findings: &mut [CapacityFinding]) {
    crate::order::sort_by(findings, |a, b| (a.severity, a.rule, &a.nodes).cmp(&(b.severity, b.rule, &b.nodes)));
}

/// Whether a component at `utilisation` makes a finding ([`component_finding`]'s test):
/// saturated or above the target; managed services and databases never (their quota rows
/// speak for them).
fn finds_component(md: &Model<'_>, utilisation: f64, target: f64) -> bool {
    !matches!(md.bound, Bound::Managed { .. } | Bound::Connections { .. }) && (utilisation >= 1.0 || utilisation > target + 1e-9)
}

/// Whether a quota `used` of `limit` makes a finding ([`quota_finding`]'s test): reached, or
/// its share above the target.
fn finds_quota(used: f64, limit: f64, target: f64) -> bool {
    quota_exceeded(used, limit) || models::ratio(used, limit) > target + 1e-9
}

/// The field a fix names, as the inspector labels it and in quotes (“Maximum size”, not the
/// file format's `max`, QA s17); "the limit" when the model names none.
fn field(md: &Model<'_>) -> String {
    match md.resize_prop.filter(|p| !p.is_empty()) {
        Some(p) => format!("“{}”", crate::catalog::prop_label(md.kind(), p)),
        None => "the limit".to_string(),
    }
}

fn component_finding(design: &Design, c: &ComponentCapacity, md: &Model<'_>, m: f64, target: f64) -> Option<CapacityFinding> {
    if !finds_component(md, c.utilisation, target) {
        return None;
    }
    let saturated = c.utilisation >= 1.0;
    let name = design.node(&c.node).map(crate::rules::name).unwrap_or_else(|| c.node.to_string());
    let needed = c.needed_units;
    let units = |x: f64| unit_count(x, &c.unit_name);
    let state = if saturated { "is overloaded" } else { "runs above the target" };
    let (what, fix) = match &md.bound {
        Bound::Fleet { units: u, .. } => {
            let at_max = matches!(u, models::Units::Auto { .. });
            let what = format!(
                "{name} {state} at {}× traffic: {} at peak against {} at 100% ({}{}), utilisation {}. It needs {} to run at {}.",
                fmt_mult(m),
                crate::units::load(c.load, &c.load_unit),
                crate::units::load(c.capacity, &c.load_unit),
                units(c.units),
                if at_max && c.units >= c.max_units { ", its maximum" } else { "" },
                pct(c.utilisation),
                units(needed),
                pct(target)
            );
            let prop = field(md);
            let needed = num(needed);
            let fix = if at_max { format!("raise {prop} to at least {needed}") } else { format!("set {prop} to at least {needed}, or size it from traffic with a maximum of {needed} or more") };
            (what, fix)
        }
        Bound::Concurrency { service_s, pool, .. } => {
            let what = format!(
                "{name} {state} at {}× traffic: {} × {} s = {} concurrent executions at peak against {} ({}), utilisation {}. It needs {} to run at {}.",
                fmt_mult(m),
                // Per second whatever the rate (Little's law multiplies it by seconds).
                crate::units::rate(c.load * crate::traffic::SECONDS_PER_MONTH, crate::units::Per::Second),
                num(*service_s),
                num(c.load * service_s),
                num(c.max_units),
                if *pool { "the account's unreserved pool" } else { "its limit" },
                pct(c.utilisation),
                num(needed),
                pct(target)
            );
            let fix = if *pool {
                format!("request a Lambda concurrency quota of at least {} (or reserve {} for this function)", num(needed.max(1000.0)), num(needed))
            } else {
                format!("raise {} to at least {}", field(md), num(needed))
            };
            (what, fix)
        }
        Bound::Throughput { .. } => {
            let what = format!(
                "{name} {state} at {}× traffic: {} at peak against {} ({}), utilisation {}. It needs {} to run at {}.",
                fmt_mult(m),
                crate::units::load(c.load, &c.load_unit),
                crate::units::load(c.capacity, &c.load_unit),
                units(c.units),
                pct(c.utilisation),
                units(needed),
                pct(target)
            );
            let prop = field(md);
            let fix = match md.kind() {
                "dynamodb" => format!("provision at least {} {} (or switch to on-demand capacity)", num(needed), c.unit_name),
                "kinesis" => format!("raise {prop} to at least {} (or switch to on-demand mode)", num(needed)),
                _ => format!("raise {prop} to at least {}", num(needed * c.capacity / c.units.max(1e-9))),
            };
            (what, fix)
        }
        _ => return None,
    };
    let rule = if saturated { "cap.saturated" } else { "cap.above-target" };
    Some(CapacityFinding { rule, severity: if saturated { Severity::Error } else { Severity::Warning }, nodes: vec![c.node.clone()], message: what, fix })
}

fn quota_finding(design: &Design, q: &QuotaUse, m: f64, target: f64) -> Option<CapacityFinding> {
    if !finds_quota(q.used, q.limit, target) {
        return None;
    }
    let who: Vec<String> = q.nodes.iter().take(3).map(|id| design.node(id).map(crate::rules::name).unwrap_or_else(|| id.to_string())).collect();
    let more = if q.nodes.len() > 3 { format!(" and {} more", q.nodes.len() - 3) } else { String::new() };
    let state = if q.exceeded { "exceeds" } else { "nears" };
    let message = format!(
        "At {}× traffic the design {state} the {} quota ({}): {} of {} {} ({}), from {}{more}.{}",
        fmt_mult(m),
        q.name,
        q.scope,
        num(q.used),
        num(q.limit),
        q.unit,
        pct(q.utilisation),
        who.join(", "),
        if q.adjustable { " It can be raised on request." } else { " It cannot be raised." }
    );
    let rule = if q.exceeded { "cap.quota-exceeded" } else { "cap.quota-near" };
    Some(CapacityFinding {
        rule,
        severity: if q.exceeded { Severity::Error } else { Severity::Warning },
        nodes: q.nodes.clone(),
        message,
        fix: q.fix.clone(),
    })
}

/// Every catalog kind the capacity analysis models (for tests and docs).
pub fn modelled_kinds() -> Vec<&'static str> {
    catalog::KINDS
        .iter()
        .map(|k| k.id)
        .filter(|k| {
            matches!(
                *k,
                "ecs-service" | "asg" | "ec2" | "eks-nodegroup" | "fargate-profile" | "lambda" | "sagemaker-endpoint" | "dynamodb" | "kinesis" | "on-premises" | "api-gateway" | "cloudfront" | "sqs" | "sns" | "nat-gateway" | "rds" | "aurora"
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// QA s30 F8: "1 instances" in the Latency panel.
    #[test]
    fn one_unit_is_singular() {
        assert_eq!(super::unit_count(1.0, "instances"), "1 instance");
        assert_eq!(super::unit_count(3.0, "instances"), "3 instances");
        assert_eq!(super::unit_count(1.5, "tasks"), "1.5 tasks");
        assert_eq!(super::unit_count(1.0, "max connections"), "1 max connection");
    }

    use super::*;

    /// Every template and generated designs of 60 and 300 nodes.
    fn designs() -> Vec<(String, Design)> {
        let dir = format!("{}/../../templates", env!("CARGO_MANIFEST_DIR"));
        let mut out: Vec<(String, Design)> = std::fs::read_dir(&dir)
            .expect("templates")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("index.json"))
            .map(|p| (p.display().to_string(), crate::file::load(&std::fs::read_to_string(&p).expect("read")).expect("template loads")))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.extend([60, 300].map(|n| (format!("synthetic({n})"), crate::sample::synthetic(n))));
        out
    }

    /// `Plan::findings` writes rows only for the components and quotas that make a finding
    /// (and finds each model's quotas through `check_models`): the same findings, in the same
    /// order, as writing every row and filtering them ([`Plan::findings_of`] on
    /// [`Plan::evaluate`]), and the same tightest quota per component as an ordered map of the
    /// models' ids. At 0.3× to 1,000×, so that saturated, above-target, near and exceeded
    /// quotas all occur.
    #[test]
    fn findings_from_states_equal_findings_from_every_row() {
        let mut found = 0;
        for (name, d) in designs() {
            let plan = Plan::new(&d);
            let index: BTreeMap<&NodeId, usize> = plan.models.iter().enumerate().map(|(i, m)| (m.id(), i)).collect();
            for (c, ks) in plan.checks.iter().zip(&plan.check_models) {
                let by_id: Vec<usize> = c.nodes.iter().filter_map(|n| index.get(n).copied()).collect();
                assert_eq!(ks, &by_id, "{name}: models of quota {}", c.quota.id);
            }
            for m in [0.0, 0.3, 1.0, 3.0, 12.0, 40.0, 1000.0] {
                let (components, quotas) = plan.evaluate(m, false, false);
                let every_row = plan.findings_of(&components, &quotas, m);
                assert_eq!(plan.findings(m), every_row, "{name} at {m}×");
                found += every_row.len();
            }
        }
        assert!(found > 50, "the designs make findings to compare ({found})");
    }

    /// What the bisections read — a model's utilisation (`Model::utilisation_at`) and a
    /// quota's use through a database's connections — is what `Model::eval` gives, to the bit,
    /// from 10⁻⁶× to 10⁶× (where the searches look).
    #[test]
    fn utilisation_alone_equals_the_evaluations() {
        let mut compared = 0;
        for (name, d) in designs() {
            let plan = Plan::new(&d);
            for i in -12..=12 {
                let m = 10f64.powf(i as f64 / 2.0) * 1.7;
                for md in &plan.models {
                    let e = md.eval(m, &plan.models, plan.target);
                    assert_eq!(md.utilisation_at(m, &plan.models, plan.target).to_bits(), e.utilisation.to_bits(), "{name}: {} at {m}×", md.id());
                    if let Bound::Connections { callers, .. } = &md.bound {
                        assert_eq!(models::connections(callers, m, &plan.models, plan.target).to_bits(), e.load.to_bits(), "{name}: {} at {m}×", md.id());
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }
}
