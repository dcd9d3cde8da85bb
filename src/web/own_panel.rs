//! "Your digits": the buttons under the prediction that keep the drawing ("Right", "It is a 0…9"), and the
//! panel: the collection by digit (counts and thumbnails, each deletable), delete all (confirmed), export and
//! import as MNIST IDX files, how the model does on the collection (accuracy, confusion), and teaching with
//! its settings and the before/after table. Listeners only send `Msg::Own`; everything is drawn from
//! `State::own`.


use wasm_bindgen::JsCast;

use super::dispatch::Dispatch;
use super::dom::{self, add, append, canvas, clear, create, element, on, on_click, put_pixels, set_disabled, set_hidden, set_text, set_value};
use super::views::{draw_confusion, grey_rgba};
use crate::page::state::{digit_data, digit_model, pc, OwnDigits};
use crate::page::{Msg, OwnMsg, State};
use crate::tr;

pub fn install(d: &Dispatch) -> Result<(), String> {
    on_click("own-right", d.to(|| Msg::Own(OwnMsg::Label(None))))?;
    for digit in 0..10u8 {
        on_click(&format!("own-is-{digit}"), d.to(move || Msg::Own(OwnMsg::Label(Some(digit)))))?;
    }
    on_click("own-export", d.to(|| Msg::Own(OwnMsg::Export)))?;
    on_click("own-clear", d.to(|| Msg::Own(OwnMsg::Clear)))?;
    on_click("own-clear-yes", d.to(|| Msg::Own(OwnMsg::ConfirmClear(true))))?;
    on_click("own-clear-no", d.to(|| Msg::Own(OwnMsg::ConfirmClear(false))))?;
    on_click("own-teach", d.to(|| Msg::Own(OwnMsg::Teach)))?;
    on_click("own-back-pretrained", d.to(|| Msg::Own(OwnMsg::Pretrained)))?;
    for key in ["replay", "steps", "per-digit"] {
        let d = d.clone();
        on(&format!("own-{key}"), "input", move |e: web_sys::Event| {
            let value = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default();
            d.send(Msg::Own(OwnMsg::Field { key: key.to_string(), value }));
        })?;
    }
    on("own-import", "change", {
        let d = d.clone();
        move |e: web_sys::Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(files) = input.files() else { return };
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = dom::read_files(&files).await;
                input.set_value("");
                d.send(Msg::Own(OwnMsg::Import(read)));
            });
        }
    })?;
    // One listener for every thumbnail's delete button (they are redrawn with the collection).
    let list = element("own-classes")?;
    let d = d.clone();
    dom::listen(&list, "click", move |e: web_sys::Event| {
        if let Some(i) = dom::clicked(&e, "button[data-index]", "data-index").and_then(|i| i.parse().ok()) {
            d.send(Msg::Own(OwnMsg::Delete(i)));
        }
    });
    Ok(())
}

/// The label buttons under the prediction (they need a drawing; "Right" also a model of the digits that
/// answers) and what the last of them did: drawn with the sketch pad.
pub fn render_labels(s: &State) {
    let answers = s.drawing.is_some() && s.current.as_ref().is_some_and(digit_model);
    set_disabled("own-right", !answers);
    for digit in 0..10 {
        set_disabled(&format!("own-is-{digit}"), s.drawing.is_none());
    }
    set_text("own-label-line", &s.own.label_line.as_ref().map_or_else(String::new, |t| t()));
}

/// The panel (its thumbnails are built again only with it: not at each stroke on the pad).
pub fn render(s: &State) {
    let o = &s.own;
    set_text("own-line", &o.line.as_ref().map_or_else(String::new, |t| t()));
    let counts = o.counts();
    let held = o.held_out().iter().filter(|h| **h).count();
    let taught = o.taught().len();
    set_text("own-summary", &if o.read || !o.digits.is_empty() { tr!("own-summary", count = o.digits.len(), held = held) } else { tr!("own-reading") });
    if let Ok(e) = element("own-summary") {
        let _ = e.set_attribute("data-count", &o.digits.len().to_string());
        let _ = e.set_attribute("data-counts", &counts.map(|c| c.to_string()).join(","));
    }
    // Keyboard focus on a thumbnail's delete button survives the redraw (on the digit now at its place).
    let focused = dom::document().and_then(|d| d.active_element()).and_then(|a| a.get_attribute("data-index")).and_then(|i| i.parse::<usize>().ok());
    let _ = draw_classes(o);
    if let Some(i) = focused.filter(|_| !o.digits.is_empty()) {
        let at = i.min(o.digits.len() - 1);
        if let Some(b) = dom::document().and_then(|d| d.query_selector(&format!("#own-classes button[data-index='{at}']")).ok().flatten()) {
            let _ = b.dyn_into::<web_sys::HtmlElement>().map(|b| b.focus());
        }
    }
    set_disabled("own-export", o.digits.is_empty());
    set_disabled("own-clear", o.digits.is_empty());
    set_hidden("own-confirm", !o.confirm_clear);
    set_text("own-confirm-text", &tr!("own-confirm", count = o.digits.len()));
    accuracy(s);
    // Teaching: the fields' values when the learner is not typing in them, and the before/after.
    for (key, v) in [("replay", o.replay), ("steps", o.steps), ("per-digit", o.per_digit)] {
        let id = format!("own-{key}");
        let focused = dom::document().and_then(|d| d.active_element()).is_some_and(|a| a.id() == id);
        if !focused && !o.problems.iter().any(|(k, _)| k == key) {
            set_value(&id, &v.to_string());
        }
    }
    set_text("own-field-problem", &o.problems.first().map_or_else(String::new, |p| p.1.clone()));
    let waiting = held > 0 && o.answers.is_none();
    set_disabled("own-teach", !s.controls().train || taught == 0 || s.current.is_none() || waiting);
    let digits = s.data.as_deref().is_some_and(digit_data);
    set_disabled("own-back-pretrained", !s.controls().change_inputs || s.loading.is_some() || !s.settings.pretrained || !digits);
    let (own, replayed) = crate::own_digits::shares(o.steps, crate::own_digits::Recipe::default().batch, o.replay);
    set_text("own-teach-help", &tr!("own-teach-plan", taught = taught, shown = own, replayed = replayed, steps = o.steps));
    compare(o);
}

/// Each digit's row: its count and thumbnails (red border: the model answers otherwise; dashed: kept aside
/// to measure teaching), each with a delete button.
fn draw_classes(o: &OwnDigits) -> Result<(), String> {
    let list = element("own-classes")?;
    list.set_text_content(None);
    let held = o.held_out();
    let counts = o.counts();
    for digit in 0..10usize {
        let row = add(&list, "div", &[("class", "own-row"), ("data-digit", &digit.to_string())])?;
        append(&row, &create("span", &tr!("own-row", digit = digit.to_string(), count = counts[digit]))?);
        for i in (0..o.digits.len()).filter(|&i| o.digits.labels[i] as usize == digit) {
            let answer = o.answers.as_ref().and_then(|a| a.get(i)).copied();
            let wrong = answer.is_some_and(|a| a as usize != digit);
            let class = format!("own-digit{}{}", if wrong { " wrong" } else { "" }, if held[i] { " held" } else { "" });
            let what = match answer {
                Some(a) => tr!("own-thumb", digit = digit.to_string(), answer = a.to_string(), held = if held[i] { "yes" } else { "no" }),
                None => tr!("own-thumb-unscored", digit = digit.to_string(), held = if held[i] { "yes" } else { "no" }),
            };
            let fig = add(&row, "figure", &[("class", &class)])?;
            let c = canvas(28, 28, &what)?;
            put_pixels(&c, &grey_rgba(o.digits.images[i * 784..(i + 1) * 784].iter().map(|&b| b as f32 / 255.0)), 28, 28);
            append(&fig, &c);
            let b = add(&fig, "button", &[("type", "button"), ("data-index", &i.to_string()), ("aria-label", &tr!("own-delete-one", what = what.as_str())), ("title", &tr!("own-delete"))])?;
            b.set_text_content(Some("×"));
        }
    }
    Ok(())
}

/// The model on the collection: accuracy (all, and the held-out part) and the confusion of its answers.
fn accuracy(s: &State) {
    let o = &s.own;
    let names: Vec<String> = (0..10).map(|c| c.to_string()).collect();
    match (o.accuracy(), o.confusion()) {
        (Some(((c, n), (hc, hn))), Some(m)) if n > 0 => {
            let all = c as f64 / n as f64;
            set_text("own-accuracy", &tr!("own-accuracy", percent = pc(Some(all)), correct = c, count = n, held = pc((hn > 0).then(|| hc as f64 / hn as f64)), held_count = hn));
            if let Ok(e) = element("own-accuracy") {
                let _ = e.set_attribute("data-value", &format!("{all:.4}"));
            }
            let _ = draw_confusion("own-confusion", &m, &names, None, false);
        }
        _ => {
            let why = if o.digits.is_empty() {
                "own-accuracy-none"
            } else if !s.current.as_ref().is_some_and(digit_model) {
                "own-accuracy-no-model"
            } else if o.scoring.is_some() {
                "own-accuracy-waiting"
            } else {
                "own-accuracy-after-run"
            };
            set_text("own-accuracy", &tr!(why));
            if let Ok(e) = element("own-accuracy") {
                let _ = e.remove_attribute("data-value");
            }
            clear("own-confusion");
        }
    }
}

/// Before and after the last teaching, side by side.
fn compare(o: &OwnDigits) {
    let Some(t) = o.teaching.filter(|t| t.closed) else {
        set_hidden("own-compare-box", o.teaching.is_none());
        clear("own-compare");
        if o.teaching.is_some() {
            set_text("own-compare-caption", &tr!("own-compare-running"));
        }
        return;
    };
    set_hidden("own-compare-box", false);
    set_text("own-compare-caption", &tr!("own-compare-caption", taught = t.taught, replay = t.replay, steps = t.steps));
    let Ok(table) = element("own-compare") else { return };
    table.set_text_content(None);
    let row = |cells: Vec<(String, Option<(&str, f64)>)>, head: bool| -> Result<(), String> {
        let tr_ = create("tr", "")?;
        for (i, (text, value)) in cells.into_iter().enumerate() {
            let cell = create(if head || i == 0 { "th" } else { "td" }, &text)?;
            if i == 0 && !head {
                let _ = cell.set_attribute("scope", "row");
            }
            if let Some((id, v)) = value {
                let _ = cell.set_attribute("data-testid", id);
                let _ = cell.set_attribute("data-value", &format!("{v:.4}"));
            }
            append(&tr_, &cell);
        }
        append(&table, &tr_);
        Ok(())
    };
    let own_n = t.before.own.map_or(0, |o| o.1);
    let _ = row(vec![(tr!("own-compare-on"), None), (tr!("own-before"), None), (tr!("own-after"), None)], true);
    let cell = |x: Option<f64>, id: &'static str| (pc(x), x.map(|v| (id, v)));
    let _ = row(vec![(tr!("own-compare-own", count = own_n), None), cell(t.before.own_accuracy(), "own-before-own"), cell(t.after.own_accuracy(), "own-after-own")], false);
    let _ = row(vec![(tr!("own-compare-test"), None), cell(t.before.test, "own-before-test"), cell(t.after.test, "own-after-test")], false);
}
