//! `cloudwright check FILE [--json]`: checks a design against every best-practice rule.
//!
//! Prints findings grouped by severity, each with the rule's why and fix; suppressed findings
//! are shown (marked, with the architect's reason), never hidden. Exit code: 1 when an
//! unsuppressed error remains, 0 otherwise, 2 when the file cannot be read or parsed.

use crate::io;
use cloudwright_engine::rules::{self, Finding, Severity};
use cloudwright_engine::Design;
use serde::Serialize;
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let (pos, json) = io::parse(args);
    let [path] = pos.as_slice() else {
        eprintln!("usage: cloudwright check FILE [--json]");
        return ExitCode::from(2);
    };
    let design = match io::load_design(path, "checking") {
        Ok(d) => d,
        Err(code) => return code,
    };
    let findings = rules::check(&design);
    let errors = findings.iter().filter(|f| f.severity == Severity::Error && !f.is_suppressed()).count();
    if json {
        print_json(&design, &findings);
    } else {
        super::rules::emit(render(&design, &findings));
    }
    if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}


fn counts(findings: &[Finding]) -> [(Severity, usize, usize); 3] {
    Severity::ALL.map(|s| {
        let all = findings.iter().filter(|f| f.severity == s);
        let sup = all.clone().filter(|f| f.is_suppressed()).count();
        (s, all.count() - sup, sup)
    })
}

fn render(design: &Design, findings: &[Finding]) -> String {
    let mut out = format!("{} — {} nodes, {} connections, {} rules\n", design.name, design.nodes.len(), design.connections.len(), rules::all_rules().len());
    for sev in Severity::ALL {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        let title = match sev {
            Severity::Error => "ERRORS",
            Severity::Warning => "WARNINGS",
            Severity::Advice => "ADVICE",
        };
        out.push_str(&format!("\n{title} ({})\n", group.len()));
        for f in group {
            let meta = f.meta();
            let mark = if f.is_suppressed() { " [suppressed]" } else { "" };
            out.push_str(&format!("\n  {} {}{mark}: {}\n", sev.name(), f.rule, meta.title));
            out.push_str(&format!("    {}\n", f.message));
            if let Some(s) = &f.suppressed {
                out.push_str(&format!("    suppressed on {}: {}\n", s.node, s.reason));
            }
            out.push_str(&format!("    why: {}\n", meta.why));
            out.push_str(&format!("    fix: {}\n", meta.fix));
            let nodes: Vec<&str> = f.nodes.iter().map(|n| n.as_str()).collect();
            let conns: Vec<&str> = f.connections.iter().map(|c| c.as_str()).collect();
            let mut at = format!("    at: {}", nodes.join(", "));
            if !conns.is_empty() {
                at.push_str(&format!("; connections {}", conns.join(", ")));
            }
            out.push_str(&format!("{at}  (source: {})\n", meta.source));
        }
    }
    let c = counts(findings);
    let part = |(s, n, sup): (Severity, usize, usize)| {
        let name = match s {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        };
        let plural = if n == 1 || s == Severity::Advice { "" } else { "s" };
        if sup > 0 { format!("{n} {name}{plural} (+{sup} suppressed)") } else { format!("{n} {name}{plural}") }
    };
    if findings.is_empty() {
        out.push_str("\nno findings\n");
    } else {
        out.push_str(&format!("\n{}, {}, {}\n", part(c[0]), part(c[1]), part(c[2])));
    }
    out
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    title: &'static str,
    why: &'static str,
    fix: &'static str,
    source: &'static str,
}

#[derive(Serialize)]
struct Report<'a> {
    design: &'a str,
    errors: usize,
    warnings: usize,
    advice: usize,
    suppressed: usize,
    findings: Vec<JsonFinding<'a>>,
}

fn print_json(design: &Design, findings: &[Finding]) {
    let c = counts(findings);
    let report = Report {
        design: &design.name,
        errors: c[0].1,
        warnings: c[1].1,
        advice: c[2].1,
        suppressed: c.iter().map(|x| x.2).sum(),
        findings: findings
            .iter()
            .map(|f| {
                let m = f.meta();
                JsonFinding { finding: f, title: m.title, why: m.why, fix: m.fix, source: m.source }
            })
            .collect(),
    };
    super::rules::emit(format!("{}\n", serde_json::to_string_pretty(&report).expect("findings serialize")));
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudwright_engine::model::Suppression;
    use cloudwright_engine::NodeId;

    fn fixture(rule: &str, kind: &str) -> Design {
        let path = format!("{}/../cloudwright-engine/tests/fixtures/rules/{rule}/{kind}.json", env!("CARGO_MANIFEST_DIR"));
        io::load_design(&path, "checking").ok().expect("fixture loads")
    }

    #[test]
    fn report_groups_by_severity_and_shows_suppressed() {
        let mut d = fixture("net.db-in-public-subnet", "fail");
        let text = render(&d, &rules::check(&d));
        assert!(text.contains("ERRORS (1)") && text.contains("net.db-in-public-subnet") && text.contains("why: ") && text.contains("fix: "));
        d.nodes.get_mut(&NodeId::new("db")).unwrap().suppressions.push(Suppression { rule: "net.db-in-public-subnet".into(), reason: "lab only".into() });
        let f = rules::check(&d);
        let text = render(&d, &f);
        assert!(text.contains("[suppressed]") && text.contains("suppressed on db: lab only"));
        assert!(text.contains("0 errors (+1 suppressed)"), "{text}");
        // Suppressed errors do not fail the check.
        assert_eq!(f.iter().filter(|f| f.severity == Severity::Error && !f.is_suppressed()).count(), 0);
    }

    #[test]
    fn unreadable_input_is_refused() {
        let dir = std::env::temp_dir();
        for (name, text) in [("cw-bad-1.json", "{ not json"), ("cw-bad-2.json", "{\"schema_version\": 2}")] {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            assert!(io::load_design(p.to_str().unwrap(), "checking").is_err());
        }
        assert!(io::load_design("/nonexistent/x.json", "checking").is_err());
    }
}
