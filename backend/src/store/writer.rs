//! New submissions go through one writer task that commits several at once (group commit).
//!
//! SQLite has one write lock. Pooled connections that each take it fight for it, and the ones
//! that lose sleep in SQLite's busy handler (1, 2, 5, 10 … ms), so a rush of submissions spent
//! most of its time asleep. Here one task writes: it takes what has queued since its last
//! commit, up to [`MAX_BATCH`], writes each submission inside its own savepoint (a receipt or
//! key collision undoes only that one), commits once, and only then answers each request. No
//! request is answered before the commit that holds it, so durability is as before: a 201
//! means a committed, synced transaction.

use std::sync::Arc;

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use super::{Backend, Idempotency, NewAttachment, NewSubmission, StoreError};

/// At most this many submissions share a commit; a rush of more is several commits.
const MAX_BATCH: usize = 64;
/// Submissions waiting for the writer; past it, requests wait to queue.
const QUEUE: usize = 1024;
/// How long an Idempotency-Key and its answer are kept: a retry after a lost answer comes
/// within minutes, and the answer holds the submission's secret in clear.
const KEY_KEPT: time::Duration = time::Duration::days(1);
/// How often the writer deletes the keys past that, on a timer: from its start, whether or not
/// submissions arrive (a quiet server must not keep secrets longer).
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

pub(super) struct Write {
    pub submission: NewSubmission,
    /// Shared with the request, so that the bytes are never copied.
    pub files: Arc<[NewAttachment]>,
    pub key: Option<Idempotency>,
    pub done: oneshot::Sender<Result<(), StoreError>>,
}

/// Starts the writer on `pool`; it ends when every sender is gone.
pub(super) fn start(pool: AnyPool, backend: Backend) -> mpsc::Sender<Write> {
    let (queue, mut waiting) = mpsc::channel::<Write>(QUEUE);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        // The first tick is at once: a server sweeps as it starts.
        let mut sweep = tokio::time::interval(SWEEP_EVERY);
        sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            // The sweep first when both are ready, so a starting server sweeps before its first
            // batch; `recv_many` is cancel-safe, so the race loses no submission.
            let received = tokio::select! {
                biased;
                _ = sweep.tick() => {
                    forget_old_keys(&pool).await;
                    continue;
                }
                n = waiting.recv_many(&mut batch, MAX_BATCH) => n,
            };
            if received == 0 {
                break;
            }
            let started = std::time::Instant::now();
            let results = commit(&pool, backend, &batch).await;
            metrics::histogram!("writer_batch_size").record(batch.len() as f64);
            metrics::histogram!("writer_commit_seconds").record(started.elapsed().as_secs_f64());
            for (write, result) in batch.drain(..).zip(results) {
                // The request may be gone (its client left): what was committed stays.
                let _ = write.done.send(result);
            }
        }
    });
    queue
}

/// Deletes the Idempotency-Keys stored more than [`KEY_KEPT`] ago. A failure is logged and
/// tried again at the next sweep: nothing waits on it.
async fn forget_old_keys(pool: &AnyPool) {
    let before = crate::clock::rfc3339(time::OffsetDateTime::now_utc() - KEY_KEPT);
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE stored_at < $1")
        .bind(before)
        .execute(pool)
        .await;
    match done {
        Ok(done) if done.rows_affected() > 0 => {
            tracing::info!(
                keys = done.rows_affected(),
                "idempotency keys past a day forgotten"
            );
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "idempotency keys could not be swept"),
    }
}

/// Writes `batch` in one transaction; one result per write, in order.
async fn commit(pool: &AnyPool, backend: Backend, batch: &[Write]) -> Vec<Result<(), StoreError>> {
    let mut conn = match pool.acquire().await {
        Ok(conn) => conn,
        Err(e) => return batch.iter().map(|_| Err(copy(&e))).collect(),
    };
    let (results, full) = commit_on(&mut conn, backend, batch).await;
    // After a full disk the connection's own idea of its transaction may no longer be
    // SQLite's (which rolls back by itself on SQLITE_FULL): it is closed, not pooled again.
    if full {
        conn.close_on_drop();
    }
    results
}

/// [`commit`] on one connection; whether the disk was full.
async fn commit_on(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    batch: &[Write],
) -> (Vec<Result<(), StoreError>>, bool) {
    let begun = match backend {
        Backend::Sqlite => sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await,
        Backend::Postgres => sqlx::Connection::begin(conn).await,
    };
    let mut tx = match begun {
        Ok(tx) => tx,
        Err(e) => return (batch.iter().map(|_| Err(copy(&e))).collect(), false),
    };
    let mut results = Vec::with_capacity(batch.len());
    for write in batch {
        let written = write_one(&mut tx, write).await;
        // A full disk may have rolled the whole transaction back already: nothing of the
        // batch is stored, and every request is told so, not acknowledged by a commit that no
        // longer holds it.
        if matches!(written, Err(StoreError::Full)) {
            let _ = tx.rollback().await;
            return (batch.iter().map(|_| Err(StoreError::Full)).collect(), true);
        }
        results.push(written);
    }
    let mut full = false;
    if let Err(e) = tx.commit().await {
        full = super::is_full(&e);
        for result in results.iter_mut().filter(|r| r.is_ok()) {
            *result = Err(copy(&e));
        }
    }
    (results, full)
}

async fn write_one(conn: &mut sqlx::AnyConnection, w: &Write) -> Result<(), StoreError> {
    let db = StoreError::Database;
    sqlx::query("SAVEPOINT one")
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    let written =
        super::submissions::insert_in(conn, &w.submission, &w.files, w.key.as_ref()).await;
    if let Err(StoreError::Database(e)) = &written
        && super::is_full(e)
    {
        return Err(StoreError::Full);
    }
    if written.is_err() {
        sqlx::query("ROLLBACK TO one")
            .execute(&mut *conn)
            .await
            .map_err(db)?;
    }
    sqlx::query("RELEASE one")
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    written
}

/// The same failure for each submission of a batch: busy stays busy and full stays full (503),
/// the rest is a 500 that keeps the cause's text.
fn copy(e: &sqlx::Error) -> StoreError {
    if super::is_full(e) {
        return StoreError::Full;
    }
    StoreError::Database(if super::is_busy(e) {
        sqlx::Error::PoolTimedOut
    } else {
        sqlx::Error::Protocol(e.to_string())
    })
}
