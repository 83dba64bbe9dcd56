//! The rustlings exercise set in `crates/exercises`, checked without rustlings.

use anyhow::{Result, anyhow, ensure};

use crate::cargo;
use crate::check::Check;
use crate::lecture::{read, workspace_root};

const SET: &str = "crates/exercises";
const MANIFEST: &str = "crates/exercises/Cargo.toml";
const EXPECTATIONS: [&str; 2] = [
    "3+ exercises per example, each with a hint, tests and a solution",
    "each solution passes its exercise's tests",
];

/// Two checks: every exercise is complete, and every solution passes its tests.
pub fn checks() -> Vec<Check> {
    let solutions = read(&format!("{SET}/info.toml")).and_then(|info| complete(&info));
    let tested = match &solutions {
        Ok(solutions) => test(solutions),
        Err(_) => Err(anyhow!("not run: the set is incomplete")),
    };
    Check::each("exercises", EXPECTATIONS, [solutions.map(drop), tested])
}

/// The solutions' binaries, if each example has 3+ exercises and each is complete.
fn complete(info: &str) -> Result<Vec<String>> {
    let manifest = read(MANIFEST)?;
    let mut problems = Vec::new();
    for dir in ["19_1_fetch", "19_2_race", "19_3_queue"] {
        let n = info.matches(&format!("\ndir = \"{dir}\"\n")).count();
        problems.extend((n < 3).then(|| format!("{dir}: {n} exercises")));
    }
    let mut solutions = Vec::new();
    for table in info.split("[[exercises]]").skip(1) {
        let field = |key: &str| table.split(key).nth(1)?.split('"').next();
        let name = field("\nname = \"").unwrap_or("?");
        let dir = field("\ndir = \"").unwrap_or("?");
        let described = table.contains("\nhint = \"") && !table.contains("\ntest = false");
        for (folder, mark) in [("exercises", "// TODO"), ("solutions", "fn main()")] {
            let path = format!("{folder}/{dir}/{name}.rs");
            let source = read(&format!("{SET}/{path}")).unwrap_or_default();
            let listed = manifest.contains(&format!("\"{path}\""));
            if !(described && listed && source.contains("#[test]\n") && source.contains(mark)) {
                problems.push(format!("{name}: no hint, or {path}: no tests, {mark}, bin"));
            }
        }
        solutions.push(format!("{name}_sol"));
    }
    ensure!(problems.is_empty(), problems.join("\n"));
    Ok(solutions)
}

/// `cargo test` of the solutions, reusing the workspace's builds in its target directory.
fn test(solutions: &[String]) -> Result<()> {
    let mut test = cargo::cargo();
    test.current_dir(workspace_root());
    test.env("CARGO_TARGET_DIR", cargo::binaries()?.join(".."));
    test.args(["test", "-q", "--manifest-path", MANIFEST]);
    test.args(solutions.iter().flat_map(|bin| ["--bin", bin]));
    cargo::status(test)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;

    #[test]
    fn the_set_is_complete_and_an_incomplete_one_is_not() {
        let info = read(&format!("{SET}/info.toml")).unwrap();
        assert_eq!(complete(&info).unwrap().len(), 12);
        let unhinted = info.replacen("\nhint = ", "\nold = ", 1);
        let problems = complete(&unhinted).unwrap_err().to_string();
        assert!(problems.starts_with("fetch1_overlap: no hint"), "{problems}");
        let moved = info.replace("\ndir = \"19_3_queue\"\n", "\ndir = \"19_3\"\n");
        let problems = complete(&moved).unwrap_err().to_string();
        assert!(problems.starts_with("19_3_queue: 0 exercises"), "{problems}");
        assert!(problems.contains("exercises/19_3/queue1_backpressure.rs"), "{problems}");
    }

    #[test]
    fn each_line_fits_in_100_columns_beside_the_longest_subject() {
        let mut checks = Check::each("exercises", EXPECTATIONS, [Ok(()), Ok(())]);
        checks.push(Check::new("ex19_1_fetch", "", Ok(())));
        for line in check::summary(&checks).lines() {
            assert!(line.chars().count() <= 100, "{line}");
        }
    }
}
