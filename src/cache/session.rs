//! One build's use of the cache: what it found from the previous build, and
//! what it records of this one.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{Bundle, Cache, Manifest, Parsed, ParsedFile, Plan, Scan, Summary, scan};
use crate::assemble::Site;
use crate::diagnostics::{Diagnostic, FilePath};
use crate::model::{Article, Date, Locale};
use crate::render::{Rendered, SearchPage};
use crate::workspace::Listing;
use crate::write::{Stamp, Written};

/// What the previous build left that this one may use.
pub struct Previous {
    cache: Cache,
    out: PathBuf,
    config: u64,
    manifest: Option<Manifest>,
    parsed: Parsed,
    scan: Scan,
    source_locale: Locale,
    today: Date,
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
}

impl Previous {
    /// Reads the cache of output folder `out` and looks at the site's input
    /// files. `config` is the key of the settings this build runs with.
    pub fn open(
        out: &Path,
        listing: &Listing,
        config: u64,
        started: SystemTime,
    ) -> Option<Previous> {
        let cache = Cache::new(out)?;
        let manifest = cache.manifest().filter(|m| m.config == config);
        let scan = scan(
            &listing.sources,
            manifest.as_ref().map(|m| &m.inputs),
            started,
        );
        let source_locale = listing
            .config
            .source_locale(&listing.sources.locales)
            .unwrap_or_else(Locale::fallback);
        Some(Previous {
            cache,
            out: out.to_path_buf(),
            config,
            manifest,
            parsed: Parsed::new(),
            scan,
            source_locale,
            today: Date::today(),
        })
    }

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
        let plan = self.plan(listing)?;
        (plan.unchanged() && plan.output_whole(&self.out))
            .then(|| self.manifest.as_ref().map(|m| m.summary.clone()))
            .flatten()
    }

    /// Forgets the previous build, before its output folder is replaced.
    pub fn invalidate(&self) {
        self.cache.invalidate();
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
            kept_bundles,
            written,
            summary,
            missing_strings,
        } = build;
        let mut outputs: BTreeMap<String, Stamp> = written.stamps.into_iter().collect();
        // Files kept from the previous output still have its stamps.
        let mut kept_files: Vec<String> = Vec::new();
        let mut pages = BTreeMap::new();
        let mut check_map = BTreeMap::new();
        for id in site.ids() {
            let url = &site.urls[id.0];
            if let Some(Some(page)) = rendered.article_pages.get(id.0) {
                pages.insert(url.clone(), page.file_fallbacks);
            }
            if let Some(found) = checks.get(id.0) {
                check_map.insert(url.clone(), found.clone());
            }
            for file in ["index.html", "index.json"] {
                kept_files.push(format!("{url}{file}"));
            }
        }
        kept_files.extend(kept_bundles.iter().flat_map(|b| b.files.iter().cloned()));
        for file in kept_files {
            if !outputs.contains_key(&file)
                && let Some(stamp) = self.output_stamp(&file)
            {
                outputs.insert(file, stamp);
            }
        }
        let bundles = bundles_of(&rendered.search_pages, &outputs, kept_bundles);
        let reused: HashSet<&str> = parsed
            .keys()
            .filter(|f| plan.is_some_and(|p| p.reuses(f)))
            .map(|f| &**f)
            .collect();
        let files: Vec<ParsedFile> = parsed
            .iter()
            .map(|(file, (article, diagnostics))| ParsedFile {
                file: file.to_string(),
                article: article.clone(),
                diagnostics: diagnostics.clone(),
            })
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
        let mut manifest = Manifest {
            config: self.config,
            locales: site.locales.iter().map(|l| l.to_string()).collect(),
            source_locale: self.source_locale.to_string(),
            today: self.today.days_since_epoch(),
            inputs: self.scan.inputs.clone(),
            outputs,
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
        self.cache
            .save(&mut manifest, &files, |b| stale[b as usize])
            .map_err(|e| e.to_string())
    }
}

/// What a build made, for the cache to record.
pub struct Build<'a> {
    pub site: &'a Site,
    pub parsed: &'a BTreeMap<FilePath, (Option<Article>, Vec<Diagnostic>)>,
    pub checks: &'a [Vec<Diagnostic>],
    pub rendered: &'a Rendered,
    /// The locales whose search bundle was kept.
    pub kept_bundles: &'a [KeptBundle],
    pub written: Written,
    pub summary: Summary,
    pub missing_strings: bool,
}

/// A search bundle kept from the previous output.
#[derive(Clone, Debug)]
pub struct KeptBundle {
    pub locale: Locale,
    pub files: Vec<String>,
}

/// Each locale's search bundle in the new output: its pages with their
/// HTML's stamps, and its files.
fn bundles_of(
    pages: &[SearchPage],
    outputs: &BTreeMap<String, Stamp>,
    _kept: &[KeptBundle],
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
    }
    bundles.retain(|_, b| !b.files.is_empty());
    bundles
}

/// The summary of a build, for the next one to print when nothing changed.
pub fn summary(diagnostics: &[Diagnostic], outcome: &crate::Outcome) -> Summary {
    let f = outcome.fallbacks;
    Summary {
        diagnostics: diagnostics.to_vec(),
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
