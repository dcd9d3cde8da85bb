//! The training worker: `www/worker.js` loads this same wasm module in a dedicated Web Worker and calls
//! `worker_main`, which feeds the page's messages to a `Session` and posts its replies back — weights
//! with their buffer transferred, not copied. `drive` is the loop, shared with the page-thread engine:
//! it answers messages as they come and, while a run goes on, works in slices with a turn of the event
//! loop between them, so Pause, Step and a new learning rate take effect at the next step.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::mpsc;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::parallel::{Floats, Helpers, Replica, ShardResult, ToHelper};
use crate::protocol::{FromWorker, ToWorker};
use crate::session::Session;
use crate::Device;

/// A message as a JS value (byte fields as Uint8Arrays; 64-bit integers as BigInts, so seeds survive).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    value.serialize(&serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true)).map_err(|e| e.to_string())
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// A message and the MessagePorts that came with it (helpers' ports for `Helpers` and `Serve`).
pub struct Incoming {
    pub message: ToWorker,
    pub ports: Vec<web_sys::MessagePort>,
}

impl From<ToWorker> for Incoming {
    fn from(message: ToWorker) -> Incoming {
        Incoming { message, ports: Vec::new() }
    }
}

/// Runs `session` on the messages from `inbox` until it closes, handing every reply to `out`. `render`:
/// the turns between slices let the page paint (the page-thread engine) rather than only take messages.
/// `drops`: where `DropHelper` (handled at once, by the message handler) reaches the helpers' inboxes.
pub async fn drive(mut session: Session, mut inbox: mpsc::UnboundedReceiver<Incoming>, out: Rc<dyn Fn(FromWorker)>, render: bool, drops: Drops) {
    let mut helpers = PortHelpers::default();
    loop {
        loop {
            let incoming = match inbox.try_recv() {
                Ok(m) => m,
                Err(e) if e.is_closed() => return,
                Err(_) => break,
            };
            handle(&mut session, &mut helpers, incoming, &out, &drops).await;
        }
        if session.busy() {
            for reply in session.work_with(&mut helpers).await {
                out(reply);
            }
            if render {
                super::dom::yield_to_browser().await;
            } else {
                crate::clock::yield_now().await;
            }
        } else {
            let Some(incoming) = inbox.next().await else { return };
            handle(&mut session, &mut helpers, incoming, &out, &drops).await;
        }
    }
}

async fn handle(session: &mut Session, helpers: &mut PortHelpers, incoming: Incoming, out: &Rc<dyn Fn(FromWorker)>, drops: &Drops) {
    match incoming.message {
        ToWorker::Helpers => {
            *helpers = PortHelpers::new(incoming.ports);
            *drops.borrow_mut() = helpers.senders.clone();
        }
        ToWorker::Bench { query } => {
            helpers.reset();
            let (result, profile) = super::bench_worker::measure(&query, helpers).await;
            out(FromWorker::Bench { out: result, profile });
        }
        message => {
            if matches!(message, ToWorker::Train { .. } | ToWorker::Teach { .. } | ToWorker::Load { .. } | ToWorker::Data { .. }) {
                helpers.reset(); // a new model: the helpers get it with their next shard
            }
            for reply in session.handle(message).await {
                out(reply);
            }
        }
    }
}

type ShardReply = Result<ShardResult, String>;
/// The senders into each helper's inbox: `DropHelper` puts an error there, which ends a wait for it.
pub type Drops = Rc<RefCell<Vec<mpsc::UnboundedSender<ShardReply>>>>;

/// The training worker's helpers: one MessagePort to each helper worker, and an inbox of its answers.
#[derive(Default)]
pub struct PortHelpers {
    ports: Vec<web_sys::MessagePort>,
    inboxes: Vec<mpsc::UnboundedReceiver<ShardReply>>,
    senders: Vec<mpsc::UnboundedSender<ShardReply>>,
    alive: Vec<Rc<Cell<bool>>>,
    runs: Vec<Option<u64>>,
    buffers: Buffers,
    _handlers: Vec<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl PortHelpers {
    fn new(ports: Vec<web_sys::MessagePort>) -> PortHelpers {
        let mut h = PortHelpers::default();
        for port in ports {
            let (tx, rx) = mpsc::unbounded();
            let alive = Rc::new(Cell::new(true));
            let (sender, buffers) = (tx.clone(), h.buffers.clone());
            let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let grads = buffers.take(&data, &ANSWER);
                let reply = from_js::<ShardReply>(data).and_then(|r| r).map(|r| ShardResult { grads: Floats(grads), ..r });
                let _ = sender.unbounded_send(reply);
            });
            port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            h.ports.push(port);
            h.inboxes.push(rx);
            h.senders.push(tx);
            h.alive.push(alive);
            h.runs.push(None);
            h._handlers.push(handler);
        }
        h
    }
}

/// ArrayBuffers that came with gradients, kept to carry the next ones: a new 400 KB buffer for every message
/// costs more (allocation, page faults, garbage collection) than the message itself.
#[derive(Clone, Default)]
struct Buffers(Rc<RefCell<Vec<js_sys::ArrayBuffer>>>);

impl Buffers {
    /// Posts `message` on `port` with `bytes` as the Uint8Array at `path` (where the message has an empty
    /// one), in a kept buffer of that size if there is one, transferred.
    fn post(&self, port: &web_sys::MessagePort, message: &JsValue, path: &[&str], bytes: &[u8]) -> Result<(), JsValue> {
        let transfer = js_sys::Array::new();
        if let Some((parent, key)) = Buffers::place(message, path) {
            let kept = self.0.borrow().iter().position(|b| b.byte_length() as usize == bytes.len());
            let buffer = kept.map_or_else(|| js_sys::ArrayBuffer::new(bytes.len() as u32), |i| self.0.borrow_mut().swap_remove(i));
            let view = js_sys::Uint8Array::new(&buffer);
            view.copy_from(bytes);
            js_sys::Reflect::set(&parent, &key.into(), &view)?;
            transfer.push(&buffer);
        }
        port.post_message_with_transferable(message, &transfer)
    }

    /// Takes the values of the Uint8Array at `path` of a message that came, leaving an empty one there (so
    /// the message reads fast), and keeps its buffer.
    fn take(&self, message: &JsValue, path: &[&str]) -> Vec<f32> {
        let Some((parent, key)) = Buffers::place(message, path) else { return Vec::new() };
        let Ok(bytes) = js_sys::Reflect::get(&parent, &key.into()).and_then(|b| b.dyn_into::<js_sys::Uint8Array>()) else { return Vec::new() };
        let n = bytes.byte_length() / 4;
        let mut values = vec![0.0; n as usize];
        js_sys::Float32Array::new_with_byte_offset_and_length(&bytes.buffer(), bytes.byte_offset(), n).copy_to(&mut values);
        let _ = js_sys::Reflect::set(&parent, &key.into(), &js_sys::Uint8Array::new_with_length(0));
        let mut kept = self.0.borrow_mut();
        if n > 0 && kept.len() < 8 {
            kept.push(bytes.buffer());
        }
        values
    }

    /// The object holding the last key of `path` in `message`, and that key.
    fn place<'a>(message: &JsValue, path: &[&'a str]) -> Option<(JsValue, &'a str)> {
        let (last, rest) = path.split_last()?;
        let mut at = message.clone();
        for key in rest {
            at = js_sys::Reflect::get(&at, &(*key).into()).ok().filter(JsValue::is_object)?;
        }
        Some((at, last))
    }
}

/// Where a message's gradient is, in the lead's messages and in a helper's answer.
const GRADIENT: [&str; 2] = ["Gradient", "grads"];
const SUM: [&str; 2] = ["Sum", "grads"];
const ANSWER: [&str; 2] = ["Ok", "grads"];

impl Helpers for PortHelpers {
    fn count(&self) -> usize {
        self.ports.len()
    }
    fn is_alive(&self, i: usize) -> bool {
        self.alive[i].get()
    }
    fn run_of(&self, i: usize) -> Option<u64> {
        self.runs[i]
    }
    fn send(&mut self, i: usize, mut message: ToHelper) {
        let mut bytes = Vec::new();
        match &mut message {
            ToHelper::Join { run, .. } => self.runs[i] = Some(*run),
            ToHelper::Gradient { grads, .. } | ToHelper::Sum { grads } => bytes = std::mem::take(&mut grads.0),
            ToHelper::Shard(_) => {}
        }
        match to_js(&message) {
            Ok(v) => {
                let path = if matches!(message, ToHelper::Sum { .. }) { &SUM } else { &GRADIENT };
                if self.buffers.post(&self.ports[i], &v, path, bytemuck::cast_slice(&bytes)).is_err() {
                    self.alive[i].set(false);
                }
            }
            Err(e) => web_sys::console::error_1(&format!("could not encode a message to a helper: {e}").into()),
        }
    }
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String> {
        if !self.alive[i].get() {
            return Err("the helper is gone".into());
        }
        match self.inboxes[i].next().await {
            Some(Ok(r)) => Ok(r),
            Some(Err(e)) => {
                self.alive[i].set(false);
                Err(e)
            }
            None => Err("the helper is gone".into()),
        }
    }
    fn reset(&mut self) {
        self.runs.iter_mut().for_each(|r| *r = None);
    }
}

/// A helper worker's side: handles the lead's messages on `port` in order, answering each shard with its
/// gradient.
fn serve(port: web_sys::MessagePort) {
    let (tx, mut rx) = mpsc::unbounded::<JsValue>();
    let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let _ = tx.unbounded_send(e.data());
    });
    port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    wasm_bindgen_futures::spawn_local(async move {
        let _handler = handler; // lives as long as this loop
        let mut replica = Replica::new();
        let buffers = Buffers::default();
        while let Some(data) = rx.next().await {
            let (gradient, sum) = (buffers.take(&data, &GRADIENT), buffers.take(&data, &SUM));
            let message = from_js::<ToHelper>(data).map(|m| match m {
                ToHelper::Gradient { index, .. } => ToHelper::Gradient { index, grads: Floats(gradient) },
                ToHelper::Sum { .. } => ToHelper::Sum { grads: Floats(sum) },
                m => m,
            });
            let mut reply: ShardReply = match message {
                Ok(message) => match replica.handle(message).await {
                    Ok(None) => continue,
                    Ok(Some(result)) => Ok(result),
                    Err(e) => Err(e),
                },
                Err(e) => Err(format!("a helper could not read a message: {e}")),
            };
            let bytes = reply.as_mut().map(|r| std::mem::take(&mut r.grads.0)).unwrap_or_default();
            let Ok(v) = to_js(&reply) else { continue };
            let _ = buffers.post(&port, &v, &ANSWER, bytemuck::cast_slice(&bytes));
        }
    });
}

/// Posts a reply to the page, transferring the weights' buffer.
fn post(scope: &web_sys::DedicatedWorkerGlobalScope, reply: &FromWorker) {
    let value = match to_js(reply) {
        Ok(v) => v,
        Err(e) => {
            web_sys::console::error_1(&format!("could not encode a reply: {e}").into());
            return;
        }
    };
    let transfer = js_sys::Array::new();
    if reply.weights().is_some() {
        let bytes = js_sys::Reflect::get(&value, &"Report".into()).and_then(|r| js_sys::Reflect::get(&r, &"weights".into()));
        if let Ok(b) = bytes.and_then(|b| b.dyn_into::<js_sys::Uint8Array>()) {
            transfer.push(&b.buffer());
        }
    }
    if let Err(e) = scope.post_message_with_transfer(&value, &transfer) {
        web_sys::console::error_1(&e);
    }
}

/// The worker's entry point. `queued`: the messages (events) that arrived while the module loaded.
#[wasm_bindgen]
pub fn worker_main(queued: js_sys::Array) {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (tx, rx) = mpsc::unbounded();
    let out: Rc<dyn Fn(FromWorker)> = {
        let scope = scope.clone();
        Rc::new(move |reply| post(&scope, &reply))
    };
    let drops: Drops = Rc::default();
    // Pings, helper losses and helper duties are handled here, at once, even while a slice of training
    // or an evaluation is awaiting.
    let receive = {
        let (out, drops) = (out.clone(), drops.clone());
        move |e: web_sys::MessageEvent| {
            let ports: Vec<web_sys::MessagePort> = e.ports().iter().map(|p| p.unchecked_into()).collect();
            match from_js::<ToWorker>(e.data()) {
                Ok(ToWorker::Ping) => out(FromWorker::Pong),
                Ok(ToWorker::DropHelper { index }) => {
                    if let Some(s) = drops.borrow().get(index) {
                        let _ = s.unbounded_send(Err("the helper's worker stopped".into()));
                    }
                }
                Ok(ToWorker::Serve) => {
                    if let Some(port) = ports.into_iter().next() {
                        serve(port);
                    }
                }
                Ok(message) => {
                    let _ = tx.unbounded_send(Incoming { message, ports });
                }
                Err(e) => out(FromWorker::Failed { run: None, request: None, message: format!("the worker could not read a message: {e}") }),
            }
        }
    };
    for m in queued.iter() {
        receive(m.unchecked_into());
    }
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(receive);
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    wasm_bindgen_futures::spawn_local(drive(Session::new(Device::Cpu), rx, out, false, drops));
}
