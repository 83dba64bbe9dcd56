//! `cargo xtask lines <example>`: a mirror's source with the lecture's line numbers in the
//! margin, for reading the Rust beside the Python in class.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;

use crate::lecture::Mirror;
use crate::{anchors, guide};

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
pub fn run(args: &[String]) -> Result<(), String> {
    let mut example = None;
    let mut numbering = Numbering::Notes;
    let mut explain = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--explain" => explain = true,
            "--numbering" => {
                numbering = match args.next().map(String::as_str) {
                    Some("notes") => Numbering::Notes,
                    Some("narration") => Numbering::Narration,
                    Some(other) => {
                        return Err(format!(
                            "unknown numbering {other:?}: use notes or narration\n{USAGE}"
                        ));
                    }
                    None => return Err(format!("--numbering needs notes or narration\n{USAGE}")),
                }
            }
            flag if flag.starts_with('-') => {
                return Err(format!(
                    "unknown option {flag:?}: the options are --numbering notes|narration and --explain\n{USAGE}"
                ));
            }
            name if example.is_none() => example = Some(Mirror::find(name)?),
            extra => return Err(format!("unexpected argument {extra:?}\n{USAGE}")),
        }
    }
    let mirror = example.ok_or_else(|| {
        let names: Vec<&str> = crate::lecture::MIRRORS.iter().map(|m| m.name).collect();
        format!("which example? one of {}\n{USAGE}", names.join(", "))
    })?;
    print!("{}", listing(mirror, numbering, explain)?);
    Ok(())
}

/// The mirror's source with lecture numbers in the margin, and, with `explain`, the guide's
/// one-line explanation under each numbered line.
pub fn listing(mirror: &Mirror, numbering: Numbering, explain: bool) -> Result<String, String> {
    let path = mirror.main_rs();
    let source =
        fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let explanations: BTreeMap<u32, String> = if explain {
        let page_path = mirror.guide_page();
        let page = fs::read_to_string(&page_path)
            .map_err(|e| format!("reading {}: {e}", page_path.display()))?;
        guide::parse(&page)
            .map_err(|e| format!("{}: {e}", page_path.display()))?
            .into_iter()
            .map(|row| (row.notes, row.explanation))
            .collect()
    } else {
        BTreeMap::new()
    };
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
    fn bad_arguments_say_what_exists() {
        let run = |args: &[&str]| run(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert!(
            run(&["19.9"])
                .unwrap_err()
                .contains("the examples are ex19_1_fetch")
        );
        assert!(
            run(&["19.1", "--numbering", "pages"])
                .unwrap_err()
                .contains("notes or narration")
        );
        assert!(
            run(&["19.1", "--color"])
                .unwrap_err()
                .contains("--numbering notes|narration and --explain")
        );
        assert!(run(&[]).unwrap_err().contains("which example?"));
    }
}
