//! One checked expectation, and the table that reports them all.

use std::fmt::Write;

/// An expectation from the lecture, where the lecture states it, and what we found.
#[derive(Debug)]
pub struct Check {
    /// The example (or workspace step) the expectation is about.
    pub subject: String,
    /// The expectation, in a few words.
    pub expectation: String,
    /// Where the lecture says so (narration or code notes).
    pub source: &'static str,
    /// `Ok` with what was measured, or `Err` with what differed.
    pub outcome: Result<String, String>,
}

impl Check {
    /// A check of `subject` against `expectation`, citing `source`.
    pub fn new(
        subject: &str,
        expectation: impl Into<String>,
        source: &'static str,
        outcome: Result<String, String>,
    ) -> Self {
        Check {
            subject: subject.to_owned(),
            expectation: expectation.into(),
            source,
            outcome,
        }
    }

    /// True if the expectation held.
    pub fn passed(&self) -> bool {
        self.outcome.is_ok()
    }
}

/// Renders the checks as a plain-text table: example, expectation, source, result.
pub fn table(checks: &[Check]) -> String {
    let headers = ["example", "expectation", "source in the lecture", "result"];
    let rows: Vec<[String; 4]> = checks
        .iter()
        .map(|check| {
            let result = match &check.outcome {
                Ok(found) => format!("ok: {found}"),
                Err(why) => format!("FAILED: {why}"),
            };
            [
                check.subject.clone(),
                check.expectation.clone(),
                check.source.to_owned(),
                result,
            ]
        })
        .collect();

    let mut widths = headers.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    // The result column is last and may be long: it is not padded.
    let mut out = String::new();
    let mut line = |cells: [&str; 4]| {
        for (i, cell) in cells.iter().enumerate() {
            if i == 3 {
                let _ = writeln!(out, "{cell}");
            } else {
                let _ = write!(out, "{cell:<width$} | ", width = widths[i]);
            }
        }
    };
    line(headers);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line([&rule[0], &rule[1], &rule[2], "------"]);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_every_check_and_its_verdict() {
        let checks = [
            Check::new("ex", "holds", "line 1", Ok("3 of 3".into())),
            Check::new("ex", "breaks", "line 2", Err("got 4".into())),
        ];
        let table = table(&checks);
        assert!(table.contains("ok: 3 of 3"));
        assert!(table.contains("FAILED: got 4"));
        assert_eq!(table.lines().count(), 4);
    }
}
