//! Demo data for `make run` and the browser tests: a running cohort, its
//! trainers and participants, and hours in every state.
use chrono::Duration;
use sqlx::SqlitePool;

use crate::{
    domain::{Email, NewPassword, Organisation, PersonName, Role},
    error::AppError,
    features::accounts::db::create_user,
    server::clock::{now_rfc3339, today_in_amsterdam},
};

pub const DEMO_PASSWORD: &str = "leerlijn-demo-2026";

/// (email, name, role, organisation)
const DEMO_PEOPLE: &[(&str, &str, Role, Option<Organisation>)] = &[
    ("coordinator@leerlijn.test", "Marieke de Vries", Role::Coordinator, None),
    ("trainer@leerlijn.test", "Youssef El Amrani", Role::Trainer, Some(Organisation::Vrijwilligersacademie)),
    ("docent@leerlijn.test", "Ingrid Jansen", Role::Trainer, Some(Organisation::Hva)),
    ("deelnemer@leerlijn.test", "Samira Bakker", Role::Participant, None),
    ("kees@leerlijn.test", "Kees van Dijk", Role::Participant, None),
    ("anouk@leerlijn.test", "Anouk Pinas", Role::Participant, None),
];

pub fn print_logins() {
    println!("Demo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):");
    for (email, name, role, _) in DEMO_PEOPLE {
        println!("  {:<28} {:<12} {name}", email, role.code());
    }
}

/// Adds a running cohort, its trainers and participants with some hours in each
/// state. Returns false when the demo was already there.
pub async fn seed(pool: &SqlitePool) -> Result<bool, AppError> {
    let exists =
        sqlx::query_scalar!("SELECT id FROM users WHERE email = 'coordinator@leerlijn.test'").fetch_optional(pool).await?.is_some();
    if exists {
        return Ok(false);
    }
    let today = today_in_amsterdam();
    // The cohort runs around today so demo hours can always be logged.
    let starts_on = today - Duration::days(60);
    let ends_on = today + Duration::days(300);
    let now = now_rfc3339();
    let cohort_id = sqlx::query_scalar!(
        r#"INSERT INTO cohorts (name, starts_on, ends_on, created_at) VALUES ('Leerlijn Buurtteams 2026', ?, ?, ?)
           RETURNING id AS "id!""#,
        starts_on,
        ends_on,
        now
    )
    .fetch_one(pool)
    .await?;

    let mut ids = Vec::new();
    for (email, name, role, organisation) in DEMO_PEOPLE {
        let email = Email::parse(email).map_err(|_| AppError::Internal)?;
        let name = PersonName::parse(name).map_err(|_| AppError::Internal)?;
        let password = NewPassword::parse(DEMO_PASSWORD, &email).map_err(|_| AppError::Internal)?;
        let cohort = (*role != Role::Coordinator).then_some(cohort_id);
        ids.push(create_user(pool, &email, &name, *role, *organisation, cohort, password).await?);
    }
    let trainer = ids[1];
    let entries: &[(i64, i64, i64, &str, &str, Option<&str>, &str, Option<&str>)] = &[
        // (participant, days ago, quarters, kind, description, place, status, reason)
        (ids[3], 40, 12, "leren", "Training 'Grenzen stellen'", None, "goedgekeurd", None),
        (ids[3], 33, 16, "praktijk", "Spreekuur met tandempartner", Some("Buurtteam Noord"), "goedgekeurd", None),
        (ids[3], 20, 8, "leren", "Intervisie en voorbereiding", None, "ingediend", None),
        (
            ids[3],
            12,
            10,
            "praktijk",
            "Huisbezoeken samen met tandempartner",
            Some("Buurtteam Noord"),
            "afgekeurd",
            Some("Graag per bezoek apart invullen."),
        ),
        (ids[4], 30, 24, "praktijk", "Inloopochtend", Some("Buurtteam Zuidoost"), "goedgekeurd", None),
        (ids[4], 5, 6, "leren", "Training 'Beter vragen stellen'", None, "ingediend", None),
        (ids[5], 3, 4, "leren", "Literatuur over herstelgericht werken", None, "ingediend", None),
    ];
    for (participant, days_ago, quarters, kind, description, place, status, reason) in entries {
        let worked_on = today - Duration::days(*days_ago);
        let decided_by = (*status != "ingediend").then_some(trainer);
        let decided_at = decided_by.map(|_| now.clone());
        sqlx::query!(
            "INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status,
                                       rejection_reason, decided_by, decided_at, submitted_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            participant,
            cohort_id,
            worked_on,
            quarters,
            kind,
            description,
            place,
            status,
            reason,
            decided_by,
            decided_at,
            now
        )
        .execute(pool)
        .await?;
    }
    Ok(true)
}
