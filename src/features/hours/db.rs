//! Storage of hour entries. Writes that read first take the write lock up
//! front (`BEGIN IMMEDIATE`) so concurrent writers queue instead of failing.
use crate::domain::Role;
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::SqlitePool;

use super::{
    input::{Decision, EntryInput},
    AuditChange, AuditLine, DecisionOutcome, EntriesPage, EntryFilter, HourEntry, HoursOverview, QueueItem, QueuePage,
    ENTRIES_PER_PAGE, LATEST_SHOWN, QUEUE_PER_PAGE, REJECTED_SHOWN,
};
use crate::{
    domain::{AuditAction, EntryStatus, HourKind, MailKind, Requirements},
    error::AppError,
    features::programme::db as programme_db,
    server::writer::WriteTx,
    server::{
        audit,
        clock::{now_rfc3339, today_in_amsterdam},
        db::{from_json, write_tx},
        outbox::{self, Letter},
    },
};

/// What the audit trail keeps of an entry before and after a change.
#[derive(Serialize, Clone)]
struct Snapshot {
    worked_on: NaiveDate,
    quarters: i64,
    kind: String,
    description: String,
    place: Option<String>,
    status: String,
    rejection_reason: Option<String>,
}

impl Snapshot {
    fn of(entry: &EntryInput, status: EntryStatus) -> Self {
        Snapshot {
            worked_on: entry.worked_on,
            quarters: i64::from(entry.hours.quarters()),
            kind: entry.kind.code().to_owned(),
            description: entry.description.as_str().to_owned(),
            place: entry.place.as_ref().map(|p| p.as_str().to_owned()),
            status: status.code().to_owned(),
            rejection_reason: None,
        }
    }
}

async fn snapshot(tx: &mut WriteTx, id: i64) -> Result<Option<(i64, Snapshot)>, AppError> {
    let row = sqlx::query!(
        r#"SELECT participant_id, worked_on AS "worked_on: NaiveDate", quarters, kind, description, place, status, rejection_reason
           FROM hour_entries WHERE id = ?"#,
        id
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| {
        (
            r.participant_id,
            Snapshot {
                worked_on: r.worked_on,
                quarters: r.quarters,
                kind: r.kind,
                description: r.description,
                place: r.place,
                status: r.status,
                rejection_reason: r.rejection_reason,
            },
        )
    }))
}

pub async fn cohort_period(pool: &SqlitePool, cohort_id: i64) -> Result<(NaiveDate, NaiveDate), AppError> {
    let period = sqlx::query!(
        r#"SELECT starts_on AS "starts_on: NaiveDate", ends_on AS "ends_on: NaiveDate" FROM cohorts WHERE id = ?"#,
        cohort_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((period.starts_on, period.ends_on))
}

pub async fn cohort_of(pool: &SqlitePool, participant_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT cohort_id FROM users WHERE id = ? AND role = ?",
        participant_id,
        const { Role::Participant.code() },
    )
        .fetch_optional(pool)
        .await?
        .flatten())
}

#[derive(serde::Deserialize)]
struct EntryRow {
    id: i64,
    worked_on: NaiveDate,
    quarters: i64,
    kind: String,
    description: String,
    place: Option<String>,
    status: String,
    rejection_reason: Option<String>,
    decided_by: Option<String>,
}

impl EntryRow {
    fn into_entry(self) -> Result<HourEntry, AppError> {
        Ok(HourEntry {
            id: self.id,
            worked_on: self.worked_on,
            quarters: self.quarters,
            kind: HourKind::parse(&self.kind).map_err(|_| AppError::Internal)?,
            description: self.description,
            place: self.place,
            status: EntryStatus::parse(&self.status).map_err(|_| AppError::Internal)?,
            rejection_reason: self.rejection_reason,
            decided_by: self.decided_by,
            confirmation: None,
        })
    }
}

/// The participant's standing in one round trip to SQLite (each query is a
/// hand-off to sqlx's worker thread, the main cost of a page): the figures per
/// kind and status, and the short lists, come back as JSON columns of one row.
pub async fn overview(pool: &SqlitePool, participant_id: i64) -> Result<Option<HoursOverview>, AppError> {
    let today = today_in_amsterdam();
    let today_text = today.to_string();
    let Some(row) = sqlx::query!(
        r#"SELECT u.name, c.name AS cohort_name, c.starts_on AS "starts_on: NaiveDate", c.ends_on AS "ends_on: NaiveDate",
              c.learning_quarters_required, c.practice_quarters_required,
              c.lesson_attendance_percent, c.intervision_attendance_percent,
              c.excused_counts_as_absent AS "excused_counts_as_absent: bool",
              s.plans AS "plans?: String", s.final_step AS "final_step?: String", s.hour_sums AS "hour_sums!: String",
              (SELECT json_group_array(json_array(participant_id, kind, status, excused_counts_as_absent, n, minutes)) FROM (
                   SELECT participant_id, kind, status, excused_counts_as_absent, COUNT(*) AS n, SUM(earned_minutes) AS minutes
                   FROM attendance_lines WHERE participant_id = u.id AND held_on <= ?
                   GROUP BY kind, status, excused_counts_as_absent)) AS "attendance!: String",
              (SELECT json_group_array(json_object('id', id, 'worked_on', worked_on, 'quarters', quarters, 'kind', kind,
                   'description', description, 'place', place, 'status', status, 'rejection_reason', rejection_reason,
                   'decided_by', decided_by)) FROM (
                   SELECT h.id, h.worked_on, h.quarters, h.kind, h.description, h.place, h.status, h.rejection_reason,
                          d.name AS decided_by
                   FROM hour_entries h LEFT JOIN users d ON d.id = h.decided_by
                   WHERE h.participant_id = u.id AND h.status = ?
                   ORDER BY h.worked_on DESC, h.id DESC LIMIT ?)) AS "rejected!: String",
              (SELECT json_group_array(json_object('id', id, 'worked_on', worked_on, 'quarters', quarters, 'kind', kind,
                   'description', description, 'place', place, 'status', status, 'rejection_reason', rejection_reason,
                   'decided_by', decided_by)) FROM (
                   SELECT h.id, h.worked_on, h.quarters, h.kind, h.description, h.place, h.status, h.rejection_reason,
                          d.name AS decided_by
                   FROM hour_entries h LEFT JOIN users d ON d.id = h.decided_by
                   WHERE h.participant_id = u.id AND h.status NOT IN (?, ?)
                   ORDER BY h.worked_on DESC, h.id DESC LIMIT ?)) AS "latest!: String",
              CASE WHEN u.away_since IS NOT NULL THEN (SELECT json_object('since', e.left_on, 'kind', e.left_as, 'expected_back', e.expected_back)
                   FROM enrolments e WHERE e.participant_id = u.id ORDER BY e.joined_on DESC, e.id DESC LIMIT 1) END AS "away?: String"
           FROM participant_standing s JOIN users u ON u.id = s.participant_id JOIN cohorts c ON c.id = u.cohort_id
           WHERE s.participant_id = ?"#,
        today_text,
        const { EntryStatus::Rejected.code() },
        REJECTED_SHOWN,
        const { EntryStatus::Rejected.code() },
        const { EntryStatus::Withdrawn.code() },
        LATEST_SHOWN,
        participant_id,
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let groups: Vec<programme_db::FigureGroup> = from_json(&row.attendance)?;
    let mut attendance = programme_db::figures_from_groups(groups)?.remove(&participant_id).unwrap_or_default();
    attendance.excused_counts_as_absent = row.excused_counts_as_absent;
    let standing = crate::features::standing::read(&row.hour_sums, row.plans.as_deref(), row.final_step.as_deref())?.with_attendance(attendance);
    Ok(Some(HoursOverview {
        standing,
        participant_id,
        participant_name: row.name,
        cohort_name: row.cohort_name,
        cohort_starts_on: row.starts_on,
        cohort_ends_on: row.ends_on,
        today,
        requirements: Requirements {
            learning_quarters: row.learning_quarters_required,
            practice_quarters: row.practice_quarters_required,
            lesson_attendance_percent: row.lesson_attendance_percent,
            intervision_attendance_percent: row.intervision_attendance_percent,
        },
        rejected: entries_from_json(&row.rejected)?,
        latest: entries_from_json(&row.latest)?,
        away: row.away.as_deref().map(away_from_json).transpose()?,
    }))
}

fn away_from_json(json: &str) -> Result<crate::features::enrolment::Away, AppError> {
    #[derive(serde::Deserialize)]
    struct Row {
        since: NaiveDate,
        kind: String,
        expected_back: Option<NaiveDate>,
    }
    let row: Row = from_json(json)?;
    let kind = crate::domain::LeaveKind::parse(&row.kind).map_err(|_| AppError::Internal)?;
    Ok(crate::features::enrolment::Away { since: row.since, kind, expected_back: row.expected_back })
}

/// Hours are logged and corrected only while taking part (not paused or stopped).
async fn ensure_taking_part(tx: &mut WriteTx, participant_id: i64) -> Result<(), AppError> {
    if crate::features::enrolment::db::taking_part(tx, participant_id).await? {
        Ok(())
    } else {
        Err(AppError::Conflict("err.hours.away".into()))
    }
}

/// Entries from a `json_group_array` column, newest first (the order is restored
/// here: SQLite does not promise to keep a subquery's order through an aggregate).
fn entries_from_json(json: &str) -> Result<Vec<HourEntry>, AppError> {
    let rows: Vec<EntryRow> = from_json(json)?;
    let mut entries = rows.into_iter().map(EntryRow::into_entry).collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| std::cmp::Reverse((e.worked_on, e.id)));
    Ok(entries)
}

/// One page (counted from 1) of a participant's entries, newest first.
pub async fn entries_page(pool: &SqlitePool, participant_id: i64, filter: EntryFilter, page: i64) -> Result<EntriesPage, AppError> {
    // An empty status matches every entry, so one statement serves both filters. The
    // count is read from the kept totals (a few rows) rather than from the entries.
    let status = filter.code();
    let total = sqlx::query_scalar!(
        r#"SELECT COALESCE(SUM(entries), 0) AS "count!: i64" FROM hour_totals
           WHERE participant_id = ? AND ((? = '' AND status <> ?) OR status = ?)"#,
        participant_id,
        status,
        const { EntryStatus::Withdrawn.code() },
        status,
    )
    .fetch_one(pool)
    .await?;
    let pages = ((total + ENTRIES_PER_PAGE - 1) / ENTRIES_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * ENTRIES_PER_PAGE;
    let entries = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_object('id', id, 'worked_on', worked_on, 'quarters', quarters, 'kind', kind,
               'description', description, 'place', place, 'status', status, 'rejection_reason', rejection_reason,
               'decided_by', decided_by)) AS "entries!: String"
           FROM (SELECT h.id, h.worked_on, h.quarters, h.kind, h.description, h.place, h.status, h.rejection_reason,
                        d.name AS decided_by
                 FROM hour_entries h LEFT JOIN users d ON d.id = h.decided_by
                 WHERE h.participant_id = ? AND ((? = '' AND h.status <> ?) OR h.status = ?)
                 ORDER BY h.worked_on DESC, h.id DESC LIMIT ? OFFSET ?)"#,
        participant_id,
        status,
        const { EntryStatus::Withdrawn.code() },
        status,
        ENTRIES_PER_PAGE,
        offset,
    )
    .fetch_one(pool)
    .await?;
    // One row of JSON rather than a row per entry (see `server::db::from_json`).
    let mut entries = entries_from_json(&entries)?;
    let practice: Vec<i64> = entries.iter().filter(|e| e.kind == HourKind::Practice).map(|e| e.id).collect();
    let mut found = crate::features::workplace::db::confirmations(pool, &practice).await?;
    for entry in &mut entries {
        entry.confirmation = found.remove(&entry.id);
    }
    Ok(EntriesPage { entries, total, page, pages })
}

pub async fn entry_of(pool: &SqlitePool, id: i64, participant_id: i64) -> Result<Option<HourEntry>, AppError> {
    sqlx::query_as!(
        EntryRow,
        r#"SELECT h.id AS "id!", h.worked_on AS "worked_on: NaiveDate", h.quarters, h.kind, h.description, h.place,
              h.status, h.rejection_reason, d.name AS "decided_by?"
           FROM hour_entries h LEFT JOIN users d ON d.id = h.decided_by
           WHERE h.id = ? AND h.participant_id = ?"#,
        id,
        participant_id
    )
    .fetch_optional(pool)
    .await?
    .map(EntryRow::into_entry)
    .transpose()
}

pub async fn insert(pool: &SqlitePool, participant_id: i64, cohort_id: i64, entry: &EntryInput) -> Result<i64, AppError> {
    let now = now_rfc3339();
    let quarters = i64::from(entry.hours.quarters());
    let kind = entry.kind.code();
    let description = entry.description.as_str();
    let place = entry.place.as_ref().map(|p| p.as_str());
    let mut tx = write_tx(pool).await?;
    ensure_taking_part(&mut tx, participant_id).await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status, submitted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        participant_id,
        cohort_id,
        entry.worked_on,
        quarters,
        kind,
        description,
        place,
        const { EntryStatus::Submitted.code() },
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    let after = Snapshot::of(entry, EntryStatus::Submitted);
    audit::record(&mut tx, participant_id, Some(participant_id), AuditAction::SubmitHours, "hour_entry", id, None::<&()>, Some(&after))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Why an entry of this participant could not be changed: approved entries are
/// locked; anything else (someone else's, gone) is simply not found.
async fn refusal(tx: &mut WriteTx, id: i64, participant_id: i64) -> Result<AppError, AppError> {
    Ok(match snapshot(tx, id).await? {
        Some((owner, s)) if owner == participant_id && s.status == EntryStatus::Approved.code() => {
            AppError::Conflict("err.entry.locked".into())
        }
        Some((owner, s)) if owner == participant_id && s.status == EntryStatus::Withdrawn.code() => {
            AppError::Conflict("err.entry.withdrawn".into())
        }
        _ => AppError::NotFound,
    })
}

pub async fn update(pool: &SqlitePool, id: i64, participant_id: i64, entry: &EntryInput) -> Result<(), AppError> {
    let now = now_rfc3339();
    let quarters = i64::from(entry.hours.quarters());
    let kind = entry.kind.code();
    let description = entry.description.as_str();
    let place = entry.place.as_ref().map(|p| p.as_str());
    let mut tx = write_tx(pool).await?;
    ensure_taking_part(&mut tx, participant_id).await?;
    let before = snapshot(&mut tx, id).await?;
    let changed = sqlx::query!(
        "UPDATE hour_entries
         SET worked_on = ?, quarters = ?, kind = ?, description = ?, place = ?, status = ?,
             rejection_reason = NULL, decided_by = NULL, decided_at = NULL, submitted_at = ?
         WHERE id = ? AND participant_id = ? AND status IN (?, ?)",
        entry.worked_on,
        quarters,
        kind,
        description,
        place,
        const { EntryStatus::Submitted.code() },
        now,
        id,
        participant_id,
        const { EntryStatus::Submitted.code() },
        const { EntryStatus::Rejected.code() },
    )
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(refusal(&mut tx, id, participant_id).await?);
    }
    // What the leerplek confirmed was the entry as it was: it drops off any link.
    crate::features::workplace::db::entry_changed(&mut tx, id).await?;
    let after = Snapshot::of(entry, EntryStatus::Submitted);
    audit::record(
        &mut tx,
        participant_id,
        Some(participant_id),
        AuditAction::UpdateHours,
        "hour_entry",
        id,
        before.map(|(_, s)| s).as_ref(),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdrawing keeps the entry (status `ingetrokken`): its id and history stay its own.
pub async fn withdraw(pool: &SqlitePool, id: i64, participant_id: i64) -> Result<(), AppError> {
    let now = now_rfc3339();
    let mut tx = write_tx(pool).await?;
    let before = snapshot(&mut tx, id).await?;
    let withdrawn = sqlx::query!(
        "UPDATE hour_entries SET status = ?, withdrawn_at = ?
         WHERE id = ? AND participant_id = ? AND status IN (?, ?)",
        const { EntryStatus::Withdrawn.code() },
        now,
        id,
        participant_id,
        const { EntryStatus::Submitted.code() },
        const { EntryStatus::Rejected.code() },
    )
    .execute(&mut *tx)
    .await?;
    if withdrawn.rows_affected() != 1 {
        return Err(refusal(&mut tx, id, participant_id).await?);
    }
    crate::features::workplace::db::entry_changed(&mut tx, id).await?;
    let before = before.map(|(_, s)| s);
    let after = before.as_ref().map(|b| Snapshot { status: EntryStatus::Withdrawn.code().to_owned(), ..b.clone() });
    audit::record(
        &mut tx,
        participant_id,
        Some(participant_id),
        AuditAction::WithdrawHours,
        "hour_entry",
        id,
        before.as_ref(),
        after.as_ref(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A waiting entry as the queue's queries read it.
#[derive(serde::Deserialize)]
struct QueueRow {
    id: i64,
    participant_id: i64,
    participant_name: String,
    cohort_name: String,
    worked_on: NaiveDate,
    quarters: i64,
    kind: String,
    description: String,
    place: Option<String>,
    submitted_at: String,
}

impl TryFrom<QueueRow> for QueueItem {
    type Error = AppError;

    fn try_from(r: QueueRow) -> Result<Self, AppError> {
        Ok(QueueItem {
            id: r.id,
            participant_id: r.participant_id,
            participant_name: r.participant_name,
            cohort_name: r.cohort_name,
            worked_on: r.worked_on,
            quarters: r.quarters,
            kind: HourKind::parse(&r.kind).map_err(|_| AppError::Internal)?,
            description: r.description,
            place: r.place,
            submitted_at: r.submitted_at,
            confirmation: None,
        })
    }
}

/// Waiting entry `id` if it belongs to one of the trainer's cohorts (the reject step).
async fn waiting_entry(pool: &SqlitePool, trainer_id: i64, id: i64) -> Result<Option<QueueItem>, AppError> {
    sqlx::query_as!(
        QueueRow,
        r#"SELECT h.id AS "id!", h.participant_id, u.name AS participant_name, c.name AS cohort_name,
              h.worked_on AS "worked_on: NaiveDate", h.quarters, h.kind, h.description, h.place, h.submitted_at
           FROM hour_entries h
           JOIN users u ON u.id = h.participant_id
           JOIN cohorts c ON c.id = h.cohort_id
           JOIN cohort_trainers t ON t.cohort_id = h.cohort_id AND t.trainer_id = ?
           WHERE h.status = ? AND h.id = ?"#,
        trainer_id,
        const { EntryStatus::Submitted.code() },
        id,
    )
    .fetch_optional(pool)
    .await?
    .map(QueueItem::try_from)
    .transpose()
}

/// The waiting entries of all the trainer's cohorts submitted after entry `after` (0:
/// from the oldest), oldest first, in one query. Each cohort's next `limit` are read in
/// index order from where the page starts (the inner `IN` with its `LIMIT` runs once
/// per cohort) and only those are sorted, so a page reads at most cohorts × limit rows,
/// however far on, instead of sorting every waiting entry (13,000 for a trainer of five
/// large cohorts) for each view. Names and texts are joined to the page's entries only,
/// after the sort: not to all cohorts × limit candidates (−20 % of this query's time).
/// `confirmed_only` walks `hour_entries_confirmed_queue`, which holds only the entries
/// the leerplek confirmed.
async fn oldest_waiting(pool: &SqlitePool, trainer_id: i64, limit: i64, after: i64, confirmed_only: bool) -> Result<Vec<QueueItem>, AppError> {
    // Where the page starts: when the last entry shown was handed in ("" from the oldest;
    // an unknown id starts at the oldest too). `submitted_at >= ?` is the index range;
    // the row value then skips the entries handed in at that same moment up to `after`.
    // The first page (no key; ids start at 1) asks nothing: each query is a round trip
    // to SQLite's thread, and this is the page a trainer opens most.
    let start = if after == 0 {
        String::new()
    } else {
        sqlx::query_scalar!("SELECT submitted_at FROM hour_entries WHERE id = ?", after).fetch_optional(pool).await?.unwrap_or_default()
    };
    let submitted = const { EntryStatus::Submitted.code() };
    // One row of JSON rather than a row per entry (see `server::db::from_json`).
    let rows = if confirmed_only {
        sqlx::query_scalar!(
            r#"SELECT json_group_array(json_object('id', h.id, 'participant_id', h.participant_id, 'participant_name', u.name,
                   'cohort_name', c.name, 'worked_on', h.worked_on, 'quarters', h.quarters, 'kind', h.kind,
                   'description', h.description, 'place', h.place, 'submitted_at', h.submitted_at)) AS "rows!: String"
               FROM (SELECT h.id FROM cohort_trainers t
                     JOIN hour_entries h ON h.id IN (
                         SELECT w.id FROM hour_entries w
                         WHERE w.cohort_id = t.cohort_id AND w.status = ? AND w.leerplek_confirmed = 1 AND w.kind = ?
                           AND w.submitted_at >= ? AND (w.submitted_at, w.id) > (?, ?)
                         ORDER BY w.submitted_at, w.id LIMIT ?)
                     WHERE t.trainer_id = ?
                     ORDER BY h.submitted_at, h.id LIMIT ?) page
               JOIN hour_entries h ON h.id = page.id
               JOIN users u ON u.id = h.participant_id
               JOIN cohorts c ON c.id = h.cohort_id"#,
            submitted,
            const { HourKind::Practice.code() },
            start,
            start,
            after,
            limit,
            trainer_id,
            limit,
        )
        .fetch_one(pool)
        .await?
    } else {
        sqlx::query_scalar!(
            r#"SELECT json_group_array(json_object('id', h.id, 'participant_id', h.participant_id, 'participant_name', u.name,
                   'cohort_name', c.name, 'worked_on', h.worked_on, 'quarters', h.quarters, 'kind', h.kind,
                   'description', h.description, 'place', h.place, 'submitted_at', h.submitted_at)) AS "rows!: String"
               FROM (SELECT h.id FROM cohort_trainers t
                     JOIN hour_entries h ON h.id IN (
                         SELECT w.id FROM hour_entries w
                         WHERE w.cohort_id = t.cohort_id AND w.status = ?
                           AND w.submitted_at >= ? AND (w.submitted_at, w.id) > (?, ?)
                         ORDER BY w.submitted_at, w.id LIMIT ?)
                     WHERE t.trainer_id = ?
                     ORDER BY h.submitted_at, h.id LIMIT ?) page
               JOIN hour_entries h ON h.id = page.id
               JOIN users u ON u.id = h.participant_id
               JOIN cohorts c ON c.id = h.cohort_id"#,
            submitted,
            start,
            start,
            after,
            limit,
            trainer_id,
            limit,
        )
        .fetch_one(pool)
        .await?
    };
    let mut items = from_json::<Vec<QueueRow>>(&rows)?.into_iter().map(QueueItem::try_from).collect::<Result<Vec<_>, _>>()?;
    // Oldest first, as selected: SQLite does not promise to keep a subquery's order through an aggregate.
    items.sort_by(|a, b| (&a.submitted_at, a.id).cmp(&(&b.submitted_at, b.id)));
    Ok(items)
}

/// The confirmed-only view counts this many at most ("meer dan 250"); ten pages of them.
pub const CONFIRMED_COUNTED: i64 = 250;

/// One page of the trainer's queue, from after entry `after` (0: the oldest first;
/// keyset, so each page costs the same however far on); `confirmed_only`: just the
/// practice entries the leerplek confirmed.
pub async fn queue(pool: &SqlitePool, trainer_id: i64, after: i64, confirmed_only: bool) -> Result<QueuePage, AppError> {
    let total = if confirmed_only {
        // Counted up to a bound over `hour_entries_confirmed_queue`: "more than 250" is
        // all a trainer needs to know. `CROSS JOIN` keeps the trainer's cohorts outside:
        // SQLite, without statistics, otherwise walked every waiting entry of every cohort.
        sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "count!: i64" FROM (
                   SELECT 1 FROM cohort_trainers t CROSS JOIN hour_entries h
                   WHERE t.trainer_id = ? AND h.cohort_id = t.cohort_id AND h.status = ? AND h.leerplek_confirmed = 1
                     AND h.kind = ?
                   LIMIT ?)"#,
            trainer_id,
            const { EntryStatus::Submitted.code() },
            const { HourKind::Practice.code() },
            CONFIRMED_COUNTED + 1,
        )
        .fetch_one(pool)
        .await?
    } else {
        // The per-cohort counter the triggers keep (`cohort_waiting`), not a count of every waiting entry.
        sqlx::query_scalar!(
            r#"SELECT COALESCE(SUM(w.entries), 0) AS "count!: i64" FROM cohort_waiting w
               JOIN cohort_trainers t ON t.cohort_id = w.cohort_id WHERE t.trainer_id = ?"#,
            trainer_id,
        )
        .fetch_one(pool)
        .await?
    };
    let more_than_counted = confirmed_only && total > CONFIRMED_COUNTED;
    let total = if more_than_counted { CONFIRMED_COUNTED } else { total };
    // One more than a page: whether more follow.
    let mut items = oldest_waiting(pool, trainer_id, QUEUE_PER_PAGE + 1, after, confirmed_only).await?;
    // Nothing after the key (decided since, or an old link) while entries wait: the oldest again.
    let after = if items.is_empty() && after != 0 && total > 0 {
        items = oldest_waiting(pool, trainer_id, QUEUE_PER_PAGE + 1, 0, confirmed_only).await?;
        0
    } else {
        after
    };
    let next_after = crate::server::db::keyset_page(&mut items, QUEUE_PER_PAGE, |i| i.id);
    with_confirmations(pool, &mut items).await?;
    Ok(QueuePage { plans: Default::default(), items, total, paged: after != 0, next_after, confirmed_only, more_than_counted })
}

/// What the leerplek said about each practice entry on the page (one query).
async fn with_confirmations(pool: &SqlitePool, items: &mut [QueueItem]) -> Result<(), AppError> {
    let ids: Vec<i64> = items.iter().filter(|i| i.kind == HourKind::Practice).map(|i| i.id).collect();
    let mut found = crate::features::workplace::db::confirmations(pool, &ids).await?;
    for item in items {
        item.confirmation = found.remove(&item.id);
    }
    Ok(())
}

/// One waiting entry for the reject step; an entry of the trainer's cohorts
/// that someone already decided is a conflict, anything else is not found.
pub async fn queue_item(pool: &SqlitePool, trainer_id: i64, id: i64) -> Result<QueueItem, AppError> {
    if let Some(item) = waiting_entry(pool, trainer_id, id).await? {
        let mut items = [item];
        with_confirmations(pool, &mut items).await?;
        let [item] = items;
        return Ok(item);
    }
    let mut conn = pool.acquire().await?;
    let in_cohorts = sqlx::query_scalar!(
        "SELECT h.id FROM hour_entries h JOIN cohort_trainers t ON t.cohort_id = h.cohort_id
         WHERE h.id = ? AND t.trainer_id = ? AND h.status IN (?, ?)",
        id,
        trainer_id,
        const { EntryStatus::Approved.code() },
        const { EntryStatus::Rejected.code() },
    )
    .fetch_optional(&mut *conn)
    .await?
    .is_some();
    Err(if in_cohorts { AppError::Conflict("err.entry.already_decided".into()) } else { AppError::NotFound })
}

/// Decides each entry that is still waiting and in one of the trainer's cohorts.
/// Entries outside those cohorts are not counted at all: to this trainer they do not exist.
/// `approval_reason`: what the trainer wrote when approving (needed for an entry the
/// leerplek disputed); kept in the audit line.
pub async fn decide(
    pool: &SqlitePool,
    trainer_id: i64,
    ids: &[i64],
    decision: &Decision,
    approval_reason: Option<&str>,
) -> Result<DecisionOutcome, AppError> {
    let now = now_rfc3339();
    let (status, reason, action) = match decision {
        Decision::Approve => (EntryStatus::Approved.code(), None, AuditAction::ApproveHours),
        Decision::Reject(reason) => (EntryStatus::Rejected.code(), Some(reason.as_str()), AuditAction::RejectHours),
    };
    let mut tx = write_tx(pool).await?;
    let (mut decided, mut already_decided) = (0, 0);
    // Whose entries were rejected, and how many: one mail each, after the loop.
    let mut rejected_per_owner = std::collections::BTreeMap::<i64, i64>::new();
    for &id in ids {
        if matches!(decision, Decision::Approve) {
            if let Some(key) = crate::features::workplace::db::approval_refusal(&mut tx, id, approval_reason.is_some()).await? {
                return Err(AppError::Conflict(key.into()));
            }
        }
        let before = snapshot(&mut tx, id).await?;
        let changed = sqlx::query!(
            "UPDATE hour_entries SET status = ?, rejection_reason = ?, decided_by = ?, decided_at = ?
             WHERE id = ? AND status = ?
               AND cohort_id IN (SELECT cohort_id FROM cohort_trainers WHERE trainer_id = ?)",
            status,
            reason,
            trainer_id,
            now,
            id,
            const { EntryStatus::Submitted.code() },
            trainer_id,
        )
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 1 {
            decided += 1;
            let owner = before.as_ref().map(|(owner, _)| *owner);
            if let (Some(owner), Decision::Reject(_)) = (owner, decision) {
                *rejected_per_owner.entry(owner).or_default() += 1;
            }
            let before = before.map(|(_, s)| s);
            let after = before.as_ref().map(|b| Snapshot {
                worked_on: b.worked_on,
                quarters: b.quarters,
                kind: b.kind.clone(),
                description: b.description.clone(),
                place: b.place.clone(),
                status: status.to_owned(),
                rejection_reason: reason.or(approval_reason).map(str::to_owned),
            });
            audit::record(&mut tx, trainer_id, owner, action, "hour_entry", id, before.as_ref(), after.as_ref()).await?;
        } else if in_trainer_cohorts(&mut tx, id, trainer_id).await? {
            already_decided += 1;
        }
    }
    for (owner, count) in rejected_per_owner {
        // What happened and where to look; never the reason itself (it stays in the app).
        let params = [("count", count.to_string())];
        let mail = Letter { kind: MailKind::EntriesRejected, params: &params, link_path: Some("/uren?status=afgekeurd".into()), ics: None, about: None };
        outbox::enqueue_for_user(&mut tx, owner, &mail).await?;
    }
    tx.commit().await?;
    Ok(DecisionOutcome { approved: matches!(decision, Decision::Approve), decided, already_decided })
}

async fn in_trainer_cohorts(tx: &mut WriteTx, id: i64, trainer_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT h.id FROM hour_entries h JOIN cohort_trainers t ON t.cohort_id = h.cohort_id
         WHERE h.id = ? AND t.trainer_id = ?",
        id,
        trainer_id
    )
    .fetch_optional(&mut **tx)
    .await?
    .is_some())
}

/// Every recorded change that concerns this participant, newest first: the
/// lines that name them, never lines found through a shared subject id.
pub async fn audit_trail(pool: &SqlitePool, participant_id: i64) -> Result<Vec<AuditLine>, AppError> {
    // The history is of changes; who only looked is listed apart (`privacy::LooksTable`).
    let rows = sqlx::query!(
        r#"SELECT a.at, a.action, a.subject_type, a.subject_id, a.before_json, a.after_json, u.name AS "actor?"
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           WHERE a.participant_id = ? AND a.reading = ?
           ORDER BY a.id DESC LIMIT 200"#,
        participant_id,
        false,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditLine {
            at: crate::server::clock::amsterdam_time(&r.at),
            actor: r.actor,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            changes: changes(r.before_json.as_deref(), r.after_json.as_deref()),
        })
        .collect())
}

/// The fields that differ between two audit snapshots (all of them for a new
/// record), formatted for reading. The status is left out: the action says it.
fn changes(before: Option<&str>, after: Option<&str>) -> Vec<AuditChange> {
    let parse = |json: Option<&str>| json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()).unwrap_or_default();
    let (before, after) = (parse(before), parse(after));
    let shown = |field: &str, value: &serde_json::Value| -> Option<String> {
        match (field, value) {
            (_, serde_json::Value::Null) => None,
            ("worked_on", serde_json::Value::String(d)) => {
                Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map(crate::components::format::date).unwrap_or_else(|_| d.clone()))
            }
            (_, serde_json::Value::String(text)) => Some(text.clone()),
            (_, other) => Some(other.to_string()),
        }
    };
    const FIELDS: [&str; 9] = ["name", "email", "role", "worked_on", "quarters", "kind", "description", "place", "rejection_reason"];
    FIELDS
        .into_iter()
        .filter_map(|field| {
            let old = shown(field, &before[field]);
            let new = shown(field, &after[field]);
            (old != new).then(|| AuditChange { field: field.to_owned(), before: old, after: new })
        })
        .collect()
}

/// Whose entries these are (each participant once).
pub async fn participants_of_entries(pool: &SqlitePool, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    let ids = serde_json::to_string(ids).map_err(|_| AppError::Internal)?;
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT participant_id AS "id!" FROM hour_entries WHERE id IN (SELECT value FROM json_each(?))"#,
        ids
    )
    .fetch_all(pool)
    .await?)
}
