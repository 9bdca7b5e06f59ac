//! Table rows of the annexes (別紙1 text rows, 別紙2, 別紙3) as cells of text, the same
//! shape for both kinds of input:
//!
//! - **PDF pages** are read by position: a glyph belongs to the cell enclosed by the
//!   nearest ruling lines on its four sides (so merged cells and cells spanning columns
//!   come out whole), the glyphs of a cell form its lines top to bottom, and the cells
//!   whose top rule is the same form one row. Glyphs enclosed by no four rules are free
//!   text lines (headings and notes between the tables).
//! - **Text inputs** have no positions: a line with a tab is a row whose cells are its
//!   tab-separated fields (a cell's "position" is its index), a line without one is a
//!   free text line.
//!
//! Readers of the annexes look for header cells by their words and place every other
//! cell under the header cell it stands in ([`Row::cell_under`]). The readers of one
//! document share one [`AnnexPages`]: each page's cells are built once, on first use.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::jp::normalize;
use crate::jp::patterns::static_regex;
use crate::pdf::layout::{Glyph, Page, Rule};
use crate::text::coverage::PartKind;
use crate::text::document::{Doc, DocPage};
use crate::text::lines::{upright, words_of, Line};

/// One cell: its text (lines joined by `\n`, each normalized) and horizontal extent
/// (PDF points, or the field index for text inputs).
#[derive(Debug, Clone)]
pub struct Cell {
    lines: Vec<String>,
    pub x0: f64,
    pub x1: f64,
    /// The cell's lines with their words' positions (PDF pages; empty for text inputs):
    /// a box that frames a whole table without inner rules is read again by position
    /// (`report::unruled`).
    placed: Vec<Line>,
    /// [`Cell::text`], joined on its first call (readers ask for a cell's text many times:
    /// every annex reader passing the row, every header test).
    joined: OnceCell<String>,
}

impl PartialEq for Cell {
    fn eq(&self, other: &Cell) -> bool {
        self.lines == other.lines && self.x0 == other.x0 && self.x1 == other.x1
    }
}

impl Cell {
    /// A cell of `lines` (each normalized) spanning `x0`..`x1`.
    pub fn new(lines: Vec<String>, x0: f64, x1: f64) -> Cell {
        Cell { lines, x0, x1, placed: Vec::new(), joined: OnceCell::new() }
    }

    /// The cell's lines with their words' positions (empty for text inputs).
    pub fn placed(&self) -> &[Line] {
        &self.placed
    }

    /// The cell with its lines' word positions (`placed`, top to bottom).
    pub fn with_placed(mut self, placed: Vec<Line>) -> Cell {
        self.placed = placed;
        self
    }

    /// The cell's lines, top to bottom.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The cell's text on one line: wrapped lines joined (see [`join_wrapped`]).
    pub fn text(&self) -> String {
        self.joined.get_or_init(|| join_wrapped(&self.lines)).clone()
    }

    /// True when the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    fn center(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// A table row: its cells left to right, the page it stands on, and its top and bottom
/// (ruling lines; the line index for text inputs).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub page: u32,
    pub cells: Vec<Cell>,
    pub top: f64,
    pub bottom: f64,
}

impl Row {
    /// The non-empty cells.
    pub fn filled(&self) -> Vec<&Cell> {
        self.cells.iter().filter(|c| !c.is_empty()).collect()
    }

    /// The text of the one non-empty cell of a title row ("財政支援措置の状況"), if the
    /// row has exactly one.
    pub fn single_text(&self) -> Option<String> {
        match self.filled().as_slice() {
            [one] => Some(one.text()),
            _ => None,
        }
    }

    /// The cells that stand under `header` (centre inside its extent), joined.
    pub fn cell_under(&self, header: &Cell) -> Option<String> {
        let parts: Vec<String> = self
            .cells
            .iter()
            .filter(|c| {
                !c.is_empty() && c.center() >= header.x0 - 0.5 && c.center() <= header.x1 + 0.5
            })
            .map(|c| c.text())
            .collect();
        let text = parts.join(" ");
        let text = normalize(&text).trim().to_string();
        (!text.is_empty()).then_some(text)
    }
}

/// What stands on a page of an annex, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text outside any table cell, with its vertical extent (as a row's: PDF points,
    /// or the line index for text inputs) and, on PDF pages, its words' positions (a
    /// table drawn without ruling lines is read from them, `report::unruled`).
    Line {
        page: u32,
        text: String,
        top: f64,
        bottom: f64,
        placed: Option<Line>,
    },
    Row(Row),
}

impl Item {
    pub fn page(&self) -> u32 {
        match self {
            Item::Line { page, .. } => *page,
            Item::Row(row) => row.page,
        }
    }

    /// The item's vertical extent on its page.
    pub fn band(&self) -> (f64, f64) {
        match self {
            Item::Line { top, bottom, .. } => (*top, *bottom),
            Item::Row(row) => (row.top, row.bottom),
        }
    }
}

/// Joins the wrapped lines of a cell or paragraph into one text: lines join directly,
/// except that a space separates two Latin letters or digits (a wrap between
/// `Taiga` and `Biotechnologies`); a wrap inside `京浜臨海部` or next to a bracket leaves
/// no trace. (A wrap inside a Latin word, `SB`/`IR`, cannot be told from one between
/// words and gets a space.) Markup of a form
/// producer (`<ul …>`, `</p>`, `<li>`, `<input …/>`) is removed first; Japanese text in
/// angle brackets (`<進捗度が80%以上のため、記載省略>`) is not markup and stays.
pub fn join_wrapped(lines: &[String]) -> String {
    let mut joined = String::new();
    for line in lines.iter().map(|l| strip_markup(l)) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let before = joined.chars().last();
        let after = line.chars().next();
        if let (Some(b), Some(a)) = (before, after) {
            // Digits on both sides: one number wrapped (`17,0` / `00回`), never two.
            if b.is_ascii_alphanumeric()
                && a.is_ascii_alphanumeric()
                && !(b.is_ascii_digit() && a.is_ascii_digit())
            {
                joined.push(' ');
            }
        }
        joined.push_str(line);
    }
    normalize(&joined).replace('\n', " ").trim().to_string()
}

/// Removes HTML-like tags whose name is Latin (`<ul style="…">`, `</p>`, `<br/>`),
/// leaving a space in their place; a checkbox input becomes `□` (or `☑` when checked)
/// so that checkbox readers see the same glyphs as in a PDF.
///
/// Example it was written for (seed 別紙1, text rendition):
/// `<ul style="list-style-type: none"> 健康関連産業の創出には、…設定した。 </ul>`.
pub fn strip_markup(text: &str) -> String {
    MARKUP_TAG
        .replace_all(text, |caps: &regex::Captures| {
            let whole = &caps[0];
            if caps[1].eq_ignore_ascii_case("input")
                && whole.to_ascii_lowercase().contains("checkbox")
            {
                if whole.to_ascii_lowercase().contains("checked") {
                    "☑".to_string()
                } else {
                    "□".to_string()
                }
            } else {
                " ".to_string()
            }
        })
        .into_owned()
}

/// A form producer's tag: `<ul style="list-style-type: none">`, `</p>`, `<input type="checkbox"/>`
/// (a tag name is Latin; `<特記事項>` is text).
static MARKUP_TAG: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"(?i)<\s*/?\s*([a-z][a-z0-9]*)\b[^<>]*>"));

/// True for a note of the form printed under a table (`※関連する数値目標の欄には、別紙1の
/// 評価指標と数値目標の番号を記載してください。`, `※寄与度:一つの評価指標に対して…`): an
/// instruction to the writer, which holds no fact; the annex readers mark it read as such.
pub fn is_form_note(text: &str) -> bool {
    text.trim_start().starts_with('※')
}

/// The items of one page. A PDF page without ruling lines has no cells: all its text is
/// free lines (see [`has_cells`]).
pub fn page_items(page: &DocPage) -> Vec<Item> {
    #[cfg(test)]
    MODELS_BUILT.with(|built| built.borrow_mut().push(page.number));
    match &page.layout {
        Some(layout) => positioned_items(layout),
        None => text_items(page),
    }
}

#[cfg(test)]
thread_local! {
    /// The page numbers whose items [`page_items`] built on this thread, in order (tests
    /// count them: every page's cell model is built at most once per document).
    pub(crate) static MODELS_BUILT: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The pages of one document as annex items, each page's items built the first time a
/// reader asks for them and shared by every reader after (別紙1's notes, 別紙2, 別紙3
/// read overlapping runs of pages: a heading's page is also the end of the annex before).
pub struct AnnexPages<'a> {
    doc: &'a Doc,
    items: Vec<OnceCell<Vec<Item>>>,
}

impl<'a> AnnexPages<'a> {
    /// No page is read yet.
    pub fn new(doc: &'a Doc) -> AnnexPages<'a> {
        AnnexPages { doc, items: doc.pages.iter().map(|_| OnceCell::new()).collect() }
    }

    /// The document.
    pub fn doc(&self) -> &'a Doc {
        self.doc
    }

    /// The items of the page at `index` (built on the first call).
    fn page(&self, index: usize) -> &[Item] {
        match (self.items.get(index), self.doc.pages.get(index)) {
            (Some(cell), Some(page)) => cell.get_or_init(|| page_items(page)),
            _ => &[],
        }
    }

    /// Marks the document's lines inside the item as read (`text::coverage`): a reader
    /// marks every item it used, a row or a free line.
    pub fn mark(&self, item: &Item) {
        if let Some(index) = self.page_index(item.page()) {
            let (top, bottom) = item.band();
            self.doc.marks.mark_band(index, top, bottom);
        }
    }

    /// A reader recognized the start of a part (an annex table) at `item`.
    pub fn start_part(&self, item: &Item, kind: PartKind, label: &str) {
        if let Some(index) = self.page_index(item.page()) {
            let (top, bottom) = item.band();
            if let Some(id) = self.doc.marks.first_in_band(index, top, bottom) {
                self.doc.marks.start_part(id, kind, label);
            }
        }
    }

    /// [`AnnexPages::start_part`] unless a reader recognized a part there already.
    pub fn start_part_if_none(&self, item: &Item, kind: PartKind, label: &str) {
        if let Some(index) = self.page_index(item.page()) {
            let (top, bottom) = item.band();
            if let Some(id) = self.doc.marks.first_in_band(index, top, bottom) {
                self.doc.marks.start_part_if_none(id, kind, label);
            }
        }
    }

    /// True when the item holds a content line of the document (not a running header,
    /// footer or page number, which the document set apart as furniture).
    pub fn is_content(&self, item: &Item) -> bool {
        let (top, bottom) = item.band();
        self.page_index(item.page())
            .is_some_and(|index| self.doc.marks.first_in_band(index, top, bottom).is_some())
    }

    fn page_index(&self, number: u32) -> Option<usize> {
        self.doc.pages.iter().position(|p| p.number == number)
    }

    /// The items from the first line for which `starts` holds up to (not including) the
    /// first later line for which `ends` holds; the page of the start is searched from
    /// its first item. A line is a free line or a row's one filled cell.
    pub fn between(&self, starts: impl Fn(&str) -> bool, ends: impl Fn(&str) -> bool) -> Vec<Item> {
        let mut out = Vec::new();
        let mut inside = false;
        for (index, page) in self.doc.pages.iter().enumerate() {
            if !inside && !page.lines.iter().any(|l| starts(l)) {
                continue;
            }
            for item in self.page(index) {
                let single;
                let text = match item {
                    Item::Line { text, .. } => Some(text.as_str()),
                    Item::Row(row) => {
                        single = row.single_text();
                        single.as_deref()
                    }
                };
                if let Some(text) = text {
                    if !inside && starts(text) {
                        inside = true;
                    } else if inside && ends(text) {
                        return out;
                    }
                }
                if inside {
                    out.push(item.clone());
                }
            }
        }
        out
    }
}

/// False for a PDF page whose tables cannot be read as cells: without vertical ruling
/// lines, a cell's extent is unknown (a wrapped label and its text run together). Text
/// inputs always have cells (tabs).
pub fn has_cells(page: &DocPage) -> bool {
    page.layout.as_ref().is_none_or(|layout| layout.rules.iter().any(|r| r.is_vertical()))
}

/// Text input: a line with a tab is a row of tab-separated cells.
fn text_items(page: &DocPage) -> Vec<Item> {
    page.lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            if line.contains('\t') {
                let cells = line
                    .split('\t')
                    .enumerate()
                    .map(|(k, field)| {
                        let text = field.trim();
                        Cell::new(
                            if text.is_empty() { Vec::new() } else { vec![text.to_string()] },
                            k as f64,
                            k as f64 + 0.99,
                        )
                    })
                    .collect();
                Item::Row(Row { page: page.number, cells, top: i as f64, bottom: i as f64 + 1.0 })
            } else {
                Item::Line {
                    page: page.number,
                    text: line.clone(),
                    top: i as f64,
                    bottom: i as f64 + 1.0,
                    placed: None,
                }
            }
        })
        .collect()
}

/// A cell's ruling lines: left, top, right, bottom.
type CellBox = (f64, f64, f64, f64);

/// A page's ruling lines for finding cells: the vertical ones by x, the horizontal ones
/// by y (rules at a NaN position enclose nothing and are left out).
struct RulesByPosition<'a> {
    vertical: Vec<&'a Rule>,
    horizontal: Vec<&'a Rule>,
}

impl<'a> RulesByPosition<'a> {
    fn new(rules: &'a [Rule]) -> Self {
        let mut vertical: Vec<&Rule> =
            rules.iter().filter(|r| r.is_vertical() && !r.x0.is_nan()).collect();
        let mut horizontal: Vec<&Rule> =
            rules.iter().filter(|r| r.is_horizontal() && !r.y0.is_nan()).collect();
        vertical.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        horizontal.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        RulesByPosition { vertical, horizontal }
    }

    /// The cell box (left, top, right, bottom) enclosing a point, from the nearest ruling
    /// line on each side that passes the point: walking out from the point through the
    /// rules sorted by position, the first one that passes is the nearest.
    fn enclosing_box(&self, x: f64, y: f64) -> Option<CellBox> {
        const SLACK: f64 = 0.5;
        let passes_y = |r: &&&Rule| r.y0.min(r.y1) - SLACK <= y && r.y0.max(r.y1) + SLACK >= y;
        let passes_x = |r: &&&Rule| r.x0.min(r.x1) - SLACK <= x && r.x0.max(r.x1) + SLACK >= x;
        let (vertical, horizontal) = (&self.vertical, &self.horizontal);
        let left = vertical[..vertical.partition_point(|r| r.x0 <= x)]
            .iter()
            .rev()
            .find(passes_y)
            .map(|r| r.x0);
        let right =
            vertical[vertical.partition_point(|r| r.x0 < x)..].iter().find(passes_y).map(|r| r.x0);
        let top = horizontal[..horizontal.partition_point(|r| r.y0 <= y)]
            .iter()
            .rev()
            .find(passes_x)
            .map(|r| r.y0);
        let bottom = horizontal[horizontal.partition_point(|r| r.y0 < y)..]
            .iter()
            .find(passes_x)
            .map(|r| r.y0);
        match (left, top, right, bottom) {
            (Some(l), Some(t), Some(r), Some(b))
                if l.is_finite() && t.is_finite() && r.is_finite() && b.is_finite() =>
            {
                Some((l, t, r, b))
            }
            _ => None,
        }
    }
}

/// Lines of a cell or page with wraps inside a word undone: a line that reaches the
/// right edge of the text (within half an em of `right_edge`, by default the longest
/// line's end; for a cell, its right rule less the padding seen on its left) was broken by the width,
/// not at a word boundary, so the next line continues it directly (`3` / `0億円`,
/// `SB` / `IR` in a narrow cell). Lines are (text, right edge, font size).
pub fn unwrap_full_lines(lines: Vec<(String, f64, f64)>, right_edge: Option<f64>) -> Vec<String> {
    unwrap_full_lines_counted(lines, right_edge).into_iter().map(|(text, _)| text).collect()
}

/// [`unwrap_full_lines`], each line with the number of input lines it was joined from
/// (for readers that mark the lines they used, `text::coverage`).
pub fn unwrap_full_lines_counted(
    lines: Vec<(String, f64, f64)>,
    right_edge: Option<f64>,
) -> Vec<(String, usize)> {
    let right =
        right_edge.unwrap_or_else(|| lines.iter().map(|l| l.1).fold(f64::NEG_INFINITY, f64::max));
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut previous_full = false;
    for (text, x1, size) in lines {
        let before = out.last().and_then(|l| l.0.chars().last());
        let after = text.chars().next();
        // `…Paris` / `Region…`: a lower-case letter before an upper-case one is a word
        // boundary even at the edge (a camel-case word is not split there by producers).
        let word_boundary = before.is_some_and(|c| c.is_ascii_lowercase())
            && after.is_some_and(|c| c.is_ascii_uppercase());
        let continues = previous_full
            && !word_boundary
            && before.is_some_and(|c| c.is_ascii_alphanumeric())
            && after.is_some_and(|c| c.is_ascii_alphanumeric());
        previous_full = x1 >= right - 0.5 * size.max(1.0);
        match out.last_mut() {
            Some(last) if continues => {
                last.0.push_str(&text);
                last.1 += 1;
            }
            _ => out.push((text, 1)),
        }
    }
    out
}

/// A text line of glyphs: its baseline, text, right edge, font size and words.
struct GlyphLine {
    baseline: f64,
    text: String,
    right: f64,
    size: f64,
    placed: Line,
}

/// Glyphs grouped into text lines (by baseline), each line's text with a space where
/// the gap is wider than a third of an em; with the line's right edge, font size and
/// words (split where the text has a space, each word normalized).
fn glyph_lines(mut glyphs: Vec<&Glyph>) -> Vec<GlyphLine> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for glyph in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - glyph.y).abs() <= 0.35 * glyph.size.max(1.0) => {
                row.push(glyph)
            }
            _ => rows.push(vec![glyph]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            // Words split as every text line's are (`text::lines`); the line's text is
            // its words with one space between them.
            let mut words = words_of(&row);
            let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
            let right = words.iter().map(|w| w.x1).reduce(f64::max);
            let size = row.iter().map(|g| g.size).fold(0.0, f64::max);
            for word in &mut words {
                word.text = normalize(&word.text).trim().to_string();
            }
            words.retain(|w| !w.text.is_empty());
            GlyphLine {
                baseline: row[0].y,
                text: normalize(&text).trim().to_string(),
                right: right.unwrap_or(0.0),
                size,
                placed: Line { words, baseline: row[0].y, size },
            }
        })
        .filter(|line| !line.text.is_empty())
        .collect()
}

/// PDF page: cells from the ruling lines, rows from the cells' top rules, free lines
/// from the glyphs outside every cell.
fn positioned_items(stored: &Page) -> Vec<Item> {
    let page = upright(stored);
    let rules = RulesByPosition::new(&page.rules);
    let mut boxes: Vec<(CellBox, Vec<&Glyph>)> = Vec::new();
    // A box seen before, by its exact position: the first box within half a point of a
    // new box is that box itself (a box is only added when none was that close).
    let mut seen: HashMap<[u64; 4], usize> = HashMap::new();
    let mut last: Option<([u64; 4], usize)> = None;
    let mut free: Vec<&Glyph> = Vec::new();
    for glyph in page.glyphs.iter().filter(|g| !g.text.is_empty()) {
        // The glyph's left part decides: a glyph that overflows its cell's right rule
        // (a font drawn wider than the producer measured it) still starts inside.
        let (cx, cy) = (glyph.x + glyph.width * 0.2, glyph.y - glyph.size * 0.35);
        let Some(b) = rules.enclosing_box(cx, cy) else {
            free.push(glyph);
            continue;
        };
        let key = [b.0.to_bits(), b.1.to_bits(), b.2.to_bits(), b.3.to_bits()];
        // Glyphs come cell after cell: most stand in the box of the glyph before.
        let index = match last {
            Some((last_key, i)) if last_key == key => i,
            _ => match seen.get(&key) {
                Some(&i) => i,
                None => {
                    let i = boxes
                        .iter()
                        .position(|(k, _)| {
                            (k.0 - b.0).abs() < 0.5
                                && (k.1 - b.1).abs() < 0.5
                                && (k.2 - b.2).abs() < 0.5
                                && (k.3 - b.3).abs() < 0.5
                        })
                        .unwrap_or_else(|| {
                            boxes.push((b, Vec::new()));
                            boxes.len() - 1
                        });
                    seen.insert(key, i);
                    i
                }
            },
        };
        last = Some((key, index));
        boxes[index].1.push(glyph);
    }
    let mut items: Vec<(f64, Item)> = glyph_lines(free)
        .into_iter()
        .map(|line| {
            let (y, half) = (line.baseline, 0.35 * line.size.max(1.0));
            let item = Item::Line {
                page: page.number,
                text: line.text,
                top: y - half,
                bottom: y + half,
                placed: Some(line.placed),
            };
            (y, item)
        })
        .collect();
    boxes.sort_by(|a, b| a.0 .1.total_cmp(&b.0 .1).then(a.0 .0.total_cmp(&b.0 .0)));
    let mut rows: Vec<Row> = Vec::new();
    for ((left, top, right, bottom), glyphs) in boxes {
        let padding = glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min) - left;
        let (lines, placed): (Vec<(String, f64, f64)>, Vec<Line>) = glyph_lines(glyphs)
            .into_iter()
            .map(|line| ((line.text, line.right, line.size), line.placed))
            .unzip();
        let cell = Cell::new(unwrap_full_lines(lines, Some(right - padding.max(0.0))), left, right)
            .with_placed(placed);
        if cell.is_empty() {
            continue;
        }
        match rows.iter_mut().find(|r| (r.top - top).abs() < 1.0) {
            Some(row) => {
                row.bottom = row.bottom.max(bottom);
                row.cells.push(cell);
            }
            None => rows.push(Row { page: page.number, cells: vec![cell], top, bottom }),
        }
    }
    for mut row in rows {
        row.cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        items.push((row.top + 0.01, Item::Row(row)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    items.into_iter().map(|(_, item)| item).collect()
}

/// The items of the pages from the first line for which `starts` holds up to (not
/// including) the first later line for which `ends` holds (see [`AnnexPages::between`];
/// a reader of one document that reads several annexes shares one [`AnnexPages`]).
pub fn items_between(
    doc: &Doc,
    starts: impl Fn(&str) -> bool,
    ends: impl Fn(&str) -> bool,
) -> Vec<Item> {
    AnnexPages::new(doc).between(starts, ends)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::text_at;

    #[test]
    fn every_pattern_compiles() {
        assert!(!LazyLock::force(&MARKUP_TAG).as_str().is_empty());
    }

    #[test]
    fn markup_is_removed_but_japanese_in_angle_brackets_stays() {
        assert_eq!(
            join_wrapped(&[
                "<ul style=\"list-style-type: none\"> 健康関連産業の創出。 </ul>".into()
            ]),
            "健康関連産業の創出。"
        );
        assert_eq!(
            join_wrapped(&["<進捗度が80%以上のため、記載省略>".into()]),
            "<進捗度が80%以上のため、記載省略>"
        );
        assert_eq!(strip_markup("<input type=\"checkbox\"/>効果"), "□効果");
        assert_eq!(strip_markup("<input type=\"checkbox\" checked>効果"), "☑効果");
    }

    #[test]
    fn wrapped_lines_join_without_a_trace_between_japanese_and_with_a_space_between_latin() {
        assert_eq!(join_wrapped(&["京浜臨".into(), "海部".into()]), "京浜臨海部");
        assert_eq!(
            join_wrapped(&["Taiga".into(), "Biotechnologies".into()]),
            "Taiga Biotechnologies"
        );
        assert_eq!(
            join_wrapped(&["アクセス数約17,0".into(), "00回".into()]),
            "アクセス数約17,000回"
        );
    }

    #[test]
    fn a_line_broken_by_the_width_inside_a_word_is_continued_directly() {
        let lines =
            vec![("大企業3".to_string(), 300.0, 9.0), ("0億円以上".to_string(), 150.0, 9.0)];
        assert_eq!(unwrap_full_lines(lines, None), vec!["大企業30億円以上".to_string()]);
        let lines = vec![
            ("フランスMedicen".to_string(), 200.0, 9.0),
            ("Paris Region".to_string(), 300.0, 9.0),
        ];
        assert_eq!(
            unwrap_full_lines(lines, None).len(),
            2,
            "a short line ended at a word boundary"
        );
        let lines = vec![
            ("フランスMedicen Paris".to_string(), 200.0, 9.0),
            ("Region".to_string(), 100.0, 9.0),
        ];
        assert_eq!(
            unwrap_full_lines(lines, Some(230.0)).len(),
            2,
            "the longest line of a cell need not reach its edge"
        );
        let lines = vec![
            ("フランスMedicen Paris".to_string(), 200.0, 9.0),
            ("Region".to_string(), 100.0, 9.0),
        ];
        assert_eq!(
            unwrap_full_lines(lines, Some(200.0)).len(),
            2,
            "a lower-case letter before an upper-case one is a word boundary"
        );
    }

    #[test]
    fn text_rows_are_tab_separated_cells() {
        let doc = Doc::from_text("見出し\n産業集積奨励奨励金\t概要\t全て\t実績\t神奈川県\n");
        let items = page_items(&doc.pages[0]);
        assert!(matches!(&items[0], Item::Line { text, .. } if text == "見出し"));
        let Item::Row(row) = &items[1] else { panic!("{items:?}") };
        assert_eq!(row.cells.len(), 5);
        assert_eq!(row.cells[4].text(), "神奈川県");
        assert_eq!(row.cell_under(&row.cells[2].clone()).as_deref(), Some("全て"));
    }

    #[test]
    fn pdf_cells_come_from_the_ruling_lines_and_wrapped_lines_stay_in_their_cell() {
        // Two columns 0-100 and 100-300; the second cell wraps over two lines.
        let mut page = Page { number: 3, width: 600.0, height: 800.0, ..Page::default() };
        text_at(&mut page, "表の前", 0.0, 10.0);
        text_at(&mut page, "事業名", 5.0, 40.0);
        text_at(&mut page, "長い概要の", 105.0, 40.0);
        text_at(&mut page, "続き", 105.0, 52.0);
        for x in [0.0, 100.0, 300.0] {
            page.rules.push(Rule { x0: x, y0: 25.0, x1: x, y1: 60.0 });
        }
        for y in [25.0, 60.0] {
            page.rules.push(Rule { x0: 0.0, y0: y, x1: 300.0, y1: y });
        }
        let items = positioned_items(&page);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], Item::Line { text, page: 3, .. } if text == "表の前"));
        let Item::Row(row) = &items[1] else { panic!() };
        assert_eq!(row.cells.len(), 2);
        assert_eq!(row.cells[1].lines, vec!["長い概要の".to_string(), "続き".to_string()]);
        assert_eq!(row.cells[1].text(), "長い概要の続き");
    }
}
