//! `terraform show -json` of a plan (`planned_values`) or of a state (`values`): resources
//! with their attribute values already resolved, modules included.
//!
//! References between resources are recovered two ways: a value equal to another resource's
//! `id` or `arn` (state: real ids) becomes a reference to it; a value the plan does not know
//! yet (null, "known after apply") takes the `references` the configuration section records
//! for that attribute.

use super::hcl::TfResource;
use crate::iac::value::{Ref, V};
use serde_json::Value as J;
use std::collections::BTreeMap;

struct Raw {
    address: String,
    ty: String,
    /// Index in a counted or for_each resource, if any.
    index: Option<J>,
    values: J,
    /// Configuration address (module path + type.name, no index).
    config: String,
}

/// Reads the resources of a show -json document. Errors are sentences.
pub fn read(file: &str, text: &str) -> Result<(Vec<TfResource>, Vec<String>), String> {
    let doc: J = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let root = doc.pointer("/planned_values/root_module").or_else(|| doc.pointer("/values/root_module")).ok_or("not terraform show -json output: no planned_values or values")?;
    let mut raws = Vec::new();
    let mut notes = Vec::new();
    collect(root, &mut raws, &mut notes);
    let mut cfg_refs: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut outputs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(c) = doc.pointer("/configuration/root_module") {
        config_refs(c, "", &mut cfg_refs, &mut outputs);
    }
    // id/arn value → (address, attribute).
    let mut by_value: BTreeMap<String, (String, String)> = BTreeMap::new();
    for r in &raws {
        for key in ["id", "arn"] {
            if let Some(v) = r.values.get(key).and_then(J::as_str) {
                if !v.is_empty() {
                    by_value.insert(v.to_string(), (r.address.clone(), key.to_string()));
                }
            }
        }
    }
    let instances: BTreeMap<String, Vec<(String, Option<J>)>> = raws.iter().fold(BTreeMap::new(), |mut m, r| {
        m.entry(r.config.clone()).or_default().push((r.address.clone(), r.index.clone()));
        m
    });
    let mut out = Vec::new();
    for r in &raws {
        let refs = cfg_refs.get(&r.config).cloned().unwrap_or_default();
        let resolve_ref = |reference: &str| -> Option<V> {
            // A module output: what the output's expression references, inside the module.
            let reference = match outputs.iter().find(|(o, _)| reference == o.as_str() || reference.starts_with(&format!("{o}."))) {
                Some((_, inner)) => inner.iter().find(|r| !r.ends_with(".id") || inner.len() == 1).or(inner.first())?.as_str(),
                None => reference,
            };
            // "aws_vpc.main.id" or "module.net.aws_subnet.a" → the longest configured address.
            let mut best: Option<(&String, &Vec<(String, Option<J>)>)> = None;
            for (addr, inst) in &instances {
                let prefix = reference.starts_with(addr.as_str()) && (reference.len() == addr.len() || reference[addr.len()..].starts_with('.') || reference[addr.len()..].starts_with('['));
                if prefix && best.is_none_or(|(b, _)| addr.len() > b.len()) {
                    best = Some((addr, inst));
                }
            }
            let (addr, inst) = best?;
            let mut rest = &reference[addr.len()..];
            // An explicit index: [0], ["key"], or [count.index] (this resource's own index).
            let mut index: Option<String> = None;
            if let Some(r) = rest.strip_prefix('[') {
                if let Some(end) = r.find(']') {
                    index = Some(r[..end].to_string());
                    rest = &r[end + 1..];
                }
            }
            let attr = rest.trim_start_matches('.');
            let attr = if attr.is_empty() { None } else { Some(attr.to_string()) };
            let wanted: Option<J> = match index.as_deref() {
                Some("count.index") | Some("each.key") => r.index.clone(),
                Some(i) => i.parse::<u64>().ok().map(J::from).or_else(|| Some(J::from(i.trim_matches('"')))),
                None => None,
            };
            let target = if inst.len() == 1 {
                inst[0].0.clone()
            } else if let Some(same) = inst.iter().find(|(_, i)| i.is_some() && *i == wanted.clone().or_else(|| r.index.clone())) {
                same.0.clone()
            } else {
                return Some(V::List(inst.iter().map(|(a, _)| V::Ref(Ref { id: a.clone(), attr: attr.clone() })).collect()));
            };
            Some(V::Ref(Ref { id: target, attr }))
        };
        let pick = |list: &Vec<String>| -> Option<V> {
            list.iter().filter(|x| !x.starts_with("var.") && !x.starts_with("local.") && !x.starts_with("each.") && !x.starts_with("count.")).find_map(|x| resolve_ref(x))
        };
        let cfg = |path: &str| refs.get(path).and_then(&pick);
        let mut props = convert(&r.values, "", &by_value, &r.address, &cfg);
        // Values the plan does not know yet are left out of planned_values: add them back
        // from the configuration's references.
        add_missing(&mut props, "", &refs, &cfg);
        out.push(TfResource { file: file.to_string(), address: r.address.clone(), ty: r.ty.clone(), attrs: props, notes: Vec::new() });
    }
    Ok((out, notes))
}

fn collect(module: &J, out: &mut Vec<Raw>, notes: &mut Vec<String>) {
    let prefix = module.get("address").and_then(J::as_str).map(|a| format!("{a}.")).unwrap_or_default();
    for r in module.get("resources").and_then(J::as_array).into_iter().flatten() {
        let mode = r.get("mode").and_then(J::as_str).unwrap_or("managed");
        let address = r.get("address").and_then(J::as_str).unwrap_or_default().to_string();
        if mode == "data" {
            notes.push(format!("data source {address}: read at plan time, not drawn"));
            continue;
        }
        let ty = r.get("type").and_then(J::as_str).unwrap_or_default().to_string();
        let name = r.get("name").and_then(J::as_str).unwrap_or_default();
        out.push(Raw { address, ty: ty.clone(), index: r.get("index").cloned(), values: r.get("values").cloned().unwrap_or(J::Null), config: format!("{prefix}{ty}.{name}") });
    }
    for c in module.get("child_modules").and_then(J::as_array).into_iter().flatten() {
        collect(c, out, notes);
    }
}

/// Attribute path ("vpc_id", "vpc_config.subnet_ids") → the references the configuration
/// records for it, per configured resource address.
fn config_refs(module: &J, prefix: &str, out: &mut BTreeMap<String, BTreeMap<String, Vec<String>>>, outputs: &mut BTreeMap<String, Vec<String>>) {
    for r in module.get("resources").and_then(J::as_array).into_iter().flatten() {
        let addr = format!("{prefix}{}", r.get("address").and_then(J::as_str).unwrap_or_default());
        let mut m = BTreeMap::new();
        if let Some(e) = r.get("expressions") {
            expr_refs(e, "", prefix, &mut m);
        }
        out.insert(addr, m);
    }
    for (name, call) in module.get("module_calls").and_then(J::as_object).into_iter().flatten() {
        if let Some(m) = call.get("module") {
            let inner = format!("{prefix}module.{name}.");
            for (o, def) in m.get("outputs").and_then(J::as_object).into_iter().flatten() {
                let refs: Vec<String> = def.pointer("/expression/references").and_then(J::as_array).into_iter().flatten().filter_map(J::as_str).map(|r| format!("{inner}{r}")).collect();
                outputs.insert(format!("{inner}{o}"), refs);
            }
            config_refs(m, &inner, out, outputs);
        }
    }
}

fn expr_refs(e: &J, path: &str, prefix: &str, out: &mut BTreeMap<String, Vec<String>>) {
    match e {
        J::Object(o) => {
            if let Some(refs) = o.get("references").and_then(J::as_array) {
                out.insert(path.to_string(), refs.iter().filter_map(J::as_str).map(|r| format!("{prefix}{r}")).collect());
                return;
            }
            if o.contains_key("constant_value") {
                return;
            }
            for (k, v) in o {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                expr_refs(v, &p, prefix, out);
            }
        }
        J::Array(a) => {
            for v in a {
                expr_refs(v, path, prefix, out);
            }
        }
        _ => {}
    }
}

/// JSON values to [`V`]: strings equal to another resource's id or arn become references;
/// nulls the configuration knows references for become those references.
fn convert(v: &J, path: &str, by_value: &BTreeMap<String, (String, String)>, me: &str, cfg: &dyn Fn(&str) -> Option<V>) -> V {
    match v {
        J::Null => cfg(path).unwrap_or(V::Null),
        J::Bool(b) => V::Bool(*b),
        J::Number(n) => V::Num(n.as_f64().unwrap_or(0.0)),
        J::String(s) => match by_value.get(s) {
            Some((addr, attr)) if addr != me => V::Ref(Ref { id: addr.clone(), attr: Some(attr.clone()) }),
            _ => match cfg(path) {
                Some(r) if s.is_empty() => r,
                _ => V::Str(s.clone()),
            },
        },
        J::Array(a) => {
            if a.is_empty() {
                if let Some(r) = cfg(path) {
                    return r;
                }
            }
            V::List(a.iter().map(|x| convert(x, path, by_value, me, cfg)).collect())
        }
        J::Object(o) => V::Map(
            o.iter()
                .map(|(k, x)| {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    (k.clone(), convert(x, &p, by_value, me, cfg))
                })
                .collect(),
        ),
    }
}

/// Adds the attributes the configuration references but the values leave out.
fn add_missing(v: &mut V, path: &str, refs: &BTreeMap<String, Vec<String>>, cfg: &dyn Fn(&str) -> Option<V>) {
    match v {
        V::Map(m) => {
            for key in refs.keys() {
                let rest = if path.is_empty() { Some(key.as_str()) } else { key.strip_prefix(path).and_then(|r| r.strip_prefix('.')) };
                let Some(rest) = rest else { continue };
                if rest.contains('.') || m.iter().any(|(k, _)| k == rest) {
                    continue;
                }
                if let Some(val) = cfg(key) {
                    m.push((rest.to_string(), val));
                }
            }
            for (k, x) in m.iter_mut() {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                add_missing(x, &p, refs, cfg);
            }
        }
        V::List(l) => {
            for x in l.iter_mut() {
                add_missing(x, path, refs, cfg);
            }
        }
        _ => {}
    }
}
