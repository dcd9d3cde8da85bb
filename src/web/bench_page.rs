//! bench.html's page: starts the benchmark in a training worker (with helpers for `threads=N`), as the
//! playground trains, and writes the worker's `RESULT {…}` line and profile into `#out` and `#profile`.
//! The measuring itself is `bench_worker.rs`.

use std::rc::Rc;

use super::dom::set_text;
use super::engine::{start_helpers, Engine};
use crate::protocol::{FromWorker, ToWorker};

/// bench.html: the benchmark runs in a training worker, as the playground trains; its result line and
/// profile come back as a `FromWorker::Bench`. Where no Worker can be made it says so: measuring on the page's
/// thread compiled a second copy of the benchmark (for no helpers) into every visitor's wasm, ~20 KB.
pub async fn run() {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (out, profile) = match in_worker(&search).await {
        Some(r) => r,
        None => ("ERR no Worker: the benchmark runs in a training worker".to_string(), String::new()),
    };
    set_text("out", &out);
    set_text("profile", &profile);
}

/// None where no Worker can be made. No heartbeat: a CPU epoch is one long task in the worker.
/// `threads=N` (CPU): N − 1 helper workers share each minibatch, as in the playground.
async fn in_worker(query: &str) -> Option<(String, String)> {
    let (engine, local) = Engine::start(true, false, Rc::new(|_| {}), Rc::new(|_| {}));
    if local.is_some() {
        return None;
    }
    let threads = web_sys::UrlSearchParams::new_with_str(query).ok().and_then(|q| q.get("threads")).and_then(|t| t.parse::<usize>().ok()).unwrap_or(1).clamp(1, 8);
    // Helpers hold no data: each shard brings its examples.
    let _helpers = start_helpers(&engine, threads - 1, false, |_| Rc::new(|_| {}));
    Some(match engine.call(ToWorker::Bench { query: query.to_string() }, |r| matches!(r, FromWorker::Bench { .. })).await {
        Ok(FromWorker::Bench { out, profile }) => (out, profile),
        Ok(other) => (format!("ERR unexpected reply {other:?}"), String::new()),
        Err(e) => (format!("ERR the benchmark's worker stopped: {e}"), String::new()),
    })
}

