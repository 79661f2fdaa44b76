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

/// Wrong secrets one client may try on `GET`/`PUT /receipts/{r}` in [`WRONG_SECRET_WINDOW`]:
/// an applicant who mistypes theirs a few times goes on; a script guessing secrets is stopped
/// long before a 99-bit secret could fall. Counted per client as the submissions are; only
/// wrong ones count, but once a client is past the limit it is answered 429 before its secret
/// is looked at, right or wrong, so guessing on learns nothing.
#[derive(Clone, Default)]
pub struct WrongSecrets(Option<Arc<Mutex<Tried>>>);

/// The window wrong secrets are counted in.
pub const WRONG_SECRET_WINDOW: Duration = Duration::from_secs(600);

/// Clients kept at most before the quiet ones are forgotten.
const REMEMBERED: usize = 10_000;

struct Tried {
    limit: usize,
    /// Each client's wrong secrets in the window, oldest first.
    by_client: HashMap<IpAddr, VecDeque<Instant>>,
}

impl WrongSecrets {
    /// At most `limit` wrong secrets a client in the window; 0: no limit.
    pub fn per_window(limit: u32) -> WrongSecrets {
        if limit == 0 {
            return WrongSecrets(None);
        }
        WrongSecrets(Some(Arc::new(Mutex::new(Tried {
            limit: limit as usize,
            by_client: HashMap::new(),
        }))))
    }

    /// 429 while `client` has tried `limit` wrong secrets in the window, with the seconds until
    /// its oldest one leaves it. A request through no connection (a test driving the router)
    /// has no client and is not counted.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), ApiError> {
        let (Some(tried), Some(client)) = (&self.0, client) else {
            return Ok(());
        };
        let mut tried = tried.lock().unwrap_or_else(|e| e.into_inner());
        let limit = tried.limit;
        let now = Instant::now();
        let Some(times) = tried.by_client.get_mut(&client) else {
            return Ok(());
        };
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WRONG_SECRET_WINDOW)
        {
            times.pop_front();
        }
        match times.front() {
            Some(oldest) if times.len() >= limit => {
                metrics::counter!("rate_limited_total").increment(1);
                let wait = WRONG_SECRET_WINDOW.saturating_sub(now.duration_since(*oldest));
                Err(ApiError::TooManyRequests(wait.as_secs() + 1))
            }
            _ => Ok(()),
        }
    }

    /// Counts a wrong secret of `client`.
    pub fn wrong(&self, client: Option<IpAddr>) {
        let (Some(tried), Some(client)) = (&self.0, client) else {
            return;
        };
        let mut tried = tried.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if tried.by_client.len() >= REMEMBERED {
            tried.by_client.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < WRONG_SECRET_WINDOW)
            });
        }
        let limit = tried.limit;
        let times = tried.by_client.entry(client).or_default();
        times.push_back(now);
        // Only the newest `limit` matter: the oldest of them says when the client may again.
        while times.len() > limit {
            times.pop_front();
        }
    }
}
