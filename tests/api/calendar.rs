//! The private calendar feed: made, read back by a real iCalendar parser, renewed and revoked.

use std::str::FromStr;

use crate::common::{days_ago, spawn_app, TestApp};
use icalendar::{Calendar, CalendarComponent, Component, EventLike};
use leerlijn::domain::Role;
use reqwest::{Client, StatusCode};

/// Makes a calendar link on `/agenda` and returns the https link shown (once).
async fn make_link(app: &TestApp, client: &Client) -> String {
    app.submit(client, "/agenda", "calendar_link", &[]).await.assert_redirect_to("/agenda");
    let (_, page) = app.get(client, "/agenda").await;
    assert!(page.contains("webcal://"), "a subscribe button for phone calendars");
    let start = page.find("value=\"http").expect("the link is shown") + "value=\"".len();
    let link = page[start..].split('"').next().unwrap().to_owned();
    let (_, again) = app.get(client, "/agenda").await;
    assert!(!again.contains(&link), "shown once");
    link
}

async fn fetch(app: &TestApp, link: &str) -> (StatusCode, String) {
    let path = link.split_once("/agenda/").map(|(_, rest)| format!("/agenda/{rest}")).unwrap();
    let response = app.client().get(app.url(&path)).send().await.unwrap();
    let status = response.status();
    if status == StatusCode::OK {
        assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    }
    (status, response.text().await.unwrap())
}

fn events(ics: &str) -> Vec<icalendar::Event> {
    let calendar = Calendar::from_str(ics).expect("a valid iCalendar document");
    calendar.components.into_iter().filter_map(|c| if let CalendarComponent::Event(e) = c { Some(e) } else { None }).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_subscribes_to_their_sessions_and_can_renew_or_revoke() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let tom = app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    let insert = |kind: &'static str, days: i64| {
        let pool = app.pool.clone();
        async move {
            let group: Option<i64> = None;
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, capacity, group_id, created_by, created_at)
                 VALUES (?, ?, 'Grenzen, en; zo', ?, '13:30', '16:00', 150, 'Buurthuis De Pijp', ?, ?, ?, '2026-01-01T00:00:00Z') RETURNING id",
            )
            .bind(cohort)
            .bind(kind)
            .bind(days_ago(-days))
            .bind(if kind == "training" { Some(10) } else { None })
            .bind(group)
            .bind(tom)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let lesson = insert("les", 7).await;
    let cancelled = insert("les", 14).await;
    let not_chosen = insert("training", 21).await;
    sqlx::query("UPDATE programme_sessions SET status = 'geannuleerd' WHERE id = ?").bind(cancelled).execute(&app.pool).await.unwrap();
    sqlx::query("INSERT INTO session_trainers (session_id, trainer_id) VALUES (?, ?)")
        .bind(lesson)
        .bind(tom)
        .execute(&app.pool)
        .await
        .unwrap();

    let client = app.login_as("anna@example.nl").await;
    let link = make_link(&app, &client).await;
    let (status, ics) = fetch(&app, &link).await;
    assert_eq!(status, StatusCode::OK);
    let found = events(&ics);
    assert_eq!(found.len(), 2, "the lessons that apply (one cancelled), not a training she did not choose");
    let uid = |id: i64| format!("sessie-{id}@");
    assert!(found.iter().all(|e| !e.get_uid().unwrap().starts_with(&uid(not_chosen))));
    let first = found.iter().find(|e| e.get_uid().unwrap().starts_with(&uid(lesson))).unwrap();
    assert_eq!(first.get_summary(), Some("Les: Grenzen, en; zo"), "commas and semicolons survive escaping");
    assert_eq!(first.get_location(), Some("Buurthuis De Pijp"));
    assert!(ics.contains("DTSTART:") && ics.contains("00Z"), "times in UTC: {ics}");
    assert!(matches!(first.get_start(), Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(_)))));
    let gone = found.iter().find(|e| e.get_uid().unwrap().starts_with(&uid(cancelled))).unwrap();
    assert_eq!(gone.get_status(), Some(icalendar::EventStatus::Cancelled));
    let (_, again) = fetch(&app, &link).await;
    let uids = |ics: &str| events(ics).iter().map(|e| e.get_uid().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(uids(&ics), uids(&again), "stable UIDs");

    // Renewing stops the old link; revoking stops the new one.
    let renewed = make_link(&app, &client).await;
    assert_eq!(fetch(&app, &link).await.0, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, &renewed).await.0, StatusCode::OK);
    app.submit(&client, "/agenda", "calendar_revoke", &[]).await.assert_redirect_to("/agenda");
    assert_eq!(fetch(&app, &renewed).await.0, StatusCode::NOT_FOUND);
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE participant_id = ? AND action LIKE 'calendar%'")
        .bind(anna)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(audit, 3);
    assert_eq!(fetch(&app, "https://x/agenda/onzin.ics").await.0, StatusCode::NOT_FOUND);

    // A trainer's feed holds the sessions they give; coordinators have none.
    let trainer = app.login_as("tom@example.nl").await;
    let trainer_link = make_link(&app, &trainer).await;
    let theirs = events(&fetch(&app, &trainer_link).await.1);
    assert_eq!(theirs.len(), 1);
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("carla@example.nl").await;
    assert_eq!(app.get(&coordinator, "/agenda").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.submit(&coordinator, "/agenda", "calendar_link", &[]).await.status, StatusCode::FORBIDDEN);
}
