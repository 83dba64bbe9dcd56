//! The rustlings exercise set in `crates/exercises`, checked without rustlings: every
//! exercise complete, the lecture lines it cites real, its wrong solutions written down and
//! listed in the guide, its solution passing its tests.

use anyhow::{Context, Result, anyhow, bail, ensure};

use crate::cargo;
use crate::check::Check;
use crate::docs;
use crate::lecture::{MIRRORS, Mirror, read, workspace_root};

const SET: &str = "crates/exercises";
const MANIFEST: &str = "crates/exercises/Cargo.toml";
/// The guide's page on the exercises, with the table of wrong solutions.
const PAGE: &str = "docs/exercises.md";
/// The part of [`PAGE`] that `cargo xtask docs` writes.
const TABLE: &str = "wrong-solutions";
const EXPECTATIONS: [&str; 4] = [
    "3+ exercises per example, each with a hint, tests and a solution",
    "each exercise cites lines of its example, as the guide does",
    "3+ wrong solutions per exercise, each naming its mistake",
    "each solution passes its exercise's tests",
];

/// One exercise of `info.toml`.
#[derive(Debug)]
struct Exercise {
    name: String,
    /// Its folder, named after its example: `19_2_race`.
    dir: String,
}

impl Exercise {
    /// The exercise's file (`folder` "exercises") or its solution's ("solutions").
    fn path(&self, folder: &str) -> String {
        format!("{SET}/{folder}/{}/{}.rs", self.dir, self.name)
    }

    /// The example whose lines it practises.
    fn mirror(&self) -> Option<&'static Mirror> {
        MIRRORS.iter().find(|mirror| mirror.name == format!("ex{}", self.dir))
    }
}

/// A wrong solution in `crates/exercises/wrong/EXERCISE/NAME.rs`, as its header describes it.
#[derive(Debug)]
struct Wrong {
    exercise: String,
    name: String,
    /// What the student did.
    what: String,
    /// How the tests catch it every time.
    how: String,
    /// What the failure says: `.ci/exercises` checks that every failed run says it.
    message: String,
}

/// Four checks: every exercise is complete, cites lines of its example, has wrong
/// solutions that the guide lists, and its solution passes its tests.
pub fn checks() -> Vec<Check> {
    let exercises = read(&format!("{SET}/info.toml")).and_then(|info| complete(&info));
    let not_run = || Err(anyhow!("not run: the set is incomplete"));
    let (cited, wrong, tested) = match &exercises {
        Ok(exercises) => (
            read(PAGE).and_then(|page| lines_problems(exercises, &page)),
            wrong_solutions(exercises).and_then(|_| page_up_to_date()),
            test(exercises),
        ),
        Err(_) => (not_run(), not_run(), not_run()),
    };
    Check::each("exercises", EXPECTATIONS, [exercises.map(drop), cited, wrong, tested])
}

/// The exercises, if each example has 3+ and each is complete.
fn complete(info: &str) -> Result<Vec<Exercise>> {
    let manifest = read(MANIFEST)?;
    let mut problems = Vec::new();
    for dir in ["19_1_fetch", "19_2_race", "19_3_queue"] {
        let n = info.matches(&format!("\ndir = \"{dir}\"\n")).count();
        problems.extend((n < 3).then(|| format!("{dir}: {n} exercises")));
    }
    let mut exercises = Vec::new();
    for table in info.split("[[exercises]]").skip(1) {
        let field = |key: &str| table.split(key).nth(1)?.split('"').next();
        let name = field("\nname = \"").unwrap_or("?").to_owned();
        let dir = field("\ndir = \"").unwrap_or("?").to_owned();
        let described = table.contains("\nhint = \"") && !table.contains("\ntest = false");
        let exercise = Exercise { name, dir };
        for (folder, mark) in [("exercises", "// TODO"), ("solutions", "fn main()")] {
            let path = exercise.path(folder);
            let source = read(&path).unwrap_or_default();
            let listed = manifest.contains(&format!("\"{}\"", &path[SET.len() + 1..]));
            if !(described && listed && source.contains("#[test]\n") && source.contains(mark)) {
                let name = &exercise.name;
                problems.push(format!("{name}: no hint, or {path}: no tests, {mark}, bin"));
            }
        }
        exercises.push(exercise);
    }
    ensure!(problems.is_empty(), problems.join("\n"));
    Ok(exercises)
}

/// `Ok` if every lecture line that each exercise and its solution cite is a numbered line
/// of its example, if their `// Lecture lines:` header gives the narration's number of each
/// line it cites, and if the exercise's row on the guide's `page` cites the same lines.
fn lines_problems(exercises: &[Exercise], page: &str) -> Result<()> {
    let mut problems = Vec::new();
    for exercise in exercises {
        let Some(mirror) = exercise.mirror() else {
            problems.push(format!("{}: no example {}", exercise.name, exercise.dir));
            continue;
        };
        let mut header = None;
        for folder in ["exercises", "solutions"] {
            let path = exercise.path(folder);
            let text = read(&path)?;
            problems.extend(cited_lines(mirror, &path, &text));
            match header_lines(mirror, &text) {
                Ok(lines) => header = header.or(Some(lines)),
                Err(problem) => problems.push(format!("{path}: {problem}")),
            }
        }
        let row = page.lines().find(|line| line.starts_with(&format!("| [`{}`]", exercise.name)));
        let cell = row.and_then(|row| row.split('|').nth(2)).map(str::trim);
        let cited = cell.and_then(|cell| cell.strip_prefix(&format!("{} notes ", mirror.lecture)));
        match (cited.map(|cited| parse_list(cited).0), header) {
            (Some(row), Some(header)) if row == header => {}
            (Some(row), Some(header)) => problems.push(format!(
                "{PAGE}: {} cites notes {}, its header notes {}",
                exercise.name,
                show(&row),
                show(&header)
            )),
            (None, _) => problems.push(format!(
                "{PAGE}: no row `| [`{}`]... | {} notes N-M ...`",
                exercise.name, mirror.lecture
            )),
            (_, None) => {}
        }
    }
    ensure!(problems.is_empty(), problems.join("\n"));
    Ok(())
}

/// The lines that the `// Lecture lines: notes N-M (narration N-M)` header in the first
/// lines of `text` cites, once each is checked against its narration number.
fn header_lines(mirror: &Mirror, text: &str) -> Result<Vec<(u32, u32)>> {
    const HEADER: &str = "// Lecture lines: notes ";
    let line = text.lines().take(3).find_map(|line| line.strip_prefix(HEADER));
    let line =
        line.ok_or_else(|| anyhow!("no `{HEADER}N-M (narration N-M)` in its first lines"))?;
    let (notes, rest) = parse_list(line);
    let narration = rest.strip_prefix(" (narration ").map(|rest| parse_list(rest).0);
    let expected: Option<Vec<(u32, u32)>> = notes
        .iter()
        .map(|&(from, to)| Some((mirror.narration(from)?, mirror.narration(to)?)))
        .collect();
    match (narration, expected) {
        (Some(narration), Some(expected)) if narration == expected => Ok(notes),
        (Some(narration), Some(expected)) => bail!(
            "notes {} are narration {}, not {}",
            show(&notes),
            show(&expected),
            show(&narration)
        ),
        (None, _) => bail!("the notes' lines are not followed by ` (narration N-M)`"),
        // A line that is not numbered: `cited_lines` names it.
        (_, None) => Ok(notes),
    }
}

/// A problem for each line that `text` (the file `path`) cites in the notes' numbering
/// (`notes N`, `line N`, `lines N-M`) and `mirror` does not number, and for each line it
/// cites in the narration's numbering (`narration N`) beyond the example's last.
fn cited_lines(mirror: &Mirror, path: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (number, line) in (1..).zip(text.lines()) {
        for word in ["notes ", "line ", "lines ", "narration "] {
            for (at, _) in line.match_indices(word) {
                let after = &line[at + word.len()..];
                let starts_with_word = at == 0 || !line[..at].ends_with(char::is_alphanumeric);
                if !starts_with_word || !after.starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
                let (cited, _) = parse_list(after);
                let last = mirror.notes.len() as u32;
                for &(from, to) in &cited {
                    let ends = [from, to].into_iter().take(if from == to { 1 } else { 2 });
                    let bad = ends.filter(|&n| match word {
                        "narration " => !(1..=last).contains(&n),
                        _ => !mirror.notes.contains(&n),
                    });
                    let bad: Vec<String> = bad.map(|n| n.to_string()).collect();
                    let at = format!("{path}:{number}: {word}{}", show(&[(from, to)]));
                    let lecture = mirror.lecture;
                    if bad.is_empty() && to < from {
                        problems.push(format!("{at}: runs backwards"));
                    } else if word == "narration " && !bad.is_empty() {
                        problems.push(format!(
                            "{at}: the narration numbers Example {lecture} 1 to {last}"
                        ));
                    } else if !bad.is_empty() {
                        let bad = bad.join(" and ");
                        problems.push(format!(
                            "{at}: {bad} is not a numbered line of Example {lecture} in the code notes"
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// The list of lines or ranges at the start of `text` (`6`, `21-23 and 27-28`,
/// `21–23, 27–28`) and what follows it.
fn parse_list(mut text: &str) -> (Vec<(u32, u32)>, &str) {
    let number = |text: &str| -> Option<(u32, usize)> {
        let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        Some((text[..digits].parse().ok()?, digits))
    };
    let mut list = Vec::new();
    while let Some((from, digits)) = number(text) {
        text = &text[digits..];
        let dash = text.strip_prefix('-').or_else(|| text.strip_prefix('–'));
        let mut to = from;
        if let Some((end, digits)) = dash.and_then(number) {
            (to, text) = (end, &dash.unwrap_or(text)[digits..]);
        }
        list.push((from, to));
        let next = [", ", " and "].into_iter().find_map(|sep| text.strip_prefix(sep));
        match next {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => text = rest,
            _ => break,
        }
    }
    (list, text)
}

/// `21-23 and 27-28`, as a header writes a list.
fn show(list: &[(u32, u32)]) -> String {
    let one = |&(from, to): &(u32, u32)| match from == to {
        true => from.to_string(),
        false => format!("{from}-{to}"),
    };
    list.iter().map(one).collect::<Vec<_>>().join(" and ")
}

/// Every wrong solution, by exercise and name, if each exercise has 3+ and each describes
/// its mistake and names its message, and every folder of `wrong/` is an exercise's.
fn wrong_solutions(exercises: &[Exercise]) -> Result<Vec<Wrong>> {
    let folder = workspace_root().join(SET).join("wrong");
    let mut problems = Vec::new();
    let entries = std::fs::read_dir(&folder).with_context(|| format!("listing {SET}/wrong"))?;
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !exercises.iter().any(|exercise| exercise.name == name) {
            problems.push(format!("{SET}/wrong/{name}: not an exercise of info.toml"));
        }
    }
    let mut all = Vec::new();
    for exercise in exercises {
        let dir = folder.join(&exercise.name);
        let mut names: Vec<String> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter_map(|file| Some(file.strip_suffix(".rs")?.to_owned()))
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        if names.len() < 3 {
            let n = names.len();
            problems.push(format!("{}: {n} wrong solutions in {SET}/wrong/{0}", exercise.name));
        }
        for name in names {
            let path = format!("{SET}/wrong/{}/{name}.rs", exercise.name);
            match read(&path).and_then(|text| wrong(&exercise.name, &name, &text)) {
                Ok(wrong) => all.push(wrong),
                Err(problem) => problems.push(format!("{path}: {problem}")),
            }
        }
    }
    ensure!(problems.is_empty(), problems.join("\n"));
    Ok(all)
}

/// The wrong solution `name` of `exercise`, from the header of its file's `text`:
///
/// ```text
/// // Wrong solution of EXERCISE: what the student did,
/// // on as many lines as it takes.
/// // Rejected by: how the tests catch it every time.
/// // Rejected with: what every failure says
/// ```
fn wrong(exercise: &str, name: &str, text: &str) -> Result<Wrong> {
    let header: Vec<&str> = text.lines().map_while(|line| line.strip_prefix("// ")).collect();
    let header = header.join(" ");
    let start = format!("Wrong solution of {exercise}: ");
    let what = header.strip_prefix(&start);
    let what = what.with_context(|| format!("its header does not start `// {start}`"))?;
    let (what, how) = what.split_once(" Rejected by: ").context("no `// Rejected by:`")?;
    let (how, message) = how.split_once(" Rejected with: ").context("no `// Rejected with:`")?;
    let one_line = text.contains(&format!("\n// Rejected with: {message}\n"));
    ensure!(one_line, "`// Rejected with:` is not the header's last line");
    ensure!(!text.contains("\n#[cfg(test)]\n"), "has tests of its own");
    Ok(Wrong {
        exercise: exercise.to_owned(),
        name: name.to_owned(),
        what: what.to_owned(),
        how: how.to_owned(),
        message: message.to_owned(),
    })
}

/// The table of wrong solutions on the guide's page: one row each, under its exercise.
fn table(exercises: &[Exercise], wrong: &[Wrong]) -> String {
    let mut table = String::from(
        "\n| exercise | wrong solution | what it does | rejected by | every run fails saying |\n\
         |---|---|---|---|---|\n",
    );
    for exercise in exercises {
        let mut first = true;
        for wrong in wrong.iter().filter(|wrong| wrong.exercise == exercise.name) {
            let link = |text: &str, path: &str| format!("[`{text}`](../{path})");
            let shown = match std::mem::take(&mut first) {
                true => link(&exercise.name, &exercise.path("exercises")),
                false => String::new(),
            };
            let path = format!("{SET}/wrong/{}/{}.rs", wrong.exercise, wrong.name);
            table += &format!(
                "| {shown} | {} | {} | {} | \"{}\" |\n",
                link(&wrong.name, &path),
                wrong.what,
                wrong.how,
                wrong.message
            );
        }
    }
    table
}

/// The guide's page as it is, and as `cargo xtask docs` writes it.
fn page() -> Result<(String, String)> {
    let current = read(PAGE)?;
    let info = read(&format!("{SET}/info.toml"))?;
    let exercises = complete(&info)?;
    let table = table(&exercises, &wrong_solutions(&exercises)?);
    let mut seen = false;
    let fresh = docs::regenerate(&current, |part, _| {
        ensure!(part == TABLE, "unknown part {part:?}; the part here is {TABLE}");
        seen = true;
        Ok(table.clone())
    });
    let fresh = fresh.context(PAGE)?;
    ensure!(seen, "{PAGE}: no `<!-- cargo xtask docs: begin {TABLE} -->` ... `end {TABLE}`");
    Ok((current, fresh))
}

/// `Ok` if the guide's table of wrong solutions is what `cargo xtask docs` would write.
fn page_up_to_date() -> Result<()> {
    let (current, fresh) = page()?;
    ensure!(
        current == fresh,
        "{PAGE}: the table of wrong solutions is stale; run cargo xtask docs"
    );
    Ok(())
}

/// Writes the guide's table of wrong solutions, if it is out of date: `cargo xtask docs`.
pub fn write_page() -> Result<()> {
    let (current, fresh) = page()?;
    docs::write(PAGE, &current, fresh)
}

/// `cargo test` of the support library and the solutions, reusing the workspace's builds in
/// its target directory.
fn test(exercises: &[Exercise]) -> Result<()> {
    let mut test = cargo::cargo();
    test.current_dir(workspace_root());
    test.env("CARGO_TARGET_DIR", cargo::binaries()?.join(".."));
    test.args(["test", "-q", "--manifest-path", MANIFEST, "--lib"]);
    let solutions = exercises.iter().map(|exercise| format!("{}_sol", exercise.name));
    test.args(solutions.flat_map(|bin| ["--bin".to_owned(), bin]));
    cargo::status(test)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;

    fn exercises() -> Vec<Exercise> {
        complete(&read(&format!("{SET}/info.toml")).unwrap()).unwrap()
    }

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
    fn lists_of_lines_read_as_a_header_or_the_guide_writes_them() {
        assert_eq!(parse_list("6 and 10-15 (narration"), (vec![(6, 6), (10, 15)], " (narration"));
        assert_eq!(parse_list("21–23, 27–28 |").0, [(21, 23), (27, 28)]);
        assert_eq!(parse_list("9-11), fixed").0, [(9, 11)]);
        assert_eq!(parse_list("27 and `join()`"), (vec![(27, 27)], " and `join()`"));
        assert_eq!(show(&[(6, 6), (10, 15)]), "6 and 10-15");
    }

    #[test]
    fn every_exercise_cites_lines_of_its_example_as_the_guide_does() {
        lines_problems(&exercises(), &read(PAGE).unwrap()).unwrap();
    }

    #[test]
    fn a_line_the_example_does_not_number_or_a_wrong_narration_is_named() {
        let race = &MIRRORS[1];
        let text = "// Example 19.2\n// Lecture lines: notes 13-20 and 30-34 (narration 10-16 and 23-27).\n";
        assert_eq!(header_lines(race, text).unwrap(), [(13, 20), (30, 34)]);
        assert!(cited_lines(race, "f.rs", text).is_empty());
        // Line 21 of the code notes is blank: Example 19.2 numbers 20, then 22.
        let unnumbered = text.replace("13-20", "13-21");
        assert_eq!(
            cited_lines(race, "f.rs", &unnumbered),
            ["f.rs:2: notes 13-21: 21 is not a numbered line of Example 19.2 in the code notes"]
        );
        let off_by_one = text.replace("10-16", "10-17");
        assert_eq!(
            header_lines(race, &off_by_one).unwrap_err().to_string(),
            "notes 13-20 and 30-34 are narration 10-16 and 23-27, not 10-17 and 23-27"
        );
        let beyond = "the lecture's line 35, and narration 28\n";
        assert_eq!(
            cited_lines(race, "f.rs", beyond),
            [
                "f.rs:1: line 35: 35 is not a numbered line of Example 19.2 in the code notes",
                "f.rs:1: narration 28: the narration numbers Example 19.2 1 to 27"
            ]
        );
        assert!(header_lines(race, "// Example 19.2\n// Lecture lines: 13-20\n").is_err());
        let page = read(PAGE).unwrap().replace("19.2 notes 13–20, 30–34", "19.2 notes 13–20");
        let problems = lines_problems(&exercises(), &page).unwrap_err().to_string();
        assert_eq!(
            problems,
            "docs/exercises.md: race2_mutex cites notes 13-20, its header notes 13-20 and 30-34"
        );
    }

    #[test]
    fn a_wrong_solution_describes_its_mistake_and_names_its_message() {
        let text = "// Wrong solution of race2_mutex: two locks,\n// no yield.\n\
                    // Rejected by: the stress Mutex.\n// Rejected with: The lock was free\n\n\
                    use std::thread;\n";
        let parsed = wrong("race2_mutex", "two_locks", text).unwrap();
        assert_eq!(
            (&*parsed.what, &*parsed.how, &*parsed.message),
            ("two locks, no yield.", "the stress Mutex.", "The lock was free")
        );
        let error = |text: &str| wrong("race2_mutex", "x", text).unwrap_err().to_string();
        assert_eq!(
            error(&text.replace("race2", "race3")),
            "its header does not start \
            `// Wrong solution of race2_mutex: `"
        );
        assert_eq!(
            error(&text.replace("// Rejected by: the stress Mutex.\n", "")),
            "no `// Rejected by:`"
        );
        assert_eq!(error(&format!("{text}#[cfg(test)]\nmod tests {{}}\n")), "has tests of its own");
    }

    #[test]
    fn each_exercise_has_3_wrong_solutions_and_the_guide_lists_them_all() {
        let wrong = wrong_solutions(&exercises()).unwrap();
        assert!(wrong.len() >= 36);
        page_up_to_date().unwrap();
        let table = table(&exercises(), &wrong);
        assert_eq!(table.lines().filter(|line| line.starts_with("| [`")).count(), 12);
        assert_eq!(table.matches("wrong/").count(), wrong.len());
    }

    #[test]
    fn each_line_fits_in_100_columns_beside_the_longest_subject() {
        let mut checks = Check::each("exercises", EXPECTATIONS, [Ok(()), Ok(()), Ok(()), Ok(())]);
        checks.push(Check::new("ex19_1_fetch", "", Ok(())));
        for line in check::summary(&checks).lines() {
            assert!(line.chars().count() <= 100, "{line}");
        }
    }
}
