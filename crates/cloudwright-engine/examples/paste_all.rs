//! Select all, copy, paste of a generated design (`sample::synthetic(n)`), as the editor does
//! it (`paste::paste` of the whole design's clip, offset (30, 30), a 1440 × 900 view at the
//! origin), for instruction counts (BENCHMARKS.md s31-place). Prints a checksum of where the
//! copies went, so two builds can be seen to place them identically.
//!
//! `cargo build --profile release-native --example paste_all -p cloudwright-engine`, then
//! `valgrind --tool=callgrind --toggle-collect='paste_all::run' target/release-native/examples/paste_all 1000`.
use cloudwright_engine::paste::{clip_of, paste, Clip};
use cloudwright_engine::{Design, Edit, NodeId, Rect};
use std::collections::BTreeSet;

#[inline(never)]
fn run(d: &Design, clip: &Clip) -> Edit {
    paste(d, clip, 30.0, 30.0, "Paste", Some(Rect::new(0.0, 0.0, 1440.0, 900.0))).expect("pasted").edit
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let d = cloudwright_engine::sample::synthetic(n);
    let all: BTreeSet<NodeId> = d.nodes.keys().cloned().collect();
    let clip = clip_of(&d, &all).expect("a clip");
    let t = std::time::Instant::now();
    let e = run(&d, &clip);
    eprintln!("paste::paste took {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let Edit::Batch { edits, .. } = e else { panic!("a paste is one Batch") };
    // Every place and size the paste decided, in order: equal sums, equal placements (a
    // checksum; tests/paste.rs compares them exactly).
    let (mut sum, mut weighted) = (0.0f64, 0.0f64);
    for (i, e) in edits.iter().enumerate() {
        let r = match e {
            Edit::AddNode { rect: Some(r), .. } => *r,
            Edit::Resize { after, .. } => *after,
            _ => continue,
        };
        sum += r.x + r.y + r.w + r.h;
        weighted += (i as f64 + 1.0) * (r.x + 3.0 * r.y);
    }
    println!("{n} nodes: {} edits, checksum {sum} / {weighted}", edits.len());
}
