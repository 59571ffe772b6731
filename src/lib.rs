//! netaudit: what each business networking group returns for your time.
//!
//! Data flows one way: [`log`] reads rows (on several threads for a large file, with
//! [`parallel`]), [`ledger`] totals them per group and month,
//! [`model`] scores and judges each group, [`render`] words the result, and [`cli`] wires them.

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
pub mod ledger;
pub mod locale;
pub mod messages;
pub mod model;
pub mod names;
pub mod period;
pub mod records;
pub mod render;
pub mod settings;
pub mod sources;
