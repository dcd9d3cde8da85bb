//! The page in the learner's language: `lang=` in the URL, else the browser's preferred languages, else
//! English (`i18n::Lang::preferred`). index.html names its texts with `data-l10n="id"` (the message's value
//! becomes the element's text, its attributes the element's attributes, e.g. `.aria-label`); the English
//! written there is what shows before the wasm has loaded (`i18n` tests that it matches the catalog).
//! Texts that the page later changes (the status line) carry `data-l10n-initial`: set once, at start. The
//! header's menu switches language in place (texts drawn by Rust are redrawn by `update::Msg::Language`).

use wasm_bindgen::JsCast;

use super::dom::{document, element, listen};
use crate::i18n::{self, Lang};
use crate::tr;

/// The language the page opens in.
pub fn initial(url: Option<Lang>) -> Lang {
    url.unwrap_or_else(|| {
        let langs = web_sys::window().map(|w| w.navigator().languages()).map(|a| a.iter().filter_map(|v| v.as_string()).collect::<Vec<_>>()).unwrap_or_default();
        Lang::preferred(langs.iter().map(String::as_str))
    })
}

/// Makes `lang` the page's language: the catalog, `<html lang>`, the title and every `data-l10n` text
/// (`initial`: also those the page changes later, which are set only at start).
pub fn set(lang: Lang, initial: bool) {
    i18n::set_lang(lang);
    let Some(doc) = document() else { return };
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("lang", if lang == Lang::Qps { "en" } else { lang.code() });
        // Machine-readable: which catalog the texts come from now (the pseudo-locale's too).
        let _ = html.set_attribute("data-l10n-lang", lang.code());
    }
    doc.set_title(&tr!("app-title"));
    apply(&doc, initial);
    if let Ok(menu) = element("lang") {
        if let Ok(menu) = menu.dyn_into::<web_sys::HtmlSelectElement>() {
            menu.set_value(lang.code());
        }
    }
}

/// Every `data-l10n` element of `doc` in the current language (`initial`: with the start-only ones).
pub fn apply(doc: &web_sys::Document, initial: bool) {
    let selector = if initial { "[data-l10n]" } else { "[data-l10n]:not([data-l10n-initial])" };
    let Ok(list) = doc.query_selector_all(selector) else { return };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let Some(id) = el.get_attribute("data-l10n") else { continue };
        if i18n::has(&id) {
            el.set_text_content(Some(&tr!(&id)));
        }
        for (name, value) in i18n::attributes(&id) {
            let _ = el.set_attribute(&name, &value);
        }
    }
}

/// Fills the language menu (each language named in itself) and calls `chosen` when the learner picks one.
pub fn install_menu(chosen: impl Fn(Lang) + 'static) {
    let Some(doc) = document() else { return };
    let Ok(menu) = element("lang") else { return };
    // The pseudo-locale is listed only while it is in use (tests).
    let shown = Lang::MENU.into_iter().chain((i18n::lang() == Lang::Qps).then_some(Lang::Qps));
    for lang in shown {
        if let Ok(option) = doc.create_element("option") {
            let _ = option.set_attribute("value", lang.code());
            let _ = option.set_attribute("lang", lang.code());
            option.set_text_content(Some(&lang.name()));
            let _ = menu.append_child(&option);
        }
    }
    if let Ok(m) = menu.clone().dyn_into::<web_sys::HtmlSelectElement>() {
        m.set_value(i18n::lang().code());
    }
    listen(&menu.clone().into(), "change", move |_: web_sys::Event| {
        let code = menu.clone().dyn_into::<web_sys::HtmlSelectElement>().map(|m| m.value()).unwrap_or_default();
        if let Some(lang) = Lang::parse(&code) {
            chosen(lang);
        }
    });
}

/// The page's URL with `lang=` set, without a reload (so a reload or a shared link keeps the language).
pub fn remember(lang: Lang) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let Ok(q) = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()) else { return };
    q.set("lang", lang.code());
    let url = format!("{}?{}{}", location.pathname().unwrap_or_default(), String::from(q.to_string()), location.hash().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
