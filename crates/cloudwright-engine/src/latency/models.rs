//! Per-kind service-time models and network hops.
//!
//! A node's time is what it adds to a request once the request has reached it, excluding
//! the network hop to it (see [`hop`]) and excluding what it calls downstream.

use super::data::{self, Entry};
use super::dist::Dist;
use crate::catalog::{self, Role};
use crate::model::{Design, Node, PropRef};

/// How each catalog kind is treated by the latency projection.
#[derive(Clone, Debug, PartialEq)]
pub enum Coverage {
    /// A timed model; the data-file kind it reads (e.g. `compute` for `ecs-service`).
    Timed(&'static str),
    /// An entry point (its hop is in the network table).
    Entry,
    /// Never adds time per request, with the reason.
    OffPath(&'static str),
}

/// Application compute whose time is the configurable app time (`app_ms`, `app_p99_ms`).
pub const APP_COMPUTE: &[&str] = &["ec2", "asg", "ecs-service", "eks-nodegroup", "fargate-profile"];
/// Messaging kinds: a caller pays their "enqueue", consumers see their "delivery".
pub const MESSAGING: &[&str] = &["sqs", "sns", "eventbridge", "kinesis", "step-functions"];

/// How a kind is covered (every catalog kind must be one of these; tested).
pub fn coverage(kind: &str) -> Option<Coverage> {
    if kind == "users" || kind == "on-premises" {
        return Some(Coverage::Entry);
    }
    if APP_COMPUTE.contains(&kind) {
        return Some(Coverage::Timed("compute"));
    }
    if let Some(e) = data::first_of_kind(kind) {
        return Some(Coverage::Timed(e.kind.as_str()));
    }
    data::off_path(kind).map(Coverage::OffPath)
}

/// Environment lifetime assumed for Lambda (and SageMaker serverless) execution
/// environments: 10 minutes, the middle of the commonly observed 5-15 minutes.
pub const ENV_LIFETIME_S: f64 = 600.0;

/// Share of invocations that hit a cold start.
///
/// Model: by Little's law the function needs `C = rps × duration` concurrent environments
/// (at least one while it has any traffic). Each environment lives about
/// [`ENV_LIFETIME_S`] and is then replaced, so new environments are created at
/// `max(C, 1) / lifetime` per second. Provisioned concurrency `P` keeps `P` environments
/// warm, so only the `max(C,1) − P` others are ever created on demand. The cold fraction is
/// new environments per request: `min(1, max(0, max(C,1) − P) / (rps × lifetime))`.
/// It falls as traffic grows (1/(rps·lifetime) at low traffic, duration/lifetime at high).
/// Scale-up bursts are not modelled separately.
pub fn cold_start_fraction(rps: f64, duration_ms: f64, provisioned: f64) -> f64 {
    let rps = rps.max(0.0);
    if rps <= 0.0 {
        return if provisioned >= 1.0 { 0.0 } else { 1.0 };
    }
    let c = rps * duration_ms.max(0.0) / 1000.0;
    let envs = c.max(1.0);
    let spill = (envs - provisioned.max(0.0)).max(0.0);
    (spill / (rps * ENV_LIFETIME_S)).clamp(0.0, 1.0)
}

/// What one node does to a request.
#[derive(Clone, Debug)]
pub struct NodeModel {
    /// Time when the request ends at this node (e.g. a cache hit).
    pub end: Dist,
    /// Time when the request continues to a downstream node (e.g. a cache miss).
    pub through: Dist,
    /// Probability the request may continue downstream (1 − hit ratio for caches, else 1).
    pub p_continue: f64,
    /// Whether the node waits for the messages it sends (compute, APIs) before answering.
    pub blocks_on_async: bool,
    /// Written when a report lists a path through the node ([`Note::text`]).
    pub notes: Vec<Note>,
    /// `kind/variant (source_kind, as_of)` of each data entry used ([`data::cite`], written
    /// once per entry).
    pub sources: Vec<&'static str>,
}

/// A note on a component (a latency hop's, a capacity component's). Most notes are never
/// shown — a latency report lists a few paths, the rules and the latency projection read a
/// capacity model's numbers only — so a note with numbers keeps them and is written when
/// read ([`Note::text`]): the same text, formatted for the few shown instead of every node.
#[derive(Clone)]
pub enum Note {
    Text(&'static str),
    Owned(String),
    /// Formats the note when called (captures the numbers it shows).
    Later(std::sync::Arc<dyn Fn() -> String + Send + Sync>),
}

impl Note {
    /// A note whose text `f` writes when a report shows it.
    pub fn later(f: impl Fn() -> String + Send + Sync + 'static) -> Note {
        Note::Later(std::sync::Arc::new(f))
    }
    /// The note's text.
    pub fn text(&self) -> String {
        match self {
            Note::Text(s) => s.to_string(),
            Note::Owned(s) => s.clone(),
            Note::Later(f) => f(),
        }
    }
}

impl From<&'static str> for Note {
    fn from(s: &'static str) -> Note {
        Note::Text(s)
    }
}

impl From<String> for Note {
    fn from(s: String) -> Note {
        Note::Owned(s)
    }
}

/// Notes are equal when they read the same.
impl PartialEq for Note {
    fn eq(&self, other: &Note) -> bool {
        self.text() == other.text()
    }
}

impl std::fmt::Debug for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl NodeModel {
    fn simple(d: Dist) -> Self {
        NodeModel { end: d.clone(), through: d, p_continue: 1.0, blocks_on_async: false, notes: vec![], sources: vec![] }
    }
}

/// A log-normal from a data entry, with its citation pushed to `sources`.
fn from_entry(kind: &str, variant: &str, sources: &mut Vec<&'static str>) -> Dist {
    match data::entry_cited(kind, variant) {
        Some((e, cite)) => {
            sources.push(cite);
            Dist::lognormal(e.p50_ms, e.p99_ms)
        }
        None => Dist::zero(),
    }
}

fn entry_rate(kind: &str, variant: &str) -> f64 {
    data::entry(kind, variant).and_then(|e| e.rate_per_s).unwrap_or(0.0)
}

/// A property as a number: the node's value, else the catalog default, else `dflt`. Read
/// borrowed (`prop_ref`: the same checks and records as `prop`, no copy of the value).
pub fn num_or(design: &Design, node: &Node, key: &str, dflt: f64) -> f64 {
    design.prop_ref(node, key).and_then(PropRef::as_f64).unwrap_or(dflt)
}
pub fn text_or(design: &Design, node: &Node, key: &str, dflt: &str) -> String {
    design.prop_ref(node, key).and_then(PropRef::as_str).unwrap_or(dflt).to_string()
}
pub fn flag_or(design: &Design, node: &Node, key: &str, dflt: bool) -> bool {
    design.prop_ref(node, key).and_then(PropRef::as_bool).unwrap_or(dflt)
}

/// Probability that a request reaching `node` may go on to its downstream nodes (depends
/// on properties only, so traffic volumes can be propagated before latency).
pub fn continue_prob(design: &Design, node: &Node) -> f64 {
    match node.kind.as_str() {
        "cloudfront" => 1.0 - num_or(design, node, "cache_hit_ratio", 0.85).clamp(0.0, 1.0),
        "elasticache" => 1.0 - num_or(design, node, "hit_ratio", 0.8).clamp(0.0, 1.0),
        "api-gateway" if flag_or(design, node, "caching", false) && text_or(design, node, "api_type", "http") == "rest" => {
            1.0 - num_or(design, node, "cache_hit_ratio", 0.5).clamp(0.0, 1.0)
        }
        _ => 1.0,
    }
}

/// The own time of application compute (`app_ms`, `app_p99_ms`), ms: the node's values, else
/// the data file's default app time. A p99 left unset next to a set median is 5 × the median.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AppTime {
    pub p50: f64,
    pub p99: f64,
    /// Whether `app_ms` is set on the node (else the default applies).
    pub set_on_node: bool,
}

impl AppTime {
    /// Mean of the log-normal with this median and p99: `p50 · e^(σ²/2)`, σ = ln(p99/p50) / z99.
    pub fn mean_ms(&self) -> f64 {
        lognormal_mean(self.p50, self.p99)
    }
}

/// Mean of the log-normal fitted from a median and a 99th percentile (the fit [`Dist::lognormal`]
/// uses): `p50 · e^(σ²/2)` with `σ = ln(p99/p50) / 2.326`; the median when `p99 <= p50`.
pub fn lognormal_mean(p50: f64, p99: f64) -> f64 {
    if !(p50 > 0.0) {
        return 0.0;
    }
    if !(p99 > p50) {
        return p50;
    }
    let sigma = (p99 / p50).ln() / super::dist::Z99;
    p50 * (sigma * sigma / 2.0).exp()
}

/// See [`AppTime`].
pub fn app_time(design: &Design, node: &Node) -> AppTime {
    // The data file's default app time, looked up once (every fleet of every analysis reads it).
    static DEFAULT: std::sync::OnceLock<(f64, f64)> = std::sync::OnceLock::new();
    let &(dflt50, dflt99) = DEFAULT.get_or_init(|| {
        let e = data::entry("compute", "app");
        (e.map(|e| e.p50_ms).unwrap_or(20.0), e.map(|e| e.p99_ms).unwrap_or(100.0))
    });
    let set_on_node = design.is_set(node, "app_ms");
    let p50 = num_or(design, node, "app_ms", dflt50).max(0.0);
    let p99 = num_or(design, node, "app_p99_ms", if set_on_node { 5.0 * p50 } else { dflt99 }).max(p50);
    AppTime { p50, p99, set_on_node }
}

/// Traffic at a node, requests per second (average and peak).
#[derive(Clone, Copy, Debug, Default)]
pub struct Load {
    pub rps: f64,
    pub peak_rps: f64,
}

/// The service model of one node under a given load.
/// `waf` says whether a WAF is associated with the node (it inspects every request).
pub fn service(design: &Design, node: &Node, load: Load, waf: bool) -> NodeModel {
    let mut src = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let kind = node.kind.as_str();
    let mut m = match kind {
        "users" | "on-premises" => NodeModel::simple(Dist::zero()),
        "api-gateway" => {
            let api = text_or(design, node, "api_type", "http");
            let mut d = from_entry("api-gateway", &api, &mut src);
            let auth = text_or(design, node, "authorizer", "none");
            if auth != "none" {
                let a = from_entry("api-gateway", &format!("authorizer:{auth}"), &mut src);
                if auth == "lambda" {
                    let hit = if num_or(design, node, "authorizer_cache_ttl_s", 300.0) > 0.0 { 0.9 } else { 0.0 };
                    notes.push(Note::later(move || format!("Lambda authorizer runs on {:.0}% of requests (authorizer cache)", (1.0 - hit) * 100.0)));
                    let z = Dist::zero();
                    d = d.convolve(&Dist::mix(&[(hit, &z), (1.0 - hit, &a)]));
                } else {
                    d = d.convolve(&a);
                }
            }
            if api == "rest" {
                if flag_or(design, node, "request_validation", false) {
                    d = d.convolve(&from_entry("api-gateway", "request-validation", &mut src));
                }
                if flag_or(design, node, "mapping_templates", false) {
                    d = d.convolve(&from_entry("api-gateway", "mapping-templates", &mut src));
                }
            }
            let pc = continue_prob(design, node);
            if pc < 1.0 {
                let hit = from_entry("api-gateway", "cache-hit", &mut src);
                notes.push(Note::later(move || format!("stage cache answers {:.0}% of requests", (1.0 - pc) * 100.0)));
                let end = hit.convolve(&if auth != "none" { d.clone() } else { Dist::zero() });
                NodeModel { end, through: d, p_continue: pc, blocks_on_async: true, notes: vec![], sources: vec![] }
            } else {
                let mut nm = NodeModel::simple(d);
                nm.blocks_on_async = true;
                nm
            }
        }
        "cloudfront" => {
            let mut edge_code = Dist::zero();
            let le = text_or(design, node, "lambda_edge", "none");
            if le != "none" {
                edge_code = from_entry("cloudfront", &format!("lambda-edge:{le}"), &mut src);
            }
            let hit = from_entry("cloudfront", "hit", &mut src).convolve(&edge_code);
            let mut miss = from_entry("cloudfront", "miss", &mut src).convolve(&edge_code);
            if flag_or(design, node, "origin_shield", false) {
                miss = miss.convolve(&from_entry("cloudfront", "origin-shield", &mut src));
            }
            let pc = continue_prob(design, node);
            notes.push(Note::later(move || format!("cache hit ratio {:.0}%: misses go to the origin", (1.0 - pc) * 100.0)));
            NodeModel { end: hit, through: miss, p_continue: pc, blocks_on_async: false, notes: vec![], sources: vec![] }
        }
        "elasticache" => {
            let d = from_entry("elasticache", "", &mut src);
            let pc = continue_prob(design, node);
            notes.push(Note::later(move || format!("hit ratio {:.0}%: misses go on to the node behind the cache, if drawn", (1.0 - pc) * 100.0)));
            NodeModel { end: d.clone(), through: d, p_continue: pc, blocks_on_async: false, notes: vec![], sources: vec![] }
        }
        "route53" => {
            let cached = from_entry("route53", "cached", &mut src);
            let uncached = from_entry("route53", "uncached", &mut src);
            notes.push("DNS answer cached for 90% of requests".into());
            NodeModel::simple(Dist::mix(&[(0.9, &cached), (0.1, &uncached)]))
        }
        "lambda" => {
            let runtime = text_or(design, node, "runtime", "nodejs");
            let mem = num_or(design, node, "memory_mb", 512.0).max(128.0);
            let dur = num_or(design, node, "duration_ms", 100.0).max(0.0);
            let pcc = num_or(design, node, "provisioned_concurrency", 0.0);
            // The timeout stops an invocation still running: its time is capped there (and it fails).
            let timeout_ms = num_or(design, node, "timeout_s", 3.0).max(0.0) * 1000.0;
            let (run, timed_out) = run_time(dur, timeout_ms);
            if timed_out >= 0.0001 {
                notes.push(Note::later(move || format!("{:.2}% of invocations run past the {} s timeout and fail at it", timed_out * 100.0, timeout_ms / 1000.0)));
            }
            let warm = from_entry("lambda", "warm", &mut src).convolve(&run);
            let snap = flag_or(design, node, "snap_start", false) && matches!(runtime.as_str(), "java" | "python" | "dotnet");
            let cold_variant = if snap { "cold:snap-start".to_string() } else { format!("cold:{runtime}") };
            let base = data::entry_cited("lambda", &cold_variant).or_else(|| data::entry_cited("lambda", "cold:nodejs"));
            // CPU scales with memory (1 vCPU at 1,769 MB): half of a cold start is taken as
            // CPU-bound (runtime and code init), half fixed (sandbox, code download).
            let cpu_scale = 0.5 + 0.5 * 512.0 / mem.min(1769.0);
            let cold = match base {
                Some((e, cite)) => {
                    src.push(cite);
                    Dist::lognormal(e.p50_ms * cpu_scale, e.p99_ms * cpu_scale)
                }
                None => Dist::zero(),
            };
            let rps = if load.rps > 0.0 { load.rps } else { 1.0 };
            if load.rps <= 0.0 {
                notes.push("no traffic reaches it from an entry: cold starts estimated at 1 request/s".into());
            }
            let f = cold_start_fraction(rps, dur, pcc);
            let rt = runtime.clone();
            notes.push(Note::later(move || {
                format!(
                    "cold starts on {:.3}% of invocations ({} at {:.0} MB{}; {:.2} req/s, concurrency {:.2}, provisioned {:.0})",
                    f * 100.0,
                    rt,
                    mem,
                    if snap { ", SnapStart" } else { "" },
                    rps,
                    rps * dur / 1000.0,
                    pcc
                )
            }));
            let coldpath = warm.convolve(&cold);
            let mut nm = NodeModel::simple(Dist::mix(&[(1.0 - f, &warm), (f, &coldpath)]));
            nm.blocks_on_async = true;
            nm
        }
        k if APP_COMPUTE.contains(&k) => {
            let AppTime { p50, p99, set_on_node } = app_time(design, node);
            if set_on_node {
                notes.push(Note::later(move || format!("app time set on the node: p50 {p50} ms")));
            } else if let Some((_, cite)) = data::entry_cited("compute", "app") {
                src.push(cite);
                notes.push("default app time; set app_ms / app_p99_ms on the node".into());
            }
            // Queueing at the fleet is added by the engine from the capacity model.
            let mut nm = NodeModel::simple(Dist::lognormal(p50, p99.max(p50)));
            nm.blocks_on_async = true;
            nm
        }
        "external-api" => {
            // An AWS service in the Region (`provider` aws, set by hand or by an import) answers
            // as an AWS API call does (data/latency.json external-api/aws, an estimate), a third
            // party as the catalog's defaults say; a figure set on the node wins either way.
            let own = |key: &str| design.is_set(node, key).then(|| num_or(design, node, key, 0.0));
            let aws = if text_or(design, node, "provider", "third-party") == "aws" && (own("p50_ms").is_none() || own("p99_ms").is_none()) {
                data::entry_cited("external-api", "aws")
            } else {
                None
            };
            let (p50, p99) = match aws {
                Some((e, cite)) => {
                    src.push(cite);
                    (own("p50_ms").unwrap_or(e.p50_ms), own("p99_ms").unwrap_or(e.p99_ms))
                }
                None => (num_or(design, node, "p50_ms", 80.0), num_or(design, node, "p99_ms", 400.0)),
            };
            if own("p50_ms").is_some() || own("p99_ms").is_some() || aws.is_none() {
                src.push("external-api: node properties p50_ms/p99_ms");
            }
            NodeModel::simple(Dist::lognormal(p50, p99.max(p50)))
        }
        "s3" => {
            let class = text_or(design, node, "storage_class", "standard");
            if class == "glacier-flexible" || class == "deep-archive" {
                notes.push(format!("{class} objects must be restored first (minutes to hours): not a synchronous read").into());
                NodeModel::simple(from_entry("s3", "archive", &mut src))
            } else {
                NodeModel::simple(from_entry("s3", "", &mut src))
            }
        }
        "step-functions" => {
            let wf = text_or(design, node, "workflow", "standard");
            let n = num_or(design, node, "transitions_per_execution", 10.0).clamp(1.0, 1000.0) as usize;
            let (start, per) = if wf == "express" { ("express", "transition") } else { ("express", "standard-transition") };
            let mut d = from_entry("step-functions", start, &mut src);
            let t = from_entry("step-functions", per, &mut src);
            for _ in 0..n.min(50) {
                d = d.convolve(&t);
            }
            if wf != "express" {
                notes.push("Standard workflows are meant to run asynchronously; called synchronously here".into());
            }
            NodeModel::simple(d)
        }
        "sagemaker-endpoint" => {
            let mode = text_or(design, node, "mode", "real-time");
            let inf = num_or(design, node, "inference_ms", 50.0).max(0.0);
            if mode == "async" {
                notes.push("asynchronous inference: the caller only waits for the request to be queued".into());
                NodeModel::simple(from_entry("sagemaker-endpoint", "async-accept", &mut src))
            } else {
                let warm = from_entry("sagemaker-endpoint", "overhead", &mut src).convolve(&Dist::lognormal(inf, 3.0 * inf));
                if mode == "serverless" {
                    let rps = if load.rps > 0.0 { load.rps } else { 1.0 };
                    let f = cold_start_fraction(rps, inf, 0.0);
                    notes.push(Note::later(move || format!("serverless cold starts on {:.3}% of requests", f * 100.0)));
                    let cold = warm.convolve(&from_entry("sagemaker-endpoint", "serverless-cold", &mut src));
                    NodeModel::simple(Dist::mix(&[(1.0 - f, &warm), (f, &cold)]))
                } else {
                    NodeModel::simple(warm)
                }
            }
        }
        "bedrock" => {
            let model = text_or(design, node, "model", "claude-haiku");
            let variant = if data::entry("bedrock", &format!("ttft:{model}")).is_some() { format!("ttft:{model}") } else { "ttft:claude-haiku".into() };
            let ttft = from_entry("bedrock", &variant, &mut src);
            let out_rate = entry_rate("bedrock", &variant);
            let in_rate = entry_rate("bedrock", "prefill");
            let out_tokens = num_or(design, node, "output_tokens_per_request", 300.0).max(0.0);
            let in_tokens = num_or(design, node, "input_tokens_per_request", 1000.0).max(0.0);
            let gen_ms = if out_rate > 0.0 { out_tokens / out_rate * 1000.0 } else { 0.0 };
            let pre_ms = if in_rate > 0.0 { in_tokens / in_rate * 1000.0 } else { 0.0 };
            notes.push(format!("{model}: first token, then {out_tokens:.0} output tokens ({gen_ms:.0} ms) and {in_tokens:.0} prompt tokens ({pre_ms:.0} ms)").into());
            NodeModel::simple(ttft.shift(gen_ms + pre_ms))
        }
        k if MESSAGING.contains(&k) => NodeModel::simple(from_entry(k, "enqueue", &mut src)),
        k => match coverage(k) {
            Some(Coverage::Timed(dk)) => NodeModel::simple(from_entry(dk, "", &mut src)),
            Some(Coverage::OffPath(reason)) => {
                notes.push(format!("{k} is off the request path ({reason}); counted as no time").into());
                NodeModel::simple(Dist::zero())
            }
            _ => {
                notes.push(format!("no latency model for kind \"{k}\"; counted as no time").into());
                NodeModel::simple(Dist::zero())
            }
        },
    };
    // A WAF associated with this node inspects every request first.
    if waf {
        let w = from_entry("waf", "", &mut src);
        m.end = m.end.convolve(&w);
        m.through = m.through.convolve(&w);
        notes.push("WAF inspection added".into());
    }
    if let Some(spec) = catalog::kind(kind) {
        if matches!(spec.role, Role::Compute | Role::Api | Role::Ml) {
            m.blocks_on_async = true;
        }
    }
    if m.notes.is_empty() {
        m.notes = notes;
    } else {
        m.notes.extend(notes);
    }
    m.sources = src; // no arm sets sources itself
    m
}

/// A function's run time: a log-normal with median `dur` and p99 3 × `dur`, capped at the
/// timeout (`Dist::capped`), and the share of invocations it stops. The same few pairs recur
/// for every function of a design, so they are kept (bounded; a hit is the very same
/// distribution and share as a computation).
fn run_time(dur: f64, timeout_ms: f64) -> (Dist, f64) {
    use rustc_hash::FxHashMap;
    use std::cell::RefCell;
    thread_local! {
        static MEMO: RefCell<FxHashMap<(u64, u64), (Dist, f64)>> = RefCell::new(FxHashMap::default());
    }
    let key = (dur.to_bits(), timeout_ms.to_bits());
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
        return hit;
    }
    let run = Dist::lognormal(dur, 3.0 * dur).capped(timeout_ms);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 1024 {
            m.clear();
        }
        m.insert(key, run.clone());
    });
    run
}

/// What a caller pays to hand a message to `target` over an async connection, if it waits.
pub fn enqueue(kind: &str, src: &mut Vec<&'static str>) -> Dist {
    if MESSAGING.contains(&kind) {
        from_entry(kind, "enqueue", src)
    } else if kind == "lambda" {
        from_entry("lambda", "async-invoke", src)
    } else {
        from_entry("sqs", "enqueue", src)
    }
}

/// Time between a message being accepted by `kind` and its consumer starting.
pub fn delivery(kind: &str, src: &mut Vec<&'static str>) -> Dist {
    if MESSAGING.contains(&kind) {
        from_entry(kind, "delivery", src)
    } else if kind == "lambda" {
        from_entry("lambda", "async-delivery", src)
    } else {
        Dist::zero()
    }
}

// ------------------------------------------------------------------ network

/// Where users are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Geo {
    NorthAmerica,
    Europe,
    AsiaPacific,
    Global,
}

impl Geo {
    pub fn parse(s: &str) -> Geo {
        match s {
            "europe" => Geo::Europe,
            "asia-pacific" => Geo::AsiaPacific,
            "global" => Geo::Global,
            _ => Geo::NorthAmerica,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Geo::NorthAmerica => "north-america",
            Geo::Europe => "europe",
            Geo::AsiaPacific => "asia-pacific",
            Geo::Global => "global",
        }
    }
    /// The continent a region code is on.
    pub fn of_region(code: &str) -> Geo {
        if code.starts_with("eu-") {
            Geo::Europe
        } else if code.starts_with("ap-") || code.starts_with("me-") || code.starts_with("af-") {
            Geo::AsiaPacific
        } else {
            Geo::NorthAmerica
        }
    }
    fn hub(self) -> &'static str {
        match self {
            Geo::Europe => "eu-west-1",
            Geo::AsiaPacific => "ap-southeast-1",
            _ => "us-east-1",
        }
    }
    /// Users spread worldwide: 40% North America, 30% Europe, 30% Asia-Pacific (estimate).
    pub const GLOBAL_MIX: [(f64, Geo); 3] = [(0.4, Geo::NorthAmerica), (0.3, Geo::Europe), (0.3, Geo::AsiaPacific)];
}

/// Where a node sits, for network hops. Borrows its region code and AZ id from the design.
#[derive(Clone, Debug, PartialEq)]
pub enum Loc<'d> {
    Client,
    OnPrem(String),
    /// A CloudFront edge. `apac`: whether the distribution uses Asia-Pacific edges (price class
    /// 100 does not: its Asia-Pacific viewers are served from North America).
    Edge { apac: bool },
    /// Route 53: the client resolves, then connects itself (hops after it are from the client).
    Dns,
    External,
    /// A region code and the id of the AZ the node is drawn in (`None`: not fixed).
    Regional { region: &'d str, az: Option<&'d str> },
}

/// Where `node` sits, given its region code and enclosing AZ (the projection reads them for
/// every node from one pass down the containers, [`crate::graph::Containers`]).
pub fn loc_at<'d>(design: &Design, node: &Node, region: &'d str, az: Option<&'d Node>) -> Loc<'d> {
    match node.kind.as_str() {
        "users" => Loc::Client,
        "on-premises" => Loc::OnPrem(text_or(design, node, "connection", "vpn")),
        // Price class 100: North American and European edges only (CloudFront developer guide,
        // price classes), so Asia-Pacific viewers cross the Pacific to reach one.
        "cloudfront" => Loc::Edge { apac: text_or(design, node, "price_class", "all") != "100" },
        "waf" => Loc::Edge { apac: true },
        "route53" => Loc::Dns,
        "external-api" => Loc::External,
        // A fleet spanning AZs (model::span) serves from all of them: its AZ is not fixed, as
        // for a component drawn at VPC level. A database spanning AZs serves from its home.
        _ if crate::model::span::spans(node) && crate::model::span::role(&node.kind) == Some(crate::model::span::SpanRole::Fleet) => {
            Loc::Regional { region, az: None }
        }
        _ => Loc::Regional { region, az: az.map(|a| a.id.0.as_str()) },
    }
}

fn net_entry(variant: &str, src: &mut Vec<String>) -> Option<&'static Entry> {
    let (e, cite) = data::net_cited(variant)?;
    src.push(cite.to_string());
    Some(e)
}

fn net_dist(variant: &str, src: &mut Vec<String>) -> Dist {
    net_entry(variant, src).map(|e| Dist::lognormal(e.p50_ms, e.p99_ms)).unwrap_or_else(Dist::zero)
}

/// Round trip between two regions: the table, else a continent-level estimate.
pub fn region_rtt(a: &str, b: &str, src: &mut Vec<String>) -> (f64, f64) {
    if a == b {
        return (0.0, 0.0);
    }
    if let Some((e, cite)) = data::region_pair_cited(a, b) {
        src.push(cite.to_string());
        return (e.p50_ms, e.p99_ms);
    }
    let (ga, gb) = (Geo::of_region(a), Geo::of_region(b));
    let p50 = match (ga.min(gb), ga.max(gb)) {
        (x, y) if x == y => 30.0,
        (Geo::NorthAmerica, Geo::Europe) => 90.0,
        (Geo::NorthAmerica, Geo::AsiaPacific) => 180.0,
        _ => 200.0,
    };
    src.push(format!("region-pair/{a}|{b} (estimate by continent)"));
    (p50, p50 * 1.2)
}

fn client_region(geo: Geo, region: &str, src: &mut Vec<String>) -> Dist {
    if geo == Geo::Global {
        let parts: Vec<(f64, Dist)> = Geo::GLOBAL_MIX.iter().map(|(w, g)| (*w, client_region(*g, region, src))).collect();
        return Dist::mix(&parts.iter().map(|(w, d)| (*w, d)).collect::<Vec<_>>());
    }
    let base = net_dist(&format!("client-region:{}", geo.name()), src);
    let (rtt, _) = region_rtt(geo.hub(), region, src);
    if Geo::of_region(region) == geo { base } else { base.shift(rtt) }
}

fn client_edge(geo: Geo, apac_edges: bool, src: &mut Vec<String>) -> Dist {
    if geo == Geo::Global {
        let parts: Vec<(f64, Dist)> = Geo::GLOBAL_MIX.iter().map(|(w, g)| (*w, client_edge(*g, apac_edges, src))).collect();
        return Dist::mix(&parts.iter().map(|(w, d)| (*w, d)).collect::<Vec<_>>());
    }
    if geo == Geo::AsiaPacific && !apac_edges {
        // The nearest edge of the price class is in North America: the trip there from Asia-Pacific.
        src.push("price class 100: Asia-Pacific viewers reach a North American edge (client-region estimate)".into());
        return client_region(geo, EXCLUDED_APAC_EDGE_REGION, src);
    }
    net_dist(&format!("last-mile-edge:{}", geo.name()), src)
}

/// Where an Asia-Pacific viewer of a price class 100 distribution is served from: the US west
/// coast, the nearest edges of that class (estimate).
const EXCLUDED_APAC_EDGE_REGION: &str = "us-west-2";

/// The viewers' region as seen from the edge that serves them.
fn served_geo(geo: Geo, apac_edges: bool) -> Geo {
    if geo == Geo::AsiaPacific && !apac_edges { Geo::NorthAmerica } else { geo }
}

/// Edge location near the users to an origin region over the AWS backbone: the client-to-
/// region time less the last mile (p99 = 1.3 × p50: the backbone is steady).
fn edge_region(geo: Geo, apac_edges: bool, region: &str, src: &mut Vec<String>) -> Dist {
    if geo == Geo::Global {
        let parts: Vec<(f64, Dist)> = Geo::GLOBAL_MIX.iter().map(|(w, g)| (*w, edge_region(*g, apac_edges, region, src))).collect();
        return Dist::mix(&parts.iter().map(|(w, d)| (*w, d)).collect::<Vec<_>>());
    }
    let geo = served_geo(geo, apac_edges);
    let cr = data::net(&format!("client-region:{}", geo.name())).map(|e| e.p50_ms).unwrap_or(35.0);
    let lm = data::net(&format!("last-mile-edge:{}", geo.name())).map(|e| e.p50_ms).unwrap_or(12.0);
    let (rtt, _) = region_rtt(geo.hub(), region, src);
    let base = (cr - lm).max(1.0) + if Geo::of_region(region) == geo { 0.0 } else { rtt };
    src.push("edge-to-origin: client-region less last mile (estimate)".into());
    Dist::lognormal(base, base * 1.3)
}

/// The network round trip of one call from `from` to `to`, for users in `geo`, with a
/// short label (`same-az`, `cross-az`, `cross-region us-east-1→eu-west-1`, ...).
pub fn hop(from: &Loc, to: &Loc, geo: Geo, src: &mut Vec<String>) -> (Dist, String) {
    let from = if *from == Loc::Dns { &Loc::Client } else { from };
    match (from, to) {
        (_, Loc::Dns) => (Dist::zero(), "DNS (in Route 53's time)".into()),
        (_, Loc::External) => (Dist::zero(), "to external API (in its own figures)".into()),
        (_, Loc::Client) | (_, Loc::OnPrem(_)) => (Dist::zero(), "back to the client".into()),
        (Loc::Client, Loc::Edge { apac }) => (client_edge(geo, *apac, src), format!("internet {} → nearest edge{}", geo.name(), if *apac { "" } else { " (price class 100)" })),
        (Loc::Client, Loc::Regional { region, .. }) => (client_region(geo, region, src), format!("internet {} → {region}", geo.name())),
        (Loc::OnPrem(c), Loc::Regional { .. }) => (net_dist(&format!("on-premises:{c}"), src), format!("on-premises via {c}")),
        (Loc::OnPrem(_), Loc::Edge { apac }) => (client_edge(geo, *apac, src), "on-premises → nearest edge".into()),
        (Loc::Edge { .. }, Loc::Edge { .. }) | (Loc::External, Loc::Edge { .. }) => (Dist::zero(), "at the edge".into()),
        (Loc::Edge { apac }, Loc::Regional { region, .. }) => (edge_region(geo, *apac, region, src), format!("edge → origin {region}")),
        (Loc::Regional { region, .. }, Loc::Edge { .. }) => {
            let g = Geo::of_region(region);
            (edge_region(g, true, region, src), format!("{region} → edge"))
        }
        (Loc::External, Loc::Regional { region, .. }) => (client_region(Geo::of_region(region), region, src), "external → region".into()),
        (Loc::Regional { region: ra, az: za }, Loc::Regional { region: rb, az: zb }) => {
            if ra != rb {
                let (p50, p99) = region_rtt(ra, rb, src);
                return (Dist::lognormal(p50, p99), format!("cross-region {ra} → {rb}"));
            }
            match (za, zb) {
                (Some(a), Some(b)) if a == b => (net_dist("same-az", src), "same AZ".into()),
                (Some(_), Some(_)) => (net_dist("cross-az", src), "cross-AZ".into()),
                _ => {
                    let s = net_dist("same-az", src);
                    let x = net_dist("cross-az", src);
                    if let Some((_, cite)) = data::net_cited("regional-service") {
                        src.push(cite.to_string());
                    }
                    (Dist::mix(&[(1.0 / 3.0, &s), (2.0 / 3.0, &x)]), "in-region (AZ not fixed: 1/3 same AZ)".into())
                }
            }
        }
        (Loc::Dns, _) => (Dist::zero(), "local".into()),
    }
}
