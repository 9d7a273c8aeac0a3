//! `spawn_app()`: the real router on a random port with a fresh SQLite file,
//! plus helpers that act as a browser or a server-function client would.

use leerlijn::{
    domain::{Organisation, Role},
    i18n::{tr, Lang},
    server::{
        config::Config,
        db, router,
        signing::{self, Signer},
        state::AppState,
    },
};
use leptos::config::LeptosOptions;
use reqwest::{header, redirect::Policy, Client, StatusCode};
use serde_json::Value;
use sqlx::SqlitePool;

pub const PASSWORD: &str = "een lange zin als wachtwoord";

pub struct TestApp {
    pub base: String,
    pub pool: SqlitePool,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// The file of the key that signs this app's credentials.
    pub fn signing_key(&self) -> std::path::PathBuf {
        self._dir.path().join("leerlijn-signing-key.pem")
    }

    /// The `DATABASE_URL` of this app's SQLite file, for the command line.
    pub fn database_url(&self) -> String {
        format!("sqlite:{}", self._dir.path().join("test.db").display())
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn(adjust, None).await
}

/// The app with its outbox worker sending to `smtp_url`, quickly: a first retry
/// after 100 ms, a look for new mail every 20 ms.
pub async fn spawn_app_with_mail(smtp_url: &str) -> TestApp {
    let smtp_url = smtp_url.to_owned();
    spawn_app_with(move |config| {
        config.smtp_url = Some(smtp_url);
        config.mail_from = "Leerlijn <leerlijn@example.nl>".into();
        config.mail_first_retry = std::time::Duration::from_millis(100);
        config.mail_poll = std::time::Duration::from_millis(20);
    })
    .await
}

/// `routes` alone (not the app's pages) inside the app's whole middleware stack.
pub async fn spawn_routes(routes: axum::Router<AppState>) -> TestApp {
    spawn(|_| {}, Some(routes)).await
}

async fn spawn(adjust: impl FnOnce(&mut Config), routes: Option<axum::Router<AppState>>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = format!("sqlite:{}", dir.path().join("test.db").display());
    let pool = db::connect(&database_url).await.expect("connect");
    db::migrate(&pool).await.expect("migrate");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = Config::from_env();
    config.database_url = database_url;
    config.public_base_url = format!("http://{addr}");
    // A key made once for the tests (making one per app would cost each test time).
    config.signing_key = dir.path().join("leerlijn-signing-key.pem");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test-signing-key.pem"), &config.signing_key).expect("test key");
    adjust(&mut config);
    let options = LeptosOptions::builder().output_name("leerlijn").site_root("target/site").site_pkg_dir("pkg").build();
    let mail = leerlijn::server::mailer::start(&pool, &config).expect("mail settings");
    assert_eq!(mail, config.smtp_url.is_some());
    let signer = Signer::load(&config.signing_key).expect("signing key");
    signing::register(&pool, &signer).await.expect("publish the key");
    let state = AppState::new(options, pool.clone(), config, signer);
    match routes {
        None => {
            tokio::spawn(router::serve(listener, state, leerlijn::app::site()));
        }
        Some(routes) => {
            let site = std::sync::Arc::new(leerlijn::app::site());
            let app = router::with_middleware(routes, state, &site).into_make_service_with_connect_info::<std::net::SocketAddr>();
            tokio::spawn(async move { axum::serve(listener, app).await });
        }
    }
    TestApp { base: format!("http://{addr}"), pool, _dir: dir }
}

/// What a form post answered: a redirect after success, the page again after a refusal.
pub struct Posted {
    pub status: StatusCode,
    pub location: Option<String>,
    pub html: String,
}

impl Posted {
    /// The text shown at `field` (the element `{id}-error`), if any.
    pub fn message_at(&self, id: &str) -> Option<String> {
        let marker = format!("id=\"{id}-error\"");
        let start = self.html.find(&marker)?;
        let text_start = start + self.html[start..].find('>')? + 1;
        let text_end = text_start + self.html[text_start..].find('<')?;
        Some(unescape(&self.html[text_start..text_end]))
    }

    /// The locale key of the Dutch message shown at `field`, for comparing with the catalogue.
    pub fn field_error(&self, id: &str) -> Option<String> {
        let shown = self.message_at(id)?;
        Some(key_of(&shown).unwrap_or(shown))
    }

    /// Whether the page shows the Dutch text of `key` anywhere.
    pub fn shows(&self, key: &str) -> bool {
        self.html.contains(&escape(&tr(Lang::Nl, key)))
    }

    pub fn assert_redirect_to(&self, path: &str) {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "expected a redirect, got: {}", self.html);
        assert_eq!(self.location.as_deref(), Some(path));
    }
}

/// The catalogue key whose Dutch text is `text`.
fn key_of(text: &str) -> Option<String> {
    let catalogue: std::collections::BTreeMap<String, String> =
        serde_json::from_str(include_str!("../../locales/nl.json")).expect("catalogue");
    catalogue.into_iter().find(|(_, v)| v == text).map(|(k, _)| k)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// What a server function answered.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl TestApp {
    /// `count_sql` (one `?`, bound to `id`) once it reaches `expected`, or what it is
    /// after three seconds: reads are audited off the request path, a moment later.
    pub async fn count_when_settled(&self, count_sql: &str, id: i64, expected: i64) -> i64 {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        loop {
            let count: i64 = sqlx::query_scalar(count_sql).bind(id).fetch_one(&self.pool).await.expect("count");
            if count >= expected || std::time::Instant::now() > deadline {
                return count;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The stored `expected_attendance` holds exactly the rows of the rule
    /// (`expected_by_rule`): none missing, none left over after what the test did.
    pub async fn assert_expected_follows_rule(&self) {
        let differ = |from: &str, minus: &str| {
            format!("SELECT session_id, participant_id FROM {from} EXCEPT SELECT session_id, participant_id FROM {minus}")
        };
        let missing: Vec<(i64, i64)> =
            sqlx::query_as(&differ("expected_by_rule", "expected_attendance")).fetch_all(&self.pool).await.expect("missing");
        let extra: Vec<(i64, i64)> =
            sqlx::query_as(&differ("expected_attendance", "expected_by_rule")).fetch_all(&self.pool).await.expect("extra");
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM expected_attendance").fetch_one(&self.pool).await.expect("count");
        assert!(held > 0, "the test expects someone somewhere");
        assert_eq!((missing, extra), (vec![], vec![]), "(session, participant) pairs the table lacks, and holds beyond the rule");
        self.assert_attendance_tallies_follow_lines().await;
    }

    /// The kept attendance tallies (`attendance_tallies`) are the lines held up to their
    /// day counted as the rule says (`attendance_tallies_by_rule`): none missing, none
    /// extra, no figure off. `assert_expected_follows_rule` checks this too.
    pub async fn assert_attendance_tallies_follow_lines(&self) {
        let columns = "participant_id, kind, status, excused_counts_as_absent, sessions, minutes";
        let counted = format!("SELECT {columns} FROM attendance_tallies_by_rule");
        let kept = format!("SELECT {columns} FROM attendance_tallies");
        self.assert_same_rows(&counted, &kept, "tallies the table lacks", "tallies the lines do not make").await;
    }

    /// The flag on each entry (`hour_entries.leerplek_confirmed`) says what the answers
    /// say (`entry_confirmation`): no entry flagged that the leerplek has not confirmed as
    /// it stands, none confirmed without the flag. Returns the confirmed entries.
    pub async fn assert_confirmed_flag_follows_answers(&self) -> Vec<i64> {
        let flagged: Vec<i64> = sqlx::query_scalar("SELECT id FROM hour_entries WHERE leerplek_confirmed = 1 ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .expect("flagged");
        let answered: Vec<i64> =
            sqlx::query_scalar("SELECT entry_id FROM entry_confirmation WHERE answer = 'bevestigd' ORDER BY entry_id")
                .fetch_all(&self.pool)
                .await
                .expect("answered");
        assert_eq!(flagged, answered, "entries flagged as confirmed, against those the leerplek's answers confirm");
        flagged
    }

    /// The hand-in time kept on each plan (`plans.submitted_at`) is that of its latest
    /// handed-in version, for every plan.
    pub async fn assert_plan_times_follow_versions(&self) {
        let differing: Vec<i64> = sqlx::query_scalar(
            "SELECT p.id FROM plans p WHERE p.submitted_at IS NOT (
                 SELECT v.submitted_at FROM plan_versions v WHERE v.plan_id = p.id AND v.submitted_at IS NOT NULL ORDER BY v.id DESC LIMIT 1)",
        )
        .fetch_all(&self.pool)
        .await
        .expect("plans");
        assert_eq!(differing, Vec::<i64>::new(), "plans whose kept hand-in time differs from their versions");
    }

    /// The kept totals (`hour_totals`) are the entries added up per participant, kind and
    /// status: no group missing, none extra, no figure off.
    pub async fn assert_hour_totals_follow_entries(&self) {
        let summed = "SELECT participant_id, kind, status, SUM(quarters), COUNT(*) FROM hour_entries GROUP BY 1, 2, 3";
        let kept = "SELECT participant_id, kind, status, quarters, entries FROM hour_totals";
        self.assert_same_rows(summed, kept, "sums the table lacks", "totals the entries do not make").await;
    }

    /// The kept count per cohort (`cohort_participants`) is the participants taking part
    /// there now (not away); a cohort nobody takes part in may keep a row of 0.
    pub async fn assert_cohort_counts_follow_accounts(&self) {
        let counted = "SELECT cohort_id, COUNT(*) FROM users WHERE role = 'deelnemer' AND away_since IS NULL GROUP BY cohort_id";
        let kept = "SELECT cohort_id, taking_part FROM cohort_participants WHERE taking_part > 0";
        self.assert_same_rows(counted, kept, "counts the table lacks", "counts the accounts do not make").await;
    }

    /// A kept figure against the records it is kept from: `records` and `kept` return
    /// exactly the same rows (`EXCEPT` both ways).
    async fn assert_same_rows(&self, records: &str, kept: &str, lacking: &str, extra: &str) {
        for (from, minus, what) in [(records, kept, lacking), (kept, records, extra)] {
            let sql = format!("SELECT COUNT(*) FROM ({from} EXCEPT {minus})");
            let n: i64 = sqlx::query_scalar(&sql).fetch_one(&self.pool).await.expect("kept figures");
            assert_eq!(n, 0, "{what}");
        }
    }

    /// Every id in `table` now; with [`TestApp::new_id`] a test takes the row its own
    /// post made (not the highest id, which any other insert moves, and which still
    /// names an old row when the post made none).
    pub async fn ids(&self, table: &str) -> Vec<i64> {
        sqlx::query_scalar(&format!("SELECT id FROM {table} ORDER BY id")).fetch_all(&self.pool).await.expect("ids")
    }

    /// The id of the one row added to `table` since `known` was read; fails unless exactly one was.
    pub async fn new_id(&self, table: &str, known: &[i64]) -> i64 {
        let added: Vec<i64> = self.ids(table).await.into_iter().filter(|id| !known.contains(id)).collect();
        assert_eq!(added.len(), 1, "exactly one new row in {table}: {added:?}");
        added[0]
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).redirect(Policy::none()).timeout(std::time::Duration::from_secs(30)).build().expect("client")
    }

    pub async fn cohort(&self, name: &str, starts_on: &str, ends_on: &str) -> i64 {
        let date = |d: &str| d.parse::<chrono::NaiveDate>().expect("a date");
        leerlijn::world::cohort(&self.pool, name, date(starts_on), date(ends_on)).await.expect("insert cohort")
    }

    /// A cohort running from a year ago to a year from now.
    pub async fn current_cohort(&self, name: &str) -> i64 {
        let today = crate::common::today();
        let start = (today - chrono::Duration::days(365)).to_string();
        let end = (today + chrono::Duration::days(365)).to_string();
        self.cohort(name, &start, &end).await
    }

    pub async fn user(&self, email: &str, role: Role, cohort: Option<i64>) -> i64 {
        let organisation = (role == Role::Trainer).then_some(Organisation::Vrijwilligersacademie);
        let name = format!("Test {email}");
        leerlijn::world::person(&self.pool, email, &name, role, organisation, cohort, PASSWORD).await.expect("create user")
    }

    pub async fn login_as(&self, email: &str) -> Client {
        let client = self.client();
        let posted = self.submit(&client, "/inloggen", "login", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "login of {email} failed: {}", posted.html);
        client
    }

    /// Posts a form as a browser does, JavaScript on or off: to the page it is on,
    /// named by `_form`, from this site.
    pub async fn submit(&self, client: &Client, page: &str, form: &str, fields: &[(&str, &str)]) -> Posted {
        let mut body: Vec<(&str, &str)> = vec![("_form", form)];
        body.extend_from_slice(fields);
        let response = client.post(self.url(page)).header(header::ORIGIN, self.base.clone()).form(&body).send().await.expect("request");
        let status = response.status();
        let location = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_owned());
        let html = response.text().await.expect("body");
        Posted { status, location, html }
    }

    /// Posts form `form` as multipart, as a browser does for a form with a file input:
    /// `file` is (field, file name, bytes).
    pub async fn upload(
        &self,
        client: &Client,
        page: &str,
        form: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, Vec<u8>)>,
    ) -> Posted {
        let mut parts = reqwest::multipart::Form::new().text("_form", form.to_owned());
        for (name, value) in fields {
            parts = parts.text(name.to_string(), value.to_string());
        }
        if let Some((field, name, bytes)) = file {
            parts = parts.part(field.to_owned(), reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
        }
        let response =
            client.post(self.url(page)).header(header::ORIGIN, self.base.clone()).multipart(parts).send().await.expect("request");
        let status = response.status();
        let location = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_owned());
        let html = response.text().await.expect("body");
        Posted { status, location, html }
    }

    /// Calls a server function as the Leptos client does (form-encoded in, JSON out).
    pub async fn call(&self, client: &Client, name: &str, form: &[(&str, &str)]) -> Answer {
        let response = client
            .post(self.url(&format!("/api/{name}")))
            .header(header::ACCEPT, "application/json")
            // As a browser's fetch does: it always names the page's origin on a POST.
            .header(header::ORIGIN, self.base.clone())
            .form(form)
            .send()
            .await
            .expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body }
    }

    pub async fn get(&self, client: &Client, path: &str) -> (StatusCode, String) {
        let response = client.get(self.url(path)).send().await.expect("request");
        (response.status(), response.text().await.expect("body"))
    }

    pub async fn entry_status(&self, id: i64) -> String {
        sqlx::query_scalar::<_, String>("SELECT status FROM hour_entries WHERE id = ?").bind(id).fetch_one(&self.pool).await.expect("entry")
    }
}

/// Today as the app counts days (in Amsterdam): between midnight there and midnight UTC
/// the UTC date is yesterday's, and a test that compares with it fails for that hour.
pub fn today() -> chrono::NaiveDate {
    leerlijn::server::clock::today_in_amsterdam()
}

pub fn days_ago(n: i64) -> String {
    (crate::common::today() - chrono::Duration::days(n)).to_string()
}
