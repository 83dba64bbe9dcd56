//! The `// line N` anchors of a mirror, and the checks that keep them true to the lecture.

use crate::lecture::Mirror;

/// One `// line N` anchor in a mirror's `src/main.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The code notes' line number.
    pub notes: u32,
    /// The 1-based line of the anchor comment itself.
    pub comment_line: usize,
    /// The 1-based line of the Rust code the anchor marks: the same line for a trailing
    /// anchor; for an anchor alone on its line, the first following line that is not a
    /// comment, or the anchor's own line if a blank line, a line of closing delimiters or
    /// another anchor comes first.
    pub rust_line: usize,
}

/// Finds every anchor in `source`, in file order.
pub fn parse(source: &str) -> Vec<Anchor> {
    let lines: Vec<&str> = source.lines().collect();
    let comment = |l: &&&str| l.trim_start().starts_with("//") && anchor_in(l).is_none();
    let marks = |l: &&str| is_code(l) && anchor_in(l).is_none();
    let anchor = |(index, line): (usize, &&str)| {
        let (code, notes) = anchor_in(line)?;
        // An anchor alone on its line marks the code below it, past any further comments;
        // if a blank line, a closing brace or another anchor comes first, the Python line
        // has no Rust code of its own and the comment itself stands for it.
        let next = index + 1 + lines[index + 1..].iter().take_while(comment).count();
        let below = code.trim().is_empty() && lines.get(next).is_some_and(marks);
        let rust_line = if below { next + 1 } else { index + 1 };
        Some(Anchor { notes, comment_line: index + 1, rust_line })
    };
    lines.iter().enumerate().filter_map(anchor).collect()
}

/// True unless the line is blank or only closes what earlier lines opened (`}`, `});`).
fn is_code(line: &str) -> bool {
    !line.trim().trim_matches(|c| "})];,".contains(c)).is_empty()
}

/// `(code before the comment, N)` if `line` carries `// line N`, alone or followed by a
/// colon or a space and more comment.
fn anchor_in(line: &str) -> Option<(&str, u32)> {
    let (code, rest) = line.split_once("// line ")?;
    let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let number = rest[..rest.len() - after.len()].parse().ok()?;
    (after.is_empty() || after.starts_with([':', ' '])).then_some((code, number))
}

/// Every way the anchors differ from the lecture's numbered lines: missing, doubled,
/// unknown or out of order. Empty if they match.
pub fn problems(mirror: &Mirror, anchors: &[Anchor]) -> Vec<String> {
    let file = mirror.main_rs();
    let at = |a: &Anchor| (a.notes, format!("{file}:{}", a.comment_line));
    let found: Vec<(u32, String)> = anchors.iter().map(at).collect();
    mirror.each_once_in_order(mirror.notes, &found, &format!("anchor in {file}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lecture::MIRRORS;

    const SOURCE: &str = "\
use std::thread; // line 1
// line 2: nothing to import for sleeping
// a comment that belongs to the next line

fn main() {
    // line 2b: not an anchor
    // line 3: started above
    // line 4 ⚠️ on purpose
    // why the next line is so
    let x = 1;
    // line 5: the lock is part of x
}
";

    #[test]
    fn trailing_and_own_line_anchors_mark_their_rust_line() {
        let anchors = parse(SOURCE);
        let found: Vec<(u32, usize, usize)> =
            anchors.iter().map(|a| (a.notes, a.comment_line, a.rust_line)).collect();
        assert_eq!(found, [(1, 1, 1), (2, 2, 2), (3, 7, 7), (4, 8, 10), (5, 11, 11)]);
    }

    #[test]
    fn mentions_of_lines_in_prose_are_not_anchors() {
        assert!(parse("// lines 22-28 say so\n// line N marks\n// line 3x\n// line\n").is_empty());
    }

    #[test]
    fn missing_doubled_unknown_and_misordered_anchors_are_reported() {
        let mirror = &MIRRORS[1];
        let complete: String = mirror.notes.iter().map(|n| format!("x; // line {n}\n")).collect();
        assert!(problems(mirror, &parse(&complete)).is_empty());

        let missing = complete.replace("x; // line 10\n", "");
        assert_eq!(
            problems(mirror, &parse(&missing)),
            ["line 10 has no anchor in crates/ex19_2_race/src/main.rs"]
        );
        let doubled = complete.replace("// line 10\n", "// line 10\ny; // line 10\n");
        assert!(
            problems(mirror, &parse(&doubled))[0]
                .contains("line 10 is found at crates/ex19_2_race/src/main.rs:8, ")
        );
        let unknown = complete.replace("// line 10\n", "// line 10\ny; // line 12\n");
        assert!(problems(mirror, &parse(&unknown))[0].contains("not a numbered line"));
        let swapped = complete
            .replace("// line 9\n", "// line X\n")
            .replace("// line 10\n", "// line 9\n")
            .replace("// line X\n", "// line 10\n");
        assert!(problems(mirror, &parse(&swapped))[0].contains("line 9 comes after line 10"));
    }
}
