//! The same workloads in Python, through the lecture's own patterns, so that each claim is
//! measured in the language the lecture speaks as well as in Rust.
//!
//! Each script in `crates/lab/python/` runs one group of workloads and prints one JSON object
//! on stdout; this module runs it and hands the object back.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::process::stdout_within;

/// Where python3 is, or why the Python column is empty.
pub struct Python {
    /// `Ok(version)` if python3 runs, `Err(reason)` otherwise.
    status: Result<String, String>,
}

impl Python {
    /// Asks `python3 --version` once.
    pub fn detect() -> Python {
        let status = match Command::new("python3").arg("--version").output() {
            Ok(output) if output.status.success() => {
                Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
            }
            Ok(output) => Err(format!("python3 --version failed ({})", output.status)),
            Err(_) => Err("python3 is not on PATH".to_owned()),
        };
        Python { status }
    }

    /// `Python 3.11.7`, or why there is no Python.
    pub fn describe(&self) -> &str {
        match &self.status {
            Ok(version) | Err(version) => version,
        }
    }

    /// Whether the scripts can run.
    pub fn is_available(&self) -> bool {
        self.status.is_ok()
    }

    /// Runs `crates/lab/python/{script}` with `args` and parses what it prints. With `pinned`,
    /// under `taskset -c 0` so that every thread shares one core.
    pub fn run(
        &self,
        script: &str,
        args: &[String],
        pinned: bool,
        deadline: Duration,
    ) -> Result<Value, String> {
        if let Err(why) = &self.status {
            return Err(why.clone());
        }
        let path = scripts_dir().join(script);
        let mut command = if pinned {
            let mut command = Command::new("taskset");
            command.args(["-c", "0", "python3"]);
            command
        } else {
            Command::new("python3")
        };
        // -I: ignore PYTHON* variables and the user's site-packages; only the standard
        // library is used, as in the lecture.
        command.arg("-I").arg(&path).args(args);
        let stdout = stdout_within(&mut command, deadline)
            .map_err(|why| format!("python3 {script}: {why}"))?;
        serde_json::from_str(&stdout)
            .map_err(|e| format!("python3 {script} printed no JSON object ({e})"))
    }
}

/// `crates/lab/python/`, found from this crate's own directory so that any working directory works.
fn scripts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python")
}

/// Reads a number at `pointer` (`/runs/0/wall`), or says which field was missing.
pub fn number(value: &Value, pointer: &str) -> Result<f64, String> {
    value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("the Python output has no number at {pointer}"))
}

/// Reads an array of numbers at `pointer`.
pub fn numbers(value: &Value, pointer: &str) -> Result<Vec<f64>, String> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .and_then(|items| items.iter().map(Value::as_f64).collect())
        .ok_or_else(|| format!("the Python output has no list of numbers at {pointer}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_read_by_pointer_or_named_when_missing() {
        let value = json!({"runs": [{"wall": 1.5, "per_request": [0.1, 0.2]}]});
        assert_eq!(number(&value, "/runs/0/wall"), Ok(1.5));
        assert_eq!(numbers(&value, "/runs/0/per_request"), Ok(vec![0.1, 0.2]));
        assert!(
            number(&value, "/runs/1/wall")
                .unwrap_err()
                .contains("/runs/1/wall")
        );
        assert!(numbers(&value, "/runs/0/wall").is_err());
    }

    #[test]
    fn every_script_the_claims_run_is_in_the_scripts_folder() {
        for script in ["fetch.py", "threads.py", "race.py", "backpressure.py"] {
            assert!(scripts_dir().join(script).is_file(), "{script} is missing");
        }
    }

    #[test]
    fn a_missing_python_is_reported_not_run() {
        let python = Python {
            status: Err("python3 is not on PATH".into()),
        };
        assert!(!python.is_available());
        assert_eq!(
            python.run("fetch.py", &[], false, Duration::from_secs(1)),
            Err("python3 is not on PATH".into())
        );
    }
}
