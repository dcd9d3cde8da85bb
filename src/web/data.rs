//! The data panel: the Dataset menu (it always shows the data in use, or on its way), files picked or
//! dropped (read here, handed over as bytes), the download's progress and sample digits of each class.

use std::cell::Cell;

use wasm_bindgen::JsCast;

use super::dispatch::Dispatch;
use super::dom::{self, element, get_value, on, set_progress, set_value};
use super::views;
use crate::config::DataChoice;
use crate::i18n::Lang;
use crate::page::{Msg, State};

thread_local! {
    /// The data whose samples are shown or being drawn, and the language of their labels (so a progress
    /// message does not redraw them, and a language switch does).
    static SHOWN: Cell<Option<(usize, Lang)>> = const { Cell::new(None) };
}

pub fn install(d: &Dispatch) -> Result<(), String> {
    on("data", "change", {
        let d = d.clone();
        move |_: web_sys::Event| {
            if let Ok(choice) = DataChoice::parse(&get_value("data")) {
                d.send(Msg::ChooseData(choice));
            }
        }
    })?;
    on("data-files", "change", {
        let d = d.clone();
        move |e: web_sys::Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            if let Some(files) = input.as_ref().and_then(|i| i.files()) {
                read(&d, files);
            }
        }
    })?;
    let section = element("data-section")?;
    for (event, over) in [("dragover", true), ("dragenter", true), ("dragleave", false)] {
        let s = section.clone();
        dom::listen(&section, event, move |e: web_sys::DragEvent| {
            e.prevent_default();
            let _ = s.set_attribute("class", if over { "drop" } else { "" });
        });
    }
    let d = d.clone();
    dom::listen(&section.clone(), "drop", move |e: web_sys::DragEvent| {
        e.prevent_default();
        let _ = section.set_attribute("class", "");
        if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
            read(&d, files);
        }
    });
    Ok(())
}

/// Reads the files, then hands them over.
fn read(d: &Dispatch, files: web_sys::FileList) {
    let d = d.clone();
    d.send(Msg::ReadingFiles);
    wasm_bindgen_futures::spawn_local(async move {
        let result = dom::read_files(&files).await;
        d.send(Msg::DataFiles(result));
    });
}

/// The menu and the progress bar (the sample digits are `render_samples`).
pub fn render(s: &State) {
    set_value("data", s.data_shown());
    if let Some(p) = s.progress {
        set_progress("data-progress", p);
    }
}

/// The sample digits of the data shown: drawn again for new data or in another language, else continued
/// where the last turn left them, while `time_left` says the turn has time (at least one a call). Whether
/// they are all there.
pub fn render_samples(s: &State, time_left: &dyn Fn() -> bool) -> bool {
    let Some(data) = &s.data else { return true };
    let shown = Some((std::rc::Rc::as_ptr(data) as usize, crate::i18n::lang()));
    let fresh = SHOWN.with(|c| c.replace(shown)) != shown;
    views::draw_samples(&data.train, &data.names, fresh, time_left).unwrap_or_else(|e| {
        web_sys::console::error_1(&e.into());
        true
    })
}
