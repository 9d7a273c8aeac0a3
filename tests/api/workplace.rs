//! The leerplek confirms practice hours: the participant records the leerplek and
//! asks; the werkbegeleider gets a mail (through a real SMTP server on loopback),
//! opens the link without an account, confirms one entry and disputes another; the
//! trainer sees both beside the entries and the cohort's rule holds approvals back.
use crate::{
    common::{days_ago, spawn_app_with_mail, TestApp},
    smtp::SmtpServer,
};
use leerlijn::domain::Role;
use reqwest::{header, Client, StatusCode};

struct Track {
    smtp: SmtpServer,
    app: TestApp,
    cohort: i64,
    anna_id: i64,
    anna: Client,
    bram: Client,
    trainer: Client,
    coordinator: Client,
}

async fn track() -> Track {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_with_mail(&smtp.url()).await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    let anna_id = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("bram@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let (anna, bram) = (app.login_as("anna@example.nl").await, app.login_as("bram@example.nl").await);
    let (trainer, coordinator) = (app.login_as("trainer@example.nl").await, app.login_as("coordinator@example.nl").await);
    Track { smtp, app, cohort, anna_id, anna, bram, trainer, coordinator }
}

impl Track {
    async fn placement(&self, client: &Client, email: &str) {
        let since = days_ago(30);
        let fields = [
            ("organisation", "Buurtteam Noord"),
            ("team", "Team Banne"),
            ("supervisor_name", "Petra de Werkbegeleider"),
            ("supervisor_email", email),
            ("supervisor_role", "werkbegeleider"),
            ("since", since.as_str()),
        ];
        self.app.submit(client, "/leerplek", "save_placement", &fields).await.assert_redirect_to("/leerplek");
    }

    /// Logs a practice entry `days` ago and returns its id.
    async fn practice(&self, client: &Client, days: i64, description: &str) -> i64 {
        self.practice_on(client, &days_ago(days), description).await
    }

    async fn ask(&self, client: &Client, ids: &[i64]) -> crate::common::Posted {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("entries[]", id.as_str())).collect();
        self.app.submit(client, "/leerplek", "request_confirmation", &fields).await
    }

    /// Logs a practice entry on a given day and returns its id, as the participant's own list shows it.
    async fn practice_on(&self, client: &Client, date: &str, description: &str) -> i64 {
        let fields = [("worked_on", date), ("hours", "3"), ("kind", "praktijk"), ("description", description), ("place", "Banne")];
        self.app.submit(client, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
        let entries = self.app.call(client, "my_workplace", &[]).await.body;
        entries["askable"].as_array().unwrap().iter().find(|e| e["description"] == description).expect("the new entry")["id"]
            .as_i64()
            .unwrap()
    }

    /// The werkbegeleider answers on the link at `path`: (entry, answer, remark) each.
    async fn answer(&self, path: &str, answers: &[(i64, &str, &str)]) {
        let token = token_of(path);
        let names: Vec<(String, String, String)> =
            answers.iter().map(|(id, _, _)| (id.to_string(), format!("answer_{id}"), format!("remark_{id}"))).collect();
        let mut fields = vec![("token", token.as_str())];
        for ((_, answer, remark), (entry, answer_field, remark_field)) in answers.iter().zip(&names) {
            fields.extend([("entry", entry.as_str()), (answer_field.as_str(), *answer), (remark_field.as_str(), *remark)]);
        }
        self.app.submit(&self.app.client(), path, "answer_confirmation", &fields).await.assert_redirect_to(&format!("{path}/klaar"));
    }

    /// The path of the link in the `n`th mail (counted from 1).
    async fn link_in_mail(&self, n: usize) -> String {
        let link = self.smtp.wait_for(n).await[n - 1].link().expect("a link in the mail");
        link.strip_prefix(&self.app.base).expect("a link to the app").to_owned()
    }

    async fn queue_item(&self, id: i64) -> serde_json::Value {
        let queue = self.app.call(&self.trainer, "review_queue", &[]).await.body;
        queue["items"].as_array().unwrap().iter().find(|i| i["id"] == id).expect("entry in the queue").clone()
    }
}

fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_werkbegeleider_confirms_one_entry_and_disputes_another_from_the_mail_without_an_account() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let first = t.practice(&t.anna, 3, "Huisbezoek met tandempartner").await;
    let second = t.practice(&t.anna, 2, "Spreekuur in de buurtkamer").await;
    let not_asked = t.practice(&t.anna, 1, "Inloop op vrijdag").await;
    // Bram's entry with the same words: it must never show on Anna's link.
    t.placement(&t.bram, "karel@buurtteam.example.nl").await;
    let brams = t.practice(&t.bram, 2, "Bram zijn eigen spreekuur").await;

    // Asking for someone else's entry leaves it off the link.
    t.ask(&t.anna, &[first, second, brams]).await.assert_redirect_to("/leerplek");
    let mails = t.smtp.wait_for(1).await;
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["petra@buurtteam.example.nl".to_owned()]);
    assert_eq!(mail.header("Subject").as_deref(), Some("Wil je praktijkuren bevestigen?"));
    let text = mail.text();
    assert!(text.contains("aantal regels: 2"), "{text}");
    assert!(!text.contains("Huisbezoek") && !text.contains("Spreekuur"), "the mail carries no record content: {text}");
    let link = mail.link().expect("a link in the mail");
    let path = link.strip_prefix(&t.app.base).expect("a link to the app").to_owned();

    // The page needs no account, sets no session, and is kept out of caches, search and referrers.
    let stranger = t.app.client();
    let response = stranger.get(t.app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert!(headers.get(header::SET_COOKIE).is_none(), "no session: {headers:?}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store, private");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");
    let page = response.text().await.unwrap();
    assert!(page.contains("Test anna@example.nl"), "the participant's name");
    assert!(page.contains("Huisbezoek met tandempartner") && page.contains("Spreekuur in de buurtkamer"));
    assert!(!page.contains("Inloop op vrijdag"), "only the entries asked about");
    assert!(!page.contains("Bram zijn eigen spreekuur"), "never another participant's entry");

    // One submission for the page; a dispute needs a remark.
    let token = token_of(&path);
    let (a1, a2, r2) = (format!("answer_{first}"), format!("answer_{second}"), format!("remark_{second}"));
    let (e1, e2) = (first.to_string(), second.to_string());
    let no_remark = [("token", token.as_str()), ("entry", &e1), ("entry", &e2), (&a1, "bevestigd"), (&a2, "betwist"), (&r2, "")];
    let refused = t.app.submit(&stranger, &path, "answer_confirmation", &no_remark).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error(&r2).as_deref(), Some("err.confirmation.remark_needed"));
    assert!(refused.html.contains("Huisbezoek met tandempartner"), "the page again");
    let answers = [
        ("token", token.as_str()),
        ("entry", &e1),
        ("entry", &e2),
        (&a1, "bevestigd"),
        (&a2, "betwist"),
        (&r2, "Dit was een dag later, 2 uur."),
    ];
    t.app.submit(&stranger, &path, "answer_confirmation", &answers).await.assert_redirect_to(&format!("{path}/klaar"));

    // The trainer sees both beside the entries, and the entry not asked about has nothing.
    let confirmed = t.queue_item(first).await;
    assert_eq!(confirmed["confirmation"]["answer"], "Confirmed");
    assert_eq!(confirmed["confirmation"]["supervisor_name"], "Petra de Werkbegeleider");
    assert_eq!(confirmed["confirmation"]["organisation"], "Buurtteam Noord");
    let disputed = t.queue_item(second).await;
    assert_eq!(disputed["confirmation"]["answer"], "Disputed");
    assert_eq!(disputed["confirmation"]["remark"], "Dit was een dag later, 2 uur.");
    assert!(t.queue_item(not_asked).await["confirmation"].is_null());
    let (_, queue) = t.app.get(&t.trainer, "/beoordelen").await;
    assert!(queue.contains("Bevestigd door Petra de Werkbegeleider (Buurtteam Noord)"), "{queue}");
    assert!(queue.contains("Betwist door Petra de Werkbegeleider: Dit was een dag later, 2 uur."));

    // Every answer is on the link no more: used up, the link gives its page.
    let (status, page) = t.app.get(&stranger, &path).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("Alle uren op deze link zijn al beantwoord"), "{page}");
    let again = t.app.submit(&stranger, &path, "answer_confirmation", &answers).await;
    assert_eq!(again.status, StatusCode::GONE, "a used link takes no answers");

    // The views and answers are audit lines on Anna.
    let lines: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE participant_id = (SELECT id FROM users WHERE email = 'anna@example.nl') AND actor_id IS NULL",
    )
    .fetch_all(&t.app.pool)
    .await
    .unwrap();
    assert_eq!(lines.iter().filter(|a| *a == "confirmation_answered").count(), 2, "{lines:?}");
    let viewed = t.app.count_when_settled(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'confirmation_viewed' AND participant_id = (SELECT participant_id FROM confirmation_requests WHERE id = ?)",
        1,
        2,
    );
    assert!(viewed.await >= 2, "each opening of the link is recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_the_cohort_rule_an_unconfirmed_practice_entry_is_not_approved_and_a_disputed_one_needs_a_reason() {
    let t = track().await;
    // The coordinator turns the rule on, on the requirements page.
    let rules = format!("/cohorten/{}/eisen", t.cohort);
    let cohort = t.cohort.to_string();
    let form = [
        ("cohort_id", cohort.as_str()),
        ("learning_hours", "60"),
        ("practice_hours", "60"),
        ("lesson_attendance_percent", "80"),
        ("intervision_attendance_percent", "80"),
        ("trainings_required", "2"),
        ("practice_needs_confirmation", "yes"),
    ];
    t.app.submit(&t.coordinator, &rules, "update_cohort_rules", &form).await.assert_redirect_to(&format!("/cohorten/{}", t.cohort));
    let (_, page) = t.app.get(&t.coordinator, &rules).await;
    assert!(page.contains(r#"id="practice_needs_confirmation" name="practice_needs_confirmation" value="yes" checked"#), "{page}");

    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let unconfirmed = t.practice(&t.anna, 3, "Huisbezoek").await;
    let disputed = t.practice(&t.anna, 2, "Spreekuur").await;
    let date = days_ago(1);
    let learning = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "leren"), ("description", "Lezen")];
    t.app.submit(&t.anna, "/uren/nieuw", "log_hours", &learning).await.assert_redirect_to("/");

    let approve = |id: i64, reason: &'static str| {
        let (app, trainer) = (&t.app, &t.trainer);
        async move { app.submit(trainer, "/beoordelen", &format!("decide:{id}"), &[("decision", "approve"), ("reason", reason)]).await }
    };
    let refused = approve(unconfirmed, "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.shows("err.hours.needs_confirmation"), "{}", refused.html);
    assert_eq!(t.app.entry_status(unconfirmed).await, "ingediend");

    t.ask(&t.anna, &[disputed]).await.assert_redirect_to("/leerplek");
    let link = t.smtp.wait_for(1).await[0].link().unwrap();
    let path = link.strip_prefix(&t.app.base).unwrap().to_owned();
    let (token, id, answer, remark) = (token_of(&path), disputed.to_string(), format!("answer_{disputed}"), format!("remark_{disputed}"));
    let fields = [("token", token.as_str()), ("entry", id.as_str()), (answer.as_str(), "betwist"), (remark.as_str(), "Niet geweest")];
    t.app.submit(&t.app.client(), &path, "answer_confirmation", &fields).await.assert_redirect_to(&format!("{path}/klaar"));
    let no_reason = approve(disputed, "").await;
    assert_eq!(no_reason.status, StatusCode::CONFLICT);
    assert!(no_reason.shows("err.hours.disputed_needs_reason"));
    approve(disputed, "Besproken met Anna en de werkbegeleider: het klopt wel.").await.assert_redirect_to("/beoordelen");
    assert_eq!(t.app.entry_status(disputed).await, "goedgekeurd");
    // Learning hours are not held back.
    let queue = t.app.call(&t.trainer, "review_queue", &[]).await.body;
    let lesson = queue["items"].as_array().unwrap().iter().find(|i| i["kind"] == "Learning").expect("the learning entry")["id"].as_i64().unwrap();
    approve(lesson, "").await.assert_redirect_to("/beoordelen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_expired_withdrawn_or_changed_link_gives_its_own_page_never_an_error() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let entry = t.practice(&t.anna, 3, "Huisbezoek").await;
    let other = t.practice(&t.anna, 2, "Spreekuur").await;
    t.ask(&t.anna, &[entry, other]).await.assert_redirect_to("/leerplek");
    let link = t.smtp.wait_for(1).await[0].link().unwrap();
    let path = link.strip_prefix(&t.app.base).unwrap().to_owned();
    let stranger = t.app.client();

    // Tampered: one digit changed, or not a token at all.
    let token = token_of(&path);
    let flipped = format!("{}{}", &token[..63], if token.ends_with('0') { '1' } else { '0' });
    assert_eq!(t.app.get(&stranger, &format!("/bevestigen/{flipped}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.app.get(&stranger, "/bevestigen/geen-token").await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.app.get(&stranger, "/bevestigen/%3Cscript%3E").await.0, StatusCode::NOT_FOUND);

    // Changed by the participant after sending: that entry drops off the link.
    let date = days_ago(2);
    let other_id = other.to_string();
    let change = [("id", other_id.as_str()), ("worked_on", date.as_str()), ("hours", "4"), ("kind", "praktijk"), ("description", "Spreekuur, langer"), ("place", "Banne")];
    t.app.submit(&t.anna, &format!("/uren/{other}/bewerken"), "update_hours", &change).await.assert_redirect_to("/");
    let (status, page) = t.app.get(&stranger, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Huisbezoek") && !page.contains("Spreekuur"), "{page}");

    // Expired after 14 days.
    sqlx::query("UPDATE confirmation_requests SET expires_at = '2020-01-01T00:00:00Z'").execute(&t.app.pool).await.unwrap();
    let (status, page) = t.app.get(&stranger, &path).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("Deze link is verlopen"));

    // Withdrawn by the participant: gone too, and she sees it as withdrawn.
    sqlx::query("UPDATE confirmation_requests SET expires_at = '2999-01-01T00:00:00Z'").execute(&t.app.pool).await.unwrap();
    let request: i64 = t.app.call(&t.anna, "my_workplace", &[]).await.body["requests"][0]["id"].as_i64().unwrap();
    t.app.submit(&t.anna, "/leerplek", &format!("withdraw_confirmation:{request}"), &[]).await.assert_redirect_to("/leerplek");
    let (status, page) = t.app.get(&stranger, &path).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("Deze link is ingetrokken"));
    assert_eq!(t.app.call(&t.anna, "my_workplace", &[]).await.body["requests"][0]["state"], "Withdrawn");
    // Someone else cannot withdraw her request.
    assert_eq!(t.app.submit(&t.bram, "/leerplek", &format!("withdraw_confirmation:{request}"), &[]).await.status, StatusCode::NOT_FOUND);

    // Trying tokens is limited per address: after 20 misses a minute, even a real link waits.
    let mut statuses = Vec::new();
    for n in 0..22 {
        statuses.push(t.app.get(&stranger, &format!("/bevestigen/{:064x}", n)).await.0);
    }
    assert!(statuses[..15].iter().all(|s| *s == StatusCode::NOT_FOUND), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    assert_eq!(t.app.get(&stranger, &path).await.0, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leerplek_is_checked_field_by_field_and_its_history_is_kept() {
    let t = track().await;
    let bad = [("organisation", " "), ("supervisor_name", ""), ("supervisor_email", "geen-adres"), ("supervisor_role", "baas"), ("since", "morgen")];
    let refused = t.app.submit(&t.anna, "/leerplek", "save_placement", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("organisation").as_deref(), Some("err.placement.organisation"));
    assert!(refused.field_error("supervisor_email").is_some() && refused.field_error("supervisor_role").is_some());
    assert!(refused.field_error("since").is_some() && refused.field_error("supervisor_name").is_some());
    assert!(refused.html.contains(r#"value="geen-adres""#), "what was typed stays");
    // Asking before there is a leerplek is refused, not a 500.
    let entry = {
        let date = days_ago(1);
        let fields = [("worked_on", date.as_str()), ("hours", "3"), ("kind", "praktijk"), ("description", "Huisbezoek"), ("place", "Banne")];
        t.app.submit(&t.anna, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
        t.app.call(&t.anna, "my_workplace", &[]).await.body["askable"][0]["id"].as_i64().unwrap()
    };
    assert_eq!(t.ask(&t.anna, &[entry]).await.status, StatusCode::CONFLICT);
    assert_eq!(t.ask(&t.anna, &[]).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    t.placement(&t.anna, "sem@buurtteam.example.nl").await;
    let mine = t.app.call(&t.anna, "my_workplace", &[]).await.body;
    assert_eq!(mine["history"].as_array().unwrap().len(), 2, "the old leerplek stays, dated");
    assert_eq!(mine["current"]["supervisor_email"], "sem@buurtteam.example.nl");
    // Only participants have a leerplek.
    assert_eq!(t.app.call(&t.trainer, "my_workplace", &[]).await.status, StatusCode::FORBIDDEN);
    let posted = t.app.submit(&t.trainer, "/leerplek", "save_placement", &[("organisation", "x")]).await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_request_is_reminded_once_after_five_days_with_a_link_that_replaces_the_first() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let entry = t.practice(&t.anna, 3, "Huisbezoek").await;
    t.ask(&t.anna, &[entry]).await.assert_redirect_to("/leerplek");
    let first = t.smtp.wait_for(1).await[0].link().unwrap();
    let remind = leerlijn::features::workplace::jobs::send_reminders;
    assert_eq!(remind(&t.app.pool, "2026-12-01").await.unwrap(), 0, "not before five days");
    sqlx::query("UPDATE confirmation_requests SET created_at = '2020-01-01T00:00:00Z'").execute(&t.app.pool).await.unwrap();
    assert_eq!(remind(&t.app.pool, "2026-12-01").await.unwrap(), 0, "that day's slot was already used");
    assert_eq!(remind(&t.app.pool, "2026-12-02").await.unwrap(), 1);
    assert_eq!(remind(&t.app.pool, "2026-12-03").await.unwrap(), 0, "reminded once");
    let mails = t.smtp.wait_for(2).await;
    let reminder = &mails[1];
    assert_eq!(reminder.header("Subject").as_deref(), Some("Herinnering: praktijkuren bevestigen"));
    let second = reminder.link().unwrap();
    assert_ne!(first, second);
    let path = |link: &str| link.strip_prefix(&t.app.base).unwrap().to_owned();
    assert_eq!(t.app.get(&t.app.client(), &path(&first)).await.0, StatusCode::NOT_FOUND, "the first link no longer works");
    let (status, page) = t.app.get(&t.app.client(), &path(&second)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Huisbezoek"));
}

/// A browser on a page with `Referrer-Policy: no-referrer` posts its forms with
/// `Origin: null` and no `Referer`: the werkbegeleider's answer must still count
/// (by its form token), while a cross-site post stays refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answer_form_works_from_a_page_that_sends_no_referrer() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let entry = t.practice(&t.anna, 3, "Huisbezoek").await;
    t.ask(&t.anna, &[entry]).await.assert_redirect_to("/leerplek");
    let link = t.smtp.wait_for(1).await[0].link().unwrap();
    let path = link.strip_prefix(&t.app.base).unwrap().to_owned();
    let browser = t.app.client();
    let page = browser.get(t.app.url(&path)).send().await.unwrap().text().await.unwrap();
    let form_token = page.split(r#"name="_token" value=""#).nth(1).and_then(|rest| rest.split('"').next()).expect("a form token").to_owned();
    let (id, answer, token) = (entry.to_string(), format!("answer_{entry}"), token_of(&path));
    let body = [
        ("_form", "answer_confirmation"),
        ("_token", form_token.as_str()),
        ("token", token.as_str()),
        ("entry", id.as_str()),
        (answer.as_str(), "bevestigd"),
    ];
    let cross = browser
        .post(t.app.url(&path))
        .header(header::ORIGIN, "null")
        .header("sec-fetch-site", "cross-site")
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let posted = browser.post(t.app.url(&path)).header(header::ORIGIN, "null").header("sec-fetch-site", "same-origin").form(&body).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER, "{}", posted.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trainer_shows_only_what_the_leerplek_confirmed_approves_it_in_one_step_and_sees_it_on_the_record() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let first = t.practice(&t.anna, 4, "Huisbezoek met tandempartner").await;
    let second = t.practice(&t.anna, 3, "Spreekuur in de buurtkamer").await;
    let disputed = t.practice(&t.anna, 2, "Inloop op vrijdag").await;
    let unasked = t.practice(&t.anna, 1, "Wijkwandeling").await;
    let date = days_ago(1);
    let learning = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "leren"), ("description", "Lezen over herstel")];
    t.app.submit(&t.anna, "/uren/nieuw", "log_hours", &learning).await.assert_redirect_to("/");
    t.ask(&t.anna, &[first, second, disputed]).await.assert_redirect_to("/leerplek");
    let path = t.link_in_mail(1).await;
    t.answer(&path, &[(first, "bevestigd", ""), (second, "bevestigd", ""), (disputed, "betwist", "Niet geweest")]).await;

    // The filter shows the two confirmed entries, oldest first; nothing else.
    let all = t.app.call(&t.trainer, "review_queue", &[]).await.body;
    assert_eq!(all["total"], 5);
    let confirmed = t.app.call(&t.trainer, "review_queue", &[("confirmed_only", "true")]).await.body;
    assert_eq!(confirmed["total"], 2);
    assert_eq!(confirmed["confirmed_only"], true);
    let ids: Vec<i64> = confirmed["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [first, second]);
    let (status, page) = t.app.get(&t.trainer, "/beoordelen?alleen=bevestigd").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Deze 2 bevestigde regels goedkeuren"), "{page}");
    assert!(page.contains("2 regels zijn bevestigd door de werkplek"), "{page}");
    assert!(page.contains("Huisbezoek met tandempartner") && page.contains("Spreekuur in de buurtkamer"));
    assert!(!page.contains("Inloop op vrijdag") && !page.contains("Wijkwandeling") && !page.contains("Lezen over herstel"), "{page}");
    assert!(page.contains(r#"href="/beoordelen?alleen=bevestigd" aria-current="page""#), "the filter says where you are");

    // One step approves what the page showed, and returns to the filter.
    let (a, b) = (first.to_string(), second.to_string());
    let fields = [("decision", "approve"), ("ids[]", a.as_str()), ("ids[]", b.as_str())];
    t.app.submit(&t.trainer, "/beoordelen?alleen=bevestigd", "decide:confirmed", &fields).await.assert_redirect_to("/beoordelen?alleen=bevestigd");
    assert_eq!(t.app.entry_status(first).await, "goedgekeurd");
    assert_eq!(t.app.entry_status(second).await, "goedgekeurd");
    assert_eq!(t.app.entry_status(disputed).await, "ingediend", "a disputed entry is never approved in bulk");
    let (_, page) = t.app.get(&t.trainer, "/beoordelen?alleen=bevestigd").await;
    assert!(page.contains("Er wachten geen praktijkuren die de werkplek al heeft bevestigd."), "{page}");
    // The same form with a disputed entry is refused for that entry, and nothing else lands.
    let d = disputed.to_string();
    let refused = t.app.submit(&t.trainer, "/beoordelen?alleen=bevestigd", "decide:confirmed", &[("decision", "approve"), ("ids[]", d.as_str())]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);

    // The record shows the leerplek and, beside each practice entry, what the leerplek said.
    let today = crate::common::today().format("%d-%m-%Y").to_string();
    let (status, record) = t.app.get(&t.trainer, &format!("/deelnemers/{}", t.anna_id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(record.contains("Buurtteam Noord, Team Banne"), "{record}");
    assert!(record.contains("Werkbegeleider: Petra de Werkbegeleider (petra@buurtteam.example.nl)"), "{record}");
    assert!(record.contains(&format!("Bevestigd door Petra de Werkbegeleider (Buurtteam Noord) op {today}")), "{record}");
    assert!(record.contains("Betwist door Petra de Werkbegeleider: Niet geweest"), "{record}");
    // The participant sees the same on her own list; the entry not asked has no line.
    let (_, own) = t.app.get(&t.anna, "/uren").await;
    assert_eq!(own.matches("Bevestigd door Petra de Werkbegeleider").count(), 2, "{own}");
    let entries = t.app.call(&t.anna, "my_entries", &[]).await.body;
    let line = |id: i64| entries["entries"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap()["confirmation"].clone();
    assert!(line(unasked).is_null());
    assert_eq!(line(disputed)["answer"], "Disputed");

    // The cohort table names each participant's leerplek.
    let (_, cohort) = t.app.get(&t.coordinator, &format!("/cohorten/{}", t.cohort)).await;
    assert!(cohort.contains("Buurtteam Noord (Petra de Werkbegeleider)"), "{cohort}");
    assert!(cohort.contains(&format!(r#"href="/cohorten/{}/leerplekken.csv""#, t.cohort)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_is_asked_in_one_step_and_a_waiting_request_is_sent_again_on_a_new_link() {
    use chrono::Datelike;
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    // Two entries early in a month at least 40 days back, one yesterday (another month).
    let month_start = (crate::common::today() - chrono::Duration::days(40)).with_day(1).unwrap();
    let month = month_start.format("%Y-%m").to_string();
    let first = t.practice_on(&t.anna, &month_start.to_string(), "Huisbezoek aan het begin").await;
    let second = t.practice_on(&t.anna, &(month_start + chrono::Duration::days(1)).to_string(), "Spreekuur de dag erna").await;
    t.practice(&t.anna, 1, "Inloop van gisteren").await;
    let (_, page) = t.app.get(&t.anna, "/leerplek").await;
    assert!(page.contains(&format!(r#"name="month" value="{month}""#)), "{page}");
    assert!(page.contains("Alle 2 open regels van"), "{page}");

    t.app.submit(&t.anna, "/leerplek", "request_confirmation", &[("month", month.as_str())]).await.assert_redirect_to("/leerplek");
    let path = t.link_in_mail(1).await;
    let (_, link) = t.app.get(&t.app.client(), &path).await;
    assert!(link.contains("Huisbezoek aan het begin") && link.contains("Spreekuur de dag erna"), "{link}");
    assert!(!link.contains("Inloop van gisteren"), "only that month");
    // Nothing of that month is open any more: the month's button is gone, and posting it is refused.
    let (_, page) = t.app.get(&t.anna, "/leerplek").await;
    assert!(!page.contains(&format!(r#"name="month" value="{month}""#)), "{page}");
    let again = t.app.submit(&t.anna, "/leerplek", "request_confirmation", &[("month", month.as_str())]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.field_error("entries").as_deref(), Some("err.confirmation.none_chosen"));
    let bad = t.app.submit(&t.anna, "/leerplek", "request_confirmation", &[("month", "2026-13")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Sent again in one step: a new link with what is open; the old one stops.
    let request = t.app.call(&t.anna, "my_workplace", &[]).await.body["requests"][0]["id"].as_i64().unwrap();
    t.app.submit(&t.anna, "/leerplek", &format!("resend_confirmation:{request}"), &[]).await.assert_redirect_to("/leerplek");
    let resent = t.link_in_mail(2).await;
    assert_ne!(resent, path);
    assert_eq!(t.app.get(&t.app.client(), &path).await.0, StatusCode::GONE, "the old link stops");
    let (status, link) = t.app.get(&t.app.client(), &resent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(link.contains("Huisbezoek aan het begin") && link.contains("Spreekuur de dag erna"));
    let mine = t.app.call(&t.anna, "my_workplace", &[]).await.body;
    assert_eq!(mine["requests"][0]["state"], "Waiting");
    assert_eq!(mine["requests"][1]["state"], "Withdrawn");

    // Half answered, then sent again: only the open entry goes on the next link.
    t.answer(&resent, &[(first, "bevestigd", "")]).await;
    let newest = mine["requests"][0]["id"].as_i64().unwrap();
    t.app.submit(&t.anna, "/leerplek", &format!("resend_confirmation:{newest}"), &[]).await.assert_redirect_to("/leerplek");
    let third = t.link_in_mail(3).await;
    let (_, link) = t.app.get(&t.app.client(), &third).await;
    assert!(link.contains("Spreekuur de dag erna") && !link.contains("Huisbezoek aan het begin"), "{link}");
    assert!(t.smtp.wait_for(3).await[2].text().contains("aantal regels: 1"));
    t.answer(&third, &[(second, "bevestigd", "")]).await;
    assert_eq!(t.app.call(&t.anna, "my_workplace", &[]).await.body["requests"][0]["state"], "Answered");

    // A withdrawn request is asked again with the form, not resent; someone else's is not found.
    let resend_withdrawn = t.app.submit(&t.anna, "/leerplek", &format!("resend_confirmation:{request}"), &[]).await;
    assert_eq!(resend_withdrawn.status, StatusCode::CONFLICT);
    assert!(resend_withdrawn.shows("err.confirmation.resend_withdrawn"));
    let brams_try = t.app.submit(&t.bram, "/leerplek", &format!("resend_confirmation:{newest}"), &[]).await;
    assert_eq!(brams_try.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_coordinator_exports_every_leerplek_of_a_cohort_with_its_history_and_answers() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    // A newer leerplek, with a different werkbegeleider, who confirms one entry.
    let since = days_ago(5);
    let fields = [
        ("organisation", "Buurtteam Oost"),
        ("team", ""),
        ("supervisor_name", "Sem Tandem"),
        ("supervisor_email", "sem@buurtteam.example.nl"),
        ("supervisor_role", "tandempartner"),
        ("since", since.as_str()),
    ];
    t.app.submit(&t.anna, "/leerplek", "save_placement", &fields).await.assert_redirect_to("/leerplek");
    let entry = t.practice(&t.anna, 1, "Huisbezoek").await;
    t.ask(&t.anna, &[entry]).await.assert_redirect_to("/leerplek");
    let path = t.link_in_mail(1).await;
    t.answer(&path, &[(entry, "bevestigd", "")]).await;

    let url = t.app.url(&format!("/cohorten/{}/leerplekken.csv", t.cohort));
    let response = t.coordinator.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains("leerplekken-cohort-"));
    let rows = crate::programme::read_csv(&response.bytes().await.unwrap());
    assert_eq!(rows[0][..3], ["naam", "organisatie", "team"]);
    assert_eq!(rows.len(), 3, "Anna's two, newest first; Bram has none: {rows:?}");
    let day = |iso: &str| chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap().format("%d-%m-%Y").to_string();
    assert_eq!(rows[1], ["Test anna@example.nl", "Buurtteam Oost", "", "Sem Tandem", "sem@buurtteam.example.nl", "Tandempartner", &day(&since), "", "1", "0"]);
    assert_eq!(rows[2][1], "Buurtteam Noord");
    assert_eq!(rows[2][7], day(&since), "the old one ended when the new one began");
    assert_eq!(rows[2][8], "0");

    // Trainers of the cohort may; participants, other cohorts' trainers and strangers may not.
    assert_eq!(t.trainer.get(&url).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(t.anna.get(&url).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let other = t.app.current_cohort("Ander").await;
    t.app.user("olga@example.nl", Role::Trainer, Some(other)).await;
    let olga = t.app.login_as("olga@example.nl").await;
    assert_eq!(olga.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(t.app.client().get(&url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_confirmed_view_counts_up_to_its_bound_and_says_there_are_more() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    // 251 waiting practice entries, all confirmed on one link (written directly: through the forms this takes minutes).
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 251)
         INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status, submitted_at)
         SELECT ?, ?, date('now', '-3 days'), 4, 'praktijk', 'Spreekuur ' || i, 'Banne', 'ingediend', '2026-01-01T00:00:00Z' FROM n",
    )
    .bind(t.anna_id)
    .bind(t.cohort)
    .execute(&t.app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO confirmation_requests (participant_id, placement_id, token_hash, created_at, expires_at)
         SELECT participant_id, id, 'bulk', '2026-01-02T00:00:00Z', '2999-01-01T00:00:00Z' FROM placements WHERE participant_id = ?",
    )
    .bind(t.anna_id)
    .execute(&t.app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO confirmation_items (request_id, entry_id, entry_submitted_at, answer, answered_at)
         SELECT r.id, h.id, h.submitted_at, 'bevestigd', '2026-01-03T00:00:00Z'
         FROM confirmation_requests r JOIN hour_entries h ON h.participant_id = r.participant_id WHERE r.token_hash = 'bulk'",
    )
    .execute(&t.app.pool)
    .await
    .unwrap();

    let queue = t.app.call(&t.trainer, "review_queue", &[("confirmed_only", "true")]).await.body;
    assert_eq!(queue["total"], 250);
    assert_eq!(queue["more_than_counted"], true);
    assert!(queue["next_after"].is_i64(), "more follow: {}", queue["next_after"]);
    assert_eq!(queue["items"].as_array().unwrap().len(), 25);
    let (_, page) = t.app.get(&t.trainer, "/beoordelen?alleen=bevestigd").await;
    assert!(page.contains("Meer dan 250 regels zijn bevestigd door de werkplek"), "{page}");
    // The whole queue still counts every waiting entry exactly.
    assert_eq!(t.app.call(&t.trainer, "review_queue", &[]).await.body["total"], 251);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmed_entry_leaves_the_confirmed_view_when_it_changes_or_its_link_is_withdrawn_and_returns_when_confirmed_again() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let visit = t.practice(&t.anna, 4, "Huisbezoek").await;
    let hour = t.practice(&t.anna, 3, "Spreekuur").await;
    t.ask(&t.anna, &[visit, hour]).await.assert_redirect_to("/leerplek");
    let confirmed = || async { t.app.call(&t.trainer, "review_queue", &[("confirmed_only", "true")]).await.body };
    let ids = |queue: serde_json::Value| -> Vec<i64> { queue["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect() };
    assert_eq!(confirmed().await["total"], 0, "asked is not confirmed");
    t.answer(&t.link_in_mail(1).await, &[(visit, "bevestigd", ""), (hour, "bevestigd", "")]).await;
    assert_eq!(ids(confirmed().await), [visit, hour]);
    assert_eq!(t.app.assert_confirmed_flag_follows_answers().await, [visit, hour]);

    // Anna changes one entry: the answer was about the entry as it was.
    let date = days_ago(3);
    let id = hour.to_string();
    let change = [("id", id.as_str()), ("worked_on", date.as_str()), ("hours", "5"), ("kind", "praktijk"), ("description", "Spreekuur, langer"), ("place", "Banne")];
    t.app.submit(&t.anna, &format!("/uren/{hour}/bewerken"), "update_hours", &change).await.assert_redirect_to("/");
    let queue = confirmed().await;
    assert_eq!(queue["total"], 1);
    assert_eq!(ids(queue), [visit]);

    // Asked again on a new link and confirmed: back in the view.
    t.ask(&t.anna, &[hour]).await.assert_redirect_to("/leerplek");
    t.answer(&t.link_in_mail(2).await, &[(hour, "bevestigd", "")]).await;
    assert_eq!(ids(confirmed().await), [visit, hour]);

    // The newest link withdrawn: the entry's newest request is the first one again, which
    // confirmed it as it was before the change, so it is not confirmed as it stands.
    let requests = t.app.call(&t.anna, "my_workplace", &[]).await.body["requests"].clone();
    let newest = requests.as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).max().unwrap();
    t.app.submit(&t.anna, "/leerplek", &format!("withdraw_confirmation:{newest}"), &[]).await.assert_redirect_to("/leerplek");
    assert_eq!(ids(confirmed().await), [visit]);
    assert_eq!(t.app.assert_confirmed_flag_follows_answers().await, [visit]);

    // Approved, it leaves the queue and the view though the leerplek's answer stands.
    let v = visit.to_string();
    let fields = [("decision", "approve"), ("ids[]", v.as_str())];
    t.app.submit(&t.trainer, "/beoordelen?alleen=bevestigd", "decide:confirmed", &fields).await.assert_redirect_to("/beoordelen?alleen=bevestigd");
    assert_eq!(confirmed().await["total"], 0);
    assert_eq!(t.app.assert_confirmed_flag_follows_answers().await, [visit]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn days_of_requests_links_and_answers_are_amsterdam_days_written_as_dutch_dates() {
    let t = track().await;
    t.placement(&t.anna, "petra@buurtteam.example.nl").await;
    let visit = t.practice(&t.anna, 4, "Huisbezoek").await;
    let hour = t.practice(&t.anna, 3, "Spreekuur").await;
    t.ask(&t.anna, &[visit, hour]).await.assert_redirect_to("/leerplek");
    let path = t.link_in_mail(1).await;
    t.answer(&path, &[(visit, "bevestigd", "")]).await;
    // Late in the evening in UTC is the next day in Amsterdam (UTC+1 in winter).
    let set = |sql: &'static str| async { sqlx::query(sql).execute(&t.app.pool).await.expect(sql) };
    set("UPDATE confirmation_requests SET created_at = '2026-11-30T23:15:00Z', expires_at = '2099-12-14T23:10:00Z'").await;
    set("UPDATE confirmation_items SET answered_at = '2026-12-01T23:30:00Z' WHERE answered_at IS NOT NULL").await;

    let (_, record) = t.app.get(&t.trainer, &format!("/deelnemers/{}", t.anna_id)).await;
    assert!(record.contains("(Buurtteam Noord) op 02-12-2026"), "the answer's Amsterdam day: {record}");
    let (_, own) = t.app.get(&t.anna, "/leerplek").await;
    assert!(own.contains("01-12-2026 aan Petra de Werkbegeleider"), "the request's Amsterdam day: {own}");
    let (_, link) = t.app.get(&t.app.client(), &path).await;
    assert!(link.contains("De link werkt tot 15-12-2099."), "the leerplek reads a Dutch date: {link}");
}
