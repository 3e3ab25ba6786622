//! The parts of one edit's answer, natively (a measurement, not a test): on a generated
//! design held by a [`Worker`], each benchmark edit (delete a leaf, then its undo) is
//! received (the session applies it: the engine), answered (`Worker::run`: the analysis handed
//! on and the patch against the page's answer), encoded (MessagePack), read back by the page's
//! reader (`decode`) and rebuilt on the page's copy (`Results::patched`). Prints the wall time of
//! each part, best of `reps`.
//!   cargo run --profile release-native -p cloudwright-analysis-worker --example answer_parts -- 1000 5
//! (Not yet run for BENCHMARKS.md: s26-answer measured the same parts in the browser.)

use cloudwright_analysis_worker::{decode, encode, Answer, Change, Reply, Request, Results, Worker};
use cloudwright_engine::{file, sample, Edit, NodeId};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let reps: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let zero = || 0.0;
    let mut d = sample::synthetic(n);
    let mut w = Worker::new();
    let mut seq = 1;
    assert!(w.receive(Request { seq, change: Change::Load { design: file::save_compact(&d) }, scenario: None, have: None }, &zero).is_none());
    let Some(Reply::Analysed { answer: Answer::Whole(first), .. }) = w.run(&zero) else { panic!("a whole answer") };
    let mut held: (u64, Results) = (seq, Results::from(*first));
    let leaves: Vec<NodeId> = d.nodes.values().filter(|x| !d.nodes.values().any(|c| c.parent.as_ref() == Some(&x.id))).map(|x| x.id.clone()).collect();
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let mut best = [f64::INFINITY; 5];
    let mut bytes_seen = Vec::new();
    for r in 0..reps {
        let id = &leaves[3 + r % 7];
        let del = Edit::remove_cascade(&d, &[id.clone()]);
        let undo = del.invert();
        for e in [del, undo] {
            e.apply(&mut d).unwrap();
            seq += 1;
            let t = Instant::now();
            assert!(w.receive(Request { seq, change: Change::Edits { edits: vec![e] }, scenario: None, have: Some(held.0) }, &zero).is_none());
            let receive = ms(t);
            let t = Instant::now();
            let reply = w.run(&zero).expect("an answer");
            let run = ms(t);
            let t = Instant::now();
            let bytes = encode(&reply);
            let enc = ms(t);
            let t = Instant::now();
            let back = decode(&bytes).expect("reads");
            let dec = ms(t);
            let t = Instant::now();
            let Reply::Analysed { seq: s, answer: Answer::Patch(p) } = back else { panic!("a patch") };
            let rebuilt = held.1.patched(&p).expect("applies");
            let apply = ms(t);
            held = (s, rebuilt);
            bytes_seen.push(bytes.len());
            for (b, x) in best.iter_mut().zip([receive, run, enc, dec, apply]) {
                *b = b.min(x);
            }
        }
    }
    println!(
        "{n} nodes, best of {} edits (ms): receive (engine) {:.2}, run (hand on + patch) {:.2}, encode {:.2}, decode (page) {:.2}, rebuild (page) {:.2}; patch bytes {:?}",
        2 * reps, best[0], best[1], best[2], best[3], best[4], bytes_seen
    );
}
