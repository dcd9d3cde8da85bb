//! "A convolution step by step": a filter of a CNN's first convolution slides its 5×5 window over an input
//! (a held-out digit or the learner's drawing); each cell of the feature map is the window's products with
//! the filter, summed, plus the bias, through the activation; then 2×2 max pooling of that map, cell by
//! cell. What is animated (filter, input, stage, cell, playing, speed) lives in `State::conv` and changes
//! here only; Play asks the runtime for a `Tick` after the speed's milliseconds (`Effect::After`). The
//! numbers are the engine's: `ConvView::compute` runs the model's own first layers on the page's CPU copy.

pub use super::msg::{ConvInput, Stage};
use super::msg::{ConvMsg, Effect, Msg, Panel};
pub use super::state::ConvSteps;
use super::state::{Current, State};
use crate::nn::Activation;
use crate::Device;

/// Milliseconds per cell at each speed (slow … fastest).
pub const SPEEDS_MS: [u32; 4] = [800, 250, 60, 10];
/// The held-out digits offered as inputs (the first few of the test set).
pub const SAMPLES: usize = 8;

/// The first convolution's geometry for the page's model: (filters, kernel, map rows, map cols), if it is a
/// CNN.
pub fn geometry(c: &Current) -> Option<(usize, usize, usize, usize)> {
    let (_, w) = first_conv(&c.model, "weight")?;
    let s = w.shape();
    let k = s[2];
    Some((s[0], k, c.info.rows.checked_sub(k - 1)?, c.info.cols.checked_sub(k - 1)?))
}

/// The grid of `stage`: (rows, cols).
fn grid(s: &State, stage: Stage) -> Option<(usize, usize)> {
    let (_, _, oh, ow) = geometry(s.current.as_ref()?)?;
    Some(match stage {
        Stage::Conv => (oh, ow),
        Stage::Pool => (oh / 2, ow / 2),
    })
}

/// The input's pixels (in [0, 1]) as the state has them: None for the drawing when the pad is empty.
pub fn input_pixels(s: &State) -> Option<Vec<f32>> {
    match s.conv.input {
        ConvInput::Sample(i) => s.data.as_ref().filter(|d| i < d.test.len()).map(|d| d.test.image_f32(i)),
        ConvInput::Drawing => s.drawing.clone(),
    }
}

fn redraw() -> Vec<Effect> {
    vec![Effect::Redraw(Panel::Conv)]
}

/// The next tick of a playing animation.
fn tick(s: &mut State) -> Vec<Effect> {
    s.conv.timer += 1;
    vec![Effect::After { ms: SPEEDS_MS[s.conv.speed.min(SPEEDS_MS.len() - 1)], msg: Msg::Conv(ConvMsg::Tick(s.conv.timer)) }]
}

/// One cell on: the next of this stage, or the first of the pooling; false at the end.
fn advance(s: &mut State) -> bool {
    let Some((r, c)) = grid(s, s.conv.stage) else { return false };
    if s.conv.cell + 1 < r * c {
        s.conv.cell += 1;
        true
    } else if s.conv.stage == Stage::Conv {
        (s.conv.stage, s.conv.cell) = (Stage::Pool, 0);
        true
    } else {
        false
    }
}

fn at_end(s: &State) -> bool {
    grid(s, Stage::Pool).is_some_and(|(r, c)| s.conv.stage == Stage::Pool && s.conv.cell + 1 >= r * c)
}

pub fn update(s: &mut State, msg: ConvMsg) -> Vec<Effect> {
    let Some((filters, ..)) = s.current.as_ref().and_then(geometry) else {
        // No CNN (any more): a running animation stops (its tick asks for no other).
        s.conv.playing = false;
        return vec![];
    };
    match msg {
        ConvMsg::Filter(f) if f < filters => {
            (s.conv.filter, s.conv.stage, s.conv.cell) = (f, Stage::Conv, 0);
            redraw()
        }
        ConvMsg::Input(input) => {
            (s.conv.input, s.conv.stage, s.conv.cell) = (input, Stage::Conv, 0);
            redraw()
        }
        ConvMsg::Play if !s.conv.playing => {
            if at_end(s) {
                (s.conv.stage, s.conv.cell) = (Stage::Conv, 0);
            }
            s.conv.playing = true;
            let mut fx = tick(s);
            fx.extend(redraw());
            fx
        }
        ConvMsg::Pause if s.conv.playing => {
            s.conv.playing = false;
            s.conv.timer += 1;
            redraw()
        }
        ConvMsg::Step => {
            s.conv.playing = false;
            s.conv.timer += 1;
            if !advance(s) {
                (s.conv.stage, s.conv.cell) = (Stage::Conv, 0);
            }
            redraw()
        }
        ConvMsg::Speed(i) if i < SPEEDS_MS.len() => {
            s.conv.speed = i;
            vec![]
        }
        ConvMsg::Tick(t) if s.conv.playing && t == s.conv.timer => {
            if advance(s) && !at_end(s) {
                let mut fx = tick(s);
                fx.extend(redraw());
                fx
            } else {
                s.conv.playing = false;
                redraw()
            }
        }
        ConvMsg::Jump(stage, cell) => {
            let Some((r, c)) = grid(s, stage) else { return vec![] };
            if cell >= r * c {
                return vec![];
            }
            (s.conv.stage, s.conv.cell, s.conv.playing) = (stage, cell, false);
            s.conv.timer += 1;
            redraw()
        }
        ConvMsg::Point(stage, fx, fy) => {
            let Some((r, c)) = grid(s, stage) else { return vec![] };
            let at = |f: f64, n: usize| ((f * n as f64).floor().max(0.0) as usize).min(n - 1);
            update(s, ConvMsg::Jump(stage, at(fy, r) * c + at(fx, c)))
        }
        ConvMsg::Move(stage, dr, dc) => {
            let Some((r, c)) = grid(s, stage) else { return vec![] };
            // Keys on the other stage's map start there at its first cell.
            let from = if s.conv.stage == stage { s.conv.cell } else { 0 };
            let (row, col) = ((from / c) as isize + dr as isize, (from % c) as isize + dc as isize);
            let to = (row.clamp(0, r as isize - 1) * c as isize + col.clamp(0, c as isize - 1)) as usize;
            update(s, ConvMsg::Jump(stage, to))
        }
        ConvMsg::Edge(stage, last) => {
            let Some((r, c)) = grid(s, stage) else { return vec![] };
            update(s, ConvMsg::Jump(stage, if last { r * c - 1 } else { 0 }))
        }
        _ => vec![],
    }
}

/// The engine's numbers for one filter and one input.
#[derive(Clone, Debug)]
pub struct ConvView {
    pub rows: usize,
    pub cols: usize,
    /// The input as the model sees it (normalised), row-major.
    pub input: Vec<f32>,
    pub kernel: usize,
    /// The filter's weights (kernel × kernel) and bias.
    pub weights: Vec<f32>,
    pub bias: f32,
    pub act: Option<Activation>,
    /// The feature map's size and values after the activation (the engine's: the model's own layers).
    pub oh: usize,
    pub ow: usize,
    pub map: Vec<f32>,
    /// The 2×2 max pooling of the map (the engine's, when the model pools after its first activation).
    pub pooled: Vec<f32>,
}

/// One cell of the map: the window's products with the filter (row-major), their sum, and act(sum + bias).
#[derive(Clone, Debug, PartialEq)]
pub struct CellSum {
    pub products: Vec<f32>,
    pub sum: f32,
    pub value: f32,
}

impl ConvView {
    /// Runs the model's layers up to its first pooling on `pixels` (in [0, 1]) and reads filter `filter`'s
    /// weights: None when the model has no convolution.
    pub fn compute(c: &Current, pixels: &[f32], filter: usize) -> Option<ConvView> {
        use futures_util::FutureExt;
        let info = &c.info;
        let (first, w) = first_conv(&c.model, "weight")?;
        let (_, b) = first_conv(&c.model, "bias")?;
        let s = w.shape().to_vec();
        if s[1] != 1 || pixels.len() != info.rows * info.cols {
            return None;
        }
        let (filters, k) = (s[0], s[2]);
        let filter = filter.min(filters - 1);
        let read = |t: &crate::Tensor| t.to_vec().now_or_never().and_then(Result::ok);
        let all_w = read(&w)?;
        let weights = all_w[filter * k * k..(filter + 1) * k * k].to_vec();
        let bias = read(&b)?[filter];
        let input = info.normalize(pixels);
        let x = crate::Tensor::from_vec(input.clone(), &[1, input.len()], &Device::Cpu);
        // The model's own layers (what the "learned" view draws), as it answers (no dropout); the ones after the
        // first pooling are cheap for one image.
        let outs = c.model.activations(&x);
        let act = c.model.layers.get(first + 1).and_then(|l| l.as_activation());
        let after = if act.is_some() { first + 1 } else { first };
        let map_t = outs.get(after)?;
        let ms = map_t.shape().to_vec();
        let (oh, ow) = (ms[2], ms[3]);
        let map = read(map_t)?[filter * oh * ow..(filter + 1) * oh * ow].to_vec();
        let pool_t = outs.get(after + 1).filter(|_| c.model.layers[after + 1].describe().starts_with("MaxPool"));
        let pooled = match pool_t {
            Some(p) => {
                let n = p.shape()[2] * p.shape()[3];
                read(p)?[filter * n..(filter + 1) * n].to_vec()
            }
            None => crate::Tensor::from_vec(map.clone(), &[1, 1, oh, ow], &Device::Cpu).max_pool2d(2, 2).to_vec().now_or_never()?.ok()?,
        };
        Some(ConvView { rows: info.rows, cols: info.cols, input, kernel: k, weights, bias, act, oh, ow, map, pooled })
    }

    /// The window at map cell (r, c): its products with the filter, their sum (in order) and act(sum + bias).
    pub fn cell(&self, r: usize, c: usize) -> CellSum {
        let k = self.kernel;
        let mut products = Vec::with_capacity(k * k);
        let mut sum = 0.0f32;
        for i in 0..k {
            for j in 0..k {
                let p = self.input[(r + i) * self.cols + c + j] * self.weights[i * k + j];
                products.push(p);
                sum += p;
            }
        }
        CellSum { products, sum, value: self.act.map_or(sum + self.bias, |a| a.value(sum + self.bias)) }
    }

    /// The pooled cell (r, c): the four map values it takes the largest of, and that largest.
    pub fn pool_cell(&self, r: usize, c: usize) -> ([f32; 4], f32) {
        let at = |i: usize, j: usize| self.map[(2 * r + i) * self.ow + 2 * c + j];
        let four = [at(0, 0), at(0, 1), at(1, 0), at(1, 1)];
        (four, four.iter().copied().fold(f32::NEG_INFINITY, f32::max))
    }
}

/// The first convolution layer's index and its parameter `name` ("weight" [OC, C, K, K] or "bias" [OC]).
fn first_conv(model: &crate::nn::Sequential, name: &str) -> Option<(usize, crate::Tensor)> {
    let first = model.layers.iter().position(|l| l.describe().starts_with("Conv2d"))?;
    let (_, t) = model.layers[first].named_parameters().into_iter().find(|(n, _)| n == name)?;
    Some((first, t))
}
