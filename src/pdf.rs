//! PDF reading: loads a document with lopdf, repairs its fonts, and runs pdf-extract's
//! interpreter into the layout collector, all inside the panic guard. Returns pages of
//! glyphs and ruling lines, or a classified error.

use pdf_extract::{Document, Object};

use crate::fonts::{repair_fonts, FontRepairReport};
use crate::guard::catch_panic;
use crate::layout::{LayoutCollector, Page};
use crate::record::ErrorCode;

/// A PDF read into pages.
#[derive(Debug)]
pub struct PdfPages {
    pub pages: Vec<Page>,
    pub producer: Option<String>,
    pub font_repairs: FontRepairReport,
}

/// A classified failure to read a PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError {
    pub code: ErrorCode,
    pub message: String,
}

/// The page count of a loaded document, when it can be read.
pub fn page_count(doc: &Document) -> usize {
    doc.get_pages().len()
}

/// Loads and interprets a PDF. Never panics: a panic in lopdf or pdf-extract becomes
/// an `internal` or `damaged` error.
pub fn read_pdf(bytes: &[u8]) -> Result<PdfPages, PdfError> {
    let mut doc = match catch_panic(|| Document::load_mem(bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(classify_load_error(&e)),
        Err(panic) => return Err(PdfError { code: ErrorCode::Damaged, message: format!("the PDF parser failed: {panic}") }),
    };
    if doc.is_encrypted() {
        return Err(PdfError { code: ErrorCode::Encrypted, message: "the PDF is encrypted; tokku reads only unencrypted PDFs".into() });
    }
    let producer = info_string(&doc, b"Producer");
    let font_repairs = match catch_panic(|| repair_fonts(&mut doc)) {
        Ok(report) => report,
        Err(panic) => return Err(PdfError { code: ErrorCode::Internal, message: format!("font repair failed: {panic}") }),
    };
    let mut collector = LayoutCollector::default();
    match catch_panic(|| pdf_extract::output_doc(&doc, &mut collector)) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return Err(PdfError { code: ErrorCode::Damaged, message: format!("the PDF's content could not be interpreted: {e}") })
        }
        Err(panic) => {
            return Err(PdfError { code: ErrorCode::Internal, message: format!("the PDF interpreter (pdf-extract) panicked: {panic}") })
        }
    }
    Ok(PdfPages { pages: collector.pages, producer, font_repairs })
}

fn classify_load_error(error: &pdf_extract::Error) -> PdfError {
    let text = error.to_string();
    let code = if text.to_lowercase().contains("decrypt") || text.to_lowercase().contains("encrypt") {
        ErrorCode::Encrypted
    } else {
        ErrorCode::Damaged
    };
    PdfError { code, message: format!("the PDF cannot be parsed: {text}") }
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
        let units: Vec<u16> = bytes[2..].chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}
