//! Bench: what the font repair (issue 3) adds to extraction, per fixture: the time of
//! lopdf's load, of `repair_fonts`, of pdf-extract's interpretation, and of the whole
//! `Extractor::record`, each the median of several runs (release build). Run by `make bench`.

use std::time::{Duration, Instant};

use pdf_extract::Document;

const RUNS: usize = 5;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    println!(
        "{:<52} {:>8} {:>9} {:>10} {:>9} {:>8}",
        "file (median of 5, ms)", "load", "repair", "interpret", "record", "repair%"
    );
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else {
            eprintln!("repair_cost: cannot read {file}");
            continue;
        };
        let (mut load, mut repair, mut interpret, mut whole) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let start = Instant::now();
            let Ok(mut doc) = Document::load_mem(&bytes) else {
                eprintln!("repair_cost: {file} does not load");
                break;
            };
            load.push(start.elapsed());
            let start = Instant::now();
            let _report = tokku::pdf::fonts::repair_fonts(&mut doc);
            repair.push(start.elapsed());
            let start = Instant::now();
            let mut collector = tokku::pdf::layout::LayoutCollector::default();
            let interpreted =
                tokku::guard::catch_panic(|| pdf_extract::output_doc(&doc, &mut collector));
            interpret.push(start.elapsed());
            if !matches!(interpreted, Ok(Ok(()))) {
                eprintln!("repair_cost: {file} could not be interpreted");
            }
            let start = Instant::now();
            let _record = tokku::Extractor::new().record(&bytes, &file);
            whole.push(start.elapsed());
        }
        if whole.is_empty() {
            continue;
        }
        let (load, repair, interpret, whole) =
            (median(load), median(repair), median(interpret), median(whole));
        println!(
            "{:<52} {:>8.1} {:>9.1} {:>10.1} {:>9.1} {:>7.1}%",
            file,
            ms(load),
            ms(repair),
            ms(interpret),
            ms(whole),
            100.0 * repair.as_secs_f64() / whole.as_secs_f64()
        );
    }
}
