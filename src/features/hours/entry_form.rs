//! The hour form, shared by "new entry" and "change entry".
use leptos::prelude::*;

use super::HourEntry;
use crate::{
    components::form::{FieldMessage, FieldState, FormAlert, TextField},
    domain::{format_quarters, HourKind},
    error::AppError,
    i18n::{tr, use_lang},
};

/// The fields of an hour entry, pre-filled when an existing entry is changed.
#[component]
pub fn EntryFields(error: Signal<Option<AppError>>, initial: Option<HourEntry>) -> impl IntoView {
    let lang = use_lang();
    let fields = FieldState::new(error);
    let worked_on = initial.as_ref().map(|e| e.worked_on.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let hours = initial.as_ref().map(|e| format_quarters(e.quarters)).unwrap_or_default();
    let kind = initial.as_ref().map(|e| e.kind);
    let description = initial.as_ref().map(|e| e.description.clone()).unwrap_or_default();
    let place = initial.as_ref().and_then(|e| e.place.clone()).unwrap_or_default();
    view! {
        <FormAlert error />
        <TextField id="worked_on" label=tr(lang, "field.worked_on") error kind="date" value=worked_on required=true />
        <TextField id="hours" label=tr(lang, "field.hours") error value=hours inputmode="decimal" class="short"
            help=tr(lang, "help.hours") required=true />
        <fieldset class="field" aria-describedby=fields.described_by("kind", false)>
            <legend>{tr(lang, "field.kind")}</legend>
            {HourKind::ALL.iter().map(|k| {
                let id = format!("kind-{}", k.code());
                let help = format!("help.kind.{}", k.code());
                view! {
                    <div class="choice">
                        <input type="radio" name="kind" id=id.clone() value=k.code() checked=kind == Some(*k) />
                        <label for=id>
                            <strong>{tr(lang, &format!("kind.{}", k.code()))}</strong>
                            <span class="choice-help">{tr(lang, &help)}</span>
                        </label>
                    </div>
                }
            }).collect_view()}
            <FieldMessage error field="kind" />
        </fieldset>
        <div class="field">
            <label for="description">{tr(lang, "field.description")}</label>
            <textarea id="description" name="description" rows="3" aria-required="true"
                aria-invalid=fields.invalid("description") aria-describedby=fields.described_by("description", false)>
                {description}
            </textarea>
            <FieldMessage error field="description" />
        </div>
        <TextField id="place" label=tr(lang, "field.place") error value=place help=tr(lang, "help.place") />
    }
}
