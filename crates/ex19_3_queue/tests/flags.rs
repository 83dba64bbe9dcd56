//! The flags as a user types them: bad input gets one line and exit code 2, `--help` lists
//! the flags, and `--timeline` comes after the lecture's lines, which stay as they were.

use std::process::{Command, Output};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const MIRROR: &str = env!("CARGO_BIN_EXE_ex19_3_queue");
const VARIANT: &str = env!("CARGO_BIN_EXE_disconnect");
const DEADLINE: Duration = Duration::from_secs(30);

/// Runs `program` with `args`; fails the test if it is still running after the deadline.
fn run(program: &'static str, args: &'static [&'static str]) -> Output {
    let (done, output) = mpsc::channel();
    thread::spawn(move || done.send(Command::new(program).args(args).output()));
    let output = output
        .recv_timeout(DEADLINE)
        .expect("finished within the deadline");
    output.expect("the binary starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `args` are refused with exit code 2 and one line on stderr containing `naming`.
fn refused(program: &'static str, args: &'static [&'static str], naming: &str) {
    let output = run(program, args);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.contains(naming), "{args:?}: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "{args:?} ran: {}",
        text(&output.stdout)
    );
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    refused(MIRROR, &["--fast"], "invalid option '--fast'");
    refused(
        MIRROR,
        &["--items", "ten"],
        "--items \"ten\": not a whole number",
    );
    refused(MIRROR, &["--items", "0"], "--items \"0\": out of range");
    refused(
        MIRROR,
        &["--items", "10001"],
        "--items \"10001\": out of range",
    );
    refused(
        MIRROR,
        &["--items"],
        "missing argument for option '--items'",
    );
    refused(
        MIRROR,
        &["--consumers", "0"],
        "--consumers \"0\": out of range",
    );
    refused(MIRROR, &["extra"], "unexpected argument \"extra\"");
    refused(VARIANT, &["--timeline"], "invalid option '--timeline'");
    refused(VARIANT, &["extra"], "unexpected argument \"extra\"");
}

#[test]
fn help_lists_the_flags() {
    let output = run(MIRROR, &["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for flag in ["--items N", "--consumers N", "--timeline", "--help"] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    let output = run(VARIANT, &["-h"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).starts_with("usage: disconnect"));
}

#[test]
fn the_timeline_follows_the_lectures_lines() {
    let output = run(MIRROR, &["--timeline"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lecture = "Produced task 0\nProduced task 1\nProduced task 2\nProduced task 3\n\
                   Produced task 4\nProcessed 5 tasks\n\ntimeline: 0 to ";
    assert!(stdout.starts_with(lecture), "{stdout}");
    assert!(
        stdout.lines().all(|line| line.chars().count() <= 100),
        "{stdout}"
    );
    assert!(stdout.contains("\nWhat each thread did:\n"), "{stdout}");
}

#[test]
fn items_sets_how_many_tasks_the_producer_puts() {
    let output = run(MIRROR, &["--items", "12", "--consumers", "4"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let produced: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("Produced"))
        .collect();
    assert_eq!(produced.len(), 12, "{stdout}");
    assert_eq!(stdout.lines().last(), Some("Processed 12 tasks"));
}
