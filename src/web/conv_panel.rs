//! "A convolution step by step" (under a CNN's filters, and so in lesson 8): the input with the 5×5 window,
//! the filter, the window's products with it, the feature map filling in cell by cell, then its 2×2 max
//! pooling; Play, Pause, Step, Speed; a cell chosen by pointer or arrow keys; a live line that says each
//! cell's sum. Listeners only send messages; everything is drawn from the state (`page::conv_steps`).

use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlSelectElement, KeyboardEvent, PointerEvent};

use super::dispatch::Dispatch;
use super::dom::{self, append, context, create, element, listen, on, on_click, put_pixels_scaled, set_hidden, set_text, typed};
use super::views::{diverging_rgba, grey_rgba};
use crate::page::conv_steps::{geometry, input_pixels, ConvInput, ConvView, Stage, SAMPLES};
use crate::page::{ConvMsg, Msg, State};
use crate::tr;

fn select_value(e: &web_sys::Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

pub fn install(d: &Dispatch) -> Result<(), String> {
    {
        let d = d.clone();
        on("conv-filter", "change", move |e: web_sys::Event| {
            if let Ok(f) = select_value(&e).parse() {
                d.send(Msg::Conv(ConvMsg::Filter(f)));
            }
        })?;
    }
    {
        let d = d.clone();
        on("conv-input", "change", move |e: web_sys::Event| {
            let v = select_value(&e);
            let input = if v == "drawing" { Some(ConvInput::Drawing) } else { v.parse().ok().map(ConvInput::Sample) };
            if let Some(i) = input {
                d.send(Msg::Conv(ConvMsg::Input(i)));
            }
        })?;
    }
    {
        let d = d.clone();
        on("conv-speed", "change", move |e: web_sys::Event| {
            if let Ok(i) = select_value(&e).parse() {
                d.send(Msg::Conv(ConvMsg::Speed(i)));
            }
        })?;
    }
    {
        let d = d.clone();
        on_click("conv-play", move || {
            let playing = element("conv-play").ok().and_then(|b| b.get_attribute("data-playing")).as_deref() == Some("true");
            d.send(Msg::Conv(if playing { ConvMsg::Pause } else { ConvMsg::Play }));
        })?;
    }
    {
        let d = d.clone();
        on_click("conv-step", move || d.send(Msg::Conv(ConvMsg::Step)))?;
    }
    for (id, stage) in [("conv-map", Stage::Conv), ("conv-pool", Stage::Pool)] {
        let Some(canvas) = typed::<HtmlCanvasElement>(id) else { continue };
        {
            let (d, c) = (d.clone(), canvas.clone());
            listen(&canvas, "pointerdown", move |e: PointerEvent| {
                let r = c.get_bounding_client_rect();
                let (x, y) = ((e.client_x() as f64 - r.left()) / r.width().max(1.0), (e.client_y() as f64 - r.top()) / r.height().max(1.0));
                d.send(Msg::Conv(ConvMsg::Point(stage, x, y)));
            });
        }
        let d = d.clone();
        listen(&canvas, "keydown", move |e: KeyboardEvent| {
            let msg = match e.key().as_str() {
                "ArrowLeft" => ConvMsg::Move(stage, 0, -1),
                "ArrowRight" => ConvMsg::Move(stage, 0, 1),
                "ArrowUp" => ConvMsg::Move(stage, -1, 0),
                "ArrowDown" => ConvMsg::Move(stage, 1, 0),
                "Home" => ConvMsg::Edge(stage, false),
                "End" => ConvMsg::Edge(stage, true),
                _ => return,
            };
            e.prevent_default();
            d.send(Msg::Conv(msg));
        });
    }
    Ok(())
}

/// Fills a menu with (value, text) options unless it already holds exactly those.
fn options(id: &str, items: &[(String, String)], selected: &str) {
    let Some(select) = typed::<HtmlSelectElement>(id) else { return };
    let key = items.iter().map(|(v, t)| format!("{v}={t}")).collect::<Vec<_>>().join("|");
    if select.get_attribute("data-key").as_deref() != Some(key.as_str()) {
        select.set_text_content(None);
        for (v, t) in items {
            if let Ok(o) = create("option", t) {
                let _ = o.set_attribute("value", v);
                append(&select, &o);
            }
        }
        let _ = select.set_attribute("data-key", &key);
    }
    select.set_value(selected);
}

pub fn render(s: &State) {
    let geo = s.current.as_ref().and_then(geometry);
    let (Some(c), Some(data), Some((filters, ..))) = (&s.current, &s.data, geo) else {
        set_hidden("conv", true);
        return;
    };
    set_hidden("conv", false);
    let st = &s.conv;
    let names = data.names_for(&c.info);
    let filter_items: Vec<_> = (0..filters).map(|f| (f.to_string(), tr!("conv-filter-n", n = f + 1))).collect();
    options("conv-filter", &filter_items, &st.filter.min(filters - 1).to_string());
    let mut inputs: Vec<_> = (0..SAMPLES.min(data.test.len())).map(|i| (i.to_string(), tr!("conv-input-sample", index = i, label = names.get(data.test.labels[i] as usize).map_or("?", String::as_str)))).collect();
    inputs.push(("drawing".into(), tr!("conv-input-drawing")));
    options("conv-input", &inputs, &match st.input {
        ConvInput::Sample(i) => i.to_string(),
        ConvInput::Drawing => "drawing".into(),
    });
    if let Some(sp) = typed::<HtmlSelectElement>("conv-speed") {
        sp.set_value(&st.speed.to_string());
    }
    if let Ok(b) = element("conv-play") {
        b.set_text_content(Some(&tr!(if st.playing { "conv-pause" } else { "conv-play" })));
        let _ = b.set_attribute("data-playing", if st.playing { "true" } else { "false" });
    }
    let view = input_pixels(s).and_then(|p| ConvView::compute(c, &p, st.filter).map(|v| (p, v)));
    let Some((pixels, v)) = view else {
        set_text("conv-line", &tr!("conv-no-drawing"));
        dom::clear("conv-products");
        for id in ["conv-image", "conv-map", "conv-pool", "conv-kernel"] {
            if let Some(cv) = typed::<HtmlCanvasElement>(id) {
                if let Some(ctx) = context(&cv) {
                    ctx.clear_rect(0.0, 0.0, cv.width() as f64, cv.height() as f64);
                }
            }
        }
        return;
    };
    let _ = draw(s, &pixels, &v);
}

fn draw(s: &State, pixels: &[f32], v: &ConvView) -> Result<(), String> {
    let st = &s.conv;
    let k = v.kernel;
    let (ph, pw) = (v.oh / 2, v.ow / 2);
    // Where the window is: the conv cell, or (pooling) the top-left of the pooled cell's 2×2.
    let (stage, cell) = (st.stage, st.cell.min(match st.stage {
        Stage::Conv => v.oh * v.ow - 1,
        Stage::Pool => ph * pw - 1,
    }));
    // The input, scaled, with the window (5×5 input pixels; 6×6 … under a pooled cell's four windows).
    let image: HtmlCanvasElement = typed("conv-image").ok_or("no conv image")?;
    let ctx = put_pixels_scaled(&image, &grey_rgba(pixels.iter().copied()), v.cols as u32, v.rows as u32)?;
    let (iw, ih) = (image.width() as f64, image.height() as f64);
    let (sx, sy) = (iw / v.cols as f64, ih / v.rows as f64);
    let (wr, wc, span) = match stage {
        Stage::Conv => (cell / v.ow, cell % v.ow, k),
        Stage::Pool => (2 * (cell / pw), 2 * (cell % pw), k + 1),
    };
    ctx.set_stroke_style_str("#f5a623");
    ctx.set_line_width(2.0);
    ctx.stroke_rect(wc as f64 * sx + 1.0, wr as f64 * sy + 1.0, span as f64 * sx - 2.0, span as f64 * sy - 2.0);
    // The filter, blue/red.
    if let Some(kc) = typed::<HtmlCanvasElement>("conv-kernel") {
        let scale = v.weights.iter().fold(1e-6f32, |m, w| m.max(w.abs()));
        put_pixels_scaled(&kc, &diverging_rgba(&v.weights, scale), k as u32, k as u32)?;
    }
    // The feature map and the pooled map: filled up to the window's cell.
    let filled_conv = if stage == Stage::Conv { cell + 1 } else { v.oh * v.ow };
    let filled_pool = if stage == Stage::Pool { cell + 1 } else { 0 };
    let (lo, hi) = v.map.iter().fold((f32::MAX, f32::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let span_v = (hi - lo).max(1e-6);
    let conv_mark = if stage == Stage::Conv { Some((cell / v.ow, cell % v.ow, 1)) } else { Some((wr, wc, 2)) };
    grid("conv-map", &v.map, v.oh, v.ow, filled_conv, lo, span_v, conv_mark)?;
    grid("conv-pool", &v.pooled, ph, pw, filled_pool, lo, span_v, (stage == Stage::Pool).then_some((cell / pw, cell % pw, 1)))?;
    // The window's products, and the line that says the cell's sum.
    let num = |x: f32| crate::i18n::number(x as f64, 2);
    let table = element("conv-products")?;
    table.set_text_content(None);
    let map_canvas = element("conv-map")?;
    let _ = map_canvas.set_attribute("data-stage", if stage == Stage::Conv { "conv" } else { "pool" });
    let _ = map_canvas.set_attribute("data-cell", &cell.to_string());
    let _ = map_canvas.set_attribute("data-filled", &filled_conv.to_string());
    let _ = element("conv-pool")?.set_attribute("data-filled", &filled_pool.to_string());
    let line = match stage {
        Stage::Conv => {
            let (r, col) = (cell / v.ow, cell % v.ow);
            let sum = v.cell(r, col);
            append(&table, &create("caption", &tr!("conv-products"))?);
            let scale = sum.products.iter().fold(1e-6f32, |m, p| m.max(p.abs()));
            let colours = diverging_rgba(&sum.products, scale);
            for i in 0..k {
                let row = create("tr", "")?;
                for j in 0..k {
                    let p = sum.products[i * k + j];
                    let td = create("td", &num(p))?;
                    // Half-strength colours, so the number on them keeps its contrast.
                    let c: Vec<u32> = colours[4 * (i * k + j)..4 * (i * k + j) + 3].iter().map(|&x| 255 - (255 - x as u32) * 45 / 100).collect();
                    let _ = td.set_attribute("style", &format!("background:rgb({},{},{})", c[0], c[1], c[2]));
                    append(&row, &td);
                }
                append(&table, &row);
            }
            // For tests: the engine's value at this cell and the one the sum gives.
            let _ = map_canvas.set_attribute("data-value", &format!("{:e}", v.map[cell]));
            let _ = map_canvas.set_attribute("data-shown", &format!("{:e}", sum.value));
            let act = match v.act {
                Some(crate::nn::Activation::Relu) => "ReLU",
                Some(crate::nn::Activation::Sigmoid) => "sigmoid",
                Some(crate::nn::Activation::Tanh) => "tanh",
                None => "=",
            };
            // The result shown is the engine's (its feature map); the sum is the working that leads to it.
            tr!("conv-cell", row = r + 1, col = col + 1, sum = num(sum.sum), bias = num(v.bias), act = act, value = num(v.map[cell]))
        }
        Stage::Pool => {
            let (r, col) = (cell / pw, cell % pw);
            let (four, max) = v.pool_cell(r, col);
            append(&table, &create("caption", &tr!("conv-pool-four"))?);
            for i in 0..2 {
                let row = create("tr", "")?;
                for j in 0..2 {
                    let x = four[2 * i + j];
                    let td = create("td", &num(x))?;
                    if x == max {
                        let _ = td.set_attribute("class", "max");
                    }
                    append(&row, &td);
                }
                append(&table, &row);
            }
            let _ = map_canvas.set_attribute("data-value", &format!("{:e}", v.pooled[cell]));
            let _ = map_canvas.set_attribute("data-shown", &format!("{:e}", max));
            let values = four.iter().map(|&x| num(x)).collect::<Vec<_>>().join("; ");
            tr!("conv-pool-cell", row = r + 1, col = col + 1, values = values, value = num(max))
        }
    };
    set_text("conv-line", &line);
    Ok(())
}

/// A map as a grid of cells: the first `filled` grey by value (over the feature map's range), the rest
/// empty; `mark`: a (row, col, size) square outlined.
#[allow(clippy::too_many_arguments)]
fn grid(id: &str, values: &[f32], rows: usize, cols: usize, filled: usize, lo: f32, span: f32, mark: Option<(usize, usize, usize)>) -> Result<(), String> {
    let canvas: HtmlCanvasElement = typed(id).ok_or("no conv canvas")?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let (cw, ch) = (w / cols as f64, h / rows as f64);
    // One pixel per cell, scaled up unsmoothed: a cell per fill (with its colour as a string) was ~75 ms of
    // the page's thread on a phone for a 24×24 map and its pooling.
    let rgba: Vec<u8> = (0..rows * cols)
        .flat_map(|i| match values.get(i).filter(|_| i < filled) {
            Some(&x) => {
                let g = (((x - lo) / span).clamp(0.0, 1.0) * 255.0) as u8;
                [g, g, g, 255]
            }
            None => [0xf3, 0xf4, 0xf6, 255],
        })
        .collect();
    let ctx = put_pixels_scaled(&canvas, &rgba, cols as u32, rows as u32)?;
    if let Some((r, c, size)) = mark {
        ctx.set_stroke_style_str("#f5a623");
        ctx.set_line_width(2.0);
        ctx.stroke_rect(c as f64 * cw + 1.0, r as f64 * ch + 1.0, size as f64 * cw - 2.0, size as f64 * ch - 2.0);
    }
    Ok(())
}
