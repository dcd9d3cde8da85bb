// Offline: after one visit, the page (with its worker, the embedded digits and the pretrained model) and the
// lessons load and train with the network switched off, and the learner's own digits are kept offline — only the service worker (www/sw.js) can answer,
// since an offline context cannot reach 127.0.0.1 either. The manifest makes the playground installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { url, CPU, withPage, text, open, waitStatus, waitAccuracy, draw } from './harness.mjs';

test('after one visit the page, its worker and a lesson load and train offline', async () => {
  await withPage(CPU, async (page, context) => {
    await open(page, '?backend=cpu');
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 60000 });
    await page.waitForFunction(async () => (await (await caches.open('mnist-playground')).keys()).length >= 14, null, { timeout: 60000 });
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
    assert.equal(manifest.display, 'standalone');
    assert.deepEqual(manifest.icons.map(i => i.sizes), ['192x192', '512x512']);
    await context.setOffline(true);
    await page.reload();
    await waitStatus(page, 'Press Train');
    await page.waitForFunction(() => /^Pretrained CNN/.test(document.getElementById('file-status').textContent), null, { timeout: 60000 });
    await page.selectOption('#model-kind', 'linear');
    await page.click('[data-testid=train-button]');
    await waitAccuracy(page);
    const acc = parseFloat(await text(page, 'test-accuracy'));
    assert.ok(acc > 0.85, `trained offline: ${acc}`);
    // One of the learner's digits, kept offline, is still there after an offline reload (IndexedDB).
    await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
    await page.click('[data-testid=own-is-1]');
    await page.waitForFunction(() => document.querySelector('[data-testid=own-summary]').dataset.count === '1');
    await page.reload();
    await waitStatus(page, 'Press Train');
    await page.waitForFunction(() => document.querySelector('[data-testid=own-summary]').dataset.count === '1', null, { timeout: 30000 });
    await page.goto(`${url()}?lesson=small-data&backend=cpu&epochs=1`);
    await page.waitForFunction(() => document.getElementById('compare-run') !== null && document.querySelectorAll('#samples canvas').length > 0, null, { timeout: 60000 });
    assert.doesNotMatch(await text(page, 'status'), /Error/);
    await page.goto(`${url()}?lesson=pixel-similarity&backend=cpu`);
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=lesson-result]').textContent), null, { timeout: 60000 });
    console.log({ offline_accuracy: acc, similarity: await text(page, 'lesson-result') });
  });
});
