//! Experts a unit invites (专家评审): which experts a unit assigned a submission to, and their
//! scores and opinions.

use super::{Acting, Actor, Line, Store, StoreError, audit_in};

/// An expert's review of a submission.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub expert: String,
    /// The unit that assigned the expert: its block of the 申请书 prints the review.
    pub unit: String,
    /// 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub score: i64,
    pub text: String,
    #[schema(format = DateTime)]
    pub at: String,
}

impl Store {
    /// The active experts of `unit` who read `program`: the only names the unit may assign.
    pub async fn experts_of(&self, unit: &str, program: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT r.name FROM reviewers r JOIN reviewer_programs p ON p.reviewer = r.name \
             WHERE r.expert <> 0 AND r.unit = $1 AND p.program = $2 AND r.revoked_at IS NULL \
             ORDER BY r.name",
        )
        .bind(unit)
        .bind(program)
        .fetch_all(&self.pool)
        .await
    }

    /// Makes `experts` the ones the acting unit assigned the submission to, once the chain's
    /// invariants hold (see `guard`): those no longer named stop seeing it (their reviews stay,
    /// for the record).
    pub async fn assign(
        &self,
        submission_id: &str,
        acting: Acting<'_>,
        experts: &[String],
        actor: Actor<'_>,
        at: &str,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        super::guard::hold(&mut tx, self.backend, submission_id, acting).await?;
        let unit = acting.unit;
        sqlx::query("DELETE FROM expert_assignments WHERE submission_id = $1 AND unit = $2")
            .bind(submission_id)
            .bind(unit)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for expert in experts {
            sqlx::query(
                "INSERT INTO expert_assignments (submission_id, expert, unit, at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(submission_id)
            .bind(expert)
            .bind(unit)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        audit_in(
            &mut tx,
            at,
            actor,
            "assign_experts",
            Some(submission_id),
            &experts.join(" "),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    /// The experts assigned a submission now, by name.
    pub async fn assigned(&self, submission_id: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT expert FROM expert_assignments WHERE submission_id = $1 ORDER BY expert",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Records (or replaces) an expert's review, once the chain's invariants hold for the
    /// expert acting (see `guard`: assigned now, by a unit that holds it).
    pub async fn review(
        &self,
        submission_id: &str,
        acting: Acting<'_>,
        review: &Review,
        actor: Actor<'_>,
    ) -> Result<(), StoreError> {
        let write = sqlx::query(
            "INSERT INTO expert_reviews (submission_id, expert, unit, score, text, at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (submission_id, expert) DO UPDATE SET unit = excluded.unit, \
             score = excluded.score, text = excluded.text, at = excluded.at",
        )
        .bind(submission_id)
        .bind(&review.expert)
        .bind(&review.unit)
        .bind(review.score)
        .bind(&review.text)
        .bind(&review.at);
        let detail = format!("score {}", review.score);
        let line = Line {
            at: &review.at,
            actor,
            action: "review",
            submission_id,
            detail: &detail,
        };
        self.write_audited(acting, write, line).await
    }

    /// The reviews of the experts assigned a submission now, by expert: the reviews of an
    /// assignment that ended are kept, but neither printed nor counted.
    pub async fn reviews(&self, submission_id: &str) -> Result<Vec<Review>, sqlx::Error> {
        sqlx::query_as(
            "SELECT e.expert, e.unit, e.score, e.text, e.at FROM expert_reviews e \
             JOIN expert_assignments a ON a.submission_id = e.submission_id \
             AND a.expert = e.expert WHERE e.submission_id = $1 ORDER BY e.expert",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await
    }
}

/// The mean of the scores, to one decimal; `None` without any.
pub fn mean(reviews: &[Review]) -> Option<f64> {
    if reviews.is_empty() {
        return None;
    }
    let sum: i64 = reviews.iter().map(|r| r.score).sum();
    Some((sum as f64 / reviews.len() as f64 * 10.0).round() / 10.0)
}
