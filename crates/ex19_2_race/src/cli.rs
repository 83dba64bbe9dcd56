//! The command lines of the example and its variants: the mirror takes `--trace`, the
//! variants nothing, and all of them `--help`. Anything else stops the program with one
//! line saying what, and exit code 2.

use std::ffi::OsString;
use std::process;

use lexopt::prelude::*;

use crate::trace;

const MIRROR_HELP: &str = "\
usage: ex19_2_race [--trace]

Example 19.2 of Lecture 19: 100 threads increment a counter that has no lock, then 100
threads one that has, and the two counts are printed.

  --trace     after the two counts, tell what the threads did in this run: how many
              updates were lost, which threads read the same value, one lost update
              step by step, and how the lock kept every update
  -h, --help  print this help";

/// The mirror's flags: returns whether `--trace` was given, after turning recording on for
/// it. Prints the help and exits 0 for `--help`; exits 2 on anything else.
pub fn trace_or_exit() -> bool {
    let trace = or_exit(
        "ex19_2_race",
        MIRROR_HELP,
        parse(std::env::args_os().skip(1), true),
    );
    if trace {
        trace::start();
    }
    trace
}

/// A variant's flags, of which there are none: prints the help (`about`, under its usage
/// line) and exits 0 for `--help`; exits 2 on anything else.
pub fn none_or_exit(program: &str, about: &str) {
    let help = format!("usage: {program}\n\n{about}\n\n  -h, --help  print this help");
    or_exit(program, &help, parse(std::env::args_os().skip(1), false));
}

/// What a command line asked for.
#[derive(Debug, PartialEq)]
enum Parsed {
    /// Run, recording a trace or not.
    Run { trace: bool },
    /// `-h` or `--help`.
    Help,
    /// Not accepted, and why, in one line.
    Invalid(String),
}

/// Reads the arguments after the program's name; `--trace` only if `takes_trace`.
fn parse(args: impl IntoIterator<Item = OsString>, takes_trace: bool) -> Parsed {
    let mut parser = lexopt::Parser::from_args(args);
    let mut trace = false;
    loop {
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => return Parsed::Run { trace },
            Err(error) => return Parsed::Invalid(error.to_string()),
        };
        match arg {
            Short('h') | Long("help") => return Parsed::Help,
            Long("trace") if takes_trace => trace = true,
            other => return Parsed::Invalid(other.unexpected().to_string()),
        }
    }
}

/// Whether to trace, or the end of the program as `parsed` asks.
fn or_exit(program: &str, help: &str, parsed: Parsed) -> bool {
    match parsed {
        Parsed::Run { trace } => trace,
        Parsed::Help => {
            println!("{help}");
            process::exit(0)
        }
        Parsed::Invalid(why) => {
            eprintln!("{program}: {why} (see --help)");
            process::exit(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &str, takes_trace: bool) -> Parsed {
        parse(args.split_whitespace().map(OsString::from), takes_trace)
    }

    #[test]
    fn the_mirror_takes_trace_and_help() {
        assert_eq!(parse_str("", true), Parsed::Run { trace: false });
        assert_eq!(parse_str("--trace", true), Parsed::Run { trace: true });
        assert_eq!(parse_str("--help", true), Parsed::Help);
        assert_eq!(parse_str("-h", true), Parsed::Help);
    }

    #[test]
    fn anything_else_is_named() {
        let invalid = |args, takes_trace| match parse_str(args, takes_trace) {
            Parsed::Invalid(why) => why,
            other => panic!("{args:?} was taken as {other:?}"),
        };
        assert_eq!(invalid("--trace", false), "invalid option '--trace'");
        assert_eq!(invalid("--tarce", true), "invalid option '--tarce'");
        assert_eq!(invalid("100", true), "unexpected argument \"100\"");
        assert!(invalid("--trace=yes", true).contains("unexpected argument"));
    }
}
