//! The line numbers of the guide's variant tables, which set a variant's lines beside the
//! mirror's. A cell names its lines with comments that no reader sees, one per piece of
//! code, and `cargo xtask docs` writes the numbers before them:
//!
//! ```text
//! | [73-78](#main-73), [84-89](#main-84)<!-- at: thread::scope( -->: two scopes | ... |
//! ```
//!
//! Each `<!-- at: TEXT -->` stands for every line of code that contains TEXT (that ends with
//! it, if TEXT ends in `$`), each with the rest of its statement or the block it opens (up to
//! the line that closes its brackets and ends in `;`, `{`, `}` or `,`). Blocks that touch, or are apart only by blank or comment lines, read as
//! one range. A cell without such a comment is kept.

use anyhow::{Result, bail};

const AT: &str = "<!-- at: ";
const CLOSE: &str = " -->";

/// `table` with each cell's numbers written from its `at` comments: the first column's
/// against `main` (the mirror, ids `main-N`), the second's against `variant` (ids `STEM-N`).
pub fn with_line_numbers(table: &str, main: &str, (variant, stem): (&str, &str)) -> Result<String> {
    let mut out = String::with_capacity(table.len());
    for (n, line) in (1..).zip(table.split_inclusive('\n')) {
        if !line.contains(AT) {
            out += line;
            continue;
        }
        let mut cells: Vec<String> = line.trim_end().split('|').map(str::to_owned).collect();
        for (column, (source, stem)) in [(1, (main, "main")), (2, (variant, stem))] {
            let Some(cell) = cells.get_mut(column) else {
                bail!("line {n} of the part: too few cells")
            };
            *cell = numbered(cell, source, stem)
                .map_err(|e| e.context(format!("line {n} of the part")))?;
        }
        out += &(cells.join("|") + "\n");
    }
    Ok(out)
}

/// The cell with the numbers before its first `at` comment rewritten; unchanged without one.
fn numbered(cell: &str, source: &str, stem: &str) -> Result<String> {
    let Some(start) = cell.find(AT) else { return Ok(cell.to_owned()) };
    let (mut rest, mut spans) = (&cell[start..], Vec::new());
    while let Some(after) = rest.strip_prefix(AT) {
        let Some((text, tail)) = after.split_once(CLOSE) else { bail!("`{AT}` is not closed") };
        let found = blocks(source, text);
        if found.is_empty() {
            bail!("{stem}: no line contains `{text}`");
        }
        spans.extend(found);
        rest = tail;
    }
    let links: Vec<String> = merged(spans, source)
        .into_iter()
        .map(|(a, b)| match a == b {
            true => format!("[{a}](#{stem}-{a})"),
            false => format!("[{a}-{b}](#{stem}-{a})"),
        })
        .collect();
    Ok(format!(" {}{}", links.join(", "), &cell[start..]))
}

/// Every line (1-based) that contains `text`, with the last line of the block it opens.
fn blocks(source: &str, text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let code = |line: &str| line.split("//").next().unwrap_or(line).trim_end().to_owned();
    let depth = |code: &str| {
        let open = code.matches(['{', '(', '[']).count() as i64;
        open - code.matches(['}', ')', ']']).count() as i64
    };
    // A statement goes on while a bracket is open or its line ends in none of these.
    let goes_on = |open: i64, code: &str| {
        open > 0 || !(code.is_empty() || code.ends_with([';', '{', '}', ',']))
    };
    let matches = |line: &&str| {
        let in_code = !code(line).trim().is_empty();
        in_code
            && text
                .strip_suffix('$')
                .map_or(line.contains(text), |end| line.trim_end().ends_with(end))
    };
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate().filter(|(_, l)| matches(l)) {
        let (mut end, mut open) = (start, depth(&code(line)));
        // A tail expression ends where the block around it closes.
        let closes = |next: usize| lines.get(next).is_some_and(|l| l.trim_start().starts_with('}'));
        while goes_on(open, &code(lines[end]))
            && !(open <= 0 && closes(end + 1))
            && end + 1 < lines.len()
        {
            end += 1;
            open += depth(&code(lines[end]));
        }
        found.push((start + 1, end + 1));
    }
    found
}

/// The spans sorted, with those that overlap, touch or are apart by blank or comment lines
/// joined.
fn merged(mut spans: Vec<(usize, usize)>, source: &str) -> Vec<(usize, usize)> {
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with("//");
    let blank: Vec<bool> = source.lines().map(blank).collect();
    spans.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if (last.1 + 1..a).all(|line| blank[line - 1]) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = "struct A {\n    n: u8,\n}\n// why\nimpl A {\n    fn f() {}\n}\nfn main() {\n    \
                        scope(|s| {\n        f();\n    });\n    print(1);\n    scope(|s| {\n    });\n}\n";
    const VARIANT: &str = "fn main() {\n    print(1);\n    // a print( in prose\n    let v = w\n        .x();\n    v\n}\n";

    fn row(mirror: &str, variant: &str) -> String {
        format!("| {mirror}: x | {variant}: y | why |\n")
    }

    #[test]
    fn each_text_stands_for_its_lines_and_their_blocks() {
        let table = "| mirror | `v` | why |\n|---|---|---|\n".to_owned()
            + &row("9<!-- at: struct A --><!-- at: impl A -->", "<!-- at: print( -->")
            + &row("<!-- at: scope( -->", "(none)")
            + &row("<!-- at: print( -->", "<!-- at: fn main -->")
            + &row("<!-- at: (1);$ -->", "<!-- at: let v --><!-- at:     v$ -->");
        let out = with_line_numbers(&table, MAIN, (VARIANT, "v")).unwrap();
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert_eq!(
            rows,
            [
                "| [1-7](#main-1)<!-- at: struct A --><!-- at: impl A -->: x | [2](#v-2)<!-- at: print( -->: y | why |",
                "| [9-11](#main-9), [13-14](#main-13)<!-- at: scope( -->: x | (none): y | why |",
                "| [12](#main-12)<!-- at: print( -->: x | [1-7](#v-1)<!-- at: fn main -->: y | why |",
                "| [12](#main-12)<!-- at: (1);$ -->: x | [4-6](#v-4)<!-- at: let v --><!-- at:     v$ -->: y | why |",
            ]
        );
        assert_eq!(with_line_numbers(&out, MAIN, (VARIANT, "v")).unwrap(), out);
    }

    #[test]
    fn text_that_is_not_in_the_code_is_an_error() {
        let table = row("<!-- at: struct B -->", "(none)");
        let error = with_line_numbers(&table, MAIN, (VARIANT, "v")).unwrap_err();
        assert_eq!(format!("{error:#}"), "line 1 of the part: main: no line contains `struct B`");
        let open = row("<!-- at: struct A", "(none)");
        let error = with_line_numbers(&open, MAIN, (VARIANT, "v")).unwrap_err();
        assert_eq!(format!("{error:#}"), "line 1 of the part: `<!-- at: ` is not closed");
    }
}
