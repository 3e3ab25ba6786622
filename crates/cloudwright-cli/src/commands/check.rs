//! `cloudwright check FILE [--json] [--format text|json|sarif|junit]`: checks a design against
//! every best-practice rule.
//!
//! Prints findings grouped by severity, each with the rule's why and fix; suppressed findings
//! are shown (marked, with the architect's reason), never hidden. Exit code: 1 when an
//! unsuppressed error remains, 0 otherwise, 2 when the file cannot be read or parsed (or the
//! format is unknown). The CI formats (the engine's `ci`): `sarif` (SARIF 2.1.0 for code
//! scanning: every rule's metadata, one result per finding at the design file, the line where
//! its component is written and its JSON path), `junit` (a test case per rule, a failure per
//! open finding); `json` is `--json`. The exit code is the same in every format.

use crate::args::{Args, Opt, JSON};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::ci;
use cloudwright_engine::rules::{self, Finding, Severity};
use cloudwright_engine::Design;
use serde::Serialize;

pub const COMMAND: Command = Command {
    name: "check",
    synopsis: "FILE|TEMPLATE [--json] [--format text|json|sarif|junit]",
    summary: "check a design against the rules; exit 1 on an error",
    options: &[JSON, Opt::value("--format", "text|json|sarif|junit", "text (default), json (= --json), sarif (SARIF 2.1.0, for code scanning) or junit (JUnit XML)")],
    operands: (1, 1),
    example: &["FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let format = if args.flag("--json") { "json" } else { args.value("--format").unwrap_or("text") };
    if !matches!(format, "text" | "json" | "sarif" | "junit") {
        out.error(&format!("cloudwright check: unknown format \"{format}\": text, json, sarif or junit\n\n{}", crate::command_usage(&COMMAND)));
        return Err(Status::BadInput);
    }
    let path = args.operand(0).unwrap_or(input::STDIN);
    let (loaded, file_text) = input::design_or_iac_with_text(path, out)?;
    let design = loaded.design;
    let findings = rules::check(&design);
    let errors = findings.iter().filter(|f| f.severity == Severity::Error && !f.is_suppressed()).count();
    match format {
        "json" => out.json(&report(&design, &findings)),
        "sarif" => {
            // The file as the repository names it (relative, `/` separators).
            let uri = if path == input::STDIN { "design.json".to_string() } else { path.trim_start_matches("./").replace('\\', "/") };
            out.json(&ci::sarif(&findings, &uri, &file_text, env!("CARGO_PKG_VERSION")));
        }
        "junit" => out.text(&ci::junit(&design, &findings)),
        _ => out.text(&render(&design, &findings)),
    }
    Ok(if errors > 0 { Status::DesignErrors } else { Status::Ok })
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

fn report<'a>(design: &'a Design, findings: &'a [Finding]) -> Report<'a> {
    let c = counts(findings);
    Report {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudwright_engine::model::Suppression;
    use cloudwright_engine::NodeId;

    fn fixture() -> Design {
        cloudwright_engine::file::load(include_str!("../../../cloudwright-engine/tests/fixtures/rules/net.db-in-public-subnet/fail.json")).expect("fixture loads")
    }

    #[test]
    fn report_groups_by_severity_and_shows_suppressed() {
        let mut d = fixture();
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
}
