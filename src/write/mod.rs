//! Write: rendered files -> the output folder, atomically. Everything is written
//! into a fresh staging folder beside the output, which is swapped in at the
//! end; a build that fails before the swap leaves the previous output as it was.
//! stegvis only ever replaces a folder that carries its marker file.
//!
//! Files arrive one by one while the site is rendered (`Staging::put`, from
//! many threads), so no stage holds the whole site in memory. A file whose
//! bytes the previous output already has is hard-linked from it instead of
//! written again, so the disk work of a rebuild follows what changed.

mod folder;
mod staging;

use std::path::{Component, Path, PathBuf};

use crate::render::Output;

pub use folder::{Folder, Follow};
pub use staging::{Recycle, Staging, Stamp};

/// The file that marks an output folder as made by stegvis.
pub const MARKER: &str = ".stegvis-output";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path} exists and was not made by stegvis (it has no {MARKER} file), so it is not replaced; choose another --out or remove it"
    )]
    NotOurs { path: PathBuf },
    #[error("{path} is not a folder (a file or a symbolic link), so it is not replaced")]
    NotAFolder { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "refusing to build into {path}: it is {why}; choose an output folder of its own, such as <site>/public"
    )]
    Refused { path: PathBuf, why: &'static str },
    #[error("refusing to write the output file `{path}`, whose path leaves the output folder")]
    UnsafePath { path: String },
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files in the new output (the marker left out).
    pub files: usize,
    /// Of these, the files linked from the previous output, unchanged.
    pub linked: usize,
    /// Bytes written (linked files left out).
    pub bytes: u64,
    /// Where each file written or linked now lies on disk, by its path in the
    /// output folder; files kept as the build cache asked are left out (it
    /// knows theirs).
    pub stamps: rustc_hash::FxHashMap<String, Stamp>,
    /// The files kept from the previous output whose stamps are not known
    /// here (the build cache knows them).
    pub kept: Vec<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks that `out` may be replaced: absent, empty, or made by stegvis.
pub fn check_output(out: &Path) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(WriteError::NotAFolder {
            path: out.to_path_buf(),
        }),
        Ok(_) => {
            let empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
            if empty || carries_marker(out) {
                Ok(())
            } else {
                Err(WriteError::NotOurs {
                    path: out.to_path_buf(),
                })
            }
        }
    }
}

/// Refuses an output folder that a build must never replace, whatever it
/// holds: `/`, the home folder, the site folder or a folder holding it, and
/// the folders the site is read from. Symbolic links and `..` are resolved
/// first, so no spelling of these gets through.
pub fn check_location(out: &Path, site: &Path) -> Result<(), WriteError> {
    let refuse = |why: &'static str| {
        Err(WriteError::Refused {
            path: out.to_path_buf(),
            why,
        })
    };
    let target = resolved(out);
    let site = resolved(site);
    if target.parent().is_none() {
        return refuse("the root of the file system");
    }
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    if home.is_some_and(|h| resolved(Path::new(&h)) == target) {
        return refuse("your home folder");
    }
    if target == site {
        return refuse("the site folder");
    }
    if site.starts_with(&target) {
        return refuse("a folder that holds the site folder (replacing it would delete the site)");
    }
    for (folder, why) in [
        (
            "content",
            "inside the site's content/ folder, which the next build would read as content",
        ),
        (
            "locales",
            "inside the site's locales/ folder, which the next build would read",
        ),
        (
            "templates",
            "inside the site's templates/ folder, which the next build would read as theme files",
        ),
    ] {
        if target.starts_with(site.join(folder)) {
            return refuse(why);
        }
    }
    Ok(())
}

/// `path` as an absolute path: symbolic links in the part that exists
/// resolved, `.` and `..` in the rest removed.
fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let parts: Vec<Component> = absolute.components().collect();
    for existing in (0..=parts.len()).rev() {
        let prefix: PathBuf = parts[..existing].iter().collect();
        let Ok(mut resolved) = prefix.canonicalize() else {
            continue;
        };
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => resolved.push(name),
                _ => {}
            }
        }
        return resolved;
    }
    absolute
}

fn carries_marker(folder: &Path) -> bool {
    std::fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Writes `outputs` to `out`, replacing what was there: a staging folder
/// filled at once and swapped in. `build` streams into a `Staging` instead.
pub fn write(outputs: Vec<Output>, out: &Path) -> Result<Written, WriteError> {
    let staging = Staging::begin(out)?;
    for output in outputs {
        if !staging.put(output) {
            break;
        }
    }
    staging.finish()
}

/// Removes `folder` if it carries the marker (a folder stegvis made).
pub fn remove_marked(folder: &Path) {
    if carries_marker(folder) {
        let _ = remove_ours(folder);
    }
}

/// Removes a folder stegvis made, its marker last: a build killed half way
/// through leaves a folder that is still known as its own, and swept later.
fn remove_ours(folder: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    let marker = folder.join(MARKER);
    if std::fs::symlink_metadata(&marker).is_ok() {
        std::fs::remove_file(marker)?;
    }
    std::fs::remove_dir(folder)
}

/// The folder output folder `out` is in, and its name: stegvis keeps its
/// lock, staging folders and build cache beside an output folder, never in it.
pub fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    (parent, name)
}

/// `.<name>.stegvis-<kind>` beside output folder `out` (`<name>` its name).
pub fn beside(out: &Path, kind: &str) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.stegvis-{kind}"))
}

/// A path in `parent` named `name`, or `name-2`, `name-3` … when that exists:
/// a folder stegvis makes never takes the place of one that is there.
fn fresh(parent: &Path, name: &str) -> PathBuf {
    let mut path = parent.join(name);
    let mut n = 2;
    while std::fs::symlink_metadata(&path).is_ok() {
        path = parent.join(format!("{name}-{n}"));
        n += 1;
    }
    path
}

/// Removes staging and old-output folders that a killed build left beside
/// `out`: only those that carry the marker and whose build is no longer running.
fn sweep_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [".stegvis-staging-", ".stegvis-old-"]
            .iter()
            .find_map(|kind| {
                let rest = file_name.strip_prefix(&format!(".{name}{kind}"))?;
                rest.split('-').next()?.parse::<u32>().ok()
            });
        let Some(pid) = pid else { continue };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !is_running(pid) && carries_marker(&entry.path())
        {
            let _ = remove_ours(&entry.path());
        }
    }
}

/// Whether process `pid` may still be running; where that cannot be told,
/// it may, and its folders are left alone.
fn is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Output paths are made by stegvis from site paths; this guards against any
/// that would climb out or be absolute all the same.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Puts `staging` in the place of `out`. Where the system can, the two are
/// exchanged in one step, so `out` is at every moment either the previous
/// output or the new one, even if the build is killed; elsewhere the previous
/// output is renamed aside first and put back if the second rename fails. It
/// is removed only once the new one is in place.
fn swap(
    staging: &Path,
    out: &Path,
    parent: &Path,
    name: &str,
    keep_previous: Option<&Path>,
) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(staging, out).map_err(io(out));
    }
    // The previous output, out of the way: kept where asked, else removed.
    let done_with = |previous: &Path| {
        if let Some(keep) = keep_previous
            && keep
                .parent()
                .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
            && std::fs::rename(previous, keep).is_ok()
        {
            return Ok(());
        }
        remove_ours(previous).map_err(io(previous))
    };
    if exchange(staging, out).map_err(io(out))? {
        // `staging` now holds the previous output.
        return done_with(staging);
    }
    let old = fresh(
        parent,
        &format!(".{name}.stegvis-old-{}", std::process::id()),
    );
    std::fs::rename(out, &old).map_err(io(out))?;
    if let Err(source) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(WriteError::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    done_with(&old)
}

/// Exchanges two folders atomically (`renameat2` with `RENAME_EXCHANGE`).
/// `Ok(false)` where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Output {
        Output::Bytes {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_and_replaces_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let w = write(
            vec![page("index.html", "one"), page("nl-NL/a/index.html", "a")],
            &out,
        )
        .unwrap();
        assert_eq!(w.files, 2);
        assert_eq!(
            std::fs::read_to_string(out.join("nl-NL/a/index.html")).unwrap(),
            "a"
        );
        assert!(out.join(MARKER).is_file());
        write(vec![page("index.html", "two")], &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("nl-NL").exists(), "stale files are gone");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        let err = write(vec![page("index.html", "x")], dir.path()).unwrap_err();
        assert!(matches!(err, WriteError::NotOurs { .. }));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let err = write(vec![page("../escape.html", "x")], &out).unwrap_err();
        assert!(matches!(err, WriteError::UnsafePath { .. }));
        assert!(!dir.path().join("escape.html").exists());
        assert!(!out.exists());
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_output() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let media = dir.path().join("photo.png");
        std::fs::write(&media, "png").unwrap();
        let outputs = |text: &str| {
            vec![
                page("same.html", "same"),
                page("changed.html", text),
                Output::Copy {
                    path: "media/photo.png".into(),
                    from: media.clone(),
                },
            ]
        };
        write(outputs("before"), &out).unwrap();
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (same, changed, photo) = (
            inode("same.html"),
            inode("changed.html"),
            inode("media/photo.png"),
        );
        let written = write(outputs("after!"), &out).unwrap();
        assert_eq!((written.files, written.linked), (3, 2));
        assert_eq!(written.bytes, 6, "only the changed file was written");
        assert_eq!(
            inode("same.html"),
            same,
            "the unchanged file is the same file"
        );
        assert_eq!(inode("media/photo.png"), photo);
        assert_ne!(inode("changed.html"), changed);
        assert_eq!(
            std::fs::read_to_string(out.join("changed.html")).unwrap(),
            "after!"
        );
        // The same length but other bytes is a change.
        write(outputs("after?"), &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("changed.html")).unwrap(),
            "after?"
        );
    }

    #[test]
    fn a_kept_file_comes_from_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(vec![page("nl-NL/a/index.html", "a")], &out).unwrap();
        let written = write(
            vec![Output::Kept {
                path: "nl-NL/a/index.html".into(),
            }],
            &out,
        )
        .unwrap();
        assert_eq!(written.linked, 1);
        assert_eq!(
            std::fs::read_to_string(out.join("nl-NL/a/index.html")).unwrap(),
            "a"
        );
        // Nothing to keep it from: the write fails, and nothing is replaced.
        let err = write(
            vec![Output::Kept {
                path: "nl-NL/b/index.html".into(),
            }],
            &out,
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert!(out.join("nl-NL/a/index.html").is_file());
    }
}
