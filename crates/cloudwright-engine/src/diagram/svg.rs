//! The whole design as one standalone SVG document (every node, not only those on screen),
//! drawn like the canvas: containers outermost first, then connectors, then components.
//!
//! Pure string building. Icons are supplied by the caller as image hrefs (usually `data:`
//! URIs, see [`svg_data_uri`]), so the web app passes the icons it serves, the CLI can embed
//! them with `include_str!`, and a caller with none gets a diagram without icons.

use super::geometry::{bounds, containers_in_draw_order, label_box, node_is_container, union, LINE_HEIGHT};
use super::route::route_all;
use crate::model::{ConnKind, Design, Rect};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Blank space around the diagram, world units.
const MARGIN: f64 = 24.0;

/// What to draw besides the diagram itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SvgOptions {
    /// Component kind id (e.g. `alb`) → image href for its icon. A kind missing here is
    /// drawn without an icon.
    pub icons: BTreeMap<String, String>,
    /// A header with the design's name above the diagram, and a legend below it: every
    /// component kind drawn (icon and name) and every connection style used.
    pub legend: bool,
    /// The monthly total in the header ([`MonthlyTotal::of`]: the cost engine's figure at the
    /// design's own traffic, the one the app's totals show), with its price date. Handed in,
    /// not computed here, so drawing a diagram reaches no cost code (the app's wasm is split
    /// by what each function reaches: BENCHMARKS.md, s54-engine).
    pub monthly_total: Option<MonthlyTotal>,
}

/// The monthly total a diagram's header shows.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthlyTotal {
    /// USD for the first month at the design's own traffic (`cost::cost(d).monthly`).
    pub monthly: f64,
    /// The price book's as-of date.
    pub price_as_of: String,
}

impl MonthlyTotal {
    /// The design's bill at its own traffic (`cost::cost`, the one the app's totals show).
    pub fn of(d: &Design) -> MonthlyTotal {
        let bill = crate::cost::cost(d);
        MonthlyTotal { monthly: bill.monthly, price_as_of: bill.price_as_of }
    }
}

/// Height of the header band (name and total), CSS pixels.
const HEADER_H: f64 = 44.0;
/// Height of one legend row, and width of one legend column, CSS pixels.
const LEGEND_ROW: f64 = 24.0;
const LEGEND_COL: f64 = 210.0;

/// The kinds a design uses, sorted and without repeats: the icons a caller must supply.
pub fn kinds_used(d: &Design) -> Vec<String> {
    let mut k: Vec<String> = d.nodes.values().map(|n| n.kind.clone()).collect();
    crate::order::sort(&mut k);
    k.dedup();
    k
}

/// Width and height of the SVG [`render`] produces without header and legend, CSS pixels.
pub fn size(d: &Design) -> (f64, f64) {
    size_with(d, &SvgOptions::default())
}

/// Width and height of the SVG [`render`] produces with these options, in CSS pixels.
pub fn size_with(d: &Design, opts: &SvgOptions) -> (f64, f64) {
    let b = drawn_bounds(d, &route_all(d)).unwrap_or(Rect::new(0.0, 0.0, 152.0, 52.0));
    frame_size(d, &b, opts)
}

/// The document's size around the drawn bounds: margins, and header and legend bands.
fn frame_size(d: &Design, b: &Rect, opts: &SvgOptions) -> (f64, f64) {
    let w = b.w + 2.0 * MARGIN;
    if !opts.legend {
        return (w, b.h + 2.0 * MARGIN);
    }
    let w = w.max(2.0 * LEGEND_COL + 2.0 * MARGIN);
    let rows = legend_items(d).len().div_ceil(legend_cols(w));
    (w, b.h + 2.0 * MARGIN + HEADER_H + 28.0 + rows as f64 * LEGEND_ROW)
}

fn legend_cols(w: f64) -> usize {
    (((w - 2.0 * MARGIN) / LEGEND_COL).floor() as usize).max(1)
}

/// One legend entry: a component kind (id, name) or a connection style.
enum LegendItem {
    Kind(String, &'static str),
    Conn(ConnKind),
}

/// The legend's entries: the component kinds drawn (containers too), by name, then the
/// connection styles used, in a fixed order.
fn legend_items(d: &Design) -> Vec<LegendItem> {
    let mut kinds: Vec<(&'static str, String)> = kinds_used(d).into_iter().filter_map(|k| crate::catalog::kind(&k).map(|s| (s.name, k))).collect();
    crate::order::sort(&mut kinds);
    let mut out: Vec<LegendItem> = kinds.into_iter().map(|(name, k)| LegendItem::Kind(k, name)).collect();
    for kind in [ConnKind::Sync, ConnKind::Async, ConnKind::Replication, ConnKind::Association] {
        if d.connections.values().any(|c| c.kind == kind) {
            out.push(LegendItem::Conn(kind));
        }
    }
    out
}

/// What a connection style means, as the legend says it.
pub fn conn_legend(kind: ConnKind) -> &'static str {
    match kind {
        ConnKind::Sync => "Request (sync)",
        ConnKind::Async => "Event or message (async)",
        ConnKind::Replication => "Replication",
        ConnKind::Association => "Uses (association)",
    }
}

/// Everything drawn: the nodes' boxes, their labels (which may be wider or, wrapped, run
/// below) and the connectors (which may go around the outside).
fn drawn_bounds(d: &Design, routes: &BTreeMap<crate::model::ConnId, super::route::Route>) -> Option<Rect> {
    let mut b = bounds(d, None)?;
    for n in d.nodes.values() {
        if let Some(r) = d.layout.get(&n.id) {
            b = union(&b, &label_box(node_is_container(n), &n.label, r));
        }
    }
    for r in routes.values() {
        for (x, y) in &r.points {
            b = union(&b, &Rect::new(*x, *y, 0.0, 0.0));
        }
    }
    Some(b)
}

/// Text for an SVG text node or attribute: the one XML escaping every export uses.
fn esc(s: &str) -> String {
    crate::text::xml_escape(s)
}

/// An SVG document as a `data:image/svg+xml` URI (percent-encoded, no base64 needed), for
/// [`SvgOptions::icons`].
pub fn svg_data_uri(svg: &str) -> String {
    let mut out = String::from("data:image/svg+xml,");
    for b in svg.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b' ' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'(' | b')' | b'/' | b':' | b'=' | b',' | b';' | b'@' | b'$' | b'+' | b'?' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The design as an SVG document (UTF-8 text). Deterministic: the same design and options
/// give the same bytes.
pub fn render(d: &Design, opts: &SvgOptions) -> String {
    let icons = &opts.icons;
    let routes = route_all(d);
    let b = drawn_bounds(d, &routes).unwrap_or(Rect::new(0.0, 0.0, 152.0, 52.0));
    let (w, h) = frame_size(d, &b, opts);
    let top = if opts.legend { HEADER_H } else { 0.0 };
    let (ox, oy) = (MARGIN - b.x, MARGIN + top - b.y);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" font-size="12"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/><defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#545b64"/></marker></defs><g transform="translate({ox} {oy})">"##,
        esc(&d.name)
    );
    // Containers outermost first, then connections, then leaves: the canvas's order.
    let peers = super::geometry::container_label_peers(d);
    for n in containers_in_draw_order(d) {
        let Some(r) = d.layout.get(&n.id) else { continue };
        let node = NodeDrawing { label: &n.label, icon: icons.get(&n.kind).map(String::as_str), container: true, peers: peers.get(&n.id).map_or(&[][..], |p| p.as_slice()), w: r.w, h: r.h, label_shown: true };
        write_node(&mut s, &node, &NodeTarget::Export { x: r.x, y: r.y, frame: container_style(d, n) });
    }
    // Components spanning AZs: a band across their subnets, under the connectors.
    for n in d.nodes.values().filter(|n| crate::model::span::spans(n)) {
        let Some(r) = d.layout.get(&n.id) else { continue };
        let _ = write!(s, r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#f2f8fd" fill-opacity="0.85" stroke="#7d8998" stroke-width="1" stroke-dasharray="4 3"/>"##, r.x, r.y, r.w, r.h);
    }
    for c in d.connections.values() {
        let Some(route) = routes.get(&c.id) else { continue };
        let path = route.path();
        let (stroke, dash, marker) = conn_style(c.kind);
        let _ = write!(s, r#"<path d="{path}" fill="none" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="{dash}"{marker}/>"#);
    }
    for n in d.nodes.values().filter(|n| !node_is_container(n)) {
        let Some(r) = d.layout.get(&n.id) else { continue };
        let node = NodeDrawing { label: &n.label, icon: icons.get(&n.kind).map(String::as_str), container: false, peers: &[], w: r.w, h: r.h, label_shown: true };
        write_node(&mut s, &node, &NodeTarget::Export { x: r.x, y: r.y, frame: ("", "", "") });
    }
    s.push_str("</g>");
    if opts.legend {
        header(&mut s, d, opts);
        legend(&mut s, d, icons, w, MARGIN + top + b.h + 24.0);
    }
    s.push_str("</svg>");
    s
}

/// One node's drawing for [`write_node`]: what is drawn, whatever the target.
#[derive(Clone, Copy, Debug)]
pub struct NodeDrawing<'a> {
    /// The node's label as the design holds it (cut and shown as [`super::geometry`] says).
    pub label: &'a str,
    /// The image href of its kind's icon; None: drawn without one.
    pub icon: Option<&'a str>,
    /// A container (frame, icon and label along its top) or a component (icon, label below).
    pub container: bool,
    /// A container's peers' labels ([`super::geometry::container_label_peers`]): its label is
    /// cut so that it still tells them apart (`container_label_text_among`).
    pub peers: &'a [&'a str],
    /// Its box's size, world units.
    pub w: f64,
    pub h: f64,
    /// Whether its label is drawn (the canvas leaves it out while it is renamed in place).
    pub label_shown: bool,
}

/// Where [`write_node`] writes a node, and so how. The two draw the same shapes, label lines,
/// cut and tooltip from one code (s29 review: the canvas's own copy of this drawing had to be
/// taught the cut label's tooltip separately); they differ on purpose where the page and a
/// file opened on its own differ:
#[derive(Clone, Copy, Debug)]
pub enum NodeTarget<'a> {
    /// The canvas: in the node's own coordinates (its view's group is moved, not the shapes:
    /// a drag rewrites one attribute), coloured by the page's CSS through classes (`frame`,
    /// `label`, `container-label`: the colours follow the kind, the subnet's tier and the
    /// theme), with the boxes the pointer presses (a component's `hit`, a container's
    /// `label-hit` strip) carrying the tooltip. Elements closed as `<image …></image>` (the
    /// body is set as the view's markup, parsed by the HTML parser).
    Canvas,
    /// The exported document: placed at (x, y) (world units), coloured inline (nothing styles
    /// it when opened on its own), a container's frame `frame` (stroke, fill and dash of
    /// [`container_style`]); nothing to press, so the tooltip is a group's around the label.
    Export { x: f64, y: f64, frame: (&'a str, &'a str, &'a str) },
}

/// The first baseline of a container's label, world units below its top (`geometry::label_box`
/// measures the label from it).
const CONTAINER_LABEL_Y: f64 = 18.0;

/// Writes one node's drawing but its badge and the canvas's label editor to `out`: a
/// container's frame, icon and label (cut to the frame with "…",
/// `container_label_text_among`), a component's icon and label in lines
/// (`label_line_texts_cut`); a cut label has the whole of it as its tooltip
/// (`label_tooltip`). Text from the design (labels, the icon's address) is escaped
/// ([`crate::text::xml_escape_into`]): it is text and attribute values, never markup.
pub fn write_node(out: &mut String, n: &NodeDrawing, to: &NodeTarget) {
    use super::geometry::{container_label_text_among, label_tooltip, label_line_texts_cut, text_width, CONTAINER_LABEL_X};
    use crate::text::xml_escape_into as esc_into;
    let (ox, oy) = match *to {
        NodeTarget::Canvas => (0.0, 0.0),
        NodeTarget::Export { x, y, .. } => (x, y),
    };
    let canvas = matches!(to, NodeTarget::Canvas);
    let (w, h) = (n.w, n.h);
    let tooltip = |out: &mut String| {
        out.push_str("<title>");
        esc_into(out, &label_tooltip(n.label));
        out.push_str("</title>");
    };
    let image = |out: &mut String, x: f64, y: f64, size: u32| {
        if let Some(icon) = n.icon {
            out.push_str(r#"<image href=""#);
            esc_into(out, icon);
            let _ = write!(out, r#"" x="{x}" y="{y}" width="{size}" height="{size}"{}"#, if canvas { "></image>" } else { "/>" });
        }
    };
    if n.container {
        let (text, cut) = container_label_text_among(n.label, w, n.peers);
        match to {
            NodeTarget::Canvas => {
                let hit_w = (36.0 + text_width(&text, true)).min(w);
                let _ = write!(out, r#"<rect class="frame" x="{ox}" y="{oy}" width="{w}" height="{h}" rx="2"></rect><rect class="label-hit" x="{ox}" y="{oy}" width="{hit_w}" height="26">"#);
                if cut {
                    tooltip(out);
                }
                out.push_str("</rect>");
            }
            NodeTarget::Export { frame: (stroke, fill, dash), .. } => {
                let _ = write!(out, r#"<rect x="{ox}" y="{oy}" width="{w}" height="{h}" fill="{fill}" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="{dash}"/>"#);
            }
        }
        image(out, ox, oy, 24);
        if n.label_shown {
            let (x, y) = (ox + CONTAINER_LABEL_X, oy + CONTAINER_LABEL_Y);
            match to {
                NodeTarget::Canvas => {
                    let _ = write!(out, r#"<text class="label container-label" x="{x}" y="{y}">"#);
                }
                NodeTarget::Export { frame: (stroke, ..), .. } => {
                    if cut {
                        out.push_str("<g>");
                        tooltip(out);
                    }
                    let _ = write!(out, r#"<text x="{x}" y="{y}" fill="{stroke}" font-weight="bold">"#);
                }
            }
            esc_into(out, &text);
            out.push_str("</text>");
            if cut && !canvas {
                out.push_str("</g>");
            }
        }
    } else {
        // The label as the lines it is drawn on, and whether they cut it, from one wrap.
        let (lines, cut) = label_line_texts_cut(n.label, w);
        if canvas {
            let _ = write!(out, r#"<rect class="hit" x="{ox}" y="{oy}" width="{w}" height="{h}" rx="6">"#);
            if cut {
                tooltip(out);
            }
            out.push_str("</rect>");
        }
        image(out, ox + w / 2.0 - 20.0, oy + 4.0, 40);
        if n.label_shown {
            let (cx, y) = (ox + w / 2.0, oy + h - 6.0);
            if canvas {
                let _ = write!(out, r#"<text class="label" x="{cx}" y="{y}" text-anchor="middle">"#);
            } else {
                if cut {
                    out.push_str("<g>");
                    tooltip(out);
                }
                let _ = write!(out, r##"<text x="{cx}" y="{y}" text-anchor="middle" fill="#16191f">"##);
            }
            // A line broken at a space keeps it, so the text reads (and copies) as the label;
            // the renderer collapses it (`label_line_texts`).
            for (i, line) in lines.iter().enumerate() {
                let _ = write!(out, r#"<tspan x="{cx}" dy="{}">"#, if i == 0 { 0.0 } else { LINE_HEIGHT });
                esc_into(out, line);
                out.push_str("</tspan>");
            }
            out.push_str("</text>");
            if cut && !canvas {
                out.push_str("</g>");
            }
        }
    }
}

/// The design's name and, when asked, its monthly total, in the band above the diagram.
fn header(s: &mut String, d: &Design, opts: &SvgOptions) {
    let _ = write!(s, r##"<g class="diagram-title"><text x="{MARGIN}" y="{}" font-size="18" font-weight="bold" fill="#16191f">{}</text>"##, MARGIN + 14.0, esc(&d.name));
    if let Some(bill) = &opts.monthly_total {
        let _ = write!(
            s,
            r##"<text class="monthly-total" x="{MARGIN}" y="{}" font-size="12" fill="#545b64">Monthly total {} (estimate at the design's own traffic; AWS prices as of {})</text>"##,
            MARGIN + 32.0,
            crate::units::money(bill.monthly),
            esc(&bill.price_as_of)
        );
    }
    s.push_str("</g>");
}

/// The legend below the diagram: kinds with their icons, then connection styles with a
/// sample of the line, in columns [`LEGEND_COL`] wide.
fn legend(s: &mut String, d: &Design, icons: &BTreeMap<String, String>, w: f64, y0: f64) {
    let cols = legend_cols(w);
    let _ = write!(s, r##"<g class="legend"><text x="{MARGIN}" y="{}" font-weight="bold" fill="#545b64">Legend</text>"##, y0 + 4.0);
    for (i, item) in legend_items(d).iter().enumerate() {
        let (x, y) = (MARGIN + (i % cols) as f64 * LEGEND_COL, y0 + 12.0 + (i / cols) as f64 * LEGEND_ROW);
        match item {
            LegendItem::Kind(k, name) => {
                if let Some(icon) = icons.get(k) {
                    let _ = write!(s, r#"<image href="{icon}" x="{x}" y="{y}" width="18" height="18"/>"#);
                }
                let _ = write!(s, r##"<text x="{}" y="{}" fill="#16191f">{}</text>"##, x + 26.0, y + 13.0, esc(name));
            }
            LegendItem::Conn(kind) => {
                let (stroke, dash, marker) = conn_style(*kind);
                let _ = write!(s, r#"<path d="M{x},{} L{},{}" fill="none" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="{dash}"{marker}/>"#, y + 9.0, x + 20.0, y + 9.0);
                let _ = write!(s, r##"<text x="{}" y="{}" fill="#16191f">{}</text>"##, x + 26.0, y + 13.0, conn_legend(*kind));
            }
        }
    }
    s.push_str("</g>");
}

/// Stroke colour, fill and dash pattern of a container's frame: the AWS diagram colours
/// (region teal dashed, VPC purple, AZ blue dashed, subnets filled by tier).
fn container_style(d: &Design, n: &crate::model::Node) -> (&'static str, &'static str, &'static str) {
    match n.kind.as_str() {
        "region" => ("#00a4a6", "none", "6 4"),
        "vpc" => ("#8c4fff", "none", ""),
        "az" => ("#147eba", "none", "8 4"),
        "subnet" => match d.text(n, "tier").as_str() {
            "public" => ("#7aa116", "#f2f8e8", ""),
            "isolated" => ("#6b5b95", "#f1eff6", ""),
            _ => ("#147eba", "#e6f2f8", ""),
        },
        _ => ("#545b64", "none", ""),
    }
}

/// Stroke colour, dash pattern and arrowhead attribute of a connection kind.
fn conn_style(kind: ConnKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ConnKind::Sync => ("#545b64", "", r#" marker-end="url(#a)""#),
        ConnKind::Async => ("#e7157b", "6 4", r#" marker-end="url(#a)""#),
        ConnKind::Replication => ("#3b48cc", "2 3", r#" marker-end="url(#a)""#),
        ConnKind::Association => ("#aab7b8", "3 3", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canvas and the export draw a node from one writer: at the origin, the same label
    /// lines, tooltip, icon box and label baseline; they differ only in the styling each
    /// target needs (classes and hit boxes, or inline colours and a tooltip group). The
    /// container label's baseline was 17 in the export and 18 on the canvas (and in
    /// `geometry::label_box`) while each had its own writer.
    #[test]
    fn the_canvas_and_the_export_draw_a_node_alike() {
        let between = |s: &str, a: &str, b: &str| -> Vec<String> { s.split(a).skip(1).filter_map(|p| p.split(b).next()).map(str::to_string).collect() };
        let long = "Internal application load balancer for the order service <and> its \"many\" friends & more";
        for (container, w) in [(false, 112.0), (false, 400.0), (true, 120.0), (true, 900.0)] {
            for label in ["Web", long] {
                let node = NodeDrawing { label, icon: Some("data:x"), container, peers: &[], w, h: 72.0, label_shown: true };
                let (mut canvas, mut export) = (String::new(), String::new());
                write_node(&mut canvas, &node, &NodeTarget::Canvas);
                write_node(&mut export, &node, &NodeTarget::Export { x: 0.0, y: 0.0, frame: ("#000", "none", "") });
                for (a, b) in [("<tspan", "</tspan>"), ("<title>", "</title>"), ("<image", ">"), ("<text", ">")] {
                    let (c, e) = (between(&canvas, a, b), between(&export, a, b));
                    assert_eq!(c.len(), e.len(), "{a} in {canvas} / {export}");
                    for (c, e) in c.iter().zip(&e) {
                        let pos = |s: &str| between(s, " x=\"", "\"").into_iter().chain(between(s, " y=\"", "\"")).chain(between(s, "\">", "\u{0}")).collect::<Vec<_>>();
                        assert_eq!(pos(c), pos(e), "{a}: {c} / {e}");
                    }
                }
                assert_eq!(canvas.contains("<title>"), label == long && (w < 400.0 || !container), "a cut label's tooltip: {canvas}");
            }
        }
        // Placed: every position moved by the node's corner.
        let node = NodeDrawing { label: "VPC", icon: None, container: true, peers: &[], w: 400.0, h: 300.0, label_shown: true };
        let mut s = String::new();
        write_node(&mut s, &node, &NodeTarget::Export { x: 100.0, y: 50.0, frame: ("#8c4fff", "none", "") });
        assert_eq!(s, r##"<rect x="100" y="50" width="400" height="300" fill="none" stroke="#8c4fff" stroke-width="1.5" stroke-dasharray=""/><text x="130" y="68" fill="#8c4fff" font-weight="bold">VPC</text>"##);
    }
}
