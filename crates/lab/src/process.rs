//! Running a helper program (a Python script, a pinned copy of this one) under a deadline.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Runs `command` and returns its stdout if it exits 0 within `deadline`; otherwise
/// kills it if it is still running and says what went wrong, with its stderr.
pub fn stdout_within(command: &mut Command, deadline: Duration) -> Result<String, String> {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    // Each pipe is drained on its own thread: a child that fills one pipe while we
    // wait on the other would otherwise block forever.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "still running after {:.0} s: killed",
                    deadline.as_secs_f64()
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => break Err(format!("cannot wait for it: {e}")),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    match status? {
        status if status.success() => Ok(stdout),
        status => Err(format!("{status}; stderr: {}", stderr.trim())),
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_stdout_of_a_clean_exit_and_stderr_of_a_failure() {
        let deadline = Duration::from_secs(10);
        let out = stdout_within(Command::new("sh").args(["-c", "echo out"]), deadline);
        assert_eq!(out, Ok("out\n".to_owned()));
        let failed = stdout_within(
            Command::new("sh").args(["-c", "echo err >&2; exit 3"]),
            deadline,
        )
        .unwrap_err();
        assert!(failed.contains('3') && failed.contains("err"), "{failed}");
    }

    #[test]
    fn kills_a_program_that_overstays_its_deadline() {
        let started = Instant::now();
        let killed =
            stdout_within(Command::new("sleep").arg("30"), Duration::from_millis(200)).unwrap_err();
        assert!(killed.contains("killed"), "{killed}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}
