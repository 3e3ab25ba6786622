//! Per-kind capacity models: what one unit of a component serves, how many units it runs at a
//! given load, and so its utilisation. Built once per design from the traffic at ×1 (traffic
//! is linear in the multiplier), then evaluated at any multiplier in O(1).

use super::data;
use super::queue::{self, Wait};
use crate::latency::models::{self as lat, Note};
use crate::model::{Design, Node, NodeId, PropRef};
use crate::traffic::{Usage, SECONDS_PER_MONTH};

/// How many units a fleet runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Units {
    /// A fixed count (tasks, desired, count, pods, instances).
    Fixed(f64),
    /// Sized from traffic (target tracking): `ceil(load / target_per_unit)` within `[min, max]`.
    Auto { min: f64, max: f64, target_per_unit: f64 },
}

impl Units {
    /// Units at a load (req/s at peak).
    pub fn at(&self, load: f64) -> f64 {
        match *self {
            Units::Fixed(u) => u.max(0.0),
            Units::Auto { min, max, target_per_unit } => {
                let want = if target_per_unit > 0.0 { (load / target_per_unit).ceil() } else { min };
                want.max(min).min(max.max(min)).max(0.0)
            }
        }
    }
    /// Units wanted before the maximum applies (what target tracking would ask for).
    pub fn wanted(&self, load: f64) -> f64 {
        match *self {
            Units::Fixed(u) => u.max(0.0),
            Units::Auto { min, target_per_unit, .. } => {
                let want = if target_per_unit > 0.0 { (load / target_per_unit).ceil() } else { min };
                want.max(min).max(0.0)
            }
        }
    }
    pub fn min(&self) -> f64 {
        match *self {
            Units::Fixed(u) => u.max(0.0),
            Units::Auto { min, .. } => min.max(0.0),
        }
    }
    pub fn max(&self) -> f64 {
        match *self {
            Units::Fixed(u) => u.max(0.0),
            Units::Auto { min, max, .. } => max.max(min).max(0.0),
        }
    }
}

/// One throughput dimension of a component (records/s, MB/s, read units/s, Mbps).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Dim {
    pub what: &'static str,
    /// Demand at ×1, peak, in `what`.
    pub demand1: f64,
    /// Capacity of one unit, in `what`.
    pub per_unit: f64,
    pub units: f64,
    pub unit_name: &'static str,
}

/// What bounds a component.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Bound {
    /// Load-balanced units (tasks, instances, pods), each an M/M/c station of `servers`
    /// servers sharing `per_unit` req/s: arrivals split evenly (round robin).
    Fleet { lambda1: f64, per_unit: f64, servers: u32, units: Units },
    /// One execution environment per request in flight, up to `limit` (Lambda, SageMaker
    /// serverless). No queue: above the limit requests are throttled.
    Concurrency { lambda1: f64, service_s: f64, limit: f64, provisioned: f64, pool: bool },
    /// Provisioned throughput (shards, RCU/WCU, a link's Mbps); the binding dimension counts.
    Throughput { dims: Vec<Dim>, queue_service_s: Option<f64> },
    /// Database connections held by the callers against `max_connections`.
    Connections { callers: Vec<Caller>, limit: f64 },
    /// A managed service that scales itself: bounded by its quotas only (see `quotas`).
    Managed { load1: f64 },
}

/// A caller holding database connections.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Caller {
    /// A fleet (model index): units × connections per unit.
    Fleet(usize, f64),
    /// A Lambda function (model index): one connection per concurrent execution.
    Function(usize),
}

/// A component's capacity model (multiplier-independent).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Model<'d> {
    /// The node (borrowed from the design: its id, kind and label are not copied per plan).
    pub node: &'d Node,
    /// Its position in the design's id-ordered nodes (its traffic, its Region: [`Ctx`]).
    pub pos: usize,
    pub bound: Bound,
    pub unit_name: &'static str,
    pub load_unit: &'static str,
    /// "fixed", "auto scaling", "reserved concurrency", ... (written when a report or an
    /// overload note reads it).
    pub scaling: Note,
    /// Mean own time of a request, s.
    pub service_s: Option<f64>,
    /// Seconds to bring a new unit into service (auto-scaled fleets).
    pub scale_out_s: Option<f64>,
    /// The property a user changes to resize it (for the fix text), and for auto scaling the
    /// property of the maximum.
    pub resize_prop: Option<&'static str>,
    /// A fleet's notes and citations (what one unit serves, how it queues and scales out),
    /// kept as numbers and written only when a report asks ([`Model::notes`],
    /// [`Model::sources`]): most runs (the rules, the latency projection) never read them,
    /// and the first was most of the plan's formatting.
    pub fleet_note: Option<FleetNote>,
    /// Written when a report asks ([`Model::notes`]).
    pub notes: Vec<Note>,
    /// The citations, written when a report asks ([`Model::sources`]): most are the same
    /// text for every model (a `&'static` written once per process).
    pub sources: Vec<Note>,
}

/// The numbers of a fleet's notes ([`FleetNote::notes`]) and citations
/// ([`FleetNote::sources`]). Plain data: a fleet's model holds no note of its own (each was a
/// closure or a list on the heap, made and dropped with every plan: 414 fleets at 1,000
/// components).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FleetNote {
    unit_name: &'static str,
    per_unit: f64,
    cap_key: &'static str,
    cap_target: f64,
    target: f64,
    service_s: f64,
    servers: u32,
    /// How an auto-scaled fleet brings a new unit into service ([`scale_out_s`]).
    scale_out: Option<ScaleOut>,
    /// A fixed-size group with a warm pool set (never drawn on).
    idle_warm_pool: bool,
    /// The own time is the latency data's default (no `app_ms` set on the node).
    default_app_time: bool,
}

impl FleetNote {
    /// The fleet's notes, in the order the report lists them: what one unit serves, how it
    /// queues, how long scaling out takes, a warm pool never drawn on.
    fn notes(&self, out: &mut Vec<String>) {
        out.push(self.text());
        out.push("each unit queues on its own (M/M/c per unit, Erlang C): load balancers split requests evenly (ALB round robin)".into());
        if let Some(how) = &self.scale_out {
            out.push(format!("scale-out takes about {:.0} s ({})", how.secs(), how.text()));
        }
        if self.idle_warm_pool {
            out.push("warm pool set, but the group is fixed-size (sizing = fixed): it never scales out, so the pool is never drawn on".into());
        }
    }

    /// The fleet's citations: the target utilisation, and the default app time when the node
    /// sets none.
    fn sources(&self, out: &mut Vec<String>) {
        out.push(cite_target().to_string());
        if self.default_app_time {
            out.push("own time: the latency data's default app time (set app_ms / app_p99_ms)".to_string());
        }
    }

    fn text(&self) -> String {
        let unit = self.unit_name.trim_end_matches('s');
        format!(
            "one {} serves {} at 100% ({} {} at the {} target ÷ {:.2}); own time {} mean, so {} request(s) in flight per {} (Little's law)",
            unit,
            crate::units::load(self.per_unit, "req/s"),
            self.cap_key,
            crate::units::load(self.cap_target, "req/s"),
            crate::units::pct(self.target),
            self.target,
            crate::units::ms(self.service_s * 1000.0),
            self.servers,
            unit
        )
    }
}

impl<'d> Model<'d> {
    pub fn id(&self) -> &'d NodeId {
        &self.node.id
    }
    pub fn kind(&self) -> &'d str {
        &self.node.kind
    }

    /// The model's notes as the capacity report lists them. `models` are the plan's models:
    /// a database's last note names its callers ([`Model::callers_note`]).
    pub fn notes(&self, models: &[Model<'_>]) -> Vec<String> {
        let mut out = Vec::with_capacity(self.notes.len() + 4);
        if let Some(f) = &self.fleet_note {
            f.notes(&mut out);
        }
        out.extend(self.notes.iter().map(Note::text));
        out.extend(self.callers_note(models));
        out
    }

    /// A database's note on the connections it counts, from its callers (in connection id
    /// order): "connections from app (10 per task), fn (1 per concurrent execution)".
    fn callers_note(&self, models: &[Model<'_>]) -> Option<String> {
        let Bound::Connections { callers, .. } = &self.bound else { return None };
        if callers.is_empty() {
            return Some("no compute calls it: no connections counted".into());
        }
        let list: Vec<String> = callers
            .iter()
            .map(|c| match *c {
                Caller::Fleet(k, pool) => format!("{} ({pool} per {})", models[k].id(), models[k].unit_name.trim_end_matches('s')),
                Caller::Function(k) => format!("{} (1 per concurrent execution)", models[k].id()),
            })
            .collect();
        Some(format!("connections from {}", list.join(", ")))
    }

    /// The model's citations as the capacity report lists them.
    pub fn sources(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.sources.len() + 2);
        if let Some(f) = &self.fleet_note {
            f.sources(&mut out);
        }
        out.extend(self.sources.iter().map(Note::text));
        out
    }
}

/// A model evaluated at one multiplier.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Eval {
    pub load: f64,
    pub units: f64,
    pub min_units: f64,
    pub max_units: f64,
    pub capacity: f64,
    pub max_capacity: f64,
    pub utilisation: f64,
    pub wait: Option<Wait>,
    pub servers: Option<u32>,
    pub needed_units: f64,
}

/// `load / capacity`, with no capacity: 0 when idle, infinite with traffic.
pub(crate) fn ratio(load: f64, capacity: f64) -> f64 {
    if load <= 0.0 {
        0.0
    } else if capacity <= 0.0 {
        f64::INFINITY
    } else {
        load / capacity
    }
}

fn ceil_pos(x: f64) -> f64 {
    if x.is_finite() { x.max(0.0).ceil() } else { f64::INFINITY }
}

impl Model<'_> {
    /// The model at multiplier `m` (entry volumes × m). `others` are all models (callers of a
    /// database are evaluated through it).
    pub fn eval(&self, m: f64, others: &[Model<'_>], target: f64) -> Eval {
        match &self.bound {
            Bound::Fleet { lambda1, per_unit, servers, units } => {
                let load = m * lambda1;
                let n = units.at(load);
                let capacity = n * per_unit;
                let wait = if load <= 0.0 {
                    queue::mmc(*servers, per_unit / (*servers).max(1) as f64, 0.0)
                } else if n <= 0.0 {
                    Wait::Overloaded
                } else {
                    queue::mmc(*servers, per_unit / (*servers).max(1) as f64, load / n)
                };
                Eval {
                    load,
                    units: n,
                    min_units: units.min(),
                    max_units: units.max(),
                    capacity,
                    max_capacity: units.max() * per_unit,
                    utilisation: ratio(load, capacity),
                    wait: Some(wait),
                    servers: Some(*servers),
                    needed_units: ceil_pos(ratio(load, target * per_unit)),
                }
            }
            Bound::Concurrency { lambda1, service_s, limit, provisioned, .. } => {
                let load = m * lambda1;
                let demand = load * service_s;
                let envs = ceil_pos(demand).max(*provisioned).min(limit.max(*provisioned));
                let capacity = if *service_s > 0.0 { limit / service_s } else { f64::INFINITY };
                Eval {
                    load,
                    units: envs,
                    min_units: *provisioned,
                    max_units: *limit,
                    capacity,
                    max_capacity: capacity,
                    utilisation: ratio(demand, *limit),
                    wait: None,
                    servers: None,
                    needed_units: ceil_pos(demand / target),
                }
            }
            Bound::Throughput { dims, queue_service_s } => {
                let mut best: Option<(f64, &Dim)> = None;
                for d in dims {
                    let u = ratio(m * d.demand1, d.units * d.per_unit);
                    if best.is_none_or(|(b, _)| u > b) {
                        best = Some((u, d));
                    }
                }
                let Some((u, d)) = best else {
                    return Eval { load: 0.0, units: 0.0, min_units: 0.0, max_units: 0.0, capacity: 0.0, max_capacity: 0.0, utilisation: 0.0, wait: None, servers: None, needed_units: 0.0 };
                };
                let load = m * d.demand1;
                let capacity = d.units * d.per_unit;
                // A link is one server whose service time is the transmission time.
                let wait = queue_service_s.map(|s| if s > 0.0 { queue::mmc(1, 1.0 / s, u / s) } else { queue::mmc(1, 1.0, 0.0) });
                Eval {
                    load,
                    units: d.units,
                    min_units: d.units,
                    max_units: d.units,
                    capacity,
                    max_capacity: capacity,
                    utilisation: u,
                    wait: wait.map(|w| if u >= 1.0 { Wait::Overloaded } else { w }),
                    servers: queue_service_s.map(|_| 1),
                    needed_units: ceil_pos(ratio(load, target * d.per_unit)),
                }
            }
            Bound::Connections { callers, limit } => {
                let used = connections(callers, m, others, target);
                Eval {
                    load: used,
                    units: *limit,
                    min_units: *limit,
                    max_units: *limit,
                    capacity: *limit,
                    max_capacity: *limit,
                    utilisation: ratio(used, *limit),
                    wait: None,
                    servers: None,
                    needed_units: ceil_pos(used / target),
                }
            }
            Bound::Managed { load1 } => Eval {
                load: m * load1,
                units: 0.0,
                min_units: 0.0,
                max_units: 0.0,
                capacity: 0.0,
                max_capacity: 0.0,
                utilisation: 0.0,
                wait: None,
                servers: None,
                needed_units: 0.0,
            },
        }
    }
}

impl Model<'_> {
    /// `self.eval(m, others, target).utilisation` worked out alone, by the same operations (so
    /// the same bits): what the saturation bisection reads 66 times per component, without
    /// the queue's waiting time (Erlang C) and the rest of an [`Eval`].
    pub fn utilisation_at(&self, m: f64, others: &[Model<'_>], target: f64) -> f64 {
        match &self.bound {
            Bound::Fleet { lambda1, per_unit, units, .. } => {
                let load = m * lambda1;
                ratio(load, units.at(load) * per_unit)
            }
            Bound::Concurrency { lambda1, service_s, limit, .. } => ratio(m * lambda1 * service_s, *limit),
            Bound::Throughput { dims, .. } => {
                let mut best: Option<f64> = None;
                for d in dims {
                    let u = ratio(m * d.demand1, d.units * d.per_unit);
                    if best.is_none_or(|b| u > b) {
                        best = Some(u);
                    }
                }
                best.unwrap_or(0.0)
            }
            Bound::Connections { callers, limit } => ratio(connections(callers, m, others, target), *limit),
            Bound::Managed { .. } => 0.0,
        }
    }
}

/// Database connections the callers hold at multiplier `m`.
pub(crate) fn connections(callers: &[Caller], m: f64, models: &[Model<'_>], target: f64) -> f64 {
    callers
        .iter()
        .map(|c| match *c {
            // A fleet's units at its load (what `eval` gives as `units`, without the rest).
            Caller::Fleet(k, per_unit) => match &models[k].bound {
                Bound::Fleet { lambda1, units, .. } => units.at(m * lambda1) * per_unit,
                _ => models[k].eval(m, &[], target).units * per_unit,
            },
            Caller::Function(k) => match &models[k].bound {
                Bound::Concurrency { lambda1, service_s, limit, pool, .. } => {
                    let demand = m * lambda1 * service_s;
                    if *pool { demand } else { demand.min(*limit) }
                }
                _ => 0.0,
            },
        })
        .sum()
}

// ------------------------------------------------------------------------------ building

/// What a model builder needs to know about the design.
pub(crate) struct Ctx<'d> {
    pub design: &'d Design,
    /// Peak over average.
    pub peak: f64,
    /// Node positions and each node's region code (one pass down the containers).
    pub pos: crate::graph::Positions,
    pub region: Vec<&'d str>,
}

impl<'d> Ctx<'d> {
    /// `pos`: the design's node positions ([`crate::graph::positions`]), copied.
    pub fn new(design: &'d Design, containers: &crate::graph::Containers<'d>, pos: &crate::graph::Positions) -> Self {
        let pos = pos.clone();
        let region = containers.region.clone();
        Ctx { design, peak: design.workload.peak_to_average.max(1.0), pos, region }
    }
    /// The Region code of the node at position `pos` (`Design::region_of`).
    pub fn region(&self, pos: usize) -> &'d str {
        self.region[pos]
    }
    // The property reads borrow (`Design::prop_ref`): the same values as `latency::models`'
    // `num_or`/`text_or`/`flag_or`, without copying a `Value` or a text per read.
    fn num(&self, n: &Node, key: &str, dflt: f64) -> f64 {
        self.design.prop_ref(n, key).and_then(PropRef::as_f64).unwrap_or(dflt)
    }
    fn text<'n>(&self, n: &'n Node, key: &str, dflt: &'n str) -> &'n str {
        self.design.prop_ref(n, key).and_then(PropRef::as_str).unwrap_or(dflt)
    }
    fn flag(&self, n: &Node, key: &str, dflt: bool) -> bool {
        self.design.prop_ref(n, key).and_then(PropRef::as_bool).unwrap_or(dflt)
    }
    /// A per-second peak rate from a monthly amount.
    fn peak_per_s(&self, per_month: f64) -> f64 {
        per_month / SECONDS_PER_MONTH * self.peak
    }
}

fn cite_assumption(id: &str) -> String {
    let a = data::assumption_entry(id);
    format!("{id}: {} {} ({}, {}; {})", a.value, a.unit, a.provenance.source_kind, a.provenance.as_of, a.provenance.source)
}

/// [`cite_assumption`] of the target utilisation, which every fleet cites: written once.
fn cite_target() -> &'static str {
    static S: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    S.get_or_init(|| cite_assumption("target-utilisation"))
}

/// `source (as_of)` of a quota, as the models cite it: written once per quota and process
/// (the quotas are a fixed list of the data file: the texts live as long as the process).
pub(crate) fn cite_quota(id: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static S: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let mut m = S.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    m.entry(id).or_insert_with(|| {
        let q = data::quota(id);
        String::leak(format!("{} ({})", q.provenance.source, q.provenance.as_of))
    })
}

/// A database model's two citations (the max_connections formulas' source, the pool per
/// unit's): the same for every database, written once per process.
pub(crate) fn cite_database() -> [&'static str; 2] {
    static S: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let s = S.get_or_init(|| [data::quota("rds.max-connections").provenance.source.clone(), format!("pool per unit: {}", data::assumption_entry("pool-per-unit").provenance.source)]);
    [s[0].as_str(), s[1].as_str()]
}

/// The fleet a node runs, for the kinds that run one: unit count at a peak load, per-unit
/// capacity and scaling. Shared by capacity, latency (queueing) and cost (traffic-sized fleets
/// grow in steps up to their maximum).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FleetSize {
    /// Units running at the load (within [min, max] when sized from traffic).
    pub units: f64,
    /// Units target tracking would want before the maximum applies.
    pub wanted: f64,
    pub min: f64,
    pub max: f64,
    /// Whether the fleet is sized from traffic (else a fixed count).
    pub traffic_sized: bool,
    /// Requests per second one unit serves at the target utilisation (the property).
    pub target_per_unit_rps: f64,
}

impl FleetSize {
    /// Whether traffic asks for more units than the maximum.
    pub fn capped(&self) -> bool {
        self.wanted > self.max
    }
}

/// Properties of a fleet kind: (units property, capacity property, minimum, maximum, unit name).
fn fleet_props(kind: &str) -> Option<(&'static str, &'static str, Option<(&'static str, &'static str)>, &'static str)> {
    Some(match kind {
        "ecs-service" => ("tasks", "capacity_per_task_rps", Some(("min_tasks", "max_tasks")), "tasks"),
        "asg" => ("desired", "capacity_per_instance_rps", Some(("min", "max")), "instances"),
        "ec2" => ("count", "capacity_per_instance_rps", None, "instances"),
        "eks-nodegroup" => ("count", "capacity_per_node_rps", None, "nodes"),
        "fargate-profile" => ("pods", "capacity_per_pod_rps", None, "pods"),
        _ => return None,
    })
}

/// The catalog default of a numeric property (so a missing key never silently reads 0).
fn dflt(kind: &str, key: &str) -> f64 {
    crate::catalog::kind(kind).and_then(|k| k.prop(key)).and_then(|p| p.default.to_value().as_f64()).unwrap_or(0.0)
}

fn units_rule(design: &Design, n: &Node) -> Option<(Units, f64, &'static str)> {
    let (units_key, cap_key, bounds, unit_name) = fleet_props(&n.kind)?;
    // Borrowed reads; the catalog default only looked up when the value is not a number
    // (what `num_or(design, n, k, dflt(kind, k))` gives, without its eager default).
    let num = |k: &str| design.prop_ref(n, k).and_then(PropRef::as_f64).unwrap_or_else(|| dflt(&n.kind, k));
    let target = num(cap_key).max(0.0);
    let traffic = bounds.is_some() && design.prop_ref(n, "sizing").and_then(PropRef::as_str).unwrap_or("fixed") == "traffic";
    let units = match bounds {
        Some((min_k, max_k)) if traffic => Units::Auto { min: num(min_k).max(0.0), max: num(max_k).max(0.0), target_per_unit: target },
        _ => Units::Fixed(num(units_key).max(0.0)),
    };
    Some((units, target, unit_name))
}

/// See [`FleetSize`]. `None` for kinds that run no fleet.
pub fn fleet_size(design: &Design, node: &Node, peak_rps: f64) -> Option<FleetSize> {
    let (units, target, _) = units_rule(design, node)?;
    Some(FleetSize {
        units: units.at(peak_rps),
        wanted: units.wanted(peak_rps),
        min: units.min(),
        max: units.max(),
        traffic_sized: matches!(units, Units::Auto { .. }),
        target_per_unit_rps: target,
    })
}

/// Builds the model of the node at position `pos`, if it serves requests. `usage` is its
/// traffic at ×1.
pub(crate) fn build<'d>(cx: &Ctx<'d>, pos: usize, n: &'d Node, u: &Usage, target: f64) -> Option<Model<'d>> {
    let base = |bound: Bound, unit_name: &'static str, load_unit: &'static str, scaling: Note| Model {
        node: n,
        pos,
        bound,
        unit_name,
        load_unit,
        scaling,
        service_s: None,
        scale_out_s: None,
        resize_prop: None,
        fleet_note: None,
        notes: Vec::new(),
        sources: Vec::new(),
    };
    match n.kind.as_str() {
        k if fleet_props(k).is_some() => Some(fleet(cx, pos, n, u, target)),
        "lambda" => Some(lambda(cx, n, u, &base)),
        "sagemaker-endpoint" => Some(sagemaker(cx, n, u, target, &base)),
        "dynamodb" => Some(dynamodb(cx, n, u, &base)),
        "kinesis" => Some(kinesis(cx, n, u, &base)),
        "on-premises" => Some(link(cx, n, u, &base)),
        "api-gateway" | "cloudfront" | "sqs" | "sns" | "nat-gateway" => {
            let load1 = if n.kind == "nat-gateway" { u.nat_gb * 8.0 / SECONDS_PER_MONTH * cx.peak } else { u.peak_rps };
            let unit = if n.kind == "nat-gateway" { "Gbps" } else if matches!(n.kind.as_str(), "sqs" | "sns") { "messages/s" } else { "req/s" };
            let mut m = base(Bound::Managed { load1 }, "", unit, "managed: scales itself up to its quotas".into());
            m.notes.push("AWS scales it; what bounds it is its service quotas (listed below)".into());
            Some(m)
        }
        // RDS and Aurora are built in a second pass (they need their callers' models).
        _ => None,
    }
}

fn fleet<'d>(cx: &Ctx<'d>, pos: usize, n: &'d Node, u: &Usage, target: f64) -> Model<'d> {
    let (units, cap_target, unit_name) = units_rule(cx.design, n).expect("fleet kind");
    let (units_key, cap_key, bounds, _) = fleet_props(&n.kind).expect("fleet kind");
    let app = lat::app_time(cx.design, n);
    let s = app.mean_ms() / 1000.0;
    // The capacity property is read at the target utilisation: full capacity is it ÷ target.
    let per_unit = if target > 0.0 { cap_target / target } else { cap_target };
    // Little's law at saturation: requests in flight per unit = rate × time.
    let servers = (per_unit * s).round().max(1.0) as u32;
    let (scaling, resize, scale_out) = match units {
        Units::Fixed(c) => (Note::later(move || format!("fixed: {c} {unit_name}")), units_key, None),
        Units::Auto { min, max, target_per_unit } => {
            (Note::later(move || format!("auto scaling {min}–{max} {unit_name}, one per {target_per_unit} req/s")), bounds.map(|b| b.1).unwrap_or(units_key), scale_out_s(cx, n))
        }
    };
    let idle_warm_pool = n.kind == "asg" && matches!(units, Units::Fixed(_)) && cx.flag(n, "warm_pool", false);
    let fleet_note = FleetNote { unit_name, per_unit, cap_key, cap_target, target, service_s: s, servers, scale_out, idle_warm_pool, default_app_time: !app.set_on_node };
    Model {
        node: n,
        pos,
        bound: Bound::Fleet { lambda1: u.peak_rps, per_unit, servers, units },
        unit_name,
        load_unit: "req/s",
        scaling,
        service_s: Some(s),
        scale_out_s: scale_out.map(|t| t.secs()),
        resize_prop: Some(resize),
        fleet_note: Some(fleet_note),
        notes: Vec::new(),
        sources: Vec::new(),
    }
}

/// How an auto-scaled fleet brings a new unit into service ([`scale_out_s`]), s each step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ScaleOut {
    /// An Auto Scaling group with a warm pool: the alarm, then a warm start.
    Warm { detect: f64, warm: f64 },
    /// An Auto Scaling group: the alarm, an EC2 launch and boot, the app's start (its health
    /// check grace period); `warm` is what a warm pool would take instead of the last two.
    Launch { detect: f64, launch: f64, grace: f64, warm: f64 },
    /// An ECS service: the alarm, then a task start.
    Task { detect: f64, start: f64 },
}

impl ScaleOut {
    /// Seconds until the new unit serves.
    fn secs(&self) -> f64 {
        match *self {
            ScaleOut::Warm { detect, warm } => detect + warm,
            ScaleOut::Launch { detect, launch, grace, .. } => detect + launch + grace,
            ScaleOut::Task { detect, start } => detect + start,
        }
    }

    /// What the time is made of, for the fleet's note.
    fn text(&self) -> String {
        match *self {
            ScaleOut::Warm { detect, warm } => format!("{detect:.0} s alarm + {warm:.0} s warm start from the warm pool"),
            ScaleOut::Launch { detect, launch, grace, warm } => {
                format!("{detect:.0} s alarm + {launch:.0} s launch and boot + {grace:.0} s app start (health check grace); a warm pool cuts the last two to about {warm:.0} s")
            }
            ScaleOut::Task { detect, start } => format!("{detect:.0} s alarm + {start:.0} s task start"),
        }
    }
}

/// Time for an auto-scaled fleet to bring a new unit into service: the target-tracking alarm
/// (3 one-minute data points), then an EC2 launch and the app's start-up (its health check
/// grace period), or a warm start from a warm pool; for ECS, a task start.
fn scale_out_s(cx: &Ctx<'_>, n: &Node) -> Option<ScaleOut> {
    let detect = data::assumption("scale-out-detect-s");
    match n.kind.as_str() {
        "asg" => {
            if cx.flag(n, "warm_pool", false) {
                Some(ScaleOut::Warm { detect, warm: data::assumption("warm-start-s") })
            } else {
                let launch = data::assumption("instance-launch-s");
                let grace = cx.num(n, "health_check_grace_s", 300.0).max(0.0);
                Some(ScaleOut::Launch { detect, launch, grace, warm: data::assumption("warm-start-s") })
            }
        }
        "ecs-service" => Some(ScaleOut::Task { detect, start: data::assumption("task-start-s") }),
        _ => None,
    }
}

type Base<'a, 'd> = &'a dyn Fn(Bound, &'static str, &'static str, Note) -> Model<'d>;

fn lambda<'d>(cx: &Ctx<'d>, n: &Node, u: &Usage, base: Base<'_, 'd>) -> Model<'d> {
    let s = cx.num(n, "duration_ms", 100.0).max(0.0) / 1000.0;
    let reserved = cx.num(n, "reserved_concurrency", 0.0).max(0.0);
    let provisioned = cx.num(n, "provisioned_concurrency", 0.0).max(0.0);
    let pool = reserved <= 0.0;
    // The pool limit is set by `super::plan` once every function of the Region is known.
    let limit = if pool { data::quota("lambda.concurrent-executions").value_in("") } else { reserved };
    let scaling = if pool { Note::Text("account pool (unreserved concurrency)") } else { Note::later(move || format!("reserved concurrency {reserved}")) };
    let mut m = base(Bound::Concurrency { lambda1: u.peak_rps, service_s: s, limit, provisioned, pool }, "concurrent executions", "req/s", scaling);
    m.service_s = Some(s);
    m.resize_prop = Some(if pool { "" } else { "reserved_concurrency" });
    let peak_rps = u.peak_rps;
    m.notes.push(Note::later(move || {
        format!(
            "each execution environment serves one request at a time: concurrency = {} × {} s (duration_ms) at peak (Little's law); above the limit requests are throttled, not queued",
            crate::units::load(peak_rps, "req/s"),
            crate::units::count_short(s)
        )
    }));
    if provisioned > 0.0 {
        m.notes.push(Note::later(move || format!("{provisioned} provisioned (pre-warmed), the rest on demand")));
    }
    m.sources.push(Note::Text(cite_quota("lambda.concurrent-executions")));
    m
}

fn sagemaker<'d>(cx: &Ctx<'d>, n: &Node, u: &Usage, target: f64, base: Base<'_, 'd>) -> Model<'d> {
    let mode = cx.text(n, "mode", "real-time");
    let inf = cx.num(n, "inference_ms", 50.0).max(0.0);
    let overhead = crate::latency::data::entry("sagemaker-endpoint", "overhead").map(|e| lat::lognormal_mean(e.p50_ms, e.p99_ms)).unwrap_or(0.0);
    // The latency model's inference time is log-normal(inference_ms, 3 × inference_ms).
    let s = (overhead + lat::lognormal_mean(inf, 3.0 * inf)) / 1000.0;
    if mode == "serverless" {
        let q = data::quota("sagemaker.serverless-concurrency");
        let limit = cx.num(n, "max_concurrency", 20.0).clamp(0.0, q.value);
        let mut m = base(Bound::Concurrency { lambda1: u.peak_rps, service_s: s, limit, provisioned: 0.0, pool: false }, "concurrent invocations", "req/s", format!("serverless, max concurrency {limit}").into());
        m.service_s = Some(s);
        m.resize_prop = Some("max_concurrency");
        m.sources.push(Note::Text(cite_quota("sagemaker.serverless-concurrency")));
        return m;
    }
    let itype = cx.text(n, "instance_type", "ml.m5.large");
    let w = data::workers(itype);
    let workers = w.map(|w| w.workers).unwrap_or(1.0).max(1.0);
    let per_unit = if s > 0.0 { workers / s } else { f64::INFINITY };
    let instances = cx.num(n, "instances", 1.0).max(0.0);
    // An asynchronous endpoint queues requests (in S3 and its internal queue): it must keep up
    // with the average rate; peaks become backlog. A real-time endpoint must serve the peak.
    let lambda1 = if mode == "async" { u.avg_rps } else { u.peak_rps };
    let mut m = base(
        Bound::Fleet { lambda1, per_unit, servers: workers as u32, units: Units::Fixed(instances) },
        "instances",
        "req/s",
        format!("fixed: {instances} instances, {workers} worker(s) each").into(),
    );
    m.service_s = Some(s);
    m.resize_prop = Some("instances");
    m.notes.push(format!("{itype}: {workers} model worker(s) per instance, each busy {} per request (overhead + inference mean): {} per instance at 100%", crate::units::ms(s * 1000.0), crate::units::load(per_unit, "req/s")).into());
    if mode == "async" {
        m.notes.push("asynchronous inference: requests wait in the endpoint's queue, so the load is the average rate (peaks become backlog); above 100% the backlog grows without bound".into());
    }
    if let Some(w) = w {
        m.sources.push(Note::later(move || format!("workers {}: {} ({}, {})", w.instance_type, w.provenance.source, w.provenance.source_kind, w.provenance.as_of)));
    }
    let _ = target;
    m
}

fn dynamodb<'d>(cx: &Ctx<'d>, n: &Node, u: &Usage, base: Base<'_, 'd>) -> Model<'d> {
    let item = cx.num(n, "item_kb", 1.0).max(0.1);
    // Read units per read (strongly consistent, 4 KB) and write units per write (1 KB), as
    // the cost engine bills them; stream messages arriving are writes.
    let (ru, wu) = ((item / 4.0).ceil(), item.ceil());
    let reads = cx.peak_per_s(u.reads) * ru;
    let writes = cx.peak_per_s(u.writes + u.messages) * wu;
    let part_r = data::quota("dynamodb.partition-read").value;
    let part_w = data::quota("dynamodb.partition-write").value;
    let mut notes = vec![Note::later(move || format!("{reads:.1} read units/s and {writes:.1} write units/s at peak ({ru} per read, {wu} per write for {item} KB items)"))];
    if reads > part_r || writes > part_w {
        notes.push(Note::later(move || {
            format!("beyond one partition's {part_r} read / {part_w} write units per second: fine if keys are spread, throttled if one key is hot")
        }));
    }
    if cx.text(n, "capacity_mode", "on-demand") == "provisioned" {
        let (rcu, wcu) = (cx.num(n, "rcu", 5.0).max(0.0), cx.num(n, "wcu", 5.0).max(0.0));
        let dims = vec![
            Dim { what: "read units/s", demand1: reads, per_unit: 1.0, units: rcu, unit_name: "RCU" },
            Dim { what: "write units/s", demand1: writes, per_unit: 1.0, units: wcu, unit_name: "WCU" },
        ];
        let mut m = base(Bound::Throughput { dims, queue_service_s: None }, "RCU", "read units/s", format!("provisioned: {rcu} RCU, {wcu} WCU").into());
        m.resize_prop = Some("rcu");
        m.notes = notes;
        m.notes.push("provisioned capacity without auto scaling: requests above it are throttled".into());
        return m;
    }
    let mut m = base(Bound::Managed { load1: reads.max(writes) }, "", "units/s", "on-demand: scales itself up to its table quota".into());
    m.notes = notes;
    m
}

fn kinesis<'d>(cx: &Ctx<'d>, n: &Node, u: &Usage, base: Base<'_, 'd>) -> Model<'d> {
    let records = cx.peak_per_s(u.messages);
    let mb = cx.peak_per_s(u.gb_in * 1000.0);
    if cx.text(n, "mode", "on-demand") != "provisioned" {
        let mut m = base(Bound::Managed { load1: records }, "", "records/s", "on-demand: scales itself up to its stream quota".into());
        m.notes.push(format!("{records:.0} records/s, {mb:.2} MB/s at peak").into());
        if let Some(note) = &data::quota("kinesis.on-demand-write-mb").provenance.note {
            m.notes.push(note.clone().into());
        }
        return m;
    }
    let shards = cx.num(n, "shards", 2.0).max(0.0);
    let (rec_q, mb_q) = (data::quota("kinesis.shard-write-records"), data::quota("kinesis.shard-write-mb"));
    let dims = vec![
        Dim { what: "records/s", demand1: records, per_unit: rec_q.value, units: shards, unit_name: "shards" },
        Dim { what: "MB/s", demand1: mb, per_unit: mb_q.value, units: shards, unit_name: "shards" },
    ];
    let mut m = base(Bound::Throughput { dims, queue_service_s: None }, "shards", "records/s", format!("provisioned: {shards} shards").into());
    m.resize_prop = Some("shards");
    m.notes.push(format!("each shard takes {} records/s or {} MB/s of writes; {records:.0} records/s, {mb:.2} MB/s at peak", rec_q.value, mb_q.value).into());
    m.sources.push(Note::Text(cite_quota("kinesis.shard-write-records")));
    m
}

/// An on-premises site's link: its bandwidth (`bandwidth_mbps`, at most 1.25 Gbps per VPN
/// tunnel) against the bytes its requests and responses carry; a single queue (M/M/1)
/// whose service time is one request's transmission time.
fn link<'d>(cx: &Ctx<'d>, n: &Node, u: &Usage, base: Base<'_, 'd>) -> Model<'d> {
    let vpn = cx.text(n, "connection", "vpn") != "direct-connect";
    let set = cx.num(n, "bandwidth_mbps", 1000.0).max(0.0);
    let tunnel = data::quota("vpn.tunnel-mbps");
    let bw = if vpn { set.min(tunnel.value) } else { set };
    let mbps = cx.peak_per_s((u.gb_in + u.gb_out) * 8000.0);
    let per_req_mb = if u.requests > 0.0 { (u.gb_in + u.gb_out) * 8000.0 / u.requests } else { 0.0 };
    let tx_s = if bw > 0.0 { per_req_mb / bw } else { 0.0 };
    let dims = vec![Dim { what: "Mbps", demand1: mbps, per_unit: bw, units: 1.0, unit_name: "link" }];
    let mut m = base(Bound::Throughput { dims, queue_service_s: Some(tx_s) }, "link", "Mbps", format!("{} at {bw:.0} Mbps", if vpn { "Site-to-Site VPN" } else { "Direct Connect" }).into());
    m.resize_prop = Some("bandwidth_mbps");
    m.service_s = Some(tx_s);
    m.notes.push(format!("{mbps:.1} Mbps at peak over the link; one request and its response take {:.3} ms to transmit; queueing on the link is M/M/1", tx_s * 1000.0).into());
    if vpn && set > tunnel.value {
        m.notes.push(format!("bandwidth_mbps {set} is above what one VPN tunnel carries ({} Mbps): counted at {} Mbps", tunnel.value, tunnel.value).into());
    }
    m.sources.push(Note::Text(cite_quota("vpn.tunnel-mbps")));
    m
}

/// max_connections of a database node's (writer) instance, with how it was derived (the
/// derivation written when a report shows it: the rules and the latency projection read the
/// number only).
pub(crate) fn max_connections(cx: &Ctx<'_>, n: &Node) -> Option<(f64, Note)> {
    let (class, engine) = match n.kind.as_str() {
        "rds" => (cx.text(n, "instance_class", "db.m6g.large"), cx.text(n, "engine", "postgres")),
        "aurora" => {
            if cx.flag(n, "serverless_v2", false) {
                // Aurora Serverless v2: max_connections follows the maximum ACU's memory (2 GiB per ACU).
                let acu = cx.num(n, "max_acu", 16.0).max(0.5);
                let bytes = acu * 2.0 * 1024f64.powi(3);
                let c = (bytes / 9_531_392.0).floor().min(5000.0);
                return Some((c, Note::later(move || format!("Serverless v2 at {acu} ACU (2 GiB each): LEAST(memory / 9,531,392, 5,000) = {c}"))));
            }
            (cx.text(n, "instance_class", "db.r6g.large"), cx.text(n, "engine", "aurora-postgresql"))
        }
        _ => return None,
    };
    // `c.instance_class` is `class` (found by it): the note borrows the data file's text.
    let c = data::db_class(class)?;
    let bytes = c.memory_gib * 1024f64.powi(3);
    Some(if engine == "aurora-mysql" {
        let v = c.aurora_mysql_max_connections.unwrap_or((bytes / 12_582_880.0).floor());
        (v, Note::later(move || format!("Aurora MySQL {}: {v} (published table)", c.instance_class)))
    } else if matches!(engine, "mysql" | "mariadb") {
        let v = (bytes / 12_582_880.0).floor();
        let engine = if engine == "mysql" { "mysql" } else { "mariadb" };
        (v, Note::later(move || format!("{engine} {} ({} GiB): memory / 12,582,880 = {v}", c.instance_class, c.memory_gib)))
    } else {
        let v = (bytes / 9_531_392.0).floor().min(5000.0);
        let engine = engine.to_string();
        (v, Note::later(move || format!("{engine} {} ({} GiB): LEAST(memory / 9,531,392, 5,000) = {v}", c.instance_class, c.memory_gib)))
    })
}
