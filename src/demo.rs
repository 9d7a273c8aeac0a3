//! Demo data for `make run` and the browser tests: a running cohort, its
//! trainers and participants, and hours in every state.
use chrono::Duration;
use sqlx::SqlitePool;

use crate::{
    domain::{AttendanceStatus, Email, EntryStatus, HourKind, Organisation, PersonName, Role, SessionKind},
    error::AppError,
    server::clock::today_in_amsterdam,
    world::{self, Entry, Session},
};

pub const DEMO_PASSWORD: &str = "leerlijn-demo-2026";

/// (email, name, role, organisation)
const DEMO_PEOPLE: &[(&str, &str, Role, Option<Organisation>)] = &[
    ("coordinator@leerlijn.test", "Marieke de Vries", Role::Coordinator, None),
    ("trainer@leerlijn.test", "Youssef El Amrani", Role::Trainer, Some(Organisation::Vrijwilligersacademie)),
    ("docent@leerlijn.test", "Ingrid Jansen", Role::Trainer, Some(Organisation::Hva)),
    ("deelnemer@leerlijn.test", "Samira Bakker", Role::Participant, None),
    ("kees@leerlijn.test", "Kees van Dijk", Role::Participant, None),
    ("anouk@leerlijn.test", "Anouk Pinas", Role::Participant, None),
    // The final step: Fatima has her certificate, Ruud has only the interview to go.
    ("fatima@leerlijn.test", "Fatima El Idrissi", Role::Participant, None),
    ("ruud@leerlijn.test", "Ruud Koster", Role::Participant, None),
];

/// A participant who paused in last year's cohort and went on in this one.
const DEMO_RETURNER: (&str, &str) = ("demi@leerlijn.test", "Demi Visser");

pub fn print_logins() {
    println!("Demo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):");
    for (email, name, role, _) in DEMO_PEOPLE {
        println!("  {:<28} {:<12} {name}", email, role.code());
    }
    let (email, name) = DEMO_RETURNER;
    println!("  {:<28} {:<12} {name} (pauzeerde en ging verder in een nieuw cohort)", email, Role::Participant.code());
}

/// Adds a running cohort, its trainers and participants with some hours in each
/// state. Returns false when the demo was already there.
pub async fn seed(pool: &SqlitePool, issuer: &crate::features::certificates::issue::Issuer<'_>) -> Result<bool, AppError> {
    let exists =
        sqlx::query_scalar!("SELECT id FROM users WHERE email = 'coordinator@leerlijn.test'").fetch_optional(pool).await?.is_some();
    if exists {
        return Ok(false);
    }
    let today = today_in_amsterdam();
    // The cohort runs around today so demo hours can always be logged.
    let starts_on = today - Duration::days(60);
    let ends_on = today + Duration::days(300);
    let cohort_id = world::cohort(pool, "Leerlijn Buurtteams 2026", starts_on, ends_on).await?;

    let mut ids = Vec::new();
    for (email, name, role, organisation) in DEMO_PEOPLE {
        let cohort = (*role != Role::Coordinator).then_some(cohort_id);
        ids.push(world::person(pool, email, name, *role, *organisation, cohort, DEMO_PASSWORD).await?);
    }
    let trainer = ids[1];
    let entries: &[(i64, i64, i64, HourKind, &str, Option<&str>, EntryStatus, Option<&str>)] = &[
        // (participant, days ago, quarters, kind, description, place, status, reason)
        (ids[3], 40, 12, HourKind::Learning, "Boek 'Herstel als leerproces' gelezen en samengevat", None, EntryStatus::Approved, None),
        (ids[3], 33, 16, HourKind::Practice, "Spreekuur met tandempartner", Some("Buurtteam Noord"), EntryStatus::Approved, None),
        (ids[3], 20, 8, HourKind::Learning, "Casus uitgewerkt voor de intervisie", None, EntryStatus::Submitted, None),
        (
            ids[3],
            12,
            10,
            HourKind::Practice,
            "Huisbezoeken samen met tandempartner",
            Some("Buurtteam Noord"),
            EntryStatus::Rejected,
            Some("Graag per bezoek apart invullen."),
        ),
        (ids[4], 30, 24, HourKind::Practice, "Inloopochtend", Some("Buurtteam Zuidoost"), EntryStatus::Approved, None),
        (ids[4], 5, 6, HourKind::Learning, "Webinar over schulden en armoede", None, EntryStatus::Submitted, None),
        (ids[5], 3, 4, HourKind::Learning, "Literatuur over herstelgericht werken", None, EntryStatus::Submitted, None),
    ];
    // Fatima and Ruud: enough approved hours for the certificate (an entry holds at most 12 hours).
    let mut entries = entries.to_vec();
    for participant in [ids[6], ids[7]] {
        for week in 0..5_i64 {
            entries.push((
                participant,
                56 - week * 10,
                36,
                HourKind::Learning,
                "Studie: literatuur en reflectieverslag bij de les",
                None,
                EntryStatus::Approved,
                None,
            ));
        }
        for week in 0..6_i64 {
            entries.push((
                participant,
                54 - week * 9,
                44,
                HourKind::Practice,
                "Huisbezoeken en spreekuur met tandempartner",
                Some("Buurtteam West"),
                EntryStatus::Approved,
                None,
            ));
        }
    }
    for &(participant_id, days_ago, quarters, kind, description, place, status, rejection_reason) in &entries {
        let worked_on = today - Duration::days(days_ago);
        let decided_by = Some(trainer);
        world::entry(
            pool,
            &Entry { participant_id, cohort_id, worked_on, quarters, kind, description, place, status, rejection_reason, decided_by },
        )
        .await?;
    }
    seed_programme(pool, cohort_id, &ids).await?;
    seed_plans(pool, &ids).await?;
    seed_final_step(pool, cohort_id, &ids, issuer).await?;
    seed_ended_cohort(pool, trainer).await?;
    seed_outbox(pool, cohort_id, ids[0], ids[3]).await?;
    seed_workplace(pool, cohort_id, trainer, ids[4]).await?;
    seed_applications(pool, ids[0]).await?;
    seed_returner(pool, ids[0], trainer, cohort_id, starts_on).await?;
    Ok(true)
}

/// Demi took part in last year's cohort (lessons attended, hours and her POP approved),
/// paused for the care of a family member, and went on in this year's cohort on its
/// first day: her record shows both cohorts, and what she did before counts here.
async fn seed_returner(pool: &SqlitePool, coordinator: i64, trainer: i64, cohort_id: i64, starts_on: chrono::NaiveDate) -> Result<(), AppError> {
    use crate::{
        domain::{BreakReason, LeaveKind, PlanKind, PlanStatus},
        features::enrolment::db::{self as enrolment, Break},
    };
    let today = today_in_amsterdam();
    let earlier_start = today - Duration::days(420);
    let earlier = world::cohort(pool, "Leerlijn Buurtteams 2025", earlier_start, today - Duration::days(90)).await?;
    let (email, name) = DEMO_RETURNER;
    let demi = world::person(pool, email, name, Role::Participant, None, Some(earlier), DEMO_PASSWORD).await?;
    sqlx::query!("UPDATE users SET joined_on = ? WHERE id = ?", earlier_start, demi).execute(pool).await?;
    for week in 0..4_i64 {
        let held_on = earlier_start + Duration::days(7 + 14 * week);
        let session = Session {
            cohort_id: earlier,
            kind: SessionKind::Lesson,
            title: "Les: ervaringskennis in de wijk",
            held_on,
            starts_at: "13:30",
            ends_at: "16:30",
            place: "Hogeschool van Amsterdam, Wibauthuis",
            capacity: None,
            group_id: None,
            trainers: &[trainer],
            created_by: coordinator,
        };
        let id = world::session(pool, &session).await?;
        world::attendance(pool, id, demi, AttendanceStatus::Present, trainer).await?;
    }
    let done: &[(i64, HourKind, &str, Option<&str>)] = &[
        (20, HourKind::Learning, "Training Herstelgericht werken gevolgd", None),
        (45, HourKind::Learning, "Literatuur en reflectieverslag", None),
        (60, HourKind::Practice, "Inloopspreekuur met tandempartner", Some("Buurtteam Oost")),
    ];
    for &(days, kind, description, place) in done {
        let entry = Entry {
            participant_id: demi,
            cohort_id: earlier,
            worked_on: earlier_start + Duration::days(days),
            quarters: 40,
            kind,
            description,
            place,
            status: EntryStatus::Approved,
            rejection_reason: None,
            decided_by: Some(trainer),
        };
        world::entry(pool, &entry).await?;
    }
    world::plan_in_state(pool, PlanKind::Pop, earlier, demi, PlanStatus::Approved).await?;
    let pause = Break { kind: LeaveKind::Paused, reason: BreakReason::Care, from: earlier_start + Duration::days(100), expected_back: Some(starts_on) };
    enrolment::take_break(pool, coordinator, demi, &pause).await?;
    enrolment::continue_in(pool, coordinator, demi, cohort_id, starts_on).await?;
    let entry = Entry {
        participant_id: demi,
        cohort_id,
        worked_on: today - Duration::days(8),
        quarters: 12,
        kind: HourKind::Practice,
        description: "Huisbezoeken met tandempartner",
        place: Some("Buurtteam Oost"),
        status: EntryStatus::Submitted,
        rejection_reason: None,
        decided_by: None,
    };
    world::entry(pool, &entry).await?;
    Ok(())
}

/// A few mails in the outbox, as the coordinator's "Berichten" page shows them
/// when no mail server is set (the embedded default): an invitation still to
/// accept (its link works for 72 hours) and the notice of Samira's rejected entry.
async fn seed_outbox(pool: &SqlitePool, cohort_id: i64, coordinator: i64, samira: i64) -> Result<(), AppError> {
    use crate::{
        domain::MailKind,
        features::accounts::db::{invite, NewPerson},
        server::{
            outbox::{enqueue_for_user, Letter},
            tokens,
        },
    };
    let name = PersonName::parse("Noor Hassan").map_err(|_| AppError::Internal)?;
    let email = Email::parse("noor@leerlijn.test").map_err(|_| AppError::Internal)?;
    let person = NewPerson { name: &name, email: &email, role: Role::Participant, organisation: None, cohort_id: Some(cohort_id), replace: false, language: None };
    let token = tokens::new_token();
    let expires = chrono::Utc::now() + Duration::hours(72);
    let until = expires.with_timezone(&chrono_tz::Europe::Amsterdam).format("%d-%m-%Y %H:%M").to_string();
    let params = [("until", until)];
    let mail = Letter { kind: MailKind::Invitation, params: &params, link_path: Some(format!("/wachtwoord/{token}")), ics: None, about: None };
    invite(pool, &person, &tokens::hash_token(&token), &expires.to_rfc3339(), coordinator, &mail).await?;

    let params = [("count", "1".to_owned())];
    let notice = Letter { kind: MailKind::EntriesRejected, params: &params, link_path: Some("/uren?status=afgekeurd".into()), ics: None, about: None };
    let mut tx = crate::server::db::write_tx(pool).await?;
    enqueue_for_user(&mut tx, samira, &notice).await?;
    tx.commit().await?;
    Ok(())
}

/// A cohort that ended two and a half years ago: its retention (2 years) has passed,
/// so the coordinator's home starts with anonymising its two participants. They
/// have no login any more; their approved hours stay as numbers.
async fn seed_ended_cohort(pool: &SqlitePool, trainer: i64) -> Result<(), AppError> {
    let today = today_in_amsterdam();
    let ends_on = today - Duration::days(900);
    let starts_on = ends_on - Duration::days(250);
    let cohort_id = world::cohort(pool, "Leerlijn Buurtteams 2023", starts_on, ends_on).await?;
    for (email, name) in [("jeroen@leerlijn.test", "Jeroen Bos"), ("latifa@leerlijn.test", "Latifa Amrani")] {
        let participant_id = world::participant_without_login(pool, email, name, cohort_id, starts_on).await?;
        for (days, kind, place) in [(200, HourKind::Learning, None), (150, HourKind::Practice, Some("Buurtteam Oost"))] {
            let entry = Entry {
                participant_id,
                cohort_id,
                worked_on: ends_on - Duration::days(days),
                quarters: 24,
                kind,
                description: "Spreekuur en verslag",
                place,
                status: EntryStatus::Approved,
                rejection_reason: None,
                decided_by: Some(trainer),
            };
            world::entry(pool, &entry).await?;
        }
    }
    Ok(())
}

/// Fatima: plans approved, interview passed and signed, certificate issued. Ruud: the
/// same, but his interview (today) still waits for both assessors.
async fn seed_final_step(pool: &SqlitePool, cohort_id: i64, ids: &[i64], issuer: &crate::features::certificates::issue::Issuer<'_>) -> Result<(), AppError> {
    use crate::{
        domain::{PlanDecision, PlanKind},
        features::{
            certificates::issue::issue_for_interview,
            cohorts::db::add_default_interview_criteria,
            interview::db::{save_judgements, schedule, NewInterview, PostedJudgement},
            plans::db::{add_version, decide, plan_access, Content},
        },
    };
    let (coordinator, trainer, teacher, fatima, ruud) = (ids[0], ids[1], ids[2], ids[6], ids[7]);
    let mut conn = pool.acquire().await?;
    add_default_interview_criteria(&mut conn, cohort_id).await?;
    drop(conn);
    let approve = |plan_id: i64| async move {
        let access = plan_access(pool, plan_id).await?.ok_or(AppError::Internal)?;
        let version =
            sqlx::query_scalar!(r#"SELECT MAX(id) AS "id!: i64" FROM plan_versions WHERE plan_id = ?"#, plan_id).fetch_one(pool).await?;
        decide(pool, &access, version, trainer, PlanDecision::Approved, "Goedgekeurd: concreet en goed onderbouwd.", None).await
    };
    for (participant, text) in [(fatima, FATIMA_POP), (ruud, RUUD_POP)] {
        add_version(pool, PlanKind::Pop, participant, Content::Typed(text), true).await?;
        let pop = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM plans WHERE participant_id = ?"#, participant).fetch_one(pool).await?;
        approve(pop).await?;
    }
    add_version(pool, PlanKind::Gop, fatima, Content::Typed(WEST_GOP), true).await?;
    let gop = sqlx::query_scalar!(
        r#"SELECT p.id AS "id!" FROM plans p JOIN group_members m ON m.group_id = p.group_id WHERE m.participant_id = ?"#,
        fatima
    )
    .fetch_one(pool)
    .await?;
    approve(gop).await?;

    let today = today_in_amsterdam();
    for (participant, days_ago) in [(fatima, 7), (ruud, 0)] {
        let new = NewInterview {
            participant_id: participant,
            cohort_id,
            held_on: today - Duration::days(days_ago),
            starts_at: "10:00".into(),
            place: "Vrijwilligersacademie, Nieuwe Herengracht 20".into(),
            assessor_va_id: trainer,
            assessor_hva_id: teacher,
        };
        let interview = schedule(pool, &new, coordinator).await?;
        if participant != fatima {
            continue;
        }
        let items =
            sqlx::query_scalar!(r#"SELECT id AS "id!" FROM interview_items WHERE interview_id = ?"#, interview).fetch_all(pool).await?;
        for (assessor, explanation) in [
            (trainer, "Laat in de casus overtuigend zien hoe zij dit doet; besproken met haar tandempartner."),
            (teacher, "Duidelijk onderbouwd in het gesprek en in het POP."),
        ] {
            let judgements: Vec<PostedJudgement> =
                items.iter().map(|&item_id| PostedJudgement { item_id, met: Some(true), explanation: explanation.into() }).collect();
            save_judgements(pool, interview, assessor, &judgements, true).await?;
        }
        issue_for_interview(pool, issuer, interview, Some(teacher)).await?;
    }
    Ok(())
}

const FATIMA_POP: &str = "Persoonlijk ontwikkelplan Fatima\n\n\
Leerdoel 1: mijn ervaring met mantelzorg inzetten bij bewoners die vastlopen, en met mijn tandempartner nabespreken wat het deed.\n\n\
Leerdoel 2: mijn grenzen aangeven bij gesprekken over financiële zorgen.";
const RUUD_POP: &str = "Persoonlijk ontwikkelplan Ruud\n\n\
Leerdoel 1: mijn ervaring met schulden gebruiken om bewoners hoop te geven, zonder mijn eigen weg als de enige voor te stellen.\n\n\
Leerdoel 2: op tijd hulp vragen in de intervisie als een situatie mij raakt.";
const WEST_GOP: &str = "Groepsontwikkelplan Intervisiegroep West\n\n\
Wij oefenen elke intervisie met één casus volgens de incidentmethode en geven elkaar feedback op hoe we onze ervaringskennis inzetten.";

/// Plans at every stage, written through the same code the forms use: Samira's POP
/// approved after one revision, Kees's POP waiting for review, and the Noord group's
/// GOP a draft Samira started.
async fn seed_plans(pool: &SqlitePool, ids: &[i64]) -> Result<(), AppError> {
    use crate::{
        domain::{PlanDecision, PlanKind},
        features::plans::db::{add_version, decide, plan_access, Content},
    };
    let (trainer, samira, kees) = (ids[1], ids[3], ids[4]);
    let latest = |plan_id: i64| async move {
        sqlx::query_scalar!(r#"SELECT MAX(id) AS "id!: i64" FROM plan_versions WHERE plan_id = ?"#, plan_id).fetch_one(pool).await
    };
    add_version(pool, PlanKind::Pop, samira, Content::Typed(SAMIRA_POP_V1), true).await?;
    let pop = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM plans WHERE participant_id = ?"#, samira).fetch_one(pool).await?;
    let access = plan_access(pool, pop).await?.ok_or(AppError::Internal)?;
    let revision =
        "Je beschrijft goed wat je wilt leren. Maak elk leerdoel concreet: wat doe je anders, en hoe merkt je tandempartner dat?";
    decide(pool, &access, latest(pop).await?, trainer, PlanDecision::Revision, revision, None).await?;
    add_version(pool, PlanKind::Pop, samira, Content::Typed(SAMIRA_POP_V2), true).await?;
    let access = plan_access(pool, pop).await?.ok_or(AppError::Internal)?;
    decide(pool, &access, latest(pop).await?, trainer, PlanDecision::Approved, "Helder en haalbaar. Succes!", None).await?;
    add_version(pool, PlanKind::Pop, kees, Content::Typed(KEES_POP), true).await?;
    add_version(pool, PlanKind::Gop, samira, Content::Typed(NOORD_GOP), false).await?;
    Ok(())
}

const SAMIRA_POP_V1: &str =
    "Mijn persoonlijk ontwikkelplan\n\nIk wil beter leren luisteren naar bewoners en mijn eigen ervaring gebruiken als dat helpt.";
const SAMIRA_POP_V2: &str = "Mijn persoonlijk ontwikkelplan (versie 2)\n\n\
Leerdoel 1: ik vertel mijn eigen ervaringsverhaal alleen als het de bewoner verder helpt, en ik bespreek na elk huisbezoek met mijn tandempartner of dat zo was.\n\n\
Leerdoel 2: ik herken wanneer iets mij te dichtbij komt en geef dat op tijd aan bij mijn tandempartner of in de intervisie.\n\n\
Leerdoel 3: ik stel open vragen in plaats van advies te geven; na de training Beter vragen stellen oefen ik dit in drie gesprekken.";
const KEES_POP: &str = "Persoonlijk ontwikkelplan Kees\n\n\
Ik wil mijn ervaring met schulden inzetten bij het inloopspreekuur, zonder mijn eigen oplossingen op te dringen. \
Doel: grenzen stellen in tijd en betrokkenheid, en na elk spreekuur kort reflecteren in mijn logboek.";
const NOORD_GOP: &str = "Groepsontwikkelplan Intervisiegroep Noord (concept)\n\n\
Wij willen als groep oefenen met het inbrengen van casussen volgens de incidentmethode, en elkaar feedback geven op de inzet van ervaringskennis.";

/// A realistic programme: a lesson every two weeks, the first cohort's three
/// trainings, two intervision groups meeting monthly, and attendance for what was held.
async fn seed_programme(pool: &SqlitePool, cohort_id: i64, ids: &[i64]) -> Result<(), AppError> {
    let today = today_in_amsterdam();
    let (coordinator, trainer, teacher) = (ids[0], ids[1], ids[2]);
    let (samira, kees, anouk) = (ids[3], ids[4], ids[5]);
    let mut groups = Vec::new();
    let (fatima, ruud) = (ids[6], ids[7]);
    for (name, members) in [
        ("Intervisiegroep Noord", vec![samira, kees]),
        ("Intervisiegroep Zuidoost", vec![anouk]),
        ("Intervisiegroep West", vec![fatima, ruud]),
    ] {
        groups.push(world::group(pool, cohort_id, name, &members).await?);
    }
    let lessons = [
        "Kennismaking en je eigen verhaal",
        "Ervaringskennis als bron",
        "Werken in een tandem met een professional",
        "Herstel en herstelondersteuning",
        "Armoede en schulden in de buurt",
        "Grenzen en zelfzorg",
        "Samenwerken in het buurtteam",
        "Afronding en eindgesprekken",
    ];
    // (kind, title, days from today, start, end, place, capacity, group, trainers)
    let mut sessions: Vec<(SessionKind, &str, i64, &str, &str, &str, Option<i64>, Option<i64>, Vec<i64>)> = lessons
        .iter()
        .enumerate()
        .map(|(i, title)| {
            (
                SessionKind::Lesson,
                *title,
                i as i64 * 14 - 56,
                "13:30",
                "16:30",
                "Vrijwilligersacademie, Nieuwe Herengracht 20",
                None,
                None,
                vec![trainer, teacher],
            )
        })
        .collect();
    sessions.extend([
        (SessionKind::Training, "Grenzen stellen", -38, "10:00", "13:00", "Buurthuis De Pijp", Some(12), None, vec![trainer]),
        (SessionKind::Training, "Verbindend (oordeelloos) communiceren", 10, "10:00", "13:00", "Buurthuis De Pijp", Some(12), None, vec![teacher]),
        (SessionKind::Training, "Beter vragen stellen", 24, "10:00", "13:00", "HvA, Wibauthuis", Some(10), None, vec![teacher]),
        (SessionKind::Intervision, "Intervisie 1", -30, "19:00", "21:00", "Buurtteam Noord", None, Some(groups[0]), vec![trainer]),
        (SessionKind::Intervision, "Intervisie 2", -2, "19:00", "21:00", "Buurtteam Noord", None, Some(groups[0]), vec![trainer]),
        (SessionKind::Intervision, "Intervisie 3", 26, "19:00", "21:00", "Buurtteam Noord", None, Some(groups[0]), vec![trainer]),
        (SessionKind::Intervision, "Intervisie 1", -29, "19:00", "21:00", "Buurtteam Zuidoost", None, Some(groups[1]), vec![teacher]),
        (SessionKind::Intervision, "Intervisie 2", 27, "19:00", "21:00", "Buurtteam Zuidoost", None, Some(groups[1]), vec![teacher]),
        (SessionKind::Intervision, "Intervisie 1", -31, "19:00", "21:00", "Buurtteam West", None, Some(groups[2]), vec![trainer]),
        (SessionKind::Intervision, "Intervisie 2", -3, "19:00", "21:00", "Buurtteam West", None, Some(groups[2]), vec![trainer]),
    ]);
    for (kind, title, days, starts_at, ends_at, place, capacity, group_id, trainers) in sessions {
        let held_on = today + Duration::days(days);
        let session = Session { cohort_id, kind, title, held_on, starts_at, ends_at, place, capacity, group_id, trainers: &trainers, created_by: coordinator };
        let id = world::session(pool, &session).await?;
        // Samira and Kees chose "Grenzen stellen" and "Verbindend communiceren"; Anouk the other two.
        let choosers: &[i64] = match title {
            "Grenzen stellen" => &[samira, kees, fatima, ruud],
            "Verbindend (oordeelloos) communiceren" => &[samira, kees, anouk],
            "Beter vragen stellen" => &[anouk],
            _ => &[],
        };
        for &p in choosers {
            world::training_choice(pool, id, p).await?;
        }
        if days >= 0 {
            continue;
        }
        // Attendance for what was held, with a few exceptions to make the figures real.
        let expected = sqlx::query_scalar!(r#"SELECT participant_id AS "p!: i64" FROM expected_attendance WHERE session_id = ?"#, id)
            .fetch_all(pool)
            .await?;
        for p in expected {
            let status = match (p, days) {
                (p, -28) if p == samira => AttendanceStatus::Excused,
                (p, -14) if p == kees => AttendanceStatus::Absent,
                (p, -42) if p == anouk => AttendanceStatus::Late,
                _ => AttendanceStatus::Present,
            };
            world::attendance(pool, id, p, status, trainer).await?;
        }
    }
    Ok(())
}

/// Kees's leerplek and its confirmations: an earlier request his werkbegeleider answered
/// (two entries confirmed, one disputed) and this month's entries still waiting on a link
/// (in the outbox, or delivered when a mail server is set).
async fn seed_workplace(pool: &SqlitePool, cohort_id: i64, trainer: i64, kees: i64) -> Result<(), AppError> {
    use crate::{
        domain::{ConfirmationAnswer, SupervisorRole},
        features::workplace::{db as workplace, NewPlacement, PostedAnswer},
    };
    let today = today_in_amsterdam();
    let placement = NewPlacement {
        organisation: "Buurtteam Zuidoost".into(),
        team: "Team Bijlmer-Centrum".into(),
        supervisor_name: "Petra Visser".into(),
        supervisor_email: Email::parse("petra.visser@buurtteam.test").map_err(|_| AppError::Internal)?,
        supervisor_role: SupervisorRole::Supervisor,
        since: today - Duration::days(55),
    };
    workplace::save_placement(pool, kees, &placement).await?;
    let practice = |days: i64, quarters: i64, description: &'static str, status: EntryStatus| {
        let entry = Entry {
            participant_id: kees,
            cohort_id,
            worked_on: today - Duration::days(days),
            quarters,
            kind: HourKind::Practice,
            description,
            place: Some("Buurtteam Zuidoost"),
            status,
            rejection_reason: None,
            decided_by: Some(trainer),
        };
        async move { world::entry(pool, &entry).await }
    };
    let earlier = [
        practice(40, 12, "Huisbezoek samen met mijn werkbegeleider", EntryStatus::Approved).await?,
        practice(26, 12, "Spreekuur schulden in het buurthuis", EntryStatus::Submitted).await?,
        practice(24, 8, "Groepsgesprek met bewoners over geldzorgen", EntryStatus::Submitted).await?,
    ];
    let this_month = [
        practice(9, 12, "Wijkwandeling met de tandempartner", EntryStatus::Submitted).await?,
        practice(7, 8, "Huisbezoek bij een gezin met schulden", EntryStatus::Submitted).await?,
        practice(5, 10, "Teamoverleg van het buurtteam", EntryStatus::Submitted).await?,
    ];
    let answered = workplace::request(pool, kees, &earlier).await?;
    let answers = [
        PostedAnswer { entry_id: earlier[0], answer: ConfirmationAnswer::Confirmed, remark: String::new() },
        PostedAnswer { entry_id: earlier[1], answer: ConfirmationAnswer::Confirmed, remark: String::new() },
        PostedAnswer {
            entry_id: earlier[2],
            answer: ConfirmationAnswer::Disputed,
            remark: "Dit was een gesprek van 1 uur, niet 2.".into(),
        },
    ];
    workplace::answer(pool, &crate::server::tokens::hash_token(&answered.token), &answers).await?;
    workplace::request(pool, kees, &this_month).await?;
    Ok(())
}

/// The next cohort, open for applications with two admission statements, and
/// applications in several states: new, a meeting planned, on the waiting list, declined.
async fn seed_applications(pool: &SqlitePool, coordinator: i64) -> Result<(), AppError> {
    use crate::{
        domain::{AdmissionAnswer, DeclineReason},
        features::applications::{db as applications, NewApplication},
    };
    let today = today_in_amsterdam();
    let starts_on = today + Duration::days(75);
    let cohort_id = world::cohort(pool, "Leerlijn Buurtteams 2027", starts_on, starts_on + Duration::days(330)).await?;
    let settings = applications::NewSettings {
        applications_open: true,
        capacity: Some(16),
        place: "Hogeschool van Amsterdam, Wibauthuis".into(),
        retention_months: 6,
    };
    applications::save_admission(pool, coordinator, cohort_id, &settings).await?;
    for text in ["Ik heb een training als ervaringsdeskundige afgerond.", "Ik heb al samen met anderen als ervaringsdeskundige gewerkt."] {
        applications::add_statement(pool, coordinator, cohort_id, text).await?;
    }
    let cohort = applications::open_cohorts(pool).await?.into_iter().find(|c| c.id == cohort_id).ok_or(AppError::Internal)?;
    let people: &[(&str, &str, &str, bool)] = &[
        ("Jamal Haddou", "jamal@aanmelding.test", "Buurtteam Nieuw-West", true),
        ("Esther Kramer", "esther@aanmelding.test", "Buurtteam Oost", true),
        ("Lotte Vermeulen", "lotte@aanmelding.test", "Nog op zoek naar een leerplek", false),
        ("Hasan Demir", "hasan@aanmelding.test", "Buurtteam Noord", true),
        ("Nina Bos", "nina@aanmelding.test", "Buurtteam Centrum", false),
    ];
    let mut ids = Vec::new();
    for (name, email, placement, trained) in people {
        let answer = if *trained { AdmissionAnswer::Yes } else { AdmissionAnswer::No };
        let new = NewApplication {
            cohort_id,
            name: (*name).into(),
            email: (*email).into(),
            phone: String::new(),
            training: if *trained { "Ervaringsdeskundigheid in de wijk".into() } else { String::new() },
            training_year: trained.then_some(2024),
            experience: "Ik help sinds een jaar bij de inloop van het buurthuis, samen met een sociaal werker.".into(),
            placement: (*placement).into(),
            motivation: "Ik wil mijn eigen ervaring gebruiken om anderen verder te helpen.".into(),
            language: crate::i18n::Lang::Nl,
            answers: cohort.statements.iter().map(|s| (s.id, answer, String::new())).collect(),
        };
        ids.extend(applications::apply(pool, &new, &cohort).await?);
    }
    use applications::Step;
    applications::take_step(pool, coordinator, ids[1], &Step::Meeting(today + Duration::days(10)), "").await?;
    applications::take_step(pool, coordinator, ids[3], &Step::Waitlist, "Graag als er een plek vrijkomt.").await?;
    applications::take_step(pool, coordinator, ids[4], &Step::Decline(DeclineReason::NoPlacement), "Eerst een leerplek zoeken; volgend jaar welkom.")
        .await?;
    Ok(())
}
