// Wrong solution of queue4_disconnect: `let _ = sender;` to drop the sender: binding to
// `_` moves nothing, so the sender lives on.
// Rejected by: a deadline: the consumers never stop.
// Rejected with: every Sender is dropped: one is still alive

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, bounded};

/// Sends tasks `0..num_items`; dropping `tasks` at the end says "no more work".
fn producer(num_items: u32, tasks: Sender<u32>) {
    for item_id in 0..num_items {
        tasks.send(item_id).expect("a consumer is receiving");
    }
}

/// Takes tasks until the channel is empty and every sender is gone; returns its results.
fn consumer(worker_id: usize, tasks: Receiver<u32>) -> Vec<String> {
    let mut results = Vec::new();
    for task in tasks {
        thread::sleep(Duration::from_millis(10)); // the work
        results.push(format!("Worker {worker_id} processed task {task}"));
    }
    results
}

/// One producer of `num_tasks` tasks and three consumers on a channel that holds at most
/// 10 tasks, like `queue.Queue(maxsize=10)`; returns every result.
fn run(num_tasks: u32) -> Vec<String> {
    let (sender, receiver) = bounded(10);
    let tasks = sender.clone();
    let producer_thread = thread::spawn(move || producer(num_tasks, tasks));
    let _ = sender;
    let workers: Vec<_> = (0..3)
        .map(|worker_id| {
            let tasks = receiver.clone();
            thread::spawn(move || consumer(worker_id, tasks))
        })
        .collect();
    producer_thread.join().expect("the producer panicked");
    workers
        .into_iter()
        .flat_map(|worker| worker.join().expect("a consumer panicked"))
        .collect()
}

/// Runs `run(num_tasks)` on a thread of its own; `None` if it is still running after 2 s.
fn run_within_2s(num_tasks: u32) -> Option<Vec<String>> {
    let (done, results) = mpsc::channel();
    thread::spawn(move || done.send(run(num_tasks)));
    results.recv_timeout(Duration::from_secs(2)).ok()
}

fn main() {
    match run_within_2s(5) {
        Some(results) => println!("Processed {} tasks", results.len()),
        None => {
            eprintln!("The consumers still wait for tasks after 2 s");
            std::process::exit(1);
        }
    }
}
