//! Running one document where it can be stopped: a watchdog thread for in-process runs
//! (`tokku extract`), and worker processes for isolated runs (`tokku batch --isolate`):
//! the parent spawns the hidden `tokku extract-one` under an address-space limit
//! (`RLIMIT_AS`, `--max-memory-mb`), kills it at the wall-time limit, and turns a worker
//! that dies (out of memory, a stack overflow in a dependency) into an error record, so
//! that one file can never take the whole run down.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::extract::{Extractor, Isolation};
use crate::input::detect::sha256_hex;
use crate::pdf::limits::{Limit, LimitExceeded, Limits};
use crate::record::{ErrorCode, Record, Source};

/// Extra time a worker gets past its own wall-time limit before it is killed (its
/// cooperative checks normally stop it first, with a better message).
pub const GRACE: Duration = Duration::from_secs(2);

/// Stack size of the thread a document is read on (deep but finite recursion in the
/// PDF dependencies must not overflow the default 2 MiB).
pub const STACK_BYTES: usize = 256 * 1024 * 1024;

/// What the Rust runtime prints when an allocation fails (then it aborts): in a worker
/// under `RLIMIT_AS`, the sign that it reached its memory limit.
const ALLOCATION_FAILED: &str = "memory allocation of";

fn limit_record(file: &str, bytes: Option<&[u8]>, limits: &Limits, how: &str) -> Record {
    Record::failed(
        Source { file: file.to_string(), sha256: bytes.map(sha256_hex), ..Source::default() },
        ErrorCode::LimitExceeded,
        format!(
            "limit wall_time exceeded: reading took longer than {} s; {how}",
            limits.wall_time.as_secs_f64()
        ),
        Vec::new(),
    )
}

/// [`Extractor::record`] in-process on a thread of its own with a large stack, waited for at most
/// the wall time plus [`GRACE`]. The thread ends with its document: joined once it has
/// sent its record; a document that overruns is reported as `limit_exceeded`, and its
/// thread (whose own deadline has passed by then, so it stops at its next cooperative
/// check) is given one more [`GRACE`] to end and joined. Only a dependency stuck where no
/// check runs can keep it alive past that (use worker processes for a hard stop).
pub(super) fn record_watched(extractor: &Extractor, bytes: &[u8], file: &str) -> Record {
    let (tx, rx) = mpsc::channel();
    let owned = bytes.to_vec();
    let name = file.to_string();
    let in_process = extractor.clone().with_isolation(Isolation::InProcess);
    let limits = *extractor.limits();
    let spawned = std::thread::Builder::new()
        .name("tokku-document".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let record = in_process.record_in_process(&owned, &name);
            let _ = tx.send(record);
        });
    let Ok(handle) = spawned else {
        return extractor.record_in_process(bytes, file);
    };
    let limits = &limits;
    match rx.recv_timeout(limits.wall_time + GRACE) {
        Ok(record) => {
            let _ = handle.join();
            record
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let ended = rx.recv_timeout(GRACE).is_ok() || handle.is_finished();
            let how = if ended {
                let _ = handle.join();
                "the reader stopped after the limit"
            } else {
                "the reader was abandoned"
            };
            limit_record(file, Some(bytes), limits, how)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Record::failed(
            Source { file: file.to_string(), sha256: Some(sha256_hex(bytes)), ..Source::default() },
            ErrorCode::Internal,
            "the reading thread ended without a record (a bug; please report it)",
            Vec::new(),
        ),
    }
}

/// What a worker run measured (also printed by `tokku extract-one` on stderr).
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkerStats {
    pub elapsed: Duration,
    /// Peak resident memory of the worker process in KiB (Linux; None elsewhere).
    pub peak_rss_kib: Option<u64>,
}

/// Peak resident set size of this process (VmHWM), Linux only.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The flags of `tokku extract-one` that ask for `limits` (the binary's limit flags,
/// `src/cli/limits.rs`; a test there parses these back into the same limits).
pub fn worker_args(limits: &Limits) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "--timeout-secs".into(),
        limits.wall_time.as_secs().max(1).to_string(),
        "--max-decompressed-mb".into(),
        (limits.max_decompressed_bytes / (1024 * 1024)).max(1).to_string(),
        "--max-pages".into(),
        limits.max_pages.to_string(),
        "--max-objects".into(),
        limits.max_objects.to_string(),
        "--max-glyphs".into(),
        limits.max_glyphs.to_string(),
        "--max-memory-mb".into(),
        (limits.max_memory_bytes / (1024 * 1024)).max(1).to_string(),
    ];
    if limits.respect_permissions {
        args.push("--respect-permissions".into());
    }
    args
}

/// Reads `file` in a worker process (`exe extract-one --limits… file`; the worker prints
/// `tokku-worker: elapsed_ms=… peak_rss_kib=…` on stderr), killing it when
/// it overruns the wall time (plus [`GRACE`]). Always returns one record: the worker's,
/// or `limit_exceeded` (killed at the limit) or `internal` (the worker died or printed
/// no record). `exe` is the tokku binary (`std::env::current_exe()` in the CLI).
pub(super) fn record_isolated(exe: &Path, file: &Path, limits: &Limits) -> (Record, WorkerStats) {
    let start = Instant::now();
    let name = file.display().to_string();
    let sha = || std::fs::read(file).ok().map(|b| sha256_hex(&b));
    let failed = |code, message: String| {
        Record::failed(
            Source { file: name.clone(), sha256: sha(), ..Source::default() },
            code,
            message,
            Vec::new(),
        )
    };
    let mut command = Command::new(exe);
    command
        .arg("extract-one")
        .args(worker_args(limits))
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let memory = libc::rlim_t::try_from(limits.max_memory_bytes).unwrap_or(libc::RLIM_INFINITY);
    // SAFETY: runs in the forked child before exec; setrlimit is async-signal-safe and
    // touches no memory of the parent.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit { rlim_cur: memory, rlim_max: memory };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return (
                failed(ErrorCode::Internal, format!("cannot start a worker process: {e}")),
                WorkerStats::default(),
            )
        }
    };
    // Drain the pipes on threads so that a large record cannot block the worker.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut out);
            }
            out
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = limits.wall_time + GRACE;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let out = stdout.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    let mut stats = WorkerStats { elapsed: start.elapsed(), peak_rss_kib: None };
    if let Some(line) = err.lines().find(|l| l.starts_with("tokku-worker:")) {
        stats.peak_rss_kib = line.split("peak_rss_kib=").nth(1).and_then(|v| v.trim().parse().ok());
    }
    let Some(status) = status else {
        let record = limit_record(
            &name,
            std::fs::read(file).ok().as_deref(),
            limits,
            "the worker process was killed",
        );
        return (record, stats);
    };
    let text = String::from_utf8_lossy(&out);
    match text.lines().next().map(serde_json::from_str::<Record>) {
        Some(Ok(record)) => (record, stats),
        _ if err.contains(ALLOCATION_FAILED) => {
            let mib = limits.max_memory_bytes / (1024 * 1024);
            let message = LimitExceeded::new(
                Limit::Memory,
                format!("the worker process reading this file needed more than {mib} MiB of memory (--max-memory-mb) and was stopped"),
            )
            .message();
            (failed(ErrorCode::LimitExceeded, message), stats)
        }
        _ => {
            let how = match status.code() {
                Some(code) => format!("exited with status {code}"),
                None => "was killed by a signal (out of memory, or a stack overflow in a PDF dependency?)".to_string(),
            };
            (
                failed(
                    ErrorCode::Internal,
                    format!("the worker process reading this file {how} without a record"),
                ),
                stats,
            )
        }
    }
}
