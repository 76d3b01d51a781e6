//! The one place the engine fans work out over threads (the log-linear model searches), so that a
//! worker that fails makes the whole call fail instead of quietly returning fewer models.
//!
//! Work runs on a rayon pool of the requested size. A panic inside a worker is caught at the item
//! and turned into [`WorkerFailed`]; the caller gets an error, never a shorter result.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

/// A worker failed: no partial result is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a worker failed while {task}: {message}; no partial result was used")]
pub struct WorkerFailed {
    /// What the workers were doing.
    pub task: &'static str,
    /// The panic message, where there was one.
    pub message: String,
}

/// Applies `f` to every item on `threads` threads and returns the results in the items' order,
/// or an error if any worker panicked (or the pool could not be built).
pub fn map_all<T, R, F>(items: &[T], threads: usize, task: &'static str, f: F) -> Result<Vec<R>, WorkerFailed>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| WorkerFailed { task, message: format!("thread pool: {e}") })?;
    pool.install(|| {
        items
            .par_iter()
            .map(|item| {
                catch_unwind(AssertUnwindSafe(|| f(item))).map_err(|payload| {
                    let message = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "panicked".to_string());
                    WorkerFailed { task, message }
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order() {
        let items: Vec<u32> = (0..100).collect();
        assert_eq!(map_all(&items, 2, "squaring", |x| x * x).unwrap(), items.iter().map(|x| x * x).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_worker_is_an_error_not_a_shorter_result() {
        let items: Vec<u32> = (0..64).collect();
        #[allow(clippy::panic)]
        let err = map_all(&items, 2, "testing", |&x| if x == 37 { panic!("item {x} broke") } else { x }).unwrap_err();
        assert_eq!(err.task, "testing");
        assert_eq!(err.message, "item 37 broke");
        assert!(err.to_string().contains("no partial result"));
    }
}
