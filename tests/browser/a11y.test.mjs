// Accessibility: axe-core finds no serious or critical problem on the main page after training, on every
// lesson, and embedded; the controls are reachable and usable with the keyboard alone; the sketch pad's
// prediction and the per-epoch log are live regions (read out as they change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { url, CPU, withPage, open, waitAccuracy } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LESSONS = ['tensors', 'pixel-similarity', 'quadratic', '3v7', 'linear', 'deeper', 'small-data', 'convolutions', 'own-digits'];

/// The serious and critical findings of axe on the page as it is now.
async function findings(page) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => (await axe.run(document)).violations);
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

test('axe: no serious or critical finding on the trained page, every lesson, and the embed', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu&model=mlp:32&pretrained=0');
    await page.click('[data-testid=train-button]');
    await waitAccuracy(page);
    assert.deepEqual(await findings(page), [], 'the main page after training');
    for (const lesson of LESSONS) {
      await page.goto(`${url()}?lesson=${lesson}&backend=cpu`);
      await page.waitForFunction(() => !/Starting|Loading|Choosing/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 60000 });
      assert.deepEqual(await findings(page), [], `lesson ${lesson}`);
    }
    await page.goto(`${url()}?lesson=3v7&embed=1&backend=cpu`);
    await waitAccuracy(page); // the lesson trains at once
    assert.deepEqual(await findings(page), [], 'embedded');
  });
});

test('keyboard only: every control is reachable with Tab, Train starts with Enter, a confusion count opens with Enter', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu&pretrained=0');
    const reached = new Set();
    for (let i = 0; i < 110; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => { const e = document.activeElement; return e?.dataset?.testid || e?.id || e?.tagName; }));
    }
    for (const id of ['backend-choice', 'data', 'data-files', 'model-kind', 'activation', 'optimizer', 'lr', 'batch', 'epochs', 'seed', 'threads', 'train-button', 'step-button', 'reset-button', 'sketch-canvas', 'clear-sketch', 'load-model', 'share-button', 'own-import', 'own-replay', 'own-steps', 'own-per-digit']) {
      assert.ok(reached.has(id), `${id} is reachable with Tab (reached: ${[...reached].join(' ')})`);
    }
    // Visible focus: the focused control has an outline.
    await page.focus('[data-testid=train-button]');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    await waitAccuracy(page);
    assert.equal(await page.getAttribute('#epoch-log', 'aria-live'), 'polite');
    assert.equal(await page.evaluate(() => document.querySelector('[data-testid=prediction]').closest('[aria-live]')?.getAttribute('aria-live')), 'polite');
    await page.focus('[data-testid=confusion-matrix] tr:nth-child(5) td:nth-child(5) button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^Correct 3s/.test(document.getElementById('gallery-h').textContent));
  });
});

test('keyboard drawing: the focused pad shows a pen; arrows with the pen lowered draw a 1 that the pretrained model reads', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu');
    await page.waitForFunction(() => /pretrained/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 60000 });
    await page.focus('[data-testid=sketch-canvas]');
    assert.ok(await page.isVisible('#sketch-pen'), 'the pen marker shows while the pad has focus');
    const scrolled = await page.evaluate(() => window.scrollY);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('#sketch-pen', 'data-down'), 'true');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('#sketch-pen', 'data-down'), 'false');
    await page.waitForFunction(() => document.querySelector('[data-testid=prediction]').textContent === '1', null, { timeout: 20000 });
    const ink = await page.evaluate(() => { const c = document.querySelector('[data-testid=sketch-canvas]'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let on = 0; for (let i = 3; i < d.length; i += 4) on += d[i] > 0; return on; });
    assert.ok(ink > 22 * 200, `a stroke of about 22 × 240 pixels was drawn (${ink} inked)`);
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'arrow keys draw instead of scrolling the page');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelector('[data-testid=prediction]').textContent === '–');
  });
});
