//! The document as the extractor sees it: pages of normalized text lines, with the
//! layout (glyph positions and ruling lines) kept for PDF pages so that tables can be
//! read by position. Text inputs have lines but no layout.

use crate::jp::normalize;
use crate::pdf::layout::Page;
use crate::text::lines::page_text;

/// One page's normalized lines and, for PDFs, its layout.
#[derive(Debug, Clone)]
pub struct DocPage {
    /// 1-based page number (text inputs: pages split at form feeds).
    pub number: u32,
    /// Normalized, non-empty lines in reading order.
    pub lines: Vec<String>,
    /// Glyphs and rules, for PDF pages.
    pub layout: Option<Page>,
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
        let pages = pages
            .into_iter()
            .map(|page| DocPage { number: page.number, lines: normalized_lines(&page_text(&page)), layout: Some(page) })
            .collect();
        Doc { pages, has_layout: true }
    }

    /// A document from decoded text; form feeds separate pages.
    pub fn from_text(text: &str) -> Doc {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let pages = text
            .split('\u{c}')
            .enumerate()
            .map(|(i, page)| DocPage { number: i as u32 + 1, lines: normalized_lines(page), layout: None })
            .collect();
        Doc { pages, has_layout: false }
    }

    /// The normalized text, pages separated by form feeds.
    pub fn text(&self) -> String {
        self.pages.iter().map(|p| p.lines.join("\n")).collect::<Vec<_>>().join("\n\u{c}")
    }

    /// All lines with their page numbers, in order.
    pub fn numbered_lines(&self) -> impl Iterator<Item = (u32, &str)> {
        self.pages.iter().flat_map(|p| p.lines.iter().map(move |l| (p.number, l.as_str())))
    }
}

fn normalized_lines(text: &str) -> Vec<String> {
    normalize(text)
        .lines()
        .map(|l| l.trim_matches(|c: char| c == ' ' || c == '\u{3000}').to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}
