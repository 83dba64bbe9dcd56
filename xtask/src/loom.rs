//! `cargo xtask loom`: the model-checking tests, which explore every interleaving of the
//! examples' threads instead of the few that a run happens to see.

use std::path::PathBuf;
use std::process::Stdio;

use anyhow::{Context, Result, bail};

use crate::cargo;
use crate::lecture::workspace_root;

/// The crates with loom models, each tested with `--lib loom`.
const MODELLED: [&str; 3] = ["ex19_1_fetch", "ex19_2_race", "ex19_3_queue"];

/// Runs every loom model; `Err` if one fails or none ran.
pub fn run() -> Result<()> {
    // `--cfg loom` swaps std's and parking_lot's primitives for loom's, which changes every
    // crate's build: a target directory of its own keeps the ordinary build intact.
    let rustflags = match std::env::var("RUSTFLAGS") {
        Ok(flags) if !flags.trim().is_empty() => format!("{flags} --cfg loom"),
        _ => "--cfg loom".to_owned(),
    };
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from)
        .join("loom");
    for package in MODELLED {
        println!("\n==> loom models of {package}");
        let output = cargo::cargo()
            .args(["test", "--release", "--package", package, "--lib", "loom"])
            .env("RUSTFLAGS", &rustflags)
            .env("CARGO_TARGET_DIR", &target_dir)
            .stderr(Stdio::inherit())
            .output()
            .context("could not start cargo test")?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        print!("{stdout}");
        if !output.status.success() {
            bail!("the loom models of {package} failed ({})", output.status);
        }
        // A filter that matches nothing passes too: make sure models really ran.
        let passed = passed_count(&stdout);
        if passed == 0 {
            bail!("no loom model of {package} ran");
        }
        println!("{package}: {passed} loom models passed");
    }
    Ok(())
}

/// The number of passed tests in cargo test's `test result:` lines.
fn passed_count(output: &str) -> usize {
    output
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_tests_that_passed() {
        let output = "running 2 tests\ntest result: ok. 2 passed; 0 failed; 0 ignored\n";
        assert_eq!(passed_count(output), 2);
        assert_eq!(passed_count("test result: ok. 0 passed; 0 failed"), 0);
    }
}
