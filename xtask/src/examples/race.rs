//! Example 19.2: lost updates without a lock, exactly 100 with one.

use std::time::Duration;

use super::{Example, plain_text};
use crate::check::Check;
use crate::process::Run;

const UNSAFE: &str = "Unsafe counter (expected 100): ";
const SAFE: &str = "Safe counter (expected 100): ";

pub fn example() -> Example {
    Example {
        package: "ex19_2_race",
        binary: "ex19_2_race",
        snapshot: "ex19_2_race",
        args: &[],
        runs: 10,
        deadline: Duration::from_secs(10),
        filters: &[(r"(Unsafe counter \(expected 100\): )\d+", "$1[varies]")],
        snapshot_text: plain_text,
        properties,
    }
}

/// The two counts a run printed, or why its output is not the lecture's two lines.
fn counts(run: &Run) -> Result<(u64, u64), String> {
    let lines = run.lines();
    let [unsafe_line, safe_line] = lines[..] else {
        return Err(format!(
            "expected 2 lines, got {}: {:?}",
            lines.len(),
            run.stdout
        ));
    };
    let number = |line: &str, prefix: &str| {
        line.strip_prefix(prefix)
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("expected `{prefix}N`, got {line:?}"))
    };
    Ok((number(unsafe_line, UNSAFE)?, number(safe_line, SAFE)?))
}

fn properties(name: &str, runs: &[Run]) -> Vec<Check> {
    let parsed: Result<Vec<_>, _> = runs.iter().map(counts).collect();
    let counts = match parsed {
        Ok(counts) => counts,
        Err(why) => {
            return vec![Check::new(
                name,
                "prints the two lines of the lecture",
                "code notes, lines 28 and 34",
                Err(why),
            )];
        }
    };
    let (unsafe_counts, safe_counts): (Vec<u64>, Vec<u64>) = counts.into_iter().unzip();
    let lost = unsafe_counts.iter().filter(|&&u| u < 100).count();
    let needed = runs.len() * 9 / 10;

    vec![
        Check::new(
            name,
            "safe counter is exactly 100 in every run",
            "narration of 19.2; notes lines 30-34",
            if safe_counts.iter().all(|&s| s == 100) {
                Ok(format!("100 in {0} of {0} runs", runs.len()))
            } else {
                Err(format!("safe counts were {safe_counts:?}"))
            },
        ),
        Check::new(
            name,
            format!(
                "unsafe counter below 100 in at least {needed} of {} runs",
                runs.len()
            ),
            "notes lines 22-28: \"almost always less than 100\"",
            if lost >= needed {
                Ok(format!(
                    "below 100 in {lost} of {} runs: {unsafe_counts:?}",
                    runs.len()
                ))
            } else {
                Err(format!(
                    "below 100 in only {lost} of {} runs: {unsafe_counts:?}",
                    runs.len()
                ))
            },
        ),
        Check::new(
            name,
            "unsafe counter never above 100",
            "concept 2.1: a race loses increments",
            match unsafe_counts.iter().max() {
                Some(&max) if max > 100 => Err(format!("reached {max}: {unsafe_counts:?}")),
                _ => Ok(format!(
                    "at most {}",
                    unsafe_counts.iter().max().unwrap_or(&0)
                )),
            },
        ),
    ]
}
