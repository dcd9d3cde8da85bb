//! Model files: Save (download .safetensors), Load (file picker), and the last model kept in the browser's
//! storage (base64 in localStorage, with the class names it was trained for) and restored on reload.

use crate::i18n::{num, text, Text};
use crate::{tr, tr_text};
use std::rc::Rc;

use base64::Engine;

use super::data::fits;
use super::dom::{self, error, set_text_tr, set_value, status_tr};
use super::state::{Current, Fresh, Shared};
use super::{builder, evaluation, learned, model_form, training, update};
use crate::config::DataChoice;
use crate::controls::Activity;
use crate::export::{pytorch_script, TestSet};
use crate::model::{self, ModelInfo};
use crate::nn::Module;
use crate::protocol::Weights;
use crate::Device;

const STORED_MODEL: &str = "mnist-playground/last-model";
const STORED_NAME: &str = "mnist-playground/last-model-name";
const STORED_CLASSES: &str = "mnist-playground/last-model-classes";
const PRETRAINED: &str = "data/pretrained.safetensors";
const PRETRAINED_NAME: &str = "pretrained.safetensors";

fn file_name(info: &ModelInfo) -> String {
    format!("mnist-{}.safetensors", info.spec.name().replace([':', ','], "-"))
}

/// Save: downloads the current model's weights (the bytes the worker sent: nothing to read back).
pub(super) fn save_model(app: &Shared) {
    let Some(c) = app.borrow().current.clone() else { return };
    let name = file_name(&c.info);
    match dom::download(&name, &c.weights.0) {
        Ok(()) => set_text_tr("file-status", tr_text!("file-saved", name = name, size = num(c.weights.0.len() as f64 / 1000.0, 1))),
        Err(e) => set_text_tr("file-status", tr_text!("file-save-failed", error = e)),
    }
}

/// "Continue in your notebook": the weights and a PyTorch script that rebuilds the model, loads them, and
/// scores it on the test set of the data it was trained on.
pub(super) fn export_notebook(app: &Shared) {
    let (current, data) = {
        let a = app.borrow();
        (a.current.clone(), a.settings.data)
    };
    let Some(c) = current else { return };
    let set = match data {
        DataChoice::ThreeSeven => TestSet::ThreeSeven,
        DataChoice::Fashion => TestSet::Fashion,
        DataChoice::Digits => TestSet::Digits8x8,
        DataChoice::Embedded | DataChoice::Mnist => TestSet::Mnist,
    };
    let name = file_name(&c.info);
    let script_name = name.replace(".safetensors", ".py");
    let result = pytorch_script(&c.info, &name, set).and_then(|script| {
        dom::download(&name, &c.weights.0)?;
        dom::download(&script_name, script.as_bytes())
    });
    match result {
        Ok(()) => set_text_tr("file-status", tr_text!("file-exported", name = name, script = script_name)),
        Err(e) => set_text_tr("file-status", tr_text!("file-export-failed", error = e)),
    }
}

/// Load: the file the learner picked becomes the current model.
pub(super) fn open_model_file(app: Shared, input: web_sys::HtmlInputElement) {
    let Some(files) = input.files() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            let files = dom::read_files(&files).await?;
            let (name, bytes) = files.into_iter().next().ok_or_else(|| tr!("file-none-chosen"))?;
            open_model(&app, &name, &bytes, true).await.map(|_| ())
        }
        .await;
        input.set_value("");
        if let Err(e) = result {
            set_text_tr("file-status", tr_text!("file-load-failed", error = e.as_str()));
            error(&e);
        }
    });
}

/// Loads a weights file as the current model (it must fit the loaded data), shows and scores it.
/// `keep`: also keep it in browser storage. The form shows its model unless it is the pretrained one (whose
/// big CNN would then be what Train trains).
/// Returns its held-out accuracy.
pub(super) async fn open_model(app: &Shared, name: &str, bytes: &[u8], keep: bool) -> Result<f64, String> {
    let data = app.borrow().data.clone().ok_or_else(|| tr!("data-not-loaded"))?;
    let (model, info) = model::load(name, bytes, &Device::Cpu)?;
    fits(&info, &data)?;
    let current = Current { model: Rc::new(model), info: info.clone(), weights: Weights(bytes.to_vec()), names: data.names.clone(), steps: 0 };
    {
        let mut a = app.borrow_mut();
        a.fresh(Fresh::LoadedModel);
        a.current = Some(current.clone());
        if a.activity != Activity::Starting {
            a.activity = Activity::Idle;
        }
    }
    update::send(app, crate::protocol::ToWorker::Stop);
    training::clear_run_views(app);
    if name != PRETRAINED_NAME {
        set_value("activation", info.spec.activation.name());
        set_value("dropout", &info.spec.dropout.to_string());
        builder::show(&info.spec.name(), model_form::summary_updater(app));
        model_form::refresh_summary(app);
    }
    learned::refresh(app).await;
    let accuracy = evaluation::evaluate(app).await?;
    let kept = if keep { store_model(name, bytes, &data.names) } else { text(String::new) };
    let (name, model, params) = (name.to_string(), info.spec.name(), current.model.parameter_count());
    set_text_tr("file-status", text(move || tr!("file-loaded", name = name.as_str(), model = model.as_str(), params = params, kept = kept())));
    update::render_controls(app);
    Ok(accuracy)
}

/// Keeps the current model in browser storage.
pub(super) fn keep_model(app: &Shared) {
    let Some(c) = app.borrow().current.clone() else { return };
    let name = file_name(&c.info);
    let kept = store_model(&name, &c.weights.0, &c.names);
    set_text_tr("file-status", text(move || tr!("file-trained", name = name.as_str(), kept = kept())));
}

/// Keeps a weights file in browser storage; says how that went (the end of a sentence).
fn store_model(name: &str, bytes: &[u8], classes: &[String]) -> Text {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    match dom::store(STORED_MODEL, &encoded).and_then(|_| dom::store(STORED_NAME, name)).and_then(|_| dom::store(STORED_CLASSES, &classes.join("\n"))) {
        Ok(()) => tr_text!("file-stored"),
        Err(e) => {
            dom::forget(STORED_MODEL);
            tr_text!("file-not-stored", size = num(bytes.len() as f64 / 1e6, 1), error = e)
        }
    }
}

/// Brings back the model kept from the last visit, when it was made for the loaded data's classes; else,
/// for MNIST digits, the pretrained CNN (unless the URL says `pretrained=0`).
pub(super) async fn restore_model(app: &Shared) {
    if !restore_kept(app).await {
        open_pretrained(app).await;
    }
}

async fn restore_kept(app: &Shared) -> bool {
    let (Some(text), Some(name), Some(classes)) = (dom::stored(STORED_MODEL), dom::stored(STORED_NAME), dom::stored(STORED_CLASSES)) else { return false };
    if app.borrow().data.as_ref().is_none_or(|d| d.names.join("\n") != classes) {
        return false;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
        dom::forget(STORED_MODEL);
        return false;
    };
    match open_model(app, &name, &bytes, false).await {
        Ok(_) => {
            set_text_tr("file-status", tr_text!("file-restored", name = name.as_str()));
            status_tr(tr_text!("status-restored"));
            true
        }
        Err(e) => {
            set_text_tr("file-status", tr_text!("file-not-restored", error = e));
            false
        }
    }
}

/// The pretrained CNN (`scripts/pretrain.sh`: the CLI on the embedded digits' 8,000 training images), so
/// the sketch pad answers the moment the page opens; scored live on the held-out digits, and labelled.
async fn open_pretrained(app: &Shared) {
    // Only as the page opens (not after a data change: picked files may be anything 28×28).
    let wanted = {
        let a = app.borrow();
        a.activity == Activity::Starting && a.settings.pretrained && a.lesson.is_none() && matches!(a.settings.data, DataChoice::Embedded | DataChoice::Mnist)
    };
    if !wanted {
        return;
    }
    status_tr(tr_text!("status-loading-pretrained"));
    let result = async {
        let bytes = dom::fetch(PRETRAINED, |_, _| {}).await?;
        open_model(app, PRETRAINED_NAME, &bytes, false).await
    }
    .await;
    match result {
        Ok(acc) => {
            let name = app.borrow().current.as_ref().map(|c| c.info.spec.name()).unwrap_or_default();
            set_text_tr("file-status", tr_text!("file-pretrained", name = name, percent = num(acc * 100.0, 1)));
            status_tr(tr_text!("status-pretrained", percent = num(acc * 100.0, 1)));
        }
        Err(e) => set_text_tr("file-status", tr_text!("file-pretrained-failed", error = e)),
    }
}
