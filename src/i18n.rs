//! Every text a user reads, in the course's languages: Project Fluent catalogs (`i18n/<lang>.ftl`, compiled
//! in, so the page works offline) with CLDR plural rules (fluent-bundle), numbers written as each language
//! writes them (decimal comma and space grouping in Swedish, Estonian and Russian), and `qps`, a
//! pseudo-locale for tests: English with every letter accented and each text wrapped in [ ], arguments kept
//! between Unicode isolation marks, so a test can tell catalog text from text that bypassed the catalogs.
//!
//! One language is current per thread (the page's and the worker's each): `set_lang`, then `tr!`.
//! Values that tests and `postMessage` read never pass through here.

use std::borrow::Cow;
use std::cell::RefCell;

use fluent_bundle::types::{FluentNumber, FluentNumberOptions};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    En,
    Sv,
    Et,
    Ru,
    /// The pseudo-locale (tests; not in the menu).
    Qps,
}

/// The catalogs, one per language, in the order of the language menu.
pub const CATALOGS: [(Lang, &str); 4] = [
    (Lang::En, include_str!("../i18n/en.ftl")),
    (Lang::Sv, include_str!("../i18n/sv.ftl")),
    (Lang::Et, include_str!("../i18n/et.ftl")),
    (Lang::Ru, include_str!("../i18n/ru.ftl")),
];

impl Lang {
    pub const MENU: [Lang; 4] = [Lang::En, Lang::Sv, Lang::Et, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
            Lang::Et => "et",
            Lang::Ru => "ru",
            Lang::Qps => "qps",
        }
    }

    /// A language code such as `sv`, `sv-SE` or `RU` (None for languages without a catalog).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        [Lang::En, Lang::Sv, Lang::Et, Lang::Ru, Lang::Qps].into_iter().find(|l| l.code() == primary)
    }

    /// The first of the browser's preferred languages that has a catalog; English otherwise.
    pub fn preferred<'a>(codes: impl IntoIterator<Item = &'a str>) -> Lang {
        codes.into_iter().filter_map(Lang::parse).find(|&l| l != Lang::Qps).unwrap_or(Lang::En)
    }

    /// The language's name in itself: its catalog's `language-name` line, read without parsing the catalog
    /// (the language menu named each language by parsing four catalogs as the page opened).
    pub fn name(self) -> String {
        let name = self.source().lines().find_map(|l| l.strip_prefix("language-name = ")).map_or(self.code(), str::trim);
        if self == Lang::Qps {
            pseudo(name).into_owned()
        } else {
            name.to_string()
        }
    }

    fn source(self) -> &'static str {
        let lang = if self == Lang::Qps { Lang::En } else { self };
        CATALOGS.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s).unwrap_or(CATALOGS[0].1)
    }
}

/// One language's messages.
pub struct Catalog {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl Catalog {
    pub fn new(lang: Lang) -> Catalog {
        let locale = if lang == Lang::Qps { "en" } else { lang.code() };
        let mut bundle = FluentBundle::new(vec![locale.parse().expect("a language code")]);
        // Real languages here are all left-to-right: no isolation marks around arguments. The pseudo-locale
        // keeps them, to mark arguments as such.
        bundle.set_use_isolating(lang == Lang::Qps);
        if lang == Lang::Qps {
            bundle.set_transform(Some(pseudo));
        }
        bundle.set_formatter(Some(match lang.numbers() {
            Numbers::Point => format_point,
            Numbers::Comma => format_comma,
            Numbers::CommaFrom5 => format_comma_from_5,
        }));
        let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(r, _)| r);
        bundle.add_resource_overriding(resource);
        Catalog { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether message `id` (or `id.attribute`) exists.
    pub fn has(&self, id: &str) -> bool {
        let (id, attr) = split_id(id);
        self.bundle.get_message(id).is_some_and(|m| match attr {
            Some(a) => m.get_attribute(a).is_some(),
            None => m.value().is_some(),
        })
    }

    /// Message `id` (`id.attribute` for an attribute) with `args`; the id itself when the catalog lacks it
    /// (visible, and caught by the catalog tests).
    pub fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let (mid, attr) = split_id(id);
        let Some(msg) = self.bundle.get_message(mid) else { return id.to_string() };
        let pattern = match attr {
            Some(a) => msg.get_attribute(a).map(|a| a.value()),
            None => msg.value(),
        };
        let Some(pattern) = pattern else { return id.to_string() };
        let mut errors = vec![];
        self.bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// `x` with `decimals` digits after the separator, as this language writes numbers.
    pub fn number(&self, x: f64, decimals: usize) -> String {
        written(&num(x, decimals), self.lang.numbers()).unwrap_or_default()
    }

    /// The attributes of message `id` (name, text), e.g. an element's aria-label.
    pub fn attributes(&self, id: &str) -> Vec<(String, String)> {
        let Some(msg) = self.bundle.get_message(id) else { return vec![] };
        msg.attributes()
            .map(|a| {
                let mut errors = vec![];
                (a.id().to_string(), self.bundle.format_pattern(a.value(), None, &mut errors).into_owned())
            })
            .collect()
    }

    /// Every message id with its attributes (`id`, `id.attr`), for the catalog tests.
    pub fn ids(source: &str) -> Vec<String> {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        let mut ids = vec![];
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                if m.value.is_some() {
                    ids.push(m.id.name.to_string());
                }
                ids.extend(m.attributes.iter().map(|a| format!("{}.{}", m.id.name, a.id.name)));
            }
        }
        ids
    }
}

fn split_id(id: &str) -> (&str, Option<&str>) {
    match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    }
}

/// A number argument shown with exactly `decimals` fraction digits (and chosen plural forms by that).
pub fn num(x: f64, decimals: usize) -> FluentValue<'static> {
    let options = FluentNumberOptions { minimum_fraction_digits: Some(decimals), maximum_fraction_digits: Some(decimals), ..Default::default() };
    FluentValue::Number(FluentNumber::new(x, options))
}

/// `n` digits grouped in threes with `sep` when there are at least `min` digits.
fn group(digits: &str, sep: &str, min: usize) -> String {
    if digits.len() < min {
        return digits.to_string();
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// How a language writes numbers (CLDR): English 12,345.6 and -1; Swedish and Russian 12 345,6 and −1 (a
/// non-breaking space, grouped from four digits); Estonian the same but grouped only from five (1234,5).
#[derive(Clone, Copy)]
enum Numbers {
    Point,
    Comma,
    CommaFrom5,
}

impl Numbers {
    /// (decimal separator, group separator, digits before grouping starts, minus sign)
    fn parts(self) -> (&'static str, &'static str, usize, &'static str) {
        match self {
            Numbers::Point => (".", ",", 4, "-"),
            Numbers::Comma => (",", "\u{a0}", 4, "−"),
            Numbers::CommaFrom5 => (",", "\u{a0}", 5, "−"),
        }
    }
}

impl Lang {
    fn numbers(self) -> Numbers {
        match self {
            Lang::En | Lang::Qps => Numbers::Point,
            Lang::Sv | Lang::Ru => Numbers::Comma,
            Lang::Et => Numbers::CommaFrom5,
        }
    }
}

fn written(value: &FluentValue, style: Numbers) -> Option<String> {
    let (point, sep, min_group, minus) = style.parts();
    let FluentValue::Number(n) = value else { return None };
    let x = n.value;
    if !x.is_finite() {
        return Some(x.to_string());
    }
    let decimals = n.options.maximum_fraction_digits.or(n.options.minimum_fraction_digits);
    let s = match decimals {
        Some(d) => format!("{:.*}", d, x.abs()),
        None => format!("{}", x.abs()),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let nonzero = int.chars().chain(frac.as_deref().unwrap_or("").chars()).any(|c| c != '0');
    let sign = if x < 0.0 && nonzero { minus } else { "" };
    let mut out = format!("{sign}{}", group(&int, sep, min_group));
    if let Some(f) = frac {
        out.push_str(point);
        out.push_str(&f);
    }
    Some(out)
}

// fluent-bundle's number-formatter hook is a plain fn (no captured language): one per style.
fn format_point(value: &FluentValue, _: &intl_memoizer::IntlLangMemoizer) -> Option<String> {
    written(value, Numbers::Point)
}

fn format_comma(value: &FluentValue, _: &intl_memoizer::IntlLangMemoizer) -> Option<String> {
    written(value, Numbers::Comma)
}

fn format_comma_from_5(value: &FluentValue, _: &intl_memoizer::IntlLangMemoizer) -> Option<String> {
    written(value, Numbers::CommaFrom5)
}

/// The pseudo-locale's transform: letters accented, each text fragment in [ ].
fn pseudo(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_ascii_alphabetic()) {
        return Cow::Borrowed(s);
    }
    const SMALL: &str = "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑ";
    const CAPS: &str = "ȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ";
    let (small, caps): (Vec<char>, Vec<char>) = (SMALL.chars().collect(), CAPS.chars().collect());
    let body: String = s
        .chars()
        .map(|c| match c {
            'a'..='z' => small[c as usize - 'a' as usize],
            'A'..='Z' => caps[c as usize - 'A' as usize],
            c => c,
        })
        .collect();
    Cow::Owned(format!("[{body}]"))
}

thread_local! {
    /// This thread's catalog: English until `set_lang` (parsed when first used, so a page that starts in
    /// another language parses only that one's).
    static CURRENT: RefCell<Option<Catalog>> = const { RefCell::new(None) };
}

/// `f` of this thread's catalog.
fn current<R>(f: impl FnOnce(&Catalog) -> R) -> R {
    CURRENT.with(|c| {
        if c.borrow().is_none() {
            *c.borrow_mut() = Some(Catalog::new(Lang::En));
        }
        f(c.borrow().as_ref().expect("the catalog, just made"))
    })
}

/// Makes `lang` this thread's language (a catalog is parsed only when the language changes).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| {
        if c.borrow().as_ref().map(Catalog::lang) != Some(lang) {
            *c.borrow_mut() = Some(Catalog::new(lang));
        }
    });
}

/// This thread's language.
pub fn lang() -> Lang {
    current(|c| c.lang)
}

/// Message `id` in this thread's language, with `args`.
pub fn format(id: &str, args: Option<&FluentArgs>) -> String {
    current(|c| c.format(id, args))
}

/// The attributes of message `id` in this thread's language.
pub fn attributes(id: &str) -> Vec<(String, String)> {
    current(|c| c.attributes(id))
}

/// Whether this thread's catalog has message `id` with a value.
pub fn has(id: &str) -> bool {
    current(|c| c.has(id))
}

/// `x` as this thread's language writes it, with `decimals` fraction digits.
pub fn number(x: f64, decimals: usize) -> String {
    current(|c| c.number(x, decimals))
}

/// A text that can be written again in another language (the backend line, a status): how to write it.
pub type Text = std::rc::Rc<dyn Fn() -> String>;

/// A `Text` from a closure that calls `tr!`.
pub fn text(f: impl Fn() -> String + 'static) -> Text {
    std::rc::Rc::new(f)
}

/// A number already written with a '.' (e.g. a chart tick) with this thread's decimal separator.
pub fn decimal(s: &str) -> String {
    let (point, _, _, minus) = lang().numbers().parts();
    s.replace('.', point).replace('-', minus)
}

/// `text` (a message, a name) as HTML text or a quoted attribute's value: the page's confusion matrix and the
/// share box's embed code.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `tr!("id")` or `tr!("id", name = value, …)`: the message in this thread's language. Values are
/// strings, integers, or `num(x, decimals)` for numbers shown with fixed decimals.
#[macro_export]
macro_rules! tr {
    ($id:expr) => {
        $crate::i18n::format($id, None)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = ::fluent_bundle::FluentArgs::new();
        $(args.set(stringify!($name), $value);)+
        $crate::i18n::format($id, Some(&args))
    }};
}

/// `tr!` kept as a `Text`: the arguments are taken now, and the message is written in whatever language is
/// current each time the text is (a status line the language menu rewrites).
#[macro_export]
macro_rules! tr_text {
    ($id:expr) => {
        $crate::i18n::text(move || $crate::tr!($id))
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        $(let $name = ::fluent_bundle::FluentValue::from($value).into_owned();)+
        $crate::i18n::text(move || $crate::tr!($id, $($name = $name.clone()),+))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_leaves_no_markup() {
        assert_eq!(escape_html(r#"<b a="1" b='2'>T-shirt/top & Песочница</b>"#), "&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;T-shirt/top &amp; Песочница&lt;/b&gt;");
        assert_eq!(escape_html("&amp;"), "&amp;amp;", "escaped once more, not taken as already escaped");
    }

    #[test]
    fn each_language_names_itself_as_its_catalog_does() {
        for lang in [Lang::En, Lang::Sv, Lang::Et, Lang::Ru, Lang::Qps] {
            assert_eq!(lang.name(), Catalog::new(lang).format("language-name", None));
        }
    }

    #[test]
    fn every_language_has_every_message_and_no_other() {
        let en: std::collections::BTreeSet<String> = Catalog::ids(CATALOGS[0].1).into_iter().collect();
        assert!(en.len() > 50, "the English catalog has {} messages", en.len());
        for (lang, source) in CATALOGS {
            let resource = FluentResource::try_new(source.to_string());
            assert!(resource.is_ok(), "{}: syntax errors {:?}", lang.code(), resource.err().map(|e| e.1));
            let ids: std::collections::BTreeSet<String> = Catalog::ids(source).into_iter().collect();
            let missing: Vec<_> = en.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&en).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{}: missing {missing:?}, not in English {extra:?}", lang.code());
        }
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let n = |lang, x, d| Catalog::new(lang).number(x, d);
        assert_eq!(n(Lang::En, 12345.678, 1), "12,345.7");
        assert_eq!(n(Lang::Sv, 12345.678, 1), "12\u{a0}345,7");
        assert_eq!(n(Lang::Ru, 0.5, 2), "0,50");
        assert_eq!(n(Lang::Et, 1234.5, 1), "1234,5");
        assert_eq!(n(Lang::Et, 12345.0, 0), "12\u{a0}345");
        assert_eq!(n(Lang::Sv, -0.25, 2), "−0,25");
        assert_eq!(n(Lang::En, -0.0001, 2), "0.00");
    }

    #[test]
    fn russian_has_three_plural_forms_and_swedish_two() {
        let epochs = |lang, n: i64| {
            let mut args = FluentArgs::new();
            args.set("count", n);
            Catalog::new(lang).format("epochs-count", Some(&args))
        };
        assert_eq!(epochs(Lang::Ru, 1), "1 эпоха");
        assert_eq!(epochs(Lang::Ru, 3), "3 эпохи");
        assert_eq!(epochs(Lang::Ru, 5), "5 эпох");
        assert_eq!(epochs(Lang::Ru, 21), "21 эпоха");
        assert_eq!(epochs(Lang::Sv, 1), "1 epok");
        assert_eq!(epochs(Lang::Sv, 2), "2 epoker");
        assert_eq!(epochs(Lang::Et, 2), "2 epohhi");
        assert_eq!(epochs(Lang::En, 1), "1 epoch");
    }

    #[test]
    fn the_speed_line_says_how_many_workers_shared_the_steps_and_how_many_wait() {
        let line = |lang, workers: i64, idle: i64| {
            let mut args = FluentArgs::new();
            for (k, v) in [("epoch", 1), ("epochs", 5), ("step", 10), ("steps", 63), ("workers", workers), ("idle", idle)] {
                args.set(k, v);
            }
            args.set("loss", "0.5");
            args.set("rate", "90,000");
            args.set("lr", "0.1");
            Catalog::new(lang).format("speed-line", Some(&args))
        };
        assert!(line(Lang::En, 2, 0).contains("samples/s on 2 workers · lr"), "{}", line(Lang::En, 2, 0));
        assert!(line(Lang::En, 1, 1).contains("samples/s (a helper worker waits: steps alone were measured faster for this model) · lr"), "{}", line(Lang::En, 1, 1));
        assert!(line(Lang::En, 1, 3).contains("(3 helper workers wait"), "{}", line(Lang::En, 1, 3));
        assert!(line(Lang::Ru, 1, 2).contains("вспомогательных воркера ждут"), "{}", line(Lang::Ru, 1, 2));
        assert!(line(Lang::Ru, 1, 5).contains("вспомогательных воркеров ждут"), "{}", line(Lang::Ru, 1, 5));
        for lang in [Lang::En, Lang::Sv, Lang::Et, Lang::Ru] {
            let (busy, waiting) = (line(lang, 3, 0), line(lang, 1, 2));
            assert!(!busy.contains('(') && waiting.contains('(') && !waiting.contains('{'), "{}: {busy} / {waiting}", lang.code());
        }
    }

    #[test]
    fn the_pseudo_locale_marks_catalog_text_and_arguments() {
        let mut args = FluentArgs::new();
        args.set("count", 2);
        let s = Catalog::new(Lang::Qps).format("epochs-count", Some(&args));
        assert!(!s.chars().any(|c| c.is_ascii_alphabetic()), "{s}");
        assert!(s.contains('\u{2068}') && s.contains('['), "{s}");
    }

    #[test]
    fn languages_come_from_codes_and_browser_preferences() {
        assert_eq!(Lang::parse("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::parse("RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::preferred(["de-DE", "et", "en"]), Lang::Et);
        assert_eq!(Lang::preferred(["fr"]), Lang::En);
    }

    #[test]
    fn every_id_the_page_uses_is_in_the_catalogs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let en = Catalog::new(Lang::En);
        let mut used = vec![];
        let mut sources = vec![root.join("index.html"), root.join("www/course.html")];
        for dir in ["src", "src/web"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                if e.path().extension().is_some_and(|x| x == "rs") {
                    sources.push(e.path());
                }
            }
        }
        for path in &sources {
            let text = std::fs::read_to_string(path).unwrap();
            for marker in ["tr!(\"", "data-l10n=\""] {
                let parts: Vec<&str> = text.split(marker).collect();
                for (before, part) in parts.iter().zip(&parts[1..]) {
                    let id = part.split('"').next().unwrap_or("");
                    let a_macro_ending_in_tr = before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
                    if !id.is_empty() && !id.contains('{') && !a_macro_ending_in_tr && id != "id" {
                        used.push((path.file_name().unwrap().to_string_lossy().to_string(), id.to_string()));
                    }
                }
            }
        }
        for l in crate::lessons::LESSONS {
            used.push(("lessons.rs".into(), format!("lesson-{}-title", l.id)));
            used.push(("lessons.rs".into(), format!("lesson-{}-result", l.id)));
            used.extend((1..=l.paragraphs).map(|i| ("lessons.rs".into(), format!("lesson-{}-p{i}", l.id))));
            used.extend((1..=l.tries).map(|i| ("lessons.rs".into(), format!("lesson-{}-try{i}", l.id))));
            if let crate::lessons::Live::Compare(runs) = l.live {
                used.extend(runs.iter().map(|(id, _)| ("lessons.rs".into(), id.to_string())));
            }
        }
        used.extend((0..10).map(|c| ("data.rs".into(), format!("fashion-{c}"))));
        assert!(used.len() > 150, "found only {} uses", used.len());
        let missing: Vec<_> = used.iter().filter(|(_, id)| !en.has(id) && en.attributes(id.split('.').next().unwrap()).is_empty()).collect();
        assert!(missing.is_empty(), "not in i18n/en.ftl: {missing:?}");
    }

    #[test]
    fn the_english_written_in_the_pages_is_the_catalogs() {
        // index.html and course.html carry their English texts for the moment before the wasm has loaded;
        // they must be what en.ftl says (the page replaces them at start).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let en = Catalog::new(Lang::En);
        let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#x27;", "'").replace("&amp;", "&");
        let mut checked = 0;
        for page in ["index.html", "www/course.html"] {
            let text = std::fs::read_to_string(root.join(page)).unwrap();
            for (at, _) in text.match_indices("data-l10n=\"") {
                let start = text[..at].rfind('<').unwrap();
                let end = at + text[at..].find('>').unwrap();
                let tag = &text[start..end];
                let id = tag.split("data-l10n=\"").nth(1).unwrap().split('"').next().unwrap();
                let inner = &text[end + 1..end + 1 + text[end + 1..].find('<').unwrap_or(0)];
                if en.has(id) && !inner.trim().is_empty() {
                    assert_eq!(unescape(inner), en.format(id, None), "{page}: the text of {id}");
                    checked += 1;
                }
                for (name, value) in en.attributes(id) {
                    let written = tag.split(&format!(" {name}=\"")).nth(1).map(|v| unescape(v.split('"').next().unwrap()));
                    assert_eq!(written.as_deref(), Some(value.as_str()), "{page}: {name} of {id}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 80, "checked {checked} texts");
    }

    #[test]
    fn a_missing_message_shows_its_id() {
        assert_eq!(Catalog::new(Lang::Sv).format("no-such-message", None), "no-such-message");
    }
}
