//! The chain's invariants, in one place. Every chain action (recommend, withdraw or move,
//! opinion, assigning experts, an expert's review, a return, the decision) calls [`hold`] first
//! inside its write transaction, and acts only on what it answers. It locks the submission's
//! row, as a correction does (`Store::replace`), so a correction, a withdrawal below and the
//! action take turns; then it checks, on what is committed now rather than on what the route
//! read before:
//!
//! - the acting unit still holds the submission: it received it, or a unit directly below it
//!   recommends it (an expert: the expert is assigned now, and their unit holds it);
//! - the version is the one the reviewer acted on, when they said which;
//! - it is not decided (only the decider may change its own decision);
//! - it is not waiting for its applicant's correction, for what needs the corrected version
//!   (recommending, deciding, assigning experts).

use sqlx::AnyConnection;

use super::{Backend, StoreError};

/// What a unit does to a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Recommend,
    Withdraw,
    Opinion,
    Assign,
    Review,
    Return,
    Decide,
}

/// Who acts on a submission, and on which version.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    pub act: Act,
    /// The acting unit (an expert's: the unit that assigned them).
    pub unit: &'a str,
    /// The units directly below it in the submission's call.
    pub below: &'a [&'a str],
    /// The expert who reviews, for [`Act::Review`].
    pub expert: Option<&'a str>,
    /// The version the reviewer saw, if their request named it.
    pub version: Option<i64>,
}

/// The submission as the guard found it, locked until the transaction ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub version: i64,
    pub call: String,
    /// The deciding unit's decision, when there is one (only [`Act::Decide`] gets this far).
    pub decision: Option<String>,
}

/// Locks the submission `id` and checks the chain's invariants for `acting`, in `conn`'s
/// write transaction. A submission the unit does not hold is [`StoreError::OutOfScope`], as a
/// missing one is, so neither says which it was.
pub(super) async fn hold(
    conn: &mut AnyConnection,
    backend: Backend,
    id: &str,
    acting: Acting<'_>,
) -> Result<Holding, StoreError> {
    let db = StoreError::Database;
    let lock = super::backend::row_lock(backend);
    let row: Option<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT version, call, unit FROM submissions WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    let out = || StoreError::OutOfScope(id.to_owned());
    let (version, call, received_by) = row.ok_or_else(out)?;
    if !holds(conn, id, &received_by, acting.unit, acting.below).await? {
        return Err(out());
    }
    if let Some(expert) = acting.expert {
        let assigned: Option<String> = sqlx::query_scalar(
            "SELECT unit FROM expert_assignments WHERE submission_id = $1 AND expert = $2",
        )
        .bind(id)
        .bind(expert)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
        if assigned.as_deref() != Some(acting.unit) {
            return Err(out());
        }
    }
    // A return goes from the unit that received it, and from no other.
    if acting.act == Act::Return && received_by != acting.unit {
        return Err(StoreError::NotReceiver);
    }
    if let Some(seen) = acting.version
        && seen != version
    {
        return Err(StoreError::VersionChanged(version));
    }
    let decision: Option<(String, String)> =
        sqlx::query_as("SELECT unit, decision FROM decisions WHERE submission_id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    let decision = match (decision, acting.act) {
        (Some((unit, decision)), Act::Decide) if unit == acting.unit => Some(decision),
        (Some(_), _) => return Err(StoreError::Decided),
        (None, _) => None,
    };
    if matches!(acting.act, Act::Recommend | Act::Decide | Act::Assign) {
        let waiting: Option<String> = sqlx::query_scalar(
            "SELECT unit FROM returns WHERE submission_id = $1 AND corrected_at = ''",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
        if waiting.is_some() {
            return Err(StoreError::Returned);
        }
    }
    Ok(Holding {
        version,
        call,
        decision,
    })
}

/// Whether `unit` holds the submission: it received it, or one of `below` recommends it.
async fn holds(
    conn: &mut AnyConnection,
    id: &str,
    received_by: &str,
    unit: &str,
    below: &[&str],
) -> Result<bool, StoreError> {
    if received_by == unit {
        return Ok(true);
    }
    let by: Vec<String> =
        sqlx::query_scalar("SELECT unit FROM recommendations WHERE submission_id = $1")
            .bind(id)
            .fetch_all(conn)
            .await
            .map_err(StoreError::Database)?;
    Ok(by.iter().any(|u| below.contains(&u.as_str())))
}

/// Ends the experts' assignments of a submission by the units `lost` names, which lost it: an
/// expert sees and scores only what their unit holds. Their reviews stay, for the record, but
/// print no more. Audited when any ended.
pub(super) async fn end_assignments(
    conn: &mut AnyConnection,
    id: &str,
    lost: impl Fn(&str) -> bool,
    at: &str,
    actor: super::Actor<'_>,
) -> Result<(), StoreError> {
    let db = StoreError::Database;
    let assigned: Vec<(String, String)> = sqlx::query_as(
        "SELECT expert, unit FROM expert_assignments WHERE submission_id = $1 ORDER BY expert",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let ended: Vec<&str> = assigned
        .iter()
        .filter(|(_, unit)| lost(unit))
        .map(|(expert, _)| expert.as_str())
        .collect();
    if ended.is_empty() {
        return Ok(());
    }
    for expert in &ended {
        sqlx::query("DELETE FROM expert_assignments WHERE submission_id = $1 AND expert = $2")
            .bind(id)
            .bind(*expert)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
    }
    super::audit_in(
        conn,
        at,
        actor,
        "unassign_experts",
        Some(id),
        &ended.join(" "),
    )
    .await
}
