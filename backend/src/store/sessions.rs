//! Passwords, second factors and browser sessions of reviewer accounts (see `crate::signin`).

use sqlx::Row;

use super::{Actor, Store, StoreError, audit_in, begin_write};
use crate::reviewers::Reviewer;
use crate::signin::session::{self, NewSession};

/// What an active account signs in with: its password's hash ('' for none), its TOTP secret
/// and the last step a code was accepted for.
pub struct Credentials {
    pub password_hash: String,
    pub totp_secret: String,
    pub totp_step: u64,
}

impl Store {
    /// The active account of that name.
    pub async fn reviewer_named(&self, name: &str) -> Result<Option<Reviewer>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT name, unit, expert FROM reviewers WHERE name = $1 AND revoked_at IS NULL",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(self.reviewer_of(&r).await?)),
            None => Ok(None),
        }
    }

    /// What the active account of that name signs in with.
    pub async fn credentials(&self, name: &str) -> Result<Option<Credentials>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT password_hash, totp_secret, totp_step FROM reviewers \
             WHERE name = $1 AND revoked_at IS NULL",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Credentials {
                password_hash: r.try_get("password_hash")?,
                totp_secret: r.try_get("totp_secret")?,
                totp_step: u64::try_from(r.try_get::<i64, _>("totp_step")?).unwrap_or(0),
            })
        })
        .transpose()
    }

    /// Marks `step` as used by the account's code; `false` if a code of that step or a later
    /// one was already accepted (two sign-ins racing with one code: only one wins).
    pub async fn use_totp_step(&self, name: &str, step: u64) -> Result<bool, sqlx::Error> {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let done =
            sqlx::query("UPDATE reviewers SET totp_step = $1 WHERE name = $2 AND totp_step < $1")
                .bind(step)
                .bind(name)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets an active account's password and TOTP secret, ending its sessions; `false` if
    /// there is none of that name.
    pub async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        totp_secret: &str,
        at: &str,
    ) -> Result<bool, StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE reviewers SET password_hash = $1, totp_secret = $2, totp_step = 0 \
             WHERE name = $3 AND revoked_at IS NULL",
        )
        .bind(password_hash)
        .bind(totp_secret)
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected()
            == 1;
        if done {
            sqlx::query("DELETE FROM sessions WHERE reviewer = $1")
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            audit_in(
                &mut tx,
                at,
                Actor::OPERATOR,
                "reviewer_password",
                None,
                name,
            )
            .await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(done)
    }

    /// Starts a session for `reviewer`, signed in `via` a password or the identity provider,
    /// and records the sign-in; sessions past their time go at the same moment.
    pub async fn open_session(
        &self,
        reviewer: &Reviewer,
        new: &NewSession,
        via: &str,
        now: i64,
        at: &str,
    ) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        sqlx::query("DELETE FROM sessions WHERE seen <= $1 OR started <= $2")
            .bind(now - session::IDLE)
            .bind(now - session::MAX)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO sessions (id_hash, reviewer, via, started, seen) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(&new.hash)
        .bind(&reviewer.name)
        .bind(via)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        audit_in(&mut tx, at, reviewer.actor(), "sign_in", None, via).await?;
        tx.commit().await.map_err(db)
    }

    /// The active account whose live session has that hash, the session seen again at `now`.
    pub async fn session(&self, hash: &str, now: i64) -> Result<Option<Reviewer>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT r.name, r.unit, r.expert, s.started, s.seen FROM sessions s \
             JOIN reviewers r ON r.name = s.reviewer \
             WHERE s.id_hash = $1 AND r.revoked_at IS NULL",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let (started, seen): (i64, i64) = (r.try_get("started")?, r.try_get("seen")?);
        if !session::live(started, seen, now) {
            return Ok(None);
        }
        if now - seen >= session::SEEN_GRAIN {
            sqlx::query("UPDATE sessions SET seen = $1 WHERE id_hash = $2")
                .bind(now)
                .bind(hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(self.reviewer_of(&r).await?))
    }

    /// Ends the session with that hash, recording who signed out; nothing if there is none.
    pub async fn close_session(&self, hash: &str, at: &str) -> Result<(), StoreError> {
        let db = StoreError::Database;
        let Some(name) =
            sqlx::query_scalar::<_, String>("SELECT reviewer FROM sessions WHERE id_hash = $1")
                .bind(hash)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
        else {
            return Ok(());
        };
        let reviewer = self.reviewer_named(&name).await.map_err(db)?;
        let mut tx = begin_write(&self.pool, self.backend).await.map_err(db)?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(hash)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let actor = reviewer.as_ref().map_or(
            Actor {
                name: &name,
                unit: "",
            },
            Reviewer::actor,
        );
        audit_in(&mut tx, at, actor, "sign_out", None, "").await?;
        tx.commit().await.map_err(db)
    }
}
