//! Embedding in course pages: hidden controls, the compact layout, events posted to the parent page, and
//! its commands handed over as messages (`update` obeys them only from the origins the URL allows,
//! `origins=`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dispatch::Dispatch;
use super::dom::{self, document};
use crate::config::Settings;
use crate::page::{Msg, State};

/// Leaves out the controls `hide=` names and applies the compact layout for `embed=1`.
fn apply_layout(s: &Settings) {
    let Some(doc) = document() else { return };
    for name in &s.hide {
        if let Ok(list) = doc.query_selector_all(&format!("[data-setting='{name}']")) {
            for i in 0..list.length() {
                if let Some(node) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                    node.remove();
                }
            }
        }
    }
    if s.embed {
        if let Some(body) = doc.body() {
            body.set_class_name("embed");
        }
    }
}

/// The layout the URL asks for, and a course page's messages (`{type: "start" | "pause" | "step" | "set",
/// settings?: {key: value}}`) handed over with the origin they came from.
pub fn install(d: &Dispatch, s: &State) {
    apply_layout(&s.settings);
    let Some(window) = web_sys::window() else { return };
    let d = d.clone();
    dom::listen(&window, "message", move |e: web_sys::MessageEvent| {
        let data = e.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        if kind.is_empty() {
            return;
        }
        let values = js_sys::Reflect::get(&data, &"settings".into()).unwrap_or(JsValue::UNDEFINED);
        let mut settings = Vec::new();
        if values.is_object() {
            for key in js_sys::Object::keys(values.unchecked_ref::<js_sys::Object>()).iter() {
                let k = key.as_string().unwrap_or_default();
                let v = js_sys::Reflect::get(&values, &key).ok();
                let v = v.and_then(|v| v.as_string().or_else(|| v.as_f64().map(|f| f.to_string()))).unwrap_or_default();
                settings.push((k, v));
            }
        }
        d.send(Msg::Command { origin: e.origin(), kind, settings });
    });
}

/// Sends `{source: "mnist-playground", type: kind, ...fields}` to the embedding page (to each allowed
/// origin, or to any parent when none is listed: events carry no private data). Nothing when not embedded.
pub fn post(s: &State, kind: &str, fields: &[(&str, f64)]) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    let msg = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&msg, &k.into(), &v);
    };
    set("source", "mnist-playground".into());
    set("type", kind.into());
    if let Some(l) = &s.settings.lesson {
        set("lesson", l.as_str().into());
    }
    for (k, v) in fields {
        set(k, (*v).into());
    }
    let targets: Vec<String> = if s.settings.origins.is_empty() { vec!["*".into()] } else { s.settings.origins.clone() };
    for t in targets {
        let _ = parent.post_message(&msg, &t);
    }
}

