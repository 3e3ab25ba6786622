//! CloudFormation text (YAML or JSON) to a [`Tree`]: the template as written, with the
//! YAML short-form intrinsic tags (`!Ref x`, `!GetAtt a.b`, `!Sub ...`) rewritten to their
//! long JSON form (`{"Ref": x}`, `{"Fn::GetAtt": [a, b]}`), so the evaluator sees one form.
//! Tags that are not CloudFormation's (e.g. the Rain tool's `!Rain::Embed`) are kept as
//! [`Tree::Tagged`]: the evaluator reports them instead of failing.
//!
//! YAML is parsed by `saphyr` (YAML 1.2, keeps custom tags); JSON by `serde_json`.

use saphyr::{LoadableYamlNode, Scalar, Yaml};

/// A template value as written. Maps keep their order (the order resources are listed in).
#[derive(Clone, Debug, PartialEq)]
pub enum Tree {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
    /// A node under a tag CloudFormation does not define (tag without the leading `!`).
    Tagged(String, Box<Tree>),
}

impl Tree {
    pub fn get(&self, key: &str) -> Option<&Tree> {
        match self {
            Tree::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn entries(&self) -> &[(String, Tree)] {
        match self {
            Tree::Map(m) => m,
            _ => &[],
        }
    }
}

/// The short-form tags CloudFormation defines, and the long key each stands for.
const SHORT_TAGS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAtt", "Fn::GetAtt"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Sub", "Fn::Sub"),
    ("Transform", "Fn::Transform"),
    ("And", "Fn::And"),
    ("Equals", "Fn::Equals"),
    ("If", "Fn::If"),
    ("Not", "Fn::Not"),
    ("Or", "Fn::Or"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("ForEach", "Fn::ForEach"),
];

/// Parses a template. JSON when the text starts with `{`, YAML otherwise (YAML is a
/// superset of JSON, but serde_json's errors are clearer for JSON files).
pub fn parse(text: &str) -> Result<Tree, String> {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(t).map_err(|e| format!("not valid JSON: {e}"))?;
        return Ok(from_json(&v));
    }
    let docs = Yaml::load_from_str(t).map_err(|e| format!("not valid YAML: {e}"))?;
    match docs.len() {
        0 => Err("the file is empty".into()),
        1 => from_yaml(&docs[0]),
        n => Err(format!("the file holds {n} YAML documents; a template is one")),
    }
}

fn from_json(v: &serde_json::Value) -> Tree {
    use serde_json::Value as J;
    match v {
        J::Null => Tree::Null,
        J::Bool(b) => Tree::Bool(*b),
        J::Number(n) => Tree::Num(n.as_f64().unwrap_or(0.0)),
        J::String(s) => Tree::Str(s.clone()),
        J::Array(a) => Tree::Seq(a.iter().map(from_json).collect()),
        J::Object(o) => Tree::Map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}

fn key_text(k: &Yaml) -> Result<String, String> {
    match from_yaml(k)? {
        Tree::Str(s) => Ok(s),
        Tree::Num(n) => Ok(fmt_num(n)),
        Tree::Bool(b) => Ok(b.to_string()),
        Tree::Null => Ok("null".into()),
        _ => Err("a mapping key must be a plain value".into()),
    }
}

/// A number as CloudFormation would print it: integers without a fraction.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

fn from_yaml(y: &Yaml) -> Result<Tree, String> {
    Ok(match y {
        Yaml::Value(s) => scalar(s),
        Yaml::Representation(s, _, _) => Tree::Str(s.to_string()),
        Yaml::Sequence(items) => Tree::Seq(items.iter().map(from_yaml).collect::<Result<_, _>>()?),
        Yaml::Mapping(m) => {
            let mut out = Vec::with_capacity(m.len());
            for (k, v) in m.iter() {
                out.push((key_text(k)?, from_yaml(v)?));
            }
            Tree::Map(out)
        }
        Yaml::Tagged(tag, inner) => {
            let inner = from_yaml(inner)?;
            if tag.is_yaml_core_schema() {
                return Ok(inner);
            }
            let name = tag.suffix.as_str();
            match SHORT_TAGS.iter().find(|(s, _)| *s == name) {
                Some((_, "Fn::GetAtt")) => Tree::Map(vec![("Fn::GetAtt".into(), getatt_args(inner))]),
                Some((_, long)) => Tree::Map(vec![((*long).into(), inner)]),
                None => Tree::Tagged(name.to_string(), Box::new(inner)),
            }
        }
        Yaml::Alias(_) => return Err("YAML aliases are not supported in CloudFormation templates".into()),
        Yaml::BadValue => return Err("a value could not be read".into()),
    })
}

/// `!GetAtt a.b.c` is `[a, "b.c"]`: the logical id ends at the first dot, the attribute
/// may contain dots (`ClusterEndpoint.Address`).
fn getatt_args(inner: Tree) -> Tree {
    match inner {
        Tree::Str(s) => match s.split_once('.') {
            Some((a, b)) => Tree::Seq(vec![Tree::Str(a.into()), Tree::Str(b.into())]),
            None => Tree::Seq(vec![Tree::Str(s)]),
        },
        other => other,
    }
}

fn scalar(s: &Scalar) -> Tree {
    match s {
        Scalar::Null => Tree::Null,
        Scalar::Boolean(b) => Tree::Bool(*b),
        Scalar::Integer(i) => Tree::Num(*i as f64),
        Scalar::FloatingPoint(f) => Tree::Num(f.into_inner()),
        Scalar::String(s) => Tree::Str(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_tags_become_long_form() {
        let t = parse("A: !Ref X\nB: !GetAtt R.Endpoint.Address\nC: !Rain::Embed f.py\nD: !Sub '${X}'\n").unwrap();
        assert_eq!(t.get("A"), Some(&Tree::Map(vec![("Ref".into(), Tree::Str("X".into()))])));
        assert_eq!(
            t.get("B"),
            Some(&Tree::Map(vec![("Fn::GetAtt".into(), Tree::Seq(vec![Tree::Str("R".into()), Tree::Str("Endpoint.Address".into())]))]))
        );
        assert_eq!(t.get("C"), Some(&Tree::Tagged("Rain::Embed".into(), Box::new(Tree::Str("f.py".into())))));
        assert!(matches!(t.get("D"), Some(Tree::Map(m)) if m[0].0 == "Fn::Sub"));
    }

    #[test]
    fn json_and_errors() {
        assert_eq!(parse("{\"a\": [1, null]}").unwrap().get("a"), Some(&Tree::Seq(vec![Tree::Num(1.0), Tree::Null])));
        assert!(parse("{\"a\": ").unwrap_err().starts_with("not valid JSON"));
        assert!(parse("a: [1, 2").unwrap_err().starts_with("not valid YAML"));
    }
}
