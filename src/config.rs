//! The page's settings and their URL form (`?model=linear&epochs=1&optimizer=sgd&lr=0.1&batch=128`).
//! Every value is checked against known names and ranges; anything else is reported and ignored, so a
//! bad link still opens a working page that says what it did not accept.

use crate::model::{Loss, ModelSpec};
use crate::nn::Activation;
use crate::data::Dataset;
use crate::optim::OptimizerKind;
use crate::train::{TrainConfig, Trainer};
use crate::Device;

/// Which digits the page trains on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DataChoice {
    /// The embedded 10,000 MNIST digits (8,000 train, 2,000 held out).
    Embedded,
    /// Its 3s and 7s only.
    ThreeSeven,
    /// Full MNIST files served beside the page (data/mnist/) or picked by the user.
    Mnist,
    /// Fashion-MNIST served beside the page (data/fashion/).
    Fashion,
    /// scikit-learn's 1,797 8×8 digits (data/digits-8x8.csv.gz), 20% held out.
    Digits,
    /// The learner's own digits (kept in the browser): trained on all but their held-out part
    /// (`own_digits::held_out`), scored on that part.
    Own,
    /// The embedded digits and the learner's own: their training parts together, their held-out parts together.
    WithOwn,
}

impl DataChoice {
    pub const ALL: [DataChoice; 7] = [DataChoice::Embedded, DataChoice::ThreeSeven, DataChoice::Mnist, DataChoice::Fashion, DataChoice::Digits, DataChoice::Own, DataChoice::WithOwn];

    pub fn parse(s: &str) -> Result<DataChoice, String> {
        DataChoice::ALL.into_iter().find(|d| d.name() == s).ok_or_else(|| "one of embedded, 3v7, mnist, fashion, digits, own, with-own".to_string())
    }

    pub fn name(self) -> &'static str {
        match self {
            DataChoice::Embedded => "embedded",
            DataChoice::ThreeSeven => "3v7",
            DataChoice::Mnist => "mnist",
            DataChoice::Fashion => "fashion",
            DataChoice::Digits => "digits",
            DataChoice::Own => "own",
            DataChoice::WithOwn => "with-own",
        }
    }

    /// The data's name in the current language.
    pub fn label(self) -> String {
        crate::tr!(match self {
            DataChoice::Embedded => "data-name-embedded",
            DataChoice::ThreeSeven => "data-name-3v7",
            DataChoice::Mnist => "data-name-mnist",
            DataChoice::Fashion => "data-name-fashion",
            DataChoice::Digits => "data-name-digits",
            DataChoice::Own => "data-name-own",
            DataChoice::WithOwn => "data-name-with-own",
        })
    }
}

/// Which backend the page trains on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BackendChoice {
    /// WebGPU on a hardware GPU; on a software adapter, whichever of WebGPU and the CPU a probe finds faster.
    Auto,
    Gpu,
    Cpu,
}

impl BackendChoice {
    pub fn name(self) -> &'static str {
        match self {
            BackendChoice::Auto => "auto",
            BackendChoice::Gpu => "gpu",
            BackendChoice::Cpu => "cpu",
        }
    }
}

/// Everything a learner sets before training.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    pub data: DataChoice,
    pub model: String,
    pub activation: Activation,
    pub dropout: f32,
    pub loss: Option<Loss>,
    pub optimizer: OptimizerKind,
    pub lr: f32,
    pub batch: usize,
    pub epochs: usize,
    pub seed: u64,
    pub autostart: bool,
    /// Initial weights ~ N(0, init²) instead of each layer's default (lesson 5's std-1 start).
    pub init: Option<f32>,
    /// Standardise inputs with the training data's mean/std (default) or feed raw pixels in [0, 1].
    pub normalize: bool,
    /// A lesson id (`lessons::LESSONS`): its settings apply first, the URL's own after them.
    pub lesson: Option<String>,
    /// Controls the page leaves out (setting names, e.g. optimizer,model).
    pub hide: Vec<String>,
    /// Compact layout for an iframe.
    pub embed: bool,
    /// Origins whose postMessage commands the page obeys (e.g. https://course.example.org).
    pub origins: Vec<String>,
    pub backend: BackendChoice,
    /// Train in a Web Worker (default); `worker=0` trains on the page's thread, as a browser without
    /// workers does (for comparison).
    pub worker: bool,
    /// Open with the pretrained CNN (MNIST digits, outside lessons) so the sketch pad answers at first sight;
    /// `pretrained=0` opens with no model.
    pub pretrained: bool,
    /// Workers that share each minibatch on the CPU backend (1 = one worker); None: one fewer than the
    /// machine's cores, at most 8.
    pub threads: Option<usize>,
    /// The page's language (`lang=en|sv|et|ru`); None: the browser's.
    pub lang: Option<crate::i18n::Lang>,
}

/// The controls `hide=` can leave out.
pub const HIDEABLE: [&str; 12] = ["data", "model", "activation", "dropout", "loss", "optimizer", "lr", "batch", "epochs", "seed", "threads", "share"];

/// `scheme://host[:port]` with scheme http or https: what `origins=` accepts.
fn origin(v: &str) -> Result<String, String> {
    let bad = || format!("{v:?} is not an origin like https://course.example.org");
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://")).ok_or_else(bad)?;
    let (host, port) = rest.split_once(':').unwrap_or((rest, ""));
    let host_ok = !host.is_empty() && host.len() <= 253 && host.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-');
    let port_ok = port.is_empty() || (port.len() <= 5 && port.bytes().all(|c| c.is_ascii_digit()));
    if host_ok && port_ok && !rest.ends_with(':') {
        Ok(v.to_string())
    } else {
        Err(bad())
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            data: DataChoice::Embedded,
            model: "linear".into(),
            activation: Activation::Relu,
            dropout: 0.0,
            loss: None,
            optimizer: OptimizerKind::Sgd,
            lr: 0.1,
            batch: 128,
            epochs: 1,
            seed: 0,
            autostart: false,
            init: None,
            normalize: true,
            lesson: None,
            hide: vec![],
            embed: false,
            origins: vec![],
            backend: BackendChoice::Auto,
            worker: true,
            pretrained: true,
            threads: None,
            lang: None,
        }
    }
}

fn flag(v: &str) -> Result<bool, String> {
    match v {
        "1" | "true" | "yes" | "" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(crate::tr!("error-flag")),
    }
}

fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy>(v: &str, lo: T, hi: T) -> Result<T, String> {
    match v.parse::<T>() {
        Ok(x) if x >= lo && x <= hi => Ok(x),
        _ => Err(crate::tr!("error-number-range", lo = lo.to_string(), hi = hi.to_string())),
    }
}

impl Settings {
    /// The model these settings describe (its initialisation included).
    pub fn spec(&self) -> Result<ModelSpec, String> {
        Ok(ModelSpec { init: self.init, ..ModelSpec::parse(&self.model, self.activation, self.dropout)? })
    }

    /// The run these settings describe, reporting every `report_every` steps.
    pub fn train_config(&self, spec: &ModelSpec, report_every: usize) -> TrainConfig {
        TrainConfig {
            epochs: self.epochs,
            batch: self.batch,
            lr: self.lr,
            optimizer: self.optimizer,
            loss: self.loss.unwrap_or(spec.default_loss()),
            seed: self.seed,
            report_every,
            shift: 0,
            warp: false,
            cosine: false,
            average: 0,
        }
    }

    /// A Trainer for these settings on `train`, validating on `val`.
    pub fn trainer(&self, train: &Dataset, val: Option<&Dataset>, device: &Device, report_every: usize) -> Result<Trainer, String> {
        let spec = self.spec()?;
        Trainer::from_spec(&spec, self.normalize, self.seed, train, val, self.train_config(&spec, report_every), device)
    }

    /// Applies one `key=value` pair (already percent-decoded), or says why it cannot.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        match key {
            "data" => self.data = DataChoice::parse(v)?,
            "model" => {
                ModelSpec::parse(v, self.activation, 0.0)?;
                self.model = v.to_string();
            }
            "activation" => self.activation = Activation::parse(v)?,
            "dropout" => self.dropout = number(v, 0.0f32, 0.9)?,
            "loss" => self.loss = if v == "auto" { None } else { Some(Loss::parse(v)?) },
            "optimizer" => self.optimizer = OptimizerKind::parse(v)?,
            "lr" => self.lr = number(v, 1e-6f32, 10.0)?,
            "batch" => self.batch = number(v, 1usize, 4096)?,
            "epochs" => self.epochs = number(v, 1usize, 200)?,
            "seed" => self.seed = number(v, 0u64, u32::MAX as u64)?,
            "autostart" => self.autostart = flag(v)?,
            "init" => self.init = Some(number(v, 1e-4f32, 10.0)?),
            "normalize" => self.normalize = flag(v)?,
            "embed" => self.embed = flag(v)?,
            "worker" => self.worker = flag(v)?,
            "pretrained" => self.pretrained = flag(v)?,
            "lang" => self.lang = Some(crate::i18n::Lang::parse(v).ok_or("en, sv, et or ru")?),
            "threads" => self.threads = if v == "auto" { None } else { Some(number(v, 1usize, 8).map_err(|e| format!("auto or {e}"))?) },
            "backend" => {
                self.backend = [BackendChoice::Auto, BackendChoice::Gpu, BackendChoice::Cpu].into_iter().find(|b| b.name() == v).ok_or("auto, gpu or cpu")?
            }
            "lesson" => {
                let lesson = crate::lessons::find(v).ok_or_else(|| format!("one of {}", crate::lessons::ids().join(", ")))?;
                for pair in lesson.preset.split('&').filter(|p| !p.is_empty()) {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    self.set(k, v)?;
                }
                self.lesson = Some(lesson.id.to_string());
            }
            "hide" => {
                let names: Vec<String> = v.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
                if let Some(n) = names.iter().find(|n| !HIDEABLE.contains(&n.as_str())) {
                    return Err(crate::tr!("error-hide", name = format!("{:?}", shorten(n)), names = HIDEABLE.join(", ")));
                }
                self.hide = names;
            }
            "origins" => {
                let list: Vec<&str> = v.split(',').map(str::trim).filter(|o| !o.is_empty()).collect();
                if list.len() > 10 {
                    return Err(crate::tr!("error-origins"));
                }
                self.origins = list.into_iter().map(origin).collect::<Result<_, _>>()?;
            }
            _ => return Err(crate::tr!("url-not-a-setting")),
        }
        Ok(())
    }

    /// Applies `key=value` pairs all or nothing: either each is valid and all are applied, or nothing
    /// changes and every problem is named. `fixed`: keys that may not change here (a course page's message
    /// cannot change `origins`, say). The one path for a form edit, an embedding page's `set` and a
    /// comparison run's overrides.
    pub fn apply(&mut self, pairs: &[(String, String)], fixed: &[&str]) -> Result<(), Vec<String>> {
        let mut s = self.clone();
        let mut problems = Vec::new();
        for (k, v) in pairs {
            if fixed.contains(&k.as_str()) {
                problems.push(format!("{k} cannot be changed by a message"));
            } else if let Err(err) = s.set(k, v) {
                problems.push(format!("{k}: {err}"));
            }
        }
        if problems.is_empty() {
            *self = s;
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Settings from a query string ("?a=b&c=d" or "a=b&c=d"), with one message per rejected pair.
    pub fn from_query(query: &str) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let mut problems = Vec::new();
        let mut optimizer_lr = true;
        let pairs = pairs(query);
        // A lesson's settings first (with its learning rate), so the URL's own settings adjust it.
        let lessons = pairs.iter().filter(|(k, _)| k == "lesson");
        let others = pairs.iter().filter(|(k, _)| k != "lesson");
        for (k, v) in lessons.chain(others) {
            let (k, v) = (k.clone(), v.clone());
            if k == "lr" || (k == "lesson" && crate::lessons::find(&v).is_some_and(|l| l.preset.contains("lr="))) {
                optimizer_lr = false;
            }
            if let Err(e) = s.set(&k, &v) {
                problems.push(crate::tr!("url-ignored", key = shorten(&k), value = shorten(&v), reason = e));
            }
        }
        if optimizer_lr {
            s.lr = s.optimizer.default_lr();
        }
        (s, problems)
    }

    /// The query string that reproduces these settings.
    pub fn to_query(&self) -> String {
        let mut q = format!(
            "data={}&model={}&activation={}&optimizer={}&lr={}&batch={}&epochs={}&seed={}",
            self.data.name(),
            encode(&self.model),
            self.activation.name(),
            self.optimizer.name(),
            self.lr,
            self.batch,
            self.epochs,
            self.seed
        );
        if self.dropout > 0.0 {
            q += &format!("&dropout={}", self.dropout);
        }
        if let Some(l) = self.loss {
            q += &format!("&loss={}", l.name());
        }
        if let Some(i) = self.init {
            q += &format!("&init={i}");
        }
        if !self.normalize {
            q += "&normalize=0";
        }
        if let Some(l) = &self.lesson {
            q = format!("lesson={l}&{q}");
        }
        if !self.hide.is_empty() {
            q += &format!("&hide={}", self.hide.join(","));
        }
        if self.embed {
            q += "&embed=1";
        }
        if self.backend != BackendChoice::Auto {
            q += &format!("&backend={}", self.backend.name());
        }
        if !self.origins.is_empty() {
            q += &format!("&origins={}", encode(&self.origins.join(",")));
        }
        if !self.worker {
            q += "&worker=0";
        }
        if !self.pretrained {
            q += "&pretrained=0";
        }
        if let Some(t) = self.threads {
            q += &format!("&threads={t}");
        }
        if let Some(l) = self.lang {
            q += &format!("&lang={}", l.code());
        }
        q
    }
}

/// Percent-decoding (and '+' as space); invalid escapes are kept literally.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() => {
                let hex = |c: u8| (c as char).to_digit(16).unwrap() as u8;
                out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    s.bytes().map(|c| if c.is_ascii_alphanumeric() || b"-_.:,".contains(&c) { (c as char).to_string() } else { format!("%{c:02X}") }).collect()
}

/// At most 40 characters of a user-supplied string, for messages.
fn shorten(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        t + "…"
    } else {
        t
    }
}

/// The default number of CPU workers: as many as the cores allow (one fewer than them: the page needs one;
/// at most `MAX_WORKERS`), and no more than fit the memory budget (`memory_budget_mb`) with the page and
/// the data. The figures are the memory test's (tests/browser/memory.test.mjs, headless Chromium, above a
/// blank page): the page and the training worker ~100 MB without data, each byte of images and labels ~4
/// bytes (the file, the page's and the worker's copies, what is in flight), each helper 43–58 MB at the
/// peak, garbage included (its wasm instance and model; it holds no data): counted as 60.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workers {
    pub count: usize,
    /// What held it there.
    pub limit: WorkersLimit,
    /// The budget and what `count` workers need with the data, in MB.
    pub budget_mb: f64,
    pub need_mb: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkersLimit {
    /// One fewer than the cores.
    Cores,
    /// The memory budget.
    Memory,
    /// `MAX_WORKERS`.
    Most,
}

pub const MAX_WORKERS: usize = 8;
/// The page and its training worker, without data (MB).
pub const PAGE_MB: f64 = 100.0;
/// Memory per byte of data (images and labels, training and held-out).
pub const DATA_COPIES: f64 = 4.0;
/// Each helper worker (MB).
pub const HELPER_MB: f64 = 60.0;

/// The memory the default may use: an eighth of the device's (`navigator.deviceMemory`, in GB: 512 MB on a
/// 4 GB phone), or 512 MB where the browser does not say.
pub fn memory_budget_mb(device_memory_gb: Option<f64>) -> f64 {
    device_memory_gb.filter(|g| g.is_finite() && *g > 0.0).map_or(512.0, |g| g * 1024.0 / 8.0)
}

/// The default number of workers for `cores` (`navigator.hardwareConcurrency`), the device's memory in GB
/// where the browser gives it, and `data_bytes` of data. One worker always, even if it alone is over budget.
pub fn default_workers(cores: usize, device_memory_gb: Option<f64>, data_bytes: usize) -> Workers {
    let budget_mb = memory_budget_mb(device_memory_gb);
    let alone = PAGE_MB + DATA_COPIES * data_bytes as f64 / (1 << 20) as f64;
    let by_cores = cores.saturating_sub(1).clamp(1, MAX_WORKERS);
    let by_memory = 1 + ((budget_mb - alone) / HELPER_MB).floor().max(0.0) as usize;
    let count = by_cores.min(by_memory);
    let limit = if by_memory < by_cores {
        WorkersLimit::Memory
    } else if cores.saturating_sub(1) > MAX_WORKERS {
        WorkersLimit::Most
    } else {
        WorkersLimit::Cores
    };
    Workers { count, limit, budget_mb, need_mb: alone + HELPER_MB * (count - 1) as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_workers_follow_the_cores_and_stay_within_the_memory_budget() {
        const EMBEDDED: usize = 10_000 * 785; // images and labels
        const FULL: usize = 70_000 * 785; // 60,000 + 10,000
        let w = |cores, gb, data| default_workers(cores, gb, data);
        // The cores: one fewer than them, at least one, at most eight.
        assert_eq!((w(2, None, EMBEDDED).count, w(2, None, EMBEDDED).limit), (1, WorkersLimit::Cores));
        assert_eq!(w(1, None, EMBEDDED).count, 1);
        assert_eq!(w(0, None, EMBEDDED).count, 1, "a browser that gives no count");
        assert_eq!((w(4, Some(8.0), EMBEDDED).count, w(4, Some(8.0), EMBEDDED).limit), (3, WorkersLimit::Cores));
        assert_eq!((w(32, Some(8.0), EMBEDDED).count, w(32, Some(8.0), EMBEDDED).limit), (MAX_WORKERS, WorkersLimit::Most));
        // The budget: an eighth of the device's memory, 512 MB where it is not given.
        assert_eq!(memory_budget_mb(Some(4.0)), 512.0);
        assert_eq!(memory_budget_mb(None), 512.0);
        assert_eq!(memory_budget_mb(Some(0.5)), 64.0);
        assert_eq!(memory_budget_mb(Some(f64::NAN)), 512.0);
        // An 8-core phone with 4 GB: every core for the embedded digits, fewer for 60,000 digits.
        let phone = w(8, Some(4.0), EMBEDDED);
        assert_eq!((phone.count, phone.limit), (7, WorkersLimit::Cores));
        let full = w(8, Some(4.0), FULL);
        assert_eq!(full.limit, WorkersLimit::Memory);
        assert!(full.count >= 2 && full.count < 7, "{full:?}");
        // Never over the budget, unless one worker alone is: then one.
        for cores in [1, 2, 4, 8, 16] {
            for gb in [None, Some(0.5), Some(1.0), Some(2.0), Some(4.0), Some(8.0)] {
                for data in [0, EMBEDDED, FULL, 4 * FULL] {
                    let d = w(cores, gb, data);
                    assert!((1..=MAX_WORKERS).contains(&d.count) && d.count <= cores.max(2) - 1, "{cores} {gb:?} {data}: {d:?}");
                    assert!(d.need_mb <= d.budget_mb || d.count == 1, "{cores} {gb:?} {data}: {d:?}");
                    let one_more = d.need_mb + HELPER_MB;
                    assert!(d.limit != WorkersLimit::Memory || one_more > d.budget_mb, "{cores} {gb:?} {data}: {d:?}");
                }
            }
        }
        // A tiny device with full MNIST: one worker, over budget, and it says memory held it.
        let tiny = w(8, Some(1.0), FULL);
        assert_eq!((tiny.count, tiny.limit), (1, WorkersLimit::Memory));
        assert!(tiny.need_mb > tiny.budget_mb);
    }

    #[test]
    fn reads_a_query_and_writes_it_back() {
        let (s, problems) = Settings::from_query("?model=mlp:30&activation=sigmoid&lr=0.05&epochs=5&batch=64&optimizer=adam&data=3v7&autostart=1");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((s.model.as_str(), s.activation, s.lr, s.epochs, s.batch, s.optimizer, s.data, s.autostart), ("mlp:30", Activation::Sigmoid, 0.05, 5, 64, OptimizerKind::Adam, DataChoice::ThreeSeven, true));
        let (again, p) = Settings::from_query(&s.to_query());
        assert!(p.is_empty());
        assert_eq!(again, Settings { autostart: false, ..s });
    }

    #[test]
    fn lessons_embedding_and_origins() {
        let (s, p) = Settings::from_query("?lr=0.5&lesson=3v7&hide=optimizer,model&embed=1&origins=https://course.example.org,http://127.0.0.1:8080");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!((s.data, s.model.as_str(), s.lr, s.autostart), (DataChoice::ThreeSeven, "logistic", 0.5, true), "the lesson first, the URL's lr after it");
        assert_eq!(s.hide, ["optimizer", "model"]);
        assert_eq!(s.origins, ["https://course.example.org", "http://127.0.0.1:8080"]);
        let (again, p) = Settings::from_query(&s.to_query());
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(again, s, "the lesson brings its autostart back");
        assert_eq!(Settings::from_query("backend=cpu").0.backend, BackendChoice::Cpu);
        assert_eq!(Settings::from_query(&Settings { backend: BackendChoice::Gpu, ..Settings::default() }.to_query()).0.backend, BackendChoice::Gpu);
        assert_eq!(Settings::from_query("backend=metal").1.len(), 1);
        assert_eq!(Settings::from_query("lesson=3v7").0.lr, 1.0, "a lesson's lr is not replaced by the optimizer's default");
        for bad in ["origins=javascript:alert(1)", "origins=https://a.org/path", "origins=*", "origins=https://a.org:", "hide=everything", "lesson=../x", "embed=maybe", "init=0"] {
            let (s, p) = Settings::from_query(bad);
            assert_eq!(p.len(), 1, "{bad}: {p:?}");
            assert_eq!(s, Settings::default(), "{bad}");
        }
    }

    #[test]
    fn the_optimizer_picks_its_learning_rate_unless_given() {
        assert_eq!(Settings::from_query("optimizer=adam").0.lr, 0.001);
        assert_eq!(Settings::from_query("optimizer=adam&lr=0.01").0.lr, 0.01);
    }

    #[test]
    fn bad_values_are_reported_and_ignored() {
        let (s, problems) = Settings::from_query("lr=NaN&batch=0&epochs=1e9&model=%3Cscript%3Ealert(1)%3C%2Fscript%3E&optimizer=rmsprop&zzz=1&dropout=-1&data=../../etc");
        assert_eq!(s, Settings::default());
        assert_eq!(problems.len(), 8, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("<script>")), "messages show the decoded text (as text, never HTML)");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(decode("a%20b+c%2C%zz%4"), "a b c,%zz%4");
    }
}

/// `a=b&c=d` as (key, value) pairs, percent-decoded (a lesson's overrides, a query).
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}
