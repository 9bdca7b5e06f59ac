//! Which strategy the 別紙1 reader picks on each layout variant, and that it says so:
//! ruled grids are read as `lattice`, tables without vertical rules as `stream`, rows are
//! bounded by rules where they are drawn, split tables report both pages, and only the
//! straddling value of `straddle_unruled` is doubted.

use tokku::report::annex1::read_year_tables;
use tokku::Extractor;

/// (variant, strategy, row bounds, pages (first, last) of each table)
const EXPECTED: &[(&str, &str, &str, &[(u32, u32)])] = &[
    ("ruled_wrapped", "lattice", "rules", &[(2, 2), (3, 3)]),
    ("unruled_stream", "stream", "labels", &[(2, 2), (3, 3)]),
    ("split_pages", "lattice", "rules", &[(2, 3), (4, 5)]),
    ("ten_columns", "stream", "rules", &[(2, 2)]),
    ("rotated", "lattice", "rules", &[(2, 2)]),
    ("straddle_unruled", "stream", "labels", &[(2, 2)]),
];

#[test]
fn each_variant_is_read_with_the_strategy_its_layout_calls_for() {
    for producer in ["reportlab", "libreoffice"] {
        for (variant, strategy, rows, pages) in EXPECTED {
            let path = format!("fixtures/layouts/pdf/{variant}_{producer}.pdf");
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let read = Extractor::new()
                .read(&bytes, &path)
                .unwrap_or_else(|e| panic!("{path}: {}", e.message));
            let tables = read_year_tables(&read.doc);
            let found: Vec<(u32, u32)> = tables.iter().map(|t| (t.page, t.last_page)).collect();
            assert_eq!(found, pages.to_vec(), "{path}: table pages");
            for table in &tables {
                assert_eq!(
                    (table.strategy, table.row_bounds),
                    (*strategy, *rows),
                    "{path}: {}",
                    table.label_text
                );
                if *variant == "straddle_unruled" {
                    assert_eq!(table.problems.len(), 1, "{path}: {:?}", table.problems);
                    assert!(
                        table.confidence < 0.9,
                        "{path}: a doubted value lowers the confidence: {}",
                        table.confidence
                    );
                } else {
                    assert!(table.problems.is_empty(), "{path}: {:?}", table.problems);
                    let floor = if *strategy == "lattice" { 1.0 } else { 0.9 };
                    assert!(
                        table.confidence >= floor - 1e-9,
                        "{path}: confidence {}",
                        table.confidence
                    );
                }
            }
        }
    }
}
