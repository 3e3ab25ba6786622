//! API Gateway REST vs HTTP vs WebSocket APIs, for one API.
//!
//! What each type supports is the seed's comparison table (`api-gateway.txt`); prices are the
//! price book's `apigw.*` entries (REST tiers, HTTP metered per 512 KB, WebSocket messages
//! metered per 32 KB plus connection minutes); added latency is the latency engine's data file
//! (`data/latency.json`, `api-gateway` entries).

use super::containers::{fmt_big, fmt_n};
use super::bill::{self, Scenario};
use super::{log_steps, round_cents, series_and_crossovers, CostLine, Crossover, Series, SEED_API};
use crate::edit::Edit;
use crate::latency::data as lat;
use crate::model::{ConnKind, Design, NodeId, PricingModel, Value};
use crate::traffic;
use crate::units::money;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiType {
    Rest,
    Http,
    Websocket,
}

impl ApiType {
    pub const ALL: [ApiType; 3] = [ApiType::Rest, ApiType::Http, ApiType::Websocket];
    /// The value of the `api_type` property.
    pub fn id(self) -> &'static str {
        match self {
            ApiType::Rest => "rest",
            ApiType::Http => "http",
            ApiType::Websocket => "websocket",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ApiType::Rest => "REST API",
            ApiType::Http => "HTTP API",
            ApiType::Websocket => "WebSocket API",
        }
    }
    pub fn parse(s: &str) -> Option<ApiType> {
        ApiType::ALL.into_iter().find(|t| t.id() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authorizer {
    None,
    Iam,
    Jwt,
    Cognito,
    Lambda,
}

impl Authorizer {
    fn parse(s: &str) -> Authorizer {
        match s {
            "iam" => Authorizer::Iam,
            "jwt" => Authorizer::Jwt,
            "cognito" => Authorizer::Cognito,
            "lambda" => Authorizer::Lambda,
            _ => Authorizer::None,
        }
    }
    fn id(self) -> &'static str {
        match self {
            Authorizer::None => "none",
            Authorizer::Iam => "iam",
            Authorizer::Jwt => "jwt",
            Authorizer::Cognito => "cognito",
            Authorizer::Lambda => "lambda",
        }
    }
}

/// A capability an API may need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Plain request/response calls from HTTP clients.
    RequestResponse,
    /// Real-time two-way traffic: the server pushes to connected clients.
    RealTime,
    UsagePlansApiKeys,
    RequestValidation,
    MappingTemplates,
    Caching,
    Waf,
    PrivateIntegration,
    IamAuthorizer,
    JwtAuthorizer,
    CognitoAuthorizer,
    LambdaAuthorizer,
}

impl Feature {
    pub fn label(self) -> &'static str {
        match self {
            Feature::RequestResponse => "request/response calls",
            Feature::RealTime => "real-time two-way traffic",
            Feature::UsagePlansApiKeys => "usage plans and API keys",
            Feature::RequestValidation => "request validation",
            Feature::MappingTemplates => "mapping templates (VTL)",
            Feature::Caching => "response caching",
            Feature::Waf => "AWS WAF",
            Feature::PrivateIntegration => "private integration (VPC link)",
            Feature::IamAuthorizer => "IAM authorization",
            Feature::JwtAuthorizer => "JWT authorizer",
            Feature::CognitoAuthorizer => "Cognito authorizer",
            Feature::LambdaAuthorizer => "Lambda authorizer",
        }
    }
}

/// Whether `t` supports `f`, and why not (seed table unless said otherwise).
pub fn supports(t: ApiType, f: Feature) -> Result<(), &'static str> {
    use ApiType::*;
    use Feature::*;
    match (t, f) {
        (Rest | Http, RequestResponse) => Ok(()),
        (Websocket, RequestResponse) => Err("WebSocket API is for \"two-way real-time communication rather than standard request-response traffic\"; plain HTTP clients cannot call it"),
        (Websocket, RealTime) => Ok(()),
        (Rest | Http, RealTime) => Err("request/response only: the server cannot push updates \"without waiting for a new request each time\""),
        (Rest, UsagePlansApiKeys) => Ok(()),
        (Http | Websocket, UsagePlansApiKeys) => Err("\"Usage plans / API keys: Yes / No / No\" (REST only)"),
        (Rest, RequestValidation) => Ok(()),
        (Http | Websocket, RequestValidation) => Err("request validation is a REST API control (\"tighter control over how requests are validated\")"),
        (Rest, MappingTemplates) => Ok(()),
        (Http, MappingTemplates) => Err("\"Mapping templates: ... No VTL support\" on HTTP APIs"),
        (Websocket, MappingTemplates) => Err("\"Mapping templates: Full support / No VTL support / No\""),
        (Rest, Caching) => Ok(()),
        (Http | Websocket, Caching) => Err("the stage cache exists on REST APIs only (API Gateway pricing: REST cache billed per hour)"),
        (Rest, Waf) => Ok(()),
        (Http | Websocket, Waf) => Err("AWS WAF attaches to REST APIs, not to HTTP or WebSocket APIs (AWS WAF developer guide)"),
        (Rest | Http, PrivateIntegration) => Ok(()),
        (Websocket, PrivateIntegration) => Err("\"Integration backend: ... Lambda, HTTP endpoint\" for WebSocket APIs (no VPC Link in the article's table)"),
        (_, IamAuthorizer) => Ok(()),
        (Rest | Websocket, JwtAuthorizer) => Err("\"Authorization: IAM, Cognito, Lambda Authorizer\" (REST) / \"IAM, Lambda Authorizer\" (WebSocket): no JWT authorizer; a Lambda authorizer can validate the token"),
        (Http, JwtAuthorizer) => Ok(()),
        (Rest, CognitoAuthorizer) => Ok(()),
        (Http, CognitoAuthorizer) => Ok(()), // Cognito user pools issue JWTs: the JWT authorizer
        (Websocket, CognitoAuthorizer) => Err("\"IAM, Lambda Authorizer\" only on WebSocket APIs"),
        (_, LambdaAuthorizer) => Ok(()),
    }
}

/// The API to place. `Default`: 10 million request/response calls a month of 2 KB in and 20 KB
/// out (the design workload's default sizes), no real-time traffic, no REST-only features, no
/// authorizer, in us-east-1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiProfile {
    /// Request/response calls per month.
    pub requests_per_month: f64,
    pub request_kb: f64,
    pub response_kb: f64,
    /// WebSocket messages per month (sent and received), when real time is needed.
    pub messages_per_month: f64,
    pub message_kb: f64,
    /// Total connection time of all WebSocket clients per month.
    pub connection_minutes_per_month: f64,
    /// Plain request/response calls from HTTP clients are needed.
    pub request_response: bool,
    /// Real-time two-way traffic (chat, live notifications) is needed.
    pub realtime: bool,
    pub usage_plans: bool,
    pub request_validation: bool,
    pub mapping_templates: bool,
    pub caching: bool,
    /// Stage cache size in GB (`0.5` ... `237`), when caching.
    pub cache_size_gb: String,
    pub waf: bool,
    pub private_integration: bool,
    pub authorizer: Authorizer,
    /// A JWT authorizer whose tokens a Cognito user pool drawn in the design issues (a `cognito`
    /// node associated with the API, the templates' "JWT issuer"): a REST API authorizes those
    /// with its Cognito user-pool authorizer, so REST is no longer ruled out for the JWT
    /// authorizer it lacks (QA s23 #6: "no — JWT authorizer" for the Serverless API template,
    /// whose issuer is its Cognito user pool).
    pub jwt_issuer_cognito: bool,
    pub region: String,
    /// Whether the AWS free tier applies (each API type has its own), as the design says.
    pub free_tier: bool,
}

impl Default for ApiProfile {
    fn default() -> Self {
        ApiProfile {
            requests_per_month: 10_000_000.0,
            request_kb: 2.0,
            response_kb: 20.0,
            messages_per_month: 0.0,
            message_kb: 1.0,
            connection_minutes_per_month: 0.0,
            request_response: true,
            realtime: false,
            usage_plans: false,
            request_validation: false,
            mapping_templates: false,
            caching: false,
            cache_size_gb: "0.5".into(),
            waf: false,
            private_integration: false,
            authorizer: Authorizer::None,
            jwt_issuer_cognito: false,
            region: "us-east-1".into(),
            free_tier: false,
        }
    }
}

impl ApiProfile {
    /// The features this profile needs, in a fixed order.
    pub fn needed(&self) -> Vec<Feature> {
        let mut v = Vec::new();
        let mut add = |b: bool, f| {
            if b {
                v.push(f)
            }
        };
        add(self.request_response, Feature::RequestResponse);
        add(self.realtime, Feature::RealTime);
        add(self.usage_plans, Feature::UsagePlansApiKeys);
        add(self.request_validation, Feature::RequestValidation);
        add(self.mapping_templates, Feature::MappingTemplates);
        add(self.caching, Feature::Caching);
        add(self.waf, Feature::Waf);
        add(self.private_integration, Feature::PrivateIntegration);
        match self.authorizer {
            Authorizer::None => {}
            Authorizer::Iam => v.push(Feature::IamAuthorizer),
            // Tokens of a Cognito user pool: what any type needs is to authorize those (HTTP with
            // its JWT authorizer, REST with its Cognito authorizer).
            Authorizer::Jwt if self.jwt_issuer_cognito => v.push(Feature::CognitoAuthorizer),
            Authorizer::Jwt => v.push(Feature::JwtAuthorizer),
            Authorizer::Cognito => v.push(Feature::CognitoAuthorizer),
            Authorizer::Lambda => v.push(Feature::LambdaAuthorizer),
        }
        v
    }

    /// The authorizer an API of type `t` would use for this profile: the profile's own, except
    /// that a REST API authorizes a Cognito user pool's JWTs with its Cognito authorizer.
    /// And an HTTP API authorizes them with its JWT authorizer (it has no Cognito authorizer
    /// of its own), so the authorizer, and the latency it adds, is the same for a type whichever
    /// type the API is drawn as (QA s23 second pass: HTTP's p50 went from 5 to 6 ms, the Cognito
    /// authorizer's 2 ms for the JWT authorizer's 1 ms, once a Switch to REST had set "cognito").
    pub fn authorizer_for(&self, t: ApiType) -> Authorizer {
        match (t, self.authorizer) {
            (ApiType::Rest, Authorizer::Jwt) if self.jwt_issuer_cognito => Authorizer::Cognito,
            (ApiType::Http, Authorizer::Cognito) if self.jwt_issuer_cognito => Authorizer::Jwt,
            (_, a) => a,
        }
    }

    pub fn describe(&self) -> String {
        let feats: Vec<&str> = self.needed().iter().map(|f| f.label()).collect();
        let mut s = format!(
            "{} requests/month ({} KB in, {} KB out)",
            fmt_big(self.requests_per_month),
            fmt_n(self.request_kb),
            fmt_n(self.response_kb)
        );
        if self.realtime || self.messages_per_month > 0.0 {
            s.push_str(&format!(
                ", {} messages/month of {} KB, {} connection-minutes/month",
                fmt_big(self.messages_per_month),
                fmt_n(self.message_kb),
                fmt_big(self.connection_minutes_per_month)
            ));
        }
        s.push_str(&format!("; needs: {}; {}", if feats.is_empty() { "nothing special".to_string() } else { feats.join(", ") }, self.region));
        s
    }

    /// The profile of an `api-gateway` node: its feature properties (a WAF associated with it and
    /// a VPC link it calls count too), the requests the traffic engine sends to it (else the entry
    /// users' `requests_per_month`), the workload's payload sizes, and real time when a `users`
    /// node calling it needs it or the API is already a WebSocket API.
    pub fn from_node(design: &Design, node_id: &NodeId) -> Result<ApiProfile, String> {
        let n = design.node(node_id).ok_or_else(|| format!("node \"{node_id}\" does not exist"))?;
        if n.kind != "api-gateway" {
            return Err(format!(
                "\u{201c}{}\u{201d} ({}) is not an API: select an API Gateway",
                n.label,
                crate::catalog::kind(&n.kind).map(|k| k.name).unwrap_or(n.kind.as_str())
            ));
        }
        let w = &design.workload;
        let t = traffic::traffic(design);
        let mut requests = t.of(node_id).requests;
        if requests <= 0.0 {
            requests = design.nodes.values().filter(|u| u.kind == "users").map(|u| design.num(u, "requests_per_month")).sum();
        }
        let incoming: Vec<_> = design.incoming(node_id).collect();
        let waf_attached = incoming.iter().any(|c| c.kind == ConnKind::Association && design.node(&c.from).is_some_and(|f| f.kind == "waf"))
            || design.outgoing(node_id).any(|c| c.kind == ConnKind::Association && design.node(&c.to).is_some_and(|f| f.kind == "waf"));
        let vpc_link = design.outgoing(node_id).any(|c| design.node(&c.to).is_some_and(|f| f.kind == "vpc-link"));
        let realtime_users = incoming.iter().any(|c| design.node(&c.from).is_some_and(|f| f.kind == "users" && design.flag(f, "realtime")));
        let is_ws = design.text(n, "api_type") == "websocket";
        let realtime = realtime_users || is_ws;
        let messages = design.num(n, "messages_per_month");
        let response_kb = incoming.iter().find_map(|c| c.payload_kb).unwrap_or(w.response_kb);
        Ok(ApiProfile {
            requests_per_month: if realtime && messages <= 0.0 { 0.0 } else { requests },
            request_kb: w.request_kb.max(0.0),
            response_kb: response_kb.max(0.0),
            // A WebSocket API's calls are its messages (as the cost engine counts them).
            messages_per_month: if realtime && messages <= 0.0 { requests } else { messages },
            message_kb: design.num(n, "message_kb").max(0.0),
            connection_minutes_per_month: design.num(n, "connection_minutes_per_month"),
            request_response: !realtime,
            realtime,
            usage_plans: design.flag(n, "usage_plans") || design.flag(n, "api_keys"),
            request_validation: design.flag(n, "request_validation"),
            mapping_templates: design.flag(n, "mapping_templates"),
            caching: design.flag(n, "caching"),
            cache_size_gb: design.text(n, "cache_size_gb"),
            waf: design.flag(n, "waf") || waf_attached,
            private_integration: design.flag(n, "private_integration") || vpc_link,
            authorizer: Authorizer::parse(&design.text(n, "authorizer")),
            jwt_issuer_cognito: cognito_issuer(design, node_id),
            region: design.region_of(node_id),
            free_tier: w.free_tier,
        })
    }

    fn sanitized(&self) -> ApiProfile {
        let f = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
        let mut p = self.clone();
        p.requests_per_month = f(p.requests_per_month);
        p.request_kb = f(p.request_kb);
        p.response_kb = f(p.response_kb);
        p.messages_per_month = f(p.messages_per_month);
        p.message_kb = f(p.message_kb);
        p.connection_minutes_per_month = f(p.connection_minutes_per_month);
        p
    }

    /// Requests, messages and connection minutes scaled by `m`.
    pub fn scaled(&self, m: f64) -> ApiProfile {
        let mut p = self.clone();
        p.requests_per_month *= m;
        p.messages_per_month *= m;
        p.connection_minutes_per_month *= m;
        p
    }
}

/// A missing feature and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Missing {
    pub feature: Feature,
    pub label: String,
    pub reason: String,
}

/// Added latency of the gateway (and of the needed features), from the latency data file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AddedLatency {
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Each part: (what, p50, p99, source).
    pub parts: Vec<(String, f64, f64, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiOptionReport {
    pub api_type: ApiType,
    pub id: String,
    pub label: String,
    pub rank: usize,
    /// Supports every needed feature.
    pub can_do_job: bool,
    pub missing: Vec<Missing>,
    /// What this type does in its own way to do the job (a REST API authorizes a Cognito user
    /// pool's JWTs with its Cognito user-pool authorizer): the reason for a "yes" that is not
    /// the API as drawn (QA s23 second pass).
    pub adapted: Vec<Missing>,
    /// USD per month.
    pub monthly: f64,
    pub breakdown: Vec<CostLine>,
    pub estimated: bool,
    /// How requests are metered.
    pub metering: String,
    pub latency: AddedLatency,
    pub configuration_complexity: String,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiRecommendation {
    /// An API type id, or "mixed" (WebSocket for real time + another type for request/response).
    pub choice: String,
    pub summary: String,
    pub reasons: Vec<String>,
    pub ranked: Vec<String>,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiComparison {
    pub profile: ApiProfile,
    pub profile_description: String,
    pub needed: Vec<Feature>,
    /// Types in rank order (best first).
    pub options: Vec<ApiOptionReport>,
    pub recommendation: ApiRecommendation,
    /// Monthly cost against requests + messages per month (the profile's mix scaled).
    pub volume_series: Vec<Series>,
    pub volume_crossovers: Vec<Crossover>,
    pub assumptions: Vec<String>,
    /// Set when the comparison is of a node of a design ([`compare_api_in`]).
    pub design: Option<ApiScope>,
}

/// What a comparison inside a design priced from the design's own bill.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiScope {
    /// The type the API is drawn as.
    pub current: ApiType,
    /// The nodes whose bill is the current type's figure (the API, and a REST API's web
    /// ACLs): `cost` shows the same total for them.
    pub nodes: Vec<NodeId>,
}

// ---------------------------------------------------------------- cost

/// How a type meters, in words.
fn metering(t: ApiType) -> String {
    match t {
        ApiType::Rest => "per request, any size up to 10 MB; tiered by monthly volume",
        ApiType::Http => "per request, metered in 512 KB increments (request + response)",
        ApiType::Websocket => "per message sent or received, metered in 32 KB increments, plus connection minutes",
    }
    .to_string()
}

/// The API of a profile as a small design: clients calling it (and, on REST and HTTP APIs,
/// polling for what a WebSocket API would push), the API with the profile's properties, and
/// a web ACL on REST APIs that need WAF.
fn scenario(t: ApiType, p: &ApiProfile) -> Scenario {
    let mut s = Scenario::new(&p.region, PricingModel::OnDemand, p.free_tier);
    s.design.workload.request_kb = p.request_kb;
    let mut props = vec![("api_type", Value::Text(t.id().into()))];
    if t == ApiType::Rest && p.caching {
        props.push(("caching", Value::Bool(true)));
        props.push(("cache_size_gb", Value::Text(p.cache_size_gb.clone())));
    }
    if t == ApiType::Websocket {
        props.push(("messages_per_month", Value::Number(p.messages_per_month)));
        props.push(("message_kb", Value::Number(p.message_kb)));
        props.push(("connection_minutes_per_month", Value::Number(p.connection_minutes_per_month)));
    }
    let api = s.add("api-gateway", "", props);
    if p.requests_per_month > 0.0 {
        let users = s.add("users", "", vec![("requests_per_month", Value::Number(p.requests_per_month))]);
        s.connect(&users, &api, ConnKind::Sync).payload_kb = Some(p.response_kb);
    }
    if t != ApiType::Websocket && p.messages_per_month > 0.0 {
        let pollers = s.add("users", "polling", vec![("requests_per_month", Value::Number(p.messages_per_month))]);
        s.connect(&pollers, &api, ConnKind::Sync).payload_kb = Some(p.message_kb);
    }
    if t == ApiType::Rest && p.waf {
        let waf = s.add("waf", "", vec![("rules", Value::Number(5.0))]);
        s.connect(&waf, &api, ConnKind::Association);
    }
    s
}

/// The bill of one type for a profile: (lines, USD unrounded), from the cost engine.
fn price(t: ApiType, p: &ApiProfile) -> (Vec<CostLine>, f64) {
    scenario(t, p).bill()
}

/// Monthly USD of one type for a profile.
pub fn api_cost(t: ApiType, p: &ApiProfile) -> f64 {
    price(t, &p.sanitized()).1
}

/// A design with its API switched to `t` as "switch to this type" would ([`apply_api_type`]);
/// clients of a WebSocket API's `messages_per_month` poll a REST or HTTP API for them.
fn switched(design: &Design, node_id: &NodeId, t: ApiType, p: &ApiProfile) -> Design {
    let mut d = design.clone();
    let _ = apply_api_type(design, node_id, t).apply(&mut d);
    let was_ws = design.node(node_id).is_some_and(|n| design.text(n, "api_type") == "websocket");
    if was_ws && t != ApiType::Websocket && p.messages_per_month > 0.0 {
        let id = d.fresh_node_id("polling-clients");
        let props = [("requests_per_month".to_string(), Value::Number(p.messages_per_month))].into();
        d.nodes.insert(id.clone(), crate::model::Node { id: id.clone(), kind: "users".into(), label: "polling clients".into(), parent: None, span: Vec::new(), props, ingress: vec![], suppressions: vec![] });
        let cid = d.fresh_conn_id();
        let mut c = crate::model::Connection::new(cid.clone(), id, node_id.clone(), ConnKind::Sync);
        c.payload_kb = Some(p.message_kb);
        d.connections.insert(cid, c);
    }
    d
}

/// The nodes whose bill is an API's: the API, and on a REST API the web ACLs attached to it.
fn api_nodes(design: &Design, node_id: &NodeId, t: ApiType) -> Vec<NodeId> {
    let mut nodes = vec![node_id.clone()];
    if t == ApiType::Rest {
        let wafs = design.incoming(node_id).filter_map(|c| design.node(&c.from)).chain(design.outgoing(node_id).filter_map(|c| design.node(&c.to)));
        let mut wafs: Vec<NodeId> = wafs.filter(|n| n.kind == "waf").map(|n| n.id.clone()).collect();
        crate::order::sort(&mut wafs);
        wafs.dedup();
        nodes.extend(wafs);
    }
    nodes
}

/// Whether a Cognito user pool is associated with API `api` (either direction): the issuer of
/// the tokens its JWT authorizer checks, as the templates draw it ("JWT issuer").
fn cognito_issuer(design: &Design, api: &NodeId) -> bool {
    let cognito = |id: &NodeId| design.node(id).is_some_and(|n| n.kind == "cognito");
    design.incoming(api).any(|c| c.kind == ConnKind::Association && cognito(&c.from)) || design.outgoing(api).any(|c| c.kind == ConnKind::Association && cognito(&c.to))
}

fn latency(t: ApiType, p: &ApiProfile) -> AddedLatency {
    let mut parts = Vec::new();
    let mut add = |what: &str, variant: &str| {
        if let Some(e) = lat::entry("api-gateway", variant) {
            parts.push((what.to_string(), e.p50_ms, e.p99_ms, format!("{} ({})", e.provenance.source, e.provenance.source_kind)));
        }
    };
    add(&format!("{} overhead", t.label()), t.id());
    let auth = p.authorizer_for(t);
    if auth != Authorizer::None && supports(t, auth_feature(auth)).is_ok() {
        add(&format!("{} authorizer", auth.id()), &format!("authorizer:{}", auth.id()));
    }
    if t == ApiType::Rest {
        if p.request_validation {
            add("request validation", "request-validation");
        }
        if p.mapping_templates {
            add("mapping templates", "mapping-templates");
        }
    }
    AddedLatency { p50_ms: parts.iter().map(|x| x.1).sum(), p99_ms: parts.iter().map(|x| x.2).sum(), parts }
}

/// An authorizer as the API Gateway console names it.
fn authorizer_name(a: Authorizer) -> &'static str {
    match a {
        Authorizer::None => "no authorizer",
        Authorizer::Iam => "IAM authorization",
        Authorizer::Jwt => "JWT authorizer",
        Authorizer::Cognito => "Cognito user pool authorizer",
        Authorizer::Lambda => "Lambda authorizer",
    }
}

fn auth_feature(a: Authorizer) -> Feature {
    match a {
        Authorizer::Iam | Authorizer::None => Feature::IamAuthorizer,
        Authorizer::Jwt => Feature::JwtAuthorizer,
        Authorizer::Cognito => Feature::CognitoAuthorizer,
        Authorizer::Lambda => Feature::LambdaAuthorizer,
    }
}

/// Which type the seed points to when several can do the job.
fn seed_choice(p: &ApiProfile) -> ApiType {
    let rest_only = p.usage_plans || p.request_validation || p.mapping_templates || p.caching || p.waf;
    if p.realtime && !p.request_response {
        ApiType::Websocket
    } else if rest_only {
        ApiType::Rest
    } else {
        ApiType::Http
    }
}

/// Compares REST, HTTP and WebSocket APIs for a profile.
pub fn compare_api(profile: &ApiProfile) -> ApiComparison {
    let p = profile.sanitized();
    let priced = ApiType::ALL.map(|t| price(t, &p));
    assemble(p, priced, None)
}

/// Compares the three types for an `api-gateway` node of a design, every type billed by the
/// cost engine on the design itself: the current type is the design's own bill for the API
/// (and, on a REST API, its web ACLs), the figure `cost` shows for those nodes; each other
/// type is the bill of the design switched to it as "switch to this type" would.
///
/// # Errors
/// When the node does not exist or is not an API Gateway.
pub fn compare_api_in(design: &Design, node_id: &NodeId) -> Result<ApiComparison, String> {
    let p = ApiProfile::from_node(design, node_id)?.sanitized();
    let current = design.node(node_id).and_then(|n| ApiType::parse(&design.text(n, "api_type"))).unwrap_or(ApiType::Http);
    let priced = ApiType::ALL.map(|t| {
        let variant;
        let d = if t == current {
            design
        } else {
            variant = switched(design, node_id, t, &p);
            &variant
        };
        let (lines, _) = crate::cost::month(d);
        bill::lines_of(&lines, &api_nodes(d, node_id, t), |_| true)
    });
    let nodes = api_nodes(design, node_id, current);
    let names = nodes.iter().map(|n| design.node(n).map_or_else(|| n.to_string(), |x| x.label.clone())).collect::<Vec<_>>().join(", ");
    let mut c = assemble(p, priced, Some(ApiScope { current, nodes }));
    if let Some(o) = c.options.iter_mut().find(|o| o.api_type == current) {
        o.notes.insert(0, format!("as drawn: the design's own bill for {names}"));
    }
    Ok(c)
}

/// Ranks and reports priced types.
fn assemble(p: ApiProfile, priced: [(Vec<CostLine>, f64); 3], scope: Option<ApiScope>) -> ApiComparison {
    let needed = p.needed();
    let mut reports: Vec<ApiOptionReport> = ApiType::ALL
        .iter()
        .zip(priced)
        .map(|(&t, (breakdown, total))| {
            let missing: Vec<Missing> = needed
                .iter()
                .filter_map(|&f| supports(t, f).err().map(|why| Missing { feature: f, label: f.label().into(), reason: crate::source::in_words(&format!("{} (seed api-gateway.txt)", why)) }))
                .collect();
            let metering = metering(t);
            let monthly = round_cents(total);
            let mut notes = Vec::new();
            match t {
                ApiType::Rest => notes.push("\"the most feature-rich option\"; \"should not be treated as the default just because it offers more features\": \"more configuration overhead, higher latency, and higher cost\"".into()),
                ApiType::Http => notes.push("\"leaner\" configuration, \"lower\" latency and cost; \"Unless the architecture clearly requires deeper control, it is usually the better starting point\"".into()),
                ApiType::Websocket => notes.push("\"should only be used when the product actually needs real-time behavior\"; often combined with Lambda and EventBridge".into()),
            }
            if t != ApiType::Websocket && p.messages_per_month > 0.0 {
                notes.push("messages priced as one request each (REST and HTTP APIs cannot push: clients would poll)".into());
            }
            if p.authorizer == Authorizer::Lambda {
                notes.push(crate::source::in_words("Lambda authorizer invocations bill as Lambda on every type (not included); cache its answers (seed api-gateway.txt)"));
            }
            let adapted: Vec<Missing> = match (p.authorizer, p.authorizer_for(t)) {
                (a, b) if a != b && missing.is_empty() => vec![Missing {
                    feature: auth_feature(b),
                    label: authorizer_name(b).into(),
                    reason: match b {
                        Authorizer::Cognito => "its JWTs are issued by the design's Cognito user pool: a REST API has no JWT authorizer and checks them with a Cognito user pool authorizer (Switch sets it)".into(),
                        _ => "its tokens are issued by the design's Cognito user pool: an HTTP API checks them with a JWT authorizer whose issuer is the user pool (Switch sets it)".into(),
                    },
                }],
                _ => Vec::new(),
            };
            ApiOptionReport {
                api_type: t,
                adapted,
                id: t.id().into(),
                label: t.label().into(),
                rank: 0,
                can_do_job: missing.is_empty(),
                estimated: breakdown.iter().any(|l| l.estimated),
                missing,
                monthly,
                breakdown,
                metering,
                latency: latency(t, &p),
                configuration_complexity: match t {
                    ApiType::Rest => "High",
                    ApiType::Http => "Low",
                    ApiType::Websocket => "Medium",
                }
                .into(),
                notes,
            }
        })
        .collect();

    // ---- rank: can do the job first, the seed's pick first among those; then fewest missing; then cost.
    let pick = seed_choice(&p);
    crate::order::sort_by(&mut reports, |a, b| {
        (!a.can_do_job)
            .cmp(&!b.can_do_job)
            .then((a.api_type != pick).cmp(&(b.api_type != pick)))
            .then(a.missing.len().cmp(&b.missing.len()))
            .then(a.monthly.total_cmp(&b.monthly))
            .then(a.api_type.cmp(&b.api_type))
    });
    for (i, r) in reports.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    let top = &reports[0];
    let mut reasons = Vec::new();
    let (choice, summary) = if p.realtime && p.request_response {
        let other = if p.usage_plans || p.request_validation || p.mapping_templates || p.caching || p.waf { ApiType::Rest } else { ApiType::Http };
        let ws = reports.iter().find(|r| r.api_type == ApiType::Websocket).map(|r| r.monthly).unwrap_or(0.0);
        let ot = reports.iter().find(|r| r.api_type == other).map(|r| r.monthly).unwrap_or(0.0);
        reasons.push("no single type does both: WebSocket APIs serve \"real-time, two-way communication rather than standard request-response traffic\", REST and HTTP APIs cannot push".into());
        reasons.push(format!("run the real-time channel on a WebSocket API and the request/response calls on an {} (priced separately: {} + {} a month)", other.label(), money(ws), money(ot)));
        ("mixed".to_string(), format!("mix: WebSocket API for real time + {} for request/response", other.label()))
    } else if top.can_do_job {
        match top.api_type {
            ApiType::Websocket => reasons.push("real-time two-way traffic is needed: \"a good fit for chat systems, live notifications, or applications where the server needs to push updates\"".into()),
            ApiType::Rest => {
                let rest_needs: Vec<&str> = p
                    .needed()
                    .into_iter()
                    .filter(|f| supports(ApiType::Http, *f).is_err() && supports(ApiType::Rest, *f).is_ok())
                    .map(|f| f.label())
                    .collect();
                reasons.push(format!(
                    "needs {} : \"If request validation, mapping templates, usage plans, or API keys are important parts of the design, REST API remains the stronger fit\"",
                    rest_needs.join(", ")
                ));
            }
            ApiType::Http => reasons.push("nothing REST-only is needed: \"HTTP API is often the more sensible choice when the goal is to expose backend services cleanly without adding unnecessary complexity\"".into()),
        }
        let cheapest = reports.iter().filter(|r| r.can_do_job).min_by(|a, b| a.monthly.total_cmp(&b.monthly)).unwrap();
        if cheapest.api_type != top.api_type && cheapest.monthly < top.monthly {
            reasons.push(format!("{} would cost less here ({} vs {}) but the article's advice on fit comes first", cheapest.label, money(cheapest.monthly), money(top.monthly)));
        }
        reasons.push(format!("adds about {} ms p50 / {} ms p99 at the gateway", fmt_n(top.latency.p50_ms), fmt_n(top.latency.p99_ms)));
        (top.id.clone(), format!("{} ({}/month)", top.label, money(top.monthly)))
    } else {
        reasons.push(format!(
            "no type supports everything needed; {} misses the least: {}",
            top.label,
            top.missing.iter().map(|m| format!("{} ({})", m.label, m.reason)).collect::<Vec<_>>().join("; ")
        ));
        if top.missing.iter().any(|m| m.feature == Feature::JwtAuthorizer) {
            reasons.push("workaround: a Cognito user-pool authorizer (when the issuer is Cognito) or a Lambda authorizer that validates the JWT".into());
        }
        (top.id.clone(), format!("{} with workarounds for {}", top.label, top.missing.iter().map(|m| m.label.clone()).collect::<Vec<_>>().join(", ")))
    };
    let ranked = reports.iter().map(|r| r.id.clone()).collect();
    let recommendation = ApiRecommendation { choice, summary, reasons, ranked, source: crate::source::in_words(SEED_API) };

    // ---- series over the monthly volume (requests + messages), the profile's mix kept.
    let base = p.requests_per_month + p.messages_per_month;
    let labels: Vec<(String, String)> = ApiType::ALL.iter().map(|t| (t.id().to_string(), t.label().to_string())).collect();
    let xs = log_steps(1e5, 1e11);
    let (volume_series, volume_crossovers) = series_and_crossovers(&xs, &labels, |x| {
        let q = if base > 0.0 {
            p.scaled(x / base)
        } else {
            ApiProfile { requests_per_month: x, ..p.clone() }
        };
        ApiType::ALL.iter().map(|t| api_cost(*t, &q)).collect()
    });
    let assumptions = vec![
        "every type is billed by the cost engine (the same lines as `cost`): us-east-1 list prices × the region's factor, the free tier when the design applies it, data transfer out to the clients included (the same on every type)".into(),
        "HTTP APIs bill each request in 512 KB increments of request + response; WebSocket APIs bill each message in 32 KB increments, both directions (a request and its response are two messages)".into(),
        "REST and HTTP APIs price messages as requests (polling); WebSocket connection minutes apply to WebSocket only".into(),
        match &scope {
            Some(d) => format!("{} is the API as drawn: the design's own bill for it; the other types are the design switched to them (WAF stays only on a REST API); the series are the profile's", d.current.label()),
            None => "WAF (REST): one web ACL with 5 rules assumed; Lambda authorizer invocations not included (the same on every type)".into(),
        },
        "added latency from data/latency.json (api-gateway entries: HTTP p99 < 10 ms AWS-published, REST derived from 'up to 60% lower latency', WebSocket an estimate)".into(),
    ];
    ApiComparison {
        profile_description: p.describe(),
        needed,
        profile: p,
        options: reports,
        recommendation,
        volume_series,
        volume_crossovers,
        assumptions,
        design: scope,
    }
}

// ---------------------------------------------------------------- apply

/// "Switch to this type" on an `api-gateway` node, as one undoable edit: sets `api_type` and
/// turns off (back to the catalog default) the REST-only features the new type does not have
/// (usage plans, API keys, request validation, mapping templates, caching, WAF). The authorizer
/// is left as it is: the comparison says when the new type cannot use it.
pub fn apply_api_type(design: &Design, node_id: &NodeId, api_type: ApiType) -> Edit {
    let mut edits = Vec::new();
    let Some(n) = design.node(node_id) else {
        return Edit::Batch { label: format!("Switch to {}: the component does not exist", api_type.label()), edits, switch: None };
    };
    // People read labels, never internal ids.
    let label = format!("Switch \u{201c}{}\u{201d} to {}", n.label, api_type.label());
    let from = ApiType::parse(design.text_ref(n, "api_type")).unwrap_or(ApiType::Http);
    if n.kind != "api-gateway" {
        return Edit::Batch { label: format!("{label}: not an API Gateway"), edits, switch: None };
    }
    let want = Value::Text(api_type.id().into());
    if design.prop(n, "api_type").as_ref() != Some(&want) {
        edits.push(Edit::set_prop(design, node_id, "api_type", Some(want)));
    }
    // A REST API has no JWT authorizer: a Cognito user pool's tokens get its Cognito authorizer;
    // an HTTP API has no Cognito authorizer: they get its JWT authorizer back.
    if api_type == ApiType::Rest && design.text_ref(n, "authorizer") == "jwt" && cognito_issuer(design, node_id) {
        edits.push(Edit::set_prop(design, node_id, "authorizer", Some(Value::Text("cognito".into()))));
    }
    if api_type == ApiType::Http && design.text_ref(n, "authorizer") == "cognito" && cognito_issuer(design, node_id) {
        edits.push(Edit::set_prop(design, node_id, "authorizer", Some(Value::Text("jwt".into()))));
    }
    // A label that is a type's own name ("HTTP API") names the new type: the findings would
    // otherwise call a REST API "HTTP API" (QA s23 second pass). A label of the user's own stays.
    if n.label.trim() != api_type.label() && ApiType::ALL.iter().any(|t| n.label.trim() == t.label()) {
        edits.push(Edit::set_label(design, node_id, api_type.label()));
    }
    if api_type != ApiType::Rest {
        for key in ["usage_plans", "api_keys", "request_validation", "mapping_templates", "caching", "waf"] {
            if design.prop(n, key) == Some(Value::Bool(true)) {
                edits.push(Edit::set_prop(design, node_id, key, None));
            }
        }
    }
    let mark = crate::edit::SwitchMark { nodes: vec![node_id.clone()], from: from.id().into(), to: api_type.id().into(), not_kept: Vec::new() };
    Edit::Batch { label, edits, switch: Some(Box::new(mark)) }
}
