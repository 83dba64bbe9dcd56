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
    /// `Err` with what differed.
    pub outcome: Result<()>,
}

impl Check {
    /// A check of `subject` against `expectation`.
    pub fn new(subject: &str, expectation: impl Into<String>, outcome: Result<()>) -> Self {
        let (subject, expectation) = (subject.to_owned(), expectation.into());
        Check { subject, expectation, outcome }
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
        self.outcome.is_ok()
    }
}

/// One line per check, `ok` or `FAILED`, the failures' details indented below theirs,
/// then the count.
pub fn summary(checks: &[Check]) -> String {
    let width = checks.iter().map(|c| c.subject.len()).max().unwrap_or(0);
    let mut out = String::new();
    for check in checks {
        let verdict = if check.passed() { "ok" } else { "FAILED" };
        let (subject, expectation) = (&check.subject, &check.expectation);
        let _ = writeln!(out, "{verdict:<6} {subject:<width$}  {expectation}");
        if let Err(why) = &check.outcome {
            for line in format!("{why:#}").lines() {
                let _ = writeln!(out, "         {line}");
            }
        }
    }
    let failed = checks.iter().filter(|c| !c.passed()).count();
    let _ = writeln!(out, "{} passed, {failed} failed", checks.len() - failed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::anyhow;

    #[test]
    fn one_line_per_check_and_details_only_under_failures() {
        let checks = [
            Check::new("ex", "holds (notes 1)", Ok(())),
            Check::new("example", "breaks", Err(anyhow!("got 4\nand 5"))),
        ];
        assert_eq!(
            summary(&checks),
            "ok     ex       holds (notes 1)\nFAILED example  breaks\n         got 4\n         and 5\n\
             1 passed, 1 failed\n"
        );
    }
}
