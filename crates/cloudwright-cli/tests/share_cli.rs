//! `cloudwright share`: makes a link from a design file and opens it again, byte for byte;
//! a damaged link exits 2 (unusable input) with the reason.

use std::path::PathBuf;
use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudwright")).args(args).output().expect("the CLI runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn template(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../templates").join(name).to_string_lossy().into_owned()
}

#[test]
fn a_link_made_by_the_cli_opens_to_the_same_file() {
    let path = template("three-tier.json");
    let (code, link, err) = cli(&["share", &path, "--base", "https://planner.example.com/planner/"]);
    assert_eq!(code, 0, "{err}");
    let link = link.trim();
    assert!(link.starts_with("https://planner.example.com/planner/#d="), "{link}");
    let (code, file, err) = cli(&["share", "--open", link]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(file, std::fs::read_to_string(&path).unwrap(), "the template comes back byte for byte");
    // Without --base: only the fragment.
    let (_, frag, _) = cli(&["share", &path]);
    assert_eq!(frag.trim(), &link[link.find('#').unwrap()..]);
}

#[test]
fn a_damaged_link_exits_2_with_the_reason() {
    let (code, out, err) = cli(&["share", "--open", "https://x.example/#d=AXja!!"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("damaged"), "{err}");
    let (code, _, _) = cli(&["share"]);
    assert_eq!(code, 2);
}
