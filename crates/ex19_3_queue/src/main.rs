//! Example 19.3: one producer and three consumers on a bounded queue, stopped by a sentinel.
//!
//! Read it beside the Python: `// line N` marks the line of the code notes it mirrors.

use std::thread; // line 1

use ex19_3_queue::TaskQueue; // line 2
use std::time::Duration; // line 3
// line 4: no import: the `fastrand` crate is named where it is used (line 23)

use parking_lot::Mutex; // `threading.Lock` (line 8)
use std::sync::LazyLock; // a channel allocates, so the static queue is built on first use

// Statics live as long as the program, like Python's module globals, so every
// thread may use them without an `Arc`. `None` is the sentinel (line 15).
/// The tasks, at most 10 waiting at a time.
// line 6
pub static TASK_QUEUE: LazyLock<TaskQueue<Option<u32>>> = LazyLock::new(|| TaskQueue::new(10));
/// One line per processed task.
pub static RESULTS: Mutex<Vec<String>> = Mutex::new(Vec::new()); // line 7
// line 8: no separate lock: the Mutex of line 7 is the lock, and it owns the results

/// Puts tasks `0..num_items` on the queue, then the sentinel.
// line 10
pub fn producer(num_items: u32) {
    // line 11
    for item_id in 0..num_items {
        TASK_QUEUE.put(Some(item_id)); // line 12: waits while 10 tasks are queued
        println!("Produced task {item_id}"); // line 13
        thread::sleep(Duration::from_millis(10)); // line 14
    }
    TASK_QUEUE.put(None); // line 15
}

/// Processes tasks until it takes the sentinel, which it passes on.
// line 17
pub fn consumer(worker_id: usize) {
    // line 18
    loop {
        let task = TASK_QUEUE.get(); // line 19
        // line 20
        let Some(task) = task else {
            TASK_QUEUE.put(None); // line 21: passes the sentinel on to the next consumer
            break; // line 22
        };
        thread::sleep(Duration::from_millis(fastrand::u64(10..=50))); // line 23
        let result = format!("Worker {worker_id} processed task {task}"); // line 24
        {
            let mut results = RESULTS.lock(); // line 25
            results.push(result); // line 26
        } // `results`, the guard, drops here and unlocks: the end of Python's `with` block
        // Python's `task_done()` raises if called too often; here that would be a bug.
        TASK_QUEUE.task_done().expect("one task_done per put"); // line 27
    }
}

fn main() {
    // Not in the lecture: --items, --consumers and --timeline (see --help); bad ones exit 2.
    let flags = ex19_3_queue::cli::flags_or_exit();
    if flags.timeline {
        TASK_QUEUE.record(); // from now on the queue notes who put and took what, and when
    }
    // `thread::spawn` builds and starts a thread in one step, where Python builds the
    // threads (lines 29-30) and then starts them (31-32); the start order stays the same.
    let producer_thread = thread::spawn(move || producer(flags.items)); // line 29
    // line 30
    let workers: Vec<_> = (0..flags.consumers)
        .map(|i| thread::spawn(move || consumer(i)))
        .collect();
    // line 31: started on line 29
    // line 32: started on line 30
    producer_thread.join().expect("the producer panicked"); // line 33
    // line 34
    for worker in workers {
        worker.join().expect("a consumer panicked");
    }
    println!("Processed {} tasks", RESULTS.lock().len()); // line 35
    // Not in the lecture: with --timeline, draw what each thread did in this run.
    if flags.timeline {
        print!(
            "\n{}",
            ex19_3_queue::view::timeline(&TASK_QUEUE, &RESULTS.lock())
        );
    }

    // The program checks its own result (in debug builds): every task processed once.
    let results = RESULTS.lock();
    debug_assert!((0..flags.items).all(|task| {
        let ending = format!(" task {task}");
        results.iter().filter(|r| r.ends_with(&ending)).count() == 1
    }));
}
