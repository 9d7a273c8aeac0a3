//! `leerlijn`: serve the app, migrate the database, seed a demo, create users,
//! back up and restore, make and rotate the key that signs credentials.
use std::io::IsTerminal;

use clap::{Parser, Subcommand};
use leerlijn::{
    demo,
    domain::{Email, NewPassword, Organisation, PersonName, Role},
    features::{accounts::db::create_user, certificates},
    server::{
        backup,
        config::Config,
        db, router,
        signing::{self, Signer},
        state::AppState,
    },
};
use leptos::config::get_configuration;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "leerlijn", about = "Leerlijn Buurtteams", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default). Applies pending migrations first.
    Serve,
    /// Apply database migrations.
    Migrate,
    /// Add the demo cohort and accounts (does nothing if they exist).
    SeedDemo,
    /// Create an account with a password, e.g. the first coordinator.
    /// The password comes from LEERLIJN_PASSWORD or is asked on the terminal.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// deelnemer, trainer or coordinator
        #[arg(long)]
        role: String,
        /// vrijwilligersacademie or hva (trainers)
        #[arg(long)]
        organisation: Option<String>,
        /// cohort id (participants; trainers are linked to it)
        #[arg(long)]
        cohort: Option<i64>,
    },
    /// Copy the database to FILE while the app may be serving (plan files and
    /// certificates included: they are in the database).
    Backup { file: std::path::PathBuf },
    /// Replace the database with the backup FILE; stop the server first. The copy is
    /// checked first; the replaced database is kept beside it.
    Restore { file: std::path::PathBuf },
    /// The key that signs credentials (LEERLIJN_SIGNING_KEY, by default beside the database).
    Keys {
        #[command(subcommand)]
        action: KeyAction,
    },
    /// Measure certificate PDFs: time and size each, and a batch (see bench/certificates.sh).
    BenchCertificates {
        #[arg(long, default_value_t = 200)]
        count: usize,
    },
}

#[derive(Subcommand)]
enum KeyAction {
    /// Make the key if there is none (`serve` also does this on its first start).
    Generate,
    /// Replace the key by a new one. Credentials signed before keep verifying: the old
    /// public key stays published. Restart `serve` afterwards.
    Rotate,
}

/// Rendering a page allocates many small strings; mimalloc handles that with
/// less time in malloc/free than glibc's allocator (seen in the profile).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The release binary runs outside cargo-leptos too: fill in its build layout.
    // Set before any thread starts, as the environment is process-wide.
    for (key, value) in [("LEPTOS_OUTPUT_NAME", "leerlijn"), ("LEPTOS_SITE_ROOT", "target/site"), ("LEPTOS_SITE_PKG_DIR", "pkg")] {
        if std::env::var_os(key).is_none() {
            std::env::set_var(key, value);
        }
    }
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_sessions=warn,sqlx=warn")))
        .init();
    let cli = Cli::parse();
    if let Some(Command::BenchCertificates { count }) = cli.command {
        bench_certificates(count.max(1));
        return Ok(());
    }
    let config = Config::from_env();
    if let Some(Command::Restore { file }) = &cli.command {
        let aside = backup::restore(&config.database_url, file).await?;
        println!("Hersteld uit {}. De vervangen database staat in {}.", file.display(), aside.display());
        return Ok(());
    }
    if let Some(Command::Backup { file }) = &cli.command {
        if !backup::database_file(&config.database_url)?.exists() {
            return Err("er is nog geen database om te kopiëren".into());
        }
        let pool = db::connect(&config.database_url).await?;
        let bytes = backup::backup_to(&pool, file).await?;
        println!("Reservekopie gemaakt: {} ({} MB).", file.display(), bytes.div_ceil(1024 * 1024));
        return Ok(());
    }
    let pool = db::connect(&config.database_url).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let _one_server = backup::hold_server_lock(&backup::database_file(&config.database_url)?)?;
            db::migrate(&pool).await?;
            let signer = signer_for(&pool, &config).await?;
            let issuer = certificates::issue::Issuer { base_url: &config.public_base_url, signer: &signer };
            let signed = certificates::db::sign_missing_credentials(&pool, &issuer).await.map_err(|e| format!("credentials: {e:?}"))?;
            if signed > 0 {
                tracing::info!(count = signed, "signed the credentials of certificates issued before");
            }
            // Certificates that came due while the server was down (a crash right after an approval).
            let issued = certificates::issue::issue_due(&pool, &issuer, None, None).await;
            if !issued.is_empty() {
                tracing::info!(count = issued.len(), "issued certificates that had come due");
            }
            if let Some(dir) = config.backup_dir.clone() {
                tracing::info!(dir = %dir.display(), keep = config.backups_kept, "nightly backups on");
                backup::spawn_nightly(pool.clone(), dir, config.backups_kept);
            }
            match leerlijn::server::mailer::start(&pool, &config)? {
                true => tracing::info!(from = %config.mail_from, "mail goes out through LEERLIJN_SMTP_URL"),
                false => tracing::info!(
                    "LEERLIJN_SMTP_URL is not set: mail waits in the outbox ({}/berichten, for coordinators)",
                    config.public_base_url
                ),
            }
            let leptos_options = get_configuration(None)?.leptos_options;
            let addr = leptos_options.site_addr;
            let state = AppState::new(leptos_options, pool.clone(), config, signer);
            let site = leerlijn::app::site();
            leerlijn::server::schedule::spawn_jobs(pool.clone(), site.jobs());
            spawn_session_cleanup(pool);
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("Leerlijn luistert op http://{addr}");
            router::serve(listener, state, site).await?;
        }
        Command::Migrate => {
            db::migrate(&pool).await?;
            println!("Database bijgewerkt.");
        }
        Command::SeedDemo => {
            db::migrate(&pool).await?;
            let signer = signer_for(&pool, &config).await?;
            let issuer = certificates::issue::Issuer { base_url: &config.public_base_url, signer: &signer };
            let created = demo::seed(&pool, &issuer).await?;
            println!("{}", if created { "Demo aangemaakt." } else { "Demo bestond al." });
            demo::print_logins();
        }
        Command::Keys { action: KeyAction::Generate } => {
            db::migrate(&pool).await?;
            match signing::generate(&config.signing_key) {
                Ok(()) => println!("Nieuwe sleutel gemaakt: {}", config.signing_key.display()),
                Err(signing::KeyError::Exists(path)) => println!("Er is al een sleutel: {}", path.display()),
                Err(e) => return Err(e.into()),
            }
            let signer = Signer::load(&config.signing_key)?;
            signing::register(&pool, &signer).await?;
            println!("Openbare sleutel: {}", signing::key_uri(&config.public_base_url, signer.thumbprint()));
        }
        Command::Keys { action: KeyAction::Rotate } => {
            db::migrate(&pool).await?;
            let thumbprint = signing::rotate(&pool, &config.signing_key).await?;
            println!("Nieuwe sleutel in gebruik: {}", signing::key_uri(&config.public_base_url, &thumbprint));
            println!("De oude openbare sleutel blijft gepubliceerd. Start de server opnieuw.");
        }
        Command::BenchCertificates { .. } | Command::Backup { .. } | Command::Restore { .. } => {
            unreachable!("handled before the database is opened")
        }
        Command::CreateUser { email, name, role, organisation, cohort } => {
            db::migrate(&pool).await?;
            let email = Email::parse(&email).map_err(|k| format!("ongeldig e-mailadres ({k})"))?;
            let name = PersonName::parse(&name).map_err(|k| format!("ongeldige naam ({k})"))?;
            let role = Role::parse(&role).map_err(|_| "rol moet deelnemer, trainer of coordinator zijn")?;
            let organisation = organisation
                .map(|o| Organisation::parse(&o).map_err(|_| "organisatie moet vrijwilligersacademie of hva zijn"))
                .transpose()?;
            let password = match std::env::var("LEERLIJN_PASSWORD") {
                Ok(p) => p,
                Err(_) if std::io::stdin().is_terminal() => rpassword::prompt_password("Wachtwoord: ")?,
                Err(_) => return Err("zet LEERLIJN_PASSWORD of start vanaf een terminal".into()),
            };
            let password = NewPassword::parse(&password, &email).map_err(|k| format!("wachtwoord geweigerd ({k})"))?;
            let id = create_user(&pool, &email, &name, role, organisation, cohort, password).await?;
            println!("Account {id} aangemaakt voor {email}.");
        }
    }
    Ok(())
}

/// The signing key (made on first use) with its public half published.
async fn signer_for(pool: &sqlx::SqlitePool, config: &Config) -> Result<Signer, Box<dyn std::error::Error>> {
    let signer = Signer::load_or_create(&config.signing_key)?;
    signing::register(pool, &signer).await?;
    Ok(signer)
}

/// Renders `count` certificates one after another, as a cohort's batch would be, and
/// prints the first (which parses the fonts), the median and p99 of the rest, the
/// batch total and the sizes.
fn bench_certificates(count: usize) {
    use leerlijn::features::certificates::{
        number::CertificateNumber,
        pdf::{render, CertificateContent},
    };
    use std::time::Instant;
    let content = |i: usize| {
        let number = CertificateNumber::generate();
        CertificateContent {
            participant_name: format!("Deelnemer {i} Çelik-Brouwer"),
            cohort_period: "1 september 2026 – 30 juni 2027".into(),
            learning_hours: "62,5".into(),
            practice_hours: "64".into(),
            trainings: vec!["Grenzen stellen".into(), "Verbindend (oordeelloos) communiceren".into()],
            interview_date: "23 november 2026".into(),
            assessors: ["Youssef El Amrani (Vrijwilligersacademie)".into(), "Ingrid Jansen (Hogeschool van Amsterdam)".into()],
            issued_on: "23 november 2026".into(),
            verify_url: format!("https://leerlijn.example.nl/verifieren/{}", number.as_str()),
            number: number.as_str().to_owned(),
            issued_at_unix: 1_795_000_000,
        }
    };
    let started = Instant::now();
    let first = render(&content(0));
    let first_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut times = Vec::with_capacity(count);
    let mut sizes = Vec::with_capacity(count);
    let batch = Instant::now();
    for i in 0..count {
        let c = content(i + 1);
        let t = Instant::now();
        let pdf = render(&c);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        sizes.push(pdf.len());
    }
    let batch_ms = batch.elapsed().as_secs_f64() * 1000.0;
    times.sort_by(f64::total_cmp);
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let (min, max) = (sizes.iter().min().copied().unwrap_or(0), sizes.iter().max().copied().unwrap_or(0));
    println!("first certificate (fonts parsed): {first_ms:.2} ms, {} bytes", first.len());
    println!("per certificate over {count}: median {:.2} ms, p99 {:.2} ms, max {:.2} ms", pick(0.5), pick(0.99), pick(1.0));
    println!("size: {:.1}–{:.1} KB", min as f64 / 1024.0, max as f64 / 1024.0);
    println!("batch of {count}: {batch_ms:.0} ms in all ({:.2} ms each)", batch_ms / count as f64);
}

/// Expired sessions are removed hourly so the table does not grow without bound.
fn spawn_session_cleanup(pool: sqlx::SqlitePool) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = tower_sessions_sqlx_store::SqliteStore::new(pool);
    tokio::spawn(async move {
        if let Err(err) = store.continuously_delete_expired(std::time::Duration::from_secs(3600)).await {
            tracing::error!(error = %err, "session cleanup stopped");
        }
    });
}
