//! The applicant's progress (办理进度) and its delivery: an event is written in the same
//! transaction as what happened, with one outbox row per channel ([`CHANNELS`]); the sender
//! (`crate::notify`) takes the rows that are due and marks each sent, or retried later, or
//! failed once it has been retried for a day.

use sqlx::{AnyConnection, Row};

use super::{Store, StoreError, begin_write};

/// The ways an event reaches the applicant, each delivered apart.
pub const CHANNELS: [&str; 2] = ["mail", "webhook"];

/// What happened, as the applicant may see it: never a reviewer's name, a note or an expert.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[schema(format = DateTime)]
    pub at: String,
    /// `received`, `recommended`, `withdrawn`, `not_recommended`, `returned`, `corrected`,
    /// `approved` or `rejected`.
    pub kind: String,
    /// The unit it happened at ('' for the applicant's own).
    pub unit: String,
    /// A return's or a refusal's reason.
    pub reason: String,
    /// A return's deadline (RFC 3339), or ''.
    pub correct_by: String,
    /// The version it happened to.
    pub version: i64,
}

impl Event {
    /// An event of `kind` at `unit`, with nothing more to say.
    pub fn new(at: &str, kind: &str, unit: &str, version: i64) -> Event {
        Event {
            at: at.to_owned(),
            kind: kind.to_owned(),
            unit: unit.to_owned(),
            reason: String::new(),
            correct_by: String::new(),
            version,
        }
    }
}

/// Records `event` of a submission, and its outbox rows, in `conn`'s transaction.
pub(super) async fn event_in(
    conn: &mut AnyConnection,
    submission_id: &str,
    event: &Event,
) -> Result<(), StoreError> {
    let db = StoreError::Database;
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO events (submission_id, at, kind, unit, reason, correct_by, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq",
    )
    .bind(submission_id)
    .bind(&event.at)
    .bind(&event.kind)
    .bind(&event.unit)
    .bind(&event.reason)
    .bind(&event.correct_by)
    .bind(event.version)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    let now = crate::clock::now();
    for channel in CHANNELS {
        sqlx::query(
            "INSERT INTO outbox (event, submission_id, channel, born, next_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(seq)
        .bind(submission_id)
        .bind(channel)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// The event a row holds (its `at`, `kind`, `unit`, `reason`, `correct_by`, `version`).
fn event_of(r: &sqlx::any::AnyRow) -> Result<Event, sqlx::Error> {
    Ok(Event {
        at: r.try_get("at")?,
        kind: r.try_get("kind")?,
        unit: r.try_get("unit")?,
        reason: r.try_get("reason")?,
        correct_by: r.try_get("correct_by")?,
        version: r.try_get("version")?,
    })
}

/// An outbox row that is due, with what its message says.
#[derive(Debug, Clone)]
pub struct Due {
    pub seq: i64,
    pub attempts: i64,
    /// When the row was written (Unix seconds): retries end a day after.
    pub born: i64,
    pub event: Event,
    pub receipt: String,
    pub program: String,
    pub call: String,
    pub data: serde_json::Value,
}

impl Store {
    /// A submission's events, oldest first.
    pub async fn events(&self, submission_id: &str) -> Result<Vec<Event>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT at, kind, unit, reason, correct_by, version FROM events \
             WHERE submission_id = $1 ORDER BY at, seq",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_of).collect()
    }

    /// The undecided submissions of a call, for the sweep.
    pub async fn ids_in_call(&self, program: &str, call: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT id FROM submissions WHERE program = $1 AND call = $2 \
             AND id NOT IN (SELECT submission_id FROM decisions) ORDER BY submitted_at, id",
        )
        .bind(program)
        .bind(call)
        .fetch_all(&self.pool)
        .await
    }

    /// Records an event that no other write carries (a unit's time passing), once: `false` if
    /// the submission already has an event of that kind at that unit.
    pub async fn record_once(
        &self,
        submission_id: &str,
        event: &Event,
    ) -> Result<bool, StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        let had: Option<i64> = sqlx::query_scalar(
            "SELECT seq FROM events WHERE submission_id = $1 AND kind = $2 AND unit = $3",
        )
        .bind(submission_id)
        .bind(&event.kind)
        .bind(&event.unit)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        if had.is_some() {
            return Ok(false);
        }
        event_in(&mut tx, submission_id, event).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    /// Up to `limit` rows of `channel` due at `now`, each leased for `lease` seconds (another
    /// sender, or this one after a crash, takes it again only after that).
    pub async fn due(
        &self,
        channel: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<Due>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT o.seq, o.attempts, o.born, o.next_at, e.at, e.kind, e.unit, e.reason, e.correct_by, \
             e.version, s.receipt, s.program, s.call, s.data FROM outbox o \
             JOIN events e ON e.seq = o.event JOIN submissions s ON s.id = o.submission_id \
             WHERE o.channel = $1 AND o.state = 'pending' AND o.next_at <= $2 \
             ORDER BY o.seq LIMIT $3",
        )
        .bind(channel)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut due = Vec::with_capacity(rows.len());
        for r in rows {
            let seq: i64 = r.try_get("seq")?;
            let next_at: i64 = r.try_get("next_at")?;
            // Taken by whoever moves its time on first.
            let leased =
                sqlx::query("UPDATE outbox SET next_at = $1 WHERE seq = $2 AND next_at = $3")
                    .bind(now + lease)
                    .bind(seq)
                    .bind(next_at)
                    .execute(&self.pool)
                    .await?
                    .rows_affected()
                    == 1;
            if !leased {
                continue;
            }
            let data: String = r.try_get("data")?;
            due.push(Due {
                seq,
                attempts: r.try_get("attempts")?,
                born: r.try_get("born")?,
                event: event_of(&r)?,
                receipt: r.try_get("receipt")?,
                program: r.try_get("program")?,
                call: r.try_get("call")?,
                data: serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            });
        }
        Ok(due)
    }

    /// Marks an outbox row delivered.
    pub async fn delivered(&self, seq: i64, at: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE outbox SET state = 'sent', attempts = attempts + 1, done_at = $1 WHERE seq = $2")
            .bind(at)
            .bind(seq)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Marks an outbox row tried and failed: again at `next_at`, or, with none, failed for
    /// good.
    pub async fn undelivered(
        &self,
        seq: i64,
        error: &str,
        next_at: Option<i64>,
        at: &str,
    ) -> Result<(), sqlx::Error> {
        let error: String = error.chars().take(500).collect();
        match next_at {
            Some(next) => sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, next_at = $1, last_error = $2 WHERE seq = $3",
            )
            .bind(next)
            .bind(error)
            .bind(seq),
            None => sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, state = 'failed', last_error = $1, \
                 done_at = $2 WHERE seq = $3",
            )
            .bind(error)
            .bind(at)
            .bind(seq),
        }
        .execute(&self.pool)
        .await
        .map(|_| ())
    }
}
