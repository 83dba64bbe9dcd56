// Wrong solution of queue3_task_done: task_done() after the work, but before the result is
// pushed: join() can return before the last result is there (plain TaskQueue passed 20 of
// 20 runs).
// Rejected by: the stress TaskQueue: the task_done that finishes the last task waits until
// join's thread has looked.
// Rejected with: task_done() was called before the result was pushed

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

// Example 19.3's `TaskQueue` in a stress mode: the `task_done` that finishes the last task
// returns only once `join()` has returned and its thread has used the queue again. What a
// consumer does after that `task_done` then always happens too late for `join()`.
use lecture19_exercises::TaskQueue;

/// Takes tasks and records a line for each, until it takes a sentinel.
fn consumer(worker_id: usize, queue: &TaskQueue<Option<u32>>, results: &Mutex<Vec<String>>) {
    while let Some(task) = queue.get() {
        thread::sleep(Duration::from_millis(30)); // the work
        let result = format!("Worker {worker_id} processed task {task}");
        queue.task_done().expect("one task_done per task taken");
        results.lock().unwrap().push(result);
    }
}

/// Puts `num_tasks` tasks for three consumers and waits with `join()` until every one is
/// done. Returns the number of results at that moment, then stops the consumers with one
/// sentinel each.
fn run(num_tasks: u32) -> usize {
    let queue = Arc::new(TaskQueue::new(10));
    let results = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..3)
        .map(|worker_id| {
            let (queue, results) = (Arc::clone(&queue), Arc::clone(&results));
            thread::spawn(move || consumer(worker_id, &queue, &results))
        })
        .collect();
    for task in 0..num_tasks {
        queue.put(Some(task));
    }
    queue.join();
    let processed = results.lock().unwrap().len();
    for _ in &workers {
        queue.put(None);
    }
    for worker in workers {
        worker.join().expect("a consumer panicked");
    }
    processed
}

/// Runs `run(num_tasks)` on a thread of its own; `None` if it is still running after 2 s.
fn run_within_2s(num_tasks: u32) -> Option<usize> {
    let (done, processed) = mpsc::channel();
    thread::spawn(move || done.send(run(num_tasks)));
    processed.recv_timeout(Duration::from_secs(2)).ok()
}

fn main() {
    match run_within_2s(5) {
        Some(processed) => println!("join() returned; {processed} of 5 tasks processed"),
        None => {
            eprintln!("join() still waits after 2 s");
            std::process::exit(1);
        }
    }
}
