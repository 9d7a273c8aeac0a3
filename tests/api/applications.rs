//! The way in: the coordinator opens a cohort for applications with its admission
//! statements; a visitor reads the public page and applies without an account and
//! gets a confirmation mail (a real SMTP server on loopback); the coordinator plans a
//! meeting, admits (the account and the invitation in one step), uses the waiting
//! list when the cohort is full, and closed applications are erased after the
//! retention period without a trace.
use crate::{
    common::{spawn_app_with_mail, Posted, TestApp, PASSWORD},
    retention::traces_of,
    smtp::SmtpServer,
};
use leerlijn::domain::Role;
use reqwest::{Client, StatusCode};

struct Intake {
    smtp: SmtpServer,
    app: TestApp,
    cohort: i64,
    coordinator: Client,
    statements: Vec<i64>,
}

const MOTIVATION: &str = "Ik wil anderen helpen die vastlopen met schulden, zoals ik vroeger.";

async fn intake(capacity: &str) -> Intake {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_with_mail(&smtp.url()).await;
    let today = crate::common::today();
    let starts = (today + chrono::Duration::days(30)).to_string();
    let ends = (today + chrono::Duration::days(400)).to_string();
    let cohort = app.cohort("Leerlijn Buurtteams 2027", &starts, &ends).await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let page = format!("/cohorten/{cohort}/toelating");
    let settings = [("applications_open", "yes"), ("capacity", capacity), ("place", "HvA, Wibauthuis"), ("retention_months", "6")];
    app.submit(&coordinator, &page, &format!("save_admission:{cohort}"), &settings).await.assert_redirect_to(&page);
    for text in ["Ik heb een training als ervaringsdeskundige afgerond.", "Ik heb al samen met anderen als ervaringsdeskundige gewerkt."] {
        app.submit(&coordinator, &page, &format!("add_statement:{cohort}"), &[("statement", text)]).await.assert_redirect_to(&page);
    }
    let statements: Vec<i64> = sqlx::query_scalar("SELECT id FROM admission_statements WHERE cohort_id = ? ORDER BY position")
        .bind(cohort)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    Intake { smtp, app, cohort, coordinator, statements }
}

impl Intake {
    /// A complete application's fields for `name` and `email`.
    fn fields(&self, name: &str, email: &str) -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = [
            ("cohort_id", self.cohort.to_string()),
            ("lang", "nl".into()),
            ("name", name.into()),
            ("email", email.into()),
            ("phone", "06 1234 5678".into()),
            ("training", "Ervaringsdeskundigheid in de wijk (Markant)".into()),
            ("training_year", "2024".into()),
            ("experience", "Twee jaar inloopochtenden in Noord, met een maatschappelijk werker.".into()),
            ("placement", "Buurtteam Noord".into()),
            ("motivation", MOTIVATION.into()),
            ("consent", "yes".into()),
            ("website", "".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        for id in &self.statements {
            fields.push((format!("answer_{id}"), "ja".into()));
            fields.push((format!("explain_{id}"), "Bij de Regenbooggroep.".into()));
        }
        fields
    }

    async fn apply_with(&self, client: &Client, fields: &[(String, String)]) -> Posted {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.app.submit(client, "/aanmelden", "apply", &fields).await
    }

    /// Applies as a visitor and returns the application's id.
    async fn apply(&self, name: &str, email: &str) -> i64 {
        self.apply_with(&self.app.client(), &self.fields(name, email)).await.assert_redirect_to("/aanmelden/ontvangen");
        sqlx::query_scalar("SELECT id FROM applications WHERE email = ? ORDER BY id DESC").bind(email).fetch_one(&self.app.pool).await.unwrap()
    }

    async fn step(&self, form: &str, id: i64, fields: &[(&str, &str)]) -> Posted {
        self.app.submit(&self.coordinator, &format!("/aanmeldingen/{id}"), &format!("{form}:{id}"), fields).await
    }

    async fn status_of(&self, id: i64) -> String {
        sqlx::query_scalar("SELECT status FROM applications WHERE id = ?").bind(id).fetch_one(&self.app.pool).await.unwrap()
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.app.pool).await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_reads_about_the_track_applies_without_an_account_and_gets_a_confirmation_mail() {
    let t = intake("20").await;
    let visitor = t.app.client();
    let (status, html) = t.app.get(&visitor, "/leerlijn").await;
    assert_eq!(status, StatusCode::OK);
    for text in ["60 uur leren", "60 uur praktijk", "Toelatingseisen", "Leerlijn Buurtteams 2027", "Plaats: HvA, Wibauthuis"] {
        assert!(html.contains(text), "the track page shows {text:?}");
    }
    assert!(html.contains(&format!("href=\"/aanmelden?cohort={}\"", t.cohort)), "an apply button for the cohort");
    let (status, form) = t.app.get(&visitor, &format!("/aanmelden?cohort={}", t.cohort)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Ik heb een training als ervaringsdeskundige afgerond."), "each admission statement is asked");
    assert!(form.contains(&format!("name=\"answer_{}\"", t.statements[1])));
    assert!(form.contains("na 6 maanden gewist"), "the consent states the retention period");

    let id = t.apply("Sanne de Vries", "sanne@example.nl").await;
    let (status, received) = t.app.get(&visitor, "/aanmelden/ontvangen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(received.contains("We hebben je aanmelding ontvangen."));

    let mails = t.smtp.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["sanne@example.nl".to_owned()]);
    assert_eq!(mails[0].header("Subject").as_deref(), Some("We hebben je aanmelding ontvangen"));
    let text = mails[0].text();
    assert!(text.contains("Leerlijn Buurtteams 2027"), "{text}");
    assert!(!text.contains("schulden") && !text.contains("Buurtteam Noord"), "the mail carries nothing the applicant wrote: {text}");

    // The same application sent again (a double tap, a second try) is one application and one mail.
    t.apply_with(&t.app.client(), &t.fields("Sanne de Vries", "SANNE@example.nl")).await.assert_redirect_to("/aanmelden/ontvangen");
    assert_eq!(t.count("SELECT COUNT(*) FROM applications").await, 1);
    assert_eq!(t.count("SELECT COUNT(*) FROM outbox").await, 1);

    // The coordinator sees it as new, with what was answered to each statement.
    let list = t.app.call(&t.coordinator, "cohort_applications", &[("cohort_id", &t.cohort.to_string())]).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["rows"][0]["id"], id);
    assert_eq!(list.body["rows"][0]["status"], "New");
    let (status, page) = t.app.get(&t.coordinator, &format!("/aanmeldingen/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for text in ["Sanne de Vries", "sanne@example.nl", MOTIVATION, "Ik heb al samen met anderen als ervaringsdeskundige gewerkt.", "Bij de Regenbooggroep."] {
        assert!(page.contains(text), "the application page shows {text:?}");
    }
    let (_, home) = t.app.get(&t.coordinator, "/").await;
    assert!(home.contains("1 nieuwe aanmelding wacht op een stap"), "the coordinator's home starts with it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_application_keeps_what_was_typed_and_says_at_each_field_what_is_missing() {
    let t = intake("").await;
    let long = "x".repeat(2_001);
    let mut fields: Vec<(String, String)> = t
        .fields("Karim Bouzid", "karim@example.nl")
        .into_iter()
        .filter(|(k, _)| k != "consent" && k != &format!("answer_{}", t.statements[0]))
        .map(|(k, v)| match k.as_str() {
            "motivation" => (k, long.clone()),
            "training_year" => (k, "twintig".to_owned()),
            _ => (k, v),
        })
        .collect();
    fields.push(("phone".into(), "bel me".into()));
    fields.retain(|(k, v)| !(k == "phone" && v != "bel me"));
    let refused = t.apply_with(&t.app.client(), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("consent").as_deref(), Some("err.application.consent"));
    assert_eq!(refused.field_error(&format!("answer_{}", t.statements[0])).as_deref(), Some("err.application.answer"));
    assert_eq!(refused.field_error("motivation").as_deref(), Some("err.text.too_long"));
    assert_eq!(refused.field_error("training_year").as_deref(), Some("err.application.year"));
    assert_eq!(refused.field_error("phone").as_deref(), Some("err.application.phone"));
    assert!(refused.html.contains("value=\"Karim Bouzid\""), "the name stays");
    assert!(refused.html.contains("Twee jaar inloopochtenden in Noord"), "the experience stays");
    assert!(refused.html.contains(&format!("id=\"answer_{}-ja\" value=\"ja\" checked", t.statements[1])), "the given answer stays");
    assert_eq!(t.count("SELECT COUNT(*) FROM applications").await, 0, "nothing is stored");

    // Without a training, "nog niet" is an answer; a closed cohort takes nothing.
    let mut no_training = t.fields("Karim Bouzid", "karim@example.nl");
    no_training.retain(|(k, _)| k != "training" && k != "training_year");
    no_training.push(("no_training".into(), "yes".into()));
    t.apply_with(&t.app.client(), &no_training).await.assert_redirect_to("/aanmelden/ontvangen");
    let training: String = sqlx::query_scalar("SELECT training FROM applications").fetch_one(&t.app.pool).await.unwrap();
    assert_eq!(training, "");
    sqlx::query("UPDATE cohorts SET applications_open = 0").execute(&t.app.pool).await.unwrap();
    let closed = t.apply_with(&t.app.client(), &t.fields("Els", "els@example.nl")).await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert!(closed.shows("err.application.closed"));
    let (_, track) = t.app.get(&t.app.client(), "/leerlijn").await;
    assert!(track.contains("Aanmelden kan nu niet."), "the track page says so");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trap_field_and_the_limit_per_address_stop_bulk_applications() {
    let t = intake("").await;
    let mut bot = t.fields("Bot", "bot@example.nl");
    bot.retain(|(k, _)| k != "website");
    bot.push(("website".into(), "http://spam.example".into()));
    t.apply_with(&t.app.client(), &bot).await.assert_redirect_to("/aanmelden/ontvangen");
    assert_eq!(t.count("SELECT COUNT(*) FROM applications").await, 0, "the bot is told 'received' and nothing is kept");
    assert_eq!(t.count("SELECT COUNT(*) FROM outbox").await, 0, "and nobody gets mail");

    for n in 1..10 {
        t.apply(&format!("Persoon {n}"), &format!("persoon{n}@example.nl")).await;
    }
    let refused = t.apply_with(&t.app.client(), &t.fields("Persoon 10", "persoon10@example.nl")).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "ten from one address in an hour, then no more");
    assert!(refused.shows("err.application.too_many"));
    assert_eq!(t.count("SELECT COUNT(*) FROM applications").await, 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admitting_makes_the_account_in_the_cohort_and_the_invitation_mail_opens_the_participants_home() {
    let t = intake("20").await;
    let id = t.apply("Sanne de Vries", "sanne@example.nl").await;
    t.smtp.wait_for(1).await;
    t.step("plan_meeting", id, &[("meeting_on", "2026-13-01")]).await.field_error("meeting_on").expect("a bad date is refused at the field");
    let day = (crate::common::today() + chrono::Duration::days(7)).to_string();
    t.step("plan_meeting", id, &[("meeting_on", &day)]).await.assert_redirect_to(&format!("/aanmeldingen/{id}"));
    assert_eq!(t.status_of(id).await, "kennismaking");
    let mails = t.smtp.wait_for(2).await;
    assert_eq!(mails[1].header("Subject").as_deref(), Some("Uitnodiging voor een kennismakingsgesprek"));
    let shown_day = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap().format("%d-%m-%Y").to_string();
    assert!(mails[1].text().contains(&shown_day), "the applicant is told the day: {}", mails[1].text());
    t.step("note_application", id, &[("note", "Goed gesprek, start in januari.")]).await.assert_redirect_to(&format!("/aanmeldingen/{id}"));

    t.step("admit", id, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{id}"));
    assert_eq!(t.status_of(id).await, "toegelaten");
    let (user_id, cohort, role): (i64, i64, String) =
        sqlx::query_as("SELECT id, cohort_id, role FROM users WHERE email = 'sanne@example.nl'").fetch_one(&t.app.pool).await.unwrap();
    assert_eq!((cohort, role.as_str()), (t.cohort, "deelnemer"));
    let linked: i64 = sqlx::query_scalar("SELECT user_id FROM applications WHERE id = ?").bind(id).fetch_one(&t.app.pool).await.unwrap();
    assert_eq!(linked, user_id);
    let again = t.step("admit", id, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "an admitted application is not admitted twice");

    let mails = t.smtp.wait_for(3).await;
    assert_eq!(mails.len(), 3, "admitting sends the invitation, no other mail");
    assert_eq!(mails[2].to, vec!["sanne@example.nl".to_owned()]);
    assert_eq!(mails[2].header("Subject").as_deref(), Some("Je uitnodiging voor Leerlijn Buurtteams"));
    let link = mails[2].link().expect("the invitation link");
    let path = link.strip_prefix(&t.app.base).unwrap().to_owned();
    assert!(path.starts_with("/wachtwoord/"), "{path}");
    let sanne = t.app.client();
    let token = path.rsplit('/').next().unwrap();
    let fields = [("token", token), ("password", PASSWORD), ("password_repeat", PASSWORD)];
    let chosen = t.app.submit(&sanne, &path, "accept_invitation", &fields).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.html);
    let (status, home) = t.app.get(&sanne, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Sanne de Vries"), "the new participant's home");
    // What she wrote to be admitted is part of "Mijn gegevens", with the coordinator's note.
    let zip = sanne.get(t.app.url("/mijn-gegevens/gegevens.zip")).send().await.unwrap().bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    let mut application = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("aanmelding.json").unwrap(), &mut application).unwrap();
    let application: serde_json::Value = serde_json::from_str(&application).unwrap();
    assert_eq!(application[0]["motivatie"], MOTIVATION);
    assert_eq!(application[0]["antwoorden"][0]["antwoord"], "ja");
    assert_eq!(application[0]["aantekeningen"][0]["tekst"], "Goed gesprek, start in januari.");

    let (_, page) = t.app.get(&t.coordinator, &format!("/aanmeldingen/{id}")).await;
    for text in ["Goed gesprek, start in januari.", "aanmelding ontvangen", "Kennismaking gepland", "Toegelaten", &format!("/deelnemers/{user_id}")] {
        assert!(page.contains(text), "the history and the record link: {text:?}");
    }

    // She asks to be erased before the start: her application goes with her account.
    let erase_page = format!("/deelnemers/{user_id}/wissen");
    let fields = [("requested", "yes"), ("confirm", "yes")];
    let erased = t.app.submit(&t.coordinator, &erase_page, &format!("erase_participant:{user_id}"), &fields).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.html);
    for needle in ["sanne@example.nl", "Sanne de Vries", MOTIVATION, "Goed gesprek, start in januari.", "Bij de Regenbooggroep."] {
        assert_eq!(traces_of(&t.app.pool, needle).await, Vec::<String>::new(), "{needle} is still stored");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_cohort_asks_for_the_waiting_list_which_keeps_its_order() {
    let t = intake("1").await;
    t.app.user("al-binnen@example.nl", Role::Participant, Some(t.cohort)).await;
    let first = t.apply("Eerste Wachter", "eerste@example.nl").await;
    let second = t.apply("Tweede Wachter", "tweede@example.nl").await;
    let (_, page) = t.app.get(&t.coordinator, &format!("/aanmeldingen/{first}")).await;
    assert!(page.contains("Het cohort is vol: alle 1 plaatsen zijn bezet."), "the page says so before anyone tries");
    let full = t.step("admit", first, &[]).await;
    assert_eq!(full.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(full.shows("err.application.full"));
    assert_eq!(t.count("SELECT COUNT(*) FROM users WHERE email = 'eerste@example.nl'").await, 0, "no account was made");

    t.step("waitlist", first, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{first}"));
    t.step("waitlist", second, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{second}"));
    t.step("waitlist", first, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{first}"));
    let mails = t.smtp.wait_for(4).await;
    let waitlisted: Vec<_> = mails.iter().filter(|m| m.header("Subject").as_deref() == Some("Je staat op de wachtlijst")).map(|m| m.to[0].clone()).collect();
    assert_eq!(waitlisted, vec!["eerste@example.nl".to_owned(), "tweede@example.nl".to_owned()], "each hears it once");
    let list = t.app.call(&t.coordinator, "cohort_applications", &[("cohort_id", &t.cohort.to_string()), ("status", "wachtlijst")]).await;
    let places: Vec<(i64, i64)> =
        list.body["rows"].as_array().unwrap().iter().map(|r| (r["id"].as_i64().unwrap(), r["waitlist_place"].as_i64().unwrap())).collect();
    assert_eq!(places, vec![(first, 1), (second, 2)]);

    // A place comes free: the first on the list is admitted.
    sqlx::query("UPDATE cohorts SET capacity = 2").execute(&t.app.pool).await.unwrap();
    t.step("admit", first, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{first}"));
    let list = t.app.call(&t.coordinator, "cohort_applications", &[("cohort_id", &t.cohort.to_string()), ("status", "wachtlijst")]).await;
    assert_eq!(list.body["rows"][0]["waitlist_place"], 1, "the second moves up");

    // Declining needs a reason; "anders" needs a note.
    let refused = t.step("decline", second, &[("reason", "anders"), ("decline_note", "")]).await;
    assert_eq!(refused.field_error("decline_note").as_deref(), Some("err.application.note"));
    let note = "Geen leerplek in Noord dit jaar.";
    t.step("decline", second, &[("reason", "geen_leerplek"), ("decline_note", note)]).await.assert_redirect_to(&format!("/aanmeldingen/{second}"));
    let mails = t.smtp.wait_for(6).await;
    let declined = mails.iter().find(|m| m.header("Subject").as_deref() == Some("Over je aanmelding voor de Leerlijn")).expect("the declined mail");
    assert_eq!(declined.to, vec!["tweede@example.nl".to_owned()]);
    let text = declined.text();
    let until = crate::common::today().checked_add_months(chrono::Months::new(6)).unwrap().format("%d-%m-%Y").to_string();
    assert!(text.contains("Je kunt dit keer niet meedoen.") && text.contains(&until), "what happened and until when it is kept: {text}");
    assert!(!text.contains("Noord") && !text.contains("leerplek"), "never the reason or the note: {text}");
    assert_eq!(t.step("waitlist", second, &[]).await.status, StatusCode::CONFLICT, "a declined application takes no more steps");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_applications_are_erased_after_the_retention_period_without_a_trace_of_the_person() {
    let t = intake("").await;
    let declined = t.apply("Wieteke Weggaan", "wieteke@example.nl").await;
    let withdrawn = t.apply("Teun Terugtrek", "teun@example.nl").await;
    let admitted = t.apply("Blijft Bewaard", "blijft@example.nl").await;
    t.smtp.wait_for(3).await;
    t.step("decline", declined, &[("reason", "anders"), ("decline_note", "Wieteke woont buiten Amsterdam.")]).await.assert_redirect_to(&format!("/aanmeldingen/{declined}"));
    t.step("withdraw_application", withdrawn, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{withdrawn}"));
    t.step("admit", admitted, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{admitted}"));

    let erase = leerlijn::features::applications::jobs::erase_closed;
    let today = crate::common::today();
    assert_eq!(erase(&t.app.pool, &today.to_string()).await.unwrap(), 0, "nothing before its time");
    let (_, page) = t.app.get(&t.coordinator, &format!("/aanmeldingen/{declined}")).await;
    assert!(page.contains("Deze aanmelding wordt gewist op"), "the page says when");
    let later = today.checked_add_months(chrono::Months::new(6)).unwrap() + chrono::Duration::days(1);
    assert_eq!(erase(&t.app.pool, &later.to_string()).await.unwrap(), 2);
    assert_eq!(erase(&t.app.pool, &later.to_string()).await.unwrap(), 0, "once per night");
    for needle in ["Wieteke", "wieteke@example.nl", "Teun Terugtrek", "teun@example.nl", "buiten Amsterdam"] {
        assert_eq!(traces_of(&t.app.pool, needle).await, Vec::<String>::new(), "{needle} is gone from every table");
    }
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'application_erased' AND subject_id IN (?, ?)")
        .bind(declined)
        .bind(withdrawn)
        .fetch_one(&t.app.pool)
        .await
        .unwrap();
    assert_eq!(lines, 2, "each erasure is an audit line");
    assert_eq!(t.status_of(admitted).await, "toegelaten", "an admitted application stays");
    let (status, _) = t.app.get(&t.coordinator, &format!("/aanmeldingen/{declined}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_coordinator_downloads_a_cohorts_applications_and_words_next_years_questions() {
    let t = intake("").await;
    t.apply("Sanne de Vries", "sanne@example.nl").await;
    let response = t.coordinator.get(t.app.url(&format!("/cohorten/{}/aanmeldingen.csv", t.cohort))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().contains("naam;e-mail") || csv.contains("naam,e-mail"), "{csv}");
    assert!(csv.contains("Sanne de Vries") && csv.contains("sanne@example.nl") && csv.contains("Nieuw"), "{csv}");
    assert!(!csv.contains(MOTIVATION), "the free texts stay in the app");

    // Removing a statement takes it off the form; the answers already given keep it.
    let page = format!("/cohorten/{}/toelating", t.cohort);
    t.app.submit(&t.coordinator, &page, &format!("remove_statement:{}", t.statements[0]), &[]).await.assert_redirect_to(&page);
    let (_, form) = t.app.get(&t.app.client(), "/aanmelden").await;
    assert!(!form.contains("Ik heb een training als ervaringsdeskundige afgerond."));
    let id: i64 = sqlx::query_scalar("SELECT id FROM applications").fetch_one(&t.app.pool).await.unwrap();
    let (_, application) = t.app.get(&t.coordinator, &format!("/aanmeldingen/{id}")).await;
    assert!(application.contains("Ik heb een training als ervaringsdeskundige afgerond."));
    let empty = t.app.submit(&t.coordinator, &page, &format!("add_statement:{}", t.cohort), &[("statement", "  ")]).await;
    assert_eq!(empty.field_error("statement").as_deref(), Some("err.admission.statement"));
    let bad = t.app.submit(&t.coordinator, &page, &format!("save_admission:{}", t.cohort), &[("capacity", "nul"), ("retention_months", "99")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field_error("capacity").as_deref(), Some("err.admission.capacity"));
    assert_eq!(bad.field_error("retention_months").as_deref(), Some("err.admission.retention"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_who_applied_in_english_hears_every_step_in_english_and_starts_the_app_in_it() {
    let t = intake("20").await;
    let mut fields = t.fields("Amir Haddad", "amir@example.nl");
    fields.retain(|(k, _)| k != "lang");
    fields.push(("lang".into(), "en".into()));
    t.apply_with(&t.app.client(), &fields).await.assert_redirect_to("/aanmelden/ontvangen");
    let id: i64 = sqlx::query_scalar("SELECT id FROM applications WHERE email = 'amir@example.nl'").fetch_one(&t.app.pool).await.unwrap();
    let day = (crate::common::today() + chrono::Duration::days(5)).to_string();
    t.step("plan_meeting", id, &[("meeting_on", &day)]).await.assert_redirect_to(&format!("/aanmeldingen/{id}"));
    t.step("admit", id, &[]).await.assert_redirect_to(&format!("/aanmeldingen/{id}"));
    let subjects: Vec<String> = t.smtp.wait_for(3).await.iter().map(|m| m.header("Subject").unwrap_or_default()).collect();
    assert_eq!(subjects, ["We have received your application", "Invitation to a first conversation", "Your invitation to Leerlijn Buurtteams"]);
    let language: String = sqlx::query_scalar("SELECT language FROM users WHERE email = 'amir@example.nl'").fetch_one(&t.app.pool).await.unwrap();
    assert_eq!(language, "en", "the account keeps the language they applied in");
}
