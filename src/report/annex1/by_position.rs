//! 別紙1 year tables of PDF pages, read by position: fiscal-year header blocks (a
//! wrapped header cell's words together), the columns they bound (by ruling lines,
//! `lattice`, or halfway to the neighbours, `stream`), the row labels and their bands,
//! and the placement of every value in exactly one column (or a problem, never a guess).

use super::{BoxOnPage, CellBox, ProblemKind, RowKind, TableProblem, YearTable};
use crate::jp::normalize::compact;
use crate::jp::{normalize, parse_fiscal_year};
use crate::msg;
use crate::pdf::layout::{Page, Rule};
use crate::text::lines::{upright, Line, Word};

/// A header column: the fiscal year and the horizontal extent values must overlap.
#[derive(Debug, Clone, Copy)]
struct Column {
    year: i32,
    x0: f64,
    x1: f64,
}

/// A fiscal-year header as drawn: the text extent of each year cell (a wrapped cell's
/// lines together), and the header's vertical extent on its page.
#[derive(Debug, Clone)]
struct Header {
    columns: Vec<Column>,
    top: f64,
    bottom: f64,
    page: u32,
}

impl Header {
    fn years(&self) -> Vec<i32> {
        self.columns.iter().map(|c| c.year).collect()
    }
    fn text_left(&self) -> f64 {
        self.columns.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min)
    }
}

/// A row label found on a page: its kind, its word and its line's baseline.
#[derive(Debug, Clone)]
struct RowLabel<'a> {
    kind: RowKind,
    word: &'a Word,
    baseline: f64,
}

/// A table whose rows are still being read (it may continue on the next page).
#[derive(Debug)]
struct OpenTable {
    table: YearTable,
    header: Header,
    found: Vec<RowKind>,
    label_pieces: Vec<String>,
    /// Smallest (best share - second share) of the values placed so far.
    placement_margin: f64,
    placed: usize,
    unplaced: usize,
    borders_present: usize,
    borders_checked: usize,
    all_lattice: bool,
    all_rows_ruled: bool,
}

impl OpenTable {
    fn new(header: Header, page: u32) -> OpenTable {
        let n = header.columns.len();
        OpenTable {
            table: YearTable {
                page,
                last_page: page,
                label_text: String::new(),
                years: header.years(),
                targets: vec![None; n],
                actuals: vec![None; n],
                progress: vec![None; n],
                problems: Vec::new(),
                strategy: "lattice",
                confidence: 0.0,
                row_bounds: "rules",
                cells: Vec::new(),
                read_bands: vec![(header.page, header.top, header.bottom)],
            },
            header,
            found: Vec::new(),
            label_pieces: Vec::new(),
            placement_margin: 1.0,
            placed: 0,
            unplaced: 0,
            borders_present: 0,
            borders_checked: 0,
            all_lattice: true,
            all_rows_ruled: true,
        }
    }

    /// Ends the table: names missing rows and rates the reading.
    fn close(mut self) -> YearTable {
        for kind in RowKind::ALL {
            if !self.found.contains(&kind) {
                let page = self.table.last_page;
                self.table.problems.push(TableProblem {
                    kind: ProblemKind::RowMissing,
                    row: kind,
                    columns: Vec::new(),
                    page,
                    message: msg!("annex1_problem.row_missing", row = kind.label()),
                });
            }
        }
        let table = &mut self.table;
        table.label_text = compact(&self.label_pieces.concat());
        table.strategy = if self.all_lattice { "lattice" } else { "stream" };
        table.row_bounds = if self.all_rows_ruled { "rules" } else { "labels" };
        let rows = self.found.len() as f64 / 3.0;
        let structure = if self.all_lattice {
            if self.borders_checked == 0 {
                1.0
            } else {
                self.borders_present as f64 / self.borders_checked as f64
            }
        } else {
            STREAM_STRUCTURE
        };
        let placed_share = if self.placed + self.unplaced == 0 {
            1.0
        } else {
            self.placed as f64 / (self.placed + self.unplaced) as f64
        };
        table.confidence = rows * structure * self.placement_margin * placed_share;
        self.table
    }
}

/// Confidence given to columns bounded by alignment alone (no ruling lines): the
/// boundary between two columns is inferred, not drawn.
const STREAM_STRUCTURE: f64 = 0.9;

/// Reads tables page after page; keeps a table open across a page break until all three
/// rows are found or something else starts.
#[derive(Debug, Default)]
pub(super) struct PositionReader {
    done: Vec<YearTable>,
    open: Option<OpenTable>,
    latest_header: Option<Header>,
}

/// What stands on a page, top to bottom.
enum Event<'a> {
    Header(Header),
    Label(RowLabel<'a>),
}

impl PositionReader {
    fn close_open(&mut self) {
        if let Some(open) = self.open.take() {
            self.done.push(open.close());
        }
    }

    /// Ends reading (leaving 別紙1): returns every table, the open one closed.
    pub(super) fn finish(&mut self) -> Vec<YearTable> {
        self.close_open();
        self.latest_header = None;
        std::mem::take(&mut self.done)
    }

    /// Reads one page; `furniture` are the page's lines dropped as running header,
    /// footer or page number (a running header `令和3年度 …評価書` must not join the
    /// fiscal-year header below it).
    pub(super) fn read_page(&mut self, stored: &Page, layout_lines: &[Line], furniture: &[String]) {
        let page = upright(stored);
        let page: &Page = &page;
        let lines: Vec<&Line> = layout_lines
            .iter()
            .filter(|line| {
                furniture.is_empty() || {
                    let text = normalize(&line.text());
                    !furniture.iter().any(|f| f == text.trim())
                }
            })
            .collect();
        let vertical: Vec<&Rule> = page.rules.iter().filter(|r| r.is_vertical()).collect();
        let horizontal: Vec<&Rule> = page.rules.iter().filter(|r| r.is_horizontal()).collect();
        let mut events: Vec<(f64, Event)> = header_blocks(&lines, page.number)
            .into_iter()
            .map(|h| (h.bottom, Event::Header(h)))
            .collect();
        events.extend(row_labels(&lines).into_iter().map(|l| (l.baseline, Event::Label(l))));
        events.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut segment: Vec<RowLabel> = Vec::new();
        let mut zone_top = f64::NEG_INFINITY;
        let ctx = PageContext { page, lines: &lines, vertical: &vertical, horizontal: &horizontal };
        for (_, event) in events {
            match event {
                Event::Header(header) => {
                    zone_top = self.flush(&ctx, std::mem::take(&mut segment), zone_top);
                    let repeats = self
                        .open
                        .as_ref()
                        .is_some_and(|o| o.found.len() < 3 && o.header.years() == header.years());
                    match self.open.as_mut() {
                        Some(open) if repeats => {
                            let band = (header.page, header.top, header.bottom);
                            open.table.read_bands.push(band);
                            open.header = header.clone()
                        }
                        _ => self.close_open(),
                    }
                    zone_top = zone_top.max(header.bottom);
                    // A header repeated at the top of the next page over the text rows of a
                    // table whose three rows were all read before the break (corpus m04,
                    // 別紙1 page 4) is that table's: its lines are read.
                    let repeated = self.done.last_mut().filter(|t| {
                        self.open.is_none()
                            && t.years == header.years()
                            && t.last_page + 1 == header.page
                    });
                    if let Some(table) = repeated {
                        table.read_bands.push((header.page, header.top, header.bottom));
                    }
                    self.latest_header = Some(header);
                }
                Event::Label(label) => {
                    let Some(header) =
                        self.open.as_ref().map(|o| &o.header).or(self.latest_header.as_ref())
                    else {
                        continue;
                    };
                    // A label stands left of the year columns; the same word inside them is text.
                    if label.word.x1 > header.text_left() + 1.0 {
                        continue;
                    }
                    let joins = self.open.as_ref().is_some_and(|o| !o.found.contains(&label.kind));
                    if !joins {
                        zone_top = self.flush(&ctx, std::mem::take(&mut segment), zone_top);
                        self.close_open();
                        let Some(header) = self.latest_header.clone() else { continue };
                        self.open = Some(OpenTable::new(header, page.number));
                    }
                    if let Some(open) = self.open.as_mut() {
                        open.found.push(label.kind);
                    }
                    segment.push(label);
                }
            }
        }
        self.flush(&ctx, segment, zone_top);
        if self.open.as_ref().is_some_and(|o| o.found.len() == 3) {
            self.close_open();
        }
    }

    /// Reads the rows of the open table that stand on this page; returns the bottom of
    /// the last row (the top of what follows).
    fn flush(&mut self, ctx: &PageContext, rows: Vec<RowLabel>, zone_top: f64) -> f64 {
        let Some(open) = self.open.as_mut() else { return zone_top };
        let Some(first) = rows.first() else { return zone_top };
        let page = ctx.page;
        // Columns: the header's cells, bounded by the rules crossing the header when it
        // stands on this page, else (a continued table) the rules crossing the first row.
        let mut columns = open.header.columns.clone();
        let (span_top, span_bottom) = if open.header.page == page.number {
            (open.header.top, open.header.bottom)
        } else {
            (first.word.top, first.baseline)
        };
        let lattice = bound_by_rules(&mut columns, ctx.vertical, span_top, span_bottom);
        if !lattice {
            bound_by_midpoints(&mut columns);
        }
        open.all_lattice &= lattice;
        open.table.last_page = page.number;
        let columns_left = columns.iter().map(|c| c.x0).fold(f64::INFINITY, f64::min);
        let columns_right = columns.iter().map(|c| c.x1).fold(f64::NEG_INFINITY, f64::max);
        let mut bottom = zone_top;
        for (i, label) in rows.iter().enumerate() {
            let next_top = rows.get(i + 1).map(|l| l.word.top);
            let (band_top, band_bottom, ruled) = row_band(
                label.word,
                label.baseline,
                next_top,
                ctx.horizontal,
                columns_left,
                columns_right,
            );
            open.all_rows_ruled &= ruled;
            open.table.read_bands.push((page.number, band_top, band_bottom));
            bottom = bottom.max(band_bottom);
            // Cells of this row: a year column's border missing inside the row merges cells.
            let groups = if lattice {
                let (groups, present, checked) =
                    merged_groups(&columns, ctx.vertical, band_top, band_bottom);
                open.borders_present += present;
                open.borders_checked += checked;
                groups
            } else {
                (0..columns.len()).collect()
            };
            let mut cells: Vec<Vec<&Word>> = vec![Vec::new(); columns.len()];
            let row_words = ctx
                .lines
                .iter()
                .filter(|l| l.baseline > band_top && l.baseline <= band_bottom)
                .flat_map(|l| l.words.iter())
                .filter(|w| w.x0 >= label.word.x1 - 0.5 && !std::ptr::eq(*w, label.word));
            for word in row_words {
                let shown = normalize(&word.text);
                let placement = match place(word, &columns) {
                    Placement::Column(c, _)
                        if groups.iter().filter(|&&g| g == groups[c]).count() > 1 =>
                    {
                        let merged: Vec<usize> =
                            (0..columns.len()).filter(|&k| groups[k] == groups[c]).collect();
                        let years: Vec<String> =
                            merged.iter().map(|&k| columns[k].year.to_string()).collect();
                        Err((
                            merged,
                            msg!(
                                "annex1_problem.merged",
                                row = label.kind.label(),
                                value = format!("{shown:?}"),
                                first = years.first().cloned().unwrap_or_default(),
                                rest = years[1.min(years.len())..].join(" and ")
                            ),
                        ))
                    }
                    Placement::Column(c, margin) => {
                        open.placement_margin = open.placement_margin.min(margin);
                        Ok(c)
                    }
                    Placement::Ambiguous(a, b) => Err((
                        vec![a, b],
                        msg!(
                            "annex1_problem.across",
                            row = label.kind.label(),
                            value = format!("{shown:?}"),
                            x0 = format!("{:.1}", word.x0),
                            x1 = format!("{:.1}", word.x1),
                            first = columns[a].year,
                            second = columns[b].year
                        ),
                    )),
                    Placement::Outside => Err((
                        Vec::new(),
                        msg!(
                            "annex1_problem.outside",
                            row = label.kind.label(),
                            value = format!("{shown:?}"),
                            x0 = format!("{:.1}", word.x0),
                            x1 = format!("{:.1}", word.x1)
                        ),
                    )),
                };
                match placement {
                    Ok(c) => {
                        open.placed += 1;
                        cells[c].push(word);
                    }
                    Err((concerned, message)) => {
                        open.unplaced += 1;
                        open.table.problems.push(TableProblem {
                            kind: ProblemKind::Unplaced,
                            row: label.kind,
                            columns: concerned,
                            page: page.number,
                            message,
                        });
                    }
                }
            }
            for (c, (column, words)) in columns.iter().zip(&cells).enumerate() {
                let words = (!words.is_empty()).then(|| BoxOnPage {
                    x0: words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min),
                    top: words.iter().map(|w| w.top).fold(f64::INFINITY, f64::min),
                    x1: words.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max),
                    bottom: words.iter().map(|w| w.baseline).fold(f64::NEG_INFINITY, f64::max),
                });
                let cell =
                    BoxOnPage { x0: column.x0, top: band_top, x1: column.x1, bottom: band_bottom };
                open.table.cells.push(CellBox {
                    row: label.kind,
                    column: c,
                    page: page.number,
                    cell,
                    words,
                });
            }
            let row = open.table.row_mut(label.kind);
            for (c, mut words) in cells.into_iter().enumerate() {
                if words.is_empty() {
                    continue;
                }
                words.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x0.total_cmp(&b.x0)));
                let text = compact(&words.iter().map(|w| w.text.as_str()).collect::<String>());
                row[c] = Some(text);
            }
        }
        // Label cells: everything left of the row labels between the zone top and the last row.
        let label_left = rows.iter().map(|l| l.word.x0).fold(f64::INFINITY, f64::min);
        let mut label_words: Vec<&Word> = ctx
            .lines
            .iter()
            .filter(|l| l.baseline > zone_top && l.baseline <= bottom)
            .flat_map(|l| l.words.iter())
            .filter(|w| w.x1 <= label_left + 1.0)
            .collect();
        label_words.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.baseline.total_cmp(&b.baseline)));
        open.label_pieces.push(cells_in_reading_order(&label_words));
        open.table.read_bands.push((page.number, zone_top, bottom));
        bottom
    }
}

/// Groups words that overlap horizontally (by more than half a point) into clusters:
/// the words of one column or cell, however many lines they wrap over (`令和元年` / `度`).
fn overlapping_clusters<'w>(words: &[&'w Word]) -> Vec<Vec<&'w Word>> {
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
    clusters
}

/// The text of label words read cell by cell: words that overlap horizontally form one
/// cell (a name wrapped in a narrow cell); cells go left to right, and the words of a
/// cell top to bottom, then left to right.
fn cells_in_reading_order(words: &[&Word]) -> String {
    let mut cells = overlapping_clusters(words);
    for cell in &mut cells {
        cell.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x0.total_cmp(&b.x0)));
    }
    cells.sort_by(|a, b| {
        let left = |c: &Vec<&Word>| c.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
        left(a).total_cmp(&left(b))
    });
    cells.iter().flat_map(|c| c.iter().map(|w| w.text.as_str())).collect()
}

/// One page as the reader sees it.
struct PageContext<'a> {
    page: &'a Page,
    lines: &'a [&'a Line],
    vertical: &'a [&'a Rule],
    horizontal: &'a [&'a Rule],
}

/// The row a label word names: 目標値, 実績値, 進捗度 alone (or with "(%)").
fn row_kind(word: &Word) -> Option<RowKind> {
    let compact = compact(&word.text);
    RowKind::ALL.into_iter().find(|kind| {
        compact
            .strip_prefix(kind.label())
            .is_some_and(|rest| matches!(rest, "" | "(%)" | "%" | "(%"))
    })
}

/// Row labels of a page, top to bottom.
fn row_labels<'a>(lines: &[&'a Line]) -> Vec<RowLabel<'a>> {
    lines
        .iter()
        .flat_map(|line| {
            line.words.iter().filter_map(move |w| {
                row_kind(w).map(|kind| RowLabel { kind, word: w, baseline: line.baseline })
            })
        })
        .collect()
}

/// True for a word that can be (part of) a fiscal-year header cell: 令和2年度,
/// 当初(平成29 / 年度), 令和元年 / 度, 当初値(H26), H27.
fn is_header_piece(word: &Word) -> bool {
    const ALLOWED: &str = "当初平成令和昭元年度()0123456789HR見込基準値末~・";
    const MARKERS: &str = "年度平令当昭";
    let compact = compact(&word.text);
    let abbreviation = matches!(compact.chars().next(), Some('H' | 'R'))
        && compact.len() >= 2
        && compact[1..].chars().all(|c| c.is_ascii_digit() || c == '元');
    !compact.is_empty()
        && compact.chars().all(|c| ALLOWED.contains(c))
        && (abbreviation || compact.chars().any(|c| MARKERS.contains(c)))
}

/// Fiscal-year headers of a page: runs of consecutive lines holding header pieces
/// whose pieces, grouped by horizontal overlap, read as two or more fiscal years.
fn header_blocks(lines: &[&Line], page: u32) -> Vec<Header> {
    let mut blocks: Vec<(Vec<&Word>, f64)> = Vec::new();
    for line in lines {
        let pieces: Vec<&Word> = line.words.iter().filter(|w| is_header_piece(w)).collect();
        if pieces.is_empty() {
            continue;
        }
        match blocks.last_mut() {
            Some((words, last)) if line.baseline - *last <= 2.0 * line.size => {
                words.extend(pieces);
                *last = line.baseline;
            }
            _ => blocks.push((pieces, line.baseline)),
        }
    }
    blocks
        .into_iter()
        .filter_map(|(words, _)| {
            let columns = header_columns(&words);
            if columns.len() < 2 {
                return None;
            }
            let top = words.iter().map(|w| w.top).fold(f64::INFINITY, f64::min);
            let bottom = words.iter().map(|w| w.baseline).fold(f64::NEG_INFINITY, f64::max);
            Some(Header { columns, top, bottom, page })
        })
        .collect()
}

/// Clusters header words that overlap horizontally (a header wrapped over several
/// lines, 令和元年 / 度) and keeps the clusters that read as a fiscal year.
fn header_columns(words: &[&Word]) -> Vec<Column> {
    let clusters = overlapping_clusters(words);
    let mut columns: Vec<Column> = clusters
        .into_iter()
        .filter_map(|mut cluster| {
            cluster.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x0.total_cmp(&b.x0)));
            let text = compact(&cluster.iter().map(|w| w.text.as_str()).collect::<String>());
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
/// rules cross the span `top`..`bottom` (the header text, or a continued table's first
/// row). Returns true when every column found both rules.
fn bound_by_rules(columns: &mut [Column], vertical: &[&Rule], top: f64, bottom: f64) -> bool {
    let crossing: Vec<f64> = vertical
        .iter()
        .filter(|r| r.y0 <= top + 1.0 && r.y1 >= bottom - 1.0)
        .map(|r| r.x0)
        .collect();
    let mut bounds = Vec::with_capacity(columns.len());
    for column in columns.iter() {
        let left = crossing
            .iter()
            .copied()
            .filter(|&x| x <= column.x0 + 1.0)
            .fold(f64::NEG_INFINITY, f64::max);
        let right = crossing
            .iter()
            .copied()
            .filter(|&x| x >= column.x1 - 1.0)
            .fold(f64::INFINITY, f64::min);
        if !left.is_finite() || !right.is_finite() {
            return false;
        }
        bounds.push((left, right));
    }
    // Two columns between the same pair of rules are not cells of a grid.
    if bounds.windows(2).any(|w| w[1].0 < w[0].1 - 1.0) {
        return false;
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
        let left = if i > 0 {
            (centers[i - 1] + centers[i]) / 2.0
        } else {
            centers[i] - (centers[1] - centers[0]) / 2.0
        };
        let right = if i + 1 < n {
            (centers[i] + centers[i + 1]) / 2.0
        } else {
            centers[i] + (centers[i] - centers[i - 1]) / 2.0
        };
        columns[i].x0 = left;
        columns[i].x1 = right;
    }
}

/// The cells of one ruled row: for each column, the index of the first column of the
/// cell it belongs to (columns whose shared border is not drawn inside the row form one
/// merged cell); with the count of borders present and checked.
fn merged_groups(
    columns: &[Column],
    vertical: &[&Rule],
    top: f64,
    bottom: f64,
) -> (Vec<usize>, usize, usize) {
    let quarter = (bottom - top) / 4.0;
    let (mid_top, mid_bottom) = (top + quarter, bottom - quarter);
    let drawn = |x: f64| {
        vertical.iter().any(|r| (r.x0 - x).abs() <= 1.0 && r.y0 <= mid_top && r.y1 >= mid_bottom)
    };
    let mut groups = Vec::with_capacity(columns.len());
    let mut present = 0;
    for (i, column) in columns.iter().enumerate() {
        if i > 0 && !drawn(column.x0) {
            let previous = groups[i - 1];
            groups.push(previous);
        } else {
            present += usize::from(i > 0);
            groups.push(i);
        }
    }
    (groups, present, columns.len().saturating_sub(1))
}

/// The vertical band of a row, and whether ruling lines bound it: between the ruling
/// lines around its label where they exist, else from the label down to the next row's
/// label (half a line below the label for the last row).
fn row_band(
    label: &Word,
    baseline: f64,
    next_top: Option<f64>,
    horizontal: &[&Rule],
    left: f64,
    right: f64,
) -> (f64, f64, bool) {
    let spanning: Vec<f64> = horizontal
        .iter()
        .filter(|r| r.x0 <= left + 2.0 && r.x1 >= right - 2.0)
        .map(|r| r.y0)
        .collect();
    let above = spanning
        .iter()
        .copied()
        .filter(|&y| y < baseline - label.size * 0.5)
        .fold(f64::NEG_INFINITY, f64::max);
    let below = spanning.iter().copied().filter(|&y| y > baseline).fold(f64::INFINITY, f64::min);
    let top = if above.is_finite() { above } else { label.top - label.size * 0.5 };
    let bottom = match (below.is_finite(), next_top) {
        (true, Some(next)) => below.min(next),
        (true, None) => below,
        (false, Some(next)) => next,
        (false, None) => baseline + label.size * 0.5,
    };
    (top, bottom, above.is_finite() && below.is_finite())
}

enum Placement {
    /// The column, with the margin of the decision: share of the word in it minus the
    /// share in the runner-up (1.0 when the word lies wholly in one column).
    Column(usize, f64),
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
        [(best, o)] if *o >= 0.8 => Placement::Column(*best, o.min(1.0)),
        [(best, o), (_, second), ..] if *o >= 0.8 && *second <= 0.2 => {
            Placement::Column(*best, o.min(1.0) - second)
        }
        [(best, _), (second, _), ..] => {
            Placement::Ambiguous((*best).min(*second), (*best).max(*second))
        }
        [(best, _)] => Placement::Ambiguous(*best, *best),
    }
}

/// The tables of a single page (for tests and debugging).
#[cfg(test)]
fn tables_by_position(page: &Page) -> Vec<YearTable> {
    let mut reader = PositionReader::default();
    reader.read_page(page, &crate::text::lines::lines_of(page), &[]);
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::text_at;
    use crate::report::annex1::read_year_tables;
    use crate::text::document::Doc;

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
        assert_eq!(
            t.targets,
            vec![Some("87億円".into()), Some("93億円".into()), Some("99億円".into())]
        );
        assert_eq!(t.progress, vec![Some("133%".into()), None, None]);
        assert!(t.label_text.contains("投資額"), "{}", t.label_text);
        assert!(t.problems.is_empty(), "{:?}", t.problems);
    }

    #[test]
    fn every_cell_is_found_with_its_box_on_the_page() {
        let page = ruled_page(&[("116億円", 210.0), ("135億円", 410.0)]);
        let t = &tables_by_position(&page)[0];
        // Three rows of three columns.
        assert_eq!(t.cells.len(), 9, "{:?}", t.cells);
        let actual_2021 = t
            .cells
            .iter()
            .find(|c| c.row == RowKind::Actual && c.column == 2)
            .expect("the 2021 actual cell");
        assert_eq!(actual_2021.page, 7);
        // The column between the rules at x 400 and 500, the row between those at y 95 and 115.
        assert_eq!(actual_2021.cell, BoxOnPage { x0: 400.0, top: 95.0, x1: 500.0, bottom: 115.0 });
        // "135億円": five 10pt glyphs from x 410, baseline 110.
        assert_eq!(
            actual_2021.words,
            Some(BoxOnPage { x0: 410.0, top: 100.0, x1: 460.0, bottom: 110.0 })
        );
        let actual_2020 = t
            .cells
            .iter()
            .find(|c| c.row == RowKind::Actual && c.column == 1)
            .expect("the empty 2020 actual cell");
        assert_eq!(actual_2020.words, None);
    }

    #[test]
    fn a_value_straddling_two_columns_is_reported_not_guessed() {
        let page = ruled_page(&[("116億円", 210.0), ("135億円", 270.0)]);
        let t = &tables_by_position(&page)[0];
        assert_eq!(t.actuals, vec![Some("116億円".into()), None, None]);
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        let problem = &t.problems[0];
        let message = problem.to_string();
        assert!(message.contains("2019") && message.contains("2020"), "{problem}");
        assert_eq!(
            (problem.kind, problem.row, problem.columns.clone(), problem.page),
            (ProblemKind::Unplaced, RowKind::Actual, vec![0, 1], 7)
        );
    }

    #[test]
    fn a_value_in_a_cell_merged_across_two_years_is_reported_not_guessed() {
        // The border between 令和元年度 and 令和2年度 (x=300) is not drawn in the 実績値
        // row (y 95-115): there the two years are one cell, and its value has no year.
        let mut page = ruled_page(&[("116億円", 210.0), ("135億円", 410.0)]);
        page.rules.retain(|r| !(r.is_vertical() && r.x0 == 300.0));
        page.rules.push(Rule { x0: 300.0, y0: 35.0, x1: 300.0, y1: 95.0 });
        page.rules.push(Rule { x0: 300.0, y0: 115.0, x1: 300.0, y1: 140.0 });
        let t = &tables_by_position(&page)[0];
        assert_eq!(t.strategy, "lattice");
        assert_eq!(t.actuals, vec![None, None, Some("135億円".into())]);
        assert_eq!(
            t.targets,
            vec![Some("87億円".into()), Some("93億円".into()), Some("99億円".into())]
        );
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        assert!(
            t.problems[0].to_string().contains("merged across the 2019 and 2020"),
            "{}",
            t.problems[0]
        );
        assert_eq!(t.problems[0].columns, vec![0, 1]);
        assert!(t.confidence < 1.0, "a missing border lowers the confidence: {}", t.confidence);
    }

    #[test]
    fn rows_continued_on_the_next_page_join_the_table() {
        // Page 7: header and 目標値; page 8: 実績値 and 進捗度, no repeated header.
        let mut first = ruled_page(&[]);
        first.glyphs.retain(|g| g.y < 100.0);
        first.rules.clear();
        let mut second = Page { number: 8, width: 842.0, height: 595.0, ..Page::default() };
        text_at(&mut second, "実績値", 150.0, 30.0);
        text_at(&mut second, "116億円", 210.0, 30.0);
        text_at(&mut second, "135億円", 410.0, 30.0);
        text_at(&mut second, "進捗度(%)", 130.0, 50.0);
        text_at(&mut second, "133%", 210.0, 50.0);
        let doc = Doc::from_pdf_pages(vec![first, second]);
        let tables = read_year_tables(&doc);
        assert_eq!(tables.len(), 1, "{tables:?}");
        let t = &tables[0];
        assert_eq!((t.page, t.last_page, t.strategy), (7, 8, "stream"));
        assert_eq!(
            t.targets,
            vec![Some("87億円".into()), Some("93億円".into()), Some("99億円".into())]
        );
        assert_eq!(t.actuals, vec![Some("116億円".into()), None, Some("135億円".into())]);
        assert_eq!(t.progress, vec![Some("133%".into()), None, None]);
        assert!(t.problems.is_empty(), "{:?}", t.problems);
    }

    #[test]
    fn a_header_row_with_label_titles_and_a_wrapped_year_is_found() {
        // Titles 評価指標 / 数値目標 stand in the header row left of the years, and the
        // 数値目標 cell's first line stands above the 目標値 line: neither hides the header.
        let mut page = ruled_page(&[("116億円", 210.0)]);
        text_at(&mut page, "評価指標", 20.0, 50.0);
        text_at(&mut page, "数値目標(1)", 20.0, 80.0);
        let t = &tables_by_position(&page)[0];
        assert_eq!(t.years, vec![2019, 2020, 2021]);
        assert_eq!(t.targets[0].as_deref(), Some("87億円"));
        assert!(t.label_text.contains("数値目標(1)"), "{}", t.label_text);
    }

    #[test]
    fn header_cells_as_abbreviations_are_years() {
        // `当初値(H26)`, `H27`, `R1`: the cells of a header written with abbreviations.
        let mut page = Page { number: 3, width: 842.0, height: 595.0, ..Page::default() };
        text_at(&mut page, "■目標に向けた取組の進捗に関する評価", 20.0, 20.0);
        text_at(&mut page, "当初値(H26)", 200.0, 50.0);
        text_at(&mut page, "H27", 330.0, 50.0);
        text_at(&mut page, "R1", 430.0, 50.0);
        text_at(&mut page, "目標値", 140.0, 90.0);
        text_at(&mut page, "1件", 230.0, 90.0);
        text_at(&mut page, "2件", 330.0, 90.0);
        text_at(&mut page, "3件", 430.0, 90.0);
        let t = &tables_by_position(&page)[0];
        assert_eq!(t.years, vec![2014, 2015, 2019]);
        assert_eq!(t.targets, vec![Some("1件".into()), Some("2件".into()), Some("3件".into())]);
    }

    #[test]
    fn header_and_label_cells_wrapped_inside_a_token_in_narrow_columns_are_read() {
        // m12's narrow 別紙1 (issue 23): `数値目標（１` / `）－①`, `当初（平成２９` / `年度）`,
        // `４７５億円（` / `累計）`; each header cell is a box of words stacked in one column
        // band, whatever line they stand on.
        let mut page = Page { number: 5, width: 842.0, height: 595.0, ..Page::default() };
        text_at(&mut page, "■目標に向けた取組の進捗に関する評価", 20.0, 20.0);
        text_at(&mut page, "評価指標", 20.0, 50.0);
        text_at(&mut page, "当初（平成２９", 200.0, 50.0);
        text_at(&mut page, "年度）", 200.0, 62.0);
        text_at(&mut page, "平成３０", 280.0, 50.0);
        text_at(&mut page, "年度", 280.0, 62.0);
        text_at(&mut page, "令和元年", 360.0, 50.0);
        text_at(&mut page, "度", 360.0, 62.0);
        text_at(&mut page, "数値目標（１", 20.0, 90.0);
        text_at(&mut page, "）－①投資", 20.0, 102.0);
        text_at(&mut page, "額４７５億円（", 20.0, 114.0);
        text_at(&mut page, "累計）", 20.0, 126.0);
        text_at(&mut page, "目標値", 140.0, 90.0);
        text_at(&mut page, "87億円", 200.0, 90.0);
        text_at(&mut page, "93億円", 280.0, 90.0);
        text_at(&mut page, "99億円", 360.0, 90.0);
        text_at(&mut page, "実績値", 140.0, 110.0);
        text_at(&mut page, "116億円", 200.0, 110.0);
        text_at(&mut page, "進捗度", 140.0, 130.0);
        text_at(&mut page, "133%", 200.0, 130.0);
        let tables = tables_by_position(&page);
        assert_eq!(tables.len(), 1, "{tables:?}");
        let t = &tables[0];
        assert_eq!(t.years, vec![2017, 2018, 2019]);
        assert_eq!(
            t.targets,
            vec![Some("87億円".into()), Some("93億円".into()), Some("99億円".into())]
        );
        assert_eq!(t.actuals, vec![Some("116億円".into()), None, None]);
        assert!(t.label_text.contains("数値目標(1)-①投資額475億円(累計)"), "{}", t.label_text);
        assert!(t.problems.is_empty(), "{:?}", t.problems);
    }
}
