//! Terraform HCL source (`.tf`, one or several files of one root module) into resources
//! with resolved attributes, parsed by `hcl-rs`.
//!
//! Evaluated offline: literals, templates, `var.*` (given value, else default), `local.*`,
//! references to resources (`aws_subnet.a.id` → a reference), `count`/`for_each` expansion
//! (`count.index`, `each.key`/`each.value`), conditionals, `for` expressions, arithmetic and a
//! set of pure functions (cidrsubnet, element, length, lookup, concat, merge, join, split,
//! format, tolist/toset, try, coalesce, min/max). Not evaluated, and reported: data sources,
//! module outputs, file functions and any other function.

use crate::iac::value::{Ref, Unknown, V};
use hcl::expr::{BinaryOperator, Expression, ObjectKey, Operation, TraversalOperator, UnaryOperator};
use hcl::structure::{Block, Body, Structure};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A resource instance of the configuration.
pub struct TfResource {
    pub file: String,
    /// Address: `aws_subnet.public[0]`, `aws_vpc.main`.
    pub address: String,
    pub ty: String,
    pub attrs: V,
    pub notes: Vec<String>,
}

/// The configuration of a root module, gathered from its files.
#[derive(Default)]
pub struct Config {
    /// (file, block) of each `resource` block.
    resources: Vec<(String, Block)>,
    variables: BTreeMap<String, Option<Expression>>,
    locals: BTreeMap<String, Expression>,
    /// (file, name, source) of each module call.
    pub modules: Vec<(String, String, String)>,
    /// (file, address) of each data source.
    pub data: Vec<(String, String)>,
    /// The aws provider's region, when written.
    pub provider_region: Option<Expression>,
}

impl Config {
    /// Adds one file. Errors are the parser's message.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), String> {
        let body: Body = hcl::parse(text).map_err(|e| format!("not valid HCL: {e}"))?;
        for s in body.0 {
            let Structure::Block(b) = s else { continue };
            let labels: Vec<String> = b.labels.iter().map(|l| l.as_str().to_string()).collect();
            match (b.identifier.as_str(), labels.as_slice()) {
                ("resource", [_, _]) => self.resources.push((file.to_string(), b)),
                ("variable", [name]) => {
                    let default = attr(&b.body, "default").cloned();
                    self.variables.insert(name.clone(), default);
                }
                ("locals", []) => {
                    for s in &b.body.0 {
                        if let Structure::Attribute(a) = s {
                            self.locals.insert(a.key.as_str().to_string(), a.expr.clone());
                        }
                    }
                }
                ("module", [name]) => {
                    let src = attr(&b.body, "source").map(|e| match e {
                        Expression::String(s) => s.clone(),
                        other => format!("{other:?}"),
                    });
                    self.modules.push((file.to_string(), name.clone(), src.unwrap_or_default()));
                }
                ("data", [ty, name]) => self.data.push((file.to_string(), format!("data.{ty}.{name}"))),
                ("provider", [p]) if p == "aws" => {
                    if attr(&b.body, "alias").is_none() {
                        self.provider_region = attr(&b.body, "region").cloned();
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Every resource instance, with `count` and `for_each` expanded and attributes resolved.
    pub fn resources(&self, given: &BTreeMap<String, String>) -> (Vec<TfResource>, Vec<String>) {
        let ev = Eval { cfg: self, given, scope: RefCell::new(Vec::new()), locals_busy: RefCell::new(Vec::new()), counts: self.counts(given) };
        let mut out = Vec::new();
        let mut notes = Vec::new();
        for (name, default) in &self.variables {
            if default.is_none() && !given.contains_key(name) {
                notes.push(format!("variable {name} has no default and no value was given"));
            }
        }
        for (file, b) in &self.resources {
            let ty = b.labels[0].as_str().to_string();
            let name = b.labels[1].as_str().to_string();
            let base = format!("{ty}.{name}");
            for (address, bind) in ev.instances(&b.body, &base) {
                ev.scope.borrow_mut().push(bind.clone());
                let props = ev.body(&b.body);
                ev.scope.borrow_mut().pop();
                let mut rnotes = Vec::new();
                if let Some(why) = bind.iter().find_map(|(k, v)| if k == "#note" { v.as_str() } else { None }) {
                    rnotes.push(why);
                }
                out.push(TfResource { file: file.clone(), address, ty: ty.clone(), attrs: props, notes: rnotes });
            }
        }
        (out, notes)
    }

    /// A local value, evaluated (the importer reads `local.cloudwright_design`).
    pub fn local(&self, name: &str, given: &BTreeMap<String, String>) -> Option<V> {
        let e = self.locals.get(name)?;
        let ev = Eval { cfg: self, given, scope: RefCell::new(Vec::new()), locals_busy: RefCell::new(Vec::new()), counts: BTreeMap::new() };
        Some(ev.expr(e))
    }

    pub fn region(&self, given: &BTreeMap<String, String>) -> Option<String> {
        let e = self.provider_region.as_ref()?;
        let ev = Eval { cfg: self, given, scope: RefCell::new(Vec::new()), locals_busy: RefCell::new(Vec::new()), counts: BTreeMap::new() };
        ev.expr(e).as_str()
    }

    /// How many instances each `count` resource has (for splat references), when known.
    fn counts(&self, given: &BTreeMap<String, String>) -> BTreeMap<String, Vec<String>> {
        let ev = Eval { cfg: self, given, scope: RefCell::new(Vec::new()), locals_busy: RefCell::new(Vec::new()), counts: BTreeMap::new() };
        let mut out = BTreeMap::new();
        for (_, b) in &self.resources {
            let base = format!("{}.{}", b.labels[0].as_str(), b.labels[1].as_str());
            let addrs: Vec<String> = ev.instances(&b.body, &base).into_iter().map(|(a, _)| a).collect();
            out.insert(base, addrs);
        }
        out
    }
}

fn attr<'b>(body: &'b Body, key: &str) -> Option<&'b Expression> {
    body.0.iter().find_map(|s| match s {
        Structure::Attribute(a) if a.key.as_str() == key => Some(&a.expr),
        _ => None,
    })
}

type Scope = Vec<(String, V)>;

struct Eval<'c> {
    cfg: &'c Config,
    given: &'c BTreeMap<String, String>,
    /// Bindings: `count.index`, `each.key`, `each.value`, for-expression variables.
    scope: RefCell<Vec<Scope>>,
    locals_busy: RefCell<Vec<String>>,
    /// Instance addresses of each resource (for `aws_subnet.private[*].id`).
    counts: BTreeMap<String, Vec<String>>,
}

impl Eval<'_> {
    fn lookup(&self, name: &str) -> Option<V> {
        self.scope.borrow().iter().rev().find_map(|s| s.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    /// The instances of a resource block: (address, bindings).
    fn instances(&self, body: &Body, base: &str) -> Vec<(String, Scope)> {
        if let Some(c) = attr(body, "count") {
            return match self.expr(c).as_f64() {
                Some(n) => (0..n.max(0.0) as usize).map(|i| (format!("{base}[{i}]"), vec![("count.index".to_string(), V::Num(i as f64))])).collect(),
                None => vec![(base.to_string(), vec![("count.index".into(), V::Num(0.0)), ("#note".into(), V::Str("count is not known offline: one instance drawn".into()))])],
            };
        }
        if let Some(f) = attr(body, "for_each") {
            return match self.expr(f) {
                V::Map(m) => m.into_iter().map(|(k, v)| (format!("{base}[\"{k}\"]"), vec![("each.key".to_string(), V::Str(k)), ("each.value".to_string(), v)])).collect(),
                V::List(l) => l
                    .into_iter()
                    .map(|v| {
                        let k = v.as_str().unwrap_or_else(|| v.show());
                        (format!("{base}[\"{k}\"]"), vec![("each.key".to_string(), V::Str(k)), ("each.value".to_string(), v)])
                    })
                    .collect(),
                _ => vec![(base.to_string(), vec![("#note".into(), V::Str("for_each is not known offline: one instance drawn".into()))])],
            };
        }
        vec![(base.to_string(), Vec::new())]
    }

    /// A block body as a map: attributes as values, nested blocks as lists of maps (one entry
    /// per block of that type), `dynamic` blocks expanded.
    fn body(&self, body: &Body) -> V {
        let mut m: Vec<(String, V)> = Vec::new();
        let push_block = |m: &mut Vec<(String, V)>, key: &str, v: V| match m.iter_mut().find(|(k, _)| k == key) {
            Some((_, V::List(l))) => l.push(v),
            _ => m.push((key.to_string(), V::List(vec![v]))),
        };
        for s in &body.0 {
            match s {
                Structure::Attribute(a) => {
                    let k = a.key.as_str();
                    if matches!(k, "count" | "for_each" | "depends_on" | "provider" | "lifecycle") {
                        continue;
                    }
                    m.push((k.to_string(), self.expr(&a.expr)));
                }
                Structure::Block(b) if b.identifier.as_str() == "dynamic" => {
                    let Some(label) = b.labels.first().map(|l| l.as_str().to_string()) else { continue };
                    let iter_name = attr(&b.body, "iterator").and_then(|e| if let Expression::Variable(v) = e { Some(v.as_str().to_string()) } else { None }).unwrap_or(label.clone());
                    let coll = attr(&b.body, "for_each").map(|e| self.expr(e)).unwrap_or(V::Null);
                    let content = b.body.0.iter().find_map(|s| if let Structure::Block(c) = s { (c.identifier.as_str() == "content").then_some(&c.body) } else { None });
                    let Some(content) = content else { continue };
                    let items: Vec<(V, V)> = match coll {
                        V::List(l) => l.into_iter().enumerate().map(|(i, v)| (V::Num(i as f64), v)).collect(),
                        V::Map(mm) => mm.into_iter().map(|(k, v)| (V::Str(k), v)).collect(),
                        _ => Vec::new(),
                    };
                    for (k, v) in items {
                        let obj = V::Map(vec![("key".into(), k), ("value".into(), v)]);
                        self.scope.borrow_mut().push(vec![(iter_name.clone(), obj)]);
                        let bv = self.body(content);
                        self.scope.borrow_mut().pop();
                        push_block(&mut m, &label, bv);
                    }
                }
                Structure::Block(b) if b.identifier.as_str() == "lifecycle" => {}
                Structure::Block(b) => {
                    let v = self.body(&b.body);
                    push_block(&mut m, b.identifier.as_str(), v);
                }
            }
        }
        V::Map(m)
    }

    fn expr(&self, e: &Expression) -> V {
        match e {
            Expression::Null => V::Null,
            Expression::Bool(b) => V::Bool(*b),
            Expression::Number(n) => V::Num(n.as_f64().unwrap_or(0.0)),
            Expression::String(s) => V::Str(s.clone()),
            Expression::Array(items) => V::List(items.iter().map(|i| self.expr(i)).collect()),
            Expression::Object(o) => V::Map(
                o.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Identifier(i) => i.as_str().to_string(),
                            ObjectKey::Expression(e) => self.expr(e).as_str().unwrap_or_else(|| "?".into()),
                            _ => "?".into(),
                        };
                        (key, self.expr(v))
                    })
                    .collect(),
            ),
            Expression::TemplateExpr(t) => self.template(t),
            Expression::Variable(v) => self.variable(v.as_str(), &[]),
            Expression::Traversal(t) => match &t.expr {
                Expression::Variable(v) => self.variable(v.as_str(), &t.operators),
                other => {
                    let base = self.expr(other);
                    self.apply_ops(base, &t.operators)
                }
            },
            Expression::FuncCall(f) => self.call(f.name.name.as_str(), &f.args),
            Expression::Parenthesis(p) => self.expr(p),
            Expression::Conditional(c) => match self.expr(&c.cond_expr).as_bool() {
                Some(true) => self.expr(&c.true_expr),
                Some(false) => self.expr(&c.false_expr),
                None => {
                    let mut refs = self.expr(&c.true_expr).refs();
                    refs.extend(self.expr(&c.false_expr).refs());
                    V::Unknown(Unknown { text: "(condition)".into(), why: "a conditional whose condition is not known offline".into(), refs })
                }
            },
            Expression::Operation(op) => self.operation(op),
            Expression::ForExpr(f) => {
                let coll = self.expr(&f.collection_expr);
                let items: Vec<(V, V)> = match coll {
                    V::List(l) => l.into_iter().enumerate().map(|(i, v)| (V::Num(i as f64), v)).collect(),
                    V::Map(m) => m.into_iter().map(|(k, v)| (V::Str(k), v)).collect(),
                    other => return unknown_like(&other, "a for expression over a collection not known offline"),
                };
                let mut list = Vec::new();
                let mut map = Vec::new();
                for (k, v) in items {
                    let mut bind = vec![(f.value_var.as_str().to_string(), v)];
                    if let Some(kv) = &f.key_var {
                        bind.push((kv.as_str().to_string(), k));
                    }
                    self.scope.borrow_mut().push(bind);
                    let keep = f.cond_expr.as_ref().map(|c| self.expr(c).as_bool().unwrap_or(true)).unwrap_or(true);
                    if keep {
                        let val = self.expr(&f.value_expr);
                        match &f.key_expr {
                            Some(ke) => map.push((self.expr(ke).as_str().unwrap_or_default(), val)),
                            None => list.push(val),
                        }
                    }
                    self.scope.borrow_mut().pop();
                }
                if f.key_expr.is_some() { V::Map(map) } else { V::List(list) }
            }
            _ => V::unknown("(expression)", "an expression form this importer does not read"),
        }
    }

    fn template(&self, t: &hcl::expr::TemplateExpr) -> V {
        let Ok(tpl) = hcl::Template::from_expr(t) else { return V::unknown("(template)", "a template that could not be read") };
        let mut parts = Vec::new();
        for el in tpl.elements() {
            match el {
                hcl::template::Element::Literal(s) => parts.push(V::Str(s.clone())),
                hcl::template::Element::Interpolation(i) => parts.push(self.expr(&i.expr)),
                hcl::template::Element::Directive(_) => parts.push(V::unknown("%{...}", "a template directive is not evaluated offline")),
            }
        }
        concat(parts)
    }

    /// A root name with its traversal: `var.x`, `local.y`, `aws_subnet.a[0].id`, `each.value`.
    fn variable(&self, root: &str, ops: &[TraversalOperator]) -> V {
        let attr_at = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
            _ => None,
        };
        match root {
            "var" => {
                let Some(name) = attr_at(0) else { return V::unknown("var", "bad variable reference") };
                let v = match (self.given.get(&name), self.cfg.variables.get(&name)) {
                    (Some(g), _) => V::Str(g.clone()),
                    (None, Some(Some(d))) => self.expr(d),
                    (None, Some(None)) => V::unknown(format!("${{var.{name}}}"), format!("variable {name} has no default and no value was given")),
                    (None, None) => V::unknown(format!("${{var.{name}}}"), format!("variable {name} is not declared")),
                };
                self.apply_ops(v, &ops[1..])
            }
            "local" => {
                let Some(name) = attr_at(0) else { return V::unknown("local", "bad local reference") };
                if self.locals_busy.borrow().contains(&name) {
                    return V::unknown(format!("local.{name}"), "a local that refers to itself");
                }
                let v = match self.cfg.locals.get(&name) {
                    Some(e) => {
                        self.locals_busy.borrow_mut().push(name.clone());
                        let v = self.expr(e);
                        self.locals_busy.borrow_mut().pop();
                        v
                    }
                    None => V::unknown(format!("local.{name}"), format!("local {name} is not defined")),
                };
                self.apply_ops(v, &ops[1..])
            }
            "count" => match (attr_at(0).as_deref(), self.lookup("count.index")) {
                (Some("index"), Some(v)) => v,
                _ => V::unknown("count.index", "count.index outside a counted resource"),
            },
            "each" => match attr_at(0).as_deref() {
                Some("key") => self.lookup("each.key").unwrap_or_else(|| V::unknown("each.key", "each.key outside for_each")),
                Some("value") => {
                    let v = self.lookup("each.value").unwrap_or_else(|| V::unknown("each.value", "each.value outside for_each"));
                    self.apply_ops(v, &ops[1..])
                }
                _ => V::unknown("each", "bad each reference"),
            },
            "data" => {
                let addr = format!("data.{}.{}", attr_at(0).unwrap_or_default(), attr_at(1).unwrap_or_default());
                V::unknown(format!("${{{addr}}}"), format!("data source {addr} is read from the cloud at plan time"))
            }
            "module" => {
                let m = attr_at(0).unwrap_or_default();
                V::unknown(format!("${{module.{m}.{}}}", attr_at(1).unwrap_or_default()), format!("module {m} is not resolved offline"))
            }
            "path" | "terraform" | "self" => V::unknown(root, format!("{root}.* is not known offline")),
            _ => {
                if let Some(bound) = self.lookup(root) {
                    return self.apply_ops(bound, ops);
                }
                // A resource reference: TYPE.NAME[index].attr...
                let Some(name) = attr_at(0) else { return V::unknown(root, format!("{root} is not a known name")) };
                let base = format!("{root}.{name}");
                let Some(instances) = self.counts.get(&base) else {
                    return V::unknown(format!("${{{base}}}"), format!("{base} is not a resource of the imported files"));
                };
                let rest = &ops[1..];
                match rest.first() {
                    Some(TraversalOperator::Index(ix)) => {
                        let k = self.expr(ix);
                        let addr = match &k {
                            V::Num(n) => format!("{base}[{}]", *n as i64),
                            V::Str(s) => format!("{base}[\"{s}\"]"),
                            _ => return unknown_like(&k, "an index not known offline"),
                        };
                        self.resource_ref(&addr, &rest[1..])
                    }
                    Some(TraversalOperator::LegacyIndex(n)) => self.resource_ref(&format!("{base}[{n}]"), &rest[1..]),
                    Some(TraversalOperator::AttrSplat | TraversalOperator::FullSplat) => V::List(instances.iter().map(|a| self.resource_ref(a, &rest[1..])).collect()),
                    _ if instances.len() == 1 && instances[0] == base => self.resource_ref(&base, rest),
                    _ => {
                        // A counted resource used as a whole (for_each maps, lists of instances).
                        V::List(instances.iter().map(|a| self.resource_ref(a, rest)).collect())
                    }
                }
            }
        }
    }

    fn resource_ref(&self, addr: &str, ops: &[TraversalOperator]) -> V {
        let attr: Vec<String> = ops.iter().filter_map(|o| if let TraversalOperator::GetAttr(a) = o { Some(a.as_str().to_string()) } else { None }).collect();
        V::Ref(Ref { id: addr.to_string(), attr: if attr.is_empty() { None } else { Some(attr.join(".")) } })
    }

    fn apply_ops(&self, mut v: V, ops: &[TraversalOperator]) -> V {
        for op in ops {
            v = match (op, v) {
                (TraversalOperator::GetAttr(a), V::Map(m)) => m.into_iter().find(|(k, _)| k == a.as_str()).map(|(_, x)| x).unwrap_or(V::Null),
                (TraversalOperator::GetAttr(a), V::Ref(r)) => V::Ref(Ref { id: r.id, attr: Some(match r.attr { Some(x) => format!("{x}.{}", a.as_str()), None => a.as_str().to_string() }) }),
                (TraversalOperator::Index(ix), V::List(l)) => match self.expr(ix).as_f64() {
                    Some(i) => l.get(i as usize).cloned().unwrap_or(V::Null),
                    None => V::unknown("[?]", "an index not known offline"),
                },
                (TraversalOperator::Index(ix), V::Map(m)) => {
                    let k = self.expr(ix).as_str().unwrap_or_default();
                    m.into_iter().find(|(kk, _)| *kk == k).map(|(_, x)| x).unwrap_or(V::Null)
                }
                (TraversalOperator::LegacyIndex(i), V::List(l)) => l.get(*i as usize).cloned().unwrap_or(V::Null),
                (TraversalOperator::AttrSplat | TraversalOperator::FullSplat, v) => v,
                (_, u @ V::Unknown(_)) => u,
                (_, other) => unknown_like(&other, "an attribute of a value that has none"),
            };
        }
        v
    }

    fn operation(&self, op: &Operation) -> V {
        match op {
            Operation::Unary(u) => {
                let v = self.expr(&u.expr);
                match (u.operator, &v) {
                    (UnaryOperator::Not, _) => v.as_bool().map(|b| V::Bool(!b)).unwrap_or_else(|| unknown_like(&v, "not known offline")),
                    (UnaryOperator::Neg, _) => v.as_f64().map(|n| V::Num(-n)).unwrap_or_else(|| unknown_like(&v, "not known offline")),
                }
            }
            Operation::Binary(b) => {
                let (l, r) = (self.expr(&b.lhs_expr), self.expr(&b.rhs_expr));
                use BinaryOperator::*;
                let num = |f: fn(f64, f64) -> f64| match (l.as_f64(), r.as_f64()) {
                    (Some(a), Some(c)) => V::Num(f(a, c)),
                    _ => unknown_like(&l, "arithmetic on a value not known offline"),
                };
                match b.operator {
                    Plus => num(|a, c| a + c),
                    Minus => num(|a, c| a - c),
                    Mul => num(|a, c| a * c),
                    Div => num(|a, c| a / c),
                    Mod => num(|a, c| a % c),
                    Eq | NotEq => {
                        if l.unresolved().is_some() || r.unresolved().is_some() || matches!(l, V::Ref(_)) || matches!(r, V::Ref(_)) {
                            return V::unknown("(comparison)", "a comparison of values not known offline");
                        }
                        let same = l.as_str().unwrap_or_else(|| l.show()) == r.as_str().unwrap_or_else(|| r.show());
                        V::Bool(if b.operator == Eq { same } else { !same })
                    }
                    Less | LessEq | Greater | GreaterEq => match (l.as_f64(), r.as_f64()) {
                        (Some(a), Some(c)) => V::Bool(match b.operator {
                            Less => a < c,
                            LessEq => a <= c,
                            Greater => a > c,
                            _ => a >= c,
                        }),
                        _ => V::unknown("(comparison)", "a comparison of values not known offline"),
                    },
                    And | Or => match (l.as_bool(), r.as_bool()) {
                        (Some(a), Some(c)) => V::Bool(if b.operator == And { a && c } else { a || c }),
                        _ => V::unknown("(condition)", "a condition not known offline"),
                    },
                }
            }
        }
    }

    fn call(&self, name: &str, args: &[Expression]) -> V {
        let a: Vec<V> = args.iter().map(|x| self.expr(x)).collect();
        let unknown_call = |why: &str| {
            let refs = a.iter().flat_map(V::refs).collect();
            V::Unknown(Unknown { text: format!("{name}(...)"), why: why.to_string(), refs })
        };
        let num = |i: usize| a.get(i).and_then(V::as_f64);
        let list = |i: usize| match a.get(i) {
            Some(V::List(l)) => Some(l.clone()),
            _ => None,
        };
        match name {
            "cidrsubnet" => match (a.first().and_then(V::as_str).and_then(|c| crate::catalog::parse_cidr(&c).ok()), num(1), num(2)) {
                (Some((net, len)), Some(bits), Some(n)) if (len as f64 + bits) <= 32.0 => {
                    let new_len = len as u32 + bits as u32;
                    let addr = net.wrapping_add((n as u32) << (32 - new_len));
                    V::Str(format!("{}.{}.{}.{}/{new_len}", addr >> 24, (addr >> 16) & 255, (addr >> 8) & 255, addr & 255))
                }
                _ => unknown_call("cidrsubnet of a block not known offline"),
            },
            "element" => match (list(0), num(1)) {
                (Some(l), Some(i)) if !l.is_empty() => l[i as usize % l.len()].clone(),
                _ => unknown_call("element of a list not known offline"),
            },
            "length" => match a.first() {
                Some(V::List(l)) => V::Num(l.len() as f64),
                Some(V::Map(m)) => V::Num(m.len() as f64),
                Some(V::Str(s)) => V::Num(s.chars().count() as f64),
                _ => unknown_call("length of a value not known offline"),
            },
            "lookup" => match a.first() {
                Some(V::Map(m)) => {
                    let k = a.get(1).and_then(V::as_str).unwrap_or_default();
                    m.iter().find(|(kk, _)| *kk == k).map(|(_, v)| v.clone()).or_else(|| a.get(2).cloned()).unwrap_or_else(|| unknown_call("lookup of a missing key"))
                }
                _ => unknown_call("lookup in a map not known offline"),
            },
            "concat" => {
                if a.iter().all(|x| matches!(x, V::List(_))) {
                    V::List(a.iter().flat_map(|x| x.items().into_iter().cloned()).collect())
                } else {
                    unknown_call("concat of lists not known offline")
                }
            }
            "merge" => {
                if a.iter().all(|x| matches!(x, V::Map(_))) {
                    let mut out: Vec<(String, V)> = Vec::new();
                    for m in &a {
                        for (k, v) in m.entries() {
                            out.retain(|(kk, _)| kk != k);
                            out.push((k.clone(), v.clone()));
                        }
                    }
                    V::Map(out)
                } else {
                    unknown_call("merge of maps not known offline")
                }
            }
            "tolist" | "toset" | "tomap" | "tostring" | "tonumber" | "sensitive" | "nonsensitive" => a.into_iter().next().unwrap_or(V::Null),
            "join" => match (a.first().and_then(V::as_str), list(1)) {
                (Some(sep), Some(l)) => concat(l.into_iter().enumerate().flat_map(|(i, v)| if i > 0 { vec![V::Str(sep.clone()), v] } else { vec![v] }).collect()),
                _ => unknown_call("join of a list not known offline"),
            },
            "split" => match (a.first().and_then(V::as_str), a.get(1).and_then(V::as_str)) {
                (Some(sep), Some(s)) if !sep.is_empty() => V::List(s.split(sep.as_str()).map(|p| V::Str(p.into())).collect()),
                _ => unknown_call("split of a string not known offline"),
            },
            "format" => match a.first().and_then(V::as_str) {
                Some(f) => {
                    let mut parts = Vec::new();
                    let mut rest = f.as_str();
                    let mut i = 1;
                    while let Some(p) = rest.find('%') {
                        parts.push(V::Str(rest[..p].to_string()));
                        let spec = rest[p + 1..].chars().next().unwrap_or('s');
                        if spec == '%' {
                            parts.push(V::Str("%".into()));
                        } else {
                            parts.push(a.get(i).cloned().unwrap_or(V::Null));
                            i += 1;
                        }
                        rest = &rest[(p + 1 + spec.len_utf8()).min(rest.len())..];
                    }
                    parts.push(V::Str(rest.to_string()));
                    concat(parts)
                }
                None => unknown_call("format with a pattern not known offline"),
            },
            "min" | "max" => {
                let ns: Option<Vec<f64>> = a.iter().map(V::as_f64).collect();
                match ns {
                    Some(ns) if !ns.is_empty() => V::Num(if name == "min" { ns.iter().cloned().fold(f64::INFINITY, f64::min) } else { ns.iter().cloned().fold(f64::NEG_INFINITY, f64::max) }),
                    _ => unknown_call("min/max of values not known offline"),
                }
            }
            "try" | "coalesce" => a.into_iter().find(|v| !matches!(v, V::Unknown(_) | V::Null) && v.as_str().is_none_or(|s| !s.is_empty())).unwrap_or(V::Null),
            "file" | "templatefile" | "filebase64" | "fileexists" => unknown_call(&format!("{name}() reads a file that is not among the imported ones")),
            // Kept as the structure it encodes: task definitions and redrive policies are read from it.
            "jsonencode" | "yamlencode" => a.into_iter().next().unwrap_or(V::Null),
            "jsondecode" => match a.first() {
                Some(V::Str(t)) => serde_json::from_str::<serde_json::Value>(t).map(|j| crate::iac::terraform::translate::json_value(&j)).unwrap_or_else(|_| unknown_call("jsondecode of text that is not JSON")),
                Some(other) => other.clone(),
                None => V::Null,
            },
            _ => unknown_call(&format!("the function {name}() is not evaluated offline")),
        }
    }
}

fn unknown_like(v: &V, why: &str) -> V {
    match v {
        V::Unknown(u) => V::Unknown(u.clone()),
        other => V::Unknown(Unknown { text: other.show(), why: why.into(), refs: other.refs() }),
    }
}

/// Joins template parts: a string when all are known, else an unknown keeping references.
fn concat(parts: Vec<V>) -> V {
    if parts.len() == 1 && !matches!(parts[0], V::Str(_)) {
        return parts.into_iter().next().unwrap_or(V::Null);
    }
    if parts.iter().all(|p| p.as_str().is_some()) {
        return V::Str(parts.iter().filter_map(V::as_str).collect());
    }
    let mut text = String::new();
    let mut refs = Vec::new();
    let mut why = None;
    for p in &parts {
        match p {
            V::Ref(r) => {
                text.push_str(&format!("${{{}}}", p.show()));
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
    V::Unknown(Unknown { text, why: why.unwrap_or_else(|| "names another resource, whose value exists only once deployed".into()), refs })
}
