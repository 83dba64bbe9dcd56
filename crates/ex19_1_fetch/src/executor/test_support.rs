//! Helpers shared by the executor's tests.

use std::panic;
use std::thread;
use std::time::Duration;

use crossbeam_channel::{RecvTimeoutError, bounded};

/// Runs `body` on its own thread and fails the test if it takes longer
/// than `seconds`, so a deadlock fails instead of hanging.
pub(super) fn within<R: Send + 'static>(
    seconds: u64,
    body: impl FnOnce() -> R + Send + 'static,
) -> R {
    let (done, outcome) = bounded(1);
    let runner = thread::spawn(move || {
        let _ = done.send(body());
    });
    match outcome.recv_timeout(Duration::from_secs(seconds)) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => panic!("not finished within {seconds}s: deadlock?"),
        Err(RecvTimeoutError::Disconnected) => match runner.join() {
            Err(test_panic) => panic::resume_unwind(test_panic),
            Ok(()) => unreachable!("the body returned without sending"),
        },
    }
}

/// A task that takes `ms` milliseconds and returns how long it took.
pub(super) fn sleep_then_return(ms: u64) -> u64 {
    thread::sleep(Duration::from_millis(ms));
    ms
}
