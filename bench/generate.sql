-- A realistic large database on top of the demo (`leerlijn seed-demo` first):
-- 49 more cohorts (one of 500 participants), 10,000 participants in all, 1,000,000
-- hour entries in every status, a programme with attendance for every cohort,
-- intervision groups, POPs and GOPs, passed interviews with certificates, and the
-- demo trainer (trainer@leerlijn.test) in 5 cohorts with thousands of waiting
-- entries; the demo participant (deelnemer@leerlijn.test) gets 2,000 entries.
-- Plain SQLite, deterministic (no random()), about a minute on 2 cores.
.bail on
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;

CREATE TEMP TABLE n (i INTEGER PRIMARY KEY);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 10000)
INSERT INTO n SELECT i FROM r;

CREATE TEMP TABLE demo AS
SELECT (SELECT id FROM users WHERE email = 'trainer@leerlijn.test') AS trainer,
       (SELECT id FROM users WHERE email = 'docent@leerlijn.test') AS docent,
       (SELECT id FROM users WHERE email = 'deelnemer@leerlijn.test') AS participant,
       (SELECT cohort_id FROM users WHERE email = 'deelnemer@leerlijn.test') AS cohort;

-- Cohorts: number 1 holds 500 participants and is current; the others run one after
-- another over the last years, a few of them current.
INSERT INTO cohorts (name, starts_on, ends_on, created_at)
SELECT 'Bench cohort ' || printf('%02d', i),
       date('now', '-' || ((i % 7) * 120 + 60) || ' days'),
       date('now', printf('%+d days', 300 - (i % 7) * 120)),
       datetime('now')
FROM n WHERE i <= 49;
CREATE TEMP TABLE bench_cohorts AS
SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS k FROM cohorts WHERE name LIKE 'Bench cohort %';

-- 9,995 participants (the demo has 5): 500 in cohort 1, the rest spread over 2..49.
-- They joined on their cohort's first day, so their stint (`enrolments`, made by a
-- trigger from `joined_on`) covers the whole programme.
INSERT INTO users (email, name, role, cohort_id, joined_on, created_at)
SELECT 'p' || i || '@bench.test', 'Deelnemer ' || i || ' van Bench',  'deelnemer', c.id, c.starts_on, datetime('now')
FROM n JOIN bench_cohorts b ON b.k = CASE WHEN n.i <= 500 THEN 1 ELSE 2 + (n.i % 48) END
JOIN cohorts c ON c.id = b.id
WHERE i <= 9995;

-- 98 more trainers, two per cohort; the demo trainer also trains cohorts 1, 2, 3 and 4.
INSERT INTO users (email, name, role, organisation, created_at)
SELECT 't' || i || '@bench.test', 'Trainer ' || i || ' van Bench', 'trainer',
       CASE WHEN i % 2 = 0 THEN 'vrijwilligersacademie' ELSE 'hva' END, datetime('now')
FROM n WHERE i <= 98;
INSERT INTO cohort_trainers (cohort_id, trainer_id)
SELECT c.id, u.id FROM bench_cohorts c JOIN users u ON u.email IN ('t' || (2 * c.k - 1) || '@bench.test', 't' || (2 * c.k) || '@bench.test');
INSERT INTO cohort_trainers (cohort_id, trainer_id)
SELECT c.id, demo.trainer FROM bench_cohorts c, demo WHERE c.k <= 4;

-- 100 entries per generated participant (999,500) and 2,000 for the demo participant,
-- two days apart inside the cohort's period: 70% approved, 12% waiting, 10% rejected,
-- 8% withdrawn; practice entries name their place.
CREATE TEMP TABLE e (j INTEGER PRIMARY KEY);
INSERT INTO e SELECT i FROM n WHERE i <= 2000;
INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status,
                          rejection_reason, decided_by, decided_at, submitted_at, withdrawn_at)
SELECT u.id, u.cohort_id, date(c.starts_on, '+' || ((e.j * 2) % 360) || ' days'), 2 + (e.j % 12),
       CASE WHEN e.j % 2 = 0 THEN 'leren' ELSE 'praktijk' END,
       'Regel ' || e.j || ': spreekuur, huisbezoek of training samen met de tandempartner',
       CASE WHEN e.j % 2 = 0 THEN NULL ELSE 'Buurtteam ' || (u.id % 9) END,
       CASE WHEN (u.id + e.j) % 50 < 35 THEN 'goedgekeurd' WHEN (u.id + e.j) % 50 < 41 THEN 'ingediend'
            WHEN (u.id + e.j) % 50 < 46 THEN 'afgekeurd' ELSE 'ingetrokken' END,
       CASE WHEN (u.id + e.j) % 50 BETWEEN 41 AND 45 THEN 'Graag per bezoek apart invullen.' END,
       CASE WHEN (u.id + e.j) % 50 < 35 OR (u.id + e.j) % 50 BETWEEN 41 AND 45 THEN demo.trainer END,
       CASE WHEN (u.id + e.j) % 50 < 35 OR (u.id + e.j) % 50 BETWEEN 41 AND 45 THEN datetime('now', '-1 days') END,
       datetime('now', '-' || (e.j % 300) || ' hours', '-' || (u.id % 3600) || ' seconds'),
       CASE WHEN (u.id + e.j) % 50 >= 46 THEN datetime('now', '-2 hours') END
FROM users u JOIN cohorts c ON c.id = u.cohort_id JOIN e ON e.j <= CASE WHEN u.id = (SELECT participant FROM demo) THEN 2000 ELSE 100 END
CROSS JOIN demo
WHERE u.role = 'deelnemer' AND (u.email LIKE '%@bench.test' OR u.id = demo.participant);

-- Intervision groups of 8, each with its GOP; POPs for everyone, in every status.
INSERT INTO intervision_groups (cohort_id, name, created_at)
SELECT c.id, 'Groep ' || n.i, datetime('now') FROM bench_cohorts c JOIN n
ON n.i <= (SELECT (COUNT(*) + 7) / 8 FROM users WHERE cohort_id = c.id AND role = 'deelnemer');
INSERT INTO group_members (participant_id, group_id)
SELECT u.id, g.id FROM (
    SELECT id, cohort_id, ROW_NUMBER() OVER (PARTITION BY cohort_id ORDER BY id) - 1 AS r
    FROM users WHERE role = 'deelnemer' AND email LIKE '%@bench.test') u
JOIN intervision_groups g ON g.cohort_id = u.cohort_id AND g.name = 'Groep ' || (u.r / 8 + 1);
INSERT INTO plans (kind, cohort_id, participant_id, status, created_at)
SELECT 'pop', cohort_id, id, CASE id % 4 WHEN 0 THEN 'concept' WHEN 1 THEN 'ingediend' WHEN 2 THEN 'revisie' ELSE 'goedgekeurd' END,
       datetime('now', '-30 days')
FROM users WHERE role = 'deelnemer' AND email LIKE '%@bench.test';
INSERT INTO plans (kind, cohort_id, group_id, status, created_at)
SELECT 'gop', g.cohort_id, g.id, CASE g.id % 3 WHEN 0 THEN 'ingediend' WHEN 1 THEN 'goedgekeurd' ELSE 'concept' END, datetime('now', '-30 days')
FROM intervision_groups g JOIN bench_cohorts c ON c.id = g.cohort_id;
INSERT INTO plan_versions (plan_id, number, body, author_id, created_at, submitted_at)
SELECT p.id, 1, 'Mijn persoonlijk ontwikkelplan: doelen, acties en hoe ik mijn ervaringskennis inzet.',
       COALESCE(p.participant_id, (SELECT MIN(participant_id) FROM group_members WHERE group_id = p.group_id)),
       datetime('now', '-20 days'), CASE WHEN p.status <> 'concept' THEN datetime('now', '-19 days') END
FROM plans p JOIN bench_cohorts c ON c.id = p.cohort_id;

-- Per cohort: 20 lessons a fortnight apart, 4 trainings, 6 meetings per intervision group.
INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, created_by, created_at)
SELECT c.id, 'les', 'Les ' || n.i, date(co.starts_on, '+' || (n.i * 14) || ' days'), '13:30', '16:30', 180, 'Vrijwilligersacademie',
       demo.trainer, datetime('now')
FROM bench_cohorts c JOIN cohorts co ON co.id = c.id JOIN n ON n.i <= 20 CROSS JOIN demo;
INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, capacity, created_by, created_at)
SELECT c.id, 'training', 'Training ' || n.i, date(co.starts_on, '+' || (n.i * 60 + 7) || ' days'), '10:00', '16:00', 360, 'HvA',
       30, demo.trainer, datetime('now')
FROM bench_cohorts c JOIN cohorts co ON co.id = c.id JOIN n ON n.i <= 4 CROSS JOIN demo;
INSERT INTO programme_sessions (cohort_id, kind, title, held_on, starts_at, ends_at, minutes, place, group_id, created_by, created_at)
SELECT g.cohort_id, 'intervisie', 'Intervisie ' || n.i, date(co.starts_on, '+' || (n.i * 42 + 3) || ' days'), '10:00', '12:00', 120,
       'Buurthuis', g.id, demo.trainer, datetime('now')
FROM intervision_groups g JOIN bench_cohorts c ON c.id = g.cohort_id JOIN cohorts co ON co.id = g.cohort_id JOIN n ON n.i <= 6
CROSS JOIN demo;
INSERT INTO training_choices (session_id, participant_id, chosen_at)
SELECT s.id, u.id, datetime('now', '-40 days')
FROM programme_sessions s JOIN users u ON u.cohort_id = s.cohort_id AND u.role = 'deelnemer'
WHERE s.kind = 'training' AND s.cohort_id IN (SELECT id FROM bench_cohorts) AND (u.id + s.id) % 8 = 0;

-- Attendance for every session held: mostly present, some late, absent or excused.
INSERT INTO attendance (session_id, participant_id, status, recorded_by, recorded_at)
SELECT e.session_id, e.participant_id,
       CASE (e.session_id + e.participant_id) % 20 WHEN 0 THEN 'afwezig' WHEN 1 THEN 'afgemeld' WHEN 2 THEN 'te_laat' ELSE 'aanwezig' END,
       demo.trainer, datetime('now')
FROM expected_attendance e JOIN programme_sessions s ON s.id = e.session_id CROSS JOIN demo
WHERE s.cohort_id IN (SELECT id FROM bench_cohorts) AND s.held_on < date('now');

-- Cohort 1: 60 passed interviews, each with its certificate (the demo's PDF bytes).
INSERT INTO interviews (participant_id, cohort_id, held_on, starts_at, place, assessor_va_id, assessor_hva_id, status,
                        scheduled_by, created_at, decided_at)
SELECT u.id, u.cohort_id, date('now', '-10 days'), '10:00', 'Vrijwilligersacademie', demo.trainer, demo.docent, 'geslaagd',
       demo.trainer, datetime('now', '-20 days'), datetime('now', '-10 days')
FROM users u CROSS JOIN demo WHERE u.cohort_id = (SELECT id FROM bench_cohorts WHERE k = 1) AND u.role = 'deelnemer' AND u.id % 8 = 0
LIMIT 60;
INSERT INTO certificates (number, interview_id, participant_id, cohort_id, participant_name, learning_quarters, practice_quarters,
                          issued_on, issued_at, pdf, size_bytes, sha256)
SELECT 'LB-BNCH-0000-' || substr(printf('%08d', i.id), 1, 4) || '-' || substr(printf('%08d', i.id), 5, 4), i.id, i.participant_id, i.cohort_id, u.name, 240, 240, date('now', '-10 days'),
       datetime('now', '-10 days'), x.pdf, x.size_bytes, 'bench' || i.id || substr(x.sha256, 1, 40)
FROM interviews i JOIN users u ON u.id = i.participant_id CROSS JOIN (SELECT pdf, size_bytes, sha256 FROM certificates LIMIT 1) x
WHERE i.cohort_id = (SELECT id FROM bench_cohorts WHERE k = 1);

-- Every participant has a leerplek, and asked its werkbegeleider about their waiting practice
-- entries on one link: about half are answered, mostly confirmed (the review queue's filter).
INSERT INTO placements (participant_id, organisation, team, supervisor_name, supervisor_email, supervisor_role, since, created_at)
SELECT u.id, 'Buurtteam ' || (u.id % 20), 'Team ' || (u.id % 7), 'Begeleider ' || (u.id % 300),
       'begeleider' || (u.id % 300) || '@buurtteam.test', 'werkbegeleider', date('now', '-200 days'), datetime('now', '-200 days')
FROM users u WHERE u.role = 'deelnemer' AND u.cohort_id IN (SELECT id FROM bench_cohorts);
INSERT INTO confirmation_requests (participant_id, placement_id, token_hash, created_at, expires_at)
SELECT p.participant_id, p.id, 'bench-' || p.id, datetime('now', '-3 days'), datetime('now', '+11 days')
FROM placements p JOIN users u ON u.id = p.participant_id WHERE u.cohort_id IN (SELECT id FROM bench_cohorts);
INSERT INTO confirmation_items (request_id, entry_id, entry_submitted_at, answer, remark, answered_at)
SELECT r.id, h.id, h.submitted_at,
       CASE WHEN h.id % 20 = 0 THEN 'betwist' WHEN h.id % 2 = 0 THEN 'bevestigd' END,
       CASE WHEN h.id % 20 = 0 THEN 'Klopt niet helemaal' END,
       CASE WHEN h.id % 2 = 0 THEN datetime('now', '-1 days') END
FROM confirmation_requests r JOIN hour_entries h ON h.participant_id = r.participant_id
WHERE r.token_hash LIKE 'bench-%' AND h.kind = 'praktijk' AND h.status = 'ingediend';

-- No ANALYZE: the app never runs it, so SQLite plans its queries without statistics.
-- With them, the bench hid a plan the app really used (the cohort page walked every
-- participant through the role index; migration 36).
