//! Reading PDFs: font classes and their repair, the vendored pdf-extract's patches,
//! damaged and hostile files (glyph bombs, fuzz finds, worker limits), published and
//! real-world government PDFs, and how often a document's bytes and content are read.
//! One test binary: each file below is a module of it.

#[path = "../common/mod.rs"]
mod common;

// Count work per read with per-thread counters, built only with the `work-counters`
// feature (`make test` enables it); each test reads on its own thread, so the other
// tests of this binary running in parallel do not disturb the counts.
#[cfg(feature = "work-counters")]
mod content_read_once;
#[cfg(feature = "work-counters")]
mod scan_once;

mod damaged_corpus;
mod font_classes;
mod fuzz_regressions;
mod glyph_bomb;
mod malformed_fonts;
mod published;
mod realworld;
mod seed_fonts;
mod text_by_font_class;
mod vendor_fast_paths;
mod vendor_patches;
mod worker_limits;
