//! Reads the columns of the `participant_standing` view into a [`Standing`]: the one
//! place that turns hour sums, plans and the final step into figures.
use crate::{
    domain::{EntryStatus, HourKind},
    error::AppError,
    features::plans::PlanStanding,
    server::db::from_json,
};

use super::{FinalStanding, Standing, Totals};

/// `hour_sums` is the view's JSON array of `[kind, status, quarters, count]`; `plans` and
/// `final_step` are absent for someone without plans or an interview.
pub fn read(hour_sums: &str, plans: Option<&str>, final_step: Option<&str>) -> Result<Standing, AppError> {
    from_sums(from_json::<Vec<HourSum>>(hour_sums)?, plans, final_step)
}

/// One row of `hour_totals`: kind, status, quarters and number of entries.
pub type HourSum = (String, String, i64, i64);

/// As [`read`], with the hour sums already read (pages that read them for many people at once).
pub fn from_sums(sums: Vec<HourSum>, plans: Option<&str>, final_step: Option<&str>) -> Result<Standing, AppError> {
    let mut totals = Totals::default();
    let (mut pending_count, mut entry_count, mut rejected_count) = (0, 0, 0);
    for (kind, status, quarters, count) in sums {
        let kind = HourKind::parse(&kind).map_err(|_| AppError::Internal)?;
        let status = EntryStatus::parse(&status).map_err(|_| AppError::Internal)?;
        if status == EntryStatus::Withdrawn {
            continue;
        }
        entry_count += count;
        let slot = match (status, kind) {
            (EntryStatus::Approved, HourKind::Learning) => &mut totals.approved_learning,
            (EntryStatus::Approved, HourKind::Practice) => &mut totals.approved_practice,
            (EntryStatus::Submitted, HourKind::Learning) => &mut totals.pending_learning,
            (EntryStatus::Submitted, HourKind::Practice) => &mut totals.pending_practice,
            (EntryStatus::Rejected, _) => {
                rejected_count += count;
                continue;
            }
            (EntryStatus::Withdrawn, _) => continue,
        };
        *slot += quarters;
        if status == EntryStatus::Submitted {
            pending_count += count;
        }
    }
    Ok(Standing {
        totals,
        pending_count,
        entry_count,
        rejected_count,
        attendance: Default::default(),
        plans: PlanStanding::from_json(plans)?,
        final_step: FinalStanding::from_json(final_step)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_become_totals_and_counts_and_withdrawn_entries_count_nowhere() {
        let sums = r#"[["leren","goedgekeurd",40,3],["leren","ingediend",8,2],["praktijk","goedgekeurd",12,1],
                       ["praktijk","afgekeurd",4,1],["praktijk","ingetrokken",100,9]]"#;
        let s = read(sums, None, None).unwrap();
        assert_eq!((s.totals.approved_learning, s.totals.pending_learning), (40, 8));
        assert_eq!((s.totals.approved_practice, s.totals.pending_practice), (12, 0));
        assert_eq!((s.pending_count, s.entry_count, s.rejected_count), (2, 7, 1));
        assert_eq!(s.with_attendance(crate::features::programme::AttendanceFigures { session_quarters: 6, ..Default::default() })
            .totals
            .learning_total(), 46);
    }

    #[test]
    fn an_unknown_code_is_an_internal_error_not_a_guess() {
        assert!(read(r#"[["leren","zomaar",4,1]]"#, None, None).is_err());
        assert!(read("[]", None, None).is_ok_and(|s| s == Standing::default()));
    }
}
