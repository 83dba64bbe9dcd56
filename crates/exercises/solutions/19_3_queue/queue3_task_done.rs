// Example 19.3, exercise 3: `task_done` and `join`.
// Lecture lines: notes 27 (narration 24), and `join()` in the explanation of line 27.
//
// `run` puts its tasks on the queue and then calls `queue.join()`, which waits until every
// task put has been marked done. Only then does it count the results and stop the
// consumers. But the consumers never mark a task done, so `join()` waits forever. The
// lecture's consumer calls `task_done()` once it has finished the work on a task.

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
        results.lock().unwrap().push(result);
        // Only now is the task finished: `join()` may return once every task is.
        queue.task_done().expect("one task_done per task taken");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_returns_once_every_task_is_done() {
        let processed = run_within_2s(6).unwrap_or_else(|| {
            panic!(
                "join() was still waiting 2 s after the last put: task_done() was not called \
                 once for every task taken. join() returns once it has been called for every \
                 task put (notes 27). (If a consumer panicked, its message is above.)"
            )
        });
        assert_eq!(
            processed, 6,
            "join() returned when only {processed} of 6 tasks had their result: task_done() \
             was called before the result was pushed. task_done() says that everything about \
             a task is finished, so that join() can go on: call it last, after the work and \
             after the result is pushed (notes 23-27)."
        );
    }
}
