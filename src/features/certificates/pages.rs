//! The public verification page and the certificate card on a participant's home.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{CertificateRef, Verification, VerifyOutcome};
use crate::{
    components::{
        format::{date, hours},
        page::{Loading, PageError, PageTitle},
    },
    form::{CopyField, FieldFrame, FormState, PostForm},
    i18n::{tr, use_lang, Lang},
};

/// `/verifieren` and `/verifieren/:number`: anyone checks a number (typed or from the
/// QR code) or uploads a PDF. Shows only name, track, issue date and hours.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = use_lang();
    let from_path = use_params_map().with_untracked(|p| p.get("number")).unwrap_or_default();
    let from_query = use_query_map().with_untracked(|q| q.get("nummer"));
    // The number form sent empty: say what is missing instead of showing nothing.
    let sent_empty = from_path.is_empty() && from_query.as_deref().is_some_and(|n| n.trim().is_empty());
    let typed = if from_path.is_empty() { from_query.unwrap_or_default() } else { from_path };
    let upload = FormState::new("verify_pdf");
    let asked = typed.clone();
    view! {
        <PageTitle text=tr(lang, "page.verify.title") />
        <p>{tr(lang, "page.verify.intro")}</p>
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match super::verify_certificate(asked).await {
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                    Ok(VerifyOutcome::NotAsked) => ().into_any(),
                    Ok(VerifyOutcome::Unknown(number)) => view! {
                        <section class="alert alert-error verify-result" aria-labelledby="verify-result">
                            <h2 id="verify-result">{tr(lang, "verify.unknown")}</h2>
                            <p>{tr(lang, "verify.unknown_text").replace("{number}", &number)}</p>
                        </section>
                    }.into_any(),
                    Ok(VerifyOutcome::Found(found)) => view! { <VerifyResult found lang /> }.into_any(),
                }
            })}
        </Suspense>
        <form method="get" action="/verifieren" class="card">
            <h2>{tr(lang, "verify.by_number")}</h2>
            <div class="field">
                <label for="nummer">{tr(lang, "verify.number_label")}</label>
                <p class="help" id="nummer-help">{tr(lang, "verify.number_help")}</p>
                {sent_empty.then(|| view! { <p class="field-error" id="nummer-error">{tr(lang, "err.verify.number_empty")}</p> })}
                <input id="nummer" name="nummer" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby=if sent_empty { "nummer-error nummer-help" } else { "nummer-help" }
                    aria-invalid=sent_empty.then_some("true") autofocus=sent_empty value=typed.clone() />
            </div>
            <button type="submit" class="button primary">{tr(lang, "action.verify")}</button>
        </form>
        <section class="card" aria-labelledby="verify-file">
            <h2 id="verify-file">{tr(lang, "verify.by_file")}</h2>
            <PostForm form=upload.clone() multipart=true without_progress=true>
                <FieldFrame id="file" label=tr(lang, "verify.file_label") help=Some(tr(lang, "verify.file_help")) form=upload.clone()>
                    <input id="file" name="file" type="file" accept=".pdf,application/pdf" aria-describedby=upload.described_by("file", "file", true)
                        aria-invalid=upload.invalid("file") />
                </FieldFrame>
                <button type="submit" class="button">{tr(lang, "action.verify_file")}</button>
            </PostForm>
        </section>
    }
}

#[component]
fn VerifyResult(found: Verification, lang: Lang) -> impl IntoView {
    let revoked = found.revoked_on.is_some();
    let (class, heading) = if revoked { ("alert alert-error", "verify.revoked") } else { ("alert alert-ok", "verify.valid") };
    view! {
        <section class=format!("{class} verify-result") aria-labelledby="verify-result">
            <h2 id="verify-result">{tr(lang, heading)}</h2>
            {found.revoked_on.map(|on| view! {
                <p>{tr(lang, "verify.revoked_text")
                    .replace("{date}", &date(on))
                    .replace("{reason}", &found.revoke_reason.map(|r| tr(lang, r.label_key())).unwrap_or_default())}</p>
            })}
            {found.replaced_by.clone().map(|new| view! {
                <p><strong>{tr(lang, "verify.replaced_by")}" "<a href=format!("/verifieren/{new}")>{new.clone()}</a></strong></p>
            })}
            <dl class="facts">
                <dt>{tr(lang, "verify.number")}</dt><dd>{found.number.clone()}</dd>
                <dt>{tr(lang, "field.name")}</dt>
                <dd>{if found.name_withheld { tr(lang, "verify.name_withheld") } else { found.participant_name.clone() }}</dd>
                <dt>{tr(lang, "verify.track")}</dt><dd>"Leerlijn Buurtteams"</dd>
                <dt>{tr(lang, "verify.issued_on")}</dt><dd>{date(found.issued_on)}</dd>
                <dt>{tr(lang, "kind.leren")}</dt><dd>{tr(lang, "label.hours_value").replace("{hours}", &hours(lang, found.learning_quarters))}</dd>
                <dt>{tr(lang, "kind.praktijk")}</dt><dd>{tr(lang, "label.hours_value").replace("{hours}", &hours(lang, found.practice_quarters))}</dd>
            </dl>
            {(found.has_credential && !revoked).then(|| view! {
                <p>{tr(lang, "verify.credential")}" "<a href="/.well-known/jwks.json">{tr(lang, "verify.credential_keys")}</a></p>
            })}
        </section>
    }
}

/// The verification page's full address, to pass on. The card is only rendered on
/// the server, where the public address is known.
fn verify_link(number: &str) -> String {
    #[cfg(feature = "ssr")]
    if let Ok(state) = crate::server::context::state() {
        return format!("{}/verifieren/{number}", state.config.public_base_url);
    }
    format!("/verifieren/{number}")
}

/// The participant's certificate on their home: download and the public check.
#[component]
pub fn CertificateCard(certificate: CertificateRef) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card certificate" aria-labelledby="certificate-title">
            <h2 id="certificate-title">{tr(lang, "certificate.title")}</h2>
            {if certificate.revoked {
                view! { <p class="alert alert-error">{tr(lang, "certificate.revoked_note")}</p> }.into_any()
            } else {
                view! { <p>{tr(lang, "certificate.ready")}</p> }.into_any()
            }}
            <p>{tr(lang, "verify.number")}": "<strong>{certificate.number.clone()}</strong></p>
            <p class="button-row">
                <a class="button primary" href=certificate.download_path() download>{tr(lang, "action.download_certificate")}</a>
                <a class="button" href=format!("/verifieren/{}", certificate.number)>{tr(lang, "action.verify_page")}</a>
            </p>
            {(!certificate.revoked).then(|| view! {
                <CopyField id="verify-link" label=tr(lang, "field.verify_link") value=verify_link(&certificate.number) />
                <p class="help">{tr(lang, "help.verify_link")}</p>
            })}
            {(!certificate.revoked).then(|| view! {
                <h3>{tr(lang, "certificate.credential_title")}</h3>
                <p>{tr(lang, "certificate.credential_text")}</p>
                <p class="button-row">
                    <a class="button" href=certificate.credential_path("json") download>{tr(lang, "action.download_credential")}</a>
                    <a class="button link" href=certificate.credential_path("jwt") download>{tr(lang, "action.download_jwt")}</a>
                </p>
                <p><a class="button" href=certificate.linkedin_path()>{tr(lang, "action.add_to_linkedin")}</a></p>
            })}
        </section>
    }
}
