//! The model builder: a kind, hidden layers to add and remove (MLP) or channel counts (CNN), kept in step
//! with the model text field (the same spec the URL and the CLI take), which stays the source of truth.

use std::rc::Rc;

use super::dom::{append, clicked, create, element, get_value, on, on_click, set_hidden, set_value};
use crate::model::{Arch, ModelSpec};
use crate::nn::Activation;

const DEFAULT_WIDTH: usize = 64;

/// Wires the builder; `changed(spec)` runs whenever the model text changes through it or is typed.
pub fn install(changed: Rc<dyn Fn(String)>) -> Result<(), String> {
    let compose_and_tell: Rc<dyn Fn()> = {
        let changed = changed.clone();
        Rc::new(move || {
            let spec = compose();
            set_value("model", &spec);
            show_kind();
            changed(spec);
        })
    };
    for id in ["model-kind", "cnn-c1", "cnn-c2", "cnn-hidden"] {
        let f = compose_and_tell.clone();
        on(id, "change", move |_: web_sys::Event| {
            if get_value("model-kind").contains("mlp") && layer_sizes().is_empty() {
                render_layers(&[DEFAULT_WIDTH]);
            }
            f()
        })?;
    }
    on_click("add-layer", {
        let f = compose_and_tell.clone();
        move || {
            let mut sizes = layer_sizes();
            sizes.push(sizes.last().copied().unwrap_or(DEFAULT_WIDTH));
            render_layers(&sizes);
            f();
        }
    })?;
    // The layer rows are redrawn whenever a model is shown: one listener each for all their inputs and
    // remove buttons (a listener per row and redraw would be kept for ever).
    on("mlp-rows", "change", {
        let f = compose_and_tell.clone();
        move |_: web_sys::Event| f()
    })?;
    on("mlp-rows", "click", {
        let f = compose_and_tell.clone();
        move |e: web_sys::Event| {
            let Some(i) = clicked(&e, "button[data-layer]", "data-layer").and_then(|v| v.parse::<usize>().ok()) else { return };
            let mut sizes = layer_sizes();
            if i < sizes.len() {
                sizes.remove(i);
            }
            render_layers(&sizes);
            f();
        }
    })?;
    // Typing a spec updates the builder (when it parses; the summary shows the error otherwise).
    on("model", "change", move |_: web_sys::Event| {
        let spec = get_value("model");
        show(&spec);
        changed(spec);
    })?;
    Ok(())
}

/// Sets the builder from a spec (e.g. from the URL or a loaded model); ignores specs that do not parse.
pub fn show(spec: &str) {
    set_value("model", spec);
    let Ok(parsed) = ModelSpec::parse(spec, Activation::Relu, 0.0) else { return };
    let kind = match &parsed.arch {
        Arch::Linear => "linear",
        Arch::Logistic(h) if h.is_empty() => "logistic",
        Arch::Mlp(sizes) => {
            render_layers(sizes);
            "mlp"
        }
        Arch::Logistic(sizes) => {
            render_layers(sizes);
            "logistic-mlp"
        }
        Arch::Cnn { c1, c2, hidden } => {
            set_value("cnn-c1", &c1.to_string());
            set_value("cnn-c2", &c2.to_string());
            set_value("cnn-hidden", &hidden.unwrap_or(0).to_string());
            "cnn"
        }
    };
    set_value("model-kind", kind);
    show_kind();
}

fn show_kind() {
    let kind = get_value("model-kind");
    set_hidden("mlp-layers", !kind.contains("mlp"));
    set_hidden("cnn-opts", kind != "cnn");
}

/// The spec the builder's controls describe.
fn compose() -> String {
    match get_value("model-kind").as_str() {
        kind @ ("mlp" | "logistic-mlp") => {
            let sizes = layer_sizes();
            let (name, none) = if kind == "mlp" { ("mlp", "linear") } else { ("logistic", "logistic") };
            if sizes.is_empty() {
                none.into()
            } else {
                format!("{name}:{}", sizes.iter().map(usize::to_string).collect::<Vec<_>>().join(","))
            }
        }
        "cnn" => {
            let n = |id: &str, d: usize| get_value(id).trim().parse::<usize>().unwrap_or(d);
            match n("cnn-hidden", 0) {
                0 => format!("cnn:{},{}", n("cnn-c1", 8), n("cnn-c2", 16)),
                h => format!("cnn:{},{},{h}", n("cnn-c1", 8), n("cnn-c2", 16)),
            }
        }
        "logistic" => "logistic".into(),
        _ => "linear".into(),
    }
}

fn layer_inputs() -> Vec<web_sys::HtmlInputElement> {
    use wasm_bindgen::JsCast;
    let Ok(rows) = element("mlp-rows") else { return vec![] };
    let Ok(list) = rows.query_selector_all("input") else { return vec![] };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

/// The hidden sizes typed so far (a size that is not a number counts as 0, which the model spec refuses
/// with a message).
fn layer_sizes() -> Vec<usize> {
    layer_inputs().iter().map(|i| i.value().trim().parse().unwrap_or(0)).collect()
}

/// One row per hidden layer: its size and a remove button (`data-layer`: its index), answered by the two
/// listeners `install` put on the rows' container.
fn render_layers(sizes: &[usize]) {
    let Ok(rows) = element("mlp-rows") else { return };
    rows.set_text_content(None);
    for (i, &size) in sizes.iter().enumerate() {
        let Ok(row) = create("div", "") else { return };
        let _ = row.set_attribute("class", "row");
        let Ok(label) = create("label", &format!("{} ", crate::tr!("model-layer", n = i + 1))) else { return };
        let Ok(input) = create("input", "") else { return };
        for (k, v) in [("type", "number"), ("min", "1"), ("max", "8192"), ("value", &size.to_string())] {
            let _ = input.set_attribute(k, v);
        }
        append(&label, &input);
        let Ok(remove) = create("button", &crate::tr!("model-remove-layer")) else { return };
        let _ = remove.set_attribute("type", "button");
        let _ = remove.set_attribute("data-layer", &i.to_string());
        let _ = remove.set_attribute("aria-label", &crate::tr!("model-remove-layer.aria-label", n = i + 1));
        append(&row, &label);
        append(&row, &remove);
        append(&rows, &row);
    }
}
