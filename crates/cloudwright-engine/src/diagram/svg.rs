//! The whole design as one standalone SVG document (every node, not only those on screen),
//! drawn like the canvas: containers outermost first, then connectors, then components.
//!
//! Pure string building. Icons are supplied by the caller as image hrefs (usually `data:`
//! URIs, see [`svg_data_uri`]), so the web app passes the icons it serves, the CLI can embed
//! them with `include_str!`, and a caller with none gets a diagram without icons.

use super::geometry::{bounds, containers_in_draw_order, label_box, label_line_texts, node_is_container, union, LINE_HEIGHT};
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
    /// The monthly total in the header (the cost engine's figure at the design's own
    /// traffic, `cost::cost(d).monthly`, the one the app's totals show), with its price date.
    pub monthly_total: bool,
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
        let (stroke, fill, dash) = container_style(d, n);
        let _ = write!(s, r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="{dash}"/>"#, r.x, r.y, r.w, r.h);
        if let Some(icon) = icons.get(&n.kind) {
            let _ = write!(s, r#"<image href="{icon}" x="{}" y="{}" width="24" height="24"/>"#, r.x, r.y);
        }
        // Cut to its frame (`container_label_text`); when cut, the whole label is the text's
        // tooltip.
        let (text, cut) = super::geometry::container_label_text_among(&n.label, r.w, peers.get(&n.id).map_or(&[][..], |p| p.as_slice()));
        let (x, y) = (r.x + super::geometry::CONTAINER_LABEL_X, r.y + 17.0);
        if cut {
            let _ = write!(s, r#"<g><title>{}</title><text x="{x}" y="{y}" fill="{stroke}" font-weight="bold">{}</text></g>"#, esc(&super::geometry::container_label_tooltip(&n.label)), esc(&text));
        } else {
            let _ = write!(s, r#"<text x="{x}" y="{y}" fill="{stroke}" font-weight="bold">{}</text>"#, esc(&text));
        }
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
        if let Some(icon) = icons.get(&n.kind) {
            let _ = write!(s, r#"<image href="{icon}" x="{}" y="{}" width="40" height="40"/>"#, r.x + r.w / 2.0 - 20.0, r.y + 4.0);
        }
        let (cx, y) = (r.x + r.w / 2.0, r.y + r.h - 6.0);
        // Cut ("…": past its lines, or a band's one line), the whole label is its tooltip,
        // as the canvas gives it (`label_cut`).
        let cut = super::geometry::label_cut(&n.label, r.w);
        if cut {
            let _ = write!(s, r#"<g><title>{}</title>"#, esc(&super::geometry::container_label_tooltip(&n.label)));
        }
        let _ = write!(s, r##"<text x="{cx}" y="{y}" text-anchor="middle" fill="#16191f">"##);
        // A line broken at a space keeps it, so the text reads (and copies) as the label; the
        // renderer collapses it (`label_line_texts`).
        for (i, line) in label_line_texts(&n.label, r.w).iter().enumerate() {
            let _ = write!(s, r#"<tspan x="{cx}" dy="{}">{}</tspan>"#, if i == 0 { 0.0 } else { LINE_HEIGHT }, esc(line));
        }
        s.push_str(if cut { "</text></g>" } else { "</text>" });
    }
    s.push_str("</g>");
    if opts.legend {
        header(&mut s, d, opts);
        legend(&mut s, d, icons, w, MARGIN + top + b.h + 24.0);
    }
    s.push_str("</svg>");
    s
}

/// The design's name and, when asked, its monthly total, in the band above the diagram.
fn header(s: &mut String, d: &Design, opts: &SvgOptions) {
    let _ = write!(s, r##"<g class="diagram-title"><text x="{MARGIN}" y="{}" font-size="18" font-weight="bold" fill="#16191f">{}</text>"##, MARGIN + 14.0, esc(&d.name));
    if opts.monthly_total {
        let bill = crate::cost::cost(d);
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
