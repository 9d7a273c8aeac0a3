//! Group commit: one writer per database runs every write transaction, several at a
//! time inside one SQLite transaction, so a burst of form posts costs one fsync
//! (`synchronous = FULL`) instead of one each, and each post is answered only after
//! the commit that holds it.
//!
//! A write asks the writer for a [`WriteTx`]: the writer's connection, lent inside
//! `SAVEPOINT job` of the open transaction. The job runs its statements on it in its
//! own task (borrows and all), then `commit()` hands the connection back and waits
//! for the batch's COMMIT. A job that fails or is dropped hands it back too, and only
//! its savepoint is rolled back; the others in the batch are untouched. The writer
//! takes the next waiting job into the same transaction, up to [`max_batch`], and
//! commits when nobody else waits.
use std::{
    collections::HashMap,
    ops::{Deref, DerefMut},
    sync::{Mutex, OnceLock},
};

use sqlx::{pool::PoolConnection, Sqlite, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use crate::error::AppError;

/// Most jobs in one transaction: a bound on what one failed COMMIT can take with it.
/// `LEERLIJN_WRITE_BATCH=1` turns group commit off, to measure what it buys.
fn max_batch() -> usize {
    static MAX: OnceLock<usize> = OnceLock::new();
    *MAX.get_or_init(|| std::env::var("LEERLIJN_WRITE_BATCH").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(64))
}

type Committed = oneshot::Sender<Result<(), ()>>;
type Lease = oneshot::Sender<Result<WriteTx, AppError>>;

/// A write transaction of one job: derefs to the connection to run statements on.
pub struct WriteTx {
    conn: Option<PoolConnection<Sqlite>>,
    back: Option<oneshot::Sender<Returned>>,
    committed: Option<oneshot::Receiver<Result<(), ()>>>,
}

struct Returned {
    conn: PoolConnection<Sqlite>,
    keep: bool,
}

impl WriteTx {
    /// Keeps this job's changes and waits until the transaction holding them is committed.
    pub async fn commit(mut self) -> Result<(), AppError> {
        self.hand_back(true);
        match self.committed.take() {
            Some(committed) => match committed.await {
                Ok(Ok(())) => Ok(()),
                _ => Err(AppError::Internal),
            },
            None => Err(AppError::Internal),
        }
    }

    /// Undoes this job's changes (the other jobs in the batch keep theirs).
    pub async fn rollback(mut self) -> Result<(), AppError> {
        self.hand_back(false);
        Ok(())
    }

    fn hand_back(&mut self, keep: bool) {
        if let (Some(conn), Some(back)) = (self.conn.take(), self.back.take()) {
            // The writer waits for this; if it is gone, so is the transaction.
            let _ = back.send(Returned { conn, keep });
        }
    }
}

impl Drop for WriteTx {
    /// A job that returns early (an error, a refusal) or is dropped: its savepoint is undone.
    fn drop(&mut self) {
        self.hand_back(false);
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        self.conn.as_deref().expect("a WriteTx holds its connection until it is handed back")
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.conn.as_deref_mut().expect("a WriteTx holds its connection until it is handed back")
    }
}

/// A write transaction on `pool`'s database, from its writer (started on first use).
pub async fn begin(pool: &SqlitePool) -> Result<WriteTx, AppError> {
    let (lease, leased) = oneshot::channel();
    writer_of(pool).send(lease).map_err(|_| AppError::Internal)?;
    leased.await.map_err(|_| AppError::Internal)?
}

/// The writer of `pool`'s database file. A writer whose runtime ended (a finished
/// test) is replaced.
fn writer_of(pool: &SqlitePool) -> mpsc::UnboundedSender<Lease> {
    static WRITERS: OnceLock<Mutex<HashMap<std::path::PathBuf, mpsc::UnboundedSender<Lease>>>> = OnceLock::new();
    let key = pool.connect_options().get_filename().to_path_buf();
    let mut writers = WRITERS.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(sender) = writers.get(&key).filter(|s| !s.is_closed()) {
        return sender.clone();
    }
    let (sender, jobs) = mpsc::unbounded_channel();
    tokio::spawn(run(pool.clone(), jobs));
    writers.insert(key, sender.clone());
    sender
}

async fn run(pool: SqlitePool, mut jobs: mpsc::UnboundedReceiver<Lease>) {
    'batches: while let Some(first) = jobs.recv().await {
        let mut conn = match open_transaction(&pool).await {
            Ok(conn) => conn,
            Err(error) => {
                let _ = first.send(Err(error));
                continue;
            }
        };
        let mut waiting: Vec<Committed> = Vec::new();
        let mut next = Some(first);
        while let Some(lease) = next.take() {
            match run_job(conn, lease).await {
                Ok((back, committed)) => {
                    conn = back;
                    waiting.extend(committed);
                }
                Err(()) => {
                    // The connection was lost with the transaction: nothing of this batch was kept.
                    tracing::error!(jobs = waiting.len(), "a write job lost the writer's connection; batch rolled back");
                    waiting.drain(..).for_each(|w| {
                        let _ = w.send(Err(()));
                    });
                    match open_transaction(&pool).await {
                        Ok(fresh) => conn = fresh,
                        // Later jobs wait in the queue for the next batch.
                        Err(_) => continue 'batches,
                    }
                }
            }
            if waiting.len() < max_batch() {
                next = next_waiting(&mut jobs).await;
            }
        }
        let started = std::time::Instant::now();
        let outcome = sqlx::query("COMMIT").execute(&mut *conn).await;
        tracing::debug!(jobs = waiting.len(), commit_us = started.elapsed().as_micros() as u64, "group commit");
        if let Err(error) = &outcome {
            tracing::error!(%error, jobs = waiting.len(), "group commit failed");
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
        }
        let outcome = outcome.map(|_| ()).map_err(|_| ());
        waiting.into_iter().for_each(|w| {
            let _ = w.send(outcome);
        });
    }
}

/// The next job that is already waiting, if any. A job that is just about to ask
/// (its task is runnable, behind others on a busy machine) gets two turns of the
/// scheduler to do so: it then shares this commit instead of waiting for the next.
async fn next_waiting(jobs: &mut mpsc::UnboundedReceiver<Lease>) -> Option<Lease> {
    for _ in 0..2 {
        if let Ok(job) = jobs.try_recv() {
            return Some(job);
        }
        tokio::task::yield_now().await;
    }
    jobs.try_recv().ok()
}

/// The writer's connection inside `BEGIN IMMEDIATE`: the write lock is ours from here.
async fn open_transaction(pool: &SqlitePool) -> Result<PoolConnection<Sqlite>, AppError> {
    let mut conn = pool.acquire().await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    Ok(conn)
}

/// Lends the connection to one job inside a savepoint and takes it back; `Err` when
/// the job lost it (the connection, and with it the transaction, are gone).
async fn run_job(mut conn: PoolConnection<Sqlite>, lease: Lease) -> Result<(PoolConnection<Sqlite>, Option<Committed>), ()> {
    let started = std::time::Instant::now();
    if let Err(error) = sqlx::query("SAVEPOINT job").execute(&mut *conn).await {
        tracing::error!(%error, "savepoint failed");
        let _ = lease.send(Err(AppError::Internal));
        return Ok((conn, None));
    }
    let (back, returned) = oneshot::channel();
    let (committed, on_commit) = oneshot::channel();
    let tx = WriteTx { conn: Some(conn), back: Some(back), committed: Some(on_commit) };
    // A job whose requester is gone comes straight back: dropping it hands the connection back.
    let lent = std::time::Instant::now();
    drop(lease.send(Ok(tx)));
    let Returned { mut conn, keep } = returned.await.map_err(|_| ())?;
    let back = std::time::Instant::now();
    let settled = if keep {
        sqlx::query("RELEASE job").execute(&mut *conn).await.map(|_| ())
    } else {
        match sqlx::query("ROLLBACK TO job").execute(&mut *conn).await {
            Ok(_) => sqlx::query("RELEASE job").execute(&mut *conn).await.map(|_| ()),
            Err(error) => Err(error),
        }
    };
    // What each job holds the write lock for (`bench/submissions.sh` reads these).
    tracing::debug!(
        savepoint_us = (lent - started).as_micros() as u64,
        job_us = (back - lent).as_micros() as u64,
        release_us = back.elapsed().as_micros() as u64,
        "write job"
    );
    match settled {
        Ok(()) if keep => Ok((conn, Some(committed))),
        Ok(()) => Ok((conn, None)),
        // The savepoint is gone (the job ended the transaction itself): nothing here is safe to keep.
        Err(error) => {
            tracing::error!(%error, "a write job left the transaction unusable");
            let _ = conn.close().await;
            Err(())
        }
    }
}
