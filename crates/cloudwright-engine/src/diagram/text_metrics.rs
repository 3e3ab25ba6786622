//! Advance widths of the diagram's label font, per character, as the engine's estimate of a
//! label's width uses them ([`super::geometry::text_width`]): the engine has no font, and the
//! app names none of its own (no web font: the download budget), so the canvas draws labels in
//! whatever `system-ui` or `sans-serif` is on the machine and the SVG export in Helvetica or
//! Arial. Each width here is the widest of five fonts measured in Chromium, so the estimate
//! errs wide on every one of them:
//!
//! - DejaVu Sans, what Chromium's `system-ui` is on this Linux (and many others): the widest
//!   of them for every template label (the estimate from Helvetica's widths it replaces was
//!   up to 10% narrow for it, BENCHMARKS.md s29-fix);
//! - Liberation Sans, metric-compatible with Arial, itself with Helvetica: the fonts the SVG
//!   export names, on Linux, Windows and macOS;
//! - Roboto (Android, ChromeOS), Cantarell (GNOME's UI font), Noto Sans (KDE, Fedora).
//!
//! Segoe UI (Windows' `system-ui`) and San Francisco (macOS's) were not measured (not free to
//! install); their published average widths are narrower than Arial's, regular and bold
//! (capsize's `@capsizecss/metrics` 4.3.0, `xWidthAvg` per em: Segoe UI 0.443 and 0.475, the
//! system font 0.417, Arial 0.446 and 0.480), so the table, never narrower than Arial's and
//! mostly DejaVu's, is wider on average for them as well.
//!
//! Naming Arial-compatible fonts first for the labels (Helvetica, Arial, Liberation Sans: one
//! set of widths on macOS, Windows and most Linux, as the SVG export does) would bring the
//! canvas's labels to about 0.85 of this estimate, not closer: a Linux without Liberation Sans
//! still falls back to DejaVu Sans, which the estimate must cover all the same.
//!
//! Measured 2026-12-03 08:27 UTC (the three of [`EXTRA`] 08:42) by `scripts/probe-font-widths.mjs --table` (Chromium 156.0.8078.114,
//! SVG text at 12 px, `getComputedTextLength` of ten of the character in a row ÷ 10; the fonts
//! from Debian bookworm's fonts-dejavu-core, fonts-liberation, fonts-roboto-unhinted,
//! fonts-cantarell and fonts-noto-core), in thousandths of an em, rounded up.

/// Width of a character the tables do not cover, thousandths of an em: the widest measured of
/// any text a label may hold (Noto Color Emoji's emoji, 1.248 em; a CJK ideograph is 1 em).
pub const FALLBACK: u16 = 1250;

/// The characters beyond the tables the engine itself writes into labels, with their widths
/// in thousandths of an em (normal, bold): "…", what a cut label ends with, and the brackets of
/// a direction mark (`⟨RLO⟩`, [`crate::text::reveal_bidi`]; none of the five fonts has them:
/// the fallback font's, DejaVu Sans here).
pub const EXTRA: [(char, [u16; 2]); 3] = [('…', [1001, 1009]), ('⟨', [391, 458]), ('⟩', [391, 458])];

/// The first character the tables cover (space); they run to U+017F (Basic Latin, Latin-1
/// Supplement, Latin Extended-A), the controls U+007F–U+009F at [`FALLBACK`].
pub const FIRST: u32 = 0x20;

/// [`FALLBACK`], short for the tables.
const F: u16 = FALLBACK;

/// Advance width of each character U+0020–U+017F at normal weight (400), thousandths of an em.
#[rustfmt::skip]
pub const REGULAR: [u16; 352] = [
     318,  401,  461,  838,  637,  988,  780,  275,  391,  391,  552,  838,  318,  425,  318,  373, // U+0020–U+002F
     637,  637,  637,  637,  637,  637,  637,  637,  637,  637,  337,  337,  838,  838,  838,  557, // U+0030–U+003F
    1016,  710,  687,  723,  771,  668,  611,  778,  752,  340,  552,  668,  558,  908,  761,  788, // U+0040–U+004F
     668,  788,  723,  668,  611,  733,  685,  989,  686,  668,  686,  391,  411,  391,  838,  557, // U+0050–U+005F
     501,  613,  635,  550,  635,  616,  348,  635,  634,  278,  278,  580,  279,  975,  634,  612, // U+0060–U+006F
     635,  635,  414,  522,  393,  634,  592,  818,  592,  592,  525,  637,  552,  637,  838,    F, // U+0070–U+007F
    F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, // U+0080–U+008F
    F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, // U+0090–U+009F
     318,  401,  637,  637,  714,  637,  552,  614,  581, 1000,  472,  612,  838,    0, 1000,  553, // U+00A0–U+00AF
     500,  838,  401,  406,  501,  637,  661,  318,  501,  401,  472,  612,  970,  970,  996,  611, // U+00B0–U+00BF
     710,  710,  710,  710,  710,  685, 1000,  723,  668,  668,  668,  668,  340,  340,  340,  340, // U+00C0–U+00CF
     775,  761,  788,  788,  788,  788,  788,  838,  788,  733,  733,  733,  733,  668,  668,  632, // U+00D0–U+00DF
     613,  613,  613,  613,  613,  613,  983,  550,  616,  616,  616,  616,  278,  278,  278,  278, // U+00E0–U+00EF
     612,  634,  612,  612,  612,  612,  612,  838,  612,  634,  634,  634,  634,  592,  635,  592, // U+00F0–U+00FF
     710,  613,  710,  613,  710,  613,  723,  550,  723,  550,  723,  550,  723,  550,  771,  638, // U+0100–U+010F
     775,  635,  668,  616,  668,  616,  668,  616,  668,  616,  668,  616,  778,  635,  778,  635, // U+0110–U+011F
     778,  635,  778,  635,  752,  634,  917,  695,  340,  278,  340,  278,  340,  278,  340,  278, // U+0120–U+012F
     340,  278,  824,  556,  552,  278,  668,  580,  580,  558,  279,  558,  279,  558,  375,  558, // U+0130–U+013F
     351,  563,  329,  761,  634,  761,  634,  761,  634,  814,  761,  634,  788,  612,  788,  612, // U+0140–U+014F
     788,  612, 1070, 1024,  723,  414,  723,  414,  723,  414,  668,  522,  668,  522,  668,  522, // U+0150–U+015F
     668,  522,  611,  393,  611,  393,  611,  393,  733,  634,  733,  634,  733,  634,  733,  634, // U+0160–U+016F
     733,  634,  733,  634,  989,  818,  668,  592,  668,  686,  525,  686,  525,  686,  525,  353, // U+0170–U+017F
];

/// Advance width of each character U+0020–U+017F in bold (700), thousandths of an em.
#[rustfmt::skip]
pub const BOLD: [u16; 352] = [
     349,  457,  522,  838,  696, 1014,  873,  307,  458,  458,  546,  838,  380,  416,  380,  414, // U+0020–U+002F
     696,  696,  696,  696,  696,  696,  696,  696,  696,  696,  400,  400,  838,  838,  838,  611, // U+0030–U+003F
    1000,  774,  763,  734,  831,  684,  684,  821,  837,  390,  559,  775,  638,  996,  837,  851, // U+0040–U+004F
     733,  851,  771,  680,  703,  813,  774, 1104,  772,  725,  726,  458,  423,  458,  838,  557, // U+0050–U+005F
     501,  675,  716,  593,  716,  679,  406,  716,  712,  343,  343,  666,  343, 1043,  712,  688, // U+0060–U+006F
     716,  716,  494,  596,  479,  712,  652,  924,  646,  652,  583,  712,  552,  712,  838,    F, // U+0070–U+007F
    F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, // U+0080–U+008F
    F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, F, // U+0090–U+009F
     349,  457,  696,  696,  693,  696,  552,  629,  608, 1000,  565,  647,  838,    0, 1000,  553, // U+00A0–U+00AF
     500,  838,  439,  439,  501,  736,  699,  380,  501,  439,  565,  647, 1036, 1036, 1049,  611, // U+00B0–U+00BF
     774,  774,  774,  774,  774,  774, 1086,  734,  684,  684,  684,  684,  390,  390,  390,  390, // U+00C0–U+00CF
     838,  837,  851,  851,  851,  851,  851,  838,  851,  813,  813,  813,  813,  725,  738,  720, // U+00D0–U+00DF
     675,  675,  675,  675,  675,  675, 1048,  593,  679,  679,  679,  679,  343,  343,  343,  343, // U+00E0–U+00EF
     688,  712,  688,  688,  688,  688,  688,  838,  688,  712,  712,  712,  712,  652,  716,  652, // U+00F0–U+00FF
     774,  675,  774,  675,  774,  675,  734,  593,  734,  593,  734,  593,  734,  593,  831,  719, // U+0100–U+010F
     838,  716,  684,  679,  684,  679,  684,  679,  684,  679,  684,  679,  821,  716,  821,  716, // U+0110–U+011F
     821,  716,  821,  716,  837,  712,  974,  791,  390,  343,  390,  343,  390,  343,  390,  343, // U+0120–U+012F
     390,  343,  851,  686,  559,  343,  775,  666,  666,  638,  343,  638,  343,  638,  480,  638, // U+0130–U+013F
     557,  643,  372,  837,  712,  837,  712,  837,  712,  983,  837,  712,  851,  688,  851,  688, // U+0140–U+014F
     851,  688, 1168, 1095,  771,  494,  771,  494,  771,  494,  721,  596,  721,  596,  680,  596, // U+0150–U+015F
     680,  596,  683,  479,  703,  480,  683,  479,  813,  712,  813,  712,  813,  712,  813,  712, // U+0160–U+016F
     813,  712,  813,  712, 1104,  924,  725,  652,  725,  726,  583,  726,  583,  726,  583,  436, // U+0170–U+017F
];

/// A character's advance width in thousandths of an em, from the tables (bold or not).
pub fn advance(c: char, bold: bool) -> u16 {
    if let Some((_, w)) = EXTRA.iter().find(|(e, _)| *e == c) {
        return w[usize::from(bold)];
    }
    let table = if bold { &BOLD } else { &REGULAR };
    (c as u32).checked_sub(FIRST).and_then(|i| table.get(i as usize)).copied().unwrap_or(FALLBACK)
}

/// Whether `c` draws nothing of its own but changes the character before it (Unicode's
/// `Grapheme_Cluster_Break = Extend | ZWJ`, the ranges a label may meet): combining marks,
/// variation selectors (U+FE0F asks for the emoji form), emoji skin-tone modifiers, tag
/// characters (subdivision flags), the zero-width joiner and non-joiner.
fn extends(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C | 0x200D | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Whether `c` is a regional indicator (two of them are one flag).
fn regional(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

/// The text's user-perceived characters (grapheme clusters), in order, as slices of it: a
/// character with the marks and modifiers after it, characters joined by U+200D ZWJ
/// (`👨‍👩‍👧‍👦`, seven code points, is one), two regional indicators (a flag). By hand, the
/// rules of Unicode's UAX #29 a label meets (GB9, GB11 read as "anything after a ZWJ joins",
/// GB12/13), rather than the `unicode-segmentation` crate, whose tables cost about 43 KB of
/// wasm (18 KB gzipped) for this one use (BENCHMARKS.md s31-ui).
pub fn clusters(s: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = s;
    std::iter::from_fn(move || {
        let mut it = rest.char_indices();
        let (_, first) = it.next()?;
        let mut prev = first;
        let mut flags = usize::from(regional(first));
        let mut end = rest.len();
        for (i, c) in it {
            let joins = extends(c) || prev == '\u{200D}' || (regional(c) && flags % 2 == 1);
            if !joins {
                end = i;
                break;
            }
            flags += usize::from(regional(c));
            prev = c;
        }
        let (head, tail) = rest.split_at(end);
        rest = tail;
        Some(head)
    })
}

/// A cluster's advance width in thousandths of an em: its first character's (the marks,
/// joiners and modifiers after it draw within it; a ZWJ sequence draws as one emoji when the
/// font has it, and the fallback width is the widest emoji measured).
pub fn cluster_advance(cluster: &str, bold: bool) -> u16 {
    cluster.chars().next().map_or(0, |c| advance(c, bold))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zwj_family_is_one_cluster() {
        // QA s16: "👨‍👩‍👧‍👦👨‍👩‍👧‍👦 family" was cut although it fits: each of the 7 code points of
        // a family counted as an emoji.
        let fam = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
        let text = format!("{fam}{fam} family");
        let c: Vec<&str> = clusters(&text).collect();
        assert_eq!(c.len(), 2 + 7, "{c:?}");
        assert_eq!(c[0], fam);
        assert_eq!(c.concat(), text);
        assert_eq!(cluster_advance(fam, false), FALLBACK);
        // A flag (two regional indicators), a skin tone, a keycap, an accent: one each.
        assert_eq!(clusters("\u{1F1EB}\u{1F1F7}\u{1F1E9}\u{1F1EA}").count(), 2);
        assert_eq!(clusters("\u{1F44D}\u{1F3FD}").count(), 1);
        assert_eq!(clusters("1\u{FE0F}\u{20E3}").count(), 1);
        assert_eq!(clusters("e\u{0301}t\u{0301}e").count(), 3);
        assert_eq!(clusters("").count(), 0);
        assert_eq!(clusters("ab").collect::<Vec<_>>(), ["a", "b"]);
    }
}
