//! wasm-bindgen tests: run in headless Chromium (scripts/test.sh), against the real DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits (up to 10 s) until `selector` matches something under `host`.
async fn appears(host: &web_sys::Element, selector: &str) -> bool {
    for _ in 0..200 {
        if host.query_selector(selector).ok().flatten().is_some() {
            return true;
        }
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
    false
}

#[wasm_bindgen_test]
async fn app_mounts_and_lists_every_catalog_kind() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().dyn_into().unwrap(), cloudwright_web::App);
    // The shell mounts once storage has said which design to open (asynchronous).
    assert!(appears(&host, ".palette-item").await, "the app did not open");
    let items = host.query_selector_all(".palette-item").unwrap().length() as usize;
    assert_eq!(items, cloudwright_engine::catalog::KINDS.len());
    assert!(host.query_selector(".canvas").unwrap().is_some());
    drop(handle);
}

use wasm_bindgen::JsCast;

/// The app's import accepts exactly the files the CLI accepts: the shared corpus (random
/// values in every field of a design, with each file's verdict; generated and checked by
/// the engine's `tests/fields.rs`, run through the CLI by its `tests/corpus.rs`) through
/// the function the import calls, `files::parse_import`.
#[wasm_bindgen_test]
async fn the_app_import_reaches_the_corpus_verdict_on_every_case() {
    // The app's executor (mounting the app initialises it; this test does not mount it).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let corpus: serde_json::Value = serde_json::from_str(include_str!("../../cloudwright-engine/tests/fixtures/corpus/every-field.json")).unwrap();
    let mut wrong = Vec::new();
    for (i, case) in corpus["cases"].as_array().unwrap().iter().enumerate() {
        let mut doc = corpus["base"].clone();
        for pair in case["set"].as_array().unwrap() {
            let path: Vec<&str> = pair[0].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            let mut cur = &mut doc;
            for k in &path[..path.len() - 1] {
                cur = cur.as_object_mut().unwrap().entry(k.to_string()).or_insert_with(|| serde_json::json!({}));
            }
            cur[*path.last().unwrap()] = pair[1].clone();
        }
        let bytes = serde_json::to_vec_pretty(&doc).unwrap();
        let ok = cloudwright_web::files::parse_import(&bytes).await.is_ok();
        if ok != (case["accept"] == true) {
            wrong.push(format!("case {i}: app {}, corpus {}", ok, case["accept"]));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
    // Not text: bytes that are not UTF-8 are refused, as the CLI refuses them.
    assert!(cloudwright_web::files::parse_import(b"{\"name\": \"\xff\"}").await.is_err());
}
