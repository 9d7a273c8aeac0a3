//! UI pieces used by several features. They import no feature.
pub mod format;
pub mod page;
pub mod progress;
pub mod select_all;
pub mod status;
