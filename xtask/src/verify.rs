//! `cargo xtask verify`: the workspace's tests, the mirrors against the lecture's numbering
//! and the guide, then every example run as a user runs it, snapshot-tested and checked
//! against what the lecture narrates.

use std::env::consts::EXE_SUFFIX;
use std::panic;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, anyhow, ensure};

use crate::check::{self, Check};
use crate::examples::{self, Example};
use crate::lecture::{MIRRORS, Mirror, read};
use crate::process::{self, Run};
use crate::{anchors, cargo, docs, exercises, guide, quiz};

/// Runs everything and prints one line per check; `Err` if any check failed.
pub fn run() -> Result<()> {
    // One build of the tests and the binaries: `cargo test` then only runs them, and the
    // examples run from the binaries it built.
    section("cargo build --bins --tests");
    let built = cargo::status(cargo::on_tested("build", &["--bins", "--tests"]));
    let built_ok = built.is_ok();
    let mut checks = vec![Check::new("workspace", "the tested packages build", built)];
    if built_ok {
        // A test whose prerequisite is missing here appends `{package}::{test}: {why}` to
        // this file (crates/httpbin_standin/tests/support/skip.rs); each line is a skip. One
        // file per run: two verify runs may share the target directory.
        let skips = cargo::binaries()?.join(format!("verify-skips-{}.txt", std::process::id()));
        std::fs::write(&skips, "").with_context(|| format!("creating {}", skips.display()))?;
        // cargo runs one test binary at a time. The ignored tests mostly wait (on the
        // lecture's 10 s timeout), so they run beside the others, their output kept for after.
        let mut ignored = cargo::on_tested("test", &["--no-fail-fast", "--", "--ignored"]);
        ignored.env(SKIPS_VAR, &skips);
        let ignored = std::thread::spawn(move || ignored.output());
        section("cargo test --no-fail-fast");
        let mut tests = cargo::on_tested("test", &["--no-fail-fast"]);
        tests.env(SKIPS_VAR, &skips);
        let tested = cargo::status(tests);
        let ignored = ignored.join().expect("the thread only waits for cargo");
        let ignored = ignored.context("could not start cargo").and_then(|out| {
            if !out.status.success() {
                section("cargo test --no-fail-fast -- --ignored");
                print!("{}", String::from_utf8_lossy(&out.stdout));
                eprint!("{}", String::from_utf8_lossy(&out.stderr));
            }
            ensure!(out.status.success(), "cargo test -- --ignored failed (output above)");
            Ok(())
        });
        checks.extend(Check::each(
            "workspace",
            ["unit, integration and doc tests pass", "the slow (ignored) tests pass"],
            [tested, ignored],
        ));
        match std::fs::read_to_string(&skips) {
            Ok(lines) => checks.extend(skipped_tests(&lines)),
            Err(e) => {
                let why = anyhow!("reading {}: {e}", skips.display());
                checks.push(Check::new("workspace", "the tests' skips can be read", Err(why)));
            }
        }
        let _ = std::fs::remove_file(&skips);
        section("crates/exercises: each solution's tests");
        checks.extend(exercises::checks());
    }
    checks.extend(MIRRORS.iter().flat_map(check_mirror));
    if built_ok {
        let binaries = cargo::binaries()?;
        for example in examples::all() {
            section(&format!("running {}", example.binary));
            let path = binaries.join(format!("{}{EXE_SUFFIX}", example.binary));
            checks.extend(check_example(&example, &path));
        }
        section("what the examples' flags show");
        checks.extend(examples::views(&binaries));
    }
    section("the book's quizzes: each Tracing program compiled and run (kept in target/)");
    checks.extend(quiz::checks(&checks));
    section("summary");
    print!("{}", check::summary(&checks));
    let failed = checks.iter().filter(|c| c.failed()).count();
    ensure!(failed == 0, "{failed} of {} checks failed", checks.len());
    Ok(())
}

/// Where `cargo xtask verify` asks the tests to record their skips.
const SKIPS_VAR: &str = "LECTURE19_SKIPS";

/// A `skipped` check per line `{package}::{test}: {why}` the tests wrote to the skips file.
fn skipped_tests(lines: &str) -> Vec<Check> {
    let skips = lines.lines().filter(|line| !line.trim().is_empty());
    let skip = |line: &str| {
        let (test, why) = line.split_once(": ").unwrap_or((line, "(no reason given)"));
        let (package, test) = test.split_once("::").unwrap_or(("workspace", test));
        Check::skipped(package, format!("test {test}"), why)
    };
    skips.map(skip).collect()
}

/// The anchors of `mirror` against the lecture's numbered lines, its guide page's table
/// against the lecture's numbering, and the page's generated parts against the code.
fn check_mirror(mirror: &Mirror) -> Vec<Check> {
    let page = mirror.page();
    let anchored = read(&mirror.main_rs())
        .and_then(|source| problems(anchors::problems(mirror, &anchors::parse(&source))));
    let table = read(&page).and_then(|text| {
        let rows = guide::parse(&text).context(page.clone())?;
        problems(guide::problems(mirror, &rows))
    });
    Check::each(
        mirror.name,
        [
            "every numbered Python line anchored once, in order (code notes)",
            &format!("{page}: a row per line, its narration number (narration)"),
            &format!("{page}'s generated parts follow the code"),
        ],
        [anchored, table, docs::up_to_date(mirror)],
    )
}

/// `Ok` if there are none, else every problem on a line of its own.
fn problems(problems: Vec<String>) -> Result<()> {
    ensure!(problems.is_empty(), problems.join("\n"));
    Ok(())
}

fn check_example(example: &Example, path: &Path) -> Vec<Check> {
    let name = example.binary;
    let mut runs = Vec::with_capacity(example.runs);
    // A hang is reported once: the remaining runs would only wait out their deadlines.
    while runs.len() < example.runs && !runs.iter().any(|run: &Run| run.timed_out) {
        match process::run_with_deadline(&mut Command::new(path), example.deadline) {
            Ok(run) => runs.push(run),
            Err(e) => {
                let why = anyhow!("{}: {e}", path.display());
                return vec![Check::new(name, "starts", Err(why))];
            }
        }
    }
    println!("{}", runs[0].stdout.trim_end());

    let (deadline, n) = (example.deadline.as_secs(), example.runs);
    let expectation = format!("exits 0 within {deadline}s in each of {n} runs");
    let exited = runs.iter().enumerate().try_for_each(|(i, run)| {
        run.exited_cleanly().with_context(|| format!("run {} of {n}", i + 1))
    });
    if exited.is_err() {
        return vec![Check::new(name, expectation, exited)];
    }
    let snapshot = snapshot(example, &runs[0]);
    let matches = "output matches the reviewed snapshot (printed lines)";
    let mut checks =
        vec![Check::new(name, expectation, exited), Check::new(name, matches, snapshot)];
    checks.extend((example.properties)(name, &runs));
    checks
}

/// Compares the run with `xtask/snapshots/{package}.snap`. insta prints the diff; outside
/// CI it also writes `{package}.snap.new` for `cargo insta review`, and in CI nothing.
fn snapshot(example: &Example, run: &Run) -> Result<()> {
    let package = example.package;
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("cargo run -p {package} --bin {package}, and its variants"));
    let text = (example.snapshot_text)(run);

    // insta reports a mismatch by panicking after it has printed the diff; the panic itself
    // adds nothing, so it is caught quietly and becomes a failed check.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(panic::AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_snapshot!(package, text));
    }));
    panic::set_hook(default_hook);
    let snap = format!("xtask/snapshots/{package}.snap");
    outcome.map_err(|_| anyhow!("differs from {snap} (diff above; review: cargo insta review)"))
}

fn section(title: &str) {
    println!("\n==> {title}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_of_the_skips_file_is_a_skipped_check() {
        let lines = "ex19_1_fetch::fetch_faults::no_network: `unshare -rn` failed: no\n\n\
                     odd line\n";
        let checks = skipped_tests(lines);
        assert_eq!(
            check::summary(&checks),
            "skipped ex19_1_fetch  test fetch_faults::no_network\n\
             \x20         `unshare -rn` failed: no\n\
             skipped workspace     test odd line\n\
             \x20         (no reason given)\n\
             0 passed, 0 failed, 2 skipped\n"
        );
    }

    #[test]
    fn the_mirrors_checks_fit_in_100_columns() {
        let checks: Vec<Check> = MIRRORS.iter().flat_map(check_mirror).collect();
        // One line per check; the details under a failure may wrap.
        for line in check::summary(&checks).lines().filter(|l| !l.starts_with(' ')) {
            assert!(line.chars().count() <= 100, "{line}");
        }
    }
}
