//! Memory at the edges of one document: an isolated worker (`batch --isolate`) runs under
//! an address-space limit and is stopped with `limit_exceeded` (limit `memory`) when a
//! document needs more, while an ordinary report passes under the same limit.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn isolated_batch(input: &str, out: &Path, extra: &[&str]) -> (Option<i32>, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(["batch", input, "--out"])
        .arg(out)
        .args(["--isolate", "--jobs", "1"])
        .args(extra)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("tokku runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "a panic reached stderr: {stderr}");
    let records = std::fs::read_to_string(out.join("records.ndjson"))
        .unwrap_or_else(|e| panic!("records: {e}; stderr: {stderr}"));
    let record =
        serde_json::from_str(records.lines().next().expect("one record")).expect("JSON record");
    (output.status.code(), record, stderr)
}

/// A one-page PDF whose content stream is `megabytes` MiB of spaces (deflated to a few
/// hundred KiB): nothing to draw, but the interpreter holds the decoded content in memory.
pub fn blank_content_bomb(megabytes: usize) -> Vec<u8> {
    use std::io::Write;
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..megabytes {
        deflate.write_all(&spaces).expect("deflate");
    }
    let packed = deflate.finish().expect("deflate");
    let mut pdf = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n"
        .to_vec();
    pdf.extend(
        format!("4 0 obj\n<< /Filter /FlateDecode /Length {} >>\nstream\n", packed.len())
            .as_bytes(),
    );
    pdf.extend(&packed);
    pdf.extend(b"\nendstream\nendobj\n");
    // A cross-reference table with each object's offset.
    let find = |needle: &str| {
        pdf.windows(needle.len()).position(|w| w == needle.as_bytes()).expect("object header")
    };
    let offsets: Vec<usize> = (1..=4).map(|n| find(&format!("{n} 0 obj"))).collect();
    let xref = pdf.len();
    let mut table = String::from("xref\n0 5\n0000000000 65535 f \n");
    for offset in offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!("trailer\n<< /Root 1 0 R /Size 5 >>\nstartxref\n{xref}\n%%EOF\n"));
    pdf.extend(table.as_bytes());
    pdf
}

#[test]
fn an_isolated_worker_on_a_memory_bomb_is_stopped_by_the_memory_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 240 MiB of blank content: inside every budget of a document (nothing is drawn),
    // but more than a worker limited to 600 MiB can hold next to its reserved stack.
    let bomb = dir.path().join("memory_bomb.pdf");
    std::fs::write(&bomb, blank_content_bomb(240)).expect("bomb");
    let limits = ["--max-memory-mb", "600"];
    let (status, record, stderr) =
        isolated_batch(&bomb.display().to_string(), &dir.path().join("bomb"), &limits);
    assert_eq!(status, Some(1), "{stderr}");
    assert_eq!(record["error"]["code"], "limit_exceeded", "{record}");
    let message = record["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("limit memory exceeded") && message.contains("600 MiB"),
        "{message}"
    );

    // The same limit leaves an ordinary report alone.
    let (status, record, stderr) =
        isolated_batch("fixtures/pdf/seed_libreoffice.pdf", &dir.path().join("seed"), &limits);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(record["error"].is_null(), "{record}");
    assert_eq!(record["source"]["pages"], 17);
}
