//! The wasm-bindgen surface: the only module that touches the DOM. The page reads its settings from the
//! URL (validated by `config`), loads the chosen digits with a progress bar, builds the model the form
//! describes, trains it with the shared `Trainer` — a few steps per turn of the event loop, so the page
//! stays responsive and Pause, Step and Reset take effect between steps — and shows live charts, what the
//! model learned, held-out accuracy with a clickable confusion matrix and the misclassified digits, and a
//! sketch pad that runs the model on a drawing. Models can be saved, loaded, and survive a reload.
//! All text goes in as text content; nothing user-supplied reaches HTML.

mod bench;
mod builder;
mod data;
mod dom;
mod embed;
mod files;
mod lesson;
mod sketch_pad;
mod views;

use std::cell::RefCell;
use std::rc::Rc;

use base64::Engine;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::{DataChoice, Settings};
use crate::data::{Dataset, DIGITS_8X8, EMBEDDED_IMAGES, EMBEDDED_LABELS, FASHION_CLASSES};
use crate::lessons::{Lesson, Live};
use crate::model::{self, ModelInfo, ModelSpec};
use crate::nn::{Module, Sequential};
use crate::clock::now_ms;
use crate::eval::{class_patterns, predict, predict_pixels, DeviceData, Metrics};
use crate::train::{Event, Trainer};
use crate::Device;
use dom::{clear, element, get_value, on, on_click, set_disabled, set_hidden, set_progress, set_text, set_value};
use data::{fits, load_data, open_data_files};
use files::{keep_model, open_model, restore_model, save_model};
use views::Series;

/// Weight views refresh at most this often while training (each is a small device round trip).
const VIEWS_EVERY_MS: f64 = 2000.0;
/// Training gives the browser a turn at least this often (the CPU backend runs steps on this thread).
const SLICE_MS: f64 = 30.0;

/// The loaded data: the training part and the held-out part the page evaluates on.
struct Loaded {
    label: String,
    train: Rc<Dataset>,
    test: Rc<Dataset>,
    names: Vec<String>,
    /// The average training image (pixels in [0, 1]): where the class patterns are taken.
    mean_image: Vec<f32>,
}

/// The model the views show: the one training (shared with the trainer), trained, or loaded.
#[derive(Clone)]
struct Current {
    model: Rc<Sequential>,
    info: ModelInfo,
    /// The class names of the data it was trained or loaded on: it is kept across data changes only
    /// when they match (an MNIST model is not scored on Fashion-MNIST).
    names: Vec<String>,
}

#[derive(Default)]
struct History {
    /// (epoch position, smoothed step loss, smoothed step accuracy).
    steps: Vec<(f64, f64, f64)>,
    /// (epoch, train, held-out).
    epochs: Vec<(usize, Metrics, Option<Metrics>)>,
    epochs_total: usize,
}

struct Evaluation {
    probs: Vec<f32>,
    matrix: Vec<usize>,
}

struct App {
    device: Device,
    settings: Settings,
    lesson: Option<&'static Lesson>,
    data: Option<Rc<Loaded>>,
    /// The run in progress; None while the loop holds it (during a step) or when there is none.
    trainer: Option<Trainer>,
    current: Option<Current>,
    history: History,
    evaluation: Option<Evaluation>,
    paused: bool,
    looping: bool,
    /// Bumped by Reset and by each new run: a loop or a load from before it stops touching the page.
    generation: u64,
    views_ms: f64,
    chart_ms: f64,
    sketch_busy: bool,
    sketch_dirty: bool,
}

type Shared = Rc<RefCell<App>>;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    // bench.html has an #out and no app: it runs the benchmark instead.
    if element("status").is_err() && element("out").is_ok() {
        wasm_bindgen_futures::spawn_local(bench::run());
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = run().await {
            error(&e);
        }
    });
}

fn error(message: &str) {
    set_text("status", &format!("Error: {message}"));
    let _ = element("status").map(|e| e.set_attribute("class", "status error"));
}

fn status(message: &str) {
    set_text("status", message);
    let _ = element("status").map(|e| e.set_attribute("class", "status"));
}

async fn run() -> Result<(), String> {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (settings, problems) = Settings::from_query(&query);
    if !problems.is_empty() {
        set_text("url-notice", &format!("Some URL settings were not used: {}", problems.join("; ")));
        set_hidden("url-notice", false);
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
    let (device, backend_text) = crate::backend::choose(settings.backend).await;
    set_text("backend", &backend_text);
    let autostart = settings.autostart;
    let choice = settings.data;
    let app: Shared = Rc::new(RefCell::new(App {
        device,
        settings,
        lesson,
        data: None,
        trainer: None,
        current: None,
        history: History::default(),
        evaluation: None,
        paused: false,
        looping: false,
        generation: 0,
        views_ms: 0.0,
        chart_ms: 0.0,
        sketch_busy: false,
        sketch_dirty: false,
    }));
    install(&app)?;
    embed::listen_for_commands(&app);
    embed::install_share(&app)?;
    show_settings(&app.borrow().settings);
    let summary = summary_updater(&app);
    builder::show(&app.borrow().settings.model, summary.clone());
    update_buttons(&app.borrow());
    draw_charts(&app.borrow().history);
    load_data(&app, choice, !autostart && lesson.is_none()).await?;
    summary();
    if let Some(l) = lesson {
        lesson::start(&app, l).await?;
    }
    let backend = if app.borrow().device.is_gpu() { 1.0 } else { 0.0 };
    embed::post(&app, "ready", &[("webgpu", backend)]);
    if autostart {
        match lesson.map(|l| l.live) {
            Some(Live::Compare(runs)) => lesson::compare(&app, runs).await?,
            _ => start_training(app, false),
        }
    }
    Ok(())
}

/// Wires every control.
fn install(app: &Shared) -> Result<(), String> {
    let summary = summary_updater(app);
    builder::install(summary.clone())?;
    for id in ["activation", "dropout", "loss", "batch"] {
        let s = summary.clone();
        on(id, "change", move |_: web_sys::Event| s())?;
    }
    // A new optimizer brings its usual learning rate.
    on("optimizer", "change", |_: web_sys::Event| {
        if let Ok(k) = crate::optim::OptimizerKind::parse(&get_value("optimizer")) {
            set_value("lr", &k.default_lr().to_string());
        }
    })?;
    on("data", "change", {
        let app = app.clone();
        move |_: web_sys::Event| {
            let Ok(choice) = DataChoice::parse(&get_value("data")) else { return };
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = load_data(&app, choice, true).await {
                    error(&e);
                }
                summary_updater(&app)();
            });
        }
    })?;
    on("data-files", "change", {
        let app = app.clone();
        move |e: web_sys::Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            if let Some(files) = input.as_ref().and_then(|i| i.files()) {
                open_data_files(app.clone(), files);
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
                open_data_files(app.clone(), files);
            }
        }
    });
    on_click("train-button", {
        let app = app.clone();
        move || start_training(app.clone(), false)
    })?;
    on_click("pause-button", {
        let app = app.clone();
        move || {
            let resume = {
                let mut a = app.borrow_mut();
                if a.looping {
                    a.paused = true;
                    set_text("pause-button", "Resume");
                    false
                } else {
                    a.trainer.as_ref().is_some_and(|t| !t.is_done())
                }
            };
            if resume {
                app.borrow_mut().paused = false;
                spawn_loop(app.clone());
            }
        }
    })?;
    on_click("step-button", {
        let app = app.clone();
        move || start_training(app.clone(), true)
    })?;
    on_click("reset-button", {
        let app = app.clone();
        move || reset(&app, "Reset: the model and charts are cleared. Press Train for a new run.")
    })?;
    on_click("save-model", {
        let app = app.clone();
        move || save_model(&app)
    })?;
    on("load-model", "change", {
        let app = app.clone();
        move |e: web_sys::Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            let Some(input) = input else { return };
            let Some(files) = input.files() else { return };
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = async {
                    let files = dom::read_files(&files).await?;
                    let (name, bytes) = files.into_iter().next().ok_or("no file chosen")?;
                    open_model(&app, &name, &bytes, true).await
                }
                .await;
                input.set_value("");
                if let Err(e) = result {
                    set_text("file-status", &format!("Could not load the model: {e}"));
                    error(&e);
                }
            });
        }
    })?;
    sketch_pad::install(Rc::new({
        let app = app.clone();
        move || predict_sketch(app.clone())
    }))
}

// ---- training --------------------------------------------------------------------------------------

/// Train (and Step once): a new run from the form's settings, or — for Step with a run in progress —
/// one more step of it.
fn start_training(app: Shared, one_step: bool) {
    if app.borrow().looping {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let continuing = one_step && app.borrow().trainer.as_ref().is_some_and(|t| !t.is_done());
        if !continuing {
            if let Err(e) = new_run(&app) {
                error(&e);
                return;
            }
        }
        app.borrow_mut().paused = one_step;
        if one_step {
            step_once(&app).await;
        } else {
            set_text("pause-button", "Pause");
            spawn_loop(app);
        }
    });
}

/// Reads the form, builds the model and its trainer, and clears the previous run's views.
fn new_run(app: &Shared) -> Result<(), String> {
    let settings = read_settings(&app.borrow().settings)?;
    let (device, data) = {
        let a = app.borrow();
        (a.device.clone(), a.data.clone().ok_or("the data is not loaded yet")?)
    };
    let trainer = trainer_for(&settings, &data, &device, 5)?;
    let current = Current { model: trainer.model.clone(), info: trainer.info.clone(), names: data.names.clone() };
    {
        let mut a = app.borrow_mut();
        a.generation += 1;
        a.settings = settings;
        a.trainer = Some(trainer);
        a.current = Some(current);
        a.history = History { epochs_total: a.settings.epochs, ..History::default() };
        a.evaluation = None;
        a.views_ms = 0.0;
    }
    clear_evaluation();
    clear("epoch-log");
    draw_charts(&app.borrow().history);
    set_progress("epoch-progress", Some(0.0));
    set_text("speed", "");
    Ok(())
}

/// A Trainer for `s` on the loaded data, validating on its held-out part.
fn trainer_for(s: &Settings, data: &Loaded, device: &Device, report_every: usize) -> Result<Trainer, String> {
    s.trainer(&data.train, Some(&data.test), device, report_every)
}

/// Runs training until it ends or is paused, giving the browser a turn every few milliseconds.
fn spawn_loop(app: Shared) {
    let generation = {
        let mut a = app.borrow_mut();
        if a.looping || a.trainer.is_none() {
            return;
        }
        a.looping = true;
        a.paused = false;
        a.generation
    };
    update_buttons(&app.borrow());
    status("Training…");
    wasm_bindgen_futures::spawn_local(async move {
        let steps = if app.borrow().device.is_gpu() { usize::MAX } else { 1 };
        let mut slice_start = now_ms();
        loop {
            if app.borrow().paused {
                status("Paused. Press Resume to go on, or Step once.");
                break;
            }
            let Some(mut trainer) = app.borrow_mut().trainer.take() else { break };
            let result = trainer.advance(steps).await;
            if app.borrow().generation != generation {
                break; // reset or replaced meanwhile: this run is dropped
            }
            let done = trainer.is_done();
            if let Err(e) = &result {
                if trainer.device().is_lost() {
                    recover_from_device_loss(&app, trainer, e).await;
                    break;
                }
            }
            app.borrow_mut().trainer = Some(trainer);
            match result {
                Ok(events) => handle_events(&app, &events).await,
                Err(e) => {
                    error(&format!("{e}; the last good weights are kept"));
                    break;
                }
            }
            if done {
                app.borrow_mut().looping = false;
                finish_run(&app).await;
                break;
            }
            if now_ms() - slice_start > SLICE_MS {
                dom::yield_to_browser().await;
                slice_start = now_ms();
            }
        }
        if app.borrow().generation == generation {
            app.borrow_mut().looping = false;
            update_buttons(&app.borrow());
        }
    });
}

/// The GPU device was lost: a new GPU device if the browser gives one, else the CPU, and the run goes on
/// from the weights kept on the host at the last epoch end (paused, so the learner sees what happened).
async fn recover_from_device_loss(app: &Shared, trainer: Trainer, e: &str) {
    let data = app.borrow().data.clone();
    let Some(data) = data else { return };
    let (device, backend) = match Device::gpu().await {
        Ok(d) => (d.clone(), crate::backend::label(&d)),
        Err(_) => (Device::Cpu, "CPU — the GPU device was lost".to_string()),
    };
    let from = trainer.snapshot_epoch().unwrap_or(0);
    match trainer.resume_on(&device, &data.train, Some(&data.test)) {
        Ok(t) => {
            set_text("backend", &backend);
            let current = Current { model: t.model.clone(), info: t.info.clone(), names: data.names.clone() };
            let mut a = app.borrow_mut();
            a.device = device;
            a.trainer = Some(t);
            a.current = Some(current);
            a.paused = true;
            drop(a);
            error(&format!("{e}. Training moved to {} and continues from the weights after epoch {from}: press Resume.", if app.borrow().device.is_gpu() { "a new GPU device" } else { "the CPU" }));
            set_text("pause-button", "Resume");
        }
        Err(e2) => error(&format!("{e}; and it could not continue elsewhere: {e2}")),
    }
}

/// One step of the current run, reported at once.
async fn step_once(app: &Shared) {
    let Some(mut trainer) = app.borrow_mut().trainer.take() else { return };
    app.borrow_mut().looping = true;
    update_buttons(&app.borrow());
    let mut result = trainer.advance(1).await;
    if matches!(&result, Ok(e) if e.is_empty()) {
        result = trainer.report_now().await;
    }
    let done = trainer.is_done();
    {
        let mut a = app.borrow_mut();
        a.trainer = Some(trainer);
        a.looping = false;
        a.views_ms = 0.0;
    }
    match result {
        Ok(events) => {
            handle_events(app, &events).await;
            refresh_views(app).await;
            if done {
                finish_run(app).await;
            } else {
                status("Stepped once. Step again, or Resume to train on.");
                set_text("pause-button", "Resume");
            }
        }
        Err(e) => error(&e),
    }
    update_buttons(&app.borrow());
}

/// Charts, progress and logs for a batch of trainer events; weight views now and then.
async fn handle_events(app: &Shared, events: &[Event]) {
    let mut redraw = false;
    for event in events {
        match event {
            Event::Progress { epoch, step, steps, loss, accuracy, samples_per_s } => {
                let mut a = app.borrow_mut();
                let x = (*epoch - 1) as f64 + *step as f64 / *steps as f64;
                let h = &mut a.history;
                let (l, acc) = match h.steps.last() {
                    Some(&(_, l, acc)) => (0.8 * l + 0.2 * *loss as f64, 0.8 * acc + 0.2 * *accuracy as f64),
                    None => (*loss as f64, *accuracy as f64),
                };
                h.steps.push((x, l, acc));
                set_progress("epoch-progress", Some(*step as f64 / *steps as f64));
                set_text("speed", &format!("epoch {epoch} of {}, step {step} of {steps} · loss {loss:.4} · {samples_per_s:.0} samples/s", h.epochs_total));
                redraw = true;
            }
            Event::Epoch { epoch, train, val, seconds } => {
                let v = val.map_or(String::new(), |v| format!("; held-out loss {:.4}, accuracy {:.4}", v.loss, v.accuracy));
                if let (Ok(log), Ok(li)) = (element("epoch-log"), dom::create("li", &format!("epoch {epoch}: train loss {:.4}, accuracy {:.4}{v} ({seconds:.1} s)", train.loss, train.accuracy))) {
                    dom::append(&log, &li);
                }
                let v = val.unwrap_or(Metrics { loss: f32::NAN, accuracy: f32::NAN, count: 0 });
                embed::post(app, "epoch", &[("epoch", *epoch as f64), ("train_loss", train.loss as f64), ("train_accuracy", train.accuracy as f64), ("val_loss", v.loss as f64), ("val_accuracy", v.accuracy as f64)]);
                let mut a = app.borrow_mut();
                a.history.epochs.push((*epoch, *train, *val));
                a.chart_ms = 0.0;
                a.views_ms = 0.0;
                redraw = true;
            }
            Event::Diverged { message, .. } => {
                error(message);
                app.borrow_mut().views_ms = 0.0;
            }
            Event::Done => {}
        }
    }
    let now = now_ms();
    if redraw && now - app.borrow().chart_ms > 250.0 {
        app.borrow_mut().chart_ms = now;
        draw_charts(&app.borrow().history);
    }
    if now - app.borrow().views_ms > VIEWS_EVERY_MS {
        refresh_views(app).await;
    }
}

async fn refresh_views(app: &Shared) {
    app.borrow_mut().views_ms = now_ms();
    let current = app.borrow().current.clone();
    if let Some(c) = current {
        if let Err(e) = show_model(app, &c).await {
            error(&e);
        }
    }
    predict_sketch(app.clone());
}

async fn finish_run(app: &Shared) {
    draw_charts(&app.borrow().history);
    set_progress("epoch-progress", Some(1.0));
    refresh_views(app).await;
    let stopped_early = app.borrow().trainer.as_ref().is_some_and(|t| t.position().0 < t.config.epochs);
    let accuracy = match evaluate_current(app).await {
        Ok(a) => a,
        Err(e) => {
            error(&e);
            return;
        }
    };
    embed::post(app, "done", &[("accuracy", accuracy)]);
    if app.borrow().lesson.is_some_and(|l| l.live == Live::Train) {
        lesson::set_result(app, accuracy);
    }
    keep_model(app).await;
    if stopped_early {
        // The divergence message stays in the status line; the accuracy is that of the restored weights.
        let _ = element("status").map(|e| e.set_attribute("class", "status error"));
    }
    update_buttons(&app.borrow());
}

fn reset(app: &Shared, message: &str) {
    {
        let mut a = app.borrow_mut();
        a.generation += 1;
        a.trainer = None;
        a.current = None;
        a.looping = false;
        a.paused = false;
        a.history = History::default();
        a.evaluation = None;
    }
    clear_evaluation();
    clear_model_views();
    clear("epoch-log");
    draw_charts(&app.borrow().history);
    set_progress("epoch-progress", Some(0.0));
    set_text("speed", "");
    set_text("pause-button", "Pause");
    update_buttons(&app.borrow());
    predict_sketch(app.clone());
    status(message);
}

fn update_buttons(a: &App) {
    let resumable = a.trainer.as_ref().is_some_and(|t| !t.is_done());
    set_disabled("train-button", a.looping || a.data.is_none());
    set_disabled("pause-button", !a.looping && !resumable);
    set_disabled("step-button", a.looping || a.data.is_none());
    set_disabled("save-model", a.current.is_none() || a.looping);
    if !a.looping && !resumable {
        set_text("pause-button", "Pause");
    }
}

// ---- views -----------------------------------------------------------------------------------------

fn draw_charts(h: &History) {
    let x_max = (h.epochs_total.max(1)) as f64;
    let step_loss: Vec<(f64, f64)> = h.steps.iter().map(|s| (s.0, s.1)).collect();
    let step_acc: Vec<(f64, f64)> = h.steps.iter().map(|s| (s.0, s.2)).collect();
    let epoch = |f: &dyn Fn(&Metrics) -> f32, val: bool| -> Vec<(f64, f64)> {
        h.epochs.iter().filter_map(|(e, t, v)| if val { v.as_ref() } else { Some(t) }.map(|m| (*e as f64, f(m) as f64))).collect()
    };
    let (tl, vl) = (epoch(&|m| m.loss, false), epoch(&|m| m.loss, true));
    let (ta, va) = (epoch(&|m| m.accuracy, false), epoch(&|m| m.accuracy, true));
    fn series<'a>(step: &'a [(f64, f64)], t: &'a [(f64, f64)], v: &'a [(f64, f64)]) -> Vec<Series<'a>> {
        vec![
            Series { points: step, colour: "#9aa5b1", width: 1.5, dots: false },
            Series { points: t, colour: "#1a5fb4", width: 2.0, dots: true },
            Series { points: v, colour: "#e66100", width: 2.0, dots: true },
        ]
    }
    views::draw_chart("loss-chart", &series(&step_loss, &tl, &vl), x_max, "epoch", None);
    views::draw_chart("acc-chart", &series(&step_acc, &ta, &va), x_max, "epoch", Some((0.0, 1.0)));
}

/// What the model learned: each class's pattern (its weights for the linear model, the score's gradient
/// at the average image otherwise), an MLP's first-layer units, a CNN's filters and a digit's feature maps.
async fn show_model(app: &Shared, c: &Current) -> Result<(), String> {
    let (device, data) = {
        let a = app.borrow();
        (a.device.clone(), a.data.clone().ok_or("no data")?)
    };
    let info = &c.info;
    let names = class_names_for(&data, info);
    let patterns = class_patterns(&c.model, info, &data.mean_image, &device).await?;
    let linear = matches!(&info.spec.arch, crate::model::Arch::Linear) || matches!(&info.spec.arch, crate::model::Arch::Logistic(h) if h.is_empty());
    let help = if linear {
        "Each class's weights, one per pixel: red pixels raise that class's score when inked, blue ones lower it."
    } else {
        "For each class, the input change that most raises its score at the average training image (the gradient of the score): red = more ink there helps, blue = hurts."
    };
    views::draw_class_patterns(&patterns, info.rows, info.cols, &names, help)?;
    let params = c.model.named_parameters();
    match &info.spec.arch {
        crate::model::Arch::Mlp(_) | crate::model::Arch::Logistic(_) if !linear => {
            let w = &params[0].1;
            let values = w.to_vec().await?;
            let shown = w.shape()[0].min(32);
            let title = format!("First hidden layer: the weights of {shown} of its {} units (each scaled to its own range)", w.shape()[0]);
            views::draw_units("units-panel", "unit", Some((&title, &values, shown, info.rows, info.cols)))?;
            views::draw_units("maps-panel", "", None)?;
        }
        crate::model::Arch::Cnn { .. } => {
            let (_, w) = params.iter().find(|(n, t)| n.ends_with("weight") && t.rank() == 4).ok_or("no conv layer")?;
            let values = w.to_vec().await?;
            let s = w.shape().to_vec();
            let title = format!("First convolution: its {} filters ({}×{})", s[0], s[2], s[3]);
            views::draw_units("units-panel", "filter", Some((&title, &values, s[0], s[2], s[3])))?;
            show_feature_maps(c, &data, &device).await?;
        }
        _ => {
            views::draw_units("units-panel", "", None)?;
            views::draw_units("maps-panel", "", None)?;
        }
    }
    Ok(())
}

/// The first held-out digit and what each convolution (after its activation) makes of it.
async fn show_feature_maps(c: &Current, data: &Loaded, device: &Device) -> Result<(), String> {
    let pixels = data.test.image_f32(0);
    let x = crate::Tensor::from_vec(c.info.normalize(&pixels), &[1, pixels.len()], device);
    let acts = crate::eval::inference(&c.model, || c.model.activations(&x));
    set_hidden("maps-h", false);
    set_text("maps-h", &format!("Feature maps of a held-out {} after each convolution and its activation", data.names[data.test.labels[0] as usize]));
    let panel = element("maps-panel")?;
    panel.set_text_content(None);
    dom::append(&panel, &dom::figure(&views::grey_rgba(pixels.iter().copied()), c.info.cols, c.info.rows, "input", "the input digit")?);
    let mut conv = 0;
    for (i, layer) in c.model.layers.iter().enumerate() {
        if layer.describe().starts_with("Conv2d") {
            if let Some(a) = acts.get(i + 1).filter(|a| a.rank() == 4) {
                let s = a.shape().to_vec();
                conv += 1;
                let caption = dom::create("p", &format!("conv {conv}: {} maps of {}×{}", s[1], s[2], s[3]))?;
                let _ = caption.set_attribute("class", "group");
                dom::append(&panel, &caption);
                views::draw_maps(&panel, &a.to_vec().await?, s[2], s[3], &format!("map of conv layer {i}"))?;
            }
        }
    }
    Ok(())
}

fn class_names_for(data: &Loaded, info: &ModelInfo) -> Vec<String> {
    if data.names.len() == info.classes {
        data.names.clone()
    } else {
        (0..info.classes).map(|c| c.to_string()).collect()
    }
}

fn clear_model_views() {
    for id in ["weights-panel", "units-panel", "maps-panel"] {
        clear(id);
    }
    set_hidden("units-h", true);
    set_hidden("maps-h", true);
    set_text("weights-help", "Train a model to see its weights.");
    set_text("weights-scale", "");
}

fn clear_evaluation() {
    set_text("test-accuracy", "–");
    clear("confusion-matrix");
    clear("misclassified");
    set_text("gallery-h", "Misclassified digits");
}

/// Scores the current model on the held-out digits: accuracy, confusion matrix, misclassified gallery.
async fn evaluate_current(app: &Shared) -> Result<f64, String> {
    let (device, data, c) = {
        let a = app.borrow();
        (a.device.clone(), a.data.clone().ok_or("no data")?, a.current.clone().ok_or("no model")?)
    };
    let k = c.info.classes;
    let probs = predict(&c.model, &DeviceData::new(&data.test, &c.info, &device)?, k, crate::eval::EVAL_BATCH).await?;
    let mut matrix = vec![0usize; k * k];
    for (row, &label) in probs.chunks(k).zip(&data.test.labels) {
        matrix[label as usize * k + views::argmax(row)] += 1;
    }
    let correct: usize = (0..k).map(|i| matrix[i * k + i]).sum();
    let acc = correct as f64 / data.test.len().max(1) as f64;
    set_text("test-accuracy", &format!("{acc:.4}"));
    if !element("status").is_ok_and(|e| e.class_name().contains("error")) {
        status(&format!("Done: {correct} of {} held-out test digits right ({:.2}%). Draw a digit below to try the model.", data.test.len(), acc * 100.0));
    }
    app.borrow_mut().evaluation = Some(Evaluation { probs, matrix });
    show_cell(app, None)?;
    Ok(acc)
}

/// Redraws the confusion matrix (with `cell` selected) and the gallery for that cell (all mistakes for None).
fn show_cell(app: &Shared, cell: Option<(usize, usize)>) -> Result<(), String> {
    let a = app.borrow();
    let (Some(e), Some(data), Some(c)) = (&a.evaluation, &a.data, &a.current) else { return Ok(()) };
    let names = class_names_for(data, &c.info);
    let pick: Rc<dyn Fn(usize, usize)> = Rc::new({
        let app = app.clone();
        move |t, p| {
            if let Err(e) = show_cell(&app, Some((t, p))) {
                error(&e);
            }
        }
    });
    views::draw_confusion(&e.matrix, &names, cell, pick)?;
    views::draw_gallery(&data.test, &e.probs, &names, cell)
}

/// Runs the model on the drawing (coalescing bursts of pointer events: one prediction at a time).
fn predict_sketch(app: Shared) {
    {
        let mut a = app.borrow_mut();
        if a.sketch_busy {
            a.sketch_dirty = true;
            return;
        }
        a.sketch_busy = true;
    }
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            app.borrow_mut().sketch_dirty = false;
            let input = sketch_pad::input();
            let (device, current, data) = {
                let a = app.borrow();
                (a.device.clone(), a.current.clone(), a.data.clone())
            };
            match (input, current, data) {
                (None, ..) => {
                    set_text("prediction", "–");
                    clear("sketch-bars");
                }
                (Some(_), None, _) | (Some(_), _, None) => set_text("prediction", "train or load a model first"),
                (Some(pixels), Some(c), Some(data)) => {
                    if pixels.len() != c.info.rows * c.info.cols {
                        set_text("prediction", "this model is not for 28×28 images");
                    } else {
                        match predict_pixels(&c.model, &c.info, &pixels, &device).await {
                            Ok(p) => {
                                let names = class_names_for(&data, &c.info);
                                set_text("prediction", &names[views::argmax(&p)]);
                                let _ = views::draw_bars(&p, &names);
                            }
                            Err(e) => set_text("prediction", &format!("error: {e}")),
                        }
                    }
                }
            }
            if !app.borrow().sketch_dirty {
                break;
            }
        }
        app.borrow_mut().sketch_busy = false;
    });
}

// ---- settings form ---------------------------------------------------------------------------------

fn show_settings(s: &Settings) {
    set_value("data", s.data.name());
    set_value("activation", s.activation.name());
    set_value("dropout", &s.dropout.to_string());
    set_value("loss", s.loss.map_or("auto", |l| l.name()));
    set_value("optimizer", s.optimizer.name());
    set_value("lr", &s.lr.to_string());
    set_value("batch", &s.batch.to_string());
    set_value("epochs", &s.epochs.to_string());
    set_value("seed", &s.seed.to_string());
}

/// The form's values, each validated as a URL value would be.
fn read_settings(current: &Settings) -> Result<Settings, String> {
    let mut s = current.clone();
    for key in ["activation", "dropout", "model", "loss", "optimizer", "lr", "batch", "epochs", "seed"] {
        if element(key).is_err() {
            continue; // hidden by the URL (hide=…): the URL's value stands
        }
        let v = get_value(key);
        s.set(key, &v).map_err(|e| format!("{key} {v:?}: {e}"))?;
    }
    Ok(s)
}

/// A closure that redraws the model summary from the form (layers, output shapes, parameter counts), or
/// says what is wrong with the settings.
fn summary_updater(app: &Shared) -> Rc<dyn Fn()> {
    let app = Rc::downgrade(app);
    Rc::new(move || {
        let Some(app) = app.upgrade() else { return };
        let text = (|| {
            let s = read_settings(&app.borrow().settings)?;
            let (rows, cols, classes) = app.borrow().data.as_ref().map_or((28, 28, 10), |d| (d.train.rows, d.train.cols, d.train.classes));
            let spec = ModelSpec::parse(&s.model, s.activation, s.dropout)?;
            let loss = s.loss.unwrap_or(spec.default_loss());
            spec.check_loss(loss, classes)?;
            let params = spec.parameter_count(rows, cols, classes)?;
            let table = if params <= 5_000_000 {
                spec.build(rows, cols, classes, 0, &Device::Cpu)?.summary(&[s.batch, rows * cols])?
            } else {
                format!("Total parameters: {params}\n")
            };
            Ok::<String, String>(format!("{table}Loss: {}", loss.name()))
        })();
        match text {
            Ok(t) => set_text("summary", &t),
            Err(e) => set_text("summary", &format!("Cannot build this model: {e}")),
        }
    })
}
