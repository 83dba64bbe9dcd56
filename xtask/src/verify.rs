//! `cargo xtask verify`: the workspace's tests, then every example run as a user runs it,
//! snapshot-tested and checked against what the lecture narrates.

use std::fs;
use std::panic;
use std::path::Path;
use std::process::Command;

use crate::cargo;
use crate::check::{self, Check};
use crate::examples::{self, Example};
use crate::lecture::{self, Mirror};
use crate::process::{self, Run};
use crate::{anchors, guide};

/// Runs everything; `Err` if any check failed.
pub fn verify() -> Result<(), String> {
    let mut checks = Vec::new();

    section("cargo test --workspace");
    checks.push(Check::new(
        "workspace",
        "unit, integration and doc tests pass",
        "-",
        cargo::test(&["--workspace"]).map(|()| "cargo test passed".to_owned()),
    ));

    section("the mirrors against the lecture's line numbers and the guide");
    for mirror in &lecture::MIRRORS {
        checks.extend(check_mirror(mirror));
    }

    let examples = examples::all();
    section("building the examples");
    let packages: Vec<&str> = examples.iter().map(|e| e.package).collect();
    let binaries = cargo::build_binaries(&packages)?;

    for example in &examples {
        section(&format!("running {}", example.binary));
        let Some(path) = binaries.get(example.binary) else {
            return Err(format!("cargo built no binary named {}", example.binary));
        };
        checks.extend(check_example(example, path));
    }

    section("summary");
    print!("{}", check::table(&checks));
    let failed = checks.iter().filter(|c| !c.passed()).count();
    if failed == 0 {
        println!("\n{} passed, 0 failed", checks.len());
        Ok(())
    } else {
        println!("\n{} passed, {failed} failed", checks.len() - failed);
        Err(format!("{failed} of {} checks failed", checks.len()))
    }
}

/// The anchors of `mirror` against the lecture's numbered lines, and its guide page's
/// table against the anchors.
fn check_mirror(mirror: &Mirror) -> [Check; 2] {
    let anchors = fs::read_to_string(mirror.main_rs())
        .map(|source| anchors::parse(&source))
        .map_err(|e| format!("reading {}: {e}", mirror.main_rs().display()));
    let anchored = anchors.clone().and_then(|anchors| {
        let problems = anchors::problems(mirror, &anchors);
        if problems.is_empty() {
            Ok(format!("{} lines, each once, in order", anchors.len()))
        } else {
            Err(problems.join("; "))
        }
    });
    let guide = anchors.and_then(|anchors| {
        let page = fs::read_to_string(mirror.guide_page())
            .map_err(|e| format!("reading {}: {e}", mirror.guide_page().display()))?;
        let rows = guide::parse(&page).map_err(|e| format!("docs/{}.md: {e}", mirror.name))?;
        let problems = guide::problems(mirror, &anchors, &rows);
        if problems.is_empty() {
            Ok(format!("{} rows agree with src/main.rs", rows.len()))
        } else {
            Err(problems.join("; "))
        }
    });
    [
        Check::new(
            mirror.name,
            "every numbered Python line anchored once, in order",
            "code notes' numbering (lecture document 001)",
            anchored,
        ),
        Check::new(
            mirror.name,
            format!("docs/{}.md's line table agrees with the code", mirror.name),
            "code notes and narration numbering",
            guide,
        ),
    ]
}

fn check_example(example: &Example, path: &Path) -> Vec<Check> {
    let name = example.binary;
    let mut runs = Vec::with_capacity(example.runs);
    for _ in 0..example.runs {
        let run =
            process::run_with_deadline(Command::new(path).args(example.args), example.deadline);
        match run {
            // A hang is reported once: the remaining runs would only wait out their deadlines.
            Ok(run) if run.timed_out => {
                runs.push(run);
                break;
            }
            Ok(run) => runs.push(run),
            Err(e) => {
                return vec![Check::new(
                    name,
                    "starts",
                    "-",
                    Err(format!("{}: {e}", path.display())),
                )];
            }
        }
    }
    println!("{}", runs[0].stdout.trim_end());

    let mut checks = vec![Check::new(
        name,
        format!(
            "exits 0 within {}s in every run",
            example.deadline.as_secs()
        ),
        "every example runs to completion",
        exits_cleanly(&runs),
    )];
    if checks[0].passed() {
        checks.push(Check::new(
            name,
            "output matches the reviewed snapshot",
            "the lecture's printed lines",
            snapshot(example, &runs[0]),
        ));
        checks.extend((example.properties)(name, &runs));
    }
    checks
}

fn exits_cleanly(runs: &[Run]) -> Result<String, String> {
    for (i, run) in runs.iter().enumerate() {
        run.exited_cleanly()
            .map_err(|why| format!("run {} of {}: {why}", i + 1, runs.len()))?;
    }
    let slowest = runs.iter().map(|r| r.elapsed).max().unwrap_or_default();
    Ok(format!(
        "{} runs, slowest {:.2}s",
        runs.len(),
        slowest.as_secs_f64()
    ))
}

/// Compares the run with `xtask/snapshots/{snapshot}.snap`. insta prints the diff; outside
/// CI it also writes `{snapshot}.snap.new` for `cargo insta review`, and in CI it writes
/// nothing.
fn snapshot(example: &Example, run: &Run) -> Result<String, String> {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!(
        "cargo run -p {} --bin {}, and its variants",
        example.package, example.snapshot
    ));
    for (regex, replacement) in example.filters {
        settings.add_filter(regex, *replacement);
    }
    let text = (example.snapshot_text)(run);

    // insta reports a mismatch by panicking after it has printed the diff; the panic itself
    // adds nothing, so it is caught quietly and becomes a failed check.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(panic::AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_snapshot!(example.snapshot, text));
    }));
    panic::set_hook(default_hook);

    outcome
        .map(|()| format!("xtask/snapshots/{}.snap", example.snapshot))
        .map_err(|_| {
            format!(
                "differs from xtask/snapshots/{}.snap (diff above; review with `cargo insta review`)",
                example.snapshot
            )
        })
}

fn section(title: &str) {
    println!("\n==> {title}");
}
