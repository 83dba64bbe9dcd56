//! One schedule of the increments as a table, the way a thread simulator draws it: a row per
//! step, a column per thread.

use super::{Access, Increments, Step};

/// The increments of `log` as a Markdown table, aligned so that it also reads as plain text:
/// a row per step in the order they happened, a column per thread (lettered A, B, ... in
/// the order of their first step, as the lecture letters them), and the count after each
/// step. Reads that no write follows (looking at the result) are left out.
pub fn schedule_table(log: &[Access]) -> String {
    let increments = Increments::from_log(log);
    let mut at: Vec<usize> = increments
        .all
        .iter()
        .flat_map(|i| [i.read_at, i.wrote_at])
        .collect();
    at.sort_unstable();
    let steps: Vec<Access> = at.into_iter().map(|at| log[at]).collect();
    let mut threads: Vec<usize> = Vec::new();
    for access in &steps {
        if !threads.contains(&access.thread) {
            threads.push(access.thread);
        }
    }

    let mut header = vec!["step".to_owned()];
    header.extend(
        (b'A'..)
            .zip(&threads)
            .map(|(letter, _)| format!("thread {}", letter as char)),
    );
    header.push("count".to_owned());
    let mut rows = Vec::new();
    let mut count = 0;
    for access in &steps {
        let mut row = vec![(rows.len() + 1).to_string()];
        let cell = match access.step {
            Step::Read(value) => format!("reads {value}"),
            Step::Write(value) => {
                count = value;
                format!("writes {value}")
            }
        };
        row.extend(threads.iter().map(|&t| {
            if t == access.thread {
                cell.clone()
            } else {
                String::new()
            }
        }));
        row.push(count.to_string());
        rows.push(row);
    }
    table(&header, &rows)
}

/// A Markdown table with every column padded to its widest cell; the first and last
/// columns (numbers) right-aligned.
fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|row| row[c].len())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let last = header.len() - 1;
    let line = |cells: &[String]| {
        let cells = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, &w))| {
                if c == 0 || c == last {
                    format!(" {cell:>w$} ")
                } else {
                    format!(" {cell:<w$} ")
                }
            });
        format!("|{}|\n", cells.collect::<Vec<_>>().join("|"))
    };
    let rule = widths.iter().enumerate().map(|(c, &w)| {
        let dashes = "-".repeat(w + 1);
        if c == 0 || c == last {
            format!("{dashes}:")
        } else {
            format!("{dashes}-")
        }
    });
    let mut out = line(header);
    out += &format!("|{}|\n", rule.collect::<Vec<_>>().join("|"));
    for row in rows {
        out += &line(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lectures_story_as_a_table() {
        let step = |thread, step| Access { thread, step };
        let log = [
            step(1, Step::Read(0)),
            step(2, Step::Read(0)),
            step(2, Step::Write(1)),
            step(1, Step::Write(1)),
            step(1, Step::Read(1)), // looking at the result: not a step of an increment
        ];
        assert_eq!(
            schedule_table(&log),
            "\
| step | thread A | thread B | count |
|-----:|----------|----------|------:|
|    1 | reads 0  |          |     0 |
|    2 |          | reads 0  |     0 |
|    3 |          | writes 1 |     1 |
|    4 | writes 1 |          |     1 |
"
        );
    }
}
