//! Embedding in course pages: hidden controls, the compact layout, the share/embed snippet, events posted to
//! the parent page and commands accepted from it — only from the origins the URL allows (`origins=`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::{self, document, set_hidden, set_text};
use super::model_form;
use super::state::Shared;
use super::update::{self, update, Msg};
use crate::config::Settings;

/// Leaves out the controls `hide=` names and applies the compact layout for `embed=1`.
pub fn apply_layout(s: &Settings) {
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

/// Sends `{source: "mnist-playground", type: kind, ...fields}` to the embedding page (to each allowed
/// origin, or to any parent when none is listed: events carry no private data). Nothing when not embedded.
pub fn post(app: &Shared, kind: &str, fields: &[(&str, f64)]) {
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
    let a = app.borrow();
    if let Some(l) = &a.settings.lesson {
        set("lesson", l.as_str().into());
    }
    for (k, v) in fields {
        set(k, (*v).into());
    }
    let targets: Vec<String> = if a.settings.origins.is_empty() { vec!["*".into()] } else { a.settings.origins.clone() };
    for t in targets {
        let _ = parent.post_message(&msg, &t);
    }
}

/// Obeys `{type: "start" | "pause" | "step" | "set", settings?: {key: value}}` from allowed origins only,
/// as the same messages the page's own controls send. Anything else is ignored.
pub fn listen_for_commands(app: &Shared) {
    let Some(window) = web_sys::window() else { return };
    let app = app.clone();
    dom::listen(&window, "message", move |e: web_sys::MessageEvent| {
        let allowed = app.borrow().settings.origins.contains(&e.origin());
        if !allowed {
            return;
        }
        let data = e.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let msg = match kind.as_str() {
            "start" => Msg::Train,
            "step" => Msg::Step,
            "pause" => Msg::Pause,
            "set" => {
                let values = js_sys::Reflect::get(&data, &"settings".into()).unwrap_or(JsValue::UNDEFINED);
                let mut pairs = Vec::new();
                if values.is_object() {
                    for key in js_sys::Object::keys(values.unchecked_ref::<js_sys::Object>()).iter() {
                        let k = key.as_string().unwrap_or_default();
                        let v = js_sys::Reflect::get(&values, &key).ok();
                        let v = v.and_then(|v| v.as_string().or_else(|| v.as_f64().map(|f| f.to_string()))).unwrap_or_default();
                        pairs.push((k, v));
                    }
                }
                Msg::Set(pairs)
            }
            _ => return,
        };
        update(&app, msg);
    });
}

/// A `set` command: every value validated as a URL value would be; all or nothing. A new learning rate
/// also reaches a run in progress.
pub fn apply_set(app: &Shared, values: &[(String, String)]) {
    let base = app.borrow().settings.clone();
    match update::settings_with(&base, values) {
        Ok(s) => {
            let lr_changed = s.lr != base.lr;
            app.borrow_mut().settings = s.clone();
            model_form::show(app, &s);
            if lr_changed {
                update(app, Msg::LearningRate);
            }
            post(app, "settings", &[]);
        }
        Err(problems) => post(app, "refused", &[("problems", problems.len() as f64)]),
    }
}

/// The share/embed button: the current setup as a link and an iframe snippet (shown as text).
pub fn share(app: &Shared) {
    let mut s = match model_form::read_settings(&app.borrow().settings) {
        Ok(s) => s,
        Err(e) => {
            set_text("share-out", &crate::tr!("share-fix-first", error = e));
            set_hidden("share-box", false);
            return;
        }
    };
    s.autostart = false;
    s.threads = None; // the number of cores is the viewer's machine's business
    // The language chosen (in the URL or the menu) travels with the link; so does one the browser chose, except
    // English, the default, so that an English link opens in each viewer's own language.
    let lang = crate::i18n::lang();
    s.lang = s.lang.or((lang != crate::i18n::Lang::En && lang != crate::i18n::Lang::Qps).then_some(lang));
    let location = web_sys::window().map(|w| w.location());
    let base = location.map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default())).unwrap_or_default();
    let link = format!("{base}?{}", s.to_query());
    let embed = Settings { embed: true, ..s };
    let attr = |v: &str| v.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let snippet = format!("<iframe src=\"{base}?{}\" width=\"800\" height=\"600\" style=\"border:0\" title=\"{}\" loading=\"lazy\"></iframe>", attr(&embed.to_query()), attr(&crate::tr!("share-iframe-title")));
    dom::set_value("share-out", &format!("{link}\n\n{snippet}"));
    set_hidden("share-box", false);
}
