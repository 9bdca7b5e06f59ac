//! The document boundary: runs one document's work so that a panic inside tokku or a
//! dependency (pdf-extract and lopdf panic on some malformed inputs) becomes an error
//! value instead of aborting the run, and keeps the panic's message off stderr.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static INSIDE_GUARD: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL_HOOK: Once = Once::new();

/// The message a panic was raised with (`panic!("…")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic without a message".to_string())
}

/// Installs (once per process) a panic hook that stays silent for panics raised inside
/// [`catch_panic`] on the same thread and records their message; other panics go to the
/// previous hook as before.
fn install_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if INSIDE_GUARD.with(|g| g.get()) {
                let message = panic_message(info.payload());
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `work`; a panic becomes `Err(message)`.
pub fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was_inside = INSIDE_GUARD.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    INSIDE_GUARD.with(|g| g.set(was_inside));
    result.map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panic without a message".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let result: Result<(), String> = catch_panic(|| panic!("bad font dictionary"));
        let message = result.expect_err("the panic must be caught");
        assert!(message.contains("bad font dictionary"), "{message}");
        assert_eq!(catch_panic(|| 41 + 1), Ok(42));
    }
}
