//! SAM resource types (`AWS::Serverless::*`) to inventory facts: functions with their
//! events and policies, APIs (explicit or implicit), simple tables.

use super::map::Mapper;
use crate::iac::inventory::{Component, Place};
use crate::iac::value::V;
use crate::model::{ConnKind, Value};

pub fn map(m: &mut Mapper, id: &str, ty: &str, p: &V) {
    match ty {
        "AWS::Serverless::Function" => function(m, id, p),
        "AWS::Serverless::Api" => {
            let mut c = Component::new(id, "api-gateway", id, Place::Regional);
            c.set("api_type", Value::Text("rest".into()));
            let ep = match p.get("EndpointConfiguration") {
                Some(V::Map(_)) => p.at(&["EndpointConfiguration", "Type"]).and_then(V::as_str),
                Some(v) => v.as_str(),
                None => None,
            }
            .unwrap_or_else(|| "EDGE".into());
            c.set("endpoint", Value::Text(ep.to_lowercase()));
            c.entry = ep != "PRIVATE";
            if p.at(&["Auth", "DefaultAuthorizer"]).is_some() {
                let cognito = p.at(&["Auth", "Authorizers"]).map(V::entries).unwrap_or(&[]).iter().any(|(_, a)| a.get("UserPoolArn").is_some());
                c.set("authorizer", Value::Text(if cognito { "cognito" } else { "lambda" }.into()));
            }
            if p.get("CacheClusterEnabled").and_then(V::as_bool) == Some(true) {
                c.set("caching", Value::Bool(true));
            }
            let stage = p.get("StageName").and_then(V::as_str).unwrap_or_else(|| "Prod".into());
            m.inv.component(c);
            m.inv.note(id, format!("REST API, stage {stage}"));
            for r in p.at(&["Auth", "Authorizers"]).map(V::refs).unwrap_or_default() {
                m.inv.link(id, &r.id, ConnKind::Association, None, "authorizer");
            }
        }
        "AWS::Serverless::HttpApi" => {
            let mut c = Component::new(id, "api-gateway", id, Place::Regional);
            c.set("api_type", Value::Text("http".into()));
            c.entry = true;
            if p.at(&["Auth", "DefaultAuthorizer"]).is_some() {
                c.set("authorizer", Value::Text("jwt".into()));
            }
            m.inv.component(c);
        }
        "AWS::Serverless::SimpleTable" => {
            let mut c = Component::new(id, "dynamodb", id, Place::Regional);
            match p.get("ProvisionedThroughput") {
                Some(pt) => {
                    c.set("capacity_mode", Value::Text("provisioned".into()));
                    if let Some(r) = pt.get("ReadCapacityUnits").and_then(V::as_f64) {
                        c.set("rcu", Value::Number(r));
                    }
                    if let Some(w) = pt.get("WriteCapacityUnits").and_then(V::as_f64) {
                        c.set("wcu", Value::Number(w));
                    }
                }
                None => {
                    c.set("capacity_mode", Value::Text("on-demand".into()));
                }
            }
            m.inv.component(c);
            m.inv.note(id, "SAM simple table: a DynamoDB table with one string key \"id\"");
        }
        "AWS::Serverless::StateMachine" => m.map(id, ty, p),
        "AWS::Serverless::LayerVersion" => m.inv.not_drawn(id, "Lambda layer: code packaging, no diagram meaning"),
        "AWS::Serverless::Application" => m.inv.not_drawn(id, "nested application: its resources are in another template"),
        "AWS::Serverless::Connector" => {
            let src = p.at(&["Source", "Id"]).and_then(V::as_str);
            let dst = p.at(&["Destination", "Id"]).and_then(V::as_str);
            if let (Some(s), Some(d)) = (src, dst) {
                m.env_link(&s, &d, &format!("connector {id}"));
                m.inv.merge(id, &s, "SAM connector: drawn as a connection");
            }
        }
        _ => m.inv.not_drawn(id, format!("{ty} is not mapped to a catalog kind")),
    }
}

fn function(m: &mut Mapper, id: &str, p: &V) {
    m.map(id, "AWS::Lambda::Function", p);
    for (name, ev) in p.get("Events").map(V::entries).unwrap_or(&[]).to_vec() {
        let ety = ev.get("Type").and_then(V::as_str).unwrap_or_default();
        let ep = ev.get("Properties").cloned().unwrap_or(V::Null);
        match ety.as_str() {
            "Api" | "HttpApi" => {
                let key = if ety == "Api" { "RestApiId" } else { "ApiId" };
                let api = match ep.get(key) {
                    Some(v) => v.ref_id().map(str::to_string),
                    None => Some(if ety == "Api" { "ServerlessRestApi" } else { "ServerlessHttpApi" }.to_string()),
                };
                let method = ep.get("Method").and_then(V::as_str).unwrap_or_else(|| "ANY".into()).to_uppercase();
                let path = ep.get("Path").and_then(V::as_str).unwrap_or_else(|| "/".into());
                match api {
                    Some(api) => m.inv.link(&api, id, ConnKind::Sync, None, format!("{method} {path}")),
                    None => m.inv.note(id, format!("event {name}: {method} {path} on an API outside the imported files")),
                }
            }
            "SQS" | "SNS" | "S3" | "DynamoDB" | "Kinesis" | "MSK" | "MQ" => {
                let key = match ety.as_str() {
                    "SQS" => "Queue",
                    "SNS" => "Topic",
                    "S3" => "Bucket",
                    _ => "Stream",
                };
                match ep.get(key).and_then(V::ref_id) {
                    Some(src) => {
                        let src = src.to_string();
                        m.inv.link(&src, id, ConnKind::Async, None, format!("event {name} ({ety})"));
                        if ety == "DynamoDB" {
                            if let Some(c) = m.inv.component_mut(&src) {
                                c.set("streams", Value::Bool(true));
                            }
                        }
                    }
                    None => m.inv.note(id, format!("event {name} ({ety}) from a source outside the imported files")),
                }
            }
            "Schedule" | "ScheduleV2" => m.inv.note(id, format!("runs on a schedule ({})", ep.get("Schedule").or_else(|| ep.get("ScheduleExpression")).map(V::show).unwrap_or_default())),
            "EventBridgeRule" | "CloudWatchEvent" => {
                let bus = ep.get("EventBusName").and_then(V::ref_id).map(str::to_string).unwrap_or_else(|| {
                    let d = "DefaultEventBus";
                    if !m.inv.has_component(d) {
                        m.inv.components.push(Component::new(d, "eventbridge", "EventBridge (default bus)", Place::Regional));
                    }
                    d.to_string()
                });
                m.inv.link(&bus, id, ConnKind::Async, None, format!("rule {name}"));
            }
            other => m.inv.note(id, format!("event {name} of type {other}: not drawn")),
        }
    }
    // SAM policy templates name the resources the function may use (DynamoDBCrudPolicy: TableName).
    if let Some(pol) = p.get("Policies") {
        for r in pol.refs() {
            m.env_link(id, &r.id, "its SAM policies");
        }
    }
}
