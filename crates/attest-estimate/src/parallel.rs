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
