//! The stages of `src/` import only earlier stages and the floors: input → pdf → text →
//! report → extract → runners → the binary's commands (`cli/`), with `jp/`, `record/` and
//! `guard` as floors that every stage may
//! use and that import no stage. A scan of every `crate::` path in the library's sources.

use std::fs;
use std::path::Path;

#[path = "common/source_files.rs"]
mod source_files;

use source_files::rust_files;

/// Rank of a top-level module of the library; floors are 0.
fn rank(module: &str) -> Option<u32> {
    Some(match module {
        "jp" | "record" | "guard" | "lang" | "i18n" => 0,
        "input" => 1,
        "pdf" => 2,
        "text" => 3,
        "report" => 4,
        "extract" => 5,
        "compare" | "review" | "tables" => 6,
        // The binary's commands (src/cli/): on top, above every library module.
        "cli" => 7,
        _ => return None,
    })
}

/// The top-level module a source file belongs to (`src/pdf/fonts/mod.rs` → `pdf`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("file under src/");
    let first =
        rel.components().next().expect("non-empty path").as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// Every top-level module named by a `crate::NAME` path in the code (comments skipped).
fn crate_paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (i, _) in line.match_indices("crate::") {
            let before = line[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // e.g. `tokku_crate::`
            }
            let rest = &line[i + "crate::".len()..];
            let name: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn no_module_imports_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let mut violations = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue; // lib.rs and main.rs only declare modules
        }
        let own = rank(&module).unwrap_or_else(|| {
            panic!("{} belongs to no known stage: add it to rank()", file.display())
        });
        let text = fs::read_to_string(file).expect("source is UTF-8");
        for used in crate_paths(&text) {
            let Some(theirs) = rank(&used) else { continue };
            let allowed = if own == 0 { theirs == 0 } else { theirs <= own };
            if !allowed {
                violations.push(format!("{} ({module}) imports crate::{used}", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "stage order broken:\n{}", violations.join("\n"));
}

#[test]
fn the_scan_sees_imports() {
    // The scanner itself: a later stage named in a `use` line is found.
    assert_eq!(
        crate_paths("use crate::report::annex1;\nlet x = crate::extract::run();"),
        ["report", "extract"]
    );
    assert!(crate_paths("use tokku_crate::x;").is_empty());
    assert!(crate_paths("/// see `crate::extract::worker`").is_empty());
}

#[test]
fn every_module_starts_with_a_doc_comment() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let undocumented: Vec<String> = files
        .iter()
        .filter(|f| !fs::read_to_string(f).unwrap_or_default().trim_start().starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(undocumented.is_empty(), "modules without a leading //! doc comment: {undocumented:?}");
}
