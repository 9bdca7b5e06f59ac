//! Makes a loaded PDF's object graph safe for pdf-extract's interpreter, whose walks have
//! no loop guards: image streams emptied (tokku reads text), the page tree walked once with
//! loops cut and /Parent chains set right, missing MediaBoxes filled, page contents checked
//! against the budget (with the content census where the decoded lengths do not settle
//! it), contents decompressed once in place, and forms that draw themselves replaced.
//! Every change is returned as a repair note for the `pdf_repaired` warning.

use std::collections::{HashMap, HashSet};

use pdf_extract::{Dictionary, Document, Object, ObjectId};

use crate::guard::catch_panic;
use crate::pdf::census;
use crate::pdf::limits::{Limit, LimitExceeded, Limits, MAX_FORM_CALLS};
use crate::pdf::read::{DecodedLengths, PdfError};

/// Empties image streams: tokku reads text, and pdf-extract would otherwise inflate each
/// image and parse its pixels as page content.
pub(super) fn blank_images(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
                stream.set_plain_content(Vec::new());
            }
        }
    }
}

pub(super) fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
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
pub(super) fn make_safe(
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
pub(super) fn decompress_contents_in_place(doc: &mut Document) {
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
pub(super) fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
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
