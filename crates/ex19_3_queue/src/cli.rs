//! The example's flags: how many tasks and consumers, and whether to draw the run.
//!
//! Without flags the program is the lecture's: 5 tasks, 3 consumers, no drawing.

use std::ffi::OsString;
use std::fmt;
use std::path::Path;
use std::process;

use lexopt::prelude::*;

/// The most tasks `--items` accepts: enough to watch the queue fill, few enough to end.
pub const MAX_ITEMS: u32 = 10_000;
/// The most consumers `--consumers` accepts.
pub const MAX_CONSUMERS: usize = 100;

/// What the command line asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    /// The producer's `num_items`: the lecture's `producer(5)` (`--items`).
    pub items: u32,
    /// How many consumers: the lecture's `range(3)` (`--consumers`).
    pub consumers: usize,
    /// Whether to draw the run after the lecture's lines (`--timeline`).
    pub timeline: bool,
}

impl Default for Flags {
    /// The lecture's run.
    fn default() -> Flags {
        Flags {
            items: 5,
            consumers: 3,
            timeline: false,
        }
    }
}

/// Why the program stops before it starts any thread.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    /// `-h` or `--help`: not an error; the usage is printed.
    Help,
    /// The command line was not accepted: a one-line reason.
    Usage(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Help => f.write_str("help was asked for"),
            Stop::Usage(why) => write!(f, "{why} (see --help)"),
        }
    }
}

impl From<lexopt::Error> for Stop {
    fn from(error: lexopt::Error) -> Stop {
        Stop::Usage(error.to_string())
    }
}

/// What `--help` prints for the program named `program`.
pub fn usage(program: &str) -> String {
    format!(
        "\
usage: {program} [--items N] [--consumers N] [--timeline]

Example 19.3: a producer puts tasks on a queue that holds at most 10, consumers take
them, and a None sentinel, passed from consumer to consumer, stops them all. Prints
what the lecture's program prints.

  --items N       the producer puts N tasks, 1 to {MAX_ITEMS} (default 5: the lecture's
                  producer(5))
  --consumers N   start N consumers, 1 to {MAX_CONSUMERS} (default 3: the lecture's range(3))
  --timeline      after the lecture's lines, draw what each thread did in this run, and
                  say it in words
  -h, --help      print this help"
    )
}

/// Reads the arguments after the program's name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Flags, Stop> {
    let mut parser = lexopt::Parser::from_args(args);
    let mut flags = Flags::default();
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Err(Stop::Help),
            Long("timeline") => flags.timeline = true,
            Long("items") => {
                let items = number(&mut parser, "--items", u64::from(MAX_ITEMS))?;
                flags.items = u32::try_from(items).expect("at most MAX_ITEMS");
            }
            Long("consumers") => {
                let most = MAX_CONSUMERS as u64;
                let consumers = number(&mut parser, "--consumers", most)?;
                flags.consumers = usize::try_from(consumers).expect("at most MAX_CONSUMERS");
            }
            other => return Err(other.unexpected().into()),
        }
    }
    Ok(flags)
}

/// The value of `flag`: a whole number from 1 to `most`.
fn number(parser: &mut lexopt::Parser, flag: &str, most: u64) -> Result<u64, Stop> {
    let text = parser.value()?.string()?;
    let wrong = |what: &str| Stop::Usage(format!("{flag} {text:?}: {what} from 1 to {most}"));
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=most).contains(&n) => Ok(n),
        Ok(_) => Err(wrong("out of range: give a number")),
        Err(_) => Err(wrong("not a whole number: give one")),
    }
}

/// The flags of this process; prints the usage and exits 0 on `--help`, prints one line
/// and exits 2 on bad input.
pub fn flags_or_exit() -> Flags {
    let mut args = std::env::args_os();
    let program = program_name(args.next());
    parse(args).unwrap_or_else(|stop| exit(&program, &stop, usage(&program)))
}

/// For a program without flags: prints `about` and exits 0 on `--help`, prints one line
/// and exits 2 on anything else.
pub fn no_flags_or_exit(about: &str) {
    let mut args = std::env::args_os();
    let program = program_name(args.next());
    let mut parser = lexopt::Parser::from_args(args);
    let refused = match parser.next() {
        Ok(None) => return,
        Ok(Some(Short('h') | Long("help"))) => Stop::Help,
        Ok(Some(other)) => other.unexpected().into(),
        Err(error) => error.into(),
    };
    exit(&program, &refused, format!("usage: {program}\n\n{about}"));
}

fn exit(program: &str, stop: &Stop, usage: String) -> ! {
    if *stop == Stop::Help {
        println!("{usage}");
        process::exit(0);
    }
    eprintln!("{program}: {stop}");
    process::exit(2);
}

/// The file name the program was started as, without a directory.
fn program_name(arg0: Option<OsString>) -> String {
    arg0.as_deref()
        .map(Path::new)
        .and_then(Path::file_stem)
        .map_or("ex19_3_queue".into(), |name| name.to_string_lossy().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &str) -> Result<Flags, Stop> {
        parse(args.split_whitespace().map(OsString::from))
    }

    fn refused(args: &str) -> String {
        match parse_str(args) {
            Err(Stop::Usage(why)) => why,
            other => panic!("{args:?} gave {other:?}"),
        }
    }

    #[test]
    fn no_flags_are_the_lectures_run() {
        let lecture = Flags {
            items: 5,
            consumers: 3,
            timeline: false,
        };
        assert_eq!(parse_str(""), Ok(lecture));
    }

    #[test]
    fn each_flag_sets_its_field() {
        let flags = parse_str("--timeline --items 30 --consumers=1").unwrap();
        assert_eq!(
            (flags.items, flags.consumers, flags.timeline),
            (30, 1, true)
        );
        assert_eq!(parse_str("--items=10000").unwrap().items, MAX_ITEMS);
        assert_eq!(parse_str("-h"), Err(Stop::Help));
        assert_eq!(parse_str("--items 3 --help"), Err(Stop::Help));
    }

    #[test]
    fn bad_input_gets_one_line_naming_the_problem() {
        assert_eq!(
            refused("--items ten"),
            "--items \"ten\": not a whole number: give one from 1 to 10000"
        );
        assert_eq!(
            refused("--items 0"),
            "--items \"0\": out of range: give a number from 1 to 10000"
        );
        assert!(refused("--items 10001").contains("out of range"));
        assert!(refused("--items -3").contains("not a whole number"));
        assert!(refused("--items 99999999999999999999").contains("not a whole number"));
        assert!(refused("--consumers 101").contains("--consumers \"101\": out of range"));
        assert!(refused("--items").contains("missing argument for option '--items'"));
        assert!(refused("--fast").contains("invalid option '--fast'"));
        assert!(refused("--timeline=yes").contains("unexpected argument"));
        assert!(refused("extra").contains("unexpected argument \"extra\""));
        for args in ["--items ten", "--fast", "--items"] {
            let line = Stop::Usage(refused(args)).to_string();
            assert!(
                !line.contains('\n') && line.ends_with("(see --help)"),
                "{line}"
            );
        }
    }

    #[test]
    fn help_names_every_flag() {
        let help = usage("ex19_3_queue");
        for flag in ["--items N", "--consumers N", "--timeline", "--help"] {
            assert!(help.contains(flag), "{flag} in {help}");
        }
        assert!(help.lines().all(|line| line.chars().count() <= 100));
    }
}
