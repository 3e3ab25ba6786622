//! User actions that build engine edits: place, delete, duplicate, copy/paste, nudge, align,
//! zoom. The canvas, the palette and the keyboard all call these, so a shortcut and a
//! button can never do different things.

use crate::geometry::{bounds, container_at, default_size, fit, snap};
use crate::state::{AppState, View};
use cloudwright_engine::catalog::{self, ROOT};
use cloudwright_engine::edit::descendants;
use cloudwright_engine::model::check_parent;
use cloudwright_engine::{Connection, Design, Edit, Node, NodeId, Rect};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const CLIPBOARD_KEY: &str = "cloudwright:clipboard";

/// Places a new node of `kind` dropped at a world point: in the container there that accepts
/// it, at a free spot, fully on screen, with its network defaults (see `placing::place_new`).
/// Refused (with the catalog's reason, shown at the point) when it can't sit there.
pub fn place_kind_at(app: &AppState, kind: &str, wx: f64, wy: f64) -> bool {
    crate::placing::place_new(app, kind, wx, wy)
}

/// Places a kind found by the palette search: at the centre of the view if it may sit
/// there, else in the first container that accepts it (a NAT gateway goes into the first
/// public subnet), else with the containers it needs (`placing::with_containers`).
pub fn place_kind_somewhere(app: &AppState, kind: &str) -> bool {
    let Some(spec) = catalog::kind(kind) else { return false };
    let d = app.design.get_untracked();
    let (cw, ch) = app.canvas_size.get_untracked();
    let (cx, cy) = app.view.with_untracked(|v| v.to_world(cw / 2.0, ch / 2.0));
    // Things that belong at the edge of a VPC go into a public subnet.
    let wants_public = matches!(kind, "nat-gateway" | "elastic-ip");
    let here = container_at(&d, cx, cy, &BTreeSet::new());
    let here_is_private_subnet = here.as_ref().and_then(|h| d.nodes.get(h)).is_some_and(|n| n.kind == "subnet" && d.text(n, "tier") != "public");
    if check_parent(&d, kind, here.as_ref(), None).is_ok() && !(wants_public && here_is_private_subnet) {
        return place_kind_at(app, kind, cx, cy);
    }
    let mut candidates: Vec<&Node> = d
        .nodes
        .values()
        .filter(|n| check_parent(&d, kind, Some(&n.id), None).is_ok() && d.layout.contains_key(&n.id))
        .collect();
    cloudwright_engine::order::sort_by_key(&mut candidates, |n| (wants_public && d.text(n, "tier") != "public", n.id.clone()));
    if let Some(p) = candidates.first() {
        let r = d.layout[&p.id];
        let (w, h) = default_size(kind);
        return place_kind_at(app, kind, r.x + r.w - w / 2.0 - 16.0, r.y + r.h - h / 2.0 - 12.0);
    }
    if spec.parents.contains(&ROOT) {
        return place_kind_at(app, kind, cx, cy);
    }
    // Nothing in the design can hold it: it comes with the containers it needs.
    if let Some(placed) = crate::placing::with_containers(app, &d, kind, (cx, cy), None) {
        return placed;
    }
    let e = check_parent(&d, kind, None, None).err().map(|e| e.0).unwrap_or_default();
    app.error_at(format!("{e}. Add one to the design first."), None);
    false
}

/// The selected nodes without those already inside another selected node.
fn selection_roots(d: &Design, sel: &BTreeSet<NodeId>) -> Vec<NodeId> {
    sel.iter().filter(|id| !d.ancestors(id).any(|a| sel.contains(&a.id))).cloned().collect()
}

pub fn delete_selection(app: &AppState) {
    let d = app.design.get_untracked();
    let sel = app.selection.get_untracked();
    if !sel.is_empty() {
        // Bands spanning AZs that lose a subnet are redrawn across the ones they keep.
        let e = cloudwright_engine::diagram::band::delete(&d, &selection_roots(&d, &sel).into_iter().collect::<Vec<_>>());
        app.apply(e);
    } else if let Some(c) = app.selected_conn.get_untracked() {
        if let Some(e) = Edit::disconnect(&d, &c) {
            app.apply(e);
        }
    }
}

pub fn nudge(app: &AppState, dx: f64, dy: f64) {
    let d = app.design.get_untracked();
    let roots = selection_roots(&d, &app.selection.get_untracked());
    if !roots.is_empty() {
        app.apply(Edit::move_by(&d, &roots, dx, dy));
    }
}

/// A self-contained piece of a design: nodes (with everything inside them), their layout,
/// and the connections among them. What copy puts on the clipboard.
#[derive(serde::Serialize, serde::Deserialize)]
struct Clip {
    nodes: Vec<Node>,
    rects: BTreeMap<NodeId, Rect>,
    connections: Vec<Connection>,
}

fn clip_of(d: &Design, sel: &BTreeSet<NodeId>) -> Option<Clip> {
    let mut ids: Vec<NodeId> = Vec::new();
    for r in selection_roots(d, sel) {
        ids.push(r.clone());
        ids.extend(descendants(d, &r));
    }
    if ids.is_empty() {
        return None;
    }
    let set: BTreeSet<&NodeId> = cloudwright_engine::order::set(&ids);
    Some(Clip {
        nodes: ids.iter().filter_map(|id| d.nodes.get(id).cloned()).collect(),
        rects: cloudwright_engine::order::map(ids.iter().filter_map(|id| d.layout.get(id).map(|r| (id.clone(), *r)))),
        connections: d.connections.values().filter(|c| set.contains(&c.from) && set.contains(&c.to)).cloned().collect(),
    })
}

/// Adds a clip to the design with fresh ids, as one undo step. Each piece lands in the same
/// container as the original if it exists here (else the one under it), at the free spot
/// nearest to the original moved by (dx, dy), the container growing if it is full; what is
/// inside a pasted container moves with it. A pasted subnet whose block is taken gets the
/// next free one of its VPC, an AZ whose letter is taken the next letter (`defaults`); a copy
/// whose label is taken a numbered one ("Web app tasks 2", `defaults::copy_label`).
///
/// A copy of a component spanning AZs spans the same AZs (its copied subnets when they were
/// copied too) when that still holds here: it is drawn as a band across those subnets at a
/// free height of their row, the row opened when full (`diagram::band`), never grown inside
/// one subnet. Where that cannot hold (another design), it sits in one subnet, one component
/// wide.
fn paste_clip(app: &AppState, clip: Clip, dx: f64, dy: f64, verb: &str) {
    use cloudwright_engine::diagram::{band, geometry::LEAF_W, place::spot_for};
    let d = app.design.get_untracked();
    let view = crate::placing::visible_world(app);
    let mut scratch = d.clone();
    let mut remap: BTreeMap<NodeId, NodeId> = BTreeMap::new();
    // How far each pasted node moved from its original (its contents move as much).
    let mut moved: BTreeMap<NodeId, (f64, f64)> = BTreeMap::new();
    let mut edits = Vec::new();
    let mut count = 0usize;
    // Copies inside a copied container that span AZs: (copy, original span).
    let mut later: Vec<(NodeId, Vec<NodeId>)> = Vec::new();
    // Parents before children: the clip lists roots before their descendants.
    for n in &clip.nodes {
        let id = scratch.fresh_node_id(&n.kind);
        remap.insert(n.id.clone(), id.clone());
        let orig = clip.rects.get(&n.id).copied();
        let inside_clip = n.parent.as_ref().filter(|p| remap.contains_key(*p));
        let mut label = cloudwright_engine::defaults::copy_label(&scratch, &n.label);
        // A pasted AZ is a new AZ of its VPC: the next free zone letter of the Region, labelled
        // like the others, a new column (QA: copies repeated a zone once a-f were used).
        let mut az_zone = None;
        let (parent, span, rect) = match inside_clip {
            Some(p) => {
                let (mx, my) = moved.get(p).copied().unwrap_or((dx, dy));
                moved.insert(n.id.clone(), (mx, my));
                // Its span is set once every copied subnet exists (below).
                if !n.span.is_empty() {
                    later.push((id.clone(), n.span.clone()));
                }
                (Some(remap[p].clone()), Vec::new(), orig.map(|r| Rect { x: r.x + mx, y: r.y + my, ..r }))
            }
            None => {
                let want = orig.map(|r| Rect { x: r.x + dx, y: r.y + dy, ..r });
                let parent = match &n.parent {
                    Some(p) if scratch.nodes.contains_key(p) => Some(p.clone()),
                    // Under the copy there may be a container of the original that cannot
                    // hold it (a copied VPC's centre lies in one of the original's subnets):
                    // the nearest that may, as a drop picks it.
                    _ => {
                        let under = want.and_then(|r| container_at(&scratch, r.x + r.w / 2.0, r.y + r.h / 2.0, &BTreeSet::new()));
                        cloudwright_engine::diagram::place::parent_for(&scratch, &n.kind, under.as_ref()).unwrap_or(under)
                    }
                };
                if n.kind == "az" {
                    if let Some(vpc) = parent.as_ref() {
                        match cloudwright_engine::defaults::new_az(&scratch, vpc) {
                            Ok((zone, az_label)) => {
                                az_zone = Some(zone);
                                label = az_label;
                            }
                            Err(why) => {
                                app.error_at(format!("Cannot paste {}: {why}", n.label), None);
                                return;
                            }
                        }
                    }
                }
                let az_col = az_zone.as_ref().and(parent.as_ref()).and_then(|vpc| cloudwright_engine::diagram::place::az_column(&scratch, vpc));
                let span: Vec<NodeId> = n.span.iter().map(|s| remap.get(s).cloned().unwrap_or_else(|| s.clone())).collect();
                let span = if cloudwright_engine::model::span::check(&scratch, &n.kind, parent.as_ref(), &span).is_ok() { span } else { Vec::new() };
                let subnets: Vec<&NodeId> = parent.iter().chain(span.iter()).collect();
                let banded = (!span.is_empty()).then(|| want.and_then(|w| band::spot(&scratch, None, &label, &subnets, w.y))).flatten();
                let is_band = banded.is_some();
                let rect = match (orig, want, banded) {
                    (Some(o), Some(_), Some(b)) => {
                        for e in b.make_room {
                            if e.apply(&mut scratch).is_ok() {
                                edits.push(e);
                            }
                        }
                        moved.insert(n.id.clone(), (b.rect.x - o.x, b.rect.y - o.y));
                        Some(b.rect)
                    }
                    (Some(o), Some(mut w), None) => {
                        // Not spanning here: one component wide, in one subnet.
                        if !n.span.is_empty() {
                            w.w = LEAF_W;
                        }
                        let container = catalog::kind(&n.kind).is_some_and(|k| k.container);
                        let p = az_col.unwrap_or_else(|| spot_for(&scratch, container, &label, parent.as_ref(), &w, Some(view)));
                        for e in crate::placing::grow_edits(&p) {
                            if e.apply(&mut scratch).is_ok() {
                                edits.push(e);
                            }
                        }
                        moved.insert(n.id.clone(), (p.rect.x - o.x, p.rect.y - o.y));
                        Some(p.rect)
                    }
                    _ => None,
                };
                let span = if is_band || rect.is_none() { span } else { Vec::new() };
                (parent, span, rect)
            }
        };
        let mut node = Node { id: id.clone(), parent, span, label, ..n.clone() };
        if let Some(z) = az_zone {
            node.props.insert("zone".into(), cloudwright_engine::model::Value::Text(z));
        }
        node.props.extend(cloudwright_engine::defaults::network_props(&scratch, &node, false));
        let e = Edit::AddNode { node, rect };
        if let Err(err) = e.apply(&mut scratch) {
            app.error_at(format!("Cannot paste {}: {err}", n.label), None);
            return;
        }
        edits.push(e);
        count += 1;
    }
    for (id, span) in later {
        let span: Vec<NodeId> = span.iter().map(|s| remap.get(s).cloned().unwrap_or_else(|| s.clone())).collect();
        let e = Edit::SetSpan { id, before: Vec::new(), after: span };
        if e.apply(&mut scratch).is_ok() {
            edits.push(e);
        }
    }
    for c in clip.connections {
        let mut c2 = c.clone();
        c2.id = scratch.fresh_conn_id();
        c2.from = remap[&c.from].clone();
        c2.to = remap[&c.to].clone();
        let e = Edit::Connect { conn: c2 };
        if e.apply(&mut scratch).is_ok() {
            edits.push(e);
        }
    }
    let new_sel: BTreeSet<NodeId> = clip.nodes.iter().filter(|n| n.parent.as_ref().is_none_or(|p| !remap.contains_key(p))).map(|n| remap[&n.id].clone()).collect();
    if app.apply(Edit::Batch { label: verb.into(), edits }) {
        app.selection.set(new_sel);
        app.info(format!("{verb}d {count} component{}", if count == 1 { "" } else { "s" }));
    }
}

pub fn duplicate(app: &AppState) {
    let d = app.design.get_untracked();
    if let Some(clip) = clip_of(&d, &app.selection.get_untracked()) {
        paste_clip(app, clip, 20.0, 20.0, "Duplicate");
    }
}

/// Copies the selection to a clipboard in browser storage, shared by every design and tab
/// of this origin (so a piece of one design can be pasted into another).
pub fn copy(app: &AppState) {
    let d = app.design.get_untracked();
    if let Some(clip) = clip_of(&d, &app.selection.get_untracked()) {
        let n = clip.nodes.len();
        if let Ok(json) = serde_json::to_string(&clip) {
            if crate::storage::set_raw(CLIPBOARD_KEY, &json).is_ok() {
                app.info(format!("Copied {n} component{}", if n == 1 { "" } else { "s" }));
            }
        }
    }
}

pub fn paste(app: &AppState) {
    match crate::storage::get_raw(CLIPBOARD_KEY).and_then(|s| serde_json::from_str::<Clip>(&s).ok()) {
        Some(clip) => paste_clip(app, clip, 30.0, 30.0, "Paste"),
        None => app.info("Nothing to paste: copy components first (Ctrl+C)"),
    }
}

/// Aligns the selected nodes' left edges, top edges, or centres.
pub fn align(app: &AppState, how: &str) {
    let d = app.design.get_untracked();
    let roots = selection_roots(&d, &app.selection.get_untracked());
    let rects: Vec<(NodeId, Rect)> = roots.iter().filter_map(|id| d.layout.get(id).map(|r| (id.clone(), *r))).collect();
    if rects.len() < 2 {
        app.info("Select two or more components to align");
        return;
    }
    let left = rects.iter().map(|(_, r)| r.x).fold(f64::INFINITY, f64::min);
    let top = rects.iter().map(|(_, r)| r.y).fold(f64::INFINITY, f64::min);
    let cy = rects.iter().map(|(_, r)| r.y + r.h / 2.0).sum::<f64>() / rects.len() as f64;
    let cx = rects.iter().map(|(_, r)| r.x + r.w / 2.0).sum::<f64>() / rects.len() as f64;
    let mut edits = Vec::new();
    for (id, r) in rects {
        let (dx, dy) = match how {
            "left" => (left - r.x, 0.0),
            "top" => (0.0, top - r.y),
            "middle" => (0.0, snap(cy - r.h / 2.0) - r.y),
            _ => (snap(cx - r.w / 2.0) - r.x, 0.0),
        };
        if dx != 0.0 || dy != 0.0 {
            if let Edit::Batch { edits: e, .. } = Edit::move_by(&d, &[id], dx, dy) {
                edits.extend(e);
            }
        }
    }
    if !edits.is_empty() {
        app.apply(Edit::Batch { label: format!("Align {how}"), edits });
    }
}

pub fn zoom_by(app: &AppState, factor: f64) {
    let (w, h) = app.canvas_size.get_untracked();
    app.view.update(|v| *v = v.zoom_at(factor, w / 2.0, h / 2.0));
}

pub fn zoom_to_fit(app: &AppState) {
    let d = app.design.get_untracked();
    let view = bounds(&d, None).map(|r| fit(r, app.canvas_size.get_untracked(), app.minimap_open.get_untracked())).unwrap_or_default();
    app.view.set(view);
}

/// "Tidy up" (T): lays out the selected containers' contents, or the whole design when no
/// container is selected, the AWS way (`diagram::tidy`), as one undo step; then fits the view.
pub fn tidy_up(app: &AppState) {
    let d = app.design.get_untracked();
    let sel: BTreeSet<NodeId> = cloudwright_engine::order::set(app.selection.get_untracked().into_iter().filter(|id| crate::geometry::is_container(&d, id)));
    let whole = sel.is_empty();
    match cloudwright_engine::diagram::tidy(&d, (!whole).then_some(&sel)) {
        Some(e) => {
            if app.apply(e) && whole {
                zoom_to_fit(app);
            }
        }
        None => app.info("Already tidy: nothing to move."),
    }
}

pub fn zoom_to_selection(app: &AppState) {
    let d = app.design.get_untracked();
    let sel = app.selection.get_untracked();
    if let Some(r) = bounds(&d, Some(&sel)) {
        app.view.set(fit(r, app.canvas_size.get_untracked(), app.minimap_open.get_untracked()));
    } else {
        zoom_to_fit(app);
    }
}

pub fn reset_zoom(app: &AppState) {
    app.view.set(View::default());
}

pub fn select_all(app: &AppState) {
    let d = app.design.get_untracked();
    app.selection.set(d.nodes.keys().cloned().collect());
}
