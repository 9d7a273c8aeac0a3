//! Dutch-first translations from `locales/*.json`, embedded at compile time and
//! shared by server and browser. The reader's language is a cookie (`taal`),
//! read during server rendering and from `<html lang>` when hydrating.
use std::{collections::HashMap, sync::OnceLock};

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const COOKIE: &'static str = "taal";

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn catalog(self) -> &'static HashMap<String, String> {
        static NL: OnceLock<HashMap<String, String>> = OnceLock::new();
        static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
        match self {
            Lang::Nl => NL.get_or_init(|| parse_catalog(include_str!("../locales/nl.json"))),
            Lang::En => EN.get_or_init(|| parse_catalog(include_str!("../locales/en.json"))),
        }
    }

    /// The language chosen with the language switch (its cookie in a `Cookie` header), if any.
    pub fn from_cookie_header(header: &str) -> Option<Self> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == Self::COOKIE)
            .and_then(|(_, value)| Lang::from_code(value))
    }

    /// A first visit follows the browser's `Accept-Language`: English when the
    /// reader prefers it over Dutch, Dutch otherwise.
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            let Some(lang) = Lang::from_code(primary) else { continue };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang).unwrap_or_default()
    }
}

fn parse_catalog(json: &str) -> HashMap<String, String> {
    serde_json::from_str(json).expect("locale files are valid JSON objects of strings")
}

/// Translates `key` into the given language; a missing key shows itself so it is noticed.
pub fn tr(lang: Lang, key: &str) -> String {
    lang.catalog().get(key).or_else(|| Lang::Nl.catalog().get(key)).cloned().unwrap_or_else(|| key.to_owned())
}

/// A text with a count in it, `{count}` filled in: the key's `.one` form when the
/// count is 1 ("1 regel wacht"), the key itself otherwise ("3 regels wachten").
pub fn tr_count(lang: Lang, key: &str, count: impl Into<i64>) -> String {
    let count = count.into();
    let singular = format!("{key}.one");
    let text = if count == 1 && has(Lang::Nl, &singular) { tr(lang, &singular) } else { tr(lang, key) };
    text.replace("{count}", &count.to_string())
}

/// Whether `lang`'s own catalogue has `key` (without falling back to Dutch).
pub fn has(lang: Lang, key: &str) -> bool {
    lang.catalog().contains_key(key)
}

/// The page language; an island (hydrated without the app's context) reads it from `<html lang>`.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(detect_lang)
}

/// Works out the page language and makes it available to every component.
pub fn provide_lang() -> Lang {
    let lang = detect_lang();
    provide_context(lang);
    lang
}

#[cfg(feature = "ssr")]
fn detect_lang() -> Lang {
    use_context::<axum::http::request::Parts>().map(|parts| lang_of_request(&parts.headers)).unwrap_or_default()
}

/// The reader's language from a request's headers: the language switch's cookie,
/// else the browser's `Accept-Language`, else Dutch.
#[cfg(feature = "ssr")]
pub fn lang_of_request(headers: &axum::http::HeaderMap) -> Lang {
    let header = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    header(axum::http::header::COOKIE)
        .and_then(Lang::from_cookie_header)
        .unwrap_or_else(|| header(axum::http::header::ACCEPT_LANGUAGE).map(Lang::from_accept_language).unwrap_or_default())
}

#[cfg(not(feature = "ssr"))]
fn detect_lang() -> Lang {
    document().document_element().and_then(|el| el.get_attribute("lang")).and_then(|code| Lang::from_code(&code)).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_first_visit_follows_accept_language_and_prefers_dutch() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,nl;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("nl-NL,nl;q=0.9,en;q=0.8"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("de-DE,en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en;q=0, nl"), Lang::Nl);
        assert_eq!(Lang::from_accept_language(""), Lang::Nl);
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let nl: BTreeSet<_> = Lang::Nl.catalog().keys().collect();
        let en: BTreeSet<_> = Lang::En.catalog().keys().collect();
        assert_eq!(nl.difference(&en).collect::<Vec<_>>(), Vec::<&&String>::new(), "missing in en.json");
        assert_eq!(en.difference(&nl).collect::<Vec<_>>(), Vec::<&&String>::new(), "missing in nl.json");
    }

    /// Every file under `src/` (skipping folders named in `except`) with its text: what
    /// the tests that read the code itself go through.
    pub(crate) fn sources(except: &[&str]) -> Vec<(std::path::PathBuf, String)> {
        let mut found = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                if !except.iter().any(|name| path.ends_with(name)) {
                    stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                }
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            found.push((path, source));
        }
        found
    }

    /// Every literal key used in the code exists in the Dutch catalogue.
    #[test]
    fn every_key_used_in_code_exists() {
        let mut missing = Vec::new();
        for (path, source) in sources(&[]) {
            for key in quoted_keys(&source) {
                if !Lang::Nl.catalog().contains_key(&key) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys missing from nl.json: {missing:#?}");
    }

    /// A label is a key written out in the code (`label_key()` on the domain types), never
    /// one glued together while a page renders: then every key can be found and checked.
    #[test]
    fn no_label_key_is_built_at_run_time() {
        let needle = ["tr(lang, &", "format!("].concat();
        let mut built = Vec::new();
        for (path, source) in sources(&[]) {
            built.extend(source.lines().filter(|l| l.contains(&needle)).map(|l| format!("{}: {}", path.display(), l.trim())));
        }
        assert!(built.is_empty(), "use the type's label_key(): {built:#?}");
    }

    /// String literals that look like locale keys: `"err.hours.format"`, `"nav.home"`.
    fn quoted_keys(source: &str) -> Vec<String> {
        const PREFIXES: &[&str] =
            &["err.", "nav.", "page.", "field.", "action.", "msg.", "label.", "role.", "org.", "kind.", "status.", "help.", "req.", "session.", "attendance.", "interview.", "revoke."];
        source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| {
                PREFIXES.iter().any(|p| s.starts_with(p))
                    && !s.ends_with('.')
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
            })
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn cookie_header_picks_language() {
        assert_eq!(Lang::from_cookie_header("a=b; taal=en"), Some(Lang::En));
        assert_eq!(Lang::from_cookie_header("taal=fr"), None);
        assert_eq!(Lang::from_cookie_header(""), None);
    }
}

/// A translatable message with named values, e.g. a confirmation after a form post.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub key: String,
    pub args: Vec<(String, String)>,
}

impl Message {
    pub fn new(key: &str, args: &[(&str, String)]) -> Self {
        Message { key: key.to_owned(), args: args.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect() }
    }

    pub fn render(&self, lang: Lang) -> String {
        self.args.iter().fold(tr(lang, &self.key), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }
}
