//! Leerlijn Buurtteams: the learning track for peer experts in Amsterdam's
//! neighbourhood teams. Participants log hours; trainers sign them off.
#![recursion_limit = "256"]

pub mod app;
#[cfg(feature = "ssr")]
pub mod authz;
#[cfg(feature = "ssr")]
pub mod clean;
pub mod components;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod domain;
pub mod error;
pub mod features;
pub mod form;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod world;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Lets browser tests (and curious developers) see that the islands are live.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
