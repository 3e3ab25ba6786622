//! Every finding writes its figures with the one formatter (`units`): a count, rate or amount of
//! 10,000 or more has its thousands grouped ("12,000 of 10,000 requests/s", never "12000 of
//! 10000"), in the rules' findings, the capacity findings and their fixes, and the latency
//! findings, on every template and a generated 300-node design, at their own traffic and at
//! ten and a hundred times it (where the quotas and the overloads are).

mod common;

use cloudwright_engine::{capacity, latency, rules, sample, Design};

/// The figures of `text` written without grouping: runs of five or more digits that start a
/// number (not inside an id such as `app-12345` or `n10000`, not the decimals of `0.00038`).
fn ungrouped(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|k| b[k]);
            let in_word = before.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b','));
            if i - start >= 5 && !in_word {
                out.push(text[start..i.min(start + 12)].to_string());
            }
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn the_check_catches_ungrouped_figures() {
    assert_eq!(ungrouped("12000 of 10000 requests/s"), vec!["12000", "10000"]);
    assert!(ungrouped("12,000 of 10,000 requests/s, 0.00038/s, app-12345, n10000, 2026-12-03, 9999").is_empty());
}

/// Every finding text of `d` at `m` times its traffic, as (where, text).
fn texts(d: &Design, m: f64) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if m == 1.0 {
        for f in rules::check(d) {
            out.push((f.rule.to_string(), f.message));
        }
    }
    for f in capacity::analyse(d, m).findings {
        out.push((f.rule.to_string(), f.message));
        out.push((format!("{} fix", f.rule), f.fix));
    }
    for f in latency::project_at(d, m).findings {
        out.push((format!("latency {}", f.entry), f.message));
    }
    out
}

/// Review s17: the quota findings read "12000 of 10000 requests/s" and the capacity fixes
/// "raise max to at least 12000". Fails on main.
#[test]
fn finding_texts_group_their_thousands() {
    let mut designs = common::by_stem();
    designs.push(("sample 300".into(), sample::synthetic(300)));
    let mut bad = Vec::new();
    let mut seen = 0;
    for (what, d) in &designs {
        for m in [1.0, 10.0, 100.0] {
            for (rule, text) in texts(d, m) {
                seen += 1;
                let u = ungrouped(&text);
                if !u.is_empty() {
                    bad.push(format!("{what} ×{m} {rule}: {u:?} in \u{201c}{text}\u{201d}"));
                }
            }
        }
    }
    assert!(seen > 200, "only {seen} finding texts");
    assert!(bad.is_empty(), "{} finding texts with ungrouped figures:\n{}", bad.len(), bad.join("\n"));
}

/// QA s17: a capacity fix named the file format's key ("raise max_tasks to at least 12") where
/// the inspector shows the field as "Maximum tasks". Every capacity fix that says which field
/// to change names it by its label, in quotes; no fix holds a bare catalog key of its kind.
/// Fails before the fix ("set tasks to at least 12", "raise max to at least 15").
#[test]
fn capacity_fixes_name_fields_as_the_inspector_does() {
    let mut designs = common::by_stem();
    designs.push(("sample 300".into(), sample::synthetic(300)));
    let mut bad = Vec::new();
    let mut seen = 0;
    for (what, d) in &designs {
        for m in [1.0, 10.0, 100.0] {
            for f in capacity::analyse(d, m).findings {
                let Some(kind) = f.nodes.first().and_then(|n| d.node(n)).map(|n| n.kind.clone()) else { continue };
                for verb in ["raise ", "set "] {
                    let Some(i) = f.fix.find(verb) else { continue };
                    let rest = &f.fix[i + verb.len()..];
                    let Some(field) = rest.split(" to at least").next() else { continue };
                    if !rest.contains(" to at least") {
                        continue;
                    }
                    seen += 1;
                    let spec = cloudwright_engine::catalog::kind(&kind).expect("a kind of the catalog");
                    let quoted = field.starts_with('\u{201c}') && field.ends_with('\u{201d}');
                    let label = field.trim_matches(['\u{201c}', '\u{201d}']);
                    let known = spec.props.iter().any(|p| p.label == label);
                    if !(quoted && known) && field != "the limit" {
                        bad.push(format!("{what} ×{m} {}: \u{201c}{}\u{201d}", f.rule, f.fix));
                    }
                }
            }
        }
    }
    assert!(seen > 10, "only {seen} capacity fixes name a field");
    assert!(bad.is_empty(), "{} fixes name a field by its key:\n{}", bad.len(), bad.join("\n"));
}
