//! The leerplek and its confirmation links, as stored. Every change is one write
//! transaction with its audit line (and, for a request, its mail).
use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};
use sqlx::SqlitePool;

use super::{
    AskableEntry, ConfirmationLink, EntryConfirmation, LinkEntry, NewPlacement, Placement, PostedAnswer, RequestRow, RequestState,
    WorkplaceOverview, LINK_DAYS,
};
use crate::{
    domain::{AuditAction, ConfirmationAnswer, EntryStatus, HourKind, MailKind, SupervisorRole},
    error::AppError,
    i18n::Lang,
    server::{
        audit::{self, ReadLine},
        clock::{amsterdam_date, now_rfc3339},
        db::{from_json, write_tx},
        outbox::{enqueue_to_address, Letter},
        tokens,
    },
};

fn placement_of(
    id: i64,
    organisation: String,
    team: String,
    supervisor_name: String,
    supervisor_email: String,
    role: &str,
    since: NaiveDate,
) -> Result<Placement, AppError> {
    Ok(Placement {
        id,
        organisation,
        team,
        supervisor_name,
        supervisor_email,
        supervisor_role: SupervisorRole::parse(role).map_err(|_| AppError::Internal)?,
        since,
    })
}

/// The participant's leerplek (newest first), what they can ask to confirm, and their requests.
pub async fn overview(pool: &SqlitePool, participant_id: i64) -> Result<WorkplaceOverview, AppError> {
    let history = sqlx::query!(
        r#"SELECT id AS "id!", organisation, team, supervisor_name, supervisor_email, supervisor_role, since AS "since: NaiveDate"
           FROM placements WHERE participant_id = ? ORDER BY id DESC"#,
        participant_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| placement_of(r.id, r.organisation, r.team, r.supervisor_name, r.supervisor_email, &r.supervisor_role, r.since))
    .collect::<Result<Vec<_>, _>>()?;
    let now = now_rfc3339();
    // Practice entries still in play, with where each stands with the leerplek.
    let askable = sqlx::query!(
        r#"SELECT h.id AS "id!", h.worked_on AS "worked_on: NaiveDate", h.quarters, h.description, h.place, h.status,
                  ec.answer AS "answer?", (ec.answer IS NULL AND ec.expires_at > ?) AS "waiting?: bool"
           FROM hour_entries h LEFT JOIN entry_confirmation ec ON ec.entry_id = h.id
           WHERE h.participant_id = ? AND h.kind = ? AND h.status IN (?, ?)
           ORDER BY h.worked_on DESC, h.id DESC LIMIT 200"#,
        now,
        participant_id,
        const { HourKind::Practice.code() },
        const { EntryStatus::Submitted.code() },
        const { EntryStatus::Approved.code() },
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(AskableEntry {
            id: r.id,
            worked_on: r.worked_on,
            quarters: r.quarters,
            description: r.description,
            place: r.place,
            status: EntryStatus::parse(&r.status).map_err(|_| AppError::Internal)?,
            answer: r.answer.as_deref().map(ConfirmationAnswer::parse).transpose().map_err(|_| AppError::Internal)?,
            waiting: r.waiting.unwrap_or(false),
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    let requests = sqlx::query!(
        r#"SELECT r.id AS "id!", r.created_at, r.expires_at, r.withdrawn_at, p.supervisor_name,
                  COUNT(ci.entry_id) AS "entries!: i64",
                  COUNT(ci.answer) AS "answered!: i64",
                  COUNT(CASE WHEN ci.answer = ? THEN 1 END) AS "disputed!: i64"
           FROM confirmation_requests r JOIN placements p ON p.id = r.placement_id
           LEFT JOIN confirmation_items ci ON ci.request_id = r.id
           WHERE r.participant_id = ?
           GROUP BY r.id, r.created_at, r.expires_at, r.withdrawn_at, p.supervisor_name
           ORDER BY r.id DESC LIMIT 20"#,
        const { ConfirmationAnswer::Disputed.code() },
        participant_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        let state = if r.withdrawn_at.is_some() {
            RequestState::Withdrawn
        } else if r.answered == r.entries {
            RequestState::Answered
        } else if r.expires_at <= now {
            RequestState::Expired
        } else {
            RequestState::Waiting
        };
        RequestRow {
            id: r.id,
            requested_on: written_day(&r.created_at),
            supervisor_name: r.supervisor_name,
            entries: r.entries,
            answered: r.answered,
            disputed: r.disputed,
            state,
        }
    })
    .collect();
    Ok(WorkplaceOverview { current: history.first().cloned(), history, askable, requests })
}

pub async fn save_placement(pool: &SqlitePool, participant_id: i64, new: &NewPlacement) -> Result<i64, AppError> {
    let mut tx = write_tx(pool).await?;
    let now = now_rfc3339();
    let (email, role) = (new.supervisor_email.as_str(), new.supervisor_role.code());
    let id = sqlx::query_scalar!(
        r#"INSERT INTO placements (participant_id, organisation, team, supervisor_name, supervisor_email, supervisor_role, since, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        participant_id,
        new.organisation,
        new.team,
        new.supervisor_name,
        email,
        role,
        new.since,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({ "organisation": new.organisation, "team": new.team, "supervisor": new.supervisor_name, "role": role });
    audit::record(&mut tx, participant_id, Some(participant_id), AuditAction::PlacementRecorded, "placement", id, None::<&()>, Some(&after))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// A request just sent: how many entries went on the link, and the link's token (only
/// ever in the mail; the demo answers with it).
pub struct Sent {
    pub entries: usize,
    pub token: String,
}

/// Sends the werkbegeleider of the current leerplek a link for `entry_ids` (the
/// participant's own practice entries still in play; others are left out).
pub async fn request(pool: &SqlitePool, participant_id: i64, entry_ids: &[i64]) -> Result<Sent, AppError> {
    let mut tx = write_tx(pool).await?;
    let sent = send(&mut tx, participant_id, entry_ids).await?;
    tx.commit().await?;
    Ok(sent)
}

/// Sends a request again in one step: the entries on it that are still unanswered and
/// unchanged go on a new link to the current leerplek, and the old link stops working.
/// For a request that still waits or ran out; one withdrawn or answered has nothing to resend.
pub async fn resend(pool: &SqlitePool, participant_id: i64, request_id: i64) -> Result<Sent, AppError> {
    let mut tx = write_tx(pool).await?;
    let Some(withdrawn_at) = sqlx::query_scalar!(
        "SELECT withdrawn_at FROM confirmation_requests WHERE id = ? AND participant_id = ?",
        request_id,
        participant_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(AppError::NotFound);
    };
    if withdrawn_at.is_some() {
        return Err(AppError::Conflict("err.confirmation.resend_withdrawn".into()));
    }
    let open = sqlx::query_scalar!(
        r#"SELECT ci.entry_id AS "id!: i64" FROM confirmation_items ci
           JOIN hour_entries h ON h.id = ci.entry_id AND h.submitted_at = ci.entry_submitted_at
           WHERE ci.request_id = ? AND ci.answer IS NULL AND h.status IN (?, ?)"#,
        request_id,
        const { EntryStatus::Submitted.code() },
        const { EntryStatus::Approved.code() },
    )
    .fetch_all(&mut *tx)
    .await?;
    if open.is_empty() {
        return Err(AppError::Conflict("err.confirmation.nothing_to_resend".into()));
    }
    mark_withdrawn(&mut tx, participant_id, request_id).await?;
    let sent = send(&mut tx, participant_id, &open).await?;
    tx.commit().await?;
    Ok(sent)
}

/// The request, its entries, the mail and the audit line, inside the caller's transaction.
async fn send(tx: &mut sqlx::SqliteConnection, participant_id: i64, entry_ids: &[i64]) -> Result<Sent, AppError> {
    let Some(placement) = sqlx::query!(
        r#"SELECT p.id AS "id!", p.supervisor_name, p.supervisor_email, u.name AS participant_name, u.language
           FROM placements p JOIN users u ON u.id = p.participant_id
           WHERE p.participant_id = ? ORDER BY p.id DESC LIMIT 1"#,
        participant_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(AppError::Conflict("err.confirmation.no_placement".into()));
    };
    let ids = serde_json::to_string(entry_ids).map_err(|_| AppError::Internal)?;
    let entries = sqlx::query!(
        r#"SELECT id AS "id!", submitted_at FROM hour_entries
           WHERE id IN (SELECT value FROM json_each(?)) AND participant_id = ? AND kind = ? AND status IN (?, ?)
           ORDER BY worked_on, id"#,
        ids,
        participant_id,
        const { HourKind::Practice.code() },
        const { EntryStatus::Submitted.code() },
        const { EntryStatus::Approved.code() },
    )
    .fetch_all(&mut *tx)
    .await?;
    if entries.is_empty() {
        return Err(AppError::field("entries", "err.confirmation.none_chosen"));
    }
    let token = tokens::new_token();
    let hash = tokens::hash_token(&token);
    let now = Utc::now();
    let (created_at, expires_at) = (now_rfc3339(), (now + Duration::days(LINK_DAYS)).to_rfc3339());
    let request_id = sqlx::query_scalar!(
        r#"INSERT INTO confirmation_requests (participant_id, placement_id, token_hash, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        participant_id,
        placement.id,
        hash,
        created_at,
        expires_at
    )
    .fetch_one(&mut *tx)
    .await?;
    for entry in &entries {
        sqlx::query!(
            "INSERT INTO confirmation_items (request_id, entry_id, entry_submitted_at) VALUES (?, ?, ?)",
            request_id,
            entry.id,
            entry.submitted_at
        )
        .execute(&mut *tx)
        .await?;
    }
    let count = entries.len().to_string();
    let params = [("participant", placement.participant_name.clone()), ("count", count), ("days", LINK_DAYS.to_string())];
    let letter = Letter {
        kind: MailKind::ConfirmationRequest,
        params: &params,
        link_path: Some(format!("/bevestigen/{token}")),
        ics: None,
        about: Some(participant_id),
    };
    let lang = Lang::from_code(&placement.language).unwrap_or_default();
    enqueue_to_address(tx, &placement.supervisor_email, &placement.supervisor_name, lang, &letter).await?;
    let after = serde_json::json!({ "entries": entries.iter().map(|e| e.id).collect::<Vec<_>>(), "supervisor": placement.supervisor_name });
    audit::record(
        tx,
        participant_id,
        Some(participant_id),
        AuditAction::ConfirmationRequested,
        "confirmation_request",
        request_id,
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(Sent { entries: entries.len(), token })
}

/// Takes the link back: it stops working at once. `false` when there was nothing to withdraw.
pub async fn withdraw(pool: &SqlitePool, participant_id: i64, request_id: i64) -> Result<bool, AppError> {
    let mut tx = write_tx(pool).await?;
    if !mark_withdrawn(&mut tx, participant_id, request_id).await? {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// Withdraws the participant's request, with its audit line; `false` when it was not
/// theirs or already withdrawn.
async fn mark_withdrawn(tx: &mut sqlx::SqliteConnection, participant_id: i64, request_id: i64) -> Result<bool, AppError> {
    let now = now_rfc3339();
    let changed = sqlx::query!(
        "UPDATE confirmation_requests SET withdrawn_at = ? WHERE id = ? AND participant_id = ? AND withdrawn_at IS NULL",
        now,
        request_id,
        participant_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    audit::record(
        tx,
        participant_id,
        Some(participant_id),
        AuditAction::ConfirmationWithdrawn,
        "confirmation_request",
        request_id,
        None::<&()>,
        None::<&()>,
    )
    .await?;
    Ok(true)
}

/// The participant's leerplek now, if they recorded one (the record page shows it).
pub async fn current_placement(pool: &SqlitePool, participant_id: i64) -> Result<Option<Placement>, AppError> {
    sqlx::query!(
        r#"SELECT id AS "id!", organisation, team, supervisor_name, supervisor_email, supervisor_role, since AS "since: NaiveDate"
           FROM placements WHERE participant_id = ? ORDER BY id DESC LIMIT 1"#,
        participant_id
    )
    .fetch_optional(pool)
    .await?
    .map(|r| placement_of(r.id, r.organisation, r.team, r.supervisor_name, r.supervisor_email, &r.supervisor_role, r.since))
    .transpose()
}

/// Every leerplek of a cohort's participants, by name and then newest first, with the
/// day each ended (the next one's start) and the practice entries confirmed and disputed
/// while it was current: the coordinator's export (`/cohorten/{id}/leerplekken.csv`).
pub async fn cohort_placements(pool: &SqlitePool, cohort_id: i64) -> Result<Vec<Vec<String>>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT u.name, p.organisation, p.team, p.supervisor_name, p.supervisor_email, p.supervisor_role,
                  p.since AS "since: NaiveDate",
                  (SELECT n.since FROM placements n WHERE n.participant_id = p.participant_id AND n.id > p.id ORDER BY n.id LIMIT 1)
                      AS "until?: NaiveDate",
                  (SELECT COUNT(*) FROM confirmation_requests r JOIN confirmation_items ci ON ci.request_id = r.id
                   WHERE r.placement_id = p.id AND ci.answer = ?) AS "confirmed!: i64",
                  (SELECT COUNT(*) FROM confirmation_requests r JOIN confirmation_items ci ON ci.request_id = r.id
                   WHERE r.placement_id = p.id AND ci.answer = ?) AS "disputed!: i64"
           FROM users u JOIN placements p ON p.participant_id = u.id
           WHERE u.cohort_id = ? AND u.role = ?
           ORDER BY u.name, u.id, p.id DESC"#,
        const { ConfirmationAnswer::Confirmed.code() },
        const { ConfirmationAnswer::Disputed.code() },
        cohort_id,
        const { crate::domain::Role::Participant.code() },
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let role = SupervisorRole::parse(&r.supervisor_role).map_err(|_| AppError::Internal)?;
            Ok(vec![
                r.name,
                r.organisation,
                r.team,
                r.supervisor_name,
                r.supervisor_email,
                crate::i18n::tr(Lang::Nl, role.label_key()),
                r.since.format("%d-%m-%Y").to_string(),
                r.until.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_default(),
                r.confirmed.to_string(),
                r.disputed.to_string(),
            ])
        })
        .collect()
}

/// The unanswered entries of a request that are unchanged since it was sent.
pub(super) struct OpenLink {
    pub request_id: i64,
    pub participant_id: i64,
    pub link: ConfirmationLink,
}

/// What the link `token_hash` shows now: 404 for no link of ours, 410 when it was taken
/// back, ran out, or has nothing left to answer.
pub(super) async fn open_link(conn: &mut sqlx::SqliteConnection, token_hash: &str) -> Result<OpenLink, AppError> {
    let Some(r) = sqlx::query!(
        r#"SELECT r.id AS "id!", r.participant_id, r.expires_at, r.withdrawn_at, u.name AS participant_name,
                  p.supervisor_name, p.organisation, p.team
           FROM confirmation_requests r JOIN users u ON u.id = r.participant_id JOIN placements p ON p.id = r.placement_id
           WHERE r.token_hash = ?"#,
        token_hash
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Err(AppError::NotFound);
    };
    if r.withdrawn_at.is_some() {
        return Err(AppError::Gone("err.confirmation.withdrawn".into()));
    }
    if r.expires_at <= now_rfc3339() {
        return Err(AppError::Gone("err.confirmation.expired".into()));
    }
    let entries = sqlx::query!(
        r#"SELECT h.id AS "id!", h.worked_on AS "worked_on: NaiveDate", h.quarters, h.description, h.place
           FROM confirmation_items ci JOIN hour_entries h ON h.id = ci.entry_id AND h.submitted_at = ci.entry_submitted_at
           WHERE ci.request_id = ? AND ci.answer IS NULL AND h.status IN (?, ?)
           ORDER BY h.worked_on, h.id"#,
        r.id,
        const { EntryStatus::Submitted.code() },
        const { EntryStatus::Approved.code() },
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|e| LinkEntry { id: e.id, worked_on: e.worked_on, quarters: e.quarters, description: e.description, place: e.place })
    .collect::<Vec<_>>();
    if entries.is_empty() {
        return Err(AppError::Gone("err.confirmation.used".into()));
    }
    let link = ConfirmationLink {
        participant_name: r.participant_name,
        supervisor_name: r.supervisor_name,
        organisation: r.organisation,
        team: r.team,
        expires_on: written_day(&r.expires_at),
        entries,
    };
    Ok(OpenLink { request_id: r.id, participant_id: r.participant_id, link })
}

/// The page behind a link, and an audit line on the participant that it was opened
/// (written by the read log, off the request).
pub async fn view_link(pool: &SqlitePool, read_log: &audit::ReadLog, token_hash: &str) -> Result<ConfirmationLink, AppError> {
    let mut conn = pool.acquire().await?;
    let open = open_link(&mut conn, token_hash).await?;
    // Back to the pool before waiting on the read log: its worker writes through the pool.
    drop(conn);
    let after = serde_json::json!({ "by": open.link.supervisor_name, "entries": open.link.entries.len() });
    let line = ReadLine {
        actor_id: None,
        participant_id: open.participant_id,
        action: AuditAction::ConfirmationViewed,
        subject_type: "confirmation_request",
        subject_id: open.request_id,
        after,
    };
    read_log.note([line]).await;
    Ok(open.link)
}

/// Records the werkbegeleider's answers, one submission for the page. Answers for
/// entries no longer on the link are left out. Returns how many were recorded.
pub async fn answer(pool: &SqlitePool, token_hash: &str, answers: &[PostedAnswer]) -> Result<usize, AppError> {
    let mut tx = write_tx(pool).await?;
    let open = open_link(&mut tx, token_hash).await?;
    let now = now_rfc3339();
    let mut recorded = 0;
    for posted in answers {
        if !open.link.entries.iter().any(|e| e.id == posted.entry_id) {
            continue;
        }
        let answer = posted.answer.code();
        let remark = (!posted.remark.is_empty()).then_some(posted.remark.as_str());
        sqlx::query!(
            "UPDATE confirmation_items SET answer = ?, remark = ?, answered_at = ? WHERE request_id = ? AND entry_id = ? AND answer IS NULL",
            answer,
            remark,
            now,
            open.request_id,
            posted.entry_id
        )
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "entry_id": posted.entry_id, "answer": answer, "by": open.link.supervisor_name });
        audit::record(
            &mut tx,
            None,
            Some(open.participant_id),
            AuditAction::ConfirmationAnswered,
            "hour_entry",
            posted.entry_id,
            None::<&()>,
            Some(&after),
        )
        .await?;
        recorded += 1;
    }
    tx.commit().await?;
    Ok(recorded)
}

/// Where each of `entry_ids` stands with its leerplek, for the trainer (one query).
pub async fn confirmations(pool: &SqlitePool, entry_ids: &[i64]) -> Result<HashMap<i64, EntryConfirmation>, AppError> {
    if entry_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = serde_json::to_string(entry_ids).map_err(|_| AppError::Internal)?;
    let now = now_rfc3339();
    let rows = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(entry_id, answer, remark, answered_at, requested_at, expires_at,
                                               supervisor_name, organisation)) AS "rows!: String"
           FROM entry_confirmation WHERE entry_id IN (SELECT value FROM json_each(?))"#,
        ids
    )
    .fetch_one(pool)
    .await?;
    // entry, answer, remark, answered at, requested at, expires at, werkbegeleider, organisation
    type Row = (i64, Option<String>, Option<String>, Option<String>, String, String, String, String);
    let mut found = HashMap::new();
    for (entry_id, answer, remark, answered_at, requested_at, expires_at, supervisor_name, organisation) in from_json::<Vec<Row>>(&rows)? {
        let answer = answer.as_deref().map(ConfirmationAnswer::parse).transpose().map_err(|_| AppError::Internal)?;
        // A request that ran out unanswered no longer waits: the entry has no confirmation.
        if answer.is_none() && expires_at <= now {
            continue;
        }
        let confirmation =
            EntryConfirmation { answer, remark, on: written_day(&answered_at.unwrap_or(requested_at)), supervisor_name, organisation };
        found.insert(entry_id, confirmation);
    }
    Ok(found)
}

/// The one rule on approving a practice entry with its leerplek: refused (the locale
/// key says why) when the werkbegeleider disputed it and the trainer gave no reason,
/// or when its cohort requires a confirmation it does not have. Learning hours pass.
pub async fn approval_refusal(conn: &mut sqlx::SqliteConnection, entry_id: i64, reason_given: bool) -> Result<Option<&'static str>, AppError> {
    let Some(r) = sqlx::query!(
        r#"SELECT h.kind, c.practice_needs_confirmation AS "needs!: bool", ec.answer AS "answer?"
           FROM hour_entries h JOIN cohorts c ON c.id = h.cohort_id LEFT JOIN entry_confirmation ec ON ec.entry_id = h.id
           WHERE h.id = ?"#,
        entry_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    if r.kind != HourKind::Practice.code() {
        return Ok(None);
    }
    let answer = r.answer.as_deref().map(ConfirmationAnswer::parse).transpose().map_err(|_| AppError::Internal)?;
    Ok(match answer {
        Some(ConfirmationAnswer::Disputed) if !reason_given => Some("err.hours.disputed_needs_reason"),
        Some(ConfirmationAnswer::Confirmed) | Some(ConfirmationAnswer::Disputed) => None,
        None if r.needs => Some("err.hours.needs_confirmation"),
        None => None,
    })
}

/// The participant changed or withdrew entry `id`: what the leerplek said, or is asked,
/// was about the entry as it was, so it no longer counts (a new request is needed).
/// Called in the change's own transaction.
pub async fn entry_changed(conn: &mut sqlx::SqliteConnection, entry_id: i64) -> Result<(), AppError> {
    sqlx::query!("UPDATE confirmation_items SET entry_submitted_at = '' WHERE entry_id = ?", entry_id).execute(&mut *conn).await?;
    Ok(())
}

/// A stored timestamp as the pages write a day: the Amsterdam date, "07-12-2026".
fn written_day(at: &str) -> String {
    amsterdam_date(at).map(crate::components::format::date).unwrap_or_default()
}
