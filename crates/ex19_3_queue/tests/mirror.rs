//! The mirror's own producer and consumers, run as `main` runs them, under a deadline.
//!
//! The queue and the results are statics, as in the lecture, so this file holds one test:
//! a second run in the same process would find the first run's sentinel in the queue.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ex19_3_queue::{RESULTS, TASK_QUEUE, consumer, producer};

const CONSUMERS: usize = 3;
const TASKS: u32 = 5;
const DEADLINE: Duration = Duration::from_secs(10);

#[test]
fn every_task_is_processed_once_and_every_consumer_stops() {
    let (stopped, consumers_stopped) = mpsc::channel();
    let producer_thread = thread::spawn(|| producer(TASKS));
    for worker_id in 0..CONSUMERS {
        let stopped = stopped.clone();
        thread::spawn(move || {
            consumer(worker_id);
            stopped.send(worker_id).expect("the test is waiting");
        });
    }
    for _ in 0..CONSUMERS {
        consumers_stopped
            .recv_timeout(DEADLINE)
            .expect("every consumer stops within the deadline: is the sentinel passed on?");
    }
    producer_thread.join().expect("the producer never panics");

    let mut processed: Vec<u32> = RESULTS
        .lock()
        .iter()
        .map(|line| {
            let (_, task) = line.rsplit_once(" task ").expect("`... processed task N`");
            task.parse().expect("a task number")
        })
        .collect();
    processed.sort_unstable();
    assert_eq!(processed, (0..TASKS).collect::<Vec<_>>());
    // The producer's sentinel, passed on by each consumer, is left in the queue.
    assert_eq!(TASK_QUEUE.len(), 1);
}
