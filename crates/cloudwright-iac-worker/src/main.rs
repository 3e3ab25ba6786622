//! Entry point of the IaC worker (Trunk: `<link data-trunk rel="rust" data-type="worker"
//! data-loader-shim …>`; wasm-bindgen's no-modules target, started by the generated
//! `cloudwright-iac-worker_loader.js`). Wires [`cloudwright_iac_worker::handle`] to
//! `onmessage` and says it is ready.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let request = e.data().as_string().unwrap_or_default();
        let reply = cloudwright_iac_worker::handle(&request);
        let _ = reply_scope.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = cloudwright_iac_worker::Reply { id: 0, outcome: cloudwright_iac_worker::Outcome::Ready };
    let _ = scope.post_message(&JsValue::from_str(&serde_json::to_string(&ready).expect("serializes")));
}

/// Natively there is no worker to serve: the crate's logic is tested through the library.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cloudwright-iac-worker runs in a browser's Web Worker; natively, test it with `cargo test -p cloudwright-iac-worker`");
}
