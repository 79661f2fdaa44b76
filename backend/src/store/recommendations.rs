//! The recommending chain's records: each unit's recommendations upward, ranked within its own
//! quotas; withdrawals, which take a submission out at that unit and every unit above it. (The
//! units' words, opinions and the decision, are in `decisions.rs`.)

use sqlx::Any;

use super::guard::{Acting, end_assignments, hold};
use super::{Actor, Store, StoreError, audit_in};
use crate::quotas::Quota;

/// A unit's recommendation of one submission, as [`Store::recommend`] takes it.
pub struct Recommendation<'a> {
    pub submission_id: &'a str,
    /// The recommending unit, and what it saw.
    pub acting: Acting<'a>,
    pub kind: &'a str,
    pub domain: &'a str,
    pub rank: Option<i64>,
    pub actor: Actor<'a>,
    pub at: &'a str,
    /// The unit's own quotas.
    pub quotas: &'a [Quota],
    /// Why it goes beyond a quota the notice sets only "原则上" ('' for none): without it, a
    /// full quota refuses one more, firm or not.
    pub reason: &'a str,
}

/// One of a unit's recommendations.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Held {
    pub submission_id: String,
    pub kind: String,
    pub domain: String,
    pub receipt: String,
    pub rank: i64,
    /// Why it was recommended beyond a quota set "原则上" ('' within every quota).
    pub reason: String,
}

/// A submission a unit lost because a unit below it withdrew it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Withdrawn {
    pub submission_id: String,
    pub receipt: String,
    pub project_name: String,
    pub by_unit: String,
    pub at: String,
}

/// What a unit recommends in a call, in rank order, read by `executor` (the pool, or the
/// transaction that is about to add one).
async fn held<'e>(
    executor: impl sqlx::Executor<'e, Database = Any>,
    call: &str,
    unit: &str,
) -> Result<Vec<Held>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.submission_id, r.kind, r.domain, s.receipt, r.rank, r.reason \
         FROM recommendations r \
         JOIN submissions s ON s.id = r.submission_id \
         WHERE r.call = $1 AND r.unit = $2 ORDER BY r.rank",
    )
    .bind(call)
    .bind(unit)
    .fetch_all(executor)
    .await
}

/// The advisory lock (PostgreSQL) under which a unit's ranking in a call changes.
pub(super) fn ranking(call: &str, unit: &str) -> String {
    format!("ranking {call} {unit}")
}

impl Store {
    /// Recommends a submission as its unit's reviewer, within the unit's quotas, at `rank`
    /// (1 first; the end when not given, or when past it), or moves it there if it is
    /// recommended already. The chain's invariants are checked first (see `guard`); the
    /// quota's count and the write happen under the unit's lock, so concurrent recommendations
    /// cannot both take the last place.
    pub async fn recommend(&self, r: &Recommendation<'_>) -> Result<i64, StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        let holding = hold(&mut tx, self.backend, r.submission_id, r.acting).await?;
        let (call, unit) = (holding.call.as_str(), r.acting.unit);
        super::lock_in(&mut tx, self.backend, &ranking(call, unit))
            .await
            .map_err(db)?;
        let held = held(&mut *tx, call, unit).await.map_err(db)?;
        let current = held
            .iter()
            .find(|h| h.submission_id == r.submission_id)
            .map(|h| h.rank);
        let count = held.len() as i64;
        let last = if current.is_some() { count } else { count + 1 };
        let rank = r.rank.unwrap_or(last).clamp(1, last);
        let mut beyond: Vec<String> = Vec::new();
        match current {
            Some(old) => {
                sqlx::query(
                    "UPDATE recommendations SET rank = rank - 1 \
                     WHERE call = $1 AND unit = $2 AND rank > $3",
                )
                .bind(call)
                .bind(unit)
                .bind(old)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            None => {
                // A quota set only "原则上" takes one more with a reason; a firm one never.
                for quota in r.quotas {
                    let (Some(max), Some(category)) = (quota.max, quota.category(r.kind, r.domain))
                    else {
                        continue;
                    };
                    let filled: Vec<String> = held
                        .iter()
                        .filter(|h| quota.category(&h.kind, &h.domain).as_ref() == Some(&category))
                        .map(|h| h.receipt.clone())
                        .collect();
                    if filled.len() >= max as usize {
                        if quota.firm || r.reason.is_empty() {
                            return Err(StoreError::QuotaFull {
                                category,
                                max,
                                filled,
                                firm: quota.firm,
                            });
                        }
                        beyond.push(format!("{category} ({max})"));
                    }
                }
            }
        }
        sqlx::query(
            "UPDATE recommendations SET rank = rank + 1 \
             WHERE call = $1 AND unit = $2 AND rank >= $3 AND submission_id <> $4",
        )
        .bind(call)
        .bind(unit)
        .bind(rank)
        .bind(r.submission_id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query(
            "INSERT INTO recommendations (submission_id, call, unit, kind, domain, rank, reviewer, \
             at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (submission_id, unit) DO UPDATE SET rank = excluded.rank, \
             reviewer = excluded.reviewer, at = excluded.at",
        )
        .bind(r.submission_id)
        .bind(call)
        .bind(unit)
        .bind(r.kind)
        .bind(r.domain)
        .bind(rank)
        .bind(r.actor.name)
        .bind(r.at)
        // Kept only where it went beyond a quota; moving it keeps what it was recommended with.
        .bind(if beyond.is_empty() { "" } else { r.reason })
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let mut detail = format!("rank {rank}");
        if !beyond.is_empty() {
            detail.push_str(&format!(
                "; beyond {} in principle: {}",
                beyond.join(", "),
                r.reason
            ));
        }
        audit_in(
            &mut tx,
            r.at,
            r.actor,
            "recommend",
            Some(r.submission_id),
            &detail,
        )
        .await?;
        // Moving it within the ranking is the unit's own business; being recommended is news.
        if current.is_none() {
            let event = super::Event::new(r.at, "recommended", unit, holding.version);
            super::event_in(&mut tx, r.submission_id, &event).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(rank)
    }

    /// Withdraws a submission at `units[0]` and at every unit above it (`units[1..]`, in order
    /// upward), in one transaction, once the chain's invariants hold for `units[0]` acting with
    /// `below` under it (see `guard`): each unit's ranking closes its gap under that unit's
    /// lock, each unit above that lost it keeps a record that `units[0]` withdrew it, and the
    /// experts those units assigned stop seeing it. `false` if `units[0]` had not recommended it.
    pub async fn withdraw(
        &self,
        submission_id: &str,
        (units, below, version): (&[&str], &[&str], Option<i64>),
        actor: Actor<'_>,
        at: &str,
    ) -> Result<bool, StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        let acting = Acting {
            act: super::Act::Withdraw,
            unit: units[0],
            below,
            expert: None,
            version,
        };
        let holding = hold(&mut tx, self.backend, submission_id, acting).await?;
        let call = holding.call;
        // Locks in one order (by name), as every write that takes several does: two
        // withdrawals of one chain wait for each other instead of deadlocking.
        let mut locks: Vec<String> = units.iter().map(|u| ranking(&call, u)).collect();
        locks.sort();
        for lock in &locks {
            super::lock_in(&mut tx, self.backend, lock)
                .await
                .map_err(db)?;
        }
        let mut had = false;
        let mut removed = Vec::new();
        for (n, unit) in units.iter().enumerate() {
            let rank: Option<i64> = sqlx::query_scalar(
                "DELETE FROM recommendations WHERE submission_id = $1 AND unit = $2 RETURNING rank",
            )
            .bind(submission_id)
            .bind(*unit)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
            let Some(rank) = rank else { continue };
            sqlx::query(
                "UPDATE recommendations SET rank = rank - 1 WHERE call = $1 AND unit = $2 AND rank > $3",
            )
            .bind(&call)
            .bind(*unit)
            .bind(rank)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if n == 0 {
                had = true;
            } else {
                sqlx::query(
                    "INSERT INTO withdrawals (submission_id, call, unit, by_unit, at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(submission_id)
                .bind(&call)
                .bind(*unit)
                .bind(units[0])
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            removed.push(*unit);
        }
        // The units above lost it: a unit holds what the unit directly below it recommends.
        let above = &units[1..];
        end_assignments(&mut tx, submission_id, |u| above.contains(&u), at, actor).await?;
        if had {
            let event = super::Event::new(at, "withdrawn", units[0], holding.version);
            super::event_in(&mut tx, submission_id, &event).await?;
        }
        if !removed.is_empty() {
            audit_in(
                &mut tx,
                at,
                actor,
                "unrecommend",
                Some(submission_id),
                &removed.join(" "),
            )
            .await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(had)
    }

    /// Every unit's recommendation of a submission, as `(unit, rank)`.
    pub async fn recommended_by(
        &self,
        submission_id: &str,
    ) -> Result<Vec<(String, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT unit, rank FROM recommendations WHERE submission_id = $1 ORDER BY at, unit",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await
    }

    /// What a unit recommends in a call, in rank order.
    pub async fn recommended(&self, call: &str, unit: &str) -> Result<Vec<Held>, sqlx::Error> {
        held(&self.pool, call, unit).await
    }

    /// What units below `unit` withdrew from it in `call`, newest first, leaving out what a
    /// unit below recommends to it again since.
    pub async fn withdrawn(
        &self,
        call: &str,
        unit: &str,
        below: &[&str],
    ) -> Result<Vec<Withdrawn>, sqlx::Error> {
        let rows: Vec<Withdrawn> = sqlx::query_as(
            "SELECT w.submission_id, s.receipt, s.project_name, w.by_unit, w.at \
             FROM withdrawals w JOIN submissions s ON s.id = w.submission_id \
             WHERE w.call = $1 AND w.unit = $2 ORDER BY w.at DESC, w.submission_id",
        )
        .bind(call)
        .bind(unit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for row in rows {
            let again = self.recommended_by(&row.submission_id).await?;
            let back = again.iter().any(|(u, _)| below.contains(&u.as_str()));
            if !back
                && !out
                    .iter()
                    .any(|w: &Withdrawn| w.submission_id == row.submission_id)
            {
                out.push(row);
            }
        }
        Ok(out)
    }
}
