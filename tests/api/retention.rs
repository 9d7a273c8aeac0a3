//! Retention and erasure (AVG): a cohort past its term is anonymised in one step; a
//! participant who asks is erased completely, or anonymised when certified, with
//! their name off the verification page if they want. Proven by scanning every
//! column of every table for what named them.
use reqwest::StatusCode;
use sqlx::{Row, SqlitePool};

use crate::certificates::{exec, world, World};
use crate::common::{days_ago, PASSWORD};

const BRAM: &str = "Bram de Vries-Ouali";
const BRAM_EMAIL: &str = "bram@example.nl";
const ANNA: &str = "Anna Çelik-Brouwer";
const ANNA_EMAIL: &str = "anna@example.nl";
/// What they wrote or what was written about them.
/// Each one's werkbegeleider (name, address) and the remark on a disputed entry.
const BRAMS_LEERPLEK: [&str; 3] = ["Karel Begeleider-Bram", "karel.leerplek@buurtteam.example.nl", "Karel zag hem die dag niet"];
const ANNAS_LEERPLEK: [&str; 2] = ["Sanne Begeleider-Anna", "sanne.leerplek@buurtteam.example.nl"];
const WRITTEN: [&str; 4] =
    ["Gesprek met de schuldhulp over mijn eigen schulden", "POP van Bram: mijn herstel", "Vertelde over haar opname", "Anna's eigen verhaal"];

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n1 0 obj<</Title ({text})>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").into_bytes()
}

/// Where `needle` still is: `table.column` for every column of every table (texts and
/// blobs alike, compared as bytes) that holds it in any row.
pub(crate) async fn traces_of(pool: &SqlitePool, needle: &str) -> Vec<String> {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetch_all(pool).await.unwrap();
    let mut found = Vec::new();
    for table in tables {
        let columns = sqlx::query(&format!("SELECT name FROM pragma_table_info('{table}')")).fetch_all(pool).await.unwrap();
        for column in columns {
            let column: String = column.get(0);
            let sql = format!("SELECT COUNT(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS BLOB), CAST(? AS BLOB)) > 0");
            let hits: i64 = sqlx::query_scalar(&sql).bind(needle).fetch_one(pool).await.unwrap();
            if hits > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

async fn id_of(pool: &SqlitePool, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(email).fetch_one(pool).await.unwrap()
}

async fn count(pool: &SqlitePool, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Anna passes and is certified; both write hours through the form, Bram hands in a
/// POP file, a trainer notes a remark at Anna's attendance.
async fn records(w: &World) -> (i64, String) {
    let (_, number) = w.pass().await;
    let bram = id_of(&w.app.pool, BRAM_EMAIL).await;
    exec(&w.app, &format!("UPDATE users SET name = '{BRAM}' WHERE id = {bram}")).await;
    // Her colleague's address would contain Anna's ("hanna@…") and blur the scan.
    exec(&w.app, &format!("UPDATE users SET email = 'h.docent@example.nl' WHERE id = {}", w.hanna_id)).await;
    let date = days_ago(2);
    for (client, text) in [(&w.bram_client, WRITTEN[0]), (&w.anna_client, WRITTEN[3])] {
        let fields = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "leren"), ("description", text)];
        w.app.submit(client, "/uren/nieuw", "log_hours", &fields).await.assert_redirect_to("/");
    }
    let uploaded = w.app.upload(&w.bram_client, "/plannen", "upload_plan:pop", &[], Some(("file", "pop-bram.pdf", pdf(WRITTEN[1])))).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.html);
    exec(&w.app, &format!("UPDATE attendance SET remark = '{}' WHERE participant_id = {}", WRITTEN[2], w.anna)).await;
    // Both record a leerplek and ask it to confirm practice hours; Bram's werkbegeleider disputes his.
    let practice = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "praktijk"), ("description", "Spreekuur"), ("place", "Buurtteam")];
    w.app.submit(&w.bram_client, "/uren/nieuw", "log_hours", &practice).await.assert_redirect_to("/");
    for (client, name, email) in [(&w.bram_client, BRAMS_LEERPLEK[0], BRAMS_LEERPLEK[1]), (&w.anna_client, ANNAS_LEERPLEK[0], ANNAS_LEERPLEK[1])] {
        let fields = [
            ("organisation", "Buurtteam Oost"),
            ("supervisor_name", name),
            ("supervisor_email", email),
            ("supervisor_role", "tandempartner"),
            ("since", date.as_str()),
        ];
        w.app.submit(client, "/leerplek", "save_placement", &fields).await.assert_redirect_to("/leerplek");
        let mine = w.app.call(client, "my_workplace", &[]).await.body;
        let id = mine["askable"][0]["id"].as_i64().expect("a practice entry").to_string();
        w.app.submit(client, "/leerplek", "request_confirmation", &[("entries[]", id.as_str())]).await.assert_redirect_to("/leerplek");
    }
    exec(&w.app, &format!("UPDATE confirmation_items SET answer = 'betwist', remark = '{}', answered_at = '2026-01-01T00:00:00Z' WHERE request_id = (SELECT id FROM confirmation_requests WHERE participant_id = {bram})", BRAMS_LEERPLEK[2])).await;
    (bram, number)
}

async fn cannot_log_in(w: &World, email: &str) {
    let fresh = w.app.client();
    let posted = w.app.submit(&fresh, "/inloggen", "login", &[("email", email), ("password", PASSWORD)]).await;
    assert_ne!(posted.status, StatusCode::SEE_OTHER, "{email} still logs in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cohort_past_its_retention_is_anonymised_in_one_step_and_nothing_names_them_but_the_certificate() {
    let w = world().await;
    let (bram, number) = records(&w).await;
    let cohort_page = format!("/bewaren/{}", w.cohort);
    let form = format!("anonymise_due:{}", w.cohort);
    let hours_before = count(&w.app.pool, "SELECT COALESCE(SUM(quarters), 0) FROM hour_entries WHERE cohort_id = ?", w.cohort).await;

    // While the term runs, nothing can be anonymised.
    let early = w.app.submit(&w.carla, &cohort_page, &form, &[("confirm", "yes")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.html);
    assert!(early.shows("err.retention.not_due"));

    // The cohort ended three and a half years ago; the default term is two years.
    exec(&w.app, &format!("UPDATE cohorts SET starts_on = '2022-09-01', ends_on = '2023-06-30' WHERE id = {}", w.cohort)).await;
    let (_, home) = w.app.get(&w.carla, "/").await;
    assert!(home.contains("Bij 2 deelnemers is de bewaartermijn voorbij."), "{home}");
    let (status, overview) = w.app.get(&w.carla, "/bewaren").await;
    assert_eq!(status, StatusCode::OK);
    assert!(overview.contains("2 deelnemers wachten") && overview.contains("30-06-2025"), "{overview}");
    let (_, page) = w.app.get(&w.carla, &cohort_page).await;
    assert!(page.contains("De termijn is voorbij voor 2 deelnemers") && page.contains(BRAM), "{page}");
    let (status, _) = w.app.get(&w.tom, &cohort_page).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "trainers do not decide this");

    let unconfirmed = w.app.submit(&w.carla, &cohort_page, &form, &[]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unconfirmed.field_error("confirm").as_deref(), Some("err.retention.confirm"));
    w.app.submit(&w.carla, &cohort_page, &form, &[("confirm", "yes")]).await.assert_redirect_to(&cohort_page);

    for needle in [BRAM, BRAM_EMAIL, ANNA_EMAIL].into_iter().chain(WRITTEN).chain(BRAMS_LEERPLEK).chain(ANNAS_LEERPLEK) {
        assert_eq!(traces_of(&w.app.pool, needle).await, Vec::<String>::new(), "{needle} is still stored");
    }
    // She agreed at issue that the certificate names her; it stays checkable.
    let anna = traces_of(&w.app.pool, ANNA).await;
    assert!(anna.contains(&"certificates.participant_name".to_owned()) && anna.iter().all(|t| t.starts_with("certificates.")), "{anna:?}");
    let (_, verify) = w.app.get(&w.app.client(), &format!("/verifieren/{number}")).await;
    assert!(verify.contains(ANNA) && verify.contains("Geldig"), "{verify}");

    // Totals stay for the statistics; the accounts are over, sessions included.
    let hours_after = count(&w.app.pool, "SELECT COALESCE(SUM(quarters), 0) FROM hour_entries WHERE cohort_id = ?", w.cohort).await;
    assert_eq!(hours_after, hours_before);
    assert_eq!(count(&w.app.pool, "SELECT COUNT(*) FROM stored_files WHERE uploaded_by = ?", bram).await, 0, "his POP file is gone");
    cannot_log_in(&w, ANNA_EMAIL).await;
    let (status, _) = w.app.get(&w.anna_client, "/mijn-gegevens").await;
    assert_ne!(status, StatusCode::OK, "her open session ended");
    let lines = count(&w.app.pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'anonymised' AND participant_id = ?", bram).await;
    assert_eq!(lines, 1, "the step is an audit line on him");
    // The record keeps the step, in words, and nothing of what it held.
    let (_, record) = w.app.get(&w.carla, &format!("/deelnemers/{bram}")).await;
    assert!(record.contains("gegevens geanonimiseerd") && !record.contains(WRITTEN[0]), "{record}");
    let (_, done) = w.app.get(&w.carla, "/bewaren").await;
    assert!(done.contains("Klaar"), "{done}");
    w.app.assert_hour_totals_follow_entries().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_request_someone_never_certified_is_erased_and_a_certified_name_can_leave_the_verify_page() {
    let w = world().await;
    let (bram, number) = records(&w).await;
    let bram_page = format!("/deelnemers/{bram}/wissen");
    let (status, _) = w.app.get(&w.tom, &bram_page).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, page) = w.app.get(&w.carla, &bram_page).await;
    assert!(page.contains("Alles wissen") && !page.contains("withhold_name"), "{page}");

    let form = format!("erase_participant:{bram}");
    let refused = w.app.submit(&w.carla, &bram_page, &form, &[("confirm", "yes")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("requested").as_deref(), Some("err.erasure.requested"));
    let fields = [("requested", "yes"), ("confirm", "yes")];
    w.app.submit(&w.carla, &bram_page, &form, &fields).await.assert_redirect_to(&format!("/bewaren/{}", w.cohort));

    for table in ["hour_entries", "attendance", "training_choices", "group_members", "plans", "interviews", "placements", "confirmation_requests"] {
        let rows = count(&w.app.pool, &format!("SELECT COUNT(*) FROM {table} WHERE participant_id = ?"), bram).await;
        assert_eq!(rows, 0, "{table} still holds his rows");
    }
    let trail: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE participant_id = ?").bind(bram).fetch_all(&w.app.pool).await.unwrap();
    assert_eq!(trail, ["erased"], "only the step itself, without personal data");
    for needle in [BRAM, BRAM_EMAIL, WRITTEN[0], WRITTEN[1]].into_iter().chain(BRAMS_LEERPLEK) {
        assert_eq!(traces_of(&w.app.pool, needle).await, Vec::<String>::new(), "{needle} is still stored");
    }
    let kept: i64 = sqlx::query_scalar("SELECT SUM(entries) FROM cohort_waiting").fetch_one(&w.app.pool).await.unwrap();
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries WHERE status = 'ingediend'").fetch_one(&w.app.pool).await.unwrap();
    assert_eq!(kept, live, "his deleted waiting entry left the cohort's count");
    let again = w.app.submit(&w.carla, &bram_page, &form, &fields).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.html);
    assert!(again.shows("err.erasure.already_removed"));

    // Anna has a certificate: anonymised, and on her request her name leaves the verify page.
    let anna_page = format!("/deelnemers/{}/wissen", w.anna);
    let (_, page) = w.app.get(&w.carla, &anna_page).await;
    assert!(page.contains("Anonimiseren") && page.contains("withhold_name"), "{page}");
    let fields = [("withhold_name", "yes"), ("requested", "yes"), ("confirm", "yes")];
    w.app.submit(&w.carla, &anna_page, &format!("erase_participant:{}", w.anna), &fields).await.assert_redirect_to(&format!("/bewaren/{}", w.cohort));
    let (_, verify) = w.app.get(&w.app.client(), &format!("/verifieren/{number}")).await;
    assert!(verify.contains("Naam op verzoek verwijderd") && verify.contains("Geldig") && !verify.contains(ANNA), "{verify}");
    for needle in [ANNA, ANNA_EMAIL, WRITTEN[2], WRITTEN[3]].into_iter().chain(ANNAS_LEERPLEK) {
        assert_eq!(traces_of(&w.app.pool, needle).await, Vec::<String>::new(), "{needle} is still stored");
    }
    let download = w.carla.get(w.app.url(&format!("/certificaten/{number}.pdf"))).send().await.unwrap();
    assert_eq!(download.status(), StatusCode::NOT_FOUND, "the PDF named her; it is no longer kept");
    // The signed credential named her too (base64 inside the JWT, so the scan above cannot see it).
    let signed: i64 = count(&w.app.pool, "SELECT COUNT(*) FROM certificates WHERE credential_jwt IS NOT NULL AND participant_id = ?", w.anna).await;
    assert_eq!(signed, 0, "the credential went with the PDF");
    let download = w.carla.get(w.app.url(&format!("/certificaten/{number}.jwt"))).send().await.unwrap();
    assert_eq!(download.status(), StatusCode::NOT_FOUND);
    cannot_log_in(&w, ANNA_EMAIL).await;
    w.app.assert_hour_totals_follow_entries().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_coordinator_sets_a_cohorts_term_in_whole_months() {
    let w = world().await;
    let page = format!("/bewaren/{}", w.cohort);
    let form = format!("set_retention:{}", w.cohort);
    for bad in ["0", "121", "1,5", "twee", ""] {
        let refused = w.app.submit(&w.carla, &page, &form, &[("months", bad)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(refused.field_error("months").as_deref(), Some("err.retention.months"), "{bad}");
    }
    w.app.submit(&w.carla, &page, &form, &[("months", "36")]).await.assert_redirect_to(&page);
    let (_, shown) = w.app.get(&w.carla, &page).await;
    assert!(shown.contains("36 maanden") && shown.contains("De bewaartermijn is nu 36 maanden."), "{shown}");
    let trainer = w.app.submit(&w.tom, &page, &form, &[("months", "1")]).await;
    assert_eq!(trainer.status, StatusCode::FORBIDDEN);
}
