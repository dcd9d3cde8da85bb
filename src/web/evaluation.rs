//! The held-out evaluation: the worker scores the page's current model on every held-out digit; the page
//! shows the accuracy, the confusion matrix (click a count to see those digits) and the mistakes.

use std::rc::Rc;

use super::dom::{clear as clear_id, error, set_number, set_text, showing_error, status_tr};
use crate::i18n::num;
use crate::{tr, tr_text};
use super::learned::class_names_for;
use super::state::{Evaluation, Shared};
use super::views;
use crate::protocol::{FromWorker, ToWorker};

/// Scores the current model on the held-out digits (in the worker); returns the accuracy.
pub async fn evaluate(app: &Shared) -> Result<f64, String> {
    let (engine, data, c, request) = {
        let a = app.borrow();
        (a.engine.clone().ok_or_else(|| tr!("worker-not-running"))?, a.data.clone().ok_or("no data")?, a.current.clone().ok_or("no model")?, a.generation)
    };
    // The worker scores exactly the page's model.
    engine.send(ToWorker::Load { weights: c.weights.clone() });
    let probs = match engine.call(ToWorker::Evaluate { request }, move |r| matches!(r, FromWorker::Evaluated { request: q, .. } if *q == request)).await? {
        FromWorker::Evaluated { probs, .. } => probs,
        other => return Err(format!("unexpected reply {other:?}")),
    };
    if app.borrow().generation != request {
        return Err("replaced meanwhile".into());
    }
    let k = c.info.classes;
    if probs.len() != data.test.len() * k {
        return Err(format!("the worker scored {} values for {} digits of {k} classes", probs.len(), data.test.len()));
    }
    let mut matrix = vec![0usize; k * k];
    for (row, &label) in probs.chunks(k).zip(&data.test.labels) {
        matrix[label as usize * k + views::argmax(row)] += 1;
    }
    let evaluation = Evaluation { probs, matrix };
    let (correct, total, acc) = (evaluation.correct(), data.test.len(), evaluation.accuracy());
    set_number("test-accuracy", acc, 4);
    if !showing_error() {
        status_tr(tr_text!("status-done", correct = correct, total = total, percent = num(acc * 100.0, 2)));
    }
    app.borrow_mut().evaluation = Some(evaluation);
    show_cell(app, None)?;
    Ok(acc)
}

/// Redraws the confusion matrix (with `cell` selected) and the gallery for that cell (all mistakes for None).
pub fn show_cell(app: &Shared, cell: Option<(usize, usize)>) -> Result<(), String> {
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
    views::draw_class_accuracy(&e.matrix, &names)?;
    views::draw_gallery(&data.test, &e.probs, &names, cell)
}

/// The evaluation again in the current language (after a language switch).
pub fn redraw(app: &Shared) {
    let acc = app.borrow().evaluation.as_ref().map(Evaluation::accuracy);
    if let Some(acc) = acc {
        set_number("test-accuracy", acc, 4);
        let _ = show_cell(app, None);
    } else {
        set_text("gallery-h", &tr!("eval-misclassified"));
    }
}

pub fn clear() {
    set_text("test-accuracy", "–");
    if let Ok(e) = super::dom::element("test-accuracy") {
        let _ = e.remove_attribute("data-value");
    }
    clear_id("confusion-matrix");
    clear_id("class-accuracy");
    clear_id("misclassified");
    set_text("gallery-h", &tr!("eval-misclassified"));
}
