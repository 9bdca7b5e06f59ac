//! Helpers shared by the integration tests.

use serde_json::Value;

/// Lists every JSON pointer where `actual` differs from `expected`.
pub fn differences(expected: &Value, actual: &Value, pointer: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                match a.get(key) {
                    Some(av) => differences(ev, av, &format!("{pointer}/{key}"), out),
                    None => out.push(format!("{pointer}/{key}: missing")),
                }
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{pointer}/{key}: unexpected field {}", a[key]));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{pointer}: {} items expected, {} found", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                differences(ev, av, &format!("{pointer}/{i}"), out);
            }
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        _ if expected == actual => {}
        _ => out.push(format!("{pointer}: expected {expected}, found {actual}")),
    }
}

