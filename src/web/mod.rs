//! The browser side (wasm-bindgen; the only code that touches the DOM) and the training worker's entry.
//! Training runs in a dedicated Web Worker (`worker.rs`, the same wasm module). The page's logic is
//! `crate::page` (state, messages, `update`); here `runtime.rs` runs it — a queue of messages, `update`,
//! the effects, and the panels drawn again from the state — and each panel installs listeners that only
//! send messages (`dispatch.rs`) and draws from the state: data, model form (+ builder), training, what
//! the model learned, evaluation, sketch pad, lesson, embedding, files, status. This file only starts
//! things up. All text goes in as text content; nothing user-supplied reaches HTML.

mod bench_page;
mod bench_worker;
mod builder;
mod conv_panel;
mod data;
mod dispatch;
mod dom;
mod embed;
mod engine;
mod evaluation;
mod files;
mod idb;
mod l10n;
mod learned;
mod lesson;
mod map_panel;
mod model_form;
mod own_panel;
mod runtime;
mod sketch_pad;
mod status;
mod training;
mod views;
mod worker;

use wasm_bindgen::prelude::*;

use crate::config::Settings;
use crate::page::state::{Env, State};
use dom::element;

#[wasm_bindgen(start)]
pub fn start() {
    // In the training worker there is no window: `worker_main` (called by worker.js) takes over.
    if web_sys::window().is_none() {
        return;
    }
    console_error_panic_hook::set_once();
    // bench.html has an #out and no app: it runs the benchmark instead.
    if element("status").is_err() && element("out").is_ok() {
        wasm_bindgen_futures::spawn_local(bench_page::run());
        return;
    }
    // A static page of ours (course.html): only its texts, in the URL's language or the browser's.
    if element("status").is_err() {
        let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        l10n::set(l10n::initial(Settings::from_query(&query).0.lang), true);
        return;
    }
    if let Err(e) = open() {
        web_sys::console::error_1(&e.into());
    }
}

/// The playground: its settings from the URL, its language, then the runtime with every panel.
fn open() -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let location = window.location();
    let (settings, problems) = Settings::from_query(&location.search().unwrap_or_default());
    l10n::set(l10n::initial(settings.lang), true);
    let lesson = settings.lesson.as_deref().and_then(crate::lessons::find);
    let env = Env {
        cores: window.navigator().hardware_concurrency() as usize,
        // Chromium's only (and rounded, at most 8): where it is missing the default assumes a small device.
        device_memory_gb: js_sys::Reflect::get(&window.navigator(), &"deviceMemory".into()).ok().and_then(|v| v.as_f64()),
        page: format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default()),
        problems,
    };
    runtime::start(State::new(settings, lesson, env))
}
