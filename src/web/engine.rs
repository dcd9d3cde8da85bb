//! The page's handle on the training engine: a dedicated Web Worker running this crate's `Session`
//! (`web/worker.rs`), or — where no Worker can be made, or the URL says `worker=0` — the same `Session`
//! driven on the page's thread. Either way the page only sends `ToWorker` messages and receives
//! `FromWorker` replies; a reply a caller awaits (`call`) goes to it, every other one to the page's
//! dispatcher. A worker that stops answering (killed, out of memory, crashed) is reported once, through
//! `on_lost`, and every pending call fails.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::{mpsc, oneshot};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::worker::{drive, from_js, to_js, Incoming};
use crate::clock::now_ms;
use crate::protocol::{FromWorker, ToWorker};
use crate::session::Session;
use crate::i18n::num;
use crate::tr;
use crate::Device;

/// A worker that has not answered for this long (or ten of its training steps, if longer: it answers
/// between steps) is taken for dead.
const SILENT_MS: f64 = 20_000.0;
/// How often the page asks the worker whether it is alive.
const PING_MS: i32 = 2_000;

type Waiter = (Box<dyn Fn(&FromWorker) -> bool>, oneshot::Sender<FromWorker>);
type Handler = Closure<dyn FnMut(JsValue)>;

enum Kind {
    Worker(web_sys::Worker),
    Local(mpsc::UnboundedSender<Incoming>),
}

pub struct Engine {
    kind: Kind,
    waiters: RefCell<Vec<Waiter>>,
    on_reply: Rc<dyn Fn(FromWorker)>,
    on_lost: Rc<dyn Fn(String)>,
    last_heard: Cell<f64>,
    /// How long one training step takes, as the reports say: a worker is silent at most that long.
    step_ms: Cell<f64>,
    lost: Cell<bool>,
    /// The worker's event handlers and the heartbeat timer: dropped (and the timer cleared) with the engine.
    handlers: RefCell<Vec<Handler>>,
    timer: Cell<Option<i32>>,
}

impl Engine {
    /// Starts a worker (`worker.js` beside the page), or the page-thread engine when `use_worker` is false
    /// or no Worker can be made; the second value says why training runs on the page, if it does.
    pub fn start(use_worker: bool, watch: bool, on_reply: Rc<dyn Fn(FromWorker)>, on_lost: Rc<dyn Fn(String)>) -> (Rc<Engine>, Option<String>) {
        let worker = if use_worker { new_worker().map(Some) } else { Ok(None) };
        let (kind, inbox, why_local) = match worker {
            Ok(Some(w)) => (Kind::Worker(w), None, None),
            other => {
                let (tx, rx) = mpsc::unbounded();
                let why = match other {
                    Err(e) => tr!("worker-unavailable", error = e),
                    _ => tr!("worker-off-by-url"),
                };
                (Kind::Local(tx), Some(rx), Some(why))
            }
        };
        let engine = Rc::new(Engine {
            kind,
            waiters: RefCell::new(Vec::new()),
            on_reply,
            on_lost,
            last_heard: Cell::new(now_ms()),
            step_ms: Cell::new(0.0),
            lost: Cell::new(false),
            handlers: RefCell::new(Vec::new()),
            timer: Cell::new(None),
        });
        if let Kind::Worker(w) = &engine.kind {
            engine.listen(w, watch);
        }
        if let Some(rx) = inbox {
            // The page-thread engine's replies come straight back to `receive`.
            let weak = Rc::downgrade(&engine);
            let out: Rc<dyn Fn(FromWorker)> = Rc::new(move |reply| {
                if let Some(e) = weak.upgrade() {
                    e.receive(reply);
                }
            });
            wasm_bindgen_futures::spawn_local(drive(Session::new(Device::Cpu), rx, out, true, Default::default()));
        }
        (engine, why_local)
    }

    /// The duration of a training step, from a report: the worker may be silent for that long.
    pub fn note_step_ms(&self, ms: f64) {
        if ms.is_finite() {
            self.step_ms.set(ms);
        }
    }

    /// Sends a message (nothing happens once the worker is lost).
    pub fn send(&self, message: ToWorker) {
        self.send_with_ports(message, &[]);
    }

    /// Sends a message with MessagePorts (moved to the worker; the page-thread engine takes none).
    pub fn send_with_ports(&self, message: ToWorker, ports: &[web_sys::MessagePort]) {
        if self.lost.get() {
            return;
        }
        match &self.kind {
            Kind::Worker(w) => match to_js(&message) {
                Ok(v) => {
                    let transfer: js_sys::Array = ports.iter().collect();
                    // The message's bytes (data, weights) are fresh copies out of wasm memory: moved to the
                    // worker rather than copied again (60,000 digits are 47 MB).
                    byte_buffers(&v, 3, &transfer);
                    if let Err(e) = w.post_message_with_transfer(&v, &transfer) {
                        self.lose(tr!("worker-unsendable", error = describe(&e)));
                    }
                }
                Err(e) => web_sys::console::error_1(&format!("could not encode {message:?}: {e}").into()),
            },
            Kind::Local(tx) => {
                let _ = tx.unbounded_send(message.into());
            }
        }
    }

    /// Sends `message` and waits for the first reply `want` accepts (a `Failed` without a run id is
    /// always accepted, and becomes the error).
    pub async fn call(&self, message: ToWorker, want: impl Fn(&FromWorker) -> bool + 'static) -> Result<FromWorker, String> {
        let (tx, rx) = oneshot::channel();
        let accept = move |r: &FromWorker| want(r) || matches!(r, FromWorker::Failed { run: None, .. });
        self.waiters.borrow_mut().push((Box::new(accept), tx));
        self.send(message);
        match rx.await {
            Ok(FromWorker::Failed { message, .. }) => Err(message),
            Ok(reply) => Ok(reply),
            Err(_) => Err(tr!("worker-stopped")),
        }
    }

    /// Ends the worker (when the page replaces it).
    pub fn terminate(&self) {
        self.lost.set(true);
        if let Some(t) = self.timer.take() {
            if let Some(w) = web_sys::window() {
                w.clear_interval_with_handle(t);
            }
        }
        if let Kind::Worker(w) = &self.kind {
            w.terminate();
        }
        self.waiters.borrow_mut().clear();
    }

    fn receive(&self, reply: FromWorker) {
        self.last_heard.set(now_ms());
        if reply == FromWorker::Pong || self.lost.get() {
            return;
        }
        let position = self.waiters.borrow().iter().position(|(want, _)| want(&reply));
        match position {
            Some(i) => {
                let (_, tx) = self.waiters.borrow_mut().remove(i);
                let _ = tx.send(reply);
            }
            None => (self.on_reply)(reply),
        }
    }

    /// The worker is gone: pending calls fail, the page hears it once.
    fn lose(&self, why: String) {
        if self.lost.replace(true) {
            return;
        }
        self.waiters.borrow_mut().clear();
        if let Kind::Worker(w) = &self.kind {
            w.terminate();
        }
        (self.on_lost)(why);
    }

    /// Wires the worker's replies and errors, and (`watch`) a heartbeat that notices a worker gone silent.
    fn listen(self: &Rc<Self>, worker: &web_sys::Worker, watch: bool) {
        let weak = Rc::downgrade(self);
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let Some(engine) = weak.upgrade() else { return };
            let data = e.unchecked_into::<web_sys::MessageEvent>().data();
            match from_js::<FromWorker>(data) {
                Ok(reply) => engine.receive(reply),
                Err(err) => engine.lose(tr!("worker-unreadable", error = err.to_string())),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let weak = Rc::downgrade(self);
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let Some(engine) = weak.upgrade() else { return };
            let message = e.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).filter(|m| !m.is_empty()).unwrap_or_else(|| tr!("worker-crashed"));
            engine.lose(message);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let weak = Rc::downgrade(self);
        let heartbeat = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let Some(engine) = weak.upgrade() else { return };
            let quiet = now_ms() - engine.last_heard.get();
            if quiet > SILENT_MS.max(10.0 * engine.step_ms.get()) {
                engine.lose(tr!("worker-silent", seconds = num(quiet / 1000.0, 0)));
            } else {
                engine.send(ToWorker::Ping);
            }
        });
        if let (Some(w), true) = (web_sys::window(), watch) {
            if let Ok(t) = w.set_interval_with_callback_and_timeout_and_arguments_0(heartbeat.as_ref().unchecked_ref(), PING_MS) {
                self.timer.set(Some(t));
            }
        }
        self.handlers.borrow_mut().extend([on_message, on_error, heartbeat]);
    }
}

/// Starts `count` helper workers for `lead`, each serving shard requests (which bring their examples) to
/// the lead over its own MessageChannel (`on_lost(i)` hears about helper `i`; `watch`: with a heartbeat). Fewer
/// come back where workers cannot be made.
pub fn start_helpers(lead: &Engine, count: usize, watch: bool, on_lost: impl Fn(usize) -> Rc<dyn Fn(String)>) -> Vec<Rc<Engine>> {
    let mut helpers = Vec::new();
    let mut ports = Vec::new();
    for i in 0..count {
        let (helper, local) = Engine::start(true, watch, Rc::new(|_| {}), on_lost(i));
        let Ok(channel) = web_sys::MessageChannel::new() else { break };
        if local.is_some() {
            break;
        }
        helper.send_with_ports(ToWorker::Serve, &[channel.port2()]);
        ports.push(channel.port1());
        helpers.push(helper);
    }
    lead.send_with_ports(ToWorker::Helpers, &ports);
    helpers
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.terminate();
    }
}

fn new_worker() -> Result<web_sys::Worker, String> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    web_sys::Worker::new_with_options("worker.js", &options).map_err(|e| describe(&e))
}

/// Adds the buffer of every Uint8Array in `value`, looking `depth` objects deep, to `transfer`.
fn byte_buffers(value: &JsValue, depth: usize, transfer: &js_sys::Array) {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        transfer.push(&bytes.buffer());
    } else if depth > 0 && value.is_object() && !js_sys::Array::is_array(value) {
        for v in js_sys::Object::values(value.unchecked_ref()).iter() {
            byte_buffers(&v, depth - 1, transfer);
        }
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| format!("{e:?}"))
}
