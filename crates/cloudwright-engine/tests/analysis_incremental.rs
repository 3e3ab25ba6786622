//! Incremental recomputation (`analysis::Session`, issue 20) equals the full recomputation:
//! after every step of a random edit sequence — property changes, removals, connections made,
//! changed and removed, workload changes, moves, renames of a node and of the design,
//! ingress, suppressions, scenarios, batches, undo — on generated designs and every template, the
//! session's analysis (which reuses the previous revisions' convolutions, skips what an edit
//! cannot change and patches what only a design name or a suppression changes) serialises to
//! exactly the same bytes as `analysis::run` on the same design computed from nothing (in a
//! fresh thread: its convolution memo is empty).
//!
//! Serialised JSON is compared (not `==`): byte-identical output is the requirement, and a
//! NaN would make `==` fail on equal reports.

use cloudwright_engine::model::{Design, Ingress, NodeId, Rect, Scenario, Suppression};
use cloudwright_engine::rules::Finding;
use cloudwright_engine::{analysis, sample, Edit};
use proptest::prelude::*;

mod common;

fn j<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialises")
}

/// Every part of an analysis, serialised.
fn bytes(a: &analysis::Analysis) -> String {
    [j(&a.findings), j(a.bill()), j(a.latency()), j(&a.capacity), j(a.totals())].join("\n")
}

/// The full analysis of `d`, computed in a new thread (nothing memoised yet).
fn fresh(d: &Design) -> String {
    let d = d.clone();
    std::thread::spawn(move || bytes(&analysis::run(&d))).join().expect("analysis thread")
}

/// A random edit from a seed: [`sample::seeded_edit`]'s (a valid property value, a removal, a
/// connection the catalog allows, a share, a move, a workload figure), a rename of a node or of the design, a
/// disconnection, a suppression on a node some finding names, a scenario added, changed or
/// removed, or a batch of the edits the session patches instead of recomputing. `None` when
/// the seed finds nothing to do. (Undo is the run's own step: see [`run_sequence`].)
fn edit_from(d: &Design, findings: &[Finding], op: u8, a: u64, b: u64, u: f64) -> Option<Edit> {
    let ids: Vec<&NodeId> = d.nodes.keys().collect();
    if ids.is_empty() {
        return None;
    }
    let node = ids[(a % ids.len() as u64) as usize];
    match op % 14 {
        // A property value, a removal, a connection, a share, a move, a workload figure.
        k @ 0..=6 => sample::seeded_edit(d, k, a, b, u),
        // A node's label: read into the findings' messages (and their order), the bill's
        // lines and notes, the latency entries, the capacity rows and the main entry.
        7 => Some(Edit::SetLabel { id: node.clone(), before: d.nodes[node].label.clone(), after: label_for(d, a, b) }),
        8 => {
            let c = d.connections.values().nth((b % d.connections.len().max(1) as u64) as usize)?;
            Edit::disconnect(d, &c.id)
        }
        9 => suppress(d, findings, a, b),
        10 => scenario(d, a, b, u),
        11 if b % 2 == 0 => Some(Edit::Rename { before: d.name.clone(), after: format!("design {b}") }),
        // A port opened to a CIDR (or all closed): read by the network exposure rules.
        11 => {
            let n = &d.nodes[node];
            let after = if b % 5 == 0 { Vec::new() } else { vec![Ingress { port: [22, 443, 3306, 5432][(b / 2 % 4) as usize], cidr: ["0.0.0.0/0", "10.0.0.0/8"][(a % 2) as usize].into() }] };
            Some(Edit::SetIngress { id: node.clone(), before: n.ingress.clone(), after })
        }
        12 => {
            // The patched edits together, with a move: one undo step.
            let mut edits = vec![Edit::Rename { before: d.name.clone(), after: format!("batch {a}") }];
            edits.extend(suppress(d, findings, a, b));
            edits.extend(scenario(d, a, b, u));
            Some(Edit::Batch { label: "patched together".into(), edits, switch: None })
        }
        _ => {
            // A patched edit and one that recomputes, in one batch.
            let mut edits: Vec<Edit> = suppress(d, findings, a, b).into_iter().collect();
            edits.push(Edit::set_label(d, node, "batch"));
            Some(Edit::Batch { label: "mixed".into(), edits, switch: None })
        }
    }
}

/// A label for a rename: mostly a new one, often another component's (two components with
/// one label), text the messages hold anyway, an empty label (the id is written instead) or
/// one with a direction override (the rules write it as a mark) or one longer than the 160
/// characters the rules name (they cut it: `text::shown_label`).
fn label_for(d: &Design, a: u64, b: u64) -> String {
    let ids: Vec<&NodeId> = d.nodes.keys().collect();
    match b % 8 {
        0 => d.nodes[ids[(a / 3 % ids.len() as u64) as usize]].label.clone(),
        1 => String::new(),
        2 => "a".into(),
        3 => "invoice\u{202E}fdp.exe".into(),
        4 => "RDS database".into(),
        5 => "注文 \"orders\" → é".into(),
        6 => format!("{}{b}", "pasted by mistake ".repeat(12)),
        _ => format!("renamed {b}"),
    }
}

/// A suppression added to (or, one time in four, all cleared from) a node a finding names:
/// the rule itself, its area (`net.*`) or every rule (`*`).
fn suppress(d: &Design, findings: &[Finding], a: u64, b: u64) -> Option<Edit> {
    let f = findings.get((a % findings.len().max(1) as u64) as usize)?;
    let id = f.nodes.get((b % f.nodes.len().max(1) as u64) as usize)?;
    let n = d.nodes.get(id)?;
    let after = if b % 4 == 3 {
        Vec::new()
    } else {
        let rule = match b % 3 {
            0 => f.rule.to_string(),
            1 => format!("{}*", &f.rule[..=f.rule.find('.').unwrap_or(0)]),
            _ => "*".to_string(),
        };
        let mut s = n.suppressions.clone();
        s.push(Suppression { rule, reason: format!("accepted {b}") });
        s
    };
    Some(Edit::SetSuppressions { id: id.clone(), before: n.suppressions.clone(), after })
}

/// A what-if scenario added, renamed or removed.
fn scenario(d: &Design, a: u64, b: u64, u: f64) -> Option<Edit> {
    match (b % 3, d.scenarios.is_empty()) {
        (0, _) | (_, true) => {
            let id = (0..).map(|i| format!("t{i}")).find(|id| d.scenarios.iter().all(|s| &s.id != id))?;
            let mut s = Scenario::new(id, format!("what if {a}"));
            s.traffic_multiplier = 1.0 + 9.0 * u;
            Some(Edit::AddScenario { index: d.scenarios.len(), scenario: s })
        }
        (1, false) => {
            let before = d.scenarios[(a % d.scenarios.len() as u64) as usize].clone();
            let after = Scenario { name: format!("renamed {b}"), ..before.clone() };
            Some(Edit::UpdateScenario { before, after })
        }
        _ => {
            let index = (a % d.scenarios.len() as u64) as usize;
            Some(Edit::RemoveScenario { index, scenario: d.scenarios[index].clone() })
        }
    }
}

/// Applies the seeded edits one by one (a seed whose `op` is 255 undoes the last applied
/// edit: its inverse), comparing the session's analysis with a full recomputation after each.
fn run_sequence(d: Design, steps: &[(u8, u64, u64, f64)]) -> Result<(), TestCaseError> {
    run_with(d, steps, |s, op, a, b, u| edit_from(s.design(), &s.analysis().findings, op, a, b, u))
}

/// [`run_sequence`] with the edits `edit` makes from each seed (on the session as it stands).
fn run_with(
    d: Design,
    steps: &[(u8, u64, u64, f64)],
    edit: impl Fn(&analysis::Session, u8, u64, u64, f64) -> Option<Edit>,
) -> Result<(), TestCaseError> {
    let mut s = analysis::Session::new(d);
    prop_assert_eq!(bytes(s.analysis()), fresh(s.design()));
    let mut done: Vec<Edit> = Vec::new();
    for &(op, a, b, u) in steps {
        let e = if op == 255 { done.pop().map(|e| e.invert()) } else { edit(&s, op, a, b, u) };
        let Some(e) = e else { continue };
        let before = s.design().clone();
        match s.apply(&e) {
            Ok(_) => {
                prop_assert_eq!(bytes(s.analysis()), fresh(s.design()), "after {}", e.label());
                if op != 255 {
                    done.push(e);
                }
            }
            // A refused edit changes nothing.
            Err(_) => prop_assert_eq!(s.design(), &before),
        }
    }
    Ok(())
}

/// An edit seed: mostly edits (`op` 0–13 and beyond, taken modulo 14), one in six an undo.
fn step() -> impl Strategy<Value = (u8, u64, u64, f64)> {
    (prop_oneof![5 => any::<u8>().prop_map(|o| o % 252), 1 => Just(255u8)], any::<u64>(), any::<u64>(), 0.0..=1.0f64)
}

/// Mostly renames (alone, or in a batch with a suppression), with other edits and undos.
fn rename_step() -> impl Strategy<Value = (u8, u64, u64, f64)> {
    (prop_oneof![6 => Just(7u8), 2 => Just(13u8), 2 => any::<u8>().prop_map(|o| o % 252), 1 => Just(255u8)], any::<u64>(), any::<u64>(), 0.0..=1.0f64)
}

/// Mostly connections made and removed (and removals of nodes), with renames and undos.
fn connect_step() -> impl Strategy<Value = (u8, u64, u64, f64)> {
    (prop_oneof![4 => Just(3u8), 3 => Just(8u8), 1 => Just(2u8), 1 => Just(7u8), 1 => Just(255u8)], any::<u64>(), any::<u64>(), 0.0..=1.0f64)
}

proptest! {
    // Each step analyses the design twice (incrementally and from nothing).
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full_recomputation(size in 20usize..120, steps in prop::collection::vec(step(), 1..10)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }

    /// Renames are written into the kept results (not recomputed): to a new label, to
    /// another component's, to text the messages hold anyway, to and from an empty label or
    /// one with a direction override.
    #[test]
    fn renames_equal_full_recomputation(size in 20usize..120, steps in prop::collection::vec(rename_step(), 1..14)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }

    #[test]
    fn connections_equal_full_recomputation(size in 20usize..120, steps in prop::collection::vec(connect_step(), 1..10)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }
}

/// Renames on every template: each kind of label (`label_for`), on several components.
#[test]
fn renames_equal_full_recomputation_on_every_template() {
    for (name, d) in common::by_file_name() {
        // Every kind of label (b % 8 = i), then two renames in a batch with a suppression.
        let steps: Vec<(u8, u64, u64, f64)> = (0..10u64).map(|i| (if i < 8 { 7 } else { 13 }, i * 7919 + 5, i * 9, 0.5)).chain([(255, 0, 0, 0.0)]).collect();
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Each workload assumption changed on its own (and two together), on every template and a
/// generated design: the bill and the rule areas recompute only for what they read.
#[test]
fn workload_assumptions_equal_full_recomputation() {
    use cloudwright_engine::model::{PricingModel, Workload};
    let changes: [fn(&mut Workload); 10] = [
        |w| w.growth_pct_per_month += 3.0,
        |w| w.free_tier = !w.free_tier,
        |w| w.pricing = if w.pricing == PricingModel::SavingsPlan3y { PricingModel::OnDemand } else { PricingModel::SavingsPlan3y },
        |w| w.pricing = PricingModel::SavingsPlan1y,
        |w| w.critical = !w.critical,
        |w| w.team_size = if w.team_size < 10 { 12 } else { 3 },
        |w| w.team_kubernetes_experience = !w.team_kubernetes_experience,
        |w| w.needs_portability = !w.needs_portability,
        |w| w.request_kb *= 2.0,
        |w| {
            w.critical = !w.critical;
            w.free_tier = !w.free_tier;
        },
    ];
    let designs = common::by_file_name().into_iter().chain([("synthetic 80".to_string(), sample::synthetic(80))]);
    for (name, d) in designs {
        let mut s = analysis::Session::new(d);
        for change in changes {
            let mut after = s.design().workload.clone();
            change(&mut after);
            let e = Edit::SetWorkload { before: s.design().workload.clone(), after };
            s.apply(&e).expect("applies");
            assert_eq!(bytes(s.analysis()), fresh(s.design()), "{name}: {:?}", s.design().workload);
        }
    }
}

/// Text holding the placeholders' marker characters (U+E000, U+E001) is analysed as it is: in
/// a label of the design as opened, and in a label an edit brings.
#[test]
fn marker_characters_in_labels_are_analysed_as_they_are() {
    let renames: Vec<(u8, u64, u64, f64)> = (0..6u64).map(|i| (7, i * 31 + 1, 7 + 8 * i, 0.5)).collect();
    let mut d = sample::synthetic(40);
    let first = d.nodes.keys().next().expect("a node").clone();
    d.nodes.get_mut(&first).expect("exists").label = "\u{E000}0\u{E001} x".into();
    run_sequence(d, &renames).expect("a marker in the design");
    let d = sample::synthetic(40);
    let mut s = analysis::Session::new(d);
    let id = s.design().nodes.keys().nth(3).expect("a node").clone();
    for label in ["before", "\u{E000}1\u{E001}", "after \u{E001}"] {
        let e = Edit::set_label(s.design(), &id, label);
        s.apply(&e).expect("renames");
        assert_eq!(bytes(s.analysis()), fresh(s.design()), "after renaming to {label:?}");
    }
}

#[test]
fn incremental_equals_full_recomputation_on_every_template() {
    for (name, d) in common::by_file_name() {
        // Every edit kind once (op 0..14 in a scrambled order), then an undo.
        let mut steps: Vec<(u8, u64, u64, f64)> = (0..14u64).map(|i| ((i * 5 % 14) as u8, i * 7919 + 3, i * 104_729 + 1, (i as f64 + 0.5) / 14.0)).collect();
        // Ports opened to the internet and to the VPC range (op 11 with an odd seed).
        steps.extend([(11, 2, 3, 0.5), (11, 3, 7, 0.5), (11, 8, 1, 0.5)]);
        steps.push((255, 0, 0, 0.0));
        run_sequence(d, &steps).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// A layout-only edit recomputes nothing and leaves the analysis as it was; an edit that
/// does not apply changes nothing.
#[test]
fn layout_edits_keep_the_analysis_and_bad_edits_change_nothing() {
    let d = sample::synthetic(60);
    let id = d.layout.keys().next().expect("a laid-out node").clone();
    let before = d.layout[&id];
    let mut s = analysis::Session::new(d);
    let a0 = bytes(s.analysis());
    let moved = Rect { x: before.x + 500.0, ..before };
    s.apply(&Edit::Move { id: id.clone(), before, after: moved }).expect("moves");
    assert_eq!(s.design().layout[&id], moved);
    assert_eq!(bytes(s.analysis()), a0);
    let design = s.design().clone();
    let missing = NodeId::from("no-such-node".to_string());
    assert!(s.apply(&Edit::SetLabel { id: missing, before: String::new(), after: "x".into() }).is_err());
    assert_eq!(s.design(), &design);
    assert_eq!(bytes(s.analysis()), a0);
}

/// A different valid value for property `key` of `node` (None for text, CIDR and list
/// properties, which no generated edit sets): a flag flipped, a number moved within its
/// range, the next option of a choice.
fn other_value(d: &Design, node: &NodeId, key: &str, turn: u64) -> Option<cloudwright_engine::model::Value> {
    use cloudwright_engine::catalog::{self, PropType};
    use cloudwright_engine::model::Value;
    let n = &d.nodes[node];
    let p = catalog::kind(&n.kind)?.props.iter().find(|p| p.key == key)?;
    let now = d.prop(n, key);
    Some(match &p.ty {
        PropType::Bool => Value::Bool(!now.and_then(|v| v.as_bool()).unwrap_or(false)),
        PropType::Number { min, max } | PropType::Integer { min, max } => {
            let (lo, hi) = (*min, max.min(min + 1000.0));
            let x = now.and_then(|v| v.as_f64()).unwrap_or(lo);
            // A third of the way up the range, or two thirds when it is there already
            // (whole numbers for an integer property).
            let mut y = lo + (hi - lo) * if turn % 2 == 0 { 1.0 / 3.0 } else { 2.0 / 3.0 };
            if matches!(p.ty, PropType::Integer { .. }) {
                y = y.floor();
            }
            if y == x {
                y = if x < hi { hi } else { lo };
            }
            Value::Number(y)
        }
        PropType::Choice { options } => {
            let x = now.as_ref().and_then(|v| v.as_str()).unwrap_or("");
            let i = options.iter().position(|o| *o == x).map_or(0, |i| i + 1 + turn as usize);
            Value::Text(options[i % options.len()].to_string())
        }
        _ => return None,
    })
}

/// Every property of every component of every template, changed one at a time in one
/// session (each edit after all those before it): the bill prices again only the changed
/// component and those whose pricing read it, the other parts recompute what read the
/// property; each step equals the full recomputation.
#[test]
fn every_property_of_every_template_equals_full_recomputation() {
    use cloudwright_engine::catalog;
    for (name, d) in common::by_file_name() {
        let mut s = analysis::Session::new(d);
        let ids: Vec<NodeId> = s.design().nodes.keys().cloned().collect();
        for (turn, id) in ids.iter().enumerate() {
            let Some(spec) = catalog::kind(&s.design().nodes[id].kind) else { continue };
            for p in spec.props {
                let Some(v) = other_value(s.design(), id, p.key, turn as u64) else { continue };
                let e = Edit::set_prop(s.design(), id, p.key, Some(v));
                s.apply(&e).expect("applies");
                assert_eq!(bytes(s.analysis()), fresh(s.design()), "{name}: {}", e.label());
            }
        }
    }
}

/// Properties the bill reads on another component than the one it prices: the viewers'
/// geography (CloudFront's data transfer out), a replicated table's item size (its replica's
/// replicated writes), an EBS node's `root_volume` flag (its instance's own root volumes).
/// Each edit changes the other component's bill lines, and the session's bill follows.
#[test]
fn a_property_read_by_another_components_pricing_reprices_it() {
    use cloudwright_engine::model::{ConnKind, Node, Value};
    let templates = common::by_file_name();
    let template = |file: &str| templates.iter().find(|(n, _)| n == file).unwrap_or_else(|| panic!("{file}")).1.clone();
    // The other component's bill lines (their figures and notes), serialised.
    let lines_of = |s: &analysis::Session, id: &NodeId| j(&s.analysis().bill().lines_of(id.as_str()).collect::<Vec<_>>());
    let check = |s: &mut analysis::Session, e: Edit, other: &NodeId, what: &str| {
        let before = lines_of(s, other);
        s.apply(&e).expect("applies");
        assert_eq!(bytes(s.analysis()), fresh(s.design()), "{what}");
        assert_ne!(lines_of(s, other), before, "{what}: the edit changes {other}'s bill lines");
    };

    // The viewers' geography: CloudFront bills data transfer out at the rates of the users
    // who call it (drawn straight to the distribution here: the template goes through DNS).
    let d = template("static-site.json");
    let users = d.nodes.values().find(|n| n.kind == "users").expect("users").id.clone();
    let cf = d.nodes.values().find(|n| n.kind == "cloudfront").expect("CloudFront").id.clone();
    let mut s = analysis::Session::new(d);
    let e = Edit::connect(s.design(), &users, &cf, ConnKind::Sync);
    s.apply(&e).expect("connects the users to CloudFront");
    for geo in ["asia-pacific", "global", "north-america"] {
        let e = Edit::set_prop(s.design(), &users, "geography", Some(Value::Text(geo.into())));
        check(&mut s, e, &cf, &format!("geography {geo}"));
    }

    // A global table: the replica bills the source's writes × its item size in 1 KB units.
    let d = template("multi-region-active-passive.json");
    let repl = d.connections.values().find(|c| c.kind == ConnKind::Replication && d.nodes[&c.from].kind == "dynamodb" && d.nodes[&c.to].kind == "dynamodb").expect("a table replicated to another").clone();
    let mut s = analysis::Session::new(d);
    for kb in [3.5, 9.0] {
        let e = Edit::set_prop(s.design(), &repl.from, "item_kb", Some(Value::Number(kb)));
        check(&mut s, e, &repl.to, &format!("item_kb {kb}"));
    }

    // An EBS node drawn as an instance's root volume: the instance's own root volumes drop
    // by one while `root_volume` is on.
    let d = template("ec2-asg-spot.json");
    let subnet = d.nodes.values().find(|n| n.kind == "asg").expect("an Auto Scaling group").parent.clone();
    let mut s = analysis::Session::new(d);
    let node = |id: &str, kind: &str| Node { id: NodeId::from(id.to_string()), kind: kind.into(), label: id.into(), parent: subnet.clone(), span: Vec::new(), props: Default::default(), ingress: Vec::new(), suppressions: Vec::new() };
    let (vm, vol) = (NodeId::from("test-instance".to_string()), NodeId::from("test-root-volume".to_string()));
    s.apply(&Edit::AddNode { node: node(vm.as_str(), "ec2"), rect: None }).expect("adds the instance");
    s.apply(&Edit::AddNode { node: node(vol.as_str(), "ebs"), rect: None }).expect("adds the volume");
    let e = Edit::connect(s.design(), &vol, &vm, ConnKind::Association);
    s.apply(&e).expect("attaches it");
    for on in [true, false, true] {
        let e = Edit::set_prop(s.design(), &vol, "root_volume", Some(Value::Bool(on)));
        check(&mut s, e, &vm, &format!("root_volume {on}"));
    }

    // Two X-Ray components on one part (review s33 R7): the computed one bills what the one
    // with `traces_per_month` set leaves of the part's traces, so a set figure edited on one
    // reprices the other. Two extra X-Rays around the template's, so whichever works the
    // parts out, each computed one notes the set one's figure.
    let d = template("three-tier.json");
    let xray = d.nodes.values().find(|n| n.kind == "xray").expect("X-Ray").id.clone();
    let traced = d.connections.values().find(|c| c.to == xray).expect("a service traced by the X-Ray").from.clone();
    let mut s = analysis::Session::new(d);
    let (first, last) = (NodeId::from("a-test-xray".to_string()), NodeId::from("zz-test-xray".to_string()));
    for x in [&first, &last] {
        let node = Node { id: x.clone(), kind: "xray".into(), label: x.to_string(), parent: None, span: Vec::new(), props: Default::default(), ingress: Vec::new(), suppressions: Vec::new() };
        s.apply(&Edit::AddNode { node, rect: None }).expect("adds an X-Ray");
        let e = Edit::connect(s.design(), &traced, x, ConnKind::Association);
        s.apply(&e).expect("traces the service");
    }
    for traces in [100_000.0, 300_000.0] {
        let e = Edit::set_prop(s.design(), &xray, "traces_per_month", Some(Value::Number(traces)));
        check(&mut s, e, &first, &format!("traces_per_month {traces} (the first X-Ray)"));
        let e = Edit::set_prop(s.design(), &xray, "traces_per_month", Some(Value::Number(traces + 1.0)));
        check(&mut s, e, &last, &format!("traces_per_month {traces} (the last X-Ray)"));
    }
}

/// Mostly property edits (one in six an undo, some removals and connections between them).
fn prop_step() -> impl Strategy<Value = (u8, u64, u64, f64)> {
    (prop_oneof![8 => Just(0u8), 1 => Just(2u8), 1 => Just(3u8), 1 => Just(8u8), 2 => Just(255u8)], any::<u64>(), any::<u64>(), 0.0..=1.0f64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Property edits in a row: the bill's kept pricing of the components not edited holds
    /// across them (and is dropped by a structural edit).
    #[test]
    fn property_edits_equal_full_recomputation(size in 20usize..120, steps in prop::collection::vec(prop_step(), 1..14)) {
        run_sequence(sample::synthetic(size), &steps)?;
    }
}

/// After a property edit the bill takes over the lines whose charge and pool settled as
/// before and writes the others again. A pool can settle differently when none of its
/// charges changed: a free allowance is shared by the pools of one price in every region
/// (and by a free group's prices), used in key order, so a pool earlier in that order that
/// uses more or less of it leaves less or more to the next. Here, with the free tier on and
/// at constant traffic (the year reuses the steady charges): the east table's storage
/// changes the west table's free GB-months (DynamoDB storage, 25 GB free), the east logs'
/// ingestion the west logs' free GB (CloudWatch Logs, 5 GB free); with a Savings Plan, each
/// service's discount line follows its Fargate spend.
#[test]
fn a_pool_settled_anew_rewrites_the_lines_of_components_not_edited() {
    use cloudwright_engine::model::{PricingModel, Value};
    let (_, mut d) = common::by_file_name().into_iter().find(|(n, _)| n == "multi-region-active-passive.json").expect("the template");
    d.workload.free_tier = true;
    d.workload.growth_pct_per_month = 0.0;
    let id = |s: &str| NodeId::from(s.to_string());
    let lines_of = |s: &analysis::Session, id: &NodeId| j(&s.analysis().bill().lines_of(id.as_str()).collect::<Vec<_>>());
    let mut s = analysis::Session::new(d.clone());
    // East table 20 → 10 → 24 GB: west's free storage 5 → 15 → 1 GB-month (25 GB shared, east
    // first in key order: us-east-1 < us-west-2).
    for (node, key, v, other) in [("east-table", "storage_gb", 10.0, "west-table"), ("east-table", "storage_gb", 24.0, "west-table"), ("east-cloudwatch", "logs_gb_per_month", 3.0, "west-cloudwatch"), ("east-cloudwatch", "logs_gb_per_month", 1.0, "west-cloudwatch")] {
        let before = lines_of(&s, &id(other));
        let e = Edit::set_prop(s.design(), &id(node), key, Some(Value::Number(v)));
        s.apply(&e).expect("applies");
        assert_eq!(bytes(s.analysis()), fresh(s.design()), "{node} {key} {v}");
        assert_ne!(lines_of(&s, &id(other)), before, "{node} {key} {v}: {other}'s free units change, not its charges");
    }
    // Renames right after an edit that took lines over (the logs' edits above change what
    // the bill reads before pricing, so they price everything again): the lines taken over
    // keep their templates (a rename writes the new label into them).
    let e = Edit::set_prop(s.design(), &id("east-table"), "storage_gb", Some(Value::Number(12.0)));
    s.apply(&e).expect("applies");
    for (node, label) in [("west-table", "Orders (west)"), ("east-app", "API (east)"), ("east-table", "Orders (east)")] {
        let e = Edit::set_label(s.design(), &id(node), label);
        s.apply(&e).expect("renames");
        assert_eq!(bytes(s.analysis()), fresh(s.design()), "renamed {node}");
        assert!(lines_of(&s, &id(node)).contains(label), "{node}'s lines name it {label}");
    }
    // With a Savings Plan: a service's Fargate size changes its discount line.
    d.workload.pricing = PricingModel::SavingsPlan1y;
    let mut s = analysis::Session::new(d);
    for (v, turn) in [(1.0, 0), (2.0, 1), (0.25, 2)] {
        let e = Edit::set_prop(s.design(), &id("west-app"), "cpu_vcpu", Some(Value::Number(v)));
        s.apply(&e).expect("applies");
        assert_eq!(bytes(s.analysis()), fresh(s.design()), "cpu_vcpu {v} ({turn})");
    }
    // Every property of every component, with the free tier and the plan on.
    let ids: Vec<NodeId> = s.design().nodes.keys().cloned().collect();
    for (turn, node) in ids.iter().enumerate() {
        let Some(spec) = cloudwright_engine::catalog::kind(&s.design().nodes[node].kind) else { continue };
        for p in spec.props {
            let Some(v) = other_value(s.design(), node, p.key, turn as u64) else { continue };
            let e = Edit::set_prop(s.design(), node, p.key, Some(v));
            s.apply(&e).expect("applies");
            assert_eq!(bytes(s.analysis()), fresh(s.design()), "{}", e.label());
        }
    }
}

/// A structural edit from a seed (`op` modulo 7): a node removed with its connections (one
/// undo step), a connection made, a connection removed, a connection's share changed, a
/// node replaced by one of another kind under the same id, a node added (of a kind the bill prices from its neighbours or from the whole design now
/// and then, at the top level or beside another node), or the last edit undone (`op` 255,
/// see [`run_sequence`]). After such an edit the bill keeps the pricing of the components
/// the edit cannot have changed (`cost::Since::Structure`).
fn structural_from(d: &Design, op: u8, a: u64, b: u64, u: f64) -> Option<Edit> {
    let ids: Vec<&NodeId> = d.nodes.keys().collect();
    const KINDS: [&str; 12] = ["dynamodb", "xray", "transit-gateway", "waf", "elastic-ip", "ebs", "lambda", "s3", "sqs", "nat-gateway", "cloudfront", "vpc"];
    match op % 7 {
        0 => sample::seeded_edit(d, 2, a, b, u),
        1 | 5 => sample::seeded_edit(d, 3, a, b, u),
        2 => {
            let c = d.connections.values().nth((b % d.connections.len().max(1) as u64) as usize)?;
            Edit::disconnect(d, &c.id)
        }
        3 => sample::seeded_edit(d, 4, a, b, u),
        // A node replaced by one of another kind under the same id, its connections kept
        // (`edit::replace_kind`: removed, added again, reconnected).
        6 => {
            let id = ids.get((a % ids.len().max(1) as u64) as usize)?;
            cloudwright_engine::edit::replace_kind(d, id, KINDS[(b % KINDS.len() as u64) as usize], "replaced").ok()
        }
        _ => {
            let kind = KINDS[(a % KINDS.len() as u64) as usize];
            cloudwright_engine::catalog::kind(kind)?;
            // Beside a random node (in its container), or at the top level.
            let parent = if b % 3 == 0 || ids.is_empty() { None } else { d.nodes[ids[(b % ids.len() as u64) as usize]].parent.clone() };
            let node = cloudwright_engine::model::Node {
                id: d.fresh_node_id(kind),
                kind: kind.into(),
                label: format!("added {a}"),
                parent,
                span: Vec::new(),
                props: Default::default(),
                ingress: Vec::new(),
                suppressions: Vec::new(),
            };
            Some(Edit::AddNode { node, rect: None })
        }
    }
}

/// [`run_sequence`] with [`structural_from`]'s edits.
fn run_structural(d: Design, steps: &[(u8, u64, u64, f64)]) -> Result<(), TestCaseError> {
    run_with(d, steps, |s, op, a, b, u| structural_from(s.design(), op, a, b, u))
}

/// Structural edits, one in five an undo.
fn structural_step() -> impl Strategy<Value = (u8, u64, u64, f64)> {
    (prop_oneof![4 => any::<u8>().prop_map(|o| o % 252), 1 => Just(255u8)], any::<u64>(), any::<u64>(), 0.0..=1.0f64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Deletions, connections made and removed, shares, nodes added, and their undo, mixed:
    /// the bill prices again only what each can have changed, and equals the bill from nothing.
    #[test]
    fn structural_edits_equal_full_recomputation(size in 20usize..120, steps in prop::collection::vec(structural_step(), 1..14)) {
        run_structural(sample::synthetic(size), &steps)?;
    }
}

/// Structural edits on every template (their CloudFront viewers, WAFs, Elastic IPs, drawn
/// volumes, transit gateways... price from their neighbours): 24 seeded edits and undos each.
#[test]
fn structural_edits_equal_full_recomputation_on_every_template() {
    for (name, d) in common::by_file_name() {
        let steps: Vec<(u8, u64, u64, f64)> = (0..28u64).map(|i| if i % 6 == 5 { (255, 0, 0, 0.0) } else { ((i * 5 % 7) as u8, i * 7919 + 11, i * 104_729 + 5, (i as f64 + 0.5) / 28.0) }).collect();
        run_structural(d, &steps).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The page's case (a design under 800 components analysed by its own session): at 300
/// components, deletions and their undo (the benchmark's edits), connections, property edits
/// and more undo, one after another — later revisions read latency distributions (and the
/// statistics kept with them, `latency::dist`) that the memos hand back from earlier ones.
#[test]
fn the_pages_edits_at_300_components_equal_full_recomputation() {
    let steps: Vec<(u8, u64, u64, f64)> = (0..18u64).map(|i| if i % 3 == 2 { (255, 0, 0, 0.0) } else { ((i * 3 % 7) as u8, i * 6151 + 7, i * 92_821 + 3, (i as f64 + 0.25) / 18.0) }).collect();
    run_structural(sample::synthetic(300), &steps).unwrap();
    let props: Vec<(u8, u64, u64, f64)> = (0..10u64).map(|i| if i % 4 == 3 { (255, 0, 0, 0.0) } else { (0, i * 7919 + 1, i * 104_729 + 9, (i as f64 + 0.5) / 10.0) }).collect();
    run_sequence(sample::synthetic(300), &props).unwrap();
}

/// Two components price from design-wide figures, not from their neighbours: X-Ray's traces
/// are the entry requests × sampling (all the clients' requests), a transit gateway's
/// attachment line notes how many VPCs are drawn. A structural edit anywhere that changes
/// those figures changes their bill lines, and the session's bill follows.
#[test]
fn a_structural_edit_reprices_what_reads_the_whole_design() {
    use cloudwright_engine::model::Node;
    let templates = common::by_file_name();
    let template = |file: &str| templates.iter().find(|(n, _)| n == file).unwrap_or_else(|| panic!("{file}")).1.clone();
    let lines_of = |s: &analysis::Session, id: &NodeId| j(&s.analysis().bill().lines_of(id.as_str()).collect::<Vec<_>>());
    let check = |s: &mut analysis::Session, e: Edit, other: &NodeId, what: &str| {
        let before = lines_of(s, other);
        s.apply(&e).expect("applies");
        assert_eq!(bytes(s.analysis()), fresh(s.design()), "{what}");
        assert_ne!(lines_of(s, other), before, "{what}: the edit changes {other}'s bill lines");
    };
    let node = |id: &str, kind: &str| Node { id: NodeId::from(id.to_string()), kind: kind.into(), label: id.into(), parent: None, span: Vec::new(), props: Default::default(), ingress: Vec::new(), suppressions: Vec::new() };

    // X-Ray: the users (the design's only client) removed, then put back (undo).
    let d = template("three-tier.json");
    let xray = d.nodes.values().find(|n| n.kind == "xray").expect("X-Ray").id.clone();
    let users = d.nodes.values().find(|n| n.kind == "users").expect("users").id.clone();
    let mut s = analysis::Session::new(d);
    let gone = Edit::remove_cascade(s.design(), &[users]);
    check(&mut s, gone.clone(), &xray, "the users removed");
    check(&mut s, gone.invert(), &xray, "the users back");

    // A transit gateway (2 attachments by default) and VPCs added at the top level: with a
    // third VPC drawn its attachment line notes "3 VPCs are drawn".
    let mut s = analysis::Session::new(template("three-tier.json"));
    let tgw = NodeId::from("test-tgw".to_string());
    s.apply(&Edit::AddNode { node: node(tgw.as_str(), "transit-gateway"), rect: None }).expect("adds the hub");
    let vpcs = s.design().nodes.values().filter(|n| n.kind == "vpc").count();
    for i in vpcs..3 {
        s.apply(&Edit::AddNode { node: node(&format!("test-vpc-{i}"), "vpc"), rect: None }).expect("adds a VPC");
    }
    check(&mut s, Edit::AddNode { node: node("test-vpc-3", "vpc"), rect: None }, &tgw, "a VPC added");
}

/// An Elastic IP counts for the resource its first association (in connection id order)
/// points at: removing that association moves it to the next one, whose own public IPv4
/// line changes although neither its traffic nor its connections did.
#[test]
fn an_elastic_ip_moved_reprices_the_resource_it_counts_for() {
    use cloudwright_engine::model::{ConnKind, Node};
    let templates = common::by_file_name();
    let d = templates.iter().find(|(n, _)| n == "three-tier.json").expect("three-tier").1.clone();
    let nat = d.nodes.values().find(|n| n.kind == "nat-gateway").expect("a NAT gateway").id.clone();
    let alb = d.nodes.values().find(|n| n.kind == "alb").expect("an ALB").id.clone();
    // In the NAT gateway's (public) subnet: an address belongs in a VPC or a subnet.
    let parent = d.nodes[&nat].parent.clone();
    let mut s = analysis::Session::new(d);
    let eip = NodeId::from("test-eip".to_string());
    let node = Node { id: eip.clone(), kind: "elastic-ip".into(), label: "EIP".into(), parent, span: Vec::new(), props: Default::default(), ingress: Vec::new(), suppressions: Vec::new() };
    s.apply(&Edit::AddNode { node, rect: None }).expect("adds the address");
    let first = Edit::connect(s.design(), &eip, &nat, ConnKind::Association);
    s.apply(&first).expect("to the NAT gateway");
    let second = Edit::connect(s.design(), &eip, &alb, ConnKind::Association);
    s.apply(&second).expect("and to the ALB");
    let (Edit::Connect { conn: a }, Edit::Connect { conn: b }) = (&first, &second) else { panic!("connections") };
    assert!(a.id < b.id, "the NAT gateway's association comes first");
    let alb_lines = |s: &analysis::Session| j(&s.analysis().bill().lines_of(alb.as_str()).collect::<Vec<_>>());
    let before = alb_lines(&s);
    s.apply(&first.invert()).expect("the NAT gateway's association removed");
    assert_eq!(bytes(s.analysis()), fresh(s.design()));
    assert_ne!(alb_lines(&s), before, "the address now counts for the ALB");
}

/// After a structural edit the capacity report takes over, from the last report, the
/// multiplier at which each unchanged component saturates, its scaling, notes and sources,
/// and the multiplier at which a quota counted by unchanged components only is reached
/// (`capacity::Since`). Three edits change rows of components they do not touch and whose
/// traffic stays the same to the bit: a Lambda function with reserved concurrency added (the
/// Region's unreserved pool shrinks: the other functions' scaling and saturation), a service
/// with no traffic connected to a database (the database's callers: its note), and traffic
/// sent to a function that calls the database with a share of 0 (the database's connections
/// quota is reached at another multiplier: its callers' model changed, not its traffic).
#[test]
fn a_structural_edit_changes_the_capacity_rows_of_components_it_does_not_touch() {
    use cloudwright_engine::model::{ConnKind, Node, Value};
    let templates = common::by_file_name();
    let d = templates.iter().find(|(n, _)| n == "three-tier.json").expect("three-tier").1.clone();
    let id = |s: &str| NodeId::from(s.to_string());
    let node = |name: &str, kind: &str, parent: Option<&str>, props: &[(&str, Value)]| Node {
        id: id(name),
        kind: kind.into(),
        label: name.into(),
        parent: parent.map(id),
        span: Vec::new(),
        props: props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        ingress: Vec::new(),
        suppressions: Vec::new(),
    };
    let row = |s: &analysis::Session, n: &str| j(&s.analysis().capacity.component(&id(n)));
    let quota = |s: &analysis::Session, n: &str| j(&s.analysis().capacity.quotas.iter().filter(|q| q.nodes == [id(n)]).collect::<Vec<_>>());
    let mut s = analysis::Session::new(d);
    let apply = |s: &mut analysis::Session, e: Edit, what: &str| {
        s.apply(&e).unwrap_or_else(|err| panic!("{what}: {err:?}"));
        assert_eq!(bytes(s.analysis()), fresh(s.design()), "{what}");
    };
    apply(&mut s, Edit::AddNode { node: node("fn-pool", "lambda", Some("private-a"), &[]), rect: None }, "a function in the pool");

    // A reserving function added: the pool's function now has 1,000 − 100.
    let before = row(&s, "fn-pool");
    apply(&mut s, Edit::AddNode { node: node("fn-reserved", "lambda", Some("private-a"), &[("reserved_concurrency", Value::Number(100.0))]), rect: None }, "a reserving function");
    assert_ne!(row(&s, "fn-pool"), before, "the pool's function has less of the account's concurrency");

    // An idle service connected to the database: one more caller in its note.
    apply(&mut s, Edit::AddNode { node: node("idle", "ecs-service", Some("private-a"), &[]), rect: None }, "an idle service");
    let before = row(&s, "db");
    let e = Edit::connect(s.design(), &id("idle"), &id("db"), ConnKind::Sync);
    apply(&mut s, e, "the idle service calls the database");
    assert_ne!(row(&s, "db"), before, "the database counts the idle service's connections");

    // The pool's function calls the database with a share of 0, then gets traffic (app → queue
    // → function): the database's traffic does not change, its connections quota does.
    let Edit::Connect { mut conn } = Edit::connect(s.design(), &id("fn-pool"), &id("db"), ConnKind::Sync) else { panic!("a connection") };
    conn.share = Some(0.0);
    apply(&mut s, Edit::Connect { conn }, "the function calls the database (share 0)");
    apply(&mut s, Edit::AddNode { node: node("queue", "sqs", None, &[]), rect: None }, "a queue");
    let e = Edit::connect(s.design(), &id("queue"), &id("fn-pool"), ConnKind::Async);
    apply(&mut s, e, "the queue feeds the function");
    let (db_usage, before) = (j(&s.analysis().bill().traffic.usage.get(&id("db"))), quota(&s, "db"));
    let e = Edit::connect(s.design(), &id("app"), &id("queue"), ConnKind::Async);
    apply(&mut s, e, "the service sends to the queue");
    assert_eq!(j(&s.analysis().bill().traffic.usage.get(&id("db"))), db_usage, "the database's traffic is the same");
    assert_ne!(quota(&s, "db"), before, "the function's connections reach max_connections at another multiplier");
}

/// What an edit replaced is kept until `Session::release` (the analysis worker drops it after
/// posting its answer) or the next edit: whether it is released or not, after each edit the
/// analysis equals a full recomputation and the other session's, byte for byte. A structural
/// or property edit leaves something to release (once); a layout edit (which recomputes
/// nothing) does not.
#[test]
fn releasing_what_an_edit_replaced_changes_no_result() {
    let d = sample::synthetic(120);
    let mut released = analysis::Session::new(d.clone());
    let mut kept = analysis::Session::new(d);
    assert!(!released.release(), "nothing is held before an edit");
    // Structural edits (`structural_from`), then property edits (`seeded_edit`'s op 0).
    let steps: Vec<(u8, u64, u64, f64)> = (0..20u64).map(|i| (if i < 12 { (i * 3 % 7) as u8 } else { 100 }, i * 6151 + 7, i * 92_821 + 3, (i as f64 + 0.25) / 20.0)).collect();
    let mut structural = 0;
    for (op, a, b, u) in steps {
        let e = if op == 100 { sample::seeded_edit(released.design(), 0, a, b, u) } else { structural_from(released.design(), op, a, b, u) };
        let Some(e) = e else { continue };
        let (Ok(_), Ok(_)) = (released.apply(&e), kept.apply(&e)) else { continue };
        assert!(released.release(), "the edit ({}) replaced results", e.label());
        assert!(!released.release(), "released once");
        structural += 1;
        assert_eq!(bytes(released.analysis()), bytes(kept.analysis()), "after {}", e.label());
        assert_eq!(bytes(released.analysis()), fresh(released.design()), "after {}", e.label());
    }
    assert!(structural >= 10, "only {structural} edits applied");
    let (id, before) = released.design().layout.iter().next().map(|(id, r)| (id.clone(), r.clone())).expect("a placed node");
    let after = Rect { x: before.x + 8.0, ..before.clone() };
    released.apply(&Edit::Move { id, before, after }).expect("a move applies");
    assert!(!released.release(), "a layout edit recomputes nothing and replaces nothing");
}
