-- One definition of what an expected session counts for a participant: its kind,
-- the attendance recorded (if any) and the minutes it earns (attended, and for
-- intervision only if the cohort says intervision earns hours; a trainer's
-- credited time replaces the session's length). Called-off sessions count for
-- nobody. Figures sum these lines up to today, per participant or per cohort.
CREATE VIEW attendance_lines AS
SELECT e.participant_id, s.cohort_id, s.id AS session_id, s.kind, s.held_on, a.status, c.excused_counts_as_absent,
       CASE WHEN a.status IN ('aanwezig', 'te_laat') AND (s.kind <> 'intervisie' OR c.intervision_earns_hours = 1)
            THEN COALESCE(a.credited_minutes, s.minutes) ELSE 0 END AS earned_minutes
FROM expected_attendance e
JOIN programme_sessions s ON s.id = e.session_id
JOIN cohorts c ON c.id = s.cohort_id
LEFT JOIN attendance a ON a.session_id = e.session_id AND a.participant_id = e.participant_id
WHERE s.status = 'gepland';
