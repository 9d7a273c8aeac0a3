//! The cohort's interview overview (who is eligible, interviews, certificates), the
//! criteria editor and one interview's page with each assessor's sheet.
use leptos::prelude::*;

use super::{AssessorSheet, CandidateRow, CohortInterviews, InterviewDetail, InterviewView, Person};
use crate::{
    components::{
        format::date,
        page::{Loading, PageError, PageTitle},
    },
    domain::{InterviewStatus, RevokeReason},
    features::standing::CertificateRef,
    form::{textarea_text, FieldMessage, FormState, PostForm, SelectField, TextArea, TextField},
    i18n::{tr, tr_count, use_lang, Lang},
};

fn status_text(lang: Lang, status: InterviewStatus) -> String {
    tr(lang, status.label_key())
}

/// `/cohorten/:id/eindgesprekken`
#[component]
pub fn CohortInterviewsPage() -> impl IntoView {
    let lang = use_lang();
    let cohort_id = crate::components::page::path_id();
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match super::load_cohort_interviews(cohort_id).await {
                    Err(e) => view! { <PageTitle text=tr(lang, "page.interviews.title_plain") /><PageError error=e /> }.into_any(),
                    Ok(c) => view! { <CohortInterviewsBody c /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CohortInterviewsBody(c: CohortInterviews) -> impl IntoView {
    let lang = use_lang();
    let eligible = c.candidates.iter().filter(|r| r.eligible).count();
    let certificates = c.candidates.iter().filter(|r| r.standing.certificate.is_some()).count();
    let can_manage = c.can_manage;
    let (va, hva) = (c.assessors_va.clone(), c.assessors_hva.clone());
    let cohort_id = c.cohort_id;
    view! {
        <PageTitle text=tr(lang, "page.interviews.title").replace("{cohort}", &c.cohort_name) />
        <p><a href=format!("/cohorten/{cohort_id}")>{tr(lang, "action.back_to_cohort")}</a></p>
        <p>{tr(lang, "page.interviews.summary").replace("{eligible}", &eligible.to_string())
            .replace("{total}", &c.candidates.len().to_string())}" "{tr_count(lang, "page.interviews.certificates", certificates as i64)}</p>
        {can_manage.then(|| view! {
            <p class="button-row">
                <a class="button" href=format!("/cohorten/{cohort_id}/criteria")>{tr(lang, "action.edit_criteria")}</a>
                {(certificates > 0).then(|| view! {
                    <a class="button" href=format!("/cohorten/{cohort_id}/certificaten.zip") download>{tr(lang, "action.download_zip")}</a>
                })}
            </p>
        })}
        <details class="card">
            <summary>{tr(lang, "page.interviews.criteria").replace("{count}", &c.criteria.len().to_string())}</summary>
            <ol>{c.criteria.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ol>
        </details>
        <ul class="card-list">
            {c.candidates.iter().cloned().map(|row| view! { <Candidate row /> }).collect_view()}
        </ul>
        {can_manage.then(|| view! { <ScheduleForm candidates=c.candidates.clone() va hva today=c.today /> })}
    }
}

#[component]
fn Candidate(row: CandidateRow) -> impl IntoView {
    let lang = use_lang();
    let s = &row.standing;
    // Where the participant stands now: a certificate (valid or revoked) says more than readiness.
    let readiness = if let Some(certificate) = &s.certificate {
        let (class, key) = if certificate.revoked {
            ("badge badge-afgekeurd", "interview.certificate_revoked")
        } else {
            ("badge badge-goedgekeurd", "interview.certificate_issued")
        };
        view! { <span class=class>{tr(lang, key)}</span> }.into_any()
    } else if row.eligible {
        view! { <span class="badge badge-ok">{tr(lang, "interview.eligible")}</span> }.into_any()
    } else {
        view! { <span class="badge badge-muted">{tr_count(lang, "interview.not_eligible", row.open as i64)}</span> }
            .into_any()
    };
    let interview = s.interview_id.zip(s.interview_status).map(|(id, status)| {
        view! {
            <p>
                <a href=format!("/eindgesprekken/{id}")>{tr(lang, "interview.link")}</a>
                {format!(": {} · {} · {}", status_text(lang, status), s.held_on.map(date).unwrap_or_default(), s.place)}
            </p>
        }
    });
    let certificate = s.certificate.clone().map(|c| view! { <CertificateLine certificate=c /> });
    let participant_id = row.participant.id;
    view! {
        <li class="card candidate">
            <h2 class="card-title"><a href=format!("/deelnemers/{participant_id}")>{row.participant.name.clone()}</a>" "{readiness}</h2>
            {interview}
            {certificate}
        </li>
    }
}

#[component]
fn CertificateLine(certificate: CertificateRef) -> impl IntoView {
    let lang = use_lang();
    let state = if certificate.revoked { tr(lang, "certificate.state_revoked") } else { tr(lang, "certificate.state_valid") };
    view! {
        <p>
            {tr(lang, "certificate.title")}": "{certificate.number.clone()}" ("{state}") · "
            <a href=certificate.download_path() download>{tr(lang, "action.download_certificate")}</a>
        </p>
    }
}

#[component]
fn ScheduleForm(candidates: Vec<CandidateRow>, va: Vec<Person>, hva: Vec<Person>, today: chrono::NaiveDate) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("schedule_interview");
    // Everyone without a planned or passed interview; who is ready is said in the option.
    let participants: Vec<(String, String, bool)> = candidates
        .into_iter()
        .filter(|c| !matches!(c.standing.interview_status, Some(InterviewStatus::Planned | InterviewStatus::Passed)))
        .map(|c| {
            let readiness = if c.eligible {
                tr(lang, "interview.eligible")
            } else {
                tr_count(lang, "interview.not_eligible", c.open as i64)
            };
            (c.participant.id.to_string(), format!("{} ({readiness})", c.participant.name), false)
        })
        .collect();
    if participants.is_empty() {
        return ().into_any();
    }
    let options = |people: Vec<Person>| -> Vec<(String, String, bool)> {
        let single = people.len() == 1;
        people.into_iter().map(|p| (p.id.to_string(), p.name, single)).collect()
    };
    view! {
        <section class="card" aria-labelledby="schedule-title">
            <h2 id="schedule-title">{tr(lang, "action.schedule_interview")}</h2>
            <PostForm form=form.clone() class="schedule">
                <SelectField id="participant" label=tr(lang, "field.participant") form=form.clone() options=participants
                    placeholder=tr(lang, "label.choose") />
                <TextField id="held_on" kind="date" label=tr(lang, "field.interview_date") form=form.clone() required=true min=today.to_string() />
                <TextField id="starts_at" kind="time" label=tr(lang, "field.starts_at") form=form.clone() value="10:00" required=true />
                <TextField id="place" label=tr(lang, "field.place") form=form.clone() required=true />
                <SelectField id="assessor_va" label=tr(lang, "field.assessor_va") form=form.clone() options=options(va)
                    placeholder=tr(lang, "label.choose") />
                <SelectField id="assessor_hva" label=tr(lang, "field.assessor_hva") form=form.clone() options=options(hva)
                    placeholder=tr(lang, "label.choose") />
                <button type="submit" class="button primary">{tr(lang, "action.schedule")}</button>
            </PostForm>
        </section>
    }
    .into_any()
}

/// `/cohorten/:id/criteria`: the coordinator edits the list, one criterion per line.
#[component]
pub fn CriteriaPage() -> impl IntoView {
    let lang = use_lang();
    let cohort_id = crate::components::page::path_id();
    view! {
        <PageTitle text=tr(lang, "page.criteria.title") />
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match super::load_criteria(cohort_id).await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(c) => {
                        let form = FormState::new(format!("save_criteria:{}", c.cohort_id));
                        view! {
                            <p>{tr(lang, "page.criteria.intro").replace("{cohort}", &c.cohort_name)}</p>
                            <PostForm form=form.clone()>
                                <TextArea id="criteria" label=tr(lang, "field.criteria") help=tr(lang, "field.criteria_help")
                                    form=form.clone() value=c.criteria.join("\n") rows=10 required=true />
                                <p class="button-row">
                                    <button type="submit" class="button primary">{tr(lang, "action.save")}</button>
                                    <a class="button" href=format!("/cohorten/{}/eindgesprekken", c.cohort_id)>{tr(lang, "action.cancel")}</a>
                                </p>
                            </PostForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/eindgesprekken/:id`
#[component]
pub fn InterviewPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::components::page::path_id();
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match super::load_interview(id).await {
                    Err(e) => view! { <PageTitle text=tr(lang, "page.interview.title_plain") /><PageError error=e /> }.into_any(),
                    Ok(v) => view! { <InterviewBody v /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InterviewBody(v: InterviewView) -> impl IntoView {
    let lang = use_lang();
    let i = v.interview.clone();
    let planned = i.status == InterviewStatus::Planned;
    let own = v.own_sheet.filter(|_| planned).and_then(|n| i.sheets.get(n).cloned()).filter(|s| s.signed_at.is_none());
    let can_issue = v.can_manage && i.status == InterviewStatus::Passed && i.certificate.is_none();
    view! {
        <PageTitle text=tr(lang, "page.interview.title").replace("{name}", &i.participant.name) />
        {v.staff.then(|| view! {
            <p><a href=format!("/cohorten/{}/eindgesprekken", i.cohort_id)>{tr(lang, "action.back_to_interviews")}</a></p>
        })}
        <dl class="facts card">
            <dt>{tr(lang, "field.status")}</dt><dd><strong>{status_text(lang, i.status)}</strong></dd>
            <dt>{tr(lang, "field.interview_date")}</dt><dd>{format!("{} {}", date(i.held_on), i.starts_at)}</dd>
            <dt>{tr(lang, "field.place")}</dt><dd>{i.place.clone()}</dd>
            <dt>{tr(lang, "field.cohort")}</dt><dd>{i.cohort_name.clone()}</dd>
        </dl>
        {i.certificate.clone().map(|c| view! { <CertificateLine certificate=c.clone() />
            {(v.can_manage && !c.revoked).then(|| view! { <RevokeForm number=c.number.clone() /> })}
            {(v.can_manage && c.revoked).then(|| view! { <ReissueForm number=c.number.clone() /> })} })}
        {can_issue.then(|| {
            let form = FormState::new(format!("issue_certificate:{}", i.id));
            view! {
                <section class="card">
                    <h2>{tr(lang, "certificate.issue_title")}</h2>
                    <p>{tr(lang, if v.eligible { "certificate.issue_ready" } else { "certificate.issue_not_eligible" })}</p>
                    <PostForm form><button type="submit" class="button primary">{tr(lang, "action.issue_certificate")}</button></PostForm>
                </section>
            }
        })}
        {own.map(|sheet| view! { <JudgeForm interview=i.clone() sheet /> })}
        // Drafts stay between the assessors until both have signed.
        {if v.staff || !planned {
            i.sheets.iter().cloned().map(|sheet| view! { <SheetView interview=i.clone() sheet /> }).collect_view().into_any()
        } else {
            view! { <p>{tr(lang, "interview.participant_waiting")}</p> }.into_any()
        }}
        {(v.can_manage && planned).then(|| {
            let form = FormState::new(format!("cancel_interview:{}", i.id));
            view! { <PostForm form><button type="submit" class="button">{tr(lang, "action.cancel_interview")}</button></PostForm> }
        })}
        {(!i.history.is_empty()).then(|| view! {
            <h2>{tr(lang, "interview.history")}</h2>
            <ul>{i.history.iter().map(|(id, held_on, status)| view! {
                <li><a href=format!("/eindgesprekken/{id}")>{format!("{} · {}", date(*held_on), status_text(lang, *status))}</a></li>
            }).collect_view()}</ul>
        })}
    }
}

fn organisation_text(lang: Lang, sheet: &AssessorSheet) -> String {
    tr(lang, sheet.organisation.label_key())
}

/// One assessor's judgements as recorded (also the draft of the other assessor).
#[component]
fn SheetView(interview: InterviewDetail, sheet: AssessorSheet) -> impl IntoView {
    let lang = use_lang();
    let heading = format!("{} ({})", sheet.assessor.name, organisation_text(lang, &sheet));
    let label = heading.clone();
    let signed = match &sheet.signed_at {
        Some(at) => tr(lang, "interview.signed_on").replace("{date}", &crate::components::format::stamp_date(at)),
        None => tr(lang, "interview.not_signed"),
    };
    view! {
        <section class="card sheet" aria-label=label>
            <h2>{heading}</h2>
            <p><strong>{signed}</strong></p>
            <ol class="judgements">
                {interview.items.iter().zip(sheet.judgements.iter()).map(|(item, j)| {
                    let verdict = match j.met {
                        Some(true) => tr(lang, "interview.met"),
                        Some(false) => tr(lang, "interview.not_met"),
                        None => tr(lang, "interview.not_judged"),
                    };
                    view! {
                        <li>
                            <strong>{item.title.clone()}</strong>": "{verdict}
                            {(!j.explanation.is_empty()).then(|| view! { <p class="pre-line">{j.explanation.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The assessor's own form: per criterion voldaan / niet voldaan with an explanation;
/// save as draft or save and sign.
#[component]
fn JudgeForm(interview: InterviewDetail, sheet: AssessorSheet) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("judge_interview:{}", interview.id));
    let suffix = interview.id;
    view! {
        <section class="card" aria-labelledby="judge-title">
            <h2 id="judge-title">{tr(lang, "interview.your_judgement")}</h2>
            <p>{tr(lang, "interview.judge_intro")}</p>
            <PostForm form=form.clone()>
                {interview.items.iter().zip(sheet.judgements.iter()).map(|(item, j)| {
                    let verdict = format!("oordeel-{}", item.id);
                    let explanation = format!("toelichting-{}", item.id);
                    let initial = match j.met { Some(true) => "voldaan", Some(false) => "niet_voldaan", None => "" };
                    let verdict_error = form.field_error(&verdict);
                    let explanation_error = form.field_error(&explanation);
                    let text = textarea_text(&form.value(&explanation, j.explanation.clone()));
                    let group_id = format!("{verdict}-{suffix}");
                    let area_id = format!("{explanation}-{suffix}");
                    let verdict_invalid = verdict_error.is_some();
                    let verdict_described = verdict_error.as_ref().map(|_| format!("{group_id}-error"));
                    let verdict_message = form.field_text(&verdict, lang).map(|text| view! { <p class="field-error" id=format!("{group_id}-error")>{text}</p> });
                    let explanation_invalid = explanation_error.is_some();
                    let explanation_described = explanation_error.as_ref().map(|_| format!("{area_id}-error"));
                    let explanation_message = form.field_text(&explanation, lang).map(|text| view! { <p class="field-error" id=format!("{area_id}-error")>{text}</p> });
                    view! {
                        <fieldset class="field criterion" class:field-invalid=verdict_invalid id=group_id.clone()
                            aria-describedby=verdict_described>
                            <legend>{item.title.clone()}</legend>
                            <input type="hidden" name="item" value=item.id.to_string() />
                            {verdict_message}
                            {[("voldaan", "interview.voldaan"), ("niet_voldaan", "interview.niet_voldaan")].into_iter().map(|(value, label)| {
                                let id = format!("{group_id}-{value}");
                                let checked = form.checked(&verdict, value, initial == value);
                                view! {
                                    <div class="choice">
                                        <input type="radio" name=verdict.clone() id=id.clone() value=value checked=checked />
                                        <label for=id>{tr(lang, label)}</label>
                                    </div>
                                }
                            }).collect_view()}
                            <div class="field" class:field-invalid=explanation_invalid>
                                <label for=area_id.clone()>{tr(lang, "field.explanation")}</label>
                                {explanation_message}
                                <textarea id=area_id.clone() name=explanation rows="3" aria-invalid=explanation_invalid.then_some("true")
                                    aria-describedby=explanation_described>{text}</textarea>
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                <p class="help">{tr(lang, "interview.sign_help")}</p>
                <p class="button-row">
                    <button type="submit" class="button">{tr(lang, "action.save_draft")}</button>
                    <button type="submit" name="sign" value="yes" class="button primary">{tr(lang, "action.save_and_sign")}</button>
                </p>
            </PostForm>
        </section>
    }
}

#[component]
fn RevokeForm(number: String) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("revoke_certificate");
    let open = form.was_refused();
    let reasons = RevokeReason::ALL.iter().map(|r| (r.code().to_owned(), tr(lang, r.label_key()), false)).collect();
    view! {
        <details class="card" open=open>
            <summary>{tr(lang, "action.revoke_certificate")}</summary>
            <p>{tr(lang, "certificate.revoke_help")}</p>
            <PostForm form=form.clone()>
                <input type="hidden" name="nummer" value=number />
                <SelectField id="reason" label=tr(lang, "field.revoke_reason") form=form.clone() options=reasons placeholder=tr(lang, "label.choose") />
                <TextArea id="note" label=tr(lang, "field.revoke_note") form=form.clone() required=true />
                // Revoking cannot be undone: it asks first, as every such step does.
                <div class="field choice" class:field-invalid=form.field_error("confirm").is_some()>
                    <FieldMessage form=form.clone() field="confirm" />
                    <input type="checkbox" id="confirm" name="confirm" value="yes" aria-invalid=form.invalid("confirm")
                        aria-describedby=form.described_by("confirm", "confirm", false) />
                    <label for="confirm">{tr(lang, "field.confirm_revoke")}</label>
                </div>
                <button type="submit" class="button danger">{tr(lang, "action.revoke")}</button>
            </PostForm>
        </details>
    }
}

/// After a revocation for a mistake: a corrected certificate from the records as they are now.
#[component]
fn ReissueForm(number: String) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("reissue_certificate");
    view! {
        <section class="card" aria-labelledby="reissue-title">
            <h2 id="reissue-title">{tr(lang, "certificate.reissue_title")}</h2>
            <p>{tr(lang, "certificate.reissue_help")}</p>
            <PostForm form>
                <input type="hidden" name="nummer" value=number />
                <button type="submit" class="button primary">{tr(lang, "action.reissue_certificate")}</button>
            </PostForm>
        </section>
    }
}
