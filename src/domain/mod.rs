//! Parsed domain values. Raw form strings become these types at the edge;
//! business logic only ever sees values that are already valid.
mod audit;
mod calendar;
mod email;
mod hours;
mod kinds;
mod password;
#[cfg(test)]
mod properties;
mod text;

pub use audit::AuditAction;
pub use calendar::{parse_date, ClockTime};
pub use email::Email;
pub use hours::{format_quarters, Hours, Requirements};
pub use kinds::{
    AdmissionAnswer, ApplicationStatus, AttendanceStatus, BreakReason, DeclineReason, ConfirmationAnswer, EntryStatus, HourKind, InterviewStatus, LeaveKind, MailKind, MailStatus, Organisation, PlanDecision, PlanKind, PlanStatus, Removal, RevokeReason, Role,
    SessionKind, SessionStatus, SupervisorRole,
};
pub use password::NewPassword;
pub use text::{PersonName, RequiredText};

/// A parse failure: a message key in the locale files (e.g. `err.hours.format`).
/// Keys, not sentences, so the client can show them in the reader's language.
pub type ParseError = &'static str;
