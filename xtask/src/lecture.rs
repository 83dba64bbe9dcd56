//! The lecture's three programs: their line numbers, and where the Rust mirror of each lives.

use std::path::{Path, PathBuf};
use std::{collections::BTreeMap, fs};

use anyhow::{Context, Result};

use crate::usage;

/// One example of the lecture and its Rust mirror.
pub struct Mirror {
    /// The crate, e.g. `ex19_1_fetch`.
    pub name: &'static str,
    /// The lecture's name for it, e.g. `19.1`.
    pub lecture: &'static str,
    /// The code notes' line numbers (lecture document 001), in order. The narration
    /// (document 000) numbers the same statements 1..N, one for one with these.
    pub notes: &'static [u32],
}

/// The three examples, in lecture order.
pub const MIRRORS: [Mirror; 3] = [
    Mirror {
        name: "ex19_1_fetch",
        lecture: "19.1",
        notes: &[
            1, 2, 3, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 27, 28,
        ],
    },
    Mirror {
        name: "ex19_2_race",
        lecture: "19.2",
        notes: &[
            1, 2, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20, 22, 24, 25, 26, 27, 28, 30,
            31, 32, 33, 34,
        ],
    },
    Mirror {
        name: "ex19_3_queue",
        lecture: "19.3",
        notes: &[
            1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
            27, 29, 30, 31, 32, 33, 34, 35,
        ],
    },
];

impl Mirror {
    /// Finds an example by its crate name (`ex19_2_race`), lecture number (`19.2`) or
    /// short name (`race`).
    pub fn find(name: &str) -> Result<&'static Mirror> {
        let known = MIRRORS.map(|m| format!("{} ({})", m.name, m.lecture));
        let unknown = format!("the examples are {}", known.join(", "));
        let short = format!("_{name}");
        let mut found = MIRRORS.iter();
        let found = found.find(|m| m.name == name || m.lecture == name || m.name.ends_with(&short));
        found.ok_or_else(|| usage(format_args!("no example named {name:?}"), &unknown))
    }

    /// The narration's number for a code-notes line number.
    pub fn narration(&self, notes_line: u32) -> Option<u32> {
        let index = self.notes.iter().position(|&n| n == notes_line)?;
        Some(index as u32 + 1)
    }

    /// Every way `found` (lecture lines, each with where it was found) differs from the lines
    /// `numbers` (in either numbering): a line missing or found twice, a line that is not
    /// numbered, lines out of order. `what` names what each line needs, e.g. `anchor in FILE`.
    pub fn each_once_in_order(
        &self,
        numbers: &[u32],
        found: &[(u32, String)],
        what: &str,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        for &line in numbers {
            let places = found.iter().filter(|f| f.0 == line).map(|f| &*f.1);
            match &places.collect::<Vec<_>>()[..] {
                [] => problems.push(format!("line {line} has no {what}")),
                [_] => {}
                at => problems.push(format!("line {line} is found at {}", at.join(", "))),
            }
        }
        for (line, at) in found.iter().filter(|f| !numbers.contains(&f.0)) {
            let numbered = format!("a numbered line of Example {}", self.lecture);
            problems.push(format!("{at}: line {line} is not {numbered}"));
        }
        for pair in found.windows(2).filter(|pair| pair[1].0 < pair[0].0) {
            let ((line, at), (before, its_at)) = (&pair[1], &pair[0]);
            let after = format!("comes after line {before} ({its_at})");
            problems.push(format!("{at}: line {line} {after}"));
        }
        problems
    }

    /// This example's statements in `file`, the student's copy of either lecture document, by
    /// code-notes number, and a line naming the document; a usage error naming `file` if it
    /// cannot be read, or has no block of this example with each of its lines once, in order.
    pub fn python(&self, file: &Path) -> Result<(BTreeMap<u32, String>, String)> {
        let name = file.display();
        let hint = "--beside takes your copy of the lecture's narration or code notes";
        let bad = |what: String| usage(format_args!("{name}: {what}"), hint);
        let text = fs::read_to_string(file).map_err(|e| bad(e.to_string()))?;
        let lines: Vec<&str> = text.lines().collect();
        let title = format!("# Example {}", self.lecture);
        let start = lines.iter().position(|l| l.trim() == title);
        let start = start.ok_or_else(|| bad(format!("no code block starts with `{title}`")))?;
        // The narration ends a statement's line with `# line N` and numbers 1..N; the code
        // notes put the marker alone above the statement and number with gaps.
        let (mut found, mut statements, mut notes) = (Vec::new(), Vec::new(), false);
        let block = lines.iter().enumerate().skip(start);
        for (index, line) in block.take_while(|(_, l)| !l.starts_with("```")) {
            let marker = line.rsplit_once("# line ");
            let marker = marker.and_then(|(code, n)| Some((code, n.trim().parse().ok()?)));
            if let Some((code, number)) = marker {
                notes |= code.trim().is_empty();
                let below = lines.get(index + 1).filter(|_| code.trim().is_empty());
                statements.push(below.unwrap_or(&code).trim_end().to_owned());
                found.push((number, format!("{name}:{}", index + 1)));
            }
        }
        let narration: Vec<u32> = (1..=self.notes.len() as u32).collect();
        let numbers = if notes { self.notes } else { &narration };
        let problems = self.each_once_in_order(numbers, &found, "`# line` marker");
        if let Some(problem) = problems.first() {
            return Err(bad(format!("Example {}: {problem}", self.lecture)));
        }
        let beside = ["the narration", "the code notes"][usize::from(notes)];
        let beside = format!("beside the Python of {name} ({beside})\n");
        Ok((self.notes.iter().copied().zip(statements).collect(), beside))
    }

    /// The mirror's source file, from the workspace's top folder.
    pub fn main_rs(&self) -> String {
        format!("crates/{}/src/main.rs", self.name)
    }

    /// The guide's page for this example, from the workspace's top folder.
    pub fn page(&self) -> String {
        format!("docs/{}.md", self.name)
    }
}

/// The text of a file of the workspace, named from its top folder, with `\n` line endings
/// whatever the checkout has (Git for Windows writes `\r\n` by default).
pub fn read(path: &str) -> Result<String> {
    let text = fs::read_to_string(workspace_root().join(path));
    Ok(lf(text.with_context(|| format!("reading {path}"))?))
}

/// `text` with every `\r\n` made `\n`.
pub fn lf(text: String) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n") } else { text }
}

/// The workspace's top folder.
pub fn workspace_root() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().map(PathBuf::from).unwrap_or(xtask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numberings_correspond_one_for_one() {
        let race = Mirror::find("19.2").unwrap();
        assert_eq!(race.narration(1), Some(1));
        assert_eq!(race.narration(34), Some(27));
        assert_eq!(race.narration(3), None);
        assert_eq!(Mirror::find("ex19_1_fetch").unwrap().notes.len(), 23);
        assert_eq!(Mirror::find("queue").unwrap().notes.len(), 31);
    }

    #[test]
    fn an_unknown_example_lists_the_known_ones() {
        let error = Mirror::find("19.4").err().unwrap().to_string();
        assert!(error.contains("ex19_1_fetch (19.1), ex19_2_race (19.2), ex19_3_queue (19.3)"));
    }

    /// A made-up example whose code notes number its five lines with gaps.
    const DEMO: Mirror = Mirror { name: "ex0_demo", lecture: "0.1", notes: &[1, 2, 4, 5, 7] };

    /// A narration of DEMO: each statement's line ends in its marker, numbered 1..5.
    const NARRATION: &str = "\
# A made-up lesson

Prose that names # Example 0.1 in passing.

```python
# Example 0.1
import os                          # line 1
import sys                         # line 2

def greet(name):                   # line 3
    print(\"héllo\", name)           # line 4

greet(sys.argv[1])                 # line 5
```

```python
# Example 0.2
x = 1                              # line 1
```
";

    /// The code notes of DEMO: each marker alone above its statement, numbered with gaps.
    const NOTES: &str = "\
## Example 0.1: a greeting

```python
# Example 0.1
# line 1
import os
# line 2
import sys

# line 4
def greet(name):
    # line 5
    print(\"héllo\", name)

# line 7
greet(sys.argv[1])
```

- **Lines 4-5:** `# line 9` in prose after the block is not a marker of it.

```python
# Example 0.2
# line 1
x = 1
```
";

    /// `text` in a file of its own, named after `name`.
    fn file(name: &str, text: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("xtask-{}-{name}", std::process::id()));
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn crlf_line_endings_read_as_lf() {
        assert_eq!(lf("a\r\nb\r\n\r\nc".to_owned()), "a\nb\n\nc");
        assert_eq!(lf("a\nb\n".to_owned()), "a\nb\n");
    }

    #[test]
    fn either_document_gives_each_line_its_statement_by_notes_number() {
        let statements = [
            (1, "import os"),
            (2, "import sys"),
            (4, "def greet(name):"),
            (5, "    print(\"héllo\", name)"),
            (7, "greet(sys.argv[1])"),
        ];
        let expected: BTreeMap<u32, String> =
            statements.map(|(n, s)| (n, s.to_owned())).into_iter().collect();
        let documents = [(NARRATION, "the narration"), (NOTES, "the code notes")];
        // A copy saved on Windows may have CRLF line endings.
        let crlf = documents.map(|(text, document)| (text.replace('\n', "\r\n"), document));
        let documents = documents.map(|(text, document)| (text.to_owned(), document));
        for (text, document) in documents.into_iter().chain(crlf) {
            let path = file(&format!("demo-{}.txt", document.replace(' ', "-")), &text);
            let (python, heading) = DEMO.python(&path).unwrap();
            assert_eq!(python, expected, "{document}");
            let named = format!("beside the Python of {} ({document})\n", path.display());
            assert_eq!(heading, named);
            fs::remove_file(path).unwrap();
        }
    }

    #[test]
    fn a_bad_document_is_one_usage_error_naming_the_file_and_what_is_wrong() {
        // What is wrong, from the one line that names the file, with the file called FILE.
        let error = |name: &str, text: &str| {
            let path = file(name, text);
            let error = DEMO.python(&path).unwrap_err();
            fs::remove_file(&path).unwrap();
            assert!(error.is::<lexopt::Error>(), "{error}");
            let (file, line) = (path.display().to_string(), error.to_string());
            let hint = "; --beside takes your copy of the lecture's narration or code notes";
            assert!(!line.contains('\n') && line.ends_with(hint), "{line}");
            let what = line.strip_prefix(&format!("{file}: ")).unwrap();
            what.strip_suffix(hint).unwrap().replace(&file, "FILE")
        };
        let missing = DEMO.python(Path::new("/nonexistent/notes.txt")).unwrap_err();
        assert!(missing.is::<lexopt::Error>());
        // The OS's own words follow the name: "No such file..." on Unix, others on Windows.
        assert!(missing.to_string().starts_with("/nonexistent/notes.txt: "));

        let other = NARRATION.replace("Example 0.1", "Example 0.3");
        assert_eq!(error("other.txt", &other), "no code block starts with `# Example 0.1`");
        let no_4 = NARRATION.replace("  # line 4", "");
        assert_eq!(error("no_4.txt", &no_4), "Example 0.1: line 4 has no `# line` marker");
        let two_2 = NARRATION.replace("# line 3", "# line 2");
        assert_eq!(error("two_2.txt", &two_2), "Example 0.1: line 2 is found at FILE:8, FILE:10");
        let no_5 = NOTES.replace("    # line 5\n", "");
        assert_eq!(error("no_5.txt", &no_5), "Example 0.1: line 5 has no `# line` marker");
        let gapless = NOTES.replace("# line 4", "# line 3");
        assert_eq!(error("gapless.txt", &gapless), "Example 0.1: line 4 has no `# line` marker");
        let swapped = NOTES.replace("# line 1", "# line X").replace("# line 2", "# line 1");
        let swapped = swapped.replace("# line X", "# line 2");
        assert_eq!(
            error("swapped.txt", &swapped),
            "Example 0.1: FILE:7: line 1 comes after line 2 (FILE:5)"
        );
    }
}
