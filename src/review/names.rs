//! The file names of review pages: the document's own name (Japanese kept), so a
//! bookmark survives a rerun with other inputs. Only what a common file system (Linux,
//! macOS, Windows) or a URL cannot hold is replaced by `_`: path separators and their
//! look-alikes (U+2215 ∕, U+2044 ⁄, U+FF0F ／ …, and anything whose NFKC form has `/` or `\`),
//! control characters (NUL included), `:*?"<>|#%` and spaces; a leading `.` (no hidden
//! pages, no `..`) and Windows' reserved names (`CON`, `NUL`, …) are prefixed with `_`.
//! A name is cut at a UTF-8 boundary to at most [`MAX_NAME_BYTES`] bytes. Two documents
//! whose names come out the same (case aside: macOS and Windows do not tell case apart),
//! such as `2019/report.pdf` and `2020/report.pdf`, both get a short hash of their path
//! as given; a name that would be `index.html` or `zones.html` gets one too.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// The longest page name, in bytes (file systems allow 255; room is left for a
/// temporary suffix).
pub const MAX_NAME_BYTES: usize = 200;

/// Names Windows keeps for devices, whatever follows their first dot.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Slashes that are not `/` or `\` but look like one (NFKC maps only some of them,
/// e.g. U+FF0F ／, to `/`; U+2215 ∕ and U+2044 ⁄ stay).
const SLASH_LOOKALIKES: &str = "\u{2044}\u{2215}\u{2216}\u{2571}\u{2572}\u{27CB}\u{27CD}\u{29F5}\u{29F8}\u{29F9}\u{FE68}\u{FF0F}\u{FF3C}";

/// Whether a page name may hold this character.
fn allowed(c: char) -> bool {
    !(c.is_control()
        || c.is_whitespace()
        || ":*?\"<>|#%/\\".contains(c)
        || SLASH_LOOKALIKES.contains(c)
        || c.to_string().nfkc().any(|d| d == '/' || d == '\\'))
}

/// A name's safe form: unsafe characters replaced, no leading dot, no reserved name.
pub fn safe_name(name: &str) -> String {
    let mut safe: String = name.chars().map(|c| if allowed(c) { c } else { '_' }).collect();
    if safe.starts_with('.') {
        safe.replace_range(..1, "_");
    }
    let first = safe.split('.').next().unwrap_or("").to_ascii_lowercase();
    if RESERVED.contains(&first.as_str()) {
        safe.insert(0, '_');
    }
    if safe.is_empty() {
        safe.push_str("document");
    }
    safe
}

/// `text` cut to at most `bytes` bytes at a character boundary.
fn cut(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The first 8 hex digits of the SHA-256 of a path as given.
fn short_hash(path: &str) -> String {
    Sha256::digest(path.as_bytes()).iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// The last component of a path, `/` or `\` separated, without its extension.
fn stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// A page's name from its base and (when needed) a hash: `base.html`, `base-hash.html`.
fn page_name(base: &str, hash: Option<&str>) -> String {
    let suffix = match hash {
        Some(hash) => format!("-{hash}.html"),
        None => ".html".to_string(),
    };
    format!("{}{suffix}", cut(base, MAX_NAME_BYTES - suffix.len()))
}

/// The page name of each path (in order): the document's name made safe, with a short
/// hash of the path where two paths' names come out the same or the name is `index`.
/// A name depends only on its path and on which other paths share its name.
pub fn page_names(paths: &[&str]) -> Vec<String> {
    let bases: Vec<String> = paths.iter().map(|p| safe_name(stem(p))).collect();
    let plain: Vec<String> = bases.iter().map(|b| page_name(b, None).to_lowercase()).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for name in &plain {
        *count.entry(name.as_str()).or_default() += 1;
    }
    paths
        .iter()
        .zip(&bases)
        .zip(&plain)
        .map(|((path, base), plain)| {
            if count[plain.as_str()] > 1
                || plain == super::INDEX_FILE
                || plain == super::ZONE_INDEX_FILE
            {
                page_name(base, Some(&short_hash(path)))
            } else {
                page_name(base, None)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_names_are_kept_and_unsafe_characters_replaced() {
        assert_eq!(page_names(&["data/評価書 令和2年度.pdf"]), ["評価書_令和2年度.html"]);
        assert_eq!(page_names(&["fixtures/pdf/seed_libreoffice.pdf"]), ["seed_libreoffice.html"]);
        assert_eq!(page_names(&["\"><script>.pdf"]), ["___script_.html"]);
        assert_eq!(page_names(&["a∕b／c⁄d＼e.pdf"]), ["a_b_c_d_e.html"]);
        assert_eq!(page_names(&["..pdf"]), ["_.html"]);
        assert_eq!(page_names(&["CON.pdf"]), ["_CON.html"]);
        assert_eq!(page_names(&["x\0y.pdf"]), ["x_y.html"]);
    }

    #[test]
    fn names_are_stable_and_a_hash_tells_same_named_documents_apart() {
        let alone = page_names(&["2019/report.pdf", "other.pdf"]);
        assert_eq!(alone, ["report.html", "other.html"]);
        // Adding an unrelated input changes no name; a second report.pdf hashes both.
        assert_eq!(page_names(&["new.pdf", "2019/report.pdf", "other.pdf"])[1], "report.html");
        let both = page_names(&["2019/report.pdf", "2020/report.pdf"]);
        assert_ne!(both[0], both[1]);
        assert!(both[0].starts_with("report-") && both[0].len() == "report-12345678.html".len());
        // Case does not tell pages apart on macOS or Windows.
        let cased = page_names(&["a/Report.pdf", "b/report.txt"]);
        assert_ne!(cased[0].to_lowercase(), cased[1].to_lowercase());
        // A document called index does not overwrite the index.
        assert_ne!(page_names(&["index.pdf"])[0], super::super::INDEX_FILE);
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let long = format!("{}.pdf", "評".repeat(100));
        let name = &page_names(&[long.as_str()])[0];
        assert!(name.len() <= MAX_NAME_BYTES, "{}", name.len());
        assert!(name.ends_with(".html") && name.starts_with("評評"));
        let twice = page_names(&[long.as_str(), &format!("x/{long}")]);
        assert!(twice.iter().all(|n| n.len() <= MAX_NAME_BYTES && n.ends_with(".html")));
        assert_ne!(twice[0], twice[1]);
    }
}
