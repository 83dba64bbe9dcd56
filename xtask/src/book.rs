//! `cargo xtask book`: the guide in `docs/` as an mdBook, built into Cargo's target
//! directory to read offline. mdBook's warnings fail the build.
//!
//! The guide's pages link the source files they talk about as `../crates/...`, which a
//! forge opens; but mdBook puts only `docs/` into the book, so from `target/book/`, read
//! from file://, such a click would go to `target/crates/...` and find nothing. So the
//! book is built from a copy of `docs/` staged in the target directory (`book-src/`):
//!
//! - each linked source file gets a page of its own, `source/PATH.md`: a heading naming the
//!   path and the whole file as the numbered, highlighted listing of [`listing_in`], the
//!   same as the example pages show their code. A page, rather than a copy of the file,
//!   because a browser shows a copied `.rs` or `.toml` from file:// as bare text or offers to
//!   download it, while the page reads like the rest of the book (theme, search, sidebar),
//!   and its line ids let a forge's `#L14` land on line 14 (`#line-14`);
//! - a link to a directory lands on a page that lists the files of that directory which the
//!   book shows, as a forge shows a directory's files, and the directory brings its own
//!   files (its README.md, Cargo.toml, ...) into the book, so that the list is never empty
//!   whatever the directory holds; a crate's README or lib alone would hide the rest;
//! - the pages sit under a "Source files" part appended to the staged `SUMMARY.md` (mdBook
//!   renders only the pages it lists), one directory page per crate (the nearest directory
//!   with a Cargo.toml) with its files under it;
//! - the staged pages' `../PATH` links are rewritten to those pages; a `#LN` (or `#LN-LM`)
//!   fragment becomes the line's, any other fragment, meaningless on a listing, is dropped.
//!
//! `docs/` itself is not touched: its pages keep the `../crates/...` links that forges
//! follow, and the checkout stays as it was. A link to a path that is not in the repository
//! fails the build. `.ci/check_book.py` follows every link as Chromium does.
//!
//! The quizzes (`docs/quizzes/*.toml`) are mdbook-quiz's: with mdbook-quiz 0.5 installed, each
//! quiz place on a staged page (a note for forges, see [`crate::quiz`]) becomes its
//! `{{#quiz PATH}}`, and the preprocessor, which may write ids into the staged quiz files,
//! puts the quiz there. Without it the book is built all the same, with the notes, which say
//! how to get the quizzes, and the build says so in one line: the guide is the book's point,
//! and a two-minute install should not stand between a student and it. CI installs it.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};

use crate::lecture::{lf, workspace_root};
use crate::listing::listing_in;
use crate::quiz;

/// The mdBook that `docs/book.toml` is written for, and the command that installs it.
const MDBOOK_SERIES: &str = "mdbook v0.5.";
const INSTALL: &str =
    "cargo install mdbook --version 0.5.4 --locked --no-default-features --features search";
/// The folder of the staged book that holds the source files' pages.
const SOURCES: &str = "source";
/// The id of line N on a source file's page is `line-N`.
const STEM: &str = "line";
/// Where `docs/book.toml` turns mdbook-quiz on.
const QUIZ_TABLE: &str = "[preprocessor.quiz]";

/// Builds `docs/`, with a page per source file it links, into `$CARGO_TARGET_DIR/book` (else
/// `target/book`), staged in `book-src/` beside it. Without mdBook 0.5 it says how to
/// install it, as a usage error (exit code 2); without mdbook-quiz 0.5, it builds the book
/// with the quiz pages' notes instead of the quizzes, and says so.
pub fn run(mut parser: lexopt::Parser) -> Result<()> {
    crate::no_arguments(&mut parser, "book")?;
    let found = version_of("mdbook");
    if !found.starts_with(MDBOOK_SERIES) {
        let what = format!("the book needs mdBook 0.5.x; mdbook --version: {found}");
        return Err(crate::usage(what, &format!("install it with: {INSTALL}")));
    }
    let target = target_dir()?;
    let (staged, destination) = (target.join("book-src"), target.join("book"));
    let quizzes = version_of("mdbook-quiz");
    let with_quizzes = quizzes.starts_with(quiz::SERIES);
    let pages = stage(&workspace_root(), &staged, with_quizzes)?;
    println!("staged docs/ in {} with {pages} source pages", staged.display());
    if !with_quizzes {
        println!(
            "note: the quiz pages say how to get their quizzes, which need mdbook-quiz 0.5 \
             (mdbook-quiz --version: {quizzes}); install it with: {}",
            quiz::INSTALL
        );
    }
    let output = Command::new("mdbook")
        .arg("build")
        .arg(&staged)
        .arg("--dest-dir")
        .arg(&destination)
        .output()
        .context("could not start mdbook")?;
    let log = String::from_utf8_lossy(&output.stderr);
    eprint!("{log}");
    ensure!(output.status.success(), "mdbook build failed ({})", output.status);
    let warnings = log.lines().filter(|line| is_warning(line)).count();
    ensure!(warnings == 0, "mdbook build: {warnings} warning line(s), which count as errors");
    println!("the book: {}", destination.join("index.html").display());
    Ok(())
}

/// What `tool --version` prints, or why it printed nothing.
fn version_of(tool: &str) -> String {
    match Command::new(tool).arg("--version").output() {
        Ok(output) => String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        Err(error) if error.kind() == ErrorKind::NotFound => "not installed".into(),
        Err(error) => error.to_string(),
    }
}

/// Cargo's target directory, as an absolute path.
pub fn target_dir() -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from);
    std::path::absolute(target).context("resolving the target directory")
}

/// mdBook logs one level word at the start of each line, mdbook-quiz after the date and the
/// time, in brackets: `WARN` and `ERROR` fail the build.
fn is_warning(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().take(3).collect();
    matches!(words.first(), Some(&("WARN" | "ERROR")))
        || matches!(words.get(2), Some(&("[WARN]" | "[ERROR]")))
}

/// What a link of the guide names outside `docs/`: a repository path, `/`-separated, that
/// is a file or a directory (`""` for the top).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    File(String),
    Dir(String),
}

impl Source {
    /// Its page in the staged book.
    fn page(&self) -> String {
        match self {
            Source::File(path) => format!("{SOURCES}/{path}.md"),
            Source::Dir(path) => format!("{SOURCES}/{}index.md", with_slash(path)),
        }
    }

    fn path(&self) -> &str {
        let (Source::File(path) | Source::Dir(path)) = self;
        path
    }
}

/// Copies `docs/` of `root` to `staged` (anew), points its links to source files at pages
/// of their own and writes those pages and their part of `SUMMARY.md`; puts the quizzes in
/// their places, or leaves the notes and takes mdbook-quiz out of `book.toml`. Returns how
/// many source pages it wrote.
fn stage(root: &Path, staged: &Path, quizzes: bool) -> Result<usize> {
    if staged.exists() {
        fs::remove_dir_all(staged).with_context(|| format!("removing {}", staged.display()))?;
    }
    copy_dir(&root.join("docs"), staged)?;
    ensure!(!staged.join(SOURCES).exists(), "docs/{SOURCES} is where the source pages go");
    let mut sources = BTreeSet::new();
    for page in markdown_pages(staged, "")? {
        let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        let path = staged.join(&page);
        let raw = fs::read_to_string(&path).with_context(|| format!("reading docs/{page}"))?;
        // A checkout with CRLF line endings (Git for Windows) stages LF pages.
        let text = lf(raw.clone());
        let with_quizzes = quiz::with_quizzes(&text).with_context(|| format!("docs/{page}"))?;
        let fresh = rewrite_links(if quizzes { &with_quizzes } else { &text }, |url| {
            let Some((source, fragment)) = to_source(root, dir, url)? else { return Ok(None) };
            let link = relative(dir, &source.page()) + &fragment;
            sources.insert(source);
            Ok(Some(link))
        })
        .with_context(|| format!("docs/{page}"))?;
        if fresh != raw {
            fs::write(&path, fresh).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    add_directories_and_groups(root, &mut sources)?;
    let mut summary = String::from("\n# Source files\n\n");
    let groups: BTreeSet<String> = sources.iter().map(|s| group(root, s)).collect();
    for group_dir in &groups {
        let top = Source::Dir(group_dir.clone());
        summary += &format!("- [{}]({})\n", label(&top, ""), top.page());
        for source in sources.iter().filter(|s| **s != top && group(root, s) == *group_dir) {
            summary += &format!("    - [{}]({})\n", label(source, group_dir), source.page());
        }
    }
    for source in &sources {
        let page = staged.join(source.page());
        fs::create_dir_all(page.parent().expect("a page is in source/"))?;
        fs::write(&page, source_page(root, source, &sources)?)
            .with_context(|| format!("writing {}", page.display()))?;
    }
    let book_toml = staged.join("book.toml");
    let text = lf(fs::read_to_string(&book_toml).context("reading docs/book.toml")?);
    fs::write(&book_toml, if quizzes { text } else { without_table(&text, QUIZ_TABLE) })?;
    let summary_path = staged.join("SUMMARY.md");
    let text = lf(fs::read_to_string(&summary_path).context("reading docs/SUMMARY.md")?);
    fs::write(&summary_path, text.trim_end().to_owned() + "\n" + &summary)?;
    Ok(sources.len())
}

/// Each linked directory brings its own files (not those starting with `.`, and only text),
/// and each page's crate (see [`group`]) gets a directory page.
fn add_directories_and_groups(root: &Path, sources: &mut BTreeSet<Source>) -> Result<()> {
    let dirs: Vec<String> = sources
        .iter()
        .filter_map(|s| if let Source::Dir(dir) = s { Some(dir.clone()) } else { None })
        .collect();
    for dir in dirs {
        let at = root.join(&dir);
        for entry in fs::read_dir(&at).with_context(|| format!("listing {}", at.display()))? {
            let (entry, name) = entry.map(|e| (e.path(), e.file_name()))?;
            let name = name.to_string_lossy();
            if entry.is_file() && !name.starts_with('.') && fs::read_to_string(&entry).is_ok() {
                sources.insert(Source::File(with_slash(&dir) + &name));
            }
        }
    }
    let groups: Vec<Source> = sources.iter().map(|s| Source::Dir(group(root, s))).collect();
    sources.extend(groups);
    Ok(())
}

/// The Markdown of `source`'s page: a file whole, or the files of a directory that the
/// book shows, each linked.
fn source_page(root: &Path, source: &Source, sources: &BTreeSet<Source>) -> Result<String> {
    let dir = source.page().rsplit_once('/').expect("a page is in source/").0.to_owned();
    let up = Source::Dir(group(root, source));
    match source {
        Source::File(path) => {
            let text = fs::read_to_string(root.join(path))
                .with_context(|| format!("{path} cannot be shown: it is not UTF-8 text"))?;
            let (lines, what) = (text.lines().count(), label(&up, ""));
            let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
            let language = match extension {
                "rs" => "rust",
                "toml" => "toml",
                "md" => "markdown",
                "py" => "python",
                "sh" => "bash",
                _ => "plaintext",
            };
            Ok(format!(
                "# `{path}`\n\nThe whole file, {lines} lines. [`{what}`]({}) lists the files \
                 beside it that this book shows.\n{}",
                relative(&dir, &up.page()),
                listing_in(language, STEM, &text)
            ))
        }
        Source::Dir(path) => {
            let mut out = format!(
                "# `{}`\n\nThe files under `{0}` that this book shows, each whole:\n\n",
                label(source, "")
            );
            for file in sources.iter().filter(|s| matches!(s, Source::File(_))) {
                if let Some(name) = file.path().strip_prefix(&with_slash(path)) {
                    out += &format!("- [`{name}`]({})\n", relative(&dir, &file.page()));
                }
            }
            Ok(out)
        }
    }
}

/// The crate that `source` belongs to: the nearest directory holding it (or it) with a
/// Cargo.toml, else the top.
fn group(root: &Path, source: &Source) -> String {
    let mut dir = match source {
        Source::File(path) => path.rsplit_once('/').map_or("", |(dir, _)| dir),
        Source::Dir(path) => path,
    };
    while !dir.is_empty() && !root.join(dir).join("Cargo.toml").is_file() {
        dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
    dir.to_owned()
}

/// `source` as the sidebar and the pages name it: its path under the directory `within`,
/// with a `/` after a directory's.
fn label(source: &Source, within: &str) -> String {
    let path = source.path();
    let path = path.strip_prefix(&with_slash(within)).unwrap_or(path);
    match source {
        Source::File(_) => path.to_owned(),
        Source::Dir(_) if path.is_empty() => "./".to_owned(),
        Source::Dir(_) => format!("{path}/"),
    }
}

/// The source file or directory that `url`, a link on a page in the directory `dir` of
/// `docs/`, names, with the fragment its page gives it; `None` for a link that stays in
/// `docs/` or leaves for the web.
fn to_source(root: &Path, dir: &str, url: &str) -> Result<Option<(Source, String)>> {
    let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
    let scheme = path.split('/').next().is_some_and(|first| first.contains(':'));
    if path.is_empty() || path.starts_with('/') || scheme {
        return Ok(None);
    }
    let Some(repository_path) = normalize(&format!("docs/{}{path}", with_slash(dir))) else {
        bail!("{url} leads out of the repository");
    };
    if repository_path == "docs" || repository_path.starts_with("docs/") {
        return Ok(None);
    }
    let on_disk = root.join(&repository_path);
    if on_disk.is_dir() {
        Ok(Some((Source::Dir(repository_path), String::new())))
    } else if on_disk.is_file() {
        let line = line_of(fragment).map(|n| format!("#{STEM}-{n}")).unwrap_or_default();
        Ok(Some((Source::File(repository_path), line)))
    } else {
        bail!("{url} names {repository_path}, which is not in the repository")
    }
}

/// The line a forge's fragment `L14`, `L14-L20` or `L14C3` names.
fn line_of(fragment: &str) -> Option<usize> {
    let digits = fragment.strip_prefix('L')?;
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    digits[..end].parse().ok().filter(|&n| n > 0)
}

/// `text`, a Markdown page, with the destination of each link (`[a](URL)`, `[a]: URL`,
/// `href="URL"`) replaced by what `link` makes of it, if anything; code is left alone
/// (fenced blocks and `<pre>` blocks).
fn rewrite_links(
    text: &str,
    mut link: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<String> {
    let (mut out, mut fence, mut pre) = (String::with_capacity(text.len()), None, false);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let ticks = marker.map_or(0, |c| trimmed.chars().take_while(|&d| d == c).count());
        if let Some((c, n)) = fence {
            fence = (marker != Some(c) || ticks < n).then_some((c, n));
            out += line;
            continue;
        }
        if ticks >= 3 {
            fence = marker.map(|c| (c, ticks));
        }
        pre = (pre || trimmed.starts_with("<pre")) && !line.contains("</pre>");
        if fence.is_some() || pre || line.contains("</pre>") {
            out += line;
            continue;
        }
        let mut rest = line;
        while let Some((start, end)) = next_destination(rest, rest.len() == line.len()) {
            out += &rest[..start];
            let url = &rest[start..end];
            out += &link(url)?.unwrap_or_else(|| url.to_owned());
            rest = &rest[end..];
        }
        out += rest;
    }
    Ok(out)
}

/// Where the first link destination in `line` starts and ends; a link definition only
/// counts at the `start` of a line.
fn next_destination(line: &str, start: bool) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let definition = (start && trimmed.starts_with('['))
        .then(|| trimmed.find("]: ").map(|at| line.len() - trimmed.len() + at + 3))
        .flatten();
    let openers = ["](", "href=\""].map(|opener| line.find(opener).map(|at| at + opener.len()));
    let start = definition.into_iter().chain(openers.into_iter().flatten()).min()?;
    let start = start + usize::from(line[start..].starts_with('<'));
    let end = line[start..]
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '>'))
        .map_or(line.len(), |at| start + at);
    Some((start, end))
}

/// `path` with its `.` and `..` resolved; `None` if it climbs above its start.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The relative link from a page in the directory `from` to the file `to`, both relative
/// to the same folder.
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|part| !part.is_empty()).collect();
    let to: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to[..to.len() - 1]).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// `toml` without the table that starts with the line `header`.
fn without_table(toml: &str, header: &str) -> String {
    let mut inside = false;
    let mut out = String::with_capacity(toml.len());
    for line in toml.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            inside = line.trim() == header;
        }
        if !inside {
            out += line;
        }
    }
    out
}

/// `dir` followed by `/`, or nothing for the top.
fn with_slash(dir: &str) -> String {
    if dir.is_empty() { String::new() } else { format!("{dir}/") }
}

/// The `.md` files under `root/dir`, relative to `root`.
fn markdown_pages(root: &Path, dir: &str) -> Result<Vec<String>> {
    let mut pages = Vec::new();
    for entry in fs::read_dir(root.join(dir))? {
        let entry = entry?;
        let name = with_slash(dir) + &entry.file_name().to_string_lossy();
        if entry.file_type()?.is_dir() {
            pages.extend(markdown_pages(root, &name)?);
        } else if name.ends_with(".md") {
            pages.push(name);
        }
    }
    Ok(pages)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("listing {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_and_errors_are_caught_and_info_is_not() {
        assert!(is_warning(" WARN footnote `a` in `x.md` is defined but not referenced"));
        assert!(is_warning("ERROR Rendering failed"));
        assert!(!is_warning(" INFO Book building has started"));
        assert!(!is_warning("Html text was:"));
        let quiz = "2026-12-04 19:39:34 [INFO] (mdbook_quiz): Running the mdbook-quiz preprocessor";
        assert!(!is_warning(quiz));
        assert!(is_warning(&quiz.replace("[INFO]", "[WARN]")));
        assert!(is_warning(&quiz.replace("[INFO]", "[ERROR]")));
    }

    #[test]
    fn links_in_prose_are_rewritten_and_code_is_left_alone() {
        let page = "See [a](../x.rs) and [b](<../y.rs#L3>), [c](ex.md#top \"t\").\n\
                    [d]: ../z.rs\n<a href=\"../w.rs\">w</a>\n\
                    ```md\n[e](../x.rs)\n````\n``` \n[f](../x.rs)\n```\n\
                    <pre><code>[g](../x.rs)\n[h](../x.rs)</code></pre>\n[i](../x.rs)\n";
        let upper = |url: &str| Ok(url.starts_with("..").then(|| url.to_uppercase()));
        let expected = "See [a](../X.RS) and [b](<../Y.RS#L3>), [c](ex.md#top \"t\").\n\
                        [d]: ../Z.RS\n<a href=\"../W.RS\">w</a>\n\
                        ```md\n[e](../x.rs)\n````\n``` \n[f](../x.rs)\n```\n\
                        <pre><code>[g](../x.rs)\n[h](../x.rs)</code></pre>\n[i](../X.RS)\n";
        assert_eq!(rewrite_links(page, upper).unwrap(), expected);
    }

    #[test]
    fn paths_resolve_and_fragments_name_lines() {
        assert_eq!(normalize("docs/../crates/./a/b.rs").as_deref(), Some("crates/a/b.rs"));
        assert_eq!(normalize("docs/../../etc"), None);
        assert_eq!(relative("", "source/crates/a/b.rs.md"), "source/crates/a/b.rs.md");
        assert_eq!(relative("claims", "source/a.md"), "../source/a.md");
        assert_eq!(relative("source/crates/a", "source/crates/a/src/b.rs.md"), "src/b.rs.md");
        assert_eq!(relative("source/crates/a/src", "source/crates/a/index.md"), "../index.md");
        assert_eq!(line_of("L14"), Some(14));
        assert_eq!(line_of("L14-L20"), Some(14));
        assert_eq!(line_of("L0"), None);
        assert_eq!(line_of("setup"), None);
    }

    #[test]
    fn links_outside_docs_name_sources_and_missing_ones_fail() {
        let root = workspace_root();
        let file = to_source(&root, "", "../crates/ex19_2_race/src/main.rs#L14").unwrap();
        let main = Source::File("crates/ex19_2_race/src/main.rs".into());
        assert_eq!(file, Some((main, "#line-14".into())));
        let dir = to_source(&root, "", "../crates/ex19_2_race/").unwrap();
        assert_eq!(dir, Some((Source::Dir("crates/ex19_2_race".into()), String::new())));
        for stays in ["claims.md#x", "#x", "https://docs.rs/x", "../docs/README.md"] {
            assert_eq!(to_source(&root, "", stays).unwrap(), None, "{stays}");
        }
        let missing = to_source(&root, "", "../crates/no_such.rs").unwrap_err().to_string();
        assert_eq!(
            missing,
            "../crates/no_such.rs names crates/no_such.rs, which is not in the repository"
        );
        assert_eq!(
            group(&root, &Source::File("crates/ex19_2_race/src/bin/a.rs".into())),
            "crates/ex19_2_race"
        );
    }

    #[test]
    fn the_staged_book_has_a_page_for_every_source_link_and_docs_stay_as_they_are() {
        let staged = std::env::temp_dir().join(format!("xtask-book-test-{}", std::process::id()));
        let pages = stage(&workspace_root(), &staged, true).unwrap();
        let summary = fs::read_to_string(staged.join("SUMMARY.md")).unwrap();
        let page = fs::read_to_string(staged.join("ex19_2_race.md")).unwrap();
        let source = staged.join("source/crates/ex19_2_race/src/main.rs.md");
        let source = fs::read_to_string(source).unwrap();
        fs::remove_dir_all(&staged).unwrap();
        assert!(pages > 10, "{pages}");
        assert!(
            summary.contains(
                "\n# Source files\n\n- [crates/ex19_1_fetch/](source/crates/ex19_1_fetch/index.md)\n"
            ),
            "{summary}"
        );
        let race = "\n- [crates/ex19_2_race/](source/crates/ex19_2_race/index.md)\n    - [";
        assert!(summary.contains(race));
        assert!(
            summary.contains("\n    - [src/main.rs](source/crates/ex19_2_race/src/main.rs.md)\n")
        );
        assert!(!page.contains("](../"), "{page}");
        assert!(page.contains("](source/crates/ex19_2_race/src/main.rs.md)"));
        assert!(source.starts_with("# `crates/ex19_2_race/src/main.rs`\n\nThe whole file, "));
        assert!(source.contains("[`crates/ex19_2_race/`](../index.md)"), "{source}");
        assert!(source.contains("<span id=\"line-1\" class=\"line\">"));
        let docs = fs::read_to_string(workspace_root().join("docs/ex19_2_race.md")).unwrap();
        assert!(docs.contains("](../crates/ex19_2_race/src/main.rs)"));
    }

    #[test]
    fn the_quizzes_take_their_places_or_the_notes_stay_and_mdbook_quiz_is_not_run() {
        for quizzes in [true, false] {
            let staged = std::env::temp_dir()
                .join(format!("xtask-book-quiz-test-{}-{quizzes}", std::process::id()));
            stage(&workspace_root(), &staged, quizzes).unwrap();
            let page = fs::read_to_string(staged.join("ex19_3_queue_quiz.md")).unwrap();
            let book_toml = fs::read_to_string(staged.join("book.toml")).unwrap();
            fs::remove_dir_all(&staged).unwrap();
            let directive = "\n{{#quiz quizzes/ex19_3_queue.toml}}\n";
            assert_eq!(page.contains(directive), quizzes, "{page}");
            assert_eq!(page.contains(quiz::INSTALL), !quizzes, "{page}");
            assert_eq!(book_toml.contains(QUIZ_TABLE), quizzes, "{book_toml}");
            assert!(book_toml.contains("[output.html.search]\nenable = true\n"), "{book_toml}");
        }
    }

    #[test]
    fn a_table_is_taken_out_of_toml_up_to_the_next() {
        let toml = "[a]\nx = 1\n[b]\n# b's\ny = 2\n\n[c]\nz = 3\n";
        assert_eq!(without_table(toml, "[b]"), "[a]\nx = 1\n[c]\nz = 3\n");
        assert_eq!(without_table(toml, "[d]"), toml);
    }
}
