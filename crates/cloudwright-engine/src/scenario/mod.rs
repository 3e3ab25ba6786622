//! What-if scenarios: named variants of a design's assumptions and choices (the data is
//! [`crate::model::Scenario`], kept in the design file since format version 4).
//!
//! A scenario is applied to the base design as **one batch of ordinary [`Edit`]s** on a copy
//! ([`apply`], [`edits`]): the Compare panel's switches (`compare::apply_api_type`,
//! `compare::apply_container_option`, the very edits its buttons make), then pricing, free
//! tier and region ([`Edit::SetWorkload`], [`Edit::SetRegion`]), then traffic: every entry
//! node's `requests_per_month` times the multiplier. The base is never touched; the
//! derived design is an ordinary design, so every analysis (cost, latency, findings,
//! capacity, totals) reads it with no knowledge of scenarios, and inverting the batch gives
//! the base back exactly.
//!
//! Why traffic goes into the entry volumes instead of travelling as a multiplier beside
//! the design: findings (capacity rules among them) read the design at its own traffic, so
//! they follow the scenario only if the volumes are in it. It is the same arithmetic:
//! `traffic::Plan::run(m)` multiplies each entry volume by `m`, and here the volume is
//! stored as `v × m` and run at 1, the same product (tested bit for bit in
//! `tests/scenario_cases.rs`).
//!
//! Scenarios themselves are added, removed, renamed and changed with edits too
//! ([`Edit::AddScenario`], [`Edit::RemoveScenario`], [`Edit::UpdateScenario`]; constructors
//! [`add`], [`remove`], [`update`]), so undo covers them.
//!
//! Modules: [`table`] (the side-by-side table, from [`crate::totals`]) and [`chart`]
//! (monthly cost against traffic for every scenario, and the crossovers).

pub mod chart;
pub mod table;

pub use table::{table, Driver, Row};

use crate::compare::{apply_api_type, apply_container_option, ApiType, ContainerOption};
use crate::edit::Edit;
use crate::model::{fields, Choice, Design, Node, NodeId, PricingModel, Scenario, ScenarioPricing, Switch, Value};
use crate::traffic;
use std::fmt;

/// Why a scenario cannot be applied to the design as it is now (a node it switches was
/// deleted, a switch the node's kind does not have, traffic beyond a property's range).
/// The scenario stays in the file; the table shows the message in its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The scenario's name.
    pub scenario: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scenario \u{201c}{}\u{201d}: {}", self.scenario, self.message)
    }
}
impl std::error::Error for ScenarioError {}

/// The design as the scenario has it: a copy of `base` with [`edits`] applied. `base` is
/// untouched.
pub fn apply(base: &Design, s: &Scenario) -> Result<Design, ScenarioError> {
    derive(base, s).map(|(d, _)| d)
}

/// The edits that turn `base` into the scenario's design, as one batch (empty when the
/// scenario changes nothing). Applying it to `base` gives [`apply`]'s design; applying its
/// inverse after that gives `base` back exactly.
pub fn edits(base: &Design, s: &Scenario) -> Result<Edit, ScenarioError> {
    derive(base, s).map(|(_, e)| e)
}

/// The design the app shows: the base (`None`, the baseline) or the scenario with that id.
pub fn active(base: &Design, id: Option<&str>) -> Result<Design, ScenarioError> {
    match id.and_then(|id| base.scenarios.iter().find(|s| s.id == id)) {
        Some(s) => apply(base, s),
        None => Ok(base.clone()),
    }
}

fn derive(base: &Design, s: &Scenario) -> Result<(Design, Edit), ScenarioError> {
    let fail = |message: String| ScenarioError { scenario: s.name.clone(), message };
    fields::check_scenario(s).map_err(fail)?;
    let mut d = base.clone();
    let mut done: Vec<Edit> = Vec::new();
    let mut step = |e: Edit, d: &mut Design| -> Result<(), String> {
        e.apply(d).map_err(|x| x.0)?;
        done.push(e);
        Ok(())
    };
    for c in &s.choices {
        let e = choice_edit(&d, c).map_err(fail)?;
        step(e, &mut d).map_err(|m| fail(format!("{}: {m}", describe_choice(base, c))))?;
    }
    let mut w = d.workload.clone();
    match s.pricing {
        None => {}
        Some(ScenarioPricing::Spot) => w.pricing = PricingModel::OnDemand,
        Some(ScenarioPricing::OnDemand) => w.pricing = PricingModel::OnDemand,
        Some(ScenarioPricing::SavingsPlan1y) => w.pricing = PricingModel::SavingsPlan1y,
        Some(ScenarioPricing::SavingsPlan3y) => w.pricing = PricingModel::SavingsPlan3y,
    }
    if let Some(f) = s.free_tier {
        w.free_tier = f;
    }
    if w != d.workload {
        step(Edit::SetWorkload { before: d.workload.clone(), after: w }, &mut d).map_err(fail)?;
    }
    if s.pricing == Some(ScenarioPricing::Spot) {
        for e in spot_edits(&d) {
            step(e, &mut d).map_err(|m| fail(format!("Spot: {m}")))?;
        }
    }
    if let Some(r) = &s.region {
        // The Region containers drawn in the home region move with it (`home_region`, the
        // rule the design's own Home region field follows too).
        if let Some(e) = crate::home_region::move_to(&d, r) {
            step(e, &mut d).map_err(fail)?;
        }
    }
    for e in traffic_edits(&d, s.traffic_multiplier) {
        let what = match &e {
            Edit::SetProp { id, .. } => d.node(id).map(|n| n.label.clone()).unwrap_or_default(),
            _ => String::new(),
        };
        step(e, &mut d).map_err(|m| fail(format!("at {}× traffic, {what}: {m}", crate::units::mult(s.traffic_multiplier))))?;
    }
    Ok((d, Edit::Batch { label: format!("Scenario \u{201c}{}\u{201d}", s.name), edits: done, switch: None }))
}

/// The Compare panel's edit for one choice, on the design as the earlier choices left it.
fn choice_edit(d: &Design, c: &Choice) -> Result<Edit, String> {
    let what = describe_choice(d, c);
    let n = d.node(&c.node).ok_or_else(|| format!("{what}: node \u{201c}{}\u{201d} is no longer in the design", c.node))?;
    let (edit, label) = match c.switch {
        Switch::ApiType => {
            let t = ApiType::parse(&c.option).ok_or_else(|| format!("{what}: unknown API type"))?;
            if n.kind != "api-gateway" {
                return Err(format!("{what}: {} is not an API Gateway", n.label));
            }
            (apply_api_type(d, &c.node, t), format!("Switch {} to {}", c.node, t.label()))
        }
        Switch::Containers => {
            let o = ContainerOption::parse(&c.option).ok_or_else(|| format!("{what}: unknown container option"))?;
            if !CONTAINER_KINDS.contains(&n.kind.as_str()) {
                return Err(format!("{what}: {} is not a container service (ECS service, EKS node group or Fargate profile)", n.label));
            }
            (apply_container_option(d, &c.node, o), format!("Switch {} to {}", c.node, o.label()))
        }
    };
    // The compare functions say "cannot" with an empty batch whose label gives the reason.
    match &edit {
        Edit::Batch { label: l, edits, .. } if edits.is_empty() && l != &label => Err(format!("{what}: {}", l.strip_prefix(&format!("{label}: ")).unwrap_or(l))),
        _ => Ok(edit),
    }
}

/// The kinds the containers switch applies to (as in the Compare panel).
pub const CONTAINER_KINDS: &[&str] = &["ecs-service", "eks-nodegroup", "fargate-profile"];

/// Whether a switch applies to a node of `kind`: the API type to an API Gateway, the
/// containers to [`CONTAINER_KINDS`]; None for every other kind.
pub fn switch_for(kind: &str) -> Option<Switch> {
    if kind == "api-gateway" {
        Some(Switch::ApiType)
    } else if CONTAINER_KINDS.contains(&kind) {
        Some(Switch::Containers)
    } else {
        None
    }
}

/// How a scenario names the node a switch applies to: its label (its id when unlabelled);
/// when another node a switch applies to has the same label — a multi-Region design's "App
/// tasks" in each Region — the label and where it runs, "App tasks in us-west-2 (standby)"
/// (its Region's label, else its Region code), and its id too when that still ties
/// (QA s23 #9: two identical "Containers of App tasks" selects, and a scenario row that did
/// not say which).
pub fn switch_node_name(d: &Design, id: &crate::model::NodeId) -> String {
    let Some(n) = d.node(id) else { return id.to_string() };
    let label = |n: &crate::model::Node| if n.label.is_empty() { n.id.to_string() } else { n.label.clone() };
    let name = label(n);
    let twins: Vec<&crate::model::Node> = d.nodes.values().filter(|o| o.id != n.id && switch_for(&o.kind).is_some() && label(o) == name).collect();
    if twins.is_empty() {
        return name;
    }
    let place = |n: &crate::model::Node| crate::text::place(d, &n.id);
    let here = place(n);
    if twins.iter().any(|o| place(o) == here) {
        format!("{} ({})", crate::text::in_place(&name, &here), n.id)
    } else {
        crate::text::in_place(&name, &here)
    }
}

/// "API type of Orders API: HTTP API", for messages and the table.
pub fn describe_choice(d: &Design, c: &Choice) -> String {
    let node = switch_node_name(d, &c.node);
    let option = match c.switch {
        Switch::ApiType => ApiType::parse(&c.option).map(|t| t.label()),
        Switch::Containers => ContainerOption::parse(&c.option).map(|o| o.label()),
    };
    format!("{} of {node}: {}", c.switch.label(), option.unwrap_or(&c.option))
}

/// Every fleet that can run on Spot put on Spot, as the cost engine prices it: EC2
/// instances `purchase: spot`, Auto Scaling groups and EKS node groups `spot_pct: 100`
/// (an Auto Scaling group keeps its On-Demand base), ECS services on Fargate
/// `launch_type: fargate-spot`. ECS on EC2 runs on its cluster's instances (their Auto
/// Scaling group). In node id order.
pub fn spot_edits(d: &Design) -> Vec<Edit> {
    let mut out = Vec::new();
    for n in d.nodes.values() {
        let (key, value) = match n.kind.as_str() {
            "ec2" => ("purchase", Value::Text("spot".into())),
            "asg" | "eks-nodegroup" => ("spot_pct", Value::Number(100.0)),
            "ecs-service" if d.text(n, "launch_type") == "fargate" => ("launch_type", Value::Text("fargate-spot".into())),
            _ => continue,
        };
        if d.prop(n, key).as_ref() != Some(&value) {
            out.push(Edit::set_prop(d, &n.id, key, Some(value)));
        }
    }
    out
}

/// Every entry node's `requests_per_month` times `m` (none when `m` is 1, and none for a
/// node that sends nothing). In node id order.
pub fn traffic_edits(d: &Design, m: f64) -> Vec<Edit> {
    if m == 1.0 {
        return Vec::new();
    }
    d.nodes
        .values()
        .filter(|n| traffic::is_entry(n))
        .filter_map(|n: &Node| {
            let v = traffic::entry_volume(d, n);
            (v > 0.0).then(|| Edit::set_prop(d, &n.id, "requests_per_month", Some(Value::Number(v * m))))
        })
        .collect()
}

// ---------------------------------------------------------------- managing scenarios

/// An unused scenario id: `s1`, `s2`, ...
pub fn fresh_id(d: &Design) -> String {
    (1..).map(|i| format!("s{i}")).find(|id| !d.scenarios.iter().any(|s| &s.id == id)).expect("infinite range")
}

/// Adds `s` (under a fresh id, whatever its own) as the last scenario.
pub fn add(d: &Design, mut s: Scenario) -> Edit {
    s.id = fresh_id(d);
    Edit::AddScenario { index: d.scenarios.len(), scenario: s }
}

/// Deletes the scenario with that id.
pub fn remove(d: &Design, id: &str) -> Option<Edit> {
    let index = d.scenarios.iter().position(|s| s.id == id)?;
    Some(Edit::RemoveScenario { index, scenario: d.scenarios[index].clone() })
}

/// Replaces the scenario with `after`'s id by `after` (a rename, a new multiplier, ...).
pub fn update(d: &Design, after: Scenario) -> Option<Edit> {
    let before = d.scenarios.iter().find(|s| s.id == after.id)?.clone();
    Some(Edit::UpdateScenario { before, after })
}

/// Renames the scenario with that id.
pub fn rename(d: &Design, id: &str, name: &str) -> Option<Edit> {
    let mut after = d.scenarios.iter().find(|s| s.id == id)?.clone();
    after.name = name.to_string();
    update(d, after)
}

/// A scenario from the assumptions the presenter has set up: the traffic multiplier,
/// pricing, free tier and region they chose, each kept only where it differs from the
/// design (a field the design already has follows the design when it changes later).
pub fn from_assumptions(d: &Design, name: &str, multiplier: f64, pricing: ScenarioPricing, free_tier: bool, region: &str, choices: Vec<Choice>) -> Scenario {
    let current = match d.workload.pricing {
        PricingModel::OnDemand => ScenarioPricing::OnDemand,
        PricingModel::SavingsPlan1y => ScenarioPricing::SavingsPlan1y,
        PricingModel::SavingsPlan3y => ScenarioPricing::SavingsPlan3y,
    };
    Scenario {
        id: fresh_id(d),
        name: name.to_string(),
        traffic_multiplier: multiplier,
        pricing: (pricing != current).then_some(pricing),
        free_tier: (free_tier != d.workload.free_tier).then_some(free_tier),
        region: (region != d.region).then(|| region.to_string()),
        choices,
    }
}

/// The choice that makes the Compare panel's switch of `node` to `option`.
pub fn choice(node: &NodeId, switch: Switch, option: &str) -> Choice {
    Choice { node: node.clone(), switch, option: option.to_string() }
}
