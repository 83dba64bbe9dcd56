//! [`TaskQueue`]: Example 19.3's queue, where a `task_done` called too early is always
//! caught.

use std::collections::{HashMap, HashSet};
use std::sync::{self, Condvar};
use std::thread::{self, ThreadId};

use ex19_3_queue::TaskDoneError;

use crate::{HOLD, lock, wait_while};

/// What a thread that calls `task_done` once more than it took tasks is told.
const DONE_TWICE: &str = "task_done() called twice for one task: this thread has marked \
    every task it took as done already. Call it once per task taken, after the work and \
    after the result is recorded.";

/// `ex19_3_queue::TaskQueue` (Python's `queue.Queue`) with the same methods, in a stress
/// mode:
///
/// - the `task_done` that leaves no task unfinished returns only once a `join` has
///   returned and the thread that joined has used the queue again (or after [`HOLD`], if
///   nobody joins). So whatever the thread that called `task_done` still had to do, such
///   as recording the task's result, happens after the joining thread has looked: a
///   `task_done` called before the result is recorded always shows.
/// - a thread that calls `task_done` more often than it called `get` panics, naming the
///   mistake.
pub struct TaskQueue<T> {
    queue: ex19_3_queue::TaskQueue<T>,
    turns: sync::Mutex<Turns>,
    changed: Condvar,
}

/// Who took tasks, and who returned from `join`.
#[derive(Default)]
struct Turns {
    /// How many times the queue was used (put, get, task_done).
    uses: u64,
    /// For each thread, the tasks it took and has not marked done.
    taken: HashMap<ThreadId, usize>,
    /// The threads that returned from `join` and have not used the queue since.
    joined: HashSet<ThreadId>,
    /// `uses` when a thread that had returned from `join` used the queue again, last.
    used_after_join: u64,
}

impl<T> TaskQueue<T> {
    /// `TaskQueue::new(maxsize)`: at most `maxsize` items wait, 0 for no limit.
    pub fn new(maxsize: usize) -> Self {
        Self {
            queue: ex19_3_queue::TaskQueue::new(maxsize),
            turns: sync::Mutex::default(),
            changed: Condvar::new(),
        }
    }

    /// Counts one use of the queue by this thread, and returns the count.
    fn used(&self, turns: &mut Turns) -> u64 {
        turns.uses += 1;
        if turns.joined.remove(&thread::current().id()) {
            turns.used_after_join = turns.uses;
            self.changed.notify_all();
        }
        turns.uses
    }

    /// `put(item)`: adds `item`, waiting while the queue is full.
    pub fn put(&self, item: T) {
        self.used(&mut lock(&self.turns));
        self.queue.put(item);
    }

    /// `get()`: takes the first item, waiting while the queue is empty.
    pub fn get(&self) -> T {
        let item = self.queue.get();
        let mut turns = lock(&self.turns);
        self.used(&mut turns);
        *turns.taken.entry(thread::current().id()).or_default() += 1;
        item
    }

    /// `task_done()`: marks one task that this thread took as done. The one that leaves no
    /// task unfinished returns once `join` has returned and its thread has used the queue
    /// again, or after [`HOLD`].
    ///
    /// # Errors
    /// As `ex19_3_queue::TaskQueue::task_done`: more calls than items put.
    ///
    /// # Panics
    /// If this thread has marked every task it took as done already.
    pub fn task_done(&self) -> Result<(), TaskDoneError> {
        let mut turns = lock(&self.turns);
        let taken = turns.taken.entry(thread::current().id()).or_default();
        if *taken == 0 {
            drop(turns);
            panic!("{DONE_TWICE}");
        }
        *taken -= 1;
        let now = self.used(&mut turns);
        drop(turns);
        self.queue.task_done()?;
        if self.queue.unfinished_tasks() == 0 {
            let not_looked_yet = |turns: &mut Turns| turns.used_after_join < now;
            drop(wait_while(
                &self.changed,
                lock(&self.turns),
                HOLD,
                not_looked_yet,
            ));
        }
        Ok(())
    }

    /// `join()`: waits until every item put has been marked done.
    pub fn join(&self) {
        self.queue.join();
        lock(&self.turns).joined.insert(thread::current().id());
    }

    /// `qsize()`: how many items are in the queue now.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// `empty()`: whether the queue holds no item now.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// `maxsize`: the most items the queue holds, `None` for no limit.
    pub fn capacity(&self) -> Option<usize> {
        self.queue.capacity()
    }

    /// `unfinished_tasks`: items put and not yet marked done.
    pub fn unfinished_tasks(&self) -> usize {
        self.queue.unfinished_tasks()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Puts 4 tasks for 2 consumers that record each one's result after `task_done`, when
    /// `done_first` is set, or before it; returns how many results `join` found.
    fn results_at_join(done_first: bool) -> usize {
        let (queue, results) = (TaskQueue::new(10), Mutex::new(Vec::new()));
        thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    while let Some(task) = queue.get() {
                        if done_first {
                            queue.task_done().unwrap();
                            results.lock().unwrap().push(task);
                        } else {
                            results.lock().unwrap().push(task);
                            queue.task_done().unwrap();
                        }
                    }
                });
            }
            for task in 0..4 {
                queue.put(Some(task));
            }
            queue.join();
            let found = results.lock().unwrap().len();
            queue.put(None);
            queue.put(None);
            found
        })
    }

    #[test]
    fn a_result_recorded_after_task_done_is_missing_at_join_in_every_run() {
        for _ in 0..3 {
            assert!(results_at_join(true) < 4);
            assert_eq!(results_at_join(false), 4);
        }
    }

    #[test]
    fn task_done_twice_for_one_task_panics_naming_the_mistake() {
        let queue = TaskQueue::new(2);
        queue.put(1);
        queue.put(2);
        queue.get();
        queue.task_done().unwrap();
        let done_twice = std::panic::AssertUnwindSafe(|| queue.task_done());
        let panicked = std::panic::catch_unwind(done_twice).unwrap_err();
        let message = panicked.downcast_ref::<String>().unwrap();
        assert!(message.starts_with("task_done() called twice"), "{message}");
    }
}
