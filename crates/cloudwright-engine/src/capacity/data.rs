//! The capacity data file (`data/capacity.json`), embedded at compile time: default service
//! quotas, modelling assumptions, model-server workers per instance type and database
//! instance-class memory. Every entry carries its source and as-of date.

use crate::source::Sourced;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The raw file.
pub const CAPACITY_JSON: &str = include_str!("../../data/capacity.json");

/// A default quota of a new account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quota {
    pub id: String,
    pub name: String,
    /// What the quota counts against ("account and Region", "per table", ...).
    pub scope: String,
    /// The default value (for Regions not in `region_values`).
    pub value: f64,
    /// Region-specific defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub region_values: BTreeMap<String, f64>,
    pub unit: String,
    /// Whether AWS raises it on request.
    pub adjustable: bool,
    /// What to do when the design exceeds it.
    pub fix: String,
    #[serde(flatten)]
    pub provenance: Sourced,
}

impl Quota {
    /// The default in `region`.
    pub fn value_in(&self, region: &str) -> f64 {
        self.region_values.get(region).copied().unwrap_or(self.value)
    }
}

/// A modelling assumption (a number the model needs that no quota gives).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assumption {
    pub id: String,
    pub value: f64,
    pub unit: String,
    #[serde(flatten)]
    pub provenance: Sourced,
}

/// Model-server worker processes per instance type (SageMaker).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workers {
    pub instance_type: String,
    pub workers: f64,
    #[serde(flatten)]
    pub provenance: Sourced,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbClass {
    pub instance_class: String,
    pub memory_gib: f64,
    /// Aurora MySQL publishes max_connections per class instead of a formula.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aurora_mysql_max_connections: Option<f64>,
    pub source: String,
    pub as_of: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapacityData {
    pub about: String,
    pub as_of: String,
    pub quotas: Vec<Quota>,
    pub assumptions: Vec<Assumption>,
    pub instance_workers: Vec<Workers>,
    pub db_classes_about: String,
    pub db_classes: Vec<DbClass>,
}

/// The parsed file (parsed once; a malformed file is a build-time bug caught by tests).
pub fn data() -> &'static CapacityData {
    static D: OnceLock<CapacityData> = OnceLock::new();
    D.get_or_init(|| serde_json::from_str(CAPACITY_JSON).expect("data/capacity.json is valid"))
}

/// A quota by id. Panics on an unknown id: ids are compile-time constants of this module,
/// checked by a test.
pub fn quota(id: &str) -> &'static Quota {
    data().quotas.iter().find(|q| q.id == id).unwrap_or_else(|| panic!("quota {id} missing from data/capacity.json"))
}

/// An assumption's value by id (same contract as [`quota`]).
pub fn assumption(id: &str) -> f64 {
    assumption_entry(id).value
}

pub fn assumption_entry(id: &str) -> &'static Assumption {
    data().assumptions.iter().find(|a| a.id == id).unwrap_or_else(|| panic!("assumption {id} missing from data/capacity.json"))
}

/// Model-server workers per instance (SageMaker), if the type is known.
pub fn workers(instance_type: &str) -> Option<&'static Workers> {
    data().instance_workers.iter().find(|w| w.instance_type == instance_type)
}

pub fn db_class(class: &str) -> Option<&'static DbClass> {
    data().db_classes.iter().find(|c| c.instance_class == class)
}
