//! Putting a mail in the outbox, inside the transaction of the change that causes it:
//! the change and its mail commit together or not at all. `server::mailer` sends it.
use chrono::{SecondsFormat, Utc};
use sqlx::SqliteConnection;

use crate::{domain::MailKind, error::AppError, i18n::Lang};

/// A mail to one person, before it has text: the text is made when it is sent.
pub struct Letter<'a> {
    pub kind: MailKind,
    /// `{name}`, `{count}`… in the mail's texts. Never the content of a record:
    /// mail leaves the app's protection, so it says what happened and links to the page.
    pub params: &'a [(&'a str, String)],
    /// The page the mail links to, e.g. `/wachtwoord/{token}` (the public URL goes in front).
    pub link_path: Option<String>,
    /// An iCalendar file sent with the mail (`eindgesprek.ics`).
    pub ics: Option<String>,
    /// The participant the mail is about when that is not the recipient (an assessor's
    /// mail about an interview): erasing that participant deletes this mail too.
    pub about: Option<i64>,
}

/// A moment as the outbox stores it: UTC with milliseconds, so retries a fraction of
/// a second apart still sort (one format throughout; strings compare as times).
pub fn outbox_time(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Queues `letter` for the account `user_id` in the language they chose. Nothing is
/// queued for someone removed; a notice (not an account mail) is also skipped when
/// its kind is turned off or the mail server refused the address for good, and
/// carries its own unsubscribe link. Returns the outbox row, if one was written.
pub async fn enqueue_for_user(conn: &mut SqliteConnection, user_id: i64, letter: &Letter<'_>) -> Result<Option<i64>, AppError> {
    let Some(person) = sqlx::query!(
        r#"SELECT email, name, role, language, removal, mail_refused_at FROM users WHERE id = ?"#,
        user_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let notice = !letter.kind.is_account_mail();
    if person.removal.is_some() || (notice && person.mail_refused_at.is_some()) {
        return Ok(None);
    }
    let kind = letter.kind.code();
    let now = outbox_time(Utc::now());
    // A notice carries the link that turns its kind off, unless it already is.
    let unsubscribe_path = if notice {
        let off = sqlx::query_scalar!("SELECT kind FROM mail_choices_off WHERE user_id = ? AND kind = ?", user_id, kind)
            .fetch_optional(&mut *conn)
            .await?
            .is_some();
        if off {
            return Ok(None);
        }
        let token = crate::server::tokens::new_token();
        let hash = crate::server::tokens::hash_token(&token);
        sqlx::query!("INSERT INTO unsubscribe_links (token_hash, user_id, kind, created_at) VALUES (?, ?, ?, ?)", hash, user_id, kind, now)
            .execute(&mut *conn)
            .await?;
        Some(format!("/afmelden/{token}"))
    } else {
        None
    };
    let lang = Lang::from_code(&person.language).unwrap_or_default();
    // Like an audit line, a mail names the participant it concerns.
    let participant_id = letter.about.or_else(|| (person.role == crate::domain::Role::Participant.code()).then_some(user_id));
    let to = Recipient { user_id: Some(user_id), address: &person.email, name: &person.name, lang, participant_id };
    let id = insert(conn, &to, letter, unsubscribe_path.as_deref(), &now).await?;
    Ok(Some(id))
}

/// Someone without an account (a werkbegeleider at a leerplek). The mail is about
/// `letter.about`, the participant whose request it is, and goes in that participant's
/// language; it has no unsubscribe link: it comes only when asked for, once per request.
pub async fn enqueue_to_address(
    conn: &mut SqliteConnection,
    address: &str,
    name: &str,
    lang: Lang,
    letter: &Letter<'_>,
) -> Result<i64, AppError> {
    let now = outbox_time(Utc::now());
    let to = Recipient { user_id: None, address, name, lang, participant_id: letter.about };
    insert(conn, &to, letter, None, &now).await
}

struct Recipient<'a> {
    user_id: Option<i64>,
    address: &'a str,
    name: &'a str,
    lang: Lang,
    participant_id: Option<i64>,
}

async fn insert(conn: &mut SqliteConnection, to: &Recipient<'_>, letter: &Letter<'_>, unsubscribe_path: Option<&str>, now: &str) -> Result<i64, AppError> {
    let kind = letter.kind.code();
    let subject = crate::clean::mail_header(&crate::i18n::tr(to.lang, letter.kind.subject_key()));
    let params: serde_json::Map<String, serde_json::Value> =
        letter.params.iter().map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone()))).collect();
    let params = serde_json::Value::Object(params).to_string();
    // 128 random bits; the sender makes `<{id}@{public host}>` of it, the same on every try.
    let message_id = crate::server::tokens::new_token()[..32].to_owned();
    let lang = to.lang.code();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO outbox (kind, user_id, participant_id, to_address, to_name, language, subject, params, link_path,
                               unsubscribe_path, attachment_ics, message_id, next_attempt_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        kind,
        to.user_id,
        to.participant_id,
        to.address,
        to.name,
        lang,
        subject,
        params,
        letter.link_path,
        unsubscribe_path,
        letter.ics,
        message_id,
        now,
        now
    )
    .fetch_one(&mut *conn)
    .await?)
}
