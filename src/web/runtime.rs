//! The page's runtime: a queue of messages, `page::update` for each in turn, the effects it returns carried
//! out (the worker and its helpers, fetches, storage, downloads, the embedding page, the address), and then
//! the panels whose data changed drawn again from the state. Every event reaches the state this way: panels'
//! listeners, the worker's replies, a lost worker or helper, a fetch's progress and end, storage's answers.
//! A message sent while another is handled waits in the queue, so `update` never runs inside itself. Only
//! this file imports the panels; it owns the engine and the helpers.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, VecDeque};
use std::rc::Rc;

use super::dispatch::Dispatch;
use super::engine::{start_helpers, Engine};
use super::{conv_panel, data, dom, embed, evaluation, files, idb, l10n, learned, lesson, map_panel, model_form, own_panel, sketch_pad, status, training};
use crate::clock::now_ms;
use crate::page::{update, Effect, Msg, OwnMsg, Panel, State};
use crate::protocol::{FromWorker, ToWorker};

pub struct Runtime {
    state: RefCell<State>,
    queue: RefCell<VecDeque<Msg>>,
    handling: Cell<bool>,
    dirty: RefCell<BTreeSet<Panel>>,
    engine: RefCell<Option<Rc<Engine>>>,
    helpers: RefCell<Vec<Rc<Engine>>>,
    dispatch: RefCell<Option<Dispatch>>,
    /// A turn of the browser is scheduled to draw the panels left over from the last (`render`).
    render_later: Cell<bool>,
    /// The last turn spent its time before the larger panels and drew none: this turn draws them for 12 ms
    /// after its messages and small panels, whatever those took (`render`).
    starved: Cell<bool>,
    me: RefCell<std::rc::Weak<Runtime>>,
}

/// How long one turn (its messages, their effects and the drawing) may last before the larger panels left
/// wait for the next turn (ms): the page's thread stays free for input and painting (a task over 50 ms is a
/// "long task"; a phone's core is several times slower than the desktop's this was measured on).
const DRAW_SLICE_MS: f64 = 12.0;

/// Installs the panels on `state`'s page and opens it (`Msg::Start`).
pub fn start(state: State) -> Result<(), String> {
    let runtime = Rc::new(Runtime {
        state: RefCell::new(state),
        queue: RefCell::default(),
        handling: Cell::new(false),
        dirty: RefCell::default(),
        engine: RefCell::new(None),
        helpers: RefCell::default(),
        dispatch: RefCell::new(None),
        render_later: Cell::new(false),
        starved: Cell::new(false),
        me: RefCell::default(),
    });
    let weak = Rc::downgrade(&runtime);
    *runtime.me.borrow_mut() = weak.clone();
    let d = Dispatch::new(move |msg| {
        if let Some(r) = weak.upgrade() {
            r.dispatch(msg);
        }
    });
    *runtime.dispatch.borrow_mut() = Some(d.clone());
    {
        let s = runtime.state.borrow();
        embed::install(&d, &s);
        lesson::install(&d, &s)?;
        status::install(&d, &s);
        data::install(&d)?;
        model_form::install(&d)?;
        training::install(&d)?;
        sketch_pad::install(&d)?;
        evaluation::install(&d)?;
        map_panel::install(&d)?;
        conv_panel::install(&d)?;
        own_panel::install(&d)?;
        files::install(&d)?;
    }
    // The runtime lives as long as the page: its listeners hold only the weak handle.
    std::mem::forget(runtime.clone());
    // Starting is a turn of its own: compiling and starting the wasm and installing the panels were this one.
    dom::after(0, move || runtime.dispatch(Msg::Start));
    Ok(())
}

impl Runtime {
    fn handle(&self) -> Dispatch {
        self.dispatch.borrow().clone().expect("the runtime's dispatch handle")
    }

    /// Queues `msg`; unless a message is being handled, handles the queue to its end and redraws.
    fn dispatch(&self, msg: Msg) {
        self.queue.borrow_mut().push_back(msg);
        self.drain();
    }

    fn drain(&self) {
        if self.handling.replace(true) {
            return;
        }
        let turn = now_ms();
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(msg) = next else { break };
            let effects = update(&mut self.state.borrow_mut(), msg);
            for e in effects {
                self.perform(e);
            }
        }
        self.render(turn);
        self.handling.set(false);
        // A message sent while drawing (none should be) is not left waiting.
        if !self.queue.borrow().is_empty() {
            self.drain();
        }
    }

    fn perform(&self, effect: Effect) {
        let d = self.handle();
        match effect {
            Effect::StartWorker { worker } => {
                self.end_worker();
                let on_reply: Rc<dyn Fn(FromWorker)> = {
                    let d = d.clone();
                    Rc::new(move |reply| d.send(Msg::Worker { reply, at_ms: now_ms() }))
                };
                let on_lost: Rc<dyn Fn(String)> = {
                    let d = d.clone();
                    Rc::new(move |why| d.send(Msg::WorkerLost(why)))
                };
                let (engine, on_page) = Engine::start(worker, true, on_reply, on_lost);
                *self.engine.borrow_mut() = Some(engine);
                if let Some(why) = on_page {
                    d.send(Msg::WorkerOnPage(why));
                }
            }
            Effect::EndWorker => self.end_worker(),
            Effect::ToWorker(message) => {
                let engine = self.engine.borrow().clone();
                if let Some(e) = engine {
                    e.send(message);
                }
            }
            Effect::StartHelpers { count } => {
                self.end_helpers(false);
                let engine = self.engine.borrow().clone();
                if let Some(engine) = engine {
                    let on_lost = |index: usize| -> Rc<dyn Fn(String)> {
                        let d = d.clone();
                        Rc::new(move |why| d.send(Msg::HelperLost(index, why)))
                    };
                    *self.helpers.borrow_mut() = start_helpers(&engine, count, true, on_lost);
                }
            }
            Effect::EndHelpers => self.end_helpers(true),
            Effect::StepMs(ms) => {
                if let Some(e) = self.engine.borrow().as_ref() {
                    e.note_step_ms(ms);
                }
            }
            Effect::Fetch { request, url, gunzip } => {
                wasm_bindgen_futures::spawn_local(async move {
                    let mut last = -1.0;
                    let progress = |n: usize, total: Option<usize>| {
                        let fraction = total.map(|t| n as f64 / t.max(1) as f64);
                        // Whole percents only: a message per chunk would redraw for nothing.
                        let pc = fraction.map_or(0.0, |f| (f * 100.0).floor());
                        if pc != last {
                            last = pc;
                            d.send(Msg::FetchProgress { request, fraction });
                        }
                    };
                    let result = dom::fetch(&url, gunzip, progress).await;
                    d.send(Msg::Fetched { request, result });
                });
            }
            Effect::ReadKept => d.send(Msg::Kept(files::read_kept())),
            Effect::OfflineCopy => files::register_service_worker(),
            Effect::Keep(model) => d.send(Msg::Stored(files::keep(&model))),
            Effect::ReadOwn => wasm_bindgen_futures::spawn_local(async move { d.send(Msg::Own(OwnMsg::Read(idb::read().await))) }),
            Effect::KeepOwn { images, labels } => wasm_bindgen_futures::spawn_local(async move { d.send(Msg::Own(OwnMsg::Stored(idb::write(&images, &labels).await))) }),
            Effect::Download { name, bytes } => {
                if let Err(e) = dom::download(&name, &bytes) {
                    d.send(Msg::DownloadFailed(format!("{name}: {e}")));
                }
            }
            Effect::DownloadGzip { name, bytes } => wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = dom::download_gzipped(&name, &bytes).await {
                    d.send(Msg::DownloadFailed(format!("{name}: {e}")));
                }
            }),
            Effect::Post { kind, fields } => embed::post(&self.state.borrow(), kind, &fields),
            Effect::SetLanguage(lang) => {
                l10n::set(lang, false);
                l10n::remember(lang);
            }
            Effect::Reload { key, value } => dom::reload_with(key, &value),
            Effect::After { ms, msg } => dom::after(ms, move || d.send(msg)),
            Effect::Redraw(panel) => {
                self.dirty.borrow_mut().insert(panel);
            }
        }
    }

    fn end_worker(&self) {
        self.end_helpers(false);
        if let Some(old) = self.engine.borrow_mut().take() {
            old.terminate();
        }
    }

    /// Ends the helpers; `tell`: the training worker hears it has none.
    fn end_helpers(&self, tell: bool) {
        let helpers: Vec<_> = self.helpers.borrow_mut().drain(..).collect();
        if helpers.is_empty() {
            return;
        }
        for h in helpers {
            h.terminate();
        }
        if tell {
            if let Some(e) = self.engine.borrow().as_ref() {
                e.send(ToWorker::Helpers);
            }
        }
    }

    /// The status line, notices and controls, then every panel whose data changed. The larger panels (the
    /// views, the evaluation and its gallery, the sketch pad, your digits, the map, the convolution, the
    /// sample digits, the gallery's other digits, the model's form, the charts) are drawn in turn while the
    /// turn that began at `turn` (its messages and the small panels included) lasts (`DRAW_SLICE_MS`); those
    /// left stay dirty and are drawn in the next turn of the browser, after any message that came meanwhile
    /// (each draws the state as it is then). The sample digits and the gallery's digits after its first ten
    /// may take several turns. A turn that spent its time before the larger panels draws none of them,
    /// unless the last turn drew none either (`starved`): then they have 12 ms from here.
    fn render(&self, turn: f64) {
        let dirty = std::mem::take(&mut *self.dirty.borrow_mut());
        let s = self.state.borrow();
        let d = self.handle();
        let all = dirty.contains(&Panel::All);
        let has = |p: Panel| all || dirty.contains(&p);
        status::render(&s);
        training::render_controls(&s);
        if has(Panel::Data) {
            data::render(&s);
        }
        if has(Panel::Training) {
            training::render(&s);
        }
        // (The label buttons under the prediction follow the drawing: cheap, drawn at once.)
        if has(Panel::Own) || has(Panel::Sketch) {
            own_panel::render_labels(&s);
        }
        if has(Panel::Lesson) {
            lesson::render(&s, &d, all);
        }
        if has(Panel::Files) {
            files::render(&s);
        }
        // Each step: the panel whose mark brings it back, whether to draw it, how. (A sketch is also drawn
        // with new weights; the map and the convolution with the drawing and the weights.) The steps that
        // may take several turns (the samples, the gallery's digits after its first ten) come after the
        // one-turn panels above them, so those are not kept waiting. The form and the charts come last: they
        // are below the first screen, and a new page's first turn is then the pad's.
        let gallery = has(Panel::Evaluation) || has(Panel::Gallery);
        // A turn after one that drew none has its 12 ms from here, whatever came before.
        let since = if self.starved.get() { now_ms() } else { turn };
        let time_left = || now_ms() - since <= DRAW_SLICE_MS;
        // Each step returns whether its panel is complete (the sample digits and the gallery's digits after
        // its first ten may take several turns).
        let steps: [(Panel, bool, &dyn Fn() -> bool); 12] = [
            (Panel::Learned, has(Panel::Learned), &|| { learned::render(&s); true }),
            (Panel::Evaluation, has(Panel::Evaluation), &|| { evaluation::render(&s); true }),
            (Panel::Gallery, gallery, &|| { evaluation::render_gallery(&s); true }),
            (Panel::Sketch, has(Panel::Sketch) || has(Panel::Learned), &|| { sketch_pad::render(&s); true }),
            (Panel::Own, has(Panel::Own), &|| { own_panel::render(&s); true }),
            (Panel::Map, has(Panel::Map) || has(Panel::Sketch) || has(Panel::Learned), &|| { map_panel::render(&s); true }),
            (Panel::Conv, has(Panel::Conv) || has(Panel::Sketch) || has(Panel::Learned), &|| { conv_panel::render(&s); true }),
            (Panel::Data, has(Panel::Data), &|| data::render_samples(&s, &time_left)),
            (Panel::GalleryRest, gallery || has(Panel::GalleryRest), &|| evaluation::render_gallery_rest(&s, &time_left)),
            (Panel::Form, has(Panel::Form), &|| { model_form::render(&s, &d); true }),
            (Panel::Summary, has(Panel::Summary) && !has(Panel::Form), &|| { model_form::render_summary(&s); true }),
            // (Only when named: reports redraw the speed line each time, the charts at most every 250 ms.)
            (Panel::Charts, has(Panel::Charts), &|| { training::render_charts(&s); true }),
        ];
        let mut steps = steps.iter().filter(|(_, due, _)| *due).peekable();
        let (mut drawn, mut left) = (false, Vec::new());
        while let Some((panel, _, draw)) = steps.next_if(|_| time_left()) {
            drawn = true;
            if !draw() {
                left.push(*panel);
                break;
            }
        }
        left.extend(steps.map(|(p, _, _)| *p));
        self.starved.set(!left.is_empty() && !drawn);
        // `data-drawing` on the body while panels wait for their turn (page tests wait for it to go).
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            let _ = body.toggle_attribute_with_force("data-drawing", !left.is_empty());
        }
        if !left.is_empty() {
            self.dirty.borrow_mut().extend(left);
            self.draw_later();
        }
    }

    /// Draws what is left in the next turn of the browser (once, however many turns ask).
    fn draw_later(&self) {
        if self.render_later.replace(true) {
            return;
        }
        let me = self.me.borrow().clone();
        dom::after(0, move || {
            if let Some(r) = me.upgrade() {
                r.render_later.set(false);
                r.drain();
            }
        });
    }
}
