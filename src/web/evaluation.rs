//! The held-out evaluation (the worker scores the page's model on every held-out digit): the accuracy, the
//! confusion matrix (choose a count to see those digits) and the mistakes, drawn from the state.

use std::rc::Rc;

use super::dispatch::Dispatch;
use super::dom::{clear, element, set_number, set_text};
use super::views;
use crate::page::{Msg, State};
use crate::tr;

pub fn render(s: &State, d: &Dispatch) {
    let (Some(e), Some(data), Some(c)) = (&s.evaluation, &s.data, &s.current) else {
        set_text("test-accuracy", "–");
        if let Ok(e) = element("test-accuracy") {
            let _ = e.remove_attribute("data-value");
        }
        for id in ["confusion-matrix", "class-accuracy", "misclassified"] {
            clear(id);
        }
        set_text("gallery-h", &tr!("eval-misclassified"));
        return;
    };
    set_number("test-accuracy", e.accuracy(), 4);
    let names = data.names_for(&c.info);
    let pick: Rc<dyn Fn(usize, usize)> = {
        let d = d.clone();
        Rc::new(move |t, p| d.send(Msg::PickCell(Some((t, p)))))
    };
    let drawn = views::draw_confusion(&e.matrix, &names, e.cell, pick)
        .and_then(|()| views::draw_class_accuracy(&e.matrix, &names))
        .and_then(|()| views::draw_gallery(&data.test, &e.probs, &names, e.cell));
    if let Err(e) = drawn {
        web_sys::console::error_1(&e.into());
    }
}
