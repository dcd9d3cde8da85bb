//! The settings form (model, activation, dropout, loss, optimizer, learning rate, batch, epochs, seed,
//! workers): each change is handed over as a `Msg::Form` (validated in `update`, as a URL value is); the
//! fields are filled from the settings when something else changed them (a course page's `set`, a loaded
//! model), and the live model summary (layers, output shapes, parameters) or what is wrong is drawn from
//! the settings; under the workers, how many the default is and why (`State::default_workers`). The MLP
//! layer builder is `builder.rs`.

use std::rc::Rc;

use super::builder;
use super::dispatch::Dispatch;
use super::dom::{get_value, on, set_text, set_value};
use crate::config::WorkersLimit;
use crate::i18n::num;
use crate::model::ModelSpec;
use crate::page::state::SUMMARY_FIELDS;
use crate::page::{Msg, State};
use crate::Device;

/// The fields, by their URL keys (the model's is the builder's).
const FIELDS: [&str; 9] = ["activation", "dropout", "loss", "optimizer", "lr", "batch", "epochs", "seed", "threads"];

pub fn install(d: &Dispatch) -> Result<(), String> {
    let send = {
        let d = d.clone();
        Rc::new(move |spec: String| d.send(Msg::Form { key: "model".into(), value: spec }))
    };
    builder::install(send)?;
    for key in FIELDS {
        let d = d.clone();
        on(key, "change", move |_: web_sys::Event| d.send(Msg::Form { key: key.into(), value: get_value(key) }))?;
    }
    Ok(())
}

/// The fields from the settings (a field whose typed value was refused keeps it), the builder, the summary.
pub fn render(s: &State, _d: &Dispatch) {
    let st = &s.settings;
    let values = [
        st.activation.name().to_string(),
        st.dropout.to_string(),
        st.loss.map_or("auto", |l| l.name()).to_string(),
        st.optimizer.name().to_string(),
        st.lr.to_string(),
        st.batch.to_string(),
        st.epochs.to_string(),
        st.seed.to_string(),
        s.threads().to_string(),
    ];
    for (key, value) in FIELDS.iter().zip(values) {
        if !s.form_problems.iter().any(|(k, _)| k == key) {
            set_value(key, &value);
        }
    }
    if !s.form_problems.iter().any(|(k, _)| k == "model") {
        builder::show(&st.model);
    }
    render_summary(s);
}

/// The default number of workers and why, and the field when no number was set (the default follows the
/// data: drawn with the summary, which a data load redraws).
fn render_workers(s: &State) {
    let w = s.default_workers();
    if s.settings.threads.is_none() && !s.form_problems.iter().any(|(k, _)| k == "threads") {
        set_value("threads", &w.count.to_string());
    }
    let (budget, helper) = (num(w.budget_mb.round(), 0), num(crate::config::HELPER_MB, 0));
    let text = match w.limit {
        WorkersLimit::Cores => crate::tr!("workers-default-cores", count = w.count, cores = s.env.cores),
        WorkersLimit::Most => crate::tr!("workers-default-most", count = w.count, cores = s.env.cores),
        WorkersLimit::Memory => match s.env.device_memory_gb {
            Some(gb) => crate::tr!("workers-default-memory", count = w.count, cores = s.env.cores, budget = budget, need = num(w.need_mb.round(), 0), helper = helper, gb = num(gb, if gb.fract() == 0.0 { 0 } else { 2 })),
            None => crate::tr!("workers-default-memory-unknown", count = w.count, cores = s.env.cores, budget = budget, need = num(w.need_mb.round(), 0), helper = helper),
        },
    };
    set_text("threads-why", &text);
}

/// The model summary from the settings, or what is wrong with them.
pub fn render_summary(s: &State) {
    render_workers(s);
    let text = (|| {
        if let Some((_, problem)) = s.form_problems.iter().find(|(k, _)| SUMMARY_FIELDS.contains(&k.as_str())) {
            return Err(problem.clone());
        }
        let st = &s.settings;
        let (rows, cols, classes) = s.data.as_ref().map_or((28, 28, 10), |d| (d.train.rows, d.train.cols, d.train.classes));
        let spec = ModelSpec::parse(&st.model, st.activation, st.dropout)?;
        let loss = st.loss.unwrap_or(spec.default_loss());
        spec.check_loss(loss, classes)?;
        let params = spec.parameter_count(rows, cols, classes)?;
        let table = if params <= 5_000_000 {
            spec.build(rows, cols, classes, 0, &Device::Cpu)?.summary(&[st.batch, rows * cols])?
        } else {
            format!("{}\n", crate::tr!("summary-total", count = params.to_string()))
        };
        Ok::<String, String>(format!("{table}{}", crate::tr!("summary-loss", loss = loss.name())))
    })();
    match text {
        Ok(t) => set_text("summary", &t),
        Err(e) => set_text("summary", &crate::tr!("summary-error", error = e)),
    }
}
