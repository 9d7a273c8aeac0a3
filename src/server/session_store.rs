//! Sessions kept in memory in front of the SQLite store. A page view reads its
//! session without a database round trip (sqlx hands every SQLite query to a
//! worker thread and back, the largest cost of a page); every write still goes
//! to SQLite first, so a restart loses nothing. One process owns the database
//! (embedded SQLite), so the copy in memory cannot go stale.
use std::{collections::HashMap, sync::Arc};

use async_trait::async_trait;
use time::OffsetDateTime;
use tokio::sync::Mutex;
use tower_sessions::{
    session::{Id, Record},
    session_store, SessionStore,
};
use tower_sessions_sqlx_store::SqliteStore;

/// Expired sessions are dropped from memory once the map grows past this.
const PRUNE_ABOVE: usize = 4096;

#[derive(Debug, Clone)]
pub struct CachedSqliteStore {
    store: SqliteStore,
    cache: Arc<Mutex<HashMap<Id, Record>>>,
}

impl CachedSqliteStore {
    pub fn new(store: SqliteStore) -> Self {
        CachedSqliteStore { store, cache: Arc::default() }
    }

    async fn remember(&self, record: &Record) {
        let mut cache = self.cache.lock().await;
        if cache.len() >= PRUNE_ABOVE {
            let now = OffsetDateTime::now_utc();
            cache.retain(|_, r| r.expiry_date > now);
        }
        cache.insert(record.id, record.clone());
    }
}

#[async_trait]
impl SessionStore for CachedSqliteStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.store.create(record).await?;
        self.remember(record).await;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.store.save(record).await?;
        self.remember(record).await;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        {
            let mut cache = self.cache.lock().await;
            match cache.get(id) {
                Some(r) if r.expiry_date > OffsetDateTime::now_utc() => return Ok(Some(r.clone())),
                Some(_) => {
                    cache.remove(id);
                    return Ok(None);
                }
                None => {}
            }
        }
        let record = self.store.load(id).await?;
        if let Some(record) = &record {
            self.remember(record).await;
        }
        Ok(record)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.delete(id).await?;
        self.cache.lock().await.remove(id);
        Ok(())
    }
}
