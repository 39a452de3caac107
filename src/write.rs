//! Write: rendered files -> the output folder, atomically. Everything is written
//! into a fresh staging folder beside the output, which is swapped in at the
//! end; a build that fails before the swap leaves the previous output as it was.
//! stegvis only ever replaces a folder that carries its marker file.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::Output;

/// The file that marks an output folder as made by stegvis.
pub const MARKER: &str = ".stegvis-output";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path} exists and was not made by stegvis (it has no {MARKER} file), so it is not replaced; choose another --out or remove it"
    )]
    NotOurs { path: PathBuf },
    #[error("{path} is a file, not a folder")]
    NotAFolder { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("refusing to write the output file `{path}`, whose path leaves the output folder")]
    UnsafePath { path: String },
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
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
            if empty || out.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(WriteError::NotOurs {
                    path: out.to_path_buf(),
                })
            }
        }
    }
}

/// Writes `outputs` to `out`, replacing what was there.
pub fn write(outputs: &[Output], out: &Path) -> Result<Written, WriteError> {
    check_output(out)?;
    for output in outputs {
        if !is_safe(output.path()) {
            return Err(WriteError::UnsafePath {
                path: output.path().to_string(),
            });
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let staging = parent.join(format!(".{name}.stegvis-staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.stegvis-old-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir(&staging).map_err(io(&staging))?;
    let result = fill(&staging, outputs).and_then(|written| {
        std::fs::write(
            staging.join(MARKER),
            "This folder is made by stegvis; it replaces it on every build.\n",
        )
        .map_err(io(&staging))?;
        swap(&staging, out, &old)?;
        Ok(written)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Output paths are made by stegvis from site paths; this guards against any
/// that would climb out or be absolute all the same.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn fill(staging: &Path, outputs: &[Output]) -> Result<Written, WriteError> {
    let dirs: BTreeSet<PathBuf> = outputs
        .iter()
        .filter_map(|o| Path::new(o.path()).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    for dir in dirs {
        let dir = staging.join(dir);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    }
    let sizes: Vec<u64> = outputs
        .par_iter()
        .map(|output| {
            let target = staging.join(output.path());
            match output {
                Output::Bytes { bytes, .. } => {
                    std::fs::write(&target, bytes).map(|_| bytes.len() as u64)
                }
                Output::Copy { from, .. } => std::fs::copy(from, &target),
            }
            .map_err(|source| WriteError::Io {
                path: target,
                source,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Written {
        files: outputs.len(),
        bytes: sizes.iter().sum(),
    })
}

/// Puts `staging` in the place of `out`; the previous output is removed only
/// once the new one is in place.
fn swap(staging: &Path, out: &Path, old: &Path) -> Result<(), WriteError> {
    let existed = out.exists();
    if existed {
        if old.exists() {
            std::fs::remove_dir_all(old).map_err(io(old))?;
        }
        std::fs::rename(out, old).map_err(io(out))?;
    }
    if let Err(source) = std::fs::rename(staging, out) {
        if existed {
            let _ = std::fs::rename(old, out);
        }
        return Err(WriteError::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    if existed {
        std::fs::remove_dir_all(old).map_err(io(old))?;
    }
    Ok(())
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
            &[page("index.html", "one"), page("nl-NL/a/index.html", "a")],
            &out,
        )
        .unwrap();
        assert_eq!(w.files, 2);
        assert_eq!(
            std::fs::read_to_string(out.join("nl-NL/a/index.html")).unwrap(),
            "a"
        );
        assert!(out.join(MARKER).is_file());
        write(&[page("index.html", "two")], &out).unwrap();
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
        let err = write(&[page("index.html", "x")], dir.path()).unwrap_err();
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
        let err = write(&[page("../escape.html", "x")], &out).unwrap_err();
        assert!(matches!(err, WriteError::UnsafePath { .. }));
        assert!(!dir.path().join("escape.html").exists());
        assert!(!out.exists());
    }
}
