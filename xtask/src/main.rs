//! The project's task runner: `cargo xtask <command>`.

mod anchors;
mod book;
mod cargo;
mod check;
mod claims;
mod docs;
mod examples;
mod exercises;
mod guide;
mod lecture;
mod lines;
mod listing;
mod loom;
mod process;
mod quiz;
mod variants;
mod verify;

use std::fmt;
use std::process::ExitCode;

use anyhow::Result;
use lexopt::prelude::*;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  verify    run the tests, then every example, checked against the lecture
  docs      write the parts of docs/ex19_*.md that come from the code
  lines     print an example's Rust with the lecture's line numbers in the margin, and with
            --beside, the Python of your copy of either lecture document beside it:
            lines <example> [--numbering notes|narration] [--explain] [--beside FILE] [--width N]
  loom      model-check the examples' counters and queue over every interleaving
  claims    measure the lecture's quantitative claims (runs the lab crate): claims [--quick]
  book      build the guide in docs/ as a book to read offline (needs mdBook 0.5; its
            quizzes need mdbook-quiz 0.5)";

/// Bad input on the command line, saying `what` and how to use the command: reported in one
/// line, with exit code 2, like lexopt's own errors.
pub fn usage(what: impl fmt::Display, usage: &str) -> anyhow::Error {
    lexopt::Error::from(format!("{what}; {usage}")).into()
}

/// Fails with a usage error if anything follows a command that takes no arguments.
pub fn no_arguments(parser: &mut lexopt::Parser, command: &str) -> Result<()> {
    let Some(arg) = parser.next()? else { return Ok(()) };
    Err(usage(arg.unexpected(), &format!("cargo xtask {command} takes no arguments")))
}

fn main() -> ExitCode {
    match run(lexopt::Parser::from_env()) {
        Ok(()) => ExitCode::SUCCESS,
        // lexopt's own message already holds its source, which `{:#}` would repeat.
        Err(error) if error.is::<lexopt::Error>() => {
            eprintln!("xtask: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(mut parser: lexopt::Parser) -> Result<()> {
    let see_help = "see cargo xtask --help";
    let command = match parser.next()? {
        Some(Value(command)) => command.string()?,
        Some(Short('h') | Long("help")) => {
            println!("{USAGE}");
            return Ok(());
        }
        Some(other) => return Err(usage(other.unexpected(), see_help)),
        None => return Err(usage("no command given", see_help)),
    };
    match command.as_str() {
        "verify" => no_arguments(&mut parser, "verify").and_then(|()| verify::run()),
        "docs" => no_arguments(&mut parser, "docs").and_then(|()| docs::run()),
        "lines" => lines::run(parser),
        "loom" => no_arguments(&mut parser, "loom").and_then(|()| loom::run()),
        "claims" => claims::run(parser),
        "book" => book::run(parser),
        "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(usage(
            format_args!("unknown command {other:?}"),
            "the commands are verify, docs, lines, loom, claims and book",
        )),
    }
}
