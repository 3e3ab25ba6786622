//! The whole design as one standalone SVG document (every node, not only those on screen),
//! drawn like the canvas: containers outermost first, then connectors, then components.
//!
//! Pure string building. Icons are supplied by the caller as image hrefs (usually `data:`
//! URIs, see [`svg_data_uri`]), so the web app passes the icons it serves, the CLI can embed
//! them with `include_str!`, and a caller with none gets a diagram without icons.

use super::geometry::{bounds, containers_in_draw_order, label_box, label_lines, node_is_container, union, LINE_HEIGHT};
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
}

/// The kinds a design uses, sorted and without repeats: the icons a caller must supply.
pub fn kinds_used(d: &Design) -> Vec<String> {
    let mut k: Vec<String> = d.nodes.values().map(|n| n.kind.clone()).collect();
    k.sort();
    k.dedup();
    k
}

/// Width and height of the SVG [`render`] produces, in CSS pixels.
pub fn size(d: &Design) -> (f64, f64) {
    drawn_bounds(d, &route_all(d)).map(|b| (b.w + 2.0 * MARGIN, b.h + 2.0 * MARGIN)).unwrap_or((200.0, 100.0))
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
    let (w, h) = (b.w + 2.0 * MARGIN, b.h + 2.0 * MARGIN);
    let (ox, oy) = (MARGIN - b.x, MARGIN - b.y);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" font-size="12"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/><defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#545b64"/></marker></defs><g transform="translate({ox} {oy})">"##,
        esc(&d.name)
    );
    // Containers outermost first, then connections, then leaves: the canvas's order.
    for n in containers_in_draw_order(d) {
        let Some(r) = d.layout.get(&n.id) else { continue };
        let (stroke, fill, dash) = container_style(d, n);
        let _ = write!(s, r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="{dash}"/>"#, r.x, r.y, r.w, r.h);
        if let Some(icon) = icons.get(&n.kind) {
            let _ = write!(s, r#"<image href="{icon}" x="{}" y="{}" width="24" height="24"/>"#, r.x, r.y);
        }
        let _ = write!(s, r#"<text x="{}" y="{}" fill="{stroke}" font-weight="bold">{}</text>"#, r.x + 30.0, r.y + 17.0, esc(&n.label));
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
        let _ = write!(s, r##"<text x="{cx}" y="{y}" text-anchor="middle" fill="#16191f">"##);
        for (i, line) in label_lines(&n.label).iter().enumerate() {
            let _ = write!(s, r#"<tspan x="{cx}" dy="{}">{}</tspan>"#, if i == 0 { 0.0 } else { LINE_HEIGHT }, esc(line));
        }
        s.push_str("</text>");
    }
    s.push_str("</g></svg>");
    s
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
