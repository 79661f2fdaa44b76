//! Corrections before the deadline: an applicant with the receipt and the secret replaces the
//! submission. The `submissions` row becomes the new version; the one it replaces goes, with
//! the names of its files, to `superseded` (a file's bytes are kept once: see `files`).

use super::{
    Actor, Idempotency, NewAttachment, NewSubmission, Store, StoreError, Stored, attach_in,
    audit_in, remember_key_in,
};
use sqlx::Row;

use crate::secret;

/// The most versions one submission keeps (itself and those it replaced): a bound on what one
/// receipt and secret can make the database hold.
pub const MAX_VERSIONS: i64 = 50;
/// The most bytes of files one submission keeps over all its versions, each file counted once.
pub const MAX_KEPT_BYTES: i64 = 256 * 1024 * 1024;

/// What a replacement did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub id: String,
    pub version: i64,
    /// It had been recommended: a replacement withdraws that, since the reviewer recommended
    /// what is now superseded.
    pub withdrew_recommendation: bool,
}

/// Withdraws every unit's recommendation of a submission, each unit's ranking closing its gap
/// under that unit's lock. Whether there was any.
pub(super) async fn withdraw_all(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    backend: super::Backend,
    id: &str,
) -> Result<bool, StoreError> {
    let db = StoreError::Database;
    let held: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT call, unit, rank FROM recommendations WHERE submission_id = $1 ORDER BY at, unit",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db)?;
    // In one order (by name), as `Store::withdraw` takes them.
    let mut locks: Vec<String> = held
        .iter()
        .map(|(call, unit, _)| super::recommendations::ranking(call, unit))
        .collect();
    locks.sort();
    for lock in &locks {
        super::lock_in(tx, backend, lock).await.map_err(db)?;
    }
    for (call, unit, rank) in &held {
        sqlx::query("DELETE FROM recommendations WHERE submission_id = $1 AND unit = $2")
            .bind(id)
            .bind(unit)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "UPDATE recommendations SET rank = rank - 1 WHERE call = $1 AND unit = $2 AND rank > $3",
        )
        .bind(call)
        .bind(unit)
        .bind(rank)
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    Ok(!held.is_empty())
}

impl Store {
    /// The submission with this receipt, if `secret` is its secret.
    pub async fn own(&self, receipt: &str, secret: &str) -> Result<Option<Stored>, sqlx::Error> {
        let hash: Option<String> =
            sqlx::query_scalar("SELECT secret_hash FROM submissions WHERE receipt = $1")
                .bind(receipt)
                .fetch_optional(&self.pool)
                .await?;
        match hash {
            Some(hash) if secret::matches(secret, &hash) => self.find_by_receipt(receipt).await,
            _ => Ok(None),
        }
    }

    /// Replaces `current` (as read with its `secret`) by `s` (whose id, receipt and secret are
    /// not used), in one transaction that takes the write lock first. In it the secret is
    /// checked again and the version must still be the one read, or another correction came
    /// first ([`StoreError::Stale`]); the current version and the names of its files are
    /// copied to `superseded`, the files sent replace those of the same key (the others stay with the
    /// new version), its recommendations are withdrawn at every unit of the chain, and the
    /// audit log says who replaced what. A decided submission is [`StoreError::Decided`].
    ///
    /// The receiving unit changes only while the call is open (`call_open`) and the
    /// submission is not waiting for this correction after a return
    /// ([`StoreError::ReceivingFixed`]). A return waiting for it is marked corrected, with the
    /// paths it `changed`; the experts of units that no longer hold it stop seeing it.
    pub async fn replace(
        &self,
        (current, secret): (&Stored, &str),
        s: &NewSubmission,
        files: &[NewAttachment],
        (key, call_open, changed): (Option<&Idempotency>, bool, &[String]),
        at: &str,
    ) -> Result<Replaced, StoreError> {
        let db = StoreError::Database;
        let mut tx = super::begin_write(&self.pool, self.backend)
            .await
            .map_err(db)?;
        // The row stays locked until the commit, so a concurrent correction (from another
        // server too) waits and then finds the version changed.
        let lock = super::backend::row_lock(self.backend);
        let row: Option<(String, String, i64, String)> = sqlx::query_as(&format!(
            "SELECT id, secret_hash, version, unit FROM submissions WHERE receipt = $1{lock}"
        ))
        .bind(&current.receipt)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let (id, version, received_by) = match row {
            Some((id, hash, version, unit)) if secret::matches(secret, &hash) => {
                (id, version, unit)
            }
            _ => return Err(StoreError::NotYours),
        };
        if version != current.version {
            return Err(StoreError::Stale);
        }
        let waiting: Option<String> = sqlx::query_scalar(
            "SELECT unit FROM returns WHERE submission_id = $1 AND corrected_at = ''",
        )
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        // The unit that returned it, or received it when the call closed, keeps it.
        if s.unit != received_by && (!call_open || waiting.is_some()) {
            return Err(StoreError::ReceivingFixed(received_by));
        }
        if version >= MAX_VERSIONS {
            return Err(StoreError::TooManyVersions);
        }
        // What the submission keeps over all its versions, each file once, and what this
        // correction would add: the files sent that it does not have yet.
        let kept: Vec<(String, i64)> = sqlx::query_as(
            "SELECT hash, size FROM attachments WHERE submission_id = $1 \
             UNION SELECT hash, size FROM superseded_attachments WHERE submission_id = $1",
        )
        .bind(&id)
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        let mut total: i64 = kept.iter().map(|(_, size)| size).sum();
        for file in files {
            if !kept.iter().any(|(hash, _)| *hash == file.hash) {
                total += file.data.len() as i64;
            }
        }
        if total > MAX_KEPT_BYTES {
            return Err(StoreError::VersionsTooLarge);
        }
        let decided: Option<String> =
            sqlx::query_scalar("SELECT decision FROM decisions WHERE submission_id = $1")
                .bind(&id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        if decided.is_some() {
            return Err(StoreError::Decided);
        }
        let receipt = &current.receipt;
        sqlx::query(
            "INSERT INTO superseded (submission_id, version, applicant_name, credit_code, \
             project_name, unit, domain, schema_version, data, submitted_at, superseded_at) \
             SELECT id, version, applicant_name, credit_code, project_name, unit, domain, \
             schema_version, data, submitted_at, $1 FROM submissions WHERE id = $2",
        )
        .bind(at)
        .bind(&id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        // The replaced version names its files; their bytes stay where they are.
        sqlx::query(
            "INSERT INTO superseded_attachments (submission_id, version, key, file_name, \
             media_type, size, hash) SELECT submission_id, $1, key, file_name, media_type, size, \
             hash FROM attachments WHERE submission_id = $2",
        )
        .bind(version)
        .bind(&id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        for file in files {
            sqlx::query("DELETE FROM attachments WHERE submission_id = $1 AND key = $2")
                .bind(&id)
                .bind(&file.key)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        attach_in(&mut tx, &id, files).await?;
        let withdrawn = withdraw_all(&mut tx, self.backend, &id).await?;
        sqlx::query(
            "UPDATE submissions SET applicant_name = $1, credit_code = $2, project_name = $3, \
             unit = $4, domain = $5, schema_version = $6, data = $7, submitted_at = $8, \
             version = version + 1 WHERE id = $9",
        )
        .bind(&s.applicant_name)
        .bind(&s.credit_code)
        .bind(&s.project_name)
        .bind(&s.unit)
        .bind(&s.domain)
        .bind(i64::from(s.schema_version))
        .bind(&s.data)
        .bind(&s.submitted_at)
        .bind(&id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if waiting.is_some() {
            let changed = serde_json::to_string(changed).unwrap_or_default();
            sqlx::query(
                "UPDATE returns SET corrected_at = $1, changed = $2 WHERE submission_id = $3",
            )
            .bind(at)
            .bind(changed)
            .bind(&id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        // What the units above recommended is withdrawn, and a moved one leaves its unit: each
        // unit's experts keep only what the unit still holds.
        super::guard::end_assignments(&mut tx, &id, |u| u != s.unit, at, Actor::APPLICANT).await?;
        remember_key_in(&mut tx, &id, key, at).await?;
        let new = version + 1;
        let mut detail = format!("{receipt} v{version} → v{new}");
        if withdrawn {
            detail.push_str("; recommendation withdrawn");
        }
        audit_in(&mut tx, at, Actor::APPLICANT, "replace", Some(&id), &detail).await?;
        let corrected = super::Event::new(at, "corrected", "", new);
        super::event_in(&mut tx, &id, &corrected).await?;
        tx.commit().await.map_err(db)?;
        Ok(Replaced {
            id,
            version: new,
            withdrew_recommendation: withdrawn,
        })
    }

    /// The earlier versions kept of a submission, each with how many files it had.
    pub async fn superseded(&self, submission_id: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT s.version, (SELECT COUNT(*) FROM superseded_attachments a \
             WHERE a.submission_id = s.submission_id AND a.version = s.version) \
             FROM superseded s WHERE s.submission_id = $1 ORDER BY s.version",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Version `version` of a submission as the applicant replaced it, if it is kept.
    pub async fn version(
        &self,
        submission_id: &str,
        version: i64,
    ) -> Result<Option<Version>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT data, submitted_at, superseded_at FROM superseded \
             WHERE submission_id = $1 AND version = $2",
        )
        .bind(submission_id)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let data: String = row.try_get("data")?;
        let files = sqlx::query_as(
            "SELECT key, file_name, size, hash FROM superseded_attachments \
             WHERE submission_id = $1 AND version = $2 ORDER BY key",
        )
        .bind(submission_id)
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(Version {
            data: serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            submitted_at: row.try_get("submitted_at")?,
            superseded_at: row.try_get("superseded_at")?,
            files,
        }))
    }

    /// The files of a submission's current version, with their content's hash.
    pub async fn current_files(
        &self,
        submission_id: &str,
    ) -> Result<Vec<VersionFile>, sqlx::Error> {
        sqlx::query_as(
            "SELECT key, file_name, size, hash FROM attachments WHERE submission_id = $1 ORDER BY key",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await
    }
}

/// An earlier version of a submission, as kept.
pub struct Version {
    pub data: serde_json::Value,
    pub submitted_at: String,
    pub superseded_at: String,
    pub files: Vec<VersionFile>,
}

/// A file of a version: its form key, name, size, and the hash of its content (the same
/// hash, the same bytes).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VersionFile {
    pub key: String,
    pub file_name: String,
    pub size: i64,
    pub hash: String,
}
