//! The audit log: who did what, written in the same transaction as what they did. The table is
//! append-only (triggers refuse updates and deletes), and each line carries a hash chained to
//! the line before it, so a copy of the database that was changed behind the server's back
//! shows where (`backend reviewer audit --verify`).

use sqlx::AnyConnection;

use super::guard::Acting;
use super::{Backend, Store, StoreError, begin_write, lock_in};

/// An audit log line: when, who, what, on which submission, and a detail.
pub(super) struct Line<'a> {
    pub at: &'a str,
    pub actor: Actor<'a>,
    pub action: &'a str,
    pub submission_id: &'a str,
    pub detail: &'a str,
}

impl Store {
    /// Runs one chain action's write and its audit line in one write transaction, once the
    /// chain's invariants hold for `acting` (see `guard`): a unit's opinion, an expert's review
    /// are each recorded with who made them, or not at all.
    pub(super) async fn write_audited<'q>(
        &self,
        acting: Acting<'_>,
        write: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        line: Line<'_>,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        super::guard::hold(&mut tx, self.backend, line.submission_id, acting).await?;
        write.execute(&mut *tx).await.map_err(db)?;
        audit_in(
            &mut tx,
            line.at,
            line.actor,
            line.action,
            Some(line.submission_id),
            line.detail,
        )
        .await?;
        tx.commit().await.map_err(db)
    }
}

/// Who did something, for the audit log: a reviewer and the unit they acted for ('' for the
/// applicant, the operator and reviewers without a unit).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub name: &'a str,
    pub unit: &'a str,
}

// Here rather than with the reviewer: the audit log is the store's, and a reviewer's account
// knows nothing of it.
impl crate::reviewers::Reviewer {
    /// Who they are in the audit log.
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            name: &self.name,
            unit: self.unit.as_deref().unwrap_or(""),
        }
    }
}

impl Actor<'static> {
    pub const OPERATOR: Actor<'static> = Actor {
        name: "operator",
        unit: "",
    };
    pub const APPLICANT: Actor<'static> = Actor {
        name: "applicant",
        unit: "",
    };
}

/// Appends a line to the audit log in `conn`'s transaction, chained to the line before it:
/// its `hash` is the SHA-256 of that line's hash and its own content ([`chained`]), so a line
/// changed, removed or put in afterwards no longer matches (`Store::verify_audit`). Appends
/// take turns (the write lock on SQLite, an advisory lock on PostgreSQL), so two lines never
/// chain to the same one; the lock is taken last in every write, after the rows it records.
pub(super) async fn audit_in(
    conn: &mut AnyConnection,
    at: &str,
    actor: Actor<'_>,
    action: &str,
    submission_id: Option<&str>,
    detail: &str,
) -> Result<(), StoreError> {
    let db = StoreError::Database;
    let backend = if conn.backend_name() == "PostgreSQL" {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    lock_in(conn, backend, "audit_log").await.map_err(db)?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    let content = Content {
        at,
        actor: actor.name,
        unit: actor.unit,
        action,
        submission_id,
        detail,
    };
    let hash = chained(before.as_deref().unwrap_or_default(), &content);
    sqlx::query(
        "INSERT INTO audit_log (at, actor, unit, action, submission_id, detail, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(actor.name)
    .bind(actor.unit)
    .bind(action)
    .bind(submission_id)
    .bind(detail)
    .bind(hash)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// What an audit line says, as its hash covers it.
#[derive(serde::Serialize)]
struct Content<'a> {
    at: &'a str,
    actor: &'a str,
    unit: &'a str,
    action: &'a str,
    submission_id: Option<&'a str>,
    detail: &'a str,
}

/// The hash of a line chained to the line before it (`before`: its hash, '' for the first):
/// SHA-256 over that hash, a newline and the line's content as a JSON array, which no choice
/// of texts can make ambiguous.
fn chained(before: &str, line: &Content<'_>) -> String {
    let fields = (
        line.at,
        line.actor,
        line.unit,
        line.action,
        line.submission_id,
        line.detail,
    );
    let json = serde_json::to_string(&fields).unwrap_or_default();
    crate::hashing::sha256_hex(format!("{before}\n{json}"))
}

/// Where the audit log's chain breaks: the first line whose hash does not match its content
/// and the line before it, by `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
}

/// A line of the audit log as it is stored.
#[derive(sqlx::FromRow)]
struct Stored {
    seq: i64,
    at: String,
    actor: String,
    unit: String,
    action: String,
    submission_id: Option<String>,
    detail: String,
    hash: String,
}

impl Stored {
    fn content(&self) -> Content<'_> {
        Content {
            at: &self.at,
            actor: &self.actor,
            unit: &self.unit,
            action: &self.action,
            submission_id: self.submission_id.as_deref(),
            detail: &self.detail,
        }
    }
}

/// Lines read at a time when the whole log is walked.
const PAGE: i64 = 5000;

impl Store {
    /// Walks the whole audit log in order and checks each line's hash against its content
    /// and the line before it. `Ok(lines)` when every line matches; the first that does not,
    /// otherwise.
    pub async fn verify_audit(&self) -> Result<Result<u64, Broken>, sqlx::Error> {
        let mut before = String::new();
        let mut after = i64::MIN;
        let mut lines = 0u64;
        loop {
            let page: Vec<Stored> = sqlx::query_as(
                "SELECT seq, at, actor, unit, action, submission_id, detail, hash FROM audit_log \
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&self.pool)
            .await?;
            let Some(last) = page.last() else {
                return Ok(Ok(lines));
            };
            after = last.seq;
            for line in &page {
                if chained(&before, &line.content()) != line.hash {
                    return Ok(Err(Broken { seq: line.seq }));
                }
                before.clone_from(&line.hash);
                lines += 1;
            }
        }
    }

    /// Gives the lines written before the log was chained (`0012_integrity`) their hashes, in
    /// order, once: the triggers let a line's empty hash be set and nothing else change.
    pub(super) async fn chain_audit_log(&self) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        lock_in(&mut tx, self.backend, "audit_log")
            .await
            .map_err(db)?;
        let first: Option<i64> =
            sqlx::query_scalar("SELECT MIN(seq) FROM audit_log WHERE hash = ''")
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
        let Some(first) = first else {
            return Ok(());
        };
        let mut before: String = sqlx::query_scalar(
            "SELECT hash FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(first)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .unwrap_or_default();
        let lines: Vec<Stored> = sqlx::query_as(
            "SELECT seq, at, actor, unit, action, submission_id, detail, hash FROM audit_log \
             WHERE seq >= $1 ORDER BY seq",
        )
        .bind(first)
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        for line in &lines {
            let hash = chained(&before, &line.content());
            sqlx::query("UPDATE audit_log SET hash = $1 WHERE seq = $2 AND hash = ''")
                .bind(&hash)
                .bind(line.seq)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            before = hash;
        }
        tx.commit().await.map_err(db)
    }
}
