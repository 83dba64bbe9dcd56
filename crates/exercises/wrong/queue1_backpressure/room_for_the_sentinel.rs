// Wrong solution of queue1_backpressure: room for 10 tasks and one more for the sentinel.
// Rejected by: the queue's capacity, read directly.
// Rejected with: The sentinel needs no room of its own

use std::thread;
use std::time::Duration;

use ex19_3_queue::TaskQueue;

/// The queue between the producer and the consumer; `None` is the sentinel.
fn task_queue() -> TaskQueue<Option<u32>> {
    TaskQueue::new(11)
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
