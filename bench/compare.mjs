// Runs our bench.html and the anchors side by side in the same headless Chromium (WebGPU on SwiftShader):
// TF.js (tfjs.html: webgl, cpu, webgpu, wasm) and jax-js (jaxjs.html: webgpu, wasm; it JIT-compiles and fuses
// kernels). Prints each result and every ratio against the best anchor on each path (GPU: the best of TF.js
// webgl/webgpu and jax-js webgpu; CPU: the best of jax-js wasm, TF.js wasm and TF.js cpu).
// Usage (after `trunk build --release` and `npm install` here): node bench/compare.mjs [mlp|cnn ...] [--runs N]
// [--threads N] (the data-parallel CPU rows' workers; default all cores, at most 8; their ratio to one worker
// is measured over 5 epochs, alternated twice).
// One epoch's test accuracy swings by several points with the initialisation and shuffle (CNN: 0.78–0.88 over
// seeds on either side), so after the speed table each model is also trained N more times (default 5) on
// the fastest backend of each side — ours CPU with seeds 1..N, TF.js webgl (unseeded) — and the accuracies'
// mean and range are printed.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(root, 'package.json'))('playwright-core');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  try {
    const body = await readFile(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    res.writeHead(200, { 'content-type': types[extname(req.url.split('?')[0])] || 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const flags = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 5;
// Workers for the data-parallel CPU rows (default: all the cores the browser reports, at most 8).
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args.splice(threadsAt, 2)[1]) : 0;
const models = args.length ? args : ['mlp', 'cnn'];

async function run(path) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: flags });
  try {
    const page = await browser.newPage();
    await page.goto(base + path);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'pending', null, { timeout: 1800000 });
    const text = await page.textContent('#out');
    console.log(`${path}\n  ${text}`);
    return text.startsWith('RESULT ') ? JSON.parse(text.slice(7)) : null;
  } finally {
    await browser.close();
  }
}

/// navigator.hardwareConcurrency of this browser.
async function cores() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: flags });
  try {
    return await (await browser.newPage()).evaluate(() => navigator.hardwareConcurrency);
  } finally {
    await browser.close();
  }
}

function spread(results) {
  const acc = results.map(r => r?.test_acc).filter(a => typeof a === 'number');
  if (!acc.length) return 'failed';
  const mean = acc.reduce((a, b) => a + b, 0) / acc.length;
  return `mean ${mean.toFixed(4)}, range ${Math.min(...acc).toFixed(4)}–${Math.max(...acc).toFixed(4)} over ${acc.length} runs`;
}

for (const model of models) {
  const r = {};
  for (const b of ['gpu', 'cpu', 'auto']) r[`ours-${b}`] = await run(`/dist/bench.html?model=${model}&backend=${b}`);
  const n = threads || Math.min(8, await cores());
  r[`ours-cpu×${n}`] = await run(`/dist/bench.html?model=${model}&backend=cpu&threads=${n}`);
  // Workers: one epoch is ~0.2 s for the MLP here, where a pause of the machine's other threads weighs
  // heavily, so the ratio comes from 5 epochs, 1 and N workers alternated twice.
  const workers = { 1: [], [n]: [] };
  for (let i = 0; i < 2; i++) for (const t of [1, n]) workers[t].push(await run(`/dist/bench.html?model=${model}&backend=cpu&threads=${t}&epochs=5`));
  const mean = rs => rs.reduce((a, x) => a + (x?.samples_per_s ?? NaN), 0) / rs.length;
  for (const b of ['webgl', 'cpu', 'webgpu', 'wasm']) r[`tfjs-${b}`] = await run(`/bench/tfjs.html?model=${model}&backend=${b}`);
  const data = 'train=../dist/data/bench-train.bin&test=../dist/data/bench-test.bin';
  for (const b of ['webgpu', 'wasm']) r[`jaxjs-${b}`] = await run(`/bench/jaxjs.html?model=${model}&backend=${b}&${data}`);
  const s = k => r[k]?.samples_per_s ?? NaN;
  const best = keys => keys.filter(k => Number.isFinite(s(k))).sort((a, b) => s(b) - s(a))[0];
  const bestGpu = best(['tfjs-webgl', 'tfjs-webgpu', 'jaxjs-webgpu']), bestCpu = best(['jaxjs-wasm', 'tfjs-wasm', 'tfjs-cpu']);
  const ratio = (a, b) => `${(s(a) / s(b)).toFixed(2)}×`;
  console.log(`\n${model}: samples/s (test accuracy)`);
  for (const [k, v] of Object.entries(r)) console.log(`  ${k.padEnd(12)} ${String(v?.samples_per_s ?? 'failed').padStart(8)}  (${v?.test_acc ?? '–'})`);
  if (!r['tfjs-wasm']) console.log('  (TF.js wasm cannot train the CNN: it has no Conv2DBackpropFilter)');
  console.log(`  GPU path: ours WebGPU / best anchor (${bestGpu})   ${ratio('ours-gpu', bestGpu)}   (target ≥ 3×)`);
  console.log(`  CPU path: ours CPU, 1 worker / best anchor (${bestCpu})   ${ratio('ours-cpu', bestCpu)}   (target ≥ 1.5×)`);
  console.log(`  ours auto / best of all anchors   ${(s('ours-auto') / Math.max(s(bestGpu), s(bestCpu))).toFixed(2)}×`);
  console.log(`  ours CPU ${n} workers / 1 worker ${ratio(`ours-cpu×${n}`, 'ours-cpu')}   (one epoch each)`);
  console.log(`  ours CPU, 5 epochs: 1 worker ${mean(workers[1]).toFixed(0)}, ${n} workers ${mean(workers[n]).toFixed(0)} samples/s: ` +
    `${(mean(workers[n]) / mean(workers[1])).toFixed(2)}×   (helpers take part only where steps with them are measured faster: the CNN's, ~1.8× with 2 here; the MLP's step is ~1 ms, so its helpers mostly wait and ~1× is expected)\n`);
  if (runs > 0) {
    const ours = [r['ours-cpu']], theirs = [r['tfjs-webgl']];
    for (let i = 1; i <= runs; i++) {
      ours.push(await run(`/dist/bench.html?model=${model}&backend=cpu&seed=${i}`));
      theirs.push(await run(`/bench/tfjs.html?model=${model}&backend=webgl`));
    }
    console.log(`\n${model}: test accuracy after one epoch, ${runs + 1} runs each`);
    console.log(`  ours (seeds 0–${runs})  ${spread(ours)}`);
    console.log(`  TF.js webgl        ${spread(theirs)}\n`);
  }
}
server.close();
