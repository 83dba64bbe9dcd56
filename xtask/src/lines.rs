//! `cargo xtask lines <example>`: a mirror's source with the lecture's line numbers in the
//! margin, for reading the Rust beside the Python in class (or beside a lecture document).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lexopt::prelude::*;

use crate::lecture::{MIRRORS, Mirror, read};
use crate::{anchors, guide, usage};

const USAGE: &str = "usage: cargo xtask lines <example> [--numbering notes|narration] [--explain] \
                     [--beside FILE] [--width N]";

/// Which of the lecture's two numberings goes in the margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// The code notes' numbers (document 001), which follow the Python file's lines.
    Notes,
    /// The narration's numbers (document 000), 1..N in sequence.
    Narration,
}

/// Parses the arguments after `lines` and prints the listing.
pub fn run(parser: lexopt::Parser) -> Result<()> {
    let (mirror, numbering, explain, beside, width) = options(parser)?;
    print!("{}", listing(mirror, numbering, explain, beside.as_deref(), width)?);
    Ok(())
}

type Options = (&'static Mirror, Numbering, bool, Option<PathBuf>, usize);

/// The example, the numbering, `--explain`, `--beside` and the width, from the arguments.
fn options(mut parser: lexopt::Parser) -> Result<Options> {
    let (mut example, mut numbering, mut explain) = (None, Numbering::Notes, false);
    let (mut beside, mut width) = (None::<PathBuf>, None);
    let value = |parser: &mut lexopt::Parser| parser.value().map_err(|e| usage(e, USAGE));
    while let Some(arg) = parser.next()? {
        match arg {
            Long("explain") => explain = true,
            Long("numbering") => {
                numbering = match value(&mut parser)?.string()?.as_str() {
                    "notes" => Numbering::Notes,
                    "narration" => Numbering::Narration,
                    other => return Err(usage(format_args!("unknown numbering {other:?}"), USAGE)),
                }
            }
            Long("beside") => beside = Some(value(&mut parser)?.into()),
            Long("width") => {
                let columns = value(&mut parser)?.parse().ok().filter(|&n| n >= 40);
                width = Some(columns.ok_or_else(|| usage("--width takes 40 or more", USAGE))?);
            }
            Value(name) if example.is_none() => example = Some(Mirror::find(&name.string()?)?),
            other => return Err(usage(other.unexpected(), USAGE)),
        }
    }
    let which = format!("which example? one of {}", MIRRORS.map(|m| m.name).join(", "));
    let mirror = example.ok_or_else(|| usage(which, USAGE))?;
    // Side by side fits a 160-column terminal; alone, lines are as long as in the source.
    let width = width.unwrap_or(if beside.is_some() { 160 } else { usize::MAX });
    Ok((mirror, numbering, explain, beside, width))
}

/// The mirror's source with lecture numbers and the Python of any document `beside` in the
/// margin, the guide's explanations if `explain`, in lines cut at `width` characters.
pub fn listing(
    mirror: &Mirror,
    numbering: Numbering,
    explain: bool,
    beside: Option<&Path>,
    width: usize,
) -> Result<String> {
    let source = read(&mirror.main_rs())?;
    let mut explanations = BTreeMap::new();
    if explain {
        let rows = guide::parse(&read(&mirror.page())?).context(mirror.page())?;
        explanations.extend(rows.into_iter().map(|row| (row.notes, row.explanation)));
    }
    let anchors = anchors::parse(&source).into_iter();
    let margin: BTreeMap<usize, u32> = anchors.map(|a| (a.rust_line, a.notes)).collect();
    let (python, document) = beside.map_or(Ok(Default::default()), |f| mirror.python(f))?;
    // Python as wide as its longest statement, up to half the width; Rust the rest.
    let longest = python.values().map(|p| p.chars().count()).max();
    let left = longest.unwrap_or(0).min(width.saturating_sub(10) / 2);

    let heading = match numbering {
        Numbering::Notes => "the code notes' line numbers",
        Numbering::Narration => "the narration's line numbers",
    };
    let (lecture, main_rs) = (mirror.lecture, mirror.main_rs());
    let mut out = format!("Example {lecture} in Rust: {main_rs}, with {heading}\n{document}\n");
    for (index, line) in source.lines().enumerate() {
        let notes = margin.get(&(index + 1)).copied();
        let number = notes.and_then(|n| match numbering {
            Numbering::Notes => Some(n),
            Numbering::Narration => mirror.narration(n),
        });
        let number = number.map_or(String::new(), |n| n.to_string());
        let python = notes.and_then(|n| python.get(&n)).map_or("", |p| p);
        let python = beside.map_or(String::new(), |_| format!("{:left$} │ ", cut(python, left)));
        out += &format!("{number:>4} │ {python}{line}\n");
        if let Some(explanation) = notes.and_then(|n| explanations.get(&n)) {
            let indent = &line[..line.len() - line.trim_start().len()];
            out += &wrap(explanation, width, &format!("     │ {indent}"));
        }
    }
    let lines = out.lines().map(|line| cut(line.trim_end(), width) + "\n");
    Ok(lines.collect())
}

/// `text`, or if it is longer than `width` characters, its first `width - 1` and `…`.
fn cut(text: &str, width: usize) -> String {
    let long = text.chars().count() > width;
    let kept = text.chars().take(width - usize::from(long));
    kept.chain(long.then_some('…')).collect()
}

/// `text` after `└─` in lines of at most `width` characters, broken between words, each
/// line starting with `margin`.
fn wrap(text: &str, width: usize, margin: &str) -> String {
    let mut lines = vec![format!("{margin}└─")];
    for w in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + w.chars().count() < width => *l += &format!(" {w}"),
            _ => lines.push(format!("{margin}   {w}")),
        }
    }
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lecture::MIRRORS;

    #[test]
    fn every_lecture_line_appears_in_the_margin_once() {
        for mirror in &MIRRORS {
            for numbering in [Numbering::Notes, Numbering::Narration] {
                let listing = listing(mirror, numbering, false, None, usize::MAX).unwrap();
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

    /// Example `mirror` as the code notes or the narration would give it, with a made-up
    /// statement on each line that names the line by its code-notes number, in a file of
    /// the `test`'s own.
    fn document(mirror: &Mirror, notes: bool, test: &str) -> PathBuf {
        let mut text = format!("Prose.\n\n```python\n# Example {}\n", mirror.lecture);
        for (narration, &n) in (1..).zip(mirror.notes) {
            let statement = statement(mirror, n);
            text += &match notes {
                true => format!("# line {n}\n{statement}\n\n"),
                false => format!("{statement}  # line {narration}\n"),
            };
        }
        let name = format!("xtask-{}-{test}-{}-{notes}.txt", std::process::id(), mirror.name);
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, text + "```\n").unwrap();
        path
    }

    /// The made-up statement of line `n`; the third one is too long for half the width.
    fn statement(mirror: &Mirror, n: u32) -> String {
        let long = if n == mirror.notes[2] { "é".repeat(80) } else { String::new() };
        format!("step_{n}(\"né\"){long}")
    }

    #[test]
    fn beside_either_document_each_lecture_line_has_its_python_in_one_column_within_the_width() {
        for mirror in &MIRRORS {
            for notes in [true, false] {
                let file = document(mirror, notes, "columns");
                for (numbering, width) in [(Numbering::Notes, 160), (Numbering::Narration, 60)] {
                    let listing = listing(mirror, numbering, false, Some(&file), width).unwrap();
                    let what = format!("{} {notes} {numbering:?}", mirror.name);
                    let lines: Vec<&str> = listing.lines().collect();
                    assert!(lines[1].starts_with("beside the Python of "), "{what}");
                    let document = if notes { "(the code notes)" } else { "(the narration)" };
                    assert!(width < 160 || lines[1].ends_with(document), "{what}");
                    let mut numbers = Vec::new();
                    let mut bars = BTreeMap::new();
                    for line in &lines[3..] {
                        let length = line.chars().count();
                        assert!(length <= width, "{what}: {line}");
                        assert!(!line.ends_with('…') || length == width, "{what}: {line}");
                        let bar = line.chars().skip(6).position(|c| c == '│');
                        *bars.entry(bar).or_insert(0) += 1;
                        let cells: Vec<&str> = line.split('│').collect();
                        let Ok(number) = cells[0].trim().parse::<u32>() else {
                            assert_eq!(cells[1].trim(), "", "{what}: {line}");
                            continue;
                        };
                        let n = match numbering {
                            Numbering::Notes => number,
                            Numbering::Narration => mirror.notes[number as usize - 1],
                        };
                        let left = (width - 10) / 2;
                        let statement = cut(&statement(mirror, n), left);
                        assert_eq!(cells[1].trim(), statement, "{what}: {line}");
                        numbers.push(number);
                    }
                    let expected: Vec<u32> = match numbering {
                        Numbering::Notes => mirror.notes.to_vec(),
                        Numbering::Narration => (1..=mirror.notes.len() as u32).collect(),
                    };
                    assert_eq!(numbers, expected, "{what}");
                    // Every row's second bar is in the same column: padding counts characters.
                    // The long statement makes the Python column as wide as it may be.
                    let column = Some((width - 10) / 2 + 2);
                    assert_eq!(bars.into_keys().collect::<Vec<_>>(), [column], "{what}");
                    let cut = |l: &&str| l.ends_with('…') && l.chars().count() == width;
                    assert!(lines.iter().any(cut), "{what}: no line was cut");
                }
                std::fs::remove_file(file).unwrap();
            }
        }
    }

    #[test]
    fn explanations_beside_are_wrapped_to_the_width_word_for_word() {
        let mirror = &MIRRORS[1];
        let file = document(mirror, false, "explain");
        let listing = listing(mirror, Numbering::Notes, true, Some(&file), 80).unwrap();
        std::fs::remove_file(file).unwrap();
        let page = guide::parse(&read(&mirror.page()).unwrap()).unwrap();
        let (lines, mut wrapped): (Vec<&str>, _) = (listing.lines().collect(), 0);
        for row in page {
            let at = lines.iter().position(|l| l.starts_with(&format!("{:>4} │", row.notes)));
            let below = lines[at.unwrap() + 1..].iter();
            let below: Vec<&str> =
                below.take_while(|l| l.matches('│').count() == 1).copied().collect();
            assert!(below.iter().all(|l| l.chars().count() <= 80), "{below:?}");
            wrapped += usize::from(below.len() > 1);
            assert!(below[0].trim_start_matches(['│', ' ']).starts_with("└─ "), "{below:?}");
            let words: Vec<&str> = below.iter().flat_map(|l| l.split_whitespace()).collect();
            let words: Vec<&str> = words.into_iter().filter(|w| !["│", "└─"].contains(w)).collect();
            assert_eq!(words.join(" "), row.explanation);
        }
        assert!(wrapped > 10, "{wrapped} explanations wrapped");
    }

    #[test]
    fn cut_and_wrap_count_characters() {
        assert_eq!(cut("héllo", 5), "héllo");
        assert_eq!(cut("héllo", 4), "hél…");
        assert_eq!(wrap("aa bb cc", 10, "é "), "é └─ aa bb\né    cc\n");
        assert_eq!(wrap("aa bb cc", usize::MAX, ""), "└─ aa bb cc\n");
    }

    #[test]
    fn beside_is_160_columns_unless_width_says_otherwise() {
        let file = document(&MIRRORS[1], false, "width");
        let width = |args: &[&str]| options(lexopt::Parser::from_args(args)).unwrap().4;
        let beside = file.to_str().unwrap();
        assert_eq!(width(&["race", "--beside", beside]), 160);
        assert_eq!(width(&["race", "--beside", beside, "--width", "100"]), 100);
        assert_eq!(width(&["race"]), usize::MAX);
        let listing = listing(&MIRRORS[1], Numbering::Notes, false, Some(&file), 160).unwrap();
        std::fs::remove_file(file).unwrap();
        assert_eq!(listing.lines().map(|l| l.chars().count()).max(), Some(160));
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
        assert!(error(&["19.2", "--beside"]).contains("missing argument"));
        assert!(error(&["19.2", "--width", "39"]).starts_with("--width takes 40 or more;"));
        assert!(error(&["19.2", "--width", "wide"]).starts_with("--width takes 40 or more;"));
        let missing = error(&["19.2", "--beside", "/nonexistent/notes.txt"]);
        assert!(missing.starts_with("/nonexistent/notes.txt: No such file"), "{missing}");
        // A document for 19.2 has no block for 19.3; one without line 9's marker misses it.
        let file = document(&MIRRORS[1], false, "bad");
        let path = file.to_str().unwrap();
        let no_block = error(&["19.3", "--beside", path]);
        assert!(no_block.starts_with(&format!("{path}: no code block starts with")), "{no_block}");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("  # line 9\n", "\n")).unwrap();
        let no_9 = error(&["19.2", "--beside", path]);
        std::fs::remove_file(&file).unwrap();
        assert!(no_9.starts_with(&format!("{path}: Example 19.2: line 9 has no")), "{no_9}");
        // main prints a usage error on one line, with exit code 2.
        assert!([missing, no_block, no_9].iter().all(|e| !e.contains('\n')));
    }
}
