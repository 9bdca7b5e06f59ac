//! Records compared fact by fact: the engine of `tokku diff` ([`diff`]) and the regression
//! runner of `tokku verify` on folders of reports beside their expected records
//! ([`verify`]). The project's own golden tests go through the same code.

pub mod diff;
pub mod verify;
