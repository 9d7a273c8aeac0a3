//! Storage of the programme. Which session applies to which participant is
//! decided in one place, the `expected_by_rule` view, and stored in the
//! `expected_attendance` table that triggers keep equal to it; every query here
//! that counts or checks attendance reads that table.
//! One module per part of the programme; callers use `db::…` as one whole.
mod attendance;
mod figures;
mod groups;
mod own_track;
mod sessions;
mod spreadsheets;

pub use attendance::*;
pub use figures::*;
pub use groups::*;
pub use own_track::*;
pub use sessions::*;
pub use spreadsheets::*;
