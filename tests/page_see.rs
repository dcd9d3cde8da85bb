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
use mnist_playground::digit_map::MapLayer;
use mnist_playground::page::msg::MapMsg;
use mnist_playground::page::see::{map_due, map_frame, MAP_EVERY_MS};
use mnist_playground::page::{update, Effect, Msg, Panel};
use mnist_playground::protocol::{FromWorker, ToWorker};
use mnist_playground::session::Session;
use mnist_playground::Device;

/// A page and the worker it talks to.
struct Page {
    s: State,
    worker: Session,
    /// The runtime's clock: each worker reply arrives 100 ms after the last.
    ms: f64,
    /// When (`ms`) each map was asked for.
    maps_asked: Vec<f64>,
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
        let mut p = Page { s: State::new(settings, None, Env { cores: 2, device_memory_gb: None, page: "http://x/".into(), problems: vec![] }), worker: Session::new(Device::Cpu), ms: 0.0, maps_asked: vec![] };
        p.send(Msg::Start);
        let fx = p.reply(FromWorker::Ready { backend: "CPU".into(), gpu: false });
        let Some(Effect::Fetch { request, url, .. }) = fx.iter().find(|e| matches!(e, Effect::Fetch { .. })) else { panic!("{fx:?}") };
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
        self.ms += 100.0;
        let fx = self.send(Msg::Worker { reply, at_ms: self.ms });
        if sent(&fx).iter().any(|m| matches!(m, ToWorker::Map { .. })) {
            self.maps_asked.push(self.ms);
        }
        fx
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

#[test]
fn the_map_of_the_digits_comes_with_weights_and_answers_the_pointer_and_the_keys() {
    let mut p = Page::open("pretrained=0&data=digits&model=mlp:16&epochs=3&batch=16");
    assert!(p.s.digit_map.map.is_none() && p.s.digit_map.request.is_none(), "no model, no map");
    p.train();
    // During the run, maps were asked for with reports' weights, never closer than MAP_EVERY_MS; one more
    // with the evaluation at the end.
    assert!(!p.maps_asked.is_empty());
    for w in p.maps_asked.windows(2) {
        assert!(w[1] - w[0] >= MAP_EVERY_MS || w[1] == *p.maps_asked.last().unwrap(), "{:?}", p.maps_asked);
    }
    let n = p.s.data.as_ref().unwrap().test.len().min(1000);
    let map = p.s.digit_map.map.clone().expect("the worker's map");
    assert_eq!((map.layer, map.features, map.points.len(), map.predicted.len()), (MapLayer::Hidden, 16, 2 * n, n));
    assert!(p.s.digit_map.request.is_none());

    // A map that took the worker 500 ms is asked for again only after 5 s, not 2 s.
    let mut slow = map.clone();
    slow.ms = 500.0;
    p.s.digit_map.map = Some(slow);
    p.s.digit_map.asked_ms = 10_000.0;
    assert!(map_due(&mut p.s, 10_000.0 + MAP_EVERY_MS + 1.0).is_empty());
    assert!(matches!(sent(&map_due(&mut p.s, 15_001.0))[..], [ToWorker::Map { layer: MapLayer::Hidden, .. }]));
    let request = p.s.digit_map.request.unwrap();
    assert!(map_due(&mut p.s, 16_000.0).is_empty(), "one map in flight at a time");
    p.reply(FromWorker::Map { request, map: map.clone() });
    assert_eq!(p.s.digit_map.map.as_ref(), Some(&map));

    // The pointer on a digit's dot focuses it; off every dot, none; arrow keys go to the next dot that way.
    let frame = map_frame(&map.points);
    let place = |i: usize| frame.place(map.points[2 * i], map.points[2 * i + 1]);
    let fx = p.send(Msg::Map(MapMsg::Pointer(Some(place(5)))));
    assert!(redraws(&fx, Panel::Map));
    let focus = p.s.digit_map.focus.expect("a digit under the pointer");
    assert_eq!(place(focus), place(5));
    assert!(p.send(Msg::Map(MapMsg::Pointer(Some(place(5))))).is_empty(), "the same dot: no redraw");
    p.send(Msg::Map(MapMsg::Pointer(Some((-0.5, -0.5)))));
    assert_eq!(p.s.digit_map.focus, None);
    p.send(Msg::Map(MapMsg::First));
    assert_eq!(p.s.digit_map.focus, Some(0));
    p.send(Msg::Map(MapMsg::Step(1, 0)));
    let right = p.s.digit_map.focus.unwrap();
    assert!(right != 0 && place(right).0 > place(0).0, "to the right");
    p.send(Msg::Map(MapMsg::Step(0, 1)));
    let down = p.s.digit_map.focus.unwrap();
    assert!(place(down).1 > place(right).1, "downwards");
    p.send(Msg::Map(MapMsg::Clear));
    assert_eq!(p.s.digit_map.focus, None);

    // The logits instead: the old map goes, a new one is asked for and comes.
    let fx = p.send(Msg::Map(MapMsg::Layer(MapLayer::Logits)));
    let asked: Vec<ToWorker> = sent(&fx);
    assert!(matches!(asked[..], [ToWorker::Map { layer: MapLayer::Logits, .. }]), "{asked:?}");
    assert!(p.s.digit_map.map.is_none() && redraws(&fx, Panel::Map));
    let old = p.s.digit_map.request.unwrap();
    p.play(fx);
    let map = p.s.digit_map.map.clone().expect("the logits' map");
    assert_eq!((map.layer, map.features), (MapLayer::Logits, 10));
    // The same layer again asks nothing; a stale answer is dropped; a failed map leaves the last one.
    assert!(p.send(Msg::Map(MapMsg::Layer(MapLayer::Logits))).is_empty());
    assert!(p.reply(FromWorker::Map { request: old, map: map.clone() }).is_empty());
    let fx = p.send(Msg::Map(MapMsg::Layer(MapLayer::Hidden)));
    let ToWorker::Map { request, .. } = sent(&fx)[0] else { panic!() };
    p.reply(FromWorker::Failed { run: None, request: Some(request), message: "no".into() });
    assert!(p.s.digit_map.request.is_none() && !p.s.status.error, "a map is a view: its failure is not the page's");

    // Reset: no model, no map.
    p.send(Msg::Reset);
    assert!(p.s.digit_map.map.is_none() && p.s.digit_map.layer == MapLayer::Hidden);
}
