//! The `leerlijn` command line: first coordinator, demo seeding, refusals.
use std::process::{Command, Output};

fn leerlijn(database_url: &str, args: &[&str], password: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leerlijn"));
    command.args(args).env("DATABASE_URL", database_url).env("RUST_LOG", "error").env_remove("LEERLIJN_PASSWORD");
    if let Some(password) = password {
        command.env("LEERLIJN_PASSWORD", password);
    }
    command.output().expect("run leerlijn")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[tokio::test]
async fn create_user_makes_a_coordinator_with_owasp_argon2_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("cli.db").display());
    let create = ["create-user", "--email", "Carla@Example.nl", "--name", "Carla Mendes", "--role", "coordinator"];

    let created = leerlijn(&url, &create, Some("een sterk wachtwoord"));
    assert!(created.status.success(), "{}", text(&created));
    assert!(text(&created).contains("carla@example.nl"));

    let again = leerlijn(&url, &create, Some("een sterk wachtwoord"));
    assert!(!again.status.success(), "duplicate refused");
    let short = leerlijn(&url, &["create-user", "--email", "b@example.nl", "--name", "B", "--role", "coordinator"], Some("kort"));
    assert!(!short.status.success() && text(&short).contains("wachtwoord"), "{}", text(&short));
    let no_org =
        leerlijn(&url, &["create-user", "--email", "t@example.nl", "--name", "T", "--role", "trainer"], Some("een sterk wachtwoord"));
    assert!(!no_org.status.success(), "a trainer needs an organisation");
    let no_password = leerlijn(&url, &["create-user", "--email", "x@example.nl", "--name", "X", "--role", "coordinator"], None);
    assert!(!no_password.status.success() && text(&no_password).contains("LEERLIJN_PASSWORD"), "{}", text(&no_password));

    let pool = leerlijn::server::db::connect(&url).await.unwrap();
    let (role, hash): (String, String) =
        sqlx::query_as("SELECT role, password_hash FROM users WHERE email = 'carla@example.nl'").fetch_one(&pool).await.unwrap();
    assert_eq!(role, "coordinator");
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "OWASP argon2id parameters: {hash}");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&pool).await.unwrap();
    assert_eq!(users, 1);
}

#[test]
fn seed_demo_is_idempotent_and_prints_the_logins() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("demo.db").display());
    let first = leerlijn(&url, &["seed-demo"], None);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("Demo aangemaakt") && text(&first).contains("coordinator@leerlijn.test"));
    let second = leerlijn(&url, &["seed-demo"], None);
    assert!(second.status.success());
    assert!(text(&second).contains("Demo bestond al"));
}
