//! The `tokku` binary's commands, above the library: each subcommand's arguments and
//! runner, the batch runner with its outputs (NDJSON, CSV, SQLite, xlsx, panel), and the
//! output discipline every command writes through ([`output`]). Nothing in the library
//! imports this module.

pub mod batch;
pub mod history;
pub mod limits;
pub mod output;
pub mod regression;
pub mod review_pages;
pub mod review_zones;
pub mod summary;
pub mod text;
