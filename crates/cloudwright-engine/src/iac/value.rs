//! Resolved values: what a template's property says once parameters, mappings, conditions
//! and intrinsic functions have been worked out as far as they can be offline.
//!
//! Both front ends (CloudFormation and Terraform) produce [`V`]; the mappers read it. A value
//! that cannot be worked out offline is [`V::Unknown`] with the reason, never a guess, and a
//! reference to another resource is [`V::Ref`] (that is how connections are found).

/// A reference to a resource of the same import: its logical id (CloudFormation) or address
/// (Terraform), and the attribute read (`Arn`, `GroupId`), if any.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub id: String,
    pub attr: Option<String>,
}

/// A value that could not be worked out offline.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    /// The value as far as it was resolved, for the report (e.g. `arn:aws:...:${LambdaFunction}`).
    pub text: String,
    /// Why it could not be resolved, as a sentence fragment ("parameter VPC has no value").
    pub why: String,
    /// Resources it refers to (a `!Sub` string naming `${Fn.Arn}` still links to `Fn`).
    pub refs: Vec<Ref>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<V>),
    Map(Vec<(String, V)>),
    Ref(Ref),
    Unknown(Unknown),
    /// `AWS::NoValue`: the property is absent.
    NoValue,
}

impl V {
    pub fn unknown(text: impl Into<String>, why: impl Into<String>) -> V {
        V::Unknown(Unknown { text: text.into(), why: why.into(), refs: Vec::new() })
    }
    pub fn get(&self, key: &str) -> Option<&V> {
        match self {
            V::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| !matches!(v, V::NoValue)),
            _ => None,
        }
    }
    /// Follows a path of map keys: `v.at(&["VpcConfig", "SubnetIds"])`.
    pub fn at(&self, path: &[&str]) -> Option<&V> {
        path.iter().try_fold(self, |v, k| v.get(k))
    }
    /// Text of a scalar (numbers and booleans print as CloudFormation writes them).
    pub fn as_str(&self) -> Option<String> {
        match self {
            V::Str(s) => Some(s.clone()),
            V::Num(n) => Some(super::cfn::fmt_num(*n)),
            V::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            V::Num(n) => Some(*n),
            V::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            V::Bool(b) => Some(*b),
            V::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            V::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
    /// The items of a list; a single value counts as a list of one.
    pub fn items(&self) -> Vec<&V> {
        match self {
            V::List(l) => l.iter().filter(|v| !matches!(v, V::NoValue)).collect(),
            V::NoValue | V::Null => Vec::new(),
            other => vec![other],
        }
    }
    pub fn entries(&self) -> &[(String, V)] {
        match self {
            V::Map(m) => m,
            _ => &[],
        }
    }
    /// The resource this value points at, when it is a reference.
    pub fn ref_id(&self) -> Option<&str> {
        match self {
            V::Ref(r) => Some(&r.id),
            V::Unknown(u) if u.refs.len() == 1 => Some(&u.refs[0].id),
            _ => None,
        }
    }
    /// Every resource referred to anywhere inside this value.
    pub fn refs(&self) -> Vec<Ref> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }
    fn collect_refs(&self, out: &mut Vec<Ref>) {
        match self {
            V::Ref(r) => out.push(r.clone()),
            V::Unknown(u) => out.extend(u.refs.iter().cloned()),
            V::List(l) => l.iter().for_each(|v| v.collect_refs(out)),
            V::Map(m) => m.iter().for_each(|(_, v)| v.collect_refs(out)),
            _ => {}
        }
    }
    /// The reason, when this value (not its parts) is unresolved.
    pub fn unresolved(&self) -> Option<&Unknown> {
        match self {
            V::Unknown(u) => Some(u),
            _ => None,
        }
    }
    /// A short readable form for reports.
    pub fn show(&self) -> String {
        match self {
            V::Null => "null".into(),
            V::NoValue => "(no value)".into(),
            V::Bool(b) => b.to_string(),
            V::Num(n) => super::cfn::fmt_num(*n),
            V::Str(s) => s.clone(),
            V::List(l) => format!("[{}]", l.iter().map(V::show).collect::<Vec<_>>().join(", ")),
            V::Map(m) => format!("{{{}}}", m.iter().map(|(k, v)| format!("{k}: {}", v.show())).collect::<Vec<_>>().join(", ")),
            V::Ref(r) => match &r.attr {
                Some(a) => format!("{}.{a}", r.id),
                None => r.id.clone(),
            },
            V::Unknown(u) => u.text.clone(),
        }
    }
}
