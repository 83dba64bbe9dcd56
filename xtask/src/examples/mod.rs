//! What each example must show, as the lecture narrates it.

mod fetch;
mod queue;
mod queue_timeline;
mod race;
mod race_trace;

use std::path::Path;
use std::time::Duration;

use anyhow::{Result, ensure};

use crate::check::Check;
use crate::process::Run;

/// One runnable example and the narrated expectations its output is checked against.
#[derive(Clone)]
pub struct Example {
    /// The cargo package, whose mirror is the binary of the same name. A variant shares its
    /// mirror's snapshot, named after the package too, because it must print the same.
    pub package: &'static str,
    /// The binary to run.
    pub binary: &'static str,
    /// How many times to run it: enough to see what varies from run to run.
    pub runs: usize,
    /// A run still going after this is killed and reported as a hang.
    pub deadline: Duration,
    /// The run as it is snapshotted, with what legitimately varies masked.
    pub snapshot_text: fn(&Run) -> String,
    /// The narrated properties, checked over all runs.
    pub properties: fn(&str, &[Run]) -> Vec<Check>,
}

/// Every example, in lecture order, each mirror followed by its idiomatic variants.
pub fn all() -> Vec<Example> {
    let (fetch, race, queue) = (fetch::example(), race::example(), queue::example());
    let variant = |example: &Example, binary| Example { binary, ..example.clone() };
    vec![
        variant(&fetch, "fetch_scoped"),
        fetch,
        variant(&race, "fetch_add"),
        variant(&race, "arc_mutex"),
        race,
        variant(&queue, "disconnect"),
        queue,
    ]
}

/// What the examples' flags show (`--trace`, `--timeline`), each run from the built binaries in
/// `binaries` and checked against what the lecture narrates.
pub fn views(binaries: &Path) -> Vec<Check> {
    let mut checks = race_trace::checks(binaries);
    checks.extend(queue_timeline::checks(binaries));
    checks
}

/// A run as one text: exit code, then stdout (after `stdout_label`), then stderr.
fn labelled_text(run: &Run, stdout_label: &str) -> String {
    let code = run.code.map_or("none".to_owned(), |c| c.to_string());
    format!("exit code: {code}\n--- {stdout_label}\n{}--- stderr\n{}", run.stdout, run.stderr)
}

/// `text` with every run of digits and dots that follows `before` replaced by `mask`.
fn masked(text: &str, before: &str, mask: &str) -> String {
    let mut parts = text.split(before);
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        let number = part.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let mask = if number.len() < part.len() { mask } else { "" };
        out = out + before + mask + number;
    }
    out
}

/// `Ok` if `held`, else an error saying what was `found`.
fn holds(held: bool, found: impl FnOnce() -> String) -> Result<()> {
    ensure!(held, found());
    Ok(())
}

/// Applies `check` to every run (or what was read from it); `Ok` if it holds for all, else
/// the first failure.
fn in_every_run<T>(runs: &[T], mut check: impl FnMut(&T) -> Result<()>) -> Result<()> {
    for (i, run) in runs.iter().enumerate() {
        check(run).map_err(|why| why.context(format!("run {} of {}", i + 1, runs.len())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::tests::printing;

    #[test]
    fn masking_replaces_only_numbers_after_the_marker() {
        let text = "a stand-in on 127.0.0.1:4041 (x)\nurl: 3 bytes in 0.05s\nin all\n";
        let text = masked(&masked(text, "127.0.0.1:", "[port]"), " in ", "[time]");
        assert_eq!(text, "a stand-in on 127.0.0.1:[port] (x)\nurl: 3 bytes in [time]s\nin all\n");
    }

    /// Every example's lines in the summary fit in a 100-column terminal, failed or not.
    #[test]
    fn the_summary_of_every_example_fits_in_100_columns() {
        let mut checks = Vec::new();
        for example in all() {
            for stdout in ["", "nonsense\n", "Unsafe counter (expected 100): 1\n"] {
                checks.extend((example.properties)(example.binary, &[printing(stdout)]));
            }
        }
        let fetched = printing(fetch::tests::SAMPLE);
        checks.extend((fetch::example().properties)("fetch_scoped", &[fetched]));
        for line in crate::check::summary(&checks).lines().filter(|l| !l.starts_with(' ')) {
            assert!(line.chars().count() <= 100, "{line}");
        }
    }
}
