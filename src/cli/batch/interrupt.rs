//! Ctrl-C during a batch: one line on stderr (`interrupted: N documents kept; run again
//! to resume`), the run's temporary files removed (the generation being written, the
//! lock), and exit status 130. The journal stays: it is what the next run resumes from.
//! A generation already published is never removed (the handler and the publishing
//! step take the same lock).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// What the handler needs to know about the running batch.
#[derive(Debug, Default)]
pub struct Interrupt {
    /// Documents finished (extracted and journaled, or reused) so far.
    pub finished: AtomicUsize,
    /// The generation being written, until it is published.
    writing: Mutex<Option<PathBuf>>,
    /// The output directory's lock file.
    lock_file: Mutex<Option<PathBuf>>,
}

static INTERRUPT: OnceLock<Interrupt> = OnceLock::new();

/// The line printed on Ctrl-C.
pub fn interrupted_message(finished: usize) -> String {
    format!(
        "interrupted: {} kept; run again to resume",
        crate::cli::text::counted(finished, "document")
    )
}

impl Interrupt {
    /// The batch's interrupt state, with the Ctrl-C handler installed (once per process;
    /// a handler that cannot be installed leaves Ctrl-C as it was).
    pub fn install(lock_file: PathBuf) -> &'static Interrupt {
        let interrupt = INTERRUPT.get_or_init(Interrupt::default);
        if let Ok(mut lock) = interrupt.lock_file.lock() {
            *lock = Some(lock_file);
        }
        let _ = ctrlc::set_handler(|| {
            if let Some(interrupt) = INTERRUPT.get() {
                interrupt.stop();
            }
        });
        interrupt
    }

    /// Says that `generation` is being written (removed if the run is interrupted).
    pub fn writing(&self, generation: Option<PathBuf>) {
        if let Ok(mut writing) = self.writing.lock() {
            *writing = generation;
        }
    }

    /// Runs `publish` so that an interruption cannot remove the generation it publishes.
    pub fn publishing<T>(&self, publish: impl FnOnce() -> T) -> T {
        let mut writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let result = publish();
        *writing = None;
        result
    }

    fn stop(&self) -> ! {
        let writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(generation) = writing.as_ref() {
            let _ = std::fs::remove_dir_all(generation);
        }
        if let Some(lock) = self.lock_file.lock().ok().and_then(|l| l.clone()) {
            let _ = std::fs::remove_file(lock);
        }
        eprintln!("{}", interrupted_message(self.finished.load(Ordering::Relaxed)));
        std::process::exit(130)
    }
}
