//! The drawing pad: pointer events (mouse, pen, touch) draw round strokes on a 280×280 canvas; every change
//! calls back so the page can re-run the model on the drawing (as MNIST-preprocessed by `sketch`).

use std::cell::Cell;
use std::rc::Rc;

use web_sys::{HtmlCanvasElement, PointerEvent};

use super::dom::{context, listen, on_click, put_pixels, typed};
use super::views::grey_rgba;

const PAD: &str = "sketch-canvas";

/// Wires the pad and its Clear button; `changed` runs after every stroke segment and on clear.
pub fn install(changed: Rc<dyn Fn()>) -> Result<(), String> {
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
            ctx.begin_path();
            let _ = ctx.arc(x, y, 11.0, 0.0, std::f64::consts::TAU);
            ctx.fill();
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
            ctx.begin_path();
            ctx.move_to(x0, y0);
            ctx.line_to(x, y);
            ctx.stroke();
            last.set(Some((x, y)));
            changed();
        }
    });
    for end in ["pointerup", "pointercancel", "lostpointercapture"] {
        let last = last.clone();
        listen(&canvas, end, move |_: PointerEvent| last.set(None));
    }
    on_click("clear-sketch", move || {
        ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        changed();
    })
}

/// The drawing as the 28×28 input MNIST models expect (None when the pad is empty), also shown beside it.
pub fn input() -> Option<Vec<f32>> {
    let canvas: HtmlCanvasElement = typed(PAD)?;
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    let data = context(&canvas)?.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?.data();
    let ink: Vec<f32> = data.chunks(4).map(|p| p[3] as f32 / 255.0).collect();
    let pixels = crate::sketch::to_mnist(&ink, w, h);
    if let Some(preview) = typed::<HtmlCanvasElement>("sketch-input") {
        let blank = vec![0.0; 28 * 28];
        put_pixels(&preview, &grey_rgba(pixels.as_ref().unwrap_or(&blank).iter().copied()), 28, 28);
    }
    pixels
}

