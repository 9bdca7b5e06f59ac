//! `tokku batch` and what it writes: records and manifest, edges of a run (locks,
//! interruptions), Excel-friendly CSVs, incremental runs and the options a saved record
//! was made under, the SQLite tables, and the panel across years. One test binary: each file below is a module of it.

#[path = "../common/mod.rs"]
mod common;

mod edges;
mod excel;
mod incremental;
mod panel;
mod records;
mod reuse_options;
mod sqlite_tables;
