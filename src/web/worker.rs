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

use crate::data::Dataset;
use crate::parallel::{Helpers, Replica, ShardRequest, ShardResult};
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
            let (result, profile) = super::bench::measure(&query, helpers).await;
            out(FromWorker::Bench { out: result, profile });
        }
        message => {
            if matches!(message, ToWorker::Train { .. } | ToWorker::Load { .. } | ToWorker::Data { .. }) {
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
    started: Vec<bool>,
    /// The helpers in use this step (indices of live ones).
    active: Vec<usize>,
    _handlers: Vec<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl PortHelpers {
    fn new(ports: Vec<web_sys::MessagePort>) -> PortHelpers {
        let mut h = PortHelpers::default();
        for port in ports {
            let (tx, rx) = mpsc::unbounded();
            let alive = Rc::new(Cell::new(true));
            let sender = tx.clone();
            let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let _ = sender.unbounded_send(from_js::<ShardReply>(e.data()).and_then(|r| r));
            });
            port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            h.ports.push(port);
            h.inboxes.push(rx);
            h.senders.push(tx);
            h.alive.push(alive);
            h.started.push(false);
            h._handlers.push(handler);
        }
        h
    }
}

impl Helpers for PortHelpers {
    fn count(&mut self) -> usize {
        self.active = (0..self.ports.len()).filter(|&k| self.alive[k].get()).collect();
        self.active.len()
    }
    fn has_model(&self, i: usize) -> bool {
        self.started[self.active[i]]
    }
    fn send(&mut self, i: usize, request: ShardRequest) {
        let k = self.active[i];
        self.started[k] |= request.model.is_some();
        match to_js(&request) {
            Ok(v) => {
                let transfer = js_sys::Array::new();
                if let Ok(b) = js_sys::Reflect::get(&v, &"params".into()).and_then(|b| b.dyn_into::<js_sys::Uint8Array>()) {
                    transfer.push(&b.buffer());
                }
                if self.ports[k].post_message_with_transferable(&v, &transfer).is_err() {
                    self.alive[k].set(false);
                }
            }
            Err(e) => web_sys::console::error_1(&format!("could not encode a shard request: {e}").into()),
        }
    }
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String> {
        let k = self.active[i];
        if !self.alive[k].get() {
            return Err("the helper is gone".into());
        }
        match self.inboxes[k].next().await {
            Some(Ok(r)) => Ok(r),
            Some(Err(e)) => {
                self.alive[k].set(false);
                Err(e)
            }
            None => Err("the helper is gone".into()),
        }
    }
    fn reset(&mut self) {
        self.started.iter_mut().for_each(|s| *s = false);
    }
}

/// A helper worker's side: answers each shard request on `port` with its gradient, in order.
fn serve(train: Dataset, port: web_sys::MessagePort) {
    let (tx, mut rx) = mpsc::unbounded::<JsValue>();
    let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let _ = tx.unbounded_send(e.data());
    });
    port.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    wasm_bindgen_futures::spawn_local(async move {
        let _handler = handler; // lives as long as this loop
        let mut replica = Replica::new(train);
        while let Some(data) = rx.next().await {
            let reply: ShardReply = match from_js::<ShardRequest>(data) {
                Ok(request) => replica.shard(&request).await,
                Err(e) => Err(format!("a helper could not read a shard request: {e}")),
            };
            let Ok(v) = to_js(&reply) else { continue };
            let transfer = js_sys::Array::new();
            if let Ok(Ok(b)) = js_sys::Reflect::get(&v, &"Ok".into()).and_then(|r| js_sys::Reflect::get(&r, &"grads".into())).map(|b| b.dyn_into::<js_sys::Uint8Array>()) {
                transfer.push(&b.buffer());
            }
            let _ = port.post_message_with_transferable(&v, &transfer);
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
                Ok(ToWorker::Serve { train }) => {
                    if let Some(port) = ports.into_iter().next() {
                        serve(train, port);
                    }
                }
                Ok(message) => {
                    let _ = tx.unbounded_send(Incoming { message, ports });
                }
                Err(e) => out(FromWorker::Failed { run: None, message: format!("the worker could not read a message: {e}") }),
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
