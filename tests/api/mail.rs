//! Mail, end to end: the app writes each mail to its outbox with the change that
//! causes it, and its worker delivers it to a real SMTP server on loopback
//! (`smtp::SmtpServer`), which the tests read as a person's mailbox.
use std::time::Duration;

use crate::{
    common::{days_ago, spawn_app, spawn_app_with_mail, TestApp, PASSWORD},
    smtp::SmtpServer,
};
use leerlijn::domain::Role;
use reqwest::{Client, StatusCode};

/// A loopback SMTP server, the app sending to it, and a running cohort.
async fn with_mail() -> (SmtpServer, TestApp, i64) {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_with_mail(&smtp.url()).await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    (smtp, app, cohort)
}

/// Waits (at most 10 s) until no mail waits or is being sent: a mail arrives at the
/// SMTP server a moment before its row is marked sent.
async fn settled(app: &TestApp) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status IN ('wacht', 'bezig')").fetch_one(&app.pool).await.unwrap();
        if open == 0 || std::time::Instant::now() > deadline {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn outbox_rows(app: &TestApp) -> Vec<(String, String, i64, Option<String>, Option<String>)> {
    sqlx::query_as("SELECT kind, status, attempts, last_error, link_path FROM outbox ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .expect("outbox")
}

async fn invite(app: &TestApp, coordinator: &Client, name: &str, email: &str, cohort: i64) {
    let cohort = cohort.to_string();
    let fields = [("name", name), ("email", email), ("role", "deelnemer"), ("cohort_id", cohort.as_str())];
    app.submit(coordinator, "/uitnodigen", "invite", &fields).await.assert_redirect_to("/uitnodigen");
}

async fn forgot(app: &TestApp, client: &Client, email: &str) -> crate::common::Posted {
    app.submit(client, "/wachtwoord-vergeten", "forgot_password", &[("email", email)]).await
}

async fn choose_password(app: &TestApp, client: &Client, link: &str, password: &str) -> crate::common::Posted {
    let token = link.rsplit('/').next().expect("token");
    let fields = [("token", token), ("password", password), ("password_repeat", password)];
    app.submit(client, &format!("/wachtwoord/{token}"), "accept_invitation", &fields).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_arrives_by_mail_and_its_link_sets_the_password() {
    let (smtp, app, cohort) = with_mail().await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;

    invite(&app, &coordinator, "Noor Hassan", "noor@example.nl", cohort).await;
    // The coordinator still sees the link once, to pass on another way if needed.
    let (_, page) = app.get(&coordinator, "/uitnodigen").await;
    assert!(page.contains(&format!("{}/wachtwoord/", app.base)));

    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1, "one invitation mail");
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["noor@example.nl".to_owned()]);
    assert_eq!(mail.header("To").as_deref(), Some("\"Noor Hassan\" <noor@example.nl>"));
    assert_eq!(mail.header("Subject").as_deref(), Some("Je uitnodiging voor Leerlijn Buurtteams"));
    assert!(mail.header("From").is_some_and(|f| f.contains("leerlijn@example.nl")));
    assert!(mail.from.contains("leerlijn@example.nl"), "envelope sender: {}", mail.from);
    let message_id = mail.header("Message-ID").expect("a Message-ID");
    assert!(message_id.ends_with("@127.0.0.1>"), "{message_id}");
    assert_eq!(mail.header("Auto-Submitted").as_deref(), Some("auto-generated"));
    assert!(mail.data.contains("multipart/alternative") && mail.data.contains("text/html"), "plain text and HTML");
    assert!(!mail.data.contains("<img"), "no images, no tracking pixels");
    let text = mail.text();
    assert!(text.starts_with("Beste Noor Hassan,"), "{text}");
    let link = mail.link().expect("a link in the mail");
    assert!(link.starts_with(&format!("{}/wachtwoord/", app.base)), "{link}");

    let noor = app.client();
    choose_password(&app, &noor, &link, PASSWORD).await.assert_redirect_to("/");
    assert_eq!(app.call(&noor, "page_context", &[]).await.body["user"]["name"], "Noor Hassan");
    // Sent: the row keeps no live link.
    settled(&app).await;
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str(), rows[0].4.as_deref()), ("uitnodiging", "verstuurd", None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_by_mail_and_every_other_session_ends() {
    let (smtp, app, cohort) = with_mail().await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let elsewhere = app.login_as("anna@example.nl").await;

    let anna = app.client();
    let (status, page) = app.get(&anna, "/inloggen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"href="/wachtwoord-vergeten""#), "the login page offers it");
    let (status, _) = app.get(&anna, "/wachtwoord-vergeten").await;
    assert_eq!(status, StatusCode::OK);
    forgot(&app, &anna, "Anna@Example.nl").await.assert_redirect_to("/wachtwoord-vergeten?verstuurd=1");
    forgot(&app, &anna, "anna@example.nl").await.assert_redirect_to("/wachtwoord-vergeten?verstuurd=1");
    let mails = smtp.wait_for(2).await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].header("Subject").as_deref(), Some("Je wachtwoord voor Leerlijn"));
    let (first, second) = (mails[0].link().expect("link"), mails[1].link().expect("link"));

    let new_password = "een nieuwe lange zin om in te loggen";
    choose_password(&app, &anna, &second, new_password).await.assert_redirect_to("/");
    // Every other session of the account is over; the earlier link no longer works.
    assert_eq!(app.call(&elsewhere, "page_context", &[]).await.body["user"], serde_json::Value::Null);
    assert_eq!(choose_password(&app, &app.client(), &first, "nog een andere lange zin hier").await.status, StatusCode::CONFLICT);
    let fresh = app.client();
    let login = app.submit(&fresh, "/inloggen", "login", &[("email", "anna@example.nl"), ("password", new_password)]).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    // The link is valid for one hour.
    let expires: String = sqlx::query_scalar("SELECT MAX(expires_at) FROM invitations").fetch_one(&app.pool).await.unwrap();
    let left = chrono::DateTime::parse_from_rfc3339(&expires).unwrap().signed_duration_since(chrono::Utc::now());
    assert!(left <= chrono::Duration::minutes(60) && left > chrono::Duration::minutes(58), "{left}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_address_gets_the_same_answer_and_no_mail() {
    let (smtp, app, cohort) = with_mail().await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.client();

    let known = forgot(&app, &client, "anna@example.nl").await;
    let unknown = forgot(&app, &client, "niemand@example.nl").await;
    assert_eq!((known.status, known.location.clone()), (unknown.status, unknown.location.clone()));
    let (_, known_page) = app.get(&client, known.location.as_deref().unwrap()).await;
    assert!(known_page.contains("Als dit e-mailadres bij ons bekend is"));
    smtp.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 1, "only the known address gets mail");
    assert_eq!(outbox_rows(&app).await.len(), 1);

    let bad = forgot(&app, &client, "geen adres").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.message_at("email").is_some(), "the message is at the field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_again_and_again_sends_no_flood_of_mail() {
    let (smtp, app, cohort) = with_mail().await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.client();
    // Per account: three links an hour; the answer stays the same.
    for _ in 0..5 {
        forgot(&app, &client, "anna@example.nl").await.assert_redirect_to("/wachtwoord-vergeten?verstuurd=1");
    }
    smtp.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 3);
    // Per address: ten requests in a quarter of an hour, whichever accounts they name.
    for i in 0..5 {
        forgot(&app, &client, &format!("iemand{i}@example.nl")).await.assert_redirect_to("/wachtwoord-vergeten?verstuurd=1");
    }
    let over = forgot(&app, &client, "nog-iemand@example.nl").await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_sends_one_mail_that_says_what_happened_and_not_why() {
    let (smtp, app, cohort) = with_mail().await;
    let anna_id = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let trainer = app.login_as("trainer@example.nl").await;
    let date = days_ago(2);
    for description in ["Gesprek over schulden met buurvrouw", "Tweede gesprek"] {
        let fields = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "praktijk"), ("description", description), ("place", "Noord")];
        app.submit(&anna, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
    }
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM hour_entries WHERE participant_id = ? ORDER BY id")
        .bind(anna_id)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("ids[]", id.as_str())).collect();
    fields.extend([("decision", "reject"), ("reason", "Vertrouwelijke reden over de cliënt")]);
    app.submit(&trainer, "/beoordelen", "decide:bulk", &fields).await.assert_redirect_to("/beoordelen");

    let mails = smtp.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 1, "one mail for the two entries");
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["anna@example.nl".to_owned()]);
    assert_eq!(mail.header("Subject").as_deref(), Some("Er zijn uren afgekeurd"));
    let text = mail.text();
    assert!(text.contains("aantal regels: 2"), "{text}");
    for secret in ["Vertrouwelijke", "schulden", "Noord"] {
        assert!(!mail.data.contains(secret), "the mail carries record content: {secret}");
    }
    assert_eq!(mail.link().as_deref(), Some(format!("{}/uren?status=afgekeurd", app.base).as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_waits_while_the_mail_server_is_away_and_goes_exactly_once_when_it_is_back() {
    // A port with nothing listening: the mail server is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = spawn_app_with_mail(&format!("smtp://{port}")).await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    invite(&app, &coordinator, "Noor Hassan", "noor@example.nl", cohort).await;

    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let failed_twice = loop {
        let rows = outbox_rows(&app).await;
        if rows[0].2 >= 2 || std::time::Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (_, status, attempts, error, link) = &failed_twice[0];
    assert!(*attempts >= 2, "tried again after a pause");
    assert!(status == "wacht" || status == "bezig", "{status}");
    assert!(error.is_some(), "the reason is kept");
    assert!(link.is_some(), "the link waits with it");
    let (_, page) = app.get(&coordinator, "/berichten").await;
    assert!(page.contains("Je uitnodiging voor Leerlijn Buurtteams") && page.contains(&format!("{}/wachtwoord/", app.base)), "{page}");

    let smtp = SmtpServer::start_at(port).await;
    smtp.wait_for(1).await;
    // Longer than several retry pauses: nothing arrives twice.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.received().len(), 1, "delivered exactly once");
    settled(&app).await;
    let rows = outbox_rows(&app).await;
    assert_eq!(rows[0].1, "verstuurd");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_break_in_a_name_adds_no_header_and_no_recipient() {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_with_mail(&smtp.url()).await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let eva = app.user("eva@example.nl", Role::Coordinator, None).await;
    sqlx::query("UPDATE users SET name = ? WHERE id = ?")
        .bind("Eva\r\nBcc: kwaad@example.org\r\nSubject: Nep")
        .bind(eva)
        .execute(&app.pool)
        .await
        .unwrap();
    app.submit(&coordinator, "/accounts", &format!("password_link:{eva}"), &[]).await.assert_redirect_to("/accounts");

    let mails = smtp.wait_for(1).await;
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["eva@example.nl".to_owned()], "no extra recipient");
    let names = mail.header_names();
    assert!(!names.iter().any(|n| n.eq_ignore_ascii_case("bcc")), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.eq_ignore_ascii_case("subject")).count(), 1, "{names:?}");
    assert_eq!(mail.header("Subject").as_deref(), Some("Een nieuwe link voor je wachtwoord"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_the_mail_server_refuses_for_good_is_marked_and_not_retried() {
    let (_smtp, app, cohort) = with_mail().await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    invite(&app, &coordinator, "Weigering Test", "weiger@example.nl", cohort).await;

    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while outbox_rows(&app).await[0].1 != "geweigerd" && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rows = outbox_rows(&app).await;
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("geweigerd", 1), "refused once, not tried again");
    assert!(rows[0].3.as_deref().is_some_and(|e| e.contains("550")), "{:?}", rows[0].3);
    let refused: Option<String> =
        sqlx::query_scalar("SELECT mail_refused_at FROM users WHERE email = 'weiger@example.nl'").fetch_one(&app.pool).await.unwrap();
    assert!(refused.is_some());
    let (_, accounts) = app.get(&coordinator, "/accounts").await;
    assert!(accounts.contains("E-mail komt niet aan"), "the coordinator sees it on the accounts page");
    let (_, outbox) = app.get(&coordinator, "/berichten").await;
    assert!(outbox.contains("geweigerd door de mailserver") && outbox.contains("Opnieuw versturen"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_mail_server_mail_waits_in_the_outbox_with_its_link() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    invite(&app, &coordinator, "Noor Hassan", "noor@example.nl", cohort).await;

    let (status, page) = app.get(&coordinator, "/berichten").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Er is geen mailserver ingesteld"), "{page}");
    assert!(page.contains("Noor Hassan") && page.contains("noor@example.nl"));
    let start = page.find(&format!("{}/wachtwoord/", app.base)).expect("the link the mail carries");
    let link: String = page[start..].chars().take_while(|c| *c != '"').collect();
    // The copied link works as the mail's would.
    choose_password(&app, &app.client(), &link, PASSWORD).await.assert_redirect_to("/");
    let rows = outbox_rows(&app).await;
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("wacht", 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_is_in_the_language_the_person_reads_the_app_in() {
    let (smtp, app, cohort) = with_mail().await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let switched = anna
        .post(app.url("/taal"))
        .header(reqwest::header::ORIGIN, app.base.clone())
        .form(&[("taal", "en"), ("terug", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    forgot(&app, &app.client(), "anna@example.nl").await.assert_redirect_to("/wachtwoord-vergeten?verstuurd=1");
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails[0].header("Subject").as_deref(), Some("Your Leerlijn password"));
    assert_eq!(mails[0].header("Content-Language").as_deref(), Some("en"));
    assert!(mails[0].text().starts_with("Dear Test anna@example.nl,"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_turned_off_is_not_sent_but_account_mail_still_is() {
    let (smtp, app, cohort) = with_mail().await;
    let anna_id = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let trainer = app.login_as("trainer@example.nl").await;

    let (status, page) = app.get(&anna, "/meldingen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"value="uren_afgekeurd""#) && page.contains("checked"), "on by default");
    // Everything but the rejections stays on.
    let keep = ["plan_goedgekeurd", "plan_terug", "certificaat", "bijeenkomst_morgen"];
    let fields: Vec<(&str, &str)> = keep.iter().map(|k| ("on[]", *k)).collect();
    app.submit(&anna, "/meldingen", "save_mail_choices", &fields).await.assert_redirect_to("/meldingen");
    let (_, page) = app.get(&anna, "/meldingen").await;
    assert!(!page.contains(r#"value="uren_afgekeurd" checked"#), "{page}");

    let id = log_and_reject(&app, &anna, &trainer).await;
    assert_eq!(app.entry_status(id).await, "afgekeurd");
    forgot(&app, &app.client(), "anna@example.nl").await.assert_redirect_to("/wachtwoord-vergeten?verstuurd=1");
    let mails = smtp.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 1, "only the password mail");
    assert_eq!(mails[0].header("Subject").as_deref(), Some("Je wachtwoord voor Leerlijn"));
    assert!(mails[0].header("List-Unsubscribe").is_none(), "account mail has no unsubscribe");
    let changed = "SELECT COUNT(*) FROM audit_log WHERE participant_id = ? AND action = 'mail_choices_changed'";
    assert_eq!(app.count_when_settled(changed, anna_id, 1).await, 1);
}

/// Anna logs an entry and the trainer rejects it; returns the entry's id.
async fn log_and_reject(app: &TestApp, anna: &Client, trainer: &Client) -> i64 {
    let date = days_ago(2);
    let fields = [("worked_on", date.as_str()), ("hours", "1"), ("kind", "leren"), ("description", "Lezen"), ("place", "")];
    let known = app.ids("hour_entries").await;
    app.submit(anna, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
    let id = app.new_id("hour_entries", &known).await;
    let step = format!("/beoordelen/{id}/afkeuren");
    app.submit(trainer, &step, &format!("decide:{id}"), &[("decision", "reject"), ("reason", "Te kort")]).await.assert_redirect_to("/beoordelen");
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unsubscribe_link_works_without_logging_in_and_in_one_click() {
    let (smtp, app, cohort) = with_mail().await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let trainer = app.login_as("trainer@example.nl").await;

    log_and_reject(&app, &anna, &trainer).await;
    let mails = smtp.wait_for(1).await;
    let header = mails[0].header("List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(mails[0].header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    let one_click = header.trim_start_matches('<').trim_end_matches('>').to_owned();
    assert!(one_click.starts_with(&format!("{}/afmelden/", app.base)) && one_click.ends_with("/een-klik"), "{one_click}");
    let page_link = one_click.trim_end_matches("/een-klik").to_owned();
    assert!(mails[0].text().contains(&page_link), "the footer links to the page too: {}", mails[0].text());

    // Opening the link (no session) asks first and changes nothing.
    let stranger = app.client();
    let (status, page) = app.get(&stranger, page_link.trim_start_matches(&app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("als een trainer uren afkeurt") || page.contains("Als een trainer uren afkeurt"), "{page}");
    let off: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_choices_off").fetch_one(&app.pool).await.unwrap();
    assert_eq!(off, 0);
    // A mail program's one-click post: no Origin, no session, the RFC 8058 body.
    let posted = reqwest::Client::new()
        .post(&one_click)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::OK);
    let (_, page) = app.get(&stranger, page_link.trim_start_matches(&app.base)).await;
    assert!(page.contains("Je krijgt deze e-mails niet meer"), "{page}");

    log_and_reject(&app, &anna, &trainer).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), 1, "no second rejection mail");
    // An unknown link is not found, also in one click.
    assert_eq!(app.get(&stranger, "/afmelden/abcdef").await.0, StatusCode::NOT_FOUND);
    let unknown = reqwest::Client::new().post(app.url("/afmelden/abcdef/een-klik")).body("List-Unsubscribe=One-Click").send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tomorrows_sessions_are_announced_once_to_those_expected() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let bram = app.user("bram@example.nl", Role::Participant, Some(cohort)).await;
    let trainer = app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let today = crate::common::today();
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    for (title, status) in [("Les 4: Grenzen stellen", "gepland"), ("Les 5: Afgelast", "geannuleerd")] {
        sqlx::query(
            "INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, status, created_by, created_at)
             VALUES (?, 'les', ?, ?, '19:00', '21:00', 120, 'Buurthuis Oost', ?, ?, '2026-01-01T00:00:00Z')",
        )
        .bind(cohort)
        .bind(title)
        .bind(&tomorrow)
        .bind(status)
        .bind(trainer)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let slot = today.to_string();
    assert_eq!(leerlijn::features::mail::jobs::send_session_reminders(&app.pool, &slot).await.unwrap(), 2);
    assert_eq!(leerlijn::features::mail::jobs::send_session_reminders(&app.pool, &slot).await.unwrap(), 0, "once per day");
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT user_id, kind, params FROM outbox ORDER BY user_id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![anna, bram]);
    assert!(rows.iter().all(|r| r.1 == "bijeenkomst_morgen" && r.2.contains("Les 4: Grenzen stellen") && !r.2.contains("Afgelast")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trainers_get_a_monday_digest_only_when_something_waits() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    let other = app.current_cohort("Leerlijn 2027").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let busy = app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("rustig@example.nl", Role::Trainer, Some(other)).await;
    let anna = app.login_as("anna@example.nl").await;
    let date = days_ago(2);
    for _ in 0..3 {
        let fields = [("worked_on", date.as_str()), ("hours", "1"), ("kind", "leren"), ("description", "Lezen"), ("place", "")];
        app.submit(&anna, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
    }
    let jobs = leerlijn::features::mail::jobs::send_trainer_digests;
    assert_eq!(jobs(&app.pool, "2026-W49").await.unwrap(), 1);
    assert_eq!(jobs(&app.pool, "2026-W49").await.unwrap(), 0, "once per week");
    let rows: Vec<(i64, String, String)> = sqlx::query_as("SELECT user_id, kind, params FROM outbox").fetch_all(&app.pool).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0, rows[0].1.as_str()), (busy, "overzicht_trainer"));
    assert!(rows[0].2.contains(r#""entries":"3""#), "{}", rows[0].2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_and_a_called_off_interview_reach_all_three_with_a_calendar_file() {
    let smtp = SmtpServer::start().await;
    let w = crate::certificates::world_on(spawn_app_with_mail(&smtp.url()).await).await;
    let interview = w.schedule(w.anna).await;
    let mails = smtp.wait_for(3).await;
    assert_eq!(mails.len(), 3, "Anna and both assessors");
    let anna = mails.iter().find(|m| m.to == ["anna@example.nl"]).expect("Anna's mail");
    assert_eq!(anna.header("Subject").as_deref(), Some("Je eindgesprek is gepland"));
    assert!(anna.data.contains("multipart/mixed") && anna.data.contains("eindgesprek.ics"), "with the calendar file");
    assert!(anna.data.contains("text/calendar; charset=utf-8; method=PUBLISH"));
    let tom = mails.iter().find(|m| m.to == ["tom@example.nl"]).expect("Tom's mail");
    assert_eq!(tom.header("Subject").as_deref(), Some("Een eindgesprek met jou als beoordelaar"));
    assert!(tom.text().contains("Anna Çelik-Brouwer"), "{}", tom.text());
    assert!(mails.iter().any(|m| m.to == ["hanna@example.nl"]));

    let page = w.interviews_page();
    w.app.submit(&w.carla, &page, &format!("cancel_interview:{interview}"), &[]).await.assert_redirect_to(&page);
    let mails = smtp.wait_for(6).await;
    assert_eq!(mails.len(), 6);
    for m in &mails[3..] {
        assert_eq!(m.header("Subject").as_deref(), Some("Een eindgesprek gaat niet door"));
        assert!(m.data.contains("method=CANCEL"), "the calendar file removes the appointment");
    }
    // Both calendar files name the same event, so the second replaces the first.
    let uid = format!("eindgesprek-{interview}@leerlijn");
    settled(&w.app).await;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE attachment_ics IS NOT NULL").fetch_one(&w.app.pool).await.unwrap();
    assert_eq!(stored, 0, "sent mails keep no attachment");
    for m in &mails {
        let ics = m.attachment("eindgesprek.ics").expect("the calendar file");
        assert!(ics.contains(&format!("UID:{uid}")) && ics.contains("LOCATION:Vrijwilligersacademie"), "{ics}");
    }
    assert!(mails[0].attachment("eindgesprek.ics").unwrap().contains("METHOD:PUBLISH"));
    assert!(mails[5].attachment("eindgesprek.ics").unwrap().contains("METHOD:CANCEL"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_that_went_out_long_ago_leaves_the_outbox_and_waiting_mail_stays() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    for (name, email) in [("Oud Verstuurd", "oud@example.nl"), ("Oud Wachtend", "wacht@example.nl"), ("Nieuw", "nieuw@example.nl")] {
        invite(&app, &coordinator, name, email, cohort).await;
    }
    let old = "2026-01-01T00:00:00.000Z";
    sqlx::query("UPDATE outbox SET created_at = ?, status = 'verstuurd' WHERE to_address = 'oud@example.nl'").bind(old).execute(&app.pool).await.unwrap();
    sqlx::query("UPDATE outbox SET created_at = ? WHERE to_address = 'wacht@example.nl'").bind(old).execute(&app.pool).await.unwrap();
    let prune = leerlijn::features::mail::jobs::prune_outbox;
    assert_eq!(prune(&app.pool, "2026-12-01").await.unwrap(), 1);
    assert_eq!(prune(&app.pool, "2026-12-01").await.unwrap(), 0, "once a night");
    let left: Vec<String> = sqlx::query_scalar("SELECT to_address FROM outbox ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(left, ["wacht@example.nl", "nieuw@example.nl"], "waiting mail is never pruned");
}
