//! The participant's plans page (POP and GOP: status, next step, versions, upload or
//! type) and a plan's review page for trainers.
use leptos::prelude::*;

use super::{Feedback, FileRef, MyPlans, Plan, PlanReview, PlanVersion};
use crate::{
    components::{
        format::stamp_date,
        page::{Loaded, Loading, PageError, PageTitle},
    },
    domain::{PlanDecision, PlanKind, PlanStatus},
    form::{FieldMessage, FormState, PostForm, RadioGroup, TextArea},
    i18n::{tr, use_lang, Lang},
};

const ACCEPTED: &str = ".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text";

fn plan_title(lang: Lang, plan: &Plan) -> String {
    tr(lang, plan.kind.label_key()).replace("{owner}", &plan.owner)
}

/// "In concept", "Ingediend" …, or "Nog niet begonnen".
pub fn status_text(lang: Lang, status: Option<PlanStatus>) -> String {
    tr(lang, PlanStatus::label_key_of(status))
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

#[component]
fn FileLink(file: FileRef) -> impl IntoView {
    view! {
        <a href=format!("/plannen/bestanden/{}", file.id) download>{file.file_name.clone()}</a>
        {format!(" ({})", size_text(file.size))}
    }
}

#[component]
fn FeedbackItem(feedback: Feedback) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="feedback">
            <p><strong>{tr(lang, feedback.decision.label_key())}</strong>
                {format!(" · {} · {}", feedback.trainer, &stamp_date(&feedback.created_at))}</p>
            {(!feedback.comment.is_empty()).then(|| view! { <p class="pre-line">{feedback.comment.clone()}</p> })}
            {feedback.file.map(|file| view! { <p>{tr(lang, "plan.feedback_file")}" "<FileLink file /></p> })}
        </li>
    }
}

/// Every version, newest first, with its file or text and the trainers' feedback.
/// `under_page_title`: the list is a section of the page itself (the review page),
/// not of a plan's card, so its heading is one level higher.
#[component]
fn Versions(versions: Vec<PlanVersion>, #[prop(optional)] under_page_title: bool) -> impl IntoView {
    let lang = use_lang();
    (!versions.is_empty()).then(|| {
        let title = tr(lang, "plan.versions");
        view! {
            {if under_page_title { view! { <h2>{title}</h2> }.into_any() } else { view! { <h3>{title}</h3> }.into_any() }}
            <ol class="card-list versions" reversed>
                {versions.into_iter().map(|v| {
                    let state = match &v.submitted_at {
                        Some(at) => tr(lang, "plan.version_submitted").replace("{date}", &stamp_date(at)),
                        None => tr(lang, "plan.version_concept"),
                    };
                    view! {
                        <li class="card">
                            {
                                let title = tr(lang, "plan.version").replace("{number}", &v.number.to_string());
                                if under_page_title {
                                    view! { <h3 class="card-title">{title}</h3> }.into_any()
                                } else {
                                    view! { <h4 class="card-title">{title}</h4> }.into_any()
                                }
                            }
                            <p class="muted">{format!("{} · {} · {state}", v.author, stamp_date(&v.created_at))}</p>
                            {v.file.map(|file| view! { <p><FileLink file /></p> })}
                            {v.body.map(|body| view! {
                                <details>
                                    <summary>{tr(lang, "plan.typed_text")}</summary>
                                    <p class="pre-line">{body}</p>
                                </details>
                            })}
                            {(!v.feedback.is_empty()).then(|| view! {
                                <ul class="feedback-list">
                                    {v.feedback.into_iter().map(|feedback| view! { <FeedbackItem feedback /> }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
    })
}

/// `/plannen`: the participant's POP and their group's GOP.
#[component]
pub fn MyPlansPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.plans.title") />
        <Loaded load=super::load_my_plans() view=move |MyPlans { pop, gop }| view! {
                        <p>{tr(lang, "page.plans.intro")}</p>
                        <PlanSection plan=pop />
                        {match gop {
                            Some(plan) => view! { <PlanSection plan /> }.into_any(),
                            None => view! {
                                <h2 id="gop">{tr(lang, "plan.title.gop_none")}</h2>
                                <p>{tr(lang, "page.plans.no_group")}</p>
                            }.into_any(),
                        }}
                    } />
    }
}

#[component]
fn PlanSection(plan: Plan) -> impl IntoView {
    let lang = use_lang();
    let kind = plan.kind.code();
    let next = tr(lang, PlanStatus::next_key_of(plan.status));
    let latest_body = plan.versions.first().and_then(|v| v.body.clone()).unwrap_or_default();
    let submit = plan.can_submit().then(|| (plan.id.unwrap_or(0), plan.versions.first().map_or(0, |v| v.number)));
    view! {
        <section class="plan" aria-labelledby=format!("{kind}-titel")>
            <h2 id=kind>
                <span id=format!("{kind}-titel")>{plan_title(lang, &plan)}</span>
            </h2>
            <p><strong>{status_text(lang, plan.status)}</strong>" · "{next}</p>
            {draft_while_in_review(&plan).map(|(waiting, draft)| view! {
                <p class="alert alert-info">{tr(lang, "plan.draft_while_in_review")
                    .replace("{waiting}", &waiting.to_string()).replace("{draft}", &draft.to_string())}</p>
            })}
            {submit.map(|(plan_id, number)| {
                let form = FormState::new(format!("submit_plan:{plan_id}"));
                view! {
                    <PostForm form>
                        <button type="submit" class="button primary">
                            {tr(lang, "action.submit_plan").replace("{number}", &number.to_string())}
                        </button>
                    </PostForm>
                }
            })}
            {(!plan.locked()).then(|| view! {
                <UploadForm kind=plan.kind />
                <TypeForm kind=plan.kind text=latest_body />
            })}
            <Versions versions=plan.versions />
        </section>
    }
}

/// A draft saved while an earlier version waits for review: (the waiting number, the draft's).
fn draft_while_in_review(plan: &Plan) -> Option<(i64, i64)> {
    let draft = plan.versions.first().filter(|v| v.submitted_at.is_none())?;
    let waiting = plan.versions.iter().find(|v| v.submitted_at.is_some())?;
    (plan.status == Some(PlanStatus::Submitted)).then_some((waiting.number, draft.number))
}

/// The file form: a real multipart POST, the same with and without JavaScript.
#[component]
fn UploadForm(kind: PlanKind) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("upload_plan:{}", kind.code()));
    let id = format!("bestand-{}", kind.code());
    let invalid = form.field_error("file").is_some();
    view! {
        <h3>{tr(lang, "plan.upload_title")}</h3>
        <PostForm form=form.clone() multipart=true>
            <div class="field" class:field-invalid=invalid>
                <label for=id.clone()>{tr(lang, "field.plan_file")}</label>
                <p class="help" id=format!("{id}-help")>{tr(lang, "help.plan_file")}</p>
                <FieldMessage form=form.clone() field="file" id=id.clone() />
                <input type="file" id=id.clone() name="file" accept=ACCEPTED required
                    aria-invalid=form.invalid("file") aria-describedby=form.described_by("file", &id, true) />
            </div>
            <div class="button-row">
                <button type="submit" name="submit" value="yes" class="button primary">{tr(lang, "action.upload_and_submit")}</button>
                <button type="submit" class="button">{tr(lang, "action.save_concept")}</button>
            </div>
        </PostForm>
    }
}

/// Typing the plan in the app instead, versioned the same way.
#[component]
fn TypeForm(kind: PlanKind, text: String) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new(format!("write_plan:{}", kind.code()));
    let id = format!("tekst-{}", kind.code());
    let invalid = form.field_error("text").is_some();
    let value = crate::form::textarea_text(&form.value("text", text));
    let refused = form.was_refused();
    view! {
        <details open=refused>
            <summary>{tr(lang, "plan.type_instead")}</summary>
            <PostForm form=form.clone()>
                <div class="field" class:field-invalid=invalid>
                    <label for=id.clone()>{tr(lang, "field.plan_text")}</label>
                    <FieldMessage form=form.clone() field="text" id=id.clone() />
                    <textarea id=id.clone() name="text" rows="12" aria-invalid=form.invalid("text")
                        aria-describedby=form.described_by("text", &id, false)>{value}</textarea>
                </div>
                <div class="button-row">
                    <button type="submit" name="submit" value="yes" class="button primary">{tr(lang, "action.save_and_submit")}</button>
                    <button type="submit" class="button">{tr(lang, "action.save_concept")}</button>
                </div>
            </PostForm>
        </details>
    }
}

/// `/plannen/:id`: one plan for its reviewers, with the decision form when it waits.
#[component]
pub fn PlanReviewPage() -> impl IntoView {
    let lang = use_lang();
    let plan_id = crate::components::page::path_id();
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match super::load_plan_for_review(plan_id).await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(PlanReview { plan, can_decide, can_reopen }) => {
                        // What waits is the version handed in last; a newer draft is not for review yet.
                        let latest = plan.versions.iter().find(|v| v.submitted_at.is_some()).map(|v| (v.id, v.number));
                        view! {
                            <PageTitle text=plan_title(lang, &plan) />
                            <p><a href="/beoordelen">{tr(lang, "action.back_to_queue")}</a></p>
                            <p><strong>{status_text(lang, plan.status)}</strong></p>
                            {latest.filter(|_| can_decide).map(|(version_id, number)| view! {
                                <DecisionForm plan_id version_id number />
                            })}
                            {can_reopen.then(|| view! { <ReopenForm plan_id /> })}
                            <Versions versions=plan.versions under_page_title=true />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn DecisionForm(plan_id: i64, version_id: i64, number: i64) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("decide_plan");
    let choices = [PlanDecision::Approved, PlanDecision::Revision]
        .into_iter()
        .filter_map(|d| d.choice_key().map(|key| (d.code().to_owned(), tr(lang, key), None)))
        .collect();
    let invalid = form.field_error("file").is_some();
    view! {
        <h2>{tr(lang, "plan.decide_title").replace("{number}", &number.to_string())}</h2>
        <PostForm form=form.clone() multipart=true>
            <input type="hidden" name="plan_id" value=plan_id.to_string() />
            <input type="hidden" name="version_id" value=version_id.to_string() />
            <RadioGroup name="decision" legend=tr(lang, "field.plan_decision") form=form.clone() choices />
            <TextArea id="comment" label=tr(lang, "field.plan_feedback") form=form.clone() rows=6
                help=tr(lang, "help.plan_feedback") />
            <div class="field" class:field-invalid=invalid>
                <label for="file">{tr(lang, "field.feedback_file")}</label>
                <FieldMessage form=form.clone() field="file" />
                <input type="file" id="file" name="file" accept=ACCEPTED aria-invalid=form.invalid("file")
                    aria-describedby=form.described_by("file", "file", false) />
            </div>
            <button type="submit" class="button primary">{tr(lang, "action.save_decision")}</button>
        </PostForm>
    }
}

#[component]
fn ReopenForm(plan_id: i64) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("reopen_plan");
    view! {
        <h2>{tr(lang, "plan.reopen_title")}</h2>
        <PostForm form=form.clone()>
            <input type="hidden" name="plan_id" value=plan_id.to_string() />
            <TextArea id="reason" label=tr(lang, "field.reopen_reason") form=form.clone() required=true />
            <button type="submit" class="button">{tr(lang, "action.reopen_plan")}</button>
        </PostForm>
    }
}
