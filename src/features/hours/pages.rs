use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{entry_form::EntryFields, entry_list::EntryList, EntriesPage as Page, EntryFilter};
use crate::{
    components::{
        format::{date, month_heading},
        page::{current_address, page_number, safe_back, Loaded, Loading, PageError, PageTitle, Pager},
    },
    domain::EntryStatus,
    features::enrolment::AwayNotice,
    form::{FormState, PostForm},
    i18n::{tr, use_lang},
};

/// Every entry of the participant, by month, filterable by status and paged.
#[component]
pub fn EntriesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let (filter, page) =
        query.with_untracked(|q| (EntryFilter::from_query(&q.get("status").unwrap_or_default()), page_number(q.get("pagina"))));
    let here = current_address();
    view! {
        <PageTitle text=tr(lang, "page.entries.title") />
        <FilterLinks current=filter />
        <Loaded load=super::my_entries(filter, page) view=move |p| view! { <MonthGroups page=p.clone() editable=true back=here /> <Pager page=p.page pages=p.pages base=format!("/uren?status={}&", filter.code()) /> } />
    }
}

#[component]
fn FilterLinks(current: EntryFilter) -> impl IntoView {
    let lang = use_lang();
    let options = std::iter::once(EntryFilter::All).chain(EntryStatus::ALL.iter().map(|s| EntryFilter::Status(*s)));
    view! {
        <nav class="filters" aria-label=tr(lang, "label.filter")>
            <ul>
                {options.map(|f| {
                    let text = match f {
                        EntryFilter::All => tr(lang, "label.filter_all"),
                        EntryFilter::Status(s) => tr(lang, s.label_key()),
                    };
                    let href = if f == EntryFilter::All { "/uren".to_owned() } else { format!("/uren?status={}", f.code()) };
                    view! { <li><a href=href aria-current=(f == current).then_some("page")>{text}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// Entries under a heading per month (they arrive newest first).
#[component]
pub fn MonthGroups(page: Page, editable: bool, #[prop(optional, into)] back: String) -> impl IntoView {
    let lang = use_lang();
    if page.entries.is_empty() {
        return view! { <p>{tr(lang, "page.entries.none")}</p> }.into_any();
    }
    let mut groups: Vec<(String, Vec<super::HourEntry>)> = Vec::new();
    for entry in page.entries {
        let heading = month_heading(lang, entry.worked_on);
        match groups.last_mut() {
            Some((h, list)) if *h == heading => list.push(entry),
            _ => groups.push((heading, vec![entry])),
        }
    }
    groups
        .into_iter()
        .map(|(heading, entries)| {
            view! {
                <h2 class="month">{heading}</h2>
                <EntryList entries editable back=back.clone() />
            }
        })
        .collect_view()
        .into_any()
}

#[component]
pub fn NewEntryPage() -> impl IntoView {
    let lang = use_lang();
    let form = FormState::new("log_hours");
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.new_entry.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    let o = match super::my_hours().await {
                        Ok(o) => o,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    // Paused or stopped: no hours until they go on.
                    if let Some(away) = o.away.clone() {
                        return view! {
                            <AwayNotice away cohort=o.cohort_name.clone() />
                            <p><a href="/">{tr(lang, "nav.home")}</a></p>
                        }.into_any();
                    }
                    // A cohort that has not started yet: say when, instead of a form that cannot succeed.
                    if o.today < o.cohort_starts_on {
                        return view! {
                            <p class="alert alert-info">{tr(lang, "page.new_entry.not_started")
                                .replace("{cohort}", &o.cohort_name).replace("{date}", &date(o.cohort_starts_on))}</p>
                            <p><a href="/">{tr(lang, "nav.home")}</a></p>
                        }.into_any();
                    }
                    let ended = (o.today > o.cohort_ends_on).then(|| view! {
                        <p class="alert alert-info">{tr(lang, "page.new_entry.ended")
                            .replace("{cohort}", &o.cohort_name).replace("{date}", &date(o.cohort_ends_on))}</p>
                    });
                    view! {
                        {ended}
                        <PostForm form=form.clone()>
                            <EntryFields form=form.clone() initial=None today=o.today period=(o.cohort_starts_on, o.cohort_ends_on) />
                            <button type="submit" class="button primary">{tr(lang, "action.submit_hours")}</button>
                            <a class="button link" href="/">{tr(lang, "action.cancel")}</a>
                        </PostForm>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn EditEntryPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::components::page::path_id();
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.edit_entry.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    let o = match super::my_hours().await {
                        Ok(o) => o,
                        Err(e) => return view! { <PageError error=e /> }.into_any(),
                    };
                    match super::my_entry(id).await {
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                        Ok(e) if !e.status.editable_by_participant() => view! {
                            <div class="alert alert-error" role="alert">{tr(lang, "err.entry.locked")}</div>
                            <p><a href="/">{tr(lang, "nav.home")}</a></p>
                        }.into_any(),
                        Ok(e) => {
                            let form = FormState::new("update_hours");
                            view! {
                                {e.rejection_reason.clone().map(|r| view! {
                                    <p class="rejection"><strong>{tr(lang, "label.rejection_reason")}": "</strong>{r}</p>
                                })}
                                <PostForm form=form.clone()>
                                    <input type="hidden" name="id" value=e.id.to_string() />
                                    <EntryFields form=form.clone() initial=Some(e) today=o.today period=(o.cohort_starts_on, o.cohort_ends_on) />
                                    <button type="submit" class="button primary">{tr(lang, "action.resubmit")}</button>
                                    <a class="button link" href="/">{tr(lang, "action.cancel")}</a>
                                </PostForm>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// "Intrekken?" — the second step of withdrawing, so a slip of the thumb loses nothing.
#[component]
pub fn WithdrawEntryPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::components::page::path_id();
    // The one cleaner of return paths decides where "No" leads (and the action checks it again).
    let back = safe_back(use_query_map().with_untracked(|q| q.get("terug")).unwrap_or_default());
    view! {
        <section class="narrow">
            <PageTitle text=tr(lang, "page.withdraw.title") />
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match super::my_entry(id).await {
                        Err(e) => view! { <PageError error=e /> <p><a href=back>{tr(lang, "action.back")}</a></p> }.into_any(),
                        Ok(e) if !e.status.editable_by_participant() => view! {
                            <div class="alert alert-error" role="alert">{tr(lang, "err.entry.locked")}</div>
                            <p><a href=back>{tr(lang, "action.back")}</a></p>
                        }.into_any(),
                        Ok(e) => {
                            let form = FormState::new(format!("withdraw:{id}"));
                            view! {
                                <p>{tr(lang, "page.withdraw.intro")}</p>
                                <EntryList entries=vec![e] editable=false />
                                <PostForm form>
                                    <input type="hidden" name="terug" value=back.clone() />
                                    <div class="button-row">
                                        <button type="submit" class="button danger">{tr(lang, "action.withdraw_confirm")}</button>
                                        <a class="button link" href=back>{tr(lang, "action.keep_entry")}</a>
                                    </div>
                                </PostForm>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
