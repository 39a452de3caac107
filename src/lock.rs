//! One build at a time per output folder: a build holds an exclusive lock on
//! a file beside the folder it writes (`.public.stegvis-lock` for `public/`)
//! from its start to its end, so a second build of the same output stops at
//! once with a clear message instead of racing the first one's swap. The
//! operating system releases the lock when the process ends, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another stegvis build is writing {out} (it holds {lock}); wait for it to finish, or build into another --out"
    )]
    Busy { out: PathBuf, lock: PathBuf },
    #[error("cannot lock {lock}: {source}")]
    Io {
        lock: PathBuf,
        source: std::io::Error,
    },
}

/// The lock file of output folder `out`.
pub fn lock_path(out: &Path) -> PathBuf {
    crate::write::beside(out, "lock")
}

impl OutputLock {
    /// Takes the lock of output folder `out`, or says who has it.
    pub fn acquire(out: &Path) -> Result<OutputLock, LockError> {
        let lock = lock_path(out);
        let io = |source| LockError::Io {
            lock: lock.clone(),
            source,
        };
        if let Some(parent) = lock.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(OutputLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy {
                out: out.to_path_buf(),
                lock,
            }),
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_of_the_same_output_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = OutputLock::acquire(&out).unwrap();
        let second = OutputLock::acquire(&out);
        assert!(matches!(second, Err(LockError::Busy { .. })), "{second:?}");
        let other = OutputLock::acquire(&dir.path().join("elsewhere"));
        assert!(other.is_ok(), "another output folder is another lock");
        drop(first);
        assert!(OutputLock::acquire(&out).is_ok());
        assert_eq!(lock_path(&out), dir.path().join(".public.stegvis-lock"));
    }
}
