//! The command line: clap types, turned once into validated options. Library
//! code never sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::Format;
use crate::{Mode, Options};

#[derive(Parser, Debug)]
#[command(
    name = "stegvis",
    version,
    about = "Build a localized help site with generated step lists from DocFX-flavoured Markdown."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Check the site and report problems, without writing anything.
    Check(CheckArgs),
    /// Serve the site for preview, rebuilding and reloading pages as files change.
    Serve(ServeArgs),
    /// Translators' commands: add a locale, see what is missing or stale.
    #[command(subcommand)]
    L10n(L10nCommand),
    /// Explain a diagnostic code, such as SV0003.
    Explain {
        /// The code (`SV0003`) or its name (`front-matter-yaml`).
        code: String,
    },
}

#[derive(Args, Debug)]
pub struct CommonArgs {
    /// The site folder (with content/, locales/, templates/).
    #[arg(long, default_value = ".")]
    pub site: PathBuf,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// How to print diagnostics: human (rustc style), json, github (workflow annotations) or sarif.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Print only diagnostics and the summary, no progress.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Apply the safe fixes (mojibake, step numbers, byte-order marks) to the site's files.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The output folder (default: <site>/public).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Publish under this URL or path, such as https://example.org/help/ (overrides stegvis.toml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Build no search index, and leave the search box off the pages.
    #[arg(long)]
    pub no_search: bool,
    /// Use no build cache: parse, check and render everything, and remove the
    /// cache beside the output folder.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The site folder (with content/, locales/, templates/).
    #[arg(long, default_value = ".")]
    pub site: PathBuf,
    /// The address to listen on; only this machine can connect unless you choose another.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Serve under this path, such as /help/ (overrides stegvis.toml's base_url).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print only diagnostics and summaries, no progress.
    #[arg(long)]
    pub quiet: bool,
    /// Colour in diagnostics.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Subcommand, Debug)]
pub enum L10nCommand {
    /// Create locales/<TAG>/ with every UI message to translate, and content/<TAG>/.
    Add {
        /// A BCP 47 locale tag, such as de-DE, fi-FI or ar-SA.
        tag: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Show, per locale, the articles and UI strings translated, missing, stale or machine translated.
    Status {
        /// The site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Only this locale.
        #[arg(long)]
        locale: Option<String>,
        /// table (for people), json (for tools) or markdown (for a pull request).
        #[arg(long, value_enum, default_value_t = StatusFormatArg::Table)]
        format: StatusFormatArg,
        /// Exit with 1 when a locale's article or UI-string coverage is below this percentage.
        #[arg(long, value_name = "PERCENT", value_parser = percent)]
        fail_under: Option<f64>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusFormatArg {
    Table,
    Json,
    Markdown,
}

fn percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 100"))
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Github,
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// How the binary prints, beside what it runs.
pub struct Presentation {
    pub format: Format,
    pub color: ColorArg,
    pub quiet: bool,
}

impl CommonArgs {
    fn presentation(&self) -> Presentation {
        Presentation {
            format: match self.format {
                FormatArg::Human => Format::Human,
                FormatArg::Json => Format::Json,
                FormatArg::Github => Format::Github,
                FormatArg::Sarif => Format::Sarif,
            },
            color: self.color,
            quiet: self.quiet,
        }
    }
}

/// A validated request: run the pipeline, explain a code, or a translators' command.
pub enum Request {
    Run(Options, Presentation),
    Explain(String),
    Serve {
        site: PathBuf,
        base_url: Option<String>,
        options: crate::serve::ServeOptions,
        quiet: bool,
        color: ColorArg,
    },
    L10nAdd {
        site: PathBuf,
        tag: String,
    },
    L10nStatus {
        site: PathBuf,
        locale: Option<String>,
        format: crate::l10n::StatusFormat,
        fail_under: Option<f64>,
    },
}

impl Cli {
    pub fn into_request(self) -> Request {
        match self.command {
            Command::Build(args) => {
                let out = args.out.unwrap_or_else(|| args.common.site.join("public"));
                let options = Options {
                    site: args.common.site.clone(),
                    mode: Mode::Build { out },
                    base_url: args.base_url,
                    strict: args.common.strict,
                    search: !args.no_search,
                    cache: !args.no_cache,
                };
                Request::Run(options, args.common.presentation())
            }
            Command::Check(args) => {
                let options = Options {
                    site: args.common.site.clone(),
                    mode: Mode::Check { fix: args.fix },
                    base_url: None,
                    strict: args.common.strict,
                    // As the site says: `check` renders its search page too.
                    search: true,
                    cache: false,
                };
                Request::Run(options, args.common.presentation())
            }
            Command::Explain { code } => Request::Explain(code),
            Command::Serve(args) => Request::Serve {
                site: args.site,
                base_url: args.base_url,
                options: crate::serve::ServeOptions {
                    bind: args.bind,
                    port: args.port,
                    open: args.open,
                },
                quiet: args.quiet,
                color: args.color,
            },
            Command::L10n(L10nCommand::Add { tag, site }) => Request::L10nAdd { site, tag },
            Command::L10n(L10nCommand::Status {
                site,
                locale,
                format,
                fail_under,
            }) => Request::L10nStatus {
                site,
                locale,
                format: match format {
                    StatusFormatArg::Table => crate::l10n::StatusFormat::Table,
                    StatusFormatArg::Json => crate::l10n::StatusFormat::Json,
                    StatusFormatArg::Markdown => crate::l10n::StatusFormat::Markdown,
                },
                fail_under,
            },
        }
    }
}
