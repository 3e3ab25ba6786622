//! Every export takes any text (issue 15). A design name or a label is whatever the user
//! typed or a file held: markup, quotes, template sequences, arrows, emoji, right-to-left
//! text, control characters (U+000B, escape sequences, NUL, DEL, C1), line breaks other than
//! `\n` (a lone CR, NEL, U+2028/2029) and the noncharacters U+FFFE/U+FFFF. Each export must
//! stay well-formed in its own format and keep the text it can:
//! - the SVG diagram (canvas export, PNG source, report): strict XML 1.0;
//! - CloudFormation YAML: only characters YAML allows (the set PyYAML — cfn-lint, the AWS
//!   CLI — accepts), no line break a YAML 1.1 reader sees that a 1.2 reader does not (no
//!   text escaping a comment), and the name reads back exactly;
//! - Terraform HCL: no raw control characters, parses, the name reads back exactly;
//! - the file name of any download: short and plain.

use cloudwright_engine::diagram::{self, SvgOptions};
use cloudwright_engine::iac::{self, export, Options, SourceFile};
use cloudwright_engine::{file, text, Design};

/// Every kind of troublesome character, with ordinary text around it.
const HOSTILE: &str = "Orders → API 🚀 שלום <b>&amp;\"it's\" ${var.x} %{if} \\ \u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[2J\u{1b}]0;t\u{7}|\rKey: injected\r\n# not a comment\nNext: line\u{7f}\u{80}\u{85}\u{9b}\u{a0}\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}\u{10ffff} end";

fn hostile() -> Design {
    let mut d = file::load(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates/three-tier.json")).unwrap()).unwrap();
    d.name = format!("{HOSTILE} {}", "W".repeat(300));
    for (i, n) in d.nodes.values_mut().enumerate() {
        n.label = format!("{i} {HOSTILE}");
    }
    for c in d.connections.values_mut() {
        c.label = HOSTILE.to_string();
    }
    // Still a valid design: free text is free.
    file::open(file::save(&d).as_bytes()).expect("names and labels are free text");
    d
}

#[test]
fn the_svg_is_well_formed_xml_and_keeps_every_character_xml_allows() {
    let d = hostile();
    let svg = diagram::render(&d, &SvgOptions::default());
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("the SVG is not well-formed XML: {e}"));
    // XML readers turn CR LF and a lone CR into LF (XML 1.0, 2.11).
    let kept: String = HOSTILE.chars().filter(|c| text::xml_allowed(*c)).collect::<String>().replace("\r\n", "\n").replace('\r', "\n");
    // A container's label cut to its frame keeps the whole of it as its title (s29-fix #4).
    let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text") || n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert!(texts.iter().any(|t| t.ends_with(&kept)), "a label reads back with only what XML forbids dropped: {texts:?}");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()).unwrap();
    assert!(title.starts_with(&kept), "the title is the design name");
}

/// What PyYAML (YAML 1.1; cfn-lint, the AWS CLI) accepts in a stream.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

#[test]
fn the_cloudformation_export_is_yaml_every_reader_reads_alike() {
    let d = hostile();
    let yaml = export::cloudformation(&d);
    let bad: Vec<char> = yaml.chars().filter(|c| !yaml_printable(*c)).collect();
    assert!(bad.is_empty(), "characters YAML does not allow in a stream: {bad:?}");
    // A line break only a YAML 1.1 reader (or only a 1.2 reader) sees would let text out of a
    // comment or a plain scalar in one reader and not the other.
    let breaks: Vec<char> = yaml.chars().filter(|c| matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')).collect();
    assert!(breaks.is_empty(), "line breaks other than \\n: {breaks:?}");
    assert!(!yaml.lines().any(|l| l.starts_with("Key: injected") || l.starts_with("Next: line")), "text escaped a comment:\n{yaml}");
    let back = iac::import(&[SourceFile::new("export.yaml", yaml.clone())], &Options::default()).unwrap_or_else(|e| panic!("the export does not import: {e:?}"));
    assert_eq!(back.design.name, d.name, "the name reads back exactly");
}

#[test]
fn the_terraform_export_has_no_raw_control_characters_and_reads_back() {
    let d = hostile();
    let hcl = export::terraform(&d);
    let bad: Vec<char> = hcl.chars().filter(|c| c.is_control() && *c != '\n').collect();
    assert!(bad.is_empty(), "raw control characters in the HCL: {bad:?}");
    assert!(!hcl.lines().any(|l| l.starts_with("Key: injected") || l.starts_with("Next: line")), "text escaped a comment");
    let back = iac::import(&[SourceFile::new("main.tf", hcl)], &Options::default()).unwrap_or_else(|e| panic!("the export does not import: {e:?}"));
    assert_eq!(back.design.name, d.name, "the name reads back exactly");
}

#[test]
fn a_download_is_named_short_and_plain() {
    let stem = text::file_stem(&hostile().name);
    // Letters and digits of any script (lower case), words joined by '-': nothing a file
    // system or a shell treats specially, at most MAX_FILE_STEM characters (≤ 240 bytes).
    assert!(stem.chars().count() <= text::MAX_FILE_STEM && stem.chars().all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || c == '-'), "{stem}");
    assert!(stem.starts_with("orders-api-שלום-b-amp-it-s"), "the Hebrew word is kept: {stem}");
}

/// A direction override cannot disguise a label (issue 16): "invoice" RLO "fdp.exe" would be
/// drawn "invoiceexe.pdf". In the SVG (canvas export, report), the report's HTML and Markdown
/// and the rules' messages it is drawn as the mark `⟨RLO⟩`; no directional formatting
/// character is left in any of them, while the design itself keeps the text as typed.
#[test]
fn a_direction_override_is_shown_as_a_mark_in_every_rendering() {
    let mut d = file::load(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates/three-tier.json")).unwrap()).unwrap();
    d.name = "Q3 \u{2067}plan\u{2069} \u{202e}fdp.exe".into();
    let app = d.nodes.values_mut().find(|n| n.kind == "ecs-service").unwrap();
    app.label = "invoice\u{202e}fdp.exe".into();
    // SSH open to the world: a finding whose message names the component.
    app.ingress.push(cloudwright_engine::model::Ingress { port: 22, cidr: "0.0.0.0/0".into() });
    let bidi = |s: &str| s.chars().any(|c| text::BIDI_CONTROLS.iter().any(|(b, _)| *b == c));
    let svg = diagram::render(&d, &SvgOptions::default());
    assert!(svg.contains("invoice⟨RLO⟩fdp.exe") && svg.contains("Q3 ⟨RLI⟩plan⟨PDI⟩ ⟨RLO⟩fdp.exe"), "the SVG shows the marks");
    let r = cloudwright_engine::report::build(&d, &Default::default());
    let (html, md) = (cloudwright_engine::report::html(&r), cloudwright_engine::report::markdown(&r));
    let findings = cloudwright_engine::rules::check(&d);
    let named = findings.iter().find(|f| f.message.contains("invoice")).expect("a finding names the component");
    assert!(named.message.contains("\"invoice⟨RLO⟩fdp.exe\""), "{}", named.message);
    for (what, out) in [("SVG", &svg), ("HTML", &html), ("Markdown", &md), ("message", &named.message)] {
        assert!(!bidi(out), "the {what} obeys no direction override");
    }
    assert!(html.contains("invoice⟨RLO⟩fdp.exe") && md.contains("invoice⟨RLO⟩fdp.exe"));
    // The design keeps what was typed; a link or a file carries it exactly.
    assert!(file::save(&d).contains("invoice\\u202efdp.exe") || file::save(&d).contains("invoice\u{202e}fdp.exe"));
}

/// A label pasted by mistake (100,000 characters, no space) is named in a finding as the
/// diagram draws it: its first 160 characters and "…" (`text::LABEL_MAX_CHARS`). The whole
/// label in a message made the page lay out one 100 KB word wherever the finding is shown
/// (seconds of layout per edit, quadratic in the length); the design keeps the whole label.
#[test]
fn a_finding_names_a_very_long_label_cut_as_drawn() {
    let mut d = file::load(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates/three-tier.json")).unwrap()).unwrap();
    let app = d.nodes.values_mut().find(|n| n.kind == "ecs-service").unwrap();
    app.label = "A".repeat(100_000);
    app.ingress.push(cloudwright_engine::model::Ingress { port: 22, cidr: "0.0.0.0/0".into() });
    let findings = cloudwright_engine::rules::check(&d);
    let named: Vec<_> = findings.iter().filter(|f| f.message.contains("AAAA")).collect();
    assert!(!named.is_empty(), "a finding names the component");
    // "A" × 160, then "…", then the closing quote: 162 characters between the quotes' ends.
    let quoted = format!("\"{}…\"", "A".repeat(160));
    for f in named {
        assert!(f.message.contains(&quoted), "cut at 160 characters: {}…", &f.message[..200.min(f.message.len())]);
        assert!(!f.message.contains(&"A".repeat(161)), "no more of the label than 160 characters");
        assert!(f.message.len() < 1_000, "the message stays a sentence ({} bytes)", f.message.len());
    }
    assert_eq!(d.nodes.values().find(|n| n.kind == "ecs-service").unwrap().label.len(), 100_000, "the design keeps it whole");
}
