//! The file panel: Save, Load (a file picked, read here and handed over as bytes), "Continue in your
//! notebook", the share box and the file line; and the model kept in the browser's storage (base64 in
//! localStorage, with the class names it was made for), which the runtime reads and writes for `update`.

use base64::Engine;
use wasm_bindgen::JsCast;

use super::dispatch::Dispatch;
use super::dom::{self, on, on_click, set_hidden, set_text, set_value};
use crate::page::{KeptModel, Msg, State};

const STORED_MODEL: &str = "mnist-playground/last-model";
const STORED_NAME: &str = "mnist-playground/last-model-name";
const STORED_CLASSES: &str = "mnist-playground/last-model-classes";

pub fn install(d: &Dispatch) -> Result<(), String> {
    on_click("share-button", d.to(|| Msg::Share))?;
    let d = d.clone();
    on("load-model", "change", move |e: web_sys::Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(files) = input.files() else { return };
        let d = d.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let file = dom::read_files(&files).await.and_then(|f| f.into_iter().next().ok_or_else(|| crate::tr!("file-none-chosen")));
            input.set_value("");
            d.send(Msg::ModelFile(file));
        });
    })
}

pub fn render(s: &State) {
    set_text("file-status", &s.file_line.as_ref().map_or_else(String::new, |t| t()));
    if let Some(share) = &s.share {
        set_value("share-out", share);
        set_hidden("share-box", false);
    }
}

/// The model kept from an earlier visit (one that cannot be read is forgotten).
pub fn read_kept() -> Option<KeptModel> {
    let (text, name, classes) = (dom::stored(STORED_MODEL)?, dom::stored(STORED_NAME)?, dom::stored(STORED_CLASSES)?);
    match base64::engine::general_purpose::STANDARD.decode(text) {
        Ok(bytes) => Some(KeptModel { name, bytes, classes }),
        Err(_) => {
            forget_kept();
            None
        }
    }
}

/// Keeps a model in storage (nothing half-kept if it does not fit).
pub fn keep(model: &KeptModel) -> Result<(), String> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(&model.bytes);
    let result = dom::store(STORED_MODEL, &encoded).and_then(|_| dom::store(STORED_NAME, &model.name)).and_then(|_| dom::store(STORED_CLASSES, &model.classes));
    if result.is_err() {
        forget_kept();
    }
    result
}

fn forget_kept() {
    dom::forget(STORED_MODEL);
}

/// Offline use (`www/sw.js`): after one visit the page, its worker, the embedded digits and the pretrained
/// model load with no network. Where service workers are unavailable (file://, private modes) nothing changes.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    if !js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let promise = window.navigator().service_worker().register("sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_2(&"The offline copy could not be set up:".into(), &e);
        }
    });
}
