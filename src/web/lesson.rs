//! Lesson mode: the lesson panel (title, explanation, live part, result, what to try next) and the live
//! parts that are not the playground itself — the pixel table, the pixel-similarity baseline, the quadratic
//! fit and run comparisons. Their controls hand their values over as messages; every number shown comes
//! from the state, where `update` put what the engine computed.

use super::dispatch::Dispatch;
use super::dom::{add, append, create, element, get_value, listen, on, set_hidden, set_number, set_text};
use super::views::{self, Series};
use crate::lessons::{Lesson, Live, LESSONS};
use crate::page::state::{Curve, Loaded};
use crate::page::{Msg, State};
use crate::tr;

const SECTIONS: [&str; 8] = ["data-section", "model-section", "train-section", "learned-section", "eval-section", "sketch-section", "own-section", "file-section"];
const COLOURS: [&str; 6] = ["#1a5fb4", "#e66100", "#2e7d32", "#9141ac", "#c01c28", "#865e3c"];
const TENSOR_INPUTS: [&str; 5] = ["t-index", "t-r0", "t-r1", "t-c0", "t-c1"];
/// The random forest's line on a comparison chart (dashed; no run's colour).
const FOREST_COLOUR: &str = "#000000";

/// Shows only the sections the lesson uses (the layout is set before anything loads).
pub fn install(_d: &Dispatch, s: &State) -> Result<(), String> {
    let Some(lesson) = s.lesson else { return Ok(()) };
    set_hidden("lesson", false);
    // The file section (keep and share) goes with any playground section.
    for id in SECTIONS {
        let shown = lesson.sections.contains(&id) || (id == "file-section" && !lesson.sections.is_empty());
        set_hidden(id, !shown);
    }
    // Without the data/model/training column, the rest takes the full width.
    if !lesson.sections.contains(&"train-section") {
        if let Some(c) = super::dom::document().and_then(|d| d.query_selector(".columns").ok().flatten()) {
            c.set_class_name("columns single");
        }
    }
    texts(lesson)
}

/// The lesson's texts and the list of lessons, in the current language.
fn texts(lesson: &Lesson) -> Result<(), String> {
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
    Ok(())
}

/// The lesson panel from the state (`full`: its texts and live part built again, after a language switch).
pub fn render(s: &State, d: &Dispatch, full: bool) {
    let Some(lesson) = s.lesson else { return };
    let drawn = (|| {
        let live = element("lesson-live")?;
        if full {
            texts(lesson)?;
            live.set_text_content(None);
        }
        if let Some(v) = s.lesson_live.result {
            set_number("lesson-result", v, 4);
        }
        let Some(data) = s.data.as_deref() else { return Ok(()) };
        match lesson.live {
            Live::Tensors => tensors(s, d, data, &live),
            Live::PixelSimilarity => similarity(s, d, data, &live),
            Live::Quadratic => quadratic(s, d, &live),
            Live::Compare(_) => compare(s, d, &live),
            Live::Train | Live::OwnDigits => Ok(()),
        }
    })();
    if let Err(e) = drawn {
        web_sys::console::error_1(&e.into());
    }
}

fn canvas(id: &str, w: u32, h: u32, label: &str) -> Result<web_sys::Element, String> {
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

// ---- 1. tensors and pixels -------------------------------------------------------------------------

fn tensors(s: &State, d: &Dispatch, data: &Loaded, live: &web_sys::Element) -> Result<(), String> {
    let (rows, cols, n) = (data.train.rows, data.train.cols, data.train.len());
    let [i, r0, r1, c0, c1] = s.lesson_live.tensor;
    if element("t-grid").is_err() {
        let controls = add(live, "div", &[("class", "lesson-controls")])?;
        let labels = [tr!("tensors-digit"), tr!("tensors-rows-from"), tr!("tensors-to"), tr!("tensors-columns-from"), tr!("tensors-to")];
        let max = [n - 1, rows - 1, rows - 1, cols - 1, cols - 1];
        for (k, id) in TENSOR_INPUTS.iter().enumerate() {
            append(&controls, &number_input(&labels[k], id, s.lesson_live.tensor[k], max[k])?);
            let d = d.clone();
            on(id, "change", move |_: web_sys::Event| d.send(Msg::TensorView(TENSOR_INPUTS.map(get_value))))?;
        }
        add(live, "p", &[("id", "t-shape")])?;
        add(live, "div", &[("class", "lesson-grid"), ("id", "t-grid")])?;
    }
    let t = &data.train;
    let name = data.names[t.labels[i] as usize].as_str();
    let (s_, rank) = (|v: usize| v.to_string(), 2);
    set_text(
        "t-shape",
        &tr!("tensors-shape", index = s_(i), label = name, rows = s_(rows), cols = s_(cols), rank = rank, count = t.len(), n = s_(t.len()), r0 = s_(r0), r1 = s_(r1), c0 = s_(c0), c1 = s_(c1)),
    );
    let pixels = t.image_f32(i);
    let grid = element("t-grid")?;
    grid.set_text_content(None);
    let fig = super::dom::figure(&views::grey_rgba(pixels.iter().copied()), cols, rows, &tr!("tensors-label", name = name), &tr!("tensors-digit-alt"))?;
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
    Ok(())
}

// ---- 2. pixel similarity ---------------------------------------------------------------------------

fn similarity(s: &State, d: &Dispatch, data: &Loaded, live: &web_sys::Element) -> Result<(), String> {
    let Some(sim) = &s.lesson_live.similarity else { return Ok(()) };
    let (p, test) = (data.train.pixels(), &data.test);
    if element("s-grid").is_err() {
        append(live, &create("h3", &tr!("similarity-ideal"))?);
        let ideal = add(live, "div", &[("class", "digits"), ("id", "ideal-digits")])?;
        for (c, m) in sim.means.chunks(p).enumerate() {
            let top = m.iter().fold(1e-6f32, |a, &b| a.max(b));
            append(&ideal, &super::dom::figure(&views::grey_rgba(m.iter().map(|v| v / top)), data.train.cols, data.train.rows, &data.names[c], &tr!("similarity-mean-alt", name = data.names[c].as_str()))?);
        }
        let results = add(live, "table", &[("class", "distances"), ("id", "baseline-accuracy")])?;
        let head = create("tr", "")?;
        for (cell, text) in [("th", tr!("similarity-held-out")), ("th", tr!("metric-l1")), ("th", tr!("metric-rmse"))] {
            append(&head, &create(cell, &text)?);
        }
        append(&results, &head);
        for (row, values) in [(tr!("similarity-3v7"), sim.accuracy[0]), (tr!("similarity-all"), sim.accuracy[1])] {
            let tr = create("tr", "")?;
            append(&tr, &create("td", &row)?);
            for v in values {
                let td = create("td", &crate::i18n::number(v, 4))?;
                let _ = td.set_attribute("data-value", &format!("{v:.4}"));
                append(&tr, &td);
            }
            append(&results, &tr);
        }
        append(live, &create("h3", &tr!("similarity-unknown"))?);
        let controls = add(live, "div", &[("class", "lesson-controls")])?;
        append(&controls, &number_input(&tr!("similarity-digit"), "s-index", s.lesson_live.digit, test.len() - 1)?);
        add(live, "div", &[("class", "lesson-grid"), ("id", "s-grid")])?;
        let d = d.clone();
        on("s-index", "change", move |_: web_sys::Event| d.send(Msg::SimilarityDigit(get_value("s-index"))))?;
    }
    let (k, i, n) = (data.train.classes, s.lesson_live.digit, test.pixels());
    let grid = element("s-grid")?;
    grid.set_text_content(None);
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
    let nearest = (0..k).min_by(|&a, &b| sim.l1[i * k + a].total_cmp(&sim.l1[i * k + b])).unwrap_or(0);
    for c in 0..k {
        let tr = create("tr", "")?;
        if c == nearest {
            let _ = tr.set_attribute("class", "nearest");
        }
        append(&tr, &create("td", &data.names[c])?);
        append(&tr, &create("td", &crate::i18n::number(sim.l1[i * k + c] as f64, 4))?);
        append(&tr, &create("td", &crate::i18n::number(sim.rmse[i * k + c] as f64, 4))?);
        append(&table, &tr);
    }
    append(&grid, &table);
    Ok(())
}

// ---- 3. gradient descent by hand -------------------------------------------------------------------

fn quadratic(s: &State, d: &Dispatch, live: &web_sys::Element) -> Result<(), String> {
    if element("q-chart").is_err() {
        let controls = add(live, "div", &[("class", "lesson-controls")])?;
        let lr = add(&controls, "label", &[])?;
        lr.set_text_content(Some(&tr!("train-lr")));
        add(&lr, "input", &[("id", "q-lr"), ("type", "number"), ("step", "any"), ("min", "0"), ("value", "0.00001")])?;
        for (id, label) in [("q-step", "quadratic-step"), ("q-ten", "quadratic-ten"), ("q-reset", "quadratic-reset")] {
            let button = add(&controls, "button", &[("id", id), ("type", "button")])?;
            button.set_text_content(Some(&tr!(label)));
            let d = d.clone();
            listen(&button, "click", move |_: web_sys::Event| {
                d.send(match id {
                    "q-reset" => Msg::QuadraticReset,
                    _ => Msg::QuadraticSteps { steps: if id == "q-ten" { 10 } else { 1 }, lr: get_value("q-lr") },
                })
            });
        }
        append(live, &canvas("q-chart", 640, 260, &tr!("quadratic-chart"))?);
        add(live, "p", &[("id", "q-params")])?;
        add(live, "ol", &[("id", "q-log"), ("class", "log")])?;
    }
    let Some(f) = &s.lesson_live.fit else { return Ok(()) };
    let log = element("q-log")?;
    log.set_text_content(None);
    for (i, loss) in f.losses.iter().enumerate() {
        let li = create("li", &tr!("quadratic-log", loss = crate::i18n::decimal(&views::short(*loss))))?;
        let _ = li.set_attribute("value", &i.to_string());
        append(&log, &li);
    }
    if let [a, b, c] = f.values[..] {
        let short = |v: f32| crate::i18n::decimal(&views::short(v as f64));
        set_text("q-params", &tr!("quadratic-params", a = short(a), b = short(b), c = short(c), steps = f.losses.len().saturating_sub(1)));
    }
    let points: Vec<(f64, f64)> = f.t.iter().zip(&f.speed).map(|(&t, &s)| (t as f64, s as f64)).collect();
    let curve: Vec<(f64, f64)> = f.t.iter().zip(&f.preds).map(|(&t, &s)| (t as f64, s as f64)).collect();
    let series = [Series { points: &points, colour: "#1a5fb4", width: 0.0, dots: true, dashed: false }, Series { points: &curve, colour: "#e66100", width: 2.0, dots: false, dashed: false }];
    views::draw_chart("q-chart", &series, 19.0, &tr!("axis-time"), &tr!("axis-speed"), None);
    Ok(())
}

// ---- comparisons (learning rates, activations, initialisations) ------------------------------------

fn compare(s: &State, d: &Dispatch, live: &web_sys::Element) -> Result<(), String> {
    let forest = s.lesson.is_some_and(|l| l.forest);
    if element("compare-chart").is_err() {
        if forest {
            forest_controls(s, d, live)?;
        }
        let row = add(live, "div", &[("class", "buttons")])?;
        let button = add(&row, "button", &[("id", "compare-run"), ("type", "button"), ("class", "primary")])?;
        button.set_text_content(Some(&tr!("compare-run")));
        let _ = if s.controls().train { button.remove_attribute("disabled") } else { button.set_attribute("disabled", "") };
        append(live, &canvas("compare-chart", 640, 260, &tr!("compare-chart"))?);
        add(live, "div", &[("class", "legend"), ("id", "compare-legend")])?;
        add(live, "table", &[("class", "distances"), ("id", "compare-table")])?;
        let d = d.clone();
        listen(&button, "click", move |_: web_sys::Event| d.send(Msg::Compare));
    }
    if forest {
        forest_values(s);
    }
    let curves: &[Curve] = s.comparison.as_ref().map_or(&s.lesson_live.curves, |c| &c.curves);
    let mut series: Vec<Series> = curves.iter().enumerate().map(|(i, c)| Series { points: &c.1, colour: COLOURS[i % COLOURS.len()], width: 2.0, dots: true, dashed: false }).collect();
    // The forest's held-out accuracy across the whole chart: the level each run's curve has to climb above.
    let baseline = s.lesson_live.forest.filter(|_| forest).map(|f| [(0.0, f.accuracy), (s.settings.epochs.max(1) as f64, f.accuracy)]);
    if let Some(points) = &baseline {
        series.push(Series { points, colour: FOREST_COLOUR, width: 2.0, dots: false, dashed: true });
    }
    views::draw_chart("compare-chart", &series, s.settings.epochs.max(1) as f64, &tr!("axis-epoch"), &tr!("axis-held-out-accuracy"), Some((0.0, 1.0)));
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
    if let Some(f) = s.lesson_live.forest.filter(|_| forest) {
        let key = create("span", &tr!("forest-legend", percent = crate::i18n::num(f.accuracy * 100.0, 2)))?;
        for (k, v) in [("class", "baseline"), ("style", &format!("--c:{FOREST_COLOUR}")), ("data-value", &format!("{:.4}", f.accuracy))] {
            let _ = key.set_attribute(k, v);
        }
        append(&legend, &key);
    }
    Ok(())
}

// ---- the random forest to beat (lesson 7) ------------------------------------------------------------

/// The forest's number, the learner's trees and depth, the button that grows it again, and its line.
fn forest_controls(s: &State, d: &Dispatch, live: &web_sys::Element) -> Result<(), String> {
    let box_ = add(live, "div", &[("class", "forest"), ("id", "forest")])?;
    let number = add(&box_, "p", &[("class", "forest-number")])?;
    append(&number, &create("span", &tr!("forest-beat"))?);
    append(&number, &create("span", " ")?);
    add(&number, "strong", &[("id", "forest-accuracy"), ("data-testid", "forest-accuracy")])?.set_text_content(Some("–"));
    let controls = add(&box_, "div", &[("class", "lesson-controls")])?;
    let f = s.lesson_live.forest_settings;
    for (id, label, value, max) in [("forest-trees", tr!("forest-trees"), f.trees, crate::forest::MAX_TREES), ("forest-depth", tr!("forest-depth"), f.depth, crate::forest::MAX_DEPTH)] {
        let l = create("label", &label)?;
        append(&controls, &l);
        add(&l, "input", &[("type", "number"), ("id", id), ("min", "1"), ("max", &max.to_string()), ("value", &value.to_string())])?;
    }
    let button = add(&controls, "button", &[("id", "forest-run"), ("type", "button")])?;
    button.set_text_content(Some(&tr!("forest-run")));
    let d = d.clone();
    listen(&button, "click", move |_: web_sys::Event| d.send(Msg::Forest { trees: get_value("forest-trees"), depth: get_value("forest-depth") }));
    add(&box_, "p", &[("id", "forest-line"), ("role", "status")])?;
    Ok(())
}

/// The forest's accuracy (machine-readable in data-value) and its line: growing, or what it reached.
fn forest_values(s: &State) {
    let (f, pending) = (s.lesson_live.forest_settings, s.pending.forest.is_some());
    if let Some(r) = s.lesson_live.forest {
        set_number("forest-accuracy", r.accuracy, 4);
    }
    let line = match (pending, s.lesson_live.forest) {
        (true, _) => tr!("forest-training", grown = s.lesson_live.forest_grown, trees = f.trees, depth = f.depth),
        (false, Some(r)) => tr!(
            "forest-done",
            trees = r.settings.trees,
            depth = r.settings.depth,
            seed = r.settings.seed.to_string(),
            percent = crate::i18n::num(r.accuracy * 100.0, 2),
            total = r.total,
            seconds = crate::i18n::num(r.seconds, 2)
        ),
        (false, None) => String::new(),
    };
    set_text("forest-line", &line);
    super::dom::set_disabled("forest-run", pending || !s.worker.running);
}
