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
            {pending.map(|p| view! { <p class="progress-pending">{p}</p> })}
        </div>
    }
}
