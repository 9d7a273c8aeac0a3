//! Attendance as the participant's home and record show it: a bar per requirement.
use leptos::prelude::*;

use super::{AttendanceFigures, AttendanceTally};
use crate::{
    components::progress::PercentProgress,
    i18n::{tr, tr_count, use_lang, Lang},
};

/// "3 van 4 bijgewoond · 1 afgemeld": what the percentage is made of, zero counts left out.
pub fn tally_detail(lang: Lang, tally: &AttendanceTally, excused_counts_as_absent: bool) -> String {
    let counted = tally.attended() + tally.absent + if excused_counts_as_absent { tally.excused } else { 0 };
    let mut parts =
        vec![tr(lang, "label.attended_of").replace("{attended}", &tally.attended().to_string()).replace("{counted}", &counted.to_string())];
    if tally.late > 0 {
        parts.push(tr(lang, "label.late_count").replace("{count}", &tally.late.to_string()));
    }
    if tally.excused > 0 {
        let key = if excused_counts_as_absent { "label.excused_counted" } else { "label.excused_apart" };
        parts.push(tr(lang, key).replace("{count}", &tally.excused.to_string()));
    }
    if tally.unrecorded() > 0 {
        parts.push(tr_count(lang, "label.unrecorded_count", tally.unrecorded() as i64));
    }
    parts.join(" · ")
}

/// Lesson (and training) attendance and intervision attendance against the cohort's minimums.
#[component]
pub fn AttendanceBars(figures: AttendanceFigures, lesson_required: i64, intervision_required: i64) -> impl IntoView {
    let lang = use_lang();
    let excused = figures.excused_counts_as_absent;
    view! {
        <PercentProgress label=tr(lang, "req.lesson_attendance") id="progress-lessen"
            percent=figures.lessons.percent(excused) required=lesson_required
            detail=tally_detail(lang, &figures.lessons, excused) />
        <PercentProgress label=tr(lang, "req.intervision_attendance") id="progress-intervisie"
            percent=figures.intervision.percent(excused) required=intervision_required
            detail=tally_detail(lang, &figures.intervision, excused) />
    }
}
