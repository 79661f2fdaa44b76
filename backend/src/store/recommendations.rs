//! A receiving unit's recommendations upward, ranked, within its call's quotas.

use sqlx::Any;

use super::{Store, StoreError, audit_in};
use crate::quotas::Quota;

/// A unit's recommendation of one submission, as [`Store::recommend`] takes it.
pub struct Recommendation<'a> {
    pub submission_id: &'a str,
    pub call: &'a str,
    pub unit: &'a str,
    pub kind: &'a str,
    pub domain: &'a str,
    pub rank: Option<i64>,
    pub reviewer: &'a str,
    pub at: &'a str,
    pub quotas: &'a [Quota],
}

/// One of a unit's recommendations.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Held {
    pub submission_id: String,
    pub kind: String,
    pub domain: String,
    pub receipt: String,
    pub rank: i64,
}

/// What a unit recommends in a call, in rank order, read by `executor` (the pool, or the
/// transaction that is about to add one).
async fn held<'e>(
    executor: impl sqlx::Executor<'e, Database = Any>,
    call: &str,
    unit: &str,
) -> Result<Vec<Held>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.submission_id, r.kind, r.domain, s.receipt, r.rank FROM recommendations r \
         JOIN submissions s ON s.id = r.submission_id \
         WHERE r.call = $1 AND r.unit = $2 ORDER BY r.rank",
    )
    .bind(call)
    .bind(unit)
    .fetch_all(executor)
    .await
}

/// The advisory lock (PostgreSQL) under which a unit's ranking in a call changes.
fn ranking(call: &str, unit: &str) -> String {
    format!("ranking {call} {unit}")
}

impl Store {
    /// Recommends a submission as its unit's reviewer, within the call's quotas, at `rank`
    /// (1 first; the end when not given, or when past it), or moves it there if it is
    /// recommended already. The quota's count and the write happen under one write lock, so
    /// concurrent recommendations cannot both take the last place.
    pub async fn recommend(&self, r: &Recommendation<'_>) -> Result<i64, StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        super::lock_in(&mut tx, self.backend, &ranking(r.call, r.unit))
            .await
            .map_err(db)?;
        let held = held(&mut *tx, r.call, r.unit).await.map_err(db)?;
        let current = held
            .iter()
            .find(|h| h.submission_id == r.submission_id)
            .map(|h| h.rank);
        let count = held.len() as i64;
        let last = if current.is_some() { count } else { count + 1 };
        let rank = r.rank.unwrap_or(last).clamp(1, last);
        match current {
            Some(old) => {
                sqlx::query(
                    "UPDATE recommendations SET rank = rank - 1 \
                     WHERE call = $1 AND unit = $2 AND rank > $3",
                )
                .bind(r.call)
                .bind(r.unit)
                .bind(old)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            None => {
                for quota in r.quotas {
                    let Some(category) = quota.category(r.kind, r.domain) else {
                        continue;
                    };
                    let filled: Vec<String> = held
                        .iter()
                        .filter(|h| quota.category(&h.kind, &h.domain).as_ref() == Some(&category))
                        .map(|h| h.receipt.clone())
                        .collect();
                    if filled.len() >= quota.max as usize {
                        return Err(StoreError::QuotaFull {
                            category,
                            max: quota.max,
                            filled,
                        });
                    }
                }
            }
        }
        sqlx::query(
            "UPDATE recommendations SET rank = rank + 1 \
             WHERE call = $1 AND unit = $2 AND rank >= $3 AND submission_id <> $4",
        )
        .bind(r.call)
        .bind(r.unit)
        .bind(rank)
        .bind(r.submission_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query(
            "INSERT INTO recommendations (submission_id, call, unit, kind, domain, rank, reviewer, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (submission_id) DO UPDATE SET rank = excluded.rank, \
             reviewer = excluded.reviewer, at = excluded.at",
        )
        .bind(r.submission_id)
        .bind(r.call)
        .bind(r.unit)
        .bind(r.kind)
        .bind(r.domain)
        .bind(rank)
        .bind(r.reviewer)
        .bind(r.at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let detail = format!("rank {rank}");
        audit_in(
            &mut tx,
            r.at,
            r.reviewer,
            "recommend",
            Some(r.submission_id),
            &detail,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(rank)
    }

    /// Withdraws a recommendation; those after it move up. `false` if there was none.
    pub async fn unrecommend(
        &self,
        submission_id: &str,
        reviewer: &str,
        at: &str,
    ) -> Result<bool, StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        let held: Option<(String, String, i64)> = sqlx::query_as(
            "DELETE FROM recommendations WHERE submission_id = $1 RETURNING call, unit, rank",
        )
        .bind(submission_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some((call, unit, rank)) = held else {
            return Ok(false);
        };
        super::lock_in(&mut tx, self.backend, &ranking(&call, &unit))
            .await
            .map_err(db)?;
        sqlx::query(
            "UPDATE recommendations SET rank = rank - 1 WHERE call = $1 AND unit = $2 AND rank > $3",
        )
        .bind(&call)
        .bind(&unit)
        .bind(rank)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        audit_in(
            &mut tx,
            at,
            reviewer,
            "unrecommend",
            Some(submission_id),
            "",
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    /// A submission's place among its unit's recommendations, if recommended.
    pub async fn rank(&self, submission_id: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT rank FROM recommendations WHERE submission_id = $1")
            .bind(submission_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// What a unit recommends in a call, in rank order.
    pub async fn recommended(&self, call: &str, unit: &str) -> Result<Vec<Held>, sqlx::Error> {
        held(&self.pool, call, unit).await
    }
}
