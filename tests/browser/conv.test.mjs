// "A convolution step by step" in the built page (CPU backend, the pretrained CNN the page opens with): Step
// moves the 5×5 window cell by cell, each shown sum + bias → ReLU equals the engine's feature map at that cell
// (data-value: the model's own first layers on the page's copy), a cell is chosen by keyboard, Play at the
// fastest speed fills the map and then its 2×2 max pooling to the end, the drawing as input; axe finds nothing
// serious; no sideways scroll at phone width. Screenshots in tests/browser/out/conv-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CPU, url, withPage, open, draw, text, out, learnedDrawn } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function findings(page) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => (await axe.run(document)).violations);
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

/// The window's cell as the map says, the engine's value there and the one the shown sum gives, and the line.
const cell = async page => {
  const m = await page.evaluate(() => {
    const c = document.getElementById('conv-map');
    return { stage: c.dataset.stage, cell: Number(c.dataset.cell), value: Number(c.dataset.value), shown: Number(c.dataset.shown) };
  });
  return { ...m, line: await text(page, 'conv-line') };
};

/// Checks the shown value is the engine's and the line says it (two decimals).
function agrees(c) {
  assert.ok(Math.abs(c.shown - c.value) <= 1e-5 * (1 + Math.abs(c.value)), `shown ${c.shown} vs engine ${c.value}`);
  const said = c.line.match(/([-−]?[\d.]+)$/)[1].replace('−', '-');
  assert.equal(Number(said).toFixed(2), c.value.toFixed(2), c.line);
}

test('a convolution step by step: the engine\'s numbers, cell by cell, then the pooling', async () => {
  await withPage(CPU, async page => {
    await open(page, '?backend=cpu');
    await page.waitForSelector('[data-testid=conv]:not([hidden])');
    await page.waitForSelector('#conv-map[data-cell]');
    let c = await cell(page);
    assert.equal(c.stage, 'conv');
    assert.equal(c.cell, 0);
    assert.match(c.line, /^Row 1, column 1: sum [-−]?\d+\.\d\d \+ bias [-−]?\d+\.\d\d → ReLU \d+\.\d\d$/);
    agrees(c);
    assert.equal(await page.locator('#conv-products td').count(), 25, 'the window\'s 25 products');
    await learnedDrawn(page);
    const filters = await page.locator('#units-panel figure').count();
    assert.ok(filters >= 4, `the filters shown above: ${filters}`);
    assert.equal(await page.locator('#conv-filter option').count(), filters, 'one choice per filter of the first convolution');

    // A filter with more to see, then Step: the window moves along the first row.
    await page.selectOption('#conv-filter', '2');
    for (let i = 1; i <= 3; i++) {
      await page.click('#conv-step');
      c = await cell(page);
      assert.equal(c.cell, i);
      assert.match(c.line, new RegExp(`^Row 1, column ${i + 1}: sum`));
      agrees(c);
    }

    // The keyboard: focus the map, two rows down and one column right; End, Home.
    await page.focus('#conv-map');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    c = await cell(page);
    assert.equal(c.cell, 2 * 24 + 4);
    assert.match(c.line, /^Row 3, column 5: /);
    agrees(c);
    // A cell in the middle of the digit, where the filter has ink under it.
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
    c = await cell(page);
    assert.equal(c.cell, 12 * 24 + 4);
    agrees(c);
    await page.locator('#conv').screenshot({ path: join(out, 'conv-steps.png') });
    await page.keyboard.press('End');
    assert.equal((await cell(page)).cell, 575);
    await page.keyboard.press('Home');
    assert.equal((await cell(page)).cell, 0);
    assert.deepEqual(await findings(page), [], 'axe with the convolution shown');

    // Play at the fastest speed to the end: the whole map, then all 144 pooled cells.
    await page.selectOption('#conv-speed', '3');
    await page.click('#conv-play');
    assert.equal(await text(page, 'conv-play'), 'Pause');
    await page.waitForFunction(() => document.getElementById('conv-play').dataset.playing === 'false', null, { timeout: 120000 });
    c = await cell(page);
    assert.equal(c.stage, 'pool');
    assert.equal(c.cell, 143);
    assert.equal(await page.getAttribute('#conv-pool', 'data-filled'), '144');
    assert.equal(await page.getAttribute('#conv-map', 'data-filled'), '576');
    assert.match(c.line, /^Pooling, row 12, column 12: largest of .* → \d+\.\d\d$/);
    agrees(c);
    assert.equal(await text(page, 'conv-play'), 'Play');
    // A pooled cell by keyboard.
    await page.focus('#conv-pool');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    c = await cell(page);
    assert.deepEqual([c.stage, c.cell], ['pool', 1]);
    assert.match(c.line, /^Pooling, row 1, column 2: /);
    agrees(c);
    await page.locator('#conv').screenshot({ path: join(out, 'conv-pooled.png') });

    // Play, then Pause half-way.
    await page.selectOption('#conv-speed', '1');
    await page.click('#conv-play');
    await page.waitForFunction(() => Number(document.getElementById('conv-map').dataset.cell) >= 2);
    await page.click('#conv-play');
    const paused = (await cell(page)).cell;
    await page.waitForTimeout(600);
    assert.equal((await cell(page)).cell, paused, 'paused');

    // The drawing as the input: none until the pad has one.
    await page.selectOption('#conv-input', 'drawing');
    assert.match(await text(page, 'conv-line'), /^Draw a digit on the sketch pad first\.$/);
    await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
    await page.waitForFunction(() => /^Row 1, column 1: /.test(document.getElementById('conv-line').textContent));
    agrees(await cell(page));

    // Phone width: no sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `sideways scroll at 390 px: ${overflow}`);
    await page.locator('#conv').screenshot({ path: join(out, 'conv-phone.png') });
  });
});

test('lesson 8 points to the convolution step by step, in Swedish with decimal commas, while its CNN trains', async () => {
  await withPage(CPU, async page => {
    await page.goto(`${url()}?lesson=convolutions&backend=cpu&lang=sv`);
    await page.waitForFunction(() => /”En faltning steg för steg”/.test(document.getElementById('lesson').textContent));
    await page.waitForSelector('[data-testid=conv]:not([hidden])', { timeout: 120000 });
    await page.waitForSelector('#conv-map[data-cell]');
    assert.equal(await page.locator('#conv-filter option').count(), 8, 'the lesson CNN\'s eight filters');
    assert.equal(await text(page, 'conv-h'), 'En faltning steg för steg');
    await page.click('#conv-step');
    const c = await cell(page);
    assert.equal(c.cell, 1);
    assert.match(c.line, /^Rad 1, kolumn 2: summa [-−]?\d+,\d\d \+ bias [-−]?\d+,\d\d → ReLU \d+,\d\d$/);
    assert.ok(Math.abs(c.shown - c.value) <= 1e-5 * (1 + Math.abs(c.value)), `shown ${c.shown} vs engine ${c.value}`);
    assert.equal(await text(page, 'conv-play'), 'Spela');
  });
});
