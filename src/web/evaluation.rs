//! The held-out evaluation (the worker scores the page's model on every held-out digit): the accuracy, the
//! confusion matrix (choose a count to see those digits), the mistakes, and why the model answered what it
//! did for a digit chosen among them, drawn from the state.

use super::dispatch::Dispatch;
use super::dom::{self, clear, element, on, on_click, set_hidden, set_number, set_text};
use super::views;
use crate::eval::explain;
use crate::page::state::{Current, Loaded};
use crate::page::{Msg, State};
use crate::tr;
use crate::Device;

/// The explanation's Close button, and one listener each for the confusion matrix's counts and the gallery's
/// digits (their buttons carry what they pick, `data-cell` and `data-index`; they are redrawn after every
/// evaluation, and a listener per button would be kept for ever, since listeners are never taken back).
pub fn install(d: &Dispatch) -> Result<(), String> {
    let pick = d.clone();
    on("confusion-matrix", "click", move |e: web_sys::Event| {
        let cell = dom::clicked(&e, "button[data-cell]", "data-cell").and_then(|v| {
            let (t, p) = v.split_once(',')?;
            Some((t.parse().ok()?, p.parse().ok()?))
        });
        if let Some(cell) = cell {
            pick.send(Msg::PickCell(Some(cell)));
        }
    })?;
    let explain_digit = d.clone();
    on("misclassified", "click", move |e: web_sys::Event| {
        if let Some(i) = dom::clicked(&e, "button.pick", "data-index").and_then(|v| v.parse().ok()) {
            explain_digit.send(Msg::Explain(Some(i)));
        }
    })?;
    let d = d.clone();
    on_click("explain-close", move || d.send(Msg::Explain(None)))
}

pub fn render(s: &State) {
    let (Some(e), Some(data), Some(c)) = (&s.evaluation, &s.data, &s.current) else {
        set_text("test-accuracy", "–");
        if let Ok(e) = element("test-accuracy") {
            let _ = e.remove_attribute("data-value");
        }
        for id in ["confusion-matrix", "class-accuracy"] {
            clear(id);
        }
        return;
    };
    set_number("test-accuracy", e.accuracy(), 4);
    let names = data.names_for(&c.info);
    let drawn = views::draw_confusion("confusion-matrix", &e.matrix, &names, e.cell, true).and_then(|()| views::draw_class_accuracy(&e.matrix, &names));
    if let Err(e) = drawn {
        web_sys::console::error_1(&e.into());
    }
}

/// The gallery of held-out digits (the mistakes, or the chosen cell's) and the explained one: drawn after
/// the scores, in a turn of its own when theirs is spent (`Panel::Gallery`). This draws the title, the first
/// digits and the explanation; `render_gallery_rest` the others (`Panel::GalleryRest`).
pub fn render_gallery(s: &State) {
    let (Some(e), Some(data), Some(c)) = (&s.evaluation, &s.data, &s.current) else {
        clear("misclassified");
        set_text("gallery-h", &tr!("eval-misclassified"));
        show_explanation(None, None, None);
        return;
    };
    let names = data.names_for(&c.info);
    if let Err(e) = views::draw_gallery(&data.test, &e.probs, &names, e.cell, s.explained, views::GalleryPart::First) {
        web_sys::console::error_1(&e.into());
    }
    show_explanation(s.explained, Some(data.as_ref()), Some(c));
}

/// The gallery's digits after those drawn, while `time_left` says the turn has time (at least one): whether
/// it is complete. The runtime calls it after `render_gallery` for the same state, until it is (nothing is
/// left without an evaluation: `render_gallery` cleared the gallery).
pub fn render_gallery_rest(s: &State, time_left: &dyn Fn() -> bool) -> bool {
    let (Some(e), Some(data), Some(c)) = (&s.evaluation, &s.data, &s.current) else { return true };
    let names = data.names_for(&c.info);
    views::draw_gallery(&data.test, &e.probs, &names, e.cell, s.explained, views::GalleryPart::More(time_left)).unwrap_or_else(|e| {
        web_sys::console::error_1(&e.into());
        true
    })
}

/// The chosen held-out digit, its label and the model's answer, and the maps of why (hidden when none is
/// chosen). Computed on the page's CPU copy of the model: one forward and backward pass of two images.
fn show_explanation(digit: Option<usize>, data: Option<&Loaded>, c: Option<&Current>) {
    clear("explain-maps");
    let (Some(i), Some(data), Some(c)) = (digit, data, c) else {
        set_hidden("explain", true);
        return;
    };
    let pixels = data.test.image_f32(i);
    let truth = data.test.labels[i] as usize;
    use futures_util::FutureExt;
    let answer = explain(&c.model, &c.info, &pixels, Some(truth), &Device::Cpu).now_or_never().unwrap_or_else(|| Err("not ready".into()));
    let shown = answer.and_then(|e| {
        let names = data.names_for(&c.info);
        let top = e.classes[0];
        let name = |k: usize| names.get(k).map_or("?", String::as_str).to_string();
        set_text("explain-h", &tr!("explain-h", index = i, truth = name(truth), predicted = name(top), percent = crate::i18n::num(e.probs[top] as f64 * 100.0, 0)));
        let el = element("explain-maps")?;
        let _ = el.set_attribute("data-index", &i.to_string());
        let input = dom::figure(&views::grey_rgba(pixels.iter().copied()), c.info.cols, c.info.rows, &tr!("explain-digit"), &tr!("explain-digit-alt", truth = name(truth)))?;
        dom::append(&el, &input);
        let help = views::draw_explanation(&el, &e, &names, c.info.rows, c.info.cols)?;
        set_text("explain-help", &help);
        Ok(())
    });
    set_hidden("explain", false);
    if let Err(e) = shown {
        set_text("explain-help", &tr!("error-prefix", message = e));
    }
}
