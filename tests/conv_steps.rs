//! "A convolution step by step", natively: the numbers the panel shows are the engine's (the finished
//! feature map equals the one the model's own layers make, the "What the model learned" view's; each cell's
//! sum of the window's products plus the bias, through the activation, equals the map's value; each pooled
//! cell is the largest of its four), and the animation's state changes only through `update`: Play asks for
//! a timer tick, ticks walk the map and then the pooling to the end, Step, Pause, jumps by pointer and keys.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use mnist_playground::config::Settings;
use mnist_playground::data::Dataset;
use mnist_playground::model::{ModelInfo, ModelSpec, Weights};
use mnist_playground::nn::{Activation, Module};
use mnist_playground::page::conv_steps::{ConvInput, ConvView, Stage, SPEEDS_MS};
use mnist_playground::page::state::{Current, Env, Loaded, State};
use mnist_playground::page::{update, ConvMsg, Effect, Msg};
use mnist_playground::{Device, Tensor};

const SIDE: usize = 28;

/// A CNN of `spec` with random weights and non-zero biases.
fn current(spec: &str, act: Activation) -> Current {
    let spec = ModelSpec::parse(spec, act, 0.0).unwrap();
    let model = spec.build(SIDE, SIDE, 10, 7, &Device::Cpu).unwrap();
    for (i, (_, p)) in model.named_parameters().into_iter().enumerate() {
        if p.rank() == 1 {
            let v: Vec<f32> = (0..p.numel()).map(|j| 0.05 * (((i * 31 + j * 17) % 11) as f32 - 5.0)).collect();
            p.assign(&Tensor::from_vec(v, p.shape(), &Device::Cpu));
        }
    }
    let info = ModelInfo { spec, rows: SIDE, cols: SIDE, classes: 10, mean: 0.13, std: 0.31 };
    Current { model: Rc::new(model), info, weights: Weights(vec![]), names: (0..10).map(|c| c.to_string()).collect(), steps: 0 }
}

/// A digit-like image: a ring of ink with soft edges.
fn image(shift: f32) -> Vec<f32> {
    (0..SIDE * SIDE)
        .map(|i| {
            let (r, c) = ((i / SIDE) as f32 - 13.5, (i % SIDE) as f32 - 13.5 - shift);
            (1.0 - ((r * r + c * c).sqrt() - 7.0).abs() / 2.5).clamp(0.0, 1.0)
        })
        .collect()
}

/// What the "What the model learned" view shows for this input: `Sequential::activations`, the output of the
/// first convolution's activation and of the pooling after it.
fn engine_maps(c: &Current, pixels: &[f32]) -> (Vec<f32>, Vec<f32>, [usize; 4]) {
    let x = Tensor::from_vec(c.info.normalize(pixels), &[1, pixels.len()], &Device::Cpu);
    let acts = c.model.activations(&x);
    let conv = c.model.layers.iter().position(|l| l.describe().starts_with("Conv2d")).unwrap();
    let read = |t: &Tensor| futures_executor(t.to_vec()).unwrap();
    let s = acts[conv + 1].shape().to_vec();
    (read(&acts[conv + 1]), read(&acts[conv + 2]), [s[0], s[1], s[2], s[3]])
}

fn futures_executor<T>(f: impl std::future::Future<Output = T>) -> T {
    use futures_util::FutureExt;
    f.now_or_never().expect("the CPU backend's futures are ready at once")
}

#[test]
fn every_cell_is_the_engines_value() {
    for (spec, act) in [("cnn:4,8", Activation::Relu), ("cnn:3,4", Activation::Tanh), ("cnn:2,3,8", Activation::Sigmoid)] {
        let c = current(spec, act);
        for shift in [0.0, 3.0] {
            let pixels = image(shift);
            let (maps, pooled, [_, filters, oh, ow]) = engine_maps(&c, &pixels);
            assert_eq!((oh, ow), (24, 24));
            let mut worst = 0.0f32;
            for f in 0..filters {
                let v = ConvView::compute(&c, &pixels, f).expect("a CNN's view");
                assert_eq!((v.oh, v.ow, v.kernel), (24, 24, 5));
                // The finished map is the engine's feature map for that filter (bit for bit: the same layers).
                assert_eq!(v.map, maps[f * oh * ow..(f + 1) * oh * ow], "{spec} filter {f}");
                assert_eq!(v.pooled, pooled[f * 144..(f + 1) * 144], "{spec} filter {f}: pooling");
                for r in 0..oh {
                    for col in 0..ow {
                        let cell = v.cell(r, col);
                        assert_eq!(cell.products.len(), 25);
                        let total: f32 = cell.products.iter().sum();
                        assert_eq!(total, cell.sum);
                        let engine = v.map[r * ow + col];
                        let err = (cell.value - engine).abs();
                        worst = worst.max(err);
                        assert!(err <= 1e-5 * (1.0 + engine.abs()), "{spec} filter {f} ({r}, {col}): shown {} vs engine {engine}", cell.value);
                    }
                }
                for r in 0..12 {
                    for col in 0..12 {
                        let (four, max) = v.pool_cell(r, col);
                        assert!(four.contains(&max));
                        assert_eq!(max, v.pooled[r * 12 + col], "{spec} filter {f} pooled ({r}, {col})");
                    }
                }
            }
            println!("{spec} {act:?}: largest |shown − engine| {worst:e}");
        }
    }
}

#[test]
fn no_view_for_a_model_without_convolutions() {
    let spec = ModelSpec::parse("mlp:16", Activation::Relu, 0.0).unwrap();
    let model = spec.build(SIDE, SIDE, 10, 1, &Device::Cpu).unwrap();
    let c = Current { model: Rc::new(model), info: ModelInfo { spec, rows: SIDE, cols: SIDE, classes: 10, mean: 0.0, std: 1.0 }, weights: Weights(vec![]), names: vec![], steps: 0 };
    assert!(ConvView::compute(&c, &image(0.0), 0).is_none());
}

/// A page with a CNN and a few held-out digits (no worker: the panel needs neither).
fn page() -> State {
    let (settings, _) = Settings::from_query("");
    let mut s = State::new(settings, None, Env { cores: 2, device_memory_gb: None, page: "http://x/".into(), problems: vec![] });
    let images: Vec<u8> = (0..4).flat_map(|k| image(k as f32).into_iter().map(|p| (p * 255.0) as u8)).collect();
    let set = |n| Dataset { images: std::sync::Arc::new(images.clone()), labels: (0..n as u8).collect(), rows: SIDE, cols: SIDE, classes: 10 };
    s.data = Some(Rc::new(Loaded::new(None, "test".into(), set(4), set(4), (0..10).map(|c| c.to_string()).collect())));
    s.current = Some(current("cnn:4,8", Activation::Relu));
    s
}

fn conv(s: &mut State, m: ConvMsg) -> Vec<Effect> {
    update(s, Msg::Conv(m))
}

/// The timer tick an effect list asks for, if any.
fn timer(fx: &[Effect]) -> Option<(u32, u64)> {
    fx.iter().find_map(|e| match e {
        Effect::After { ms, msg: Msg::Conv(ConvMsg::Tick(t)) } => Some((*ms, *t)),
        _ => None,
    })
}

#[test]
fn play_walks_the_map_then_the_pooling_to_the_end() {
    let mut s = page();
    conv(&mut s, ConvMsg::Speed(3));
    let fx = conv(&mut s, ConvMsg::Play);
    assert!(s.conv.playing);
    let (ms, mut t) = timer(&fx).expect("Play asks for a tick");
    assert_eq!(ms, SPEEDS_MS[3]);
    let mut ticks = 0;
    loop {
        let fx = conv(&mut s, ConvMsg::Tick(t));
        ticks += 1;
        match timer(&fx) {
            Some((_, next)) => t = next,
            None => break,
        }
    }
    // 576 cells of the map and 144 of the pooling, the first shown at Play.
    assert_eq!(ticks, 576 + 144 - 1);
    assert_eq!((s.conv.stage, s.conv.cell, s.conv.playing), (Stage::Pool, 143, false));
    // Play at the end starts again from the first cell.
    let fx = conv(&mut s, ConvMsg::Play);
    assert_eq!((s.conv.stage, s.conv.cell), (Stage::Conv, 0));
    let (_, t) = timer(&fx).unwrap();
    // Pause: the tick in flight is dropped.
    conv(&mut s, ConvMsg::Pause);
    assert!(!s.conv.playing);
    assert!(conv(&mut s, ConvMsg::Tick(t)).is_empty());
    assert_eq!(s.conv.cell, 0);
}

#[test]
fn step_jump_and_keys() {
    let mut s = page();
    conv(&mut s, ConvMsg::Step);
    conv(&mut s, ConvMsg::Step);
    assert_eq!((s.conv.stage, s.conv.cell), (Stage::Conv, 2));
    // The pointer at the middle of the map: row 12, column 12.
    conv(&mut s, ConvMsg::Point(Stage::Conv, 0.51, 0.51));
    assert_eq!(s.conv.cell, 12 * 24 + 12);
    conv(&mut s, ConvMsg::Move(Stage::Conv, 1, 0));
    conv(&mut s, ConvMsg::Move(Stage::Conv, 0, -1));
    assert_eq!(s.conv.cell, 13 * 24 + 11);
    conv(&mut s, ConvMsg::Edge(Stage::Conv, true));
    assert_eq!(s.conv.cell, 575);
    // Past the edge stays at the edge; Step from the last conv cell goes to the pooling.
    conv(&mut s, ConvMsg::Move(Stage::Conv, 0, 1));
    assert_eq!(s.conv.cell, 575);
    conv(&mut s, ConvMsg::Step);
    assert_eq!((s.conv.stage, s.conv.cell), (Stage::Pool, 0));
    conv(&mut s, ConvMsg::Move(Stage::Pool, 2, 3));
    assert_eq!(s.conv.cell, 2 * 12 + 3);
    assert!(conv(&mut s, ConvMsg::Jump(Stage::Pool, 144)).is_empty(), "outside the grid");
    // A filter or an input chosen starts over; a filter the model does not have is refused.
    conv(&mut s, ConvMsg::Filter(3));
    assert_eq!((s.conv.filter, s.conv.stage, s.conv.cell), (3, Stage::Conv, 0));
    assert!(conv(&mut s, ConvMsg::Filter(4)).is_empty());
    conv(&mut s, ConvMsg::Input(ConvInput::Sample(2)));
    assert_eq!(s.conv.input, ConvInput::Sample(2));
    // The drawing as input: none until the pad has one.
    conv(&mut s, ConvMsg::Input(ConvInput::Drawing));
    assert!(mnist_playground::page::conv_steps::input_pixels(&s).is_none());
    update(&mut s, Msg::Drawing(Some(image(1.0))));
    assert_eq!(mnist_playground::page::conv_steps::input_pixels(&s), Some(image(1.0)));
    // Without a CNN nothing moves, and a running animation stops.
    let fx = conv(&mut s, ConvMsg::Play);
    let (_, t) = timer(&fx).unwrap();
    let cnn = s.current.take();
    assert!(conv(&mut s, ConvMsg::Step).is_empty());
    assert!(conv(&mut s, ConvMsg::Tick(t)).is_empty());
    assert!(!s.conv.playing);
    s.current = cnn;
}
