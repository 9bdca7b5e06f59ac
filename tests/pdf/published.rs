//! Issue 24: government PDFs as they are published. Copy-restricted files (an empty user
//! password, permissions that forbid copying) are read with one `copy_restricted` warning
//! and refused with `--respect-permissions`; a file that needs a user password stays
//! `encrypted`. Form fields without appearance streams are drawn from their values, check
//! boxes as ☑ / ☐, so that a report filled in as a PDF form gives the record of its printed
//! rendition. Odd cross-reference layouts (an xref stream inside an object stream, object
//! streams that extend each other, a /Prev loop) are read. Fixtures: fixtures/published/,
//! written by fixtures/src/make_published.py, which says what each file holds; the
//! expected texts are the values written into them.

use std::process::Command;

use serde_json::Value;
use tokku::pdf::layout::Glyph;
use tokku::pdf::limits::{Deadline, Limits};
use tokku::pdf::{read_pdf, read_pdf_limited};
use tokku::record::ErrorCode;
use tokku::Extractor;

fn bytes_of(path: &str) -> Vec<u8> {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> Vec<u8> {
    bytes_of(&format!("fixtures/published/{name}"))
}

/// The record as JSON without its `source` (file name, hash and producer differ between
/// two renditions of one report) and its `coverage` (how many lines each part has is a
/// property of the layout, not of the report: docs/coverage.md).
fn record_without_source(bytes: &[u8], file: &str) -> Value {
    let record = Extractor::new().record(bytes, file);
    let mut value = serde_json::to_value(&record).expect("a record serializes");
    let fields = value.as_object_mut().expect("a record is an object");
    fields.remove("source");
    fields.remove("coverage");
    value
}

fn warnings_of(value: &Value) -> Vec<Value> {
    value["warnings"].as_array().cloned().unwrap_or_default()
}

const RESTRICTED: [&str; 3] =
    ["copy_restricted_rc4.pdf", "copy_restricted_aes128.pdf", "copy_restricted_aes256.pdf"];

#[test]
fn copy_restricted_files_give_the_record_of_their_original_with_one_warning() {
    let original =
        record_without_source(&bytes_of("fixtures/pdf/seed_reportlab_ucs2.pdf"), "seed.pdf");
    assert_eq!(original["error"], Value::Null);
    for name in RESTRICTED {
        let mut restricted = record_without_source(&fixture(name), name);
        assert_eq!(restricted["error"], Value::Null, "{name}: {}", restricted["error"]);
        let warnings = warnings_of(&restricted);
        let copy: Vec<&Value> =
            warnings.iter().filter(|w| w["code"] == "copy_restricted").collect();
        assert_eq!(copy.len(), 1, "{name}: one copy_restricted warning per document: {warnings:?}");
        let message = copy[0]["message"].as_str().unwrap_or_default();
        // make_published.py forbids copying, modifying, annotating, form filling and
        // assembling; printing stays allowed.
        for bit in ["copying text and graphics (bit 5)", "modifying (bit 4)", "assembling (bit 11)"]
        {
            assert!(message.contains(bit), "{name}: {message} does not name {bit}");
        }
        assert!(!message.contains("(bit 3)"), "{name}: printing is allowed: {message}");
        // Everything else is the original's record.
        let rest: Vec<Value> =
            warnings.into_iter().filter(|w| w["code"] != "copy_restricted").collect();
        restricted["warnings"] = Value::Array(rest);
        assert_eq!(
            restricted, original,
            "{name}: the record differs from the unencrypted original's"
        );
    }
}

#[test]
fn respect_permissions_refuses_copy_restricted_files_as_encrypted() {
    let limits = Limits { respect_permissions: true, ..Limits::default() };
    for name in RESTRICTED {
        let error = read_pdf_limited(&fixture(name), &limits, &Deadline::start(limits.wall_time))
            .expect_err("refused");
        assert_eq!(error.code, ErrorCode::Encrypted, "{name}");
        assert!(error.message.contains("--respect-permissions"), "{name}: {}", error.message);
        assert!(error.message.contains("(bit 5)"), "{name}: {}", error.message);
    }
    // The flag changes nothing for a file that permits copying.
    let seed = bytes_of("fixtures/pdf/seed_reportlab_ucs2.pdf");
    assert!(read_pdf_limited(&seed, &limits, &Deadline::start(limits.wall_time)).is_ok());
}

#[test]
fn a_file_that_needs_a_user_password_stays_encrypted() {
    for limits in [Limits::default(), Limits { respect_permissions: true, ..Limits::default() }] {
        let error = read_pdf_limited(
            &fixture("user_password.pdf"),
            &limits,
            &Deadline::start(limits.wall_time),
        )
        .expect_err("refused");
        assert_eq!(error.code, ErrorCode::Encrypted);
        assert!(error.message.contains("user password"), "{}", error.message);
    }
}

fn tokku(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tokku"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("tokku runs")
}

#[test]
fn every_reading_command_takes_respect_permissions() {
    let file = "fixtures/published/copy_restricted_aes128.pdf";
    // extract: the record says encrypted with the flag, no error without it.
    for (flag, expected) in [(true, "encrypted"), (false, "")] {
        let mut args = vec!["extract", file];
        if flag {
            args.push("--respect-permissions");
        }
        let out = tokku(&args);
        let record: Value = serde_json::from_slice(&out.stdout).expect("one JSON record");
        let code = record["error"]["code"].as_str().unwrap_or_default();
        assert_eq!(code, expected, "extract {args:?}: {record}");
    }
    for command in ["text", "tables"] {
        let refused = tokku(&[command, "--respect-permissions", file]);
        assert_eq!(refused.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("--respect-permissions"), "{command}: {stderr}");
        let read = tokku(&[command, file]);
        assert_eq!(
            read.status.code(),
            Some(0),
            "{command}: {}",
            String::from_utf8_lossy(&read.stderr)
        );
    }
    let text = tokku(&["text", file]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("京浜臨海部"));
    assert!(String::from_utf8_lossy(&text.stderr).contains("copy_restricted"));
    for command in ["batch", "verify", "review"] {
        let help = tokku(&[command, "--help"]);
        assert!(
            String::from_utf8_lossy(&help.stdout).contains("--respect-permissions"),
            "{command} has no --respect-permissions"
        );
    }
}

/// The lines of a fixture's text as `tokku text` prints them.
fn text_lines(name: &str) -> Vec<String> {
    let read =
        Extractor::new().read(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    read.doc.full_text().lines().map(str::to_string).collect()
}

fn glyphs(name: &str) -> Vec<Glyph> {
    let pdf = read_pdf(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    pdf.pages.into_iter().flat_map(|p| p.glyphs).collect()
}

#[test]
fn form_field_values_are_drawn_beside_their_labels() {
    let lines = text_lines("form_fields.pdf");
    let expected = [
        // A UTF-16 value without an appearance.
        "Name:\t長峰県企画部",
        // Value and type inherited from the parent field.
        "Office:\tRegional Policy Division",
        // A combo box shows the option's text, not its export value (os).
        "City:\tOsaka",
        // Check boxes: on (its ZapfDingbats appearance is not drawn) and off.
        "Agreed:\t☑",
        "Declined:\t☐",
        // A radio group whose value (/B) is on the parent: the first button off, the second on.
        "Grade:\t☐\t☑",
        // A text field with an appearance and no /NeedAppearances: the appearance, once.
        "Printed:\tFrom the appearance",
        // A hidden field: nothing.
        "Hidden:",
        // A multiline field: two lines from the top of the widget.
        "Notes:\tFirst line",
        "Second line",
    ];
    assert_eq!(lines, expected);
}

#[test]
fn a_field_value_sits_in_its_widget_with_the_da_font_size() {
    let glyphs = glyphs("form_fields.pdf");
    // Widget 8: Rect [200 694 400 714] on a 792-point page, /DA 9 Tf. The value starts 2
    // points in; its baseline is 0.4 em below the middle (704 - 3.6), as poppler lays it.
    let first = glyphs.iter().find(|g| g.text.as_str() == "長").expect("the value is drawn");
    assert!((first.x - 202.0).abs() < 0.01, "x {}", first.x);
    assert!((first.y - (792.0 - 700.4)).abs() < 0.01, "y {}", first.y);
    assert!((first.size - 9.0).abs() < 0.01, "size {}", first.size);
    // The check box's mark fills 0.8 of the 20-point widget, centred.
    let mark = glyphs.iter().find(|g| g.text.as_str() == "☑").expect("the check mark is drawn");
    assert!((mark.size - 16.0).abs() < 0.01, "size {}", mark.size);
    assert!((mark.x - 202.0).abs() < 0.01, "x {}", mark.x);
    // No glyph of the check boxes' ZapfDingbats appearances ("4").
    assert!(!glyphs.iter().any(|g| g.text.as_str() == "4"));
}

#[test]
fn need_appearances_draws_the_value_instead_of_a_stale_appearance() {
    assert_eq!(text_lines("form_need_appearances.pdf"), ["Value:\tNew value"]);
}

#[test]
fn a_report_filled_in_as_a_form_gives_the_record_of_its_printed_rendition() {
    let printed = "fixtures/corpus/renditions/m02_mizuki_port__reportlab_ucs2.pdf";
    let form = record_without_source(&fixture("m02_form.pdf"), "m02_form.pdf");
    let print = record_without_source(&bytes_of(printed), printed);
    assert_eq!(form, print, "the form's record differs from the printed rendition's");
    // Not two empty records: the values the model holds (its expected record, written by
    // fixtures/corpus/src/model.py) come from the fields, the checked box included.
    let expected: Value = serde_json::from_slice(&bytes_of(
        "fixtures/corpus/expected/m02_mizuki_port__reportlab_ucs2.json",
    ))
    .expect("JSON");
    let folded = |v: &Value| -> String {
        v.as_str().unwrap_or_default().chars().filter(|c| !c.is_whitespace()).collect()
    };
    let evaluation = &form["regulatory_measures"][0]["ministry_evaluation"];
    assert_eq!(
        folded(evaluation),
        folded(&expected["regulatory_measures"][0]["ministry_evaluation"]),
        "the checked box is read, the unchecked option is left out"
    );
    assert_eq!(folded(evaluation), "規制所管府省名:財務省■特例措置の効果が認められる");
    assert_eq!(form["indicators"], expected["indicators"]);
    // The form's text holds the boxes as ☑ / ☐ where the printed rendition has ■.
    let lines = text_lines("m02_form.pdf");
    assert!(lines.iter().any(|l| l.starts_with("☑") && l.contains("特例措置の効果が認められる")));
    assert!(lines.iter().any(|l| l.starts_with("☐") && l.contains("特例措置の効果が認められない")));
}

#[test]
fn objects_behind_comments_in_an_object_stream_are_read() {
    // pdfTeX's uncompressed object streams put `% N 0 obj` before each object (pdf.js
    // bug1539074.pdf); lopdf skipped only white space there and lost the catalog
    // (`damaged`: no page tree).
    let read = Extractor::new()
        .read(&fixture("object_stream_comments.pdf"), "comments")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(read.doc.full_text().lines().collect::<Vec<_>>(), ["Comments in an object stream"]);
    assert!(
        read.warnings.iter().all(|w| w.code != "pdf_repaired"),
        "read as it is, not rebuilt: {:?}",
        read.warnings
    );
}

#[test]
fn odd_cross_reference_layouts_are_read() {
    for (name, text) in [
        // startxref points into an object stream holding a stale xref dictionary: the
        // scanner rebuilds the file (poppler reads nothing of it).
        ("xref_stream_in_object_stream.pdf", "Xref stream inside an object stream"),
        // Object streams whose /Extends point at each other; a /Prev chain that loops
        // (read as poppler reads them: the newest text of the updated content stream).
        ("object_streams_cycle.pdf", "Object streams that extend each other"),
        ("prev_loop.pdf", "Updated text after a Prev loop"),
    ] {
        assert_eq!(text_lines(name), [text], "{name}");
    }
}

#[test]
fn an_isolated_batch_worker_is_given_respect_permissions() {
    // `batch --isolate` passes the flag on to each worker process (LimitArgs::to_args).
    let file = format!("{}/fixtures/published/copy_restricted_rc4.pdf", env!("CARGO_MANIFEST_DIR"));
    for (flag, expected) in [(true, Some("encrypted")), (false, None)] {
        let out = tempfile::tempdir().expect("temp dir");
        let mut args = vec!["batch", file.as_str(), "--isolate", "--jobs", "1", "--out"];
        let dir = out.path().to_str().expect("UTF-8 path").to_string();
        args.push(&dir);
        if flag {
            args.push("--respect-permissions");
        }
        tokku(&args);
        let records = std::fs::read_to_string(out.path().join("records.ndjson")).expect("records");
        let record: Value =
            serde_json::from_str(records.lines().next().expect("one record")).expect("JSON record");
        assert_eq!(record["error"]["code"].as_str(), expected, "{args:?}: {record}");
        let warned = warnings_of(&record).iter().any(|w| w["code"] == "copy_restricted");
        assert_eq!(warned, !flag, "{args:?}");
    }
}
