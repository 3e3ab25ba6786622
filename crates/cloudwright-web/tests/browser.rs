//! wasm-bindgen tests: run in headless Chromium (scripts/test.sh), against the real DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn app_mounts_and_lists_every_catalog_kind() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().dyn_into().unwrap(), cloudwright_web::App);
    let items = host.query_selector_all(".palette-item").unwrap().length() as usize;
    assert_eq!(items, cloudwright_engine::catalog::KINDS.len());
    assert!(host.query_selector(".canvas").unwrap().is_some());
    drop(handle);
}

use wasm_bindgen::JsCast;
