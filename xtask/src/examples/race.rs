//! Example 19.2: lost updates without a lock, exactly 100 with one.

use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::{Example, holds, labelled_text, masked};
use crate::check::Check;
use crate::process::Run;

const UNSAFE: &str = "Unsafe counter (expected 100): ";
const SAFE: &str = "Safe counter (expected 100): ";

pub fn example() -> Example {
    Example {
        package: "ex19_2_race",
        binary: "ex19_2_race",
        runs: 10,
        deadline: Duration::from_secs(10),
        snapshot_text: |run| masked(&labelled_text(run, "stdout"), UNSAFE, "[varies]"),
        properties,
    }
}

/// The two counts a run printed, or why its output is not the lecture's two lines.
fn counts(run: &Run) -> Result<(u64, u64)> {
    let lines = run.lines();
    let [unsafe_line, safe_line] = lines[..] else {
        bail!("expected 2 lines, got {}: {:?}", lines.len(), run.stdout);
    };
    let number = |line: &str, prefix: &str| {
        (line.strip_prefix(prefix).and_then(|n| n.parse().ok()))
            .with_context(|| format!("expected `{prefix}N`, got {line:?}"))
    };
    Ok((number(unsafe_line, UNSAFE)?, number(safe_line, SAFE)?))
}

fn properties(name: &str, runs: &[Run]) -> Vec<Check> {
    let (unsafe_counts, safe_counts): (Vec<u64>, Vec<u64>) =
        match runs.iter().map(counts).collect::<Result<Vec<_>>>() {
            Ok(counts) => counts.into_iter().unzip(),
            Err(why) => {
                return vec![Check::new(
                    name,
                    "prints the lecture's two lines (notes 28, 34)",
                    Err(why),
                )];
            }
        };
    let (n, lost) = (runs.len(), unsafe_counts.iter().filter(|&&u| u < 100).count());
    let (needed, highest) = (n * 9 / 10, unsafe_counts.iter().max().copied().unwrap_or(0));
    let exact = safe_counts.iter().all(|&s| s == 100);
    Check::each(
        name,
        [
            "safe counter is exactly 100 in every run (narration 19.2; notes 30-34)",
            &format!("unsafe counter below 100 in at least {needed} of {n} runs (notes 22-28)"),
            "unsafe counter never above 100 (concept 2.1)",
        ],
        [
            holds(exact, || format!("safe counts: {safe_counts:?}")),
            holds(lost >= needed, || format!("below 100 in {lost} of {n}: {unsafe_counts:?}")),
            holds(highest <= 100, || format!("reached {highest}: {unsafe_counts:?}")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::tests::printing;

    fn run(unsafe_count: u32, safe_count: u32) -> Run {
        printing(&format!("{UNSAFE}{unsafe_count}\n{SAFE}{safe_count}\n"))
    }

    #[test]
    fn lost_updates_and_an_exact_safe_count_pass() {
        let runs: Vec<Run> = (0..10).map(|i| run(40 + i, 100)).collect();
        assert!(properties("x", &runs).iter().all(Check::passed));
        assert_eq!(
            (example().snapshot_text)(&runs[0]),
            "exit code: 0\n--- stdout\nUnsafe counter (expected 100): [varies]\n\
             Safe counter (expected 100): 100\n--- stderr\n"
        );
    }

    #[test]
    fn no_lost_update_a_lost_safe_update_or_a_gain_fail() {
        let failed = |runs: &[Run]| -> Vec<bool> {
            properties("x", runs).iter().map(|c| !c.passed()).collect()
        };
        let mut runs: Vec<Run> = (0..10).map(|_| run(50, 100)).collect();
        runs[0] = run(100, 100);
        runs[1] = run(100, 99);
        assert_eq!(failed(&runs), [true, true, false]);
        runs[1] = run(101, 100);
        assert_eq!(failed(&runs), [false, true, true]);
    }
}
