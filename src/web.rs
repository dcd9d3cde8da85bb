//! The wasm-bindgen surface: the only module that touches the DOM. The page reads its settings from the
//! URL (validated by `config`), loads the chosen digits, trains the chosen model with the shared
//! `Trainer` — a few steps per turn of the event loop, so the page stays responsive and Pause takes effect
//! between steps — and shows the weights of each digit (linear model), held-out accuracy and the confusion
//! matrix. All text goes in through `set_text_content`; nothing user-supplied reaches HTML.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use wasm_bindgen_futures::JsFuture;

use crate::config::{DataChoice, Settings};
use crate::data::{Dataset, EMBEDDED_IMAGES, EMBEDDED_LABELS};
use crate::model::{ModelInfo, ModelSpec};
use crate::nn::Module;
use crate::train::{predict, DeviceData, Event, TrainConfig, Trainer};
use crate::Device;

struct App {
    device: Device,
    settings: Settings,
    /// (training part, held-out part) of the loaded data, and which choice they came from.
    data: Option<(DataChoice, Rc<Dataset>, Rc<Dataset>)>,
    trainer: Option<Trainer>,
    paused: bool,
    running: bool,
}

type Shared = Rc<RefCell<App>>;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = run().await {
            set_text("status", &format!("Error: {e}"));
        }
    });
}

async fn run() -> Result<(), String> {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (settings, problems) = Settings::from_query(&query);
    if !problems.is_empty() {
        set_text("url-notice", &format!("Some URL settings were not used: {}", problems.join("; ")));
        if let Ok(el) = element("url-notice") {
            let _ = el.remove_attribute("hidden");
        }
    }
    show_settings(&settings);
    let device = match Device::gpu().await {
        Ok(d) => {
            set_text("backend", &format!("WebGPU — {}", d.name()));
            d
        }
        Err(e) => {
            set_text("backend", &format!("CPU — this browser has no WebGPU ({e})"));
            Device::Cpu
        }
    };
    let autostart = settings.autostart;
    let app: Shared = Rc::new(RefCell::new(App { device, settings, data: None, trainer: None, paused: false, running: false }));
    on_click("train-button", {
        let app = app.clone();
        move || start_training(app.clone())
    })?;
    on_click("pause-button", {
        let app = app.clone();
        move || {
            let mut a = app.borrow_mut();
            if !a.running {
                return;
            }
            a.paused = !a.paused;
            set_text("pause-button", if a.paused { "Resume" } else { "Pause" });
            if !a.paused {
                drop(a);
                spawn_loop(app.clone());
            }
        }
    })?;
    let choice = app.borrow().settings.data;
    load_data(&app, choice).await?;
    if autostart {
        start_training(app);
    }
    Ok(())
}

/// Loads (or reuses) the data for `choice`: the held-out part is the page's test set.
async fn load_data(app: &Shared, choice: DataChoice) -> Result<(), String> {
    if matches!(&app.borrow().data, Some((c, ..)) if *c == choice) {
        return Ok(());
    }
    set_text("status", &format!("Loading {}…", choice.label()));
    let (train, test) = match choice {
        DataChoice::Embedded | DataChoice::ThreeSeven => {
            let (i, l) = (format!("data/{EMBEDDED_IMAGES}"), format!("data/{EMBEDDED_LABELS}"));
            let all = Dataset::parse((&i, &fetch(&i).await?), (&l, &fetch(&l).await?), 10)?;
            let (train, test) = all.split(2000, 0);
            if choice == DataChoice::ThreeSeven {
                (train.select_classes(&[3, 7])?, test.select_classes(&[3, 7])?)
            } else {
                (train, test)
            }
        }
        DataChoice::Mnist | DataChoice::Fashion => {
            let dir = if choice == DataChoice::Mnist { "data/mnist" } else { "data/fashion" };
            let mut parts = vec![];
            for prefix in ["train", "t10k"] {
                let (i, l) = (format!("{dir}/{prefix}-images-idx3-ubyte.gz"), format!("{dir}/{prefix}-labels-idx1-ubyte.gz"));
                let (ib, lb) = match (fetch(&i).await, fetch(&l).await) {
                    (Ok(a), Ok(b)) => (a, b),
                    (Err(e), _) | (_, Err(e)) => return Err(format!("{} is not served beside this page ({e}); see the README", choice.label())),
                };
                parts.push(Dataset::parse((&i, &ib), (&l, &lb), 10)?);
            }
            let test = parts.pop().unwrap();
            (parts.pop().unwrap(), test)
        }
    };
    set_text("status", &format!("{}: {} training images, {} held-out test images. Press Train.", choice.label(), train.len(), test.len()));
    app.borrow_mut().data = Some((choice, Rc::new(train), Rc::new(test)));
    Ok(())
}

/// Reads the form into settings, builds the model and trainer, and starts the loop.
fn start_training(app: Shared) {
    if app.borrow().running {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            let settings = read_settings(&app.borrow().settings)?;
            load_data(&app, settings.data).await?;
            let (device, train, test) = {
                let a = app.borrow();
                let (_, train, test) = a.data.clone().ok_or("no data loaded")?;
                (a.device.clone(), train, test)
            };
            let spec = ModelSpec::parse(&settings.model, settings.activation, settings.dropout)?;
            let info = ModelInfo::for_data(spec.clone(), &train, true);
            let model = spec.build(train.rows, train.cols, train.classes, settings.seed, &device)?;
            set_text("summary", &model.summary(&[settings.batch, train.pixels()])?);
            let loss = settings.loss.unwrap_or(spec.default_loss());
            let config = TrainConfig {
                epochs: settings.epochs,
                batch: settings.batch,
                lr: settings.lr,
                optimizer: settings.optimizer,
                loss,
                seed: settings.seed,
                report_every: if device.is_gpu() { 5 } else { 3 },
                shift: 0,
                cosine: false,
            };
            let trainer = Trainer::new(model, info, &train, Some(&test), config, &device)?;
            let mut a = app.borrow_mut();
            a.settings = settings;
            a.trainer = Some(trainer);
            a.running = true;
            a.paused = false;
            Ok::<(), String>(())
        }
        .await;
        match result {
            Ok(()) => {
                set_text("pause-button", "Pause");
                spawn_loop(app);
            }
            Err(e) => set_text("status", &format!("Error: {e}")),
        }
    });
}

/// Runs training until it ends or is paused, yielding to the browser after every report.
fn spawn_loop(app: Shared) {
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            if app.borrow().paused {
                set_text("status", "Paused. Press Resume to go on.");
                return;
            }
            let Some(mut trainer) = app.borrow_mut().trainer.take() else { return };
            let events = trainer.advance(usize::MAX).await;
            let done = trainer.is_done();
            let events = match events {
                Ok(e) => e,
                Err(e) => {
                    set_text("status", &format!("Error: {e}"));
                    app.borrow_mut().running = false;
                    app.borrow_mut().trainer = Some(trainer);
                    return;
                }
            };
            for event in &events {
                match event {
                    Event::Progress { epoch, step, steps, loss, samples_per_s, .. } => {
                        set_text("status", &format!("epoch {epoch}, step {step} of {steps}: loss {loss:.4}, {samples_per_s:.0} samples/s"));
                        set_progress(*step as f64 / *steps as f64);
                    }
                    Event::Epoch { epoch, train, val, seconds } => {
                        let v = val.map_or(String::new(), |v| format!(", held-out loss {:.4} accuracy {:.4}", v.loss, v.accuracy));
                        set_text("epoch-log", &format!("epoch {epoch}: train loss {:.4} accuracy {:.4}{v} ({seconds:.1} s)", train.loss, train.accuracy));
                        draw_weights(&trainer).await;
                    }
                    Event::Diverged { message, .. } => set_text("status", message),
                    Event::Done => {}
                }
            }
            if done {
                let result = finish(&app, &trainer).await;
                let mut a = app.borrow_mut();
                a.trainer = Some(trainer);
                a.running = false;
                if let Err(e) = result {
                    set_text("status", &format!("Error: {e}"));
                }
                return;
            }
            app.borrow_mut().trainer = Some(trainer);
            yield_to_browser().await;
        }
    });
}

/// Scores the trained model on the held-out digits: accuracy and the confusion matrix.
async fn finish(app: &Shared, trainer: &Trainer) -> Result<(), String> {
    let (device, test) = {
        let a = app.borrow();
        (a.device.clone(), a.data.as_ref().ok_or("no data")?.2.clone())
    };
    let k = trainer.info.classes;
    let probs = predict(&trainer.model, &DeviceData::new(&test, &trainer.info, &device)?, k, 1000).await?;
    let mut matrix = vec![0usize; k * k];
    for (row, &label) in probs.chunks(k).zip(&test.labels) {
        let pred = (0..k).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap_or(0);
        matrix[label as usize * k + pred] += 1;
    }
    let correct: usize = (0..k).map(|c| matrix[c * k + c]).sum();
    let acc = correct as f64 / test.len().max(1) as f64;
    set_text("test-accuracy", &format!("{acc:.4}"));
    set_text("status", &format!("Done: {correct} of {} held-out test digits right ({:.2}%).", test.len(), acc * 100.0));
    set_progress(1.0);
    draw_confusion(&matrix, k)
}

// ---- rendering -------------------------------------------------------------------------------------

/// For a one-layer model: one canvas per class with its weights as a diverging heat map (blue negative,
/// red positive, white 0, scaled by the largest magnitude).
async fn draw_weights(trainer: &Trainer) {
    let params = trainer.model.named_parameters();
    let panel = match element("weights-panel") {
        Ok(p) => p,
        Err(_) => return,
    };
    let [(_, w), (_, _)] = &params[..] else {
        panel.set_text_content(Some("Weight images are drawn for the linear model."));
        return;
    };
    let Ok(values) = w.to_vec().await else { return };
    let (classes, pixels) = (w.shape()[0], w.shape()[1]);
    let (rows, cols) = (trainer.info.rows, trainer.info.cols);
    let scale = values.iter().fold(0.0f32, |m, v| m.max(v.abs())).max(1e-6);
    panel.set_text_content(None);
    let Some(doc) = document() else { return };
    for c in 0..classes {
        let Ok(fig) = doc.create_element("figure") else { return };
        let Ok(canvas) = doc.create_element("canvas").map(|e| e.unchecked_into::<web_sys::HtmlCanvasElement>()) else { return };
        canvas.set_width(cols as u32);
        canvas.set_height(rows as u32);
        let _ = canvas.set_attribute("aria-label", &format!("weights of class {c}"));
        let mut rgba = Vec::with_capacity(pixels * 4);
        for &v in &values[c * pixels..(c + 1) * pixels] {
            let t = (v / scale).clamp(-1.0, 1.0);
            let fade = (255.0 * (1.0 - t.abs())) as u8;
            rgba.extend(if t >= 0.0 { [255, fade, fade, 255] } else { [fade, fade, 255, 255] });
        }
        put_pixels(&canvas, &rgba, cols as u32, rows as u32);
        let Ok(cap) = doc.create_element("figcaption") else { return };
        cap.set_text_content(Some(&c.to_string()));
        let _ = fig.append_child(&canvas);
        let _ = fig.append_child(&cap);
        let _ = panel.append_child(&fig);
    }
    set_text("weights-scale", &format!("blue = negative, red = positive; full colour = ±{scale:.3}"));
}

fn put_pixels(canvas: &web_sys::HtmlCanvasElement, rgba: &[u8], w: u32, h: u32) {
    let ctx = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
    if let (Some(ctx), Ok(img)) = (ctx, web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h)) {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}

/// The confusion matrix as a table: rows are true classes, columns predictions.
fn draw_confusion(matrix: &[usize], k: usize) -> Result<(), String> {
    let table = element("confusion-matrix")?;
    let doc = document().ok_or("no document")?;
    table.set_text_content(None);
    let cell = |tag: &str, text: &str| -> Result<web_sys::Element, String> {
        let c = doc.create_element(tag).map_err(|_| "cannot create a cell")?;
        c.set_text_content(Some(text));
        Ok(c)
    };
    let head = doc.create_element("tr").map_err(|_| "cannot create a row")?;
    append(&head, &cell("th", "true \\ predicted")?);
    for p in 0..k {
        append(&head, &cell("th", &p.to_string())?);
    }
    append(&table, &head);
    let max = matrix.iter().copied().max().unwrap_or(1).max(1);
    for t in 0..k {
        let row = doc.create_element("tr").map_err(|_| "cannot create a row")?;
        append(&row, &cell("th", &t.to_string())?);
        for p in 0..k {
            let n = matrix[t * k + p];
            let td = cell("td", &n.to_string())?;
            let shade = 1.0 - 0.7 * n as f64 / max as f64;
            let colour = if t == p { format!("hsl(140 50% {}%)", (shade * 100.0) as u32) } else if n > 0 { format!("hsl(0 70% {}%)", (60.0 + shade * 35.0) as u32) } else { "transparent".into() };
            let _ = td.set_attribute("style", &format!("background:{colour}"));
            append(&row, &td);
        }
        append(&table, &row);
    }
    Ok(())
}

// ---- settings form ---------------------------------------------------------------------------------

fn show_settings(s: &Settings) {
    set_value("data", s.data.name());
    set_value("model", &s.model);
    set_value("activation", s.activation.name());
    set_value("optimizer", s.optimizer.name());
    set_value("lr", &s.lr.to_string());
    set_value("batch", &s.batch.to_string());
    set_value("epochs", &s.epochs.to_string());
    set_value("seed", &s.seed.to_string());
}

/// The form's values, each validated as a URL value would be.
fn read_settings(current: &Settings) -> Result<Settings, String> {
    let mut s = current.clone();
    for key in ["data", "activation", "model", "optimizer", "lr", "batch", "epochs", "seed"] {
        let v = get_value(key);
        s.set(key, &v).map_err(|e| format!("{key} {v:?}: {e}"))?;
    }
    Ok(s)
}

// ---- DOM helpers -----------------------------------------------------------------------------------

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn element(id: &str) -> Result<web_sys::Element, String> {
    let doc = document().ok_or("no document")?;
    doc.query_selector(&format!("[data-testid='{id}'], #{id}")).ok().flatten().ok_or_else(|| format!("no element {id}"))
}

fn set_text(id: &str, text: &str) {
    if let Ok(el) = element(id) {
        el.set_text_content(Some(text));
    }
}

fn set_value(id: &str, v: &str) {
    if let Ok(el) = element(id) {
        if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            i.set_value(v);
        } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            s.set_value(v);
        }
    }
}

fn get_value(id: &str) -> String {
    match element(id) {
        Ok(el) => {
            if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                i.value()
            } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                s.value()
            } else {
                String::new()
            }
        }
        Err(_) => String::new(),
    }
}

fn on_click(id: &str, mut f: impl FnMut() + 'static) -> Result<(), String> {
    let cb = Closure::<dyn FnMut()>::new(move || f());
    element(id)?.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref()).map_err(|_| format!("cannot listen to {id}"))?;
    cb.forget();
    Ok(())
}

fn append(parent: &web_sys::Element, child: &web_sys::Element) {
    let _ = parent.append_child(child);
}

fn set_progress(fraction: f64) {
    if let Ok(el) = element("epoch-progress") {
        if let Ok(p) = el.dyn_into::<web_sys::HtmlProgressElement>() {
            p.set_value(fraction);
        }
    }
}

async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: {e:?}"))?
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| format!("{url}: {e:?}"))?).await.map_err(|e| format!("{url}: {e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Lets the browser paint and handle input (a zero-delay timeout).
async fn yield_to_browser() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(p).await;
}
