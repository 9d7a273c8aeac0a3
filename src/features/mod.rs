//! One folder per feature: server functions, server-only `db`, and components.
pub mod accounts;
pub mod cohorts;
pub mod home;
pub mod hours;
