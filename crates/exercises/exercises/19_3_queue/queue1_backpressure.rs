// Example 19.3, exercise 1: backpressure on a bounded queue.
// Lecture lines: notes 6 and 10-15 (narration 5 and 8-13).
//
// The producer makes tasks faster than a consumer works through them. With a queue that
// has no limit, `put` never waits, and the producer piles up every task it will ever make:
// with a million tasks, a million in memory. The lecture's queue holds at most 10 tasks
// (`queue.Queue(maxsize=10)`): once 10 are waiting, `put` blocks the producer until a
// consumer takes one. The slow side sets the pace; that is backpressure.

use std::thread;
use std::time::Duration;

use ex19_3_queue::TaskQueue;

/// The queue between the producer and the consumer; `None` is the sentinel.
fn task_queue() -> TaskQueue<Option<u32>> {
    // TODO: `TaskQueue::new(0)` makes a queue with no limit (0 means none, as in Python).
    // Give it room for 10 tasks, as the lecture's line 6 does.
    TaskQueue::new(0)
}

/// Puts tasks `0..num_items` on the queue, then the sentinel: the lecture's producer,
/// without its pause.
fn producer(queue: &TaskQueue<Option<u32>>, num_items: u32) {
    for item_id in 0..num_items {
        queue.put(Some(item_id));
    }
    queue.put(None);
}

fn main() {
    // One slow consumer: how many tasks wait in the queue each time it takes one?
    let (queue, mut taken) = (task_queue(), Vec::new());
    thread::scope(|scope| {
        scope.spawn(|| producer(&queue, 30));
        thread::sleep(Duration::from_millis(20));
        while let Some(task) = queue.get() {
            taken.push((task, queue.len()));
            thread::sleep(Duration::from_millis(2));
        }
    });
    for (task, waiting) in taken {
        println!("Took task {task}; {waiting} waiting in the queue");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::mpsc::{self, RecvTimeoutError};

    /// How long the producer gets to fill the queue: far longer than 30 `put`s take.
    const GRACE: Duration = Duration::from_millis(300);

    /// Starts `producer(queue, 30)` on a thread; the receiver gets `()` once it returns.
    fn start_producer(queue: &Arc<TaskQueue<Option<u32>>>) -> mpsc::Receiver<()> {
        let (finished, producer_finished) = mpsc::channel();
        let queue = Arc::clone(queue);
        thread::spawn(move || {
            producer(&queue, 30);
            let _ = finished.send(());
        });
        producer_finished
    }

    #[test]
    fn the_queue_holds_at_most_10_tasks() {
        let why = match task_queue().capacity() {
            Some(10) => return,
            None => "the queue has no limit, so put() never waits: a fast producer piles up \
                     every task it will ever make."
                .to_owned(),
            Some(11) => "the queue has room for 11, one more than the lecture's 10: maxsize is \
                         how many items may wait, whatever they are. The sentinel needs no \
                         room of its own."
                .to_owned(),
            Some(n) if n >= 30 => format!(
                "the queue has room for {n}, enough for every task the producer makes: it \
                 never waits, and nothing holds it back."
            ),
            Some(n) if n < 10 => format!(
                "the queue has room for only {n}: the producer waits whenever that many tasks \
                 are queued, and can hardly run ahead of the consumers."
            ),
            Some(n) => format!("the queue has room for {n}."),
        };
        panic!("{why} The lecture's queue holds at most 10 tasks (notes 6).");
    }

    #[test]
    fn a_fast_producer_waits_while_10_tasks_are_queued() {
        let queue = Arc::new(task_queue());
        let producer_finished = start_producer(&queue);
        // Nobody takes a task yet.
        let finished = producer_finished.recv_timeout(GRACE).is_ok();
        let waiting = queue.len();
        assert!(
            !finished && waiting == 10,
            "with nobody taking tasks, the producer put {waiting} items and {}. The lecture's \
             queue holds at most 10 (notes 6): put() waits while 10 tasks are queued.",
            if finished { "finished" } else { "waits" }
        );
    }

    #[test]
    fn the_producer_goes_on_as_tasks_are_taken() {
        let queue = Arc::new(task_queue());
        let producer_finished = start_producer(&queue);
        let (taken, all_taken) = mpsc::channel();
        let consumer_queue = Arc::clone(&queue);
        thread::spawn(move || {
            let mut tasks = Vec::new();
            while let Some(task) = consumer_queue.get() {
                tasks.push((task, consumer_queue.len()));
            }
            let _ = taken.send(tasks);
        });
        let tasks = match all_taken.recv_timeout(Duration::from_secs(5)) {
            Ok(tasks) => tasks,
            Err(RecvTimeoutError::Timeout) => panic!("the consumer waited 5 s for the sentinel"),
            Err(RecvTimeoutError::Disconnected) => panic!("the consumer panicked"),
        };
        producer_finished
            .recv_timeout(Duration::from_secs(5))
            .expect("the producer finishes once a consumer has taken its tasks");
        let numbers: Vec<u32> = tasks.iter().map(|(task, _)| *task).collect();
        assert_eq!(
            numbers,
            (0..30).collect::<Vec<_>>(),
            "every task, once, in order"
        );
        let most = tasks.iter().map(|(_, waiting)| *waiting).max().unwrap_or(0);
        assert!(
            most <= 10,
            "up to {most} items waited in the queue behind a task taken: the lecture's queue \
             never holds more than 10 (notes 6)"
        );
    }
}
