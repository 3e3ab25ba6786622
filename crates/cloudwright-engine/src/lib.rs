//! Cloudwright engine: everything Cloudwright knows about AWS architectures.
//!
//! Invariant: this crate is pure. It never depends on a browser, a UI framework, a clock,
//! randomness or the file system. Every function is a function of its arguments, so the same
//! code runs in the browser (wasm), in the CLI and in `cargo test`, and gives the same answer.
//!
//! Layout of the crate (one concept per module):
//! - [`catalog`]: the component kinds, their properties, where they may sit, how they connect.
//! - [`model`]: the design (nodes, connections, workload, layout, scenarios) and placement checks.
//! - [`edit`] and [`history`]: every change is an invertible value; undo/redo rests on it.
//! - [`file`]: the versioned JSON file format, its migrations and import errors.
//! - [`graph`]: petgraph views of a design (containment + connections) shared by analyses.
//! - [`rules`]: best-practice checks drawn from the seed articles.
//! - [`cost`]: monthly cost from prices and the traffic flowing through the graph.
//! - [`latency`]: request latency along the synchronous paths.
//! - [`compare`]: ECS vs EKS vs Fargate, REST vs HTTP vs WebSocket, for one workload.
//! - [`share`]: a whole design packed into a URL fragment (`#d=…`) and back.
//! - [`zones`]: the AZs each node runs in and which hops cross AZs (inter-AZ transfer).
//! - [`text`]: text for other formats (XML 1.0 escaping, file names), for every export.
//! - [`diagram`]: how a design is drawn: geometry, connector paths, the standalone SVG.
//! - [`capacity`]: utilisation, saturation, service quotas and headroom as traffic grows.
//! - [`totals`]: the headline figures (monthly/yearly cost, main entry p95, open findings,
//!   headroom) read from the analyses that own them, and what an edit changed in them.
//! - [`report`]: the hand-over report (one model; Markdown and printable HTML renderings).
//! - [`units`]: how money, milliseconds, multiples and counts are written, everywhere.
//! - [`scenario`]: what-if scenarios applied as edits on a copy; their table and cost chart.
//! - [`workload`]: the traffic a design expects (entry rate, sizes, peak), read and changed in one place.
//! - [`defaults`]: what a new node starts as (next free subnet CIDR, next zone letter).
//! - [`order`]: the app's one stable sort (compiled once instead of once per call site).

pub mod analysis;
pub mod az_choice;
pub mod capacity;
pub mod catalog;
pub mod ci;
pub mod compare;
pub mod cost;
pub mod defaults;
pub mod diagram;
pub mod diff;
pub mod edit;
pub mod file;
pub mod graph;
pub mod history;
pub mod home_region;
pub mod iac;
pub mod latency;
pub mod model;
pub mod order;
pub mod paste;
pub mod prop_deps;
pub mod report;
pub mod rules;
pub mod text;
pub mod totals;
pub mod traffic;
pub mod sample;
pub mod scenario;
pub mod share;
pub mod source;
pub mod units;
pub mod workload;
pub mod zones;

pub use edit::{Edit, SwitchMark};
pub use history::History;
pub use model::{ConnId, ConnKind, Connection, Design, Node, NodeId, Rect, Value, Workload};
