use leptos::prelude::*;

use crate::{
    components::format::hours,
    i18n::{tr, use_lang},
};

/// Approved hours against the requirement, with what is still waiting beside it.
/// A native `<progress>` so assistive technology reads the value without extra work.
#[component]
pub fn HoursProgress(
    label: String,
    id: &'static str,
    approved_quarters: i64,
    required_quarters: i64,
    pending_quarters: i64,
    /// Where the approved hours come from, when not only from entries.
    #[prop(default = None)]
    note: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let done = approved_quarters >= required_quarters;
    let summary = tr(lang, "label.hours_of")
        .replace("{approved}", &hours(lang, approved_quarters))
        .replace("{required}", &hours(lang, required_quarters));
    let pending = (pending_quarters > 0).then(|| tr(lang, "label.hours_pending").replace("{pending}", &hours(lang, pending_quarters)));
    view! {
        <div class="progress-block" class:done=done>
            <div class="progress-head">
                <label for=id>{label}</label>
                <span class="progress-figure">{summary}</span>
            </div>
            <progress id=id max=required_quarters value=approved_quarters.min(required_quarters)>
                {format!("{}%", approved_quarters * 100 / required_quarters.max(1))}
            </progress>
            {note.map(|n| view! { <p class="progress-pending">{n}</p> })}
            {pending.map(|p| view! { <p class="progress-pending">{p}</p> })}
        </div>
    }
}

/// A share in percent against the minimum required, with what it is made of.
#[component]
pub fn PercentProgress(label: String, id: &'static str, percent: Option<i64>, required: i64, detail: String) -> impl IntoView {
    let lang = use_lang();
    let done = percent.is_some_and(|p| p >= required);
    let figure = match percent {
        Some(p) => tr(lang, "label.percent_of").replace("{percent}", &p.to_string()).replace("{required}", &required.to_string()),
        None => tr(lang, "label.percent_none").replace("{required}", &required.to_string()),
    };
    view! {
        <div class="progress-block" class:done=done>
            <div class="progress-head">
                <label for=id>{label}</label>
                <span class="progress-figure">{figure}</span>
            </div>
            <progress id=id max="100" value=percent.unwrap_or(0).clamp(0, 100)>{format!("{}%", percent.unwrap_or(0))}</progress>
            <p class="progress-pending">{detail}</p>
        </div>
    }
}
