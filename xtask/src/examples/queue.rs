//! Example 19.3: one producer, three consumers, a bounded queue and a sentinel.

use std::time::Duration;

use super::{Example, in_every_run, plain_text};
use crate::check::Check;
use crate::process::Run;

const TASKS: usize = 5;

pub fn example() -> Example {
    Example {
        package: "ex19_3_queue",
        binary: "ex19_3_queue",
        snapshot: "ex19_3_queue",
        args: &[],
        runs: 5,
        deadline: Duration::from_secs(10),
        // Nothing varies: the producer prints in order and the count comes after every join.
        filters: &[],
        snapshot_text: plain_text,
        properties,
    }
}

fn properties(name: &str, runs: &[Run]) -> Vec<Check> {
    vec![
        Check::new(
            name,
            "produces tasks 0 to 4, each once, in order",
            "narration of 19.3; notes lines 10-15",
            in_every_run(
                runs,
                || format!("in {0} of {0} runs", runs.len()),
                |run| {
                    let produced: Vec<&str> = run
                        .lines()
                        .into_iter()
                        .filter(|line| line.starts_with("Produced"))
                        .collect();
                    let expected: Vec<String> =
                        (0..TASKS).map(|i| format!("Produced task {i}")).collect();
                    if produced == expected {
                        Ok(())
                    } else {
                        Err(format!("produced lines were {produced:?}"))
                    }
                },
            ),
        ),
        Check::new(
            name,
            "processes every task: prints `Processed 5 tasks` last",
            "notes lines 29-35: \"should equal the number of tasks produced\"",
            in_every_run(
                runs,
                || format!("in {0} of {0} runs", runs.len()),
                |run| match run.lines().last() {
                    Some(&"Processed 5 tasks") => Ok(()),
                    other => Err(format!("last line was {other:?}")),
                },
            ),
        ),
        Check::new(
            name,
            "each task processed exactly once, every consumer stops",
            "notes lines 17-27: the sentinel fan-out",
            in_every_run(
                runs,
                || "the program's own check held and all 3 consumers were joined".to_owned(),
                // The debug build checks its results before it exits and panics (exit 101,
                // a message on stderr) if a task was lost or doubled; a consumer that never
                // stops would hold the joins, and the run would be killed at its deadline.
                |run| match (run.code, run.stderr.is_empty()) {
                    (Some(0), true) => Ok(()),
                    _ => Err(format!(
                        "exit {:?}, stderr: {}",
                        run.code,
                        run.stderr.trim()
                    )),
                },
            ),
        ),
    ]
}
