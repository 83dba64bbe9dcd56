//! The captured responses in `support/cases.rs` are still what the real httpbin answers:
//! starts httpbin under gunicorn where both are importable (`pip install httpbin gunicorn`;
//! set `HTTPBIN_PYTHON` to a Python that has them) and replays every case. Skipped, with a
//! note, where they are not: nothing here needs the real service.

mod support;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use support::{cases::CASES, differs_from_real, within};

/// The real httpbin, stopped when dropped.
struct RealHttpbin(Child);

impl Drop for RealHttpbin {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_real_httpbin() -> Option<(RealHttpbin, SocketAddr)> {
    let python = std::env::var("HTTPBIN_PYTHON").unwrap_or_else(|_| "python3".into());
    let importable = Command::new(&python)
        .args(["-c", "import httpbin, gunicorn"])
        .stderr(Stdio::null())
        .status();
    if !importable.is_ok_and(|status| status.success()) {
        println!("note: {python} cannot import httpbin and gunicorn; skipping the comparison");
        return None;
    }
    let addr = TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?;
    let child = Command::new(&python)
        .args(["-m", "gunicorn", "--bind", &addr.to_string(), "httpbin:app"])
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
    Some((real, addr))
}

#[test]
fn the_real_httpbin_still_answers_as_captured() {
    within(Duration::from_secs(120), || {
        let Some((_real, addr)) = start_real_httpbin() else {
            return;
        };
        let failures: Vec<String> = CASES
            .iter()
            .filter_map(|case| differs_from_real(addr, case))
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    });
}
