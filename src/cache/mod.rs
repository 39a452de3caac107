//! The build cache: what a build made of a site, kept beside the output
//! folder (`.public.stegvis-cache/` for `public/`, like the lock file and
//! the staging folders; never inside the site's own folders, never in what
//! is published), so that the next build redoes only what changed.
//!
//! It holds, in a manifest:
//! - the input files' stamps (`inputs`), and what else every result depends
//!   on: the configuration, the locales, the day (for dates in the future);
//! - the output folder's files and their stamps, so that a file is only ever
//!   kept from an output folder that still holds what this build wrote;
//! - what the build reported (diagnostics, counts), each article's check
//!   diagnostics and what its page counted, and each search bundle's pages;
//!
//! and, in 64 bucket files beside it, each article file's parse result;
//! the byte runs of a bucket's results (packed text, values kept encoded:
//! four fifths of their bytes) in a runs file beside it, read only when one
//! of them is (`model::SharedBytes`).
//!
//! A build with nothing changed keeps the output folder as it is and reports
//! the diagnostics recorded (`Plan::unchanged`). Otherwise an article file
//! whose inputs are unchanged is not parsed again; an article whose check
//! reads nothing that changed is not checked again; and an article page that
//! shows nothing that changed (`reuse::Plan::kept`) is not rendered again,
//! its files linked from the previous output. What "changed" means is the
//! rule `serve` follows: an edit that keeps an article's facts (title,
//! translation key, anchors, procedures) changes the pages that show it;
//! anything else, and any change to the templates, the Fluent files, the
//! configuration or the set of files, renders every page again.
//!
//! Every file carries the build of stegvis that wrote it and a checksum
//! (`store`); a cache that does not check out is ignored, costing a cold
//! build. The manifest is removed before an output folder is swapped in and
//! written after, so a build killed in between leaves no cache that could
//! describe the wrong output.

mod inputs;
mod outputs;
mod reuse;
mod session;
mod store;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

pub use inputs::{Folders, Input, Inputs, Scan, look_unlisted, scan};
pub use outputs::{OutputCheck, Recorded};
pub use reuse::Plan;
pub use session::{Build, Early, KeepMedia, Previous, Report, summary};

use crate::diagnostics::Diagnostic;
use crate::diagnostics::file_table;
use crate::model::Article;
use crate::write::{Recycle, Stamp};

const MANIFEST: &str = "manifest.bin";
/// The output folder before the current one, which the next build fills
/// instead of an empty folder: most of its files are links to the current
/// output's already.
const SPARE: &str = "spare";
/// Parse results are spread over this many files, so that a change to a few
/// articles rewrites a few files, and loading reads them in parallel.
const BUCKETS: u32 = 64;

/// The cache folder of output folder `out`.
pub fn folder(out: &Path) -> PathBuf {
    crate::write::beside(out, "cache")
}

/// Which stegvis this is: its version and its executable's stamp, so that a
/// rebuilt binary (another version, or the same version with other code)
/// never reads what another one wrote. `None` when it cannot tell.
pub fn build_id() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let stamp = Stamp::of(&std::fs::metadata(exe).ok()?);
    Some(format!(
        "{} {} {} {}",
        env!("CARGO_PKG_VERSION"),
        stamp.len,
        stamp.modified_ns,
        stamp.inode
    ))
}

/// A hash of the settings a build ran with: its configuration after the
/// command line's overrides.
pub fn config_key(config: &crate::config::SiteConfig) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(format!("{config:?}").as_bytes());
    hasher.finish()
}

/// What a build recorded.
#[derive(Debug, Default)]
pub struct Manifest {
    pub config: u64,
    pub locales: Vec<String>,
    pub source_locale: String,
    /// The day the checks took as today, in days since 1970.
    pub today: i64,
    pub inputs: std::sync::Arc<Inputs>,
    /// The folders the site was listed from, when they can vouch for it
    /// (`Scan::folders`).
    pub folders: Option<Folders>,
    /// Every file of the output folder, its marker included.
    pub outputs: Recorded,
    /// The output folder before it (kept as `SPARE` to fill on the next
    /// build), when it was kept.
    pub spare: SpareRecord,
    pub summary: Summary,
    /// What checking each article found, by its page's path (`nl-NL/a/`).
    pub checks: FxHashMap<String, Vec<Diagnostic>>,
    /// Each article page's count of files shown from the source locale.
    pub pages: FxHashMap<String, usize>,
    /// Whether rendering looked up a UI string no Fluent file has: pages that
    /// are kept would not look it up again, so then none is kept.
    pub missing_strings: bool,
    /// Each locale's search bundle.
    pub bundles: BTreeMap<String, Bundle>,
    /// Each bucket's files as this build saved them, by bucket: a bucket
    /// file is read only while it holds what this build saved.
    pub buckets: Vec<Bucket>,
}

/// The checksums of a bucket's two files (of their payloads: see `store`),
/// and the length of its runs file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bucket {
    pub results: u32,
    pub runs: u32,
    pub runs_file_len: u64,
}

/// The manifest is written in three parts, each encoded on its own, so that
/// reading and writing it takes both cores: the input files and folders, the
/// output files, and the rest. (Read as one, it was a twentieth of a
/// one-article rebuild, all of it on one core.)
impl serde::Serialize for Manifest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let inputs = || postcard::to_stdvec(&(&self.inputs, &self.folders));
        let outputs = || postcard::to_stdvec(&(&self.outputs, &self.spare));
        let rest = || {
            postcard::to_stdvec(&(
                self.config,
                &self.locales,
                &self.source_locale,
                self.today,
                &self.summary,
                &self.checks,
                &self.pages,
                self.missing_strings,
                &self.bundles,
                &self.buckets,
            ))
        };
        let (inputs, (outputs, rest)) = rayon::join(inputs, || rayon::join(outputs, rest));
        let (inputs, outputs, rest) = (|| Ok((inputs?, outputs?, rest?)))()
            .map_err(|e: postcard::Error| serde::ser::Error::custom(e))?;
        (RawBytes(&inputs), RawBytes(&outputs), RawBytes(&rest)).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Manifest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (inputs, outputs, rest): (&'de [u8], &'de [u8], &'de [u8]) =
            serde::Deserialize::deserialize(d)?;
        type Rest = (
            u64,
            Vec<String>,
            String,
            i64,
            Summary,
            FxHashMap<String, Vec<Diagnostic>>,
            FxHashMap<String, usize>,
            bool,
            BTreeMap<String, Bundle>,
            Vec<Bucket>,
        );
        let inputs = || postcard::from_bytes::<(std::sync::Arc<Inputs>, Option<Folders>)>(inputs);
        let outputs = || postcard::from_bytes::<(Recorded, SpareRecord)>(outputs);
        let rest = || postcard::from_bytes::<Rest>(rest);
        let (inputs, (outputs, rest)) = rayon::join(inputs, || rayon::join(outputs, rest));
        let read = (|| Ok((inputs?, outputs?, rest?)))()
            .map_err(|e: postcard::Error| serde::de::Error::custom(e))?;
        let (
            (inputs, folders),
            (outputs, spare),
            (
                config,
                locales,
                source_locale,
                today,
                summary,
                checks,
                pages,
                missing_strings,
                bundles,
                buckets,
            ),
        ) = read;
        Ok(Manifest {
            config,
            locales,
            source_locale,
            today,
            inputs,
            folders,
            outputs,
            spare,
            summary,
            checks,
            pages,
            missing_strings,
            bundles,
            buckets,
        })
    }
}

/// The files of the spare output folder, told by how they differ from the
/// current output's (most are the same files): those whose stamps differ
/// or that only the spare has, and those only the current output has.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SpareRecord {
    /// Whether there is a spare folder at all.
    pub kept: bool,
    pub other: FxHashMap<String, Stamp>,
    pub missing: Vec<String>,
}

impl SpareRecord {
    /// The record of `spare` against `current`.
    fn between(
        spare: &FxHashMap<String, Stamp>,
        current: &FxHashMap<String, Stamp>,
    ) -> SpareRecord {
        SpareRecord {
            kept: true,
            other: spare
                .iter()
                .filter(|(path, stamp)| current.get(*path) != Some(stamp))
                .map(|(p, s)| (p.clone(), *s))
                .collect(),
            missing: current
                .keys()
                .filter(|path| !spare.contains_key(*path))
                .cloned()
                .collect(),
        }
    }

    /// The spare folder to fill, at `folder`, given the current output's files.
    fn recycle(self, folder: PathBuf, current: &FxHashMap<String, Stamp>) -> Option<Recycle<'_>> {
        let recycle = Recycle {
            folder,
            current,
            other: self.other,
            missing: self.missing.into_iter().collect(),
        };
        (self.kept && !recycle.is_empty()).then_some(recycle)
    }
}

/// What a build printed, for a build that changes nothing to print again.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// After `[rules]`, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub articles: usize,
    pub locales: Vec<String>,
    pub source_locale: Option<String>,
    /// Pages, files and includes shown from the source locale.
    pub fallbacks: (usize, usize, usize),
    /// Pages and locales of the search index, when there is one.
    pub search: Option<(usize, Vec<String>)>,
}

/// A locale's search bundle: the pages it was made from (URL and the stamp
/// of the page's HTML) and its files.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bundle {
    pub pages: Vec<(String, Stamp)>,
    pub files: Vec<String>,
}

/// An article file's parse result, as the cache keeps it.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub file: String,
    pub article: Option<Article>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A parse result is written with its spans naming files by index (see
/// `file_table`): the table of files, then the result's own bytes.
impl serde::Serialize for ParsedFile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (body, files) = file_table::with_table_written(|| {
            postcard::to_stdvec(&(&self.article, &self.diagnostics))
        });
        let body = body.map_err(serde::ser::Error::custom)?;
        let files: Vec<&str> = files.iter().map(|f| &**f).collect();
        (&self.file, files, RawBytes(&body)).serialize(s)
    }
}

/// Bytes written as one run, not one value per byte.
struct RawBytes<'a>(&'a [u8]);

impl serde::Serialize for RawBytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ParsedFile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (file, files, body): (String, Vec<String>, &'de [u8]) =
            serde::Deserialize::deserialize(d)?;
        let files = files
            .into_iter()
            .map(crate::diagnostics::FilePath::from)
            .collect();
        let (article, diagnostics) = file_table::with_table_read(files, || {
            postcard::from_bytes::<(Option<Article>, Vec<Diagnostic>)>(body)
        })
        .map_err(serde::de::Error::custom)?;
        Ok(ParsedFile {
            file,
            article,
            diagnostics,
        })
    }
}

/// The parse results of the previous build, by file.
pub type Parsed = FxHashMap<String, ParsedFile>;

fn bucket_of(file: &str) -> u32 {
    crc32fast::hash(file.as_bytes()) % BUCKETS
}

/// The build cache of one output folder.
pub struct Cache {
    folder: PathBuf,
    build: String,
    /// Set when a runs file read during this build did not hold what its
    /// bucket's results point into (see `damaged`).
    damaged: Arc<AtomicBool>,
}

impl Cache {
    /// The cache of output folder `out`; `None` when this stegvis cannot be
    /// told apart from another (then no cache is used).
    pub fn new(out: &Path) -> Option<Cache> {
        Some(Cache {
            folder: folder(out),
            build: build_id()?,
            damaged: Arc::default(),
        })
    }

    /// The manifest of the previous build, if there is a sound one.
    pub fn manifest(&self) -> Option<Manifest> {
        let manifest: Manifest = store::read(&self.folder.join(MANIFEST), &self.build)?;
        (manifest.buckets.len() == BUCKETS as usize).then_some(manifest)
    }

    /// The previous build's parse results; `None` when a bucket file is
    /// missing, damaged or from another save than `manifest`. Their byte
    /// runs are read from the runs files when first read.
    pub fn parsed(&self, manifest: &Manifest) -> Option<Parsed> {
        let buckets: Vec<Option<Vec<ParsedFile>>> = (0..BUCKETS)
            .into_par_iter()
            .map(|b| {
                let bucket = manifest.buckets[b as usize];
                let runs = self.runs_path(b);
                // A runs file that is not there as saved costs a cold build
                // now rather than a second build later.
                if std::fs::metadata(&runs).ok()?.len() != bucket.runs_file_len {
                    return None;
                }
                let source: Arc<dyn crate::model::RunSource> = Arc::new(BucketRuns {
                    path: runs,
                    build: self.build.clone(),
                    crc: bucket.runs,
                    runs: OnceLock::new(),
                    damaged: self.damaged.clone(),
                });
                let bytes = std::fs::read(self.bucket_path(b)).ok()?;
                crate::model::reading_runs(source, || {
                    store::decode_checked(&bytes, &self.build, Some(bucket.results))
                })
            })
            .collect();
        let mut parsed = Parsed::default();
        for bucket in buckets {
            for file in bucket? {
                parsed.insert(file.file.clone(), file);
            }
        }
        Some(parsed)
    }

    /// Whether a runs file read during this build (when a result's bytes
    /// were first read) was gone or did not check out: another program
    /// changed the cache since its results were read, and what was read
    /// from it is empty. Such a build must not be used (`run_with` builds
    /// again without the cache).
    pub fn damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    fn bucket_path(&self, bucket: u32) -> PathBuf {
        self.folder.join(format!("parsed-{bucket:02}.bin"))
    }

    fn runs_path(&self, bucket: u32) -> PathBuf {
        self.folder.join(format!("runs-{bucket:02}.bin"))
    }

    /// Forgets the previous build: called before an output folder is swapped
    /// in, which the manifest would no longer describe.
    pub fn invalidate(&self) {
        let _ = std::fs::remove_file(self.folder.join(MANIFEST));
    }

    /// Saves what a build made. `rewrite(bucket)` says which bucket files must
    /// be written again (the others still hold what they held, as
    /// `manifest.buckets` says); `parsed` holds the result of every article
    /// file in those buckets, and may leave out the others.
    pub fn save(
        &self,
        manifest: &mut Manifest,
        parsed: &[ParsedFile],
        rewrite: impl Fn(u32) -> bool + Sync,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.folder)?;
        let mut by_bucket: Vec<Vec<&ParsedFile>> = vec![Vec::new(); BUCKETS as usize];
        for file in parsed {
            by_bucket[bucket_of(&file.file) as usize].push(file);
        }
        manifest.buckets.resize(BUCKETS as usize, Bucket::default());
        let saved: Vec<std::io::Result<Option<Bucket>>> = by_bucket
            .par_iter()
            .enumerate()
            .map(|(b, files)| {
                let b = b as u32;
                if !rewrite(b) {
                    return Ok(None);
                }
                // The results first: writing them reads the runs of results
                // kept from the previous build from the runs file this replaces.
                let (results, runs) = crate::model::writing_runs(|| {
                    store::save(&self.bucket_path(b), files, &self.build)
                });
                let results = results?;
                let (runs, runs_file_len) =
                    store::save_raw(&self.runs_path(b), &runs, &self.build)?;
                Ok(Some(Bucket {
                    results,
                    runs,
                    runs_file_len,
                }))
            })
            .collect();
        for (b, bucket) in saved.into_iter().enumerate() {
            if let Some(bucket) = bucket? {
                manifest.buckets[b] = bucket;
            }
        }
        store::save(&self.folder.join(MANIFEST), &*manifest, &self.build).map(drop)
    }
}

/// A bucket's runs file, read whole and checked the first time one of its
/// runs is read: a rebuild after an edit reads a few of the 64.
struct BucketRuns {
    path: PathBuf,
    build: String,
    crc: u32,
    runs: OnceLock<Option<bytes::Bytes>>,
    damaged: Arc<AtomicBool>,
}

impl crate::model::RunSource for BucketRuns {
    fn runs(&self) -> Option<&bytes::Bytes> {
        let runs = self
            .runs
            .get_or_init(|| store::read_raw(&self.path, &self.build, self.crc))
            .as_ref();
        if runs.is_none() {
            self.damaged();
        }
        runs
    }

    fn damaged(&self) {
        self.damaged.store(true, Ordering::Relaxed);
    }
}

/// Where the output folder before the current one is kept.
pub fn spare(out: &Path) -> PathBuf {
    folder(out).join(SPARE)
}

/// Removes the cache of output folder `out`, for a build that keeps none:
/// only the files a cache holds, and the folder once empty.
pub fn remove(out: &Path) {
    let folder = folder(out);
    crate::write::remove_marked(&folder.join(SPARE));
    let _ = std::fs::remove_file(folder.join(MANIFEST));
    for b in 0..BUCKETS {
        let _ = std::fs::remove_file(folder.join(format!("parsed-{b:02}.bin")));
        let _ = std::fs::remove_file(folder.join(format!("runs-{b:02}.bin")));
    }
    let _ = std::fs::remove_dir(folder);
}
