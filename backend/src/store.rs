//! Storage, behind one seam: everything the server keeps goes through [`Store`].

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{FromRow, QueryBuilder, Row, Sqlite, SqlitePool};

use crate::quotas::Quota;
use crate::reviewers::{NewToken, Reviewer};

/// A finished, valid application ready to be written.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub id: String,
    pub receipt: String,
    pub program: String,
    pub call: String,
    pub applicant_name: String,
    pub credit_code: String,
    pub project_name: String,
    /// The receiving unit, where the call names exactly one ('' otherwise).
    pub unit: String,
    /// `project.domain`, kept apart for the reviewers' filters.
    pub domain: String,
    pub schema_version: u32,
    /// The normalized application, as JSON.
    pub data: String,
    pub submitted_at: String,
}

/// A file that goes with a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub key: String,
    pub file_name: String,
    pub media_type: String,
    pub data: Vec<u8>,
}

/// A stored attachment, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredAttachment {
    pub key: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

/// A stored submission, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub id: String,
    pub receipt: String,
    pub program: String,
    pub call: String,
    pub unit: String,
    pub credit_code: String,
    pub schema_version: i64,
    pub data: serde_json::Value,
    pub submitted_at: String,
    pub attachments: Vec<StoredAttachment>,
}

/// The Idempotency-Key a submission was sent with, and the answer it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    /// Of the application and its files (see `routes::submissions`).
    pub fingerprint: String,
    /// The 201 body.
    pub response: String,
}

/// What a reviewer's list and exports are narrowed to, besides their own scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    pub program: Option<String>,
    pub call: Option<String>,
    pub unit: Option<String>,
    pub domain: Option<String>,
    /// The applicant's province: the two digits after the credit code's first two characters.
    pub province: Option<String>,
    /// Submitted on or after this day (`YYYY-MM-DD`, Beijing time).
    pub from: Option<String>,
    /// Submitted on or before this day.
    pub to: Option<String>,
    /// Words in the applicant's or the project's name.
    pub q: Option<String>,
    /// Only those its unit recommends (`true`), or only the others (`false`).
    #[serde(deserialize_with = "flag")]
    pub recommended: Option<bool>,
}

/// `true` or `false` as a query string writes them. (Read as text: inside the list's query,
/// which flattens this filter, serde sees every value as a string.)
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    use serde::Deserialize;
    match Option::<String>::deserialize(d)?.as_deref() {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(serde::de::Error::custom(format!(
            "recommended is true or false, not {other}"
        ))),
    }
}

/// One row of a reviewer's list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Summary {
    pub id: String,
    pub receipt: String,
    pub program: String,
    pub call: String,
    pub unit: String,
    pub domain: String,
    pub applicant_name: String,
    pub credit_code: String,
    pub project_name: String,
    pub submitted_at: String,
    /// Its place among its unit's recommendations, if recommended.
    pub rank: Option<i64>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub submission_id: Option<String>,
    pub detail: String,
}

/// Where the next page of an export starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    After(String, String),
    Offset(i64),
}

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

/// A reviewer account as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub reviewer: Reviewer,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug)]
pub enum StoreError {
    /// The receipt number is taken; draw another.
    DuplicateReceipt,
    /// Another request with the same Idempotency-Key was stored first.
    DuplicateKey,
    /// A reviewer of that name exists (or existed: revoked names stay, for the audit log).
    DuplicateName,
    /// The quota of this category is full with these receipts.
    QuotaFull {
        category: String,
        max: u32,
        filled: Vec<String>,
    },
    Database(sqlx::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::DuplicateReceipt => write!(f, "receipt already used"),
            StoreError::DuplicateKey => write!(f, "idempotency key already used"),
            StoreError::DuplicateName => write!(f, "a reviewer of that name exists already"),
            StoreError::QuotaFull { category, max, .. } => {
                write!(f, "quota {category} ({max}) is full")
            }
            StoreError::Database(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Store, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            // WAL lets readers (reviewers, later) run beside the writer; FULL sync makes a
            // receipt the applicant saw survive a power cut.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let file = options.get_filename();
        if let Some(dir) = file.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        if file != Path::new(":memory:") {
            create_private(file)?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool })
    }

    /// Writes a submission, its files and its Idempotency-Key in one transaction: all of it or
    /// nothing.
    pub async fn insert(
        &self,
        s: &NewSubmission,
        files: &[NewAttachment],
        key: Option<&Idempotency>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(StoreError::Database)?;
        let result = sqlx::query(
            "INSERT INTO submissions (id, receipt, program, call, applicant_name, credit_code, \
             project_name, unit, domain, schema_version, data, submitted_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.id)
        .bind(&s.receipt)
        .bind(&s.program)
        .bind(&s.call)
        .bind(&s.applicant_name)
        .bind(&s.credit_code)
        .bind(&s.project_name)
        .bind(&s.unit)
        .bind(&s.domain)
        .bind(i64::from(s.schema_version))
        .bind(&s.data)
        .bind(&s.submitted_at)
        .execute(&mut *tx)
        .await;
        on_unique(result, "submissions.receipt", StoreError::DuplicateReceipt)?;
        for file in files {
            sqlx::query(
                "INSERT INTO attachments (submission_id, key, file_name, media_type, size, data) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&s.id)
            .bind(&file.key)
            .bind(&file.file_name)
            .bind(&file.media_type)
            .bind(file.data.len() as i64)
            .bind(&file.data)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::Database)?;
        }
        if let Some(k) = key {
            let stored = sqlx::query(
                "INSERT INTO idempotency_keys (key, fingerprint, submission_id, response) \
                 VALUES (?, ?, ?, ?)",
            )
            .bind(&k.key)
            .bind(&k.fingerprint)
            .bind(&s.id)
            .bind(&k.response)
            .execute(&mut *tx)
            .await;
            on_unique(stored, "idempotency_keys.key", StoreError::DuplicateKey)?;
        }
        tx.commit().await.map_err(StoreError::Database)
    }

    /// What a submission sent with this Idempotency-Key was, and got.
    pub async fn idempotency(&self, key: &str) -> Result<Option<Idempotency>, sqlx::Error> {
        let row = sqlx::query("SELECT fingerprint, response FROM idempotency_keys WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| Idempotency {
            key: key.to_owned(),
            fingerprint: r.get("fingerprint"),
            response: r.get("response"),
        }))
    }

    /// The bytes of one attachment.
    pub async fn attachment_data(
        &self,
        submission_id: &str,
        key: &str,
    ) -> Result<Option<Vec<u8>>, sqlx::Error> {
        sqlx::query_scalar("SELECT data FROM attachments WHERE submission_id = ? AND key = ?")
            .bind(submission_id)
            .bind(key)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn find_by_receipt(&self, receipt: &str) -> Result<Option<Stored>, sqlx::Error> {
        self.find_where("receipt", receipt).await
    }

    /// A submission by its id or its receipt number, the two ways a reviewer names one.
    pub async fn find(&self, id_or_receipt: &str) -> Result<Option<Stored>, sqlx::Error> {
        match self.find_where("id", id_or_receipt).await? {
            Some(found) => Ok(Some(found)),
            None => self.find_where("receipt", id_or_receipt).await,
        }
    }

    /// `column` is one of ours, never the caller's text.
    async fn find_where(&self, column: &str, value: &str) -> Result<Option<Stored>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT id, receipt, program, call, unit, credit_code, schema_version, data, \
             submitted_at FROM submissions WHERE {column} = ?"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let id: String = r.try_get("id")?;
        let attachments = sqlx::query_as(
            "SELECT key, file_name, media_type, size FROM attachments WHERE submission_id = ? ORDER BY key",
        )
        .bind(&id)
        .fetch_all(&self.pool)
        .await?;
        let data: String = r.try_get("data")?;
        Ok(Some(Stored {
            id,
            receipt: r.try_get("receipt")?,
            program: r.try_get("program")?,
            call: r.try_get("call")?,
            unit: r.try_get("unit")?,
            credit_code: r.try_get("credit_code")?,
            schema_version: r.try_get("schema_version")?,
            data: serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            submitted_at: r.try_get("submitted_at")?,
            attachments,
        }))
    }

    /// Creates a reviewer account with its programs.
    pub async fn add_reviewer(
        &self,
        reviewer: &Reviewer,
        token: &NewToken,
        at: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(StoreError::Database)?;
        let added = sqlx::query(
            "INSERT INTO reviewers (name, token_id, token_hash, unit, created_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&reviewer.name)
        .bind(&token.id)
        .bind(&token.hash)
        .bind(&reviewer.unit)
        .bind(at)
        .execute(&mut *tx)
        .await;
        on_unique(added, "reviewers.name", StoreError::DuplicateName)?;
        for program in &reviewer.programs {
            sqlx::query("INSERT INTO reviewer_programs (reviewer, program) VALUES (?, ?)")
                .bind(&reviewer.name)
                .bind(program)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::Database)?;
        }
        audit_in(
            &mut tx,
            at,
            "operator",
            "reviewer_add",
            None,
            &reviewer.name,
        )
        .await?;
        tx.commit().await.map_err(StoreError::Database)
    }

    async fn programs_of(&self, name: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT program FROM reviewer_programs WHERE reviewer = ? ORDER BY program",
        )
        .bind(name)
        .fetch_all(&self.pool)
        .await
    }

    /// Every account, revoked ones included, in the order they were made.
    pub async fn reviewers(&self) -> Result<Vec<Account>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT name, unit, created_at, revoked_at FROM reviewers ORDER BY created_at, name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut accounts = Vec::with_capacity(rows.len());
        for r in rows {
            let name: String = r.try_get("name")?;
            accounts.push(Account {
                reviewer: Reviewer {
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

    /// Revokes an active account; `false` if there is none of that name.
    pub async fn revoke(&self, name: &str, at: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(StoreError::Database)?;
        let done = sqlx::query(
            "UPDATE reviewers SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::Database)?
        .rows_affected()
            == 1;
        if done {
            audit_in(&mut tx, at, "operator", "reviewer_revoke", None, name).await?;
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
            "SELECT name, unit, token_hash FROM reviewers WHERE token_id = ? AND revoked_at IS NULL",
        )
        .bind(token_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let name: String = r.try_get("name")?;
        let reviewer = Reviewer {
            programs: self.programs_of(&name).await?,
            unit: r.try_get("unit")?,
            name,
        };
        Ok(Some((reviewer, r.try_get("token_hash")?)))
    }

    /// Adds a line to the audit log.
    pub async fn audit(
        &self,
        at: &str,
        actor: &str,
        action: &str,
        submission_id: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.map_err(StoreError::Database)?;
        audit_in(&mut conn, at, actor, action, submission_id, detail).await
    }

    /// The audit log, oldest first.
    pub async fn audit_log(&self) -> Result<Vec<AuditEntry>, sqlx::Error> {
        sqlx::query_as(
            "SELECT seq, at, actor, action, submission_id, detail FROM audit_log ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// A page of what an export holds: the rows `scope` may see that `filter` keeps, each with
    /// its application, from `from` on, and where the next page starts (`None` after the last).
    ///
    /// Oldest first, paged by the (`submitted_at`, `id`) key rather than by offset: that walks
    /// the `submissions_export` index, so a page costs the same at the end of 10,000 rows as at
    /// the start and needs no sort in memory, and submissions arriving meanwhile join the end
    /// instead of shifting the pages. The recommended ones alone (`recommended=true`, what a
    /// unit sends upward, a few per quota) come in their units' ranking instead.
    pub async fn export_page(
        &self,
        scope: &Reviewer,
        filter: &Filter,
        from: Option<&Cursor>,
        limit: i64,
    ) -> Result<(Vec<(Summary, serde_json::Value)>, Option<Cursor>), sqlx::Error> {
        let mut select = QueryBuilder::new(
            "SELECT id, receipt, program, call, unit, domain, applicant_name, credit_code, \
             project_name, submitted_at, data, \
             (SELECT rank FROM recommendations r WHERE r.submission_id = submissions.id) AS rank FROM submissions",
        );
        narrow(&mut select, scope, filter);
        let ranked = filter.recommended == Some(true);
        if let Some(Cursor::After(at, id)) = from {
            select
                .push(" AND (submitted_at, id) > (")
                .push_bind(at)
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        if ranked {
            select
                .push(" ORDER BY unit, rank, id LIMIT ")
                .push_bind(limit);
            let offset = match from {
                Some(Cursor::Offset(n)) => *n,
                _ => 0,
            };
            select.push(" OFFSET ").push_bind(offset);
        } else {
            select
                .push(" ORDER BY submitted_at, id LIMIT ")
                .push_bind(limit);
        }
        let rows = select.build().fetch_all(&self.pool).await?;
        let page = rows
            .iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                let data =
                    serde_json::from_str(&data).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                Ok((Summary::from_row(r)?, data))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let next = match page.last() {
            Some(_) if (page.len() as i64) < limit => None,
            None => None,
            Some(_) if ranked => {
                let before = match from {
                    Some(Cursor::Offset(n)) => *n,
                    _ => 0,
                };
                Some(Cursor::Offset(before + page.len() as i64))
            }
            Some((last, _)) => Some(Cursor::After(last.submitted_at.clone(), last.id.clone())),
        };
        Ok((page, next))
    }

    /// Recommends a submission as its unit's reviewer, within the call's quotas, at `rank`
    /// (1 first; the end when not given, or when past it), or moves it there if it is
    /// recommended already. The quota's count and the write happen under one write lock, so
    /// concurrent recommendations cannot both take the last place.
    pub async fn recommend(&self, r: &Recommendation<'_>) -> Result<i64, StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(StoreError::Database)?;
        let db = StoreError::Database;
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
                     WHERE call = ? AND unit = ? AND rank > ?",
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
             WHERE call = ? AND unit = ? AND rank >= ? AND submission_id <> ?",
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
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
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
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        let held: Option<(String, String, i64)> = sqlx::query_as(
            "DELETE FROM recommendations WHERE submission_id = ? RETURNING call, unit, rank",
        )
        .bind(submission_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some((call, unit, rank)) = held else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE recommendations SET rank = rank - 1 WHERE call = ? AND unit = ? AND rank > ?",
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

    /// Deletes the submissions of a call submitted before `before` (RFC 3339), with their
    /// files, Idempotency-Keys and recommendations, overwriting what they held on disk
    /// (`secure_delete`), and writes to the audit log which ones went (ids and receipts, no
    /// personal data). Returns their receipts.
    pub async fn purge(
        &self,
        program: &str,
        call: &str,
        before: &str,
        at: &str,
    ) -> Result<Vec<String>, StoreError> {
        let db = StoreError::Database;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        sqlx::query("PRAGMA secure_delete = ON")
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let gone: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, receipt FROM submissions WHERE program = ? AND call = ? AND submitted_at < ? \
             ORDER BY submitted_at, id",
        )
        .bind(program)
        .bind(call)
        .bind(before)
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        for (id, receipt) in &gone {
            for table in ["attachments", "idempotency_keys", "recommendations"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE submission_id = ?"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
            sqlx::query("DELETE FROM submissions WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            let detail = format!("{call} {receipt}");
            audit_in(&mut tx, at, "operator", "purge", Some(id), &detail).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(gone.into_iter().map(|(_, receipt)| receipt).collect())
    }

    /// A submission's place among its unit's recommendations, if recommended.
    pub async fn rank(&self, submission_id: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT rank FROM recommendations WHERE submission_id = ?")
            .bind(submission_id)
            .fetch_optional(&self.pool)
            .await
    }

    /// What a unit recommends in a call, in rank order.
    pub async fn recommended(&self, call: &str, unit: &str) -> Result<Vec<Held>, sqlx::Error> {
        held(&self.pool, call, unit).await
    }

    /// The submissions `scope` may see that `filter` keeps, newest first, `limit` from
    /// `offset`, and how many there are in all.
    pub async fn list(
        &self,
        scope: &Reviewer,
        filter: &Filter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Summary>, i64), sqlx::Error> {
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM submissions");
        narrow(&mut count, scope, filter);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut select = QueryBuilder::new(
            "SELECT id, receipt, program, call, unit, domain, applicant_name, credit_code, \
             project_name, submitted_at, \
             (SELECT rank FROM recommendations r WHERE r.submission_id = submissions.id) AS rank FROM submissions",
        );
        narrow(&mut select, scope, filter);
        select
            .push(" ORDER BY submitted_at DESC, id LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
        let rows = select.build().fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(Summary::from_row)
            .collect::<Result<_, _>>()?;
        Ok((items, total))
    }

    pub async fn count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
            .fetch_one(&self.pool)
            .await
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// What a unit recommends in a call, in rank order, read by `executor` (the pool, or the
/// transaction that is about to add one).
async fn held<'e>(
    executor: impl sqlx::Executor<'e, Database = Sqlite>,
    call: &str,
    unit: &str,
) -> Result<Vec<Held>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.submission_id, r.kind, r.domain, s.receipt, r.rank FROM recommendations r \
         JOIN submissions s ON s.id = r.submission_id \
         WHERE r.call = ? AND r.unit = ? ORDER BY r.rank",
    )
    .bind(call)
    .bind(unit)
    .fetch_all(executor)
    .await
}

/// `taken` where `result` broke the unique constraint named `constraint` (as SQLite names it,
/// `table.column`); any other error as it is.
fn on_unique<T>(
    result: Result<T, sqlx::Error>,
    constraint: &str,
    taken: StoreError,
) -> Result<T, StoreError> {
    result.map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() && d.message().contains(constraint) => {
            taken
        }
        e => StoreError::Database(e),
    })
}

/// Creates the database file, if it is missing, readable and writable by its owner only: it
/// holds applicants' personal data. SQLite gives its `-wal` and `-shm` files the same mode.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

async fn audit_in(
    conn: &mut sqlx::SqliteConnection,
    at: &str,
    actor: &str,
    action: &str,
    submission_id: Option<&str>,
    detail: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, submission_id, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(submission_id)
    .bind(detail)
    .execute(conn)
    .await
    .map_err(StoreError::Database)?;
    Ok(())
}

/// `%` and `_` taken literally in a LIKE pattern (with `ESCAPE '\'`).
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The WHERE clause of a reviewer's view: their scope first, so no filter can widen it.
fn narrow<'a>(q: &mut QueryBuilder<'a, Sqlite>, scope: &'a Reviewer, f: &'a Filter) {
    q.push(" WHERE program IN (");
    let mut programs = q.separated(", ");
    for p in &scope.programs {
        programs.push_bind(p);
    }
    // A reviewer always has a program (the command refuses none); `IN ()` would not parse.
    if scope.programs.is_empty() {
        programs.push("NULL");
    }
    q.push(")");
    if let Some(unit) = &scope.unit {
        q.push(" AND unit = ").push_bind(unit);
    }
    for (column, value) in [
        ("program", &f.program),
        ("call", &f.call),
        ("unit", &f.unit),
        ("domain", &f.domain),
        ("substr(credit_code, 3, 2)", &f.province),
    ] {
        if let Some(v) = value {
            q.push(format!(" AND {column} = ")).push_bind(v);
        }
    }
    // Instants are stored as RFC 3339 in +08:00, so a day's text orders with them.
    if let Some(from) = &f.from {
        q.push(" AND submitted_at >= ").push_bind(from);
    }
    if let Some(to) = &f.to {
        q.push(" AND submitted_at < ").push_bind(format!("{to}T99"));
    }
    match f.recommended {
        Some(true) => q.push(" AND id IN (SELECT submission_id FROM recommendations)"),
        Some(false) => q.push(" AND id NOT IN (SELECT submission_id FROM recommendations)"),
        None => q,
    };
    if let Some(words) = &f.q {
        let pattern = like_escaped(words);
        q.push(" AND (applicant_name LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR project_name LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}
