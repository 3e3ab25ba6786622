//! API layer rules: API type choice, authorizers, throttling, private backends, visibility.

use super::topology::{is_app, Topology};
use super::{list, name, path_text, Finding, RuleMeta};
use crate::compare::api::supports;
use crate::compare::{ApiType, Feature};
use crate::model::{ConnKind, Node};

rule!(REST_PLAIN, "api.rest-without-rest-features", Advice, "REST API that uses none of the REST-only features",
    "REST APIs cost more and add latency; they pay off only with usage plans, API keys, request validation, mapping templates, caching, private endpoints or WAF. Without them an HTTP API does the same job cheaper and faster.",
    "Switch to an HTTP API (JWT/Lambda authorizers, Lambda/ALB/VPC-link integrations are all there).", "api-gateway.txt");
rule!(HTTP_UNSUPPORTED, "api.http-unsupported-feature", Error, "HTTP API asked for a feature only REST APIs have",
    "HTTP APIs have no usage plans or API keys, no VTL mapping templates, no request validation models, no response caching, no private endpoint and no direct WAF association.",
    "Use a REST API for this gateway, or drop the feature.", "api-gateway.txt");
rule!(WS_NO_RT, "api.websocket-without-realtime", Warning, "WebSocket API without a real-time need",
    "WebSocket APIs are for two-way, server-push traffic (chat, live updates). For plain request/response they add a connection model to run and pay for.",
    "Use an HTTP API, or mark the users as needing real-time traffic if they do.", "api-gateway.txt");
rule!(AUTH_NO_CACHE, "api.lambda-authorizer-no-cache", Warning, "Lambda authorizer without caching",
    "Without caching every request invokes the authorizer: added latency and Lambda cost on the hot path.",
    "Set an authorizer cache TTL (e.g. 300 s) keyed on the token.", "api-gateway.txt");
rule!(NO_THROTTLE, "api.public-no-throttling", Warning, "Public API without throttling",
    "Once an API faces the internet, spikes and abusive clients land straight on the backend unless the gateway limits them first.",
    "Set account/stage throttling limits (and usage plans per client where quotas differ).", "api-gateway.txt");
rule!(NO_AUTH, "api.public-no-auth", Warning, "Public API without an authorizer",
    "The API layer should own access control; without an authorizer every backend has to re-implement it, and some will not. API keys do not count: they identify clients for usage plans and throttling, and AWS says not to rely on them for authentication or authorization.",
    "Add a JWT/Cognito, IAM or Lambda authorizer at the gateway.", "api-gateway.txt");
rule!(BYPASS, "api.backend-bypasses-api", Warning, "Backend reachable around the API layer",
    "If clients can reach a backend without passing the gateway, its authentication, throttling and logging are optional.",
    "Make the backend reachable only through the API gateway (private subnet, internal load balancer, VPC link).", "api-gateway.txt");
rule!(NO_VPC_LINK, "api.private-backend-no-vpc-link", Error, "Private backend integrated without a VPC link",
    "API Gateway runs outside your VPC; it reaches private load balancers and services only through a VPC link. Otherwise the backend must be made public.",
    "Add a VPC link to the private load balancer and use a private integration.", "api-gateway.txt");
rule!(NO_LOGS, "api.no-access-logs", Warning, "API without access logs",
    "The gateway is the best observation point of the whole API path; without access logs (with the request id, propagated to backends) requests cannot be followed across services.",
    "Enable access logging to CloudWatch Logs including $context.requestId, and pass the request id to backends.", "api-gateway.txt");

rule!(LINK_MISMATCH, "api.vpc-link-mismatch", Error, "VPC link that cannot serve its API or target",
    "A VPC link V1 (the REST kind) reaches only a Network Load Balancer and serves only REST APIs; HTTP APIs need a VPC link V2, which also reaches ALBs (and, since November 2025, serves REST APIs too).",
    "Use a VPC link V2 (type http here): it serves HTTP and REST APIs and targets ALBs, NLBs and Cloud Map services.", "https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html");

rule!(TYPE_UNSUPPORTED, "api.type-unsupported-feature", Error, "REST or WebSocket API asked for something its type lacks",
    "Each API type supports its own authorizers and features: REST APIs have IAM, Cognito and Lambda authorizers but no JWT authorizer; WebSocket APIs have only IAM and Lambda authorizers, and no usage plans, API keys, request validation, VTL mapping templates, caching, WAF or VPC link. A configuration the type lacks cannot be deployed as drawn.",
    "Pick the API type that has the feature (the API comparison lists what each supports), or change the authorizer: a Lambda authorizer can validate a JWT on REST and WebSocket APIs.", "api-gateway.txt");
rule!(REALTIME_RR, "api.realtime-on-request-response", Warning, "Real-time users served by a request/response API",
    "REST and HTTP APIs answer requests; they cannot push updates to connected clients, so real-time features end up polling, which adds latency and pays for every empty poll.",
    "Serve the real-time traffic with a WebSocket API (keep REST/HTTP for plain calls), or mark the users as not needing real time.", "api-gateway.txt");

pub(super) const RULES: &[RuleMeta] =
    &[REST_PLAIN, HTTP_UNSUPPORTED, WS_NO_RT, AUTH_NO_CACHE, NO_THROTTLE, NO_AUTH, BYPASS, NO_VPC_LINK, NO_LOGS, LINK_MISMATCH, TYPE_UNSUPPORTED, REALTIME_RR];

/// Features only REST APIs have, as (property, what the user reads).
const REST_ONLY: &[(&str, &str)] = &[
    ("usage_plans", "usage plans"),
    ("api_keys", "API keys"),
    ("request_validation", "request validation"),
    ("mapping_templates", "mapping templates"),
    ("caching", "caching"),
];

fn has_waf(t: &Topology, api: &Node) -> bool {
    t.design.flag(api, "waf") || t.linked_kinds(&api.id).any(|(_, o)| o.kind == "waf")
}

fn public(t: &Topology, api: &Node) -> bool {
    t.internet_reach(api).is_ok()
        && t.exposed_from(&api.id).is_some_and(|e| e.kind == "users")
}

/// The features an API node is configured with, as the API comparison names them (so the
/// rules and `compare::api::supports` judge the same things): REST-only flags, a WAF on it,
/// a private integration or VPC link, and its authorizer.
fn configured(t: &Topology, api: &Node) -> Vec<Feature> {
    let d = t.design;
    let mut v = Vec::new();
    let mut add = |on: bool, f| {
        if on {
            v.push(f)
        }
    };
    add(d.flag(api, "usage_plans") || d.flag(api, "api_keys"), Feature::UsagePlansApiKeys);
    add(d.flag(api, "request_validation"), Feature::RequestValidation);
    add(d.flag(api, "mapping_templates"), Feature::MappingTemplates);
    add(d.flag(api, "caching"), Feature::Caching);
    add(has_waf(t, api), Feature::Waf);
    add(d.flag(api, "private_integration") || t.linked_kinds(&api.id).any(|(_, o)| o.kind == "vpc-link"), Feature::PrivateIntegration);
    match d.text_ref(api, "authorizer") {
        "iam" => v.push(Feature::IamAuthorizer),
        "jwt" => v.push(Feature::JwtAuthorizer),
        "cognito" => v.push(Feature::CognitoAuthorizer),
        "lambda" => v.push(Feature::LambdaAuthorizer),
        _ => {}
    }
    v
}

/// REST and WebSocket APIs configured with what their type lacks, judged by the API
/// comparison's own table (`compare::api::supports`). HTTP APIs have their own rule above.
fn unsupported(t: &Topology, api: &Node, out: &mut Vec<Finding>) {
    let Some(ty) = ApiType::parse(&t.design.text_ref(api, "api_type")) else { return };
    if ty == ApiType::Http {
        return;
    }
    let bad: Vec<String> = configured(t, api).into_iter().filter_map(|f| supports(ty, f).err().map(|why| format!("{} ({why})", f.label()))).collect();
    if !bad.is_empty() {
        out.push(Finding::new(&TYPE_UNSUPPORTED, format!("{} is a {} but is configured with {}.", name(api), ty.label(), list(&bad))).node(&api.id));
    }
}

/// Users who need real-time, two-way traffic calling a REST or HTTP API (directly or through
/// DNS), which can only answer requests.
fn realtime_users(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for u in t.of_kind("users").iter().filter(|u| d.flag(u, "realtime")) {
        for c in t.out(&u.id, ConnKind::Sync) {
            let Some(first) = t.node(&c.to) else { continue };
            let doors: Vec<(&crate::model::Connection, &Node)> = if first.kind == "route53" {
                t.out(&first.id, ConnKind::Sync).filter_map(|c2| Some((c2, t.node(&c2.to)?))).collect()
            } else {
                vec![(c, first)]
            };
            for (hop, api) in doors.into_iter().filter(|(_, n)| n.kind == "api-gateway") {
                let Some(ty) = ApiType::parse(&d.text_ref(api, "api_type")) else { continue };
                if let Err(why) = supports(ty, Feature::RealTime) {
                    out.push(
                        Finding::new(&REALTIME_RR, format!("{} need real-time two-way traffic but call {} ({}): {why}.", name(u), name(api), ty.label()))
                            .node(&api.id)
                            .node(&u.id)
                            .conn(&c.id)
                            .conn(&hop.id),
                    );
                }
            }
        }
    }
}

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    vpc_links(t, out);
    realtime_users(t, out);
    let d = t.design;
    for api in t.of_kind("api-gateway") {
        let ty = d.text_ref(api, "api_type");
        let used: Vec<String> = REST_ONLY.iter().filter(|(k, _)| d.flag(api, k)).map(|(_, l)| l.to_string()).collect();
        let private_ep = d.text_ref(api, "endpoint") == "private";
        let waf = has_waf(t, api);
        match ty {
            "rest" if used.is_empty() && !private_ep && !waf => {
                out.push(Finding::new(&REST_PLAIN, format!("{} is a REST API but uses no usage plans, API keys, validation, mapping templates, caching, private endpoint or WAF.", name(api))).node(&api.id));
            }
            "http" => {
                let mut bad = used.clone();
                if private_ep {
                    bad.push("a private endpoint".into());
                }
                if waf {
                    bad.push("WAF".into());
                }
                if !bad.is_empty() {
                    out.push(Finding::new(&HTTP_UNSUPPORTED, format!("{} is an HTTP API but is configured with {}, which HTTP APIs do not support.", name(api), list(&bad))).node(&api.id));
                }
            }
            "websocket" => {
                let rt = t.of_kind("users").iter().any(|u| d.flag(u, "realtime"));
                if !rt {
                    out.push(Finding::new(&WS_NO_RT, format!("{} is a WebSocket API but no users need real-time two-way traffic.", name(api))).node(&api.id));
                }
            }
            _ => {}
        }
        unsupported(t, api, out);
        if d.text_ref(api, "authorizer") == "lambda" && d.num(api, "authorizer_cache_ttl_s") <= 0.0 {
            out.push(Finding::new(&AUTH_NO_CACHE, format!("{} calls its Lambda authorizer on every request (cache TTL 0).", name(api))).node(&api.id));
        }
        if public(t, api) {
            if !d.flag(api, "throttling") {
                out.push(Finding::new(&NO_THROTTLE, format!("{} faces the internet with throttling off.", name(api))).node(&api.id));
            }
            // API keys identify a client for its usage plan; anyone holding the key passes, so
            // they never stand in for an authorizer.
            if matches!(d.text_ref(api, "authorizer"), "none" | "") {
                let keys = if d.flag(api, "api_keys") { " (its API keys identify clients for usage plans; they do not authenticate them)" } else { "" };
                out.push(Finding::new(&NO_AUTH, format!("{} faces the internet with no authorizer{keys}.", name(api))).node(&api.id));
            }
        }
        if !d.flag(api, "access_logs") {
            out.push(Finding::new(&NO_LOGS, format!("{} has access logging off.", name(api))).node(&api.id));
        }
        for c in t.out(&api.id, ConnKind::Sync) {
            let Some(b) = t.node(&c.to) else { continue };
            if let Some(r) = t.reached_around_api(&b.id).filter(|r| !r.path.is_empty()) {
                out.push(
                    Finding::new(&BYPASS, format!("{} sits behind {} but is also reachable as {}.", name(b), name(api), path_text(t, r.entry, &r.path)))
                        .node(&b.id)
                        .node(&api.id)
                        .node(r.entry)
                        .conns(r.path.iter().copied()),
                );
            }
            // Private backend: inside a VPC, not Lambda (invoked through the Lambda API), and
            // either an internal load balancer or anything in a private/isolated subnet or
            // placed at VPC level.
            if b.kind == "lambda" || t.vpc_of(&b.id).is_none() {
                continue;
            }
            // What the internet cannot reach, or application code placed at VPC level (in the
            // private subnets, whichever they are).
            let private = t.internet_reach(b).is_err() || (t.tier_of(&b.id).is_none() && is_app(&b.kind));
            let linked = d.flag(api, "private_integration")
                || t.linked_kinds(&api.id).any(|(_, o)| o.kind == "vpc-link")
                || t.linked_kinds(&b.id).any(|(_, o)| o.kind == "vpc-link");
            if private && !linked {
                out.push(Finding::new(&NO_VPC_LINK, format!("{} calls private {} without a VPC link.", name(api), name(b))).node(&api.id).node(&b.id).conn(&c.id));
            }
        }
    }
}

/// VPC links V1 (`api_type` rest) against the APIs that use them and the load balancers they
/// reach.
fn vpc_links(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    for link in t.of_kind("vpc-link") {
        if d.text_ref(link, "api_type") != "rest" {
            continue;
        }
        for (c, other) in t.linked_kinds(&link.id) {
            let why = match other.kind.as_str() {
                "api-gateway" if d.text_ref(other, "api_type") == "http" => format!("{} is an HTTP API, which needs a VPC link V2", name(other)),
                "alb" => format!("a VPC link V1 reaches Network Load Balancers only, not {}", name(other)),
                _ => continue,
            };
            out.push(Finding::new(&LINK_MISMATCH, format!("{} is a VPC link V1 (REST): {why}.", name(link))).node(&link.id).node(&other.id).conn(&c.id));
        }
    }
}
