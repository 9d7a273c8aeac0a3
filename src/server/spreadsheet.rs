//! CSV downloads for Dutch Excel: UTF-8 with a byte order mark (so Excel reads
//! the accents), `;` between cells (Excel's list separator in a Dutch locale),
//! decimal commas, one header row, served as an attachment.
use std::borrow::Cow;

use axum::response::Response;

use crate::error::AppError;

/// A finished table as a download named `file_name` (cleaned by `crate::clean::file_name`).
pub fn csv_download(file_name: &str, header_row: &[&str], rows: &[Vec<String>]) -> Result<Response, AppError> {
    let mut bytes = csv_header(header_row)?;
    bytes.extend(csv_rows(rows)?);
    super::download::attachment(bytes, "text/csv; charset=utf-8", file_name)
}

/// A table sent as it is read: the header at once, then each batch of rows as the
/// stream yields it, so a large table starts arriving before its end is read and is
/// never held in memory whole. A failure halfway ends the body early (logged): the
/// file then arrives broken rather than complete-looking.
pub fn csv_stream<S>(file_name: &str, header_row: &[&str], batches: S) -> Result<Response, AppError>
where
    S: futures::Stream<Item = Result<Vec<Vec<String>>, AppError>> + Send + 'static,
{
    use futures::StreamExt;
    let header = csv_header(header_row)?;
    let body = futures::stream::once(async move { Ok::<_, AppError>(header) })
        .chain(batches.map(|batch| batch.and_then(|rows| csv_rows(&rows))))
        .map(|chunk| chunk.map(axum::body::Bytes::from));
    super::download::attachment(axum::body::Body::from_stream(body), "text/csv; charset=utf-8", file_name)
}

/// The byte order mark and the header row.
fn csv_header(header_row: &[&str]) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::from("\u{feff}".as_bytes()));
    write(&mut writer, header_row.iter().map(|h| crate::clean::csv_cell(h)).collect())?;
    writer.into_inner().map_err(|_| AppError::Internal)
}

fn csv_rows(rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    for row in rows {
        write(&mut writer, row.iter().map(|c| crate::clean::csv_cell(c)).collect())?;
    }
    writer.into_inner().map_err(|_| AppError::Internal)
}

fn write(writer: &mut csv::Writer<Vec<u8>>, cells: Vec<Cow<'_, str>>) -> Result<(), AppError> {
    writer.write_record(cells.iter().map(|c| c.as_bytes())).map_err(|e| {
        tracing::error!(error = %e, "CSV row could not be written");
        AppError::Internal
    })
}
