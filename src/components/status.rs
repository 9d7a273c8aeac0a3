use leptos::prelude::*;

use crate::{
    domain::EntryStatus,
    i18n::{tr, use_lang},
};

/// A status label that does not rely on colour alone: the word is always shown.
#[component]
pub fn StatusBadge(status: EntryStatus) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge badge-{}", status.code())>{tr(lang, status.label_key())}</span> }
}
