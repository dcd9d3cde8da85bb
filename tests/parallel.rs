//! Data-parallel training (src/parallel.rs): the minibatch split between the trainer and helper replicas
//! gives the same weights as one worker, up to float rounding; a helper that fails has its shard computed by
//! the trainer and training goes on unchanged; turns of steps alone and with the helpers (as `Pace` measures
//! them) do too, and the helpers become replicas again when they are used again.
#![cfg(not(target_arch = "wasm32"))]

use mnist_playground::data::Dataset;
use mnist_playground::model::{Loss, ModelSpec};
use mnist_playground::nn::{Activation, Module};
use mnist_playground::optim::OptimizerKind;
use mnist_playground::parallel::{Alone, Helpers, LocalHelpers, Pace, ShardResult, ToHelper};
use mnist_playground::train::{Event, TrainConfig, Trainer};
use mnist_playground::Device;

fn digits(n: usize) -> Dataset {
    let all = Dataset::load_embedded(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data"))).unwrap();
    all.subset(&(0..n).collect::<Vec<_>>())
}

fn trainer(spec: &str, optimizer: OptimizerKind, data: &Dataset) -> Trainer {
    let spec = ModelSpec::parse(spec, Activation::Relu, 0.0).unwrap();
    let config = TrainConfig { epochs: 4, batch: 61, report_every: 10, seed: 5, ..TrainConfig::new(optimizer, Loss::CrossEntropy) };
    let mut t = Trainer::from_spec(&spec, true, 3, data, None, config, &Device::Cpu).unwrap();
    // Every step shared (the trainer's default measures whether helpers pay: see the last test).
    t.set_pace(Pace::always());
    t
}

/// Runs `steps` steps, `per_call` at most per call (several: the next step's shards travel ahead),
/// returning the parameters and the reported losses.
fn run(t: &mut Trainer, helpers: &mut impl Helpers, steps: usize, per_call: usize) -> (Vec<Vec<f32>>, Vec<f32>) {
    let mut losses = Vec::new();
    let (mut done, start) = (0, t.position());
    while done < steps {
        let before = t.position();
        for e in pollster::block_on(t.advance_until((steps - done).min(per_call), f64::INFINITY, helpers)).unwrap() {
            if let Event::Progress { loss, .. } = e {
                losses.push(loss);
            }
        }
        let (a, b) = (before, t.position());
        assert_ne!(a, b, "a step was taken");
        done = steps_between(start, b, t);
    }
    assert_eq!(done, steps);
    (t.model.parameters().iter().map(|p| p.to_vec_blocking()).collect(), losses)
}

fn steps_between(from: (usize, usize, usize), to: (usize, usize, usize), _: &Trainer) -> usize {
    (to.0 * to.2 + to.1) - (from.0 * from.2 + from.1)
}

/// Every helper's replica equals the lead's `weights` bit for bit (after its queued messages are handled).
fn assert_replicas_are(helpers: &mut LocalHelpers, weights: &[Vec<f32>], what: &str) {
    for replica in pollster::block_on(helpers.settle()).unwrap() {
        assert!(replica == weights, "{what}");
    }
}

fn max_difference(a: &[Vec<f32>], b: &[Vec<f32>]) -> f32 {
    a.iter().zip(b).flat_map(|(x, y)| x.iter().zip(y).map(|(p, q)| (p - q).abs())).fold(0.0, f32::max)
}

#[test]
fn two_and_three_workers_give_one_workers_weights() {
    // 1,000 digits in minibatches of 61 (not a multiple of 2 or 3: shards of 21, 20, 20 at first, then as
    // the lead balances them; the epoch's last batch is 24), 50 steps across an epoch boundary; a CNN with
    // SGD and an MLP with Adam; one step per call, and up to 7 per call (the next shards sent ahead). Two
    // workers exchange their gradients, three send them to the lead for the sum.
    let data = digits(1000);
    for (spec, optimizer) in [("cnn:4,8", OptimizerKind::Sgd), ("mlp:32", OptimizerKind::Adam)] {
        let (one, one_losses) = run(&mut trainer(spec, optimizer, &data), &mut Alone, 50, 1);
        for (helpers, per_call) in [(1, 1), (1, 7), (2, 1), (2, 7)] {
            let mut helpers = LocalHelpers::new(helpers);
            let (three, three_losses) = run(&mut trainer(spec, optimizer, &data), &mut helpers, 50, per_call);
            let diff = max_difference(&one, &three);
            println!("{spec}, {} workers, {per_call} per call: largest weight difference after 50 steps from one worker's: {diff:e}", helpers.count() + 1);
            assert!(diff < 1e-4, "{spec}: weights differ by {diff}");
            assert_eq!(one_losses.len(), three_losses.len());
            for (a, b) in one_losses.iter().zip(&three_losses) {
                assert!((a - b).abs() < 1e-4, "{spec}: reported losses {a} vs {b}");
            }
            // Every replica took the same updates: the helpers' copies equal the lead's bit for bit.
            assert_replicas_are(&mut helpers, &three, &format!("{spec}: a helper's replica drifted from the lead's weights"));
        }
    }
}

#[test]
fn helpers_join_a_run_in_progress_with_its_optimizer_state() {
    // Ten steps alone, then two helpers join (Adam's moments and step count travel with the model), and
    // a new run starts them afresh.
    let data = digits(600);
    let (one, _) = run(&mut trainer("mlp:16", OptimizerKind::Adam, &data), &mut Alone, 30, 5);
    let mut t = trainer("mlp:16", OptimizerKind::Adam, &data);
    run(&mut t, &mut Alone, 10, 5);
    let mut helpers = LocalHelpers::new(2);
    let (three, _) = run(&mut t, &mut helpers, 20, 5);
    assert!(max_difference(&one, &three) < 1e-4, "{}", max_difference(&one, &three));
    assert_replicas_are(&mut helpers, &three, "a helper's replica differs from the lead's after joining");
    let (again, _) = run(&mut trainer("mlp:16", OptimizerKind::Adam, &data), &mut helpers, 30, 5);
    assert!(max_difference(&one, &again) < 1e-4);
}

/// Helpers of which the second stops answering after a few steps.
struct Failing {
    inner: LocalHelpers,
    answers: usize,
}

impl Helpers for Failing {
    fn count(&self) -> usize {
        self.inner.count()
    }
    fn is_alive(&self, i: usize) -> bool {
        i == 0 || self.answers <= 5
    }
    fn run_of(&self, i: usize) -> Option<u64> {
        self.inner.run_of(i)
    }
    fn send(&mut self, i: usize, message: ToHelper) {
        self.inner.send(i, message);
    }
    async fn receive(&mut self, i: usize) -> Result<ShardResult, String> {
        if !self.is_alive(i) {
            return Err("the helper's worker stopped".into());
        }
        self.answers += usize::from(i == 1);
        self.inner.receive(i).await
    }
    fn reset(&mut self) {
        self.inner.reset();
    }
}

#[test]
fn a_failing_helper_has_its_shard_computed_by_the_trainer() {
    // The second helper stops answering with its next shard already sent: the lead computes that shard
    // and the ones after it, and the first helper's replica stays the lead's.
    let data = digits(600);
    let (one, _) = run(&mut trainer("mlp:16", OptimizerKind::Sgd, &data), &mut Alone, 20, 1);
    let mut failing = Failing { inner: LocalHelpers::new(2), answers: 0 };
    let (three, _) = run(&mut trainer("mlp:16", OptimizerKind::Sgd, &data), &mut failing, 20, 4);
    assert!(max_difference(&one, &three) < 1e-4);
    let replicas = pollster::block_on(failing.inner.settle()).unwrap();
    assert!(replicas[0] == three, "the live helper's replica drifted");
}

#[test]
fn turns_alone_and_with_helpers_keep_one_workers_weights() {
    // Short turns (three steps with the helpers, three alone, then four on whichever was faster, three the
    // other way, …: both ways follow each other many times in 60 steps, whatever the clock says), with
    // the next step's shards sent ahead within a turn (7 per call). A helper left waiting while the lead
    // goes on alone joins again with the weights as they are then.
    let data = digits(1000);
    for (spec, optimizer) in [("mlp:32", OptimizerKind::Adam), ("cnn:4,8", OptimizerKind::Sgd)] {
        let (one, one_losses) = run(&mut trainer(spec, optimizer, &data), &mut Alone, 60, 1);
        for helpers in [1, 2] {
            let mut t = trainer(spec, optimizer, &data);
            t.set_pace(Pace::with_turns(0, 3, 4));
            let mut helpers = LocalHelpers::new(helpers);
            let (mixed, losses) = run(&mut t, &mut helpers, 60, 7);
            let diff = max_difference(&one, &mixed);
            assert!(diff < 1e-4, "{spec}, {} workers: weights differ by {diff}", helpers.count() + 1);
            assert_eq!(one_losses.len(), losses.len());
            for (a, b) in one_losses.iter().zip(&losses) {
                assert!((a - b).abs() < 1e-4, "{spec}: reported losses {a} vs {b}");
            }
            // One more step with the helpers: they join with the lead's weights and take its update.
            t.set_pace(Pace::always());
            let (after, _) = run(&mut t, &mut helpers, 1, 1);
            assert_replicas_are(&mut helpers, &after, &format!("{spec}: a helper's replica is not the lead's after it joined again"));
        }
    }
}

#[test]
fn a_step_taken_without_the_helpers_makes_them_join_again() {
    // "Step once" steps through `advance` (no helpers) between shared steps: the next shared step must
    // not be computed by helpers that missed it.
    let data = digits(600);
    let (one, _) = run(&mut trainer("mlp:16", OptimizerKind::Adam, &data), &mut Alone, 12, 1);
    let mut t = trainer("mlp:16", OptimizerKind::Adam, &data);
    let mut helpers = LocalHelpers::new(2);
    run(&mut t, &mut helpers, 5, 5);
    pollster::block_on(t.advance(1)).unwrap();
    let (three, _) = run(&mut t, &mut helpers, 6, 3);
    assert!(max_difference(&one, &three) < 1e-4, "{}", max_difference(&one, &three));
    assert_replicas_are(&mut helpers, &three, "a helper's replica missed the step taken without it");
}

#[test]
fn reports_say_how_many_workers_the_steps_go_on() {
    let data = digits(600);
    let progress_workers = |t: &mut Trainer, helpers: &mut dyn FnMut(&mut Trainer) -> Vec<Event>| {
        helpers(t).into_iter().filter_map(|e| if let Event::Progress { workers, .. } = e { Some(workers) } else { None }).collect::<Vec<_>>()
    };
    // Shared steps: the lead and its two helpers.
    let mut t = trainer("mlp:16", OptimizerKind::Sgd, &data);
    let mut helpers = LocalHelpers::new(2);
    assert_eq!(progress_workers(&mut t, &mut |t| pollster::block_on(t.advance_until(10, f64::INFINITY, &mut helpers)).unwrap()), [3]);
    // Alone.
    assert_eq!(progress_workers(&mut t, &mut |t| pollster::block_on(t.advance(10)).unwrap()), [1]);
}
