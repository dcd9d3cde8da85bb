//! Model files: Save (download .safetensors), Load (file picker), and the last model kept in the browser's
//! storage (base64 in localStorage, with the class names it was trained for) and restored on reload.

use super::*;

const STORED_MODEL: &str = "mnist-playground/last-model";
const STORED_NAME: &str = "mnist-playground/last-model-name";
const STORED_CLASSES: &str = "mnist-playground/last-model-classes";

pub(super) fn file_name(info: &ModelInfo) -> String {
    format!("mnist-{}.safetensors", info.spec.name().replace([':', ','], "-"))
}

pub(super) fn save_model(app: &Shared) {
    let Some(c) = app.borrow().current.clone() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            let bytes = model::save(&c.model, &c.info).await?;
            dom::download(&file_name(&c.info), &bytes)?;
            Ok::<usize, String>(bytes.len())
        }
        .await;
        match result {
            Ok(n) => set_text("file-status", &format!("Saved {} ({:.1} kB).", file_name(&c.info), n as f64 / 1000.0)),
            Err(e) => set_text("file-status", &format!("Could not save: {e}")),
        }
    });
}

/// Loads a weights file as the current model (it must fit the loaded data), shows and scores it.
pub(super) async fn open_model(app: &Shared, name: &str, bytes: &[u8], keep: bool) -> Result<(), String> {
    if app.borrow().looping {
        return Err("pause or reset the training before loading a model".into());
    }
    let (device, data) = {
        let a = app.borrow();
        (a.device.clone(), a.data.clone().ok_or("the data is not loaded yet")?)
    };
    let (model, info) = model::load(name, bytes, &device)?;
    fits(&info, &data)?;
    let current = Current { model: Rc::new(model), info: info.clone(), names: data.names.clone() };
    {
        let mut a = app.borrow_mut();
        a.generation += 1;
        a.trainer = None;
        a.history = History::default();
        a.current = Some(current.clone());
    }
    clear("epoch-log");
    draw_charts(&app.borrow().history);
    set_value("activation", info.spec.activation.name());
    set_value("dropout", &info.spec.dropout.to_string());
    builder::show(&info.spec.name(), summary_updater(app));
    summary_updater(app)();
    show_model(app, &current).await?;
    evaluate_current(app).await?;
    predict_sketch(app.clone());
    let kept = if keep { store_model(name, bytes, &data.names) } else { String::new() };
    set_text("file-status", &format!("Loaded {name}: {}, {} parameters{kept}", info.spec.name(), current.model.parameter_count()));
    update_buttons(&app.borrow());
    Ok(())
}

/// Keeps the current model in browser storage.
pub(super) async fn keep_model(app: &Shared) {
    let Some(c) = app.borrow().current.clone() else { return };
    let name = file_name(&c.info);
    match model::save(&c.model, &c.info).await {
        Ok(bytes) => set_text("file-status", &format!("Trained {name}{}", store_model(&name, &bytes, &c.names))),
        Err(e) => set_text("file-status", &format!("Could not keep the model in this browser: {e}")),
    }
}

/// Keeps a weights file in browser storage; says how that went (the end of a sentence).
pub(super) fn store_model(name: &str, bytes: &[u8], classes: &[String]) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    match dom::store(STORED_MODEL, &text).and_then(|_| dom::store(STORED_NAME, name)).and_then(|_| dom::store(STORED_CLASSES, &classes.join("\n"))) {
        Ok(()) => "; kept in this browser: a reload brings it back.".into(),
        Err(e) => {
            dom::forget(STORED_MODEL);
            format!("; at {:.1} MB it could not be kept in this browser ({e}): use Save to keep it.", bytes.len() as f64 / 1e6)
        }
    }
}

/// Brings back the model kept from the last visit, when it was made for the loaded data's classes.
pub(super) async fn restore_model(app: &Shared) {
    let (Some(text), Some(name), Some(classes)) = (dom::stored(STORED_MODEL), dom::stored(STORED_NAME), dom::stored(STORED_CLASSES)) else { return };
    if app.borrow().data.as_ref().is_none_or(|d| d.names.join("\n") != classes) {
        return;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
        dom::forget(STORED_MODEL);
        return;
    };
    match open_model(app, &name, &bytes, false).await {
        Ok(()) => {
            set_text("file-status", &format!("Restored {name} from your last visit. Train to replace it, or Reset."));
            status("Restored your last model; it is scored below. Press Train for a new run.");
        }
        Err(e) => set_text("file-status", &format!("The model kept from your last visit was not restored: {e}")),
    }
}
