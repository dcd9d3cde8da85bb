// User flows across the page's controls (CPU backend): what a learner or a course page does in an order the
// happy paths do not — pressing Train while a dataset loads, changing the data during a run, and a course
// page's `set` command reaching a run in progress when the control it changes is hidden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { url, CPU, withPage, text, open, waitStatus } from './harness.mjs';

const TRAIN = '[data-testid=train-button]';
const PAUSE = '[data-testid=pause-button]';

/// Records, from now on, every text the status line and the speed line show (read them with `seen`):
/// a short-lived message is still checked after a report has replaced it.
async function record(page) {
  await page.evaluate(() => {
    window.__seen = { status: [], speed: [] };
    for (const [key, el] of [['status', document.querySelector('[data-testid=status]')], ['speed', document.getElementById('speed')]]) {
      window.__seen[key].push(el.textContent);
      new MutationObserver(() => window.__seen[key].push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    }
  });
}
const seen = page => page.evaluate(() => window.__seen);

/// The controls as a learner sees them.
const controls = page => page.evaluate(([t, p]) => ({
  train: !document.querySelector(t).disabled, pause: !document.querySelector(p).disabled,
  status: document.querySelector('[data-testid=status]').textContent, speed: document.getElementById('speed').textContent,
}), [TRAIN, PAUSE]);

/// Waits for `predicate(page state)` up to `timeout` ms; on a timeout fails with `what` and the controls' state.
async function settle(page, predicate, timeout, what) {
  try {
    await page.waitForFunction(predicate, null, { timeout, polling: 200 });
  } catch (e) {
    if (!/Timeout/.test(e.message)) throw e;
    assert.fail(`${what} (after ${timeout / 1000} s): ${JSON.stringify(await controls(page))}`);
  }
}

test('Train pressed while Fashion-MNIST loads: no run on the old data, and once loaded the page trains on it', async () => {
  await withPage(CPU, async page => {
    // Batch 128: an epoch of the 8,000 embedded training digits has 63 steps, one of Fashion-MNIST 469. A run
    // long enough to be still going when the data arrives, were one started.
    await open(page, '?backend=cpu&pretrained=0&model=mlp:128&epochs=200&batch=128&lr=0.1');
    await record(page);
    await page.selectOption('#data', 'fashion');
    await page.waitForFunction(() => window.__seen.status.some(s => s.includes('Loading Fashion-MNIST')), null, { timeout: 10000 });
    // A learner presses Train while the data loads (if the page lets them).
    const trainWhileLoading = !(await page.isDisabled(TRAIN));
    if (trainWhileLoading) await page.click(TRAIN);
    await page.waitForFunction(() => window.__seen.status.some(s => s.includes('Fashion-MNIST: 60,000 training images, 10,000 held-out test images')), null, { timeout: 120000 });
    // Settled: idle and ready (Train enabled, Pause disabled), or — a page that queued the press — a run on
    // Fashion-MNIST in progress, which Reset ends.
    await settle(page, () => {
      const train = !document.querySelector('[data-testid=train-button]').disabled;
      const pause = !document.querySelector('[data-testid=pause-button]').disabled;
      return (train && !pause) || (pause && / of 469 /.test(document.getElementById('speed').textContent));
    }, 30000, 'after Fashion-MNIST loaded, the page is neither ready to train (Train enabled, Pause disabled) nor training on it');
    const old = (await seen(page)).speed.filter(s => / of 63 /.test(s));
    assert.deepEqual(old.slice(-1), [], `pressing Train (${trainWhileLoading ? 'enabled' : 'disabled'}) while Fashion-MNIST loaded started no run on the old digits`);
    if (!(await page.isDisabled(PAUSE))) {
      await page.click('[data-testid=reset-button]');
      await waitStatus(page, 'Reset');
    }
    const c = await controls(page);
    assert.deepEqual([c.train, c.pause], [true, false], `Train enabled, Pause disabled: ${JSON.stringify(c)}`);
    // Train now trains on Fashion-MNIST: the speed line appears and reports arrive.
    await page.click(TRAIN);
    await settle(page, () => /step ([5-9]|\d\d+) of 469 .* samples\/s/.test(document.getElementById('speed').textContent), 60000,
      'pressing Train on the loaded Fashion-MNIST brings no report of its 469 steps');
  });
});

test('changing the dataset during a run is refused, and the Dataset menu shows the data still in use', async () => {
  await withPage(CPU, async page => {
    // An MLP for 200 epochs of the embedded digits (125 steps of 64 each): still training when the menu changes.
    await open(page, '?backend=cpu&pretrained=0&model=mlp:256,128&epochs=200&batch=64&lr=0.1');
    assert.equal(await page.inputValue('#data'), 'embedded');
    await record(page);
    await page.click(TRAIN);
    await settle(page, () => /step \d+ of 125 /.test(document.getElementById('speed').textContent), 60000, 'the run reports no step');
    await page.selectOption('#data', 'fashion');
    await page.waitForFunction(() => window.__seen.status.some(s => s.includes('pause or reset the training before changing the data or the model')), null, { timeout: 10000 });
    await page.waitForTimeout(500);
    assert.equal(await page.inputValue('#data'), 'embedded', 'the Dataset menu shows the data in use, not the refused choice');
    assert.equal(await page.isDisabled(PAUSE), false, 'the run goes on');
    assert.ok(!(await seen(page)).status.some(s => s.includes('Loading Fashion-MNIST')), 'nothing was loaded');
    const steps = (await text(page, 'speed')).match(/step \d+ of (\d+)/);
    assert.equal(steps?.[1], '125', 'the run still trains on the embedded digits');
  });
});

test("a course page's set command changes the learning rate of the run in progress, though the field is hidden", async () => {
  await withPage(CPU, async page => {
    // The course page: another origin (a server of its own), allowed by origins=.
    let parent;
    const server = createServer((req, res) => {
      const src = `${url()}?backend=cpu&pretrained=0&model=mlp:256,128&epochs=200&batch=64&lr=0.01&hide=lr&embed=1&autostart=0&origins=${encodeURIComponent(parent)}`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><body><iframe id="lesson" width="800" height="600" src="${src.replace(/&/g, '&amp;')}"></iframe><script>
        window.received = [];
        addEventListener('message', e => window.received.push(e.data));
        function send(m) { document.getElementById('lesson').contentWindow.postMessage(m, '*'); }
      </script></body>`);
    });
    await new Promise(r => server.listen(0, '127.0.0.1', r));
    try {
      parent = `http://127.0.0.1:${server.address().port}`;
      await page.goto(`${parent}/`);
      const frame = page.frame({ url: /origins=/ });
      await frame.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('Press Train'), null, { timeout: 60000 });
      assert.equal(await frame.locator('#lr').count(), 0, 'hide=lr leaves out the learning-rate field');
      await page.evaluate(() => send({ type: 'start' }));
      await frame.waitForFunction(() => /step \d+ of 125 .* · lr 0\.01$/.test(document.getElementById('speed').textContent), null, { timeout: 60000 });
      // 0.1, not more: at 0.5 this MLP diverges within a few dozen steps and the run ends on the NaN, which
      // (with a faster CPU backend) can come before the check below.
      await page.evaluate(() => send({ type: 'set', settings: { lr: 0.1 } }));
      await page.waitForFunction(() => window.received.some(e => e.type === 'settings' || e.type === 'refused'), null, { timeout: 10000 });
      const types = await page.evaluate(() => window.received.map(e => e.type));
      assert.ok(types.includes('settings') && !types.includes('refused'), `the page acknowledged the setting: ${types}`);
      // Later reports (the ones already on their way may still carry the old rate) show the new one.
      try {
        await frame.waitForFunction(() => / · lr 0\.1$/.test(document.getElementById('speed').textContent), null, { timeout: 20000, polling: 200 });
      } catch (e) {
        if (!/Timeout/.test(e.message)) throw e;
      }
      const now = await frame.textContent('#speed');
      assert.equal(await frame.isDisabled('[data-testid=pause-button]'), false, `the run is still training: ${now}`);
      assert.match(now, / · lr 0\.1$/, `the run uses the learning rate the course page set (20 s after "settings": "${now}")`);
    } finally {
      server.close();
    }
  });
});

test('a served data file that is damaged: the page names it, says what is wrong, and is not stuck', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu');
    // Fashion-MNIST's training images arrive as gzip's magic bytes and then no deflate stream: the browser's
    // DecompressionStream cannot inflate them, and the page's own strict reader says why.
    await page.route(/fashion\/train-images/, route => route.fulfill({ status: 200, contentType: 'application/gzip',
      body: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xfe, 0xfd, 0xfc, 1, 2, 3, 4]) }));
    await page.selectOption('#data', 'fashion');
    await page.waitForFunction(() => /corrupt/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 60000 });
    const status = await text(page, 'status');
    assert.match(status, /train-images-idx3-ubyte/, status);
    assert.equal(await page.isDisabled(TRAIN), false, 'Train still works on the digits the page has');
  }, undefined, { serviceWorkers: 'block' });
});
