//! The outbox worker inside `serve`: sends each waiting mail over SMTP (lettre),
//! retries with growing pauses while the mail server is away or answers 4xx, gives
//! up after a bounded time with the reason kept, and marks an address the server
//! refuses for good (550/551/553). Without SMTP configured nothing runs and the mail
//! waits in the outbox, where the coordinator sees it with its link.
//!
//! Sent at most twice: a row is marked "bezig" (and committed) before the SMTP
//! exchange and "verstuurd" after it. Only a crash between the server's "250 OK"
//! and that second commit leaves a row "bezig"; on start such rows are sent once
//! more, with the same Message-ID, so a reader's mail program shows one message.
use std::time::Duration;

use chrono::Utc;
use lettre::{
    message::{
        header::{ContentType, HeaderName, HeaderValue},
        Attachment, Mailbox, MultiPart,
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use sqlx::SqlitePool;

use super::{db::write_tx, outbox::outbox_time};
use crate::{
    domain::{MailKind, MailStatus},
    error::AppError,
    i18n::{tr, Lang},
};

/// How the worker reaches the mail server and paces itself.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:port`, `smtps://user:pass@host:465`, `smtp://host:587?tls=required`.
    pub smtp_url: String,
    pub from: Mailbox,
    /// Where the links in a mail point (the app's public URL).
    pub public_base_url: String,
    /// The pause after the first failed try; it doubles per try, at most an hour.
    pub first_retry: Duration,
    /// After this long since the mail was queued, a failing mail is given up.
    pub give_up_after: Duration,
    /// How often the worker looks for new mail when there was none.
    pub poll: Duration,
}

/// Starts the outbox worker when a mail server is configured (true), or leaves the
/// mail waiting in the outbox (false). A wrong URL or sender is an error for `serve`.
pub fn start(pool: &SqlitePool, config: &super::config::Config) -> Result<bool, String> {
    let Some(smtp_url) = config.smtp_url.clone() else {
        return Ok(false);
    };
    let from = config.mail_from.parse::<Mailbox>().map_err(|e| format!("LEERLIJN_MAIL_FROM is not a mail address: {e}"))?;
    let settings = MailSettings {
        smtp_url,
        from,
        public_base_url: config.public_base_url.clone(),
        first_retry: config.mail_first_retry,
        give_up_after: config.mail_give_up_after,
        poll: config.mail_poll,
    };
    spawn(pool.clone(), settings).map_err(|e| format!("LEERLIJN_SMTP_URL is not usable: {e}"))?;
    Ok(true)
}

/// Starts the worker; returns at once. The transport is checked first, so a wrong
/// `LEERLIJN_SMTP_URL` stops `serve` with a clear message instead of failing later.
pub fn spawn(pool: SqlitePool, settings: MailSettings) -> Result<(), lettre::transport::smtp::Error> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)?.timeout(Some(Duration::from_secs(30))).build();
    tokio::spawn(async move {
        if let Err(error) = resend_interrupted(&pool).await {
            tracing::error!(%error, "outbox: could not take back mails interrupted by a stop");
        }
        loop {
            match send_next(&pool, &transport, &settings).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => tracing::error!(%error, "outbox: the worker could not read or update the outbox"),
            }
            tokio::time::sleep(settings.poll).await;
        }
    });
    Ok(())
}

/// Rows left "bezig" by a process that stopped mid-send go back to waiting.
async fn resend_interrupted(pool: &SqlitePool) -> Result<(), AppError> {
    let (sending, waiting) = (MailStatus::Sending.code(), MailStatus::Waiting.code());
    let mut tx = write_tx(pool).await?;
    sqlx::query!("UPDATE outbox SET status = ? WHERE status = ?", waiting, sending).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// One row of the outbox as the sender needs it.
struct Due {
    id: i64,
    kind: String,
    user_id: Option<i64>,
    to_address: String,
    to_name: String,
    language: String,
    subject: String,
    params: String,
    link_path: Option<String>,
    unsubscribe_path: Option<String>,
    attachment_ics: Option<String>,
    message_id: String,
    attempts: i64,
    created_at: String,
}

/// Sends the oldest due mail, if any: true when there was one (look again at once).
async fn send_next(pool: &SqlitePool, transport: &AsyncSmtpTransport<Tokio1Executor>, settings: &MailSettings) -> Result<bool, AppError> {
    let Some(due) = claim_next(pool).await? else {
        return Ok(false);
    };
    let outcome = match compose(&due, settings) {
        Ok(message) => transport.send(message).await.map(|_| ()).map_err(Failure::from),
        Err(error) => Err(Failure::Unsendable(error.to_string())),
    };
    record_outcome(pool, &due, outcome, settings).await?;
    Ok(true)
}

async fn claim_next(pool: &SqlitePool) -> Result<Option<Due>, AppError> {
    let (waiting, sending) = (MailStatus::Waiting.code(), MailStatus::Sending.code());
    let now = outbox_time(Utc::now());
    // A read first: an idle outbox (the usual case, looked at every second) takes no write lock.
    let Some(id) = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM outbox WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1"#,
        waiting,
        now
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let mut tx = write_tx(pool).await?;
    // Conditional on still waiting: a retry from the outbox page or a second process may have moved it.
    let due = sqlx::query_as!(
        Due,
        r#"UPDATE outbox SET status = ?, attempts = attempts + 1 WHERE id = ? AND status = ?
           RETURNING id AS "id!", kind, user_id, to_address, to_name, language, subject, params, link_path, unsubscribe_path, attachment_ics, message_id,
                     attempts AS "attempts!", created_at"#,
        sending,
        id,
        waiting
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(due)
}

/// Why a try did not deliver, as the outbox keeps it.
enum Failure {
    /// 550/551/553: this address does not take mail; trying again will not help.
    AddressRefused(String),
    /// The server is away, busy (4xx) or refused for another reason: try again later.
    Passing(String),
    /// The row itself cannot become a mail (a bad address in it): no point retrying.
    Unsendable(String),
}

impl From<lettre::transport::smtp::Error> for Failure {
    fn from(error: lettre::transport::smtp::Error) -> Self {
        let text = error.to_string();
        match error.status().map(u16::from) {
            Some(550 | 551 | 553) => Failure::AddressRefused(text),
            _ => Failure::Passing(text),
        }
    }
}

async fn record_outcome(pool: &SqlitePool, due: &Due, outcome: Result<(), Failure>, settings: &MailSettings) -> Result<(), AppError> {
    let now = Utc::now();
    let at = outbox_time(now);
    let mut tx = write_tx(pool).await?;
    match outcome {
        Ok(()) => {
            let sent = MailStatus::Sent.code();
            // The params and the link are not kept once the mail is out.
            sqlx::query!(
                "UPDATE outbox SET status = ?, sent_at = ?, last_error = NULL, params = '{}', link_path = NULL, unsubscribe_path = NULL,
                     attachment_ics = NULL
                 WHERE id = ?",
                sent,
                at,
                due.id
            )
            .execute(&mut *tx)
            .await?;
        }
        Err(Failure::AddressRefused(error)) => {
            let refused = MailStatus::Refused.code();
            sqlx::query!("UPDATE outbox SET status = ?, last_error = ? WHERE id = ?", refused, error, due.id).execute(&mut *tx).await?;
            sqlx::query!("UPDATE users SET mail_refused_at = ? WHERE id = ?", at, due.user_id).execute(&mut *tx).await?;
            tracing::warn!(outbox = due.id, %error, "outbox: the mail server refused the address for good");
        }
        Err(Failure::Unsendable(error)) => {
            let gave_up = MailStatus::GaveUp.code();
            sqlx::query!("UPDATE outbox SET status = ?, last_error = ? WHERE id = ?", gave_up, error, due.id).execute(&mut *tx).await?;
            tracing::error!(outbox = due.id, %error, "outbox: this mail cannot be made");
        }
        Err(Failure::Passing(error)) => {
            let queued = chrono::DateTime::parse_from_rfc3339(&due.created_at).map(|t| t.with_timezone(&Utc)).unwrap_or(now);
            let give_up = now.signed_duration_since(queued).to_std().unwrap_or_default() >= settings.give_up_after;
            let (status, next) = if give_up {
                (MailStatus::GaveUp.code(), at.clone())
            } else {
                let pause = retry_pause(settings.first_retry, due.attempts);
                (MailStatus::Waiting.code(), outbox_time(now + chrono::Duration::from_std(pause).unwrap_or_default()))
            };
            sqlx::query!("UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", status, next, error, due.id)
                .execute(&mut *tx)
                .await?;
            tracing::warn!(outbox = due.id, attempts = due.attempts, give_up, %error, "outbox: sending failed");
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The pause after try number `attempts` (1 = the first): doubles, at most an hour.
pub fn retry_pause(first: Duration, attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    first.saturating_mul(2u32.saturating_pow(doublings)).min(Duration::from_secs(3600))
}

/// The message for one row: plain text with an HTML alternative, no images, no tracking.
fn compose(due: &Due, settings: &MailSettings) -> Result<Message, Box<dyn std::error::Error + Send + Sync>> {
    let kind = MailKind::parse(&due.kind).map_err(|key| format!("unknown mail kind ({key})"))?;
    let lang = Lang::from_code(&due.language).unwrap_or_default();
    let params: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&due.params)?;
    let fill = |text: String| {
        params.iter().fold(text.replace("{name}", &due.to_name), |text, (key, value)| {
            text.replace(&format!("{{{key}}}"), value.as_str().unwrap_or_default())
        })
    };
    let texts = Texts {
        lang,
        greeting: fill(tr(lang, "mail.greeting")),
        paragraphs: fill(tr(lang, kind.body_key())).split("\n\n").map(str::to_owned).collect(),
        link: due.link_path.as_ref().map(|path| (tr(lang, kind.action_key()), format!("{}{path}", settings.public_base_url))),
        unsubscribe: due.unsubscribe_path.as_ref().map(|path| (tr(lang, "mail.unsubscribe"), format!("{}{path}", settings.public_base_url))),
        footer: tr(lang, "mail.footer"),
    };
    let to = Mailbox::new(Some(crate::clean::mail_header(&due.to_name)), due.to_address.parse()?);
    let mut message = Message::builder()
        .from(settings.from.clone())
        .to(to)
        .subject(crate::clean::mail_header(&due.subject))
        .message_id(Some(format!("<{}@{}>", due.message_id, host_of(&settings.public_base_url))))
        .multipart(body(&texts, due.attachment_ics.as_deref())?)?;
    let headers = message.headers_mut();
    headers.insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), lang.code().to_owned()));
    // RFC 3834: sent by a program, so out-of-office replies stay away.
    headers.insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".to_owned()));
    if let Some((_, page)) = &texts.unsubscribe {
        // RFC 2369 and 8058: the mail program's own "unsubscribe" posts here, no login needed.
        headers.insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{page}/een-klik>")));
        headers.insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click".to_owned()));
    }
    Ok(message)
}

/// Plain text with its HTML alternative, and the calendar file beside them if there is one.
fn body(texts: &Texts, ics: Option<&str>) -> Result<MultiPart, Box<dyn std::error::Error + Send + Sync>> {
    let words = MultiPart::alternative_plain_html(texts.plain(), texts.html());
    let Some(ics) = ics else {
        return Ok(words);
    };
    let method = if ics.contains("METHOD:CANCEL") { "CANCEL" } else { "PUBLISH" };
    let calendar = ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))?;
    Ok(MultiPart::mixed().multipart(words).singlepart(Attachment::new("eindgesprek.ics".to_owned()).body(ics.to_owned(), calendar)))
}

/// "https://leerlijn.example.nl:8443/x" → "leerlijn.example.nl".
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    if host.is_empty() {
        "localhost"
    } else {
        host
    }
}

/// A mail's words, once: written out as plain text and as HTML.
struct Texts {
    lang: Lang,
    greeting: String,
    paragraphs: Vec<String>,
    /// The one link: its words and the full address.
    link: Option<(String, String)>,
    /// A notice's unsubscribe page: the words before it and its address.
    unsubscribe: Option<(String, String)>,
    footer: String,
}

impl Texts {
    fn plain(&self) -> String {
        let mut out = format!("{}\n\n", self.greeting);
        for paragraph in &self.paragraphs {
            out.push_str(paragraph);
            out.push_str("\n\n");
        }
        if let Some((words, url)) = &self.link {
            out.push_str(&format!("{words}:\n{url}\n\n"));
        }
        out.push_str("-- \n");
        out.push_str(&self.footer);
        out.push('\n');
        if let Some((words, url)) = &self.unsubscribe {
            out.push_str(&format!("{words}\n{url}\n"));
        }
        out
    }

    fn html(&self) -> String {
        let mut body = format!("<p>{}</p>", escape(&self.greeting));
        for paragraph in &self.paragraphs {
            body.push_str(&format!("<p>{}</p>", escape(paragraph)));
        }
        if let Some((words, url)) = &self.link {
            body.push_str(&format!(
                "<p><a href=\"{url}\" style=\"display:inline-block;padding:10px 16px;background:#1a5e37;color:#ffffff;\
                 text-decoration:underline;border-radius:4px\">{words}</a></p><p style=\"font-size:14px\">{url}</p>",
                url = escape(url),
                words = escape(words)
            ));
        }
        let unsubscribe = self
            .unsubscribe
            .as_ref()
            .map(|(words, url)| format!("<p style=\"font-size:14px;color:#444444\">{} <a href=\"{url}\">{url}</a></p>", escape(words), url = escape(url)))
            .unwrap_or_default();
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>Leerlijn</title></head>\
             <body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:600px\">\
             {body}<hr><p style=\"font-size:14px;color:#444444\">{footer}</p>{unsubscribe}</body></html>",
            lang = self.lang.code(),
            footer = escape(&self.footer)
        )
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_and_stop_growing_at_an_hour() {
        let first = Duration::from_secs(30);
        assert_eq!(retry_pause(first, 1), Duration::from_secs(30));
        assert_eq!(retry_pause(first, 2), Duration::from_secs(60));
        assert_eq!(retry_pause(first, 5), Duration::from_secs(480));
        assert_eq!(retry_pause(first, 9), Duration::from_secs(3600));
        assert_eq!(retry_pause(first, 1_000), Duration::from_secs(3600));
    }

    #[test]
    fn the_message_id_names_the_public_host() {
        assert_eq!(host_of("https://leerlijn.example.nl:8443/x"), "leerlijn.example.nl");
        assert_eq!(host_of("http://127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_of(""), "localhost");
    }
}
