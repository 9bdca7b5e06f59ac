//! Collects the text strings shown with each font object (pages and nested Form
//! XObjects), so synthesized ToUnicode CMaps and /W arrays only carry the codes the
//! document uses: pdf-extract re-parses every font's ToUnicode on every page.

use std::collections::{HashMap, HashSet};

use pdf_extract::fast_paths::decode_content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};

use super::synth::deref;

/// Strings shown per font object id.
#[derive(Default)]
pub struct Usage {
    pub strings: HashMap<ObjectId, Vec<Vec<u8>>>,
    /// False when some content stream could not be decoded: callers must not trust that a
    /// font's list is complete and should map every code instead.
    pub complete: bool,
}

const MAX_DEPTH: usize = 12;

fn inherited_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut dict = doc.get_object(page).ok()?.as_dict().ok()?;
    for _ in 0..32 {
        if let Ok(r) = dict.get(b"Resources") {
            return deref(doc, r).as_dict().ok();
        }
        let parent = dict.get(b"Parent").ok()?;
        dict = deref(doc, parent).as_dict().ok()?;
    }
    None
}

fn font_id(doc: &Document, resources: Option<&Dictionary>, name: &[u8]) -> Option<ObjectId> {
    let fonts = deref(doc, resources?.get(b"Font").ok()?).as_dict().ok()?;
    match fonts.get(name).ok()? {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

/// Scans every page of `doc`.
pub fn collect(doc: &Document) -> Usage {
    let mut usage = Usage { strings: HashMap::new(), complete: true };
    let mut seen_forms = HashSet::new();
    for (_, page) in doc.get_pages() {
        let resources = inherited_resources(doc, page);
        match doc.get_page_content(page) {
            Ok(content) => scan(doc, &content, resources, None, &mut usage, &mut seen_forms, 0),
            Err(_) => usage.complete = false,
        }
    }
    usage
}

fn scan(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    mut font: Option<ObjectId>,
    usage: &mut Usage,
    seen_forms: &mut HashSet<ObjectId>,
    depth: usize,
) {
    let Ok(content) = decode_content(content) else {
        usage.complete = false;
        return;
    };
    let mut stack: Vec<Option<ObjectId>> = Vec::new();
    for op in &content.operations {
        let push = |font: Option<ObjectId>, o: &Object, usage: &mut Usage| {
            if let (Some(id), Object::String(s, _)) = (font, o) {
                usage.strings.entry(id).or_default().push(s.clone());
            }
        };
        match op.operator.as_str() {
            "q" => stack.push(font),
            "Q" => font = stack.pop().unwrap_or(font),
            "Tf" => {
                if let Some(Object::Name(n)) = op.operands.first() {
                    font = font_id(doc, resources, n);
                }
            }
            "Tj" | "'" => {
                if let Some(o) = op.operands.first() {
                    push(font, o, usage);
                }
            }
            "\"" => {
                if let Some(o) = op.operands.get(2) {
                    push(font, o, usage);
                }
            }
            "TJ" => {
                if let Some(Object::Array(a)) = op.operands.first() {
                    for o in a {
                        push(font, o, usage);
                    }
                }
            }
            "Do" if depth < MAX_DEPTH => {
                let Some(Object::Name(n)) = op.operands.first() else { continue };
                let Some(xobjects) = resources
                    .and_then(|r| r.get(b"XObject").ok())
                    .and_then(|x| deref(doc, x).as_dict().ok())
                else {
                    continue;
                };
                let Ok(Object::Reference(id)) = xobjects.get(n) else { continue };
                if !seen_forms.insert(*id) {
                    continue;
                }
                let Ok(stream) = doc.get_object(*id).and_then(Object::as_stream) else { continue };
                if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
                    continue;
                }
                let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                let form_res = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|r| deref(doc, r).as_dict().ok())
                    .or(resources);
                scan(doc, &data, form_res, font, usage, seen_forms, depth + 1);
            }
            _ => {}
        }
    }
}

/// Splits shown strings into codes the way pdf-extract's CID font reader does: at each
/// position take the shortest code length (1..=4) whose numeric value falls in a codespace
/// range of that length; bytes that match nothing end the string.
pub fn split_codes(strings: &[Vec<u8>], codespace: &[(u8, u32, u32)]) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    for s in strings {
        let mut i = 0;
        'string: while i < s.len() {
            let mut c = 0u32;
            for width in 1..=4u8 {
                let Some(&b) = s.get(i + width as usize - 1) else { break 'string };
                c = (c << 8) | b as u32;
                if codespace.iter().any(|&(n, lo, hi)| n == width && c >= lo && c <= hi) {
                    out.push((c, width));
                    i += width as usize;
                    continue 'string;
                }
            }
            break;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
