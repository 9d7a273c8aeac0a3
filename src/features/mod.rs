//! One folder per feature: pages, server functions, form actions, server-only `db`,
//! and a `FEATURE` value with its forms and routes that `app::site` assembles.
pub mod accounts;
pub mod applications;
pub mod backups;
pub mod calendar;
pub mod certificates;
pub mod cohorts;
pub mod enrolment;
pub mod home;
pub mod hours;
pub mod interview;
pub mod mail;
pub mod participant;
pub mod plans;
pub mod privacy;
pub mod programme;
pub mod requirements;
pub mod standing;
pub mod workplace;

/// The import rules of the README ("who may import whom"), read from the code itself.
#[cfg(test)]
mod import_rules {
    use std::collections::{BTreeMap, BTreeSet};

    /// A file's code without its tests and comments (which may name anything).
    fn code_of(source: &str) -> String {
        let before_tests = source.split("#[cfg(test)]").next().unwrap_or_default();
        before_tests.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
    }

    /// The names `source` takes from `crate::features` (`features::hours::…`,
    /// `features::{hours::…, plans}`), outside its tests and comments.
    fn features_named(source: &str) -> BTreeSet<String> {
        let code = code_of(source);
        let mut names = BTreeSet::new();
        for (at, _) in code.match_indices("features::") {
            let rest = &code[at + "features::".len()..];
            if let Some(list) = rest.strip_prefix('{') {
                // Only the top level of the braces: `{hours::{db, Standing}, plans}` names hours and plans.
                let (mut depth, mut item) = (0, String::new());
                for c in list.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            names.insert(std::mem::take(&mut item));
                        }
                        _ if depth == 0 => item.push(c),
                        _ => {}
                    };
                }
                names.insert(item);
            } else {
                names.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
            }
        }
        names.into_iter().map(|n| n.trim().split("::").next().unwrap_or_default().to_owned()).filter(|n| !n.is_empty()).collect()
    }

    fn feature_imports() -> BTreeMap<String, BTreeSet<String>> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src/features/");
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (path, source) in crate::i18n::tests::sources(&[]) {
            let Some(feature) = path.to_str().and_then(|p| p.strip_prefix(root)).and_then(|p| p.split('/').nth(0).filter(|_| p.contains('/'))) else {
                continue;
            };
            let named = features_named(&source).into_iter().filter(|n| n != feature);
            graph.entry(feature.to_owned()).or_default().extend(named);
        }
        graph
    }

    #[test]
    fn the_name_reader_sees_paths_and_braces_and_skips_tests() {
        let source = "use crate::features::{hours::{db, Standing}, plans};\n/// See `features::cohorts`.\nfn f() { crate::features::programme::x() }\n#[cfg(test)]\nuse crate::features::mail;";
        assert_eq!(features_named(source), ["hours", "plans", "programme"].map(String::from).into());
    }

    /// Features use each other in one direction only: a circle would mean neither can be
    /// understood, tested or removed without the other.
    #[test]
    fn features_import_each_other_without_a_circle() {
        let graph = feature_imports();
        assert!(graph.get("participant").is_some_and(|uses| uses.contains("hours")), "the reader found no imports: {graph:?}");
        for start in graph.keys() {
            let mut stack: Vec<Vec<&str>> = vec![vec![start.as_str()]];
            while let Some(path) = stack.pop() {
                for next in graph.get(*path.last().unwrap_or(&"")).into_iter().flatten() {
                    assert_ne!(next, start, "features import each other in a circle: {} -> {next}", path.join(" -> "));
                    if !path.contains(&next.as_str()) && graph.contains_key(next) {
                        stack.push([path.clone(), vec![next.as_str()]].concat());
                    }
                }
            }
        }
    }

    /// Plumbing and the UI pieces know no feature and no shell (README, "who may import whom").
    #[test]
    fn plumbing_and_components_import_no_feature_and_no_shell() {
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src/");
        for (path, source) in crate::i18n::tests::sources(&[]) {
            let relative = path.to_str().and_then(|p| p.strip_prefix(src)).unwrap_or_default();
            if ["server/", "components/", "form/"].iter().any(|dir| relative.starts_with(dir)) {
                let code = code_of(&source);
                for forbidden in ["crate::features", "crate::app", "features::", "app::"] {
                    assert!(!code.contains(forbidden), "{relative} names `{forbidden}`");
                }
            }
        }
    }
}
