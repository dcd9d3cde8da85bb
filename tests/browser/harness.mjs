// Shared by the browser tests: a static server for dist/ (started before, closed after each test file),
// fresh headless Chromium pages with or without WebGPU, and small page helpers.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = process.env.DIST ? process.env.DIST : join(root, 'dist');  // DIST=/tmp/x: a build of one's own (concurrent trunk builds into dist/ collide)
export const out = join(root, 'tests', 'browser', 'out');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const BASE_FLAGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
export const WEBGPU = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];
export const CPU = [];

let server, base;
/// The site's address, e.g. http://127.0.0.1:PORT/ (known once the server runs).
export const url = () => base;

before(async () => {
  await mkdir(out, { recursive: true });
  server = createServer(async (req, res) => {
    const path = join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
});
after(() => server.close());

/// Runs `body(page, context)` in a fresh browser (a fresh profile: empty storage) and checks that no page
/// or frame threw and no dialog opened.
export async function withPage(flags, body, viewport = { width: 1280, height: 800 }, contextOptions = {}) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...BASE_FLAGS, ...flags] });
  try {
    const context = await browser.newContext({ viewport, acceptDownloads: true, ...contextOptions });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    page.on('dialog', d => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
    await body(page, context);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
}

export const text = (page, id) => page.textContent(`[data-testid=${id}], #${id}`);

export async function open(page, query = '') {
  await page.goto(base + query);
  await waitStatus(page, 'Press Train');
}

export async function waitStatus(page, part, timeout = 60000) {
  await page.waitForFunction(p => document.querySelector('[data-testid=status]').textContent.includes(p), part, { timeout });
}

/// Waits until "What the model learned" has drawn (its panels are aria-busy while a drawing runs, figure by figure).
export async function learnedDrawn(page) {
  await page.waitForFunction(() => !document.querySelector('#learned-section [aria-busy=true]'), null, { timeout: 60000 });
}

export async function waitAccuracy(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent), null, { timeout: 600000 });
}

/// Records, from now on, the longest gap between animation frames and the longest task on the page's main
/// thread (read them with `longestFrame`). Printed, not asserted: timings are measurements, not tests.
export async function watchFrames(page) {
  await page.evaluate(() => {
    window.__frames = { last: performance.now(), longest: 0, count: 0, task: 0, tasks: 0 };
    const tick = t => { const f = window.__frames; f.longest = Math.max(f.longest, t - f.last); f.last = t; f.count++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    new PerformanceObserver(list => { for (const e of list.getEntries()) { window.__frames.task = Math.max(window.__frames.task, e.duration); window.__frames.tasks++; } }).observe({ type: 'longtask' });
  });
}
export const longestFrame = page => page.evaluate(() => {
  const f = window.__frames;
  return { longest_frame_ms: Math.round(f.longest), frames: f.count, longest_main_thread_task_ms: Math.round(f.task), tasks_over_50ms: f.tasks };
});

/// Draws a stroke through `points` (fractions of the pad) and returns the prediction once it settles.
export async function draw(page, points) {
  await page.locator('[data-testid=sketch-canvas]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-testid=sketch-canvas]').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    for (let s = 1; s <= 8; s++) await page.mouse.move(...at([a[0] + (b[0] - a[0]) * s / 8, a[1] + (b[1] - a[1]) * s / 8]));
  }
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#sketch-bars').children.length > 0, null, { timeout: 30000 });
  await page.waitForTimeout(500);
  return (await text(page, 'prediction')).trim();
}
