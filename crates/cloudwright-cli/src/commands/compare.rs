//! `cloudwright compare containers [FILE [NODE_ID]] [--json]` and
//! `cloudwright compare api [FILE [NODE_ID]] [--json]`.
//!
//! With a file, the profile is read from NODE_ID (or the first suitable node of the design);
//! without one, the default workload is compared and the output says so.

use crate::io;
use cloudwright_engine::compare::{self, ApiProfile, ContainerProfile};
use cloudwright_engine::{Design, NodeId};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

const USAGE: &str = "usage: cloudwright compare containers [FILE [NODE_ID]] [--json]\n       cloudwright compare api [FILE [NODE_ID]] [--json]";

pub fn run(args: &[String]) -> ExitCode {
    let (pos, json) = io::parse(args);
    let Some((&what, rest)) = pos.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if rest.len() > 2 {
        eprintln!("too many arguments\n{USAGE}");
        return ExitCode::from(2);
    }
    let design = match rest.first() {
        Some(path) => {
            let text = match io::read(path) {
                Ok(t) => t,
                Err(code) => return code,
            };
            match cloudwright_engine::file::load(&text) {
                Ok(d) => Some(d),
                Err(e) => {
                    eprintln!("{path}: {e}");
                    return ExitCode::from(1);
                }
            }
        }
        None => None,
    };
    let node = rest.get(1).map(|s| NodeId::new(*s));
    match what {
        "containers" => containers(design.as_ref(), node, json),
        "api" => api(design.as_ref(), node, json),
        other => {
            eprintln!("unknown comparison \"{other}\"\n{USAGE}");
            ExitCode::from(2)
        }
    }
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

fn containers(design: Option<&Design>, node: Option<NodeId>, json: bool) -> ExitCode {
    let (profile, source) = match design {
        None => {
            let p = ContainerProfile::default();
            let s = format!("No design given: comparing the default workload: {}", p.describe());
            (p, s)
        }
        Some(d) => {
            let id = match pick(d, node, &["ecs-service", "fargate-profile", "eks-nodegroup"]) {
                Ok(id) => id,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            match ContainerProfile::from_node(d, &id) {
                Ok(p) => {
                    let s = format!("Comparing the workload of {id} in \"{}\": {}", d.name, p.describe());
                    (p, s)
                }
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let c = compare::compare_containers(&profile);
    if json {
        let mut v = serde_json::to_value(&c).expect("comparison serializes");
        v["compared"] = serde_json::Value::String(source);
        return emit(serde_json::to_string_pretty(&v).expect("json") + "\n");
    }
    let mut out = String::new();
    let _ = writeln!(out, "{source}\n");
    for o in &c.options {
        let _ = writeln!(out, "{}. {} — ${:.2}/month{}", o.rank, o.label, o.monthly, if o.estimated { " (includes estimates)" } else { "" });
        for l in &o.breakdown {
            let _ = writeln!(out, "     {:<14} ${:>10.2}  {}{}", l.part, l.monthly, l.what, if l.estimated { " [est.]" } else { "" });
        }
        if let Some(p) = &o.packing {
            let _ = writeln!(out, 
                "     packing: {} ({} vCPU, {} GB) holds {} task(s), limited by {}; {} instances on average; CPU {:.0}% / memory {:.0}% used; waste ${:.2}/month ({:.0}%)",
                p.instance_type,
                p.instance_vcpu,
                p.instance_memory_gb,
                p.tasks_per_instance,
                p.limited_by,
                p.avg_instances,
                p.cpu_utilisation * 100.0,
                p.memory_utilisation * 100.0,
                p.waste_monthly,
                p.waste_pct * 100.0
            );
        }
        if let Some(f) = &o.fargate_size {
            let _ = writeln!(out, "     Fargate size: {}", f.note);
        }
        if let Some(np) = &o.node_provisioner {
            let _ = writeln!(out, "     nodes: {np}");
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
        let _ = writeln!(out, );
    }
    let r = &c.recommendation;
    let _ = writeln!(out, "Recommendation: {}", r.summary);
    for why in &r.reasons {
        let _ = writeln!(out, "  - {why}");
    }
    if let Some(m) = &r.mixed {
        for l in &m.breakdown {
            let _ = writeln!(out, "     {:<14} ${:>10.2}  {}", l.part, l.monthly, l.what);
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
    emit(out)
}

fn print_crossovers(out: &mut String, scale: &str, xs: &[compare::Crossover]) {
    if xs.is_empty() {
        let _ = writeln!(out, "\nCheapest option against {scale}: the same over the whole range");
        return;
    }
    let _ = writeln!(out, "\nWhere the cheapest option changes ({scale}):");
    for x in xs {
        let _ = writeln!(out, "  at {:.1}: {} → {} (${:.2}/month)", x.x, x.from, x.to, x.monthly);
    }
}

fn api(design: Option<&Design>, node: Option<NodeId>, json: bool) -> ExitCode {
    let (profile, source) = match design {
        None => {
            let p = ApiProfile::default();
            let s = format!("No design given: comparing the default workload: {}", p.describe());
            (p, s)
        }
        Some(d) => {
            let id = match pick(d, node, &["api-gateway"]) {
                Ok(id) => id,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            match ApiProfile::from_node(d, &id) {
                Ok(p) => {
                    let s = format!("Comparing the API {id} in \"{}\": {}", d.name, p.describe());
                    (p, s)
                }
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let c = compare::compare_api(&profile);
    if json {
        let mut v = serde_json::to_value(&c).expect("comparison serializes");
        v["compared"] = serde_json::Value::String(source);
        return emit(serde_json::to_string_pretty(&v).expect("json") + "\n");
    }
    let mut out = String::new();
    let _ = writeln!(out, "{source}\n");
    for o in &c.options {
        let fit = if o.can_do_job { "can do the job".to_string() } else { format!("missing: {}", o.missing.iter().map(|m| m.label.clone()).collect::<Vec<_>>().join(", ")) };
        let _ = writeln!(out, "{}. {} — ${:.2}/month — {fit}", o.rank, o.label, o.monthly);
        for m in &o.missing {
            let _ = writeln!(out, "     missing {}: {}", m.label, m.reason);
        }
        for l in &o.breakdown {
            let _ = writeln!(out, "     {:<12} ${:>10.2}  {}{}", l.part, l.monthly, l.what, if l.estimated { " [est.]" } else { "" });
        }
        let _ = writeln!(out, "     metering: {}", o.metering);
        let _ = writeln!(out, "     added latency: {} ms p50 / {} ms p99", o.latency.p50_ms, o.latency.p99_ms);
        let _ = writeln!(out, "     configuration complexity: {}", o.configuration_complexity);
        for n in &o.notes {
            let _ = writeln!(out, "     note: {n}");
        }
        let _ = writeln!(out, );
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
    emit(out)
}

/// Writes the output; a closed pipe (`| head`) is not an error worth a panic.
fn emit(text: String) -> ExitCode {
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
