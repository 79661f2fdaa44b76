//! How many submissions (and corrections) one client may send a minute: enough for an office
//! behind one address on deadline day, too few for a script to flood the database. Counted per
//! client as `crate::http::client` finds it (the TCP peer, or behind a trusted reverse proxy the
//! address it forwards; an IPv6 client by its /64), by the GCRA of the `governor` crate; 0
//! turns it off.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

#[derive(Clone, Default)]
pub struct SubmissionRate(Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>);

impl SubmissionRate {
    /// `per_minute` a client, all of them at once if it has sent none for a minute; 0: no limit.
    pub fn per_minute(per_minute: u32) -> SubmissionRate {
        let Some(n) = NonZeroU32::new(per_minute) else {
            return SubmissionRate(None);
        };
        let limiter = Arc::new(RateLimiter::keyed(Quota::per_minute(n)));
        // Forget clients that have been quiet for a while, so the table stays small.
        let weak = Arc::downgrade(&limiter);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                let Some(limiter) = weak.upgrade() else { break };
                limiter.retain_recent();
            }
        });
        SubmissionRate(Some(limiter))
    }

    /// Counts one submission of `client`, or says how long it must wait (429). A request that
    /// came through no connection (a test driving the router) has none and is not counted.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), ApiError> {
        let (Some(limiter), Some(client)) = (&self.0, client) else {
            return Ok(());
        };
        limiter.check_key(&client).map_err(|not_until| {
            metrics::counter!("rate_limited_total").increment(1);
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::TooManyRequests(wait.as_secs() + 1)
        })
    }
}

/// Failures counted per key (a client, an account) in a sliding window: past `limit` of them,
/// the key is answered 429 until its oldest failure leaves the window. Only failures count,
/// but once past the limit a key is refused before what it sent is looked at, right or wrong,
/// so guessing on learns nothing.
pub struct Failures<K> {
    inner: Option<Arc<Mutex<Tried<K>>>>,
    window: Duration,
}

impl<K> Clone for Failures<K> {
    fn clone(&self) -> Self {
        Failures {
            inner: self.inner.clone(),
            window: self.window,
        }
    }
}

impl<K> Default for Failures<K> {
    fn default() -> Self {
        Failures {
            inner: None,
            window: Duration::ZERO,
        }
    }
}

/// Wrong secrets one client may try on `GET`/`PUT /receipts/{r}` in [`WRONG_SECRET_WINDOW`]:
/// an applicant who mistypes theirs a few times goes on; a script guessing secrets is stopped
/// long before a 99-bit secret could fall. Counted per client as the submissions are.
pub type WrongSecrets = Failures<IpAddr>;

/// The window wrong secrets are counted in.
pub const WRONG_SECRET_WINDOW: Duration = Duration::from_secs(600);

/// Keys kept at most before the quiet ones are forgotten.
const REMEMBERED: usize = 10_000;

struct Tried<K> {
    limit: usize,
    /// Each key's failures in the window, oldest first.
    by_key: HashMap<K, VecDeque<Instant>>,
}

impl WrongSecrets {
    /// At most `limit` wrong secrets a client in [`WRONG_SECRET_WINDOW`]; 0: no limit.
    pub fn per_window(limit: u32) -> WrongSecrets {
        Failures::new(limit, WRONG_SECRET_WINDOW)
    }
}

impl<K: std::hash::Hash + Eq> Failures<K> {
    /// At most `limit` failures a key in `window`; 0: no limit.
    pub fn new(limit: u32, window: Duration) -> Failures<K> {
        if limit == 0 {
            return Failures::default();
        }
        Failures {
            inner: Some(Arc::new(Mutex::new(Tried {
                limit: limit as usize,
                by_key: HashMap::new(),
            }))),
            window,
        }
    }

    /// 429 while `key` has `limit` failures in the window, with the seconds until its oldest
    /// one leaves it. No key (a request through no connection: a test driving the router) is
    /// not counted.
    pub fn check(&self, key: Option<&K>) -> Result<(), ApiError> {
        self.wait(key)
            .map_or(Ok(()), |secs| Err(ApiError::TooManyRequests(secs)))
    }

    /// The seconds `key` must wait, if it is past the limit.
    pub fn wait(&self, key: Option<&K>) -> Option<u64> {
        let (Some(tried), Some(key)) = (&self.inner, key) else {
            return None;
        };
        let mut tried = tried.lock().unwrap_or_else(|e| e.into_inner());
        let limit = tried.limit;
        let now = Instant::now();
        let times = tried.by_key.get_mut(key)?;
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        match times.front() {
            Some(oldest) if times.len() >= limit => {
                metrics::counter!("rate_limited_total").increment(1);
                let wait = self.window.saturating_sub(now.duration_since(*oldest));
                Some(wait.as_secs() + 1)
            }
            _ => None,
        }
    }

    /// Counts a failure of `key`.
    pub fn failed(&self, key: Option<K>) {
        let (Some(tried), Some(key)) = (&self.inner, key) else {
            return;
        };
        let mut tried = tried.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if tried.by_key.len() >= REMEMBERED {
            let window = self.window;
            tried.by_key.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            });
        }
        let limit = tried.limit;
        let times = tried.by_key.entry(key).or_default();
        times.push_back(now);
        // Only the newest `limit` matter: the oldest of them says when the key may again.
        while times.len() > limit {
            times.pop_front();
        }
    }
}
