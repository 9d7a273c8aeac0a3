//! "Select all" for a list of checkboxes rendered on the server. Without
//! JavaScript it stays hidden: it could not do anything.
use leptos::prelude::*;

use super::islands::mark_island_used;

#[island]
pub fn SelectAll(
    /// Visible label ("Alles selecteren").
    label: String,
    /// The `name` of the checkboxes it ticks.
    name: String,
) -> impl IntoView {
    mark_island_used();
    let ready = RwSignal::new(false);
    // Effects only run in the browser, so the control appears once it works.
    Effect::new(move |_| ready.set(true));
    let toggle = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        set_all(&name, event_target_checked(&ev));
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &name);
    };
    view! {
        <div class="select-all choice" hidden=move || !ready.get()>
            <input type="checkbox" id="select-all" on:change=toggle />
            <label for="select-all">{label}</label>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn set_all(name: &str, checked: bool) {
    use wasm_bindgen::JsCast;
    let selector = format!("input[type=checkbox][name=\"{name}\"]");
    let Ok(list) = document().query_selector_all(&selector) else { return };
    for i in 0..list.length() {
        if let Some(input) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.set_checked(checked);
        }
    }
}
