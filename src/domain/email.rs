use serde::{Deserialize, Serialize};

use super::ParseError;

/// A plausible, lower-cased e-mail address. Deliverability is proven by the
/// invitation link, not by a regular expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err("err.email.empty");
        }
        let valid = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty() && !domain.contains('@') && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Email(s))
        } else {
            Err("err.email.format")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_checks() {
        assert_eq!(Email::parse(" Anna@Example.NL ").unwrap().as_str(), "anna@example.nl");
        assert_eq!(Email::parse(""), Err("err.email.empty"));
        for bad in ["anna", "anna@", "@example.nl", "anna@example", "an na@example.nl", "a@b@c.nl", "a@.nl"] {
            assert_eq!(Email::parse(bad), Err("err.email.format"), "{bad}");
        }
    }
}
