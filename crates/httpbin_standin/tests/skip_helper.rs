//! The skip helper of `support/skip.rs` does what the tests count on: its one line shows
//! under libtest's output capture and lands in `LECTURE19_SKIPS`; with `CI=true` the test
//! fails with the same line. Each case runs this test binary again on `a_test_that_skips`,
//! captured as `cargo test` captures it, with its own environment.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use support::{output_within, skip};

const WHY: &str = "a prerequisite is missing, on purpose";
const LINE: &str =
    "httpbin_standin::skip_helper::a_test_that_skips: a prerequisite is missing, on purpose";

/// Skips when run by the cases below (`SKIP_HELPER_CASE` set); passes at once otherwise.
#[test]
fn a_test_that_skips() {
    if std::env::var_os("SKIP_HELPER_CASE").is_some() {
        skip::missing("a_test_that_skips", WHY);
    }
}

/// This binary run on `a_test_that_skips` alone, with `CI` as given and the skips file.
fn run_the_skipping_test(ci: Option<&str>, skips: &PathBuf) -> Output {
    let mut test = Command::new(std::env::current_exe().expect("this test binary"));
    test.args(["--exact", "a_test_that_skips", "--test-threads", "1"])
        .env("SKIP_HELPER_CASE", "1")
        .env("LECTURE19_SKIPS", skips)
        .env_remove("CI");
    if let Some(ci) = ci {
        test.env("CI", ci);
    }
    output_within(&mut test, Duration::from_secs(60)).expect("run this test binary again")
}

fn skips_file(case: &str) -> PathBuf {
    let file = std::env::temp_dir().join(format!("skip_helper-{}-{case}.txt", std::process::id()));
    let _ = std::fs::remove_file(&file);
    file
}

#[test]
fn outside_ci_a_skip_passes_shows_one_line_and_is_recorded() {
    let skips = skips_file("outside");
    let output = run_the_skipping_test(Some("false"), &skips);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.trim_end(), format!("skipped: {LINE}"));
    let recorded = std::fs::read_to_string(&skips).unwrap_or_default();
    let _ = std::fs::remove_file(&skips);
    assert_eq!(recorded, format!("{LINE}\n"));
}

#[test]
fn with_ci_true_a_skip_is_a_failure_with_the_same_line() {
    let skips = skips_file("ci");
    let output = run_the_skipping_test(Some("true"), &skips);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let recorded = std::fs::read_to_string(&skips).unwrap_or_default();
    let _ = std::fs::remove_file(&skips);
    assert!(!output.status.success(), "{stdout}");
    assert!(stdout.contains(&format!("{LINE} (CI=true: ")), "{stdout}");
    assert_eq!(recorded, "", "a failure is not a skip");
}
