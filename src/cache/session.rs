//! One build's use of the cache: what it found from the previous build, and
//! what it records of this one.

use std::collections::{BTreeMap, HashSet};

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{
    Bundle, Cache, Manifest, OutputCheck, Parsed, ParsedFile, Plan, Scan, Summary, look_unlisted,
    scan,
};
use crate::assemble::Site;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, FilePath};
use crate::discover::Sources;
use crate::model::{Article, Date, Locale};
use crate::render::{Output, Rendered, SearchPage, Sink};
use crate::workspace::Listing;
use crate::write::{MARKER, Recycle, Stamp, Written};

/// What the previous build left that this one may use.
pub struct Previous {
    cache: Cache,
    /// The output folder.
    out: PathBuf,
    config: u64,
    manifest: Option<Manifest>,
    /// The output folder's files, looked at against the manifest's record
    /// (there is one when there is a manifest).
    outputs: Option<OutputCheck>,
    parsed: Parsed,
    scan: Scan,
    source_locale: Locale,
    today: Date,
    /// What the spare output folder holds (taken by the one build that fills it).
    spare: std::sync::Mutex<super::SpareRecord>,
}

/// What a build took from the cache, for its report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Nothing changed: the output folder was kept as it was.
    pub unchanged: bool,
    /// Article files parsed, of all of them.
    pub parsed: usize,
    pub articles: usize,
    /// Article pages rendered, of all of them.
    pub rendered: usize,
    pub pages: usize,
    /// Why the cache could not be saved, when it could not.
    pub not_saved: Option<String>,
    /// The cache changed while this build read it: the build was made again
    /// without it.
    pub damaged: bool,
}

/// The cache of an output folder, read before the site is listed: enough to
/// tell that nothing changed without listing it.
pub struct Early {
    cache: Cache,
    out: PathBuf,
    config: u64,
    manifest: Option<Manifest>,
    /// The input files looked at before the site was listed, when no folder
    /// changed (then the listing finds these files, and they need no second
    /// look).
    scan: Option<Scan>,
    /// The output folder's files, looked at against the manifest's record;
    /// started once an input file is known to have changed.
    outputs: Option<OutputCheck>,
}

impl Early {
    /// Reads the cache of output folder `out`. `config` is the key of the
    /// settings this build runs with.
    pub fn read(out: &Path, config: u64) -> Option<Early> {
        let cache = Cache::new(out)?;
        let manifest = cache.manifest().filter(|m| m.config == config);
        let outputs = manifest
            .as_ref()
            .map(|m| OutputCheck::new(out, m.outputs.clone()));
        Some(Early {
            cache,
            out: out.to_path_buf(),
            config,
            manifest,
            scan: None,
            outputs,
        })
    }

    /// When nothing the build reads changed since the previous build and its
    /// output folder is as it left it: what it reported. Found from the
    /// previous build's record of the site at `root` alone: its folders
    /// (none gained or lost a file), its input files and its output files,
    /// each looked at once, without listing the site (a third of the time
    /// of such a build went to listing its folders).
    pub fn unchanged(&mut self, root: &Path, started: SystemTime) -> Option<Summary> {
        let manifest = self.manifest.as_mut()?;
        let folders = manifest.folders.as_ref()?;
        let differ = look_unlisted(root, folders, &manifest.inputs, started)?;
        let same = differ.iter().all(|(_, _, changed)| !changed)
            && manifest.today == Date::today().days_since_epoch()
            && self.outputs.as_ref().is_some_and(|o| o.whole());
        if same {
            return Some(manifest.summary.clone());
        }
        // The build goes on with these files, as looked at, and will keep
        // some of the output folder's files.
        if let Some(outputs) = &self.outputs {
            outputs.start();
        }
        // The record becomes the scan's, updated in place: from here on the
        // build asks the record only which files it holds (the same ones).
        let folders = Some(folders.clone());
        let scan = Scan::updated(std::mem::take(&mut manifest.inputs), differ, folders);
        manifest.inputs = std::sync::Arc::clone(&scan.inputs);
        self.scan = Some(scan);
        None
    }

    /// The site's files, from the previous build's record, when `unchanged`
    /// found every folder as it was (then listing the site would find the
    /// files recorded and no others): a build with an edit in place needs
    /// no listing either.
    pub fn sources(&self, root: &Path, config: &SiteConfig) -> Option<Sources> {
        self.scan.as_ref()?;
        let manifest = self.manifest.as_ref()?;
        let folders = manifest.folders.as_ref()?;
        Some(crate::discover::from_record(
            root,
            config,
            folders.iter().map(|(f, _)| f.as_str()),
            manifest.inputs.keys().map(String::as_str),
        ))
    }

    /// Goes on once the site is listed: looks at its input files against
    /// the previous build's record.
    pub fn open(self, listing: &Listing, started: SystemTime) -> Previous {
        let Early {
            cache,
            out,
            config,
            mut manifest,
            scan: scanned,
            outputs,
        } = self;
        let spare = manifest
            .as_mut()
            .map(|m| std::mem::take(&mut m.spare))
            .unwrap_or_default();
        let scan = scanned.unwrap_or_else(|| {
            scan(
                &listing.sources,
                manifest.as_ref().map(|m| &*m.inputs),
                started,
            )
        });
        // A file changed: the build goes on (with nothing changed, the
        // output folder is looked at on all cores, to be kept whole).
        if let Some(outputs) = outputs.as_ref().filter(|_| !scan.changed.is_empty()) {
            outputs.start();
        }
        let source_locale = listing
            .config
            .source_locale(&listing.sources.locales)
            .unwrap_or_else(Locale::fallback);
        Previous {
            cache,
            out,
            config,
            manifest,
            outputs,
            parsed: Parsed::default(),
            scan,
            source_locale,
            today: Date::today(),
            spare: std::sync::Mutex::new(spare),
        }
    }
}

impl Previous {
    /// Reads the previous build's parse results (a build that changes
    /// nothing never needs them); without them, every file is parsed again.
    pub fn load_parsed(&mut self) {
        if let Some(manifest) = &self.manifest {
            self.parsed = self.cache.parsed(manifest).unwrap_or_default();
        }
    }

    /// What follows from the previous build for this one; `None` without one.
    pub fn plan<'a>(&'a self, listing: &Listing) -> Option<Plan<'a>> {
        Some(Plan::new(
            self.manifest.as_ref()?,
            self.outputs.as_ref()?,
            &self.parsed,
            &self.scan,
            &listing.sources,
            &self.source_locale,
            self.today,
        ))
    }

    /// When nothing the build reads changed and the output folder is the one
    /// the previous build left: what that build reported.
    pub fn unchanged(&self, listing: &Listing) -> Option<Summary> {
        // A file changed: no plan is needed to tell.
        if !self.scan.changed.is_empty() {
            return None;
        }
        let plan = self.plan(listing)?;
        (plan.unchanged() && plan.output_whole())
            .then(|| self.manifest.as_ref().map(|m| m.summary.clone()))
            .flatten()
    }

    /// Forgets the previous build, before its output folder is replaced.
    pub fn invalidate(&self) {
        self.cache.invalidate();
    }

    /// The output folder before the previous one, to fill instead of an
    /// empty folder, when the cache knows what it holds.
    pub fn recycle(&self) -> Option<Recycle<'_>> {
        let manifest = self.manifest.as_ref()?;
        let spare = std::mem::take(&mut *self.spare.lock().ok()?);
        let folder = super::spare(&self.out);
        if !folder.is_dir() {
            return None;
        }
        spare.recycle(folder, &manifest.outputs)
    }

    /// Where the output folder now in place goes once replaced: kept for the
    /// next build to fill, when this build knows what it holds.
    pub fn keep_previous(&self) -> Option<PathBuf> {
        self.manifest.as_ref().map(|_| super::spare(&self.out))
    }

    /// Whether a byte run of the previous build's parse results could not be
    /// read when it was first needed (`Cache::damaged`): then what this
    /// build made must not be used.
    pub fn damaged(&self) -> bool {
        self.cache.damaged()
    }

    /// Whether the media file at `path` of the output can be kept from the
    /// previous output: its source is unchanged and so is the file there.
    pub fn media_unchanged(&self, plan: &Plan, path: &str) -> bool {
        self.scan.unchanged(&format!("content/{path}")) && plan.output_unchanged(path)
    }

    /// The stamp the previous output gave file `path`.
    pub fn output_stamp(&self, path: &str) -> Option<Stamp> {
        self.manifest.as_ref()?.outputs.get(path).copied()
    }

    /// Records this build, whose output folder is now in place; `plan` is
    /// what it took from the previous one.
    pub fn save(&self, plan: Option<&Plan>, build: Build) -> Result<(), String> {
        let Build {
            site,
            parsed,
            checks,
            rendered,
            written,
            summary,
            missing_strings,
        } = build;
        // Three records made side by side: the output folder's files (and
        // what follows from them), each page's, and the parse results.
        let outputs_and_more = || {
            let mut outputs = written.stamps;
            // Files kept from the previous output still have its stamps.
            for file in written.kept {
                if let Some(stamp) = self.output_stamp(&file) {
                    outputs.insert(file, stamp);
                }
            }
            let bundles = bundles_of(&rendered.search_pages, &outputs);
            // The previous output, now the spare, is what the previous build recorded.
            let spare = match &self.manifest {
                Some(m) if super::spare(&self.out).join(MARKER).is_file() => {
                    super::SpareRecord::between(&m.outputs, &outputs)
                }
                _ => super::SpareRecord::default(),
            };
            (outputs, bundles, spare)
        };
        let per_page = || {
            let mut pages = FxHashMap::default();
            let mut check_map = FxHashMap::default();
            for id in site.ids() {
                let url = &site.urls[id.0];
                if let Some(Some(page)) = rendered.article_pages.get(id.0) {
                    pages.insert(url.clone(), page.file_fallbacks);
                }
                // Only what found something: a page recorded in `pages` with no
                // entry here found nothing.
                if let Some(found) = checks.get(id.0).filter(|f| !f.is_empty()) {
                    check_map.insert(url.clone(), found.clone());
                }
            }
            (pages, check_map)
        };
        let parse_results = || {
            let reused: HashSet<&str> = parsed
                .keys()
                .filter(|f| plan.is_some_and(|p| p.reuses(f)))
                .map(|f| &**f)
                .collect();
            // A bucket is written again unless it holds exactly the files it held,
            // none of them parsed again.
            let mut stale =
                vec![self.manifest.is_none() || self.parsed.is_empty(); super::BUCKETS as usize];
            for file in parsed.keys().filter(|f| !reused.contains(&***f)) {
                stale[super::bucket_of(file) as usize] = true;
            }
            for file in self
                .parsed
                .keys()
                .filter(|f| !parsed.contains_key(f.as_str()))
            {
                stale[super::bucket_of(file) as usize] = true;
            }
            // Only the files of buckets written again are needed.
            let files: Vec<ParsedFile> = parsed
                .iter()
                .filter(|(file, _)| stale[super::bucket_of(file) as usize])
                .map(|(file, (article, diagnostics))| ParsedFile {
                    file: file.to_string(),
                    article: article.clone(),
                    diagnostics: diagnostics.clone(),
                })
                .collect();
            (stale, files)
        };
        let ((outputs, bundles, spare), ((pages, check_map), (stale, files))) =
            rayon::join(outputs_and_more, || rayon::join(per_page, parse_results));
        let mut manifest = Manifest {
            config: self.config,
            locales: site.locales.iter().map(|l| l.to_string()).collect(),
            source_locale: self.source_locale.to_string(),
            today: self.today.days_since_epoch(),
            inputs: std::sync::Arc::clone(&self.scan.inputs),
            folders: self.scan.folders.clone(),
            outputs: std::sync::Arc::new(outputs),
            spare,
            summary,
            checks: check_map,
            pages,
            missing_strings,
            bundles,
            buckets: self
                .manifest
                .as_ref()
                .map(|m| m.buckets.clone())
                .unwrap_or_default(),
        };
        let saved = self
            .cache
            .save(&mut manifest, &files, |b| stale[b as usize])
            .map_err(|e| e.to_string());
        // Its maps hold a path for every input and output file.
        crate::run::drop_later((manifest, files));
        saved
    }
}

/// A sink that passes files on to `inner`, but keeps a media file whose
/// source and copy are unchanged from the previous output, unread.
pub struct KeepMedia<'a> {
    pub inner: &'a dyn Sink,
    pub previous: &'a Previous,
    pub plan: &'a Plan<'a>,
}

impl Sink for KeepMedia<'_> {
    fn put(&self, output: Output) -> bool {
        match output {
            Output::Copy { path, .. } if self.previous.media_unchanged(self.plan, &path) => {
                self.inner.put(Output::Kept { path })
            }
            other => self.inner.put(other),
        }
    }
}

/// What a build made, for the cache to record.
pub struct Build<'a> {
    pub site: &'a Site,
    pub parsed: &'a BTreeMap<FilePath, (Option<Article>, Vec<Diagnostic>)>,
    pub checks: &'a [Vec<Diagnostic>],
    pub rendered: &'a Rendered,
    pub written: Written,
    pub summary: Summary,
    pub missing_strings: bool,
}

/// Each locale's search bundle in the new output: its pages with their
/// HTML's stamps, and its files.
fn bundles_of(
    pages: &[SearchPage],
    outputs: &FxHashMap<String, Stamp>,
) -> BTreeMap<String, Bundle> {
    let mut bundles: BTreeMap<String, Bundle> = BTreeMap::new();
    for page in pages {
        let Some(stamp) = outputs.get(&page.path) else {
            continue;
        };
        bundles
            .entry(page.locale.to_string())
            .or_default()
            .pages
            .push((page.url.clone(), *stamp));
    }
    for (locale, bundle) in bundles.iter_mut() {
        let prefix = crate::render::search_bundle_path(
            &Locale::parse(locale).unwrap_or_else(Locale::fallback),
        );
        bundle.files = outputs
            .keys()
            .filter(|f| f.starts_with(&prefix))
            .cloned()
            .collect();
        bundle.files.sort();
    }
    bundles.retain(|_, b| !b.files.is_empty());
    bundles
}

/// The summary of a build, for the next one to print when nothing changed.
pub fn summary(outcome: &crate::Outcome) -> Summary {
    let f = outcome.fallbacks;
    Summary {
        diagnostics: outcome.diagnostics.clone(),
        pages: outcome.pages,
        articles: outcome.articles,
        locales: outcome.locales.iter().map(|l| l.to_string()).collect(),
        source_locale: outcome.source_locale.as_ref().map(|l| l.to_string()),
        fallbacks: (f.pages, f.files, f.includes),
        search: outcome
            .search
            .as_ref()
            .map(|s| (s.pages, s.locales.iter().map(|l| l.to_string()).collect())),
    }
}
