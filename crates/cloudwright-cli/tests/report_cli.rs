//! `cloudwright report`: the same sections as the engine's report (the app shows the same
//! HTML), Markdown by default, HTML with `--format html`, written to `-o OUT`; a bad format
//! is refused with the usage (exit 2).

use cloudwright_engine::report::SECTIONS;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cloudwright"))
}

fn template(name: &str) -> String {
    format!("{}/../../templates/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn markdown_to_stdout_has_every_section() {
    let out = bin().args(["report", &template("three-tier.json")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Hand-over report: Three-tier VPC"));
    for (_, title) in SECTIONS {
        assert!(md.contains(&format!("\n## {title}\n")), "missing {title}");
    }
    // The diagram carries the app's icons (built into the binary).
    assert!(md.contains("data:image/svg+xml,"));
    assert!(md.contains("%3Cimage href=%22data:image/svg+xml"), "icons embedded in the diagram");
}

#[test]
fn html_to_a_file_is_the_engines_page() {
    let dir = std::env::temp_dir().join(format!("cw-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.html");
    let out = bin().args(["report", &template("serverless-api.json"), "--format", "html", "-o", path.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing on stdout with -o");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for (id, _) in SECTIONS {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "missing {id}");
    }
    // The same bytes as the engine renders for the same design.
    let d = cloudwright_engine::file::load(&std::fs::read_to_string(template("serverless-api.json")).unwrap()).unwrap();
    let r = cloudwright_engine::report::build(&d, &Default::default());
    assert!(html.contains(&format!("<strong>{}</strong> per month", cloudwright_engine::units::money(r.totals.monthly))));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unknown_format_is_refused() {
    let out = bin().args(["report", &template("three-tier.json"), "--format", "pdf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown format \"pdf\": md or html"), "{err}");
}
