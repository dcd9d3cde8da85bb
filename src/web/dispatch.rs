//! The handle panels send messages through. It only queues: the runtime (`runtime.rs`) takes messages
//! off the queue one at a time, so a message sent while another is handled waits its turn.

use std::rc::Rc;

use crate::page::Msg;

#[derive(Clone)]
pub struct Dispatch(Rc<dyn Fn(Msg)>);

impl Dispatch {
    pub fn new(send: impl Fn(Msg) + 'static) -> Dispatch {
        Dispatch(Rc::new(send))
    }

    pub fn send(&self, msg: Msg) {
        (self.0)(msg)
    }

    /// A callback that sends `make()` (for a button).
    pub fn to(&self, make: impl Fn() -> Msg + 'static) -> impl FnMut() + 'static {
        let d = self.clone();
        move || d.send(make())
    }
}
