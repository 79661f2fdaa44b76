//! 退回补正: the receiving unit returns a submission to its applicant with a reason and a date
//! to correct it by, even after the call closed; the corrected version comes back to the unit
//! with what it changed.

use super::{Acting, Actor, Store, StoreError, audit_in};

/// A return to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Return {
    pub unit: String,
    pub reason: String,
    /// Unix seconds, stored as text.
    pub correct_by: String,
    pub reviewer: String,
    pub at: String,
    /// When the applicant's correction came back ('' until then).
    pub corrected_at: String,
    /// What it changed: a JSON array of paths ('' until then).
    pub changed: String,
}

impl Return {
    pub fn correct_by(&self) -> i64 {
        self.correct_by.parse().unwrap_or_default()
    }

    /// Still waiting for the applicant at `now`.
    pub fn open(&self, now: i64) -> bool {
        self.corrected_at.is_empty() && now < self.correct_by()
    }
}

impl Store {
    /// Returns a submission to its applicant, once the chain's invariants hold for `acting`
    /// (see `guard`): its recommendations are withdrawn at every unit (what comes back is
    /// another version), and every expert assigned to it stops seeing it.
    pub async fn return_to_applicant(
        &self,
        submission_id: &str,
        acting: Acting<'_>,
        r: &Return,
        actor: Actor<'_>,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        let holding = super::guard::hold(&mut tx, self.backend, submission_id, acting).await?;
        super::corrections::withdraw_all(&mut tx, self.backend, submission_id).await?;
        super::guard::end_assignments(&mut tx, submission_id, |_| true, &r.at, actor).await?;
        sqlx::query(
            "INSERT INTO returns (submission_id, unit, reason, correct_by, reviewer, at, \
             corrected_at, changed) VALUES ($1, $2, $3, $4, $5, $6, '', '') \
             ON CONFLICT (submission_id) DO UPDATE SET unit = excluded.unit, \
             reason = excluded.reason, correct_by = excluded.correct_by, \
             reviewer = excluded.reviewer, at = excluded.at, corrected_at = '', changed = ''",
        )
        .bind(submission_id)
        .bind(&r.unit)
        .bind(&r.reason)
        .bind(&r.correct_by)
        .bind(&r.reviewer)
        .bind(&r.at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        audit_in(
            &mut tx,
            &r.at,
            actor,
            "return",
            Some(submission_id),
            &r.reason,
        )
        .await?;
        let mut event = super::Event::new(&r.at, "returned", &r.unit, holding.version);
        event.reason = r.reason.clone();
        event.correct_by = time::OffsetDateTime::from_unix_timestamp(r.correct_by())
            .map(crate::clock::rfc3339)
            .unwrap_or_default();
        super::event_in(&mut tx, submission_id, &event).await?;
        tx.commit().await.map_err(db)
    }

    /// The submission's latest return, if it was ever returned.
    pub async fn returned(&self, submission_id: &str) -> Result<Option<Return>, sqlx::Error> {
        sqlx::query_as(
            "SELECT unit, reason, correct_by, reviewer, at, corrected_at, changed FROM returns \
             WHERE submission_id = $1",
        )
        .bind(submission_id)
        .fetch_optional(&self.pool)
        .await
    }
}

/// The dotted paths at which two applications differ (arrays by index), for the unit to see
/// what a correction changed.
pub fn changed_paths(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
        let at = |key: &str| {
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        };
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    let none = Value::Null;
                    walk(
                        &at(key),
                        x.get(key).unwrap_or(&none),
                        y.get(key).unwrap_or(&none),
                        out,
                    );
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                for i in 0..x.len().max(y.len()) {
                    let none = Value::Null;
                    let key = i.to_string();
                    walk(
                        &at(&key),
                        x.get(i).unwrap_or(&none),
                        y.get(i).unwrap_or(&none),
                        out,
                    );
                }
            }
            (x, y) if x != y => out.push(path.to_owned()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn changed_paths_name_the_leaves_that_differ() {
        let before = json!({"project": {"name": "a", "term": {"end": "2025-08"}}, "plan": [{"content": "x"}]});
        let after = json!({"project": {"name": "b", "term": {"end": "2025-08"}}, "plan": [{"content": "x"}, {"content": "y"}]});
        assert_eq!(
            super::changed_paths(&before, &after),
            ["plan.1", "project.name"]
        );
    }
}
