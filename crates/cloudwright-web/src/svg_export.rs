//! A standalone SVG of the whole design (every node, not only those on screen), drawn like
//! the canvas. Pure string building: icons come in as data: URIs.

use cloudwright_engine::catalog;
use cloudwright_engine::{ConnKind, Design};
use std::collections::BTreeMap;
use std::fmt::Write;

const MARGIN: f64 = 24.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn kinds_used(d: &Design) -> Vec<String> {
    let mut k: Vec<String> = d.nodes.values().map(|n| n.kind.clone()).collect();
    k.sort();
    k.dedup();
    k
}

/// Width and height of the export.
pub fn size(d: &Design) -> (f64, f64) {
    crate::geometry::bounds(d, None).map(|b| (b.w + 2.0 * MARGIN, b.h + 2.0 * MARGIN)).unwrap_or((200.0, 100.0))
}

pub fn render(d: &Design, icons: &BTreeMap<String, String>) -> String {
    let b = crate::geometry::bounds(d, None).unwrap_or(cloudwright_engine::Rect::new(0.0, 0.0, 152.0, 52.0));
    let (w, h) = (b.w + 2.0 * MARGIN, b.h + 2.0 * MARGIN);
    let (ox, oy) = (MARGIN - b.x, MARGIN - b.y);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" font-size="12"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/><defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#545b64"/></marker></defs><g transform="translate({ox} {oy})">"##,
        esc(&d.name)
    );
    // Containers outermost first, then connections, then leaves: the canvas's order.
    let mut containers: Vec<(usize, &cloudwright_engine::Node)> = d.nodes.values().filter(|n| catalog::kind(&n.kind).is_some_and(|k| k.container)).map(|n| (d.ancestors(&n.id).count(), n)).collect();
    containers.sort_by_key(|(depth, n)| (*depth, n.id.clone()));
    for (_, n) in containers {
        let Some(r) = d.layout.get(&n.id) else { continue };
        let (stroke, fill, dash) = match n.kind.as_str() {
            "region" => ("#00a4a6", "none", "6 4"),
            "vpc" => ("#8c4fff", "none", ""),
            "az" => ("#147eba", "none", "8 4"),
            "subnet" => match d.text(n, "tier").as_str() {
                "public" => ("#7aa116", "#f2f8e8", ""),
                "isolated" => ("#6b5b95", "#f1eff6", ""),
                _ => ("#147eba", "#e6f2f8", ""),
            },
            _ => ("#545b64", "none", ""),
        };
        let _ = write!(s, r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="{dash}"/>"#, r.x, r.y, r.w, r.h);
        if let Some(icon) = icons.get(&n.kind) {
            let _ = write!(s, r#"<image href="{icon}" x="{}" y="{}" width="24" height="24"/>"#, r.x, r.y);
        }
        let _ = write!(s, r#"<text x="{}" y="{}" fill="{stroke}" font-weight="bold">{}</text>"#, r.x + 30.0, r.y + 17.0, esc(&n.label));
    }
    for c in d.connections.values() {
        let (Some(a), Some(bb)) = (d.layout.get(&c.from), d.layout.get(&c.to)) else { continue };
        let path = crate::geometry::edge_path(a, bb);
        let (stroke, dash, marker) = match c.kind {
            ConnKind::Sync => ("#545b64", "", r#" marker-end="url(#a)""#),
            ConnKind::Async => ("#e7157b", "6 4", r#" marker-end="url(#a)""#),
            ConnKind::Replication => ("#3b48cc", "2 3", r#" marker-end="url(#a)""#),
            ConnKind::Association => ("#aab7b8", "3 3", ""),
        };
        let _ = write!(s, r#"<path d="{path}" fill="none" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="{dash}"{marker}/>"#);
    }
    for n in d.nodes.values().filter(|n| !catalog::kind(&n.kind).is_some_and(|k| k.container)) {
        let Some(r) = d.layout.get(&n.id) else { continue };
        if let Some(icon) = icons.get(&n.kind) {
            let _ = write!(s, r#"<image href="{icon}" x="{}" y="{}" width="40" height="40"/>"#, r.x + r.w / 2.0 - 20.0, r.y + 4.0);
        }
        let _ = write!(s, r##"<text x="{}" y="{}" text-anchor="middle" fill="#16191f">{}</text>"##, r.x + r.w / 2.0, r.y + r.h - 6.0, esc(&n.label));
    }
    s.push_str("</g></svg>");
    s
}
