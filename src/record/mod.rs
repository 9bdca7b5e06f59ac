//! The record floor: the output contract's types (`types`: record, header, indicators,
//! targets, warnings, error codes) and validation against the JSON Schema (`schema`).
//! Like `jp`, every stage may use it, and it imports no stage (only `jp`).

pub mod schema;
pub mod types;

pub use types::*;
