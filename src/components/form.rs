//! Form feedback tied to fields: messages carry an id that the field names in
//! `aria-describedby`, so screen readers read the problem with the field.
use leptos::prelude::*;

use crate::{error::AppError, i18n::{tr, use_lang}};

/// The error of the last submission of an action, if it failed.
pub fn action_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// Helpers that say whether `field` has a problem, for `aria-invalid` and `aria-describedby`.
#[derive(Clone, Copy)]
pub struct FieldState {
    error: Signal<Option<AppError>>,
}

impl FieldState {
    pub fn new(error: Signal<Option<AppError>>) -> Self {
        FieldState { error }
    }

    pub fn invalid(self, field: &'static str) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy {
        move || self.error.get().and_then(|e| e.field_key(field)).map(|_| "true")
    }

    pub fn described_by(self, field: &'static str, help: Option<&'static str>) -> impl Fn() -> Option<String> + Send + Sync + Copy {
        move || {
            let err = self.error.get().and_then(|e| e.field_key(field)).map(|_| format!("{field}-error"));
            match (help, err) {
                (Some(h), Some(e)) => Some(format!("{h} {e}")),
                (Some(h), None) => Some(h.to_owned()),
                (None, e) => e,
            }
        }
    }
}

/// The message for one field, shown right below it.
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().and_then(|e| e.field_key(field)).map(|key| {
            view! { <p class="field-error" id=format!("{field}-error")>{tr(lang, &key)}</p> }
        })
    }
}

/// A message about the whole form (conflicts, access, generic login failure).
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().and_then(|e| e.general_key()).map(|key| {
            view! { <div class="alert alert-error" role="alert">{tr(lang, &key)}</div> }
        })
    }
}

/// A confirmation after a successful submission, announced politely.
#[component]
pub fn Notice(#[prop(into)] text: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="notice-region" role="status" aria-live="polite">
            {move || text.get().map(|t| view! { <p class="alert alert-ok">{t}</p> })}
        </div>
    }
}
