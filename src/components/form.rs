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

    /// Ids of the help text (`{field}-help`, when there is one) and the error message.
    pub fn described_by(self, field: &'static str, has_help: bool) -> impl Fn() -> Option<String> + Send + Sync + Copy {
        move || {
            let err = self.error.get().and_then(|e| e.field_key(field)).map(|_| format!("{field}-error"));
            match (has_help, err) {
                (true, Some(e)) => Some(format!("{field}-help {e}")),
                (true, None) => Some(format!("{field}-help")),
                (false, e) => e,
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

/// A labelled text-like input with optional help and its error message.
/// The input's `name` and `id` are both `id`, matching the server function argument.
#[component]
pub fn TextField(
    id: &'static str,
    label: String,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] help: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    let fields = FieldState::new(error);
    let has_help = help.is_some();
    view! {
        <FieldFrame id label help error>
            <input id=id name=id type=kind value=value autocomplete=autocomplete inputmode=inputmode class=class
                aria-required=required.then_some("true") aria-invalid=fields.invalid(id)
                aria-describedby=fields.described_by(id, has_help) />
        </FieldFrame>
    }
}

/// Label, optional help (`{id}-help`) and error message around one control.
#[component]
fn FieldFrame(id: &'static str, label: String, help: Option<String>, error: Signal<Option<AppError>>, children: Children) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {help.map(|h| view! { <p class="help" id=format!("{id}-help")>{h}</p> })}
            {children()}
            <FieldMessage error field=id />
        </div>
    }
}

/// One choice in a [`SelectField`]: value, visible text, whether it starts selected.
pub type SelectOption = (String, String, bool);

/// A labelled `<select>` with optional help, an optional empty first choice, and its error message.
#[component]
pub fn SelectField(
    id: &'static str,
    label: String,
    error: Signal<Option<AppError>>,
    options: Vec<SelectOption>,
    #[prop(optional)] help: Option<String>,
    /// Text of an empty first choice ("— Kies —"), for fields that may stay empty.
    #[prop(optional)] placeholder: Option<String>,
) -> impl IntoView {
    let fields = FieldState::new(error);
    let has_help = help.is_some();
    view! {
        <FieldFrame id label help error>
            <select id=id name=id aria-invalid=fields.invalid(id) aria-describedby=fields.described_by(id, has_help)>
                {placeholder.map(|text| view! { <option value="">{text}</option> })}
                {options.into_iter().map(|(value, text, selected)| view! {
                    <option value=value selected=selected>{text}</option>
                }).collect_view()}
            </select>
        </FieldFrame>
    }
}
