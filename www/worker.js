// The training worker: loads the page's own wasm module (the same files, cached) and hands it the page's
// messages (with any MessagePorts they carry); those that arrive while the module loads are queued and
// handed over first. `wasmMemory`: the module's memory, which the memory test reads.
import init, { worker_main } from './mnist-playground.js';

const queued = [];
self.onmessage = e => queued.push(e);
init().then(wasm => { self.wasmMemory = wasm.memory; worker_main(queued); });
