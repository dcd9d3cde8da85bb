// A first visit: the sketch pad and its answer are in the first screen (no scrolling) on a laptop and on a
// phone, the pad answers with the pretrained model, nothing scrolls sideways, and the page's thread stays free
// while the page opens (long tasks printed, not asserted: timings are measurements). The lessons keep their
// layout: the pad after the lesson and the other sections, not above them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { out, url, CPU, withPage, waitStatus, learnedDrawn } from './harness.mjs';

for (const [name, viewport] of [['laptop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`${name} ${viewport.width}×${viewport.height}: the sketch pad and its answer in the first screen; it answers as the page opens`, async () => {
    await withPage(CPU, async page => {
      // Long tasks from the very start (the observer is installed before the page's scripts run): how long, and
      // when (ms after the page was asked for).
      await page.addInitScript(() => {
        window.__long = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push(`${Math.round(e.duration)} ms at ${Math.round(e.startTime)}`); }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(url());
      await waitStatus(page, 'Press Train', 120000);
      const inView = async selector => {
        const box = await page.locator(selector).boundingBox();
        return box && box.y >= 0 && box.y + box.height <= viewport.height && box.x >= 0 && box.x + box.width <= viewport.width;
      };
      assert.ok(await inView('[data-testid=sketch-canvas]'), 'the pad is in the first screen');
      assert.ok(await inView('[data-testid=prediction]'), 'its answer is in the first screen');
      assert.equal(await page.evaluate(() => window.scrollY), 0);
      // A stroke down the middle, without scrolling: the pretrained CNN answers 1.
      const box = await page.locator('[data-testid=sketch-canvas]').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
      await page.mouse.down();
      for (let s = 1; s <= 8; s++) await page.mouse.move(box.x + box.width / 2, box.y + box.height * (0.2 + 0.6 * s / 8));
      await page.mouse.up();
      await page.waitForFunction(() => document.querySelector('[data-testid=prediction]').dataset.value !== undefined, null, { timeout: 30000 });
      assert.equal((await page.textContent('[data-testid=prediction]')).trim(), '1');
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'nothing scrolled');
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways} px`);
      await page.screenshot({ path: join(out, `first-screen-${name}.png`) });
      // The digits were inflated by the browser as they arrived (DecompressionStream), not in the page's wasm.
      await page.waitForFunction(() => performance.getEntriesByType('mark').some(m => m.name === 'inflated data/mnist-10k-images-idx3-ubyte.gz'), null, { timeout: 30000 });
      console.log({ viewport: `${viewport.width}×${viewport.height}`, long_tasks_while_opening_ms: await page.evaluate(() => window.__long) });
    }, viewport);
  });
}

test('the page opening with its thread slowed 4× (as on a phone): long tasks printed', async () => {
  // Chromium's CPU throttling, set on the page's target, slows its thread by the factor: what a phone's slower
  // core makes of the same opening. Printed, not asserted, like the timings above.
  await withPage(CPU, async (page, context) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url());
    await waitStatus(page, 'Press Train', 120000);
    await page.waitForFunction(() => performance.getEntriesByType('mark').some(m => m.name === 'inflated data/mnist-10k-images-idx3-ubyte.gz'), null, { timeout: 60000 });
    // The panels that follow the data (samples, what the model learned, its scores) have drawn.
    await page.waitForFunction(() => !document.body.hasAttribute('data-drawing') && document.querySelectorAll('#maps-panel canvas').length > 0, null, { timeout: 60000 });
    await learnedDrawn(page);
    await page.waitForTimeout(1000);
    const long = await page.evaluate(() => window.__long);
    console.log({ cpu_slowed: '4×', viewport: '390×844', long_tasks_while_opening_ms: long, over_100_ms: long.filter(t => t > 100).length });
  }, { width: 390, height: 844 });
});

test('lessons and embedded pages keep their layout: the pad after the sections before it, from the first paint', async () => {
  await withPage(CPU, async page => {
    for (const query of ['?lesson=convolutions&autostart=0', '?embed=1']) {
      await page.goto(url() + query, { waitUntil: 'domcontentloaded' });
      // Before the wasm has run (the inline script moves it as the page is parsed).
      const y = async id => (await page.locator(`#${id}`).boundingBox())?.y;
      const order = await page.evaluate(() => [...document.querySelectorAll('main section')].map(s => s.id));
      assert.ok(order.indexOf('learned-section') < order.indexOf('sketch-section') && order.indexOf('sketch-section') < order.indexOf('eval-section'), `${query}: ${order}`);
      if (query.includes('lesson')) {
        await page.waitForSelector('#lesson:not([hidden])');
        const [lesson, learned, pad] = [await y('lesson'), await y('learned-section'), await y('sketch-section')];
        assert.ok(lesson < learned && learned < pad, `lesson ${lesson}, learned ${learned}, pad ${pad}`);
      }
    }
  });
});
