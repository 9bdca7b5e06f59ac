//! Where each value of a record stands in its document: the page, and for PDFs the box
//! of the 別紙1 cell it was read from (from `report::annex1`'s cell boxes) or of the
//! body line that states it (【当該年度目標値…】 and the goal line). Found again from the
//! document's layout, the record unchanged: a year table belongs to the 数値目標 whose
//! series holds exactly the table's values, year for year. The rest of the report (別紙2
//! measures, section 5 counts and projects, 別紙3 rows, target notes, sections) is found
//! by the line that starts its text (`locate_report_parts`).

use std::collections::HashMap;

use crate::jp::normalize::compact;
use crate::jp::{parse_percent, parse_quantity, Quantity};
use crate::record::{Record, SeriesPoint, Target};
use crate::report::annex1::{read_year_tables, BoxOnPage, CellBox, RowKind, YearTable};
use crate::text::document::Doc;
use crate::text::lines::{lines_of, Line};

/// Where one value was read.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueSource {
    pub page: u32,
    /// The box to highlight in the page drawing (a table cell or a body line); none for
    /// text inputs.
    pub highlight: Option<BoxOnPage>,
    /// True for a 別紙1 cell, false for a body line.
    pub is_cell: bool,
}

/// The sources of a record's values, by JSON pointer, and the table grids found per page.
#[derive(Debug, Default)]
pub struct Located {
    pub values: HashMap<String, ValueSource>,
    /// Every cell of every year table found, by page (drawn as the grid tokku found).
    pub grids: HashMap<u32, Vec<CellBox>>,
}

/// Finds the sources of the record's values in the document it was extracted from.
pub fn locate(record: &Record, doc: &Doc) -> Located {
    let mut located = Located::default();
    let tables = read_year_tables(doc);
    for table in &tables {
        for cell in &table.cells {
            located.grids.entry(cell.page).or_default().push(cell.clone());
        }
        let Some((i, j)) = target_of_table(record, table) else { continue };
        let base = format!("/indicators/{i}/targets/{j}/series");
        for (k, _) in table.years.iter().enumerate() {
            for row in [RowKind::Target, RowKind::Actual, RowKind::Progress] {
                let cell =
                    table.cells.iter().find(|c| c.column == k && c.row == row && c.words.is_some());
                let has_text = row_of(table, row).get(k).is_some_and(Option::is_some);
                if !has_text {
                    continue;
                }
                let source = match cell {
                    Some(cell) => {
                        ValueSource { page: cell.page, highlight: Some(cell.cell), is_cell: true }
                    }
                    None => ValueSource { page: table.page, highlight: None, is_cell: true },
                };
                located.values.insert(format!("{base}/{k}/{}", row.field()), source);
            }
        }
    }
    locate_body_lines(record, doc, &mut located);
    locate_report_parts(record, doc, &mut located);
    located
}

fn row_of(table: &YearTable, row: RowKind) -> &[Option<String>] {
    match row {
        RowKind::Target => &table.targets,
        RowKind::Actual => &table.actuals,
        RowKind::Progress => &table.progress,
    }
}

/// The 数値目標 a table was attached to: the one whose series has the table's fiscal
/// years and, year for year, the values of its cells (compared as read numbers). When
/// several agree, the one whose name the table's label cells contain; still several: none.
fn target_of_table(record: &Record, table: &YearTable) -> Option<(usize, usize)> {
    let mut agreeing: Vec<(usize, usize, &Target)> = Vec::new();
    for (i, indicator) in record.indicators.iter().enumerate() {
        for (j, target) in indicator.targets.iter().enumerate() {
            if series_agrees(&target.series, table) {
                agreeing.push((i, j, target));
            }
        }
    }
    if agreeing.len() > 1 {
        agreeing.retain(|(_, _, t)| {
            let name: String = t.name.chars().filter(|c| !c.is_whitespace()).collect();
            !name.is_empty() && table.label_text.contains(&name)
        });
    }
    match agreeing.as_slice() {
        [(i, j, _)] => Some((*i, *j)),
        _ => None,
    }
}

fn series_agrees(series: &[SeriesPoint], table: &YearTable) -> bool {
    let quantity = |cell: &Option<String>| {
        cell.as_deref().and_then(|t| parse_quantity(t).ok().flatten()).map(|q| q.value)
    };
    let percent =
        |cell: &Option<String>| cell.as_deref().and_then(|t| parse_percent(t).ok().flatten());
    series.len() == table.years.len()
        && !series.is_empty()
        && series.iter().enumerate().all(|(k, point)| {
            point.fiscal_year == table.years[k]
                && point.target.as_ref().map(|q| q.value) == quantity(&table.targets[k])
                && point.actual.as_ref().map(|q| q.value) == quantity(&table.actuals[k])
                && point.progress_pct == percent(&table.progress[k])
        })
}

/// One text line of a page, normalized and without spaces, with its box when the page
/// has a layout.
struct PlacedLine {
    page: u32,
    compact: String,
    highlight: Option<BoxOnPage>,
}

fn placed_lines(doc: &Doc) -> Vec<PlacedLine> {
    let mut placed = Vec::new();
    for page in &doc.pages {
        match &page.layout {
            Some(layout) => {
                for line in lines_of(layout) {
                    placed.push(PlacedLine {
                        page: page.number,
                        compact: compact(&line.text()),
                        highlight: Some(line_box(&line)),
                    });
                }
            }
            None => {
                for line in &page.lines {
                    placed.push(PlacedLine {
                        page: page.number,
                        compact: compact(line),
                        highlight: None,
                    });
                }
            }
        }
    }
    placed
}

fn line_box(line: &Line) -> BoxOnPage {
    BoxOnPage {
        x0: line.words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min),
        top: line.words.iter().map(|w| w.top).fold(f64::INFINITY, f64::min),
        x1: line.words.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max),
        bottom: line.baseline + line.size * 0.25,
    }
}

/// The body lines of each 数値目標: its 【当該年度目標値…】 line is the first line not yet
/// taken that mentions 当該年度 and every current value it states; its goal line the
/// nearest line above it (at most four lines up) that holds the goal's text.
///
/// Example (the seed, page 1): 「【当該年度目標値93億円、当該年度実績値135億円、進捗度145%、
/// 寄与度33%】」 is 数値目標(1)-①'s current line, 「5年間(平成29~令和3年度)累計:475億円」 its goal line.
fn locate_body_lines(record: &Record, doc: &Doc, located: &mut Located) {
    let lines = placed_lines(doc);
    let mut taken: Vec<usize> = Vec::new();
    for (i, indicator) in record.indicators.iter().enumerate() {
        for (j, target) in indicator.targets.iter().enumerate() {
            let base = format!("/indicators/{i}/targets/{j}");
            let current = &target.current;
            let texts: Vec<String> = [current.target.as_ref(), current.actual.as_ref()]
                .into_iter()
                .flatten()
                .map(|q: &Quantity| compact(&q.text))
                .collect();
            if texts.is_empty() {
                continue;
            }
            let found = lines.iter().enumerate().position(|(n, line)| {
                !taken.contains(&n)
                    && line.compact.contains("当該年度")
                    && texts.iter().all(|t| line.compact.contains(t.as_str()))
            });
            let Some(n) = found else { continue };
            taken.push(n);
            let line = &lines[n];
            let source = ValueSource { page: line.page, highlight: line.highlight, is_cell: false };
            for (field, present) in [
                ("target", current.target.is_some()),
                ("actual", current.actual.is_some()),
                ("progress_pct", current.progress_pct.is_some()),
                ("contribution_pct", current.contribution_pct.is_some()),
            ] {
                if present {
                    located.values.insert(format!("{base}/current/{field}"), source.clone());
                }
            }
            if let Some(goal) = &target.goal {
                let goal_text = compact(&goal.text);
                let above = (n.saturating_sub(4)..n).rev().find(|&m| {
                    lines[m].page == line.page && lines[m].compact.contains(goal_text.as_str())
                });
                if let Some(m) = above {
                    located.values.insert(
                        format!("{base}/goal"),
                        ValueSource {
                            page: lines[m].page,
                            highlight: lines[m].highlight,
                            is_cell: false,
                        },
                    );
                }
            }
        }
    }
}

/// How many characters of an item's text (normalized, without spaces) its line must
/// hold: enough to tell two measures apart, few enough to fit the first line of a
/// wrapped table cell.
const ITEM_PREFIX_CHARS: usize = 12;

/// The fewest characters of an item's start a wrapped cell's first line must hold.
const SHORTEST_START: usize = 6;

/// How many characters of `text`'s start `line` holds.
fn longest_start_in(text: &str, line: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    (1..=chars.len())
        .rev()
        .find(|&k| line.contains(chars[..k].iter().collect::<String>().as_str()))
        .unwrap_or(0)
}

/// The first `ITEM_PREFIX_CHARS` characters of a text, normalized and without spaces.
fn item_prefix(text: &str) -> String {
    compact(text).chars().take(ITEM_PREFIX_CHARS).collect()
}

/// The lines of the rest of the report: each item (a 別紙2 measure, a section 5 count or
/// project, a 別紙3 row, a target's note, a section heading) is placed on the first line
/// not yet taken, on the page the record gives for it when it gives one, that holds
/// the start of its text (and, for a section 5 count, the kind and the count).
///
/// Example (the seed, page 13): 別紙2's row 「特定健康診査・特定保健指導に係る特例措置」
/// is placed on the line that starts 「特定健康診査・特定保健指導に係る」 (its cell wraps);
/// page 4's 「①財政支援:評価対象年度における事業件数1件」 holds support/fiscal's count.
fn locate_report_parts(record: &Record, doc: &Doc, located: &mut Located) {
    let lines = placed_lines(doc);
    // A target's notes stand in its 別紙1 table: the page its series was read from
    // (the body may repeat a note's words on another page).
    let series_page = |i: usize, j: usize| {
        located
            .values
            .iter()
            .filter(|(pointer, _)| {
                pointer.starts_with(&format!("/indicators/{i}/targets/{j}/series/"))
            })
            .map(|(_, source)| source.page)
            .min()
    };
    let note_pages: Vec<Vec<Option<u32>>> = record
        .indicators
        .iter()
        .enumerate()
        .map(|(i, indicator)| (0..indicator.targets.len()).map(|j| series_page(i, j)).collect())
        .collect();
    let mut taken = vec![false; lines.len()];
    let mut place = |pointer: String, page: Option<u32>, needles: &[String]| {
        if needles.iter().all(String::is_empty) {
            return;
        }
        let holds = |line: &PlacedLine| needles.iter().all(|n| line.compact.contains(n.as_str()));
        let on_page = |line: &PlacedLine| page.is_none_or(|p| p == line.page);
        let found = lines
            .iter()
            .enumerate()
            .position(|(n, line)| !taken[n] && on_page(line) && holds(line))
            .or_else(|| {
                // A cell that wraps early: the line holding the longest start of the
                // text, at least SHORTEST_START characters (「横浜市中小企業新技術・」).
                let text = needles.last()?;
                lines
                    .iter()
                    .enumerate()
                    .filter(|(n, line)| !taken[*n] && page.is_some() && on_page(line))
                    .map(|(n, line)| (n, longest_start_in(text, &line.compact)))
                    .filter(|(_, chars)| *chars >= SHORTEST_START)
                    .max_by_key(|(n, chars)| (*chars, std::cmp::Reverse(*n)))
                    .map(|(n, _)| n)
            })
            .or_else(|| lines.iter().enumerate().position(|(n, line)| !taken[n] && holds(line)));
        if let Some(n) = found {
            taken[n] = true;
            let line = &lines[n];
            located.values.insert(
                pointer,
                ValueSource { page: line.page, highlight: line.highlight, is_cell: false },
            );
        }
    };
    for (i, section) in record.sections.iter().enumerate() {
        place(format!("/sections/{i}"), section.page, &[item_prefix(&section.title)]);
    }
    for (i, measure) in record.regulatory_measures.iter().enumerate() {
        place(format!("/regulatory_measures/{i}"), measure.page, &[item_prefix(&measure.name)]);
    }
    if let Some(support) = &record.support {
        for (kind, word, part) in [
            ("fiscal", "財政支援", &support.fiscal),
            ("tax", "税制支援", &support.tax),
            ("interest_subsidy", "金融支援", &support.interest_subsidy),
        ] {
            if let Some(count) = part.count {
                place(
                    format!("/support/{kind}/count"),
                    None,
                    &[word.to_string(), format!("件数{count}件")],
                );
            }
            for (k, project) in part.projects.iter().enumerate() {
                place(
                    format!("/support/{kind}/projects/{k}"),
                    None,
                    &[compact(&project.number), item_prefix(&project.name)],
                );
            }
        }
    }
    for (i, measure) in record.local_measures.iter().enumerate() {
        place(format!("/local_measures/{i}"), measure.page, &[item_prefix(&measure.name)]);
    }
    for (i, indicator) in record.indicators.iter().enumerate() {
        for (j, target) in indicator.targets.iter().enumerate() {
            let Some(notes) = &target.notes else { continue };
            for (field, text) in note_fields(notes) {
                if let Some(text) = text {
                    place(
                        format!("/indicators/{i}/targets/{j}/notes/{field}"),
                        note_pages[i][j],
                        &[item_prefix(text.trim_start_matches(['・', '<', '>', ' ']))],
                    );
                }
            }
        }
    }
}

/// The notes of a target by their field names, in the report's order.
pub fn note_fields(notes: &crate::record::TargetNotes) -> [(&'static str, Option<&str>); 5] {
    [
        ("alternative", notes.alternative.as_deref()),
        ("approach", notes.approach.as_deref()),
        ("target_rationale", notes.target_rationale.as_deref()),
        ("self_assessment", notes.self_assessment.as_deref()),
        ("external_factors", notes.external_factors.as_deref()),
    ]
}
