// A first visit on a slow shared link: how many bytes move, and how long it takes, until the sketch pad answers
// a stroke. The site (dist/, build it with `PATH=$PWD/node_modules/.bin:$PATH trunk build --release`: wasm-opt from npm) is served as static hosts serve it —
// gzipped where that helps, with cache-control and last-modified — through ONE emulated link for every
// request (the page, its worker, the service worker's precache alike: Chromium's own network emulation does
// not slow workers or service workers): RATE bit/s shared by all responses in arrival order, RTT ms per request.
// Prints figures; asserts nothing. Usage: node bench/first-visit.mjs [--rate 1.6e6] [--rtt 150] [--query ?...] [--dist DIR]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv.includes('--dist') ? process.argv[process.argv.indexOf('--dist') + 1] : join(root, 'dist');
const { chromium } = createRequire(join(root, 'package.json'))('playwright-core');
const args = process.argv.slice(2);
const opt = (name, d) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : d; };
const rate = Number(opt('--rate', 1.6e6)), rtt = Number(opt('--rtt', 150)), query = opt('--query', '');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.png': 'image/png' };
const compressible = new Set(['.html', '.js', '.wasm', '.css', '.json', '.webmanifest', '.safetensors', '.bin']);

let linkFree = 0, sent = 0, t0 = 0;
const log = [];
const sleep = ms => new Promise(r => setTimeout(r, Math.max(0, ms)));
const server = createServer(async (req, res) => {
  const arrived = performance.now();
  const path = join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
  let body, headers;
  try {
    const raw = await readFile(path);
    const ext = extname(path);
    const gzip = compressible.has(ext) && /gzip/.test(req.headers['accept-encoding'] || '');
    body = gzip ? gzipSync(raw, { level: 9 }) : raw;
    headers = { 'content-type': types[ext] || 'application/octet-stream', 'content-length': body.length,
      'cache-control': 'public, max-age=600', 'last-modified': (await stat(path)).mtime.toUTCString(), ...(gzip ? { 'content-encoding': 'gzip' } : {}) };
  } catch { res.writeHead(404); res.end(); return; }
  // Half a round trip for the request, then the response's bytes queue on the one link, then half a round trip.
  await sleep(rtt / 2);
  const start = Math.max(performance.now(), linkFree);
  linkFree = start + body.length * 8 / rate * 1000;
  await sleep(linkFree - performance.now() + rtt / 2);
  sent += body.length;
  log.push({ at: performance.now() - t0, url: req.url, bytes: body.length, waited: performance.now() - arrived });
  res.writeHead(200, headers);
  res.end(body);
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  t0 = performance.now();
  await page.goto(base + query, { waitUntil: 'commit' });
  // A stroke down the middle of the pad, again every 250 ms until the pad answers it with a digit.
  let answered = null;
  while (performance.now() - t0 < 300000) {
    // (Scrolled to if it is not in the first screen, as a learner would.)
    await page.locator('[data-testid=sketch-canvas], #sketch-canvas').scrollIntoViewIfNeeded({ timeout: 1000 }).catch(() => {});
    const box = await page.locator('[data-testid=sketch-canvas], #sketch-canvas').boundingBox().catch(() => null);
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.8, { steps: 4 });
      await page.mouse.up();
      const value = await page.getAttribute('[data-testid=prediction], #prediction', 'data-value').catch(() => null);
      if (value !== null) { answered = { ms: performance.now() - t0, bytes: sent, digit: value }; break; }
      await page.click('[data-testid=clear-sketch], #clear-sketch').catch(() => {});
    }
    await sleep(250);
  }
  await sleep(2000);
  console.log(`link ${rate / 1e6} Mbit/s, ${rtt} ms round trips; ${base}${query}`);
  for (const l of log) console.log(`  ${(l.at / 1000).toFixed(2).padStart(6)} s  ${String(l.bytes).padStart(8)} B  ${l.url}`);
  console.log(answered
    ? `the sketch pad first answered a stroke after ${(answered.ms / 1000).toFixed(1)} s, ${(answered.bytes / 1000).toFixed(0)} KB transferred (digit ${answered.digit})`
    : 'the sketch pad did not answer within 300 s');
  console.log(`transferred in all (2 s later): ${(sent / 1000).toFixed(0)} KB in ${log.length} responses`);
} finally {
  await browser.close();
  server.close();
}
