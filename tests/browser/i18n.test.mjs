// The page in the course's languages. With lang=qps (a pseudo-locale: every catalog text accented and wrapped
// in [ ], arguments between Unicode isolation marks) any visible text with a plain Latin letter did not come
// from a catalog: the main page after training, every lesson, the embed and the course page are checked. One
// lesson runs end to end in Russian and its result matches English; the menu switches language in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { out, url, CPU, withPage, text } from './harness.mjs';

const LESSONS = ['tensors', 'pixel-similarity', 'quadratic', '3v7', 'linear', 'deeper', 'small-data', 'convolutions', 'own-digits'];

/// Visible texts (text nodes, aria-labels, titles, alt texts) with a Latin letter outside arguments.
async function foreign(page) {
  return page.evaluate(() => {
    const visible = el => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    // Machine values shown as such: the language menu (each language in itself), code, the share link, and the
    // model summary's layer rows (PyTorch's module names, as in the exported script).
    const skip = el => el.closest('#lang, code, textarea, [translate=no]');
    const plain = s => s.replace(/\u2068[^\u2069]*\u2069/g, '').replace(/^\s*\d+: .*$/gm, '');
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!visible(el) || skip(el) || el.tagName === 'SCRIPT' || el.tagName === 'STYLE') continue;
      if (/[A-Za-z]/.test(plain(n.textContent))) found.push(`${el.id || el.tagName}: ${n.textContent.trim().slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt]')) {
      if (!visible(el) || skip(el)) continue;
      for (const a of ['aria-label', 'title', 'alt']) {
        const v = el.getAttribute(a);
        if (v && /[A-Za-z]/.test(plain(v))) found.push(`${el.id || el.tagName}[${a}]: ${v.slice(0, 80)}`);
      }
    }
    if (/[A-Za-z]/.test(plain(document.title))) found.push(`title: ${document.title}`);
    return found;
  });
}

/// Waits for a number (data-value) in element `id`: a scored model, or a lesson's result.
const scored = (page, id) => page.waitForFunction(i => document.querySelector(`[data-testid=${i}]`).dataset.value, id, { timeout: 240000 });

test('pseudo-locale: every visible text on the main page, every lesson, the embed and the course page comes from a catalog', async () => {
  await withPage(CPU, async page => {
    await page.goto(`${url()}?lang=qps&backend=cpu&model=mlp:16&epochs=1`);
    await scored(page, 'test-accuracy');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await foreign(page), [], 'the page as it opens (pretrained model)');
    await page.click('[data-testid=train-button]');
    await page.waitForFunction(() => document.querySelectorAll('#epoch-log li').length === 1, null, { timeout: 120000 });
    await scored(page, 'test-accuracy');
    await page.focus('[data-testid=sketch-canvas]');
    await page.keyboard.press('Space');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.waitForFunction(() => document.querySelector('#sketch-bars').children.length > 0);
    // One of the learner's digits: the panel's counts, thumbnail, line and scores.
    await page.click('[data-testid=own-is-3]');
    await page.waitForFunction(() => document.querySelector('[data-testid=own-accuracy]').dataset.value !== undefined, null, { timeout: 60000 });
    // Taught (a few steps): the plan, the before/after table and the status in the catalogs' words too.
    await page.fill('[data-testid=own-steps]', '5');
    await page.click('[data-testid=own-teach]');
    await page.waitForSelector('[data-testid=own-after-test]', { timeout: 120000 });
    await page.click('[data-testid=own-clear]');
    await page.click('#share-button');
    await page.click('[data-testid=confusion-matrix] tr:nth-child(4) td:nth-child(4) button');
    assert.deepEqual(await foreign(page), [], 'the page after training, drawing, sharing and opening a confusion cell');
    await page.screenshot({ path: join(out, 'qps-main.png'), fullPage: true });
    for (const lesson of LESSONS) {
      await page.goto(`${url()}?lesson=${lesson}&lang=qps&backend=cpu&epochs=1`);
      if (lesson === 'own-digits') {
        await page.waitForFunction(() => document.querySelector('[data-testid=own-summary]').textContent.length > 0 && document.querySelector('[data-testid=test-accuracy]').dataset.value, null, { timeout: 240000 });
      } else if (lesson === 'quadratic') {
        await page.waitForSelector('#q-step');
        await page.click('#q-step');
        await page.waitForFunction(() => document.querySelectorAll('#q-log li').length === 2);
      } else {
        await scored(page, 'lesson-result');
      }
      assert.deepEqual(await foreign(page), [], `lesson ${lesson}`);
    }
    await page.goto(`${url()}?lesson=3v7&embed=1&lang=qps&backend=cpu`);
    await scored(page, 'lesson-result');
    assert.deepEqual(await foreign(page), [], 'embedded');
    await page.goto(`${url()}course.html?lang=qps`);
    await page.waitForFunction(() => document.documentElement.dataset.l10nLang === 'qps');
    assert.deepEqual(await foreign(page), [], 'course.html');
    assert.match(await page.getAttribute('#linear', 'src'), /lang=qps/, 'the course page passes its language to the lessons');
  });
});

test('Russian: the 3-vs-7 lesson runs end to end and its result matches English; plural forms and decimal commas', async () => {
  await withPage(CPU, async page => {
    const run = async lang => {
      await page.goto(`${url()}?lesson=3v7&backend=cpu&lang=${lang}`);
      await page.waitForFunction(() => document.querySelector('[data-testid=lesson-result]').dataset.value, null, { timeout: 240000 });
      return {
        value: await page.getAttribute('[data-testid=lesson-result]', 'data-value'),
        shown: await text(page, 'lesson-result'),
        status: await text(page, 'status'),
        log: await page.$$eval('#epoch-log li', l => l.map(e => e.textContent)),
        title: await text(page, 'lesson-h'),
        lang: await page.getAttribute('html', 'lang'),
      };
    };
    const en = await run('en');
    const ru = await run('ru');
    console.log({ english: en.value, russian: ru.value, russian_status: ru.status });
    assert.equal(ru.lang, 'ru');
    assert.equal(ru.value, en.value, 'the same training gives the same result in either language');
    assert.equal(ru.shown, en.shown.replace('.', ','), 'Russian writes a decimal comma');
    assert.match(ru.title, /^4\. 3 против 7/);
    assert.match(ru.status, /^Готово: \d+ из \d+ тестовых цифр распознаны верно \(\d+,\d\d %\)/);
    assert.match(ru.log[0], /^эпоха 1: потери на обучении \d+,\d{4}/);
    assert.equal(await page.getAttribute('[data-testid=test-accuracy]', 'data-value'), ru.value);
    // The language menu switches in place: the texts change, the trained model stays.
    await page.selectOption('#lang', 'sv');
    await page.waitForFunction(() => document.documentElement.lang === 'sv');
    assert.equal(await text(page, 'train-button'), 'Träna');
    assert.match(await text(page, 'lesson-h'), /^4\. 3 mot 7/);
    assert.equal(await page.getAttribute('[data-testid=lesson-result]', 'data-value'), ru.value, 'the result is kept');
    // What was written in Russian is rewritten too: the status, the per-epoch log, the header's backend line.
    assert.match(await text(page, 'status'), /^Klart: \d+ av \d+ testsiffror rätt \(\d+,\d\d %\)/);
    assert.match(await page.textContent('#epoch-log li'), /^epok 1: loss på träningsdata \d+,\d{4}/);
    await page.waitForFunction(() => document.querySelector('[data-testid=backend]').textContent.startsWith('CPU — adressen'));
    assert.match(page.url(), /lang=sv/, 'the URL keeps the language for a reload or a link');
    await page.click('#share-button');
    assert.match(await page.inputValue('#share-out'), /lang=sv/, 'the share link keeps the language');
    await page.screenshot({ path: join(out, 'lesson-3v7-sv.png'), fullPage: true });
  });
});

test('the browser language is the default; Estonian groups numbers from five digits', async () => {
  await withPage(CPU, async page => {
    await page.goto(`${url()}?backend=cpu&pretrained=0`);
    await page.waitForFunction(() => /Vajuta Treeni/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 120000 });
    assert.equal(await page.getAttribute('html', 'lang'), 'et');
    assert.match(await text(page, 'status'), /8000 treeningpilti, 2000 testpilti/);
    assert.equal(await page.inputValue('#lang'), 'et');
  }, undefined, { locale: 'et-EE' });
});
