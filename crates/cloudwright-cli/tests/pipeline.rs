//! The CLI in scripts and pipelines, for **every** command in `cloudwright_cli::COMMANDS`
//! (a command added later is covered without touching this file):
//! - a file `validate-file` refuses is refused by every command, with the same report on
//!   stderr and the same exit code (2);
//! - `-` reads standard input, with the same result as the path;
//! - a closed stdout (`| head -1`) ends output quietly: same exit code, nothing on stderr
//!   beyond a normal run (no panic, no exit 134/101);
//! - input over the size limit (even `/dev/zero`) is refused before it is read;
//! - unknown options are refused with the command's usage (exit 2);
//! - control characters in names and labels cannot reach the terminal;
//! - commands print only through the shared printer (source scan);
//! - the README documents every command and the exit codes the code uses.

use cloudwright_cli::{Command, COMMANDS};
use cloudwright_engine::file;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Proc, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary under test; `CLOUDWRIGHT_BIN` runs these tests against another build (e.g.
/// an older one, to see them fail).
fn bin() -> String {
    std::env::var("CLOUDWRIGHT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_cloudwright").to_string())
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn template() -> PathBuf {
    root().join("templates/three-tier.json")
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cloudwright-pipeline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The command's example arguments with FILE replaced.
fn argv(c: &Command, file: &str, extra: &[&str]) -> Vec<String> {
    let mut v = vec![c.name.to_string()];
    v.extend(c.example.iter().map(|a| if *a == "FILE" { file.to_string() } else { a.to_string() }));
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn reads_design(c: &Command) -> bool {
    c.example.contains(&"FILE")
}

fn run(args: &[String], stdin: Option<&[u8]>) -> Output {
    let mut child = Proc::new(bin()).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        // The child may stop reading early (size limit): a closed pipe here is expected.
        let _ = input.write_all(bytes);
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn with_json(c: &Command) -> Vec<Vec<&'static str>> {
    let mut v = vec![vec![]];
    if c.options.iter().any(|o| o.name == "--json") {
        v.push(vec!["--json"]);
    }
    v
}

#[test]
fn every_command_refuses_what_validate_file_refuses_in_the_same_words() {
    let good: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(template()).unwrap()).unwrap();
    let mut self_parent = good.clone();
    let first = self_parent["nodes"].as_object().unwrap().keys().next().unwrap().clone();
    self_parent["nodes"][&first]["parent"] = first.clone().into();
    let mut newer = good.clone();
    newer["schema_version"] = (file::SCHEMA_VERSION + 1).into();
    let mut huge_prop = good.clone();
    let db = huge_prop["nodes"].as_object().unwrap().iter().find(|(_, n)| n["kind"] == "rds").map(|(k, _)| k.clone()).expect("an rds node");
    huge_prop["nodes"][&db]["props"]["storage_gb"] = serde_json::json!(1e308);
    let mut big = serde_json::to_string(&good).unwrap().into_bytes();
    big.resize(file::MAX_FILE_BYTES + 10, b' ');
    let cases: Vec<(&str, PathBuf)> = vec![
        ("self-parent", tmp("self-parent.json", self_parent.to_string().as_bytes())),
        ("newer schema", tmp("newer.json", newer.to_string().as_bytes())),
        ("property 1e308", tmp("huge-prop.json", huge_prop.to_string().as_bytes())),
        ("over the size limit", tmp("big.json", &big)),
        ("not JSON", tmp("not-json.json", b"{ nodes: ")),
        ("not UTF-8", tmp("binary.json", b"{\"name\": \"\xff\xfe\"}")),
        ("missing", PathBuf::from("/nonexistent/design.json")),
        ("a directory", std::env::temp_dir()),
    ];
    let validate = cloudwright_cli::command("validate-file").unwrap();
    for (what, path) in &cases {
        let p = path.to_str().unwrap();
        let reference = run(&argv(validate, p, &[]), None);
        assert_eq!(reference.status.code(), Some(2), "validate-file refuses {what} with exit 2: {}", text(&reference.stderr));
        assert!(!reference.stderr.is_empty());
        for c in COMMANDS.iter().filter(|c| reads_design(c)) {
            for extra in with_json(c) {
                let o = run(&argv(c, p, &extra), None);
                assert_eq!(o.status.code(), Some(2), "{} {extra:?} on {what}: exit code\n{}", c.name, text(&o.stderr));
                assert_eq!(text(&o.stderr), text(&reference.stderr), "{} {extra:?} on {what}: the same report as validate-file", c.name);
                if c.name != "validate-file" {
                    assert!(o.stdout.is_empty(), "{} on {what} printed a result: {}", c.name, text(&o.stdout));
                }
            }
        }
    }
}

#[test]
fn a_dash_reads_standard_input() {
    let bytes = std::fs::read(template()).unwrap();
    let path = template();
    for c in COMMANDS.iter().filter(|c| reads_design(c)) {
        let from_file = run(&argv(c, path.to_str().unwrap(), &[]), None);
        let from_stdin = run(&argv(c, "-", &[]), Some(&bytes));
        assert_eq!(from_stdin.status.code(), from_file.status.code(), "{}: {}", c.name, text(&from_stdin.stderr));
        assert_eq!(text(&from_stdin.stdout), text(&from_file.stdout), "{}: stdin and the path give the same output", c.name);
        assert!(!from_stdin.stdout.is_empty(), "{} printed nothing", c.name);
    }
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let path = template();
    for c in COMMANDS {
        for extra in with_json(c) {
            let args = argv(c, path.to_str().unwrap(), &extra);
            let normal = run(&args, None);
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader); // the reader is gone before the first write: every write fails
            let o = Proc::new(bin()).args(&args).stdin(Stdio::null()).stdout(writer).stderr(Stdio::piped()).output().unwrap();
            assert_eq!(o.status.code(), normal.status.code(), "{args:?}: exit code with a closed pipe\n{}", text(&o.stderr));
            assert_eq!(text(&o.stderr), text(&normal.stderr), "{args:?}: nothing more on stderr with a closed pipe");
        }
    }
}

/// Waits for a child at most `limit`; kills it and fails when it runs longer.
fn finish_within(mut child: std::process::Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{what} still running after {limit:?}: the input is read without a limit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn endless_input_is_refused_before_it_is_read() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    for c in COMMANDS.iter().filter(|c| reads_design(c)) {
        let child = Proc::new(bin()).args(argv(c, "/dev/zero", &[])).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let o = finish_within(child, Duration::from_secs(30), &format!("{} /dev/zero", c.name));
        assert_eq!(o.status.code(), Some(2), "{}: {}", c.name, text(&o.stderr));
        assert!(text(&o.stderr).contains("too large (more than 10485760 bytes)"), "{}: {}", c.name, text(&o.stderr));
    }
    // The same through standard input.
    let c = cloudwright_cli::command("check").unwrap();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let child = Proc::new(bin()).args(argv(c, "-", &[])).stdin(zero).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let o = finish_within(child, Duration::from_secs(30), "check - < /dev/zero");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("standard input: 1 problem found"), "{}", text(&o.stderr));
}

#[test]
fn unknown_options_are_refused_with_the_usage() {
    let path = template();
    for c in COMMANDS {
        for bad in ["--bogus", "-x", "--json=yes"] {
            if bad == "--json=yes" && !c.options.iter().any(|o| o.name == "--json") {
                continue;
            }
            let o = run(&argv(c, path.to_str().unwrap(), &[bad]), None);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{} {bad}: {err}", c.name);
            assert!(err.contains(&format!("usage: cloudwright {} {}", c.name, c.synopsis)), "{} {bad}: the usage is shown: {err}", c.name);
            assert!(o.stdout.is_empty(), "{} {bad} ran anyway", c.name);
        }
        let help = run(&[c.name.to_string(), "--help".into()], None);
        assert_eq!(help.status.code(), Some(0));
        assert!(text(&help.stdout).starts_with(&format!("usage: cloudwright {}", c.name)));
    }
    let o = run(&["nonsense".to_string()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown command \"nonsense\""));
    let o = run(&["check".to_string()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("a file is missing"));
}

#[test]
fn control_characters_in_names_and_labels_cannot_reach_the_terminal() {
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\r\u{7f}";
    let mut d = file::load(&std::fs::read_to_string(template()).unwrap()).unwrap();
    d.name = format!("Shop {hostile}");
    for n in d.nodes.values_mut() {
        n.label = format!("{} {hostile}", n.label);
    }
    let path = tmp("hostile.json", file::save(&d).as_bytes());
    for c in COMMANDS.iter().filter(|c| reads_design(c)) {
        for extra in with_json(c) {
            let o = run(&argv(c, path.to_str().unwrap(), &extra), None);
            for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
                let s = text(bytes);
                let raw: Vec<char> = s.chars().filter(|ch| ch.is_control() && *ch != '\n' && *ch != '\t').collect();
                assert!(raw.is_empty(), "{} {extra:?}: raw control characters {raw:?} on {stream}", c.name);
            }
            // `compare` prints kinds, not names; `share` prints a link (the name is inside, packed);
            // `diagram` prints SVG, where XML 1.0 forbids ESC and BEL: the format drops them
            // (engine `text::xml_escape`) and the printer escapes the rest (checked above).
            // Escaped by the printer, or by the format itself (`export`: a YAML escape, so the
            // output is still a template that reads back the same name).
            // `report` writes a document, not a terminal listing: the format drops the controls
            // (Markdown: spaces, text::md_escape), so the name is there without them.
            if extra.is_empty() && c.name == "report" {
                assert!(text(&o.stdout).contains("# Hand-over report: Shop  \\]0;pwned"), "report: the name is shown without its controls");
            }
            if extra.is_empty() && c.name != "compare" && c.name != "share" && c.name != "report" && c.name != "diagram" {
                let out = text(&o.stdout);
                assert!(out.contains("\\u{1b}]0;pwned\\u{7}") || out.contains("\\x1b]0;pwned\\x07"), "{}: the name is shown, escaped:\n{out}", c.name);
            }
            if extra == ["--json"] {
                let v: Result<serde_json::Value, _> = serde_json::from_slice(&o.stdout);
                assert!(v.is_ok(), "{} --json is still JSON", c.name);
            }
        }
    }
}

#[test]
fn commands_print_only_through_the_shared_printer() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let src = std::fs::read_to_string(&p).unwrap();
        for banned in ["print!(", "println!(", "eprint!(", "eprintln!(", "std::io::stdout", "std::io::stderr", "std::process::exit", "std::fs::read", "read_to_string("] {
            assert!(
                !src.contains(banned),
                "{} uses {banned}: commands read through `input` and write through `output::Out` (see ARCHITECTURE.md, \"A new CLI command\")",
                p.display()
            );
        }
    }
}

#[test]
fn the_readme_documents_every_command_and_the_exit_codes() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for c in COMMANDS {
        assert!(readme.contains(&format!("-- {} ", c.name)) || readme.contains(&format!("-- {}\n", c.name)), "README.md does not show `cloudwright {}`", c.name);
    }
    for line in ["0 when all is well", "1 when the design has errors", "2 when the input cannot be used"] {
        assert!(readme.contains(line), "README.md must state the exit codes as the code uses them: missing \"{line}\"");
    }
}
