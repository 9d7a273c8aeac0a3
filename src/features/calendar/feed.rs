//! `/agenda/{token}.ics`: the feed itself. Public (the token is the key), read-only.
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use super::db::{self, FeedSession};
use crate::{domain::SessionKind, error::AppError, server::state::AppState, server::tokens};

pub async fn calendar_feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match feed(&state, token).await {
        Ok(body) => {
            let mut response = body.into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=900"));
            response
        }
        Err(e) => e.into_response(),
    }
}

async fn feed(state: &AppState, token: &str) -> Result<String, AppError> {
    let (user_id, role) = db::feed_owner(&state.pool, &tokens::hash_token(token)).await?.ok_or(AppError::NotFound)?;
    let sessions = db::sessions(&state.pool, user_id, role).await?;
    let host = state.config.public_base_url.trim_start_matches("https://").trim_start_matches("http://").to_owned();
    Ok(calendar(&sessions, &host).to_string())
}

/// The sessions as one calendar. Times in UTC (converted from Amsterdam wall-clock
/// time), a UID per session that never changes, cancellations as `STATUS:CANCELLED`.
pub fn calendar(sessions: &[FeedSession], host: &str) -> Calendar {
    let mut calendar = Calendar::new();
    calendar.name("Leerlijn Buurtteams").append_property(("PRODID", "-//Leerlijn Buurtteams//Programma//NL"));
    let now = Utc::now();
    for s in sessions {
        let (Some(starts), Some(ends)) = (utc(s.held_on, &s.starts_at), utc(s.held_on, &s.ends_at)) else {
            continue;
        };
        let kind = match SessionKind::parse(&s.kind) {
            Ok(SessionKind::Lesson) => "Les",
            Ok(SessionKind::Training) => "Training",
            Ok(SessionKind::Intervision) => "Intervisie",
            Err(_) => "Bijeenkomst",
        };
        let mut event = Event::new();
        event.uid(&format!("sessie-{}@{host}", s.id)).timestamp(now).summary(&format!("{kind}: {}", s.title)).starts(starts).ends(ends);
        if let Some(place) = &s.place {
            event.location(place);
        }
        if let Some(url) = &s.online_url {
            event.url(url).description(&format!("Online: {url}"));
        }
        event.status(if s.status == "geannuleerd" { EventStatus::Cancelled } else { EventStatus::Confirmed });
        calendar.push(event.done());
    }
    calendar.done()
}

/// An Amsterdam date and "HH:MM" as UTC; in the autumn hour that happens twice, the first.
fn utc(date: chrono::NaiveDate, time: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").ok()?;
    chrono_tz::Europe::Amsterdam.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}
