//! CloudFront rules: cache keys, TTLs, origins, Origin Shield, Lambda@Edge.

use super::topology::Topology;
use super::{name, Finding, RuleMeta};
use crate::model::{ConnKind, Node};

rule!(CACHE_KEY_ALL, "cdn.cache-key-all", Warning, "All headers, cookies and query strings in the cache key",
    "Every element of the cache key multiplies the variants cached; forwarding everything fragments the cache and sends most requests to the origin.",
    "Include only the query strings, headers and cookies that change the response; use an origin request policy for the rest.", "cloudfront-caching.txt");
rule!(SHORT_STATIC_TTL, "cdn.short-static-ttl", Warning, "Short TTL for static assets",
    "Static files expiring quickly are fetched from the origin again and again for no benefit.",
    "Give versioned static assets (app.abc123.js) a long TTL, a day or more.", "cloudfront-caching.txt");
rule!(ONE_ORIGIN, "cdn.single-origin-mixed", Advice, "Static content and API share one origin",
    "Static assets, APIs and media have different caching and scaling needs; behind one origin they share one policy and one backend.",
    "Add an S3 origin for /static/* (and media) and route /api/* to the API origin with its own cache policy.", "cloudfront-caching.txt");
rule!(NO_SHIELD, "cdn.global-no-origin-shield", Advice, "Global audience without Origin Shield",
    "When users everywhere miss on the same object, each regional cache fetches it separately; Origin Shield collapses those misses into one origin request.",
    "Enable Origin Shield in the region closest to the origin.", "cloudfront-caching.txt");
rule!(EDGE_LOGIC, "cdn.business-logic-at-edge", Warning, "Business logic in Lambda@Edge",
    "Lambda@Edge should stay light (rewrites, headers, routing); business logic there is hard to observe, slow to deploy and costly per request.",
    "Keep edge functions to routing and headers; move business logic to the backend.", "cloudfront-caching.txt");
rule!(S3_DIRECT, "cdn.s3-website-direct", Warning, "S3 website served without CloudFront",
    "Served straight from the bucket, every user pays the full round trip to one region and every request hits S3.",
    "Put CloudFront in front of the bucket (with origin access control) and serve from the edge.", "cloudfront-caching.txt");
rule!(GLOBAL_NO_CDN, "cdn.global-users-no-cdn", Advice, "Global users reach the origin with no CDN",
    "Latency grows with distance; users far from the region wait on every round trip and spikes land on the origin.",
    "Put CloudFront in front of the entry point so users are served from the nearest edge.", "cloudfront-caching.txt");

rule!(LOW_HIT, "cdn.static-origin-low-hit-ratio", Advice, "Static content mostly served from the origin",
    "Static files can be cached almost entirely at the edge; when most requests miss, the origin serves them again and again, and every miss also pays the requests and bytes CloudFront sends to the origin.",
    "Raise the hit ratio: long TTLs for versioned static files, a minimal cache key, Origin Shield for global audiences.", "cloudfront-caching.txt");

rule!(NO_DEFAULT_CACHE, "cdn.caching-disabled", Advice, "Responses without Cache-Control are never cached",
    "A default TTL of 0 disables caching for every response whose origin sends no Cache-Control header: those requests all go to the origin, whatever hit ratio the design assumes. Caching should not be disabled completely unless required.",
    "Set a default TTL (seconds for APIs, a day for static content) and let the origin's Cache-Control shorten it where needed.", "cloudfront-caching.txt");


pub(super) const RULES: &[RuleMeta] = &[CACHE_KEY_ALL, SHORT_STATIC_TTL, ONE_ORIGIN, NO_SHIELD, EDGE_LOGIC, S3_DIRECT, GLOBAL_NO_CDN, LOW_HIT, NO_DEFAULT_CACHE];

/// A cache hit ratio below this is "mostly served from the origin".
const LOW_HIT_RATIO: f64 = 0.5;

fn is_dynamic(kind: &str) -> bool {
    matches!(kind, "alb" | "nlb" | "api-gateway" | "ec2" | "asg" | "ecs-service" | "lambda" | "external-api")
}

/// Sync targets of a node, looking through DNS (users → Route 53 → X counts as users → X).
fn front_doors<'a>(t: &'a Topology, n: &Node) -> Vec<&'a Node> {
    let mut outv = Vec::new();
    for c in t.out(&n.id, ConnKind::Sync) {
        let Some(to) = t.node(&c.to) else { continue };
        if to.kind == "route53" {
            outv.extend(t.out(&to.id, ConnKind::Sync).filter_map(|c2| t.node(&c2.to)));
        } else {
            outv.push(to);
        }
    }
    outv
}

pub(super) fn check(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    let global_users: Vec<&Node> = t.of_kind("users").iter().copied().filter(|u| d.text_ref(u, "geography") == "global").collect();
    for cf in t.of_kind("cloudfront") {
        if d.text_ref(cf, "cache_key") == "all" {
            out.push(Finding::new(&CACHE_KEY_ALL, format!("{} puts all headers, cookies and query strings in its cache key.", name(cf))).node(&cf.id));
        }
        if d.num(cf, "default_ttl_s") <= 0.0 {
            let assumed = d.num(cf, "cache_hit_ratio") * 100.0;
            out.push(Finding::new(&NO_DEFAULT_CACHE, format!("{} has a default TTL of 0: responses without Cache-Control are not cached, though the design assumes {assumed:.0}% of requests hit the cache.", name(cf))).node(&cf.id));
        }
        let ttl = d.num(cf, "static_ttl_s");
        if ttl < 3600.0 {
            out.push(Finding::new(&SHORT_STATIC_TTL, format!("{} caches static assets for only {ttl} s.", name(cf))).node(&cf.id));
        }
        let origins: Vec<_> = t.out(&cf.id, ConnKind::Sync).filter_map(|c| Some((c, t.node(&c.to)?))).collect();
        let paths = d.prop(cf, "path_origins").and_then(|v| v.as_list().map(|l| l.len())).unwrap_or(0);
        if origins.len() == 1 && is_dynamic(&origins[0].1.kind) && paths <= 1 {
            out.push(
                Finding::new(&ONE_ORIGIN, format!("{} sends static and dynamic traffic alike to {}.", name(cf), name(origins[0].1)))
                    .node(&cf.id)
                    .node(&origins[0].1.id)
                    .conn(&origins[0].0.id),
            );
        }
        if !d.flag(cf, "origin_shield") {
            if let Some(u) = global_users.iter().find(|u| front_doors(t, u).iter().any(|x| x.id == cf.id)) {
                out.push(Finding::new(&NO_SHIELD, format!("{} serves {} (global) without Origin Shield.", name(cf), name(u))).node(&cf.id).node(&u.id));
            }
        }
        if d.text_ref(cf, "lambda_edge") == "business-logic" {
            out.push(Finding::new(&EDGE_LOGIC, format!("{} runs business logic in Lambda@Edge.", name(cf))).node(&cf.id));
        }
    }
    low_hit_ratio(t, out);
    for b in t.of_kind("s3") {
        if d.flag(b, "website_hosting") && !t.sync_callers(&b.id).iter().any(|c| c.kind == "cloudfront") {
            out.push(Finding::new(&S3_DIRECT, format!("{} hosts a website with no CloudFront distribution in front.", name(b))).node(&b.id));
        }
    }
    for u in &global_users {
        let direct: Vec<&Node> = front_doors(t, u).into_iter().filter(|x| x.kind != "cloudfront" && x.kind != "s3").filter(|x| is_dynamic(&x.kind) && t.internet_reach(x).is_ok()).collect();
        for x in direct {
            out.push(Finding::new(&GLOBAL_NO_CDN, format!("{} (global) reach {} with no CloudFront in between.", name(u), name(x))).node(&u.id).node(&x.id));
        }
    }
}

/// CloudFront in front of an S3 origin (static content) that answers less than half of its
/// requests from cache: says how many requests and GB a month reach the origin (from the
/// traffic engine, computed only when such a distribution exists).
fn low_hit_ratio(t: &Topology, out: &mut Vec<Finding>) {
    let d = t.design;
    let low: Vec<&Node> = t
        .of_kind("cloudfront")
        .iter()
        .copied()
        .filter(|cf| d.num(cf, "cache_hit_ratio") < LOW_HIT_RATIO && t.out(&cf.id, ConnKind::Sync).any(|c| t.node(&c.to).is_some_and(|o| o.kind == "s3")))
        .collect();
    if low.is_empty() {
        return;
    }
    let traffic = t.traffic();
    for cf in low {
        let u = traffic.of(&cf.id);
        let to_origin: f64 = t.out(&cf.id, ConnKind::Sync).filter_map(|c| traffic.edges.get(&c.id)).map(|e| e.calls * e.request_kb).sum::<f64>() / crate::traffic::KB_PER_GB;
        let s3: Vec<&Node> = t.out(&cf.id, ConnKind::Sync).filter_map(|c| t.node(&c.to)).filter(|o| o.kind == "s3").collect();
        out.push(
            Finding::new(
                &LOW_HIT,
                format!(
                    "{} answers only {} of requests from its caches: {} of {} requests a month ({} GB of requests) go to the origin, including {}.",
                    name(cf),
                    crate::units::pct(d.num(cf, "cache_hit_ratio")),
                    crate::units::count_short(u.forwarded),
                    crate::units::count_short(u.requests),
                    crate::units::count_short(to_origin),
                    super::list(&s3.iter().map(|o| name(o)).collect::<Vec<_>>())
                ),
            )
            .node(&cf.id)
            .nodes(s3.iter().map(|o| &o.id)),
        );
    }
}
