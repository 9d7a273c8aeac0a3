//! The programme: sessions, intervision groups, attendance and the hours it earns.

use crate::common::{days_ago, spawn_app, TestApp};
use leerlijn::domain::Role;
use reqwest::{Client, StatusCode};

struct Cohort {
    app: TestApp,
    id: i64,
    anna: i64,
    bram: i64,
    trainer: Client,
}

/// Cohort C (a year ago to a year ahead) with participants Anna and Bram and trainer Tom.
async fn cohort() -> Cohort {
    let app = spawn_app().await;
    let id = app.current_cohort("C").await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(id)).await;
    let bram = app.user("bram@example.nl", Role::Participant, Some(id)).await;
    app.user("tom@example.nl", Role::Trainer, Some(id)).await;
    let trainer = app.login_as("tom@example.nl").await;
    Cohort { app, id, anna, bram, trainer }
}

impl Cohort {
    fn programme(&self) -> String {
        format!("/cohorten/{}/programma", self.id)
    }

    fn groups(&self) -> String {
        format!("/cohorten/{}/groepen", self.id)
    }

    /// Places a participant in a group through the groups page's form.
    async fn place(&self, participant: &str, group: i64) -> crate::common::Posted {
        let (cohort_id, group_id) = (self.id.to_string(), group.to_string());
        let form = [("cohort_id", cohort_id.as_str()), ("participant_id", participant), ("group_id", &group_id)];
        self.app.submit(&self.trainer, &self.groups(), "place_in_group", &form).await
    }

    /// Adds a session through the form, as a trainer does; returns its id.
    async fn session(&self, kind: &str, held_on: &str, extra: &[(&str, &str)]) -> i64 {
        let cohort_id = self.id.to_string();
        let mut form = vec![
            ("cohort_id", cohort_id.as_str()),
            ("kind", kind),
            ("title", "Bijeenkomst"),
            ("held_on", held_on),
            ("starts_at", "13:30"),
            ("ends_at", "16:00"),
            ("place", "Buurthuis De Pijp"),
        ];
        form.extend_from_slice(extra);
        let known = self.app.ids("programme_sessions").await;
        let posted = self.app.submit(&self.trainer, &format!("{}/nieuw", self.programme()), "add_session", &form).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.html);
        self.app.new_id("programme_sessions", &known).await
    }

    async fn record(&self, session: i64, fields: &[(&str, &str)]) -> crate::common::Posted {
        let session_id = session.to_string();
        let mut form = vec![("session_id", session_id.as_str())];
        form.extend_from_slice(fields);
        self.app.submit(&self.trainer, &format!("/bijeenkomsten/{session}"), "record_attendance", &form).await
    }

    /// The participant's standing as their own server function reports it.
    async fn standing(&self, email: &str) -> serde_json::Value {
        let client = self.app.login_as(email).await;
        let answer = self.app.call(&client, "my_hours", &[]).await;
        assert_eq!(answer.status, StatusCode::OK);
        answer.body
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_with_bad_input_is_refused_per_field_and_nothing_is_stored() {
    let c = cohort().await;
    let cohort_id = c.id.to_string();
    let page = format!("{}/nieuw", c.programme());
    let outside = days_ago(400);
    let form = [
        ("cohort_id", cohort_id.as_str()),
        ("kind", "training"),
        ("title", "  "),
        ("held_on", outside.as_str()),
        ("starts_at", "16:00"),
        ("ends_at", "13:30"),
        ("place", ""),
        ("online_url", "zoom.example/abc"),
        ("capacity", ""),
    ];
    let refused = c.app.submit(&c.trainer, &page, "add_session", &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("title").as_deref(), Some("err.session.title_empty"));
    assert_eq!(refused.field_error("held_on").as_deref(), Some("err.session.outside_cohort"));
    assert_eq!(refused.field_error("ends_at").as_deref(), Some("err.session.ends_before_start"));
    assert_eq!(refused.field_error("online_url").as_deref(), Some("err.session.url"));
    assert_eq!(refused.field_error("capacity").as_deref(), Some("err.session.capacity"));
    assert!(refused.html.contains("value=\"zoom.example/abc\""), "what was typed stays in the field");
    let intervision = [
        ("cohort_id", cohort_id.as_str()),
        ("kind", "intervisie"),
        ("title", "Intervisie"),
        ("held_on", &days_ago(1)),
        ("starts_at", "9:30"),
        ("ends_at", "11"),
        ("place", "Zaal 2"),
    ];
    let no_group = c.app.submit(&c.trainer, &page, "add_session", &intervision).await;
    assert_eq!(no_group.field_error("kind").as_deref(), Some("err.session.no_groups"), "no groups yet: said at the kind");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programme_sessions").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(stored, 0);

    let id = c.session("les", &days_ago(-7), &[]).await;
    let (status, html) = c.app.get(&c.trainer, &c.programme()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("id=\"sessie-{id}\"")) && html.contains("13:30–16:00 (2,5 uur)"), "listed with its time and length");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_earns_learning_hours_once_and_recording_again_overwrites() {
    let c = cohort().await;
    let lesson = c.session("les", &days_ago(3), &[]).await;
    let anna = c.anna.to_string();
    let bram = c.bram.to_string();
    let bram_status = format!("status_{bram}");
    // Bram is absent, everyone else present: one tap after the exception.
    let posted =
        c.record(lesson, &[("participant", &anna), ("participant", &bram), (&bram_status, "afwezig"), ("all_present", "yes")]).await;
    posted.assert_redirect_to(&format!("/bijeenkomsten/{lesson}"));
    let anna_now = c.standing("anna@example.nl").await;
    assert_eq!(anna_now["totals"]["learning_from_sessions"], 10, "2,5 hours in quarters");
    assert_eq!(anna_now["totals"]["approved_learning"], 0, "kept apart from logged entries");
    assert_eq!(anna_now["attendance"]["lessons"]["present"], 1);
    let bram_now = c.standing("bram@example.nl").await;
    assert_eq!(bram_now["totals"]["learning_from_sessions"], 0);
    assert_eq!(bram_now["attendance"]["lessons"]["absent"], 1);

    // Recording again overwrites: Anna left, Bram came after all. Still one line each.
    let anna_status = format!("status_{anna}");
    let again =
        c.record(lesson, &[("participant", &anna), (&anna_status, "afgemeld"), ("participant", &bram), (&bram_status, "te_laat")]).await;
    again.assert_redirect_to(&format!("/bijeenkomsten/{lesson}"));
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attendance").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(lines, 2);
    assert_eq!(c.standing("anna@example.nl").await["totals"]["learning_from_sessions"], 0);
    let bram_late = c.standing("bram@example.nl").await;
    assert_eq!(bram_late["totals"]["learning_from_sessions"], 10, "late still earns the session");
    assert_eq!(bram_late["attendance"]["lessons"]["late"], 1);
    c.app.assert_attendance_tallies_follow_lines().await;

    // The trainer's cohort table counts the session hours and shows attendance against the minimum.
    let (_, table) = c.app.get(&c.trainer, &format!("/cohorten/{}", c.id)).await;
    let row = |email: &str| table.split("<tr>").find(|r| r.contains(email)).unwrap_or_default().to_owned();
    assert!(row("bram@example.nl").contains("2,5 / 60") && row("bram@example.nl").contains("100% / 80%"), "{}", row("bram@example.nl"));
    assert!(row("anna@example.nl").contains("– / 80%"), "excused only: nothing counted yet");

    // The participant's home shows the hours with their source.
    let anna_client = c.app.login_as("bram@example.nl").await;
    let (_, home) = c.app.get(&anna_client, "/").await;
    assert!(home.contains("2,5 uur uit bijeenkomsten"), "source shown on the home page");
    // The audit trail names the participant.
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'record_attendance' AND participant_id = ?")
        .bind(c.anna)
        .fetch_one(&c.app.pool)
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_apply_only_to_who_they_are_for() {
    let c = cohort().await;
    // Kees joined last week: the lesson of three weeks ago is not his.
    let kees = c.app.user("kees@example.nl", Role::Participant, Some(c.id)).await;
    sqlx::query("UPDATE users SET joined_on = ? WHERE id = ?").bind(days_ago(7)).bind(kees).execute(&c.app.pool).await.unwrap();
    let early = c.session("les", &days_ago(21), &[]).await;
    let (_, sheet) = c.app.get(&c.trainer, &format!("/bijeenkomsten/{early}")).await;
    assert!(sheet.contains("anna@example.nl") && !sheet.contains("kees@example.nl"), "joined later: not expected");
    let kees_id = kees.to_string();
    let kees_status = format!("status_{kees}");
    let refused = c.record(early, &[("participant", &kees_id), (&kees_status, "afwezig")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attendance").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(lines, 0, "nothing stored for someone not expected");
    assert_eq!(c.standing("kees@example.nl").await["attendance"]["lessons"]["held"], 0, "his figure leaves it out");

    // Intervision is for one group.
    let cohort_id = c.id.to_string();
    for name in ["Groep Noord", "Groep Zuid"] {
        c.app.submit(&c.trainer, &c.groups(), "add_group", &[("cohort_id", &cohort_id), ("group_name", name)]).await;
    }
    let duplicate =
        c.app.submit(&c.trainer, &c.groups(), "add_group", &[("cohort_id", &cohort_id), ("group_name", "Groep Noord")]).await;
    assert_eq!(duplicate.field_error("group_name").as_deref(), Some("err.group.name_taken"));
    let noord: i64 =
        sqlx::query_scalar("SELECT id FROM intervision_groups WHERE name = 'Groep Noord'").fetch_one(&c.app.pool).await.unwrap();
    let zuid: i64 = sqlx::query_scalar("SELECT id FROM intervision_groups WHERE name = 'Groep Zuid'").fetch_one(&c.app.pool).await.unwrap();
    for (who, group) in [(c.anna, noord), (c.bram, zuid)] {
        c.place(&who.to_string(), group).await.assert_redirect_to(&c.groups());
    }
    let intervision = c.session("intervisie", &days_ago(2), &[("group_id", &noord.to_string())]).await;
    let (_, sheet) = c.app.get(&c.trainer, &format!("/bijeenkomsten/{intervision}")).await;
    assert!(sheet.contains("anna@example.nl") && !sheet.contains("bram@example.nl"), "only the group's members");
    let anna = c.anna.to_string();
    c.record(intervision, &[("participant", &anna), ("all_present", "yes")])
        .await
        .assert_redirect_to(&format!("/bijeenkomsten/{intervision}"));
    let standing = c.standing("anna@example.nl").await;
    assert_eq!(standing["attendance"]["intervision"]["present"], 1);
    assert_eq!(standing["totals"]["learning_from_sessions"], 10, "intervision earns hours by default");
    c.app.assert_expected_follows_rule().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_still_to_come_takes_no_attendance() {
    let c = cohort().await;
    let later = c.session("les", &days_ago(-2), &[]).await;
    let anna = c.anna.to_string();
    let refused = c.record(later, &[("participant", &anna), ("all_present", "yes")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let (_, page) = c.app.get(&c.trainer, &format!("/bijeenkomsten/{later}")).await;
    assert!(page.contains("vanaf de dag van de bijeenkomst"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_choose_trainings_within_capacity_without_clashes_until_they_start() {
    let c = cohort().await;
    let next_week = days_ago(-7);
    let small = c.session("training", &next_week, &[("capacity", "1")]).await;
    let same_time = c.session("training", &next_week, &[("capacity", "10")]).await;
    let started = c.session("training", &days_ago(1), &[("capacity", "10")]).await;
    let anna = c.app.login_as("anna@example.nl").await;
    let bram = c.app.login_as("bram@example.nl").await;
    let choose = |id: i64| format!("choose_training:{id}");

    c.app.submit(&anna, "/programma", &choose(small), &[]).await.assert_redirect_to("/programma");
    let again = c.app.submit(&anna, "/programma", &choose(small), &[]).await;
    again.assert_redirect_to("/programma");
    let full = c.app.submit(&bram, "/programma", &choose(small), &[]).await;
    assert_eq!(full.status, StatusCode::CONFLICT);
    assert!(full.html.contains("Deze training is vol"), "a clear message");
    let clash = c.app.submit(&anna, "/programma", &choose(same_time), &[]).await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert!(clash.html.contains("tegelijk met een andere bijeenkomst"));
    let late = c.app.submit(&anna, "/programma", &choose(started), &[]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let choices: Vec<(i64, i64)> =
        sqlx::query_as("SELECT session_id, participant_id FROM training_choices").fetch_all(&c.app.pool).await.unwrap();
    assert_eq!(choices, vec![(small, c.anna)], "one choice, made once");

    // The chosen training is in Anna's schedule and on its attendance list; a dropped one leaves both.
    let (_, mine) = c.app.get(&anna, "/programma").await;
    assert!(mine.contains("Gekozen") && mine.contains(&format!("drop_training:{small}")));
    let (_, sheet) = c.app.get(&c.trainer, &format!("/bijeenkomsten/{small}")).await;
    assert!(sheet.contains("anna@example.nl") && !sheet.contains("bram@example.nl"));
    c.app.submit(&anna, "/programma", &format!("drop_training:{small}"), &[]).await.assert_redirect_to("/programma");
    c.app.submit(&bram, "/programma", &choose(small), &[]).await.assert_redirect_to("/programma");
    let audit: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE participant_id = ? AND action IN ('choose_training', 'drop_training')")
            .bind(c.anna)
            .fetch_one(&c.app.pool)
            .await
            .unwrap();
    assert_eq!(audit, 2);

    // Another cohort's training does not exist for Anna; trainers do not choose.
    let other = c.app.current_cohort("Ander").await;
    let foreign: i64 = sqlx::query_scalar("INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, capacity, created_by, created_at) VALUES (?, 'training', 'X', ?, '10:00', '12:00', 120, 'Zaal', 5, ?, '2026-01-01T00:00:00Z') RETURNING id")
        .bind(other)
        .bind(days_ago(-3))
        .bind(c.anna)
        .fetch_one(&c.app.pool)
        .await
        .unwrap();
    assert_eq!(c.app.submit(&anna, "/programma", &choose(foreign), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.app.submit(&c.trainer, "/programma", &choose(same_time), &[]).await.status, StatusCode::FORBIDDEN);
    c.app.assert_expected_follows_rule().await;
}

/// The participant's own programme link is theirs: a trainer reading the record is not sent to a page they may not open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_record_a_trainer_reads_has_no_link_to_the_participants_own_programme() {
    let c = cohort().await;
    let anna = c.app.login_as("anna@example.nl").await;
    assert!(c.app.get(&anna, "/").await.1.contains("href=\"/programma\""));
    let (status, record) = c.app.get(&c.trainer, &format!("/deelnemers/{}", c.anna)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!record.contains("href=\"/programma\""));
}

/// Read back with a real CSV reader: BOM, `;`, one header row, decimal comma, formulas neutralised.
pub(crate) fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with BOM for Excel");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').has_headers(false).from_reader(&bytes[3..]);
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_and_hours_export_as_csv_for_dutch_excel() {
    let c = cohort().await;
    let lesson = c.session("les", &days_ago(3), &[]).await;
    sqlx::query("UPDATE users SET name = '=HYPERLINK(\"http://evil\")' WHERE id = ?").bind(c.bram).execute(&c.app.pool).await.unwrap();
    let (anna, bram) = (c.anna.to_string(), c.bram.to_string());
    let bram_status = format!("status_{bram}");
    c.record(lesson, &[("participant", &anna), ("participant", &bram), (&bram_status, "afwezig"), ("all_present", "yes")]).await;

    let response = c.trainer.get(c.app.url(&format!("/cohorten/{}/aanwezigheid.csv", c.id))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"aanwezigheid-cohort-{}.csv\"", c.id));
    let rows = read_csv(&response.bytes().await.unwrap());
    assert_eq!(rows[0], ["naam", "datum", "activiteit", "uren", "status", "opmerking"]);
    assert_eq!(rows.len(), 3, "one header row, one row per expected participant");
    let anna_row = rows.iter().find(|r| r[0].contains("anna")).unwrap();
    assert_eq!(anna_row[3], "2,5", "decimal comma");
    assert_eq!(anna_row[4], "aanwezig");
    let bram_row = rows.iter().find(|r| r[0].contains("HYPERLINK")).unwrap();
    assert!(bram_row[0].starts_with("'="), "a formula becomes text: {}", bram_row[0]);
    assert_eq!((bram_row[3].as_str(), bram_row[4].as_str()), ("0", "afwezig"));

    let anna_client = c.app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    c.app
        .submit(
            &anna_client,
            "/uren/nieuw",
            "log_hours",
            &[("worked_on", &date), ("hours", "1:15"), ("kind", "leren"), ("description", "-Lezen")],
        )
        .await;
    let hours = read_csv(&c.trainer.get(c.app.url(&format!("/cohorten/{}/uren.csv", c.id))).send().await.unwrap().bytes().await.unwrap());
    assert_eq!(hours[0], ["naam", "datum", "activiteit", "soort", "bron", "uren", "status"]);
    let annas: Vec<_> = hours.iter().filter(|r| r[0].contains("anna")).collect();
    assert_eq!(annas.len(), 2, "her entry and the lesson, each once");
    assert!(annas.iter().any(|r| r[2] == "'-Lezen" && r[5] == "1,25" && r[4] == "eigen invoer" && r[6] == "ingediend"));
    assert!(annas.iter().any(|r| r[4] == "bijeenkomst" && r[5] == "2,5" && r[6] == "goedgekeurd"));

    let session_csv = c.trainer.get(c.app.url(&format!("/bijeenkomsten/{lesson}/aanwezigheid.csv"))).send().await.unwrap();
    assert_eq!(read_csv(&session_csv.bytes().await.unwrap()).len(), 3);

    // Participants and other cohorts' trainers get nothing.
    let anna_try = anna_client.get(c.app.url(&format!("/cohorten/{}/uren.csv", c.id))).send().await.unwrap();
    assert_eq!(anna_try.status(), StatusCode::FORBIDDEN);
    let other = c.app.current_cohort("Ander").await;
    c.app.user("olga@example.nl", Role::Trainer, Some(other)).await;
    let olga = c.app.login_as("olga@example.nl").await;
    assert_eq!(olga.get(c.app.url(&format!("/cohorten/{}/uren.csv", c.id))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(
        olga.get(c.app.url(&format!("/bijeenkomsten/{lesson}/aanwezigheid.csv"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        c.app.client().get(c.app.url(&format!("/cohorten/{}/uren.csv", c.id))).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainer_credits_less_time_to_someone_who_left_early_and_the_audit_says_so() {
    let c = cohort().await;
    let lesson = c.session("les", &days_ago(2), &[]).await;
    let anna = c.anna.to_string();
    let (status, credited) = (format!("status_{anna}"), format!("credited_{anna}"));
    let too_long = c.record(lesson, &[("participant", &anna), (&status, "aanwezig"), (&credited, "3")]).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_long.field_error(&credited).as_deref(), Some("err.attendance.credited_too_long"));
    assert!(too_long.html.contains("value=\"3\""), "the typed value stays");
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attendance").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(lines, 0);

    c.record(lesson, &[("participant", &anna), (&status, "aanwezig"), (&credited, "1,5")])
        .await
        .assert_redirect_to(&format!("/bijeenkomsten/{lesson}"));
    assert_eq!(c.standing("anna@example.nl").await["totals"]["learning_from_sessions"], 6, "1,5 hours, not the session's 2,5");
    let (_, sheet) = c.app.get(&c.trainer, &format!("/bijeenkomsten/{lesson}")).await;
    assert!(sheet.contains("value=\"1,5\""), "shown again on the form");
    let after: String = sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'record_attendance' AND participant_id = ?")
        .bind(c.anna)
        .fetch_one(&c.app.pool)
        .await
        .unwrap();
    assert!(after.contains("\"credited_minutes\":90"), "{after}");
    c.app.assert_attendance_tallies_follow_lines().await;
}

/// The cohort table's attendance and session hours come from tallies kept up to a day
/// (normally today, moved on each night) plus the sessions held after it. Wherever that
/// day stands, even after today (a clock set back), the figures are the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cohort_table_shows_the_same_figures_whatever_day_the_tallies_count_to() {
    let c = cohort().await;
    let (anna, bram) = (c.anna.to_string(), c.bram.to_string());
    let (anna_status, bram_status) = (format!("status_{anna}"), format!("status_{bram}"));
    for (ago, anna_was, bram_was) in [(60, "aanwezig", "afwezig"), (20, "te_laat", "aanwezig"), (3, "afgemeld", "aanwezig")] {
        let lesson = c.session("les", &days_ago(ago), &[]).await;
        c.record(lesson, &[("participant", &anna), (&anna_status, anna_was), ("participant", &bram), (&bram_status, bram_was)])
            .await
            .assert_redirect_to(&format!("/bijeenkomsten/{lesson}"));
    }
    c.session("les", &days_ago(-2), &[]).await;
    let table = format!("/cohorten/{}", c.id);
    let rows = || async {
        let (status, html) = c.app.get(&c.trainer, &table).await;
        assert_eq!(status, StatusCode::OK);
        let row = |email: &str| html.split("<tr>").find(|r| r.contains(email)).map(|r| r.split("</tr>").next().unwrap_or_default().to_owned());
        (row("anna@example.nl").expect("Anna's row"), row("bram@example.nl").expect("Bram's row"))
    };
    let today_rows = rows().await;
    assert!(today_rows.0.contains("100% / 80%") && today_rows.0.contains("5 / 60"), "excused once, there twice: {}", today_rows.0);
    assert!(today_rows.1.contains("66% / 80%") && today_rows.1.contains("5 / 60"), "absent once, there twice: {}", today_rows.1);

    let through = |day: String| {
        let pool = c.app.pool.clone();
        async move {
            sqlx::query("UPDATE attendance_tallied_through SET day = ?").bind(day).execute(&pool).await.expect("day");
        }
    };
    for (day, when) in [(days_ago(30), "a month ago"), (days_ago(10), "ten days ago"), (days_ago(-5), "after today")] {
        through(day).await;
        c.app.assert_attendance_tallies_follow_lines().await;
        assert_eq!(rows().await, today_rows, "tallies counted to {when}");
    }

    // The nightly job moves the day on, once per day and never back.
    let tally_through = leerlijn::features::programme::jobs::tally_through;
    let today = crate::common::today().to_string();
    assert_eq!(tally_through(&c.app.pool, &today).await.unwrap(), 0, "a day after today stays");
    through(days_ago(30)).await;
    assert_eq!(tally_through(&c.app.pool, &today).await.unwrap(), 0, "this day's run was claimed already");
    let tomorrow = days_ago(-1);
    assert_eq!(tally_through(&c.app.pool, &tomorrow).await.unwrap(), 1);
    let day: String = sqlx::query_scalar("SELECT day FROM attendance_tallied_through").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(day, tomorrow);
    assert_eq!(rows().await, today_rows, "tallies counted to tomorrow");
    through(today).await;
    c.app.assert_attendance_tallies_follow_lines().await;
    assert_eq!(rows().await, today_rows, "tallies counted to today");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_changes_the_rules_of_a_running_cohort_and_the_figures_follow() {
    let c = cohort().await;
    let lesson = c.session("les", &days_ago(2), &[]).await;
    let (anna, status) = (c.anna.to_string(), format!("status_{}", c.anna));
    c.record(lesson, &[("participant", &anna), (&status, "afgemeld")]).await;
    assert_eq!(c.standing("anna@example.nl").await["attendance"]["excused_counts_as_absent"], false);

    c.app.user("carla@example.nl", Role::Coordinator, None).await;
    let coordinator = c.app.login_as("carla@example.nl").await;
    let page = format!("/cohorten/{}/eisen", c.id);
    let cohort_id = c.id.to_string();
    let mut form = vec![
        ("cohort_id", cohort_id.as_str()),
        ("learning_hours", "50"),
        ("practice_hours", "60"),
        ("lesson_attendance_percent", "75"),
        ("intervision_attendance_percent", "80"),
        ("trainings_required", "25"),
        ("intervision_earns_hours", "yes"),
        ("excused_counts_as_absent", "yes"),
    ];
    let refused = c.app.submit(&coordinator, &page, "update_cohort_rules", &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("trainings_required").as_deref(), Some("err.trainings_required"));
    assert!(refused.html.contains("value=\"50\""), "typed values stay");
    assert_eq!(c.app.submit(&c.trainer, &page, "update_cohort_rules", &form).await.status, StatusCode::FORBIDDEN);
    form[5] = ("trainings_required", "3");
    c.app.submit(&coordinator, &page, "update_cohort_rules", &form).await.assert_redirect_to(&format!("/cohorten/{}", c.id));

    let anna_now = c.standing("anna@example.nl").await;
    assert_eq!(anna_now["requirements"]["learning_quarters"], 200);
    assert_eq!(anna_now["attendance"]["excused_counts_as_absent"], true, "excused now counts against her");
    c.app.assert_attendance_tallies_follow_lines().await;
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'update_cohort_rules' AND subject_id = ?")
            .bind(c.id)
            .fetch_one(&c.app.pool)
            .await
            .unwrap();
    assert!(
        before.contains("\"learning_quarters\":240")
            && after.contains("\"learning_quarters\":200")
            && after.contains("\"trainings_required\":3")
    );
    let again = c.app.submit(&coordinator, &page, "update_cohort_rules", &form).await;
    again.assert_redirect_to(&format!("/cohorten/{}", c.id));
    let lines: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'update_cohort_rules'").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(lines, 1, "saving the same rules again changes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_called_off_stays_listed_as_cancelled_and_counts_for_nobody() {
    let c = cohort().await;
    let lesson = c.session("les", &days_ago(2), &[]).await;
    let anna = c.anna.to_string();
    c.record(lesson, &[("participant", &anna), ("all_present", "yes")]).await;
    assert_eq!(c.standing("anna@example.nl").await["totals"]["learning_from_sessions"], 10);
    let page = format!("/bijeenkomsten/{lesson}");
    let form = [("session_id", lesson.to_string())];
    let unconfirmed = c.app.submit(&c.trainer, &page, "cancel_session", &[("session_id", form[0].1.as_str())]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unconfirmed.field_error("confirm").as_deref(), Some("err.session.confirm_cancel"));
    let confirmed = [("session_id", form[0].1.as_str()), ("confirm", "yes")];
    c.app.submit(&c.trainer, &page, "cancel_session", &confirmed).await.assert_redirect_to(&c.programme());
    assert_eq!(c.app.submit(&c.trainer, &page, "cancel_session", &confirmed).await.status, StatusCode::CONFLICT);
    assert_eq!(c.standing("anna@example.nl").await["totals"]["learning_from_sessions"], 0, "a cancelled session earns nothing");
    let (_, programme) = c.app.get(&c.trainer, &c.programme()).await;
    assert!(programme.contains(&format!("id=\"sessie-{lesson}\"")) && programme.contains("Geannuleerd"));
    let (_, sheet) = c.app.get(&c.trainer, &page).await;
    assert!(sheet.contains("geannuleerd") && !sheet.contains("record_attendance"), "no attendance form any more");
    c.app.assert_attendance_tallies_follow_lines().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainer_changes_a_sessions_details_and_hours_follow_the_new_length() {
    let c = cohort().await;
    let lesson = c.session("les", &days_ago(2), &[]).await;
    let training = c.session("training", &days_ago(-7), &[("capacity", "5")]).await;
    let (anna, status, credited) = (c.anna.to_string(), format!("status_{}", c.anna), format!("credited_{}", c.anna));
    c.record(lesson, &[("participant", &anna), (&status, "aanwezig"), (&credited, "2")]).await;
    let bram = c.bram.to_string();
    c.record(lesson, &[("participant", &bram), (&format!("status_{bram}"), "aanwezig")]).await;

    // The form starts with what is stored.
    let page = format!("/bijeenkomsten/{lesson}/wijzigen");
    let (status_code, form) = c.app.get(&c.trainer, &page).await;
    assert_eq!(status_code, StatusCode::OK);
    assert!(form.contains("value=\"13:30\"") && form.contains("value=\"Buurthuis De Pijp\""), "prefilled");

    let session_id = lesson.to_string();
    let held_on = days_ago(2);
    let mut edit = vec![
        ("session_id", session_id.as_str()),
        ("title", "Les 3: Grenzen"),
        ("held_on", held_on.as_str()),
        ("starts_at", "13:30"),
        ("ends_at", "15:00"),
        ("place", "Buurthuis De Pijp, zaal 2"),
    ];
    c.app.submit(&c.trainer, &page, "edit_session", &edit).await.assert_redirect_to(&format!("/bijeenkomsten/{lesson}"));
    // 1,5 hours now: Bram earns the new length, Anna's 2 credited hours fall back to it.
    assert_eq!(c.standing("bram@example.nl").await["totals"]["learning_from_sessions"], 6);
    assert_eq!(c.standing("anna@example.nl").await["totals"]["learning_from_sessions"], 6);
    let (_, sheet) = c.app.get(&c.trainer, &format!("/bijeenkomsten/{lesson}")).await;
    assert!(sheet.contains("Les 3: Grenzen") && sheet.contains("zaal 2"));
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log WHERE action = 'update_session' AND subject_id = ?")
            .bind(lesson)
            .fetch_one(&c.app.pool)
            .await
            .unwrap();
    assert!(before.contains("\"minutes\":150") && after.contains("\"15:00\""), "{before} → {after}");

    // Recorded attendance cannot move to the future; bad input is refused at its field, typed values kept.
    edit[2] = ("held_on", "");
    let future = days_ago(-3);
    edit[2].1 = future.as_str();
    let refused = c.app.submit(&c.trainer, &page, "edit_session", &edit).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("held_on").as_deref(), Some("err.session.recorded_not_future"));
    assert!(refused.html.contains("zaal 2"), "typed input stays");
    edit[2].1 = held_on.as_str();
    edit[4] = ("ends_at", "12:00");
    let backwards = c.app.submit(&c.trainer, &page, "edit_session", &edit).await;
    assert_eq!(backwards.field_error("ends_at").as_deref(), Some("err.session.ends_before_start"));

    // A training keeps room for those who chose it.
    let anna_client = c.app.login_as("anna@example.nl").await;
    c.app.submit(&anna_client, "/programma", &format!("choose_training:{training}"), &[]).await.assert_redirect_to("/programma");
    c.app.submit(&c.app.login_as("bram@example.nl").await, "/programma", &format!("choose_training:{training}"), &[]).await;
    let training_id = training.to_string();
    let next_week = days_ago(-7);
    let mut shrink = vec![
        ("session_id", training_id.as_str()),
        ("title", "Grenzen stellen"),
        ("held_on", next_week.as_str()),
        ("starts_at", "13:30"),
        ("ends_at", "16:00"),
        ("place", "Buurthuis"),
        ("capacity", "1"),
    ];
    let training_page = format!("/bijeenkomsten/{training}/wijzigen");
    let too_small = c.app.submit(&c.trainer, &training_page, "edit_session", &shrink).await;
    assert_eq!(too_small.field_error("capacity").as_deref(), Some("err.session.capacity_below_chosen"));
    shrink[6] = ("capacity", "2");
    c.app.submit(&c.trainer, &training_page, "edit_session", &shrink).await.assert_redirect_to(&format!("/bijeenkomsten/{training}"));
    let capacity: i64 =
        sqlx::query_scalar("SELECT capacity FROM programme_sessions WHERE id = ?").bind(training).fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(capacity, 2);

    // A cancelled session is not changed any more.
    let cancel = [("session_id", training_id.as_str()), ("confirm", "yes")];
    c.app.submit(&c.trainer, &format!("/bijeenkomsten/{training}"), "cancel_session", &cancel).await;
    let after_cancel = c.app.submit(&c.trainer, &training_page, "edit_session", &shrink).await;
    assert_eq!(after_cancel.status, StatusCode::CONFLICT);
    c.app.assert_expected_follows_rule().await;
}

/// What people type reaches the document title as text, never as markup: a session,
/// a person and a cohort named to break out of `<title>`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_in_the_document_title_stay_text() {
    let c = cohort().await;
    let breakout = r#"</title><meta http-equiv="refresh" content="0;url=http://evil.example/"><script>alert(1)</script>"#;
    let session = c.session("les", &days_ago(1), &[("title", breakout)]).await;
    sqlx::query("UPDATE programme_sessions SET title = ? WHERE id = ?").bind(breakout).bind(session).execute(&c.app.pool).await.unwrap();
    sqlx::query("UPDATE users SET name = ? WHERE id = ?").bind(breakout).bind(c.anna).execute(&c.app.pool).await.unwrap();
    sqlx::query("UPDATE cohorts SET name = ? WHERE id = ?").bind(breakout).bind(c.id).execute(&c.app.pool).await.unwrap();
    for page in [format!("/bijeenkomsten/{session}"), format!("/deelnemers/{}", c.anna), format!("/cohorten/{}", c.id), c.programme()] {
        let (status, html) = c.app.get(&c.trainer, &page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let head = &html[..html.find("</head>").expect("a head")];
        assert!(!head.contains("<meta http-equiv"), "{page}: markup in the head: {head}");
        assert!(!html.contains("<script>alert(1)"), "{page}: a script from a name");
        assert_eq!(head.matches("<title>").count(), 1, "{page}: one title");
    }
    let (_, record) = c.app.get(&c.trainer, &format!("/deelnemers/{}", c.anna)).await;
    assert!(record.contains("&lt;/title&gt;&lt;meta"), "the name is shown as typed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_lesson_is_recorded_a_page_of_fifty_at_a_time() {
    let c = cohort().await;
    // 118 more participants: 120 in all, three pages by name.
    crate::certificates::exec(
        &c.app,
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 118)
             INSERT INTO users (email, name, role, cohort_id, created_at)
             SELECT 'p' || i || '@example.nl', 'Deelnemer ' || printf('%03d', i), 'deelnemer', {}, '2026-01-01T00:00:00Z' FROM n",
            c.id
        ),
    )
    .await;
    let lesson = c.session("les", &days_ago(1), &[]).await;
    let page = format!("/bijeenkomsten/{lesson}");
    let (status, first) = c.app.get(&c.trainer, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first.matches(r#"name="participant""#).count(), 50, "one page of fifty");
    assert!(first.contains("Deze bijeenkomst is voor 120 deelnemers") && first.contains("0 van 120 deelnemers geregistreerd"), "counts cover everyone");
    let start = first.find(r#"name="next_after" value=""#).expect("the form leads on") + r#"name="next_after" value=""#.len();
    let next: String = first[start..].chars().take_while(char::is_ascii_digit).collect();

    // "Iedereen aanwezig" on each page, following where saving leads.
    let mut at = page.clone();
    let mut pages = 0;
    loop {
        let (_, html) = c.app.get(&c.trainer, &at).await;
        let ids: Vec<String> = html
            .match_indices(r#"name="participant" value=""#)
            .map(|(i, m)| html[i + m.len()..].chars().take_while(char::is_ascii_digit).collect())
            .collect();
        let mut fields = vec![("all_present", "yes".to_owned())];
        fields.extend(ids.iter().map(|id| ("participant", id.clone())));
        if let Some(start) = html.find(r#"name="next_after" value=""#) {
            let after: String = html[start + r#"name="next_after" value=""#.len()..].chars().take_while(char::is_ascii_digit).collect();
            fields.push(("next_after", after));
        }
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let posted = c.record(lesson, &fields).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.html);
        pages += 1;
        let to = posted.location.unwrap();
        if to == page {
            break;
        }
        if pages == 1 {
            assert_eq!(to, format!("{page}?na={next}"), "on to the next page");
        }
        at = to;
        assert!(pages < 5, "the pages end");
    }
    assert_eq!(pages, 3);
    let present: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attendance WHERE session_id = ? AND status = 'aanwezig'")
        .bind(lesson)
        .fetch_one(&c.app.pool)
        .await
        .unwrap();
    assert_eq!(present, 120, "everyone, each once");
    let (_, done) = c.app.get(&c.trainer, &page).await;
    assert!(done.contains("120 van 120 deelnemers geregistreerd"), "the sheet counts all pages");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_programme_lists_twenty_sessions_each_way_and_pages_on() {
    let c = cohort().await;
    let trainer: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'tom@example.nl'").fetch_one(&c.app.pool).await.unwrap();
    // 45 lessons held (one a day up to yesterday) and 24 to come (from today).
    let today = leerlijn::server::clock::today_in_amsterdam();
    crate::certificates::exec(
        &c.app,
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT -44 UNION ALL SELECT i + 1 FROM n WHERE i < 24)
             INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, created_by, created_at)
             SELECT {}, 'les', 'Les ' || (i + 45), date('{today}', (i - 1) || ' days'), '19:00', '21:00', 120, 'Zaal', {trainer},
                    '2026-01-01T00:00:00Z' FROM n",
            c.id
        ),
    )
    .await;
    let (status, page) = c.app.get(&c.trainer, &c.programme()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page.matches(r#"id="sessie-"#).count(), 40, "twenty to come and twenty held");
    assert!(page.contains(">Les 46<") || page.contains(": Les 46<"), "the soonest session first");
    assert!(page.contains(": Les 45<"), "the latest held session first");
    assert!(page.contains("Pagina 1 van 2") && page.contains("Pagina 1 van 3"), "{page}");
    assert!(page.contains(&format!("/cohorten/{}/programma?gehouden=2#gehouden", c.id)));
    let (_, last) = c.app.get(&c.trainer, &format!("{}?gehouden=3", c.programme())).await;
    assert!(last.contains(": Les 1<") && last.contains(": Les 5<") && !last.contains(": Les 6<"), "the oldest five");
    assert!(last.contains("Pagina 3 van 3"));
}

/// The groups list their members in the order of the "no group yet" list and the attendance
/// sheet: SQLite's `LOWER`, which lowers ASCII letters only. So "Ölaf" comes before "émile" in
/// every list of the groups page (with Unicode lowercase the groups had "émile" first).
#[tokio::test]
async fn group_members_are_listed_in_the_same_order_as_the_people_without_a_group() {
    let c = cohort().await;
    let pool = &c.app.pool;
    let person = |email: &'static str, name: &'static str| async move {
        leerlijn::world::person(pool, email, name, Role::Participant, None, Some(c.id), crate::common::PASSWORD).await.expect(email)
    };
    let olaf = person("olaf@example.nl", "Ölaf In Groep").await;
    let emile = person("emile@example.nl", "émile In Groep").await;
    person("olaf2@example.nl", "Ölaf Zonder Groep").await;
    person("emile2@example.nl", "émile Zonder Groep").await;
    leerlijn::world::group(pool, c.id, "Groep Oost", &[emile, olaf]).await.unwrap();

    let (status, html) = c.app.get(&c.trainer, &c.groups()).await;
    assert_eq!(status, StatusCode::OK);
    let at = |name: &str| html.find(name).unwrap_or_else(|| panic!("{name} is on the page"));
    assert!(at("Ölaf Zonder Groep") < at("émile Zonder Groep"), "the list without a group sorts as SQLite's LOWER");
    assert!(at("Ölaf In Groep") < at("émile In Groep"), "and so do the group's members");
}

/// The groups have a page of their own, with its forms first; the programme only says how
/// far the cohort is divided (a cohort of 500 listed twice was half the programme).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainer_divides_the_cohort_into_groups_on_their_own_page_and_the_programme_counts_who_is_left() {
    let c = cohort().await;
    let cohort_id = c.id.to_string();
    let (_, programme) = c.app.get(&c.trainer, &c.programme()).await;
    assert!(programme.contains("Dit cohort heeft nog geen intervisiegroepen."), "{programme}");
    assert!(programme.contains(&format!(r#"href="{}""#, c.groups())), "the way to the groups page");

    let add = [("cohort_id", cohort_id.as_str()), ("group_name", "Groep Noord")];
    c.app.submit(&c.trainer, &c.groups(), "add_group", &add).await.assert_redirect_to(&c.groups());
    let noord: i64 = sqlx::query_scalar("SELECT id FROM intervision_groups").fetch_one(&c.app.pool).await.unwrap();
    // Nobody chosen: the groups page again, the message at the field, nothing stored.
    let refused = c.place("", noord).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("participant_id").as_deref(), Some("err.group.participant"));
    assert!(refused.html.contains("<h1") && refused.html.contains("Intervisiegroepen C"), "the groups page: {}", refused.html);
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_members").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(members, 0);

    c.place(&c.anna.to_string(), noord).await.assert_redirect_to(&c.groups());
    let (status, groups) = c.app.get(&c.trainer, &c.groups()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(groups.contains("Test anna@example.nl zit nu in Groep Noord."), "the confirmation, where the redirect went");
    let card = &groups[groups.find(&format!(r#"id="groep-{noord}""#)).expect("Noord's card")..];
    assert!(card.contains("Test anna@example.nl"), "Anna in Noord's card");
    let waiting = &groups[groups.find("Nog niet in een groep: ").expect("who is in no group")..];
    assert!(waiting[..waiting.find("</p>").unwrap()].contains("Test bram@example.nl"), "Bram in no group yet");

    let (_, programme) = c.app.get(&c.trainer, &c.programme()).await;
    assert!(programme.contains("1 intervisiegroep. 1 deelnemer zit nog niet in een groep."), "{programme}");
    let names = ["Test anna@example.nl", "Test bram@example.nl"].into_iter().filter(|n| programme.contains(n)).collect::<Vec<_>>();
    assert!(names.is_empty(), "names only on the groups page: {names:?} in {programme}");
    c.place(&c.bram.to_string(), noord).await.assert_redirect_to(&c.groups());
    c.app.get(&c.trainer, &c.groups()).await;
    let (_, programme) = c.app.get(&c.trainer, &c.programme()).await;
    assert!(programme.contains("1 intervisiegroep. Iedereen zit in een groep."), "{programme}");
}
