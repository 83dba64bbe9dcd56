//! Example 19.2 with `--trace`: what the report says of each run, checked against the count
//! that run printed and against the lost update as the lecture narrates it.

use std::env::consts::EXE_SUFFIX;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};

use super::{holds, in_every_run};
use crate::check::Check;
use crate::process::{self, Run};

const NAME: &str = "ex19_2_race";
const RUNS: usize = 10;
const DEADLINE: Duration = Duration::from_secs(10);

/// What one `--trace` run printed, as far as the checks need it.
#[derive(Debug, PartialEq)]
struct Traced {
    /// The unsafe count of the lecture's first line.
    count: usize,
    /// The unsafe counter's report: updates lost, of how many, and the count it says it shows.
    lost: (usize, usize, usize),
    /// The lost update told step by step, if the run had one in the lecture's order.
    story: Option<Story>,
    /// The safe counter's report, as for `lost`.
    safe_lost: (usize, usize, usize),
    /// How many different values the safe counter's threads read, if the report says.
    safe_values: Option<usize>,
}

/// The four steps of a lost update: thread `a` reads, `b` reads, `b` writes, `a` writes.
#[derive(Debug, PartialEq)]
struct Story {
    a: [usize; 2],
    b: [usize; 2],
    reads: [usize; 2],
    writes: [usize; 2],
}

/// The checks of `--trace`, over `RUNS` runs of the example built in `binaries`.
pub fn checks(binaries: &Path) -> Vec<Check> {
    let path = binaries.join(format!("{NAME}{EXE_SUFFIX}"));
    let mut runs = Vec::with_capacity(RUNS);
    while runs.len() < RUNS && !runs.iter().any(|run: &Run| run.timed_out) {
        match process::run_with_deadline(Command::new(&path).arg("--trace"), DEADLINE) {
            Ok(run) => runs.push(run),
            Err(e) => {
                let why = anyhow!("{}: {e}", path.display());
                return vec![Check::new(NAME, "--trace: starts", Err(why))];
            }
        }
    }
    let exited = in_every_run(&runs, Run::exited_cleanly);
    let parsed = exited.and_then(|()| runs.iter().map(parse).collect::<Result<Vec<_>>>());
    match parsed {
        Ok(traced) => properties(&traced),
        Err(why) => {
            let expectation = "--trace: the two lines, then the report (notes 28, 34)";
            vec![Check::new(NAME, expectation, Err(why))]
        }
    }
}

fn properties(traced: &[Traced]) -> Vec<Check> {
    let n = traced.len();
    let needed = n * 9 / 10;
    let adds_up = in_every_run(traced, |t| {
        let (lost, total, shows) = t.lost;
        let right = total == 100 && shows == t.count && lost + t.count == total;
        holds(right, || {
            format!("printed {}, the report says {lost} of {total} lost, shows {shows}", t.count)
        })
    });
    let told = |t: &Traced| t.story.as_ref().is_some_and(Story::is_the_lectures);
    let untold: Vec<String> = (1..)
        .zip(traced)
        .filter(|(_, t)| !told(t))
        .map(|(i, t)| format!("run {i} (count {})", t.count))
        .collect();
    let told = n - untold.len();
    let losing = traced.iter().filter(|t| t.count < 100).count();
    let safe = in_every_run(traced, |t| {
        let exact = t.safe_lost == (0, 100, 100) && t.safe_values == Some(100);
        holds(exact, || {
            format!("lost, of, shows: {:?}; values read: {:?}", t.safe_lost, t.safe_values)
        })
    });
    let counts: Vec<usize> = traced.iter().map(|t| t.count).collect();
    Check::each(
        NAME,
        [
            "--trace: lost updates = 100 - the count printed, in every run (notes 28)",
            &format!(
                "--trace: the narrated lost update in at least {needed} of {n} runs (concept 2.1)"
            ),
            "--trace: safe counter loses 0, its threads read 100 values (notes 30-34)",
            &format!("--trace: still below 100 in at least {needed} of {n} runs (notes 22-28)"),
        ],
        [
            adds_up,
            holds(told >= needed, || {
                format!(
                    "told in {told} of {n} runs, not in {}. A run that lost updates has none \
                     when the threads that read the same value wrote in the order they had read \
                     it, as when one busy core runs them all",
                    untold.join(", ")
                )
            }),
            safe,
            holds(losing >= needed, || format!("below 100 in {losing} of {n}: {counts:?}")),
        ],
    )
}

impl Story {
    /// Whether the steps are the lecture's: two threads, A reads v, B reads v, B writes
    /// v + 1, then A writes v + 1.
    fn is_the_lectures(&self) -> bool {
        let (a, b) = (self.a[0], self.b[0]);
        let v = self.reads[0];
        self.a == [a, a]
            && self.b == [b, b]
            && a != b
            && self.reads == [v, v]
            && self.writes == [v + 1, v + 1]
    }
}

/// What a `--trace` run printed, or why it is not the lecture's lines and the report.
fn parse(run: &Run) -> Result<Traced> {
    let lines = run.lines();
    let lecture = lines.first().and_then(|line| fields(line, "Unsafe counter (expected 100): {}"));
    let count = lecture.context("the first line is not `Unsafe counter (expected 100): N`")?[0];
    let safe_line = lines.get(1).copied().unwrap_or("");
    if safe_line != "Safe counter (expected 100): 100" {
        return Err(anyhow!("the second line is not the lecture's safe count: {safe_line:?}"));
    }
    // The report wraps its sentences to the terminal: read it as one line of words.
    let prose = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    let find = |template: &str| fields_in(&prose, template);
    let said = |template: &str| {
        find(template).with_context(|| format!("no `{template}` in:\n{}", run.stdout))
    };
    let triple = |v: Vec<usize>| (v[0], v[1], v[2]);
    let lost = triple(said("Unsafe counter: {} of {} updates lost, so it shows {}.")?);
    let safe_lost = triple(said("Safe counter: {} of {} updates lost, so it shows {}.")?);
    let safe_values = find("The {} threads read {} different values").map(|v| v[1]);
    let steps = [
        "1. thread {} reads the count: {}, then yields",
        "2. thread {} reads the same count: {}",
        "3. thread {} writes {}",
        "4. thread {} writes {} over it: two increments, and the count went up by one",
    ];
    let story = match steps.map(find) {
        [Some(one), Some(two), Some(three), Some(four)] => Some(Story {
            a: [one[0], four[0]],
            b: [two[0], three[0]],
            reads: [one[1], two[1]],
            writes: [three[1], four[1]],
        }),
        _ => None,
    };
    Ok(Traced { count, lost, story, safe_lost, safe_values })
}

/// The numbers in `line` where `template` has `{}`, if the line is the template with
/// numbers in those places.
fn fields(line: &str, template: &str) -> Option<Vec<usize>> {
    let (numbers, rest) = fields_at(line, template)?;
    rest.is_empty().then_some(numbers)
}

/// As [`fields`], for the first place in `text` where the template is found.
fn fields_in(text: &str, template: &str) -> Option<Vec<usize>> {
    let start = template.split("{}").next()?;
    text.match_indices(start).find_map(|(at, _)| Some(fields_at(&text[at..], template)?.0))
}

/// The numbers where `template` has `{}` at the start of `text`, and what follows it.
fn fields_at<'a>(text: &'a str, template: &str) -> Option<(Vec<usize>, &'a str)> {
    let mut pieces = template.split("{}");
    let mut rest = text.strip_prefix(pieces.next()?)?;
    let mut numbers = Vec::new();
    for piece in pieces {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        numbers.push(rest[..digits].parse().ok()?);
        rest = rest[digits..].strip_prefix(piece)?;
    }
    Some((numbers, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::tests::printing;

    /// A `--trace` run as the example prints it (shortened where the checks do not look).
    const SAMPLE: &str = "\
Unsafe counter (expected 100): 14
Safe counter (expected 100): 100

What the threads did in this run (--trace). Each counter numbers its threads in the order they
first read its count.

Unsafe counter: 86 of 100 updates lost, so it shows 14.
  Each thread read the count, yielded, then wrote what it had read plus 1. Up to 41 threads were

  One lost update, step by step, in the order the lecture tells it:
    1. thread 3 reads the count: 0, then yields
    2. thread 5 reads the same count: 0
    3. thread 5 writes 1
    4. thread 3 writes 1 over it: two increments, and the count went up by one

Safe counter: 0 of 100 updates lost, so it shows 100.
  Each thread held the lock from its read to its write. No two threads were ever between their
  read and their write at once. The 100 threads read 100 different values, 0 to 99.
";

    fn failed(samples: &[String]) -> Vec<bool> {
        let traced: Vec<Traced> = samples.iter().map(|s| parse(&printing(s)).unwrap()).collect();
        properties(&traced).iter().map(|c| !c.passed()).collect()
    }

    #[test]
    fn the_sample_is_read_and_passes() {
        let traced = parse(&printing(SAMPLE)).unwrap();
        let story = Story { a: [3, 3], b: [5, 5], reads: [0, 0], writes: [1, 1] };
        assert_eq!(traced.story, Some(story));
        assert_eq!((traced.count, traced.lost, traced.safe_values), (14, (86, 100, 14), Some(100)));
        assert_eq!(failed(&vec![SAMPLE.to_owned(); 10]), [false; 4]);
    }

    #[test]
    fn each_check_fails_on_its_own_mistake() {
        let mut runs = vec![SAMPLE.to_owned(); 10];
        runs[0] = SAMPLE.replace("86 of 100 updates lost", "85 of 100 updates lost");
        assert_eq!(failed(&runs), [true, false, false, false]);

        let mut runs = vec![SAMPLE.to_owned(); 10];
        runs[0] = SAMPLE.replace("    3. thread 5 writes 1\n", "");
        runs[1] = SAMPLE.replace("2. thread 5 reads", "2. thread 3 reads");
        assert_eq!(failed(&runs), [false, true, false, false]);

        let mut runs = vec![SAMPLE.to_owned(); 10];
        runs[9] = SAMPLE.replace("Safe counter: 0 of", "Safe counter: 1 of");
        assert_eq!(failed(&runs), [false, false, true, false]);

        let story = SAMPLE.lines().filter(|line| line.starts_with("    ")).collect::<Vec<_>>();
        let none_lost = story
            .iter()
            .fold(SAMPLE.to_owned(), |text, line| text.replace(line, ""))
            .replace("expected 100): 14", "expected 100): 100")
            .replace(
                "86 of 100 updates lost, so it shows 14",
                "0 of 100 updates lost, so it shows 100",
            );
        let runs = vec![none_lost.clone(), none_lost, SAMPLE.to_owned()];
        assert_eq!(failed(&runs), [false, true, false, true]);
    }

    #[test]
    fn output_that_is_not_the_report_is_named() {
        let why = parse(&printing(
            "Unsafe counter (expected 100): 5\nSafe counter (expected 100): 100\n",
        ));
        assert!(format!("{:#}", why.unwrap_err()).starts_with("no `Unsafe counter: {} of"));
        assert!(parse(&printing("hello\n")).is_err());
    }

    #[test]
    fn template_fields_are_numbers_in_place() {
        assert_eq!(fields("a 12 b 3.", "a {} b {}."), Some(vec![12, 3]));
        assert_eq!(fields("a 12 b 3", "a {} b {}."), None);
        assert_eq!(fields("a x b 3.", "a {} b {}."), None);
        assert_eq!(fields_in("x a 1 a 2 b 3. y", "a {} b {}."), Some(vec![2, 3]));
    }

    /// The page's captured run must be a run as the example prints it now.
    #[test]
    fn the_guides_sample_run_reads_and_passes() {
        let page = crate::lecture::read("docs/ex19_2_race.md").unwrap();
        let section = page.split("\n## See it run\n").nth(1).expect("the page has `## See it run`");
        let sample = section.split("```text\n").nth(1).and_then(|rest| rest.split("```").next());
        let traced = parse(&printing(sample.expect("a ```text block"))).unwrap();
        assert_eq!(failed(&[sample.unwrap().to_owned()]), [false; 4], "{traced:?}");
    }

    #[test]
    fn the_checks_fit_in_100_columns() {
        let checks = properties(&[parse(&printing(SAMPLE)).unwrap()]);
        for line in crate::check::summary(&checks).lines().filter(|l| !l.starts_with(' ')) {
            assert!(line.chars().count() <= 100, "{line}");
        }
    }
}
