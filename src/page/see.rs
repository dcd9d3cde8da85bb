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
