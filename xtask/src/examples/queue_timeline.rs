//! Example 19.3's `--timeline`: what the run's words say (each consumer's tasks, the
//! sentinel's way round, the producer's waits, the queue's depth), checked against what the
//! lecture narrates. The binary prints them under `What each thread did:`, one line per
//! thread, a long line continued on lines indented by 12 spaces.

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};

use super::{holds, in_every_run};
use crate::check::Check;
use crate::process::{self, Run};

/// The drawing of the lecture's run, and of a run whose queue fills: one consumer cannot
/// keep up with a producer that puts a task every 10 ms.
const LECTURE: Shape = Shape { items: 5, consumers: 3, runs: 3 };
const FILLS: Shape = Shape { items: 30, consumers: 1, runs: 2 };
/// The lecture's `queue.Queue(maxsize=10)`.
const MAXSIZE: usize = 10;
const DEADLINE: Duration = Duration::from_secs(20);
/// Where the words begin, and how their continuation lines are indented.
const WORDS: &str = "What each thread did:";
const INDENT: &str = "            ";

/// A run asked for with `--items` and `--consumers`, and how many times to run it.
#[derive(Debug, Clone, Copy)]
struct Shape {
    items: u32,
    consumers: usize,
    runs: usize,
}

impl Shape {
    fn args(self) -> Vec<String> {
        let (items, consumers) = (self.items.to_string(), self.consumers.to_string());
        ["--timeline", "--items", &items, "--consumers", &consumers].map(str::to_owned).into()
    }
}

/// What one run's words say.
#[derive(Debug, Default, PartialEq)]
struct Told {
    /// Each consumer's tasks, in the order it took them.
    taken: Vec<Vec<u32>>,
    /// Per consumer: whether it took the sentinel, and whether it then put it back.
    sentinel: Vec<(bool, bool)>,
    /// How many of the producer's puts waited for room.
    waits: usize,
    /// The most items the queue held, and its maxsize.
    most: usize,
    maxsize: Option<usize>,
}

/// Runs `ex19_3_queue --timeline` (all runs at once, so verify waits about as long as the
/// slowest) and checks what its words say.
pub fn checks(binaries: &Path) -> Vec<Check> {
    let binary = binaries.join(format!("ex19_3_queue{}", std::env::consts::EXE_SUFFIX));
    let shapes = [LECTURE, FILLS];
    let started: Vec<_> = shapes
        .iter()
        .flat_map(|&shape| (0..shape.runs).map(move |_| shape))
        .map(|shape| {
            let mut command = Command::new(&binary);
            command.args(shape.args());
            thread::spawn(move || process::run_with_deadline(&mut command, DEADLINE))
        })
        .collect();
    let mut runs: Vec<Run> = Vec::new();
    for run in started {
        match run.join().expect("the thread only waits for the run") {
            Ok(run) => runs.push(run),
            Err(e) => {
                let why = anyhow::anyhow!("{}: {e}", binary.display());
                return vec![Check::new("ex19_3_queue", "--timeline runs", Err(why))];
            }
        }
    }
    let (lecture, fills) = runs.split_at(LECTURE.runs);
    properties(lecture, fills)
}

fn properties(lecture: &[Run], fills: &[Run]) -> Vec<Check> {
    let all: Vec<(Shape, &Run)> =
        (lecture.iter().map(|r| (LECTURE, r))).chain(fills.iter().map(|r| (FILLS, r))).collect();
    let told = in_every_run(&all, |&(shape, run)| {
        run.exited_cleanly()?;
        lectures_lines_first(run, shape)?;
        read(run).map(|_| ())
    });
    let parsed: Vec<(Shape, Told)> =
        all.iter().filter_map(|&(shape, run)| Some((shape, read(run).ok()?))).collect();
    let each_once = in_every_run(&parsed, |(shape, told)| {
        let mut taken: Vec<u32> = told.taken.concat();
        taken.sort_unstable();
        let expected: Vec<u32> = (0..shape.items).collect();
        holds(taken == expected, || format!("the consumers took {:?}", told.taken))
    });
    let sentinel = in_every_run(&parsed, |(shape, told)| {
        let everyone = told.sentinel.len() == shape.consumers;
        let passed_on = told.sentinel.iter().all(|&(took, put_back)| took && put_back);
        holds(everyone && passed_on, || {
            format!("(took it, put it back) per consumer: {:?}", told.sentinel)
        })
    });
    let bounded = in_every_run(&parsed, |(_, told)| {
        holds(told.most <= MAXSIZE && told.maxsize == Some(MAXSIZE), || {
            format!("held at most {} items, maxsize {:?}", told.most, told.maxsize)
        })
    });
    let fills = parsed.iter().filter(|(shape, _)| shape.items == FILLS.items);
    let waits = in_every_run(&fills.collect::<Vec<_>>(), |(_, told)| {
        holds(told.waits >= 1 && told.most == MAXSIZE, || {
            format!("waited {} times; the queue held at most {}", told.waits, told.most)
        })
    });
    Check::each(
        "ex19_3_queue",
        [
            "--timeline: the lecture's lines, then the run drawn and told",
            "--timeline: every task taken once (notes 11-12, 19)",
            "--timeline: each consumer takes the sentinel, puts it back (20-22)",
            "--timeline: the queue never holds more than 10 (notes 6)",
            "--items 30 --consumers 1: the queue fills, the producer waits (6, 12)",
        ],
        [told, each_once, sentinel, bounded, waits],
    )
}

/// The run's stdout starts with the lecture's lines for `shape`, then the drawing.
fn lectures_lines_first(run: &Run, shape: Shape) -> Result<()> {
    let mut lecture: String = (0..shape.items).map(|i| format!("Produced task {i}\n")).collect();
    lecture += &format!("Processed {} tasks\n\ntimeline: ", shape.items);
    let start: String = run.stdout.chars().take(lecture.chars().count()).collect();
    ensure!(start == lecture, "does not begin with the lecture's lines: {start:?}");
    let wide = run.stdout.lines().find(|l| l.chars().count() > 100);
    ensure!(wide.is_none(), "wider than 100 columns: {wide:?}");
    Ok(())
}

/// The lines under `What each thread did:`, each joined with its continuation lines.
fn told_lines(stdout: &str) -> Result<Vec<String>> {
    let start = stdout.find(WORDS).with_context(|| format!("no `{WORDS}` line"))?;
    let mut lines: Vec<String> = Vec::new();
    for line in stdout[start..].lines().skip(1) {
        match (line.strip_prefix(INDENT), lines.last_mut()) {
            (Some(more), Some(last)) => *last = format!("{last} {}", more.trim()),
            _ => lines.push(line.to_owned()),
        }
    }
    Ok(lines)
}

/// What a run's words say, or which line could not be read.
fn read(run: &Run) -> Result<Told> {
    let mut told = Told::default();
    let mut producers = 0;
    for line in told_lines(&run.stdout)? {
        let words = line.get(INDENT.len()..).unwrap_or_default();
        let label = line[..line.len() - words.len()].trim();
        let unread = || format!("cannot read {line:?}");
        if label == "producer" {
            producers += 1;
            told.waits = if words.ends_with("; never waited for room") {
                0
            } else {
                let after = words.split_once("; waited for room ").with_context(unread)?.1;
                number(after).with_context(unread)?
            };
        } else if label.starts_with("consumer ") {
            let (tasks, sentinel) = words.split_once(", ").unwrap_or((words, ""));
            let tasks = tasks.strip_prefix("took ").with_context(unread)?;
            told.taken.push(task_list(tasks).with_context(unread)?);
            let took = sentinel.starts_with("then the sentinel (");
            told.sentinel.push((took, took && sentinel.ends_with(") and put it back")));
        } else if label == "queue" {
            let after = words.strip_prefix("held at most ").with_context(unread)?;
            told.most = number(after).with_context(unread)?;
            told.maxsize = after.split_once("(maxsize ").and_then(|(_, m)| number(m));
        } else {
            bail!("an unknown line under `{WORDS}`: {line:?}");
        }
    }
    ensure!(producers == 1, "{producers} producer lines under `{WORDS}`");
    Ok(told)
}

/// The number at the start of `text`.
fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// `no task`, `task 3` or `tasks 0 4 7`.
fn task_list(text: &str) -> Option<Vec<u32>> {
    if text == "no task" {
        return Some(Vec::new());
    }
    let numbers = text.strip_prefix("tasks ").or_else(|| text.strip_prefix("task "))?;
    numbers.split(' ').map(|n| n.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::tests::printing;

    /// The lecture's run with `--timeline`, as the binary prints it (drawing shortened).
    pub const LECTURE_RUN: &str = "\
Produced task 0
Produced task 1
Produced task 2
Produced task 3
Produced task 4
Processed 5 tasks

timeline: 0 to 0.090 s after the program started its threads, one column = 1 ms
producer    |0        1         2        3         4        S      |
queue       |1........1.........1........111.......11.......1111111|

What each thread did:
producer    put tasks 0 to 4, then the sentinel; never waited for room
consumer 0  took task 1, then the sentinel (2nd to take it) and put it back
consumer 1  took tasks 2 4, then the sentinel (3rd to take it, the last) and put it back
consumer 2  took tasks 0 3, then the sentinel (1st to take it) and put it back
queue       held at most 1 item (maxsize 10); 1 left at the end: the sentinel, put back by the
            last consumer
";

    /// A run of 30 tasks and one consumer: the queue fills and the producer waits.
    fn filling_run() -> String {
        let produced: String = (0..30).map(|i| format!("Produced task {i}\n")).collect();
        let tasks: Vec<String> = (0..30).map(|t| t.to_string()).collect();
        format!(
            "{produced}Processed 30 tasks\n\ntimeline: 0 to 0.9 s\n\n{WORDS}\n\
             producer    put tasks 0 to 29, then the sentinel; waited for room 16 times (the \
             queue was full)\n\
             consumer 0  took tasks {}\n{INDENT}{}, then the sentinel (1st to take it, the last) \
             and put it back\n\
             queue       held at most 10 items (maxsize 10); 1 left at the end: the sentinel\n",
            tasks[..25].join(" "),
            tasks[25..].join(" ")
        )
    }

    fn failed(lecture: &str, fills: &str) -> Vec<bool> {
        let (lecture, fills) = ([printing(lecture)], [printing(fills)]);
        properties(&lecture, &fills).iter().map(|c| !c.passed()).collect()
    }

    #[test]
    fn the_words_are_read_as_printed() {
        let told = read(&printing(LECTURE_RUN)).unwrap();
        assert_eq!(told.taken, [vec![1], vec![2, 4], vec![0, 3]]);
        assert_eq!(told.sentinel, [(true, true); 3]);
        assert_eq!((told.waits, told.most, told.maxsize), (0, 1, Some(10)));
        let told = read(&printing(&filling_run())).unwrap();
        assert_eq!(told.taken, [(0..30).collect::<Vec<u32>>()]);
        assert_eq!((told.waits, told.most), (16, 10));
    }

    #[test]
    fn each_check_fails_on_its_own_fault() {
        let fills = filling_run();
        assert_eq!(failed(LECTURE_RUN, &fills), [false; 5]);
        let changed = LECTURE_RUN.replace("Produced task 3\n", "");
        assert_eq!(failed(&changed, &fills), [true, false, false, false, false]);
        let twice = LECTURE_RUN.replace("took tasks 2 4", "took tasks 2 4 1");
        assert_eq!(failed(&twice, &fills), [false, true, false, false, false]);
        let kept = LECTURE_RUN.replace(
            "(2nd to take it) and put it back",
            "(2nd to take it) and did not put it back",
        );
        assert_eq!(failed(&kept, &fills), [false, false, true, false, false]);
        let missed = LECTURE_RUN.replace(
            "task 1, then the sentinel (2nd to take it) and put it back",
            "tasks 1, and never took the sentinel",
        );
        assert!(failed(&missed, &fills)[2]);
        let over = fills.replace("held at most 10 items", "held at most 11 items");
        assert_eq!(failed(LECTURE_RUN, &over), [false, false, false, true, true]);
        let no_wait =
            fills.replace("waited for room 16 times (the queue was full)", "never waited for room");
        assert_eq!(failed(LECTURE_RUN, &no_wait), [false, false, false, false, true]);
        let garbled = LECTURE_RUN.replace("held at most 1 item", "held many");
        assert!(failed(&garbled, &fills)[0]);
    }

    #[test]
    fn the_arguments_ask_for_the_shape() {
        assert_eq!(FILLS.args(), ["--timeline", "--items", "30", "--consumers", "1"]);
        assert_eq!(task_list("no task"), Some(vec![]));
        assert_eq!(task_list("task 3"), Some(vec![3]));
        assert_eq!(task_list("tasks 3 x"), None);
    }

    #[test]
    fn every_summary_line_fits_in_100_columns() {
        let checks = properties(&[printing("")], &[printing("nonsense")]);
        for line in crate::check::summary(&checks).lines().filter(|l| !l.starts_with(' ')) {
            assert!(line.chars().count() <= 100, "{line}");
        }
    }
}
