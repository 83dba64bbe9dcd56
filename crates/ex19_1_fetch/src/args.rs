//! The example's command line: where httpbin.org is answered, and nothing else.

use std::fmt;

use crate::httpbin::Latency;
use crate::network::{Httpbin, lookup};

/// What `--help` prints, for the program named `program`.
pub fn usage(program: &str) -> String {
    format!(
        "\
usage: {program} [--latency MIN-MAX | --online | --httpbin HOST:PORT] [--timeline]

Fetches the lecture's five httpbin.org URLs concurrently and prints each result as it
completes, then the total time.

By default httpbin.org is answered offline, by a stand-in started on 127.0.0.1.

  --latency SPEC       the stand-in's simulated network latency in milliseconds:
                       MIN-MAX (default 20-120), a single number, or off
  --online             fetch from the real httpbin.org (needs the internet)
  --httpbin HOST:PORT  send httpbin.org to another httpbin instance, e.g. the one
                       `pip install httpbin` gives: `python -m httpbin.core --port 8000`
  --timeline           after the lecture's output, draw when each request ran
  -h, --help           print this help"
    )
}

/// Why the command line was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsError {
    /// `-h` or `--help`: not an error, but the program stops after printing [`usage`].
    HelpRequested,
    /// Anything else: a one-line reason.
    Invalid(String),
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::HelpRequested => f.write_str("help requested"),
            ArgsError::Invalid(why) => write!(f, "{why} (see --help)"),
        }
    }
}

impl std::error::Error for ArgsError {}

/// What the command line asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Where httpbin.org is answered.
    pub httpbin: Httpbin,
    /// Whether to draw a timeline of the requests after the lecture's output.
    pub timeline: bool,
}

/// Reads the arguments after the program's name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, ArgsError> {
    let mut args = args.into_iter();
    let invalid = |why: String| Err(ArgsError::Invalid(why));
    let mut chosen: Option<(String, Httpbin)> = None;
    let mut timeline = false;

    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.into())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| ArgsError::Invalid(format!("{flag} needs a value")))
        };
        let httpbin = match flag.as_str() {
            "-h" | "--help" => return Err(ArgsError::HelpRequested),
            "--timeline" if inline.is_none() => {
                timeline = true;
                continue;
            }
            "--online" if inline.is_none() => Httpbin::Online,
            "--latency" => match value()?.parse::<Latency>() {
                Ok(latency) => Httpbin::StandIn(latency),
                Err(e) => return invalid(e.to_string()),
            },
            "--httpbin" => match lookup(&value()?) {
                Ok(addr) => Httpbin::At(addr),
                Err(why) => return invalid(format!("--httpbin: {why}")),
            },
            _ => return invalid(format!("unexpected argument {arg:?}")),
        };
        if let Some((earlier, _)) = &chosen {
            return invalid(format!("{flag} cannot be combined with {earlier}"));
        }
        chosen = Some((flag, httpbin));
    }
    let httpbin = chosen.map_or(Httpbin::StandIn(Latency::default()), |(_, httpbin)| httpbin);
    Ok(Options { httpbin, timeline })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn parse_str(args: &str) -> Result<Httpbin, ArgsError> {
        parse(args.split_whitespace().map(String::from)).map(|options| options.httpbin)
    }

    fn invalid(args: &str) -> String {
        match parse_str(args) {
            Err(ArgsError::Invalid(why)) => why,
            other => panic!("{args:?} was accepted as {other:?}"),
        }
    }

    #[test]
    fn no_arguments_mean_the_stand_in_with_default_latency() {
        assert_eq!(parse_str(""), Ok(Httpbin::StandIn(Latency::default())));
    }

    #[test]
    fn each_flag_chooses_its_httpbin() {
        assert_eq!(parse_str("--online"), Ok(Httpbin::Online));
        assert_eq!(
            parse_str("--latency off"),
            Ok(Httpbin::StandIn(Latency::OFF))
        );
        let fixed = Duration::from_millis(50);
        assert_eq!(
            parse_str("--latency=50"),
            Ok(Httpbin::StandIn(Latency::between(fixed, fixed)))
        );
        assert_eq!(
            parse_str("--httpbin 127.0.0.1:8080"),
            Ok(Httpbin::At("127.0.0.1:8080".parse().unwrap()))
        );
        assert_eq!(parse_str("--help"), Err(ArgsError::HelpRequested));
    }

    #[test]
    fn timeline_goes_with_any_httpbin() {
        let parse_options = |args: &str| parse(args.split_whitespace().map(String::from));
        assert!(!parse_options("").unwrap().timeline);
        let options = parse_options("--timeline --online").unwrap();
        assert_eq!((options.httpbin, options.timeline), (Httpbin::Online, true));
        assert!(parse_options("--timeline --latency off").unwrap().timeline);
    }

    #[test]
    fn bad_input_gets_a_reason() {
        assert!(invalid("--latency fast").contains("invalid latency \"fast\""));
        assert!(invalid("--latency").contains("--latency needs a value"));
        assert!(invalid("--httpbin nowhere").contains("--httpbin: cannot use \"nowhere\""));
        assert!(invalid("--httpbin 127.0.0.1:99999").contains("--httpbin"));
        assert!(invalid("--online --latency 5").contains("cannot be combined with --online"));
        assert!(invalid("--online=yes").contains("unexpected argument"));
        assert!(invalid("--timeline=yes").contains("unexpected argument"));
        assert!(invalid("extra").contains("unexpected argument \"extra\""));
    }
}
