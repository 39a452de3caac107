//! A site kept in memory between builds: what each stage made of it, per
//! file, so that a change to a few files redoes only what they affect.
//!
//! `Workspace::load` runs discover, parse, assemble and check once (`build`
//! and `check` use it that way). `Workspace::update` takes the paths that
//! changed and redoes the least that gives the same result as loading again:
//!
//! - an article whose title, translation key, anchors and procedures stayed
//!   the same is parsed again and put in place; it and its translations are
//!   checked again;
//! - anything else in `content/` (a new, moved or deleted file, an include, a
//!   table of contents, an article whose facts changed) parses the changed
//!   files only, then assembles and checks the whole site again;
//! - `locales/` reloads the UI strings and `templates/` the theme, and re-parse
//!   nothing; `stegvis.toml` loads everything again.
//!
//! Pages are not rendered here: `render::Renderer` renders any file of the
//! current state on demand.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::Fatal;
use crate::assemble::{self, Site};
use crate::check;
use crate::config::{self, SiteConfig};
use crate::diagnostics::{self, Code, Diagnostic, FilePath};
use crate::discover::{self, SourceFile, Sources};
use crate::i18n::I18n;
use crate::model::{Article, Date, Toc};
use crate::parse::{self, IncludeStore, Parsed};
use crate::progress::{Progress, Silent, Stage};
use crate::render::{self, Theme};

/// One source file as parsed, with what parsing it found.
#[derive(Clone, Debug)]
struct FileResult<T> {
    hash: u64,
    value: Option<T>,
    diagnostics: Vec<Diagnostic>,
}

/// The site in memory.
pub struct Workspace {
    root: PathBuf,
    base_url: Option<String>,
    today: Date,
    pub config: SiteConfig,
    pub sources: Sources,
    store: IncludeStore,
    store_diagnostics: Vec<Diagnostic>,
    articles: BTreeMap<FilePath, FileResult<Article>>,
    tocs: BTreeMap<FilePath, FileResult<Toc>>,
    pub site: Site,
    assemble_diagnostics: Vec<Diagnostic>,
    /// What `check` found, per article of `site`.
    checks: Vec<Vec<Diagnostic>>,
    site_checks: Vec<Diagnostic>,
    pub i18n: I18n,
    i18n_diagnostics: Vec<Diagnostic>,
    pub theme: Theme,
    theme_diagnostics: Vec<Diagnostic>,
    /// Template errors found by rendering one page of each kind.
    sample_diagnostics: Vec<Diagnostic>,
    /// Counts the states the workspace went through; `serve` tells pages apart by it.
    pub generation: u64,
}

/// Results of an earlier build that are still right for this one, offered
/// by the build cache (`crate::cache`); `build` without it, `check` and
/// `serve` use `Fresh`, which offers none.
pub trait Reuse: Sync {
    /// What parsing `file` gave last time, when nothing it read has changed.
    fn parsed(&self, file: &SourceFile) -> Option<(Option<Article>, Vec<Diagnostic>)>;
    /// What checking each article of `site` found last time, by id, where
    /// nothing the check reads has changed (`None`: check it).
    fn checks(&self, site: &Site) -> Vec<Option<Vec<Diagnostic>>>;
    /// Whether the workspace is kept and updated after edits (`serve`): it
    /// then tells a file saved again unchanged from an edited one by the hash
    /// of its bytes. A build reads every file once and needs no hashes.
    fn updates_follow(&self) -> bool;
}

/// Offers nothing: every file is parsed and every article checked.
pub struct Fresh;

impl Reuse for Fresh {
    fn parsed(&self, _: &SourceFile) -> Option<(Option<Article>, Vec<Diagnostic>)> {
        None
    }

    fn checks(&self, _: &Site) -> Vec<Option<Vec<Diagnostic>>> {
        Vec::new()
    }

    fn updates_follow(&self) -> bool {
        true
    }
}

/// `Fresh`, for a workspace read once (`build` without the cache, `check`).
pub struct Once;

impl Reuse for Once {
    fn parsed(&self, file: &SourceFile) -> Option<(Option<Article>, Vec<Diagnostic>)> {
        Fresh.parsed(file)
    }

    fn checks(&self, site: &Site) -> Vec<Option<Vec<Diagnostic>>> {
        Fresh.checks(site)
    }

    fn updates_follow(&self) -> bool {
        false
    }
}

/// The site's settings and the list of its files: the first thing a run
/// reads, and all that the build cache needs to tell whether anything changed.
pub struct Listing {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub config: SiteConfig,
    pub sources: Sources,
}

impl Listing {
    /// Reads `stegvis.toml` (with `base_url` overriding its base URL) and
    /// lists the site at `root`.
    pub fn read(root: &Path, base_url: Option<&str>) -> Result<Listing, Fatal> {
        let config = Listing::config(root, base_url)?;
        Ok(Listing::with_config(root, base_url, config))
    }

    /// The settings of the site at `root` (`stegvis.toml`, with `base_url`
    /// overriding its base URL), before anything is listed.
    pub fn config(root: &Path, base_url: Option<&str>) -> Result<SiteConfig, Fatal> {
        if !root.is_dir() {
            return Err(Fatal::NoSite(root.to_path_buf()));
        }
        load_config(root, base_url)
    }

    /// Lists the site at `root`, whose settings are `config`.
    pub fn with_config(root: &Path, base_url: Option<&str>, config: SiteConfig) -> Listing {
        let sources = discover::discover(root, &config);
        Listing::of(root, base_url, config, sources)
    }

    /// The listing of the site at `root` with settings `config`, whose files
    /// `sources` are (as the build cache knows them without listing).
    pub fn of(
        root: &Path,
        base_url: Option<&str>,
        config: SiteConfig,
        sources: Sources,
    ) -> Listing {
        Listing {
            root: root.to_path_buf(),
            base_url: base_url.map(str::to_string),
            config,
            sources,
        }
    }
}

/// What one `update` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Update {
    /// Files parsed again.
    pub parsed: usize,
    /// Whether the site was assembled and checked whole again.
    pub reassembled: bool,
    pub ui_strings: bool,
    pub theme: bool,
    /// Whether everything was loaded again (`stegvis.toml` changed).
    pub reloaded: bool,
    /// The published files that may have changed (paths inside the output
    /// folder), when the change was small enough to know; `None`: any file.
    pub pages: Option<Vec<String>>,
    pub elapsed: Duration,
}

impl Update {
    /// Whether anything at all changed.
    pub fn changed(&self) -> bool {
        self.parsed > 0 || self.reassembled || self.ui_strings || self.theme || self.reloaded
    }
}

/// Which part of a site a path is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Config,
    Content,
    UiStrings,
    Theme,
}

/// Classifies a path inside the site folder; `None` for what is not part of
/// the site (the output folder, editor swap files, anything else).
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    if discover::is_ignored(rel) {
        return None;
    }
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    match first.as_ref() {
        "stegvis.toml" => Some(Change::Config),
        "content" => Some(Change::Content),
        "locales" => Some(Change::UiStrings),
        "templates" => Some(Change::Theme),
        _ => None,
    }
}

/// A hash of a file's bytes, to tell whether it changed: the same for the
/// same bytes in every run of this build of stegvis (the build cache keeps
/// it), and fast (foldhash reads a 10 KB article in a fraction of the time
/// SipHash takes).
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::default().hash_one(bytes)
}

/// Reads and parses one article; its bytes are hashed when `hash` says so
/// (for `serve`: see `Reuse::updates_follow`), else its hash is 0.
fn parse_article(file: &SourceFile, store: &IncludeStore, hash: bool) -> FileResult<Article> {
    let mut diagnostics = Vec::new();
    match std::fs::read(&file.abs) {
        Ok(bytes) => {
            let hash = if hash { content_hash(&bytes) } else { 0 };
            let article = parse::parse_article(file, bytes, store, &mut diagnostics);
            FileResult {
                hash,
                value: Some(article),
                diagnostics,
            }
        }
        Err(e) => FileResult {
            hash: 0,
            value: None,
            diagnostics: vec![unreadable(file, &e)],
        },
    }
}

fn parse_toc(file: &SourceFile, hash: bool) -> FileResult<Toc> {
    let hash = match hash {
        true => std::fs::read(&file.abs)
            .map(|b| content_hash(&b))
            .unwrap_or(0),
        false => 0,
    };
    let (value, diagnostics) = parse::parse_toc_file(file);
    FileResult {
        hash,
        value,
        diagnostics,
    }
}

fn unreadable(file: &SourceFile, e: &std::io::Error) -> Diagnostic {
    Diagnostic::at(
        Code::ReadFailed,
        diagnostics::Span::file_start(file.file.clone()),
        format!("cannot read this file: {e}"),
    )
}

/// What the stages before rendering make of a site.
pub struct Prepared {
    pub config: crate::config::SiteConfig,
    pub sources: crate::discover::Sources,
    pub site: crate::assemble::Site,
    pub i18n: crate::i18n::I18n,
    pub theme: crate::render::Theme,
    /// What they found, not yet sorted and before `[rules]`.
    pub diagnostics: Vec<Diagnostic>,
    /// Each article file's parse result and what parsing it found, by file.
    pub parsed: BTreeMap<FilePath, (Option<crate::model::Article>, Vec<Diagnostic>)>,
    /// What checking each article found, by article id.
    pub checks: Vec<Vec<Diagnostic>>,
    /// The date the checks took as today.
    pub today: crate::model::Date,
}

impl Workspace {
    /// Reads, parses, assembles and checks the site at `root`, and loads its UI
    /// strings and theme. `base_url` overrides `stegvis.toml`'s.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Workspace, Fatal> {
        Workspace::load_with(root, base_url, &Silent)
    }

    /// `load`, telling `progress` how far it got.
    pub fn load_with(
        root: &Path,
        base_url: Option<&str>,
        progress: &dyn Progress,
    ) -> Result<Workspace, Fatal> {
        Ok(Workspace::from_listing(
            Listing::read(root, base_url)?,
            progress,
            &Fresh,
        ))
    }

    /// Parses, assembles and checks a listed site, taking from `reuse` what
    /// an earlier build found that is still right.
    pub fn from_listing(listing: Listing, progress: &dyn Progress, reuse: &dyn Reuse) -> Workspace {
        let Listing {
            root,
            base_url,
            config,
            sources,
        } = listing;
        let source_locale = config.source_locale(&sources.locales);
        let (store, store_diagnostics) =
            IncludeStore::load(&sources.root, &sources.includes, source_locale);
        progress.start(Stage::Parse, sources.articles.len() + sources.tocs.len());
        let hash = reuse.updates_follow();
        let articles = sources
            .articles
            .par_iter()
            .with_max_len(crate::PARALLEL_SHARE)
            .map(|f| {
                let parsed = match reuse.parsed(f) {
                    // The hash of its bytes is not known; `update` (serve)
                    // never sees a workspace made with a cache.
                    Some((value, diagnostics)) => FileResult {
                        hash: 0,
                        value,
                        diagnostics,
                    },
                    None => parse_article(f, &store, hash),
                };
                progress.advance(1);
                (f.file.clone(), parsed)
            })
            .collect();
        let tocs = sources
            .tocs
            .par_iter()
            .map(|f| (f.file.clone(), parse_toc(f, hash)))
            .collect();
        progress.advance(sources.tocs.len());
        progress.finish(Stage::Parse);
        let today = Date::today();
        let assembled = Assembled::new(&articles, &tocs, &sources, &config, today, progress, reuse);
        let (i18n, i18n_diagnostics) = I18n::load(
            &sources,
            &assembled.site.locales,
            &assembled.site.default_locale,
        );
        let (theme, theme_diagnostics) = Theme::load(&sources);
        let sample_diagnostics = render::render_sample(&assembled.site, &theme, &i18n);
        Workspace {
            root,
            base_url,
            today,
            config,
            sources,
            store,
            store_diagnostics,
            articles,
            tocs,
            site: assembled.site,
            assemble_diagnostics: assembled.diagnostics,
            checks: assembled.checks,
            site_checks: assembled.site_checks,
            i18n,
            i18n_diagnostics,
            theme,
            theme_diagnostics,
            sample_diagnostics,
            generation: 0,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Assembles the site from the parsed files and checks it whole.
    fn reassemble(&mut self) {
        let assembled = Assembled::new(
            &self.articles,
            &self.tocs,
            &self.sources,
            &self.config,
            self.today,
            &Silent,
            &Fresh,
        );
        self.site = assembled.site;
        self.assemble_diagnostics = assembled.diagnostics;
        self.checks = assembled.checks;
        self.site_checks = assembled.site_checks;
        self.reload_ui_strings();
    }

    /// UI strings depend on the locales the site has, so they follow the site.
    fn reload_ui_strings(&mut self) {
        let (i18n, found) =
            I18n::load(&self.sources, &self.site.locales, &self.site.default_locale);
        self.i18n = i18n;
        self.i18n_diagnostics = found;
        self.sample();
    }

    fn reload_theme(&mut self) {
        let (theme, found) = Theme::load(&self.sources);
        self.theme = theme;
        self.theme_diagnostics = found;
        self.sample();
    }

    fn sample(&mut self) {
        self.sample_diagnostics = render::render_sample(&self.site, &self.theme, &self.i18n);
    }

    /// Everything found, before `[rules]` and unsorted.
    fn raw_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.sources.diagnostics.clone();
        all.extend(self.store_diagnostics.iter().cloned());
        for r in self.articles.values() {
            all.extend(r.diagnostics.iter().cloned());
        }
        for r in self.tocs.values() {
            all.extend(r.diagnostics.iter().cloned());
        }
        all.extend(self.assemble_diagnostics.iter().cloned());
        for found in &self.checks {
            all.extend(found.iter().cloned());
        }
        all.extend(self.site_checks.iter().cloned());
        all.extend(self.i18n_diagnostics.iter().cloned());
        all.extend(self.theme_diagnostics.iter().cloned());
        all
    }

    /// Every diagnostic of the current state, `[rules]` applied, sorted: what
    /// `check` would print. Template errors come from one page of each kind.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.raw_diagnostics();
        all.extend(self.sample_diagnostics.iter().cloned());
        self.config.apply_rules(&mut all);
        diagnostics::sort_and_dedup(&mut all);
        all
    }

    /// The stages' results for `build`, `check` and `l10n`.
    pub fn into_prepared(self) -> Prepared {
        let diagnostics = self.raw_diagnostics();
        let parsed = self
            .articles
            .into_iter()
            .map(|(file, r)| (file, (r.value, r.diagnostics)))
            .collect();
        Prepared {
            config: self.config,
            sources: self.sources,
            site: self.site,
            i18n: self.i18n,
            theme: self.theme,
            diagnostics,
            parsed,
            checks: self.checks,
            today: self.today,
        }
    }

    /// Brings the workspace up to date with the files at `paths`, which changed
    /// (were written, created, deleted or renamed). Paths outside the site or
    /// not part of it are ignored. The result is what `load` would give now.
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<Update, Fatal> {
        let started = Instant::now();
        let changes: BTreeSet<(Change, PathBuf)> = paths
            .iter()
            .filter_map(|p| classify(&self.root, p).map(|c| (c, p.clone())))
            .collect();
        let mut update = Update::default();
        // A locale that appears or disappears can change the default and the
        // source locale, which everything depends on: load again.
        let locales_changed = changes
            .iter()
            .any(|(c, _)| matches!(c, Change::Content | Change::UiStrings))
            && discover::locales(&self.root) != self.sources.locales;
        if locales_changed || changes.iter().any(|(c, _)| *c == Change::Config) {
            *self = Workspace {
                generation: self.generation + 1,
                ..Workspace::load(&self.root.clone(), self.base_url.clone().as_deref())?
            };
            update.reloaded = true;
            update.elapsed = started.elapsed();
            return Ok(update);
        }
        let content: Vec<&PathBuf> = changes
            .iter()
            .filter(|(c, _)| *c == Change::Content)
            .map(|(_, p)| p)
            .collect();
        let fluent = changes.iter().any(|(c, _)| *c == Change::UiStrings);
        let theme = changes.iter().any(|(c, _)| *c == Change::Theme);
        if !content.is_empty() {
            self.update_content(&content, &mut update);
        }
        if fluent {
            self.rediscover();
            self.reload_ui_strings();
            update.ui_strings = true;
        }
        if theme {
            self.rediscover();
            self.reload_theme();
            update.theme = true;
        }
        if update.changed() {
            self.generation += 1;
        }
        if update.reassembled || update.ui_strings || update.theme {
            update.pages = None;
        }
        update.elapsed = started.elapsed();
        Ok(update)
    }

    fn rediscover(&mut self) {
        self.sources = discover::discover(&self.root, &self.config);
    }

    fn update_content(&mut self, paths: &[&PathBuf], update: &mut Update) {
        let known = |sources: &Sources, path: &Path| -> Option<Kind> {
            let find = |list: &[SourceFile]| list.iter().any(|f| f.abs == path);
            if find(&sources.articles) {
                Some(Kind::Article)
            } else if find(&sources.includes) {
                Some(Kind::Include)
            } else if find(&sources.tocs) {
                Some(Kind::Toc)
            } else if find(&sources.media) {
                Some(Kind::Media)
            } else {
                None
            }
        };
        // A path that appeared, disappeared or is a folder changes which files
        // the site has: list it again.
        let structural = paths
            .iter()
            .any(|p| !p.is_file() || known(&self.sources, p).is_none());
        let before_includes = self.sources.includes.clone();
        if structural {
            self.rediscover();
        }
        let includes_changed = structural && before_includes != self.sources.includes
            || paths
                .iter()
                .any(|p| known(&self.sources, p) == Some(Kind::Include));
        if includes_changed {
            let (store, found) = IncludeStore::load(
                &self.sources.root,
                &self.sources.includes,
                self.config.source_locale(&self.sources.locales),
            );
            self.store = store;
            self.store_diagnostics = found;
        }
        // The articles to parse again: those written, and when includes
        // changed, those that paste one in (or failed to: a new file may now
        // be found), which a structural change may affect anywhere.
        let changed_files: BTreeSet<FilePath> = paths
            .iter()
            .map(|p| discover::site_path(&self.root, p))
            .collect();
        let reparse: Vec<SourceFile> = self
            .sources
            .articles
            .iter()
            .filter(|f| {
                changed_files.contains(&f.file)
                    || !self.articles.contains_key(&f.file)
                    || includes_changed && self.articles.get(&f.file).is_none_or(uses_includes)
            })
            .cloned()
            .collect();
        let store = &self.store;
        let fresh: Vec<(FilePath, FileResult<Article>)> = reparse
            .par_iter()
            .map(|f| (f.file.clone(), parse_article(f, store, true)))
            .collect();
        let mut facts_changed = structural || includes_changed;
        let mut in_place = Vec::new();
        for (file, result) in fresh {
            let old = self.articles.get(&file);
            if old.is_some_and(|o| {
                o.hash == result.hash && o.diagnostics == result.diagnostics && !includes_changed
            }) {
                continue;
            }
            update.parsed += 1;
            let same = match (old.and_then(|o| o.value.as_ref()), result.value.as_ref()) {
                (Some(a), Some(b)) => assemble::same_facts(a, b),
                _ => false,
            };
            facts_changed |= !same;
            let article = result.value.clone();
            // The previous parse, replaced: what the pages showed before.
            let replaced = self.articles.insert(file.clone(), result);
            if let (Some(article), Some(old)) = (article, replaced.and_then(|o| o.value)) {
                in_place.push((file, article, old));
            }
        }
        let files: BTreeSet<&FilePath> = self.sources.articles.iter().map(|f| &f.file).collect();
        self.articles.retain(|f, _| files.contains(f));
        let toc_files: BTreeSet<&FilePath> = self.sources.tocs.iter().map(|f| &f.file).collect();
        self.tocs.retain(|f, _| toc_files.contains(f));
        for toc in self.sources.tocs.clone() {
            if changed_files.contains(&toc.file) || !self.tocs.contains_key(&toc.file) {
                self.tocs.insert(toc.file.clone(), parse_toc(&toc, true));
                update.parsed += 1;
                facts_changed = true;
            }
        }
        if facts_changed {
            self.reassemble();
            update.reassembled = true;
            return;
        }
        let mut pages = Vec::new();
        for (file, article, old) in in_place {
            let Some(id) = self.site.find(&article.locale, &article.path) else {
                continue;
            };
            debug_assert_eq!(self.site.article(id).file, file);
            assemble::replace_article(&mut self.site, id, article);
            pages.extend(assemble::pages_showing(&self.site, id, &old));
            // Its translations compare themselves with it.
            let mut recheck = self.site.translations(id);
            recheck.push(id);
            recheck.sort();
            recheck.dedup();
            for other in recheck {
                self.checks[other.0] = check::check_article(&self.site, other, self.today);
            }
        }
        pages.sort();
        pages.dedup();
        update.pages = Some(pages);
    }
}

/// The site assembled from parsed files, and checked.
struct Assembled {
    site: Site,
    diagnostics: Vec<Diagnostic>,
    checks: Vec<Vec<Diagnostic>>,
    site_checks: Vec<Diagnostic>,
}

impl Assembled {
    fn new(
        articles: &BTreeMap<FilePath, FileResult<Article>>,
        tocs: &BTreeMap<FilePath, FileResult<Toc>>,
        sources: &Sources,
        config: &SiteConfig,
        today: Date,
        progress: &dyn Progress,
        reuse: &dyn Reuse,
    ) -> Assembled {
        // Articles share their documents, so these copies are shallow.
        let parsed = Parsed {
            articles: articles.values().filter_map(|r| r.value.clone()).collect(),
            tocs: tocs.values().filter_map(|r| r.value.clone()).collect(),
            diagnostics: Vec::new(),
        };
        let (site, diagnostics) = assemble::assemble(parsed, sources, config);
        progress.start(Stage::Check, site.articles.len());
        let checked = reuse.checks(&site);
        let checks = site
            .ids()
            .collect::<Vec<_>>()
            .into_par_iter()
            .with_max_len(crate::PARALLEL_SHARE)
            .map(|id| {
                let found = match checked.get(id.0) {
                    Some(Some(found)) => found.clone(),
                    _ => check::check_article(&site, id, today),
                };
                progress.advance(1);
                found
            })
            .collect();
        progress.finish(Stage::Check);
        let site_checks = check::check_site(&site);
        Assembled {
            site,
            diagnostics,
            checks,
            site_checks,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Article,
    Include,
    Toc,
    Media,
}

/// Whether an article pastes in an include, or tried to.
fn uses_includes(result: &FileResult<Article>) -> bool {
    pastes_includes(result.value.as_ref(), &result.diagnostics)
}

/// Whether a parse result pastes in an include, or tried to: such an article
/// depends on other files than its own.
pub fn pastes_includes(article: Option<&Article>, diagnostics: &[Diagnostic]) -> bool {
    article.is_none_or(|a| !a.document.includes.is_empty())
        || diagnostics.iter().any(|d| {
            matches!(
                d.code,
                Code::IncludeMissing | Code::IncludeCycle | Code::IncludeTooDeep
            )
        })
}

fn load_config(root: &Path, base_url: Option<&str>) -> Result<SiteConfig, Fatal> {
    let mut config = config::load(root).map_err(Fatal::Config)?;
    if let Some(base) = base_url {
        config.base_url = config::BaseUrl::parse(base).map_err(|e| {
            Fatal::Config(vec![Diagnostic::new(
                Code::ConfigInvalid,
                None,
                format!("--base-url: {e}"),
            )])
        })?;
    }
    Ok(config)
}
