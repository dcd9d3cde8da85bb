//! The training panel: progress, speed, the per-epoch log and the loss and accuracy charts, drawn from the
//! worker's reports; and the end of a run (held-out evaluation, result, the model kept).

use super::dom::{self, clear, element, error, set_progress, set_text};
use super::state::{History, Shared};
use super::views::{self, Series};
use super::{embed, evaluation, files, learned, lesson, update};
use crate::clock::now_ms;
use crate::controls::Activity;
use crate::eval::Metrics;
use crate::lessons::Live;
use crate::protocol::Position;
use crate::i18n::num;
use crate::train::Event;
use crate::tr;

/// Clears the previous run's charts, log, progress and evaluation.
pub fn clear_run_views(app: &Shared) {
    evaluation::clear();
    clear("epoch-log");
    draw_charts(&app.borrow().history);
    set_progress("epoch-progress", Some(0.0));
    set_text("speed", "");
}

/// Charts, progress and log for a report's events.
pub fn on_events(app: &Shared, events: &[Event], position: Position) {
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
                let workers = if a.gpu { 0 } else { a.helpers.iter().flatten().count() };
                let h = &a.history;
                let line = tr!(
                    "speed-line",
                    epoch = *epoch,
                    epochs = h.epochs_total,
                    step = *step,
                    steps = *steps,
                    loss = num(*loss as f64, 4),
                    rate = num(*samples_per_s, 0),
                    workers = workers + 1,
                    lr = crate::i18n::decimal(&position.lr.to_string())
                );
                set_text("speed", &line);
                redraw = true;
            }
            Event::Epoch { epoch, train, val, seconds } => {
                let v = val.unwrap_or(Metrics { loss: f32::NAN, accuracy: f32::NAN, count: 0 });
                if let (Ok(log), Ok(li)) = (element("epoch-log"), dom::create("li", &epoch_line(*epoch, train, val.as_ref(), *seconds))) {
                    dom::append(&log, &li);
                }
                embed::post(app, "epoch", &[("epoch", *epoch as f64), ("train_loss", train.loss as f64), ("train_accuracy", train.accuracy as f64), ("val_loss", v.loss as f64), ("val_accuracy", v.accuracy as f64)]);
                let mut a = app.borrow_mut();
                a.history.epochs.push((*epoch, *train, *val, *seconds));
                a.chart_ms = 0.0;
                redraw = true;
            }
            Event::Diverged { message, .. } => error(message),
            Event::Done => {}
        }
    }
    let now = now_ms();
    if redraw && now - app.borrow().chart_ms > 250.0 {
        app.borrow_mut().chart_ms = now;
        draw_charts(&app.borrow().history);
    }
}

pub fn draw_charts(h: &History) {
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
            Series { points: step, colour: "#9aa5b1", width: 1.5, dots: false },
            Series { points: t, colour: "#1a5fb4", width: 2.0, dots: true },
            Series { points: v, colour: "#e66100", width: 2.0, dots: true },
        ]
    }
    views::draw_chart("loss-chart", &series(&step_loss, &tl, &vl), x_max, &tr!("axis-epoch"), &tr!("axis-loss"), None);
    views::draw_chart("acc-chart", &series(&step_acc, &ta, &va), x_max, &tr!("axis-epoch"), &tr!("axis-accuracy"), Some((0.0, 1.0)));
}

/// A run ended (all epochs, or stopped by divergence with its last good weights): final charts and views,
/// the held-out evaluation in the worker, the lesson's result, the model kept in the browser.
pub async fn finish(app: &Shared) {
    let generation = app.borrow().generation;
    draw_charts(&app.borrow().history);
    set_progress("epoch-progress", Some(1.0));
    learned::refresh(app).await;
    let stopped_early = app.borrow().run.as_ref().and_then(|r| r.position.map(|p| p.epoch < r.settings.epochs)).unwrap_or(false);
    let accuracy = evaluation::evaluate(app).await;
    if app.borrow().generation != generation {
        return; // reset or replaced meanwhile
    }
    {
        let mut a = app.borrow_mut();
        if a.activity == Activity::Evaluating {
            a.activity = Activity::Idle; // (a lost worker keeps its state: the page offers a new one)
        }
    }
    match accuracy {
        Ok(accuracy) => {
            embed::post(app, "done", &[("accuracy", accuracy)]);
            if app.borrow().lesson.is_some_and(|l| l.live == Live::Train) {
                lesson::set_result(app, accuracy);
            }
            files::keep_model(app);
            if stopped_early {
                // The divergence message stays in the status line; the accuracy is that of the restored weights.
                let _ = element("status").map(|e| e.set_attribute("class", "status error"));
            }
        }
        // A lost worker has already said what happened and what to do.
        Err(e) if app.borrow().activity != Activity::WorkerLost => error(&e),
        Err(_) => {}
    }
    update::render_controls(app);
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

/// The per-epoch log written again from the history (after a language switch); the speed line is left for
/// the next report.
pub fn rewrite_log(app: &Shared) {
    clear("epoch-log");
    set_text("speed", "");
    let Ok(log) = element("epoch-log") else { return };
    for (epoch, train, val, seconds) in &app.borrow().history.epochs {
        if let Ok(li) = dom::create("li", &epoch_line(*epoch, train, val.as_ref(), *seconds)) {
            dom::append(&log, &li);
        }
    }
}
