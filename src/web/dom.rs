//! Small DOM helpers: finding elements by `data-testid` or id, text, form values, events, canvases,
//! fetching with progress, files, downloads and browser storage. Text always goes in as text content.

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement};

pub fn document() -> Option<Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The element whose `data-testid` or id is `id`.
pub fn element(id: &str) -> Result<Element, String> {
    let doc = document().ok_or("no document")?;
    doc.query_selector(&format!("[data-testid='{id}'], #{id}")).ok().flatten().ok_or_else(|| format!("no element {id}"))
}

pub fn typed<T: JsCast>(id: &str) -> Option<T> {
    element(id).ok().and_then(|e| e.dyn_into::<T>().ok())
}

/// A new element with text content.
pub fn create(tag: &str, text: &str) -> Result<Element, String> {
    let e = document().ok_or("no document")?.create_element(tag).map_err(|_| format!("cannot create <{tag}>"))?;
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

/// A new empty element with these attributes, appended to `parent`.
pub fn add(parent: &Element, tag: &str, attributes: &[(&str, &str)]) -> Result<Element, String> {
    let e = create(tag, "")?;
    for (k, v) in attributes {
        let _ = e.set_attribute(k, v);
    }
    append(parent, &e);
    Ok(e)
}

pub fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

pub fn clear(id: &str) {
    if let Ok(el) = element(id) {
        el.set_text_content(None);
    }
}

pub fn set_text(id: &str, text: &str) {
    if let Ok(el) = element(id) {
        el.set_text_content(Some(text));
    }
}

pub fn set_hidden(id: &str, hidden: bool) {
    if let Ok(el) = element(id) {
        let _ = if hidden { el.set_attribute("hidden", "") } else { el.remove_attribute("hidden") };
    }
}

pub fn set_disabled(id: &str, disabled: bool) {
    if let Some(b) = typed::<web_sys::HtmlButtonElement>(id) {
        b.set_disabled(disabled);
    }
}

pub fn set_value(id: &str, v: &str) {
    if let Ok(el) = element(id) {
        if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            i.set_value(v);
        } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
            s.set_value(v);
        } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            t.set_value(v);
        }
    }
}

pub fn get_value(id: &str) -> String {
    let Ok(el) = element(id) else { return String::new() };
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

pub fn set_progress(id: &str, fraction: Option<f64>) {
    if let Some(p) = typed::<web_sys::HtmlProgressElement>(id) {
        match fraction {
            Some(f) => p.set_value(f),
            // No value: the indeterminate (busy) look.
            None => {
                let _ = p.remove_attribute("value");
            }
        }
    }
}

/// Calls `f` on every `event` at `target` for the page's lifetime.
pub fn listen<E: JsCast + 'static>(target: &web_sys::EventTarget, event: &str, f: impl FnMut(E) + 'static) {
    let mut f = f;
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Ok(e) = e.dyn_into::<E>() {
            f(e)
        }
    });
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    cb.forget();
}

/// For one listener answering many buttons (a container's redrawn children): the attribute `attr` of the
/// element matching `selector` that the event `e` happened in (a click on a button's canvas counts).
pub fn clicked(e: &web_sys::Event, selector: &str, attr: &str) -> Option<String> {
    let target = e.target()?.dyn_into::<Element>().ok()?;
    target.closest(selector).ok()??.get_attribute(attr)
}

/// `listen` on the element `id`; nothing when the page has no such element (a control the URL hid).
pub fn on<E: JsCast + 'static>(id: &str, event: &str, f: impl FnMut(E) + 'static) -> Result<(), String> {
    if let Ok(el) = element(id) {
        listen(&el.into(), event, f);
    }
    Ok(())
}

pub fn on_click(id: &str, mut f: impl FnMut() + 'static) -> Result<(), String> {
    on(id, "click", move |_: web_sys::Event| f())
}

// ---- canvases --------------------------------------------------------------------------------------

pub fn canvas(w: u32, h: u32, label: &str) -> Result<HtmlCanvasElement, String> {
    let c: HtmlCanvasElement = create("canvas", "")?.dyn_into().map_err(|_| "not a canvas")?;
    c.set_width(w);
    c.set_height(h);
    if !label.is_empty() {
        let _ = c.set_attribute("aria-label", label);
        let _ = c.set_attribute("role", "img");
    }
    Ok(c)
}

pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    // The sketch pad is read back on every stroke: ask for a context made for that.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into());
    canvas.get_context_with_context_options("2d", &options).ok().flatten().and_then(|c| c.dyn_into().ok())
}

pub fn put_pixels(canvas: &HtmlCanvasElement, rgba: &[u8], w: u32, h: u32) {
    if let (Some(ctx), Ok(img)) = (context(canvas), web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h)) {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}

/// `rgba`, an image of w×h pixels, drawn over the whole of `target`, scaled up unsmoothed (each pixel a sharp
/// block: a digit, a filter, a feature map's cells); returns `target`'s context for what goes on top.
pub fn put_pixels_scaled(target: &HtmlCanvasElement, rgba: &[u8], w: u32, h: u32) -> Result<CanvasRenderingContext2d, String> {
    let small = canvas(w, h, "")?;
    put_pixels(&small, rgba, w, h);
    let ctx = context(target).ok_or("no 2D context")?;
    ctx.set_image_smoothing_enabled(false);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&small, 0.0, 0.0, target.width() as f64, target.height() as f64);
    Ok(ctx)
}

/// A canvas drawn from `rgba` with a caption under it.
pub fn figure(rgba: &[u8], w: usize, h: usize, caption: &str, label: &str) -> Result<Element, String> {
    let fig = create("figure", "")?;
    let c = canvas(w as u32, h as u32, label)?;
    put_pixels(&c, rgba, w as u32, h as u32);
    append(&fig, &c);
    if !caption.is_empty() {
        append(&fig, &create("figcaption", caption)?);
    }
    Ok(fig)
}

// ---- network, files, storage -----------------------------------------------------------------------

/// GETs `url` whole, calling `progress(bytes so far, total if the server said)` as chunks arrive.
/// With `gunzip`, the file (gzip) is inflated by the browser's `DecompressionStream` once it has arrived, fed
/// 64 KB at a time, the event loop given a turn whenever 8 ms have passed (`inflate`), so the page's thread never holds one long
/// task for it (in the wasm, 7.8 MB of digits were one ~50 ms task, several times that on a phone). A file it cannot inflate is
/// returned as it came. The gzip bytes stay on the JavaScript side until then: only what is handed over enters
/// the wasm's memory, which never shrinks.
pub async fn fetch(url: &str, gunzip: bool, progress: impl FnMut(usize, Option<usize>)) -> Result<Vec<u8>, String> {
    let chunks = fetch_chunks(url, progress).await?;
    let gzip = chunks.get(0).dyn_into::<js_sys::Uint8Array>().is_ok_and(|c| c.length() >= 2 && c.get_index(0) == 0x1f && c.get_index(1) == 0x8b);
    if !gunzip || !gzip {
        return Ok(concat(&chunks)); // not gzip: `parse_idx` says what it is
    }
    match inflate(&chunks).await {
        Ok(inflated) => {
            // (A mark the page tests look for: the browser, not the wasm, inflated the file.)
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark(&format!("inflated {url}"));
            }
            Ok(inflated)
        }
        // A damaged file (or no DecompressionStream): as it came, so that the wasm's strict reader says what is
        // wrong with it, as for a file the learner picks.
        Err(_) => Ok(concat(&chunks)),
    }
}

/// The chunks (`Uint8Array`s) in one vector.
fn concat(chunks: &js_sys::Array) -> Vec<u8> {
    let chunks: Vec<js_sys::Uint8Array> = chunks.iter().map(|c| c.unchecked_into()).collect();
    let mut bytes = vec![0; chunks.iter().map(|c| c.length() as usize).sum()];
    let mut at = 0;
    for c in chunks {
        let n = c.length() as usize;
        c.copy_to(&mut bytes[at..at + n]);
        at += n;
    }
    bytes
}

/// The browser's inflate, fed slices of 64 KB of the file and read as it goes, the event loop given a turn
/// whenever `clock::SLICE_MS` (8 ms) have passed: the whole 1.6 MB of digits inflated in one go was one task of ~30 ms on the
/// page's thread here (~100 with the CPU slowed 4×, as on a phone).
async fn inflate(gzip: &js_sys::Array) -> Result<Vec<u8>, JsValue> {
    const SLICE: u32 = 64 * 1024;
    let gunzip = GunzipStream::new("gzip")?;
    let reader: web_sys::ReadableStreamDefaultReader = gunzip.readable().get_reader().dyn_into()?;
    let writer = gunzip.writable().get_writer();
    // gzip ends with the inflated size (mod 2³²): the vector is made that large once, not grown by copies
    // (trusted up to 32 times the file: a damaged or hostile trailer must not reserve wasm memory, which never
    // shrinks; past that the vector grows as it fills).
    let parts: Vec<js_sys::Uint8Array> = gzip.iter().map(|c| c.unchecked_into()).collect();
    let compressed: usize = parts.iter().map(|p| p.length() as usize).sum();
    // The last four bytes, whichever chunks they are in.
    let mut trailer = Vec::with_capacity(4);
    for p in parts.iter().rev() {
        let n = p.length();
        let take = (4 - trailer.len() as u32).min(n);
        trailer.splice(0..0, (n - take..n).map(|i| p.get_index(i)));
        if trailer.len() == 4 {
            break;
        }
    }
    let size = <[u8; 4]>::try_from(trailer).map_or(0, u32::from_le_bytes) as usize;
    // Reading beside the writing: the stream takes the next slice once the last one's bytes were read.
    let reading = async {
        let mut bytes = Vec::with_capacity(size.min(compressed.saturating_mul(32)));
        while let Some(value) = next_chunk(&reader).await? {
            let at = bytes.len();
            bytes.resize(at + value.length() as usize, 0);
            value.copy_to(&mut bytes[at..]);
        }
        Ok::<_, JsValue>(bytes)
    };
    let writing = async {
        // A task of its own from the first slice on (the one that brought the file's last bytes did other work).
        crate::clock::yield_now().await;
        let mut slicer = crate::clock::Slicer::new(crate::clock::SLICE_MS);
        for part in &parts {
            let mut at = 0;
            while at < part.length() {
                let end = (at + SLICE).min(part.length());
                JsFuture::from(writer.write(&part.subarray(at, end))).await?;
                at = end;
                slicer.tick().await;
            }
        }
        JsFuture::from(writer.close()).await
    };
    // A damaged file fails both sides (each is awaited to its end, so no rejection goes unhandled).
    let (bytes, written) = futures_util::future::join(reading, writing).await;
    written?;
    bytes
}

/// The stream's next chunk of bytes, None at its end.
async fn next_chunk(reader: &web_sys::ReadableStreamDefaultReader) -> Result<Option<js_sys::Uint8Array>, JsValue> {
    let chunk = JsFuture::from(reader.read()).await?;
    if js_sys::Reflect::get(&chunk, &"done".into()).map(|d| d.is_truthy()).unwrap_or(true) {
        return Ok(None);
    }
    Ok(Some(js_sys::Reflect::get(&chunk, &"value".into())?.unchecked_into()))
}

/// A response whose body is `blob` through a `GzipStream` (the gzipped export).
fn through(blob: &web_sys::Blob, transform: &JsValue) -> Result<web_sys::Response, JsValue> {
    let stream = blob.stream().unchecked_into::<Readable>().pipe_through(transform);
    web_sys::Response::new_with_opt_readable_stream(Some(&stream))
}

/// The response's body as it arrives, chunk by chunk (`Uint8Array`s, kept on the JavaScript side).
async fn fetch_chunks(url: &str, mut progress: impl FnMut(usize, Option<usize>)) -> Result<js_sys::Array, String> {
    // The page's window, or the worker's global scope (the benchmark fetches its data in the worker).
    let global = js_sys::global();
    let request = match global.dyn_ref::<web_sys::Window>() {
        Some(w) => w.fetch_with_str(url),
        None => global.unchecked_ref::<web_sys::WorkerGlobalScope>().fetch_with_str(url),
    };
    let err = |e: JsValue| format!("{url}: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let resp: web_sys::Response = JsFuture::from(request).await.map_err(err)?.dyn_into().map_err(|_| format!("{url}: not a response"))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let total = resp.headers().get("content-length").ok().flatten().and_then(|v| v.parse::<usize>().ok());
    let Some(body) = resp.body() else {
        let buf = JsFuture::from(resp.array_buffer().map_err(err)?).await.map_err(err)?;
        return Ok(js_sys::Array::of1(&js_sys::Uint8Array::new(&buf)));
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().dyn_into().map_err(|_| format!("{url}: no stream reader"))?;
    let (chunks, mut length) = (js_sys::Array::new(), 0);
    while let Some(value) = next_chunk(&reader).await.map_err(err)? {
        length += value.length() as usize;
        chunks.push(&value);
        progress(length, total);
    }
    Ok(chunks)
}

/// The files of a file input or a drop, with their names and contents.
pub async fn read_files(list: &web_sys::FileList) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let buf = JsFuture::from(file.array_buffer()).await.map_err(|_| format!("cannot read {}", file.name()))?;
        out.push((file.name(), js_sys::Uint8Array::new(&buf).to_vec()));
    }
    Ok(out)
}

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, bytes: &[u8]) -> Result<(), String> {
    download_blob(name, &blob(bytes)?)
}

fn blob(bytes: &[u8]) -> Result<web_sys::Blob, String> {
    blob_of(&js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)))
}

/// A file of `parts` (`Uint8Array`s) one after another.
fn blob_of(parts: &js_sys::Array) -> Result<web_sys::Blob, String> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/octet-stream");
    Ok(web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &opts).map_err(|_| "cannot make the file")?)
}

// The browser's gzip (web-sys has CompressionStream and DecompressionStream only behind
// `web_sys_unstable_apis`, which would change every crate's flags).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = CompressionStream)]
    type GzipStream;
    #[wasm_bindgen(catch, constructor, js_class = "CompressionStream")]
    fn new(format: &str) -> Result<GzipStream, JsValue>;
    #[wasm_bindgen(js_name = DecompressionStream)]
    type GunzipStream;
    #[wasm_bindgen(catch, constructor, js_class = "DecompressionStream")]
    fn new(format: &str) -> Result<GunzipStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &GunzipStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &GunzipStream) -> Writable;
    #[wasm_bindgen(js_name = WritableStream)]
    type Writable;
    #[wasm_bindgen(method, js_name = getWriter)]
    fn get_writer(this: &Writable) -> Writer;
    #[wasm_bindgen(js_name = WritableStreamDefaultWriter)]
    type Writer;
    #[wasm_bindgen(method)]
    fn write(this: &Writer, chunk: &js_sys::Uint8Array) -> js_sys::Promise;
    #[wasm_bindgen(method)]
    fn close(this: &Writer) -> js_sys::Promise;
    #[wasm_bindgen(js_name = ReadableStream)]
    type Readable;
    /// Through a `GzipStream`.
    #[wasm_bindgen(method, js_class = "ReadableStream", js_name = pipeThrough)]
    fn pipe_through(this: &Readable, transform: &JsValue) -> web_sys::ReadableStream;
}

/// Downloads `bytes` gzipped by the browser's `CompressionStream('gzip')` (zlib's deflate in Chromium and
/// Firefox: the same bytes give the same file) as `name`.
pub async fn download_gzipped(name: &str, bytes: &[u8]) -> Result<(), String> {
    let failed = |_| crate::tr!("file-no-gzip");
    let gzip = GzipStream::new("gzip").map_err(failed)?;
    let response = through(&blob(bytes)?, &gzip).map_err(failed)?;
    let gzipped = JsFuture::from(response.blob().map_err(failed)?).await.map_err(failed)?;
    download_blob(name, gzipped.unchecked_ref())
}

fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make a link to the file")?;
    let a: web_sys::HtmlAnchorElement = create("a", "")?.dyn_into().map_err(|_| "not a link")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn store(key: &str, value: &str) -> Result<(), String> {
    storage().ok_or_else(|| crate::tr!("storage-none"))?.set_item(key, value).map_err(|_| crate::tr!("storage-full"))
}

pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Calls `f` once, after `ms` milliseconds (a timeout).
pub fn after(ms: u32, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms as i32);
    }
}

/// Lets the browser paint and handle input (a zero-delay timeout).
pub async fn yield_to_browser() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// A number shown the current language's way, with its machine-readable value in `data-value` (what tests
/// and embedding pages read, whatever the language).
pub fn set_number(id: &str, x: f64, decimals: usize) {
    set_text(id, &crate::i18n::number(x, decimals));
    if let Ok(e) = element(id) {
        let _ = e.set_attribute("data-value", &format!("{x:.decimals$}"));
    }
}

/// Reloads the page with `key=value` in its address (the other settings kept).
pub fn reload_with(key: &str, value: &str) {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return };
    let search = location.search().unwrap_or_default();
    let Ok(q) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
    q.set(key, value);
    let _ = location.set_search(&String::from(q.to_string()));
}
