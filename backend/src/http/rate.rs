//! How many submissions (and corrections) one client may send a minute: enough for an office
//! behind one address on deadline day, too few for a script to flood the database. Counted per
//! client as `crate::http::client` finds it (the TCP peer, or behind a trusted reverse proxy the
//! address it forwards; an IPv6 client by its /64), by the GCRA of the `governor` crate; 0
//! turns it off.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

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
