//! The audit log: who did what, written in the same transaction as what they did. The table is
//! append-only (triggers refuse updates and deletes).

use sqlx::AnyConnection;

use super::{Store, StoreError, begin_write};

/// An audit log line: when, who, what, on which submission, and a detail.
pub(super) struct Line<'a> {
    pub at: &'a str,
    pub actor: Actor<'a>,
    pub action: &'a str,
    pub submission_id: &'a str,
    pub detail: &'a str,
}

impl Store {
    /// Runs one write and its audit line in one write transaction: a unit's decision, opinion,
    /// an expert's review are each recorded with who made them, or not at all.
    pub(super) async fn write_audited<'q>(
        &self,
        write: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        line: Line<'_>,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
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

pub(super) async fn audit_in(
    conn: &mut AnyConnection,
    at: &str,
    actor: Actor<'_>,
    action: &str,
    submission_id: Option<&str>,
    detail: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, unit, action, submission_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(actor.name)
    .bind(actor.unit)
    .bind(action)
    .bind(submission_id)
    .bind(detail)
    .execute(conn)
    .await
    .map_err(StoreError::Database)?;
    Ok(())
}
