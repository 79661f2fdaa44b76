//! What differs between the two databases the store runs on: how a busy one answers, each
//! one's connection settings, and how a write takes its locks. The SQL itself is shared.

use sqlx::{Any, AnyConnection, AnyPool, Transaction};

/// How long a request waits for the database (its write lock, or a pooled connection).
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Whether `e` says the database cannot take this now rather than that it is broken: SQLite's
/// BUSY or LOCKED (with their extended codes); PostgreSQL's lock timeout, serialization failure,
/// deadlock, statement timeout or too many connections, or a server shutting down, starting or
/// out of reach (a restart: the pool reconnects by itself); or no pooled connection in time.
pub fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => true,
        sqlx::Error::Database(d) => match d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            Some(pg) => {
                matches!(
                    pg.code(),
                    "55P03" | "40001" | "40P01" | "57014" | "53300" | "57P01" | "57P02" | "57P03"
                ) || pg.code().starts_with("08")
            }
            None => d
                .code()
                .and_then(|c| c.parse::<u32>().ok())
                .is_some_and(|c| matches!(c & 0xff, 5 | 6)),
        },
        _ => false,
    }
}

/// Whether `e` says the disk (or SQLite's `max_page_count`) is full: PostgreSQL's `disk_full`
/// (53100), SQLite's `SQLITE_FULL` (13).
pub fn is_full(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => match d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            Some(pg) => pg.code() == "53100",
            None => d
                .code()
                .and_then(|c| c.parse::<u32>().ok())
                .is_some_and(|c| c & 0xff == 13),
        },
        _ => false,
    }
}

/// Which database a [`Store`](super::Store) is on: the SQL is the same, a few statements are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Every SQLite connection's settings. WAL lets readers (reviewers) run beside the writer;
/// FULL sync makes a receipt the applicant saw survive a power cut; a writer waits 5 s for
/// another's lock before the request is answered 503; what is deleted (a swept
/// Idempotency-Key's sealed answer, a purged application) is overwritten with zeros rather
/// than left in free pages. Public so that the load tool (`tests/src/bin/load.rs`) measures
/// the raw insert rate of exactly these settings.
pub const SQLITE_SETTINGS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                   PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                                   PRAGMA secure_delete = ON;";

/// Every PostgreSQL session's: a lock waited for longer than SQLite's busy timeout is the same
/// 503.
pub(super) const POSTGRES_SETTINGS: &str = "SET lock_timeout = '5s'";

/// Opens a write transaction. SQLite's one write lock is taken up front: a deferred transaction
/// that reads first and then finds another writer holding the lock fails at once with
/// "database is locked", whatever the busy timeout. PostgreSQL locks rows (and, for a unit's
/// ranking, an advisory lock: [`lock_in`]) as the transaction goes.
pub(super) async fn begin_write(
    pool: &AnyPool,
    backend: Backend,
) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// Holds `name` until the transaction ends, against other servers on the same PostgreSQL
/// doing the same; on SQLite the write lock `begin_write` took already does that.
pub(super) async fn lock_in(
    conn: &mut AnyConnection,
    backend: Backend,
    name: &str,
) -> Result<(), sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))::text")
            .bind(name)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// What a SELECT ends with to lock the rows it reads until the commit: `FOR UPDATE` on
/// PostgreSQL; nothing on SQLite, whose write lock `begin_write` holds already (and which has
/// no such clause).
pub(super) fn row_lock(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    }
}
