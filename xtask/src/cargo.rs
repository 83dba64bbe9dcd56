//! Driving cargo: building and testing the packages that verify covers.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, ensure};

/// The packages that `cargo xtask verify` builds and tests: every package of the workspace
/// except the lab, which is slow to build and only measures.
pub const TESTED: [&str; 6] =
    ["ex19_1_fetch", "ex19_2_race", "ex19_3_queue", "httpbin_standin", "timeline", "xtask"];

/// The cargo that is running this xtask, so that toolchain overrides carry over.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `cargo <subcommand> <args>` on the packages of [`TESTED`].
pub fn on_tested(subcommand: &str, args: &[&str]) -> Command {
    let mut command = cargo();
    command.arg(subcommand).args(TESTED.iter().flat_map(|package| ["--package", package]));
    command.args(args);
    command
}

/// Runs `command` with its output shown; `Err` if it fails.
pub fn status(mut command: Command) -> Result<()> {
    let status = command.status().context("could not start cargo")?;
    ensure!(status.success(), "cargo failed ({status})");
    Ok(())
}

/// Where cargo puts the binaries of the dev profile: beside this xtask, which `cargo run`
/// built with that profile into the same target directory.
pub fn binaries() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the xtask binary")?;
    exe.parent().map(Path::to_path_buf).context("the xtask binary has no parent folder")
}
