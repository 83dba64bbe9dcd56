//! loom models of [`TaskQueue`]: `task_done` and `join`, and the lecture's
//! sentinel fan-out.
//!
//! loom runs each model once for every interleaving of its threads that can give
//! a different result, so an assertion here holds for all of them. Under loom
//! the queue is built from loom's mutex and condition variables and a model of
//! the channel (see `sync.rs`); `TaskQueue`'s own code is the same as ever.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, Ordering};
use loom::thread;

use crate::TaskQueue;

#[test]
fn loom_join_returns_only_after_the_task_is_done() {
    loom::model(|| {
        let queue = Arc::new(TaskQueue::new(1));
        let processed = Arc::new(AtomicBool::new(false));
        let consumer = thread::spawn({
            let (queue, processed) = (Arc::clone(&queue), Arc::clone(&processed));
            move || {
                let task = queue.get();
                processed.store(true, Ordering::Relaxed);
                queue
                    .task_done()
                    .expect("the put counted the task before the get");
                task
            }
        });
        queue.put(7);
        queue.join();
        // Relaxed, so only the happens-before that `join` promises makes the store visible.
        assert!(
            processed.load(Ordering::Relaxed),
            "join returned before task_done"
        );
        assert_eq!(queue.unfinished_tasks(), 0);
        assert_eq!(consumer.join().expect("the consumer never panics"), 7);
    });
}

#[test]
fn loom_put_waits_while_full_and_join_waits_for_every_task() {
    loom::model(|| {
        let queue = Arc::new(TaskQueue::new(1));
        let consumer = thread::spawn({
            let queue = Arc::clone(&queue);
            move || {
                let tasks = [queue.get(), queue.get()];
                queue
                    .task_done()
                    .expect("the put counted the task before the get");
                queue
                    .task_done()
                    .expect("the put counted the task before the get");
                tasks
            }
        });
        queue.put(1);
        queue.put(2); // in some interleavings, waits for the first get
        queue.join();
        assert_eq!(queue.unfinished_tasks(), 0);
        assert_eq!(queue.task_done(), Err(crate::TaskDoneError));
        assert_eq!(consumer.join().expect("the consumer never panics"), [1, 2]);
    });
}

#[test]
fn loom_sentinel_fan_out_processes_every_task_once_and_stops_every_consumer() {
    const TASKS: u32 = 2;
    const CONSUMERS: usize = 2;
    // Three threads are too many for every interleaving (minutes even with one task), so
    // this model explores those with at most 3 preemptions, the depth loom's docs call
    // "enough to catch most bugs" (a few seconds). `LOOM_MAX_PREEMPTIONS` overrides it.
    let mut model = loom::model::Builder::new();
    model.preemption_bound.get_or_insert(3);
    model.check(|| {
        let queue = Arc::new(TaskQueue::new(1));
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let queue = Arc::clone(&queue);
                // The consumer of Example 19.3, without the sleep and the results lock.
                thread::spawn(move || {
                    let mut processed = Vec::new();
                    loop {
                        let Some(task) = queue.get() else {
                            queue.put(None);
                            break;
                        };
                        processed.push(task);
                        queue
                            .task_done()
                            .expect("the put counted the task before the get");
                    }
                    processed
                })
            })
            .collect();
        for task in 0..TASKS {
            queue.put(Some(task));
        }
        queue.put(None);
        // A consumer that never stopped would leave every thread blocked: loom reports
        // that as a deadlock, so getting past these joins means every consumer stopped.
        let mut processed: Vec<u32> = consumers
            .into_iter()
            .flat_map(|consumer| consumer.join().expect("a consumer never panics"))
            .collect();
        processed.sort_unstable();
        assert_eq!(processed, (0..TASKS).collect::<Vec<_>>());
        // One sentinel from the producer, one put back by each consumer, none done.
        assert_eq!(queue.unfinished_tasks(), 1 + CONSUMERS);
        assert_eq!(queue.len(), 1);
    });
}
