//! Everything stored about one participant: counted for the page, and written as
//! one ZIP (a readable JSON per kind of record, their plan files, their
//! certificates and a README saying what each file is). Each kind is built by
//! SQLite as one JSON document, so the ZIP is a handful of queries.
use std::io::Write;

use axum::{extract::State, response::Response};
use sqlx::SqlitePool;

use super::{Look, MyData};
use crate::{
    domain::{AuditAction, Role},
    error::AppError,
    server::{audit::note_read, blocking::run_bounded, caller::CurrentUser, clock::amsterdam_time, download::attachment, state::AppState},
};

/// Lines of "who looked" on the page (the ZIP has the whole trail).
const LOOKS_SHOWN: i64 = 200;

pub async fn overview(pool: &SqlitePool, participant_id: i64) -> Result<MyData, AppError> {
    let row = sqlx::query!(
        r#"SELECT u.name, u.email, COALESCE(c.name, '') AS "cohort!: String",
              (SELECT COUNT(*) FROM hour_entries WHERE participant_id = u.id) AS "entries!: i64",
              (SELECT COUNT(*) FROM attendance WHERE participant_id = u.id) AS "attendance!: i64",
              (SELECT COUNT(*) FROM plan_versions WHERE plan_id IN (SELECT plan_id FROM plan_participants WHERE participant_id = u.id))
                  AS "plan_versions!: i64",
              (SELECT COUNT(*) FROM stored_files WHERE id IN (SELECT file_id FROM own_plan_files WHERE participant_id = u.id))
                  AS "files!: i64",
              (SELECT COUNT(*) FROM interviews WHERE participant_id = u.id) AS "interviews!: i64",
              (SELECT COUNT(*) FROM certificates WHERE participant_id = u.id) AS "certificates!: i64",
              (SELECT COUNT(*) FROM audit_log WHERE participant_id = u.id) AS "audit_lines!: i64"
           FROM users u LEFT JOIN cohorts c ON c.id = u.cohort_id WHERE u.id = ?"#,
        participant_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(MyData {
        name: row.name,
        email: row.email,
        cohort: row.cohort,
        entries: row.entries,
        attendance: row.attendance,
        plan_versions: row.plan_versions,
        files: row.files,
        interviews: row.interviews,
        certificates: row.certificates,
        audit_lines: row.audit_lines,
        looks: looks(pool, participant_id).await?,
    })
}

/// Reads of the participant's data by anyone else, newest first.
pub async fn looks(pool: &SqlitePool, participant_id: i64) -> Result<Vec<Look>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT a.at, a.action, u.name AS "who!", u.role AS "role!"
           FROM audit_log a JOIN users u ON u.id = a.actor_id
           WHERE a.participant_id = ? AND a.reading = ? AND a.actor_id <> a.participant_id
           ORDER BY a.id DESC LIMIT ?"#,
        participant_id,
        true,
        LOOKS_SHOWN,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let action = AuditAction::parse(&r.action)?;
            let role = Role::parse(&r.role).ok()?.label_key().to_owned();
            Some(Look { at: amsterdam_time(&r.at), who: r.who, role, what: action.label_key().to_owned() })
        })
        .collect())
}

/// `/mijn-gegevens/gegevens.zip`: the participant's own data, for them alone.
pub async fn download(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    user.require(Role::Participant)?;
    let export = gather(&state.pool, user.id).await?;
    let zip = run_bounded("data export", move || export.zip()).await?.map_err(|error| {
        tracing::error!(%error, "data export could not be written");
        AppError::Internal
    })?;
    note_read(&state.read_log, user.id, user.id, AuditAction::ExportOwnData, "participant", user.id).await;
    attachment(zip, "application/zip", "mijn-gegevens-leerlijn.zip")
}

struct Export {
    documents: Vec<(&'static str, String)>,
    files: Vec<(String, Vec<u8>)>,
}

async fn gather(pool: &SqlitePool, id: i64) -> Result<Export, AppError> {
    let account = sqlx::query_scalar!(
        r#"SELECT json_object('naam', u.name, 'e_mailadres', u.email, 'rol', u.role, 'cohort', c.name,
                  'cohort_start', c.starts_on, 'cohort_einde', c.ends_on, 'account_gemaakt', u.created_at, 'begonnen_op', u.joined_on)
                  AS "json!: String"
           FROM users u LEFT JOIN cohorts c ON c.id = u.cohort_id WHERE u.id = ?"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let hours = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_object('datum', h.worked_on, 'uren', h.quarters / 4.0, 'soort', h.kind,
                  'omschrijving', h.description, 'plaats', h.place, 'status', h.status, 'reden_afkeuring', h.rejection_reason,
                  'beoordeeld_door', d.name, 'beoordeeld_op', h.decided_at, 'ingediend_op', h.submitted_at,
                  'ingetrokken_op', h.withdrawn_at)) AS "json!: String"
           FROM (SELECT * FROM hour_entries WHERE participant_id = ? ORDER BY worked_on, id) h
           LEFT JOIN users d ON d.id = h.decided_by"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let attendance = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_object('bijeenkomst', s.title, 'soort', s.kind, 'datum', s.held_on,
                  'aanwezigheid', a.status, 'opmerking', a.remark, 'uren', a.credited_minutes / 60.0, 'genoteerd_op', a.recorded_at))
                  AS "json!: String"
           FROM (SELECT * FROM attendance WHERE participant_id = ?) a JOIN programme_sessions s ON s.id = a.session_id"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let plans = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_object('plan', p.kind, 'status', p.status, 'versie', v.number, 'tekst', v.body,
                  'bestand', f.file_name, 'gemaakt_op', v.created_at, 'ingediend_op', v.submitted_at,
                  'feedback', (SELECT json_group_array(json_object('besluit', fb.decision, 'toelichting', fb.comment,
                                   'trainer', t.name, 'op', fb.created_at))
                               FROM plan_feedback fb LEFT JOIN users t ON t.id = fb.trainer_id WHERE fb.version_id = v.id)))
                  AS "json!: String"
           FROM plans p JOIN plan_versions v ON v.plan_id = p.id LEFT JOIN stored_files f ON f.id = v.file_id
           WHERE p.id IN (SELECT plan_id FROM plan_participants WHERE participant_id = ?)"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let interviews = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_object('datum', i.held_on, 'tijd', i.starts_at, 'plaats', i.place, 'status', i.status,
                  'oordelen', (SELECT json_group_array(json_object('criterium', it.title, 'beoordelaar', b.name,
                                   'voldaan', j.met, 'toelichting', j.explanation))
                               FROM interview_items it JOIN interview_judgements j ON j.item_id = it.id
                               LEFT JOIN users b ON b.id = j.assessor_id WHERE it.interview_id = i.id)))
                  AS "json!: String"
           FROM interviews i WHERE i.participant_id = ?"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let workplace = sqlx::query_scalar!(
        r#"SELECT json_object(
                  'leerplekken', (SELECT json_group_array(json_object('organisatie', organisation, 'team', team,
                       'begeleider', supervisor_name, 'e_mail', supervisor_email, 'rol', supervisor_role, 'sinds', since))
                       FROM placements WHERE participant_id = ?),
                  'bevestigingen', (SELECT json_group_array(json_object('gevraagd_op', r.created_at, 'uren_regel', ci.entry_id,
                       'antwoord', ci.answer, 'opmerking', ci.remark, 'beantwoord_op', ci.answered_at, 'ingetrokken_op', r.withdrawn_at))
                       FROM confirmation_requests r JOIN confirmation_items ci ON ci.request_id = r.id WHERE r.participant_id = ?))
                  AS "json!: String""#,
        id,
        id
    )
    .fetch_one(pool)
    .await?;
    // What they wrote to be admitted, their answers to the admission statements and the coordinator's notes.
    let application = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_object('cohort', c.name, 'aangemeld_op', a.created_at, 'naam', a.name, 'e_mail', a.email,
                  'telefoon', a.phone, 'training', a.training, 'jaar_training', a.training_year, 'ervaring', a.experience,
                  'leerplek', a.placement, 'motivatie', a.motivation, 'toestemming_op', a.consented_at, 'stand', a.status,
                  'antwoorden', (SELECT json_group_array(json_object('eis', s.text, 'antwoord', x.answer, 'toelichting', x.explanation))
                                 FROM application_answers x JOIN admission_statements s ON s.id = x.statement_id WHERE x.application_id = a.id),
                  'aantekeningen', (SELECT json_group_array(json_object('op', n.created_at, 'tekst', n.text))
                                    FROM application_notes n WHERE n.application_id = a.id)))
                  AS "json!: String"
           FROM applications a JOIN cohorts c ON c.id = a.cohort_id WHERE a.user_id = ?"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let trail = sqlx::query!(
        r#"SELECT a.at, a.action, a.subject_type, u.name AS "actor?" FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           WHERE a.participant_id = ? ORDER BY a.id"#,
        id
    )
    .fetch_all(pool)
    .await?;
    let trail: Vec<serde_json::Value> = trail
        .into_iter()
        .map(|r| {
            let what = AuditAction::parse(&r.action).map(|a| crate::i18n::tr(crate::i18n::Lang::Nl, a.label_key())).unwrap_or(r.action);
            serde_json::json!({ "op": r.at, "wie": r.actor, "wat": what, "over": r.subject_type })
        })
        .collect();
    let stints = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_object('cohort', c.name, 'begonnen_op', e.joined_on, 'tot', e.left_on,
                  'hoe_geeindigd', e.left_as, 'reden', e.reason, 'verwacht_terug', e.expected_back)) AS "json!: String"
           FROM (SELECT * FROM enrolments WHERE participant_id = ? ORDER BY joined_on, id) e JOIN cohorts c ON c.id = e.cohort_id"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let mut files: Vec<(String, Vec<u8>)> = sqlx::query!(
        r#"SELECT f.id AS "id!", f.file_name, f.content FROM stored_files f
           WHERE f.id IN (SELECT file_id FROM own_plan_files WHERE participant_id = ?) ORDER BY f.id"#,
        id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|f| (format!("plannen/{}-{}", f.id, crate::clean::file_name(&f.file_name)), f.content))
    .collect();
    let certificates =
        sqlx::query!("SELECT number, pdf FROM certificates WHERE participant_id = ? ORDER BY id", id).fetch_all(pool).await?;
    files.extend(certificates.into_iter().map(|c| (format!("certificaat-{}.pdf", crate::clean::file_name(&c.number)), c.pdf)));
    let pretty = |json: &str| {
        serde_json::from_str::<serde_json::Value>(json).and_then(|v| serde_json::to_string_pretty(&v)).map_err(|_| AppError::Internal)
    };
    Ok(Export {
        documents: vec![
            ("account.json", pretty(&account)?),
            ("uren.json", pretty(&hours)?),
            ("deelname.json", pretty(&stints)?),
            ("aanwezigheid.json", pretty(&attendance)?),
            ("plannen.json", pretty(&plans)?),
            ("eindgesprek.json", pretty(&interviews)?),
            ("leerplek.json", pretty(&workplace)?),
            ("aanmelding.json", pretty(&application)?),
            ("logboek.json", serde_json::to_string_pretty(&trail).map_err(|_| AppError::Internal)?),
        ],
        files,
    })
}

const README: &str = "Je gegevens uit Leerlijn Buurtteams\n\
\n\
Dit zijn alle gegevens die Leerlijn over je bewaart.\n\
\n\
account.json        je naam, e-mailadres, rol en cohort\n\
uren.json           al je uren: leren en praktijk, met status en beoordeling\n\
deelname.json       in welke cohorten je meedeed, van wanneer tot wanneer, en een pauze of stop\n\
aanwezigheid.json   je aanwezigheid bij lessen, trainingen en intervisie\n\
plannen.json        je POP en GOP: elke versie, de tekst en de feedback\n\
eindgesprek.json    je eindgesprek en de oordelen per criterium\n\
leerplek.json       je leerplek(ken) en wat je werkplek over je praktijkuren zei\n\
aanmelding.json     je aanmelding voor de opleiding, je antwoorden en de aantekeningen erbij\n\
logboek.json        wie wat deed of bekeek in je gegevens, en wanneer\n\
plannen/            de bestanden van je plannen\n\
certificaat-*.pdf   je certificaat, als je dat hebt\n\
\n\
Vragen? Kijk op de pagina Privacy in Leerlijn.\n";

impl Export {
    fn zip(self) -> zip::result::ZipResult<Vec<u8>> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("LEESMIJ.txt", options)?;
        writer.write_all(README.as_bytes())?;
        for (name, json) in &self.documents {
            writer.start_file(*name, options)?;
            writer.write_all(json.as_bytes())?;
        }
        for (name, bytes) in &self.files {
            writer.start_file(name.as_str(), options)?;
            writer.write_all(bytes)?;
        }
        Ok(writer.finish()?.into_inner())
    }
}
