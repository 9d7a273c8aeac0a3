use serde::{Deserialize, Serialize};

use super::ParseError;

/// Trimmed, non-empty free text of bounded length (descriptions, places, reasons).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredText(String);

impl RequiredText {
    pub fn parse(input: &str, max_chars: usize, empty_key: ParseError, long_key: ParseError) -> Result<Self, ParseError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(empty_key);
        }
        if s.chars().count() > max_chars {
            return Err(long_key);
        }
        Ok(RequiredText(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A person's display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let text = RequiredText::parse(input, 100, "err.name.empty", "err.name.long")?;
        Ok(PersonName(text.into_inner()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
