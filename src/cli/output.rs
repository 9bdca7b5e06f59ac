//! The one way the `tokku` commands write to stdout, and what happens when that fails or
//! when tokku itself has a bug. A reader that went away (`tokku text FILE | head`, EPIPE)
//! ends the command quietly with status 0, as `grep` and `rg` do: the reader asked for no
//! more. Any other write error (a full disk: ENOSPC) is one line on stderr and status 1.
//! A panic anywhere is one line on stderr (`tokku: internal error: …`), never a
//! backtrace unless `RUST_BACKTRACE` asks for one.

use std::io::{self, BufWriter, ErrorKind, Stdout, Write};
use std::panic::{self, PanicHookInfo};
use std::process::ExitCode;

/// Why writing to stdout stopped.
#[derive(Debug)]
pub enum Stop {
    /// The reader closed the pipe (EPIPE): not an error for a filter.
    ReaderGone,
    /// Any other write error: reported, status 1.
    Failed(io::Error),
}

impl Stop {
    fn from_error(error: io::Error) -> Stop {
        if error.kind() == ErrorKind::BrokenPipe {
            Stop::ReaderGone
        } else {
            Stop::Failed(error)
        }
    }

    /// The command's exit: quiet status 0 for a reader gone, one line on stderr and
    /// status 1 for a failed write.
    pub fn exit(self, command: &str) -> ExitCode {
        match self {
            Stop::ReaderGone => ExitCode::SUCCESS,
            Stop::Failed(error) => {
                eprintln!("tokku {command}: cannot write the output: {error}");
                ExitCode::from(1)
            }
        }
    }
}

/// Buffered stdout whose every write reports [`Stop`] instead of panicking.
pub struct Output {
    writer: BufWriter<Stdout>,
}

impl Output {
    /// Standard output.
    pub fn stdout() -> Output {
        Output { writer: BufWriter::new(io::stdout()) }
    }

    /// Writes `text` and a newline.
    pub fn line(&mut self, text: &str) -> Result<(), Stop> {
        self.writer.write_all(text.as_bytes()).map_err(Stop::from_error)?;
        self.writer.write_all(b"\n").map_err(Stop::from_error)
    }

    /// Writes `text` as it is.
    pub fn text(&mut self, text: &str) -> Result<(), Stop> {
        self.writer.write_all(text.as_bytes()).map_err(Stop::from_error)
    }

    /// Sends what is buffered (call it before the command ends: a full disk often shows
    /// only here).
    pub fn finish(&mut self) -> Result<(), Stop> {
        self.writer.flush().map_err(Stop::from_error)
    }
}

/// The exit status of a command that wrote through an [`Output`]: the command's own
/// status when everything was written, else the one [`Stop::exit`] gives.
pub fn finish(mut output: Output, command: &str, status: ExitCode) -> ExitCode {
    match output.finish() {
        Ok(()) => status,
        Err(stop) => stop.exit(command),
    }
}

/// Installs the process's panic hook: one line on stderr naming the bug's place; the
/// standard report (with a backtrace) only when `RUST_BACKTRACE` is set. Panics inside a
/// document are caught earlier (`tokku::guard`) and become `internal` error records.
pub fn install_panic_hook() {
    let standard = panic::take_hook();
    panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            standard(info);
            return;
        }
        // Not eprintln!: a closed stderr must not turn the report into a second panic.
        let _ = writeln!(io::stderr(), "tokku: {}", panic_line(info));
    }));
}

/// `internal error: MESSAGE at FILE:LINE (a bug in tokku; …)`.
fn panic_line(info: &PanicHookInfo<'_>) -> String {
    let message = tokku::guard::panic_message(info.payload());
    let message = message.lines().next().unwrap_or_default().to_string();
    let place =
        info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
    format!("internal error: {message}{place} (a bug in tokku; please report it; RUST_BACKTRACE=1 shows a backtrace)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_a_quiet_stop_and_other_errors_are_failures() {
        assert!(matches!(
            Stop::from_error(io::Error::from(ErrorKind::BrokenPipe)),
            Stop::ReaderGone
        ));
        assert!(matches!(
            Stop::from_error(io::Error::from(ErrorKind::StorageFull)),
            Stop::Failed(_)
        ));
        assert_eq!(Stop::ReaderGone.exit("text"), ExitCode::SUCCESS);
        assert_eq!(
            Stop::Failed(io::Error::from(ErrorKind::StorageFull)).exit("text"),
            ExitCode::from(1)
        );
    }

    const PANIC_CHILD: &str = "TOKKU_TEST_PANIC_CHILD";

    /// In a child run of this test binary (see below): the hook installed, then a bug.
    #[test]
    fn panicking_child() {
        if std::env::var_os(PANIC_CHILD).is_some() {
            install_panic_hook();
            panic!("an index out of range\nsecond line");
        }
    }

    fn run_panicking_child(backtrace: Option<&str>) -> String {
        let exe = std::env::current_exe().expect("test binary");
        let mut command = std::process::Command::new(exe);
        command
            .args([
                "--exact",
                "cli::output::tests::panicking_child",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(PANIC_CHILD, "1");
        match backtrace {
            Some(value) => command.env("RUST_BACKTRACE", value),
            None => command.env_remove("RUST_BACKTRACE"),
        };
        let output = command.output().expect("child runs");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    #[test]
    fn a_panic_is_one_line_without_a_backtrace_unless_asked() {
        let stderr = run_panicking_child(None);
        let lines: Vec<&str> =
            stderr.lines().filter(|l| l.contains("an index out of range")).collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(
            lines[0]
                .starts_with("tokku: internal error: an index out of range at src/cli/output.rs:"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("second line")
                && !stderr.contains("panicked at")
                && !stderr.contains("stack backtrace"),
            "{stderr}"
        );
        let asked = run_panicking_child(Some("1"));
        assert!(
            asked.contains("panicked at") && asked.contains("stack backtrace"),
            "RUST_BACKTRACE=1 gives the full report: {asked}"
        );
    }
}
