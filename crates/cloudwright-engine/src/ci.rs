//! The analyses in the formats CI pipelines read: findings as SARIF 2.1.0 (what code-scanning
//! services such as GitHub's ingest) and as JUnit XML (what test reporters show), the bill as
//! CSV (RFC 4180). Renderings only: the findings are `rules::check`'s, the bill
//! `cost::cost_at`'s; nothing is computed here.
//!
//! SARIF: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html>
//! (the tests validate the output against the OASIS schema, vendored in
//! `tests/fixtures/sarif`); GitHub's subset: <https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning>.

use crate::cost::CostReport;
use crate::model::Design;
use crate::rules::{self, Finding, RuleMeta, Severity};
use crate::text::xml_escape;
use serde_json::{json, Value as J};

/// SARIF's level for a severity: error → `error`, warning → `warning`, advice → `note`.
pub fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// A rule id as a SARIF rule `name` (an identifier): `net.db-in-public-subnet` →
/// `NetDbInPublicSubnet`.
fn rule_name(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The help of a rule: why, the fix and the source article (plain text and Markdown).
fn rule_help(r: &RuleMeta) -> J {
    let src = if r.source.starts_with("https://") { r.source.to_string() } else { format!("seed article {}", r.source) };
    json!({
        "text": format!("{}\n\nFix: {}\n\nSource: {}", r.why, r.fix, src),
        "markdown": format!("{}\n\n**Fix:** {}\n\n**Source:** {}", crate::text::md_escape(r.why), crate::text::md_escape(r.fix), crate::text::md_escape(&src)),
    })
}

fn sarif_rule(r: &RuleMeta) -> J {
    let mut v = json!({
        "id": r.id,
        "name": rule_name(r.id),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.why},
        "help": rule_help(r),
        "defaultConfiguration": {"level": sarif_level(r.severity)},
        "properties": {"tags": [r.id.split('.').next().unwrap_or(r.id), r.severity.name()], "source": r.source},
    });
    if r.source.starts_with("https://") {
        v["helpUri"] = J::from(r.source);
    }
    v
}

/// The 1-based line of `"nodes"` → `"<id>":` in the design file's text (where the component
/// is written), or of `"connections"` → `"<id>":`; 1 when not found (e.g. a file written on
/// one line, or infrastructure code that was imported).
fn line_of(file_text: &str, section: &str, id: &str) -> usize {
    let key = format!("{}:", serde_json::to_string(id).unwrap_or_default());
    let at = file_text
        .find(&format!("\"{section}\""))
        .and_then(|s| file_text[s..].find(&key).map(|i| s + i).or_else(|| file_text[s..].find(&key.replace(':', " :")).map(|i| s + i)));
    at.map(|i| file_text[..i].matches('\n').count() + 1).unwrap_or(1)
}

/// One SARIF result: the finding at the design file (`uri`), the line where its main subject
/// is written, and the subject's JSON path as a logical location (`/nodes/db`,
/// `/connections/c3`); a suppressed finding carries its suppression and reason.
fn sarif_result(f: &Finding, index: usize, uri: &str, file_text: &str) -> J {
    let (section, id) = match (f.nodes.first(), f.connections.first()) {
        (Some(n), _) => ("nodes", n.to_string()),
        (None, Some(c)) => ("connections", c.to_string()),
        (None, None) => ("", String::new()),
    };
    let mut logical: Vec<J> = f
        .nodes
        .iter()
        .map(|n| json!({"name": n.as_str(), "fullyQualifiedName": format!("/nodes/{}", pointer_token(n.as_str())), "kind": "resource"}))
        .chain(f.connections.iter().map(|c| json!({"name": c.as_str(), "fullyQualifiedName": format!("/connections/{}", pointer_token(c.as_str())), "kind": "resource"})))
        .collect();
    if logical.is_empty() {
        logical.push(json!({"name": "design", "fullyQualifiedName": "/", "kind": "resource"}));
    }
    let line = if section.is_empty() { 1 } else { line_of(file_text, section, &id) };
    let mut v = json!({
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": sarif_level(f.severity),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}},
            "logicalLocations": logical,
        }],
        // Stable across runs and edits elsewhere in the file: rule + subject.
        "partialFingerprints": {"cloudwrightSubject/v1": format!("{}:{}", f.rule, f.nodes.iter().map(|n| n.as_str()).chain(f.connections.iter().map(|c| c.as_str())).collect::<Vec<_>>().join(","))},
    });
    if let Some(s) = &f.suppressed {
        v["suppressions"] = json!([{"kind": "inSource", "justification": format!("suppressed on {}: {}", s.node, s.reason)}]);
    }
    v
}

/// A JSON Pointer reference token (RFC 6901): `~` → `~0`, `/` → `~1`.
fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The findings of `rules::check` as a SARIF 2.1.0 log: one run, the tool's every rule with
/// its metadata, one result per finding (suppressed ones with their suppression). `uri` is
/// the design file as the repository names it (e.g. `designs/prod.json`); `file_text` its
/// content, to point each result at the line where its component is written.
pub fn sarif(findings: &[Finding], uri: &str, file_text: &str, tool_version: &str) -> J {
    let all = rules::all_rules();
    let results: Vec<J> = findings
        .iter()
        .map(|f| {
            let index = all.iter().position(|r| r.id == f.rule).unwrap_or(0);
            sarif_result(f, index, uri, file_text)
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "Cloudwright",
                "version": tool_version,
                "semanticVersion": tool_version,
                "rules": all.iter().map(sarif_rule).collect::<Vec<_>>(),
            }},
            "artifacts": [{"location": {"uri": uri}, "mimeType": "application/json"}],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    })
}

/// The findings as JUnit XML: one test case per rule (every rule: a passing case says the
/// design was checked for it), one `<failure>` per open finding of that rule (its type the
/// severity, its message the finding's, its text why / fix / where / source); suppressed
/// findings are listed in the case's `<system-out>` with their reason. All text is escaped
/// (`text::xml_escape`).
pub fn junit(design: &Design, findings: &[Finding]) -> String {
    let all = rules::all_rules();
    let open = findings.iter().filter(|f| !f.is_suppressed()).count();
    let mut cases = String::new();
    for r in all {
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.rule == r.id).collect();
        let class = format!("cloudwright.{}", r.id.split('.').next().unwrap_or("rules"));
        cases.push_str(&format!("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"", xml_escape(&class), xml_escape(&format!("{}: {}", r.id, r.title))));
        if mine.is_empty() {
            cases.push_str("/>\n");
            continue;
        }
        cases.push_str(">\n");
        let mut suppressed = String::new();
        for f in &mine {
            let at: Vec<&str> = f.nodes.iter().map(|n| n.as_str()).chain(f.connections.iter().map(|c| c.as_str())).collect();
            match &f.suppressed {
                Some(s) => suppressed.push_str(&format!("suppressed on {}: {} ({})\n", s.node, s.reason, f.message)),
                None => cases.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    f.severity.name(),
                    xml_escape(&f.message),
                    xml_escape(&format!("at: {}\nwhy: {}\nfix: {}\nsource: {}", at.join(", "), r.why, r.fix, r.source))
                )),
            }
        }
        if !suppressed.is_empty() {
            cases.push_str(&format!("      <system-out>{}</system-out>\n", xml_escape(&suppressed)));
        }
        cases.push_str("    </testcase>\n");
    }
    let name = xml_escape(&design.name);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cloudwright check\" tests=\"{n}\" failures=\"{open}\" errors=\"0\">\n  <testsuite name=\"{name}\" tests=\"{n}\" failures=\"{open}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n",
        n = all.len()
    )
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF (quotes
/// doubled). Text that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`,
/// tab or CR) gets a leading `'`, so a label cannot become a formula (OWASP "CSV
/// injection"); numbers are written as numbers and never touched.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The columns of [`bill_csv`].
pub const BILL_CSV_HEADER: &[&str] =
    &["node", "label", "service", "category", "what", "quantity", "unit", "unit_price_usd", "monthly_usd", "estimated", "price_id", "region", "source", "as_of", "note"];

/// The bill as CSV (RFC 4180: CRLF line ends, a header line), one line per line item of
/// `cost::cost_at`, in the bill's order. Numbers are plain (`12.5`, no grouping or `$`), so a
/// spreadsheet sums them; `monthly_usd` adds up to the bill's monthly total. Every line, those
/// at quantity 0 too (which the bill views fold into a sentence, `CostReport::shown`): a CSV is
/// data, and a spreadsheet or a pipeline comparing months wants each line in its place.
pub fn bill_csv(bill: &CostReport) -> String {
    let mut out = BILL_CSV_HEADER.join(",");
    out.push_str("\r\n");
    for l in &bill.lines {
        let row = [
            csv_field(l.node.as_str()),
            csv_field(&l.label),
            csv_field(&l.kind),
            csv_field(&l.category),
            csv_field(&l.what),
            l.quantity.to_string(),
            csv_field(&l.unit),
            l.unit_price.to_string(),
            l.monthly.to_string(),
            l.estimated.to_string(),
            csv_field(&l.price_id),
            csv_field(&l.region),
            csv_field(&l.source),
            csv_field(&l.as_of),
            csv_field(&l.note),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
