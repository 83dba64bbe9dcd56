//! `httpbin`: the httpbin.org stand-in on its own, for programs other than Example 19.1.
//!
//! ```text
//! cargo run -p ex19_1_fetch --bin httpbin -- --port 8080
//! http_proxy=http://127.0.0.1:8080 python3 lecture.py
//! ```
//!
//! The second line runs the lecture's Python unchanged and offline: with `http_proxy` set,
//! urllib sends `GET http://httpbin.org/...` to the stand-in, which answers like httpbin.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::ExitCode;

use httpbin_standin::{Config, Latency, Server};
use lexopt::prelude::*;

const USAGE: &str = "\
Usage: httpbin [--port PORT] [--bind ADDR] [--latency MIN-MAX|MS|off]

An offline stand-in for httpbin.org: /get, /headers, /ip, /uuid, /delay/N.
Serves until Ctrl-C.

Options:
  --port PORT         port to listen on (default 8080; 0 picks a free one)
  --bind ADDR         address to listen on (default 127.0.0.1)
  --latency SPEC      delay added before each response, in milliseconds: a range such as
                      20-120 (the default), a single number, or off
  -h, --help          print this help
";

/// The flags, or `None` for `--help`.
fn parse_args() -> Result<Option<(IpAddr, u16, Latency)>, String> {
    let (mut bind, mut port, mut latency) = (Ipv4Addr::LOCALHOST.into(), 8080, Latency::default());
    let mut parser = lexopt::Parser::from_env();
    let text = |value: Result<std::ffi::OsString, lexopt::Error>| {
        value
            .and_then(|value| value.string())
            .map_err(|e| e.to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("port") => {
                let value = text(parser.value())?;
                let invalid = |_| format!("invalid port {value:?}: expected 0 to 65535");
                port = value.parse().map_err(invalid)?;
            }
            Long("bind") => {
                let value = text(parser.value())?;
                let invalid = |_| format!("invalid address {value:?}: expected an IP address");
                bind = value.parse().map_err(invalid)?;
            }
            Long("latency") => latency = text(parser.value())?.parse()?,
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(Some((bind, port, latency)))
}

fn main() -> ExitCode {
    let (bind, port, latency) = match parse_args() {
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
    let config = Config::default().bind(bind).port(port).latency(latency);
    let server = match Server::start(config) {
        Ok(server) => server,
        Err(error) => {
            let wanted = SocketAddr::new(bind, port);
            eprintln!("httpbin: cannot listen on {wanted}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // A client on this machine reaches a wildcard address on loopback.
    let mut proxy = server.addr();
    match proxy.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => proxy.set_ip(Ipv4Addr::LOCALHOST.into()),
        IpAddr::V6(ip) if ip.is_unspecified() => proxy.set_ip(Ipv6Addr::LOCALHOST.into()),
        _ => {}
    }
    let latency = match latency {
        latency if latency.is_off() => String::from("no added latency"),
        latency => format!("latency {latency} ms"),
    };
    // The same command in the shell that each system starts with.
    let python = match cfg!(windows) {
        true => format!("$env:http_proxy = \"http://{proxy}\"; py lecture.py"),
        false => format!("http_proxy=http://{proxy} python3 lecture.py"),
    };
    println!(
        "httpbin stand-in listening on http://{} ({latency}); run Python through it with: {python}",
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
