//! A few open archives shared by the request handlers. A SQLite connection serves one thread at a
//! time, so the server keeps several, each opened with [`Archive::open_for_serve`] (no archive
//! key), and hands one to each blocking task. Writes from two connections serialise on the
//! database lock like two `attest` processes do.

use std::path::Path;
use std::sync::{Condvar, Mutex, PoisonError};

use attest_store::{Archive, OpenOptions, Result};
use attest_vault::Passphrase;

/// The archives and a way to wait for a free one.
pub struct Pool {
    free: Mutex<Vec<Archive>>,
    returned: Condvar,
}

impl Pool {
    /// Opens `size` connections to the archive at `root` in serve mode.
    pub fn open(root: &Path, pass: &Passphrase, size: usize) -> Result<Pool> {
        let archives = (0..size.max(1))
            .map(|_| Archive::open_for_serve(root, pass, OpenOptions::new("web")))
            .collect::<Result<_>>()?;
        Ok(Pool { free: Mutex::new(archives), returned: Condvar::new() })
    }

    /// Runs `f` with a free archive (waiting for one), logging changes as `actor`.
    pub fn run<T>(&self, actor: &str, f: impl FnOnce(&mut Archive) -> T) -> T {
        let mut archive = {
            let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if let Some(a) = free.pop() {
                    break a;
                }
                free = self.returned.wait(free).unwrap_or_else(PoisonError::into_inner);
            }
        };
        archive.set_actor(actor);
        // Give the archive back even if `f` panics, so one bad request cannot starve the pool.
        struct Back<'a>(&'a Pool, Option<Archive>);
        impl Drop for Back<'_> {
            fn drop(&mut self) {
                if let Some(a) = self.1.take() {
                    self.0.free.lock().unwrap_or_else(PoisonError::into_inner).push(a);
                    self.0.returned.notify_one();
                }
            }
        }
        let mut back = Back(self, None);
        let out = f(&mut archive);
        back.1 = Some(archive);
        out
    }
}
