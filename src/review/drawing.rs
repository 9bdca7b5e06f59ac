//! A drawing of one PDF page's text layer as tokku read it, no PDF renderer needed:
//! every word at its position (stretched to its measured width), the ruling lines, the
//! 別紙1 table grid tokku found (dashed), and a box for every value read from the page
//! whose `id` the value's link targets, so the linked cell lights up (CSS `:target`).
//! Coordinates are those of the upright page (`text::lines::upright`), in points.

use maud::{html, Markup};

use crate::lang::Lang;
use crate::report::annex1::{BoxOnPage, CellBox};
use crate::text::document::DocPage;
use crate::text::lines::{lines_of, upright};

use super::labels::label;

/// A value's box to draw on its page, with the id its link targets.
pub struct ValueBox<'a> {
    pub id: String,
    pub pointer: &'a str,
    pub highlight: BoxOnPage,
    pub is_cell: bool,
}

/// The `id` of a page drawing's section.
pub fn page_anchor(page: u32) -> String {
    format!("page-{page}")
}

/// The drawing of a page, or nothing for a page without layout (text input).
pub fn page_drawing(
    page: &DocPage,
    grid: &[CellBox],
    values: &[ValueBox],
    lang: Lang,
) -> Option<Markup> {
    let layout = page.layout.as_ref()?;
    let upright = upright(layout);
    let lines = lines_of(layout);
    Some(html! {
        section.drawing id=(page_anchor(page.number)) data-page=(page.number) {
            h3 { "p." (page.number) (label(lang, "text_layer")) " " span.muted { (label(lang, "text_layer_note")) } }
            svg viewBox=(format!("0 0 {} {}", fmt(upright.width), fmt(upright.height))) role="img" aria-label=(format!("p.{}{}", page.number, label(lang, "text_layer"))) {
                rect x="0" y="0" width=(fmt(upright.width)) height=(fmt(upright.height)) fill="#fff" {}
                @for rule in &upright.rules {
                    line.rule x1=(fmt(rule.x0)) y1=(fmt(rule.y0)) x2=(fmt(rule.x1)) y2=(fmt(rule.y1)) {}
                }
                @for cell in grid {
                    rect.grid x=(fmt(cell.cell.x0)) y=(fmt(cell.cell.top)) width=(fmt(cell.cell.x1 - cell.cell.x0)) height=(fmt(cell.cell.bottom - cell.cell.top)) {}
                }
                @for value in values {
                    rect class=(if value.is_cell { "cell" } else { "line" }) id=(value.id) data-pointer=(value.pointer)
                        x=(fmt(value.highlight.x0)) y=(fmt(value.highlight.top))
                        width=(fmt(value.highlight.x1 - value.highlight.x0)) height=(fmt(value.highlight.bottom - value.highlight.top)) {}
                }
                @for line in &lines {
                    @for word in &line.words {
                        text x=(fmt(word.x0)) y=(fmt(word.baseline)) font-size=(fmt(word.size.max(1.0)))
                            textLength=(fmt((word.x1 - word.x0).max(0.5))) lengthAdjust="spacingAndGlyphs" { (word.text) }
                    }
                }
            }
        }
    })
}

fn fmt(value: f64) -> String {
    format!("{value:.1}")
}
