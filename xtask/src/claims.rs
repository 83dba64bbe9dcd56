//! `cargo xtask claims`: hands over to the lab, `crates/lab`, which measures the lecture's
//! quantitative claims. The lab is not a default member and verify never builds it.

use std::process;

use anyhow::{Context, Result};

use crate::cargo;

/// Runs `cargo run --release -p lab --bin claims -- <args>` and exits with its exit code.
pub fn run(mut parser: lexopt::Parser) -> Result<()> {
    // The lab parses its own flags (--quick, --help) and reports bad ones itself.
    let args: Vec<_> = parser.raw_args()?.collect();
    let status = cargo::cargo()
        .args(["run", "--release", "--package", "lab", "--bin", "claims", "--"])
        .args(args)
        .status()
        .context("could not start cargo run")?;
    process::exit(status.code().unwrap_or(1));
}

#[cfg(test)]
mod tests {
    use crate::lecture::workspace_root;

    /// The runs a text names: each `cargo xtask claims, started YYYY-MM-DD HH:MM UTC`.
    fn runs_named(text: &str) -> Vec<&str> {
        let mark = "claims, started ";
        text.match_indices(mark)
            .filter_map(|(at, _)| text.get(at + mark.len()..at + mark.len() + 20))
            .collect()
    }

    /// docs/claims.md shows a sample table and sample pictures: the lab marks each picture
    /// with its run, and the page names the run its table comes from. They must agree.
    #[test]
    fn the_guides_sample_table_and_pictures_come_from_one_run() {
        let docs = workspace_root().join("docs");
        let page = std::fs::read_to_string(docs.join("claims.md")).expect("docs/claims.md");
        let named = runs_named(&page);
        assert!(!named.is_empty(), "docs/claims.md names no run");
        assert!(named.iter().all(|run| *run == named[0]), "several runs: {named:?}");
        for picture in ["speedup.svg", "timeline.svg", "race_histogram.svg"] {
            let svg = std::fs::read_to_string(docs.join("claims").join(picture)).unwrap();
            assert_eq!(runs_named(&svg), [named[0]], "docs/claims/{picture}");
        }
    }

    #[test]
    fn a_run_is_read_to_the_minute() {
        let text = "x cargo xtask claims, started 2026-12-04 19:49 UTC; y";
        assert_eq!(runs_named(text), ["2026-12-04 19:49 UTC"]);
        assert!(runs_named("no run here").is_empty());
    }
}
