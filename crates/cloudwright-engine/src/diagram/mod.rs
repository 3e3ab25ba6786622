//! The diagram: how a design is drawn, as pure geometry and a standalone SVG.
//!
//! The canvas (web), the SVG/PNG exports (web) and the hand-over report (CLI) all draw the
//! design through this module, so a diagram looks the same everywhere and the geometry is
//! tested with plain `cargo test`.
//!
//! - [`geometry`]: rectangles, bounds, hit order, default sizes, connector paths.
//! - [`svg`]: the whole design as one SVG document; icons are supplied by the caller.

pub mod geometry;
pub mod svg;

pub use geometry::{bounds, default_size, edge_path, intersects};
pub use svg::{kinds_used, render, size, svg_data_uri, SvgOptions};
