//! What a participant needs for the certificate, as one checklist: the hours
//! (known today), lesson and intervision attendance (the programme issue), POP
//! and GOP (the plans issue) and the final interview (the certificate issue).
//! Each later feature fills in its row here; the home page shows the list, and
//! the eligibility rule of the certificate reads the same rows.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    components::format::hours,
    domain::PlanStatus,
    features::{hours::HoursOverview, programme::AttendanceTally},
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

    fn code(self) -> &'static str {
        match self {
            RequirementKind::LearningHours => "learning_hours",
            RequirementKind::PracticeHours => "practice_hours",
            RequirementKind::LessonAttendance => "lesson_attendance",
            RequirementKind::IntervisionAttendance => "intervision_attendance",
            RequirementKind::Pop => "pop",
            RequirementKind::Gop => "gop",
            RequirementKind::FinalInterview => "final_interview",
        }
    }
}

/// Where a participant stands on one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Met,
    /// Not met yet; the text says what is still needed.
    Open(String),
    /// Leerlijn does not record this yet: the trainers keep it outside the app,
    /// and for the certificate it counts as not met.
    NotRecorded(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub kind: RequirementKind,
    pub standing: Standing,
}

/// The checklist as far as the app knows it, in the reader's language.
pub fn checklist(lang: Lang, o: &HoursOverview) -> Vec<Requirement> {
    let hours = |approved: i64, required: i64, pending: i64| {
        if approved >= required {
            return Standing::Met;
        }
        let mut text = tr(lang, "req.hours_missing").replace("{missing}", &hours(lang, required - approved));
        if pending > 0 {
            text.push(' ');
            text.push_str(&tr(lang, "req.hours_pending").replace("{pending}", &hours(lang, pending)));
        }
        Standing::Open(text)
    };
    let a = &o.attendance;
    let attendance = |tally: &AttendanceTally, required: i64| match tally.percent(a.excused_counts_as_absent) {
        Some(percent) if percent >= required => Standing::Met,
        Some(percent) => Standing::Open(
            tr(lang, "req.attendance_below").replace("{percent}", &percent.to_string()).replace("{required}", &required.to_string()),
        ),
        None => Standing::Open(tr(lang, "req.attendance_none").replace("{required}", &required.to_string())),
    };
    // Approved is met; otherwise the next step, as the plans page words it.
    let plan = |status: Option<PlanStatus>, in_group: bool| match status {
        Some(PlanStatus::Approved) => Standing::Met,
        _ if !in_group => Standing::Open(tr(lang, "page.plans.no_group")),
        other => Standing::Open(format!(
            "{}: {}",
            tr(lang, &format!("plan.status.{}", other.map_or("none", |s| s.code()))),
            tr(lang, &format!("plan.next.{}", other.map_or("none", |s| s.code())))
        )),
    };
    let t = &o.totals;
    let r = &o.requirements;
    RequirementKind::ALL
        .into_iter()
        .map(|kind| {
            let standing = match kind {
                RequirementKind::LearningHours => hours(t.learning_total(), r.learning_quarters, t.pending_learning),
                RequirementKind::PracticeHours => hours(t.approved_practice, r.practice_quarters, t.pending_practice),
                RequirementKind::LessonAttendance => attendance(&a.lessons, r.lesson_attendance_percent),
                RequirementKind::IntervisionAttendance => attendance(&a.intervision, r.intervision_attendance_percent),
                RequirementKind::Pop => plan(o.plans.pop, true),
                RequirementKind::Gop => plan(o.plans.gop, o.plans.in_group),
                RequirementKind::FinalInterview => Standing::NotRecorded(tr(lang, "req.interview_not_recorded")),
            };
            Requirement { kind, standing }
        })
        .collect()
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
                        Standing::NotRecorded(text) => ("unknown", tr(lang, "req.state.not_recorded"), Some(text)),
                    };
                    view! {
                        <li class=format!("requirement {class}")>
                            <span class="requirement-name">{tr(lang, &format!("req.{}", row.kind.code()))}</span>
                            <span class="requirement-state">{state}</span>
                            {detail.map(|d| view! { <span class="requirement-detail">{d}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
