//! Example 19.3 without a sentinel: the producer stops by dropping its end of the channel.
//!
//! The mirror (`src/main.rs`) copies Python's protocol: the producer puts a `None`
//! sentinel, and each consumer that takes it puts it back for the next one. A crossbeam
//! channel already knows when no more items can come: once every [`Sender`] is dropped
//! and the queue is empty, `recv` fails, so `for task in tasks` simply ends, in every
//! consumer at once. The queue is [`bounded`]`(10)`, like `queue.Queue(maxsize=10)`,
//! and the consumers share it by cloning the [`Receiver`]. Each consumer returns its own
//! results through its `JoinHandle`, so no shared list and no lock are needed.

use std::thread;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, bounded};

const NUM_TASKS: u32 = 5;

fn producer(num_items: u32, tasks: Sender<u32>) {
    for item_id in 0..num_items {
        // Waits while 10 tasks are queued. Fails only if every consumer has stopped.
        tasks.send(item_id).expect("a consumer is receiving");
        println!("Produced task {item_id}");
        thread::sleep(Duration::from_millis(10));
    }
} // `tasks`, the only sender, is dropped here: this is the end-of-work signal.

fn consumer(worker_id: usize, tasks: Receiver<u32>) -> Vec<String> {
    let mut results = Vec::new();
    // Ends once the producer's sender is gone and the queue is empty.
    for task in tasks {
        thread::sleep(Duration::from_millis(fastrand::u64(10..=50)));
        results.push(format!("Worker {worker_id} processed task {task}"));
    }
    results
}

fn main() {
    // It takes no flags: anything but --help is refused with exit code 2.
    ex19_3_queue::cli::no_flags_or_exit(
        "Example 19.3 without a sentinel: the producer puts 5 tasks and drops its sender.",
    );
    let (sender, receiver) = bounded(10);
    let producer_thread = thread::spawn(move || producer(NUM_TASKS, sender));
    let workers: Vec<_> = (0..3)
        .map(|worker_id| {
            let tasks = receiver.clone();
            thread::spawn(move || consumer(worker_id, tasks))
        })
        .collect();
    // Only the consumers hold receivers now: if all of them stopped, a send would fail
    // instead of waiting forever on a full queue.
    drop(receiver);

    producer_thread.join().expect("the producer panicked");
    let results: Vec<String> = workers
        .into_iter()
        .flat_map(|worker| worker.join().expect("a consumer panicked"))
        .collect();
    assert_eq!(results.len(), NUM_TASKS as usize);
    println!("Processed {} tasks", results.len());
}
