//! Running a program as a user would: captured output, exit code, and a deadline.

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

/// What one run of a program left behind.
#[derive(Debug, Clone)]
pub struct Run {
    /// Everything the program wrote to stdout.
    pub stdout: String,
    /// Everything the program wrote to stderr.
    pub stderr: String,
    /// The exit code, or `None` if the program was killed (by a signal or by our deadline).
    pub code: Option<i32>,
    /// True if the deadline passed and the program was killed.
    pub timed_out: bool,
    /// Wall-clock time from spawn to exit.
    pub elapsed: Duration,
}

impl Run {
    /// The stdout lines, without their line endings.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// `Ok` if the run exited 0 in time, otherwise why not.
    pub fn exited_cleanly(&self) -> Result<()> {
        let stderr = self.stderr.trim();
        match (self.timed_out, self.code) {
            (true, _) => bail!(
                "still running after {:.1}s: killed (a deadlock or a hang?)",
                self.elapsed.as_secs_f64()
            ),
            (false, Some(0)) => Ok(()),
            (false, Some(code)) => bail!("exit code {code}; stderr: {stderr}"),
            (false, None) => bail!("killed by a signal; stderr: {stderr}"),
        }
    }
}

/// Runs `command` to completion, killing it if it is still running after `deadline`.
pub fn run_with_deadline(command: &mut Command, deadline: Duration) -> std::io::Result<Run> {
    let started = Instant::now();
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    // Each pipe is drained on its own thread: a child that fills one pipe while we
    // wait on the other would otherwise block forever.
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));

    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > deadline {
            timed_out = true;
            child.kill()?;
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    Ok(Run {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        code: status.code(),
        timed_out,
        elapsed,
    })
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A run that exited 0 at once after printing `stdout`.
    pub fn printing(stdout: &str) -> Run {
        Run {
            stdout: stdout.to_owned(),
            stderr: String::new(),
            code: Some(0),
            timed_out: false,
            elapsed: Duration::ZERO,
        }
    }

    /// The child of the tests below, which run this test binary again with `XTASK_CHILD`
    /// set: it behaves the same on every system, where `sh` and `sleep` are not everywhere.
    #[test]
    fn child() {
        match std::env::var("XTASK_CHILD").as_deref() {
            Ok("print") => {
                println!("out");
                eprintln!("err");
                std::process::exit(3);
            }
            Ok("sleep") => thread::sleep(Duration::from_secs(30)),
            _ => {}
        }
    }

    fn child_that(does: &str) -> Command {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command.args(["--exact", "process::tests::child", "--nocapture"]);
        command.env("XTASK_CHILD", does);
        command
    }

    #[test]
    fn captures_output_and_exit_code() {
        let run = run_with_deadline(&mut child_that("print"), Duration::from_secs(10)).unwrap();
        // libtest prints its own lines around the child's.
        assert!(run.lines().contains(&"out"), "{}", run.stdout);
        assert_eq!(run.stderr, "err\n");
        assert_eq!(run.code, Some(3));
        assert!(!run.timed_out);
        assert!(run.exited_cleanly().is_err());
    }

    #[test]
    fn kills_a_program_that_overstays_its_deadline() {
        let run = run_with_deadline(&mut child_that("sleep"), Duration::from_millis(200)).unwrap();
        assert!(run.timed_out);
        assert!(run.elapsed < Duration::from_secs(20));
        assert!(run.exited_cleanly().unwrap_err().to_string().contains("killed"));
    }
}
