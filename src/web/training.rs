//! The training panel: the controls (Train, Pause/Resume, Step, Reset, Continue in a new worker), whose
//! enabled state and labels come from `controls::Activity` in one place; progress, the speed line, the
//! per-epoch log and the loss and accuracy charts, drawn from the state's history.

use super::dispatch::Dispatch;
use super::dom::{self, element, on_click, set_disabled, set_hidden, set_progress, set_text};
use super::views::{self, Series};
use crate::eval::Metrics;
use crate::i18n::num;
use crate::page::{Msg, State};
use crate::train::Event;
use crate::tr;

pub fn install(d: &Dispatch) -> Result<(), String> {
    on_click("train-button", d.to(|| Msg::Train))?;
    on_click("pause-button", d.to(|| Msg::PauseOrResume))?;
    on_click("step-button", d.to(|| Msg::Step))?;
    on_click("reset-button", d.to(|| Msg::Reset))?;
    on_click("carry-on-button", d.to(|| Msg::CarryOn))?;
    on_click("save-model", d.to(|| Msg::Save))?;
    on_click("notebook-button", d.to(|| Msg::Notebook))
}

/// The training controls, from the state.
pub fn render_controls(s: &State) {
    let c = s.controls();
    set_disabled("train-button", !c.train);
    set_disabled("pause-button", !c.pause);
    set_text("pause-button", &tr!(if c.pause_label == "resume" { "resume-button" } else { "pause-button" }));
    set_disabled("step-button", !c.step);
    set_disabled("save-model", !c.save);
    set_disabled("notebook-button", !c.save);
    set_hidden("carry-on-button", !c.carry_on);
    set_disabled("compare-run", !c.train);
}

/// Progress, the speed line and the per-epoch log.
pub fn render(s: &State) {
    let h = &s.history;
    let finished = s.run.as_ref().is_some_and(|r| r.finished);
    let fraction = match &h.last {
        _ if finished => 1.0,
        Some((Event::Progress { step, steps, .. }, ..)) => *step as f64 / (*steps).max(1) as f64,
        _ => 0.0,
    };
    set_progress("epoch-progress", Some(fraction));
    let line = match &h.last {
        // The steps go on `workers` of the `available` (the others wait where steps alone were measured faster).
        Some((Event::Progress { epoch, step, steps, loss, samples_per_s, workers, .. }, position, available)) => tr!(
            "speed-line",
            epoch = *epoch,
            epochs = h.epochs_total,
            step = *step,
            steps = *steps,
            loss = num(*loss as f64, 4),
            rate = num(*samples_per_s, 0),
            workers = *workers,
            idle = available.saturating_sub(*workers),
            lr = crate::i18n::decimal(&position.lr.to_string())
        ),
        _ => String::new(),
    };
    set_text("speed", &line);
    // The log grows by the epochs it does not show yet (all of them again after a language switch or a reset).
    let Ok(log) = element("epoch-log") else { return };
    let shown = log.child_element_count() as usize;
    let start = if shown <= h.epochs.len() && log.get_attribute("data-lang").as_deref() == Some(crate::i18n::lang().code()) { shown } else { 0 };
    if start == 0 {
        log.set_text_content(None);
        let _ = log.set_attribute("data-lang", crate::i18n::lang().code());
    }
    for (epoch, train, val, seconds) in &h.epochs[start..] {
        if let Ok(li) = dom::create("li", &epoch_line(*epoch, train, val.as_ref(), *seconds)) {
            dom::append(&log, &li);
        }
    }
}

pub fn render_charts(s: &State) {
    let h = &s.history;
    let x_max = (h.epochs_total.max(1)) as f64;
    let step_loss: Vec<(f64, f64)> = h.steps.iter().map(|s| (s.0, s.1)).collect();
    let step_acc: Vec<(f64, f64)> = h.steps.iter().map(|s| (s.0, s.2)).collect();
    let epoch = |f: &dyn Fn(&Metrics) -> f32, val: bool| -> Vec<(f64, f64)> {
        h.epochs.iter().filter_map(|(e, t, v, _)| if val { v.as_ref() } else { Some(t) }.map(|m| (*e as f64, f(m) as f64))).collect()
    };
    let (tl, vl) = (epoch(&|m| m.loss, false), epoch(&|m| m.loss, true));
    let (ta, va) = (epoch(&|m| m.accuracy, false), epoch(&|m| m.accuracy, true));
    fn series<'a>(step: &'a [(f64, f64)], t: &'a [(f64, f64)], v: &'a [(f64, f64)]) -> Vec<Series<'a>> {
        vec![
            Series { points: step, colour: "#9aa5b1", width: 1.5, dots: false, dashed: false },
            Series { points: t, colour: "#1a5fb4", width: 2.0, dots: true, dashed: false },
            Series { points: v, colour: "#e66100", width: 2.0, dots: true, dashed: false },
        ]
    }
    views::draw_chart("loss-chart", &series(&step_loss, &tl, &vl), x_max, &tr!("axis-epoch"), &tr!("axis-loss"), None);
    views::draw_chart("acc-chart", &series(&step_acc, &ta, &va), x_max, &tr!("axis-epoch"), &tr!("axis-accuracy"), Some((0.0, 1.0)));
}

/// One line of the per-epoch log, in the current language.
fn epoch_line(epoch: usize, train: &Metrics, val: Option<&Metrics>, seconds: f64) -> String {
    let v = val.copied().unwrap_or(Metrics { loss: f32::NAN, accuracy: f32::NAN, count: 0 });
    tr!(
        "epoch-line",
        epoch = epoch,
        loss = num(train.loss as f64, 4),
        accuracy = num(train.accuracy as f64, 4),
        val = if val.is_some() { "yes" } else { "no" },
        val_loss = num(v.loss as f64, 4),
        val_accuracy = num(v.accuracy as f64, 4),
        seconds = num(seconds, 1)
    )
}
