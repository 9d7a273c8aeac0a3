//! One folder per feature: pages, server functions, form actions, server-only `db`,
//! and a `FEATURE` value with its forms and routes that `app::site` assembles.
pub mod accounts;
pub mod applications;
pub mod backups;
pub mod calendar;
pub mod certificates;
pub mod cohorts;
pub mod enrolment;
pub mod home;
pub mod hours;
pub mod interview;
pub mod mail;
pub mod participant;
pub mod plans;
pub mod privacy;
pub mod programme;
pub mod requirements;
pub mod workplace;
