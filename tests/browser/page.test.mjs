// End-to-end checks of the built page (dist/) in headless Chromium: with WebGPU (SwiftShader) and without
// it (the CPU fallback). Run by `node --test tests/browser/` after `trunk build`; screenshots land in
// tests/browser/out/ (look at them: they are the page as a learner sees it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dist, out, url, WEBGPU, CPU, withPage, text, open, waitStatus, waitAccuracy, watchFrames, longestFrame, draw, learnedDrawn } from './harness.mjs';

async function trainToEnd(page) {
  const start = Date.now();
  await page.click('[data-testid=train-button]');
  await waitAccuracy(page);
  return (Date.now() - start) / 1000;
}

/// The page has drawn every panel (the runtime draws the larger ones in turns, marking the body meanwhile).
const drawn = async page => {
  await page.waitForFunction(() => !document.body.hasAttribute('data-drawing'), null, { timeout: 30000 });
  await learnedDrawn(page);
};

/// What the page shows after training: accuracy, weight canvases' statistics, confusion cells, gallery.
async function results(page) {
  await drawn(page);
  return page.evaluate(() => {
    const text = id => document.querySelector(`[data-testid=${id}]`).textContent;
    const stats = c => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let white = 0, sum = 0;
      for (let i = 0; i < d.length; i += 4) { sum += d[i] * 3 + d[i + 1] * 5 + d[i + 2] * 7; if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) white++; }
      return { pixels: d.length / 4, white, sum };
    };
    const canvases = [...document.querySelectorAll('[data-testid=weights-panel] canvas')].map(stats);
    const cells = [...document.querySelectorAll('[data-testid=confusion-matrix] td')].map(td => Number(td.textContent));
    const chartInk = id => { const d = document.getElementById(id).getContext('2d').getImageData(0, 0, 460, 200).data; let n = 0; for (let i = 3; i < d.length; i += 4) n += d[i] > 0; return n; };
    return {
      backend: text('backend'), acc: parseFloat(text('test-accuracy')), status: text('status'), canvases, cells,
      gallery: document.querySelectorAll('[data-testid=misclassified] canvas').length,
      perClass: [...document.querySelectorAll('#class-accuracy [data-value]')].map(e => Number(e.dataset.value)),
      galleryTitle: document.getElementById('gallery-h').textContent,
      samples: document.querySelectorAll('#samples canvas').length,
      units: document.querySelectorAll('#units-panel canvas').length,
      maps: document.querySelectorAll('#maps-panel canvas').length,
      lossInk: chartInk('loss-chart'), accInk: chartInk('acc-chart'),
      log: document.getElementById('epoch-log').textContent,
      summary: document.getElementById('summary').textContent,
    };
  });
}

function checkLinear(r) {
  assert.ok(r.acc >= 0.85, `accuracy ${r.acc}`);
  assert.equal(r.canvases.length, 10, 'one weight canvas per digit');
  for (const c of r.canvases) assert.ok(c.white < c.pixels, 'a weight image is not blank');
  assert.ok(new Set(r.canvases.map(c => c.sum)).size > 1, 'the ten weight images differ');
  assert.equal(r.cells.length, 100);
  assert.equal(r.cells.reduce((a, b) => a + b, 0), 2000, 'the confusion matrix counts every held-out test digit');
  const diagonal = r.cells.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(diagonal / 2000 - r.acc) < 1e-3, 'its diagonal is the accuracy');
  // Per-class accuracy beside the matrix: each class's diagonal count over its row.
  assert.equal(r.perClass.length, 10);
  r.perClass.forEach((a, t) => {
    const row = r.cells.slice(t * 10, t * 10 + 10);
    assert.ok(Math.abs(a - row[t] / row.reduce((x, y) => x + y, 0)) < 1e-6, `class ${t}: ${a}`);
  });
  const wrong = 2000 - diagonal;
  assert.equal(r.galleryTitle, `Misclassified digits: ${wrong.toLocaleString("en")} of 2,000 (most confident mistakes first)`);
  assert.equal(r.gallery, Math.min(40, wrong));
  assert.equal(r.samples, 30, 'three sample digits of each class');
  assert.ok(r.lossInk > 500 && r.accInk > 500, 'the charts are drawn');
  assert.match(r.log, /epoch 1: train loss [\d.]+, accuracy [\d.]+; held-out loss [\d.]+, accuracy [\d.]+/);
}

const VERTICAL = [[0.5, 0.15], [0.5, 0.85]];

test('WebGPU: backend named, data with samples, linear 1 epoch ≥ 85% with ten weight images, charts, confusion matrix and gallery; a cell shows its digits', async () => {
  await withPage(WEBGPU, async page => {
    await open(page, '?model=linear&epochs=1&optimizer=sgd&lr=0.1&batch=128&backend=gpu');
    assert.match(await text(page, 'backend'), /^WebGPU/);
    assert.equal(await page.getAttribute('[data-testid=data-progress]', 'value'), '1');
    await page.screenshot({ path: join(out, 'webgpu-loaded.png'), fullPage: true });
    await watchFrames(page);
    const start = Date.now();
    await page.click('[data-testid=train-button]');
    // Pause holds the run where it is; Resume carries on to the end.
    await page.waitForFunction(() => /step (1\d|[2-9]\d) of 63/.test(document.getElementById('speed').textContent), null, { timeout: 120000 });
    await page.click('[data-testid=pause-button]');
    await waitStatus(page, 'Paused');
    const held = await text(page, 'speed');
    await page.waitForTimeout(1500);
    assert.equal(await text(page, 'speed'), held, 'no steps while paused');
    assert.equal(await page.textContent('[data-testid=pause-button]'), 'Resume');
    await page.click('[data-testid=pause-button]');
    await waitAccuracy(page);
    const seconds = (Date.now() - start) / 1000 - 1.5;
    const frames = await longestFrame(page);
    const r = await results(page);
    console.log({ seconds, ...frames, acc: r.acc, gallery: r.gallery, status: r.status, paused_at: held });
    checkLinear(r);
    assert.match(r.summary, /Linear\(784 → 10\)/);
    assert.match(await text(page, 'speed'), /samples\/s/);
    // Clicking a confusion cell shows exactly those digits.
    const n = r.cells[4 * 10 + 9];
    await page.click('[data-testid=confusion-matrix] tr:nth-child(6) td:nth-child(11) button');
    await drawn(page);
    assert.match(await page.textContent('#gallery-h'), new RegExp(`^True 4, predicted 9: ${n} digits`));
    assert.equal(await page.locator('[data-testid=misclassified] canvas').count(), Math.min(40, n));
    const correct = r.cells[3 * 11];
    await page.click('[data-testid=confusion-matrix] tr:nth-child(5) td:nth-child(5) button');
    await drawn(page);
    assert.match(await page.textContent('#gallery-h'), new RegExp(`^Correct 3s: ${correct} digits`));
    await page.screenshot({ path: join(out, 'webgpu-linear.png'), fullPage: true });
  });
});

test('no WebGPU: the page says so, trains on the CPU backend, and the sketch pad predicts', async () => {
  await withPage(CPU, async page => {
    await open(page);
    assert.match(await text(page, 'backend'), /^CPU — this browser has no WebGPU/);
    assert.equal(await text(page, 'prediction'), '–');
    await watchFrames(page);
    const seconds = await trainToEnd(page);
    const frames = await longestFrame(page);
    const r = await results(page);
    console.log({ seconds, ...frames, acc: r.acc });
    checkLinear(r);
    const p = await draw(page, [[0.3, 0.2], [0.7, 0.2], [0.45, 0.85]]);
    assert.match(p, /^[0-9]$/, `a digit is predicted: ${p}`);
    const bars = await page.$$eval('#sketch-bars span:nth-child(3n)', s => s.map(e => parseFloat(e.textContent)));
    assert.equal(bars.length, 10);
    assert.ok(Math.abs(bars.reduce((a, b) => a + b, 0) - 100) < 1.5, `probabilities sum to 100%: ${bars}`);
    const preview = await page.evaluate(() => { const d = document.getElementById('sketch-input').getContext('2d').getImageData(0, 0, 28, 28).data; let on = 0; for (let i = 0; i < d.length; i += 4) on += d[i] > 128; return on; });
    assert.ok(preview > 20 && preview < 300, `the 28×28 input shows the drawing: ${preview} bright pixels`);
    await page.click('[data-testid=clear-sketch]');
    await page.waitForFunction(() => document.querySelector('[data-testid=prediction]').textContent === '–');
    await page.screenshot({ path: join(out, 'cpu-linear.png'), fullPage: true });
  });
});

test('URL autostart trains an MLP (bad values reported, not used); a vertical stroke is a 1; units are drawn', async () => {
  await withPage(WEBGPU, async page => {
    await page.goto(url() + '?backend=gpu&model=mlp:32&epochs=1&batch=64&lr=0.1&autostart=1&seed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    await waitAccuracy(page);
    const r = await results(page);
    console.log({ acc: r.acc, units: r.units });
    assert.ok(r.acc >= 0.85, `accuracy ${r.acc}`);
    assert.equal(r.cells.reduce((a, b) => a + b, 0), 2000);
    assert.match(await text(page, 'url-notice'), /ignored seed=<img src=x onerror=alert\(1\)>/);
    assert.equal(await page.locator('[data-testid=url-notice] img').count(), 0, 'the payload is text, not HTML');
    assert.equal(r.units, 32, "the first layer's 32 units");
    assert.equal(r.canvases.length, 10, "each digit's input pattern");
    assert.equal(await page.inputValue('#model'), 'mlp:32');
    assert.equal(await page.inputValue('#model-kind'), 'mlp');
    assert.equal(await draw(page, VERTICAL), '1');
    await page.screenshot({ path: join(out, 'webgpu-mlp-sketch.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow} px too wide)`);
    await page.screenshot({ path: join(out, 'phone.png'), fullPage: false });
  });
});

test('the page opens with the pretrained CNN: scored on the held-out digits, labelled, a stroke is predicted; Train replaces it', async () => {
  await withPage(CPU, async page => {
    await open(page);
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent));
    const acc = parseFloat(await text(page, 'test-accuracy'));
    const label = await text(page, 'file-status');
    console.log({ pretrained_held_out_accuracy: acc, label });
    assert.ok(acc > 0.97, `pretrained accuracy ${acc}`);
    assert.match(label, /^Pretrained CNN \(cnn:32,64\), \d+\.\d% on the held-out digits — train your own to replace it\.$/);
    assert.match(await text(page, 'status'), /A pretrained CNN is loaded .* Press Train/);
    assert.equal(await draw(page, [[0.5, 0.15], [0.5, 0.85]]), '1');
    await page.click('[data-testid=train-button]');
    await waitAccuracy(page);
    await page.waitForFunction(() => /^Trained mnist-linear/.test(document.getElementById('file-status').textContent));
  });
});

test('save, then load in a fresh browser: same accuracy; a reload restores the last model', async () => {
  let saved, acc;
  await withPage(WEBGPU, async page => {
    await open(page, '?model=linear&epochs=1&lr=0.1&batch=128&backend=gpu&pretrained=0');
    assert.equal(await page.isDisabled('[data-testid=save-model]'), true, 'nothing to save yet');
    await trainToEnd(page);
    acc = await text(page, 'test-accuracy');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=save-model]')]);
    assert.equal(download.suggestedFilename(), 'mnist-linear.safetensors');
    saved = join(out, 'mnist-linear.safetensors');
    await download.saveAs(saved);
    // Continue in your notebook: the weights and a PyTorch script that loads them by name.
    const files = [];
    page.on('download', d => files.push(d));
    await page.click('[data-testid=notebook-button]');
    await page.waitForFunction(() => /and mnist-linear\.py/.test(document.getElementById('file-status').textContent));
    await page.waitForTimeout(500);
    assert.deepEqual(files.map(d => d.suggestedFilename()).sort(), ['mnist-linear.py', 'mnist-linear.safetensors']);
    const script = await readFile(await files.find(d => d.suggestedFilename().endsWith('.py')).path(), 'utf8');
    assert.match(script, /model = nn\.Sequential\(\n    nn\.Linear\(784, 10\),\n\)\nmodel\.load_state_dict\(load_file\("mnist-linear\.safetensors"\)\)/);
    await page.reload();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=test-accuracy]').textContent), null, { timeout: 60000 });
    assert.equal(await text(page, 'test-accuracy'), acc, 'the restored model scores the same');
    assert.match(await text(page, 'file-status'), /^Restored mnist-linear\.safetensors/);
    await learnedDrawn(page);
    assert.equal(await page.locator('[data-testid=weights-panel] canvas').count(), 10);
  });
  await withPage(CPU, async page => {
    await open(page, '?pretrained=0');
    assert.equal(await text(page, 'test-accuracy'), '–', 'a fresh browser has no model');
    await page.setInputFiles('[data-testid=load-model]', saved);
    await waitAccuracy(page);
    // Another backend: the same weights; a near-tie may flip one digit of 2000.
    assert.ok(Math.abs(parseFloat(await text(page, 'test-accuracy')) - parseFloat(acc)) <= 0.0005, 'the loaded model scores the same on the CPU backend');
    assert.match(await text(page, 'file-status'), /^Loaded mnist-linear\.safetensors: linear, 7,850 parameters; kept in this browser/);
    // A damaged file: a clear message, and the model stays.
    const bad = join(out, 'damaged.safetensors');
    await writeFile(bad, Buffer.from('not a model at all'));
    await page.setInputFiles('[data-testid=load-model]', bad);
    await page.waitForFunction(() => document.querySelector('#file-status').textContent.startsWith('Could not load'));
    assert.match(await text(page, 'status'), /Error: damaged\.safetensors: not a valid safetensors file/);
    assert.ok(/\d/.test(await text(page, 'test-accuracy')), 'the model loaded before stays');
    assert.match(await draw(page, VERTICAL), /^[0-9]$/);
  });
});

test('model builder, step once, reset, bad settings; a small CNN shows filters and feature maps (CPU backend)', async () => {
  await withPage(CPU, async page => {
    await open(page);
    await page.selectOption('#model-kind', 'mlp');
    await page.click('#add-layer');
    await page.fill('#mlp-rows .row:nth-child(2) input', '20');
    await page.dispatchEvent('#mlp-rows .row:nth-child(2) input', 'change');
    assert.equal(await page.inputValue('#model'), 'mlp:64,20');
    assert.match(await page.textContent('#summary'), /Linear\(64 → 20\)[\s\S]*Total parameters: 51750/);
    await page.click('#mlp-rows .row:nth-child(1) button');
    assert.equal(await page.inputValue('#model'), 'mlp:20');
    // Step once: one step is reported; again: the second.
    await page.click('[data-testid=step-button]');
    await page.waitForFunction(() => /step 1 of 63/.test(document.getElementById('speed').textContent));
    await page.click('[data-testid=step-button]');
    await page.waitForFunction(() => /step 2 of 63/.test(document.getElementById('speed').textContent));
    assert.equal(await page.textContent('[data-testid=pause-button]'), 'Resume');
    // Reset clears the run.
    await page.click('[data-testid=reset-button]');
    await waitStatus(page, 'Reset');
    assert.equal(await page.locator('[data-testid=weights-panel] canvas').count(), 0);
    // A model that cannot be built: a message, nothing runs.
    await page.fill('#model', 'mlp:0');
    await page.dispatchEvent('#model', 'change');
    assert.match(await page.textContent('#summary'), /^Cannot build this model: model "mlp:0": layer width "0"/);
    await page.click('[data-testid=train-button]');
    await waitStatus(page, 'Error: model "mlp:0"');
    // A small CNN: filters and feature maps (after a refused learning rate).
    await page.fill('#model', 'cnn:4,8');
    await page.dispatchEvent('#model', 'change');
    await page.fill('#lr', '-1');
    await page.click('[data-testid=train-button]');
    await waitStatus(page, 'Error: lr "-1"');
    await page.selectOption('#optimizer', 'adam');
    await page.fill('#batch', '32');
    assert.equal(await page.inputValue('#lr'), '0.001', "a new optimizer brings its usual learning rate");
    assert.equal(await page.inputValue('#model-kind'), 'cnn');
    await watchFrames(page);
    const seconds = await trainToEnd(page);
    const r = await results(page);
    console.log({ cnn_acc: r.acc, units: r.units, maps: r.maps, seconds, ...(await longestFrame(page)) });
    assert.ok(r.acc > 0.8, `cnn:4,8 one epoch of Adam: ${r.acc}`);
    assert.equal(r.units, 4, 'four 5×5 filters');
    assert.equal(r.maps, 1 + 4 + 8, 'the input digit and the maps of both convolutions');
    assert.deepEqual(await page.$$eval('#maps-panel .group', g => g.map(e => e.textContent)), ['conv 1: 4 maps of 24×24', 'conv 2: 8 maps of 8×8']);
    await page.screenshot({ path: join(out, 'cpu-cnn.png'), fullPage: true });
  });
});

test('MNIST files picked by the user load (held-out split when no test files); a damaged one keeps the data', async () => {
  await withPage(CPU, async page => {
    await open(page);
    const data = join(dist, 'data');
    await page.setInputFiles('#data-files', [join(data, 'mnist-10k-images-idx3-ubyte.gz'), join(data, 'mnist-10k-labels-idx1-ubyte.gz')]);
    await waitStatus(page, 'your files (mnist-10k-images-idx3-ubyte.gz): 8,334 training images, 1,666 held-out test images');
    await drawn(page);
    assert.equal(await page.locator('#samples canvas').count(), 30);
    const bad = join(out, 'train-images-idx3-ubyte.gz');
    await writeFile(bad, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    await page.setInputFiles('#data-files', [bad, join(data, 'mnist-10k-labels-idx1-ubyte.gz')]);
    await waitStatus(page, 'Error: ');
    assert.match(await text(page, 'status'), /train-images-idx3-ubyte\.gz.*\(the data loaded before is still in use\)/);
    await trainToEnd(page);
    const r = await results(page);
    assert.equal(r.cells.reduce((a, b) => a + b, 0), 1666, 'trained and scored on the files loaded before');
    // Fashion-MNIST served beside the page (setup copies Debian's files): 60k + 10k, named classes.
    await page.selectOption('#data', 'fashion');
    await waitStatus(page, 'Fashion-MNIST: 60,000 training images, 10,000 held-out test images', 120000);
    await drawn(page);
    const captions = await page.$$eval('#samples figcaption', f => [...new Set(f.map(e => e.textContent))]);
    assert.deepEqual(captions, ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    assert.equal(await text(page, 'test-accuracy'), '–', 'the digits model is not scored on clothes (nor restored for them)');
    assert.equal(await page.locator('[data-testid=weights-panel] canvas').count(), 0);
  });
});

test('backend=auto measures the software WebGPU adapter against the CPU and says which it chose; bench.html reports a RESULT', async () => {
  await withPage(WEBGPU, async page => {
    await open(page);
    const backend = await text(page, 'backend');
    console.log({ backend });
    assert.match(backend, /^(CPU — chosen over the software WebGPU adapter; probe: CPU [\d,]+ vs WebGPU [\d,]+ samples\/s|WebGPU — .*)$/);
    // The header's choice overrides it: the page reloads on WebGPU.
    await page.selectOption('#backend-choice', 'gpu');
    await page.waitForURL(/backend=gpu/);
    await waitStatus(page, 'Press Train');
    assert.match(await text(page, 'backend'), /^WebGPU — /);
    assert.equal(await page.inputValue('#backend-choice'), 'gpu');
    await page.goto(`${url()}bench.html?model=mlp&backend=cpu&epochs=1`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'pending', null, { timeout: 120000 });
    const out = await page.textContent('#out');
    assert.match(out, /^RESULT \{/);
    const r = JSON.parse(out.slice(7));
    console.log(r);
    assert.equal(r.backend, 'ours-cpu');
    assert.ok(r.test_acc > 0.8 && r.samples_per_s > 0, out);
    await page.goto(`${url()}bench.html?model=resnet`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'pending');
    assert.equal(await page.textContent('#out'), 'ERR model "resnet": mlp or cnn');
  });
});
