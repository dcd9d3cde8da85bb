//! A number's plural operands (CLDR, Unicode TR35 "Plural Operand Meanings"), which the rules look at.

use std::fmt::Display;

/// n: the absolute value; i: its integer digits; v: how many fraction digits it is written with (trailing
/// zeros included), f: those digits as a number; w and t: the same without trailing zeros. 1.50 written with
/// two fraction digits (fluent's `minimum_fraction_digits`) is n 1.5, i 1, v 2, w 1, f 50, t 5.
#[derive(Debug, PartialEq, Clone, Default)]
pub struct PluralOperands {
    pub n: f64,
    pub i: u64,
    pub v: usize,
    pub w: usize,
    pub f: u64,
    pub t: u64,
}

impl PluralOperands {
    /// From a number written in decimal digits with an optional '-' and '.', no exponent.
    fn from_decimal(written: &str) -> Result<PluralOperands, &'static str> {
        let digits = written.strip_prefix('-').unwrap_or(written);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return Err("not a decimal number");
        }
        let trimmed = frac.trim_end_matches('0');
        // A fraction of more than 19 digits keeps its first 19 in f and t. Rust writes an f64 with more only
        // below 1e-3 (i = 0); the four languages' rules ask of f and t only whether they are zero, and of
        // such a number's operands they look at i = 0 or v ≠ 0 first, so no category changes.
        let number = |s: &str| s.get(..19.min(s.len())).unwrap_or("").parse::<u64>().unwrap_or(0);
        Ok(PluralOperands {
            n: digits.parse().map_err(|_| "not a decimal number")?,
            i: int.parse().unwrap_or(u64::MAX),
            v: frac.len(),
            w: trimmed.len(),
            f: number(frac),
            t: number(trimmed),
        })
    }
}

impl TryFrom<&str> for PluralOperands {
    type Error = &'static str;
    fn try_from(written: &str) -> Result<Self, Self::Error> {
        PluralOperands::from_decimal(written)
    }
}

/// Floats (and strings of them) as Rust writes them: the shortest digits that read back as the same value,
/// never with an exponent. NaN and the infinities have no digits: n is the value and v 1, so that every
/// rule here says "other" (fluent-bundle expects operands of every number it selects on).
fn from_display<T: Display>(x: T) -> Result<PluralOperands, &'static str> {
    let written = x.to_string();
    match written.trim_start_matches('-') {
        "NaN" | "inf" => Ok(PluralOperands { n: if written == "NaN" { f64::NAN } else { f64::INFINITY }, v: 1, w: 1, ..PluralOperands::default() }),
        _ => PluralOperands::from_decimal(&written),
    }
}

macro_rules! from_float_or_string {
    ($($ty:ty)+) => {$(
        impl TryFrom<$ty> for PluralOperands {
            type Error = &'static str;
            fn try_from(x: $ty) -> Result<Self, Self::Error> {
                from_display(x)
            }
        }
    )+};
}
from_float_or_string!(f32 f64 String);

macro_rules! from_unsigned {
    ($($ty:ty)+) => {$(
        impl From<$ty> for PluralOperands {
            fn from(x: $ty) -> Self {
                PluralOperands { n: x as f64, i: x as u64, ..PluralOperands::default() }
            }
        }
    )+};
}
from_unsigned!(u8 u16 u32 u64 usize);

macro_rules! from_signed {
    ($($ty:ty)+) => {$(
        impl TryFrom<$ty> for PluralOperands {
            type Error = &'static str;
            fn try_from(x: $ty) -> Result<Self, Self::Error> {
                Ok(PluralOperands::from(x.unsigned_abs()))
            }
        }
    )+};
}
from_signed!(i8 i16 i32 i64 isize);

#[cfg(test)]
mod tests {
    use super::PluralOperands;

    fn po(n: f64, i: u64, v: usize, w: usize, f: u64, t: u64) -> PluralOperands {
        PluralOperands { n, i, v, w, f, t }
    }

    #[test]
    fn operands_of_written_numbers_and_floats() {
        assert_eq!(PluralOperands::try_from("1.50"), Ok(po(1.5, 1, 2, 1, 50, 5)));
        assert_eq!(PluralOperands::try_from("-12.0"), Ok(po(12.0, 12, 1, 0, 0, 0)));
        assert_eq!(PluralOperands::try_from("0.05"), Ok(po(0.05, 0, 2, 2, 5, 5)));
        assert_eq!(PluralOperands::try_from(1.0f64), Ok(po(1.0, 1, 0, 0, 0, 0)));
        assert_eq!(PluralOperands::try_from(-2.25f64), Ok(po(2.25, 2, 2, 2, 25, 25)));
        assert_eq!(PluralOperands::try_from(1e-7f64), Ok(po(1e-7, 0, 7, 7, 1, 1)));
        assert_eq!(PluralOperands::from(21u32), po(21.0, 21, 0, 0, 0, 0));
        assert_eq!(PluralOperands::try_from(-5i64), Ok(po(5.0, 5, 0, 0, 0, 0)));
        for bad in ["", "1e5", "abc", "1.2.3", ".5", "--1"] {
            assert!(PluralOperands::try_from(bad).is_err(), "{bad}");
        }
        assert_eq!(PluralOperands::try_from(f64::NEG_INFINITY).map(|o| (o.n, o.i, o.v)), Ok((f64::INFINITY, 0, 1)));
        assert!(PluralOperands::try_from(f64::NAN).is_ok_and(|o| o.n.is_nan() && o.v == 1));
    }
}
