//! Reading the worker's whole answer for a generated design, by the page's reader (`wire`) or
//! by rmp-serde's (a measurement, not a test). Built like the page (the `release` profile:
//! opt-level "z"), natively, under callgrind for instruction counts:
//!   cargo build --release -p cloudwright-analysis-worker --example read_answer
//!   valgrind --tool=callgrind target/release/examples/read_answer 1000 wire 5
//! Arguments: nodes, reader (`wire`, `rmp` or `none`: only building the answer, to subtract),
//! repetitions. Prints the answer's size and the wall time per read.

use cloudwright_analysis_worker::{encode, wire, Change, Reply, Request, Worker};
use cloudwright_engine::{file, sample};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let nodes: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let reader = args.get(1).map(String::as_str).unwrap_or("wire").to_string();
    let reps: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    let d = sample::synthetic(nodes);
    let mut w = Worker::new();
    let zero = || 0.0;
    assert!(w.receive(Request { seq: 1, change: Change::Load { design: file::save_compact(&d) }, scenario: None, have: None }, &zero).is_none());
    let bytes = encode(&w.run(&zero).expect("an answer"));
    let t0 = Instant::now();
    for _ in 0..reps {
        let reply: Reply = match reader.as_str() {
            "wire" => wire::from_slice(&bytes).expect("reads"),
            "rmp" => rmp_serde::from_slice(&bytes).expect("reads"),
            _ => continue,
        };
        std::hint::black_box(reply);
    }
    let ms = t0.elapsed().as_secs_f64() * 1000.0 / reps as f64;
    println!("{nodes} nodes: whole answer {} bytes; {reader}: {ms:.2} ms per read ({reps} reads)", bytes.len());
}
