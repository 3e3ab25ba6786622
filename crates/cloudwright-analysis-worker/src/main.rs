//! Entry point of the analysis worker (Trunk: `<link data-trunk rel="rust" data-type="worker"
//! data-loader-shim …>`; wasm-bindgen's no-modules target, started by the generated
//! `cloudwright-analysis-worker_loader.js`). Wires [`cloudwright_analysis_worker::Worker`] to
//! `onmessage` and says it is ready.
//!
//! Coalescing: a message only applies its change (through the engine session, which brings
//! its analysis up to date) and marks its request as the one to answer; the answer is built
//! from a zero-delay timer, after every message already queued (those that arrived while the
//! previous one was worked on) has been applied, so a burst of edits is answered once, at its
//! newest revision.
//!
//! Each part of the worker's work is a User Timing measure in the worker's timeline
//! (`worker-apply`: the session applies a request's change, the engine; `worker-handed on`,
//! `worker-keyed`, `worker-patched`: the answer; `worker-encode`, `worker-post`), which
//! `scripts/profile-edit.mjs` reads from a Chrome trace (BENCHMARKS.md, "s26-answer").
//!
//! After an answer, in a task of its own, the session is warmed up once per loaded design
//! (`Worker::warm_up`, `worker-warm-up`): the user's first edit then does not pay for the
//! wasm's first runs of the edit paths (BENCHMARKS.md, "s27-edit").

#[cfg(target_arch = "wasm32")]
fn main() {
    use cloudwright_analysis_worker::{decode_request, encode, Reply, Worker};
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = Rc::new(RefCell::new(Worker::new()));
    let scheduled = Rc::new(Cell::new(false));

    // A User Timing measure `worker-<name>` from the previous step (or `start`) to now.
    let step = {
        let perf = scope.performance();
        move |name: &str| {
            if let Some(p) = perf.as_ref() {
                let _ = p.measure_with_start_mark(&format!("worker-{name}"), "worker-step");
                let _ = p.mark("worker-step");
            }
        }
    };
    let start = {
        let perf = scope.performance();
        move || {
            if let Some(p) = perf.as_ref() {
                let _ = p.mark("worker-step");
            }
        }
    };
    // Posts a reply as a transferred ArrayBuffer (no copy).
    let post = {
        let (scope, step) = (scope.clone(), step.clone());
        move |reply: &Reply| {
            let bytes = encode(reply);
            step(&format!("encode {}", bytes.len()));
            let bytes = js_sys::Uint8Array::from(bytes.as_slice());
            let _ = scope.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()));
            step("post");
        }
    };

    // The warm-up (`Worker::warm_up`: an edit and its inverse through the session, once per
    // loaded design), in a task of its own after an answer, so a message that arrived in
    // the meantime is not held up by it when it comes first; it skips itself while a request
    // waits. `worker-warm-up` in the trace.
    let warm = {
        let (worker, step, start) = (worker.clone(), step.clone(), start.clone());
        Closure::<dyn Fn()>::new(move || {
            start();
            if worker.borrow_mut().warm_up() {
                step("warm-up");
            }
        })
    };
    let warm_fn: js_sys::Function = warm.as_ref().unchecked_ref::<js_sys::Function>().clone();
    warm.forget();

    let run = {
        let (worker, scheduled, scope, post, step, start) = (worker.clone(), scheduled.clone(), scope.clone(), post.clone(), step.clone(), start.clone());
        Closure::<dyn Fn()>::new(move || {
            scheduled.set(false);
            let perf = scope.performance();
            let now = move || perf.as_ref().map(|p| p.now()).unwrap_or(0.0);
            start();
            let reply = worker.borrow_mut().run_marked(&now, &step);
            if let Some(reply) = reply {
                post(&reply);
                let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&warm_fn, 0);
            }
        })
    };
    let run_fn: js_sys::Function = run.as_ref().unchecked_ref::<js_sys::Function>().clone();
    run.forget();

    let on_message = {
        let scope2 = scope.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            let perf = scope2.performance();
            let now = move || perf.as_ref().map(|p| p.now()).unwrap_or(0.0);
            start();
            let reply = match decode_request(&text) {
                Ok(req) => worker.borrow_mut().receive(req, &now),
                Err(why) => Some(Reply::NeedDesign { seq: 0, why }),
            };
            step("apply");
            if let Some(reply) = reply {
                post(&reply);
            }
            if worker.borrow().pending() && !scheduled.get() {
                scheduled.set(true);
                let _ = scope2.set_timeout_with_callback_and_timeout_and_arguments_0(&run_fn, 0);
            }
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = js_sys::Uint8Array::from(encode(&Reply::Ready).as_slice());
    let _ = scope.post_message(&JsValue::from(ready));
}

/// Natively there is no worker to serve: the crate's logic is tested through the library.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cloudwright-analysis-worker runs in a browser's Web Worker; natively, test it with `cargo test -p cloudwright-analysis-worker`");
}
