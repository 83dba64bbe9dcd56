//! `cargo xtask docs`: writes the parts of the guide's pages that come from the code.
//!
//! Each such part sits between two HTML comments, which no forge shows:
//!
//! ```text
//! <!-- cargo xtask docs: begin NAME -->
//! ...
//! <!-- cargo xtask docs: end NAME -->
//! ```
//!
//! NAME says what the part holds (see [`render`]). Only the text between the markers is
//! rewritten; `cargo xtask verify` fails while a page differs from what this would write.

use std::fs;

use anyhow::{Context, Result, bail, ensure};

use crate::anchors;
use crate::guide;
use crate::lecture::{MIRRORS, Mirror, read, workspace_root};

const BEGIN: &str = "<!-- cargo xtask docs: begin ";
const END: &str = "<!-- cargo xtask docs: end ";
const CLOSE: &str = " -->";

/// The parts every example page must have.
const PARTS: [&str; 1] = ["rust-lines"];

/// Rewrites every example page whose generated parts are out of date.
pub fn run() -> Result<()> {
    for mirror in &MIRRORS {
        let (page, (current, fresh)) = (mirror.page(), page(mirror)?);
        if current == fresh {
            println!("{page}: up to date");
        } else {
            let path = workspace_root().join(&page);
            fs::write(path, fresh).with_context(|| format!("writing {page}"))?;
            println!("{page}: written");
        }
    }
    Ok(())
}

/// `Ok` if the mirror's page is what `cargo xtask docs` would write, else where it differs.
pub fn up_to_date(mirror: &Mirror) -> Result<()> {
    let (current, fresh) = page(mirror)?;
    if current != fresh {
        let same = current
            .lines()
            .zip(fresh.lines())
            .take_while(|(a, b)| a == b)
            .count();
        bail!("stale from line {}; run cargo xtask docs", same + 1);
    }
    Ok(())
}

/// The mirror's page as it is, and as `cargo xtask docs` writes it.
fn page(mirror: &Mirror) -> Result<(String, String)> {
    let (page, current) = (mirror.page(), read(&mirror.page())?);
    let mut seen = Vec::new();
    let fresh = regenerate(&current, |part, text| {
        seen.push(part.to_owned());
        render(part, mirror, text)
    })
    .context(page.clone())?;
    if let Some(part) = PARTS.iter().find(|part| !seen.contains(&part.to_string())) {
        bail!("{page}: no `{BEGIN}{part}{CLOSE}` ... `{END}{part}{CLOSE}`");
    }
    Ok((current, fresh))
}

/// What goes between the markers of the part named `part` on `mirror`'s page, given the
/// text there now.
///
/// - `rust-lines`: the line-by-line table, whose `rust` column gives the line of
///   `src/main.rs` that each row's `// line N` anchor marks; the other columns are
///   written by hand.
fn render(part: &str, mirror: &Mirror, text: &str) -> Result<String> {
    match part {
        "rust-lines" => {
            let anchors = anchors::parse(&read(&mirror.main_rs())?);
            guide::with_rust_column(text, &anchors)
        }
        other => bail!("unknown part {other:?}; the parts are {}", PARTS.join(", ")),
    }
}

/// `text` with what lies between each pair of markers replaced by `render(name, text)`.
fn regenerate(text: &str, mut render: impl FnMut(&str, &str) -> Result<String>) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n').enumerate();
    while let Some((i, line)) = lines.next() {
        out += line;
        ensure!(
            marker(line, END).is_none(),
            "line {}: an end marker without a begin",
            i + 1
        );
        let Some(name) = marker(line, BEGIN) else {
            continue;
        };
        let mut part = String::new();
        loop {
            let (j, line) = lines
                .next()
                .with_context(|| format!("line {}: {name} has no end marker", i + 1))?;
            if marker(line, END) == Some(name) {
                out += &render(name, &part).with_context(|| format!("line {}: {name}", i + 1))?;
                out += line;
                break;
            }
            let nested = marker(line, BEGIN).or(marker(line, END)).is_some();
            ensure!(
                !nested,
                "line {}: a marker inside {name}, which is not closed",
                j + 1
            );
            part += line;
        }
    }
    Ok(out)
}

/// The name in `line` if it is a marker of `kind` (`BEGIN` or `END`).
fn marker<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    line.trim_end().strip_prefix(kind)?.strip_suffix(CLOSE)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str =
        "prose\n<!-- cargo xtask docs: begin a -->\nold\n<!-- cargo xtask docs: end a -->\nmore\n";

    #[test]
    fn only_the_text_between_markers_is_rewritten() {
        let upper = |_: &str, text: &str| Ok(text.to_uppercase());
        assert_eq!(regenerate(PAGE, upper).unwrap(), PAGE.replace("old", "OLD"));
        assert_eq!(regenerate("no markers\n", upper).unwrap(), "no markers\n");
    }

    #[test]
    fn unclosed_crossed_and_unknown_parts_are_errors() {
        let keep = |_: &str, text: &str| Ok(text.to_owned());
        let error = |page: &str| format!("{:#}", regenerate(page, keep).unwrap_err());
        let unclosed = PAGE.replace("<!-- cargo xtask docs: end a -->\n", "");
        assert_eq!(error(&unclosed), "line 2: a has no end marker");
        let crossed = PAGE.replace("end a", "end b");
        assert_eq!(
            error(&crossed),
            "line 4: a marker inside a, which is not closed"
        );
        assert_eq!(
            error(&PAGE.replace("old", "<!-- cargo xtask docs: begin b -->")),
            "line 3: a marker inside a, which is not closed"
        );
        assert_eq!(
            error(&PAGE.replace("begin a", "bgin a")),
            "line 4: an end marker without a begin"
        );
        let unknown = regenerate(PAGE, |part, text| render(part, &MIRRORS[0], text)).unwrap_err();
        assert_eq!(
            format!("{unknown:#}"),
            "line 2: a: unknown part \"a\"; the parts are rust-lines"
        );
    }
}
