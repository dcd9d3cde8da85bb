//! "Teach it your handwriting", the engine side: a learner's own digits are a `Dataset` (28×28 bytes,
//! labels 0–9) that travels as MNIST's own IDX files (export, import, `mnist train --data DIR`, any MNIST
//! reader); a fixed part of it is held out to measure what fine-tuning gained; and the fine-tuning itself is
//! an ordinary run (`Trainer`) on a mix of the learner's digits and replayed training digits, starting from
//! the current model's weights (`Recipe`). The worker runs it for `ToWorker::Teach` (session.rs).

use crate::data::{write_idx as idx, parse_idx, shuffled, Dataset};
use crate::model::{self, ModelInfo};
use crate::optim::OptimizerKind;
use crate::train::{TrainConfig, Trainer};
use crate::Device;

/// The exported files' names: MNIST's `{prefix}-images-idx3-ubyte.gz` / `{prefix}-labels-idx1-ubyte.gz`
/// with the prefix `own-digits`, which `mnist train --data DIR` looks for when a folder has no `train-` pair.
pub const PREFIX: &str = "own-digits";
pub const IMAGES_FILE: &str = "own-digits-images-idx3-ubyte.gz";
pub const LABELS_FILE: &str = "own-digits-labels-idx1-ubyte.gz";

/// The collection's digits are the sketch pad's inputs: 28×28, ten classes.
pub const SIDE: usize = 28;
pub const CLASSES: usize = 10;

/// Every `HOLD_OUT_EVERY`-th digit of each class (the 4th, 8th, …) is held out (`held_out`).
pub const HOLD_OUT_EVERY: usize = 4;

/// The most digits a fine-tuning's data may hold (steps × batch: 50 MB of images, as full MNIST), and the
/// most replayed digits per own digit.
pub const MAX_EXAMPLES: usize = 64_000;
pub const MAX_REPLAY_PER_OWN: usize = 50;

/// `data` as MNIST's two files, not yet gzipped: (images: idx3 [n, rows, cols], labels: idx1 [n]), the header
/// exactly as the official files have it (magic 0x00000803 / 0x00000801, big-endian sizes). The page gzips them
/// with the browser's own `CompressionStream` (`Effect::DownloadGzip`), so that no deflate compressor is in the
/// wasm; natively `to_idx_gz` does it.
pub fn to_idx(data: &Dataset) -> (Vec<u8>, Vec<u8>) {
    (idx(&[data.len(), data.rows, data.cols], &data.images), idx(&[data.len()], &data.labels))
}

/// `to_idx`, gzipped (`data::gzip`: flate2's deflate, not compiled into the wasm). Save them as `IMAGES_FILE`
/// and `LABELS_FILE`.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_idx_gz(data: &Dataset) -> (Vec<u8>, Vec<u8>) {
    let (images, labels) = to_idx(data);
    (crate::data::gzip(&images), crate::data::gzip(&labels))
}

/// A collection from an images file and a labels file (gzipped or not), named in messages as "the images
/// file" and "the labels file" in the current language. See `from_files`.
pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<Dataset, String> {
    from_files((&crate::tr!("own-digits-images-file"), images), (&crate::tr!("own-digits-labels-file"), labels))
}

/// A collection from `(name, bytes)` of an images file and a labels file (gzipped or not; a name ending in
/// `.gz` must hold gzip). Refused, with what is wrong: a file that is not IDX or is truncated (data.rs's strict
/// reader), images that are not [n, 28, 28], labels that are not [n] or not 0–9, counts that differ, no digits.
pub fn from_files(images: (&str, &[u8]), labels: (&str, &[u8])) -> Result<Dataset, String> {
    let (image_idx, label_idx) = (parse_idx(images.0, images.1)?, parse_idx(labels.0, labels.1)?);
    if let [n, rows, cols] = image_idx.dims[..] {
        if (rows, cols) != (SIDE, SIDE) {
            return Err(crate::tr!("own-digits-not-28", name = images.0, rows = rows, cols = cols));
        }
        if n == 0 {
            return Err(crate::tr!("own-digits-empty", name = images.0));
        }
    }
    // Which file is wrong leads the message: the images' or labels' shape, a label, or both (their counts).
    let named = if image_idx.dims.len() != 3 {
        images.0.to_string()
    } else if label_idx.dims.len() != 1 || label_idx.dims[0] == image_idx.dims[0] {
        labels.0.to_string()
    } else {
        format!("{}, {}", images.0, labels.0)
    };
    Dataset::from_idx(image_idx, label_idx, CLASSES).map_err(|e| format!("{named}: {e}"))
}

/// An empty collection (the page's before the learner keeps a digit).
pub fn empty() -> Dataset {
    Dataset { images: std::sync::Arc::new(Vec::new()), labels: Vec::new(), rows: SIDE, cols: SIDE, classes: CLASSES }
}

/// Which digits of a collection are held out (true): per class, in collection order, every fourth (the 4th,
/// 8th, …). Adding digits never changes what was held out before, and a class with at least four digits has
/// one held out.
pub fn held_out(labels: &[u8]) -> Vec<bool> {
    let mut seen = [0usize; 256];
    labels
        .iter()
        .map(|&l| {
            seen[l as usize] += 1;
            seen[l as usize] % HOLD_OUT_EVERY == 0
        })
        .collect()
}

/// (the digits to teach, the held-out digits) of a collection, by `held_out`.
pub fn split_held_out(data: &Dataset) -> (Dataset, Dataset) {
    let held = held_out(&data.labels);
    let pick = |want: bool| data.subset(&(0..data.len()).filter(|&i| held[i] == want).collect::<Vec<_>>());
    (pick(false), pick(true))
}

/// How many of a fine-tuning's `steps × batch` examples are own digits and how many replayed, for
/// `replay_per_own` replayed per own digit (what `teach_set` mixes; the page says it before teaching).
pub fn shares(steps: usize, batch: usize, replay_per_own: usize) -> (usize, usize) {
    let total = steps * batch;
    let own = ((total + replay_per_own / 2) / (1 + replay_per_own)).clamp(1.min(total), total);
    (own, total - own)
}

/// The fine-tuning data: exactly `steps × batch` examples, own digits and replayed digits in the ratio
/// 1 : `replay_per_own` (the own share rounded, at least one), so one epoch of it with minibatches of `batch`
/// is `steps` steps. The own digits are repeated as often as needed, each as often as the others (±1); the
/// replayed ones are drawn from `replay` without repetition while it lasts; both orders and the mix are drawn
/// from `seed`. `replay_per_own` 0 (or an empty `replay`): own digits only. `own` must not be empty, and
/// `replay` must have its image size and classes (the caller checks).
pub fn teach_set(own: &Dataset, replay: &Dataset, replay_per_own: usize, steps: usize, batch: usize, seed: u64) -> Dataset {
    assert!(!own.is_empty(), "teach_set needs own digits");
    let total = steps * batch;
    let (own_n, _) = shares(steps, batch, if replay.is_empty() { 0 } else { replay_per_own });
    let cycle = |data: &Dataset, n: usize, seed: u64| -> Vec<usize> {
        let mut rows = Vec::with_capacity(n);
        let mut round = 0u64;
        while rows.len() < n {
            let order = shuffled(data.len(), seed.wrapping_add(round));
            rows.extend(order.into_iter().take(n - rows.len()));
            round += 1;
        }
        rows
    };
    let own_part = own.subset(&cycle(own, own_n, seed));
    let replay_part = replay.subset(&cycle(replay, total - own_n, seed ^ 0x5eed_0f_4e91a7));
    let p = own.pixels();
    let mut images = Vec::with_capacity(total * p);
    images.extend_from_slice(&own_part.images);
    images.extend_from_slice(&replay_part.images);
    let mut labels = own_part.labels.clone();
    labels.extend_from_slice(&replay_part.labels);
    let mixed = Dataset { images: images.into(), labels, ..own.clone() };
    mixed.subset(&shuffled(total, seed.wrapping_add(1)))
}

/// How the model is fine-tuned on a learner's digits. The defaults are the ones tests/teach.rs measures
/// (README, "Teach it your handwriting").
#[derive(Clone, Debug, PartialEq)]
pub struct Recipe {
    /// Minibatch steps: one epoch of `teach_set(…, steps, batch, …)`.
    pub steps: usize,
    pub batch: usize,
    pub lr: f32,
    pub optimizer: OptimizerKind,
    /// Random shifts of up to this many pixels (and `warp`: small rotations, scalings, slants, thicker strokes),
    /// so a few digits teach a shape rather than their exact pixels.
    pub shift: u32,
    pub warp: bool,
    /// Replayed training digits per own digit in the mix.
    pub replay_per_own: usize,
    pub seed: u64,
}

impl Default for Recipe {
    fn default() -> Recipe {
        Recipe { steps: 200, batch: 32, lr: 3e-4, optimizer: OptimizerKind::Adam, shift: 2, warp: true, replay_per_own: 4, seed: 0 }
    }
}

impl Recipe {
    /// Its training settings for a model described by `info` (one epoch, the model's own loss).
    pub fn config(&self, info: &ModelInfo, report_every: usize) -> TrainConfig {
        TrainConfig {
            epochs: 1,
            batch: self.batch,
            lr: self.lr,
            optimizer: self.optimizer,
            loss: info.spec.default_loss(),
            seed: self.seed,
            report_every,
            shift: self.shift,
            warp: self.warp,
            cosine: false,
            average: 0,
        }
    }

    /// The data to fine-tune on: `teach_set` of `own` and `replay` with this recipe's ratio, steps, batch and
    /// seed. Refused, with the reason, when there are no own digits, the digits are not 28×28 of ten classes,
    /// or the steps or ratio are out of range (`MAX_EXAMPLES`, `MAX_REPLAY_PER_OWN`).
    pub fn mix(&self, own: &Dataset, replay: &Dataset) -> Result<Dataset, String> {
        if own.is_empty() {
            return Err(crate::tr!("teach-no-digits"));
        }
        // (A dataset that came as a message is checked whole: its bytes may not match its sizes.)
        let digits = |d: &Dataset| (d.rows, d.cols, d.classes) == (SIDE, SIDE, CLASSES) && d.images.len() == d.len() * SIDE * SIDE && d.labels.iter().all(|&l| (l as usize) < CLASSES);
        if !digits(own) || !replay.is_empty() && !digits(replay) {
            return Err(crate::tr!("teach-not-digits"));
        }
        if self.steps == 0 || self.batch == 0 || self.steps.saturating_mul(self.batch) > MAX_EXAMPLES {
            return Err(crate::tr!("teach-bad-steps", steps = self.steps, batch = self.batch, max = MAX_EXAMPLES));
        }
        if self.replay_per_own > MAX_REPLAY_PER_OWN {
            return Err(crate::tr!("teach-bad-replay", value = self.replay_per_own, max = MAX_REPLAY_PER_OWN));
        }
        Ok(teach_set(own, replay, self.replay_per_own, self.steps, self.batch, self.seed))
    }

    /// The fine-tuning run on `mix` (`Recipe::mix`), validating on `val` at its end: the model of `weights` (a
    /// saved model: its kind, size and input normalisation come from the file, so it is whatever the learner
    /// has, pretrained or their own). Refused, with the reason, when the weights are not a model of 28×28
    /// digits of ten classes.
    pub fn trainer(&self, weights: &[u8], mix: &Dataset, val: Option<&Dataset>, device: &Device, report_every: usize) -> Result<Trainer, String> {
        let (model, info) = model::load(&crate::tr!("teach-the-model"), weights, device)?;
        if (info.rows, info.cols, info.classes) != (SIDE, SIDE, CLASSES) {
            return Err(crate::tr!("teach-model-misfit", rows = info.rows, cols = info.cols, classes = info.classes));
        }
        if val.is_some_and(|v| (v.rows, v.cols, v.classes) != (SIDE, SIDE, CLASSES)) {
            return Err(crate::tr!("teach-not-digits"));
        }
        Trainer::new(model, info.clone(), mix, val, self.config(&info, report_every), device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn digits(labels: &[u8]) -> Dataset {
        let images = labels.iter().enumerate().flat_map(|(i, _)| vec![i as u8; 784]).collect::<Vec<u8>>();
        Dataset { images: Arc::new(images), labels: labels.to_vec(), rows: 28, cols: 28, classes: 10 }
    }

    #[test]
    fn every_fourth_digit_of_each_class_is_held_out_and_stays_so() {
        let labels = [3, 3, 1, 3, 3, 1, 1, 1, 3, 3, 3, 3];
        let held = held_out(&labels);
        // 3s at 0, 1, 3, 4, 8, 9, 10, 11: the 4th (index 4) and 8th (11); 1s at 2, 5, 6, 7: the 4th (7).
        let at: Vec<usize> = (0..labels.len()).filter(|&i| held[i]).collect();
        assert_eq!(at, vec![4, 7, 11]);
        // Adding digits leaves the earlier ones as they were.
        let mut more = labels.to_vec();
        more.extend([1, 3, 9, 1, 1]);
        assert_eq!(held_out(&more)[..labels.len()], held[..]);
        assert!(held_out(&[5, 5, 5]).iter().all(|h| !h), "fewer than four: none held out");
        assert_eq!(held_out(&[]), Vec::<bool>::new());
        let (taught, out) = split_held_out(&digits(&labels));
        assert_eq!((taught.len(), out.labels.clone()), (9, vec![3, 1, 3]));
        assert_eq!(out.images[0], 4, "the held-out digit's own image");
    }

    #[test]
    fn the_mix_has_the_ratio_and_the_length_of_the_steps() {
        let own = digits(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        // The replay pool's images are 100 + its index, the own ones their index 0..10: which is which is in
        // the pixels.
        let replay = Dataset { images: Arc::new((0..150).flat_map(|i| vec![100 + i as u8; 784]).collect()), labels: (0..150).map(|i| (i % 10) as u8).collect(), ..own.clone() };
        let is_own = |d: &Dataset, i: usize| d.images[i * 784] < 100;
        for (r, steps, batch) in [(4, 10, 32), (1, 7, 10), (0, 5, 8), (3, 3, 7)] {
            let mix = teach_set(&own, &replay, r, steps, batch, 9);
            assert_eq!(mix.len(), steps * batch);
            let n_own = (0..mix.len()).filter(|&i| is_own(&mix, i)).count();
            let want = (steps * batch) as f64 / (1 + r) as f64;
            assert!((n_own as f64 - want).abs() <= 0.5, "replay {r}: {n_own} own of {}", mix.len());
            // Own digits repeated evenly: each of the ten appears n_own/10 times (±1).
            let mut counts = [0usize; 10];
            (0..mix.len()).filter(|&i| is_own(&mix, i)).for_each(|i| counts[mix.images[i * 784] as usize] += 1);
            assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1, "{counts:?}");
            // Labels travel with their images.
            for i in 0..mix.len() {
                let v = mix.images[i * 784] as usize;
                assert_eq!(mix.labels[i] as usize, if v < 100 { v } else { (v - 100) % 10 });
            }
        }
        // Replayed digits without repetition while the pool lasts: 160 × 4/5 = 128 of 150.
        let mix = teach_set(&own, &replay, 4, 5, 32, 1);
        let mut rows: Vec<u8> = (0..mix.len()).filter(|&i| !is_own(&mix, i)).map(|i| mix.images[i * 784]).collect();
        rows.sort();
        rows.dedup();
        assert_eq!(rows.len(), 128);
        assert_eq!(teach_set(&own, &replay, 4, 5, 32, 1), mix, "seeded");
        assert_ne!(teach_set(&own, &replay, 4, 5, 32, 2), mix);
        let alone = teach_set(&own, &replay.subset(&[]), 4, 3, 5, 0);
        assert!((0..alone.len()).all(|i| is_own(&alone, i)), "no pool: own digits only");
    }

    #[test]
    fn a_collection_goes_out_as_idx_and_comes_back() {
        let d = digits(&[7, 0, 9]);
        let (images, labels) = to_idx_gz(&d);
        assert_eq!(to_idx_gz(&d), (images.clone(), labels.clone()), "the same bytes every time");
        assert_eq!(from_idx(&images, &labels).unwrap(), d);
        let back = Dataset::parse((IMAGES_FILE, &images), (LABELS_FILE, &labels), 10).unwrap();
        assert_eq!(back, d);
    }
}
