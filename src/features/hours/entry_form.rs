//! The hour form, shared by "new entry" and "change entry".
use chrono::NaiveDate;
use leptos::prelude::*;

use super::{hours_reading::HoursReading, HourEntry};
use crate::{
    components::format::hours,
    domain::HourKind,
    form::{FieldFrame, FormState, RadioGroup, TextArea, TextField},
    i18n::{tr, use_lang},
};

/// The fields of an hour entry, pre-filled when an existing entry is changed
/// (a new one starts at `today`). After a refusal every field shows what was
/// posted instead. `period` limits the date picker to the cohort's days up to today.
#[component]
pub fn EntryFields(form: FormState, initial: Option<HourEntry>, today: NaiveDate, period: (NaiveDate, NaiveDate)) -> impl IntoView {
    let lang = use_lang();
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let worked_on = iso(initial.as_ref().map(|e| e.worked_on).unwrap_or(today));
    let (min, max) = (iso(period.0), iso(period.1.min(today)));
    let hours = form.value("hours", initial.as_ref().map(|e| hours(lang, e.quarters)).unwrap_or_default());
    let kind = initial.as_ref().map(|e| e.kind.code().to_owned());
    let description = initial.as_ref().map(|e| e.description.clone()).unwrap_or_default();
    let place = initial.as_ref().and_then(|e| e.place.clone()).unwrap_or_default();
    let help = tr(lang, "help.hours");
    let (hours_invalid, hours_described_by) = (form.invalid("hours"), form.described_by("hours", "hours", true));
    view! {
        <TextField id="worked_on" label=tr(lang, "field.worked_on") form=form.clone() kind="date" value=worked_on required=true min=min max=max />
        <FieldFrame id="hours" label=tr(lang, "field.hours") help=Some(help) form=form.clone()>
            <input id="hours" name="hours" type="text" inputmode="decimal" class="short" autocomplete="off" value=hours
                aria-required="true" aria-invalid=hours_invalid aria-describedby=hours_described_by
                data-reading=tr(lang, "label.hours_reading") />
            <HoursReading />
        </FieldFrame>
        <RadioGroup name="kind" legend=tr(lang, "field.kind") form=form.clone() initial=kind.unwrap_or_default()
            choices=HourKind::ALL.iter().map(|k| (
                k.code().to_owned(),
                tr(lang, k.label_key()),
                Some(tr(lang, k.help_key())),
            )).collect() />
        <TextArea id="description" label=tr(lang, "field.description") form=form.clone() value=description required=true />
        <TextField id="place" label=tr(lang, "field.place") form=form.clone() value=place help=tr(lang, "help.place") />
    }
}
