//! A live reading of the hours field ("1:30" → "= 1,5 uur"), so nobody has to
//! guess how the notation is understood. The field itself is server-rendered and
//! carries the sentence in `data-reading` (in the reader's language); the island
//! only writes the reading into its own live region. It takes no props, so no
//! JSON decoder ships to the browser.
use leptos::prelude::*;

#[island]
pub fn HoursReading() -> impl IntoView {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        browser::wire();
    });
    view! { <p class="hours-reading" id="hours-reading" aria-live="polite"></p> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::document;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::HtmlInputElement;

    use crate::{components::format::hours, domain::Hours, i18n::use_lang};

    pub fn wire() {
        let doc = document();
        let (Some(input), Some(reading)) = (doc.get_element_by_id("hours"), doc.get_element_by_id("hours-reading")) else {
            return;
        };
        let Ok(input) = input.dyn_into::<HtmlInputElement>() else {
            return;
        };
        let template = input.get_attribute("data-reading").unwrap_or_default();
        let lang = use_lang();
        let update = Closure::<dyn Fn()>::new({
            let input = input.clone();
            move || {
                let typed = input.value();
                let text = match Hours::parse(&typed) {
                    Ok(typed) => template.replace("{hours}", &hours(lang, i64::from(typed.quarters()))),
                    Err(_) => String::new(),
                };
                reading.set_text_content(Some(&text));
            }
        });
        let _ = input.add_event_listener_with_callback("input", update.as_ref().unchecked_ref());
        // What the page was opened with (a refused form brings the typed value back).
        let _ = update.as_ref().unchecked_ref::<js_sys::Function>().call0(&wasm_bindgen::JsValue::NULL);
        update.forget();
    }
}
