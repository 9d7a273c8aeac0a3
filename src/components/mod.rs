//! UI pieces used by several features.
pub mod form;
pub mod format;
pub mod layout;
pub mod page;
pub mod progress;
pub mod status;
