//! A test that cannot run here says so instead of passing quietly. Written once for the
//! integration tests of the workspace: the stand-in's reach it as `support::skip`,
//! `ex19_1_fetch`'s `fetch_faults.rs` by `#[path]`. It needs nothing but std.
//!
//! A skip is one line, `skipped: {package}::{test}: {why}`, written to stderr directly (the
//! `eprintln!` of a test is captured by libtest, a write to `io::stderr()` is not), and
//! appended to the file named by `LECTURE19_SKIPS` when that is set: `cargo xtask verify`
//! sets it and reports each line of it as a `skipped` check.

use std::env;
use std::fs::OpenOptions;
use std::io::{self, Write};

/// A prerequisite that can be installed is missing, `why` says which. Outside CI the test is
/// skipped: the caller returns after this. With `CI=true` it is a failure: this panics with
/// the same line, since CI installs everything the tests need.
pub fn missing(test: &str, why: &str) {
    let line = line(test, why);
    if env::var("CI").as_deref() == Ok("true") {
        panic!("{line} (CI=true: a missing prerequisite fails)");
    }
    record(&line);
}

/// The test cannot run on this platform at all, `why` says why: a skip, even in CI.
pub fn unsupported(test: &str, why: &str) {
    record(&line(test, why));
}

/// `{package}::{test binary}::{test}: {why}`, on one line whatever `why` holds.
fn line(test: &str, why: &str) -> String {
    // The first segment of this module's path is the test target's crate, e.g. `real_httpbin`.
    let target = module_path!().split("::").next().unwrap_or_default();
    let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}::{target}::{test}: {why}", env!("CARGO_PKG_NAME"))
}

/// Writes the line to stderr, past libtest's capture, and appends it to `LECTURE19_SKIPS`.
fn record(line: &str) {
    let _ = writeln!(io::stderr(), "skipped: {line}");
    let Some(path) = env::var_os("LECTURE19_SKIPS") else {
        return;
    };
    // One write of one whole line: the parallel test runs append to the same file.
    let appended = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(format!("{line}\n").as_bytes()));
    if let Err(e) = appended {
        // Unrecorded, the skip would read as a pass in verify's summary.
        panic!(
            "{line}; and recording the skip in {} failed: {e}",
            path.to_string_lossy()
        );
    }
}
