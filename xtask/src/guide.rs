//! The guide's line-by-line tables (`docs/ex19_*.md`): read, checked against the lecture's
//! numbering, and their `rust` column written from the mirror's anchors.

use anyhow::{Context, Result, bail};

use crate::anchors::Anchor;
use crate::lecture::Mirror;

/// The header that opens a page's line-by-line table.
pub const TABLE_HEADER: &str = "| notes | narration | rust |";

/// One row of a line-by-line table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 0-based index of the row's line in the text it was read from.
    pub index: usize,
    /// The code notes' line number.
    pub notes: u32,
    /// The narration's number for the same statement.
    pub narration: u32,
    /// What the Rust line does and why it differs, in one line; written by hand.
    pub explanation: String,
}

/// Reads the line-by-line table in `text`, or says why it cannot.
pub fn parse(text: &str) -> Result<Vec<Row>> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(TABLE_HEADER))
        .with_context(|| format!("no table starting with `{TABLE_HEADER}`"))?;
    let mut rows = Vec::new();
    // The header is followed by the `|---|` rule, then the rows up to the first non-row.
    for (index, line) in lines.iter().enumerate().skip(start + 2) {
        if !line.starts_with('|') {
            break;
        }
        let at = format!("line {}", index + 1);
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        let [notes, narration, _rust, explanation] = cells[..] else {
            bail!("{at}: expected 4 cells, found {}", cells.len());
        };
        let number = |cell: &str, column: &str| {
            cell.parse().with_context(|| format!("{at}: {column} {cell:?} is not a number"))
        };
        let (notes, narration) = (number(notes, "notes")?, number(narration, "narration")?);
        rows.push(Row { index, notes, narration, explanation: explanation.to_owned() });
    }
    Ok(rows)
}

/// Every way a page's table disagrees with the lecture's numbering: a numbered line
/// without exactly one row, a row that is not a numbered line, rows out of order, a wrong
/// narration number. Empty if they agree.
pub fn problems(mirror: &Mirror, rows: &[Row]) -> Vec<String> {
    let page = mirror.page();
    let found: Vec<(u32, String)> =
        rows.iter().map(|r| (r.notes, format!("{page}:{}", r.index + 1))).collect();
    let mut problems = mirror.each_once_in_order(mirror.notes, &found, &format!("row in {page}"));
    for (row, (_, at)) in rows.iter().zip(&found) {
        if let Some(narration) = mirror.narration(row.notes).filter(|&n| n != row.narration) {
            let (notes, wrong) = (row.notes, row.narration);
            problems.push(format!("{at}: line {notes} is narration line {narration}, not {wrong}"));
        }
    }
    problems
}

/// `text` with the `rust` cell of each row of its table set to the line of `src/main.rs` that
/// the row's anchor marks, linked to the page's listing (`#main-N`); the rest stays as is.
pub fn with_rust_column(text: &str, anchors: &[Anchor]) -> Result<String> {
    let rows = parse(text)?;
    let mut out = String::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let Some(row) = rows.iter().find(|r| r.index == index) else {
            out += line;
            continue;
        };
        let anchor = anchors.iter().find(|a| a.notes == row.notes).with_context(|| {
            format!("the row of line {0} has no `// line {0}` anchor", row.notes)
        })?;
        let (notes, narration, line) = (row.notes, row.narration, anchor.rust_line);
        let why = &row.explanation;
        out += &format!("| {notes} | {narration} | [{line}](#main-{line}) | {why} |\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchors;
    use crate::lecture::MIRRORS;

    fn page(rows: &[(u32, u32, usize)]) -> String {
        let mut page = format!("# Example\n\n{TABLE_HEADER} what and why |\n|---|---|---|---|\n");
        for (notes, narration, rust) in rows {
            page += &format!("| {notes} | {narration} | [{rust}](#main-{rust}) | why |\n");
        }
        page + "\nprose\n"
    }

    #[test]
    fn the_rust_column_follows_the_anchors_and_nothing_else_changes() {
        let mirror = &MIRRORS[0];
        let source: String = mirror.notes.iter().map(|n| format!("x; // line {n}\n")).collect();
        let anchors = anchors::parse(&source);
        let rows: Vec<(u32, u32, usize)> =
            anchors.iter().enumerate().map(|(i, a)| (a.notes, i as u32 + 1, a.rust_line)).collect();
        let text = page(&rows);
        let table = parse(&text).unwrap();
        assert_eq!(table.len(), 23);
        assert_eq!(table[0].explanation, "why");
        assert!(problems(mirror, &table).is_empty());
        assert_eq!(with_rust_column(&text, &anchors).unwrap(), text);

        let moved = anchors::parse(&format!("\n{source}"));
        let rewritten = with_rust_column(&text, &moved).unwrap();
        assert!(
            rewritten
                .contains("\n| 1 | 1 | [2](#main-2) | why |\n| 2 | 2 | [3](#main-3) | why |\n")
        );

        let missing_row = parse(&page(&rows[1..])).unwrap();
        assert_eq!(problems(mirror, &missing_row), ["line 1 has no row in docs/ex19_1_fetch.md"]);
        let unanchored = with_rust_column(&text, &anchors[1..]).unwrap_err();
        assert_eq!(unanchored.to_string(), "the row of line 1 has no `// line 1` anchor");
    }

    #[test]
    fn a_wrong_narration_number_is_reported() {
        let mirror = &MIRRORS[0];
        let mut rows: Vec<(u32, u32, usize)> =
            mirror.notes.iter().zip(1..).map(|(&n, i)| (n, i, 1)).collect();
        rows[3].1 = 5;
        let found = problems(mirror, &parse(&page(&rows)).unwrap());
        assert_eq!(found, ["docs/ex19_1_fetch.md:8: line 5 is narration line 4, not 5"]);
    }

    #[test]
    fn a_malformed_table_is_an_error() {
        assert!(parse("no table here").unwrap_err().to_string().contains("no table"));
        let bad = format!("{TABLE_HEADER} x |\n|---|\n| one | 1 | 2 | why |\n");
        let error = parse(&bad).unwrap_err().to_string();
        assert_eq!(error, "line 3: notes \"one\" is not a number");
    }
}
