//! What the page's findings list pays per answer to key its rows (BENCHMARKS.md s32-edit), for
//! instruction counts: the findings of a generated design (`sample::synthetic(n)`), keyed as
//! the web crate's `findings::keyed` did on main (each finding formatted with `{:?}`, twice,
//! into a string key) and as it does now (the finding itself, compared and hashed by content),
//! each key then hashed into a set as Leptos' `For` does with its keys.
//!
//! `cargo run --profile release-native --example findings_keys -p cloudwright-engine -- 300`,
//! under `valgrind --tool=callgrind --toggle-collect='findings_keys::by_text' --toggle-collect='findings_keys::by_content'`.
use cloudwright_engine::rules::Finding;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// main's key: `"{n}:{f:?}"`, `n` the occurrence of that text.
#[inline(never)]
fn by_text(all: &[Finding]) -> usize {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let rows: Vec<(String, Finding)> = all
        .iter()
        .map(|f| {
            let content = format!("{f:?}");
            let n = seen.entry(content.clone()).or_insert(0);
            *n += 1;
            (format!("{n}:{content}"), f.clone())
        })
        .collect();
    let keys: HashSet<String> = rows.iter().map(|(k, _)| k.clone()).collect();
    keys.len()
}

/// The branch's key: the row `(n, finding)` itself.
#[inline(never)]
fn by_content(all: &[Finding]) -> usize {
    let mut seen: HashMap<&Finding, usize> = HashMap::with_capacity(all.len());
    let rows: Vec<Arc<(usize, Finding)>> = all
        .iter()
        .map(|f| {
            let n = seen.entry(f).or_insert(0);
            *n += 1;
            Arc::new((*n, f.clone()))
        })
        .collect();
    let keys: HashSet<Arc<(usize, Finding)>> = rows.iter().cloned().collect();
    keys.len()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let d = cloudwright_engine::sample::synthetic(n);
    let all = cloudwright_engine::rules::check(&d);
    let (a, b) = (by_text(&all), by_content(&all));
    assert_eq!(a, b, "the same rows either way");
    println!("{n} nodes: {} findings, {a} rows", all.len());
}
