//! Every server function and form × every kind of caller × own/other record: the
//! status each one gets. A refused call must also leave the data unchanged.

use crate::common::{days_ago, spawn_app, TestApp};
use leerlijn::domain::Role;
use reqwest::Client;

const OK: u16 = 200;
/// A form that was accepted redirects (post/redirect/get).
const DONE: u16 = 303;
const UNAUTH: u16 = 401;
/// Anonymous page views and form posts go to the login page (a post keeps what was typed).
const TO_LOGIN: u16 = 303;
const FORBIDDEN: u16 = 403;
const NOT_FOUND: u16 = 404;
const CONFLICT: u16 = 409;

struct World {
    app: TestApp,
    callers: Vec<(&'static str, Client)>,
    own_cohort: String,
    annas_entry: String,
    anna_id: String,
    /// A lesson of cohort A, yesterday.
    lesson: String,
}

/// Anna and Bram in cohort A with trainer Tom; trainer Olga only has cohort B.
async fn world() -> World {
    let app = spawn_app().await;
    let a = app.current_cohort("A").await;
    let b = app.current_cohort("B").await;
    let anna_id = app.user("anna@example.nl", Role::Participant, Some(a)).await;
    app.user("bram@example.nl", Role::Participant, Some(a)).await;
    app.user("tom@example.nl", Role::Trainer, Some(a)).await;
    app.user("olga@example.nl", Role::Trainer, Some(b)).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let anna = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let known = app.ids("hour_entries").await;
    app.submit(&anna, "/uren/nieuw", "log_hours", &[("worked_on", &date), ("hours", "2"), ("kind", "leren"), ("description", "Les")])
        .await
        .assert_redirect_to("/");
    let entry = app.new_id("hour_entries", &known).await;
    let lesson: i64 = sqlx::query_scalar(
        "INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, created_by, created_at)
         VALUES (?, 'les', 'Les', ?, '13:30', '16:00', 150, 'Zaal', ?, '2026-01-01T00:00:00Z') RETURNING id",
    )
    .bind(a)
    .bind(days_ago(1))
    .bind(anna_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let callers = vec![
        ("anonymous", app.client()),
        ("owner", anna),
        ("other participant", app.login_as("bram@example.nl").await),
        ("own trainer", app.login_as("tom@example.nl").await),
        ("other trainer", app.login_as("olga@example.nl").await),
        ("coordinator", app.login_as("carla@example.nl").await),
    ];
    World {
        app,
        callers,
        own_cohort: a.to_string(),
        annas_entry: entry.to_string(),
        anna_id: anna_id.to_string(),
        lesson: lesson.to_string(),
    }
}

/// Opens `path` as each caller (without following redirects) and compares the status.
async fn check_page(w: &World, path: &str, expected: [u16; 6]) {
    for ((who, client), want) in w.callers.iter().zip(expected) {
        let (got, _) = w.app.get(client, path).await;
        assert_eq!(got.as_u16(), want, "{path} as {who}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_answers_only_the_roles_it_is_for() {
    let w = world().await;
    let edit = format!("/uren/{}/bewerken", w.annas_entry);
    let cohort = format!("/cohorten/{}", w.own_cohort);
    let record = format!("/deelnemers/{}", w.anna_id);
    //                                         anon      owner      other-p    own-t      other-t    coord
    check_page(&w, "/", [TO_LOGIN, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/inloggen", [OK, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/uren", [TO_LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check_page(&w, "/uren?status=afgekeurd&pagina=3", [TO_LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check_page(&w, "/uren/nieuw", [TO_LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check_page(&w, &edit, [TO_LOGIN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check_page(&w, "/uren/999999/bewerken", [TO_LOGIN, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check_page(&w, "/beoordelen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN]).await;
    let withdraw = format!("/uren/{}/intrekken?terug=/uren", w.annas_entry);
    check_page(&w, &withdraw, [TO_LOGIN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    let reject = format!("/beoordelen/{}/afkeuren", w.annas_entry);
    check_page(&w, &reject, [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, FORBIDDEN]).await;
    check_page(&w, "/cohorten", [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK]).await;
    check_page(&w, "/cohorten/nieuw", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, &cohort, [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, &format!("{cohort}/leerplekken.csv"), [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, "/cohorten/999999", [TO_LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    check_page(&w, &record, [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, "/uitnodigen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    let programme = format!("/cohorten/{}/programma", w.own_cohort);
    check_page(&w, &programme, [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, &format!("{programme}/nieuw"), [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, &format!("/cohorten/{}/groepen", w.own_cohort), [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, "/cohorten/999999/groepen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    check_page(&w, &format!("/cohorten/{}/eisen", w.own_cohort), [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/cohorten/999999/eisen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    check_page(&w, "/cohorten/999999/programma", [TO_LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    check_page(&w, &format!("/bijeenkomsten/{}", w.lesson), [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, "/bijeenkomsten/999999", [TO_LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    let edit_session = format!("/bijeenkomsten/{}/wijzigen", w.lesson);
    check_page(&w, &edit_session, [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, "/bijeenkomsten/999999/wijzigen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    check_page(&w, "/programma", [TO_LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check_page(&w, "/plannen", [TO_LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    // Plans' pages per role and plan: tests/api/plans.rs (the access table).
    check_page(&w, "/plannen/999999", [TO_LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    check_page(&w, "/agenda", [TO_LOGIN, OK, OK, OK, OK, FORBIDDEN]).await;
    check_page(&w, "/accounts", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/accounts?rol=trainer&na=9", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    // The invitation page is public; an unknown link gets the answer a used one gets, for everyone alike.
    check_page(&w, "/wachtwoord/onbekend-token", [CONFLICT, CONFLICT, CONFLICT, CONFLICT, CONFLICT, CONFLICT]).await;
    check_page(&w, "/bestaat-niet", [TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    let interviews = format!("/cohorten/{}/eindgesprekken", w.own_cohort);
    check_page(&w, &interviews, [TO_LOGIN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check_page(&w, "/cohorten/999999/eindgesprekken", [TO_LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    let criteria = format!("/cohorten/{}/criteria", w.own_cohort);
    check_page(&w, &criteria, [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/cohorten/999999/criteria", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    check_page(&w, "/eindgesprekken/999999", [TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    // Public: the verification page answers everyone, also for a number nobody was given.
    check_page(&w, "/verifieren", [OK, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/verifieren/LB-0000-0000-0000-0000", [OK, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/privacy", [OK, OK, OK, OK, OK, OK]).await;
    // One's own data, for participants only (each sees their own).
    check_page(&w, "/mijn-gegevens", [TO_LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check_page(&w, "/mijn-gegevens/gegevens.zip", [UNAUTH, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    // Retention and erasure: coordinators only.
    check_page(&w, "/bewaren", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, &format!("/bewaren/{}", w.own_cohort), [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/bewaren/999999", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    check_page(&w, &format!("{record}/wissen"), [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/deelnemers/999999/wissen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    // Pausing, stopping and moving someone is the coordinator's.
    check_page(&w, &format!("{record}/deelname"), [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/deelnemers/999999/deelname", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    // The outbox (with the links mails carry): coordinators only. Asking for a password mail: anyone.
    check_page(&w, "/berichten", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/berichten?voor=abc", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/wachtwoord-vergeten", [OK, OK, OK, OK, OK, OK]).await;
    // Everyone's own choice of mail; an unsubscribe link works without logging in (unknown: not found).
    check_page(&w, "/meldingen", [TO_LOGIN, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/afmelden/abc123", [NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    // A participant's leerplek; the werkbegeleider's link needs no account (unknown: not found).
    check_page(&w, "/leerplek", [TO_LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    let unknown = format!("/bevestigen/{}", "ab".repeat(32));
    check_page(&w, &unknown, [NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;
    check_page(&w, &format!("{unknown}/klaar"), [OK, OK, OK, OK, OK, OK]).await;
    // The way in is public; handling applications is the coordinator's.
    check_page(&w, "/leerlijn", [OK, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/aanmelden", [OK, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/aanmelden/ontvangen", [OK, OK, OK, OK, OK, OK]).await;
    check_page(&w, "/aanmeldingen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/aanmeldingen/999999", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    let applications = format!("/cohorten/{}/aanmeldingen", w.own_cohort);
    check_page(&w, &applications, [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, &format!("{applications}.csv"), [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/cohorten/999999/aanmeldingen", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    check_page(&w, "/cohorten/999999/aanmeldingen.csv", [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;
    let admission = format!("/cohorten/{}/toelating", w.own_cohort);
    check_page(&w, &admission, [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check_page(&w, "/cohorten/999999/toelating", [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND]).await;

    // A page added later must be added above: every route of the app is covered.
    let covered = [
        "/",
        "/inloggen",
        "/uren",
        "/uren/nieuw",
        "/uren/:id/bewerken",
        "/uren/:id/intrekken",
        "/beoordelen",
        "/beoordelen/:id/afkeuren",
        "/cohorten",
        "/cohorten/nieuw",
        "/cohorten/:id",
        "/cohorten/:id/programma",
        "/cohorten/:id/groepen",
        "/cohorten/:id/eisen",
        "/cohorten/:id/programma/nieuw",
        "/bijeenkomsten/:id",
        "/bijeenkomsten/:id/wijzigen",
        "/programma",
        "/plannen",
        "/plannen/:id",
        "/agenda",
        "/deelnemers/:id",
        "/uitnodigen",
        "/accounts",
        "/wachtwoord/:token",
        "/cohorten/:id/eindgesprekken",
        "/cohorten/:id/criteria",
        "/eindgesprekken/:id",
        "/verifieren",
        "/verifieren/:number",
        "/privacy",
        "/mijn-gegevens",
        "/deelnemers/:id/wissen",
        "/deelnemers/:id/deelname",
        "/bewaren",
        "/bewaren/:id",
        "/berichten",
        "/wachtwoord-vergeten",
        "/meldingen",
        "/afmelden/:token",
        "/leerplek",
        "/bevestigen/:token",
        "/bevestigen/:token/klaar",
        "/leerlijn",
        "/aanmelden",
        "/aanmelden/ontvangen",
        "/aanmeldingen",
        "/aanmeldingen/:id",
        "/cohorten/:id/aanmeldingen",
        "/cohorten/:id/toelating",
    ];
    let app_source = std::fs::read_to_string("src/app/mod.rs").expect("app routes");
    let routes: Vec<&str> = app_source.split("path!(\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert!(routes.len() >= covered.len(), "routes found: {routes:?}");
    for route in routes {
        assert!(covered.contains(&route), "page {route} is not in the role matrix");
    }
}

/// Calls `name` with `form` as each caller and compares with `expected` (same order as `callers`).
async fn check(w: &World, name: &str, form: &[(&str, &str)], expected: [u16; 6]) {
    for ((who, client), want) in w.callers.iter().zip(expected) {
        let got = w.app.call(client, name, form).await.status.as_u16();
        assert_eq!(got, want, "{name} as {who}");
    }
}

/// Posts form `key` on `page` as each caller and compares with `expected`.
async fn check_form(w: &World, page: &str, key: &str, form: &[(&str, &str)], expected: [u16; 6]) {
    for ((who, client), want) in w.callers.iter().zip(expected) {
        let got = w.app.submit(client, page, key, form).await.status.as_u16();
        assert_eq!(got, want, "{key} as {who}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_functions_show_only_what_the_caller_may_see() {
    let w = world().await;
    //                                                    anon    owner  other-p    own-t    other-t    coord
    check(&w, "my_hours", &[], [UNAUTH, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check(&w, "my_entry", &[("id", &w.annas_entry)], [UNAUTH, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check(&w, "review_queue", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN]).await;
    check(&w, "trainer_dashboard", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN]).await;
    check(&w, "participant_record", &[("participant_id", &w.anna_id)], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check(&w, "list_cohorts", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, OK, OK]).await;
    check(&w, "cohort_overview", &[("cohort_id", &w.own_cohort)], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check(&w, "last_invitation", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check(&w, "accounts", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check(&w, "cohort_programme", &[("cohort_id", &w.own_cohort)], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check(&w, "cohort_groups", &[("cohort_id", &w.own_cohort)], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check(&w, "session_choices", &[("cohort_id", &w.own_cohort)], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check(&w, "attendance_sheet", &[("session_id", &w.lesson)], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check(&w, "session_editor", &[("session_id", &w.lesson)], [UNAUTH, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND, OK]).await;
    check(&w, "my_data", &[], [UNAUTH, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check(&w, "backup_status", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check(&w, "coordinator_dashboard", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check(&w, "retention_overview", &[], [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check(&w, "cohort_retention", &[("cohort_id", &w.own_cohort)], [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check(&w, "erasure_case", &[("participant_id", &w.anna_id)], [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK]).await;
    check(&w, "my_workplace", &[], [UNAUTH, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]).await;
    check(&w, "confirmation_link", &[("token", &"ab".repeat(32))], [NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND]).await;

    // Trainers see only entries of their own cohorts in the queue.
    let queue_len = |i: usize| {
        let (app, client) = (&w.app, &w.callers[i].1);
        async move { app.call(client, "review_queue", &[]).await.body["items"].as_array().map(Vec::len) }
    };
    assert_eq!(queue_len(3).await, Some(1));
    assert_eq!(queue_len(4).await, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_functions_refuse_everyone_but_the_right_caller() {
    let w = world().await;
    let date = days_ago(2);
    let change = [("id", w.annas_entry.as_str()), ("worked_on", &date), ("hours", "1"), ("kind", "leren"), ("description", "Anders")];
    // The owner is left out here (it would change the entry); owner success is covered in hours.rs.
    for (i, want) in [(0, TO_LOGIN), (2, NOT_FOUND), (3, FORBIDDEN), (4, FORBIDDEN), (5, FORBIDDEN)] {
        let (who, client) = &w.callers[i];
        let page = format!("/uren/{}/bewerken", w.annas_entry);
        assert_eq!(w.app.submit(client, &page, "update_hours", &change).await.status.as_u16(), want, "update_hours as {who}");
        let withdraw = format!("withdraw:{}", w.annas_entry);
        assert_eq!(w.app.submit(client, "/", &withdraw, &[("terug", "/")]).await.status.as_u16(), want, "withdraw as {who}");
    }
    let log = [("worked_on", date.as_str()), ("hours", "1"), ("kind", "leren"), ("description", "x")];
    for (i, want) in [(0, TO_LOGIN), (3, FORBIDDEN), (4, FORBIDDEN), (5, FORBIDDEN)] {
        let (who, client) = &w.callers[i];
        assert_eq!(w.app.submit(client, "/uren/nieuw", "log_hours", &log).await.status.as_u16(), want, "log_hours as {who}");
    }
    let approve = [("decision", "approve")];
    let card = format!("decide:{}", w.annas_entry);
    for (i, want) in [(0, TO_LOGIN), (1, FORBIDDEN), (2, FORBIDDEN), (4, NOT_FOUND), (5, FORBIDDEN)] {
        let (who, client) = &w.callers[i];
        assert_eq!(w.app.submit(client, "/beoordelen", &card, &approve).await.status.as_u16(), want, "decide as {who}");
    }
    let entry: (String, i64, String) = sqlx::query_as("SELECT status, quarters, description FROM hour_entries WHERE id = ?")
        .bind(w.annas_entry.parse::<i64>().unwrap())
        .fetch_one(&w.app.pool)
        .await
        .unwrap();
    assert_eq!(entry, ("ingediend".to_owned(), 8, "Les".to_owned()), "refused calls changed nothing");
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries").fetch_one(&w.app.pool).await.unwrap();
    assert_eq!(entries, 1);

    let cohort = [
        ("name", "Nieuw"),
        ("starts_on", "2027-01-01"),
        ("ends_on", "2027-12-31"),
        ("learning_hours", ""),
        ("practice_hours", ""),
        ("lesson_attendance_percent", ""),
        ("intervision_attendance_percent", ""),
    ];
    check_form(&w, "/cohorten/nieuw", "create_cohort", &cohort, [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE]).await;
    let olga: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'olga@example.nl'").fetch_one(&w.app.pool).await.unwrap();
    let assign = [("cohort_id", w.own_cohort.as_str()), ("trainer_id", &olga.to_string())];
    let cohort_page = format!("/cohorten/{}", w.own_cohort);
    check_form(&w, &cohort_page, "assign_trainer", &assign, [TO_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE]).await;
    // Once assigned, Olga sees cohort A and its queue.
    let olga_queue = w.app.call(&w.callers[4].1, "review_queue", &[]).await.body;
    assert_eq!(olga_queue["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn programme_forms_answer_only_the_cohorts_trainers_and_coordinators() {
    let w = world().await;
    let programme = format!("/cohorten/{}/programma", w.own_cohort);
    let anna_status = format!("status_{}", w.anna_id);
    let record = [("session_id", w.lesson.as_str()), ("participant", w.anna_id.as_str()), (anna_status.as_str(), "aanwezig")];
    let sheet = format!("/bijeenkomsten/{}", w.lesson);
    check_form(&w, &sheet, "record_attendance", &record, [TO_LOGIN, FORBIDDEN, FORBIDDEN, DONE, NOT_FOUND, DONE]).await;
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attendance").fetch_one(&w.app.pool).await.unwrap();
    assert_eq!(lines, 1, "recorded twice (own trainer, coordinator), stored once");

    let session = [
        ("cohort_id", w.own_cohort.as_str()),
        ("kind", "les"),
        ("title", "Les"),
        ("held_on", &days_ago(0)),
        ("starts_at", "10:00"),
        ("ends_at", "12:00"),
        ("place", "Zaal"),
    ];
    for (i, want) in [(0, TO_LOGIN), (1, FORBIDDEN), (2, FORBIDDEN), (4, NOT_FOUND)] {
        let (who, client) = &w.callers[i];
        assert_eq!(
            w.app.submit(client, &format!("{programme}/nieuw"), "add_session", &session).await.status.as_u16(),
            want,
            "add_session as {who}"
        );
        let group = [("cohort_id", w.own_cohort.as_str()), ("group_name", "Groep")];
        let groups = format!("/cohorten/{}/groepen", w.own_cohort);
        assert_eq!(w.app.submit(client, &groups, "add_group", &group).await.status.as_u16(), want, "add_group as {who}");
    }
    let edit = [
        ("session_id", w.lesson.as_str()),
        ("title", "Verplaatst"),
        ("held_on", &days_ago(0)),
        ("starts_at", "09:00"),
        ("ends_at", "10:00"),
        ("place", "Elders"),
    ];
    let edit_page = format!("/bijeenkomsten/{}/wijzigen", w.lesson);
    for (i, want) in [(0, TO_LOGIN), (1, FORBIDDEN), (2, FORBIDDEN), (4, NOT_FOUND)] {
        let (who, client) = &w.callers[i];
        assert_eq!(w.app.submit(client, &edit_page, "edit_session", &edit).await.status.as_u16(), want, "edit_session as {who}");
    }
    let title: String = sqlx::query_scalar("SELECT title FROM programme_sessions").fetch_one(&w.app.pool).await.unwrap();
    assert_ne!(title, "Verplaatst", "a refused edit changed nothing");
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programme_sessions").fetch_one(&w.app.pool).await.unwrap();
    let groups: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM intervision_groups").fetch_one(&w.app.pool).await.unwrap();
    assert_eq!((sessions, groups), (1, 0), "refused posts changed nothing");
}
