//! The final interview and the certificate: one eligibility rule, two signatures,
//! one PDF issued once, downloads per role, and the public verification page.

use std::process::Command;

use crate::common::{days_ago, spawn_app, TestApp, PASSWORD};
use leerlijn::{
    domain::{AttendanceStatus, EntryStatus, HourKind, Organisation, PlanKind, PlanStatus, Role, SessionKind},
    world,
};
use reqwest::{header, Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Cohort C: participant Anna (meets every requirement), Bram (meets none), trainers
/// Tom (Vrijwilligersacademie) and Hanna (HvA), coordinator Carla; Olga trains cohort D.
pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) cohort: i64,
    pub(crate) anna: i64,
    pub(crate) anna_client: Client,
    pub(crate) bram_client: Client,
    pub(crate) tom: Client,
    pub(crate) hanna: Client,
    pub(crate) olga: Client,
    pub(crate) carla: Client,
    pub(crate) tom_id: i64,
    pub(crate) hanna_id: i64,
}

pub(crate) async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

pub(crate) async fn world() -> World {
    world_on(spawn_app().await).await
}

/// The same world on an app set up by the caller (one that sends mail, say).
pub(crate) async fn world_on(app: TestApp) -> World {
    let cohort = app.current_cohort("C").await;
    let other = app.current_cohort("D").await;
    let pool = &app.pool;
    let person = |email: &'static str, name: &'static str, role, organisation, cohort| async move {
        world::person(pool, email, name, role, organisation, cohort, PASSWORD).await.expect(email)
    };
    let anna = person("anna@example.nl", "Anna Çelik-Brouwer", Role::Participant, None, Some(cohort)).await;
    app.user("bram@example.nl", Role::Participant, Some(cohort)).await;
    let tom_id = app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    let hanna_id = person("hanna@example.nl", "Hanna de Docent", Role::Trainer, Some(Organisation::Hva), Some(cohort)).await;
    app.user("olga@example.nl", Role::Trainer, Some(other)).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    // What the other features record, as they record it: approved hours, attendance at a
    // lesson and an intervision of Anna's group, an approved POP and GOP.
    let yesterday = crate::common::today() - chrono::Duration::days(1);
    // 60 hours of each kind as five entries of 12 hours (the most one entry may hold).
    for kind in [HourKind::Learning, HourKind::Practice].into_iter().flat_map(|k| std::iter::repeat_n(k, 5)) {
        let entry = world::Entry {
            participant_id: anna,
            cohort_id: cohort,
            worked_on: yesterday,
            quarters: 48,
            kind,
            description: "Werk",
            place: Some("Buurtteam"),
            status: EntryStatus::Approved,
            rejection_reason: None,
            decided_by: Some(tom_id),
        };
        world::entry(pool, &entry).await.unwrap();
    }
    let group = world::group(pool, cohort, "Noord", &[anna]).await.unwrap();
    for (kind, group_id) in [(SessionKind::Lesson, None), (SessionKind::Intervision, Some(group))] {
        let session = world::Session {
            cohort_id: cohort,
            kind,
            title: "Bijeenkomst",
            held_on: yesterday,
            starts_at: "13:30",
            ends_at: "16:30",
            place: "Zaal",
            capacity: None,
            group_id,
            trainers: &[],
            created_by: tom_id,
        };
        let session = world::session(pool, &session).await.unwrap();
        world::attendance(pool, session, anna, AttendanceStatus::Present, tom_id).await.unwrap();
    }
    world::plan_in_state(pool, PlanKind::Pop, cohort, anna, PlanStatus::Approved).await.unwrap();
    world::plan_in_state(pool, PlanKind::Gop, cohort, group, PlanStatus::Approved).await.unwrap();
    let carla = app.login_as("carla@example.nl").await;
    let criteria = format!("/cohorten/{cohort}/criteria");
    app.submit(
        &carla,
        &criteria,
        &format!("save_criteria:{cohort}"),
        &[("criteria", "Zet ervaringskennis bewust in\nKent de eigen grenzen")],
    )
    .await
    .assert_redirect_to(&format!("/cohorten/{cohort}/eindgesprekken"));
    World {
        anna_client: app.login_as("anna@example.nl").await,
        bram_client: app.login_as("bram@example.nl").await,
        tom: app.login_as("tom@example.nl").await,
        hanna: app.login_as("hanna@example.nl").await,
        olga: app.login_as("olga@example.nl").await,
        carla,
        app,
        cohort,
        anna,
        tom_id,
        hanna_id,
    }
}

impl World {
    pub(crate) fn interviews_page(&self) -> String {
        format!("/cohorten/{}/eindgesprekken", self.cohort)
    }

    async fn candidates(&self) -> Vec<Value> {
        let answer = self.app.call(&self.carla, "cohort_interviews", &[("cohort_id", &self.cohort.to_string())]).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer.body["candidates"].as_array().unwrap().clone()
    }

    async fn anna_row(&self) -> Value {
        self.candidates().await.into_iter().find(|c| c["participant"]["id"] == self.anna).expect("Anna's row")
    }

    pub(crate) async fn schedule(&self, participant: i64) -> i64 {
        let fields = [
            ("participant", participant.to_string()),
            ("held_on", days_ago(-1)),
            ("starts_at", "10:00".to_owned()),
            ("place", "Vrijwilligersacademie".to_owned()),
            ("assessor_va", self.tom_id.to_string()),
            ("assessor_hva", self.hanna_id.to_string()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let known = self.app.ids("interviews").await;
        let posted = self.app.submit(&self.carla, &self.interviews_page(), "schedule_interview", &fields).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.html);
        self.app.new_id("interviews", &known).await
    }

    async fn items(&self, interview: i64) -> Vec<i64> {
        sqlx::query_scalar("SELECT id FROM interview_items WHERE interview_id = ? ORDER BY position")
            .bind(interview)
            .fetch_all(&self.app.pool)
            .await
            .unwrap()
    }

    /// Posts an assessor's sheet: `verdicts` per criterion in order.
    async fn judge(&self, client: &Client, interview: i64, verdicts: &[&str], sign: bool) -> crate::common::Posted {
        let items = self.items(interview).await;
        let mut fields: Vec<(String, String)> = Vec::new();
        // As the browser sends it: every criterion's field, a verdict where one was chosen.
        for (i, item) in items.iter().enumerate() {
            fields.push(("item".into(), item.to_string()));
            if let Some(verdict) = verdicts.get(i) {
                fields.push((format!("oordeel-{item}"), verdict.to_string()));
                fields.push((format!("toelichting-{item}"), "Besproken in het gesprek.".into()));
            }
        }
        if sign {
            fields.push(("sign".into(), "yes".into()));
        }
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.app.submit(client, &format!("/eindgesprekken/{interview}"), &format!("judge_interview:{interview}"), &fields).await
    }

    async fn status(&self, interview: i64) -> String {
        sqlx::query_scalar("SELECT status FROM interviews WHERE id = ?").bind(interview).fetch_one(&self.app.pool).await.unwrap()
    }

    async fn certificates(&self) -> Vec<(String, String)> {
        sqlx::query_as("SELECT number, sha256 FROM certificates").fetch_all(&self.app.pool).await.unwrap()
    }

    /// Anna passes: both assessors judge every criterion met and sign.
    pub(crate) async fn pass(&self) -> (i64, String) {
        let interview = self.schedule(self.anna).await;
        self.judge(&self.tom, interview, &["voldaan", "voldaan"], true).await.assert_redirect_to(&format!("/eindgesprekken/{interview}"));
        self.judge(&self.hanna, interview, &["voldaan", "voldaan"], true).await.assert_redirect_to(&format!("/eindgesprekken/{interview}"));
        let certificates = self.certificates().await;
        assert_eq!(certificates.len(), 1);
        (interview, certificates[0].0.clone())
    }

    async fn download(&self, client: &Client, number: &str) -> (StatusCode, Vec<u8>) {
        let response = client.get(self.app.url(&format!("/certificaten/{number}.pdf"))).send().await.unwrap();
        (response.status(), response.bytes().await.unwrap().to_vec())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eligibility_rule_names_each_missing_requirement() {
    let w = world().await;
    let row = w.anna_row().await;
    assert_eq!(row["eligible"], true, "{row}");
    let bram = w.candidates().await.into_iter().find(|c| c["participant"]["id"] != w.anna).unwrap();
    assert_eq!((bram["eligible"].clone(), bram["open"].clone()), (Value::Bool(false), Value::from(6)));
    let home = |html: String| html;
    // Undo one fact at a time: Anna is not eligible, one requirement is open, and her
    // checklist says which.
    let cases = [
        (
            "UPDATE hour_entries SET status = 'ingediend' WHERE kind = 'leren'",
            "UPDATE hour_entries SET status = 'goedgekeurd'",
            "Nog 54 uur nodig",
        ),
        (
            "UPDATE hour_entries SET status = 'ingediend' WHERE kind = 'praktijk'",
            "UPDATE hour_entries SET status = 'goedgekeurd'",
            "Nog 60 uur nodig",
        ),
        (
            "UPDATE attendance SET status = 'afwezig' WHERE session_id IN (SELECT id FROM programme_sessions WHERE kind = 'les')",
            "UPDATE attendance SET status = 'aanwezig'",
            "Nu 0% aanwezig",
        ),
        (
            "UPDATE attendance SET status = 'afwezig' WHERE session_id IN (SELECT id FROM programme_sessions WHERE kind = 'intervisie')",
            "UPDATE attendance SET status = 'aanwezig'",
            "Nu 0% aanwezig",
        ),
        ("UPDATE plans SET status = 'ingediend' WHERE kind = 'pop'", "UPDATE plans SET status = 'goedgekeurd'", "Ingediend: "),
        ("UPDATE plans SET status = 'revisie' WHERE kind = 'gop'", "UPDATE plans SET status = 'goedgekeurd'", "Revisie gevraagd: "),
    ];
    for (undo, redo, shown) in cases {
        exec(&w.app, undo).await;
        let row = w.anna_row().await;
        assert_eq!((row["eligible"].clone(), row["open"].clone()), (Value::Bool(false), Value::from(1)), "after {undo}");
        let (status, html) = w.app.get(&w.anna_client, "/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(home(html).contains(shown), "home after {undo} should say {shown}");
        // Staff read the count in words that fit it: one requirement, not "1 eisen".
        for page in [w.interviews_page(), format!("/cohorten/{}", w.cohort)] {
            let (status, html) = w.app.get(&w.carla, &page).await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains("nog 1 eis open") && !html.contains("nog 1 eisen open"), "{page} after {undo}");
        }
        exec(&w.app, redo).await;
        assert_eq!(w.anna_row().await["eligible"], true, "after {redo}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_assessor_cannot_finalise_and_the_second_signature_issues_one_certificate() {
    let w = world().await;
    let interview = w.schedule(w.anna).await;
    // A second interview while one is planned is refused at the form.
    let again = w
        .app
        .submit(&w.carla, &w.interviews_page(), "schedule_interview", &[("participant", &w.anna.to_string()), ("held_on", &days_ago(-1))])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Signing needs a verdict on every criterion; what was typed comes back.
    let incomplete = w.judge(&w.tom, interview, &["voldaan"], true).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(incomplete.html.contains("Kies voldaan of niet voldaan bij criterium 2."), "the message names its criterion");
    assert!(incomplete.html.contains("Besproken in het gesprek."));
    w.judge(&w.tom, interview, &["voldaan", "voldaan"], true).await.assert_redirect_to(&format!("/eindgesprekken/{interview}"));
    assert_eq!(w.status(interview).await, "gepland");
    assert!(w.certificates().await.is_empty(), "one signature issues nothing");
    // Anna sees her interview, but not the assessors' judgements before both signed.
    let (status, page) = w.app.get(&w.anna_client, &format!("/eindgesprekken/{interview}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Je ziet het hier zodra beiden hebben ondertekend") && !page.contains("Besproken in het gesprek."));
    // Tom cannot sign twice, nobody else can sign for Hanna, and no certificate comes by asking.
    assert_eq!(w.judge(&w.tom, interview, &["voldaan", "voldaan"], true).await.status, StatusCode::CONFLICT);
    assert_eq!(w.judge(&w.olga, interview, &["voldaan", "voldaan"], true).await.status, StatusCode::NOT_FOUND);
    assert_eq!(w.judge(&w.anna_client, interview, &["voldaan", "voldaan"], true).await.status, StatusCode::FORBIDDEN);
    let early = w.app.submit(&w.carla, &format!("/eindgesprekken/{interview}"), &format!("issue_certificate:{interview}"), &[]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(w.certificates().await.is_empty());

    w.judge(&w.hanna, interview, &["voldaan", "voldaan"], true).await.assert_redirect_to(&format!("/eindgesprekken/{interview}"));
    assert_eq!(w.status(interview).await, "geslaagd");
    let (_, page) = w.app.get(&w.anna_client, &format!("/eindgesprekken/{interview}")).await;
    assert!(page.contains("Besproken in het gesprek."), "after both signatures the judgements are Anna's to read");
    let certificates = w.certificates().await;
    assert_eq!(certificates.len(), 1);
    let (number, sha256) = &certificates[0];
    // Locked: no more judging, and asking again gives the same certificate.
    assert_eq!(w.judge(&w.hanna, interview, &["niet_voldaan", "voldaan"], false).await.status, StatusCode::CONFLICT);
    w.app.submit(&w.carla, &format!("/eindgesprekken/{interview}"), &format!("issue_certificate:{interview}"), &[]).await;
    assert_eq!(w.certificates().await.len(), 1);
    // One mail to Anna, with the verification link, however often issuing was asked.
    let mails: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT kind, link_path FROM outbox WHERE user_id = ? AND kind = 'certificaat'").bind(w.anna).fetch_all(&w.app.pool).await.unwrap();
    assert_eq!(mails, vec![("certificaat".to_owned(), Some(format!("/verifieren/{number}")))]);

    // Downloads: Anna, the cohort's trainers and the coordinator get the same bytes; nobody else.
    let (status, first) = w.download(&w.anna_client, number).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&hex::encode(Sha256::digest(&first)), sha256);
    for (who, client) in [("tom", &w.tom), ("hanna", &w.hanna), ("carla", &w.carla), ("anna again", &w.anna_client)] {
        let (status, bytes) = w.download(client, number).await;
        assert_eq!((status, bytes == first), (StatusCode::OK, true), "download as {who}");
    }
    for (who, client) in [("bram", &w.bram_client), ("olga", &w.olga)] {
        assert_eq!(w.download(client, number).await.0, StatusCode::NOT_FOUND, "download as {who}");
    }
    assert_ne!(w.download(&w.app.client(), number).await.0, StatusCode::OK, "anonymous download");
    // Anna's home offers it.
    let (_, home) = w.app.get(&w.anna_client, "/").await;
    assert!(home.contains(&format!("/certificaten/{number}.pdf")));
    let downloaded = "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate_downloaded' AND participant_id = ?";
    assert_eq!(w.app.count_when_settled(downloaded, w.anna, 5).await, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_interview_gives_no_certificate_and_a_new_one_keeps_the_history() {
    let w = world().await;
    let first = w.schedule(w.anna).await;
    w.judge(&w.tom, first, &["voldaan", "niet_voldaan"], true).await.assert_redirect_to(&format!("/eindgesprekken/{first}"));
    w.judge(&w.hanna, first, &["voldaan", "voldaan"], true).await.assert_redirect_to(&format!("/eindgesprekken/{first}"));
    assert_eq!(w.status(first).await, "niet_geslaagd");
    assert!(w.certificates().await.is_empty());
    let issue = w.app.submit(&w.carla, &format!("/eindgesprekken/{first}"), &format!("issue_certificate:{first}"), &[]).await;
    assert_eq!(issue.status, StatusCode::CONFLICT);
    assert!(w.certificates().await.is_empty());
    let (_, home) = w.app.get(&w.anna_client, "/").await;
    assert!(home.contains("Niet geslaagd op"), "the checklist says so");

    let second = w.schedule(w.anna).await;
    assert_ne!(first, second);
    let (status, page) = w.app.get(&w.carla, &format!("/eindgesprekken/{second}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/eindgesprekken/{first}")), "the earlier interview is linked");
    assert_eq!(w.status(first).await, "niet_geslaagd");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pass_before_the_requirements_are_met_waits_for_them() {
    let w = world().await;
    exec(&w.app, "UPDATE plans SET status = 'ingediend' WHERE kind = 'gop'").await;
    let interview = w.schedule(w.anna).await;
    w.judge(&w.tom, interview, &["voldaan", "voldaan"], true).await;
    w.judge(&w.hanna, interview, &["voldaan", "voldaan"], true).await;
    assert_eq!(w.status(interview).await, "geslaagd");
    assert!(w.certificates().await.is_empty(), "not eligible: no certificate");
    let page = format!("/eindgesprekken/{interview}");
    assert_eq!(w.app.submit(&w.carla, &page, &format!("issue_certificate:{interview}"), &[]).await.status, StatusCode::CONFLICT);
    exec(&w.app, "UPDATE plans SET status = 'goedgekeurd'").await;
    assert_eq!(w.app.submit(&w.tom, &page, &format!("issue_certificate:{interview}"), &[]).await.status, StatusCode::FORBIDDEN);
    w.app.submit(&w.carla, &page, &format!("issue_certificate:{interview}"), &[]).await.assert_redirect_to(&page);
    assert_eq!(w.certificates().await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_approval_that_completes_the_requirements_after_a_pass_issues_the_certificate_at_once() {
    let w = world().await;
    // One of Anna's five practice entries (12 hours each) still waits for a trainer when she passes the interview.
    let waiting: i64 =
        sqlx::query_scalar("SELECT id FROM hour_entries WHERE participant_id = ? AND kind = 'praktijk' AND status = 'goedgekeurd' LIMIT 1")
            .bind(w.anna)
            .fetch_one(&w.app.pool)
            .await
            .unwrap();
    exec(&w.app, &format!("UPDATE hour_entries SET status = 'ingediend', decided_by = NULL, decided_at = NULL WHERE id = {waiting}")).await;
    let interview = w.schedule(w.anna).await;
    w.judge(&w.tom, interview, &["voldaan", "voldaan"], true).await;
    w.judge(&w.hanna, interview, &["voldaan", "voldaan"], true).await;
    assert_eq!(w.status(interview).await, "geslaagd");
    assert!(w.certificates().await.is_empty(), "48 practice hours short: no certificate yet");

    // Tom approves the entry from his queue: that completes her 60 hours, and the certificate follows.
    let fields = [("decision", "approve"), ("reason", "")];
    w.app.submit(&w.tom, "/beoordelen", &format!("decide:{waiting}"), &fields).await.assert_redirect_to("/beoordelen");
    let certificates = w.certificates().await;
    assert_eq!(certificates.len(), 1, "issued in the approval's request, without the coordinator's button");
    let (issued_by, mails): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT actor_id FROM audit_log WHERE action = 'certificate_issued'),
                (SELECT COUNT(*) FROM outbox WHERE kind = 'certificaat')",
    )
    .fetch_one(&w.app.pool)
    .await
    .unwrap();
    assert_eq!((issued_by, mails), (w.tom_id, 1), "the approval's author is in the audit line; Anna gets the mail");
    let (_, home) = w.app.get(&w.anna_client, "/").await;
    assert!(home.contains(&certificates[0].0), "her home shows it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_revoked_for_a_mistake_is_corrected_by_a_new_one_that_the_old_page_points_to() {
    let w = world().await;
    let (interview, old) = w.pass().await;
    let page = format!("/eindgesprekken/{interview}");
    let reissue = [("nummer", old.as_str())];
    let standing = w.app.submit(&w.carla, &page, "reissue_certificate", &reissue).await;
    assert_eq!(standing.status, StatusCode::CONFLICT, "a certificate that stands is not replaced");
    let revoke = [("nummer", old.as_str()), ("reason", "fout"), ("note", "Verkeerde uren vermeld."), ("confirm", "yes")];
    w.app.submit(&w.carla, &page, "revoke_certificate", &revoke).await.assert_redirect_to(&format!("/verifieren/{old}"));
    let (_, shown) = w.app.get(&w.carla, &page).await;
    assert!(shown.contains("Nieuw certificaat uitgeven"), "the interview page offers the correction");
    assert_eq!(w.app.submit(&w.tom, &page, "reissue_certificate", &reissue).await.status, StatusCode::FORBIDDEN);

    let posted = w.app.submit(&w.carla, &page, "reissue_certificate", &reissue).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.html);
    let certificates = w.certificates().await;
    assert_eq!(certificates.len(), 2, "the history keeps both");
    let new = certificates.iter().map(|(n, _)| n.clone()).find(|n| *n != old).unwrap();
    assert_eq!(posted.location.as_deref(), Some(format!("/verifieren/{new}").as_str()));
    let anyone = w.app.client();
    let (_, new_page) = w.app.get(&anyone, &format!("/verifieren/{new}")).await;
    assert!(new_page.contains("Geldig") && new_page.contains("Anna Çelik-Brouwer"));
    let (_, old_page) = w.app.get(&anyone, &format!("/verifieren/{old}")).await;
    assert!(old_page.contains("Ingetrokken") && old_page.contains("Vervangen door certificaat"), "{old_page}");
    assert!(old_page.contains(&format!("href=\"/verifieren/{new}\"")), "and links to it");
    assert_eq!(w.download(&w.anna_client, &new).await.0, StatusCode::OK);
    let signed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM certificates WHERE number = ? AND credential_jwt IS NOT NULL")
        .bind(&new)
        .fetch_one(&w.app.pool)
        .await
        .unwrap();
    assert_eq!(signed, 1, "with its own signed credential");
    let (_, home) = w.app.get(&w.anna_client, "/").await;
    assert!(home.contains(&new) && !home.contains(&old), "her home shows the new one");
    let (_, shown) = w.app.get(&w.carla, &page).await;
    assert!(shown.contains(&new) && !shown.contains("Nieuw certificaat uitgeven"));
    // The old one is replaced once; the issue button returns the one that stands.
    assert_eq!(w.app.submit(&w.carla, &page, "reissue_certificate", &reissue).await.status, StatusCode::CONFLICT);
    w.app.submit(&w.carla, &page, &format!("issue_certificate:{interview}"), &[]).await.assert_redirect_to(&page);
    assert_eq!(w.certificates().await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_page_checks_numbers_and_files_and_shows_a_revocation() {
    let w = world().await;
    let (interview, number) = w.pass().await;
    let anyone = w.app.client();
    let (status, page) = w.app.get(&anyone, &format!("/verifieren/{number}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Geldig") && page.contains("Anna Çelik-Brouwer") && page.contains("Leerlijn Buurtteams"));
    assert!(!page.contains("Besproken in het gesprek"), "nothing about the interview or plans");
    // Typed in lower case with spaces, through the form (a GET, no JavaScript needed).
    let typed = number.to_lowercase().replace('-', " ");
    let (_, page) = w.app.get(&anyone, &format!("/verifieren?nummer={}", typed.replace(' ', "+"))).await;
    assert!(page.contains("Geldig"), "typed number");
    let (_, page) = w.app.get(&anyone, "/verifieren/LB-0000-0000-0000-0000").await;
    assert!(page.contains("Onbekend"));
    let (_, page) = w.app.get(&anyone, "/verifieren?nummer=%3Cscript%3E").await;
    assert!(page.contains("Onbekend") && !page.contains("<script>"));

    // The exact PDF is recognised; one changed byte is not.
    let (_, pdf) = w.download(&w.anna_client, &number).await;
    let posted = w.app.upload(&anyone, "/verifieren", "verify_pdf", &[], Some(("file", "c.pdf", pdf.clone()))).await;
    posted.assert_redirect_to(&format!("/verifieren/{number}"));
    let mut changed = pdf.clone();
    let last = changed.len() - 10;
    changed[last] ^= 1;
    let posted = w.app.upload(&anyone, "/verifieren", "verify_pdf", &[], Some(("file", "c.pdf", changed))).await;
    assert_eq!(posted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(posted.html.contains("geen certificaat dat Leerlijn heeft uitgegeven"));

    // Only a coordinator revokes, with a reason; the page flips, the PDF stays.
    let revoke = [("nummer", number.as_str()), ("reason", "fout"), ("note", "Verkeerde uren vermeld."), ("confirm", "yes")];
    let page_path = format!("/eindgesprekken/{interview}");
    assert_eq!(w.app.submit(&w.tom, &page_path, "revoke_certificate", &revoke).await.status, StatusCode::FORBIDDEN);
    let no_reason = w.app.submit(&w.carla, &page_path, "revoke_certificate", &[("nummer", &number), ("note", "x")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.field_error("reason").as_deref(), Some("err.certificate.reason"), "every missing field at once");
    assert_eq!(no_reason.field_error("confirm").as_deref(), Some("err.certificate.confirm_revoke"));
    // It cannot be undone, so it asks first: without the tick nothing happens.
    let unticked = w.app.submit(&w.carla, &page_path, "revoke_certificate", &revoke[..3]).await;
    assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unticked.field_error("confirm").as_deref(), Some("err.certificate.confirm_revoke"));
    assert!(w.app.get(&anyone, &format!("/verifieren/{number}")).await.1.contains("Geldig"), "still valid");
    w.app.submit(&w.carla, &page_path, "revoke_certificate", &revoke).await.assert_redirect_to(&format!("/verifieren/{number}"));
    let (_, page) = w.app.get(&anyone, &format!("/verifieren/{number}")).await;
    assert!(page.contains("Ingetrokken") && page.contains("fout in de gegevens") && !page.contains("Geldig"));
    assert_eq!(w.download(&w.anna_client, &number).await, (StatusCode::OK, pdf.clone()));
    // Its exact PDF is recognised, and the page says in red only that it was revoked.
    let posted = w.app.upload(&anyone, "/verifieren", "verify_pdf", &[], Some(("file", "c.pdf", pdf))).await;
    posted.assert_redirect_to(&format!("/verifieren/{number}"));
    let (_, page) = w.app.get(&anyone, &format!("/verifieren/{number}")).await;
    assert!(page.contains("Ingetrokken") && !page.contains("alert-ok"), "no green for a revoked certificate: {page}");
    let revoked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate_revoked' AND participant_id = ?")
        .bind(w.anna)
        .fetch_one(&w.app.pool)
        .await
        .unwrap();
    assert_eq!(revoked, 1);
    assert_eq!(w.app.submit(&w.carla, &page_path, "revoke_certificate", &revoke).await.status, StatusCode::CONFLICT);
}

/// One limit on failed look-ups, whichever way they come: the page, the server
/// function and the upload form share it. An empty form is never refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_look_ups_share_one_limit_on_failures_whichever_way_they_come() {
    let app = spawn_app().await;
    let client = app.client();
    for i in 0..20 {
        assert_eq!(app.get(&client, "/verifieren/LB-0000-0000-0000-0000").await.0, StatusCode::OK, "lookup {i}");
    }
    for i in 0..10 {
        let answer = app.call(&client, "verify_certificate", &[("typed", "LB-0000-0000-0000-0000")]).await;
        assert_eq!(answer.status, StatusCode::OK, "server function lookup {i}");
    }
    // The page: a Dutch HTML page that says when to try again.
    let page = client.get(app.url("/verifieren/LB-0000-0000-0000-0001")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = page.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(page.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(page.text().await.unwrap().contains("Wacht een minuut"), "a Dutch message");
    // The server function and the upload form: the same limit.
    let answer = app.call(&client, "verify_certificate", &[("typed", "LB-0000-0000-0000-0002")]).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", answer.body);
    let upload = app.upload(&client, "/verifieren", "verify_pdf", &[], Some(("file", "c.pdf", b"%PDF-1.7\n%%EOF".to_vec()))).await;
    assert_eq!(upload.status, StatusCode::TOO_MANY_REQUESTS);
    // Looking at the empty form costs nothing and is never refused.
    assert_eq!(app.get(&client, "/verifieren").await.0, StatusCode::OK);
    assert_eq!(app.get(&client, "/inloggen").await.0, StatusCode::OK, "other pages are not limited");
}

/// A refusal before the body is read (a large upload over the limit) tells the
/// client to open a new connection instead of leaving it to fail on the next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_that_leaves_the_body_unread_closes_the_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&host).await.unwrap();
    // A form post from another site with a 1 MB body: refused on its headers alone.
    let body = "x".repeat(1024 * 1024);
    let request = format!(
        "POST /uren/nieuw HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut head = vec![0u8; 4096];
    let read = socket.read(&mut head).await.unwrap();
    let head = String::from_utf8_lossy(&head[..read]).to_lowercase();
    assert!(head.starts_with("http/1.1 403"), "{head}");
    assert!(head.contains("connection: close"), "the unread body means a fresh connection: {head}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_coordinator_downloads_a_cohort_as_one_zip() {
    let w = world().await;
    let (_, number) = w.pass().await;
    let path = format!("/cohorten/{}/certificaten.zip", w.cohort);
    let response = w.carla.get(w.app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(archive.len(), 1);
    let name = archive.by_index(0).unwrap().name().to_owned();
    assert!(name.ends_with(&format!("{number}.pdf")), "{name}");
    for client in [&w.tom, &w.anna_client] {
        assert_eq!(client.get(w.app.url(&path)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} must be installed (make tools): {e}"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pdf_passes_real_tools_and_its_qr_code_opens_the_verification_page() {
    let w = world().await;
    let (_, number) = w.pass().await;
    let (_, pdf) = w.download(&w.anna_client, &number).await;
    assert!(pdf.len() < 40 * 1024, "certificate of {} bytes", pdf.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certificaat.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let file = path.to_str().unwrap();
    run("qpdf", &["--check", file]);
    let fonts = run("pdffonts", &[file]);
    let font_lines: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!font_lines.is_empty(), "{fonts}");
    for line in &font_lines {
        // name+subset prefix … emb sub uni
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert!(columns[0].contains('+'), "subset name in {line}");
        assert_eq!(columns[columns.len() - 5..columns.len() - 2], ["yes", "yes", "yes"], "emb sub uni in {line}");
    }
    let text = run("pdftotext", &["-layout", file, "-"]);
    for expected in ["Anna Çelik-Brouwer", "Leerlijn Buurtteams", number.as_str(), "Hanna de Docent", "Hogeschool van Amsterdam"] {
        assert!(text.contains(expected), "pdftotext lacks {expected}:\n{text}");
    }
    // The period completed: up to the final interview, not the cohort's planned end a year later.
    let day = |offset: i64| crate::common::today() + chrono::Duration::days(offset);
    let long = |d| leerlijn::components::format::long_date(leerlijn::i18n::Lang::Nl, d);
    assert!(text.contains(&long(day(1))), "the period ends with the interview:\n{text}");
    assert!(!text.contains(&long(day(365))), "not with the cohort's planned end:\n{text}");
    let info = run("pdfinfo", &[file]);
    assert!(info.contains("Certificaat Leerlijn Buurtteams"), "{info}");
    assert!(info.contains("Page size:       841.89 x 595.276 pts (A4)"), "A4 landscape: {info}");
    assert!(String::from_utf8_lossy(&pdf).contains("/Lang") || inflate_contains(&pdf), "catalog has /Lang");
    let png = dir.path().join("page");
    run("pdftoppm", &["-r", "150", "-png", "-singlefile", file, png.to_str().unwrap()]);
    let decoded = run("zbarimg", &["--quiet", "--raw", &format!("{}.png", png.display())]);
    assert_eq!(decoded.trim(), format!("{}/verifieren/{number}", w.app.base));
}

/// `/Lang` may sit in a compressed object stream; qpdf writes it out plainly.
fn inflate_contains(pdf: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, pdf).unwrap();
    run("qpdf", &["--qdf", "--object-streams=disable", input.to_str().unwrap(), output.to_str().unwrap()]);
    String::from_utf8_lossy(&std::fs::read(output).unwrap()).contains("/Lang (nl)")
}

/// The longest name the invite form accepts, in wide letters: every word pdftotext
/// finds on the page lies inside the frame (10 mm from each edge), and the period
/// runs to the final interview, not to the cohort's planned end.
#[test]
fn the_longest_name_stays_inside_the_frame() {
    use leerlijn::features::certificates::pdf::{render, CertificateContent};
    let name = format!("Wilhelmina {} Wouterse-Mohammadi", "W".repeat(60));
    let name: String = name.chars().take(100).collect();
    let content = CertificateContent {
        participant_name: name.clone(),
        cohort_period: "2 oktober 2026 – 1 december 2026".into(),
        learning_hours: "60".into(),
        practice_hours: "60".into(),
        trainings: vec!["Grenzen stellen".into()],
        interview_date: "1 december 2026".into(),
        assessors: ["Hanna de Docent (Vrijwilligersacademie)".into(), "Youssef Amrani (Hogeschool van Amsterdam)".into()],
        issued_on: "1 december 2026".into(),
        number: "LB-7K2M-9QXR-4T8H-WD3N".into(),
        verify_url: "https://leerlijn.example.nl/verifieren/LB-7K2M-9QXR-4T8H-WD3N".into(),
        issued_at_unix: 1_796_000_000,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lang.pdf");
    std::fs::write(&path, render(&content)).unwrap();
    let boxes = run("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let margin = 10.0 * 72.0 / 25.4;
    let mut words = 0;
    for line in boxes.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attribute = |name: &str| -> f64 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[start..].split('"').next().unwrap().parse().unwrap()
        };
        assert!(attribute("xMin") >= margin - 0.5 && attribute("xMax") <= 841.89 - margin + 0.5, "outside the frame: {line}");
        words += 1;
    }
    assert!(words > 20, "{boxes}");
    let text = run("pdftotext", &["-raw", path.to_str().unwrap(), "-"]).replace(['\n', ' '], "");
    assert!(text.contains(&name.replace(' ', "")), "the whole name is printed: {text}");
}

/// Scheduling says everything that is missing at once, each message naming its
/// field in the summary, and refuses a day that has passed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduling_reports_every_missing_field_and_refuses_a_past_day() {
    let w = world().await;
    let empty = w.app.submit(&w.carla, &w.interviews_page(), "schedule_interview", &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["participant", "held_on", "starts_at", "place", "assessor_va", "assessor_hva"] {
        assert!(empty.message_at(field).is_some(), "no message at {field}: {}", empty.html);
    }
    assert!(empty.html.contains("Beoordelaar Vrijwilligersacademie: Kies een beoordelaar."), "the summary names the field");
    assert!(empty.html.contains("Beoordelaar Hogeschool van Amsterdam: Kies een beoordelaar."));
    let anna = w.anna.to_string();
    let yesterday = days_ago(2);
    let past = w
        .app
        .submit(&w.carla, &w.interviews_page(), "schedule_interview", &[("participant", anna.as_str()), ("held_on", yesterday.as_str())])
        .await;
    assert_eq!(past.field_error("held_on").as_deref(), Some("err.interview.date_past"));
    let interviews: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interviews").fetch_one(&w.app.pool).await.unwrap();
    assert_eq!(interviews, 0);
}
