//! Claims 1 and 1b and goal G1: how much faster the pool is than one by one, and how near
//! it comes to the limit `ceil(N / W) × d` at each worker count.

use crate::secs;
use crate::stats::Summary;
use crate::table::Row;

use super::batch::{Batch, limit};
use super::{GOAL_DELAY, GOAL_WORKERS};

/// The worker counts of the speedup sweep.
pub const WORKERS: [usize; 7] = [1, 2, 5, 10, 20, 50, 100];

/// `(workers, speedup)` for each pool of the sweep, against its sequential batch.
pub fn speedups(sweep: &[Batch]) -> Vec<(usize, f64)> {
    let Some(sequential) = sweep.iter().find(|b| b.workers == 0) else {
        return Vec::new();
    };
    sweep
        .iter()
        .filter(|b| b.workers > 0)
        .map(|b| {
            (
                b.workers,
                sequential.wall.as_secs_f64() / b.wall.as_secs_f64(),
            )
        })
        .collect()
}

/// The wall time of the sweep's batch on `workers` (0: one by one), in seconds.
pub fn wall_of(sweep: &[Batch], workers: usize) -> Option<f64> {
    sweep
        .iter()
        .find(|b| b.workers == workers)
        .map(|b| b.wall.as_secs_f64())
}

fn claim_1_cell(n: usize, delay: f64, sweep: &Result<Vec<Batch>, String>) -> (String, Option<f64>) {
    let sweep = match sweep {
        Ok(sweep) => sweep,
        Err(why) => return (format!("error: {why}"), None),
    };
    match (wall_of(sweep, 0), wall_of(sweep, GOAL_WORKERS)) {
        (Some(one_by_one), Some(pooled)) => (
            format!(
                "{n} × /delay/{delay}: one by one {} (limit {}), 10 workers {} (limit {}): {:.1}× faster",
                secs(one_by_one),
                secs(limit(n, 1, delay)),
                secs(pooled),
                secs(limit(n, GOAL_WORKERS, delay)),
                one_by_one / pooled
            ),
            Some(one_by_one / pooled),
        ),
        _ => ("error: a batch is missing".into(), None),
    }
}

/// Claim 1: 10 workers against one by one, on the sweep's batches.
pub fn claim_1_row(
    n: usize,
    delay: f64,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> Row {
    let (rust_cell, rust_speedup) = claim_1_cell(n, delay, rust);
    let (python_cell, python_speedup) = claim_1_cell(n, delay, python);
    let ideal = n as f64 / n.div_ceil(GOAL_WORKERS) as f64;
    let python = python_speedup.map_or(String::new(), |p| format!(" ({p:.1}× in Python)"));
    let verdict = match rust_speedup {
        // Above the ideal: the one-by-one run pays each request's own overhead 100 times,
        // the pool about 10 times.
        Some(s) if s > 1.02 * ideal => format!(
            "holds: {s:.1}×{python}, above the ideal {ideal:.0}× as the one-by-one run pays \
             each request's overhead {n} times"
        ),
        Some(s) if s >= 0.9 * ideal => format!("holds: {s:.1}× of an ideal {ideal:.0}×{python}"),
        Some(s) => format!("partly: {s:.1}×, ideal {ideal:.0}×"),
        None => "not measured".into(),
    };
    Row {
        id: "1",
        claim: "100 URLs at 1 s each: 100 s sequentially, about 10 s with 10 threads".into(),
        source: "Concept 1.1",
        lecture: "100 s → about 10 s (10×)".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

fn claim_1b_cell(
    n: usize,
    delay: f64,
    sweep: &Result<Vec<Batch>, String>,
) -> (String, Option<(usize, f64)>) {
    let sweep = match sweep {
        Ok(sweep) => sweep,
        Err(why) => return (format!("error: {why}"), None),
    };
    let listed: Vec<String> = speedups(sweep)
        .iter()
        .map(|(w, s)| format!("{w}: {s:.1}×"))
        .collect();
    let widest = sweep
        .iter()
        .filter(|b| b.workers > 0)
        .max_by_key(|b| b.workers);
    let widest = widest.map_or(String::new(), |b| {
        format!(
            "; {} workers: {} against a limit of {}",
            b.workers,
            secs(b.wall.as_secs_f64()),
            secs(limit(n, b.workers, delay))
        )
    });
    (
        format!("speedup by workers: {}{widest}", listed.join(", ")),
        efficient_up_to(n, delay, sweep),
    )
}

/// The largest worker count up to which every pool ran at 80% or more of its limit's
/// speed (limit / time ≥ 0.8), and that share at the largest worker count of all.
fn efficient_up_to(n: usize, delay: f64, sweep: &[Batch]) -> Option<(usize, f64)> {
    let mut pools: Vec<&Batch> = sweep.iter().filter(|b| b.workers > 0).collect();
    pools.sort_by_key(|b| b.workers);
    let share = |b: &Batch| limit(n, b.workers, delay) / b.wall.as_secs_f64();
    let up_to = pools
        .iter()
        .take_while(|b| share(b) >= 0.8)
        .last()
        .map_or(0, |b| b.workers);
    Some((up_to, share(pools.last()?)))
}

/// Claim 1b: the speedup at every worker count of the sweep, against the limit.
pub fn claim_1b_row(
    n: usize,
    delay: f64,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> Row {
    let (rust_cell, rust_efficiency) = claim_1b_cell(n, delay, rust);
    let (python_cell, _) = claim_1b_cell(n, delay, python);
    let widest = WORKERS[WORKERS.len() - 1];
    let verdict = match rust_efficiency {
        Some((up_to, _)) if up_to == widest => {
            format!("holds: at 80% or more of the limit up to {widest} workers")
        }
        Some((0, last)) => format!(
            "does not hold: under 80% of the limit already at 1 worker ({:.0}% at {widest})",
            last * 100.0
        ),
        Some((up_to, last)) => format!(
            "holds up to {up_to} workers (80% of the limit or more); at {widest}, {:.0}%: \
             starting threads and connections outweighs a {delay} s wait",
            last * 100.0
        ),
        None => "not measured".into(),
    };
    Row {
        id: "1b",
        claim: "threads stack the waits: speedup grows with the worker count (1 to 100)".into(),
        source: "Concept 1.1",
        lecture: "waits stacked \"on top of each other\"; limit ceil(N/W)·d".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

fn goal_1_cell(n: usize, runs: &Result<Vec<Batch>, String>) -> (String, Option<f64>) {
    let runs = match runs {
        Ok(runs) if !runs.is_empty() => runs,
        Ok(_) => return ("no run".into(), None),
        Err(why) => return (format!("error: {why}"), None),
    };
    let limit = limit(n, GOAL_WORKERS, GOAL_DELAY);
    let walls: Vec<f64> = runs.iter().map(|b| b.wall.as_secs_f64()).collect();
    let summary = Summary::of(&walls).expect("at least one run");
    (
        format!(
            "median {} ({:+.1}% over {}), slowest {} in {} runs",
            secs(summary.median),
            (summary.median / limit - 1.0) * 100.0,
            secs(limit),
            secs(summary.max),
            runs.len()
        ),
        Some(summary.median / limit - 1.0),
    )
}

/// Goal G1: the repeated 10-worker runs against their limit of 1 s.
pub fn goal_1_row(
    n: usize,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> Row {
    let (rust_cell, rust_excess) = goal_1_cell(n, rust);
    let (python_cell, _) = goal_1_cell(n, python);
    let verdict = match rust_excess {
        Some(e) if e <= 0.05 => format!("met: {:+.1}% (goal ≤ +5%)", e * 100.0),
        Some(e) => format!("missed: {:+.1}% (goal ≤ +5%)", e * 100.0),
        None => "not measured".into(),
    };
    Row {
        id: "G1",
        claim: "10 workers fetch 100 × /delay/0.1 within 5% of the 1.0 s limit".into(),
        source: "goal",
        lecture: "-".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::batch::batch;

    #[test]
    fn speedups_are_against_the_sequential_batch() {
        let sweep = [batch(0, 10.0), batch(1, 10.0), batch(10, 1.25)];
        assert_eq!(speedups(&sweep), [(1, 1.0), (10, 8.0)]);
        assert!(speedups(&[batch(10, 1.0)]).is_empty());
    }

    #[test]
    fn claim_1_holds_only_near_the_ideal() {
        let good = Ok(vec![batch(0, 10.0), batch(10, 1.02)]);
        let poor = Ok(vec![batch(0, 10.0), batch(10, 2.5)]);
        let missing = Err("python3 is not on PATH".to_owned());
        let row = claim_1_row(100, 0.1, &good, &missing);
        assert!(row.verdict.starts_with("holds: 9.8×"), "{}", row.verdict);
        let above = Ok(vec![batch(0, 11.0), batch(10, 1.0)]);
        let row = claim_1_row(100, 0.1, &above, &missing);
        assert!(row.verdict.contains("above the ideal"), "{}", row.verdict);
        assert!(row.python.contains("python3 is not on PATH"));
        assert!(
            claim_1_row(100, 0.1, &poor, &good)
                .verdict
                .starts_with("partly")
        );
    }

    #[test]
    fn goal_1_is_met_within_five_percent() {
        let met = goal_1_row(100, &Ok(vec![batch(10, 1.03)]), &Ok(vec![]));
        assert!(met.verdict.starts_with("met: +3.0%"), "{}", met.verdict);
        let missed = goal_1_row(100, &Ok(vec![batch(10, 1.2), batch(10, 1.1)]), &Ok(vec![]));
        assert!(
            missed.verdict.starts_with("missed: +15.0%"),
            "{}",
            missed.verdict
        );
    }
}
