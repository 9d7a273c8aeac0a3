//! Where a participant stands: hour totals, plans, attendance and the final step, read
//! as one value. It is the read model behind the participant's home and record, the
//! cohort table, the interview's candidates and the certificate's check, so it sits below
//! all of them: it stores nothing and imports only what it is made of (`plans`, `programme`).
#[cfg(feature = "ssr")]
mod sums;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub use sums::{from_sums, read, HourSum};

#[cfg(feature = "ssr")]
use crate::error::AppError;
use crate::{
    domain::InterviewStatus,
    features::{plans::PlanStanding, programme::AttendanceFigures},
};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub approved_learning: i64,
    pub approved_practice: i64,
    pub pending_learning: i64,
    pub pending_practice: i64,
    /// Learning hours earned by attending sessions: recorded by a trainer, so approved,
    /// and kept apart from the entries so nothing is counted twice.
    pub learning_from_sessions: i64,
}

impl Totals {
    /// Approved learning hours from both sources: logged entries and attended sessions.
    pub fn learning_total(&self) -> i64 {
        self.approved_learning + self.learning_from_sessions
    }
}

/// Where a participant stands: the one read model behind their home, their record and
/// the cohort tables (the SQL view `participant_standing`, read by [`read`];
/// attendance comes from the programme's figures).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Standing {
    pub totals: Totals,
    /// Entries waiting for a trainer.
    pub pending_count: i64,
    /// Entries that are not withdrawn.
    pub entry_count: i64,
    pub rejected_count: i64,
    /// Attendance at the sessions that applied to the participant (programme).
    pub attendance: AttendanceFigures,
    /// POP and GOP status, for the checklist.
    pub plans: PlanStanding,
    /// Final interview and certificate, for the checklist and the certificate card.
    pub final_step: FinalStanding,
}

impl Standing {
    /// Adds the attendance figures, whose session hours count as approved learning hours.
    pub fn with_attendance(mut self, attendance: AttendanceFigures) -> Self {
        self.totals.learning_from_sessions = attendance.session_quarters;
        self.attendance = attendance;
        self
    }
}

/// Where a participant stands with the final step (the `final_standing` view).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalStanding {
    pub interview_id: Option<i64>,
    pub interview_status: Option<InterviewStatus>,
    pub held_on: Option<NaiveDate>,
    pub place: String,
    pub certificate: Option<CertificateRef>,
}

#[cfg(feature = "ssr")]
impl FinalStanding {
    /// From `(SELECT json_array(interview_id, interview_status, held_on, place, certificate_number,
    /// certificate_revoked) FROM final_standing WHERE participant_id = u.id)`.
    pub fn from_json(json: Option<&str>) -> Result<Self, AppError> {
        type Columns = (Option<i64>, Option<String>, Option<NaiveDate>, Option<String>, Option<String>, Option<i64>);
        let Some(json) = json else { return Ok(Self::default()) };
        let (interview_id, status, held_on, place, number, revoked): Columns = crate::server::db::from_json(json)?;
        Ok(FinalStanding {
            interview_id,
            interview_status: status.map(|s| InterviewStatus::parse(&s).map_err(|_| AppError::Internal)).transpose()?,
            held_on,
            place: place.unwrap_or_default(),
            certificate: number.map(|number| CertificateRef { number, revoked: revoked.unwrap_or(0) != 0 }),
        })
    }
}

/// A certificate as pages link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRef {
    pub number: String,
    pub revoked: bool,
}

impl CertificateRef {
    pub fn download_path(&self) -> String {
        format!("/certificaten/{}.pdf", self.number)
    }

    /// To LinkedIn's "add to profile", filled in (a redirect made by the server).
    pub fn linkedin_path(&self) -> String {
        format!("/certificaten/{}/linkedin", self.number)
    }

    /// The signed credential: `jwt` (the bare VC-JWT) or `json` (the credential with it).
    pub fn credential_path(&self, extension: &str) -> String {
        format!("/certificaten/{}.{extension}", self.number)
    }
}

