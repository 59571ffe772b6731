//! netaudit: what each business networking group returns for your time.
//!
//! Data flows one way: [`sources`] read rows (a large CSV log on several threads), the
//! [`ledger`] totals them per group and month, [`model`] scores and judges each group,
//! [`render`] words the result, and [`cmd`] runs each command that [`cli`] parses.
//!
//! No code here unwraps a value a user can influence, nor prints but through
//! [`messages`] and [`cmd`]'s writers: the lints below hold it so. The one module that may
//! use `unsafe` is `signals` (see Cargo.toml's `[lints]`).

#![deny(clippy::unwrap_used, clippy::expect_used)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod activity;
pub mod app;
pub mod chapter;
pub mod cli;
pub mod close_up;
pub mod cmd;
pub mod config;
pub mod currency;
pub mod exit;
pub mod figures;
pub mod files;
pub mod history;
pub mod ledger;
pub mod locale;
pub mod messages;
pub mod model;
pub mod names;
pub mod period;
pub mod records;
pub mod render;
pub mod settings;
mod signals;
pub mod sources;
pub mod stable_hash;
