//! `--timeline` adds a drawing after the lecture's output and leaves that output as it was,
//! in the mirror and in the `fetch_scoped` variant. Each request's bar names the thread that
//! sent it: in the mirror, one of the pool's workers, named as Python names them.

use std::process::Command;

#[test]
fn the_timeline_follows_the_lectures_lines() {
    let stdout = timeline_follows_the_lectures_lines(env!("CARGO_BIN_EXE_ex19_1_fetch"));
    let together = stdout.lines().filter(|l| l.starts_with("together  /"));
    let workers: Vec<&str> = together
        .filter_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("ThreadPoolExecutor-"))
        })
        .collect();
    assert_eq!(
        workers.len(),
        5,
        "each request names its pool thread:\n{stdout}"
    );
}

#[test]
fn the_variant_draws_the_timeline_too() {
    let stdout = timeline_follows_the_lectures_lines(env!("CARGO_BIN_EXE_fetch_scoped"));
    let unnamed = stdout
        .lines()
        .filter(|l| l.starts_with("together  /") && l.contains("ThreadId("));
    assert_eq!(
        unnamed.count(),
        5,
        "scoped threads have no name, so their ids:\n{stdout}"
    );
}

/// Runs `binary --timeline` and checks the lecture's lines, then the drawing; its stdout.
fn timeline_follows_the_lectures_lines(binary: &str) -> String {
    let output = Command::new(binary)
        .arg("--timeline")
        .output()
        .expect("run the example with --timeline");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();

    assert!(
        lines[..5]
            .iter()
            .all(|l| l.starts_with("http://httpbin.org/")),
        "{stdout}"
    );
    assert!(lines[5].starts_with("All done in "), "{stdout}");
    assert_eq!(lines[6], "");
    assert!(lines[7].starts_with("timeline: 0 to "), "{stdout}");
    let together = lines
        .iter()
        .filter(|l| l.starts_with("together  /"))
        .count();
    let in_turn = lines
        .iter()
        .filter(|l| l.starts_with("in turn   /"))
        .count();
    assert_eq!((together, in_turn), (5, 5), "{stdout}");
    let note = "in turn: the same durations end to end (not a second run)";
    assert!(lines.last().unwrap().starts_with(note), "{stdout}");
    assert!(
        lines.iter().all(|l| l.chars().count() <= 100),
        "wider than 100:\n{stdout}"
    );
    let axis = &lines[lines.len() - 2];
    assert!(
        axis.trim_start().starts_with("0 ") && axis.ends_with(" s"),
        "{stdout}"
    );
    stdout.into_owned()
}
