//! `cargo xtask lines <example>`: a mirror's source with the lecture's line numbers in the
//! margin, for reading the Rust beside the Python in class.

use std::collections::BTreeMap;
use std::fmt::Write;

use anyhow::{Context, Result};
use lexopt::prelude::*;

use crate::lecture::{MIRRORS, Mirror, read};
use crate::{anchors, guide, usage};

const USAGE: &str = "usage: cargo xtask lines <example> [--numbering notes|narration] [--explain]";

/// Which of the lecture's two numberings goes in the margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// The code notes' numbers (document 001), which follow the Python file's lines.
    Notes,
    /// The narration's numbers (document 000), 1..N in sequence.
    Narration,
}

/// Parses the arguments after `lines` and prints the listing.
pub fn run(mut parser: lexopt::Parser) -> Result<()> {
    let mut example = None;
    let mut numbering = Numbering::Notes;
    let mut explain = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("explain") => explain = true,
            Long("numbering") => {
                let value = parser.value().map_err(|e| usage(e, USAGE))?.string()?;
                numbering = match value.as_str() {
                    "notes" => Numbering::Notes,
                    "narration" => Numbering::Narration,
                    other => return Err(usage(format_args!("unknown numbering {other:?}"), USAGE)),
                }
            }
            Value(name) if example.is_none() => example = Some(Mirror::find(&name.string()?)?),
            other => return Err(usage(other.unexpected(), USAGE)),
        }
    }
    let names: Vec<&str> = MIRRORS.iter().map(|m| m.name).collect();
    let which = format!("which example? one of {}", names.join(", "));
    let mirror = example.ok_or_else(|| usage(which, USAGE))?;
    print!("{}", listing(mirror, numbering, explain)?);
    Ok(())
}

/// The mirror's source with lecture numbers in the margin, and, with `explain`, the guide's
/// one-line explanation under each numbered line.
pub fn listing(mirror: &Mirror, numbering: Numbering, explain: bool) -> Result<String> {
    let source = read(&mirror.main_rs())?;
    let mut explanations = BTreeMap::new();
    if explain {
        let rows = guide::parse(&read(&mirror.page())?).context(mirror.page())?;
        explanations.extend(rows.into_iter().map(|row| (row.notes, row.explanation)));
    }
    let margin: BTreeMap<usize, u32> = anchors::parse(&source)
        .into_iter()
        .map(|a| (a.rust_line, a.notes))
        .collect();

    let heading = match numbering {
        Numbering::Notes => "the code notes' line numbers",
        Numbering::Narration => "the narration's line numbers",
    };
    let mut out = format!(
        "Example {} in Rust: crates/{}/src/main.rs, with {heading}\n\n",
        mirror.lecture, mirror.name
    );
    for (index, line) in source.lines().enumerate() {
        let notes = margin.get(&(index + 1)).copied();
        let number = notes.and_then(|n| match numbering {
            Numbering::Notes => Some(n),
            Numbering::Narration => mirror.narration(n),
        });
        let number = number.map_or(String::new(), |n| n.to_string());
        let _ = writeln!(out, "{number:>4} │ {line}");
        if let Some(explanation) = notes.and_then(|n| explanations.get(&n)) {
            let indent = line.len() - line.trim_start().len();
            let _ = writeln!(out, "     │ {:indent$}└─ {explanation}", "");
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lecture::MIRRORS;

    #[test]
    fn every_lecture_line_appears_in_the_margin_once() {
        for mirror in &MIRRORS {
            for numbering in [Numbering::Notes, Numbering::Narration] {
                let listing = listing(mirror, numbering, false).unwrap();
                let numbers: Vec<u32> = listing
                    .lines()
                    .filter_map(|l| l.split('│').next()?.trim().parse().ok())
                    .collect();
                let expected: Vec<u32> = match numbering {
                    Numbering::Notes => mirror.notes.to_vec(),
                    Numbering::Narration => (1..=mirror.notes.len() as u32).collect(),
                };
                assert_eq!(numbers, expected, "{} {numbering:?}", mirror.name);
            }
        }
    }

    #[test]
    fn bad_arguments_say_what_exists_and_are_usage_errors() {
        let error = |args: &[&str]| {
            let error = run(lexopt::Parser::from_args(args)).unwrap_err();
            assert!(error.is::<lexopt::Error>(), "{error}");
            error.to_string()
        };
        assert!(error(&["19.9"]).contains("the examples are ex19_1_fetch"));
        assert!(
            error(&["19.1", "--numbering", "pages"])
                .starts_with("unknown numbering \"pages\"; usage:")
        );
        assert!(error(&["19.1", "--numbering"]).contains("missing argument"));
        assert!(error(&["19.1", "--color"]).starts_with("invalid option '--color'; usage:"));
        assert!(error(&["19.1", "19.2"]).starts_with("unexpected argument"));
        assert!(error(&[]).starts_with("which example? one of ex19_1_fetch, ex19_2_race"));
    }
}
