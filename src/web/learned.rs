//! "What the model learned": each class's pattern (its weights for the linear model, the score's gradient
//! at the average image otherwise), an MLP's first-layer units, a CNN's filters and a digit's feature
//! maps. Computed on the page's CPU copy of the model, so it never waits for the worker.

use std::cell::Cell;

use super::dom::{self, element, set_hidden, set_text};
use super::views;
use crate::page::state::{Current, Loaded, State};
use crate::eval::class_patterns;
use crate::model::Arch;
use crate::nn::Module;
use crate::tr;
use crate::Device;

thread_local! {
    /// The latest drawing's number: a drawing that a newer one (or a clearing) replaced stops at its next turn.
    static LATEST: Cell<u64> = const { Cell::new(0) };
}

/// Draws the views for the page's model (on its CPU copy; the CPU backend's futures are ready at once),
/// or clears them when there is none. The class patterns, the filters and the feature maps are drawn in
/// separate turns of the browser (together, a CNN's took over 100 ms of the page's thread).
pub fn render(s: &State) {
    let drawing = LATEST.with(|l| l.get() + 1);
    LATEST.with(|l| l.set(drawing));
    let (Some(c), Some(d)) = (s.current.clone(), s.data.clone()) else {
        clear();
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = show_model(&c, &d, drawing).await {
            web_sys::console::error_1(&e.into());
        }
    });
}

/// Gives the browser a turn; false if a newer drawing has started meanwhile.
async fn next_turn(drawing: u64) -> bool {
    dom::yield_to_browser().await;
    LATEST.with(|l| l.get()) == drawing
}

async fn show_model(c: &Current, data: &Loaded, drawing: u64) -> Result<(), String> {
    // Not in the turn that asked: that one draws the other panels (and a newer drawing may replace this one).
    if !next_turn(drawing).await {
        return Ok(());
    }
    let info = &c.info;
    let device = Device::Cpu;
    let names = data.names_for(info);
    let patterns = class_patterns(&c.model, info, &data.mean_image, &device).await?;
    let linear = matches!(&info.spec.arch, Arch::Linear) || matches!(&info.spec.arch, Arch::Logistic(h) if h.is_empty());
    let help = if linear {
        tr!("learned-linear")
    } else {
        tr!("learned-gradient")
    };
    views::draw_class_patterns(&patterns, info.rows, info.cols, &names, &help)?;
    if !next_turn(drawing).await {
        return Ok(());
    }
    let params = c.model.named_parameters();
    match &info.spec.arch {
        Arch::Mlp(_) | Arch::Logistic(_) if !linear => {
            let w = &params[0].1;
            let values = w.to_vec().await?;
            let shown = w.shape()[0].min(32);
            let title = tr!("learned-units", shown = shown, units = w.shape()[0]);
            views::draw_units("units-panel", &tr!("learned-unit"), Some((&title, &values, shown, info.rows, info.cols)))?;
            views::draw_units("maps-panel", "", None)?;
        }
        Arch::Cnn { .. } => {
            let (_, w) = params.iter().find(|(n, t)| n.ends_with("weight") && t.rank() == 4).ok_or("no conv layer")?;
            let values = w.to_vec().await?;
            let s = w.shape().to_vec();
            let title = tr!("learned-filters", count = s[0], size = s[2]);
            views::draw_units("units-panel", &tr!("learned-filter"), Some((&title, &values, s[0], s[2], s[3])))?;
            if !next_turn(drawing).await {
                return Ok(());
            }
            show_feature_maps(c, data, drawing).await?;
        }
        _ => {
            views::draw_units("units-panel", "", None)?;
            views::draw_units("maps-panel", "", None)?;
        }
    }
    Ok(())
}

/// The first held-out digit and what each convolution (after its activation) makes of it, each
/// convolution's maps in a turn of their own.
async fn show_feature_maps(c: &Current, data: &Loaded, drawing: u64) -> Result<(), String> {
    let pixels = data.test.image_f32(0);
    let x = crate::Tensor::from_vec(c.info.normalize(&pixels), &[1, pixels.len()], &Device::Cpu);
    let acts = c.model.activations(&x);
    set_hidden("maps-h", false);
    set_text("maps-h", &tr!("learned-maps", digit = data.names[data.test.labels[0] as usize].as_str()));
    let panel = element("maps-panel")?;
    panel.set_text_content(None);
    dom::append(&panel, &dom::figure(&views::grey_rgba(pixels.iter().copied()), c.info.cols, c.info.rows, &tr!("learned-input"), &tr!("learned-input-alt"))?);
    let mut conv = 0;
    for (i, layer) in c.model.layers.iter().enumerate() {
        if layer.describe().starts_with("Conv2d") {
            if let Some(a) = acts.get(i + 1).filter(|a| a.rank() == 4) {
                if conv > 0 && !next_turn(drawing).await {
                    return Ok(());
                }
                let s = a.shape().to_vec();
                conv += 1;
                let caption = dom::create("p", &tr!("learned-maps-caption", n = conv, maps = s[1], height = s[2], width = s[3]))?;
                let _ = caption.set_attribute("class", "group");
                dom::append(&panel, &caption);
                views::draw_maps(&panel, &a.to_vec().await?, s[2], s[3], &tr!("learned-map", layer = i))?;
            }
        }
    }
    Ok(())
}

fn clear() {
    for id in ["weights-panel", "units-panel", "maps-panel"] {
        dom::clear(id);
    }
    set_hidden("units-h", true);
    set_hidden("maps-h", true);
    set_text("weights-help", &tr!("learned-help"));
    set_text("weights-scale", "");
}
