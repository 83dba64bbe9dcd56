//! Summaries of repeated measurements: median, percentiles, mean, histogram.
//!
//! Timings on a shared 2-core machine have long tails (a preempted thread, a page fault), so
//! the claims report the median with a 5th–95th percentile spread rather than a mean.

use std::collections::BTreeMap;
use std::time::Duration;

/// The `p`-th percentile (0–100) of `values`, interpolated linearly between the two nearest
/// ranks (NumPy's default, so it agrees with the Python side). `None` when empty.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let rank = p.clamp(0.0, 100.0) / 100.0 * (sorted.len() - 1) as f64;
    let (below, above) = (rank.floor() as usize, rank.ceil() as usize);
    let weight = rank - below as f64;
    Some(sorted[below] + (sorted[above] - sorted[below]) * weight)
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    percentile(values, 50.0)
}

/// The arithmetic mean. `None` when empty.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// A sample summarized the way the claims table prints it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// How many values were summarized.
    pub count: usize,
    /// The 5th percentile.
    pub p5: f64,
    /// The median.
    pub median: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// The largest value.
    pub max: f64,
    /// The mean.
    pub mean: f64,
}

impl Summary {
    /// Summarizes `values`; `None` when there are none.
    pub fn of(values: &[f64]) -> Option<Summary> {
        Some(Summary {
            count: values.len(),
            p5: percentile(values, 5.0)?,
            median: median(values)?,
            p95: percentile(values, 95.0)?,
            max: percentile(values, 100.0)?,
            mean: mean(values)?,
        })
    }

    /// Summarizes durations in seconds.
    pub fn of_durations(durations: &[Duration]) -> Option<Summary> {
        Summary::of(&seconds(durations))
    }
}

/// Durations as seconds.
pub fn seconds(durations: &[Duration]) -> Vec<f64> {
    durations.iter().map(Duration::as_secs_f64).collect()
}

/// How often each value occurs, in ascending order of value.
pub fn histogram(values: &[usize]) -> BTreeMap<usize, usize> {
    let mut counts = BTreeMap::new();
    for &value in values {
        *counts.entry(value).or_insert(0) += 1;
    }
    counts
}

/// Final counts of runs that should each reach `full`, in a few words:
/// `median 52, range 38–71; below 100 in 100 of 100 runs`, or `100 in 100 of 100 runs`
/// when all are the same.
pub fn describe_counts(values: &[usize], full: usize) -> String {
    let (Some(&min), Some(&max)) = (values.iter().min(), values.iter().max()) else {
        return "no runs".to_owned();
    };
    if min == max {
        return format!("{min} in {0} of {0} runs", values.len());
    }
    let as_f64: Vec<f64> = values.iter().map(|&v| v as f64).collect();
    let median = median(&as_f64).unwrap_or_default();
    let short = values.iter().filter(|&&v| v < full).count();
    format!(
        "median {median:.0}, range {min}–{max}; below {full} in {short} of {} runs",
        values.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[f64::NAN, 7.0]), Some(7.0), "NaN is ignored");
    }

    #[test]
    fn percentiles_interpolate_between_ranks_like_numpy() {
        let values: Vec<f64> = (1..=11).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.0), Some(1.0));
        assert_eq!(percentile(&values, 100.0), Some(11.0));
        assert_eq!(percentile(&values, 10.0), Some(2.0));
        // numpy.percentile([1, 2, 3, 4], 95) == 3.85
        let p95 = percentile(&[1.0, 2.0, 3.0, 4.0], 95.0).unwrap();
        assert!((p95 - 3.85).abs() < 1e-12, "{p95}");
        assert_eq!(percentile(&[5.0], 95.0), Some(5.0));
        assert_eq!(percentile(&[1.0, 2.0], 250.0), Some(2.0), "p is clamped");
    }

    #[test]
    fn summary_of_durations_is_in_seconds() {
        let durations: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        let summary = Summary::of_durations(&durations).unwrap();
        assert_eq!(summary.count, 100);
        assert!((summary.median - 50.5e-6).abs() < 1e-12, "{summary:?}");
        assert!((summary.mean - 50.5e-6).abs() < 1e-12);
        assert!((summary.max - 100e-6).abs() < 1e-12);
        assert!(summary.p5 < summary.median && summary.median < summary.p95);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn histogram_counts_each_value() {
        let counts = histogram(&[3, 1, 3, 3, 100]);
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [(1, 1), (3, 3), (100, 1)]
        );
        assert!(histogram(&[]).is_empty());
    }

    #[test]
    fn counts_are_described_by_median_and_range() {
        assert_eq!(describe_counts(&[100; 5], 100), "100 in 5 of 5 runs");
        assert_eq!(
            describe_counts(&[40, 50, 60, 100], 100),
            "median 55, range 40–100; below 100 in 3 of 4 runs"
        );
        assert_eq!(describe_counts(&[], 100), "no runs");
    }
}
