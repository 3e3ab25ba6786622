//! The diagram: how a design is drawn, as pure geometry and a standalone SVG.
//!
//! The canvas (web), the SVG/PNG exports (web) and the CLI all draw the design through this
//! module, so a diagram looks the same everywhere and the geometry is tested with plain
//! `cargo test`.
//!
//! - [`geometry`]: rectangles, bounds, hit order, default sizes, icon and label boxes.
//! - [`text_metrics`]: the label fonts' advance widths per character, widest of the fonts
//!   measured, for the label width estimate.
//! - [`route`]: connectors routed around icons and labels, apart from each other.
//! - [`check`]: what makes a diagram hard to read (labels over labels or icons, connectors
//!   through icons or on top of each other), as a list of problems.
//! - [`place`]: where a new node goes: a free spot in its container, never on another.
//! - [`band`]: where a component spanning AZs is drawn when pasted, moved or re-placed.
//! - [`scaffold`]: the containers a component needs, created with it when the design lacks them.
//! - [`new_drop`]: what a drop of a new component does (placed, with containers, or refused and
//!   why): one answer for the palette drag's preview and for its drop.
//! - [`svg`]: the whole design as one SVG document; icons are supplied by the caller.

pub mod band;
pub mod check;
pub mod geometry;
pub mod new_drop;
pub mod place;
pub mod route;
pub mod scaffold;
pub mod svg;
pub mod text_metrics;
pub mod tidy;

pub use check::{check, check_routes, Problem};
pub use geometry::{bounds, default_size, edge_path, intersects};
pub use route::{route_all, Route};
pub use svg::{kinds_used, render, size, svg_data_uri, SvgOptions};
pub use tidy::tidy;
