//! Works out CloudFormation values offline: parameters (the given value, else the default),
//! pseudo parameters, Mappings, Conditions and the intrinsic functions. What cannot be known
//! offline (an account id, a parameter with no default, a cross-stack import that is not among
//! the files, a region missing from a mapping) becomes [`V::Unknown`] with the reason.

use super::parse::{fmt_num, Tree};
use crate::iac::value::{Ref, Unknown, V};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

pub struct Eval<'t> {
    pub region: String,
    pub stack_name: String,
    pub params: BTreeMap<String, V>,
    pub mappings: Option<&'t Tree>,
    pub conditions: Option<&'t Tree>,
    /// Logical ids of the resources (including SAM's implicit ones).
    pub resources: BTreeSet<String>,
    /// Exports of the other imported stacks: export name → value.
    pub exports: BTreeMap<String, V>,
    /// Condition values, memoised (None: cannot be decided offline).
    cond_cache: RefCell<BTreeMap<String, Option<bool>>>,
    /// Tags seen that CloudFormation does not define.
    pub unknown_tags: RefCell<BTreeSet<String>>,
    /// Cross-stack imports resolved by matching an export's suffix (reported).
    pub import_guesses: RefCell<BTreeSet<String>>,
}

/// AZ letters assumed for `Fn::GetAZs` (the real list depends on the account; reported).
const AZ_LETTERS: [char; 6] = ['a', 'b', 'c', 'd', 'e', 'f'];

impl<'t> Eval<'t> {
    pub fn new(region: &str, stack_name: &str) -> Self {
        Eval {
            region: region.to_string(),
            stack_name: stack_name.to_string(),
            params: BTreeMap::new(),
            mappings: None,
            conditions: None,
            resources: BTreeSet::new(),
            exports: BTreeMap::new(),
            cond_cache: RefCell::new(BTreeMap::new()),
            unknown_tags: RefCell::new(BTreeSet::new()),
            import_guesses: RefCell::new(BTreeSet::new()),
        }
    }

    /// Reads the Parameters section: the given value, else the default, else unknown.
    /// List-typed parameters split on commas.
    pub fn set_params(&mut self, section: Option<&Tree>, given: &BTreeMap<String, String>) {
        for (name, spec) in section.map(Tree::entries).unwrap_or(&[]) {
            let ty = spec.get("Type").and_then(Tree::as_str).unwrap_or("String");
            let raw = given.get(name).cloned().or_else(|| {
                spec.get("Default").map(|d| match d {
                    Tree::Str(s) => s.clone(),
                    Tree::Num(n) => fmt_num(*n),
                    Tree::Bool(b) => b.to_string(),
                    Tree::Seq(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string).or_else(|| if let Tree::Num(n) = i { Some(fmt_num(*n)) } else { None })).collect::<Vec<_>>().join(","),
                    _ => String::new(),
                })
            });
            let v = match raw {
                None => V::unknown(format!("${{{name}}}"), format!("parameter {name} has no default and no value was given")),
                Some(s) if ty.starts_with("List<") || ty == "CommaDelimitedList" => {
                    if s.is_empty() { V::List(vec![]) } else { V::List(s.split(',').map(|p| V::Str(p.trim().to_string())).collect()) }
                }
                Some(s) => V::Str(s),
            };
            self.params.insert(name.clone(), v);
        }
    }

    pub fn eval(&self, t: &Tree) -> V {
        match t {
            Tree::Null => V::Null,
            Tree::Bool(b) => V::Bool(*b),
            Tree::Num(n) => V::Num(*n),
            Tree::Str(s) => V::Str(s.clone()),
            Tree::Seq(items) => V::List(items.iter().map(|i| self.eval(i)).filter(|v| !matches!(v, V::NoValue)).collect()),
            Tree::Tagged(tag, inner) => {
                self.unknown_tags.borrow_mut().insert(tag.clone());
                let inner = self.eval(inner);
                V::unknown(format!("!{tag} {}", inner.show()), format!("!{tag} is not a CloudFormation tag (a tool's own extension)"))
            }
            Tree::Map(m) => {
                if m.len() == 1 {
                    let (k, arg) = &m[0];
                    if k == "Ref" || k.starts_with("Fn::") {
                        return self.intrinsic(k, arg);
                    }
                }
                V::Map(m.iter().map(|(k, v)| (k.clone(), self.eval(v))).filter(|(_, v)| !matches!(v, V::NoValue)).collect())
            }
        }
    }

    fn intrinsic(&self, name: &str, arg: &Tree) -> V {
        match name {
            "Ref" => self.reference(&self.scalar(arg)),
            "Fn::GetAtt" => self.get_att(arg),
            "Fn::Sub" => self.sub(arg),
            "Fn::Join" => self.join(arg),
            "Fn::Select" => self.select(arg),
            "Fn::Split" => self.split(arg),
            "Fn::GetAZs" => self.get_azs(arg),
            "Fn::FindInMap" => self.find_in_map(arg),
            "Fn::If" => self.if_(arg),
            "Fn::ImportValue" => self.import_value(arg),
            "Fn::Base64" => self.eval(arg),
            "Fn::Cidr" => self.cidr(arg),
            "Fn::Length" => match self.eval(arg) {
                V::List(l) => V::Num(l.len() as f64),
                other => unknown_from(&other, "Fn::Length of a value that is not a list"),
            },
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => match self.condition_expr(&Tree::Map(vec![(name.to_string(), arg.clone())])) {
                Some(b) => V::Bool(b),
                None => V::unknown(name, "the condition depends on a value that is not known offline"),
            },
            other => V::unknown(other, format!("{other} cannot be worked out offline")),
        }
    }

    /// The string an argument names (`Ref: X`, a key of FindInMap), resolved if it is itself
    /// an intrinsic.
    fn scalar(&self, t: &Tree) -> V {
        match t {
            Tree::Str(s) => V::Str(s.clone()),
            other => self.eval(other),
        }
    }

    /// `Ref` to a parameter, pseudo parameter or resource.
    pub fn reference(&self, name: &V) -> V {
        let Some(n) = name.as_str() else { return unknown_from(name, "Ref to a value that is not a name") };
        match n.as_str() {
            "AWS::Region" => V::Str(self.region.clone()),
            "AWS::Partition" => V::Str("aws".into()),
            "AWS::URLSuffix" => V::Str("amazonaws.com".into()),
            "AWS::StackName" => V::Str(self.stack_name.clone()),
            "AWS::NoValue" => V::NoValue,
            "AWS::NotificationARNs" => V::List(vec![]),
            "AWS::AccountId" => V::unknown("${AWS::AccountId}", "the account id is not known offline"),
            "AWS::StackId" => V::unknown("${AWS::StackId}", "the stack id exists only once deployed"),
            _ => {
                if let Some(p) = self.params.get(&n) {
                    return p.clone();
                }
                if self.resources.contains(&n) {
                    return V::Ref(Ref { id: n, attr: None });
                }
                V::unknown(n.clone(), format!("Ref to {n}, which is neither a parameter nor a resource of this template"))
            }
        }
    }

    fn get_att(&self, arg: &Tree) -> V {
        let (id, attr) = match arg {
            Tree::Seq(items) if !items.is_empty() => {
                let attr = items.get(1).map(|a| self.scalar(a).as_str().unwrap_or_default());
                (self.scalar(&items[0]).as_str().unwrap_or_default(), attr)
            }
            Tree::Str(s) => match s.split_once('.') {
                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                None => (s.clone(), None),
            },
            _ => return V::unknown("Fn::GetAtt", "Fn::GetAtt with arguments that are not a name"),
        };
        if self.resources.contains(&id) {
            V::Ref(Ref { id, attr })
        } else {
            V::unknown(format!("{id}.{}", attr.unwrap_or_default()), format!("Fn::GetAtt on {id}, which is not a resource of this template"))
        }
    }

    /// `Fn::Sub`: `${Name}` and `${Res.Attr}` substituted; `${!Literal}` kept as `${Literal}`.
    fn sub(&self, arg: &Tree) -> V {
        let (template, vars) = match arg {
            Tree::Str(s) => (s.clone(), Vec::new()),
            Tree::Seq(items) if !items.is_empty() => {
                let vars: Vec<(String, V)> = items.get(1).map(|m| m.entries().iter().map(|(k, v)| (k.clone(), self.eval(v))).collect()).unwrap_or_default();
                (items[0].as_str().unwrap_or_default().to_string(), vars)
            }
            _ => return V::unknown("Fn::Sub", "Fn::Sub with arguments that are not a string"),
        };
        let mut parts: Vec<V> = Vec::new();
        let mut rest = template.as_str();
        while let Some(start) = rest.find("${") {
            parts.push(V::Str(rest[..start].to_string()));
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                parts.push(V::Str(rest[start..].to_string()));
                rest = "";
                break;
            };
            let name = after[..end].trim();
            rest = &after[end + 1..];
            if let Some(lit) = name.strip_prefix('!') {
                parts.push(V::Str(format!("${{{lit}}}")));
                continue;
            }
            let v = if let Some((_, v)) = vars.iter().find(|(k, _)| k == name) {
                v.clone()
            } else if let Some((id, attr)) = name.split_once('.') {
                if self.resources.contains(id) {
                    V::Ref(Ref { id: id.to_string(), attr: Some(attr.to_string()) })
                } else {
                    V::unknown(format!("${{{name}}}"), format!("{id} is not a resource of this template"))
                }
            } else {
                self.reference(&V::Str(name.to_string()))
            };
            parts.push(v);
        }
        parts.push(V::Str(rest.to_string()));
        concat(parts, "Fn::Sub")
    }

    fn join(&self, arg: &Tree) -> V {
        let Tree::Seq(items) = arg else { return V::unknown("Fn::Join", "Fn::Join needs [delimiter, list]") };
        let delim = items.first().map(|d| self.eval(d).as_str().unwrap_or_default()).unwrap_or_default();
        let list = items.get(1).map(|l| self.eval(l)).unwrap_or(V::List(vec![]));
        let V::List(parts) = list else { return unknown_from(&list, "Fn::Join of a list that is not known offline") };
        let mut out = Vec::new();
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(V::Str(delim.clone()));
            }
            out.push(p);
        }
        concat(out, "Fn::Join")
    }

    fn select(&self, arg: &Tree) -> V {
        let Tree::Seq(items) = arg else { return V::unknown("Fn::Select", "Fn::Select needs [index, list]") };
        let idx = items.first().map(|i| self.eval(i)).and_then(|i| i.as_f64());
        let list = items.get(1).map(|l| self.eval(l)).unwrap_or(V::Null);
        match (idx, list) {
            (Some(i), V::List(l)) => l.get(i as usize).cloned().unwrap_or_else(|| V::unknown(format!("Fn::Select {i}"), format!("index {i} is past the end of a list of {}", l.len()))),
            (_, other) => unknown_from(&other, "Fn::Select from a list that is not known offline"),
        }
    }

    fn split(&self, arg: &Tree) -> V {
        let Tree::Seq(items) = arg else { return V::unknown("Fn::Split", "Fn::Split needs [delimiter, string]") };
        let delim = items.first().map(|d| self.eval(d).as_str().unwrap_or_default()).unwrap_or_default();
        let src = items.get(1).map(|s| self.eval(s)).unwrap_or(V::Null);
        match src.as_str() {
            Some(s) if !delim.is_empty() => V::List(s.split(delim.as_str()).map(|p| V::Str(p.to_string())).collect()),
            _ => unknown_from(&src, "Fn::Split of a string that is not known offline"),
        }
    }

    /// `Fn::GetAZs` for the import's region (an empty or null argument means that region).
    /// The zone letters a–f are assumed; the real list depends on the account.
    fn get_azs(&self, arg: &Tree) -> V {
        let r = match self.eval(arg) {
            V::Null => self.region.clone(),
            v => v.as_str().filter(|s| !s.is_empty()).unwrap_or_else(|| self.region.clone()),
        };
        V::List(AZ_LETTERS.iter().map(|l| V::Str(format!("{r}{l}"))).collect())
    }

    fn find_in_map(&self, arg: &Tree) -> V {
        let Tree::Seq(items) = arg else { return V::unknown("Fn::FindInMap", "Fn::FindInMap needs [map, key, key]") };
        let keys: Vec<V> = items.iter().take(3).map(|k| self.scalar(k)).collect();
        let names: Vec<Option<String>> = keys.iter().map(V::as_str).collect();
        let shown = names.iter().map(|n| n.clone().unwrap_or_else(|| "?".into())).collect::<Vec<_>>().join("/");
        if names.len() < 3 || names.iter().any(Option::is_none) {
            return V::unknown(format!("FindInMap {shown}"), format!("Fn::FindInMap {shown}: a key is not known offline"));
        }
        let found = self.mappings.and_then(|m| m.get(names[0].as_deref()?)?.get(names[1].as_deref()?)?.get(names[2].as_deref()?));
        match found {
            Some(v) => self.eval(v),
            None => match items.get(3).and_then(|d| d.get("DefaultValue")) {
                Some(d) => self.eval(d),
                None => V::unknown(format!("FindInMap {shown}"), format!("mapping {} has no entry {}/{}", names[0].as_deref().unwrap_or(""), names[1].as_deref().unwrap_or(""), names[2].as_deref().unwrap_or(""))),
            },
        }
    }

    fn if_(&self, arg: &Tree) -> V {
        let Tree::Seq(items) = arg else { return V::unknown("Fn::If", "Fn::If needs [condition, then, else]") };
        let name = items.first().and_then(Tree::as_str).unwrap_or_default();
        match self.condition(name) {
            Some(true) => items.get(1).map(|t| self.eval(t)).unwrap_or(V::NoValue),
            Some(false) => items.get(2).map(|t| self.eval(t)).unwrap_or(V::NoValue),
            None => V::unknown(format!("Fn::If {name}"), format!("condition {name} cannot be decided offline")),
        }
    }

    fn import_value(&self, arg: &Tree) -> V {
        let name = self.eval(arg);
        let Some(n) = name.as_str() else { return unknown_from(&name, "Fn::ImportValue of a name that is not known offline") };
        if let Some(v) = self.exports.get(&n) {
            return v.clone();
        }
        // An export named "<other stack>:<X>" answers "<this stack name>:<X>" when exactly one
        // imported file exports that suffix: the stack names in the files need not match the
        // parameter default. Reported, so it is never a silent guess.
        if let Some((_, suffix)) = n.split_once(':') {
            let hits: Vec<(&String, &V)> = self.exports.iter().filter(|(k, _)| k.split_once(':').is_some_and(|(_, s)| s == suffix)).collect();
            if let [(k, v)] = hits.as_slice() {
                self.import_guesses.borrow_mut().insert(format!("Fn::ImportValue \"{n}\" resolved to the export \"{k}\" of another imported file"));
                return (*v).clone();
            }
        }
        V::unknown(format!("ImportValue {n}"), format!("Fn::ImportValue \"{n}\": no imported file exports it (an external stack)"))
    }

    fn cidr(&self, arg: &Tree) -> V {
        let Tree::Seq(items) = arg else { return V::unknown("Fn::Cidr", "Fn::Cidr needs [block, count, bits]") };
        let block = items.first().map(|b| self.eval(b)).unwrap_or(V::Null);
        let count = items.get(1).map(|c| self.eval(c)).and_then(|c| c.as_f64());
        let bits = items.get(2).map(|c| self.eval(c)).and_then(|c| c.as_f64());
        match (block.as_str().and_then(|b| crate::catalog::parse_cidr(&b).ok()), count, bits) {
            (Some((net, len)), Some(n), Some(b)) if (b as u32) <= 32 - len as u32 && n >= 1.0 => {
                let new_len = 32 - b as u32;
                let step = 1u64 << b as u32;
                V::List(
                    (0..n as u64)
                        .map(|i| {
                            let a = (net as u64 + i * step) as u32;
                            V::Str(format!("{}.{}.{}.{}/{new_len}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255))
                        })
                        .collect(),
                )
            }
            _ => unknown_from(&block, "Fn::Cidr of a block that is not known offline"),
        }
    }

    /// A named condition: true, false, or None when it depends on something unknown.
    pub fn condition(&self, name: &str) -> Option<bool> {
        if let Some(c) = self.cond_cache.borrow().get(name) {
            return *c;
        }
        // Guard against a condition that refers to itself.
        self.cond_cache.borrow_mut().insert(name.to_string(), None);
        let v = self.conditions.and_then(|c| c.get(name)).and_then(|t| self.condition_expr(t));
        self.cond_cache.borrow_mut().insert(name.to_string(), v);
        v
    }

    fn condition_expr(&self, t: &Tree) -> Option<bool> {
        let Tree::Map(m) = t else {
            return match t {
                Tree::Bool(b) => Some(*b),
                Tree::Str(s) => s.parse().ok(),
                _ => None,
            };
        };
        let (k, arg) = m.first()?;
        let args: Vec<&Tree> = match arg {
            Tree::Seq(items) => items.iter().collect(),
            other => vec![other],
        };
        match k.as_str() {
            "Condition" => self.condition(arg.as_str()?),
            "Fn::Not" => self.condition_expr(args.first()?).map(|b| !b),
            "Fn::And" => {
                let vals: Vec<Option<bool>> = args.iter().map(|a| self.condition_expr(a)).collect();
                if vals.contains(&Some(false)) { Some(false) } else if vals.iter().all(Option::is_some) { Some(true) } else { None }
            }
            "Fn::Or" => {
                let vals: Vec<Option<bool>> = args.iter().map(|a| self.condition_expr(a)).collect();
                if vals.contains(&Some(true)) { Some(true) } else if vals.iter().all(Option::is_some) { Some(false) } else { None }
            }
            "Fn::Equals" => {
                let a = self.eval(args.first()?);
                let b = self.eval(args.get(1)?);
                if a.unresolved().is_some() || b.unresolved().is_some() || matches!(a, V::Ref(_)) || matches!(b, V::Ref(_)) {
                    return None;
                }
                Some(a.as_str().unwrap_or_else(|| a.show()) == b.as_str().unwrap_or_else(|| b.show()))
            }
            _ => match self.eval(t) {
                V::Bool(b) => Some(b),
                v => v.as_bool(),
            },
        }
    }
}

/// Joins parts into one string when all are known; else an unknown keeping the known text
/// and every reference inside.
fn concat(parts: Vec<V>, what: &str) -> V {
    if parts.iter().all(|p| p.as_str().is_some()) {
        return V::Str(parts.iter().filter_map(V::as_str).collect());
    }
    let mut text = String::new();
    let mut refs = Vec::new();
    let mut why = None;
    for p in &parts {
        match p {
            V::Ref(r) => {
                text.push_str(&format!("${{{}}}", V::Ref(r.clone()).show()));
                refs.push(r.clone());
            }
            V::Unknown(u) => {
                text.push_str(&u.text);
                refs.extend(u.refs.iter().cloned());
                why.get_or_insert_with(|| u.why.clone());
            }
            other => text.push_str(&other.as_str().unwrap_or_else(|| other.show())),
        }
    }
    let why = why.unwrap_or_else(|| format!("{what} names another resource, whose value exists only once deployed"));
    V::Unknown(Unknown { text, why, refs })
}

fn unknown_from(v: &V, why: &str) -> V {
    match v {
        V::Unknown(u) => V::Unknown(u.clone()),
        other => V::Unknown(Unknown { text: other.show(), why: why.to_string(), refs: other.refs() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::cfn::parse::parse;

    fn ev(src: &str) -> V {
        let t = parse(src).unwrap();
        let mut e = Eval::new("eu-west-1", "prod");
        e.mappings = None;
        e.resources.insert("Fn".into());
        e.set_params(t.get("Parameters"), &BTreeMap::new());
        let v = e.eval(t.get("X").unwrap());
        v
    }

    #[test]
    fn intrinsics() {
        assert_eq!(ev("X: !Select [1, !GetAZs '']"), V::Str("eu-west-1b".into()));
        assert_eq!(ev("X: {\"Fn::Select\": [0, {\"Fn::GetAZs\": null}]}"), V::Str("eu-west-1a".into()));
        assert_eq!(ev("X: !Join ['-', [!Ref AWS::StackName, vpc]]"), V::Str("prod-vpc".into()));
        assert_eq!(ev("X: !Cidr [10.0.0.0/16, 2, 8]"), V::List(vec![V::Str("10.0.0.0/24".into()), V::Str("10.0.1.0/24".into())]));
        assert_eq!(ev("X: !Split [',', 'a,b']"), V::List(vec![V::Str("a".into()), V::Str("b".into())]));
        let v = ev("X: !Sub 'arn:${AWS::Partition}:lambda:${AWS::Region}:f:${Fn.Arn}/x'");
        let V::Unknown(u) = v else { panic!() };
        assert_eq!(u.refs, vec![Ref { id: "Fn".into(), attr: Some("Arn".into()) }]);
        assert_eq!(u.text, "arn:aws:lambda:eu-west-1:f:${Fn.Arn}/x");
        assert_eq!(ev("X: !Sub '${!Literal}'"), V::Str("${Literal}".into()));
        assert!(matches!(ev("Parameters: {P: {Type: String}}\nX: !Ref P"), V::Unknown(u) if u.why.contains("no default")));
        assert!(matches!(ev("X: !Rain::Embed f.py"), V::Unknown(u) if u.why.contains("not a CloudFormation tag")));
    }
}
