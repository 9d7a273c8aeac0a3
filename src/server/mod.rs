//! Server-only plumbing: configuration, database, sessions, security and the HTTP router.
pub mod api;
pub mod audit;
pub mod auth;
pub mod blocking;
pub mod clock;
pub mod config;
pub mod db;
pub mod flash;
pub mod forms;
pub mod passwords;
pub mod proxy;
pub mod router;
pub mod security;
pub mod session_store;
pub mod state;
pub mod throttle;
pub mod tokens;
