use chrono::Utc;
use sqlx::SqlitePool;

use crate::{
    domain::{AuditAction, Email, NewPassword, Organisation, PersonName, Role},
    error::AppError,
    server::{
        audit,
        clock::now_rfc3339,
        db::{unique_as_field, write_tx},
        outbox::{self, Letter},
    },
};

pub async fn login_account(pool: &SqlitePool, email: &Email) -> Result<Option<(i64, Option<String>)>, AppError> {
    let email = email.as_str();
    let row = sqlx::query!(r#"SELECT id AS "id!", password_hash FROM users WHERE email = ?"#, email).fetch_optional(pool).await?;
    Ok(row.map(|r| (r.id, r.password_hash)))
}

pub struct NewPerson<'a> {
    pub name: &'a PersonName,
    pub email: &'a Email,
    pub role: Role,
    pub organisation: Option<Organisation>,
    pub cohort_id: Option<i64>,
    /// The coordinator chose to replace a link that still works.
    pub replace: bool,
    /// The language the person chose elsewhere (their application); otherwise Dutch, or what the account had.
    pub language: Option<crate::i18n::Lang>,
}

impl NewPerson<'_> {
    /// Participants belong to one cohort; trainers are linked through `cohort_trainers`.
    fn own_cohort(&self) -> Option<i64> {
        if self.role == Role::Participant {
            self.cohort_id
        } else {
            None
        }
    }
}

/// Creates the account (or reuses one that never set a password) and a fresh
/// invitation; earlier unused links for that person stop working. Re-inviting
/// replaces everything the earlier invitation set up (role, cohort, a trainer's
/// cohort assignments), so nothing of a former role lingers. Runs under the
/// write lock: simultaneous invitations of one address behave as if one came
/// after the other.
pub async fn invite(
    pool: &SqlitePool,
    person: &NewPerson<'_>,
    token_hash: &str,
    expires_at: &str,
    invited_by: i64,
    mail: &Letter<'_>,
) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    invite_in(&mut tx, person, token_hash, expires_at, invited_by, mail).await?;
    tx.commit().await?;
    Ok(())
}

/// [`invite`] inside the caller's transaction (admitting an applicant makes their
/// account in the same step). Returns the account's id.
pub async fn invite_in(
    conn: &mut sqlx::SqliteConnection,
    person: &NewPerson<'_>,
    token_hash: &str,
    expires_at: &str,
    invited_by: i64,
    mail: &Letter<'_>,
) -> Result<i64, AppError> {
    let email = person.email.as_str();
    let now_for_links = Utc::now().to_rfc3339();
    let existing = sqlx::query!(
        r#"SELECT id AS "id!", password_hash, name, role, organisation, cohort_id,
                  (SELECT json_group_array(cohort_id) FROM cohort_trainers WHERE trainer_id = users.id) AS "trainer_cohorts!: String",
                  EXISTS (SELECT 1 FROM invitations i WHERE i.user_id = users.id AND i.used_at IS NULL AND i.expires_at > ?)
                      AS "open_link!: bool"
           FROM users WHERE email = ?"#,
        now_for_links,
        email
    )
    .fetch_optional(&mut *conn)
    .await?;
    let now = now_rfc3339();
    // A participant joins on the cohort's first day, or today if it has started: earlier sessions do not apply to them.
    let today = crate::server::clock::today_in_amsterdam().to_string();
    let name = person.name.as_str();
    let role = person.role.code();
    let organisation = person.organisation.map(|o| o.code());
    let own_cohort = person.own_cohort();
    let chosen_language = person.language.map(|l| l.code());
    let new_language = person.language.unwrap_or_default().code();
    let (user_id, before) = match existing {
        Some(row) if row.password_hash.is_some() => return Err(AppError::field("email", "err.email.taken")),
        // A second link for the same person is a choice the coordinator makes knowingly.
        Some(row) if row.open_link && !person.replace => return Err(AppError::field("email", "err.invitation.pending")),
        Some(row) => {
            let before = serde_json::json!({ "name": row.name, "role": row.role, "organisation": row.organisation,
                "cohort_id": row.cohort_id, "trainer_cohorts": serde_json::from_str::<serde_json::Value>(&row.trainer_cohorts).ok() });
            sqlx::query!(
                "UPDATE users SET name = ?, role = ?, organisation = ?, cohort_id = ?,
                        joined_on = (SELECT MAX(starts_on, ?) FROM cohorts WHERE id = ?), language = COALESCE(?, language) WHERE id = ?",
                name,
                role,
                organisation,
                own_cohort,
                today,
                own_cohort,
                chosen_language,
                row.id
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!("DELETE FROM cohort_trainers WHERE trainer_id = ?", row.id).execute(&mut *conn).await?;
            sqlx::query!("UPDATE invitations SET used_at = ? WHERE user_id = ? AND used_at IS NULL", now, row.id).execute(&mut *conn).await?;
            (row.id, Some(before))
        }
        None => {
            let id = sqlx::query_scalar!(
                r#"INSERT INTO users (email, name, role, organisation, cohort_id, joined_on, created_at, language)
                   VALUES (?, ?, ?, ?, ?, (SELECT MAX(starts_on, ?) FROM cohorts WHERE id = ?), ?, ?) RETURNING id AS "id!""#,
                email,
                name,
                role,
                organisation,
                own_cohort,
                today,
                own_cohort,
                now,
                new_language
            )
            .fetch_one(&mut *conn)
            .await
            .map_err(unique_as_field("email", "err.email.taken"))?;
            (id, None)
        }
    };
    if let (Role::Trainer, Some(cohort_id)) = (person.role, person.cohort_id) {
        sqlx::query!("INSERT OR IGNORE INTO cohort_trainers (cohort_id, trainer_id) VALUES (?, ?)", cohort_id, user_id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query!(
        "INSERT INTO invitations (user_id, token_hash, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        user_id,
        token_hash,
        expires_at,
        invited_by,
        now
    )
    .execute(&mut *conn)
    .await?;
    let after =
        serde_json::json!({ "email": email, "name": name, "role": role, "organisation": organisation, "cohort_id": person.cohort_id });
    let participant = (person.role == Role::Participant).then_some(user_id);
    audit::record(&mut *conn, invited_by, participant, AuditAction::Invite, "user", user_id, before.as_ref(), Some(&after)).await?;
    outbox::enqueue_for_user(&mut *conn, user_id, mail).await?;
    Ok(user_id)
}

/// A new one-time password link for an activated account; links not yet used stop working.
/// Returns the account's name and e-mail address.
pub async fn password_link(
    pool: &SqlitePool,
    user_id: i64,
    token_hash: &str,
    expires_at: &str,
    made_by: i64,
    mail: &Letter<'_>,
) -> Result<(String, String), AppError> {
    let mut tx = write_tx(pool).await?;
    let account = sqlx::query!(r#"SELECT name, email, role FROM users WHERE id = ? AND password_hash IS NOT NULL"#, user_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = now_rfc3339();
    sqlx::query!("UPDATE invitations SET used_at = ? WHERE user_id = ? AND used_at IS NULL", now, user_id).execute(&mut *tx).await?;
    sqlx::query!(
        "INSERT INTO invitations (user_id, token_hash, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        user_id,
        token_hash,
        expires_at,
        made_by,
        now
    )
    .execute(&mut *tx)
    .await?;
    let participant = (account.role == Role::Participant.code()).then_some(user_id);
    audit::record(&mut tx, made_by, participant, AuditAction::PasswordLink, "user", user_id, None::<&()>, None::<&()>).await?;
    outbox::enqueue_for_user(&mut tx, user_id, mail).await?;
    tx.commit().await?;
    Ok((account.name, account.email))
}

/// How many links someone may ask for themselves per hour ("Wachtwoord vergeten?").
pub const FORGOTTEN_LINKS_PER_HOUR: i64 = 3;

/// Self-service: a one-time password link for the account with this address and
/// its mail, in one transaction. For an unknown address, a removed account, or one
/// that asked [`FORGOTTEN_LINKS_PER_HOUR`] times this hour, nothing happens: the
/// person asking is told the same either way, so the form reveals no accounts.
/// Earlier links keep working until one of them is used (see [`use_invitation`]),
/// so asking cannot lock someone else out.
pub async fn forgotten_password(pool: &SqlitePool, email: &Email, token_hash: &str, expires_at: &str, mail: &Letter<'_>) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let email = email.as_str();
    let hour_ago = (Utc::now() - chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let account = sqlx::query!(
        r#"SELECT id AS "id!", role,
                  (SELECT COUNT(*) FROM invitations i WHERE i.user_id = users.id AND i.created_by = users.id AND i.created_at > ?)
                      AS "asked!: i64"
           FROM users WHERE email = ? AND removal IS NULL"#,
        hour_ago,
        email
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(account) = account.filter(|a| a.asked < FORGOTTEN_LINKS_PER_HOUR) else {
        tx.rollback().await?;
        return Ok(());
    };
    let now = now_rfc3339();
    sqlx::query!(
        "INSERT INTO invitations (user_id, token_hash, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        account.id,
        token_hash,
        expires_at,
        account.id,
        now
    )
    .execute(&mut *tx)
    .await?;
    let participant = (account.role == Role::Participant.code()).then_some(account.id);
    audit::record(&mut tx, account.id, participant, AuditAction::PasswordForgotten, "user", account.id, None::<&()>, None::<&()>).await?;
    outbox::enqueue_for_user(&mut tx, account.id, mail).await?;
    tx.commit().await?;
    Ok(())
}

pub struct OpenInvitation {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// An invitation that can still be used; used and unknown links are "not found",
/// expired ones say so, so the person knows to ask for a new link.
pub async fn open_invitation(pool: &SqlitePool, token_hash: &str) -> Result<OpenInvitation, AppError> {
    let row = sqlx::query!(
        r#"SELECT i.id AS "id!", i.user_id, i.expires_at, i.used_at, u.name, u.email
           FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.token_hash = ?"#,
        token_hash
    )
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::Conflict("err.invitation.invalid".into()))?;
    if row.used_at.is_some() {
        return Err(AppError::Conflict("err.invitation.invalid".into()));
    }
    let expired = chrono::DateTime::parse_from_rfc3339(&row.expires_at).map(|t| t <= Utc::now()).unwrap_or(true);
    if expired {
        return Err(AppError::Conflict("err.invitation.expired".into()));
    }
    Ok(OpenInvitation { id: row.id, user_id: row.user_id, name: row.name, email: row.email })
}

/// Marks the link used and stores the password, once: a second use finds no open link.
pub async fn use_invitation(pool: &SqlitePool, invitation_id: i64, user_id: i64, password_hash: &str, now: &str) -> Result<(), AppError> {
    let mut tx = write_tx(pool).await?;
    let used =
        sqlx::query!("UPDATE invitations SET used_at = ? WHERE id = ? AND used_at IS NULL", now, invitation_id).execute(&mut *tx).await?;
    if used.rows_affected() != 1 {
        return Err(AppError::Conflict("err.invitation.invalid".into()));
    }
    // Once one link is used, every other open link of the account stops working.
    sqlx::query!("UPDATE invitations SET used_at = ? WHERE user_id = ? AND used_at IS NULL", now, user_id).execute(&mut *tx).await?;
    // A new epoch ends every session the account had (someone who took one over too).
    let role = sqlx::query_scalar!(
        "UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ? RETURNING role",
        password_hash,
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let participant = (role == Role::Participant.code()).then_some(user_id);
    audit::record(&mut tx, user_id, participant, AuditAction::SetPassword, "user", user_id, None::<&()>, None::<&()>).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a ready-to-use account from the command line (first coordinator, demo data);
/// a participant counts as in their cohort from its first day.
pub async fn create_user_with_password(pool: &SqlitePool, person: &NewPerson<'_>, password_hash: &str) -> Result<i64, AppError> {
    let now = now_rfc3339();
    let (email, name, role) = (person.email.as_str(), person.name.as_str(), person.role.code());
    let organisation = person.organisation.map(|o| o.code());
    let own_cohort = person.own_cohort();
    let mut tx = write_tx(pool).await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO users (email, name, role, organisation, cohort_id, joined_on, password_hash, created_at)
           VALUES (?, ?, ?, ?, ?, (SELECT starts_on FROM cohorts WHERE id = ?), ?, ?) RETURNING id AS "id!""#,
        email,
        name,
        role,
        organisation,
        own_cohort,
        own_cohort,
        password_hash,
        now
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(unique_as_field("email", "err.email.taken"))?;
    if let (Role::Trainer, Some(cohort_id)) = (person.role, person.cohort_id) {
        sqlx::query!("INSERT OR IGNORE INTO cohort_trainers (cohort_id, trainer_id) VALUES (?, ?)", cohort_id, id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Creates an active account with a password (the CLI, the demo, tests).
pub async fn create_user(
    pool: &SqlitePool,
    email: &Email,
    name: &PersonName,
    role: Role,
    organisation: Option<Organisation>,
    cohort_id: Option<i64>,
    password: NewPassword,
) -> Result<i64, AppError> {
    if role == Role::Trainer && organisation.is_none() {
        return Err(AppError::field("organisation", "err.organisation"));
    }
    if role == Role::Participant && cohort_id.is_none() {
        return Err(AppError::field("cohort_id", "err.cohort.choose"));
    }
    let hash = crate::server::passwords::hash(password.expose().to_owned()).await?;
    let person = NewPerson { name, email, role, organisation, cohort_id, replace: false, language: None };
    create_user_with_password(pool, &person, &hash).await
}

/// How many accounts the list shows at a time.
const ACCOUNTS_PER_PAGE: i64 = 50;

/// Every account (or those of one role) by name, a page at a time from after account
/// `after` (0: from the first; keyset, so a page costs the same however far on), with
/// whether it is in use and until when its newest unused link works.
pub async fn accounts(pool: &SqlitePool, role: Option<Role>, after: i64) -> Result<super::AccountList, AppError> {
    let role = role.map(Role::code);
    // Kept by triggers (`accounts_per_role`), not counted per view.
    let total = sqlx::query_scalar!(
        r#"SELECT COALESCE(SUM(accounts), 0) AS "n!: i64" FROM accounts_per_role WHERE ? IS NULL OR role = ?"#,
        role,
        role
    )
    .fetch_one(pool)
    .await?;
    let mut ids = page_of_ids(pool, role, after).await?;
    let next_after = crate::server::db::keyset_page(&mut ids, ACCOUNTS_PER_PAGE, |id| *id);
    let ids = serde_json::to_string(&ids).map_err(|_| AppError::Internal)?;
    let now = now_rfc3339();
    let rows = sqlx::query!(
        r#"SELECT u.id AS "id!", u.name, u.email, u.role, u.organisation, c.name AS "cohort_name?",
                  u.password_hash IS NOT NULL AS "active!: bool", u.mail_refused_at IS NOT NULL AS "mail_refused!: bool",
                  (SELECT MAX(i.expires_at) FROM invitations i
                    WHERE i.user_id = u.id AND i.used_at IS NULL AND i.expires_at > ?) AS "open_until?: String"
           FROM users u LEFT JOIN cohorts c ON c.id = u.cohort_id
           WHERE u.id IN (SELECT value FROM json_each(?))
           ORDER BY LOWER(u.name), u.id"#,
        now,
        ids,
    )
    .fetch_all(pool)
    .await?;
    let accounts = rows
        .into_iter()
        .map(|r| {
            Ok(super::AccountRow {
                id: r.id,
                name: r.name,
                email: r.email,
                role: Role::parse(&r.role).map_err(|_| AppError::Internal)?,
                organisation: r.organisation.as_deref().and_then(|o| Organisation::parse(o).ok()),
                cohort_name: r.cohort_name,
                active: r.active,
                mail_refused: r.mail_refused,
                open_link_until: r.open_until.as_deref().map(crate::server::clock::amsterdam_time),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(super::AccountList { accounts, total, paged: after != 0, next_after })
}

/// The ids of one page of accounts in name order (one more than a page: whether more
/// follow), each read from an index in order from where the page starts. Two queries,
/// not `? IS NULL OR role = ?`: with that, SQLite cannot choose the role's index.
async fn page_of_ids(pool: &SqlitePool, role: Option<&str>, after: i64) -> Result<Vec<i64>, AppError> {
    // Where the page starts: the name of the last account shown ("" from the first).
    // An account gone since starts the list again from the top.
    let start = sqlx::query_scalar!(r#"SELECT LOWER(name) AS "name!: String" FROM users WHERE id = ?"#, after)
        .fetch_optional(pool)
        .await?
        .unwrap_or_default();
    let fetch = ACCOUNTS_PER_PAGE + 1;
    // `LOWER(name) >= ?` is the index range; the row value then skips the names equal to it up to `after`.
    let ids = match role {
        Some(role) => {
            sqlx::query_scalar!(
                r#"SELECT id AS "id!" FROM users WHERE role = ? AND LOWER(name) >= ? AND (LOWER(name), id) > (?, ?)
                   ORDER BY LOWER(name), id LIMIT ?"#,
                role,
                start,
                start,
                after,
                fetch
            )
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query_scalar!(
                r#"SELECT id AS "id!" FROM users WHERE LOWER(name) >= ? AND (LOWER(name), id) > (?, ?)
                   ORDER BY LOWER(name), id LIMIT ?"#,
                start,
                start,
                after,
                fetch
            )
            .fetch_all(pool)
            .await?
        }
    };
    Ok(ids)
}
