//! Backups: made while the app serves, restored only from a sound copy of a schema
//! this program knows, once a night inside `serve`, and reported to the coordinator.
use std::process::{Command, Output};

use chrono::TimeZone;
use leerlijn::{domain::Role, server::backup};

use crate::common::{spawn_app, spawn_app_with};

fn leerlijn(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leerlijn"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run leerlijn")
}

fn said(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

async fn users_in(database_url: &str) -> Vec<String> {
    let pool = leerlijn::server::db::connect(database_url).await.unwrap();
    let emails = sqlx::query_scalar("SELECT email FROM users ORDER BY email").fetch_all(&pool).await.unwrap();
    pool.close().await;
    emails
}

/// 03:00 in Amsterdam on 1 December 2026 plus `days`.
fn night(days: i64) -> chrono::DateTime<chrono::Utc> {
    let local = chrono_tz::Europe::Amsterdam.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap() + chrono::Duration::days(days);
    local.with_timezone(&chrono::Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_made_while_the_app_serves_restores_everything_and_keeps_the_replaced_file() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let (status, _) = app.get(&anna, "/").await;
    assert_eq!(status, 200, "the app serves while the copy is made");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kopie.db");
    let source = app.database_url();

    let made = leerlijn(&source, &["backup", copy.to_str().unwrap()]);
    assert!(made.status.success(), "{}", said(&made));
    assert!(said(&made).contains("Reservekopie gemaakt"));
    let again = leerlijn(&source, &["backup", copy.to_str().unwrap()]);
    assert!(!again.status.success(), "an existing backup is never overwritten");

    // Restored into another installation: what it had is kept aside.
    let target = format!("sqlite:{}", dir.path().join("elders.db").display());
    assert!(leerlijn(&target, &["migrate"]).status.success());
    let restored = leerlijn(&target, &["restore", copy.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", said(&restored));
    assert!(users_in(&target).await.contains(&"anna@example.nl".to_owned()));
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("elders.db.voor-herstel-"))
        .collect();
    assert!(!aside.is_empty(), "the replaced database is kept aside");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_refuses_a_damaged_or_newer_copy_and_a_running_server_and_changes_nothing() {
    let app = spawn_app().await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let dir = tempfile::tempdir().unwrap();
    let target = format!("sqlite:{}", dir.path().join("live.db").display());
    let good = dir.path().join("goed.db");
    assert!(leerlijn(&app.database_url(), &["backup", good.to_str().unwrap()]).status.success());
    assert!(leerlijn(&target, &["restore", good.to_str().unwrap()]).status.success());
    // A new machine: the database's folder does not exist yet.
    let fresh = format!("sqlite:{}", dir.path().join("nieuwe-map").join("leerlijn.db").display());
    let restored = leerlijn(&fresh, &["restore", good.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", said(&restored));

    let garbage = dir.path().join("rommel.db");
    std::fs::write(&garbage, b"dit is geen database").unwrap();
    let refused = leerlijn(&target, &["restore", garbage.to_str().unwrap()]);
    assert!(!refused.status.success(), "{}", said(&refused));

    let newer = dir.path().join("nieuwer.db");
    std::fs::copy(&good, &newer).unwrap();
    let pool = leerlijn::server::db::connect(&format!("sqlite:{}", newer.display())).await.unwrap();
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99991231000000, 'toekomst', 1, x'00', 0)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let refused = leerlijn(&target, &["restore", newer.to_str().unwrap()]);
    assert!(!refused.status.success() && said(&refused).contains("nieuwere versie"), "{}", said(&refused));

    let running = backup::hold_server_lock(&backup::database_file(&target).unwrap()).unwrap();
    let refused = leerlijn(&target, &["restore", good.to_str().unwrap()]);
    assert!(!refused.status.success() && said(&refused).contains("stop de server"), "{}", said(&refused));
    drop(running);
    assert_eq!(users_in(&target).await, vec!["carla@example.nl".to_owned()], "the live database is untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_nightly_backup_runs_once_per_night_keeps_the_last_ones_and_the_coordinator_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("kopieen");
    let app = spawn_app_with(|c| c.backup_dir = Some(backups.clone())).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let carla = app.login_as("carla@example.nl").await;
    let (_, home) = app.get(&carla, "/").await;
    assert!(home.contains("Er is nog geen reservekopie gemaakt."), "{home}");

    let before_two = night(0) - chrono::Duration::hours(2);
    assert_eq!(backup::nightly_once(&app.pool, &backups, 2, before_two).await.unwrap(), None, "not before 02:00");
    let first = backup::nightly_once(&app.pool, &backups, 2, night(0)).await.unwrap();
    assert!(first.as_ref().is_some_and(|f| f.ends_with("leerlijn-2026-12-01.db")), "{first:?}");
    assert_eq!(backup::nightly_once(&app.pool, &backups, 2, night(0) + chrono::Duration::hours(5)).await.unwrap(), None, "once a night");
    for day in 1..=3 {
        assert!(backup::nightly_once(&app.pool, &backups, 2, night(day)).await.unwrap().is_some());
    }
    let mut kept: Vec<String> =
        std::fs::read_dir(&backups).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    kept.sort();
    assert_eq!(kept, ["leerlijn-2026-12-03.db", "leerlijn-2026-12-04.db"]);
    let (_, home) = app.get(&carla, "/").await;
    assert!(home.contains("Laatste reservekopie:"), "{home}");
    assert!(!home.contains("mislukt"));

    // A night whose backup cannot be written: the coordinator is told.
    let blocked = dir.path().join("geen-map");
    std::fs::write(&blocked, b"een bestand waar een map moet staan").unwrap();
    assert_eq!(backup::nightly_once(&app.pool, &blocked, 2, night(4)).await.unwrap(), None);
    let (_, home) = app.get(&carla, "/").await;
    assert!(home.contains("is mislukt"), "{home}");
}
