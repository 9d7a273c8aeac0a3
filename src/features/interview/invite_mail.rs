//! The mails about a final interview: to the participant and to both assessors when
//! it is scheduled, and to all three when it is called off, each with the event as
//! an `.ics` attachment (the same UID, so a calendar updates or removes it).
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use sqlx::SqliteConnection;

use crate::{
    domain::MailKind,
    error::AppError,
    server::outbox::{self, Letter},
};

/// What the mails say: when and where, and with whom. Never the judgements.
pub struct InterviewMail<'a> {
    pub id: i64,
    pub participant_id: i64,
    pub assessors: [i64; 2],
    pub held_on: NaiveDate,
    pub starts_at: &'a str,
    pub place: &'a str,
}

/// How long the invitation's event lasts in the calendar (the interview has only a start).
const EVENT_MINUTES: i64 = 60;

impl InterviewMail<'_> {
    /// Queues the three mails for a scheduled interview (`cancelled`: for one called off).
    pub async fn enqueue(&self, conn: &mut SqliteConnection, cancelled: bool) -> Result<(), AppError> {
        let participant_name =
            sqlx::query_scalar!("SELECT name FROM users WHERE id = ?", self.participant_id).fetch_one(&mut *conn).await?;
        let params = [
            ("date", self.held_on.format("%d-%m-%Y").to_string()),
            ("time", self.starts_at.to_owned()),
            ("place", self.place.to_owned()),
            ("participant", participant_name),
        ];
        let ics = self.calendar(cancelled);
        let link = Some(format!("/eindgesprekken/{}", self.id));
        let (to_participant, to_assessors) =
            if cancelled { (MailKind::InterviewCancelled, MailKind::InterviewCancelled) } else { (MailKind::InterviewScheduled, MailKind::AssessorScheduled) };
        let mail = Letter { kind: to_participant, params: &params, link_path: link.clone(), ics: Some(ics.clone()), about: Some(self.participant_id) };
        outbox::enqueue_for_user(&mut *conn, self.participant_id, &mail).await?;
        for assessor in self.assessors {
            let mail = Letter { kind: to_assessors, params: &params, link_path: link.clone(), ics: Some(ics.clone()), about: Some(self.participant_id) };
            outbox::enqueue_for_user(&mut *conn, assessor, &mail).await?;
        }
        Ok(())
    }

    /// The interview as an iCalendar event (`METHOD:CANCEL` with the same UID when called off).
    fn calendar(&self, cancelled: bool) -> String {
        let local = NaiveDateTime::parse_from_str(&format!("{} {}", self.held_on, self.starts_at), "%Y-%m-%d %H:%M").ok();
        let starts = local
            .and_then(|l| chrono_tz::Europe::Amsterdam.from_local_datetime(&l).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(Utc::now);
        let mut event = Event::new();
        event
            .uid(&format!("eindgesprek-{}@leerlijn", self.id))
            .timestamp(Utc::now())
            .summary("Eindgesprek Leerlijn Buurtteams")
            .starts(starts)
            .ends(starts + Duration::minutes(EVENT_MINUTES))
            .location(self.place)
            .status(if cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
        let mut calendar = Calendar::new();
        calendar
            .append_property(("PRODID", "-//Leerlijn Buurtteams//Eindgesprek//NL"))
            .append_property(("METHOD", if cancelled { "CANCEL" } else { "PUBLISH" }))
            .push(event.done());
        calendar.done().to_string()
    }
}
