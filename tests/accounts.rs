//! Login, sessions, invitations and who may invite, over HTTP.
mod common;

use common::{spawn_app, spawn_app_with, PASSWORD};
use leerlijn::domain::Role;
use reqwest::{header, StatusCode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_when_the_database_does() {
    let app = spawn_app().await;
    let (status, body) = app.get(&app.client(), "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_pages_redirect_to_login_and_functions_answer_401() {
    let app = spawn_app().await;
    let client = app.client();
    let response = client.get(app.url("/uren/nieuw")).send().await.unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()[header::LOCATION], "/inloggen?terug=/uren/nieuw");
    for name in ["my_hours", "review_queue", "list_cohorts", "trainer_dashboard", "invite_person"] {
        assert_eq!(app.call(&client, name, &[]).await.status, StatusCode::UNAUTHORIZED, "{name}");
    }
    let (status, html) = app.get(&client, "/inloggen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("E-mailadres"), "login page is Dutch");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.client();
    let wrong = app.call(&client, "login", &[("email", "anna@example.nl"), ("password", "niet goed genoeg")]).await;
    let unknown = app.call(&client, "login", &[("email", "niemand@example.nl"), ("password", "niet goed genoeg")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.field_error("form").as_deref(), Some("err.login.failed"));
    let empty = app.call(&client, "login", &[("email", ""), ("password", "")]).await;
    assert_eq!(empty.field_error("email").as_deref(), Some("err.email.empty"));
    assert_eq!(empty.field_error("password").as_deref(), Some("err.password.empty"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_are_slowed_down_even_with_the_right_password() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.client();
    for _ in 0..5 {
        let answer = app.call(&client, "login", &[("email", "anna@example.nl"), ("password", "verkeerd wachtwoord")]).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let blocked = app.call(&client, "login", &[("email", "anna@example.nl"), ("password", PASSWORD)]).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_rotates_the_session_and_logout_deletes_it() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.client();
    let cookie_of = |r: &reqwest::Response| {
        r.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("leerlijn_sessie="))
    };
    let first = client
        .post(app.url("/api/login"))
        .form(&[("email", "anna@example.nl"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let first_cookie = cookie_of(&first).expect("session cookie set");
    assert!(first_cookie.contains("HttpOnly"), "{first_cookie}");
    assert!(first_cookie.contains("SameSite=Lax"), "{first_cookie}");
    assert!(!first_cookie.contains("Secure"), "not Secure unless configured: {first_cookie}");
    let second = client
        .post(app.url("/api/login"))
        .form(&[("email", "anna@example.nl"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let second_cookie = cookie_of(&second).expect("cookie set again");
    assert_ne!(first_cookie.split(';').next(), second_cookie.split(';').next(), "id rotated at login");

    // The old id no longer works; the new one does until logout.
    let stale = reqwest::Client::new();
    let old_id = first_cookie.split(';').next().unwrap().to_owned();
    let answer = stale.post(app.url("/api/my_hours")).header(header::COOKIE, old_id).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(&client, "my_hours", &[]).await.status, StatusCode::OK);

    let new_id = second_cookie.split(';').next().unwrap().to_owned();
    app.call(&client, "logout", &[]).await;
    let after = stale.post(app.url("/api/my_hours")).header(header::COOKIE, new_id).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(sessions, 0, "logout removes the stored session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secure_cookies_when_configured() {
    let app = spawn_app_with(|c| c.secure_cookies = true).await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let response = app.client().post(app.url("/api/login")).form(&[("email", "anna@example.nl"), ("password", PASSWORD)]).send().await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}

async fn invite(app: &common::TestApp, client: &reqwest::Client, email: &str, role: &str, cohort: i64) -> common::Answer {
    let cohort = cohort.to_string();
    app.call(client, "invite_person", &[("name", "Fatima El Amrani"), ("email", email), ("role", role), ("organisation", "hva"), ("cohort_id", &cohort)]).await
}

fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_invites_and_the_link_works_exactly_once() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;

    let created = invite(&app, &coordinator, "Fatima@Example.nl", "deelnemer", cohort).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let link = created.body["link"].as_str().unwrap().to_owned();
    assert!(link.starts_with(&format!("{}/wachtwoord/", app.base)), "{link}");
    assert_eq!(created.body["email"], "fatima@example.nl");
    let token = token_of(&link);

    let newcomer = app.client();
    let info = app.call(&newcomer, "invitation_info", &[("token", &token)]).await;
    assert_eq!(info.body["name"], "Fatima El Amrani");
    let short = app.call(&newcomer, "accept_invitation", &[("token", &token), ("password", "kort"), ("password_repeat", "kort")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.field_error("password").as_deref(), Some("err.password.short"));
    let as_email = app.call(&newcomer, "accept_invitation", &[("token", &token), ("password", "fatima@example.nl"), ("password_repeat", "fatima@example.nl")]).await;
    assert_eq!(as_email.field_error("password").as_deref(), Some("err.password.is_email"));
    let mismatch = app.call(&newcomer, "accept_invitation", &[("token", &token), ("password", PASSWORD), ("password_repeat", "iets anders hier")]).await;
    assert_eq!(mismatch.field_error("password_repeat").as_deref(), Some("err.password.mismatch"));

    let accepted = app.call(&newcomer, "accept_invitation", &[("token", &token), ("password", PASSWORD), ("password_repeat", PASSWORD)]).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let me = app.call(&newcomer, "page_context", &[]).await;
    assert_eq!(me.body["user"]["name"], "Fatima El Amrani", "logged in after choosing a password");
    assert_eq!(app.call(&newcomer, "my_hours", &[]).await.status, StatusCode::OK);

    let again = app.call(&app.client(), "accept_invitation", &[("token", &token), ("password", PASSWORD), ("password_repeat", PASSWORD)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["Conflict"], "err.invitation.invalid");

    let duplicate = invite(&app, &coordinator, "fatima@example.nl", "deelnemer", cohort).await;
    assert_eq!(duplicate.field_error("email").as_deref(), Some("err.email.taken"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_invitations_are_refused_and_a_new_one_replaces_the_old() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let first = token_of(invite(&app, &coordinator, "kees@example.nl", "trainer", cohort).await.body["link"].as_str().unwrap());
    sqlx::query("UPDATE invitations SET expires_at = '2000-01-01T00:00:00+00:00'").execute(&app.pool).await.unwrap();
    let expired = app.call(&app.client(), "accept_invitation", &[("token", &first), ("password", PASSWORD), ("password_repeat", PASSWORD)]).await;
    assert_eq!(expired.status, StatusCode::CONFLICT);
    assert_eq!(expired.body["Conflict"], "err.invitation.expired");

    let second = token_of(invite(&app, &coordinator, "kees@example.nl", "trainer", cohort).await.body["link"].as_str().unwrap());
    let accepted = app.call(&app.client(), "accept_invitation", &[("token", &second), ("password", PASSWORD), ("password_repeat", PASSWORD)]).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let trainer_cohorts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cohort_trainers").fetch_one(&app.pool).await.unwrap();
    assert_eq!(trainer_cohorts, 1, "an invited trainer is assigned to the cohort");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_coordinators_invite_and_bad_input_is_reported_per_field() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    for who in ["trainer@example.nl", "anna@example.nl"] {
        let client = app.login_as(who).await;
        assert_eq!(invite(&app, &client, "x@example.nl", "deelnemer", cohort).await.status, StatusCode::FORBIDDEN, "{who}");
    }
    let coordinator = app.login_as("coordinator@example.nl").await;
    let bad = app
        .call(&coordinator, "invite_person", &[("name", " "), ("email", "geen-adres"), ("role", "trainer"), ("organisation", ""), ("cohort_id", "999")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field_error("name").as_deref(), Some("err.name.empty"));
    assert_eq!(bad.field_error("email").as_deref(), Some("err.email.format"));
    assert_eq!(bad.field_error("organisation").as_deref(), Some("err.organisation"));
    assert_eq!(bad.field_error("cohort_id").as_deref(), Some("err.cohort.choose"));
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(users, 3, "nothing was created");
}
