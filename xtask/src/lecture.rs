//! The lecture's three programs: their line numbers, and where the Rust mirror of each lives.

use std::path::PathBuf;

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
    pub fn find(name: &str) -> Result<&'static Mirror, String> {
        MIRRORS
            .iter()
            .find(|m| m.name == name || m.lecture == name || m.name.ends_with(&format!("_{name}")))
            .ok_or_else(|| {
                let known: Vec<String> = MIRRORS
                    .iter()
                    .map(|m| format!("{} ({})", m.name, m.lecture))
                    .collect();
                format!(
                    "no example named {name:?}; the examples are {}",
                    known.join(", ")
                )
            })
    }

    /// The narration's number for a code-notes line number.
    pub fn narration(&self, notes_line: u32) -> Option<u32> {
        let index = self.notes.iter().position(|&n| n == notes_line)?;
        u32::try_from(index + 1).ok()
    }

    /// The mirror's source file.
    pub fn main_rs(&self) -> PathBuf {
        workspace_root()
            .join("crates")
            .join(self.name)
            .join("src/main.rs")
    }

    /// The guide's page for this example.
    pub fn guide_page(&self) -> PathBuf {
        workspace_root()
            .join("docs")
            .join(format!("{}.md", self.name))
    }
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
        let error = Mirror::find("19.4").err().unwrap();
        assert!(error.contains("ex19_1_fetch (19.1), ex19_2_race (19.2), ex19_3_queue (19.3)"));
    }
}
