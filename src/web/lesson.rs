//! Lesson mode: the lesson panel (title, explanation, live computation, result, what to try next) and the
//! live parts that are not the playground itself — the pixel table, the pixel-similarity baseline, the
//! quadratic fit and run comparisons. Every number is computed here, with the engine, when the page runs.

use std::rc::Rc;

use super::dom::{add, append, create, element, error, get_value, listen, set_hidden, set_text, status, status_tr};
use super::state::{Comparison, Curve, Fresh, Loaded, RunState, Shared};
use super::update::{self, update, Msg};
use super::views::{self, Series};
use super::{embed, evaluation, learned};
use crate::config::Settings;
use crate::controls::Activity;
use crate::lessons::{quadratic_data, Lesson, Live, LESSONS};
use crate::protocol::{FromWorker, ToWorker};
use crate::i18n::num;
use crate::train::Event;
use crate::{tr, tr_text};
use crate::{no_grad, Device, Tensor};

const SECTIONS: [&str; 7] = ["data-section", "model-section", "train-section", "learned-section", "eval-section", "sketch-section", "file-section"];
const COLOURS: [&str; 6] = ["#1a5fb4", "#e66100", "#2e7d32", "#9141ac", "#c01c28", "#865e3c"];

/// Fills the lesson panel and shows only the sections the lesson uses.
pub fn show_panel(lesson: &Lesson) -> Result<(), String> {
    set_hidden("lesson", false);
    set_text("lesson-h", &lesson.title());
    set_text("lesson-result-what", &format!("({})", lesson.result()));
    let text = element("lesson-text")?;
    text.set_text_content(None);
    for p in lesson.paragraphs() {
        append(&text, &create("p", &p)?);
    }
    let next = element("lesson-next")?;
    next.set_text_content(None);
    for t in lesson.try_next() {
        append(&next, &create("li", &t)?);
    }
    let nav = element("lesson-nav")?;
    nav.set_text_content(None);
    let lang = crate::i18n::lang();
    for l in LESSONS {
        let a = create("a", &l.title())?;
        let href = if lang == crate::i18n::Lang::En { format!("?lesson={}", l.id) } else { format!("?lesson={}&lang={}", l.id, lang.code()) };
        let _ = a.set_attribute("href", &href);
        if l.id == lesson.id {
            let _ = a.set_attribute("aria-current", "page");
        }
        append(&nav, &a);
    }
    // The file section (keep and share) goes with any playground section.
    for s in SECTIONS {
        let shown = lesson.sections.contains(&s) || (s == "file-section" && !lesson.sections.is_empty());
        set_hidden(s, !shown);
    }
    // Without the data/model/training column, the rest takes the full width.
    if !lesson.sections.contains(&"train-section") {
        if let Some(c) = super::dom::document().and_then(|d| d.query_selector(".columns").ok().flatten()) {
            c.set_class_name("columns single");
        }
    }
    Ok(())
}

/// The lesson's headline number, shown and posted to an embedding page.
pub fn set_result(app: &Shared, value: f64) {
    super::dom::set_number("lesson-result", value, 4);
    embed::post(app, "result", &[("value", value)]);
}

/// Starts the lesson's live part once the data is loaded.
pub async fn start(app: &Shared, lesson: &'static Lesson) -> Result<(), String> {
    match lesson.live {
        Live::Tensors => tensors(app).await,
        Live::PixelSimilarity => pixel_similarity(app).await,
        Live::Quadratic => quadratic(app),
        Live::Train => Ok(()),
        Live::Compare(runs) => {
            let live = element("lesson-live")?;
            let row = add(&live, "div", &[("class", "buttons")])?;
            let button = add(&row, "button", &[("id", "compare-run"), ("type", "button"), ("class", "primary")])?;
            button.set_text_content(Some(&tr!("compare-run")));
            let chart = views_canvas("compare-chart", 640, 260, &tr!("compare-chart"))?;
            append(&live, &chart);
            add(&live, "div", &[("class", "legend"), ("id", "compare-legend")])?;
            add(&live, "table", &[("class", "distances"), ("id", "compare-table")])?;
            draw_compare(&[], app.borrow().settings.epochs);
            let app = app.clone();
            listen(&button, "click", move |_: web_sys::Event| update(&app, Msg::Compare(runs)));
            Ok(())
        }
    }
}

fn views_canvas(id: &str, w: u32, h: u32, label: &str) -> Result<web_sys::Element, String> {
    let c = super::dom::canvas(w, h, label)?;
    let _ = c.set_attribute("id", id);
    let _ = c.set_attribute("class", "chart");
    Ok(c.into())
}

fn number_input(label: &str, id: &str, value: usize, max: usize) -> Result<web_sys::Element, String> {
    let l = create("label", label)?;
    let i = create("input", "")?;
    for (k, v) in [("type", "number"), ("id", id), ("min", "0"), ("max", &max.to_string()), ("value", &value.to_string())] {
        let _ = i.set_attribute(k, v);
    }
    append(&l, &i);
    Ok(l)
}

fn read_number(id: &str, default: usize, max: usize) -> usize {
    get_value(id).trim().parse::<usize>().map_or(default, |v| v.min(max))
}

// ---- 1. tensors and pixels -------------------------------------------------------------------------

async fn tensors(app: &Shared) -> Result<(), String> {
    let data = app.borrow().data.clone().ok_or("no data")?;
    let (rows, cols, n) = (data.train.rows, data.train.cols, data.train.len());
    let live = element("lesson-live")?;
    let controls = add(&live, "div", &[("class", "lesson-controls")])?;
    append(&controls, &number_input(&tr!("tensors-digit"), "t-index", 0, n - 1)?);
    append(&controls, &number_input(&tr!("tensors-rows-from"), "t-r0", 4, rows - 1)?);
    append(&controls, &number_input(&tr!("tensors-to"), "t-r1", 22, rows - 1)?);
    append(&controls, &number_input(&tr!("tensors-columns-from"), "t-c0", 4, cols - 1)?);
    append(&controls, &number_input(&tr!("tensors-to"), "t-c1", 22, cols - 1)?);
    add(&live, "p", &[("id", "t-shape")])?;
    add(&live, "div", &[("class", "lesson-grid"), ("id", "t-grid")])?;
    let render = {
        let app = app.clone();
        Rc::new(move || {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = render_tensor(&app).await {
                    error(&e);
                }
            });
        })
    };
    for id in ["t-index", "t-r0", "t-r1", "t-c0", "t-c1"] {
        let r = render.clone();
        super::dom::on(id, "change", move |_: web_sys::Event| r())?;
    }
    status_tr(tr_text!("tensors-status"));
    render_tensor(app).await
}

async fn render_tensor(app: &Shared) -> Result<(), String> {
    let (data, device) = {
        let a = app.borrow();
        (a.data.clone().ok_or("no data")?, Device::Cpu)
    };
    let t = &data.train;
    let (rows, cols) = (t.rows, t.cols);
    let i = read_number("t-index", 0, t.len() - 1);
    let (r0, r1) = (read_number("t-r0", 0, rows - 1), read_number("t-r1", rows - 1, rows - 1));
    let (c0, c1) = (read_number("t-c0", 0, cols - 1), read_number("t-c1", cols - 1, cols - 1));
    let pixels = t.image_f32(i);
    let image = Tensor::from_vec(pixels.clone(), &[rows, cols], &device);
    let mean = image.mean().item().await?;
    set_text(
        "t-shape",
        &tr!(
            "tensors-shape",
            index = i.to_string(),
            label = data.names[t.labels[i] as usize].as_str(),
            rows = rows.to_string(),
            cols = cols.to_string(),
            rank = image.rank(),
            count = t.len(),
            n = t.len().to_string(),
            r0 = r0.to_string(),
            r1 = r1.to_string(),
            c0 = c0.to_string(),
            c1 = c1.to_string()
        ),
    );
    let grid = element("t-grid")?;
    grid.set_text_content(None);
    let fig = super::dom::figure(&views::grey_rgba(pixels.iter().copied()), cols, rows, &tr!("tensors-label", name = data.names[t.labels[i] as usize].as_str()), &tr!("tensors-digit-alt"))?;
    let _ = fig.set_attribute("class", "digits");
    append(&grid, &fig);
    let table = create("table", "")?;
    let _ = table.set_attribute("class", "pixels");
    let _ = table.set_attribute("aria-label", &tr!("tensors-table"));
    let head = create("tr", "")?;
    append(&head, &create("th", "")?);
    for c in c0..=c1.max(c0) {
        append(&head, &create("th", &c.to_string())?);
    }
    append(&table, &head);
    for r in r0..=r1.max(r0) {
        let tr = create("tr", "")?;
        append(&tr, &create("th", &r.to_string())?);
        for c in c0..=c1.max(c0) {
            let v = pixels[r * cols + c];
            let td = create("td", &format!("{v:.2}"))?;
            let g = (255.0 * (1.0 - v)) as u8;
            // Black or white text, whichever contrasts more with this grey (either way at least 4.5:1).
            let linear = |c: f64| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
            let ink = if linear(g as f64 / 255.0) > 0.179 { "#000" } else { "#fff" };
            let _ = td.set_attribute("style", &format!("background:rgb({g},{g},{g});color:{ink}"));
            append(&tr, &td);
        }
        append(&table, &tr);
    }
    append(&grid, &table);
    set_result(app, mean as f64);
    Ok(())
}

// ---- 2. pixel similarity ---------------------------------------------------------------------------

async fn pixel_similarity(app: &Shared) -> Result<(), String> {
    let (data, engine, request) = {
        let a = app.borrow();
        (a.data.clone().ok_or("no data")?, a.engine.clone().ok_or_else(|| tr!("worker-not-running"))?, a.generation)
    };
    status_tr(tr_text!("similarity-working"));
    // In the worker: for 2,000 held-out digits that is 16 million differences.
    let (means, l1, rmse) = match engine.call(ToWorker::Distances { request }, move |r| matches!(r, FromWorker::Distances { request: q, .. } if *q == request)).await? {
        FromWorker::Distances { means, l1, rmse, .. } => (means, l1, rmse),
        other => return Err(format!("unexpected reply {other:?}")),
    };
    let (k, p, test) = (data.train.classes, data.train.pixels(), &data.test);
    // Accuracy: nearest mean among `classes`, over the held-out digits of those classes.
    let accuracy = |d: &[f32], classes: &[usize]| {
        let (mut right, mut total) = (0, 0);
        for (i, &l) in test.labels.iter().enumerate() {
            if !classes.contains(&(l as usize)) {
                continue;
            }
            let best = classes.iter().copied().min_by(|&a, &b| d[i * k + a].total_cmp(&d[i * k + b])).unwrap_or(0);
            right += (best == l as usize) as usize;
            total += 1;
        }
        right as f64 / total.max(1) as f64
    };
    let all: Vec<usize> = (0..k).collect();
    let (a37_l1, a37_rmse) = (accuracy(&l1, &[3, 7]), accuracy(&rmse, &[3, 7]));
    let (a_l1, a_rmse) = (accuracy(&l1, &all), accuracy(&rmse, &all));
    let live = element("lesson-live")?;
    append(&live, &create("h3", &tr!("similarity-ideal"))?);
    let ideal = add(&live, "div", &[("class", "digits"), ("id", "ideal-digits")])?;
    for (c, m) in means.chunks(p).enumerate() {
        let top = m.iter().fold(1e-6f32, |a, &b| a.max(b));
        append(&ideal, &super::dom::figure(&views::grey_rgba(m.iter().map(|v| v / top)), data.train.cols, data.train.rows, &data.names[c], &tr!("similarity-mean-alt", name = data.names[c].as_str()))?);
    }
    let results = add(&live, "table", &[("class", "distances"), ("id", "baseline-accuracy")])?;
    let head = create("tr", "")?;
    for (cell, text) in [("th", tr!("similarity-held-out")), ("th", tr!("metric-l1")), ("th", tr!("metric-rmse"))] {
        append(&head, &create(cell, &text)?);
    }
    append(&results, &head);
    for (row, values) in [(tr!("similarity-3v7"), [a37_l1, a37_rmse]), (tr!("similarity-all"), [a_l1, a_rmse])] {
        let tr = create("tr", "")?;
        append(&tr, &create("td", &row)?);
        for v in values {
            let td = create("td", &crate::i18n::number(v, 4))?;
            let _ = td.set_attribute("data-value", &format!("{v:.4}"));
            append(&tr, &td);
        }
        append(&results, &tr);
    }
    append(&live, &create("h3", &tr!("similarity-unknown"))?);
    let controls = add(&live, "div", &[("class", "lesson-controls")])?;
    append(&controls, &number_input(&tr!("similarity-digit"), "s-index", 0, test.len() - 1)?);
    add(&live, "div", &[("class", "lesson-grid"), ("id", "s-grid")])?;
    let render = {
        let data = data.clone();
        move || {
            if let Err(e) = render_unknown(&data, &l1, &rmse) {
                error(&e);
            }
        }
    };
    render();
    super::dom::on("s-index", "change", move |_: web_sys::Event| render())?;
    status_tr(tr_text!("similarity-status", v37 = num(a37_l1 * 100.0, 2), all = num(a_l1 * 100.0, 2)));
    set_result(app, a37_l1);
    Ok(())
}

fn render_unknown(data: &Loaded, l1: &[f32], rmse: &[f32]) -> Result<(), String> {
    let test = &data.test;
    let k = data.train.classes;
    let i = read_number("s-index", 0, test.len() - 1);
    let grid = element("s-grid")?;
    grid.set_text_content(None);
    let n = test.pixels();
    let fig = super::dom::figure(&views::grey_rgba(test.images[i * n..(i + 1) * n].iter().map(|&b| b as f32 / 255.0)), test.cols, test.rows, &tr!("similarity-truly", name = data.names[test.labels[i] as usize].as_str()), &tr!("similarity-unknown-alt"))?;
    let _ = fig.set_attribute("class", "digits");
    append(&grid, &fig);
    let table = create("table", "")?;
    let _ = table.set_attribute("class", "distances");
    let head = create("tr", "")?;
    for h in [tr!("similarity-average-of"), tr!("similarity-l1"), tr!("metric-rmse")] {
        append(&head, &create("th", &h)?);
    }
    append(&table, &head);
    let nearest = (0..k).min_by(|&a, &b| l1[i * k + a].total_cmp(&l1[i * k + b])).unwrap_or(0);
    for c in 0..k {
        let tr = create("tr", "")?;
        if c == nearest {
            let _ = tr.set_attribute("class", "nearest");
        }
        append(&tr, &create("td", &data.names[c])?);
        append(&tr, &create("td", &crate::i18n::number(l1[i * k + c] as f64, 4))?);
        append(&tr, &create("td", &crate::i18n::number(rmse[i * k + c] as f64, 4))?);
        append(&table, &tr);
    }
    append(&grid, &table);
    Ok(())
}

// ---- 3. gradient descent by hand -------------------------------------------------------------------

struct Fit {
    params: Tensor,
    features: Tensor,
    target: Tensor,
    t: Vec<f32>,
    speed: Vec<f32>,
    losses: Vec<f64>,
    preds: Vec<f32>,
}

fn quadratic(app: &Shared) -> Result<(), String> {
    let live = element("lesson-live")?;
    let controls = add(&live, "div", &[("class", "lesson-controls")])?;
    let lr = add(&controls, "label", &[])?;
    lr.set_text_content(Some(&tr!("train-lr")));
    add(&lr, "input", &[("id", "q-lr"), ("type", "number"), ("step", "any"), ("min", "0"), ("value", "0.00001")])?;
    for (id, label) in [("q-step", "quadratic-step"), ("q-ten", "quadratic-ten"), ("q-reset", "quadratic-reset")] {
        add(&controls, "button", &[("id", id), ("type", "button")])?.set_text_content(Some(&tr!(label)));
    }
    append(&live, &views_canvas("q-chart", 640, 260, &tr!("quadratic-chart"))?);
    add(&live, "p", &[("id", "q-params")])?;
    add(&live, "ol", &[("id", "q-log"), ("class", "log")])?;
    let fit: Rc<std::cell::RefCell<Option<Fit>>> = Rc::new(std::cell::RefCell::new(None));
    let reset = {
        let (app, fit) = (app.clone(), fit.clone());
        move || {
            let (device, seed) = {
                let a = app.borrow();
                (Device::Cpu, a.settings.seed)
            };
            let (t, speed) = quadratic_data(seed);
            let features: Vec<f32> = t.iter().flat_map(|&t| [t * t, t, 1.0]).collect();
            let mut rng = crate::rng::rng(seed.wrapping_add(1));
            let params = Tensor::from_vec(crate::nn::Init::Normal(1.0).sample(3, 1, 1, &mut rng), &[3, 1], &device).requires_grad_();
            *fit.borrow_mut() = Some(Fit {
                params,
                features: Tensor::from_vec(features, &[20, 3], &device),
                target: Tensor::from_vec(speed.clone(), &[20, 1], &device),
                t,
                speed,
                losses: vec![],
                preds: vec![],
            });
            super::dom::clear("q-log");
            let (app, fit) = (app.clone(), fit.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = fit_steps(&app, &fit, 0).await {
                    error(&e);
                }
            });
        }
    };
    reset();
    for (id, steps) in [("q-step", 1), ("q-ten", 10)] {
        let (app, fit) = (app.clone(), fit.clone());
        super::dom::on_click(id, move || {
            let (app, fit) = (app.clone(), fit.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = fit_steps(&app, &fit, steps).await {
                    error(&e);
                }
            });
        })?;
    }
    super::dom::on_click("q-reset", reset)?;
    status_tr(tr_text!("quadratic-status"));
    Ok(())
}

/// Takes `steps` gradient steps (0: just evaluate the start), then redraws. No borrow of the fit is held
/// across an await, so clicks during a run are safe.
async fn fit_steps(app: &Shared, fit: &Rc<std::cell::RefCell<Option<Fit>>>, steps: usize) -> Result<(), String> {
    let lr: f32 = get_value("q-lr").trim().parse().map_err(|_| tr!("quadratic-lr-nan"))?;
    if !lr.is_finite() || lr < 0.0 {
        return Err(tr!("quadratic-lr-bad", lr = lr.to_string()));
    }
    for step in 0..=steps {
        let (loss, preds) = {
            let f = fit.borrow();
            let f = f.as_ref().ok_or("no fit")?;
            let preds = f.features.matmul(&f.params);
            let diff = preds.sub(&f.target);
            (diff.mul(&diff).mean(), preds)
        };
        let value = loss.item().await? as f64;
        let predicted = preds.to_vec().await?;
        let mut guard = fit.borrow_mut();
        let f = guard.as_mut().ok_or("no fit")?;
        // Step 0 measures the current parameters: logged once, when they are new.
        if step > 0 || f.losses.is_empty() {
            f.losses.push(value);
            f.preds = predicted;
            if let (Ok(log), Ok(li)) = (element("q-log"), create("li", &tr!("quadratic-log", loss = crate::i18n::decimal(&views::short(value))))) {
                let _ = li.set_attribute("value", &(f.losses.len() - 1).to_string());
                append(&log, &li);
            }
        }
        if step == steps {
            break;
        }
        loss.backward();
        let grad = f.params.grad().ok_or("no gradient")?;
        no_grad(|| f.params.assign(&f.params.sub(&grad.mul_scalar(lr))));
        f.params.zero_grad();
    }
    let params = fit.borrow().as_ref().ok_or("no fit")?.params.clone();
    let p = params.to_vec().await?;
    let value = {
        let f = fit.borrow();
        let f = f.as_ref().ok_or("no fit")?;
        let s = |v: f32| views::short(v as f64);
        set_text("q-params", &tr!("quadratic-params", a = crate::i18n::decimal(&s(p[0])), b = crate::i18n::decimal(&s(p[1])), c = crate::i18n::decimal(&s(p[2])), steps = f.losses.len() - 1));
        let points: Vec<(f64, f64)> = f.t.iter().zip(&f.speed).map(|(&t, &s)| (t as f64, s as f64)).collect();
        let curve: Vec<(f64, f64)> = f.t.iter().zip(&f.preds).map(|(&t, &s)| (t as f64, s as f64)).collect();
        views::draw_chart(
            "q-chart",
            &[Series { points: &points, colour: "#1a5fb4", width: 0.0, dots: true }, Series { points: &curve, colour: "#e66100", width: 2.0, dots: false }],
            19.0,
            &tr!("axis-time"),
            &tr!("axis-speed"),
            None,
        );
        *f.losses.last().unwrap_or(&f64::NAN)
    };
    if !value.is_finite() {
        status_tr(tr_text!("quadratic-diverged"));
    }
    set_result(app, value);
    Ok(())
}

// ---- comparisons (learning rates, activations, initialisations) ------------------------------------

fn draw_compare(curves: &[Curve], epochs: usize) {
    let series: Vec<Series> = curves.iter().enumerate().map(|(i, c)| Series { points: &c.1, colour: COLOURS[i % COLOURS.len()], width: 2.0, dots: true }).collect();
    views::draw_chart("compare-chart", &series, epochs.max(1) as f64, &tr!("axis-epoch"), &tr!("axis-held-out-accuracy"), Some((0.0, 1.0)));
}

fn compare_table(curves: &[Curve]) -> Result<(), String> {
    let legend = element("compare-legend")?;
    legend.set_text_content(None);
    let table = element("compare-table")?;
    table.set_text_content(None);
    let head = create("tr", "")?;
    for h in [tr!("compare-run-col"), tr!("compare-train-col"), tr!("compare-val-col")] {
        append(&head, &create("th", &h)?);
    }
    append(&table, &head);
    for (i, (label, _, last)) in curves.iter().enumerate() {
        let key = create("span", label)?;
        let _ = key.set_attribute("style", &format!("--c:{}", COLOURS[i % COLOURS.len()]));
        append(&legend, &key);
        let tr = create("tr", "")?;
        append(&tr, &create("td", label)?);
        let (t, v) = last.map_or(("…".into(), "…".into()), |(t, v)| (crate::i18n::number(t as f64, 4), crate::i18n::number(v as f64, 4)));
        append(&tr, &create("td", &t)?);
        append(&tr, &create("td", &v)?);
        append(&table, &tr);
    }
    Ok(())
}

/// Starts a comparison: each run in turn (the lesson's settings plus the run's overrides) in the worker,
/// each run's held-out accuracy per epoch on one chart; the best run becomes the page's model.
pub fn start_comparison(app: &Shared, runs: &'static [(&'static str, &'static str)]) {
    {
        let mut a = app.borrow_mut();
        a.fresh(Fresh::Run);
        a.comparison = Some(Comparison { runs, index: 0, curves: Vec::new(), best: None, last_weights: None });
        a.activity = Activity::Comparing;
    }
    start_comparison_run(app);
}

/// Starts the comparison's current run.
fn start_comparison_run(app: &Shared) {
    let (base, runs, index) = {
        let a = app.borrow();
        let Some(c) = a.comparison.as_ref() else { return };
        (a.settings.clone(), c.runs, c.index)
    };
    let (label, overrides) = runs[index];
    let label = tr!(label);
    let mut s: Settings = base;
    for pair in overrides.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if let Err(e) = s.set(k, v) {
            error(&format!("{label}: {e}"));
            let mut a = app.borrow_mut();
            a.comparison = None;
            a.activity = Activity::Idle;
            return;
        }
    }
    let id = {
        let mut a = app.borrow_mut();
        let id = a.fresh(Fresh::Comparison);
        a.run = Some(RunState { id, settings: s.clone(), position: None, finished: false });
        if let Some(c) = a.comparison.as_mut() {
            c.curves.push((label.to_string(), vec![], None));
            c.last_weights = None;
        }
        id
    };
    status_tr(tr_text!("compare-status", run = index + 1, runs = runs.len(), label = label.as_str()));
    update::ensure_helpers(app);
    update::send(app, ToWorker::Train { run: id, settings: s, report_every: 20, weights: None, from_epoch: 0, paused: false });
}

/// A comparison run's report: its held-out accuracy per epoch on the chart and in the table.
pub fn on_comparison_events(app: &Shared, events: &[Event]) {
    let weights = app.borrow().current.as_ref().map(|c| c.weights.clone());
    let epochs = app.borrow().settings.epochs;
    for e in events {
        match e {
            Event::Epoch { epoch, train, val: Some(v), .. } => {
                let (curves, run) = {
                    let mut a = app.borrow_mut();
                    let Some(c) = a.comparison.as_mut() else { return };
                    let curve = c.curves.last_mut().expect("a run was started");
                    curve.1.push((*epoch as f64, v.accuracy as f64));
                    curve.2 = Some((train.accuracy, v.accuracy));
                    (c.curves.clone(), c.index)
                };
                draw_compare(&curves, epochs);
                if let Err(e) = compare_table(&curves) {
                    error(&e);
                }
                embed::post(app, "epoch", &[("run", run as f64), ("epoch", *epoch as f64), ("train_accuracy", train.accuracy as f64), ("val_accuracy", v.accuracy as f64), ("val_loss", v.loss as f64)]);
            }
            Event::Diverged { message, .. } => {
                let label = app.borrow().comparison.as_ref().and_then(|c| c.curves.last().map(|c| c.0.clone())).unwrap_or_default();
                status(&format!("{label}: {message}"));
            }
            _ => {}
        }
    }
    if let Some(c) = app.borrow_mut().comparison.as_mut() {
        c.last_weights = weights;
    }
}

/// A comparison run ended: keep it if it is the best so far, then the next run, or the end.
pub fn comparison_run_finished(app: &Shared) {
    let next = {
        let mut a = app.borrow_mut();
        let Some(c) = a.comparison.as_mut() else { return };
        let last = c.curves.last().and_then(|c| c.2).map_or(0.0, |c| c.1);
        if let Some(w) = c.last_weights.take() {
            if c.best.as_ref().is_none_or(|b| last > b.0) {
                c.best = Some((last, w));
            }
        }
        c.index += 1;
        c.index < c.runs.len()
    };
    if next {
        start_comparison_run(app);
        return;
    }
    let app = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            let (best, runs) = {
                let mut a = app.borrow_mut();
                let c = a.comparison.take().ok_or("no comparison")?;
                (c.best.ok_or("no run finished")?, c.runs.len())
            };
            let (acc, weights) = best;
            update::take_weights(&app, weights, 0);
            app.borrow_mut().activity = Activity::Evaluating;
            learned::refresh(&app).await;
            evaluation::evaluate(&app).await?;
            status_tr(tr_text!("compare-done", runs = runs, percent = num(acc as f64 * 100.0, 2)));
            set_result(&app, acc as f64);
            embed::post(&app, "done", &[("accuracy", acc as f64)]);
            Ok::<(), String>(())
        }
        .await;
        if let (Err(e), false) = (result, app.borrow().activity == Activity::WorkerLost) {
            error(&e);
        }
        {
            let mut a = app.borrow_mut();
            if a.activity == Activity::Evaluating {
                a.activity = Activity::Idle;
            }
        }
        update::render_controls(&app);
    });
}
