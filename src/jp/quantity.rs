//! Quantities of the reports: numbers with magnitudes and units (interim
//! implementation; the full one is issue 4).

use std::sync::LazyLock;

use regex::Regex;
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

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<sign>[-△▲])?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mag>兆|億|百万|万|千)?\s*(?P<unit>[^\d\s].*)?$").expect("static regex")
});

fn is_no_value(text: &str) -> bool {
    matches!(text, "" | "-" | "－" | "―" | "ー" | "—")
}

/// Reads a quantity (`475億円`, `-18人`, `24.5万人`). `Ok(None)` for a no-value cell.
pub fn parse_quantity(text: &str) -> Result<Option<Quantity>, QuantityError> {
    let trimmed = text.trim();
    if is_no_value(trimmed) {
        return Ok(None);
    }
    let error = |reason: &str| QuantityError { text: trimmed.to_string(), reason: reason.to_string() };
    let c = QUANTITY.captures(trimmed).ok_or_else(|| error("no number"))?;
    let number: f64 = c["num"].replace(',', "").parse().map_err(|_| error("bad number"))?;
    let scale = match c.name("mag").map(|m| m.as_str()) {
        Some("兆") => 1e12,
        Some("億") => 1e8,
        Some("百万") => 1e6,
        Some("万") => 1e4,
        Some("千") => 1e3,
        _ => 1.0,
    };
    let sign = if c.name("sign").is_some() { -1.0 } else { 1.0 };
    let unit = c.name("unit").map(|m| m.as_str().trim().to_string()).unwrap_or_default();
    Ok(Some(Quantity { value: sign * (number * scale).round(), unit, text: trimmed.to_string() }))
}

/// Reads a percentage (`145%`, `145`); `Ok(None)` for `-`, `―`, empty.
pub fn parse_percent(text: &str) -> Result<Option<f64>, QuantityError> {
    let trimmed = text.trim().trim_end_matches('%').trim();
    if is_no_value(trimmed) {
        return Ok(None);
    }
    trimmed
        .parse::<f64>()
        .map(Some)
        .map_err(|_| QuantityError { text: text.to_string(), reason: "not a percentage".into() })
}

/// Serializes a number as an integer when it is integral (47500000000, not 47500000000.0).
pub fn serialize_number<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}
