//! The participant's rights: the privacy statement for anyone, "Mijn gegevens" with
//! who else looked, and everything stored about them as one ZIP.
use std::io::Read;

use leerlijn::domain::Role;
use reqwest::StatusCode;

use crate::common::{days_ago, spawn_app};

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n1 0 obj<</Title ({text})>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anyone_reads_the_privacy_statement_and_every_page_links_to_it() {
    let app = spawn_app().await;
    let anonymous = app.client();
    let (status, html) = app.get(&anonymous, "/privacy").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Hoe lang?") && html.contains("2 jaar na het einde van je cohort"), "{html}");
    assert!(html.contains("alleen cookies die nodig zijn") && html.contains("na 5 minuten weg"), "both cookies are explained");
    let (_, login) = app.get(&anonymous, "/inloggen").await;
    assert!(login.contains("href=\"/privacy\""), "the footer links to it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_sees_who_looked_at_her_record_and_downloads_everything_stored_about_her() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    let anna_id = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("bram@example.nl", Role::Participant, Some(cohort)).await;
    app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let fields = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "leren"), ("description", "Training over grenzen stellen")];
    app.submit(&anna, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
    let uploaded = app.upload(&anna, "/plannen", "upload_plan:pop", &[], Some(("file", "mijn-pop.pdf", pdf("POP van Anna")))).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.html);

    let (_, page) = app.get(&anna, "/mijn-gegevens").await;
    assert!(page.contains("Nog niemand anders heeft je gegevens bekeken."), "{page}");
    // Her own views are not "someone else looking".
    app.get(&anna, "/plannen").await;

    let tom = app.login_as("tom@example.nl").await;
    let (status, _) = app.get(&tom, &format!("/deelnemers/{anna_id}")).await;
    assert_eq!(status, StatusCode::OK);
    // Reads are written by the read log's worker, off the request path.
    let mut looked = String::new();
    for _ in 0..50 {
        looked = app.get(&anna, "/mijn-gegevens").await.1;
        if looked.contains("Test tom@example.nl") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(looked.contains("Test tom@example.nl (Trainer)") && looked.contains("dossier bekeken"), "{looked}");

    let zip = anna.get(app.url("/mijn-gegevens/gegevens.zip")).send().await.unwrap();
    assert_eq!(zip.status(), StatusCode::OK);
    assert_eq!(zip.headers()["content-type"], "application/zip");
    assert_eq!(zip.headers()["cache-control"], "private, no-store");
    let bytes = zip.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    names.sort();
    for expected in ["LEESMIJ.txt", "account.json", "uren.json", "aanwezigheid.json", "plannen.json", "eindgesprek.json", "leerplek.json", "aanmelding.json", "logboek.json"] {
        assert!(names.iter().any(|n| n == expected), "{expected} in {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("plannen/") && n.ends_with("mijn-pop.pdf")), "{names:?}");
    let text = |archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
        let mut out = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    };
    let hours: serde_json::Value = serde_json::from_str(&text(&mut archive, "uren.json")).unwrap();
    assert_eq!(hours[0]["omschrijving"], "Training over grenzen stellen");
    assert_eq!(hours[0]["uren"], 2.0);
    let account: serde_json::Value = serde_json::from_str(&text(&mut archive, "account.json")).unwrap();
    assert_eq!(account["e_mailadres"], "anna@example.nl");
    let trail = text(&mut archive, "logboek.json");
    assert!(trail.contains("dossier bekeken") && trail.contains("Test tom@example.nl"), "{trail}");

    // A coordinator reads the same list on the record; the history there stays about changes.
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let carla = app.login_as("carla@example.nl").await;
    let (_, record) = app.get(&carla, &format!("/deelnemers/{anna_id}")).await;
    let (history, looks) = record.split_once("Wie bekeek deze gegevens?</h2>").expect("the coordinator sees who looked");
    assert!(looks.contains("Test tom@example.nl (Trainer)"), "{record}");
    assert!(!history.contains("dossier bekeken"), "views are not changes");
    let (_, for_trainer) = app.get(&tom, &format!("/deelnemers/{anna_id}")).await;
    assert!(!for_trainer.contains("Wie bekeek deze gegevens?"), "only coordinators see who looked");

    // Bram's download holds Bram's data only.
    let bram = app.login_as("bram@example.nl").await;
    let bytes = bram.get(app.url("/mijn-gegevens/gegevens.zip")).send().await.unwrap().bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(text(&mut archive, "uren.json").trim(), "[]");
    assert!(!archive.file_names().any(|n| n.starts_with("plannen/")));
}

/// A record a trainer opens every day is read far more often than it changes. The
/// history on it lists the changes however many views came after them, and the list of
/// who looked lists the views however many changes came after those.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_viewed_hundreds_of_times_still_shows_its_changes_and_who_looked() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    let anna_id = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let anna = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let known = app.ids("hour_entries").await;
    let fields = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "leren"), ("description", "Training over grenzen stellen")];
    app.submit(&anna, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
    let entry = app.new_id("hour_entries", &known).await;

    let tom = app.login_as("tom@example.nl").await;
    let record = format!("/deelnemers/{anna_id}");
    for _ in 0..250 {
        assert_eq!(app.get(&tom, &record).await.0, StatusCode::OK);
    }
    let views = "SELECT COUNT(*) FROM audit_log WHERE action = 'view_record' AND participant_id = ?";
    assert_eq!(app.count_when_settled(views, anna_id, 250).await, 250, "each view is an audit line");

    let carla = app.login_as("carla@example.nl").await;
    let (_, page) = app.get(&carla, &record).await;
    let (history, looks) = page.split_once("Wie bekeek deze gegevens?</h2>").expect("the coordinator sees who looked");
    let trail = history.split_once("<ul class=\"audit\">").expect("the history").1;
    assert!(trail.contains(&format!(" #{entry}")), "the entry handed in is still in the history: {trail}");
    assert!(!history.contains("dossier bekeken"), "views are not changes");
    assert!(looks.contains("Test tom@example.nl (Trainer)"), "{looks}");

    // The line's reading flag is what its action says, for every line written.
    let lines: Vec<(String, bool)> = sqlx::query_as("SELECT action, reading FROM audit_log").fetch_all(&app.pool).await.unwrap();
    for (action, reading) in lines {
        let action = leerlijn::domain::AuditAction::parse(&action).expect("a known action");
        assert_eq!(reading, action.is_read(), "{action:?}");
    }
}
