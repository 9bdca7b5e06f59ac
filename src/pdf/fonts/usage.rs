//! Collects the text strings shown with each font object (pages and nested Form
//! XObjects), so that the ToUnicode CMaps and /W arrays tokku synthesizes for fonts
//! without a usable mapping carry only the codes the document uses (a CID font maps up to
//! 65,536 codes; a report uses a few hundred), which keeps the synthesized maps small to
//! build and to parse.

use std::collections::{HashMap, HashSet};

use pdf_extract::fast_paths::{decode_content, walk_content};
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

/// What the scan needs of a content stream's operations, in order.
#[derive(Debug, PartialEq)]
enum TextOp {
    /// `q`
    Save,
    /// `Q`
    Restore,
    /// `Tf` with a name operand.
    Font(Vec<u8>),
    /// A string drawn by `Tj`, `'`, `"` or an element of `TJ`'s array.
    Show(Vec<u8>),
    /// `Do` with a name operand.
    Invoke(Vec<u8>),
}

/// Appends the text ops of one operation (operands are taken, not copied).
fn push_text_ops(operator: &[u8], operands: &mut [Object], out: &mut Vec<TextOp>) {
    let take_string = |o: Option<&mut Object>, out: &mut Vec<TextOp>| {
        if let Some(Object::String(s, _)) = o {
            out.push(TextOp::Show(std::mem::take(s)));
        }
    };
    match operator {
        b"q" => out.push(TextOp::Save),
        b"Q" => out.push(TextOp::Restore),
        b"Tf" => {
            if let Some(Object::Name(n)) = operands.first_mut() {
                out.push(TextOp::Font(std::mem::take(n)));
            }
        }
        b"Tj" | b"'" => take_string(operands.first_mut(), out),
        b"\"" => take_string(operands.get_mut(2), out),
        b"TJ" => {
            if let Some(Object::Array(a)) = operands.first_mut() {
                for o in a {
                    take_string(Some(o), out);
                }
            }
        }
        b"Do" => {
            if let Some(Object::Name(n)) = operands.first_mut() {
                out.push(TextOp::Invoke(std::mem::take(n)));
            }
        }
        _ => {}
    }
}

/// The text ops of a content stream: through the fast lexer's walk where it reads the
/// stream (no operations are built), else from `decode_content`'s operations — the
/// same ops either way. None when the content cannot be decoded.
fn text_ops(content: &[u8]) -> Option<Vec<TextOp>> {
    let mut ops = Vec::new();
    if walk_content(content, &mut |operator, operands| push_text_ops(operator, operands, &mut ops))
    {
        return Some(ops);
    }
    text_ops_decoded(content)
}

/// The text ops of `decode_content`'s operations.
fn text_ops_decoded(content: &[u8]) -> Option<Vec<TextOp>> {
    let content = decode_content(content).ok()?;
    let mut ops = Vec::new();
    for mut op in content.operations {
        push_text_ops(op.operator.as_bytes(), &mut op.operands, &mut ops);
    }
    Some(ops)
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
    let Some(ops) = text_ops(content) else {
        usage.complete = false;
        return;
    };
    let mut stack: Vec<Option<ObjectId>> = Vec::new();
    for op in ops {
        match op {
            TextOp::Save => stack.push(font),
            TextOp::Restore => font = stack.pop().unwrap_or(font),
            TextOp::Font(n) => font = font_id(doc, resources, &n),
            TextOp::Show(s) => {
                if let Some(id) = font {
                    usage.strings.entry(id).or_default().push(s);
                }
            }
            TextOp::Invoke(n) if depth < MAX_DEPTH => {
                let Some(xobjects) = resources
                    .and_then(|r| r.get(b"XObject").ok())
                    .and_then(|x| deref(doc, x).as_dict().ok())
                else {
                    continue;
                };
                let Ok(Object::Reference(id)) = xobjects.get(&n) else { continue };
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
            TextOp::Invoke(_) => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_gives_the_text_ops_of_the_decoded_operations() {
        let cases: &[&[u8]] = &[
            b"q BT /F1 12 Tf (Hello) Tj [(A) -250 <0041> 3 (B)] TJ (x) ' 1 2 (y) \" ET Q /Fm0 Do",
            b"/F2 Tf 12 Tf (no name) Tj [] TJ (a) TJ 5 Tj /N Do 1 Do",
            b"BT /F1 1 Tf 1 (s) \" (t) (u) ' ET",
            // Outside the fast lexer's subset: decoded by lopdf, the same ops.
            b"BT /F1 12 Tf (a) Tj [1 0 R] TJ BI /W 1 ID \x00 EI (b) Tj ET",
        ];
        for case in cases {
            let decoded = text_ops_decoded(case);
            assert_eq!(text_ops(case), decoded, "{}", String::from_utf8_lossy(case));
        }
        let ops = text_ops(cases[0]).expect("plain content");
        assert_eq!(
            ops,
            vec![
                TextOp::Save,
                TextOp::Font(b"F1".to_vec()),
                TextOp::Show(b"Hello".to_vec()),
                TextOp::Show(b"A".to_vec()),
                TextOp::Show(b"\x00\x41".to_vec()),
                TextOp::Show(b"B".to_vec()),
                TextOp::Show(b"x".to_vec()),
                TextOp::Show(b"y".to_vec()),
                TextOp::Restore,
                TextOp::Invoke(b"Fm0".to_vec()),
            ]
        );
    }
}
