//! Work the page does when it is idle: after the frames an edit asked for, not before them.
//!
//! `requestIdleCallback` runs a callback once the browser has nothing more urgent (input,
//! a frame to draw); its `timeout` bounds the wait on a page that is never idle. Where there
//! is none (Safari), a short timer stands in.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "
export function cw_when_idle(f, timeout) {
  if (globalThis.requestIdleCallback) requestIdleCallback(f, { timeout }); else setTimeout(f, 50);
}")]
extern "C" {
    fn cw_when_idle(f: &JsValue, timeout: u32);
}

/// Runs `f` once the page is next idle, at most `timeout_ms` ms from now.
pub fn when_idle(timeout_ms: u32, f: impl FnOnce() + 'static) {
    cw_when_idle(&Closure::once_into_js(f), timeout_ms);
}
