//! What an uploaded plan file is, decided by its content, never by its name.
//! Accepted: PDF, DOCX and ODT. DOCX and ODT are zip archives: they are judged from
//! the central directory without extracting anything; an archive with too many entries
//! or a huge declared size (a zip bomb) is refused, and the one entry read (ODT's
//! `mimetype`) is read with a cap in case its declared size lies.
use std::io::{Cursor, Read};

use sha2::{Digest, Sha256};

use crate::domain::ParseError;

/// Largest file taken, in bytes (10 MB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// More entries than a real document has (a long DOCX with images has a few hundred).
const MAX_ENTRIES: usize = 2_000;
/// Declared uncompressed total above which an archive is treated as a zip bomb: a
/// long DOCX with photos expands to a few tens of MB; Word would unpack all of it.
pub const MAX_DECLARED_BYTES: u64 = 50 * 1024 * 1024;
/// The declared size of one entry may not be this many times its compressed size
/// (text compresses ~10×; bombs 1000× and more), once it is larger than 1 MB.
const MAX_RATIO: u64 = 200;

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const ODT: &str = "application/vnd.oasis.opendocument.text";

/// An accepted document: its cleaned name (with the extension its type has), type, size and digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub file_name: String,
    pub media_type: &'static str,
    pub size: i64,
    pub sha256: String,
}

/// `inspect` on a blocking thread, bounded like all heavy work: hashing and reading the
/// zip directory of up to 10 MB must not hold up the async threads serving pages.
pub async fn inspect_bounded(name: &str, bytes: axum::body::Bytes) -> Result<Result<Document, ParseError>, crate::error::AppError> {
    let name = name.to_owned();
    crate::server::blocking::run_bounded("plan file check", move || inspect(&name, &bytes)).await
}

/// Checks `bytes` (named `name` by the sender) and says what it is, or why it is refused.
pub fn inspect(name: &str, bytes: &[u8]) -> Result<Document, ParseError> {
    if bytes.is_empty() {
        return Err("err.plan.file_empty");
    }
    if bytes.len() > MAX_BYTES {
        return Err("err.plan.file_too_large");
    }
    let media_type = if bytes.starts_with(b"%PDF-") {
        check_pdf(bytes)?
    } else if bytes.starts_with(b"PK\x03\x04") {
        check_archive(bytes)?
    } else {
        return Err(match infer::get(bytes).map(|t| t.matcher_type()) {
            Some(infer::MatcherType::App) => "err.plan.file_program",
            _ => "err.plan.file_type",
        });
    };
    Ok(Document {
        file_name: stored_name(name, media_type),
        media_type,
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
    })
}

/// A PDF starts with its version and ends with `%%EOF` (trailing whitespace allowed).
fn check_pdf(bytes: &[u8]) -> Result<&'static str, ParseError> {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if tail.windows(5).any(|w| w == b"%%EOF") {
        Ok(PDF)
    } else {
        Err("err.plan.file_damaged")
    }
}

fn check_archive(bytes: &[u8]) -> Result<&'static str, ParseError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| "err.plan.file_damaged")?;
    if archive.len() > MAX_ENTRIES {
        return Err("err.plan.file_bomb");
    }
    let mut declared: u64 = 0;
    let (mut word, mut content_types, mut odt_content) = (false, false, false);
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| "err.plan.file_damaged")?;
        let size = entry.size();
        declared = declared.saturating_add(size);
        if declared > MAX_DECLARED_BYTES || (size > 1024 * 1024 && size / entry.compressed_size().max(1) > MAX_RATIO) {
            return Err("err.plan.file_bomb");
        }
        match entry.name() {
            "word/document.xml" => word = true,
            "[Content_Types].xml" => content_types = true,
            "content.xml" => odt_content = true,
            _ => {}
        }
    }
    if word && content_types {
        return Ok(DOCX);
    }
    if odt_content && odt_mimetype(&mut archive).as_deref() == Some(ODT.as_bytes()) {
        return Ok(ODT);
    }
    Err("err.plan.file_type")
}

/// ODT names its type in a `mimetype` entry; at most 128 bytes are read, whatever it declares.
fn odt_mimetype(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<Vec<u8>> {
    let entry = archive.by_name("mimetype").ok()?;
    let mut text = Vec::new();
    entry.take(128).read_to_end(&mut text).ok()?;
    Some(text.trim_ascii().to_vec())
}

/// The sender's name without path or odd characters, ending in the extension of what it is.
fn stored_name(name: &str, media_type: &str) -> String {
    let extension = match media_type {
        PDF => "pdf",
        DOCX => "docx",
        _ => "odt",
    };
    let cleaned = crate::clean::file_name(name);
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case(extension) => stem.to_owned(),
        _ => cleaned.clone(),
    };
    let stem = if stem == "download" || stem.is_empty() { "plan".to_owned() } else { stem };
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            writer.start_file(*name, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn documents_are_known_by_their_content() {
        let pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        assert_eq!(inspect("POP.pdf", pdf).unwrap().media_type, PDF);
        let docx = archive(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
        let found = inspect("mijn plan.DOCX", &docx).unwrap();
        assert_eq!((found.media_type, found.file_name.as_str()), (DOCX, "mijn-plan.docx"));
        let odt = archive(&[("mimetype", ODT.as_bytes()), ("content.xml", b"<office:document-content/>")]);
        assert_eq!(inspect("plan", &odt).unwrap().file_name, "plan.odt");
        assert_eq!(inspect("x.pdf", pdf).unwrap().sha256.len(), 64);
    }

    #[test]
    fn other_content_is_refused_whatever_its_name() {
        assert_eq!(inspect("plan.pdf", b""), Err("err.plan.file_empty"));
        let program = |head: &[u8]| [head, &[0u8; 128][..]].concat();
        assert_eq!(inspect("plan.pdf", &program(b"\x7fELF\x02\x01\x01")), Err("err.plan.file_program"));
        assert_eq!(inspect("plan.pdf", &program(b"MZ\x90\0\x03")), Err("err.plan.file_program"));
        assert_eq!(inspect("plan.pdf", b"gewoon tekst"), Err("err.plan.file_type"));
        assert_eq!(inspect("plan.pdf", b"%PDF-1.7 afgebroken"), Err("err.plan.file_damaged"));
        let other_zip = archive(&[("readme.txt", b"hallo")]);
        assert_eq!(inspect("plan.docx", &other_zip), Err("err.plan.file_type"));
        assert_eq!(inspect("plan.docx", b"PK\x03\x04rommel"), Err("err.plan.file_damaged"));
        assert_eq!(inspect("plan.pdf", &vec![b'%'; MAX_BYTES + 1]), Err("err.plan.file_too_large"));
    }

    #[test]
    fn zip_bombs_are_refused_from_the_directory() {
        // 50 MB of zeros compress to ~50 KB: the declared ratio gives it away.
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(false);
        writer.start_file("[Content_Types].xml", deflated).unwrap();
        writer.write_all(b"<Types/>").unwrap();
        writer.start_file("word/document.xml", deflated).unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..50 {
            writer.write_all(&zeros).unwrap();
        }
        let bomb = writer.finish().unwrap().into_inner();
        assert!(bomb.len() < MAX_BYTES);
        assert_eq!(inspect("plan.docx", &bomb), Err("err.plan.file_bomb"));

        // Entries of 1 MB each stay under the ratio check; their total gives them away.
        let spread = spread_bomb(60);
        assert!(spread.len() < MAX_BYTES);
        assert_eq!(inspect("plan.docx", &spread), Err("err.plan.file_bomb"));
        assert_eq!(inspect("plan.docx", &spread_bomb(40)).map(|d| d.media_type), Ok(DOCX), "40 MB expanded is still a document");

        let many: Vec<(String, &[u8])> = (0..MAX_ENTRIES + 1).map(|i| (format!("f{i}"), &b""[..])).collect();
        let many: Vec<(&str, &[u8])> = many.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        assert_eq!(inspect("plan.docx", &archive(&many)), Err("err.plan.file_bomb"));
    }

    /// A DOCX with `megabytes` entries of 1 MB of zeros each (deflated to ~1 KB).
    pub(crate) fn spread_bomb(megabytes: usize) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("[Content_Types].xml", deflated).unwrap();
        writer.write_all(b"<Types/>").unwrap();
        writer.start_file("word/document.xml", deflated).unwrap();
        writer.write_all(b"<w:document/>").unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for i in 0..megabytes {
            writer.start_file(format!("word/media/image{i}.bin"), deflated).unwrap();
            writer.write_all(&zeros).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn stored_names_are_clean_and_match_the_type() {
        assert_eq!(stored_name("../../etc/passwd", PDF), "passwd.pdf");
        assert_eq!(stored_name("C:\\Users\\x\\POP v2.pdf", PDF), "POP-v2.pdf");
        assert_eq!(stored_name("\u{202e}fdp.exe", PDF), "fdp.exe.pdf");
        assert_eq!(stored_name("...", DOCX), "plan.docx");
    }
}
