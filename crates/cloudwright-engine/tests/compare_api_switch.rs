//! QA s23 second pass, Compare (API) on the Serverless API template ("HTTP API", JWT
//! authorizer whose issuer is the drawn Cognito user pool):
//! - after a Switch to REST the API was still labelled "HTTP API", and a finding then said
//!   'API Gateway "HTTP API" is a REST API…';
//! - REST showed "yes" with no reason (its Cognito user pool authorizer);
//! - HTTP API's "Added p50" went from 5.0 to 6.0 ms just because REST was in use.

mod common;

use cloudwright_engine::compare::{apply_api_type, compare_api_in, ApiComparison, ApiType};
use cloudwright_engine::{cost, rules, Design, History, NodeId};
use common::template;

fn api_id(d: &Design) -> NodeId {
    d.nodes.values().find(|n| n.kind == "api-gateway").unwrap().id.clone()
}

fn option(c: &ApiComparison, t: ApiType) -> &cloudwright_engine::compare::api::ApiOptionReport {
    c.options.iter().find(|o| o.api_type == t).unwrap()
}

fn total(d: &Design) -> f64 {
    (cost::month(d).1 * 100.0).round() / 100.0
}

/// A label that is a type's own name follows the Switch, in the same undo step; a label of
/// the user's own is kept. The findings then name the API by its new name.
#[test]
fn a_switch_renames_a_label_that_is_the_types_own_name() {
    let mut d = template("serverless-api");
    let start = d.clone();
    let api = api_id(&d);
    assert_eq!(d.nodes[&api].label, "HTTP API");
    let mut h = History::new();
    let e = apply_api_type(&d, &api, ApiType::Rest);
    assert!(e.switch_mark().is_some_and(|m| m.from == "http" && m.to == "rest"));
    h.apply(&mut d, e).unwrap();
    assert_eq!(d.nodes[&api].label, "REST API");
    let messages: Vec<String> = rules::check(&d).into_iter().map(|f| f.message).collect();
    assert!(!messages.iter().any(|m| m.contains("\"HTTP API\"") || m.contains("\u{201c}HTTP API\u{201d}")), "{messages:?}");
    // Back to HTTP: the label and the JWT authorizer come back, the design is the template's.
    let e = apply_api_type(&d, &api, ApiType::Http);
    h.apply(&mut d, e).unwrap();
    assert_eq!(d, start);
    // One undo step each.
    h.undo(&mut d).unwrap();
    assert_eq!(d.nodes[&api].label, "REST API");
    h.undo(&mut d).unwrap();
    assert_eq!(d, start);
    // A label of the user's own stays.
    d.nodes.get_mut(&api).unwrap().label = "Orders API".into();
    let mut after = d.clone();
    apply_api_type(&d, &api, ApiType::Rest).apply(&mut after).unwrap();
    assert_eq!(after.nodes[&api].label, "Orders API");
}

/// REST's "yes" says how it does the job: the JWTs come from the drawn Cognito user pool, and
/// a REST API checks them with its Cognito user pool authorizer. HTTP, as drawn, needs no such
/// word; once REST is in use (authorizer "cognito"), HTTP's "yes" names its JWT authorizer.
#[test]
fn rest_says_why_it_can_do_the_job() {
    let d = template("serverless-api");
    let api = api_id(&d);
    let c = compare_api_in(&d, &api).unwrap();
    let rest = option(&c, ApiType::Rest);
    assert!(rest.can_do_job);
    let words: Vec<&str> = rest.adapted.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(words, ["Cognito user pool authorizer"]);
    assert!(rest.adapted[0].reason.contains("issued by the design's Cognito user pool"), "{}", rest.adapted[0].reason);
    assert!(option(&c, ApiType::Http).adapted.is_empty());
    let mut after = d.clone();
    apply_api_type(&d, &api, ApiType::Rest).apply(&mut after).unwrap();
    let c = compare_api_in(&after, &api).unwrap();
    assert!(option(&c, ApiType::Rest).adapted.is_empty(), "as drawn");
    let words: Vec<&str> = option(&c, ApiType::Http).adapted.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(words, ["JWT authorizer"]);
}

/// Each type's added latency is the same whichever type is in use (as the prices are): HTTP
/// = gateway 4 ms + JWT authorizer 1 ms = 5 ms p50 (10 + 4 = 14 ms p99); REST = 10 ms +
/// Cognito authorizer 2 ms = 12 ms p50 (25 + 8 = 33 ms p99) (data/latency.json). Failed before:
/// HTTP 6 / 18 ms with REST in use (the Cognito authorizer's 2 / 8 ms). The prices too: the
/// bill moves by exactly REST's listed difference.
#[test]
fn each_types_latency_and_price_are_the_same_whichever_is_in_use() {
    let d = template("serverless-api");
    let api = api_id(&d);
    let before = compare_api_in(&d, &api).unwrap();
    let mut after = d.clone();
    apply_api_type(&d, &api, ApiType::Rest).apply(&mut after).unwrap();
    let now = compare_api_in(&after, &api).unwrap();
    let lat = |c: &ApiComparison, t| (option(c, t).latency.p50_ms, option(c, t).latency.p99_ms);
    assert_eq!(lat(&before, ApiType::Http), (5.0, 14.0));
    assert_eq!(lat(&now, ApiType::Http), (5.0, 14.0));
    assert_eq!(lat(&before, ApiType::Rest), (12.0, 33.0));
    assert_eq!(lat(&now, ApiType::Rest), (12.0, 33.0));
    for t in [ApiType::Http, ApiType::Rest] {
        assert_eq!(option(&before, t).monthly, option(&now, t).monthly, "{t:?}");
    }
    let listed = option(&before, ApiType::Rest).monthly - option(&before, ApiType::Http).monthly;
    assert!((total(&after) - total(&d) - listed).abs() < 0.005, "{} - {} vs {listed}", total(&after), total(&d));
}
