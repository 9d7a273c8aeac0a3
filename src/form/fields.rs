//! The form on the page: its fields, messages at them and the error summary.
use std::sync::Arc;

use leptos::prelude::*;

use super::{ParkedPost, RefusedPost, FORM_FIELD, TOKEN_FIELD};
use crate::{
    error::AppError,
    i18n::{tr, use_lang},
};

/// One form on the page and, if it was just refused, what it sent and why.
#[derive(Debug, Clone)]
pub struct FormState {
    key: String,
    refused: Option<Arc<RefusedPost>>,
    restored: Option<Arc<ParkedPost>>,
}

impl FormState {
    pub fn new(key: impl Into<String>) -> Self {
        let key = key.into();
        let refused = use_context::<Arc<RefusedPost>>().filter(|r| r.form == key);
        let restored = parked_post().filter(|p| p.form == key);
        FormState { key, refused, restored }
    }

    /// What was sent with this form, when the page shows it again.
    fn sent(&self) -> Option<&[(String, String)]> {
        self.refused.as_ref().map(|r| r.fields.as_slice()).or(self.restored.as_ref().map(|p| p.fields.as_slice()))
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn error(&self) -> Option<&AppError> {
        self.refused.as_ref().map(|r| &r.error)
    }

    pub fn was_refused(&self) -> bool {
        self.refused.is_some()
    }

    /// What was posted for `field` if this form comes back, otherwise `initial`.
    pub fn value(&self, field: &str, initial: impl Into<String>) -> String {
        match self.sent() {
            Some(fields) => fields.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()).unwrap_or_default(),
            None => initial.into(),
        }
    }

    /// Whether a radio button or checkbox with `value` should be checked.
    pub fn checked(&self, field: &str, value: &str, initial: bool) -> bool {
        match self.sent() {
            Some(fields) => fields.iter().any(|(k, v)| k == field && v == value),
            None => initial,
        }
    }

    /// The message key for `field`, if the refusal concerns it.
    pub fn field_error(&self, field: &str) -> Option<String> {
        self.error().and_then(|e| e.field_key(field))
    }

    /// The message shown at `field` in `lang`, if the refusal concerns it.
    pub fn field_text(&self, field: &str, lang: crate::i18n::Lang) -> Option<String> {
        self.error().and_then(|e| e.field_text(field, lang))
    }

    pub fn invalid(&self, field: &str) -> Option<&'static str> {
        self.field_error(field).map(|_| "true")
    }

    /// Ids of the help text (`{id}-help`, when there is one) and the error message (`{id}-error`).
    pub fn described_by(&self, field: &str, id: &str, has_help: bool) -> Option<String> {
        let help = has_help.then(|| format!("{id}-help"));
        let error = self.field_error(field).map(|_| format!("{id}-error"));
        match (help, error) {
            (Some(h), Some(e)) => Some(format!("{h} {e}")),
            (h, e) => h.or(e),
        }
    }
}

/// A fresh token per rendered form; a page rendered again after a refusal gets new ones.
#[cfg(feature = "ssr")]
fn one_time_token() -> String {
    super::token::form_token()
}

#[cfg(not(feature = "ssr"))]
fn one_time_token() -> String {
    String::new()
}

#[cfg(feature = "ssr")]
fn parked_post() -> Option<Arc<ParkedPost>> {
    use_context::<axum::http::request::Parts>()?.extensions.get::<Arc<ParkedPost>>().cloned()
}

#[cfg(not(feature = "ssr"))]
fn parked_post() -> Option<Arc<ParkedPost>> {
    None
}

/// A refusal that is about the whole action rather than a field (not allowed,
/// already decided by someone else, withdrawn, too many attempts) shows under the
/// page heading: the form it came from may no longer be on the page.
#[component]
pub fn RefusalNotice() -> impl IntoView {
    let lang = use_lang();
    let refused = use_context::<Arc<RefusedPost>>()?;
    if matches!(refused.error, AppError::Validation(_)) {
        return None;
    }
    let key = refused.error.general_key().unwrap_or_else(|| "err.internal".into());
    Some(view! { <div class="alert alert-error" role="alert" tabindex="-1" autofocus>{tr(lang, &key)}</div> })
}

/// `<form method="post">` to the current page, naming itself in `_form`, with
/// the error summary first when it was refused.
#[component]
pub fn PostForm(
    form: FormState,
    children: Children,
    /// Where to post, when not to the page itself (the header's logout).
    #[prop(optional)]
    action: Option<&'static str>,
    #[prop(optional)] id: Option<String>,
    #[prop(optional)] class: Option<&'static str>,
    /// Carries a file: sent as multipart (only pages that take uploads accept it).
    #[prop(optional)]
    multipart: bool,
    /// A small file on a public page: no progress island, so the page loads no wasm.
    #[prop(optional)]
    without_progress: bool,
) -> impl IntoView {
    let lang = use_lang();
    let enctype = multipart.then_some("multipart/form-data");
    let progress = (multipart && !without_progress).then(|| {
        view! { <super::upload_progress::UploadProgressBar label=tr(lang, "label.upload_progress") sending=tr(lang, "label.upload_sending") failed=tr(lang, "label.upload_failed") /> }
    });
    view! {
        <form method="post" action=action id=id class=class enctype=enctype>
            <input type="hidden" name=FORM_FIELD value=form.key().to_owned() />
            <input type="hidden" name=TOKEN_FIELD value=one_time_token() />
            <ErrorSummary form=form.clone() />
            {children()}
            {progress}
        </form>
    }
}

/// The GOV.UK / NL Design System error summary: what went wrong, each item a
/// link to its field. It takes focus when the page loads (also without JavaScript).
#[component]
pub fn ErrorSummary(form: FormState) -> impl IntoView {
    let lang = use_lang();
    // Refusals of the form as a whole (403, 404, 409, 429 …) show at the top of the page, see `RefusalNotice`.
    let AppError::Validation(fields) = form.error()?.clone() else {
        return None;
    };
    let items: Vec<(String, String)> = fields
        .iter()
        .map(|f| (if f.field == "form" { String::new() } else { anchor_for(&form, &f.field) }, summary_text(f, lang)))
        .collect();
    let summary_id = format!("{}-problemen", form.key().replace(':', "-"));
    Some(view! {
        <div class="error-summary" role="alert" tabindex="-1" autofocus id=summary_id.clone()
            aria-labelledby=format!("{summary_id}-titel")>
            <h2 id=format!("{summary_id}-titel")>{tr(lang, "label.problem")}</h2>
            <ul>
                {items.into_iter().map(|(anchor, text)| if anchor.is_empty() {
                    view! { <li>{text}</li> }.into_any()
                } else {
                    view! { <li><a href=anchor>{text}</a></li> }.into_any()
                }).collect_view()}
            </ul>
        </div>
    })
}

/// A summary item names its field ("Startdatum: Vul een datum in."), so two
/// messages alike still say where each one is. The label is `field.<name>`.
fn summary_text(error: &crate::error::FieldError, lang: crate::i18n::Lang) -> String {
    let label = format!("field.{}", error.field);
    if crate::i18n::has(crate::i18n::Lang::Nl, &label) {
        format!("{}: {}", tr(lang, &label), error.text(lang))
    } else {
        error.text(lang)
    }
}

/// Fields are named after their input ids, except in forms that repeat on a page,
/// where the id carries the form's suffix (`reason` in `decide:42` is `#reason-42`).
fn anchor_for(form: &FormState, field: &str) -> String {
    match form.key().split_once(':') {
        Some((_, suffix)) => format!("#{field}-{suffix}"),
        None => format!("#{field}"),
    }
}

/// The message for one field, shown right below it; `id` is the control's id.
#[component]
pub fn FieldMessage(form: FormState, field: &'static str, #[prop(optional, into)] id: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let id = id.unwrap_or_else(|| field.to_owned());
    form.field_text(field, lang).map(|text| view! { <p class="field-error" id=format!("{id}-error")>{text}</p> })
}

/// A labelled text-like input with optional help and its error message.
/// The input's `name` and `id` are both `id`.
#[component]
pub fn TextField(
    id: &'static str,
    label: String,
    form: FormState,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] help: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional, into)] min: Option<String>,
    #[prop(optional, into)] max: Option<String>,
) -> impl IntoView {
    let has_help = help.is_some();
    // Passwords are never sent back into the page.
    let value = if kind == "password" { String::new() } else { form.value(id, value) };
    let invalid = form.invalid(id);
    let described_by = form.described_by(id, id, has_help);
    view! {
        <FieldFrame id label help form>
            <input id=id name=id type=kind value=value autocomplete=autocomplete inputmode=inputmode class=class
                min=min max=max aria-required=required.then_some("true") aria-invalid=invalid aria-describedby=described_by />
        </FieldFrame>
    }
}

/// Text for inside a `<textarea>`. Leptos (tachys 0.2) writes textarea children
/// unescaped, as if it were `<script>`; a typed `</textarea>` would then end the
/// field and the rest would become markup. Browsers decode entities inside a
/// textarea, so escaping shows exactly what was typed.
pub fn textarea_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A labelled multi-line text field with its error message.
#[component]
pub fn TextArea(
    id: &'static str,
    label: String,
    form: FormState,
    #[prop(optional, into)] value: String,
    #[prop(optional)] help: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = 3)] rows: u8,
) -> impl IntoView {
    let has_help = help.is_some();
    let value = textarea_text(&form.value(id, value));
    let invalid = form.invalid(id);
    let described_by = form.described_by(id, id, has_help);
    view! {
        <FieldFrame id label help form>
            <textarea id=id name=id rows=rows aria-required=required.then_some("true") aria-invalid=invalid
                aria-describedby=described_by>{value}</textarea>
        </FieldFrame>
    }
}

/// Label, optional help (`{id}-help`) and error message around one control.
#[component]
pub fn FieldFrame(id: &'static str, label: String, help: Option<String>, form: FormState, children: Children) -> impl IntoView {
    let invalid = form.field_error(id).is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id>{label}</label>
            {help.map(|h| view! { <p class="help" id=format!("{id}-help")>{h}</p> })}
            <FieldMessage form=form.clone() field=id />
            {children()}
        </div>
    }
}

/// A checkbox with its label after it and its error message above: a deliberate
/// second choice ("I know this cannot be undone"). Sends `value` when ticked.
#[component]
pub fn Checkbox(
    id: &'static str,
    label: String,
    form: FormState,
    #[prop(default = "yes")] value: &'static str,
    #[prop(optional)] help: Option<String>,
) -> impl IntoView {
    let has_help = help.is_some();
    let invalid = form.field_error(id).is_some();
    let checked = form.checked(id, value, false);
    view! {
        <div class="field choice" class:field-invalid=invalid>
            <FieldMessage form=form.clone() field=id />
            <input type="checkbox" id=id name=id value=value checked=checked aria-invalid=form.invalid(id)
                aria-describedby=form.described_by(id, id, has_help) />
            <label for=id>{label}{help.map(|h| view! { <span class="choice-help" id=format!("{id}-help")>{h}</span> })}</label>
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
    form: FormState,
    options: Vec<SelectOption>,
    #[prop(optional)] help: Option<String>,
    /// Text of an empty first choice ("— Kies —"), for fields that may stay empty.
    #[prop(optional)]
    placeholder: Option<String>,
) -> impl IntoView {
    let has_help = help.is_some();
    let invalid = form.invalid(id);
    let described_by = form.described_by(id, id, has_help);
    let posted = form.was_refused().then(|| form.value(id, ""));
    view! {
        <FieldFrame id label help form>
            <select id=id name=id aria-invalid=invalid aria-describedby=described_by>
                {placeholder.map(|text| view! { <option value="">{text}</option> })}
                {options.into_iter().map(|(value, text, selected)| {
                    let selected = posted.as_ref().map_or(selected, |p| *p == value);
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A group of radio buttons in a fieldset: (value, label, help) per choice.
#[component]
pub fn RadioGroup(
    name: &'static str,
    legend: String,
    form: FormState,
    choices: Vec<(String, String, Option<String>)>,
    /// The value checked when the form is first shown.
    #[prop(optional, into)]
    initial: Option<String>,
) -> impl IntoView {
    let described_by = form.described_by(name, name, false);
    let invalid = form.field_error(name).is_some();
    view! {
        // The fieldset carries the id so the error summary can link to the group.
        <fieldset class="field" class:field-invalid=invalid id=name aria-describedby=described_by>
            <legend>{legend}</legend>
            <FieldMessage form=form.clone() field=name />
            {choices.into_iter().map(|(value, text, help)| {
                let id = format!("{name}-{value}");
                let checked = form.checked(name, &value, initial.as_deref() == Some(value.as_str()));
                view! {
                    <div class="choice">
                        <input type="radio" name=name id=id.clone() value=value checked=checked />
                        <label for=id>
                            <strong>{text}</strong>
                            {help.map(|h| view! { <span class="choice-help">{h}</span> })}
                        </label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A read-only field holding a link to pass on, with a copy button that forms.js
/// shows where the browser can copy (selecting the text works everywhere).
#[component]
pub fn CopyField(id: &'static str, label: String, value: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label for=id>{label}</label>
        <div class="copy-row">
            <input id=id type="text" readonly value=value />
            <button type="button" class="button" data-copy=id data-copied=tr(lang, "action.copied") hidden>
                {tr(lang, "action.copy_link")}
            </button>
        </div>
    }
}
