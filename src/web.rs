//! The wasm-bindgen surface: the only module that touches the DOM. For now the page reports the backend,
//! loads the embedded digits, and trains an MLP live (loss, progress, held-out accuracy); the full
//! playground UI builds on this. Training runs in chunks that await the GPU or yield to the browser, so
//! the page stays responsive.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::data::{Dataset, EMBEDDED_IMAGES, EMBEDDED_LABELS};
use crate::model::{Loss, ModelInfo, ModelSpec};
use crate::nn::Activation;
use crate::train::{Event, OptimizerKind, TrainConfig, Trainer};
use crate::Device;


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
    set_text("status", "Loading the embedded digits…");
    let (images, labels) = (format!("data/{EMBEDDED_IMAGES}"), format!("data/{EMBEDDED_LABELS}"));
    let data = Dataset::parse((&images, &fetch(&images).await?), (&labels, &fetch(&labels).await?), 10)?;
    let (train, val) = data.split(1000, 0);
    set_text("status", &format!("{} training digits, {} held out. Press Train.", train.len(), val.len()));
    let state = Rc::new((device, train, val));
    let button = element("train-button")?;
    let busy = Rc::new(RefCell::new(false));
    let on_click = Closure::<dyn FnMut()>::new(move || {
        if busy.replace(true) {
            return;
        }
        let (state, busy) = (state.clone(), busy.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = train_epoch(&state.0, &state.1, &state.2).await {
                set_text("status", &format!("Error: {e}"));
            }
            *busy.borrow_mut() = false;
        });
    });
    button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()).map_err(|_| "cannot listen to the button")?;
    on_click.forget();
    Ok(())
}

/// One epoch of MLP 784-128-10 (SGD, lr 0.1, batch 128) with the training loop's reports shown live.
async fn train_epoch(dev: &Device, train: &Dataset, val: &Dataset) -> Result<(), String> {
    let spec = ModelSpec::parse("mlp:128", Activation::Relu, 0.0)?;
    let info = ModelInfo::for_data(spec.clone(), train, true);
    let model = spec.build(train.rows, train.cols, train.classes, 0, dev)?;
    let config = TrainConfig { report_every: 10, ..TrainConfig::new(OptimizerKind::Sgd, Loss::CrossEntropy) };
    let mut trainer = Trainer::new(model, info, train, Some(val), config, dev)?;
    while !trainer.is_done() {
        for event in trainer.advance(usize::MAX).await? {
            match event {
                Event::Progress { step, steps, loss, samples_per_s, .. } => {
                    set_text("status", &format!("step {step} of {steps}: loss {loss:.4}, {samples_per_s:.0} samples/s"));
                    set_progress(step as f64 / steps as f64);
                }
                Event::Epoch { val: Some(v), .. } => set_text("test-accuracy", &format!("{:.4}", v.accuracy)),
                Event::Diverged { message, .. } => set_text("status", &message),
                _ => {}
            }
        }
        yield_to_browser().await;
    }
    Ok(())
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

fn element(testid: &str) -> Result<web_sys::Element, String> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    doc.query_selector(&format!("[data-testid='{testid}']")).ok().flatten().ok_or_else(|| format!("no element {testid}"))
}

fn set_text(testid: &str, text: &str) {
    if let Ok(el) = element(testid) {
        el.set_text_content(Some(text));
    }
}

fn set_progress(fraction: f64) {
    if let Ok(el) = element("epoch-progress") {
        if let Ok(p) = el.dyn_into::<web_sys::HtmlProgressElement>() {
            p.set_value(fraction);
        }
    }
}
