//! What of a document its readers used: one mark per normalized content line (a line id
//! is the line's page index and its index among the page's lines, or its index in
//! `Doc::numbered_lines` order), set by every reader for the lines it used, and the places
//! where a reader recognized the start of a part of the report (a numbered section, an
//! annex table). The record's `coverage` and the `text_unread` warnings are computed from
//! these marks once every reader has run (`report::coverage`).
//!
//! Readers mark through a shared reference (`&Doc`): a mark is a `Cell<bool>`, so no
//! reader's signature has to carry a mutable document, and marking costs one store.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// The kind of a part of a report, as the record names it (`coverage.parts[].part`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    Header,
    Section,
    Annex1Table,
    Annex2Table,
    Annex3Table,
    Furniture,
}

impl PartKind {
    /// The record's name of the kind.
    pub fn name(self) -> &'static str {
        match self {
            PartKind::Header => "header",
            PartKind::Section => "section",
            PartKind::Annex1Table => "annex1_table",
            PartKind::Annex2Table => "annex2_table",
            PartKind::Annex3Table => "annex3_table",
            PartKind::Furniture => "furniture",
        }
    }

    /// True for the parts whose every line a reader must use (tables and lists): an
    /// unused line there is a `text_unread` warning.
    pub fn is_table(self) -> bool {
        matches!(self, PartKind::Annex1Table | PartKind::Annex2Table | PartKind::Annex3Table)
    }
}

/// The read marks and recognized part starts of one document.
#[derive(Debug, Clone, Default)]
pub struct LineMarks {
    /// Per page (by index), one mark per content line.
    read: Vec<Vec<Cell<bool>>>,
    /// Per page (by index), the vertical position of each content line: a PDF line's
    /// baseline (the page turned upright), a text line's index + 0.5. Readers that work
    /// on positioned cells mark the lines inside a vertical band.
    ys: Vec<Vec<f64>>,
    /// Global index (in `Doc::numbered_lines` order) of each page's first line.
    offsets: Vec<usize>,
    /// Part starts recognized by readers, by global line id (a later start at the same
    /// line replaces an earlier one).
    starts: RefCell<BTreeMap<usize, (PartKind, String)>>,
}

impl LineMarks {
    /// No line read yet; `ys` gives each page's line positions.
    pub fn new(ys: Vec<Vec<f64>>) -> LineMarks {
        let mut offsets = Vec::with_capacity(ys.len());
        let mut total = 0;
        for page in &ys {
            offsets.push(total);
            total += page.len();
        }
        let read = ys.iter().map(|p| vec![Cell::new(false); p.len()]).collect();
        LineMarks { read, ys, offsets, starts: RefCell::new(BTreeMap::new()) }
    }

    /// Marks the line at `line` of the page at index `page` as read.
    pub fn mark(&self, page: usize, line: usize) {
        if let Some(mark) = self.read.get(page).and_then(|p| p.get(line)) {
            mark.set(true);
        }
    }

    /// Marks a line by its global id (its index in `Doc::numbered_lines` order).
    pub fn mark_global(&self, id: usize) {
        if let Some((page, line)) = self.locate(id) {
            self.mark(page, line);
        }
    }

    /// Marks the lines of the page at index `page` whose position lies in `top..=bottom`.
    pub fn mark_band(&self, page: usize, top: f64, bottom: f64) {
        let (Some(ys), Some(read)) = (self.ys.get(page), self.read.get(page)) else { return };
        for (y, mark) in ys.iter().zip(read) {
            if *y >= top && *y <= bottom {
                mark.set(true);
            }
        }
    }

    /// The position of a line (see `ys`).
    pub fn y(&self, page: usize, line: usize) -> Option<f64> {
        self.ys.get(page).and_then(|p| p.get(line)).copied()
    }

    /// True when the line has been read.
    pub fn is_read(&self, page: usize, line: usize) -> bool {
        self.read.get(page).and_then(|p| p.get(line)).is_some_and(Cell::get)
    }

    /// The global id of a line.
    pub fn global(&self, page: usize, line: usize) -> usize {
        self.offsets.get(page).copied().unwrap_or(0) + line
    }

    /// (page index, line index) of a global id.
    pub fn locate(&self, id: usize) -> Option<(usize, usize)> {
        let page = self.offsets.partition_point(|&o| o <= id).checked_sub(1)?;
        let line = id - self.offsets[page];
        (line < self.read[page].len()).then_some((page, line))
    }

    /// The first line of the page at index `page` whose position lies in `top..=bottom`.
    pub fn first_in_band(&self, page: usize, top: f64, bottom: f64) -> Option<usize> {
        let ys = self.ys.get(page)?;
        ys.iter().position(|y| *y >= top && *y <= bottom).map(|line| self.global(page, line))
    }

    /// A reader recognized the start of a part at the line with global id `id`.
    pub fn start_part(&self, id: usize, kind: PartKind, label: &str) {
        self.starts.borrow_mut().insert(id, (kind, label.to_string()));
    }

    /// A part start at `id` unless a reader already recognized one there.
    pub fn start_part_if_none(&self, id: usize, kind: PartKind, label: &str) {
        self.starts.borrow_mut().entry(id).or_insert_with(|| (kind, label.to_string()));
    }

    /// The part starts recognized, in line order.
    pub fn starts(&self) -> Vec<(usize, PartKind, String)> {
        self.starts.borrow().iter().map(|(&id, (k, l))| (id, *k, l.clone())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_marked_by_index_by_global_id_and_by_band() {
        let marks = LineMarks::new(vec![vec![0.5, 1.5], vec![], vec![100.0, 112.0, 124.0]]);
        assert_eq!(marks.locate(2), Some((2, 0)));
        assert_eq!(marks.locate(5), None);
        marks.mark_global(1);
        marks.mark_band(2, 110.0, 125.0);
        assert!(!marks.is_read(0, 0) && marks.is_read(0, 1));
        assert!(!marks.is_read(2, 0) && marks.is_read(2, 1) && marks.is_read(2, 2));
        assert_eq!(marks.first_in_band(2, 101.0, 130.0), Some(3));
    }
}
