//! A bound on the memory that submissions being received may hold together.
//!
//! A submission is held whole until it is stored: its files are checked by content and written
//! in the same transaction as the application (an acknowledged submission is all there or not
//! at all). What it holds is its body, read once into one buffer per part, and SQLite's own
//! copy of each file while it is written: about twice its `Content-Length`. Each submission
//! reserves that much of the budget before reading its body, and waits while the budget is
//! spent; its client's bytes wait meanwhile in the network's buffers. However many uploads
//! arrive at once, the server holds no more than the budget for them. They are let in first
//! come, first served (tokio's semaphore is fair), so that a large upload is never starved by
//! small ones.

use std::sync::Arc;

use axum::http::HeaderMap;
use axum::http::header::CONTENT_LENGTH;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

const MIB: usize = 1024 * 1024;

#[derive(Clone)]
pub struct Uploads {
    budget: Arc<Semaphore>,
    mib: u32,
}

impl Uploads {
    /// A budget of `mib` MiB, at least enough for one submission of `largest` bytes.
    pub fn new(mib: u32, largest: usize) -> Uploads {
        let mib = mib.max(reserve_mib(largest, largest));
        Uploads {
            budget: Arc::new(Semaphore::new(mib as usize)),
            mib,
        }
    }

    /// Waits until the budget has room for a body of the size the headers announce (the
    /// largest allowed, `limit`, where they announce none), and holds it until dropped.
    pub async fn hold(&self, headers: &HeaderMap, limit: usize) -> OwnedSemaphorePermit {
        let announced = content_length(headers).unwrap_or(limit);
        let need = reserve_mib(announced, limit).min(self.mib);
        self.budget
            .clone()
            .acquire_many_owned(need)
            .await
            .expect("the budget is never closed")
    }
}

/// The `Content-Length` a request announced.
pub fn content_length(headers: &HeaderMap) -> Option<usize> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// Twice the body (its buffer and SQLite's copy), in whole MiB.
fn reserve_mib(announced: usize, limit: usize) -> u32 {
    let bytes = announced.min(limit).saturating_mul(2);
    u32::try_from(bytes.div_ceil(MIB))
        .unwrap_or(u32::MAX)
        .max(1)
}
