//! The map of the digits: held-out digits placed in two dimensions by a principal component analysis of
//! what the model makes of them — its last hidden layer (the input of its last linear layer: the pixels for
//! a linear model), or its outputs before softmax. The PCA runs on the engine's own ops: the features are
//! centred, and the two leading eigenvectors of their covariance are found by power iteration on a pair of
//! vectors (each turn multiplies by Xᵀ·X with two matrix products, then Gram–Schmidt), so the d×d
//! covariance is never formed. A warm start (the last map's components) makes a map during training a
//! few turns.

use serde::{Deserialize, Serialize};

use crate::model::ModelInfo;
use crate::nn::Sequential;
use crate::{no_grad, Device, Tensor};

/// How many held-out digits the map places (the first ones of the held-out set).
pub const MAP_DIGITS: usize = 1000;

/// Turns of power iteration at most, and the change of a component below which it stops.
const MAX_TURNS: usize = 300;
const TOLERANCE: f32 = 1e-6;

/// Which representation of the digits the map shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapLayer {
    /// The last hidden layer (the input of the last linear layer; for a linear model, the pixels).
    #[default]
    Hidden,
    /// The outputs before softmax (the logits).
    Logits,
}

/// A map: each digit's two coordinates, and what places a new image on it (`project`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DigitMap {
    pub layer: MapLayer,
    /// [digits, 2]: each digit's coordinates along the two principal components.
    pub points: Vec<f32>,
    /// The model's answer for each digit.
    pub predicted: Vec<u8>,
    /// The features' mean [d] and the two components [2, d] (unit length, orthogonal).
    pub mean: Vec<f32>,
    pub components: Vec<f32>,
    /// The share of the features' variance along each component.
    pub explained: [f32; 2],
    /// The number of features (d) and the turns power iteration took.
    pub features: usize,
    pub turns: usize,
    /// How long the worker took to make it (ms): the page waits ten times that before it asks again while
    /// training, so maps take at most a tenth of the worker's time.
    pub ms: f64,
}

/// The principal components of `x` ([n, d]): its mean [d], the two leading components [2, d], the variance
/// along each, the total variance, and the turns it took. `start`: components to begin from ([2, d], e.g.
/// the last map's); otherwise a fixed start.
pub async fn pca2(x: &Tensor, start: Option<&[f32]>) -> Result<(Vec<f32>, Vec<f32>, [f32; 2], f32, usize), String> {
    let (n, d) = match x.shape() {
        [n, d] if *n >= 2 && *d >= 2 => (*n, *d),
        s => return Err(format!("a PCA needs at least 2 examples of at least 2 features, not {s:?}")),
    };
    let device = x.device().clone();
    let first: Vec<f32> = match start {
        Some(s) if s.len() == 2 * d => s.to_vec(),
        // A fixed start with a part along every direction (no component is orthogonal to it but by chance).
        _ => (0..2 * d).map(|i| ((i * 7919 % 101) as f32 / 101.0 - 0.5) + if i < d { 0.3 } else { -0.2 * (i % 2) as f32 }).collect(),
    };
    let (mean, xc, xt) = no_grad(|| {
        let mean = x.mean_axis(0, true);
        let xc = x.sub(&mean);
        let xt = xc.transpose(0, 1);
        (mean, xc, xt)
    });
    let unit = |v: &Tensor| v.div(&v.mul(v).sum().sqrt().add_scalar(1e-30));
    let mut v1 = Tensor::from_vec(first[..d].to_vec(), &[d, 1], &device);
    let mut v2 = Tensor::from_vec(first[d..].to_vec(), &[d, 1], &device);
    let mut last = first;
    let mut turns = 0;
    while turns < MAX_TURNS {
        (v1, v2) = no_grad(|| {
            let w1 = xt.matmul(&xc.matmul(&v1));
            let w2 = xt.matmul(&xc.matmul(&v2));
            let u1 = unit(&w1);
            let u2 = unit(&w2.sub(&u1.mul(&u1.mul(&w2).sum())));
            (u1, u2)
        });
        turns += 1;
        if turns % 5 == 0 || turns == MAX_TURNS {
            let now = [v1.to_vec().await?, v2.to_vec().await?].concat();
            let change = now.iter().zip(&last).fold(0.0f32, |m, (a, b)| m.max((a - b).abs()));
            last = now;
            if change < TOLERANCE {
                break;
            }
        }
    }
    let (var1, var2, total) = no_grad(|| {
        let var = |v: &Tensor| {
            let p = xc.matmul(v);
            p.mul(&p).sum().mul_scalar(1.0 / (n - 1) as f32)
        };
        (var(&v1), var(&v2), xc.mul(&xc).sum().mul_scalar(1.0 / (n - 1) as f32))
    });
    let components = [v1.to_vec().await?, v2.to_vec().await?].concat();
    Ok((mean.to_vec().await?, components, [var1.item().await?, var2.item().await?], total.item().await?, turns))
}

/// How many of `model`'s layers make the map's features (0: the input itself).
pub fn feature_index(model: &Sequential, layer: MapLayer) -> usize {
    match layer {
        MapLayer::Logits => model.layers.len(),
        MapLayer::Hidden => model.layers.iter().rposition(|l| l.describe().starts_with("Linear")).unwrap_or(0),
    }
}

/// The map's features of `pixels` (n images in [0, 1]) as [n, d], and the model's answer for each. The
/// images go through the model a batch at a time (`eval::eval_batch`: 32 on the CPU), keeping only the chosen
/// layer: all 1,000 at once held every layer's output (a CNN's unrolled patches alone ~200 MB), and the
/// worker's wasm memory never shrinks.
pub async fn features(model: &Sequential, info: &ModelInfo, pixels: &[f32], layer: MapLayer, device: &Device) -> Result<(Tensor, Vec<u8>), String> {
    let p = info.rows * info.cols;
    if pixels.is_empty() || pixels.len() % p != 0 {
        return Err(format!("expected images of {p} pixels, got {} values", pixels.len()));
    }
    let n = pixels.len() / p;
    let index = feature_index(model, layer);
    let batch = crate::eval::eval_batch(device).max(1);
    let (mut values, mut predicted, mut d) = (Vec::new(), Vec::with_capacity(n), 0);
    for chunk in pixels.chunks(batch * p) {
        let m = chunk.len() / p;
        let x = Tensor::from_vec(info.normalize(chunk), &[m, p], device);
        let acts = model.activations(&x);
        let out = acts.last().ok_or("the model has no layers")?;
        let scores = out.to_vec().await?;
        let k = scores.len() / m;
        predicted.extend(scores.chunks(k).map(|row| if k == 1 { (row[0] > 0.0) as u8 } else { crate::eval::top_class(row) as u8 }));
        let f = match index {
            0 => &x,
            i => &acts[i - 1],
        };
        d = f.numel() / m;
        values.extend(f.to_vec().await?);
    }
    Ok((Tensor::from_vec(values, &[n, d], device), predicted))
}

/// The map of `pixels` (the held-out digits to place, n images in [0, 1]) for `model`.
pub async fn digit_map(model: &Sequential, info: &ModelInfo, pixels: &[f32], layer: MapLayer, start: Option<&[f32]>, device: &Device) -> Result<DigitMap, String> {
    let (x, predicted) = features(model, info, pixels, layer, device).await?;
    let d = x.shape()[1];
    let (mean, components, variance, total, turns) = pca2(&x, start).await?;
    let points = project_rows(&x.to_vec().await?, d, &mean, &components);
    let total = total.max(1e-30);
    Ok(DigitMap { layer, points, predicted, mean, components, explained: [variance[0] / total, variance[1] / total], features: d, turns, ms: 0.0 })
}

/// Coordinates [n, 2] of feature rows `x` ([n, d]) on the components.
fn project_rows(x: &[f32], d: usize, mean: &[f32], components: &[f32]) -> Vec<f32> {
    x.chunks(d)
        .flat_map(|row| {
            let along = |c: &[f32]| row.iter().zip(mean).zip(c).map(|((v, m), w)| ((v - m) * w) as f64).sum::<f64>() as f32;
            [along(&components[..d]), along(&components[d..])]
        })
        .collect()
}

/// Where one image (`pixels` in [0, 1], e.g. the learner's drawing) lies on `map`, for `model`.
pub async fn project(model: &Sequential, info: &ModelInfo, pixels: &[f32], map: &DigitMap, device: &Device) -> Result<[f32; 2], String> {
    let (x, _) = features(model, info, pixels, map.layer, device).await?;
    if x.shape()[1] != map.features {
        return Err("the map is of another model".into());
    }
    let p = project_rows(&x.to_vec().await?, map.features, &map.mean, &map.components);
    Ok([p[0], p[1]])
}
