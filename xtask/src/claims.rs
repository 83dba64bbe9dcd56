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
