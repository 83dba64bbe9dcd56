// Example 19.3, exercise 2: pass the sentinel on.
// Lecture lines: notes 15 and 17-22 (narration 13 and 14-19).
//
// The producer puts its tasks, then one `None`: the sentinel that says "no more work".
// There are three consumers and only one sentinel. The consumer that takes it stops, and
// the other two wait in `get()` forever, for a task that never comes. The lecture's
// consumer puts the sentinel back before it stops, so that the next consumer sees it too,
// and the one after that.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ex19_3_queue::TaskQueue;

/// Takes tasks and records a line for each, until it takes the sentinel.
fn consumer(worker_id: usize, queue: &TaskQueue<Option<u32>>, results: &Mutex<Vec<String>>) {
    loop {
        let Some(task) = queue.get() else {
            // Pass the sentinel on to the next consumer, then stop.
            queue.put(None);
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
        producer_queue.put(None); // one sentinel for three consumers
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// How many consumers say on `stopped` that they stopped, within `limit` from now.
    fn stopped_within(stopped: &mpsc::Receiver<usize>, limit: Duration) -> usize {
        let deadline = Instant::now() + limit;
        let mut count = 0;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            // The channel also ends (with an error) once every consumer has stopped.
            match stopped.recv_timeout(left) {
                Ok(_) => count += 1,
                Err(_) => break,
            }
        }
        count
    }

    #[test]
    fn every_consumer_stops_within_a_second() {
        let (stopped, consumer_stopped) = mpsc::channel();
        let (queue, _) = start(5, stopped);
        let stopped_in_time = stopped_within(&consumer_stopped, Duration::from_secs(1));
        if stopped_in_time == 3 {
            return;
        }
        // Every put counts one more unfinished task, and the 5 tasks were done: one
        // sentinel, put back once by each consumer, leaves at most 4.
        let round_and_round = queue.unfinished_tasks() > 4;
        let why = match stopped_in_time {
            _ if round_and_round => {
                "the sentinel went round and round: each consumer that took it put it back \
                 and took it again. After putting it back, stop (break, notes 22)."
            }
            0 => {
                "every consumer still waits in get(): the one that took the sentinel did not \
                 stop, and did not pass it on either (notes 20-22)."
            }
            1 => {
                "the other 2 still wait in get() for a sentinel: the one that took it did not \
                 pass it on. The producer puts one sentinel (notes 15), so each consumer that \
                 takes it must put it back (notes 21), then stop (notes 22)."
            }
            _ => {
                "the last still waits in get(), with no sentinel left for it. One sentinel \
                 stops any number of consumers when each one that takes it puts it back \
                 (notes 21)."
            }
        };
        panic!("only {stopped_in_time} of 3 consumers stopped within a second; {why}");
    }

    #[test]
    fn every_task_is_processed_once() {
        let (stopped, consumer_stopped) = mpsc::channel();
        let (_, results) = start(5, stopped);
        // A consumer that never stops is the other test's failure; here, the tasks count.
        stopped_within(&consumer_stopped, Duration::from_secs(1));
        let results = results.lock().unwrap();
        let mut tasks: Vec<&str> = results
            .iter()
            .filter_map(|line| line.rsplit(' ').next())
            .collect();
        tasks.sort_unstable();
        assert_eq!(
            tasks,
            ["0", "1", "2", "3", "4"],
            "each of the 5 tasks should be processed once; the results were {results:?}"
        );
    }
}
