//! The one cleaner per kind of untrusted text that leaves the app in a place where
//! it could do harm: a redirect target, a file name, a spreadsheet cell, a mail header. (HTML text
//! is escaped by the view macros; the document title by `app`'s title formatter.)
use std::borrow::Cow;

/// The one way an untrusted return path becomes a redirect target: a local path
/// or "/". Browsers drop tabs and newlines and read `\\` as `/`, so `/<TAB>/evil`
/// or `/\\evil` would leave the site; control characters would also break the
/// `Location` header (axum panics on them).
pub fn local_path(path: &str) -> &str {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && path.parse::<axum::http::Uri>().is_ok_and(|uri| uri.scheme().is_none() && uri.authority().is_none());
    if local {
        path
    } else {
        "/"
    }
}

/// The one cleaner of file names we send or store: no path, only ASCII letters,
/// digits, `.`, `-` and `_` (a header value takes nothing else), at most 100
/// characters; "download" if nothing is left.
pub fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '-' }).take(100).collect();
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == '-');
    if trimmed.is_empty() {
        "download".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The one cleaner of CSV cells. A cell that starts with `=`, `+`, `-`, `@` (or a
/// tab or carriage return, which Excel skips) would be read as a formula; a leading
/// apostrophe makes it text, as Excel itself does (OWASP "CSV injection").
pub fn csv_cell(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// The one cleaner of text that goes into a mail header (a name, a subject): line
/// breaks and other control characters become spaces, so no text can end a header
/// and start another (`Bcc:`); runs of spaces shrink to one; at most 200 characters.
pub fn mail_header(value: &str) -> String {
    let spaced: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_headers_keep_to_one_line() {
        assert_eq!(mail_header("Eva de Vries"), "Eva de Vries");
        assert_eq!(mail_header("Eva\r\nBcc: kwaad@example.org"), "Eva Bcc: kwaad@example.org");
        assert_eq!(mail_header("a\u{0}\u{7f}\tb\u{2028}c  d"), "a b c d");
        assert_eq!(mail_header(&"x".repeat(500)).len(), 200);
    }

    #[test]
    fn file_names_lose_paths_and_odd_characters() {
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("C:\\temp\\plan.pdf"), "plan.pdf");
        assert_eq!(file_name("aanwezigheid \"Leerlijn\"\r\n.csv"), "aanwezigheid--Leerlijn---.csv");
        assert_eq!(file_name("..."), "download");
        assert_eq!(file_name("Één.csv"), "n.csv");
        assert_eq!(file_name("Cohort 2026 – najaar.csv"), "Cohort-2026---najaar.csv");
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/uren/nieuw"), "/uren/nieuw");
        assert_eq!(local_path("//evil.example"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path("/uren?status=afgekeurd"), "/uren?status=afgekeurd");
        for bypass in [
            "/\t/evil.example",
            "/\t\\evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            " //evil.example",
            " /uren",
            "/ /evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\u{0}x",
            "/\u{85}/evil.example",
            "/\u{3000}/evil.example",
            "",
        ] {
            assert_eq!(local_path(bypass), "/", "{bypass:?}");
        }
        // Encoded forms stay encoded in the header: browsers read them as a path here.
        assert_eq!(local_path("/%09/evil.example"), "/%09/evil.example");
    }

    #[test]
    fn formula_starts_become_text() {
        for risky in ["=1+1", "+31 6", "-2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(csv_cell(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["Samira", "1,5", "", "'al tekst"] {
            assert_eq!(csv_cell(plain), plain);
        }
    }
}
