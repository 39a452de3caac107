//! stegvis: a folder of localized help articles in, a static help site out.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! ```text
//! discover  site folder           -> Sources
//! parse     Source (per file)     -> Article        (in parallel)
//! assemble  articles + config     -> Site
//! check     &Site                 -> diagnostics    (rules across pages)
//! render    &Site + theme + i18n  -> outputs        (in parallel)
//! search    article outputs       -> index outputs  (Pagefind, per locale)
//! write     outputs               -> output folder  (atomic swap)
//! ```

pub mod assemble;
pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod fix;
pub mod html;
pub mod i18n;
pub mod l10n;
pub mod lock;
pub mod model;
pub mod parse;
pub mod paths;
pub mod progress;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod workspace;
pub mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::{Counts, Diagnostic};
use model::Locale;

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
}

/// What the stages before rendering make of a site.
pub struct Prepared {
    pub config: config::SiteConfig,
    pub sources: discover::Sources,
    pub site: assemble::Site,
    pub i18n: i18n::I18n,
    pub theme: render::Theme,
    /// What they found, not yet sorted and before `[rules]`.
    pub diagnostics: Vec<Diagnostic>,
    /// Each article file's parse result and what parsing it found, by file.
    pub parsed: std::collections::BTreeMap<
        diagnostics::FilePath,
        (Option<model::Article>, Vec<Diagnostic>),
    >,
    /// What checking each article found, by article id.
    pub checks: Vec<Vec<Diagnostic>>,
    /// The date the checks took as today.
    pub today: model::Date,
}

/// Reads, parses, assembles and checks a site, and loads its UI strings and
/// theme: everything `build`, `check` and `l10n status` share.
pub fn prepare(site_dir: &std::path::Path, base_url: Option<&str>) -> Result<Prepared, Fatal> {
    prepare_with(site_dir, base_url, &progress::Silent)
}

fn prepare_with(
    site_dir: &std::path::Path,
    base_url: Option<&str>,
    progress: &dyn progress::Progress,
) -> Result<Prepared, Fatal> {
    Ok(workspace::Workspace::load_with(site_dir, base_url, progress)?.into_prepared())
}

/// Runs the pipeline.
pub fn run(options: &Options) -> Result<Outcome, Fatal> {
    run_with(options, &progress::Silent)
}

/// Runs the pipeline, telling `progress` how far it got.
pub fn run_with(options: &Options, progress: &dyn progress::Progress) -> Result<Outcome, Fatal> {
    let started = Instant::now();
    let started_at = std::time::SystemTime::now();
    // Held until the build ends: a second build of the same output stops here.
    let _lock = match &options.mode {
        Mode::Build { out } => {
            write::check_location(out, &options.site)?;
            write::check_output(out)?;
            Some(lock::OutputLock::acquire(out)?)
        }
        Mode::Check { .. } => None,
    };
    let listing = workspace::Listing::read(&options.site, options.base_url.as_deref())?;
    // The build cache, beside the output folder: what the previous build made.
    let mut previous = match &options.mode {
        Mode::Build { out } if options.cache => {
            let mut settings = listing.config.clone();
            settings.search &= options.search;
            let key = cache::config_key(&settings);
            cache::Previous::open(out, &listing, key, started_at)
        }
        _ => None,
    };
    if let Some(summary) = previous.as_ref().and_then(|p| p.unchanged(&listing)) {
        return Ok(unchanged(options, summary, started));
    }
    if let Some(previous) = &mut previous {
        previous.load_parsed();
    }
    let plan = previous.as_ref().and_then(|p| p.plan(&listing));
    let reuse: &dyn workspace::Reuse = match &plan {
        Some(plan) => plan,
        None => &workspace::Fresh,
    };
    let Prepared {
        config,
        mut site,
        i18n,
        theme,
        mut diagnostics,
        parsed,
        checks,
        ..
    } = workspace::Workspace::from_listing(listing, progress, reuse).into_prepared();
    // `--no-search` overrides the site's setting, as `--base-url` does.
    site.config.search &= options.search;
    let mut outcome = Outcome {
        diagnostics: Vec::new(),
        counts: Counts::default(),
        locales: site.locales.clone(),
        source_locale: Some(site.source_locale.clone()),
        articles: site.ids().filter(|id| !site.is_stand_in(*id)).count(),
        pages: 0,
        written: false,
        failed: false,
        fixed: Vec::new(),
        fallbacks: render::Fallbacks::default(),
        search: None,
        cache: None,
        elapsed: Duration::ZERO,
    };
    // A build streams its files into a staging folder as they are rendered;
    // a build whose diagnostics already fail it under `--strict` renders
    // only for what rendering reports, and writes nothing.
    let prepared_fail = options.strict && {
        let mut found = diagnostics.clone();
        config.apply_rules(&mut found);
        Counts::of(&found).fails(true)
    };
    // The output folder before the current one is filled instead of an
    // empty one: most of its files are the current output's already.
    let recycle = previous.as_ref().and_then(|p| p.recycle());
    let keep_previous = previous.as_ref().and_then(|p| p.keep_previous());
    let staging = match &options.mode {
        Mode::Build { out } if !prepared_fail => {
            Some(write::Staging::begin_with(out, recycle, keep_previous)?)
        }
        _ => None,
    };
    // Article pages that show nothing that changed are kept as they are.
    let kept = match (&plan, &staging) {
        (Some(plan), Some(staging)) => staging
            .previous()
            .map(|out| plan.kept(&site, out))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let rendered = match &options.mode {
        Mode::Build { .. } => {
            let keep_media;
            let sink: &dyn render::Sink = match (&staging, &previous, &plan) {
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
            Some(render::render(&site, &theme, &i18n, progress, sink, &kept))
        }
        Mode::Check { .. } => None,
    };
    match &rendered {
        Some(rendered) => {
            diagnostics.extend(rendered.diagnostics.iter().cloned());
            outcome.pages = rendered.pages;
            outcome.fallbacks = rendered.fallbacks;
        }
        // `check` renders nothing but one page of each kind, to catch template errors.
        None => diagnostics.extend(render::render_sample(&site, &theme, &i18n)),
    }
    config.apply_rules(&mut diagnostics);
    diagnostics::sort_and_dedup(&mut diagnostics);
    let counts = Counts::of(&diagnostics);
    let render_failed = rendered.as_ref().is_some_and(|r| r.failures > 0);
    outcome.failed = counts.fails(options.strict) || render_failed;
    // Content errors do not stop a build (writers see the page); `--strict`
    // and pages that could not be rendered do, and then nothing is replaced.
    let publish = !(render_failed || options.strict && counts.fails(true));
    if let (Some(staging), Some(rendered), Mode::Build { out }) =
        (staging, rendered.as_ref(), &options.mode)
    {
        if publish {
            if site.config.search && !rendered.stopped {
                let stats = index(&staging, &previous, plan.as_ref(), rendered, progress)?;
                outcome.search = Some(stats);
            }
            progress.start(progress::Stage::Write, staging.files());
            // The cache describes the output folder it was saved with: it is
            // forgotten before another one is swapped in.
            match &previous {
                Some(previous) => previous.invalidate(),
                None => cache::remove(out),
            }
            let written = staging.finish()?;
            progress.finish(progress::Stage::Write);
            outcome.written = true;
            if let Some(previous) = &previous {
                let report = cache::Report {
                    unchanged: false,
                    parsed: parsed
                        .keys()
                        .filter(|f| !plan.as_ref().is_some_and(|p| p.reuses(f)))
                        .count(),
                    articles: parsed.len(),
                    rendered: site.ids().count() - kept.iter().flatten().count(),
                    pages: site.ids().count(),
                    not_saved: None,
                };
                let summary = cache::summary(&diagnostics, &outcome);
                let saved = previous.save(
                    plan.as_ref(),
                    cache::Build {
                        site: &site,
                        parsed: &parsed,
                        checks: &checks,
                        rendered,
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
        } else {
            staging.abandon();
        }
    }
    outcome.counts = counts;
    outcome.diagnostics = diagnostics;
    if let Mode::Check { fix: true } = options.mode {
        let fixed = fix::apply(&options.site, &outcome.diagnostics)?;
        // What is left after the fixes is what the site has now.
        let mut after = run(&Options {
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

/// The outcome of a build in which nothing changed since the previous one:
/// its output folder is kept, and what it reported is reported again.
fn unchanged(options: &Options, summary: cache::Summary, started: Instant) -> Outcome {
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
    previous: &Option<cache::Previous>,
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
                .or_else(|| previous.as_ref().and_then(|p| p.output_stamp(path)))
        };
        let files = match (plan, staging.previous()) {
            (Some(plan), Some(out)) => plan.kept_bundle(locale, pages, stamp, out),
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
