//! The standalone `httpbin` binary: its one line of output, its help, and its errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_httpbin");
const LIMIT: Duration = Duration::from_secs(30);

/// Runs `body` on its own thread and fails the test if it takes longer than `limit`.
fn within<T: Send + 'static>(limit: Duration, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(body());
    });
    result.recv_timeout(limit).expect("finished in time")
}

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
        &["stray"],
    ] {
        let output = run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("httpbin: "), "{args:?}: {stderr}");
        assert!(stderr.contains("--help"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn help_prints_usage() {
    for flag in ["--help", "-h"] {
        let output = run(&[flag]);
        assert!(output.status.success());
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with("Usage: httpbin"), "{stdout}");
        assert!(stdout.contains("--latency"));
    }
}

#[test]
fn serves_and_says_how_to_point_python_at_it() {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--latency=off", "--bind", "0.0.0.0"])
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
        assert!(
            line.starts_with("httpbin stand-in listening on http://0.0.0.0:"),
            "{line}"
        );
        assert!(line.contains("(no added latency)"), "{line}");
        // `http_proxy=http://ADDR python3 ...`, or PowerShell's `$env:http_proxy = "http://ADDR"`.
        let proxy = line
            .split_once("http_proxy")
            .and_then(|(_, rest)| rest.split_once("http://"))
            .and_then(|(_, rest)| rest.split([' ', '"']).next())
            .unwrap_or_else(|| panic!("no http_proxy hint in {line:?}"));
        let addr: SocketAddr = proxy.parse().unwrap();
        assert!(addr.ip().is_loopback(), "{line}");
        within(LIMIT, move || {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream
                .write_all(b"GET /ip HTTP/1.1\r\nHost: httpbin.org\r\n\r\n")
                .unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).unwrap();
            response
        })
    }));
    let _ = child.kill();
    let _ = child.wait();
    let response = served.expect("the binary served /ip");
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(
        response.ends_with("{\n  \"origin\": \"127.0.0.1\"\n}\n"),
        "{response}"
    );
}

#[test]
fn a_taken_port_is_one_line_and_a_failure() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = run(&["--port", &port]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let expected = format!("httpbin: cannot listen on 127.0.0.1:{port}: ");
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}
