//! Annex tables drawn without ruling lines (a word-processor layout: no rules at all, or
//! only a frame around the whole table), read by column positions as `annex1::by_position`
//! reads 別紙1: a cell is a box, not a line.
//!
//! - **Bands.** Consecutive text lines of one page whose baselines are at most
//!   [`BAND_PITCH_EMS`] apart form a band: the lines of one table row, whose cells wrap
//!   or stand centred against a taller neighbour (`萩原県木質バイオマス搬出` / the row's other
//!   cells / `支援事業`), or of a header whose cells wrap (`評価対象年度における活用の` /
//!   `有無`). Rows are set apart by their cells' padding, a wider gap.
//! - **Header.** The words of a header band join into header cells where they overlap
//!   horizontally (`関連する数値目` over `標` is one cell `関連する数値目標`); the readers
//!   recognize a header by the words of its cells, as for ruled tables.
//! - **Rows.** Under a header, each word of a band goes to the column whose header starts
//!   at or left of it; a word that runs into the next column means the band is no row of
//!   this table (a title or a paragraph across the page), and it is left a free line.
//!   The row's cells have their header cells' extent, so `Row::cell_under` finds them
//!   (the readers place rows found by position only under a header found by position,
//!   and ruled rows only under a ruled header).
//! - **Guards** (a line no reader can place is never turned into a fact): a band whose
//!   first column ends a line short and starts another (two rows without padding) is no
//!   row, nor is a header band whose first label is followed so by a name; a name that
//!   fills its column with the first column going on in the next band (rows as far apart
//!   as wrapped lines, unless the header shows a wrap inside its band) leaves both bands
//!   unread. Unread lines keep their `text_unread` warning.
//!
//! A row split by a page break, with or without the header repeated, goes on as for
//! ruled tables (the readers join a row without a name that opens a page to the row
//! before). The readers use this only on free lines, and open a table's frame
//! ([`open_frames`]) only when no ruled header was found: tables with rules read as before.

use crate::jp::normalize;
use crate::report::cells::{unwrap_full_lines, AnnexPages, Cell, Item, Row};
use crate::text::lines::{Line, Word};

/// Lines of one band (one row or one header) have baselines at most this many ems
/// apart. Written for: a cell wrapped at 1.0 em (LibreOffice) or 1.42 em (Chromium)
/// line pitch, against rows 1.63 em (LibreOffice: 9 pt type, rows 14.7 pt apart) or
/// 2.0 em (Chromium, ReportLab) apart.
pub const BAND_PITCH_EMS: f64 = 1.5;

/// A word may start this many ems left of its column's header (a header cell and its
/// column's text share their left padding; the slack absorbs rounding).
const COLUMN_SLACK_EMS: f64 = 0.5;

fn placed(item: &Item) -> Option<&Line> {
    match item {
        Item::Line { placed, .. } => placed.as_ref().filter(|l| !l.words.is_empty()),
        Item::Row(_) => None,
    }
}

fn text_of(item: &Item) -> &str {
    match item {
        Item::Line { text, .. } => text,
        Item::Row(_) => "",
    }
}

/// The end (exclusive) of the band that starts at `items[start]`: the following free
/// lines of the same page with positions, each within [`BAND_PITCH_EMS`] of the line
/// before, that are content (not a running header or footer) and not a line the reader
/// recognizes on its own (`stops`: a table title such as `金融支援措置の状況` just below
/// a row must not join that row's name). `start` itself when it is no such line.
pub fn band_end(
    annex: &AnnexPages,
    items: &[Item],
    start: usize,
    stops: impl Fn(&str) -> bool,
) -> usize {
    let Some(first) = items.get(start) else { return start };
    if placed(first).is_none() || !annex.is_content(first) {
        return start;
    }
    let mut end = start + 1;
    while let (Some(previous), Some(next)) = (items.get(end - 1), items.get(end)) {
        let (Some(a), Some(b)) = (placed(previous), placed(next)) else { break };
        let pitch = b.baseline - a.baseline;
        if next.page() != previous.page()
            || pitch > BAND_PITCH_EMS * a.size.max(b.size).max(1.0)
            || !annex.is_content(next)
            || stops(text_of(next))
        {
            break;
        }
        end += 1;
    }
    end
}

/// The row's vertical extent and page from its lines.
fn band_extent(lines: &[Item]) -> Option<(u32, f64, f64)> {
    let first = lines.first()?;
    let top = lines.iter().map(|l| l.band().0).fold(f64::INFINITY, f64::min);
    let bottom = lines.iter().map(|l| l.band().1).fold(f64::NEG_INFINITY, f64::max);
    Some((first.page(), top, bottom))
}

/// A header cell under construction: its lines (one word each) and extent, and whether
/// a word of the line being placed joined it already.
struct Piece {
    lines: Vec<Word>,
    x0: f64,
    x1: f64,
    this_line: bool,
}

/// The header cells of a band (`lines`): each word joins the cell above that it overlaps
/// horizontally, else starts a cell. Example: `関連する数値目` (453–516) over
/// `事業名 … 事業概要 … 実績` (one line) over `標` (453–462) gives the cells `事業名`,
/// `事業概要`, `関連する数値目標`, `実績`. Words of one line never join each other, however
/// close: in a narrow layout two header cells stand less than an em apart (`における活用`
/// 6 pt before `備考(活用状況等)`), and a cell split in two only makes its rows fail to
/// fit (a free line, warned), where two cells joined would put one column's value in
/// another. None when the band has no positions.
pub fn header_row(lines: &[Item]) -> Option<Row> {
    let (page, top, bottom) = band_extent(lines)?;
    let mut cells: Vec<Piece> = Vec::new();
    for line in lines {
        let line = placed(line)?;
        for word in &line.words {
            // A cell above that no word of this line joined yet: two words of one line
            // never share a cell.
            let above =
                cells.iter().position(|c| !c.this_line && c.x0.max(word.x0) < c.x1.min(word.x1));
            match above {
                Some(i) => {
                    let cell = &mut cells[i];
                    cell.lines.push(word.clone());
                    cell.x0 = cell.x0.min(word.x0);
                    cell.x1 = cell.x1.max(word.x1);
                    cell.this_line = true;
                }
                None => cells.push(Piece {
                    lines: vec![word.clone()],
                    x0: word.x0,
                    x1: word.x1,
                    this_line: true,
                }),
            }
        }
        for cell in &mut cells {
            cell.this_line = false;
        }
    }
    cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // The first header cell holds one label: a line of it that ends short, with another
    // below it, is a label and then a row's name (rows drawn without padding, the
    // header and the first row in one band); such a band is no header.
    if let [first, next, ..] = cells.as_slice() {
        let above = first.lines.split_last().map_or(&[][..], |(_, above)| above);
        if above.iter().any(|word| ends_short(next.x0, word)) {
            return None;
        }
    }
    let cells = cells
        .into_iter()
        .map(|p| Cell::new(p.lines.into_iter().map(|w| w.text).collect(), p.x0, p.x1))
        .collect();
    Some(Row { page, cells, top, bottom })
}

/// The column a word stands in: the last header cell that starts at or left of the
/// word (less [`COLUMN_SLACK_EMS`]); None when the word starts left of the first column
/// or runs into the next one (its right edge past the next header's left edge).
fn column_of(header: &Row, word: &Word) -> Option<usize> {
    let slack = COLUMN_SLACK_EMS * word.size.max(1.0);
    let column = header.cells.iter().rposition(|c| c.x0 - slack <= word.x0)?;
    match header.cells.get(column + 1) {
        Some(next) if word.x1 > next.x0 - slack => None,
        _ => Some(column),
    }
}

/// A band (`lines`) as a row of the table under `header`: each word in its column
/// (`column_of`), a column's words of one line joined by a space and its lines kept
/// (the cell joins them, `Cell::text`). None when a word fits no column; when only
/// the first column is filled (a line at the table's left edge and nothing else, a
/// title such as `規制強化` or a paragraph, cannot be told from a row with one cell); or
/// when the first column starts a second entry inside the band (`ends_short`): rows
/// drawn without padding between them fall into one band, and their names must not run
/// together. Such lines are left free lines (unread, warned).
///
/// Example it was written for (m11, LibreOffice): `萩原県木質バイオマス搬出` (43) /
/// `間伐材の搬出経費を…補助する。` (163) `数値目標(1)-①` (453) `搬出量 18,000t` (528)
/// `萩原県` (733) / `支援事業` (43) under `事業名 | 事業概要 | 関連する数値目標 | 実績 |
/// 自治体名` gives `萩原県木質バイオマス搬出支援事業 | … | 萩原県`.
pub fn row_under(header: &Row, lines: &[Item]) -> Option<Row> {
    let (page, top, bottom) = band_extent(lines)?;
    // Each column's lines: text, right edge, font size.
    let mut columns: Vec<Vec<(String, f64, f64)>> = vec![Vec::new(); header.cells.len()];
    // The first column's last line so far ended short of the column's width.
    let mut name_ended = false;
    for line in lines {
        let line = placed(line)?;
        let mut on_line: Vec<Vec<&Word>> = vec![Vec::new(); header.cells.len()];
        for word in &line.words {
            on_line[column_of(header, word)?].push(word);
        }
        if let Some(last) = on_line.first().and_then(|words| words.last()) {
            if name_ended {
                return None;
            }
            name_ended = header.cells.get(1).is_some_and(|next| ends_short(next.x0, last));
        }
        for (column, words) in columns.iter_mut().zip(on_line) {
            if let Some(last) = words.last() {
                let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
                column.push((normalize(&texts.join(" ")), last.x1, last.size));
            }
        }
    }
    let filled = columns.iter().filter(|c| !c.is_empty()).count();
    if filled == 0 || (filled == 1 && columns.first().is_some_and(|c| !c.is_empty())) {
        return None;
    }
    // A line that reaches its column's edge (the next column's left less an em of
    // padding) was wrapped by the width: a Latin word goes on directly (`…事業(SB` / `IR)`,
    // seed 別紙3, as `cells::unwrap_full_lines` does for ruled cells).
    let edges = header.cells.iter().skip(1).map(|next| Some(next.x0)).chain([None]);
    let cells = columns
        .into_iter()
        .zip(&header.cells)
        .zip(edges)
        .map(|((lines, head), edge)| {
            let size = lines.iter().map(|l| l.2).fold(0.0, f64::max).max(1.0);
            Cell::new(unwrap_full_lines(lines, edge.map(|x| x - size)), head.x0, head.x1)
        })
        .collect();
    Some(Row { page, cells, top, bottom })
}

/// A first-column line wrapped by the column's width ends within this many ems of the
/// next column's left edge (the cell's padding on both sides and less than one
/// character: 1.3 em in m11's LibreOffice and Chromium renditions).
const FULL_LINE_EMS: f64 = 3.0;

/// True when the last word of a first-column line ends short of the column's width
/// (the next column starting at `next_column_x0`), so
/// that the cell's text ends there: `支援事業` (43–79, next column at 163) ends
/// `萩原県木質バイオマス搬出支援事業`; `萩原県木質バイオマス搬出` (43–151) was wrapped. A line
/// ending in a Latin letter or digit may have been wrapped before a long word, so it is
/// never taken to end short.
fn ends_short(next_column_x0: f64, last: &Word) -> bool {
    let latin = last.text.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    !latin && last.x1 < next_column_x0 - FULL_LINE_EMS * last.size.max(1.0)
}

/// The items with every row of positioned cells opened into its cells' lines, top to
/// bottom: a box drawn around a whole table (only an outer border) holds the table's
/// title, header and rows as one cell. Rows of text inputs (no positions) stay.
pub fn open_frames(items: &[Item]) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Item::Row(row) = item else {
            out.push(item.clone());
            continue;
        };
        let mut lines: Vec<&Line> = row.cells.iter().flat_map(|c| c.placed()).collect();
        if lines.is_empty() {
            out.push(item.clone());
            continue;
        }
        lines.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
        for line in lines {
            let half = 0.35 * line.size.max(1.0);
            let words: Vec<&str> = line.words.iter().map(|w| w.text.as_str()).collect();
            out.push(Item::Line {
                page: row.page,
                text: normalize(&words.join(" ")).trim().to_string(),
                top: line.baseline - half,
                bottom: line.baseline + half,
                placed: Some(line.clone()),
            });
        }
    }
    out
}

/// Reads bands of free lines as header rows and rows of the last header found; the
/// annex readers keep one per annex.
#[derive(Debug, Default)]
pub struct PositionRows {
    header: Option<Row>,
    /// The band before ended with a name reaching its column's edge, and this page's
    /// next line went on in the first column: its name may go on in the next band.
    name_goes_on: bool,
    /// The header has a cell wrapped inside its band (`関連する数値目` / `標`): this
    /// table's wrapped lines stand closer than its rows, so a band holds whole cells.
    header_wraps_in_band: bool,
}

impl PositionRows {
    /// A ruled header starts a table: bands are no longer rows of the last header.
    pub fn forget_header(&mut self) {
        self.header = None;
    }

    /// At the free line `items[index]`: the band starting there as a header row (when
    /// `is_header` accepts it: the reader's words), else as a row under the last header;
    /// with the index after the band (at least `index + 1`). None when the band is
    /// neither: then all its lines stay free lines, and no part of it is tried again as
    /// a band of its own (a band whose first line runs across the columns must not give
    /// a row of its last lines, the end of a name without its start).
    pub fn read_band(
        &mut self,
        annex: &AnnexPages,
        items: &[Item],
        index: usize,
        stops: impl Fn(&str) -> bool,
        is_header: impl Fn(&Row) -> bool,
    ) -> (Option<Item>, usize) {
        let end = band_end(annex, items, index, &stops);
        let Some(band) = items.get(index..end).filter(|b| !b.is_empty()) else {
            return (None, index + 1);
        };
        if let Some(header) = header_row(band).filter(|h| is_header(h)) {
            self.header_wraps_in_band = header.cells.iter().any(|c| c.lines().len() > 1);
            self.header = Some(header.clone());
            return (Some(Item::Row(header)), end);
        }
        let Some(header) = self.header.as_ref() else { return (None, end) };
        // A name that reaches its column's edge with the first column going on in the
        // next line of the page may go on there (rows whose line pitch is as wide as
        // the gap between rows put a wrapped name's lines in bands of their own): that
        // band and the next are no rows; their lines stay free lines, warned. A line the
        // reader recognizes on its own (a title `金融支援措置の状況` under the last row) is
        // no name going on; and a table whose header wraps a cell inside its band shows
        // that its wraps stay inside a band (m08: `椿山市空き家改修補助金` fills its
        // column on one line, and the next row starts below it).
        let continued = std::mem::take(&mut self.name_goes_on);
        let name_open = !self.header_wraps_in_band
            && first_column_words(header, band)
                .last()
                .zip(header.cells.get(1))
                .is_some_and(|(word, next)| reaches_edge(next.x0, word));
        let next_in_first_column = items.get(end).is_some_and(|next| {
            next.page() == band[0].page()
                && annex.is_content(next)
                && !stops(text_of(next))
                && !first_column_words(header, std::slice::from_ref(next)).is_empty()
        });
        if name_open && next_in_first_column {
            self.name_goes_on = true;
            return (None, end);
        }
        if continued {
            return (None, end);
        }
        (row_under(header, band).map(Item::Row), end)
    }
}

/// The words of a band's lines that stand in the first column, top to bottom.
fn first_column_words<'a>(header: &Row, lines: &'a [Item]) -> Vec<&'a Word> {
    lines
        .iter()
        .filter_map(placed)
        .flat_map(|line| &line.words)
        .filter(|word| column_of(header, word) == Some(0))
        .collect()
}

/// True when a first-column line ending in `word` reaches the column's edge (the next
/// column starting at `next_column_x0`) and does not end a Latin word: the line was
/// wrapped by the width ([`ends_short`] is the converse for all but Latin words).
fn reaches_edge(next_column_x0: f64, word: &Word) -> bool {
    let latin = word.text.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    !latin && !ends_short(next_column_x0, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, baseline: f64) -> Word {
        // 9 pt type: a full-width character 9 pt wide, an ASCII one 4.5 pt.
        let width: f64 = text.chars().map(|c| if c.is_ascii() { 4.5 } else { 9.0 }).sum();
        let x1 = x0 + width;
        Word { text: text.into(), x0, x1, top: baseline - 9.0, baseline, size: 9.0 }
    }

    fn line(page: u32, baseline: f64, words: &[(&str, f64)]) -> Item {
        let words: Vec<Word> = words.iter().map(|(t, x)| word(t, *x, baseline)).collect();
        let text = words.iter().map(|w| w.text.clone()).collect::<Vec<_>>().join(" ");
        Item::Line {
            page,
            text,
            top: baseline - 3.15,
            bottom: baseline + 3.15,
            placed: Some(Line { words, baseline, size: 9.0 }),
        }
    }

    /// The header of m11's 別紙3 tables as LibreOffice draws it: `関連する数値目` / `標`
    /// wrapped, the other cells centred on the middle line.
    fn annex3_header() -> Vec<Item> {
        vec![
            line(9, 99.0, &[("関連する数値目", 453.0)]),
            line(
                9,
                103.5,
                &[("事業名", 43.0), ("事業概要", 163.0), ("実績", 528.0), ("自治体名", 733.0)],
            ),
            line(9, 108.0, &[("標", 453.0)]),
        ]
    }

    #[test]
    fn header_cells_join_across_lines_by_position() {
        let header = header_row(&annex3_header()).unwrap();
        let texts: Vec<String> = header.cells.iter().map(|c| c.text()).collect();
        assert_eq!(texts, ["事業名", "事業概要", "関連する数値目標", "実績", "自治体名"]);
        assert_eq!((header.top, header.bottom), (99.0 - 3.15, 108.0 + 3.15));
    }

    #[test]
    fn close_header_cells_of_one_line_stay_apart() {
        // m11 narrowed (ReportLab): `評価対象年度` / `における活用` 6 pt before
        // `備考(活用状況等)` / `の有無`.
        let band = vec![
            line(7, 249.7, &[("評価対象年度", 432.8)]),
            line(7, 262.3, &[("名称", 42.8), ("における活用", 432.8), ("備考", 492.8)]),
            line(7, 274.9, &[("の有無", 432.8)]),
        ];
        let header = header_row(&band).unwrap();
        let texts: Vec<String> = header.cells.iter().map(|c| c.text()).collect();
        assert_eq!(texts, ["名称", "評価対象年度における活用の有無", "備考"]);
    }

    #[test]
    fn words_go_to_their_column_and_a_wrapped_name_joins() {
        let header = header_row(&annex3_header()).unwrap();
        let band = vec![
            line(9, 122.7, &[("萩原県木質バイオマス搬出", 43.0)]),
            line(
                9,
                127.2,
                &[
                    ("間伐材の搬出経費を補助する。", 163.0),
                    ("数値目標(1)-①", 453.0),
                    ("搬出量", 528.0),
                    ("18,000t", 557.6),
                    ("萩原県", 733.0),
                ],
            ),
            line(9, 131.7, &[("支援事業", 43.0)]),
        ];
        let row = row_under(&header, &band).unwrap();
        let texts: Vec<String> = row.cells.iter().map(|c| c.text()).collect();
        assert_eq!(
            texts,
            [
                "萩原県木質バイオマス搬出支援事業",
                "間伐材の搬出経費を補助する。",
                "数値目標(1)-①",
                // The two words of one column join (a space between Japanese and a
                // digit goes in normalization, as for every cell).
                "搬出量18,000t",
                "萩原県"
            ]
        );
        assert_eq!(row.cell_under(&header.cells[4]).as_deref(), Some("萩原県"));
    }

    #[test]
    fn a_word_running_into_the_next_column_or_a_lone_first_column_is_no_row() {
        let header = header_row(&annex3_header()).unwrap();
        // A title across the page (starts left of the table, runs over the columns).
        let title =
            vec![line(9, 150.0, &[("国との協議の結果、全国展開された措置を活用した事業", 40.0)])];
        assert!(row_under(&header, &title).is_none());
        // A line in the first column alone: a title such as `規制強化`.
        let lone = vec![line(9, 150.0, &[("規制強化", 43.0)])];
        assert!(row_under(&header, &lone).is_none());
        // Without the first column (a row continued on the next page): a row.
        let rest = vec![line(10, 60.0, &[("続きの概要", 163.0)])];
        assert!(row_under(&header, &rest).is_some());
    }

    #[test]
    fn a_latin_word_wrapped_at_the_column_edge_joins_directly() {
        // Seed 別紙3 page 14 without rules: `横浜市中小企業新技術・` / `新製品開発促進事業(SB`
        // (ends 145, next column at 153) / `IR)`; a short Latin line keeps its space.
        let header =
            header_row(&[line(14, 100.5, &[("事業名", 43.0), ("事業概要", 153.0)])]).unwrap();
        let band = vec![
            line(14, 492.1, &[("横浜市中小企業新技術・", 43.0)]),
            line(14, 496.6, &[("助成を実施。", 153.0)]),
            // A full-width bracket as the PDF draws it: the line ends at 142.
            line(14, 501.1, &[("新製品開発促進事業（SB", 43.0)]),
            line(14, 510.1, &[("IR)", 43.0)]),
        ];
        let row = row_under(&header, &band).unwrap();
        assert_eq!(row.cells[0].text(), "横浜市中小企業新技術・新製品開発促進事業(SBIR)");
        let short = vec![
            line(14, 492.1, &[("Taiga", 43.0), ("概要", 153.0)]),
            line(14, 501.1, &[("Biotechnologies", 43.0)]),
        ];
        assert_eq!(row_under(&header, &short).unwrap().cells[0].text(), "Taiga Biotechnologies");
    }

    #[test]
    fn two_rows_without_padding_in_one_band_are_not_run_together() {
        // Top-aligned rows at the line pitch (no padding): `東谷町固定資産税の課税免除`
        // ends short, and the next line's first column starts another entry.
        let header = header_row(&annex3_header()).unwrap();
        let band = vec![
            line(
                9,
                122.7,
                &[("東谷町固定資産税", 43.0), ("課税を免除する。", 163.0), ("萩原県", 733.0)],
            ),
            line(
                9,
                131.7,
                &[("萩原市設備補助金", 43.0), ("経費を補助する。", 163.0), ("萩原市", 733.0)],
            ),
        ];
        assert!(row_under(&header, &band).is_none());
        // The header and a first row in one band: `事業名` ends short above a name.
        let mut merged = annex3_header();
        merged.push(line(9, 117.0, &[("東谷町固定資産税", 43.0), ("課税を免除する。", 163.0)]));
        assert!(header_row(&merged).is_none());
        // One entry wrapped by the width: the first line reaches the column's edge.
        let wrapped = vec![
            line(9, 122.7, &[("萩原県木質バイオマス搬出", 43.0), ("補助する。", 163.0)]),
            line(9, 131.7, &[("支援事業", 43.0), ("萩原県", 733.0)]),
        ];
        assert_eq!(
            row_under(&header, &wrapped).unwrap().cells[0].text(),
            "萩原県木質バイオマス搬出支援事業"
        );
    }

    #[test]
    fn frames_open_into_their_lines_in_order() {
        let mut frame = Cell::new(vec!["x".into()], 40.0, 800.0);
        let header = header_row(&annex3_header()).unwrap();
        assert!(frame.placed().is_empty());
        frame = frame
            .with_placed(annex3_header().iter().rev().filter_map(|i| placed(i).cloned()).collect());
        let rows = vec![Item::Row(Row { page: 9, cells: vec![frame], top: 90.0, bottom: 120.0 })];
        let opened = open_frames(&rows);
        assert_eq!(opened.len(), 3);
        assert_eq!(header_row(&opened).unwrap().cells.len(), header.cells.len());
        assert!(matches!(&opened[0], Item::Line { text, .. } if text == "関連する数値目"));
    }
}
