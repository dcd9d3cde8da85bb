//! The drawing pad: pointer events (mouse, pen, touch) draw round strokes on a 280×280 canvas; every change
//! hands the drawing over as the model's 28×28 input (MNIST-preprocessed by `sketch`), and the prediction is
//! drawn from the state: the page's CPU copy of the model on that input. By keyboard,
//! the focused pad shows a pen: arrow keys move it (Shift: farther), Space or Enter lowers or lifts it (a lowered
//! pen draws as it moves), Delete clears.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::{HtmlCanvasElement, HtmlElement, KeyboardEvent, PointerEvent};

use super::dispatch::Dispatch;
use super::dom::{clear, context, element, listen, on_click, put_pixels, set_text, typed};
use super::views::{argmax, draw_bars, draw_explanation, grey_rgba};
use crate::eval::{explain, Explanation};
use crate::page::{Msg, State};
use crate::Device;

const PAD: &str = "sketch-canvas";

/// Wires the pad and its Clear button: after every stroke segment and on clear, the drawing is handed over.
pub fn install(d: &Dispatch) -> Result<(), String> {
    let changed: Rc<dyn Fn()> = {
        let d = d.clone();
        Rc::new(move || d.send(Msg::Drawing(drawing())))
    };
    let canvas: HtmlCanvasElement = typed(PAD).ok_or("no sketch canvas")?;
    let ctx = context(&canvas).ok_or("no 2d context for the sketch pad")?;
    ctx.set_line_width(22.0);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    ctx.set_stroke_style_str("#111");
    ctx.set_fill_style_str("#111");
    let last: Rc<Cell<Option<(f64, f64)>>> = Rc::new(Cell::new(None));
    // Canvas pixels for an event (the canvas may be scaled by CSS, e.g. on a phone).
    let point = {
        let canvas = canvas.clone();
        move |e: &PointerEvent| {
            let r = canvas.get_bounding_client_rect();
            let sx = canvas.width() as f64 / r.width().max(1.0);
            let sy = canvas.height() as f64 / r.height().max(1.0);
            ((e.client_x() as f64 - r.left()) * sx, (e.client_y() as f64 - r.top()) * sy)
        }
    };
    listen(&canvas, "pointerdown", {
        let (canvas, ctx, last, changed, point) = (canvas.clone(), ctx.clone(), last.clone(), changed.clone(), point.clone());
        move |e: PointerEvent| {
            e.prevent_default();
            let _ = canvas.set_pointer_capture(e.pointer_id());
            let (x, y) = point(&e);
            dot(&ctx, (x, y));
            last.set(Some((x, y)));
            changed();
        }
    });
    listen(&canvas, "pointermove", {
        let (ctx, last, changed) = (ctx.clone(), last.clone(), changed.clone());
        move |e: PointerEvent| {
            let Some((x0, y0)) = last.get() else { return };
            e.prevent_default();
            let (x, y) = point(&e);
            segment(&ctx, (x0, y0), (x, y));
            last.set(Some((x, y)));
            changed();
        }
    });
    for end in ["pointerup", "pointercancel", "lostpointercapture"] {
        let last = last.clone();
        listen(&canvas, end, move |_: PointerEvent| last.set(None));
    }
    keyboard(&canvas, &ctx, changed.clone());
    on_click("clear-sketch", move || {
        ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        changed();
    })
}

/// A round dab of the pen at `at` (where a stroke starts).
fn dot(ctx: &web_sys::CanvasRenderingContext2d, (x, y): (f64, f64)) {
    ctx.begin_path();
    let _ = ctx.arc(x, y, 11.0, 0.0, std::f64::consts::TAU);
    ctx.fill();
}

/// The pen drawn from `from` to `to` (round caps and joins: the install's line settings).
fn segment(ctx: &web_sys::CanvasRenderingContext2d, from: (f64, f64), to: (f64, f64)) {
    ctx.begin_path();
    ctx.move_to(from.0, from.1);
    ctx.line_to(to.0, to.1);
    ctx.stroke();
}

/// Drawing by keyboard: a pen (the `sketch-pen` marker over the pad) that arrow keys move and Space or Enter
/// lowers and lifts.
fn keyboard(canvas: &HtmlCanvasElement, ctx: &web_sys::CanvasRenderingContext2d, changed: Rc<dyn Fn()>) {
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let pen = Rc::new(Cell::new((w / 2.0, h / 2.0)));
    let down = Rc::new(Cell::new(false));
    let show = {
        let (pen, down) = (pen.clone(), down.clone());
        move || {
            let Some(marker) = typed::<HtmlElement>("sketch-pen") else { return };
            let (x, y) = pen.get();
            let style = marker.style();
            let _ = style.set_property("left", &format!("{}%", x / w * 100.0));
            let _ = style.set_property("top", &format!("{}%", y / h * 100.0));
            let _ = marker.set_attribute("data-down", if down.get() { "true" } else { "false" });
        }
    };
    show();
    let ctx = ctx.clone();
    listen(canvas, "keydown", move |e: KeyboardEvent| {
        let step = if e.shift_key() { 40.0 } else { 10.0 };
        let (x, y) = pen.get();
        let to = match e.key().as_str() {
            "ArrowLeft" => (x - step, y),
            "ArrowRight" => (x + step, y),
            "ArrowUp" => (x, y - step),
            "ArrowDown" => (x, y + step),
            " " | "Enter" => {
                down.set(!down.get());
                if down.get() {
                    dot(&ctx, (x, y));
                    changed();
                }
                e.prevent_default();
                show();
                return;
            }
            "Delete" | "Backspace" => {
                ctx.clear_rect(0.0, 0.0, w, h);
                changed();
                e.prevent_default();
                return;
            }
            _ => return,
        };
        e.prevent_default();
        let to = (to.0.clamp(0.0, w), to.1.clamp(0.0, h));
        if down.get() {
            segment(&ctx, (x, y), to);
            changed();
        }
        pen.set(to);
        show();
    });
}

/// The drawing as the 28×28 input MNIST models expect (None when the pad is empty).
fn drawing() -> Option<Vec<f32>> {
    let canvas: HtmlCanvasElement = typed(PAD)?;
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    let data = context(&canvas)?.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?.data();
    let ink: Vec<f32> = data.chunks(4).map(|p| p[3] as f32 / 255.0).collect();
    crate::sketch::to_mnist(&ink, w, h)
}

thread_local! {
    /// The state's count of pad clears last carried out (a drawing kept as one of the learner's digits).
    static CLEARS: Cell<u64> = const { Cell::new(0) };
}

/// What the model sees (the input beside the pad) and what it answers, with the live weights.
pub fn render(s: &State) {
    if CLEARS.with(|c| c.replace(s.own.pad_clears)) != s.own.pad_clears {
        if let Some((canvas, ctx)) = typed::<HtmlCanvasElement>(PAD).and_then(|c| context(&c).map(|x| (c, x))) {
            ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        }
    }
    if let Some(preview) = typed::<HtmlCanvasElement>("sketch-input") {
        let blank = vec![0.0; 28 * 28];
        put_pixels(&preview, &grey_rgba(s.drawing.as_ref().unwrap_or(&blank).iter().copied()), 28, 28);
    }
    let prediction = element("prediction");
    // (The model may be there before the data: the pad answers as soon as the page has one.)
    match (&s.drawing, &s.current) {
        (None, _) => {
            set_text("prediction", "–");
            if let Ok(e) = &prediction {
                let _ = e.remove_attribute("data-value");
            }
            clear("sketch-bars");
        }
        (Some(_), None) => set_text("prediction", &crate::tr!("sketch-no-model")),
        (Some(pixels), Some(c)) if pixels.len() != c.info.rows * c.info.cols => set_text("prediction", &crate::tr!("sketch-wrong-size")),
        (Some(pixels), Some(c)) => {
            use futures_util::FutureExt;
            // The answer and why (gradient × input of the answer and of a close runner-up), one pass.
            let answer = explain(&c.model, &c.info, pixels, None, &Device::Cpu).now_or_never().unwrap_or_else(|| Err("not ready".into()));
            match answer {
                Ok(e) => {
                    let p = &e.probs;
                    let names = if c.names.len() == c.info.classes { c.names.clone() } else { crate::page::state::names_for(s.data.as_deref(), &c.info) };
                    set_text("prediction", &names[argmax(p)]);
                    if let Ok(el) = &prediction {
                        let _ = el.set_attribute("data-value", &argmax(p).to_string());
                        let _ = el.set_attribute("data-steps", &c.steps.to_string());
                    }
                    let _ = draw_bars(p, &names);
                    show_why(Some((&e, &names, c.info.rows, c.info.cols)));
                    return;
                }
                Err(e) => set_text("prediction", &crate::tr!("error-prefix", message = e)),
            }
        }
    }
    show_why(None);
}

/// "Why this answer" beside what the model sees: the maps of the answer and of a close runner-up (empty,
/// with a hint, when there is no answer).
fn show_why(e: Option<(&Explanation, &[String], usize, usize)>) {
    clear("sketch-why");
    let Some((e, names, rows, cols)) = e else {
        set_text("sketch-why-help", &crate::tr!("why-empty"));
        return;
    };
    let help = element("sketch-why").and_then(|el| draw_explanation(&el, e, names, rows, cols));
    set_text("sketch-why-help", &help.unwrap_or_else(|e| crate::tr!("error-prefix", message = e)));
}
