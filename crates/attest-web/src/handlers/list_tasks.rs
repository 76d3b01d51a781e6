//! The limit on list tasks (linking and estimating uploaded lists) one server runs at once. Each
//! task is CPU-bound and holds its lists in memory, so a burst of uploads waits a little for a
//! slot ([`LIST_TASK_WAIT`]) and is then refused as busy rather than queued behind the request
//! timeout. The slots belong to one server's state ([`crate::Inner::list_tasks`]), so two servers
//! in one process (or two tests) do not share them.
//!
//! A request takes its slot ([`ListTasks::acquire`]) *before* it reads its upload, so a burst of
//! large uploads waiting for a slot is not held in memory: a refused request's body is never
//! read. One account runs one list task at a time: its second waits for its first (and is refused
//! as busy after the same wait) while another account can still take the other slot.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use attest_app::{AppError, Code};
use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::WebError;

/// List tasks one server runs at once.
pub const LIST_TASKS_AT_ONCE: usize = 2;
/// List tasks one account runs at once.
pub const LIST_TASKS_PER_ACCOUNT: usize = 1;
/// How long a request waits for a list-task slot before it is refused as busy.
pub const LIST_TASK_WAIT: Duration = Duration::from_secs(5);

/// One server's list-task slots, and each account's.
pub struct ListTasks {
    slots: Arc<Semaphore>,
    /// One semaphore per account that has asked for a slot (by user id). Entries are kept: they
    /// are a few bytes per account of this archive, which is small and bounded.
    accounts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// A slot held outside a request (see [`ListTasks::try_hold`]); freed when dropped.
pub struct HeldSlot {
    _permit: OwnedSemaphorePermit,
}

/// A request's list-task slot (the server's and its account's), taken before its upload is read;
/// freed when dropped, or when the work given to [`Slot::run`] has finished.
pub struct Slot {
    _account: OwnedSemaphorePermit,
    _server: OwnedSemaphorePermit,
}

impl Default for ListTasks {
    fn default() -> Self {
        ListTasks { slots: Arc::new(Semaphore::new(LIST_TASKS_AT_ONCE)), accounts: Mutex::new(HashMap::new()) }
    }
}

fn busy() -> WebError {
    WebError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        Code::Busy,
        "other lists are being linked or estimated now (or this account's own); try again in a minute",
    )
}

impl ListTasks {
    /// Slots free now.
    pub fn free(&self) -> usize {
        self.slots.available_permits()
    }

    /// Takes a slot without waiting, if one is free, as a task would (for tests of the limit).
    pub fn try_hold(&self) -> Option<HeldSlot> {
        self.slots.clone().try_acquire_owned().ok().map(|p| HeldSlot { _permit: p })
    }

    fn account(&self, user: &str) -> Arc<Semaphore> {
        let mut accounts = self.accounts.lock().unwrap_or_else(PoisonError::into_inner);
        accounts.entry(user.to_string()).or_insert_with(|| Arc::new(Semaphore::new(LIST_TASKS_PER_ACCOUNT))).clone()
    }

    /// Takes a slot for `user` (their account's, then the server's) within [`LIST_TASK_WAIT`];
    /// without one by then, the request is refused as busy (503 `busy`). Call it before reading
    /// the request's body.
    pub async fn acquire(&self, user: &str) -> Result<Slot, WebError> {
        let account = self.account(user);
        let both = async {
            let account = account.acquire_owned().await.ok()?;
            let server = self.slots.clone().acquire_owned().await.ok()?;
            Some(Slot { _account: account, _server: server })
        };
        tokio::time::timeout(LIST_TASK_WAIT, both).await.ok().flatten().ok_or_else(busy)
    }
}

impl Slot {
    /// Runs engine work on a blocking thread (it is CPU-bound and may take seconds), holding
    /// this slot until it has finished.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, WebError> {
        // The slot goes with the work, so a request dropped by its client still counts until
        // the engine has finished.
        let work = move || {
            let _slot = self;
            work()
        };
        match tokio::task::spawn_blocking(work).await {
            Ok(r) => r.map_err(WebError::from),
            // The panic's message may quote the lists: it is not passed on.
            Err(_) => Err(WebError::internal("a list task stopped before it finished")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_burst_of_list_tasks_beyond_the_limit_is_refused_as_busy_and_the_limit_frees_again() {
        let tasks = ListTasks::default();
        let held: Vec<_> = (0..LIST_TASKS_AT_ONCE).map(|_| tasks.try_hold().unwrap()).collect();
        let started = std::time::Instant::now();
        let refused = tasks.acquire("usr_a").await.err().unwrap();
        assert_eq!((refused.status, refused.code), (StatusCode::SERVICE_UNAVAILABLE, Code::Busy));
        assert!(started.elapsed() >= LIST_TASK_WAIT, "it waited for a slot before refusing");
        drop(held);
        assert_eq!(tasks.acquire("usr_a").await.unwrap().run(|| Ok(2)).await.unwrap(), 2);
        assert_eq!(tasks.free(), LIST_TASKS_AT_ONCE, "the permit is released with the work");
    }

    #[tokio::test]
    async fn a_slot_freed_while_a_request_waits_lets_it_run() {
        let tasks = Arc::new(ListTasks::default());
        let held: Vec<_> = (0..LIST_TASKS_AT_ONCE).map(|_| tasks.try_hold().unwrap()).collect();
        let waiting = tokio::spawn({
            let tasks = tasks.clone();
            async move { tasks.acquire("usr_a").await.ok()?.run(|| Ok(3)).await.ok() }
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!waiting.is_finished(), "with every slot held the request waits");
        drop(held);
        assert_eq!(waiting.await.unwrap(), Some(3));
    }

    #[tokio::test]
    async fn one_account_holds_one_slot_and_another_account_still_gets_the_other() {
        let tasks = ListTasks::default();
        let first = tasks.acquire("usr_a").await.unwrap();
        let started = std::time::Instant::now();
        assert_eq!(tasks.acquire("usr_a").await.err().unwrap().code, Code::Busy, "the same account waits, then 503");
        assert!(started.elapsed() >= LIST_TASK_WAIT);
        assert_eq!(tasks.free(), LIST_TASKS_AT_ONCE - 1, "the refused request took no server slot");
        let other = tokio::time::timeout(Duration::from_millis(500), tasks.acquire("usr_b")).await;
        assert!(matches!(other, Ok(Ok(_))), "another account gets the other slot at once");
        drop(first);
        assert!(tasks.acquire("usr_a").await.is_ok(), "the account's slot frees with its task");
    }
}
