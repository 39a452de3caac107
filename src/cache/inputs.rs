//! The input files of a build and whether each changed since the last one.
//!
//! A file is taken as unchanged when its stamp (size, modification time and
//! inode) is the one recorded, as make and cargo do. A file modified within
//! a few seconds of a build could be modified again within the same tick of
//! the file system's clock, keeping its stamp, so the build also records a
//! hash of such a "racy" file's bytes, and the next build reads it and
//! compares (as git does for its index).
//!
//! A folder's modification time changes whenever a file is added to it,
//! removed from it or renamed in it, so the build also records the stamp of
//! every folder the listing read. While all of them are unchanged, the site
//! holds the files recorded and no others, and a build in which nothing
//! changed is told so from the record alone, without listing the site.

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

/// The folders a listing of the site read (`Sources::folders`), with their
/// stamps (`None`: not there, as `locales/` in a site without one): while
/// each still has its stamp, no file was added to the site, removed from it
/// or renamed in it, and the same files would be listed.
pub type Folders = Vec<(String, Option<Stamp>)>;

/// The input files now, against a previous build's record of them.
#[derive(Debug, Default)]
pub struct Scan {
    /// Shared with the manifest the build saves, which records them as they are.
    pub inputs: std::sync::Arc<Inputs>,
    /// Files that are new, gone, or whose bytes may differ.
    pub changed: FxHashSet<String>,
    /// `None` when a folder cannot vouch for its listing: it was modified
    /// within a tick of the build (an entry added as it was listed would not
    /// change its stamp again), it could not be looked at, or listing the
    /// site reported a problem (a folder that could not be read, a link
    /// that points outside), which only a new listing reports again.
    pub folders: Option<Folders>,
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
    let racy_after_ns = racy_after(started);
    let root = Folder::open(&sources.root);
    let folders = folder_stamps(&root, sources, racy_after_ns);
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
            let (input, changed) = look(|| abs.clone(), stamp, before, racy_after_ns);
            (file, input, changed)
        })
        .collect();
    let mut scan = Scan::of(looked, folders);
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

/// The stamps of the folders `sources` was listed from, when all of them can
/// vouch for the listing (`Scan::folders`).
fn folder_stamps(root: &Folder, sources: &Sources, racy_after_ns: i128) -> Option<Folders> {
    if !sources.diagnostics.is_empty() {
        return None;
    }
    sources
        .folders
        .par_iter()
        .map(|rel| {
            let stamp = root.folder_stamp(rel);
            // Only `content/` and `locales/` may be missing; a folder that was
            // listed and cannot be looked at by its name (not UTF-8, gone)
            // vouches for nothing.
            let may_be_missing = matches!(rel.as_str(), "content" | "locales");
            let racy = stamp.is_some_and(|s| s.modified_ns >= racy_after_ns);
            (!racy && (stamp.is_some() || may_be_missing)).then(|| (rel.clone(), stamp))
        })
        .collect()
}

impl Scan {
    /// The scan of files looked at, each with what it is now and whether it
    /// changed.
    pub fn of(looked: Vec<(String, Input, bool)>, folders: Option<Folders>) -> Scan {
        // Sized once: growing a map of 40,000 files rehashes it a dozen times.
        let empty = Inputs::with_capacity_and_hasher(looked.len(), Default::default());
        Scan::updated(std::sync::Arc::new(empty), looked, folders)
    }

    /// The scan of a site found unlisted (`look_unlisted`): the record
    /// `inputs` with the files whose record differs (`differ`, each with
    /// what it is now and whether it changed) written into it. The record
    /// is updated in place where nothing else holds it: a copy would cost a
    /// path for each of 40,000 files to change a few.
    pub fn updated(
        mut inputs: std::sync::Arc<Inputs>,
        differ: Vec<(String, Input, bool)>,
        folders: Option<Folders>,
    ) -> Scan {
        let record = std::sync::Arc::make_mut(&mut inputs);
        let mut changed = FxHashSet::default();
        for (file, input, is_changed) in differ {
            if is_changed {
                changed.insert(file.clone());
            }
            record.insert(file, input);
        }
        Scan {
            inputs,
            changed,
            folders,
        }
    }
}

/// What `scan` would find for the site at `root`, looked at without listing
/// it: when every folder `folders` records still has its stamp, the site
/// holds the files `previous` records and no other, and each is looked at
/// as `scan` looks at it. Only the files whose record differs are returned
/// (the file, what it is now, whether its bytes may have changed): most
/// often none, or the few that were edited. `None` when a folder changed.
pub fn look_unlisted(
    root: &Path,
    folders: &Folders,
    previous: &Inputs,
    started: SystemTime,
) -> Option<Vec<(String, Input, bool)>> {
    let racy_after_ns = racy_after(started);
    let site = Folder::open(root);
    let same_folders = folders
        .par_iter()
        .all(|(rel, stamp)| site.folder_stamp(rel) == *stamp);
    if !same_folders {
        return None;
    }
    let differ = previous
        .par_iter()
        .filter_map(|(file, before)| {
            let stamp = site.stamp(file, Follow::Links);
            let (input, changed) = look(|| root.join(file), stamp, Some(before), racy_after_ns);
            (changed || input != *before).then(|| (file.clone(), input, changed))
        })
        .collect();
    Some(differ)
}

/// The time after which a modification makes a file racy, in nanoseconds
/// since 1970, for a build that started at `started`.
fn racy_after(started: SystemTime) -> i128 {
    let racy_after = started.checked_sub(RACY).unwrap_or(started);
    racy_after
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

/// One file now, whose stamp is `stamp`, and whether it changed since `before`.
/// (`abs` makes its path for reading it, which only a racy file needs.)
fn look(
    abs: impl Fn() -> PathBuf,
    stamp: Option<Stamp>,
    before: Option<&Input>,
    racy_after_ns: i128,
) -> (Input, bool) {
    let racy = stamp.is_some_and(|s| s.modified_ns >= racy_after_ns);
    let mut hash = None;
    let mut hashed = || *hash.get_or_insert_with(|| hash_file(&abs()));
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

    /// A site whose files and folders were all last modified an hour ago.
    fn aged_site(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        age(dir.path());
        dir
    }

    /// Sets the modification time of `path` and everything below it an hour back.
    fn age(path: &Path) {
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                age(&entry.unwrap().path());
            }
        }
        std::fs::File::open(path)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
    }

    fn listed(root: &Path) -> Sources {
        crate::discover::discover(root, &crate::config::SiteConfig::default())
    }

    /// What a build takes from `look_unlisted` when it goes on.
    fn scan_unlisted(
        root: &Path,
        folders: &Folders,
        previous: &Inputs,
        started: SystemTime,
    ) -> Option<Scan> {
        let differ = look_unlisted(root, folders, previous, started)?;
        Some(Scan::updated(
            std::sync::Arc::new(previous.clone()),
            differ,
            Some(folders.clone()),
        ))
    }

    #[test]
    fn an_unchanged_site_is_seen_unchanged_without_listing_it() {
        let site = aged_site(&["content/nl-NL/a.md", "content/nl-NL/b/c.md"]);
        let root = site.path();
        let now = SystemTime::now();
        let first = scan(&listed(root), None, now);
        let folders = first
            .folders
            .clone()
            .expect("old folders vouch for the listing");
        assert_eq!(folders.len(), 5, "{folders:?}");
        let missing = folders.iter().find(|(f, _)| f == "locales").unwrap();
        assert_eq!(missing.1, None, "a folder that is not there is recorded so");
        let differ = look_unlisted(root, &folders, &first.inputs, now).unwrap();
        assert!(
            differ.is_empty(),
            "only what differs is returned: {differ:?}"
        );
        let again = scan_unlisted(root, &folders, &first.inputs, now).unwrap();
        assert!(again.changed.is_empty(), "{:?}", again.changed);
        assert_eq!(again.inputs, first.inputs);
        // An edit in place changes no folder: the file is found changed,
        // as a scan of a new listing finds it.
        std::fs::write(root.join("content/nl-NL/b/c.md"), "changed").unwrap();
        let edited = scan_unlisted(root, &folders, &first.inputs, now).unwrap();
        let listed_again = scan(&listed(root), Some(&first.inputs), now);
        assert_eq!(edited.changed, listed_again.changed);
        assert_eq!(edited.inputs, listed_again.inputs);
        assert!(edited.changed.contains("content/nl-NL/b/c.md"));
        let differ = look_unlisted(root, &folders, &first.inputs, now).unwrap();
        let files: Vec<&str> = differ.iter().map(|(f, _, _)| f.as_str()).collect();
        assert_eq!(files, ["content/nl-NL/b/c.md"]);
    }

    #[test]
    fn a_record_held_once_is_updated_in_place() {
        let input = |len| Input {
            stamp: Some(Stamp {
                len,
                modified_ns: 1,
                inode: 2,
            }),
            hash: None,
        };
        let record: Inputs = [
            ("a.md".to_string(), input(1)),
            ("b.md".to_string(), input(1)),
        ]
        .into_iter()
        .collect();
        let held = std::sync::Arc::new(record.clone());
        let at = std::sync::Arc::as_ptr(&held);
        let scan = Scan::updated(held, vec![("b.md".to_string(), input(2), true)], None);
        assert_eq!(std::sync::Arc::as_ptr(&scan.inputs), at, "not copied");
        assert_eq!(scan.inputs["b.md"], input(2));
        assert!(scan.unchanged("a.md") && !scan.unchanged("b.md"));
        // Held elsewhere too: that holder's record stays as it was.
        let other = std::sync::Arc::new(record);
        let kept = std::sync::Arc::clone(&other);
        let scan = Scan::updated(other, vec![("a.md".to_string(), input(3), false)], None);
        assert_eq!((kept["a.md"], scan.inputs["a.md"]), (input(1), input(3)));
        assert!(scan.changed.is_empty());
    }

    #[test]
    fn a_file_added_removed_or_renamed_anywhere_needs_a_listing() {
        let files = [
            "content/nl-NL/a.md",
            "content/nl-NL/b/c.md",
            "templates/x.html",
        ];
        type Change = fn(&Path);
        let changes: [(&str, Change); 6] = [
            ("added", |r| {
                std::fs::write(r.join("content/nl-NL/b/new.md"), "x").unwrap()
            }),
            ("removed", |r| {
                std::fs::remove_file(r.join("content/nl-NL/a.md")).unwrap()
            }),
            ("renamed", |r| {
                std::fs::rename(
                    r.join("content/nl-NL/b/c.md"),
                    r.join("content/nl-NL/b/d.md"),
                )
                .unwrap()
            }),
            ("a new folder", |r| {
                std::fs::create_dir(r.join("content/nl-NL/e")).unwrap()
            }),
            ("a new locale", |r| {
                std::fs::create_dir_all(r.join("locales/sv-SE")).unwrap()
            }),
            ("a hidden file", |r| {
                std::fs::write(r.join("templates/.x.html.swp"), "x").unwrap()
            }),
        ];
        for (what, change) in changes {
            let site = aged_site(&files);
            let root = site.path();
            let now = SystemTime::now();
            let first = scan(&listed(root), None, now);
            let folders = first.folders.clone().unwrap();
            change(root);
            assert!(
                scan_unlisted(root, &folders, &first.inputs, now).is_none(),
                "{what}: a folder changed"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_whose_name_is_not_utf8_vouches_for_nothing() {
        use std::os::unix::ffi::OsStrExt;
        let site = aged_site(&["content/nl-NL/a.md"]);
        let root = site.path();
        let odd = root
            .join("content/nl-NL")
            .join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
        std::fs::create_dir(&odd).unwrap();
        age(root);
        let sources = listed(root);
        assert!(
            sources.diagnostics.is_empty(),
            "an empty folder is no problem"
        );
        assert_eq!(scan(&sources, None, SystemTime::now()).folders, None);
    }

    #[test]
    fn folders_modified_within_a_tick_of_the_build_or_a_listing_with_problems_vouch_for_nothing() {
        let site = aged_site(&["content/nl-NL/a.md"]);
        let root = site.path();
        std::fs::write(root.join("content/nl-NL/new.md"), "x").unwrap();
        assert_eq!(scan(&listed(root), None, SystemTime::now()).folders, None);
        age(root);
        assert!(
            scan(&listed(root), None, SystemTime::now())
                .folders
                .is_some()
        );
        // A listing that reported something is made again, to report it again.
        std::fs::write(root.join("content/stray.md"), "x").unwrap();
        age(root);
        let sources = listed(root);
        assert!(!sources.diagnostics.is_empty());
        assert_eq!(scan(&sources, None, SystemTime::now()).folders, None);
    }

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
            look(
                || file.clone(),
                Stamp::at(&file, Follow::Links),
                before,
                racy_after,
            )
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
