//! The input files of a build and whether each changed since the last one.
//!
//! A file is taken as unchanged when its stamp (size, modification time and
//! inode) is the one recorded, as make and cargo do. A file modified within
//! a few seconds of a build could be modified again within the same tick of
//! the file system's clock, keeping its stamp, so the build also records a
//! hash of such a "racy" file's bytes, and the next build reads it and
//! compares (as git does for its index).

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::discover::Sources;
use crate::write::{Folder, Follow, Stamp};

/// How close to the start of a build a modification makes a file racy: more
/// than the coarsest clock of common file systems (two seconds on FAT).
const RACY: Duration = Duration::from_secs(3);

/// What a build recorded of one input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Input {
    /// `None` when the file could not be looked at.
    pub stamp: Option<Stamp>,
    /// A hash of the bytes, for a racy file only.
    pub hash: Option<u64>,
}

/// Every input file of a build, by its path inside the site folder.
pub type Inputs = FxHashMap<String, Input>;

/// The input files now, against a previous build's record of them.
#[derive(Debug, Default)]
pub struct Scan {
    pub inputs: Inputs,
    /// Files that are new, gone, or whose bytes may differ.
    pub changed: FxHashSet<String>,
}

impl Scan {
    /// Whether a file is the same as at the previous build.
    pub fn unchanged(&self, file: &str) -> bool {
        self.inputs.contains_key(file) && !self.changed.contains(file)
    }

    /// Whether a file under `prefix` (`content/`, `templates/`) changed.
    pub fn changed_under(&self, prefix: &str) -> bool {
        self.changed.iter().any(|f| f.starts_with(prefix))
    }
}

/// Every file a build reads: the site's settings and what `discover` listed.
fn files(sources: &Sources) -> Vec<(String, PathBuf)> {
    let mut files = vec![(
        "stegvis.toml".to_string(),
        sources.root.join("stegvis.toml"),
    )];
    for list in [
        &sources.articles[..],
        &sources.includes,
        &sources.tocs,
        &sources.media,
        &sources.fluent,
    ] {
        files.extend(list.iter().map(|f| (f.file.to_string(), f.abs.clone())));
    }
    files.extend(
        sources
            .templates
            .iter()
            .map(|t| (t.file.to_string(), t.abs.clone())),
    );
    files
}

/// Looks at every input file of `sources`; `previous` is the last build's
/// record, `started` when this build started.
pub fn scan(sources: &Sources, previous: Option<&Inputs>, started: SystemTime) -> Scan {
    let racy_after = started.checked_sub(RACY).unwrap_or(started);
    let racy_after_ns = racy_after
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    let root = Folder::open(&sources.root);
    let looked: Vec<(String, Input, bool)> = files(sources)
        .into_par_iter()
        .map(|(file, abs)| {
            let before = previous.and_then(|p| p.get(&file));
            // Looked at from the site folder when the file's path inside it is
            // its name (it always is for what `discover` lists).
            let stamp = match abs.strip_prefix(root.path()) {
                Ok(inside) if inside == Path::new(&file) => root.stamp(&file, Follow::Links),
                _ => Stamp::at(&abs, Follow::Links),
            };
            let (input, changed) = look(&abs, stamp, before, racy_after_ns);
            (file, input, changed)
        })
        .collect();
    let mut scan = Scan::default();
    // Sized once: growing a map of 40,000 files rehashes it a dozen times.
    scan.inputs.reserve(looked.len());
    for (file, input, changed) in looked {
        if changed {
            scan.changed.insert(file.clone());
        }
        scan.inputs.insert(file, input);
    }
    if let Some(previous) = previous {
        scan.changed.extend(
            previous
                .keys()
                .filter(|f| !scan.inputs.contains_key(*f))
                .cloned(),
        );
    }
    scan
}

/// One file now, whose stamp is `stamp`, and whether it changed since `before`.
fn look(
    abs: &Path,
    stamp: Option<Stamp>,
    before: Option<&Input>,
    racy_after_ns: i128,
) -> (Input, bool) {
    let racy = stamp.is_some_and(|s| s.modified_ns >= racy_after_ns);
    let mut hash = None;
    let mut hashed = || *hash.get_or_insert_with(|| hash_file(abs));
    // A file absent both times (`stegvis.toml`, which is optional) is unchanged.
    let changed = match before {
        None => true,
        Some(before) if before.stamp != stamp => true,
        // Racy last time: its stamp alone does not tell.
        Some(Input {
            hash: Some(then), ..
        }) => hashed() != Some(*then),
        Some(_) => false,
    };
    let input = Input {
        stamp,
        hash: if racy { hashed() } else { None },
    };
    (input, changed)
}

fn hash_file(abs: &Path) -> Option<u64> {
    let bytes = std::fs::read(abs).ok()?;
    Some(crate::workspace::content_hash(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_edited_within_a_tick_of_the_build_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let now = SystemTime::now();
        let racy_after = (now - RACY)
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as i128;
        // The file as the scan looks at it now.
        let look_now = |before: Option<&Input>, racy_after| {
            look(&file, Stamp::at(&file, Follow::Links), before, racy_after)
        };
        let (first, changed) = look_now(None, racy_after);
        assert!(changed, "a file not seen before is new");
        assert!(first.hash.is_some(), "just written: racy, so hashed");
        let (_, changed) = look_now(Some(&first), racy_after);
        assert!(!changed);
        // The same stamp, other bytes: only the hash tells.
        let edited = Input {
            hash: first.hash.map(|h| h ^ 1),
            ..first
        };
        assert!(look_now(Some(&edited), racy_after).1);
        // Long before the build: the stamp is trusted.
        let (old, _) = look_now(None, i128::MAX);
        assert_eq!(old.hash, None);
        std::fs::write(&file, "three").unwrap();
        assert!(look_now(Some(&old), i128::MAX).1, "another size");
        std::fs::remove_file(&file).unwrap();
        assert!(look_now(Some(&old), i128::MAX).1, "gone");
    }
}
