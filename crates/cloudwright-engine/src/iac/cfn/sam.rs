//! The SAM transform (`Transform: AWS::Serverless-2016-10-31`), emulated as far as the
//! diagram needs: `Globals` applied to each function, API and table; the implicit resources
//! SAM creates (`ServerlessRestApi`, `ServerlessHttpApi`, `<Function>Role`) added so that
//! references to them resolve; event sources read as connections by [`super::map`].

use super::parse::Tree;

/// Whether the template asks for the SAM transform.
pub fn is_sam(t: &Tree) -> bool {
    match t.get("Transform") {
        Some(Tree::Str(s)) => s.starts_with("AWS::Serverless"),
        Some(Tree::Seq(l)) => l.iter().any(|x| x.as_str().is_some_and(|s| s.starts_with("AWS::Serverless"))),
        _ => false,
    }
}

/// Applies `Globals` to the resources (a resource's own properties win).
pub fn apply_globals(t: &mut Tree) {
    let globals = t.get("Globals").cloned();
    let Some(globals) = globals else { return };
    let Tree::Map(top) = t else { return };
    let Some((_, Tree::Map(resources))) = top.iter_mut().find(|(k, _)| k == "Resources") else { return };
    for (_, res) in resources.iter_mut() {
        let section = match res.get("Type").and_then(Tree::as_str) {
            Some("AWS::Serverless::Function") => "Function",
            Some("AWS::Serverless::Api") => "Api",
            Some("AWS::Serverless::HttpApi") => "HttpApi",
            Some("AWS::Serverless::SimpleTable") => "SimpleTable",
            Some("AWS::Serverless::StateMachine") => "StateMachine",
            _ => continue,
        };
        let Some(Tree::Map(g)) = globals.get(section) else { continue };
        let Tree::Map(r) = res else { continue };
        if !r.iter().any(|(k, _)| k == "Properties") {
            r.push(("Properties".into(), Tree::Map(vec![])));
        }
        let Some((_, Tree::Map(props))) = r.iter_mut().find(|(k, _)| k == "Properties") else { continue };
        for (k, v) in g {
            if !props.iter().any(|(pk, _)| pk == k) {
                props.push((k.clone(), v.clone()));
            }
        }
    }
}

/// The implicit resources SAM creates, as (logical id, type, created for), in the order
/// they should be listed (after the function that causes them).
pub fn implicit_resources(t: &Tree) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let resources = t.get("Resources").map(Tree::entries).unwrap_or(&[]);
    let exists = |id: &str| resources.iter().any(|(k, _)| k == id);
    for (id, res) in resources {
        if res.get("Type").and_then(Tree::as_str) != Some("AWS::Serverless::Function") {
            continue;
        }
        let props = res.get("Properties");
        if props.and_then(|p| p.get("Role")).is_none() && !exists(&format!("{id}Role")) {
            out.push((format!("{id}Role"), "AWS::IAM::Role".into(), id.clone()));
        }
        for (_, ev) in props.and_then(|p| p.get("Events")).map(Tree::entries).unwrap_or(&[]) {
            let ety = ev.get("Type").and_then(Tree::as_str).unwrap_or_default();
            let ep = ev.get("Properties");
            let (implicit, ty) = match ety {
                "Api" if ep.and_then(|p| p.get("RestApiId")).is_none() => ("ServerlessRestApi", "AWS::Serverless::Api"),
                "HttpApi" if ep.and_then(|p| p.get("ApiId")).is_none() => ("ServerlessHttpApi", "AWS::Serverless::HttpApi"),
                _ => continue,
            };
            if !exists(implicit) && !out.iter().any(|(i, _, _)| i == implicit) {
                out.push((implicit.into(), ty.into(), id.clone()));
            }
        }
    }
    out
}
