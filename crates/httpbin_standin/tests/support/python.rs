//! A Python 3 to run: `python3` on Linux and macOS, often only `python` or the launcher
//! `py -3` on Windows (where `python3` may be the Store's stub, which exits 9009).

use std::ffi::OsString;
use std::io::ErrorKind;
use std::process::Command;
use std::time::Duration;

use super::output_within;

/// Generous: the first start of a Python can compile its standard library's bytecode.
const LIMIT: Duration = Duration::from_secs(60);

/// How to start a Python: a program and the arguments that go before the script's.
pub struct Python {
    program: OsString,
    args: &'static [&'static str],
}

impl Python {
    /// The Python at `program`, for example `HTTPBIN_PYTHON`.
    pub fn at(program: OsString) -> Python {
        Python { program, args: &[] }
    }

    /// The first of `python3`, `python` and `py -3` that runs as Python 3, or why none does.
    pub fn find() -> Result<Python, String> {
        let candidates: [(&str, &'static [&'static str]); 3] =
            [("python3", &[]), ("python", &[]), ("py", &["-3"])];
        let mut tried = Vec::new();
        for (program, args) in candidates {
            let python = Python {
                program: program.into(),
                args,
            };
            match python.runs("import sys; sys.exit(sys.version_info[0] != 3)") {
                Ok(()) => return Ok(python),
                Err(why) => tried.push(format!("{}: {why}", python.name())),
            }
        }
        Err(format!("no Python 3 found ({})", tried.join("; ")))
    }

    /// As it would be typed, e.g. `py -3`.
    pub fn name(&self) -> String {
        let mut words = vec![self.program.to_string_lossy().into_owned()];
        words.extend(self.args.iter().map(|arg| arg.to_string()));
        words.join(" ")
    }

    /// A command that starts this Python; the caller adds the script's arguments.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(self.args);
        command
    }

    /// `Ok` if this Python can import `modules` (as `import` takes them), else why not.
    pub fn imports(&self, modules: &str) -> Result<(), String> {
        self.runs(&format!("import {modules}"))
    }

    /// `Ok` if `python -c code` exits 0, else why not: not found, the last line of stderr
    /// (for Python, the exception), or else the exit status.
    fn runs(&self, code: &str) -> Result<(), String> {
        let output = match output_within(self.command().args(["-c", code]), LIMIT) {
            Ok(output) => output,
            Err(e) if e.kind() == ErrorKind::NotFound => return Err("not found".into()),
            Err(e) => return Err(format!("does not start: {e}")),
        };
        if output.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        match stderr.lines().rev().find(|line| !line.trim().is_empty()) {
            Some(last) => Err(last.trim().to_owned()),
            None => Err(output.status.to_string()),
        }
    }
}
