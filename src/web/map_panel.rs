//! "The map of the digits": 1,000 held-out digits placed by the worker's PCA of the model's last hidden
//! layer (or its logits), one dot per digit coloured by its true class, the learner's drawing as a marked
//! point (placed with the page's model copy), and the digit under the pointer or keyboard focus shown with
//! its label and the model's answer; the same map in words (each class's centre and spread, the classes
//! that overlap most) for screen readers. Listeners only send messages; everything is drawn from the state.

use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, KeyboardEvent, PointerEvent};

use super::dispatch::Dispatch;
use super::dom::{self, append, clear, context, create, element, listen, on, put_pixels, set_hidden, set_text, typed};
use super::views::grey_rgba;
use crate::digit_map::{project, MapLayer};
use crate::page::msg::MapMsg;
use crate::page::see::{map_frame, map_summary};
use crate::page::{Msg, State};
use crate::tr;
use crate::Device;

const CANVAS: &str = "map-canvas";
/// One colour per class (Tableau 10), the legend's too.
pub const COLOURS: [&str; 10] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"];

pub fn install(d: &Dispatch) -> Result<(), String> {
    {
        let d = d.clone();
        on("map-layer", "change", move |e: web_sys::Event| {
            let value = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default();
            d.send(Msg::Map(MapMsg::Layer(if value == "logits" { MapLayer::Logits } else { MapLayer::Hidden })));
        })?;
    }
    let canvas: HtmlCanvasElement = typed(CANVAS).ok_or("no map canvas")?;
    {
        let (d, c) = (d.clone(), canvas.clone());
        listen(&canvas, "pointermove", move |e: PointerEvent| {
            let r = c.get_bounding_client_rect();
            let (x, y) = ((e.client_x() as f64 - r.left()) / r.width().max(1.0), (e.client_y() as f64 - r.top()) / r.height().max(1.0));
            d.send(Msg::Map(MapMsg::Pointer(Some((x, y)))));
        });
    }
    {
        let d = d.clone();
        listen(&canvas, "pointerleave", move |_: PointerEvent| d.send(Msg::Map(MapMsg::Pointer(None))));
    }
    let d = d.clone();
    listen(&canvas, "keydown", move |e: KeyboardEvent| {
        let msg = match e.key().as_str() {
            "ArrowLeft" => MapMsg::Step(-1, 0),
            "ArrowRight" => MapMsg::Step(1, 0),
            "ArrowUp" => MapMsg::Step(0, -1),
            "ArrowDown" => MapMsg::Step(0, 1),
            "Home" => MapMsg::First,
            "Escape" => MapMsg::Clear,
            _ => return,
        };
        e.prevent_default();
        d.send(Msg::Map(msg));
    });
    Ok(())
}

pub fn render(s: &State) {
    let Some(canvas) = typed::<HtmlCanvasElement>(CANVAS) else { return };
    let Some(ctx) = context(&canvas) else { return };
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.clear_rect(0.0, 0.0, w, h);
    let view = &s.digit_map;
    if let Some(select) = typed::<web_sys::HtmlSelectElement>("map-layer") {
        select.set_value(if view.layer == MapLayer::Logits { "logits" } else { "hidden" });
    }
    let (Some(map), Some(data), Some(c)) = (&view.map, &s.data, &s.current) else {
        set_text("map-help", &tr!(if s.current.is_some() { "map-waiting" } else { "map-none" }));
        for id in ["map-legend", "map-focus-digit", "map-table", "map-overlap"] {
            clear(id);
        }
        set_text("map-focus", "");
        let _ = canvas.remove_attribute("data-points");
        return;
    };
    let names = data.names_for(&c.info);
    let n = map.points.len() / 2;
    let labels = &data.test.labels[..n.min(data.test.len())];
    let frame = map_frame(&map.points);
    let at = |x: f32, y: f32| {
        let (fx, fy) = frame.place(x, y);
        (fx * w, fy * h)
    };
    ctx.set_global_alpha(0.75);
    for (i, &l) in labels.iter().enumerate() {
        let (x, y) = at(map.points[2 * i], map.points[2 * i + 1]);
        ctx.set_fill_style_str(COLOURS[l as usize % COLOURS.len()]);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 2.6, 0.0, std::f64::consts::TAU);
        ctx.fill();
    }
    ctx.set_global_alpha(1.0);
    let _ = canvas.set_attribute("data-points", &n.to_string());
    let _ = canvas.set_attribute("data-ms", &format!("{:.0}", map.ms));
    // For tests: where the first digit is (it moves as the model learns).
    let _ = canvas.set_attribute("data-first", &format!("{:.5},{:.5}", map.points[0], map.points[1]));
    // The learner's drawing, placed with the page's model copy (the same weights as the map's, or newer).
    let drawn = s.drawing.as_ref().and_then(|p| {
        use futures_util::FutureExt;
        project(&c.model, &c.info, p, map, &Device::Cpu).now_or_never().and_then(Result::ok)
    });
    match drawn {
        Some([x, y]) => {
            let (px, py) = at(x, y);
            ctx.set_stroke_style_str("#000");
            ctx.set_line_width(2.5);
            ctx.begin_path();
            let _ = ctx.arc(px, py, 9.0, 0.0, std::f64::consts::TAU);
            ctx.move_to(px - 13.0, py);
            ctx.line_to(px + 13.0, py);
            ctx.move_to(px, py - 13.0);
            ctx.line_to(px, py + 13.0);
            ctx.stroke();
            let (fx, fy) = frame.place(x, y);
            let _ = canvas.set_attribute("data-drawing", &format!("{fx:.4},{fy:.4}"));
        }
        None => {
            let _ = canvas.remove_attribute("data-drawing");
        }
    }
    // The focused digit: a ring on the map, and the digit with its label and the model's answer.
    clear("map-focus-digit");
    match view.focus.filter(|&i| i < labels.len()) {
        Some(i) => {
            let (x, y) = at(map.points[2 * i], map.points[2 * i + 1]);
            ctx.set_stroke_style_str("#000");
            ctx.set_line_width(2.0);
            ctx.begin_path();
            let _ = ctx.arc(x, y, 7.0, 0.0, std::f64::consts::TAU);
            ctx.stroke();
            let truth = names[labels[i] as usize].as_str();
            let predicted = names.get(map.predicted[i] as usize).map_or("?", String::as_str);
            set_text("map-focus", &tr!("map-focus", index = i, truth = truth, predicted = predicted));
            if let (Ok(el), Ok(cv)) = (element("map-focus-digit"), dom::canvas(data.test.cols as u32, data.test.rows as u32, &tr!("map-focus-alt", truth = truth))) {
                put_pixels(&cv, &grey_rgba(data.test.image_f32(i).into_iter()), data.test.cols as u32, data.test.rows as u32);
                append(&el, &cv);
            }
            let _ = canvas.set_attribute("data-focus", &i.to_string());
            let (fx, fy) = frame.place(map.points[2 * i], map.points[2 * i + 1]);
            let _ = canvas.set_attribute("data-focus-at", &format!("{fx:.5},{fy:.5}"));
        }
        None => {
            set_text("map-focus", &tr!("map-focus-none"));
            let _ = canvas.remove_attribute("data-focus");
            let _ = canvas.remove_attribute("data-focus-at");
        }
    }
    let layer = if map.layer == MapLayer::Logits { tr!("map-of-logits") } else if map.features == c.info.rows * c.info.cols { tr!("map-of-pixels") } else { tr!("map-of-hidden", features = map.features) };
    let pct = |v: f32| crate::i18n::num(v as f64 * 100.0, 1);
    set_text("map-help", &tr!("map-help", digits = n, layer = layer, first = pct(map.explained[0]), second = pct(map.explained[1])));
    let _ = legend(&names, drawn.is_some());
    let _ = summary(&map.points, labels, &names);
}

/// Each class's colour and name, and the drawing's mark when it is on the map.
fn legend(names: &[String], drawing: bool) -> Result<(), String> {
    let el = element("map-legend")?;
    el.set_text_content(None);
    for (c, name) in names.iter().enumerate() {
        let item = create("li", "")?;
        let swatch = create("span", "")?;
        let _ = swatch.set_attribute("class", "swatch");
        let _ = swatch.set_attribute("style", &format!("background:{}", COLOURS[c % COLOURS.len()]));
        append(&item, &swatch);
        append(&item, &create("span", name)?);
        append(&el, &item);
    }
    if drawing {
        let item = create("li", "")?;
        let swatch = create("span", "⊕")?;
        let _ = swatch.set_attribute("aria-hidden", "true");
        append(&item, &swatch);
        append(&item, &create("span", &tr!("map-drawing"))?);
        append(&el, &item);
    }
    Ok(())
}

/// The map in words: a table of each class's centre and spread, and the pairs that overlap most.
fn summary(points: &[f32], labels: &[u8], names: &[String]) -> Result<(), String> {
    let (centres, pairs) = map_summary(points, labels, names.len());
    let table = element("map-table")?;
    table.set_text_content(None);
    append(&table, &create("caption", &tr!("map-table-caption"))?);
    let head = create("tr", "")?;
    for t in [tr!("map-col-class"), tr!("map-col-digits"), tr!("map-col-centre"), tr!("map-col-spread")] {
        let th = create("th", &t)?;
        let _ = th.set_attribute("scope", "col");
        append(&head, &th);
    }
    append(&table, &head);
    let num = |v: f64| crate::i18n::number(v, 2);
    for (c, &(x, y, spread, count)) in centres.iter().enumerate() {
        let row = create("tr", "")?;
        let th = create("th", &names[c])?;
        let _ = th.set_attribute("scope", "row");
        append(&row, &th);
        append(&row, &create("td", &count.to_string())?);
        append(&row, &create("td", &if count > 0 { format!("({}; {})", num(x), num(y)) } else { "–".into() })?);
        append(&row, &create("td", &if count > 0 { num(spread) } else { "–".into() })?);
        append(&table, &row);
    }
    let most: Vec<String> = pairs.iter().take(3).filter(|p| p.2 > 0.0).map(|&(a, b, share)| tr!("map-pair", a = names[a].as_str(), b = names[b].as_str(), percent = crate::i18n::num(share * 100.0, 0))).collect();
    set_text("map-overlap", &if most.is_empty() { tr!("map-overlap-none") } else { tr!("map-overlap", pairs = most.join("; ")) });
    set_hidden("map-text", false);
    Ok(())
}
