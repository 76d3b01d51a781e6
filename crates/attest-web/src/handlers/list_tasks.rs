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
//!
//! Because the slot is held while the upload is read, the read has its own deadline
//! ([`crate::Settings::list_upload_within`], 20 s by default, up to 600 s with `attest serve
//! --list-upload-seconds`, always 40 s or more below the list uploads' request timeout): a client that trickles its upload is answered `too_slow` when it passes (408 from the
//! API, 400 from a page: see [`too_slow_for_a_page`]), and its slot is freed at once ([`read_within`]). The per-account entries go when their account holds
//! and awaits no slot, so the table holds only the accounts using the list pages now.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use attest_app::{AppError, Code};
use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::WebError;
use crate::i18n::Lang;

/// List tasks one server runs at once.
pub const LIST_TASKS_AT_ONCE: usize = 2;
/// List tasks one account runs at once.
pub const LIST_TASKS_PER_ACCOUNT: usize = 1;
/// How long a request waits for a list-task slot before it is refused as busy.
pub const LIST_TASK_WAIT: Duration = Duration::from_secs(5);
/// How long a list upload (or JSON list request) may take to arrive once it holds its slot (the
/// default of [`crate::Settings::list_upload_within`]): an 8 MiB upload needs about 3.4 Mbit/s.
pub const LIST_UPLOAD_WITHIN: Duration = Duration::from_secs(20);

/// One server's list-task slots, and each account's.
pub struct ListTasks {
    slots: Arc<Semaphore>,
    /// One semaphore per account that holds or awaits a slot (by user id). An entry goes when
    /// its account's last slot or wait ends ([`Accounts::forget_unused`]).
    accounts: Arc<Accounts>,
}

/// Each account's semaphore, while the account holds or awaits a slot.
#[derive(Default)]
struct Accounts(Mutex<HashMap<String, Arc<Semaphore>>>);

impl Accounts {
    /// `user`'s semaphore, made if the account has none now.
    fn of(&self, user: &str) -> Arc<Semaphore> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.entry(user.to_string()).or_insert_with(|| Arc::new(Semaphore::new(LIST_TASKS_PER_ACCOUNT))).clone()
    }

    /// Drops `user`'s entry if nothing but the table refers to its semaphore: no permit (a
    /// permit holds its semaphore) and no request waiting (a waiter holds a clone). Clones are
    /// only made under this lock, so the count cannot grow while it is checked.
    fn forget_unused(&self, user: &str) {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if map.get(user).is_some_and(|s| Arc::strong_count(s) == 1) {
            map.remove(user);
        }
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// A slot held outside a request (see [`ListTasks::try_hold`]); freed when dropped.
pub struct HeldSlot {
    _permit: OwnedSemaphorePermit,
}

/// A request's list-task slot (the server's and its account's), taken before its upload is read;
/// freed when dropped, or when the work given to [`Slot::run`] has finished.
pub struct Slot {
    account: Option<OwnedSemaphorePermit>,
    _server: OwnedSemaphorePermit,
    user: String,
    accounts: Arc<Accounts>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        // The permit first, so that the table's entry is the semaphore's last holder.
        drop(self.account.take());
        self.accounts.forget_unused(&self.user);
    }
}

impl Default for ListTasks {
    fn default() -> Self {
        ListTasks { slots: Arc::new(Semaphore::new(LIST_TASKS_AT_ONCE)), accounts: Arc::default() }
    }
}

fn busy() -> WebError {
    WebError {
        problem: attest_app::Problem::List(Box::new(attest_app::ListProblem::Busy)),
        ..WebError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::Busy,
            "other lists are being linked or estimated now (or this account's own); try again in a minute",
        )
    }
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

    /// Accounts with an entry now (holding or awaiting a slot), for tests of the table's size.
    pub fn accounts_tracked(&self) -> usize {
        self.accounts.len()
    }

    /// Takes a slot for `user` (their account's, then the server's) within [`LIST_TASK_WAIT`];
    /// without one by then, the request is refused as busy (503 `busy`). Call it before reading
    /// the request's body.
    pub async fn acquire(&self, user: &str) -> Result<Slot, WebError> {
        // The account's reference is a guard: however this wait ends (a slot, a refusal, or the
        // request dropped by its client mid-wait), the reference goes and the table forgets an
        // entry nothing else holds. A slot's own permit keeps the entry until the slot drops.
        let waiting = Waiting { account: Some(self.accounts.of(user)), user, accounts: &self.accounts };
        let both = async {
            let account = waiting.account.as_ref()?.clone().acquire_owned().await.ok()?;
            let server = self.slots.clone().acquire_owned().await.ok()?;
            Some((account, server))
        };
        let got = tokio::time::timeout(LIST_TASK_WAIT, both).await.ok().flatten();
        drop(waiting);
        match got {
            Some((account, server)) => Ok(Slot {
                account: Some(account),
                _server: server,
                user: user.to_string(),
                accounts: self.accounts.clone(),
            }),
            None => Err(busy()),
        }
    }
}

/// A request's reference to its account's semaphore while it waits for a slot; dropping it
/// (whenever the wait ends, or the request is dropped) lets the table forget an unused entry.
struct Waiting<'a> {
    account: Option<Arc<Semaphore>>,
    user: &'a str,
    accounts: &'a Accounts,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        drop(self.account.take());
        self.accounts.forget_unused(self.user);
    }
}

/// A page's answer when its upload was too slow: 400 rather than the API's 408, because a
/// browser that gets 408 on a reused keep-alive connection may send the whole upload again
/// (Chromium does), taking a slot for another 20 s instead of showing the refusal.
pub fn too_slow_for_a_page(mut e: WebError) -> WebError {
    if e.code == Code::TooSlow {
        e.status = StatusCode::BAD_REQUEST;
    }
    e
}

/// Reads a list request's body (`read`) within `deadline`; past it, the read is dropped and the
/// request refused with 408 `too_slow`, so the caller's slot, dropped with the refusal, is free
/// at once rather than held until the request timeout.
pub async fn read_within<T>(
    deadline: Duration,
    read: impl Future<Output = Result<T, WebError>>,
) -> Result<T, WebError> {
    match tokio::time::timeout(deadline, read).await {
        Ok(r) => r,
        Err(_) => {
            tracing::warn!("a list upload did not arrive within {deadline:?}; refused as too slow");
            // The page says it in the user's language by the code (`error_too_slow`); the
            // message is the same English sentence, so no English detail is added below it.
            Err(WebError::new(StatusCode::REQUEST_TIMEOUT, Code::TooSlow, Lang::En.t("error_too_slow")))
        }
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

    /// Entries go when unused: after a task, after a refusal, and while two requests of one
    /// account wait, the entry stays until the last of them ends.
    #[tokio::test]
    async fn an_account_leaves_the_table_when_it_holds_and_awaits_no_slot() {
        let tasks = Arc::new(ListTasks::default());
        for i in 0..50 {
            let slot = tasks.acquire(&format!("usr_{i}")).await.unwrap();
            slot.run(|| Ok(())).await.unwrap();
        }
        assert_eq!(tasks.accounts_tracked(), 0, "fifty accounts that linked once leave nothing behind");
        let first = tasks.acquire("usr_a").await.unwrap();
        assert_eq!(tasks.accounts_tracked(), 1);
        let (got, held_second) = (tokio::sync::oneshot::channel(), tokio::sync::oneshot::channel::<()>());
        let (got_tx, got_rx) = got;
        let (release, hold) = held_second;
        let second = tokio::spawn({
            let tasks = tasks.clone();
            async move {
                let slot = tasks.acquire("usr_a").await;
                let ok = slot.is_ok();
                let _ = got_tx.send(ok);
                let _ = hold.await;
                drop(slot);
            }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop(first);
        assert!(got_rx.await.unwrap(), "the waiting request got the account's slot");
        assert_eq!(tasks.accounts_tracked(), 1, "the entry stays while the second request holds the slot");
        let third = tokio::time::timeout(Duration::from_millis(200), tasks.acquire("usr_a")).await;
        assert!(third.is_err(), "a third request of the account does not run beside the second");
        release.send(()).unwrap();
        second.await.unwrap();
        assert_eq!(tasks.accounts_tracked(), 0, "gone once its waiter ended too");
        // A request dropped while it waits (its client hung up) leaves no entry behind.
        let held: Vec<_> = (0..LIST_TASKS_AT_ONCE).map(|_| tasks.try_hold().unwrap()).collect();
        let dropped = tokio::time::timeout(Duration::from_millis(100), tasks.acquire("usr_c")).await;
        assert!(dropped.is_err(), "every server slot is held, so it was still waiting");
        assert_eq!(tasks.accounts_tracked(), 0, "a wait dropped midway leaves no entry");
        drop(held);
        let held: Vec<_> = (0..LIST_TASKS_AT_ONCE).map(|_| tasks.try_hold().unwrap()).collect();
        assert_eq!(tasks.acquire("usr_b").await.err().unwrap().code, Code::Busy);
        assert_eq!(tasks.accounts_tracked(), 0, "a refused request leaves no entry");
        drop(held);
    }

    /// A read past its deadline is refused as too slow, and the slot taken before it is free at
    /// once: as in a handler, the slot drops with the refusal.
    #[tokio::test]
    async fn a_read_past_its_deadline_is_refused_as_too_slow_and_frees_the_slot() {
        async fn handler(tasks: &ListTasks, read: impl Future<Output = Result<u8, WebError>>) -> Result<u8, WebError> {
            let _slot = tasks.acquire("usr_a").await?;
            read_within(Duration::from_millis(300), read).await
        }
        let tasks = ListTasks::default();
        let started = std::time::Instant::now();
        let refused = handler(&tasks, std::future::pending()).await.err().unwrap();
        assert_eq!((refused.status, refused.code), (StatusCode::REQUEST_TIMEOUT, Code::TooSlow));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!((tasks.free(), tasks.accounts_tracked()), (LIST_TASKS_AT_ONCE, 0));
        assert_eq!(too_slow_for_a_page(refused).status, StatusCode::BAD_REQUEST, "a page answers 400, not 408");
        assert_eq!(handler(&tasks, async { Ok(7) }).await.unwrap(), 7);
    }
}
