//! What a run of `build` or `check` is asked to do and what it gives back,
//! and the steps after the site is read: rendering into the staging folder,
//! the search index, publishing, and the build cache's record of it all.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::SiteConfig;
use crate::diagnostics::{Counts, Diagnostic};
use crate::model::Locale;
use crate::workspace::Prepared;
use crate::{cache, fix, lock, progress, render, search, write};

/// What to run.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Build and write the site to `out`.
    Build { out: PathBuf },
    /// Check the site and write nothing; with `fix`, apply the safe fixes to
    /// the site's files and check again.
    Check { fix: bool },
}

/// Validated options for one run.
#[derive(Clone, Debug)]
pub struct Options {
    pub site: PathBuf,
    pub mode: Mode,
    /// Overrides `base_url` of `stegvis.toml`.
    pub base_url: Option<String>,
    /// Warnings fail the run.
    pub strict: bool,
    /// Build the search index (`--no-search` turns it off, as does
    /// `search = false` in `stegvis.toml`).
    pub search: bool,
    /// Use the build cache beside the output folder (`--no-cache` turns it off).
    pub cache: bool,
}

/// The result of a run that got as far as reading the site.
#[derive(Debug)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub counts: Counts,
    pub locales: Vec<Locale>,
    /// The locale translations are made from, and fallbacks come from.
    pub source_locale: Option<Locale>,
    pub articles: usize,
    /// HTML pages rendered (0 for `check`).
    pub pages: usize,
    /// Whether the output folder was replaced.
    pub written: bool,
    /// Whether the run failed: errors, warnings under `--strict`, or pages that
    /// could not be rendered.
    pub failed: bool,
    /// Files changed by `check --fix`.
    pub fixed: Vec<fix::Applied>,
    /// What the build showed from the source locale because a locale lacked it.
    pub fallbacks: render::Fallbacks,
    /// What the search index holds and how long it took; `None` without one.
    pub search: Option<search::Stats>,
    /// What the build took from the build cache; `None` without one.
    pub cache: Option<cache::Report>,
    pub elapsed: Duration,
}

/// Problems with the environment or the configuration: the run stops (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum Fatal {
    #[error("{0} is not a folder")]
    NoSite(PathBuf),
    #[error("stegvis.toml is not valid")]
    Config(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] write::WriteError),
    #[error(transparent)]
    Fix(#[from] fix::FixError),
    #[error("{0}")]
    Serve(String),
    #[error(transparent)]
    Lock(#[from] lock::LockError),
    #[error("{0}; `build --no-search` publishes the site without search")]
    Search(#[from] search::SearchError),
    /// What a build read from the build cache changed while it was read
    /// (another program wrote into the cache folder); `run_with` builds
    /// again without it, so this is only seen when that happens twice.
    #[error("the build cache in {0} changed while it was read; build again")]
    CacheDamaged(PathBuf),
}

/// Takes the output folder's lock for a build (a second build of the same
/// output stops here with a clear message), after refusing output folders
/// that must never be replaced.
pub(crate) fn lock_output(options: &Options) -> Result<Option<lock::OutputLock>, Fatal> {
    match &options.mode {
        Mode::Build { out } => {
            write::check_location(out, &options.site)?;
            write::check_output(out)?;
            Ok(Some(lock::OutputLock::acquire(out)?))
        }
        Mode::Check { .. } => Ok(None),
    }
}

/// The build cache beside the output folder: what the previous build made,
/// read before the site is listed (for a build with settings `config`).
pub(crate) fn open_cache(options: &Options, config: &SiteConfig) -> Option<cache::Early> {
    match &options.mode {
        Mode::Build { out } if options.cache => {
            let mut settings = config.clone();
            settings.search &= options.search;
            let key = cache::config_key(&settings);
            cache::Early::read(out, key)
        }
        _ => None,
    }
}

/// `check`: the site's diagnostics, with one page of each kind rendered to
/// catch template errors; with `--fix`, the safe fixes applied and the site
/// checked again.
pub(crate) fn check(
    options: &Options,
    prepared: Prepared,
    fix: bool,
    started: Instant,
) -> Result<Outcome, Fatal> {
    let Prepared {
        config,
        sources,
        site,
        i18n,
        theme,
        mut diagnostics,
        parsed,
        checks,
        ..
    } = prepared;
    diagnostics.extend(render::render_sample(&site, &theme, &i18n));
    config.apply_rules(&mut diagnostics);
    crate::diagnostics::sort_and_dedup(&mut diagnostics);
    let counts = Counts::of(&diagnostics);
    let mut outcome = Outcome::of(&site, diagnostics, counts, options.strict);
    drop_later((sources, site, i18n, theme, config, parsed, checks));
    if fix {
        let fixed = fix::apply(&options.site, &outcome.diagnostics)?;
        // What is left after the fixes is what the site has now.
        let mut after = crate::run(&Options {
            mode: Mode::Check { fix: false },
            ..options.clone()
        })?;
        after.fixed = fixed;
        after.elapsed = started.elapsed();
        return Ok(after);
    }
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

/// `build`: renders every page into a staging folder as it goes (or, when
/// the diagnostics already fail the build under `--strict`, only for what
/// rendering reports), indexes the pages for search, swaps the staging
/// folder in, and records the build in the cache.
pub(crate) fn build(
    options: &Options,
    out: &Path,
    prepared: Prepared,
    previous: Option<&cache::Previous>,
    plan: Option<&cache::Plan>,
    progress: &dyn progress::Progress,
    started: Instant,
) -> Result<Outcome, Fatal> {
    let Prepared {
        config,
        sources,
        mut site,
        i18n,
        theme,
        mut diagnostics,
        parsed,
        checks,
        ..
    } = prepared;
    // `--no-search` overrides the site's setting, as `--base-url` does.
    site.config.search &= options.search;
    let prepared_fail = options.strict && {
        let mut found = diagnostics.clone();
        config.apply_rules(&mut found);
        Counts::of(&found).fails(true)
    };
    // The output folder before the current one is filled instead of an
    // empty one: most of its files are the current output's already.
    let staging = match prepared_fail {
        false => Some(write::Staging::begin_with(
            out,
            previous.and_then(|p| p.recycle()),
            previous.and_then(|p| p.keep_previous()),
        )?),
        true => None,
    };
    // Pages that show nothing that changed are kept as they are.
    let kept = match (plan, &staging) {
        (Some(plan), Some(staging)) => staging
            .previous()
            .map(|_| plan.kept(&site))
            .unwrap_or_default(),
        _ => render::Kept::default(),
    };
    let keep_media;
    let sink: &dyn render::Sink = match (&staging, previous, plan) {
        (Some(staging), Some(previous), Some(plan)) => {
            keep_media = cache::KeepMedia {
                inner: staging,
                previous,
                plan,
            };
            &keep_media
        }
        (Some(staging), _, _) => staging,
        (None, _, _) => &render::Discard,
    };
    let rendered = render::render(&site, &theme, &i18n, progress, sink, &kept);
    diagnostics.extend(rendered.diagnostics.iter().cloned());
    config.apply_rules(&mut diagnostics);
    crate::diagnostics::sort_and_dedup(&mut diagnostics);
    let counts = Counts::of(&diagnostics);
    let mut outcome = Outcome::of(&site, diagnostics, counts, options.strict);
    outcome.pages = rendered.pages;
    outcome.fallbacks = rendered.fallbacks;
    let render_failed = rendered.failures > 0;
    outcome.failed |= render_failed;
    // Content errors do not stop a build (writers see the page); `--strict`
    // and pages that could not be rendered do, and then nothing is replaced.
    let publish = !(render_failed || options.strict && counts.fails(true));
    let Some(staging) = staging else {
        outcome.elapsed = started.elapsed();
        return Ok(outcome);
    };
    if !publish {
        staging.abandon();
        outcome.elapsed = started.elapsed();
        return Ok(outcome);
    }
    if site.config.search && !rendered.stopped {
        outcome.search = Some(index(&staging, previous, plan, &rendered, progress)?);
    }
    // A byte run of the cache that could not be read is empty in what was
    // made: nothing of it is used, and the cache is forgotten.
    if let Some(previous) = previous.filter(|p| p.damaged()) {
        staging.abandon();
        previous.invalidate();
        return Err(Fatal::CacheDamaged(cache::folder(out)));
    }
    progress.start(progress::Stage::Write, staging.files());
    // The cache describes the output folder it was saved with: it is
    // forgotten before another one is swapped in.
    match previous {
        Some(previous) => previous.invalidate(),
        None => cache::remove(out),
    }
    let written = staging.finish()?;
    progress.finish(progress::Stage::Write);
    outcome.written = true;
    if let Some(previous) = previous {
        let report = cache::Report {
            unchanged: false,
            parsed: parsed
                .keys()
                .filter(|f| !plan.is_some_and(|p| p.reuses(f)))
                .count(),
            articles: parsed.len(),
            rendered: site.ids().count() - kept.articles.iter().flatten().count(),
            pages: site.ids().count(),
            not_saved: None,
            damaged: false,
        };
        let summary = cache::summary(&outcome);
        let saved = previous.save(
            plan,
            cache::Build {
                site: &site,
                parsed: &parsed,
                checks: &checks,
                rendered: &rendered,
                written,
                summary,
                missing_strings: !i18n.missing().is_empty(),
            },
        );
        outcome.cache = Some(cache::Report {
            not_saved: saved.err(),
            ..report
        });
    }
    drop_later((sources, site, parsed, checks, rendered, i18n, theme, config));
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

/// Drops what a run is done with on a thread of its own: freeing the
/// millions of values of a large site takes a tenth of a second, which
/// nobody needs to wait for (`stegvis build` exits before it is done; a
/// program that goes on frees it beside its work).
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    // When no thread can be started, the value comes back in the error and
    // is dropped here.
    let _ = std::thread::Builder::new()
        .name("stegvis-drop".into())
        .spawn(move || drop(value));
}

impl Outcome {
    /// The outcome of a run over `site` that found `diagnostics`, before
    /// anything is rendered or written.
    fn of(
        site: &crate::assemble::Site,
        diagnostics: Vec<Diagnostic>,
        counts: Counts,
        strict: bool,
    ) -> Outcome {
        Outcome {
            failed: counts.fails(strict),
            counts,
            diagnostics,
            locales: site.locales.clone(),
            source_locale: Some(site.source_locale.clone()),
            articles: site.ids().filter(|id| !site.is_stand_in(*id)).count(),
            pages: 0,
            written: false,
            fixed: Vec::new(),
            fallbacks: render::Fallbacks::default(),
            search: None,
            cache: None,
            elapsed: Duration::ZERO,
        }
    }
}

/// The outcome of a build in which nothing changed since the previous one:
/// its output folder is kept, and what it reported is reported again.
pub(crate) fn unchanged(options: &Options, summary: cache::Summary, started: Instant) -> Outcome {
    let counts = Counts::of(&summary.diagnostics);
    let failed = counts.fails(options.strict);
    Outcome {
        counts,
        locales: summary
            .locales
            .iter()
            .filter_map(|t| Locale::parse(t))
            .collect(),
        source_locale: summary.source_locale.as_deref().and_then(Locale::parse),
        articles: summary.articles,
        pages: summary.pages,
        // What a full build would publish (it published last time, so no
        // page failed); the output folder stays as it is either way.
        written: !(options.strict && counts.fails(true)),
        failed,
        fixed: Vec::new(),
        fallbacks: render::Fallbacks {
            pages: summary.fallbacks.0,
            files: summary.fallbacks.1,
            includes: summary.fallbacks.2,
        },
        search: None,
        cache: Some(cache::Report {
            unchanged: true,
            articles: summary.articles,
            pages: summary.pages,
            ..cache::Report::default()
        }),
        diagnostics: summary.diagnostics,
        elapsed: started.elapsed(),
    }
}

/// Indexes the article pages for search, each locale whose pages are all as
/// the previous build indexed them keeping its bundle.
fn index(
    staging: &write::Staging,
    previous: Option<&cache::Previous>,
    plan: Option<&cache::Plan>,
    rendered: &render::Rendered,
    progress: &dyn progress::Progress,
) -> Result<search::Stats, Fatal> {
    let started = Instant::now();
    let mut by_locale: std::collections::BTreeMap<&Locale, Vec<&render::SearchPage>> =
        std::collections::BTreeMap::new();
    for page in &rendered.search_pages {
        by_locale.entry(&page.locale).or_default().push(page);
    }
    let mut kept: Vec<Vec<String>> = Vec::new();
    let mut to_index = Vec::new();
    for (locale, pages) in &by_locale {
        let stamp = |path: &str| {
            staging
                .stamp(path)
                .or_else(|| previous.and_then(|p| p.output_stamp(path)))
        };
        let files = match (plan, staging.previous()) {
            (Some(plan), Some(_)) => plan.kept_bundle(locale, pages, stamp),
            _ => None,
        };
        match files {
            Some(files) => kept.push(files),
            None => to_index.extend(pages.iter().map(|p| (*p).clone())),
        }
    }
    for path in kept.into_iter().flatten() {
        staging.put(render::Output::Kept { path });
    }
    let read = |path: &str| staging.read(path);
    let index = search::index(&to_index, &read, progress)?;
    for output in index.outputs {
        staging.put(output);
    }
    let stats = search::Stats {
        pages: rendered.search_pages.len(),
        locales: by_locale.keys().map(|l| (*l).clone()).collect(),
        elapsed: started.elapsed(),
    };
    Ok(stats)
}
