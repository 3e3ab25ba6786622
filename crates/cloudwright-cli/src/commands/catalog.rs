//! `cloudwright catalog [QUERY] [--json]`: every component kind, grouped by category, with
//! where it may sit and its properties (unit, default, range or options). A QUERY keeps only
//! the kinds `catalog::search` finds. `--json` prints the kind specs as a JSON list.

use crate::args::{Args, JSON};
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::catalog::{self, Category, KindSpec, PropDefault, PropSpec, PropType, ROOT};

pub const COMMAND: Command = Command {
    name: "catalog",
    synopsis: "[QUERY] [--json]",
    summary: "list every component kind and its properties",
    options: &[JSON],
    operands: (0, 1),
    example: &[],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let json = args.flag("--json");
    let kinds: Vec<&'static KindSpec> = match args.operand(0) {
        Some(q) => catalog::search(q),
        None => catalog::KINDS.iter().collect(),
    };
    let props: usize = kinds.iter().map(|k| k.props.len()).sum();
    let counts = format!("{} kinds, {} properties", kinds.len(), props);

    if json {
        out.json(&kinds);
        // Keep stdout pure JSON; the summary goes to stderr.
        out.error(&counts);
        return Ok(Status::Ok);
    }

    let mut text = String::new();
    for cat in Category::ALL {
        let in_cat: Vec<&&KindSpec> = kinds.iter().filter(|k| k.category == cat).collect();
        if in_cat.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{} ({})\n{}\n", cat.name(), in_cat.len(), "=".repeat(cat.name().len() + 3 + digits(in_cat.len()))));
        for k in in_cat {
            kind_block(&mut text, k);
        }
    }
    if kinds.is_empty() {
        text.push_str("no kind matches\n");
    }
    text.push_str(&format!("\n{counts}\n"));
    out.text(&text);
    Ok(Status::Ok)
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

fn kind_block(out: &mut String, k: &KindSpec) {
    let parents: Vec<&str> = k.parents.iter().map(|p| if *p == ROOT { "top level" } else { p }).collect();
    let mut head = format!("\n{:<24} {}", k.id, k.name);
    if k.container {
        head.push_str("  [container]");
    }
    if k.port > 0 {
        head.push_str(&format!("  port {}", k.port));
    }
    out.push_str(&head);
    out.push('\n');
    out.push_str(&format!("  {}\n", k.summary));
    out.push_str(&format!("  sits in: {}\n", parents.join(", ")));
    let conns = |ks: &[cloudwright_engine::ConnKind]| if ks.is_empty() { "-".to_string() } else { ks.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ") };
    out.push_str(&format!("  starts: {}; accepts: {}\n", conns(k.emits), conns(k.accepts)));
    out.push_str(&format!("  source: {}\n", k.source));
    if k.props.is_empty() {
        out.push_str("  (no properties)\n");
        return;
    }
    let rows: Vec<[String; 5]> = k.props.iter().map(prop_row).collect();
    let mut w = [0usize; 5];
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    for r in rows {
        let line = format!("    {:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}", r[0], r[1], r[2], r[3], r[4], w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3]);
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// key, type, unit, default, range or options.
fn prop_row(p: &PropSpec) -> [String; 5] {
    let (ty, range) = match &p.ty {
        PropType::Bool => ("bool", String::new()),
        PropType::Number { min, max } => ("number", format!("{}..{}", num(*min), num(*max))),
        PropType::Integer { min, max } => ("integer", format!("{}..{}", num(*min), num(*max))),
        PropType::Choice { options } => ("choice", options.join("|")),
        PropType::Text => ("text", String::new()),
        PropType::Cidr => ("cidr", String::new()),
        PropType::List => ("list", String::new()),
    };
    let default = match &p.default {
        PropDefault::Bool(b) => b.to_string(),
        PropDefault::Number(n) => num(*n),
        PropDefault::Text(s) => (*s).to_string(),
        PropDefault::List(l) => format!("[{}]", l.join(", ")),
    };
    [p.key.to_string(), ty.to_string(), p.unit.to_string(), format!("default {default}"), range]
}

/// Short number: 86400, 0.85, 1e13.
fn num(n: f64) -> String {
    if n.abs() >= 1e6 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}
