use super::{Email, ParseError};

const MIN_CHARS: usize = 10;
/// Upper bound keeps hashing cost predictable.
const MAX_CHARS: usize = 128;

/// A password someone is choosing: long enough and not their own e-mail address.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str, email: &Email) -> Result<Self, ParseError> {
        let chars = input.chars().count();
        if chars < MIN_CHARS {
            return Err("err.password.short");
        }
        if chars > MAX_CHARS {
            return Err("err.password.long");
        }
        let lowered = input.trim().to_lowercase();
        let local_part = email.as_str().split('@').next().unwrap_or_default();
        if lowered == email.as_str() || lowered == local_part {
            return Err("err.password.is_email");
        }
        if is_common(&lowered) {
            return Err("err.password.common");
        }
        Ok(NewPassword(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// One of the passwords people choose most (`assets/common-passwords.txt`), also with
/// digits or signs around it, or a run of one or two characters ("aaaaaaaaaa").
fn is_common(lowered: &str) -> bool {
    static LIST: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| {
        include_str!("../../assets/common-passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
    });
    let without_spaces: String = lowered.chars().filter(|c| !c.is_whitespace()).collect();
    let stem = without_spaces.trim_matches(|c: char| !c.is_alphabetic());
    let distinct: std::collections::HashSet<char> = without_spaces.chars().collect();
    list.contains(without_spaces.as_str()) || list.contains(stem) || distinct.len() <= 2
}

// Never print a password, not even in debug logs.
impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_and_not_the_email() {
        let email = Email::parse("fatima.elamrani@example.nl").unwrap();
        assert_eq!(NewPassword::parse("kort", &email).unwrap_err(), "err.password.short");
        assert_eq!(NewPassword::parse("Fatima.ElAmrani@example.nl", &email).unwrap_err(), "err.password.is_email");
        assert_eq!(NewPassword::parse("fatima.elamrani", &email).unwrap_err(), "err.password.is_email");
        assert_eq!(NewPassword::parse(&"x".repeat(129), &email).unwrap_err(), "err.password.long");
        assert!(NewPassword::parse("lange zin van woorden", &email).is_ok());
    }

    #[test]
    fn common_passwords_are_refused_also_with_digits_around_them() {
        let email = Email::parse("anna@example.nl").unwrap();
        for common in [
            "wachtwoord1234",
            "Wachtwoord2026!",
            "welkom12345",
            "1234567890",
            "qwertyuiop",
            "aaaaaaaaaaaa",
            "abababababab",
            "Amsterdam2026",
            "Password123",
        ] {
            assert_eq!(NewPassword::parse(common, &email).unwrap_err(), "err.password.common", "{common}");
        }
        for fine in ["leerlijn-demo-2026", "een lange zin als wachtwoord", "mijn eigen lange zin", "Tandem met Noor 2026"] {
            assert!(NewPassword::parse(fine, &email).is_ok(), "{fine}");
        }
    }
}
