//! Mutation fuzzing, run by plain `cargo test`: the IDX reader (raw and gzipped), image/label pairing, the
//! 8×8-digits CSV reader, the weights loader and the URL/settings parser get tens of thousands of damaged
//! versions of valid inputs (bit flips, byte values at the edges, cuts, insertions, repeated chunks, header
//! fields set to huge numbers). Each must return Ok or Err — a panic is a failure that prints the input.
//! `FUZZ_ITERS=1000000 FUZZ_SEED=7 cargo test --release --test fuzz -- --nocapture` runs longer.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

use mnist_playground::config::Settings;
use mnist_playground::data::{parse_digits_csv, parse_idx, Dataset};
use mnist_playground::model::{self, ModelInfo, ModelSpec};
use mnist_playground::nn::Activation;
use mnist_playground::Device;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn iters(default: usize) -> usize {
    std::env::var("FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn rng(salt: u64) -> ChaCha8Rng {
    let seed = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0u64);
    ChaCha8Rng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(salt))
}

/// One random damage to `input`.
fn mutate(input: &[u8], r: &mut ChaCha8Rng) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..r.random_range(1..4) {
        let n = b.len();
        match r.random_range(0..7) {
            0 if n > 0 => {
                let i = r.random_range(0..n);
                b[i] ^= 1 << r.random_range(0..8);
            }
            1 if n > 0 => {
                let i = r.random_range(0..n);
                b[i] = [0, 1, 0x7f, 0x80, 0xff, b'%', b'&', b'=', b',', b':'][r.random_range(0..10)];
            }
            2 => b.truncate(r.random_range(0..=n)),
            3 => {
                let i = r.random_range(0..=n);
                let extra: Vec<u8> = (0..r.random_range(1..16)).map(|_| r.random()).collect();
                b.splice(i..i, extra);
            }
            4 if n > 0 => {
                let (i, j) = (r.random_range(0..n), r.random_range(0..n));
                let chunk = b[i.min(j)..i.max(j)].to_vec();
                b.extend(chunk);
            }
            // A 32-bit header field (IDX dimensions, safetensors header length) set to a huge value.
            5 if n >= 12 => {
                let i = 4 * r.random_range(0..3);
                b[i..i + 4].copy_from_slice(&[0xff, 0xff, 0xff, r.random_range(0x7f..=0xff)]);
            }
            _ => {
                if n > 0 {
                    b.remove(r.random_range(0..n));
                }
            }
        }
    }
    b
}

/// Runs `target` on `count` mutations of the seeds; fails listing inputs that panicked.
fn fuzz(name: &str, seeds: &[Vec<u8>], count: usize, salt: u64, target: impl Fn(&[u8]) -> bool) {
    let mut r = rng(salt);
    let (mut accepted, mut panics) = (0, vec![]);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..count {
        let input = mutate(&seeds[i % seeds.len()], &mut r);
        match catch_unwind(AssertUnwindSafe(|| target(&input))) {
            Ok(ok) => accepted += ok as usize,
            Err(p) => panics.push((input, p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default())),
        }
    }
    std::panic::set_hook(hook);
    eprintln!("fuzz {name}: {count} inputs, {accepted} accepted, {} refused with a message, {} panics", count - accepted - panics.len(), panics.len());
    for (input, message) in panics.iter().take(3) {
        eprintln!("  panic {message:?} on {} bytes: {:02x?}", input.len(), &input[..input.len().min(64)]);
    }
    assert!(panics.is_empty(), "{name}: {} inputs panicked", panics.len());
}

use mnist_playground::data::write_idx as idx;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(vec![], flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn the_idx_reader_never_panics() {
    let images = idx(&[3, 4, 4], &(0..48).collect::<Vec<u8>>());
    let labels = idx(&[3], &[1, 2, 9]);
    let seeds = vec![images.clone(), labels.clone(), idx(&[2, 3], &[1, 2, 3, 4, 5, 6])];
    fuzz("parse_idx (raw)", &seeds, iters(30_000), 1, |b| parse_idx("f.idx", b).is_ok());
    let gz: Vec<Vec<u8>> = seeds.iter().map(|s| gzip(s)).collect();
    fuzz("parse_idx (.gz)", &gz, iters(30_000), 2, |b| parse_idx("f.idx.gz", b).is_ok());
    // Pairing: damaged images against good labels and the other way round.
    fuzz("Dataset::parse", &[images.clone(), labels.clone()], iters(20_000), 3, |b| {
        Dataset::parse(("i", b), ("l", &labels), 10).is_ok() | Dataset::parse(("i", &images), ("l", b), 10).is_ok()
    });
}

#[test]
fn the_digits_csv_reader_never_panics() {
    let line = |label: u8| format!("{}{label}\n", "16,3,".repeat(32));
    let csv = (line(3) + &line(7)).into_bytes();
    fuzz("parse_digits_csv", std::slice::from_ref(&csv), iters(20_000), 4, |b| parse_digits_csv("d.csv", b).is_ok());
    fuzz("parse_digits_csv (.gz)", &[gzip(&csv)], iters(10_000), 5, |b| parse_digits_csv("d.csv.gz", b).is_ok());
}

#[test]
fn the_weights_loader_never_panics() {
    let dev = Device::Cpu;
    let data = Dataset { images: vec![0; 2 * 30].into(), labels: vec![0, 1], rows: 6, cols: 5, classes: 3 };
    let mut seeds = vec![];
    for spec in ["linear", "mlp:4", "cnn:2,3"] {
        let (rows, cols) = if spec.starts_with("cnn") { (16, 16) } else { (6, 5) };
        let spec = ModelSpec::parse(spec, Activation::Tanh, 0.0).unwrap();
        let info = ModelInfo { rows, cols, ..ModelInfo::for_data(spec.clone(), &data, true) };
        let m = spec.build(rows, cols, 3, 0, &dev).unwrap();
        seeds.push(pollster::block_on(model::save(&m, &info)).unwrap());
    }
    fuzz("model::load", &seeds, iters(20_000), 6, |b| model::load("m.safetensors", b, &dev).is_ok());
}

#[test]
fn the_url_parser_never_panics() {
    let seeds: Vec<Vec<u8>> = [
        "?model=mlp:30,20&activation=sigmoid&lr=0.05&epochs=5&batch=64&optimizer=adam&data=3v7&autostart=1",
        "?lesson=deeper&hide=optimizer,model&embed=1&origins=https://a.example,http://127.0.0.1:8080&seed=3",
        "?model=cnn:8,16,64&dropout=0.25&loss=cross-entropy&init=1&normalize=0&lr=%31e-3",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    fuzz("Settings::from_query", &seeds, iters(50_000), 7, |b| {
        let (s, problems) = Settings::from_query(&String::from_utf8_lossy(b));
        // Whatever was accepted writes a query that reads back to the same settings (autostart is left out
        // of shared links on purpose).
        let (again, p2) = Settings::from_query(&s.to_query());
        let quiet = |s: Settings| Settings { autostart: false, ..s };
        assert!(p2.is_empty() && quiet(again.clone()) == quiet(s.clone()), "round trip of {s:?}: {p2:?} {again:?}");
        problems.is_empty()
    });
}
