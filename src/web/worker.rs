//! The training worker: `www/worker.js` loads this same wasm module in a dedicated Web Worker and calls
//! `worker_main`, which feeds the page's messages to a `Session` and posts its replies back — weights
//! with their buffer transferred, not copied. `drive` is the loop, shared with the page-thread engine:
//! it answers messages as they come and, while a run goes on, works in slices with a turn of the event
//! loop between them, so Pause, Step and a new learning rate take effect at the next step.

use std::rc::Rc;

use futures_channel::mpsc;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/// Runs `session` on the messages from `inbox` until it closes, handing every reply to `out`. `render`:
/// the turns between slices let the page paint (the page-thread engine) rather than only take messages.
pub async fn drive(mut session: Session, mut inbox: mpsc::UnboundedReceiver<ToWorker>, out: Rc<dyn Fn(FromWorker)>, render: bool) {
    loop {
        loop {
            let message = match inbox.try_recv() {
                Ok(m) => m,
                Err(e) if e.is_closed() => return,
                Err(_) => break,
            };
            for reply in session.handle(message).await {
                out(reply);
            }
        }
        if session.busy() {
            for reply in session.work().await {
                out(reply);
            }
            if render {
                super::dom::yield_to_browser().await;
            } else {
                crate::clock::yield_now().await;
            }
        } else {
            let Some(message) = inbox.next().await else { return };
            for reply in session.handle(message).await {
                out(reply);
            }
        }
    }
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

/// The worker's entry point. `queued`: the messages that arrived while the module loaded.
#[wasm_bindgen]
pub fn worker_main(queued: js_sys::Array) {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (tx, rx) = mpsc::unbounded();
    let out: Rc<dyn Fn(FromWorker)> = {
        let scope = scope.clone();
        Rc::new(move |reply| post(&scope, &reply))
    };
    // Pings are answered here, at once, even while a slice of training or an evaluation is awaiting.
    let receive = {
        let out = out.clone();
        move |data: JsValue| match from_js::<ToWorker>(data) {
            Ok(ToWorker::Ping) => out(FromWorker::Pong),
            Ok(ToWorker::Bench { query }) => {
                let out = out.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let (result, profile) = super::bench::measure(&query).await;
                    out(FromWorker::Bench { out: result, profile });
                });
            }
            Ok(m) => {
                let _ = tx.unbounded_send(m);
            }
            Err(e) => out(FromWorker::Failed { run: None, message: format!("the worker could not read a message: {e}") }),
        }
    };
    for m in queued.iter() {
        receive(m);
    }
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| receive(e.data()));
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    wasm_bindgen_futures::spawn_local(drive(Session::new(Device::Cpu), rx, out, false));
}
