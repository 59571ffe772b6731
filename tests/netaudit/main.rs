//! The integration tests: one binary, a module per command or concern, each running the
//! real `netaudit` in a folder of its own ([`common::Workdir`]).

mod calendar_forms;
mod calibration;
mod chapter_command;
mod check_command;
mod common;
mod currencies;
mod deals_from_a_crm;
mod docs_command;
mod fixing_mistakes;
mod histories;
mod hostile_input;
mod house;
mod import_command;
mod imports_meet_the_log;
mod large_logs;
mod log_command;
mod membership;
mod pipeline_and_round;
mod properties;
mod readme;
mod report_config;
mod report_input;
mod report_output;
mod report_sample;
mod revenue_from_the_books;
mod rewrites;
mod slips_for_a_member;
mod spreadsheets;
mod tracker_forms;
mod trend_command;
mod views;
mod what_you_see;
mod who_brought_it;
mod your_files;
mod your_locale;
