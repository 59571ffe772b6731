//! Where activity rows come from: one module per kind of input.

pub mod csv_log;
