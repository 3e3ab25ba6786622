//! The latency data file (`data/latency.json`), embedded at compile time.
//!
//! Each timed entry is `{kind, variant, p50_ms, p99_ms, source, source_kind, as_of}`;
//! the provenance fields are the shared [`Sourced`] record. `off_path` lists the kinds
//! that never add time to a request, each with the reason.

use crate::source::Sourced;
use rustc_hash::FxHashMap;
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

/// The file's entries indexed once: service entries by `(kind, variant)`, network entries by
/// variant, region pairs by `a|b`, and each entry's citation (`kind/variant (source_kind,
/// as_of)`) written once. The projection looks entries up for every node and cites each one
/// it uses; a linear search and a `format!` per node were most of its model-building time.
struct Lookup {
    entries: FxHashMap<(&'static str, &'static str), usize>,
    entry_cites: Vec<String>,
    network: FxHashMap<&'static str, usize>,
    network_cites: Vec<String>,
    region_pairs: FxHashMap<&'static str, usize>,
    region_pair_cites: Vec<String>,
    /// Kinds with at least one service entry.
    kinds: FxHashMap<&'static str, usize>,
}

fn lookup() -> &'static Lookup {
    static L: OnceLock<Lookup> = OnceLock::new();
    L.get_or_init(|| {
        let d = data();
        // The first entry of a key wins, as a search from the start would find it.
        fn index<'a>(list: &'a [Entry], key: impl Fn(&'a Entry) -> &'a str) -> FxHashMap<&'a str, usize> {
            let mut m = FxHashMap::default();
            for (i, e) in list.iter().enumerate() {
                m.entry(key(e)).or_insert(i);
            }
            m
        }
        let mut entries = FxHashMap::default();
        for (i, e) in d.entries.iter().enumerate() {
            entries.entry((e.kind.as_str(), e.variant.as_str())).or_insert(i);
        }
        let kinds = index(&d.entries, |e| e.kind.as_str());
        Lookup {
            entries,
            entry_cites: d.entries.iter().map(cite).collect(),
            network: index(&d.network, |e| e.variant.as_str()),
            network_cites: d.network.iter().map(cite).collect(),
            region_pairs: index(&d.region_pairs, |e| e.variant.as_str()),
            region_pair_cites: d.region_pairs.iter().map(cite).collect(),
            kinds,
        }
    })
}

/// How a data entry is cited in a hop's sources: `kind/variant (source_kind, as_of)`.
pub fn cite(e: &Entry) -> String {
    let v = if e.variant.is_empty() { String::new() } else { format!("/{}", e.variant) };
    format!("{}{} ({}, {})", e.kind, v, e.provenance.source_kind, e.provenance.as_of)
}

/// The service entry for `kind` / `variant`.
pub fn entry(kind: &str, variant: &str) -> Option<&'static Entry> {
    entry_cited(kind, variant).map(|(e, _)| e)
}

/// [`entry`] with its citation ([`cite`]), written once per entry.
pub fn entry_cited(kind: &str, variant: &str) -> Option<(&'static Entry, &'static str)> {
    let l = lookup();
    let &i = l.entries.get(&(kind, variant))?;
    Some((&data().entries[i], l.entry_cites[i].as_str()))
}

/// A network entry by variant (`same-az`, `cross-az`, `client-region:europe`, ...).
pub fn net(variant: &str) -> Option<&'static Entry> {
    net_cited(variant).map(|(e, _)| e)
}

/// [`net`] with its citation ([`cite`]).
pub fn net_cited(variant: &str) -> Option<(&'static Entry, &'static str)> {
    let l = lookup();
    let &i = l.network.get(variant)?;
    Some((&data().network[i], l.network_cites[i].as_str()))
}

/// Round trip between two regions, either order; `None` for an unknown pair.
pub fn region_pair(a: &str, b: &str) -> Option<&'static Entry> {
    region_pair_cited(a, b).map(|(e, _)| e)
}

/// [`region_pair`] with its citation ([`cite`]).
pub fn region_pair_cited(a: &str, b: &str) -> Option<(&'static Entry, &'static str)> {
    let l = lookup();
    // The first entry naming the pair in either order, as a search from the start finds it.
    let i = [format!("{a}|{b}"), format!("{b}|{a}")].iter().filter_map(|k| l.region_pairs.get(k.as_str()).copied()).min()?;
    Some((&data().region_pairs[i], l.region_pair_cites[i].as_str()))
}

/// Why a kind is off the request path, if it is.
pub fn off_path(kind: &str) -> Option<&'static str> {
    data().off_path.iter().find(|o| o.kind == kind).map(|o| o.reason.as_str())
}

/// Whether the file has a timed model for `kind` (any variant).
pub fn has_model(kind: &str) -> bool {
    lookup().kinds.contains_key(kind)
}

/// The first service entry of `kind` (any variant), if any.
pub fn first_of_kind(kind: &str) -> Option<&'static Entry> {
    lookup().kinds.get(kind).map(|&i| &data().entries[i])
}
