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
        Ok(NewPassword(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
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
}
