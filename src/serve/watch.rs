//! Watching the site's files: `content/`, `locales/` and `templates/` with
//! everything below them, and the site folder itself for `stegvis.toml` and
//! for those folders appearing. Events are debounced briefly (an editor's
//! save is often several writes) and arrive as batches of paths; telling
//! what they mean is the workspace's job (`workspace::classify`).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Long enough to join the writes of one save, short enough to feel instant.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The folders of a site that hold its files.
const PARTS: [&str; 3] = ["content", "locales", "templates"];

/// Whether an event can change what a file holds or which files exist.
/// Reading a file (which stegvis itself does while rebuilding) and changing
/// only its metadata (`touch`) cannot.
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching `root`; batches of changed paths arrive on the
    /// receiver, written under `root` as given (the events name real paths).
    pub fn new(root: &Path) -> notify::Result<(Watcher, mpsc::Receiver<Vec<PathBuf>>)> {
        let (send, receive) = mpsc::channel();
        let given = root.to_path_buf();
        let real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let base = real.clone();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let paths: Vec<PathBuf> = match result {
                Ok(events) => events
                    .into_iter()
                    .filter(|e| changes_content(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .map(|p| match p.strip_prefix(&base) {
                        Ok(rest) => given.join(rest),
                        Err(_) => p,
                    })
                    .collect(),
                // The watcher lost track (too many events, a watched folder
                // removed): let the workspace look at the whole site.
                Err(_) => PARTS.iter().map(|p| given.join(p)).collect(),
            };
            if !paths.is_empty() {
                let _ = send.send(paths);
            }
        })?;
        let root = real;
        let mut watcher = Watcher {
            debouncer,
            root: root.clone(),
            watched: Vec::new(),
        };
        watcher
            .debouncer
            .watch(&root, RecursiveMode::NonRecursive)?;
        watcher.refresh();
        Ok((watcher, receive))
    }

    /// Watches the site's folders that exist now and were not watched yet
    /// (a `content/` made after `serve` started), and forgets removed ones.
    pub fn refresh(&mut self) {
        for part in PARTS {
            let dir = self.root.join(part);
            let watched = self.watched.contains(&dir);
            if dir.is_dir() && !watched {
                if self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.push(dir);
                }
            } else if !dir.is_dir() && watched {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.retain(|d| d != &dir);
            }
        }
    }
}
