//! Telling the applicant: the outbox's rows (`crate::store::Due`) delivered by e-mail
//! ([`mail`]) and by a signed webhook ([`webhook`]), each channel on its own, retried with
//! backoff for a day and then reported; and the sweep that records what only a clock can
//! tell (`crate::progress::sweep`). A channel that is down delays messages, never loses them,
//! and never holds up a submission: they were written with the event and wait in the outbox.

pub mod mail;
pub mod message;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use crate::calls::Calls;
use crate::clock::{now, now_rfc3339};
use crate::store::{Due, Store};

/// How long a message is retried before it is reported failed.
pub const RETRY_FOR: i64 = 24 * 3600;

/// The longest wait between two tries.
const MAX_WAIT: i64 = 3600;

/// How long a row taken for sending is left to its sender before another may take it.
const LEASE: i64 = 120;

/// A way to deliver a message.
pub enum Channel {
    Mail(mail::Mailer),
    Webhook(webhook::Webhook),
}

impl Channel {
    fn name(&self) -> &'static str {
        match self {
            Channel::Mail(_) => "mail",
            Channel::Webhook(_) => "webhook",
        }
    }

    /// Delivers `due`; `Ok(false)` where there is nobody to deliver it to (an application
    /// without an e-mail address), which is done as well as sent.
    async fn deliver(&self, due: &Due, calls: &Calls) -> Result<bool, String> {
        match self {
            Channel::Mail(m) => m.send(due, calls).await,
            Channel::Webhook(w) => w.send(due).await.map(|()| true),
        }
    }
}

/// The sender's settings: its channels, how fast it retries, how often it sweeps.
pub struct Notifier {
    pub store: Store,
    pub calls: Arc<Calls>,
    pub channels: Vec<Channel>,
    /// The first retry's wait, doubled each time up to an hour.
    pub retry: Duration,
    /// How often the outbox is looked at.
    pub poll: Duration,
    /// How often the sweep runs.
    pub sweep: Duration,
}

impl Notifier {
    /// Runs until the process ends: the outbox every `poll`, the sweep every `sweep`.
    pub async fn run(self) {
        let mut swept = tokio::time::Instant::now() - self.sweep;
        loop {
            if swept.elapsed() >= self.sweep {
                swept = tokio::time::Instant::now();
                match crate::progress::sweep(&self.store, &self.calls, now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(recorded = n, "units' time to recommend passed"),
                    Err(e) => tracing::warn!(error = %e, "progress sweep"),
                }
            }
            for channel in &self.channels {
                self.drain(channel).await;
            }
            tokio::time::sleep(self.poll).await;
        }
    }

    /// Delivers what is due on `channel`.
    async fn drain(&self, channel: &Channel) {
        let name = channel.name();
        let due = match self.store.due(name, now(), LEASE, 50).await {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(error = %e, channel = name, "outbox");
                return;
            }
        };
        for d in due {
            // A message its channel could not even try within the day (the channel was not
            // configured then) is not sent late: the applicant would read old news as new.
            if d.attempts == 0 && now() - d.born > RETRY_FOR {
                let at = now_rfc3339();
                let stale = "older than a day before its channel could try it";
                if let Err(e) = self.store.undelivered(d.seq, stale, None, &at).await {
                    tracing::warn!(error = %e, channel = name, "outbox");
                }
                continue;
            }
            let outcome = channel.deliver(&d, &self.calls).await;
            let at = now_rfc3339();
            let result = match outcome {
                Ok(_) => {
                    metrics::counter!("notifications_total", "channel" => name, "outcome" => "sent")
                        .increment(1);
                    self.store.delivered(d.seq, &at).await
                }
                Err(error) => {
                    let next = next_try(&d, self.retry, now());
                    let outcome = if next.is_some() { "retried" } else { "failed" };
                    metrics::counter!("notifications_total", "channel" => name, "outcome" => outcome)
                        .increment(1);
                    if next.is_none() {
                        tracing::error!(
                            channel = name, receipt = %d.receipt, kind = %d.event.kind, %error,
                            "notification failed after a day of retries"
                        );
                    } else {
                        tracing::warn!(channel = name, receipt = %d.receipt, %error, "notification will be retried");
                    }
                    self.store.undelivered(d.seq, &error, next, &at).await
                }
            };
            if let Err(e) = result {
                tracing::warn!(error = %e, channel = name, "outbox");
            }
        }
    }
}

/// When to try `due` again after its failure at `now`: the wait doubles from `retry` up to an
/// hour; none once the event is a day old.
pub fn next_try(due: &Due, retry: Duration, now: i64) -> Option<i64> {
    let born = due.born;
    let base = i64::try_from(retry.as_secs()).unwrap_or(30).max(1);
    let wait = base
        .saturating_mul(1_i64 << due.attempts.clamp(0, 20))
        .min(MAX_WAIT);
    let next = now + wait;
    (next - born <= RETRY_FOR).then_some(next)
}
