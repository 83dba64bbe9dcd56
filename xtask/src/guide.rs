//! The guide's line-by-line tables (`docs/ex19_*.md`), read and checked against the code.

use std::collections::BTreeMap;

use crate::anchors::Anchor;
use crate::lecture::Mirror;

/// The header that opens a page's line-by-line table.
pub const TABLE_HEADER: &str = "| notes | narration | rust |";

/// One row of a line-by-line table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 1-based line of the page the row is on.
    pub page_line: usize,
    /// The code notes' line number.
    pub notes: u32,
    /// The narration's number for the same statement.
    pub narration: u32,
    /// The line of `src/main.rs` the row names.
    pub rust: usize,
    /// What the Rust line does and why it differs, in one line.
    pub explanation: String,
}

/// Reads the line-by-line table of a page, or says why it cannot.
pub fn parse(page: &str) -> Result<Vec<Row>, String> {
    let lines: Vec<&str> = page.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(TABLE_HEADER))
        .ok_or_else(|| format!("no table starting with `{TABLE_HEADER}`"))?;
    let mut rows = Vec::new();
    // The header is followed by the `|---|` rule, then the rows up to the first non-row.
    for (index, line) in lines.iter().enumerate().skip(start + 2) {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let [notes, narration, rust, explanation] = cells[..] else {
            return Err(format!(
                "line {}: expected 4 cells, found {}",
                index + 1,
                cells.len()
            ));
        };
        let number = |cell: &str, column: &str| {
            cell.parse()
                .map_err(|_| format!("line {}: {column} {cell:?} is not a number", index + 1))
        };
        rows.push(Row {
            page_line: index + 1,
            notes: number(notes, "notes")?,
            narration: number(narration, "narration")?,
            rust: number(rust, "rust")? as usize,
            explanation: explanation.to_owned(),
        });
    }
    Ok(rows)
}

/// Every way the table disagrees with the mirror's anchors. Empty if they agree.
pub fn problems(mirror: &Mirror, anchors: &[Anchor], rows: &[Row]) -> Vec<String> {
    let page = format!("docs/{}.md", mirror.name);
    let main = format!("crates/{}/src/main.rs", mirror.name);
    let by_notes: BTreeMap<u32, &Anchor> = anchors.iter().map(|a| (a.notes, a)).collect();
    let mut problems = Vec::new();

    for row in rows {
        let at = format!("{page}:{}", row.page_line);
        match mirror.narration(row.notes) {
            None => problems.push(format!(
                "{at}: line {} is not a numbered line of Example {}",
                row.notes, mirror.lecture
            )),
            Some(narration) if narration != row.narration => problems.push(format!(
                "{at}: notes line {} is narration line {narration}, not {}",
                row.notes, row.narration
            )),
            Some(_) => {}
        }
        if let Some(anchor) = by_notes.get(&row.notes)
            && anchor.rust_line != row.rust
        {
            problems.push(format!(
                "{at}: line {} names {main}:{}, but its anchor marks {main}:{}",
                row.notes, row.rust, anchor.rust_line
            ));
        }
    }
    for anchor in anchors {
        let count = rows.iter().filter(|r| r.notes == anchor.notes).count();
        if count != 1 {
            problems.push(format!(
                "{page}: line {} ({main}:{}) has {count} rows, not 1",
                anchor.notes, anchor.rust_line
            ));
        }
    }
    for pair in rows.windows(2) {
        if pair[1].notes <= pair[0].notes {
            problems.push(format!(
                "{page}:{}: line {} comes after line {}: out of order",
                pair[1].page_line, pair[1].notes, pair[0].notes
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchors;
    use crate::lecture::MIRRORS;

    fn page(rows: &[(u32, u32, usize)]) -> String {
        let mut page = format!("# Example\n\n{TABLE_HEADER} what and why |\n|---|---|---|---|\n");
        for (notes, narration, rust) in rows {
            page += &format!("| {notes} | {narration} | {rust} | why |\n");
        }
        page + "\nprose\n"
    }

    #[test]
    fn a_table_that_matches_the_anchors_has_no_problems() {
        let mirror = &MIRRORS[0];
        let source: String = mirror
            .notes
            .iter()
            .map(|n| format!("x; // line {n}\n"))
            .collect();
        let anchors = anchors::parse(&source);
        let rows: Vec<(u32, u32, usize)> = anchors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.notes, i as u32 + 1, a.rust_line))
            .collect();
        let table = parse(&page(&rows)).unwrap();
        assert_eq!(table.len(), 23);
        assert_eq!(table[0].explanation, "why");
        assert!(problems(mirror, &anchors, &table).is_empty());

        let moved = anchors::parse(&format!("\n{source}"));
        let found = problems(mirror, &moved, &table);
        assert_eq!(found.len(), 23);
        assert!(found[0].contains("line 1 names crates/ex19_1_fetch/src/main.rs:1, but its anchor marks crates/ex19_1_fetch/src/main.rs:2"));

        let missing_row = parse(&page(&rows[1..])).unwrap();
        assert!(
            problems(mirror, &anchors, &missing_row)[0]
                .contains("line 1 (crates/ex19_1_fetch/src/main.rs:1) has 0 rows")
        );
    }

    #[test]
    fn a_wrong_narration_number_is_reported() {
        let rows = parse(&page(&[(5, 5, 9)])).unwrap();
        let source = "x;\n".repeat(8) + "x; // line 5\n";
        let anchors = anchors::parse(&source);
        let found = problems(&MIRRORS[0], &anchors, &rows);
        assert!(
            found
                .iter()
                .any(|p| p.contains("notes line 5 is narration line 4, not 5"))
        );
    }

    #[test]
    fn a_malformed_table_is_an_error() {
        assert!(parse("no table here").unwrap_err().contains("no table"));
        let bad = format!("{TABLE_HEADER} x |\n|---|\n| one | 1 | 2 | why |\n");
        assert!(
            parse(&bad)
                .unwrap_err()
                .contains("notes \"one\" is not a number")
        );
    }
}
