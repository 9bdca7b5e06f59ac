//! Fuzz target: text normalization and the Japanese parse functions (和暦 dates and
//! fiscal years, quantities, percentages) on arbitrary UTF-8. A panic, a normalization
//! that is not idempotent, or a non-finite quantity is a finding.
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
        if let Ok(Some(quantity)) = jp::parse_quantity(t) {
            assert!(quantity.value.is_finite(), "infinite quantity from {t:?}");
        }
        let _ = jp::parse_percent(t);
    }
});
