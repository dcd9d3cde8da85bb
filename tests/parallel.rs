//! Data-parallel training (src/parallel.rs): the minibatch split between the trainer and helper replicas
//! gives the same weights as one worker, up to float rounding; a helper that fails has its shard computed by
//! the trainer and training goes on unchanged.
#![cfg(not(target_arch = "wasm32"))]

use mnist_playground::data::Dataset;
use mnist_playground::model::{Loss, ModelSpec};
use mnist_playground::nn::{Activation, Module};
use mnist_playground::optim::OptimizerKind;
use mnist_playground::parallel::{Helpers, LocalHelpers, ShardRequest, ShardResult};
use mnist_playground::train::{Event, TrainConfig, Trainer};
use mnist_playground::Device;

fn digits(n: usize) -> Dataset {
    let all = Dataset::load_embedded(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data"))).unwrap();
    all.subset(&(0..n).collect::<Vec<_>>())
}

fn trainer(spec: &str, optimizer: OptimizerKind, data: &Dataset) -> Trainer {
    let spec = ModelSpec::parse(spec, Activation::Relu, 0.0).unwrap();
    let config = TrainConfig { epochs: 4, batch: 61, report_every: 10, seed: 5, ..TrainConfig::new(optimizer, Loss::CrossEntropy) };
    Trainer::from_spec(&spec, true, 3, data, None, config, &Device::Cpu).unwrap()
}

/// Runs `steps` steps, returning the parameters and the reported losses.
fn run(t: &mut Trainer, helpers: &mut impl Helpers, steps: usize) -> (Vec<Vec<f32>>, Vec<f32>) {
    let mut losses = Vec::new();
    let mut done = 0;
    while done < steps {
        let before = t.position();
        for e in pollster::block_on(t.advance_with(1, helpers)).unwrap() {
            if let Event::Progress { loss, .. } = e {
                losses.push(loss);
            }
        }
        assert_ne!(before, t.position(), "a step was taken");
        done += 1;
    }
    (t.model.parameters().iter().map(|p| p.to_vec_blocking()).collect(), losses)
}

fn max_difference(a: &[Vec<f32>], b: &[Vec<f32>]) -> f32 {
    a.iter().zip(b).flat_map(|(x, y)| x.iter().zip(y).map(|(p, q)| (p - q).abs())).fold(0.0, f32::max)
}

#[test]
fn three_workers_give_one_workers_weights() {
    // 1,000 digits in minibatches of 61 (not a multiple of 3: shards of 21, 20, 20 at first, then as the
    // lead balances them; the epoch's last batch is 24), 50 steps across an epoch boundary; a CNN with SGD
    // and an MLP with Adam.
    let data = digits(1000);
    for (spec, optimizer) in [("cnn:4,8", OptimizerKind::Sgd), ("mlp:32", OptimizerKind::Adam)] {
        let (one, one_losses) = run(&mut trainer(spec, optimizer, &data), &mut mnist_playground::parallel::Alone, 50);
        let mut helpers = LocalHelpers::new(&data, 2);
        let (three, three_losses) = run(&mut trainer(spec, optimizer, &data), &mut helpers, 50);
        let diff = max_difference(&one, &three);
        println!("{spec}: largest weight difference after 50 steps, 1 vs 3 workers: {diff:e}");
        assert!(diff < 1e-4, "{spec}: weights differ by {diff}");
        assert_eq!(one_losses.len(), three_losses.len());
        for (a, b) in one_losses.iter().zip(&three_losses) {
            assert!((a - b).abs() < 1e-4, "{spec}: reported losses {a} vs {b}");
        }
    }
}

/// Helpers of which the second stops answering after a few steps.
struct Failing {
    inner: LocalHelpers,
    steps: usize,
}

impl Helpers for Failing {
    fn count(&mut self) -> usize {
        self.inner.count()
    }
    fn has_model(&self, i: usize) -> bool {
        self.inner.has_model(i)
    }
    fn send(&mut self, i: usize, request: ShardRequest) {
        if i == 0 {
            self.steps += 1;
        }
        self.inner.send(i, request);
    }
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String> {
        let r = self.inner.receive(i).await;
        if i == 1 && self.steps > 5 {
            return Err("the helper's worker stopped".into());
        }
        r
    }
    fn reset(&mut self) {
        self.inner.reset();
    }
}

#[test]
fn a_failing_helper_has_its_shard_computed_by_the_trainer() {
    let data = digits(600);
    let (one, _) = run(&mut trainer("mlp:16", OptimizerKind::Sgd, &data), &mut mnist_playground::parallel::Alone, 20);
    let mut failing = Failing { inner: LocalHelpers::new(&data, 2), steps: 0 };
    let (three, _) = run(&mut trainer("mlp:16", OptimizerKind::Sgd, &data), &mut failing, 20);
    assert!(max_difference(&one, &three) < 1e-4);
}
