//! The CI formats (`ci`): SARIF validated against the OASIS SARIF 2.1.0 schema (vendored in
//! tests/fixtures/sarif, with its licence note) by the `jsonschema` crate; JUnit parsed by a
//! strict XML parser; the bill's CSV parsed back (RFC 4180) and summed.

use cloudwright_engine::model::{Design, NodeId, Suppression};
use cloudwright_engine::{ci, cost, rules};
use serde_json::Value as J;

fn templates() -> Vec<(String, String, Design)> {
    let dir = format!("{}/../../templates", env!("CARGO_MANIFEST_DIR"));
    let mut v = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") && !p.ends_with("index.json") {
            let text = std::fs::read_to_string(&p).unwrap();
            let d = cloudwright_engine::file::load(&text).expect("template loads");
            v.push((format!("templates/{}", p.file_name().unwrap().to_string_lossy()), text, d));
        }
    }
    assert!(v.len() >= 8);
    v
}

fn fixture(rule: &str) -> (String, Design) {
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/rules/{rule}/fail.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let d = cloudwright_engine::file::load(&text).unwrap();
    (text, d)
}

fn validator() -> jsonschema::Validator {
    let schema: J = serde_json::from_str(include_str!("fixtures/sarif/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn errors(v: &jsonschema::Validator, doc: &J) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let v = validator();
    let mut results = 0;
    for (uri, text, d) in templates() {
        let findings = rules::check(&d);
        let doc = ci::sarif(&findings, &uri, &text, "0.1.0");
        assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{uri}");
        results += doc["runs"][0]["results"].as_array().unwrap().len();
    }
    assert!(results > 0, "the templates have some findings to report");
    // With a suppressed finding and a hostile id too.
    let (text, mut d) = fixture("net.db-in-public-subnet");
    d.nodes.get_mut(&NodeId::new("db")).unwrap().suppressions.push(Suppression { rule: "net.db-in-public-subnet".into(), reason: "lab <only> \"x\"".into() });
    let doc = ci::sarif(&rules::check(&d), "designs/a b/prod.json", &text, "0.1.0");
    assert_eq!(errors(&v, &doc), Vec::<String>::new());
}

#[test]
fn the_schema_check_can_fail() {
    // The validator is not a rubber stamp: a level SARIF does not define, a result without a
    // message, a rule without an id are refused.
    let v = validator();
    let (text, d) = fixture("net.db-in-public-subnet");
    let good = ci::sarif(&rules::check(&d), "d.json", &text, "0.1.0");
    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!errors(&v, &bad).is_empty());
    let mut bad = good.clone();
    bad["runs"][0]["results"][0].as_object_mut().unwrap().remove("message");
    assert!(!errors(&v, &bad).is_empty());
    let mut bad = good.clone();
    bad["runs"][0]["tool"]["driver"]["rules"][0].as_object_mut().unwrap().remove("id");
    assert!(!errors(&v, &bad).is_empty());
    let mut bad = good;
    bad["version"] = "2.0.0".into();
    assert!(!errors(&v, &bad).is_empty());
}

#[test]
fn each_finding_is_a_result_at_its_component() {
    let (text, d) = fixture("net.db-in-public-subnet");
    let findings = rules::check(&d);
    let doc = ci::sarif(&findings, "designs/prod.json", &text, "0.1.0");
    let run = &doc["runs"][0];
    let rules_meta = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules_meta.len(), rules::all_rules().len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    let r = results.iter().find(|r| r["ruleId"] == "net.db-in-public-subnet").expect("the fixture's finding");
    // ruleIndex points at the rule's metadata, which has help with the fix and the source.
    let meta = &rules_meta[r["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(meta["id"], "net.db-in-public-subnet");
    assert_eq!(meta["defaultConfiguration"]["level"], "error");
    let m = rules::rule("net.db-in-public-subnet").unwrap();
    let help = meta["help"]["text"].as_str().unwrap();
    assert!(help.contains(m.fix) && help.contains(m.source), "{help}");
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0];
    assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"], "designs/prod.json");
    assert_eq!(loc["logicalLocations"][0]["fullyQualifiedName"], "/nodes/db");
    // The line where `"db":` is written under "nodes".
    let line = loc["physicalLocation"]["region"]["startLine"].as_u64().unwrap() as usize;
    let nodes_at = text.find("\"nodes\"").unwrap();
    let expected = text[..nodes_at + text[nodes_at..].find("\"db\":").unwrap()].matches('\n').count() + 1;
    assert_eq!(line, expected);
    assert!(text.lines().nth(line - 1).unwrap().contains("\"db\""));
}

#[test]
fn junit_has_a_case_per_rule_and_a_failure_per_open_finding() {
    let (_, mut d) = fixture("net.db-in-public-subnet");
    d.name = "Prod <&> \"db\" \u{1}".into();
    let findings = rules::check(&d);
    let xml = ci::junit(&d, &findings);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), rules::all_rules().len());
    let failures = doc.descendants().filter(|n| n.has_tag_name("failure")).count();
    assert_eq!(failures, findings.iter().filter(|f| !f.is_suppressed()).count());
    assert!(failures >= 1);
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).unwrap();
    assert_eq!(suite.attribute("name"), Some("Prod <&> \"db\" "));
    assert_eq!(suite.attribute("failures"), Some(failures.to_string().as_str()));
    let case = cases.iter().find(|c| c.attribute("name").unwrap().starts_with("net.db-in-public-subnet:")).unwrap();
    let f = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(f.attribute("type"), Some("error"));
    // Suppressed: no failure, the reason in system-out.
    d.nodes.get_mut(&NodeId::new("db")).unwrap().suppressions.push(Suppression { rule: "net.db-in-public-subnet".into(), reason: "lab </system-out> only".into() });
    let xml = ci::junit(&d, &rules::check(&d));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let case = doc.descendants().find(|n| n.has_tag_name("testcase") && n.attribute("name").unwrap().starts_with("net.db-in-public-subnet:")).unwrap();
    assert!(case.children().all(|n| !n.has_tag_name("failure")));
    let out = case.children().find(|n| n.has_tag_name("system-out")).unwrap();
    assert!(out.text().unwrap().contains("lab </system-out> only"));
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, CRLF), for the test only.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted, mut chars) = (Vec::new(), Vec::new(), String::new(), false, s.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CR only before LF"),
            (false, '\n') => panic!("bare LF: RFC 4180 lines end with CRLF"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the last line ends with CRLF");
    rows
}

#[test]
fn the_bill_as_csv_is_one_line_per_item_and_sums_to_the_total() {
    for (uri, _, d) in templates() {
        let bill = cost::cost_at(&d, 1.0);
        let rows = parse_csv(&ci::bill_csv(&bill));
        assert_eq!(rows[0], ci::BILL_CSV_HEADER, "{uri}");
        assert_eq!(rows.len(), bill.lines.len() + 1, "{uri}");
        let col = ci::BILL_CSV_HEADER.iter().position(|h| *h == "monthly_usd").unwrap();
        let sum: f64 = rows[1..].iter().map(|r| r[col].parse::<f64>().unwrap()).sum();
        assert!((sum - bill.monthly).abs() < 1e-6 * bill.monthly.max(1.0), "{uri}: {sum} vs {}", bill.monthly);
        for (r, l) in rows[1..].iter().zip(&bill.lines) {
            assert_eq!(r.len(), ci::BILL_CSV_HEADER.len());
            assert_eq!(r[1], if l.label.starts_with(['=', '+', '-', '@']) { format!("'{}", l.label) } else { l.label.clone() });
        }
    }
}

#[test]
fn csv_fields_are_quoted_and_never_formulas() {
    assert_eq!(ci::csv_field("plain"), "plain");
    assert_eq!(ci::csv_field("a,b"), "\"a,b\"");
    assert_eq!(ci::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(ci::csv_field("two\r\nlines"), "\"two\r\nlines\"");
    assert_eq!(ci::csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(ci::csv_field("@SUM(A1)"), "'@SUM(A1)");
    let rows = parse_csv(&format!("{},{}\r\n", ci::csv_field("a,\"b\"\r\nc"), ci::csv_field("d")));
    assert_eq!(rows, [["a,\"b\"\r\nc", "d"]]);
}
