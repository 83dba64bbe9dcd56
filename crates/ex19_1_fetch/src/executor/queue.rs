//! [`BlockingQueue`]: the pool's job queue, and the list of finished tasks that
//! [`as_completed`](super::as_completed) waits on.

use std::collections::VecDeque;
use std::fmt;
use std::time::Instant;

use super::sync::{Condvar, Mutex};

/// A first-in, first-out queue whose `pop` waits for an item: what CPython's
/// executor uses a `queue.SimpleQueue` for (the jobs) and a list with a
/// `threading.Event` for (`as_completed`'s finished futures).
pub(super) struct BlockingQueue<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
}

struct State<T> {
    items: VecDeque<T>,
    /// Set by [`BlockingQueue::close`]: `pop` stops waiting once the queue is empty.
    closed: bool,
}

impl<T> BlockingQueue<T> {
    pub(super) fn new() -> Self {
        Self {
            state: Mutex::new(State {
                items: VecDeque::new(),
                closed: false,
            }),
            changed: Condvar::new(),
        }
    }

    /// Adds `item` at the back and wakes one waiting `pop`. Never blocks.
    pub(super) fn push(&self, item: T) {
        self.state.lock().items.push_back(item);
        self.changed.notify_one();
    }

    /// Takes the front item, waiting for one if the queue is empty.
    ///
    /// `None` once the queue is closed and empty (what CPython's workers learn
    /// from the `None` that shutdown puts on their queue), or at `deadline`.
    pub(super) fn pop(&self, deadline: Option<Instant>) -> Option<T> {
        let mut state = self.state.lock();
        let nothing_to_take = |state: &mut State<T>| state.items.is_empty() && !state.closed;
        match deadline {
            None => self.changed.wait_while(&mut state, nothing_to_take),
            Some(deadline) => {
                self.changed
                    .wait_while_until(&mut state, nothing_to_take, deadline);
            }
        }
        state.items.pop_front()
    }

    /// Takes every item at once, without waiting.
    pub(super) fn take_all(&self) -> VecDeque<T> {
        std::mem::take(&mut self.state.lock().items)
    }

    /// Lets every `pop` return `None` once the items are gone, now and later.
    pub(super) fn close(&self) {
        self.state.lock().closed = true;
        self.changed.notify_all();
    }
}

impl<T> fmt::Debug for BlockingQueue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingQueue").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::within;
    use std::sync::Arc;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn pop_waits_for_a_push_and_keeps_the_order() {
        within(20, || {
            let queue = Arc::new(BlockingQueue::new());
            let popper = thread::spawn({
                let queue = Arc::clone(&queue);
                move || [queue.pop(None), queue.pop(None)]
            });
            queue.push(1);
            queue.push(2);
            assert_eq!(popper.join().unwrap(), [Some(1), Some(2)]);
        });
    }

    #[test]
    fn a_closed_queue_still_gives_its_items_then_none() {
        within(20, || {
            let queue = Arc::new(BlockingQueue::new());
            let waiting = thread::spawn({
                let queue = Arc::clone(&queue);
                move || queue.pop(None)
            });
            queue.close();
            assert_eq!(waiting.join().unwrap(), None, "close wakes a waiting pop");
            queue.push(1);
            assert_eq!(queue.pop(None), Some(1));
            assert_eq!(queue.pop(None), None);
        });
    }

    #[test]
    fn pop_gives_up_at_its_deadline_and_take_all_empties_the_queue() {
        within(20, || {
            let queue = BlockingQueue::new();
            let deadline = Instant::now() + Duration::from_millis(50);
            assert_eq!(queue.pop(Some(deadline)), None::<u32>);
            assert!(
                Instant::now() >= deadline,
                "pop returned before its deadline"
            );
            queue.push(1);
            queue.push(2);
            assert_eq!(queue.take_all(), [1, 2]);
            assert_eq!(queue.pop(Some(Instant::now())), None);
        });
    }
}
