//! No query of the app reads every row of a table that grows with participants or
//! entries. Every checked query (`sqlx::query!`, recorded in `.sqlx/`) is planned by
//! SQLite (`EXPLAIN QUERY PLAN`) on the migrated schema; a `SCAN` of such a table fails
//! the test unless it is listed below with the reason it stays small. So does a search
//! by role or status alone: with three roles, that reads every participant; with a few
//! states, every waiting entry of every cohort. (The app never runs ANALYZE, so SQLite
//! plans without statistics, as here.)
use std::collections::BTreeSet;

use leerlijn::server::db;
use sqlx::{Column, Executor, Row, Statement};

/// Tables whose rows grow with the number of participants, entries or mails.
const GROWING: &[&str] = &[
    "users",
    "hour_entries",
    "hour_totals",
    "attendance",
    "audit_log",
    "plans",
    "plan_versions",
    "plan_feedback",
    "stored_files",
    "interviews",
    "interview_items",
    "interview_judgements",
    "interview_signatures",
    "invitations",
    "training_choices",
    "group_members",
    "certificates",
    "outbox",
    "unsubscribe_links",
    "calendar_feeds",
    "mail_choices_off",
    "tower_sessions",
    "programme_sessions",
    "intervision_groups",
];

/// Scans that are bounded after all: a piece of the query, and why.
const BOUNDED: &[(&str, &str)] = &[
    (
        "FROM users u WHERE u.role = ? AND u.id NOT IN (SELECT trainer_id FROM cohort_trainers",
        "the cohort page's trainers a coordinator can add: every trainer, a few dozen accounts",
    ),
    (
        "FROM users u WHERE u.role = ? AND u.removal IS NULL AND u.password_hash IS NOT NULL",
        "the trainers' morning digest: once a day, every trainer",
    ),
    (
        "FROM interviews i JOIN users p ON p.id = i.participant_id WHERE i.status = ?",
        "a trainer's interviews still to judge: only planned interviews, a cohort's last weeks at most",
    ),
    (
        "FROM interviews i WHERE i.status = ?1 AND (?2 IS NULL OR i.participant_id IN",
        "passed interviews still without a certificate: one interview per graduate, read after a decision that can complete one",
    ),
    ("UPDATE outbox SET status = ? WHERE status = ?", "at start-up, mail left mid-send: a handful at most"),
    ("DELETE FROM outbox WHERE status IN (?, ?, ?) AND created_at < ?", "the night's pruning of sent mail older than 90 days"),
    ("FROM outbox GROUP BY status", "the outbox counted by state over its index; sent mail older than 90 days is pruned every night"),
    (
        "FROM certificates WHERE credential_jwt IS NULL AND name_withheld_at IS NULL",
        "serve's start walks a partial index that holds only certificates still without a credential: empty once signed",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_query_reads_a_whole_table_that_grows_with_participants() {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::connect(&format!("sqlite:{}", dir.path().join("plans.db").display())).await.unwrap();
    db::migrate(&pool).await.unwrap();
    let views: Vec<(String, String)> =
        sqlx::query_as("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetch_all(&pool).await.unwrap();

    let mut checked = 0;
    let mut full_scans = BTreeSet::new();
    let mut allowed_used = BTreeSet::new();
    for entry in std::fs::read_dir(".sqlx").expect(".sqlx/ (make sqlx-prepare)") {
        let path = entry.unwrap().path();
        let recorded: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let sql = recorded["query"].as_str().unwrap().to_owned();
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let parameters = match pool.prepare(explain.as_str()).await.unwrap().parameters() {
            Some(sqlx::Either::Right(n)) => n,
            Some(sqlx::Either::Left(types)) => types.len(),
            None => 0,
        };
        let mut query = sqlx::query(&explain);
        for _ in 0..parameters {
            query = query.bind(None::<String>);
        }
        let rows = query.fetch_all(&pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        checked += 1;
        // The views the query reads, whose own aliases show up in its plan.
        let context: String = std::iter::once(sql.clone())
            .chain(views.iter().filter(|(name, _)| sql.contains(name.as_str())).map(|(_, body)| body.clone()))
            .collect::<Vec<_>>()
            .join("\n");
        for row in rows {
            let detail_column = row.columns().iter().position(|c| c.name() == "detail").unwrap();
            let detail: String = row.get(detail_column);
            let Some(scanned) = detail
                .strip_prefix("SCAN ")
                .or_else(|| detail.strip_prefix("SEARCH ").filter(|_| [" (role=?)", " (status=?)"].iter().any(|c| detail.ends_with(c))))
                .and_then(|rest| rest.split_whitespace().next())
            else {
                continue;
            };
            // A table the statement does not name is SQLite's foreign-key check of a new
            // parent row, which runs only while a deferred violation is open (never here).
            let named = |t: &String| context.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == t);
            let Some(table) = table_of(scanned, &context).filter(|t| GROWING.contains(&t.as_str()) && named(t)) else { continue };
            let flat = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            match BOUNDED.iter().find(|(fragment, _)| flat.contains(fragment)) {
                Some((fragment, _)) => {
                    allowed_used.insert(*fragment);
                }
                None => {
                    full_scans.insert(format!("{table} ({detail}) in: {flat}"));
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} queries found in .sqlx/");
    assert!(full_scans.is_empty(), "queries that read a whole growing table:\n{}", full_scans.into_iter().collect::<Vec<_>>().join("\n"));
    let unused: Vec<_> = BOUNDED.iter().map(|(f, _)| *f).filter(|f| !allowed_used.contains(f)).collect();
    assert!(unused.is_empty(), "listed as bounded but no longer scanning (remove them): {unused:?}");
}

/// The table behind `name` in a plan's `SCAN name`: the name itself, or the table a
/// `FROM table name` / `JOIN table AS name` in the query or its views gives that alias.
fn table_of(name: &str, sql: &str) -> Option<String> {
    if GROWING.contains(&name) {
        return Some(name.to_owned());
    }
    let words: Vec<String> =
        sql.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|w| !w.is_empty()).map(str::to_owned).collect();
    words.windows(4).find_map(|w| {
        let joins = w[0].eq_ignore_ascii_case("FROM") || w[0].eq_ignore_ascii_case("JOIN");
        let aliased = w[2] == name || (w[2].eq_ignore_ascii_case("AS") && w[3] == name);
        (joins && aliased).then(|| w[1].clone())
    })
}

/// SQLite is built without its two process-wide locks (`.cargo/config.toml`): one page
/// cache group shared by every connection, locked at each page fetch, and allocation
/// statistics, locked at each malloc. With them, the pool connections' threads queued
/// on each other (review queue, confirmed only: 1.92 → 1.54 ms of CPU per view).
#[tokio::test]
async fn the_bundled_sqlite_takes_no_process_wide_lock_per_page_read() {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::connect(&format!("sqlite:{}", dir.path().join("options.db").display())).await.unwrap();
    let options: Vec<String> = sqlx::query_scalar("PRAGMA compile_options").fetch_all(&pool).await.unwrap();
    assert!(options.iter().any(|o| o == "THREADSAFE=1"), "{options:?}");
    assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "{options:?}");
    assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "{options:?}");
}
