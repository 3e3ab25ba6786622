//! Every property the inspector offers is read by an analysis (or says it is a note), and no
//! analysis reads a property the catalog does not define for the kind it reads it from
//! (issue 19: "no silent defaults").
//!
//! # How, and why this way
//!
//! Analyses read properties by string key (`d.flag(n, "imdsv2")`). Two things can go wrong,
//! and a grep of the source can be fooled on both: a key built at run time (`for key in
//! [...]`, `format!`) is invisible to it, a key in a comment or a dead branch looks like a
//! read, and a grep cannot tell *which kind* a key is read from (`public_ip` exists on
//! `ec2`, so a grep is happy with a read of it from an `asg` node, which silently reads
//! `false`). So the guard is in the accessors themselves:
//!
//! 1. **Typo'd or misplaced keys fail at run time.** In debug builds (every `cargo test`)
//!    [`Design::prop`] and its wrappers (`num`, `flag`, `text`, `is_set`, and every
//!    analysis-local helper built on them) panic when the node's kind does not define the key
//!    (`catalog::reads`). The rare deliberate "whichever kinds have it" read
//!    (`az_count` of anything in a VPC, `read_ratio` of any data store) goes through
//!    [`Design::prop_where_defined`], which panics instead when *no* kind defines the key.
//!    Release builds compile the check away.
//! 2. **Every read is exercised.** [`every_catalog_property_is_read_or_a_note`] runs every
//!    analysis (rules, cost and its growth series, traffic, latency and its series, both
//!    comparisons and their switch edits) over every design we have: the 9 templates, the
//!    samples, every rule fixture (pass and fail), the file-format fixtures and the property
//!    fixtures in `tests/fixtures/props/` (designs that reach branches nothing else reaches).
//!    Each read is recorded as `(kind, key)` (`catalog::reads::record`), so a read that panics
//!    under (1) fails this test, and a catalog property no recorded read touched is reported
//!    as unread, unless it is declared a [`NOTES`] entry (whose help text must say so) or
//!    [`PENDING`] on another issue. An entry of either list that *is* read fails too, so the
//!    lists cannot go stale.
//! 3. **A static scan as a second net** ([`every_literal_key_read_exists_in_the_catalog`]):
//!    every string-literal key passed to an accessor anywhere in the engine, CLI and web
//!    sources must be a property of some kind, and analyses may not reach into `node.props`
//!    directly. This catches a typo in a branch no design reaches yet.
//!
//! A read is not yet an effect a user can see; each effect has its own test (rule fixtures,
//! cost and latency cases).

use cloudwright_engine::catalog::{self, reads, KINDS};
use cloudwright_engine::compare::{self, ApiProfile, ApiType, ContainerOption, ContainerProfile};
use cloudwright_engine::{capacity, cost, latency, rules, sample, traffic, Design};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Properties no analysis reads on purpose: notes kept with the design for the people who
/// read it. Each one's help text says "Note:" so the inspector tells the user.
const NOTES: &[(&str, &str)] = &[];

/// Properties whose effect another issue is adding right now: `(kind, key, who)`. Remove an
/// entry when that work lands on main (this test fails once the property is read).
const PENDING: &[(&str, &str, &str)] = &[];

mod common;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every design we have, by name ([`common::design_corpus`]): property, rule and file-format
/// fixtures, templates, IaC samples imported and the samples.
fn corpus() -> Vec<(String, Design)> {
    common::design_corpus()
}

/// Every analysis a user can see the result of, over one design. Add new analyses here.
fn run_every_analysis(d: &Design) {
    let _ = rules::check(d);
    let _ = traffic::traffic(d);
    let _ = cost::cost(d);
    let _ = cost::cost_series(d, &[0.1, 10.0, 100.0]);
    let _ = latency::project(d);
    let _ = latency::series(d, &[0.1, 10.0]);
    let _ = capacity::analyse(d, 1.0);
    let _ = capacity::analyse(d, 10.0);
    for id in d.nodes.keys() {
        if let Ok(p) = ContainerProfile::from_node(d, id) {
            let _ = compare::compare_containers(&p);
            let _ = compare::compare_containers_in(d, id);
            for o in ContainerOption::ALL {
                let _ = compare::apply_container_option(d, id, o);
            }
        }
        if let Ok(p) = ApiProfile::from_node(d, id) {
            let _ = compare::compare_api(&p);
            let _ = compare::compare_api_in(d, id);
            for t in ApiType::ALL {
                let _ = compare::apply_api_type(d, id, t);
            }
        }
    }
}

fn all_keys() -> BTreeSet<(&'static str, &'static str)> {
    KINDS.iter().flat_map(|k| k.props.iter().map(move |p| (k.id, p.key))).collect()
}

/// The catalog keys neither read, nor a note, nor pending; and list entries that are read.
fn unread(read: &BTreeSet<reads::Read>) -> (Vec<String>, Vec<String>) {
    let declared: BTreeSet<(&str, &str)> = NOTES.iter().copied().chain(PENDING.iter().map(|(k, p, _)| (*k, *p))).collect();
    let missing = all_keys().into_iter().filter(|k| !read.contains(k) && !declared.contains(k)).map(|(k, p)| format!("{k}.{p}")).collect();
    let stale = declared.iter().filter(|k| read.contains(*k)).map(|(k, p)| format!("{k}.{p}")).collect();
    (missing, stale)
}

#[test]
fn every_catalog_property_is_read_or_a_note() {
    let mut read = BTreeSet::new();
    for (name, d) in corpus() {
        let (r, reads) = reads::record(|| std::panic::catch_unwind(|| run_every_analysis(&d)));
        if let Err(e) = r {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            panic!("analysing {name}: {msg}");
        }
        read.extend(reads);
    }
    let (missing, stale) = unread(&read);
    assert!(
        missing.is_empty(),
        "{} catalog propert{} read by no analysis over the corpus: {}.\nMake it change a rule, a cost line, a latency or a capacity \
         (with a design in tests/fixtures/props/ that reaches the read), or remove it from the catalog (with a file migration), \
         or declare it a note in NOTES (its help text saying so).",
        missing.len(),
        if missing.len() == 1 { "y is" } else { "ies are" },
        missing.join(", ")
    );
    assert!(stale.is_empty(), "declared unread (NOTES/PENDING) but read now, remove from the list: {}", stale.join(", "));
}

#[test]
fn the_unread_check_reports_an_unread_key() {
    // The check itself, on a read set missing one key: it must name that key (and call the
    // declared entries that are read stale).
    let mut read: BTreeSet<reads::Read> = all_keys();
    assert!(unread(&read).0.is_empty());
    assert!(!unread(&read).1.is_empty() || NOTES.is_empty() && PENDING.is_empty());
    read.remove(&("ec2", "instance_type"));
    assert_eq!(unread(&read).0, vec!["ec2.instance_type".to_string()]);
}

#[test]
fn notes_say_so_in_their_help_text() {
    for (kind, key) in NOTES {
        let p = catalog::kind(kind).and_then(|k| k.prop(key)).unwrap_or_else(|| panic!("NOTES names {kind}.{key}, not in the catalog"));
        assert!(p.help.starts_with("Note:"), "{kind}.{key} is declared a note: its help text must start with \"Note:\" (got {:?})", p.help);
    }
    for (kind, key, _) in PENDING {
        assert!(catalog::kind(kind).and_then(|k| k.prop(key)).is_some(), "PENDING names {kind}.{key}, not in the catalog");
    }
}

fn ec2_node() -> (Design, cloudwright_engine::Node) {
    bare_node("ec2")
}

/// A design holding one node of `kind` with no property set, and that node.
fn bare_node(kind: &str) -> (Design, cloudwright_engine::Node) {
    let mut d = Design::new("t", "us-east-1");
    let n = cloudwright_engine::Node {
        id: cloudwright_engine::NodeId::new("web"),
        kind: kind.into(),
        label: String::new(),
        parent: None,
        span: vec![],
        props: Default::default(),
        ingress: vec![],
        suppressions: vec![],
    };
    d.nodes.insert(n.id.clone(), n.clone());
    (d, n)
}

#[test]
#[should_panic(expected = "catalog defines no such property for ec2")]
fn a_typo_in_a_key_panics_in_debug_builds() {
    let (d, n) = ec2_node();
    let _ = d.flag(&n, "imdsv"); // the typo this test exists for
}

#[test]
#[should_panic(expected = "catalog defines no such property for ec2")]
fn a_key_of_another_kind_panics_in_debug_builds() {
    let (d, n) = ec2_node();
    let _ = d.num(&n, "desired"); // an asg property
}

#[test]
#[should_panic(expected = "no kind of the catalog defines it")]
fn a_typo_in_a_generic_read_panics_in_debug_builds() {
    let (d, n) = ec2_node();
    let _ = d.prop_where_defined(&n, "az_cuont");
}

#[test]
fn a_generic_read_is_none_where_the_kind_lacks_the_key() {
    let (d, n) = ec2_node();
    assert_eq!(d.prop_where_defined(&n, "az_count"), None);
    assert_eq!(d.prop_where_defined(&n, "imdsv2").and_then(|v| v.as_bool()), Some(true));
    let (_, reads) = reads::record(|| {
        let _ = d.prop_where_defined(&n, "az_count");
        let _ = d.flag(&n, "ssm");
    });
    assert_eq!(reads.into_iter().collect::<Vec<_>>(), vec![("ec2", "ssm")], "only reads of defined keys are recorded");
}

#[test]
#[should_panic(expected = "catalog defines no such property for ec2")]
fn a_typo_in_a_borrowing_read_panics_in_debug_builds() {
    let (d, n) = ec2_node();
    let _ = d.prop_ref(&n, "imdsv"); // the typo, through the read that copies nothing
}

#[test]
fn a_borrowing_read_returns_and_records_what_prop_does() {
    // Every property of every kind, once at its catalog default and once set on the node:
    // the borrowed value is the one `prop` returns, and the read is recorded the same way.
    for k in KINDS {
        let (d, mut n) = bare_node(k.id);
        for p in k.props {
            for set in [false, true] {
                if set {
                    n.props.insert(p.key.to_string(), match p.default.to_value() {
                        cloudwright_engine::Value::Number(x) => cloudwright_engine::Value::Number(x + 1.0),
                        cloudwright_engine::Value::Bool(b) => cloudwright_engine::Value::Bool(!b),
                        cloudwright_engine::Value::Text(t) => cloudwright_engine::Value::Text(format!("{t}-set")),
                        cloudwright_engine::Value::List(mut l) => {
                            l.push("set".into());
                            cloudwright_engine::Value::List(l)
                        }
                    });
                }
                let (owned, by_prop) = reads::record(|| d.prop(&n, p.key));
                let (borrowed, by_ref) = reads::record(|| d.prop_ref(&n, p.key).map(|v| v.to_value()));
                assert_eq!(borrowed, owned, "{}.{} (set: {set})", k.id, p.key);
                assert_eq!(by_ref, by_prop, "{}.{}", k.id, p.key);
                assert_eq!(by_ref.into_iter().collect::<Vec<_>>(), vec![(k.id, p.key)]);
                let text = d.text(&n, p.key);
                assert_eq!(d.text_ref(&n, p.key), text.as_str(), "{}.{}", k.id, p.key);
                assert_eq!(d.prop_where_defined_ref(&n, p.key).map(|v| v.to_value()), d.prop_where_defined(&n, p.key));
            }
        }
    }
}

// ---------------------------------------------------------------- static scan

/// Functions that read a property by key; the first string literal among their arguments is
/// the key. (`text_or`, `num_or` and `flag_or` are the latency helpers, `ratio` traffic's;
/// `prop_ref`, `prop_where_defined_ref` and `text_ref` the borrowing reads.)
const ACCESSORS: &[&str] = &[
    "prop", "prop_where_defined", "is_set", "num", "flag", "text", "num_or", "text_or", "flag_or", "ratio", "prop_ref", "prop_where_defined_ref", "text_ref",
];

/// Source files that build designs (their literals are property *writes*, validated by the
/// file loader and edits) or define the catalog and the accessors.
const NOT_READS: &[&str] = &["cloudwright-engine/src/catalog/", "cloudwright-engine/src/sample.rs", "cloudwright-engine/src/model/", "cloudwright-engine/src/file/", "cloudwright-engine/src/edit.rs"];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// `(line, key)` of every accessor call with a string-literal key in `src`.
fn literal_reads(src: &str) -> Vec<(usize, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let Some(name) = ACCESSORS.iter().find(|a| b[i..].starts_with(a.as_bytes()) && b.get(i + a.len()) == Some(&b'(')) else {
            i += 1;
            continue;
        };
        if i > 0 && (is_ident(b[i - 1]) || b[i - 1] == b'!') || src[..i].ends_with("fn ") {
            i += name.len();
            continue;
        }
        // Walk the arguments to the matching parenthesis; take the first string literal at depth 1.
        let mut j = i + name.len();
        let mut depth = 0;
        let mut key = None;
        while j < b.len() {
            match b[j] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\'' if b.get(j + 2) == Some(&b'\'') => j += 2, // a char literal such as '"' or '('
                b'"' => {
                    let mut end = j + 1;
                    while end < b.len() && b[end] != b'"' {
                        end += if b[end] == b'\\' { 2 } else { 1 };
                    }
                    let end = end.min(b.len() - 1);
                    if depth == 1 && key.is_none() {
                        key = Some(src[j + 1..end].to_string());
                    }
                    j = end;
                }
                _ => {}
            }
            j += 1;
        }
        if let Some(k) = key.filter(|k| !k.is_empty() && k.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')) {
            out.push((src[..i].matches('\n').count() + 1, k));
        }
        i = j.max(i + 1);
    }
    out
}

#[test]
fn every_literal_key_read_exists_in_the_catalog() {
    let keys: BTreeSet<&str> = all_keys().into_iter().map(|(_, k)| k).collect();
    let crates = manifest().join("..");
    let mut problems = Vec::new();
    let mut seen = 0;
    for krate in ["cloudwright-engine/src", "cloudwright-cli/src", "cloudwright-web/src"] {
        for p in rust_files(&crates.join(krate)) {
            let rel = p.strip_prefix(&crates).unwrap().display().to_string().replace('\\', "/");
            if NOT_READS.iter().any(|x| rel.starts_with(x)) {
                continue;
            }
            let src = fs::read_to_string(&p).unwrap();
            for (line, key) in literal_reads(&src) {
                seen += 1;
                if !keys.contains(key.as_str()) {
                    problems.push(format!("{rel}:{line}: reads \"{key}\", which no kind of the catalog defines"));
                }
            }
            for (n, l) in src.lines().enumerate() {
                if [".props.get(", ".props.contains_key("].iter().any(|x| l.contains(x)) && !rel.ends_with("inspector.rs") {
                    problems.push(format!("{rel}:{}: reads node.props directly; use Design::prop / prop_where_defined / is_set (checked against the catalog)", n + 1));
                }
            }
        }
    }
    assert!(seen > 200, "the scan found only {seen} literal reads: is it still looking at the right files?");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scan_sees_reads_and_skips_definitions() {
    let src = "fn text(&self) {}\nlet a = d.text(n, \"tier\");\nlet b = cx.num(n, \"az_count\", 2.0).max(1.0);\nlet c = num_or(design, node, \"app_ms\", f(\"x\"));\nformat!(\"{}\", text);\nlet e = d.text_ref(n, \"engine\");\n";
    assert_eq!(literal_reads(src), vec![(2, "tier".to_string()), (3, "az_count".to_string()), (4, "app_ms".to_string()), (6, "engine".to_string())]);
}
