//! Programme pages: a cohort's programme, its groups, a new session, and the
//! attendance form of one session (built for a phone in the training room).
use leptos::prelude::*;

use super::{AttendanceSheet, CohortProgramme, SessionSummary};
use crate::{
    components::{
        format::{date, hours},
        page::{KeysetPager, Loaded, Loading, PageError, PageTitle},
    },
    domain::{AttendanceStatus, SessionKind, SessionStatus},
    form::{FieldMessage, FormState, PostForm, RadioGroup, SelectField, TextField},
    i18n::{tr, tr_count, use_lang, Lang},
};

/// "Les: Introductie" · "di 3-11-2026, 13:30–16:00 (2,5 uur)".
fn when(lang: Lang, s: &SessionSummary) -> String {
    format!(
        "{}, {}–{} ({})",
        date(s.held_on),
        s.starts_at,
        s.ends_at,
        tr(lang, "label.hours_value").replace("{hours}", &hours(lang, s.minutes / 15))
    )
}

/// One session in a list: what, when, where, with whom, and how far attendance is recorded.
#[component]
fn SessionCard(session: SessionSummary, held: bool) -> impl IntoView {
    let lang = use_lang();
    let s = session;
    let cancelled = s.status == SessionStatus::Cancelled;
    let place = match (&s.place, &s.online_url) {
        (Some(place), _) => place.clone(),
        (None, Some(_)) => tr(lang, "label.online"),
        (None, None) => String::new(),
    };
    let who = match (s.kind, &s.group_name, s.capacity) {
        (SessionKind::Intervision, Some(group), _) => Some(group.clone()),
        (SessionKind::Training, _, Some(capacity)) => {
            Some(tr(lang, "page.programme.chosen").replace("{count}", &s.expected.to_string()).replace("{capacity}", &capacity.to_string()))
        }
        _ => None,
    };
    let recorded = (held && !cancelled).then(|| {
        tr(lang, "page.programme.recorded").replace("{recorded}", &s.recorded.to_string()).replace("{expected}", &s.expected.to_string())
    });
    view! {
        <li class="card" id=format!("sessie-{}", s.id)>
            <h3 class="card-title">
                <a href=format!("/bijeenkomsten/{}", s.id)>{format!("{}: {}", tr(lang, s.kind.label_key()), s.title)}</a>
            </h3>
            {cancelled.then(|| view! { <p><strong>{tr(lang, "session.status.geannuleerd")}</strong></p> })}
            <p>{when(lang, &s)}</p>
            <p class="muted break">{place}{(!s.trainers.is_empty()).then(|| format!(" · {}", s.trainers.join(", ")))}</p>
            {who.map(|w| view! { <p class="muted">{w}</p> })}
            {recorded.map(|r| view! { <p>{r}</p> })}
        </li>
    }
}

/// A cohort's programme: upcoming sessions first, then the ones held; the intervision groups.
#[component]
pub fn ProgrammePage() -> impl IntoView {
    let cohort_id = crate::components::page::path_id();
    let (upcoming, held) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        let page = |key: &str| q.get(key).and_then(|v| v.parse::<i64>().ok());
        (page("komend"), page("gehouden"))
    });
    view! {
        <Loaded load=super::load_cohort_programme(cohort_id, upcoming, held) view=move |programme| view! { <Programme programme /> } />
    }
}

/// "Pagina 2 van 9" with the way back and on, for one list of sessions (`key`: its query field).
#[component]
fn ListPager(cohort_id: i64, list: super::SessionList, key: &'static str, anchor: &'static str) -> impl IntoView {
    let lang = use_lang();
    let pages = list.pages();
    (pages > 1).then(|| {
        let link = move |page: i64| format!("/cohorten/{cohort_id}/programma?{key}={page}#{anchor}");
        view! {
            <nav class="pager" aria-label=format!("{}: {}", tr(lang, "label.pages"), tr(lang, if key == "komend" { "page.programme.upcoming" } else { "page.programme.held" }))>
                {(list.page > 1).then(|| view! { <a href=link(list.page - 1)>{tr(lang, "action.previous")}</a> })}
                <span>{tr(lang, "label.page_of").replace("{page}", &list.page.to_string()).replace("{pages}", &pages.to_string())}</span>
                {(list.page < pages).then(|| view! { <a href=link(list.page + 1)>{tr(lang, "action.next")}</a> })}
            </nav>
        }
    })
}

#[component]
fn Programme(programme: CohortProgramme) -> impl IntoView {
    let lang = use_lang();
    let p = programme;
    let (upcoming, held) = (p.upcoming.clone(), p.held.clone());
    let nothing_upcoming = upcoming.total == 0;
    view! {
        <PageTitle text=tr(lang, "page.programme.title").replace("{cohort}", &p.cohort_name) />
        <p><a href=format!("/cohorten/{}", p.cohort_id)>{tr(lang, "action.back_to_cohort")}</a></p>
        <p><a class="button primary" href=format!("/cohorten/{}/programma/nieuw", p.cohort_id)>{tr(lang, "action.add_session")}</a></p>
        <p class="downloads">
            {tr(lang, "label.downloads")}": "
            <a href=format!("/cohorten/{}/aanwezigheid.csv", p.cohort_id) download>{tr(lang, "action.download_attendance")}</a>" · "
            <a href=format!("/cohorten/{}/uren.csv", p.cohort_id) download>{tr(lang, "action.download_hours")}</a>
        </p>
        <h2 id="komend">{tr(lang, "page.programme.upcoming")}</h2>
        {nothing_upcoming.then(|| view! { <p>{tr(lang, "page.programme.none_upcoming")}</p> })}
        <ul class="card-list">
            {upcoming.sessions.clone().into_iter().map(|session| view! { <SessionCard session held=false /> }).collect_view()}
        </ul>
        <ListPager cohort_id=p.cohort_id list=upcoming key="komend" anchor="komend" />
        {(held.total > 0).then(|| view! {
            <h2 id="gehouden">{tr(lang, "page.programme.held")}</h2>
            <ul class="card-list">
                {held.sessions.clone().into_iter().map(|session| view! { <SessionCard session held=true /> }).collect_view()}
            </ul>
            <ListPager cohort_id=p.cohort_id list=held.clone() key="gehouden" anchor="gehouden" />
        })}
        <GroupsSummary cohort_id=p.cohort_id group_count=p.group_count ungrouped_count=p.ungrouped_count />
    }
}

/// How far the cohort is divided into groups, with the way to its groups page.
#[component]
fn GroupsSummary(cohort_id: i64, group_count: i64, ungrouped_count: i64) -> impl IntoView {
    let lang = use_lang();
    let state = if group_count == 0 {
        tr(lang, "page.programme.no_groups")
    } else {
        let people = match ungrouped_count {
            0 => tr(lang, "page.programme.all_grouped"),
            n => tr_count(lang, "page.programme.ungrouped_count", n),
        };
        format!("{} {}", tr_count(lang, "page.programme.group_count", group_count), people)
    };
    view! {
        <h2 id="groepen">{tr(lang, "page.programme.groups")}</h2>
        <p>{state}</p>
        <p><a class="button" href=format!("/cohorten/{cohort_id}/groepen")>{tr(lang, "action.groups")}</a></p>
    }
}

/// A cohort's intervision groups: the forms to add a group and place people first, then the groups.
#[component]
pub fn GroupsPage() -> impl IntoView {
    let cohort_id = crate::components::page::path_id();
    view! {
        <Loaded load=super::load_cohort_groups(cohort_id) view=move |groups| view! { <Groups groups /> } />
    }
}

#[component]
fn Groups(groups: super::CohortGroups) -> impl IntoView {
    let lang = use_lang();
    let super::CohortGroups { cohort_id, cohort_name, groups, ungrouped } = groups;
    let add = FormState::new("add_group");
    let place = FormState::new("place_in_group");
    // Everyone can be placed: those without a group first, then group members (to move them).
    let people: Vec<(String, String, bool)> = ungrouped
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone(), false))
        .chain(groups.iter().flat_map(|g| g.members.iter().map(move |m| (m.id.to_string(), format!("{} ({})", m.name, g.name), false))))
        .collect();
    let group_options: Vec<(String, String, bool)> = groups.iter().map(|g| (g.id.to_string(), g.name.clone(), false)).collect();
    view! {
        <PageTitle text=tr(lang, "page.groups.title").replace("{cohort}", &cohort_name) />
        <p><a href=format!("/cohorten/{cohort_id}/programma")>{tr(lang, "action.back_to_programme")}</a></p>
        <p class="help">{tr(lang, "page.programme.groups_help")}</p>
        {(!ungrouped.is_empty()).then(|| view! {
            <p>{format!("{}: {}", tr(lang, "page.programme.ungrouped"), ungrouped.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "))}</p>
        })}
        {(!group_options.is_empty() && !people.is_empty()).then(|| view! {
            <h2>{tr(lang, "page.programme.place_title")}</h2>
            <PostForm form=place.clone()>
                <input type="hidden" name="cohort_id" value=cohort_id.to_string() />
                <SelectField id="participant_id" label=tr(lang, "field.participant") form=place.clone() options=people.clone()
                    placeholder=tr(lang, "label.choose") />
                <SelectField id="group_id" label=tr(lang, "field.group") form=place.clone() options=group_options.clone()
                    placeholder=tr(lang, "label.choose") />
                <button type="submit" class="button">{tr(lang, "action.place_in_group")}</button>
            </PostForm>
        })}
        <h2>{tr(lang, "page.programme.add_group_title")}</h2>
        <PostForm form=add.clone()>
            <input type="hidden" name="cohort_id" value=cohort_id.to_string() />
            <TextField id="group_name" label=tr(lang, "field.group_name") form=add.clone() required=true />
            <button type="submit" class="button">{tr(lang, "action.add_group")}</button>
        </PostForm>
        <h2>{tr(lang, "page.programme.groups")}</h2>
        {groups.is_empty().then(|| view! { <p>{tr(lang, "page.programme.no_groups")}</p> })}
        <ul class="card-list">
            {groups.into_iter().map(|g| view! {
                <li class="card" id=format!("groep-{}", g.id)>
                    <h3 class="card-title">{g.name.clone()}</h3>
                    {if g.members.is_empty() {
                        view! { <p class="muted">{tr(lang, "page.programme.group_empty")}</p> }.into_any()
                    } else {
                        view! { <ul>{g.members.into_iter().map(|m| view! { <li>{m.name}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The form for a new session of a cohort.
#[component]
pub fn NewSessionPage() -> impl IntoView {
    let lang = use_lang();
    let cohort_id = crate::components::page::path_id();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.new_session.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    let p = match super::load_session_choices(cohort_id).await {
                        Ok(p) => p,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    let form = FormState::new("add_session");
                    let kinds = SessionKind::ALL.iter().map(|k| {
                        (k.code().to_owned(), tr(lang, k.label_key()), Some(tr(lang, k.help_key())))
                    }).collect();
                    let (min, max) = (p.starts_on.to_string(), p.ends_on.to_string());
                    view! {
                        <p>{format!("{} · {} – {}", p.cohort_name, date(p.starts_on), date(p.ends_on))}</p>
                        <PostForm form=form.clone()>
                            <input type="hidden" name="cohort_id" value=p.cohort_id.to_string() />
                            <RadioGroup name="kind" legend=tr(lang, "field.session_kind") form=form.clone() choices=kinds initial="les" />
                            <SessionFields cohort_id=p.cohort_id form=form.clone() initial=SessionInitial::default() kind=None groups=p.groups
                                trainers=p.trainers min=min max=max />
                            <div class="button-row">
                                <button type="submit" class="button primary">{tr(lang, "action.add_session")}</button>
                                <a class="button link" href=format!("/cohorten/{}/programma", p.cohort_id)>{tr(lang, "action.cancel")}</a>
                            </div>
                        </PostForm>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// What a session form starts with: empty for a new session, the stored values when editing.
#[derive(Default)]
struct SessionInitial {
    title: String,
    held_on: String,
    starts_at: String,
    ends_at: String,
    place: String,
    online_url: String,
    capacity: String,
    group_id: Option<i64>,
    trainer_ids: Vec<i64>,
}

/// The fields of a session, shared by the new and the edit form. `kind`: fixed when editing,
/// so only its own fields show (capacity for a training, the group for intervision).
#[component]
fn SessionFields(
    cohort_id: i64,
    form: FormState,
    initial: SessionInitial,
    kind: Option<SessionKind>,
    groups: Vec<super::Person>,
    trainers: Vec<super::Person>,
    min: String,
    max: String,
) -> impl IntoView {
    let lang = use_lang();
    let show_capacity = kind.is_none_or(|k| k == SessionKind::Training);
    let show_group = kind.is_none_or(|k| k == SessionKind::Intervision);
    let group_options: Vec<(String, String, bool)> =
        groups.iter().map(|g| (g.id.to_string(), g.name.clone(), initial.group_id == Some(g.id))).collect();
    let i = initial;
    view! {
        <TextField id="title" label=tr(lang, "field.title") form=form.clone() required=true value=i.title />
        <TextField id="held_on" label=tr(lang, "field.held_on") form=form.clone() kind="date" required=true min=min max=max value=i.held_on />
        <div class="field-row">
            <TextField id="starts_at" label=tr(lang, "field.starts_at") form=form.clone() kind="time" required=true class="short" value=i.starts_at />
            <TextField id="ends_at" label=tr(lang, "field.ends_at") form=form.clone() kind="time" required=true class="short" value=i.ends_at />
        </div>
        <TextField id="place" label=tr(lang, "field.session_place") form=form.clone() help=tr(lang, "help.session_place") value=i.place />
        <TextField id="online_url" label=tr(lang, "field.online_url") form=form.clone() kind="url" value=i.online_url />
        {show_capacity.then(|| view! {
            <TextField id="capacity" label=tr(lang, "field.capacity") form=form.clone() inputmode="numeric" class="short"
                help=tr(lang, "help.capacity") value=i.capacity />
        })}
        {show_group.then(|| if group_options.is_empty() {
            view! {
                <p class="help">{tr(lang, "help.no_groups_yet")}" "<a href=format!("/cohorten/{cohort_id}/groepen")>{tr(lang, "action.groups")}</a></p>
            }.into_any()
        } else {
            view! {
                <SelectField id="group_id" label=tr(lang, "field.group") form=form.clone() options=group_options
                    help=tr(lang, "help.session_group") placeholder=tr(lang, "label.choose") />
            }.into_any()
        })}
        <TrainerChoice form=form.clone() trainers chosen=i.trainer_ids />
    }
}

/// The form to change a planned session: its kind stays, everything else can change.
#[component]
pub fn EditSessionPage() -> impl IntoView {
    let lang = use_lang();
    let session_id = crate::components::page::path_id();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.edit_session.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    let e = match super::load_session_editor(session_id).await {
                        Ok(e) => e,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    let back = format!("/bijeenkomsten/{}", e.id);
                    if e.status != SessionStatus::Planned {
                        return view! {
                            <p>{tr(lang, "err.session.edit_cancelled")}</p>
                            <p><a href=back>{tr(lang, "action.back_to_session")}</a></p>
                        }.into_any();
                    }
                    let form = FormState::new("edit_session");
                    let initial = SessionInitial {
                        title: e.title.clone(),
                        held_on: e.held_on.to_string(),
                        starts_at: e.starts_at.clone(),
                        ends_at: e.ends_at.clone(),
                        place: e.place.clone().unwrap_or_default(),
                        online_url: e.online_url.clone().unwrap_or_default(),
                        capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
                        group_id: e.group_id,
                        trainer_ids: e.trainer_ids.clone(),
                    };
                    let chosen = (e.kind == SessionKind::Training && e.chosen > 0)
                        .then(|| tr_count(lang, "page.edit_session.chosen", e.chosen as i64));
                    view! {
                        <p>{format!("{}: {} · {}", tr(lang, e.kind.label_key()), e.title, e.cohort_name)}</p>
                        {chosen.map(|c| view! { <p class="help">{c}</p> })}
                        <PostForm form=form.clone()>
                            <input type="hidden" name="session_id" value=e.id.to_string() />
                            <SessionFields cohort_id=e.cohort_id form=form.clone() initial kind=Some(e.kind) groups=e.groups trainers=e.trainers
                                min=e.starts_on.to_string() max=e.ends_on.to_string() />
                            <div class="button-row">
                                <button type="submit" class="button primary">{tr(lang, "action.save_session")}</button>
                                <a class="button link" href=back>{tr(lang, "action.cancel")}</a>
                            </div>
                        </PostForm>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TrainerChoice(form: FormState, trainers: Vec<super::Person>, chosen: Vec<i64>) -> impl IntoView {
    let lang = use_lang();
    (!trainers.is_empty()).then(|| {
        view! {
            <fieldset class="field" id="trainer_ids">
                <legend>{tr(lang, "field.session_trainers")}</legend>
                <FieldMessage form=form.clone() field="trainer_ids" />
                {trainers.into_iter().map(|t| {
                    let id = format!("trainer-{}", t.id);
                    let value = t.id.to_string();
                    let checked = form.checked("trainer_ids", &value, chosen.contains(&t.id));
                    view! {
                        <div class="choice">
                            <input type="checkbox" name="trainer_ids" id=id.clone() value=value checked=checked />
                            <label for=id>{t.name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
    })
}

/// One session and its attendance form.
#[component]
pub fn AttendancePage() -> impl IntoView {
    let session_id = crate::components::page::path_id();
    let after = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("na").and_then(|v| v.parse::<i64>().ok()));
    view! {
        <Loaded load=super::load_attendance_sheet(session_id, after) view=move |sheet| view! { <Attendance sheet /> } />
    }
}

/// A large session's people come a page at a time: where this page is, and the way on.
#[component]
fn SheetPager(sheet: AttendanceSheet) -> impl IntoView {
    let lang = use_lang();
    let id = sheet.session.id;
    (sheet.paged || sheet.next_after.is_some()).then(|| view! {
        <p>{tr(lang, "page.attendance.paged").replace("{count}", &sheet.session.expected.to_string())
            .replace("{per_page}", &super::SHEET_ROWS_PER_PAGE.to_string())}</p>
        <KeysetPager base=format!("/bijeenkomsten/{id}?") paged=sheet.paged next_after=sheet.next_after />
    })
}

#[component]
fn Attendance(sheet: AttendanceSheet) -> impl IntoView {
    let lang = use_lang();
    let s = &sheet.session;
    let title = format!("{}: {}", tr(lang, s.kind.label_key()), s.title);
    let can_record = s.held_on <= sheet.today && s.status == SessionStatus::Planned;
    let place = s.place.clone().or_else(|| s.online_url.clone()).unwrap_or_default();
    let back = format!("/cohorten/{}/programma#sessie-{}", sheet.cohort_id, s.id);
    view! {
        <PageTitle text=title />
        <p>{when(lang, s)}</p>
        <p class="muted break">{place}{(!s.trainers.is_empty()).then(|| format!(" · {}", s.trainers.join(", ")))}</p>
        <p><a href=back>{tr(lang, "action.back_to_programme")}</a></p>
        {(s.status == SessionStatus::Planned).then(|| view! {
            <p><a class="button" href=format!("/bijeenkomsten/{}/wijzigen", s.id)>{tr(lang, "action.edit_session")}</a></p>
        })}
        <p><a href=format!("/bijeenkomsten/{}/aanwezigheid.csv", s.id) download>{tr(lang, "action.download_session_attendance")}</a></p>
        <h2>{tr(lang, "page.attendance.title")}</h2>
        {if sheet.rows.is_empty() {
            view! { <p>{tr(lang, "page.attendance.nobody")}</p> }.into_any()
        } else if !can_record {
            // Who is expected, to prepare; recording opens on the day itself.
            view! {
                <p>{tr(lang, if s.status == SessionStatus::Cancelled { "page.attendance.cancelled" } else { "page.attendance.not_yet" })}</p>
                <h3>{tr(lang, "page.attendance.expected").replace("{count}", &sheet.session.expected.to_string())}</h3>
                <ul>{sheet.rows.iter().map(|r| view! { <li>{r.name.clone()}</li> }).collect_view()}</ul>
                <SheetPager sheet=sheet.clone() />
            }.into_any()
        } else {
            view! { <AttendanceForm sheet=sheet.clone() /> }.into_any()
        }}
        {(s.status == SessionStatus::Planned).then(|| view! { <CancelSession session_id=s.id /> })}
    }
}

/// Calling a session off: a deliberate second choice (a box to tick), works without JavaScript.
#[component]
fn CancelSession(session_id: i64) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("cancel_session");
    let invalid = form.field_error("confirm").is_some();
    view! {
        <h2>{tr(lang, "page.attendance.cancel_title")}</h2>
        <PostForm form=form.clone()>
            <input type="hidden" name="session_id" value=session_id.to_string() />
            <p class="help">{tr(lang, "help.cancel_session")}</p>
            <div class="field choice" class:field-invalid=invalid>
                <FieldMessage form=form.clone() field="confirm" />
                <input type="checkbox" id="confirm" name="confirm" value="yes" aria-invalid=form.invalid("confirm")
                    aria-describedby=form.described_by("confirm", "confirm", false) />
                <label for="confirm">{tr(lang, "field.confirm_cancel")}</label>
            </div>
            <button type="submit" class="button danger">{tr(lang, "action.cancel_session")}</button>
        </PostForm>
    }
}

/// Per participant the four statuses and a remark. "Iedereen aanwezig" first: one tap
/// for a full room, then the exceptions.
#[component]
fn AttendanceForm(sheet: AttendanceSheet) -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("record_attendance");
    let (recorded, expected) = (sheet.session.recorded, sheet.session.expected);
    let pager = sheet.clone();
    view! {
        <p class="muted">{tr(lang, "page.attendance.progress").replace("{recorded}", &recorded.to_string()).replace("{expected}", &expected.to_string())}</p>
        <SheetPager sheet=pager />
        <PostForm form=form.clone() class="attendance">
            <input type="hidden" name="session_id" value=sheet.session.id.to_string() />
            {sheet.next_after.map(|after| view! { <input type="hidden" name="next_after" value=after.to_string() /> })}
            <FieldMessage form=form.clone() field="attendance" />
            <div class="button-row">
                <button type="submit" name="all_present" value="yes" class="button primary">{tr(lang, "action.all_present")}</button>
            </div>
            <p class="help">{tr(lang, "help.all_present")}</p>
            <ul class="card-list">
                {sheet.rows.into_iter().map(|row| {
                    let pid = row.participant_id;
                    let field = format!("status_{pid}");
                    let remark_field = format!("remark_{pid}");
                    let credited_field = format!("credited_{pid}");
                    let credited_error = form.field_error(&credited_field);
                    let credited_value = form.value(&credited_field, row.credited_quarters.map(|q| hours(lang, q)).unwrap_or_default());
                    let current = row.status.map(|s| s.code());
                    let invalid = form.field_error(&field).is_some();
                    view! {
                        <li class="card">
                            <input type="hidden" name="participant" value=pid.to_string() />
                            <fieldset class="field attendance-row" class:field-invalid=invalid id=field.clone()>
                                <legend>{row.name.clone()}</legend>
                                <div class="choices-inline">
                                    {AttendanceStatus::ALL.iter().map(|status| {
                                        let id = format!("{field}-{}", status.code());
                                        let checked = form.checked(&field, status.code(), current == Some(status.code()));
                                        view! {
                                            <div class="choice">
                                                <input type="radio" name=field.clone() id=id.clone() value=status.code() checked=checked />
                                                <label for=id>{tr(lang, status.label_key())}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                                <label for=remark_field.clone()>
                                    {tr(lang, "field.attendance_remark")}
                                    <span class="visually-hidden">{format!(": {}", row.name)}</span>
                                </label>
                                <input type="text" id=remark_field.clone() name=remark_field.clone() autocomplete="off"
                                    value=form.value(&remark_field, row.remark.clone().unwrap_or_default()) />
                                <label for=credited_field.clone()>
                                    {tr(lang, "field.credited")}
                                    <span class="visually-hidden">{format!(": {}", row.name)}</span>
                                </label>
                                {credited_error.map(|key| view! { <p class="field-error" id=format!("{credited_field}-error")>{tr(lang, &key)}</p> })}
                                <input type="text" inputmode="decimal" class="short" id=credited_field.clone() name=credited_field.clone()
                                    autocomplete="off" value=credited_value
                                    aria-invalid=form.invalid(&credited_field)
                                    aria-describedby=form.described_by(&credited_field, &credited_field, false) />
                            </fieldset>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="button-row">
                <button type="submit" class="button primary">{tr(lang, "action.save_attendance")}</button>
            </div>
        </PostForm>
    }
}
