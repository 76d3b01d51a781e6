//! The limit on list tasks (linking and estimating uploaded lists) one server runs at once. Each
//! task is CPU-bound and holds its lists in memory, so a burst of uploads waits a little for a
//! slot ([`LIST_TASK_WAIT`]) and is then refused as busy rather than queued behind the request
//! timeout. The slots belong to one server's state ([`crate::Inner::list_tasks`]), so two servers
//! in one process (or two tests) do not share them.

use std::sync::Arc;
use std::time::Duration;

use attest_app::{AppError, Code};
use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::WebError;

/// List tasks one server runs at once.
pub const LIST_TASKS_AT_ONCE: usize = 2;
/// How long a request waits for a list-task slot before it is refused as busy.
pub const LIST_TASK_WAIT: Duration = Duration::from_secs(5);

/// One server's list-task slots.
pub struct ListTasks {
    slots: Arc<Semaphore>,
}

/// A slot held outside a request (see [`ListTasks::try_hold`]); freed when dropped.
pub struct HeldSlot {
    _permit: OwnedSemaphorePermit,
}

impl Default for ListTasks {
    fn default() -> Self {
        ListTasks { slots: Arc::new(Semaphore::new(LIST_TASKS_AT_ONCE)) }
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

    /// Runs engine work on a blocking thread (it is CPU-bound and may take seconds) once a slot
    /// is free; after [`LIST_TASK_WAIT`] without one, the request is refused as busy (503).
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, WebError> {
        let Ok(Ok(permit)) = tokio::time::timeout(LIST_TASK_WAIT, self.slots.clone().acquire_owned()).await else {
            return Err(WebError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                Code::Busy,
                "other lists are being linked or estimated now; try again in a minute",
            ));
        };
        // The permit goes with the work, so a request dropped by its client still counts until
        // the engine has finished.
        let work = move || {
            let _permit = permit;
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
        let refused = tasks.run(|| Ok(1)).await.unwrap_err();
        assert_eq!((refused.status, refused.code), (StatusCode::SERVICE_UNAVAILABLE, Code::Busy));
        assert!(started.elapsed() >= LIST_TASK_WAIT, "it waited for a slot before refusing");
        drop(held);
        assert_eq!(tasks.run(|| Ok(2)).await.unwrap(), 2);
        assert_eq!(tasks.free(), LIST_TASKS_AT_ONCE, "the permit is released with the work");
    }

    #[tokio::test]
    async fn a_slot_freed_while_a_request_waits_lets_it_run() {
        let tasks = Arc::new(ListTasks::default());
        let held: Vec<_> = (0..LIST_TASKS_AT_ONCE).map(|_| tasks.try_hold().unwrap()).collect();
        let waiting = tokio::spawn({
            let tasks = tasks.clone();
            async move { tasks.run(|| Ok(3)).await.ok() }
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!waiting.is_finished(), "with every slot held the request waits");
        drop(held);
        assert_eq!(waiting.await.unwrap(), Some(3));
    }
}
