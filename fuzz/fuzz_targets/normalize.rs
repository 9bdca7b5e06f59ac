//! Fuzz target: text normalization and the Japanese parse functions (和暦 dates and
//! fiscal years, quantities, percentages) on arbitrary UTF-8. Any panic is a finding;
//! normalization must also be idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokku::jp;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let normalized = jp::normalize(text);
    assert_eq!(jp::normalize(&normalized), normalized, "normalize is not idempotent");
    for t in [text, normalized.as_str()] {
        let _ = jp::parse_date(t);
        let _ = jp::parse_fiscal_year(t);
        if let Some((a, b)) = jp::parse_fiscal_year_range(t) {
            let _ = (a, b);
        }
        if let Ok(Some(q)) = jp::parse_quantity(t) {
            assert!(q.value.is_finite(), "non-finite quantity from {t:?}");
        }
        if let Ok(Some(p)) = jp::parse_percent(t) {
            assert!(p.is_finite(), "non-finite percent from {t:?}");
        }
    }
});
