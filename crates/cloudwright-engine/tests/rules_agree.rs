//! The rules and the comparisons must not disagree: what `compare::api::supports` says an API
//! type lacks is exactly what the API rules call an error on a node of that type, and the other
//! way round. One design per (type, feature), each with only that feature configured.

use cloudwright_engine::compare::api::supports;
use cloudwright_engine::compare::{ApiType, Feature};
use cloudwright_engine::rules::{self, Severity};
use cloudwright_engine::Design;
use serde_json::json;

/// Each feature as node properties (the API rules read these), with the feature it stands for.
fn configs() -> Vec<(serde_json::Value, Feature)> {
    vec![
        (json!({"usage_plans": true}), Feature::UsagePlansApiKeys),
        (json!({"api_keys": true}), Feature::UsagePlansApiKeys),
        (json!({"request_validation": true}), Feature::RequestValidation),
        (json!({"mapping_templates": true}), Feature::MappingTemplates),
        (json!({"caching": true}), Feature::Caching),
        (json!({"waf": true}), Feature::Waf),
        (json!({"private_integration": true}), Feature::PrivateIntegration),
        (json!({"authorizer": "iam"}), Feature::IamAuthorizer),
        (json!({"authorizer": "jwt"}), Feature::JwtAuthorizer),
        (json!({"authorizer": "cognito"}), Feature::CognitoAuthorizer),
        (json!({"authorizer": "lambda", "authorizer_cache_ttl_s": 300}), Feature::LambdaAuthorizer),
    ]
}

fn design(ty: ApiType, props: &serde_json::Value) -> Design {
    let mut p = props.as_object().unwrap().clone();
    p.insert("api_type".into(), json!(ty.id()));
    let d = json!({
        "schema_version": 2, "name": "api", "region": "us-east-1",
        "nodes": {"api": {"id": "api", "kind": "api-gateway", "props": p}},
        "connections": {}
    });
    serde_json::from_value(d).unwrap()
}

#[test]
fn api_rules_call_unsupported_exactly_what_the_comparison_does() {
    let mut problems = Vec::new();
    for ty in ApiType::ALL {
        for (props, feature) in configs() {
            let d = design(ty, &props);
            let errors: Vec<_> = rules::check(&d).into_iter().filter(|f| f.severity == Severity::Error && f.rule.starts_with("api.")).collect();
            let compare_says_no = supports(ty, feature).is_err();
            if compare_says_no != !errors.is_empty() {
                problems.push(format!("{} with {props}: compare says supported = {}, rules say {:?}", ty.id(), !compare_says_no, errors.iter().map(|f| &f.message).collect::<Vec<_>>()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn realtime_users_on_a_request_response_api_agree_with_the_comparison() {
    for ty in ApiType::ALL {
        let d: Design = serde_json::from_value(json!({
            "schema_version": 2, "name": "rt", "region": "us-east-1",
            "nodes": {
                "users": {"id": "users", "kind": "users", "props": {"realtime": true}},
                "api": {"id": "api", "kind": "api-gateway", "props": {"api_type": ty.id(), "authorizer": "iam"}}
            },
            "connections": {"c1": {"id": "c1", "from": "users", "to": "api", "kind": "sync"}}
        }))
        .unwrap();
        let flagged = rules::check(&d).iter().any(|f| f.rule == "api.realtime-on-request-response");
        assert_eq!(flagged, supports(ty, Feature::RealTime).is_err(), "{}", ty.id());
    }
}
