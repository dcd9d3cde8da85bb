//! Drawing what the page shows: digits, weight and gradient images, feature maps, charts, the confusion
//! matrix, the misclassified gallery and probability bars. Pure rendering: no training state here.

use wasm_bindgen::JsCast;

use crate::chart::{nice_ticks, tick_label};
use super::dom::{append, clear, context, create, element, figure, set_hidden, set_text};
use crate::data::Dataset;
use crate::i18n::escape_html;

/// A grey image (values in [0, 1], ink bright on black, as MNIST is) as RGBA.
pub fn grey_rgba(values: impl Iterator<Item = f32>) -> Vec<u8> {
    values.flat_map(|v| {
        let g = (v.clamp(0.0, 1.0) * 255.0) as u8;
        [g, g, g, 255]
    })
    .collect()
}

/// A diverging colour map: blue negative, white 0, red positive, full colour at ±`scale`.
pub fn diverging_rgba(values: &[f32], scale: f32) -> Vec<u8> {
    values
        .iter()
        .flat_map(|&v| {
            let t = (v / scale).clamp(-1.0, 1.0);
            let fade = (255.0 * (1.0 - t.abs())) as u8;
            if t >= 0.0 {
                [255, fade, fade, 255]
            } else {
                [fade, fade, 255, 255]
            }
        })
        .collect()
}

/// A number short enough for a label: plain with a few decimals, or in e-notation when very large or small.
pub fn short(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        format!("{v}")
    } else if a != 0.0 && !(1e-3..1e5).contains(&a) {
        format!("{v:.3e}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// The largest magnitude in `v` (a colour scale).
pub fn max_abs(v: &[f32]) -> f32 {
    v.iter().fold(0.0f32, |m, x| m.max(x.abs())).max(1e-12)
}

/// A few training digits of every class with their labels: from the first when `fresh`, else after those the
/// panel has, while `time_left` says the turn has time (at least one a call). Whether all are there.
pub fn draw_samples(data: &Dataset, names: &[String], fresh: bool, time_left: &dyn Fn() -> bool) -> Result<bool, String> {
    let panel = element("samples")?;
    if fresh {
        panel.set_text_content(None);
    }
    let per_class = if data.classes <= 2 { 10 } else { 3 };
    let mut count = vec![0; data.classes];
    let mut picked = Vec::new();
    for (i, &l) in data.labels.iter().enumerate() {
        if count[l as usize] < per_class {
            count[l as usize] += 1;
            picked.push(i);
        }
        if picked.len() == per_class * data.classes {
            break;
        }
    }
    crate::sort_by_f64(&mut picked, |&i| data.labels[i] as f64);
    let p = data.pixels();
    append_figures(&panel, &picked, time_left, |i| {
        let name = &names[data.labels[i] as usize];
        let rgba = grey_rgba(data.images[i * p..(i + 1) * p].iter().map(|&b| b as f32 / 255.0));
        append(&panel, &figure(&rgba, data.cols, data.rows, name, &crate::tr!("sample-alt", name = name.as_str()))?);
        Ok(())
    })
}

/// Draws (`draw`) the `items` after the figures `panel` already has: at least one, then while `time_left` says
/// the turn has time (a panel drawn over several turns). Whether all are there.
fn append_figures<T: Copy>(panel: &web_sys::Element, items: &[T], time_left: &dyn Fn() -> bool, draw: impl Fn(T) -> Result<(), String>) -> Result<bool, String> {
    let mut next = children_named(panel, "figure");
    while next < items.len() {
        draw(items[next])?;
        next += 1;
        if !time_left() {
            break;
        }
    }
    Ok(next >= items.len())
}

/// One class's pattern (diverging colours on a `scale` shared by all classes), captioned with its name.
pub fn pattern_figure(pattern: &[f32], rows: usize, cols: usize, scale: f32, name: &str) -> Result<web_sys::Element, String> {
    figure(&diverging_rgba(pattern, scale), cols, rows, name, &crate::tr!("learned-pattern", name = name))
}

/// One small diverging image of a row of them (a hidden unit, a conv filter), scaled by its own largest magnitude.
pub fn unit_figure(img: &[f32], h: usize, w: usize, label: &str) -> Result<web_sys::Element, String> {
    figure(&diverging_rgba(img, max_abs(img)), w, h, "", label)
}

/// Empties a row of units' panel and shows its heading with `title`, or hides it (`None`).
pub fn units_heading(panel: &str, title: Option<&str>) {
    let head = if panel == "units-panel" { "units-h" } else { "maps-h" };
    clear(panel);
    set_hidden(head, title.is_none());
    if let Some(t) = title {
        set_text(head, t);
    }
}

/// A feature map (non-negative after ReLU; any sign for tanh) as a grey image scaled to its own range.
pub fn map_figure(m: &[f32], h: usize, w: usize, label: &str) -> Result<web_sys::Element, String> {
    let (lo, hi) = m.iter().fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let span = (hi - lo).max(1e-6);
    figure(&grey_rgba(m.iter().map(|v| (v - lo) / span)), w, h, "", label)
}

// ---- charts ----------------------------------------------------------------------------------------

pub struct Series<'a> {
    pub points: &'a [(f64, f64)],
    pub colour: &'a str,
    /// Line width; 0 = dots only.
    pub width: f64,
    /// Draw a dot at each point (epoch values: few points).
    pub dots: bool,
    /// A dashed line: a reference to compare with (a baseline's accuracy), not a measured curve.
    pub dashed: bool,
}

/// A line chart on canvas `id`: x from 0 to `x_max`, y over the data's range (or `y_range`), both axes with
/// ticks at 1-2-5 steps (`chart::nice_ticks`) and their titles (`x_label`, `y_label`).
pub fn draw_chart(id: &str, series: &[Series], x_max: f64, x_label: &str, y_label: &str, y_range: Option<(f64, f64)>) {
    let Some(c) = element(id).ok().and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok()) else { return };
    let Some(ctx) = context(&c) else { return };
    let (w, h) = (c.width() as f64, c.height() as f64);
    let (left, right, top, bottom) = (58.0, 8.0, 8.0, 34.0);
    ctx.clear_rect(0.0, 0.0, w, h);
    let all = series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).filter(|v| v.is_finite());
    let (mut lo, mut hi) = y_range.unwrap_or_else(|| all.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v))));
    if lo > hi {
        (lo, hi) = (0.0, 1.0);
    }
    if y_range.is_none() && lo > 0.0 && lo < hi * 0.5 {
        lo = 0.0; // a loss curve starts its axis at 0 unless that squashes it
    }
    let (lo, hi, y_step, y_ticks) = nice_ticks(lo, hi, 4);
    let x_max = x_max.max(1e-9);
    let (_, x_end, x_step, x_ticks) = if x_max.fract() == 0.0 && x_max <= 10.0 { (0.0, x_max, 1.0, (0..=x_max as usize).map(|i| i as f64).collect()) } else { nice_ticks(0.0, x_max, 5) };
    let px = |x: f64| left + (w - left - right) * x / x_end;
    let py = |y: f64| top + (h - top - bottom) * (1.0 - (y - lo) / (hi - lo));
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_stroke_style_str("#e3e6ea");
    ctx.set_fill_style_str("#555");
    ctx.set_line_width(1.0);
    for &v in &y_ticks {
        ctx.begin_path();
        ctx.move_to(left, py(v));
        ctx.line_to(w - right, py(v));
        ctx.stroke();
        let text = crate::i18n::decimal(&tick_label(v, y_step));
        let tw = ctx.measure_text(&text).map_or(20.0, |m| m.width());
        let _ = ctx.fill_text(&text, left - 4.0 - tw, py(v) + 4.0);
    }
    for &x in &x_ticks {
        let text = crate::i18n::decimal(&tick_label(x, x_step));
        let tw = ctx.measure_text(&text).map_or(8.0, |m| m.width());
        let _ = ctx.fill_text(&text, px(x) - tw / 2.0, h - bottom + 14.0);
    }
    // Axis titles: x centred under its ticks, y turned along the axis.
    let xw = ctx.measure_text(x_label).map_or(40.0, |m| m.width());
    let _ = ctx.fill_text(x_label, left + (w - left - right - xw) / 2.0, h - 4.0);
    let yw = ctx.measure_text(y_label).map_or(40.0, |m| m.width());
    ctx.save();
    let _ = ctx.translate(12.0, top + (h - top - bottom + yw) / 2.0);
    let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
    let _ = ctx.fill_text(y_label, 0.0, 0.0);
    ctx.restore();
    if series.iter().all(|s| s.points.is_empty()) {
        ctx.set_fill_style_str("#888");
        ctx.set_font("13px system-ui, sans-serif");
        let _ = ctx.fill_text(&crate::tr!("chart-empty"), left + 20.0, top + (h - top - bottom) / 2.0);
    }
    for s in series {
        ctx.set_stroke_style_str(s.colour);
        ctx.set_fill_style_str(s.colour);
        ctx.set_line_width(s.width.max(0.5));
        let dash = if s.dashed { js_sys::Array::of2(&8.0.into(), &5.0.into()) } else { js_sys::Array::new() };
        let _ = ctx.set_line_dash(&dash);
        ctx.begin_path();
        for (i, &(x, y)) in s.points.iter().filter(|p| p.1.is_finite()).enumerate() {
            if i == 0 {
                ctx.move_to(px(x), py(y));
            } else {
                ctx.line_to(px(x), py(y));
            }
        }
        if s.width > 0.0 {
            ctx.stroke();
        }
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        if s.dots {
            for &(x, y) in s.points.iter().filter(|p| p.1.is_finite()) {
                ctx.begin_path();
                let _ = ctx.arc(px(x), py(y), 3.0, 0.0, std::f64::consts::TAU);
                ctx.fill();
            }
        }
    }
}

// ---- evaluation ------------------------------------------------------------------------------------

/// A confusion matrix in table `id`: rows are true classes, columns predictions; when `pickable`, each count is
/// a button carrying `data-cell="true,predicted"` (one listener on the table answers them all).
pub fn draw_confusion(id: &str, matrix: &[usize], names: &[String], selected: Option<(usize, usize)>, pickable: bool) -> Result<(), String> {
    use std::fmt::Write;
    let k = names.len();
    let table = element(id)?;
    // Written as one piece of HTML (its texts escaped): ~800 separate element and attribute calls for a
    // 10×10 matrix of buttons were ~35–80 ms of the page's thread on a phone.
    let mut html = format!("<tr><th>{}</th>", escape_html(&crate::tr!("eval-corner")));
    for name in names {
        let _ = write!(html, "<th>{}</th>", escape_html(name));
    }
    html.push_str("</tr>");
    let max = matrix.iter().copied().max().unwrap_or(1).max(1);
    for t in 0..k {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape_html(&names[t]));
        for p in 0..k {
            let n = matrix[t * k + p];
            let shade = 1.0 - 0.7 * n as f64 / max as f64;
            let lightness = (shade * 100.0) as u32;
            let colour = if t == p {
                format!("hsl(140 50% {lightness}%)")
            } else if n > 0 {
                format!("hsl(0 70% {}%)", (60.0 + shade * 35.0) as u32)
            } else {
                "transparent".into()
            };
            // Dark greens take white text: black on them falls below WCAG's 4.5:1 contrast.
            let ink = if t == p && lightness <= 35 { "#fff" } else { "#000" };
            let class = if selected == Some((t, p)) { " class=\"selected\"" } else { "" };
            let label = escape_html(&crate::tr!("eval-cell", count = n, truth = names[t].as_str(), predicted = names[p].as_str()));
            let _ = write!(html, "<td style=\"background:{colour};--ink:{ink}\"{class}>");
            let _ = if pickable {
                write!(html, "<button type=\"button\" aria-label=\"{label}\" data-cell=\"{t},{p}\">{n}</button></td>")
            } else {
                write!(html, "<span aria-label=\"{label}\" role=\"img\">{n}</span></td>")
            };
        }
        html.push_str("</tr>");
    }
    table.set_inner_html(&html);
    Ok(())
}

/// The gallery: test digits with true label, prediction and its probability — the (true, predicted)
/// cell's digits, or all misclassified ones, most confident first (at most 40 shown). Each digit is a button
/// (class `pick`, `data-index`: one listener on the gallery answers them all); `selected` is the one explained now.
/// Drawn in parts (`part`), so that no turn of the page's thread holds all 40 (~90 ms on a phone); returns
/// whether the gallery is complete.
pub fn draw_gallery(test: &Dataset, probs: &[f32], names: &[String], cell: Option<(usize, usize)>, selected: Option<usize>, part: GalleryPart) -> Result<bool, String> {
    let k = names.len();
    let panel = element("misclassified")?;
    let mut hits: Vec<(usize, usize, f32)> = probs
        .chunks(k)
        .enumerate()
        .filter_map(|(i, row)| {
            let pred = argmax(row);
            let t = test.labels[i] as usize;
            let wanted = match cell {
                Some(c) => c == (t, pred),
                None => t != pred,
            };
            wanted.then_some((i, pred, row[pred]))
        })
        .collect();
    crate::sort_by_f64(&mut hits, |h| -(h.2 as f64));
    let end = hits.len().min(GALLERY_SHOWN);
    // First: the title and the first digits, whatever the time; More: the others while the turn has time.
    let (shown, time_left): (usize, &dyn Fn() -> bool) = match part {
        GalleryPart::First => {
            panel.set_text_content(None);
            let title = match cell {
                Some((t, p)) if t == p => crate::tr!("gallery-correct", name = names[t].as_str(), count = hits.len()),
                Some((t, p)) => crate::tr!("gallery-confused", truth = names[t].as_str(), predicted = names[p].as_str(), count = hits.len()),
                None => crate::tr!("gallery-mistakes", count = hits.len(), total = test.len()),
            };
            set_text("gallery-h", &title);
            (end.min(GALLERY_FIRST), &|| true)
        }
        GalleryPart::More(time_left) => (end, time_left),
    };
    let done = append_figures(&panel, &hits[..shown], time_left, |hit| gallery_figure(&panel, test, names, hit, selected))? && shown == end;
    if done && hits.len() > GALLERY_SHOWN && children_named(&panel, "p") == 0 {
        append(&panel, &create("p", &crate::tr!("gallery-more", count = hits.len() - GALLERY_SHOWN))?);
    }
    Ok(done)
}

/// How many of `el`'s children are `tag` elements (e.g. the figures a panel drawn in parts already has).
fn children_named(el: &web_sys::Element, tag: &str) -> usize {
    std::iter::successors(el.first_element_child(), |c| c.next_element_sibling())
        .filter(|c| c.tag_name().eq_ignore_ascii_case(tag))
        .count()
}

/// What `draw_gallery` draws: its title and first figures (`First`), or the figures after those already in
/// the gallery while the turn's time lasts (`More`: the caller's clock says whether any time is left).
#[derive(Clone, Copy)]
pub enum GalleryPart<'a> {
    First,
    More(&'a dyn Fn() -> bool),
}

const GALLERY_SHOWN: usize = 40;
const GALLERY_FIRST: usize = 10;

/// One digit of the gallery, `(index, answer, confidence)`: a button that explains it, with its caption.
fn gallery_figure(panel: &web_sys::Element, test: &Dataset, names: &[String], (i, pred, conf): (usize, usize, f32), selected: Option<usize>) -> Result<(), String> {
    let n = test.pixels();
    let t = &names[test.labels[i] as usize];
    let rgba = grey_rgba(test.images[i * n..(i + 1) * n].iter().map(|&b| b as f32 / 255.0));
    let caption = format!("{t} → {} {:.0}%", names[pred], conf * 100.0);
    // The digit is a button: choosing it explains the model's answer (`explain(i)`).
    let fig = figure(&rgba, test.cols, test.rows, &caption, "")?;
    let button = create("button", "")?;
    let _ = button.set_attribute("type", "button");
    let _ = button.set_attribute("class", "pick");
    let _ = button.set_attribute("data-index", &i.to_string());
    let label = crate::tr!("gallery-alt", index = i, truth = t.as_str(), predicted = names[pred].as_str(), percent = crate::i18n::num(conf as f64 * 100.0, 0));
    let _ = button.set_attribute("aria-label", &crate::tr!("gallery-explain", digit = label));
    if selected == Some(i) {
        let _ = button.set_attribute("aria-pressed", "true");
    }
    if let Some(canvas) = fig.first_element_child() {
        append(&button, &canvas);
    }
    fig.prepend_with_node_1(&button).map_err(|_| "gallery: could not place a digit")?;
    append(panel, &fig);
    Ok(())
}

pub use crate::page::state::argmax;

/// "Why this answer": after `lead` (figures already in `el`, e.g. the input), one blue/red map per
/// explained class — the answer's ("Why 5?"), then the class in question's ("Why not 3?") — on one scale.
/// Returns the line that says how to read them.
pub fn draw_explanation(el: &web_sys::Element, e: &crate::eval::Explanation, names: &[String], rows: usize, cols: usize) -> Result<String, String> {
    let scale = e.scale.max(1e-12);
    for (i, (map, &c)) in e.maps.iter().zip(&e.classes).enumerate() {
        let name = names.get(c).map_or("?", String::as_str);
        let (caption, alt) = if i == 0 {
            (crate::tr!("why-answer", name = name), crate::tr!("why-answer-alt", name = name))
        } else {
            (crate::tr!("why-not", name = name), crate::tr!("why-not-alt", name = name))
        };
        let fig = figure(&diverging_rgba(map, scale), cols, rows, &caption, &alt)?;
        let _ = fig.set_attribute("data-class", &c.to_string());
        append(el, &fig);
    }
    Ok(crate::tr!("why-help", scale = crate::i18n::num(scale as f64, 3)))
}

/// Probability bars, one row per class, the most likely in bold.
pub fn draw_bars(probs: &[f32], names: &[String]) -> Result<(), String> {
    bars("sketch-bars", probs, names, Some(argmax(probs)))
}

/// Each class's accuracy on the held-out digits (the confusion matrix's diagonal over its row sums), as bars
/// with their numbers; a class with no held-out digits shows "–".
pub fn draw_class_accuracy(matrix: &[usize], names: &[String]) -> Result<(), String> {
    let k = names.len();
    let acc: Vec<f32> = (0..k)
        .map(|t| {
            let row = &matrix[t * k..(t + 1) * k];
            let n: usize = row.iter().sum();
            if n == 0 { f32::NAN } else { row[t] as f32 / n as f32 }
        })
        .collect();
    let worst = (0..k).filter(|&c| acc[c].is_finite()).min_by(|&a, &b| acc[a].total_cmp(&acc[b]));
    bars("class-accuracy", &acc, names, worst)
}

/// Rows of name, bar and percentage in `id`; `mark` is shown in bold.
fn bars(id: &str, values: &[f32], names: &[String], mark: Option<usize>) -> Result<(), String> {
    let el = element(id)?;
    el.set_text_content(None);
    for (c, p) in values.iter().enumerate() {
        let name = create("span", names.get(c).map_or("?", String::as_str))?;
        let bar = create("span", "")?;
        let _ = bar.set_attribute("class", "bar");
        let fill = create("span", "")?;
        let _ = fill.set_attribute("style", &format!("width:{:.1}%", if p.is_finite() { p * 100.0 } else { 0.0 }));
        append(&bar, &fill);
        let value = create("span", &if p.is_finite() { format!("{}%", crate::i18n::number(*p as f64 * 100.0, 1)) } else { "–".into() })?;
        let _ = value.set_attribute("data-value", &p.to_string());
        if mark == Some(c) {
            let _ = name.set_attribute("class", "best");
            let _ = value.set_attribute("class", "best");
        }
        append(&el, &name);
        append(&el, &bar);
        append(&el, &value);
    }
    Ok(())
}
