//! Helpers shared by the integration tests (each test crate uses a part of them).
#![allow(dead_code)]

pub mod source_files;

/// The number of rows `SELECT count(*) FROM {from}` counts: a table, or a table with a
/// `WHERE` clause, or a subquery in parentheses.
pub fn count_rows(connection: &rusqlite::Connection, from: &str) -> usize {
    let count: i64 = connection
        .query_row(&format!("SELECT count(*) FROM {from}"), [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("SELECT count(*) FROM {from}: {e}"));
    usize::try_from(count).expect("a count is not negative")
}

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

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

/// One glyph as pdf-extract reports it: raw text-space width (per 1000 em units / 1000)
/// and font size, position from the text rendering matrix.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub font_size: f64,
    pub text: String,
}

/// An `OutputDev` that keeps every glyph exactly as pdf-extract reports it (including
/// empty or U+FFFD text, which tokku's own layout collector counts instead of keeping).
#[derive(Default)]
pub struct Collect {
    pub glyphs: Vec<Glyph>,
}

impl Collect {
    /// The decoded text of each glyph, in drawing order.
    pub fn texts(&self) -> Vec<String> {
        self.glyphs.iter().map(|g| g.text.clone()).collect()
    }
}

impl OutputDev for Collect {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.glyphs.push(Glyph {
            x: trm.m31,
            y: trm.m32,
            width,
            font_size,
            text: char.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// NFKC, no whitespace, and the JIS mapping ambiguities folded (wave dash 〜/～/~ and
/// minus −/－/-), which legitimately differ between encodings of the same glyph.
pub fn fold_for_compare(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF5E}' | '~' => '\u{301C}',
            '\u{2212}' | '\u{FF0D}' | '\u{2010}' | '\u{2011}' => '-',
            c => c,
        })
        .collect()
}

/// The coverage rule of a clean rendition (docs/coverage.md): the record has `coverage`,
/// every table part was read whole (`read == lines`), and no `text_unread` warning.
/// Coverage line counts are a property of the rendering (how many lines a producer wraps
/// a cell into), not of the report model, so expected records do not state them; the
/// harnesses check this rule instead. Returns what breaks the rule.
pub fn coverage_rule_violations(record: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match record["coverage"]["parts"].as_array() {
        None => out.push("/coverage: missing".to_string()),
        Some(parts) => {
            for part in parts {
                let kind = part["part"].as_str().unwrap_or_default();
                if kind.ends_with("_table") && part["read"] != part["lines"] {
                    out.push(format!(
                        "/coverage: {kind} {} on pages {}: {} of {} lines read",
                        part["label"], part["pages"], part["read"], part["lines"]
                    ));
                }
            }
        }
    }
    for w in record["warnings"].as_array().into_iter().flatten() {
        if w["code"] == "text_unread" {
            out.push(format!("text_unread on page {}: {}", w["page"], w["message"]));
        }
    }
    out
}

/// A PDF file of `objects` (object 1 the catalog), numbered from 1 in order, after
/// `header` (`%PDF-1.4\n…`), with a classic cross-reference table and trailer.
pub fn pdf_of_objects<B: AsRef<[u8]>>(header: &[u8], objects: &[B]) -> Vec<u8> {
    let mut out = header.to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body.as_ref());
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
