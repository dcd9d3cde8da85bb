//! The page (wasm-bindgen surface; the only module that touches the DOM) and the training worker's entry.
//! Training runs in a dedicated Web Worker (`worker.rs`, the same wasm module); the page keeps one state
//! (`state.rs`), turns every action, embed command and worker reply into a message for one dispatcher
//! (`update.rs`), and draws its panels from the state: data, model form, training, what the model
//! learned, evaluation, sketch pad, lesson, embedding, files. This file only starts things up.
//! All text goes in as text content; nothing user-supplied reaches HTML.

mod bench;
mod builder;
mod data;
mod dom;
mod embed;
mod engine;
mod evaluation;
mod files;
mod l10n;
mod learned;
mod lesson;
mod model_form;
mod sketch_pad;
mod state;
mod training;
mod update;
mod views;
mod worker;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::{DataChoice, Settings};
use crate::controls::Activity;
use crate::lessons::Live;
use dom::{element, error, get_value, on, on_click, set_value};
use state::{App, Shared};
use update::{update, Msg};
use crate::tr;

#[wasm_bindgen(start)]
pub fn start() {
    // In the training worker there is no window: `worker_main` (called by worker.js) takes over.
    if web_sys::window().is_none() {
        return;
    }
    console_error_panic_hook::set_once();
    // bench.html has an #out and no app: it runs the benchmark instead.
    if element("status").is_err() && element("out").is_ok() {
        wasm_bindgen_futures::spawn_local(bench::run());
        return;
    }
    // A static page of ours (course.html): only its texts, in the URL's language or the browser's.
    if element("status").is_err() {
        let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        l10n::set(l10n::initial(Settings::from_query(&query).0.lang), true);
        return;
    }
    register_service_worker();
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = run().await {
            error(&e);
        }
    });
}

/// Offline use (`www/sw.js`): after one visit the page, its worker, the embedded digits and the pretrained
/// model load with no network. Where service workers are unavailable (file://, private modes) nothing changes.
fn register_service_worker() {
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

async fn run() -> Result<(), String> {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (settings, problems) = Settings::from_query(&query);
    l10n::set(l10n::initial(settings.lang), true);
    if !problems.is_empty() {
        dom::notice(&tr!("notice-url", problems = problems.join("; ")));
    }
    embed::apply_layout(&settings);
    set_value("backend-choice", settings.backend.name());
    // Another backend means another device for everything: the page reloads with it in the URL.
    on("backend-choice", "change", |_: web_sys::Event| {
        let Some(location) = web_sys::window().map(|w| w.location()) else { return };
        let search = location.search().unwrap_or_default();
        let Ok(q) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
        q.set("backend", &get_value("backend-choice"));
        let _ = location.set_search(&String::from(q.to_string()));
    })?;
    let lesson = settings.lesson.as_deref().and_then(crate::lessons::find);
    if let Some(l) = lesson {
        lesson::show_panel(l)?;
    }
    let (autostart, choice) = (settings.autostart, settings.data);
    let app: Shared = Rc::new(RefCell::new(App::new(settings.clone(), lesson)));
    install(&app)?;
    l10n::install_menu({
        let app = app.clone();
        move |lang| update(&app, Msg::Language(lang))
    });
    embed::listen_for_commands(&app);
    model_form::show(&app, &settings);
    update::render_controls(&app);
    training::draw_charts(&app.borrow().history);
    update::connect(&app).await?;
    data::load_data(&app, choice, !autostart && lesson.is_none()).await?;
    app.borrow_mut().activity = Activity::Idle;
    update::render_controls(&app);
    model_form::refresh_summary(&app);
    if let Some(l) = lesson {
        lesson::start(&app, l).await?;
    }
    let gpu = if app.borrow().gpu { 1.0 } else { 0.0 };
    embed::post(&app, "ready", &[("webgpu", gpu)]);
    if autostart {
        match lesson.map(|l| l.live) {
            Some(Live::Compare(runs)) => update(&app, Msg::Compare(runs)),
            _ => update(&app, Msg::Train),
        }
    }
    Ok(())
}

/// Wires every control to its message.
fn install(app: &Shared) -> Result<(), String> {
    model_form::install(app)?;
    let msg = |app: &Shared, make: fn() -> Msg| {
        let app = app.clone();
        move || update(&app, make())
    };
    on_click("train-button", msg(app, || Msg::Train))?;
    on_click("pause-button", msg(app, || Msg::PauseOrResume))?;
    on_click("step-button", msg(app, || Msg::Step))?;
    on_click("reset-button", msg(app, || Msg::Reset))?;
    on_click("carry-on-button", msg(app, || Msg::CarryOn))?;
    on_click("save-model", msg(app, || Msg::Save))?;
    on_click("share-button", msg(app, || Msg::Share))?;
    on_click("notebook-button", msg(app, || Msg::Notebook))?;
    on("data", "change", {
        let app = app.clone();
        move |_: web_sys::Event| {
            if let Ok(choice) = DataChoice::parse(&get_value("data")) {
                update(&app, Msg::ChooseData(choice));
            }
        }
    })?;
    on("data-files", "change", {
        let app = app.clone();
        move |e: web_sys::Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            if let Some(files) = input.as_ref().and_then(|i| i.files()) {
                update(&app, Msg::OpenDataFiles(files));
            }
        }
    })?;
    let section = element("data-section")?;
    for (event, over) in [("dragover", true), ("dragenter", true), ("dragleave", false)] {
        let s = section.clone();
        dom::listen(&section, event, move |e: web_sys::DragEvent| {
            e.prevent_default();
            let _ = s.set_attribute("class", if over { "drop" } else { "" });
        });
    }
    dom::listen(&section.clone(), "drop", {
        let app = app.clone();
        move |e: web_sys::DragEvent| {
            e.prevent_default();
            let _ = section.set_attribute("class", "");
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                update(&app, Msg::OpenDataFiles(files));
            }
        }
    });
    on("load-model", "change", {
        let app = app.clone();
        move |e: web_sys::Event| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                update(&app, Msg::OpenModel(input));
            }
        }
    })?;
    sketch_pad::install(Rc::new({
        let app = app.clone();
        move || update(&app, Msg::SketchChanged)
    }))
}
