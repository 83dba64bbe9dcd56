//! loom models of the executor, on its own code: the pool, its workers and its
//! queues are built from loom's primitives here (see `sync.rs`).
//!
//! loom runs each model once for every interleaving of its threads that can
//! give a different result, and fails a model in which all threads are
//! blocked, so "no deadlock" and "every task ran" hold for all of them. Each
//! model is small: one or two workers, one or two tasks.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use super::{TaskError, ThreadPoolExecutor, as_completed};

/// Runs `model` under every interleaving with at most `preemptions` preemptions.
///
/// Two workers beside the main thread are too many for every interleaving in
/// the time `cargo xtask loom` allows: at a bound of 3 the largest model here
/// runs some 150,000 executions in seconds, and each step up multiplies that by
/// about ten. loom's docs call a bound of 2 or 3 "enough to catch most bugs".
/// `LOOM_MAX_PREEMPTIONS` overrides it.
fn check_with_preemptions(preemptions: usize, model: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound.get_or_insert(preemptions);
    builder.check(model);
}

#[test]
fn loom_submit_then_result() {
    loom::model(|| {
        let executor = ThreadPoolExecutor::new(1).unwrap();
        let handle = executor.submit(|| 7).unwrap();
        assert_eq!(handle.result(), Ok(7));
    });
}

#[test]
fn loom_as_completed_yields_every_task_exactly_once() {
    check_with_preemptions(3, || {
        let executor = ThreadPoolExecutor::new(2).unwrap();
        let handles = [0, 1].map(|i| executor.submit(move || i).unwrap());
        let mut seen: Vec<_> = as_completed(&handles)
            .map(|handle| handle.result().unwrap())
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, [0, 1]);
    });
}

/// Two tasks on two workers, each counting itself; then `finish` with the pool.
fn every_task_ran_after(finish: fn(ThreadPoolExecutor)) {
    check_with_preemptions(3, move || {
        let executor = ThreadPoolExecutor::new(2).unwrap();
        let ran = Arc::new(AtomicUsize::new(0));
        for _ in 0..2 {
            let ran = Arc::clone(&ran);
            executor.submit(move || ran.fetch_add(1, Relaxed)).unwrap();
        }
        finish(executor);
        // Relaxed, so only the happens-before that `finish` promises makes both visible.
        assert_eq!(ran.load(Relaxed), 2, "returned before every task ran");
    });
}

#[test]
fn loom_shutdown_true_returns_only_after_every_task_ran() {
    every_task_ran_after(|executor| executor.shutdown(true));
}

#[test]
fn loom_dropping_the_pool_waits_for_its_tasks() {
    every_task_ran_after(drop);
}

#[test]
fn loom_a_panicking_task_leaves_its_worker_alive() {
    // libtest captures the panic's message, printed once per execution.
    loom::model(|| {
        let executor = ThreadPoolExecutor::new(1).unwrap();
        let panicked = executor
            .submit(|| -> u32 { panic!("a deliberate panic") })
            .unwrap();
        let later = executor.submit(|| 7).unwrap();
        assert_eq!(later.result(), Ok(7), "the only worker died with the panic");
        assert_eq!(
            panicked.result(),
            Err(TaskError::Panicked("a deliberate panic".into()))
        );
    });
}

#[test]
fn loom_a_task_is_either_cancelled_or_run_never_both() {
    loom::model(|| {
        let executor = ThreadPoolExecutor::new(1).unwrap();
        let ran = Arc::new(AtomicUsize::new(0));
        let handle = executor
            .submit({
                let ran = Arc::clone(&ran);
                move || ran.fetch_add(1, Relaxed)
            })
            .unwrap();
        let cancelled = handle.cancel();
        drop(executor);
        assert_eq!(
            ran.load(Relaxed),
            usize::from(!cancelled),
            "cancel() returned {cancelled}"
        );
        assert_eq!(handle.cancelled(), cancelled);
        if cancelled {
            assert_eq!(handle.result(), Err(TaskError::Cancelled));
        }
    });
}

#[test]
fn loom_shutdown_true_in_a_task_while_another_thread_is_in_shutdown_true() {
    check_with_preemptions(3, || {
        let executor = Arc::new(ThreadPoolExecutor::new(2).unwrap());
        let other = executor.submit(|| ()).unwrap();
        let (own_pool, other_in_task) = (Arc::clone(&executor), other.clone());
        let shutting_down = executor
            .submit(move || {
                own_pool.shutdown(true);
                other_in_task.done()
            })
            .unwrap();
        executor.shutdown(true);
        assert!(other.done() && shutting_down.done());
        assert_eq!(
            shutting_down.result(),
            Ok(true),
            "shutdown(true) in a task returned before the other worker's task was done"
        );
    });
}

#[test]
fn loom_a_task_formats_its_own_pool() {
    loom::model(|| {
        let executor = Arc::new(ThreadPoolExecutor::new(1).unwrap());
        let own_pool = Arc::clone(&executor);
        let formatting = executor.submit(move || format!("{:?}", *own_pool)).unwrap();
        // `submit` takes the pool's locks in the other order from `Debug`'s, if
        // `Debug` held one while taking the other.
        let later = executor.submit(|| ()).unwrap();
        executor.shutdown(true);
        let shown = formatting.result().unwrap();
        assert!(
            shown.starts_with("ThreadPoolExecutor { max_workers: 1, workers_started: 1"),
            "{shown}"
        );
        assert!(later.done());
    });
}
