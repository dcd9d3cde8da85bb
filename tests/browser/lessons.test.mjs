// Course mode end to end: every lesson URL shows its live result; hidden controls are absent; the example
// course page embeds two lessons and receives their events; commands from other origins change nothing; a
// URL with a script payload in every parameter executes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { out, url, WEBGPU, CPU, withPage, text, open, waitStatus, waitAccuracy, learnedDrawn } from './harness.mjs';

const result = async page => parseFloat(await text(page, 'lesson-result'));

async function lesson(page, id, timeout = 240000, extra = '') {
  await page.goto(`${url()}?lesson=${id}${extra}`);
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=lesson-result]').textContent), null, { timeout });
  return result(page);
}

/// Lesson 7's random forest as the page shows it: its accuracy (data-value), its legend entry, and its dashed
/// line across the sweep's chart (the only near-black pixels there: one horizontal band).
async function forestShown(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=forest-accuracy]')?.dataset.value, null, { timeout: 60000 });
  const value = parseFloat(await page.getAttribute('[data-testid=forest-accuracy]', 'data-value'));
  assert.ok(value > 0.85 && value < 1, `the forest's held-out accuracy ${value}`);
  assert.equal(parseFloat(await page.getAttribute('#compare-legend .baseline', 'data-value')), value, 'the legend names the forest');
  const line = await page.$eval('#compare-chart', c => {
    const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const rows = new Set();
    let n = 0;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i + 3] > 200 && data[i] < 40 && data[i + 1] < 40 && data[i + 2] < 40) { n++; rows.add(y); }
    }
    return { n, top: Math.min(...rows), bottom: Math.max(...rows), height };
  });
  assert.ok(line.n > 200 && line.bottom - line.top <= 3, `one dashed horizontal line: ${JSON.stringify(line)}`);
  return { value, line: await text(page, 'forest-line'), y: line.top / line.height };
}

async function quadraticFalls(page, extra = '') {
  await lesson(page, 'quadratic', 240000, extra);
  await page.click('#q-ten');
  await page.waitForFunction(() => document.querySelectorAll('#q-log li').length === 11, null, { timeout: 60000 });
  const losses = await page.$$eval('#q-log li', l => l.map(e => parseFloat(e.textContent.replace('loss ', ''))));
  assert.ok(losses[10] < losses[0] / 2, `the loss falls over 10 steps: ${losses}`);
  assert.ok(Math.abs(await result(page) - losses[10]) < 0.01 * losses[10], 'the result is the latest loss');
  // Far too large a learning rate: the loss grows instead.
  await page.click('#q-reset');
  await page.fill('#q-lr', '0.01');
  await page.click('#q-ten');
  await page.waitForFunction(() => document.querySelectorAll('#q-log li').length === 11, null, { timeout: 60000 });
  const big = await page.$$eval('#q-log li', l => l.map(e => parseFloat(e.textContent.replace('loss ', ''))));
  assert.ok(!(big[10] < big[0]), `lr 0.01 overshoots: ${big}`);
  return losses;
}

test('every lesson URL shows its live result (CPU backend)', async () => {
  await withPage(CPU, async page => {
    const r = {};
    r.tensors = await lesson(page, 'tensors');
    assert.ok(r.tensors > 0 && r.tensors < 1, 'the average pixel value of a digit');
    assert.equal(await page.locator('.pixels td').count(), 19 * 19, 'rows and columns 4–22 by default');
    await page.fill('#t-r1', '10');
    await page.dispatchEvent('#t-r1', 'change');
    await page.waitForFunction(() => document.querySelectorAll('.pixels td').length === 7 * 19);
    assert.match(await page.textContent('#t-shape'), /This image: shape \[28, 28\], rank 2\. All 8,000 training images: shape \[8000, 28, 28\], rank 3/);
    await page.screenshot({ path: join(out, 'lesson-tensors.png'), fullPage: true });

    r.similarity = await lesson(page, 'pixel-similarity');
    assert.ok(r.similarity > 0.9, `3-vs-7 baseline ${r.similarity}`);
    assert.equal(await page.locator('#ideal-digits canvas').count(), 10);
    assert.equal(await page.locator('#s-grid .distances tr').count(), 11);
    await page.screenshot({ path: join(out, 'lesson-pixel-similarity.png'), fullPage: true });

    r.quadratic = await quadraticFalls(page);
    await page.screenshot({ path: join(out, 'lesson-quadratic.png'), fullPage: true });

    r['3v7'] = await lesson(page, '3v7');
    assert.ok(r['3v7'] >= 0.95, `3 vs 7 logistic ${r['3v7']}`);
    assert.equal(await text(page, 'test-accuracy'), (await text(page, 'lesson-result')), 'the result is the held-out accuracy');

    for (const [id, runs, min] of [['linear', 2, 0.85], ['deeper', 5, 0.85], ['small-data', 5, 0.9]]) {
      r[id] = await lesson(page, id);
      assert.ok(r[id] >= min, `${id}: ${r[id]}`);
      const rows = await page.$$eval('#compare-table tr', t => t.slice(1).map(tr => [...tr.children].map(td => td.textContent)));
      assert.equal(rows.length, runs, `${id}: one row per run`);
      const best = Math.max(...rows.map(row => parseFloat(row[2])));
      assert.equal(best.toFixed(4), r[id].toFixed(4), `${id}: the result is the best run's held-out accuracy`);
      if (id === 'small-data') r.forest = (await forestShown(page)).value;
      else assert.equal(await page.locator('#forest').count(), 0, `${id}: no forest`);
      await page.screenshot({ path: join(out, `lesson-${id}.png`), fullPage: true });
    }

    r.convolutions = await lesson(page, 'convolutions');
    assert.ok(r.convolutions >= 0.85, `cnn ${r.convolutions}`);
    await learnedDrawn(page);
    assert.equal(await page.locator('#units-panel canvas').count(), 8, 'its eight filters');
    await page.screenshot({ path: join(out, 'lesson-convolutions.png'), fullPage: true });
    console.log(r);
  });
});

test('lesson 7: a random forest first, the number to beat; the learner grows another; in Russian too', async () => {
  await withPage(CPU, async page => {
    await page.goto(`${url()}?lesson=small-data&autostart=0`);
    const first = await forestShown(page);
    // The same seed grows the same forest in the browser's worker as natively (`mnist forest --data digits`).
    assert.equal(first.value, 0.9331, 'the CLI\'s forest for seed 0');
    assert.match(first.line, /^Random forest \(10 trees, depth 10, seed 0\): [\d.]+% of the 359 held-out digits right, trained in [\d.]+ s\. The network has to beat it\.$/);
    assert.match(await page.textContent('#lesson-text'), /random forest on the 64 pixels/);
    // More, shallower trees (0.9248): a new forest, a new number and line.
    await page.fill('#forest-trees', '40');
    await page.fill('#forest-depth', '5');
    await page.click('#forest-run');
    await page.waitForFunction(() => /40 trees, depth 5, seed 0\)/.test(document.querySelector('#forest-line').textContent), null, { timeout: 60000 });
    const second = await forestShown(page);
    assert.ok(second.value !== first.value && second.y > first.y, `depth 5 scores lower, its line lies lower: ${JSON.stringify([first, second])}`);
    await page.fill('#forest-trees', '0');
    await page.click('#forest-run');
    await page.waitForFunction(() => /trees 0/.test(document.querySelector('[data-testid=status]').textContent));
    await page.screenshot({ path: join(out, 'lesson-small-data-forest.png'), fullPage: true });

    await page.goto(`${url()}?lesson=small-data&autostart=0&lang=ru`);
    const ru = await forestShown(page);
    assert.equal(ru.value, first.value, 'the same forest in Russian');
    assert.match(ru.line, /^Случайный лес \(деревьев: 10, глубина 10, зерно 0\): верно \d+,\d+ % из 359 цифр тестовой выборки/);
    assert.equal(await text(page, 'forest-accuracy'), first.value.toFixed(4).replace('.', ','), 'a decimal comma');
    console.log({ forest: first.value, forest40x5: second.value });
  });
});

test('lessons on WebGPU: the baseline and the quadratic fit run on the GPU backend too', async () => {
  await withPage(WEBGPU, async page => {
    const similarity = await lesson(page, 'pixel-similarity', 240000, '&backend=gpu');
    assert.match(await text(page, 'backend'), /^WebGPU/);
    assert.ok(similarity > 0.9, `${similarity}`);
    const losses = await quadraticFalls(page, '&backend=gpu');
    console.log({ similarity, losses: losses.map(l => Math.round(l)) });
  });
});

test('hide= leaves controls out; the URL still sets them', async () => {
  await withPage(CPU, async page => {
    await open(page, '?model=mlp:30&activation=sigmoid&lr=0.1&epochs=1&hide=optimizer,model');
    for (const id of ['#optimizer', '#model', '#model-kind', '#mlp-layers', '#cnn-opts']) {
      assert.equal(await page.locator(id).count(), 0, `${id} is absent`);
    }
    assert.equal(await page.inputValue('#activation'), 'sigmoid');
    assert.match(await page.textContent('#summary'), /Linear\(784 → 30\)/);
    await page.click('[data-testid=train-button]');
    await waitAccuracy(page);
    assert.ok(parseFloat(await text(page, 'test-accuracy')) > 0.8);
    // Share: the link carries the setup, the snippet is an iframe with embed=1.
    await page.click('#share-button');
    const shared = await page.inputValue('#share-out');
    assert.match(shared, /\?data=embedded&model=mlp:30&activation=sigmoid&optimizer=sgd&lr=0\.1&batch=128&epochs=1&seed=0&hide=optimizer,model\n/);
    assert.match(shared, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?data=embedded&amp;model=mlp:30.*&amp;embed=1" width="800" height="600"/);
  });
});

test('the example course page embeds two lessons, receives their events, and its commands are obeyed', async () => {
  await withPage(CPU, async page => {
    await page.goto(`${url()}course.html`);
    const events = () => page.evaluate(() => window.received.map(e => `${e.lesson}:${e.type}`));
    await page.waitForFunction(() => ['pixel-similarity', '3v7'].every(l => window.received.some(e => e.lesson === l && e.type === 'ready')), null, { timeout: 60000 });
    await page.waitForFunction(() => window.received.some(e => e.lesson === 'pixel-similarity' && e.type === 'result' && e.value > 0.9), null, { timeout: 60000 });
    await page.click('#faster');
    await page.waitForFunction(() => window.received.some(e => e.lesson === '3v7' && e.type === 'settings'));
    await page.click('#start');
    await page.waitForFunction(() => window.received.some(e => e.lesson === '3v7' && e.type === 'done'), null, { timeout: 120000 });
    const got = await page.evaluate(() => window.received.filter(e => e.lesson === '3v7'));
    const epochs = got.filter(e => e.type === 'epoch');
    assert.equal(epochs.length, 2, 'two epochs, as set by the course page');
    assert.ok(got.find(e => e.type === 'done').accuracy > 0.9);
    const frame = page.frame({ url: /lesson=3v7/ });
    assert.equal(await frame.inputValue('#lr'), '2');
    const size = await frame.evaluate(() => [document.body.classList.contains('embed'), document.documentElement.scrollWidth <= window.innerWidth]);
    assert.deepEqual(size, [true, true], 'compact layout, no sideways scrolling in the 800-wide frame');
    console.log((await events()).join(' '));
    await page.screenshot({ path: join(out, 'course.png'), fullPage: true });
  }, { width: 1700, height: 1000 });
});

test('commands from an origin the URL does not allow change nothing', async () => {
  await withPage(CPU, async page => {
    // Another origin: a second server on another port serves the stranger's page.
    const allowed = new URL(url()).origin;
    const frame = (id, origins) => `<iframe id="${id}" width="800" height="600" src="${url()}?lesson=3v7&amp;autostart=0&amp;embed=1&amp;origins=${encodeURIComponent(origins)}"></iframe>`;
    let stranger;
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><body>${frame('other', allowed)}${frame('mine', stranger)}<script>
        window.received = [];
        addEventListener('message', e => window.received.push(e.data));
        function shout() { for (const id of ['other', 'mine']) document.getElementById(id).contentWindow.postMessage({ type: 'start' }, '*'); }
      </script></body>`);
    });
    await new Promise(r => server.listen(0, '127.0.0.1', r));
    stranger = `http://127.0.0.1:${server.address().port}`;
    await page.goto(`${stranger}/`);
    const other = page.frame({ url: u => u.href.includes(`origins=${encodeURIComponent(allowed)}`) });
    const mine = page.frame({ url: u => u.href.includes(`origins=${encodeURIComponent(stranger)}`) });
    for (const f of [other, mine]) await f.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.includes('Press Train'), null, { timeout: 60000 });
    await page.evaluate(() => shout());
    // The frame that allows the stranger obeys (so the message did arrive); the other one ignores it.
    await mine.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent), null, { timeout: 60000 });
    await page.evaluate(() => shout());
    await page.waitForTimeout(2000);
    assert.equal(await other.textContent('[data-testid=test-accuracy]'), '–', 'no training started');
    assert.match(await other.textContent('[data-testid=status]'), /Press Train/);
    const got = await page.evaluate(() => window.received.map(e => e.type));
    assert.ok(got.includes('done'), 'the obeying frame reports to the stranger, which it allowed');
    assert.ok(got.filter(t => t === 'ready').length === 1, `only the frame that allows the stranger talks to it: ${got}`);
    server.close();
  });
});

test('a script payload in every URL parameter is reported as text and executes nothing', async () => {
  await withPage(WEBGPU, async page => {
    const payload = encodeURIComponent('"><img src=x onerror=alert(1)><script>alert(2)</script>');
    const keys = ['data', 'model', 'activation', 'dropout', 'loss', 'optimizer', 'lr', 'batch', 'epochs', 'seed', 'autostart',
      'init', 'normalize', 'lesson', 'hide', 'embed', 'origins', 'x<svg onload=alert(3)>'];
    await page.goto(`${url()}?${keys.map(k => `${encodeURIComponent(k)}=${payload}`).join('&')}`);
    await waitStatus(page, 'Press Train');
    const notice = await text(page, 'url-notice');
    assert.equal((notice.match(/ignored /g) || []).length, keys.length, notice);
    assert.match(notice, /ignored lesson="><img src=x onerror=alert\(1\)>.*: one of tensors, pixel-similarity/);
    assert.equal(await page.locator('img, svg, main script, iframe').count(), 0, 'nothing from the URL became an element');
    assert.equal(await page.evaluate(() => document.body.className), '', 'no layout change from a bad embed value');
    await page.click('[data-testid=train-button]');
    await waitAccuracy(page);
    assert.ok(parseFloat(await text(page, 'test-accuracy')) >= 0.85, 'the defaults train as usual');
  });
});
