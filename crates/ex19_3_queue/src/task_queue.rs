//! [`TaskQueue`]: Python's `queue.Queue`, built on a crossbeam channel.

use std::fmt;

use crossbeam_channel::TrySendError;

use crate::recording::{Action, Event, Recordable, Recorder, Slot};
use crate::sync::{Condvar, Mutex, Receiver, Sender, bounded, unbounded};

/// A thread-safe FIFO queue that also counts unfinished tasks: what Python's
/// `queue.Queue(maxsize)` is.
///
/// The items travel through a [`crossbeam_channel`] channel, bounded by
/// `maxsize`, so [`put`](Self::put) blocks while the queue is full (backpressure)
/// and [`get`](Self::get) blocks while it is empty. Beside the channel, a count
/// of unfinished tasks does what Python's `unfinished_tasks` does: every `put`
/// adds one, every [`task_done`](Self::task_done) takes one away, and
/// [`join`](Self::join) waits until it is zero.
///
/// # Sentinels count too
///
/// Like Python, the queue does not know which items are work and which are a
/// signal: *every* `put` counts, a `None` sentinel included. In Example 19.3 the
/// producer puts 5 tasks and one `None`, and each of the 3 consumers puts the
/// `None` back for the next one before it stops: 9 puts. The consumers call
/// `task_done` for the 5 tasks only, as the lecture does, so 4 tasks stay
/// unfinished (and one `None` stays in the queue) when the program ends. The
/// lecture never calls `join`, so that is harmless there, but a `join` after
/// that protocol would wait forever. A program that wants to `join` must call
/// `task_done` for each sentinel it takes as well, and must not leave one behind
/// in the queue (for instance: one sentinel per consumer, none put back).
///
/// # Example
///
/// ```
/// use ex19_3_queue::TaskQueue;
/// use std::thread;
///
/// let queue = TaskQueue::new(2);
/// thread::scope(|scope| {
///     scope.spawn(|| {
///         for task in 0..5 {
///             queue.put(task); // waits while 2 tasks are queued
///         }
///     });
///     for expected in 0..5 {
///         assert_eq!(queue.get(), expected);
///         queue.task_done().unwrap();
///     }
/// });
/// queue.join(); // every task is done: returns at once
/// ```
pub struct TaskQueue<T> {
    sender: Sender<T>,
    receiver: Receiver<T>,
    /// Items put and not yet marked done: Python's `unfinished_tasks`.
    unfinished_tasks: Mutex<usize>,
    /// Notified when `unfinished_tasks` drops to zero: Python's `all_tasks_done`.
    all_tasks_done: Condvar,
    /// Every call, once [`record`](Self::record) has been called (`--timeline`).
    recorder: Slot<T>,
}

impl<T> TaskQueue<T> {
    /// An empty queue that holds at most `maxsize` items: `queue.Queue(maxsize)`.
    ///
    /// As in Python, a `maxsize` of 0 means no limit.
    pub fn new(maxsize: usize) -> Self {
        let (sender, receiver) = match maxsize {
            0 => unbounded(),
            _ => bounded(maxsize),
        };
        Self {
            sender,
            receiver,
            unfinished_tasks: Mutex::new(0),
            all_tasks_done: Condvar::new(),
            recorder: Slot::new(),
        }
    }

    /// Adds `item` at the back, waiting while the queue is full: `put(item)`.
    ///
    /// The item counts as unfinished until a [`task_done`](Self::task_done)
    /// marks it done. It is counted just before it enters the channel (Python
    /// counts it just after, under the queue's one lock), so that a consumer that
    /// takes it and calls `task_done` at once always finds it counted. A `put`
    /// still waiting on a full queue therefore already keeps [`join`](Self::join)
    /// waiting.
    pub fn put(&self, item: T) {
        *self.unfinished_tasks.lock() += 1;
        let Some(recorder) = self.recorder.get() else {
            return self.send(item);
        };
        let began = recorder.now();
        let recorded = recorder.describe(&item);
        // Trying first is how the recording knows, not guesses, that this put waited.
        let waited = match self.sender.try_send(item) {
            Ok(()) => false,
            Err(TrySendError::Full(item) | TrySendError::Disconnected(item)) => {
                self.send(item);
                true
            }
        };
        let action = Action::Put {
            item: recorded,
            waited,
        };
        recorder.note(action, began, self.len());
    }

    fn send(&self, item: T) {
        self.sender
            .send(item)
            .expect("the queue holds its own receiver, so the channel is never disconnected");
    }

    /// Removes and returns the item at the front, waiting while the queue is
    /// empty: `get()`.
    pub fn get(&self) -> T {
        let recorder = self.recorder.get();
        let began = recorder.map(Recorder::now);
        let item = self
            .receiver
            .recv()
            .expect("the queue holds its own sender, so the channel is never disconnected");
        if let (Some(recorder), Some(began)) = (recorder, began) {
            let action = Action::Get {
                item: recorder.describe(&item),
            };
            recorder.note(action, began, self.len());
        }
        item
    }

    /// Marks one item taken with [`get`](Self::get) as done: `task_done()`.
    ///
    /// When no task is unfinished this is an error, where Python raises
    /// `ValueError('task_done() called too many times')`. The last one wakes
    /// every thread waiting in [`join`](Self::join).
    pub fn task_done(&self) -> Result<(), TaskDoneError> {
        let mut unfinished = self.unfinished_tasks.lock();
        *unfinished = unfinished.checked_sub(1).ok_or(TaskDoneError)?;
        if *unfinished == 0 {
            self.all_tasks_done.notify_all();
        }
        drop(unfinished);
        if let Some(recorder) = self.recorder.get() {
            recorder.note(Action::TaskDone, recorder.now(), self.len());
        }
        Ok(())
    }

    /// Waits until every item ever put has been marked done: `join()`.
    ///
    /// Returns at once if nothing is unfinished, for example when nothing was put.
    pub fn join(&self) {
        let mut unfinished = self.unfinished_tasks.lock();
        self.all_tasks_done
            .wait_while(&mut unfinished, |unfinished| *unfinished > 0);
    }

    /// How many items were put and not yet marked done: `unfinished_tasks`.
    pub fn unfinished_tasks(&self) -> usize {
        *self.unfinished_tasks.lock()
    }

    /// How many items are in the queue now: `qsize()`.
    ///
    /// Like Python's, the answer may be out of date by the time it is read.
    pub fn len(&self) -> usize {
        self.receiver.len()
    }

    /// Whether the queue holds no item now: `empty()`.
    pub fn is_empty(&self) -> bool {
        self.receiver.is_empty()
    }

    /// The most items the queue holds, `None` for no limit: `maxsize`.
    pub fn capacity(&self) -> Option<usize> {
        self.sender.capacity()
    }

    /// Every `put`, `get` and `task_done` since [`record`](Self::record) was called, in
    /// the order they returned; none if it never was.
    pub fn recorded(&self) -> Vec<Event> {
        self.recorder.get().map_or_else(Vec::new, Recorder::events)
    }
}

impl<T: Recordable> TaskQueue<T> {
    /// From now on, notes every `put`, `get` and `task_done`: which thread, when, and
    /// how many items the queue then held (for `--timeline`). Python's `Queue` has no
    /// such thing. Later calls change nothing: the recording keeps its first start.
    pub fn record(&self) {
        let _ = self.recorder.set(Recorder::new(T::recorded));
    }
}

/// [`TaskQueue::task_done`] was called more times than items were put.
///
/// Python raises `ValueError` with the same message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskDoneError;

impl fmt::Display for TaskDoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done() called too many times")
    }
}

impl std::error::Error for TaskDoneError {}

// With `--cfg loom` the queue is built from loom's types, which work only inside a
// model: then `loom_models` tests it instead.
#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use parking_lot::Mutex;
    use std::sync::{Arc, mpsc};
    use std::thread;
    use std::time::Duration;

    const LIMIT: Duration = Duration::from_secs(30);
    /// How long a thread that should stay blocked gets to show that it does not.
    /// Generous, and it can only make a broken queue pass, never a working one fail.
    const GRACE: Duration = Duration::from_millis(300);

    /// Runs `body` on its own thread and fails the test if it takes longer than `LIMIT`.
    fn within_limit<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        thread::spawn(move || done.send(body()));
        match result.recv_timeout(LIMIT) {
            Ok(value) => value,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("timed out after {LIMIT:?}"),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the test body panicked"),
        }
    }

    /// Starts `action` on a thread; the receiver gets `()` once `action` has returned.
    fn in_background(action: impl FnOnce() + Send + 'static) -> mpsc::Receiver<()> {
        let (done, finished) = mpsc::channel();
        thread::spawn(move || {
            action();
            let _ = done.send(());
        });
        finished
    }

    #[test]
    fn items_come_out_in_the_order_they_went_in() {
        let taken = within_limit(|| {
            let queue = TaskQueue::new(10);
            for item in 0..10 {
                queue.put(item);
            }
            (0..10).map(|_| queue.get()).collect::<Vec<_>>()
        });
        assert_eq!(taken, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn reports_its_depth_and_capacity() {
        within_limit(|| {
            let queue = TaskQueue::new(3);
            assert_eq!(
                (queue.len(), queue.is_empty(), queue.capacity()),
                (0, true, Some(3))
            );
            queue.put("a");
            queue.put("b");
            assert_eq!((queue.len(), queue.is_empty()), (2, false));
            queue.get();
            assert_eq!(queue.len(), 1);
        });
        assert_eq!(
            TaskQueue::<u8>::new(0).capacity(),
            None,
            "0 means no limit, as in Python"
        );
    }

    #[test]
    fn put_blocks_while_full_until_a_get() {
        within_limit(|| {
            let queue = Arc::new(TaskQueue::new(2));
            queue.put(0);
            queue.put(1);
            let third_put = in_background({
                let queue = Arc::clone(&queue);
                move || queue.put(2)
            });
            assert_eq!(
                third_put.recv_timeout(GRACE),
                Err(mpsc::RecvTimeoutError::Timeout)
            );
            assert_eq!(queue.len(), 2);
            assert_eq!(queue.get(), 0);
            third_put
                .recv_timeout(LIMIT)
                .expect("the get made room for the third put");
            assert_eq!((queue.get(), queue.get()), (1, 2));
        });
    }

    #[test]
    fn get_blocks_while_empty_until_a_put() {
        within_limit(|| {
            let queue = Arc::new(TaskQueue::new(2));
            let (got, item) = mpsc::channel();
            in_background({
                let queue = Arc::clone(&queue);
                move || got.send(queue.get()).unwrap()
            });
            assert_eq!(
                item.recv_timeout(GRACE),
                Err(mpsc::RecvTimeoutError::Timeout)
            );
            queue.put(7);
            assert_eq!(item.recv_timeout(LIMIT), Ok(7));
        });
    }

    #[test]
    fn task_done_more_often_than_put_is_an_error() {
        within_limit(|| {
            let queue = TaskQueue::new(2);
            assert_eq!(queue.task_done(), Err(TaskDoneError));
            queue.put("task");
            queue.get();
            assert_eq!(queue.task_done(), Ok(()));
            let error = queue.task_done().unwrap_err();
            assert_eq!(error.to_string(), "task_done() called too many times");
            assert_eq!(
                queue.unfinished_tasks(),
                0,
                "a refused task_done changes nothing"
            );
        });
    }

    #[test]
    fn join_returns_at_once_when_nothing_was_put() {
        within_limit(|| TaskQueue::<u8>::new(1).join());
    }

    #[test]
    fn join_waits_until_every_item_is_done() {
        within_limit(|| {
            let queue = Arc::new(TaskQueue::new(3));
            for task in 0..3 {
                queue.put(task);
            }
            let joined = in_background({
                let queue = Arc::clone(&queue);
                move || queue.join()
            });
            for _ in 0..3 {
                queue.get();
            }
            assert_eq!(
                joined.recv_timeout(GRACE),
                Err(mpsc::RecvTimeoutError::Timeout),
                "all taken, none done"
            );
            queue.task_done().unwrap();
            queue.task_done().unwrap();
            assert_eq!(
                joined.recv_timeout(GRACE),
                Err(mpsc::RecvTimeoutError::Timeout),
                "one not done"
            );
            queue.task_done().unwrap();
            joined
                .recv_timeout(LIMIT)
                .expect("the last task_done ends the join");
        });
    }

    #[test]
    fn several_producers_and_consumers_deliver_each_item_exactly_once() {
        const PRODUCERS: u32 = 3;
        const CONSUMERS: usize = 4;
        const ITEMS_EACH: u32 = 500;
        let mut taken = within_limit(|| {
            let queue = TaskQueue::new(4);
            let taken = thread::scope(|scope| {
                let consumers: Vec<_> = (0..CONSUMERS)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut taken = Vec::new();
                            while let Some(item) = queue.get() {
                                taken.push(item);
                                queue.task_done().unwrap();
                            }
                            queue.task_done().unwrap(); // for the sentinel, so join can return
                            taken
                        })
                    })
                    .collect();
                let producers: Vec<_> = (0..PRODUCERS)
                    .map(|producer| {
                        let queue = &queue;
                        scope.spawn(move || {
                            for item in 0..ITEMS_EACH {
                                queue.put(Some(producer * ITEMS_EACH + item));
                            }
                        })
                    })
                    .collect();
                for producer in producers {
                    producer.join().unwrap();
                }
                for _ in 0..CONSUMERS {
                    queue.put(None);
                }
                queue.join();
                consumers
                    .into_iter()
                    .flat_map(|c| c.join().unwrap())
                    .collect::<Vec<_>>()
            });
            assert!(queue.is_empty());
            taken
        });
        taken.sort_unstable();
        assert_eq!(taken, (0..PRODUCERS * ITEMS_EACH).collect::<Vec<_>>());
    }

    #[test]
    fn the_lectures_sentinel_protocol_leaves_the_sentinels_unfinished() {
        let queue = within_limit(|| {
            let queue = TaskQueue::new(10);
            thread::scope(|scope| {
                for _ in 0..3 {
                    scope.spawn(|| {
                        while let Some(_task) = queue.get() {
                            queue.task_done().unwrap();
                        }
                        queue.put(None);
                    });
                }
                for task in 0..5 {
                    queue.put(Some(task));
                }
                queue.put(None);
            });
            queue
        });
        // 5 tasks + 1 sentinel + 3 sentinels put back, 5 task_done: a join would wait forever.
        assert_eq!(queue.unfinished_tasks(), 4);
        assert_eq!(queue.len(), 1);
    }
    /// The lecture's protocol with `producers` producers, `consumers` consumers and
    /// `items_each` tasks per producer: checks that no task is lost or processed twice,
    /// that the queue never holds more than `capacity`, and that `join` returns only once
    /// every task put so far is done.
    fn run_protocol(producers: u32, consumers: usize, capacity: usize, items_each: u32) {
        let queue = TaskQueue::new(capacity);
        let processed = Mutex::new(Vec::new());
        let total = producers * items_each;
        thread::scope(|scope| {
            let workers: Vec<_> = (0..consumers)
                .map(|_| {
                    scope.spawn(|| {
                        while let Some(task) = queue.get() {
                            assert!(queue.len() <= capacity, "over capacity");
                            processed.lock().push(task);
                            queue.task_done().unwrap();
                        }
                        queue.put(None);
                    })
                })
                .collect();
            let producing: Vec<_> = (0..producers)
                .map(|producer| {
                    let queue = &queue;
                    scope.spawn(move || {
                        for item in 0..items_each {
                            queue.put(Some(producer * items_each + item));
                            assert!(queue.len() <= capacity, "over capacity");
                        }
                    })
                })
                .collect();
            for producer in producing {
                producer.join().unwrap();
            }
            queue.join();
            assert_eq!(
                processed.lock().len(),
                total as usize,
                "join returned early"
            );
            queue.put(None);
            for worker in workers {
                worker.join().unwrap();
            }
        });
        let mut processed = processed.into_inner();
        processed.sort_unstable();
        assert_eq!(processed, (0..total).collect::<Vec<_>>());
        assert_eq!(
            queue.unfinished_tasks(),
            1 + consumers,
            "the sentinel's puts"
        );
        assert_eq!(queue.len(), 1, "the last sentinel stays behind");
    }

    #[test]
    fn stress_random_shapes_of_the_protocol() {
        let seed = fastrand::u64(..);
        let mut rng = fastrand::Rng::with_seed(seed);
        for _ in 0..40 {
            let shape = (
                rng.u32(1..=4),
                rng.usize(1..=4),
                rng.usize(1..=4),
                rng.u32(0..=60),
            );
            // Printed only when the test fails, to replay the same shapes.
            println!("seed {seed}: (producers, consumers, capacity, items each) = {shape:?}");
            let (producers, consumers, capacity, items_each) = shape;
            within_limit(move || run_protocol(producers, consumers, capacity, items_each));
        }
    }
}
