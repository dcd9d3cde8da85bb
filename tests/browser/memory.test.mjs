// Memory while training: prints (never asserts beyond sanity) how much the renderer process grows above a
// blank page's while an MLP trains on the CPU backend, for the embedded 10,000 digits and for 60,000 digits
// (Fashion-MNIST), with one worker and with several (and the default of an emulated 8-core 4 GB phone). The
// renderer holds the page and all its workers, so the process figures (USS, PSS and RSS of every
// `--type=renderer` process of this browser, from /proc; the largest of them while opening and while
// training, which includes garbage not yet collected, and after every context collected its garbage) are the
// total; each context's wasm memory (the page's, the training worker's, each helper's: `WebAssembly.Memory`
// never shrinks, so it is that context's high-water mark) says where part of it goes; the rest is compiled
// code, JS heaps, thread stacks and the browser's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { withPage, url, waitStatus, CPU } from './harness.mjs';

const MB = 1 << 20;
const TAG = `--mnist-memory-test=${process.pid}`;

/// Every process under the browser whose command line has `--type=renderer`: [{pid, rss, pss, uss}] in bytes
/// (USS: the pages only that process holds, which other browsers on the machine do not change, as they do PSS).
async function renderers() {
  const procs = [];
  for (const pid of (await readdir('/proc')).filter(p => /^\d+$/.test(p))) {
    try {
      // Chromium rewrites its process title, so the arguments may come as one string.
      const cmd = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      const ppid = Number((await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ')[1]);
      procs.push({ pid: Number(pid), ppid, cmd });
    } catch { /* gone meanwhile */ }
  }
  const root = procs.find(p => p.cmd.includes(TAG) && !p.cmd.includes('--type='));
  assert.ok(root, 'the browser process is found by its tag');
  const under = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!under.has(p.pid) && under.has(p.ppid)) { under.add(p.pid); grew = true; }
  }
  const out = [];
  for (const p of procs.filter(p => under.has(p.pid) && p.cmd.includes('--type=renderer'))) {
    try {
      const rollup = await readFile(`/proc/${p.pid}/smaps_rollup`, 'utf8');
      const kb = name => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      out.push({ pid: p.pid, rss: kb('Rss'), pss: kb('Pss'), uss: kb('Private_Clean') + kb('Private_Dirty') });
    } catch { /* gone meanwhile */ }
  }
  return out;
}

const total = list => Object.fromEntries(['rss', 'pss', 'uss'].map(k => [k, list.reduce((a, p) => a + p[k], 0)]));
const mb = x => Math.round(x / MB);

/// The wasm memory of the page and of each worker (worker.js keeps its module's memory as `wasmMemory`).
async function wasmMemory(page, workers) {
  const pageBytes = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  const each = [];
  for (const w of workers) {
    try { each.push(await w.evaluate(() => self.wasmMemory?.buffer.byteLength ?? 0)); } catch { each.push(null); }
  }
  // The first worker is the training worker; any later ones are helpers.
  return { page: mb(pageBytes), training_worker: each.length ? mb(each[0]) : null, helpers: each.slice(1).map(b => b === null ? 'gone' : mb(b)) };
}

/// A blank page's renderers (the baseline), in this browser: a stylesheet of the same site, shown as text.
async function blank(page) {
  await page.goto(`${url()}style.css`);
  await page.waitForTimeout(2000);
  return total(await renderers());
}

/// Samples this browser's renderers every half second until `stop()`: the largest totals seen, and the
/// largest single renderer's RSS (the page's process: the figure a task manager shows).
function sampler() {
  const peak = { rss: 0, pss: 0, uss: 0, process_rss: 0, last: { rss: 0, pss: 0, uss: 0 } };
  let running = true;
  const done = (async () => {
    while (running) {
      const list = await renderers();
      const t = total(list);
      peak.rss = Math.max(peak.rss, t.rss);
      peak.pss = Math.max(peak.pss, t.pss);
      peak.uss = Math.max(peak.uss, t.uss);
      peak.process_rss = Math.max(peak.process_rss, ...list.map(p => p.rss));
      peak.last = t;
      await new Promise(r => setTimeout(r, 500));
    }
  })();
  return { peak, stop: async () => { running = false; await done; return peak; } };
}

/// Opens `query` and trains for `seconds`, sampling the renderers all along; prints the largest totals
/// above `base` (opening: data loaded and the pretrained model scored; training), the page's process,
/// and each context's wasm memory.
async function measure(page, label, query, base, seconds = 12, device = null) {
  const workers = [];
  page.on('worker', w => workers.push(w));
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', e => { window.__wasmMemory = e.detail.wasm.memory; }));
  if (device) {
    // A phone's cores and memory, as the page reads them (the workers do not).
    await page.addInitScript(([cores, gb]) => {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => cores });
      Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => gb });
    }, device);
  }
  const opening = sampler();
  await page.goto(url() + query);
  await waitStatus(page, 'Press Train', 240000);
  await page.waitForTimeout(2000);
  const opened = await opening.stop();
  const threads = Number(await page.inputValue('#threads'));
  // (A build from before the default was explained has no such line: DIST= measures older builds too.)
  const why = await page.evaluate(() => document.getElementById('threads-why')?.textContent.trim() ?? null);
  if (why !== null) assert.match(why, /^Default: \d/, 'the form says the default number of workers and why');
  const training = sampler();
  await page.click('[data-testid=train-button]');
  await page.waitForFunction(() => /step \d+ of/.test(document.getElementById('speed').textContent), null, { timeout: 240000 });
  await page.waitForTimeout(seconds * 1000);
  const trained = await training.stop();
  // Then without garbage: every context collects (gc() from --expose-gc), and the renderers are read again.
  await page.evaluate(() => globalThis.gc?.());
  for (const w of workers) await w.evaluate(() => globalThis.gc?.()).catch(() => {});
  await page.waitForTimeout(1000);
  const collected = total(await renderers());
  const wasm = await wasmMemory(page, workers);
  const status = (await page.textContent('[data-testid=status]')).trim();
  const row = {
    case: label, threads, workers: workers.length,
    blank_uss_mb: mb(base.uss), blank_pss_mb: mb(base.pss), blank_rss_mb: mb(base.rss),
    opening_peak_above_blank_uss_mb: mb(opened.uss - base.uss),
    training_peak_above_blank_uss_mb: mb(trained.uss - base.uss), training_after_gc_above_blank_uss_mb: mb(collected.uss - base.uss),
    training_peak_above_blank_pss_mb: mb(trained.pss - base.pss), training_peak_above_blank_rss_mb: mb(trained.rss - base.rss),
    page_process_peak_rss_mb: mb(Math.max(opened.process_rss, trained.process_rss)),
    wasm_memory_mb: wasm, status, default_workers: why,
  };
  console.log(JSON.stringify(row));
  assert.ok(trained.uss > base.uss, 'training takes memory');
  assert.equal(workers.length, threads, 'one training worker and threads − 1 helpers');
  return row;
}

const PHONE = [8, 4]; // 8 cores, 4 GB: the default may use 512 MB
const cases = [
  ['embedded digits, 1 worker', '?backend=cpu&model=mlp:128&epochs=200&threads=1'],
  ['embedded digits, default workers', '?backend=cpu&model=mlp:128&epochs=200'],
  ['embedded digits, default workers of an 8-core 4 GB phone', '?backend=cpu&model=mlp:128&epochs=200', PHONE],
  ['embedded digits, 4 workers', '?backend=cpu&model=mlp:128&epochs=200&threads=4'],
  ['60,000 digits (Fashion-MNIST), 1 worker', '?backend=cpu&model=mlp:128&epochs=50&data=fashion&threads=1'],
  ['60,000 digits (Fashion-MNIST), 4 workers', '?backend=cpu&model=mlp:128&epochs=50&data=fashion&threads=4'],
  ['60,000 digits (Fashion-MNIST), default workers of an 8-core 4 GB phone', '?backend=cpu&model=mlp:128&epochs=50&data=fashion', PHONE],
];

for (const [label, query, device] of cases) {
  test(`memory above a blank page: ${label}`, async () => {
    await withPage([...CPU, TAG, '--js-flags=--expose-gc'], async page => {
      const base = await blank(page);
      await measure(page, label, query, base, 12, device);
    });
  });
}
