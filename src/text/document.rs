//! The document as the extractor sees it: pages of normalized text lines, with the
//! layout (glyph positions and ruling lines) kept for PDF pages so that tables can be
//! read by position. Text inputs have lines but no layout. Page furniture (running
//! headers, footers, page numbers; see `furniture`) is dropped from the lines here, so
//! no reader ever sees it; it is kept apart in `DocPage::furniture`. A PDF page's text
//! lines with their positions (`DocPage::layout_lines`) are grouped once, here, for every
//! reader that needs positions.

use crate::jp::normalize;
use crate::pdf::layout::Page;
use crate::text::coverage::LineMarks;
use crate::text::furniture::{furniture, furniture_in_flow, PageLines};
use crate::text::lines::{lines_of, upright, Line};

/// One page's normalized lines and, for PDFs, its layout.
#[derive(Debug, Clone)]
pub struct DocPage {
    /// 1-based page number (text inputs: pages split at form feeds).
    pub number: u32,
    /// Normalized, non-empty lines in reading order.
    pub lines: Vec<String>,
    /// Glyphs and rules, for PDF pages.
    pub layout: Option<Page>,
    /// The layout's text lines (`text::lines::lines_of`, the page turned upright), built
    /// once when the document is read and shared by the readers that need positions;
    /// empty for text inputs.
    pub layout_lines: Vec<Line>,
    /// Each line as it was before normalization (same index as `lines`): normalization
    /// removes the spaces between Japanese words, and a few readers need them (authors
    /// separated by spaces).
    pub raw_lines: Vec<String>,
    /// The lines dropped as page furniture (running header, footer, page number).
    pub furniture: Vec<String>,
    /// Where each furniture line stood among all the page's lines (same index as
    /// `furniture`), so that `Doc::full_text` can print the page as it was.
    pub furniture_positions: Vec<usize>,
}

/// A whole document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub pages: Vec<DocPage>,
    /// True when the lines came from a PDF's layout (positions available).
    pub has_layout: bool,
    /// Which lines the readers used, and where they recognized the parts of the report
    /// (`text::coverage`).
    pub marks: LineMarks,
}

impl Doc {
    /// A document from PDF pages.
    pub fn from_pdf_pages(pages: Vec<Page>) -> Doc {
        let laid_out: Vec<Vec<Line>> = pages.iter().map(lines_of).collect();
        let read: Vec<(Vec<(String, String)>, Vec<f64>, f64)> = pages
            .iter()
            .zip(&laid_out)
            .map(|(page, layout_lines)| {
                let height = upright(page).height;
                let mut lines = Vec::new();
                let mut baselines = Vec::new();
                for line in layout_lines {
                    let raw = line.text();
                    for text in normalized_lines(&raw) {
                        lines.push((text, raw.clone()));
                        baselines.push(line.baseline);
                    }
                }
                (lines, baselines, height)
            })
            .collect();
        let views: Vec<PageLines> = read
            .iter()
            .map(|(lines, baselines, height)| PageLines {
                lines: lines.iter().map(|(l, _)| l.as_str()).collect(),
                baselines: Some(baselines.clone()),
                height: Some(*height),
            })
            .collect();
        let mask = furniture(&views);
        let (pages, ys): (Vec<DocPage>, Vec<Vec<f64>>) = pages
            .into_iter()
            .zip(laid_out)
            .zip(read)
            .zip(mask)
            .map(|(((page, layout_lines), (lines, baselines, _)), drop)| {
                // Each content line's baseline: a line's position for the readers that
                // mark lines by vertical band.
                let ys: Vec<f64> = baselines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !drop.get(*i).copied().unwrap_or(false))
                    .map(|(_, y)| *y)
                    .collect();
                let (lines, raw_lines, furniture, furniture_positions) =
                    split_furniture(lines, &drop);
                (
                    DocPage {
                        number: page.number,
                        lines,
                        raw_lines,
                        layout: Some(page),
                        layout_lines,
                        furniture,
                        furniture_positions,
                    },
                    ys,
                )
            })
            .unzip();
        let marks = LineMarks::new(ys);
        Doc { pages, has_layout: true, marks }
    }

    /// A document from decoded text; form feeds separate pages.
    pub fn from_text(text: &str) -> Doc {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let read: Vec<Vec<(String, String)>> = text
            .split('\u{c}')
            .map(|page| {
                page.split('\n')
                    .flat_map(|raw| {
                        normalized_lines(raw).into_iter().map(move |l| (l, raw.to_string()))
                    })
                    .collect()
            })
            .collect();
        let views: Vec<PageLines> = read
            .iter()
            .map(|lines| PageLines {
                lines: lines.iter().map(|(l, _)| l.as_str()).collect(),
                ..PageLines::default()
            })
            .collect();
        // Without page breaks (a "copy all" dump), the page-number lines in the flow
        // mark where pages ended; the text stays one page.
        let mask = match views.as_slice() {
            [only] => vec![furniture_in_flow(&only.lines)],
            _ => furniture(&views),
        };
        let pages = read
            .into_iter()
            .zip(mask)
            .enumerate()
            .map(|(i, (lines, drop))| {
                let (lines, raw_lines, furniture, furniture_positions) =
                    split_furniture(lines, &drop);
                DocPage {
                    number: i as u32 + 1,
                    lines,
                    raw_lines,
                    layout: None,
                    layout_lines: Vec::new(),
                    furniture,
                    furniture_positions,
                }
            })
            .collect::<Vec<DocPage>>();
        // A text line's position is its index (+ 0.5): a row of tab-separated cells spans
        // its index to the next (`report::cells`).
        let ys =
            pages.iter().map(|p| (0..p.lines.len()).map(|i| i as f64 + 0.5).collect()).collect();
        let marks = LineMarks::new(ys);
        Doc { pages, has_layout: false, marks }
    }

    /// The normalized text, pages separated by form feeds.
    pub fn text(&self) -> String {
        self.pages.iter().map(|p| p.lines.join("\n")).collect::<Vec<_>>().join("\n\u{c}")
    }

    /// The whole text, page furniture included where it stood (what `tokku text` prints:
    /// the document's text layer, not only what the readers see).
    pub fn full_text(&self) -> String {
        self.pages
            .iter()
            .map(DocPage::full_lines)
            .map(|lines| lines.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\u{c}")
    }

    /// Every line before normalization, in the order of `numbered_lines`.
    pub fn raw_lines(&self) -> impl Iterator<Item = &str> {
        self.pages.iter().flat_map(|p| p.raw_lines.iter().map(String::as_str))
    }

    /// All lines with their page numbers, in order.
    pub fn numbered_lines(&self) -> impl Iterator<Item = (u32, &str)> {
        self.pages.iter().flat_map(|p| p.lines.iter().map(move |l| (p.number, l.as_str())))
    }
}

impl DocPage {
    /// The page's lines with its furniture lines back in their places.
    pub fn full_lines(&self) -> Vec<&str> {
        let mut all = Vec::with_capacity(self.lines.len() + self.furniture.len());
        let mut content = self.lines.iter();
        let mut furniture = self.furniture.iter().zip(&self.furniture_positions).peekable();
        loop {
            if let Some((line, _)) = furniture.next_if(|(_, &at)| at <= all.len()) {
                all.push(line.as_str());
            } else if let Some(line) = content.next() {
                all.push(line.as_str());
            } else if let Some((line, _)) = furniture.next() {
                all.push(line.as_str());
            } else {
                return all;
            }
        }
    }
}

/// The content lines, their raw lines, and the furniture lines with their positions
/// among all the page's lines, split by the furniture mask.
type SplitLines = (Vec<String>, Vec<String>, Vec<String>, Vec<usize>);

/// Splits a page's (normalized, raw) lines into content, its raw lines, and furniture
/// by the furniture mask.
fn split_furniture(lines: Vec<(String, String)>, drop: &[bool]) -> SplitLines {
    let mut content = Vec::with_capacity(lines.len());
    let mut raw_lines = Vec::with_capacity(lines.len());
    let mut furniture = Vec::new();
    let mut positions = Vec::new();
    for (i, (line, raw)) in lines.into_iter().enumerate() {
        if drop.get(i).copied().unwrap_or(false) {
            furniture.push(line);
            positions.push(i);
        } else {
            content.push(line);
            raw_lines.push(raw);
        }
    }
    (content, raw_lines, furniture, positions)
}

fn normalized_lines(text: &str) -> Vec<String> {
    normalize(text)
        .lines()
        .map(|l| l.trim_matches(|c: char| c == ' ' || c == '\u{3000}').to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_text_puts_the_furniture_back_where_it_stood() {
        // A running header on top and `- N -` at the bottom of each of three pages.
        let text = (1..=3)
            .map(|n| format!("令和3年度評価書(長峰特区)\n第{n}章の本文\n第{n}章の続き\n- {n} -"))
            .collect::<Vec<_>>()
            .join("\n\u{c}");
        let doc = Doc::from_text(&text);
        // The readers see no page numbers, and the header only where the document begins.
        assert!(!doc.text().contains("- 2 -"), "{}", doc.text());
        assert_eq!(doc.text().matches("長峰特区").count(), 1, "{}", doc.text());
        // `tokku text` prints every line in its place.
        let full: Vec<Vec<&str>> = doc.pages.iter().map(DocPage::full_lines).collect();
        assert_eq!(full[1], ["令和3年度評価書(長峰特区)", "第2章の本文", "第2章の続き", "- 2 -"]);
        assert_eq!(doc.full_text().matches("長峰特区").count(), 3);
    }
}
