//! Goal G2: what the stand-in adds to each request over its `/delay/{d}`, with 100
//! requests in flight.

use std::time::Duration;

use crate::millis;
use crate::stats::{Summary, seconds};
use crate::table::Row;

use super::GOAL_DELAY;
use super::batch::Batch;

/// Goal G2's gap between submissions. All 100 requests are still in flight together (each
/// lasts 100 ms), but 200 threads (clients and server) do not wake in the same millisecond
/// on two cores, which would measure the cores rather than the stand-in.
pub const STAGGER: Duration = Duration::from_micros(100);

/// What each request of `batch` took beyond its `delay`.
fn excess(batch: &Batch, delay: f64) -> Option<Summary> {
    let extra: Vec<f64> = seconds(&batch.per_request)
        .into_iter()
        .map(|t| t - delay)
        .collect();
    Summary::of(&extra)
}

/// Goal G2's batches of 100 requests on 100 workers.
pub struct Wide {
    /// Submitted [`STAGGER`] apart, where that is needed: what the goal is judged on.
    pub staggered: Option<Result<Batch, String>>,
    /// Submitted as fast as the loop goes, as in the sweep.
    pub at_once: Result<Batch, String>,
}

/// `100 in flight, submitted at once: median +1.2 ms, p95 +2.0 ms, max +3.1 ms`
fn describe_excess(batch: &Batch, how: &str) -> Option<(String, Summary)> {
    let s = excess(batch, GOAL_DELAY)?;
    Some((
        format!(
            "{} in flight, submitted {how}: median +{}, p95 +{}, max +{}",
            batch.peak_in_flight,
            millis(s.median),
            millis(s.p95),
            millis(s.max)
        ),
        s,
    ))
}

/// The excess with 100 in flight (staggered if there is such a batch, then at once), and
/// with 1 in flight (the sweep's sequential batch) for reference. The summary returned is
/// the first one's.
fn goal_2_cell(
    wide: &Wide,
    sweep: &Result<Vec<Batch>, String>,
    sweep_delay: f64,
) -> (String, Option<Summary>) {
    let stagger = format!("{} µs apart", STAGGER.as_micros());
    let batches = wide
        .staggered
        .iter()
        .map(|batch| (batch, stagger.as_str()))
        .chain([(&wide.at_once, "at once")]);
    let mut parts = Vec::new();
    let mut judged = None;
    for (batch, how) in batches {
        match batch.as_ref().map(|b| describe_excess(b, how)) {
            Ok(Some((text, summary))) => {
                judged.get_or_insert(summary);
                parts.push(text);
            }
            Ok(None) => parts.push(format!("submitted {how}: no requests")),
            Err(why) => parts.push(format!("submitted {how}: error: {why}")),
        }
    }
    let alone = sweep
        .as_ref()
        .ok()
        .and_then(|sweep| sweep.iter().find(|b| b.workers == 0))
        .and_then(|sequential| excess(sequential, sweep_delay));
    if let Some(s) = alone {
        parts.push(format!("1 in flight: median +{}", millis(s.median)));
    }
    (parts.join("; "), judged)
}

/// Goal G2, judged on Rust's 100 requests in flight; the sweep's sequential batches give
/// the excess with one in flight for reference.
pub fn goal_2_row(
    (rust, rust_sweep): (&Wide, &Result<Vec<Batch>, String>),
    (python, python_sweep): (&Wide, &Result<Vec<Batch>, String>),
    sweep_delay: f64,
) -> Row {
    let (rust_cell, rust_summary) = goal_2_cell(rust, rust_sweep, sweep_delay);
    let (python_cell, _) = goal_2_cell(python, python_sweep, sweep_delay);
    let goal = 2e-3;
    let verdict = match rust_summary {
        Some(s) if s.p95 < goal => format!(
            "met: median +{}, p95 +{} (goal < 2 ms)",
            millis(s.median),
            millis(s.p95)
        ),
        Some(s) if s.median < goal => format!(
            "met on the median (+{}), not at p95 (+{}) (goal < 2 ms)",
            millis(s.median),
            millis(s.p95)
        ),
        Some(s) => format!("missed: median +{} (goal < 2 ms)", millis(s.median)),
        None => "not measured".into(),
    };
    Row {
        id: "G2",
        claim: "the stand-in adds < 2 ms per request over /delay/0.1, with 100 requests in flight"
            .into(),
        source: "goal",
        lecture: "-".into(),
        rust: rust_cell,
        python: format!("{python_cell} (urllib client)"),
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duration;

    #[test]
    fn goal_2_is_judged_on_the_staggered_batch() {
        let with_excess = |ms: &[f64]| Batch {
            workers: 100,
            wall: duration(0.2),
            per_request: ms
                .iter()
                .map(|ms| duration(GOAL_DELAY + ms / 1e3))
                .collect(),
            peak_in_flight: 100,
        };
        let wide = |staggered: &[f64], at_once: &[f64]| Wide {
            staggered: Some(Ok(with_excess(staggered))),
            at_once: Ok(with_excess(at_once)),
        };
        let no_sweep = Err("not run".to_owned());
        let python = Wide {
            staggered: None,
            at_once: Err("python3 is not on PATH".into()),
        };
        let verdict = |w: &Wide| goal_2_row((w, &no_sweep), (&python, &no_sweep), 0.02).verdict;
        assert!(verdict(&wide(&[1.0; 20], &[15.0; 20])).starts_with("met: median +1.0 ms"));
        let mut tail = vec![1.0; 20];
        tail[18..].fill(9.0);
        assert!(verdict(&wide(&tail, &[1.0; 20])).starts_with("met on the median"));
        assert!(verdict(&wide(&[3.0; 20], &[1.0; 20])).starts_with("missed"));
        let (cell, _) = goal_2_cell(&wide(&[1.0; 4], &[15.0; 4]), &no_sweep, 0.02);
        assert!(cell.contains("100 µs apart: median +1.0 ms"), "{cell}");
        assert!(cell.contains("at once: median +15.0 ms"), "{cell}");
    }
}
