//! The command line as users meet it: its contract (stdout, exit status), the user's
//! language and the message catalogue, output at its edges, `tokku diff`, `tokku verify`
//! and every command the README shows. One test binary: each file below is a module of it.

#[path = "../common/mod.rs"]
mod common;

mod contract;
mod diff;
mod language;
mod message_catalogue;
mod output_edges;
mod readme_commands;
mod verify;
