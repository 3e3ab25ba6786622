//! The design model: what the architect draws, as plain data.
//!
//! Topology and configuration ([`Design::nodes`], [`Design::connections`], [`Design::workload`])
//! are kept apart from [`Design::layout`], so moving a node never changes what analyses read.

mod design;
pub mod fields;
mod ids;
pub mod min_max;
mod placement;
mod scenario;
pub mod span;
mod value;

pub use design::{Connection, ConnKind, Design, Ingress, Node, PricingModel, Rect, Suppression, Workload};
pub use ids::{ConnId, NodeId};
pub use scenario::{Choice, Scenario, ScenarioPricing, Switch};
pub use placement::{allowed_connection_kinds, check_connection, check_parent, PlacementError};
pub(crate) use placement::article;
pub use value::{PropRef, Value};
