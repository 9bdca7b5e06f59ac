//! 別紙1 year tables: finds each table's fiscal-year header and its 目標値 / 実績値 /
//! 進捗度 rows, and puts every value under the fiscal year whose column it stands in.
//! For PDFs the column is decided by horizontal overlap with the header cell (bounded
//! by the ruling lines where they exist), never by the order of values in the text,
//! because empty cells vanish from plain text. Text inputs carry no positions: there a
//! value's column is its tab-separated cell index, and the record says so.

use crate::document::{Doc, DocPage};
use crate::jp::{normalize, parse_fiscal_year};
use crate::layout::{Page, Rule};
use crate::lines::{lines_of, Line, Word};

/// Which row of a year table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Target,
    Actual,
    Progress,
}

impl RowKind {
    const ALL: [RowKind; 3] = [RowKind::Target, RowKind::Actual, RowKind::Progress];

    fn label(self) -> &'static str {
        match self {
            RowKind::Target => "目標値",
            RowKind::Actual => "実績値",
            RowKind::Progress => "進捗度",
        }
    }
}

/// A year table as read: fiscal years and the raw (normalized) cell text per column.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTable {
    /// Page the numeric rows stand on.
    pub page: u32,
    /// Text of the cells left of the row labels (評価指標, 数値目標 name and goal).
    pub label_text: String,
    pub years: Vec<i32>,
    pub targets: Vec<Option<String>>,
    pub actuals: Vec<Option<String>>,
    pub progress: Vec<Option<String>>,
    /// Values that could not be placed in exactly one column (never guessed).
    pub problems: Vec<String>,
    /// "lattice" (ruling lines bound the columns), "stream" (alignment only) or
    /// "cell_order" (text input).
    pub strategy: &'static str,
}

impl YearTable {
    fn row_mut(&mut self, kind: RowKind) -> &mut Vec<Option<String>> {
        match kind {
            RowKind::Target => &mut self.targets,
            RowKind::Actual => &mut self.actuals,
            RowKind::Progress => &mut self.progress,
        }
    }
}

/// True for a line that opens a 別紙1 table.
pub fn is_annex1_heading(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with("■目標に向けた取組の進捗に関する評価")
}

/// True for a line that opens 別紙2 or 別紙3 (the end of 別紙1).
fn is_later_annex_heading(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with('■') && !is_annex1_heading(line)
}

/// Reads every 別紙1 year table of the document.
pub fn read_year_tables(doc: &Doc) -> Vec<YearTable> {
    let mut tables = Vec::new();
    let mut inside = false;
    for page in &doc.pages {
        let starts_here = page.lines.iter().any(|l| is_annex1_heading(l));
        if starts_here {
            inside = true;
        } else if page.lines.iter().any(|l| is_later_annex_heading(l)) {
            inside = false;
        }
        if !inside {
            continue;
        }
        match &page.layout {
            Some(layout) => tables.extend(tables_by_position(layout)),
            None => tables.extend(tables_by_cell_order(page)),
        }
    }
    tables
}

// ---------------------------------------------------------------------------------
// Positions (PDF)

/// A header column: the fiscal year and the horizontal extent values must overlap.
#[derive(Debug, Clone, Copy)]
struct Column {
    year: i32,
    x0: f64,
    x1: f64,
}

fn compact_normalized(text: &str) -> String {
    normalize(text).chars().filter(|c| !c.is_whitespace()).collect()
}

fn starts_with_label(word: &Word, kind: RowKind) -> bool {
    compact_normalized(&word.text).starts_with(kind.label())
}

/// Finds the tables on one PDF page: one per 目標値 row label.
fn tables_by_position(page: &Page) -> Vec<YearTable> {
    let lines = lines_of(page);
    let mut tables = Vec::new();
    let mut previous_bottom = f64::NEG_INFINITY;
    for (line_index, line) in lines.iter().enumerate() {
        let Some(target_label) = line.words.iter().find(|w| starts_with_label(w, RowKind::Target)) else { continue };
        if line.baseline <= previous_bottom {
            continue;
        }
        if let Some(table) = table_at(page, &lines, line_index, target_label) {
            previous_bottom = table.1;
            tables.push(table.0);
        }
    }
    tables
}

/// Reads the table whose 目標値 label is `target_label` on line `line_index`; returns
/// it with the y of its last numeric row.
fn table_at(page: &Page, lines: &[Line], line_index: usize, target_label: &Word) -> Option<(YearTable, f64)> {
    let label_left = target_label.x0;
    let label_right = target_label.x1;
    // Header: the lines right above, whose words all stand right of the row labels.
    let mut header_words: Vec<&Word> = Vec::new();
    let mut header_top = target_label.top;
    for line in lines[..line_index].iter().rev() {
        if line.words.iter().any(|w| w.x0 < label_right - 1.0) {
            break;
        }
        header_words.extend(line.words.iter());
        header_top = line.words.iter().map(|w| w.top).fold(header_top, f64::min);
    }
    let mut columns = header_columns(&header_words);
    if columns.len() < 2 {
        return None;
    }
    let vertical: Vec<&Rule> = page.rules.iter().filter(|r| r.is_vertical()).collect();
    let horizontal: Vec<&Rule> = page.rules.iter().filter(|r| r.is_horizontal()).collect();
    let header_bottom = header_words.iter().map(|w| w.baseline).fold(header_top, f64::max);
    let lattice = bound_by_rules(&mut columns, &vertical, header_top, header_bottom);
    if !lattice {
        bound_by_midpoints(&mut columns);
    }
    let mut table = YearTable {
        page: page.number,
        label_text: String::new(),
        years: columns.iter().map(|c| c.year).collect(),
        targets: vec![None; columns.len()],
        actuals: vec![None; columns.len()],
        progress: vec![None; columns.len()],
        problems: Vec::new(),
        strategy: if lattice { "lattice" } else { "stream" },
    };
    // Row labels: 目標値, then the first 実績値 and 進捗度 below it, left of the years.
    let first_column_left = columns.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min);
    let mut labels: Vec<(RowKind, &Word, f64)> = vec![(RowKind::Target, target_label, lines[line_index].baseline)];
    for kind in [RowKind::Actual, RowKind::Progress] {
        let after = labels.last().map(|l| l.2).unwrap_or(f64::NEG_INFINITY);
        let found = lines[line_index..].iter().filter(|l| l.baseline > after).find_map(|l| {
            l.words.iter().find(|w| starts_with_label(w, kind) && w.x1 <= first_column_left + 1.0).map(|w| (kind, w, l.baseline))
        });
        if let Some(found) = found {
            labels.push(found);
        }
    }
    let columns_left = first_column_left;
    let columns_right = columns.iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max);
    let mut bottom = target_label.top;
    for (i, &(kind, label, baseline)) in labels.iter().enumerate() {
        let next_top = labels.get(i + 1).map(|l| l.1.top);
        let (band_top, band_bottom) = row_band(label, baseline, next_top, &horizontal, columns_left, columns_right);
        bottom = bottom.max(band_bottom);
        let mut cells: Vec<Vec<&Word>> = vec![Vec::new(); columns.len()];
        for line in lines.iter().filter(|l| l.baseline > band_top && l.baseline <= band_bottom) {
            for word in line.words.iter().filter(|w| w.x0 >= label.x1 - 0.5 && !std::ptr::eq(*w, label)) {
                match place(word, &columns) {
                    Placement::Column(c) => cells[c].push(word),
                    Placement::Ambiguous(a, b) => table.problems.push(format!(
                        "{} row: {:?} at x={:.1}..{:.1} stands across the {} and {} columns",
                        kind.label(),
                        normalize(&word.text),
                        word.x0,
                        word.x1,
                        columns[a].year,
                        columns[b].year
                    )),
                    Placement::Outside => table.problems.push(format!(
                        "{} row: {:?} at x={:.1}..{:.1} stands under no fiscal-year column",
                        kind.label(),
                        normalize(&word.text),
                        word.x0,
                        word.x1
                    )),
                }
            }
        }
        let row = table.row_mut(kind);
        for (c, mut words) in cells.into_iter().enumerate() {
            if words.is_empty() {
                continue;
            }
            words.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x0.total_cmp(&b.x0)));
            let text = compact_normalized(&words.iter().map(|w| w.text.as_str()).collect::<String>());
            row[c] = Some(text);
        }
    }
    for kind in RowKind::ALL {
        if !labels.iter().any(|l| l.0 == kind) {
            table.problems.push(format!("no {} row found under the header", kind.label()));
        }
    }
    // Label cells: everything left of the row-label column between header and last row.
    let mut label_words: Vec<&Word> = lines
        .iter()
        .filter(|l| l.baseline > header_top && l.baseline <= bottom)
        .flat_map(|l| l.words.iter())
        .filter(|w| w.x1 <= label_left + 1.0)
        .collect();
    label_words.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.baseline.total_cmp(&b.baseline)));
    table.label_text = compact_normalized(&label_words.iter().map(|w| w.text.as_str()).collect::<String>());
    Some((table, bottom))
}

/// Clusters header words that overlap horizontally (a header wrapped over several
/// lines, 令和元年 / 度) and keeps the clusters that read as a fiscal year.
fn header_columns(words: &[&Word]) -> Vec<Column> {
    let mut clusters: Vec<Vec<&Word>> = Vec::new();
    for &word in words {
        let overlapping: Vec<usize> = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.iter().any(|w| w.x0 < word.x1 - 0.5 && word.x0 < w.x1 - 0.5))
            .map(|(i, _)| i)
            .collect();
        let mut merged = vec![word];
        for &i in overlapping.iter().rev() {
            merged.extend(clusters.remove(i));
        }
        clusters.push(merged);
    }
    let mut columns: Vec<Column> = clusters
        .into_iter()
        .filter_map(|mut cluster| {
            cluster.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x0.total_cmp(&b.x0)));
            let text = compact_normalized(&cluster.iter().map(|w| w.text.as_str()).collect::<String>());
            let year = parse_fiscal_year(&text)?;
            let x0 = cluster.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
            let x1 = cluster.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
            Some(Column { year, x0, x1 })
        })
        .collect();
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    columns
}

/// Widens each column to the vertical rules left and right of its header text, when
/// rules cross the header text (from its top to its last baseline). Returns true when
/// every column found both rules.
fn bound_by_rules(columns: &mut [Column], vertical: &[&Rule], header_top: f64, header_bottom: f64) -> bool {
    let crossing: Vec<f64> = vertical
        .iter()
        .filter(|r| r.y0 <= header_top + 1.0 && r.y1 >= header_bottom - 1.0)
        .map(|r| r.x0)
        .collect();
    let mut bounds = Vec::with_capacity(columns.len());
    for column in columns.iter() {
        let left = crossing.iter().copied().filter(|&x| x <= column.x0 + 1.0).fold(f64::NEG_INFINITY, f64::max);
        let right = crossing.iter().copied().filter(|&x| x >= column.x1 - 1.0).fold(f64::INFINITY, f64::min);
        if !left.is_finite() || !right.is_finite() {
            return false;
        }
        bounds.push((left, right));
    }
    for (column, (left, right)) in columns.iter_mut().zip(bounds) {
        column.x0 = left;
        column.x1 = right;
    }
    true
}

/// Without rules: each column reaches halfway to its neighbours.
fn bound_by_midpoints(columns: &mut [Column]) {
    let centers: Vec<f64> = columns.iter().map(|c| (c.x0 + c.x1) / 2.0).collect();
    let n = columns.len();
    for i in 0..n {
        let left = if i > 0 { (centers[i - 1] + centers[i]) / 2.0 } else { centers[i] - (centers[1] - centers[0]) / 2.0 };
        let right = if i + 1 < n { (centers[i] + centers[i + 1]) / 2.0 } else { centers[i] + (centers[i] - centers[i - 1]) / 2.0 };
        columns[i].x0 = left;
        columns[i].x1 = right;
    }
}

/// The vertical band of a row: between the ruling lines around its label where they
/// exist, else from the label down to the next row's label (one line for the last row).
fn row_band(label: &Word, baseline: f64, next_top: Option<f64>, horizontal: &[&Rule], left: f64, right: f64) -> (f64, f64) {
    let spanning: Vec<f64> = horizontal
        .iter()
        .filter(|r| r.x0 <= left + 2.0 && r.x1 >= right - 2.0)
        .map(|r| r.y0)
        .collect();
    let above = spanning.iter().copied().filter(|&y| y < baseline - label.size * 0.5).fold(f64::NEG_INFINITY, f64::max);
    let below = spanning.iter().copied().filter(|&y| y > baseline).fold(f64::INFINITY, f64::min);
    let top = if above.is_finite() { above } else { label.top - label.size * 0.5 };
    let bottom = match (below.is_finite(), next_top) {
        (true, Some(next)) => below.min(next),
        (true, None) => below,
        (false, Some(next)) => next,
        (false, None) => baseline + label.size * 0.5,
    };
    (top, bottom)
}

enum Placement {
    Column(usize),
    Ambiguous(usize, usize),
    Outside,
}

/// The column a word overlaps most. A word that does not lie at least 80% inside one
/// column, or overlaps a second one by more than 20% of its width, is not placed.
fn place(word: &Word, columns: &[Column]) -> Placement {
    let width = (word.x1 - word.x0).max(0.1);
    let mut overlaps: Vec<(usize, f64)> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (i, (word.x1.min(c.x1) - word.x0.max(c.x0)).max(0.0) / width))
        .filter(|(_, o)| *o > 0.0)
        .collect();
    overlaps.sort_by(|a, b| b.1.total_cmp(&a.1));
    match overlaps.as_slice() {
        [] => Placement::Outside,
        [(best, o)] if *o >= 0.8 => Placement::Column(*best),
        [(best, o), (_, second), ..] if *o >= 0.8 && *second <= 0.2 => Placement::Column(*best),
        [(best, _), (second, _), ..] => Placement::Ambiguous((*best).min(*second), (*best).max(*second)),
        [(best, _)] => Placement::Ambiguous(*best, *best),
    }
}

// ---------------------------------------------------------------------------------
// Cell order (text inputs)

/// Reads the tables of a text page: a header line with fiscal-year cells, then lines
/// whose cell starts with 目標値 / 実績値 / 進捗度; values go by tab-separated cell index.
fn tables_by_cell_order(page: &DocPage) -> Vec<YearTable> {
    let mut tables: Vec<YearTable> = Vec::new();
    let mut label_cells: Vec<String> = Vec::new();
    for line in &page.lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let years: Vec<i32> = cells.iter().filter_map(|c| parse_fiscal_year(c)).collect();
        if years.len() >= 2 && cells.iter().all(|c| c.trim().is_empty() || parse_fiscal_year(c).is_some()) {
            tables.push(YearTable {
                page: page.number,
                label_text: String::new(),
                targets: vec![None; years.len()],
                actuals: vec![None; years.len()],
                progress: vec![None; years.len()],
                years,
                problems: Vec::new(),
                strategy: "cell_order",
            });
            label_cells.clear();
            continue;
        }
        let Some(table) = tables.last_mut() else { continue };
        let label_at = cells.iter().enumerate().find_map(|(i, cell)| {
            let compact = compact_normalized(cell);
            RowKind::ALL.into_iter().find(|k| compact.starts_with(k.label())).map(|k| (i, k))
        });
        let Some((index, kind)) = label_at else { continue };
        if table.row_mut(kind).iter().any(Option::is_some) {
            continue;
        }
        label_cells.extend(cells[..index].iter().map(|c| c.to_string()));
        // The label cell may hold the first value too: "目標値 200人".
        let label_cell = compact_normalized(cells[index]);
        let rest = label_cell.trim_start_matches(kind.label()).trim_start_matches("(%)").to_string();
        let mut values: Vec<String> = Vec::new();
        if !rest.is_empty() {
            values.push(rest);
        }
        values.extend(cells[index + 1..].iter().map(|c| compact_normalized(c)));
        let width = table.years.len();
        if values.iter().skip(width).any(|v| !v.is_empty()) {
            table.problems.push(format!("{} row has more cells than fiscal years", kind.label()));
        }
        let row = table.row_mut(kind);
        for (slot, value) in row.iter_mut().zip(values) {
            if !value.is_empty() {
                *slot = Some(value);
            }
        }
        table.label_text = compact_normalized(&label_cells.concat());
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Glyph;

    /// Lays out a string as glyphs of 10pt, each 10pt wide, starting at x.
    fn text_at(page: &mut Page, text: &str, x: f64, baseline: f64) {
        for (i, ch) in text.chars().enumerate() {
            page.glyphs.push(Glyph { text: ch.to_string(), x: x + 10.0 * i as f64, y: baseline, width: 10.0, size: 10.0 });
        }
    }

    /// A ruled table: three year columns at x 200-300, 300-400, 400-500.
    fn ruled_page(actual_cells: &[(&str, f64)]) -> Page {
        let mut page = Page { number: 7, width: 842.0, height: 595.0, ..Page::default() };
        text_at(&mut page, "■目標に向けた取組の進捗に関する評価", 20.0, 20.0);
        text_at(&mut page, "令和元年", 210.0, 50.0);
        text_at(&mut page, "度", 210.0, 62.0);
        text_at(&mut page, "令和2年度", 310.0, 50.0);
        text_at(&mut page, "令和3年度", 410.0, 50.0);
        text_at(&mut page, "数値目標(1)投資額", 20.0, 90.0);
        text_at(&mut page, "目標値", 150.0, 90.0);
        text_at(&mut page, "87億円", 210.0, 90.0);
        text_at(&mut page, "93億円", 310.0, 90.0);
        text_at(&mut page, "99億円", 410.0, 90.0);
        text_at(&mut page, "実績値", 150.0, 110.0);
        for (text, x) in actual_cells {
            text_at(&mut page, text, *x, 110.0);
        }
        text_at(&mut page, "進捗度", 150.0, 130.0);
        text_at(&mut page, "133%", 210.0, 130.0);
        for x in [10.0, 140.0, 200.0, 300.0, 400.0, 500.0] {
            page.rules.push(Rule { x0: x, y0: 35.0, x1: x, y1: 140.0 });
        }
        for y in [35.0, 75.0, 95.0, 115.0, 140.0] {
            page.rules.push(Rule { x0: 10.0, y0: y, x1: 500.0, y1: y });
        }
        page
    }

    #[test]
    fn values_go_to_the_column_they_stand_in_not_their_order() {
        // The 令和2年度 actual is empty: the 116億円 stands in the 令和元年度 column and
        // 135億円 in the 令和3年度 column, though they are the 1st and 2nd values.
        let page = ruled_page(&[("116億円", 210.0), ("135億円", 410.0)]);
        let tables = tables_by_position(&page);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.years, vec![2019, 2020, 2021]);
        assert_eq!(t.strategy, "lattice");
        assert_eq!(t.actuals, vec![Some("116億円".into()), None, Some("135億円".into())]);
        assert_eq!(t.targets, vec![Some("87億円".into()), Some("93億円".into()), Some("99億円".into())]);
        assert_eq!(t.progress, vec![Some("133%".into()), None, None]);
        assert!(t.label_text.contains("投資額"), "{}", t.label_text);
        assert!(t.problems.is_empty(), "{:?}", t.problems);
    }

    #[test]
    fn a_value_straddling_two_columns_is_reported_not_guessed() {
        let page = ruled_page(&[("116億円", 210.0), ("135億円", 270.0)]);
        let t = &tables_by_position(&page)[0];
        assert_eq!(t.actuals, vec![Some("116億円".into()), None, None]);
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        assert!(t.problems[0].contains("2019") && t.problems[0].contains("2020"), "{}", t.problems[0]);
    }

    #[test]
    fn text_tables_go_by_cell_index() {
        let doc = Doc::from_text(
            "■ 目標に向けた取組の進捗に関する評価\n\t\t当初(平成29年度)\t平成30年度\t令和元年度\n評価指標(1)\t数値目標(1) 国際共同治験件数\t目標値 48件\t53件\t58件\n\t\t実績値\t105件\t\t100件\n",
        );
        let tables = read_year_tables(&doc);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.years, vec![2017, 2018, 2019]);
        assert_eq!(t.targets, vec![Some("48件".into()), Some("53件".into()), Some("58件".into())]);
        assert_eq!(t.actuals, vec![Some("105件".into()), None, Some("100件".into())]);
        assert!(t.label_text.contains("国際共同治験件数"));
    }
}
