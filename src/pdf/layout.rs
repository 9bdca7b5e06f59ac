//! Layout: runs pdf-extract's content-stream interpreter with tokku's own `OutputDev`
//! and keeps what tables need: every glyph with its position, advance and size, and
//! the horizontal and vertical ruling lines drawn on each page. Coordinates are in PDF
//! points with the origin at the top-left of the page (y grows downwards). Memory is
//! bounded by a glyph budget: every glyph drawn and ruling line kept counts against it,
//! and past it the collector stops the interpreter; a finished page's lists are trimmed
//! to their length.

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// A glyph's text, kept compactly (a `CompactString`): up to 24 bytes (any one
/// character, and the short ligatures and sequences fonts map a glyph to) sit inside the
/// value itself, with no allocation of its own; longer text goes to the heap. As large as
/// a `String`, minus the `String`'s separate allocation for every glyph of a document.
/// Reading the text back does not validate it again: the text stages read every glyph's
/// text many times, and checking inline bytes as UTF-8 on each read was 3% of the CPU
/// of a document (issue 16).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct GlyphText(compact_str::CompactString);

impl GlyphText {
    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// True when the text is held inside the value (no allocation of its own).
    pub fn is_inline(&self) -> bool {
        !self.0.is_heap_allocated()
    }
}

impl From<&str> for GlyphText {
    fn from(text: &str) -> Self {
        GlyphText(compact_str::CompactString::new(text))
    }
}

impl From<String> for GlyphText {
    fn from(text: String) -> Self {
        GlyphText::from(text.as_str())
    }
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for GlyphText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for GlyphText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// One glyph as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The decoded text (usually one character; empty when the font gave none).
    pub text: GlyphText,
    /// Left edge of the glyph's advance box.
    pub x: f64,
    /// Baseline, measured from the top of the page.
    pub y: f64,
    /// Advance width in points.
    pub width: f64,
    /// Effective font size in points.
    pub size: f64,
}

impl Glyph {
    /// Right edge of the advance box.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }
}

/// A straight ruling line, axis-aligned, in page coordinates (top-left origin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    /// True for a horizontal line (y0 == y1 within tolerance).
    pub fn is_horizontal(&self) -> bool {
        (self.y0 - self.y1).abs() < 0.5
    }
    /// True for a vertical line.
    pub fn is_vertical(&self) -> bool {
        (self.x0 - self.x1).abs() < 0.5
    }
}

/// One page: its size, glyphs in drawing order, ruling lines, and how many glyphs had
/// no Unicode text.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub undecodable_glyphs: usize,
}

/// A page the interpreter could not read (its content does not parse, or interpreting
/// it failed): the glyphs drawn before the failure are kept in its [`Page`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadablePage {
    pub number: u32,
    pub reason: String,
}

/// Operators the interpreter skipped on one page (wrong operands, missing resources),
/// with the first reason.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedOperators {
    pub page: u32,
    pub count: usize,
    pub first: String,
}

/// Collects pages from pdf-extract's callbacks.
#[derive(Default)]
pub struct LayoutCollector {
    pub pages: Vec<Page>,
    pub unreadable: Vec<UnreadablePage>,
    pub skipped: Vec<SkippedOperators>,
    current: Option<Page>,
    top: f64,
    left: f64,
    /// Glyphs and ruling lines this collector may take (None: no budget).
    budget: Option<u64>,
    /// Glyphs drawn (decodable or not) and ruling lines kept so far.
    drawn: u64,
    over_budget: bool,
}

impl LayoutCollector {
    /// A collector that stops the interpreter once more than `max` glyphs and ruling
    /// lines were drawn (see [`LayoutCollector::over_budget`]).
    pub fn with_budget(max: u64) -> Self {
        LayoutCollector { budget: Some(max), ..LayoutCollector::default() }
    }

    /// True once the budget was passed (the interpreter was stopped there).
    pub fn over_budget(&self) -> bool {
        self.over_budget
    }

    /// Err once the budget is spent (after a path whose lines passed it).
    fn budget_left(&self) -> Result<(), OutputError> {
        if self.over_budget {
            return Err(OutputError::PdfError(pdf_extract::Error::Unimplemented(
                "stopped at the glyph budget",
            )));
        }
        Ok(())
    }

    /// Counts one glyph or ruling line against the budget.
    fn spend(&mut self) -> Result<(), OutputError> {
        self.drawn += 1;
        if self.budget.is_some_and(|max| self.drawn > max) {
            self.over_budget = true;
            return Err(OutputError::PdfError(pdf_extract::Error::Unimplemented(
                "stopped at the glyph budget",
            )));
        }
        Ok(())
    }

    /// Page coordinates (top-left origin) of a point in PDF user space under `ctm`.
    fn to_page(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = ctm.m11 * x + ctm.m21 * y + ctm.m31;
        let py = ctm.m12 * x + ctm.m22 * y + ctm.m32;
        (px - self.left, self.top - py)
    }

    fn add_segment(&mut self, a: (f64, f64), b: (f64, f64)) {
        let rule = Rule { x0: a.0.min(b.0), y0: a.1.min(b.1), x1: a.0.max(b.0), y1: a.1.max(b.1) };
        if !(rule.is_horizontal() || rule.is_vertical()) {
            return;
        }
        if self.current.is_some() && !self.over_budget && self.spend().is_ok() {
            if let Some(page) = self.current.as_mut() {
                page.rules.push(rule);
            }
        }
    }

    /// Turns a path into ruling lines: its straight axis-aligned segments, and for
    /// rectangles either their edges or, for a thin filled rectangle, its centre line.
    fn add_path(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let mut start: Option<(f64, f64)> = None;
        let mut last: Option<(f64, f64)> = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    start = Some(p);
                    last = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    if let Some(from) = last {
                        self.add_segment(from, p);
                    }
                    last = Some(p);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => last = Some(self.to_page(ctm, x, y)),
                PathOp::Rect(x, y, w, h) => {
                    let a = self.to_page(ctm, x, y);
                    let c = self.to_page(ctm, x + w, y + h);
                    let (x0, x1) = (a.0.min(c.0), a.0.max(c.0));
                    let (y0, y1) = (a.1.min(c.1), a.1.max(c.1));
                    let thin = 2.0;
                    if filled && (x1 - x0) <= thin && (y1 - y0) > thin {
                        let xm = (x0 + x1) / 2.0;
                        self.add_segment((xm, y0), (xm, y1));
                    } else if filled && (y1 - y0) <= thin && (x1 - x0) > thin {
                        let ym = (y0 + y1) / 2.0;
                        self.add_segment((x0, ym), (x1, ym));
                    } else if !filled {
                        self.add_segment((x0, y0), (x1, y0));
                        self.add_segment((x0, y1), (x1, y1));
                        self.add_segment((x0, y0), (x0, y1));
                        self.add_segment((x1, y0), (x1, y1));
                    }
                    start = Some((x0, y0));
                    last = start;
                }
                PathOp::Close => {
                    if let (Some(from), Some(to)) = (last, start) {
                        if !filled {
                            self.add_segment(from, to);
                        }
                    }
                    last = start;
                }
            }
        }
    }
}

/// Joins ruling lines that continue each other (producers often draw one border per
/// cell), so that a column border reads as one line from the table's top to its bottom.
pub fn merge_collinear(rules: Vec<Rule>) -> Vec<Rule> {
    const SAME: f64 = 0.5;
    const TOUCH: f64 = 1.5;
    let (mut vertical, mut horizontal): (Vec<Rule>, Vec<Rule>) =
        rules.into_iter().partition(|r| r.is_vertical() && !r.is_horizontal());
    vertical.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.y0.total_cmp(&b.y0)));
    horizontal.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let mut merged: Vec<Rule> = Vec::new();
    for rule in vertical {
        match merged.last_mut() {
            Some(last)
                if last.is_vertical()
                    && (last.x0 - rule.x0).abs() <= SAME
                    && rule.y0 <= last.y1 + TOUCH =>
            {
                last.y1 = last.y1.max(rule.y1);
            }
            _ => merged.push(rule),
        }
    }
    let vertical_count = merged.len();
    for rule in horizontal {
        match merged[vertical_count..].last_mut() {
            Some(last) if (last.y0 - rule.y0).abs() <= SAME && rule.x0 <= last.x1 + TOUCH => {
                last.x1 = last.x1.max(rule.x1);
            }
            _ => merged.push(rule),
        }
    }
    merged
}

/// For tests of the readers: lays out `text` on `page` as glyphs of 10pt, each 10pt wide,
/// starting at `x` on `baseline`.
#[cfg(test)]
pub(crate) fn text_at(page: &mut Page, text: &str, x: f64, baseline: f64) {
    for (i, ch) in text.chars().enumerate() {
        page.glyphs.push(Glyph {
            text: ch.to_string().into(),
            x: x + 10.0 * i as f64,
            y: baseline,
            width: 10.0,
            size: 10.0,
        });
    }
}

/// For tests of the readers of tables without ruling lines: lays out `text` on `page` as
/// a word processor sets it in 9pt type (full-width characters 9pt wide, ASCII 4.5pt),
/// starting at `x` on `baseline`.
#[cfg(test)]
pub(crate) fn nine_point_text_at(page: &mut Page, text: &str, x: f64, baseline: f64) {
    let mut x = x;
    for ch in text.chars() {
        let width = if ch.is_ascii() { 4.5 } else { 9.0 };
        page.glyphs.push(Glyph { text: ch.to_string().into(), x, y: baseline, width, size: 9.0 });
        x += width;
    }
}

/// For tests of the readers of tables without ruling lines: a landscape A4 page (842 ×
/// 595pt) numbered `number`, its text given as rows of 9pt type ([`nine_point_text_at`]):
/// each row its baseline and its pieces of text with their left edges.
#[cfg(test)]
pub(crate) fn nine_point_page(number: u32, rows: &[(f64, &[(&str, f64)])]) -> Page {
    let mut page = Page { number, width: 842.0, height: 595.0, ..Page::default() };
    for (baseline, pieces) in rows {
        for (text, x) in *pieces {
            nine_point_text_at(&mut page, text, *x, *baseline);
        }
    }
    page
}

impl OutputDev for LayoutCollector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.top = media_box.ury;
        self.left = media_box.llx;
        self.current = Some(Page {
            number: page_num,
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        if let Some(mut page) = self.current.take() {
            page.rules = merge_collinear(std::mem::take(&mut page.rules));
            page.rules.shrink_to_fit();
            page.glyphs.shrink_to_fit();
            self.pages.push(page);
        }
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
        self.spend()?;
        // The effective size: the font size scaled by the text matrix and CTM, as the
        // side of the square with the area of the transformed em box.
        let sx = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let sy = (trm.m21 * trm.m21 + trm.m22 * trm.m22).sqrt();
        let size = font_size * (sx * sy).sqrt();
        let x = trm.m31 - self.left;
        let y = self.top - trm.m32;
        let glyph =
            Glyph { text: GlyphText::from(char), x, y, width: width * font_size * sx, size };
        if let Some(page) = self.current.as_mut() {
            if glyph.text.is_empty() || glyph.text.contains('\u{fffd}') {
                page.undecodable_glyphs += 1;
            } else {
                page.glyphs.push(glyph);
            }
        }
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

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, false);
        self.budget_left()
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, true);
        self.budget_left()
    }

    fn operator_skipped(
        &mut self,
        page_num: u32,
        operator: &str,
        reason: &str,
    ) -> Result<(), OutputError> {
        match self.skipped.last_mut() {
            Some(s) if s.page == page_num => s.count += 1,
            _ => self.skipped.push(SkippedOperators {
                page: page_num,
                count: 1,
                first: format!("{operator}: {reason}"),
            }),
        }
        Ok(())
    }

    fn page_unreadable(&mut self, page_num: u32, reason: &str) -> Result<(), OutputError> {
        // The interpreter ends a page it began before reporting it; a page it never
        // began gets an empty page so that page numbers stay in step.
        if !self.pages.iter().any(|p| p.number == page_num) {
            self.pages.push(Page { number: page_num, ..Page::default() });
        }
        self.unreadable.push(UnreadablePage { number: page_num, reason: reason.to_string() });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_borders_drawn_piecewise_become_one_line() {
        let rules = vec![
            Rule { x0: 100.0, y0: 10.0, x1: 100.0, y1: 30.0 },
            Rule { x0: 100.2, y0: 30.0, x1: 100.2, y1: 50.0 },
            Rule { x0: 200.0, y0: 10.0, x1: 200.0, y1: 30.0 },
            Rule { x0: 10.0, y0: 30.0, x1: 100.0, y1: 30.0 },
            Rule { x0: 100.0, y0: 30.0, x1: 200.0, y1: 30.0 },
            Rule { x0: 10.0, y0: 90.0, x1: 50.0, y1: 90.0 },
        ];
        let merged = merge_collinear(rules);
        assert_eq!(merged.len(), 4, "{merged:?}");
        assert!(merged.iter().any(|r| r.is_vertical() && r.y0 == 10.0 && r.y1 == 50.0));
        assert!(merged.iter().any(|r| r.is_horizontal() && r.x0 == 10.0 && r.x1 == 200.0));
    }

    #[test]
    fn glyph_text_is_inline_up_to_24_bytes_and_on_the_heap_beyond() {
        assert_eq!(std::mem::size_of::<GlyphText>(), std::mem::size_of::<String>());
        for text in ["", "字", "ﬁ", "（１）", "目標値と実績値", "abcdefghijklmnopqrstuvwx"]
        {
            let glyph_text = GlyphText::from(text);
            assert_eq!(&*glyph_text, text);
            assert!(glyph_text.is_inline(), "{text}");
        }
        let long = "目標値と実績値と進捗度";
        assert!(!GlyphText::from(long).is_inline());
        assert_eq!(GlyphText::from(long.to_string()).as_str(), long);
        assert_eq!(GlyphText::default(), "");
    }

    #[test]
    fn the_collector_stops_past_its_glyph_budget() {
        let media_box = MediaBox { llx: 0.0, lly: 0.0, urx: 100.0, ury: 100.0 };
        let at = Transform::identity();
        let mut collector = LayoutCollector::with_budget(3);
        collector.begin_page(1, &media_box, None).expect("page");
        for _ in 0..3 {
            collector.output_character(&at, 0.5, 0.0, 10.0, "字").expect("inside the budget");
        }
        assert!(!collector.over_budget());
        assert!(
            collector.output_character(&at, 0.5, 0.0, 10.0, "字").is_err(),
            "the fourth glyph passes the budget"
        );
        assert!(collector.over_budget());
        collector.end_page().expect("page ends");
        assert_eq!(collector.pages[0].glyphs.len(), 3);
        // Without a budget nothing stops.
        let mut unlimited = LayoutCollector::default();
        unlimited.begin_page(1, &media_box, None).expect("page");
        for _ in 0..10 {
            unlimited.output_character(&at, 0.5, 0.0, 10.0, "字").expect("no budget");
        }
    }
}
