//! The page's settings and their URL form (`?model=linear&epochs=1&optimizer=sgd&lr=0.1&batch=128`).
//! Every value is checked against known names and ranges; anything else is reported and ignored, so a
//! bad link still opens a working page that says what it did not accept.

use crate::model::{Loss, ModelSpec};
use crate::nn::Activation;
use crate::train::OptimizerKind;

/// Which digits the page trains on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataChoice {
    /// The embedded 10,000 MNIST digits (8,000 train, 2,000 held out).
    Embedded,
    /// Its 3s and 7s only.
    ThreeSeven,
    /// Full MNIST files served beside the page (data/mnist/) or picked by the user.
    Mnist,
    /// Fashion-MNIST served beside the page (data/fashion/).
    Fashion,
}

impl DataChoice {
    pub const ALL: [DataChoice; 4] = [DataChoice::Embedded, DataChoice::ThreeSeven, DataChoice::Mnist, DataChoice::Fashion];

    pub fn parse(s: &str) -> Result<DataChoice, String> {
        DataChoice::ALL.into_iter().find(|d| d.name() == s).ok_or_else(|| "one of embedded, 3v7, mnist, fashion".to_string())
    }

    pub fn name(self) -> &'static str {
        match self {
            DataChoice::Embedded => "embedded",
            DataChoice::ThreeSeven => "3v7",
            DataChoice::Mnist => "mnist",
            DataChoice::Fashion => "fashion",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DataChoice::Embedded => "MNIST, 10,000 digits (embedded)",
            DataChoice::ThreeSeven => "MNIST 3s and 7s (embedded)",
            DataChoice::Mnist => "MNIST, full 60,000 + 10,000",
            DataChoice::Fashion => "Fashion-MNIST",
        }
    }
}

/// Everything a learner sets before training.
#[derive(Clone, Debug, PartialEq)]
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
        }
    }
}

fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy>(v: &str, lo: T, hi: T) -> Result<T, String> {
    match v.parse::<T>() {
        Ok(x) if x >= lo && x <= hi => Ok(x),
        _ => Err(format!("a number from {lo} to {hi}")),
    }
}

impl Settings {
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
            "autostart" => self.autostart = matches!(v, "1" | "true" | "yes"),
            _ => return Err("not a setting".into()),
        }
        Ok(())
    }

    /// Settings from a query string ("?a=b&c=d" or "a=b&c=d"), with one message per rejected pair.
    pub fn from_query(query: &str) -> (Settings, Vec<String>) {
        let mut s = Settings::default();
        let mut problems = Vec::new();
        let mut optimizer_lr = true;
        for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k), decode(v));
            if k == "lr" {
                optimizer_lr = false;
            }
            if let Err(e) = s.set(&k, &v) {
                problems.push(format!("ignored {}={}: {e}", shorten(&k), shorten(&v)));
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

#[cfg(test)]
mod tests {
    use super::*;

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
