//! The five text rows under each 別紙1 year table (代替指標又は定性的評価の考え方,
//! 目標達成の考え方…, 各年度の目標設定の考え方…, 進捗状況に係る自己評価, 外部要因等特記事項),
//! read per table with the table's 数値目標 label so that the pipeline can give them to
//! the target the table belongs to (the same name matching as the year series).
//!
//! A row is found by the words its label cell starts with; its text is every other
//! non-empty cell right of the label, wrapped lines joined, form markup removed. A table
//! runs from one `■目標に向けた取組の進捗に関する評価` heading to the next, so rows that a
//! page break carried onto the next page stay with their table.

use crate::record::TargetNotes;
use crate::report::annex1::is_annex1_heading;
use crate::report::cells::{has_cells, is_form_note, AnnexPages, Item};
use crate::text::coverage::PartKind;
use crate::text::document::Doc;

/// The notes of one 別紙1 table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableNotes {
    /// Compact text of the table's cells that name a 数値目標 (for matching).
    pub label_text: String,
    pub page: u32,
    pub notes: TargetNotes,
    /// False when the table stands on a PDF page without cells (no vertical rules): its
    /// text rows were not read and `notes` is empty for that reason.
    pub readable: bool,
}

/// Which note a label cell starts, by its first words.
///
/// Examples it was written for (seed 別紙1): `代替指標又は定性的評価の考え方 ※…`,
/// `目標達成の考え方及び目標達成に向けた主な取組、関連事業`,
/// `各年度の目標設定の考え方や数値の根拠等 ※…`, `進捗状況に係る自己評価(進捗が遅れている場合の要因分析)`,
/// `外部要因等特記事項`.
fn note_slot<'a>(notes: &'a mut TargetNotes, label: &str) -> Option<&'a mut Option<String>> {
    let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.starts_with("代替指標") {
        Some(&mut notes.alternative)
    } else if compact.starts_with("目標達成の考え方") {
        Some(&mut notes.approach)
    } else if compact.starts_with("各年度の目標設定") {
        Some(&mut notes.target_rationale)
    } else if compact.starts_with("進捗状況に係る自己評価")
        || compact.starts_with("進捗状況に関する自己評価")
    {
        Some(&mut notes.self_assessment)
    } else if compact.starts_with("外部要因") {
        Some(&mut notes.external_factors)
    } else {
        None
    }
}

/// Reads the text rows of every 別紙1 table.
pub fn read_table_notes(doc: &Doc) -> Vec<TableNotes> {
    read_table_notes_in(&AnnexPages::new(doc))
}

/// [`read_table_notes`] from pages whose items other readers share.
pub fn read_table_notes_in(annex: &AnnexPages) -> Vec<TableNotes> {
    let doc = annex.doc();
    let items = annex.between(is_annex1_heading, |l| l.starts_with('■') && !is_annex1_heading(l));
    let without_cells: Vec<u32> =
        doc.pages.iter().filter(|p| !has_cells(p)).map(|p| p.number).collect();
    let new_table = |page: u32| TableNotes {
        label_text: String::new(),
        page,
        notes: TargetNotes::default(),
        readable: !without_cells.contains(&page),
    };
    let mut tables: Vec<TableNotes> = Vec::new();
    // On a page without cells: whether the free lines have reached the table's text rows
    // (a line starting with a row label such as `代替指標又は定性的評価の考え方`). Lines
    // from there on are the rows' text, which this reader cannot place: they stay unread
    // (`text_unread` on their page) instead of counting as the label they are not.
    let mut in_text_rows = false;
    for item in &items {
        let row = match item {
            Item::Line { text, page, .. } => {
                if is_annex1_heading(text) {
                    annex.mark(item);
                    annex.start_part(item, PartKind::Annex1Table, "");
                    tables.push(new_table(*page));
                    in_text_rows = false;
                } else if is_form_note(text) {
                    annex.mark(item);
                } else if let Some(table) = tables.last_mut() {
                    in_text_rows |= note_slot(&mut TargetNotes::default(), text).is_some();
                    // Free lines of the table's label cells (a PDF without rules) name it too.
                    let label = text.contains("数値目標") || table.label_text.contains("数値目標");
                    if label && !in_text_rows {
                        annex.mark(item);
                        table.label_text.extend(text.chars().filter(|c| !c.is_whitespace()));
                    }
                }
                continue;
            }
            Item::Row(row) => row,
        };
        if row.single_text().is_some_and(|t| is_annex1_heading(&t)) {
            annex.mark(item);
            annex.start_part(item, PartKind::Annex1Table, "");
            tables.push(new_table(row.page));
            in_text_rows = false;
            continue;
        }
        let Some(table) = tables.last_mut() else { continue };
        let filled = row.filled();
        let label_at =
            filled.iter().position(|c| note_slot(&mut TargetNotes::default(), &c.text()).is_some());
        match label_at {
            Some(i) => {
                annex.mark(item);
                let label = filled[i].text();
                let text: Vec<String> =
                    filled[i + 1..].iter().map(|c| c.text()).filter(|t| !t.is_empty()).collect();
                if let Some(slot) = note_slot(&mut table.notes, &label) {
                    if !text.is_empty() {
                        let joined = crate::jp::normalize(&text.join(" ")).trim().to_string();
                        *slot = Some(match slot.take() {
                            Some(before) => crate::jp::normalize(&format!("{before} {joined}"))
                                .trim()
                                .to_string(),
                            None => joined,
                        });
                    }
                }
            }
            None => {
                for cell in filled.iter().filter(|c| c.text().contains("数値目標")) {
                    annex.mark(item);
                    table.label_text.extend(cell.text().chars().filter(|c| !c.is_whitespace()));
                }
            }
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rows_of_a_text_table() {
        let doc = Doc::from_text(concat!(
            "■ 目標に向けた取組の進捗に関する評価\n",
            "\t\t当初(平成29年度)\t平成30年度\n",
            "評価指標(3)\t数値目標(3) 国際共同治験件数 280 件 (累計)\t目標値\t48件\t53件\n",
            "\t代替指標又は定性的評価の考え方 ※数値目標の実績に代えて\t\t\t\n",
            "\t目標達成の考え方及び目標達成に向けた主な取組、関連事業\t\t<p>・PMDAによる見解</p> <p>・環境づくり</p>\t\n",
            "\t進捗状況に係る自己評価(進捗が遅れている場合の要因分析)\t\t<進捗度が80%以上のため、記載省略>\t\n",
            "外部要因等特記事項\t\t\t\n",
            "■ 目標に向けた取組の進捗に関する評価\n",
            "評価指標(4)\t数値目標(4) 新規開発件数 8件(累計)\t目標値 1件\t1件\n",
            "■規制の特例措置等を活用した事業の実績及び評価\n",
            "\t目標達成の考え方\t別紙2の中\n",
        ));
        let tables = read_table_notes(&doc);
        assert_eq!(tables.len(), 2);
        assert!(tables[0].label_text.contains("国際共同治験件数"), "{}", tables[0].label_text);
        let notes = &tables[0].notes;
        assert_eq!(notes.alternative, None);
        assert_eq!(notes.approach.as_deref(), Some("・PMDAによる見解・環境づくり"));
        assert_eq!(notes.self_assessment.as_deref(), Some("<進捗度が80%以上のため、記載省略>"));
        assert_eq!(notes.external_factors, None);
        assert_eq!(tables[1].notes, TargetNotes::default());
    }
}
