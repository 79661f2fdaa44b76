//! Reviewer accounts and the append-only audit log of what they did.

use sqlx::Row;

use super::{Actor, Store, StoreError, audit_in, on_unique};
use crate::reviewers::{NewToken, Reviewer};

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    /// The unit the actor acted for ('' for none).
    pub unit: String,
    pub action: String,
    pub submission_id: Option<String>,
    pub detail: String,
}

/// A reviewer account as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub reviewer: Reviewer,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl Store {
    /// Creates a reviewer account with its programs, and with `sign_in` (a password's hash
    /// and a TOTP secret) if it signs in in a browser.
    pub async fn add_reviewer(
        &self,
        reviewer: &Reviewer,
        token: &NewToken,
        sign_in: Option<(&str, &str)>,
        at: &str,
    ) -> Result<(), StoreError> {
        let (password_hash, totp_secret) = sign_in.unwrap_or_default();
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(StoreError::Database)?;
        let added = sqlx::query(
            "INSERT INTO reviewers (name, token_id, token_hash, unit, expert, created_at, \
             password_hash, totp_secret) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&reviewer.name)
        .bind(&token.id)
        .bind(&token.hash)
        .bind(&reviewer.unit)
        .bind(i64::from(reviewer.expert))
        .bind(at)
        .bind(password_hash)
        .bind(totp_secret)
        .execute(&mut *tx)
        .await;
        on_unique(added, "reviewers.name", StoreError::DuplicateName)?;
        for program in &reviewer.programs {
            sqlx::query("INSERT INTO reviewer_programs (reviewer, program) VALUES ($1, $2)")
                .bind(&reviewer.name)
                .bind(program)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::Database)?;
        }
        audit_in(
            &mut tx,
            at,
            Actor::OPERATOR,
            "reviewer_add",
            None,
            &reviewer.name,
        )
        .await?;
        tx.commit().await.map_err(StoreError::Database)
    }

    async fn programs_of(&self, name: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT program FROM reviewer_programs WHERE reviewer = $1 ORDER BY program",
        )
        .bind(name)
        .fetch_all(&self.pool)
        .await
    }

    /// Every account, revoked ones included, in the order they were made.
    pub async fn reviewers(&self) -> Result<Vec<Account>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT name, unit, expert, created_at, revoked_at FROM reviewers ORDER BY created_at, name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut accounts = Vec::with_capacity(rows.len());
        for r in rows {
            let name: String = r.try_get("name")?;
            accounts.push(Account {
                reviewer: Reviewer {
                    below: Vec::new(),
                    expert: r.try_get::<i64, _>("expert")? != 0,
                    programs: self.programs_of(&name).await?,
                    unit: r.try_get("unit")?,
                    name,
                },
                created_at: r.try_get("created_at")?,
                revoked_at: r.try_get("revoked_at")?,
            });
        }
        Ok(accounts)
    }

    /// Gives an active account a new token (the old one stops working at once); `false` if
    /// there is none of that name.
    pub async fn rotate(&self, name: &str, token: &NewToken, at: &str) -> Result<bool, StoreError> {
        let change = sqlx::query(
            "UPDATE reviewers SET token_id = $1, token_hash = $2 WHERE name = $3 AND revoked_at IS NULL",
        )
        .bind(&token.id)
        .bind(&token.hash)
        .bind(name);
        self.change_account(change, name, at, "reviewer_rotate")
            .await
    }

    /// Revokes an active account; `false` if there is none of that name.
    pub async fn revoke(&self, name: &str, at: &str) -> Result<bool, StoreError> {
        let change = sqlx::query(
            "UPDATE reviewers SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(name);
        self.change_account(change, name, at, "reviewer_revoke")
            .await
    }

    /// Runs `change` on an active account and logs `action` if it changed one.
    async fn change_account<'q>(
        &self,
        change: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        name: &str,
        at: &str,
        action: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(StoreError::Database)?;
        let done = change
            .execute(&mut *tx)
            .await
            .map_err(StoreError::Database)?
            .rows_affected()
            == 1;
        if done {
            audit_in(&mut tx, at, Actor::OPERATOR, action, None, name).await?;
        }
        tx.commit().await.map_err(StoreError::Database)?;
        Ok(done)
    }

    /// The active account a token's id names, with the hash its secret must match.
    pub async fn reviewer_by_token(
        &self,
        token_id: &str,
    ) -> Result<Option<(Reviewer, String)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT name, unit, expert, token_hash FROM reviewers WHERE token_id = $1 AND revoked_at IS NULL",
        )
        .bind(token_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let reviewer = self.reviewer_of(&r).await?;
        Ok(Some((reviewer, r.try_get("token_hash")?)))
    }

    /// The account a row of `reviewers` (its name, unit and expert) describes, with its
    /// programs.
    pub(super) async fn reviewer_of(&self, r: &sqlx::any::AnyRow) -> Result<Reviewer, sqlx::Error> {
        let name: String = r.try_get("name")?;
        Ok(Reviewer {
            below: Vec::new(),
            expert: r.try_get::<i64, _>("expert")? != 0,
            programs: self.programs_of(&name).await?,
            unit: r.try_get("unit")?,
            name,
        })
    }

    /// Adds a line to the audit log.
    pub async fn audit(
        &self,
        at: &str,
        actor: Actor<'_>,
        action: &str,
        submission_id: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        audit_in(&mut tx, at, actor, action, submission_id, detail).await?;
        tx.commit().await.map_err(db)
    }

    /// The audit log, oldest first.
    pub async fn audit_log(&self) -> Result<Vec<AuditEntry>, sqlx::Error> {
        sqlx::query_as(
            "SELECT seq, at, actor, unit, action, submission_id, detail FROM audit_log ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await
    }
}
