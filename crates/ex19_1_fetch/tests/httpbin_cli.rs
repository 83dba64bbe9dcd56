//! The standalone `httpbin` binary: its one line of output, its help, and its errors.

mod httpbin_support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use httpbin_support::{get, within};

const BIN: &str = env!("CARGO_BIN_EXE_httpbin");
const LIMIT: Duration = Duration::from_secs(30);

fn run(args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    within(LIMIT, move || {
        Command::new(BIN).args(args).output().expect("run httpbin")
    })
}

#[test]
fn bad_arguments_get_one_line_and_exit_code_2() {
    for args in [
        &["--latency", "20-"][..],
        &["--latency", "fast"],
        &["--port", "99999"],
        &["--port"],
        &["--bind", "localhost:80"],
        &["--verbose"],
    ] {
        let output = run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("httpbin: "), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn help_prints_usage() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Usage: httpbin"), "{stdout}");
    assert!(stdout.contains("--latency"));
}

#[test]
fn serves_and_says_how_to_point_python_at_it() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--latency=off"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start httpbin");
    let stdout = child.stdout.take().unwrap();
    // Whatever fails below, the child is killed before the test reports it.
    let served = std::panic::catch_unwind(AssertUnwindSafe(move || {
        let line = within(LIMIT, move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).unwrap();
            line
        });
        assert!(line.contains("(no added latency)"), "{line}");
        let proxy = line
            .split_once("http_proxy=http://")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no http_proxy hint in {line:?}"));
        let addr: SocketAddr = proxy.parse().unwrap();
        within(LIMIT, move || get(addr, "/ip").status)
    }));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(served.expect("the binary served /ip"), 200);
}

#[test]
fn a_taken_port_is_one_line_and_a_failure() {
    let server = httpbin_support::start();
    let port = server.addr().port().to_string();
    let output = run(&["--port", &port]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("httpbin: cannot listen on 127.0.0.1:"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}
