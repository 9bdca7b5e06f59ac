//! PDF reading under limits: scans the file (recover), checks its streams' decoded sizes
//! against the budget before lopdf sees them, loads it with lopdf (rebuilding the
//! cross-reference table when the file's own is broken), makes the object graph safe
//! for pdf-extract (page-tree loops cut, /Parent chains fixed, self-drawing forms left
//! out, images not decoded), repairs fonts, and runs pdf-extract's interpreter into the
//! layout collector under the wall-time deadline. Returns pages of glyphs and ruling
//! lines with what was repaired, or a classified error. Never panics.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use pdf_extract::{
    ColorSpace, Dictionary, Document, LoadOptions, MediaBox, Object, ObjectId, OutputDev,
    OutputError, Path, Permissions, Transform,
};

use crate::guard::catch_panic;
use crate::pdf::encrypted;
use crate::pdf::fonts::{repair_fonts, FontRepairReport};
use crate::pdf::layout::{LayoutCollector, Page, SkippedOperators, UnreadablePage};
use crate::pdf::limits::{decoded_len, Deadline, Limit, LimitExceeded, Limits};
use crate::pdf::recover::{dict_has_name, filter_names, ScannedFile};
use crate::pdf::sanitize::{
    blank_images, decompress_contents_in_place, inherited, make_safe, resolve,
};
use crate::record::ErrorCode;

/// A PDF read into pages.
#[derive(Debug)]
pub struct PdfPages {
    pub pages: Vec<Page>,
    pub producer: Option<String>,
    pub font_repairs: FontRepairReport,
    /// What was repaired to read the file (empty for a sound file).
    pub repairs: Vec<String>,
    /// Pages the interpreter could not read (the other pages were read).
    pub unreadable: Vec<UnreadablePage>,
    /// Operators skipped per page because they could not be executed.
    pub skipped: Vec<SkippedOperators>,
    /// For an encrypted file without a user password whose permissions forbid copying:
    /// the permissions it denies (read anyway unless `Limits::respect_permissions`).
    pub copy_restricted: Option<String>,
    /// Pages that draw no text but hold an image (an image XObject in their resources,
    /// directly or through a form, or an inline image): a scanned sheet whose words the
    /// user can only get by OCR or from the office's original.
    pub image_only: Vec<u32>,
}

/// A classified failure to read a PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError {
    pub code: ErrorCode,
    pub message: String,
}

impl PdfError {
    pub(crate) fn damaged(message: impl Into<String>) -> Self {
        PdfError { code: ErrorCode::Damaged, message: message.into() }
    }
}

impl From<LimitExceeded> for PdfError {
    fn from(e: LimitExceeded) -> Self {
        PdfError { code: ErrorCode::LimitExceeded, message: e.message() }
    }
}

/// The page count of a loaded document, when it can be read.
pub fn page_count(doc: &Document) -> usize {
    doc.get_pages().len()
}

/// Loads and interprets a PDF under the default limits.
pub fn read_pdf(bytes: &[u8]) -> Result<PdfPages, PdfError> {
    let limits = Limits::default();
    read_pdf_limited(bytes, &limits, &Deadline::start(limits.wall_time))
}

/// Loads and interprets a PDF under `limits`. Never panics: a panic in lopdf or
/// pdf-extract becomes a `damaged` or `internal` error.
pub fn read_pdf_limited(
    bytes: &[u8],
    limits: &Limits,
    deadline: &Deadline,
) -> Result<PdfPages, PdfError> {
    let max_objects = limits.max_objects as usize;
    // The file is scanned and indexed once; every later check shares this scan.
    let file = ScannedFile::new(bytes, |n| n <= max_objects && !deadline.expired());
    deadline.check("scanning the file")?;
    if file.objects().len() > max_objects {
        return Err(LimitExceeded::new(
            Limit::Objects,
            format!("the file holds more than {max_objects} objects"),
        )
        .into());
    }
    let decoded_lengths = if !file.is_encrypted() {
        Some(check_scanned_streams(&file, limits)?)
    } else {
        // lopdf inflates an encrypted file's object streams while loading, uncapped.
        encrypted::check_object_streams(&file, limits)?;
        None
    };
    deadline.check("checking stream sizes")?;

    let (mut doc, mut repairs) = load(&file, limits)?;
    deadline.check("loading the file")?;
    if doc.is_encrypted() {
        // lopdf tried the empty user password while loading; ask why it failed.
        let message = match doc.authenticate_password("") {
            Err(e) if e.to_string().contains("password is incorrect") => "the PDF is encrypted with a user password: it cannot be opened without that password, and tokku reads only PDFs that open without one".to_string(),
            Err(e) => format!("the PDF is encrypted and cannot be decrypted with an empty password ({e}); it may need a password, or use a security handler tokku does not support"),
            Ok(()) => "the PDF is encrypted; it opens without a password, but its encryption could not be set up for decrypting".to_string(),
        };
        return Err(PdfError { code: ErrorCode::Encrypted, message });
    }
    let mut copy_restricted = None;
    if let Some(state) = &doc.encryption_state {
        let permissions = state.permissions();
        if !permissions.contains(Permissions::COPYABLE) {
            let denied = denied_permissions(permissions);
            if limits.respect_permissions {
                return Err(PdfError {
                    code: ErrorCode::Encrypted,
                    message: format!("the PDF is encrypted without a user password, but its permissions forbid extracting text ({denied}) and --respect-permissions was given; ask the publisher for an unrestricted copy"),
                });
            }
            copy_restricted = Some(denied);
        }
        // Decrypted streams were not visible to the scan: check them now.
        check_loaded_streams(&doc, limits)?;
    }
    if doc.objects.len() > max_objects {
        return Err(LimitExceeded::new(
            Limit::Objects,
            format!("the file holds {} objects (limit {max_objects})", doc.objects.len()),
        )
        .into());
    }
    blank_images(&mut doc);
    repairs.extend(make_safe(&mut doc, limits, decoded_lengths.as_ref())?);
    deadline.check("checking the page tree")?;

    decompress_contents_in_place(&mut doc);
    let producer = info_string(&doc, b"Producer");
    let font_repairs = match catch_panic(|| repair_fonts(&mut doc)) {
        Ok(report) => report,
        Err(panic) => {
            return Err(PdfError {
                code: ErrorCode::Internal,
                message: format!("font repair failed: {panic}"),
            })
        }
    };
    deadline.check("repairing fonts")?;
    let mut collector = LayoutCollector::with_budget(limits.max_glyphs);
    let mut watched =
        Watched { inner: &mut collector, deadline: *deadline, expired: false, frequent_calls: 0 };
    let outcome = catch_panic(|| pdf_extract::output_doc(&doc, &mut watched));
    if watched.expired {
        return Err(deadline
            .check("interpreting pages")
            .err()
            .map(PdfError::from)
            .unwrap_or_else(|| PdfError::damaged("interrupted")));
    }
    if collector.over_budget() {
        let drawn = collector.pages.len() + 1;
        return Err(LimitExceeded::new(
            Limit::Glyphs,
            format!("the document draws more than {} glyphs and ruling lines (by page {drawn}; --max-glyphs)", limits.max_glyphs),
        )
        .into());
    }
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return Err(PdfError::damaged(format!(
                "the PDF's content could not be interpreted: {e}"
            )))
        }
        Err(panic) => {
            return Err(PdfError {
                code: ErrorCode::Internal,
                message: format!("the PDF interpreter (pdf-extract) panicked: {panic}"),
            })
        }
    }
    let textless: Vec<u32> = collector
        .pages
        .iter()
        .filter(|p| p.glyphs.is_empty() && p.undecodable_glyphs == 0)
        .map(|p| p.number)
        .collect();
    let image_only = pages_with_images(&doc, &textless);
    Ok(PdfPages {
        image_only,
        pages: collector.pages,
        producer,
        font_repairs,
        repairs,
        unreadable: collector.unreadable,
        skipped: collector.skipped,
        copy_restricted,
    })
}

/// The permissions an encrypted file's /P denies, named with their bit numbers
/// (ISO 32000-1 table 22, bits counted from 1): "copying text and graphics (bit 5),
/// printing (bit 3)".
fn denied_permissions(permissions: Permissions) -> String {
    const NAMED: [(Permissions, u32, &str); 8] = [
        (Permissions::COPYABLE, 5, "copying text and graphics"),
        (Permissions::PRINTABLE, 3, "printing"),
        (Permissions::MODIFIABLE, 4, "modifying"),
        (Permissions::ANNOTABLE, 6, "adding annotations"),
        (Permissions::FILLABLE, 9, "filling in forms"),
        (Permissions::COPYABLE_FOR_ACCESSIBILITY, 10, "extracting for accessibility"),
        (Permissions::ASSEMBLABLE, 11, "assembling"),
        (Permissions::PRINTABLE_IN_HIGH_QUALITY, 12, "printing in high quality"),
    ];
    let denied: Vec<String> = NAMED
        .iter()
        .filter(|(flag, _, _)| !permissions.contains(*flag))
        .map(|(_, bit, name)| format!("{name} (bit {bit})"))
        .collect();
    format!("/P denies {}", denied.join(", "))
}

/// True for a stream tokku never decodes (images: pdf-extract would only parse their
/// pixels as content).
fn is_image_dict(bytes: &[u8], dict: (usize, usize)) -> bool {
    dict_has_name(bytes, dict, b"Subtype", b"Image")
}

/// The decoded length of each stream the scan found (the last definition of each id),
/// with the raw bytes and filter names it was measured on.
pub(crate) struct DecodedLengths<'f> {
    by_id: HashMap<ObjectId, (&'f [u8], Vec<Vec<u8>>, u64)>,
}

impl DecodedLengths<'_> {
    /// The decoded length of a loaded stream, when it holds the bytes and filters the
    /// scan measured (what `decode_into` hands on for those is the same count).
    pub(crate) fn of(&self, id: ObjectId, stream: &pdf_extract::Stream) -> Option<u64> {
        let (raw, names, n) = self.by_id.get(&id)?;
        let filters = stream.filters().unwrap_or_default();
        (*raw == stream.content.as_slice()
            && names.len() == filters.len()
            && names.iter().zip(&filters).all(|(a, b)| a == b))
        .then_some(*n)
    }
}

/// Every stream the scan found, decoded (without keeping the output) against the budget;
/// returns the decoded lengths.
fn check_scanned_streams<'f>(
    file: &ScannedFile<'f>,
    limits: &Limits,
) -> Result<DecodedLengths<'f>, PdfError> {
    let bytes = file.bytes();
    let mut total = 0u64;
    let mut lengths = DecodedLengths { by_id: HashMap::new() };
    for object in file.objects() {
        let (Some(stream), Some(dict)) = (&object.stream, object.dict) else { continue };
        if is_image_dict(bytes, dict) {
            continue;
        }
        let names = filter_names(bytes, dict);
        let name_slices: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
        let left = limits.max_decompressed_bytes.saturating_sub(total);
        let raw = &bytes[stream.data_start..stream.data_end];
        match decoded_len(&name_slices, raw, left) {
            Ok(n) => {
                total += n;
                lengths.by_id.insert(object.id, (raw, names, n));
            }
            Err(()) => return Err(over_budget(object.id, limits)),
        }
    }
    Ok(lengths)
}

/// The same check over the loaded (decrypted) document's streams.
fn check_loaded_streams(doc: &Document, limits: &Limits) -> Result<(), PdfError> {
    let mut total = 0u64;
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else { continue };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
            continue;
        }
        let names = stream.filters().unwrap_or_default();
        let left = limits.max_decompressed_bytes.saturating_sub(total);
        match decoded_len(&names, &stream.content, left) {
            Ok(n) => total += n,
            Err(()) => return Err(over_budget(*id, limits)),
        }
    }
    Ok(())
}

fn over_budget(id: ObjectId, limits: &Limits) -> PdfError {
    LimitExceeded::new(
        Limit::DecompressedBytes,
        format!(
            "the streams decompress to more than {} MiB (stream {} {} R passes the budget; a decompression bomb?)",
            limits.max_decompressed_bytes / (1024 * 1024),
            id.0,
            id.1
        ),
    )
    .into()
}

thread_local! {
    /// Decoded-size budget of object streams during one lopdf load (the load filter is a
    /// plain `fn`, so the budget travels by thread-local; lopdf loads on this thread).
    static OBJSTM_BUDGET: Cell<(u64, bool)> = const { Cell::new((0, false)) };
}

/// lopdf load filter (called for each object read; lopdf keeps the object it was
/// given unless the filter returns None): refuses an object stream that would inflate past the budget
/// (lopdf inflates object streams while loading, before tokku sees the document).
fn objstm_filter(id: (u32, u16), object: &mut Object) -> Option<((u32, u16), Object)> {
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            let (left, _) = OBJSTM_BUDGET.with(Cell::get);
            let names = stream.filters().unwrap_or_default();
            match decoded_len(&names, &stream.content, left) {
                Ok(n) => OBJSTM_BUDGET.with(|b| b.set((left - n, false))),
                Err(()) => {
                    OBJSTM_BUDGET.with(|b| b.set((0, true)));
                    return None;
                }
            }
            // Within the budget: lopdf inflates it next anyway.
            blank_comments_before_objects(stream);
        }
    }
    // lopdf keeps `object` itself for top-level objects and uses the returned value only
    // for objects from object streams, which are never streams: no need to copy streams.
    match object {
        Object::Stream(_) => Some((id, Object::Null)),
        other => Some((id, other.clone())),
    }
}

/// Blanks (with spaces, offsets kept) the comments between an object stream's object
/// offsets and the objects: lopdf skips only white space there, so an object behind a
/// comment was lost, and with it the catalog. pdfTeX writes uncompressed object streams
/// with a comment before each object (pdf.js bug1539074.pdf: `15 1103` then
/// `% 2 0 obj` `<< /Type /Page …`); poppler's lexer skips comments, as 7.2.4 says.
fn blank_comments_before_objects(stream: &mut pdf_extract::Stream) {
    let _ = stream.decompress();
    let Some(first) = stream.dict.get(b"First").and_then(Object::as_i64).ok() else { return };
    let Ok(first) = usize::try_from(first) else { return };
    let content = &mut stream.content;
    let Some(index) = content.get(..first) else { return };
    if !content[first..].contains(&b'%') {
        return;
    }
    let offsets: Vec<usize> = String::from_utf8_lossy(index)
        .split_whitespace()
        .skip(1)
        .step_by(2)
        .filter_map(|word| word.parse::<usize>().ok())
        .collect();
    for offset in offsets {
        let mut at = first.saturating_add(offset);
        while at < content.len() {
            match content[at] {
                b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' => at += 1,
                b'%' => {
                    while at < content.len() && !matches!(content[at], b'\r' | b'\n') {
                        content[at] = b' ';
                        at += 1;
                    }
                }
                _ => break,
            }
        }
    }
}

/// lopdf's load under the object-stream budget, a panic caught.
fn lopdf_load(bytes: &[u8], limits: &Limits) -> Result<Result<Document, String>, PdfError> {
    OBJSTM_BUDGET.with(|b| b.set((limits.max_decompressed_bytes, false)));
    let options = LoadOptions { filter: Some(objstm_filter), ..LoadOptions::default() };
    let result = catch_panic(|| Document::load_mem_with_options(bytes, options));
    if OBJSTM_BUDGET.with(Cell::get).1 {
        return Err(LimitExceeded::new(
            Limit::DecompressedBytes,
            format!(
                "an object stream decompresses to more than {} MiB",
                limits.max_decompressed_bytes / (1024 * 1024)
            ),
        )
        .into());
    }
    Ok(match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(format!("the PDF parser panicked: {panic}")),
    })
}

/// Loads the file as it is when its structure holds; otherwise (or when lopdf fails)
/// rebuilds it from the scan and loads that. Returns the repairs made.
fn load(file: &ScannedFile, limits: &Limits) -> Result<(Document, Vec<String>), PdfError> {
    let bytes = file.bytes();
    let bad_lengths = file.bad_lengths();
    let reason = if let Some(problem) = file.xref_pointer_problem() {
        problem
    } else if !bad_lengths.is_empty() {
        let ((n, g), declared, actual) = bad_lengths[0];
        let declared = declared.map(|d| d.to_string()).unwrap_or_else(|| "none".into());
        format!("{} streams have a wrong /Length (first: {n} {g} R says {declared}, holds {actual} bytes)", bad_lengths.len())
    } else {
        // Structure elements blanked in place (same offsets): lopdf need not parse them.
        let lighter = file.without_structure_elements();
        match lopdf_load(lighter.as_deref().unwrap_or(bytes), limits)? {
            Ok(doc) => match xref_mismatch(&doc, file) {
                None => return Ok((doc, Vec::new())),
                Some(reason) => reason,
            },
            Err(e) if is_encryption_error(&e) => {
                return Err(PdfError {
                    code: ErrorCode::Encrypted,
                    message: format!("the PDF is encrypted and cannot be decrypted: {e}"),
                })
            }
            Err(e) => format!("lopdf could not read the file ({e})"),
        }
    };
    if file.objects().is_empty() {
        return Err(PdfError::damaged(format!(
            "no PDF objects found ({reason}); the file is not a readable PDF"
        )));
    }
    let rebuilt = file.rebuild().map_err(|e| {
        PdfError::damaged(format!("the PDF cannot be parsed ({reason}) and cannot be rebuilt: {e}"))
    })?;
    match lopdf_load(&rebuilt.bytes, limits)? {
        Ok(doc) => {
            let mut repairs = vec![format!("cross-reference table rebuilt from {} object headers found in the file ({reason})", rebuilt.objects)];
            repairs.extend(rebuilt.notes);
            Ok((doc, repairs))
        }
        Err(e) if is_encryption_error(&e) => Err(PdfError { code: ErrorCode::Encrypted, message: format!("the PDF is encrypted and cannot be decrypted: {e}") }),
        Err(e) => Err(PdfError::damaged(format!("the PDF cannot be parsed ({reason}), not even after rebuilding its cross-reference table: {e}"))),
    }
}

fn is_encryption_error(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("decrypt") || t.contains("encrypt") || t.contains("password")
}

/// Why lopdf's view of the file (its cross-reference table) disagrees with the objects
/// actually in the file, if it does.
fn xref_mismatch(doc: &Document, file: &ScannedFile) -> Option<String> {
    use pdf_extract::xref::XrefEntry;
    let bytes = file.bytes();
    let base = file.pdf_start();
    let mut wrong = 0usize;
    let mut first = None;
    for (&num, entry) in &doc.reference_table.entries {
        if let XrefEntry::Normal { offset, generation } = *entry {
            let at = skip_ws(bytes, base + offset as usize);
            if !file.header_at(at, (num, generation)) {
                wrong += 1;
                first.get_or_insert((num, generation, offset));
            }
        }
    }
    if let Some((n, g, o)) = first {
        return Some(format!("{wrong} cross-reference entries point at the wrong place (first: {n} {g} R at offset {o})"));
    }
    let missing: Vec<u32> = file
        .latest()
        .map(|(number, _)| number)
        .filter(|n| doc.reference_table.get(*n).is_none())
        .collect();
    if !missing.is_empty() {
        return Some(format!(
            "{} objects in the file are missing from the cross-reference table (first: {} 0 R)",
            missing.len(),
            missing[0]
        ));
    }
    None
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
        i += 1;
    }
    i
}

/// Of the pages `numbers` (pages without text: few, usually none), those that hold an
/// image: an image XObject in the page's resources or in a form's they list (forms
/// followed up to [`IMAGE_FORM_DEPTH`] deep, each once), or an inline image (`BI … ID`)
/// in the page's content. Image streams were emptied by [`blank_images`]; their
/// dictionaries still say /Subtype /Image.
fn pages_with_images(doc: &Document, numbers: &[u32]) -> Vec<u32> {
    if numbers.is_empty() {
        return Vec::new();
    }
    let pages = doc.get_pages();
    numbers
        .iter()
        .copied()
        .filter(|number| {
            let Some(&id) = pages.get(number) else { return false };
            let resources = inherited(doc, id, b"Resources");
            let mut seen = HashSet::new();
            let in_resources = resources
                .as_ref()
                .and_then(|r| r.as_dict().ok())
                .is_some_and(|r| resources_hold_image(doc, r, IMAGE_FORM_DEPTH, &mut seen));
            in_resources || doc.get_page_content(id).is_ok_and(|c| has_inline_image(&c))
        })
        .collect()
}

/// How deep forms are followed when looking for an image on a page without text.
const IMAGE_FORM_DEPTH: usize = 4;

/// True when a resource dictionary's /XObject lists an image, or a form that does.
fn resources_hold_image(
    doc: &Document,
    resources: &Dictionary,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
) -> bool {
    let Some(xobjects) =
        resources.get(b"XObject").ok().and_then(|x| resolve(doc, x)).and_then(|x| x.as_dict().ok())
    else {
        return false;
    };
    xobjects.iter().any(|(_, value)| {
        if let Object::Reference(id) = value {
            if !seen.insert(*id) {
                return false;
            }
        }
        let Some(Object::Stream(stream)) = resolve(doc, value) else { return false };
        match stream.dict.get(b"Subtype").and_then(Object::as_name).ok() {
            Some(b"Image") => true,
            Some(b"Form") if depth > 0 => stream
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| resolve(doc, r))
                .and_then(|r| r.as_dict().ok())
                .is_some_and(|r| resources_hold_image(doc, r, depth - 1, seen)),
            _ => false,
        }
    })
}

/// True when content holds an inline image: the operator `BI` standing as a token.
fn has_inline_image(content: &[u8]) -> bool {
    let delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    content.windows(2).enumerate().any(|(i, w)| {
        w == b"BI"
            && (i == 0 || delimiter(content[i - 1]))
            && content.get(i + 2).is_none_or(|&b| delimiter(b))
    })
}

/// The layout collector behind a wall-time check: the page-level callbacks check the
/// deadline on every call, the per-glyph ones (characters, words, lines, paths) on every
/// [`FREQUENT_CHECK_EVERY`]th call (reading the clock for each glyph was 2 % of a
/// document's CPU); once it has passed, the interpreter stops with an error.
struct Watched<'a> {
    inner: &'a mut LayoutCollector,
    deadline: Deadline,
    expired: bool,
    /// Per-glyph callbacks so far.
    frequent_calls: u64,
}

/// How often the per-glyph callbacks read the clock (the first call always does).
const FREQUENT_CHECK_EVERY: u64 = 64;

impl Watched<'_> {
    fn check(&mut self) -> Result<(), OutputError> {
        if self.deadline.expired() {
            self.expired = true;
            return Err(OutputError::PdfError(pdf_extract::Error::Unimplemented(
                "stopped at the wall-time limit",
            )));
        }
        Ok(())
    }

    /// [`Self::check`] on every [`FREQUENT_CHECK_EVERY`]th call.
    fn check_sometimes(&mut self) -> Result<(), OutputError> {
        let due = self.frequent_calls.is_multiple_of(FREQUENT_CHECK_EVERY);
        self.frequent_calls += 1;
        if due {
            self.check()
        } else {
            Ok(())
        }
    }
}

/// Methods of [`OutputDev`] that check the deadline (`check` or `check_sometimes`) and
/// then hand the call to the inner collector, one line per method.
macro_rules! checked_then_passed_on {
    ($($check:ident fn $name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name(&mut self $(, $arg: $ty)*) -> Result<(), OutputError> {
            self.$check()?;
            self.inner.$name($($arg),*)
        }
    )*};
}

impl OutputDev for Watched<'_> {
    checked_then_passed_on! {
        check fn begin_page(page_num: u32, media_box: &MediaBox, art_box: Option<(f64, f64, f64, f64)>);
        check fn end_page();
        check_sometimes fn output_character(trm: &Transform, width: f64, spacing: f64, font_size: f64, char: &str);
        check_sometimes fn begin_word();
        check_sometimes fn end_word();
        check_sometimes fn end_line();
        check_sometimes fn stroke(ctm: &Transform, colorspace: &ColorSpace, color: &[f64], path: &Path);
        check_sometimes fn fill(ctm: &Transform, colorspace: &ColorSpace, color: &[f64], path: &Path);
        check fn operator_skipped(page_num: u32, operator: &str, reason: &str);
        check fn page_unreadable(page_num: u32, reason: &str);
    }
}

/// A string entry of the document information dictionary, decoded (UTF-16BE with BOM
/// or PDFDocEncoding, read as Latin-1).
fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let value = info.as_dict().ok()?.get(key).ok()?;
    let value = match value {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let bytes = value.as_str().ok()?;
    let text = if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            bytes[2..].chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::Dictionary;
    use pdf_extract::Stream;
    use std::io::Write;

    fn deflated(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(data).expect("deflate");
        encoder.finish().expect("deflate")
    }

    /// A test page: its content and its XObject resources by name.
    type TestPage<'a> = (&'a [u8], Vec<(&'a str, Object)>);

    /// Adds a page tree of `pages_of` to the document.
    fn add_pages(doc: &mut Document, pages_of: Vec<TestPage>) {
        let pages = doc.new_object_id();
        let mut kids = Vec::new();
        for (content, xobjects) in pages_of {
            let content = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
            let xobjects = Dictionary::from_iter(xobjects);
            let resources = Dictionary::from_iter(vec![("XObject", Object::Dictionary(xobjects))]);
            kids.push(Object::Reference(doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages)),
                ("Contents", Object::Reference(content)),
                ("Resources", Object::Dictionary(resources)),
            ]))));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(kids)),
                ("Count", Object::Integer(count)),
            ])),
        );
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
    }

    #[test]
    fn pages_without_text_that_hold_an_image_are_found() {
        let mut doc = Document::with_version("1.5");
        let subtype = |name: &str| {
            Dictionary::from_iter(vec![("Subtype", Object::Name(name.as_bytes().to_vec()))])
        };
        let image = doc.add_object(Stream::new(subtype("Image"), Vec::new()));
        let mut form_dict = subtype("Form");
        let form_resources = Dictionary::from_iter(vec![(
            "XObject",
            Object::Dictionary(Dictionary::from_iter(vec![("Im0", Object::Reference(image))])),
        )]);
        form_dict.set("Resources", Object::Dictionary(form_resources));
        let form = doc.add_object(Stream::new(form_dict, b"/Im0 Do".to_vec()));
        let empty_form = doc.add_object(Stream::new(subtype("Form"), Vec::new()));
        add_pages(
            &mut doc,
            vec![
                (b"q /Im0 Do Q", vec![("Im0", Object::Reference(image))]),
                (b"q /Fm0 Do Q", vec![("Fm0", Object::Reference(form))]),
                (b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q", vec![]),
                (b"q /Fm0 Do Q 0 0 m 10 0 l S", vec![("Fm0", Object::Reference(empty_form))]),
                (b"", vec![]),
            ],
        );
        // Page 1: an image XObject; page 2: one inside a form; page 3: an inline image;
        // page 4: only a form without image and lines; page 5: nothing.
        assert_eq!(pages_with_images(&doc, &[1, 2, 3, 4, 5]), vec![1, 2, 3]);
        assert_eq!(pages_with_images(&doc, &[2]), vec![2], "only the pages asked about");
        assert!(!has_inline_image(b"BT (BIG) Tj ET /BIx Do"), "BI inside a string or name");
    }

    #[test]
    fn contents_and_forms_are_decompressed_in_place_with_the_bytes_readers_got() {
        let mut doc = Document::with_version("1.5");
        let compressed = |doc: &mut Document, data: &[u8], subtype: Option<&str>| {
            let mut dict = Dictionary::new();
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            if let Some(subtype) = subtype {
                dict.set("Subtype", Object::Name(subtype.as_bytes().to_vec()));
            }
            doc.add_object(Stream::new(dict, deflated(data)))
        };
        let content = compressed(&mut doc, b"BT /F1 12 Tf (page) Tj ET", None);
        let form = compressed(&mut doc, b"BT /F1 12 Tf (form) Tj ET", Some("Form"));
        let other = compressed(&mut doc, b"not content", None);
        let mut unknown = Dictionary::new();
        unknown.set("Filter", Object::Name(b"ASCIIHexDecode".to_vec()));
        unknown.set("Subtype", Object::Name(b"Form".to_vec()));
        let hex = doc.add_object(Stream::new(unknown, b"4142>".to_vec()));
        let pages = doc.new_object_id();
        let page = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages)),
            ("Contents", Object::Reference(content)),
        ]));
        doc.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ])),
        );
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        let before: Vec<Vec<u8>> = [content, form, other, hex]
            .iter()
            .map(|id| {
                doc.get_object(*id)
                    .and_then(Object::as_stream)
                    .map(|s| s.decompressed_content().unwrap_or_else(|_| s.content.clone()))
                    .expect("stream")
            })
            .collect();
        decompress_contents_in_place(&mut doc);
        let stream =
            |id: ObjectId| doc.get_object(id).and_then(Object::as_stream).expect("stream").clone();
        for (id, text) in
            [(content, &b"BT /F1 12 Tf (page) Tj ET"[..]), (form, b"BT /F1 12 Tf (form) Tj ET")]
        {
            let s = stream(id);
            assert!(s.filters().is_err(), "no /Filter left");
            assert_eq!(s.content, text);
            assert_eq!(
                s.decompressed_content().expect("plain"),
                text,
                "what readers get is unchanged"
            );
        }
        assert_eq!(before[0], b"BT /F1 12 Tf (page) Tj ET");
        // Neither page content nor form: left compressed.
        assert!(stream(other).filters().is_ok());
        assert_eq!(stream(other).decompressed_content().expect("inflates"), before[2]);
        // A filter lopdf does not decode: left as it was.
        assert_eq!(stream(hex).content, b"4142>");
        assert!(stream(hex).filters().is_ok());
    }
}
