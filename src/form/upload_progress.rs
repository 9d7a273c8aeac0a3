//! Upload progress for forms that carry a file. Without JavaScript the form is a
//! plain multipart POST. With it, the island sends the same form data with
//! XMLHttpRequest (the one browser API that reports upload progress), shows how much
//! is sent, and then ends exactly where the plain post would: on success it opens the
//! page the form redirected to (the confirmation waits there, see
//! `auth::UPLOAD_PROGRESS_HEADER`); on a refusal it shows the page the server sent
//! back, with the messages at the fields and the form working without JavaScript.
//! No props: the texts come from data attributes of the server-rendered children.
use leptos::prelude::*;

#[island]
pub fn UploadProgress(children: Children) -> impl IntoView {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        browser::wire_all();
    });
    children()
}

/// The progress bar and live text of one form, hidden until an upload starts.
#[component]
pub fn UploadProgressBar(label: String, sending: String, failed: String) -> impl IntoView {
    view! {
        <UploadProgress>
            <div class="upload-progress" hidden data-sending=sending data-failed=failed>
                <progress max="100" value="0" aria-label=label></progress>
                <p class="upload-status" role="status"></p>
            </div>
        </UploadProgress>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::document;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{Element, FormData, HtmlButtonElement, HtmlElement, HtmlFormElement, ProgressEvent, SubmitEvent, XmlHttpRequest};

    /// Every multipart form of the page, once (each form's island calls this).
    pub fn wire_all() {
        let Ok(forms) = document().query_selector_all("form[enctype='multipart/form-data']:not([data-progress])") else {
            return;
        };
        for i in 0..forms.length() {
            if let Some(form) = forms.item(i).and_then(|n| n.dyn_into::<HtmlFormElement>().ok()) {
                let _ = form.set_attribute("data-progress", "");
                let on_submit = Closure::<dyn Fn(SubmitEvent)>::new({
                    let form = form.clone();
                    move |event: SubmitEvent| {
                        if send(&form, &event).is_some() {
                            event.prevent_default();
                        }
                    }
                });
                let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
                on_submit.forget();
            }
        }
    }

    /// Starts the upload; `None` leaves the browser to post the form itself.
    fn send(form: &HtmlFormElement, event: &SubmitEvent) -> Option<()> {
        let panel = form.query_selector(".upload-progress").ok()??;
        let data = FormData::new_with_form(form).ok()?;
        if let Some(button) = event.submitter().and_then(|s| s.dyn_into::<HtmlButtonElement>().ok()) {
            if !button.name().is_empty() {
                data.append_with_str(&button.name(), &button.value()).ok()?;
            }
        }
        let xhr = XmlHttpRequest::new().ok()?;
        xhr.open("POST", &form.action()).ok()?;
        xhr.set_request_header("X-Upload-Progress", "1").ok()?;
        let _ = panel.remove_attribute("hidden");
        set_buttons_disabled(form, true);
        show(&panel, 0);
        let on_progress = Closure::<dyn Fn(ProgressEvent)>::new({
            let panel = panel.clone();
            move |e: ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    show(&panel, (e.loaded() * 100.0 / e.total()) as u32);
                }
            }
        });
        xhr.upload().ok()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
        let on_load = Closure::<dyn Fn()>::new({
            let xhr = xhr.clone();
            move || finish(&xhr)
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let on_error = Closure::<dyn Fn()>::new({
            let (panel, form) = (panel.clone(), form.clone());
            move || {
                set_text(&panel, &panel.get_attribute("data-failed").unwrap_or_default());
                set_buttons_disabled(&form, false);
            }
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        xhr.send_with_opt_form_data(Some(&data)).ok()?;
        Some(())
    }

    fn show(panel: &Element, percent: u32) {
        if let Some(bar) = panel.query_selector("progress").ok().flatten() {
            let _ = bar.set_attribute("value", &percent.min(100).to_string());
        }
        // Screen readers hear steps of a quarter, not every percent.
        let text = panel.get_attribute("data-sending").unwrap_or_default().replace("{percent}", &(percent / 25 * 25).to_string());
        set_text(panel, &text);
    }

    fn set_text(panel: &Element, text: &str) {
        if let Some(status) = panel.query_selector(".upload-status").ok().flatten() {
            if status.text_content().as_deref() != Some(text) {
                status.set_text_content(Some(text));
            }
        }
    }

    fn set_buttons_disabled(form: &HtmlFormElement, disabled: bool) {
        if let Ok(buttons) = form.query_selector_all("button") {
            for i in 0..buttons.length() {
                if let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<HtmlButtonElement>().ok()) {
                    button.set_disabled(disabled);
                }
            }
        }
    }

    /// Success: open the page the form led to. Refusal: show the page the server answered.
    fn finish(xhr: &XmlHttpRequest) {
        let status = xhr.status().unwrap_or(0);
        if (200..400).contains(&status) {
            let _ = web_sys::window().map(|w| w.location().assign(&xhr.response_url()));
            return;
        }
        let Ok(Some(html)) = xhr.response_text() else { return };
        // The answer is a whole document; as the inner HTML of <html> its head and body
        // replace the current ones (scripts in it do not run: the page works as without JavaScript).
        let doc = document();
        if let Some(root) = doc.document_element() {
            root.set_inner_html(&html);
        }
        if let Some(focus) = doc.query_selector("[autofocus]").ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = focus.focus();
        }
    }
}
