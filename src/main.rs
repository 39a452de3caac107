//! The `stegvis` binary: parse the command line, run, print, and map the
//! outcome to an exit status (0 clean or warnings, 1 failed, 2 usage or setup).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use stegvis::cli::{Cli, ColorArg, Presentation, Request};
use stegvis::diagnostics::{Code, Counts, Format, SourceCache, render};
use stegvis::progress::{Progress, Silent, Stage};
use stegvis::{Fatal, Mode, Options, Outcome, run_with};

/// jemalloc: a build allocates and frees millions of small values from
/// several threads, where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.into_request() {
        Request::Explain(code) => explain(&code),
        Request::Serve {
            site,
            base_url,
            options,
            quiet,
            color,
        } => serve(&site, base_url.as_deref(), &options, quiet, color),
        Request::L10nAdd { site, tag } => l10n_add(&site, &tag),
        Request::L10nStatus {
            site,
            locale,
            format,
            fail_under,
        } => l10n_status(&site, locale.as_deref(), format, fail_under),
        Request::Run(options, presentation) => {
            match run_with(&options, &*progress_for(presentation.quiet)) {
                Ok(outcome) => report(&options, &presentation, &outcome),
                Err(fatal) => fatal_error(&options, &presentation, fatal),
            }
        }
    }
}

/// How progress is shown: not at all with `--quiet`, a bar on a terminal, a
/// line per stage elsewhere (a log, or CI, which sets `CI`).
fn progress_for(quiet: bool) -> Box<dyn Progress> {
    if quiet {
        Box::new(Silent)
    } else if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
        Box::new(BarProgress::new())
    } else {
        Box::new(LineProgress::default())
    }
}

/// A progress bar on standard error, cleared when a stage ends.
struct BarProgress {
    bar: indicatif::ProgressBar,
}

impl BarProgress {
    fn new() -> BarProgress {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(10));
        BarProgress { bar }
    }
}

impl Progress for BarProgress {
    fn start(&self, stage: Stage, total: usize) {
        let template = format!(
            "{{msg:>7}} [{{bar:32}}] {{human_pos}}/{{human_len}} {} {{elapsed}}",
            stage.unit()
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(stage.name());
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.reset_elapsed();
    }

    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    fn finish(&self, _: Stage) {
        self.bar.finish_and_clear();
    }
}

/// One line per stage, when it ends: for logs and CI.
#[derive(Default)]
struct LineProgress {
    current: std::sync::Mutex<Option<(usize, std::time::Instant)>>,
}

impl Progress for LineProgress {
    fn start(&self, _: Stage, total: usize) {
        if let Ok(mut current) = self.current.lock() {
            *current = Some((total, std::time::Instant::now()));
        }
    }

    fn advance(&self, _: usize) {}

    fn finish(&self, stage: Stage) {
        let current = self.current.lock().ok().and_then(|mut c| c.take());
        if let Some((total, started)) = current {
            print_err(&format!(
                "stegvis: {} {total} {} in {:.2} s\n",
                stage.name(),
                stage.unit(),
                started.elapsed().as_secs_f64()
            ));
        }
    }
}

fn explain(code: &str) -> ExitCode {
    match Code::lookup(code) {
        Some(code) => {
            let info = code.info();
            let text = format!(
                "{} ({}, {} by default): {}\n\n{}\n\nExample:\n\n{}\n",
                info.code,
                info.name,
                info.severity.as_str(),
                info.title,
                info.explanation,
                indent(info.example)
            );
            print_out(&text);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: `{code}` is not a stegvis diagnostic code (they look like SV0003)");
            ExitCode::from(2)
        }
    }
}

/// Prints what `serve` does: diagnostics in the files that changed, and a
/// line per rebuild.
struct ServeReporter {
    site: std::path::PathBuf,
    color: bool,
}

impl ServeReporter {
    fn print(&self, diagnostics: &[stegvis::diagnostics::Diagnostic]) {
        let mut sources = SourceCache::new(&self.site);
        print_err(&render(
            diagnostics,
            Format::Human,
            &mut sources,
            self.color,
            "",
        ));
    }
}

impl stegvis::serve::Reporter for ServeReporter {
    fn listening(&self, url: &str) {
        print_err(&format!(
            "stegvis: serving {} at {url} (Ctrl-C stops)\n",
            self.site.display()
        ));
    }

    fn rebuilt(
        &self,
        update: &stegvis::workspace::Update,
        diagnostics: &[stegvis::diagnostics::Diagnostic],
        changed: &[std::path::PathBuf],
    ) {
        let files: Vec<String> = changed
            .iter()
            .map(|p| stegvis::discover::site_path(&self.site, p).to_string())
            .collect();
        let here: Vec<stegvis::diagnostics::Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.file().is_some_and(|f| files.iter().any(|c| c == f)))
            .cloned()
            .collect();
        self.print(&here);
        let c = Counts::of(diagnostics);
        let what = if update.reloaded {
            "everything reloaded".to_string()
        } else {
            let mut parts = vec![format!(
                "{} file{} parsed",
                update.parsed,
                if update.parsed == 1 { "" } else { "s" }
            )];
            if update.reassembled {
                parts.push("site re-assembled".into());
            }
            if update.ui_strings {
                parts.push("UI strings reloaded".into());
            }
            if update.theme {
                parts.push("theme reloaded".into());
            }
            parts.join(", ")
        };
        print_err(&format!(
            "stegvis: rebuilt in {} ms ({what}): {} in the site\n",
            update.elapsed.as_millis(),
            counts_text(&c)
        ));
    }

    fn failed(&self, diagnostics: &[stegvis::diagnostics::Diagnostic]) {
        self.print(diagnostics);
        print_err("stegvis: not rebuilt; still serving the last good version\n");
    }
}

fn serve(
    site: &std::path::Path,
    base_url: Option<&str>,
    options: &stegvis::serve::ServeOptions,
    quiet: bool,
    color: ColorArg,
) -> ExitCode {
    let presentation = Presentation {
        format: Format::Human,
        color,
        quiet,
    };
    let run_options = Options {
        site: site.to_path_buf(),
        mode: Mode::Check { fix: false },
        base_url: base_url.map(str::to_string),
        strict: false,
        search: false,
        cache: false,
    };
    // jemalloc gives freed memory back to the system only while the program
    // allocates, and a server waits for the writer most of the time: a
    // background thread does it instead, so the memory of the site before an
    // edit is given back seconds after it. (A build ends before it matters.)
    let _ = tikv_jemalloc_ctl::background_thread::write(true);
    let started = std::time::Instant::now();
    let workspace =
        match stegvis::workspace::Workspace::load_with(site, base_url, &*progress_for(quiet)) {
            Ok(ws) => ws,
            Err(fatal) => return fatal_error(&run_options, &presentation, fatal),
        };
    let diagnostics = workspace.diagnostics();
    print_diagnostics(&run_options, &presentation, &diagnostics);
    let c = Counts::of(&diagnostics);
    if !quiet || c.errors + c.warnings > 0 {
        print_err(&format!(
            "stegvis: read {} articles in {:.2} s: {}\n",
            workspace
                .site
                .ids()
                .filter(|id| !workspace.site.is_stand_in(*id))
                .count(),
            started.elapsed().as_secs_f64(),
            counts_text(&c)
        ));
    }
    let reporter = std::sync::Arc::new(ServeReporter {
        site: site.to_path_buf(),
        color: use_color(&presentation),
    });
    match stegvis::serve::serve(options, workspace, reporter) {
        Ok(()) => ExitCode::SUCCESS,
        Err(fatal) => fatal_error(&run_options, &presentation, fatal),
    }
}

/// Reads the site as `check` does; a fatal problem is printed and becomes exit 2.
fn prepare(site: &std::path::Path) -> Result<stegvis::Prepared, ExitCode> {
    stegvis::prepare(site, None).map_err(|fatal| {
        let options = Options {
            site: site.to_path_buf(),
            mode: Mode::Check { fix: false },
            base_url: None,
            strict: false,
            search: false,
            cache: false,
        };
        let presentation = Presentation {
            format: Format::Human,
            color: ColorArg::Auto,
            quiet: false,
        };
        fatal_error(&options, &presentation, fatal)
    })
}

fn l10n_add(site: &std::path::Path, tag: &str) -> ExitCode {
    let prepared = match prepare(site) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match stegvis::l10n::add(site, tag, &prepared) {
        Ok(added) => {
            let mut text = format!("stegvis: added locale {}\n", added.locale);
            for (path, total, to_translate) in &added.files {
                text.push_str(&format!(
                    "  created {path}: {total} messages, {to_translate} to translate\n"
                ));
            }
            text.push_str(&format!("  created {}\n", added.content.display()));
            text.push_str(&format!(
                "Translate the messages marked [untranslated], add articles under content/{0}/, then run\n`stegvis l10n status --locale {0}` to see what is left.\n",
                added.locale
            ));
            print_out(&text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_err(&format!("error: {e}\n"));
            ExitCode::from(2)
        }
    }
}

fn l10n_status(
    site: &std::path::Path,
    locale: Option<&str>,
    format: stegvis::l10n::StatusFormat,
    fail_under: Option<f64>,
) -> ExitCode {
    let started = std::time::Instant::now();
    let prepared = match prepare(site) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let status = match stegvis::l10n::status(&prepared, locale) {
        Ok(status) => status,
        Err(e) => {
            print_err(&format!("error: {e}\n"));
            return ExitCode::from(2);
        }
    };
    print_out(&stegvis::l10n::format(&status, format));
    let n = status.locales.len();
    print_err(&format!(
        "stegvis: translation status of {n} locale{} in {:.2} s\n",
        if n == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    ));
    match fail_under {
        Some(percent) if stegvis::l10n::below(&status, percent) => {
            print_err(&format!("stegvis: a locale is below {percent}% coverage\n"));
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes to standard output; a closed pipe is not an error.
fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn print_err(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
}

fn use_color(presentation: &Presentation) -> bool {
    match presentation.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Prints diagnostics: JSON and SARIF to standard output (they are the
/// result), the other formats to standard error.
fn print_diagnostics(
    options: &Options,
    presentation: &Presentation,
    diagnostics: &[stegvis::diagnostics::Diagnostic],
) {
    let mut sources = SourceCache::new(&options.site);
    let prefix = path_prefix(&options.site);
    let text = render(
        diagnostics,
        presentation.format,
        &mut sources,
        use_color(presentation),
        &prefix,
    );
    match presentation.format {
        Format::Json | Format::Sarif => print_out(&text),
        Format::Human | Format::Github => print_err(&text),
    }
}

/// The site folder as a prefix for GitHub annotation paths (`docs/`), so they
/// are relative to the working folder.
fn path_prefix(site: &std::path::Path) -> String {
    let s = site.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./").trim_end_matches('/');
    if s.is_empty() || s == "." {
        String::new()
    } else {
        format!("{s}/")
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `2 errors, 1 warning` (and the notes, when there are any).
fn counts_text(c: &Counts) -> String {
    let mut text = format!(
        "{}, {}",
        plural(c.errors, "error"),
        plural(c.warnings, "warning")
    );
    if c.infos > 0 {
        text.push_str(&format!(", {}", plural(c.infos, "note")));
    }
    text
}

fn report(options: &Options, presentation: &Presentation, outcome: &Outcome) -> ExitCode {
    print_diagnostics(options, presentation, &outcome.diagnostics);
    let c = outcome.counts;
    let locales: Vec<&str> = outcome.locales.iter().map(|l| l.as_str()).collect();
    let counts = counts_text(&c);
    let f = outcome.fallbacks;
    if f.pages + f.files + f.includes > 0 {
        let from = outcome
            .source_locale
            .as_ref()
            .map(|l| l.to_string())
            .unwrap_or_default();
        print_err(&format!(
            "shown from {from} where a locale lacks them: {}, {}, {}\n",
            plural(f.pages, "untranslated page"),
            plural(f.files, "file"),
            plural(f.includes, "include")
        ));
    }
    for applied in &outcome.fixed {
        let what: Vec<String> = applied
            .fixes
            .iter()
            .map(|(code, n)| format!("{n} {}", code.info().name))
            .collect();
        print_err(&format!("fixed {}: {}\n", applied.file, what.join(", ")));
    }
    if let Some(search) = &outcome.search {
        let locales: Vec<&str> = search.locales.iter().map(|l| l.as_str()).collect();
        print_err(&format!(
            "stegvis: search index of {} in {} locales ({}) in {:.2} s\n",
            plural(search.pages, "page"),
            locales.len(),
            locales.join(", "),
            search.elapsed.as_secs_f64()
        ));
    }
    if let Some(cache) = &outcome.cache {
        if cache.unchanged {
            print_err(
                "stegvis: nothing changed since the last build: the output was kept (build cache)\n",
            );
        } else {
            print_err(&format!(
                "stegvis: build cache: parsed {} of {}, rendered {} of {}\n",
                cache.parsed,
                plural(cache.articles, "article file"),
                cache.rendered,
                plural(cache.pages, "article page")
            ));
        }
        if cache.damaged {
            print_err(
                "stegvis: the build cache changed while it was read; the site was built again without it\n",
            );
        }
        if let Some(why) = &cache.not_saved {
            print_err(&format!(
                "stegvis: the build cache could not be saved ({why}); the next build starts cold\n"
            ));
        }
    }
    let secs = outcome.elapsed.as_secs_f64();
    let summary = match &options.mode {
        Mode::Build { out } if outcome.written => format!(
            "stegvis: built {} pages from {} articles in {} locales ({}) into {}: {counts} in {secs:.2} s\n",
            outcome.pages,
            outcome.articles,
            locales.len(),
            locales.join(", "),
            out.display()
        ),
        Mode::Build { out } => format!(
            "stegvis: build failed ({counts}); {} was left as it was ({secs:.2} s)\n",
            out.display()
        ),
        Mode::Check { .. } => format!(
            "stegvis: checked {} articles in {} locales ({}): {counts} in {secs:.2} s\n",
            outcome.articles,
            locales.len(),
            locales.join(", ")
        ),
    };
    print_err(&summary);
    if outcome.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn fatal_error(options: &Options, presentation: &Presentation, fatal: Fatal) -> ExitCode {
    match fatal {
        Fatal::Config(diagnostics) => {
            print_diagnostics(options, presentation, &diagnostics);
            print_err("stegvis: stopped: the configuration is not valid\n");
        }
        other => print_err(&format!("error: {other}\n")),
    }
    ExitCode::from(2)
}
