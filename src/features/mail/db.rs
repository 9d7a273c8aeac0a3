use sqlx::SqlitePool;

use super::{MailChoices, UnsubscribeLink};
use crate::{
    domain::{AuditAction, MailKind, Role},
    error::AppError,
    server::{audit, clock::now_rfc3339, db::write_tx},
};

/// The notices `role` can get, each on unless the person turned it off.
pub async fn choices(pool: &SqlitePool, user_id: i64, role: Role) -> Result<MailChoices, AppError> {
    let off: Vec<String> = sqlx::query_scalar!("SELECT kind FROM mail_choices_off WHERE user_id = ?", user_id).fetch_all(pool).await?;
    let choices = MailKind::notices_for(role).iter().map(|kind| (*kind, !off.iter().any(|o| o == kind.code()))).collect();
    Ok(MailChoices { choices })
}

/// Keeps exactly the notices in `on` (codes) switched on; anything else the role can get goes off.
pub async fn save_choices(pool: &SqlitePool, user_id: i64, role: Role, on: &[&str]) -> Result<(), AppError> {
    let now = now_rfc3339();
    let mut tx = write_tx(pool).await?;
    let mut changed = Vec::new();
    for kind in MailKind::notices_for(role) {
        let code = kind.code();
        let result = if on.contains(&code) {
            sqlx::query!("DELETE FROM mail_choices_off WHERE user_id = ? AND kind = ?", user_id, code).execute(&mut *tx).await?
        } else {
            sqlx::query!("INSERT OR IGNORE INTO mail_choices_off (user_id, kind, off_since) VALUES (?, ?, ?)", user_id, code, now)
                .execute(&mut *tx)
                .await?
        };
        if result.rows_affected() > 0 {
            changed.push(serde_json::json!({ "kind": code, "on": on.contains(&code) }));
        }
    }
    if !changed.is_empty() {
        let participant = (role == Role::Participant).then_some(user_id);
        let after = serde_json::Value::Array(changed);
        audit::record(&mut tx, user_id, participant, AuditAction::MailChoicesChanged, "user", user_id, None::<&()>, Some(&after)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The mail a link stops, and whether it already has; `None` for an unknown link.
pub async fn unsubscribe_link(pool: &SqlitePool, token_hash: &str) -> Result<Option<UnsubscribeLink>, AppError> {
    let row = sqlx::query!(
        r#"SELECT l.kind, EXISTS (SELECT 1 FROM mail_choices_off o WHERE o.user_id = l.user_id AND o.kind = l.kind) AS "off!: bool"
           FROM unsubscribe_links l JOIN users u ON u.id = l.user_id
           WHERE l.token_hash = ? AND u.removal IS NULL"#,
        token_hash
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| MailKind::parse(&r.kind).ok().map(|kind| UnsubscribeLink { kind, off: r.off })))
}

/// Turns off the kind of mail the link is about. False for an unknown link.
pub async fn unsubscribe(pool: &SqlitePool, token_hash: &str) -> Result<bool, AppError> {
    let now = now_rfc3339();
    let mut tx = write_tx(pool).await?;
    let Some(link) = sqlx::query!(
        r#"SELECT l.user_id, l.kind, u.role FROM unsubscribe_links l JOIN users u ON u.id = l.user_id
           WHERE l.token_hash = ? AND u.removal IS NULL"#,
        token_hash
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        tx.rollback().await?;
        return Ok(false);
    };
    let turned_off = sqlx::query!(
        "INSERT OR IGNORE INTO mail_choices_off (user_id, kind, off_since) VALUES (?, ?, ?)",
        link.user_id,
        link.kind,
        now
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if turned_off {
        let participant = (link.role == Role::Participant.code()).then_some(link.user_id);
        let after = serde_json::json!([{ "kind": link.kind, "on": false, "via": "afmeldlink" }]);
        audit::record(&mut tx, link.user_id, participant, AuditAction::MailChoicesChanged, "user", link.user_id, None::<&()>, Some(&after))
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}
