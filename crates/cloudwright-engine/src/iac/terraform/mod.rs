//! Terraform into an [`Inventory`]: HCL source ([`hcl`]; all `.tf` files of an import form
//! one root module) and `terraform show -json` ([`plan`]). Resources of the `aws` provider are
//! put in CloudFormation's shape ([`translate`]) and drawn by the same mapper as templates;
//! the few Terraform-only resources that modify another one (a bucket's versioning, a target
//! group attachment) are applied here. Modules, data sources and other providers are
//! reported, never guessed.

pub mod hcl;
pub mod plan;
pub mod translate;

use super::inventory::Inventory;
use super::report::{Entry, Outcome};
use super::value::V;
use super::{Format, Options, SourceFile};
use crate::model::{ConnKind, Value};
use hcl::TfResource;
use std::collections::BTreeMap;

/// Reads every Terraform file of the import into the inventory.
pub fn read(files: &[&SourceFile], opts: &Options, inv: &mut Inventory) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    let mut cfg = hcl::Config::default();
    let mut resources: Vec<TfResource> = Vec::new();
    let mut notes = Vec::new();
    let mut any_hcl = false;
    for f in files {
        match super::detect(&f.name, &f.text) {
            Some(Format::TerraformJson) => match plan::read(&f.name, &f.text) {
                Ok((r, n)) => {
                    resources.extend(r);
                    notes.extend(n.into_iter().map(|n| format!("{}: {n}", f.name)));
                }
                Err(e) => errors.push(format!("{}: {e}", f.name)),
            },
            _ => {
                any_hcl = true;
                if let Err(e) = cfg.add_file(&f.name, &f.text) {
                    errors.push(format!("{}: {e}", f.name));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if any_hcl {
        let (r, n) = cfg.resources(&opts.params);
        resources.extend(r);
        notes.extend(n);
        for (file, name, source) in &cfg.modules {
            notes.push(format!("{file}: module \"{name}\" (source {source}) is not resolved offline: its resources are not drawn; import the output of terraform show -json to see them"));
        }
        for (file, addr) in &cfg.data {
            notes.push(format!("{file}: data source {addr} is read from the cloud at plan time: values from it are unresolved"));
        }
        if !opts.ignore_metadata {
            if let Some(v) = cfg.local("cloudwright_design", &opts.params) {
                let parsed = v.as_str().and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()).and_then(|j| super::inventory::Restore::from_json(&j));
                match parsed {
                    Some(r) => inv.restore = Some(r),
                    None => notes.push("local.cloudwright_design is not in the form Cloudwright writes; ignored".into()),
                }
            }
        }
        if let Some(r) = cfg.region(&opts.params) {
            if r != opts.region {
                notes.push(format!("the aws provider's region is {r}; the design uses {} (choose the region when importing)", opts.region));
            }
        }
    }
    inv.notes.extend(notes);
    map(resources, inv);
    Ok(())
}

fn map(resources: Vec<TfResource>, inv: &mut Inventory) {
    let mut types = BTreeMap::new();
    let mut props = BTreeMap::new();
    let mut order = Vec::new();
    let mut modifiers = Vec::new();
    for r in &resources {
        let mut e = Entry::new(&r.file, &r.address, &r.ty);
        e.notes.extend(r.notes.iter().cloned());
        inv.entries.push(e);
        if !r.ty.starts_with("aws_") {
            inv.outcome(&r.address, Outcome::NotDrawn { why: format!("{} is not an aws provider resource", r.ty) });
            continue;
        }
        let parts = translate::translate(&r.address, &r.ty, &r.attrs);
        if parts.is_empty() {
            if is_modifier(&r.ty) {
                modifiers.push(r);
            } else {
                inv.outcome(&r.address, Outcome::NotDrawn { why: format!("{} is not mapped to a catalog kind", r.ty) });
            }
            continue;
        }
        for (id, cfn, p) in parts {
            types.insert(id.clone(), cfn.clone());
            order.push((0, id.clone(), cfn));
            props.insert(id, p);
        }
    }
    super::cfn::map_resources(inv, &types, &props, order, false);
    // Unresolved values anywhere in the Terraform attributes (not only those translated).
    for r in &resources {
        let mut found = Vec::new();
        super::cfn::unresolved_paths(&r.attrs, String::new(), &mut found);
        for (path, u) in found {
            let known = inv.entries.iter().find(|e| e.id == r.address).is_some_and(|e| e.unresolved.iter().any(|(_, w)| w == &u.why));
            if !known {
                inv.unresolved(&r.address, &path, &u);
            }
        }
    }
    for r in modifiers {
        modify(r, inv);
    }
    // A main route table association marks the VPC's main table.
    for r in resources.iter().filter(|r| r.ty == "aws_main_route_table_association") {
        if let Some(rt) = r.attrs.get("route_table_id").and_then(V::ref_id) {
            inv.route_tables.entry(rt.to_string()).or_default().main = true;
        }
    }
    for r in resources.iter().filter(|r| r.ty == "aws_default_route_table") {
        inv.route_tables.entry(r.address.clone()).or_default().main = true;
    }
}

/// Terraform-only resources that change another resource rather than being one.
fn is_modifier(ty: &str) -> bool {
    ty.starts_with("aws_s3_bucket_")
        || matches!(ty, "aws_autoscaling_attachment" | "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment" | "aws_cloudwatch_event_target" | "aws_main_route_table_association" | "aws_sqs_queue_redrive_policy")
}

fn r0(p: &V, k: &str) -> Option<String> {
    p.get(k).and_then(V::ref_id).map(str::to_string)
}

fn set(inv: &mut Inventory, id: &str, key: &str, v: Value) {
    if let Some(c) = inv.component_mut(id) {
        c.set(key, v);
    }
}

fn modify(r: &TfResource, inv: &mut Inventory) {
    let p = &r.attrs;
    let me = r.address.as_str();
    let first = |k: &str| -> V {
        match p.get(k) {
            Some(V::List(l)) => l.first().cloned().unwrap_or(V::Null),
            _ => V::Null,
        }
    };
    match r.ty.as_str() {
        "aws_autoscaling_attachment" | "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment" => {
            let tg = r0(p, "lb_target_group_arn").or_else(|| r0(p, "target_group_arn"));
            let target = r0(p, "autoscaling_group_name").or_else(|| r0(p, "target_id"));
            if let (Some(tg), Some(t)) = (tg.clone(), target) {
                inv.forwards.entry(tg.clone()).or_default().push(t);
                inv.merge(me, &tg, "attaches a target to the target group");
            } else {
                inv.outcome(me, Outcome::NotDrawn { why: "attachment with an end outside the imported files".into() });
            }
        }
        "aws_cloudwatch_event_target" => match (r0(p, "rule"), r0(p, "arn")) {
            (Some(rule), Some(t)) => {
                inv.link(&rule, &t, ConnKind::Async, None, format!("rule target {me}"));
                inv.merge(me, &rule, "rule target: drawn as a connection");
            }
            _ => inv.outcome(me, Outcome::NotDrawn { why: "rule target outside the imported files".into() }),
        },
        "aws_main_route_table_association" => {
            if let Some(rt) = r0(p, "route_table_id") {
                inv.merge(me, &rt, "makes it the VPC's main route table");
            }
        }
        "aws_sqs_queue_redrive_policy" => {
            let q = r0(p, "queue_url");
            let doc = translate::json_doc_pub(p.get("redrive_policy").cloned());
            if let Some(q) = q {
                set(inv, &q, "dlq", Value::Bool(true));
                if let Some(dlq) = doc.as_ref().and_then(|d| d.get("deadLetterTargetArn")).and_then(V::ref_id) {
                    inv.link(&q, dlq, ConnKind::Async, None, "dead-letter queue");
                }
                inv.merge(me, &q, "redrive policy: dead-letter queue");
            }
        }
        t if t.starts_with("aws_s3_bucket_") => {
            let Some(b) = r0(p, "bucket") else {
                inv.outcome(me, Outcome::NotDrawn { why: "setting of a bucket outside the imported files".into() });
                return;
            };
            let what = t.trim_start_matches("aws_s3_bucket_").replace('_', " ");
            match t {
                "aws_s3_bucket_versioning" => {
                    let on = first("versioning_configuration").get("status").and_then(V::as_str).as_deref() == Some("Enabled");
                    set(inv, &b, "versioning", Value::Bool(on));
                }
                "aws_s3_bucket_public_access_block" => {
                    let all = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].iter().all(|k| p.get(k).and_then(V::as_bool) == Some(true));
                    set(inv, &b, "block_public_access", Value::Bool(all));
                }
                "aws_s3_bucket_lifecycle_configuration" => set(inv, &b, "lifecycle_rules", Value::Bool(true)),
                "aws_s3_bucket_website_configuration" => set(inv, &b, "website_hosting", Value::Bool(true)),
                "aws_s3_bucket_replication_configuration" => {
                    set(inv, &b, "replication", Value::Bool(true));
                    for rule in p.get("rule").map(|x| x.items()).unwrap_or_default() {
                        let dest = rule.get("destination").map(|d| d.items()).unwrap_or_default().first().and_then(|d| d.get("bucket")).and_then(V::ref_id).map(str::to_string);
                        if let Some(d) = dest {
                            inv.link(&b, &d, ConnKind::Replication, None, "replication");
                        }
                    }
                }
                "aws_s3_bucket_logging" => {
                    if let Some(t) = r0(p, "target_bucket") {
                        inv.link(&b, &t, ConnKind::Association, None, "server access logs");
                    }
                }
                "aws_s3_bucket_notification" => {
                    for (key, field) in [("lambda_function", "lambda_function_arn"), ("queue", "queue_arn"), ("topic", "topic_arn")] {
                        for n in p.get(key).map(|x| x.items()).unwrap_or_default() {
                            if let Some(t) = n.get(field).and_then(V::ref_id) {
                                inv.link(&b, t, ConnKind::Async, None, "event notification");
                            }
                        }
                    }
                }
                _ => {}
            }
            inv.merge(me, &b, format!("bucket {what}"));
        }
        _ => {}
    }
}
