//! The latency data file (`data/latency.json`), embedded at compile time.
//!
//! Each timed entry is `{kind, variant, p50_ms, p99_ms, source, source_kind, as_of}`;
//! the provenance fields are the shared [`Sourced`] record. `off_path` lists the kinds
//! that never add time to a request, each with the reason.

use crate::source::Sourced;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The raw file.
pub const LATENCY_JSON: &str = include_str!("../../data/latency.json");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: String,
    #[serde(default)]
    pub variant: String,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// For throughput-based models (Bedrock output tokens/s, prompt tokens/s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_s: Option<f64>,
    #[serde(flatten)]
    pub provenance: Sourced,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OffPath {
    pub kind: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyData {
    pub about: String,
    pub as_of: String,
    pub entries: Vec<Entry>,
    pub network: Vec<Entry>,
    pub region_pairs: Vec<Entry>,
    pub off_path: Vec<OffPath>,
}

/// The parsed file (parsed once; a malformed file is a build-time bug caught by tests).
pub fn data() -> &'static LatencyData {
    static D: OnceLock<LatencyData> = OnceLock::new();
    D.get_or_init(|| serde_json::from_str(LATENCY_JSON).expect("data/latency.json is valid"))
}

/// The service entry for `kind` / `variant`.
pub fn entry(kind: &str, variant: &str) -> Option<&'static Entry> {
    data().entries.iter().find(|e| e.kind == kind && e.variant == variant)
}

/// A network entry by variant (`same-az`, `cross-az`, `client-region:europe`, ...).
pub fn net(variant: &str) -> Option<&'static Entry> {
    data().network.iter().find(|e| e.variant == variant)
}

/// Round trip between two regions, either order; `None` for an unknown pair.
pub fn region_pair(a: &str, b: &str) -> Option<&'static Entry> {
    let k1 = format!("{a}|{b}");
    let k2 = format!("{b}|{a}");
    data().region_pairs.iter().find(|e| e.variant == k1 || e.variant == k2)
}

/// Why a kind is off the request path, if it is.
pub fn off_path(kind: &str) -> Option<&'static str> {
    data().off_path.iter().find(|o| o.kind == kind).map(|o| o.reason.as_str())
}

/// Whether the file has a timed model for `kind` (any variant).
pub fn has_model(kind: &str) -> bool {
    data().entries.iter().any(|e| e.kind == kind)
}
