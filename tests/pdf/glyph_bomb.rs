//! Glyph bombs: small PDFs whose content inflates to more than 200 MB of text-showing
//! operators. Each is answered with `limit_exceeded` naming the glyph or operator bound
//! within 10 s of CPU time and under 512 MiB of peak memory, both in-process (`tokku
//! extract`) and in a worker (`tokku batch --isolate`). Time and peak are what the kernel
//! reports to `wait4` for the process and the workers it waited for (CPU time, not wall
//! time: the test machine is shared, and a timed test must not fail because it is busy).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const PEAK_LIMIT_KIB: i64 = 512 * 1024;

/// A one-page PDF (Helvetica as /F1) with `content` as its page content, deflated, and
/// `forms` as form XObjects /X0, /X1 … (their content deflated too).
fn pdf_with_content(content: &mut dyn FnMut(&mut dyn Write), forms: &[&[u8]]) -> Vec<u8> {
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    content(&mut deflate);
    let packed = deflate.finish().expect("deflate");
    let xobjects: String = (0..forms.len()).map(|i| format!("/X{i} {} 0 R ", 6 + i)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << {xobjects}>> >> >>").into_bytes(),
    ];
    let mut stream =
        format!("<< /Filter /FlateDecode /Length {} >>\nstream\n", packed.len()).into_bytes();
    stream.extend(&packed);
    stream.extend(b"\nendstream");
    objects.push(stream);
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    for form in forms {
        let mut stream = format!("<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Length {} >>\nstream\n", form.len()).into_bytes();
        stream.extend(*form);
        stream.extend(b"\nendstream");
        objects.push(stream);
    }
    let mut pdf = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Root 1 0 R /Size {} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// `count` repetitions of `line` inside one text object: `line.len() * count` bytes.
fn text_bomb(line: &[u8], count: usize) -> Vec<u8> {
    pdf_with_content(
        &mut |out| {
            out.write_all(b"BT /F1 12 Tf 72 700 Td\n").expect("write");
            let block = line.repeat(4096);
            for _ in 0..count / 4096 {
                out.write_all(&block).expect("write");
            }
            out.write_all(b"ET\n").expect("write");
        },
        &[],
    )
}

/// Runs tokku, returning its exit status, stdout, peak resident memory in KiB and CPU
/// seconds (of itself and every process it waited for).
fn run_measured(args: &[&str]) -> (i32, String, i64, f64) {
    #[allow(
        clippy::zombie_processes,
        reason = "reaped below by wait4, which also gives its rusage"
    )]
    let child = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("tokku starts");
    let pid = child.id() as libc::pid_t;
    let mut stdout = String::new();
    let mut pipe = child.stdout.expect("stdout");
    std::io::Read::read_to_string(&mut pipe, &mut stdout).expect("stdout");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child spawned above, which nothing else waits for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (code, stdout, usage.ru_maxrss, seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

fn check_answer(what: &str, record: &Value, bound: &str, peak_kib: i64, seconds: f64) {
    eprintln!(
        "{what}: {seconds:.1} s of CPU, peak {} MiB: {}",
        peak_kib / 1024,
        record["error"]["message"]
    );
    assert_eq!(record["error"]["code"], "limit_exceeded", "{what}: {record}");
    let message = record["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(&format!("limit {bound} exceeded")),
        "{what}: answered by the {bound} bound: {message}"
    );
    assert!(seconds < 10.0, "{what}: {seconds:.1} s of CPU");
    assert!(peak_kib < PEAK_LIMIT_KIB, "{what}: peak memory {} MiB", peak_kib / 1024);
}

fn in_process_and_isolated(name: &str, pdf: &[u8], bound: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(name);
    std::fs::write(&file, pdf).expect("bomb");
    let file = file.display().to_string();
    let mut args = vec!["extract"];
    args.extend(extra);
    args.push(&file);
    let (code, stdout, peak, seconds) = run_measured(&args);
    assert_eq!(code, 1, "{name}: extract exits 1");
    let record: Value = serde_json::from_str(stdout.trim()).expect("one record");
    check_answer(&format!("{name} in-process"), &record, bound, peak, seconds);

    let out = dir.path().join("out");
    let out_arg = out.display().to_string();
    let mut args = vec!["batch", "--isolate", "--jobs", "1", "--out", &out_arg];
    args.extend(extra);
    args.push(&file);
    let (code, _, peak, seconds) = run_measured(&args);
    assert_eq!(code, 1, "{name}: batch exits 1");
    let records = std::fs::read_to_string(Path::new(&out).join("records.ndjson")).expect("records");
    let record: Value = serde_json::from_str(records.trim()).expect("one record");
    check_answer(&format!("{name} isolated"), &record, bound, peak, seconds);
}

#[test]
fn a_page_of_200_mb_of_short_show_text_operators_is_refused_by_the_operator_bound() {
    // 26 million `(ab) Tj`: 208 MB of content (inside the 256 MiB decompression budget).
    let pdf = text_bomb(b"(ab) Tj\n", 26 << 20);
    assert!(pdf.len() < 4 << 20, "a small file: {} bytes", pdf.len());
    in_process_and_isolated("short_strings.pdf", &pdf, "operators", &[]);
}

#[test]
fn a_page_of_200_mb_of_long_shown_strings_is_refused_by_the_glyph_budget() {
    // 500,000 shows of 400 letters: 203 MB of content and 200 million glyphs, with few
    // operators: the strings alone pass the glyph budget.
    let line = [b"(".as_slice(), &[b'a'; 400], b") Tj\n"].concat();
    let pdf = text_bomb(&line, 500_000);
    assert!(pdf.len() < 4 << 20, "a small file: {} bytes", pdf.len());
    in_process_and_isolated("long_strings.pdf", &pdf, "glyphs", &[]);
}

#[test]
fn a_form_drawn_a_thousand_times_is_stopped_by_the_glyph_budget_while_drawing() {
    // Each drawing of the form shows 1,000 glyphs: nothing is large, but the page draws a
    // million glyphs; the collector stops at the budget.
    let form = [b"BT /F1 12 Tf 72 700 Td (".as_slice(), &[b'a'; 1000], b") Tj ET"].concat();
    let pdf = pdf_with_content(
        &mut |out| out.write_all(&b"q /X0 Do Q\n".repeat(1000)).expect("write"),
        &[&form],
    );
    in_process_and_isolated("form_fanout.pdf", &pdf, "glyphs", &["--max-glyphs", "100000"]);
}
