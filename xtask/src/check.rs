//! One checked expectation, and the summary that reports them all.

use std::fmt::Write;

use anyhow::Result;

/// An expectation, where the lecture states it, and whether it held.
#[derive(Debug)]
pub struct Check {
    /// The example (or workspace step) the expectation is about.
    pub subject: String,
    /// The expectation in a few words, then where the lecture states it in parentheses.
    pub expectation: String,
    pub outcome: Outcome,
}

/// Whether an expectation held, or why it could not be checked here.
#[derive(Debug)]
pub enum Outcome {
    Passed,
    /// Not checked: a prerequisite is missing here, and this says which.
    Skipped(String),
    /// What differed.
    Failed(anyhow::Error),
}

impl Check {
    /// A check of `subject` against `expectation`: `Err` with what differed if it failed.
    pub fn new(subject: &str, expectation: impl Into<String>, outcome: Result<()>) -> Self {
        let outcome = outcome.map_or_else(Outcome::Failed, |()| Outcome::Passed);
        Check { subject: subject.to_owned(), expectation: expectation.into(), outcome }
    }

    /// A check of `subject` that could not run here, and `why`.
    pub fn skipped(subject: &str, expectation: impl Into<String>, why: impl Into<String>) -> Self {
        let outcome = Outcome::Skipped(why.into());
        Check { subject: subject.to_owned(), expectation: expectation.into(), outcome }
    }

    /// One check of `subject` per expectation, each with the outcome in the same place.
    pub fn each<const N: usize>(
        subject: &str,
        expectations: [&str; N],
        outcomes: [Result<()>; N],
    ) -> Vec<Check> {
        let checks = expectations.into_iter().zip(outcomes);
        checks.map(|(expectation, outcome)| Check::new(subject, expectation, outcome)).collect()
    }

    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Passed)
    }

    pub fn failed(&self) -> bool {
        matches!(self.outcome, Outcome::Failed(_))
    }
}

/// One line per check, `ok`, `skipped` or `FAILED`, the skips' reasons and the failures'
/// details indented below theirs, then the counts.
pub fn summary(checks: &[Check]) -> String {
    let width = checks.iter().map(|c| c.subject.len()).max().unwrap_or(0);
    let mut out = String::new();
    for check in checks {
        let (verdict, details) = match &check.outcome {
            Outcome::Passed => ("ok", String::new()),
            Outcome::Skipped(why) => ("skipped", why.clone()),
            Outcome::Failed(why) => ("FAILED", format!("{why:#}")),
        };
        let (subject, expectation) = (&check.subject, &check.expectation);
        let _ = writeln!(out, "{verdict:<7} {subject:<width$}  {expectation}");
        for line in details.lines() {
            let _ = writeln!(out, "          {line}");
        }
    }
    let count = |verdict: fn(&Check) -> bool| checks.iter().filter(|c| verdict(c)).count();
    let (passed, failed) = (count(Check::passed), count(Check::failed));
    let skipped = checks.len() - passed - failed;
    let _ = writeln!(out, "{passed} passed, {failed} failed, {skipped} skipped");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::anyhow;

    #[test]
    fn one_line_per_check_and_details_only_under_failures_and_skips() {
        let checks = [
            Check::new("ex", "holds (notes 1)", Ok(())),
            Check::new("example", "breaks", Err(anyhow!("got 4\nand 5"))),
            Check::skipped("ex", "a test::name", "no python3 here"),
        ];
        assert_eq!(
            summary(&checks),
            "ok      ex       holds (notes 1)\n\
             FAILED  example  breaks\n          got 4\n          and 5\n\
             skipped ex       a test::name\n          no python3 here\n\
             1 passed, 1 failed, 1 skipped\n"
        );
    }

    #[test]
    fn a_skip_is_neither_passed_nor_failed() {
        let skip = Check::skipped("ex", "a test", "why");
        assert!(!skip.passed() && !skip.failed());
        assert!(Check::new("ex", "a test", Ok(())).passed());
        assert!(Check::new("ex", "a test", Err(anyhow!("no"))).failed());
    }
}
