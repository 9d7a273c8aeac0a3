//! What the audit trail records: one closed set, each with its stored code and a
//! label in both languages (`label.audit_action.<code>`), so no line can name an
//! action the record page cannot say.

macro_rules! audit_actions {
    ($($variant:ident => $code:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction { $($variant),+ }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),+];

            /// The code stored in `audit_log.action`.
            pub fn code(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),+ }
            }

            /// The locale key of the action's label.
            pub fn label_key(self) -> &'static str {
                match self { $(AuditAction::$variant => concat!("label.audit_action.", $code)),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some(AuditAction::$variant),)+ _ => None }
            }
        }
    };
}

audit_actions! {
    SubmitHours => "submit",
    UpdateHours => "update",
    WithdrawHours => "withdraw",
    ApproveHours => "goedgekeurd",
    RejectHours => "afgekeurd",
    Invite => "invite",
    PasswordLink => "password_link",
    SetPassword => "set_password",
    PasswordForgotten => "password_forgotten",
    MailChoicesChanged => "mail_choices_changed",
    CreateCohort => "create",
    AssignTrainer => "assign_trainer",
    UpdateCohortRules => "update_cohort_rules",
    CreateSession => "create_session",
    UpdateSession => "update_session",
    CancelSession => "cancel_session",
    CreateGroup => "create_group",
    PlaceInGroup => "place_in_group",
    RecordAttendance => "record_attendance",
    ChooseTraining => "choose_training",
    DropTraining => "drop_training",
    CalendarLink => "calendar_link",
    CalendarRevoked => "calendar_revoked",
    AddPlanVersion => "add_plan_version",
    SubmitPlanVersion => "submit_plan_version",
    SubmitPlan => "submit_plan",
    ApprovePlan => "approve_plan",
    AskPlanRevision => "ask_plan_revision",
    ReopenPlan => "reopen_plan",
    ViewPlan => "view_plan",
    DownloadPlanFile => "download_plan_file",
    CriteriaSaved => "criteria_saved",
    InterviewScheduled => "interview_scheduled",
    InterviewCancelled => "interview_cancelled",
    InterviewJudged => "interview_judged",
    InterviewSigned => "interview_signed",
    InterviewDecided => "interview_decided",
    CertificateIssued => "certificate_issued",
    CertificateRevoked => "certificate_revoked",
    CertificateDownloaded => "certificate_downloaded",
    ViewRecord => "view_record",
    ViewInterview => "view_interview",
    ExportOwnData => "export_own_data",
    RetentionChanged => "retention_changed",
    Anonymised => "anonymised",
    Erased => "erased",
    PlacementRecorded => "placement_recorded",
    ConfirmationRequested => "confirmation_requested",
    ConfirmationWithdrawn => "confirmation_withdrawn",
    ConfirmationViewed => "confirmation_viewed",
    ConfirmationAnswered => "confirmation_answered",
    ApplicationReceived => "application_received",
    ApplicationStatusChanged => "application_status_changed",
    ApplicationNoted => "application_noted",
    ApplicationErased => "application_erased",
    AdmissionChanged => "admission_changed",
    ParticipantPaused => "participant_paused",
    ParticipantStopped => "participant_stopped",
    ParticipantResumed => "participant_resumed",
    ParticipantMoved => "participant_moved",
}

impl AuditAction {
    /// Someone read the participant's data without changing it: what "who looked at
    /// my data" lists when the reader was someone else.
    pub fn is_read(self) -> bool {
        matches!(
            self,
            AuditAction::ViewPlan
                | AuditAction::DownloadPlanFile
                | AuditAction::CertificateDownloaded
                | AuditAction::ViewRecord
                | AuditAction::ViewInterview
                | AuditAction::ConfirmationViewed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;
    use crate::i18n::{has, tr, Lang};

    /// Every action that can be recorded has a label in Dutch and in English, and
    /// its code reads back as itself.
    #[test]
    fn every_recorded_action_has_a_label_in_both_languages() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.code()), Some(*action));
            for lang in [Lang::Nl, Lang::En] {
                assert!(has(lang, action.label_key()), "{action:?} has no {lang:?} label");
                let label = tr(lang, action.label_key());
                assert!(!label.trim().is_empty(), "{action:?} has an empty {lang:?} label");
            }
        }
    }
}
