//! A folder opened once for looking at many files inside it. A rebuild looks
//! at every input and every kept output file (90,000 of them for a
//! 10,000-article site), and a look by full path walks the folder's own path
//! again each time (`/home/…/site/content/nl-NL/…`): about a third of a
//! no-change rebuild went to finding the same folders over and over. From
//! the opened folder, only the path inside it is walked.

use std::path::{Path, PathBuf};

use super::Stamp;

/// Whether a look at a symbolic link looks at what it points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// As `std::fs::metadata`: the file a link points to.
    Links,
    /// As `std::fs::symlink_metadata`: a link is not a regular file.
    NotLinks,
}

#[derive(Clone, Copy)]
enum Kind {
    File,
    Folder,
}

/// A folder, opened for looking at files inside it where the system allows
/// it (Linux: a path-only descriptor), by its path otherwise.
pub struct Folder {
    path: PathBuf,
    #[cfg(target_os = "linux")]
    fd: Option<rustix::fd::OwnedFd>,
}

impl Folder {
    /// The folder at `path`. A folder that cannot be opened (missing, not a
    /// folder) is looked into by path, which then finds what the path finds.
    pub fn open(path: &Path) -> Folder {
        Folder {
            path: path.to_path_buf(),
            #[cfg(target_os = "linux")]
            fd: {
                use rustix::fs::{Mode, OFlags};
                rustix::fs::open(
                    path,
                    OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
                    Mode::empty(),
                )
                .ok()
            },
        }
    }

    /// The stamp of the regular file at `rel`, a `/`-separated path inside
    /// the folder: what `Stamp::of` gives for the metadata of
    /// `self.path.join(rel)`, or `None` where there is no regular file.
    pub fn stamp(&self, rel: &str, follow: Follow) -> Option<Stamp> {
        self.stamp_of(rel, follow, Kind::File)
    }

    /// The stamp of the folder at `rel` (`.` for this folder), following
    /// symbolic links: its modification time changes whenever an entry is
    /// added to it, removed from it or renamed in it.
    pub fn folder_stamp(&self, rel: &str) -> Option<Stamp> {
        self.stamp_of(rel, Follow::Links, Kind::Folder)
    }

    fn stamp_of(&self, rel: &str, follow: Follow, kind: Kind) -> Option<Stamp> {
        #[cfg(target_os = "linux")]
        if let Some(fd) = &self.fd {
            use rustix::fs::{AtFlags, FileType, StatxFlags};
            let flags = match follow {
                Follow::Links => AtFlags::empty(),
                Follow::NotLinks => AtFlags::SYMLINK_NOFOLLOW,
            };
            let mask = StatxFlags::TYPE | StatxFlags::SIZE | StatxFlags::MTIME | StatxFlags::INO;
            match rustix::fs::statx(fd, rel, flags, mask) {
                Ok(st) => {
                    let found = FileType::from_raw_mode(u32::from(st.stx_mode));
                    let wanted = match kind {
                        Kind::File => FileType::RegularFile,
                        Kind::Folder => FileType::Directory,
                    };
                    if found != wanted {
                        return None;
                    }
                    // As `Stamp::of`: no time where the file system keeps none.
                    let modified_ns =
                        if StatxFlags::from_bits_retain(st.stx_mask).contains(StatxFlags::MTIME) {
                            i128::from(st.stx_mtime.tv_sec) * 1_000_000_000
                                + i128::from(st.stx_mtime.tv_nsec)
                        } else {
                            0
                        };
                    return Some(Stamp {
                        len: st.stx_size,
                        modified_ns,
                        inode: st.stx_ino,
                    });
                }
                // Where `statx` is not allowed (old kernels, some sandboxes),
                // the path is looked at as below.
                Err(e) if e == rustix::io::Errno::NOSYS || e == rustix::io::Errno::PERM => {}
                Err(_) => return None,
            }
        }
        let path = self.path.join(rel);
        match kind {
            Kind::File => Stamp::at(&path, follow),
            Kind::Folder => std::fs::metadata(&path)
                .ok()
                .filter(|m| m.is_dir())
                .map(|m| Stamp::of(&m)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_from_the_folder_is_the_stamp_from_the_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/page.html"), "<p>x</p>").unwrap();
        let folder = Folder::open(dir.path());
        let by_path = Stamp::read(&dir.path().join("a/b/page.html")).unwrap();
        assert_eq!(
            folder.stamp("a/b/page.html", Follow::NotLinks),
            Some(by_path)
        );
        assert_eq!(folder.stamp("a/b/page.html", Follow::Links), Some(by_path));
        // Folders and missing files have no stamp.
        assert_eq!(folder.stamp("a/b", Follow::Links), None);
        assert_eq!(folder.stamp("a/b/none.html", Follow::Links), None);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("real.md"), "x").unwrap();
        std::os::unix::fs::symlink("real.md", dir.path().join("link.md")).unwrap();
        let folder = Folder::open(dir.path());
        let real = folder.stamp("real.md", Follow::NotLinks).unwrap();
        assert_eq!(folder.stamp("link.md", Follow::Links), Some(real));
        assert_eq!(folder.stamp("link.md", Follow::NotLinks), None);
    }

    #[test]
    fn a_folder_stamp_changes_when_an_entry_is_added_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let folder = Folder::open(dir.path());
        let before = folder.folder_stamp("a").unwrap();
        assert_eq!(folder.folder_stamp("a"), Some(before));
        assert!(folder.folder_stamp(".").is_some(), "the folder itself");
        // Files are not folders, and folders are not files.
        std::fs::write(dir.path().join("a/x.md"), "x").unwrap();
        assert_eq!(folder.folder_stamp("a/x.md"), None);
        assert_eq!(folder.stamp("a/b", Follow::Links), None);
        let with_file = folder.folder_stamp("a").unwrap();
        // Whatever the clock's tick, the size or the time moved: compare
        // with what the path gives, and the two stamps with each other only
        // where the file system's clock is fine enough to tell.
        let by_path = Stamp::of(&std::fs::metadata(dir.path().join("a")).unwrap());
        assert_eq!(with_file, by_path);
        std::fs::remove_file(dir.path().join("a/x.md")).unwrap();
        assert_eq!(
            folder.folder_stamp("a"),
            Some(Stamp::of(&std::fs::metadata(dir.path().join("a")).unwrap()))
        );
        assert_eq!(folder.folder_stamp("missing"), None);
    }

    #[test]
    fn a_folder_that_cannot_be_opened_finds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::open(&dir.path().join("missing"));
        assert_eq!(folder.stamp("x.html", Follow::Links), None);
    }
}
