//! Certificate numbers: 80 random bits in Crockford base32, four groups of four
//! ("LB7K-2M9Q-XR4T-8HWD" after the "LB-" prefix). Crockford's alphabet leaves out
//! I, L, O and U, so a number read aloud or typed from paper survives the usual
//! mistakes: lower case, O for 0, I or L for 1, spaces or no dashes.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS: usize = 4;
const GROUP_LEN: usize = 4;
const PREFIX: &str = "LB-";

/// A well-formed certificate number; whether it was issued is the database's business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateNumber(String);

impl CertificateNumber {
    /// A fresh number from the operating system's random source.
    pub fn generate() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 10];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let bits = bytes.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
        let symbols: Vec<u8> = (0..GROUPS * GROUP_LEN).rev().map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize]).collect();
        Self::from_symbols(&symbols)
    }

    fn from_symbols(symbols: &[u8]) -> Self {
        let groups: Vec<&str> = symbols.chunks(GROUP_LEN).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
        CertificateNumber(format!("{PREFIX}{}", groups.join("-")))
    }

    /// Reads a number as someone typed it; `None` when it cannot be one.
    pub fn parse(input: &str) -> Option<Self> {
        let upper = input.trim().to_ascii_uppercase();
        let body = upper.strip_prefix("LB").unwrap_or(&upper);
        let mut symbols = Vec::with_capacity(GROUPS * GROUP_LEN);
        for c in body.chars() {
            let symbol = match c {
                '-' | ' ' | '.' => continue,
                'O' => b'0',
                'I' | 'L' => b'1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c as u8,
                _ => return None,
            };
            symbols.push(symbol);
        }
        (symbols.len() == GROUPS * GROUP_LEN).then(|| Self::from_symbols(&symbols))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_read_back_and_differ() {
        let a = CertificateNumber::generate();
        let b = CertificateNumber::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 3 + 4 * 4 + 3);
        assert_eq!(CertificateNumber::parse(a.as_str()), Some(a.clone()));
        let typed = a.as_str().to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
        assert_eq!(CertificateNumber::parse(&typed), Some(a));
    }

    #[test]
    fn wrong_lengths_and_letters_are_no_number() {
        assert_eq!(CertificateNumber::parse("LB-1234"), None);
        assert_eq!(CertificateNumber::parse("LB-UUUU-0000-0000-0000"), None);
        assert_eq!(CertificateNumber::parse("<script>"), None);
        assert_eq!(CertificateNumber::parse("0000 0000 0000 000Z").map(|n| n.0), Some("LB-0000-0000-0000-000Z".to_owned()));
    }
}
