//! The reference architectures in `templates/` (the app's template picker reads
//! `templates/index.json`): every listed file loads through the file-format module, passes the
//! rules engine with no unsuppressed error, and is laid out as a tidy diagram; the index lists
//! every design file in the folder.

use cloudwright_engine::model::{Design, NodeId, Rect};
use cloudwright_engine::rules::{self, Severity};
use cloudwright_engine::{catalog, file};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Leaf size and container padding the templates are laid out with.
const LEAF_W: f64 = 112.0;
const LEAF_H: f64 = 72.0;
const PAD: f64 = 24.0;
const HEADER: f64 = 36.0;
const EPS: f64 = 0.01;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    name: String,
    /// The gallery's one line under the thumbnail (issue 14).
    tagline: String,
    summary: String,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../templates")
}

fn index() -> Vec<Entry> {
    let path = dir().join("index.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not a list of {{file, name, tagline, summary}}: {e}", path.display()))
}

fn load(entry: &Entry) -> Design {
    let path = dir().join(&entry.file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    file::load(&text).unwrap_or_else(|e| panic!("{} does not load:\n{e}", entry.file))
}

#[test]
fn index_lists_every_template_and_at_least_nine() {
    let entries = index();
    assert!(entries.len() >= 9, "templates/index.json lists {} templates; expected at least 9", entries.len());
    let listed: BTreeSet<&str> = entries.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(listed.len(), entries.len(), "templates/index.json lists a file twice");
    let names: BTreeSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names.len(), entries.len(), "two templates share a name in templates/index.json");
    for e in &entries {
        assert!(e.file.ends_with(".json") && !e.file.contains('/') && e.file != "index.json", "bad file name {:?}", e.file);
        assert!(!e.name.trim().is_empty(), "{}: empty name", e.file);
        let s = e.summary.trim();
        assert!(!s.is_empty() && s.ends_with('.') && !s.contains('\n'), "{}: the summary must be one sentence", e.file);
        let t = e.tagline.trim();
        assert!(!t.is_empty() && t.len() <= 90 && !t.contains('\n'), "{}: the gallery's tagline must be one short line", e.file);
    }
    let mut on_disk = BTreeSet::new();
    for item in std::fs::read_dir(dir()).expect("templates/ exists") {
        let name = item.expect("readable entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != "index.json" {
            on_disk.insert(name);
        }
    }
    let missing: Vec<&String> = on_disk.iter().filter(|f| !listed.contains(f.as_str())).collect();
    assert!(missing.is_empty(), "templates/index.json does not list {missing:?}");
    let absent: Vec<&&str> = listed.iter().filter(|f| !on_disk.contains(**f)).collect();
    assert!(absent.is_empty(), "templates/index.json lists files that do not exist: {absent:?}");
}

#[test]
fn every_template_loads_and_has_no_unsuppressed_error() {
    let mut failures = Vec::new();
    for entry in index() {
        let design = load(&entry);
        for f in rules::check(&design) {
            if f.severity == Severity::Error && !f.is_suppressed() {
                failures.push(format!("{}: error {}: {}", entry.file, f.rule, f.message));
            }
        }
    }
    assert!(failures.is_empty(), "templates with errors:\n{}", failures.join("\n"));
}

#[test]
fn suppressions_in_templates_name_real_rules_and_give_reasons() {
    for entry in index() {
        let design = load(&entry);
        for n in design.nodes.values() {
            for s in &n.suppressions {
                assert!(rules::rule(&s.rule).is_some(), "{}: node {} suppresses unknown rule {}", entry.file, n.id, s.rule);
                assert!(s.reason.trim().len() >= 20, "{}: node {} suppresses {} without a real reason", entry.file, n.id, s.rule);
            }
        }
    }
}

fn inside(child: &Rect, parent: &Rect) -> bool {
    child.x >= parent.x + PAD - EPS
        && child.y >= parent.y + HEADER - EPS
        && child.x + child.w <= parent.x + parent.w - PAD + EPS
        && child.y + child.h <= parent.y + parent.h - PAD + EPS
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

#[test]
fn every_template_is_laid_out_as_a_tidy_diagram() {
    for entry in index() {
        let d = load(&entry);
        let f = &entry.file;
        let mut siblings: BTreeMap<Option<&NodeId>, Vec<&NodeId>> = BTreeMap::new();
        for n in d.nodes.values() {
            let r = d.layout.get(&n.id).unwrap_or_else(|| panic!("{f}: node {} has no position", n.id));
            let container = catalog::kind(&n.kind).is_some_and(|k| k.container);
            if !n.span.is_empty() {
                // A component spanning AZs (issue 14): a band as tall as a component, across
                // each of its subnets, inside its home subnet's row.
                assert!((r.h - LEAF_H).abs() < EPS && r.w >= LEAF_W, "{f}: band {} is {}x{}", n.id, r.w, r.h);
                for s in n.parent.iter().chain(&n.span) {
                    let sr = &d.layout[s];
                    assert!(r.x < sr.x + sr.w && sr.x < r.x + r.w && r.y >= sr.y + HEADER - EPS && r.y + r.h <= sr.y + sr.h + EPS, "{f}: {} does not span its subnet {s}", n.id);
                }
                siblings.entry(n.parent.as_ref()).or_default().push(&n.id);
                continue;
            }
            if !container {
                assert!((r.w - LEAF_W).abs() < EPS && (r.h - LEAF_H).abs() < EPS, "{f}: node {} is {}x{}, not {LEAF_W}x{LEAF_H}", n.id, r.w, r.h);
            }
            if let Some(p) = &n.parent {
                let pr = &d.layout[p];
                assert!(inside(r, pr), "{f}: node {} does not sit inside its container {p} (with {PAD} px padding and a {HEADER} px header)", n.id);
            }
            siblings.entry(n.parent.as_ref()).or_default().push(&n.id);
        }
        for ids in siblings.values() {
            for (i, a) in ids.iter().enumerate() {
                for b in &ids[i + 1..] {
                    assert!(!overlap(&d.layout[*a], &d.layout[*b]), "{f}: nodes {a} and {b} overlap");
                }
            }
        }
    }
}
