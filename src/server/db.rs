use std::{str::FromStr, time::Duration};

use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    Connection, SqliteConnection, SqlitePool,
};

/// Opens the SQLite database (creating it and its folder if needed) with WAL,
/// enforced foreign keys and a busy timeout so concurrent writers wait instead of failing.
pub async fn connect(database_url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(dir) = options.get_filename().parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    // No ping before each query: every SQLite call is a hand-off to the
    // connection's worker thread, and the ping doubled them. A broken SQLite
    // connection is not something a ping would repair anyway.
    SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .after_release(|conn, _| Box::pin(async move { Ok(settled_outside_transaction(conn).await) }))
        .connect_with(options)
        .await
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

/// A transaction that reads and then writes takes SQLite's write lock up front
/// (`BEGIN IMMEDIATE`): concurrent writers queue behind the busy timeout instead
/// of failing when a deferred transaction tries to upgrade its read lock.
///
/// The BEGIN runs in a task of its own: sqlx 0.8 acknowledges a custom BEGIN and
/// then awaits a second round trip before it hands out the `Transaction` whose drop
/// rolls back, so a request dropped in between (a client that resets the connection)
/// left the transaction open with the write lock held (launchbadge/sqlx#3932, fixed in
/// 0.9 by #3980). A spawned task always finishes; if nobody awaits it any more, the
/// `Transaction` it made is dropped and rolled back.
pub async fn write_tx(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, crate::error::AppError> {
    let pool = pool.clone();
    let begun = tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await }).await.map_err(|error| {
        tracing::error!(%error, "the BEGIN task failed");
        crate::error::AppError::Internal
    })?;
    Ok(begun?)
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
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, crate::error::AppError> {
    serde_json::from_str(json).map_err(|e| {
        tracing::error!(error = %e, "unreadable JSON from the database");
        crate::error::AppError::Internal
    })
}
