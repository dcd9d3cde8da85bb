//! The CLDR plural rules (as in CLDR 37, the version intl_pluralrules 7 carries) of the playground's
//! languages — English, Swedish, Estonian and Russian — behind the API of `intl_pluralrules` 7, which
//! fluent-bundle calls to pick a message's variant (`{ $count -> [one] … [few] … *[other] … }`).
//! Other languages are not known (`create` fails, and fluent-bundle falls back to English's rules).
//! The rules, from CLDR's `plurals.xml` and `ordinals.xml` (operands: `PluralOperands`):
//! - cardinal, en / sv / et: one — i = 1 and v = 0; other.
//! - cardinal, ru: one — v = 0 and i % 10 = 1 and i % 100 ≠ 11; few — v = 0 and i % 10 = 2..4 and
//!   i % 100 ≠ 12..14; many — v = 0 and (i % 10 = 0 or i % 10 = 5..9 or i % 100 = 11..14); other.
//! - ordinal, en: one — n % 10 = 1 and n % 100 ≠ 11; two — n % 10 = 2 and n % 100 ≠ 12; few — n % 10 = 3
//!   and n % 100 ≠ 13; other. sv: one — n % 10 = 1, 2 and n % 100 ≠ 11, 12; other. et, ru: other.

pub mod operands;

use operands::PluralOperands;
use unic_langid::LanguageIdentifier;

/// A plural category.
#[derive(Debug, Eq, PartialEq)]
pub enum PluralCategory {
    ZERO,
    ONE,
    TWO,
    FEW,
    MANY,
    OTHER,
}

/// Cardinal numbers (how many) or ordinal numbers (which one: 1st, 2nd).
#[derive(Copy, Clone, Debug, Hash, PartialEq, Eq)]
pub enum PluralRuleType {
    ORDINAL,
    CARDINAL,
}

type Rule = fn(&PluralOperands) -> PluralCategory;

/// The languages with rules here.
const LANGUAGES: [&str; 4] = ["en", "et", "ru", "sv"];

/// One language's rule of one type.
#[derive(Clone)]
pub struct PluralRules {
    locale: LanguageIdentifier,
    function: Rule,
}

impl PluralRules {
    /// The rules of `langid` (its language; script and region are not looked at), or an error for a
    /// language that has none here.
    pub fn create<L: Into<LanguageIdentifier>>(langid: L, prt: PluralRuleType) -> Result<Self, &'static str> {
        let locale = langid.into();
        let function: Rule = match (locale.language.as_str(), prt) {
            ("en" | "sv" | "et", PluralRuleType::CARDINAL) => one_if_exactly_one,
            ("ru", PluralRuleType::CARDINAL) => russian,
            ("en", PluralRuleType::ORDINAL) => english_ordinal,
            ("sv", PluralRuleType::ORDINAL) => swedish_ordinal,
            ("et" | "ru", PluralRuleType::ORDINAL) => |_| PluralCategory::OTHER,
            _ => return Err("unknown locale"),
        };
        Ok(PluralRules { locale, function })
    }

    /// The category of `number`, or an error if it has no operands (a string that is not a decimal number).
    pub fn select<N: TryInto<PluralOperands>>(&self, number: N) -> Result<PluralCategory, &'static str> {
        number.try_into().map(|po| (self.function)(&po)).map_err(|_| "Argument can not be parsed to operands.")
    }

    /// The languages with rules of this type (all four have both).
    pub fn get_locales(_: PluralRuleType) -> Vec<LanguageIdentifier> {
        LANGUAGES.iter().map(|l| l.parse().expect("a language code")).collect()
    }

    /// The language these rules were made for.
    pub fn get_locale(&self) -> &LanguageIdentifier {
        &self.locale
    }
}

fn one_if_exactly_one(po: &PluralOperands) -> PluralCategory {
    if po.i == 1 && po.v == 0 {
        PluralCategory::ONE
    } else {
        PluralCategory::OTHER
    }
}

fn russian(po: &PluralOperands) -> PluralCategory {
    let (i10, i100) = (po.i % 10, po.i % 100);
    match (po.v, i10, i100) {
        (0, 1, _) if i100 != 11 => PluralCategory::ONE,
        (0, 2..=4, _) if !(12..=14).contains(&i100) => PluralCategory::FEW,
        (0, 0 | 5..=9, _) | (0, _, 11..=14) => PluralCategory::MANY,
        _ => PluralCategory::OTHER,
    }
}

/// `n % 10` and `n % 100` of a whole number, None for one with a fraction.
fn whole_remainders(po: &PluralOperands) -> Option<(u64, u64)> {
    (po.f == 0).then_some((po.i % 10, po.i % 100))
}

fn english_ordinal(po: &PluralOperands) -> PluralCategory {
    match whole_remainders(po) {
        Some((1, r)) if r != 11 => PluralCategory::ONE,
        Some((2, r)) if r != 12 => PluralCategory::TWO,
        Some((3, r)) if r != 13 => PluralCategory::FEW,
        _ => PluralCategory::OTHER,
    }
}

fn swedish_ordinal(po: &PluralOperands) -> PluralCategory {
    match whole_remainders(po) {
        Some((1 | 2, r)) if r != 11 && r != 12 => PluralCategory::ONE,
        _ => PluralCategory::OTHER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cardinal(lang: &str, n: f64) -> PluralCategory {
        let lang: LanguageIdentifier = lang.parse().unwrap();
        PluralRules::create(lang, PluralRuleType::CARDINAL).unwrap().select(n).unwrap()
    }

    #[test]
    fn cardinals_follow_cldr() {
        // Examples from CLDR's rules (plurals.xml's @integer and @decimal samples, a few of each).
        use PluralCategory::*;
        for lang in ["en", "sv", "et", "en-GB"] {
            assert_eq!(cardinal(lang, 1.0), ONE);
            for n in [0.0, 2.0, 1.5, 11.0, 21.0, 101.0, -3.0] {
                assert_eq!(cardinal(lang, n), OTHER, "{lang} {n}");
            }
        }
        for (n, want) in [(1.0, ONE), (21.0, ONE), (101.0, ONE), (11.0, MANY), (111.0, MANY), (2.0, FEW), (4.0, FEW), (22.0, FEW), (12.0, MANY), (14.0, MANY), (0.0, MANY), (5.0, MANY), (20.0, MANY), (25.0, MANY), (1.5, OTHER), (0.1, OTHER), (-1.0, ONE)] {
            assert_eq!(cardinal("ru", n), want, "ru {n}");
        }
    }

    #[test]
    fn ordinals_follow_cldr() {
        use PluralCategory::*;
        let ordinal = |lang: &str, n: u64| PluralRules::create(lang.parse::<LanguageIdentifier>().unwrap(), PluralRuleType::ORDINAL).unwrap().select(n).unwrap();
        for (n, want) in [(1, ONE), (2, TWO), (3, FEW), (4, OTHER), (11, OTHER), (12, OTHER), (13, OTHER), (21, ONE), (22, TWO), (23, FEW), (111, OTHER), (101, ONE)] {
            assert_eq!(ordinal("en", n), want, "en {n}");
        }
        for (n, want) in [(1, ONE), (2, ONE), (3, OTHER), (11, OTHER), (12, OTHER), (21, ONE), (22, ONE), (32, ONE)] {
            assert_eq!(ordinal("sv", n), want, "sv {n}");
        }
        assert_eq!(ordinal("ru", 1), OTHER);
        assert_eq!(ordinal("et", 2), OTHER);
    }

    #[test]
    fn only_these_languages_are_known() {
        let de: LanguageIdentifier = "de".parse().unwrap();
        assert!(PluralRules::create(de, PluralRuleType::CARDINAL).is_err());
        let locales = PluralRules::get_locales(PluralRuleType::CARDINAL);
        assert_eq!(locales.iter().map(|l| l.to_string()).collect::<Vec<_>>(), ["en", "et", "ru", "sv"]);
        let ru = PluralRules::create(locales[2].clone(), PluralRuleType::CARDINAL).unwrap();
        assert_eq!(ru.get_locale(), &locales[2]);
        assert_eq!(ru.select(f64::NAN), Ok(PluralCategory::OTHER));
        assert_eq!(ru.select(f64::INFINITY), Ok(PluralCategory::OTHER));
        assert!(ru.select("1e5").is_err());
    }
}
