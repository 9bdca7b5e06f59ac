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
use crate::pdf::census;
use crate::pdf::encrypted;
use crate::pdf::fonts::{repair_fonts, FontRepairReport};
use crate::pdf::layout::{LayoutCollector, Page, SkippedOperators, UnreadablePage};
use crate::pdf::limits::{decoded_len, Deadline, Limit, LimitExceeded, Limits, MAX_FORM_CALLS};
use crate::pdf::recover::{dict_has_name, filter_names, ScannedFile};
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
}

/// A classified failure to read a PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError {
    pub code: ErrorCode,
    pub message: String,
}

impl PdfError {
    fn damaged(message: impl Into<String>) -> Self {
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
        return Err(PdfError {
            code: ErrorCode::Encrypted,
            message: "the PDF is encrypted and a password is needed to open it; tokku reads only PDFs that open without one".into(),
        });
    }
    if let Some(state) = &doc.encryption_state {
        if !state.permissions().contains(Permissions::COPYABLE) {
            return Err(PdfError {
                code: ErrorCode::Encrypted,
                message: "the PDF is encrypted without a user password, but its permissions forbid extracting text (no text permission); ask the publisher for an unrestricted copy".into(),
            });
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
    Ok(PdfPages {
        pages: collector.pages,
        producer,
        font_repairs,
        repairs,
        unreadable: collector.unreadable,
        skipped: collector.skipped,
    })
}

/// True for a stream tokku never decodes (images: pdf-extract would only parse their
/// pixels as content).
fn is_image_dict(bytes: &[u8], dict: (usize, usize)) -> bool {
    dict_has_name(bytes, dict, b"Subtype", b"Image")
}

/// The decoded length of each stream the scan found (the last definition of each id),
/// with the raw bytes and filter names it was measured on.
struct DecodedLengths<'f> {
    by_id: HashMap<ObjectId, (&'f [u8], Vec<Vec<u8>>, u64)>,
}

impl DecodedLengths<'_> {
    /// The decoded length of a loaded stream, when it holds the bytes and filters the
    /// scan measured (what `decode_into` hands on for those is the same count).
    fn of(&self, id: ObjectId, stream: &pdf_extract::Stream) -> Option<u64> {
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
        }
    }
    // lopdf keeps `object` itself for top-level objects and uses the returned value only
    // for objects from object streams, which are never streams: no need to copy streams.
    match object {
        Object::Stream(_) => Some((id, Object::Null)),
        other => Some((id, other.clone())),
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

/// Empties image streams: tokku reads text, and pdf-extract would otherwise inflate each
/// image and parse its pixels as page content.
fn blank_images(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
                stream.set_plain_content(Vec::new());
            }
        }
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.objects.get(id),
        other => Some(other),
    }
}

/// Makes the object graph safe for pdf-extract, whose walks have no loop guards: the
/// page tree is walked once (a kid seen before is cut, a wrong /Parent is set right, a
/// page without any MediaBox gets US Letter), every page must exist and have its content
/// streams, and form XObjects that draw themselves (directly or through others) are
/// replaced by empty forms. Checks the page and form-call limits. Returns the repairs.
fn make_safe(
    doc: &mut Document,
    limits: &Limits,
    decoded_lengths: Option<&DecodedLengths>,
) -> Result<Vec<String>, PdfError> {
    let mut repairs = Vec::new();
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
        .ok_or_else(|| PdfError::damaged("the document catalog has no page tree (/Pages)"))?;
    if !doc.objects.get(&root).is_some_and(|o| o.as_dict().is_ok()) {
        return Err(PdfError::damaged(format!(
            "the page tree root {} {} R is missing",
            root.0, root.1
        )));
    }
    let mut seen: HashSet<ObjectId> = HashSet::from([root]);
    let mut pages: Vec<ObjectId> = Vec::new();
    let mut stack: Vec<(ObjectId, usize)> = vec![(root, 0)];
    let mut cut = Vec::new();
    let mut parents_fixed = 0usize;
    let mut missing = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        let kids: Vec<Object> = doc
            .get_dictionary(node)
            .ok()
            .and_then(|d| d.get(b"Kids").ok())
            .and_then(|k| resolve(doc, k))
            .and_then(|k| k.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut kept = Vec::with_capacity(kids.len());
        let mut changed = false;
        let mut children = Vec::new();
        for kid in kids {
            let Ok(id) = kid.as_reference() else {
                changed = true;
                continue;
            };
            if !seen.insert(id) {
                cut.push(id);
                changed = true;
                continue;
            }
            let Some(dict) = doc.objects.get(&id).and_then(|o| o.as_dict().ok()) else {
                missing.push(id);
                changed = true;
                continue;
            };
            let is_page = match dict.get_type() {
                Ok(b"Page") => true,
                Ok(b"Pages") => false,
                _ => dict.get(b"Kids").is_err(),
            };
            if dict.get(b"Parent").and_then(Object::as_reference).ok() != Some(node) {
                parents_fixed += 1;
                if let Ok(d) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
                    d.set("Parent", Object::Reference(node));
                }
            }
            kept.push(kid);
            if is_page {
                pages.push(id);
                if pages.len() > limits.max_pages as usize {
                    return Err(LimitExceeded::new(
                        Limit::Pages,
                        format!("the document has more than {} pages", limits.max_pages),
                    )
                    .into());
                }
            } else if depth < 256 {
                children.push((id, depth + 1));
            } else {
                return Err(PdfError::damaged("the page tree is nested more than 256 levels deep"));
            }
        }
        if changed {
            if let Ok(d) = doc.get_object_mut(node).and_then(Object::as_dict_mut) {
                d.set("Kids", Object::Array(kept));
            }
        }
        // Depth first, in order.
        stack.extend(children.into_iter().rev());
    }
    // Pages are read in tree order; the stack above visits kids of a node before its
    // later siblings' subtrees only for leaves, so order pages by a fresh in-order walk.
    let ordered: Vec<ObjectId> = doc.page_iter().collect();
    if ordered.len() == pages.len() {
        pages = ordered;
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().take(5).map(|(n, g)| format!("{n} {g} R")).collect();
        return Err(PdfError::damaged(format!("{} pages of the page tree are missing from the file ({}); the file is truncated or damaged", missing.len(), list.join(", "))));
    }
    if !cut.is_empty() {
        let list: Vec<String> = cut.iter().take(5).map(|(n, g)| format!("{n} {g} R")).collect();
        repairs.push(format!(
            "the page tree loops (a node listed again: {}); the repeated entries were cut",
            list.join(", ")
        ));
    }
    if parents_fixed > 0 {
        repairs.push(format!("{parents_fixed} page-tree /Parent entries pointed at the wrong node and were set right"));
    }
    let mut no_media_box = 0usize;
    for (index, &page) in pages.iter().enumerate() {
        if inherited(doc, page, b"MediaBox").is_none() {
            no_media_box += 1;
            if let Ok(d) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
                d.set("MediaBox", Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]));
            }
        }
        for content in doc.get_page_contents(page) {
            if !matches!(doc.objects.get(&content), Some(Object::Stream(_))) {
                return Err(PdfError::damaged(format!(
                    "page {}'s content stream {} {} R is missing from the file; the file is truncated or damaged",
                    index + 1,
                    content.0,
                    content.1
                )));
            }
        }
    }
    if no_media_box > 0 {
        repairs.push(format!("{no_media_box} pages had no /MediaBox; US Letter was assumed"));
    }
    if pages.is_empty() {
        return Err(PdfError::damaged("the page tree holds no pages"));
    }
    check_contents(doc, &pages, limits, decoded_lengths)?;
    repairs.extend(break_form_loops(doc, &pages)?);
    Ok(repairs)
}

/// The census of every page's content and every form's ([`census`]): refuses, before
/// anything is parsed into memory, a content stream with too many operators and a
/// document whose strings must draw more glyphs than the budget. Skipped when the decoded
/// lengths the stream budget measured already show that no census can fail
/// ([`census_cannot_fail`]): it inflated and tokenized every page a second time.
fn check_contents(
    doc: &Document,
    pages: &[ObjectId],
    limits: &Limits,
    decoded_lengths: Option<&DecodedLengths>,
) -> Result<(), PdfError> {
    if decoded_lengths.is_some_and(|lengths| census_cannot_fail(doc, pages, limits, lengths)) {
        return Ok(());
    }
    census::count_run();
    let stream_of = |id: &ObjectId| match doc.objects.get(id) {
        Some(Object::Stream(s)) => Some((s.filters().unwrap_or_default(), s.content.as_slice())),
        _ => None,
    };
    let cap = limits.max_decompressed_bytes;
    let mut glyphs = 0u64;
    for (index, &page) in pages.iter().enumerate() {
        let streams: Vec<(Vec<&[u8]>, &[u8])> =
            doc.get_page_contents(page).iter().filter_map(stream_of).collect();
        census::check_stream(
            &format!("page {}", index + 1),
            &streams,
            cap,
            &mut glyphs,
            limits.max_glyphs,
        )?;
    }
    for (id, object) in &doc.objects {
        let Object::Stream(form) = object else { continue };
        if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            continue;
        }
        let streams = [(form.filters().unwrap_or_default(), form.content.as_slice())];
        census::check_stream(
            &format!("form {} {} R", id.0, id.1),
            &streams,
            cap,
            &mut glyphs,
            limits.max_glyphs,
        )?;
    }
    Ok(())
}

/// True when the census of every page and form must pass, from the streams' decoded
/// lengths alone: a stream of n decoded bytes holds at most ⌈n/2⌉ operators (each is a
/// word of at least one byte, and two words are separated by at least one byte) and
/// shows at most n string bytes, so at most n/4 glyphs ([`census::Census`]). False when
/// a page or form could pass the operator bound or the document the glyph budget, or
/// when a stream's length is not known (the census then counts).
fn census_cannot_fail(
    doc: &Document,
    pages: &[ObjectId],
    limits: &Limits,
    lengths: &DecodedLengths,
) -> bool {
    let mut content_bytes = 0u64;
    let mut within = |streams: &mut dyn Iterator<Item = (ObjectId, &pdf_extract::Stream)>| -> bool {
        let mut operators = 0u64;
        for (id, stream) in streams {
            let Some(n) = lengths.of(id, stream) else { return false };
            operators += n.div_ceil(2);
            content_bytes += n;
        }
        operators <= census::MAX_STREAM_OPERATORS
    };
    for &page in pages {
        let mut streams =
            doc.get_page_contents(page).into_iter().filter_map(|id| match doc.objects.get(&id) {
                Some(Object::Stream(s)) => Some((id, s)),
                _ => None,
            });
        if !within(&mut streams) {
            return false;
        }
    }
    for (id, object) in &doc.objects {
        let Object::Stream(form) = object else { continue };
        if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            continue;
        }
        if !within(&mut std::iter::once((*id, form))) {
            return false;
        }
    }
    content_bytes / 4 <= limits.max_glyphs
}

/// Decoded bytes of content streams kept decompressed in the document at most.
const DECOMPRESSED_IN_PLACE_MAX: usize = 32 * 1024 * 1024;

/// Page content streams and forms decompressed once, in place (lopdf's own decoding: the
/// bytes every later reader got from `decompressed_content`, which now hands them back
/// as they are): the font repair's usage scan and the interpreter each inflated every
/// page, and the interpreter a form again each time it is drawn. Streams lopdf cannot
/// decode (or that panic it) are left as they are, and so is everything past
/// [`DECOMPRESSED_IN_PLACE_MAX`] decoded bytes.
fn decompress_contents_in_place(doc: &mut Document) {
    let mut ids: Vec<ObjectId> =
        doc.get_pages().values().flat_map(|&page| doc.get_page_contents(page)).collect();
    ids.extend(doc.objects.iter().filter_map(|(id, object)| match object {
        Object::Stream(s)
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form") =>
        {
            Some(*id)
        }
        _ => None,
    }));
    let mut kept = 0usize;
    for id in ids {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else { continue };
        if !stream.filters().is_ok_and(|f| !f.is_empty()) {
            continue;
        }
        let Ok(Ok(data)) = catch_panic(|| stream.decompressed_content()) else { continue };
        kept += data.len();
        if kept > DECOMPRESSED_IN_PLACE_MAX {
            return;
        }
        stream.set_plain_content(data);
    }
}

/// An inherited page attribute (/Resources, /MediaBox), walking /Parent with a guard.
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = page;
    let mut seen = HashSet::new();
    while seen.insert(node) {
        let dict = doc.get_dictionary(node).ok()?;
        if let Ok(value) = dict.get(key) {
            return resolve(doc, value).cloned();
        }
        node = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
    }
    None
}

/// Finds form XObjects that draw themselves (a `Do` cycle, which would recurse until the
/// stack overflows in pdf-extract) and replaces each with an empty form; counts form
/// invocations (memoized) against `MAX_FORM_CALLS`.
fn break_form_loops(doc: &mut Document, pages: &[ObjectId]) -> Result<Vec<String>, PdfError> {
    struct Walk<'a> {
        doc: &'a Document,
        done: HashMap<ObjectId, u64>,
        on_stack: Vec<ObjectId>,
        looping: HashSet<ObjectId>,
    }
    impl Walk<'_> {
        /// Form ids invoked by `Do` in content, resolved in `resources`.
        fn invoked(
            &self,
            content: &[u8],
            resources: Option<&Dictionary>,
        ) -> Vec<(ObjectId, Option<Dictionary>)> {
            // Content without XObject resources invokes no form: skip parsing it (parsing
            // page content is the interpreter's main cost; doing it twice doubled it).
            let Some(xobjects) = resources
                .and_then(|r| r.get(b"XObject").ok())
                .and_then(|x| resolve(self.doc, x))
                .and_then(|x| x.as_dict().ok())
            else {
                return Vec::new();
            };
            if xobjects.is_empty() {
                return Vec::new();
            }
            let Ok(ops) = pdf_extract::fast_paths::decode_content(content) else {
                return Vec::new();
            };
            let xobjects = Some(xobjects);
            let mut out = Vec::new();
            for op in ops.operations {
                if op.operator != "Do" {
                    continue;
                }
                let Some(Object::Name(name)) = op.operands.first() else { continue };
                let Some(Ok(id)) =
                    xobjects.and_then(|x| x.get(name).ok()).map(Object::as_reference)
                else {
                    continue;
                };
                let Some(Object::Stream(form)) = self.doc.objects.get(&id) else { continue };
                if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
                    continue;
                }
                let own = form
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|r| resolve(self.doc, r))
                    .and_then(|r| r.as_dict().ok())
                    .cloned();
                out.push((id, own.or_else(|| resources.cloned())));
            }
            out
        }

        /// Invocations under `form` (itself included), saturating.
        fn calls(&mut self, form: ObjectId, resources: Option<Dictionary>) -> u64 {
            if let Some(&n) = self.done.get(&form) {
                return n;
            }
            if self.on_stack.contains(&form) {
                let at = self.on_stack.iter().position(|f| *f == form).unwrap_or(0);
                self.looping.extend(self.on_stack[at..].iter().copied());
                return 1;
            }
            if self.on_stack.len() > 64 {
                return MAX_FORM_CALLS + 1;
            }
            let Some(Object::Stream(stream)) = self.doc.objects.get(&form) else { return 1 };
            let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
            self.on_stack.push(form);
            let mut total = 1u64;
            for (child, child_resources) in self.invoked(&content, resources.as_ref()) {
                total = total.saturating_add(self.calls(child, child_resources));
            }
            self.on_stack.pop();
            self.done.insert(form, total);
            total
        }
    }
    let has_forms = doc.objects.values().any(|o| matches!(o, Object::Stream(s) if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")));
    if !has_forms {
        return Ok(Vec::new());
    }
    let mut walk =
        Walk { doc, done: HashMap::new(), on_stack: Vec::new(), looping: HashSet::new() };
    let mut total = 0u64;
    for &page in pages {
        let resources = inherited(doc, page, b"Resources").and_then(|r| r.as_dict().ok().cloned());
        let content = doc.get_page_content(page).unwrap_or_default();
        for (form, form_resources) in walk.invoked(&content, resources.as_ref()) {
            total = total.saturating_add(walk.calls(form, form_resources));
        }
        if total > MAX_FORM_CALLS {
            return Err(LimitExceeded::new(Limit::XObjectCalls, format!("the pages draw form XObjects more than {MAX_FORM_CALLS} times (forms nested in forms)")).into());
        }
    }
    let mut looping: Vec<ObjectId> = walk.looping.into_iter().collect();
    looping.sort();
    for id in &looping {
        if let Some(Object::Stream(stream)) = doc.objects.get_mut(id) {
            stream.set_plain_content(Vec::new());
        }
    }
    if looping.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = looping.iter().take(5).map(|(n, g)| format!("{n} {g} R")).collect();
    Ok(vec![format!("form XObjects that draw themselves were left out ({})", list.join(", "))])
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
        let due = self.frequent_calls % FREQUENT_CHECK_EVERY == 0;
        self.frequent_calls += 1;
        if due {
            self.check()
        } else {
            Ok(())
        }
    }
}

impl OutputDev for Watched<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.check()?;
        self.inner.begin_page(page_num, media_box, art_box)
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.check()?;
        self.inner.end_page()
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.check_sometimes()?;
        self.inner.output_character(trm, width, spacing, font_size, char)
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.check_sometimes()?;
        self.inner.begin_word()
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        self.check_sometimes()?;
        self.inner.end_word()
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        self.check_sometimes()?;
        self.inner.end_line()
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.check_sometimes()?;
        self.inner.stroke(ctm, colorspace, color, path)
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.check_sometimes()?;
        self.inner.fill(ctm, colorspace, color, path)
    }
    fn operator_skipped(
        &mut self,
        page_num: u32,
        operator: &str,
        reason: &str,
    ) -> Result<(), OutputError> {
        self.check()?;
        self.inner.operator_skipped(page_num, operator, reason)
    }
    fn page_unreadable(&mut self, page_num: u32, reason: &str) -> Result<(), OutputError> {
        self.check()?;
        self.inner.page_unreadable(page_num, reason)
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
    use pdf_extract::Stream;
    use std::io::Write;

    fn deflated(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(data).expect("deflate");
        encoder.finish().expect("deflate")
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
