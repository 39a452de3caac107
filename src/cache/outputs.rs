//! The previous output folder's files, looked at beside the build's other
//! work.
//!
//! A rebuild keeps a file of the previous output only while it is the file
//! the previous build recorded, so it looks at every one of them: 52,000 for
//! a site of 10,000 articles. Looked at as each page and media file was kept,
//! that took a tenth of a one-article rebuild, on both cores. Looked at on a
//! thread of its own, at the lowest priority, from the moment an input file
//! is known to have changed, it takes time the build leaves idle: listing,
//! assembling, and the other stages that run on one core.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::write::{Folder, Follow, Stamp};

/// The files of an output folder as a build recorded them.
pub type Recorded = Arc<FxHashMap<String, Stamp>>;

/// The recorded files of an output folder that are not there as recorded
/// (changed, replaced or gone): looked at on a thread of its own once
/// started; what it has not looked at when they are asked for is looked at
/// then, on all cores.
pub struct OutputCheck {
    out: PathBuf,
    recorded: Recorded,
    running: Mutex<Option<Running>>,
    differ: OnceLock<FxHashSet<String>>,
}

/// The thread looking at the files, and how to stop it.
struct Running {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Looked>,
}

/// What the thread found: how many files it looked at (the first ones in
/// the record's order), and which of them differ.
struct Looked {
    count: usize,
    differ: FxHashSet<String>,
}

/// How many files the thread looks at between two looks at its stop flag.
const BATCH: usize = 256;

impl OutputCheck {
    /// The check of the files `recorded` in output folder `out`, not started.
    pub fn new(out: &Path, recorded: Recorded) -> OutputCheck {
        OutputCheck {
            out: out.to_path_buf(),
            recorded,
            running: Mutex::new(None),
            differ: OnceLock::new(),
        }
    }

    /// Starts looking at the files on a thread of their own (unless they were
    /// looked at already). Where no thread can be started, they are looked at
    /// when first asked about.
    pub fn start(&self) {
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        if running.is_some() || self.differ.get().is_some() {
            return;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let (out, recorded, stopped) = (
            self.out.clone(),
            Arc::clone(&self.recorded),
            Arc::clone(&stop),
        );
        let thread = std::thread::Builder::new()
            .name("stegvis-outputs".into())
            .spawn(move || {
                // The lowest priority: the thread takes a core the build
                // leaves idle, and yields it to the build's own threads
                // (run beside them as an equal, it slowed reading the parse
                // results as much as it saved). On Linux this is the
                // thread's alone.
                #[cfg(target_os = "linux")]
                let _ = rustix::process::setpriority_process(None, 19);
                look_until_stopped(&out, &recorded, &stopped)
            });
        *running = thread.ok().map(|thread| Running { stop, thread });
    }

    /// The recorded files that are not as recorded. The thread is stopped
    /// (within a batch) and what it did not look at is looked at on all
    /// cores: on a small site, or a busy machine, it may have done little.
    fn differ(&self) -> &FxHashSet<String> {
        self.differ.get_or_init(|| {
            let running = self.running.lock().ok().and_then(|mut r| r.take());
            let looked = running.and_then(|r| {
                r.stop.store(true, Ordering::Relaxed);
                r.thread.join().ok()
            });
            self.finish(looked)
        })
    }

    /// What the thread found (if anything), with the files it did not look
    /// at looked at on all cores.
    fn finish(&self, looked: Option<Looked>) -> FxHashSet<String> {
        let Looked { count, mut differ } = looked.unwrap_or_else(|| Looked {
            count: 0,
            differ: FxHashSet::default(),
        });
        let folder = Folder::open(&self.out);
        let rest: Vec<(&String, &Stamp)> = self.recorded.iter().skip(count).collect();
        differ.par_extend(
            rest.into_par_iter()
                .filter(|(path, stamp)| differs(&folder, path, stamp))
                .map(|(path, _)| path.clone()),
        );
        differ
    }

    /// Whether file `path` of the output folder is the one recorded.
    pub fn unchanged(&self, path: &str) -> bool {
        self.recorded.contains_key(path) && !self.differ().contains(path)
    }

    /// Whether every recorded file is in the output folder as recorded.
    pub fn whole(&self) -> bool {
        self.differ().is_empty()
    }
}

impl Drop for OutputCheck {
    /// A build that ends before it asks (a strict build that fails, say)
    /// stops the thread rather than leave it looking.
    fn drop(&mut self) {
        if let Ok(Some(running)) = self.running.get_mut() {
            running.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Looks at the files of `recorded` in output folder `out`, in the record's
/// order, until all are looked at or `stop` is set.
fn look_until_stopped(
    out: &Path,
    recorded: &FxHashMap<String, Stamp>,
    stop: &AtomicBool,
) -> Looked {
    let folder = Folder::open(out);
    let mut looked = Looked {
        count: 0,
        differ: FxHashSet::default(),
    };
    for (path, stamp) in recorded {
        if looked.count.is_multiple_of(BATCH) && stop.load(Ordering::Relaxed) {
            break;
        }
        if differs(&folder, path, stamp) {
            looked.differ.insert(path.clone());
        }
        looked.count += 1;
    }
    looked
}

/// Whether `folder` does not hold file `path` as `recorded`.
fn differs(folder: &Folder, path: &str, recorded: &Stamp) -> bool {
    folder.stamp(path, Follow::NotLinks).as_ref() != Some(recorded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_changed_replaced_or_gone_are_told_apart_from_those_as_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("nl-NL/a")).unwrap();
        for (path, text) in [
            ("nl-NL/a/index.html", "a"),
            ("nl-NL/b.png", "b"),
            ("sitemap.xml", "s"),
            ("gone.txt", "g"),
        ] {
            std::fs::write(out.join(path), text).unwrap();
        }
        let recorded: FxHashMap<String, Stamp> = [
            "nl-NL/a/index.html",
            "nl-NL/b.png",
            "sitemap.xml",
            "gone.txt",
        ]
        .iter()
        .map(|p| (p.to_string(), Stamp::read(&out.join(p)).unwrap()))
        .collect();
        let recorded = Arc::new(recorded);
        // Asked before it is started: looked at on all cores.
        let check = OutputCheck::new(out, Arc::clone(&recorded));
        assert!(check.whole());
        check.start();
        assert!(check.unchanged("nl-NL/a/index.html"));
        assert!(!check.unchanged("nl-NL/c.png"), "a file not recorded");

        // An edit in place, a replacement and a removal.
        std::fs::write(out.join("nl-NL/a/index.html"), "a, edited").unwrap();
        std::fs::remove_file(out.join("nl-NL/b.png")).unwrap();
        std::fs::write(out.join("nl-NL/b.png"), "b, new").unwrap();
        std::fs::remove_file(out.join("gone.txt")).unwrap();
        // Started, then asked: looked at on a thread of its own.
        let check = OutputCheck::new(out, recorded);
        check.start();
        assert!(check.running.lock().unwrap().is_some());
        assert!(!check.whole());
        for path in ["nl-NL/a/index.html", "nl-NL/b.png", "gone.txt"] {
            assert!(!check.unchanged(path), "{path}");
        }
        assert!(check.unchanged("sitemap.xml"));
    }

    #[test]
    fn what_the_thread_did_not_look_at_is_looked_at_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let mut recorded = FxHashMap::default();
        for i in 0..700 {
            let path = format!("f{i}.html");
            std::fs::write(out.join(&path), "x").unwrap();
            recorded.insert(path.clone(), Stamp::read(&out.join(&path)).unwrap());
        }
        // Every seventh file changed by hand, wherever it is in the record.
        let changed: FxHashSet<String> =
            (0..700).step_by(7).map(|i| format!("f{i}.html")).collect();
        for path in &changed {
            std::fs::write(out.join(path), "changed").unwrap();
        }
        let check = OutputCheck::new(out, Arc::new(recorded));
        let folder = Folder::open(out);
        // The thread stopped after any number of files.
        for count in [0, 1, BATCH - 1, BATCH, BATCH + 1, 699, 700] {
            let differ = check
                .recorded
                .iter()
                .take(count)
                .filter(|(path, stamp)| differs(&folder, path, stamp))
                .map(|(path, _)| path.clone())
                .collect();
            let found = check.finish(Some(Looked { count, differ }));
            assert_eq!(found, changed, "stopped after {count}");
        }
        assert_eq!(check.finish(None), changed, "no thread");
        // Stopped before it began, and left to finish.
        let stop = AtomicBool::new(true);
        assert_eq!(look_until_stopped(out, &check.recorded, &stop).count, 0);
        stop.store(false, Ordering::Relaxed);
        let looked = look_until_stopped(out, &check.recorded, &stop);
        assert_eq!((looked.count, &looked.differ), (700, &changed));
        // Started, then asked at once.
        check.start();
        assert_eq!(check.differ(), &changed);
        // Started, and dropped unasked: the thread is told to stop.
        let check = OutputCheck::new(out, Arc::clone(&check.recorded));
        check.start();
        let stop = Arc::clone(&check.running.lock().unwrap().as_ref().unwrap().stop);
        assert!(!stop.load(Ordering::Relaxed));
        drop(check);
        assert!(stop.load(Ordering::Relaxed));
    }
}
