//! CSV downloads for Dutch Excel: UTF-8 with a byte order mark (so Excel reads
//! the accents), `;` between cells (Excel's list separator in a Dutch locale),
//! decimal commas, one header row, served as an attachment.
use std::borrow::Cow;

use axum::response::Response;

use crate::error::AppError;

/// A finished table as a download named `file_name` (cleaned by `crate::clean::file_name`).
pub fn csv_download(file_name: &str, header_row: &[&str], rows: &[Vec<String>]) -> Result<Response, AppError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::from("\u{feff}".as_bytes()));
    let write = |writer: &mut csv::Writer<Vec<u8>>, cells: Vec<Cow<'_, str>>| {
        writer.write_record(cells.iter().map(|c| c.as_bytes())).map_err(|e| {
            tracing::error!(error = %e, "CSV row could not be written");
            AppError::Internal
        })
    };
    write(&mut writer, header_row.iter().map(|h| crate::clean::csv_cell(h)).collect())?;
    for row in rows {
        write(&mut writer, row.iter().map(|c| crate::clean::csv_cell(c)).collect())?;
    }
    let bytes = writer.into_inner().map_err(|_| AppError::Internal)?;
    super::download::attachment(bytes, "text/csv; charset=utf-8", file_name)
}
