//! `/deelnemers/{id}/deelname` (coordinators): where a participant stands in the track,
//! their cohorts dated, and the two steps: a break, and going on in a cohort. Also the
//! pieces the record and the participant's own pages show: the stints, and the notice
//! for someone who takes no part now.
use leptos::prelude::*;

use super::{load_enrolment, Away, Enrolment, Stint};
use crate::{
    components::{
        format::{date, long_date},
        page::{path_id, Loaded, PageTitle},
    },
    domain::{BreakReason, LeaveKind},
    form::{FormState, PostForm, RadioGroup, SelectField, TextField},
    i18n::{tr, use_lang, Lang},
};

#[component]
pub fn EnrolmentPage() -> impl IntoView {
    let id = path_id();
    view! { <Loaded load=load_enrolment(id) view=move |enrolment| view! { <EnrolmentView enrolment /> } /> }
}

#[component]
fn EnrolmentView(enrolment: Enrolment) -> impl IntoView {
    let lang = use_lang();
    let id = enrolment.participant_id;
    let running_since = enrolment.running_since();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.enrolment.title").replace("{name}", &enrolment.name) />
            <p><a href=format!("/deelnemers/{id}")>{tr(lang, "action.to_record")}</a></p>
            <p class="card next-step">{match (&enrolment.away, running_since) {
                (Some(away), _) => away_text(lang, away, &enrolment.cohort_name),
                (None, Some(since)) => tr(lang, "enrolment.taking_part")
                    .replace("{cohort}", &enrolment.cohort_name).replace("{date}", &long_date(lang, since)),
                (None, None) => String::new(),
            }}</p>
            <StintList stints=enrolment.stints.clone() />
            {if enrolment.finishing {
                view! { <p>{tr(lang, "enrolment.finishing")}</p> }.into_any()
            } else {
                view! {
                    {enrolment.away.is_none().then(|| view! { <BreakForm id today=enrolment.today /> })}
                    <ContinueForm enrolment=enrolment.clone() />
                }.into_any()
            }}
        </section>
    }
}

/// "Gepauzeerd sinds …" with the expected return, or "Gestopt sinds …".
fn away_text(lang: Lang, away: &Away, cohort: &str) -> String {
    let key = if away.kind == LeaveKind::Stopped { "enrolment.stopped_since" } else { "enrolment.paused_since" };
    let mut text = tr(lang, key).replace("{date}", &long_date(lang, away.since)).replace("{cohort}", cohort);
    if let Some(back) = away.expected_back {
        text.push(' ');
        text.push_str(&tr(lang, "enrolment.expected_back").replace("{date}", &long_date(lang, back)));
    }
    text
}

#[component]
fn BreakForm(id: i64, today: chrono::NaiveDate) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("take_break:{id}"));
    let kinds = [LeaveKind::Paused, LeaveKind::Stopped]
        .map(|k| (k.code().to_owned(), tr(lang, k.label_key()), Some(tr(lang, if k == LeaveKind::Paused { "help.enrolment.pause" } else { "help.enrolment.stop" }))))
        .to_vec();
    let reasons = BreakReason::ALL.iter().map(|r| (r.code().to_owned(), tr(lang, r.label_key()), false)).collect();
    view! {
        <h2>{tr(lang, "page.enrolment.break")}</h2>
        <p>{tr(lang, "page.enrolment.break_intro")}</p>
        <PostForm form=form.clone()>
            <RadioGroup name="kind" legend=tr(lang, "field.enrolment_kind") form=form.clone() choices=kinds initial=LeaveKind::Paused.code() />
            <TextField id="from" kind="date" label=tr(lang, "field.enrolment_from") form=form.clone() value=today.to_string()
                max=today.to_string() class="short" help=tr(lang, "help.enrolment_from") />
            <SelectField id="reason" label=tr(lang, "field.enrolment_reason") form=form.clone() options=reasons
                placeholder=tr(lang, "label.choose") help=tr(lang, "help.enrolment_reason") />
            <TextField id="expected_back" kind="date" label=tr(lang, "field.expected_back") form=form.clone() class="short"
                help=tr(lang, "help.expected_back") />
            <button type="submit" class="button primary">{tr(lang, "action.record_break")}</button>
        </PostForm>
    }
}

#[component]
fn ContinueForm(enrolment: Enrolment) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("continue_in:{}", enrolment.participant_id));
    let away = enrolment.away.is_some();
    // Taking part: only another cohort (a move); after a break also their own (resume).
    let options: Vec<_> = enrolment
        .cohorts
        .iter()
        .filter(|c| away || c.id != enrolment.cohort_id)
        .map(|c| {
            let text = format!("{} ({} {})", c.name, tr(lang, "label.starts_on_short"), date(c.starts_on));
            (c.id.to_string(), text, false)
        })
        .collect();
    let (title, button) = if away { ("page.enrolment.continue", "action.continue_in") } else { ("page.enrolment.move", "action.move_to") };
    view! {
        <h2>{tr(lang, title)}</h2>
        <p>{tr(lang, "page.enrolment.continue_intro")}</p>
        {if options.is_empty() {
            view! { <p>{tr(lang, "page.enrolment.no_cohorts")}</p> }.into_any()
        } else {
            view! {
                <PostForm form=form.clone()>
                    <SelectField id="cohort" label=tr(lang, "field.cohort") form=form.clone() options placeholder=tr(lang, "label.choose") />
                    <button type="submit" class="button">{tr(lang, button)}</button>
                </PostForm>
            }.into_any()
        }}
    }
}

/// The cohorts a participant took part in, dated, with how each stint ended.
#[component]
pub fn StintList(stints: Vec<Stint>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section aria-labelledby="stints-title">
            <h2 id="stints-title">{tr(lang, "label.stints")}</h2>
            <ul class="card-list">
                {stints.into_iter().map(|s| {
                    let period = match s.left_on {
                        Some(left) => format!("{} – {}", long_date(lang, s.joined_on), long_date(lang, left)),
                        None => tr(lang, "enrolment.since").replace("{date}", &long_date(lang, s.joined_on)),
                    };
                    let ended = s.left_as.map(|kind| {
                        let mut text = tr(lang, kind.label_key());
                        if let Some(reason) = s.reason {
                            text = format!("{text}: {}", tr(lang, reason.label_key()).to_lowercase());
                        }
                        text
                    });
                    view! {
                        <li class="card">
                            <strong>{s.cohort_name}</strong>
                            <br />{period}
                            {ended.map(|text| view! { <br /><span class="muted">{text}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// For the participant who takes no part now: what happened, that everything stays
/// readable, and that hours can be logged again once they go on.
#[component]
pub fn AwayNotice(away: Away, cohort: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card next-step" aria-labelledby="away-title">
            <h2 id="away-title">{tr(lang, "label.next_step")}</h2>
            <p>{away_text(lang, &away, &cohort)}</p>
            <p>{tr(lang, "enrolment.away_help")}</p>
        </section>
    }
}
