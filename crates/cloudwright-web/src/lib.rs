//! The Cloudwright browser app: a thin Leptos (client-side rendered) layer over
//! `cloudwright-engine`. It holds signals and views and calls the engine; it owns no domain
//! logic (see ARCHITECTURE.md).
//!
//! Modules: `state` (signals), `app` (shell, start-up, autosave), `canvas` (the diagram),
//! `palette`, `inspector`, `actions` (what shortcuts and buttons do), `keyboard`,
//! `geometry`, `minimap`, `toast`, `storage` (IndexedDB + localStorage), `autosave`,
//! `tabs` (two tabs on one design), `designs` (list, templates), `files` (import/export;
//! the SVG itself is drawn by the engine's `diagram` module), `scenario_panel` (what-if
//! scenarios: switcher bar, number keys, table, chart, new-scenario form),
//! `totals_bar` (the headline
//! figures above the canvas, from the engine's `totals`), `present` (presentation mode),
//! `report_view` (the hand-over report: the engine's HTML, print, downloads),
//! `iac` (CloudFormation/Terraform import preview and exports, through the IaC worker),
//! `share` (share by
//! link, the read-only shared view), `offline` (the service worker's "new version" prompt),
//! `versions` (named versions in browser storage), `review` ("Compare with…": the diff
//! overlay on the canvas), `review_panel` (the Versions panel: versions, differences, deltas),
//! `findings_link` (findings ↔ diagram: select and frame, badge lists, the suppress dialog),
//! `placing` (where a drop or paste lands; the drop target highlighted while dragging).

// The crate's own unit tests (canvas, canvas_cells) are wasm-bindgen tests: `scripts/test.sh`
// runs the web crate only for wasm, where a plain `#[test]` is never run ("no tests to run").
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod action_queue;
mod actions;
mod analysis;
mod analysis_worker;
mod app;
mod autosave;
mod canvas;
mod canvas_cells;
mod canvas_follow;
mod chart;
mod compare_panel;
mod cost_panel;
mod designs;
pub mod files;
mod file_code;
mod findings;
mod findings_link;
mod focus_trap;
mod list_focus;
mod idle;
mod placing;
pub mod geometry;
pub mod iac;
mod inspector;
mod keyboard;
mod latency_panel;
mod minimap;
mod offline;
mod on_demand;
mod palette;
mod paste_code;
mod tidy_code;
mod present;
mod report_view;
mod review;
mod review_panel;
mod scenario_panel;
mod share;
mod sidepanel;
pub mod state;
mod storage;
mod tabs;
mod toast;
mod totals_bar;
mod versions;
mod worker_wire;
mod traffic_editor;
mod panel_size;
mod gallery;

pub use app::App;

/// Mounts the app on `<body>`. Called once by `main` when the wasm module starts.
pub fn start() {
    console_error_panic_hook::set_once();
    // When the wasm has started (a User Timing mark the start-up benchmark reads).
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("start-up main");
    }
    leptos::mount::mount_to_body(App);
}
