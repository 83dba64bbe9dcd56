//! `cargo xtask loom`: the model-checking tests, which explore every interleaving of the
//! examples' threads instead of the few that a run happens to see.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::cargo;
use crate::lecture::workspace_root;
use crate::process;

/// The crates with loom models, each tested with `--lib loom`.
const MODELLED: [&str; 3] = ["ex19_1_fetch", "ex19_2_race", "ex19_3_queue"];

/// Where a loom model may write a report: `cargo xtask loom` prints it after the model's
/// results, `cargo xtask docs` puts it in the guide (crates/ex19_2_race/src/loom_models.rs).
const REPORT_VAR: &str = "LECTURE19_LOOM_REPORT";

/// The crates whose loom models write a report for their guide page, and the model that does.
pub const REPORTS: [(&str, &str); 1] = [("ex19_2_race", "loom_models::loom_schedules")];

/// Runs every loom model; `Err` if one fails or none ran.
pub fn run() -> Result<()> {
    for package in MODELLED {
        println!("\n==> loom models of {package}");
        let report = report_file(package);
        let output = loom_test(package, "loom", &report)
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
        if let Ok(text) = fs::read_to_string(&report) {
            let _ = fs::remove_file(&report);
            print!("\n{text}");
        }
    }
    Ok(())
}

/// The report of `package`'s loom model for its guide page. Only that model runs: about a
/// second once `cargo xtask loom` has built the models, half a minute or so before. A build
/// and run still going after `REPORT_DEADLINE` is stopped and reported.
pub fn report(package: &str) -> Result<String> {
    let (_, model) = REPORTS.iter().find(|(p, _)| *p == package).context("no loom report")?;
    let report = report_file(package);
    let run = process::run_with_deadline(&mut loom_test(package, model, &report), REPORT_DEADLINE)
        .context("could not start cargo")?;
    let text = fs::read_to_string(&report);
    let _ = fs::remove_file(&report);
    if let Err(why) = run.exited_cleanly() {
        bail!("the loom model {model} of {package}: {why:#}\n{}", run.stdout);
    }
    text.with_context(|| format!("the loom model {model} of {package} wrote no report"))
}

/// Ten times what a cold build of the loom models took on a busy 2-core machine.
const REPORT_DEADLINE: Duration = Duration::from_secs(300);

/// `cargo test` of `package`'s loom models that match `filter`, asked to write any report to
/// `report`.
fn loom_test(package: &str, filter: &str, report: &Path) -> Command {
    // `--cfg loom` swaps std's and parking_lot's primitives for loom's, which changes every
    // crate's build: a target directory of its own keeps the ordinary build intact.
    let rustflags = match std::env::var("RUSTFLAGS") {
        Ok(flags) if !flags.trim().is_empty() => format!("{flags} --cfg loom"),
        _ => "--cfg loom".to_owned(),
    };
    let mut command = cargo::cargo();
    command.args(["test", "--release", "--package", package, "--lib", filter]);
    command.env("RUSTFLAGS", rustflags).env("CARGO_TARGET_DIR", target_dir());
    command.env(REPORT_VAR, report);
    command
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from)
        .join("loom")
}

/// A report file of this process's own: two xtasks may run at once.
fn report_file(package: &str) -> PathBuf {
    target_dir().join(format!("{package}-report-{}.md", std::process::id()))
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
