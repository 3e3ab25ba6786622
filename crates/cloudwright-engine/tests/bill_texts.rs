//! The bill's texts a user reads (QA s33 F4, review s33 R12/R15), over every design we have:
//! the templates, the samples, the rule and property fixtures, and every CloudFormation and
//! Terraform sample imported.
//!
//! - no line shown (its charge and its note) and no "Not used" sentence names a property by its
//!   catalog key (`writes_per_month`): the inspector's label instead;
//! - the sentence ([`CostReport::shown`]) names each unused component once, with short names of
//!   its charges: no brackets inside its brackets, no figures ("custom metrics: 0"), nothing
//!   said of use ("grows every month");
//! - the lines shown are the lines that bill something, and the sentence names the others.

use cloudwright_engine::catalog::KINDS;
use cloudwright_engine::cost::{self, CostReport};
use cloudwright_engine::iac::{import, Options, SourceFile};
use cloudwright_engine::{sample, Design, NodeId, Value};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every design we have: the templates, the rule and property fixtures, the samples, and the
/// IaC samples imported (each CloudFormation file alone, each Terraform directory whole, each
/// plan or state file alone).
fn corpus() -> Vec<(String, Design)> {
    let root = manifest();
    let mut out = Vec::new();
    for dir in [root.join("../../templates"), root.join("tests/fixtures/rules"), root.join("tests/fixtures/props")] {
        for p in files(&dir, "json") {
            if p.file_name().is_some_and(|f| f == "index.json") || p.components().any(|c| c.as_os_str() == "bad") {
                continue;
            }
            if let Ok(d) = cloudwright_engine::file::load(&fs::read_to_string(&p).unwrap()) {
                out.push((p.display().to_string(), d));
            }
        }
    }
    let iac = root.join("tests/fixtures/iac");
    let one = |p: &Path| SourceFile::new(p.file_name().unwrap().to_string_lossy(), fs::read_to_string(p).unwrap());
    for p in files(&iac.join("cfn-samples"), "yaml").into_iter().chain(files(&iac.join("cfn-samples"), "json")).chain(files(&iac.join("terraform"), "json")) {
        if let Ok(i) = import(&[one(&p)], &Options::default()) {
            out.push((p.display().to_string(), i.design));
        }
    }
    if let Ok(entries) = fs::read_dir(iac.join("terraform")) {
        for e in entries.flatten().filter(|e| e.path().is_dir()) {
            let tf: Vec<SourceFile> = files(&e.path(), "tf").iter().map(|p| one(p)).collect();
            if let Ok(i) = import(&tf, &Options::default()) {
                out.push((e.path().display().to_string(), i.design));
            }
        }
    }
    out.push(("sample::three_tier".into(), sample::three_tier()));
    out.push(("sample::synthetic(120)".into(), sample::synthetic(120)));
    out.push(("figures set".into(), figures_set()));
    assert!(out.len() > 150, "every template, fixture and sample; found {}", out.len());
    assert!(out.iter().any(|(n, _)| n.ends_with("alb-asg-existing-vpc.yaml")), "the QA s33 F4 import");
    out
}

/// A bucket with its GET and PUT figures set, a WebSocket API with its messages, a topic with
/// publishes not drawn: the lines whose texts named the property keys.
fn figures_set() -> Design {
    let mut d = sample::three_tier();
    let add = |d: &mut Design, id: &str, kind: &str, props: &[(&str, Value)]| {
        let mut n = cloudwright_engine::model::Node::new(id, kind);
        for (k, v) in props {
            n.props.insert((*k).into(), v.clone());
        }
        d.nodes.insert(NodeId::new(id), n);
    };
    add(&mut d, "bucket", "s3", &[("reads_per_month", Value::Number(1e6)), ("writes_per_month", Value::Number(2e5))]);
    add(&mut d, "ws", "api-gateway", &[("api_type", Value::Text("websocket".into())), ("messages_per_month", Value::Number(3e6))]);
    add(&mut d, "topic", "sns", &[("other_publishes_per_month", Value::Number(100.0)), ("subscriptions", Value::Number(3.0))]);
    d
}

/// The catalog's property keys that cannot be words of a sentence (snake_case: `storage_gb`).
fn keys() -> BTreeSet<&'static str> {
    KINDS.iter().flat_map(|k| k.props.iter().map(|p| p.key)).filter(|k| k.contains('_')).collect()
}

/// The keys `text` holds as whole words.
fn keys_in<'a>(text: &str, keys: &BTreeSet<&'a str>) -> Vec<&'a str> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.split(|c: char| !word(c)).filter_map(|w| keys.get(w).copied()).collect()
}

/// The deepest brackets in `text` go.
fn depth(text: &str) -> usize {
    let (mut d, mut max) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' => {
                d += 1;
                max = max.max(d);
            }
            ')' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[test]
fn no_bill_text_a_user_reads_names_a_property_by_its_key() {
    let keys = keys();
    assert!(keys.contains("writes_per_month") && keys.contains("custom_metrics"));
    let mut bad = Vec::new();
    let mut sentences = 0;
    for (name, d) in corpus() {
        let r = cost::cost(&d);
        let shown = r.shown();
        for l in &shown.lines {
            for text in [l.what.as_ref(), l.note.as_ref()] {
                let found = keys_in(text, &keys);
                if !found.is_empty() {
                    bad.push(format!("{name}: {} · {text}: {found:?}", l.label));
                }
            }
        }
        if let Some(s) = &shown.unused {
            sentences += 1;
            let found = keys_in(s, &keys);
            if !found.is_empty() {
                bad.push(format!("{name}: {s}: {found:?}"));
            }
        }
    }
    assert!(sentences > 10, "the corpus has unused lines to say ({sentences})");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The sentence of every design: one level of brackets, no figures, nothing about use, each
/// unused component once; the lines shown and the sentence's components together are the bill.
#[test]
fn the_not_used_sentence_names_each_component_once_with_short_names() {
    for (name, d) in corpus() {
        let r: CostReport = cost::cost(&d);
        let shown = r.shown();
        let unused: Vec<_> = r.lines.iter().filter(|l| !shown.lines.iter().any(|s| std::ptr::eq(*s, *l))).collect();
        assert!(unused.iter().all(|l| l.quantity == 0.0 && l.monthly == 0.0), "{name}: only lines at 0 are left out");
        assert!(shown.lines.iter().all(|l| l.quantity != 0.0 || l.monthly != 0.0), "{name}: a line at 0 shown");
        let Some(s) = &shown.unused else {
            assert!(unused.is_empty(), "{name}: unused lines and no sentence");
            continue;
        };
        let body = s.strip_prefix("Not used, nothing billed: ").and_then(|b| b.strip_suffix('.')).unwrap_or_else(|| panic!("{name}: {s}"));
        assert!(depth(body) <= 1, "{name}: nested brackets in {s}");
        assert!(!s.contains("grows every month") && !s.contains(": 0") && !s.contains(" × "), "{name}: {s}");
        let ids: BTreeSet<&NodeId> = unused.iter().map(|l| &l.node).collect();
        assert_eq!(body.split("; ").count(), ids.len(), "{name}: one entry per component: {s}");
    }
}

/// QA s33 F4's import (alb-asg-existing-vpc.yaml): the CloudWatch alarms' unused charges by
/// their short names, as QA asked, no "never expire: grows every month", no "custom metrics: 0".
#[test]
fn the_imports_sentence_reads_as_qa_asked() {
    let dir = manifest().join("tests/fixtures/iac/cfn-samples/cloudformation");
    let name = "alb-asg-existing-vpc.yaml";
    let d = import(&[SourceFile::new(name, fs::read_to_string(dir.join(name)).unwrap())], &Options::default()).unwrap().design;
    let s = cost::cost(&d).shown().unused.expect("lines at 0");
    assert!(s.contains("(log ingestion, log storage, custom metrics, dashboards)"), "{s}");
}

/// Review s33 R15: two components with one label are two entries of the sentence, not one
/// "X (a, b)" entry merging their charges.
#[test]
fn two_components_with_one_label_are_two_entries() {
    let mut d = Design::new("twins", "us-east-1");
    for id in ["kms-a", "kms-b"] {
        let mut n = cloudwright_engine::model::Node::new(id, "kms");
        n.label = "Data key".into();
        d.nodes.insert(NodeId::new(id), n);
    }
    let s = cost::cost(&d).shown().unused.expect("no requests reach either key");
    assert_eq!(s, "Not used, nothing billed: Data key (KMS requests); Data key (KMS requests).");
}
