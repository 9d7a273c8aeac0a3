//! Logging hours, sign-off, ownership and progress, over HTTP.

use crate::common::{days_ago, spawn_app, Posted, TestApp};
use leerlijn::domain::Role;
use reqwest::{Client, StatusCode};

struct Cohort {
    app: TestApp,
    cohort: i64,
    anna: Client,
    bram: Client,
    trainer: Client,
}

/// One cohort with two participants and a trainer, all logged in.
async fn cohort() -> Cohort {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("bram@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let bram = app.login_as("bram@example.nl").await;
    let trainer = app.login_as("trainer@example.nl").await;
    Cohort { app, cohort, anna, bram, trainer }
}

async fn log(app: &TestApp, client: &Client, hours: &str, kind: &str, place: &str) -> Posted {
    let date = days_ago(1);
    log_form(
        app,
        client,
        &[("worked_on", &date), ("hours", hours), ("kind", kind), ("description", "Training Grenzen stellen"), ("place", place)],
    )
    .await
}

async fn log_form(app: &TestApp, client: &Client, fields: &[(&str, &str)]) -> Posted {
    app.submit(client, "/uren/nieuw", "log_hours", fields).await
}

async fn logged(app: &TestApp, client: &Client, hours: &str, kind: &str) -> i64 {
    let known = app.ids("hour_entries").await;
    log(app, client, hours, kind, "Buurtteam Noord").await.assert_redirect_to("/");
    app.new_id("hour_entries", &known).await
}

/// One id: the approve/reject buttons on that entry's card. Otherwise the bulk bar.
async fn decide(app: &TestApp, client: &Client, ids: &[i64], decision: &str, reason: &str) -> Posted {
    let ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    let form = if ids.len() == 1 { format!("decide:{}", ids[0]) } else { "decide:bulk".to_owned() };
    let mut fields: Vec<(&str, &str)> = if ids.len() == 1 { Vec::new() } else { ids.iter().map(|id| ("ids[]", id.as_str())).collect() };
    fields.push(("decision", decision));
    fields.push(("reason", reason));
    // One entry is rejected on its own step page, as the queue's "Afkeuren" link leads there.
    let page = if ids.len() == 1 && decision == "reject" { format!("/beoordelen/{}/afkeuren", ids[0]) } else { "/beoordelen".to_owned() };
    app.submit(client, &page, &form, &fields).await
}

async fn update(app: &TestApp, client: &Client, fields: &[(&str, &str)]) -> Posted {
    app.submit(client, "/uren/1/bewerken", "update_hours", fields).await
}

async fn withdraw(app: &TestApp, client: &Client, id: &str) -> Posted {
    app.submit(client, "/", &format!("withdraw:{id}"), &[("terug", "/")]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dutch_hour_notations_are_stored_as_quarters() {
    let c = cohort().await;
    for (input, quarters) in [("1,5", 6), ("1.5", 6), ("1:30", 6), ("2", 8), ("0,25", 1)] {
        let id = logged(&c.app, &c.anna, input, "leren").await;
        let stored: i64 =
            sqlx::query_scalar("SELECT quarters FROM hour_entries WHERE id = ?").bind(id).fetch_one(&c.app.pool).await.unwrap();
        assert_eq!(stored, quarters, "{input}");
    }
}

/// The confirmation after a post travels in a signed cookie. It used to be parked in
/// the session: two more fsynced commits per post (the post parked it, the next page
/// took it), outside the group commit, and a page view that wrote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_hours_leaves_the_session_alone_and_the_confirmation_shows_once() {
    let c = cohort().await;
    let sessions = || async {
        sqlx::query_as::<_, (String, Vec<u8>, String)>("SELECT id, data, CAST(expiry_date AS TEXT) FROM tower_sessions ORDER BY id")
            .fetch_all(&c.app.pool)
            .await
            .unwrap()
    };
    let before = sessions().await;
    log(&c.app, &c.anna, "2", "leren", "Buurtteam Noord").await.assert_redirect_to("/");
    assert_eq!(sessions().await, before, "the post wrote the entry, not the session");
    let (_, home) = c.app.get(&c.anna, "/").await;
    assert!(home.contains("Je uren zijn opgeslagen"), "the confirmation is on the next page");
    assert_eq!(sessions().await, before, "showing it wrote nothing");
    let (_, again) = c.app.get(&c.anna, "/").await;
    assert!(!again.contains("Je uren zijn opgeslagen"), "and only once");
    let (_, other) = c.app.get(&c.bram, "/").await;
    assert!(!other.contains("Je uren zijn opgeslagen"), "nobody else sees it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_entries_get_field_messages_and_nothing_is_saved() {
    let c = cohort().await;
    let app = &c.app;
    let kept = logged(app, &c.anna, "2", "leren").await;
    for (hours, key) in [
        ("1,3", "err.hours.quarter"),
        ("0", "err.hours.zero"),
        ("13", "err.hours.too_many"),
        ("abc", "err.hours.format"),
        ("", "err.hours.empty"),
    ] {
        let answer = log(app, &c.anna, hours, "leren", "").await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{hours}");
        assert_eq!(answer.field_error("hours").as_deref(), Some(key), "{hours}");
    }
    let no_place = log(app, &c.anna, "2", "praktijk", "  ").await;
    assert_eq!(no_place.field_error("place").as_deref(), Some("err.place.empty"));
    let no_kind = log(app, &c.anna, "2", "", "").await;
    assert_eq!(no_kind.field_error("kind").as_deref(), Some("err.kind"));

    let tomorrow = (crate::common::today() + chrono::Duration::days(2)).to_string();
    let future = log_form(app, &c.anna, &[("worked_on", &tomorrow), ("hours", "1"), ("kind", "leren"), ("description", "x")]).await;
    assert_eq!(future.field_error("worked_on").as_deref(), Some("err.date.future"));
    let before_cohort =
        log_form(app, &c.anna, &[("worked_on", "2001-01-01"), ("hours", "1"), ("kind", "leren"), ("description", "x")]).await;
    assert_eq!(before_cohort.field_error("worked_on").as_deref(), Some("err.date.outside_cohort"));

    // Several problems are reported together.
    let many =
        log_form(app, &c.anna, &[("worked_on", "gisteren"), ("hours", "veel"), ("kind", "praktijk"), ("description", ""), ("place", "")])
            .await;
    for field in ["worked_on", "hours", "description", "place"] {
        assert!(many.field_error(field).is_some(), "{field} reported: {}", many.html);
    }
    // A malformed request (missing fields) is a 4xx too, never a 500.
    let malformed = log_form(app, &c.anna, &[("hours", "1")]).await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);

    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 1, "only the valid entry exists");
    assert_eq!(app.entry_status(kept).await, "ingediend");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approved_hours_move_progress_and_are_locked() {
    let c = cohort().await;
    let app = &c.app;
    let learning = logged(app, &c.anna, "1,5", "leren").await;
    let practice = logged(app, &c.anna, "3", "praktijk").await;

    let before = app.call(&c.anna, "my_hours", &[]).await.body;
    assert_eq!(before["totals"]["approved_learning"], 0);
    assert_eq!(before["totals"]["pending_learning"], 6);
    assert_eq!(before["totals"]["pending_practice"], 12);
    assert_eq!(before["requirements"]["learning_quarters"], 240);

    let queue = app.call(&c.trainer, "review_queue", &[]).await.body;
    let ids: Vec<i64> = queue["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![learning, practice], "oldest first");

    decide(app, &c.trainer, &[learning, practice], "approve", "").await.assert_redirect_to("/beoordelen");
    let (_, queue_page) = app.get(&c.trainer, "/beoordelen").await;
    assert!(queue_page.contains("2 goedgekeurd."), "confirmation on the next page");

    let after = app.call(&c.anna, "my_hours", &[]).await.body;
    assert_eq!(after["totals"]["approved_learning"], 6);
    assert_eq!(after["totals"]["approved_practice"], 12);
    assert_eq!(after["totals"]["pending_learning"], 0);

    let date = days_ago(2);
    let id = learning.to_string();
    let change =
        update(app, &c.anna, &[("id", &id), ("worked_on", &date), ("hours", "9"), ("kind", "leren"), ("description", "meer")]).await;
    assert_eq!(change.status, StatusCode::CONFLICT);
    assert!(change.shows("err.entry.locked"));
    assert_eq!(withdraw(app, &c.anna, &id).await.status, StatusCode::CONFLICT);
    assert_eq!(app.entry_status(learning).await, "goedgekeurd");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejection_needs_a_reason_and_the_participant_can_correct_it() {
    let c = cohort().await;
    let app = &c.app;
    let id = logged(app, &c.anna, "2", "praktijk").await;
    let no_reason = decide(app, &c.trainer, &[id], "reject", " ").await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.field_error("reason").as_deref(), Some("err.reason.empty"));
    assert_eq!(app.entry_status(id).await, "ingediend");

    decide(app, &c.trainer, &[id], "reject", "Graag het team noemen").await.assert_redirect_to("/beoordelen");
    let entry = app.call(&c.anna, "my_entry", &[("id", &id.to_string())]).await.body;
    assert_eq!(entry["status"], "Rejected");
    assert_eq!(entry["rejection_reason"], "Graag het team noemen");

    let date = days_ago(3);
    let id_text = id.to_string();
    update(
        app,
        &c.anna,
        &[
            ("id", &id_text),
            ("worked_on", &date),
            ("hours", "1:45"),
            ("kind", "praktijk"),
            ("description", "Huisbezoek"),
            ("place", "Buurtteam Oost"),
        ],
    )
    .await
    .assert_redirect_to("/");
    let entry = app.call(&c.anna, "my_entry", &[("id", &id_text)]).await.body;
    assert_eq!(entry["status"], "Submitted");
    assert_eq!(entry["quarters"], 7);
    assert!(entry["rejection_reason"].is_null());

    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE subject_type = 'hour_entry' AND subject_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(actions, vec!["submit", "afgekeurd", "update"]);
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'update' AND subject_id = ?")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(before.contains("\"afgekeurd\"") && before.contains("\"quarters\":8"), "{before}");
    assert!(after.contains("\"ingediend\"") && after.contains("\"quarters\":7"), "{after}");
    app.assert_hour_totals_follow_entries().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_only_touch_their_own_entries() {
    let c = cohort().await;
    let app = &c.app;
    let annas = logged(app, &c.anna, "2", "leren").await.to_string();
    let date = days_ago(1);
    let change =
        update(app, &c.bram, &[("id", &annas), ("worked_on", &date), ("hours", "1"), ("kind", "leren"), ("description", "x")]).await;
    assert_eq!(change.status, StatusCode::NOT_FOUND);
    assert_eq!(withdraw(app, &c.bram, &annas).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call(&c.bram, "my_entry", &[("id", &annas)]).await.status, StatusCode::NOT_FOUND);
    let anna_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'anna@example.nl'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.call(&c.bram, "participant_record", &[("participant_id", &anna_id.to_string())]).await.status, StatusCode::FORBIDDEN);
    let brams_view = app.call(&c.bram, "my_hours", &[]).await.body;
    assert_eq!(brams_view["entry_count"], 0);
    assert_eq!(app.call(&c.bram, "my_entries", &[]).await.body["total"], 0);
    // Participants cannot review, and trainers cannot log hours.
    assert_eq!(app.call(&c.anna, "review_queue", &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(decide(app, &c.anna, &[annas.parse().unwrap()], "approve", "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(log(app, &c.trainer, "1", "leren", "").await.status, StatusCode::FORBIDDEN);

    withdraw(app, &c.anna, &annas).await.assert_redirect_to("/");
    assert_eq!(app.entry_status(annas.parse().unwrap()).await, "ingetrokken", "kept, with its history");
    assert_eq!(app.call(&c.anna, "my_hours", &[]).await.body["entry_count"], 0, "no longer counted");
    let twice = withdraw(app, &c.anna, &annas).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.shows("err.entry.withdrawn"), "withdrawing twice says so");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_entry_never_lends_its_id_or_history_to_another_participant() {
    let c = cohort().await;
    let app = &c.app;
    let date = days_ago(1);
    let known = app.ids("hour_entries").await;
    log_form(
        app,
        &c.anna,
        &[("worked_on", &date), ("hours", "2"), ("kind", "leren"), ("description", "Anna's eigen reflectie op thuissituatie")],
    )
    .await
    .assert_redirect_to("/");
    let annas = app.new_id("hour_entries", &known).await;
    withdraw(app, &c.anna, &annas.to_string()).await.assert_redirect_to("/");
    let brams = logged(app, &c.bram, "1", "leren").await;
    assert_ne!(brams, annas, "a new entry gets a new id");

    let bram_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'bram@example.nl'").fetch_one(&app.pool).await.unwrap();
    let (status, record) = app.get(&c.trainer, &format!("/deelnemers/{bram_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(record.contains("Training Grenzen stellen"), "Bram's own entry is there");
    assert!(!record.contains("thuissituatie"), "Anna's withdrawn entry is not on Bram's record");

    let anna_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'anna@example.nl'").fetch_one(&app.pool).await.unwrap();
    let (_, annas_record) = app.get(&c.trainer, &format!("/deelnemers/{anna_id}")).await;
    assert!(annas_record.contains("thuissituatie") && annas_record.contains("ingetrokken"), "her history stays on her record");
    let unnamed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE subject_type = 'hour_entry' AND participant_id IS NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(unnamed, 0, "every audit line about an entry names its participant");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trainers_act_only_in_their_own_cohorts() {
    let c = cohort().await;
    let app = &c.app;
    let other_cohort = app.current_cohort("Andere groep").await;
    app.user("ander@example.nl", Role::Trainer, Some(other_cohort)).await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let outsider = app.login_as("ander@example.nl").await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let id = logged(app, &c.anna, "2", "leren").await;
    let anna_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'anna@example.nl'").fetch_one(&app.pool).await.unwrap();

    assert_eq!(app.call(&outsider, "review_queue", &[]).await.body["total"], 0);
    assert_eq!(decide(app, &outsider, &[id], "approve", "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.entry_status(id).await, "ingediend");
    let record = ("participant_id", anna_id.to_string());
    assert_eq!(app.call(&outsider, "participant_record", &[(record.0, &record.1)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call(&outsider, "cohort_overview", &[("cohort_id", &c.cohort.to_string())]).await.status, StatusCode::NOT_FOUND);

    let own = app.call(&c.trainer, "participant_record", &[(record.0, &record.1)]).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["audit"][0]["action"], "submit");
    assert_eq!(app.call(&coordinator, "participant_record", &[(record.0, &record.1)]).await.status, StatusCode::OK);
    // Coordinators manage; they do not sign off hours.
    assert_eq!(decide(app, &coordinator, &[id], "approve", "").await.status, StatusCode::FORBIDDEN);

    let dashboard = app.call(&c.trainer, "trainer_dashboard", &[]).await.body;
    assert_eq!(dashboard["pending"], 1);
    assert_eq!(dashboard["cohorts"][0]["participant_count"], 2);
    assert_eq!(dashboard["cohorts"][0]["pending_count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_trainers_deciding_at_once_exactly_one_decision_holds() {
    let c = cohort().await;
    let app = &c.app;
    app.user("tweede@example.nl", Role::Trainer, Some(c.cohort)).await;
    let second = app.login_as("tweede@example.nl").await;
    for round in 0..5 {
        let id = logged(app, &c.anna, "1", "leren").await;
        let ids = [id];
        let (a, b) =
            tokio::join!(decide(app, &c.trainer, &ids, "approve", ""), decide(app, &second, &ids, "reject", "Onvoldoende beschreven"));
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT], "round {round}");
        let loser = if a.status == StatusCode::CONFLICT { &a } else { &b };
        assert!(loser.shows("err.entry.already_decided"), "the loser is told why");
        let winner_status = if a.status == StatusCode::SEE_OTHER { "goedgekeurd" } else { "afgekeurd" };
        assert_eq!(app.entry_status(id).await, winner_status);
        let decisions: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE subject_id = ? AND action IN ('goedgekeurd', 'afgekeurd')")
                .bind(id)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(decisions, 1, "one decision recorded");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_decisions_report_entries_someone_else_already_decided() {
    let c = cohort().await;
    let app = &c.app;
    let first = logged(app, &c.anna, "1", "leren").await;
    let second = logged(app, &c.bram, "2", "leren").await;
    decide(app, &c.trainer, &[first], "approve", "").await;
    decide(app, &c.trainer, &[first, second], "approve", "").await.assert_redirect_to("/beoordelen");
    let (_, page) = app.get(&c.trainer, "/beoordelen").await;
    assert!(page.contains("1 goedgekeurd. 1 had een andere trainer al beoordeeld."), "{page}");
    let waiting = logged(app, &c.bram, "1", "leren").await;
    let nothing = decide(app, &c.trainer, &[], "approve", "").await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nothing.field_error("ids-bulk").as_deref(), Some("err.review.none_selected"));
    assert_eq!(app.entry_status(waiting).await, "ingediend");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_was_typed_survives_an_expired_session_and_logging_in_again() {
    let c = cohort().await;
    let app = &c.app;
    // A browser whose session cookie is gone (expired) posts the hour form.
    let browser = app.client();
    let date = days_ago(2);
    let fields = [
        ("worked_on", date.as_str()),
        ("hours", "1:30"),
        ("kind", "praktijk"),
        ("description", "Huisbezoek met de tandempartner"),
        ("place", "Buurtteam Oost"),
    ];
    let posted = log_form(app, &browser, &fields).await;
    posted.assert_redirect_to("/inloggen?terug=/uren/nieuw");
    let (_, login_page) = app.get(&browser, "/inloggen?terug=/uren/nieuw").await;
    assert!(login_page.contains("Je sessie was verlopen"), "the login page says why: {login_page}");

    let login = app
        .submit(
            &browser,
            "/inloggen",
            "login",
            &[("email", "anna@example.nl"), ("password", crate::common::PASSWORD), ("terug", "/uren/nieuw")],
        )
        .await;
    login.assert_redirect_to("/uren/nieuw");
    let (status, form) = app.get(&browser, "/uren/nieuw").await;
    assert_eq!(status, StatusCode::OK);
    for typed in ["Huisbezoek met de tandempartner", "Buurtteam Oost", "1:30", date.as_str()] {
        assert!(form.contains(typed), "{typed} is back in the form");
    }
    assert!(form.contains(r#"value="praktijk" checked"#) || form.contains(r#"checked value="praktijk""#), "the kind is still chosen");
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries").fetch_one(&app.pool).await.unwrap();
    assert_eq!(saved, 0, "nothing was saved without a session");

    // Shown once: the next view of the form is empty again.
    let (_, again) = app.get(&browser, "/uren/nieuw").await;
    assert!(!again.contains("Huisbezoek met de tandempartner"));
}

/// The one-time token of the first form on `page`.
async fn form_token(app: &TestApp, client: &Client, page: &str) -> String {
    let (_, html) = app.get(client, page).await;
    let start = html.find(r#"name="_token" value=""#).expect("forms carry a one-time token") + r#"name="_token" value=""#.len();
    html[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_tap_on_submit_makes_one_entry() {
    let c = cohort().await;
    let app = &c.app;
    let token = form_token(app, &c.anna, "/uren/nieuw").await;
    let date = days_ago(1);
    let fields = [("_token", token.as_str()), ("worked_on", &date), ("hours", "2"), ("kind", "leren"), ("description", "Twee keer getikt")];
    let (first, second) = tokio::join!(log_form(app, &c.anna, &fields), log_form(app, &c.anna, &fields));
    first.assert_redirect_to("/");
    second.assert_redirect_to("/");
    let later = log_form(app, &c.anna, &fields).await;
    later.assert_redirect_to("/");
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries").fetch_one(&app.pool).await.unwrap();
    assert_eq!(entries, 1, "one submission is one entry");

    // A refused post does not use up its token: corrected, the same form is taken.
    let token = form_token(app, &c.anna, "/uren/nieuw").await;
    let wrong = [("_token", token.as_str()), ("worked_on", &date), ("hours", "1,3"), ("kind", "leren"), ("description", "Tweede")];
    assert_eq!(log_form(app, &c.anna, &wrong).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let right = [("_token", token.as_str()), ("worked_on", &date), ("hours", "1,5"), ("kind", "leren"), ("description", "Tweede")];
    log_form(app, &c.anna, &right).await.assert_redirect_to("/");
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries").fetch_one(&app.pool).await.unwrap();
    assert_eq!(entries, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejecting_is_a_step_of_its_own_and_approving_one_tap() {
    let c = cohort().await;
    let app = &c.app;
    let first = logged(app, &c.anna, "2", "leren").await;
    let second = logged(app, &c.anna, "1", "leren").await;
    // The queue: one approve button per card, named after its entry; rejecting links to its step.
    let (_, queue) = app.get(&c.trainer, "/beoordelen").await;
    assert!(queue.contains(&format!(r#"href="/beoordelen/{first}/afkeuren""#)), "{queue}");
    assert!(queue.contains("aria-label=\"Goedkeuren: Test anna@example.nl, "), "buttons say which entry");
    assert!(!queue.contains(&format!("reason-{first}")), "no reason box per card");

    let step = format!("/beoordelen/{first}/afkeuren");
    let (status, page) = app.get(&c.trainer, &step).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Training Grenzen stellen") && page.contains(r#"id="reason""#));
    let no_reason = app.submit(&c.trainer, &step, &format!("decide:{first}"), &[("decision", "reject"), ("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.field_error("reason").as_deref(), Some("err.reason.empty"));
    let rejected =
        app.submit(&c.trainer, &step, &format!("decide:{first}"), &[("decision", "reject"), ("reason", "Te weinig toelichting")]).await;
    rejected.assert_redirect_to("/beoordelen");
    assert_eq!(app.entry_status(first).await, "afgekeurd");
    // Once decided, the step says so instead of showing a form that cannot succeed.
    assert_eq!(app.get(&c.trainer, &step).await.0, StatusCode::CONFLICT);

    app.submit(&c.trainer, "/beoordelen", &format!("decide:{second}"), &[("decision", "approve")])
        .await
        .assert_redirect_to("/beoordelen");
    assert_eq!(app.entry_status(second).await, "goedgekeurd");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawing_asks_first() {
    let c = cohort().await;
    let app = &c.app;
    let id = logged(app, &c.anna, "2", "leren").await;
    let (_, home) = app.get(&c.anna, "/").await;
    let step = format!("/uren/{id}/intrekken?terug=/");
    assert!(home.contains(&format!(r#"href="/uren/{id}/intrekken?terug=/""#)), "{home}");
    let (status, page) = app.get(&c.anna, &step).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ja, intrekken") && page.contains("Training Grenzen stellen"));
    assert_eq!(app.entry_status(id).await, "ingediend", "opening the step changes nothing");
    app.submit(&c.anna, &step, &format!("withdraw:{id}"), &[("terug", "/")]).await.assert_redirect_to("/");
    assert_eq!(app.entry_status(id).await, "ingetrokken");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_queue_comes_a_phone_page_at_a_time_oldest_first() {
    let c = cohort().await;
    let app = &c.app;
    let anna: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'anna@example.nl'").fetch_one(&app.pool).await.unwrap();
    for i in 0..30 {
        sqlx::query(
            "INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, status, submitted_at)
             VALUES (?, ?, date('now', '-1 day'), 4, 'leren', ?, 'ingediend', ?)",
        )
        .bind(anna)
        .bind(c.cohort)
        .bind(format!("Wachtende regel {i:02}"))
        .bind(format!("2026-01-01T00:00:{i:02}Z"))
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let (_, first) = app.get(&c.trainer, "/beoordelen").await;
    assert!(first.contains("30 regels wachten"), "the total is told");
    assert!(first.contains("Wachtende regel 00") && first.contains("Wachtende regel 24") && !first.contains("Wachtende regel 25"));
    // The way on is keyed by the last entry shown (`?na=`), so a page far on costs what the first does.
    let twenty_fifth: i64 = sqlx::query_scalar("SELECT id FROM hour_entries WHERE description = 'Wachtende regel 24'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(first.contains(&format!(r#"href="/beoordelen?na={twenty_fifth}""#)), "Volgende after the 25th");
    assert!(!first.contains("Naar het begin"));
    let (_, second) = app.get(&c.trainer, &format!("/beoordelen?na={twenty_fifth}")).await;
    assert!(second.contains("Wachtende regel 25") && second.contains("Wachtende regel 29") && !second.contains("Wachtende regel 24"));
    let pager_of = |html: &str| html.split("class=\"pager\"").nth(1).and_then(|p| p.split("</nav>").next()).unwrap_or_default().to_owned();
    let pager = pager_of(&second);
    assert!(pager.contains(r#"href="/beoordelen">Naar het begin"#) && !pager.contains("na="), "the last page: back to the oldest only: {pager}");
    assert!(second.contains("30 regels wachten"), "the total, not the page's");

    // Entries handed in at the same moment are neither skipped nor shown twice at a page's edge.
    sqlx::query("UPDATE hour_entries SET submitted_at = '2026-01-01T00:00:00Z' WHERE description LIKE 'Wachtende regel %'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (_, first) = app.get(&c.trainer, "/beoordelen").await;
    let after: String = pager_of(&first).split("/beoordelen?na=").nth(1).unwrap().chars().take_while(char::is_ascii_digit).collect();
    let (_, second) = app.get(&c.trainer, &format!("/beoordelen?na={after}")).await;
    for i in 0..30 {
        let line = format!("Wachtende regel {i:02}<");
        assert_eq!(first.contains(&line) as u8 + second.contains(&line) as u8, 1, "{line} on exactly one page");
    }
    let (status, unknown) = app.get(&c.trainer, "/beoordelen?na=999999").await;
    assert_eq!(status, StatusCode::OK, "an unknown key starts at the oldest");
    assert!(unknown.contains("Wachtende regel 00<"));
    // A link to the second page after its entries were decided: not "nothing waits", the oldest again.
    sqlx::query("UPDATE hour_entries SET status = 'goedgekeurd' WHERE description >= 'Wachtende regel 25'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (_, stale) = app.get(&c.trainer, &format!("/beoordelen?na={after}")).await;
    assert!(stale.contains("Wachtende regel 00<") && stale.contains("25 regels wachten"), "{stale}");
    assert!(!stale.contains("Naar het begin"), "shown as the first page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_withdraw_step_only_links_back_to_this_site() {
    let c = cohort().await;
    let id = logged(&c.app, &c.anna, "2", "leren").await;
    for evil in ["/%5Cevil.example", "//evil.example", "/%09/evil.example", "https://evil.example"] {
        let (_, page) = c.app.get(&c.anna, &format!("/uren/{id}/intrekken?terug={evil}")).await;
        let hrefs: Vec<&str> = page.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        assert!(hrefs.iter().all(|h| !h.contains("evil")), "{evil} became a link: {hrefs:?}");
        assert!(page.contains(r#"name="terug" value="/">"#), "{evil}: the form returns home");
    }
    let (_, page) = c.app.get(&c.anna, &format!("/uren/{id}/intrekken?terug=/uren")).await;
    assert!(page.contains(r#"href="/uren""#), "a local path is kept");
}

/// The session cookie a fresh login hands out, for clients that speak HTTP themselves.
async fn session_cookie(app: &TestApp, email: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client
        .post(app.url("/inloggen"))
        .header(reqwest::header::ORIGIN, app.base.clone())
        .form(&[("_form", "login"), ("email", email), ("password", crate::common::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()[reqwest::header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// Phones lose signal in the middle of a post. Each of these posts is cut off by a
/// TCP reset 0–4 ms after it was sent, while the server may be anywhere in it; then
/// someone else logs in, and that must be answered within a second, as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn posts_cut_off_by_a_reset_never_keep_others_from_writing() {
    use tokio::io::AsyncWriteExt;
    let c = cohort().await;
    let app = &c.app;
    let cookie = session_cookie(app, "anna@example.nl").await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let body = format!("_form=log_hours&worked_on={}&hours=1&kind=leren&description=Afgebroken", days_ago(1));
    let request = format!(
        "POST /uren/nieuw HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        app.base,
        body.len()
    );
    let clients = (0..16u64).map(|client| {
        let (host, request) = (host.clone(), request.clone());
        tokio::spawn(async move {
            for post in 0..120u64 {
                let mut socket = tokio::net::TcpStream::connect(&host).await.unwrap();
                socket.write_all(request.as_bytes()).await.unwrap();
                tokio::time::sleep(std::time::Duration::from_micros((client * 131 + post * 977) % 4000)).await;
                // Linger zero: closing sends a reset instead of a polite FIN. (Deprecated for
                // the blocking a non-zero linger causes on drop; zero never blocks.)
                #[allow(deprecated)]
                socket.set_linger(Some(std::time::Duration::ZERO)).unwrap();
                drop(socket);
            }
        })
    });
    for client in clients.collect::<Vec<_>>() {
        client.await.unwrap();
    }
    let started = std::time::Instant::now();
    let bram = tokio::time::timeout(std::time::Duration::from_secs(1), app.login_as("bram@example.nl"))
        .await
        .expect("a login answers within a second after the resets");
    log(app, &bram, "2", "leren", "Buurtteam Oost").await.assert_redirect_to("/");
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "writes go on at once: {:?}", started.elapsed());
    let (health, _) = app.get(&app.client(), "/health").await;
    assert_eq!(health, StatusCode::OK);
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries WHERE description = 'Afgebroken'").fetch_one(&app.pool).await.unwrap();
    assert!(open <= 16 * 120, "each cut-off post saved at most once");
}

/// The waiting count per cohort (kept by triggers, shown on the cohort list and the
/// homes) follows every way an entry starts or stops waiting: logged, approved,
/// rejected, corrected after a rejection, withdrawn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cohort_lists_waiting_count_follows_every_decision() {
    let c = cohort().await;
    let app = &c.app;
    let kept = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            let kept: i64 = sqlx::query_scalar("SELECT SUM(entries) FROM cohort_waiting").fetch_one(&pool).await.unwrap();
            let live: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries WHERE status = 'ingediend'").fetch_one(&pool).await.unwrap();
            assert_eq!(kept, live, "the kept count equals the entries that wait");
            kept
        }
    };
    let first = logged(app, &c.anna, "1", "leren").await;
    let second = logged(app, &c.anna, "2", "leren").await;
    let third = logged(app, &c.bram, "1", "leren").await;
    assert_eq!(kept(app).await, 3);
    decide(app, &c.trainer, &[first], "approve", "").await.assert_redirect_to("/beoordelen");
    decide(app, &c.trainer, &[second], "reject", "Graag per dag apart.").await.assert_redirect_to("/beoordelen");
    assert_eq!(kept(app).await, 1);
    let date = days_ago(1);
    let fields = [("id", second.to_string()), ("worked_on", date), ("hours", "2".into()), ("kind", "leren".into()),
        ("description", "Webinar over schulden, nu per dag".into())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    update(app, &c.anna, &fields).await;
    assert_eq!(app.entry_status(second).await, "ingediend", "a corrected entry waits again");
    assert_eq!(kept(app).await, 2);
    app.assert_hour_totals_follow_entries().await;
    withdraw(app, &c.bram, &third.to_string()).await.assert_redirect_to("/");
    assert_eq!(kept(app).await, 1);
    let (_, list) = app.get(&c.trainer, "/cohorten").await;
    assert!(list.contains("1 uren-regels wachten op beoordeling"), "{list}");
    app.assert_hour_totals_follow_entries().await;
}
