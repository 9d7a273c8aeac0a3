//! Continuing after a break: the coordinator records that a participant pauses (or
//! stops); from that day no session expects them, the cohort tables leave them out,
//! they can still read everything but log no hours. Later they go on: in the same
//! cohort, or in another one, bringing approved hours, attended sessions and their POP,
//! which the eligibility rule counts there.
use crate::{
    certificates::world,
    common::{days_ago, spawn_app, Posted, TestApp},
};
use leerlijn::{
    domain::{AttendanceStatus, PlanKind, PlanStatus, Role, SessionKind},
    world as w,
};
use reqwest::{Client, StatusCode};
use serde_json::Value;

fn page(participant: i64) -> String {
    format!("/deelnemers/{participant}/deelname")
}

async fn take_break(app: &TestApp, client: &Client, participant: i64, fields: &[(&str, &str)]) -> Posted {
    app.submit(client, &page(participant), &format!("take_break:{participant}"), fields).await
}

async fn continue_in(app: &TestApp, client: &Client, participant: i64, cohort: i64) -> Posted {
    app.submit(client, &page(participant), &format!("continue_in:{participant}"), &[("cohort", &cohort.to_string())]).await
}

async fn lesson(app: &TestApp, cohort: i64, held_on: &str, trainer: i64) -> i64 {
    let session = w::Session {
        cohort_id: cohort,
        kind: SessionKind::Lesson,
        title: "Les",
        held_on: held_on.parse().unwrap(),
        starts_at: "13:30",
        ends_at: "16:30",
        place: "Zaal",
        capacity: None,
        group_id: None,
        trainers: &[],
        created_by: trainer,
    };
    w::session(&app.pool, &session).await.unwrap()
}

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(&app.pool).await.unwrap()
}

async fn log_hours(app: &TestApp, client: &Client) -> Posted {
    let day = days_ago(1);
    let fields = [("worked_on", day.as_str()), ("hours", "2"), ("kind", "leren"), ("description", "Training Grenzen stellen"), ("place", "")];
    app.submit(client, "/uren/nieuw", "log_hours", &fields).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pause_takes_the_participant_out_of_attendance_and_tables_and_stops_new_hours_until_they_go_on() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("bram@example.nl", Role::Participant, Some(cohort)).await;
    let tom_id = app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let (carla, tom, anna_client) =
        (app.login_as("carla@example.nl").await, app.login_as("tom@example.nl").await, app.login_as("anna@example.nl").await);
    let before = lesson(&app, cohort, &days_ago(10), tom_id).await;
    let during = lesson(&app, cohort, &days_ago(3), tom_id).await;
    w::attendance(&app.pool, before, anna, AttendanceStatus::Present, tom_id).await.unwrap();

    // Refused input: at the field, status 422, nothing recorded.
    let refused = take_break(&app, &carla, anna, &[("kind", "gepauzeerd"), ("from", &days_ago(-2)), ("reason", "")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("from").as_deref(), Some("err.enrolment.from_future"));
    assert_eq!(refused.field_error("reason").as_deref(), Some("err.enrolment.reason"));
    let back_first = take_break(&app, &carla, anna, &[("kind", "gepauzeerd"), ("from", &days_ago(5)), ("reason", "zorg"), ("expected_back", &days_ago(6))]).await;
    assert_eq!(back_first.field_error("expected_back").as_deref(), Some("err.enrolment.back_before"));
    // Only the coordinator records it.
    let by_trainer = take_break(&app, &tom, anna, &[("kind", "gepauzeerd"), ("from", &days_ago(5)), ("reason", "zorg")]).await;
    assert_eq!(by_trainer.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&tom, &page(anna)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE id = ? AND away_since IS NOT NULL", anna).await, 0);

    let paused = take_break(&app, &carla, anna, &[("kind", "gepauzeerd"), ("from", &days_ago(5)), ("reason", "zorg"), ("expected_back", &days_ago(-30))]).await;
    paused.assert_redirect_to(&page(anna));
    let again = take_break(&app, &carla, anna, &[("kind", "gestopt"), ("from", &days_ago(1)), ("reason", "anders")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "already paused");

    // The sheet of the lesson during the pause no longer expects her; the one before still does.
    let (_, sheet) = app.get(&tom, &format!("/bijeenkomsten/{during}")).await;
    assert!(sheet.contains("bram@example.nl") && !sheet.contains("anna@example.nl"), "paused: not expected");
    let (_, sheet) = app.get(&tom, &format!("/bijeenkomsten/{before}")).await;
    assert!(sheet.contains("anna@example.nl"), "before the pause she was expected");
    let standing = app.call(&anna_client, "my_hours", &[]).await.body;
    assert_eq!(standing["attendance"]["lessons"]["held"], 1, "only the lesson before the pause counts: {standing}");
    assert_eq!(standing["attendance"]["lessons"]["present"], 1);
    // The cohort table and its count leave her out; the list of who is away names her.
    let (_, table) = app.get(&tom, &format!("/cohorten/{cohort}")).await;
    let (table_part, away_part) = table.split_once("Doen nu niet mee").expect("a list of who is away");
    assert!(!table_part.contains("anna@example.nl") && table_part.contains("bram@example.nl"), "not in the table");
    assert!(away_part.contains("anna@example.nl") && away_part.contains("Gepauzeerd"), "listed as paused");
    app.assert_cohort_counts_follow_accounts().await;
    let cohorts = app.call(&tom, "list_cohorts", &[]).await.body;
    assert_eq!(cohorts[0]["participant_count"], 1, "{cohorts}");

    // She reads her home, which says so, and cannot log hours.
    let (status, home) = app.get(&anna_client, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Gepauzeerd sinds") && home.contains("Uren schrijven kan weer als je verder gaat"), "home explains");
    let (_, form) = app.get(&anna_client, "/uren/nieuw").await;
    let main = &form[form.find("<main").unwrap()..form.find("</main>").unwrap()];
    assert!(main.contains("Gepauzeerd sinds") && !main.contains("<form"), "no hour form while paused: {main}");
    let refused = log_hours(&app, &anna_client).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.shows("err.hours.away"), "{}", refused.html);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM hour_entries WHERE participant_id = ?", anna).await, 0);

    // She goes on in the same cohort: hours again, the lesson in the gap stays not hers.
    continue_in(&app, &carla, anna, cohort).await.assert_redirect_to(&page(anna));
    log_hours(&app, &anna_client).await.assert_redirect_to("/");
    let (_, sheet) = app.get(&tom, &format!("/bijeenkomsten/{during}")).await;
    assert!(!sheet.contains("anna@example.nl"), "the gap stays a gap");
    let (_, table) = app.get(&tom, &format!("/cohorten/{cohort}")).await;
    assert_eq!(table.split("<tr>").filter(|r| r.contains("anna@example.nl")).count(), 1, "back in the table");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM enrolments WHERE participant_id = ?", anna).await, 2, "two stints");
    // Both steps are in her trail, naming her; the reason category is not in it.
    let steps: Vec<(String, String)> =
        sqlx::query_as("SELECT action, after_json FROM audit_log WHERE participant_id = ? AND subject_type = 'participant' AND action LIKE 'participant_%' ORDER BY id")
            .bind(anna)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(steps.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(), ["participant_paused", "participant_resumed"]);
    assert!(steps.iter().all(|(_, json)| !json.contains("zorg")), "{steps:?}");
    let (_, record) = app.get(&carla, &format!("/deelnemers/{anna}")).await;
    assert!(record.contains("Pauze vastgelegd") && record.contains("Weer meegedaan") && record.contains("Gepauzeerd: zorg voor anderen"));
    app.assert_expected_follows_rule().await;
    app.assert_cohort_counts_follow_accounts().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_to_another_cohort_keeps_approved_hours_attendance_and_the_pop_and_the_rule_counts_them_there() {
    let world = world().await;
    let app = &world.app;
    let next = app.current_cohort("E").await;
    app.user("eve@example.nl", Role::Trainer, Some(next)).await;
    let eve = app.login_as("eve@example.nl").await;
    // An entry still waiting for a decision goes with her to the new cohort's trainers.
    let waiting = w::Entry {
        participant_id: world.anna,
        cohort_id: world.cohort,
        worked_on: crate::common::today() - chrono::Duration::days(2),
        quarters: 4,
        kind: leerlijn::domain::HourKind::Learning,
        description: "Nog te beoordelen",
        place: None,
        status: leerlijn::domain::EntryStatus::Submitted,
        rejection_reason: None,
        decided_by: None,
    };
    let waiting = w::entry(&app.pool, &waiting).await.unwrap();
    let same = continue_in(app, &world.carla, world.anna, world.cohort).await;
    assert_eq!(same.field_error("cohort").as_deref(), Some("err.enrolment.same_cohort"));

    continue_in(app, &world.carla, world.anna, next).await.assert_redirect_to(&page(world.anna));

    // In E her approved hours, the lesson and intervision she attended in C and her POP
    // count; only the GOP is open, as it belongs to her group in C.
    let candidates = app.call(&world.carla, "cohort_interviews", &[("cohort_id", &next.to_string())]).await.body;
    let row = candidates["candidates"].as_array().unwrap().iter().find(|c| c["participant"]["id"] == world.anna).cloned().expect("in E");
    assert_eq!((row["eligible"].clone(), row["open"].clone()), (Value::Bool(false), Value::from(1)), "{row}");
    let standing = app.call(&world.anna_client, "my_hours", &[]).await.body;
    assert_eq!(standing["attendance"]["lessons"]["present"], 1, "{standing}");
    assert_eq!(standing["attendance"]["intervision"]["present"], 1, "{standing}");
    assert_eq!(standing["totals"]["approved_practice"], 240, "{standing}");
    // In a group of E with an approved GOP she meets every requirement there.
    let group = w::group(&app.pool, next, "Oost", &[world.anna]).await.unwrap();
    w::plan_in_state(&app.pool, PlanKind::Gop, next, group, PlanStatus::Approved).await.unwrap();
    let candidates = app.call(&world.carla, "cohort_interviews", &[("cohort_id", &next.to_string())]).await.body;
    let row = candidates["candidates"].as_array().unwrap().iter().find(|c| c["participant"]["id"] == world.anna).cloned().unwrap();
    assert_eq!(row["eligible"], true, "{row}");
    // Nothing of hers is C's now: not its candidates, not its trainer's to read; E's trainer reads her record.
    let c_candidates = app.call(&world.carla, "cohort_interviews", &[("cohort_id", &world.cohort.to_string())]).await.body;
    assert!(c_candidates["candidates"].as_array().unwrap().iter().all(|c| c["participant"]["id"] != world.anna));
    assert_eq!(app.get(&world.tom, &format!("/deelnemers/{}", world.anna)).await.0, StatusCode::NOT_FOUND);
    let (status, record) = app.get(&eve, &format!("/deelnemers/{}", world.anna)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(record.contains("<strong>C</strong>") && record.contains("<strong>E</strong>"), "both cohorts on the record");
    assert!(record.contains("Overgestapt naar een ander cohort"));
    assert_eq!(count(app, "SELECT cohort_id FROM plans WHERE participant_id = ?", world.anna).await, next, "the POP is E's");
    assert_eq!(count(app, "SELECT cohort_id FROM hour_entries WHERE id = ?", waiting).await, next, "E's trainers decide");
    assert_eq!(count(app, "SELECT entries FROM cohort_waiting WHERE cohort_id = ?", next).await, 1);
    let (_, old_table) = app.get(&world.tom, &format!("/cohorten/{}", world.cohort)).await;
    assert!(old_table.contains("nu in E"), "C's page says where she went");
    let moved = count(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'participant_moved' AND participant_id = ?", world.anna).await;
    assert_eq!(moved, 1);
    app.assert_expected_follows_rule().await;
    app.assert_cohort_counts_follow_accounts().await;
}
