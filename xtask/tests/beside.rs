//! `cargo xtask lines <example> --beside FILE` run as a student runs it: what it prints, and
//! the one line and exit code 2 of each bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs xtask with `args`.
fn xtask(args: &[&str]) -> Output {
    let xtask = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output();
    xtask.expect("xtask runs")
}

/// Example 19.2 as the narration numbers it, with a made-up statement on each of its lines
/// (the first too long for half of any width), `change`d, in a file named after `name`.
fn narration(name: &str, change: impl Fn(String) -> String) -> String {
    let statement =
        |n| format!("made_up_statement_{n}(){}", " + 1".repeat(if n == 1 { 40 } else { 0 }));
    let lines: String = (1..=27).map(|n| format!("{}  # line {n}\n", statement(n))).collect();
    let text = change(format!("# Lecture\n\n```python\n# Example 19.2\n{lines}```\n"));
    let name = format!("xtask-{}-{name}", std::process::id());
    let path: PathBuf = std::env::temp_dir().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn beside_fits_160_columns_unless_width_says_otherwise() {
    let file = narration("fits.txt", |text| text);
    for (width, columns) in [(None, 160), (Some("100"), 100)] {
        let mut args = vec!["lines", "race", "--beside", &file];
        args.extend(width.map(|w| ["--width", w]).into_iter().flatten());
        let output = xtask(&args);
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("   9 │ made_up_statement_7()"), "{stdout}");
        // The first statement and some of the mirror's lines are longer: cut at the width.
        let longest = stdout.lines().map(|line| line.chars().count()).max();
        assert_eq!(longest, Some(columns), "{stdout}");
    }
    std::fs::remove_file(file).unwrap();
}

#[test]
fn each_bad_input_is_one_line_naming_it_with_exit_code_2() {
    let no_block = narration("no_block.txt", |text| text.replace("19.2", "19.3"));
    let no_9 = narration("no_9.txt", |text| text.replace("  # line 9\n", "\n"));
    let cases = [
        ("/nonexistent/notes.txt", None, "/nonexistent/notes.txt: No such file".into()),
        (&no_block, None, format!("{no_block}: no code block starts with `# Example 19.2`")),
        (&no_9, None, format!("{no_9}: Example 19.2: line 9 has no `# line` marker")),
        (&no_9, Some("39"), "--width takes 40 or more".into()),
    ];
    for (file, width, what) in cases {
        let mut args = vec!["lines", "race", "--beside", file];
        args.extend(width.map(|w| ["--width", w]).into_iter().flatten());
        let output = xtask(&args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&format!("xtask: {what}")), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    std::fs::remove_file(no_block).unwrap();
    std::fs::remove_file(no_9).unwrap();
}
