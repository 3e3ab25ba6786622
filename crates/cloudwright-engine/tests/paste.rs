//! Copy and paste (`cloudwright_engine::paste`): a paste of N components is one edit and one
//! undo step, its copies sit on no sibling, their ids and labels are the ones the
//! whole-design scans give (`Design::fresh_node_id`, `defaults::copy_label`,
//! `Design::fresh_conn_id`), and naming them costs a number of probes that grows with the
//! clip, not with clip × design (QA 2026-12-03: select all + paste of 1,000 components was one
//! 9.6 s task, the names found by rescanning the design from "ECS service 2" per copy).

use cloudwright_engine::diagram::geometry::intersects;
use cloudwright_engine::diagram::place::footprint;
use cloudwright_engine::history::History;
use cloudwright_engine::paste::{clip_of, paste, Pasted};
use cloudwright_engine::sample::synthetic;
use cloudwright_engine::{catalog, Design, Edit, NodeId, Rect};
use std::collections::BTreeSet;

fn paste_all(d: &Design) -> (Pasted, usize, usize) {
    let all: BTreeSet<NodeId> = d.nodes.keys().cloned().collect();
    let clip = clip_of(d, &all).expect("a clip");
    let view = Rect::new(0.0, 0.0, 1440.0, 900.0);
    let p = paste(d, &clip, 30.0, 30.0, "Paste", Some(view)).expect("pasted");
    (p, clip.nodes.len(), clip.connections.len())
}

#[test]
fn a_paste_of_many_is_one_undo_step_and_overlaps_nothing() {
    let d = synthetic(300);
    let (p, nodes, conns) = paste_all(&d);
    assert_eq!(p.count, nodes);
    let Edit::Batch { label, edits } = &p.edit else { panic!("a paste is one Batch, got {:?}", p.edit.label()) };
    assert_eq!(label, "Paste");
    let added: Vec<&cloudwright_engine::Node> = edits.iter().filter_map(|e| if let Edit::AddNode { node, .. } = e { Some(node) } else { None }).collect();
    assert_eq!(added.len(), nodes);
    assert_eq!(edits.iter().filter(|e| matches!(e, Edit::Connect { .. })).count(), conns);

    let mut after = d.clone();
    let mut h = History::new();
    h.apply(&mut after, p.edit.clone()).expect("applies");
    assert_eq!(after.nodes.len(), d.nodes.len() + nodes);
    assert_eq!(after.connections.len(), d.connections.len() + conns);
    // Every copy has its own label.
    let labels: BTreeSet<&str> = after.nodes.values().map(|n| n.label.as_str()).collect();
    assert_eq!(labels.len(), after.nodes.len(), "labels are unique");
    // The pasted roots (the copies of the top-level nodes and of what sits in the VPC) land
    // on no sibling: footprints (box and label) meet no other child of the same container.
    for id in &p.selection {
        let n = &after.nodes[id];
        let r = after.layout[id];
        let fp = footprint(catalog::kind(&n.kind).is_some_and(|k| k.container), &n.label, &r);
        for s in after.nodes.values().filter(|s| s.parent == n.parent && &s.id != id) {
            let Some(sr) = after.layout.get(&s.id) else { continue };
            let sfp = footprint(catalog::kind(&s.kind).is_some_and(|k| k.container), &s.label, sr);
            assert!(!intersects(&fp, &sfp), "pasted {} ({fp:?}) overlaps {} ({sfp:?})", n.label, s.label);
        }
    }
    // One undo takes the whole paste back.
    h.undo(&mut after).expect("undoes");
    assert_eq!(after, d);
}

#[test]
fn pasted_names_are_the_whole_design_scans() {
    let d = synthetic(300);
    let (p, _, _) = paste_all(&d);
    let Edit::Batch { edits, .. } = &p.edit else { panic!("a Batch") };
    // Replay the edits one by one: each AddNode's id is the first free one of its kind at that
    // moment, each Connect's id the first free connection id.
    let mut scratch = d.clone();
    let mut checked = 0;
    for e in edits {
        match e {
            Edit::AddNode { node, .. } => {
                assert_eq!(node.id, scratch.fresh_node_id(&node.kind));
                checked += 1;
            }
            Edit::Connect { conn } => assert_eq!(conn.id, scratch.fresh_conn_id()),
            _ => {}
        }
        e.apply(&mut scratch).expect("applies");
    }
    assert!(checked > 300);
}

#[test]
fn pasted_labels_are_copy_label_of_the_design_so_far() {
    let d = synthetic(300);
    let all: BTreeSet<NodeId> = d.nodes.keys().cloned().collect();
    let clip = clip_of(&d, &all).expect("a clip");
    let p = paste(&d, &clip, 30.0, 30.0, "Paste", None).expect("pasted");
    let Edit::Batch { edits, .. } = &p.edit else { panic!("a Batch") };
    let mut scratch = d.clone();
    let mut originals = clip.nodes.iter();
    for e in edits {
        if let Edit::AddNode { node, .. } = e {
            let orig = originals.next().expect("one original per copy");
            // A pasted AZ takes its Region's next zone's label instead.
            if node.kind != "az" {
                assert_eq!(node.label, cloudwright_engine::defaults::copy_label(&scratch, &orig.label), "copy of {}", orig.id);
            }
        }
        e.apply(&mut scratch).expect("applies");
    }
}

/// The naming work is pinned by a count: each search resumes where the last of its kind
/// stopped, so a taken id, label or connection id is tried at most once (at most the
/// design's nodes + the copies for ids, the same for labels, its connections + the copies
/// for connection ids) plus one free answer per call (two per copy, one per connection),
/// however many of the same kind the design holds. Rescanning from the first number per copy
/// (main before s15-paste) tried ~k²/2 names per kind of k copies, each label probe a scan of
/// the whole design (synthetic(1000): 315 ECS services, 2,790 connections).
#[test]
fn naming_a_paste_costs_probes_linear_in_the_clip() {
    for n in [300, 1000] {
        let d = synthetic(n);
        let (p, nodes, conns) = paste_all(&d);
        let bound = 2 * (d.nodes.len() + nodes) + (d.connections.len() + conns) + 2 * nodes + conns;
        assert!(p.probes <= bound, "synthetic({n}): {} probes for {nodes} nodes and {conns} connections (bound {bound})", p.probes);
    }
}

/// The offset of each pasted root from its original, by the container it landed in: the
/// paste adds the clip's nodes in the clip's order.
fn root_offsets(d: &Design, p: &Pasted) -> Vec<(Option<NodeId>, String, (f64, f64))> {
    let all: BTreeSet<NodeId> = d.nodes.keys().cloned().collect();
    let clip = clip_of(d, &all).expect("a clip");
    let Edit::Batch { edits, .. } = &p.edit else { panic!("a Batch") };
    let added = edits.iter().filter_map(|e| if let Edit::AddNode { node, rect } = e { Some((node, rect)) } else { None });
    let mut out = Vec::new();
    for (o, (node, rect)) in clip.nodes.iter().zip(added) {
        assert_eq!(o.kind, node.kind, "the clip's order");
        if let (true, Some(r)) = (p.selection.contains(&node.id), rect) {
            let or = d.layout[&o.id];
            out.push((node.parent.clone(), node.label.clone(), (r.x - or.x, r.y - or.y)));
        }
    }
    out
}

/// QA s16 #2: select all, copy, paste scattered the copy: each top-level copy went to its own
/// nearest free spot (offsets from (30, −200) to (34, +700)), a chain Customers → DNS → CDN
/// spread across the canvas. A paste keeps the copied arrangement: every root pasted into one
/// container moves by one offset, as a move of many does; twice in a row too.
#[test]
fn a_paste_keeps_the_copied_arrangement() {
    for d in [cloudwright_engine::sample::three_tier(), synthetic(120)] {
        let (p, _, _) = paste_all(&d);
        let offsets = root_offsets(&d, &p);
        assert!(offsets.len() >= 2, "{} roots", offsets.len());
        let mut by_parent: std::collections::BTreeMap<Option<NodeId>, Vec<(String, (f64, f64))>> = Default::default();
        for (parent, label, off) in offsets {
            by_parent.entry(parent).or_default().push((label, off));
        }
        for (parent, roots) in &by_parent {
            let first = roots[0].1;
            for (label, off) in roots {
                assert!((off.0 - first.0).abs() < 1e-9 && (off.1 - first.1).abs() < 1e-9, "in {parent:?}: {label} moved by {off:?}, {} by {first:?}", roots[0].0);
            }
        }
        // A second paste onto the first keeps it too, and lands on nothing.
        let mut after = d.clone();
        p.edit.apply(&mut after).expect("applies");
        let (p2, _, _) = paste_all(&after);
        let roots2 = root_offsets(&after, &p2);
        let tops: Vec<&(Option<NodeId>, String, (f64, f64))> = roots2.iter().filter(|r| r.0.is_none()).collect();
        for r in &tops {
            assert_eq!(r.2, tops[0].2, "second paste: {} moved by {:?}, {} by {:?}", r.1, r.2, tops[0].1, tops[0].2);
        }
    }
}
