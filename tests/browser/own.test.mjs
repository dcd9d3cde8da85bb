// "Your digits" in the built page (CPU backend, the pretrained CNN): drawings kept by pointer ("Right", "It is a
// 7") and by keyboard (the pen, then Tab to "It is a 4" and Enter), still there after a reload (IndexedDB);
// exported as two IDX .gz files, deleted (confirmed), imported back: the same digits (the export again is
// byte for byte the same); a bad file refused with the collection kept; axe on the panel; teaching the model
// (before/after, the pad answers with the taught model); lesson 9 in Swedish end to end; a course page hears
// counts and accuracies, never images. Screenshots in tests/browser/out/own-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { url, CPU, withPage, open, draw, text, out, waitStatus } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function findings(page, selector) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async sel => (await axe.run(sel)).violations, selector);
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

const count = page => page.getAttribute('[data-testid=own-summary]', 'data-count').then(Number);
const counts = page => page.getAttribute('[data-testid=own-summary]', 'data-counts');
const waitCount = (page, n) => page.waitForFunction(n => document.querySelector('[data-testid=own-summary]').dataset.count === String(n), n, { timeout: 30000 });
const scoredAll = page => page.waitForFunction(() => {
  const a = document.querySelector('[data-testid=own-accuracy]');
  return a.dataset.value !== undefined && document.querySelectorAll('#own-classes figure').length === Number(document.querySelector('[data-testid=own-summary]').dataset.count);
}, null, { timeout: 60000 });

/// Strokes for a few digits (fractions of the pad).
const ONE = [[0.5, 0.15], [0.5, 0.85]];
const SEVEN = [[0.25, 0.2], [0.75, 0.2], [0.4, 0.85]];
const ZERO = [[0.5, 0.15], [0.75, 0.5], [0.5, 0.85], [0.25, 0.5], [0.5, 0.15]];

/// The `n` downloads that `action` starts.
async function downloads(page, n, action) {
  const got = [];
  const done = new Promise(resolve => {
    const on = d => { got.push(d); if (got.length === n) { page.off('download', on); resolve(); } };
    page.on('download', on);
  });
  await action();
  await done;
  return got;
}

/// Draws `points` and keeps it as `label` (null: "Right").
async function keep(page, points, label) {
  await draw(page, points);
  await page.click(label === null ? '[data-testid=own-right]' : `[data-testid=own-is-${label}]`);
}

test('collect by pointer and keyboard, reload, export, delete all, import, a bad file refused', async () => {
  await withPage(CPU, async (page, context) => {
    await open(page, '?backend=cpu');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent));
    assert.equal(await count(page), 0);
    assert.match(await text(page, 'own-summary'), /^No digits yet/);
    assert.equal(await page.isDisabled('[data-testid=own-right]'), true, 'nothing to keep before a drawing');

    // Pointer: a 1 the model gets right ("Right"), a 7 said to be a 7.
    assert.equal(await draw(page, ONE), '1');
    await page.click('[data-testid=own-right]');
    await waitCount(page, 1);
    assert.equal(await text(page, 'prediction'), '–', 'the pad cleared for the next digit');
    assert.match(await text(page, 'own-label-line'), /^Kept as a 1 \(1 of that digit now\)\.$/);
    await keep(page, SEVEN, 7);
    await waitCount(page, 2);
    // Keyboard: the pen draws a stroke, Tab reaches the buttons, Enter keeps it as a 4.
    await page.focus('[data-testid=sketch-canvas]');
    await page.keyboard.press('Space');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('#sketch-bars').children.length > 0);
    // Tab from the pad to "It is a 4" (past Clear, Right and 0–3).
    for (let i = 0; i < 20 && await page.evaluate(() => document.activeElement?.dataset?.testid) !== 'own-is-4'; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'own-is-4', 'Tab reaches the label buttons');
    await page.keyboard.press('Enter');
    await waitCount(page, 3);
    assert.equal(await counts(page), '0,1,0,0,1,0,0,1,0,0');
    await scoredAll(page);
    const accuracy = await text(page, 'own-accuracy');
    console.log({ accuracy });
    assert.match(accuracy, /^\d+(\.\d)?% right \(\d of 3\)/);
    assert.equal(await page.locator('#own-confusion td').count(), 100, 'a 10×10 confusion of your digits');
    await page.locator('#own-section').screenshot({ path: join(out, 'own-panel.png') });
    assert.deepEqual(await findings(page, '#own-section'), [], 'axe on the panel');
    assert.deepEqual(await findings(page, '#sketch-section'), [], 'axe on the pad with the label buttons');

    // A reload: the collection is still there.
    await page.reload();
    await waitStatus(page, 'Press Train');
    await waitCount(page, 3);
    assert.equal(await counts(page), '0,1,0,0,1,0,0,1,0,0');

    // Export: two gzipped IDX files.
    const files = [];
    for (const d of await downloads(page, 2, () => page.click('[data-testid=own-export]'))) {
      const path = join(tmpdir(), d.suggestedFilename());
      await d.saveAs(path);
      files.push(path);
    }
    assert.deepEqual(files.map(f => f.split('/').pop()).sort(), ['own-digits-images-idx3-ubyte.gz', 'own-digits-labels-idx1-ubyte.gz']);
    const first = await Promise.all(files.map(f => readFile(f)));
    assert.ok(first.every(b => b[0] === 0x1f && b[1] === 0x8b), 'gzip');
    // The browser gzipped them (CompressionStream): any gzip reader gives MNIST's IDX files, 3 digits.
    const byName = name => gunzipSync(first[files.findIndex(f => f.endsWith(name))]);
    const [images, labels] = [byName('images-idx3-ubyte.gz'), byName('labels-idx1-ubyte.gz')];
    assert.deepEqual([...images.subarray(0, 16)], [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28]);
    assert.equal(images.length, 16 + 3 * 784);
    assert.deepEqual([...labels.subarray(0, 8)], [0, 0, 8, 1, 0, 0, 0, 3]);
    assert.deepEqual([...labels.subarray(8)].sort(), [1, 4, 7]);

    // Delete all: asked first; "Keep them" keeps them; then deleted.
    await page.click('[data-testid=own-clear]');
    assert.equal(await page.isVisible('#own-confirm'), true);
    await page.click('[data-testid=own-clear-no]');
    assert.equal(await count(page), 3);
    await page.click('[data-testid=own-clear]');
    await page.click('[data-testid=own-clear-yes]');
    await waitCount(page, 0);

    // Import: the same digits; exported again, byte for byte the same files.
    await page.setInputFiles('[data-testid=own-import]', files);
    await waitCount(page, 3);
    assert.equal(await counts(page), '0,1,0,0,1,0,0,1,0,0');
    for (const d of await downloads(page, 2, () => page.click('[data-testid=own-export]'))) {
      const again = await readFile(await d.path());
      const i = files.findIndex(f => f.endsWith(d.suggestedFilename()));
      assert.ok(again.equals(first[i]), `${d.suggestedFilename()} round-trips byte for byte`);
    }

    // A bad file: refused, the collection kept.
    const bad = join(tmpdir(), 'bad-images-idx3-ubyte.gz');
    await writeFile(bad, 'not gzip at all');
    await page.setInputFiles('[data-testid=own-import]', [bad, files.find(f => f.includes('labels'))]);
    await page.waitForFunction(() => document.querySelector('[data-testid=own-line]').textContent.startsWith('Not imported'));
    console.log({ refused: await text(page, 'own-line') });
    assert.equal(await count(page), 3);

    // Deleting one digit by its button.
    await page.click('#own-classes figure button >> nth=0');
    await waitCount(page, 2);
    await context.close();
  });
});

test('teach: before and after, the pad answers with the taught model; a course page hears counts and accuracies', async () => {
  await withPage(CPU, async page => {
    await page.goto(`${url()}course.html`);
    // The course page's first lesson frame becomes lesson 9 (the same origins= as the others).
    await page.evaluate(() => {
      const f = document.getElementById('baseline');
      f.src = f.src.replace('lesson=pixel-similarity', 'lesson=own-digits');
    });
    const frame = page.frameLocator('#baseline');
    await page.waitForFunction(() => {
      const d = document.getElementById('baseline').contentDocument;
      return d && /Draw a digit/.test(d.querySelector('[data-testid=status]')?.textContent || '');
    }, null, { timeout: 120000 });
    const pad = frame.locator('[data-testid=sketch-canvas]');
    const drawIn = async points => {
      await pad.scrollIntoViewIfNeeded();
      const box = await pad.boundingBox();
      const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
      await page.mouse.move(...at(points[0]));
      await page.mouse.down();
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1], points[i]];
        for (let s = 1; s <= 6; s++) await page.mouse.move(...at([a[0] + (b[0] - a[0]) * s / 6, a[1] + (b[1] - a[1]) * s / 6]));
      }
      await page.mouse.up();
      await frame.locator('#sketch-bars > *').first().waitFor();
    };
    // Four of each of three digits: the 4th of each is kept aside (3 held out, 9 taught).
    const strokes = [[ONE, 1], [SEVEN, 7], [ZERO, 0]];
    for (let k = 0; k < 4; k++) {
      for (const [points, label] of strokes) {
        await drawIn(points.map(([x, y]) => [x + 0.03 * k - 0.05, y]));
        await frame.locator(`[data-testid=own-is-${label}]`).click();
      }
    }
    await page.waitForFunction(() => document.getElementById('baseline').contentDocument.querySelector('[data-testid=own-summary]').dataset.count === '12');
    const events = await page.evaluate(() => window.received.filter(e => e.type === 'collection'));
    assert.ok(events.length >= 12, `a collection event per change: ${events.length}`);
    const last = events[events.length - 1];
    assert.equal(last.total, 12);
    assert.deepEqual([last.count0, last.count1, last.count7, last.count3], [4, 4, 4, 0]);
    assert.ok(Object.keys(last).every(k => ['source', 'type', 'lesson', 'total'].includes(k) || /^count\d$/.test(k)), `counts only: ${Object.keys(last)}`);

    // Teach with few steps; the pad's model changes (its steps), before and after appear side by side.
    await frame.locator('[data-testid=own-steps]').fill('40');
    await frame.locator('[data-testid=own-teach]').click();
    await frame.locator('[data-testid=own-after-test]').waitFor({ timeout: 240000 });
    const value = id => frame.locator(`[data-testid=${id}]`).getAttribute('data-value').then(Number);
    const numbers = { own_before: await value('own-before-own'), own_after: await value('own-after-own'), test_before: await value('own-before-test'), test_after: await value('own-after-test') };
    console.log(numbers);
    assert.ok(numbers.test_before > 0.95 && numbers.test_after > 0.9, 'the held-out test digits are scored before and after');
    const taught = await page.evaluate(() => window.received.find(e => e.type === 'taught'));
    assert.ok(taught, 'the course page heard the teaching end');
    assert.equal(taught.test_after.toFixed(4), numbers.test_after.toFixed(4));
    assert.equal(taught.own_after.toFixed(4), numbers.own_after.toFixed(4));
    assert.equal(Number(await frame.locator('[data-testid=lesson-result]').getAttribute('data-value')).toFixed(4), numbers.own_after.toFixed(4));
    await drawIn(ONE);
    assert.ok(Number(await frame.locator('[data-testid=prediction]').getAttribute('data-steps')) > 0, 'the pad answers with the taught model');
    // The before/after table alone: the whole panel is taller than the course page's frame (its screenshot was cut).
    await frame.locator('#own-compare-box').screenshot({ path: join(out, 'own-taught.png') });
  }, { width: 1400, height: 1000 });
});

test('lesson 9 in Swedish: collect, see, teach, compare', async () => {
  await withPage(CPU, async page => {
    await page.goto(`${url()}?lesson=own-digits&lang=sv&backend=cpu`);
    await page.waitForFunction(() => document.querySelector('#lesson-h').textContent === '9. Din egen handstil');
    await waitStatus(page, 'Rita en siffra', 120000);
    assert.equal(await page.isVisible('#own-section'), true);
    assert.equal(await page.isVisible('#learned-section'), false, 'the lesson shows its own sections');
    assert.equal(await page.isVisible('#train-section'), true, 'with progress and Pause for teaching');
    for (let k = 0; k < 4; k++) {
      await draw(page, ONE.map(([x, y]) => [x + 0.04 * k, y]));
      await page.click('[data-testid=own-right]');
      await draw(page, SEVEN.map(([x, y]) => [x, y + 0.02 * k]));
      await page.click('[data-testid=own-is-7]');
    }
    await waitCount(page, 8);
    assert.match(await text(page, 'own-summary'), /^8 siffror \(2 undanlagda/);
    await scoredAll(page);
    assert.match(await text(page, 'own-accuracy'), /rätt/);
    await page.fill('[data-testid=own-steps]', '30');
    await page.fill('[data-testid=own-replay]', '0');
    await page.click('[data-testid=own-teach]');
    await page.waitForSelector('[data-testid=own-after-test]', { timeout: 240000 });
    const done = await text(page, 'status');
    console.log({ lesson_sv_replay_0: done });
    assert.match(done, /^Klart\. Dina undanlagda siffror: .* → .*; testexemplen: .* → .*\.$/);
    assert.match(await page.textContent('#own-compare'), /Före.*Efter/);
    assert.ok(await page.getAttribute('[data-testid=lesson-result]', 'data-value'));
    await page.screenshot({ path: join(out, 'own-lesson-sv.png'), fullPage: true });
    assert.deepEqual(await findings(page, '#own-section'), [], 'axe on the panel with before and after');
    // Back to the pretrained model, then one example per digit.
    await page.click('[data-testid=own-back-pretrained]');
    await waitStatus(page, 'förtränad CNN', 120000);
    await page.fill('[data-testid=own-per-digit]', '1');
    await page.fill('[data-testid=own-replay]', '4');
    await page.waitForFunction(() => !document.querySelector('[data-testid=own-teach]').disabled, null, { timeout: 60000 });
    assert.match(await text(page, 'own-teach-help'), /^2 av dina siffror lärs ut/);
    await page.click('[data-testid=own-teach]');
    await page.waitForFunction(() => document.querySelector('#own-compare-caption').textContent.startsWith('Senaste inlärningen: 2 av dina siffror'), null, { timeout: 240000 });
    assert.match(await text(page, 'status'), /^Klart\./);
  });
});
