//! Chart axes a reader can read: tick marks at "nice" values (1, 2, 2.5 or 5 times a power of ten, so an
//! axis reads 0, 0.25, 0.5 or 0, 10, 20 — never 35.057) and labels with just the decimals the step needs.
//! Plain arithmetic, unit-tested natively; the page draws with it.

/// Ticks covering [lo, hi] with at most about `max_ticks` intervals: the axis's new ends (multiples of the
/// step that include the data) and the tick values from one end to the other.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> (f64, f64, f64, Vec<f64>) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo { (lo, hi) } else if lo.is_finite() { (lo - 0.5, lo + 0.5) } else { (0.0, 1.0) };
    let raw = (hi - lo) / max_ticks.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * power);
    let start = (lo / step + 1e-9).floor() * step;
    let end = (hi / step - 1e-9).ceil() * step;
    let n = ((end - start) / step).round() as usize;
    let ticks = (0..=n).map(|i| clean(start + i as f64 * step)).collect();
    (clean(start), clean(end), step, ticks)
}

/// Removes the float noise of repeated adds (0.30000000000000004 → 0.3) and negative zero.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A tick's label: as many decimals as the step has (step 0.25 → "0.25", "0.50"…; step 10 → "30"), or
/// e-notation for very large or small values.
pub fn tick_label(v: f64, step: f64) -> String {
    let a = v.abs().max(step.abs());
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        return format!("{v:.1e}");
    }
    let decimals = (0..6usize).find(|&d| {
        let scaled = step * 10f64.powi(d as i32);
        (scaled - scaled.round()).abs() < 1e-6
    });
    format!("{v:.prec$}", prec = decimals.unwrap_or(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        let (lo, hi, step, ticks) = nice_ticks(0.0, 35.057, 4);
        assert_eq!((lo, hi, step), (0.0, 40.0, 10.0));
        assert_eq!(ticks, vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        let (_, _, step, ticks) = nice_ticks(0.0, 1.0, 4);
        assert_eq!(step, 0.25);
        assert_eq!(ticks, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        let (lo, hi, step, _) = nice_ticks(0.0231, 2.31, 5);
        assert_eq!((lo, hi, step), (0.0, 2.5, 0.5));
        let (lo, hi, step, ticks) = nice_ticks(0.0, 7.0, 6);
        assert_eq!((lo, hi, step), (0.0, 8.0, 2.0));
        assert_eq!(ticks.len(), 5);
    }

    #[test]
    fn odd_ranges_still_get_ticks() {
        for (lo, hi) in [(5.0, 5.0), (f64::NAN, 1.0), (0.0, f64::INFINITY), (-3.2, 0.4), (1e-7, 3e-7), (0.0, 6820.7)] {
            let (a, b, step, ticks) = nice_ticks(lo, hi, 4);
            assert!(step > 0.0 && a < b && ticks.len() >= 2 && ticks.len() <= 7, "{lo}..{hi}: {a} {b} {step} {ticks:?}");
            if lo.is_finite() && hi.is_finite() {
                assert!(a <= lo.min(hi) && b >= hi.max(lo), "{lo}..{hi} inside {a}..{b}");
            }
        }
    }

    #[test]
    fn labels_carry_the_decimals_of_the_step() {
        assert_eq!(tick_label(0.5, 0.25), "0.50");
        assert_eq!(tick_label(0.75, 0.25), "0.75");
        assert_eq!(tick_label(30.0, 10.0), "30");
        assert_eq!(tick_label(1.5, 0.5), "1.5");
        assert_eq!(tick_label(2.0e-7, 1.0e-7), "2.0e-7");
        assert_eq!(tick_label(4.0e6, 1.0e6), "4.0e6");
    }
}
