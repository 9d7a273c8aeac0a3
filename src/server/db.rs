use std::{str::FromStr, time::Duration};

use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    Connection, SqliteConnection, SqlitePool,
};

/// Opens the SQLite database (creating it and its folder if needed) with WAL,
/// enforced foreign keys and a busy timeout so concurrent writers wait instead of failing.
/// `synchronous = FULL`: a commit is on disk (the WAL fsynced) before it is
/// acknowledged, so a power cut loses nothing that was answered; group commit
/// (`server::writer`) keeps that to one fsync per batch of writes.
pub async fn connect(database_url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(synchronous_setting())
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // 16 MiB of page cache per connection instead of SQLite's 2 MiB: on the bench
        // database (300 MB) the hot index pages of a busy page no longer fall out
        // between requests (review queue 367 → 539 req/s; bench/RESULTS.md).
        .pragma("cache_size", "-16384");
    if let Some(dir) = options.get_filename().parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    // No ping before each query: every SQLite call is a hand-off to the
    // connection's worker thread, and the ping doubled them. A broken SQLite
    // connection is not something a ping would repair anyway.
    SqlitePoolOptions::new()
        .max_connections(pool_size(std::thread::available_parallelism().map_or(2, |n| n.get())))
        .test_before_acquire(false)
        .after_release(|conn, _| Box::pin(async move { Ok(settled_outside_transaction(conn).await) }))
        .connect_with(options)
        .await
}

/// Two connections per core, at least four and at most sixteen. Each connection is a thread of its own
/// (sqlx runs SQLite off the async threads), and reads find their pages in memory, so
/// they use a core while they run: threads beyond two per core only take turns. On
/// this 2-core machine 8 connections cost 5–6 % more CPU per page view than 4, and 2,
/// 3 and 4 measured the same (`bench/ab.sh`, `bench/RESULTS.md`, ninth run). Four
/// leave room for the writer's connection and a long download's next batch beside
/// the pages; sixteen bound the page caches (16 MiB each, above) to 256 MiB.
fn pool_size(cores: usize) -> u32 {
    u32::try_from(cores.saturating_mul(2)).unwrap_or(u32::MAX).clamp(4, 16)
}

/// `FULL` unless `LEERLIJN_SQLITE_SYNCHRONOUS=NORMAL` asks otherwise: that setting
/// exists to measure what durability costs (`bench/submissions.sh`), not to run with.
fn synchronous_setting() -> SqliteSynchronous {
    match std::env::var("LEERLIJN_SQLITE_SYNCHRONOUS").as_deref() {
        Ok("NORMAL") => {
            tracing::warn!("synchronous = NORMAL: a power cut may lose the last acknowledged writes");
            SqliteSynchronous::Normal
        }
        _ => SqliteSynchronous::Full,
    }
}

/// Whether a connection coming back to the pool may be lent again: never while a
/// transaction is still open on it, since that transaction would hold SQLite's write
/// lock for every later writer. A dropped `Transaction` queues its ROLLBACK on the
/// connection's worker, so one round trip lets that land before looking again; a
/// connection still inside a transaction after it is closed, which rolls it back.
async fn settled_outside_transaction(conn: &mut SqliteConnection) -> bool {
    if !conn.is_in_transaction() {
        return true;
    }
    // The round trip runs after anything already queued on the worker, a ROLLBACK included.
    let still_open = conn.ping().await.is_err() || conn.is_in_transaction();
    if still_open {
        tracing::error!("a connection came back to the pool inside a transaction; closed, which rolls it back");
    }
    !still_open
}

/// Applies the migrations in `migrations/` and the session store's table.
pub async fn migrate(pool: &SqlitePool) -> Result<(), Box<dyn std::error::Error>> {
    sqlx::migrate!("./migrations").run(pool).await?;
    tower_sessions_sqlx_store::SqliteStore::new(pool.clone()).migrate().await?;
    Ok(())
}

/// A write transaction: a job in the database's group-commit writer
/// (`server::writer`), inside the writer's `BEGIN IMMEDIATE`, so a read-then-write
/// holds the write lock from its first read. Its `commit()` returns once the batch
/// holding it is durable. A job must not ask for a second write transaction (or write
/// through the pool) while it holds one: the writer serves one job at a time.
///
/// The writer is a task of its own: a request dropped at any point (a client that
/// resets the connection) drops its `WriteTx`, which hands the connection back and
/// rolls back its savepoint only; nothing can leave a transaction open.
pub async fn write_tx(pool: &SqlitePool) -> Result<super::writer::WriteTx, crate::error::AppError> {
    super::writer::begin(pool).await
}

/// Whether the database takes a write within `limit` (the health check): takes the
/// write lock and lets it go again, changing nothing.
pub async fn takes_writes(pool: &SqlitePool, limit: Duration) -> bool {
    let attempt = async {
        let tx = write_tx(pool).await?;
        tx.rollback().await?;
        Ok::<_, crate::error::AppError>(())
    };
    matches!(tokio::time::timeout(limit, attempt).await, Ok(Ok(())))
}

/// The one mapping from a unique-constraint violation to a message at a form
/// field ("this e-mail address already has an account"); other errors pass on.
pub fn unique_as_field(field: &'static str, key: &'static str) -> impl FnOnce(sqlx::Error) -> crate::error::AppError {
    move |error| match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => crate::error::AppError::field(field, key),
        other => other.into(),
    }
}

/// A JSON column built by SQLite (`json_group_array`, `json_object`) as a value; a
/// document that does not fit is our bug, logged and answered as an internal error.
///
/// Lists on busy pages come as one row of JSON: sqlx hands every SQLite row from its
/// worker thread to the request's task, a thread wake-up each, and for 25–50 rows that
/// cost more than the query (bench/RESULTS.md, 2026-12-07).
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, crate::error::AppError> {
    serde_json::from_str(json).map_err(|e| {
        tracing::error!(error = %e, "unreadable JSON from the database");
        crate::error::AppError::Internal
    })
}

/// One page of a list paged by key (`?na=<last id>`), read with one row more than a
/// page: keeps the page's rows and gives the key of its last one when more follow.
pub fn keyset_page<T>(rows: &mut Vec<T>, per_page: i64, key: impl Fn(&T) -> i64) -> Option<i64> {
    let per_page = usize::try_from(per_page).unwrap_or(0);
    if rows.len() <= per_page {
        return None;
    }
    rows.truncate(per_page);
    rows.last().map(key)
}

#[cfg(test)]
mod tests {
    use super::pool_size;

    #[test]
    fn the_pool_has_two_connections_per_core_between_four_and_sixteen() {
        let sizes: Vec<u32> = [1, 2, 3, 4, 8, 9, 64, usize::MAX].into_iter().map(pool_size).collect();
        assert_eq!(sizes, [4, 4, 6, 8, 16, 16, 16, 16]);
    }
}
