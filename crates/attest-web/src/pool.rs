//! A few open archives shared by the request handlers. A SQLite connection serves one thread at a
//! time, so the server keeps several, each opened with [`Archive::open_for_serve`] (no archive
//! key), and lends one to each blocking task. Writes from two connections serialise on the
//! database lock like two `attest` processes do.
//!
//! Two lanes: page connections, and a few kept for password work (sign-in, reveal, opening or
//! sealing an original), so a burst of Argon2id hashes never holds the connections pages need.
//!
//! The lending is `deadpool`'s unmanaged pool: a borrowed archive is a guard that goes back to
//! the pool when it is dropped, also when the task that holds it panics (an unwinding task drops
//! it; rusqlite rolls back any transaction left open). Waiting for a connection is bounded: after
//! [`WAIT`] the request is answered 503 (`busy`) instead of waiting forever.

use std::path::Path;
use std::time::Duration;

use attest_store::{Archive, OpenOptions, Result};
use attest_vault::Passphrase;
use axum::http::StatusCode;

use crate::error::WebError;

/// How long a request waits for a free connection before it is answered 503.
pub const WAIT: Duration = Duration::from_secs(30);

type Lane = deadpool::unmanaged::Pool<Archive>;

/// Which connections a task borrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Reading and writing records.
    Pages,
    /// Work that hashes a user's password (Argon2id) while it holds the connection.
    Password,
}

/// The archives and a bounded wait for a free one.
pub struct Pool {
    pages: Lane,
    password: Lane,
}

/// A borrowed archive; it goes back to its pool when dropped.
pub type Borrowed = deadpool::unmanaged::Object<Archive>;

fn open_lane(root: &Path, pass: &Passphrase, size: usize) -> Result<Lane> {
    let archives: Vec<Archive> = (0..size.max(1))
        .map(|_| Archive::open_for_serve(root, pass, OpenOptions::new("web")))
        .collect::<Result<_>>()?;
    Ok(Lane::from(archives))
}

impl Pool {
    /// Opens `size` page connections to the archive at `root` in serve mode, and half as many
    /// (at least one) for password work.
    pub fn open(root: &Path, pass: &Passphrase, size: usize) -> Result<Pool> {
        Ok(Pool { pages: open_lane(root, pass, size)?, password: open_lane(root, pass, size.div_ceil(2))? })
    }

    /// Borrows a free archive of the lane, waiting at most [`WAIT`].
    pub async fn get(&self, lane: Use) -> std::result::Result<Borrowed, WebError> {
        let pool = match lane {
            Use::Pages => &self.pages,
            Use::Password => &self.password,
        };
        let busy = || {
            WebError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the server is busy; nothing was changed; try again in a moment",
            )
        };
        match tokio::time::timeout(WAIT, pool.get()).await {
            Ok(Ok(archive)) => Ok(archive),
            Ok(Err(e)) => Err(WebError::internal(format!("connection pool: {e}"))),
            Err(_) => Err(busy()),
        }
    }

    /// Free connections in each lane (pages, password), for tests and status.
    pub fn available(&self) -> (usize, usize) {
        (self.pages.status().available, self.password.status().available)
    }
}

/// Runs `f` on a borrowed page connection in a blocking task, logging changes as `actor`.
pub async fn db<T, E>(
    state: &crate::AppState,
    actor: &str,
    f: impl FnOnce(&mut Archive) -> std::result::Result<T, E> + Send + 'static,
) -> std::result::Result<T, WebError>
where
    T: Send + 'static,
    E: Into<WebError> + Send + 'static,
{
    run_on(state, Use::Pages, actor, f).await
}

/// Runs `f`, which checks a user's password, on a connection of the password lane.
pub async fn password_db<T, E>(
    state: &crate::AppState,
    actor: &str,
    f: impl FnOnce(&mut Archive) -> std::result::Result<T, E> + Send + 'static,
) -> std::result::Result<T, WebError>
where
    T: Send + 'static,
    E: Into<WebError> + Send + 'static,
{
    run_on(state, Use::Password, actor, f).await
}

/// Runs `f` on a borrowed connection of `lane` in a blocking task, logging changes as `actor`.
pub(crate) async fn run_on<T, E>(
    state: &crate::AppState,
    lane: Use,
    actor: &str,
    f: impl FnOnce(&mut Archive) -> std::result::Result<T, E> + Send + 'static,
) -> std::result::Result<T, WebError>
where
    T: Send + 'static,
    E: Into<WebError> + Send + 'static,
{
    let mut archive = state.pool.get(lane).await?;
    let actor = actor.to_string();
    let task = tokio::task::spawn_blocking(move || {
        archive.set_actor(&actor);
        f(&mut archive).map_err(Into::into)
    });
    // A panic's message may quote data (a slice of text, a value): it is not logged.
    task.await.map_err(|e| {
        WebError::internal(if e.is_panic() { "a database task panicked" } else { "a database task was cancelled" })
    })?
}
