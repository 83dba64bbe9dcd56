//! `cargo xtask docs`: writes the parts of the guide's pages that come from the code, each
//! between `<!-- cargo xtask docs: begin NAME -->` and `<!-- cargo xtask docs: end NAME -->`,
//! HTML comments that no forge shows. NAME says what the part holds (see [`render`]). Only
//! the text between the markers is rewritten; `cargo xtask verify` fails while a page
//! differs from what this would write.

use std::{fs, iter};

use anyhow::{Context, Result, bail};

use crate::anchors;
use crate::guide;
use crate::lecture::{MIRRORS, Mirror, read, workspace_root};
use crate::listing::listing;
use crate::{loom, variants};

const BEGIN: &str = "<!-- cargo xtask docs: begin ";
const END: &str = "<!-- cargo xtask docs: end ";
const CLOSE: &str = " -->";

/// Rewrites every example page whose generated parts are out of date, and the exercises'.
pub fn run() -> Result<()> {
    for mirror in &MIRRORS {
        let (page, (current, fresh)) = (mirror.page(), page(mirror)?);
        write(&page, &current, fresh)?;
    }
    crate::exercises::write_page()
}

/// Writes `fresh` to `page` unless it is `current`, and says which it did.
pub(crate) fn write(page: &str, current: &str, fresh: String) -> Result<()> {
    if current == fresh {
        println!("{page}: up to date");
    } else {
        let path = workspace_root().join(page);
        // The page keeps the line endings of its checkout.
        let crlf = fs::read(&path).is_ok_and(|raw| raw.windows(2).any(|w| w == b"\r\n"));
        let fresh = if crlf { fresh.replace('\n', "\r\n") } else { fresh };
        fs::write(path, fresh).with_context(|| format!("writing {page}"))?;
        println!("{page}: written");
    }
    Ok(())
}

/// `Ok` if the mirror's page is what `cargo xtask docs` would write, else where it differs.
pub fn up_to_date(mirror: &Mirror) -> Result<()> {
    let (current, fresh) = page(mirror)?;
    let same = iter::zip(current.lines(), fresh.lines());
    let line = 1 + same.take_while(|(a, b)| a == b).count();
    if current != fresh {
        bail!("stale from line {line}; run cargo xtask docs");
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
    if let Some(part) = parts(mirror)?.into_iter().find(|part| !seen.contains(part)) {
        bail!("{page}: no `{BEGIN}{part}{CLOSE}` ... `{END}{part}{CLOSE}`");
    }
    Ok((current, fresh))
}

/// The parts `mirror`'s page must have: its table, its mirror's code, and each variant's
/// (every `src/bin/*.rs` of the crate but the offline httpbin.org stand-in).
fn parts(mirror: &Mirror) -> Result<Vec<String>> {
    let mut parts = vec!["rust-lines".to_owned(), "code src/main.rs".to_owned()];
    let bin = workspace_root().join(format!("crates/{}/src/bin", mirror.name));
    for entry in fs::read_dir(&bin).with_context(|| format!("listing {}", bin.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && name != "httpbin.rs" {
            parts.push(format!("code src/bin/{name}"));
            parts.push(format!("variant-lines src/bin/{name}"));
        }
    }
    if loom::REPORTS.iter().any(|(package, _)| *package == mirror.name) {
        parts.push("loom-report".to_owned());
    }
    parts[2..].sort();
    Ok(parts)
}

/// What goes between the markers of the part `part` on `mirror`'s page, given its text now.
///
/// - `rust-lines`: the line-by-line table, whose `rust` column links each row to the line
///   of `src/main.rs` that its `// line N` anchor marks; the other columns are by hand.
/// - `code FILE`: the crate's `FILE`, whole, as an HTML `<pre>` (see [`listing`]).
/// - `variant-lines FILE`: the table that sets the variant `FILE` beside the mirror, whose
///   line numbers come from the comments in its cells (see [`variants`]).
/// - `loom-report`: what the crate's loom model reports (see [`loom::report`]).
fn render(part: &str, mirror: &Mirror, text: &str) -> Result<String> {
    match part.split_once(' ') {
        None if part == "loom-report" => Ok(format!("\n{}\n", loom::report(mirror.name)?)),
        None if part == "rust-lines" => {
            let anchors = anchors::parse(&read(&mirror.main_rs())?);
            guide::with_rust_column(text, &anchors)
        }
        Some(("variant-lines", file)) => {
            let (main, variant) =
                (read(&mirror.main_rs())?, read(&format!("crates/{}/{file}", mirror.name))?);
            let stem = file.trim_end_matches(".rs").rsplit('/').next().unwrap_or(file);
            variants::with_line_numbers(text, &main, (&variant, stem))
        }
        Some(("code", file)) => {
            let code = read(&format!("crates/{}/{file}", mirror.name))?;
            let stem = file.trim_end_matches(".rs").rsplit('/').next();
            Ok(listing(stem.unwrap_or(file), &code))
        }
        _ => bail!(
            "unknown part {part:?}; the parts are rust-lines, code FILE, variant-lines FILE and \
             loom-report"
        ),
    }
}

/// `text` with what lies between each pair of markers replaced by `render(name, text)`.
pub(crate) fn regenerate(
    text: &str,
    mut render: impl FnMut(&str, &str) -> Result<String>,
) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<(usize, &str, String)> = None; // begin's line, name, text so far
    for (i, line) in (1..).zip(text.split_inclusive('\n')) {
        let (begin, end) = (marker(line, BEGIN), marker(line, END));
        match &mut open {
            Some((at, name, part)) if end == Some(*name) => {
                out += &render(name, part).with_context(|| format!("line {at}: {name}"))?;
                open = None;
            }
            Some((_, name, _)) if begin.or(end).is_some() => {
                bail!("line {i}: a marker inside {name}, which is not closed")
            }
            Some((_, _, part)) => *part += line,
            None if end.is_some() => bail!("line {i}: an end marker without a begin"),
            None => open = begin.map(|name| (i, name, String::new())),
        }
        if open.as_ref().is_none_or(|(at, ..)| *at == i) {
            out += line;
        }
    }
    match open {
        Some((at, name, _)) => bail!("line {at}: {name} has no end marker"),
        None => Ok(out),
    }
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
        assert_eq!(error(&crossed), "line 4: a marker inside a, which is not closed");
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
            "line 2: a: unknown part \"a\"; the parts are rust-lines, code FILE, variant-lines FILE \
             and loom-report"
        );
    }

    #[test]
    fn each_page_must_show_its_mirror_and_each_variant_but_the_stand_in() {
        let parts = parts(&MIRRORS[0]).unwrap();
        let shown = [
            "rust-lines",
            "code src/main.rs",
            "code src/bin/fetch_scoped.rs",
            "variant-lines src/bin/fetch_scoped.rs",
        ];
        assert_eq!(parts, shown);
    }
}
