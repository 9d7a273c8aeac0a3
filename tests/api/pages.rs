//! Rendered pages, plain form posts (JavaScript off), headers and origin checks.

use crate::common::{days_ago, spawn_app, spawn_routes};
use leerlijn::domain::Role;
use reqwest::{header, StatusCode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_with_a_fresh_nonce() {
    let app = spawn_app().await;
    let client = app.client();
    let first = client.get(app.url("/inloggen")).send().await.unwrap();
    let h = first.headers().clone();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"), "{csp}");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "same-origin");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    let html = first.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the nonce");
    let second = client.get(app.url("/inloggen")).send().await.unwrap();
    assert_ne!(second.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap(), csp, "nonce differs per response");
    let health = client.get(app.url("/health")).send().await.unwrap();
    assert!(health.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_from_another_origin_are_refused() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let form = [("_form", "log_hours"), ("worked_on", date.as_str()), ("hours", "1"), ("kind", "leren"), ("description", "x")];
    let forged = client.post(app.url("/uren/nieuw")).header(header::ORIGIN, "http://evil.example").form(&form).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let cross_site = client.post(app.url("/uren/nieuw")).header("sec-fetch-site", "cross-site").form(&form).send().await.unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 0);
    let same = client.post(app.url("/uren/nieuw")).header(header::ORIGIN, app.base.clone()).form(&form).send().await.unwrap();
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
}

/// Which proof a state-changing request needs: a matching `Origin`, else a matching
/// `Referer`, else a form token one of our pages handed out. With none of them it is
/// refused, also when the session cookie came along (SameSite=Lax is not all there is).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_needs_a_matching_origin_or_referer_or_a_form_token() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let entries = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM hour_entries").fetch_one(&app.pool).await.unwrap() };
    let form = |token: &'static str| {
        vec![
            ("_form", "log_hours"),
            ("_token", token),
            ("worked_on", date.as_str()),
            ("hours", "1"),
            ("kind", "leren"),
            ("description", "x"),
        ]
    };
    let bare = client.post(app.url("/uren/nieuw")).form(&form("")).send().await.unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN, "neither origin, referer nor token");
    let made_up = client.post(app.url("/uren/nieuw")).form(&form("00112233445566778899aabbccddeeff.00")).send().await.unwrap();
    assert_eq!(made_up.status(), StatusCode::FORBIDDEN, "a token we did not make");
    let api = client.post(app.url("/api/my_hours")).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::FORBIDDEN, "a server function without origin");
    let other_referer =
        client.post(app.url("/uren/nieuw")).header(header::REFERER, "http://evil.example/uren").form(&form("")).send().await.unwrap();
    assert_eq!(other_referer.status(), StatusCode::FORBIDDEN, "a referer from another site");
    assert_eq!(entries().await, 0);

    let referer = client.post(app.url("/uren/nieuw")).header(header::REFERER, app.url("/uren/nieuw")).form(&form("")).send().await.unwrap();
    assert_eq!(referer.status(), StatusCode::SEE_OTHER, "our own referer");
    let (_, page) = app.get(&client, "/uren/nieuw").await;
    let start = page.find(r#"name="_token" value=""#).unwrap() + r#"name="_token" value=""#.len();
    let token: &'static str = Box::leak(page[start..].split('"').next().unwrap().to_owned().into_boxed_str());
    let with_token = client.post(app.url("/uren/nieuw")).form(&form(token)).send().await.unwrap();
    assert_eq!(with_token.status(), StatusCode::SEE_OTHER, "a token from our page");
    assert_eq!(entries().await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_post_changes_anything_and_every_method_meets_the_origin_check() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.login_as("anna@example.nl").await;
    // Server functions answer POST only.
    let get = client.get(app.url("/api/my_hours")).send().await.unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    for path in ["/uitloggen", "/taal"] {
        assert_eq!(client.get(app.url(path)).send().await.unwrap().status(), StatusCode::METHOD_NOT_ALLOWED, "{path}");
    }
    // Other methods, from another site, are refused before anything runs; from this site they are not allowed.
    for method in [reqwest::Method::PUT, reqwest::Method::DELETE, reqwest::Method::PATCH] {
        let forged =
            client.request(method.clone(), app.url("/uren/nieuw")).header(header::ORIGIN, "http://evil.example").send().await.unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{method}");
        let own = client.request(method.clone(), app.url("/uren/nieuw")).header(header::ORIGIN, app.base.clone()).send().await.unwrap();
        assert_eq!(own.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_becomes_a_logged_error_page_not_a_dropped_connection() {
    let routes = axum::Router::new().route("/inloggen/kapot", axum::routing::get(|| async { panic!("a bug") as &'static str }));
    let app = spawn_routes(routes).await;
    let response = app.client().get(app.url("/inloggen/kapot")).send().await.expect("an answer, not a dropped connection");
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.headers()["content-security-policy"].to_str().unwrap().contains("default-src"), "the usual headers");
    let body = response.text().await.unwrap();
    assert!(body.contains("Er ging iets mis") && !body.contains("a bug"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_the_public_url_counts_as_same_origin() {
    let app = crate::common::spawn_app_with(|c| c.public_base_url = "https://leerlijn.example.nl".into()).await;
    let client = app.client();
    let from_public =
        client.post(app.url("/taal")).header(header::ORIGIN, "https://leerlijn.example.nl").form(&[("taal", "en")]).send().await.unwrap();
    assert!(from_public.status().is_redirection(), "{}", from_public.status());
    let from_elsewhere =
        client.post(app.url("/taal")).header(header::ORIGIN, "https://leerlijn.example.com").form(&[("taal", "en")]).send().await.unwrap();
    assert_eq!(from_elsewhere.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_comes_back_with_what_was_typed_and_the_message_at_the_field() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let typed = "Intervisie over <grenzen> & \"nee\" zeggen";
    let refused = app
        .submit(
            &client,
            "/uren/nieuw",
            "log_hours",
            &[("worked_on", &date), ("hours", "1,3"), ("kind", "praktijk"), ("description", typed), ("place", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("hours").as_deref(), Some("err.hours.quarter"));
    assert_eq!(refused.field_error("place").as_deref(), Some("err.place.empty"));
    let html = &refused.html;
    assert!(
        html.contains("Intervisie over &lt;grenzen&gt; &amp; &quot;nee&quot; zeggen")
            || html.contains("Intervisie over &lt;grenzen&gt; &amp; \"nee\" zeggen"),
        "the description is still in its field: {html}"
    );
    assert!(html.contains(&format!("value=\"{date}\"")), "the date is kept");
    assert!(html.contains("value=\"1,3\""), "the hours as typed are kept");
    assert!(html.contains("id=\"kind-praktijk\" value=\"praktijk\" checked"), "the chosen kind stays chosen");
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"hours-help hours-error\""), "the field points at its message");
    assert!(html.contains("class=\"error-summary\"") && html.contains("href=\"#hours\""), "the summary links to the field");
    assert!(html.contains("<title>Fout: "), "the title says something is wrong");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hour_entries").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 0);

    let ok = app
        .submit(&client, "/uren/nieuw", "log_hours", &[("worked_on", &date), ("hours", "1,5"), ("kind", "leren"), ("description", "Les")])
        .await;
    ok.assert_redirect_to("/");
    let (status, home) = app.get(&client, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Je uren zijn opgeslagen"), "one-time confirmation");
    assert!(home.contains("1,5 uur"));
    let (_, again) = app.get(&client, "/").await;
    assert!(!again.contains("Je uren zijn opgeslagen"), "shown only once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_page_with_several_forms_only_the_refused_one_shows_the_error() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    for what in ["Eerste", "Tweede"] {
        app.submit(&anna, "/uren/nieuw", "log_hours", &[("worked_on", &date), ("hours", "1"), ("kind", "leren"), ("description", what)])
            .await
            .assert_redirect_to("/");
    }
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM hour_entries ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let trainer = app.login_as("trainer@example.nl").await;
    // The queue holds the bulk form and one form per card; the bulk form is refused.
    let refused = app.submit(&trainer, "/beoordelen", "decide:bulk", &[("decision", "approve")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("ids-bulk").as_deref(), Some("err.review.none_selected"));
    assert_eq!(refused.html.matches("class=\"error-summary\"").count(), 1, "only the refused form shows a summary");
    for id in ids {
        assert!(refused.html.contains(&format!("id=\"select-{id}\"")), "card {id} is still there");
        assert_eq!(refused.message_at(&format!("select-{id}")), None, "the cards are clean");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_page_view_writes_nothing_to_the_session_store() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let stored = || async {
        sqlx::query_as::<_, (Vec<u8>, String)>("SELECT data, CAST(expiry_date AS TEXT) FROM tower_sessions")
            .fetch_all(&app.pool)
            .await
            .unwrap()
    };
    let before = stored().await;
    assert_eq!(before.len(), 1);
    for path in ["/", "/uren", "/uren/nieuw", "/", "/uren?status=ingediend"] {
        let response = anna.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.headers().get(header::SET_COOKIE).is_none(), "no new cookie on {path}");
    }
    assert_eq!(stored().await, before, "no session write on a page view");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_gets_its_own_home_and_is_kept_out_of_others_pages() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Leerlijn 2026").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let anna = app.login_as("anna@example.nl").await;
    let trainer = app.login_as("trainer@example.nl").await;
    let coordinator = app.login_as("coordinator@example.nl").await;

    let (status, html) = app.get(&anna, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Mijn voortgang") && html.contains("<progress"), "participant sees progress");
    let (status, html) = app.get(&anna, "/beoordelen").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("geen toegang"));

    let (status, html) = app.get(&trainer, "/").await;
    assert_eq!(status, StatusCode::OK);
    // One line per cohort with its counts; the participants' table is on the cohort page.
    assert!(html.contains("Leerlijn 2026") && !html.contains("Test anna@example.nl"), "trainer sees the cohort, summarised");
    assert_eq!(app.get(&trainer, "/beoordelen").await.0, StatusCode::OK);
    assert_eq!(app.get(&trainer, "/uitnodigen").await.0, StatusCode::FORBIDDEN);

    let (status, html) = app.get(&coordinator, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Leerlijn 2026"));
    assert_eq!(app.get(&coordinator, &format!("/cohorten/{cohort}")).await.0, StatusCode::OK);
    assert_eq!(app.get(&coordinator, "/cohorten/9999").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_creates_a_cohort_with_requirements() {
    let app = spawn_app().await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let form = [
        ("name", "Leerlijn 2027"),
        ("starts_on", "2027-11-25"),
        ("ends_on", "2028-06-30"),
        ("learning_hours", "60"),
        ("practice_hours", "72"),
        ("lesson_attendance_percent", "80"),
        ("intervision_attendance_percent", "90"),
    ];
    let created = app.submit(&coordinator, "/cohorten/nieuw", "create_cohort", &form).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM cohorts WHERE name = 'Leerlijn 2027'").fetch_one(&app.pool).await.unwrap();
    created.assert_redirect_to(&format!("/cohorten/{id}"));
    let overview = app.call(&coordinator, "cohort_overview", &[("cohort_id", &id.to_string())]).await.body;
    assert_eq!(overview["requirements"]["practice_quarters"], 288);
    assert_eq!(overview["requirements"]["intervision_attendance_percent"], 90);

    let mut bad = form;
    bad[0].1 = "Leerlijn 2027";
    bad[2].1 = "2027-01-01";
    bad[3].1 = "zestig";
    bad[5].1 = "120";
    let refused = app.submit(&coordinator, "/cohorten/nieuw", "create_cohort", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_error("ends_on").as_deref(), Some("err.cohort.ends_before_start"));
    assert_eq!(refused.field_error("learning_hours").as_deref(), Some("err.requirement.format"));
    assert_eq!(refused.field_error("lesson_attendance_percent").as_deref(), Some("err.percent"));
    let duplicate = app.submit(&coordinator, "/cohorten/nieuw", "create_cohort", &form).await;
    assert_eq!(duplicate.field_error("name").as_deref(), Some("err.cohort.name_taken"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_remembers_english() {
    let app = spawn_app().await;
    let client = app.client();
    let switched = client
        .post(app.url("/taal"))
        .header(header::ORIGIN, app.base.clone())
        .form(&[("taal", "en"), ("terug", "/inloggen")])
        .send()
        .await
        .unwrap();
    assert!(switched.status().is_redirection());
    assert_eq!(switched.headers()[header::LOCATION], "/inloggen");
    let (_, html) = app.get(&client, "/inloggen").await;
    assert!(html.contains("<html lang=\"en\""), "document language follows the choice");
    assert!(html.contains("Email address"));
    let evil = client
        .post(app.url("/taal"))
        .header(header::ORIGIN, app.base.clone())
        .form(&[("taal", "nl"), ("terug", "https://evil.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.headers()[header::LOCATION], "/", "no open redirect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_an_invitation_is_created_shown_once_and_accepted() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("coordinator@example.nl", Role::Coordinator, None).await;
    let coordinator = app.login_as("coordinator@example.nl").await;
    let cohort_text = cohort.to_string();
    app.submit(
        &coordinator,
        "/uitnodigen",
        "invite",
        &[
            ("name", "Noor Hasan"),
            ("email", "noor@example.nl"),
            ("role", "deelnemer"),
            ("organisation", ""),
            ("cohort_id", cohort_text.as_str()),
        ],
    )
    .await
    .assert_redirect_to("/uitnodigen");
    let (status, html) = app.get(&coordinator, "/uitnodigen").await;
    assert_eq!(status, StatusCode::OK);
    let link = html.split("/wachtwoord/").nth(1).expect("link shown after the redirect").split('"').next().unwrap().to_owned();
    let (_, again) = app.get(&coordinator, "/uitnodigen").await;
    assert!(!again.contains("/wachtwoord/"), "the link is shown once");

    let newcomer = app.client();
    let (status, form) = app.get(&newcomer, &format!("/wachtwoord/{link}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(&format!("name=\"token\" value=\"{link}\"")), "token travels in the plain form");
    app.submit(
        &newcomer,
        &format!("/wachtwoord/{link}"),
        "accept_invitation",
        &[("token", link.as_str()), ("password", crate::common::PASSWORD), ("password_repeat", crate::common::PASSWORD)],
    )
    .await
    .assert_redirect_to("/");
    let (status, home) = app.get(&newcomer, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Mijn voortgang") && home.contains("Noor Hasan"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_answer_404() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let (status, html) = app.get(&anna, "/bestaat-niet").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("bestaan niet"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_pages_with_an_island_load_the_wasm_and_none_carries_serialised_data() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    let anna_id = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("trainer@example.nl", Role::Trainer, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let known = app.ids("hour_entries").await;
    app.submit(&anna, "/uren/nieuw", "log_hours", &[("worked_on", &date), ("hours", "1"), ("kind", "leren"), ("description", "Les")])
        .await
        .assert_redirect_to("/");
    let entry = app.new_id("hour_entries", &known).await;
    let trainer = app.login_as("trainer@example.nl").await;
    let anonymous = app.client();
    let visits = [
        (&anonymous, "/inloggen".to_owned(), false),
        // Public and without JavaScript: the certificate check.
        (&anonymous, "/verifieren".to_owned(), false),
        (&anna, "/".to_owned(), false),
        (&anna, "/uren".to_owned(), false),
        (&anna, "/uren/nieuw".to_owned(), true),
        (&anna, format!("/uren/{entry}/bewerken"), true),
        // The plan upload forms show their progress.
        (&anna, "/plannen".to_owned(), true),
        (&trainer, "/".to_owned(), false),
        (&trainer, "/beoordelen".to_owned(), true),
        (&trainer, "/cohorten".to_owned(), false),
        (&trainer, format!("/deelnemers/{anna_id}"), false),
    ];
    for (client, path, has_island) in visits {
        let (status, html) = app.get(client, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(html.contains("<leptos-island"), has_island, "islands on {path}");
        assert_eq!(html.contains("/pkg/leerlijn.js"), has_island, "the wasm loads on {path} exactly when it has an island");
        // Leptos always declares its (empty) hydration arrays; nothing may be put in them.
        let declared = ["__RESOLVED_RESOURCES=[];", "__PENDING_RESOURCES=[];", "__RESOURCE_RESOLVERS=[];", "__SERIALIZED_ERRORS=[];"];
        let rest = declared.iter().fold(html.clone(), |h, d| h.replace(d, ""));
        assert!(!rest.contains("RESOURCE") && !rest.contains("__SERIALIZED"), "no data serialised for hydration on {path}");
    }
}

/// Leptos writes `<textarea>` content unescaped; a description that closes the
/// textarea must stay text when it is shown again (edit page, refused form).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_text_in_a_textarea_cannot_become_markup() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let sneaky = "Les</textarea><p id=\"injected\">x</p>";
    let known = app.ids("hour_entries").await;
    app.submit(&anna, "/uren/nieuw", "log_hours", &[("worked_on", &date), ("hours", "1"), ("kind", "leren"), ("description", sneaky)])
        .await
        .assert_redirect_to("/");
    let entry = app.new_id("hour_entries", &known).await;
    let (_, edit) = app.get(&anna, &format!("/uren/{entry}/bewerken")).await;
    assert!(!edit.contains("<p id=\"injected\">"), "no markup from the description");
    assert!(edit.contains("Les&lt;/textarea&gt;&lt;p id=\"injected\"&gt;x&lt;/p&gt;</textarea>"), "{edit}");
    let refused = app
        .submit(&anna, "/uren/nieuw", "log_hours", &[("worked_on", &date), ("hours", "x"), ("kind", "leren"), ("description", sneaky)])
        .await;
    assert!(!refused.html.contains("<p id=\"injected\">"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_150_entries_the_home_stays_small_and_the_full_list_is_paged_by_month() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
         INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status, submitted_at)
         SELECT ?, ?, date('now', '-' || (i % 90) || ' days'), 4, 'leren', 'Regel ' || i, NULL,
                CASE WHEN i % 3 = 0 THEN 'ingediend' ELSE 'goedgekeurd' END, datetime('now') FROM n",
    )
    .bind(anna)
    .bind(cohort)
    .execute(&app.pool)
    .await
    .unwrap();
    let client = app.login_as("anna@example.nl").await;
    let (status, home) = app.get(&client, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.len() <= 25 * 1024, "home is {} bytes", home.len());
    assert_eq!(home.matches("class=\"card entry\"").count(), 5, "the latest five entries");
    assert!(home.contains("Alle uren bekijken (150)"));
    assert!(home.contains("Wachten op beoordeling door je trainer: 50 (samen 50 uur)."));

    let (_, first) = app.get(&client, "/uren").await;
    assert_eq!(first.matches("class=\"card entry\"").count(), 25);
    assert!(first.contains("Pagina 1 van 6") && first.contains("<h2 class=\"month\">"));
    let (_, last) = app.get(&client, "/uren?pagina=6").await;
    assert!(last.contains("Pagina 6 van 6"));
    let (_, waiting) = app.get(&client, "/uren?status=ingediend").await;
    assert!(waiting.contains("Pagina 1 van 2") && !waiting.contains("Goedgekeurd</span>"), "only waiting entries");
}

/// The W3C Nu checker's two complaints about Leptos' output, fixed on the way out:
/// `<!>` markers and scripts after `</html>` (see `server::conformance`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_have_no_bogus_comments_and_end_with_the_document() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.login_as("anna@example.nl").await;
    for path in ["/inloggen", "/", "/uren/nieuw", "/uren"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.headers().get(header::CONTENT_LENGTH).is_none_or(|l| l.to_str().unwrap() != "0"));
        let html = response.text().await.unwrap();
        assert!(!html.contains("<!>"), "{path} still has a bogus comment");
        assert!(html.trim_end().ends_with("</body></html>"), "{path} has something after </html>");
        assert!(html.contains("__RESOLVED_RESOURCES"), "{path}: the hydration scripts moved, not dropped");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_readers_see_decimal_points_and_dutch_readers_decimal_commas() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.login_as("anna@example.nl").await;
    let date = days_ago(1);
    let form = [("worked_on", date.as_str()), ("hours", "1:30"), ("kind", "leren"), ("description", "Les")];
    app.submit(&client, "/uren/nieuw", "log_hours", &form).await.assert_redirect_to("/");
    let (_, dutch) = app.get(&client, "/uren").await;
    assert!(dutch.contains("1,5 uur") && !dutch.contains("1.5 h"), "Dutch list shows 1,5");
    client.post(app.url("/taal")).header(header::ORIGIN, app.base.clone()).form(&[("taal", "en"), ("terug", "/")]).send().await.unwrap();
    for path in ["/uren", "/"] {
        let (_, english) = app.get(&client, path).await;
        assert!(english.contains("1.5") && !english.contains("1,5"), "{path} in English shows 1.5");
    }
}

/// After an action the confirmation sits right under the page heading and is the one
/// element that takes focus (two `autofocus` on a page is invalid and the browser picks one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_follows_the_heading_and_alone_takes_focus() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let client = app.login_as("anna@example.nl").await;
    let (_, plain) = app.get(&client, "/").await;
    assert_eq!(plain.matches("autofocus").count(), 1);
    assert!(plain.contains("<h1 tabindex=\"-1\" autofocus>"), "without a confirmation the heading takes focus");
    let date = days_ago(1);
    let form = [("worked_on", date.as_str()), ("hours", "2"), ("kind", "leren"), ("description", "Les")];
    app.submit(&client, "/uren/nieuw", "log_hours", &form).await.assert_redirect_to("/");
    let (_, confirmed) = app.get(&client, "/").await;
    assert_eq!(confirmed.matches("autofocus").count(), 1, "one element takes focus");
    let heading_end = confirmed.find("</h1>").expect("heading");
    let status = confirmed.find("role=\"status\"").expect("confirmation");
    assert!(status > heading_end && status - heading_end < 60, "the confirmation comes right after the heading");
    assert!(confirmed[status..].split('>').next().unwrap().contains("autofocus"), "and takes the focus");
}

/// On a shared computer, Back after logging out must not bring someone's plans back
/// from the cache: what a signed-in person is shown is never stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_behind_login_are_never_cached() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("C").await;
    app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    let anna = app.login_as("anna@example.nl").await;
    for path in ["/", "/plannen", "/uren", "/uren/nieuw", "/agenda"] {
        let response = anna.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store, private", "{path}");
    }
    let refused = app.submit(&anna, "/uren/nieuw", "log_hours", &[("hours", "x")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let api = app.call(&anna, "my_hours", &[]).await;
    assert_eq!(api.status, StatusCode::OK);
    let response = anna
        .post(app.url("/api/my_hours"))
        .header(header::ORIGIN, app.base.clone())
        .header(header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store, private", "server functions too");
    let css = anna.get(app.url("/favicon.svg")).send().await.unwrap();
    assert_ne!(
        css.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()),
        Some("no-store, private"),
        "static files stay cacheable"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_cohort_pages_its_participants_by_name_and_the_trainer_home_summarises_it() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Groot cohort").await;
    app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    for i in 0..60 {
        sqlx::query("INSERT INTO users (email, name, role, cohort_id, created_at) VALUES (?, ?, 'deelnemer', ?, '2026-01-01T00:00:00Z')")
            .bind(format!("p{i}@example.nl"))
            .bind(format!("Deelnemer {i:02}"))
            .bind(cohort)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let tom = app.login_as("tom@example.nl").await;
    let (status, first) = app.get(&tom, &format!("/cohorten/{cohort}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.contains("60 deelnemers, 50 per pagina") && first.contains("Deelnemer 00") && first.contains("Deelnemer 49"));
    assert!(!first.contains("Deelnemer 50"), "the second page's names are not on the first");
    let last_shown: i64 = sqlx::query_scalar("SELECT id FROM users WHERE name = 'Deelnemer 49'").fetch_one(&app.pool).await.unwrap();
    let next = format!("/cohorten/{cohort}?na={last_shown}");
    assert!(first.contains(&format!("href=\"{next}#deelnemers\"")), "a link to the next page");

    let (_, second) = app.get(&tom, &next).await;
    assert!(second.contains("Deelnemer 50") && second.contains("Deelnemer 59") && !second.contains("Deelnemer 49"));
    assert!(second.contains("Naar het begin") && !second.contains("#deelnemers\">Volgende"), "the last page links back, not on");

    let (_, home) = app.get(&tom, "/").await;
    assert!(home.contains("60 deelnemers") && home.contains("Groot cohort") && !home.contains("Deelnemer 00"), "{home}");
}

/// Views that load several things side by side once held a database connection each
/// while waiting to be polled again: eight simultaneous views of the coordinator's
/// home used up the pool (8) and none finished. Every busy page must answer 24 at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn busy_pages_answer_many_simultaneous_views_of_one_person() {
    let app = spawn_app().await;
    let cohort = app.current_cohort("Druk cohort").await;
    let anna = app.user("anna@example.nl", Role::Participant, Some(cohort)).await;
    app.user("tom@example.nl", Role::Trainer, Some(cohort)).await;
    app.user("carla@example.nl", Role::Coordinator, None).await;
    let pages: [(&str, Vec<String>); 3] = [
        ("anna@example.nl", vec!["/".into(), "/uren".into(), "/plannen".into(), "/mijn-gegevens".into()]),
        ("tom@example.nl", vec!["/".into(), "/beoordelen".into(), format!("/cohorten/{cohort}"), format!("/deelnemers/{anna}")]),
        ("carla@example.nl", vec!["/".into(), "/cohorten".into(), "/bewaren".into(), format!("/cohorten/{cohort}")]),
    ];
    for (email, paths) in pages {
        let client = app.login_as(email).await;
        for path in paths {
            let views = (0..24).map(|_| {
                let (client, url) = (client.clone(), app.url(&path));
                async move { client.get(url).send().await.map(|r| r.status()) }
            });
            let answered = tokio::time::timeout(std::time::Duration::from_secs(20), futures::future::join_all(views))
                .await
                .unwrap_or_else(|_| panic!("{path} as {email}: 24 simultaneous views did not all finish"));
            assert!(answered.iter().all(|s| matches!(s, Ok(StatusCode::OK))), "{path} as {email}: {answered:?}");
        }
    }
}
