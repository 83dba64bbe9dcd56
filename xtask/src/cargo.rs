//! Driving cargo: the workspace's tests, and the example binaries built as a user builds them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The cargo that is running this xtask, so that toolchain overrides carry over.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cargo test` for the given arguments with its output shown; `Err` if any test failed.
pub fn test(args: &[&str]) -> Result<(), String> {
    let status = cargo()
        .arg("test")
        .args(args)
        .status()
        .map_err(|e| format!("could not start cargo test: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo test {} failed ({status})", args.join(" ")))
    }
}

/// Builds every binary of `packages` and returns each one's path, keyed by binary name.
pub fn build_binaries(packages: &[&str]) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut command = cargo();
    command.args([
        "build",
        "--bins",
        "--message-format=json-render-diagnostics",
    ]);
    for package in packages {
        command.args(["--package", package]);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start cargo build: {e}"))?;

    let mut binaries = BTreeMap::new();
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo's output: {e}"))?;
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        if let (Some(name), Some(path)) = (
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            binaries.insert(name.to_owned(), PathBuf::from(path));
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo build: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build failed ({status})"));
    }
    Ok(binaries)
}
