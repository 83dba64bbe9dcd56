//! The claims table: one row per claim, printed for the terminal and written as Markdown.

use std::fmt::Write as _;

/// One quantitative claim of the lecture, or one performance goal, and what was measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Short and stable: `1`, `1b`, `G2`.
    pub id: &'static str,
    /// The claim in a few words.
    pub claim: String,
    /// Where the lecture makes it (or `goal` for the project's own goals).
    pub source: &'static str,
    /// The lecture's figure, in its words.
    pub lecture: String,
    /// What the Rust workload measured here.
    pub rust: String,
    /// What the Python workload measured here, or why it was not run.
    pub python: String,
    /// Whether the measurements bear the claim out.
    pub verdict: String,
}

const HEADERS: [&str; 7] = [
    "#",
    "claim",
    "where",
    "lecture says",
    "Rust here",
    "Python here",
    "verdict",
];
/// Column widths for the terminal: about 150 characters in all.
const WIDTHS: [usize; 7] = [4, 24, 13, 18, 32, 32, 18];

impl Row {
    fn cells(&self) -> [&str; 7] {
        [
            self.id,
            &self.claim,
            self.source,
            &self.lecture,
            &self.rust,
            &self.python,
            &self.verdict,
        ]
    }
}

/// The rows as a plain-text table whose long cells wrap inside their column.
pub fn text(rows: &[Row]) -> String {
    let mut out = String::new();
    let rule: Vec<String> = WIDTHS.iter().map(|&w| "-".repeat(w)).collect();
    let rule: Vec<&str> = rule.iter().map(String::as_str).collect();
    write_wrapped(&mut out, &HEADERS);
    write_wrapped(&mut out, &rule);
    for row in rows {
        write_wrapped(&mut out, &row.cells());
    }
    out
}

/// One table row, as many lines as its tallest cell needs.
fn write_wrapped(out: &mut String, cells: &[&str]) {
    let wrapped: Vec<Vec<String>> = cells
        .iter()
        .zip(WIDTHS)
        .map(|(cell, width)| wrap(cell, width))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for line in 0..height {
        let parts: Vec<String> = wrapped
            .iter()
            .zip(WIDTHS)
            .map(|(lines, width)| {
                let text = lines.get(line).map_or("", String::as_str);
                format!("{text:<width$}")
            })
            .collect();
        let _ = writeln!(out, "{}", parts.join(" | ").trim_end());
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces where it can and
/// inside a word where it must.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while !word.is_empty() {
            let used = line.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.extend(word.drain(..));
            } else if used > 0 {
                lines.push(std::mem::take(&mut line));
            } else {
                line.extend(word.drain(..width));
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The rows as a Markdown table.
pub fn markdown(rows: &[Row]) -> String {
    let escape = |cell: &str| cell.replace('|', "\\|").replace('\n', " ");
    let mut out = format!("| {} |\n", HEADERS.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(HEADERS.len()));
    for row in rows {
        let cells: Vec<String> = row.cells().iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row {
            id: "1",
            claim: "100 URLs at 1 s each: 100 s sequentially, about 10 s with 10 threads".into(),
            source: "Concept 1.1",
            lecture: "100 s → ~10 s".into(),
            rust: "sequential 10.05 s; 10 workers 1.01 s (9.9×)".into(),
            python: "a|b".into(),
            verdict: "holds".into(),
        }
    }

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("a  b", 10), ["a b"]);
        assert_eq!(
            wrap("µs µs", 2),
            ["µs", "µs"],
            "counts characters, not bytes"
        );
    }

    #[test]
    fn text_table_keeps_every_line_within_the_columns() {
        let table = text(&[row()]);
        let limit = WIDTHS.iter().sum::<usize>() + 3 * (WIDTHS.len() - 1);
        for line in table.lines() {
            assert!(line.chars().count() <= limit, "{line}");
        }
        assert!(table.lines().count() > 3, "the long claim wraps:\n{table}");
        let joined: String = table.split_whitespace().collect();
        assert!(joined.contains("(9.9×)"), "{table}");
    }

    #[test]
    fn markdown_escapes_pipes_and_has_one_line_per_row() {
        let md = markdown(&[row(), row()]);
        assert_eq!(md.lines().count(), 4);
        assert!(md.contains("a\\|b"));
        assert!(md.starts_with("| # | claim |"));
    }
}
