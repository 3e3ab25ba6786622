//! Diagram geometry in world coordinates (1 unit = 1 CSS pixel at 100% zoom): default sizes,
//! bounding boxes, overlap, draw order and connector paths. Pure functions over
//! [`Design::layout`].

use crate::catalog;
use crate::model::{Design, Node, NodeId, Rect};
use std::collections::BTreeSet;

/// Width of a leaf component's box (icon above, label below), world units.
pub const LEAF_W: f64 = 112.0;
/// Height of a leaf component's box, world units.
pub const LEAF_H: f64 = 72.0;

/// The default size (w, h) of a new node of this kind, world units.
pub fn default_size(kind: &str) -> (f64, f64) {
    match kind {
        "region" => (960.0, 640.0),
        "vpc" => (760.0, 520.0),
        "az" => (340.0, 420.0),
        "subnet" => (300.0, 150.0),
        _ => (LEAF_W, LEAF_H),
    }
}

/// Whether a node's kind is a container (region, VPC, AZ, subnet, ...).
pub fn is_container(d: &Design, id: &NodeId) -> bool {
    d.spec(id).is_some_and(|s| s.container)
}

/// Whether a node is a container, from the node itself.
pub fn node_is_container(n: &Node) -> bool {
    catalog::kind(&n.kind).is_some_and(|k| k.container)
}

/// Bounding box of some nodes' rectangles (all laid-out nodes when `ids` is None); None
/// when none of them has a rectangle.
pub fn bounds(d: &Design, ids: Option<&BTreeSet<NodeId>>) -> Option<Rect> {
    let rects: Vec<&Rect> = match ids {
        Some(ids) => ids.iter().filter_map(|id| d.layout.get(id)).collect(),
        None => d.layout.values().collect(),
    };
    let first = rects.first()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x + first.w, first.y + first.h);
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h);
    }
    Some(Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// Whether two rectangles overlap (touching edges do not count).
pub fn intersects(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Containers in draw order: outermost first (by depth), then by id. Nodes without a
/// rectangle are left out.
pub fn containers_in_draw_order(d: &Design) -> Vec<&Node> {
    let mut containers: Vec<(usize, &Node)> = d.nodes.values().filter(|n| node_is_container(n) && d.layout.contains_key(&n.id)).map(|n| (d.ancestors(&n.id).count(), n)).collect();
    crate::order::sort_by(&mut containers, |(da, a), (db, b)| da.cmp(db).then_with(|| a.id.cmp(&b.id)));
    containers.into_iter().map(|(_, n)| n).collect()
}

/// An orthogonal connector between two rectangles, as SVG path data: it leaves the side of
/// `a` facing `b`, turns once or twice at the midpoint, and enters the facing side of `b`,
/// the way architecture diagrams draw arrows; boxes too close for that are joined round the
/// outside, so the arrow still enters `b` head on. The router's direct path
/// (`route::fallback`), written as `route::Route::path` writes it: one rule for both.
pub fn edge_path(a: &Rect, b: &Rect) -> String {
    super::route::direct(a, b).path()
}

/// A connector's path data (`M x,y L x,y …`, as [`edge_path`] and `route::Route::path` write
/// it) as single-segment pieces, each with the distance along the whole path at which it
/// starts: drawn with `stroke-dashoffset` equal to that distance, the pieces show exactly the
/// dash pattern of the whole path (only the joins at the corners are left out; a round join
/// of a 1.5 px line is a quarter circle 0.75 px across).
///
/// Why: a browser's rasteriser (Skia) clips a dashed *straight line* to the area it is
/// drawing, but dashes a polyline over its whole length, every time any part of it is
/// repainted. A canvas of hundreds of long dashed connectors then took about a second to
/// repaint after any change (selecting, starting a drag); as pieces, a tenth of that.
pub fn dash_pieces(path: &str) -> Vec<(String, f64)> {
    dash_pieces_of(&path_points(path))
}

/// The points of a connector's polyline path data as routes write it (`Mx,y Lx,y …`, world
/// units): what a drag's ghost layer draws the connectors where they were from
/// (`canvas_follow`), the path the diagram drew them by.
pub fn path_points(path: &str) -> Vec<(f64, f64)> {
    path.split_whitespace()
        .filter_map(|t| {
            let (x, y) = t.trim_start_matches(['M', 'L']).split_once(',')?;
            Some((parse_coord(x)?, parse_coord(y)?))
        })
        .collect()
}

/// `t.parse::<f64>().ok()` — the same value for every text —, with the text routes write
/// (`route::Route::path`: a value to a tenth, `-`? digits, then `.` and one digit or nothing)
/// read without the general parser: the hub's drop reads ~7,000 of them in its task (the
/// canvas's `piece_ends`, s46-drop). Such a text is the decimal `k/10` (`k` its digits as a
/// whole number), and the double nearest it is `k as f64 / 10.0` (both exact below 2^53, the
/// division correctly rounded): what `parse` gives. The sign is applied after, as `parse`
/// does (`-0` is -0.0). Any other text goes to `parse`.
pub fn parse_coord(t: &str) -> Option<f64> {
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let b = digits.as_bytes();
    let (whole, tenth) = match b.len().checked_sub(2) {
        Some(i) if b[i] == b'.' => (&b[..i], Some(b[i + 1])),
        _ => (b, None),
    };
    let plain = !whole.is_empty() && whole.len() <= 14 && whole.iter().all(u8::is_ascii_digit) && tenth.is_none_or(|c| c.is_ascii_digit());
    if !plain {
        return t.parse().ok();
    }
    let mut k: u64 = 0;
    for &c in whole {
        k = k * 10 + u64::from(c - b'0');
    }
    k = k * 10 + tenth.map_or(0, |c| u64::from(c - b'0'));
    let v = k as f64 / 10.0;
    Some(if neg { -v } else { v })
}

/// [`dash_pieces`] of a polyline's points (as its path writes them): what a caller holding
/// the points uses, rather than writing a path to parse it back (a drag draws a hub's
/// connectors this way on every pointer move: `route::Route::dash_pieces`).
pub fn dash_pieces_of(points: &[(f64, f64)]) -> Vec<(String, f64)> {
    let mut along = 0.0;
    points
        .windows(2)
        .map(|w| {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            let piece = (format!("M{x1},{y1} L{x2},{y2}"), along);
            along += (x2 - x1).hypot(y2 - y1);
            piece
        })
        .collect()
}

/// A straight piece of a dashed polyline clipped to an area ([`dash_pieces_within`]): its two
/// ends and its dash offset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClippedPiece {
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// How far along the whole polyline `from` lies: drawn with this dash offset the piece
    /// shows exactly the part of the whole polyline's dash pattern that lies in the area.
    pub along: f64,
}

/// The pieces of [`dash_pieces_of`] that meet `area` (borders included), each clipped to it,
/// in order. What a drag draws of a dashed connector on the canvas's bitmap (`canvas_follow`):
/// a hub's connectors run across the whole estate, and a rasteriser dashes a line over its
/// whole length, in view or not.
pub fn dash_pieces_within(points: &[(f64, f64)], area: &Rect) -> Vec<ClippedPiece> {
    let mut along = 0.0;
    let mut out = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        if let Some((t0, t1)) = clip_segment(a, b, area) {
            let at = |t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            // An end inside the area is kept as it is (not recomputed from t = 0 or 1).
            let from = if t0 == 0.0 { a } else { at(t0) };
            let to = if t1 == 1.0 { b } else { at(t1) };
            out.push(ClippedPiece { from, to, along: along + t0 * len });
        }
        along += len;
    }
    out
}

/// The part of the segment from `a` to `b` inside `r` (borders included), as the segment's
/// parameters `0 ≤ t0 ≤ t1 ≤ 1` (Liang–Barsky); `None` when none of it is.
pub fn clip_segment(a: (f64, f64), b: (f64, f64), r: &Rect) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - r.x), (dx, r.x + r.w - a.0), (-dy, a.1 - r.y), (dy, r.y + r.h - a.1)] {
        if p == 0.0 {
            // Parallel to this border: inside it or not at all.
            if q < 0.0 {
                return None;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// Font size of every diagram label (component and container), CSS pixels.
pub const LABEL_FONT_PX: f64 = 12.0;

/// Estimated width of a label in CSS pixels at [`LABEL_FONT_PX`] (normal weight, or bold as
/// container labels are drawn): the sum of its characters' advance widths from
/// [`super::text_metrics`], one per user-perceived character ([`super::text_metrics::clusters`]:
/// an emoji's ZWJ sequence, modifiers and marks draw as one) — per character the widest of the fonts a browser may draw it in
/// (DejaVu Sans, Liberation Sans/Arial/Helvetica, Roboto, Cantarell, Noto Sans, measured in
/// Chromium) — rounded up, plus 2 px. The engine has no font, so the estimate must err on the
/// side of "too wide": a label it says fits must fit in every one of them (a cut container
/// label ran 57 px past its frame in DejaVu Sans bold when the estimate was Helvetica's,
/// BENCHMARKS.md s29-fix; `tests/text_width.rs` holds the measured widths of the templates'
/// labels).
pub fn text_width(s: &str, bold: bool) -> f64 {
    let milli_em: u64 = super::text_metrics::clusters(s).map(|c| u64::from(super::text_metrics::cluster_advance(c, bold))).sum();
    (milli_em as f64 * LABEL_FONT_PX / 1000.0).ceil() + 2.0
}

/// Where a node's icon is drawn: a leaf's 40×40 icon centred at the top of its box, a
/// container's 24×24 icon at its top-left corner. World units.
pub fn icon_box(container: bool, r: &Rect) -> Rect {
    if container {
        Rect::new(r.x, r.y, 24.0, 24.0)
    } else {
        Rect::new(r.x + r.w / 2.0 - 20.0, r.y + 4.0, 40.0, 40.0)
    }
}

/// Widest a component's label line may be before it wraps, world units (a component in a
/// box wider than this and its insets, a band across AZs, wraps at its box: [`label_wrap_w`]).
pub const LABEL_MAX_W: f64 = 140.0;

/// The room kept on each side of a label inside a box wider than [`LABEL_MAX_W`] (a band
/// across AZs), world units: the band's dashed edge stays clear of its name's ends.
pub const BAND_LABEL_INSET: f64 = 12.0;

/// How wide a component's label line may be in a box `box_w` wide, world units: the cell's
/// [`LABEL_MAX_W`], or the box less its insets when that is wider. A component's box is
/// [`LEAF_W`] (its label wraps at the cell); a band across AZs is as wide as its subnets, and
/// its name wraps at the band, so "Aurora global DB (writer)" is one line inside the band
/// instead of a second line below its dashed edge, struck through by the AZs' borders (QA s26
/// P-5a).
pub fn label_wrap_w(box_w: f64) -> f64 {
    LABEL_MAX_W.max(box_w - 2.0 * BAND_LABEL_INSET)
}
/// Distance between the baselines of a wrapped label's lines, world units.
pub const LINE_HEIGHT: f64 = 14.0;

/// The most characters of a label the diagram draws: the one limit for wherever a label names
/// a component.
pub use crate::text::LABEL_MAX_CHARS;

/// A label as the diagram draws it ([`crate::text::shown_label`]): direction overrides shown
/// as marks, cut at [`LABEL_MAX_CHARS`] characters with "…".
pub fn drawn_label(label: &str) -> String {
    crate::text::shown_label(label).into_owned()
}

/// The most lines a component's label is drawn on: a longer label ends its last line with
/// "…" (the inspector, the findings and the panels keep the whole of it).
pub const LABEL_MAX_LINES: usize = 3;

/// The most lines a label is drawn on in a box `box_w` wide, world units — the one answer to
/// how tall a component's label may be, read by [`label_lines_in`] and so by the drawing
/// ([`label_line_texts`]), the label's box ([`label_size`]: hit area, selection outline,
/// routing's outline, placement footprints) and Tidy up:
/// - a component's box ([`LEAF_W`]): [`LABEL_MAX_LINES`], hanging below the box into the
///   room its cell keeps under it;
/// - a box wider than the cell and its insets, a band across AZs (its label wraps at the
///   box, [`label_wrap_w`]): **one line**, inside the band, ending with "…" when the name is
///   longer, the whole name the band's tooltip and in the inspector. A band is drawn across
///   its row of subnets with things right under it, so a second line ran past its bottom
///   edge into them, and connectors were routed through it (QA s28 F2: "Internal application
///   load balancer for the order service" across two narrow AZs); a band grown to hold its
///   lines would move its subnets' row for a rename.
pub fn label_max_lines(box_w: f64) -> usize {
    if label_wrap_w(box_w) > LABEL_MAX_W { 1 } else { LABEL_MAX_LINES }
}

/// Whether the label is drawn cut in a box `box_w` wide ([`label_lines_in`] ended it with "…",
/// or it is over [`LABEL_MAX_CHARS`]): the canvas and the SVG export then give the whole of it
/// as the component's tooltip ([`label_tooltip`]).
pub fn label_cut(label: &str, box_w: f64) -> bool {
    label_lines_cut(label, box_w).1
}

/// The characters after which [`label_lines`] breaks a word too wide for a line, when it has
/// one: where a host name, a path or a hyphenated word reads on.
const WORD_BREAK_AFTER: [char; 6] = ['.', '-', '/', '_', ':', ','];

/// A component's label as the lines it is drawn on in a box of the usual width ([`LEAF_W`]):
/// [`label_lines_in`] at the cell's [`LABEL_MAX_W`].
pub fn label_lines(label: &str) -> Vec<String> {
    label_lines_in(label, LEAF_W)
}

/// A component's label as the lines it is drawn on in a box `box_w` wide, no wider than its
/// cell (qa23 #2) or its band ([`label_wrap_w`]): wrapped
/// at spaces so no line is wider than that, a word wider than that broken after its
/// last punctuation mark that fits, else between characters, at most [`label_max_lines`]
/// lines (one in a band), the last ending with "…" when the label goes on. Container labels are one line (they run along the frame). The lines are the text as
/// shown ([`crate::text::reveal_bidi`]: a direction override drawn as a mark, never obeyed).
pub fn label_lines_in(label: &str, box_w: f64) -> Vec<String> {
    label_lines_cut(label, box_w).0
}

/// [`label_lines_in`] and whether the label was cut: the lines ended with "…" (it went on past
/// [`label_max_lines`]) or the label is over [`LABEL_MAX_CHARS`] ([`drawn_label`] cut it). The
/// wrapping is the one that cuts, so it answers; nothing re-reads the lines to find out.
pub fn label_lines_cut(label: &str, box_w: f64) -> (Vec<String>, bool) {
    // Cut by `drawn_label` when the text as shown (direction overrides as marks, which are
    // longer) is over the limit; a short text is never (it has at most as many characters as
    // bytes).
    let over_chars = {
        let shown = crate::text::reveal_bidi(label);
        shown.len() > LABEL_MAX_CHARS && shown.chars().count() > LABEL_MAX_CHARS
    };
    let label = drawn_label(label);
    let mut lines: Vec<String> = Vec::new();
    let max_w = label_wrap_w(box_w);
    let max_lines = label_max_lines(box_w);
    let fits = |s: &str| text_width(s, false) <= max_w;
    'words: for word in label.split(' ').filter(|w| !w.is_empty()) {
        if let Some(line) = lines.last_mut() {
            if fits(&format!("{line} {word}")) {
                line.push(' ');
                line.push_str(word);
                continue;
            }
        }
        // A new line; a word wider than a line goes on as many as it needs, each broken after
        // its last punctuation mark where it has one (`(planner.example.` `com)`, not
        // `(planner.example.com` `)`), else between the last characters that fit.
        let mut piece = String::new();
        // Broken between clusters (an emoji's ZWJ sequence stays whole).
        for c in super::text_metrics::clusters(word) {
            piece.push_str(c);
            if piece.len() > c.len() && !fits(&piece) {
                piece.truncate(piece.len() - c.len());
                let at = piece.char_indices().filter(|&(i, p)| i > 0 && WORD_BREAK_AFTER.contains(&p)).map(|(i, p)| i + p.len_utf8()).last();
                let rest = match at {
                    Some(at) if at < piece.len() => piece.split_off(at),
                    _ => String::new(),
                };
                lines.push(std::mem::replace(&mut piece, rest));
                piece.push_str(c);
                if lines.len() > max_lines {
                    break 'words;
                }
            }
        }
        lines.push(piece);
        if lines.len() > max_lines {
            break;
        }
    }
    let cut_lines = lines.len() > max_lines;
    if cut_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("at least one line");
        while !last.is_empty() && !fits(&format!("{}…", last.trim_end())) {
            last.pop();
        }
        let cut = format!("{}…", last.trim_end());
        *last = cut;
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    (lines, over_chars || cut_lines)
}

/// The lines of [`label_lines`] as text to draw: every line but the last ends with a space
/// where the label broke at one, and with nothing where a word too wide for a line was
/// broken inside it, so the drawn text reads (and copies, and is read aloud) as the label:
/// `<img src=x onerror="window.__xss=1">` is drawn on three lines and reads back whole, not
/// as `window.__xss =1`. The canvas and the SVG export draw these, for a box `box_w` wide;
/// widths come from [`label_lines_in`].
pub fn label_line_texts(label: &str, box_w: f64) -> Vec<String> {
    label_line_texts_cut(label, box_w).0
}

/// [`label_line_texts`] and whether the label was cut ([`label_lines_cut`]): what the canvas
/// and the SVG export draw, and whether they give the whole label as a tooltip, from one wrap.
pub fn label_line_texts_cut(label: &str, box_w: f64) -> (Vec<String>, bool) {
    let shown = drawn_label(label);
    let (mut lines, cut) = label_lines_cut(label, box_w);
    let last = lines.len().saturating_sub(1);
    // Walk the label as shown along the lines: they hold its words in order, single-spaced.
    let mut rest = shown.as_str();
    for line in &mut lines[..last] {
        rest = rest.trim_start_matches(' ');
        for c in line.chars() {
            rest = if c == ' ' { rest.trim_start_matches(' ') } else { rest.strip_prefix(c).unwrap_or(rest) };
        }
        if rest.starts_with(' ') || rest.is_empty() {
            line.push(' ');
        }
    }
    (lines, cut)
}

/// Where a container's label starts: after its 24 px icon and a gap, world units from its
/// left edge.
pub const CONTAINER_LABEL_X: f64 = 30.0;
/// The gap kept between the end of a container's label and its right edge, world units.
pub const CONTAINER_LABEL_END: f64 = 8.0;

/// The width a container's label may take on a frame `w` wide (world units): from
/// [`CONTAINER_LABEL_X`] to [`CONTAINER_LABEL_END`] short of the right edge, never negative.
pub fn container_label_room(w: f64) -> f64 {
    (w - CONTAINER_LABEL_X - CONTAINER_LABEL_END).max(0.0)
}

/// A container's label as drawn on a frame `w` wide (world units), and whether it was cut:
/// the label as shown ([`drawn_label`]) when its estimated width ([`text_width`], bold) fits
/// [`container_label_room`]; else cut in the middle between characters — its start, "…",
/// its end (up to [`LABEL_TAIL_SHARE`] of the room), spaces next to the "…" dropped — the
/// longest such text that fits; on a frame with room for too little of an end
/// ([`LABEL_TAIL_MIN`] characters) just the start and "…" (just "…" on a frame too narrow
/// for any). A label longer than its frame ran over it, across connectors and other labels
/// (s29-fix #4); the canvas and the SVG export draw this text and give the whole label as a
/// tooltip when cut.
///
/// Why the end too: names that differ only at their end are common — an imported stack
/// names its subnets "VPC Public and Private with NAT-public-us-east-1a", "…-private-…-1b"
/// — and cut at the end they all read "VPC Public and…" (QA s23 #16). File managers and
/// editor tabs cut the middle for the same reason.
pub fn container_label_text(label: &str, w: f64) -> (String, bool) {
    container_label_text_among(label, w, &[])
}

/// [`container_label_text`] for a label drawn next to `peers`, the labels of the containers of
/// its kind in the same parent (the public and the private subnet of one AZ): when the cut
/// text would show only what the label shares with a peer — its start and its end — the word
/// where they first differ is kept too, as start…word…end ("VPC P…public…t-1a" beside
/// "VPC P…private…-1a"), or start…word-to-the-end when that fits (QA s24: the imported
/// stack's public and private subnets of one AZ still read the same).
///
/// A label longer than [`LABEL_MAX_CHARS`] is always cut, its end taken from the label's own
/// end (not from the capped text, which ends in "…": QA s24 saw "yyy…yyy…").
pub fn container_label_text_among(label: &str, w: f64, peers: &[&str]) -> (String, bool) {
    let room = container_label_room(w);
    let capped = label.chars().count() > LABEL_MAX_CHARS;
    let (shown, start_len) = if capped { long_label_ends(label) } else { (drawn_label(label), usize::MAX) };
    if !capped && text_width(&shown, true) <= room {
        return (shown, false);
    }
    let clusters: Vec<&str> = super::text_metrics::clusters(&shown).collect();
    let (head, tail_from) = cut_in_the_middle(&clusters, room, start_len.min(clusters.len()));
    let plain = join_cut(&clusters[..head], &clusters[tail_from..]);
    match keep_the_difference(&clusters, head, tail_from, room, peers) {
        Some(t) => (t, true),
        None => (plain, true),
    }
}

/// The labels a container's label is drawn next to ([`container_label_text_among`]): of each
/// container, by id, the labels of the other containers of its kind in the same parent. One
/// pass over the design; leaves are not in it.
pub fn container_label_peers(d: &Design) -> std::collections::HashMap<&NodeId, Vec<&str>> {
    let mut groups: std::collections::HashMap<(Option<&NodeId>, &str), Vec<(&NodeId, &str)>> = std::collections::HashMap::new();
    for n in d.nodes.values().filter(|n| node_is_container(n)) {
        groups.entry((n.parent.as_ref(), n.kind.as_str())).or_default().push((&n.id, n.label.as_str()));
    }
    let mut peers = std::collections::HashMap::new();
    for members in groups.values() {
        for (id, _) in members {
            peers.insert(*id, members.iter().filter(|(o, _)| o != id).map(|(_, l)| *l).collect());
        }
    }
    peers
}

/// The most characters of a label its tooltip gives: a tooltip is there to give what the
/// drawing cut ([`LABEL_MAX_CHARS`], three lines, a frame's width), so it goes far past the
/// drawn cap; only text pasted or imported by mistake (a 100 KB label) is cut, as start…end,
/// so the page's markup does not carry it whole for every drawing of the node.
pub const TOOLTIP_MAX_CHARS: usize = 2000;

/// A cut label's tooltip, a component's or a container's: the whole label as shown
/// ([`crate::text::reveal_bidi`]); one over [`TOOLTIP_MAX_CHARS`] characters as its first and
/// last halves with "…" between, so the end the drawing shows is in it too (QA s30 F2: a
/// 255-character label's tooltip was cut at 160, the drawn cap, "…" in its middle).
pub fn label_tooltip(label: &str) -> String {
    if label.chars().count() <= TOOLTIP_MAX_CHARS {
        return crate::text::reveal_bidi(label).into_owned();
    }
    let (start, end) = label_halves(label, TOOLTIP_MAX_CHARS / 2);
    crate::text::reveal_bidi(&format!("{}…{}", start.trim_end(), end.trim_start())).into_owned()
}

/// The two ends of a label over [`LABEL_MAX_CHARS`] characters, as shown ([`crate::text::reveal_bidi`]):
/// its first and its last `LABEL_MAX_CHARS / 2` characters run together (always cut between
/// them, see [`container_label_text_among`]), and how many clusters the first half is.
fn long_label_ends(label: &str) -> (String, usize) {
    let (start, end) = label_halves(label, LABEL_MAX_CHARS / 2);
    let start = crate::text::reveal_bidi(&start).into_owned();
    let end = crate::text::reveal_bidi(&end).into_owned();
    let start_len = super::text_metrics::clusters(&start).count();
    (format!("{start}{end}"), start_len)
}

/// A label's first and last `half` characters, as typed: the two parts a label over a cap is
/// drawn ([`long_label_ends`], `LABEL_MAX_CHARS / 2`) or explained by ([`label_tooltip`],
/// `TOOLTIP_MAX_CHARS / 2`).
fn label_halves(label: &str, half: usize) -> (String, String) {
    let n = label.chars().count();
    (label.chars().take(half).collect(), label.chars().skip(n.saturating_sub(half)).collect())
}

/// Start…end from clusters: spaces next to the "…" dropped; just the start and "…" when the end
/// is empty.
fn join_cut(head: &[&str], tail: &[&str]) -> String {
    format!("{}…{}", head.concat().trim_end(), tail.concat().trim_start())
}

/// Where [`container_label_text`] cuts `clusters` for `room`: the start's length and the end's
/// first cluster (the end up to [`LABEL_TAIL_SHARE`] of the room, dropped when under
/// [`LABEL_TAIL_MIN`] clusters, never before `head_max` when that is short of the whole; the
/// start the longest that fits with it, at most `head_max`).
fn cut_in_the_middle(clusters: &[&str], room: f64, head_max: usize) -> (usize, usize) {
    let ellipsis = text_width("…", true);
    let tail_room = (room - ellipsis).max(0.0) * LABEL_TAIL_SHARE;
    // The end never reaches into the start's part (of a label over the cap, its first half).
    let tail_min = if head_max < clusters.len() { head_max } else { 0 };
    let mut tail_from = end_within(clusters, tail_min, tail_room);
    if clusters.len() - tail_from < LABEL_TAIL_MIN {
        tail_from = clusters.len();
    }
    (longest_head(clusters, &clusters[tail_from..], room, tail_from.min(head_max)), tail_from)
}

/// Where the longest run of whole clusters at the end of `clusters` that fits `room` (bold
/// width, [`text_width`]) starts, never before `floor`.
fn end_within(clusters: &[&str], floor: usize, room: f64) -> usize {
    let mut from = clusters.len();
    let mut w = 0.0;
    while from > floor {
        let cw = text_width(clusters[from - 1], true);
        if w + cw > room {
            break;
        }
        w += cw;
        from -= 1;
    }
    from
}

/// The longest start of `clusters` (at most `max` of them) that fits `room` with "…" and
/// `rest` after it. Widths add up per cluster ([`text_width`]), so one pass; cut between
/// clusters, never inside an emoji's ZWJ sequence.
fn longest_head(clusters: &[&str], rest: &[&str], room: f64, max: usize) -> usize {
    let rest = rest.concat();
    let mut best = 0;
    let mut cut = String::new();
    for (i, c) in clusters[..max].iter().enumerate() {
        cut.push_str(c);
        if text_width(&format!("{}…{}", cut.trim_end(), rest.trim_start()), true) > room {
            break;
        }
        best = i + 1;
    }
    best
}

/// Where a label's words break: the difference [`keep_the_difference`] shows starts after one.
fn is_word_break(c: &str) -> bool {
    matches!(c, " " | "-" | "_" | "/" | "." | ":" | ",")
}

/// The cut text that also shows where the label first differs from a peer it would otherwise
/// read the same as (start and end both shared with it), `None` when no peer needs it or the
/// word does not fit: start…word-to-the-end, else start…word…end.
fn keep_the_difference(clusters: &[&str], head: usize, tail_from: usize, room: f64, peers: &[&str]) -> Option<String> {
    let n = clusters.len();
    // The first differing cluster of each peer the plain cut cannot tell apart.
    let mut differ: Option<usize> = None;
    for p in peers {
        let pc: Vec<&str> = super::text_metrics::clusters(p).collect();
        let prefix = clusters.iter().zip(&pc).take_while(|(a, b)| a == b).count();
        let suffix = clusters.iter().rev().zip(pc.iter().rev()).take_while(|(a, b)| a == b).count();
        if prefix == n && n == pc.len() {
            continue; // the same label: nothing tells them apart
        }
        if head <= prefix && n - tail_from <= suffix {
            differ = Some(differ.map_or(prefix, |d: usize| d.max(prefix)));
        }
    }
    let at = differ?.min(n.saturating_sub(1));
    // The word around it: back to the last break (a few clusters at most), on to the next.
    let from = (at.saturating_sub(12)..=at).rev().find(|&i| i == 0 || is_word_break(clusters[i - 1])).unwrap_or(at);
    let to = (at..n).find(|&i| is_word_break(clusters[i])).unwrap_or(n);
    if from == 0 {
        return None; // the difference is in the start, which the plain cut shows
    }
    let fits = |t: &str| text_width(t, true) <= room;
    // start…word-to-the-end, with at least one cluster of the start.
    let h = longest_head(clusters, &clusters[from..], room, from);
    if h > 0 {
        let t = join_cut(&clusters[..h], &clusters[from..]);
        if fits(&t) {
            return Some(t);
        }
    }
    // start…word…end: the word first, the end up to its share of what is left, the start the rest.
    let word = clusters[from..to].concat();
    let middle = format!("…{}…", word.trim());
    let left = room - text_width(&middle, true);
    if left < 0.0 {
        return None;
    }
    // The end before the start here: it tells apart peers that differ at the end too (the
    // subnets of the other AZ, "…-1a" and "…-1b"), the start only repeats what they share.
    let min_end: f64 = clusters[n.saturating_sub(LABEL_TAIL_MIN).max(to)..].iter().map(|c| text_width(c, true)).sum();
    let end_room = if min_end <= left { (left * LABEL_TAIL_SHARE).max(min_end) } else { left * LABEL_TAIL_SHARE };
    let mut tail_from = end_within(clusters, to, end_room);
    if n - tail_from < LABEL_TAIL_MIN.min(n - to) {
        tail_from = n;
    }
    let tail = clusters[tail_from..].concat();
    let mut start = String::new();
    for c in &clusters[..from] {
        let next = format!("{start}{c}");
        if text_width(next.trim_end(), true) > left - text_width(tail.trim(), true) {
            break;
        }
        start = next;
    }
    let t = format!("{}{middle}{}", start.trim_end(), tail.trim());
    fits(&t).then_some(t)
}

/// The share of a cut container label's room its end may take ([`container_label_text`]):
/// under half, so the start — usually the name a reader knows it by — keeps the most.
pub const LABEL_TAIL_SHARE: f64 = 0.45;

/// The fewest characters of a cut container label's end worth showing
/// ([`container_label_text`]): fewer read as noise, not as a name's end.
pub const LABEL_TAIL_MIN: usize = 4;

/// Where a node's label is drawn (ascent of the first line to descent of the last): a
/// leaf's centred under its icon (first baseline 6 px above the bottom, wrapped lines below
/// it, see [`label_lines`]), a container's bold after its icon (baseline 18 px below the
/// top, no wider than [`container_label_room`]: a longer one is cut,
/// [`container_label_text`]). World units; the width is [`text_width`]'s estimate.
pub fn label_box(container: bool, label: &str, r: &Rect) -> Rect {
    label_box_sized(container, label_size(container, label, r.w), r)
}

/// The width and height of the label's box ([`label_box`]), world units: from its text and
/// its box's width `box_w` (a component's label wrapped into lines, [`label_lines_in`]), not
/// from where the node is.
pub fn label_size(container: bool, label: &str, box_w: f64) -> (f64, f64) {
    if container {
        (text_width(&drawn_label(label), true), 13.0)
    } else {
        let lines = label_lines_in(label, box_w);
        let w = lines.iter().map(|l| text_width(l, false)).fold(0.0, f64::max);
        (w, 13.0 + LINE_HEIGHT * (lines.len() - 1) as f64)
    }
}

/// [`label_box`] from a size [`label_size`] gave: the same box, the same bits, without
/// measuring or wrapping the text again (a drag places a hub's label on every pointer move).
pub fn label_box_sized(container: bool, (w, h): (f64, f64), r: &Rect) -> Rect {
    if container {
        Rect::new(r.x + CONTAINER_LABEL_X, r.y + 8.0, w.min(container_label_room(r.w)), h)
    } else {
        Rect::new(r.x + r.w / 2.0 - w / 2.0, r.y + r.h - 16.0, w, h)
    }
}

/// What a selected component's outline surrounds, world units: a container's frame; a
/// component's box grown to hold its label ([`label_box`], with [`SELECTION_LABEL_PAD`] on
/// each side) where the label is wider than the box or wraps below it — an outline narrower
/// than its label looked as if it selected part of a name (QA s25: "Internet gateway 2").
pub fn selection_box(container: bool, label: &str, r: &Rect) -> Rect {
    if container {
        return *r;
    }
    let l = label_box(false, label, r);
    union(r, &Rect::new(l.x - SELECTION_LABEL_PAD, l.y, l.w + 2.0 * SELECTION_LABEL_PAD, l.h + SELECTION_LABEL_PAD))
}

/// The room between a selected component's label and its outline, world units.
pub const SELECTION_LABEL_PAD: f64 = 3.0;

/// The smallest rectangle holding both.
pub fn union(a: &Rect, b: &Rect) -> Rect {
    let (x0, y0) = (a.x.min(b.x), a.y.min(b.y));
    let (x1, y1) = ((a.x + a.w).max(b.x + b.w), (a.y + a.h).max(b.y + b.h));
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// The rectangle grown by `m` on every side.
pub fn inflate(r: &Rect, m: f64) -> Rect {
    Rect::new(r.x - m, r.y - m, r.w + 2.0 * m, r.h + 2.0 * m)
}

/// Whether the segment from `p` to `q` passes through the open interior of `r` (touching
/// its border does not count). Liang–Barsky clipping, so it holds for any slope.
pub fn segment_crosses(p: (f64, f64), q: (f64, f64), r: &Rect) -> bool {
    let eps = 1e-6;
    let (x0, y0, x1, y1) = (r.x + eps, r.y + eps, r.x + r.w - eps, r.y + r.h - eps);
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [(-dx, p.0 - x0), (dx, x1 - p.0), (-dy, p.1 - y0), (dy, y1 - p.1)] {
        if pk == 0.0 {
            if qk <= 0.0 {
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coordinate_reads_as_parse_reads_it() {
        let same = |t: &str| {
            let (a, b) = (super::parse_coord(t), t.parse::<f64>().ok());
            assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits), "{t:?}");
        };
        for t in ["0", "-0", "0.1", "-0.1", "0.3", "12.3", "-12.3", "1234.5", "99999999999999.9", "123456789012345.6", "1.25", "1e3", ".5", "5.", "-", "", "+1", "1.a", "a.1", "--1", "1..", "NaN", "inf", "0.0", "007.5", "-.5", "1,2"] {
            same(t);
        }
        for k in -30_000..=30_000i64 {
            same(&format!("{}", k as f64 / 10.0));
        }
        let mut x = 0.123_456_789_f64;
        for _ in 0..100_000 {
            x = (x * 7919.0 + 0.618_033_988_749_895) % 2.0e6 - 1.0e6;
            same(&format!("{}", (x * 10.0).round() / 10.0));
        }
    }

    /// The wrap's own flag says whether a label was cut (s29 review): it agrees with reading
    /// the drawn lines back against the words (the old `label_texts_cut`) on labels short,
    /// wrapped, cut at three lines, cut in a band, broken inside a word, over 160 characters,
    /// blank and with a direction override; and a label of 158 characters with two overrides
    /// (their marks make the text as shown 168 long: `drawn_label` cuts it) is cut.
    #[test]
    fn the_wrap_says_whether_it_cut_the_label() {
        fn read_back(label: &str, texts: &[String]) -> bool {
            if label.chars().count() > LABEL_MAX_CHARS {
                return true;
            }
            let shown = drawn_label(label);
            let words: Vec<&str> = shown.split(' ').filter(|w| !w.is_empty()).collect();
            texts.concat().trim_end() != words.join(" ")
        }
        let long = "Internal application load balancer for the order service and its many friends";
        let word = "a".repeat(60);
        let over = "word ".repeat(40);
        let labels = ["", "   ", "Web", "Aurora global DB (writer)", long, &word, &over, "invoice\u{202e}fdp.exe", "DNS (planner.example.com)"];
        for label in labels {
            for w in [LEAF_W, 140.0, 400.0, 90.0] {
                let (texts, cut) = label_line_texts_cut(label, w);
                assert_eq!(cut, read_back(label, &texts), "{label:?} at {w}: {texts:?}");
                assert_eq!(texts, label_line_texts(label, w));
                assert_eq!(cut, label_cut(label, w));
                assert_eq!(label_lines_cut(label, w).0, label_lines_in(label, w));
            }
        }
        assert!(label_cut(long, LEAF_W) && label_cut(long, 400.0) && !label_cut("Web", LEAF_W));
        let marked = format!("{}\u{202e}\u{202c}", "x".repeat(158));
        assert!(label_line_texts(&marked, LEAF_W).concat().ends_with('…'));
        assert!(label_cut(&marked, LEAF_W) && label_cut(&marked, 400.0), "cut by the marks' length");
    }

    /// A band across AZs wraps its name at its own width, not at a component's cell (QA s26
    /// P-5a: "Aurora global DB (writer)" on two lines put "(writer)" below the band's dashed
    /// edge, where the AZs' borders cross it).
    #[test]
    fn a_band_wraps_its_name_at_its_width() {
        let name = "Aurora global DB (writer)";
        // In a component's cell (140 px) the name is two lines, as before.
        assert!(text_width(name, false) > LABEL_MAX_W);
        assert_eq!(label_lines(name), ["Aurora global DB", "(writer)"]);
        // A band 400 px wide keeps 12 px a side: lines up to 400 − 2 × 12 = 376 px; one line.
        assert_eq!(label_wrap_w(400.0), 376.0);
        assert_eq!(label_lines_in(name, 400.0), [name]);
        // So its label box is one line high (13 px, from 16 px above the band's bottom) and
        // inside the band: y from 200 + 72 − 16 = 256 to 269, under the band's bottom at 272.
        let band = Rect::new(100.0, 200.0, 400.0, LEAF_H);
        let l = label_box(false, name, &band);
        assert_eq!((l.y, l.h), (256.0, 13.0));
        assert!(l.x > band.x && l.x + l.w < band.x + band.w, "{l:?} inside {band:?}");
        // A component's box (112 px, or any box up to 140 + 24 = 164) wraps at the cell.
        assert_eq!(label_wrap_w(LEAF_W), LABEL_MAX_W);
        assert_eq!(label_wrap_w(164.0), LABEL_MAX_W);
        // A name too long even for its band is one line cut with "…" at the band, never
        // wider than it, and its label box stays inside the band (QA s28 F2: two and three
        // lines ran past the band's bottom edge into what is under it).
        let long = "Aurora global database cluster (writer, us-east-1, encrypted, backtrack on)";
        let lines = label_lines_in(long, 300.0);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].ends_with('…') && text_width(&lines[0], false) <= 276.0, "{lines:?}");
        assert_eq!(label_line_texts(long, 300.0), lines);
        let wide = Rect::new(100.0, 200.0, 300.0, LEAF_H);
        let l = label_box(false, long, &wide);
        assert_eq!((l.y, l.h), (256.0, 13.0));
        assert_eq!(selection_box(false, long, &wide), wide, "the outline is the band");
        assert!(label_cut(long, 300.0), "its tooltip holds the whole name");
        assert!(!label_cut(name, 400.0), "a name that fits has none");
        // A component keeps its three lines under its box (the cell keeps room for them).
        assert_eq!((label_max_lines(LEAF_W), label_max_lines(164.0), label_max_lines(165.0)), (LABEL_MAX_LINES, LABEL_MAX_LINES, 1));
        assert_eq!(label_lines_in(long, LEAF_W).len(), LABEL_MAX_LINES);
        assert!(label_cut(long, LEAF_W));
        assert!(!label_cut("Orders   API", LEAF_W), "spaces the drawing collapses are no cut");
    }

    /// A selected component's outline holds its label: the box where the label fits, grown
    /// to the label (+ 3 px a side) where it is wider, and below the box where it wraps.
    #[test]
    fn the_selection_outline_holds_the_label() {
        let r = Rect::new(100.0, 200.0, 120.0, 80.0);
        // "DB" is far narrower than 120 px: the outline is the box.
        assert_eq!(selection_box(false, "DB", &r), r);
        // A container's outline is its frame, whatever its label.
        assert_eq!(selection_box(true, &"Production VPC ".repeat(9), &r), r);
        // One line wider than the box: centred on it (x = 100 + 60 − w/2), 3 px beyond the
        // text on each side, as tall as the box (the line's box ends at 280 − 16 + 13 + 3 = 280).
        let wide = "Internet gateway 22";
        let (w, h) = label_size(false, wide, LEAF_W);
        assert_eq!(label_lines(wide).len(), 1, "one line");
        assert!(w > 120.0, "wider than the box: {w}");
        let o = selection_box(false, wide, &r);
        assert_eq!((o.x, o.y, o.w, o.h), (160.0 - w / 2.0 - 3.0, 200.0, w + 6.0, 80.0), "h {h}");
        // Two lines: 13 + 14 = 27 px of label from 280 − 16 = 264, + 3: the outline ends at
        // 294, 14 px below the box.
        let two = "Gateway for the web tier";
        assert_eq!(label_lines(two).len(), 2);
        let o = selection_box(false, two, &r);
        assert_eq!(o.y + o.h, 294.0);
        assert!(o.x <= r.x && o.x + o.w >= r.x + r.w);
    }

    #[test]
    fn an_emoji_zwj_sequence_is_measured_as_one() {
        // QA s16: a subnet named "👨‍👩‍👧‍👦👨‍👩‍👧‍👦 family" was cut on a frame it fits: the width
        // counted the 7 code points of each family as 7 emoji (210 px for about 75).
        let fam = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
        let label = format!("{fam}{fam} family");
        assert_eq!(text_width(&label, true), text_width("\u{1F468}\u{1F468} family", true));
        assert_eq!(container_label_text(&label, 200.0), (label.clone(), false));
        // Cut, it is cut between families, never inside one.
        let (cut, was_cut) = container_label_text(&label, 38.0 + text_width(&format!("{fam}…"), true));
        assert!(was_cut);
        assert_eq!(cut, format!("{fam}…"));
        // A component label wraps between clusters too.
        let long = fam.repeat(12);
        for line in label_lines(&long) {
            assert!(super::super::text_metrics::clusters(line.trim_end_matches('…')).all(|c| c == fam), "{line:?}");
        }
    }

    #[test]
    fn dash_pieces_keep_the_pattern_of_the_whole_path() {
        // M0,0 → 30,0 → 30,40 → 10,40: pieces start at 0, 30 (the first is 30 long) and
        // 30 + 40 = 70 along the path.
        let p = dash_pieces("M0,0 L30,0 L30,40 L10,40");
        assert_eq!(p, vec![("M0,0 L30,0".to_string(), 0.0), ("M30,0 L30,40".to_string(), 30.0), ("M30,40 L10,40".to_string(), 70.0)]);
        // Fractional coordinates as `Route::path` writes them (one decimal); 12.5 - 2.5 = 10.
        assert_eq!(dash_pieces("M2.5,-1 L12.5,-1 L12.5,4"), vec![("M2.5,-1 L12.5,-1".to_string(), 0.0), ("M12.5,-1 L12.5,4".to_string(), 10.0)]);
        // Every piece of a connector the canvas draws is one straight segment of it.
        let a = Rect::new(0.0, 0.0, 100.0, 60.0);
        let b = Rect::new(300.0, 200.0, 100.0, 60.0);
        assert_eq!(dash_pieces(&edge_path(&a, &b)).len(), 3);
        assert!(dash_pieces("").is_empty());
        assert!(dash_pieces("M1,1").is_empty());
    }

    #[test]
    fn a_segment_is_clipped_to_the_area() {
        let r = Rect::new(0.0, 0.0, 100.0, 100.0);
        assert_eq!(clip_segment((-50.0, 50.0), (150.0, 50.0), &r), Some((0.25, 0.75)));
        assert_eq!(clip_segment((10.0, 10.0), (20.0, 20.0), &r), Some((0.0, 1.0)));
        assert_eq!(clip_segment((-10.0, -10.0), (-20.0, 50.0), &r), None);
        assert_eq!(clip_segment((50.0, 200.0), (50.0, 150.0), &r), None);
        assert_eq!(clip_segment((50.0, 150.0), (50.0, 50.0), &r), Some((0.5, 1.0)));
        // Along a border, and a point.
        assert_eq!(clip_segment((0.0, -10.0), (0.0, 10.0), &r), Some((0.5, 1.0)));
        assert_eq!(clip_segment((5.0, 5.0), (5.0, 5.0), &r), Some((0.0, 1.0)));
    }

    #[test]
    fn clipped_pieces_continue_the_dash_pattern() {
        // M0,0 → 300,0 → 300,400 seen through x ≤ 200 then y in 100..200.
        let pts = [(0.0, 0.0), (300.0, 0.0), (300.0, 400.0)];
        let p = dash_pieces_within(&pts, &Rect::new(-10.0, -10.0, 210.0, 500.0));
        assert_eq!(p, vec![ClippedPiece { from: (0.0, 0.0), to: (200.0, 0.0), along: 0.0 }]);
        let p = dash_pieces_within(&pts, &Rect::new(250.0, 100.0, 100.0, 100.0));
        assert_eq!(p, vec![ClippedPiece { from: (300.0, 100.0), to: (300.0, 200.0), along: 400.0 }]);
        let p = dash_pieces_within(&pts, &Rect::new(0.0, 0.0, 1000.0, 1000.0));
        assert_eq!(p.len(), 2);
        assert_eq!(p[1], ClippedPiece { from: (300.0, 0.0), to: (300.0, 400.0), along: 300.0 });
    }

    /// s29-fix #4: a container's label never runs past its frame: whole when it fits, else cut
    /// with "…" to the room after the icon, and the label box the checks and the router use is
    /// no wider than that.
    #[test]
    fn container_labels_are_cut_to_their_frame() {
        let short = "VPC";
        assert_eq!(container_label_text(short, 400.0), ("VPC".to_string(), false));
        let long = "Production VPC for the payments platform, shared services and the data lake";
        let w = 240.0;
        let (text, cut) = container_label_text(long, w);
        assert!(cut);
        // Its start, "…", its end: "Production VPC for the…the data lake".
        let (head, tail) = text.split_once('…').expect("cut with …");
        assert!(head.len() > 4 && tail.len() >= LABEL_TAIL_MIN, "{text}");
        assert!(long.starts_with(head) && long.ends_with(tail), "the label's start and end: {text}");
        assert!(text_width(&text, true) <= container_label_room(w), "{text} fits {}", container_label_room(w));
        // The longest start that fits with that end: one more character would not.
        let more = head.chars().count() + 1;
        let more = if long.chars().nth(more - 1) == Some(' ') { more + 1 } else { more };
        let next: String = long.chars().take(more).collect();
        assert!(text_width(&format!("{}…{tail}", next.trim_end()), true) > container_label_room(w), "{next}");
        // No space next to the "…".
        assert!(!head.ends_with(' ') && !tail.starts_with(' '));
        // Names that differ only at their end stay apart (QA s23 #16: an imported stack's
        // four subnets, 160 wide, all read "VPC Public and…"; now "VPC Public…st-1a" and
        // "VPC Public…st-1b", the tier told by the subnet's colour).
        let a = container_label_text("VPC Public and Private with NAT-public-us-east-1a", 160.0).0;
        let b = container_label_text("VPC Public and Private with NAT-public-us-east-1b", 160.0).0;
        assert!(a != b && a.ends_with("1a") && b.ends_with("1b"), "{a} / {b}");
        // Too narrow for any character: just "…", never wider text.
        assert_eq!(container_label_text(long, 40.0).0, "…");
        assert_eq!(container_label_text_among(long, 40.0, &["Production VPC for the payments platform, shared services and the data pond"]).0, "…");
        assert_eq!(container_label_room(10.0), 0.0);
        // The label box follows: clamped to the room, as wide as the text when it fits.
        let r = Rect::new(100.0, 50.0, w, 300.0);
        let b = label_box(true, long, &r);
        assert!(b.x + b.w <= r.x + r.w - CONTAINER_LABEL_END + 1e-9, "{b:?} inside {r:?}");
        assert_eq!(label_box(true, short, &r).w, text_width("VPC", true));
        // A leaf's label is not affected.
        assert_eq!(label_box(false, long, &r).w, label_size(false, long, r.w).0);
    }

    /// QA s24: the imported stack's public and private subnet of one AZ, 160 wide, both read
    /// "VPC Public…st-1a" (they differ only in the middle); next to each other they keep the
    /// word where they differ, and each fits its frame.
    #[test]
    fn peers_that_differ_in_the_middle_keep_the_difference() {
        let public = "VPC Public and Private with NAT-public-us-east-1a";
        let private = "VPC Public and Private with NAT-private-us-east-1a";
        for w in [160.0, 200.0, 260.0] {
            let a = container_label_text_among(public, w, &[private]);
            let b = container_label_text_among(private, w, &[public]);
            assert!(a.1 && b.1, "{w}: cut");
            assert!(a.0.contains("public") && b.0.contains("private"), "{w}: {} / {}", a.0, b.0);
            assert!(a.0.starts_with('V') && b.0.starts_with('V'), "{w}: the start stays: {} / {}", a.0, b.0);
            for t in [&a.0, &b.0] {
                assert!(text_width(t, true) <= container_label_room(w), "{t} fits {w}");
            }
        }
        // The four subnets of the stack, each next to the other subnet of its AZ: four texts
        // (the tier told by the word, the AZ by the end), at 160 as on a wider frame.
        for w in [160.0, 200.0] {
            let texts: std::collections::BTreeSet<String> = ["a", "b"]
                .iter()
                .flat_map(|z| {
                    let (p, q) = (format!("VPC Public and Private with NAT-public-us-east-1{z}"), format!("VPC Public and Private with NAT-private-us-east-1{z}"));
                    [container_label_text_among(&p, w, &[&q]).0, container_label_text_among(&q, w, &[&p]).0]
                })
                .collect();
            assert_eq!(texts.len(), 4, "{w}: {texts:?}");
        }
        // Wide enough for start…word-to-the-end, one "…".
        let (t, _) = container_label_text_among(public, 260.0, &[private]);
        assert!(t.ends_with("public-us-east-1a") && t.matches('…').count() == 1, "{t}");
        // A peer already told apart by the plain cut (another AZ: the end differs) changes nothing.
        let other_az = "VPC Public and Private with NAT-public-us-east-1b";
        assert_eq!(container_label_text_among(public, 160.0, &[other_az]), container_label_text(public, 160.0));
        // A peer with the same label (nothing tells them apart) changes nothing either.
        assert_eq!(container_label_text_among(public, 160.0, &[public]), container_label_text(public, 160.0));
        // Uncut labels are drawn whole whatever their peers.
        assert_eq!(container_label_text_among("Public a", 160.0, &["Private a"]), ("Public a".to_string(), false));
    }

    /// QA s24: a label over LABEL_MAX_CHARS (196 "y" and "END!") was drawn "yyy…yyy…": the end
    /// taken from the capped text. Now its own end, one "…", and a tooltip with both ends.
    #[test]
    fn a_label_over_the_cap_shows_its_own_end() {
        let label = format!("{}END!", "y".repeat(196));
        let (t, cut) = container_label_text(&label, 300.0);
        assert!(cut && t.ends_with("END!") && t.matches('…').count() == 1, "{t}");
        assert!(text_width(&t, true) <= container_label_room(300.0));
        // Even on a frame wide enough for 160 characters it is cut (the middle is not drawn).
        let (t, cut) = container_label_text(&label, 5000.0);
        assert!(cut && t.ends_with("END!") && t.matches('…').count() == 1, "{t}");
        // The tooltip is the whole label (QA s30 F2: it was cut at the drawn cap, 160).
        assert_eq!(label_tooltip(&label), label);
        assert_eq!(label_tooltip("VPC Public and Private"), "VPC Public and Private");
    }

    /// QA s30 F2: a 255-character label's tooltip was 160 characters with "…" in its middle.
    /// The tooltip is the whole label up to TOOLTIP_MAX_CHARS (direction overrides shown as
    /// marks); past it, its two ends with one "…" between.
    #[test]
    fn a_cut_labels_tooltip_is_the_whole_label() {
        let label = format!("A very long label that goes on and on {}THE-END", "and on ".repeat(30));
        assert_eq!(label.chars().count(), 255);
        assert_eq!(label_tooltip(&label), label);
        assert_eq!(label_tooltip("a\u{202E}b"), format!("a{}b", crate::text::reveal_bidi("\u{202E}")));
        let huge = format!("{}END!", "y".repeat(100_000));
        let tip = label_tooltip(&huge);
        assert!(tip.starts_with("yyy") && tip.ends_with("END!") && tip.matches('…').count() == 1 && tip.chars().count() == TOOLTIP_MAX_CHARS + 1, "{}", tip.len());
    }

    #[test]
    fn container_label_peers_are_siblings_of_the_same_kind() {
        let d = crate::sample::three_tier();
        let peers = container_label_peers(&d);
        for n in d.nodes.values() {
            match peers.get(&n.id) {
                None => assert!(!node_is_container(n), "{} has peers", n.id.0),
                Some(p) => {
                    let expect: Vec<&str> = d.nodes.values().filter(|o| o.id != n.id && o.kind == n.kind && o.parent == n.parent).map(|o| o.label.as_str()).collect();
                    assert_eq!(p, &expect, "{}", n.id.0);
                }
            }
        }
        assert!(peers.values().any(|p| !p.is_empty()), "the starter's subnets have peers");
    }
}
