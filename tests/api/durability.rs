//! Nothing acknowledged is lost: the real server binary, killed with SIGKILL while
//! participants post hours, comes back with every answered entry and a sound file.
use std::{
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use reqwest::{header, redirect::Policy, Client, StatusCode};

const PARTICIPANTS: &[&str] = &["deelnemer@leerlijn.test", "kees@leerlijn.test", "anouk@leerlijn.test", "ruud@leerlijn.test"];
const CLIENTS_PER_PARTICIPANT: usize = 4;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

async fn login(base: &str, email: &str) -> Client {
    let client = Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
    let form = [("_form", "login"), ("email", email), ("password", leerlijn::demo::DEMO_PASSWORD)];
    let answer = client.post(format!("{base}/inloggen")).header(header::ORIGIN, base).form(&form).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "login of {email}");
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_entry_survives_a_kill_during_concurrent_posts() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite:{}", dir.path().join("kill.db").display());
    let address = free_address();
    let base = format!("http://{address}");
    let binary = env!("CARGO_BIN_EXE_leerlijn");
    let seeded = Command::new(binary).arg("seed-demo").env("DATABASE_URL", &database_url).output().unwrap();
    assert!(seeded.status.success());
    let server = Server(
        Command::new(binary)
            .arg("serve")
            .env("DATABASE_URL", &database_url)
            .env("LEPTOS_SITE_ADDR", &address)
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let probe = Client::new();
    for _ in 0..100 {
        if probe.get(format!("{base}/health")).send().await.is_ok_and(|r| r.status() == StatusCode::OK) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let worked_on = (crate::common::today() - chrono::Duration::days(1)).to_string();
    let mut posters = Vec::new();
    for (p, email) in PARTICIPANTS.iter().enumerate() {
        for c in 0..CLIENTS_PER_PARTICIPANT {
            let client = login(&base, email).await;
            let (base, worked_on, acknowledged) = (base.clone(), worked_on.clone(), acknowledged.clone());
            posters.push(tokio::spawn(async move {
                for n in 0.. {
                    let description = format!("Na een harde stop {p}-{c}-{n}");
                    let form = [
                        ("_form", "log_hours"),
                        ("worked_on", worked_on.as_str()),
                        ("hours", "1"),
                        ("kind", "leren"),
                        ("description", description.as_str()),
                    ];
                    let sent = client.post(format!("{base}/uren/nieuw")).header(header::ORIGIN, base.as_str()).form(&form).send().await;
                    match sent {
                        Ok(answer) if answer.status() == StatusCode::SEE_OTHER => acknowledged.lock().unwrap().push(description),
                        Ok(answer) => panic!("a post was refused: {}", answer.status()),
                        // The server is gone: whatever was not answered may or may not be there.
                        Err(_) => break,
                    }
                }
            }));
        }
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    drop(server); // SIGKILL, then reap
    for poster in posters {
        poster.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 100, "enough posts were answered to mean something: {}", acknowledged.len());

    let pool = leerlijn::server::db::connect(&database_url).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
    assert_eq!(integrity, "ok");
    let stored: Vec<String> = sqlx::query_scalar("SELECT description FROM hour_entries WHERE description LIKE 'Na een harde stop %'")
        .fetch_all(&pool)
        .await
        .unwrap();
    let stored: std::collections::HashSet<String> = stored.into_iter().collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|d| !stored.contains(*d)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged entries lost, e.g. {:?}", lost.len(), acknowledged.len(), lost.first());
}
