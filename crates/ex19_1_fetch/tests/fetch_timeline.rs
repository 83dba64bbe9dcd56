//! `--timeline` adds a drawing after the lecture's output and leaves that output as it was,
//! in the mirror and in the `fetch_scoped` variant.

use std::process::Command;

#[test]
fn the_timeline_follows_the_lectures_lines() {
    timeline_follows_the_lectures_lines(env!("CARGO_BIN_EXE_ex19_1_fetch"));
}

#[test]
fn the_variant_draws_the_timeline_too() {
    timeline_follows_the_lectures_lines(env!("CARGO_BIN_EXE_fetch_scoped"));
}

fn timeline_follows_the_lectures_lines(binary: &str) {
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
}
