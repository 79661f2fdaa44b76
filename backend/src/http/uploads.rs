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
//! small ones, but none waits longer than `--upload-wait` (then 503 with `Retry-After`, which
//! the widget retries by itself), and one client (`crate::http::client`) holds at most a quarter of
//! the budget: a handful of connections announcing large bodies and sending a byte now and
//! then (the minimum upload rate in `crate::http::serve` drops them too) cannot queue everyone else
//! for the request timeout.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::HeaderMap;
use axum::http::header::CONTENT_LENGTH;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

const MIB: usize = 1024 * 1024;

/// What each client holds of the budget now, in MiB.
type Shares = Arc<Mutex<HashMap<IpAddr, u32>>>;

#[derive(Clone)]
pub struct Uploads {
    budget: Arc<Semaphore>,
    mib: u32,
    /// The most one client may hold: a quarter of the budget, or one largest submission's
    /// reservation where that is more (a client must be able to send one).
    share: u32,
    shares: Shares,
    /// How long a submission waits for room before it is told to come back (503).
    wait: Duration,
    /// Submissions waiting for room now (for the metrics).
    waiting: Arc<std::sync::atomic::AtomicUsize>,
}

/// Room held in the budget for one submission, and in its client's share; given back on drop.
pub struct Held {
    _permit: OwnedSemaphorePermit,
    _share: Option<Share>,
}

/// A client's part of the budget for one submission, given back on drop (also when the wait
/// for the budget runs out).
struct Share {
    shares: Shares,
    client: IpAddr,
    mib: u32,
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut shares = self.shares.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = shares.get_mut(&self.client) {
            *held = held.saturating_sub(self.mib);
            if *held == 0 {
                shares.remove(&self.client);
            }
        }
    }
}

impl Uploads {
    /// A budget of `mib` MiB, at least enough for one submission of `largest` bytes; a
    /// submission waits at most `wait` for room.
    pub fn new(mib: u32, largest: usize, wait: Duration) -> Uploads {
        let one = reserve_mib(largest, largest);
        let mib = mib.max(one);
        Uploads {
            budget: Arc::new(Semaphore::new(mib as usize)),
            mib,
            share: (mib / 4).max(one),
            shares: Arc::default(),
            wait,
            waiting: Arc::default(),
        }
    }

    /// MiB of the budget held now.
    pub fn held_mib(&self) -> u32 {
        self.mib
            .saturating_sub(self.budget.available_permits() as u32)
    }

    /// Submissions waiting for room now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Holds room for a body of the size the headers announce (the largest allowed, `limit`,
    /// where they announce none) from `client` (none: not counted by client). A client past
    /// its share, or a budget with no room within the wait, is a 503 with `Retry-After`: a
    /// handful of slow uploads can no longer hold everyone else in the queue.
    pub async fn hold(
        &self,
        headers: &HeaderMap,
        limit: usize,
        client: Option<IpAddr>,
    ) -> Result<Held, ApiError> {
        let announced = content_length(headers).unwrap_or(limit);
        let need = reserve_mib(announced, limit).min(self.mib);
        let share = match client {
            Some(client) => {
                let mut shares = self.shares.lock().unwrap_or_else(|e| e.into_inner());
                let held = shares.entry(client).or_default();
                if *held + need > self.share {
                    tracing::warn!(need_mib = need, "a client is past its upload share");
                    return Err(ApiError::Busy);
                }
                *held += need;
                Some(Share {
                    shares: self.shares.clone(),
                    client,
                    mib: need,
                })
            }
            None => None,
        };
        use std::sync::atomic::Ordering::Relaxed;
        self.waiting.fetch_add(1, Relaxed);
        let acquired =
            tokio::time::timeout(self.wait, self.budget.clone().acquire_many_owned(need)).await;
        self.waiting.fetch_sub(1, Relaxed);
        match acquired {
            Ok(permit) => Ok(Held {
                _permit: permit.expect("the budget is never closed"),
                _share: share,
            }),
            // `share` is given back as it drops here.
            Err(_) => {
                tracing::warn!(need_mib = need, "no room in the upload memory in time");
                Err(ApiError::Busy)
            }
        }
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
