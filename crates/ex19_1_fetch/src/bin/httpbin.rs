//! `httpbin`: the httpbin.org stand-in on its own, for programs other than Example 19.1.
//!
//! ```text
//! cargo run -p ex19_1_fetch --bin httpbin -- --port 8080
//! http_proxy=http://127.0.0.1:8080 python3 lecture.py
//! ```
//!
//! The second line runs the lecture's Python unchanged and offline: with `http_proxy` set,
//! urllib sends `GET http://httpbin.org/...` to the stand-in, which answers like httpbin.

use std::ffi::OsString;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use ex19_1_fetch::httpbin::{Config, Latency, Server};

const USAGE: &str = "\
Usage: httpbin [--port PORT] [--bind ADDR] [--latency MIN-MAX|MS|off]

An offline stand-in for httpbin.org: /get, /headers, /ip, /uuid, /delay/N, /status/CODE.
Serves until Ctrl-C.

Options:
  --port PORT         port to listen on (default 8080; 0 picks a free one)
  --bind ADDR         address to listen on (default 127.0.0.1)
  --latency SPEC      delay added before each response, in milliseconds: a range such as
                      20-120 (the default), a single number, or off
  -h, --help          print this help
";

struct Options {
    bind: IpAddr,
    port: u16,
    latency: Latency,
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Option<Options>, String> {
    let mut options = Options {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 8080,
        latency: Latency::default(),
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))?;
        // `--flag value` and `--flag=value` both work.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        if matches!(flag.as_str(), "-h" | "--help") {
            return Ok(None);
        }
        if !matches!(flag.as_str(), "--port" | "--bind" | "--latency") {
            return Err(format!("unknown argument {flag:?}"));
        }
        let value = match inline {
            Some(value) => value,
            None => args
                .next()
                .and_then(|value| value.into_string().ok())
                .ok_or_else(|| format!("{flag} needs a value"))?,
        };
        match flag.as_str() {
            "--port" => {
                options.port = value
                    .parse()
                    .map_err(|_| format!("invalid port {value:?}: expected 0 to 65535"))?;
            }
            "--bind" => {
                options.bind = value.parse().map_err(|_| {
                    format!("invalid address {value:?}: expected an IP address such as 127.0.0.1")
                })?;
            }
            _ => options.latency = value.parse().map_err(|e| format!("{e}"))?,
        }
    }
    Ok(Some(options))
}

/// Where a client on this machine should connect: a wildcard bind is reached on loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => (Ipv4Addr::LOCALHOST, addr.port()).into(),
        ip if ip.is_unspecified() => (std::net::Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    }
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args_os().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("httpbin: {message} (see httpbin --help)");
            return ExitCode::from(2);
        }
    };
    let config = Config::default()
        .bind(options.bind)
        .port(options.port)
        .latency(options.latency);
    let server = match Server::start(config) {
        Ok(server) => server,
        Err(error) => {
            let wanted = SocketAddr::from((options.bind, options.port));
            eprintln!("httpbin: cannot listen on {wanted}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let proxy = reachable(server.addr());
    let latency = match options.latency {
        latency if latency.is_off() => String::from("no added latency"),
        latency => format!("latency {latency} ms"),
    };
    println!(
        "httpbin stand-in listening on http://{} ({latency}); \
         run Python through it with: http_proxy=http://{proxy} python3 lecture.py",
        server.addr()
    );
    match server.serve_forever() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("httpbin: {error}");
            ExitCode::FAILURE
        }
    }
}
