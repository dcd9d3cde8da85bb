// Training off the page's thread: the engine in a Web Worker. Measures (prints, never asserts) the page's
// longest main-thread task and frame gap while the best CNN trains on the CPU backend, with the worker and
// on the page's thread (worker=0) for comparison; checks that a stroke drawn meanwhile is predicted with
// the live weights, that the learning rate changes mid-run, that a worker killed mid-run leaves a clear
// message, the last weights and a way to carry on, and that a browser without Worker trains on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { url, CPU, withPage, text, open, waitStatus, waitAccuracy } from './harness.mjs';

/// From now on: the longest animation-frame gap and the longest main-thread task (a PerformanceObserver
/// for long tasks), and how many tasks took over 50 ms.
async function watchFrames(page) {
  await page.evaluate(() => {
    window.__frames = { last: performance.now(), longest: 0, count: 0, task: 0, tasks: 0 };
    const tick = t => { const f = window.__frames; f.longest = Math.max(f.longest, t - f.last); f.last = t; f.count++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    new PerformanceObserver(list => { for (const e of list.getEntries()) { window.__frames.task = Math.max(window.__frames.task, e.duration); window.__frames.tasks++; } }).observe({ type: 'longtask' });
  });
}
const frames = page => page.evaluate(() => {
  const f = window.__frames;
  return { longest_frame_ms: Math.round(f.longest), frames: f.count, longest_task_ms: Math.round(f.task), tasks_over_50ms: f.tasks };
});

/// Draws a stroke (fractions of the pad) and returns the prediction, with the training steps its weights had.
async function draw(page, points) {
  await page.locator('[data-testid=sketch-canvas]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-testid=sketch-canvas]').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    for (let s = 1; s <= 6; s++) await page.mouse.move(...at([a[0] + (b[0] - a[0]) * s / 6, a[1] + (b[1] - a[1]) * s / 6]));
  }
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#sketch-bars').children.length > 0, null, { timeout: 30000 });
  await page.waitForTimeout(300);
  return { digit: (await text(page, 'prediction')).trim(), steps: Number(await page.getAttribute('[data-testid=prediction]', 'data-steps')) };
}
const steps = page => page.evaluate(() => /step (\d+) of/.exec(document.getElementById('speed').textContent)?.[1] | 0);

/// Trains cnn:16,32,128 (batch 64, CPU backend) for `seconds` and reports the page's responsiveness.
async function cnnResponsiveness(page, query, seconds) {
  await open(page, `?backend=cpu&model=cnn:16,32,128&batch=64&epochs=3&optimizer=adam${query}`);
  await watchFrames(page);
  await page.click('[data-testid=train-button]');
  await page.waitForFunction(() => /step \d+ of/.test(document.getElementById('speed').textContent), null, { timeout: 120000 });
  await page.waitForTimeout(seconds * 1000);
  return { ...(await frames(page)), steps: await steps(page) };
}

test('cnn:16,32,128 trains in the worker: the page stays free, and a stroke drawn meanwhile uses the live weights', async () => {
  await withPage(CPU, async page => {
    const seen = [];
    page.on('worker', w => seen.push(w.url()));
    const m = await cnnResponsiveness(page, '', 20);
    console.log({ worker: true, ...m });
    assert.ok(seen.some(u => u.endsWith('/worker.js')), `training runs in a worker: ${seen}`);
    assert.match(await text(page, 'backend'), /^CPU — the URL asks for the CPU backend \(backend=cpu\)$/);
    // The sketch pad answers while training runs, with the weights of the last report.
    const first = await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
    assert.match(first.digit, /^[0-9]$/);
    assert.ok(first.steps > 0, `the prediction uses trained weights (${first.steps} steps)`);
    await page.waitForTimeout(3000);
    await page.click('[data-testid=clear-sketch]');
    const later = await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
    console.log({ first, later });
    assert.ok(later.steps > first.steps, `a later stroke uses newer weights (${first.steps} → ${later.steps} steps)`);
    assert.equal(await text(page, 'status'), 'Training…', 'still training');
  });
});

test('the same training on the page thread (worker=0), for comparison; the page says where it trains', async () => {
  await withPage(CPU, async page => {
    const m = await cnnResponsiveness(page, '&worker=0', 10);
    console.log({ worker: false, ...m });
    assert.match(await text(page, 'url-notice'), /Training runs on this page's thread: the URL asks for it \(worker=0\)/);
    assert.match(await text(page, 'backend'), /\(on the page's thread\)$/);
  });
});

test('a browser without Worker trains on the page and says so', async () => {
  await withPage(CPU, async page => {
    await page.addInitScript(() => { delete window.Worker; });
    await open(page, '?backend=cpu&model=linear&epochs=1');
    assert.match(await text(page, 'url-notice'), /Training runs on this page's thread: this browser could not start a Web Worker/);
    await page.click('[data-testid=train-button]');
    await waitAccuracy(page);
    assert.ok(parseFloat(await text(page, 'test-accuracy')) > 0.85);
  });
});

test('the learning rate changes mid-run, at the next step', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu&model=mlp:64&epochs=3&batch=32&lr=0.1');
    await page.click('[data-testid=train-button]');
    await page.waitForFunction(() => /lr 0\.1$/.test(document.getElementById('speed').textContent), null, { timeout: 60000 });
    await page.fill('#lr', '0.02');
    await page.dispatchEvent('#lr', 'change');
    await page.waitForFunction(() => /lr 0\.02$/.test(document.getElementById('speed').textContent), null, { timeout: 60000 });
    await page.click('[data-testid=pause-button]');
    await waitStatus(page, 'Paused');
  });
});

test('a worker killed mid-run: the page says so, keeps the last weights, and carries on in a new worker', async () => {
  await withPage(CPU, async page => {
    const workers = [];
    page.on('worker', w => workers.push(w));
    await open(page, '?backend=cpu&model=cnn:4,8&epochs=2&batch=32&optimizer=adam');
    await page.click('[data-testid=train-button]');
    await page.waitForFunction(() => /epoch 1 of 2, step (\d{2})/.test(document.getElementById('speed').textContent), null, { timeout: 60000 });
    const before = await steps(page);
    await workers[0].evaluate(() => close());
    await waitStatus(page, 'The training worker stopped', 30000);
    const message = await text(page, 'status');
    console.log({ killed_at_step: before, message });
    assert.match(message, /weights it last sent \(after 0 epochs and \d+ steps\) are kept/);
    assert.equal(await page.isVisible('[data-testid=carry-on-button]'), true);
    assert.equal(await page.isDisabled('[data-testid=pause-button]'), true);
    // The kept weights still answer the sketch pad.
    const p = await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
    assert.match(p.digit, /^[0-9]$/);
    assert.ok(p.steps >= before - 20, `the kept weights are the last ones sent (${p.steps} steps)`);
    await page.click('[data-testid=carry-on-button]');
    await page.waitForFunction(() => document.querySelector('[data-testid=carry-on-button]').hidden, null, { timeout: 30000 });
    await waitAccuracy(page);
    const acc = parseFloat(await text(page, 'test-accuracy'));
    assert.ok(acc > 0.85, `the carried-on run finishes: ${acc}`);
    assert.match(await page.textContent('#epoch-log'), /epoch 2: train loss/);
    assert.equal(workers.length, 2, 'a second worker was started');
  });
});
