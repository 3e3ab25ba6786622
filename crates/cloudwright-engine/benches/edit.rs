//! One edit of each kind on an `analysis::Session` holding a generated design
//! (`sample::synthetic`): what the app's analysis worker computes after the user's edit.
//!
//! Run: `cargo bench -p cloudwright-engine --bench edit --profile release-native [-- SIZES] [--kind=K] [--once]`.
//! Kinds: `prop` (an ECS service's `app_ms`: capacity and latency read it), `prop-rules`
//! (its `run_as_root`: only a rule reads it), `prop-bill` (its `architecture`: priced),
//! `ingress` (a port opened on it), `label` (rename a service), `add-node` (a DynamoDB table),
//! `remove-node` (the first table, with its connections), `restore-node` (the undo of
//! `remove-node`: the table removed first, untimed, then its removal undone), `connect` (a service
//! to a data store it does not call yet), `disconnect` (a service's first connection),
//! `suppress` (silence a rule on a node), `scenario` (add a what-if scenario), `design-name`
//! (rename the design), `workload` (peak-to-average), `workload-growth` (monthly growth: the
//! bill reads it), `workload-critical` (business-critical: rules read it); all when no `--kind`.
//! Prints the median wall time of the edit (each run applies the edit, then its inverse, and
//! times the edit only). `--once` applies each edit once with no warm-up, for callgrind:
//! ```sh
//! valgrind --tool=callgrind --toggle-collect='edit::timed' target/release-native/deps/edit-* 1000 --kind=prop --once
//! ```
//! (the instruction count of `timed` is the edit's own cost: `Session::apply` and nothing else; what
//! the edit replaced is dropped after it, untimed, by `Session::release`, as the analysis worker
//! drops it after posting its answer).
//! `--full` times `analysis::run` of the edited design instead (`--toggle-collect='edit::timed_full'`):
//! what the edit would cost recomputed in full.

use cloudwright_engine::model::{ConnKind, Design, Ingress, Node, NodeId, Scenario, Suppression, Value};
use cloudwright_engine::{analysis, sample, Edit};
use std::time::Instant;

const KINDS: [&str; 16] = [
    "prop",
    "prop-rules",
    "prop-bill",
    "ingress",
    "label",
    "add-node",
    "remove-node",
    "restore-node",
    "connect",
    "disconnect",
    "suppress",
    "scenario",
    "design-name",
    "workload",
    "workload-growth",
    "workload-critical",
];

/// The edit of kind `kind` on `d` (deterministic: the first service, the first store...).
fn edit_of(kind: &str, d: &Design) -> Edit {
    let svc = d
        .nodes
        .values()
        .find(|n| n.kind == "ecs-service")
        .expect("a service");
    match kind {
        "prop" => {
            let before = svc.props.get("app_ms").cloned();
            let now = before.as_ref().and_then(|v| v.as_f64()).unwrap_or(0.0);
            Edit::SetProp {
                id: svc.id.clone(),
                key: "app_ms".into(),
                before,
                after: Some(Value::Number(if now == 30.0 { 25.0 } else { 30.0 })),
            }
        }
        // A property only rules read (the containers' run-as-root check).
        "prop-rules" => flip(d, &svc.id, "run_as_root"),
        // A property only the bill reads (Graviton pricing).
        "prop-bill" => {
            let now = d.text(svc, "architecture");
            Edit::set_prop(
                d,
                &svc.id,
                "architecture",
                Some(Value::Text(if now == "arm" { "x86" } else { "arm" }.into())),
            )
        }
        // A port opened to the VPC range on the service (or closed again).
        "ingress" => {
            let after = if svc.ingress.is_empty() { vec![Ingress { port: 8443, cidr: "10.0.0.0/8".into() }] } else { Vec::new() };
            Edit::SetIngress { id: svc.id.clone(), before: svc.ingress.clone(), after }
        }
        "label" => Edit::set_label(d, &svc.id, &format!("{} (renamed)", svc.label)),
        // A DynamoDB table added at the top level (regional, not connected yet).
        "add-node" => Edit::AddNode {
            node: Node {
                id: d.fresh_node_id("ddb"),
                kind: "dynamodb".into(),
                label: "Bench table".into(),
                parent: None,
                span: Vec::new(),
                props: Default::default(),
                ingress: Vec::new(),
                suppressions: Vec::new(),
            },
            rect: None,
        },
        // The first DynamoDB table deleted with its connections (one undo step).
        // (BENCH_NODE=<id>: that component instead, e.g. a leaf the browser benchmarks delete.)
        "remove-node" => {
            let t = match std::env::var("BENCH_NODE") {
                Ok(id) => d.nodes.values().find(|n| n.id.as_str() == id).expect("BENCH_NODE names a component"),
                Err(_) => d.nodes.values().find(|n| n.kind == "dynamodb").expect("a table"),
            };
            Edit::remove_cascade(d, &[t.id.clone()])
        }
        "connect" => {
            let to = d
                .nodes
                .values()
                .filter(|n| n.kind == "dynamodb")
                .find(|n| {
                    !d.connections
                        .values()
                        .any(|c| c.from == svc.id && c.to == n.id)
                })
                .expect("a table the service does not call");
            Edit::connect(d, &svc.id, &to.id, ConnKind::Sync)
        }
        "disconnect" => {
            let c = d
                .connections
                .values()
                .find(|c| c.from == svc.id)
                .expect("a connection from the service");
            Edit::disconnect(d, &c.id).expect("exists")
        }
        "suppress" => {
            let mut after = svc.suppressions.clone();
            after.push(Suppression {
                rule: "*".into(),
                reason: "bench".into(),
            });
            Edit::SetSuppressions {
                id: svc.id.clone(),
                before: svc.suppressions.clone(),
                after,
            }
        }
        "scenario" => Edit::AddScenario {
            index: d.scenarios.len(),
            scenario: Scenario::new(format!("bench{}", d.scenarios.len()), "Bench"),
        },
        "design-name" => Edit::Rename {
            before: d.name.clone(),
            after: format!("{} (renamed)", d.name),
        },
        "workload" => {
            let mut w = d.workload.clone();
            w.peak_to_average += 0.5;
            Edit::SetWorkload {
                before: d.workload.clone(),
                after: w,
            }
        }
        // Assumptions only the bill reads (monthly growth), only the rule areas (critical).
        "workload-growth" | "workload-critical" => {
            let mut w = d.workload.clone();
            if kind == "workload-growth" {
                w.growth_pct_per_month += 1.0;
            } else {
                w.critical = !w.critical;
            }
            Edit::SetWorkload {
                before: d.workload.clone(),
                after: w,
            }
        }
        k => panic!("unknown edit kind {k}; one of {KINDS:?}"),
    }
}

/// Flips a flag property.
fn flip(d: &Design, id: &NodeId, key: &str) -> Edit {
    let now = d.flag(&d.nodes[id], key);
    Edit::set_prop(d, id, key, Some(Value::Bool(!now)))
}

/// The edit on the session: the one call callgrind counts (`--toggle-collect='edit::timed'`).
#[inline(never)]
fn timed(s: &mut analysis::Session, e: &Edit) -> f64 {
    s.apply(e).expect("applies").totals().monthly
}

/// With `--full`: a full analysis of the edited design instead (`analysis::run`, with the
/// convolution memo as warm as the session's), what every edit cost before the session
/// recomputed parts (`--toggle-collect='edit::timed_full'`).
#[inline(never)]
fn timed_full(d: &Design) -> f64 {
    analysis::run(d).totals().monthly
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let once = args.iter().any(|a| a == "--once");
    let full = args.iter().any(|a| a == "--full");
    let kinds: Vec<&str> = match args.iter().find_map(|a| a.strip_prefix("--kind=")) {
        Some(k) => vec![KINDS
            .iter()
            .copied()
            .find(|x| *x == k)
            .unwrap_or_else(|| panic!("unknown edit kind {k}; one of {KINDS:?}"))],
        None => KINDS.to_vec(),
    };
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 5000]
    } else {
        sizes
    };
    for n in sizes {
        let d = sample::synthetic(n);
        let mut s = analysis::Session::new(d);
        let runs = if once {
            1
        } else if n >= 5000 {
            3
        } else {
            7
        };
        for kind in &kinds {
            let mut t = Vec::new();
            for _ in 0..runs {
                // The undo of a removal: the removal applied first (not timed).
                let e = if *kind == "restore-node" {
                    let r = edit_of("remove-node", s.design());
                    if !full {
                        s.apply(&r).expect("applies");
                        // Dropped untimed, as the analysis worker drops it after its answer.
                        s.release();
                    }
                    r.invert()
                } else {
                    edit_of(kind, s.design())
                };
                if full {
                    if *kind == "restore-node" {
                        // The design with the table back is the design before: analysed in full.
                        let start = Instant::now();
                        std::hint::black_box(timed_full(s.design()));
                        t.push(start.elapsed().as_secs_f64() * 1000.0);
                        continue;
                    }
                    let mut d = s.design().clone();
                    e.apply(&mut d).expect("applies");
                    let start = Instant::now();
                    std::hint::black_box(timed_full(&d));
                    t.push(start.elapsed().as_secs_f64() * 1000.0);
                    continue;
                }
                let start = Instant::now();
                std::hint::black_box(timed(&mut s, &e));
                t.push(start.elapsed().as_secs_f64() * 1000.0);
                // What the edit replaced is dropped after it (`Session::release`: the analysis
                // worker does so after posting its answer), not timed.
                s.release();
                // (A restored table is the design as it was: nothing to undo.)
                if !once && *kind != "restore-node" {
                    s.apply(&e.invert()).expect("undoes");
                    s.release();
                }
            }
            t.sort_by(|a, b| a.total_cmp(b));
            println!(
                "edit nodes={:>5} kind={kind:<12} {:>9.2} ms (median of {runs})",
                s.design().nodes.len(),
                t[t.len() / 2]
            );
        }
    }
}
