//! What the page is doing, as one value, and the training controls derived from it in one function. The
//! page never sets a button's label or enabled state anywhere else, so they cannot disagree with what is
//! going on. Plain data, unit-tested natively.

/// What the page is doing. Training itself happens in the worker; this is the page's view of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// The worker is starting or choosing its device, or the page opens its first data and model.
    Starting,
    /// Data is on its way (fetched, read or taken by the worker): nothing trains on it yet, and another
    /// choice of data replaces it.
    Loading,
    /// Nothing runs. There may be a model to look at (trained, loaded or restored).
    Idle,
    /// A run is stepping in the worker.
    Training,
    /// A run waits: after Pause, Step once, a fault or a moved device. Resume or Step go on.
    Paused,
    /// One step is on its way.
    Stepping,
    /// A lesson trains several runs in turn.
    Comparing,
    /// A run ended; its held-out evaluation is on its way.
    Evaluating,
    /// The worker died. The last weights it sent are kept; a new worker can carry on from them.
    WorkerLost,
}

/// The training controls as the page shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controls {
    pub train: bool,
    pub pause: bool,
    /// "pause" or "resume" (a message id: the page shows it in the reader's language).
    pub pause_label: &'static str,
    pub step: bool,
    pub save: bool,
    /// "Continue in a new worker" is offered.
    pub carry_on: bool,
    /// Data and model files may be changed (nothing is using them).
    pub change_inputs: bool,
}

impl Activity {
    /// Whether the worker is busy for the page (a new run, data or model must wait).
    pub fn busy(self) -> bool {
        matches!(self, Activity::Starting | Activity::Training | Activity::Stepping | Activity::Comparing | Activity::Evaluating)
    }

    /// The controls for this activity, given whether data is loaded and whether there is a model to save.
    pub fn controls(self, has_data: bool, has_model: bool) -> Controls {
        let ready = has_data && !self.busy() && self != Activity::Loading;
        Controls {
            train: ready,
            pause: matches!(self, Activity::Training | Activity::Paused),
            pause_label: if self == Activity::Paused { "resume" } else { "pause" },
            step: ready && self != Activity::WorkerLost,
            save: has_model && !self.busy() && self != Activity::Loading,
            carry_on: self == Activity::WorkerLost,
            change_inputs: !self.busy(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Activity::*;

    #[test]
    fn training_can_be_paused_and_nothing_else_starts() {
        let c = Training.controls(true, true);
        assert!(c.pause && !c.train && !c.step && !c.save && !c.change_inputs && !c.carry_on);
        assert_eq!(c.pause_label, "pause");
    }

    #[test]
    fn paused_resumes_steps_or_starts_afresh() {
        let c = Paused.controls(true, true);
        assert!(c.pause && c.train && c.step && c.save && c.change_inputs);
        assert_eq!(c.pause_label, "resume");
    }

    #[test]
    fn idle_trains_when_there_is_data() {
        let c = Idle.controls(true, false);
        assert!(c.train && c.step && !c.pause && !c.save);
        assert_eq!(c.pause_label, "pause");
        let c = Idle.controls(false, false);
        assert!(!c.train && !c.step);
        assert!(Idle.controls(true, true).save);
    }

    #[test]
    fn busy_states_lock_the_inputs() {
        for a in [Starting, Stepping, Comparing, Evaluating] {
            let c = a.controls(true, true);
            assert!(!c.train && !c.step && !c.pause && !c.save && !c.change_inputs, "{a:?}");
        }
    }

    #[test]
    fn loading_data_trains_nothing_but_takes_another_choice() {
        let c = Loading.controls(true, true);
        assert!(!c.train && !c.step && !c.pause && !c.save && !c.carry_on && c.change_inputs);
    }

    #[test]
    fn a_lost_worker_offers_to_carry_on_and_to_start_afresh() {
        let c = WorkerLost.controls(true, true);
        assert!(c.carry_on && c.train && c.save && !c.step && !c.pause);
        for a in [Starting, Loading, Idle, Training, Paused, Stepping, Comparing, Evaluating] {
            assert!(!a.controls(true, true).carry_on, "{a:?}");
        }
    }
}
