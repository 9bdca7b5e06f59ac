//! The decompressed-bytes budget for the object streams of an encrypted file. lopdf
//! decrypts an encrypted file's objects and inflates its object streams while loading,
//! without the load filter that caps them in a plain file, and their encrypted bytes say
//! nothing of their decoded size. So before the real load, tokku copies the encryption
//! dictionary and the object streams (with their own object numbers, which the keys
//! depend on) into a small PDF of their own, lets lopdf decrypt that one (it holds no
//! compressed-object entries, so nothing is inflated), and counts each decrypted object
//! stream's decoded size against the budget without keeping it.

use pdf_extract::{Document, Object};

use crate::guard::catch_panic;
use crate::pdf::limits::{decoded_len, Limit, LimitExceeded, Limits};
use crate::pdf::recover::{dict_get, dict_has_name, ScannedFile, ScannedObject};

/// Refuses an encrypted file whose object streams decode to more than the budget.
/// Files without object streams, and files that need a password (lopdf decrypts
/// nothing then; the real load says `encrypted`), pass unchecked.
pub fn check_object_streams(file: &ScannedFile, limits: &Limits) -> Result<(), LimitExceeded> {
    let bytes = file.bytes();
    let Some(trailer) = file.trailer() else { return Ok(()) };
    let object_streams: Vec<&ScannedObject> = file
        .latest()
        .map(|(_, object)| object)
        .filter(|o| {
            o.stream.is_some()
                && o.dict.is_some_and(|d| dict_has_name(bytes, d, b"Type", b"ObjStm"))
        })
        .collect();
    if object_streams.is_empty() {
        return Ok(());
    }
    let Some(encrypt) = dict_get(bytes, trailer, b"Encrypt") else { return Ok(()) };
    let mut copied: Vec<&ScannedObject> = object_streams.clone();
    // The encryption dictionary, when it is an indirect object.
    if let Some(id) = reference(&bytes[encrypt.0..encrypt.1]) {
        if let Some(object) =
            file.latest().find(|(number, _)| *number == id.0).map(|(_, o)| o).filter(|o| o.id == id)
        {
            copied.push(object);
        }
    }
    let Some(sealed) = small_pdf(bytes, trailer, encrypt, &copied) else { return Ok(()) };
    let Ok(Ok(doc)) = catch_panic(|| Document::load_mem(&sealed)) else { return Ok(()) };
    let mut total = 0u64;
    for object in &object_streams {
        let Some(Object::Stream(stream)) = doc.objects.get(&object.id) else { continue };
        let names = stream.filters().unwrap_or_default();
        let left = limits.max_decompressed_bytes.saturating_sub(total);
        match decoded_len(&names, &stream.content, left) {
            Ok(n) => total += n,
            Err(()) => {
                return Err(LimitExceeded::new(
                    Limit::DecompressedBytes,
                    format!(
                        "the encrypted file's object streams decompress to more than {} MiB (object stream {} {} R passes the budget; a decompression bomb?)",
                        limits.max_decompressed_bytes / (1024 * 1024),
                        object.id.0,
                        object.id.1
                    ),
                ))
            }
        }
    }
    Ok(())
}

/// `N G R` → (N, G).
fn reference(text: &[u8]) -> Option<(u32, u16)> {
    let text = std::str::from_utf8(text).ok()?;
    let mut parts = text.split_whitespace();
    let number = parts.next()?.parse().ok()?;
    let generation = parts.next()?.parse().ok()?;
    (parts.next()? == "R").then_some((number, generation))
}

/// A PDF of `objects` (copied as they are) with a cross-reference table, a catalog of its
/// own, and a trailer with the original's /Encrypt and /ID.
fn small_pdf(
    bytes: &[u8],
    trailer: (usize, usize),
    encrypt: (usize, usize),
    objects: &[&ScannedObject],
) -> Option<Vec<u8>> {
    let id = dict_get(bytes, trailer, b"ID").map(|(s, e)| &bytes[s..e]);
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut entries: Vec<(u32, u16, usize)> = Vec::new();
    for object in objects {
        let from = object.stream.as_ref().map(|s| s.data_end).unwrap_or(object.value.1);
        let end =
            memchr::memmem::find(&bytes[from..], b"endobj").map(|i| from + i + b"endobj".len())?;
        entries.push((object.id.0, object.id.1, pdf.len()));
        pdf.extend_from_slice(&bytes[object.header..end]);
        pdf.push(b'\n');
    }
    let catalog = entries.iter().map(|e| e.0).max().unwrap_or(0) + 1;
    entries.push((catalog, 0, pdf.len()));
    pdf.extend(format!("{catalog} 0 obj\n<< /Type /Catalog >>\nendobj\n").as_bytes());
    entries.sort();
    let xref = pdf.len();
    pdf.extend(b"xref\n0 1\n0000000000 65535 f \n");
    for (number, generation, offset) in &entries {
        pdf.extend(format!("{number} 1\n{offset:010} {generation:05} n \n").as_bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {} /Root {catalog} 0 R /Encrypt ", catalog + 1).as_bytes(),
    );
    pdf.extend_from_slice(&bytes[encrypt.0..encrypt.1]);
    if let Some(id) = id {
        pdf.extend(b" /ID ");
        pdf.extend_from_slice(id);
    }
    pdf.extend(format!(" >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    Some(pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read() {
        assert_eq!(reference(b"12 0 R"), Some((12, 0)));
        assert_eq!(reference(b"<< /Filter /Standard >>"), None);
    }
}
