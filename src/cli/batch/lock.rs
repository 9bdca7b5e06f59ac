//! The exclusive lock of a batch's output directory: `DIR/.tokku-batch.lock`, holding the
//! pid of the run that holds it, locked with `flock` for as long as the run lives. A
//! second run on the same directory is refused with the holder's pid. The kernel drops
//! the `flock` when its holder dies, so a lock file left by a killed run is stale: the
//! next run takes it over and says so.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The lock file in the output directory.
pub const LOCK_FILE: &str = ".tokku-batch.lock";

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{dir} is in use by another tokku batch (pid {pid}, per {lock}); wait for it to finish or choose another --out")]
    Held { dir: String, pid: String, lock: String },
    #[error("cannot lock {lock}: {source}")]
    Io { lock: String, source: io::Error },
}

/// The held lock; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct OutLock {
    path: PathBuf,
    file: File,
}

/// What taking the lock found.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// No earlier run had left a lock.
    Fresh,
    /// A lock left by a run that is gone (pid as written in it) was taken over.
    Stale(String),
}

impl OutLock {
    /// Takes the lock of `out_dir` without waiting.
    pub fn acquire(out_dir: &Path) -> Result<(OutLock, Taken), LockError> {
        let path = out_dir.join(LOCK_FILE);
        let io_error = |source| LockError::Io { lock: path.display().to_string(), source };
        // The file may be removed by its holder between our open and our flock: then we
        // hold the lock of a file no one else sees, and try again on the new one.
        for _ in 0..16 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io_error)?;
            // SAFETY: flock on a file descriptor this function owns; no memory is involved.
            let locked =
                unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
            let mut previous = String::new();
            file.read_to_string(&mut previous).map_err(io_error)?;
            let previous = previous.trim().to_string();
            if !locked {
                let error = io::Error::last_os_error();
                if error.raw_os_error() != Some(libc::EWOULDBLOCK) {
                    return Err(io_error(error));
                }
                let pid = if previous.is_empty() { "unknown".to_string() } else { previous };
                return Err(LockError::Held {
                    dir: out_dir.display().to_string(),
                    pid,
                    lock: path.display().to_string(),
                });
            }
            let same_file = match (file.metadata(), std::fs::metadata(&path)) {
                (Ok(held), Ok(named)) => held.ino() == named.ino() && held.dev() == named.dev(),
                _ => false,
            };
            if !same_file {
                continue;
            }
            file.set_len(0).map_err(io_error)?;
            file.seek(SeekFrom::Start(0)).map_err(io_error)?;
            writeln!(file, "{}", std::process::id()).map_err(io_error)?;
            file.sync_all().map_err(io_error)?;
            let taken = if previous.is_empty() { Taken::Fresh } else { Taken::Stale(previous) };
            return Ok((OutLock { path, file }, taken));
        }
        Err(io_error(io::Error::other("the lock file keeps being replaced")))
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other run can see an empty, unlocked file
        // and mistake it for ours; the flock goes with the descriptor.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.set_len(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_holders_pid_and_released_on_drop() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (lock, taken) = OutLock::acquire(dir.path()).expect("first lock");
        assert_eq!(taken, Taken::Fresh);
        let written = std::fs::read_to_string(dir.path().join(LOCK_FILE)).expect("lock file");
        assert_eq!(written.trim(), std::process::id().to_string());
        // flock is per open file description: a second open in this process conflicts too.
        match OutLock::acquire(dir.path()) {
            Err(LockError::Held { pid, .. }) => assert_eq!(pid, std::process::id().to_string()),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());
        let (_again, taken) = OutLock::acquire(dir.path()).expect("lock after release");
        assert_eq!(taken, Taken::Fresh);
    }

    #[test]
    fn a_lock_file_without_a_holder_is_taken_over_as_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(LOCK_FILE), "4194303\n").expect("stale lock");
        let (_lock, taken) = OutLock::acquire(dir.path()).expect("stale lock taken over");
        assert_eq!(taken, Taken::Stale("4194303".to_string()));
    }
}
