//! The hours field with a live reading of what was typed ("1:30" = 1,5 uur),
//! so nobody has to guess how the notation is understood.
use leptos::prelude::*;

use crate::{
    components::islands::mark_island_used,
    domain::{format_quarters, Hours},
};

#[island]
pub fn HoursInput(
    value: String,
    invalid: bool,
    described_by: Option<String>,
    /// "= {hours} uur", already in the reader's language (islands get no server context).
    reading_template: String,
) -> impl IntoView {
    mark_island_used();
    let typed = RwSignal::new(value.clone());
    let reading = move || {
        typed.with(|t| {
            let t = t.trim();
            (!t.is_empty()).then(|| Hours::parse(t).ok()).flatten().map(|h| reading_template.replace("{hours}", &format_quarters(i64::from(h.quarters()))))
        })
    };
    view! {
        <input id="hours" name="hours" type="text" inputmode="decimal" class="short" autocomplete="off" value=value
            aria-required="true" aria-invalid=invalid.then_some("true") aria-describedby=described_by
            on:input=move |ev| typed.set(event_target_value(&ev)) />
        <p class="hours-reading" aria-live="polite">{reading}</p>
    }
}
