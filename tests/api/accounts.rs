//! Login, sessions, invitations and who may invite, over HTTP.

use crate::common::{spawn_app, spawn_app_with, Posted, TestApp, PASSWORD};
use leerlijn::domain::Role;
use reqwest::{header, StatusCode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_when_the_database_does() {
    let app = spawn_app().await;
    let (status, body) = app.get(&app.client(), "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");

    // Answering reads is not enough: while something holds the write lock, the app is down for writers.
    let mut holder = app.pool.acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *holder).await.unwrap();
    let started = std::time::Instant::now();
    let (status, _) = app.get(&app.client(), "/health").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "the check gives up after a second");
    sqlx::query("ROLLBACK").execute(&mut *holder).await.unwrap();
    drop(holder);
    assert_eq!(app.get(&app.client(), "/health").await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_pages_redirect_to_login_and_functions_answer_401() {
    let app = spawn_app().await;
    let client = app.client();
    let response = client.get(app.url("/uren/nieuw")).send().await.unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()[header::LOCATION], "/inloggen?terug=/uren/nieuw");
    for name in ["my_hours", "review_queue", "list_cohorts", "trainer_dashboard", "last_invitation"] {
        assert_eq!(app.call(&client, name, &[]).await.status, StatusCode::UNAUTHORIZED, "{name}");
    }
    let invite = app.submit(&client, "/uitnodigen", "invite", &[("name", "X"), ("email", "x@example.nl"), ("role", "coordinator")]).await;
    // A form sent without a session goes to the login page (keeping what was typed), and does nothing.
    invite.assert_redirect_to("/inloggen?terug=/uitnodigen");
    let invited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(invited, 0);
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
    let wrong = login(&app, &client, "anna@example.nl", "niet goed genoeg").await;
    let unknown = login(&app, &client, "niemand@example.nl", "niet goed genoeg").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.shows("err.login.failed") && unknown.shows("err.login.failed"));
    assert!(unknown.html.contains("value=\"niemand@example.nl\""), "the typed address stays in the field");
    assert!(!wrong.html.contains("niet goed genoeg"), "a password is never sent back");
    let empty = login(&app, &client, "", "").await;
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
        let answer = login(&app, &client, "anna@example.nl", "verkeerd wachtwoord").await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let blocked = login(&app, &client, "anna@example.nl", PASSWORD).await;
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
    let login_form = [("_form", "login"), ("email", "anna@example.nl"), ("password", PASSWORD)];
    let first = client.post(app.url("/inloggen")).header(header::ORIGIN, app.base.clone()).form(&login_form).send().await.unwrap();
    let first_cookie = cookie_of(&first).expect("session cookie set");
    assert!(first_cookie.contains("HttpOnly"), "{first_cookie}");
    assert!(first_cookie.contains("SameSite=Lax"), "{first_cookie}");
    assert!(!first_cookie.contains("Secure"), "not Secure unless configured: {first_cookie}");
    let second = client.post(app.url("/inloggen")).header(header::ORIGIN, app.base.clone()).form(&login_form).send().await.unwrap();
    let second_cookie = cookie_of(&second).expect("cookie set again");
    assert_ne!(first_cookie.split(';').next(), second_cookie.split(';').next(), "id rotated at login");

    // The old id no longer works; the new one does until logout.
    let stale = reqwest::Client::new();
    let old_id = first_cookie.split(';').next().unwrap().to_owned();
    let answer =
        stale.post(app.url("/api/my_hours")).header(header::ORIGIN, app.base.clone()).header(header::COOKIE, old_id).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(&client, "my_hours", &[]).await.status, StatusCode::OK);

    let new_id = second_cookie.split(';').next().unwrap().to_owned();
    app.submit(&client, "/uitloggen", "logout", &[]).await.assert_redirect_to("/inloggen?uitgelogd=1");
    let after =
        stale.post(app.url("/api/my_hours")).header(header::ORIGIN, app.base.clone()).header(header::COOKIE, new_id).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tower_sessions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(sessions, 0, "logout removes the stored session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secure_cookies_when_configured() {
    let app = spawn_app_with(|c| c.secure_cookies = true).await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let form = [("_form", "login"), ("email", "anna@example.nl"), ("password", PASSWORD)];
    let response = app.client().post(app.url("/inloggen")).header(header::ORIGIN, app.base.clone()).form(&form).send().await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    let hsts = response.headers()[header::STRICT_TRANSPORT_SECURITY].to_str().unwrap().to_owned();
    assert!(hsts.starts_with("max-age=31536000"), "HTTPS only from now on: {hsts}");
    let plain = spawn_app().await;
    let page = plain.client().get(plain.url("/inloggen")).send().await.unwrap();
    assert!(page.headers().get(header::STRICT_TRANSPORT_SECURITY).is_none(), "no HSTS on a plain-HTTP set-up");
}

async fn login(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> Posted {
    app.submit(client, "/inloggen", "login", &[("email", email), ("password", password)]).await
}

/// Invites someone; the link is shown once on the page the coordinator returns to.
async fn invite(app: &TestApp, client: &reqwest::Client, email: &str, role: &str, cohort: i64) -> String {
    invite_post(app, client, email, role, cohort).await.assert_redirect_to("/uitnodigen");
    let (_, page) = app.get(client, "/uitnodigen").await;
    let (_, again) = app.get(client, "/uitnodigen").await;
    assert!(!again.contains("/wachtwoord/"), "the link is shown only once");
    let start = page.find(&format!("{}/wachtwoord/", app.base)).expect("link shown after inviting");
    let end = start + page[start..].find('"').unwrap();
    page[start..end].to_owned()
}

async fn invite_post(app: &TestApp, client: &reqwest::Client, email: &str, role: &str, cohort: i64) -> Posted {
    invite_post_with(app, client, email, role, cohort, &[]).await
}

async fn invite_post_with(app: &TestApp, client: &reqwest::Client, email: &str, role: &str, cohort: i64, extra: &[(&str, &str)]) -> Posted {
    let cohort = cohort.to_string();
    let mut fields = vec![("name", "Fatima El Amrani"), ("email", email), ("role", role), ("organisation", "hva"), ("cohort_id", &cohort)];
    fields.extend_from_slice(extra);
    app.submit(client, "/uitnodigen", "invite", &fields).await
}

async fn accept(app: &TestApp, client: &reqwest::Client, token: &str, password: &str, repeat: &str) -> Posted {
    app.submit(
        client,
        &format!("/wachtwoord/{token}"),
        "accept_invitation",
        &[("token", token), ("password", password), ("password_repeat", repeat)],
    )
    .await
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

    let link = invite(&app, &coordinator, "Fatima@Example.nl", "deelnemer", cohort).await;
    assert!(link.starts_with(&format!("{}/wachtwoord/", app.base)), "{link}");
    let stored: String = sqlx::query_scalar("SELECT email FROM users WHERE name = 'Fatima El Amrani'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, "fatima@example.nl");
    let token = token_of(&link);

    let newcomer = app.client();
    let info = app.call(&newcomer, "invitation_info", &[("token", &token)]).await;
    assert_eq!(info.body["name"], "Fatima El Amrani");
    let short = accept(&app, &newcomer, &token, "kort", "kort").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.field_error("password").as_deref(), Some("err.password.short"));
    let as_email = accept(&app, &newcomer, &token, "fatima@example.nl", "fatima@example.nl").await;
    assert_eq!(as_email.field_error("password").as_deref(), Some("err.password.is_email"));
    let mismatch = accept(&app, &newcomer, &token, PASSWORD, "iets anders hier").await;
    assert_eq!(mismatch.field_error("password_repeat").as_deref(), Some("err.password.mismatch"));

    let accepted = accept(&app, &newcomer, &token, PASSWORD, PASSWORD).await;
    accepted.assert_redirect_to("/");
    let me = app.call(&newcomer, "page_context", &[]).await;
    assert_eq!(me.body["user"]["name"], "Fatima El Amrani", "logged in after choosing a password");
    assert_eq!(app.call(&newcomer, "my_hours", &[]).await.status, StatusCode::OK);

    let again = accept(&app, &app.client(), &token, PASSWORD, PASSWORD).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.shows("err.invitation.invalid"));

    let duplicate = invite_post(&app, &coordinator, "fatima@example.nl", "deelnemer", cohort).await;
    assert_eq!(duplicate.field_error("email").as_deref(), Some("err.email.taken"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_invitations_are_refused_and_a_new_one_replaces_the_old() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let first = token_of(&invite(&app, &coordinator, "kees@example.nl", "trainer", cohort).await);
    sqlx::query("UPDATE invitations SET expires_at = '2000-01-01T00:00:00+00:00'").execute(&app.pool).await.unwrap();
    let expired = accept(&app, &app.client(), &first, PASSWORD, PASSWORD).await;
    assert_eq!(expired.status, StatusCode::CONFLICT);
    assert!(expired.shows("err.invitation.expired"));

    let second = token_of(&invite(&app, &coordinator, "kees@example.nl", "trainer", cohort).await);
    let accepted = accept(&app, &app.client(), &second, PASSWORD, PASSWORD).await;
    accepted.assert_redirect_to("/");
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
        assert_eq!(invite_post(&app, &client, "x@example.nl", "deelnemer", cohort).await.status, StatusCode::FORBIDDEN, "{who}");
    }
    let coordinator = app.login_as("coordinator@example.nl").await;
    let bad = app
        .submit(
            &coordinator,
            "/uitnodigen",
            "invite",
            &[("name", " "), ("email", "geen-adres"), ("role", "trainer"), ("organisation", ""), ("cohort_id", "999")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field_error("name").as_deref(), Some("err.name.empty"));
    assert_eq!(bad.field_error("email").as_deref(), Some("err.email.format"));
    assert_eq!(bad.field_error("organisation").as_deref(), Some("err.organisation"));
    assert_eq!(bad.field_error("cohort_id").as_deref(), Some("err.cohort.choose"));
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.pool).await.unwrap();
    assert_eq!(users, 3, "nothing was created");
    assert!(bad.html.contains("value=\"geen-adres\""), "what was typed is still there");
    assert!(bad.html.contains("class=\"error-summary\""), "an error summary on top");
}

/// A return path that a browser would read as another site, or that would break
/// the `Location` header, sends the person home instead (never a dropped connection).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_and_language_switch_only_return_to_local_paths() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    for terug in
        ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example", " //evil.example", "https://evil.example"]
    {
        let client = app.client();
        let posted =
            app.submit(&client, "/inloggen", "login", &[("email", "anna@example.nl"), ("password", PASSWORD), ("terug", terug)]).await;
        posted.assert_redirect_to("/");
        let switched = client
            .post(app.url("/taal"))
            .header(header::ORIGIN, app.base.clone())
            .form(&[("taal", "en"), ("terug", terug)])
            .send()
            .await
            .unwrap();
        assert!(switched.status().is_redirection(), "{terug:?}: {}", switched.status());
        assert_eq!(switched.headers()[header::LOCATION], "/", "{terug:?}");
    }
    let client = app.client();
    let posted = app
        .submit(&client, "/inloggen", "login", &[("email", "anna@example.nl"), ("password", PASSWORD), ("terug", "/uren?status=afgekeurd")])
        .await;
    posted.assert_redirect_to("/uren?status=afgekeurd");
}

/// A login form posted from behind a proxy that says the client is `forwarded_for`.
async fn login_via(app: &TestApp, forwarded_for: &str, email: &str, password: &str) -> StatusCode {
    let body = [("_form", "login"), ("email", email), ("password", password)];
    let client = app.client();
    let response = client
        .post(app.url("/inloggen"))
        .header(header::ORIGIN, app.base.clone())
        .header("x-forwarded-for", forwarded_for)
        .form(&body)
        .send()
        .await
        .expect("request");
    response.status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_one_guesser_does_not_lock_out_everyone() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    // One client behind the proxy guesses at many accounts until its address is blocked.
    let mut statuses = Vec::new();
    for i in 0..25 {
        statuses.push(login_via(&app, "203.0.113.7", &format!("gok{i}@example.nl"), "verkeerd wachtwoord").await);
    }
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "the guesser is stopped: {statuses:?}");
    // Another person behind the same proxy logs in as usual.
    assert_eq!(login_via(&app, "198.51.100.20", "anna@example.nl", PASSWORD).await, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_is_ignored_from_a_peer_that_is_no_trusted_proxy() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    // Writing a new address into the header for every guess does not reset the count.
    for i in 0..20 {
        login_via(&app, &format!("203.0.113.{i}"), &format!("gok{i}@example.nl"), "verkeerd wachtwoord").await;
    }
    assert_eq!(login_via(&app, "198.51.100.20", "anna@example.nl", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_guesses_get_no_more_tries_than_sequential_ones() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let guesses = (0..30).map(|i| {
        let app = &app;
        async move { login(app, &app.client(), "anna@example.nl", &format!("gok nummer {i} is fout")).await.status }
    });
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, refused), (5, 25), "{statuses:?}");
    // Even the right password waits for the window now.
    assert_eq!(login(&app, &app.client(), "anna@example.nl", PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_invitations_of_one_address_behave_as_one_after_the_other() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinators: Vec<_> = futures::future::join_all((0..4).map(|_| app.login_as("coordinator@example.nl"))).await;
    for round in 0..5 {
        let email = format!("dubbel{round}@example.nl");
        let posts = coordinators.iter().map(|c| invite_post(&app, c, &email, "deelnemer", cohort));
        let statuses: Vec<_> = futures::future::join_all(posts).await.into_iter().map(|p| p.status).collect();
        // As one after the other: the first makes the link, the others are told a working link exists.
        let made = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
        let told = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
        assert_eq!((made, told), (1, 3), "round {round}: {statuses:?}");
        let (users, open): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM users WHERE email = ?1),
                    (SELECT COUNT(*) FROM invitations i JOIN users u ON u.id = i.user_id WHERE u.email = ?1 AND i.used_at IS NULL)",
        )
        .bind(&email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!((users, open), (1, 1), "one account, and only the last link works");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reinviting_with_another_role_leaves_nothing_of_the_first() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    invite_post(&app, &coordinator, "wissel@example.nl", "trainer", cohort).await.assert_redirect_to("/uitnodigen");
    invite_post_with(&app, &coordinator, "wissel@example.nl", "deelnemer", cohort, &[("replace", "yes")])
        .await
        .assert_redirect_to("/uitnodigen");
    let (_, page) = app.get(&coordinator, "/uitnodigen").await;
    let start = page.find(&format!("{}/wachtwoord/", app.base)).expect("link shown after inviting");
    let link = page[start..start + page[start..].find('"').unwrap()].to_owned();
    let assignments: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cohort_trainers t JOIN users u ON u.id = t.trainer_id WHERE u.email = 'wissel@example.nl'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(assignments, 0, "the former trainer assignment is gone");
    let token = link.rsplit('/').next().unwrap();
    accept(&app, &app.client(), token, "een lang en goed wachtwoord", "een lang en goed wachtwoord").await.assert_redirect_to("/");
    let (role, organisation): (String, Option<String>) =
        sqlx::query_as("SELECT role, organisation FROM users WHERE email = 'wissel@example.nl'").fetch_one(&app.pool).await.unwrap();
    assert_eq!((role.as_str(), organisation), ("deelnemer", None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invitation_link_is_never_stored_in_clear_text() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    invite_post(&app, &coordinator, "nieuw@example.nl", "deelnemer", cohort).await.assert_redirect_to("/uitnodigen");
    // Between the post and the page that shows it, the session store holds no link or token.
    let sessions: Vec<Vec<u8>> = sqlx::query_scalar("SELECT data FROM tower_sessions").fetch_all(&app.pool).await.unwrap();
    let (_, page) = app.get(&coordinator, "/uitnodigen").await;
    let start = page.find("/wachtwoord/").expect("the link is shown once") + "/wachtwoord/".len();
    let token: String = page[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    assert!(token.len() >= 20, "{token}");
    let sessions: Vec<String> = sessions.iter().map(|d| String::from_utf8_lossy(d).into_owned()).collect();
    assert!(sessions.iter().any(|d| d.contains("flash_invitation")), "the parked invitation was read from the store");
    for data in sessions {
        assert!(!data.contains("/wachtwoord/") && !data.contains(&token), "session data holds the link: {data}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_link_for_the_same_person_is_an_explicit_choice() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let first = token_of(&invite(&app, &coordinator, "twee@example.nl", "deelnemer", cohort).await);

    let again = invite_post(&app, &coordinator, "twee@example.nl", "deelnemer", cohort).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.field_error("email").as_deref(), Some("err.invitation.pending"));
    assert!(again.html.contains(r#"name="replace""#), "the choice to replace is offered");
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE used_at IS NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(open, 1, "the first link still works");

    invite_post_with(&app, &coordinator, "twee@example.nl", "deelnemer", cohort, &[("replace", "yes")])
        .await
        .assert_redirect_to("/uitnodigen");
    let (_, page) = app.get(&coordinator, "/uitnodigen").await;
    assert!(page.contains(r#"data-copy="invitation-link""#), "a copy button comes with the link");
    let old = accept(&app, &app.client(), &first, PASSWORD, PASSWORD).await;
    assert_eq!(old.status, StatusCode::CONFLICT, "the replaced link no longer works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_makes_a_new_password_link_for_a_forgotten_password() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let record = format!("/deelnemers/{anna}");
    let form = format!("password_link:{anna}");
    // Only coordinators are offered, and allowed, to make one.
    let trainer = app.login_as("trainer@example.nl").await;
    assert!(!app.get(&trainer, &record).await.1.contains(&form));
    assert_eq!(app.submit(&trainer, &record, &form, &[]).await.status, StatusCode::FORBIDDEN);

    let coordinator = app.login_as("coordinator@example.nl").await;
    assert!(app.get(&coordinator, &record).await.1.contains(&form));
    app.submit(&coordinator, &record, &form, &[]).await.assert_redirect_to("/accounts");
    let (_, page) = app.get(&coordinator, "/accounts").await;
    assert!(page.contains("Nieuwe wachtwoordlink gemaakt voor Test anna@example.nl"), "it says what the link is for, not 'invitation'");
    let start = page.find("/wachtwoord/").expect("the link is shown once") + "/wachtwoord/".len();
    let token: String = page[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();

    // Anna is still logged in on two devices (or someone took over a session).
    let (phone, laptop) = (app.login_as("anna@example.nl").await, app.login_as("anna@example.nl").await);
    assert_eq!(app.get(&phone, "/uren").await.0, StatusCode::OK);
    let new_password = "een heel nieuw wachtwoord";
    let browser = app.client();
    accept(&app, &browser, &token, new_password, new_password).await.assert_redirect_to("/");
    for (device, client) in [("phone", &phone), ("laptop", &laptop)] {
        let response = client.get(app.url("/uren")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "the {device}'s earlier session ended with the new password");
        assert!(response.headers()[header::LOCATION].to_str().unwrap().starts_with("/inloggen"));
    }
    assert_eq!(app.get(&browser, "/uren").await.0, StatusCode::OK, "the session that set the password goes on");
    let old = login(&app, &app.client(), "anna@example.nl", PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY, "the old password no longer works");
    login(&app, &app.client(), "anna@example.nl", new_password).await.assert_redirect_to("/");
    let (_, history) = app.get(&coordinator, &record).await;
    assert!(history.contains("nieuwe wachtwoordlink gemaakt"), "the record's history shows it");
}

/// Trainers and coordinators forget passwords too: the account list offers every
/// account in use a new link, says who has not joined yet, and filters by role.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_list_gives_a_trainer_a_new_password_link() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let trainer = app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let invited = [
        ("name", "Noor Hasan"),
        ("email", "noor@example.nl"),
        ("role", "deelnemer"),
        ("organisation", ""),
        ("cohort_id", &cohort.to_string()),
    ];
    app.submit(&coordinator, "/uitnodigen", "invite", &invited).await.assert_redirect_to("/uitnodigen");
    app.get(&coordinator, "/uitnodigen").await;

    let (status, list) = app.get(&coordinator, "/accounts").await;
    assert_eq!(status, StatusCode::OK);
    let card = |name: &str| list.split("<li class=\"card\">").find(|c| c.contains(name)).unwrap_or_default().to_owned();
    assert!(card("Noor Hasan").contains("Uitgenodigd; de link werkt tot"), "not joined yet: {}", card("Noor Hasan"));
    assert!(!card("Noor Hasan").contains("password_link:"), "no password link before joining");
    let form = format!("password_link:{trainer}");
    assert!(card("trainer@example.nl").contains(&form));
    let (_, trainers) = app.get(&coordinator, "/accounts?rol=trainer").await;
    assert!(trainers.contains("trainer@example.nl") && !trainers.contains("noor@example.nl"), "filtered by role");

    app.submit(&coordinator, "/accounts", &form, &[]).await.assert_redirect_to("/accounts");
    let (_, shown) = app.get(&coordinator, "/accounts").await;
    assert!(shown.contains("Wachtwoordlink"), "labelled as a password link");
    let start = shown.find("/wachtwoord/").expect("the link is shown once") + "/wachtwoord/".len();
    let token: String = shown[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    let (_, again) = app.get(&coordinator, "/accounts").await;
    assert!(!again.contains("/wachtwoord/"), "shown once");
    assert!(again.contains("Actief; een wachtwoordlink werkt nog tot"), "the open link is listed");
    let new_password = "een heel nieuw wachtwoord";
    accept(&app, &app.client(), &token, new_password, new_password).await.assert_redirect_to("/");
    login(&app, &app.client(), "trainer@example.nl", new_password).await.assert_redirect_to("/");
}

/// The emails on one page of the account list, in the order shown, and the key of
/// its "Volgende" link (`na=`), if it has one.
fn account_page(html: &str) -> (Vec<String>, Option<String>) {
    let emails = html
        .split("<li class=\"card\">")
        .skip(1)
        .filter_map(|card| card.split("<p class=\"break\">").nth(1)?.split('<').next().map(str::to_owned))
        .collect();
    let next = html.split("class=\"pager\"").nth(1).and_then(|pager| {
        let link = pager.split("</nav>").next()?.split("na=").nth(1)?;
        Some(link.chars().take_while(char::is_ascii_digit).collect())
    });
    (emails, next)
}

/// Follows "Volgende" from `start` to the end; every page's emails, page by page.
async fn walk_account_list(app: &TestApp, client: &reqwest::Client, start: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut path = start.to_owned();
    loop {
        let (status, html) = app.get(client, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(html.contains("Naar het begin"), !pages.is_empty(), "the way back to the start, from page 2 on: {path}");
        let (emails, next) = account_page(&html);
        pages.push(emails);
        let Some(after) = next else { return pages };
        let joiner = if start.contains('?') { '&' } else { '?' };
        path = format!("{start}{joiner}na={after}");
        assert!(pages.len() < 20, "the list ends");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_list_pages_on_by_name_with_the_role_filter_kept_and_counts_that_follow_the_accounts() {
    let app = spawn_app().await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let cohort = app.current_cohort("Cohort A").await;
    // 70 trainers (names in mixed case, seven sharing one name: the page edge falls among
    // them) and 40 participants, as the invitation path stores them.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 110)
         INSERT INTO users (email, name, role, organisation, cohort_id, created_at)
         SELECT 'p' || i || '@example.nl',
                CASE WHEN i BETWEEN 45 AND 51 THEN 'Zelfde Naam' WHEN i % 2 = 0 THEN 'bakker ' || printf('%03d', i) ELSE 'Bakker ' || printf('%03d', i) END,
                CASE WHEN i <= 70 THEN 'trainer' ELSE 'deelnemer' END,
                CASE WHEN i <= 70 THEN 'vrijwilligersacademie' END,
                CASE WHEN i > 70 THEN ? END,
                '2026-12-01T10:00:00Z'
         FROM n",
    )
    .bind(cohort)
    .execute(&app.pool)
    .await
    .unwrap();
    let coordinator = app.login_as("coordinator@example.nl").await;

    let trainers = walk_account_list(&app, &coordinator, "/accounts?rol=trainer").await;
    assert_eq!(trainers.iter().map(Vec::len).collect::<Vec<_>>(), [50, 20], "50 a page");
    let shown: Vec<String> = trainers.concat();
    let expected: Vec<String> = sqlx::query_scalar("SELECT email FROM users WHERE role = 'trainer' ORDER BY LOWER(name), id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(shown, expected, "every trainer once, by name whatever its case, and only trainers");

    let everyone = walk_account_list(&app, &coordinator, "/accounts").await.concat();
    let all: Vec<String> = sqlx::query_scalar("SELECT email FROM users ORDER BY LOWER(name), id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(everyone, all, "every account once");

    let (_, first) = app.get(&coordinator, "/accounts?rol=trainer").await;
    assert!(first.contains("70 accounts"), "the role's count, not the page's");
    let (_, unknown) = app.get(&coordinator, "/accounts?rol=trainer&na=999999").await;
    assert_eq!(account_page(&unknown).0, expected[..50], "an account gone since: from the start again");

    // The counts are kept by triggers: they follow a new account and a changed role.
    app.user("nieuw@example.nl", Role::Trainer, None).await;
    sqlx::query("UPDATE users SET role = 'deelnemer', organisation = NULL, cohort_id = ? WHERE email = 'p1@example.nl'")
        .bind(cohort)
        .execute(&app.pool)
        .await
        .unwrap();
    let (_, after) = app.get(&coordinator, "/accounts?rol=trainer").await;
    assert!(after.contains("70 accounts"), "one trainer more, one fewer");
    let (_, participants) = app.get(&coordinator, "/accounts?rol=deelnemer").await;
    assert!(participants.contains("41 accounts"));
    let kept: Vec<(String, i64)> =
        sqlx::query_as("SELECT role, accounts FROM accounts_per_role WHERE accounts > 0 ORDER BY role").fetch_all(&app.pool).await.unwrap();
    let counted: Vec<(String, i64)> =
        sqlx::query_as("SELECT role, COUNT(*) FROM users GROUP BY role ORDER BY role").fetch_all(&app.pool).await.unwrap();
    assert_eq!(kept, counted);
}
