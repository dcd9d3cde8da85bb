//! "What the model learned": each class's pattern (its weights for the linear model, the score's gradient
//! at the average image otherwise), an MLP's first-layer units, a CNN's filters and a digit's feature
//! maps. Computed on the page's CPU copy of the model, so it never waits for the worker.

use std::cell::Cell;

use super::dom::{self, element, set_hidden, set_text};
use super::views;
use crate::page::state::{Current, Loaded, State};
use crate::eval::class_pattern;
use crate::model::Arch;
use crate::nn::Module;
use crate::tr;
use crate::clock::Slicer;
use crate::Device;

thread_local! {
    /// The latest drawing's number: a drawing that a newer one (or a clearing) replaced stops at its next turn.
    static LATEST: Cell<u64> = const { Cell::new(0) };
}

/// Draws the views for the page's model (on its CPU copy; the CPU backend's futures are ready at once),
/// or clears them when there is none. Not in the turn that asked (that one draws the other panels), and
/// class by class, figure by figure, the browser given a turn whenever `clock::SLICE_MS` have passed: drawn in
/// one turn per group of figures, a CNN's views were tasks of 50–65 ms each with the page's thread slowed 4×,
/// as on a phone. Its panels are `aria-busy` while a drawing runs (page tests wait for it to go).
pub fn render(s: &State) {
    let drawing = LATEST.with(|l| l.get() + 1);
    LATEST.with(|l| l.set(drawing));
    let (Some(c), Some(d)) = (s.current.clone(), s.data.clone()) else {
        clear();
        return;
    };
    busy(true);
    wasm_bindgen_futures::spawn_local(async move {
        dom::yield_to_browser().await;
        let mut turns = Turns { drawing, slicer: Slicer::new(crate::clock::SLICE_MS) };
        if let Err(e) = show_model(&c, &d, &mut turns).await {
            web_sys::console::error_1(&e.into());
        }
        // (A newer drawing, still running, keeps the mark.)
        if LATEST.with(|l| l.get()) == drawing {
            busy(false);
        }
    });
}

/// Marks the three panels being drawn `aria-busy` (not the whole section: its map and convolution have live
/// regions of their own, which a screen reader would hold back meanwhile).
fn busy(on: bool) {
    for id in ["weights-panel", "units-panel", "maps-panel"] {
        if let Ok(panel) = element(id) {
            let _ = if on { panel.set_attribute("aria-busy", "true") } else { panel.remove_attribute("aria-busy") };
        }
    }
}

/// One drawing's turns: `next` gives the browser a turn once the slice's time has passed and says whether
/// this drawing is still the latest (a newer one, or a clearing, replaces it: it stops there).
struct Turns {
    drawing: u64,
    slicer: Slicer,
}

impl Turns {
    async fn next(&mut self) -> bool {
        self.slicer.tick().await;
        LATEST.with(|l| l.get()) == self.drawing
    }

    /// Appends `figure` to `panel`; false when the drawing is to stop.
    async fn append(&mut self, panel: &web_sys::Element, figure: Result<web_sys::Element, String>) -> Result<bool, String> {
        dom::append(panel, &figure?);
        Ok(self.next().await)
    }
}

async fn show_model(c: &Current, data: &Loaded, turns: &mut Turns) -> Result<(), String> {
    if !turns.next().await {
        return Ok(());
    }
    let info = &c.info;
    let device = Device::Cpu;
    let names = data.names_for(info);
    // Class by class (one image through the model and back each), with turns between.
    let mut patterns = Vec::with_capacity(info.classes * info.rows * info.cols);
    for class in 0..info.classes {
        patterns.extend(class_pattern(&c.model, info, &data.mean_image, class, &device).await?);
        if !turns.next().await {
            return Ok(());
        }
    }
    let linear = matches!(&info.spec.arch, Arch::Linear) || matches!(&info.spec.arch, Arch::Logistic(h) if h.is_empty());
    set_text("weights-help", &if linear { tr!("learned-linear") } else { tr!("learned-gradient") });
    let scale = views::max_abs(&patterns);
    set_text("weights-scale", &tr!("learned-scale", scale = crate::i18n::num(scale as f64, 3)));
    let panel = element("weights-panel")?;
    panel.set_text_content(None);
    for (k, pattern) in patterns.chunks(info.rows * info.cols).enumerate() {
        let name = names.get(k).cloned().unwrap_or_else(|| k.to_string());
        if !turns.append(&panel, views::pattern_figure(pattern, info.rows, info.cols, scale, &name)).await? {
            return Ok(());
        }
    }
    let params = c.model.named_parameters();
    let units = element("units-panel")?;
    match &info.spec.arch {
        Arch::Mlp(_) | Arch::Logistic(_) if !linear => {
            let w = &params[0].1;
            let values = w.to_vec().await?;
            let shown = w.shape()[0].min(32);
            views::units_heading("units-panel", Some(&tr!("learned-units", shown = shown, units = w.shape()[0])));
            views::units_heading("maps-panel", None);
            let n = info.rows * info.cols;
            let unit = tr!("learned-unit");
            for (i, img) in values.chunks(n).take(shown).enumerate() {
                if !turns.append(&units, views::unit_figure(img, info.rows, info.cols, &format!("{unit} {i}"))).await? {
                    return Ok(());
                }
            }
        }
        Arch::Cnn { .. } => {
            let (_, w) = params.iter().find(|(n, t)| n.ends_with("weight") && t.rank() == 4).ok_or("no conv layer")?;
            let values = w.to_vec().await?;
            let s = w.shape().to_vec();
            views::units_heading("units-panel", Some(&tr!("learned-filters", count = s[0], size = s[2])));
            let filter = tr!("learned-filter");
            for (i, img) in values.chunks(s[2] * s[3]).take(s[0]).enumerate() {
                if !turns.append(&units, views::unit_figure(img, s[2], s[3], &format!("{filter} {i}"))).await? {
                    return Ok(());
                }
            }
            show_feature_maps(c, data, turns).await?;
        }
        _ => {
            views::units_heading("units-panel", None);
            views::units_heading("maps-panel", None);
        }
    }
    Ok(())
}

/// The first held-out digit and what each convolution (after its activation) makes of it.
async fn show_feature_maps(c: &Current, data: &Loaded, turns: &mut Turns) -> Result<(), String> {
    let pixels = data.test.image_f32(0);
    let x = crate::Tensor::from_vec(c.info.normalize(&pixels), &[1, pixels.len()], &Device::Cpu);
    let acts = c.model.activations(&x);
    if !turns.next().await {
        return Ok(());
    }
    views::units_heading("maps-panel", Some(&tr!("learned-maps", digit = data.names[data.test.labels[0] as usize].as_str())));
    let panel = element("maps-panel")?;
    if !turns.append(&panel, dom::figure(&views::grey_rgba(pixels.iter().copied()), c.info.cols, c.info.rows, &tr!("learned-input"), &tr!("learned-input-alt"))).await? {
        return Ok(());
    }
    let mut conv = 0;
    for (i, layer) in c.model.layers.iter().enumerate() {
        if layer.describe().starts_with("Conv2d") {
            if let Some(a) = acts.get(i + 1).filter(|a| a.rank() == 4) {
                let s = a.shape().to_vec();
                conv += 1;
                let caption = dom::create("p", &tr!("learned-maps-caption", n = conv, maps = s[1], height = s[2], width = s[3]))?;
                let _ = caption.set_attribute("class", "group");
                dom::append(&panel, &caption);
                let label = tr!("learned-map", layer = i);
                for (j, m) in a.to_vec().await?.chunks(s[2] * s[3]).enumerate() {
                    if !turns.append(&panel, views::map_figure(m, s[2], s[3], &format!("{label} {j}"))).await? {
                        return Ok(());
                    }
                }
            }
        }
    }
    Ok(())
}

fn clear() {
    busy(false);
    for id in ["weights-panel", "units-panel", "maps-panel"] {
        dom::clear(id);
    }
    set_hidden("units-h", true);
    set_hidden("maps-h", true);
    set_text("weights-help", &tr!("learned-help"));
    set_text("weights-scale", "");
}
