//! Fuzz target: arbitrary bytes through the whole document boundary
//! (`tokku::Extractor::record`), under tight limits so that one input cannot stall the
//! fuzzer. Any panic escaping the boundary, abort, hang or leak is a finding.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use tokku::pdf::limits::Limits;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        wall_time: Duration::from_secs(5),
        max_decompressed_bytes: 32 * 1024 * 1024,
        max_pages: 200,
        max_objects: 20_000,
        ..Limits::default()
    };
    let record = tokku::Extractor::new().with_limits(limits).record(data, "fuzz.pdf");
    // The record must serialize; an error record must carry no made-up data.
    let json = serde_json::to_string(&record).expect("a record serializes");
    assert!(json.starts_with('{'));
    if record.error.is_some() {
        assert!(record.report.is_none() && record.indicators.is_empty());
    }
});
