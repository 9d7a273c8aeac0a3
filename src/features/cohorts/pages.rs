use leptos::prelude::*;

use super::{CohortSummary, ParticipantRow, Requirements};
use crate::{
    components::format::hours,
    components::{
        format::date,
        page::{keyset_after, KeysetPager, Loaded, Loading, PageError, PageTitle},
    },
    form::{FormState, PostForm, SelectField, TextField},
    i18n::{tr, tr_count, use_lang, Lang},
};

#[component]
pub fn CohortsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageTitle text=tr(lang, "page.cohorts.title") />
        <VisibleCohorts />
    }
}

/// The cohorts the reader may see: all for coordinators, their own for trainers.
#[component]
pub fn VisibleCohorts() -> impl IntoView {
    view! {
        <Loaded load=super::list_cohorts() view=move |list| view! { <CohortList cohorts=list /> } />
    }
}

#[component]
pub fn CohortList(cohorts: Vec<CohortSummary>) -> impl IntoView {
    let lang = use_lang();
    if cohorts.is_empty() {
        return view! { <p>{tr(lang, "page.cohorts.none")}</p> }.into_any();
    }
    view! {
        <ul class="card-list">
            {cohorts.into_iter().map(|c| view! {
                <li class="card">
                    <h2><a href=format!("/cohorten/{}", c.id)>{c.name.clone()}</a></h2>
                    <p>{format!("{} – {}", date(c.starts_on), date(c.ends_on))}</p>
                    <p>{tr(lang, "label.cohort_counts")
                        .replace("{participants}", &c.participant_count.to_string())
                        .replace("{pending}", &c.pending_count.to_string())}</p>
                    <p><a href=format!("/cohorten/{}/programma", c.id)>{tr(lang, "action.programme")}</a></p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn NewCohortPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.new_cohort.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    if let Err(e) = super::may_manage_cohorts().await {
                        return view! { <PageError error=e /> }.into_any();
                    }
                    let form = FormState::new("create_cohort");
                    view! {
                        <PostForm form=form.clone()>
                            <TextField id="name" label=tr(lang, "field.cohort_name") form=form.clone() required=true />
                            <TextField id="starts_on" label=tr(lang, "field.starts_on") form=form.clone() kind="date" required=true />
                            <TextField id="ends_on" label=tr(lang, "field.ends_on") form=form.clone() kind="date" required=true />
                            <fieldset>
                                <legend>{tr(lang, "label.requirements")}</legend>
                                <TextField id="learning_hours" label=tr(lang, "field.learning_hours") form=form.clone() value="60"
                                    inputmode="numeric" class="short" help=tr(lang, "help.requirement_hours") />
                                <TextField id="practice_hours" label=tr(lang, "field.practice_hours") form=form.clone() value="60"
                                    inputmode="numeric" class="short" help=tr(lang, "help.requirement_hours") />
                                <TextField id="lesson_attendance_percent" label=tr(lang, "field.lesson_attendance") form=form.clone() value="80"
                                    inputmode="numeric" class="short" help=tr(lang, "help.attendance_percent") />
                                <TextField id="intervision_attendance_percent" label=tr(lang, "field.intervision_attendance") form=form.clone() value="80"
                                    inputmode="numeric" class="short" help=tr(lang, "help.attendance_percent") />
                            </fieldset>
                            <button type="submit" class="button primary">{tr(lang, "action.create_cohort")}</button>
                        </PostForm>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// Coordinator: change what a running cohort requires and how its programme counts.
#[component]
pub fn EditCohortRulesPage() -> impl IntoView {
    let lang = use_lang();
    let cohort_id = crate::components::page::path_id();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.cohort_rules.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    let rules = match super::load_cohort_rules(cohort_id).await {
                        Ok(rules) => rules,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    let form = FormState::new("update_cohort_rules");
                    let r = rules.requirements.clone();
                    let checkbox = |id: &'static str, label: String, on: bool| {
                        let checked = form.checked(id, "yes", on);
                        view! {
                            <div class="field choice">
                                <input type="checkbox" id=id name=id value="yes" checked=checked />
                                <label for=id>{label}</label>
                            </div>
                        }
                    };
                    let earns = checkbox("intervision_earns_hours", tr(lang, "field.intervision_earns_hours"), rules.intervision_earns_hours);
                    let excused = checkbox("excused_counts_as_absent", tr(lang, "field.excused_counts_as_absent"), rules.excused_counts_as_absent);
                    let confirmed = checkbox("practice_needs_confirmation", tr(lang, "field.practice_needs_confirmation"), rules.practice_needs_confirmation);
                    view! {
                        <p>{rules.name.clone()}</p>
                        <p class="help">{tr(lang, "page.cohort_rules.intro")}</p>
                        <PostForm form=form.clone()>
                            <input type="hidden" name="cohort_id" value=rules.cohort_id.to_string() />
                            <TextField id="learning_hours" label=tr(lang, "field.learning_hours") form=form.clone()
                                value=(r.learning_quarters / 4).to_string() inputmode="numeric" class="short" help=tr(lang, "help.requirement_hours") />
                            <TextField id="practice_hours" label=tr(lang, "field.practice_hours") form=form.clone()
                                value=(r.practice_quarters / 4).to_string() inputmode="numeric" class="short" help=tr(lang, "help.requirement_hours") />
                            <TextField id="lesson_attendance_percent" label=tr(lang, "field.lesson_attendance") form=form.clone()
                                value=r.lesson_attendance_percent.to_string() inputmode="numeric" class="short" help=tr(lang, "help.attendance_percent") />
                            <TextField id="intervision_attendance_percent" label=tr(lang, "field.intervision_attendance") form=form.clone()
                                value=r.intervision_attendance_percent.to_string() inputmode="numeric" class="short" help=tr(lang, "help.attendance_percent") />
                            <TextField id="trainings_required" label=tr(lang, "field.trainings_required") form=form.clone()
                                value=rules.trainings_required.to_string() inputmode="numeric" class="short" />
                            {earns}
                            {excused}
                            {confirmed}
                            <div class="button-row">
                                <button type="submit" class="button primary">{tr(lang, "action.save_rules")}</button>
                                <a class="button link" href=format!("/cohorten/{}", rules.cohort_id)>{tr(lang, "action.cancel")}</a>
                            </div>
                        </PostForm>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn CohortPage() -> impl IntoView {
    let lang = use_lang();
    let cohort_id = crate::components::page::path_id();
    let after = leptos_router::hooks::use_query_map().with_untracked(|q| keyset_after(q.get("na")));
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match super::load_cohort_overview(cohort_id, after).await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(c) => {
                        let form = FormState::new("assign_trainer");
                        view! {
                            <PageTitle text=c.name.clone() />
                            <p>{format!("{} – {}", date(c.starts_on), date(c.ends_on))}</p>
                            <RequirementsList requirements=c.requirements.clone() />
                            <p class="button-row">
                                <a class="button" href=format!("/cohorten/{}/programma", c.id)>{tr(lang, "action.programme")}</a>
                                <a class="button" href=format!("/cohorten/{}/eindgesprekken", c.id)>{tr(lang, "action.interviews")}</a>
                                {c.can_manage.then(|| view! {
                                    <a class="button" href=format!("/cohorten/{}/eisen", c.id)>{tr(lang, "action.edit_rules")}</a>
                                    <a class="button" href=format!("/cohorten/{}/aanmeldingen", c.id)>{tr(lang, "action.to_applications")}</a>
                                })}
                            </p>
                            <h2 id="deelnemers">{tr(lang, "label.participants")}</h2>
                            {(c.participant_count > super::PARTICIPANTS_PER_PAGE).then(|| view! {
                                <p>{tr(lang, "label.participants_paged").replace("{count}", &c.participant_count.to_string())
                                    .replace("{per_page}", &super::PARTICIPANTS_PER_PAGE.to_string())}</p>
                            })}
                            <CohortTable cohort_name=c.name.clone() rows=c.participants.clone() requirements=c.requirements.clone() />
                            <p class="downloads">
                                {tr(lang, "label.downloads")}": "
                                <a href=format!("/cohorten/{}/leerplekken.csv", c.id) download>{tr(lang, "action.download_placements")}</a>
                            </p>
                            <KeysetPager base=format!("/cohorten/{}?", c.id) paged=c.paged next_after=c.next_after fragment="#deelnemers" />
                            {c.can_manage.then(|| view! {
                                <p><a class="button" href=format!("/uitnodigen?cohort={}", c.id)>{tr(lang, "action.invite_to_cohort")}</a></p>
                            })}
                            {(!c.away.is_empty()).then(|| view! {
                                <h2>{tr(lang, "label.away")}</h2>
                                <ul>
                                    {c.away.iter().map(|p| {
                                        let what = format!("{} {}", tr(lang, p.left_as.label_key()), crate::components::format::date(p.since));
                                        let now_in = p.now_in.as_ref().map(|cohort| tr(lang, "label.now_in").replace("{cohort}", cohort));
                                        view! {
                                            <li>
                                                {if now_in.is_none() {
                                                    view! { <a href=format!("/deelnemers/{}", p.id)>{p.name.clone()}</a> }.into_any()
                                                } else {
                                                    view! { <span>{p.name.clone()}</span> }.into_any()
                                                }}
                                                " · "{what}{now_in.map(|t| format!(" · {t}"))}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            })}
                            <h2>{tr(lang, "label.trainers")}</h2>
                            <ul>
                                {c.trainers.iter().map(|t| view! {
                                    <li>{t.name.clone()} {t.organisation.map(|o| format!(" ({})", tr(lang, o.label_key())))}</li>
                                }).collect_view()}
                            </ul>
                            {(c.can_manage && !c.assignable_trainers.is_empty()).then(|| view! {
                                <PostForm form=form.clone()>
                                    <input type="hidden" name="cohort_id" value=c.id.to_string() />
                                    <SelectField id="trainer_id" label=tr(lang, "field.add_trainer") form=form.clone()
                                        options=c.assignable_trainers.iter().map(|t| (t.id.to_string(), t.name.clone(), false)).collect() />
                                    <button type="submit" class="button">{tr(lang, "action.assign_trainer")}</button>
                                </PostForm>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequirementsList(requirements: Requirements) -> impl IntoView {
    let lang = use_lang();
    view! {
        <dl class="requirements">
            <dt>{tr(lang, "field.learning_hours")}</dt><dd>{hours(lang, requirements.learning_quarters)}</dd>
            <dt>{tr(lang, "field.practice_hours")}</dt><dd>{hours(lang, requirements.practice_quarters)}</dd>
            <dt>{tr(lang, "field.lesson_attendance")}</dt><dd>{format!("{}%", requirements.lesson_attendance_percent)}</dd>
            <dt>{tr(lang, "field.intervision_attendance")}</dt><dd>{format!("{}%", requirements.intervision_attendance_percent)}</dd>
        </dl>
    }
}

/// Each participant's approved hours (entries and attended sessions), attendance and
/// waiting entries, linking to their record.
#[component]
pub fn CohortTable(cohort_name: String, rows: Vec<ParticipantRow>, requirements: Requirements) -> impl IntoView {
    let lang = use_lang();
    if rows.is_empty() {
        return view! { <p>{tr(lang, "page.cohort.no_participants")}</p> }.into_any();
    }
    view! {
        // On phones each row becomes a small card (see `.stacks` in the style sheet).
        <div class="table-wrap stacks" tabindex="0" role="region" aria-label=cohort_name.clone()>
            <table>
                <caption>{tr(lang, "label.cohort_table").replace("{cohort}", &cohort_name)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, "field.name")}</th>
                        <th scope="col">{tr(lang, "kind.leren")}</th>
                        <th scope="col">{tr(lang, "kind.praktijk")}</th>
                        <th scope="col">{tr(lang, "label.lessons_column")}</th>
                        <th scope="col">{tr(lang, "label.intervision_column")}</th>
                        <th scope="col">"POP"</th>
                        <th scope="col">"GOP"</th>
                        <th scope="col">{tr(lang, "label.pending")}</th>
                        <th scope="col">{tr(lang, "label.final_column")}</th>
                        <th scope="col">{tr(lang, "label.placement")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| participant_row(lang, r, &requirements)).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn participant_row(lang: Lang, r: ParticipantRow, req: &Requirements) -> impl IntoView {
    let of = |approved: i64, required: i64| format!("{} / {}", hours(lang, approved), hours(lang, required));
    let excused = r.standing.attendance.excused_counts_as_absent;
    // "85% / 80%"; a dash until something is recorded.
    let percent = |p: Option<i64>, required: i64| format!("{} / {required}%", p.map_or("–".to_owned(), |p| format!("{p}%")));
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/deelnemers/{}", r.id)>{r.name.clone()}</a>
                {(!r.activated).then(|| view! { <span class="badge badge-muted">{tr(lang, "label.not_activated")}</span> })}
            </th>
            <td data-label=tr(lang, "kind.leren")>{of(r.standing.totals.learning_total(), req.learning_quarters)}</td>
            <td data-label=tr(lang, "kind.praktijk")>{of(r.standing.totals.approved_practice, req.practice_quarters)}</td>
            <td data-label=tr(lang, "label.lessons_column")>{percent(r.standing.attendance.lessons.percent(excused), req.lesson_attendance_percent)}</td>
            <td data-label=tr(lang, "label.intervision_column")>{percent(r.standing.attendance.intervision.percent(excused), req.intervision_attendance_percent)}</td>
            <td data-label="POP">{plan_cell(lang, r.standing.plans.pop_id, r.standing.plans.pop, true)}</td>
            <td data-label="GOP">{plan_cell(lang, r.standing.plans.gop_id, r.standing.plans.gop, r.standing.plans.in_group)}</td>
            <td data-label=tr(lang, "label.pending")>{r.standing.pending_count}</td>
            <td data-label=tr(lang, "label.final_column")>{final_cell(lang, &r, req)}</td>
            <td data-label=tr(lang, "label.placement")>{r.placement.clone().unwrap_or_else(|| "–".to_owned())}</td>
        </tr>
    }
}

/// The final step in a table cell: the certificate, the interview, or whether the
/// participant meets the requirements for one (the eligibility rule).
fn final_cell(lang: Lang, r: &ParticipantRow, req: &Requirements) -> impl IntoView {
    use crate::features::requirements::{is_eligible, open_count, Figures};
    let f = &r.standing.final_step;
    if let Some(c) = &f.certificate {
        let key = if c.revoked { "certificate.state_revoked" } else { "certificate.state_valid" };
        return view! { <a href=c.download_path()>{tr(lang, key)}</a> }.into_any();
    }
    if let (Some(id), Some(status)) = (f.interview_id, f.interview_status) {
        return view! { <a href=format!("/eindgesprekken/{id}")>{tr(lang, status.label_key())}</a> }.into_any();
    }
    let figures = Figures::of(&r.standing, req);
    if is_eligible(&figures) {
        tr(lang, "interview.eligible").into_any()
    } else {
        tr_count(lang, "interview.not_eligible", open_count(&figures) as i64).into_any()
    }
}

/// A plan's status in a table cell ("Goedgekeurd", "Ingediend" …), a link to the plan once
/// there is one; "geen groep" for the GOP of someone without a group.
fn plan_cell(lang: Lang, id: Option<i64>, status: Option<crate::domain::PlanStatus>, applies: bool) -> impl IntoView {
    let text = if applies { crate::features::plans::status_text(lang, status) } else { tr(lang, "label.no_group") };
    match id {
        Some(id) => view! { <a href=format!("/plannen/{id}")>{text}</a> }.into_any(),
        None => text.into_any(),
    }
}
