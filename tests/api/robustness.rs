//! Bad input never breaks anything: every form of the app and every server function,
//! as every kind of caller, gets malformed bodies (nothing, wrong types, long text,
//! invalid UTF-8, duplicated fields, stale tokens, unknown names). Each answer is a
//! 4xx or an ordinary success, never a 5xx or a dropped connection, and afterwards
//! the app still takes writes.
use leerlijn::domain::Role;
use reqwest::{header, Client, StatusCode};

use crate::common::{spawn_app, TestApp};

/// Every field name a form reads, so each one meets wrong values somewhere.
const FIELDS: &[&str] = &[
    "after",
    "all_present",
    "answer_1",
    "applications_open",
    "assessor_hva",
    "assessor_va",
    "capacity",
    "cohort",
    "cohort_id",
    "comment",
    "confirm",
    "confirmed_only",
    "consent",
    "criteria",
    "decision",
    "decline_note",
    "description",
    "email",
    "ends_at",
    "ends_on",
    "entries[]",
    "entry",
    "excused_counts_as_absent",
    "expected_back",
    "experience",
    "explain_1",
    "file",
    "from",
    "group_id",
    "group_name",
    "held_on",
    "hours",
    "id",
    "ids[]",
    "intervision_attendance_percent",
    "intervision_earns_hours",
    "item",
    "kind",
    "lang",
    "learning_hours",
    "lesson_attendance_percent",
    "meeting_on",
    "month",
    "months",
    "motivation",
    "name",
    "no_training",
    "note",
    "nummer",
    "organisation",
    "participant",
    "participant_id",
    "password",
    "password_repeat",
    "phone",
    "place",
    "placement",
    "plan_id",
    "practice_hours",
    "reason",
    "replace",
    "requested",
    "retention_months",
    "role",
    "session_id",
    "sign",
    "since",
    "starts_at",
    "starts_on",
    "statement",
    "status",
    "submit",
    "supervisor_email",
    "supervisor_name",
    "supervisor_role",
    "team",
    "terug",
    "text",
    "title",
    "token",
    "trainer_id",
    "training",
    "training_year",
    "trainings_required",
    "version_id",
    "website",
    "withhold_name",
    "worked_on",
];

const SERVER_FUNCTIONS: &[&str] = &[
    "accounts",
    "attendance_sheet",
    "backup_status",
    "calendar_state",
    "cohort_interviews",
    "cohort_overview",
    "cohort_programme",
    "cohort_groups",
    "session_choices",
    "cohort_rules",
    "interview",
    "interview_criteria",
    "invitation_info",
    "last_invitation",
    "list_cohorts",
    "may_manage_cohorts",
    "my_data",
    "my_entries",
    "my_entry",
    "my_hours",
    "my_plans",
    "my_programme",
    "page_context",
    "participant_record",
    "plan_for_review",
    "queue_entry",
    "review_queue",
    "session_editor",
    "trainer_dashboard",
    "coordinator_dashboard",
    "retention_overview",
    "cohort_retention",
    "erasure_case",
    "verify_certificate",
    "my_workplace",
    "confirmation_link",
    "open_cohorts",
    "applications_overview",
    "cohort_applications",
    "application",
    "admission_settings",
    "enrolment",
];

/// The bodies each form gets, as raw `application/x-www-form-urlencoded` bytes.
fn bodies(form: &str) -> Vec<Vec<u8>> {
    let with = |value: &str| {
        let mut body = format!("_form={form}");
        for field in FIELDS {
            body.push_str(&format!("&{field}={value}"));
        }
        body.into_bytes()
    };
    let long = "x".repeat(1000);
    let mut duplicated = format!("_form={form}");
    for field in FIELDS {
        duplicated.push_str(&format!("&{field}=1&{field}=2026-13-45&{field}="));
    }
    vec![
        format!("_form={form}").into_bytes(),
        with("-1"),
        with("abc"),
        with("99999999999999999999999"),
        with("1e309"),
        with("%00%0d%0a"),
        with(&long),
        with("%FF%FE%C3%28"),
        [format!("_form={form}&description=").into_bytes(), vec![0xff, 0xfe, 0xc3, 0x28]].concat(),
        duplicated.into_bytes(),
        format!("_form={form}&_token=oud.token&_token=0000").into_bytes(),
        format!("_form={form}:abc").into_bytes(),
        format!("_form={form}:-7").into_bytes(),
        format!("_form={form}:999999999999999999999").into_bytes(),
    ]
}

async fn post_raw(app: &TestApp, client: &Client, page: &str, body: Vec<u8>) -> Result<StatusCode, reqwest::Error> {
    client
        .post(app.url(page))
        .header(header::ORIGIN, app.base.clone())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map(|r| r.status())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_posts_to_every_form_and_function_get_a_4xx_never_a_5xx() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let callers = [
        ("anonymous", app.client()),
        ("participant", app.login_as("anna@example.nl").await),
        ("trainer", app.login_as("tom@example.nl").await),
        ("coordinator", app.login_as("carla@example.nl").await),
    ];
    let mut forms = leerlijn::app::site().form_names();
    forms.push("bestaat_niet");
    forms.push("");
    let mut answered = 0;
    for (who, client) in &callers {
        for form in &forms {
            for body in bodies(form) {
                let status = post_raw(&app, client, "/", body.clone()).await.unwrap_or_else(|e| panic!("{form} as {who}: {e}"));
                assert!(!status.is_server_error(), "{form} as {who} answered {status} to {:?}", String::from_utf8_lossy(&body));
                answered += 1;
            }
        }
        for page in ["/plannen", "/verifieren"] {
            let parts = reqwest::multipart::Form::new()
                .text("_form", "upload_plan:pop")
                .text("submit", "x".repeat(10_000))
                .part("file", reqwest::multipart::Part::bytes(vec![0xff; 2048]).file_name("../../etc/passwd"));
            let status =
                client.post(app.url(page)).header(header::ORIGIN, app.base.clone()).multipart(parts).send().await.unwrap().status();
            assert!(!status.is_server_error(), "multipart to {page} as {who}: {status}");
            let broken = client
                .post(app.url(page))
                .header(header::ORIGIN, app.base.clone())
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=zzz")
                .body("--zzz\r\nContent-Disposition: form-data; name=\"_form\"\r\n\r\nverify_pdf\r\n--zz")
                .send()
                .await
                .unwrap()
                .status();
            assert!(!broken.is_server_error(), "cut-off multipart to {page} as {who}: {broken}");
        }
        for function in SERVER_FUNCTIONS {
            for body in [&b""[..], b"id=abc&page=-1&cohort_id=1e9", b"participant_id=99999999999999999999&id=%FF", &[0xff, 0xfe][..]] {
                let status = client
                    .post(app.url(&format!("/api/{function}")))
                    .header(header::ORIGIN, app.base.clone())
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(body.to_vec())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{function} as {who}: {e}"))
                    .status();
                assert!(!status.is_server_error(), "{function} as {who} answered {status}");
                answered += 1;
            }
        }
    }
    assert!(answered > 1000, "{answered} requests");
    let health = app.client().get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK, "the app still takes writes");
}
