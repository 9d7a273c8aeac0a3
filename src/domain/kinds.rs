//! Closed sets of values, stored and posted as their Dutch database codes.
use serde::{Deserialize, Serialize};

use super::ParseError;

macro_rules! code_enum {
    ($name:ident, $err:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn parse(input: &str) -> Result<Self, ParseError> {
                match input.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err($err),
                }
            }

            /// The stable code used in the database, in forms and as locale-key suffix.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }
    };
    // With labels: `label_key()` names each value's locale key, written out at compile
    // time, so no key is built while a page renders (a test checks both catalogues).
    ($name:ident, $err:literal, labels $prefix:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        code_enum!($name, $err, { $($variant => $code),+ });

        impl $name {
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, $code)),+ }
            }
        }
    };
}

code_enum!(Role, "err.role", labels "role.", {
    Participant => "deelnemer",
    Trainer => "trainer",
    Coordinator => "coordinator",
});

code_enum!(Organisation, "err.organisation", labels "org.", {
    Vrijwilligersacademie => "vrijwilligersacademie",
    Hva => "hva",
});

code_enum!(HourKind, "err.kind", labels "kind.", {
    Learning => "leren",
    Practice => "praktijk",
});

impl Role {
    /// The role in the plural ("trainers"), for filters over accounts.
    pub fn plural_key(self) -> &'static str {
        match self {
            Role::Participant => "role.plural.deelnemer",
            Role::Trainer => "role.plural.trainer",
            Role::Coordinator => "role.plural.coordinator",
        }
    }
}

impl HourKind {
    /// What counts as this kind, under its choice in the hours form.
    pub fn help_key(self) -> &'static str {
        match self {
            HourKind::Learning => "help.kind.leren",
            HourKind::Practice => "help.kind.praktijk",
        }
    }
}

code_enum!(EntryStatus, "err.status", labels "status.", {
    Submitted => "ingediend",
    Approved => "goedgekeurd",
    Rejected => "afgekeurd",
    Withdrawn => "ingetrokken",
});

code_enum!(SessionKind, "err.session.kind", labels "session.kind.", {
    Lesson => "les",
    Training => "training",
    Intervision => "intervisie",
});

code_enum!(SessionStatus, "err.session.status", {
    Planned => "gepland",
    Cancelled => "geannuleerd",
});

code_enum!(PlanKind, "err.plan.kind", labels "plan.title.", {
    Pop => "pop",
    Gop => "gop",
});

code_enum!(PlanStatus, "err.plan.status", labels "plan.status.", {
    Concept => "concept",
    Submitted => "ingediend",
    Revision => "revisie",
    Approved => "goedgekeurd",
});

code_enum!(PlanDecision, "err.plan.decision", labels "plan.decision.", {
    Revision => "revisie",
    Approved => "goedgekeurd",
    Reopened => "heropend",
});

code_enum!(InterviewStatus, "err.interview.status", labels "interview.status.", {
    Planned => "gepland",
    Passed => "geslaagd",
    NotPassed => "niet_geslaagd",
    Cancelled => "geannuleerd",
});

// How a participant's records were taken out of the app (AVG). Anonymised (retention
// passed, or on request): texts, files, name and e-mail erased, totals stay. Erased
// (on request, never certified): every record deleted, only the id remains.
code_enum!(Removal, "err.removal", labels "removal.", {
    Anonymised => "geanonimiseerd",
    Erased => "gewist",
});

code_enum!(RevokeReason, "err.certificate.reason", labels "revoke.", {
    Mistake => "fout",
    Unjustified => "onterecht",
    Request => "verzoek",
    Other => "anders",
});

code_enum!(AttendanceStatus, "err.attendance.status", labels "attendance.", {
    Present => "aanwezig",
    Late => "te_laat",
    Absent => "afwezig",
    Excused => "afgemeld",
});

impl AttendanceStatus {
    /// Present or late: the session counts as attended and earns its hours.
    pub fn attended(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Late)
    }
}

impl SessionKind {
    /// What counts as this kind, under its choice in the session form.
    pub fn help_key(self) -> &'static str {
        match self {
            SessionKind::Lesson => "help.session_kind.les",
            SessionKind::Training => "help.session_kind.training",
            SessionKind::Intervision => "help.session_kind.intervisie",
        }
    }
}

impl PlanStatus {
    /// The plan's state in words ("Nog niet ingediend" without a plan).
    pub fn label_key_of(status: Option<PlanStatus>) -> &'static str {
        status.map_or("plan.status.none", PlanStatus::label_key)
    }

    /// What the participant does next with a plan in this state (or without one).
    pub fn next_key_of(status: Option<PlanStatus>) -> &'static str {
        match status {
            None => "plan.next.none",
            Some(PlanStatus::Concept) => "plan.next.concept",
            Some(PlanStatus::Submitted) => "plan.next.ingediend",
            Some(PlanStatus::Revision) => "plan.next.revisie",
            Some(PlanStatus::Approved) => "plan.next.goedgekeurd",
        }
    }
}

impl PlanDecision {
    /// The choice as a trainer reads it in the decision form (`None` for reopening, which has its own form).
    pub fn choice_key(self) -> Option<&'static str> {
        match self {
            PlanDecision::Approved => Some("plan.choice.goedgekeurd"),
            PlanDecision::Revision => Some("plan.choice.revisie"),
            PlanDecision::Reopened => None,
        }
    }
}

impl EntryStatus {
    /// Only entries that are still in play and nobody has approved may be changed by their author.
    pub fn editable_by_participant(self) -> bool {
        matches!(self, EntryStatus::Submitted | EntryStatus::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_key_is_in_both_catalogues() {
        use crate::i18n::{has, Lang};
        let keys = Role::ALL
            .iter()
            .flat_map(|r| [r.label_key(), r.plural_key()])
            .chain(HourKind::ALL.iter().flat_map(|k| [k.label_key(), k.help_key()]))
            .chain(Organisation::ALL.iter().map(|v| v.label_key()))
            .chain(EntryStatus::ALL.iter().map(|v| v.label_key()))
            .chain(SessionKind::ALL.iter().flat_map(|v| [v.label_key(), v.help_key()]))
            .chain(PlanKind::ALL.iter().map(|v| v.label_key()))
            .chain(PlanStatus::ALL.iter().flat_map(|v| [v.label_key(), PlanStatus::next_key_of(Some(*v))]))
            .chain([PlanStatus::label_key_of(None), PlanStatus::next_key_of(None)])
            .chain(PlanDecision::ALL.iter().flat_map(|v| [Some(v.label_key()), v.choice_key()]).flatten())
            .chain(InterviewStatus::ALL.iter().map(|v| v.label_key()))
            .chain(RevokeReason::ALL.iter().map(|v| v.label_key()))
            .chain(AttendanceStatus::ALL.iter().map(|v| v.label_key()))
            .chain(Removal::ALL.iter().map(|v| v.label_key()))
            .chain(SupervisorRole::ALL.iter().map(|v| v.label_key()))
            .chain(ConfirmationAnswer::ALL.iter().map(|v| v.label_key()));
        for key in keys {
            assert!(has(Lang::Nl, key) && has(Lang::En, key), "{key}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(*r));
        }
        for k in HourKind::ALL {
            assert_eq!(HourKind::parse(k.code()), Ok(*k));
        }
        assert_eq!(Role::parse("admin"), Err("err.role"));
        assert_eq!(HourKind::parse(""), Err("err.kind"));
    }

    /// Every stored code a query compares with is bound from its type's `code()`, so
    /// renaming a code or a variant is one change here (the migrations hold the schema).
    #[test]
    fn queries_outside_the_domain_bind_codes_instead_of_writing_them() {
        let codes: Vec<&str> = [
            Role::ALL.iter().map(|v| v.code()).collect::<Vec<_>>(),
            Organisation::ALL.iter().map(|v| v.code()).collect(),
            HourKind::ALL.iter().map(|v| v.code()).collect(),
            EntryStatus::ALL.iter().map(|v| v.code()).collect(),
            SessionKind::ALL.iter().map(|v| v.code()).collect(),
            SessionStatus::ALL.iter().map(|v| v.code()).collect(),
            PlanKind::ALL.iter().map(|v| v.code()).collect(),
            PlanStatus::ALL.iter().map(|v| v.code()).collect(),
            PlanDecision::ALL.iter().map(|v| v.code()).collect(),
            InterviewStatus::ALL.iter().map(|v| v.code()).collect(),
            Removal::ALL.iter().map(|v| v.code()).collect(),
            RevokeReason::ALL.iter().map(|v| v.code()).collect(),
            AttendanceStatus::ALL.iter().map(|v| v.code()).collect(),
            MailKind::ALL.iter().map(|v| v.code()).collect(),
            MailStatus::ALL.iter().map(|v| v.code()).collect(),
            SupervisorRole::ALL.iter().map(|v| v.code()).collect(),
            ConfirmationAnswer::ALL.iter().map(|v| v.code()).collect(),
            ApplicationStatus::ALL.iter().map(|v| v.code()).collect(),
            DeclineReason::ALL.iter().map(|v| v.code()).collect(),
            AdmissionAnswer::ALL.iter().map(|v| v.code()).collect(),
            LeaveKind::ALL.iter().map(|v| v.code()).collect(),
            BreakReason::ALL.iter().map(|v| v.code()).collect(),
        ]
        .concat();
        let mut found = Vec::new();
        for (path, text) in crate::i18n::tests::sources(&["domain"]) {
            for code in &codes {
                let quoted = format!("'{code}'");
                for (at, _) in text.match_indices(&quoted) {
                    let before = text[..at].trim_end();
                    let in_list = before.ends_with(',') && before.rfind('(').is_some_and(|open| {
                        before[..open].trim_end().ends_with("IN") && !before[open..].contains(')')
                    });
                    if before.ends_with('=') || before.ends_with("<>") || before.ends_with("IN (") || in_list {
                        found.push(format!("{}: {quoted}", path.display()));
                    }
                }
            }
        }
        assert!(found.is_empty(), "bind `Type::Variant.code()` instead: {found:#?}");
    }
}

// Every mail the app sends is one of these; the code is the outbox row's `kind` and
// the start of its locale keys (`mail.{code}.subject`, `.body`, `.action`).
code_enum!(MailKind, "err.mail.kind", labels "mail.kind.", {
    Invitation => "uitnodiging",
    PasswordLink => "wachtwoordlink",
    PasswordForgotten => "wachtwoord_vergeten",
    EntriesRejected => "uren_afgekeurd",
    PlanApproved => "plan_goedgekeurd",
    PlanReturned => "plan_terug",
    CertificateIssued => "certificaat",
    SessionTomorrow => "bijeenkomst_morgen",
    TrainerDigest => "overzicht_trainer",
    InterviewScheduled => "eindgesprek_gepland",
    AssessorScheduled => "eindgesprek_beoordelaar",
    InterviewCancelled => "eindgesprek_geannuleerd",
    ConfirmationRequest => "bevestiging_gevraagd",
    ConfirmationReminder => "bevestiging_herinnering",
    ApplicationReceived => "aanmelding_ontvangen",
    ApplicationMeeting => "aanmelding_kennismaking",
    ApplicationWaitlisted => "aanmelding_wachtlijst",
    ApplicationDeclined => "aanmelding_afgewezen",
    ApplicationWithdrawn => "aanmelding_ingetrokken",
});

// Where an application (aanmelding) stands, from new to admitted or closed.
code_enum!(ApplicationStatus, "err.application.status", labels "application.status.", {
    New => "nieuw",
    MeetingPlanned => "kennismaking",
    Admitted => "toegelaten",
    Waitlisted => "wachtlijst",
    Declined => "afgewezen",
    Withdrawn => "ingetrokken",
});

impl ApplicationStatus {
    /// Declined or withdrawn: nothing more happens to it, and it is erased after the retention period.
    pub fn is_closed(self) -> bool {
        matches!(self, ApplicationStatus::Declined | ApplicationStatus::Withdrawn)
    }
}

// Why an application was declined (a note says more).
code_enum!(DeclineReason, "err.application.reason", labels "application.reason.", {
    Requirements => "eisen",
    NoPlacement => "geen_leerplek",
    OtherTraining => "andere_opleiding",
    Other => "anders",
});

// How a participant's stint in a cohort ended: a pause (they may come back), a stop,
// or a move to another cohort (the next stint begins there).
code_enum!(LeaveKind, "err.enrolment.kind", labels "enrolment.left_as.", {
    Paused => "gepauzeerd",
    Stopped => "gestopt",
    Moved => "overgestapt",
});

// Why a participant pauses or stops, as a category only: the reason itself is theirs.
code_enum!(BreakReason, "err.enrolment.reason", labels "enrolment.reason.", {
    Health => "gezondheid",
    Care => "zorg",
    WorkOrStudy => "werk_studie",
    Placement => "leerplek",
    Personal => "persoonlijk",
    Other => "anders",
});

// The applicant's answer to one admission statement.
code_enum!(AdmissionAnswer, "err.application.answer", labels "application.answer.", {
    Yes => "ja",
    No => "nee",
});

// Who at the leerplek confirms a participant's practice hours.
code_enum!(SupervisorRole, "err.placement.role", labels "supervisor.", {
    Supervisor => "werkbegeleider",
    TandemPartner => "tandempartner",
});

// What the werkbegeleider answers for one practice entry.
code_enum!(ConfirmationAnswer, "err.confirmation.answer", labels "confirmation.answer.", {
    Confirmed => "bevestigd",
    Disputed => "betwist",
});

impl MailKind {
    /// Account mails (joining, passwords) always go; the others are notices a
    /// person may turn off.
    pub fn is_account_mail(self) -> bool {
        matches!(self, MailKind::Invitation | MailKind::PasswordLink | MailKind::PasswordForgotten)
    }

    /// The notices someone in `role` can get (and turn off on "E-mail van Leerlijn").
    pub fn notices_for(role: Role) -> &'static [MailKind] {
        match role {
            Role::Participant => &[
                MailKind::EntriesRejected,
                MailKind::PlanApproved,
                MailKind::PlanReturned,
                MailKind::CertificateIssued,
                MailKind::SessionTomorrow,
                MailKind::InterviewScheduled,
                MailKind::InterviewCancelled,
            ],
            Role::Trainer => &[MailKind::TrainerDigest, MailKind::AssessorScheduled, MailKind::InterviewCancelled],
            Role::Coordinator => &[],
        }
    }

    /// The choice as a person reads it ("Als een trainer uren afkeurt").
    pub fn choice_key(self) -> &'static str {
        match self {
            MailKind::Invitation => "mail.choice.uitnodiging",
            MailKind::PasswordLink => "mail.choice.wachtwoordlink",
            MailKind::PasswordForgotten => "mail.choice.wachtwoord_vergeten",
            MailKind::EntriesRejected => "mail.choice.uren_afgekeurd",
            MailKind::PlanApproved => "mail.choice.plan_goedgekeurd",
            MailKind::PlanReturned => "mail.choice.plan_terug",
            MailKind::CertificateIssued => "mail.choice.certificaat",
            MailKind::SessionTomorrow => "mail.choice.bijeenkomst_morgen",
            MailKind::TrainerDigest => "mail.choice.overzicht_trainer",
            MailKind::InterviewScheduled => "mail.choice.eindgesprek_gepland",
            MailKind::AssessorScheduled => "mail.choice.eindgesprek_beoordelaar",
            MailKind::InterviewCancelled => "mail.choice.eindgesprek_geannuleerd",
            MailKind::ConfirmationRequest => "mail.choice.bevestiging_gevraagd",
            MailKind::ConfirmationReminder => "mail.choice.bevestiging_herinnering",
            MailKind::ApplicationReceived => "mail.choice.aanmelding_ontvangen",
            MailKind::ApplicationMeeting => "mail.choice.aanmelding_kennismaking",
            MailKind::ApplicationWaitlisted => "mail.choice.aanmelding_wachtlijst",
            MailKind::ApplicationDeclined => "mail.choice.aanmelding_afgewezen",
            MailKind::ApplicationWithdrawn => "mail.choice.aanmelding_ingetrokken",
        }
    }

    pub fn subject_key(self) -> &'static str {
        match self {
            MailKind::Invitation => "mail.uitnodiging.subject",
            MailKind::PasswordLink => "mail.wachtwoordlink.subject",
            MailKind::PasswordForgotten => "mail.wachtwoord_vergeten.subject",
            MailKind::EntriesRejected => "mail.uren_afgekeurd.subject",
            MailKind::PlanApproved => "mail.plan_goedgekeurd.subject",
            MailKind::PlanReturned => "mail.plan_terug.subject",
            MailKind::CertificateIssued => "mail.certificaat.subject",
            MailKind::SessionTomorrow => "mail.bijeenkomst_morgen.subject",
            MailKind::TrainerDigest => "mail.overzicht_trainer.subject",
            MailKind::InterviewScheduled => "mail.eindgesprek_gepland.subject",
            MailKind::AssessorScheduled => "mail.eindgesprek_beoordelaar.subject",
            MailKind::InterviewCancelled => "mail.eindgesprek_geannuleerd.subject",
            MailKind::ConfirmationRequest => "mail.bevestiging_gevraagd.subject",
            MailKind::ConfirmationReminder => "mail.bevestiging_herinnering.subject",
            MailKind::ApplicationReceived => "mail.aanmelding_ontvangen.subject",
            MailKind::ApplicationMeeting => "mail.aanmelding_kennismaking.subject",
            MailKind::ApplicationWaitlisted => "mail.aanmelding_wachtlijst.subject",
            MailKind::ApplicationDeclined => "mail.aanmelding_afgewezen.subject",
            MailKind::ApplicationWithdrawn => "mail.aanmelding_ingetrokken.subject",
        }
    }

    /// The body's paragraphs (blank lines between them), with `{name}`, `{count}`, `{until}`.
    pub fn body_key(self) -> &'static str {
        match self {
            MailKind::Invitation => "mail.uitnodiging.body",
            MailKind::PasswordLink => "mail.wachtwoordlink.body",
            MailKind::PasswordForgotten => "mail.wachtwoord_vergeten.body",
            MailKind::EntriesRejected => "mail.uren_afgekeurd.body",
            MailKind::PlanApproved => "mail.plan_goedgekeurd.body",
            MailKind::PlanReturned => "mail.plan_terug.body",
            MailKind::CertificateIssued => "mail.certificaat.body",
            MailKind::SessionTomorrow => "mail.bijeenkomst_morgen.body",
            MailKind::TrainerDigest => "mail.overzicht_trainer.body",
            MailKind::InterviewScheduled => "mail.eindgesprek_gepland.body",
            MailKind::AssessorScheduled => "mail.eindgesprek_beoordelaar.body",
            MailKind::InterviewCancelled => "mail.eindgesprek_geannuleerd.body",
            MailKind::ConfirmationRequest => "mail.bevestiging_gevraagd.body",
            MailKind::ConfirmationReminder => "mail.bevestiging_herinnering.body",
            MailKind::ApplicationReceived => "mail.aanmelding_ontvangen.body",
            MailKind::ApplicationMeeting => "mail.aanmelding_kennismaking.body",
            MailKind::ApplicationWaitlisted => "mail.aanmelding_wachtlijst.body",
            MailKind::ApplicationDeclined => "mail.aanmelding_afgewezen.body",
            MailKind::ApplicationWithdrawn => "mail.aanmelding_ingetrokken.body",
        }
    }

    /// The words on the mail's one link.
    pub fn action_key(self) -> &'static str {
        match self {
            MailKind::Invitation => "mail.uitnodiging.action",
            MailKind::PasswordLink => "mail.wachtwoordlink.action",
            MailKind::PasswordForgotten => "mail.wachtwoord_vergeten.action",
            MailKind::EntriesRejected => "mail.uren_afgekeurd.action",
            MailKind::PlanApproved => "mail.plan_goedgekeurd.action",
            MailKind::PlanReturned => "mail.plan_terug.action",
            MailKind::CertificateIssued => "mail.certificaat.action",
            MailKind::SessionTomorrow => "mail.bijeenkomst_morgen.action",
            MailKind::TrainerDigest => "mail.overzicht_trainer.action",
            MailKind::InterviewScheduled => "mail.eindgesprek_gepland.action",
            MailKind::AssessorScheduled => "mail.eindgesprek_beoordelaar.action",
            MailKind::InterviewCancelled => "mail.eindgesprek_geannuleerd.action",
            MailKind::ConfirmationRequest => "mail.bevestiging_gevraagd.action",
            MailKind::ConfirmationReminder => "mail.bevestiging_herinnering.action",
            MailKind::ApplicationReceived => "mail.aanmelding_ontvangen.action",
            MailKind::ApplicationMeeting => "mail.aanmelding_kennismaking.action",
            MailKind::ApplicationWaitlisted => "mail.aanmelding_wachtlijst.action",
            MailKind::ApplicationDeclined => "mail.aanmelding_afgewezen.action",
            MailKind::ApplicationWithdrawn => "mail.aanmelding_ingetrokken.action",
        }
    }
}

// Where an outbox row stands: waiting (also between retries), being sent, sent, given
// up after the retry period, or refused for good by the mail server (5xx).
code_enum!(MailStatus, "err.mail.status", labels "mail.status.", {
    Waiting => "wacht",
    Sending => "bezig",
    Sent => "verstuurd",
    GaveUp => "mislukt",
    Refused => "geweigerd",
});
