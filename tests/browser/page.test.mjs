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

async function trainOnce(flags, shot) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...BASE_FLAGS, ...flags] });
  // (playwright gives every launch a fresh temporary profile)
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('Press Train'), null, { timeout: 60000 });
    const backend = await page.textContent('[data-testid=backend]');
    await page.click('[data-testid=train-button]');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent), null, { timeout: 600000 });
    const acc = parseFloat(await page.textContent('[data-testid=test-accuracy]'));
    const status = await page.textContent('[data-testid=status]');
    await page.screenshot({ path: join(out, shot) });
    assert.deepEqual(errors, []);
    return { backend, acc, status };
  } finally {
    await browser.close();
  }
}

test('WebGPU: the backend is named and one epoch of the MLP reaches 80% held-out accuracy', async () => {
  const r = await trainOnce(WEBGPU_FLAGS, 'webgpu.png');
  console.log(r);
  assert.match(r.backend, /^WebGPU/);
  assert.ok(r.acc >= 0.8, `accuracy ${r.acc}`);
});

test('no WebGPU: the page says so, falls back to the CPU backend, and trains', async () => {
  const r = await trainOnce([], 'cpu.png');
  console.log(r);
  assert.match(r.backend, /^CPU — this browser has no WebGPU/);
  assert.ok(r.acc >= 0.8, `accuracy ${r.acc}`);
});
