use std::{str::FromStr, time::Duration};

use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
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
    SqlitePoolOptions::new().max_connections(8).test_before_acquire(false).connect_with(options).await
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
pub async fn write_tx(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, crate::error::AppError> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
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
