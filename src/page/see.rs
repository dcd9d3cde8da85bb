//! "See inside": what the page keeps for the views that explain a model — the held-out digit whose answer
//! the evaluation explains. The explanations themselves are computed from the state when drawn
//! (`eval::explain` on the page's CPU copy of the model).

use super::msg::{Effect, Panel};
use super::state::State;

/// A gallery digit chosen (or the explanation closed): kept only while the evaluation that listed it is
/// there and the index is one of its held-out digits.
pub fn explain(s: &mut State, digit: Option<usize>) -> Vec<Effect> {
    let held_out = s.data.as_ref().map_or(0, |d| d.test.len());
    s.explained = match digit {
        Some(i) if s.evaluation.is_some() && i < held_out => Some(i),
        Some(_) => return vec![],
        None => None,
    };
    vec![Effect::Redraw(Panel::Evaluation)]
}

// ---- the map of the digits -----------------------------------------------------------------------------

use super::msg::MapMsg;
use crate::digit_map::DigitMap;
use crate::protocol::ToWorker;

/// While training, a new map is asked for at most this often (each is a forward pass of 1,000 digits and a
/// few turns of power iteration in the worker), or ten times as long as the last took, and only with a
/// report that carries weights.
pub const MAP_EVERY_MS: f64 = 2000.0;
/// A map asked for this long ago without an answer is taken for lost (a worker that died) and asked again.
const MAP_LOST_MS: f64 = 20000.0;

/// A map request for the page's model (none without a model, data, or a worker).
pub fn ask_map(s: &mut State) -> Vec<Effect> {
    if s.current.is_none() || s.data.is_none() || !s.worker.running {
        return vec![];
    }
    let request = s.request();
    s.digit_map.request = Some(request);
    vec![Effect::ToWorker(ToWorker::Map { request, layer: s.digit_map.layer })]
}

/// With a report's weights: a new map when the last was asked for long enough ago and has come.
pub fn map_due(s: &mut State, at_ms: f64) -> Vec<Effect> {
    let m = &s.digit_map;
    let waiting = m.request.is_some() && at_ms - m.asked_ms < MAP_LOST_MS;
    // A map that took the worker long (a CNN on the CPU) is asked for less often: at most a tenth of its time.
    let every = MAP_EVERY_MS.max(10.0 * m.map.as_ref().map_or(0.0, |m| m.ms));
    if waiting || at_ms - m.asked_ms < every {
        return vec![];
    }
    s.digit_map.asked_ms = at_ms;
    ask_map(s)
}

/// The worker's map, if it answers the request in flight.
pub fn map_arrived(s: &mut State, request: u64, map: DigitMap) -> Vec<Effect> {
    if s.digit_map.request != Some(request) {
        return vec![];
    }
    s.digit_map.request = None;
    if s.digit_map.focus.is_some_and(|f| f * 2 >= map.points.len()) {
        s.digit_map.focus = None;
    }
    s.digit_map.map = Some(map);
    vec![Effect::Redraw(Panel::Map)]
}

/// The map could not be made: the last one stays (the worker's message is in its `Failed`, not shown: a
/// map is a view, and the next report asks again).
pub fn map_failed(s: &mut State) -> Vec<Effect> {
    s.digit_map.request = None;
    vec![]
}

pub fn map_msg(s: &mut State, msg: MapMsg) -> Vec<Effect> {
    let redraw = vec![Effect::Redraw(Panel::Map)];
    match msg {
        MapMsg::Layer(layer) if layer != s.digit_map.layer => {
            s.digit_map.layer = layer;
            s.digit_map.map = None;
            s.digit_map.focus = None;
            let mut fx = ask_map(s);
            fx.extend(redraw);
            fx
        }
        MapMsg::Layer(_) => vec![],
        _ if s.digit_map.map.is_none() => vec![],
        MapMsg::Pointer(None) | MapMsg::Clear => {
            s.digit_map.focus = None;
            redraw
        }
        MapMsg::Pointer(Some((fx, fy))) => {
            let map = s.digit_map.map.as_ref().expect("a map");
            let frame = map_frame(&map.points);
            // The nearest digit within 3% of the map's size.
            let near = (0..map.points.len() / 2)
                .map(|i| (i, frame.place(map.points[2 * i], map.points[2 * i + 1])))
                .map(|(i, (x, y))| (i, (x - fx).powi(2) + (y - fy).powi(2)))
                .filter(|(_, d)| *d < 0.03f64.powi(2))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let focus = near.map(|(i, _)| i);
            if focus == s.digit_map.focus {
                return vec![]; // the pointer moved over the same dot (or none): nothing to redraw
            }
            s.digit_map.focus = focus;
            redraw
        }
        MapMsg::First => {
            s.digit_map.focus = Some(0);
            redraw
        }
        MapMsg::Step(dx, dy) => {
            let map = s.digit_map.map.as_ref().expect("a map");
            s.digit_map.focus = Some(match s.digit_map.focus {
                None => 0,
                Some(from) => step_focus(&map.points, from, dx as f64, dy as f64).unwrap_or(from),
            });
            redraw
        }
    }
}

/// The nearest point to `from` in direction (dx, dy) on screen (y down): ahead of it, with sideways
/// distance counted three times.
pub fn step_focus(points: &[f32], from: usize, dx: f64, dy: f64) -> Option<usize> {
    let frame = map_frame(points);
    let at = |i: usize| frame.place(points[2 * i], points[2 * i + 1]);
    let (x0, y0) = at(from);
    (0..points.len() / 2)
        .filter(|&i| i != from)
        .filter_map(|i| {
            let (x, y) = at(i);
            let (ahead, side) = ((x - x0) * dx + (y - y0) * dy, ((x - x0) * dy - (y - y0) * dx).abs());
            (ahead > 1e-9).then_some((i, ahead + 3.0 * side))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Where the map's coordinates land on its square: x and y each over their range with a 5% margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Frame {
    /// A point's place as fractions of the width and height (y down: the second component grows upwards).
    pub fn place(&self, x: f32, y: f32) -> (f64, f64) {
        ((x as f64 - self.x.0) / (self.x.1 - self.x.0), 1.0 - (y as f64 - self.y.0) / (self.y.1 - self.y.0))
    }
}

pub fn map_frame(points: &[f32]) -> Frame {
    let range = |k: usize| {
        let (lo, hi) = points.iter().skip(k).step_by(2).fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v as f64), b.max(v as f64)));
        let (lo, hi) = if lo > hi { (-1.0, 1.0) } else { (lo, hi) };
        let pad = ((hi - lo) * 0.05).max(1e-6);
        (lo - pad, hi + pad)
    };
    Frame { x: range(0), y: range(1) }
}

/// The map in words, per class: its centre and spread (the root mean square distance of its digits from
/// the centre), and the pairs of classes that overlap most: the share of both classes' digits that lie
/// nearer the other class's centre than their own. ([(x, y, spread, count)], [(a, b, share)] most first.)
pub fn map_summary(points: &[f32], labels: &[u8], classes: usize) -> (Vec<(f64, f64, f64, usize)>, Vec<(usize, usize, f64)>) {
    let n = (points.len() / 2).min(labels.len());
    let mut centre = vec![(0.0, 0.0, 0.0, 0usize); classes];
    for i in 0..n {
        let c = &mut centre[labels[i] as usize];
        (c.0, c.1, c.3) = (c.0 + points[2 * i] as f64, c.1 + points[2 * i + 1] as f64, c.3 + 1);
    }
    for c in centre.iter_mut().filter(|c| c.3 > 0) {
        (c.0, c.1) = (c.0 / c.3 as f64, c.1 / c.3 as f64);
    }
    let dist2 = |i: usize, c: &(f64, f64, f64, usize)| (points[2 * i] as f64 - c.0).powi(2) + (points[2 * i + 1] as f64 - c.1).powi(2);
    for i in 0..n {
        let l = labels[i] as usize;
        centre[l].2 += dist2(i, &centre[l]);
    }
    for c in centre.iter_mut().filter(|c| c.3 > 0) {
        c.2 = (c.2 / c.3 as f64).sqrt();
    }
    let mut pairs = vec![];
    for a in 0..classes {
        for b in a + 1..classes {
            let (ca, cb) = (&centre[a], &centre[b]);
            if ca.3 == 0 || cb.3 == 0 {
                continue;
            }
            let crossed = (0..n).filter(|&i| (labels[i] as usize == a && dist2(i, cb) < dist2(i, ca)) || (labels[i] as usize == b && dist2(i, ca) < dist2(i, cb))).count();
            pairs.push((a, b, crossed as f64 / (ca.3 + cb.3) as f64));
        }
    }
    crate::sort_by_f64(&mut pairs, |p| -p.2);
    (centre, pairs)
}
