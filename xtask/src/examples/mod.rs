//! What each example must show, as the lecture narrates it.

mod fetch;
mod queue;
mod race;

use std::time::Duration;

use crate::check::Check;
use crate::process::Run;

/// One runnable example and the narrated expectations its output is checked against.
#[derive(Clone)]
pub struct Example {
    /// The cargo package that holds the binary.
    pub package: &'static str,
    /// The binary to run.
    pub binary: &'static str,
    /// The snapshot its output is compared with: a variant shares its mirror's, because it
    /// must print the same lines.
    pub snapshot: &'static str,
    /// Arguments passed on every run.
    pub args: &'static [&'static str],
    /// How many times to run it: enough to see what varies from run to run.
    pub runs: usize,
    /// A run still going after this is killed and reported as a hang.
    pub deadline: Duration,
    /// insta filters `(regex, replacement)` for what legitimately varies between runs.
    pub filters: &'static [(&'static str, &'static str)],
    /// Puts a run in the form that is snapshotted (before the filters apply).
    pub snapshot_text: fn(&Run) -> String,
    /// The narrated properties, checked over all runs.
    pub properties: fn(&str, &[Run]) -> Vec<Check>,
}

/// Every example, in lecture order, each mirror followed by its idiomatic variants.
pub fn all() -> Vec<Example> {
    let (fetch, race, queue) = (fetch::example(), race::example(), queue::example());
    vec![
        fetch.variant("fetch_scoped"),
        fetch,
        race.variant("fetch_add"),
        race.variant("arc_mutex"),
        race,
        queue.variant("disconnect"),
        queue,
    ]
}

impl Example {
    /// Another binary of the same crate that must print what this one prints and show the
    /// same narrated properties.
    fn variant(&self, binary: &'static str) -> Example {
        Example {
            binary,
            ..self.clone()
        }
    }
}

/// A run as one text: exit code, then stdout, then stderr.
pub fn plain_text(run: &Run) -> String {
    labelled_text(run, "stdout")
}

/// A run as one text, with `stdout_label` naming what was done to stdout.
fn labelled_text(run: &Run, stdout_label: &str) -> String {
    format!(
        "exit code: {}\n--- {stdout_label}\n{}--- stderr\n{}",
        run.code.map_or("none".to_owned(), |c| c.to_string()),
        run.stdout,
        run.stderr
    )
}

/// Applies `check` to every run; `Ok` with `summary` if it holds for all, else the first failure.
fn in_every_run(
    runs: &[Run],
    summary: impl FnOnce() -> String,
    mut check: impl FnMut(&Run) -> Result<(), String>,
) -> Result<String, String> {
    for (i, run) in runs.iter().enumerate() {
        check(run).map_err(|why| format!("run {} of {}: {why}", i + 1, runs.len()))?;
    }
    Ok(summary())
}
