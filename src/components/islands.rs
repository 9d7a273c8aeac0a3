//! Which islands a page holds. Only a page with at least one island loads the
//! wasm bundle; every other page is plain HTML and CSS.
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use leptos::prelude::*;

/// Provided by the shell while a page renders on the server.
#[derive(Clone, Default)]
pub struct IslandsOnPage(Arc<AtomicBool>);

impl IslandsOnPage {
    pub fn any(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Called by every island as it renders; a no-op in the browser.
pub fn mark_island_used() {
    if let Some(flag) = use_context::<IslandsOnPage>() {
        flag.0.store(true, Ordering::Relaxed);
    }
}
