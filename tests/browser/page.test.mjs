// End-to-end checks of the built page (dist/) in headless Chromium: with WebGPU (SwiftShader) and without
// it (the CPU fallback). Run by `node --test tests/browser/` after `trunk build`; screenshots land in
// tests/browser/out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const out = join(root, 'tests', 'browser', 'out');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const BASE_FLAGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

let server, url;
before(async () => {
  await mkdir(out, { recursive: true });
  server = createServer(async (req, res) => {
    const path = join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${server.address().port}/`;
});
after(() => server.close());

/// Opens the page (with `query`), trains (clicking Train unless the query autostarts), and returns what the
/// page shows: backend, accuracy, status, the weight canvases' pixel statistics and the confusion matrix.
async function trainOnce(flags, shot, query = '') {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...BASE_FLAGS, ...flags] });
  // (playwright gives every launch a fresh temporary profile)
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(url + query);
    if (!query.includes('autostart=1')) {
      await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('Press Train'), null, { timeout: 60000 });
      await page.click('[data-testid=train-button]');
    }
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent), null, { timeout: 600000 });
    const r = await page.evaluate(() => {
      const text = id => document.querySelector(`[data-testid=${id}]`).textContent;
      const canvases = [...document.querySelectorAll('[data-testid=weights-panel] canvas')].map(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let white = 0, sum = 0;
        for (let i = 0; i < d.length; i += 4) { sum += d[i] * 3 + d[i + 1] * 5 + d[i + 2] * 7; if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) white++; }
        return { pixels: d.length / 4, white, sum };
      });
      const cells = [...document.querySelectorAll('[data-testid=confusion-matrix] td')].map(td => Number(td.textContent));
      return { backend: text('backend'), acc: parseFloat(text('test-accuracy')), status: text('status'), canvases, cells };
    });
    await page.screenshot({ path: join(out, shot), fullPage: true });
    assert.deepEqual(errors, []);
    return r;
  } finally {
    await browser.close();
  }
}

function checkLinearResult(r) {
  assert.ok(r.acc >= 0.85, `accuracy ${r.acc}`);
  assert.equal(r.canvases.length, 10, 'one weight canvas per digit');
  for (const c of r.canvases) assert.ok(c.white < c.pixels, 'a weight image is not blank');
  assert.ok(new Set(r.canvases.map(c => c.sum)).size > 1, 'the ten weight images differ');
  assert.equal(r.cells.length, 100);
  assert.equal(r.cells.reduce((a, b) => a + b, 0), 2000, 'the confusion matrix counts every held-out test digit');
  const diagonal = r.cells.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(diagonal / 2000 - r.acc) < 1e-3, 'its diagonal is the accuracy');
}

test('WebGPU: the backend is named; one epoch of the linear model reaches 85% with ten weight images and a confusion matrix', async () => {
  const r = await trainOnce(WEBGPU_FLAGS, 'webgpu.png', '?model=linear&epochs=1&optimizer=sgd&lr=0.1&batch=128');
  console.log({ ...r, canvases: r.canvases.length });
  assert.match(r.backend, /^WebGPU/);
  checkLinearResult(r);
});

test('no WebGPU: the page says so, falls back to the CPU backend, and trains', async () => {
  const r = await trainOnce([], 'cpu.png');
  console.log({ ...r, canvases: r.canvases.length });
  assert.match(r.backend, /^CPU — this browser has no WebGPU/);
  checkLinearResult(r);
});

test('URL settings: an MLP autostarts; bad values are reported, not used', async () => {
  const r = await trainOnce(WEBGPU_FLAGS, 'mlp-autostart.png', '?model=mlp:32&epochs=1&batch=64&lr=0.1&autostart=1&seed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
  console.log({ ...r, canvases: r.canvases.length });
  assert.ok(r.acc >= 0.85, `accuracy ${r.acc}`);
  assert.equal(r.cells.reduce((a, b) => a + b, 0), 2000);
});
