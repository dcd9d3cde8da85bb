//! The learner's digits in the browser's IndexedDB (database `mnist-playground`, store `own-digits`, one
//! record: `[images, labels]` as two Uint8Arrays). IndexedDB rather than localStorage: it holds bytes without
//! base64, far more than 5 MB, and works offline and in every context. Used by the runtime for
//! `Effect::ReadOwn` and `Effect::KeepOwn`; nothing here leaves the browser.

use futures_channel::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB: &str = "mnist-playground";
const STORE: &str = "own-digits";
const KEY: &str = "collection";

/// Which of `events` `target` fires first (its index), listening to none of them afterwards.
async fn first_of(target: &web_sys::EventTarget, events: &[&str]) -> Option<usize> {
    let (send, rx) = oneshot::channel::<usize>();
    let send = std::rc::Rc::new(std::cell::RefCell::new(Some(send)));
    let handlers: Vec<Closure<dyn FnMut(web_sys::Event)>> = (0..events.len())
        .map(|k| {
            let send = send.clone();
            Closure::new(move |_: web_sys::Event| {
                if let Some(s) = send.borrow_mut().take() {
                    let _ = s.send(k);
                }
            })
        })
        .collect();
    for (event, h) in events.iter().zip(&handlers) {
        let _ = target.add_event_listener_with_callback(event, h.as_ref().unchecked_ref());
    }
    let first = rx.await.ok();
    for (event, h) in events.iter().zip(&handlers) {
        let _ = target.remove_event_listener_with_callback(event, h.as_ref().unchecked_ref());
    }
    first
}

/// Waits for `request`'s success (its result) or error.
async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    match first_of(request, &["success", "error"]).await {
        Some(0) => request.result().map_err(|_| unusable()),
        // (The browser's own words for it, after ours.)
        _ => Err(request.error().ok().flatten().map_or_else(unusable, |e| format!("{} ({})", unusable(), e.message()))),
    }
}

/// Opens the database, creating its store on the first visit.
async fn open() -> Result<IdbDatabase, String> {
    let factory = js_sys::Reflect::get(&js_sys::global(), &"indexedDB".into())
        .ok()
        .and_then(|f| f.dyn_into::<web_sys::IdbFactory>().ok())
        .ok_or_else(|| crate::tr!("own-no-storage"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB, 1).map_err(|_| crate::tr!("own-no-storage"))?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new({
        let request = request.clone();
        move |_: web_sys::Event| {
            if let Some(db) = request.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) {
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = done(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    db?.dyn_into::<IdbDatabase>().map_err(|_| unusable())
}

/// The kept collection (images, labels), or None when there is none.
pub async fn read() -> Result<Option<(Vec<u8>, Vec<u8>)>, String> {
    let db = open().await?;
    let store = db
        .transaction_with_str(STORE)
        .and_then(|t| t.object_store(STORE))
        .map_err(|_| unusable())?;
    let value = done(&store.get(&KEY.into()).map_err(|_| unusable())?).await?;
    db.close();
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let parts: js_sys::Array = value.dyn_into().map_err(|_| crate::tr!("own-storage-bad"))?;
    let bytes = |i: u32| parts.get(i).dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec()).map_err(|_| crate::tr!("own-storage-bad"));
    Ok(Some((bytes(0)?, bytes(1)?)))
}

/// Keeps the collection (replacing the kept one); an empty one is deleted.
pub async fn write(images: &[u8], labels: &[u8]) -> Result<(), String> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|_| unusable())?;
    let store = tx.object_store(STORE).map_err(|_| unusable())?;
    let request = if labels.is_empty() {
        store.delete(&KEY.into())
    } else {
        let value = js_sys::Array::of2(&js_sys::Uint8Array::from(images), &js_sys::Uint8Array::from(labels));
        store.put_with_key(&value, &KEY.into())
    }
    .map_err(|_| unusable())?;
    // Kept once the transaction has committed (a request's success comes before that).
    let result = match done(&request).await {
        Ok(_) => committed(&tx).await,
        Err(e) => Err(e),
    };
    db.close();
    result
}

/// Waits for `tx` to commit (or to fail or be aborted).
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    match first_of(tx, &["complete", "error", "abort"]).await {
        Some(0) => Ok(()),
        _ => Err(unusable()),
    }
}

/// Why storage could not be used, in the page's language.
fn unusable() -> String {
    crate::tr!("own-storage-unusable")
}
