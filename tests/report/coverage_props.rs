//! The rule of docs/coverage.md as a property over the corpus (issue 23, item 4):
//! damaging how a part of a report is laid out yields either the same facts or, for each
//! fact lost or changed, a warning on its page — never a silently shorter record; and
//! removing a row or a table from the report yields a record without it and no warning
//! about it.
//!
//! The damages, each applied at the stage where it happens in the world:
//! - **ruling lines dropped** (PDF renditions): the rules of every annex page are removed
//!   from the read layout before the report stage (as tests/report/fiscal_year_columns.rs edits a read
//!   document);
//! - **page break moved** (text renditions): a form feed is put into the middle of the
//!   first 別紙1 table and of the first 別紙3 table (a fact's `page` then follows the
//!   break: page fields are not compared for this damage);
//! - **circled digits lost** (text renditions): ①–⑳ become `?`, as a legacy encoding
//!   leaves them;
//! - **row / table removed** (text renditions): the last 別紙3 row, or the last 別紙3
//!   table (title, header and rows), is deleted from the text; the expected record loses
//!   the same measures, and nothing else may change.
//!
//! A damaged record is compared with the rendition's expected record (written from the
//! model, fixtures/corpus/expected/) fact by fact with the diff engine
//! (`tokku::compare::diff`); `coverage` and `source` are not facts of the report. A fact
//! lost, changed or gained needs a warning the expected record does not have, whose page
//! is the fact's page (the `page` of the nearest object holding it), a damaged page, or
//! whose path names the fact's target or row.

use serde_json::Value;
use tokku::compare::diff::{diff_records, Change, Ignore};
use tokku::extract::ReadDocument;
use tokku::text::document::Doc;
use tokku::Extractor;

use crate::common;

const RENDITIONS: &str = "fixtures/corpus/renditions";
const EXPECTED: &str = "fixtures/corpus/expected";
const MODELS: &str = "fixtures/corpus/models";

/// The PDF producers whose renditions lose their ruling lines: every PDF producer of the
/// corpus (a rendition whose annex pages have no rules to drop is skipped).
const RULED_PRODUCERS: &[&str] =
    &["libreoffice", "reportlab_ttf", "reportlab_ucs2", "reportlab_rksj", "chromium"];

/// Model stems (m01_nagamine_resort, …).
fn models() -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(MODELS)
        .expect("models folder")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    stems.sort();
    stems
}

fn expected_of(stem: &str, producer: &str) -> Value {
    let path = format!("{EXPECTED}/{stem}__{producer}.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text_of(stem: &str) -> String {
    let path = format!("{RENDITIONS}/{stem}__text_utf8.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn record_of_text(text: &str, name: &str) -> Value {
    serde_json::to_value(tokku::Extractor::new().record(text.as_bytes(), name)).expect("JSON")
}

/// Every string but a warning's with its whitespace removed (the corpus harness compares
/// free text without the layout's spaces; see tests/report/corpus.rs).
fn folded(value: &Value) -> Value {
    fn fold(v: &mut Value) {
        match v {
            Value::String(s) => s.retain(|c| !c.is_whitespace()),
            Value::Array(items) => items.iter_mut().for_each(fold),
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key != "warnings" {
                        fold(v);
                    }
                }
            }
            _ => {}
        }
    }
    let mut value = value.clone();
    fold(&mut value);
    value
}

/// The `page` of the nearest object holding the JSON pointer's value.
fn page_of(record: &Value, pointer: &str) -> Option<u64> {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    (0..=segments.len()).rev().find_map(|n| {
        let prefix: String = segments[..n].iter().map(|s| format!("/{s}")).collect();
        record.pointer(&prefix)?.get("page")?.as_u64()
    })
}

/// The pointer of the fact's row or target: `/local_measures/3`, `/indicators/0/targets/1`.
fn owner_of(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let keep = if segments.first() == Some(&"indicators") { 4 } else { 2 };
    segments.iter().take(keep).map(|s| format!("/{s}")).collect()
}

/// The facts of `damaged` that differ from `expected` with no warning for them: each
/// with its pointer and a line for the failure message. `damaged_pages` are the pages the damage touched;
/// `ignore` are diff patterns not compared for this damage.
fn silent_changes(
    expected: &Value,
    damaged: &Value,
    damaged_pages: &[u64],
    ignore: &[&str],
) -> Vec<(String, String)> {
    // A warning's message is prose for the reader (compared as code, path, page).
    let mut patterns = vec!["/coverage", "/source", "/warnings/*/message"];
    patterns.extend_from_slice(ignore);
    let ignore = Ignore::new(&patterns).expect("valid patterns");
    let diff = diff_records(&folded(expected), &folded(damaged), &ignore);
    let gained: Vec<&Value> = diff.warnings_gained.iter().map(|w| &w.warning).collect();
    let mut silent = Vec::new();
    for change in &diff.changes {
        let (pointer, page) = match change {
            Change::Removed { pointer, .. } | Change::Changed { pointer, .. } => {
                (pointer, page_of(expected, pointer))
            }
            Change::Added { pointer, .. } => (pointer, page_of(damaged, pointer)),
        };
        let owner = owner_of(pointer);
        let warned = gained.iter().any(|w| {
            let at = w["page"].as_u64();
            let path = w["path"].as_str().unwrap_or_default();
            (at.is_some() && (at == page || damaged_pages.contains(&at.unwrap_or(0))))
                || (!path.is_empty() && (path.starts_with(&owner) || owner.starts_with(path)))
        });
        if !warned {
            silent.push((pointer.clone(), change.line()));
        }
    }
    silent
}

fn lines(silent: &[(String, String)]) -> Vec<String> {
    silent.iter().map(|(_, line)| line.clone()).collect()
}

/// Runs `check` for every item, gathers the failures and asserts there are none.
fn assert_all(what: &str, failures: Vec<String>, checked: usize) {
    eprintln!("{what}: {checked} damaged renditions checked");
    assert!(checked > 0, "{what}: nothing checked");
    assert!(
        failures.is_empty(),
        "{what}: {} of {checked} damaged renditions lose facts silently:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Index of the first page holding an annex heading (a line starting with ■).
fn first_annex_page(doc: &Doc) -> Option<usize> {
    doc.pages.iter().position(|p| p.lines.iter().any(|l| l.starts_with('■')))
}

#[test]
fn dropping_the_annex_ruling_lines_loses_no_fact_silently() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for stem in models() {
        for producer in RULED_PRODUCERS {
            let file = format!("{RENDITIONS}/{stem}__{producer}.pdf");
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
            let read = Extractor::new().read(&bytes, &file).expect("rendition reads");
            let Some(from) = first_annex_page(&read.doc) else { continue };
            let mut pages: Vec<_> =
                read.doc.pages.iter().filter_map(|p| p.layout.clone()).collect();
            let mut damaged_pages = Vec::new();
            for page in pages.iter_mut().skip(from) {
                if !page.rules.is_empty() {
                    page.rules.clear();
                    damaged_pages.push(page.number as u64);
                }
            }
            if damaged_pages.is_empty() {
                continue;
            }
            let damaged = ReadDocument {
                doc: Doc::from_pdf_pages(pages),
                source: read.source,
                warnings: read.warnings,
            };
            let record = serde_json::to_value(Extractor::new().record_of(damaged)).expect("JSON");
            checked += 1;
            let silent =
                silent_changes(&expected_of(&stem, producer), &record, &damaged_pages, &[]);
            if !silent.is_empty() {
                failures.push(format!("{file} without rules:\n  {}", lines(&silent).join("\n  ")));
            }
        }
    }
    assert_all("ruling lines dropped", failures, checked);
}

/// The text with a form feed inserted after the `nth` line (0-based) following the first
/// line that `starts` holds for.
fn with_break_inside(text: &str, starts: impl Fn(&str) -> bool, nth: usize) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = lines.iter().position(|l| starts(l))? + 1 + nth;
    (at < lines.len()).then(|| {
        let mut out = lines[..at].join("\n");
        out.push_str("\n\u{c}");
        out.push_str(&lines[at..].join("\n"));
        out
    })
}

#[test]
fn moving_a_page_break_into_a_table_loses_no_fact_silently() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let page_fields =
        ["/regulatory_measures/*/page", "/local_measures/*/page", "/sections/*/page", "/report"];
    for stem in models() {
        let text = text_of(&stem);
        let annex1 = |l: &str| l.contains("目標に向けた取組の進捗に関する評価") && l.contains('■');
        let annex3 = |l: &str| l.contains("地域独自の取組") && l.contains('■');
        for (name, damaged) in [
            ("break in 別紙1's first table", with_break_inside(&text, annex1, 2)),
            ("break in 別紙3's first table", with_break_inside(&text, annex3, 4)),
        ] {
            let Some(damaged) = damaged else { continue };
            let record = record_of_text(&damaged, &format!("{stem}__text_utf8.txt"));
            checked += 1;
            let pages: Vec<u64> =
                (1..=damaged.matches('\u{c}').count() as u64 + 1).collect::<Vec<_>>();
            // A break moves every later line's page: only warnings on the pages around a
            // break count as "its page" (the break's two pages).
            let breaks: Vec<u64> = damaged
                .split('\u{c}')
                .enumerate()
                .skip(1)
                .map(|(i, _)| i as u64)
                .flat_map(|p| [p, p + 1])
                .filter(|p| pages.contains(p))
                .collect();
            let silent =
                silent_changes(&expected_of(&stem, "text_utf8"), &record, &breaks, &page_fields);
            if !silent.is_empty() {
                failures.push(format!("{stem} text, {name}:\n  {}", lines(&silent).join("\n  ")));
            }
        }
    }
    assert_all("page break moved", failures, checked);
}

#[test]
fn losing_the_circled_digits_loses_no_fact_silently() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for stem in models() {
        let text = text_of(&stem);
        if !text.chars().any(is_circled) {
            continue;
        }
        // The pages where a digit was lost.
        let pages: Vec<u64> = text
            .split('\u{c}')
            .enumerate()
            .filter(|(_, page)| page.chars().any(is_circled))
            .map(|(i, _)| i as u64 + 1)
            .collect();
        let damaged: String = text.chars().map(|c| if is_circled(c) { '?' } else { c }).collect();
        let record = record_of_text(&damaged, &format!("{stem}__text_utf8.txt"));
        checked += 1;
        let silent = silent_changes(&expected_of(&stem, "text_utf8"), &record, &pages, FREE_TEXT);
        if !silent.is_empty() {
            failures.push(format!("{stem} text without ①–⑳:\n  {}", lines(&silent).join("\n  ")));
        }
    }
    assert_all("circled digits lost", failures, checked);
}

/// Free text: with its digits lost, a section's text is the damaged report's own text
/// (`?特定地域活性化事業…`), not a fact lost.
const FREE_TEXT: &[&str] = &[
    "/sections/*/text",
    "/sections/*/title",
    "/indicators/*/targets/*/notes",
    "/local_measures/*/summary",
    "/local_measures/*/result",
    "/regulatory_measures/*/note",
];

fn is_circled(c: char) -> bool {
    ('\u{2460}'..='\u{2473}').contains(&c)
}

/// The expected record without the local measures at `indices`.
fn without_local_measures(expected: &Value, indices: &[usize]) -> Value {
    let mut out = expected.clone();
    if let Some(list) = out["local_measures"].as_array_mut() {
        let mut i = 0;
        list.retain(|_| {
            let keep = !indices.contains(&i);
            i += 1;
            keep
        });
    }
    out
}

/// Asserts that `record` equals `expected` fact for fact, with no warning gained or lost.
fn equal_without_warnings(expected: &Value, record: &Value) -> Vec<String> {
    let ignore =
        Ignore::new(&["/coverage", "/source", "/warnings/*/message"]).expect("valid patterns");
    let diff = diff_records(&folded(expected), &folded(record), &ignore);
    let mut out = diff.lines("  ");
    out.extend(common::coverage_rule_violations(record));
    out
}

#[test]
fn removing_a_row_from_the_report_removes_it_from_the_record_without_a_warning() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for stem in models() {
        let expected = expected_of(&stem, "text_utf8");
        let Some(measures) = expected["local_measures"].as_array() else { continue };
        let Some(last) = measures.len().checked_sub(1) else { continue };
        let name = measures[last]["name"].as_str().unwrap_or_default().to_string();
        let text = text_of(&stem);
        // The row: the one line whose first cell is the measure's name.
        let rows: Vec<usize> = text
            .split('\n')
            .enumerate()
            .filter(|(_, l)| {
                l.split('\t').next().is_some_and(|c| {
                    c.chars().filter(|c| !c.is_whitespace()).collect::<String>() == name
                }) && l.contains('\t')
            })
            .map(|(i, _)| i)
            .collect();
        let [row] = rows.as_slice() else { continue };
        let damaged: String = text
            .split('\n')
            .enumerate()
            .filter(|(i, _)| i != row)
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n");
        let record = record_of_text(&damaged, &format!("{stem}__text_utf8.txt"));
        checked += 1;
        let diffs = equal_without_warnings(&without_local_measures(&expected, &[last]), &record);
        if !diffs.is_empty() {
            failures.push(format!("{stem} text without row {name}:\n{}", diffs.join("\n")));
        }
    }
    assert_all("row removed", failures, checked);
}

#[test]
fn removing_a_table_from_the_report_removes_it_from_the_record_without_a_warning() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for stem in models() {
        let expected = expected_of(&stem, "text_utf8");
        let text = text_of(&stem);
        let lines: Vec<&str> = text.split('\n').collect();
        // The last 別紙3 table with rows: its title line (a category of its own), its
        // header and its rows, up to the next title or the end of the annex.
        let Some(annex3) = lines.iter().position(|l| l.starts_with('■') && l.contains("地域独自"))
        else {
            continue;
        };
        // A title: one filled cell (text renditions pad rows with tabs: `財政支援措置の状況\t\t\t\t`).
        // (A page number `- 6 -` is furniture, not a title.)
        let is_title = |l: &str| {
            l.split('\t').filter(|c| !c.trim().is_empty()).count() == 1 && !l.starts_with('-')
        };
        let titles: Vec<usize> =
            (annex3 + 1..lines.len()).filter(|&i| is_title(lines[i])).collect();
        let measures = expected["local_measures"].as_array().cloned().unwrap_or_default();
        let compact = |text: &str| text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        // Each table's rows: the first cells after its header, each the name of a measure
        // of the expected record (the table's measures).
        let tables: Vec<(usize, usize, Vec<usize>)> = titles
            .iter()
            .map(|&title| {
                let end = titles.iter().find(|&&n| n > title).copied().unwrap_or(lines.len());
                let names: Vec<String> = lines[(title + 2).min(end)..end]
                    .iter()
                    .filter_map(|l| l.split('\t').next())
                    .map(compact)
                    .filter(|name| !name.is_empty())
                    .collect();
                let removed: Vec<usize> = measures
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| {
                        names.contains(&compact(m["name"].as_str().unwrap_or_default()))
                    })
                    .map(|(i, _)| i)
                    .collect();
                let all_found = !names.is_empty() && removed.len() == names.len();
                (title, end, if all_found { removed } else { Vec::new() })
            })
            .collect();
        let Some((title, end, removed)) = tables.into_iter().rev().find(|(_, _, r)| !r.is_empty())
        else {
            continue;
        };
        let damaged: String = [&lines[..title], &lines[end..]].concat().join("\n");
        let record = record_of_text(&damaged, &format!("{stem}__text_utf8.txt"));
        checked += 1;
        let diffs = equal_without_warnings(&without_local_measures(&expected, &removed), &record);
        if !diffs.is_empty() {
            failures.push(format!(
                "{stem} text without table {}:\n{}",
                lines[title],
                diffs.join("\n")
            ));
        }
    }
    assert_all("table removed", failures, checked);
}
