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
mod run;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod workspace;
pub mod write;

use std::time::Instant;

pub use run::{Fatal, Mode, Options, Outcome};
pub use workspace::Prepared;

/// The most articles one thread takes at a time where each takes long
/// (parse, check, render): rayon otherwise hands out shares of a quarter of
/// the list, and the last share finishes on one core while the others wait.
pub(crate) const PARALLEL_SHARE: usize = 8;

/// Reads, parses, assembles and checks a site, and loads its UI strings and
/// theme: everything `build`, `check` and `l10n status` share.
pub fn prepare(site_dir: &std::path::Path, base_url: Option<&str>) -> Result<Prepared, Fatal> {
    Ok(workspace::Workspace::load(site_dir, base_url)?.into_prepared())
}

/// Runs the pipeline.
pub fn run(options: &Options) -> Result<Outcome, Fatal> {
    run_with(options, &progress::Silent)
}

/// Runs the pipeline, telling `progress` how far it got.
pub fn run_with(options: &Options, progress: &dyn progress::Progress) -> Result<Outcome, Fatal> {
    match run_once(options, progress) {
        // The cache changed under the build, which used none of what it
        // made and forgot the cache: built again, from scratch.
        Err(Fatal::CacheDamaged(_)) => run_once(options, progress).map(|mut outcome| {
            if let Some(report) = &mut outcome.cache {
                report.damaged = true;
            }
            outcome
        }),
        other => other,
    }
}

fn run_once(options: &Options, progress: &dyn progress::Progress) -> Result<Outcome, Fatal> {
    let started = Instant::now();
    let started_at = std::time::SystemTime::now();
    // Held until the build ends: a second build of the same output stops here.
    let _lock = run::lock_output(options)?;
    let base_url = options.base_url.as_deref();
    let config = workspace::Listing::config(&options.site, base_url)?;
    // What the previous build of this output made, when it can be trusted;
    // when nothing changed since, there is nothing to do.
    let mut early = run::open_cache(options, &config);
    if let Some(summary) = early
        .as_mut()
        .and_then(|e| e.unchanged(&options.site, started_at))
    {
        return Ok(run::unchanged(options, summary, started));
    }
    // discover: the site's files (known from the cache while no folder changed).
    let recorded = early
        .as_ref()
        .and_then(|e| e.sources(&options.site, &config));
    let listing = match recorded {
        Some(sources) => workspace::Listing::of(&options.site, base_url, config, sources),
        None => workspace::Listing::with_config(&options.site, base_url, config),
    };
    let mut previous = early.map(|e| e.open(&listing, started_at));
    if let Some(summary) = previous.as_ref().and_then(|p| p.unchanged(&listing)) {
        return Ok(run::unchanged(options, summary, started));
    }
    if let Some(previous) = &mut previous {
        previous.load_parsed();
    }
    let plan = previous.as_ref().and_then(|p| p.plan(&listing));
    let reuse: &dyn workspace::Reuse = match &plan {
        Some(plan) => plan,
        None => &workspace::Once,
    };
    // parse -> assemble -> check (files whose previous results still hold are not parsed again).
    let prepared = workspace::Workspace::from_listing(listing, progress, reuse).into_prepared();
    // render -> search -> write, or the report of `check`.
    let outcome = match &options.mode {
        Mode::Build { out } => run::build(
            options,
            out,
            prepared,
            previous.as_ref(),
            plan.as_ref(),
            progress,
            started,
        ),
        Mode::Check { fix } => run::check(options, prepared, *fix, started),
    };
    drop(plan);
    // A build that published nothing may still have reported what the damage
    // hid (a build that did checked before it swapped its output in).
    if let Some(previous) = previous.as_ref().filter(|p| p.damaged())
        && outcome.as_ref().is_ok_and(|o| !o.written)
    {
        previous.invalidate();
        if let Mode::Build { out } = &options.mode {
            return Err(Fatal::CacheDamaged(cache::folder(out)));
        }
    }
    run::drop_later(previous);
    outcome
}
