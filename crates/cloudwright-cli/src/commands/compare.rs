//! `cloudwright compare containers [FILE [NODE_ID]] [--json]` and
//! `cloudwright compare api [FILE [NODE_ID]] [--json]`.
//!
//! With a file, the profile is read from NODE_ID (or the first suitable node of the design)
//! and every option is billed inside the design: the option the node is drawn as is marked
//! "as drawn" and its figure is the design's own bill for the nodes listed (what `cloudwright
//! cost` shows for them). Without a file, the default workload is compared and the output says so.

use crate::args::{Args, JSON};
use crate::input;
use crate::output::Out;
use crate::{Command, Outcome, Status};
use cloudwright_engine::compare::{self, ApiProfile, ContainerProfile};
use cloudwright_engine::{Design, NodeId};
use cloudwright_engine::units::money;
use std::fmt::Write as _;

pub const COMMAND: Command = Command {
    name: "compare",
    synopsis: "containers|api [FILE [NODE_ID]] [--json]",
    summary: "ECS vs EKS vs Fargate, or REST vs HTTP vs WebSocket",
    options: &[JSON],
    operands: (1, 3),
    example: &["containers", "FILE"],
    run,
};

fn run(args: &Args, out: &mut Out) -> Outcome {
    let json = args.flag("--json");
    let what = args.operand(0).unwrap_or_default();
    if !matches!(what, "containers" | "api") {
        out.error(&format!("cloudwright compare: unknown comparison \"{what}\"; choose containers or api\n\n{}", crate::command_usage(&COMMAND)));
        return Err(Status::BadInput);
    }
    let design = match args.operand(1) {
        Some(path) => Some(input::design(path, out)?.design),
        None => None,
    };
    let node = args.operand(2).map(NodeId::new);
    let text = if what == "containers" { containers(design.as_ref(), node, json, out)? } else { api(design.as_ref(), node, json, out)? };
    if let Some(t) = text {
        out.text(&t);
    }
    Ok(Status::Ok)
}

/// The node to read: the one given, else the first of the kinds.
fn pick(design: &Design, node: Option<NodeId>, kinds: &[&str]) -> Result<NodeId, String> {
    match node {
        Some(n) => Ok(n),
        None => design
            .nodes
            .values()
            .find(|n| kinds.contains(&n.kind.as_str()))
            .map(|n| n.id.clone())
            .ok_or_else(|| format!("the design has no {}: give a NODE_ID or no file to compare the default workload", kinds.join(" / "))),
    }
}

/// What is compared, and the line that says so: the default workload (`default` gives the
/// comparison and the profile's description) when no design is given, else the service
/// `node` (or the design's first node of `kinds`) compared inside the design by `within`.
/// A design without such a node, or a node `within` refuses, is reported on `o`: exit code 2.
fn subject<C>(
    design: Option<&Design>,
    node: Option<NodeId>,
    kinds: &[&str],
    o: &mut Out,
    default: impl FnOnce() -> (C, String),
    within: impl FnOnce(&Design, &NodeId) -> Result<(C, String), String>,
) -> Result<(C, String), Status> {
    let Some(d) = design else {
        let (c, profile) = default();
        return Ok((c, format!("No design given: comparing the default workload: {profile}")));
    };
    pick(d, node, kinds).and_then(|id| within(d, &id)).map_err(|e| {
        o.error(&e);
        Status::BadInput
    })
}

/// The comparison as JSON, with `compared` (the line saying what was compared) added.
fn write_json<C: serde::Serialize>(c: &C, compared: String, o: &mut Out) {
    let mut v = serde_json::to_value(c).expect("comparison serializes");
    v["compared"] = serde_json::Value::String(compared);
    o.json(&v);
}

/// The text report, or `None` when the JSON was written.
fn containers(design: Option<&Design>, node: Option<NodeId>, json: bool, o: &mut Out) -> Result<Option<String>, Status> {
    let (c, source) = subject(
        design,
        node,
        &["ecs-service", "fargate-profile", "eks-nodegroup"],
        o,
        || {
            let p = ContainerProfile::default();
            (compare::compare_containers(&p), p.describe())
        },
        |d, id| compare::compare_containers_in(d, id).map(|c| {
            let s = format!("Comparing the workload of {id} in \"{}\": {}", d.name, c.profile_description);
            (c, s)
        }).map_err(|e| e.to_string()),
    )?;
    if json {
        write_json(&c, source, o);
        return Ok(None);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{source}");
    if let Some(s) = &c.design {
        let _ = writeln!(out, "{}", as_drawn(s.current.label()));
    }
    let _ = writeln!(out);
    for o in &c.options {
        let drawn = if c.design.as_ref().is_some_and(|s| s.current == o.option) { " (as drawn)" } else { "" };
        let _ = writeln!(out, "{}. {}{drawn} — {}/month{}", o.rank, o.label, money(o.monthly), if o.estimated { " (includes estimates)" } else { "" });
        for l in &o.breakdown {
            let _ = writeln!(out, "     {:<14} {:>11}  {}{}", l.part, money(l.monthly), l.what, if l.estimated { " [est.]" } else { "" });
        }
        if let Some(p) = &o.packing {
            let _ = writeln!(out, 
                "     packing: {} ({} vCPU, {} GB) holds {} task(s), limited by {}; {} instances on average; CPU {:.0}% / memory {:.0}% used; waste {}/month ({:.0}%)",
                p.instance_type,
                p.instance_vcpu,
                p.instance_memory_gb,
                p.tasks_per_instance,
                p.limited_by,
                p.avg_instances,
                p.cpu_utilisation * 100.0,
                p.memory_utilisation * 100.0,
                money(p.waste_monthly),
                p.waste_pct * 100.0
            );
        }
        if let Some(f) = &o.fargate_size {
            let _ = writeln!(out, "     Fargate size: {}", f.note);
        }
        if let Some(np) = &o.node_provisioner {
            let _ = writeln!(out, "     nodes: {np}");
        }
        if let Some(n) = &o.switch_note {
            let _ = writeln!(out, "     switch: {n}");
        }
        let so = &o.scale_out;
        let new = so.new_capacity_s.map(|(a, b)| format!("; {a}–{b} s when a new instance is needed")).unwrap_or_default();
        let _ = writeln!(out, "     scale-out: {}–{} s{new}: {}", so.task_start_s.0, so.task_start_s.1, so.reason);
        for (name, r) in [
            ("scale speed", &o.scale_speed),
            ("operational burden", &o.operational_burden),
            ("customizability", &o.customizability),
            ("portability", &o.portability),
            ("isolation", &o.isolation),
        ] {
            let _ = writeln!(out, "     {name:<18} {:<9} {}", r.label, r.reason);
        }
        for n in &o.notes {
            let _ = writeln!(out, "     note: {n}");
        }
        let _ = writeln!(out, "     score {}: {}", o.score, o.score_reasons.join("; "));
        let _ = writeln!(out);
    }
    let r = &c.recommendation;
    let _ = writeln!(out, "Recommendation: {}", r.summary);
    for why in &r.reasons {
        let _ = writeln!(out, "  - {why}");
    }
    if let Some(m) = &r.mixed {
        for l in &m.breakdown {
            let _ = writeln!(out, "     {:<14} {:>11}  {}", l.part, money(l.monthly), l.what);
        }
        for why in &m.reasons {
            let _ = writeln!(out, "  - {why}");
        }
        let _ = writeln!(out, "  - {}", m.caveat);
    }
    print_crossovers(&mut out, "tasks (all services, average)", &c.tasks_crossovers);
    print_crossovers(&mut out, "requests per month", &c.traffic_crossovers);
    let _ = writeln!(out, "\nAssumptions:");
    for a in &c.assumptions {
        let _ = writeln!(out, "  - {a}");
    }
    Ok(Some(out))
}

/// The line saying which option is drawn and where its figure comes from (the option's
/// "as drawn" note names the nodes).
fn as_drawn(label: &str) -> String {
    format!("As drawn: {label}. Its figure is the design's own bill, what `cloudwright cost` shows for the nodes in its note; the other options are billed by the same cost engine with the design's own properties.")
}

fn print_crossovers(out: &mut String, scale: &str, xs: &[compare::Crossover]) {
    if xs.is_empty() {
        let _ = writeln!(out, "\nCheapest option against {scale}: the same over the whole range");
        return;
    }
    let _ = writeln!(out, "\nWhere the cheapest option changes ({scale}):");
    for x in xs {
        let _ = writeln!(out, "  at {:.1}: {} → {} ({}/month)", x.x, x.from, x.to, money(x.monthly));
    }
}

fn api(design: Option<&Design>, node: Option<NodeId>, json: bool, o: &mut Out) -> Result<Option<String>, Status> {
    let (c, source) = subject(
        design,
        node,
        &["api-gateway"],
        o,
        || {
            let p = ApiProfile::default();
            (compare::compare_api(&p), p.describe())
        },
        |d, id| compare::compare_api_in(d, id).map(|c| {
            let s = format!("Comparing the API {id} in \"{}\": {}", d.name, c.profile_description);
            (c, s)
        }).map_err(|e| e.to_string()),
    )?;
    if json {
        write_json(&c, source, o);
        return Ok(None);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{source}");
    if let Some(s) = &c.design {
        let _ = writeln!(out, "{}", as_drawn(s.current.label()));
    }
    let _ = writeln!(out);
    for o in &c.options {
        let fit = if o.can_do_job { "can do the job".to_string() } else { format!("missing: {}", o.missing.iter().map(|m| m.label.clone()).collect::<Vec<_>>().join(", ")) };
        let drawn = if c.design.as_ref().is_some_and(|s| s.current == o.api_type) { " (as drawn)" } else { "" };
        let _ = writeln!(out, "{}. {}{drawn} — {}/month — {fit}", o.rank, o.label, money(o.monthly));
        for m in &o.missing {
            let _ = writeln!(out, "     missing {}: {}", m.label, m.reason);
        }
        for l in &o.breakdown {
            let _ = writeln!(out, "     {:<12} {:>11}  {}{}", l.part, money(l.monthly), l.what, if l.estimated { " [est.]" } else { "" });
        }
        let _ = writeln!(out, "     metering: {}", o.metering);
        let _ = writeln!(out, "     added latency: {} ms p50 / {} ms p99", o.latency.p50_ms, o.latency.p99_ms);
        let _ = writeln!(out, "     configuration complexity: {}", o.configuration_complexity);
        for n in &o.notes {
            let _ = writeln!(out, "     note: {n}");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Recommendation: {}", c.recommendation.summary);
    for why in &c.recommendation.reasons {
        let _ = writeln!(out, "  - {why}");
    }
    print_crossovers(&mut out, "requests + messages per month", &c.volume_crossovers);
    let _ = writeln!(out, "\nAssumptions:");
    for a in &c.assumptions {
        let _ = writeln!(out, "  - {a}");
    }
    Ok(Some(out))
}
