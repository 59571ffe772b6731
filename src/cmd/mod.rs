//! One module per command; each turns its resolved arguments into output.

pub mod brief;
pub mod chapter;
pub mod check;
pub mod context;
pub mod docs;
mod flag_forms;
pub mod groups;
pub mod import;
pub mod init;
pub mod inputs;
pub mod leads;
pub mod log;
mod log_file;
pub mod output;
pub mod partners;
pub mod rename;
pub mod report;
pub mod show;
mod terminal;
pub mod trend;
mod view;

pub use context::Context;
