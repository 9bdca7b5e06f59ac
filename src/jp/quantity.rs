//! Quantities of the reports: numbers with magnitudes and units (placeholder API;
//! implemented under issue 4).

use serde::Serialize;

/// A number with its base unit and the normalized source text (the contract's Quantity).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Quantity {
    #[serde(serialize_with = "serialize_number")]
    pub value: f64,
    pub unit: String,
    pub text: String,
}

/// Why a quantity could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot read a quantity from {text:?}: {reason}")]
pub struct QuantityError {
    pub text: String,
    pub reason: String,
}

/// Reads a quantity (`475億円`, `-18人`, `24.5万人`). `Ok(None)` for a no-value cell.
pub fn parse_quantity(text: &str) -> Result<Option<Quantity>, QuantityError> {
    Err(QuantityError { text: text.to_string(), reason: "not implemented".into() })
}

/// Reads a percentage (`145%`, `145`); `Ok(None)` for `-`, `―`, empty.
pub fn parse_percent(text: &str) -> Result<Option<f64>, QuantityError> {
    Err(QuantityError { text: text.to_string(), reason: "not implemented".into() })
}

/// Serializes a number as an integer when it is integral (47500000000, not 47500000000.0).
pub fn serialize_number<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}
