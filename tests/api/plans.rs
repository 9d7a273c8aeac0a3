//! POP and GOP: uploads recognised by content, versions, review, locking, access.

use std::io::{Cursor, Write};

use crate::common::{spawn_app, TestApp};
use leerlijn::domain::Role;
use reqwest::{header, Client, StatusCode};

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n1 0 obj<</Title ({text})>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").into_bytes()
}

fn zip_of(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        writer.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn docx() -> Vec<u8> {
    zip_of(
        &[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document>Mijn POP</w:document>")],
        zip::CompressionMethod::Deflated,
    )
}

fn odt() -> Vec<u8> {
    zip_of(
        &[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office:document-content/>")],
        zip::CompressionMethod::Stored,
    )
}

/// A DOCX whose document part unpacks to 60 MB of zeros (compressed ~60 KB).
fn zip_bomb() -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer.write_all(b"<Types/>").unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..60 {
        writer.write_all(&zeros).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A DOCX of 60 entries of 1 MB of zeros each: no entry looks like a bomb, together
/// they would unpack to 60 MB in the trainer's Word.
fn spread_bomb() -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> =
        vec![("[Content_Types].xml".into(), b"<Types/>".to_vec()), ("word/document.xml".into(), b"<w:document/>".to_vec())];
    entries.extend((0..60).map(|i| (format!("word/media/image{i}.bin"), vec![0u8; 1024 * 1024])));
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, c)| (n.as_str(), c.as_slice())).collect();
    zip_of(&entries, zip::CompressionMethod::Deflated)
}

struct Cohort {
    app: TestApp,
    anna: i64,
    bram: i64,
    anna_client: Client,
    bram_client: Client,
    trainer: Client,
    cohort: i64,
}

/// Cohort C with Anna and Bram in group "Noord", Cees outside it, trainer Tom; trainer Olga of another cohort.
async fn cohort() -> Cohort {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    let other = app.current_cohort("D").await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let bram = app.user("bram@example.nl", Role::Participant, Some(cohort)).await;
    app.user("cees@example.nl", Role::Participant, Some(cohort)).await;
    app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("olga@example.nl", Role::Trainer, Some(other)).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let trainer = app.login_as("tom@example.nl").await;
    let groups = format!("/cohorten/{cohort}/groepen");
    let id = cohort.to_string();
    app.submit(&trainer, &groups, "add_group", &[("cohort_id", &id), ("group_name", "Noord")]).await.assert_redirect_to(&groups);
    let group: i64 = sqlx::query_scalar("SELECT id FROM intervision_groups").fetch_one(&app.pool).await.unwrap();
    for p in [anna, bram] {
        let place = [("cohort_id", id.as_str()), ("participant_id", &p.to_string()), ("group_id", &group.to_string())];
        app.submit(&trainer, &groups, "place_in_group", &place).await.assert_redirect_to(&groups);
    }
    let anna_client = app.login_as("anna@example.nl").await;
    let bram_client = app.login_as("bram@example.nl").await;
    Cohort { app, anna, bram, anna_client, bram_client, trainer, cohort }
}

impl Cohort {
    async fn upload(&self, client: &Client, kind: &str, name: &str, bytes: Vec<u8>, submit: bool) -> crate::common::Posted {
        let fields: &[(&str, &str)] = if submit { &[("submit", "yes")] } else { &[] };
        self.app.upload(client, "/plannen", &format!("upload_plan:{kind}"), fields, Some(("file", name, bytes))).await
    }

    async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.app.pool).await.unwrap()
    }

    async fn plan_id(&self, kind: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM plans WHERE kind = ?").bind(kind).fetch_one(&self.app.pool).await.unwrap()
    }

    async fn status(&self, plan_id: i64) -> String {
        sqlx::query_scalar("SELECT status FROM plans WHERE id = ?").bind(plan_id).fetch_one(&self.app.pool).await.unwrap()
    }

    async fn latest_version(&self, plan_id: i64) -> String {
        let id: i64 = sqlx::query_scalar("SELECT id FROM plan_versions WHERE plan_id = ? ORDER BY number DESC LIMIT 1")
            .bind(plan_id)
            .fetch_one(&self.app.pool)
            .await
            .unwrap();
        id.to_string()
    }

    async fn decide(&self, plan_id: i64, decision: &str, comment: &str) -> crate::common::Posted {
        let (plan, version) = (plan_id.to_string(), self.latest_version(plan_id).await);
        let fields = [("plan_id", plan.as_str()), ("version_id", version.as_str()), ("decision", decision), ("comment", comment)];
        self.app.upload(&self.trainer, &format!("/plannen/{plan_id}"), "decide_plan", &fields, None).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pdf_docx_and_odt_are_taken_by_content_and_each_upload_is_a_new_version() {
    let c = cohort().await;
    c.upload(&c.anna_client, "pop", "POP Anna.pdf", pdf("v1"), false).await.assert_redirect_to("/plannen#pop");
    c.upload(&c.anna_client, "pop", "pop.docx", docx(), false).await.assert_redirect_to("/plannen#pop");
    // The name says nothing: an ODT named .pdf is stored as what it is.
    c.upload(&c.anna_client, "pop", "verkeerd.pdf", odt(), true).await.assert_redirect_to("/plannen#pop");
    let stored: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT v.number, f.file_name, f.media_type, f.size_bytes FROM plan_versions v JOIN stored_files f ON f.id = v.file_id ORDER BY v.number",
    )
    .fetch_all(&c.app.pool)
    .await
    .unwrap();
    let names: Vec<&str> = stored.iter().map(|s| s.1.as_str()).collect();
    assert_eq!(names, ["POP-Anna.pdf", "pop.docx", "verkeerd.pdf.odt"]);
    assert_eq!(stored[2].2, "application/vnd.oasis.opendocument.text");
    let sha: String =
        sqlx::query_scalar("SELECT sha256 FROM stored_files WHERE file_name = 'POP-Anna.pdf'").fetch_one(&c.app.pool).await.unwrap();
    assert_eq!(sha.len(), 64);
    let plan = c.plan_id("pop").await;
    assert_eq!(c.status(plan).await, "ingediend");
    let (status, page) = c.app.get(&c.anna_client, "/plannen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Versie 3") && page.contains("Versie 1") && page.contains("POP-Anna.pdf"), "earlier versions stay listed");
    assert!(page.contains("Ingediend"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_are_refused_with_a_reason_and_nothing_is_stored() {
    let c = cohort().await;
    c.upload(&c.anna_client, "pop", "pop.pdf", pdf("v1"), true).await.assert_redirect_to("/plannen#pop");
    let (files, versions) = (c.count("stored_files").await, c.count("plan_versions").await);
    let program = [&b"MZ\x90\x00\x03"[..], &[0u8; 200][..]].concat();
    let eleven_mb = [&b"%PDF-1.7\n"[..], &vec![b' '; 11 * 1024 * 1024][..], &b"%%EOF"[..]].concat();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("plan.pdf", program, "err.plan.file_program"),
        ("groot.pdf", eleven_mb, "err.plan.file_too_large"),
        ("leeg.pdf", Vec::new(), "err.plan.file_empty"),
        ("bom.docx", zip_bomb(), "err.plan.file_bomb"),
        ("verspreid.docx", spread_bomb(), "err.plan.file_bomb"),
        ("plan.docx", b"PK\x03\x04 geen archief".to_vec(), "err.plan.file_damaged"),
        ("plan.odt", b"Gewoon een tekstbestand".to_vec(), "err.plan.file_type"),
    ];
    for (name, bytes, key) in cases {
        let refused = c.upload(&c.anna_client, "pop", name, bytes, true).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(refused.field_error("bestand-pop").as_deref(), Some(key), "{name}");
    }
    let no_file = c.app.upload(&c.anna_client, "/plannen", "upload_plan:pop", &[], None).await;
    assert_eq!(no_file.field_error("bestand-pop").as_deref(), Some("err.plan.file_missing"));
    assert_eq!((c.count("stored_files").await, c.count("plan_versions").await), (files, versions), "nothing stored");
    assert_eq!(c.status(c.plan_id("pop").await).await, "ingediend", "the previous version is intact");

    // A name full of paths and odd Unicode is taken, cleaned (browsers escape line breaks in names).
    let odd = "../../..\\Windows\\\u{202e}fdp.\u{200b}plan\u{fe0f} ëé%0D%0A.pdf";
    c.upload(&c.anna_client, "pop", odd, pdf("v2"), false).await.assert_redirect_to("/plannen#pop");
    let name: String =
        sqlx::query_scalar("SELECT file_name FROM stored_files ORDER BY id DESC LIMIT 1").fetch_one(&c.app.pool).await.unwrap();
    assert!(!name.contains('/') && !name.contains('\\') && name.is_ascii() && name.ends_with(".pdf"), "{name}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainer_asks_for_a_revision_then_approves_and_the_plan_locks_until_reopened() {
    let c = cohort().await;
    c.upload(&c.anna_client, "pop", "pop.pdf", pdf("v1"), true).await;
    let plan = c.plan_id("pop").await;
    let (queue_status, queue) = c.app.get(&c.trainer, "/beoordelen").await;
    assert_eq!(queue_status, StatusCode::OK);
    assert!(queue.contains(&format!("/plannen/{plan}")), "the plan waits in the trainer's queue");

    let (_, review) = c.app.get(&c.trainer, &format!("/plannen/{plan}")).await;
    assert!(review.contains("<leptos-island") && review.contains("/pkg/leerlijn.js"), "the decision form's file shows progress");
    let no_feedback = c.decide(plan, "revisie", "").await;
    assert_eq!(no_feedback.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_feedback.field_error("comment").as_deref(), Some("err.plan.feedback_needed"));
    // The feedback may carry a file (checked like any upload); the participant can download it.
    let (plan_s0, version0) = (plan.to_string(), c.latest_version(plan).await);
    let feedback = [
        ("plan_id", plan_s0.as_str()),
        ("version_id", version0.as_str()),
        ("decision", "revisie"),
        ("comment", "Maak je leerdoelen concreter."),
    ];
    let bad_attachment = c
        .app
        .upload(&c.trainer, &format!("/plannen/{plan}"), "decide_plan", &feedback, Some(("file", "x.pdf", b"MZ".repeat(100))))
        .await;
    assert_eq!(bad_attachment.field_error("file").as_deref(), Some("err.plan.file_program"));
    assert_eq!(c.status(plan).await, "ingediend", "a refused decision changes nothing");
    c.app
        .upload(&c.trainer, &format!("/plannen/{plan}"), "decide_plan", &feedback, Some(("file", "Feedback Tom.pdf", pdf("feedback"))))
        .await
        .assert_redirect_to("/beoordelen");
    let attachment: i64 = sqlx::query_scalar("SELECT file_id FROM plan_feedback").fetch_one(&c.app.pool).await.unwrap();
    let response = c.anna_client.get(c.app.url(&format!("/plannen/bestanden/{attachment}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the owner downloads the trainer's attachment");
    assert_eq!(c.status(plan).await, "revisie");
    let (_, page) = c.app.get(&c.anna_client, "/plannen").await;
    assert!(page.contains("Maak je leerdoelen concreter.") && page.contains("Revisie gevraagd"));

    c.upload(&c.anna_client, "pop", "pop-v2.pdf", pdf("v2"), true).await.assert_redirect_to("/plannen#pop");
    // A decision on the replaced version is refused: it no longer waits.
    let (plan_s, old_version) = (
        plan.to_string(),
        sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM plan_versions").fetch_one(&c.app.pool).await.unwrap().to_string(),
    );
    let stale = [("plan_id", plan_s.as_str()), ("version_id", old_version.as_str()), ("decision", "goedgekeurd"), ("comment", "")];
    let refused = c.app.upload(&c.trainer, &format!("/plannen/{plan}"), "decide_plan", &stale, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let before = c.app.call(&c.anna_client, "my_hours", &[]).await.body;
    assert_eq!(before["plans"]["pop"], "Submitted");
    c.decide(plan, "goedgekeurd", "Mooi plan.").await.assert_redirect_to("/beoordelen");
    assert_eq!(c.status(plan).await, "goedgekeurd");
    let after = c.app.call(&c.anna_client, "my_hours", &[]).await.body;
    assert_eq!(after["plans"]["pop"], "Approved", "the home checklist reads the approval");
    let (_, home) = c.app.get(&c.anna_client, "/").await;
    assert!(home.contains("Groepsontwikkelplan") || home.contains("GOP"), "the checklist names the plans");

    let locked = c.upload(&c.anna_client, "pop", "pop-v3.pdf", pdf("v3"), true).await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    let typed = [("text", "Een nieuwe versie van mijn plan, getypt.")];
    assert_eq!(c.app.submit(&c.anna_client, "/plannen", "write_plan:pop", &typed).await.status, StatusCode::CONFLICT);
    assert_eq!(c.count("plan_versions").await, 2);

    let reopen = [("plan_id", plan_s.as_str()), ("reason", "Aanvulling nodig voor het eindgesprek.")];
    c.app.submit(&c.trainer, &format!("/plannen/{plan}"), "reopen_plan", &reopen).await.assert_redirect_to(&format!("/plannen/{plan}"));
    assert_eq!(c.status(plan).await, "revisie");
    c.app.submit(&c.anna_client, "/plannen", "write_plan:pop", &typed).await.assert_redirect_to("/plannen#pop");
    let viewed = "SELECT COUNT(*) FROM audit_log WHERE participant_id = ? AND action = 'view_plan'";
    assert!(c.app.count_when_settled(viewed, c.anna, 1).await >= 1, "the trainer's view is in Anna's trail");
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE participant_id = ? AND subject_type = 'plan' ORDER BY id")
            .bind(c.anna)
            .fetch_all(&c.app.pool)
            .await
            .unwrap();
    for expected in ["submit_plan_version", "ask_plan_revision", "approve_plan", "reopen_plan", "view_plan"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
    // Anna was told each decision by mail: what happened, never the trainer's words.
    let mails: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT kind, params, link_path FROM outbox WHERE user_id = ? ORDER BY id").bind(c.anna).fetch_all(&c.app.pool).await.unwrap();
    let kinds: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(kinds, ["plan_terug", "plan_goedgekeurd", "plan_terug"]);
    for (_, params, link) in &mails {
        assert_eq!(params, r#"{"plan":"POP"}"#);
        assert_eq!(link.as_deref(), Some("/plannen"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_groups_gop_is_shared_by_its_members_and_approved_for_all() {
    let c = cohort().await;
    c.upload(&c.anna_client, "gop", "gop.pdf", pdf("gop"), true).await.assert_redirect_to("/plannen#gop");
    let (_, bram_page) = c.app.get(&c.bram_client, "/plannen").await;
    assert!(bram_page.contains("gop.pdf"), "another member sees the group's plan");
    let cees = c.app.login_as("cees@example.nl").await;
    let (_, cees_page) = c.app.get(&cees, "/plannen").await;
    assert!(!cees_page.contains("gop.pdf"), "a non-member does not");
    let refused = c.upload(&cees, "gop", "gop.pdf", pdf("x"), true).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "no group, no GOP");
    let plan = c.plan_id("gop").await;
    c.decide(plan, "goedgekeurd", "").await.assert_redirect_to("/beoordelen");
    for who in ["anna@example.nl", "bram@example.nl"] {
        let client = c.app.login_as(who).await;
        let (_, page) = c.app.get(&client, "/plannen").await;
        assert!(page.contains("Goedgekeurd"), "{who}");
    }
    let approvals: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT participant_id) FROM audit_log WHERE action = 'approve_plan'")
        .fetch_one(&c.app.pool)
        .await
        .unwrap();
    assert_eq!(approvals, 2, "the approval is in both members' audit trails");
    let (_, table) = c.app.get(&c.trainer, &format!("/cohorten/{}", c.cohort)).await;
    let approved_cell = format!("data-label=\"GOP\"><a href=\"/plannen/{plan}\">Goedgekeurd</a>");
    assert_eq!(table.matches(&approved_cell).count(), 2, "the cohort table shows it for both members, linked");
    let (_, record) = c.app.get(&c.trainer, &format!("/deelnemers/{}", c.bram)).await;
    assert!(record.contains(&format!("href=\"/plannen/{plan}\"")), "the participant's record links to the group's plan");
    assert_eq!(table.matches("data-label=\"GOP\">geen groep").count(), 1, "and no GOP for Cees, who has no group");
    assert_eq!(table.matches("data-label=\"POP\">Nog niet begonnen").count(), 3, "and the POP column for all three");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_files_and_pages_answer_only_those_who_may_read_them() {
    let c = cohort().await;
    c.upload(&c.anna_client, "pop", "pop.pdf", pdf("pop"), true).await;
    c.upload(&c.anna_client, "gop", "gop.pdf", pdf("gop"), true).await;
    let file = |name: &str| {
        let pool = c.app.pool.clone();
        let name = name.to_owned();
        async move { sqlx::query_scalar::<_, i64>("SELECT id FROM stored_files WHERE file_name = ?").bind(name).fetch_one(&pool).await.unwrap() }
    };
    let (pop_file, gop_file) = (file("pop.pdf").await, file("gop.pdf").await);
    let (pop, gop) = (c.plan_id("pop").await, c.plan_id("gop").await);
    let callers = [
        ("anonymous", c.app.client()),
        ("owner anna", c.anna_client.clone()),
        ("group member bram", c.bram_client.clone()),
        ("other participant cees", c.app.login_as("cees@example.nl").await),
        ("cohort trainer", c.trainer.clone()),
        ("other trainer", c.app.login_as("olga@example.nl").await),
        ("coordinator", c.app.login_as("carla@example.nl").await),
    ];
    const OK: u16 = 200;
    const NF: u16 = 404;
    const NO: u16 = 403;
    const LOGIN: u16 = 303;
    //                          anon    anna  bram  cees  tom   olga  carla
    let table: [(&str, String, [u16; 7]); 5] = [
        ("POP file", format!("/plannen/bestanden/{pop_file}"), [LOGIN, OK, NF, NF, OK, NF, OK]),
        ("GOP file", format!("/plannen/bestanden/{gop_file}"), [LOGIN, OK, OK, NF, OK, NF, OK]),
        ("unknown file", "/plannen/bestanden/999999".to_owned(), [LOGIN, NF, NF, NF, NF, NF, NF]),
        ("POP review page", format!("/plannen/{pop}"), [LOGIN, NO, NO, NO, OK, NF, OK]),
        ("GOP review page", format!("/plannen/{gop}"), [LOGIN, NO, NO, NO, OK, NF, OK]),
    ];
    for (what, path, expected) in table {
        for ((who, client), want) in callers.iter().zip(expected) {
            let response = client.get(c.app.url(&path)).send().await.unwrap();
            assert_eq!(response.status().as_u16(), want, "{what} as {who}");
            if want == OK && what.ends_with("file") {
                let headers = response.headers();
                assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
                assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename=\""));
                assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
                assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
            }
        }
    }
    let downloaded = "SELECT COUNT(*) FROM audit_log WHERE action = 'download_plan_file' AND participant_id = ?";
    let downloads = c.app.count_when_settled(downloaded, c.anna, 7).await;
    assert_eq!(downloads, 7, "every download in Anna's trail: 3 of her POP, 4 of her group's GOP");
    // Nobody else decides: not the owner, not another cohort's trainer, not the coordinator.
    let version = c.latest_version(pop).await;
    let pop_s = pop.to_string();
    let decide = [("plan_id", pop_s.as_str()), ("version_id", version.as_str()), ("decision", "goedgekeurd"), ("comment", "")];
    for (i, want) in [(1, NO), (3, NF), (5, NF), (6, NO)] {
        let (who, client) = &callers[i];
        let got = c.app.upload(client, &format!("/plannen/{pop}"), "decide_plan", &decide, None).await.status.as_u16();
        assert_eq!(got, want, "decide_plan as {who}");
    }
    assert_eq!(c.status(pop).await, "ingediend");
}

/// A draft saved while an earlier version waits does not take that version out of
/// review: the trainer still decides on what was handed in, and the participant is told.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_saved_while_a_version_waits_leaves_it_in_review() {
    let c = cohort().await;
    c.upload(&c.anna_client, "pop", "pop.pdf", pdf("v1"), true).await.assert_redirect_to("/plannen#pop");
    let plan = c.plan_id("pop").await;
    let handed_in = c.latest_version(plan).await;
    c.upload(&c.anna_client, "pop", "pop.pdf", pdf("v2"), false).await.assert_redirect_to("/plannen#pop");
    assert_eq!(c.status(plan).await, "ingediend", "version 1 is still waiting");
    let (_, queue) = c.app.get(&c.trainer, "/beoordelen").await;
    assert!(queue.contains(&format!("/plannen/{plan}")), "the queue still lists the plan");
    let (_, review) = c.app.get(&c.trainer, &format!("/plannen/{plan}")).await;
    assert!(review.contains(&format!("name=\"version_id\" value=\"{handed_in}\"")), "the decision is about version 1");
    let (_, mine) = c.app.get(&c.anna_client, "/plannen").await;
    assert!(mine.contains("Versie 1 wacht op beoordeling. Versie 2 is een concept."), "Anna is told");

    let plan_field = plan.to_string();
    let fields = [("plan_id", plan_field.as_str()), ("version_id", handed_in.as_str()), ("decision", "goedgekeurd"), ("comment", "")];
    let decided = c.app.upload(&c.trainer, &format!("/plannen/{plan}"), "decide_plan", &fields, None).await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.html);
    assert_eq!(c.status(plan).await, "goedgekeurd");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trainer_sees_waiting_plans_by_their_latest_hand_in_oldest_first() {
    let c = cohort().await;
    c.upload(&c.anna_client, "pop", "pop.pdf", pdf("anna v1"), true).await.assert_redirect_to("/plannen#pop");
    let anna_pop: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE participant_id = ?").bind(c.anna).fetch_one(&c.app.pool).await.unwrap();
    c.upload(&c.bram_client, "pop", "pop.pdf", pdf("bram v1"), true).await.assert_redirect_to("/plannen#pop");
    let bram_pop: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE participant_id = ?").bind(c.bram).fetch_one(&c.app.pool).await.unwrap();
    c.upload(&c.anna_client, "gop", "gop.pdf", pdf("gop v1"), true).await.assert_redirect_to("/plannen#gop");
    let gop = c.plan_id("gop").await;
    // Hand-ins seconds apart in a test are given days apart, in another order than their ids.
    let handed_in = |plan: i64, at: &'static str| {
        let pool = c.app.pool.clone();
        async move {
            sqlx::query("UPDATE plan_versions SET submitted_at = ? WHERE id = (SELECT MAX(id) FROM plan_versions WHERE plan_id = ?)")
                .bind(at)
                .bind(plan)
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    handed_in(gop, "2026-11-01T09:00:00Z").await;
    handed_in(bram_pop, "2026-11-02T09:00:00Z").await;
    handed_in(anna_pop, "2026-11-03T09:00:00Z").await;
    let waiting = || async {
        let home = c.app.call(&c.trainer, "trainer_dashboard", &[]).await.body;
        let ids: Vec<i64> = home["plans"]["oldest"].as_array().unwrap().iter().map(|p| p["plan_id"].as_i64().unwrap()).collect();
        (ids, home["plans"]["total"].as_i64().unwrap())
    };
    assert_eq!(waiting().await, (vec![gop, bram_pop, anna_pop], 3));
    c.app.assert_plan_times_follow_versions().await;

    // A revision takes the GOP out; handed in again, it waits behind the others by its new hand-in.
    c.decide(gop, "revisie", "Schrijf samen een doel per lid.").await.assert_redirect_to("/beoordelen");
    assert_eq!(waiting().await, (vec![bram_pop, anna_pop], 2));
    c.upload(&c.bram_client, "gop", "gop-v2.pdf", pdf("gop v2"), true).await.assert_redirect_to("/plannen#gop");
    handed_in(gop, "2026-11-04T09:00:00Z").await;
    assert_eq!(waiting().await, (vec![bram_pop, anna_pop, gop], 3));
    c.app.assert_plan_times_follow_versions().await;
    let olga = c.app.login_as("olga@example.nl").await;
    assert_eq!(c.app.call(&olga, "trainer_dashboard", &[]).await.body["plans"]["total"], 0, "another cohort's trainer sees none");
}
