//! The lecture's three programs: their line numbers, and where the Rust mirror of each lives.

use std::fs;
use std::path::PathBuf;

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
        MIRRORS
            .iter()
            .find(|m| m.name == name || m.lecture == name || m.name.ends_with(&format!("_{name}")))
            .ok_or_else(|| {
                let known: Vec<String> = MIRRORS
                    .iter()
                    .map(|m| format!("{} ({})", m.name, m.lecture))
                    .collect();
                usage(
                    format_args!("no example named {name:?}"),
                    &format!("the examples are {}", known.join(", ")),
                )
            })
    }

    /// The narration's number for a code-notes line number.
    pub fn narration(&self, notes_line: u32) -> Option<u32> {
        let index = self.notes.iter().position(|&n| n == notes_line)?;
        u32::try_from(index + 1).ok()
    }

    /// Every way `found` (lecture lines, each with where it was found) differs from the
    /// numbered lines: a line missing or found twice, a line that is not numbered, lines out
    /// of order. `what` names what each line needs, e.g. `anchor in src/main.rs`.
    pub fn each_once_in_order(&self, found: &[(u32, String)], what: &str) -> Vec<String> {
        let mut problems = Vec::new();
        for &line in self.notes {
            let places: Vec<&str> = found
                .iter()
                .filter(|f| f.0 == line)
                .map(|f| &*f.1)
                .collect();
            match places[..] {
                [] => problems.push(format!("line {line} has no {what}")),
                [_] => {}
                _ => problems.push(format!("line {line} is found at {}", places.join(", "))),
            }
        }
        let lecture = self.lecture;
        for (line, at) in found.iter().filter(|f| !self.notes.contains(&f.0)) {
            problems.push(format!(
                "{at}: line {line} is not a numbered line of Example {lecture}"
            ));
        }
        for pair in found.windows(2).filter(|pair| pair[1].0 < pair[0].0) {
            let ((line, at), (before, its_at)) = (&pair[1], &pair[0]);
            problems.push(format!(
                "{at}: line {line} comes after line {before} ({its_at})"
            ));
        }
        problems
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

/// The text of a file of the workspace, named from its top folder.
pub fn read(path: &str) -> Result<String> {
    fs::read_to_string(workspace_root().join(path)).with_context(|| format!("reading {path}"))
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
}
