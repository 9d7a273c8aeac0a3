//! What the plumbing needs to know about the app, handed in as values by the
//! composition root (`app::site`): the document shell, the pages, each feature's
//! extra routes, form actions, upload pages and public pages. Nothing here names a
//! feature or a page path, so plumbing never imports `features/` or `app/`.
use std::{collections::HashMap, future::Future, pin::Pin};

use axum::Router;
use leptos::{config::LeptosOptions, prelude::AnyView};

use super::{
    form_post::{FormPost, ProgressHook},
    state::AppState,
};
use crate::{error::AppError, form::Done};

/// A form action: what a `_form` name runs when its form is posted.
pub type FormAction = for<'a> fn(&'a FormPost) -> Pin<Box<dyn Future<Output = Result<Done, AppError>> + Send + 'a>>;

/// `form_actions!["login" => actions::login, …]`: a feature's form table.
#[macro_export]
macro_rules! form_actions {
    ($($name:literal => $action:path),* $(,)?) => {
        &[$(($name, |post| Box::pin($action(post)))),*]
    };
}

/// A page whose forms may carry a file (multipart), and how large that file may be.
#[derive(Clone, Copy, Debug)]
pub struct UploadPage {
    /// The page's path, or the start of it (`/plannen` is also `/plannen/7`).
    pub path: &'static str,
    pub max_file_bytes: usize,
}

/// What one feature adds to the site besides its pages.
#[derive(Clone, Copy)]
pub struct Feature {
    /// Its forms, by the action part of their `_form` name.
    pub forms: &'static [(&'static str, FormAction)],
    /// Routes that are not pages: downloads, feeds.
    pub routes: fn() -> Router<AppState>,
    /// Addresses other than pages that take its form posts (e.g. logging out).
    pub form_paths: &'static [&'static str],
    pub uploads: &'static [UploadPage],
    /// Page paths (or their start) that anyone may open without logging in.
    pub public_paths: &'static [&'static str],
    /// Jobs `serve` runs on a schedule.
    pub jobs: &'static [super::schedule::Job],
    /// What it does after a form changed someone's progress.
    pub on_progress: Option<ProgressHook>,
}

impl Feature {
    /// A feature that only has pages.
    pub const PAGES_ONLY: Feature =
        Feature { forms: &[], routes: Router::new, form_paths: &[], uploads: &[], public_paths: &[], jobs: &[], on_progress: None };
}

/// The whole site as plumbing sees it.
#[derive(Clone)]
pub struct Site {
    /// The HTML document around every page.
    pub shell: fn(LeptosOptions) -> AnyView,
    /// The app with its page routes (rendered once to list them).
    pub pages: fn() -> AnyView,
    /// Where a visitor who must log in is sent (with `?terug=`).
    pub login_page: &'static str,
    pub features: Vec<Feature>,
    forms: HashMap<&'static str, FormAction>,
}

impl Site {
    /// Panics on two forms with one name: a programming error, found by the first test.
    pub fn new(shell: fn(LeptosOptions) -> AnyView, pages: fn() -> AnyView, login_page: &'static str, features: Vec<Feature>) -> Self {
        let mut forms = HashMap::new();
        for (name, action) in features.iter().flat_map(|f| f.forms.iter()) {
            assert!(forms.insert(*name, *action).is_none(), "two forms are called {name}");
        }
        Site { shell, pages, login_page, features, forms }
    }

    /// Every feature's answer to a change in someone's progress.
    pub fn progress_hooks(&self) -> Vec<ProgressHook> {
        self.features.iter().filter_map(|f| f.on_progress).collect()
    }

    /// Every feature's scheduled jobs.
    pub fn jobs(&self) -> Vec<super::schedule::Job> {
        self.features.iter().flat_map(|f| f.jobs.iter().copied()).collect()
    }

    /// Every form's action name, sorted (for tests that try each one).
    pub fn form_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.forms.keys().copied().collect();
        names.sort_unstable();
        names
    }

    pub fn form_action(&self, name: &str) -> Option<FormAction> {
        self.forms.get(name).copied()
    }

    /// The upload page `path` is on, if its forms may carry files.
    pub fn upload_page(&self, path: &str) -> Option<UploadPage> {
        self.features.iter().flat_map(|f| f.uploads.iter()).find(|u| path.starts_with(u.path)).copied()
    }

    pub fn is_public_page(&self, path: &str) -> bool {
        path.starts_with(self.login_page) || self.features.iter().flat_map(|f| f.public_paths.iter()).any(|p| path.starts_with(p))
    }

    /// The login page, returning to `back` afterwards.
    pub fn login_then(&self, back: &str) -> String {
        if back == "/" {
            self.login_page.to_owned()
        } else {
            format!("{}?terug={}", self.login_page, crate::components::format::encode_component(back))
        }
    }
}
