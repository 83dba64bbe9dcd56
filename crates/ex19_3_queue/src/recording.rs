//! What a [`TaskQueue`](crate::TaskQueue) notes once [`record`](crate::TaskQueue::record)
//! is called: every `put`, `get` and `task_done`, which thread made it, when, and how many
//! items the queue held right after. `--timeline` draws a run from these events
//! ([`view`](crate::view)).
//!
//! Until `record` is called nothing is noted, and each call costs one check of an empty
//! `OnceLock`: the lecture's run is the same with or without this module.

use std::sync::OnceLock;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use parking_lot::Mutex;

/// What a recording keeps of an item: the task's number, or that it was the sentinel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A task, by its number.
    Task(u32),
    /// The `None` that tells a consumer to stop.
    Sentinel,
}

/// Items that a recording can describe: the lecture's `Option<u32>` tasks.
pub trait Recordable {
    /// What the recording keeps of this item.
    fn recorded(&self) -> Item;
}

impl Recordable for Option<u32> {
    fn recorded(&self) -> Item {
        self.map_or(Item::Sentinel, Item::Task)
    }
}

/// One call on the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `put(item)`; `waited` if the queue was full when it was called, so that the call
    /// had to wait for a `get` to make room (backpressure).
    Put {
        /// What was put.
        item: Item,
        /// Whether the queue was full, so the put waited.
        waited: bool,
    },
    /// `get()` returned `item`.
    Get {
        /// What was taken.
        item: Item,
    },
    /// `task_done()` succeeded.
    TaskDone,
}

/// A call on the queue, by one thread, at a time since the recording began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// The thread that made the call.
    pub thread: ThreadId,
    /// What the call did.
    pub action: Action,
    /// When the call began: a `put` or `get` may wait before it returns.
    pub began: Duration,
    /// When it returned.
    pub returned: Duration,
    /// How many items the queue held right after it returned (`qsize()`, read then).
    pub depth: usize,
}

/// The events of a queue that is being recorded.
pub(crate) struct Recorder<T> {
    origin: Instant,
    describe: fn(&T) -> Item,
    events: Mutex<Vec<Event>>,
}

/// A queue's recorder, empty until recording starts.
pub(crate) type Slot<T> = OnceLock<Recorder<T>>;

impl<T> Recorder<T> {
    pub(crate) fn new(describe: fn(&T) -> Item) -> Recorder<T> {
        Recorder {
            origin: Instant::now(),
            describe,
            events: Mutex::new(Vec::new()),
        }
    }

    /// The time since the recording began.
    pub(crate) fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    pub(crate) fn describe(&self, item: &T) -> Item {
        (self.describe)(item)
    }

    /// Notes `action` by the calling thread, begun at `began` and returning now.
    pub(crate) fn note(&self, action: Action, began: Duration, depth: usize) {
        let event = Event {
            thread: thread::current().id(),
            action,
            began,
            returned: self.now(),
            depth,
        };
        self.events.lock().push(event);
    }

    /// Every event so far, in the order the calls returned.
    pub(crate) fn events(&self) -> Vec<Event> {
        let mut events = self.events.lock().clone();
        events.sort_by_key(|event| event.returned);
        events
    }
}
