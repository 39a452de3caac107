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
    // Held until the build ends: a second build of the same output stops here.
    let _lock = match &options.mode {
        Mode::Build { out } => {
            write::check_location(out, &options.site)?;
            write::check_output(out)?;
            Some(lock::OutputLock::acquire(out)?)
        }
        Mode::Check { .. } => None,
    };
    let Prepared {
        config,
        mut site,
        i18n,
        theme,
        mut diagnostics,
        ..
    } = prepare_with(&options.site, options.base_url.as_deref(), progress)?;
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
    let staging = match &options.mode {
        Mode::Build { out } if !prepared_fail => Some(write::Staging::begin(out)?),
        _ => None,
    };
    let rendered = match &options.mode {
        Mode::Build { .. } => {
            let sink: &dyn render::Sink = match &staging {
                Some(staging) => staging,
                None => &render::Discard,
            };
            Some(render::render(&site, &theme, &i18n, progress, sink, &[]))
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
    if let (Some(staging), Some(rendered)) = (staging, rendered.as_ref()) {
        if publish {
            if site.config.search && !rendered.stopped {
                let read = |path: &str| staging.read(path);
                let index = search::index(&rendered.search_pages, &read, progress)?;
                for output in index.outputs {
                    staging.put(output);
                }
                outcome.search = Some(index.stats);
            }
            progress.start(progress::Stage::Write, staging.files());
            staging.finish()?;
            progress.finish(progress::Stage::Write);
            outcome.written = true;
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
