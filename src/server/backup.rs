//! Backups: a consistent copy of the database while the app serves (`VACUUM INTO`:
//! one read transaction, writers go on), the nightly run inside `serve`, and the
//! checked restore with the server stopped. Plan files and certificates live in the
//! database, so one file holds everything.
use std::{
    fs::{self, File},
    path::{Path, PathBuf},
    str::FromStr,
};

use chrono::{DateTime, Timelike, Utc};
use sqlx::{sqlite::SqliteConnectOptions, ConnectOptions, Connection, SqlitePool};

use super::{clock::now_rfc3339, db::write_tx, schedule};
use crate::error::AppError;

/// The nightly backup runs from this hour (Amsterdam time), once per night.
const NIGHTLY_FROM_HOUR: u32 = 2;

/// Copies the database to `to` (which must not exist yet) and returns its size.
/// Written beside it first and renamed when complete and on disk, so a file with
/// the final name is always a whole backup.
pub async fn backup_to(pool: &SqlitePool, to: &Path) -> Result<u64, String> {
    if to.exists() {
        return Err(format!("{} bestaat al", to.display()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| format!("map {}: {e}", dir.display()))?;
    }
    let partial = PathBuf::from(format!("{}.partial", to.display()));
    let _ = fs::remove_file(&partial);
    let target = partial.to_str().ok_or("de bestandsnaam is geen geldige tekst")?.to_owned();
    sqlx::query("VACUUM INTO ?").bind(&target).execute(pool).await.map_err(|e| format!("kopie maken: {e}"))?;
    let bytes = sync_file(&partial)?;
    fs::rename(&partial, to).map_err(|e| format!("hernoemen: {e}"))?;
    sync_parent(to);
    Ok(bytes)
}

fn sync_file(path: &Path) -> Result<u64, String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.sync_all().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(file.metadata().map(|m| m.len()).unwrap_or(0))
}

fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

/// Runs the nightly backup inside `serve` when `LEERLIJN_BACKUP_DIR` is set.
pub fn spawn_nightly(pool: SqlitePool, dir: PathBuf, keep: usize) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = nightly_once(&pool, &dir, keep, Utc::now()).await {
                tracing::error!(%error, "nightly backup: could not run");
            }
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        }
    });
}

/// Tonight's backup, if it is time and no process made it yet: the file
/// `leerlijn-YYYY-MM-DD.db` in `dir`, the oldest beyond `keep` removed. Every run,
/// made or failed, is recorded for the coordinator's home.
pub async fn nightly_once(pool: &SqlitePool, dir: &Path, keep: usize, now: DateTime<Utc>) -> Result<Option<PathBuf>, AppError> {
    let local = now.with_timezone(&chrono_tz::Europe::Amsterdam);
    if local.hour() < NIGHTLY_FROM_HOUR {
        return Ok(None);
    }
    let slot = local.date_naive().to_string();
    if !schedule::claim(pool, "backup", &slot).await? {
        return Ok(None);
    }
    let file = dir.join(format!("leerlijn-{slot}.db"));
    let outcome = backup_to(pool, &file).await;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let (bytes, error) = match &outcome {
        Ok(bytes) => (Some(*bytes as i64), None),
        Err(error) => (None, Some(error.clone())),
    };
    let succeeded = outcome.is_ok();
    let made_at = now_rfc3339();
    let mut tx = write_tx(pool).await?;
    sqlx::query!(
        "INSERT INTO backups (made_at, file_name, bytes, succeeded, error) VALUES (?, ?, ?, ?, ?)",
        made_at,
        name,
        bytes,
        succeeded,
        error
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    match outcome {
        Ok(bytes) => {
            tracing::info!(file = %file.display(), bytes, "nightly backup made");
            prune(dir, keep);
            Ok(Some(file))
        }
        Err(error) => {
            tracing::error!(%error, "nightly backup failed");
            Ok(None)
        }
    }
}

/// Keeps the newest `keep` nightly backups (their names sort by date).
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut nightly: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("leerlijn-") && n.ends_with(".db")))
        .collect();
    nightly.sort();
    let surplus = nightly.len().saturating_sub(keep);
    for old in &nightly[..surplus] {
        if let Err(error) = fs::remove_file(old) {
            tracing::warn!(%error, file = %old.display(), "old backup could not be removed");
        }
    }
}

/// The database file behind a `sqlite:` URL.
pub fn database_file(database_url: &str) -> Result<PathBuf, String> {
    let options = SqliteConnectOptions::from_str(database_url).map_err(|e| format!("DATABASE_URL: {e}"))?;
    Ok(options.get_filename().to_path_buf())
}

/// Held by `serve` while it runs: `restore` refuses while it is taken, and a second
/// server on the same file refuses to start.
pub fn hold_server_lock(database: &Path) -> Result<File, String> {
    if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| format!("map {}: {e}", dir.display()))?;
    }
    let path = PathBuf::from(format!("{}.lock", database.display()));
    let file = File::options().create(true).truncate(false).write(true).open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(_) => Err("er draait al een Leerlijn-server op deze database".to_owned()),
    }
}

/// Replaces the database with the backup `from`, the server stopped. The backup
/// must be a sound Leerlijn database whose schema this program knows; the replaced
/// file (and its WAL) are kept aside under the returned name.
pub async fn restore(database_url: &str, from: &Path) -> Result<PathBuf, String> {
    let database = database_file(database_url)?;
    let _lock = hold_server_lock(&database).map_err(|_| "stop de server eerst: hij gebruikt de database nog".to_owned())?;
    check_backup(from).await?;
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let aside = PathBuf::from(format!("{}.voor-herstel-{stamp}", database.display()));
    if database.exists() {
        for suffix in ["", "-wal", "-shm"] {
            let current = PathBuf::from(format!("{}{suffix}", database.display()));
            if current.exists() {
                fs::rename(&current, format!("{}{suffix}", aside.display())).map_err(|e| format!("opzij zetten: {e}"))?;
            }
        }
    }
    let incoming = PathBuf::from(format!("{}.herstel", database.display()));
    fs::copy(from, &incoming).map_err(|e| format!("kopiëren: {e}"))?;
    sync_file(&incoming)?;
    fs::rename(&incoming, &database).map_err(|e| format!("plaatsen: {e}"))?;
    sync_parent(&database);
    Ok(aside)
}

/// A backup is restorable when SQLite finds it sound, it is a Leerlijn database,
/// and no migration in it is newer than this program's.
async fn check_backup(from: &Path) -> Result<(), String> {
    if !from.is_file() {
        return Err(format!("{} bestaat niet", from.display()));
    }
    let mut conn =
        SqliteConnectOptions::new().filename(from).read_only(true).connect().await.map_err(|e| format!("geen SQLite-database: {e}"))?;
    let integrity: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.map_err(|e| format!("geen SQLite-database: {e}"))?;
    if integrity != "ok" {
        return Err(format!("de kopie is beschadigd: {integrity}"));
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| "dit is geen Leerlijn-database".to_owned())?;
    let known = sqlx::migrate!("./migrations").migrations.iter().map(|m| m.version).max().unwrap_or(0);
    match newest {
        None => Err("dit is geen Leerlijn-database".to_owned()),
        Some(version) if version > known => {
            Err(format!("de kopie komt van een nieuwere versie van Leerlijn (schema {version}); werk het programma eerst bij"))
        }
        Some(_) => {
            let _ = conn.close().await;
            Ok(())
        }
    }
}
