//! CSV downloads for Dutch Excel: UTF-8 with a byte order mark (so Excel reads
//! the accents), `;` between cells (Excel's list separator in a Dutch locale),
//! decimal commas, one header row, served as an attachment.
use std::borrow::Cow;

use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

use crate::error::AppError;

/// The one cleaner of CSV cells. A cell that starts with `=`, `+`, `-`, `@` (or a
/// tab or carriage return, which Excel skips) would be read as a formula; a leading
/// apostrophe makes it text, as Excel itself does (OWASP "CSV injection").
pub fn safe_cell(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A finished table as a download named `file_name` (cleaned by `security::safe_file_name`).
pub fn csv_download(file_name: &str, header_row: &[&str], rows: &[Vec<String>]) -> Result<Response, AppError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::from("\u{feff}".as_bytes()));
    let write = |writer: &mut csv::Writer<Vec<u8>>, cells: Vec<Cow<'_, str>>| {
        writer.write_record(cells.iter().map(|c| c.as_bytes())).map_err(|e| {
            tracing::error!(error = %e, "CSV row could not be written");
            AppError::Internal
        })
    };
    write(&mut writer, header_row.iter().map(|h| safe_cell(h)).collect())?;
    for row in rows {
        write(&mut writer, row.iter().map(|c| safe_cell(c)).collect())?;
    }
    let bytes = writer.into_inner().map_err(|_| AppError::Internal)?;
    let disposition = format!("attachment; filename=\"{}\"", super::security::safe_file_name(file_name));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|_| AppError::Internal)?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_cell;

    #[test]
    fn formula_starts_become_text() {
        for risky in ["=1+1", "+31 6", "-2", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(safe_cell(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["Samira", "1,5", "", "'al tekst"] {
            assert_eq!(safe_cell(plain), plain);
        }
    }
}
