//! What a participant needs for the certificate. [`gaps`] is the eligibility rule
//! (hours, attendance, POP, GOP): the participant's checklist, the cohort table's
//! "klaar voor eindgesprek" column and the issuing of a certificate all ask it.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    components::format::{date, hours},
    domain::{InterviewStatus, PlanStatus, Requirements},
    features::{
        hours::HoursOverview,
        plans::PlanStanding,
        programme::{AttendanceFigures, AttendanceTally},
        standing::{self, FinalStanding},
    },
    i18n::{tr, use_lang, Lang},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequirementKind {
    LearningHours,
    PracticeHours,
    LessonAttendance,
    IntervisionAttendance,
    Pop,
    Gop,
    FinalInterview,
}

impl RequirementKind {
    pub const ALL: [RequirementKind; 7] = [
        RequirementKind::LearningHours,
        RequirementKind::PracticeHours,
        RequirementKind::LessonAttendance,
        RequirementKind::IntervisionAttendance,
        RequirementKind::Pop,
        RequirementKind::Gop,
        RequirementKind::FinalInterview,
    ];

    /// The requirement's name on the checklist.
    pub fn label_key(self) -> &'static str {
        match self {
            RequirementKind::LearningHours => "req.learning_hours",
            RequirementKind::PracticeHours => "req.practice_hours",
            RequirementKind::LessonAttendance => "req.lesson_attendance",
            RequirementKind::IntervisionAttendance => "req.intervision_attendance",
            RequirementKind::Pop => "req.pop",
            RequirementKind::Gop => "req.gop",
            RequirementKind::FinalInterview => "req.final_interview",
        }
    }
}

/// Where a participant stands on one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Met,
    /// Not met yet; the text says what is still needed.
    Open(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub kind: RequirementKind,
    pub standing: Standing,
}

/// The figures the eligibility rule reads, taken from a participant's overview (home,
/// record, issuing) or from a row of a cohort table: both come from the same views.
pub struct Figures<'a> {
    pub requirements: &'a Requirements,
    /// Approved learning hours, including those earned by attending sessions (quarters).
    pub learning: i64,
    pub pending_learning: i64,
    pub practice: i64,
    pub pending_practice: i64,
    pub attendance: &'a AttendanceFigures,
    pub plans: &'a PlanStanding,
}

impl<'a> Figures<'a> {
    /// The figures the rule reads, from the one read model of a participant's standing.
    pub fn of(standing: &'a standing::Standing, requirements: &'a Requirements) -> Self {
        let totals = &standing.totals;
        Figures {
            requirements,
            learning: totals.learning_total(),
            pending_learning: totals.pending_learning,
            practice: totals.approved_practice,
            pending_practice: totals.pending_practice,
            attendance: &standing.attendance,
            plans: &standing.plans,
        }
    }
}

/// What is still missing for one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    Hours { missing: i64, pending: i64 },
    Attendance { percent: Option<i64>, required: i64 },
    Plan { status: Option<PlanStatus>, in_group: bool },
}

/// The requirements a participant must meet before the certificate (the final
/// interview is judged on its own, see the interview feature).
pub const ELIGIBILITY: [RequirementKind; 6] = [
    RequirementKind::LearningHours,
    RequirementKind::PracticeHours,
    RequirementKind::LessonAttendance,
    RequirementKind::IntervisionAttendance,
    RequirementKind::Pop,
    RequirementKind::Gop,
];

/// The eligibility rule, the only place it is written: per requirement what is still
/// missing, `None` where it is met.
pub fn gaps(f: &Figures) -> [(RequirementKind, Option<Gap>); 6] {
    let r = f.requirements;
    let hours =
        |approved: i64, required: i64, pending: i64| (approved < required).then_some(Gap::Hours { missing: required - approved, pending });
    let attendance = |tally: &AttendanceTally, required: i64| match tally.percent(f.attendance.excused_counts_as_absent) {
        Some(percent) if percent >= required => None,
        percent => Some(Gap::Attendance { percent, required }),
    };
    let plan =
        |status: Option<PlanStatus>, in_group: bool| (status != Some(PlanStatus::Approved)).then_some(Gap::Plan { status, in_group });
    ELIGIBILITY.map(|kind| {
        let gap = match kind {
            RequirementKind::LearningHours => hours(f.learning, r.learning_quarters, f.pending_learning),
            RequirementKind::PracticeHours => hours(f.practice, r.practice_quarters, f.pending_practice),
            RequirementKind::LessonAttendance => attendance(&f.attendance.lessons, r.lesson_attendance_percent),
            RequirementKind::IntervisionAttendance => attendance(&f.attendance.intervision, r.intervision_attendance_percent),
            RequirementKind::Pop => plan(f.plans.pop, true),
            RequirementKind::Gop => plan(f.plans.gop, f.plans.in_group),
            RequirementKind::FinalInterview => None,
        };
        (kind, gap)
    })
}

/// Whether the participant meets every requirement of the cohort (before the interview).
pub fn is_eligible(f: &Figures) -> bool {
    gaps(f).iter().all(|(_, gap)| gap.is_none())
}

/// How many of the eligibility requirements are still open.
pub fn open_count(f: &Figures) -> usize {
    gaps(f).iter().filter(|(_, gap)| gap.is_some()).count()
}

fn gap_text(lang: Lang, gap: Gap) -> String {
    match gap {
        Gap::Hours { missing, pending } => {
            let mut text = tr(lang, "req.hours_missing").replace("{missing}", &hours(lang, missing));
            if pending > 0 {
                text.push(' ');
                text.push_str(&tr(lang, "req.hours_pending").replace("{pending}", &hours(lang, pending)));
            }
            text
        }
        Gap::Attendance { percent: Some(percent), required } => {
            tr(lang, "req.attendance_below").replace("{percent}", &percent.to_string()).replace("{required}", &required.to_string())
        }
        Gap::Attendance { percent: None, required } => tr(lang, "req.attendance_none").replace("{required}", &required.to_string()),
        // Not approved: the next step, as the plans page words it.
        Gap::Plan { in_group: false, .. } => tr(lang, "page.plans.no_group"),
        Gap::Plan { status, .. } => format!(
            "{}: {}",
            tr(lang, PlanStatus::label_key_of(status)),
            tr(lang, PlanStatus::next_key_of(status))
        ),
    }
}

/// The final interview's row: met once an interview was passed.
fn interview_standing(lang: Lang, f: &FinalStanding) -> Standing {
    let date = |d: Option<chrono::NaiveDate>| d.map(date).unwrap_or_default();
    match f.interview_status {
        Some(InterviewStatus::Passed) => Standing::Met,
        Some(InterviewStatus::Planned) => {
            Standing::Open(tr(lang, "req.interview_planned").replace("{date}", &date(f.held_on)).replace("{place}", &f.place))
        }
        Some(InterviewStatus::NotPassed) => Standing::Open(tr(lang, "req.interview_not_passed").replace("{date}", &date(f.held_on))),
        Some(InterviewStatus::Cancelled) | None => Standing::Open(tr(lang, "req.interview_not_planned")),
    }
}

/// The checklist in the reader's language: the eligibility rule's rows and the interview.
pub fn checklist(lang: Lang, o: &HoursOverview) -> Vec<Requirement> {
    let mut rows: Vec<Requirement> = gaps(&Figures::of(&o.standing, &o.requirements))
        .into_iter()
        .map(|(kind, gap)| Requirement { kind, standing: gap.map_or(Standing::Met, |g| Standing::Open(gap_text(lang, g))) })
        .collect();
    rows.push(Requirement { kind: RequirementKind::FinalInterview, standing: interview_standing(lang, &o.standing.final_step) });
    rows
}

/// "Wat je nodig hebt voor je certificaat": every requirement with where the participant stands.
#[component]
pub fn RequirementsChecklist(overview: HoursOverview) -> impl IntoView {
    let lang = use_lang();
    let rows = checklist(lang, &overview);
    let open = rows.iter().filter(|r| r.standing != Standing::Met).count();
    view! {
        <section class="card" aria-labelledby="requirements-title">
            <h2 id="requirements-title">{tr(lang, "req.title")}</h2>
            <p class="muted">{tr(lang, "req.summary").replace("{met}", &(rows.len() - open).to_string()).replace("{total}", &rows.len().to_string())}</p>
            <ul class="checklist">
                {rows.into_iter().map(|row| {
                    let (class, state, detail) = match row.standing {
                        Standing::Met => ("met", tr(lang, "req.state.met"), None),
                        Standing::Open(text) => ("open", tr(lang, "req.state.open"), Some(text)),
                    };
                    view! {
                        <li class=format!("requirement {class}")>
                            <span class="requirement-name">{tr(lang, row.kind.label_key())}</span>
                            <span class="requirement-state">{state}</span>
                            {detail.map(|d| view! { <span class="requirement-detail">{d}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
