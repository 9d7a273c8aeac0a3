//! The HTTP tests, one binary: each module tells the stories of one feature against
//! a spawned app with a fresh SQLite file (`common::spawn_app`). One binary links the
//! app once instead of once per feature.
mod common;

mod accounts;
mod applications;
mod authorisation;
mod backups;
mod calendar;
mod certificates;
mod cli;
mod credentials;
mod durability;
mod enrolment;
mod hours;
mod mail;
mod pages;
mod plans;
mod privacy;
mod query_plans;
mod programme;
mod retention;
mod robustness;
mod smtp;
mod workplace;
