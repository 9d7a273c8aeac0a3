//! "Select all" for a list of checkboxes rendered on the server. The control is
//! rendered hidden (without JavaScript it could not do anything); the island
//! reveals it and ticks or clears every checkbox named in its `data-selects`.
//! It takes no props, so no JSON decoder ships to the browser.
use leptos::prelude::*;

/// Wraps a hidden `<div>` holding `<input type="checkbox" data-selects="name">` and its label.
#[island]
pub fn SelectAll(children: Children) -> impl IntoView {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        browser::wire();
    });
    children()
}

/// The markup the island wraps: a labelled checkbox that selects every `name` checkbox.
#[component]
pub fn SelectAllControl(label: String, name: &'static str) -> impl IntoView {
    view! {
        <SelectAll>
            <div class="select-all choice" id="select-all-control" hidden>
                <input type="checkbox" id="select-all" data-selects=name />
                <label for="select-all">{label}</label>
            </div>
        </SelectAll>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::document;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::HtmlInputElement;

    pub fn wire() {
        let doc = document();
        let (Some(wrapper), Some(control)) = (doc.get_element_by_id("select-all-control"), doc.get_element_by_id("select-all")) else {
            return;
        };
        let Ok(control) = control.dyn_into::<HtmlInputElement>() else {
            return;
        };
        let name = control.get_attribute("data-selects").unwrap_or_default();
        let on_change = Closure::<dyn Fn()>::new({
            let control = control.clone();
            move || set_all(&name, control.checked())
        });
        let _ = control.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
        let _ = wrapper.remove_attribute("hidden");
    }

    fn set_all(name: &str, checked: bool) {
        let selector = format!("input[type=checkbox][name=\"{name}\"]");
        let Ok(list) = document().query_selector_all(&selector) else {
            return;
        };
        for i in 0..list.length() {
            if let Some(input) = list.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
                input.set_checked(checked);
            }
        }
    }
}
