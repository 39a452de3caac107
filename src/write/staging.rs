//! The staging folder of one build: made and marked before the first file,
//! filled from many threads as pages are rendered, and swapped in at the end
//! (or removed, when the build does not publish).

use std::collections::{BTreeSet, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{
    Follow, MARKER, WriteError, Written, carries_marker, check_output, fresh, io, is_safe,
    parent_and_name, remove_ours, swap, sweep_leftovers,
};
use crate::render::{Output, Sink};

/// Where a file of the output lies on disk: enough to tell, on the next
/// build, that it is still the file this build made (a hard link keeps all
/// three; an edit or a replacement changes one of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
    pub inode: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| match t.duration_since(std::time::UNIX_EPOCH) {
                Ok(d) => i128::try_from(d.as_nanos()).ok(),
                Err(e) => i128::try_from(e.duration().as_nanos()).ok().map(|n| -n),
            })
            .unwrap_or(0);
        Stamp {
            len: meta.len(),
            modified_ns,
            inode: inode(meta),
        }
    }

    /// The stamp of the file at `path` (not following a symbolic link), if it
    /// is a regular file.
    pub fn read(path: &Path) -> Option<Stamp> {
        Stamp::at(path, Follow::NotLinks)
    }

    /// The stamp of the regular file at `path`, following a symbolic link or
    /// not as `follow` says; `None` where there is no regular file.
    pub fn at(path: &Path, follow: Follow) -> Option<Stamp> {
        let meta = match follow {
            Follow::Links => std::fs::metadata(path),
            Follow::NotLinks => std::fs::symlink_metadata(path),
        };
        meta.ok().filter(|m| m.is_file()).map(|m| Stamp::of(&m))
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// An earlier output folder to fill instead of a fresh one: most of its files
/// are already the ones the new output needs (hard links to the current
/// output's), so only what changed is touched.
pub struct Recycle<'a> {
    pub folder: PathBuf,
    /// The current output folder's files, with their stamps as recorded.
    pub current: &'a FxHashMap<String, Stamp>,
    /// What it holds, told by how it differs from the current output (a few
    /// files, where a copy of the whole record would cost a copy of every
    /// path): the files whose stamps differ or that only it holds,
    pub other: FxHashMap<String, Stamp>,
    /// and the current output's files it lacks.
    pub missing: FxHashSet<String>,
}

impl Recycle<'_> {
    /// The stamp, as recorded, of the file it holds at `path`.
    pub fn holds(&self, path: &str) -> Option<Stamp> {
        match self.other.get(path) {
            Some(stamp) => Some(*stamp),
            None if self.missing.contains(path) => None,
            None => self.current.get(path).copied(),
        }
    }

    /// Whether the file it holds at `path` is the current output's (for a
    /// `path` the current output has).
    fn holds_current(&self, path: &str) -> bool {
        !self.other.contains_key(path) && !self.missing.contains(path)
    }

    /// Every file it holds.
    fn held(&self) -> impl Iterator<Item = &String> {
        self.current
            .keys()
            .filter(|path| self.holds_current(path))
            .chain(self.other.keys())
    }

    /// Whether it holds no file at all.
    pub fn is_empty(&self) -> bool {
        self.other.is_empty() && self.current.keys().all(|path| self.missing.contains(path))
    }
}

/// A build's staging folder beside the output folder.
pub struct Staging<'a> {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    folder: PathBuf,
    /// The output folder being replaced, when it is stegvis's: files whose
    /// bytes it already holds are linked from it.
    previous: Option<PathBuf>,
    /// The first failure; once set, files are no longer taken.
    error: Mutex<Option<WriteError>>,
    failed: AtomicBool,
    /// Every file put so far and how (one lock for all of it: counters of
    /// their own, changed by both cores for every file, cost more than it).
    put: Mutex<Put>,
    /// Files kept from the previous output whose stamp is not known here.
    kept: Mutex<Vec<String>>,
    /// The earlier output this folder started from.
    recycled: Option<Recycle<'a>>,
    /// Where the previous output goes once replaced (to be recycled by the
    /// next build); `None`: it is removed.
    keep_previous: Option<PathBuf>,
    /// Whether the folder was swapped in or removed already.
    done: bool,
}

impl<'a> Staging<'a> {
    /// Makes and marks a fresh staging folder for output folder `out`, after
    /// checking that `out` may be replaced and sweeping what killed builds left.
    pub fn begin(out: &Path) -> Result<Staging<'a>, WriteError> {
        Staging::begin_with(out, None, None)
    }

    /// `begin`, starting from `recycle` (an earlier output, which a killed
    /// build leaves as a staging folder to sweep) instead of an empty
    /// folder, and moving the previous output to `keep_previous` after the
    /// swap instead of removing it.
    pub fn begin_with(
        out: &Path,
        recycle: Option<Recycle<'a>>,
        keep_previous: Option<PathBuf>,
    ) -> Result<Staging<'a>, WriteError> {
        check_output(out)?;
        let (parent, name) = parent_and_name(out);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        sweep_leftovers(&parent, &name);
        let folder = fresh(
            &parent,
            &format!(".{name}.stegvis-staging-{}", std::process::id()),
        );
        // An earlier output that is not recycled is of no more use.
        let recycle = match recycle {
            Some(r) if carries_marker(&r.folder) && std::fs::rename(&r.folder, &folder).is_ok() => {
                Some(r)
            }
            Some(r) => {
                if carries_marker(&r.folder) {
                    let _ = remove_ours(&r.folder);
                }
                None
            }
            None => {
                if let Some(keep) = keep_previous.as_ref().filter(|k| carries_marker(k)) {
                    let _ = remove_ours(keep);
                }
                None
            }
        };
        if recycle.is_none() {
            std::fs::create_dir(&folder).map_err(io(&folder))?;
        }
        let staging = Staging {
            previous: carries_marker(out).then(|| out.to_path_buf()),
            out: out.to_path_buf(),
            parent,
            name,
            folder,
            error: Mutex::new(None),
            failed: AtomicBool::new(false),
            put: Mutex::new(Put {
                // Sized once: a rebuild puts about as many files as the
                // output it recycles holds.
                stamps: FxHashMap::with_capacity_and_hasher(
                    recycle.as_ref().map_or(0, |r| r.current.len()),
                    Default::default(),
                ),
                files: 0,
                linked: 0,
                bytes: 0,
            }),
            kept: Mutex::new(Vec::new()),
            recycled: recycle,
            keep_previous,
            done: false,
        };
        if staging.recycled.is_some() {
            // An earlier output carries its marker already.
            return Ok(staging);
        }
        // Marked from the start, so a folder left by a killed build is known as ours.
        let marker = staging.folder.join(MARKER);
        std::fs::write(
            &marker,
            "This folder is made by stegvis; it replaces it on every build.\n",
        )
        .map_err(io(&staging.folder))?;
        if let Some(stamp) = Stamp::read(&marker) {
            lock(&staging.put).stamps.insert(MARKER.to_string(), stamp);
        }
        Ok(staging)
    }

    /// The previous output folder, when there is one stegvis made.
    pub fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }

    /// The stamp of a file staged so far, when it is known (not for files
    /// kept as the build cache asked: it knows theirs).
    pub fn stamp(&self, path: &str) -> Option<Stamp> {
        lock(&self.put).stamps.get(path).copied()
    }

    /// How many files are staged so far.
    pub fn files(&self) -> usize {
        lock(&self.put).files
    }

    /// The bytes of a file already staged, at its path in the output folder.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        if !is_safe(path) {
            return None;
        }
        std::fs::read(self.folder.join(path)).ok()
    }

    /// Puts one file into the staging folder. `false` once a file could not
    /// be written: the build will fail, so the caller may stop early.
    pub fn put(&self, output: Output) -> bool {
        if self.failed.load(Ordering::Relaxed) {
            return false;
        }
        let path = output.path().to_string();
        if !is_safe(&path) {
            self.fail(WriteError::UnsafePath { path });
            return false;
        }
        match self.store(&output) {
            Ok(Stored {
                stamp,
                linked,
                bytes,
            }) => {
                let mut put = lock(&self.put);
                put.files += 1;
                put.bytes += bytes;
                put.linked += usize::from(linked);
                match stamp {
                    Some(stamp) => {
                        put.stamps.insert(path, stamp);
                    }
                    None => {
                        drop(put);
                        lock(&self.kept).push(path);
                    }
                }
                true
            }
            Err(source) => {
                self.fail(WriteError::Io {
                    path: self.folder.join(&path),
                    source,
                });
                false
            }
        }
    }

    fn fail(&self, error: WriteError) {
        self.failed.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.error.lock()
            && slot.is_none()
        {
            *slot = Some(error);
        }
    }

    /// Writes or links one file. Never into a file that is there: a staged
    /// file may be a link to the previous output.
    fn store(&self, output: &Output) -> std::io::Result<Stored> {
        let path = output.path();
        // Most files of a rebuild: kept, and the recycled folder holds them
        // as the previous output does (the same file).
        if let Output::Kept { .. } = output
            && self.previous.is_some()
            && let Some(recycle) = &self.recycled
            && let Some(stamp) = recycle.current.get(path).copied()
            && recycle.holds_current(path)
        {
            return Ok(Stored::linked(stamp));
        }
        let target = &self.folder.join(path);
        let previous = self.previous.as_ref().map(|p| p.join(path));
        let recycling = self.recycled.is_some();
        // What a recycled folder holds at `target`, as recorded.
        let had = self.recycled.as_ref().and_then(|r| r.holds(path));
        // Links `prev` at `target`, unless the file there is `prev` already.
        let keep = |prev: &Path, stamp: Stamp| -> std::io::Result<Stored> {
            if had == Some(stamp) {
                return Ok(Stored::linked(stamp));
            }
            clear(target, recycling)?;
            link(prev, target).map(|()| Stored::linked(stamp))
        };
        match output {
            Output::Bytes { bytes, .. } => {
                if let Some(prev) = &previous
                    && let Some(stamp) = same_bytes(prev, bytes)
                    && let Ok(stored) = keep(prev, stamp)
                {
                    return Ok(stored);
                }
                clear(target, recycling)?;
                let mut file = create(target)?;
                file.write_all(bytes)?;
                let stamp = Stamp::of(&file.metadata()?);
                Ok(Stored::written(stamp, bytes.len() as u64))
            }
            Output::Copy { from, .. } => {
                if let Some(prev) = &previous
                    && let Some(stamp) = same_file(prev, from)
                    && let Ok(stored) = keep(prev, stamp)
                {
                    return Ok(stored);
                }
                clear(target, recycling)?;
                copy(from, target)
            }
            Output::Kept { .. } => {
                let Some(prev) = &previous else {
                    return Err(std::io::Error::new(
                        ErrorKind::NotFound,
                        "the previous output to keep this file from is gone",
                    ));
                };
                // (Held by the recycled folder already: recognised above.)
                let recorded = self
                    .recycled
                    .as_ref()
                    .and_then(|r| r.current.get(path).copied());
                clear(target, recycling)?;
                // A link where the file system allows it, a copy where not
                // (another file system).
                if link(prev, target).is_ok() {
                    return Ok(Stored {
                        stamp: recorded,
                        linked: true,
                        bytes: 0,
                    });
                }
                copy(prev, target)
            }
        }
    }

    /// Removes what a recycled folder holds that the new output does not,
    /// and the folders that leaves empty.
    fn prune(&self) -> std::io::Result<()> {
        let Some(recycle) = &self.recycled else {
            return Ok(());
        };
        // What was put is in `stamps` or `kept` (a put that failed failed
        // the build, which then prunes nothing).
        let put = lock(&self.put);
        let stamps = &put.stamps;
        let kept = lock(&self.kept);
        let kept: HashSet<&str> = kept.iter().map(String::as_str).collect();
        let mut folders = BTreeSet::new();
        for path in recycle.held() {
            if path == MARKER || stamps.contains_key(path) || kept.contains(path.as_str()) {
                continue;
            }
            match std::fs::remove_file(self.folder.join(path)) {
                Err(e) if e.kind() != ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            let mut parent = Path::new(path).parent();
            while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
                folders.insert((p.components().count(), p.to_path_buf()));
                parent = p.parent();
            }
        }
        // Deepest first; a folder that still holds something stays.
        for (_, folder) in folders.iter().rev() {
            let _ = std::fs::remove_dir(self.folder.join(folder));
        }
        Ok(())
    }

    /// Swaps the staging folder in place of the output folder, once every
    /// file is in; the previous output is removed afterwards.
    pub fn finish(mut self) -> Result<Written, WriteError> {
        let error = self.error.lock().ok().and_then(|mut e| e.take());
        if let Some(error) = error {
            return Err(error);
        }
        self.prune().map_err(io(&self.folder))?;
        swap(
            &self.folder,
            &self.out,
            &self.parent,
            &self.name,
            self.keep_previous.as_deref(),
        )?;
        self.done = true;
        let put = std::mem::take(&mut *lock(&self.put));
        let kept = std::mem::take(&mut *lock(&self.kept));
        Ok(Written {
            files: put.files,
            linked: put.linked,
            bytes: put.bytes,
            stamps: put.stamps,
            kept,
        })
    }

    /// Removes the staging folder: the build does not publish.
    pub fn abandon(mut self) {
        self.remove();
    }

    fn remove(&mut self) {
        if !self.done && self.folder.exists() {
            let _ = remove_ours(&self.folder);
        }
        self.done = true;
    }
}

impl Drop for Staging<'_> {
    /// A build that stops on an error of its own (not a kill) leaves nothing.
    fn drop(&mut self) {
        self.remove();
    }
}

impl Sink for Staging<'_> {
    fn put(&self, output: Output) -> bool {
        Staging::put(self, output)
    }
}

/// A lock that a panic elsewhere does not poison for good: what it guards
/// (lists of files put) stays whole through any panic.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The files put into a staging folder so far, and how they were stored.
#[derive(Default)]
struct Put {
    stamps: FxHashMap<String, Stamp>,
    files: usize,
    linked: usize,
    bytes: u64,
}

/// What storing one file did.
struct Stored {
    /// `None` when it is not known without another look at the disk.
    stamp: Option<Stamp>,
    linked: bool,
    bytes: u64,
}

impl Stored {
    fn linked(stamp: Stamp) -> Stored {
        Stored {
            stamp: Some(stamp),
            linked: true,
            bytes: 0,
        }
    }

    fn written(stamp: Stamp, bytes: u64) -> Stored {
        Stored {
            stamp: Some(stamp),
            linked: false,
            bytes,
        }
    }
}

/// Runs `store`; when the folder of `target` is missing, makes it and runs
/// it again. Folders are made on first use, so each costs one failed call.
fn with_parent<T>(target: &Path, store: impl Fn() -> std::io::Result<T>) -> std::io::Result<T> {
    match store() {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            store()
        }
        other => other,
    }
}

/// Removes the file a recycled folder may hold at `target` (whatever its
/// record says: a file is never written into, nor left in place).
fn clear(target: &Path, recycling: bool) -> std::io::Result<()> {
    match recycling.then(|| std::fs::remove_file(target)) {
        Some(Err(e)) if e.kind() != ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn link(from: &Path, target: &Path) -> std::io::Result<()> {
    with_parent(target, || std::fs::hard_link(from, target))
}

/// A new file at `target`; an existing one is an error, never overwritten.
fn create(target: &Path) -> std::io::Result<std::fs::File> {
    with_parent(target, || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
    })
}

/// Files up to this size are copied through memory: one read and one write,
/// where the kernel's copy (`std::io::copy`) looks at both files first and
/// takes four or more calls. Screenshots are small; a video is not.
const COPY_IN_MEMORY: u64 = 1 << 20;

/// Copies `from` to a new file at `target`, made like every other output
/// file (read and write for its owner, readable by others as the umask
/// allows), whatever the source's permissions: a published file must be
/// readable by the server, and is never executable.
fn copy(from: &Path, target: &Path) -> std::io::Result<Stored> {
    use std::io::{Read, Write};
    let mut source = std::fs::File::open(from)?;
    let len = source.metadata()?.len();
    let mut file = create(target)?;
    let bytes = if len <= COPY_IN_MEMORY {
        // Room for one more byte than the file had, so that the read after
        // the last one finds its end (a file that grew is read whole).
        // `read_to_end` would look at the file's size and position again.
        let mut buffer = vec![0; len as usize + 1];
        let mut filled = 0;
        loop {
            if filled == buffer.len() {
                buffer.resize(filled * 2, 0);
            }
            match source.read(&mut buffer[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        file.write_all(&buffer[..filled])?;
        filled as u64
    } else {
        std::io::copy(&mut source, &mut file)?
    };
    Ok(Stored::written(Stamp::of(&file.metadata()?), bytes))
}

/// The stamp of the regular file at `prev` when it holds exactly `bytes`.
fn same_bytes(prev: &Path, bytes: &[u8]) -> Option<Stamp> {
    let stamp = Stamp::read(prev)?;
    (stamp.len == bytes.len() as u64 && std::fs::read(prev).ok()? == bytes).then_some(stamp)
}

/// The stamp of the regular file at `prev` when it holds the bytes of `from`.
fn same_file(prev: &Path, from: &Path) -> Option<Stamp> {
    let stamp = Stamp::read(prev)?;
    let len = std::fs::metadata(from).ok()?.len();
    (stamp.len == len && std::fs::read(prev).ok()? == std::fs::read(from).ok()?).then_some(stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recycled_folder_is_told_by_how_it_differs_from_the_current_output() {
        let stamp = |n: u64| Stamp {
            len: n,
            modified_ns: 1,
            inode: n,
        };
        let current: FxHashMap<String, Stamp> = ["a.html", "b.html", "c.png"]
            .iter()
            .zip(1..)
            .map(|(p, n)| (p.to_string(), stamp(n)))
            .collect();
        let recycle = Recycle {
            folder: PathBuf::from("spare"),
            current: &current,
            other: [
                ("b.html".to_string(), stamp(9)),
                ("old.html".to_string(), stamp(8)),
            ]
            .into_iter()
            .collect(),
            missing: ["c.png".to_string()].into_iter().collect(),
        };
        assert_eq!(recycle.holds("a.html"), Some(stamp(1)), "the current file");
        assert_eq!(recycle.holds("b.html"), Some(stamp(9)), "another file");
        assert_eq!(
            recycle.holds("old.html"),
            Some(stamp(8)),
            "only the spare's"
        );
        assert_eq!(recycle.holds("c.png"), None, "missing");
        assert_eq!(recycle.holds("d.html"), None, "nowhere");
        assert!(recycle.holds_current("a.html"));
        assert!(!recycle.holds_current("b.html") && !recycle.holds_current("c.png"));
        let mut held: Vec<&String> = recycle.held().collect();
        held.sort();
        assert_eq!(held, ["a.html", "b.html", "old.html"]);
        assert!(!recycle.is_empty());
        let all_missing = Recycle {
            folder: PathBuf::from("spare"),
            current: &current,
            other: FxHashMap::default(),
            missing: current.keys().cloned().collect(),
        };
        assert!(all_missing.is_empty());
        assert_eq!(all_missing.held().count(), 0);
    }

    #[test]
    fn copies_every_byte_of_empty_small_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let sizes = [
            0,
            1,
            76,
            COPY_IN_MEMORY as usize,
            COPY_IN_MEMORY as usize + 1,
        ];
        for (i, size) in sizes.into_iter().enumerate() {
            let bytes: Vec<u8> = (0..size).map(|n| (n * 7 + i) as u8).collect();
            let from = dir.path().join(format!("in-{i}.png"));
            std::fs::write(&from, &bytes).unwrap();
            let target = dir.path().join(format!("out/{i}/copy.png"));
            let stored = copy(&from, &target).unwrap();
            assert_eq!(std::fs::read(&target).unwrap(), bytes, "size {size}");
            assert_eq!(stored.bytes, size as u64);
            assert_eq!(stored.stamp.unwrap().len, size as u64);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_copy_is_never_executable_whatever_its_source() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("run.png");
        std::fs::write(&from, b"png").unwrap();
        std::fs::set_permissions(&from, std::fs::Permissions::from_mode(0o755)).unwrap();
        let target = dir.path().join("copy.png");
        copy(&from, &target).unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0, "mode {mode:o}");
        assert_ne!(mode & 0o600, 0, "mode {mode:o}");
    }

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("a.png");
        std::fs::write(&from, b"new").unwrap();
        let target = dir.path().join("b.png");
        std::fs::write(&target, b"old").unwrap();
        assert!(copy(&from, &target).is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
    }
}
