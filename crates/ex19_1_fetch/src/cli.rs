//! The example's command line: where httpbin.org is answered, and nothing else.

use std::ffi::OsString;
use std::fmt;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

use httpbin_standin::Latency;
use lexopt::prelude::*;

use crate::network::{Httpbin, Network};

/// What `--help` prints, for the program named `program`.
fn usage(program: &str) -> String {
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

/// Why the program stops before fetching anything.
#[derive(Debug)]
pub enum Stop {
    /// `-h` or `--help`: not an error; the usage is to be printed.
    Help(String),
    /// The command line was not accepted: a one-line reason.
    Usage(String),
    /// The stand-in could not start.
    StandIn(io::Error),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Help(usage) => f.write_str(usage),
            Stop::Usage(why) => write!(f, "{why} (see --help)"),
            Stop::StandIn(error) => write!(f, "cannot start the httpbin.org stand-in: {error}"),
        }
    }
}

/// What the command line asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Args {
    /// Where httpbin.org is answered.
    httpbin: Httpbin,
    /// Whether to draw a timeline of the requests after the lecture's output.
    timeline: bool,
}

/// Reads the program's arguments (its name first) and starts the network they ask for.
pub fn start(args: impl IntoIterator<Item = OsString>) -> Result<Network, Stop> {
    let mut args = args.into_iter();
    let program = args.next().unwrap_or_default();
    let args = parse(args).map_err(|error| match error {
        ParseError::Help => Stop::Help(usage(&program_name(&program))),
        ParseError::Invalid(why) => Stop::Usage(why),
    })?;
    Network::start(args.httpbin, args.timeline).map_err(Stop::StandIn)
}

fn program_name(path: &OsString) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or("ex19_1_fetch".into(), |name| name.to_string_lossy().into())
}

/// Why [`parse`] did not give [`Args`].
#[derive(Debug, PartialEq)]
enum ParseError {
    /// `-h` or `--help`.
    Help,
    /// Anything else: a one-line reason.
    Invalid(String),
}

impl From<lexopt::Error> for ParseError {
    fn from(error: lexopt::Error) -> Self {
        ParseError::Invalid(error.to_string())
    }
}

/// Reads the arguments after the program's name.
fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Args, ParseError> {
    let mut parser = lexopt::Parser::from_args(args);
    let mut chosen: Option<(&str, Httpbin)> = None;
    let mut timeline = false;
    while let Some(arg) = parser.next()? {
        let (flag, httpbin) = match arg {
            Short('h') | Long("help") => return Err(ParseError::Help),
            Long("timeline") => {
                timeline = true;
                continue;
            }
            Long("online") => ("--online", Httpbin::Online),
            Long("latency") => {
                let spec = parser.value()?.string()?;
                let latency = spec.parse::<Latency>().map_err(invalid)?;
                ("--latency", Httpbin::StandIn(latency))
            }
            Long("httpbin") => {
                let addr = lookup(&parser.value()?.string()?).map_err(invalid)?;
                ("--httpbin", Httpbin::At(addr))
            }
            other => return Err(other.unexpected().into()),
        };
        if let Some((earlier, _)) = chosen {
            return Err(invalid(format!("{flag} cannot be combined with {earlier}")));
        }
        chosen = Some((flag, httpbin));
    }
    let httpbin = chosen.map_or(Httpbin::StandIn(Latency::default()), |(_, httpbin)| httpbin);
    Ok(Args { httpbin, timeline })
}

fn invalid(why: impl ToString) -> ParseError {
    ParseError::Invalid(why.to_string())
}

/// Looks up `host:port` once, for `--httpbin`.
fn lookup(host_and_port: &str) -> Result<SocketAddr, String> {
    let mut addrs = host_and_port
        .to_socket_addrs()
        .map_err(|e| format!("--httpbin: cannot use {host_and_port:?} as HOST:PORT: {e}"))?;
    addrs
        .next()
        .ok_or_else(|| format!("--httpbin: {host_and_port:?} resolves to no address"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn parse_str(args: &str) -> Result<Args, ParseError> {
        parse(args.split_whitespace().map(OsString::from))
    }

    fn httpbin(args: &str) -> Httpbin {
        parse_str(args).expect("accepted").httpbin
    }

    fn invalid(args: &str) -> String {
        match parse_str(args) {
            Err(ParseError::Invalid(why)) => why,
            other => panic!("{args:?} was accepted as {other:?}"),
        }
    }

    #[test]
    fn no_arguments_mean_the_stand_in_with_default_latency() {
        assert_eq!(httpbin(""), Httpbin::StandIn(Latency::default()));
    }

    #[test]
    fn each_flag_chooses_its_httpbin() {
        assert_eq!(httpbin("--online"), Httpbin::Online);
        assert_eq!(httpbin("--latency off"), Httpbin::StandIn(Latency::OFF));
        let fixed = Duration::from_millis(50);
        assert_eq!(
            httpbin("--latency=50"),
            Httpbin::StandIn(Latency::between(fixed, fixed))
        );
        assert_eq!(
            httpbin("--httpbin 127.0.0.1:8080"),
            Httpbin::At("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(parse_str("--help"), Err(ParseError::Help));
    }

    #[test]
    fn timeline_goes_with_any_httpbin() {
        assert!(!parse_str("").unwrap().timeline);
        let args = parse_str("--timeline --online").unwrap();
        assert_eq!((args.httpbin, args.timeline), (Httpbin::Online, true));
        assert!(parse_str("--timeline --latency off").unwrap().timeline);
    }

    #[test]
    fn bad_input_gets_a_reason() {
        assert!(invalid("--latency fast").contains("invalid latency \"fast\""));
        assert!(invalid("--latency").contains("missing argument for option '--latency'"));
        assert!(invalid("--httpbin nowhere").contains("--httpbin: cannot use \"nowhere\""));
        assert!(invalid("--httpbin 127.0.0.1:99999").contains("--httpbin"));
        assert!(invalid("--online --latency 5").contains("cannot be combined with --online"));
        assert!(invalid("--online=yes").contains("unexpected argument"));
        assert!(invalid("--timeline=yes").contains("unexpected argument"));
        assert!(invalid("extra").contains("unexpected argument \"extra\""));
    }
}
