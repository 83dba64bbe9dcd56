//! The captured responses in `support/cases.rs` are still what the real httpbin answers:
//! starts httpbin under gunicorn and replays every case. The Python is `HTTPBIN_PYTHON`
//! where that is set, else the first Python 3 found; `HTTPBIN_PYTHON=$(bash .ci/httpbin)`
//! makes one with the versions CI pins. Where httpbin and gunicorn cannot be imported the
//! test is skipped, saying so (with `CI=true` that fails); on Windows, where gunicorn does
//! not run, it is always skipped.

mod support;

use std::env;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use support::python::Python;
use support::{cases::CASES, differs_from_real, skip, within};

const TEST: &str = "the_real_httpbin_still_answers_as_captured";

/// The real httpbin, stopped when dropped.
struct RealHttpbin(Child);

impl Drop for RealHttpbin {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `HTTPBIN_PYTHON`, else the first Python 3 found, if it can import httpbin and gunicorn;
/// else why not.
fn python_with_httpbin() -> Result<Python, String> {
    let hint = "`export HTTPBIN_PYTHON=$(bash .ci/httpbin)` makes a Python that can";
    let python = match env::var_os("HTTPBIN_PYTHON") {
        Some(path) => Python::at(path),
        None => Python::find().map_err(|why| format!("HTTPBIN_PYTHON is unset and {why}"))?,
    };
    let set = if env::var_os("HTTPBIN_PYTHON").is_some() {
        "HTTPBIN_PYTHON="
    } else {
        ""
    };
    python
        .imports("httpbin, gunicorn.app.wsgiapp")
        .map_err(|why| {
            format!(
                "{set}{} cannot import httpbin and gunicorn ({why}); {hint}",
                python.name()
            )
        })?;
    Ok(python)
}

fn start_real_httpbin(python: &Python) -> (RealHttpbin, SocketAddr) {
    let addr = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port");
    let child = python
        .command()
        .args(["-m", "gunicorn", "--bind", &addr.to_string(), "httpbin:app"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gunicorn");
    let real = RealHttpbin(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "gunicorn did not listen within 30 s"
        );
        thread::sleep(Duration::from_millis(100));
    }
    (real, addr)
}

#[test]
fn the_real_httpbin_still_answers_as_captured() {
    if cfg!(windows) {
        return skip::unsupported(
            TEST,
            "gunicorn, the server it runs httpbin under, needs Unix",
        );
    }
    let python = match python_with_httpbin() {
        Ok(python) => python,
        Err(why) => return skip::missing(TEST, &why),
    };
    within(Duration::from_secs(120), move || {
        let (_real, addr) = start_real_httpbin(&python);
        let failures: Vec<String> = CASES
            .iter()
            .filter_map(|case| differs_from_real(addr, case))
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    });
}
