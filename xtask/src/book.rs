//! `cargo xtask book`: the guide in `docs/` as an mdBook, built into Cargo's target
//! directory to read offline. mdBook's warnings fail the build.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, ensure};

use crate::lecture::workspace_root;

/// The mdBook that `docs/book.toml` is written for, and the command that installs it.
const MDBOOK_SERIES: &str = "mdbook v0.5.";
const INSTALL: &str =
    "cargo install mdbook --version 0.5.4 --locked --no-default-features --features search";

/// Builds `docs/` into `$CARGO_TARGET_DIR/book` (else `target/book`). Without mdBook 0.5 it
/// says how to install it, as a usage error (exit code 2).
pub fn run(mut parser: lexopt::Parser) -> Result<()> {
    crate::no_arguments(&mut parser, "book")?;
    let found = match Command::new("mdbook").arg("--version").output() {
        Ok(output) => String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        Err(error) if error.kind() == ErrorKind::NotFound => "not installed".into(),
        Err(error) => error.to_string(),
    };
    if !found.starts_with(MDBOOK_SERIES) {
        let what = format!("the book needs mdBook 0.5.x; mdbook --version: {found}");
        return Err(crate::usage(what, &format!("install it with: {INSTALL}")));
    }
    let destination = destination()?;
    let output = Command::new("mdbook")
        .arg("build")
        .arg(workspace_root().join("docs"))
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

/// `book/` in Cargo's target directory, as an absolute path.
fn destination() -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from);
    std::path::absolute(target.join("book")).context("resolving the target directory")
}

/// mdBook logs one level word at the start of each line: `WARN` and `ERROR` fail the build.
fn is_warning(line: &str) -> bool {
    matches!(line.split_whitespace().next(), Some("WARN" | "ERROR"))
}

#[cfg(test)]
mod tests {
    use super::is_warning;

    #[test]
    fn warnings_and_errors_are_caught_and_info_is_not() {
        assert!(is_warning(" WARN footnote `a` in `x.md` is defined but not referenced"));
        assert!(is_warning("ERROR Rendering failed"));
        assert!(!is_warning(" INFO Book building has started"));
        assert!(!is_warning("Html text was:"));
    }
}
