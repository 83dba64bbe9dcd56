//! The example and its variants run as a user runs them: with `--trace`, with `--help`,
//! and with flags they do not take.

use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const MIRROR: &str = env!("CARGO_BIN_EXE_ex19_2_race");
const VARIANTS: [&str; 2] = [
    env!("CARGO_BIN_EXE_fetch_add"),
    env!("CARGO_BIN_EXE_arc_mutex"),
];
const LIMIT: Duration = Duration::from_secs(30);

/// Runs `program` with `args`, killing it and failing the test if it takes longer than `LIMIT`.
fn run(program: &str, args: &[&str]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let started = Instant::now();
    while child
        .try_wait()
        .expect("the child can be waited for")
        .is_none()
    {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("{program} {args:?} still running after {LIMIT:?}");
        }
        thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("the output can be read")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The number after `prefix` on the line that starts with it.
fn number_after(stdout: &str, prefix: &str) -> usize {
    let line = stdout.lines().find_map(|line| line.strip_prefix(prefix));
    let digits = line.map(|rest| {
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap_or("")
    });
    digits
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("no `{prefix}N` in:\n{stdout}"))
}

#[test]
fn without_flags_only_the_lectures_two_lines() {
    let out = run(MIRROR, &[]);
    let stdout = text(&out.stdout);
    assert!(out.status.success());
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("Unsafe counter (expected 100): "));
    assert_eq!(lines[1], "Safe counter (expected 100): 100");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn trace_keeps_the_two_lines_and_its_figures_add_up() {
    let out = run(MIRROR, &["--trace"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("Unsafe counter (expected 100): "),
        "{stdout}"
    );
    assert_eq!(lines[1], "Safe counter (expected 100): 100");
    let count = number_after(&stdout, "Unsafe counter (expected 100): ");
    let lost = number_after(&stdout, "Unsafe counter: ");
    assert_eq!(lost, 100 - count, "{stdout}");
    assert!(stdout.contains(&format!(
        "Unsafe counter: {lost} of 100 updates lost, so it shows {count}."
    )));
    assert!(
        stdout.contains("\nSafe counter: 0 of 100 updates lost, so it shows 100.\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("The 100 threads read 100 different values, 0 to 99."),
        "{stdout}"
    );
    assert!(
        stdout.lines().all(|line| line.chars().count() <= 100),
        "{stdout}"
    );
}

#[test]
fn help_lists_the_flags() {
    let out = run(MIRROR, &["--help"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("usage: ex19_2_race [--trace]\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  --trace ") && stdout.contains("  -h, --help "),
        "{stdout}"
    );
    for variant in VARIANTS {
        let out = run(variant, &["-h"]);
        assert!(out.status.success());
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("usage: ") && stdout.contains("  -h, --help "),
            "{stdout}"
        );
    }
}

#[test]
fn a_flag_not_taken_is_one_line_and_exit_code_2() {
    let cases = [
        (
            MIRROR,
            "--tarce",
            "ex19_2_race: invalid option '--tarce' (see --help)\n",
        ),
        (
            MIRROR,
            "100",
            "ex19_2_race: unexpected argument \"100\" (see --help)\n",
        ),
        (
            VARIANTS[0],
            "--trace",
            "fetch_add: invalid option '--trace' (see --help)\n",
        ),
        (
            VARIANTS[1],
            "--trace",
            "arc_mutex: invalid option '--trace' (see --help)\n",
        ),
    ];
    for (program, flag, said) in cases {
        let out = run(program, &[flag]);
        assert_eq!(out.status.code(), Some(2), "{program} {flag}");
        assert_eq!(text(&out.stderr), said);
        assert_eq!(text(&out.stdout), "", "nothing runs");
    }
}
