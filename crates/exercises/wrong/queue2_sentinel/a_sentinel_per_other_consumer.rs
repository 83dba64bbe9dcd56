// Wrong solution of queue2_sentinel: not passed on; instead the producer puts one more
// sentinel, one for each consumer but the first: one too few.
// Rejected by: a deadline: the consumers without a sentinel wait forever; the count of
// puts stays still.
// Rejected with: the last still waits in get(), with no sentinel left for it

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ex19_3_queue::TaskQueue;

/// Takes tasks and records a line for each, until it takes the sentinel.
fn consumer(worker_id: usize, queue: &TaskQueue<Option<u32>>, results: &Mutex<Vec<String>>) {
    loop {
        let Some(task) = queue.get() else {
            break;
        };
        thread::sleep(Duration::from_millis(20)); // the work
        let result = format!("Worker {worker_id} processed task {task}");
        results.lock().unwrap().push(result);
        queue.task_done().expect("one task_done per task taken");
    }
}

/// The queue of tasks (`None` is the sentinel) and the results, as shared by the threads.
type Shared = (Arc<TaskQueue<Option<u32>>>, Arc<Mutex<Vec<String>>>);

/// The lecture's program: a producer of `num_tasks` tasks and one sentinel, and three
/// consumers. Each consumer's number is sent on `stopped` when it returns.
fn start(num_tasks: u32, stopped: mpsc::Sender<usize>) -> Shared {
    let queue = Arc::new(TaskQueue::new(10));
    let results = Arc::new(Mutex::new(Vec::new()));
    let producer_queue = Arc::clone(&queue);
    thread::spawn(move || {
        for task in 0..num_tasks {
            producer_queue.put(Some(task));
        }
        producer_queue.put(None);
        producer_queue.put(None);
    });
    for worker_id in 0..3 {
        let (queue, results, stopped) = (Arc::clone(&queue), Arc::clone(&results), stopped.clone());
        thread::spawn(move || {
            consumer(worker_id, &queue, &results);
            let _ = stopped.send(worker_id);
        });
    }
    (queue, results)
}

fn main() {
    let (stopped, consumer_stopped) = mpsc::channel();
    let (_, results) = start(5, stopped);
    for _ in 0..3 {
        match consumer_stopped.recv_timeout(Duration::from_secs(2)) {
            Ok(worker_id) => println!("Worker {worker_id} stopped"),
            Err(_) => {
                eprintln!("A worker still waits for a task after 2 s");
                std::process::exit(1);
            }
        }
    }
    println!("Processed {} tasks", results.lock().unwrap().len());
}
