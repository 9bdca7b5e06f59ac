//! The document as the extractor sees it: pages of normalized text lines, with the
//! layout (glyph positions and ruling lines) kept for PDF pages so that tables can be
//! read by position. Text inputs have lines but no layout. Page furniture (running
//! headers, footers, page numbers; see `furniture`) is dropped from the lines here, so
//! no reader ever sees it; it is kept apart in `DocPage::furniture`.

use crate::jp::normalize;
use crate::pdf::layout::Page;
use crate::text::furniture::{furniture, PageLines};
use crate::text::lines::{lines_of, upright};

/// One page's normalized lines and, for PDFs, its layout.
#[derive(Debug, Clone)]
pub struct DocPage {
    /// 1-based page number (text inputs: pages split at form feeds).
    pub number: u32,
    /// Normalized, non-empty lines in reading order.
    pub lines: Vec<String>,
    /// Glyphs and rules, for PDF pages.
    pub layout: Option<Page>,
    /// Each line as it was before normalization (same index as `lines`): normalization
    /// removes the spaces between Japanese words, and a few readers need them (authors
    /// separated by spaces).
    pub raw_lines: Vec<String>,
    /// The lines dropped as page furniture (running header, footer, page number).
    pub furniture: Vec<String>,
}

/// A whole document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub pages: Vec<DocPage>,
    /// True when the lines came from a PDF's layout (positions available).
    pub has_layout: bool,
}

impl Doc {
    /// A document from PDF pages.
    pub fn from_pdf_pages(pages: Vec<Page>) -> Doc {
        let read: Vec<(Vec<(String, String)>, Vec<f64>, f64)> = pages
            .iter()
            .map(|page| {
                let height = upright(page).height;
                let mut lines = Vec::new();
                let mut baselines = Vec::new();
                for line in lines_of(page) {
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
        let pages = pages
            .into_iter()
            .zip(read)
            .zip(mask)
            .map(|((page, (lines, _, _)), drop)| {
                let (lines, raw_lines, furniture) = split_furniture(lines, &drop);
                DocPage { number: page.number, lines, raw_lines, layout: Some(page), furniture }
            })
            .collect();
        Doc { pages, has_layout: true }
    }

    /// A document from decoded text; form feeds separate pages.
    pub fn from_text(text: &str) -> Doc {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let read: Vec<Vec<(String, String)>> = text
            .split('\u{c}')
            .map(|page| {
                page.split('\n')
                    .flat_map(|raw| normalized_lines(raw).into_iter().map(move |l| (l, raw.to_string())))
                    .collect()
            })
            .collect();
        let views: Vec<PageLines> = read
            .iter()
            .map(|lines| PageLines { lines: lines.iter().map(|(l, _)| l.as_str()).collect(), ..PageLines::default() })
            .collect();
        let mask = furniture(&views);
        let pages = read
            .into_iter()
            .zip(mask)
            .enumerate()
            .map(|(i, (lines, drop))| {
                let (lines, raw_lines, furniture) = split_furniture(lines, &drop);
                DocPage { number: i as u32 + 1, lines, raw_lines, layout: None, furniture }
            })
            .collect();
        Doc { pages, has_layout: false }
    }

    /// The normalized text, pages separated by form feeds.
    pub fn text(&self) -> String {
        self.pages.iter().map(|p| p.lines.join("\n")).collect::<Vec<_>>().join("\n\u{c}")
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

/// Splits a page's (normalized, raw) lines into content, its raw lines, and furniture
/// by the furniture mask.
fn split_furniture(lines: Vec<(String, String)>, drop: &[bool]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut content = Vec::with_capacity(lines.len());
    let mut raw_lines = Vec::with_capacity(lines.len());
    let mut furniture = Vec::new();
    for (i, (line, raw)) in lines.into_iter().enumerate() {
        if drop.get(i).copied().unwrap_or(false) {
            furniture.push(line);
        } else {
            content.push(line);
            raw_lines.push(raw);
        }
    }
    (content, raw_lines, furniture)
}

fn normalized_lines(text: &str) -> Vec<String> {
    normalize(text)
        .lines()
        .map(|l| l.trim_matches(|c: char| c == ' ' || c == '\u{3000}').to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}
