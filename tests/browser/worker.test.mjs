// Training off the page's thread: the engine in a Web Worker. Measures (prints, never asserts) the page's
// longest main-thread task and frame gap while the best CNN trains on the CPU backend, with the worker and
// on the page's thread (worker=0) for comparison; checks that a stroke drawn meanwhile is predicted with
// the live weights, that the learning rate changes mid-run, that a worker killed mid-run leaves a clear
// message, the last weights and a way to carry on, and that a browser without Worker trains on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CPU, withPage, text, open, waitStatus, waitAccuracy, watchFrames, longestFrame, draw } from './harness.mjs';

/// Draws a stroke and returns the prediction with the training steps behind the weights that made it.
async function drawLive(page, points) {
  const digit = await draw(page, points);
  return { digit, steps: Number(await page.getAttribute('[data-testid=prediction]', 'data-steps')) };
}
const steps = page => page.evaluate(() => /step (\d+) of/.exec(document.getElementById('speed').textContent)?.[1] | 0);

/// Trains cnn:16,32,128 (batch 64, CPU backend) for `seconds` and reports the page's responsiveness.
async function cnnResponsiveness(page, query, seconds) {
  await open(page, `?backend=cpu&model=cnn:16,32,128&batch=64&epochs=3&optimizer=adam${query}`);
  await watchFrames(page);
  await page.click('[data-testid=train-button]');
  await page.waitForFunction(() => /step \d+ of/.test(document.getElementById('speed').textContent), null, { timeout: 120000 });
  await page.waitForTimeout(seconds * 1000);
  return { ...(await longestFrame(page)), steps: await steps(page) };
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
    const first = await drawLive(page, [[0.5, 0.15], [0.5, 0.85]]);
    assert.match(first.digit, /^[0-9]$/);
    assert.ok(first.steps > 0, `the prediction uses trained weights (${first.steps} steps)`);
    await page.waitForTimeout(3000);
    await page.click('[data-testid=clear-sketch]');
    const later = await drawLive(page, [[0.5, 0.15], [0.5, 0.85]]);
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
    const p = await drawLive(page, [[0.5, 0.15], [0.5, 0.85]]);
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

test('threads=2: a helper worker shares each CPU minibatch; one lost mid-run leaves a notice and the run finishes', async () => {
  await withPage(CPU, async page => {
    const workers = [];
    page.on('worker', w => workers.push(w));
    await open(page, '?backend=cpu&model=cnn:4,8&epochs=2&batch=64&optimizer=adam&threads=2');
    assert.equal(await page.inputValue('#threads'), '2');
    await page.click('[data-testid=train-button]');
    await page.waitForFunction(() => /samples\/s on 2 workers/.test(document.getElementById('speed').textContent), null, { timeout: 60000 });
    assert.equal(workers.length, 2, 'the training worker and one helper');
    const before = await text(page, 'speed');
    await workers[1].evaluate(() => close());
    await page.waitForFunction(() => /A helper worker stopped .*training goes on with 1 worker\./.test(document.querySelector('[data-testid=url-notice]').textContent), null, { timeout: 60000 });
    await waitAccuracy(page);
    const acc = parseFloat(await text(page, 'test-accuracy'));
    console.log({ before, after: await text(page, 'speed'), acc });
    assert.ok(acc > 0.85, `the run finishes on the training worker alone: ${acc}`);
    assert.doesNotMatch(await text(page, 'speed'), /on 2 workers/);
    assert.match(await page.textContent('#epoch-log'), /epoch 2: train loss/);
  });
});
