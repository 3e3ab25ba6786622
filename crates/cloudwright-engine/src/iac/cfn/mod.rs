//! CloudFormation and SAM templates (YAML or JSON) into an [`Inventory`].
//!
//! Steps: parse ([`parse`]) → SAM globals and implicit resources ([`sam`]) → resolve every
//! resource's properties ([`eval`]) → map types to facts ([`map`]) in dependency order (the
//! resources others fold into first).

pub mod eval;
pub mod map;
pub mod parse;
pub mod sam;
mod sam_map;

pub use parse::{fmt_num, Tree};

use super::inventory::Inventory;
use super::report::{Entry, Outcome};
use super::value::V;
use super::Options;
use std::collections::BTreeMap;

/// A parsed template, checked to be one.
pub struct Template {
    pub file: String,
    pub tree: Tree,
    pub stack_name: String,
}

/// Parses a file as a CloudFormation template. Errors are sentences for the user.
pub fn parse_template(file: &str, text: &str, opts: &Options) -> Result<Template, String> {
    let mut tree = parse::parse(text)?;
    match tree.get("Resources") {
        Some(Tree::Map(m)) if !m.is_empty() => {}
        Some(Tree::Map(_)) => return Err("the template's Resources section is empty".into()),
        _ => return Err("not a CloudFormation template: no Resources section".into()),
    }
    if sam::is_sam(&tree) {
        sam::apply_globals(&mut tree);
    }
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = stem.split('.').next().unwrap_or(stem).to_string();
    let stack_name = opts.stack_names.get(file).cloned().unwrap_or(stem);
    Ok(Template { file: file.to_string(), tree, stack_name })
}

fn evaluator<'t>(t: &'t Template, opts: &Options, exports: &BTreeMap<String, V>) -> eval::Eval<'t> {
    let mut e = eval::Eval::new(&opts.region, &t.stack_name);
    e.set_params(t.tree.get("Parameters"), &opts.params);
    e.mappings = t.tree.get("Mappings");
    e.conditions = t.tree.get("Conditions");
    e.resources = t.tree.get("Resources").map(Tree::entries).unwrap_or(&[]).iter().map(|(k, _)| k.clone()).collect();
    if sam::is_sam(&t.tree) {
        e.resources.extend(sam::implicit_resources(&t.tree).into_iter().map(|(id, _, _)| id));
    }
    e.exports = exports.clone();
    e
}

/// The template's `Outputs` exports (export name → value), for other files' `Fn::ImportValue`.
pub fn exports(t: &Template, opts: &Options) -> BTreeMap<String, V> {
    let e = evaluator(t, opts, &BTreeMap::new());
    let mut out = BTreeMap::new();
    for (_, o) in t.tree.get("Outputs").map(Tree::entries).unwrap_or(&[]) {
        if let Some(c) = o.get("Condition").and_then(Tree::as_str) {
            if e.condition(c) == Some(false) {
                continue;
            }
        }
        let (Some(name), Some(value)) = (o.get("Export").and_then(|x| x.get("Name")), o.get("Value")) else { continue };
        if let Some(n) = e.eval(name).as_str() {
            out.insert(n, e.eval(value));
        }
    }
    out
}

/// Order in which types are mapped: those folded into others first (so the fold has the
/// last word in the report), then components, then what modifies a component.
fn phase(ty: &str, props: &V) -> u8 {
    match ty {
        "AWS::EC2::EIP" | "AWS::EC2::LaunchTemplate" | "AWS::AutoScaling::LaunchConfiguration" | "AWS::ECS::TaskDefinition" | "AWS::EC2::RouteTable" | "AWS::EC2::SecurityGroup" | "AWS::ElasticLoadBalancingV2::TargetGroup" => 0,
        "AWS::RDS::DBInstance" if props.get("DBClusterIdentifier").is_some() => 2,
        "AWS::RDS::DBInstance" if props.get("SourceDBInstanceIdentifier").is_some() => 3,
        "AWS::ElasticLoadBalancingV2::ListenerRule" => 3,
        // After the queues they send failed messages to, which fold into them.
        "AWS::SQS::Queue" if props.get("RedrivePolicy").is_some() => 2,
        t if t.starts_with("AWS::ApiGateway::") && t != "AWS::ApiGateway::RestApi" => 2,
        t if t.starts_with("AWS::ApiGatewayV2::") && t != "AWS::ApiGatewayV2::Api" => 2,
        "AWS::ElasticLoadBalancingV2::Listener" | "AWS::AutoScaling::ScalingPolicy" | "AWS::CloudWatch::Alarm" | "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" | "AWS::EC2::Route" | "AWS::EC2::SubnetRouteTableAssociation" | "AWS::EC2::VPCGatewayAttachment" | "AWS::Lambda::Permission" | "AWS::Lambda::EventSourceMapping" | "AWS::Lambda::Url" | "AWS::SecretsManager::RotationSchedule" | "AWS::EFS::MountTarget" | "AWS::SNS::Subscription" | "AWS::WAFv2::WebACLAssociation" | "AWS::WAFRegional::WebACLAssociation" | "AWS::Events::Rule" | "AWS::Route53::RecordSet" | "AWS::Route53::RecordSetGroup" | "AWS::S3::BucketPolicy" | "AWS::SQS::QueuePolicy" | "AWS::NetworkAclEntry" => 2,
        t if t.starts_with("AWS::Cognito::UserPool") && t != "AWS::Cognito::UserPool" => 2,
        _ => 1,
    }
}

/// Reads a template's resources into the inventory. `exports`: the other files' exports.
/// Maps resolved resources (CloudFormation types) into the inventory: in phase order, SAM
/// types through [`sam_map`]; then records every value left unresolved. `order` is
/// (phase-less) (id, type) in source order. Shared with the Terraform front end.
pub fn map_resources(inv: &mut Inventory, types: &BTreeMap<String, String>, props: &BTreeMap<String, V>, order: Vec<(u8, String, String)>, sam: bool) {
    let mut order = order;
    for o in order.iter_mut() {
        o.0 = phase(&o.2, &props[&o.1]);
    }
    crate::order::sort_by_key(&mut order, |(ph, _, _)| *ph);
    let mut m = map::Mapper { inv, types, resolved: props };
    for (_, id, ty) in &order {
        let p = &props[id];
        if sam && ty.starts_with("AWS::Serverless::") {
            sam_map::map(&mut m, id, ty, p);
        } else {
            m.map(id, ty, p);
        }
    }
    let inv = m.inv;
    // Every value that could not be worked out, wherever it sits in the properties.
    for (id, p) in props {
        let mut found = Vec::new();
        unresolved_paths(p, String::new(), &mut found);
        for (path, u) in found {
            let known = inv.entries.iter().find(|e| &e.id == id).is_some_and(|e| e.unresolved.iter().any(|(_, w)| w == &u.why));
            if !known {
                inv.unresolved(id, &path, &u);
            }
        }
    }
}

pub fn read(t: &Template, opts: &Options, exports: &BTreeMap<String, V>, inv: &mut Inventory) {
    let e = evaluator(t, opts, exports);
    let sam = sam::is_sam(&t.tree);
    let implicit = if sam { sam::implicit_resources(&t.tree) } else { Vec::new() };

    // Every resource, in source order, with SAM's implicit ones after their function.
    let mut listed: Vec<(String, String, Tree)> = Vec::new();
    for (id, res) in t.tree.get("Resources").map(Tree::entries).unwrap_or(&[]) {
        let ty = res.get("Type").and_then(Tree::as_str).unwrap_or("").to_string();
        listed.push((id.clone(), ty, res.clone()));
        for (iid, ity, _) in implicit.iter().filter(|(_, _, by)| by == id) {
            listed.push((iid.clone(), ity.clone(), Tree::Map(vec![])));
        }
    }

    let mut types = BTreeMap::new();
    let mut props = BTreeMap::new();
    let mut order = Vec::new();
    for (id, ty, res) in &listed {
        let mut entry = Entry::new(&t.file, id, if ty.is_empty() { "(no Type)" } else { ty });
        if let Some((_, _, by)) = implicit.iter().find(|(i, _, _)| i == id) {
            entry.notes.push(format!("created by the SAM transform for {by}"));
        }
        inv.entries.push(entry);
        if ty.is_empty() {
            inv.not_drawn(id, "the resource has no Type");
            continue;
        }
        if let Some(c) = res.get("Condition").and_then(Tree::as_str) {
            match e.condition(c) {
                Some(false) => {
                    inv.outcome(id, Outcome::Skipped { why: format!("condition {c} is false with these parameter values") });
                    continue;
                }
                None => inv.note(id, format!("condition {c} cannot be decided offline; imported as if it holds")),
                Some(true) => {}
            }
        }
        let p = e.eval(res.get("Properties").unwrap_or(&Tree::Null));
        types.insert(id.clone(), ty.clone());
        order.push((0, id.clone(), ty.clone()));
        props.insert(id.clone(), p);
    }
    map_resources(inv, &types, &props, order, sam);
    if !opts.ignore_metadata {
        if let Some(m) = t.tree.get("Metadata").and_then(|m| m.get("Cloudwright")) {
            match super::inventory::Restore::from_json(&tree_json(m)) {
                Some(r) => inv.restore = Some(r),
                None => inv.notes.push(format!("{}: Metadata.Cloudwright is not in the form Cloudwright writes; ignored", t.file)),
            }
        }
    }
    for tag in e.unknown_tags.borrow().iter() {
        inv.notes.push(format!("{}: the tag !{tag} is not CloudFormation's (a tool's own extension); values under it are left unresolved", t.file));
    }
    for g in e.import_guesses.borrow().iter() {
        inv.notes.push(format!("{}: {g}", t.file));
    }
    for (name, v) in &e.params {
        if let V::Unknown(u) = v {
            inv.notes.push(format!("{}: {}", t.file, u.why));
            let _ = name;
        }
    }
}

/// (path, unknown) for every unresolved value inside `v`.
pub(crate) fn unresolved_paths(v: &V, path: String, out: &mut Vec<(String, super::value::Unknown)>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match v {
        V::Unknown(u) => out.push((path, u.clone())),
        V::List(l) => l.iter().enumerate().for_each(|(i, x)| unresolved_paths(x, join(&i.to_string()), out)),
        V::Map(m) => m.iter().for_each(|(k, x)| unresolved_paths(x, join(k), out)),
        _ => {}
    }
}

/// A template value as JSON (for metadata blocks).
fn tree_json(t: &Tree) -> serde_json::Value {
    use serde_json::Value as J;
    match t {
        Tree::Null => J::Null,
        Tree::Bool(b) => J::Bool(*b),
        Tree::Num(n) => serde_json::Number::from_f64(*n).map(J::Number).unwrap_or(J::Null),
        Tree::Str(s) => J::String(s.clone()),
        Tree::Seq(l) => J::Array(l.iter().map(tree_json).collect()),
        Tree::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), tree_json(v))).collect()),
        Tree::Tagged(_, inner) => tree_json(inner),
    }
}
