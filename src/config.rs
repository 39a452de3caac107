//! `stegvis.toml` -> `SiteConfig`, with defaults. The file is optional: a site
//! needs none. A file that cannot be read is a configuration error (exit 2).

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, FilePath, LineIndex, Severity};
use crate::model::Locale;

pub const CONFIG_FILE: &str = "stegvis.toml";

/// Where the site is published: an optional origin (`https://example.org`) and
/// a path that starts and ends with `/` (`/help/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    origin: Option<String>,
    path: String,
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl {
            origin: None,
            path: "/".to_string(),
        }
    }
}

impl BaseUrl {
    /// Accepts `/`, `/help`, `https://example.org` or `https://example.org/help/`.
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let (origin, path) = if let Some(rest) = raw
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| raw.strip_prefix("http://").map(|r| ("http://", r)))
        {
            let (scheme, rest) = rest;
            let (host, path) = rest
                .split_once('/')
                .map(|(h, p)| (h, format!("/{p}")))
                .unwrap_or((rest, "/".to_string()));
            if host.is_empty() || host.contains(|c: char| c.is_whitespace() || "?#@".contains(c)) {
                return Err(format!("`{raw}` has no valid host"));
            }
            (Some(format!("{scheme}{host}")), path)
        } else if raw.starts_with('/') {
            (None, raw.to_string())
        } else {
            return Err(format!(
                "`{raw}` is neither a path starting with `/` nor an http(s) URL"
            ));
        };
        if path.contains(|c: char| c.is_whitespace() || "?#".contains(c)) || path.contains("//") {
            return Err(format!("`{raw}` has an invalid path"));
        }
        let path = if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        };
        Ok(BaseUrl { origin, path })
    }

    /// The path part, always ending in `/`: `/help/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn has_host(&self) -> bool {
        self.origin.is_some()
    }

    /// A path-absolute URL for a site-relative path (`nl-NL/x/` -> `/help/nl-NL/x/`).
    pub fn url(&self, site_path: &str) -> String {
        let site_path = site_path.trim_start_matches('/');
        let mut url = String::with_capacity(self.path.len() + site_path.len());
        url.push_str(&self.path);
        crate::paths::push_encoded_path(&mut url, site_path);
        url
    }

    /// A path-absolute URL made absolute when an origin is configured.
    pub fn with_origin(&self, url: &str) -> String {
        match &self.origin {
            Some(origin) if url.starts_with('/') => format!("{origin}{url}"),
            _ => url.to_string(),
        }
    }

    /// An absolute URL when an origin is configured, else the path-absolute URL.
    pub fn absolute(&self, site_path: &str) -> String {
        match &self.origin {
            Some(origin) => format!("{origin}{}", self.url(site_path)),
            None => self.url(site_path),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<Spanned<String>>,
    default_locale: Option<Spanned<String>>,
    include_dirs: Option<Spanned<Vec<String>>>,
    monikers: Option<Vec<String>>,
    source_locale: Option<Spanned<String>>,
    fallback: Option<Spanned<String>>,
    search: Option<bool>,
    trusted_html: Option<bool>,
    rules: Option<std::collections::BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// The site's settings, every one with a default.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    /// The site's name; a locale's `site-title` Fluent message overrides it.
    pub title: Option<String>,
    pub base_url: BaseUrl,
    pub default_locale: Option<Locale>,
    /// Folder names whose Markdown files are include snippets, not articles.
    pub include_dirs: Vec<String>,
    /// The moniker names `::: moniker range` may use; `None` when not declared.
    pub monikers: Option<Vec<String>>,
    /// The locale translations are made from; `None` means the default locale.
    pub source_locale: Option<Locale>,
    /// What a locale shows for an article it has no translation of.
    pub fallback: Fallback,
    /// Whether `build` makes a search index and puts a search box on every
    /// page (`search = false`, or `build --no-search`, turns it off).
    pub search: bool,
    /// Whether raw HTML in the site's Markdown is published as written
    /// (`trusted_html = true`) instead of through the sanitizer.
    pub trusted_html: bool,
    /// Severities set per code in `[rules]`.
    pub rules: BTreeMap<Code, Level>,
}

/// What a locale shows for an article it has no translation of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fallback {
    /// The source article, in the locale's tree, marked as not yet translated.
    #[default]
    Source,
    /// Nothing: the page does not exist in that locale.
    None,
}

/// What `[rules]` sets a code to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    Severity(Severity),
}

impl SiteConfig {
    /// The default locale: `default_locale`, else the first locale folder.
    pub fn default_locale(&self, locales: &[Locale]) -> Option<Locale> {
        self.default_locale
            .clone()
            .or_else(|| locales.first().cloned())
    }

    /// The locale translations are made from: `source_locale`, else the default locale.
    pub fn source_locale(&self, locales: &[Locale]) -> Option<Locale> {
        self.source_locale
            .clone()
            .or_else(|| self.default_locale(locales))
    }

    /// Applies `[rules]`: changes severities and drops what is turned off.
    /// With `trusted_html`, raw HTML is published as written, so nothing of it
    /// is dropped and SV0075 has nothing to say.
    pub fn apply_rules(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.trusted_html {
            diagnostics.retain(|d| d.code != Code::HtmlUnsafe);
        }
        if self.rules.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.rules.get(&d.code) {
            Some(Level::Off) => false,
            Some(Level::Severity(s)) => {
                d.severity = *s;
                true
            }
            None => true,
        });
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: None,
            base_url: BaseUrl::default(),
            default_locale: None,
            include_dirs: vec!["includes".to_string()],
            monikers: None,
            source_locale: None,
            fallback: Fallback::Source,
            search: true,
            trusted_html: false,
            rules: BTreeMap::new(),
        }
    }
}

/// Loads `stegvis.toml` from the site folder; defaults when there is none.
/// Every problem is a `config-invalid` diagnostic, and any of them means the
/// configuration must not be used.
pub fn load(site: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = site.join(CONFIG_FILE);
    let outside = match (path.canonicalize(), site.canonicalize()) {
        (Ok(target), Ok(root)) => !target.starts_with(root),
        _ => false,
    };
    if outside {
        return Err(vec![Diagnostic::new(
            Code::ConfigInvalid,
            None,
            format!(
                "{CONFIG_FILE} is a symbolic link that points outside the site folder, so it is not read"
            ),
        )]);
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
        Err(e) => {
            return Err(vec![Diagnostic::new(
                Code::ConfigInvalid,
                None,
                format!("cannot read {CONFIG_FILE}: {e}"),
            )]);
        }
    };
    parse(&text)
}

/// Parses the text of a `stegvis.toml`.
pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let file: FilePath = CONFIG_FILE.into();
    let index = LineIndex::new(text);
    let span_of = |range: Option<std::ops::Range<usize>>| {
        range
            .map(|r| index.span(&file, text, r))
            .or_else(|| Some(crate::diagnostics::Span::file_start(file.clone())))
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        vec![Diagnostic::new(
            Code::ConfigInvalid,
            span_of(e.span()),
            e.message().trim().to_string(),
        )]
    })?;
    let mut problems = Vec::new();
    let mut config = SiteConfig {
        title: raw.title,
        search: raw.search.unwrap_or(true),
        trusted_html: raw.trusted_html.unwrap_or(false),
        ..SiteConfig::default()
    };
    if let Some(base) = raw.base_url {
        match BaseUrl::parse(base.get_ref()) {
            Ok(url) => config.base_url = url,
            Err(e) => problems.push(
                Diagnostic::new(Code::ConfigInvalid, span_of(Some(base.span())), format!("base_url: {e}"))
                    .with_help("write a path such as \"/help/\" or a URL such as \"https://example.org/help/\""),
            ),
        }
    }
    if let Some(tag) = raw.default_locale {
        match Locale::parse(tag.get_ref()) {
            Some(locale) => config.default_locale = Some(locale),
            None => problems.push(Diagnostic::new(
                Code::ConfigInvalid,
                span_of(Some(tag.span())),
                format!(
                    "default_locale: `{}` is not a BCP 47 locale tag such as \"nl-NL\"",
                    tag.get_ref()
                ),
            )),
        }
    }
    if let Some(dirs) = raw.include_dirs {
        if let Some(bad) = dirs
            .get_ref()
            .iter()
            .find(|d| d.is_empty() || d.contains(['/', '\\']) || *d == ".." || *d == ".")
        {
            problems.push(Diagnostic::new(
                Code::ConfigInvalid,
                span_of(Some(dirs.span())),
                format!("include_dirs: `{bad}` must be a plain folder name"),
            ));
        }
        config.include_dirs = dirs.into_inner();
    }
    config.monikers = raw.monikers;
    if let Some(tag) = raw.source_locale {
        match Locale::parse(tag.get_ref()) {
            Some(locale) => config.source_locale = Some(locale),
            None => problems.push(Diagnostic::new(
                Code::ConfigInvalid,
                span_of(Some(tag.span())),
                format!(
                    "source_locale: `{}` is not a BCP 47 locale tag such as \"nl-NL\"",
                    tag.get_ref()
                ),
            )),
        }
    }
    if let Some(value) = raw.fallback {
        match value.get_ref().as_str() {
            "source" => config.fallback = Fallback::Source,
            "none" => config.fallback = Fallback::None,
            other => problems.push(Diagnostic::new(
                Code::ConfigInvalid,
                span_of(Some(value.span())),
                format!("fallback: `{other}` is neither \"source\" nor \"none\""),
            )),
        }
    }
    for (key, value) in raw.rules.unwrap_or_default() {
        let Some(code) = Code::lookup(key.get_ref()) else {
            problems.push(
                Diagnostic::new(Code::ConfigInvalid, span_of(Some(key.span())), format!("[rules]: `{}` is not a diagnostic code or name", key.get_ref()))
                    .with_help("use a code such as SV0012 or a name such as topic-unknown (`stegvis explain` lists them)"),
            );
            continue;
        };
        let level = match value.get_ref().to_ascii_lowercase().as_str() {
            "off" | "allow" => Level::Off,
            "info" | "hint" | "note" => Level::Severity(Severity::Info),
            "warning" | "warn" => Level::Severity(Severity::Warning),
            "error" | "deny" => Level::Severity(Severity::Error),
            other => {
                problems.push(Diagnostic::new(
                    Code::ConfigInvalid,
                    span_of(Some(value.span())),
                    format!("[rules]: `{other}` is not a level; use \"off\", \"info\", \"warning\" or \"error\""),
                ));
                continue;
            }
        };
        config.rules.insert(code, level);
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), SiteConfig::default());
    }

    #[test]
    fn base_url_forms() {
        let u = BaseUrl::parse("https://example.org/help").unwrap();
        assert_eq!(u.path(), "/help/");
        assert_eq!(u.url("nl-NL/x/"), "/help/nl-NL/x/");
        assert_eq!(u.absolute("nl-NL/x/"), "https://example.org/help/nl-NL/x/");
        let u = BaseUrl::parse("/").unwrap();
        assert_eq!(u.url("/sitemap.xml"), "/sitemap.xml");
        assert!(!u.has_host());
        assert!(BaseUrl::parse("help").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn values_are_read() {
        let c =
            parse("title = \"Help\"\nbase_url = \"/docs/\"\ndefault_locale = \"sv-SE\"\n").unwrap();
        assert_eq!(c.title.as_deref(), Some("Help"));
        assert_eq!(c.base_url.path(), "/docs/");
        assert_eq!(c.default_locale.unwrap().as_str(), "sv-SE");
    }

    #[test]
    fn source_locale_and_fallback() {
        let c = parse("source_locale = \"sv-SE\"\nfallback = \"none\"\n").unwrap();
        assert_eq!(c.source_locale.unwrap().as_str(), "sv-SE");
        assert_eq!(c.fallback, Fallback::None);
        assert_eq!(SiteConfig::default().fallback, Fallback::Source);
        let errs = parse("fallback = \"english\"\n").unwrap_err();
        assert!(errs[0].message.contains("english"));
    }

    #[test]
    fn rules_change_severities_by_code_or_name() {
        let c = parse("monikers = [\"gov\"]\n[rules]\nSV0012 = \"error\"\nlink-broken = \"off\"\n")
            .unwrap();
        assert_eq!(c.monikers.as_deref(), Some(&["gov".to_string()][..]));
        assert_eq!(
            c.rules[&Code::TopicUnknown],
            Level::Severity(Severity::Error)
        );
        assert_eq!(c.rules[&Code::LinkBroken], Level::Off);
        let mut diags = vec![
            Diagnostic::new(Code::TopicUnknown, None, "x"),
            Diagnostic::new(Code::LinkBroken, None, "y"),
        ];
        c.apply_rules(&mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].severity, Severity::Error);
        let errs = parse("[rules]\nSV9999 = \"off\"\nSV0012 = \"loud\"\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        let unknown = errs.iter().find(|e| e.message.contains("SV9999")).unwrap();
        assert_eq!(unknown.span.as_ref().unwrap().start.line, 2);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_config_errors_with_positions() {
        let errs = parse("title = \"Help\"\nbase_ur = \"/\"\n").unwrap_err();
        assert_eq!(errs[0].code, Code::ConfigInvalid);
        assert_eq!(errs[0].span.as_ref().unwrap().start.line, 2);
        let errs = parse("default_locale = \"images\"\n").unwrap_err();
        assert!(errs[0].message.contains("images"));
        assert_eq!(errs[0].span.as_ref().unwrap().start.line, 1);
    }
}
