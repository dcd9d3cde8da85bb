//! The header and the status line: the device the worker trains on, the language and backend menus, the
//! status line (a live region) and the notices above the page.

use super::dispatch::Dispatch;
use super::dom::{element, get_value, on, set_hidden, set_text, set_value};
use crate::config::BackendChoice;
use crate::page::{Msg, State};
use crate::tr;

pub fn install(d: &Dispatch, s: &State) {
    set_value("backend-choice", s.settings.backend.name());
    // Another backend means another device for everything: the page reloads with it in the URL.
    let _ = on("backend-choice", "change", {
        let d = d.clone();
        move |_: web_sys::Event| {
            let b = [BackendChoice::Auto, BackendChoice::Gpu, BackendChoice::Cpu].into_iter().find(|b| b.name() == get_value("backend-choice"));
            if let Some(b) = b {
                d.send(Msg::ChooseBackend(b));
            }
        }
    });
    let d = d.clone();
    super::l10n::install_menu(move |lang| d.send(Msg::Language(lang)));
}

pub fn render(s: &State) {
    let status = element("status");
    if let Ok(el) = &status {
        let text = (s.status.text)();
        if el.text_content().as_deref() != Some(text.as_str()) {
            el.set_text_content(Some(&text));
        }
        let _ = el.set_attribute("class", if s.status.error { "status error" } else { "status" });
    }
    if let Some(b) = &s.worker.backend {
        set_text("backend", &if s.worker.on_page.is_some() { tr!("backend-line-page", backend = b.as_str()) } else { b.clone() });
    }
    let notices = s.notices.join(" ");
    if !notices.is_empty() {
        set_text("url-notice", &notices);
    }
    set_hidden("url-notice", notices.is_empty());
}
