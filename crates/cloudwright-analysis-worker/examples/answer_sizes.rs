//! The bytes the analysis worker posts after edits on a generated design: the whole answer
//! against a patch, for the edits the benchmarks make (a measurement, not a test).
//!   cargo run --release -p cloudwright-analysis-worker --example answer_sizes -- 300 1000

use cloudwright_analysis_worker::{encode, Answer, Change, Reply, Request, Worker};
use cloudwright_engine::{file, sample, Edit, NodeId};
use std::time::Instant;

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let t0 = Instant::now();
    let now = move || t0.elapsed().as_secs_f64() * 1000.0;
    for n in if sizes.is_empty() { vec![300, 1000] } else { sizes } {
        let mut d = sample::synthetic(n);
        let mut w = Worker::new();
        let mut seq = 0;
        let mut have = None;
        let mut ask = |w: &mut Worker, change: Change, have: Option<u64>| {
            seq += 1;
            assert!(w.receive(Request { seq, change, scenario: None, have }, &now).is_none());
            let reply = w.run(&now).unwrap();
            let t = now();
            let bytes = encode(&reply);
            let encode_ms = now() - t;
            (seq, reply, bytes.len(), encode_ms)
        };
        let (s, _, whole, _) = ask(&mut w, Change::Load { design: file::save_compact(&d) }, have);
        have = Some(s);
        println!("{n} nodes: whole answer {whole} bytes");
        let leaves: Vec<NodeId> = d.nodes.values().filter(|x| !d.nodes.values().any(|c| c.parent.as_ref() == Some(&x.id))).map(|x| x.id.clone()).collect();
        for (what, id) in [("delete", &leaves[3]), ("relabel", &leaves[5])] {
            let e = if what == "delete" { Edit::remove_cascade(&d, &[id.clone()]) } else { Edit::set_label(&d, id, "renamed") };
            e.apply(&mut d).unwrap();
            let (s, reply, bytes, ms) = ask(&mut w, Change::Edits { edits: vec![e.clone()] }, have);
            have = Some(s);
            let Reply::Analysed { answer: Answer::Patch(p), .. } = &reply else { panic!("a patch") };
            println!("  {what}: patch {bytes} bytes (encoded in {ms:.1} ms): findings sent {}, bill lines sent {}, by-node sent {}, rest {}",
                p.findings.sent(), p.lines.sent(), p.by_node.sent(), if p.rest.is_some() { "sent" } else { "unchanged" });
            let undo = e.invert();
            undo.apply(&mut d).unwrap();
            let (s, _, bytes, _) = ask(&mut w, Change::Edits { edits: vec![undo] }, have);
            have = Some(s);
            println!("  undo {what}: patch {bytes} bytes");
        }
    }
}
