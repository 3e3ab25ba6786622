//! Text for other formats, the same in every export: XML 1.0 (SVG, HTML) and file names.
//!
//! A label or a design name is whatever the user typed or a file held: it may contain
//! markup characters, characters XML 1.0 forbids (C0 controls other than tab, line feed
//! and carriage return, U+FFFE, U+FFFF — even as `&#x1b;` references), or be 10,000
//! characters long without a space. Every export that writes XML or a file name goes
//! through this module.

/// Whether XML 1.0 allows the character in a document (its `Char` production).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The explicit directional formatting characters of Unicode's bidirectional algorithm
/// (UAX #9, section 2), with the abbreviation UAX #9 gives each: the embeddings LRE and RLE,
/// the overrides LRO and RLO, their end PDF, the isolates LRI, RLI and FSI, and their end
/// PDI. An override reverses the letters after it, so `invoice` U+202E `fdp.exe` is drawn
/// "invoiceexe.pdf". (The marks LRM, RLM and ALM are not here: they move no letter.)
pub const BIDI_CONTROLS: [(char, &str); 9] = [
    ('\u{202a}', "LRE"),
    ('\u{202b}', "RLE"),
    ('\u{202c}', "PDF"),
    ('\u{202d}', "LRO"),
    ('\u{202e}', "RLO"),
    ('\u{2066}', "LRI"),
    ('\u{2067}', "RLI"),
    ('\u{2068}', "FSI"),
    ('\u{2069}', "PDI"),
];

/// The visible mark [`reveal_bidi`] puts for a directional formatting character, e.g. `⟨RLO⟩`.
pub fn bidi_mark(c: char) -> Option<String> {
    BIDI_CONTROLS.iter().find(|(b, _)| *b == c).map(|(_, name)| format!("\u{27e8}{name}\u{27e9}"))
}

/// User text as it is shown, so it cannot disguise itself: each explicit directional
/// formatting character ([`BIDI_CONTROLS`]) becomes a visible mark (`⟨RLO⟩`), and
/// everything else is kept (right-to-left letters are still drawn right to left; the marks
/// of the implicit algorithm are kept). The design keeps the text as typed; only what is
/// drawn (the canvas, the panels, every export through [`xml_escape`] and [`md_escape`], the
/// rules' messages) shows the marks. Where the app shows user text inside its own sentences,
/// CSS `unicode-bidi: isolate` also keeps a right-to-left label from reordering them.
pub fn reveal_bidi(s: &str) -> std::borrow::Cow<'_, str> {
    // Every directional formatting character (U+202A–U+2069) is written in UTF-8 with the
    // lead byte 0xE2: a text without that byte (any ASCII text, a session's placeholders) is
    // answered by one pass over its bytes, without a search of the table per character (the
    // rules name thousands of components per analysis).
    if !s.as_bytes().contains(&0xE2) || !s.chars().any(|c| bidi_mark(c).is_some()) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match bidi_mark(c) {
            Some(m) => out.push_str(&m),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The most characters of a label that is shown where it names a component (the diagram, the
/// rules' messages); the rest is "…". The design keeps the whole text (the inspector and the
/// tooltips show it): a 100 KB label pasted or imported by mistake must not make the diagram
/// as wide as the text (900,000 px: the report's picture shrank to nothing), nor a finding
/// that names it a 100 KB paragraph (Chromium lays out one unbroken 100 KB word in ~7 s on a
/// quiet core, quadratically: every line break re-shapes the rest).
/// 160: longer than any label a real design needs (a few wrapped lines under an icon), so
/// only text pasted or imported by mistake is cut.
pub const LABEL_MAX_CHARS: usize = 160;

/// A component named in a sentence by its label and kind: its label as shown
/// ([`shown_label`]), else, when the label shows nothing, its kind's catalog name ("NAT
/// gateway"; the kind id for a kind the catalog lacks), never its id, which a user never
/// typed (review s34 R8). The one answer to "its label, else its kind's name" (review s35
/// R11: four helpers gave it, one of them naming a blank label "" instead of the kind): the
/// bill's texts and its "Not used" sentence, the undo labels.
pub fn label_or_kind<'a>(label: &'a str, kind: &'a str) -> std::borrow::Cow<'a, str> {
    if label.trim().is_empty() {
        std::borrow::Cow::Borrowed(crate::catalog::kind(kind).map_or(kind, |k| k.name))
    } else {
        shown_label(label)
    }
}

/// Where component `id` runs, as the words that tell it from a component of the same label
/// elsewhere: its Region's label ("us-west-2 (standby)"), else its Region's code. The answer
/// Compare's and the scenarios' names give ([`crate::scenario::switch_node_name`]). The bill
/// does not use it: it tells its lines apart by the region code they are priced in
/// ("NAT gateway a in us-west-2", `CostReport::shown`, joined by [`in_place`]), so one
/// component can be "in us-west-2 (standby)" in Compare and "in us-west-2" on the bill
/// (review s37 R7: not unified yet; the session analyses labels as placeholders, so the
/// Region's label would have to be rendered into the bill like every other label).
pub fn place(d: &crate::model::Design, id: &crate::model::NodeId) -> String {
    match d.enclosing(id, "region") {
        Some(r) if !r.label.is_empty() => r.label.clone(),
        _ => d.region_of(id),
    }
}

/// A component's name with where it runs ([`place`]): "NAT gateway a in us-west-2 (standby)".
pub fn in_place(name: &str, place: &str) -> String {
    format!("{name} in {place}")
}

/// A label as it is shown where it names a component: direction overrides shown as marks
/// ([`reveal_bidi`]), cut at [`LABEL_MAX_CHARS`] characters with "…".
pub fn shown_label(label: &str) -> std::borrow::Cow<'_, str> {
    let shown = reveal_bidi(label);
    // A text has at most as many characters as bytes: a short one is never cut.
    if shown.len() <= LABEL_MAX_CHARS {
        return shown;
    }
    match shown.char_indices().nth(LABEL_MAX_CHARS) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", shown[..cut].trim_end())),
        None => shown,
    }
}

/// Pushes `c` as exports show it: a directional formatting character as its mark, a
/// character XML 1.0 forbids not at all, anything else as is.
fn push_shown(out: &mut String, c: char) {
    match bidi_mark(c) {
        Some(m) => out.push_str(&m),
        None if xml_allowed(c) => out.push(c),
        None => {}
    }
}

/// Text for XML content or a double-quoted attribute: `& < > "` escaped, characters XML 1.0
/// forbids removed, directional formatting characters shown as marks ([`reveal_bidi`]: an
/// exported diagram opened on its own cannot be disguised either). Everything else (arrows,
/// emoji, right-to-left text) is kept as is; the document must then be encoded as UTF-8.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    xml_escape_into(&mut out, s);
    out
}

/// [`xml_escape`] appended to `out`: for a writer building one long piece of markup (the
/// canvas writes every component's body with it), without a string per text.
pub fn xml_escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => push_shown(out, c),
        }
    }
}

/// Text for a one-line comment in exported code (YAML, HCL), which cannot escape anything:
/// control characters, the line and paragraph separators (CR, NEL, U+2028 and U+2029 are
/// line breaks to some readers), the byte order mark (refused inside a YAML document) and
/// the noncharacters U+FFFE/U+FFFF become spaces, so no text after them can leave the
/// comment and no reader refuses the file.
pub fn single_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}') { ' ' } else { c }).collect()
}

/// Longest file stem [`file_stem`] returns, in characters (well under the 255 bytes file
/// systems allow, with room for an extension).
pub const MAX_FILE_STEM: usize = 60;

/// A file name stem for a design: lower-case ASCII letters and digits joined by `-`, at most
/// [`MAX_FILE_STEM`] characters, cut at a word boundary when there is one; `design` when
/// nothing is left.
pub fn file_stem(name: &str) -> String {
    // Letters and digits of any script are kept (a Hebrew or Japanese name gives a Hebrew or
    // Japanese file name, as every current OS allows); everything else separates words.
    let s: String = name.chars().flat_map(|c| if c.is_alphanumeric() { c.to_lowercase().collect::<Vec<_>>() } else { vec!['-'] }).collect();
    let words: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    let mut stem = String::new();
    let mut len = 0; // in characters, not bytes: a cut must never split a character
    for (i, w) in words.iter().enumerate() {
        let n = w.chars().count() + usize::from(i > 0);
        if len + n > MAX_FILE_STEM {
            // Prefer ending at a word boundary, unless that throws most of it away.
            if len < MAX_FILE_STEM / 2 {
                if i > 0 {
                    stem.push('-');
                    len += 1;
                }
                stem.extend(w.chars().take(MAX_FILE_STEM - len));
            }
            break;
        }
        if i > 0 {
            stem.push('-');
        }
        stem.push_str(w);
        len += n;
    }
    if stem.is_empty() { "design".into() } else { stem }
}

/// How long a message of `text` stays to be read, milliseconds: 1.5 s to notice it and 0.25 s a
/// word (240 words a minute: adults read English silently at about 238 words a minute —
/// Brysbaert, "How many words do we read per minute?", Journal of Memory and Language 109,
/// 2019), at least `floor_ms` (a short message's own time) and at most 20 s (its × closes it at
/// once). Words are runs of non-space characters.
pub fn reading_ms(text: &str, floor_ms: u64) -> u64 {
    let words = text.split_whitespace().count() as u64;
    (1500 + 250 * words).clamp(floor_ms, 20_000)
}

/// Messages told together on one line (a toast telling refusals) as sentences: each ends with
/// a full stop — added unless it already ends a sentence (".", "!", "?", "…") — and a space
/// goes between them. QA s28 F6: two refusals joined by a space ran together ("…must be
/// between 1 and 2 AZs Memory of “X” was not changed…"); QA s29 F2: the last, and a refusal
/// told alone, had no full stop while the app's other toasts end with one.
pub fn sentences<S: AsRef<str>>(texts: &[S]) -> String {
    let mut out = String::new();
    for t in texts.iter().map(|t| t.as_ref().trim()).filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
        if !out.ends_with(['.', '!', '?', '\u{2026}']) {
            out.push('.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The failed fetch's error (QA s58 F8) stays as long as its length takes to read.
    #[test]
    fn reading_time_by_hand() {
        // 61 words (QA s58 F8's message): 1,500 + 250 × 61 = 1,500 + 15,250 = 16,750 ms.
        let sixty_one = vec!["word"; 61].join(" ");
        assert_eq!(reading_ms(&sixty_one, 4_500), 16_750);
        // 8 words: 1,500 + 2,000 = 3,500 ms, under an error's 4.5 s: the floor.
        assert_eq!(reading_ms("The paste could not be made: no connection.", 4_500), 4_500);
        // 14 words: 1,500 + 3,500 = 5,000 ms.
        assert_eq!(reading_ms(&vec!["w"; 14].join(" "), 4_500), 5_000);
        // 100 words: 1,500 + 25,000 = 26,500 ms, over the 20 s ceiling.
        assert_eq!(reading_ms(&vec!["w"; 100].join(" "), 4_500), 20_000);
        // Spaces, tabs and line breaks only separate: "a  b\n\tc" is 3 words, 2,250 ms.
        assert_eq!(reading_ms("a  b\n\tc", 0), 2_250);
    }

    /// Two refusals told in one toast read as two sentences (QA s28 F6), each with its full
    /// stop, the last too (QA s29 F2); one alone ends with one.
    #[test]
    fn messages_told_together_are_sentences() {
        let a = "AZs enabled of \u{201c}Public ALB\u{201d} was not changed: must be between 1 and 2 AZs";
        let b = "Memory of \u{201c}X\u{201d} was not changed: \u{201c}lots\u{201d} is not a number";
        assert_eq!(sentences(&[a, b]), format!("{a}. {b}."));
        assert_eq!(sentences(&[a]), format!("{a}."));
        assert_eq!(sentences(&[format!("{a}."), b.to_string()]), format!("{a}. {b}."));
        assert_eq!(sentences(&["Is it?", "No\u{2026}", "", "Yes"]), "Is it? No\u{2026} Yes.");
        assert_eq!(sentences(&["Stop!  "]), "Stop!");
        assert_eq!(sentences::<&str>(&[]), "");
    }

    /// `reveal_bidi` and `shown_label` answer as their definitions (every character looked
    /// up, the characters counted) on ASCII and other text, short, at the cut and long.
    #[test]
    fn shown_labels_answer_as_their_definitions() {
        fn reveal_ref(s: &str) -> String {
            s.chars().map(|c| bidi_mark(c).unwrap_or_else(|| c.to_string())).collect()
        }
        fn shown_ref(s: &str) -> String {
            let r = reveal_ref(s);
            match r.char_indices().nth(LABEL_MAX_CHARS) {
                Some((cut, _)) => format!("{}…", r[..cut].trim_end()),
                None => r,
            }
        }
        let mut cases: Vec<String> = vec![String::new(), "orders-db".into(), "Orders → API 🚀".into(), "invoice\u{202e}fdp.exe".into(), "שלום \u{200e}x".into()];
        for n in [LABEL_MAX_CHARS - 1, LABEL_MAX_CHARS, LABEL_MAX_CHARS + 1, 500] {
            cases.push("a".repeat(n));
            cases.push(format!("{} b", "a".repeat(n)));
            cases.push("é".repeat(n));
            cases.push(format!("{}\u{2067}", "x".repeat(n)));
            cases.push("→".repeat(n / 2 + 1) + &"y".repeat(n / 2));
        }
        for c in &cases {
            assert_eq!(reveal_bidi(c), reveal_ref(c), "{c:?}");
            assert_eq!(shown_label(c), shown_ref(c), "{c:?}");
        }
        // Every directional formatting character starts with the byte the fast path looks for.
        for (c, _) in BIDI_CONTROLS {
            assert_eq!(c.to_string().as_bytes()[0], 0xE2, "{c:?}");
        }
        assert!(matches!(reveal_bidi("plain ascii"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(reveal_bidi("\u{e000}12\u{e001}"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(shown_label("plain ascii"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(xml_escape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(xml_escape("Orders → API 🚀 שלום"), "Orders → API 🚀 שלום");
        assert_eq!(xml_escape("x\u{b}y\u{0}z\u{1b}[2J\u{fffe}\u{ffff}"), "xyz[2J");
        assert_eq!(xml_escape("tab\tline\ncr\r"), "tab\tline\ncr\r");
    }

    #[test]
    fn directional_overrides_are_shown_not_obeyed() {
        // "invoice" RLO "fdp.exe" would be drawn "invoiceexe.pdf"; shown, it reads as typed.
        assert_eq!(reveal_bidi("invoice\u{202e}fdp.exe"), "invoice⟨RLO⟩fdp.exe");
        let all: String = BIDI_CONTROLS.iter().map(|(c, _)| *c).collect();
        assert_eq!(reveal_bidi(&all), "⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩");
        // Right-to-left letters and the implicit marks (LRM U+200E, RLM U+200F) are text.
        assert!(matches!(reveal_bidi("שלום \u{200e}عربي\u{200f}"), std::borrow::Cow::Borrowed(_)));
        // Every export shows them too.
        assert_eq!(xml_escape("a\u{202e}<b>"), "a⟨RLO⟩&lt;b&gt;");
        assert_eq!(md_escape("a\u{2067}b\u{2069}"), "a⟨RLI⟩b⟨PDI⟩");
        // Nothing directional is left to obey.
        let text = format!("x{all}y");
        let shown = reveal_bidi(&text);
        assert!(!shown.chars().any(|c| BIDI_CONTROLS.iter().any(|(b, _)| *b == c)));
    }

    #[test]
    fn single_lines_have_no_breaks_or_controls() {
        assert_eq!(single_line("a\rb\nc\u{85}d\u{2028}e\u{2029}f\u{1b}g\u{7f}h\u{ffff}i\u{feff}j → ✓"), "a b c d e f g h i j → ✓");
    }

    #[test]
    fn file_stems_are_short_and_plain() {
        assert_eq!(file_stem("Three-tier web app (v2)"), "three-tier-web-app-v2");
        assert_eq!(file_stem("→ ✓"), "design");
        let long = "a".repeat(10_000);
        assert_eq!(file_stem(&long).len(), MAX_FILE_STEM);
        let words = "checkout service ".repeat(20);
        let s = file_stem(&words);
        assert!(s.len() <= MAX_FILE_STEM && s.split('-').all(|w| w == "checkout" || w == "service"), "cut at a word boundary: {s}");
        // Any script is kept, and a cut never splits a character (QA: an all-Hebrew name
        // exported as design.json, and mixed names lost their non-Latin words).
        assert_eq!(file_stem("שלום עולם"), "שלום-עולם");
        assert_eq!(file_stem("Orders API — 注文 \u{202e}evil"), "orders-api-注文-evil");
        let hebrew = "שלום ".repeat(30);
        let s = file_stem(&hebrew);
        assert!(s.chars().count() <= MAX_FILE_STEM && s.split('-').all(|w| w == "שלום"), "{s}");
        assert_eq!(file_stem(&"注".repeat(100)).chars().count(), MAX_FILE_STEM);
    }
}

/// Text for Markdown (inline, e.g. a table cell or after a label), so user text stays text:
/// the characters that start markup (`\ ` * _ [ ] < > # | ~ & !`) get a backslash (CommonMark
/// escapes any ASCII punctuation so), line breaks and other controls become spaces (a label
/// cannot start a heading or a list on a line of its own), characters XML forbids are dropped
/// (the Markdown may become HTML), directional formatting characters shown as marks
/// ([`reveal_bidi`]). Callers put user text after their own prefix on a line.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in single_line(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => push_shown(&mut out, c),
        }
    }
    out
}

#[cfg(test)]
mod label_or_kind_tests {
    /// Review s35 R11: one answer to "its label, else its kind's name": a label as shown, a
    /// blank one (spaces only, which shows nothing) by the kind's name, a kind the catalog
    /// lacks by its id.
    #[test]
    fn a_label_else_the_kinds_name() {
        assert_eq!(super::label_or_kind("Web app", "ecs-service"), "Web app");
        assert_eq!(super::label_or_kind("", "nat-gateway"), "NAT gateway");
        assert_eq!(super::label_or_kind("  ", "nat-gateway"), "NAT gateway");
        assert_eq!(super::label_or_kind("", "no-such-kind"), "no-such-kind");
    }
}
