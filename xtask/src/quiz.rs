//! The book's quizzes: one per example, `docs/quizzes/{example}.toml`, which mdbook-quiz
//! shows on the page `docs/{example}_quiz.md`. `cargo xtask verify` checks each one:
//!
//! - it is well formed: 5 to 8 questions of mdbook-quiz's three types, each with its fields,
//!   an id of its own (committed, so that mdbook-quiz writes none into the file) and an
//!   explanation that cites the lecture; its page holds its place and is in the book;
//! - every Tracing program is compiled with rustc and, if it compiles, run: it must compile
//!   exactly when the answer says so, fail on the line that the answer names, and print the
//!   answer, the same in each of three runs. An outcome is kept in the target directory under
//!   the hash of the program and of rustc's version, so an unchanged program is compiled once;
//! - a question about what the example itself prints names, in `verifiedBy`, the check of
//!   this verify run that proves it (`subject: expectation`, as the summary prints it): the
//!   check must exist.
//!
//! On a page, a quiz's place is a note for readers on a forge between two HTML comments,
//! `<!-- quiz: PATH -->` and `<!-- end quiz -->`; `cargo xtask book` puts mdbook-quiz's
//! `{{#quiz PATH}}` there (see [`with_quizzes`]).

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::ops::Range;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail, ensure};
use toml::{Table, Value};

use crate::check::Check;
use crate::lecture::{MIRRORS, read};
use crate::process;

/// The mdbook-quiz that the quizzes are written for, and the command that installs it.
pub const INSTALL: &str = "cargo install mdbook-quiz --version 0.5.0 --locked";
pub const SERIES: &str = "mdbook-quiz 0.5.";
const BEGIN: &str = "<!-- quiz: ";
const END: &str = "<!-- end quiz -->";
/// The line of an explanation that cites what it tests in the lecture.
const CITATION: &str = "*Lecture: ";
const QUESTIONS: Range<usize> = 5..9;
/// Each compiled program runs this many times: its output must not vary.
const RUNS: usize = 3;

/// The quiz of each example, checked; `ran` are the checks of this verify run so far, which
/// the questions' `verifiedBy` name.
pub fn checks(ran: &[Check]) -> Vec<Check> {
    let compiler = Compiler::new();
    let mut ids = HashSet::new();
    let checks = MIRRORS
        .iter()
        .flat_map(|mirror| check_quiz(mirror.name, &compiler, ran, &mut ids))
        .collect();
    if let Ok(compiler) = &compiler {
        let (kept, compiled) = (compiler.kept.load(Relaxed), compiler.compiled.load(Relaxed));
        let at = compiler.cache.display();
        println!(
            "{compiled} programs compiled now, {kept} outcomes kept from earlier runs in {at}"
        );
    }
    checks
}

fn check_quiz(
    example: &str,
    compiler: &Result<Compiler>,
    ran: &[Check],
    ids: &mut HashSet<String>,
) -> Vec<Check> {
    let file = format!("docs/quizzes/{example}.toml");
    let questions = read(&file).and_then(|text| parse(&text)).and_then(|questions| {
        check_page(example)?;
        let taken: Vec<&str> =
            questions.iter().filter(|q| !ids.insert(q.id.clone())).map(|q| q.id.as_str()).collect();
        ensure!(taken.is_empty(), "ids also used by another quiz: {}", taken.join(", "));
        Ok(questions)
    });
    let questions = match questions.with_context(|| file.clone()) {
        Ok(questions) => questions,
        Err(why) => {
            let expectation = "quiz: well formed, each question explained, citing the lecture";
            return vec![Check::new(example, expectation, Err(why))];
        }
    };
    let file = file.as_str();
    let programs: Vec<(&Question, &Program)> = questions
        .iter()
        .filter_map(|q| if let Kind::Tracing(p) = &q.kind { Some((q, p)) } else { None })
        .collect();
    let proven = match compiler {
        Ok(compiler) => all_of(thread::scope(|scope| {
            let proofs: Vec<_> = programs
                .iter()
                .map(|&(question, program)| {
                    scope.spawn(move || {
                        let proof = compiler
                            .outcome(&program.source)
                            .and_then(|found| program.answer.matches(&found));
                        proof.with_context(|| format!("{file}, {question}"))
                    })
                })
                .collect();
            proofs.into_iter().map(|proof| proof.join().expect("a proof does not panic")).collect()
        })),
        Err(why) => Err(anyhow!("{why:#}")),
    };
    let named: Vec<(&Question, &str)> =
        questions.iter().filter_map(|q| Some((q, q.verified_by.as_deref()?))).collect();
    let checked = all_of(
        named
            .iter()
            .map(|(question, check)| {
                named_check(ran, check).with_context(|| format!("{file}, {question}"))
            })
            .collect(),
    );
    let n = questions.len();
    vec![
        Check::new(
            example,
            format!("quiz: {n} questions, well formed, each explained, citing the lecture"),
            Ok(()),
        ),
        Check::new(
            example,
            format!(
                "quiz: {} programs compile (or fail on the line) and print as answered",
                programs.len()
            ),
            proven,
        ),
        Check::new(
            example,
            format!("quiz: {} answers about the example name checks of this run", named.len()),
            checked,
        ),
    ]
}

/// `Ok` if every result is, else every failure, one after another.
fn all_of(results: Vec<Result<()>>) -> Result<()> {
    let failures: Vec<String> =
        results.into_iter().filter_map(Result::err).map(|why| format!("{why:#}")).collect();
    ensure!(failures.is_empty(), failures.join("\n"));
    Ok(())
}

/// `Ok` if this verify run has the check `name` (`subject: expectation`).
fn named_check(ran: &[Check], name: &str) -> Result<()> {
    let full = |check: &Check| format!("{}: {}", check.subject, check.expectation);
    if ran.iter().any(|check| full(check) == name) {
        return Ok(());
    }
    let subject = name.split_once(": ").map_or(name, |(subject, _)| subject);
    let same: Vec<String> = ran.iter().filter(|c| c.subject == subject).map(full).collect();
    if same.is_empty() {
        bail!("names the check `{name}`, but this run of verify has no check of {subject}");
    }
    bail!(
        "names the check `{name}`, which this run of verify does not have; it has\n  {}",
        same.join("\n  ")
    )
}

/// The page of the example's quiz holds its place, which names the quiz file and how to
/// install mdbook-quiz, and the book's summary lists the page.
fn check_page(example: &str) -> Result<()> {
    let page = format!("docs/{example}_quiz.md");
    let text = read(&page)?;
    let quiz = format!("quizzes/{example}.toml");
    let places = places(&text).context(page.clone())?;
    let [place] = &places[..] else {
        bail!("{page}: {} quiz places, not one", places.len());
    };
    ensure!(place.quiz == quiz, "{page}: the quiz's place names {}, not {quiz}", place.quiz);
    let note = &text[place.lines.clone()];
    for needed in [INSTALL, &format!("]({quiz})")] {
        ensure!(note.contains(needed), "{page}: the note in the quiz's place lacks `{needed}`");
    }
    let summary = read("docs/SUMMARY.md")?;
    ensure!(
        summary.contains(&format!("]({example}_quiz.md)")),
        "docs/SUMMARY.md does not list {page}"
    );
    Ok(())
}

/// Where a page holds a quiz: the lines from `<!-- quiz: PATH -->` to `<!-- end quiz -->`.
#[derive(Debug, PartialEq)]
pub struct Place {
    /// The byte range of those lines in the page, their line endings included.
    pub lines: Range<usize>,
    /// The quiz file, relative to the page.
    pub quiz: String,
}

/// Every quiz place on `page`, in order.
pub fn places(page: &str) -> Result<Vec<Place>> {
    let (mut places, mut open, mut offset) = (Vec::new(), None, 0);
    for line in page.split_inclusive('\n') {
        let (start, trimmed) = (offset, line.trim());
        offset += line.len();
        if let Some(quiz) = trimmed.strip_prefix(BEGIN).and_then(|rest| rest.strip_suffix(" -->")) {
            ensure!(open.is_none(), "`{trimmed}` before the `{END}` of the quiz above it");
            open = Some((start, quiz.trim().to_owned()));
        } else if trimmed == END {
            let (start, quiz) =
                open.take().with_context(|| format!("`{END}` without `{BEGIN}PATH -->`"))?;
            places.push(Place { lines: start..offset, quiz });
        }
    }
    ensure!(open.is_none(), "`{BEGIN}...` without `{END}`");
    Ok(places)
}

/// `page` with each quiz place replaced by mdbook-quiz's `{{#quiz PATH}}`.
pub fn with_quizzes(page: &str) -> Result<String> {
    let mut out = String::with_capacity(page.len());
    let mut rest = 0;
    for place in places(page)? {
        out += &page[rest..place.lines.start];
        out += &format!("{{{{#quiz {}}}}}\n", place.quiz);
        rest = place.lines.end;
    }
    Ok(out + &page[rest..])
}

/// One question of a quiz, as much of it as verify checks.
#[derive(Debug)]
struct Question {
    /// From 1, as the quiz shows it.
    number: usize,
    id: String,
    kind: Kind,
    /// The check of verify that proves the answer, `subject: expectation`.
    verified_by: Option<String>,
}

impl std::fmt::Display for Question {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "question {} ({})", self.number, self.id)
    }
}

#[derive(Debug)]
enum Kind {
    Tracing(Program),
    MultipleChoice,
    ShortAnswer,
}

/// A Tracing question's program and its answer.
#[derive(Debug)]
struct Program {
    source: String,
    answer: Outcome,
}

/// What a program does: prints this, or fails to compile with an error on a line.
#[derive(Debug, PartialEq)]
enum Outcome {
    Prints(String),
    FailsOn { line: usize, error: String },
}

impl Outcome {
    /// `Ok` if `found`, what the program did, is this answer.
    fn matches(&self, found: &Outcome) -> Result<()> {
        match (self, found) {
            (Outcome::Prints(answer), Outcome::Prints(printed)) => ensure!(
                answer.trim_end() == printed.trim_end(),
                "the program prints {printed:?}, but the answer is {answer:?}"
            ),
            (Outcome::FailsOn { line: answer, .. }, Outcome::FailsOn { line, error }) => ensure!(
                answer == line,
                "the error is on line {line}, but the answer names line {answer}: {error}"
            ),
            (Outcome::Prints(_), Outcome::FailsOn { line, error }) => {
                bail!(
                    "the program does not compile, but the answer says it does: line {line}: {error}"
                )
            }
            (Outcome::FailsOn { .. }, Outcome::Prints(printed)) => {
                bail!(
                    "the program compiles and prints {printed:?}, but the answer says it does not compile"
                )
            }
        }
        Ok(())
    }

    /// How a compiled or failed program's outcome is kept: its first line says which.
    fn record(&self) -> String {
        match self {
            Outcome::Prints(stdout) => format!("prints\n{stdout}"),
            Outcome::FailsOn { line, error } => format!("fails on line {line}\n{error}"),
        }
    }

    fn from_record(record: &str) -> Option<Outcome> {
        let (first, rest) = record.split_once('\n')?;
        if first == "prints" {
            return Some(Outcome::Prints(rest.to_owned()));
        }
        let line = first.strip_prefix("fails on line ")?.parse().ok()?;
        Some(Outcome::FailsOn { line, error: rest.to_owned() })
    }
}

/// The questions of a quiz file, or every problem found in it, each naming its question.
fn parse(text: &str) -> Result<Vec<Question>> {
    let table: Table = text.parse().context("not TOML")?;
    only(&table, &["questions"], "the file")?;
    let list = table.get("questions").and_then(Value::as_array).context("no [[questions]]")?;
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    for (number, value) in (1..).zip(list) {
        let id = value.get("id").and_then(Value::as_str).unwrap_or("no id").to_owned();
        match question(number, value) {
            Ok(question) => questions.push(question),
            Err(why) => problems.push(format!("question {number} ({id}): {why:#}")),
        }
    }
    let mut seen = HashSet::new();
    for question in &questions {
        if !seen.insert(&question.id) {
            problems.push(format!("{question}: its id is taken by an earlier question"));
        }
    }
    if !QUESTIONS.contains(&list.len()) {
        problems.push(format!("{} questions, not 5 to 8", list.len()));
    }
    ensure!(problems.is_empty(), problems.join("\n"));
    Ok(questions)
}

/// One `[[questions]]` table, checked against mdbook-quiz's schema for its type.
fn question(number: usize, value: &Value) -> Result<Question> {
    let table = value.as_table().context("not a table")?;
    only(table, &["id", "type", "prompt", "answer", "context", "verifiedBy"], "the question")?;
    let id = text(table, "id")?.to_owned();
    let (prompt, answer) = (part(table, "prompt")?, part(table, "answer")?);
    let context = text(table, "context")?;
    ensure!(
        context.lines().any(|line| line.starts_with(CITATION)),
        "context: no line `{CITATION}...` that cites what it tests in the lecture"
    );
    let verified_by = table
        .get("verifiedBy")
        .map(|_| text(table, "verifiedBy").map(str::to_owned))
        .transpose()?;
    let kind = match text(table, "type")? {
        "Tracing" => {
            only(prompt, &["program"], "prompt")?;
            only(answer, &["doesCompile", "stdout", "lineNumber"], "answer")?;
            ensure!(verified_by.is_none(), "verifiedBy: a Tracing answer is proven by its program");
            let source = text(prompt, "program")?.to_owned();
            let compiles = answer
                .get("doesCompile")
                .and_then(Value::as_bool)
                .context("answer.doesCompile: missing, or not true or false")?;
            let (stdout, line) = (answer.get("stdout"), answer.get("lineNumber"));
            let answer = if compiles {
                ensure!(
                    line.is_none(),
                    "answer.lineNumber: only for a program that does not compile"
                );
                Outcome::Prints(text(answer, "stdout")?.to_owned())
            } else {
                ensure!(stdout.is_none(), "answer.stdout: only for a program that compiles");
                let line = line
                    .and_then(Value::as_integer)
                    .and_then(|n| usize::try_from(n).ok())
                    .filter(|&n| n > 0);
                let line = line.context("answer.lineNumber: missing, or not a line number")?;
                ensure!(
                    line <= source.lines().count(),
                    "answer.lineNumber: the program has no line {line}"
                );
                ensure!(
                    context.to_lowercase().contains(&format!("line {line}")),
                    "context: does not name the error's line, `line {line}`"
                );
                Outcome::FailsOn { line, error: String::new() }
            };
            Kind::Tracing(Program { source, answer })
        }
        "MultipleChoice" => {
            only(prompt, &["prompt", "distractors"], "prompt")?;
            only(answer, &["answer"], "answer")?;
            text(prompt, "prompt")?;
            let distractors = strings(prompt, "distractors")?;
            let right = match answer.get("answer") {
                Some(Value::Array(_)) => strings(answer, "answer")?,
                _ => vec![text(answer, "answer")?],
            };
            ensure!(!distractors.is_empty(), "prompt.distractors: none");
            if let Some(both) = right.iter().find(|r| distractors.contains(r)) {
                bail!("answer.answer: {both:?} is also a distractor");
            }
            Kind::MultipleChoice
        }
        "ShortAnswer" => {
            only(prompt, &["prompt"], "prompt")?;
            only(answer, &["answer", "alternatives"], "answer")?;
            text(prompt, "prompt")?;
            text(answer, "answer")?;
            if answer.contains_key("alternatives") {
                strings(answer, "alternatives")?;
            }
            Kind::ShortAnswer
        }
        other => {
            bail!("type: {other:?}; mdbook-quiz's are Tracing, MultipleChoice and ShortAnswer")
        }
    };
    Ok(Question { number, id, kind, verified_by })
}

/// `Err` naming the first key of `table` that is not one of `known`: a misspelt key would
/// otherwise be ignored by mdbook-quiz and by verify alike.
fn only(table: &Table, known: &[&str], what: &str) -> Result<()> {
    match table.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => bail!("{what} has an unknown key `{key}` (known: {})", known.join(", ")),
        None => Ok(()),
    }
}

/// The table at `key` (`prompt.x = ...` makes `prompt` one).
fn part<'a>(table: &'a Table, key: &str) -> Result<&'a Table> {
    table.get(key).and_then(Value::as_table).with_context(|| format!("{key}: missing"))
}

/// The non-empty string at `key`.
fn text<'a>(table: &'a Table, key: &str) -> Result<&'a str> {
    let text = table
        .get(key)
        .and_then(Value::as_str)
        .with_context(|| format!("{key}: missing, or not a string"))?;
    ensure!(!text.trim().is_empty(), "{key}: empty");
    Ok(text)
}

/// The array of non-empty strings at `key`.
fn strings<'a>(table: &'a Table, key: &str) -> Result<Vec<&'a str>> {
    let array = table
        .get(key)
        .and_then(Value::as_array)
        .with_context(|| format!("{key}: missing, or not an array"))?;
    let strings: Option<Vec<&str>> =
        array.iter().map(|v| v.as_str().filter(|s| !s.trim().is_empty())).collect();
    strings.with_context(|| format!("{key}: not all non-empty strings"))
}

/// rustc, and the folder where the outcomes of the programs it compiled are kept.
struct Compiler {
    rustc: OsString,
    /// `rustc -vV`: a program's outcome is kept per compiler.
    version: String,
    cache: PathBuf,
    /// How many outcomes were found in the cache, and how many programs were compiled.
    kept: AtomicUsize,
    compiled: AtomicUsize,
}

impl Compiler {
    fn new() -> Result<Compiler> {
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let output = Command::new(&rustc).arg("-vV").output().context("could not run rustc -vV")?;
        ensure!(output.status.success(), "rustc -vV failed ({})", output.status);
        let version = String::from_utf8_lossy(&output.stdout).into_owned();
        let cache = crate::book::target_dir()?.join("quiz-programs");
        fs::create_dir_all(&cache).with_context(|| format!("creating {}", cache.display()))?;
        Ok(Compiler {
            rustc,
            version,
            cache,
            kept: AtomicUsize::new(0),
            compiled: AtomicUsize::new(0),
        })
    }

    /// What `source` does: kept from an earlier run of verify, else compiled and run.
    fn outcome(&self, source: &str) -> Result<Outcome> {
        let key = format!("{:016x}", fnv1a(format!("{}\n{source}", self.version).as_bytes()));
        let record = self.cache.join(format!("{key}.txt"));
        if let Some(kept) =
            fs::read_to_string(&record).ok().as_deref().and_then(Outcome::from_record)
        {
            self.kept.fetch_add(1, Relaxed);
            return Ok(kept);
        }
        // Named for this process too: two verify runs may share the target directory.
        let own = format!("{key}-{}", std::process::id());
        let (file, binary) =
            (format!("{own}.rs"), format!("{own}{}", std::env::consts::EXE_SUFFIX));
        fs::write(self.cache.join(&file), source).context("writing the program")?;
        self.compiled.fetch_add(1, Relaxed);
        let mut rustc = Command::new(&self.rustc);
        rustc.current_dir(&self.cache).args(["--edition", "2024", "--crate-name", "quiz"]);
        rustc.args(["--error-format", "short", "-C", "debuginfo=0", "-o", &binary, &file]);
        let compiled = process::run_with_deadline(&mut rustc, Duration::from_secs(120))?;
        ensure!(!compiled.timed_out, "rustc did not finish within 120 s");
        let outcome = if compiled.code == Some(0) {
            self.run(&binary).map(Outcome::Prints)
        } else {
            let error = first_error(&compiled.stderr, &file).with_context(|| {
                format!("rustc failed, with no error on a line: {}", compiled.stderr.trim())
            });
            error.map(|(line, error)| Outcome::FailsOn { line, error })
        };
        for work in [&file, &binary] {
            let _ = fs::remove_file(self.cache.join(work));
        }
        let outcome = outcome?;
        // Written whole, then renamed: a run that reads it meanwhile finds it or nothing.
        let partial = self.cache.join(format!("{own}.txt"));
        fs::write(&partial, outcome.record())
            .and_then(|()| fs::rename(&partial, &record))
            .with_context(|| format!("writing {}", record.display()))?;
        Ok(outcome)
    }

    /// What the compiled program prints, the same in each of [`RUNS`] runs.
    fn run(&self, binary: &str) -> Result<String> {
        let mut printed: Option<String> = None;
        for n in 1..=RUNS {
            let run = process::run_with_deadline(
                &mut Command::new(self.cache.join(binary)),
                Duration::from_secs(10),
            )?;
            run.exited_cleanly().with_context(|| format!("run {n} of the program"))?;
            let stdout = run.stdout.replace("\r\n", "\n");
            if let Some(first) = &printed {
                ensure!(
                    *first == stdout,
                    "the program prints {first:?}, then {stdout:?}: a Tracing program's output must not vary"
                );
            }
            printed = Some(stdout);
        }
        Ok(printed.unwrap_or_default())
    }
}

/// The line of the first error in rustc's `--error-format short` output for `file`
/// (`FILE:LINE:COLUMN: error[E0499]: ...`), and the error.
fn first_error(stderr: &str, file: &str) -> Option<(usize, String)> {
    stderr.lines().find_map(|line| {
        let (number, rest) = line.strip_prefix(file)?.strip_prefix(':')?.split_once(':')?;
        let (_column, error) = rest.split_once(": ")?;
        if !error.starts_with("error") {
            return None;
        }
        Some((number.parse().ok()?, error.to_owned()))
    })
}

/// The 64-bit FNV-1a hash: the same on every machine and every Rust version, unlike std's.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACING: &str = r#"
[[questions]]
id = "a"
type = "Tracing"
prompt.program = """
fn main() {
    let x = 1;
    x += 1;
}
"""
answer.doesCompile = false
answer.lineNumber = 3
context = """
Line 3: `x` is not `mut`.

*Lecture: concept 2.1.*
"""
"#;

    const CHOICE: &str = r#"
[[questions]]
id = "b"
type = "MultipleChoice"
prompt.prompt = "Which?"
prompt.distractors = ["no", "nope"]
answer.answer = "yes"
verifiedBy = "ex: it holds (notes 1)"
context = "Because.\n\n*Lecture: notes 1.*"
"#;

    #[test]
    fn the_quizzes_of_the_book_are_well_formed_and_their_pages_hold_them() {
        let mut ids = HashSet::new();
        for mirror in &MIRRORS {
            let questions =
                parse(&read(&format!("docs/quizzes/{}.toml", mirror.name)).unwrap()).unwrap();
            assert!(QUESTIONS.contains(&questions.len()), "{}", mirror.name);
            assert!(questions.iter().all(|q| ids.insert(q.id.clone())), "{}", mirror.name);
            check_page(mirror.name).unwrap();
        }
    }

    #[test]
    fn a_well_formed_quiz_parses_into_its_questions() {
        let ids = ["b1", "b2", "b3", "b4"].map(|id| CHOICE.replace("\"b\"", &format!("\"{id}\"")));
        let questions = parse(&(TRACING.to_owned() + &ids.concat())).unwrap();
        assert_eq!(questions.len(), 5);
        let Kind::Tracing(program) = &questions[0].kind else { panic!("{questions:?}") };
        assert_eq!(program.answer, Outcome::FailsOn { line: 3, error: String::new() });
        assert!(program.source.starts_with("fn main() {\n"));
        assert_eq!(questions[4].verified_by.as_deref(), Some("ex: it holds (notes 1)"));
        assert_eq!(questions[4].to_string(), "question 5 (b4)");
    }

    #[test]
    fn each_malformed_question_is_named_with_its_problem() {
        let broken = [
            (TRACING.replace("answer.lineNumber = 3\n", ""), "answer.lineNumber: missing"),
            (
                TRACING.replace("answer.lineNumber = 3", "answer.lineNumber = 9"),
                "the program has no line 9",
            ),
            (TRACING.replace("Line 3", "Here"), "does not name the error's line, `line 3`"),
            (TRACING.replace("doesCompile = false", "doesCompile = \"no\""), "not true or false"),
            (
                TRACING.replace("answer.doesCompile", "answer.doescompile"),
                "unknown key `doescompile`",
            ),
            (CHOICE.replace("\"yes\"", "\"no\""), "\"no\" is also a distractor"),
            (CHOICE.replace("*Lecture: notes 1.*", "notes 1"), "no line `*Lecture: ...`"),
            (CHOICE.replace("MultipleChoice", "Essay"), "type: \"Essay\""),
            (CHOICE.replace("prompt.prompt = \"Which?\"\n", ""), "prompt: missing"),
            (
                TRACING.replace("doesCompile = false", "doesCompile = true"),
                "answer.lineNumber: only for",
            ),
        ];
        for (question, expected) in broken {
            let why = parse(&question).unwrap_err().to_string();
            assert!(why.contains("question 1 (") && why.contains(expected), "{expected}: {why}");
        }
        assert!(parse("[[questions]\n").unwrap_err().to_string().contains("not TOML"));
        assert!(parse(TRACING).unwrap_err().to_string().contains("1 questions, not 5 to 8"));
        let same_id = parse(&[TRACING, CHOICE, CHOICE, CHOICE, CHOICE].concat()).unwrap_err();
        assert!(same_id.to_string().contains("question 3 (b): its id is taken"), "{same_id}");
    }

    #[test]
    fn answers_match_what_the_program_did_or_say_how_they_differ() {
        let prints = |s: &str| Outcome::Prints(s.to_owned());
        let fails = |line| Outcome::FailsOn { line, error: "error[E0384]: x".to_owned() };
        assert!(prints("6\n7").matches(&prints("6\n7\n")).is_ok());
        assert!(fails(3).matches(&fails(3)).is_ok());
        let differ =
            |answer: Outcome, found: Outcome| answer.matches(&found).unwrap_err().to_string();
        assert_eq!(
            differ(prints("6"), prints("7\n")),
            "the program prints \"7\\n\", but the answer is \"6\""
        );
        assert!(
            differ(fails(4), fails(3))
                .starts_with("the error is on line 3, but the answer names line 4")
        );
        assert!(
            differ(prints("6"), fails(3)).contains("does not compile, but the answer says it does")
        );
        assert!(differ(fails(3), prints("6")).contains("compiles and prints \"6\""));
        for outcome in [prints("a\nb\n"), fails(12)] {
            assert_eq!(Outcome::from_record(&outcome.record()), Some(outcome));
        }
    }

    #[test]
    fn the_first_error_of_rustc_gives_the_line() {
        let stderr = "warning: unused\nq.rs:7:25: error[E0499]: cannot borrow `count`\n\
                      q.rs:9:1: error[E0308]: mismatched types\nerror: aborting due to 2 previous errors\n";
        assert_eq!(
            first_error(stderr, "q.rs"),
            Some((7, "error[E0499]: cannot borrow `count`".into()))
        );
        assert_eq!(first_error("q.rs:3:1: warning: unused\nerror: aborting\n", "q.rs"), None);
    }

    #[test]
    fn a_named_check_must_be_one_of_this_run() {
        let ran =
            [Check::new("ex", "it holds (notes 1)", Ok(())), Check::new("ex", "another", Ok(()))];
        assert!(named_check(&ran, "ex: it holds (notes 1)").is_ok());
        let why = named_check(&ran, "ex: it held (notes 1)").unwrap_err().to_string();
        assert!(
            why.contains("does not have; it has\n  ex: it holds (notes 1)\n  ex: another"),
            "{why}"
        );
        let why = named_check(&ran, "other: it holds").unwrap_err().to_string();
        assert!(why.ends_with("has no check of other"), "{why}");
    }

    #[test]
    fn a_quiz_place_becomes_mdbook_quiz_s_directive() {
        let page = "# Quiz\n\nText.\n\n<!-- quiz: quizzes/a.toml -->\n> In the book.\n<!-- end quiz -->\nAfter.\n";
        assert_eq!(places(page).unwrap(), [Place { lines: 15..78, quiz: "quizzes/a.toml".into() }]);
        assert_eq!(
            with_quizzes(page).unwrap(),
            "# Quiz\n\nText.\n\n{{#quiz quizzes/a.toml}}\nAfter.\n"
        );
        assert_eq!(with_quizzes("no quiz\n").unwrap(), "no quiz\n");
        assert!(places("<!-- quiz: a.toml -->\n").is_err());
        assert!(places("<!-- end quiz -->\n").is_err());
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
