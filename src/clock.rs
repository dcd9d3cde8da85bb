//! Time and turns, the only platform-specific pieces the engine needs: a millisecond clock and a way to
//! give the event loop a turn. In the browser both work on the page's thread and in a worker alike (the
//! engine never asks for `window`); natively the clock is monotonic and a turn is nothing.

/// Milliseconds from an arbitrary origin: `performance.now()` in the browser (page or worker), a monotonic
/// clock natively.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .filter(|p| !p.is_undefined())
            .map_or_else(js_sys::Date::now, |p| p.unchecked_into::<web_sys::Performance>().now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed().as_secs_f64() * 1000.0
    }
}

/// Gives the event loop one turn (pending messages and input run, then this resumes). In the browser a
/// message to a fresh `MessageChannel`: unlike `setTimeout(0)` it is not clamped to 4 ms when nested.
/// Natively it returns at once.
pub async fn yield_now() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let p = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
            Ok(channel) => {
                channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
                if channel.port2().post_message(&wasm_bindgen::JsValue::NULL).is_err() {
                    let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
                }
            }
            Err(_) => {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
}

/// How long the page's own long jobs (inflating a file, drawing many figures) run before they give the event
/// loop a turn: short enough that a phone's core, several times slower, stays under the 50 ms of a long task.
pub const SLICE_MS: f64 = 8.0;

/// Splits a long loop into slices: `tick` gives the event loop a turn once `slice_ms` have passed since
/// the last one, so whatever thread the loop runs on keeps answering messages (and a page keeps painting).
pub struct Slicer {
    start: f64,
    slice_ms: f64,
}

impl Slicer {
    pub fn new(slice_ms: f64) -> Slicer {
        Slicer { start: now_ms(), slice_ms }
    }

    pub async fn tick(&mut self) {
        if cfg!(target_arch = "wasm32") && now_ms() - self.start > self.slice_ms {
            yield_now().await;
            self.start = now_ms();
        }
    }
}
