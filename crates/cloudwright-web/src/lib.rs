//! The Cloudwright browser app: a thin Leptos (client-side rendered) layer over
//! `cloudwright-engine`. It holds signals and views and calls the engine; it owns no domain
//! logic (see ARCHITECTURE.md).

mod app;

pub use app::App;

/// Mounts the app on `<body>`. Called once by `main` when the wasm module starts.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
