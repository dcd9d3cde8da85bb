//! "See inside" through the page's message loop, natively: a digit chosen in the misclassified gallery or a
//! confusion cell's list is kept for the evaluation's explanation (`Msg::Explain`), refused when it is not a
//! held-out digit or there is no evaluation, closed, and forgotten when a new run starts; the explanation
//! the panel draws from that state (`eval::explain` on the page's model copy) answers as the model does.
//! The worker here is a real `Session` on the CPU backend, fed the page's own messages.
#![cfg(not(target_arch = "wasm32"))]

use mnist_playground::config::Settings;
use mnist_playground::controls::Activity;
use mnist_playground::data::DIGITS_8X8;
use mnist_playground::eval::{explain, top_class};
use mnist_playground::page::state::{Env, State};
use mnist_playground::page::{update, Effect, Msg, Panel};
use mnist_playground::protocol::{FromWorker, ToWorker};
use mnist_playground::session::Session;
use mnist_playground::Device;

/// A page and the worker it talks to.
struct Page {
    s: State,
    worker: Session,
}

fn sent(fx: &[Effect]) -> Vec<ToWorker> {
    fx.iter().filter_map(|e| if let Effect::ToWorker(m) = e { Some(m.clone()) } else { None }).collect()
}

fn redraws(fx: &[Effect], panel: Panel) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Redraw(p) if *p == panel))
}

impl Page {
    /// Opens the page the way the runtime would, on the 8×8 digits (the real file): Start → Ready → fetched →
    /// Data (to the session too) → DataReady → no kept model.
    fn open(query: &str) -> Page {
        let (settings, problems) = Settings::from_query(query);
        assert!(problems.is_empty(), "{problems:?}");
        let mut p = Page { s: State::new(settings, None, Env { cores: 2, page: "http://x/".into(), problems: vec![] }), worker: Session::new(Device::Cpu) };
        p.send(Msg::Start);
        let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
        let Some(Effect::Fetch { request, url }) = fx.iter().find(|e| matches!(e, Effect::Fetch { .. })) else { panic!("{fx:?}") };
        assert_eq!(url, &format!("data/{DIGITS_8X8}"));
        let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www").join(url)).expect("www/data/digits-8x8.csv.gz (scripts/setup.sh)");
        let fx = p.send(Msg::Fetched { request: *request, result: Ok(bytes) });
        let fx = p.play(fx);
        if fx.iter().any(|e| matches!(e, Effect::ReadKept)) {
            p.send(Msg::Kept(None));
        }
        assert_eq!(p.s.activity, Activity::Idle);
        p
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.s, msg)
    }

    fn reply(&mut self, reply: FromWorker) -> Vec<Effect> {
        self.send(Msg::Worker { reply, at_ms: 0.0 })
    }

    /// Carries the messages among `fx` to the worker, lets it work until it is idle, hands its replies to
    /// the page, and so on until the page sends nothing more. Returns every effect the page asked for.
    fn play(&mut self, fx: Vec<Effect>) -> Vec<Effect> {
        let mut all = vec![];
        let mut fx = fx;
        loop {
            let messages = sent(&fx);
            all.extend(fx);
            if messages.is_empty() {
                return all;
            }
            let mut replies = vec![];
            for m in messages {
                replies.extend(pollster::block_on(self.worker.handle(m)));
                while self.worker.busy() {
                    replies.extend(pollster::block_on(self.worker.work()));
                }
            }
            fx = replies.into_iter().flat_map(|r| self.reply(r)).collect();
        }
    }

    /// Trains the settings' model to the end and its evaluation.
    fn train(&mut self) {
        let fx = self.send(Msg::Train);
        self.play(fx);
        assert_eq!(self.s.activity, Activity::Idle);
        assert!(self.s.evaluation.is_some() && self.s.current.is_some());
    }
}

#[test]
fn a_chosen_held_out_digit_is_explained_until_closed_or_a_new_run() {
    let mut p = Page::open("pretrained=0&data=digits&model=mlp:16&epochs=1&batch=32");
    // Nothing to explain before an evaluation lists digits.
    assert!(p.send(Msg::Explain(Some(0))).is_empty());
    assert_eq!(p.s.explained, None);
    p.train();
    let e = p.s.evaluation.as_ref().unwrap();
    let data = p.s.data.clone().unwrap();
    let k = data.test.classes;
    // A mistake from the gallery, if the model made one, else any digit.
    let digit = e.probs.chunks(k).enumerate().find(|(i, row)| top_class(row) != data.test.labels[*i] as usize).map_or(0, |(i, _)| i);
    let fx = p.send(Msg::Explain(Some(digit)));
    assert!(redraws(&fx, Panel::Evaluation), "{fx:?}");
    assert_eq!(p.s.explained, Some(digit));

    // What the panel draws from that state: the answer first (the worker's), then the truth when it is wrong.
    let c = p.s.current.as_ref().unwrap();
    let truth = data.test.labels[digit] as usize;
    let why = pollster::block_on(explain(&c.model, &c.info, &data.test.image_f32(digit), Some(truth), &Device::Cpu)).unwrap();
    let answer = top_class(&p.s.evaluation.as_ref().unwrap().probs[digit * k..(digit + 1) * k]);
    assert_eq!(why.classes[0], answer, "the page's model answers as the worker scored it");
    if answer != truth {
        assert_eq!(why.classes, vec![answer, truth], "a mistake is explained against its truth");
    }
    assert!(why.maps.iter().all(|m| m.len() == 64) && why.scale > 0.0);

    // A confusion cell keeps the choice; a digit that is not held out is refused.
    p.send(Msg::PickCell(Some((truth, answer))));
    assert_eq!(p.s.explained, Some(digit));
    assert!(p.send(Msg::Explain(Some(data.test.len()))).is_empty());
    assert_eq!(p.s.explained, Some(digit));
    // Close.
    let fx = p.send(Msg::Explain(None));
    assert!(redraws(&fx, Panel::Evaluation));
    assert_eq!(p.s.explained, None);
    // A new run forgets the choice (its evaluation is gone).
    p.send(Msg::Explain(Some(1)));
    assert_eq!(p.s.explained, Some(1));
    p.send(Msg::Train);
    assert_eq!(p.s.explained, None);
    assert!(p.send(Msg::Explain(Some(1))).is_empty(), "no evaluation while it trains");
}
