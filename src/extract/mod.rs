//! The document boundary: bytes in, one record out. Runs the stages input → pdf → text →
//! report (with its checks), validates the record against the schema, and turns every
//! failure (including a panic anywhere below) into an error record. [`worker`] runs one
//! document in a child process for isolation.

pub mod worker;

use crate::guard::catch_panic;
use crate::i18n::Msg;
use crate::input::detect::{classify, sha256_hex, InputKind};
use crate::lang::Lang;
use crate::msg;
use crate::pdf::fonts::{FontRepairReport, RepairKind};
use crate::pdf::limits::{Deadline, Limits};
use crate::pdf::read_pdf_limited;
use crate::record::schema;
use crate::record::{ErrorCode, Indicator, Record, ReportHeader, SeriesPoint, Source, Warning};
use crate::report::annex1::{read_year_tables, ProblemKind, YearTable};
use crate::report::annex2_measures::read_regulatory_measures_in;
use crate::report::annex3_local_measures::read_local_measures_in;
use crate::report::cells::AnnexPages;
use crate::report::check::{check_record, PageHints};
use crate::report::coverage::{coverage, mark_year_tables, table_firsts};
use crate::report::indicators::{extract_body, percent_or_warn, quantity_or_warn};
use crate::report::notes::{read_table_notes_in, TableNotes};
use crate::report::section5_support::read_support;
use crate::report::sections::{read_sections, section_with};
use crate::text::document::Doc;

/// Share of undecodable glyphs above which a document is `unreadable_text`.
pub const UNREADABLE_SHARE: f64 = 0.05;

/// A document read into normalized pages, with its source description and the
/// warnings gathered while reading it.
#[derive(Debug)]
pub struct ReadDocument {
    pub doc: Doc,
    pub source: Source,
    pub warnings: Vec<Warning>,
}

/// A failure to read a document: its source (as far as known), code and message.
#[derive(Debug)]
pub struct ReadFailure {
    pub source: Source,
    pub code: ErrorCode,
    /// Rendered in English by `Display`; in another language by [`Msg::render`].
    pub message: Msg,
    pub warnings: Vec<Warning>,
}

/// What to do with a document whose share of undecodable glyphs passes [`UNREADABLE_SHARE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UndecodableText {
    /// An `unreadable_text` failure: values read from such a text are not trusted (records).
    #[default]
    Refuse,
    /// An `unreadable_text` warning and the text that could be decoded (`tokku text`).
    Keep,
}

/// Where one document is read, so that a document that overruns its limits can be stopped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Isolation {
    /// On the caller's thread: panics are caught, the wall time is checked cooperatively.
    #[default]
    InProcess,
    /// On a thread of its own with a large stack, given up at the wall time plus a grace
    /// period (`tokku extract`).
    Watchdog,
    /// In a worker process of the `tokku` binary at `exe` (its hidden `extract-one`
    /// command), under an address-space limit and killed at the wall time (`batch
    /// --isolate`). A worker reads a file: [`Extractor::record_file`] uses it, while
    /// [`Extractor::record`] on bytes in memory runs them under the watchdog.
    WorkerProcess { exe: std::path::PathBuf },
}

/// The library's one entry point: reads documents into normalized text ([`read`]) and
/// turns them into records ([`record`], [`record_file`]), under [`Limits`], with an
/// [`Isolation`] and a policy for undecodable text. Every command of the binary, the
/// worker process and the tests go through it.
///
/// An `Extractor` never panics and always gives one record per input: a failure (an
/// unreadable file, a limit, a panic inside a dependency) is an error record with its
/// code, and every record validates against the schema.
///
/// ```
/// use tokku::Extractor;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let text = std::fs::read("fixtures/text/seed_utf8.txt")?;
/// let record = Extractor::new().record(&text, "seed.txt");
/// assert!(record.error.is_none());
/// let report = record.report.ok_or("no report")?;
/// assert_eq!(report.fiscal_year, Some(2020));
/// # Ok(())
/// # }
/// ```
///
/// [`read`]: Extractor::read
/// [`record`]: Extractor::record
/// [`record_file`]: Extractor::record_file
#[derive(Debug, Clone)]
pub struct Extractor {
    limits: Limits,
    isolation: Isolation,
    undecodable: UndecodableText,
    lang: Lang,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor {
            limits: Limits::default(),
            isolation: Isolation::default(),
            undecodable: UndecodableText::default(),
            lang: Lang::En,
        }
    }
}

impl Extractor {
    /// An extractor with the default limits, reading in-process, refusing text whose
    /// glyphs mostly cannot be decoded, its messages in English.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same extractor under `limits`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same extractor reading with `isolation`.
    pub fn with_isolation(mut self, isolation: Isolation) -> Self {
        self.isolation = isolation;
        self
    }

    /// The same extractor with `policy` for undecodable text.
    pub fn with_undecodable_text(mut self, policy: UndecodableText) -> Self {
        self.undecodable = policy;
        self
    }

    /// The same extractor writing its records' messages (warnings, errors) in `lang`; the
    /// codes, paths and values of a record do not depend on it.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The limits documents are read under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Reads bytes into a normalized document (PDF or text); `file` is the name to report.
    /// Reads in-process whatever the isolation (the document is returned to the caller);
    /// a panic below becomes an `internal` failure.
    pub fn read(&self, bytes: &[u8], file: &str) -> Result<ReadDocument, ReadFailure> {
        let deadline = Deadline::start(self.limits.wall_time);
        catch_panic(|| read_checked(bytes, file, &self.limits, &deadline, self.undecodable))
            .unwrap_or_else(|panic| {
                Err(ReadFailure {
                    source: source_of(bytes, file),
                    code: ErrorCode::Internal,
                    message: internal_message(&panic),
                    warnings: Vec::new(),
                })
            })
    }

    /// Turns one input into one record, with this extractor's isolation (a worker process
    /// needs a file: bytes are read under the watchdog then).
    pub fn record(&self, bytes: &[u8], file: &str) -> Record {
        let mut record = match self.isolation {
            Isolation::InProcess => self.record_in_process(bytes, file),
            Isolation::Watchdog | Isolation::WorkerProcess { .. } => {
                worker::record_watched(self, bytes, file)
            }
        };
        record.localize(self.lang);
        record
    }

    /// Reads the file at `path` and turns it into one record (an unreadable file is an `io`
    /// error record), with what the run measured.
    pub fn record_file(&self, path: &std::path::Path) -> (Record, worker::WorkerStats) {
        if let Isolation::WorkerProcess { exe } = &self.isolation {
            let (mut record, stats) = worker::record_isolated(exe, path, &self.limits, self.lang);
            record.localize(self.lang);
            return (record, stats);
        }
        let start = std::time::Instant::now();
        let file = path.display().to_string();
        let record = match std::fs::read(path) {
            Ok(bytes) => self.record(&bytes, &file),
            Err(e) => {
                let mut record = Record::failed(
                    Source { file: file.clone(), ..Source::default() },
                    ErrorCode::Io,
                    worker::cannot_read(&file, &e),
                    Vec::new(),
                );
                record.localize(self.lang);
                record
            }
        };
        let stats =
            worker::WorkerStats { elapsed: start.elapsed(), peak_rss_kib: worker::peak_rss_kib() };
        (record, stats)
    }

    /// The record of a document already read (by [`Extractor::read`], perhaps edited since),
    /// validated against the schema; a panic below becomes an `internal` error record.
    pub fn record_of(&self, read: ReadDocument) -> Record {
        let source = read.source.clone();
        let mut record = match catch_panic(|| record_from_document(read)) {
            Ok(record) => validated(record),
            Err(panic) => {
                Record::failed(source, ErrorCode::Internal, internal_message(&panic), Vec::new())
            }
        };
        record.localize(self.lang);
        record
    }

    /// [`Extractor::record_of`], with the document as the readers left it: every line
    /// marked when a reader used it (`text::coverage`), for drawing what was not read
    /// (`tokku review`). `None` for the document when a panic stopped the readers.
    pub fn record_and_document(&self, read: ReadDocument) -> (Record, Option<Doc>) {
        let source = read.source.clone();
        let (mut record, doc) = match catch_panic(|| record_and_document(read)) {
            Ok((record, doc)) => (validated(record), Some(doc)),
            Err(panic) => (
                Record::failed(source, ErrorCode::Internal, internal_message(&panic), Vec::new()),
                None,
            ),
        };
        record.localize(self.lang);
        (record, doc)
    }

    /// In-process: read, extract, validate, every panic caught.
    fn record_in_process(&self, bytes: &[u8], file: &str) -> Record {
        let deadline = Deadline::start(self.limits.wall_time);
        let run = || match read_checked(bytes, file, &self.limits, &deadline, self.undecodable) {
            Ok(read) => record_from_document(read),
            Err(f) => Record::failed(f.source, f.code, f.message, f.warnings),
        };
        let record = match catch_panic(run) {
            Ok(record) => record,
            Err(panic) => Record::failed(
                source_of(bytes, file),
                ErrorCode::Internal,
                internal_message(&panic),
                Vec::new(),
            ),
        };
        validated(record)
    }
}

/// The source of an input known only by its bytes and name.
fn source_of(bytes: &[u8], file: &str) -> Source {
    Source { file: file.to_string(), sha256: Some(sha256_hex(bytes)), ..Source::default() }
}

/// The message of an `internal` error record for a panic caught below the boundary.
fn internal_message(panic: &str) -> Msg {
    msg!("error.internal_panic", panic = panic.to_string())
}

/// "pages 2, 5 (of 9)" or "page 3 (of 9)": the pages of `numbers`, for messages.
fn page_list(numbers: &[u32], total: usize) -> Msg {
    let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
    if numbers.len() == 1 {
        msg!("page_list.one", pages = list.join(", "), total = total)
    } else {
        msg!("page_list.many", pages = list.join(", "), total = total)
    }
}

/// The message of a PDF that could not be read: the PDF reader's own words (English)
/// as the detail of a sentence by error code.
fn pdf_failure(code: ErrorCode, detail: String) -> Msg {
    match code {
        ErrorCode::Encrypted => msg!("error.encrypted", detail = detail),
        ErrorCode::Damaged => msg!("error.damaged", detail = detail),
        ErrorCode::LimitExceeded => msg!("error.limit_exceeded", detail = detail),
        ErrorCode::Internal => msg!("error.internal", detail = detail),
        _ => Msg::Plain(detail),
    }
}

/// Reads bytes into a normalized document under `limits` and `deadline` (not guarded:
/// callers catch panics).
fn read_checked(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
    deadline: &Deadline,
    policy: UndecodableText,
) -> Result<ReadDocument, ReadFailure> {
    let mut source =
        Source { file: file.to_string(), sha256: Some(sha256_hex(bytes)), ..Source::default() };
    let fail = |source: Source, code, message: Msg| {
        Err(ReadFailure { source, code, message, warnings: Vec::new() })
    };
    if crate::input::detect::looks_like_html(bytes) {
        return fail(source, ErrorCode::NotPdf, msg!("error.html_page"));
    }
    match classify(bytes) {
        InputKind::Empty => fail(source, ErrorCode::EmptyInput, msg!("error.empty_input")),
        InputKind::Unknown => fail(source, ErrorCode::NotPdf, msg!("error.not_pdf")),
        InputKind::Text { text, encoding } => {
            source.media_type = Some("text/plain".into());
            source.encoding = Some(encoding.to_string());
            Ok(ReadDocument { doc: Doc::from_text(&text), source, warnings: Vec::new() })
        }
        InputKind::Pdf => {
            source.media_type = Some("application/pdf".into());
            let pdf = match read_pdf_limited(bytes, limits, deadline) {
                Ok(pdf) => pdf,
                Err(e) => return fail(source, e.code, pdf_failure(e.code, e.message)),
            };
            source.pages = Some(pdf.pages.len() as u32);
            source.producer = pdf.producer.clone();
            let mut warnings = font_warnings(&pdf.font_repairs);
            if let Some(denied) = &pdf.copy_restricted {
                warnings.insert(
                    0,
                    Warning::new(
                        "copy_restricted",
                        msg!("copy_restricted", denied = denied),
                        None,
                        None,
                    ),
                );
            }
            if !pdf.repairs.is_empty() {
                warnings.insert(
                    0,
                    Warning::new(
                        "pdf_repaired",
                        msg!("pdf_repaired", repairs = pdf.repairs.join("; ")),
                        None,
                        None,
                    ),
                );
            }
            for page in &pdf.unreadable {
                warnings.push(Warning::new(
                    "page_unreadable",
                    msg!("page_unreadable", page = page.number, reason = &page.reason),
                    None,
                    Some(page.number),
                ));
            }
            for skipped in &pdf.skipped {
                warnings.push(Warning::new(
                    "operators_skipped",
                    msg!("operators_skipped", count = skipped.count, first = &skipped.first),
                    None,
                    Some(skipped.page),
                ));
            }
            let decoded: usize = pdf.pages.iter().map(|p| p.glyphs.len()).sum();
            let undecodable: usize = pdf.pages.iter().map(|p| p.undecodable_glyphs).sum();
            if decoded + undecodable == 0 {
                return Err(ReadFailure {
                    source,
                    code: ErrorCode::NoTextLayer,
                    message: msg!("error.no_text_layer"),
                    warnings,
                });
            }
            for &page in &pdf.image_only {
                warnings.push(Warning::new(
                    "page_without_text",
                    msg!("page_without_text"),
                    None,
                    Some(page),
                ));
            }
            for page in pdf.pages.iter().filter(|p| p.undecodable_glyphs > 0) {
                let share = page.undecodable_glyphs as f64
                    / (page.undecodable_glyphs + page.glyphs.len()) as f64;
                warnings.push(Warning::new(
                    "undecodable_glyphs",
                    msg!(
                        "undecodable_glyphs",
                        count = page.undecodable_glyphs,
                        share = format!("{:.1}", share * 100.0)
                    ),
                    None,
                    Some(page.number),
                ));
            }
            let share = undecodable as f64 / (decoded + undecodable) as f64;
            if share > UNREADABLE_SHARE {
                let pages: Vec<u32> = pdf
                    .pages
                    .iter()
                    .filter(|p| p.undecodable_glyphs > 0)
                    .map(|p| p.number)
                    .collect();
                let message = msg!(
                    "unreadable_text",
                    undecodable = undecodable,
                    total = decoded + undecodable,
                    share = format!("{:.1}", share * 100.0),
                    pages = page_list(&pages, pdf.pages.len())
                );
                match policy {
                    UndecodableText::Refuse => {
                        return Err(ReadFailure {
                            source,
                            code: ErrorCode::UnreadableText,
                            message,
                            warnings,
                        });
                    }
                    UndecodableText::Keep => {
                        warnings.push(Warning::new("unreadable_text", message, None, None))
                    }
                }
            }
            Ok(ReadDocument { doc: Doc::from_pdf_pages(pdf.pages), source, warnings })
        }
    }
}

/// Warnings for fonts decoded without their own Unicode mapping (through the
/// Adobe-Japan1 table or a TrueType cmap: standard, but not the document's own word) and
/// for fonts that could not be decoded at all. Decoding a predefined CMap (UniJIS-UCS2-H,
/// 90ms-RKSJ-H, EUC-H …) is exact and says nothing.
fn font_warnings(report: &FontRepairReport) -> Vec<Warning> {
    report
        .fonts
        .iter()
        .filter_map(|font| {
            let name = format!("{} ({} {} R)", font.base_font, font.object.0, font.object.1);
            let unmapped = if font.unmapped_codes > 0 {
                msg!("font_without_tounicode.unmapped", count = font.unmapped_codes)
            } else {
                Msg::Plain(String::new())
            };
            let (code, message) = match &font.kind {
                RepairKind::Aj1ToUnicode => (
                    "font_without_tounicode",
                    msg!("font_without_tounicode.aj1", font = name, unmapped = unmapped),
                ),
                RepairKind::TrueTypeCmap => (
                    "font_without_tounicode",
                    msg!("font_without_tounicode.truetype", font = name, unmapped = unmapped),
                ),
                RepairKind::CollectionToUnicode(c) => (
                    "font_without_tounicode",
                    msg!(
                        "font_without_tounicode.collection",
                        font = name,
                        collection = c.to_string(),
                        unmapped = unmapped
                    ),
                ),
                RepairKind::Unrepairable(reason) => (
                    "font_unreadable",
                    msg!(
                        "font_unreadable",
                        font = name,
                        reason = reason.to_string(),
                        unmapped = unmapped
                    ),
                ),
                // A combining-mark entry dropped shows in the page's `undecodable_glyphs`.
                RepairKind::PredefinedCMap(_)
                | RepairKind::Structure
                | RepairKind::CombiningMarks { .. } => return None,
            };
            Some(Warning::new(code, message, None, None))
        })
        .collect()
}

/// Validates a record; one that fails becomes an error record naming the pointers.
fn validated(record: Record) -> Record {
    let value = match serde_json::to_value(&record) {
        Ok(v) => v,
        Err(e) => {
            return Record::failed(
                record.source,
                ErrorCode::SchemaViolation,
                msg!("error.unserializable", detail = e.to_string()),
                Vec::new(),
            )
        }
    };
    match schema::validate(&value) {
        Ok(()) => record,
        Err(violations) => {
            let list: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            Record::failed(
                record.source,
                ErrorCode::SchemaViolation,
                msg!("error.schema_violation", violations = list.join("; ")),
                Vec::new(),
            )
        }
    }
}

/// Extracts the record of a document already read (the report stage and its checks).
/// Not guarded and not validated: [`Extractor::record_of`] does both.
fn record_from_document(read: ReadDocument) -> Record {
    record_and_document(read).0
}

/// [`record_from_document`], with the document as the readers left it (the lines they
/// used marked, `text::coverage`), for drawing what was not read (`tokku review`).
fn record_and_document(read: ReadDocument) -> (Record, Doc) {
    let ReadDocument { doc, source, mut warnings } = read;
    let body = extract_body(&doc);
    if !body.looks_like_report {
        let failed =
            Record::failed(source, ErrorCode::NotAReport, msg!("error.not_a_report"), warnings);
        return (failed, doc);
    }
    warnings.extend(body.warnings);
    warnings.extend(missing_fields(
        &body.header,
        &body.indicators,
        &body.current_read,
        &body.qualitative,
    ));
    let qualitative = body.qualitative;
    let mut header = body.header;
    warnings.extend(crate::report::zone::fill_official_name(&mut header));
    let mut hints = PageHints {
        indicators: body.indicator_pages,
        body: body.target_pages,
        tables: Vec::new(),
        table_goals: Vec::new(),
    };
    let mut record = Record::of_report(source, Some(header), body.indicators, warnings);
    let tables = read_year_tables(&doc);
    mark_year_tables(&doc, &tables);
    let firsts = table_firsts(&tables);
    if !doc.has_layout && !tables.is_empty() {
        record.warnings.push(Warning::new(
            "columns_by_cell_order",
            msg!("columns_by_cell_order"),
            None,
            None,
        ));
    }
    attach_series(&mut record, tables, &mut hints, &qualitative);
    check_record(&mut record, &hints);
    attach_rest_of_report(&mut record, &doc);
    let (coverage, warnings) = coverage(&doc, &firsts);
    record.coverage = Some(coverage);
    record.warnings.extend(warnings);
    (record, doc)
}

/// The contract's additions: the body's sections, section 4 and 別紙2, section 5, 別紙3
/// and each target's 別紙1 text rows; then the relation check of every 関連する数値目標.
/// The three annex readers share one cell model of each page.
fn attach_rest_of_report(record: &mut Record, doc: &Doc) {
    let sections = read_sections(doc);
    record.sections = sections.iter().map(|s| s.to_record()).collect();
    let annex = AnnexPages::new(doc);
    attach_notes(record, read_table_notes_in(&annex));
    let (measures, warnings) = read_regulatory_measures_in(&annex, &sections);
    record.regulatory_measures = measures;
    record.warnings.extend(warnings);
    let (support, warnings) = read_support(section_with(&sections, &["財政", "税制"]));
    record.support = Some(support);
    record.warnings.extend(warnings);
    let (local, warnings) = read_local_measures_in(&annex);
    record.local_measures = local;
    record.warnings.extend(warnings);
    check_target_references(record);
}

/// Gives each target the notes of the 別紙1 table whose 数値目標 label contains the
/// target's name (the longest such name wins, as for the series); a target without a
/// table keeps `notes: null` (its `series_missing` warning says why), and so does a
/// target whose table has no cells to read (`notes_unread`).
fn attach_notes(record: &mut Record, tables: Vec<TableNotes>) {
    let mut given: Vec<(usize, usize)> = Vec::new();
    for table in tables {
        let mut best: Option<(usize, usize, usize)> = None;
        let mut tie = false;
        for (i, indicator) in record.indicators.iter().enumerate() {
            for (j, target) in indicator.targets.iter().enumerate() {
                let name: String = target.name.chars().filter(|c| !c.is_whitespace()).collect();
                if name.is_empty() || !table.label_text.contains(&name) {
                    continue;
                }
                let length = name.chars().count();
                match best {
                    Some((_, _, l)) if l > length => {}
                    Some((_, _, l)) if l == length => tie = true,
                    _ => {
                        best = Some((i, j, length));
                        tie = false;
                    }
                }
            }
        }
        let Some((i, j, _)) = best.filter(|_| !tie) else {
            // A table whose 数値目標 label names no target (or two): its name wrapped
            // inside a word in a narrow label cell without rules (`外国企業との` /
            // `ビジネスマッ` / `チング件数`, the corpus' m12 without ruling lines). Its notes
            // would be lost without a word: say so on its page.
            if !table.readable || table.notes != crate::record::TargetNotes::default() {
                record.warnings.push(Warning::new(
                    "notes_unread",
                    msg!("notes_unread.unmatched", page = table.page),
                    None,
                    Some(table.page),
                ));
            }
            continue;
        };
        if given.contains(&(i, j)) {
            continue;
        }
        given.push((i, j));
        if table.readable {
            record.indicators[i].targets[j].notes = Some(table.notes);
        } else {
            record.warnings.push(Warning::new(
                "notes_unread",
                msg!("notes_unread", key = &record.indicators[i].targets[j].key),
                Some(format!("/indicators/{i}/targets/{j}/notes")),
                Some(table.page),
            ));
        }
    }
}

/// `unknown_target_reference`: a 関連する数値目標 that names no target of the report. A
/// key names a target when it equals one, or when it is a whole 数値目標 number whose
/// targets are numbered below it ("1" for 1-1, 1-2); "all" names every target.
fn check_target_references(record: &mut Record) {
    let keys: Vec<String> =
        record.indicators.iter().flat_map(|i| i.targets.iter().map(|t| t.key.clone())).collect();
    let known = |key: &str| {
        key == "all"
            || keys
                .iter()
                .any(|k| k == key || k.strip_prefix(key).is_some_and(|rest| rest.starts_with('-')))
    };
    let mut warnings = Vec::new();
    let lists = record
        .regulatory_measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (
                format!("/regulatory_measures/{i}/related_targets"),
                &m.related_targets,
                m.page,
                &m.name,
            )
        })
        .chain(record.local_measures.iter().enumerate().map(|(i, m)| {
            (format!("/local_measures/{i}/related_targets"), &m.related_targets, m.page, &m.name)
        }));
    for (path, related, page, name) in lists {
        for key in related.iter().filter(|k| !known(k)) {
            warnings.push(Warning::new(
                "unknown_target_reference",
                msg!("unknown_target_reference", name = name, key = key),
                Some(path.clone()),
                page,
            ));
        }
    }
    record.warnings.extend(warnings);
}

/// Warnings for what every report has but this one seemed not to: a missing field is
/// `null` in the record, and the user must be able to tell "absent" from "not found".
/// A target whose 【当該年度…】 line was read (even if all `―`), or which is evaluated
/// by 代替指標 / 定性的評価, has nothing missing in `current`: it is what the report says.
fn missing_fields(
    header: &ReportHeader,
    indicators: &[Indicator],
    current_read: &[(usize, usize)],
    qualitative: &[(usize, usize)],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut missing = |path: &str, what: Msg| {
        warnings.push(Warning::new(
            "field_missing",
            msg!("field_missing", what = what),
            Some(path.to_string()),
            None,
        ));
    };
    if header.title.is_none() {
        missing("/report/title", msg!("field_missing.title"));
    }
    if header.fiscal_year.is_none() {
        missing("/report/fiscal_year", msg!("field_missing.fiscal_year"));
    }
    if header.zone_name.is_none() {
        missing("/report/zone_name", msg!("field_missing.zone_name"));
    }
    if header.authors.is_empty() {
        missing("/report/authors", msg!("field_missing.authors"));
    }
    if indicators.is_empty() {
        missing("/indicators", msg!("field_missing.indicators"));
    }
    for (i, indicator) in indicators.iter().enumerate() {
        if indicator.targets.is_empty() {
            missing(
                &format!("/indicators/{i}/targets"),
                msg!("field_missing.targets", number = indicator.number),
            );
        }
        for (j, target) in indicator.targets.iter().enumerate() {
            let current = &target.current;
            let said = current_read.contains(&(i, j)) || qualitative.contains(&(i, j));
            if !said
                && current.target.is_none()
                && current.actual.is_none()
                && current.progress_pct.is_none()
            {
                missing(
                    &format!("/indicators/{i}/targets/{j}/current"),
                    msg!("field_missing.current", key = &target.key),
                );
            }
        }
    }
    warnings
}

/// Matches each year table to the 数値目標 whose name its label cells contain (the
/// tables repeat 数値目標(1) for ①②③, so the number is not enough) and fills the series.
/// A qualitative target without a table raises no `series_missing`: its table, where
/// there is one, has `―` for every value anyway.
fn attach_series(
    record: &mut Record,
    tables: Vec<YearTable>,
    hints: &mut PageHints,
    qualitative: &[(usize, usize)],
) {
    let mut claimed: Vec<(usize, usize)> = Vec::new();
    for table in tables {
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for (i, indicator) in record.indicators.iter().enumerate() {
            for (j, target) in indicator.targets.iter().enumerate() {
                let name: String = target.name.chars().filter(|c| !c.is_whitespace()).collect();
                if !name.is_empty() && table.label_text.contains(&name) {
                    candidates.push((i, j, name.chars().count()));
                }
            }
        }
        let longest = candidates.iter().map(|c| c.2).max().unwrap_or(0);
        let best: Vec<(usize, usize)> =
            candidates.iter().filter(|c| c.2 == longest).map(|c| (c.0, c.1)).collect();
        let (i, j) = match best.as_slice() {
            [one] => *one,
            [] => {
                record.warnings.push(Warning::new(
                    "annex_table_unmatched",
                    msg!("annex_table_unmatched", label = &table.label_text),
                    None,
                    Some(table.page),
                ));
                continue;
            }
            _ => {
                record.warnings.push(Warning::new(
                    "annex_table_ambiguous",
                    msg!("annex_table_ambiguous", label = &table.label_text, count = best.len()),
                    None,
                    Some(table.page),
                ));
                continue;
            }
        };
        let base = format!("/indicators/{i}/targets/{j}");
        if claimed.contains(&(i, j)) {
            record.warnings.push(Warning::new(
                "annex_table_duplicate",
                msg!("annex_table_duplicate", key = &record.indicators[i].targets[j].key),
                Some(format!("{base}/series")),
                Some(table.page),
            ));
            continue;
        }
        claimed.push((i, j));
        hints.tables.push((record.indicators[i].targets[j].key.clone(), table.page));
        // The label cells state the goal after the target's name (`… 件数 1,250件(累計)`).
        let name: String =
            record.indicators[i].targets[j].name.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(at) = table.label_text.find(&name) {
            let after = &table.label_text[at + name.len()..];
            hints
                .table_goals
                .push((record.indicators[i].targets[j].key.clone(), after.to_string()));
        }
        for problem in &table.problems {
            let (code, message) = match problem.kind {
                ProblemKind::Unplaced => {
                    ("ambiguous_cell", msg!("ambiguous_cell", problem = problem.message.clone()))
                }
                ProblemKind::RowMissing => (
                    "annex_row_missing",
                    msg!("annex_row_missing", problem = problem.message.clone()),
                ),
                ProblemKind::ExtraCells => (
                    "annex_extra_cells",
                    msg!("annex_extra_cells", problem = problem.message.clone()),
                ),
            };
            let path = match problem.columns.first() {
                Some(&k) => format!("{base}/series/{k}/{}", problem.row.field()),
                None => format!("{base}/series"),
            };
            record.warnings.push(Warning::new(code, message, Some(path), Some(problem.page)));
        }
        let mut series = Vec::with_capacity(table.years.len());
        for (k, &year) in table.years.iter().enumerate() {
            let path = format!("{base}/series/{k}");
            let cell = |row: &[Option<String>]| row.get(k).cloned().flatten();
            let warnings = &mut record.warnings;
            series.push(SeriesPoint {
                fiscal_year: year,
                target: cell(&table.targets).and_then(|t| {
                    quantity_or_warn(&t, &format!("{path}/target"), table.page, warnings)
                }),
                actual: cell(&table.actuals).and_then(|t| {
                    quantity_or_warn(&t, &format!("{path}/actual"), table.page, warnings)
                }),
                progress_pct: cell(&table.progress).and_then(|t| {
                    percent_or_warn(&t, &format!("{path}/progress_pct"), table.page, warnings)
                }),
            });
        }
        record.indicators[i].targets[j].series = series;
    }
    for (i, indicator) in record.indicators.iter().enumerate() {
        for (j, target) in indicator.targets.iter().enumerate() {
            if !claimed.contains(&(i, j)) && !qualitative.contains(&(i, j)) {
                record.warnings.push(Warning::new(
                    "series_missing",
                    msg!("series_missing", key = &target.key),
                    Some(format!("/indicators/{i}/targets/{j}/series")),
                    None,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cells::MODELS_BUILT;

    /// The annex readers (別紙1's text rows, 別紙2, 別紙3) share one cell model per page:
    /// reading the seed builds each page's model at most once, although the page where
    /// one annex ends and the next begins is read by two readers.
    #[test]
    fn every_page_cell_model_is_built_at_most_once_per_document() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/pdf/seed_libreoffice.pdf"
        ))
        .expect("the seed rendition is in fixtures");
        MODELS_BUILT.with(|built| built.borrow_mut().clear());
        let record = Extractor::new().record(&bytes, "seed_libreoffice.pdf");
        assert!(record.error.is_none(), "{:?}", record.error);
        assert!(
            !record.regulatory_measures.is_empty() && !record.local_measures.is_empty(),
            "the annexes were read"
        );
        let built = MODELS_BUILT.with(|built| built.borrow().clone());
        let mut distinct = built.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(built.len(), distinct.len(), "a page's cell model was built twice: {built:?}");
        // Only annex pages (別紙1 onwards) are modelled, never the body's.
        let pages = record.source.pages.unwrap_or(0);
        assert!(!built.is_empty() && built.len() < pages as usize, "{built:?} of {pages} pages");
    }
}
