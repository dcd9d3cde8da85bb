//! The settings form (model, activation, dropout, loss, optimizer, learning rate, batch, epochs, seed):
//! filled from the settings, read back with every value validated as a URL value is, and the live model
//! summary (layers, output shapes, parameters) or what is wrong. The MLP layer builder is `builder.rs`.

use std::rc::Rc;

use super::builder;
use super::dom::{element, get_value, on, set_text, set_value};
use super::state::Shared;
use super::update::{update, Msg};
use crate::config::Settings;
use crate::model::ModelSpec;
use crate::optim::OptimizerKind;
use crate::Device;

/// Wires the form: every change redraws the summary; a new optimizer brings its usual learning rate; a
/// new learning rate reaches a run in progress.
pub fn install(app: &Shared) -> Result<(), String> {
    let summary = summary_updater(app);
    builder::install(summary.clone())?;
    for id in ["activation", "dropout", "loss", "batch"] {
        let s = summary.clone();
        on(id, "change", move |_: web_sys::Event| s())?;
    }
    on("optimizer", "change", |_: web_sys::Event| {
        if let Ok(k) = OptimizerKind::parse(&get_value("optimizer")) {
            set_value("lr", &k.default_lr().to_string());
        }
    })?;
    let app = app.clone();
    on("lr", "change", move |_: web_sys::Event| update(&app, Msg::LearningRate))
}

pub fn show_settings(s: &Settings) {
    set_value("data", s.data.name());
    set_value("activation", s.activation.name());
    set_value("dropout", &s.dropout.to_string());
    set_value("loss", s.loss.map_or("auto", |l| l.name()));
    set_value("optimizer", s.optimizer.name());
    set_value("lr", &s.lr.to_string());
    set_value("batch", &s.batch.to_string());
    set_value("epochs", &s.epochs.to_string());
    set_value("seed", &s.seed.to_string());
    set_value("threads", &super::update::threads(s).to_string());
}

/// Shows `s` in the form, the model builder and the summary.
pub fn show(app: &Shared, s: &Settings) {
    show_settings(s);
    builder::show(&s.model, summary_updater(app));
    refresh_summary(app);
}

/// The form's values, each validated as a URL value would be.
pub fn read_settings(current: &Settings) -> Result<Settings, String> {
    let mut s = current.clone();
    for key in ["activation", "dropout", "model", "loss", "optimizer", "lr", "batch", "epochs", "seed", "threads"] {
        if element(key).is_err() {
            continue; // hidden by the URL (hide=…): the URL's value stands
        }
        let v = get_value(key);
        if key == "threads" && current.threads.is_none() && v.trim() == super::update::threads(current).to_string() {
            continue; // still the machine's default: left to each machine
        }
        s.set(key, &v).map_err(|e| crate::tr!("error-setting", key = key, value = format!("{v:?}"), reason = e))?;
    }
    Ok(s)
}

pub fn refresh_summary(app: &Shared) {
    summary_updater(app)();
}

/// A closure that redraws the model summary from the form, or says what is wrong with the settings.
pub fn summary_updater(app: &Shared) -> Rc<dyn Fn()> {
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
                format!("{}\n", crate::tr!("summary-total", count = params.to_string()))
            };
            Ok::<String, String>(format!("{table}{}", crate::tr!("summary-loss", loss = loss.name())))
        })();
        match text {
            Ok(t) => set_text("summary", &t),
            Err(e) => set_text("summary", &crate::tr!("summary-error", error = e)),
        }
    })
}
