//! The record's JSON Schema (schemas/report.schema.json, compiled into the binary) and
//! validation that names the JSON pointer of each violation.

use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::Value;

/// The schema text as shipped in `schemas/report.schema.json`.
pub const SCHEMA_TEXT: &str = include_str!("../../schemas/report.schema.json");

static VALIDATOR: LazyLock<Result<Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(SCHEMA_TEXT)
        .map_err(|e| format!("the bundled schema is not JSON: {e}"))?;
    jsonschema::draft202012::new(&schema).map_err(|e| format!("the bundled schema is invalid: {e}"))
});

/// One schema violation: where in the record, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// JSON pointer into the record ("" for the root).
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{pointer}: {}", self.message)
    }
}

/// Validates a record (as JSON) against the schema.
pub fn validate(record: &Value) -> Result<(), Vec<Violation>> {
    let validator = match &*VALIDATOR {
        Ok(v) => v,
        Err(message) => {
            return Err(vec![Violation { pointer: String::new(), message: message.clone() }])
        }
    };
    let violations: Vec<Violation> = validator
        .iter_errors(record)
        .map(|e| Violation { pointer: e.instance_path().to_string(), message: e.to_string() })
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}
