//! Where the ticks of an axis go, and how their labels read.

/// Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten,
/// about `target` of them.
pub fn linear_ticks(max: f64, target: usize) -> Vec<f64> {
    if !max.is_finite() || max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let rough = max / target.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= rough)
        .unwrap_or(10.0 * magnitude);
    let count = (max / step - 1e-9).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// Ticks 1, 2, 5, 10, 20, 50, ... from the largest at or below `min` to the smallest at or
/// above `max` (both positive).
pub fn log_ticks(min: f64, max: f64) -> Vec<f64> {
    let min = min.max(1e-12);
    let max = max.max(min);
    let first_decade = min.log10().floor() as i32 - 1;
    let last_decade = max.log10().ceil() as i32 + 1;
    let candidates: Vec<f64> = (first_decade..=last_decade)
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .collect();
    // A relative slack, so that 0.1 * 10^3 still counts as 100.
    let low = candidates
        .iter()
        .rposition(|&c| c <= min * (1.0 + 1e-9))
        .unwrap_or(0);
    let high = candidates
        .iter()
        .position(|&c| c >= max * (1.0 - 1e-9))
        .unwrap_or(candidates.len() - 1);
    candidates[low..=high].to_vec()
}

/// A tick label without needless zeros: `0.05`, `1`, `20`.
pub fn tick_label(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_are_round_and_cover_the_maximum() {
        assert_eq!(
            linear_ticks(1.0, 5),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(linear_ticks(47.0, 4), [0.0, 20.0, 40.0, 60.0]);
        assert_eq!(linear_ticks(100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(linear_ticks(0.0, 5), [0.0, 1.0]);
        assert_eq!(linear_ticks(f64::NAN, 5), [0.0, 1.0]);
    }

    #[test]
    fn log_ticks_run_one_two_five() {
        assert_eq!(
            log_ticks(1.0, 100.0),
            [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert_eq!(
            log_ticks(1.0, 80.0),
            [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert_eq!(log_ticks(3.0, 30.0), [2.0, 5.0, 10.0, 20.0, 50.0]);
    }

    #[test]
    fn tick_labels_drop_needless_zeros() {
        assert_eq!(tick_label(0.05), "0.05");
        assert_eq!(tick_label(20.0), "20");
        assert_eq!(tick_label(0.6000000000000001), "0.6");
        assert_eq!(tick_label(0.0), "0");
    }
}
