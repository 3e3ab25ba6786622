//! What-if scenarios as data: named variants of a design's assumptions and choices, kept in
//! the design file (format version 4). A scenario holds only what differs from the design;
//! `None` / an empty list means "as designed". What a scenario *does* (the edits it makes,
//! the table, the chart) is [`crate::scenario`]; the ranges of its fields are in
//! [`super::fields::SCENARIO`] and [`super::fields::CHOICE`].

use super::NodeId;
use serde::{Deserialize, Serialize};

/// One what-if variant of the design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Unique within the design (`s1`, `s2`, ...); never shown.
    pub id: String,
    /// What the presenter calls it ("10× traffic", "HTTP API on Savings Plans").
    pub name: String,
    /// Every entry volume (users', on-premises sites' requests per month) times this.
    #[serde(default = "one")]
    pub traffic_multiplier: f64,
    /// How compute is bought in this scenario; `None`: as the design says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<ScenarioPricing>,
    /// The AWS free tier on or off; `None`: as the design says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_tier: Option<bool>,
    /// Another home region; `None`: the design's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Switches of the Compare panel, applied in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

fn one() -> f64 {
    1.0
}

impl Scenario {
    /// A scenario that changes nothing yet.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Scenario { id: id.into(), name: name.into(), traffic_multiplier: 1.0, pricing: None, free_tier: None, region: None, choices: Vec::new() }
    }
}

/// How compute is bought in a scenario: the design's own pricing models
/// ([`super::PricingModel`]) and Spot, which the cost engine prices per fleet (EC2
/// `purchase`, Auto Scaling and EKS node group `spot_pct`, ECS `fargate-spot`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioPricing {
    OnDemand,
    SavingsPlan1y,
    SavingsPlan3y,
    /// Every fleet that can run on Spot does (see `scenario::spot_edits`); the rest on demand.
    Spot,
}

impl ScenarioPricing {
    pub const ALL: [ScenarioPricing; 4] = [ScenarioPricing::OnDemand, ScenarioPricing::SavingsPlan1y, ScenarioPricing::SavingsPlan3y, ScenarioPricing::Spot];
    /// The name in the file (and in [`super::fields::SCENARIO`]'s choices).
    pub fn id(self) -> &'static str {
        match self {
            ScenarioPricing::OnDemand => "on_demand",
            ScenarioPricing::SavingsPlan1y => "savings_plan1y",
            ScenarioPricing::SavingsPlan3y => "savings_plan3y",
            ScenarioPricing::Spot => "spot",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ScenarioPricing::OnDemand => "On-Demand",
            ScenarioPricing::SavingsPlan1y => "Savings Plan, 1 year",
            ScenarioPricing::SavingsPlan3y => "Savings Plan, 3 years",
            ScenarioPricing::Spot => "Spot",
        }
    }
    pub fn parse(s: &str) -> Option<ScenarioPricing> {
        ScenarioPricing::ALL.into_iter().find(|p| p.id() == s)
    }
}

/// Which Compare-panel switch a [`Choice`] makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Switch {
    /// An API Gateway's type: `rest`, `http` or `websocket` (`compare::apply_api_type`).
    ApiType,
    /// A container service's platform: `ecs-ec2`, `ecs-fargate`, `eks-ec2`, `eks-fargate`
    /// (`compare::apply_container_option`).
    Containers,
}

impl Switch {
    pub const ALL: [Switch; 2] = [Switch::ApiType, Switch::Containers];
    pub fn id(self) -> &'static str {
        match self {
            Switch::ApiType => "api_type",
            Switch::Containers => "containers",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Switch::ApiType => "API type",
            Switch::Containers => "Containers",
        }
    }
}

/// "Switch node N to option O", the edit the Compare panel's button makes, kept as intent
/// (not as a recorded edit) so it still applies after the base design has been edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub node: NodeId,
    pub switch: Switch,
    /// The option's id, one of the switch's options (checked by `fields::check_choice`).
    pub option: String,
}
