//! Example 19.3: one producer, three consumers, a bounded queue and a sentinel.

use std::time::Duration;

use super::{Example, holds, in_every_run, labelled_text};
use crate::check::Check;
use crate::process::Run;

pub fn example() -> Example {
    Example {
        package: "ex19_3_queue",
        binary: "ex19_3_queue",
        runs: 5,
        deadline: Duration::from_secs(10),
        // Nothing varies: the producer prints in order and the count comes after every join.
        snapshot_text: |run| labelled_text(run, "stdout"),
        properties,
    }
}

fn properties(name: &str, runs: &[Run]) -> Vec<Check> {
    let expected: Vec<String> = (0..5).map(|i| format!("Produced task {i}")).collect();
    let produced = in_every_run(runs, |run| {
        let produced: Vec<&str> =
            run.stdout.lines().filter(|l| l.starts_with("Produced")).collect();
        holds(produced == expected, || format!("produced lines were {produced:?}"))
    });
    let processed = in_every_run(runs, |run| {
        let last = run.lines().last().copied();
        holds(last == Some("Processed 5 tasks"), || format!("last line was {last:?}"))
    });
    // The debug build checks its results before it exits and panics (exit 101, a message
    // on stderr) if a task was lost or doubled; a consumer that never stops would hold the
    // joins, and the run would be killed at its deadline.
    let once_each = in_every_run(runs, |run| {
        let (code, stderr) = (run.code, run.stderr.trim());
        holds(code == Some(0) && stderr.is_empty(), || format!("exit {code:?}, stderr: {stderr}"))
    });
    Check::each(
        name,
        [
            "produces tasks 0 to 4, each once, in order (narration 19.3; notes 10-15)",
            "processes every task: prints `Processed 5 tasks` last (notes 29-35)",
            "each task processed exactly once, every consumer stops (notes 17-27)",
        ],
        [produced, processed, once_each],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::tests::printing;

    #[test]
    fn each_property_fails_on_its_own_fault() {
        let output = "Produced task 0\nProduced task 1\nProduced task 2\n\
                      Produced task 3\nProduced task 4\nProcessed 5 tasks\n";
        let failed = |run: Run| -> Vec<bool> {
            properties("x", &[run]).iter().map(|c| !c.passed()).collect()
        };
        assert_eq!(failed(printing(output)), [false, false, false]);
        let skipped = output.replace("Produced task 3\n", "");
        assert_eq!(failed(printing(&skipped)), [true, false, false]);
        let lost = output.replace("5 tasks", "4 tasks");
        assert_eq!(failed(printing(&lost)), [false, true, false]);
        let panicked = Run { code: Some(101), ..printing(output) };
        assert_eq!(failed(panicked), [false, false, true]);
    }
}
