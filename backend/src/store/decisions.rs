//! What the chain's units write on a submission: the deciding unit's decision (立项 / 不予立项),
//! and each unit's opinion for its block of the 申请书.

use super::guard::{Acting, hold};
use super::{Actor, Line, Store, StoreError, audit_in};

/// The deciding unit's word on a submission.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub unit: String,
    /// `approved` (立项) or `rejected` (不予立项).
    #[schema(pattern = "^(approved|rejected)$")]
    pub decision: String,
    pub reason: String,
    pub reviewer: String,
    #[schema(format = DateTime)]
    pub at: String,
    /// The version of the application it decided.
    pub version: i64,
}

/// A unit's opinion on a submission, for its block of the 申请书 ('' where the form has none).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Opinion {
    pub unit: String,
    pub block: String,
    pub text: String,
    pub reviewer: String,
    #[schema(format = DateTime)]
    pub at: String,
}

impl Store {
    /// Records the deciding unit's decision on the version it holds, once the chain's
    /// invariants hold (see `guard`): only the decider changes its own decision, and a change
    /// needs a reason ([`StoreError::ChangeNeedsReason`]), which the audit log keeps with it.
    /// Returns the version decided.
    pub async fn decide(
        &self,
        submission_id: &str,
        acting: Acting<'_>,
        decision: &Decision,
        actor: Actor<'_>,
    ) -> Result<i64, StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        let holding = hold(&mut tx, self.backend, submission_id, acting).await?;
        let detail = match &holding.decision {
            Some(_) if decision.reason.is_empty() => return Err(StoreError::ChangeNeedsReason),
            Some(before) => format!(
                "v{} {before} → {}: {}",
                holding.version, decision.decision, decision.reason
            ),
            None if decision.reason.is_empty() => {
                format!("v{} {}", holding.version, decision.decision)
            }
            None => format!(
                "v{} {}: {}",
                holding.version, decision.decision, decision.reason
            ),
        };
        sqlx::query(
            "INSERT INTO decisions (submission_id, call, unit, decision, reason, reviewer, at, \
             version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (submission_id) DO UPDATE SET unit = excluded.unit, \
             decision = excluded.decision, reason = excluded.reason, \
             reviewer = excluded.reviewer, at = excluded.at, version = excluded.version",
        )
        .bind(submission_id)
        .bind(&holding.call)
        .bind(&decision.unit)
        .bind(&decision.decision)
        .bind(&decision.reason)
        .bind(&decision.reviewer)
        .bind(&decision.at)
        .bind(holding.version)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        audit_in(
            &mut tx,
            &decision.at,
            actor,
            "decide",
            Some(submission_id),
            &detail,
        )
        .await?;
        let mut event = super::Event::new(
            &decision.at,
            &decision.decision,
            &decision.unit,
            holding.version,
        );
        event.reason = decision.reason.clone();
        super::event_in(&mut tx, submission_id, &event).await?;
        tx.commit().await.map_err(db)?;
        Ok(holding.version)
    }

    /// The decisions `unit` took in `call`, as `(submission id, decision)`: 立项 first, each
    /// kind in the order taken.
    pub async fn decisions_in(
        &self,
        call: &str,
        unit: &str,
    ) -> Result<Vec<(String, Decision)>, sqlx::Error> {
        let rows: Vec<(String, String, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT submission_id, unit, decision, reason, reviewer, at, version FROM decisions \
             WHERE call = $1 AND unit = $2 ORDER BY decision, at, submission_id",
        )
        .bind(call)
        .bind(unit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, unit, decision, reason, reviewer, at, version)| {
                let decision = Decision {
                    unit,
                    decision,
                    reason,
                    reviewer,
                    at,
                    version,
                };
                (id, decision)
            })
            .collect())
    }

    pub async fn decision(&self, submission_id: &str) -> Result<Option<Decision>, sqlx::Error> {
        sqlx::query_as(
            "SELECT unit, decision, reason, reviewer, at, version FROM decisions \
             WHERE submission_id = $1",
        )
        .bind(submission_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Writes (or replaces) a unit's opinion in a block, once the chain's invariants hold for
    /// `acting` (see `guard`).
    pub async fn write_opinion(
        &self,
        submission_id: &str,
        acting: Acting<'_>,
        opinion: &Opinion,
        actor: Actor<'_>,
    ) -> Result<(), StoreError> {
        let write = sqlx::query(
            "INSERT INTO opinions (submission_id, unit, block, text, reviewer, at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (submission_id, unit, block) DO UPDATE SET text = excluded.text, \
             reviewer = excluded.reviewer, at = excluded.at",
        )
        .bind(submission_id)
        .bind(&opinion.unit)
        .bind(&opinion.block)
        .bind(&opinion.text)
        .bind(&opinion.reviewer)
        .bind(&opinion.at);
        let line = Line {
            at: &opinion.at,
            actor,
            action: "opinion",
            submission_id,
            detail: &opinion.block,
        };
        self.write_audited(acting, write, line).await
    }

    /// The opinions written on a submission, in the order they were first written.
    pub async fn opinions(&self, submission_id: &str) -> Result<Vec<Opinion>, sqlx::Error> {
        sqlx::query_as(
            "SELECT unit, block, text, reviewer, at FROM opinions WHERE submission_id = $1 \
             ORDER BY at, unit, block",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await
    }
}
