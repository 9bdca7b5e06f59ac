//! Lines and words: groups a page's glyphs into text lines (by baseline) and words (by
//! horizontal gaps), and renders a page as plain text in reading order, with a tab where
//! a gap is as wide as a table-cell gap. Pages whose text runs up or down the page (a
//! landscape page stored as a portrait MediaBox with /Rotate and rotated content) are
//! first turned upright.

use std::borrow::Cow;

use crate::pdf::layout::{Glyph, Page, Rule};

/// A run of glyphs on one baseline with no gap wider than the word gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// Top of the word's em box (baseline minus size).
    pub top: f64,
    pub baseline: f64,
    pub size: f64,
}

impl Word {
    /// Horizontal centre.
    pub fn center(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// A text line: words on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub words: Vec<Word>,
    pub baseline: f64,
    pub size: f64,
}

impl Line {
    /// Left edge of the first word.
    pub fn x0(&self) -> f64 {
        self.words.first().map(|w| w.x0).unwrap_or(0.0)
    }

    /// The line's text: words joined by a space, or a tab where the gap is wide.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, word) in self.words.iter().enumerate() {
            if i > 0 {
                let gap = word.x0 - self.words[i - 1].x1;
                out.push(if gap > CELL_GAP_EMS * self.size { '\t' } else { ' ' });
            }
            out.push_str(&word.text);
        }
        out
    }
}

/// A gap wider than this many ems starts a new word.
const WORD_GAP_EMS: f64 = 0.3;
/// A gap wider than this many ems reads as a table-cell boundary (a tab in text).
const CELL_GAP_EMS: f64 = 1.5;
/// Glyphs whose baselines differ by less than this many ems share a line.
const SAME_LINE_EMS: f64 = 0.35;

/// How the text of a page runs, judged from consecutive glyphs in drawing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextDirection {
    /// Left to right (an ordinary page).
    Across,
    /// Bottom to top: the page is shown turned 90° clockwise (/Rotate 90).
    Up,
    /// Top to bottom: the page is shown turned 90° anticlockwise (/Rotate 270).
    Down,
}

/// The direction most of the page's text runs in. Two glyphs drawn one after the other
/// on one baseline advance along x; on a rotated page they advance along y instead.
pub fn text_direction(page: &Page) -> TextDirection {
    let (mut across, mut up, mut down) = (0usize, 0usize, 0usize);
    for pair in page.glyphs.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let size = a.size.max(1.0);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let step = a.width.max(0.2 * size);
        if dy.abs() < 0.2 * size && dx > 0.0 && dx < 2.0 * step + 0.5 * size {
            across += 1;
        } else if dx.abs() < 0.2 * size && dy < 0.0 && -dy < 2.0 * step + 0.5 * size {
            up += 1;
        } else if dx.abs() < 0.2 * size && dy > 0.0 && dy < 2.0 * step + 0.5 * size {
            down += 1;
        }
    }
    if up >= 5 && up > 2 * across && up > down {
        TextDirection::Up
    } else if down >= 5 && down > 2 * across && down > up {
        TextDirection::Down
    } else {
        TextDirection::Across
    }
}

/// The page as a reader sees it: a page whose text runs up or down is turned so that it
/// runs across (glyphs and ruling lines in the turned page's coordinates, width and
/// height swapped); an ordinary page is returned as it is.
pub fn upright(page: &Page) -> Cow<'_, Page> {
    let (width, height) = (page.width, page.height);
    // New (x, y) of a point, top-left origin both before and after.
    let turn: fn(f64, f64, f64, f64) -> (f64, f64) = match text_direction(page) {
        TextDirection::Across => return Cow::Borrowed(page),
        // Shown turned clockwise: the page's bottom edge is the left edge.
        TextDirection::Up => |x, y, _w, h| (h - y, x),
        // Shown turned anticlockwise: the page's top edge is the left edge.
        TextDirection::Down => |x, y, w, _h| (y, w - x),
    };
    let glyphs = page
        .glyphs
        .iter()
        .map(|g| {
            let (x, y) = turn(g.x, g.y, width, height);
            Glyph { x, y, ..g.clone() }
        })
        .collect();
    let rules = page
        .rules
        .iter()
        .map(|r| {
            let (ax, ay) = turn(r.x0, r.y0, width, height);
            let (bx, by) = turn(r.x1, r.y1, width, height);
            Rule { x0: ax.min(bx), y0: ay.min(by), x1: ax.max(bx), y1: ay.max(by) }
        })
        .collect();
    Cow::Owned(Page {
        number: page.number,
        width: height,
        height: width,
        glyphs,
        rules,
        undecodable_glyphs: page.undecodable_glyphs,
    })
}

/// Groups glyphs into lines sorted top to bottom, each split into words (after turning
/// a rotated page upright).
pub fn lines_of(page: &Page) -> Vec<Line> {
    let page = upright(page);
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().filter(|g| !g.text.is_empty()).collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Rows are runs of the sorted glyphs: each row's start, end and the running sum of
    // its baselines (added in the same order as `row_baseline` adds them, so the mean is
    // the same number without summing again).
    let empty_sum: f64 = std::iter::empty::<f64>().sum();
    let mut rows: Vec<(usize, usize, f64)> = Vec::new();
    for (i, glyph) in glyphs.iter().enumerate() {
        let tolerance = SAME_LINE_EMS * glyph.size.max(1.0);
        match rows.last_mut() {
            Some((start, end, sum))
                if (*sum / (*end - *start) as f64 - glyph.y).abs() <= tolerance =>
            {
                *end = i + 1;
                *sum += glyph.y;
            }
            _ => rows.push((i, i + 1, empty_sum + glyph.y)),
        }
    }
    rows.into_iter()
        .filter_map(|(start, end, _)| {
            let row = &mut glyphs[start..end];
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let baseline = row_baseline(row);
            let size = row.iter().map(|g| g.size).fold(0.0, f64::max);
            let words = words_of(row);
            (!words.is_empty()).then_some(Line { words, baseline, size })
        })
        .collect()
}

fn row_baseline(row: &[&Glyph]) -> f64 {
    row.iter().map(|g| g.y).sum::<f64>() / row.len().max(1) as f64
}

/// Splits a row into words: at a space glyph the PDF drew, and at a gap wider than
/// [`WORD_GAP_EMS`] (many producers draw no space glyph and just move the pen).
pub(crate) fn words_of(row: &[&Glyph]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut after_space = false;
    for glyph in row {
        if glyph.text.trim().is_empty() {
            after_space = true;
            continue;
        }
        let size = glyph.size.max(1.0);
        match words.last_mut() {
            Some(word) if !after_space && glyph.x - word.x1 <= WORD_GAP_EMS * size => {
                word.text.push_str(&glyph.text);
                word.x1 = word.x1.max(glyph.right());
                word.size = word.size.max(glyph.size);
            }
            _ => words.push(Word {
                text: glyph.text.to_string(),
                x0: glyph.x,
                x1: glyph.right(),
                top: glyph.y - glyph.size,
                baseline: glyph.y,
                size: glyph.size,
            }),
        }
        after_space = false;
    }
    words
}

/// The page as text, one line per text line (not yet normalized).
pub fn page_text(page: &Page) -> String {
    let mut out = String::new();
    for line in lines_of(page) {
        out.push_str(&line.text());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64) -> Glyph {
        Glyph { text: text.into(), x, y, width: 10.0, size: 10.0 }
    }

    #[test]
    fn glyphs_drawn_out_of_order_become_lines_and_words() {
        let page = Page {
            glyphs: vec![
                glyph("下", 0.0, 40.0),
                glyph("目", 0.0, 20.0),
                glyph("標", 10.0, 20.1),
                glyph("1", 100.0, 19.9),
                glyph("件", 110.0, 20.0),
                glyph("ア", 12.0, 20.0 + 0.0),
            ],
            ..Page::default()
        };
        let lines = lines_of(&page);
        assert_eq!(lines.len(), 2);
        // "ア" overlaps "標" but sorts by x; the 78pt gap is a cell gap.
        assert_eq!(lines[0].text(), "目標ア\t1件");
        assert_eq!(lines[1].text(), "下");
    }

    #[test]
    fn a_drawn_space_separates_words_even_when_narrow() {
        let mut glyphs = vec![glyph("1", 0.0, 20.0), glyph("2", 10.0, 20.0)];
        glyphs.push(Glyph { text: " ".into(), x: 20.0, y: 20.0, width: 2.0, size: 10.0 });
        glyphs.push(glyph("3", 22.0, 20.0));
        let page = Page { glyphs, ..Page::default() };
        let lines = lines_of(&page);
        assert_eq!(lines[0].text(), "12 3");
    }

    /// "目標値" drawn rotated for a page shown turned 90° clockwise: the glyphs advance
    /// up the stored page (decreasing y) at one x.
    #[test]
    fn text_drawn_up_the_page_is_turned_upright() {
        let height = 842.0;
        let up = |text: &str, x: f64, from_y: f64| -> Vec<Glyph> {
            text.chars()
                .enumerate()
                .map(|(i, c)| glyph(&c.to_string(), x, from_y - 10.0 * i as f64))
                .collect()
        };
        let mut glyphs = up("目標値ですよね", 100.0, 800.0);
        glyphs.extend(up("実績値", 130.0, 800.0));
        let page = Page {
            width: 595.0,
            height,
            glyphs,
            rules: vec![Rule { x0: 90.0, y0: 700.0, x1: 90.0, y1: 820.0 }],
            ..Page::default()
        };
        assert_eq!(text_direction(&page), TextDirection::Up);
        let turned = upright(&page);
        assert_eq!((turned.width, turned.height), (842.0, 595.0));
        // The first glyph, at the stored page's bottom-left area, is now at the top left.
        assert_eq!((turned.glyphs[0].x, turned.glyphs[0].y), (42.0, 100.0));
        // A vertical stored rule becomes horizontal.
        assert!(turned.rules[0].is_horizontal(), "{:?}", turned.rules[0]);
        let lines = lines_of(&page);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "目標値ですよね");
        assert_eq!(lines[1].text(), "実績値");
    }
}
