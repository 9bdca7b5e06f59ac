//! The message catalogue against the sources and the records: every `msg!` names a key
//! of the catalogue with exactly the arguments its texts use, every warning code has a
//! Japanese and an English text, the warnings not yet in the catalogue are listed, and a
//! Japanese record differs from an English one only in its message texts.

use std::fs;
use std::path::Path;

use serde_json::Value;
use tokku::i18n::{entry, placeholders, CATALOGUE};
use tokku::lang::Lang;

use crate::common::source_files::rust_files;

/// `Warning::new` sites whose message is still a plain text (not in the catalogue), as
/// "file: code argument". New warnings of other branches land here until they get a key.
const NOT_YET_IN_CATALOGUE: &[&str] = &[];

/// `Warning::new` sites whose message is a variable that holds a catalogue message
/// (`let message = msg!(…)` or a `match` of `msg!`s just above the call).
const MESSAGE_VARIABLES: &[&str] =
    &["src/extract/mod.rs: code, message", "src/extract/mod.rs: \"unreadable_text\", message"];

/// (file relative to the crate, text) of every source file.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    rust_files(&root.join("src"))
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(root).expect("under the crate").display().to_string();
            (rel, fs::read_to_string(f).expect("source is UTF-8"))
        })
        .collect()
}

/// The top-level arguments of every call `name(…)` in `text` (comments not skipped:
/// the call names used here appear in no comment with parentheses).
fn calls(text: &str, name: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices(name) {
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut args = Vec::new();
        let mut current = String::new();
        let mut depth = 0;
        let mut in_string = false;
        let mut chars = text[start + name.len()..].chars().peekable();
        while let Some(c) = chars.next() {
            if in_string {
                current.push(c);
                match c {
                    '\\' => current.extend(chars.next()),
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => {
                    in_string = true;
                    current.push(c);
                }
                '(' | '[' | '{' => {
                    depth += 1;
                    current.push(c);
                }
                ')' | ']' | '}' if depth == 0 => {
                    args.push(current.trim().to_string());
                    break;
                }
                ')' | ']' | '}' => {
                    depth -= 1;
                    current.push(c);
                }
                ',' if depth == 0 => args.push(std::mem::take(&mut current).trim().to_string()),
                _ => current.push(c),
            }
        }
        args.retain(|a| !a.is_empty());
        found.push(args);
    }
    found
}

#[test]
fn the_call_scanner_splits_top_level_arguments() {
    let text = r#"let m = msg!("a.b", x = f(1, 2), y = "p, q");"#;
    assert_eq!(calls(text, "msg!("), [vec!["\"a.b\"", "x = f(1, 2)", "y = \"p, q\""]]);
}

#[test]
fn every_msg_names_a_catalogue_key_with_exactly_its_arguments() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for (file, text) in sources() {
        if file.ends_with("i18n.rs") {
            continue; // the macro's own definition
        }
        for args in calls(&text, "msg!(") {
            seen += 1;
            let key = args[0].trim_matches('"');
            let Some(entry) = entry(key) else {
                problems.push(format!("{file}: msg!({key}): not in the catalogue"));
                continue;
            };
            let mut names: Vec<&str> =
                args[1..].iter().map(|a| a.split('=').next().unwrap_or("").trim()).collect();
            names.sort_unstable();
            if names != placeholders(entry.en) {
                problems.push(format!(
                    "{file}: msg!({key}) gives {names:?}, the texts use {:?}",
                    placeholders(entry.en)
                ));
            }
        }
    }
    assert!(seen > 60, "the scan found only {seen} msg! calls");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The code argument and message argument of every `Warning::new` in the sources.
fn warning_sites() -> Vec<(String, String, String)> {
    let mut sites = Vec::new();
    for (file, text) in sources() {
        if file.ends_with("record/types.rs") {
            continue; // the constructor itself
        }
        for args in calls(&text, "Warning::new(") {
            if args.len() == 4 {
                sites.push((file.clone(), args[0].clone(), args[1].clone()));
            }
        }
    }
    sites
}

#[test]
fn warnings_not_yet_in_the_catalogue_are_listed() {
    let sites = warning_sites();
    assert!(sites.len() > 40, "the scan found only {} warning sites", sites.len());
    let plain: Vec<String> = sites
        .iter()
        .filter(|(file, code, message)| {
            !message.starts_with("msg!(")
                && !MESSAGE_VARIABLES.contains(&format!("{file}: {code}, {message}").as_str())
        })
        .map(|(file, code, _)| format!("{file}: {code}"))
        .collect();
    assert_eq!(
        plain, NOT_YET_IN_CATALOGUE,
        "warnings with a plain-text message (give them a catalogue key, or list them)"
    );
}

#[test]
fn every_warning_code_has_a_japanese_and_an_english_message() {
    let mut codes: Vec<String> = Vec::new();
    for (_, code, message) in warning_sites() {
        if code.starts_with('"') {
            codes.push(code.trim_matches('"').to_string());
        }
        if let Some(key) = message.strip_prefix("msg!(\"") {
            codes.push(key.split(['"', '.']).next().unwrap_or("").to_string());
        }
    }
    // The codes chosen in a `match` just above the call: `("code", msg!("code…"))`.
    let arm = regex::Regex::new(r#"\(\s*"([a-z_]+)",\s*msg!\("([a-z_]+)"#).expect("regex");
    for (_, text) in sources() {
        codes.extend(arm.captures_iter(&text).map(|c| c[1].to_string()));
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() > 30, "only {} codes found: {codes:?}", codes.len());
    for code in &codes {
        let texts: Vec<_> = CATALOGUE
            .iter()
            .filter(|e| {
                e.key == code
                    || e.key.strip_prefix(code.as_str()).is_some_and(|r| r.starts_with('.'))
            })
            .collect();
        assert!(!texts.is_empty(), "warning code {code} has no message in the catalogue");
        for e in texts {
            assert!(!e.ja.is_empty() && !e.en.is_empty(), "{}: a text is missing", e.key);
        }
    }
}

fn seed_record() -> tokku::Record {
    let bytes = fs::read("fixtures/pdf/seed_libreoffice.pdf").expect("the seed rendition");
    tokku::Extractor::new().record(&bytes, "seed_libreoffice.pdf")
}

/// The record as JSON with every message text blanked.
fn without_messages(record: &tokku::Record) -> Value {
    let mut value = serde_json::to_value(record).expect("serializes");
    if let Some(warnings) = value["warnings"].as_array_mut() {
        for w in warnings {
            w["message"] = Value::Null;
        }
    }
    if value["error"].is_object() {
        value["error"]["message"] = Value::Null;
    }
    value
}

fn has_kana(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}'))
}

#[test]
fn a_japanese_record_of_the_seed_differs_from_the_english_one_only_in_messages() {
    let english = seed_record();
    assert!(english.error.is_none(), "{:?}", english.error);
    // The seed's own mistakes: 138% for 116/87, and its zone-name variant.
    assert!(english.warnings.len() >= 2, "{:?}", english.warnings);
    let mut japanese = english.clone();
    japanese.localize(Lang::Ja);
    assert_eq!(without_messages(&japanese), without_messages(&english));
    for (ja, en) in japanese.warnings.iter().zip(&english.warnings) {
        assert_ne!(ja.message, en.message, "{}: not translated", en.code);
        assert!(has_kana(&ja.message), "{}: {}", ja.code, ja.message);
    }
    let mismatch = japanese.warnings.iter().find(|w| w.code == "progress_mismatch").expect("138%");
    assert!(mismatch.message.contains("進捗度は138%と記載されていますが"), "{}", mismatch.message);
    // Back to English: the same record as extracted.
    japanese.localize(Lang::En);
    assert_eq!(japanese, english);
}

#[test]
fn an_error_record_is_localized_too() {
    let mut record = tokku::Extractor::new().record(b"", "empty.pdf");
    assert_eq!(
        record.error.as_ref().map(|e| e.message.as_str()),
        Some("the input is empty (0 bytes)")
    );
    record.localize(Lang::Ja);
    assert_eq!(record.error.as_ref().map(|e| e.message.as_str()), Some("入力が空です（0バイト）"));
}
