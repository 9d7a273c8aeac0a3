-- The programme: sessions (lessons, elective trainings, intervision), the
-- intervision groups, the participants' choice of trainings, and attendance.
-- Nothing here is ever deleted: a cancelled session keeps its row and status.

-- The cohort's rules for the programme (editable later, with an audit line).
ALTER TABLE cohorts ADD COLUMN trainings_required INTEGER NOT NULL DEFAULT 2 CHECK (trainings_required >= 0);
ALTER TABLE cohorts ADD COLUMN intervision_earns_hours INTEGER NOT NULL DEFAULT 1 CHECK (intervision_earns_hours IN (0, 1));
ALTER TABLE cohorts ADD COLUMN excused_counts_as_absent INTEGER NOT NULL DEFAULT 0 CHECK (excused_counts_as_absent IN (0, 1));

-- The day a participant joined their cohort: sessions before it do not apply to them.
ALTER TABLE users ADD COLUMN joined_on TEXT;
UPDATE users SET joined_on = substr(created_at, 1, 10) WHERE role = 'deelnemer';

-- The intervision groups of a cohort; the plans issue's GOP is written per group.
CREATE TABLE intervision_groups (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    name       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (cohort_id, name)
);

-- A participant is in at most one group (they belong to one cohort).
CREATE TABLE group_members (
    participant_id INTEGER PRIMARY KEY REFERENCES users (id),
    group_id       INTEGER NOT NULL REFERENCES intervision_groups (id)
);
CREATE INDEX group_members_by_group ON group_members (group_id);

CREATE TABLE programme_sessions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('les', 'training', 'intervisie')),
    title      TEXT    NOT NULL,
    held_on    TEXT    NOT NULL,
    -- Amsterdam wall-clock times, HH:MM; `minutes` is their difference, kept so sums stay plain SQL.
    starts_at  TEXT    NOT NULL,
    ends_at    TEXT    NOT NULL,
    minutes    INTEGER NOT NULL CHECK (minutes > 0),
    place      TEXT,
    online_url TEXT,
    -- Trainings only: how many participants can choose it.
    capacity   INTEGER CHECK (capacity IS NULL OR capacity > 0),
    -- Intervision only: the group it is for.
    group_id   INTEGER REFERENCES intervision_groups (id),
    status     TEXT    NOT NULL DEFAULT 'gepland' CHECK (status IN ('gepland', 'geannuleerd')),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT    NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK ((kind = 'intervisie') = (group_id IS NOT NULL)),
    CHECK (kind = 'training' OR capacity IS NULL),
    CHECK (place IS NOT NULL OR online_url IS NOT NULL)
);
CREATE INDEX programme_sessions_by_cohort ON programme_sessions (cohort_id, held_on);

CREATE TABLE session_trainers (
    session_id INTEGER NOT NULL REFERENCES programme_sessions (id),
    trainer_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (session_id, trainer_id)
);
CREATE INDEX session_trainers_by_trainer ON session_trainers (trainer_id);

-- A participant's own track: the trainings they chose.
CREATE TABLE training_choices (
    session_id     INTEGER NOT NULL REFERENCES programme_sessions (id),
    participant_id INTEGER NOT NULL REFERENCES users (id),
    chosen_at      TEXT    NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX training_choices_by_participant ON training_choices (participant_id);

-- One line per participant per session; recording again overwrites it.
CREATE TABLE attendance (
    session_id       INTEGER NOT NULL REFERENCES programme_sessions (id),
    participant_id   INTEGER NOT NULL REFERENCES users (id),
    status           TEXT    NOT NULL CHECK (status IN ('aanwezig', 'te_laat', 'afwezig', 'afgemeld')),
    remark           TEXT,
    -- A trainer's correction of the time credited (left early); NULL: the session's length.
    credited_minutes INTEGER CHECK (credited_minutes IS NULL OR credited_minutes >= 0),
    recorded_by      INTEGER NOT NULL REFERENCES users (id),
    recorded_at      TEXT    NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX attendance_by_participant ON attendance (participant_id);

-- The one definition of "this session applies to this participant": every
-- lesson of their cohort, the trainings they chose, their group's intervision,
-- and only from the day they joined. Attendance may be recorded only for these
-- pairs, and every attendance figure is counted over them.
CREATE VIEW expected_attendance AS
SELECT s.id AS session_id, u.id AS participant_id
FROM programme_sessions s
JOIN users u ON u.cohort_id = s.cohort_id AND u.role = 'deelnemer'
WHERE s.held_on >= COALESCE(u.joined_on, s.held_on)
  AND (s.kind = 'les'
       OR (s.kind = 'training' AND EXISTS (
             SELECT 1 FROM training_choices tc WHERE tc.session_id = s.id AND tc.participant_id = u.id))
       OR (s.kind = 'intervisie' AND EXISTS (
             SELECT 1 FROM group_members gm WHERE gm.group_id = s.group_id AND gm.participant_id = u.id)));
