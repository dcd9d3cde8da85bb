// "See inside" in the built page (CPU backend, the pretrained CNN): why the model answers what it does for a
// drawing (beside what the model sees, updated as the learner draws) and for a held-out digit chosen in the
// misclassified gallery or a confusion cell's list (by pointer and by keyboard); axe on the page with both
// shown; no sideways scroll at phone width. Screenshots in tests/browser/out/see-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { url, CPU, withPage, open, draw, text, out, watchFrames, longestFrame } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function findings(page) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => (await axe.run(document)).violations);
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

/// The maps in `selector`: each figure's caption, class, and how many of its pixels are red, blue and white.
const maps = (page, selector) => page.evaluate(sel => [...document.querySelectorAll(`${sel} figure`)].map(f => {
  const c = f.querySelector('canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let red = 0, blue = 0, white = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) white++;
    else if (d[i] === 255) red++;
    else if (d[i + 2] === 255) blue++;
  }
  return { caption: f.querySelector('figcaption')?.textContent, cls: f.dataset.class, label: c.getAttribute('aria-label'), red, blue, white, pixels: c.width * c.height };
}), selector);

test('why this answer: a drawing and a chosen held-out digit are explained with blue/red maps', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent));
    assert.match(await text(page, 'sketch-why-help'), /^Draw a digit/);

    // A drawing: the answer's map beside what the model sees, inked pixels only, on the stated scale.
    await watchFrames(page);
    assert.equal(await draw(page, [[0.5, 0.15], [0.5, 0.85]]), '1');
    const timing = await longestFrame(page);
    console.log({ while_drawing: timing });
    const sketch = await maps(page, '#sketch-why');
    console.log({ sketch });
    assert.ok(sketch.length >= 1 && sketch.length <= 2, `one or two maps: ${sketch.length}`);
    assert.equal(sketch[0].caption, 'Why 1?');
    assert.equal(sketch[0].cls, '1');
    assert.match(sketch[0].label, /^heat map: which pixels pushed the score of 1 up \(red\) or down \(blue\)$/);
    assert.ok(sketch[0].red > 10, 'the stroke pushed the 1 up');
    assert.ok(sketch[0].white > 0.5 * sketch[0].pixels, 'blank pixels stay white (no ink, no push)');
    if (sketch.length === 2) assert.match(sketch[1].caption, /^Why not \d\?$/);
    assert.match(await text(page, 'sketch-why-help'), /^Why this answer: .* full colour = ±\d/);
    // It follows the drawing: a second stroke makes a 7 or a 4, and its map is redrawn.
    const before = JSON.stringify(sketch);
    await draw(page, [[0.2, 0.15], [0.5, 0.15]]);
    const after = await maps(page, '#sketch-why');
    assert.notEqual(JSON.stringify(after), before, 'the map follows the drawing');
    assert.equal(after[0].cls, await page.getAttribute('[data-testid=prediction]', 'data-value'));
    await page.locator('#sketch-section').screenshot({ path: join(out, 'see-sketch.png') });

    // A mistake from the gallery, chosen with the pointer: why the answer, and why not the truth.
    const first = page.locator('[data-testid=misclassified] button.pick').first();
    await first.click();
    await page.waitForSelector('[data-testid=explain]:not([hidden])');
    const head = await text(page, 'explain-h');
    const m = head.match(/^Test digit [\d,]+: true (\d), predicted (\d) \(\d+%\)$/);
    assert.ok(m, head);
    assert.notEqual(m[1], m[2], 'a mistake');
    const why = await maps(page, '#explain-maps');
    assert.equal(why.length, 3, 'the digit, why the answer, why not the truth');
    assert.deepEqual(why.map(f => f.caption), ['input', `Why ${m[2]}?`, `Why not ${m[1]}?`]);
    assert.deepEqual([why[1].cls, why[2].cls], [m[2], m[1]]);
    assert.ok(why[1].red + why[1].blue > 0 && why[2].red + why[2].blue > 0);
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    assert.match(await first.getAttribute('aria-label'), /^test digit [\d,]+: true \d, predicted \d with \d+%\. Show why$/);
    await page.locator('#eval-section').screenshot({ path: join(out, 'see-explain.png') });
    assert.deepEqual(await findings(page), [], 'axe with both explanations shown');

    // Close, then a confusion cell's digit by keyboard: a correct 3 is explained as a 3.
    await page.click('#explain-close');
    await page.waitForSelector('[data-testid=explain][hidden]', { state: 'attached' });
    await page.focus('[data-testid=confusion-matrix] tr:nth-child(5) td:nth-child(5) button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^Correct 3s/.test(document.getElementById('gallery-h').textContent));
    await page.focus('[data-testid=misclassified] button.pick');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=explain]:not([hidden])');
    assert.match(await text(page, 'explain-h'), /^Test digit [\d,]+: true 3, predicted 3 /);
    const right = await maps(page, '#explain-maps');
    assert.equal(right[1].caption, 'Why 3?');
    assert.ok(right.length === 2 || /^Why not \d\?$/.test(right[2].caption), 'a close runner-up only');

    // Phone width: no sideways scroll with both shown.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow} px too wide)`);
    await page.locator('#sketch-section').screenshot({ path: join(out, 'see-phone-sketch.png') });
  });
});

test('why this answer in Swedish: the texts come from the catalog', async () => {
  await withPage(CPU, async page => {
    await page.goto(url() + '?backend=cpu&lang=sv');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent), null, { timeout: 60000 });
    await page.locator('[data-testid=misclassified] button.pick').first().click();
    await page.waitForSelector('[data-testid=explain]:not([hidden])');
    assert.match(await text(page, 'explain-h'), /^Testsiffra [\d\s]+: sann \d, förutsagd \d \(\d+ %\)$/);
    assert.match(await text(page, 'explain-help'), /^Varför detta svar: .* full färg = ±\d/);
    assert.equal(await text(page, 'explain-close'), 'Stäng');
  });
});

const attr = (page, name) => page.getAttribute('[data-testid=map-canvas]', name);

test('the map of the digits: 1,000 held-out digits, the drawing marked, pointer and keyboard focus, logits, in words', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu');
    await page.waitForFunction(() => document.querySelector('[data-testid=map-canvas]').dataset.points === '1000', null, { timeout: 60000 });
    console.log({ pretrained_cnn_map_ms_in_the_worker: await attr(page, 'data-ms') });
    assert.match(await text(page, 'map-help'), /^1,000 held-out digits placed by a principal component analysis of the last hidden layer \(1,024 values per digit\): across, .* \(\d+(\.\d)?% of the variance\)/);
    assert.equal(await page.locator('#map-legend li').count(), 10);
    assert.equal(await page.locator('#map-table tr').count(), 11, 'a header and ten classes');
    assert.match(await text(page, 'map-overlap'), /^Overlap most: \d and \d \(\d+% lie nearer the other's centre\)/);
    // Keyboard: Home, then arrows, each shows its digit, label and answer.
    await page.focus('[data-testid=map-canvas]');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('[data-testid=map-canvas]').dataset.focus === '0');
    assert.match(await text(page, 'map-focus'), /^Test digit 0: true \d, predicted \d$/);
    assert.equal(await page.locator('#map-focus-digit canvas').count(), 1);
    await page.keyboard.press('ArrowRight');
    const right = await attr(page, 'data-focus');
    assert.notEqual(right, '0');
    const [fx, fy] = (await attr(page, 'data-focus-at')).split(',').map(Number);
    await page.keyboard.press('Escape');
    assert.equal(await attr(page, 'data-focus'), null);
    // The pointer on that dot focuses it (or one drawn at the same place).
    const box = await page.locator('[data-testid=map-canvas]').boundingBox();
    await page.mouse.move(box.x + fx * box.width, box.y + fy * box.height);
    await page.waitForFunction(() => document.querySelector('[data-testid=map-canvas]').dataset.focus !== undefined);
    const [gx, gy] = (await attr(page, 'data-focus-at')).split(',').map(Number);
    assert.ok(Math.hypot(gx - fx, gy - fy) < 0.03, `${gx},${gy} vs ${fx},${fy}`);
    // The drawing is a marked point.
    assert.equal(await attr(page, 'data-drawing'), null);
    await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
    await page.waitForFunction(() => document.querySelector('[data-testid=map-canvas]').dataset.drawing);
    assert.equal(await page.locator('#map-legend li').count(), 11, 'the drawing in the legend');
    await page.locator('#learned-section').screenshot({ path: join(out, 'see-map.png') });
    assert.deepEqual(await findings(page), [], 'axe with the map');
    // The logits instead.
    await page.selectOption('[data-testid=map-layer]', 'logits');
    await page.waitForFunction(() => /logits/.test(document.getElementById('map-help').textContent) && document.querySelector('[data-testid=map-canvas]').dataset.points === '1000');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow} px too wide)`);
    await page.locator('#learned-section').screenshot({ path: join(out, 'see-map-phone.png') });
  });
});

test('the map moves while an MLP trains', async () => {
  await withPage(CPU, async page => {
    // Long enough to see the map (asked for every 2 s) more than once, on a fast CPU backend too.
    await open(page, '?backend=cpu&model=mlp:32&epochs=50&batch=8&pretrained=0');
    assert.match(await text(page, 'map-help'), /^Train or load a model/);
    await page.click('[data-testid=train-button]');
    const seen = new Set();
    const start = Date.now();
    while (!/\d/.test(await text(page, 'test-accuracy')) && Date.now() - start < 120000) {
      const first = await attr(page, 'data-first');
      if (first) seen.add(first);
      await page.waitForTimeout(200);
    }
    console.log({ maps_seen_while_training: seen.size, mlp_map_ms: await attr(page, 'data-ms') });
    assert.ok(seen.size >= 2, `the map was redrawn while training (${seen.size})`);
    assert.match(await text(page, 'map-help'), /\(32 values per digit\)/);
  });
});
